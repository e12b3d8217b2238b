/* synth_scene: one synthetic product photo; see synth_scene.h. */
#include "synth/synth_scene.h"
#include "synth/synth_look.h"

#include <stddef.h>

/* The object's box and colours: c1 main, c2 second, c3 accent. */
struct obj {
	int x0, y0, x1, y1, w, h, cx, cy;
	struct rgb c1, c2, c3;
	struct rng *r;
	int pal;
};

static const struct rgb WHITE = { 250, 250, 250 }, BLACK = { 20, 20, 22 },
			GREY = { 150, 150, 155 }, LIGHT = { 225, 225, 228 };

static int rnd(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint64_t)(hi - lo + 1));
}

static double runi(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(r);
}

/* Shift brightness by up to `j` levels and each channel by up to j/2. */
static struct rgb jitter(struct rng *r, struct rgb c, int j)
{
	int d = rnd(r, -j, j);
	int v[3] = { c.r + d + rnd(r, -j / 2, j / 2), c.g + d + rnd(r, -j / 2, j / 2),
		     c.b + d + rnd(r, -j / 2, j / 2) };

	for (int i = 0; i < 3; i++)
		v[i] = v[i] < 0 ? 0 : v[i] > 255 ? 255 : v[i];
	return (struct rgb){ (uint8_t)v[0], (uint8_t)v[1], (uint8_t)v[2] };
}

static struct rgb pal_colour(struct rng *r, int pal)
{
	return jitter(r, synth_palettes[pal][rng_below(r, SYNTH_PAL_SIZE)], 24);
}

/* ---- backgrounds ---- */

/* Returns 1 when the background is a studio backdrop (objects cast a soft shadow). */
static int paint_bg(struct canvas *cv, int bg, struct rng *r)
{
	int w = cv->w, h = cv->h, hz;
	struct rgb a, b;

	switch (bg) {
	case BG_WHITE:
		a = (struct rgb){ (uint8_t)rnd(r, 244, 255), 0, 0 };
		a.g = a.b = a.r;
		paint_vgradient(cv, 0, h, a, rgb_scale(a, rnd(r, 236, 256)));
		return 1;
	case BG_GREY:
		a = jitter(r, (struct rgb){ 200, 200, 204 }, 20);
		paint_vgradient(cv, 0, h, a, rgb_scale(a, 210));
		return 1;
	case BG_COLOUR:
		a = pal_colour(r, (int)rng_below(r, PAL_COUNT));
		b = pal_colour(r, (int)rng_below(r, PAL_COUNT));
		paint_vgradient(cv, 0, h, a, b);
		return 0;
	case BG_GRASS:
		hz = h * rnd(r, 25, 50) / 100;
		paint_vgradient(cv, 0, hz, jitter(r, (struct rgb){ 120, 170, 230 }, 16),
				(struct rgb){ 200, 225, 245 });
		a = jitter(r, (struct rgb){ 70, 140, 50 }, 20);
		paint_vgradient(cv, hz, h, rgb_scale(a, 230), a);
		paint_strokes(cv, 0, hz, w, h, rgb_scale(a, 200), 25, w * h / 600, h / 60 + 2, 1, r);
		return 0;
	case BG_SKY:
		paint_vgradient(cv, 0, h, jitter(r, (struct rgb){ 70, 130, 210 }, 20),
				(struct rgb){ 210, 230, 250 });
		return 0;
	case BG_WOOD:
		a = jitter(r, (struct rgb){ 150, 105, 65 }, 25);
		paint_fill(cv, a);
		paint_strokes(cv, 0, 0, w, h, rgb_scale(a, 215), 18, w * h / 500, w / 8, 0, r);
		paint_stripes(cv, 0, 0, w, h, rgb_scale(a, 180), h / 6 + 1, 2, 0);
		return 0;
	case BG_WATER:
		a = jitter(r, (struct rgb){ 40, 160, 210 }, 20);
		paint_vgradient(cv, 0, h, rgb_mix(a, WHITE, 60), a);
		paint_strokes(cv, 0, 0, w, h, rgb_mix(a, WHITE, 110), 20, w * h / 700, w / 14, 0, r);
		return 0;
	case BG_ROOM:
		hz = h * rnd(r, 55, 75) / 100;
		a = jitter(r, (struct rgb){ 225, 215, 195 }, 22);
		paint_vgradient(cv, 0, hz, a, rgb_scale(a, 235));
		b = jitter(r, (struct rgb){ 140, 110, 80 }, 30);
		paint_vgradient(cv, hz, h, b, rgb_scale(b, 200));
		return 0;
	case BG_DARK:
		a = jitter(r, (struct rgb){ 45, 40, 50 }, 15);
		paint_vgradient(cv, 0, h, a, rgb_scale(a, 150));
		return 0;
	case BG_PAPER:
		a = jitter(r, (struct rgb){ 225, 210, 170 }, 15);
		paint_fill(cv, a);
		paint_strokes(cv, 0, 0, w, h, rgb_scale(a, 225), 12, w * h / 900, 6, 0, r);
		return 1;
	case BG_CARPET:
		a = pal_colour(r, rng_below(r, 2) ? PAL_GREY : PAL_WARM);
		a = rgb_mix(a, GREY, 100);
		paint_fill(cv, a);
		paint_strokes(cv, 0, 0, w, h, a, 30, w * h / 120, 4, (int)rng_below(r, 2), r);
		return 0;
	case BG_LIFESTYLE:
		a = jitter(r, (struct rgb){ 205, 195, 180 }, 18);
		paint_vgradient(cv, 0, h, rgb_scale(a, 240), a);
		paint_rect(cv, 0, h * 3 / 4, w, h, rgb_scale(a, 200));
		paint_strokes(cv, 0, h * 3 / 4, w, h, rgb_scale(a, 185), 14, w * h / 1500, w / 10, 0, r);
		return 1;
	default: /* BG_CONCRETE */
		a = jitter(r, (struct rgb){ 165, 163, 158 }, 16);
		paint_vgradient(cv, 0, h, rgb_scale(a, 250), rgb_scale(a, 215));
		paint_strokes(cv, 0, 0, w, h, rgb_scale(a, 235), 20, w * h / 400, 3, (int)rng_below(r, 2), r);
		paint_dots(cv, 0, 0, w, h, rgb_scale(a, 200), w / 9 + 2, w / 120 + 1);
		hz = h * rnd(r, 70, 85) / 100;
		paint_rect(cv, 0, hz, w, h, rgb_scale(a, 180));
		return 0;
	}
}

/* ---- objects ---- */

static void fit(struct obj *o, int aspect100)
{
	int w = o->w, h = o->h;

	if (w * 100 > h * aspect100)
		w = h * aspect100 / 100;
	else
		h = w * 100 / aspect100;
	o->x0 = o->cx - w / 2;
	o->x1 = o->x0 + w;
	o->y0 = o->cy - h / 2;
	o->y1 = o->y0 + h;
	o->w = w;
	o->h = h;
}

static void draw_book(struct canvas *cv, struct obj *o)
{
	int s = o->w / 10;

	fit(o, rnd(o->r, 62, 76));
	paint_rect_shaded(cv, o->x0, o->y0, o->x1, o->y1, o->c1, rgb_scale(o->c1, 210));
	paint_rect(cv, o->x0, o->y0, o->x0 + s, o->y1, rgb_scale(o->c1, 160));
	paint_rect(cv, o->x0 + s * 2, o->y0 + o->h / 10, o->x1 - s, o->y0 + o->h * 3 / 10, o->c3);
	paint_print(cv, o->x0 + s * 3, o->y0 + o->h / 8, o->x1 - s * 2, o->y0 + o->h * 3 / 11,
		    rgb_scale(o->c3, 90), o->h / 40 + 2, o->r);
	if (rng_below(o->r, 2))
		paint_ellipse(cv, o->cx + s / 2, o->y0 + o->h * 6 / 10, o->w / 4, o->h / 7, o->c2,
			      rgb_scale(o->c2, 200));
	else
		paint_rect(cv, o->x0 + s * 2, o->y0 + o->h * 4 / 10, o->x1 - s, o->y0 + o->h * 8 / 10,
			   o->c2);
}

static void draw_books(struct canvas *cv, struct obj *o)
{
	int n = rnd(o->r, 3, 7), x = o->x0, bw = o->w / n;

	for (int i = 0; i < n; i++, x += bw) {
		struct rgb c = pal_colour(o->r, o->pal);
		int top = o->y0 + rnd(o->r, 0, o->h / 5);

		paint_rect_shaded(cv, x, top, x + bw - 2, o->y1, c, rgb_scale(c, 190));
		paint_rect(cv, x + bw / 5, top + o->h / 8, x + bw * 4 / 5, top + o->h / 5, LIGHT);
		paint_print(cv, x + bw / 4, top + o->h / 3, x + bw * 3 / 4, o->y1 - o->h / 8,
			    rgb_scale(c, 120), 3, o->r);
	}
}

