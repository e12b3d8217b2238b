/*
 * rng: a seeded pseudo-random generator (xoshiro256**) that splits into independent
 * streams, so that work divided among threads draws the same numbers whatever the thread
 * count: derive one stream per item or per shard with rng_split(), never per thread.
 */
#ifndef PC_RNG_H
#define PC_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Seed from a 64-bit value (expanded with splitmix64). */
void rng_seed(struct rng *r, uint64_t seed);
/* The stream numbered `stream` of the generator seeded with `seed`; equal arguments give
 * equal streams, different ones independent streams. */
void rng_stream(struct rng *r, uint64_t seed, uint64_t stream);
/* A child stream of `parent` numbered `stream`; `parent` is not advanced. */
void rng_split(struct rng *child, const struct rng *parent, uint64_t stream);

uint64_t rng_u64(struct rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double rng_uniform(struct rng *r);
/* Uniform integer in [0, n), unbiased; n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Standard normal (Marsaglia polar method, no cached spare: reproducible per call). */
double rng_normal(struct rng *r);
/* Index drawn from non-negative weights w[0..n) (not necessarily normalised). */
size_t rng_choose(struct rng *r, const double *w, size_t n);
/* Shuffle n elements of `size` bytes (Fisher-Yates). */
void rng_shuffle(struct rng *r, void *base, size_t n, size_t size);

#endif
