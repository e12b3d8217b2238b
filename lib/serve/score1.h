/*
 * score1: products scored one at a time (or a few together) through a model's own
 * featurizer, with the numbers `pc-tokenize | pc-predict -m MODEL` gives for them.
 *
 * A product is its text fields (normalised here as pc-tokenize does: each field's
 * tokens, fields joined by a lone "|" token) or the tokens pc-tokenize already wrote, and
 * its photo as JPEG bytes in memory or as a file.  The featurizer makes its row exactly
 * as pc-embed does (text: textfeat; photo: decoded scaled in the DCT domain, resized,
 * colour statistics and patch features; no photo, a missing or an undecodable one: the
 * image part zero with its "image_missing" flag set), and the network scores up to
 * NET_CHUNK rows at once, as pc-predict scores its chunks.
 *
 * A work holds one thread's scratch space for one model: NET_CHUNK row slots, the text
 * and image scratch, the network's.  The model and the normalizer are only read, so
 * threads share them, each with its own work.
 */
#ifndef PC_SCORE1_H
#define PC_SCORE1_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "model/net.h"
#include "text/catalog.h"
#include "text/normalize.h"

struct score1_product {
	/* text fields to normalise (title, description, ...), or, when tokens is not NULL,
	 * the tokens as pc-tokenize wrote them */
	const char *text[CATALOG_MAX_TEXT];
	size_t text_len[CATALOG_MAX_TEXT];
	size_t ntext;
	const char *tokens;
	size_t tokens_len;
	/* the photo: JPEG bytes, or a file, or neither */
	const void *jpeg;
	size_t jpeg_len;
	const char *image_path;
};

/* What became of a product's photo. */
enum score1_photo {
	SCORE1_PHOTO_OK,
	SCORE1_PHOTO_NONE,      /* none given */
	SCORE1_PHOTO_MISSING,   /* a path with no file */
	SCORE1_PHOTO_BAD,       /* not a decodable JPEG (or not a regular file) */
};

struct score1_work;

/* NULL after reporting a model that cannot score products (no featurizer bundled). */
struct score1_work *score1_work_new(const struct model *m);
void score1_work_free(struct score1_work *w);

/*
 * Make the row of product p in slot `slot` (0 .. NET_CHUNK - 1).  Returns the photo's
 * state; for MISSING and BAD, `why` (when not NULL) gets one line saying what is wrong
 * ("NAME: not a JPEG file"; `name` names an in-memory photo), and the row is made as
 * pc-embed makes it for such a photo.  A model without an image branch decodes the photo
 * only to say whether it is one (check_photo), never uses it.
 */
enum score1_photo score1_featurize(const struct model *m, const struct normalizer *nz,
				   struct score1_work *w, size_t slot,
				   const struct score1_product *p, int check_photo,
				   const char *name, char *why, size_t whylen);

/* Whether the row in `slot` is finite where the network reads it. */
int score1_row_finite(const struct model *m, const struct score1_work *w, size_t slot);

/* Class probabilities of slots [0, n) into prob (n x classes), n <= NET_CHUNK. */
void score1_predict(const struct model *m, struct score1_work *w, size_t n, float *prob);

#endif