static void draw_magazine(struct canvas *cv, struct obj *o)
{
	struct rgb paper = jitter(o->r, (struct rgb){ 225, 215, 185 }, 14);
	int cols = rnd(o->r, 2, 3), cw;

	fit(o, rnd(o->r, 68, 80));
	paint_rect(cv, o->x0, o->y0, o->x1, o->y1, paper);
	paint_rect(cv, o->x0 + o->w / 12, o->y0 + o->h / 20, o->x1 - o->w / 12, o->y0 + o->h / 7,
		   rng_below(o->r, 3) ? BLACK : o->c3);
	cw = (o->w - o->w / 6) / cols;
	for (int i = 0; i < cols; i++) {
		int x = o->x0 + o->w / 12 + i * cw;

		paint_print(cv, x, o->y0 + o->h / 5, x + cw - 6, o->y1 - o->h / 14,
			    (struct rgb){ 70, 65, 60 }, 3, o->r);
	}
	if (rng_below(o->r, 2))
		paint_rect(cv, o->x0 + o->w / 12, o->y0 + o->h / 5, o->cx, o->cy + o->h / 8,
			   rgb_mix(GREY, o->c2, 60));
}

static void draw_gamecase(struct canvas *cv, struct obj *o)
{
	static const struct rgb bands[] = { { 20, 60, 160 }, { 20, 130, 40 }, { 210, 20, 30 },
					    { 235, 235, 235 }, { 20, 20, 20 } };
	struct rgb band = bands[rng_below(o->r, 5)];

	fit(o, rnd(o->r, 68, 76));
	paint_rect_shaded(cv, o->x0, o->y0, o->x1, o->y1, o->c1, o->c2);
	paint_rect(cv, o->x0, o->y0, o->x1, o->y0 + o->h / 8, band);
	paint_ellipse(cv, o->cx, o->cy + o->h / 10, o->w / 5, o->h / 4, o->c3, rgb_scale(o->c3, 150));
	paint_rect(cv, o->x0 + o->w / 10, o->y0 + o->h / 6, o->x1 - o->w / 10, o->y0 + o->h / 4, WHITE);
}

static void draw_controller(struct canvas *cv, struct obj *o)
{
	fit(o, rnd(o->r, 150, 175));
	paint_ellipse(cv, o->x0 + o->w / 5, o->cy + o->h / 6, o->w / 5, o->h / 3, o->c1, rgb_scale(o->c1, 180));
	paint_ellipse(cv, o->x1 - o->w / 5, o->cy + o->h / 6, o->w / 5, o->h / 3, o->c1, rgb_scale(o->c1, 180));
	paint_rect_shaded(cv, o->x0 + o->w / 6, o->y0 + o->h / 6, o->x1 - o->w / 6, o->cy + o->h / 5,
			  rgb_mix(o->c1, WHITE, 30), o->c1);
	paint_ellipse(cv, o->cx - o->w / 7, o->cy + o->h / 8, o->w / 16, o->w / 16, GREY, BLACK);
	paint_ellipse(cv, o->cx + o->w / 7, o->cy + o->h / 8, o->w / 16, o->w / 16, GREY, BLACK);
	for (int i = 0; i < 4; i++)
		paint_ellipse(cv, o->x1 - o->w / 5 + (i - 1) % 2 * o->w / 22,
			      o->cy - o->h / 10 + (i - 2) % 2 * o->w / 22, o->w / 40 + 1, o->w / 40 + 1,
			      o->c3, o->c3);
}

static void draw_console(struct canvas *cv, struct obj *o)
{
	int d = o->h / 5, xy[8];

	fit(o, rnd(o->r, 160, 220));
	xy[0] = o->x0; xy[1] = o->y0 + d;
	xy[2] = o->x0 + d; xy[3] = o->y0;
	xy[4] = o->x1; xy[5] = o->y0;
	xy[6] = o->x1 - d; xy[7] = o->y0 + d;
	paint_convex(cv, xy, 4, rgb_mix(o->c1, WHITE, 50));
	paint_rect_shaded(cv, o->x0, o->y0 + d, o->x1 - d, o->y1, o->c1, rgb_scale(o->c1, 170));
	paint_rect(cv, o->x0 + o->w / 10, o->cy, o->cx, o->cy + 4, BLACK);
	paint_ellipse(cv, o->x1 - d - o->w / 10, o->cy, 5, 5, o->c3, o->c3);
}

static void draw_screen(struct canvas *cv, struct obj *o)
{
	int hz = cv->h * rnd(o->r, 55, 75) / 100, xy[6];

	paint_ellipse(cv, rnd(o->r, cv->w / 5, cv->w * 4 / 5), hz / 2, cv->w / 9, cv->w / 9, o->c3,
		      rgb_mix(o->c3, WHITE, 120));
	for (int i = 0; i < 3; i++) {
		int x = rnd(o->r, -cv->w / 4, cv->w);

		xy[0] = x; xy[1] = hz;
		xy[2] = x + cv->w / 4; xy[3] = hz - rnd(o->r, cv->h / 6, cv->h / 3);
		xy[4] = x + cv->w / 2; xy[5] = hz;
		paint_convex(cv, xy, 3, rgb_scale(o->c2, 150 + 30 * i));
	}
	paint_rect_shaded(cv, 0, hz, cv->w, cv->h, rgb_scale(o->c1, 160), rgb_scale(o->c1, 90));
	paint_ellipse(cv, o->cx, o->y1 - o->h / 3, o->w / 10, o->h / 4, BLACK, BLACK);
	paint_ellipse(cv, o->cx, o->y1 - o->h / 3 - o->h / 3, o->w / 14, o->w / 14, BLACK, BLACK);
	paint_rect(cv, cv->w / 8, cv->h / 14, cv->w * 7 / 8, cv->h / 14 + cv->h / 10, rgb_scale(o->c3, 120));
	paint_print(cv, cv->w / 6, cv->h / 14 + 6, cv->w * 5 / 6, cv->h / 14 + cv->h / 10 - 6, WHITE,
		    cv->h / 40 + 2, o->r);
}

static void draw_figure(struct canvas *cv, struct obj *o, int size_div)
{
	int w = o->w / size_div, h = o->h / size_div, cx = o->cx, y1 = o->y1;
	struct rgb skin = rng_below(o->r, 2) ? (struct rgb){ 235, 195, 160 } : o->c2;

	paint_ellipse(cv, cx, y1 - h / 20, w / 3, h / 18, BLACK, rgb_scale(GREY, 120));
	paint_rect(cv, cx - w / 6, y1 - h * 4 / 10, cx - w / 30, y1 - h / 15, rgb_scale(o->c1, 170));
	paint_rect(cv, cx + w / 30, y1 - h * 4 / 10, cx + w / 6, y1 - h / 15, rgb_scale(o->c1, 170));
	paint_rect_shaded(cv, cx - w / 5, y1 - h * 7 / 10, cx + w / 5, y1 - h * 4 / 10, o->c1,
			  rgb_scale(o->c1, 200));
	paint_line(cv, cx - w / 5, y1 - h * 68 / 100, cx - w / 3, y1 - h / 2, w / 12 + 2, o->c1);
	paint_line(cv, cx + w / 5, y1 - h * 68 / 100, cx + w / 3, y1 - h / 2, w / 12 + 2, o->c1);
	paint_ellipse(cv, cx, y1 - h * 82 / 100, w / 4, h / 7, skin, rgb_scale(skin, 210));
	paint_ellipse(cv, cx - w / 12, y1 - h * 82 / 100, w / 40 + 1, w / 40 + 1, BLACK, BLACK);
	paint_ellipse(cv, cx + w / 12, y1 - h * 82 / 100, w / 40 + 1, w / 40 + 1, BLACK, BLACK);
}

static void draw_card(struct canvas *cv, struct obj *o)
{
	int b;

	o->w = o->w * 3 / 4;
	o->h = o->h * 3 / 4;
	fit(o, 72);
	b = o->w / 16;
	paint_rect(cv, o->x0, o->y0, o->x1, o->y1, o->c3);
	paint_rect_shaded(cv, o->x0 + b, o->y0 + b * 2, o->x1 - b, o->cy + o->h / 8, o->c1, o->c2);
	paint_ellipse(cv, o->cx, o->cy - o->h / 10, o->w / 5, o->w / 5, o->c2, o->c1);
	paint_rect(cv, o->x0 + b, o->cy + o->h / 6, o->x1 - b, o->y1 - b, LIGHT);
	paint_print(cv, o->x0 + 2 * b, o->cy + o->h / 5, o->x1 - 2 * b, o->y1 - 2 * b, GREY, 3, o->r);
}

