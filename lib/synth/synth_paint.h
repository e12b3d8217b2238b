/*
 * synth_paint: raster primitives for the synthetic product photos, fast enough to paint
 * thousands of 500x500 images a second: filled rectangles, ellipses and convex polygons
 * with vertical shading, stripes, dots, checks, lines of "print", soft shadows, and a
 * final pass that applies lighting and colour cast (per-channel tables), vignetting and
 * sensor noise.  Everything is clipped to the canvas; coordinates are in pixels.
 */
#ifndef PC_SYNTH_PAINT_H
#define PC_SYNTH_PAINT_H

#include <stdint.h>

#include "base/rng.h"

struct rgb {
	uint8_t r, g, b;
};

struct canvas {
	uint8_t *px; /* w*h RGB triplets, rows top to bottom */
	int w, h;
};

struct rgb rgb_mix(struct rgb a, struct rgb b, int t256);  /* a + (b-a)*t/256 */
struct rgb rgb_scale(struct rgb a, int f256);             /* a*f/256, clamped */

void paint_fill(struct canvas *cv, struct rgb c);
/* Rows y0..y1-1 shaded from `top` to `bottom`. */
void paint_vgradient(struct canvas *cv, int y0, int y1, struct rgb top, struct rgb bottom);
void paint_rect(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c);
void paint_rect_shaded(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb top,
		       struct rgb bottom);
void paint_ellipse(struct canvas *cv, int cx, int cy, int rx, int ry, struct rgb top,
		   struct rgb bottom);
/* Convex polygon of n points (x, y pairs in `xy`), n <= 16. */
void paint_convex(struct canvas *cv, const int *xy, int n, struct rgb c);
/* A straight stroke `width` pixels wide. */
void paint_line(struct canvas *cv, int x0, int y0, int x1, int y1, int width, struct rgb c);

/* Patterns inside a rectangle: stripes along `dir` (0 horizontal, 1 vertical,
 * 2 diagonal), `on` pixels of every `period`; dots on a grid; a checkerboard. */
void paint_stripes(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c,
		   int period, int on, int dir);
void paint_dots(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int spacing,
		int radius);
void paint_checker(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int cell);
/* Lines of print: rows of bars of random length, as text looks from afar. */
void paint_print(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int line_h,
		 struct rng *r);
/* `count` short strokes of colours around `c` (grass, carpet, wood grain). */
void paint_strokes(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int jitter,
		   int count, int len, int vertical, struct rng *r);
/* Blend `c` over a rectangle with opacity t256/256 (glare, watermarks, tinted glass). */
void paint_rect_blend(struct canvas *cv, int x0, int y0, int x1, int y1, struct rgb c, int t256);
/* Mirror the canvas left to right. */
void paint_flip_h(struct canvas *cv);
/* Darken an elliptic area to `f256`/256 of its brightness, with a soft rim. */
void paint_shadow(struct canvas *cv, int cx, int cy, int rx, int ry, int f256);

/* The camera: per-channel gain (1.0 neutral), gamma-like contrast (1.0 neutral),
 * vignetting strength 0-1, and Gaussian-looking noise of amplitude `noise` levels. */
struct paint_camera {
	double gain[3];
	double contrast;
	double vignette;
	int noise;
};

void paint_finish(struct canvas *cv, const struct paint_camera *cam, struct rng *r);

#endif
