/* synth_paint: raster primitives for synthetic photos; see synth_paint.h. */
#include "synth/synth_paint.h"

#include <math.h>
#include <string.h>

static inline int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static inline uint8_t clamp8(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

struct rgb rgb_mix(struct rgb a, struct rgb b, int t)
{
	struct rgb o = {
		clamp8(a.r + ((b.r - a.r) * t) / 256),
		clamp8(a.g + ((b.g - a.g) * t) / 256),
		clamp8(a.b + ((b.b - a.b) * t) / 256),
	};
	return o;
}

struct rgb rgb_scale(struct rgb a, int f)
{
	struct rgb o = { clamp8(a.r * f / 256), clamp8(a.g * f / 256), clamp8(a.b * f / 256) };
	return o;
}

static inline void hspan(struct canvas *cv, int y, int x0, int x1, struct rgb c)
{
	uint8_t *p;

	if (y < 0 || y >= cv->h)
		return;
	x0 = clampi(x0, 0, cv->w);
	x1 = clampi(x1, 0, cv->w);
	p = cv->px + ((size_t)y * (size_t)cv->w + (size_t)x0) * 3;
	for (int x = x0; x < x1; x++) {
		*p++ = c.r;
		*p++ = c.g;
		*p++ = c.b;
	}
}

void paint_fill(struct canvas *cv, struct rgb c)
{
	paint_rect(cv, 0, 0, cv->w, cv->h, c);
}

void paint_vgradient(struct canvas *cv, int y0, int y1, struct rgb top, struct rgb bottom)
{
	paint_rect_shaded(cv, 0, y0, cv->w, y1, top, bottom);
}

void paint_rect(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c)
{
	y0 = clampi(y0, 0, cv->h);
	y1 = clampi(y1, 0, cv->h);
	for (int y = y0; y < y1; y++)
		hspan(cv, y, x0, x1, c);
}

void paint_rect_shaded(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb top,
		       struct rgb bottom)
{
	int h = y1 - y0;

	if (h <= 0)
		return;
	for (int y = clampi(y0, 0, cv->h); y < clampi(y1, 0, cv->h); y++)
		hspan(cv, y, x0, x1, rgb_mix(top, bottom, (y - y0) * 256 / h));
}

void paint_ellipse(struct canvas *cv, int cx, int cy, int rx, int ry, struct rgb top,
		   struct rgb bottom)
{
	if (rx <= 0 || ry <= 0)
		return;
	for (int y = clampi(cy - ry, 0, cv->h); y < clampi(cy + ry + 1, 0, cv->h); y++) {
		double d = (double)(y - cy) / ry;
		int hw;

		if (d * d > 1)
			continue;
		hw = (int)(rx * sqrt(1 - d * d) + 0.5);
		hspan(cv, y, cx - hw, cx + hw + 1, rgb_mix(top, bottom, (y - cy + ry) * 128 / ry));
	}
}

void paint_convex(struct canvas *cv, const int *xy, int n, struct rgb c)
{
	int ymin = xy[1], ymax = xy[1];

	if (n < 3 || n > 16)
		return;
	for (int i = 1; i < n; i++) {
		ymin = xy[2 * i + 1] < ymin ? xy[2 * i + 1] : ymin;
		ymax = xy[2 * i + 1] > ymax ? xy[2 * i + 1] : ymax;
	}
	for (int y = clampi(ymin, 0, cv->h); y < clampi(ymax + 1, 0, cv->h); y++) {
		double lo = 1e9, hi = -1e9, fy = y + 0.5;

		for (int i = 0; i < n; i++) {
			int j = (i + 1) % n;
			double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1];
			double x;

			if ((fy < ay && fy < by) || (fy > ay && fy > by) || ay == by)
				continue;
			x = ax + (fy - ay) * (bx - ax) / (by - ay);
			lo = x < lo ? x : lo;
			hi = x > hi ? x : hi;
		}
		if (lo <= hi)
			hspan(cv, y, (int)(lo + 0.5), (int)(hi + 0.5), c);
	}
}

