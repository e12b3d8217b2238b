/* dsort: radix sort of doubles; see dsort.h. */
#include "drift/dsort.h"

#include <stdint.h>
#include <string.h>

#define BITS 11
#define BUCKETS (1u << BITS)
#define SPLIT 31            /* first sort by key bits 31..63, then runs by bits 0..30 */
#define SMALL_RUN 32        /* runs this short are insertion-sorted */

/* Order-preserving map from a double's bits to an unsigned key.  The data moves as the
 * doubles' own bits; keys are made on the fly, which costs less than two passes. */
static inline uint64_t key_of(uint64_t b)
{
	return b ^ ((uint64_t)((int64_t)b >> 63) | 0x8000000000000000ULL);
}

/*
 * LSD passes over the digits counted in count[0..np) (digit p at key bit shift + p * BITS),
 * from *a through *b and back, skipping digits that never vary; *a ends up holding the
 * sorted data (the pointers are swapped as the data moves).
 */
static void passes(uint64_t **a, uint64_t **b, size_t n, int shift, int np,
		   uint32_t (*count)[BUCKETS])
{
	for (int p = 0; p < np; p++) {
		int s = shift + p * BITS, trivial = 0;
		uint32_t sum = 0, *c = count[p];
		uint64_t *src = *a, *dst = *b;

		for (unsigned d = 0; d < BUCKETS; d++) {
			uint32_t k = c[d];

			trivial |= k == n;
			c[d] = sum;
			sum += k;
		}
		if (trivial)
			continue;
		for (size_t i = 0; i < n; i++) {
			uint64_t v = src[i];

			dst[c[(key_of(v) >> s) & (BUCKETS - 1)]++] = v;
		}
		*a = dst;
		*b = src;
	}
}

/* Sort x[0..n), whose keys agree on bits SPLIT..63; tmp holds n values. */
static void sort_run(uint64_t *x, size_t n, uint64_t *tmp)
{
	static __thread uint32_t count[3][BUCKETS];
	uint64_t *a = x, *b = tmp;

	if (n <= SMALL_RUN) {
		for (size_t i = 1; i < n; i++) {
			uint64_t v = x[i], k = key_of(v);
			size_t j = i;

			for (; j > 0 && key_of(x[j - 1]) > k; j--)
				x[j] = x[j - 1];
			x[j] = v;
		}
		return;
	}
	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++) {
		uint64_t k = key_of(x[i]);

		for (int p = 0; p < 3; p++)
			count[p][(k >> (p * BITS)) & (BUCKETS - 1)]++;
	}
	passes(&a, &b, n, 0, 3, count);
	if (a != x)
		memcpy(x, a, n * sizeof(*x));
}

double *dsort_any(double *x, size_t n, double *scratch)
{
	/* two sets of counts, for even and odd elements: runs of one digit (the exponent's,
	 * in most data) would otherwise wait on the same counter */
	uint32_t count[3][BUCKETS], odd[3][BUCKETS];
	uint64_t *a = (uint64_t *)(void *)x, *b = (uint64_t *)(void *)scratch;

	if (n < 2)
		return x;
	memset(count, 0, sizeof(count));
	memset(odd, 0, sizeof(odd));
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint64_t k0 = key_of(a[i]) >> SPLIT, k1 = key_of(a[i + 1]) >> SPLIT;

		for (int p = 0; p < 3; p++) {
			count[p][(k0 >> (p * BITS)) & (BUCKETS - 1)]++;
			odd[p][(k1 >> (p * BITS)) & (BUCKETS - 1)]++;
		}
	}
	if (n % 2) {
		uint64_t k = key_of(a[n - 1]) >> SPLIT;

		for (int p = 0; p < 3; p++)
			count[p][(k >> (p * BITS)) & (BUCKETS - 1)]++;
	}
	for (int p = 0; p < 3; p++)
		for (unsigned d = 0; d < BUCKETS; d++)
			count[p][d] += odd[p][d];
	/* 33 high bits sort most data completely; equal high bits are rare runs */
	passes(&a, &b, n, SPLIT, 3, count);
	for (size_t i = 0; i < n;) {
		uint64_t hi = key_of(a[i]) >> SPLIT;
		size_t j = i + 1;

		while (j < n && key_of(a[j]) >> SPLIT == hi)
			j++;
		if (j - i > 1)
			sort_run(a + i, j - i, b + i);
		i = j;
	}
	return (double *)(void *)a;
}

void dsort(double *x, size_t n, double *scratch)
{
	double *s = dsort_any(x, n, scratch);

	if (s != x)
		memcpy(x, s, n * sizeof(*x));
}
