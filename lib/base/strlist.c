/* strlist: comma-separated lists; see strlist.h. */
#include "base/strlist.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

char **strlist_split(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0, k = 0;

	for (const char *p = s; ; ) {
		size_t len = strcspn(p, ",");

		if (len) {
			xgrow(&v, &cap, k + 2, sizeof(*v));
			v[k++] = xstrndup(p, len);
		}
		if (!p[len])
			break;
		p += len + 1;
	}
	if (!v)
		v = xcalloc(1, sizeof(*v));
	v[k] = NULL;
	if (n)
		*n = k;
	return v;
}

void strlist_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

int strlist_has(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p; ) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, name, n))
			return 1;
		if (!p[len])
			break;
		p += len + 1;
	}
	return 0;
}
