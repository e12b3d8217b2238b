/* Unit tests for the image modules: image (decode, resize), colorfeat, patchfeat. */
#include "image/colorfeat.h"
#include "image/hogfeat.h"
#include "image/image.h"
#include "image/jpegio.h"
#include "base/msg.h"
#include "formats/npy.h"
#include "base/parallel.h"
#include "image/patchfeat.h"
#include "formats/pcm.h"
#include "base/rng.h"
#include "base/xalloc.h"

#include "../testutil.h"

#include <math.h>
#include <stdint.h>
#include <sys/stat.h>

#include <jpeglib.h>

static char lastmsg[4096];

/* A w x h image filled by fn(x, y, rgb). */
typedef void (*paint_fn)(int x, int y, uint8_t *px, const void *arg);

static struct image make_image(int w, int h, paint_fn fn, const void *arg)
{
	struct image img = { 0 };

	image_alloc(&img, w, h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			fn(x, y, img.rgb + ((size_t)y * w + x) * 3, arg);
	return img;
}

static void paint_flat(int x, int y, uint8_t *px, const void *arg)
{
	const uint8_t *c = arg;

	(void)x;
	(void)y;
	memcpy(px, c, 3);
}

static void paint_checker(int x, int y, uint8_t *px, const void *arg)
{
	(void)arg;
	memset(px, (x + y) % 2 ? 255 : 0, 3);
}

/* A photo-like test picture: smooth shading, a coloured disc, some texture. */
static void paint_photo(int x, int y, uint8_t *px, const void *arg)
{
	const int *size = arg;
	double u = (double)x / *size, v = (double)y / *size;
	double r = hypot(u - 0.5, v - 0.45);
	unsigned h = (unsigned)(x * 2654435761u ^ y * 40503u);

	if (r < 0.3) {
		px[0] = (uint8_t)(180 + 60 * u);
		px[1] = (uint8_t)(40 + 80 * v);
		px[2] = (uint8_t)(30 + (h >> 28));
	} else {
		px[0] = px[1] = px[2] = (uint8_t)(235 + 15 * v);
	}
}

static unsigned char *encode(const struct image *img, int quality, size_t *len)
{
	struct jpegio_buf b = { 0 };

	ck_assert_int_eq(jpegio_encode_rgb(&b, img->rgb, img->w, img->h, quality, "test"), 0);
	*len = b.len;
	return b.data;
}

/* A JPEG in another colour space, written with libjpeg directly (jpegio writes RGB). */
static unsigned char *encode_scans(const uint8_t *px, int w, int h, int comps,
				   J_COLOR_SPACE cs, const jpeg_scan_info *scans, int nscans,
				   unsigned long *len)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	unsigned char *out = NULL;

	*len = 0;
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &out, len);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = comps;
	c.in_color_space = cs;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 95, TRUE);
	if (nscans < 0) {
		jpeg_simple_progression(&c);
	} else if (nscans > 0) {
		c.scan_info = scans;
		c.num_scans = nscans;
	}
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = (JSAMPROW)(px + (size_t)c.next_scanline * w * comps);

		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	return out;
}

static unsigned char *encode_raw(const uint8_t *px, int w, int h, int comps, J_COLOR_SPACE cs,
				 unsigned long *len)
{
	return encode_scans(px, w, h, comps, cs, NULL, 0, len);
}

/* ---- decoding ---- */

struct scale_case {
	int w, h, min_side, ow, oh, num;
};

START_TEST(test_decode_scales)
{
	static const struct scale_case cases[] = {
		{ 500, 500, 32, 63, 63, 1 },	/* ceil(500/8) */
		{ 500, 500, 64, 125, 125, 2 },
		{ 500, 500, 100, 125, 125, 2 },
		{ 500, 500, 126, 188, 188, 3 },	/* ceil(1500/8) */
		{ 500, 500, 0, 500, 500, 8 },
		{ 500, 500, 600, 500, 500, 8 },	/* never enlarged */
		{ 100, 60, 32, 63, 38, 5 },	/* the short side decides */
		{ 20, 20, 32, 20, 20, 8 },
		{ 257, 31, 8, 65, 8, 2 },
	};
	static const uint8_t orange[3] = { 230, 120, 20 };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct scale_case *t = &cases[i];
		struct image src = make_image(t->w, t->h, paint_flat, orange), img = { 0 };
		struct image_info info;
		size_t len;
		unsigned char *jpg = encode(&src, 90, &len);

		ck_assert_int_eq(image_decode_jpeg("t.jpg", jpg, len, t->min_side, &img, &info), 0);
		ck_assert_int_eq(img.w, t->ow);
		ck_assert_int_eq(img.h, t->oh);
		ck_assert_int_eq(info.width, t->w);
		ck_assert_int_eq(info.height, t->h);
		ck_assert_int_eq(info.components, 3);
		ck_assert_int_eq(info.scale_num, t->num);
		ck_assert_uint_eq(info.file_size, len);
		/* a flat colour survives decoding at any scale */
		for (int c = 0; c < 3; c++)
			ck_assert_int_le(abs(img.rgb[((size_t)(img.h / 2) * img.w + img.w / 2) * 3 + c] -
					     orange[c]), 4);
		image_free(&img);
		image_free(&src);
		free(jpg);
	}
}
END_TEST