static void draw_mini(struct canvas *cv, struct obj *o)
{
	int n = rnd(o->r, 1, 4);
	struct obj f = *o;

	for (int i = 0; i < n; i++) {
		f.cx = o->x0 + o->w * (2 * i + 1) / (2 * n);
		f.y1 = o->y1 - rnd(o->r, 0, o->h / 8);
		draw_figure(cv, &f, n > 2 ? 2 : 1);
	}
}

static void draw_plush(struct canvas *cv, struct obj *o)
{
	int rb = o->w / 3, rh = o->w / 4, hy = o->cy - o->h / 6;
	struct rgb belly = rgb_mix(o->c1, WHITE, 140);

	paint_ellipse(cv, o->cx, o->cy + o->h / 6, rb, rb * 9 / 10, o->c1, rgb_scale(o->c1, 200));
	paint_ellipse(cv, o->cx, o->cy + o->h / 5, rb / 2, rb / 2, belly, belly);
	paint_ellipse(cv, o->cx - rh * 3 / 4, hy - rh * 3 / 4, rh / 3, rh / 3, o->c1, o->c1);
	paint_ellipse(cv, o->cx + rh * 3 / 4, hy - rh * 3 / 4, rh / 3, rh / 3, o->c1, o->c1);
	paint_ellipse(cv, o->cx, hy, rh, rh * 9 / 10, rgb_mix(o->c1, WHITE, 30), o->c1);
	paint_ellipse(cv, o->cx - rh / 3, hy - rh / 8, rh / 9 + 1, rh / 9 + 1, BLACK, BLACK);
	paint_ellipse(cv, o->cx + rh / 3, hy - rh / 8, rh / 9 + 1, rh / 9 + 1, BLACK, BLACK);
	paint_ellipse(cv, o->cx, hy + rh / 4, rh / 6, rh / 8, o->c3, o->c3);
}

static void draw_box(struct canvas *cv, struct obj *o)
{
	int d, xy[8];

	fit(o, rnd(o->r, 100, 140));
	d = o->h / 6;
	xy[0] = o->x0; xy[1] = o->y0 + d;
	xy[2] = o->x0 + d; xy[3] = o->y0;
	xy[4] = o->x1; xy[5] = o->y0;
	xy[6] = o->x1 - d; xy[7] = o->y0 + d;
	paint_convex(cv, xy, 4, rgb_mix(o->c1, WHITE, 70));
	xy[0] = o->x1 - d; xy[1] = o->y0 + d;
	xy[2] = o->x1; xy[3] = o->y0;
	xy[4] = o->x1; xy[5] = o->y1 - d;
	xy[6] = o->x1 - d; xy[7] = o->y1;
	paint_convex(cv, xy, 4, rgb_scale(o->c1, 150));
	paint_rect(cv, o->x0, o->y0 + d, o->x1 - d, o->y1, o->c1);
	switch (rng_below(o->r, 3)) {
	case 0:
		paint_stripes(cv, o->x0, o->y0 + d, o->x1 - d, o->y1, o->c2, o->w / 8 + 2, o->w / 16 + 1, 2);
		break;
	case 1:
		paint_dots(cv, o->x0, o->y0 + d, o->x1 - d, o->y1, o->c2, o->w / 7 + 2, o->w / 30 + 1);
		break;
	default:
		paint_checker(cv, o->x0, o->y0 + d, o->x1 - d, o->y1, o->c2, o->w / 8 + 1);
	}
	paint_rect(cv, o->x0 + o->w / 8, o->y0 + d + o->h / 10, o->x1 - d - o->w / 8,
		   o->y0 + d + o->h / 4, o->c3);
}

static void draw_drone(struct canvas *cv, struct obj *o)
{
	int a = o->w * 4 / 10, rr = o->w / 7;

	for (int i = 0; i < 4; i++) {
		int sx = i & 1 ? 1 : -1, sy = i & 2 ? 1 : -1;

		paint_line(cv, o->cx, o->cy, o->cx + sx * a * 8 / 10, o->cy + sy * a * 6 / 10, o->w / 25 + 2, o->c1);
		paint_ellipse(cv, o->cx + sx * a * 8 / 10, o->cy + sy * a * 6 / 10, rr, rr / 4,
			      rgb_mix(LIGHT, o->c1, 40), LIGHT);
	}
	paint_ellipse(cv, o->cx, o->cy, o->w / 8, o->h / 10, rgb_mix(o->c1, WHITE, 40), o->c1);
	paint_ellipse(cv, o->cx, o->cy + o->h / 9, o->w / 25 + 2, o->w / 25 + 2, BLACK, BLACK);
}

static void draw_car(struct canvas *cv, struct obj *o)
{
	int xy[8], wr;

	fit(o, rnd(o->r, 170, 210));
	wr = o->h / 4;
	xy[0] = o->x0 + o->w / 5; xy[1] = o->cy;
	xy[2] = o->x0 + o->w * 2 / 5; xy[3] = o->y0;
	xy[4] = o->x1 - o->w / 3; xy[5] = o->y0;
	xy[6] = o->x1 - o->w / 5; xy[7] = o->cy;
	paint_convex(cv, xy, 4, rgb_mix(o->c1, BLACK, 120));
	paint_rect_shaded(cv, o->x0, o->cy, o->x1, o->y1 - wr, o->c1, rgb_scale(o->c1, 180));
	paint_ellipse(cv, o->x0 + o->w / 5, o->y1 - wr, wr, wr, BLACK, BLACK);
	paint_ellipse(cv, o->x1 - o->w / 5, o->y1 - wr, wr, wr, BLACK, BLACK);
	paint_ellipse(cv, o->x0 + o->w / 5, o->y1 - wr, wr / 2, wr / 2, GREY, GREY);
	paint_ellipse(cv, o->x1 - o->w / 5, o->y1 - wr, wr / 2, wr / 2, GREY, GREY);
}

static void draw_garment(struct canvas *cv, struct obj *o)
{
	int xy[8];

	fit(o, rnd(o->r, 80, 100));
	paint_line(cv, o->cx - o->w / 5, o->y0 + o->h / 8, o->x0, o->y0 + o->h / 3, o->w / 6, o->c1);
	paint_line(cv, o->cx + o->w / 5, o->y0 + o->h / 8, o->x1, o->y0 + o->h / 3, o->w / 6, o->c1);
	xy[0] = o->cx - o->w / 4; xy[1] = o->y0 + o->h / 14;
	xy[2] = o->cx + o->w / 4; xy[3] = o->y0 + o->h / 14;
	xy[4] = o->cx + o->w / 3; xy[5] = o->y1;
	xy[6] = o->cx - o->w / 3; xy[7] = o->y1;
	paint_convex(cv, xy, 4, o->c1);
	if (rng_below(o->r, 2))
		paint_dots(cv, o->cx - o->w / 5, o->y0 + o->h / 5, o->cx + o->w / 5, o->y1 - o->h / 10,
			   o->c2, o->w / 9 + 2, o->w / 40 + 1);
	else
		paint_stripes(cv, o->cx - o->w / 5, o->y0 + o->h / 5, o->cx + o->w / 5, o->y1 - o->h / 10,
			      o->c2, o->h / 10 + 2, o->h / 25 + 1, 0);
	paint_ellipse(cv, o->cx, o->y0 + o->h / 14, o->w / 10, o->h / 20, WHITE, WHITE);
}

static void draw_outdoor(struct canvas *cv, struct obj *o)
{
	switch (rng_below(o->r, 3)) {
	case 0: /* trampoline */
		for (int i = -1; i <= 1; i += 2)
			paint_line(cv, o->cx + i * o->w / 3, o->cy, o->cx + i * o->w / 3, o->y1, o->w / 30 + 2, GREY);
		paint_ellipse(cv, o->cx, o->cy, o->w / 2, o->h / 6, o->c1, o->c1);
		paint_ellipse(cv, o->cx, o->cy, o->w * 9 / 20, o->h * 3 / 20, BLACK, rgb_scale(GREY, 100));
		break;
	case 1: /* swing */
		paint_line(cv, o->x0, o->y1, o->x0 + o->w / 6, o->y0, o->w / 30 + 3, o->c1);
		paint_line(cv, o->x1, o->y1, o->x1 - o->w / 6, o->y0, o->w / 30 + 3, o->c1);
		paint_line(cv, o->x0 + o->w / 6, o->y0, o->x1 - o->w / 6, o->y0, o->w / 30 + 3, o->c1);
		paint_line(cv, o->cx - o->w / 10, o->y0, o->cx - o->w / 10, o->cy + o->h / 5, 3, GREY);
		paint_line(cv, o->cx + o->w / 10, o->y0, o->cx + o->w / 10, o->cy + o->h / 5, 3, GREY);
		paint_rect(cv, o->cx - o->w / 8, o->cy + o->h / 5, o->cx + o->w / 8, o->cy + o->h / 5 + o->h / 25 + 3, o->c2);
		break;
	default: /* slide */
		paint_line(cv, o->x0 + o->w / 5, o->y0 + o->h / 4, o->x1, o->y1, o->w / 8, o->c1);
		paint_line(cv, o->x0, o->y1, o->x0 + o->w / 5, o->y0 + o->h / 4, o->w / 30 + 3, o->c2);
		paint_stripes(cv, o->x0, o->y0 + o->h / 4, o->x0 + o->w / 5, o->y1, o->c2, o->h / 8 + 2, 4, 0);
	}
}

