/* pc-promote: the model registry: register, compare, promote, roll back, check. */
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/parallel.h"
#include "formats/runstore.h"
#include "registry/promote.h"
#include "registry/registry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Each subcommand: its operands and the options it takes besides the global ones. */
static const struct sub {
	const char *name, *operands;
	int min, max;
	const char *opts;
} subs[] = {
	{ "register", "MODEL", 1, 1, " run alias attach " },
	{ "list", "", 0, 0, "" },
	{ "show", "VERSION", 1, 1, "" },
	{ "path", "VERSION", 1, 1, " file " },
	{ "alias", "set|rm NAME [VERSION]", 2, 3, "" },
	{ "history", "", 0, 0, "" },
	{ "compare", "DATA", 1, 1, " champion challenger metric min-gain alpha floor threads " },
	{ "promote", "[VERSION]", 0, 1, " if-better champion challenger metric min-gain alpha "
	  "floor threads " },
	{ "rollback", "", 0, 0, "" },
	{ "gc", "", 0, 0, " keep " },
	{ "fsck", "", 0, 0, "" },
	{ "runs", "", 0, 0, " runs columns " },
};

static const char global_opts[] = " registry config quiet help version notify metrics ";

static const struct sub *find_sub(const char *name)
{
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(subs[i].name, name))
			return &subs[i];
	return NULL;
}

static void check_given(const struct opt_parser *p, const struct sub *s)
{
	char want[64];

	for (size_t i = 0; i < p->ngiven; i++) {
		const char *name = p->given_list[i]->long_name;

		snprintf(want, sizeof(want), " %s ", name);
		if (!strstr(global_opts, want) && !strstr(s->opts, want))
			opt_usage_error("%s does not take --%s", s->name, name);
	}
}

static int show(struct registry *r, const char *ref)
{
	char *path;
	long v;
	FILE *fp;
	int c;

	int k = registry_resolve(r, ref, &v);

	if (k == 1)
		pc_error("%s: alias '%s' is not set", registry_dir(r), ref);
	if (k)
		return PC_EXIT_INPUT;
	path = registry_file_path(r, v, "card.yaml");
	fp = fopen(path, "r");
	if (!fp) {
		pc_error_errno("cannot read %s", path);
		free(path);
		return PC_EXIT_INTERNAL;
	}
	while ((c = getc(fp)) != EOF)
		putchar(c);
	fclose(fp);
	free(path);
	return PC_EXIT_OK;
}

static int print_path(struct registry *r, const char *ref, const char *file)
{
	char *path;
	long v;
	int k = registry_resolve(r, ref, &v);

	if (k == 1)
		pc_error("%s: alias '%s' is not set", registry_dir(r), ref);
	if (k)
		return PC_EXIT_INPUT;
	path = file ? registry_file_path(r, v, file) : registry_model_path(r, v);
	if (file && (strchr(file, '/') || file[0] == '.' || access(path, F_OK) != 0)) {
		pc_error("%s: v%ld has no attached file '%s'", registry_dir(r), v, file);
		free(path);
		return PC_EXIT_INPUT;
	}
	printf("%s\n", path);
	free(path);
	return PC_EXIT_OK;
}

static int alias(struct registry *r, int argc, char **argv)
{
	struct registry_event e = { "alias", 0, 0, NULL, NAN, NAN, argv[1], NULL };
	long prev;
	int status = PC_EXIT_INTERNAL;

	if (!strcmp(argv[0], "rm")) {
		if (argc != 2)
			opt_usage_error("alias rm takes NAME");
		if (registry_lock(r) < 0)
			return PC_EXIT_INTERNAL;
		e.action = "unalias";
		if (registry_alias_get(r, argv[1], &e.version, &prev) != 0)
			e.version = 0;
		if (registry_alias_rm(r, argv[1]) < 0)
			status = PC_EXIT_INPUT;
		else if (registry_log(r, &e) == 0)
			status = PC_EXIT_OK;
		registry_unlock(r);
		return status;
	}
	if (strcmp(argv[0], "set") || argc != 3)
		opt_usage_error("alias takes 'set NAME VERSION' or 'rm NAME'");
	if (registry_resolve(r, argv[2], &e.version) != 0)
		return PC_EXIT_INPUT;
	if (registry_lock(r) < 0)
		return PC_EXIT_INTERNAL;
	if (registry_alias_get(r, argv[1], &e.previous, &prev) != 0)
		e.previous = 0;
	if (registry_alias_set(r, argv[1], e.version) < 0)
		status = PC_EXIT_INPUT;
	else if (registry_log(r, &e) == 0)
		status = PC_EXIT_OK;
	registry_unlock(r);
	return status;
}