START_TEST(test_decode_file_and_missing)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "p.jpg");
	char *missing = tu_path(dir, "none.jpg");
	int size = 500;
	struct image src = make_image(size, size, paint_photo, &size), img = { 0 };
	struct image_info info;
	struct stat st;

	ck_assert_int_eq(jpegio_write_rgb(path, src.rgb, size, size, 90, NULL), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(image_load_jpeg(path, 32, &img, &info), 0);
	ck_assert_int_eq(img.w, 63);
	ck_assert_int_eq(img.h, 63);
	ck_assert_uint_eq(info.file_size, (uint64_t)st.st_size);
	/* the disc is red, the background near white */
	ck_assert_int_gt(img.rgb[(31 * 63 + 31) * 3], 150);
	ck_assert_int_lt(img.rgb[(31 * 63 + 31) * 3 + 2], 100);
	ck_assert_int_gt(img.rgb[(2 * 63 + 2) * 3 + 2], 220);

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(image_load_jpeg(missing, 32, &img, &info), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, missing));
	ck_assert_ptr_nonnull(strstr(lastmsg, "cannot open"));
	ck_assert_int_eq(img.w, 0);
	ck_assert_int_eq(image_load_jpeg(dir, 32, &img, &info), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "not a regular file"));
	pc_msg_capture(NULL, 0);
	image_free(&img);
	image_free(&src);
	free(path);
	free(missing);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_decode_grayscale_and_cmyk)
{
	uint8_t gray[40 * 24], cmyk[16 * 16 * 4];
	struct image img = { 0 };
	struct image_info info;
	unsigned long len;
	unsigned char *jpg;

	for (int i = 0; i < 40 * 24; i++)
		gray[i] = (uint8_t)(i % 40 < 20 ? 60 : 200);
	jpg = encode_raw(gray, 40, 24, 1, JCS_GRAYSCALE, &len);
	ck_assert_int_eq(image_decode_jpeg("g.jpg", jpg, len, 8, &img, &info), 0);
	ck_assert_int_eq(info.components, 1);
	ck_assert_int_eq(img.w, 15);	/* 3/8: 2/8 would make the height 6 */
	ck_assert_int_eq(img.h, 9);
	free(jpg);
	/* R = G = B everywhere, dark on the left, light on the right */
	for (int i = 0; i < img.w * img.h; i++) {
		ck_assert_int_eq(img.rgb[i * 3], img.rgb[i * 3 + 1]);
		ck_assert_int_eq(img.rgb[i * 3], img.rgb[i * 3 + 2]);
	}
	ck_assert_int_lt(img.rgb[(img.h / 2 * img.w + 1) * 3], 90);
	ck_assert_int_gt(img.rgb[(img.h / 2 * img.w + img.w - 2) * 3], 170);

	/* Adobe CMYK stores ink inverted: (255, 0, 0, 255) is no cyan, full magenta and
	 * yellow, no black: red */
	for (int i = 0; i < 16 * 16; i++) {
		cmyk[i * 4] = 255;
		cmyk[i * 4 + 1] = 0;
		cmyk[i * 4 + 2] = 0;
		cmyk[i * 4 + 3] = 255;
	}
	jpg = encode_raw(cmyk, 16, 16, 4, JCS_CMYK, &len);
	ck_assert_int_eq(image_decode_jpeg("c.jpg", jpg, len, 0, &img, &info), 0);
	ck_assert_int_eq(info.components, 4);
	ck_assert_int_eq(img.w, 16);
	ck_assert_int_gt(img.rgb[(8 * 16 + 8) * 3], 240);
	ck_assert_int_lt(img.rgb[(8 * 16 + 8) * 3 + 1], 15);
	ck_assert_int_lt(img.rgb[(8 * 16 + 8) * 3 + 2], 15);
	free(jpg);
	image_free(&img);
}
END_TEST

START_TEST(test_decode_bad_input)
{
	int size = 64;
	struct image src = make_image(size, size, paint_photo, &size), img = { 0 };
	struct image_info info;
	size_t len;
	unsigned char *jpg = encode(&src, 90, &len);
	unsigned char junk[4096];
	struct rng r;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	/* truncated: at several points inside the entropy-coded data and in the headers */
	for (size_t cut = 0; cut < len; cut += len / 7 + 1) {
		ck_assert_int_eq(image_decode_jpeg("cut.jpg", jpg, cut, 8, &img, &info), -1);
		ck_assert_ptr_nonnull(strstr(lastmsg, "cut.jpg: cannot decode jpeg"));
		ck_assert_int_eq(img.w, 0);
	}
	ck_assert_int_eq(image_decode_jpeg("cut.jpg", jpg, len - 20, 8, &img, &info), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "Premature end"));
	/* random bytes, and random bytes after a valid SOI marker */
	rng_seed(&r, 7);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)rng_u64(&r);
	ck_assert_int_eq(image_decode_jpeg("junk.jpg", junk, sizeof(junk), 8, &img, &info), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "junk.jpg: cannot decode jpeg"));
	junk[0] = 0xff;
	junk[1] = 0xd8;
	ck_assert_int_eq(image_decode_jpeg("junk.jpg", junk, sizeof(junk), 8, &img, &info), -1);
	ck_assert_int_eq(image_decode_jpeg("empty.jpg", junk, 0, 8, &img, &info), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "empty.jpg"));
	ck_assert_int_eq(image_decode_jpeg("png.jpg", "\x89PNG\r\n\x1a\n", 8, 8, &img, &info), -1);
	pc_msg_capture(NULL, 0);
	image_free(&img);
	image_free(&src);
	free(jpg);
}
END_TEST

/* Every single-byte corruption decodes or fails cleanly (ASan catches the rest). */
START_TEST(test_decode_corruptions_never_crash)
{
	int size = 48;
	struct image src = make_image(size, size, paint_photo, &size), img = { 0 };
	size_t len;
	unsigned char *jpg = encode(&src, 80, &len);
	unsigned char *bad = xmalloc(len);
	int ok = 0, failed = 0;
	struct rng r;

	rng_seed(&r, 11);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	for (size_t pos = 0; pos < len; pos++) {
		memcpy(bad, jpg, len);
		bad[pos] ^= (unsigned char)(1 + rng_below(&r, 255));
		if (image_decode_jpeg("m.jpg", bad, len, 16, &img, NULL) == 0) {
			ck_assert_int_gt(img.w, 0);
			ok++;
		} else {
			ck_assert_int_eq(img.w, 0);
			failed++;
		}
	}
	pc_msg_capture(NULL, 0);
	ck_assert_int_eq(ok + failed, (int)len);
	ck_assert_int_gt(failed, 0);
	free(bad);
	free(jpg);
	image_free(&img);
	image_free(&src);
}
END_TEST