static void draw_stroller(struct canvas *cv, struct obj *o)
{
	int wr = o->w / 10;

	paint_line(cv, o->cx + o->w / 5, o->cy, o->x1, o->y0, o->w / 30 + 2, GREY);
	paint_ellipse(cv, o->cx - o->w / 10, o->y0 + o->h / 3, o->w / 4, o->h / 4, o->c1, rgb_scale(o->c1, 170));
	paint_rect_shaded(cv, o->x0 + o->w / 6, o->y0 + o->h / 3, o->cx + o->w / 5, o->cy + o->h / 6,
			  o->c1, rgb_scale(o->c1, 190));
	paint_line(cv, o->x0 + o->w / 4, o->cy + o->h / 6, o->x0 + o->w / 5, o->y1 - wr, 4, GREY);
	paint_line(cv, o->cx + o->w / 6, o->cy + o->h / 6, o->x1 - o->w / 4, o->y1 - wr, 4, GREY);
	paint_ellipse(cv, o->x0 + o->w / 5, o->y1 - wr, wr, wr, BLACK, BLACK);
	paint_ellipse(cv, o->x1 - o->w / 4, o->y1 - wr, wr, wr, BLACK, BLACK);
}

static void draw_chair(struct canvas *cv, struct obj *o)
{
	int lw = o->w / 25 + 2;

	fit(o, rnd(o->r, 60, 90));
	paint_rect_shaded(cv, o->x0 + o->w / 8, o->y0, o->x1 - o->w / 8, o->cy, o->c1, rgb_scale(o->c1, 190));
	paint_rect(cv, o->x0, o->cy, o->x1, o->cy + o->h / 10, rgb_mix(o->c1, WHITE, 40));
	paint_line(cv, o->x0 + lw, o->cy, o->x0 + lw, o->y1, lw, o->c2);
	paint_line(cv, o->x1 - lw, o->cy, o->x1 - lw, o->y1, lw, o->c2);
	paint_line(cv, o->x0 + o->w / 4, o->cy, o->x0 + o->w / 4, o->y1 - o->h / 12, lw, rgb_scale(o->c2, 160));
	paint_line(cv, o->x1 - o->w / 4, o->cy, o->x1 - o->w / 4, o->y1 - o->h / 12, lw, rgb_scale(o->c2, 160));
}

static void draw_sofa(struct canvas *cv, struct obj *o)
{
	fit(o, rnd(o->r, 170, 230));
	paint_rect_shaded(cv, o->x0 + o->w / 12, o->y0, o->x1 - o->w / 12, o->cy, rgb_mix(o->c1, WHITE, 30), o->c1);
	paint_rect_shaded(cv, o->x0, o->cy, o->x1, o->y1 - o->h / 8, o->c1, rgb_scale(o->c1, 180));
	paint_rect(cv, o->x0, o->y0 + o->h / 4, o->x0 + o->w / 10, o->y1 - o->h / 8, rgb_scale(o->c1, 170));
	paint_rect(cv, o->x1 - o->w / 10, o->y0 + o->h / 4, o->x1, o->y1 - o->h / 8, rgb_scale(o->c1, 170));
	paint_rect(cv, o->x0 + o->w / 8, o->y1 - o->h / 8, o->x0 + o->w / 8 + 8, o->y1, BLACK);
	paint_rect(cv, o->x1 - o->w / 8 - 8, o->y1 - o->h / 8, o->x1 - o->w / 8, o->y1, BLACK);
	if (rng_below(o->r, 2))
		paint_rect(cv, o->cx - o->w / 8, o->y0 + o->h / 6, o->cx + o->w / 8, o->cy, o->c2);
}

static void draw_pattern(struct canvas *cv, struct obj *o, int x0, int y0, int x1, int y1)
{
	switch (rng_below(o->r, 4)) {
	case 0: paint_stripes(cv, x0, y0, x1, y1, o->c2, o->w / 10 + 2, o->w / 24 + 1, rnd(o->r, 0, 2)); break;
	case 1: paint_checker(cv, x0, y0, x1, y1, o->c2, o->w / 10 + 1); break;
	case 2: paint_dots(cv, x0, y0, x1, y1, o->c2, o->w / 8 + 2, o->w / 36 + 1); break;
	default: break;
	}
}

static void draw_textile(struct canvas *cv, struct obj *o)
{
	o->x0 -= o->w / 6;
	o->x1 += o->w / 6;
	o->w = o->x1 - o->x0;
	paint_rect_shaded(cv, o->x0, o->y0, o->x1, o->y1, o->c1, rgb_scale(o->c1, 215));
	draw_pattern(cv, o, o->x0, o->y0, o->x1, o->y1);
	for (int i = 1; i < 4; i++)
		paint_rect(cv, o->x0, o->y0 + i * o->h / 4, o->x1, o->y0 + i * o->h / 4 + o->h / 40 + 1,
			   rgb_scale(o->c1, 200));
}

static void draw_cushion(struct canvas *cv, struct obj *o)
{
	int r;

	fit(o, 100);
	r = o->w / 6;
	paint_rect(cv, o->x0 + r, o->y0, o->x1 - r, o->y1, o->c1);
	paint_rect(cv, o->x0, o->y0 + r, o->x1, o->y1 - r, o->c1);
	paint_ellipse(cv, o->x0 + r, o->y0 + r, r, r, o->c1, o->c1);
	paint_ellipse(cv, o->x1 - r, o->y0 + r, r, r, o->c1, o->c1);
	paint_ellipse(cv, o->x0 + r, o->y1 - r, r, r, o->c1, o->c1);
	paint_ellipse(cv, o->x1 - r, o->y1 - r, r, r, o->c1, o->c1);
	draw_pattern(cv, o, o->x0 + r, o->y0 + r, o->x1 - r, o->y1 - r);
}

static void draw_jar(struct canvas *cv, struct obj *o)
{
	fit(o, rnd(o->r, 45, 80));
	paint_rect_shaded(cv, o->x0, o->y0 + o->h / 6, o->x1, o->y1, rgb_mix(o->c1, WHITE, 50), o->c1);
	paint_rect(cv, o->x0 + o->w / 8, o->y0, o->x1 - o->w / 8, o->y0 + o->h / 6, o->c3);
	paint_rect(cv, o->x0, o->cy - o->h / 8, o->x1, o->cy + o->h / 5, o->c2);
	paint_print(cv, o->x0 + o->w / 6, o->cy - o->h / 12, o->x1 - o->w / 6, o->cy + o->h / 6,
		    rgb_scale(o->c2, 100), 4, o->r);
}

static void draw_frame(struct canvas *cv, struct obj *o)
{
	int b;

	fit(o, rnd(o->r, 70, 140));
	b = o->w / 14 + 2;
	paint_rect(cv, o->x0, o->y0, o->x1, o->y1, rgb_scale(o->c3, 140));
	paint_rect_shaded(cv, o->x0 + b, o->y0 + b, o->x1 - b, o->y1 - b, o->c1, o->c2);
	paint_ellipse(cv, o->cx, o->cy, o->w / 6, o->w / 6, rgb_mix(o->c3, WHITE, 100), o->c3);
}

static void draw_lamp(struct canvas *cv, struct obj *o)
{
	int xy[8];
	struct rgb shade = rgb_mix(o->c1, WHITE, 120);

	paint_ellipse(cv, o->cx, o->y1 - o->h / 20, o->w / 5, o->h / 20, o->c2, rgb_scale(o->c2, 150));
	paint_line(cv, o->cx, o->y1 - o->h / 20, o->cx, o->cy, o->w / 30 + 2, o->c2);
	xy[0] = o->cx - o->w / 8; xy[1] = o->y0;
	xy[2] = o->cx + o->w / 8; xy[3] = o->y0;
	xy[4] = o->cx + o->w / 4; xy[5] = o->cy;
	xy[6] = o->cx - o->w / 4; xy[7] = o->cy;
	paint_ellipse(cv, o->cx, o->cy, o->w / 3, o->h / 6, rgb_mix(shade, WHITE, 80), shade);
	paint_convex(cv, xy, 4, shade);
}

