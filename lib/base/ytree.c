/* ytree: YAML documents as trees with libyaml; see ytree.h for what is accepted. */
#include "base/ytree.h"
#include "base/msg.h"
#include "base/sbuf.h"
#include "base/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* ---- scalar types ---- */

int ynode_is_null(const struct ynode *n)
{
	const char *s = n->scalar;

	return n->kind == YAML_SCALAR && !n->quoted &&
	       (!*s || !strcmp(s, "~") || !strcasecmp(s, "null"));
}

/* 1 true, 0 false, -1 not a boolean. */
int ynode_plain_bool(const char *s)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };

	for (int i = 0; i < 3; i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

static const char *digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

int ynode_plain_is_int(const char *s)
{
	const char *e;

	if (*s == '-' || *s == '+')
		s++;
	e = digits(s);
	return e > s && !*e;
}

/* Decimal float grammar, or the YAML spellings of infinity and NaN. */
int ynode_plain_is_float(const char *s)
{
	const char *e;
	int mantissa;

	if (!strcasecmp(s, ".nan"))
		return 1;
	if (*s == '-' || *s == '+')
		s++;
	if (!strcasecmp(s, ".inf"))
		return 1;
	e = digits(s);
	mantissa = e > s;
	if (*e == '.') {
		const char *f = digits(e + 1);

		mantissa |= f > e + 1;
		e = f;
	}
	if (!mantissa)
		return 0;
	if (*e == 'e' || *e == 'E') {
		const char *x = e + 1;

		if (*x == '-' || *x == '+')
			x++;
		e = digits(x);
		if (e == x)
			return 0;
	}
	return !*e;
}

double ynode_plain_float(const char *s, int *range)
{
	const char *t = s + (*s == '-' || *s == '+');
	double v;

	*range = 0;
	if (!strcasecmp(t, ".nan"))
		return NAN;
	if (!strcasecmp(t, ".inf"))
		return *s == '-' ? -INFINITY : INFINITY;
	errno = 0;
	v = strtod(s, NULL);
	if (errno == ERANGE && fabs(v) > 1)
		*range = 1;
	return v;
}

int ynode_plain_is_typed(const char *s)
{
	static const char numeric[] = "0123456789abcdefABCDEFxXoO_:.+-";

	if (!*s || !strcmp(s, "~") || !strcasecmp(s, "null") || ynode_plain_bool(s) >= 0 ||
	    ynode_plain_is_float(s))
		return 1;
	/* YAML 1.1 readers also take 0x1f, 0o17, 1_000 and 1:30 for numbers */
	return strchr("0123456789+-.", *s) && strspn(s, numeric) == strlen(s);
}

/* ---- tree ---- */

static struct ynode *node_new(enum yaml_kind kind, long line)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = line;
	return n;
}

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		ynode_free(n->items[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->key_lines);
	free(n->scalar);
	free(n);
}

/* Arrays grow to the next power of two, so a length is all the capacity they need. */
static int full(size_t n)
{
	return (n & (n - 1)) == 0;
}

static void map_append(struct ynode *map, char *key, long key_line, struct ynode *value)
{
	if (full(map->n)) {
		size_t cap = map->n ? map->n * 2 : 1;

		map->keys = xreallocarray(map->keys, cap, sizeof(*map->keys));
		map->key_lines = xreallocarray(map->key_lines, cap, sizeof(*map->key_lines));
		map->items = xreallocarray(map->items, cap, sizeof(*map->items));
	}
	map->keys[map->n] = key;
	map->key_lines[map->n] = key_line;
	map->items[map->n] = value;
	map->n++;
}

static void seq_append(struct ynode *seq, struct ynode *value)
{
	if (full(seq->n))
		seq->items = xreallocarray(seq->items, seq->n ? seq->n * 2 : 1, sizeof(*seq->items));
	seq->items[seq->n++] = value;
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YAML_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key))
			return map->items[i];
	return NULL;
}

/* ---- parsing ---- */