void paint_line(struct canvas *cv, int x0, int y0, int x1, int y1, int width, struct rgb c)
{
	double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
	int nx, ny, xy[8];

	if (len < 1)
		return;
	nx = (int)(-dy / len * width / 2);
	ny = (int)(dx / len * width / 2);
	if (!nx && !ny)
		nx = 1;
	xy[0] = x0 + nx; xy[1] = y0 + ny;
	xy[2] = x1 + nx; xy[3] = y1 + ny;
	xy[4] = x1 - nx; xy[5] = y1 - ny;
	xy[6] = x0 - nx; xy[7] = y0 - ny;
	paint_convex(cv, xy, 4, c);
}

void paint_stripes(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c,
		   int period, int on, int dir)
{
	if (period < 2)
		return;
	x0 = clampi(x0, 0, cv->w);
	x1 = clampi(x1, 0, cv->w);
	for (int y = clampi(y0, 0, cv->h); y < clampi(y1, 0, cv->h); y++) {
		if (dir == 0) {
			if (y % period < on)
				hspan(cv, y, x0, x1, c);
			continue;
		}
		uint8_t *p = cv->px + ((size_t)y * (size_t)cv->w + (size_t)x0) * 3;

		for (int x = x0; x < x1; x++, p += 3) {
			if (((dir == 1 ? x : x + y) % period) < on) {
				p[0] = c.r;
				p[1] = c.g;
				p[2] = c.b;
			}
		}
	}
}

void paint_dots(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int spacing,
		int radius)
{
	if (spacing < 2)
		return;
	for (int y = y0 + spacing / 2; y < y1; y += spacing)
		for (int x = x0 + spacing / 2 + ((y / spacing) & 1) * spacing / 2; x < x1; x += spacing)
			paint_ellipse(cv, x, y, radius, radius, c, c);
}

void paint_checker(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int cell)
{
	if (cell < 1)
		return;
	for (int y = y0; y < y1; y += cell)
		for (int x = x0 + (((y - y0) / cell) & 1) * cell; x < x1; x += 2 * cell)
			paint_rect(cv, x, y, x + cell < x1 ? x + cell : x1, y + cell < y1 ? y + cell : y1, c);
}

void paint_print(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int line_h,
		 struct rng *r)
{
	int w = x1 - x0;

	if (line_h < 2 || w < 4)
		return;
	for (int y = y0; y + line_h <= y1; y += line_h * 2) {
		int len = w / 2 + (int)rng_below(r, (uint64_t)(w / 2 + 1));

		paint_rect(cv, x0, y, x0 + len, y + line_h, c);
	}
}

void paint_strokes(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int jitter,
		   int count, int len, int vertical, struct rng *r)
{
	int w = x1 - x0, h = y1 - y0;

	if (w <= 0 || h <= 0)
		return;
	for (int i = 0; i < count; i++) {
		int x = x0 + (int)rng_below(r, (uint64_t)w), y = y0 + (int)rng_below(r, (uint64_t)h);
		int d = (int)rng_below(r, (uint64_t)(2 * jitter + 1)) - jitter;
		struct rgb k = { clamp8(c.r + d), clamp8(c.g + d), clamp8(c.b + d) };

		if (vertical)
			paint_rect(cv, x, y, x + 2, y + len, k);
		else
			paint_rect(cv, x, y, x + len, y + 2, k);
	}
}

void paint_rect_blend(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int t)
{
	int cr = c.r * t, cg = c.g * t, cb = c.b * t, u = 256 - t;

	x0 = clampi(x0, 0, cv->w);
	x1 = clampi(x1, 0, cv->w);
	for (int y = clampi(y0, 0, cv->h); y < clampi(y1, 0, cv->h); y++) {
		uint8_t *p = cv->px + ((size_t)y * (size_t)cv->w + (size_t)x0) * 3;

		for (int x = x0; x < x1; x++, p += 3) {
			p[0] = (uint8_t)((p[0] * u + cr) >> 8);
			p[1] = (uint8_t)((p[1] * u + cg) >> 8);
			p[2] = (uint8_t)((p[2] * u + cb) >> 8);
		}
	}
}

