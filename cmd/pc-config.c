/* pc-config: read a key of the configuration file, for the loop's shell scripts. */
#include "base/config.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/sbuf.h"

#include <stdio.h>
#include <string.h>

/* A scalar as it is, a sequence of scalars joined with ','. */
static int print_value(const struct config *c, const char *key, const struct ynode *n)
{
	struct sbuf b = SBUF_INIT;

	if (n->kind == YAML_MAP)
		return pc_error_at(c->name, n->line, "%s: a mapping, not a value", key);
	if (n->kind == YAML_SCALAR) {
		puts(ynode_is_null(n) ? "" : n->scalar);
		return 0;
	}
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->kind != YAML_SCALAR) {
			sbuf_free(&b);
			return pc_error_at(c->name, n->line, "%s: a sequence of collections", key);
		}
		if (i)
			sbuf_addc(&b, ',');
		sbuf_adds(&b, n->items[i]->scalar);
	}
	puts(b.s ? b.s : "");
	sbuf_free(&b);
	return 0;
}

int main(int argc, char **argv)
{
	const char *config = NULL;
	int quiet = 0, first, status = PC_EXIT_OK;
	const struct opt opts[] = {
		OPT__CONFIG(&config),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "-c FILE SECTION.KEY [DEFAULT]",
		.summary = "Print a value of the configuration file (a list joined with ','), or\n"
			   "DEFAULT when the key is absent: the loop's scripts read their settings so.",
		.opts = opts,
		.flags = OPT_KEEP_CONFIG,
	};
	struct config *c;
	const struct ynode *n;

	pc_set_progname(argv[0]);
	first = opt_parse(&p, argc, argv);
	opt_operands(argc, first, 1, 2, "SECTION.KEY DEFAULT", argv);
	if (!config) {
		/* no file: every key takes its default */
		if (first + 1 < argc) {
			puts(argv[first + 1]);
			return PC_EXIT_OK;
		}
		pc_error("%s: no configuration file and no default", argv[first]);
		return PC_EXIT_NO;
	}
	c = config_load(config);
	if (!c || opt_apply_config(&p, c) < 0) {
		config_free(c);
		return PC_EXIT_INPUT;
	}
	n = config_node(c, argv[first]);
	if (!n || ynode_is_null(n)) {
		if (first + 1 < argc)
			puts(argv[first + 1]);
		else {
			pc_error("%s: no key '%s'", config, argv[first]);
			status = PC_EXIT_NO;
		}
	} else if (print_value(c, argv[first], n) < 0) {
		status = PC_EXIT_INPUT;
	}
	config_free(c);
	opt_end(&p);
	return status;
}
