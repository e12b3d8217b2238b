/* hogfeat: histograms of oriented gradients; see hogfeat.h. */
#include "image/hogfeat.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <math.h>

#define PI_F 3.14159265358979f
#include <stdlib.h>
#include <string.h>

void hogfeat_opts_default(struct hogfeat_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->size = 64;
	o->bins = 9;
	o->levels = 2;
	o->cell[0] = 8;
	o->cell[1] = 16;
	o->clip = 0.2f;
}

int hogfeat_check_opts(const struct hogfeat_opts *o)
{
	if (o->size < 8 || o->size > 1024)
		return pc_error("gradient features: size %d is not in 8..1024", o->size);
	if (o->bins < 2 || o->bins > HOGFEAT_MAX_BINS)
		return pc_error("gradient features: %d orientation bins, not in 2..%d", o->bins,
				HOGFEAT_MAX_BINS);
	if (o->levels < 1 || o->levels > HOGFEAT_MAX_LEVELS)
		return pc_error("gradient features: %d cell sizes, not in 1..%d", o->levels,
				HOGFEAT_MAX_LEVELS);
	for (int l = 0; l < o->levels; l++)
		if (o->cell[l] < 2 || o->cell[l] > o->size)
			return pc_error("gradient features: cell %d px is not in 2..%d (the size)",
					o->cell[l], o->size);
	if (!(o->clip > 0.0f && o->clip <= 1.0f))
		return pc_error("gradient features: clip %g is not in (0, 1]", (double)o->clip);
	return 0;
}

static int level_dim(const struct hogfeat_opts *o, int l)
{
	int g = o->size / o->cell[l];

	return g >= 2 ? (g - 1) * (g - 1) * 4 * o->bins : o->bins;
}

int hogfeat_dim(const struct hogfeat_opts *o)
{
	int d = 0;

	for (int l = 0; l < o->levels; l++)
		d += level_dim(o, l);
	return d;
}

void hogfeat_work_init(struct hogfeat_work *w)
{
	memset(w, 0, sizeof(*w));
}

void hogfeat_work_free(struct hogfeat_work *w)
{
	image_free(&w->sized);
	free(w->mag);
	free(w->hist);
	free(w->bin);
	memset(w, 0, sizeof(*w));
}

/* L2-Hys: normalise, clip, normalise again.  The second pass keeps the noise floor where
 * the first put it: eps in the normalised units is eps / (|v|^2 + eps). */
static void l2hys(float *v, int n, float eps, float clip)
{
	double s = 0.0, e;

	for (int i = 0; i < n; i++)
		s += (double)v[i] * v[i];
	e = eps / (s + eps);
	s = 1.0 / sqrt(s + eps);
	for (int i = 0; i < n; i++) {
		float x = (float)(v[i] * s);

		v[i] = x > clip ? clip : x;
	}
	s = 0.0;
	for (int i = 0; i < n; i++)
		s += (double)v[i] * v[i];
	s = 1.0 / sqrt(s + e);
	for (int i = 0; i < n; i++)
		v[i] = (float)(v[i] * s);
}

/* atan(a) for 0 <= a <= 1, within 2e-6 radians (a minimax polynomial): libm's atan2f
 * was most of the time of these features. */
static inline float atan01(float a)
{
	float a2 = a * a;

	return a * (0.99997726f + a2 * (-0.33262347f + a2 * (0.19354346f + a2 *
		    (-0.11643287f + a2 * (0.05265332f + a2 * -0.01172120f)))));
}

/* The orientation of (gx, gy) modulo pi, in [0, pi]. */
static inline float orientation(int gx, int gy)
{
	float ax, ay, t;

	if (gy < 0 || (gy == 0 && gx < 0)) {
		gx = -gx;
		gy = -gy;
	}
	ax = (float)(gx < 0 ? -gx : gx);
	ay = (float)gy;
	t = ax >= ay ? atan01(ay / ax) : 0.5f * PI_F - atan01(ax / ay);
	return gx < 0 ? PI_F - t : t;
}

/* Each pixel's vote: its lower orientation bin, the part of its gradient magnitude that
 * goes to that bin (lo) and the part that goes to the next one up (hi). */
