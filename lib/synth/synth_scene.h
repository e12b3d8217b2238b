/*
 * synth_scene: the photo of one synthetic product: a look of its category (synth_look)
 * painted as a background, an object built from primitives (synth_paint), a shadow, and
 * a camera (lighting, colour cast, vignetting, noise).  Scale, position, colours and
 * camera vary within a category.  A "future" product (drift) is shot in another style:
 * colour cast, lower contrast, lifestyle backdrops instead of studio white, closer and
 * off-centre framing.
 */
#ifndef PC_SYNTH_SCENE_H
#define PC_SYNTH_SCENE_H

#include "base/rng.h"
#include "synth/synth_paint.h"

/* Paint the photo of a product of category `cls` (an index into synth_classes) over the
 * whole canvas, drawing from `r` only. */
void synth_scene_paint(struct canvas *cv, int cls, int future, struct rng *r);

#endif
