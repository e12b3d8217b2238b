/*
 * image: product photos in memory, decoded from JPEG with libjpeg-turbo straight to a
 * small size, and resized to the fixed working resolution of the image featurizers.
 *
 * Decoding never produces the full 500x500 photo when a smaller one will do: libjpeg
 * scales in the DCT domain by N/8 (N = 1..8), and image_decode_jpeg() picks the smallest
 * N whose output keeps both sides at least `min_side` (for 500x500 and min_side 32 that
 * is 1/8, giving 63x63: libjpeg rounds ceil(500 * 1/8)).  Photos smaller than min_side
 * are decoded at full size, never enlarged.
 *
 * Colour: YCbCr and RGB JPEGs are decoded to RGB, grayscale to R = G = B, CMYK and YCCK
 * (Adobe, inverted as Photoshop writes them) to RGB by R = C*K/255 on the inverted
 * values, i.e. without a colour profile.  Other component layouts are refused.
 *
 * Bad input is expected input: any error returns -1 after one message naming the file,
 * "NAME: cannot decode jpeg: WHAT", and nothing is left allocated; a message never quotes
 * the file's bytes ("not a JPEG file", not libjpeg's "starts with 0x72 0x6f").
 * image_load_jpeg() reads regular files only: a FIFO, a device or a directory is refused
 * ("NAME: not a regular file") without blocking or reading from it.  Refused, besides
 * what libjpeg itself rejects: a declared size above IMAGE_MAX_SIDE per side or
 * IMAGE_MAX_PIXELS in all (checked from the header before anything is allocated), files
 * above IMAGE_MAX_FILE bytes, truncated or corrupt entropy-coded data (libjpeg's
 * corrupt-data warnings are errors here), progressive files with more than
 * IMAGE_MAX_SCANS scans.  Harmless warnings (extraneous bytes before a marker, unknown
 * JFIF revision, bad ICC or Adobe markers) are ignored.
 *
 * Every function is thread-safe: no global state.
 */
#ifndef PC_IMAGE_H
#define PC_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define IMAGE_MAX_SIDE 16384
#define IMAGE_MAX_PIXELS ((uint64_t)50 << 20)   /* as stored, before DCT scaling */
#define IMAGE_MAX_FILE ((uint64_t)64 << 20)
#define IMAGE_MAX_SCANS 256

/* An 8-bit RGB image: w*h pixels of 3 bytes, rows top to bottom, no padding.  A zeroed
 * struct is an empty image; the functions that fill one reuse its buffer when it is
 * large enough (w, h and the buffer size are kept in step by this module). */
struct image {
	int w, h;
	uint8_t *rgb;
	size_t cap;     /* bytes allocated at rgb */
};

/* What the file holds, whatever the decoded size. */
struct image_info {
	int width, height;      /* of the JPEG as stored */
	int components;         /* 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK */
	int scale_num;          /* decoded at scale_num/8 */
	uint64_t file_size;     /* bytes */
};

/* Decode a JPEG file (the whole file is read into memory first), scaled by the smallest
 * N/8 that keeps both sides >= min_side (min_side <= 0: full size).  `img` is filled
 * (its buffer reused), `info` may be NULL.  0, or -1 after reporting "PATH: what";
 * on error img is left empty (w = h = 0, buffer kept for reuse). */
int image_load_jpeg(const char *path, int min_side, struct image *img,
		    struct image_info *info);
/* The same from `len` bytes in memory; `name` is used in messages only. */
int image_decode_jpeg(const char *name, const void *data, size_t len, int min_side,
		      struct image *img, struct image_info *info);

/* Size `img` to w x h (contents undefined), reusing its buffer when it is big enough. */
void image_alloc(struct image *img, int w, int h);

/*
 * Resize `src` to exactly w x h by area averaging: each output pixel is the mean of the
 * source area it covers, fractional pixels weighted by their covered fraction, rounded
 * to nearest.  The aspect ratio is not kept: a non-square photo is stretched, never
 * cropped, so nothing at the edges of the product is lost (catalogue photos are square
 * in practice).  Enlarging replicates pixels (box filter).  A constant image stays
 * constant.  `dst` must not be `src`; its buffer is reused.
 */
void image_resize(const struct image *src, int w, int h, struct image *dst);

void image_free(struct image *img);

#endif