struct frame {
	struct ynode *node;
	char *key;		/* YAML_MAP: the key waiting for its value */
	long key_line;
};

struct parse {
	const char *name;
	struct ynode *root;
	struct frame stack[YTREE_MAX_DEPTH];
	size_t depth;
	size_t nodes;
};

struct keyref {
	const char *key;
	size_t index;
};

static int cmp_keyref(const void *x, const void *y)
{
	const struct keyref *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* Report the first key, in document order, that repeats an earlier one. */
static int check_duplicates(const char *name, const struct ynode *map)
{
	struct keyref *refs;
	size_t first = SIZE_MAX;

	if (map->n < 2)
		return 0;
	if (map->n <= 16) {
		for (size_t i = 1; i < map->n; i++)
			for (size_t j = 0; j < i; j++)
				if (!strcmp(map->keys[i], map->keys[j]))
					return pc_error_at(name, map->key_lines[i],
							   "duplicate key '%s'", map->keys[i]);
		return 0;
	}
	refs = xreallocarray(NULL, map->n, sizeof(*refs));
	for (size_t i = 0; i < map->n; i++) {
		refs[i].key = map->keys[i];
		refs[i].index = i;
	}
	qsort(refs, map->n, sizeof(*refs), cmp_keyref);
	for (size_t i = 1; i < map->n; i++)
		if (!strcmp(refs[i].key, refs[i - 1].key) && refs[i].index < first)
			first = refs[i].index;
	free(refs);
	if (first != SIZE_MAX)
		return pc_error_at(name, map->key_lines[first], "duplicate key '%s'",
				   map->keys[first]);
	return 0;
}

/* Hang a new node under the innermost open collection, or make it the root. */
static int attach(struct parse *ps, struct ynode *n)
{
	struct frame *f;

	if (++ps->nodes > YTREE_MAX_NODES) {
		long line = n->line;

		ynode_free(n);
		return pc_error_at(ps->name, line, "more than %zu nodes", YTREE_MAX_NODES);
	}
	if (ps->depth == 0) {
		ps->root = n;
		return 0;
	}
	f = &ps->stack[ps->depth - 1];
	if (f->node->kind == YAML_SEQ) {
		seq_append(f->node, n);
		return 0;
	}
	if (!f->key) {
		long line = n->line;

		if (n->kind != YAML_SCALAR) {
			ynode_free(n);
			return pc_error_at(ps->name, line, "keys must be scalars");
		}
		f->key = n->scalar;
		f->key_line = n->line;
		n->scalar = NULL;
		ynode_free(n);
		return 0;
	}
	map_append(f->node, f->key, f->key_line, n);
	f->key = NULL;
	return 0;
}

static int check_props(struct parse *ps, long line, const yaml_char_t *anchor,
		       const yaml_char_t *tag)
{
	if (anchor)
		return pc_error_at(ps->name, line, "anchors and aliases are not supported");
	if (tag)
		return pc_error_at(ps->name, line, "tags are not supported: %s", (const char *)tag);
	return 0;
}

static int on_event(struct parse *ps, yaml_event_t *ev, int *docs)
{
	long line = (long)ev->start_mark.line + 1;
	struct ynode *n;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1)
			return pc_error_at(ps->name, line, "more than one document");
		return 0;
	case YAML_ALIAS_EVENT:
		return pc_error_at(ps->name, line, "anchors and aliases are not supported");
	case YAML_SCALAR_EVENT:
		if (check_props(ps, line, ev->data.scalar.anchor, ev->data.scalar.tag) < 0)
			return -1;
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
			return pc_error_at(ps->name, line, "NUL byte in a scalar");
		n = node_new(YAML_SCALAR, line);
		n->scalar = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		return attach(ps, n);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			if (check_props(ps, line, ev->data.sequence_start.anchor,
					ev->data.sequence_start.tag) < 0)
				return -1;
			n = node_new(YAML_SEQ, line);
		} else {
			if (check_props(ps, line, ev->data.mapping_start.anchor,
					ev->data.mapping_start.tag) < 0)
				return -1;
			n = node_new(YAML_MAP, line);
		}
		if (ps->depth >= YTREE_MAX_DEPTH) {
			ynode_free(n);
			return pc_error_at(ps->name, line, "nested deeper than %d levels",
					   YTREE_MAX_DEPTH);
		}
		if (attach(ps, n) < 0)
			return -1;
		ps->stack[ps->depth].node = n;
		ps->stack[ps->depth].key = NULL;
		ps->depth++;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		n = ps->stack[--ps->depth].node;
		free(ps->stack[ps->depth].key);
		ps->stack[ps->depth].key = NULL;
		if (n->kind == YAML_MAP)
			return check_duplicates(ps->name, n);
		return 0;
	default:
		return 0;
	}
}

