/*
 * drift_mv: multivariate drift between two tensor streams (.pct), reported as rows of the
 * drift report (type "multivariate"):
 *
 *  - "multivariate:dense", test "mmd": the unbiased squared maximum mean discrepancy
 *    between the dense parts, with a Gaussian kernel k(x, y) = exp(-|x-y|^2 / (2 s^2))
 *    whose bandwidth s is the median of the pairwise distances of the pooled sample (the
 *    median heuristic), on at most mmd_rows rows per side drawn from the seed, every
 *    feature standardised with the reference's mean and standard deviation (over all its
 *    rows; a constant feature is only centred).  p-value from a permutation test:
 *    p = (1 + #{permutations with MMD^2 >= observed}) / (1 + permutations), permutation
 *    i shuffled by rng stream (seed, 1000 + i), so the result is the same at any thread
 *    count.  Drift when p < alpha.
 *  - "multivariate:sparse", test "domain_classifier": a logistic regression on the sparse
 *    part (rows scaled to unit L2 norm, indices folded modulo 2^20, classes weighted to
 *    equal total weight) trained by plain SGD to tell current rows from reference rows on
 *    a random half of them (drawn from the seed), its ROC AUC on the other half (ties
 *    count one half, as sklearn.metrics.roc_auc_score), and the one-sided p-value of the
 *    Mann-Whitney U = AUC * n_ref * n_cur under H0 (AUC = 0.5) from the normal
 *    approximation with tie and continuity corrections (scipy.stats.mannwhitneyu,
 *    alternative 'greater', method 'asymptotic').  Drift when p < alpha or AUC >= the
 *    AUC bound.
 *
 * Each stream is read once; at most max_rows rows per side are kept (a reservoir sample
 * drawn from the seed), so memory stays bounded whatever the stream length.
 */
#ifndef PC_DRIFT_MV_H
#define PC_DRIFT_MV_H

#include <stddef.h>
#include <stdint.h>

#include "drift/drift.h"

enum drift_mv_test { DMV_AUTO, DMV_CLASSIFIER, DMV_MMD };

struct drift_mv_opts {
	enum drift_mv_test test;  /* AUTO: MMD when there is a dense part, classifier when sparse */
	long permutations;   /* MMD permutations (200) */
	uint64_t seed;
	int threads;
	double alpha;        /* drift when p < alpha (0.05) */
	double auc_bound;    /* classifier: drift also when AUC >= this (0.75) */
	long max_rows;       /* rows kept per side (20000) */
	long mmd_rows;       /* rows per side in the MMD (1000) */
	long epochs;         /* classifier SGD epochs (5) */
};

void drift_mv_opts_init(struct drift_mv_opts *o);
int drift_mv_test_parse(const char *s, enum drift_mv_test *t);
/* Whether `path` starts with the tensor stream magic. */
int drift_mv_is_stream(const char *path);

/*
 * Run the tests on the streams `ref` and `cur` and fill r with their rows (drift
 * decided, dataset rule applied).  0, or -1 after reporting bad input (unreadable
 * stream, dense widths that differ, a test that needs a part the streams lack).
 */
int drift_mv_run(const char *ref, const char *cur, const struct drift_mv_opts *o,
	    struct drift_result *r);

/* MMD on a pooled sample z (m reference rows then n current rows, d columns, row-major;
 * m, n >= 2): the statistic, the bandwidth s and the permutation p-value. */
struct drift_mv_mmd {
	double mmd2, sigma, p;
};
void drift_mv_mmd(const double *z, size_t m, size_t n, size_t d, long permutations,
	     uint64_t seed, int threads, struct drift_mv_mmd *out);

/* ROC AUC of scores against labels (pos[i] != 0: positive; both classes present) and in
 * *p the one-sided Mann-Whitney p-value described above. */
double drift_mv_auc(const double *score, const unsigned char *pos, size_t n, double *p);

#endif