/* Patch the frame header (SOF0) of a small JPEG to claim another size. */
static void set_sof_size(unsigned char *jpg, size_t len, unsigned w, unsigned h)
{
	for (size_t i = 2; i + 9 < len; i++)
		if (jpg[i] == 0xff && jpg[i + 1] == 0xc0) {
			jpg[i + 5] = (unsigned char)(h >> 8);
			jpg[i + 6] = (unsigned char)h;
			jpg[i + 7] = (unsigned char)(w >> 8);
			jpg[i + 8] = (unsigned char)w;
			return;
		}
	ck_abort_msg("no SOF0 marker");
}

START_TEST(test_decode_huge_refused)
{
	static const uint8_t grey[3] = { 128, 128, 128 };
	struct image src = make_image(16, 16, paint_flat, grey), img = { 0 };
	size_t len;
	unsigned char *jpg = encode(&src, 90, &len);

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	set_sof_size(jpg, len, 60000, 60000);
	ck_assert_int_eq(image_decode_jpeg("big.jpg", jpg, len, 32, &img, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "big.jpg: cannot decode jpeg: image of 60000x60000"));
	/* each side allowed, the area not */
	set_sof_size(jpg, len, 10000, 10000);
	ck_assert_int_eq(image_decode_jpeg("big.jpg", jpg, len, 32, &img, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "larger than allowed"));
	set_sof_size(jpg, len, 20000, 10);
	ck_assert_int_eq(image_decode_jpeg("wide.jpg", jpg, len, 32, &img, NULL), -1);
	pc_msg_capture(NULL, 0);
	free(jpg);
	image_free(&src);
	image_free(&img);
}
END_TEST

/* Progressive files decode; one with more scans than IMAGE_MAX_SCANS (every coefficient
 * of every component in its own scan, each refined once: 384 scans) is refused. */
START_TEST(test_decode_progressive_scan_limit)
{
	int size = 32, n = 0;
	struct image src = make_image(size, size, paint_photo, &size), img = { 0 };
	jpeg_scan_info *scans = xcalloc(3 * 128, sizeof(*scans));
	unsigned long len;
	unsigned char *jpg;

	jpg = encode_scans(src.rgb, size, size, 3, JCS_RGB, NULL, -1, &len);
	ck_assert_int_eq(image_decode_jpeg("p.jpg", jpg, len, 8, &img, NULL), 0);
	ck_assert_int_eq(img.w, 8);
	free(jpg);
	for (int c = 0; c < 3; c++)
		for (int pass = 0; pass < 2; pass++)
			for (int k = 0; k < 64; k++) {
				jpeg_scan_info *sc = &scans[n++];

				sc->comps_in_scan = 1;
				sc->component_index[0] = c;
				sc->Ss = sc->Se = k;
				sc->Ah = pass;
				sc->Al = 1 - pass;
			}
	ck_assert_int_gt(n, IMAGE_MAX_SCANS);
	jpg = encode_scans(src.rgb, size, size, 3, JCS_RGB, scans, n, &len);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(image_decode_jpeg("many.jpg", jpg, len, 8, &img, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "many.jpg: cannot decode jpeg: more than"));
	pc_msg_capture(NULL, 0);
	free(jpg);
	free(scans);
	image_free(&img);
	image_free(&src);
}
END_TEST

/* ---- resizing ---- */

START_TEST(test_resize)
{
	static const uint8_t teal[3] = { 17, 140, 201 };
	static const int sizes[][4] = {
		{ 63, 63, 32, 32 }, { 17, 23, 32, 32 }, { 100, 50, 32, 32 }, { 5, 500, 7, 3 },
		{ 32, 32, 32, 32 },
	};
	struct image dst = { 0 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct image src = make_image(sizes[i][0], sizes[i][1], paint_flat, teal);

		image_resize(&src, sizes[i][2], sizes[i][3], &dst);
		ck_assert_int_eq(dst.w, sizes[i][2]);
		ck_assert_int_eq(dst.h, sizes[i][3]);
		for (int p = 0; p < dst.w * dst.h; p++)
			ck_assert_mem_eq(dst.rgb + p * 3, teal, 3);
		image_free(&src);
	}
	/* halving averages 2x2 blocks exactly: a checkerboard becomes flat mid-gray */
	{
		struct image src = make_image(64, 64, paint_checker, NULL);

		image_resize(&src, 32, 32, &dst);
		for (int p = 0; p < 32 * 32 * 3; p++)
			ck_assert_int_eq(dst.rgb[p], 128);
		/* doubling replicates */
		image_resize(&src, 128, 128, &dst);
		ck_assert_int_eq(dst.rgb[0], 0);
		ck_assert_int_eq(dst.rgb[3], 0);
		ck_assert_int_eq(dst.rgb[6], 255);
		image_free(&src);
	}
	image_free(&dst);
}
END_TEST

/* ---- colour features and descriptors ---- */

