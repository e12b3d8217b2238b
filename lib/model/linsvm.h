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
 * Classes are independent problems, sliced over threads; a thread's classes share its
 * passes over the rows, which go in an order drawn from the seed for each pass, the same
 * for every class, so the weights do not depend on the thread count.
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

/* Train on rows idx[0..m) of d (y in 0..classes-1): W gets sparse x classes weights
 * (row-major, one row a feature; rows of features absent from the rows stay as they are),
 * b the classes biases. */
void linsvm_train(const struct dataset *d, const size_t *idx, size_t m, int classes,
		  const struct linsvm_opts *o, float *W, float *b, struct linsvm_stats *st);

#endif