void paint_flip_h(struct canvas *cv)
{
	for (int y = 0; y < cv->h; y++) {
		uint8_t *a = cv->px + (size_t)y * (size_t)cv->w * 3, *b = a + ((size_t)cv->w - 1) * 3;

		for (; a < b; a += 3, b -= 3)
			for (int c = 0; c < 3; c++) {
				uint8_t t = a[c];

				a[c] = b[c];
				b[c] = t;
			}
	}
}

void paint_shadow(struct canvas *cv, int cx, int cy, int rx, int ry, int f256)
{
	/* two nested passes: the rim half as dark as the core */
	for (int pass = 0; pass < 2; pass++) {
		int f = pass ? f256 : (256 + f256) / 2;
		int rxp = pass ? rx * 3 / 4 : rx, ryp = pass ? ry * 3 / 4 : ry;

		if (rxp <= 0 || ryp <= 0)
			continue;
		for (int y = clampi(cy - ryp, 0, cv->h); y < clampi(cy + ryp + 1, 0, cv->h); y++) {
			double d = (double)(y - cy) / ryp;
			int hw, xa, xb;
			uint8_t *p;

			if (d * d > 1)
				continue;
			hw = (int)(rxp * sqrt(1 - d * d));
			xa = clampi(cx - hw, 0, cv->w);
			xb = clampi(cx + hw, 0, cv->w);
			p = cv->px + ((size_t)y * (size_t)cv->w + (size_t)xa) * 3;
			for (int x = xa; x < xb; x++, p += 3) {
				p[0] = (uint8_t)(p[0] * f >> 8);
				p[1] = (uint8_t)(p[1] * f >> 8);
				p[2] = (uint8_t)(p[2] * f >> 8);
			}
		}
	}
}

void paint_finish(struct canvas *cv, const struct paint_camera *cam, struct rng *r)
{
	uint8_t lut[3][256];
	uint16_t vx[2048], vy[2048];
	uint32_t s = (uint32_t)rng_u64(r) | 1;
	int noise = cam->noise;
	int vig = cam->vignette > 0 && cv->w <= 2048 && cv->h <= 2048;

	for (int c = 0; c < 3; c++) {
		for (int v = 0; v < 256; v++) {
			double x = 128 + (v - 128) * cam->contrast;

			lut[c][v] = clamp8((int)(x * cam->gain[c] + 0.5));
		}
	}
	if (vig) {
		for (int x = 0; x < cv->w; x++) {
			double d = (2.0 * x - cv->w) / cv->w;

			vx[x] = (uint16_t)(256 * (1 - cam->vignette * 0.5 * d * d));
		}
		for (int y = 0; y < cv->h; y++) {
			double d = (2.0 * y - cv->h) / cv->h;

			vy[y] = (uint16_t)(256 * (1 - cam->vignette * 0.5 * d * d));
		}
	}
	for (int y = 0; y < cv->h; y++) {
		uint8_t *p = cv->px + (size_t)y * (size_t)cv->w * 3;

		for (int x = 0; x < cv->w; x++, p += 3) {
			int n = 0, f = vig ? (vx[x] * vy[y]) >> 8 : 256;

			if (noise) {
				s ^= s << 13;
				s ^= s >> 17;
				s ^= s << 5;
				n = ((int)(s & 0xff) + (int)((s >> 8) & 0xff) - 255) * noise / 128;
			}
			p[0] = lut[0][clamp8((p[0] * f >> 8) + n)];
			p[1] = lut[1][clamp8((p[1] * f >> 8) + n)];
			p[2] = lut[2][clamp8((p[2] * f >> 8) + n)];
		}
	}
}