static void draw_petbed(struct canvas *cv, struct obj *o)
{
	fit(o, rnd(o->r, 130, 170));
	paint_ellipse(cv, o->cx, o->cy, o->w / 2, o->h / 2, o->c1, rgb_scale(o->c1, 170));
	paint_ellipse(cv, o->cx, o->cy + o->h / 12, o->w * 7 / 20, o->h * 6 / 20, rgb_mix(o->c2, WHITE, 90),
		      o->c2);
	if (rng_below(o->r, 2))
		paint_dots(cv, o->cx - o->w / 4, o->cy - o->h / 8, o->cx + o->w / 4, o->cy + o->h / 4,
			   o->c3, o->w / 8 + 2, o->w / 40 + 1);
}

static void draw_pens(struct canvas *cv, struct obj *o)
{
	int n = rnd(o->r, 1, 6), lw = o->w / 14 + 3;

	for (int i = 0; i < n; i++) {
		struct rgb c = pal_colour(o->r, o->pal);
		int off = (i - n / 2) * lw * 2;

		paint_line(cv, o->x0 + o->w / 6 + off, o->y1 - o->h / 6, o->x1 - o->w / 6 + off, o->y0 + o->h / 6, lw, c);
		paint_line(cv, o->x1 - o->w / 6 + off, o->y0 + o->h / 6, o->x1 - o->w / 9 + off, o->y0 + o->h / 9, lw, BLACK);
	}
}

static void draw_notebook(struct canvas *cv, struct obj *o)
{
	fit(o, rnd(o->r, 68, 76));
	paint_rect_shaded(cv, o->x0, o->y0, o->x1, o->y1, o->c1, rgb_scale(o->c1, 215));
	for (int y = o->y0 + o->h / 20; y < o->y1 - 4; y += o->h / 20 + 2)
		paint_ellipse(cv, o->x0 + o->w / 16, y, o->w / 40 + 1, o->w / 40 + 1, GREY, BLACK);
	paint_rect(cv, o->x0 + o->w / 4, o->y0 + o->h / 6, o->x1 - o->w / 8, o->y0 + o->h / 3, WHITE);
	paint_print(cv, o->x0 + o->w / 4 + 6, o->y0 + o->h / 6 + 6, o->x1 - o->w / 8 - 6,
		    o->y0 + o->h / 3 - 6, GREY, 3, o->r);
}

static void draw_garden(struct canvas *cv, struct obj *o)
{
	int lw = o->w / 30 + 3;

	switch (rng_below(o->r, 3)) {
	case 0: /* table and parasol */
		paint_line(cv, o->cx, o->y0 + o->h / 6, o->cx, o->y1, lw, GREY);
		{
			int xy[6] = { o->x0, o->y0 + o->h / 4, o->cx, o->y0, o->x1, o->y0 + o->h / 4 };

			paint_convex(cv, xy, 3, o->c2);
		}
		paint_ellipse(cv, o->cx, o->cy + o->h / 6, o->w * 4 / 10, o->h / 12, rgb_mix(o->c1, WHITE, 40), o->c1);
		paint_line(cv, o->cx - o->w / 4, o->cy + o->h / 6, o->cx - o->w / 4, o->y1, lw, o->c1);
		paint_line(cv, o->cx + o->w / 4, o->cy + o->h / 6, o->cx + o->w / 4, o->y1, lw, o->c1);
		break;
	case 1: /* lounger */
		paint_line(cv, o->x0, o->cy, o->cx + o->w / 6, o->cy, o->h / 8, o->c1);
		paint_line(cv, o->cx + o->w / 6, o->cy, o->x1, o->y0 + o->h / 5, o->h / 8, o->c1);
		paint_line(cv, o->x0 + o->w / 10, o->cy, o->x0 + o->w / 10, o->y1 - o->h / 5, lw, o->c2);
		paint_line(cv, o->cx, o->cy, o->cx, o->y1 - o->h / 5, lw, o->c2);
		break;
	default: /* bench */
		paint_rect(cv, o->x0, o->cy - o->h / 4, o->x1, o->cy - o->h / 10, o->c1);
		paint_rect(cv, o->x0, o->cy, o->x1, o->cy + o->h / 10, rgb_mix(o->c1, WHITE, 40));
		paint_line(cv, o->x0 + lw, o->cy - o->h / 4, o->x0 + lw, o->y1 - o->h / 5, lw, o->c2);
		paint_line(cv, o->x1 - lw, o->cy - o->h / 4, o->x1 - lw, o->y1 - o->h / 5, lw, o->c2);
	}
}

static void draw_pool(struct canvas *cv, struct obj *o)
{
	struct rgb water = jitter(o->r, (struct rgb){ 40, 170, 220 }, 20);

	o->x0 -= o->w / 8;
	o->x1 += o->w / 8;
	o->w = o->x1 - o->x0;
	if (rng_below(o->r, 3)) {
		paint_rect_shaded(cv, o->x0, o->cy, o->x1, o->y1, o->c1, rgb_scale(o->c1, 170));
		paint_ellipse(cv, o->cx, o->cy, o->w / 2, o->h / 5, LIGHT, LIGHT);
		paint_ellipse(cv, o->cx, o->cy, o->w * 9 / 20, o->h / 6, rgb_mix(water, WHITE, 70), water);
		paint_ellipse(cv, o->cx, o->y1, o->w / 2, o->h / 8, rgb_scale(o->c1, 170), rgb_scale(o->c1, 170));
	} else {
		paint_ellipse(cv, o->cx, o->cy, o->w / 2, o->h / 3, o->c3, rgb_scale(o->c3, 190));
		paint_ellipse(cv, o->cx, o->cy, o->w / 4, o->h / 6, water, water);
	}
}

static void draw_pump(struct canvas *cv, struct obj *o)
{
	fit(o, rnd(o->r, 70, 110));
	paint_line(cv, o->x0, o->cy + o->h / 5, o->cx, o->cy + o->h / 5, o->w / 10, rgb_scale(GREY, 120));
	paint_rect_shaded(cv, o->cx - o->w / 4, o->y0 + o->h / 5, o->cx + o->w / 4, o->y1, o->c1,
			  rgb_scale(o->c1, 170));
	paint_ellipse(cv, o->cx, o->y0 + o->h / 5, o->w / 4, o->h / 6, rgb_mix(o->c1, WHITE, 120),
		      rgb_mix(o->c1, WHITE, 40));
	paint_rect(cv, o->cx - o->w / 3, o->y1 - o->h / 10, o->cx + o->w / 3, o->y1, BLACK);
}

static void draw_tool(struct canvas *cv, struct obj *o)
{
	switch (rng_below(o->r, 3)) {
	case 0: /* hedge trimmer */
		paint_line(cv, o->x0, o->cy + o->h / 8, o->cx, o->cy, o->h / 12 + 3, LIGHT);
		paint_stripes(cv, o->x0, o->cy - o->h / 8, o->cx, o->cy + o->h / 4, GREY, 12, 4, 1);
		paint_ellipse(cv, o->cx + o->w / 6, o->cy, o->w / 5, o->h / 8, o->c1, rgb_scale(o->c1, 170));
		paint_line(cv, o->cx + o->w / 5, o->cy - o->h / 8, o->x1, o->cy, o->h / 14 + 3, o->c2);
		break;
	case 1: /* drill */
		paint_rect_shaded(cv, o->x0 + o->w / 5, o->y0 + o->h / 5, o->x1 - o->w / 6, o->cy, o->c1,
				  rgb_scale(o->c1, 170));
		paint_rect(cv, o->x0, o->y0 + o->h / 3, o->x0 + o->w / 5, o->y0 + o->h / 3 + o->h / 14, GREY);
		paint_line(cv, o->cx + o->w / 10, o->cy, o->cx, o->y1 - o->h / 6, o->w / 7, o->c2);
		paint_rect(cv, o->cx - o->w / 6, o->y1 - o->h / 6, o->cx + o->w / 8, o->y1, o->c2);
		break;
	default: /* hose reel */
		paint_ellipse(cv, o->cx, o->cy, o->w / 3, o->w / 3, o->c1, rgb_scale(o->c1, 170));
		paint_ellipse(cv, o->cx, o->cy, o->w / 6, o->w / 6, WHITE, LIGHT);
		paint_line(cv, o->cx + o->w / 3, o->cy, o->x1, o->y1, o->w / 25 + 3, o->c2);
	}
}

static void draw_pot(struct canvas *cv, struct obj *o)
{
	int xy[8];
	struct rgb leaf = jitter(o->r, (struct rgb){ 50, 140, 60 }, 30);

	for (int i = 0; i < 5; i++)
		paint_ellipse(cv, o->cx + rnd(o->r, -o->w / 5, o->w / 5), o->y0 + o->h / 4 + rnd(o->r, -o->h / 8, o->h / 8),
			      o->w / 6, o->h / 8, rgb_mix(leaf, WHITE, 40), leaf);
	xy[0] = o->cx - o->w / 4; xy[1] = o->cy;
	xy[2] = o->cx + o->w / 4; xy[3] = o->cy;
	xy[4] = o->cx + o->w / 6; xy[5] = o->y1;
	xy[6] = o->cx - o->w / 6; xy[7] = o->y1;
	paint_convex(cv, xy, 4, o->c1);
	paint_rect(cv, o->cx - o->w / 4 - 4, o->cy, o->cx + o->w / 4 + 4, o->cy + o->h / 14, rgb_scale(o->c1, 200));
}

