/* pc-drift: data, prediction and performance drift between a reference and a current data set. */
#include "base/cli.h"
#include "base/config.h"
#include "drift/drift.h"
#include "drift/drift_mv.h"
#include "drift/drift_perf.h"
#include "drift/drift_report.h"
#include "formats/dtable.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "base/xalloc.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	printf("Usage: %s [OPTION]... REFERENCE CURRENT\n"
	       "Compare two data sets (TSV, or .pct tensor streams) column by column and as a\n"
	       "whole; print a TSV report; exit 0 without drift, 1 with drift, 2 on bad input.\n\n"
	       "  -c, --config FILE       YAML configuration (section 'drift')\n"
	       "      --columns LIST      compare only these columns (comma-separated)\n"
	       "      --ignore LIST       leave these columns out (default: id)\n"
	       "      --test NAME         ks, chisquare, z, wasserstein, jensenshannon or psi for\n"
	       "                          every column (default: Evidently's choice per column)\n"
	       "      --threshold X       threshold for every column's test\n"
	       "      --drift-share X     dataset drift when this share of columns drifts (0.5)\n"
	       "      --correction NAME   none, bonferroni or bh (Benjamini-Hochberg)\n"
	       "      --bins N            bins for PSI and Jensen-Shannon (default: Sturges)\n"
	       "      --prediction COL    predicted class column: prediction drift, accuracy\n"
	       "      --label COL         true class column\n"
	       "      --confidence COL    model confidence: estimated accuracy without labels\n"
	       "      --max-drop X        flag accuracy falling more than X (0.05)\n"
	       "      --mv-test NAME      tensor streams: auto (both that apply), classifier or mmd\n"
	       "      --permutations N    permutations of the MMD test (200)\n"
	       "      --auc-bound X       domain classifier: drift also when AUC >= X (0.75)\n"
	       "      --seed N            seed of the permutations and splits (0)\n"
	       "      --html FILE         write a self-contained HTML report\n"
	       "      --metrics FILE      write Prometheus metrics\n"
	       "  -o, --output FILE       write the report to FILE (default: stdout)\n"
	       "  -j, --threads N         worker threads (default: all processors)\n"
	       "      --help              display this help and exit\n"
	       "      --version           output version information and exit\n",
	       pc_progname());
	pc_exit(PC_EXIT_OK);
}

