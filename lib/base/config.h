/*
 * config: the toolkit's YAML configuration file (pc-formats(5)), one section per program,
 * read into a tree (ytree.h) with typed accessors that take a dotted path
 * ("drift.per_column.price.threshold") and a default.  A value of the wrong type is an
 * error "file:line: key: expected a number".  Programs read their section through the
 * option table (opt.h), which also refuses unknown keys and sections.
 */
#ifndef PC_CONFIG_H
#define PC_CONFIG_H

#include "base/ytree.h"

struct config {
	char *name;             /* file name for messages */
	struct ynode *root;     /* NULL for an empty document */
};

/* Parse a file or a buffer; NULL after reporting "file:line: ...". */
struct config *config_load(const char *path);
struct config *config_parse(const char *name, const char *text, size_t len);
void config_free(struct config *c);

/* The node at a dotted path ("" is the root), or NULL. */
const struct ynode *config_node(const struct config *c, const char *path);

/* Typed accessors: 0 with *out set (to `def` when the key is absent or null), or -1
 * after reporting a value of the wrong type.  config_str's *out points into the tree. */
int config_str(const struct config *c, const char *path, const char *def, const char **out);
int config_long(const struct config *c, const char *path, long def, long *out);
int config_double(const struct config *c, const char *path, double def, double *out);
int config_bool(const struct config *c, const char *path, int def, int *out);

/* -1 after reporting "file:line: path.key: unknown key" for the first key under the map
 * at `path` ("" for the root) that is not in the NULL-terminated `known`; 0 when all are
 * known or there is no such map. */
int config_check_keys(const struct config *c, const char *path, const char *const *known);

#endif