/* ---- the future's product lines ---- */

static void draw_gadget(struct canvas *cv, struct obj *o)
{
	/* a smart speaker or fountain: a cylinder with a light ring and a small screen */
	struct rgb led = pal_colour(o->r, PAL_NEON);

	fit(o, rnd(o->r, 50, 75));
	paint_ellipse(cv, o->cx, o->y1 - o->w / 6, o->w / 2, o->w / 6, rgb_scale(o->c1, 150), rgb_scale(o->c1, 120));
	paint_rect_shaded(cv, o->x0, o->y0 + o->w / 6, o->x1, o->y1 - o->w / 6, rgb_mix(o->c1, WHITE, 40),
			  rgb_scale(o->c1, 170));
	paint_ellipse(cv, o->cx, o->y0 + o->w / 6, o->w / 2, o->w / 6, led, led);
	paint_ellipse(cv, o->cx, o->y0 + o->w / 6, o->w * 2 / 5, o->w / 8, rgb_mix(o->c1, WHITE, 60), o->c1);
	paint_rect(cv, o->cx - o->w / 4, o->cy - o->h / 12, o->cx + o->w / 4, o->cy + o->h / 12, BLACK);
	paint_print(cv, o->cx - o->w / 5, o->cy - o->h / 20, o->cx + o->w / 5, o->cy + o->h / 14, led,
		    o->h / 60 + 2, o->r);
}

static void draw_panel(struct canvas *cv, struct obj *o)
{
	/* a solar panel on its stand: a grid of dark blue cells in a frame */
	int cols = rnd(o->r, 3, 6), rows = rnd(o->r, 2, 4), gap = o->w / 60 + 1, xy[8];
	struct rgb cell = jitter(o->r, (struct rgb){ 30, 50, 110 }, 20);

	fit(o, rnd(o->r, 120, 170));
	paint_line(cv, o->cx, o->cy, o->cx - o->w / 5, o->y1 + o->h / 4, o->w / 40 + 2, GREY);
	xy[0] = o->x0 + o->w / 10; xy[1] = o->y0;
	xy[2] = o->x1; xy[3] = o->y0;
	xy[4] = o->x1 - o->w / 10; xy[5] = o->y1;
	xy[6] = o->x0; xy[7] = o->y1;
	paint_convex(cv, xy, 4, LIGHT);
	for (int j = 0; j < rows; j++)
		for (int i = 0; i < cols; i++) {
			int y0 = o->y0 + gap + j * (o->h - gap) / rows, y1 = o->y0 + (j + 1) * (o->h - gap) / rows;
			int sh = o->w / 10 * (o->y1 - y0) / (o->h + 1);
			int x0 = o->x0 + sh + gap + i * (o->w * 9 / 10 - gap) / cols;
			int x1 = o->x0 + sh + (i + 1) * (o->w * 9 / 10 - gap) / cols;

			paint_rect_shaded(cv, x0, y0, x1, y1, rgb_mix(cell, o->c3, 30), cell);
		}
}

static void draw_headset(struct canvas *cv, struct obj *o)
{
	/* a VR headset: a wide rounded visor, a dark glossy face, a strap */
	int rr;

	fit(o, rnd(o->r, 170, 210));
	rr = o->h / 2;
	paint_line(cv, o->x0, o->cy, o->x0 - o->w / 8, o->y0 - o->h / 3, o->h / 6 + 2, rgb_scale(o->c2, 160));
	paint_line(cv, o->x1, o->cy, o->x1 + o->w / 8, o->y0 - o->h / 3, o->h / 6 + 2, rgb_scale(o->c2, 160));
	paint_ellipse(cv, o->x0 + rr, o->cy, rr, rr, o->c1, rgb_scale(o->c1, 170));
	paint_ellipse(cv, o->x1 - rr, o->cy, rr, rr, o->c1, rgb_scale(o->c1, 170));
	paint_rect_shaded(cv, o->x0 + rr, o->y0, o->x1 - rr, o->y1, rgb_mix(o->c1, WHITE, 40), rgb_scale(o->c1, 170));
	paint_rect(cv, o->x0 + o->w / 8, o->y0 + o->h / 5, o->x1 - o->w / 8, o->y1 - o->h / 5, BLACK);
	paint_rect_blend(cv, o->x0 + o->w / 6, o->y0 + o->h / 4, o->cx, o->cy - o->h / 10, WHITE, 70);
}

static void draw_pod(struct canvas *cv, struct obj *o)
{
	/* an egg chair or cocoon hanging from its stand, a cushion inside */
	int lw = o->w / 40 + 2;

	fit(o, rnd(o->r, 60, 80));
	paint_line(cv, o->cx, o->y0 - o->h / 8, o->cx, o->y0 + o->h / 10, lw, GREY);
	paint_line(cv, o->cx, o->y0 - o->h / 8, o->x1 + o->w / 4, o->y0, lw, GREY);
	paint_line(cv, o->x1 + o->w / 4, o->y0, o->x1 + o->w / 5, o->y1 + o->h / 10, lw, GREY);
	paint_ellipse(cv, o->cx, o->cy, o->w / 2, o->h / 2, rgb_mix(o->c1, WHITE, 40), rgb_scale(o->c1, 170));
	paint_stripes(cv, o->x0 + o->w / 6, o->y0 + o->h / 8, o->x1 - o->w / 6, o->y1 - o->h / 8,
		      rgb_scale(o->c1, 200), o->w / 10 + 2, 2, 2);
	paint_ellipse(cv, o->cx, o->cy + o->h / 12, o->w / 3, o->h / 3, rgb_scale(o->c1, 110), rgb_scale(o->c1, 80));
	paint_ellipse(cv, o->cx, o->cy + o->h / 4, o->w / 4, o->h / 8, o->c2, rgb_scale(o->c2, 190));
}

static void draw_neon(struct canvas *cv, struct obj *o)
{
	/* a neon sign: glowing tubes on a clear backplate */
	struct rgb c = pal_colour(o->r, PAL_NEON);
	int lw = o->w / 30 + 2, n = rnd(o->r, 3, 6), x = o->x0 + o->w / 8, y = o->cy;

	paint_rect_blend(cv, o->x0, o->y0 + o->h / 6, o->x1, o->y1 - o->h / 6, BLACK, 60);
	for (int i = 0; i < n; i++) {
		int nx = o->x0 + o->w / 8 + (int)rng_below(o->r, (uint64_t)(o->w * 3 / 4 + 1));
		int ny = o->y0 + o->h / 4 + (int)rng_below(o->r, (uint64_t)(o->h / 2 + 1));

		paint_line(cv, x, y, nx, ny, lw * 3, rgb_mix(c, WHITE, 40));
		x = nx;
		y = ny;
	}
	x = o->x0 + o->w / 8;
	y = o->cy;
	paint_ellipse(cv, o->cx, o->cy, o->w / 5, o->h / 5, rgb_mix(o->c2, WHITE, 100), o->c2);
	paint_line(cv, x, y, o->x1 - o->w / 8, o->cy - o->h / 6, lw, WHITE);
}

static void draw_tub(struct canvas *cv, struct obj *o)
{
	/* a wooden hot tub: staves, two hoops, steaming water */
	struct rgb wood = jitter(o->r, (struct rgb){ 150, 100, 60 }, 20);
	struct rgb water = jitter(o->r, (struct rgb){ 60, 170, 200 }, 20);

	fit(o, rnd(o->r, 140, 170));
	paint_rect_shaded(cv, o->x0, o->y0 + o->h / 5, o->x1, o->y1 - o->h / 8, wood, rgb_scale(wood, 170));
	paint_stripes(cv, o->x0, o->y0 + o->h / 5, o->x1, o->y1 - o->h / 8, rgb_scale(wood, 150),
		      o->w / 12 + 2, 2, 1);
	paint_ellipse(cv, o->cx, o->y1 - o->h / 8, o->w / 2, o->h / 8, rgb_scale(wood, 160), rgb_scale(wood, 130));
	for (int i = 1; i <= 2; i++)
		paint_rect(cv, o->x0, o->y0 + o->h / 5 + i * o->h / 4, o->x1, o->y0 + o->h / 5 + i * o->h / 4 + o->h / 30 + 1,
			   rgb_scale(o->c3, 120));
	paint_ellipse(cv, o->cx, o->y0 + o->h / 5, o->w / 2, o->h / 6, rgb_mix(wood, WHITE, 40), wood);
	paint_ellipse(cv, o->cx, o->y0 + o->h / 5, o->w * 9 / 20, o->h / 8, rgb_mix(water, WHITE, 80), water);
	paint_rect_blend(cv, o->cx - o->w / 4, o->y0 - o->h / 6, o->cx + o->w / 4, o->y0 + o->h / 8, WHITE, 60);
}

