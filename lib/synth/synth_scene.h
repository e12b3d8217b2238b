/*
 * synth_scene: the photo of one synthetic product: a look of its category (synth_look)
 * painted as a background, an object built from primitives (synth_paint), a shadow, and
 * a camera (exposure, white balance, contrast, colour cast, vignetting, noise).
 *
 * Photos are as untidy as sellers' photos, so that a photo tells the category only in
 * part: wide changes of scale and position, mirrored views, plain or borrowed backdrops
 * and palettes, now and then another category's object or the product in its box,
 * props of any category around it (clutter, some in front), a hand, a sticker or badge,
 * a seller's band or watermark, and varied lighting.
 *
 * A "future" product (drift) mostly shows its category's future look (synth_look: new
 * families, palettes and backdrops) and is shot in another style: colour cast, lower
 * contrast, lifestyle backdrops instead of studio white, closer and off-centre framing.
 */
#ifndef PC_SYNTH_SCENE_H
#define PC_SYNTH_SCENE_H

#include "base/rng.h"
#include "synth/synth_paint.h"

/* Paint the photo of a product of category `cls` (an index into synth_classes) over the
 * whole canvas, drawing from `r` only. */
void synth_scene_paint(struct canvas *cv, int cls, int future, struct rng *r);

#endif
