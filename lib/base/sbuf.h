/*
 * sbuf: a growable byte string, always NUL-terminated, for building text.
 */
#ifndef PC_SBUF_H
#define PC_SBUF_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

struct sbuf {
	char *s;
	size_t len, cap;
};

#define SBUF_INIT { NULL, 0, 0 }

static inline void sbuf_reserve(struct sbuf *b, size_t extra)
{
	xgrow(&b->s, &b->cap, b->len + extra + 1, 1);
}

static inline void sbuf_add(struct sbuf *b, const void *p, size_t n)
{
	sbuf_reserve(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static inline void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_reserve(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static inline void sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

static inline void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static inline void sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* printf onto the end. */
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
