/* image: JPEG decoding scaled in the DCT domain, and area-average resizing; see image.h. */
#include "image/image.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <jerror.h>

#define ROWS_AT_ONCE 16

/* libjpeg's error_exit must not return: jump back with the message kept.  Corrupt-data
 * warnings jump back too, so that a damaged photo is an error, not a gray smear. */
struct dec_err {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
};

static void on_error_exit(j_common_ptr cinfo)
{
	struct dec_err *e = (struct dec_err *)cinfo->err;

	/* libjpeg's own text quotes the file's first two bytes: never echo a file's content
	 * (a photo path may name any file) */
	if (e->pub.msg_code == JERR_NO_SOI)
		snprintf(e->msg, sizeof(e->msg), "not a JPEG file");
	else
		e->pub.format_message(cinfo, e->msg);
	longjmp(e->jump, 1);
}

static int warning_is_fatal(int code)
{
	switch (code) {
	case JWRN_ARITH_BAD_CODE:
	case JWRN_BOGUS_PROGRESSION:
	case JWRN_HIT_MARKER:
	case JWRN_HUFF_BAD_CODE:
	case JWRN_JPEG_EOF:
	case JWRN_MUST_RESYNC:
	case JWRN_NOT_SEQUENTIAL:
		return 1;
	default:
		return 0;
	}
}

static void on_emit_message(j_common_ptr cinfo, int level)
{
	struct dec_err *e = (struct dec_err *)cinfo->err;

	if (level < 0 && warning_is_fatal(e->pub.msg_code)) {
		e->pub.format_message(cinfo, e->msg);
		longjmp(e->jump, 1);
	}
}

static void on_progress(j_common_ptr cinfo)
{
	struct dec_err *e = (struct dec_err *)cinfo->err;

	if (cinfo->is_decompressor &&
	    ((j_decompress_ptr)cinfo)->input_scan_number > IMAGE_MAX_SCANS) {
		snprintf(e->msg, sizeof(e->msg), "more than %d progressive scans",
			 IMAGE_MAX_SCANS);
		longjmp(e->jump, 1);
	}
}

void image_alloc(struct image *img, int w, int h)
{
	size_t need = (size_t)w * (size_t)h * 3;

	if (need > img->cap) {
		free(img->rgb);
		img->rgb = xmalloc(need);
		img->cap = need;
	}
	img->w = w;
	img->h = h;
}

void image_free(struct image *img)
{
	free(img->rgb);
	memset(img, 0, sizeof(*img));
}

/* The smallest N in 1..8 with both sides of the N/8 output at least min_side, as libjpeg
 * rounds them (up); 8 when even the full size is smaller. */
static int pick_scale(unsigned w, unsigned h, int min_side)
{
	for (int n = 1; n < 8; n++) {
		unsigned long ow = ((unsigned long)w * n + 7) / 8;
		unsigned long oh = ((unsigned long)h * n + 7) / 8;

		if (min_side > 0 && ow >= (unsigned long)min_side && oh >= (unsigned long)min_side)
			return n;
	}
	return 8;
}

/* Adobe CMYK is stored inverted (0 = full ink): R = C*K/255 on the stored values. */
static void cmyk_to_rgb(const uint8_t *in, uint8_t *out, int w, int inverted)
{
	for (int x = 0; x < w; x++, in += 4, out += 3) {
		unsigned c = in[0], m = in[1], y = in[2], k = in[3];

		if (!inverted) {
			c = 255 - c;
			m = 255 - m;
			y = 255 - y;
			k = 255 - k;
		}
		out[0] = (uint8_t)((c * k + 127) / 255);
		out[1] = (uint8_t)((m * k + 127) / 255);
		out[2] = (uint8_t)((y * k + 127) / 255);
	}
}

