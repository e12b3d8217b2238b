/* pc-weeks: simulated weeks of incoming products, driven by cron or pc-simulate. */
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/parallel.h"
#include "weeks/report.h"
#include "weeks/weeks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --drift 0,0.1,0.2,0.3 */
static const char *parse_drift(void *value, const char *arg)
{
	struct weeks_opts *o = value;
	size_t n;
	char **v = strlist_split(arg, &n);
	double d;

	if (n < 1 || n > WEEKS_MAX) {
		strlist_free(v);
		return "not a list of 1 to 52 drifts";
	}
	for (size_t i = 0; i < n; i++) {
		if (parse_double(v[i], &d) < 0 || !(d >= 0 && d <= 1)) {
			strlist_free(v);
			return "not a list of drifts in [0, 1]";
		}
		o->drift[i] = d;
	}
	o->weeks = (int)n;
	strlist_free(v);
	return NULL;
}

int main(int argc, char **argv)
{
	struct weeks_opts o;
	const char *config = NULL, *metrics = NULL, *sub, *dir;
	int quiet = 0, week = 0, nweeks = 0, first, status, k, got = 0;
	const struct opt opts[] = {
		OPT_GROUP("init:"),
		OPT_INT(0, "weeks", &nweeks, "K", 1, WEEKS_MAX,
			"weeks after week 0 (default 4, or as many as --drift lists)"),
		OPT_CALLBACK(0, "drift", &o, "LIST", parse_drift,
			     "drift of each week, 0 to 1 (default 0,0.1,0.2,0.3)"),
		OPT_LONG(0, "size", &o.size, "N", 1, 4194304, "products a week (default 5000)"),
		OPT_LONG(0, "week0-size", &o.week0_size, "N", 0, 4194304,
			 "products in week 0 (default: --size)"),
		OPT__SEED(&o.seed, "random seed (default 1)"),
		OPT_INT(0, "image-size", &o.image_size, "PX", 16, 2048,
			"pc-synth photo size (default 500)"),
		OPT_BOOL('f', "force", &o.force, "replace DIR if it exists"),
		OPT__THREADS(&o.threads),
		OPT_GROUP("init --from X.csv Y.csv [IMAGES]: weeks cut from a labelled catalogue"),
		OPT_FILE(0, "from", &o.from_x, "X.csv",
			 "the catalogue's products; its labels and photo\n"
			 "directory follow DIR as operands"),
		OPT_DOUBLE(0, "vocabulary", &o.vocab_share, "F", 0, 1,
			   "share of words renamed in drifted products (0.5)"),
		OPT_DOUBLE(0, "dropout", &o.dropout, "F", 0, 1, "words dropped from them (0.2)"),
		OPT_DOUBLE(0, "missing-description", &o.missing_description, "F", 0, 1,
			   "descriptions emptied (0.5)"),
		OPT_DOUBLE(0, "prior-shift", &o.prior_shift, "S", 0, 1,
			   "strength of the class-prior shift (1)"),
		OPT_SET_INT(0, "no-photo-ops", &o.photo_ops, 0,
			    "leave the photos of drifted products alone"),
		OPT_GROUP("next, labels:"),
		OPT_INT(0, "week", &week, "N", 1, WEEKS_MAX,
			"this week only: a no-op when it is out already"),
		OPT__CONFIG(&config),
		OPT__METRICS(&metrics),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "init DIR [--weeks K] [--drift LIST] [--size N] [--week0-size N] [-s S]\n"
			 "init DIR --from X.csv Y.csv [IMAGES] [--drift LIST] [--size N] ...\n"
			 "next DIR [--week N]\n"
			 "labels DIR [--week N]\n"
			 "status DIR\n"
			 "report DIR",
		.summary = "Lay out simulated weeks of products, release them one by one, and their\n"
			   "labels a week late, for the continuous-training loop.",
		.section = "weeks",
		.opts = opts,
	};

	pc_set_progname(argv[0]);
	metrics_begin();
	weeks_default_opts(&o);
	o.threads = parallel_default_threads();
	first = opt_parse(&p, argc, argv);
	if (first >= argc)
		opt_usage_error("missing subcommand (init, next, labels, status)");
	sub = argv[first];
	if (first + 1 >= argc)
		opt_usage_error("missing DIR");
	dir = argv[first + 1];
	metrics_open(metrics);
	if (!strcmp(sub, "init")) {
		if (o.from_x) {
			opt_operands(argc, first + 2, 1, 2, "Y.csv IMAGES", argv);
			o.from_y = argv[first + 2];
			o.from_images = first + 3 < argc ? argv[first + 3] : NULL;
		} else {
			opt_operands(argc, first + 2, 0, 0, "", argv);
		}
		if (nweeks) {
			if (nweeks > o.weeks)
				for (int w = o.weeks; w < nweeks; w++)
					o.drift[w] = o.drift[o.weeks - 1];
			o.weeks = nweeks;
		}
		k = weeks_init(dir, &o);
		status = k == 0 ? PC_EXIT_OK : k == -2 ? PC_EXIT_INPUT : PC_EXIT_INTERNAL;
	} else if (!strcmp(sub, "next") || !strcmp(sub, "labels")) {
		opt_operands(argc, first + 2, 0, 0, "", argv);
		k = !strcmp(sub, "next") ? weeks_next(dir, week, &got) : weeks_labels(dir, week, &got);
		status = k == 0 ? PC_EXIT_OK : k == -2 ? PC_EXIT_INPUT : PC_EXIT_INTERNAL;
		if (k == 0)
			printf("%d\n", got);
	} else if (!strcmp(sub, "report")) {
		opt_operands(argc, first + 2, 0, 0, "", argv);
		status = weeks_report(dir) < 0 ? PC_EXIT_INPUT : PC_EXIT_OK;
	} else if (!strcmp(sub, "status")) {
		opt_operands(argc, first + 2, 0, 0, "", argv);
		k = weeks_status(dir, stdout);
		status = k == 0 ? PC_EXIT_OK : k == -2 ? PC_EXIT_INPUT : PC_EXIT_INTERNAL;
	} else {
		opt_usage_error("unknown subcommand '%s'", sub);
	}
	opt_end(&p);
	return metrics_finish(status);
}
