/* opt: the command line and configuration section of every program; see opt.h. */
#include "base/opt.h"
#include "base/sbuf.h"
#include "base/xalloc.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const opt_config_sections[] = {
	"paths", "tokenize", "embed", "train", "predict", "drift", "tensor", "synth",
	"promote", "weeks", "loop", "serve", NULL,
};

#define HELP_COLUMN 28
#define LONG_BASE 0x10000
#define OFF_BASE 0x20000          /* --no-NAME of the option at OFF_BASE + index */

/* Strings made while parsing (lists joined from the configuration), kept reachable until
 * opt_end so that the destinations may point into them. */
/* volatile: only opt_end reads them, and the compiler must not drop the stores */
static struct config *volatile loaded;
static const struct opt **volatile given_lists;
static char **owned;
static size_t nowned, capowned;
/* opt_parse's tables, reachable while a usage error may end the program */
static void *volatile parsing_longs, *volatile parsing_seen, *volatile parsing_shorts;

static const char *keep(char *s)
{
	xgrow(&owned, &capowned, nowned + 1, sizeof(*owned));
	owned[nowned++] = s;
	return s;
}

/* ---- numbers ---- */

int parse_long(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return (errno || end == s || *end) ? -1 : 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (*s == '-')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return (errno || end == s || *end) ? -1 : 0;
}

int parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return (errno == ERANGE || end == s || *end) ? -1 : 0;
}

/* ---- messages ---- */

void opt_print_version(void)
{
	printf("%s (%s) %s\n", pc_progname(), PACKAGE_NAME, PACKAGE_VERSION);
}

void opt_usage_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\nTry '%s --help'.\n", pc_progname(), msg, pc_progname());
	pc_exit(PC_EXIT_INPUT);
}

void opt_operands(int argc, int first, int min, int max, const char *names, char **argv)
{
	int n = argc - first;

	if (n < min) {
		/* name the first operand missing */
		const char *p = names;

		for (int i = 0; i < n && p; i++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		if (p && *p)
			opt_usage_error("missing %.*s", (int)strcspn(p, " "), p);
		opt_usage_error("missing operand");
	}
	if (max >= 0 && n > max)
		opt_usage_error("unexpected argument '%s'", argv[first + max]);
}

static const char *display_name(const struct opt *o, char *buf, size_t size)
{
	if (o->long_name)
		snprintf(buf, size, "--%s", o->long_name);
	else
		snprintf(buf, size, "-%c", o->short_name);
	return buf;
}

/* ---- the table ---- */

static int takes_value(const struct opt *o)
{
	switch (o->type) {
	case OPT_T_BOOL: case OPT_T_SET_INT: case OPT_T_COUNT: case OPT_T_HELP:
	case OPT_T_VERSION: case OPT_T_QUIET:
		return 0;
	default:
		return 1;
	}
}

static const struct opt *find_long(const struct opt *opts, const char *name)
{
	for (const struct opt *o = opts; o->type != OPT_T_END; o++)
		if (o->type != OPT_T_ALIAS && o->type != OPT_T_GROUP && o->type != OPT_T_NODE &&
		    o->long_name && !strcmp(o->long_name, name))
			return o;
	return NULL;
}

/* An alias's option. */
static const struct opt *resolve(const struct opt *opts, const struct opt *o)
{
	const struct opt *t;

	if (o->type != OPT_T_ALIAS)
		return o;
	t = find_long(opts, o->target);
	if (!t)
		pc_fatal("internal: option alias for unknown '--%s'", o->target);
	return t;
}

static int in_config(const struct opt *o)
{
	return !(o->flags & OPT_NOCONF) && o->long_name &&
	       o->type != OPT_T_GROUP && o->type != OPT_T_END && o->type != OPT_T_COUNT;
}

/* ---- values ---- */

static char errbuf[512];

static const char *bad(const char *fmt, ...) PC_PRINTF(1, 2);
static const char *bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	return errbuf;
}

static const char *choices_text(const char *const *c)
{
	static char buf[256];
	size_t n = 0, len = 0;

	while (c[n])
		n++;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, len < sizeof(buf) ? sizeof(buf) - len : 0,
					"%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", c[i]);
	return buf;
}

