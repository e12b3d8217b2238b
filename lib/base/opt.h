/*
 * opt: every program's command line and configuration section, declared once.
 *
 * A program describes its options in a table of struct opt, built with the OPT_*
 * macros below (in the spirit of git's parse-options).  From that one table come the
 * getopt_long parsing, the --help text, the keys of the program's section of the YAML
 * configuration (the long name with '-' made '_'), the bounds checked on both, and every
 * message.  Conventions shared by all programs (prodclass(7)):
 *
 *   -h --help  -V --version  -c --config FILE  -o --output FILE  -t --threads N
 *   -s --seed S  -v --verbose  -q --quiet  --metrics FILE
 *
 * Order of precedence: built-in defaults (the values in the destinations before
 * opt_parse), then the configuration file's section, then the command line, whatever
 * the position of -c among the options.  Errors, each one line then "Try 'pc-x --help'."
 * and exit 2:
 *   pc-x: unknown option '--frobnicate'
 *   pc-x: option '--epochs' requires a value
 *   pc-x: option '--epochs': 'ten' is not an integer
 *   pc-x: option '--dropout': 2 is out of range [0, 0.95]
 * and for the configuration, without the "Try" line:
 *   pc-x: FILE:LINE: train.dropout: 2 is out of range [0, 0.95]
 *   pc-x: FILE:LINE: train.dropuot: unknown key
 *   pc-x: FILE:LINE: trian: unknown section
 */
#ifndef PC_OPT_H
#define PC_OPT_H

#include <stdint.h>

#include "base/config.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "base/strlist.h"

/* Threads: one bound for every program. */
#define OPT_MAX_THREADS PARALLEL_MAX_THREADS

enum opt_type {
	OPT_T_END,
	OPT_T_GROUP,     /* a heading in --help */
	OPT_T_BOOL,      /* int: 1 when given; config true/false */
	OPT_T_SET_INT,   /* int: set to `ival` when given; config true sets it */
	OPT_T_COUNT,     /* int: incremented each time (-v -v) */
	OPT_T_INT,       /* int within [min, max] */
	OPT_T_LONG,      /* long within [min, max] */
	OPT_T_U64,       /* uint64_t */
	OPT_T_DOUBLE,    /* double, finite, within [min, max] */
	OPT_T_FLOAT,     /* float, finite, within [min, max] */
	OPT_T_STRING,    /* const char *; config: a string, or a sequence joined with ',' */
	OPT_T_FILE,      /* const char *, a path: command line only */
	OPT_T_CHOICE,    /* int (or an enum): the index of the name in `choices` */
	OPT_T_CALLBACK,  /* a string handed to `cb` */
	OPT_T_NODE,      /* configuration only: the YAML node handed to `node_cb` */
	OPT_T_ALIAS,     /* another spelling of the option named `target`, hidden */
	OPT_T_HELP,
	OPT_T_VERSION,
	OPT_T_CONFIG,    /* const char *: the configuration file, read by opt_parse */
	OPT_T_QUIET,     /* int: set to 1, and warnings and progress bars silenced */
};

/* A callback parses `arg` into `value`; it returns NULL, or what is wrong with the value
 * ("'x' is not a range A-B"), which opt reports with the option or the key. */
typedef const char *(*opt_cb)(void *value, const char *arg);
/* A node callback reads a configuration node; 0, or -1 after reporting "file:line:". */
typedef int (*opt_node_cb)(void *value, const struct config *c, const struct ynode *node,
			   const char *key);

struct opt {
	enum opt_type type;
	int short_name;             /* 0: none */
	const char *long_name;      /* NULL only for groups and configuration-only nodes */
	void *value;
	const char *argh;           /* the value's name in --help: N, FILE, LIST */
	const char *help;           /* NULL: not shown; '\n' continues on an indented line */
	double min, max;            /* INT, LONG, DOUBLE, FLOAT bounds */
	int ival;                   /* SET_INT */
	const char *const *choices; /* CHOICE: NULL-terminated names */
	opt_cb cb;
	opt_node_cb node_cb;
	const char *target;         /* ALIAS: the long name of the option it spells */
	unsigned flags;
};

/* flags */
#define OPT_NOCONF 1u           /* no configuration key */
#define OPT_HIDDEN 2u           /* not in --help */

#define OPT_END() { .type = OPT_T_END }
#define OPT_GROUP(h) { .type = OPT_T_GROUP, .help = (h) }
#define OPT_BOOL(s, l, v, h) { .type = OPT_T_BOOL, .short_name = (s), .long_name = (l), \
	.value = (v), .help = (h) }
#define OPT_SET_INT(s, l, v, i, h) { .type = OPT_T_SET_INT, .short_name = (s), \
	.long_name = (l), .value = (v), .ival = (i), .help = (h) }
#define OPT_INT(s, l, v, a, lo, hi, h) { .type = OPT_T_INT, .short_name = (s), \
	.long_name = (l), .value = (v), .argh = (a), .min = (lo), .max = (hi), .help = (h) }
#define OPT_LONG(s, l, v, a, lo, hi, h) { .type = OPT_T_LONG, .short_name = (s), \
	.long_name = (l), .value = (v), .argh = (a), .min = (lo), .max = (hi), .help = (h) }
#define OPT_U64(s, l, v, a, h) { .type = OPT_T_U64, .short_name = (s), .long_name = (l), \
	.value = (v), .argh = (a), .help = (h) }
#define OPT_DOUBLE(s, l, v, a, lo, hi, h) { .type = OPT_T_DOUBLE, .short_name = (s), \
	.long_name = (l), .value = (v), .argh = (a), .min = (lo), .max = (hi), .help = (h) }