int image_decode_jpeg(const char *name, const void *data, size_t len, int min_side,
		      struct image *img, struct image_info *info)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_progress_mgr prog;
	struct dec_err err;
	JSAMPARRAY cmyk = NULL;
	int cmyk_in;

	img->w = img->h = 0;
	if (info)
		memset(info, 0, sizeof(*info));
	if (len > IMAGE_MAX_FILE)
		return pc_error_at(name, 0, "cannot decode jpeg: file larger than %llu bytes",
				   (unsigned long long)IMAGE_MAX_FILE);
	memset(&cinfo, 0, sizeof(cinfo));
	jpeg_std_error(&err.pub);
	err.pub.error_exit = on_error_exit;
	err.pub.emit_message = on_emit_message;
	err.msg[0] = '\0';
	cinfo.err = &err.pub;
	if (setjmp(err.jump)) {
		jpeg_destroy_decompress(&cinfo);
		img->w = img->h = 0;
		return pc_error_at(name, 0, "cannot decode jpeg: %s", err.msg);
	}
	jpeg_create_decompress(&cinfo);
	memset(&prog, 0, sizeof(prog));
	prog.progress_monitor = on_progress;
	cinfo.progress = &prog;
	jpeg_mem_src(&cinfo, data, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);

	if (cinfo.image_width > IMAGE_MAX_SIDE || cinfo.image_height > IMAGE_MAX_SIDE ||
	    (uint64_t)cinfo.image_width * cinfo.image_height > IMAGE_MAX_PIXELS) {
		snprintf(err.msg, sizeof(err.msg), "image of %ux%u is larger than allowed",
			 cinfo.image_width, cinfo.image_height);
		longjmp(err.jump, 1);
	}
	switch (cinfo.jpeg_color_space) {
	case JCS_GRAYSCALE:
	case JCS_YCbCr:
	case JCS_RGB:
		cinfo.out_color_space = JCS_RGB;
		cmyk_in = 0;
		break;
	case JCS_CMYK:
	case JCS_YCCK:
		cinfo.out_color_space = JCS_CMYK;
		cmyk_in = 1;
		break;
	default:
		snprintf(err.msg, sizeof(err.msg), "unsupported colour space with %d components",
			 cinfo.num_components);
		longjmp(err.jump, 1);
	}
	cinfo.scale_num = (unsigned)pick_scale(cinfo.image_width, cinfo.image_height, min_side);
	cinfo.scale_denom = 8;
	cinfo.dct_method = JDCT_ISLOW;
	jpeg_start_decompress(&cinfo);

	image_alloc(img, (int)cinfo.output_width, (int)cinfo.output_height);
	if (cmyk_in)
		cmyk = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
						  cinfo.output_width * 4, 1);
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW rows[ROWS_AT_ONCE];
		size_t stride = (size_t)img->w * 3;
		unsigned y = cinfo.output_scanline, n;

		if (cmyk) {
			jpeg_read_scanlines(&cinfo, cmyk, 1);
			cmyk_to_rgb(cmyk[0], img->rgb + y * stride, img->w,
				    cinfo.saw_Adobe_marker);
			continue;
		}
		n = cinfo.output_height - y;
		if (n > ROWS_AT_ONCE)
			n = ROWS_AT_ONCE;
		for (unsigned i = 0; i < n; i++)
			rows[i] = img->rgb + (y + i) * stride;
		jpeg_read_scanlines(&cinfo, rows, n);
	}
	if (info) {
		info->width = (int)cinfo.image_width;
		info->height = (int)cinfo.image_height;
		info->components = cinfo.num_components;
		info->scale_num = (int)cinfo.scale_num;
		info->file_size = len;
	}
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	return 0;
}

int image_load_jpeg(const char *path, int min_side, struct image *img,
		    struct image_info *info)
{
	struct stat st;
	unsigned char *buf;
	size_t got = 0;
	ssize_t r;
	int fd, ret;