/* Set `o` from the text `s`; NULL, or what is wrong. */
static const char *set_value(const struct opt *o, const char *s)
{
	long l;
	uint64_t u;
	double d;

	switch (o->type) {
	case OPT_T_INT:
	case OPT_T_LONG:
		if (parse_long(s, &l) < 0)
			return bad("'%s' is not an integer", s);
		if ((double)l < o->min || (double)l > o->max)
			return bad("%ld is out of range [%.0f, %.0f]", l, o->min, o->max);
		if (o->type == OPT_T_INT)
			*(int *)o->value = (int)l;
		else
			*(long *)o->value = l;
		return NULL;
	case OPT_T_U64:
		if (parse_u64(s, &u) < 0)
			return bad("'%s' is not a non-negative integer", s);
		*(uint64_t *)o->value = u;
		return NULL;
	case OPT_T_DOUBLE:
	case OPT_T_FLOAT:
		if (parse_double(s, &d) < 0)
			return bad("'%s' is not a number", s);
		if (!isfinite(d))
			return bad("'%s' is not a finite number", s);
		if (d < o->min || d > o->max)
			return bad("%g is out of range [%g, %g]", d, o->min, o->max);
		if (o->type == OPT_T_DOUBLE)
			*(double *)o->value = d;
		else
			*(float *)o->value = (float)d;
		return NULL;
	case OPT_T_STRING:
	case OPT_T_FILE:
	case OPT_T_CONFIG:
		*(const char **)o->value = s;
		return NULL;
	case OPT_T_CHOICE:
		for (int i = 0; o->choices[i]; i++) {
			if (!strcmp(o->choices[i], s)) {
				*(int *)o->value = i;
				return NULL;
			}
		}
		return bad("'%s' is not %s", s, choices_text(o->choices));
	case OPT_T_CALLBACK:
		return o->cb(o->value, s);
	case OPT_T_BOOL:
		*(int *)o->value = 1;
		return NULL;
	case OPT_T_SET_INT:
		*(int *)o->value = o->ival;
		return NULL;
	case OPT_T_COUNT:
		(*(int *)o->value)++;
		return NULL;
	case OPT_T_QUIET:
		if (o->value)
			*(int *)o->value = 1;
		pc_set_quiet(1);
		return NULL;
	default:
		return NULL;
	}
}

/* ---- the configuration section ---- */

static const struct opt *find_key(const struct opt *opts, const char *key)
{
	char name[128];

	for (const struct opt *o = opts; o->type != OPT_T_END; o++) {
		size_t i;

		if (!o->long_name || o->type == OPT_T_GROUP)
			continue;
		if (o->type == OPT_T_NODE) {
			if (!strcmp(o->long_name, key))
				return o;
			continue;
		}
		if (o->type != OPT_T_ALIAS && !in_config(o))
			continue;
		for (i = 0; o->long_name[i] && i + 1 < sizeof(name); i++)
			name[i] = o->long_name[i] == '-' ? '_' : o->long_name[i];
		name[i] = '\0';
		if (!strcmp(name, key)) {
			const struct opt *t = resolve(opts, o);

			return in_config(t) ? t : NULL;
		}
	}
	return NULL;
}

static const char *kind_name(const struct ynode *n)
{
	return n->kind == YAML_MAP ? "a mapping" : n->kind == YAML_SEQ ? "a sequence" :
	       "a scalar";
}

/* The text of a list key: a scalar, or a sequence of scalars joined with ','. */
static const char *list_text(const struct ynode *n)
{
	struct sbuf b = SBUF_INIT;

	if (n->kind == YAML_SCALAR)
		return n->scalar;
	if (n->kind != YAML_SEQ)
		return NULL;
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->kind != YAML_SCALAR) {
			sbuf_free(&b);
			return NULL;
		}
		if (i)
			sbuf_addc(&b, ',');
		sbuf_adds(&b, n->items[i]->scalar);
	}
	return keep(b.s ? b.s : xstrdup(""));
}

