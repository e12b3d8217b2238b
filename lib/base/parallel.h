/*
 * parallel: split a range of independent items over threads.  The range is cut into one
 * contiguous slice per thread, so which thread handles an item never changes what is
 * computed for it: results stay byte-identical at any thread count as long as each item's
 * work depends on the item alone (draw randomness per item, not per thread).
 */
#ifndef PC_PARALLEL_H
#define PC_PARALLEL_H

#include <stddef.h>

/* The most threads any program runs: the bound of -t and $PC_THREADS. */
#define PARALLEL_MAX_THREADS 256

/* Called once per thread with its slice [begin, end) and its index 0..threads-1. */
typedef void (*parallel_fn)(void *ctx, size_t begin, size_t end, int thread);

/* Run fn over [0, n) on `threads` threads (the caller's thread is one of them). */
void parallel_for(size_t n, int threads, parallel_fn fn, void *ctx);

/* The default thread count: $PC_THREADS (a whole number, 1 to PARALLEL_MAX_THREADS), else
 * the number of online processors (at most PARALLEL_MAX_THREADS). */
int parallel_default_threads(void);

#endif
