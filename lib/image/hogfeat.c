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

/* Each pixel's gradient magnitude, its lower orientation bin and the share of its vote
 * that goes to the next bin up. */
static void gradients(const struct image *im, int bins, float *mag, int *bin, float *frac)
{
	const int n = im->w;
	const uint8_t *p = im->rgb;
	const float scale = (float)bins / PI_F;

	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++) {
			const size_t i = (size_t)y * n + x;
			float best = 0.0f, gx = 0.0f, gy = 0.0f;

			if (y > 0 && y < n - 1 && x > 0 && x < n - 1) {
				for (int c = 0; c < 3; c++) {
					float dx = (float)p[3 * (i + 1) + c] - (float)p[3 * (i - 1) + c];
					float dy = (float)p[3 * (i + n) + c] - (float)p[3 * (i - n) + c];
					float m2 = dx * dx + dy * dy;

					if (m2 > best) {
						best = m2;
						gx = dx;
						gy = dy;
					}
				}
			} else if (x > 0 && x < n - 1) {
				for (int c = 0; c < 3; c++) {
					float dx = (float)p[3 * (i + 1) + c] - (float)p[3 * (i - 1) + c];

					if (dx * dx > best) {
						best = dx * dx;
						gx = dx;
					}
				}
			} else if (y > 0 && y < n - 1) {
				for (int c = 0; c < 3; c++) {
					float dy = (float)p[3 * (i + n) + c] - (float)p[3 * (i - n) + c];

					if (dy * dy > best) {
						best = dy * dy;
						gy = dy;
					}
				}
			}
			mag[i] = sqrtf(best);
			if (best > 0.0f) {
				float a = atan2f(gy, gx), t;
				int b0;

				if (a < 0.0f)
					a += PI_F;
				t = a * scale - 0.5f;
				b0 = (int)floorf(t);
				frac[i] = t - (float)b0;
				if (b0 < 0)
					b0 += bins;
				if (b0 >= bins)
					b0 -= bins;
				bin[i] = b0;
			} else {
				bin[i] = 0;
				frac[i] = 0.0f;
			}
		}
}

void hogfeat_compute(const struct hogfeat_opts *o, const struct image *img,
		     struct hogfeat_work *w, float *out)
{
	const struct image *im = img;
	const int n = o->size, bins = o->bins;
	size_t px = (size_t)n * n;
	float *frac;

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
	frac = w->mag + px;
	gradients(im, bins, w->mag, w->bin, frac);
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
				int cx = x / c < g ? x / c : g - 1;
				size_t i = (size_t)y * n + x;
				float *cell = h + ((size_t)cy * g + cx) * bins;
				int b1 = w->bin[i] + 1 < bins ? w->bin[i] + 1 : 0;

				cell[w->bin[i]] += w->mag[i] * (1.0f - frac[i]);
				cell[b1] += w->mag[i] * frac[i];
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