static int apply_key(const struct opt *o, const struct config *c, const char *section,
		     const char *key, const struct ynode *n)
{
	const char *err = NULL, *text;
	int b;

	if (o->type == OPT_T_NODE)
		return o->node_cb(o->value, c, n, key);
	if (ynode_is_null(n))
		return 0;
	switch (o->type) {
	case OPT_T_BOOL:
	case OPT_T_SET_INT:
		if (n->kind != YAML_SCALAR || n->quoted || (b = ynode_plain_bool(n->scalar)) < 0)
			return pc_error_at(c->name, n->line, "%s.%s: expected true or false, not %s%s%s",
					   section, key, n->kind == YAML_SCALAR ? "'" : "",
					   n->kind == YAML_SCALAR ? n->scalar : kind_name(n),
					   n->kind == YAML_SCALAR ? "'" : "");
		if (o->type == OPT_T_BOOL)
			*(int *)o->value = b;
		else if (b)
			*(int *)o->value = o->ival;
		return 0;
	case OPT_T_STRING:
	case OPT_T_CALLBACK:
		/* a list may be written as a YAML sequence */
		text = list_text(n);
		if (!text)
			return pc_error_at(c->name, n->line, "%s.%s: expected a string or a list, "
					   "not %s", section, key, kind_name(n));
		if (o->type == OPT_T_STRING) {
			*(const char **)o->value = text;
			return 0;
		}
		err = o->cb(o->value, text);
		return err ? pc_error_at(c->name, n->line, "%s.%s: %s", section, key, err) : 0;
	default:
		break;
	}
	if (n->kind != YAML_SCALAR)
		return pc_error_at(c->name, n->line, "%s.%s: expected a value, not %s", section, key,
				   kind_name(n));
	switch (o->type) {
	case OPT_T_INT: case OPT_T_LONG: case OPT_T_U64: case OPT_T_DOUBLE: case OPT_T_FLOAT:
		if (n->quoted)
			return pc_error_at(c->name, n->line, "%s.%s: expected a number, not the "
					   "quoted string '%s'", section, key, n->scalar);
		if (ynode_plain_is_float(n->scalar) && !ynode_plain_is_int(n->scalar)) {
			int range;
			double v = ynode_plain_float(n->scalar, &range);

			if (!isfinite(v))
				return pc_error_at(c->name, n->line, "%s.%s: '%s' is not a finite "
						   "number", section, key, n->scalar);
		}
		break;
	default:
		break;
	}
	err = set_value(o, n->scalar);
	if (err)
		return pc_error_at(c->name, n->line, "%s.%s: %s", section, key, err);
	return 0;
}

int opt_apply_config(const struct opt_parser *p, const struct config *c)
{
	const struct ynode *root = c ? c->root : NULL, *sec;
	int bad_keys = 0;

	if (!root)
		return 0;
	for (size_t i = 0; i < root->n; i++) {
		const char *const *s;

		for (s = opt_config_sections; *s; s++)
			if (!strcmp(*s, root->keys[i]))
				break;
		if (!*s)
			return pc_error_at(c->name, root->key_lines[i], "%s: unknown section (known: "
					   "%s)", root->keys[i], choices_text(opt_config_sections));
		if (!ynode_is_null(root->items[i]) && root->items[i]->kind != YAML_MAP)
			return pc_error_at(c->name, root->items[i]->line, "%s: expected a mapping, "
					   "not %s", root->keys[i], kind_name(root->items[i]));
	}
	if (!p->section)
		return 0;
	sec = ynode_get(root, p->section);
	if (!sec || sec->kind != YAML_MAP)
		return 0;
	for (size_t i = 0; i < sec->n && !bad_keys; i++) {
		const struct opt *o = find_key(p->opts, sec->keys[i]);

		if (!o)
			return pc_error_at(c->name, sec->key_lines[i], "%s.%s: unknown key",
					   p->section, sec->keys[i]);
		if (apply_key(o, c, p->section, sec->keys[i], sec->items[i]) < 0)
			return -1;
	}
	return 0;
}

/* ---- help ---- */

