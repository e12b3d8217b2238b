/*
 * embed: the pc-embed pipeline, from the token TSV of pc-tokenize (columns id, tokens,
 * and when present label, image, chars, upper, digits, html) to a tensor stream.
 *
 * embed_fit() reads the input once: every row's tokens count towards the IDF table, and
 * the photos of the first fit_images rows that have one are sampled for the patch
 * dictionary.  embed_apply() streams: rows are read in batches, featurized on all
 * threads, and written in input order, so memory is the featurizer plus one batch.  A
 * photo that is missing or cannot be decoded gives an all-zero image part with the flag
 * image_missing set; it is counted, the first few are named on stderr, and the run goes
 * on.  With an image branch, rows that name no photo at all (an empty 'image' field, or
 * no such column: pc-tokenize without -i) get the same empty image part; they are
 * counted in images_none and in images_missing, and said once, with their count, at the
 * end of the run: a model with an image branch loses accuracy on them.  With a descriptors file, one TSV line per product describes it for monitoring:
 * id, label, text_chars, text_words, text_upper, text_digits, text_html, text_oov,
 * image_missing, image_width, image_height, image_bytes, brightness, contrast,
 * saturation, sharpness, colourfulness.
 */
#ifndef PC_EMBED_H
#define PC_EMBED_H

#include <stdint.h>
#include <stdio.h>

#include "model/featurizer.h"
#include "base/rd.h"

struct embed_stats {
	uint64_t rows;
	uint64_t images;          /* rows with a photo path */
	uint64_t images_missing;  /* path given, no such file; and the rows of images_none */
	uint64_t images_none;     /* image branch on, the row names no photo */
	uint64_t images_bad;      /* file there, not a decodable JPEG */
	uint64_t fit_images;      /* photos sampled for the dictionary (fit) */
	double oov_sum;           /* sum of the rows' OOV shares */
};

/* Learn a featurizer from `input` ("-": stdin); NULL after reporting. */
struct featurizer *embed_fit(const char *input, const struct featurizer_opts *o,
			     struct embed_stats *st);

/* Featurize `input` into a stream on `out` (named `outname` in messages), and the
 * descriptors TSV on `desc` when not NULL.  0, or -1 after reporting. */
int embed_apply(const struct featurizer *f, const char *input, FILE *out, const char *outname,
		FILE *desc, int threads, struct embed_stats *st);

/* The same rows handed to fn(ctx, row) in input order instead of written (the row's
 * pointers are valid during the call); fn returns 0, or -1 to stop (having reported). */
typedef int (*embed_row_fn)(void *ctx, const struct pct_row *row);
int embed_each(const struct featurizer *f, const char *input, FILE *desc, int threads,
	       struct embed_stats *st, embed_row_fn fn, void *ctx);

/* The same from an open reader (taken over), e.g. after peeking at the input's start. */
int embed_each_rd(const struct featurizer *f, struct rd *input, FILE *desc, int threads,
		  struct embed_stats *st, embed_row_fn fn, void *ctx);

#endif
