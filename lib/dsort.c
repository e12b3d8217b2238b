/* dsort: radix sort of doubles; see dsort.h. */
#include "dsort.h"

#include <stdint.h>
#include <string.h>

#define PASSES 6
#define BITS 11
#define BUCKETS (1u << BITS)

/* Order-preserving map from a double's bits to an unsigned key, and back. */
static inline uint64_t key_of(uint64_t b)
{
	return b ^ ((uint64_t)((int64_t)b >> 63) | 0x8000000000000000ULL);
}

static inline uint64_t bits_of(uint64_t k)
{
	return k ^ (((k >> 63) - 1) | 0x8000000000000000ULL);
}

void dsort(double *x, size_t n, double *scratch)
{
	static __thread uint32_t count[PASSES][BUCKETS];
	uint64_t *a = (uint64_t *)(void *)x, *b = (uint64_t *)(void *)scratch;

	if (n < 2)
		return;
	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++) {
		uint64_t bits, k;

		memcpy(&bits, &x[i], sizeof(bits));
		k = key_of(bits);
		a[i] = k;
		for (int p = 0; p < PASSES; p++)
			count[p][(k >> (p * BITS)) & (BUCKETS - 1)]++;
	}
	for (int p = 0; p < PASSES; p++) {
		uint32_t sum = 0;
		int trivial = 0;
		uint64_t *t;

		for (unsigned d = 0; d < BUCKETS; d++) {
			uint32_t c = count[p][d];

			if (c == n)
				trivial = 1;
			count[p][d] = sum;
			sum += c;
		}
		if (trivial)
			continue;
		for (size_t i = 0; i < n; i++) {
			uint64_t k = a[i];

			b[count[p][(k >> (p * BITS)) & (BUCKETS - 1)]++] = k;
		}
		t = a;
		a = b;
		b = t;
	}
	if (a != (uint64_t *)(void *)x)
		memcpy(x, a, n * sizeof(*x));
	for (size_t i = 0; i < n; i++) {
		uint64_t bits = bits_of(((uint64_t *)(void *)x)[i]);

		memcpy(&x[i], &bits, sizeof(bits));
	}
}
