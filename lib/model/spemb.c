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

uint8_t *spemb_rowbits(const struct spemb *e)
{
	uint8_t *b = xcalloc(e->width / 8 + 1, 1);

	for (size_t j = 0; j < e->n; j++)
		b[e->rows[j] / 8] |= (uint8_t)(1u << (e->rows[j] % 8));
	return b;
}

/* What indexing has seen so far. */
struct indexing {
	const struct spemb *e;
	const char *file, *prefix;
	uint32_t pad;		/* the bits of a mask row's last byte past cols */
	size_t j;		/* rows indexed */
	uint64_t total;		/* their weights */
};

/* Row r, the next one: its mask row checked, its weights counted; 1 to go on, 0 when the
 * mask marks more weights than the data holds (reported by the caller), -1 after
 * reporting. */
static int index_row(struct indexing *x, uint64_t *ref, uint32_t r)
{
	const struct spemb *e = x->e;
	size_t mb = e->mbytes;
	const uint8_t *m = e->mask + x->j * mb;

	if (mb && (m[mb - 1] & x->pad))
		return pc_error("%s: %s.mask.npy: row %zu has a bit set past its %u weights",
				x->file, x->prefix, x->j, e->cols);
	ref[r] = (uint64_t)(x->j + 1) << 32 | x->total;
	x->total += bits_in(m, mb, (e->n - x->j) * mb);
	x->j++;
	return x->total <= e->nval;
}

static int index_by_rows(struct indexing *x, uint64_t *ref)
{
	const struct spemb *e = x->e;
	int64_t prev = -1;
	int r = 1;

	for (size_t j = 0; j < e->n && r > 0; j++) {
		int64_t row = e->rows[j];

		if (row <= prev || (uint64_t)row >= e->width)	/* row < 0 included */
			return pc_error("%s: %s.rows.npy: row %lld out of order or range", x->file,
					x->prefix, (long long)row);
		prev = row;
		r = index_row(x, ref, (uint32_t)row);
	}
	return r < 0 ? -1 : 0;
}

/* From the bitmap, 64 features at a time, every feature's entry written (ref need not be
 * zeroed): the table is written once, in order, and the set bits are visited without a
 * branch on each bit. */
static int index_by_bits(struct indexing *x, uint64_t *ref)
{
	const struct spemb *e = x->e;
	size_t nb = ((size_t)e->width + 7) / 8, mb = e->mbytes, n = e->n;
	uint64_t keep = mb < 8 ? (UINT64_C(1) << (8 * mb)) - 1 : ~UINT64_C(0);
	const uint8_t *m = e->mask;
	uint64_t total = 0;
	size_t j = 0;

	if (e->width % 8 && (e->rowbits[nb - 1] >> (e->width % 8)))
		return pc_error("%s: %s.rowmask.npy: a bit set past its %u rows", x->file,
				x->prefix, e->width);
	for (size_t at = 0; at < e->width; at += 64) {
		size_t here = e->width - at < 64 ? e->width - at : 64;
		uint64_t bits = 0, w;

		memcpy(&bits, e->rowbits + at / 8, (here + 7) / 8);
		memset(ref + at, 0, here * sizeof(*ref));
		for (; bits; bits &= bits - 1) {
			if (j == n)
				return pc_error("%s: %s.rowmask.npy: more rows marked than the "
						"mask's %zu", x->file, x->prefix, n);
			if (mb && (m[mb - 1] & x->pad))
				return pc_error("%s: %s.mask.npy: row %zu has a bit set past its %u "
						"weights", x->file, x->prefix, j, e->cols);
			ref[at + (size_t)__builtin_ctzll(bits)] = (uint64_t)(j + 1) << 32 | total;
			if (mb <= 8 && (n - j) * mb >= 8) {	/* one load, masked */
				memcpy(&w, m, 8);
				total += bits64(w & keep);
			} else {
				total += bits_in(m, mb, (n - j) * mb);
			}
			m += mb;
			j++;
		}
	}
	if (j != n)
		return pc_error("%s: %s.rowmask.npy: %zu rows marked, the mask has %zu", x->file,
				x->prefix, j, n);
	x->j = j;
	x->total = total;
	return 0;
}

int spemb_index(struct spemb *e, const char *file, const char *prefix)
{
	struct indexing x = { e, file, prefix, 0, 0, 0 };
	uint64_t *ref;
	int r;

	if (e->mbytes != (e->cols + 7) / 8)
		return pc_error("%s: %s.mask.npy: %u bytes a row, expected %u for %u weights", file,
				prefix, e->mbytes, (e->cols + 7) / 8, e->cols);
	if (e->n > e->width || e->nval > SPEMB_VAL_MAX)
		return pc_error("%s: %s: %zu rows and %zu weights, the embedding has %u rows",
				file, prefix, e->n, e->nval, e->width);
	x.pad = e->cols % 8 ? (uint32_t)(0xffu << (e->cols % 8)) & 0xffu : 0;
	/* huge pages: the table is written all over, and faulted in 4 KiB pages it took
	 * longer than the loops below */
	if (e->rowbits) {
		ref = e->ref = xmalloc_huge(e->width ? e->width : 1, sizeof(*e->ref));
		r = index_by_bits(&x, ref);
	} else {
		ref = e->ref = xcalloc_huge(e->width ? e->width : 1, sizeof(*e->ref));
		r = index_by_rows(&x, ref);
	}
	if (r < 0)
		return -1;
	if (x.total != e->nval)
		return pc_error("%s: %s.data.npy: %zu weights, the mask marks %s%llu", file, prefix,
				e->nval, x.total > e->nval ? "more: " : "",
				(unsigned long long)x.total);
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
