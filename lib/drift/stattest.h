/*
 * stattest: the two-sample tests and distances of the drift report, on sorted samples
 * (numerical columns) or on per-category counts (categorical ones), each computing what
 * the scipy function Evidently calls would return on the same data:
 *
 *   stattest_ks            scipy.stats.ks_2samp, method 'auto' (exact up to 10,000 per side)
 *   stattest_wasserstein   scipy.stats.wasserstein_distance
 *   stattest_std           numpy.std (ddof 0), summed in numpy's order
 *   stattest_edges         numpy.histogram_bin_edges on the union ('sturges' or a bin count)
 *   stattest_hist          numpy.histogram counts against those edges
 *   stattest_fill_zeroes   Evidently's replacement of empty bins before PSI
 *   stattest_psi           Evidently's population stability index
 *   stattest_jensenshannon scipy.spatial.distance.jensenshannon (natural log)
 *   stattest_chisquare     scipy.stats.chisquare p-value
 *   stattest_ztest         Evidently's two-proportion z-test p-value
 */
#ifndef PC_STATTEST_H
#define PC_STATTEST_H

#include <stddef.h>

/* Largest size per side for which ks_2samp's 'auto' mode is exact. */
#define STT_KS_EXACT_MAX 10000

/* p-value of sorted a[0..n1) vs sorted b[0..n2); *d gets the statistic (n1, n2 > 0). */
double stattest_ks(const double *a, size_t n1, const double *b, size_t n2, double *d);
/* First Wasserstein distance of sorted a[0..n1) and sorted b[0..n2) (NAN if either is
 * empty). */
double stattest_wasserstein(const double *a, size_t n1, const double *b, size_t n2);
/* Population standard deviation of x[0..n) in its given order; `scratch` holds n doubles. */
double stattest_std(const double *x, size_t n, double *scratch);

/* Equal-width edges over [lo, hi] for `ntotal` values: nbins > 0 bins, or Sturges' rule
 * when nbins == 0.  Returns the number of bins; *edges (bins + 1 values) is allocated. */
size_t stattest_edges(double lo, double hi, size_t ntotal, long nbins, double **edges);
/* counts[0..nbins) of sorted x[0..n) in [e_i, e_i+1), the last bin closed. */
void stattest_hist(const double *x, size_t n, const double *edges, size_t nbins, double *counts);

/* Replace zeros in the shares p[0..k) as Evidently does: by 0.0001, or by the smallest
 * non-zero share / 10^6 when that share is 0.0001 or less. */
void stattest_fill_zeroes(double *p, size_t k);
double stattest_psi(const double *ref, const double *cur, size_t k);
double stattest_jensenshannon(const double *p, const double *q, size_t k);
/* Chi-square p-value of observed vs expected counts (k - 1 degrees of freedom); *stat
 * gets the statistic. */
double stattest_chisquare(const double *obs, const double *exp, size_t k, double *stat);
/* Two-sided p-value for the proportions x1/n1 vs x2/n2 ; *z gets the statistic. */
double stattest_ztest(double x1, double n1, double x2, double n2, double *z);

#endif