enum {
	OPT_COLUMNS = 256, OPT_IGNORE, OPT_TEST, OPT_THRESHOLD, OPT_SHARE, OPT_CORRECTION,
	OPT_BINS, OPT_PREDICTION, OPT_LABEL, OPT_CONFIDENCE, OPT_MAXDROP, OPT_HTML, OPT_METRICS,
	OPT_MVTEST, OPT_PERMS, OPT_SEED, OPT_AUC, OPT_HELP, OPT_VERSION,
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
	{ "test", required_argument, NULL, OPT_TEST },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "drift-share", required_argument, NULL, OPT_SHARE },
	{ "correction", required_argument, NULL, OPT_CORRECTION },
	{ "bins", required_argument, NULL, OPT_BINS },
	{ "prediction", required_argument, NULL, OPT_PREDICTION },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "confidence", required_argument, NULL, OPT_CONFIDENCE },
	{ "max-drop", required_argument, NULL, OPT_MAXDROP },
	{ "mv-test", required_argument, NULL, OPT_MVTEST },
	{ "permutations", required_argument, NULL, OPT_PERMS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "auc-bound", required_argument, NULL, OPT_AUC },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "output", required_argument, NULL, 'o' },
	{ "threads", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Split a comma-separated list (the string is modified). */
static char **split_list(char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		xgrow(&v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = tok;
	}
	return v;
}

struct settings {
	const char *config, *columns, *ignore, *test, *correction, *html, *metrics, *output;
	const char *mvtest;
	double threshold, share, max_drop, auc_bound;
	long bins, threads, perms;
	uint64_t seed;
	struct drift_perf_opts perf;
};

static int test_of(const char *s, const char *what)
{
	int t = drift_test_parse(s);

	if (t < 0)
		cli_usage_error("%s: unknown test '%s'", what, s);
	return t;
}

/* Settings from the configuration file where the command line left them unset. */
static void apply_config(struct config *cf, struct settings *s, struct drift_opts *o,
			 struct drift_colopt **cols)
{
	static const char *const known[] = {
		"test", "threshold", "drift_share", "correction", "bins", "columns", "ignore",
		"prediction", "label", "confidence", "max_drop", "mv_test", "permutations",
		"seed", "auc_bound", NULL,
	};
	static const char *const colkeys[] = { "test", "threshold", "type", NULL };
	const struct ynode *cn;
	double d;
	long l;
	const char *str;

	config_warn_unknown(cf, "drift", known);
	if (isnan(s->threshold) && config_double(cf, "drift.threshold", NAN, &d) == 0)
		s->threshold = d;
	if (isnan(s->share) && config_double(cf, "drift.drift_share", NAN, &d) == 0)
		s->share = d;
	if (isnan(s->max_drop) && config_double(cf, "drift.max_drop", NAN, &d) == 0)
		s->max_drop = d;
	if (isnan(s->auc_bound) && config_double(cf, "drift.auc_bound", NAN, &d) == 0)
		s->auc_bound = d;
	if (s->bins < 0 && config_long(cf, "drift.bins", -1, &l) == 0)
		s->bins = l;
	if (s->perms < 0 && config_long(cf, "drift.permutations", -1, &l) == 0)
		s->perms = l;
	if (!s->test && config_str(cf, "drift.test", NULL, &str) == 0)
		s->test = str;
	if (!s->correction && config_str(cf, "drift.correction", NULL, &str) == 0)
		s->correction = str;
	if (!s->ignore && config_str(cf, "drift.ignore", NULL, &str) == 0)
		s->ignore = str;
	if (!s->perf.prediction && config_str(cf, "drift.prediction", NULL, &str) == 0)
		s->perf.prediction = str;
	if (!s->perf.label && config_str(cf, "drift.label", NULL, &str) == 0)
		s->perf.label = str;
	if (!s->perf.confidence && config_str(cf, "drift.confidence", NULL, &str) == 0)
		s->perf.confidence = str;
	if (!s->mvtest && config_str(cf, "drift.mv_test", NULL, &str) == 0)
		s->mvtest = str;
	cn = config_node(cf, "drift.columns");
	if (!cn)
		return;
	if (cn->kind != YAML_MAP)
		pc_die_at(cf->name, cn->line, "drift.columns: expected a mapping of column names");
	*cols = xcalloc(cn->n + 1, sizeof(**cols));
	for (size_t i = 0; i < cn->n; i++) {
		struct drift_colopt *c = &(*cols)[i];
		char *path = xasprintf("drift.columns.%s", cn->keys[i]);
		char *p;

		c->name = cn->keys[i];
		c->threshold = NAN;
		config_warn_unknown(cf, path, colkeys);
		p = xasprintf("%s.test", path);
		if (config_str(cf, p, NULL, &str) < 0)
			pc_exit(PC_EXIT_INPUT);
		if (str && (c->test = drift_test_parse(str)) == (enum drift_test)-1)
			pc_die_at(cf->name, config_node(cf, p)->line, "%s: unknown test '%s'", p, str);
		free(p);
		p = xasprintf("%s.threshold", path);
		if (config_double(cf, p, NAN, &c->threshold) < 0)
			pc_exit(PC_EXIT_INPUT);
		free(p);
		p = xasprintf("%s.type", path);
		if (config_str(cf, p, NULL, &str) < 0)
			pc_exit(PC_EXIT_INPUT);
		if (str && !strcmp(str, "num"))
			c->kind = DRIFT_KIND_NUM;
		else if (str && !strcmp(str, "cat"))
			c->kind = DRIFT_KIND_CAT;
		else if (str)
			pc_die_at(cf->name, config_node(cf, p)->line, "%s: expected num or cat", p);
		free(p);
		free(path);
	}
	o->ncols = cn->n;
}

/* The TSV report, the HTML page and the metrics. */
static void write_reports(const struct settings *s, const struct drift_result *res,
			  const struct drift_perf_result *perf, const char *ref_name,
			  const char *cur_name)
{
	struct outfile out;

	if (outfile_open(&out, s->output) < 0)
		pc_exit(PC_EXIT_INTERNAL);
	drift_report_tsv(out.fp, res, perf);
	if (outfile_commit(&out) < 0)
		pc_exit(PC_EXIT_INTERNAL);
	if (s->html) {
		struct outfile h;

		if (outfile_open(&h, s->html) < 0)
			pc_exit(PC_EXIT_INTERNAL);
		drift_report_html(h.fp, res, perf, ref_name, cur_name);
		if (outfile_commit(&h) < 0)
			pc_exit(PC_EXIT_INTERNAL);
	}
	drift_report_metrics(res, perf);
	if (metrics_write(s->metrics) < 0)
		pc_exit(PC_EXIT_INTERNAL);
}

int main(int argc, char **argv)
{
	struct settings s = { 0 };
	struct drift_opts o;
	struct drift_colopt *cols = NULL;
	struct config *cf = NULL;
	struct dtable *ref = NULL, *cur = NULL;
	struct drift_result res;
	struct drift_perf_result perf;
	char **names = NULL, **ignored = NULL, *colbuf = NULL, *ignbuf = NULL;
	const char **sel = NULL;
	size_t nnames = 0, nignored = 0, nsel = 0;
	int c, verdict;

	pc_set_progname(argv[0]);
	metrics_begin();
	s.threshold = s.share = s.max_drop = s.auc_bound = NAN;
	s.bins = s.perms = s.threads = -1;
	while ((c = getopt_long(argc, argv, "c:o:j:", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': s.config = optarg; break;
		case 'o': s.output = optarg; break;
		case 'j': s.threads = cli_long("--threads", optarg, 1, 1024); break;
		case OPT_COLUMNS: s.columns = optarg; break;
		case OPT_IGNORE: s.ignore = optarg; break;
		case OPT_TEST: s.test = optarg; break;
		case OPT_THRESHOLD: s.threshold = cli_double("--threshold", optarg, 0, 1e300); break;
		case OPT_SHARE: s.share = cli_double("--drift-share", optarg, 0, 1); break;
		case OPT_CORRECTION: s.correction = optarg; break;
		case OPT_BINS: s.bins = cli_long("--bins", optarg, 0, 100000); break;
		case OPT_PREDICTION: s.perf.prediction = optarg; break;
		case OPT_LABEL: s.perf.label = optarg; break;
		case OPT_CONFIDENCE: s.perf.confidence = optarg; break;
		case OPT_MAXDROP: s.max_drop = cli_double("--max-drop", optarg, 0, 1); break;
		case OPT_MVTEST: s.mvtest = optarg; break;
		case OPT_PERMS: s.perms = cli_long("--permutations", optarg, 1, 1000000); break;
		case OPT_SEED: s.seed = cli_u64("--seed", optarg); break;
		case OPT_AUC: s.auc_bound = cli_double("--auc-bound", optarg, 0, 1); break;
		case OPT_HTML: s.html = optarg; break;
		case OPT_METRICS: s.metrics = optarg; break;
		case OPT_HELP: usage(); break;
		case OPT_VERSION: cli_version(); break;
		default: cli_usage_error("unknown option");
		}
	}
	if (argc - optind != 2)
		cli_usage_error("expected REFERENCE and CURRENT");
	drift_opts_init(&o);
	if (s.config) {
		cf = config_load(s.config);
		if (!cf)
			pc_exit(PC_EXIT_INPUT);
		apply_config(cf, &s, &o, &cols);
		o.cols = cols;
	}
	if (s.test)
		o.test = test_of(s.test, "--test");
	if (s.correction) {
		int k = drift_correction_parse(s.correction);

		if (k < 0)
			cli_usage_error("--correction: expected none, bonferroni or bh, not '%s'",
					s.correction);
		o.correction = k;
	}
	if (!isnan(s.threshold))
		o.threshold = s.threshold;
	if (!isnan(s.share)) {
		if (s.share < 0 || s.share > 1)
			pc_die("drift_share must lie in [0, 1]");
		o.drift_share = s.share;
	}
	o.bins = s.bins > 0 ? s.bins : 0;
	o.threads = s.threads > 0 ? (int)s.threads : parallel_default_threads();
	o.want_dist = s.html != NULL;
	s.perf.max_drop = isnan(s.max_drop) ? 0.05 : s.max_drop;

	if (drift_mv_is_stream(argv[optind]) || drift_mv_is_stream(argv[optind + 1])) {
		struct drift_mv_opts mo;

		drift_mv_opts_init(&mo);
		mo.seed = s.seed;
		mo.threads = o.threads;
		if (s.perms > 0)
			mo.permutations = s.perms;
		if (!isnan(s.threshold))
			mo.alpha = s.threshold;
		if (!isnan(s.auc_bound))
			mo.auc_bound = s.auc_bound;
		if (s.mvtest && drift_mv_test_parse(s.mvtest, &mo.test) < 0)
			cli_usage_error("--mv-test: expected auto, classifier or mmd, not '%s'", s.mvtest);
		if (drift_mv_run(argv[optind], argv[optind + 1], &mo, &res) < 0)
			pc_exit(PC_EXIT_INPUT);
		memset(&perf, 0, sizeof(perf));
		verdict = drift_report_verdict(&res, &perf);
		write_reports(&s, &res, &perf, argv[optind], argv[optind + 1]);
		drift_result_free(&res);
		config_free(cf);
		free(cols);
		return verdict ? PC_EXIT_NO : PC_EXIT_OK;
	}

	if (dtable_read_pair(argv[optind], argv[optind + 1], &ref, &cur, o.threads) < 0)
		pc_exit(PC_EXIT_INPUT);
	if (s.columns) {
		colbuf = xstrdup(s.columns);
		names = split_list(colbuf, &nnames);
	}
	ignbuf = xstrdup(s.ignore ? s.ignore : "id");
	ignored = split_list(ignbuf, &nignored);
	if (s.perf.confidence) {
		ignored = xreallocarray(ignored, nignored + 1, sizeof(*ignored));
		ignored[nignored++] = (char *)s.perf.confidence;
	}
	if (s.perf.prediction && s.perf.label) {
		if (drift_perf_run(ref, cur, &s.perf, &perf) < 0)
			pc_exit(PC_EXIT_INPUT);
	} else {
		memset(&perf, 0, sizeof(perf));
		if (s.perf.prediction || s.perf.label || s.perf.confidence)
			pc_die("--prediction and --label go together");
	}
	/* the columns to compare: named ones, else the reference's that the current has */
	sel = xcalloc(ref->ncols + nnames + 1, sizeof(*sel));
	if (names) {
		for (size_t i = 0; i < nnames; i++)
			sel[nsel++] = names[i];
	} else {
		for (size_t i = 0; i < ref->ncols; i++) {
			const char *n = ref->cols[i].name;
			int skip = !dtable_column(cur, n);

			for (size_t k = 0; k < nignored && !skip; k++)
				skip = !strcmp(ignored[k], n);
			/* the label is compared only when the current data has labels */
			if (s.perf.label && !strcmp(n, s.perf.label) && perf.done && perf.estimated)
				skip = 1;
			if (!skip)
				sel[nsel++] = n;
		}
	}
	if (s.perf.prediction) {
		/* classes are categories whatever they look like */
		o.cols = cols = xreallocarray(cols, o.ncols + 2, sizeof(*cols));
		memset(&cols[o.ncols], 0, 2 * sizeof(*cols));
		cols[o.ncols] = (struct drift_colopt){ s.perf.prediction, DRIFT_AUTO, NAN, DRIFT_KIND_CAT };
		cols[o.ncols + 1] = (struct drift_colopt){ s.perf.label, DRIFT_AUTO, NAN, DRIFT_KIND_CAT };
		o.ncols += 2;
	}
	if (drift_run(ref, cur, sel, nsel, &o, &res) < 0)
		pc_exit(PC_EXIT_INPUT);
	verdict = drift_report_verdict(&res, &perf);

	metrics_set("rows", "rows read", "data=\"reference\"", (double)ref->nrows);
	metrics_set("rows", "rows read", "data=\"current\"", (double)cur->nrows);
	write_reports(&s, &res, &perf, ref->name, cur->name);

	drift_result_free(&res);
	metrics_reset();
	dtable_free(ref);
	dtable_free(cur);
	free(sel);
	free(names);
	free(colbuf);
	free(ignored);
	free(ignbuf);
	free(cols);
	config_free(cf);
	return verdict ? PC_EXIT_NO : PC_EXIT_OK;
}
