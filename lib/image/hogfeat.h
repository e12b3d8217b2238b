/*
 * hogfeat: histograms of oriented gradients (Dalal and Triggs, "Histograms of oriented
 * gradients for human detection", 2005), the shape features of a photo: where its edges
 * are and which way they run, whatever their colours.  Nothing is learned: the features
 * depend on the photo and the options only.
 *
 * The photo (any size; callers pass the decode scaled in the DCT domain, image.h) is
 * resized to size x size (image_resize).  At every pixel the gradient is taken on each of
 * R, G and B by centred differences [-1, 0, 1] (0 on the border rows and columns), and the
 * channel with the largest magnitude gives the pixel's gradient.  Its unsigned orientation
 * (modulo 180 degrees) votes with its magnitude into the two nearest of `bins` orientation
 * bins (bin b centred on (b + 0.5) * 180 / bins degrees), shared linearly; the votes are
 * summed over square cells of `cell` pixels (pixels past the last whole cell fall in the
 * last one).  For each level of the pyramid (one per cell size, up to HOGFEAT_MAX_LEVELS):
 *   - with g = size / cell cells a side and g >= 2: every block of 2 x 2 neighbouring cells
 *     (stride one cell, (g - 1)^2 blocks, row-major) gives its 4 * bins values (cells
 *     row-major, bins inside), L2-Hys normalised: v / sqrt(|v|^2 + eps), each value
 *     clipped at `clip`, then normalised again;
 *   - with g = 1 the whole photo is one cell, L2-Hys normalised alone.
 * eps is the squared length of a block whose pixels all have a gradient of magnitude 2
 * (in 0..255) in one bin, 4 (2 cell^2)^2 (a lone cell: (2 cell^2)^2), so the gradient
 * noise of a plain background (JPEG ringing of a grey level or two) stays well below unit
 * length instead of being blown up to it, as a strong edge is.  The levels follow one
 * another in the order given.
 *
 * The defaults, 64x64 with cells of 8 and 16 pixels (2088 values), were chosen on the
 * Oxygen icon set of bench/make-icons-set.sh, with one logistic regression over
 * pc-embed's whole image part (bench/image-accuracy.py), accuracy over 4 folds of the
 * 1,213 photos: 0.700 with 32x32 and cells of 4 and 8, 0.720 with 64x64 and 8 and 16
 * (on the test split: no gradient features 0.664, then 0.709 and 0.712).  64x64 is about
 * the decode of a 500x500 photo at 1/8 (63x63), so nothing is thrown away.
 *
 * Deterministic and thread-safe with one hogfeat_work per thread.
 */
#ifndef PC_HOGFEAT_H
#define PC_HOGFEAT_H

#include "image/image.h"

#define HOGFEAT_MAX_LEVELS 4
#define HOGFEAT_MAX_BINS 36

struct hogfeat_opts {
	int size;                        /* working resolution (64) */
	int bins;                        /* orientation bins over 180 degrees (9) */
	int levels;                      /* cell sizes in use (2) */
	int cell[HOGFEAT_MAX_LEVELS];    /* cell sides in pixels ({8, 16}) */
	float clip;                      /* L2-Hys clipping (0.2) */
};

/* The defaults in parentheses above. */
void hogfeat_opts_default(struct hogfeat_opts *o);
/* 0, or -1 after reporting options out of range: size 8..1024, bins 2..HOGFEAT_MAX_BINS,
 * levels 1..HOGFEAT_MAX_LEVELS, each cell 2..size, clip in (0, 1]. */
int hogfeat_check_opts(const struct hogfeat_opts *o);
/* Features of the options (valid ones). */
int hogfeat_dim(const struct hogfeat_opts *o);

/* Per-thread scratch; the fields are private. */
struct hogfeat_work {
	struct image sized;
	float *mag, *hist;
	int *bin;
	size_t cap_px, cap_hist;
};

void hogfeat_work_init(struct hogfeat_work *w);
void hogfeat_work_free(struct hogfeat_work *w);

/* Features of one photo into out[hogfeat_dim(o)]; an empty image gives zeros. */
void hogfeat_compute(const struct hogfeat_opts *o, const struct image *img,
		     struct hogfeat_work *w, float *out);

#endif
