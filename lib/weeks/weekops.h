/*
 * weekops: drift operators that work on any catalogue in the challenge layout, to cut
 * simulated weeks from a real labelled catalogue (weeks.h, pc-weeks init --from).
 *
 * Each week's drift d is the share of its products that are drifted (each product drawn
 * with probability d, from its own random stream), plus a shift of the class priors:
 *   prior_shift          a quarter of the classes ("rising", chosen by the seed) make up
 *                        p_R (1 - s d) + s d of the week, p_R their share in the pool
 *                        (s the strength, capped so the share stays <= 1)
 * and, on drifted products only:
 *   vocabulary           a share of the words of week 0's titles (chosen by the seed) are
 *                        renamed, consistently, to made-up words: new product lines with
 *                        their own vocabulary, learnable once labelled
 *   token_dropout        each remaining word dropped with this probability
 *   missing_description  the description emptied with this probability
 *   photos               colour cast, lower brightness, a blur and JPEG re-encoding at
 *                        quality 40, when the catalogue has photos
 * Every operator and its strength is recorded in weeks.yaml.
 */
#ifndef PC_WEEKOPS_H
#define PC_WEEKOPS_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "image/image.h"

struct weekops {
	uint64_t seed;
	double vocab_share, dropout, missing_description, prior_shift;
	int photos;
};

/* 1 when `word` (len bytes, any case) is one the vocabulary operator renames. */
int weekops_renamed(const struct weekops *w, const char *word, size_t len);
/* The text of a drifted product: renamed words, dropped words, in `out` (appended).
 * `r` is the product's random stream state. */
void weekops_text(const struct weekops *w, const char *text, size_t len, uint64_t *r,
		  struct sbuf *out);
/* Drift a photo in place: colour cast, brightness, blur. */
void weekops_photo(const struct weekops *w, struct image *img);

/* A product's random stream from the seed, the week and its row. */
uint64_t weekops_stream(uint64_t seed, int week, uint64_t row);
/* Uniform in [0, 1) from the stream. */
double weekops_uniform(uint64_t *r);

#endif
