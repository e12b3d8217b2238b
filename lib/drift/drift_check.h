/*
 * drift_check: the whole pc-drift procedure, from two paths to the reports and a verdict.
 *
 * Tensor streams go to the multivariate tests (drift_mv); TSV files are read as tables
 * (dtable) and compared column by column (drift), with prediction and performance drift
 * (drift_perf) when the prediction and label columns are named.  The TSV report goes to
 * `output`, the HTML page to `html`, Prometheus metrics to `metrics`, all or none of them.
 *
 * Refused as bad input (exit 2), since a verdict about nothing would be a lie: a data set
 * with no rows, no column to compare, a column named with --columns that one side lacks.
 * A reference column the current data lacks is reported as drifted (test "missing"), with
 * a warning; so is a column with values in the reference and none in the current data.
 */
#ifndef PC_DRIFT_CHECK_H
#define PC_DRIFT_CHECK_H

#include <stdint.h>

#include "base/config.h"
#include "drift/drift.h"

struct drift_check {
	const char *columns;        /* comma-separated: compare only these; NULL: all shared */
	const char *ignore;         /* comma-separated: leave these out (default "id") */
	int test;                   /* enum drift_test for every column (DRIFT_AUTO: per column) */
	double threshold;           /* NAN: each test's default */
	double drift_share;
	int correction;             /* enum drift_correction */
	long bins;                  /* 0: Sturges */
	const char *prediction, *label, *confidence;   /* column names */
	double max_drop;
	int mv_test;                /* enum drift_mv_test */
	long permutations;          /* 0: the default */
	double auc_bound;           /* NAN: the default */
	uint64_t seed;
	int threads;
	const char *output, *html, *metrics;
	struct drift_colopt *per_column;   /* from the configuration */
	size_t nper_column;
	char *columns_buf;          /* private: a list read from the configuration */
};

void drift_check_init(struct drift_check *s);

/* Names by enum drift_correction, NULL-terminated. */
extern const char *const drift_correction_names[];

/* Option callbacks (opt.h): a column test name into an int, and the multivariate test. */
const char *drift_check_parse_test(void *value, const char *arg);
const char *drift_check_parse_mv_test(void *value, const char *arg);
/* The configuration's per-column settings (a mapping of column name to test, threshold
 * and type) into the struct drift_check `value`; 0, or -1 after reporting. */
int drift_check_per_column(void *value, const struct config *c, const struct ynode *node,
			   const char *key);
/* The key 'columns': a list (as --columns), or a mapping (the old spelling of
 * 'per_column'). */
int drift_check_columns_key(void *value, const struct config *c, const struct ynode *node,
			    const char *key);

/* Compare `ref` with `cur` and write the reports: the exit status, 0 without drift, 1
 * with drift, 2 after reporting bad input, 3 after reporting a failure to write. */
int drift_check_run(struct drift_check *s, const char *ref, const char *cur);
void drift_check_free(struct drift_check *s);

#endif
