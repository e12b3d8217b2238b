/*
 * config: the toolkit's YAML configuration (pc-formats(5)), read with libyaml into a tree
 * of mappings, sequences and scalars that remember their line, with typed accessors that
 * take a dotted path ("drift.columns.price.threshold") and a default.  A value of the
 * wrong type is an error "file:line: key: expected a number"; keys the program does not
 * know draw a warning, so a typo never passes silently.  Command-line options override
 * what the file says.  The same tree, built in code, is emitted as YAML for manifests.
 *
 * Accepted: one YAML 1.1/1.2 document of block or flow mappings, sequences and scalars,
 * whose top level is a mapping; an empty file (or one of comments) is an empty
 * configuration.  Refused, each with "file:line: what": syntax errors (libyaml's own
 * words), a second document, anchors and aliases (&a, *a), explicit tags (!!str, !x),
 * keys that are not scalars, a key twice in one mapping ("duplicate key 'x'", at the
 * second), a NUL byte in a scalar, nesting deeper than CONFIG_MAX_DEPTH, more than
 * CONFIG_MAX_NODES nodes, and input longer than CONFIG_MAX_BYTES.
 *
 * Scalar types.  A scalar written in quotes ('..' or "..") or as a block scalar (| or >)
 * is a string, whatever it looks like: "3" is not a number and "yes" not a boolean.
 * Plain (unquoted) scalars are typed by their text:
 *   null      empty, ~, null (any case): the accessors treat it as absent (the default);
 *   boolean   true/false, yes/no, on/off (any case);
 *   integer   [-+]?[0-9]+, decimal, within a long;
 *   number    an integer, or [-+]?(.D|D[.D*])([eE][-+]?D), or [-+].inf, .nan (any case);
 *   string    anything, quoted or not (config_str accepts numbers and booleans as text).
 * Keys are strings; a dotted path cannot name a key that contains a dot.
 */
#ifndef PC_CONFIG_H
#define PC_CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_BYTES ((size_t)16 << 20)
#define CONFIG_MAX_DEPTH 64
#define CONFIG_MAX_NODES ((size_t)1 << 20)

enum yaml_kind { YAML_SCALAR, YAML_MAP, YAML_SEQ };

struct ynode {
	enum yaml_kind kind;
	long line;
	char *scalar;           /* YAML_SCALAR: the text */
	int quoted;             /* YAML_SCALAR: written in quotes (a string, never a number) */
	char **keys;            /* YAML_MAP: keys[i] -> items[i] */
	long *key_lines;        /* YAML_MAP: the line of keys[i] (0 when built in code) */
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

/* The node at a dotted path ("" is the root), or NULL. */
const struct ynode *config_node(const struct config *c, const char *path);
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Typed accessors: 0 with *out set (to `def` when the key is absent or null), or -1
 * after reporting a value of the wrong type.  config_str's *out points into the tree. */
int config_str(const struct config *c, const char *path, const char *def, const char **out);
int config_long(const struct config *c, const char *path, long def, long *out);
int config_double(const struct config *c, const char *path, double def, double *out);
int config_bool(const struct config *c, const char *path, int def, int *out);

/* Warn "file:line: unknown key 'x'" for every key under the map at `path` ("" for the
 * root) not in the NULL-terminated `known`; "*" in `known` accepts any key (per-column
 * sections).  Returns the number of unknown keys. */
int config_warn_unknown(const struct config *c, const char *path, const char *const *known);

/* Emitting YAML (manifests): build a tree and write it with libyaml's emitter, block
 * style, keys in insertion order, floats in their shortest round-trip form (always with a
 * '.', as in 1.0 and 1.0e+20, so YAML 1.1 readers see floats too; .inf, -.inf, .nan),
 * strings in quotes ('10') when they would otherwise read back as another type.  Parsing the
 * text gives the same tree back.  ynode_set replaces the value of a key already there. */
struct ynode *ynode_map(void);
struct ynode *ynode_seq(void);
struct ynode *ynode_str(const char *s);      /* a string, quoted when it would read as another type */
struct ynode *ynode_num(double v);           /* shortest round-trip form */
struct ynode *ynode_int(long long v);
struct ynode *ynode_bool(int v);          /* true or false */
void ynode_set(struct ynode *map, const char *key, struct ynode *value);
void ynode_push(struct ynode *seq, struct ynode *value);
void ynode_free(struct ynode *n);
/* 1 if a plain scalar with this text reads as null, a boolean or a number (in this
 * module's or a YAML 1.1 reader's eyes), so a string with it must be quoted. */
int ynode_plain_is_typed(const char *s);

/* The document as text (NUL-terminated, *len without the NUL); free it.  A NULL root
 * gives an empty document.  NULL after reporting a string that is not valid UTF-8. */
char *ynode_emit(const struct ynode *root, size_t *len);

#endif
