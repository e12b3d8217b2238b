/*
 * xalloc: allocation that cannot fail.  Running out of memory is an internal failure
 * (exit 3) with one message; callers never test for NULL.
 */
#ifndef PC_XALLOC_H
#define PC_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc to count*size, dying on overflow of the product. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A zeroed block for large arrays, aligned to and advised for transparent huge pages
 * when at least XALLOC_HUGE bytes (fewer page faults and TLB misses); free with free(). */
#define XALLOC_HUGE ((size_t)2 << 20)
void *xcalloc_huge(size_t count, size_t size);
/* The same, not zeroed: pages cost nothing until first written. */
void *xmalloc_huge(size_t count, size_t size);

/* count x size bytes aligned to 64 (a cache line, and any vector register), the size
 * rounded up to a multiple of 64; free with free(). */
void *xmalloc_aligned(size_t count, size_t size);

/* Grow *p (with *cap elements of `size` bytes) so that it holds at least `need`. */
void xgrow(void *pp, size_t *cap, size_t need, size_t size);

#endif
