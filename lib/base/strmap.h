/*
 * strmap: a hash map from strings to strings (open addressing, XXH3 hashes), for joins
 * such as labels by product index.  Keys and values are copied.
 */
#ifndef PC_STRMAP_H
#define PC_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	char *key;
	char *value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap;   /* a power of two */
	size_t n;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Insert or replace; returns 1 if the key was new, 0 if it replaced a value. */
int strmap_put(struct strmap *m, const char *key, size_t klen, const char *value, size_t vlen);
/* The value for key, or NULL. */
const char *strmap_get(const struct strmap *m, const char *key, size_t klen);

#endif