START_TEST(test_colorfeat)
{
	static const uint8_t red[3] = { 220, 20, 30 }, blue[3] = { 20, 40, 210 };
	static const uint8_t grey[3] = { 128, 128, 128 };
	struct image a = make_image(40, 30, paint_flat, red);
	struct image b = make_image(40, 30, paint_flat, blue);
	struct image g = make_image(40, 30, paint_flat, grey);
	int size = 63;
	struct image ph = make_image(size, size, paint_photo, &size);
	float fa[COLORFEAT_DIM], fb[COLORFEAT_DIM], fg[COLORFEAT_DIM], fp[COLORFEAT_DIM];
	double sum;
	int nonzero = 0, ia = -1, ib = -1;

	colorfeat_compute(&a, fa);
	colorfeat_compute(&b, fb);
	colorfeat_compute(&g, fg);
	colorfeat_compute(&ph, fp);
	for (const float *f = fa; f; f = f == fa ? fb : f == fb ? fg : f == fg ? fp : NULL) {
		sum = 0;
		for (int i = 0; i < COLORFEAT_HIST; i++) {
			ck_assert_float_ge(f[i], 0);
			sum += f[i];
		}
		ck_assert_double_eq_tol(sum, 1.0, 1e-5);
		for (int i = 0; i < COLORFEAT_DIM; i++)
			ck_assert(isfinite(f[i]));
	}
	/* a flat colour puts everything in one bin, a different one for red and blue */
	for (int i = 0; i < COLORFEAT_HIST; i++) {
		if (fa[i] == 1.0f)
			ia = i;
		if (fb[i] == 1.0f)
			ib = i;
	}
	ck_assert_int_ge(ia, 6);
	ck_assert_int_ge(ib, 6);
	ck_assert_int_ne(ia, ib);
	ck_assert_float_eq(fg[3], 1.0f);	/* L* of 128 gray is 53.6: the fourth sixth */
	/* the photo has a disc and a background: at least two bins */
	for (int i = 0; i < COLORFEAT_HIST; i++)
		nonzero += fp[i] > 0;
	ck_assert_int_ge(nonzero, 2);
	/* moments: flat images have zero spread, gray has a* = b* = 0 */
	ck_assert_float_eq_tol(fg[COLORFEAT_HIST], 0.536f, 0.005f);
	ck_assert_float_eq_tol(fg[COLORFEAT_HIST + 1], 0.0f, 1e-6f);
	ck_assert_float_eq_tol(fg[COLORFEAT_HIST + 2], 0.0f, 1e-3f);
	ck_assert_float_gt(fa[COLORFEAT_HIST + 2], 0.5f);	/* red: a* > 50 */
	ck_assert_float_lt(fb[COLORFEAT_HIST + 4], -0.5f);	/* blue: b* < -50 */
	/* photo: the centre (the red disc) differs from the border (white) */
	ck_assert_float_lt(fp[COLORFEAT_HIST + 6], fp[COLORFEAT_HIST + 12]);
	ck_assert_float_gt(fp[COLORFEAT_HIST + 8], fp[COLORFEAT_HIST + 14] + 0.2f);
	image_free(&a);
	image_free(&b);
	image_free(&g);
	image_free(&ph);
}
END_TEST

START_TEST(test_colorfeat_names)
{
	ck_assert_str_eq(colorfeat_name(0), "hist_gray_l0");
	ck_assert_str_eq(colorfeat_name(6), "hist_h00_c0_l0");
	ck_assert_str_eq(colorfeat_name(COLORFEAT_HIST - 1), "hist_h11_c1_l2");
	ck_assert_str_eq(colorfeat_name(COLORFEAT_HIST), "lab_l_mean_all");
	ck_assert_str_eq(colorfeat_name(COLORFEAT_HIST + 7), "lab_l_std_centre");
	ck_assert_str_eq(colorfeat_name(COLORFEAT_DIM - 1), "lab_b_std_q11");
	ck_assert_ptr_null(colorfeat_name(COLORFEAT_DIM));
	ck_assert_ptr_null(colorfeat_name(-1));
	for (int i = 0; i < COLORFEAT_DIM; i++)
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(colorfeat_name(i), colorfeat_name(j));
}
END_TEST

START_TEST(test_describe)
{
	static const uint8_t grey[3] = { 100, 100, 100 }, red[3] = { 255, 0, 0 };
	struct image f = make_image(20, 20, paint_flat, grey);
	struct image r = make_image(20, 20, paint_flat, red);
	struct image c = make_image(20, 20, paint_checker, NULL);
	struct image e = { 0 };
	struct image_desc d;

	image_describe(&f, &d);
	ck_assert_double_eq_tol(d.brightness, 100, 1e-9);
	ck_assert_double_eq(d.contrast, 0);
	ck_assert_double_eq(d.sharpness, 0);
	ck_assert_double_eq(d.saturation, 0);
	ck_assert_double_eq(d.colourfulness, 0);

	image_describe(&r, &d);
	ck_assert_double_eq_tol(d.brightness, 0.299 * 255, 1e-9);
	ck_assert_double_eq(d.saturation, 1);
	ck_assert_double_eq(d.sharpness, 0);
	/* M3 of flat red: sd terms 0, mean rg = 255, mean yb = 127.5 */
	ck_assert_double_eq_tol(d.colourfulness, 0.3 * sqrt(255.0 * 255 + 127.5 * 127.5), 1e-9);

	image_describe(&c, &d);
	ck_assert_double_eq_tol(d.brightness, 127.5, 1e-9);
	ck_assert_double_eq_tol(d.contrast, 127.5, 1e-9);
	/* the Laplacian is +-4*255 everywhere inside */
	ck_assert_double_eq_tol(d.sharpness, 1020.0 * 1020, 1e-3);
	ck_assert_double_eq(d.saturation, 0);

	image_describe(&e, &d);
	ck_assert_double_eq(d.brightness, 0);
	image_free(&f);
	image_free(&r);
	image_free(&c);
}
END_TEST

/* ---- patch features ---- */

#define NIMG 48

/* Kind i % 4: horizontal stripes, vertical stripes, dots, flat colour; phase and colours
 * from the index. */
