/*
 * drift_mv: multivariate drift between two tensor streams (.pct): a domain classifier
 * (logistic regression telling reference rows from current ones, its ROC AUC on held-out
 * rows, with a binomial p-value on held-out accuracy) for sparse features, and the
 * maximum mean discrepancy with a Gaussian kernel and a permutation test for dense ones.
 */
#ifndef PC_DRIFT_MV_H
#define PC_DRIFT_MV_H

#include <stdint.h>

enum dmv_test { DMV_AUTO, DMV_CLASSIFIER, DMV_MMD };

struct dmv_opts {
	enum dmv_test test;
	long permutations;
	uint64_t seed;
	int threads;
	double alpha;       /* drift when p < alpha */
	long max_rows;      /* rows used per side (a deterministic prefix) */
};

void dmv_opts_init(struct dmv_opts *o);
int dmv_test_parse(const char *s, enum dmv_test *t);
/* Whether `path` starts with the tensor stream magic. */
int dmv_is_stream(const char *path);
/* Compare two streams, write the report; returns the exit status (0, 1, 2 or 3). */
int dmv_main(const char *ref, const char *cur, const struct dmv_opts *o, const char *output,
	     const char *metrics);

#endif
