/* jpegio: JPEG encoding with libjpeg-turbo; see jpegio.h. */
#include "image/jpegio.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

/* libjpeg reports errors through a callback that must not return: jump back to the
 * caller with the message kept, so that one bad image is an error, not an exit. */
struct jpegio_err {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
};

static void on_error_exit(j_common_ptr cinfo)
{
	struct jpegio_err *e = (struct jpegio_err *)cinfo->err;

	e->pub.format_message(cinfo, e->msg);
	longjmp(e->jump, 1);
}

static void on_message(j_common_ptr cinfo)
{
	(void)cinfo; /* warnings are not errors: corrupt-data warnings matter to decoders */
}

static void err_init(struct jpegio_err *e)
{
	jpeg_std_error(&e->pub);
	e->pub.error_exit = on_error_exit;
	e->pub.output_message = on_message;
	e->msg[0] = '\0';
}

/* ---- encoding into a jpegio_buf ---- */

struct buf_dest {
	struct jpeg_destination_mgr pub;
	struct jpegio_buf *b;
};

static void dest_init(j_compress_ptr cinfo)
{
	struct buf_dest *d = (struct buf_dest *)cinfo->dest;

	d->b->len = 0;
	if (d->b->cap < 65536)
		xgrow(&d->b->data, &d->b->cap, 65536, 1);
	d->pub.next_output_byte = d->b->data;
	d->pub.free_in_buffer = d->b->cap;
}

static boolean dest_empty(j_compress_ptr cinfo)
{
	struct buf_dest *d = (struct buf_dest *)cinfo->dest;
	size_t used = d->b->cap;

	/* libjpeg calls this only when the whole buffer is full */
	xgrow(&d->b->data, &d->b->cap, used * 2, 1);
	d->pub.next_output_byte = d->b->data + used;
	d->pub.free_in_buffer = d->b->cap - used;
	return TRUE;
}

static void dest_term(j_compress_ptr cinfo)
{
	struct buf_dest *d = (struct buf_dest *)cinfo->dest;

	d->b->len = d->b->cap - d->pub.free_in_buffer;
}

void jpegio_buf_free(struct jpegio_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

int jpegio_encode_rgb(struct jpegio_buf *out, const uint8_t *rgb, int w, int h, int quality,
		      const char *name)
{
	struct jpeg_compress_struct cinfo;
	struct jpegio_err err;
	struct buf_dest dest;
	JSAMPROW row;

	if (w <= 0 || h <= 0 || w > JPEG_MAX_DIMENSION || h > JPEG_MAX_DIMENSION)
		return pc_error("%s: bad image size %dx%d", name, w, h);
	memset(&cinfo, 0, sizeof(cinfo));
	err_init(&err);
	cinfo.err = &err.pub;
	if (setjmp(err.jump)) {
		jpeg_destroy_compress(&cinfo);
		out->len = 0;
		return pc_error("%s: cannot encode jpeg: %s", name, err.msg);
	}
	jpeg_create_compress(&cinfo);
	memset(&dest, 0, sizeof(dest));
	dest.pub.init_destination = dest_init;
	dest.pub.empty_output_buffer = dest_empty;
	dest.pub.term_destination = dest_term;
	dest.b = out;
	cinfo.dest = &dest.pub;

	cinfo.image_width = (JDIMENSION)w;
	cinfo.image_height = (JDIMENSION)h;
	cinfo.input_components = 3;
	cinfo.in_color_space = JCS_RGB;
	jpeg_set_defaults(&cinfo);
	jpeg_set_quality(&cinfo, quality, TRUE);
	/* 4:2:0, as jpeg_set_defaults chooses for YCbCr; say so rather than rely on it */
	cinfo.comp_info[0].h_samp_factor = 2;
	cinfo.comp_info[0].v_samp_factor = 2;
	cinfo.comp_info[1].h_samp_factor = cinfo.comp_info[1].v_samp_factor = 1;
	cinfo.comp_info[2].h_samp_factor = cinfo.comp_info[2].v_samp_factor = 1;
	cinfo.dct_method = JDCT_ISLOW;
	jpeg_start_compress(&cinfo, TRUE);
	while (cinfo.next_scanline < cinfo.image_height) {
		row = (JSAMPROW)(rgb + (size_t)cinfo.next_scanline * (size_t)w * 3);
		jpeg_write_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_compress(&cinfo);
	jpeg_destroy_compress(&cinfo);
	return 0;
}

int jpegio_write_rgb(const char *path, const uint8_t *rgb, int w, int h, int quality,
		     struct jpegio_buf *scratch)
{
	struct jpegio_buf own = { 0 };
	struct jpegio_buf *b = scratch ? scratch : &own;
	FILE *fp;
	int ret = -1;

	if (jpegio_encode_rgb(b, rgb, w, h, quality, path) < 0)
		goto out;
	fp = fopen(path, "wb");
	if (!fp) {
		pc_error_errno("cannot create %s", path);
		goto out;
	}
	if (fwrite(b->data, 1, b->len, fp) != b->len) {
		pc_error_errno("cannot write %s", path);
		fclose(fp);
		goto out;
	}
	if (fclose(fp) != 0) {
		pc_error_errno("cannot write %s", path);
		goto out;
	}
	ret = 0;
out:
	if (!scratch)
		jpegio_buf_free(&own);
	return ret;
}
