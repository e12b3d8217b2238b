/* pc-drift: data, prediction and performance drift between a reference and a current data set. */
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/parallel.h"
#include "drift/drift_check.h"

#include <math.h>

int main(int argc, char **argv)
{
	struct drift_check s;
	const char *config = NULL;
	int quiet = 0, first, status;
	const struct opt opts[] = {
		/* --columns on the command line; the key 'columns' is read below */
		{ .type = OPT_T_STRING, .long_name = "columns", .value = &s.columns,
		  .argh = "LIST", .help = "compare only these columns (comma-separated)",
		  .flags = OPT_NOCONF },
		OPT_STRING(0, "ignore", &s.ignore, "LIST", "leave these columns out (default: id)"),
		OPT_CALLBACK(0, "test", &s.test, "NAME", drift_check_parse_test,
			     "ks, chisquare, z, wasserstein, jensenshannon or psi for\n"
			     "every column (default: Evidently's choice per column)"),
		OPT_DOUBLE(0, "threshold", &s.threshold, "X", 0, 1e300,
			   "threshold for every column's test"),
		OPT_DOUBLE(0, "drift-share", &s.drift_share, "X", 0, 1,
			   "dataset drift when this share of columns drifts (0.5)"),
		OPT_CHOICE(0, "correction", &s.correction, "NAME", drift_correction_names,
			   "none, bonferroni or bh (Benjamini-Hochberg)"),
		OPT_LONG(0, "bins", &s.bins, "N", 0, 100000,
			 "bins for PSI and Jensen-Shannon (default: Sturges)"),
		OPT_GROUP("prediction and performance:"),
		OPT_STRING(0, "prediction-col", &s.prediction, "COL",
			   "predicted class column: prediction drift, accuracy"),
		OPT_STRING(0, "label-col", &s.label, "COL", "true class column"),
		OPT_STRING(0, "confidence-col", &s.confidence, "COL",
			   "model confidence: estimated accuracy without labels"),
		OPT_DOUBLE(0, "max-drop", &s.max_drop, "X", 0, 1,
			   "flag accuracy falling more than X (0.05)"),
		OPT_GROUP("tensor streams:"),
		OPT_CALLBACK(0, "mv-test", &s.mv_test, "NAME", drift_check_parse_mv_test,
			     "auto (both that apply), classifier or mmd"),
		OPT_LONG(0, "permutations", &s.permutations, "N", 1, 1000000,
			 "permutations of the MMD test (200)"),
		OPT_DOUBLE(0, "auc-bound", &s.auc_bound, "X", 0, 1,
			   "domain classifier: drift also when AUC >= X (0.75)"),
		OPT__SEED(&s.seed, "seed of the permutations and splits (default 0)"),
		OPT_GROUP("output:"),
		OPT__OUTPUT(&s.output, "write the report to FILE (default: stdout)"),
		OPT_FILE(0, "html", &s.html, "FILE", "write a self-contained HTML report"),
		OPT__METRICS(&s.metrics),
		OPT__THREADS(&s.threads),
		OPT__CONFIG(&config),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		/* per-column settings in the configuration; 'columns' as a mapping is the old
		 * spelling of 'per_column', as a list it is --columns */
		OPT_NODE("per_column", &s, drift_check_per_column),
		OPT_NODE("columns", &s, drift_check_columns_key),
		OPT_ALIAS(0, "prediction", "prediction-col"),
		OPT_ALIAS(0, "label", "label-col"),
		OPT_ALIAS(0, "confidence", "confidence-col"),
		OPT_ALIAS('j', NULL, "threads"),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "[options] REFERENCE CURRENT",
		.summary = "Compare two data sets (TSV, or .pct tensor streams) column by column and\n"
			   "as a whole; print a TSV report; exit 0 without drift, 1 with drift, 2 on\n"
			   "bad input.",
		.section = "drift",
		.opts = opts,
	};

	pc_set_progname(argv[0]);
	metrics_begin();
	drift_check_init(&s);
	s.threads = parallel_default_threads();
	first = opt_parse(&p, argc, argv);
	opt_operands(argc, first, 2, 2, "REFERENCE CURRENT", argv);
	metrics_open(s.metrics);
	status = drift_check_run(&s, argv[first], argv[first + 1]);
	drift_check_free(&s);
	opt_end(&p);
	return metrics_finish(status);
}
