/* config: the toolkit's YAML configuration; see config.h. */
#include "base/config.h"
#include "base/msg.h"
#include "base/rd.h"
#include "base/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct config *config_parse(const char *name, const char *text, size_t len)
{
	struct ynode *root;
	struct config *c;

	if (ytree_parse(name, text, len, &root) < 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->name = xstrdup(name);
	c->root = root;
	return c;
}

struct config *config_load(const char *path)
{
	struct config *c;
	struct rd r;
	int got = 1;

	if (rd_open(&r, path) < 0)
		return NULL;
	r.max = YTREE_MAX_BYTES + (1 << 16);
	while (got > 0 && rd_avail(&r) <= YTREE_MAX_BYTES)
		got = rd_more(&r);
	if (got < 0) {
		rd_close(&r);
		return NULL;
	}
	if (rd_avail(&r) > YTREE_MAX_BYTES) {
		pc_error_at(r.name, 0, "larger than %zu bytes", YTREE_MAX_BYTES);
		rd_close(&r);
		return NULL;
	}
	c = config_parse(r.name, rd_ptr(&r), rd_avail(&r));
	rd_close(&r);
	return c;
}

void config_free(struct config *c)
{
	if (!c)
		return;
	ynode_free(c->root);
	free(c->name);
	free(c);
}

/* ---- accessors ---- */

const struct ynode *config_node(const struct config *c, const char *path)
{
	const struct ynode *n = c ? c->root : NULL;
	char key[256];

	while (n && *path) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);

		if (len >= sizeof(key))
			return NULL;
		memcpy(key, path, len);
		key[len] = '\0';
		n = ynode_get(n, key);
		path += len + (dot != NULL);
	}
	return n;
}

/* The scalar at `path`, NULL when absent or null; -1 after reporting a collection. */
static int scalar_at(const struct config *c, const char *path, const char *what,
		     const struct ynode **out)
{
	const struct ynode *n = config_node(c, path);

	*out = NULL;
	if (!n || ynode_is_null(n))
		return 0;
	if (n->kind != YAML_SCALAR)
		return pc_error_at(c->name, n->line, "%s: expected %s, not a %s", path, what,
				   n->kind == YAML_MAP ? "mapping" : "sequence");
	*out = n;
	return 0;
}

static int quoted_error(const struct config *c, const char *path, const struct ynode *n,
			const char *what)
{
	return pc_error_at(c->name, n->line, "%s: expected %s, not the quoted string '%s'", path,
			   what, n->scalar);
}

int config_str(const struct config *c, const char *path, const char *def, const char **out)
{
	const struct ynode *n;

	if (scalar_at(c, path, "a string", &n) < 0)
		return -1;
	*out = n ? n->scalar : def;
	return 0;
}

int config_long(const struct config *c, const char *path, long def, long *out)
{
	const struct ynode *n;
	char *end;
	long v;

	if (scalar_at(c, path, "an integer", &n) < 0)
		return -1;
	if (!n) {
		*out = def;
		return 0;
	}
	if (n->quoted)
		return quoted_error(c, path, n, "an integer");
	if (!ynode_plain_is_int(n->scalar))
		return pc_error_at(c->name, n->line, "%s: expected an integer, not '%s'", path,
				   n->scalar);
	errno = 0;
	v = strtol(n->scalar, &end, 10);
	if (errno == ERANGE)
		return pc_error_at(c->name, n->line, "%s: %s is out of range", path, n->scalar);
	*out = v;
	return 0;
}

int config_double(const struct config *c, const char *path, double def, double *out)
{
	const struct ynode *n;
	int range;
	double v;

	if (scalar_at(c, path, "a number", &n) < 0)
		return -1;
	if (!n) {
		*out = def;
		return 0;
	}
	if (n->quoted)
		return quoted_error(c, path, n, "a number");
	if (!ynode_plain_is_float(n->scalar))
		return pc_error_at(c->name, n->line, "%s: expected a number, not '%s'", path,
				   n->scalar);
	v = ynode_plain_float(n->scalar, &range);
	if (range)
		return pc_error_at(c->name, n->line, "%s: %s is out of range", path, n->scalar);
	*out = v;
	return 0;
}

int config_bool(const struct config *c, const char *path, int def, int *out)
{
	const struct ynode *n;
	int b;

	if (scalar_at(c, path, "a boolean", &n) < 0)
		return -1;
	if (!n) {
		*out = def;
		return 0;
	}
	if (n->quoted)
		return quoted_error(c, path, n, "a boolean");
	b = ynode_plain_bool(n->scalar);
	if (b < 0)
		return pc_error_at(c->name, n->line,
				   "%s: expected a boolean (true/false, yes/no, on/off), not '%s'",
				   path, n->scalar);
	*out = b;
	return 0;
}

int config_check_keys(const struct config *c, const char *path, const char *const *known)
{
	const struct ynode *map = config_node(c, path);

	if (!map || map->kind != YAML_MAP)
		return 0;
	for (size_t i = 0; i < map->n; i++) {
		const char *const *k;

		for (k = known; *k; k++)
			if (!strcmp(*k, map->keys[i]))
				break;
		if (!*k)
			return pc_error_at(c->name, map->key_lines[i], "%s%s%s: unknown key", path,
					   *path ? "." : "", map->keys[i]);
	}
	return 0;
}