static void draw_robot(struct canvas *cv, struct obj *o)
{
	struct rgb led = pal_colour(o->r, PAL_NEON);

	if (rng_below(o->r, 2)) { /* a toy robot: box body, square head, antenna, LED eyes */
		int w = o->w / 2, h = o->h;

		paint_line(cv, o->cx, o->y0, o->cx, o->y0 + h / 6, o->w / 40 + 2, GREY);
		paint_ellipse(cv, o->cx, o->y0, o->w / 30 + 2, o->w / 30 + 2, led, led);
		paint_rect_shaded(cv, o->cx - w / 3, o->y0 + h / 6, o->cx + w / 3, o->y0 + h * 2 / 5,
				  rgb_mix(o->c1, WHITE, 50), o->c1);
		paint_rect(cv, o->cx - w / 5, o->y0 + h / 4, o->cx - w / 12, o->y0 + h / 3, led);
		paint_rect(cv, o->cx + w / 12, o->y0 + h / 4, o->cx + w / 5, o->y0 + h / 3, led);
		paint_rect_shaded(cv, o->cx - w / 2, o->y0 + h * 2 / 5, o->cx + w / 2, o->y1 - h / 6, o->c1,
				  rgb_scale(o->c1, 170));
		paint_ellipse(cv, o->cx, o->cy + h / 10, w / 6, w / 6, o->c2, o->c2);
		paint_rect(cv, o->cx - w / 3, o->y1 - h / 6, o->cx - w / 8, o->y1, rgb_scale(o->c1, 140));
		paint_rect(cv, o->cx + w / 8, o->y1 - h / 6, o->cx + w / 3, o->y1, rgb_scale(o->c1, 140));
	} else { /* a robot mower or vacuum: a low rounded shell with a bumper and a sensor */
		fit(o, rnd(o->r, 180, 240));
		paint_ellipse(cv, o->cx, o->y1 - o->h / 6, o->w / 2, o->h / 6, BLACK, BLACK);
		paint_ellipse(cv, o->cx, o->cy, o->w / 2, o->h / 2, rgb_mix(o->c1, WHITE, 40), rgb_scale(o->c1, 160));
		paint_ellipse(cv, o->cx + o->w / 6, o->cy - o->h / 6, o->w / 8, o->h / 6, BLACK, rgb_scale(GREY, 120));
		paint_rect(cv, o->x0 + o->w / 6, o->cy + o->h / 8, o->cx, o->cy + o->h / 5, led);
	}
}

static void draw_phone(struct canvas *cv, struct obj *o)
{
	/* a phone or tablet showing an app: tiles, a banner, a glossy edge */
	int b, tiles = rnd(o->r, 2, 3);

	fit(o, rng_below(o->r, 2) ? rnd(o->r, 48, 56) : rnd(o->r, 130, 150));
	b = o->w / 16 + 2;
	paint_rect(cv, o->x0, o->y0, o->x1, o->y1, BLACK);
	paint_rect_shaded(cv, o->x0 + b, o->y0 + b, o->x1 - b, o->y1 - b, o->c1, o->c2);
	paint_rect(cv, o->x0 + b, o->y0 + b, o->x1 - b, o->y0 + b + o->h / 8, o->c3);
	for (int j = 0; j < tiles; j++)
		for (int i = 0; i < tiles; i++) {
			int cw = (o->w - 2 * b) / tiles, ch = (o->h * 3 / 4 - 2 * b) / tiles;
			int x = o->x0 + b + i * cw + cw / 6, y = o->y0 + b + o->h / 6 + j * ch + ch / 6;

			paint_rect(cv, x, y, x + cw * 2 / 3, y + ch * 2 / 3, pal_colour(o->r, PAL_NEON));
		}
	paint_rect_blend(cv, o->x0 + b, o->y0 + b, o->cx, o->y1 - b, WHITE, 30);
}

static void draw_object(struct canvas *cv, struct obj *o, int shape)
{
	switch (shape) {
	case SH_BOOK: draw_book(cv, o); break;
	case SH_BOOKS: draw_books(cv, o); break;
	case SH_MAGAZINE: draw_magazine(cv, o); break;
	case SH_GAMECASE: draw_gamecase(cv, o); break;
	case SH_CASES: {
		struct obj c = *o;
		int n = rnd(o->r, 2, 5);

		if (rng_below(o->r, 2))
			draw_console(cv, &c);
		for (int i = 0; i < n; i++) {
			c = *o;
			c.w = c.h = o->w * 2 / 5;
			c.cx = o->x0 + rnd(o->r, o->w / 5, o->w * 4 / 5);
			c.cy = o->y0 + rnd(o->r, o->h / 5, o->h * 4 / 5);
			c.c1 = pal_colour(o->r, o->pal);
			c.c2 = pal_colour(o->r, PAL_BRIGHT);
			draw_gamecase(cv, &c);
		}
		break;
	}
	case SH_CONTROLLER: draw_controller(cv, o); break;
	case SH_CONSOLE: draw_console(cv, o); break;
	case SH_SCREEN: draw_screen(cv, o); break;
	case SH_FIGURE: draw_figure(cv, o, 1); break;
	case SH_CARD: draw_card(cv, o); break;
	case SH_MINI: draw_mini(cv, o); break;
	case SH_PLUSH: draw_plush(cv, o); break;
	case SH_BOX: draw_box(cv, o); break;
	case SH_DRONE: draw_drone(cv, o); break;
	case SH_CAR: draw_car(cv, o); break;
	case SH_GARMENT: draw_garment(cv, o); break;
	case SH_OUTDOOR: draw_outdoor(cv, o); break;
	case SH_STROLLER: draw_stroller(cv, o); break;
	case SH_CHAIR: draw_chair(cv, o); break;
	case SH_SOFA: draw_sofa(cv, o); break;
	case SH_TEXTILE: draw_textile(cv, o); break;
	case SH_CUSHION: draw_cushion(cv, o); break;
	case SH_JAR: draw_jar(cv, o); break;
	case SH_FRAME: draw_frame(cv, o); break;
	case SH_LAMP: draw_lamp(cv, o); break;
	case SH_PETBED: draw_petbed(cv, o); break;
	case SH_PENS: draw_pens(cv, o); break;
	case SH_NOTEBOOK: draw_notebook(cv, o); break;
	case SH_GARDEN: draw_garden(cv, o); break;
	case SH_POOL: draw_pool(cv, o); break;
	case SH_PUMP: draw_pump(cv, o); break;
	case SH_TOOL: draw_tool(cv, o); break;
	case SH_GADGET: draw_gadget(cv, o); break;
	case SH_PANEL: draw_panel(cv, o); break;
	case SH_HEADSET: draw_headset(cv, o); break;
	case SH_POD: draw_pod(cv, o); break;
	case SH_NEON: draw_neon(cv, o); break;
	case SH_TUB: draw_tub(cv, o); break;
	case SH_ROBOT: draw_robot(cv, o); break;
	case SH_PHONE: draw_phone(cv, o); break;
	default: draw_pot(cv, o); break;
	}
}

/* ---- the photo ---- */

static const struct synth_look *pick_look(const struct synth_look *l, struct rng *r)
{
	double w[SYNTH_MAX_LOOKS];
	size_t n = 0;

	while (n < SYNTH_MAX_LOOKS && l[n].weight) {
		w[n] = l[n].weight;
		n++;
	}
	return &l[rng_choose(r, w, n)];
}

/* The object of another category: of the same group most of the time. */
static int other_shape(int cls, int future, struct rng *r)
{
	enum synth_group g = synth_classes[cls].group;
	int k;

	do
		k = (int)rng_below(r, SYNTH_NCLASS);
	while (k == cls || (g != SYNTH_G_NONE && synth_classes[k].group != g &&
			    rng_uniform(r) < 0.8));
	return pick_look(future ? synth_future_looks[k] : synth_looks[k], r)->shape;
}

static void place(struct obj *o, int cx, int cy, int size)
{
	o->w = o->h = size;
	o->cx = cx;
	o->cy = cy;
	o->x0 = cx - size / 2;
	o->x1 = o->x0 + size;
	o->y0 = cy - size / 2;
	o->y1 = o->y0 + size;
}