int main(int argc, char **argv)
{
	struct promote_opts o;
	const char *registry = NULL, *config = NULL, *metrics = NULL, *run = NULL;
	const char *alias_name = NULL, *attach = NULL, *if_better = NULL, *file = NULL;
	const char *runs = NULL, *columns = "best_valid_weighted_f1,valid_accuracy,wall_seconds,"
					    "peak_memory_bytes";
	long keep = 10;
	const struct sub *s;
	struct registry *r = NULL;
	int first, status, quiet = 0;
	char **files = NULL;
	const struct opt opts[] = {
		OPT_FILE('R', "registry", &registry, "DIR",
			 "the registry (default $PC_REGISTRY, else paths.registry)"),
		OPT_STRING(0, "notify", &o.notify, "CMD",
			   "run CMD after a promotion, a rollback or a refusal"),
		OPT__CONFIG(&config),
		OPT__METRICS(&metrics),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_GROUP("register:"),
		OPT_FILE(0, "run", &run, "DIR", "the run record that made the model"),
		OPT_STRING(0, "alias", &alias_name, "NAME", "point NAME at the new version"),
		OPT_FILE(0, "attach", &attach, "LIST", "files to keep beside the model (comma-separated)"),
		OPT_GROUP("path:"),
		OPT_STRING(0, "file", &file, "NAME", "the path of an attached file instead"),
		OPT_GROUP("compare, promote:"),
		OPT_FILE(0, "if-better", &if_better, "DATA",
			 "promote only if the challenger wins on DATA"),
		OPT_STRING(0, "champion", &o.champion, "REF", "the champion (default champion)"),
		OPT_STRING(0, "challenger", &o.challenger, "REF",
			   "the challenger (default challenger)"),
		OPT_CHOICE(0, "metric", &o.cmp.metric, "NAME", compare_metric_names,
			   "weighted_f1 (default), accuracy or macro_f1"),
		OPT_DOUBLE(0, "min-gain", &o.cmp.min_gain, "G", -1, 1,
			   "the challenger must beat the champion by G (default 0)"),
		OPT_DOUBLE(0, "alpha", &o.cmp.alpha, "A", 0, 1,
			   "McNemar's p must be below A (default 0.05)"),
		OPT_DOUBLE(0, "floor", &o.cmp.floor, "X", 0, 1,
			   "never promote a model whose metric is below X (default 0)"),
		OPT__THREADS(&o.cmp.threads),
		OPT_GROUP("gc:"),
		OPT_LONG(0, "keep", &keep, "N", 0, 1000000,
			 "keep the N newest versions (default 10; aliased ones always)"),
		OPT_GROUP("runs:"),
		OPT_FILE(0, "runs", &runs, "STORE", "the run store (default paths.runs)"),
		OPT_STRING(0, "columns", &columns, "LIST", "metrics to list (default the training's)"),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "[-R DIR] register MODEL.pcm [--run DIR] [--alias NAME] [--attach FILES]\n"
			 "[-R DIR] list | history | fsck | rollback | gc [--keep N]\n"
			 "[-R DIR] show|path VERSION|ALIAS [--file NAME]\n"
			 "[-R DIR] alias set NAME VERSION | alias rm NAME\n"
			 "[-R DIR] compare DATA [--metric M] [--min-gain G] [--alpha A]\n"
			 "[-R DIR] promote [VERSION] [--if-better DATA]\n"
			 "runs [--runs STORE]",
		.summary = "Keep model versions, compare a challenger with the champion, promote it\n"
			   "when it is better, roll back; every decision in the registry's history.",
		.section = "promote",
		.opts = opts,
	};

	pc_set_progname(argv[0]);
	metrics_begin();
	promote_default_opts(&o);
	o.cmp.threads = parallel_default_threads();
	registry = getenv("PC_REGISTRY");
	if (registry && !*registry)
		registry = NULL;
	first = opt_parse(&p, argc, argv);
	o.quiet = quiet;
	if (first >= argc)
		opt_usage_error("missing subcommand (register, list, show, path, alias, history, "
				"compare, promote, rollback, gc, fsck, runs)");
	s = find_sub(argv[first]);
	if (!s)
		opt_usage_error("unknown subcommand '%s'", argv[first]);
	check_given(&p, s);
	opt_operands(argc, first + 1, s->min, s->max, s->operands, argv);
	metrics_open(metrics);
	if (!strcmp(s->name, "runs")) {
		if (!runs && p.config && config_str(p.config, "paths.runs", NULL, &runs) < 0)
			return PC_EXIT_INPUT;
		if (!runs)
			opt_usage_error("runs: no run store: give --runs STORE or paths.runs");
		status = runstore_list(runs, columns, stdout) < 0 ? PC_EXIT_INPUT : PC_EXIT_OK;
		goto done;
	}
	if (!registry && p.config && config_str(p.config, "paths.registry", NULL, &registry) < 0)
		return PC_EXIT_INPUT;
	if (!registry)
		opt_usage_error("no registry: give -R DIR, $PC_REGISTRY or paths.registry");
	r = registry_open(registry, !strcmp(s->name, "register"));
	if (!r) {
		status = PC_EXIT_INPUT;
		goto done;
	}
	if (!strcmp(s->name, "register")) {
		files = attach ? strlist_split(attach, NULL) : NULL;
		status = promote_register(r, argv[first + 1], run, files, alias_name, stdout);
	} else if (!strcmp(s->name, "list")) {
		status = registry_print_list(r, stdout) < 0 ? PC_EXIT_INTERNAL : PC_EXIT_OK;
	} else if (!strcmp(s->name, "show")) {
		status = show(r, argv[first + 1]);
	} else if (!strcmp(s->name, "path")) {
		status = print_path(r, argv[first + 1], file);
	} else if (!strcmp(s->name, "alias")) {
		status = alias(r, argc - first - 1, argv + first + 1);
	} else if (!strcmp(s->name, "history")) {
		status = registry_print_history(r, stdout) < 0 ? PC_EXIT_INTERNAL : PC_EXIT_OK;
	} else if (!strcmp(s->name, "compare")) {
		status = promote_compare(r, argv[first + 1], &o, stdout);
	} else if (!strcmp(s->name, "promote")) {
		if (first + 1 < argc)
			o.challenger = argv[first + 1];
		status = promote_promote(r, if_better, &o, stdout);
	} else if (!strcmp(s->name, "rollback")) {
		status = promote_rollback(r, &o);
	} else if (!strcmp(s->name, "gc")) {
		long removed;

		status = registry_gc(r, keep, &removed) < 0 ? PC_EXIT_INTERNAL : PC_EXIT_OK;
		if (status == PC_EXIT_OK) {
			char why[64];
			struct registry_event e = { "gc", 0, 0, NULL, NAN, NAN, "done", why };

			snprintf(why, sizeof(why), "removed %ld versions, kept %ld", removed, keep);
			if (registry_log(r, &e) < 0)
				status = PC_EXIT_INTERNAL;
			if (!quiet)
				fprintf(stderr, "%s: %s\n", pc_progname(), why);
		}
	} else {
		long problems = registry_fsck(r, stdout);

		status = problems < 0 ? PC_EXIT_INPUT : problems ? PC_EXIT_NO : PC_EXIT_OK;
	}
done:
	strlist_free(files);
	registry_close(r);
	opt_end(&p);
	if (fflush(stdout) != 0)
		status = PC_EXIT_INTERNAL;
	return metrics_finish(status);
}
