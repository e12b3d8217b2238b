/*
 * linsvm: a linear SVM on the sparse (text) features, solved exactly: L2-regularised
 * squared-hinge loss, one class against the rest, by dual coordinate descent with
 * shrinking (Hsieh, Chang, Lin, Keerthi and Sundararajan, ICML 2008; the solver behind
 * LIBLINEAR and scikit-learn's LinearSVC).  For each class c, with y_i = +1 for its rows
 * and -1 for the others, it minimises
 *
 *     1/2 |w|^2 + C sum_i cw(y_i) max(0, 1 - y_i (w . x_i + b))^2
 *
 * where the bias b is the weight of a constant feature 1 (regularised, as LIBLINEAR and
 * LinearSVC do).  It stops when the projected gradients of the dual span less than eps,
 * or after max_passes passes over the data.
 *
 * A solver (struct linsvm) holds a problem, the rows idx[0..m) of a dataset, with the dual
 * variables (alpha) of every row and class and the weights they make, so that it can be
 * solved again warm: at another C (alpha stays feasible: its only constraint is alpha >= 0),
 * on fewer of its rows (the rows left out lose their alpha), or on more of them (the new
 * ones start at 0).  That is how a grid of C, the classification filter of --drop-misfits
 * and a final training on the validation rows too cost little more than one solution.
 *
 * Weights are float, feature by feature (the dataset's sparse indices, best compacted by
 * dataset_compact so that the frequent features' weights share the caches), the classes
 * of a slice side by side.  Classes are independent problems, sliced over threads; a
 * thread's classes share its passes over the rows, which go in an order drawn from the
 * seed for each pass, the same for every class, so the weights do not depend on the
 * thread count.
 */
#ifndef PC_LINSVM_H
#define PC_LINSVM_H

#include <stddef.h>
#include <stdint.h>

#include "model/dataset.h"

/* The stopping tolerance LIBLINEAR uses by default. */
#define LINSVM_EPS 0.1

struct linsvm_opts {
	double C;                 /* cost of a margin violation */
	double eps;               /* stopping tolerance on the projected gradient */
	int max_passes;
	const float *class_weight;/* classes weights (scale C by the row's class), NULL: 1 */
	uint64_t seed;
	int threads;
};

struct linsvm_stats {
	int max_passes_run;       /* the most passes any class needed */
	int unconverged;          /* classes stopped by max_passes */
};

struct linsvm;

/* A solver for rows idx[0..m) of d (their y in 0..classes-1), every alpha 0, the classes
 * sliced over `threads` threads. */
struct linsvm *linsvm_new(const struct dataset *d, const size_t *idx, size_t m, int classes,
			  int threads);
void linsvm_free(struct linsvm *s);

/*
 * Solve on the rows whose active[j] is set (j indexes idx; NULL: all), starting from the
 * current alphas: the inactive rows' alphas become 0 (their contributions taken out of the
 * weights, or the weights made again from the alphas after linsvm_set_alpha), then passes
 * of coordinate descent run until the tolerance or the pass limit.  o->threads is
 * ignored (the solver's own count is used).
 */
void linsvm_solve(struct linsvm *s, const unsigned char *active, const struct linsvm_opts *o,
		  struct linsvm_stats *st);

/* Decision values w . x + b of rows rows[0..k) of d (a dataset in the same feature
 * numbering, such as the solver's own) into out (k x classes). */
void linsvm_decision(const struct linsvm *s, const struct dataset *d, const size_t *rows,
		     size_t k, float *out);

/* The alphas (m x classes, row by row), to keep a solution and go back to it. */
void linsvm_get_alpha(const struct linsvm *s, double *alpha);
void linsvm_set_alpha(struct linsvm *s, const double *alpha);

/* Multiply every alpha, and so every weight, by f (a warm start at another C). */
void linsvm_scale_alpha(struct linsvm *s, double f);

/* The weights into W (features x classes, row-major, the dataset's numbering; rows of
 * features no active row has are left as they are) and b (classes). */
void linsvm_weights(const struct linsvm *s, float *W, float *b);

/* One solution from zero on rows idx[0..m) of d: linsvm_new, linsvm_solve, linsvm_weights
 * (W is dataset_sparse(d) x classes). */
void linsvm_train(const struct dataset *d, const size_t *idx, size_t m, int classes,
		  const struct linsvm_opts *o, float *W, float *b, struct linsvm_stats *st);

#endif
