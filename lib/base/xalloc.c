/* xalloc: allocation that cannot fail; see xalloc.h. */
#include "base/xalloc.h"
#include "base/msg.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void oom(size_t n)
{
	pc_fatal("out of memory allocating %zu bytes", n);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		oom(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

void *xreallocarray(void *p, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		pc_fatal("allocation of %zu x %zu bytes overflows", count, size);
	return xrealloc(p, count * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		pc_fatal("bad format string");
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void xgrow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t c = *cap;

	if (need <= c)
		return;
	if (c < 16)
		c = 16;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			pc_fatal("allocation too large");
		c *= 2;
	}
	*p = xreallocarray(*p, c, size);
	*cap = c;
}

void *xmalloc_huge(size_t count, size_t size)
{
	size_t bytes;
	void *p;

	if (size && count > SIZE_MAX / size)
		pc_fatal("allocation of %zu x %zu bytes overflows", count, size);
	bytes = count * size;
	if (bytes < XALLOC_HUGE)
		return xmalloc(bytes ? bytes : 1);
	bytes = (bytes + XALLOC_HUGE - 1) / XALLOC_HUGE * XALLOC_HUGE;
	p = aligned_alloc(XALLOC_HUGE, bytes);
	if (!p)
		oom(bytes);
#ifdef MADV_HUGEPAGE
	madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

void *xmalloc_aligned(size_t count, size_t size)
{
	size_t bytes;
	void *p;

	if (size && count > (SIZE_MAX - 64) / size)
		pc_fatal("allocation of %zu x %zu bytes overflows", count, size);
	bytes = (count * size + 63) & ~(size_t)63;
	p = aligned_alloc(64, bytes ? bytes : 64);
	if (!p)
		oom(bytes);
	return p;
}

void *xcalloc_huge(size_t count, size_t size)
{
	void *p;

	if (count * size < XALLOC_HUGE)
		return xcalloc(count ? count : 1, size ? size : 1);
	p = xmalloc_huge(count, size);
	memset(p, 0, count * size);
	return p;
}
