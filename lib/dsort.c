/* dsort: radix sort of doubles; see dsort.h. */
#include "dsort.h"

#include <stdint.h>
#include <string.h>

#define BITS 11
#define BUCKETS (1u << BITS)
#define SPLIT 31            /* first sort by key bits 31..63, then runs by bits 0..30 */
#define SMALL_RUN 32        /* runs this short are insertion-sorted */

/* Order-preserving map from a double's bits to an unsigned key, and back. */
static inline uint64_t key_of(uint64_t b)
{
	return b ^ ((uint64_t)((int64_t)b >> 63) | 0x8000000000000000ULL);
}

static inline uint64_t bits_of(uint64_t k)
{
	return k ^ (((k >> 63) - 1) | 0x8000000000000000ULL);
}

/*
 * LSD passes over the digits counted in count[0..passes) (digit p at bit shift + p * BITS),
 * from *a through *b and back, skipping digits that never vary; *a ends up holding the
 * sorted keys (the pointers are swapped as the data moves).
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
			uint64_t k = src[i];

			dst[c[(k >> s) & (BUCKETS - 1)]++] = k;
		}
		*a = dst;
		*b = src;
	}
}

/* Sort x[0..n) of keys that agree on bits SPLIT..63; tmp holds n keys. */
static void sort_run(uint64_t *x, size_t n, uint64_t *tmp)
{
	static __thread uint32_t count[3][BUCKETS];
	uint64_t *a = x, *b = tmp;

	if (n <= SMALL_RUN) {
		for (size_t i = 1; i < n; i++) {
			uint64_t k = x[i];
			size_t j = i;

			for (; j > 0 && x[j - 1] > k; j--)
				x[j] = x[j - 1];
			x[j] = k;
		}
		return;
	}
	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++)
		for (int p = 0; p < 3; p++)
			count[p][(x[i] >> (p * BITS)) & (BUCKETS - 1)]++;
	passes(&a, &b, n, 0, 3, count);
	if (a != x)
		memcpy(x, a, n * sizeof(*x));
}

void dsort(double *x, size_t n, double *scratch)
{
	static __thread uint32_t count[3][BUCKETS];
	uint64_t *a = (uint64_t *)(void *)x, *b = (uint64_t *)(void *)scratch;

	if (n < 2)
		return;
	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++) {
		uint64_t bits, k;

		memcpy(&bits, &x[i], sizeof(bits));
		k = key_of(bits);
		a[i] = k;
		for (int p = 0; p < 3; p++)
			count[p][(k >> (SPLIT + p * BITS)) & (BUCKETS - 1)]++;
	}
	/* 33 high bits sort most data completely; equal high bits are rare runs */
	passes(&a, &b, n, SPLIT, 3, count);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (j < n && (a[j] ^ a[i]) >> SPLIT == 0)
			j++;
		if (j - i > 1)
			sort_run(a + i, j - i, b + i);
		i = j;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t bits = bits_of(a[i]);

		memcpy(&x[i], &bits, sizeof(bits));
	}
}