	img->w = img->h = 0;
	if (info)
		memset(info, 0, sizeof(*info));
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below, as is
	 * every file that is not a regular one */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return pc_error_at(path, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0) {
		close(fd);
		return pc_error_at(path, 0, "cannot stat: %s", strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return pc_error_at(path, 0, "not a regular file");
	}
	if ((uint64_t)st.st_size > IMAGE_MAX_FILE) {
		close(fd);
		return pc_error_at(path, 0, "cannot decode jpeg: file larger than %llu bytes",
				   (unsigned long long)IMAGE_MAX_FILE);
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = pc_error_at(path, 0, "cannot read: %s", strerror(errno));
			close(fd);
			free(buf);
			return ret;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	ret = image_decode_jpeg(path, buf, got, min_side, img, info);
	free(buf);
	return ret;
}

/* Area-average weights along one axis: output i covers source [i*S/D, (i+1)*S/D). */
struct axis {
	int *first, *count;
	float *w;       /* count[i] weights from w[off[i]] */
	int *off;
};

static void axis_init(struct axis *a, int src, int dst)
{
	int total = 0;

	a->first = xmalloc(sizeof(int) * (size_t)dst);
	a->count = xmalloc(sizeof(int) * (size_t)dst);
	a->off = xmalloc(sizeof(int) * (size_t)dst);
	a->w = xmalloc(sizeof(float) * ((size_t)src + (size_t)dst));
	for (int i = 0; i < dst; i++) {
		double lo = (double)i * src / dst, hi = (double)(i + 1) * src / dst;
		int j0 = (int)lo, j1 = (int)hi;
		double sum = 0;

		if (j1 >= src || (double)j1 == hi)
			j1--;
		if (j1 < j0)
			j1 = j0;
		a->first[i] = j0;
		a->count[i] = j1 - j0 + 1;
		a->off[i] = total;
		for (int j = j0; j <= j1; j++) {
			double l = j > lo ? j : lo, h = j + 1 < hi ? j + 1 : hi;

			sum += h - l;
		}
		for (int j = j0; j <= j1; j++) {
			double l = j > lo ? j : lo, h = j + 1 < hi ? j + 1 : hi;

			a->w[total++] = (float)((h - l) / sum);
		}
	}
}

static void axis_free(struct axis *a)
{
	free(a->first);
	free(a->count);
	free(a->off);
	free(a->w);
}

void image_resize(const struct image *src, int w, int h, struct image *dst)
{
	struct axis ax, ay;
	float *tmp, *acc;
	size_t trow = (size_t)w * 3;

	image_alloc(dst, w, h);
	if (src->w == w && src->h == h) {
		memcpy(dst->rgb, src->rgb, (size_t)w * h * 3);
		return;
	}
	axis_init(&ax, src->w, w);
	axis_init(&ay, src->h, h);
	tmp = xmalloc(sizeof(float) * trow * (size_t)src->h);
	acc = xmalloc(sizeof(float) * trow);
	for (int y = 0; y < src->h; y++) {
		const uint8_t *s = src->rgb + (size_t)y * src->w * 3;
		float *t = tmp + (size_t)y * trow;

		for (int x = 0; x < w; x++) {
			const float *wt = ax.w + ax.off[x];
			const uint8_t *p = s + (size_t)ax.first[x] * 3;
			float r = 0, g = 0, b = 0;

			for (int j = 0; j < ax.count[x]; j++, p += 3) {
				r += wt[j] * p[0];
				g += wt[j] * p[1];
				b += wt[j] * p[2];
			}
			t[x * 3] = r;
			t[x * 3 + 1] = g;
			t[x * 3 + 2] = b;
		}
	}
	for (int y = 0; y < h; y++) {
		const float *wt = ay.w + ay.off[y];
		uint8_t *d = dst->rgb + (size_t)y * trow;

		memset(acc, 0, sizeof(float) * trow);
		for (int j = 0; j < ay.count[y]; j++) {
			const float *t = tmp + (size_t)(ay.first[y] + j) * trow;

			for (size_t i = 0; i < trow; i++)
				acc[i] += wt[j] * t[i];
		}
		for (size_t i = 0; i < trow; i++) {
			float v = acc[i] + 0.5f;

			d[i] = v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)v;
		}
	}
	free(acc);
	free(tmp);
	axis_free(&ax);
	axis_free(&ay);
}
