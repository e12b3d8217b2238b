/*
 * ytree: YAML documents as trees, read and written with libyaml: mappings, sequences and
 * scalars that remember their line, for the configuration (config.h) and for manifests.
 *
 * Accepted: one YAML 1.1/1.2 document of block or flow mappings, sequences and scalars,
 * whose top level is a mapping; an empty file (or one of comments) is an empty document.
 * Refused, each with "file:line: what": syntax errors (libyaml's own words), a second
 * document, anchors and aliases (&a, *a), explicit tags (!!str, !x), keys that are not
 * scalars, a key twice in one mapping ("duplicate key 'x'", at the second), a NUL byte in
 * a scalar, nesting deeper than YTREE_MAX_DEPTH, more than YTREE_MAX_NODES nodes, and input
 * longer than YTREE_MAX_BYTES.
 *
 * Scalar types.  A scalar written in quotes ('..' or "..") or as a block scalar (| or >)
 * is a string, whatever it looks like: "3" is not a number and "yes" not a boolean.
 * Plain (unquoted) scalars are typed by their text:
 *   null      empty, ~, null (any case): readers treat it as absent;
 *   boolean   true/false, yes/no, on/off (any case);
 *   integer   [-+]?[0-9]+, decimal, within a long;
 *   number    an integer, or [-+]?(.D|D[.D*])([eE][-+]?D), or [-+].inf, .nan (any case);
 *   string    anything, quoted or not.
 */
#ifndef PC_YTREE_H
#define PC_YTREE_H

#include <stddef.h>

#define YTREE_MAX_BYTES ((size_t)16 << 20)
#define YTREE_MAX_DEPTH 64
#define YTREE_MAX_NODES ((size_t)1 << 20)

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

/* Parse `text` (named `name` in messages): 0 with *root set (NULL for an empty document),
 * or -1 after reporting "name:line: what". */
int ytree_parse(const char *name, const char *text, size_t len, struct ynode **root);

const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Scalar typing, as described above.  ynode_is_null: a plain null scalar.
 * ynode_plain_bool: 1 true, 0 false, -1 not a boolean.  ynode_plain_float: the value of
 * a text ynode_plain_is_float accepts; *range is set when it overflows a double. */
int ynode_is_null(const struct ynode *n);
int ynode_plain_bool(const char *s);
int ynode_plain_is_int(const char *s);
int ynode_plain_is_float(const char *s);
double ynode_plain_float(const char *s, int *range);

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