static void help_line(const struct opt *o)
{
	char head[128];
	int len;
	const char *h = o->help, *nl;

	if (o->short_name && o->long_name)
		len = snprintf(head, sizeof(head), "  -%c, --%s", o->short_name, o->long_name);
	else if (o->short_name)
		len = snprintf(head, sizeof(head), "  -%c", o->short_name);
	else
		len = snprintf(head, sizeof(head), "      --%s", o->long_name);
	if (o->argh && len > 0 && (size_t)len < sizeof(head))
		len += snprintf(head + len, sizeof(head) - (size_t)len, " %s", o->argh);
	fputs(head, stdout);
	if (len >= HELP_COLUMN - 1) {
		putchar('\n');
		len = 0;
	}
	printf("%*s", HELP_COLUMN - len, "");
	while ((nl = strchr(h, '\n'))) {
		printf("%.*s\n%*s", (int)(nl - h), h, HELP_COLUMN, "");
		h = nl + 1;
	}
	printf("%s\n", h);
}

void opt_help(const struct opt_parser *p)
{
	const char *u = p->usage, *nl;
	int first = 1;

	do {
		nl = strchr(u, '\n');
		printf("%s%s %.*s\n", first ? "usage: " : "   or: ", pc_progname(),
		       nl ? (int)(nl - u) : (int)strlen(u), u);
		first = 0;
		u = nl ? nl + 1 : NULL;
	} while (u && *u);
	if (p->summary)
		printf("%s\n", p->summary);
	putchar('\n');
	for (const struct opt *o = p->opts; o->type != OPT_T_END; o++) {
		if (o->type == OPT_T_GROUP) {
			printf("\n%s\n", o->help);
			continue;
		}
		if (!o->help || (o->flags & OPT_HIDDEN))
			continue;
		help_line(o);
	}
	if (p->section)
		printf("\nConfiguration: section '%s' of the -c file, keys named as the long "
		       "options\nwith '_' for '-'.  See %s(1) and prodclass(7).\n", p->section,
		       pc_progname());
}

/* ---- parsing ---- */

struct seen {
	const struct opt *o;
	const char *arg;
	int off;                  /* --no-NAME of a boolean */
};

/* The option a getopt failure was about, as the user wrote it. */
static const char *offending(int argc, char **argv, int index, char *buf, size_t size)
{
	const char *a;

	if (optopt > 0 && optopt < LONG_BASE) {
		snprintf(buf, size, "-%c", optopt);
		return buf;
	}
	a = index > 0 && index <= argc ? argv[index - 1] : "?";
	snprintf(buf, size, "%.*s", (int)strcspn(a, "="), a);
	return buf;
}

/* An unknown long option: say whether it is ambiguous. */
static void unknown_long(const struct opt *opts, const char *text) PC_NORETURN;
static void unknown_long(const struct opt *opts, const char *text)
{
	const char *name = text + 2;
	size_t len = strlen(name), hits = 0;
	struct sbuf b = SBUF_INIT;

	for (const struct opt *o = opts; o->type != OPT_T_END; o++) {
		if (!o->long_name || o->type == OPT_T_GROUP || o->type == OPT_T_NODE ||
		    (o->flags & OPT_HIDDEN) || strncmp(o->long_name, name, len))
			continue;
		sbuf_printf(&b, "%s--%s", hits ? ", " : "", o->long_name);
		hits++;
	}
	if (len && hits > 1)
		opt_usage_error("option '%s' is ambiguous (%s)", text, b.s);
	opt_usage_error("unknown option '%s'", text);
}

