/*
 * drift_perf: prediction drift and performance.  Prediction drift is the drift of the
 * predicted class column, tested as a categorical column.  Performance is the accuracy of
 * the predictions: measured on the current data when it has labels, and otherwise
 * estimated from the model's confidences as NannyML's CBPE does: the confidences are
 * calibrated on the labelled reference (isotonic regression of correctness on
 * confidence, pool-adjacent-violators), and the expected accuracy of the current data is
 * the mean calibrated confidence.  A fall of more than the threshold below the
 * reference's accuracy is flagged.
 */
#ifndef PC_DRIFT_PERF_H
#define PC_DRIFT_PERF_H

#include <stddef.h>

#include "formats/dtable.h"

struct drift_perf_opts {
	const char *prediction;   /* column names; NULL: no performance */
	const char *label;
	const char *confidence;   /* NULL: no estimate without labels */
	double max_drop;          /* flag when accuracy falls by more than this */
};

struct drift_perf_result {
	int done;                 /* performance was computed */
	int estimated;            /* current accuracy is a CBPE estimate */
	size_t n_ref, n_cur;      /* rows used */
	double ref_accuracy, cur_accuracy, threshold;
	int drop;
};

/* 0 (r->done 0 when the columns are absent), or -1 after reporting. */
int drift_perf_run(const struct dtable *ref, const struct dtable *cur, const struct drift_perf_opts *o,
	      struct drift_perf_result *r);

/* Isotonic regression (non-decreasing) of y on x, n points: fills the step function's
 * knots (*kx, *ky, returned count) for drift_perf_calibrate. */
size_t drift_perf_isotonic(const double *x, const double *y, size_t n, double **kx, double **ky);
/* The calibrated value at x: linear between knots, clipped at the ends (as sklearn's
 * IsotonicRegression with out_of_bounds='clip'). */
double drift_perf_calibrate(const double *kx, const double *ky, size_t k, double x);

#endif