/* A prop of any category beside the product: clutter on the table, an accessory. */
static void draw_prop(struct canvas *cv, struct rng *r, int side)
{
	int k = (int)rng_below(r, SYNTH_NCLASS), shape = pick_look(synth_looks[k], r)->shape;
	struct obj p;

	if (shape == SH_SCREEN || shape == SH_TEXTILE || shape == SH_POOL)
		shape = SH_BOX;
	p.r = r;
	p.pal = (int)rng_below(r, PAL_PAST_COUNT);
	place(&p, rnd(r, 0, cv->w), rnd(r, cv->h / 4, cv->h), (int)(side * runi(r, 0.15, 0.4)));
	p.c1 = pal_colour(r, p.pal);
	p.c2 = pal_colour(r, p.pal);
	p.c3 = pal_colour(r, PAL_BRIGHT);
	draw_object(cv, &p, shape);
}

/* A hand holding the product, coming in from a side. */
static void draw_hand(struct canvas *cv, struct obj *o, struct rng *r)
{
	static const struct rgb skins[] = { { 240, 200, 170 }, { 220, 170, 130 }, { 170, 120, 85 },
					    { 110, 75, 55 } };
	struct rgb skin = jitter(r, skins[rng_below(r, 4)], 10);
	int left = (int)rng_below(r, 2), pw = o->w / 3 + 4, fw = o->w / 16 + 2;
	int px = left ? o->x0 - pw / 3 : o->x1 + pw / 3, py = o->cy + rnd(r, -o->h / 5, o->h / 4);

	paint_rect(cv, left ? 0 : px, py - pw / 4, left ? px : cv->w, py + pw / 4, rgb_scale(skin, 200));
	paint_ellipse(cv, px, py, pw / 2, pw / 2, skin, rgb_scale(skin, 210));
	for (int i = 0; i < 4; i++) {
		int fy = py - pw / 3 + i * pw / 5;

		paint_line(cv, px, fy, px + (left ? 1 : -1) * pw * 2 / 3, fy - pw / 10, fw, skin);
	}
}

/* What sellers add on top: a price sticker or a promotion badge on the product. */
static void draw_sticker(struct canvas *cv, struct obj *o, struct rng *r)
{
	static const struct rgb inks[] = { { 230, 30, 40 }, { 250, 210, 0 }, { 250, 250, 250 },
					   { 20, 150, 60 } };
	struct rgb c = inks[rng_below(r, 4)];
	int s = o->w / 5 + 3, x = rnd(r, o->x0, o->x1), y = rnd(r, o->y0, o->y1);

	if (rng_below(r, 2)) {
		paint_ellipse(cv, x, y, s / 2, s / 2, c, c);
		paint_print(cv, x - s / 3, y - s / 6, x + s / 3, y + s / 5, c.r + c.g > 400 ? BLACK : WHITE,
			    s / 10 + 2, r);
	} else {
		paint_rect(cv, x - s / 2, y - s / 3, x + s / 2, y + s / 3, c);
		paint_print(cv, x - s / 3, y - s / 5, x + s / 3, y + s / 4, c.r + c.g > 400 ? BLACK : WHITE,
			    s / 10 + 2, r);
	}
}

/* A seller's band or watermark across the photo, with lines of "print". */
static void draw_banner(struct canvas *cv, struct rng *r)
{
	struct rgb c = pal_colour(r, (int)rng_below(r, PAL_PAST_COUNT));
	int h = cv->h * rnd(r, 7, 15) / 100, top = (int)rng_below(r, 3);

	if (top == 2) { /* a translucent watermark across the middle */
		int y = cv->h / 2 + rnd(r, -cv->h / 6, cv->h / 6);

		paint_rect_blend(cv, 0, y - h / 2, cv->w, y + h / 2, WHITE, 90);
		paint_print(cv, cv->w / 8, y - h / 3, cv->w * 7 / 8, y + h / 3, GREY, h / 6 + 2, r);
		return;
	}
	{
		int y0 = top ? 0 : cv->h - h;

		paint_rect(cv, 0, y0, cv->w, y0 + h, c);
		paint_print(cv, cv->w / 10, y0 + h / 5, cv->w * 9 / 10, y0 + h * 4 / 5,
			    c.r + c.g + c.b > 450 ? BLACK : WHITE, h / 6 + 2, r);
	}
}

/* How sellers shoot: shares of photos, tuned so that our image features read a category
 * from a photo about as well as they read the real catalogue's (bench/synth-branches.sh). */
static const double P_STUDIO = 0.35, P_BG_SWAP = 0.25, P_PAL_SWAP = 0.35, P_SHAPE_SHARE = 0.07,
	P_PACKAGED = 0.05, P_CLUTTER = 0.5, P_HAND = 0.07, P_STICKER = 0.2, P_BANNER = 0.15,
	P_CLOSEUP = 0.1, P_CAST = 0.2, P_FUTURE_LOOK = 0.9, S_MIN = 0.3, S_MAX = 0.95, SHIFT = 0.15,
	P_FLIP = 0.5;

void synth_scene_paint(struct canvas *cv, int cls, int future, struct rng *r)
{
	static const double casts[3][3] = { { 1.15, 1.0, 0.8 }, { 0.85, 0.97, 1.15 },
					    { 1.05, 1.1, 0.9 } };
	int fl = future && rng_uniform(r) < P_FUTURE_LOOK;
	const struct synth_look *look = pick_look(fl ? synth_future_looks[cls] : synth_looks[cls], r);
	int side = cv->w < cv->h ? cv->w : cv->h;
	int bg = look->bg, pal = look->pal, shape = look->shape, studio, props = 0;
	double scale = runi(r, S_MIN, S_MAX), shift = SHIFT, u, light;
	struct paint_camera cam;
	struct obj o;

	/* sellers shoot where they can, with what they have */
	if (rng_uniform(r) < P_SHAPE_SHARE)
		shape = other_shape(cls, fl, r);
	if (rng_uniform(r) < P_PACKAGED)
		shape = SH_BOX;
	u = rng_uniform(r);
	if (u < P_STUDIO)
		bg = future && rng_uniform(r) < 0.7 ? BG_LIFESTYLE + (int)rng_below(r, 2)
						     : (int)rng_below(r, 2); /* BG_WHITE, BG_GREY */
	else if (u < P_STUDIO + P_BG_SWAP)
		bg = (int)rng_below(r, BG_LIFESTYLE);
	if (rng_uniform(r) < P_PAL_SWAP)
		pal = (int)rng_below(r, fl ? PAL_COUNT : PAL_PAST_COUNT);
	if (rng_uniform(r) < P_CLOSEUP)
		scale = runi(r, 1.0, 1.5);
	if (future) {
		if ((bg == BG_WHITE || bg == BG_GREY) && rng_uniform(r) < 0.7)
			bg = BG_LIFESTYLE;
		scale *= runi(r, 1.05, 1.25);
		shift = 0.2;
	}
	studio = paint_bg(cv, bg, r);
	if (rng_uniform(r) < P_CLUTTER)
		props = 1 + (int)rng_below(r, 3);
	for (int i = 0; i < props; i++)
		if (rng_below(r, 3))
			draw_prop(cv, r, side);

	o.r = r;
	o.pal = pal;
	place(&o, cv->w / 2 + (int)(runi(r, -shift, shift) * cv->w),
	      cv->h / 2 + (int)(runi(r, -shift, shift) * cv->h), (int)(side * scale));
	o.c1 = pal_colour(r, pal);
	o.c2 = pal_colour(r, pal);
	o.c3 = pal_colour(r, rng_below(r, 2) ? pal : PAL_BRIGHT);
	if (studio && shape != SH_SCREEN)
		paint_shadow(cv, o.cx + o.w / 20, o.y1 - o.h / 30, o.w / 2, o.h / 12, 205);
	draw_object(cv, &o, shape);
	if (props && rng_below(r, 2))
		draw_prop(cv, r, side);
	if (rng_uniform(r) < P_HAND)
		draw_hand(cv, &o, r);
	if (rng_uniform(r) < P_STICKER)
		draw_sticker(cv, &o, r);
	if (rng_uniform(r) < P_BANNER)
		draw_banner(cv, r);
	if (rng_uniform(r) < P_FLIP)
		paint_flip_h(cv);

	/* the camera: exposure, white balance, contrast, casts, vignetting, noise */
	light = runi(r, 0.75, 1.2);
	for (int c = 0; c < 3; c++)
		cam.gain[c] = light * runi(r, 0.92, 1.08);
	cam.contrast = runi(r, 0.75, 1.15);
	cam.vignette = studio ? runi(r, 0, 0.15) : runi(r, 0.1, 0.4);
	cam.noise = rnd(r, 1, 8);
	if (rng_uniform(r) < P_CAST) {
		const double *k = casts[rng_below(r, 3)];

		for (int c = 0; c < 3; c++)
			cam.gain[c] *= k[c];
	}
	if (future) {
		const double *k = casts[rng_below(r, 3)];

		for (int c = 0; c < 3; c++)
			cam.gain[c] *= k[c];
		cam.contrast *= 0.8;
		cam.vignette += 0.3;
	}
	paint_finish(cv, &cam, r);
}
