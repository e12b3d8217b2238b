/* calib: temperature scaling; see calib.h. */
#include "model/calib.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>

/*
 * The first two derivatives, in the inverse temperature b, of the mean log loss of
 * softmax(b z): the means over the rows of E[d] - d_y and of Var[d], where d = z - max z
 * and the expectation is under softmax(b d).
 */
static void derivs(const double *d, const int *y, size_t n, size_t C, double b, double *g,
		   double *h)
{
	double sg = 0.0, sh = 0.0;

	for (size_t j = 0; j < n; j++) {
		const double *dj = d + j * C;
		double sum = 0.0, m1 = 0.0, m2 = 0.0;

		for (size_t c = 0; c < C; c++) {
			double p = exp(b * dj[c]);

			sum += p;
			m1 += p * dj[c];
			m2 += p * dj[c] * dj[c];
		}
		m1 /= sum;
		sg += m1 - dj[y[j]];
		sh += m2 / sum - m1 * m1;
	}
	*g = sg / (double)n;
	*h = sh / (double)n;
}

/*
 * The loss is convex in b = 1 / T: Newton's method on b, inside a bracket that the sign
 * of the slope narrows, and a bisection of the bracket when a step would leave it.
 */
double calib_temperature(const float *z, const int *y, size_t n, int classes)
{
	size_t C = (size_t)classes;
	double lo = 1.0 / CALIB_T_MAX, hi = 1.0 / CALIB_T_MIN, b = 1.0, *d;

	if (!n || C < 2)
		return 1.0;
	d = xmalloc(n * C * sizeof(*d));
	for (size_t j = 0; j < n; j++) {
		const float *zj = z + j * C;
		float mx = zj[0];

		for (size_t c = 1; c < C; c++)
			mx = zj[c] > mx ? zj[c] : mx;
		for (size_t c = 0; c < C; c++)
			d[j * C + c] = (double)zj[c] - mx;
	}
	for (int it = 0; it < 200; it++) {
		double g, h, next;

		derivs(d, y, n, C, b, &g, &h);
		if (g > 0.0)
			hi = b;
		else if (g < 0.0)
			lo = b;
		else
			break;
		next = h > 0.0 ? b - g / h : (lo + hi) / 2.0;
		if (!(next > lo && next < hi))
			next = (lo + hi) / 2.0;
		if (fabs(next - b) <= 1e-13 * b || hi - lo <= 1e-13 * hi) {
			b = next;
			break;
		}
		b = next;
	}
	free(d);
	return 1.0 / b;
}