static void paint_pattern(int x, int y, uint8_t *px, const void *arg)
{
	int i = *(const int *)arg, kind = i % 4, period = 3 + i % 5, on;
	uint8_t c1[3] = { (uint8_t)(40 * i), (uint8_t)(255 - 30 * i), (uint8_t)(90 + 17 * i) };

	switch (kind) {
	case 0:
		on = (y + i) % period < period / 2;
		break;
	case 1:
		on = (x + i) % period < period / 2;
		break;
	case 2:
		on = (x % 6 - 3) * (x % 6 - 3) + (y % 6 - 3) * (y % 6 - 3) < 4;
		break;
	default:
		on = 1;
	}
	px[0] = on ? c1[0] : 250;
	px[1] = on ? c1[1] : 250;
	px[2] = on ? c1[2] : 245;
}

static struct image pattern(int i, int size)
{
	return make_image(size, size, paint_pattern, &i);
}

static void small_opts(struct patchfeat_opts *o)
{
	patchfeat_opts_default(o);
	o->k = 16;
	o->iters = 8;
	o->per_image = 12;
	o->max_patches = 400;	/* below 48 * 12: the cap is exercised */
	o->seed = 42;
	o->threads = 1;
}

struct addjob {
	struct patchfeat_fit *f;
	struct image *imgs;
	int reverse;
};

static void add_range(void *ctx, size_t begin, size_t end, int thread)
{
	struct addjob *j = ctx;

	(void)thread;
	for (size_t i = begin; i < end; i++) {
		size_t k = j->reverse ? NIMG - 1 - i : i;

		patchfeat_fit_add(j->f, k, &j->imgs[k]);
	}
}

static struct patchfeat *fit(struct image *imgs, const struct patchfeat_opts *o, int add_threads,
			     int reverse)
{
	struct addjob j = { patchfeat_fit_new(o), imgs, reverse };
	struct patchfeat *p;

	ck_assert_ptr_nonnull(j.f);
	parallel_for(NIMG, add_threads, add_range, &j);
	ck_assert_uint_eq(patchfeat_fit_count(j.f), 400);
	p = patchfeat_fit_finish(j.f);
	ck_assert_ptr_nonnull(p);
	return p;
}

static const struct pcm_entry *entry(struct pcm *a, const char *name)
{
	const struct pcm_entry *e = pcm_get(a, name);

	ck_assert_ptr_nonnull(e);
	return e;
}

static void assert_same_model(struct patchfeat *x, struct patchfeat *y)
{
	static const char *names[] = { "image/patch_opts.npy", "image/patch_params.npy",
				       "image/patch_mean.npy", "image/patch_whiten.npy",
				       "image/patch_centroids.npy" };
	struct pcm *a = pcm_new(), *b = pcm_new();

	ck_assert_int_eq(patchfeat_save(x, a, "image/"), 0);
	ck_assert_int_eq(patchfeat_save(y, b, "image/"), 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct pcm_entry *ea = entry(a, names[i]), *eb = entry(b, names[i]);

		ck_assert_uint_eq(ea->len, eb->len);
		ck_assert_mem_eq(ea->data, eb->data, ea->len);
	}
	pcm_free(a);
	pcm_free(b);
}

START_TEST(test_patchfeat_fit_deterministic)
{
	struct image imgs[NIMG];
	struct patchfeat_opts o;
	struct patchfeat *p1, *p2, *p3, *p4;
	struct pcm *a = pcm_new(), *b = pcm_new();

	for (int i = 0; i < NIMG; i++)
		imgs[i] = pattern(i, 32);
	small_opts(&o);
	p1 = fit(imgs, &o, 1, 0);
	o.threads = 2;
	p2 = fit(imgs, &o, 2, 0);	/* photos added from two threads, k-means on two */
	o.threads = 3;
	p3 = fit(imgs, &o, 3, 1);	/* and in reverse order */
	assert_same_model(p1, p2);
	assert_same_model(p1, p3);
	/* another seed, another dictionary */
	o.seed = 43;
	p4 = fit(imgs, &o, 1, 0);
	ck_assert_int_eq(patchfeat_save(p1, a, ""), 0);
	ck_assert_int_eq(patchfeat_save(p4, b, ""), 0);
	ck_assert_mem_ne(entry(a, "patch_centroids.npy")->data,
			 entry(b, "patch_centroids.npy")->data,
			 entry(a, "patch_centroids.npy")->len);
	pcm_free(a);
	pcm_free(b);
	patchfeat_free(p1);
	patchfeat_free(p2);
	patchfeat_free(p3);
	patchfeat_free(p4);
	for (int i = 0; i < NIMG; i++)
		image_free(&imgs[i]);
}
END_TEST

/* The ZCA whitening matrix is symmetric. */
START_TEST(test_patchfeat_whitening)
{
	struct image imgs[NIMG];
	struct patchfeat_opts o;
	struct patchfeat *p;
	struct pcm *a = pcm_new();
	struct npy w;
	const struct pcm_entry *e;
	int d = 6 * 6 * 3;

	for (int i = 0; i < NIMG; i++)
		imgs[i] = pattern(i, 32);
	small_opts(&o);
	p = fit(imgs, &o, 1, 0);
	ck_assert_int_eq(patchfeat_save(p, a, "image/"), 0);
	e = entry(a, "image/patch_whiten.npy");
	ck_assert_int_eq(npy_parse("w", e->data, e->len, &w), 0);
	ck_assert_uint_eq(w.shape[0], (uint64_t)d);
	for (int i = 0; i < d; i++)
		for (int j = 0; j < i; j++)
			ck_assert_float_eq_tol(((float *)w.data)[i * d + j],
					       ((float *)w.data)[j * d + i], 1e-4f);
	npy_free(&w);
	pcm_free(a);
	patchfeat_free(p);
	for (int i = 0; i < NIMG; i++)
		image_free(&imgs[i]);
}
END_TEST

static void features(const struct patchfeat *p, const struct image *img, float *out)
{
	struct patchfeat_work w;

	patchfeat_work_init(&w, p);
	patchfeat_compute(p, img, &w, out);
	patchfeat_work_free(&w);
}

