/*
 * drift: data drift between a reference and a current data set, column by column and as
 * a whole, with Evidently's defaults (0.4):
 *
 *  - a column is numerical when all its values are numbers, categorical otherwise; a
 *    numerical column with at most 5 distinct values (both data sets together) is tested
 *    as categorical;
 *  - with 1,000 reference rows or fewer: KS for numerical columns, chi-square for
 *    categorical ones, a two-proportion Z-test for those with 2 values or fewer;
 *  - above: Wasserstein distance normed by the reference's standard deviation for
 *    numerical columns, Jensen-Shannon distance for categorical ones; PSI on request;
 *  - thresholds 0.05 for p-values (drift when p < threshold), 0.1 for distances (drift
 *    when distance >= threshold), each overridable per column;
 *  - dataset drift when the share of drifted columns is at least 0.5.
 * Beyond Evidently: Bonferroni or Benjamini-Hochberg correction of the p-value tests, and
 * multivariate rows (drift_mv) that are not corrected nor counted in the share: any one
 * of them that finds drift makes the data set drift.
 */
#ifndef PC_DRIFT_H
#define PC_DRIFT_H

#include <stddef.h>

#include "formats/dtable.h"

enum drift_test {
	DRIFT_AUTO, DRIFT_KS, DRIFT_CHISQUARE, DRIFT_Z, DRIFT_WASSERSTEIN, DRIFT_JS, DRIFT_PSI,
	/* multivariate (drift_mv): over a whole tensor stream, not a column */
	DRIFT_MMD, DRIFT_CLASSIFIER,
};

enum drift_correction { DRIFT_CORR_NONE, DRIFT_CORR_BONFERRONI, DRIFT_CORR_BH };

enum drift_kind { DRIFT_KIND_AUTO, DRIFT_KIND_NUM, DRIFT_KIND_CAT };

/* Per-column settings (from the configuration). */
struct drift_colopt {
	const char *name;
	enum drift_test test;     /* DRIFT_AUTO: the default choice */
	double threshold;         /* NAN: the test's default */
	enum drift_kind kind;
};

struct drift_opts {
	enum drift_test test;     /* for every column without its own */
	double threshold;         /* NAN: defaults */
	double drift_share;       /* dataset drift when share of drifted columns >= this */
	enum drift_correction correction;
	long bins;                /* bins for PSI and Jensen-Shannon: 0 = Sturges (Evidently) */
	int threads;
	int want_dist;            /* keep distributions for the HTML page */
	const struct drift_colopt *cols;
	size_t ncols;
};

void drift_opts_init(struct drift_opts *o);

/* A distribution for display: shares of reference and current per bin or category. */
struct drift_dist {
	size_t n;
	char **labels;            /* category names, or NULL for numeric bins */
	double *edges;            /* n + 1 bin edges for numeric bins */
	double *ref, *cur;        /* shares */
};

struct drift_colres {
	char *name;
	int categorical;          /* tested as categorical */
	size_t n_ref, n_cur;      /* present values */
	enum drift_test test;
	int pvalue;               /* score is a p-value (else a distance) */
	double statistic;         /* KS D, chi-square, z, raw Wasserstein, JS, PSI */
	double score;             /* p-value or distance */
	double threshold;         /* after correction for p-values */
	int drift;
	int skipped;              /* no values on one side: not tested */
	int missing;              /* the current data has no such column: drifted */
	int multivariate;         /* a test of the whole data set (drift set by its maker) */
	struct drift_dist dist;
};

struct drift_result {
	struct drift_colres *cols;
	size_t n;
	size_t ntested, ndrift;   /* univariate columns */
	size_t nmv, nmv_drift;    /* multivariate tests run, and those that found drift */
	double share, drift_share;
	int dataset_drift;
	enum drift_correction correction;
};

const char *drift_test_name(enum drift_test t);
/* Test by name ("ks", "chisquare", "z", "wasserstein", "jensenshannon", "psi"); -1 if
 * unknown (the multivariate names "mmd" and "domain_classifier" are not column tests). */
int drift_test_parse(const char *s);
const char *drift_correction_name(enum drift_correction c);
/* Correction by name ("none", "bonferroni", "bh" or "benjamini-hochberg"); -1 if unknown. */
int drift_correction_parse(const char *s);

/*
 * Compare the named columns (all columns of `ref` when names is NULL: those `cur` lacks
 * are reported missing and drifted, with a warning).  Columns may be turned categorical
 * in place.  0, or -1 after reporting (a named column missing from one side, a test that
 * does not fit the column's type).
 */
int drift_run(struct dtable *ref, struct dtable *cur, const char *const *names, size_t nnames,
	      const struct drift_opts *o, struct drift_result *r);
void drift_result_free(struct drift_result *r);

/* Apply the correction and the dataset rule to r->cols (drift_run does this; exposed for
 * results built by other means). */
void drift_decide(struct drift_result *r, double drift_share, enum drift_correction c);

#endif
