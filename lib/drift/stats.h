/*
 * stats: the distributions behind the drift tests, computed as scipy computes them so that
 * p-values agree with scipy.stats to a few units in the last place where scipy is exact,
 * and to its own approximation error where it approximates.
 *
 *   stats_ndtr           standard normal CDF (scipy.special.ndtr)
 *   stats_chi2_sf        chi-square survival function (scipy.stats.chi2.sf)
 *   stats_smirnov        one-sided Kolmogorov-Smirnov survival (scipy.special.smirnov)
 *   stats_kolmogn_sf     two-sided one-sample KS survival for n (scipy.stats.kstwo.sf)
 *   stats_ks2_exact      exact two-sample KS p-value (scipy's ks_2samp exact mode)
 *   stats_pairwise_sum   numpy's pairwise summation (the order np.sum adds in)
 *   stats_mcnemar_exact  exact McNemar test (scipy.stats.binomtest(min(b, c), b + c).pvalue)
 */
#ifndef PC_STATS_H
#define PC_STATS_H

#include <stddef.h>
#include <stdint.h>

double stats_ndtr(double x);
/* Regularized upper incomplete gamma Q(a, x) and chi-square survival Q(df/2, x/2). */
double stats_igamc(double a, double x);
double stats_chi2_sf(double x, double df);
/* Pr(D+_n > x), one-sided statistic of n samples. */
double stats_smirnov(long n, double x);
/* Pr(D_n > x), two-sided statistic of n samples (Simard and L'Ecuyer's choice of method,
 * as scipy.stats._ksstats._kolmogn makes it). */
double stats_kolmogn_sf(long n, double x);
/*
 * Two-sided exact p-value of the two-sample statistic d for sizes n1, n2 (scipy's
 * _attempt_exact_2kssamp): d is first rounded to the lattice h/lcm(n1, n2), stored back
 * in *d.  Returns the p-value, or -1 when the exact computation fails (the caller then
 * uses the asymptotic distribution, as scipy does).
 */
double stats_ks2_exact(int64_t n1, int64_t n2, double *d);
/* Sum of a[0..n) in numpy's pairwise order (8 accumulators, blocks of 128). */
double stats_pairwise_sum(const double *a, size_t n);
/* Two-sided exact McNemar p-value of a paired comparison where b pairs favour one side
 * and c the other: the binomial test of min(b, c) successes in b + c trials at 1/2
 * (1 when b + c is 0). */
double stats_mcnemar_exact(uint64_t b, uint64_t c);

#endif
