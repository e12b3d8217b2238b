/* spemb: the text embedding by its non-zero weights; see spemb.h. */
#include "model/spemb.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Rows taken through wrow come in no order: they are asked for this many rows ahead. */
#define ROW_AHEAD 8

static void prefetch_row(const float *x, uint32_t cols)
{
	const char *p = (const char *)x;

	for (size_t b = 0; b < cols * sizeof(float); b += 64)
		__builtin_prefetch(p + b);
	__builtin_prefetch(p + cols * sizeof(float) - 1);
}

int spemb_encode(struct spemb *e, uint32_t width, uint32_t cols, size_t n,
		 const int64_t *rows, const float *w, const uint32_t *wrow)
{
	uint32_t mbytes = (cols + 7) / 8;
	uint64_t nval = 0;
	int64_t *r;
	uint8_t *mask;
	float *val;

	for (size_t j = 0; j < n; j++) {
		const float *x = w + (size_t)(wrow ? wrow[j] : j) * cols;

		if (wrow && j + ROW_AHEAD < n)
			prefetch_row(w + (size_t)wrow[j + ROW_AHEAD] * cols, cols);
		for (uint32_t k = 0; k < cols; k++)
			nval += x[k] != 0.0f;
	}
	if (nval > SPEMB_VAL_MAX)
		return pc_error("the text embedding has %llu non-zero weights, more than a model "
				"archive holds (%llu)", (unsigned long long)nval,
				(unsigned long long)SPEMB_VAL_MAX);
	r = xmalloc((n ? n : 1) * sizeof(*r));
	mask = xcalloc(n && mbytes ? n * mbytes : 1, 1);
	val = xmalloc((nval + 1) * sizeof(*val));	/* + 1: the store after the last weight */
	nval = 0;
	for (size_t j = 0; j < n; j++) {
		const float *x = w + (size_t)(wrow ? wrow[j] : j) * cols;
		uint8_t *m = mask + j * mbytes;

		if (wrow && j + ROW_AHEAD < n)
			prefetch_row(w + (size_t)wrow[j + ROW_AHEAD] * cols, cols);
		r[j] = rows[j];
		/* without branches: which weights are zero follows no pattern */
		for (uint32_t k = 0; k < cols; k++) {
			unsigned nz = x[k] != 0.0f;

			m[k / 8] |= (uint8_t)(nz << (k % 8));
			val[nval] = x[k];
			nval += nz;
		}
	}
	memset(e, 0, sizeof(*e));
	e->width = width;
	e->cols = cols;
	e->mbytes = mbytes;
	e->n = n;
	e->nval = (size_t)nval;
	e->rows = e->own[0] = r;
	e->mask = e->own[1] = mask;
	e->val = e->own[2] = val;
	return 0;
}

/* Bits set in x, without assuming a popcnt instruction. */
static unsigned bits64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555u;
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (unsigned)((x * 0x0101010101010101u) >> 56);
}

/* Bits set in m[0..n), read 8 bytes at a time; `room` bytes from m may be read. */
static uint64_t bits_in(const uint8_t *m, size_t n, size_t room)
{
	uint64_t total = 0, w;

	for (; n >= 8; m += 8, n -= 8, room -= 8) {
		memcpy(&w, m, 8);
		total += bits64(w);
	}
	if (!n)
		return total;
	if (room >= 8) {	/* one load, the bytes past the row masked off */
		memcpy(&w, m, 8);
		return total + bits64(w & ((UINT64_C(1) << (8 * n)) - 1));
	}
	w = 0;
	memcpy(&w, m, n);
	return total + bits64(w);
}

int spemb_index(struct spemb *e, const char *file, const char *prefix)
{
	uint32_t pad = e->cols % 8 ? (uint32_t)(0xffu << (e->cols % 8)) & 0xffu : 0;
	const int64_t *rows = e->rows;
	const uint8_t *mask = e->mask;
	size_t n = e->n, mb = e->mbytes, nval = e->nval;
	uint64_t total = 0, *ref;
	int64_t prev = -1;

	if (mb != (e->cols + 7) / 8)
		return pc_error("%s: %s.mask.npy: %u bytes a row, expected %u for %u weights", file,
				prefix, e->mbytes, (e->cols + 7) / 8, e->cols);
	if (n > e->width || nval > SPEMB_VAL_MAX)
		return pc_error("%s: %s: %zu rows and %zu weights, the embedding has %u rows",
				file, prefix, n, nval, e->width);
	/* huge pages: the table is written sparsely all over, and faulted in 4 KiB pages
	 * it took longer than the loop below */
	ref = e->ref = xcalloc_huge(e->width ? e->width : 1, sizeof(*e->ref));
	for (size_t j = 0; j < n; j++) {
		const uint8_t *m = mask + j * mb;
		int64_t r = rows[j];

		if (r <= prev || (uint64_t)r >= e->width)	/* r < 0 included */
			return pc_error("%s: %s.rows.npy: row %lld out of order or range", file,
					prefix, (long long)r);
		prev = r;
		if (mb && (m[mb - 1] & pad))
			return pc_error("%s: %s.mask.npy: row %zu has a bit set past its %u weights",
					file, prefix, j, e->cols);
		ref[r] = (uint64_t)(j + 1) << 32 | total;
		total += bits_in(m, mb, (n - j) * mb);
		if (total > nval)
			break;
	}
	if (total != nval)
		return pc_error("%s: %s.data.npy: %zu weights, the mask marks %s%llu", file, prefix,
				nval, total > nval ? "more: " : "", (unsigned long long)total);
	return 0;
}

void spemb_free(struct spemb *e)
{
	if (!e)
		return;
	for (int i = 0; i < 3; i++)
		free(e->own[i]);
	free(e->ref);
	memset(e, 0, sizeof(*e));
}
