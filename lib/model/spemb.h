/*
 * spemb: the text embedding of a trained model by its non-zero weights, the way model
 * archives store it (model.h) and prediction reads it.
 *
 * The embedding W (width x cols float32, one row per input feature) of a linear SVM is
 * mostly zeros, also inside the rows training touched (60% on a real corpus of package
 * descriptions).  It is held as three arrays:
 *   rows  the n rows holding a non-zero weight: a bitmap of width bits (bit r % 8 of
 *         byte r / 8 set for row r; model format 3), or their indices, increasing (int64;
 *         formats 1 and 2);
 *   mask  n x mbytes bytes, mbytes = ceil(cols / 8): bit k % 8 of byte k / 8 of row j is
 *         set when weight k of row rows[j] is non-zero; the bits past cols are clear;
 *   val   those weights, row after row, each row's in column order (float32).
 * numpy rebuilds W with
 *   rows = np.flatnonzero(np.unpackbits(rowmask, count=width, bitorder='little'))
 *   m = np.unpackbits(mask, axis=1, count=cols, bitorder='little').astype(bool)
 *   v = np.zeros((n, cols), np.float32); v[m] = val
 *   W = np.zeros((width, cols), np.float32); W[rows] = v
 * Reading indexes the rows by feature, each with the start of its weights (8 bytes a
 * feature, twice what the featurizer's IDF table costs): loading costs what the non-zero
 * weights weigh, and a feature's mask and weights are found from one read.  The bitmap
 * weighs a bit a feature where the indices weighed 64 a stored row, and is loaded as fast
 * as it is copied: the indices, which zstd stores as one short match each, took longer to
 * decompress than all the weights.
 */
#ifndef PC_SPEMB_H
#define PC_SPEMB_H

#include <stddef.h>
#include <stdint.h>

#define SPEMB_VAL_MAX ((uint64_t)1 << 30)	/* weights, as a model archive's entry holds */

struct spemb {
	uint32_t width, cols, mbytes;
	size_t n, nval;
	const int64_t *rows;	/* the rows by index, or NULL: */
	const uint8_t *rowbits;	/* the rows by bitmap, (width + 7) / 8 bytes */
	const uint8_t *mask;
	const float *val;
	uint64_t *ref;		/* width: feature f's row j and the index s of its first
				 * weight, as (j + 1) << 32 | s; 0 for none */
	void *own[3];		/* the buffers rows, mask and val lie in, freed with them */
};

/* Encode n rows: row j is feature rows[j] with the cols weights at
 * w + (wrow ? wrow[j] : j) * cols, into arrays of e's own, not indexed (spemb_index
 * before spemb_add).  0, or -1 after reporting more non-zero weights than SPEMB_VAL_MAX. */
int spemb_encode(struct spemb *e, uint32_t width, uint32_t cols, size_t n,
		 const int64_t *rows, const float *w, const uint32_t *wrow);

/* The bitmap of e's rows (rowbits), (width + 7) / 8 bytes, malloc'd. */
uint8_t *spemb_rowbits(const struct spemb *e);

/* Check arrays set by the caller (width, cols, mbytes, n, nval, rows or rowbits, mask,
 * val; own[] freed by spemb_free) and index them: rows increasing and below width (the
 * bitmap: no bit past width, n bits set), no bit set past cols, as many bits set as
 * weights.  0, or -1 after reporting "FILE: what" (`what` naming the entry of `prefix`,
 * e.g. "net/text_w"). */
int spemb_index(struct spemb *e, const char *file, const char *prefix);

/* Hint the cache at feature f's row, a few features ahead of spemb_add (a deeper chain
 * of hints, to the row's weights, measured slower). */
static inline void spemb_prefetch(const struct spemb *e, uint32_t f)
{
	__builtin_prefetch(&e->ref[f]);
}

void spemb_free(struct spemb *e);

/* a[0..cols) += v * row f of W (nothing when the row is all zero). */
static inline void spemb_add(const struct spemb *e, uint32_t f, float v, float *restrict a)
{
	uint64_t r = e->ref[f];
	const float *w;
	const uint8_t *m;

	if (!r)
		return;
	w = e->val + (uint32_t)r;
	m = e->mask + (size_t)((r >> 32) - 1) * e->mbytes;
	for (uint32_t b = 0; b < e->mbytes; b++, a += 8) {
		unsigned bits = m[b];

		if (bits == 0xff) {
			for (int k = 0; k < 8; k++)
				a[k] += v * w[k];
			w += 8;
			continue;
		}
		for (; bits; bits &= bits - 1)
			a[__builtin_ctz(bits)] += v * *w++;
	}
}

#endif