static double dist(const float *a, const float *b, int n)
{
	double s = 0;

	for (int i = 0; i < n; i++)
		s += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
	return sqrt(s);
}

static void check_roundtrip(int activation)
{
	struct image imgs[NIMG];
	struct patchfeat_opts o;
	struct patchfeat *p, *q;
	struct pcm *a = pcm_new(), *back;
	void *bytes;
	size_t len;
	int dim;
	float *f1, *f2, *f3;
	struct image big;

	for (int i = 0; i < NIMG; i++)
		imgs[i] = pattern(i, 32);
	small_opts(&o);
	o.activation = activation;
	o.pool = 3;
	p = fit(imgs, &o, 2, 0);
	dim = patchfeat_dim(p);
	ck_assert_int_eq(dim, 16 * 3 * 3);
	ck_assert_int_eq(patchfeat_save(p, a, "image/"), 0);
	bytes = pcm_write_mem(a, &len);
	ck_assert_ptr_nonnull(bytes);
	back = pcm_read_mem("m.pcm", bytes, len);
	ck_assert_ptr_nonnull(back);
	q = patchfeat_load(back, "image/");
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(patchfeat_dim(q), dim);
	ck_assert_int_eq(patchfeat_get_opts(q)->activation, activation);
	f1 = xmalloc(sizeof(float) * dim);
	f2 = xmalloc(sizeof(float) * dim);
	f3 = xmalloc(sizeof(float) * dim);
	for (int i = 0; i < 8; i++) {
		features(p, &imgs[i], f1);
		features(q, &imgs[i], f2);
		ck_assert_mem_eq(f1, f2, sizeof(float) * dim);
		for (int j = 0; j < dim; j++) {
			ck_assert(isfinite(f1[j]));
			ck_assert_float_ge(f1[j], 0);
		}
	}
	/* horizontal stripes against a flat colour and against vertical stripes */
	features(p, &imgs[0], f1);
	features(p, &imgs[3], f2);
	features(p, &imgs[1], f3);
	ck_assert_double_gt(dist(f1, f2, dim), 0.1);
	ck_assert_double_gt(dist(f1, f3, dim), 0.1);
	/* a photo of another size is resized first */
	big = make_image(64, 64, paint_pattern, &(int){ 5 });
	{
		struct image small = { 0 };

		image_resize(&big, 32, 32, &small);
		features(p, &big, f1);
		features(p, &small, f2);
		ck_assert_mem_eq(f1, f2, sizeof(float) * dim);
		image_free(&small);
	}
	/* an empty image gives zeros */
	{
		struct image none = { 0 };

		features(p, &none, f1);
		for (int j = 0; j < dim; j++)
			ck_assert_float_eq(f1[j], 0);
	}
	image_free(&big);
	free(f1);
	free(f2);
	free(f3);
	free(bytes);
	pcm_free(a);
	pcm_free(back);
	patchfeat_free(p);
	patchfeat_free(q);
	for (int i = 0; i < NIMG; i++)
		image_free(&imgs[i]);
}

START_TEST(test_patchfeat_roundtrip_triangle)
{
	check_roundtrip(PATCHFEAT_TRIANGLE);
}
END_TEST

START_TEST(test_patchfeat_roundtrip_soft)
{
	check_roundtrip(PATCHFEAT_SOFT);
}
END_TEST

/* The same features from the same photos whichever thread computes them, for each
 * activation (the loop index). */
struct featjob {
	const struct patchfeat *p;
	struct image *imgs;
	float *out;
	int dim;
};

static void feat_range(void *ctx, size_t begin, size_t end, int thread)
{
	struct featjob *j = ctx;
	struct patchfeat_work w;

	(void)thread;
	patchfeat_work_init(&w, j->p);
	for (size_t i = begin; i < end; i++)
		patchfeat_compute(j->p, &j->imgs[i], &w, j->out + i * j->dim);
	patchfeat_work_free(&w);
}

START_TEST(test_patchfeat_threads)
{
	struct image imgs[NIMG];
	struct patchfeat_opts o;
	struct patchfeat *p;
	struct featjob j;
	float *one, *two;

	for (int i = 0; i < NIMG; i++)
		imgs[i] = pattern(i, 40);
	small_opts(&o);
	o.activation = _i;
	p = fit(imgs, &o, 1, 0);
	j.p = p;
	j.imgs = imgs;
	j.dim = patchfeat_dim(p);
	one = xmalloc(sizeof(float) * NIMG * j.dim);
	two = xmalloc(sizeof(float) * NIMG * j.dim);
	j.out = one;
	parallel_for(NIMG, 1, feat_range, &j);
	j.out = two;
	parallel_for(NIMG, 3, feat_range, &j);
	ck_assert_mem_eq(one, two, sizeof(float) * NIMG * j.dim);
	free(one);
	free(two);
	patchfeat_free(p);
	for (int i = 0; i < NIMG; i++)
		image_free(&imgs[i]);
}
END_TEST