int opt_parse(struct opt_parser *p, int argc, char **argv)
{
	struct option *longs = NULL;
	struct seen *seen;
	struct sbuf shorts = SBUF_INIT;
	size_t nlongs = 0, cap = 0, nseen = 0;
	const char *config = NULL;
	int c, index;

	sbuf_adds(&shorts, (p->flags & OPT_STOP_AT_OPERAND) ? "+:" : ":");
	for (const struct opt *o = p->opts; o->type != OPT_T_END; o++) {
		const struct opt *t;

		if (o->type == OPT_T_GROUP || o->type == OPT_T_NODE)
			continue;
		t = resolve(p->opts, o);
		if (o->short_name) {
			sbuf_addc(&shorts, (char)o->short_name);
			if (takes_value(t))
				sbuf_addc(&shorts, ':');
		}
		if (o->long_name) {
			xgrow(&longs, &cap, nlongs + 3, sizeof(*longs));
			longs[nlongs].name = o->long_name;
			longs[nlongs].has_arg = takes_value(t) ? required_argument : no_argument;
			longs[nlongs].flag = NULL;
			/* an alias shares its option's value, so that getopt_long does not take a
			 * prefix of both for an ambiguity */
			longs[nlongs].val = LONG_BASE + (int)(t - p->opts);
			nlongs++;
			/* a boolean is turned off by --no-NAME (over the configuration's true) */
			if (t->type == OPT_T_BOOL && strncmp(o->long_name, "no-", 3)) {
				struct sbuf nb = SBUF_INIT;

				sbuf_printf(&nb, "no-%s", o->long_name);
				longs[nlongs].name = keep(nb.s);
				longs[nlongs].has_arg = no_argument;
				longs[nlongs].flag = NULL;
				longs[nlongs].val = OFF_BASE + (int)(t - p->opts);
				nlongs++;
			}
		}
	}
	xgrow(&longs, &cap, nlongs + 1, sizeof(*longs));
	memset(&longs[nlongs], 0, sizeof(*longs));
	seen = xcalloc((size_t)argc + 1, sizeof(*seen));
	parsing_longs = longs;
	parsing_seen = seen;
	parsing_shorts = shorts.s;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shorts.s, longs, NULL)) != -1) {
		const struct opt *o = NULL;
		char buf[256];
		int off = 0;

		index = optind;
		if (c == '?') {
			const char *text = offending(argc, argv, index, buf, sizeof(buf));

			if (!strncmp(text, "--", 2))
				unknown_long(p->opts, text);
			opt_usage_error("unknown option '%s'", text);
		}
		if (c == ':')
			opt_usage_error("option '%s' requires a value",
					offending(argc, argv, index, buf, sizeof(buf)));
		if (c >= OFF_BASE) {
			o = &p->opts[c - OFF_BASE];
			off = 1;
		} else if (c >= LONG_BASE) {
			o = &p->opts[c - LONG_BASE];
		} else {
			for (const struct opt *q = p->opts; q->type != OPT_T_END && !o; q++)
				if (q->short_name == c && q->type != OPT_T_GROUP)
					o = q;
		}
		if (!o)
			pc_fatal("internal: getopt returned an unknown option");
		o = resolve(p->opts, o);
		switch (o->type) {
		case OPT_T_HELP:
			opt_help(p);
			pc_exit(PC_EXIT_OK);
		case OPT_T_VERSION:
			opt_print_version();
			pc_exit(PC_EXIT_OK);
		case OPT_T_CONFIG:
			config = optarg;
			break;
		default:
			break;
		}
		seen[nseen].o = o;
		seen[nseen].arg = optarg;
		seen[nseen].off = off;
		nseen++;
	}
	index = optind;
	free(longs);
	parsing_longs = parsing_shorts = NULL;
	sbuf_free(&shorts);

	if (config && !(p->flags & OPT_KEEP_CONFIG)) {
		p->config = loaded = config_load(config);
		if (!p->config || opt_apply_config(p, p->config) < 0)
			pc_exit(PC_EXIT_INPUT);
	}
	p->given_list = xcalloc(nseen + 1, sizeof(*p->given_list));
	p->ngiven = nseen;
	for (size_t i = 0; i < nseen; i++)
		p->given_list[i] = seen[i].o;
	given_lists = p->given_list;
	for (size_t i = 0; i < nseen && p->given; i++)
		p->given(seen[i].o);
	for (size_t i = 0; i < nseen; i++) {
		const char *err = seen[i].off ? (*(int *)seen[i].o->value = 0, NULL) :
				  set_value(seen[i].o, seen[i].arg);
		char name[160];

		if (err)
			opt_usage_error("option '%s': %s",
					display_name(seen[i].o, name, sizeof(name)), err);
	}
	free(seen);
	parsing_seen = NULL;
	return index;
}

void opt_end(struct opt_parser *p)
{
	/* freed through the statics that keep them reachable until now (a program that
	 * exits without calling this leaks nothing) */
	if (loaded != p->config)
		config_free(p->config);
	config_free(loaded);
	p->config = loaded = NULL;
	if (given_lists != p->given_list)
		free(p->given_list);
	free(given_lists);
	p->given_list = given_lists = NULL;
	p->ngiven = 0;
	for (size_t i = 0; i < nowned; i++)
		free(owned[i]);
	free(owned);
	owned = NULL;
	nowned = capowned = 0;
}
