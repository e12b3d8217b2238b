/*
 * calib: temperature scaling, the calibration of a trained model's scores (Guo, Pleiss,
 * Sun and Weinberger, "On calibration of modern neural networks", ICML 2017): the one
 * number T that makes softmax(z / T) the best probabilities on held-out rows, in log loss.
 * Dividing by T changes no prediction, only how sure the model says it is.
 */
#ifndef PC_CALIB_H
#define PC_CALIB_H

#include <stddef.h>

/* The bounds of the temperature. */
#define CALIB_T_MIN 1e-3
#define CALIB_T_MAX 1e3

/*
 * The temperature in [CALIB_T_MIN, CALIB_T_MAX] that minimises the mean log loss of
 * softmax(z[j] / T) against y[j] over the n rows of z (n x classes, row-major); 1 when
 * n is 0 or the loss does not depend on T.
 */
double calib_temperature(const float *z, const int *y, size_t n, int classes);

#endif