START_TEST(test_patchfeat_errors)
{
	struct patchfeat_opts o;
	struct patchfeat_fit *f;
	struct image imgs[NIMG];
	struct patchfeat *p;
	struct pcm *a = pcm_new(), *b;
	uint64_t shape[2] = { 15, 108 };
	size_t hlen;
	char *head;
	unsigned char *buf;
	float *zeros = xcalloc(15 * 108, sizeof(float));

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	small_opts(&o);
	o.patch = 40;
	ck_assert_ptr_null(patchfeat_fit_new(&o));
	ck_assert_ptr_nonnull(strstr(lastmsg, "patch 40"));
	small_opts(&o);
	o.max_patches = 8;
	ck_assert_ptr_null(patchfeat_fit_new(&o));

	/* too few patches for the dictionary */
	small_opts(&o);
	f = patchfeat_fit_new(&o);
	imgs[0] = pattern(0, 32);
	patchfeat_fit_add(f, 0, &imgs[0]);
	ck_assert_ptr_null(patchfeat_fit_finish(f));
	ck_assert_ptr_nonnull(strstr(lastmsg, "12 patches sampled, too few for 16 centroids"));
	image_free(&imgs[0]);

	/* a missing entry, a wrong shape */
	for (int i = 0; i < NIMG; i++)
		imgs[i] = pattern(i, 32);
	p = fit(imgs, &o, 1, 0);
	ck_assert_ptr_null(patchfeat_load(a, "image/"));
	ck_assert_ptr_nonnull(strstr(lastmsg, "model archive: no entry image/patch_opts.npy"));
	ck_assert_int_eq(patchfeat_save(p, a, "image/"), 0);
	b = pcm_new();
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->entries[i].name, "image/patch_centroids.npy") != 0)
			ck_assert_int_eq(pcm_add(b, a->entries[i].name, a->entries[i].data,
						 a->entries[i].len), 0);
	ck_assert_ptr_null(patchfeat_load(b, "image/"));
	ck_assert_ptr_nonnull(strstr(lastmsg, "model archive: no entry image/patch_centroids.npy"));
	head = npy_header(NPY_F4, 2, shape, &hlen);
	buf = xmalloc(hlen + sizeof(float) * 15 * 108);
	memcpy(buf, head, hlen);
	memcpy(buf + hlen, zeros, sizeof(float) * 15 * 108);
	ck_assert_int_eq(pcm_add_take(b, "image/patch_centroids.npy", buf,
				      hlen + sizeof(float) * 15 * 108), 0);
	ck_assert_ptr_null(patchfeat_load(b, "image/"));
	ck_assert_ptr_nonnull(strstr(lastmsg, "model archive: image/patch_centroids.npy: float32 of shape "
				     "(15, 108), expected float32 of shape (16, 108)"));
	ck_assert_ptr_null(patchfeat_load(a, "other/"));
	pc_msg_capture(NULL, 0);
	free(head);
	free(zeros);
	pcm_free(a);
	pcm_free(b);
	patchfeat_free(p);
	for (int i = 0; i < NIMG; i++)
		image_free(&imgs[i]);
}
END_TEST

/* A grey square of side `s` (a pointer to {side, level}) centred on white. */
static void paint_square(int x, int y, uint8_t *px, const void *arg)
{
	const int *a = arg;
	int lo = (32 - a[0]) / 2, in = x >= lo && x < lo + a[0] && y >= lo && y < lo + a[0];

	memset(px, in ? a[1] : 255, 3);
}

/* Stripes of width 4 along x (vertical edges) or along y (horizontal edges). */
static void paint_stripes(int x, int y, uint8_t *px, const void *arg)
{
	int along_y = *(const int *)arg;

	memset(px, ((along_y ? y : x) / 4) % 2 ? 200 : 40, 3);
}

/* The share of all the feature mass in orientation bin b. */
static double bin_share(const float *f, int dim, int bins, int b)
{
	double in = 0.0, all = 0.0;

	for (int i = 0; i < dim; i++) {
		all += f[i];
		if (i % bins == b)
			in += f[i];
	}
	return all > 0 ? in / all : 0.0;
}

START_TEST(test_hogfeat_layout_and_flat)
{
	struct hogfeat_opts o;
	struct hogfeat_work w;
	const uint8_t grey[3] = { 128, 128, 128 };
	struct image flat = make_image(63, 63, paint_flat, grey), empty = { 0 };
	float *f;
	int dim;

	hogfeat_opts_default(&o);
	ck_assert_int_eq(hogfeat_check_opts(&o), 0);
	dim = hogfeat_dim(&o);
	ck_assert_int_eq(dim, 7 * 7 * 36 + 3 * 3 * 36);
	o.levels = 1;
	o.cell[0] = 64;         /* one cell: its histogram alone */
	ck_assert_int_eq(hogfeat_dim(&o), 9);
	hogfeat_opts_default(&o);
	f = xmalloc(sizeof(float) * dim);
	hogfeat_work_init(&w);
	for (int i = 0; i < dim; i++)
		f[i] = -1.0f;
	hogfeat_compute(&o, &flat, &w, f);        /* 63x63: resized inside */
	for (int i = 0; i < dim; i++)
		ck_assert_float_eq(f[i], 0.0f);
	for (int i = 0; i < dim; i++)
		f[i] = -1.0f;
	hogfeat_compute(&o, &empty, &w, f);
	for (int i = 0; i < dim; i++)
		ck_assert_float_eq(f[i], 0.0f);
	hogfeat_work_free(&w);
	image_free(&flat);
	free(f);
}
END_TEST

START_TEST(test_hogfeat_orientation)
{
	struct hogfeat_opts o;
	struct hogfeat_work w;
	int vertical = 0, horizontal = 1, dim;
	struct image v = make_image(32, 32, paint_stripes, &vertical);
	struct image h = make_image(32, 32, paint_stripes, &horizontal);
	float *fv, *fh;

	hogfeat_opts_default(&o);
	dim = hogfeat_dim(&o);
	fv = xmalloc(sizeof(float) * dim);
	fh = xmalloc(sizeof(float) * dim);
	hogfeat_work_init(&w);
	hogfeat_compute(&o, &v, &w, fv);
	hogfeat_compute(&o, &h, &w, fh);
	/* vertical edges: gradients along x, angle 0, shared by the bins centred on 10 and
	 * 170 degrees; horizontal edges: 90 degrees, the middle bin alone */
	ck_assert_double_gt(bin_share(fv, dim, 9, 0) + bin_share(fv, dim, 9, 8), 0.99);
	ck_assert_double_gt(bin_share(fh, dim, 9, 4), 0.99);
	/* L2-Hys: every block at most unit length, clipped values */
	for (int b = 0; b < dim / 36; b++) {
		double n = 0.0;

		for (int i = 0; i < 36; i++)
			n += (double)fh[b * 36 + i] * fh[b * 36 + i];
		ck_assert_double_le(n, 1.0 + 1e-5);
	}
	hogfeat_work_free(&w);
	image_free(&v);
	image_free(&h);
	free(fv);
	free(fh);
}
END_TEST