static void gradients(const struct image *im, int bins, float *lo, int *bin, float *hi)
{
	const int n = im->w;
	const uint8_t *p = im->rgb;
	const float scale = (float)bins / PI_F;

	for (int y = 0; y < n; y++) {
		/* centred differences, 0 across the border (the neighbours are the pixel) */
		const int dn = y > 0 && y < n - 1 ? 3 * n : 0;

		for (int x = 0; x < n; x++) {
			const size_t i = (size_t)y * n + x;
			const uint8_t *q = p + 3 * i;
			const int dw = x > 0 && x < n - 1 ? 3 : 0;
			int best = 0, gx = 0, gy = 0;

			/* the strongest channel */
			for (int c = 0; c < 3; c++) {
				int dx = (int)q[dw + c] - (int)q[c - dw];
				int dy = (int)q[dn + c] - (int)q[c - dn];
				int m2 = dx * dx + dy * dy;

				if (m2 > best) {
					best = m2;
					gx = dx;
					gy = dy;
				}
			}
			if (best > 0) {
				float m = sqrtf((float)best), t = orientation(gx, gy) * scale - 0.5f;
				int b0 = (int)t;        /* floor, without a call to floorf */
				float f;

				if ((float)b0 > t)
					b0--;
				f = t - (float)b0;

				if (b0 < 0)
					b0 += bins;
				if (b0 >= bins)
					b0 -= bins;
				bin[i] = b0;
				lo[i] = m * (1.0f - f);
				hi[i] = m * f;
			} else {
				/* a plain background: no vote */
				bin[i] = 0;
				lo[i] = hi[i] = 0.0f;
			}
		}
	}
}

void hogfeat_compute(const struct hogfeat_opts *o, const struct image *img,
		     struct hogfeat_work *w, float *out)
{
	const struct image *im = img;
	const int n = o->size, bins = o->bins;
	size_t px = (size_t)n * n;
	float *lo, *hi;

	if (img->w <= 0 || img->h <= 0) {
		memset(out, 0, (size_t)hogfeat_dim(o) * sizeof(*out));
		return;
	}
	if (img->w != n || img->h != n) {
		image_resize(img, n, n, &w->sized);
		im = &w->sized;
	}
	if (w->cap_px < px) {
		w->mag = xreallocarray(w->mag, 2 * px, sizeof(*w->mag));
		w->bin = xreallocarray(w->bin, px, sizeof(*w->bin));
		w->cap_px = px;
	}
	lo = w->mag;
	hi = w->mag + px;
	gradients(im, bins, lo, w->bin, hi);
	for (int l = 0; l < o->levels; l++) {
		const int c = o->cell[l], g = n / c;
		const size_t nh = (size_t)g * g * bins;
		/* the noise floor: gradient magnitude 2 at every pixel of the cells */
		const float eps = (float)(g >= 2 ? 4 : 1) * (2.0f * c * c) * (2.0f * c * c);
		float *h;

		if (w->cap_hist < nh) {
			w->hist = xreallocarray(w->hist, nh, sizeof(*w->hist));
			w->cap_hist = nh;
		}
		h = w->hist;
		memset(h, 0, nh * sizeof(*h));
		for (int y = 0; y < n; y++) {
			int cy = y / c < g ? y / c : g - 1;

			for (int x = 0; x < n; x++) {
				size_t i = (size_t)y * n + x;
				int cx, b1;
				float *cell;

				if (lo[i] == 0.0f && hi[i] == 0.0f)
					continue;
				cx = x / c < g ? x / c : g - 1;
				cell = h + ((size_t)cy * g + cx) * bins;
				b1 = w->bin[i] + 1 < bins ? w->bin[i] + 1 : 0;
				cell[w->bin[i]] += lo[i];
				cell[b1] += hi[i];
			}
		}
		if (g < 2) {
			memcpy(out, h, (size_t)bins * sizeof(*out));
			l2hys(out, bins, eps, o->clip);
			out += bins;
			continue;
		}
		for (int by = 0; by < g - 1; by++)
			for (int bx = 0; bx < g - 1; bx++) {
				for (int k = 0; k < 4; k++) {
					const float *cell = h + ((size_t)(by + k / 2) * g + bx + k % 2) * bins;

					memcpy(out + k * bins, cell, (size_t)bins * sizeof(*out));
				}
				l2hys(out, 4 * bins, eps, o->clip);
				out += 4 * bins;
			}
	}
}
