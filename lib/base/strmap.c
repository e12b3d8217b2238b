/* strmap: string to string hash map; see strmap.h. */
#include "base/strmap.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

void strmap_init(struct strmap *m)
{
	m->cap = 64;
	m->n = 0;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		free(m->slots[i].value);
	}
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

static size_t find(const struct strmap *m, const char *key, size_t klen)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)XXH3_64bits(key, klen) & mask;

	while (m->slots[i].key &&
	       !(strlen(m->slots[i].key) == klen && !memcmp(m->slots[i].key, key, klen)))
		i = (i + 1) & mask;
	return i;
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;

	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < old.cap; i++) {
		if (old.slots[i].key) {
			size_t j = find(m, old.slots[i].key, strlen(old.slots[i].key));

			m->slots[j] = old.slots[i];
		}
	}
	free(old.slots);
}

int strmap_put(struct strmap *m, const char *key, size_t klen, const char *value, size_t vlen)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap)
		grow(m);
	i = find(m, key, klen);
	if (m->slots[i].key) {
		free(m->slots[i].value);
		m->slots[i].value = xstrndup(value, vlen);
		return 0;
	}
	m->slots[i].key = xstrndup(key, klen);
	m->slots[i].value = xstrndup(value, vlen);
	m->n++;
	return 1;
}

const char *strmap_get(const struct strmap *m, const char *key, size_t klen)
{
	size_t i = find(m, key, klen);

	return m->slots[i].key ? m->slots[i].value : NULL;
}
