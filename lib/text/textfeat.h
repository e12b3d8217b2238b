/*
 * textfeat: the text branch of the featurizer.  Tokens (as pc-tokenize writes them, fields
 * separated by a lone "|") become a sparse, L2-normalised TF-IDF vector over 2^bits hashed
 * buckets:
 *  - word n-grams of n = word_min..word_max tokens, within a field;
 *  - character n-grams of n = char_min..char_max code points of each token framed as
 *    "<token>", for the fields in char_fields (default: the title only);
 *  - with namespaces, each field hashes with its own seed, so "rouge" in the title and in
 *    the description are different features; field_weight[f] scales a field's counts;
 *  - tf is the weighted count, 1 + ln(tf) when sublinear; idf = ln((1 + n) / (1 + df)) + 1
 *    as scikit-learn's smooth idf, with df counted over the documents seen at fit time.
 * Hashes are XXH3-64 (seeded), so features never depend on the order of the data.
 */
#ifndef PC_TEXTFEAT_H
#define PC_TEXTFEAT_H

#include <stddef.h>
#include <stdint.h>

#include "base/config.h"
#include "formats/pcm.h"

#define TEXTFEAT_MAX_FIELDS 8
#define TEXTFEAT_MIN_BITS 8
#define TEXTFEAT_MAX_BITS 26

struct textfeat_opts {
	int bits;                 /* 2^bits buckets */
	int word_min, word_max;   /* word n-gram orders */
	int char_min, char_max;   /* character n-gram orders; char_max 0: none */
	unsigned char_fields;     /* bit f: field f gets character n-grams */
	int namespaces;           /* a hash seed per field */
	int sublinear;            /* 1 + ln(tf) */
	float field_weight[TEXTFEAT_MAX_FIELDS];
};

void textfeat_default_opts(struct textfeat_opts *o);
/* Check ranges; 0 or -1 after reporting. */
int textfeat_check_opts(const struct textfeat_opts *o);

struct textfeat {
	struct textfeat_opts o;
	uint64_t ndocs;           /* documents seen at fit time */
	float *idf;               /* 2^bits, in own when taken from an archive */
	void *own;                /* the archive entry idf lies in, or NULL: idf is malloc'd */
	float idf_unseen;         /* the idf of a bucket no fitted document had */
};

/* Per-thread scratch for textfeat_compute and fitting. */
struct textfeat_work {
	uint32_t *bucket;         /* hashed features of the document */
	float *weight;
	size_t n, cap;
	float *acc;               /* 2^bits accumulator, zero between documents */
	uint32_t *touched, *tmp;
	size_t ntouched, tcap;
};

void textfeat_work_free(struct textfeat_work *w);

/* Fitting: count document frequencies; add documents from one thread, or give each thread
 * its own counter and merge them (integer sums: the order does not matter). */
struct textfeat_fit {
	struct textfeat_opts o;
	uint32_t *df;
	uint64_t ndocs;
};

struct textfeat_fit *textfeat_fit_new(const struct textfeat_opts *o);
void textfeat_fit_add(struct textfeat_fit *f, struct textfeat_work *w, const char *tokens,
		      size_t len);
void textfeat_fit_merge(struct textfeat_fit *into, const struct textfeat_fit *from);
struct textfeat *textfeat_fit_finish(struct textfeat_fit *f);
void textfeat_fit_free(struct textfeat_fit *f);

/* The document's features: *nnz sorted unique indices and values (arrays of the work,
 * valid until the next call); *oov the share of word unigrams no fitted document had. */
void textfeat_compute(const struct textfeat *t, struct textfeat_work *w, const char *tokens,
		      size_t len, const uint32_t **idx, const float **val, uint32_t *nnz,
		      float *oov);

uint32_t textfeat_dim(const struct textfeat *t);

/* Options into a YAML map, and back from the map at `section` of a parsed document (the
 * featurizer's description); reading checks types and ranges and reports. */
void textfeat_opts_to_yaml(const struct textfeat_opts *o, struct ynode *map);
int textfeat_opts_from_config(const struct config *c, const char *section,
			      struct textfeat_opts *o);

/* The fitted tables as archive entries under `prefix` ("text/"): the idf table coded
 * (palette.h: idf.common.npy, idf.codes.npy, idf.rare.npy; featurizers of format 2 and
 * before stored it whole, idf.npy, and are still read) and ndocs.npy. */
int textfeat_save(const struct textfeat *t, struct pcm *a, const char *prefix);
/* Load with the options already read; NULL after reporting a missing or misshapen entry. */
struct textfeat *textfeat_load(const struct textfeat_opts *o, const struct pcm *a,
			       const char *prefix);
/* The same, with a whole idf table taken out of `a` (pcm_take) rather than copied. */
struct textfeat *textfeat_take(const struct textfeat_opts *o, struct pcm *a,
			       const char *prefix);
void textfeat_free(struct textfeat *t);

#endif
