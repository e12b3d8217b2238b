/* rng: xoshiro256** with splitmix64 seeding and stream splitting; see rng.h. */
#include "base/rng.h"

#include <math.h>
#include <string.h>

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

void rng_stream(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed;
	uint64_t h = splitmix64(&x);

	x = h ^ (stream * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
	h = splitmix64(&x);
	rng_seed(r, h ^ stream);
}

void rng_split(struct rng *child, const struct rng *parent, uint64_t stream)
{
	uint64_t x = parent->s[0] ^ rotl(parent->s[1], 17) ^ rotl(parent->s[2], 31) ^
		     rotl(parent->s[3], 47);

	rng_stream(child, x, stream);
}

uint64_t rng_u64(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double rng_uniform(struct rng *r)
{
	return (double)(rng_u64(r) >> 11) * 0x1.0p-53;
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	/* rejection on the top range keeps it unbiased */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;

	do
		x = rng_u64(r);
	while (x >= limit);
	return x % n;
}

double rng_normal(struct rng *r)
{
	double u, v, s;

	do {
		u = 2.0 * rng_uniform(r) - 1.0;
		v = 2.0 * rng_uniform(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return u * sqrt(-2.0 * log(s) / s);
}

size_t rng_choose(struct rng *r, const double *w, size_t n)
{
	double total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += w[i];
	x = rng_uniform(r) * total;
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	/* rounding: the last index with positive weight */
	for (size_t i = n; i-- > 0;)
		if (w[i] > 0)
			return i;
	return 0;
}

void rng_shuffle(struct rng *r, void *base, size_t n, size_t size)
{
	unsigned char *b = base, tmp[256];

	/* the same draws and swaps whatever the size; elements of 8 bytes (indices) are
	 * swapped by fixed-size copies, which compile to plain moves */
	if (size == sizeof(uint64_t)) {
		for (size_t i = n; i > 1; i--) {
			size_t j = (size_t)rng_below(r, i);
			uint64_t x, y;

			memcpy(&x, b + (i - 1) * size, sizeof(x));
			memcpy(&y, b + j * size, sizeof(y));
			memcpy(b + (i - 1) * size, &y, sizeof(y));
			memcpy(b + j * size, &x, sizeof(x));
		}
		return;
	}
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(r, i);

		if (j == i - 1)
			continue;   /* swapping an element with itself: memcpy must not overlap */
		for (size_t off = 0; off < size; off += sizeof(tmp)) {
			size_t k = size - off < sizeof(tmp) ? size - off : sizeof(tmp);

			memcpy(tmp, b + (i - 1) * size + off, k);
			memcpy(b + (i - 1) * size + off, b + j * size + off, k);
			memcpy(b + j * size + off, tmp, k);
		}
	}
}