static long offset_line(const char *text, size_t len, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off && i < len; i++)
		line += text[i] == '\n';
	return line;
}

int ytree_parse(const char *name, const char *text, size_t len, struct ynode **root)
{
	struct parse ps;
	yaml_parser_t parser;
	int docs = 0, done = 0, r = 0;

	memset(&ps, 0, sizeof(ps));
	ps.name = name;
	*root = NULL;
	if (len > YTREE_MAX_BYTES)
		return pc_error_at(name, 0, "larger than %zu bytes", YTREE_MAX_BYTES);
	if (!yaml_parser_initialize(&parser))
		pc_fatal("out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done && r == 0) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&parser, &ev)) {
			long line = parser.error == YAML_READER_ERROR ?
				offset_line(text, len, parser.problem_offset) :
				(long)parser.problem_mark.line + 1;

			r = pc_error_at(name, line, "%s",
					parser.problem ? parser.problem : "malformed YAML");
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		r = on_event(&ps, &ev, &docs);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (size_t i = 0; i < ps.depth; i++)
		free(ps.stack[i].key);
	if (r == 0 && ps.root && ps.root->kind == YAML_SCALAR && ynode_is_null(ps.root)) {
		ynode_free(ps.root);
		ps.root = NULL;
	}
	if (r == 0 && ps.root && ps.root->kind != YAML_MAP)
		r = pc_error_at(name, ps.root->line, "expected a mapping at the top level");
	if (r < 0) {
		ynode_free(ps.root);
		return -1;
	}
	*root = ps.root;
	return 0;
}

/* ---- building and emitting ---- */

struct ynode *ynode_map(void)
{
	return node_new(YAML_MAP, 0);
}

struct ynode *ynode_seq(void)
{
	return node_new(YAML_SEQ, 0);
}

struct ynode *ynode_str(const char *s)
{
	struct ynode *n = node_new(YAML_SCALAR, 0);

	n->scalar = xstrdup(s);
	n->quoted = ynode_plain_is_typed(s);
	return n;
}

struct ynode *ynode_num(double v)
{
	struct ynode *n = node_new(YAML_SCALAR, 0);
	char buf[48];

	if (isnan(v)) {
		strcpy(buf, ".nan");
	} else if (isinf(v)) {
		strcpy(buf, v < 0 ? "-.inf" : ".inf");
	} else {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(buf, sizeof(buf), "%.*g", prec, v);
			if (strtod(buf, NULL) == v)
				break;
		}
		if (!strchr(buf, '.')) {
			char *e = strchr(buf, 'e');
			char tail[48];

			snprintf(tail, sizeof(tail), "%s", e ? e : "");
			if (e)
				*e = '\0';
			strcat(buf, ".0");
			strcat(buf, tail);
		}
	}
	n->scalar = xstrdup(buf);
	return n;
}

struct ynode *ynode_int(long long v)
{
	struct ynode *n = node_new(YAML_SCALAR, 0);

	n->scalar = xasprintf("%lld", v);
	return n;
}

struct ynode *ynode_bool(int v)
{
	struct ynode *n = node_new(YAML_SCALAR, 0);

