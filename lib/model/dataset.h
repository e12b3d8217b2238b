/*
 * dataset: a labelled tensor stream held in memory for training and evaluation: the dense
 * part as one row-major matrix, the sparse part in CSR form, labels as class indices.
 *
 * Classes are the distinct labels of the training data, sorted numerically when every
 * label is an integer (the challenge's prdtypecode) and as strings otherwise; the list is
 * stored with the model, and data read later is mapped onto it (an unknown label is -1).
 */
#ifndef PC_DATASET_H
#define PC_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "base/digest.h"
#include "formats/pct.h"

struct classes {
	char **name;
	int n;
};

struct dataset {
	struct pct_header h;
	size_t n;
	float *dense;          /* n x h.dense */
	uint64_t *sp_off;      /* n + 1 */
	uint32_t *sp_idx;
	float *sp_val;
	char **id;             /* n */
	char **label;          /* n, "" when unlabelled */
	int *y;                /* n class indices, -1 unknown (after dataset_map) */
	uint32_t sparse;       /* width of the sparse indices: h.sparse, or after
	                        * dataset_compact the number of features kept */
	uint32_t *orig;        /* after dataset_compact: the stream's index of each kept
	                        * feature (sparse of them); NULL before */
	char digest[DIGEST_HEX_LEN + 1]; /* SHA-256 of the rows' contents */
};

/* Read a whole stream; NULL after reporting (a row holding an infinity or a NaN is
 * refused: "NAME: row ID: non-finite feature value"). */
struct dataset *dataset_read(const char *path);
void dataset_free(struct dataset *d);

/* The sorted distinct non-empty labels of d. */
void classes_from(struct classes *c, const struct dataset *d);
void classes_free(struct classes *c);
/* Index of `label`, or -1. */
int classes_find(const struct classes *c, const char *label);
/* Set d->y from d->label; returns the number of labelled rows whose label is unknown. */
size_t dataset_map(struct dataset *d, const struct classes *c);

/* Split rows into two index lists by a hash of the id: a row goes to validation when
 * XXH3(id, seed) / 2^64 < fraction, so the split depends on ids, never on order. */
void dataset_split(const struct dataset *d, double fraction, uint64_t seed, size_t **train,
		   size_t *ntrain, size_t **valid, size_t *nvalid);

/*
 * Renumber the sparse features densely: the features d's rows have get 0..nf-1 by
 * descending document frequency (ties by first appearance), so that the weights of the
 * frequent ones lie together in memory and a model learns nf rows instead of the
 * stream's whole hashed width.  d->sparse becomes nf and d->orig[j] the stream's index of
 * feature j.  The rows of `other` (a validation stream made by the same featurizer, or
 * NULL) are mapped the same way, and the features d has none of are dropped from them:
 * a model trained on d gives those no weight.  Entries keep their order within a row, so
 * sums over a row's entries are computed in the same order as before.
 */
void dataset_compact(struct dataset *d, struct dataset *other);

/* The width of d's sparse indices: after dataset_compact, the features kept. */
static inline uint32_t dataset_sparse(const struct dataset *d)
{
	return d->orig ? d->sparse : d->h.sparse;
}

#endif
