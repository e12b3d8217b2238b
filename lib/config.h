/*
 * config: the toolkit's YAML configuration (pc-formats(5)), read with libyaml into a tree
 * of mappings, sequences and scalars that remember their line, with typed accessors that
 * take a dotted path ("drift.columns.price.threshold") and a default.  A value of the
 * wrong type is an error "file:line: key: expected a number"; keys the program does not
 * know draw a warning, so a typo never passes silently.  Command-line options override
 * what the file says.
 */
#ifndef PC_CONFIG_H
#define PC_CONFIG_H

#include <stddef.h>

enum yaml_kind { YAML_SCALAR, YAML_MAP, YAML_SEQ };

struct ynode {
	enum yaml_kind kind;
	long line;
	char *scalar;           /* YAML_SCALAR: the text */
	int quoted;             /* YAML_SCALAR: written in quotes (a string, never a number) */
	char **keys;            /* YAML_MAP: keys[i] -> items[i] */
	struct ynode **items;   /* YAML_MAP values, or YAML_SEQ elements */
	size_t n;
};

struct config {
	char *name;             /* file name for messages */
	struct ynode *root;     /* NULL for an empty document */
};

/* Parse a file or a buffer; NULL after reporting "file:line: ...". */
struct config *config_load(const char *path);
struct config *config_parse(const char *name, const char *text, size_t len);
void config_free(struct config *c);

/* The node at a dotted path, or NULL. */
const struct ynode *config_node(const struct config *c, const char *path);
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Typed accessors: 0 with *out set (to `def` when the key is absent), or -1 after
 * reporting a value of the wrong type. */
int config_str(const struct config *c, const char *path, const char *def, const char **out);
int config_long(const struct config *c, const char *path, long def, long *out);
int config_double(const struct config *c, const char *path, double def, double *out);
int config_bool(const struct config *c, const char *path, int def, int *out);

/* Warn "file:line: unknown key 'x'" for every key under the map at `path` ("" for the
 * root) not in the NULL-terminated `known`; "*" in `known` accepts any key (per-column
 * sections).  Returns the number of unknown keys. */
int config_warn_unknown(const struct config *c, const char *path, const char *const *known);

/* Emitting YAML (manifests): build a tree and write it with libyaml's emitter. */
struct ynode *ynode_map(void);
struct ynode *ynode_seq(void);
struct ynode *ynode_str(const char *s);      /* a string, quoted when it would read as another type */
struct ynode *ynode_num(double v);           /* shortest round-trip form */
struct ynode *ynode_int(long long v);
void ynode_set(struct ynode *map, const char *key, struct ynode *value);
void ynode_push(struct ynode *seq, struct ynode *value);
void ynode_free(struct ynode *n);
/* The document as text (NUL-terminated, *len without the NUL); free it. */
char *ynode_emit(const struct ynode *root, size_t *len);

#endif
