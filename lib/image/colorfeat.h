/*
 * colorfeat: colour statistics of a photo, in CIELAB (D65, sRGB input), a colour space
 * where distances follow perceived differences, as features for the classifier; and the
 * interpretable per-photo descriptors that monitoring (pc-embed --descriptors, pc-drift)
 * watches.
 *
 * Both work on any image size; the histogram and the moments hardly depend on it, but
 * sharpness does, so callers give them photos at one fixed resolution (the decoded or
 * the working-resolution image, the same at fitting and at prediction time).  An empty
 * image (w or h 0) gives all zeros.
 */
#ifndef PC_COLORFEAT_H
#define PC_COLORFEAT_H

#include "image/image.h"

/*
 * The feature vector, COLORFEAT_DIM floats:
 *
 * [0, 78) a colour histogram in CIELAB's polar form (L*, chroma C*, hue h), each pixel
 *   counted once, normalised to sum 1:
 *     6 achromatic bins (C* < 10) by lightness, L* in sixths of [0, 100]:
 *       "hist_gray_l0" .. "hist_gray_l5";
 *     72 chromatic bins: 12 hue sectors of 30 degrees from a* = 0 (h00 .. h11) x
 *       2 chroma bands (c0: C* < 35, c1: above) x 3 lightness bands (l0: L* < 35,
 *       l1: < 70, l2: above), in that nesting: "hist_h00_c0_l0", "hist_h00_c0_l1", ...
 * [78, 120) mean and standard deviation of L*, a*, b* (each divided by 100) over 7
 *   regions: "all", "centre" (the middle half of each side), "border" (the rest), and the
 *   quadrants "q00", "q01", "q10", "q11" (row, column); per region in the order
 *   l_mean, l_std, a_mean, a_std, b_mean, b_std: "lab_l_mean_all", "lab_l_std_all", ...
 */
#define COLORFEAT_HIST 78
#define COLORFEAT_REGIONS 7
#define COLORFEAT_DIM (COLORFEAT_HIST + COLORFEAT_REGIONS * 6)

/* Fill out[COLORFEAT_DIM]; thread-safe. */
void colorfeat_compute(const struct image *img, float *out);
/* The column name of feature i (static storage), NULL when i is out of range. */
const char *colorfeat_name(int i);

/*
 * Monitoring descriptors, each a plain double:
 *   brightness     mean luma Y' = 0.299 R + 0.587 G + 0.114 B, 0..255
 *   contrast       standard deviation of that luma
 *   saturation     mean HSV saturation (max - min) / max, 0..1 (0 for black pixels)
 *   sharpness      variance of the 4-neighbour Laplacian of luma over the interior
 *                  pixels (0 for images under 3x3); depends on the resolution, so compare
 *                  it only between photos decoded at the same size
 *   colourfulness  Hasler and Suesstrunk's M3 (2003): with rg = R - G and
 *                  yb = (R + G) / 2 - B, sqrt(sd(rg)^2 + sd(yb)^2) +
 *                  0.3 sqrt(mean(rg)^2 + mean(yb)^2)
 * Standard deviations are population ones (divided by n).
 */
struct image_desc {
	double brightness, contrast, saturation, sharpness, colourfulness;
};

void image_describe(const struct image *img, struct image_desc *d);

#endif