#define OPT_FLOAT(s, l, v, a, lo, hi, h) { .type = OPT_T_FLOAT, .short_name = (s), \
	.long_name = (l), .value = (v), .argh = (a), .min = (lo), .max = (hi), .help = (h) }
#define OPT_STRING(s, l, v, a, h) { .type = OPT_T_STRING, .short_name = (s), \
	.long_name = (l), .value = (v), .argh = (a), .help = (h) }
#define OPT_FILE(s, l, v, a, h) { .type = OPT_T_FILE, .short_name = (s), .long_name = (l), \
	.value = (v), .argh = (a), .help = (h), .flags = OPT_NOCONF }
#define OPT_CHOICE(s, l, v, a, names, h) { .type = OPT_T_CHOICE, .short_name = (s), \
	.long_name = (l), .value = (v), .argh = (a), .choices = (names), .help = (h) }
#define OPT_CALLBACK(s, l, v, a, fn, h) { .type = OPT_T_CALLBACK, .short_name = (s), \
	.long_name = (l), .value = (v), .argh = (a), .cb = (fn), .help = (h) }
/* A configuration key with a structured value (a mapping of per-column settings). */
#define OPT_NODE(key, v, fn) { .type = OPT_T_NODE, .long_name = (key), .value = (v), \
	.node_cb = (fn), .flags = OPT_HIDDEN }
/* An old spelling: `s` and/or `l` mean the option whose long name is `t`. */
#define OPT_ALIAS(s, l, t) { .type = OPT_T_ALIAS, .short_name = (s), .long_name = (l), \
	.target = (t), .flags = OPT_HIDDEN }

/* The common options, spelled the same in every program. */
#define OPT__HELP() { .type = OPT_T_HELP, .short_name = 'h', .long_name = "help", \
	.help = "show this help", .flags = OPT_NOCONF }
#define OPT__VERSION() { .type = OPT_T_VERSION, .short_name = 'V', .long_name = "version", \
	.help = "show the version", .flags = OPT_NOCONF }
#define OPT__CONFIG(v) { .type = OPT_T_CONFIG, .short_name = 'c', .long_name = "config", \
	.value = (v), .argh = "FILE", .help = "YAML configuration; options override it", \
	.flags = OPT_NOCONF }
#define OPT__OUTPUT(v, h) OPT_FILE('o', "output", v, "FILE", h)
#define OPT__THREADS(v) OPT_INT('t', "threads", v, "N", 1, OPT_MAX_THREADS, \
	"threads (default $PC_THREADS, else all cores)")
#define OPT__SEED(v, h) OPT_U64('s', "seed", v, "S", h)
#define OPT__VERBOSE(v, h) { .type = OPT_T_COUNT, .short_name = 'v', .long_name = "verbose", \
	.value = (v), .help = (h), .flags = OPT_NOCONF }
#define OPT__QUIET(v) { .type = OPT_T_QUIET, .short_name = 'q', .long_name = "quiet", \
	.value = (v), .help = "no warnings, no progress bars", .flags = OPT_NOCONF }
#define OPT__METRICS(v) OPT_FILE(0, "metrics", v, "FILE", "write Prometheus metrics to FILE")

/* A program's command line. */
struct opt_parser {
	const char *usage;          /* "pc-x [options] FILE": one or more lines, '\n' between */
	const char *summary;        /* what the program does, one or two lines */
	const char *section;        /* its configuration section ("train"), NULL for none */
	const struct opt *opts;
	unsigned flags;
	/* called for each option given on the command line, after they are all parsed (to
	 * refuse options a subcommand does not take); NULL for none */
	void (*given)(const struct opt *o);
	struct config *config;      /* set by opt_parse when -c was given; opt_end frees it */
	const struct opt **given_list;  /* set by opt_parse: the options given on the command
	                                 * line, in order (aliases resolved); opt_end frees it */
	size_t ngiven;
};

/* parser flags */
#define OPT_STOP_AT_OPERAND 1u  /* options end at the first operand (a subcommand) */
#define OPT_KEEP_CONFIG 2u      /* -c not read by opt_parse: the caller reads it later */

/* Parse argv: the configuration section first, then the options.  Returns the index of
 * the first operand; exits 0 after --help or --version and 2 after a usage or
 * configuration error. */
int opt_parse(struct opt_parser *p, int argc, char **argv);
/* Apply the program's section of an already loaded configuration (subcommands that
 * read their section after the global options; opt_parse does it itself). */
int opt_apply_config(const struct opt_parser *p, const struct config *c);
/* Frees the configuration. */
void opt_end(struct opt_parser *p);

/* Print the help text to stdout. */
void opt_help(const struct opt_parser *p);
/* "pc-x: msg", then "Try 'pc-x --help'.", exit 2. */
void opt_usage_error(const char *fmt, ...) PC_PRINTF(1, 2) PC_NORETURN;
/* Exactly `min`..`max` operands (max < 0: any number) from `first`; a usage error
 * otherwise ("missing REFERENCE", "unexpected argument 'x'"); `names` names the operands
 * for the message, space-separated ("REFERENCE CURRENT"). */
void opt_operands(int argc, int first, int min, int max, const char *names, char **argv);

/* "pc-x (prodclass) VERSION" on stdout. */
void opt_print_version(void);

/* The sections a configuration file may have (NULL-terminated): every program's and the
 * ones read by the scripts. */
extern const char *const opt_config_sections[];

/* Whole-string numbers: 0, or -1 when `s` is not one (no bounds). */
int parse_long(const char *s, long *out);
int parse_u64(const char *s, uint64_t *out);
int parse_double(const char *s, double *out);

#endif
