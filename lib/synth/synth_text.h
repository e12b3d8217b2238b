/*
 * synth_text: titles and descriptions of synthetic products, written from the word
 * lists of synth_vocab the way sellers write them: templates filled with nouns, brands,
 * sizes and colours; a third of descriptions missing, HTML markup and entities in many;
 * some products in English or German; some titles in upper or sentence case; typos.
 *
 * A "future" product (drift) takes most of its nouns, attributes, brands, game titles,
 * platforms, licences and magazine titles from words the past never had, and writes
 * them with the future's templates.  Everything drawn comes from the rng given, so a
 * product's text depends on its own stream only.
 */
#ifndef PC_SYNTH_TEXT_H
#define PC_SYNTH_TEXT_H

#include <stddef.h>

#include "base/rng.h"
#include "base/sbuf.h"

struct synth_text {
	struct sbuf title;
	struct sbuf desc;   /* empty when the product has no description */
};

/* Write the title and description of a product of category `cls` (an index into
 * synth_classes), replacing what `t` held.  `future` draws the drifted vocabulary. */
void synth_text_make(struct synth_text *t, int cls, int future, struct rng *r);
void synth_text_free(struct synth_text *t);

/* The `k`th brand that only the future of category `cls` has (k < SYNTH_FUTURE_BRANDS):
 * a made-up word, the same on every run.  Writes at most `size` bytes with the NUL. */
#define SYNTH_FUTURE_BRANDS 6
void synth_future_brand(char *buf, size_t size, int cls, int k);

#endif