	n->scalar = xstrdup(v ? "true" : "false");
	return n;
}

void ynode_set(struct ynode *map, const char *key, struct ynode *value)
{
	if (map->kind != YAML_MAP)
		pc_fatal("internal: ynode_set on a node that is not a mapping");
	for (size_t i = 0; i < map->n; i++) {
		if (!strcmp(map->keys[i], key)) {
			ynode_free(map->items[i]);
			map->items[i] = value;
			return;
		}
	}
	map_append(map, xstrdup(key), 0, value);
}

void ynode_push(struct ynode *seq, struct ynode *value)
{
	if (seq->kind != YAML_SEQ)
		pc_fatal("internal: ynode_push on a node that is not a sequence");
	seq_append(seq, value);
}

static int out_write(void *ctx, unsigned char *buf, size_t n)
{
	sbuf_add(ctx, buf, n);
	return 1;
}

static int emit_event(yaml_emitter_t *em, yaml_event_t *ev, int ok)
{
	if (!ok)
		pc_fatal("out of memory");
	return yaml_emitter_emit(em, ev) ? 0 : -1;
}

static int emit_scalar(yaml_emitter_t *em, const char *s, int force_quotes)
{
	yaml_event_t ev;
	size_t len = strlen(s);

	if (len > INT_MAX)
		return pc_error("cannot write YAML: a string of %zu bytes is too long", len);
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1,
					  force_quotes ? YAML_SINGLE_QUOTED_SCALAR_STYLE :
					  YAML_ANY_SCALAR_STYLE))
		return pc_error("cannot write YAML: '%.40s' is not valid UTF-8", s);
	return emit_event(em, &ev, 1);
}

static int emit_node(yaml_emitter_t *em, const struct ynode *n)
{
	yaml_event_t ev;

	switch (n->kind) {
	case YAML_SCALAR:
		return emit_scalar(em, n->scalar, n->quoted && ynode_plain_is_typed(n->scalar));
	case YAML_SEQ:
		if (emit_event(em, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
						YAML_BLOCK_SEQUENCE_STYLE)) < 0)
			return -1;
		for (size_t i = 0; i < n->n; i++)
			if (emit_node(em, n->items[i]) < 0)
				return -1;
		return emit_event(em, &ev, yaml_sequence_end_event_initialize(&ev));
	case YAML_MAP:
		if (emit_event(em, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						YAML_BLOCK_MAPPING_STYLE)) < 0)
			return -1;
		for (size_t i = 0; i < n->n; i++)
			if (emit_scalar(em, n->keys[i], 0) < 0 || emit_node(em, n->items[i]) < 0)
				return -1;
		return emit_event(em, &ev, yaml_mapping_end_event_initialize(&ev));
	}
	return -1;
}

char *ynode_emit(const struct ynode *root, size_t *len)
{
	struct sbuf o = SBUF_INIT;
	yaml_emitter_t em;
	yaml_event_t ev;
	int r;

	if (!root) {
		*len = 0;
		return xstrdup("");
	}
	if (!yaml_emitter_initialize(&em))
		pc_fatal("out of memory");
	yaml_emitter_set_output(&em, out_write, &o);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);
	r = emit_event(&em, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	if (r == 0)
		r = emit_event(&em, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL,
									      NULL, 1));
	if (r == 0)
		r = emit_node(&em, root);
	if (r == 0)
		r = emit_event(&em, &ev, yaml_document_end_event_initialize(&ev, 1));
	if (r == 0)
		r = emit_event(&em, &ev, yaml_stream_end_event_initialize(&ev));
	if (r == 0 && !yaml_emitter_flush(&em))
		r = -1;
	if (r < 0) {
		if (em.error)
			pc_error("cannot write YAML: %s", em.problem ? em.problem : "emitter error");
		yaml_emitter_delete(&em);
		sbuf_free(&o);
		return NULL;
	}
	yaml_emitter_delete(&em);
	*len = o.len;
	return o.s ? o.s : xstrdup("");
}