START_TEST(test_hogfeat_contrast_and_noise)
{
	struct hogfeat_opts o;
	struct hogfeat_work w;
	int dark[2] = { 16, 0 }, light[2] = { 16, 120 }, faint[2] = { 16, 254 }, dim;
	struct image a = make_image(32, 32, paint_square, dark);
	struct image b = make_image(32, 32, paint_square, light);
	struct image c = make_image(32, 32, paint_square, faint);
	float *fa, *fb, *fc;
	double diff = 0.0, na = 0.0, nc = 0.0;

	hogfeat_opts_default(&o);
	o.size = 32;            /* the pictures' own size */
	o.cell[0] = 4;
	o.cell[1] = 8;
	dim = hogfeat_dim(&o);
	fa = xmalloc(sizeof(float) * dim);
	fb = xmalloc(sizeof(float) * dim);
	fc = xmalloc(sizeof(float) * dim);
	hogfeat_work_init(&w);
	hogfeat_compute(&o, &a, &w, fa);
	hogfeat_compute(&o, &b, &w, fb);
	hogfeat_compute(&o, &c, &w, fc);
	/* the same shape at another contrast: nearly the same features */
	for (int i = 0; i < dim; i++) {
		diff += fabs((double)fa[i] - fb[i]);
		na += fabs((double)fa[i]);
		nc += fabs((double)fc[i]);
	}
	ck_assert_double_gt(na, 1.0);
	ck_assert_double_lt(diff, 0.05 * na);
	/* an edge of one grey level is below the noise floor: a tenth of the mass at most,
	 * where normalising without a floor would give it unit blocks as a strong edge */
	ck_assert_double_lt(nc, 0.1 * na);
	hogfeat_work_free(&w);
	image_free(&a);
	image_free(&b);
	image_free(&c);
	free(fa);
	free(fb);
	free(fc);
}
END_TEST

START_TEST(test_hogfeat_deterministic_and_options)
{
	int size = 63, dim;
	struct image p = make_image(63, 63, paint_photo, &size);
	struct hogfeat_opts o;
	struct hogfeat_work w1, w2;
	float *f1, *f2;

	hogfeat_opts_default(&o);
	o.size = 48;
	o.levels = 3;
	o.cell[0] = 6;
	o.cell[1] = 12;
	o.cell[2] = 48;
	o.bins = 12;
	ck_assert_int_eq(hogfeat_check_opts(&o), 0);
	dim = hogfeat_dim(&o);
	ck_assert_int_eq(dim, 7 * 7 * 48 + 3 * 3 * 48 + 12);
	f1 = xmalloc(sizeof(float) * dim);
	f2 = xmalloc(sizeof(float) * dim);
	hogfeat_work_init(&w1);
	hogfeat_work_init(&w2);
	hogfeat_compute(&o, &p, &w1, f1);
	hogfeat_compute(&o, &p, &w2, f2);
	ck_assert_mem_eq(f1, f2, sizeof(float) * dim);
	hogfeat_compute(&o, &p, &w1, f2);         /* a reused work */
	ck_assert_mem_eq(f1, f2, sizeof(float) * dim);
	for (int i = 0; i < dim; i++)
		ck_assert(isfinite(f1[i]) && f1[i] >= 0.0f);

	o.cell[2] = 64;
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(hogfeat_check_opts(&o), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "cell 64 px is not in 2..48"));
	hogfeat_opts_default(&o);
	o.bins = 1;
	ck_assert_int_eq(hogfeat_check_opts(&o), -1);
	hogfeat_opts_default(&o);
	o.levels = 0;
	ck_assert_int_eq(hogfeat_check_opts(&o), -1);
	pc_msg_capture(NULL, 0);
	hogfeat_work_free(&w1);
	hogfeat_work_free(&w2);
	image_free(&p);
	free(f1);
	free(f2);
}
END_TEST

static Suite *image_suite(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("image");

	tcase_add_test(tc, test_decode_scales);
	tcase_add_test(tc, test_decode_file_and_missing);
	tcase_add_test(tc, test_decode_grayscale_and_cmyk);
	tcase_add_test(tc, test_decode_bad_input);
	tcase_add_test(tc, test_decode_corruptions_never_crash);
	tcase_add_test(tc, test_decode_huge_refused);
	tcase_add_test(tc, test_decode_progressive_scan_limit);
	tcase_add_test(tc, test_resize);
	tcase_add_test(tc, test_colorfeat);
	tcase_add_test(tc, test_colorfeat_names);
	tcase_add_test(tc, test_describe);
	tcase_add_test(tc, test_patchfeat_fit_deterministic);
	tcase_add_test(tc, test_patchfeat_whitening);
	tcase_add_test(tc, test_patchfeat_roundtrip_triangle);
	tcase_add_test(tc, test_patchfeat_roundtrip_soft);
	tcase_add_loop_test(tc, test_patchfeat_threads, PATCHFEAT_TRIANGLE, PATCHFEAT_SOFT + 1);
	tcase_add_test(tc, test_patchfeat_errors);
	tcase_add_test(tc, test_hogfeat_layout_and_flat);
	tcase_add_test(tc, test_hogfeat_orientation);
	tcase_add_test(tc, test_hogfeat_contrast_and_noise);
	tcase_add_test(tc, test_hogfeat_deterministic_and_options);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(image_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
