/* stattest: two-sample tests and distances, as scipy computes them; see stattest.h. */
#include "drift/stattest.h"
#include "drift/stats.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

double stattest_ks(const double *a, size_t n1, const double *b, size_t n2, double *d)
{
	size_t i = 0, j = 0;
	double maxs = -INFINITY, mins = INFINITY, dd, p;

	/* cdf differences at every value of the union, as searchsorted(..., 'right') */
	while (i < n1 || j < n2) {
		double x = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
		double diff;

		while (i < n1 && a[i] <= x)
			i++;
		while (j < n2 && b[j] <= x)
			j++;
		diff = (double)i / (double)n1 - (double)j / (double)n2;
		if (diff > maxs)
			maxs = diff;
		if (diff < mins)
			mins = diff;
	}
	mins = -mins;
	if (mins < 0)
		mins = 0;
	if (mins > 1)
		mins = 1;
	dd = mins > maxs ? mins : maxs;
	p = -1;
	if (n1 <= STT_KS_EXACT_MAX && n2 <= STT_KS_EXACT_MAX)
		p = stats_ks2_exact((int64_t)n1, (int64_t)n2, &dd);
	if (p < 0) {
		double m = (double)(n1 > n2 ? n1 : n2), n = (double)(n1 > n2 ? n2 : n1);
		double en = m * n / (m + n);

		p = stats_kolmogn_sf((long)nearbyint(en), dd);
	}
	*d = dd;
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

/*
 * The Wasserstein distance is a sum over the union of both samples, in order: the gap
 * from each value to the next, weighted by |F1 - F2| there.  The merge makes the terms
 * one by one; when a gap is wide the counts taken so far are the counts <= the value
 * (scipy's searchsorted 'right'), and equal values make zero-width gaps, so the terms are
 * scipy's, in scipy's order.  F is i * (1 / n), within an ulp of scipy's i / n and two
 * divisions a term faster.
 */
struct wmerge {
	const double *a, *b;
	size_t n1, n2, i, j;
	double r1, r2, prev;
};

static void wmerge_terms(struct wmerge *m, double *t, size_t n)
{
	const double *a = m->a, *b = m->b;
	int64_t i = (int64_t)m->i, j = (int64_t)m->j, n1 = (int64_t)m->n1, n2 = (int64_t)m->n2;
	double prev = m->prev, r1 = m->r1, r2 = m->r2;
	size_t k = 0;

	/* both samples left: the smaller value picked with masks, as the comparison is a
	 * coin toss that a branch would mispredict half the time */
	for (; k < n && i < n1 && j < n2; k++) {
		uint64_t ub, vb, mask, xb;
		double x;

		memcpy(&ub, &a[i], sizeof(ub));
		memcpy(&vb, &b[j], sizeof(vb));
		mask = 0 - (uint64_t)(a[i] <= b[j]);
		xb = (ub & mask) | (vb & ~mask);
		memcpy(&x, &xb, sizeof(x));
		t[k] = fabs((double)i * r1 - (double)j * r2) * (x - prev);
		prev = x;
		i += (int64_t)(mask & 1);
		j += (int64_t)(~mask & 1);
	}
	for (; k < n; k++) {
		double x = i < n1 ? a[i] : b[j];

		t[k] = fabs((double)i * r1 - (double)j * r2) * (x - prev);
		prev = x;
		if (i < n1)
			i++;
		else
			j++;
	}
	m->i = (size_t)i;
	m->j = (size_t)j;
	m->prev = prev;
}

/* n1 terms of m and n2 of m2, side by side while both have both samples left. */
static void wmerge_terms2(struct wmerge *m, double *t, size_t n1, struct wmerge *m2,
			  double *t2, size_t n2)
{
	size_t k = 0, n = n1 < n2 ? n1 : n2;

	if (m->i + n < m->n1 && m->j + n < m->n2 && m2->i + n < m2->n1 && m2->j + n < m2->n2) {
		const double *a = m->a, *b = m->b;
		size_t i = m->i, j = m->j, i2 = m2->i, j2 = m2->j;
		double p = m->prev, p2 = m2->prev, r1 = m->r1, r2 = m->r2;

		for (; k < n; k++) {
			uint64_t ub, vb, mask, xb, ub2, vb2, mask2, xb2;
			double x, x2;

			memcpy(&ub, &a[i], sizeof(ub));
			memcpy(&vb, &b[j], sizeof(vb));
			memcpy(&ub2, &a[i2], sizeof(ub2));
			memcpy(&vb2, &b[j2], sizeof(vb2));
			mask = 0 - (uint64_t)(a[i] <= b[j]);
			mask2 = 0 - (uint64_t)(a[i2] <= b[j2]);
			xb = (ub & mask) | (vb & ~mask);
			xb2 = (ub2 & mask2) | (vb2 & ~mask2);
			memcpy(&x, &xb, sizeof(x));
			memcpy(&x2, &xb2, sizeof(x2));
			t[k] = fabs((double)(int64_t)i * r1 - (double)(int64_t)j * r2) * (x - p);
			t2[k] = fabs((double)(int64_t)i2 * r1 - (double)(int64_t)j2 * r2) * (x2 - p2);
			p = x;
			p2 = x2;
			i += mask & 1;
			j += ~mask & 1;
			i2 += mask2 & 1;
			j2 += ~mask2 & 1;
		}
		m->i = i;
		m->j = j;
		m->prev = p;
		m2->i = i2;
		m2->j = j2;
		m2->prev = p2;
	}
	wmerge_terms(m, t + k, n1 - k);
	wmerge_terms(m2, t2 + k, n2 - k);
}

/* The sizes of the leaves (n <= 128) of numpy's pairwise summation of n terms, in order. */
static void pairwise_leaves(size_t n, unsigned char *size, size_t *nleaf)
{
	size_t half;

	if (n <= 128) {
		size[(*nleaf)++] = (unsigned char)n;
		return;
	}
	half = n / 2;
	half -= half % 8;
	pairwise_leaves(half, size, nleaf);
	pairwise_leaves(n - half, size, nleaf);
}

/* numpy's pairwise sum of n terms from its leaves' sums, taken in order from *at. */
static double pairwise_join(size_t n, const double *leaf, size_t *at)
{
	size_t half;
	double left;

	if (n <= 128)
		return leaf[(*at)++];
	half = n / 2;
	half -= half % 8;
	left = pairwise_join(half, leaf, at);
	return left + pairwise_join(n - half, leaf, at);
}

/* Merge state after the first h (1..n1+n2) values of the union: the split of the merge
 * path, with ties taken from a first as the merge takes them. */
static void wmerge_skip(struct wmerge *m, size_t h)
{
	size_t lo = h > m->n2 ? h - m->n2 : 0, hi = h < m->n1 ? h : m->n1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->a[mid] <= m->b[h - mid - 1])
			lo = mid + 1;
		else
			hi = mid;
	}
	m->i = lo;
	m->j = h - lo;
	m->prev = !m->i ? m->b[m->j - 1] : !m->j ? m->a[m->i - 1] :
		  fmax(m->a[m->i - 1], m->b[m->j - 1]);
}

/*
 * The sum goes as numpy's pairwise summation, exactly, without storing the terms: the
 * two halves of its top split are independent merges (the second starts where the merge
 * path splits), run side by side a leaf at a time, which doubles the work in flight on a
 * loop that is otherwise one long chain of dependent loads.
 */
double stattest_wasserstein(const double *a, size_t n1, const double *b, size_t n2)
{
	struct wmerge m = { a, b, n1, n2, 0, 0, 1.0 / (double)n1, 1.0 / (double)n2, 0 };
	struct wmerge m2;
	size_t n, half, nl = 0, nr = 0, at = 0;
	unsigned char *size;
	double *sum, left, t1[128], t2[128];

	if (!n1 || !n2)
		return NAN;
	if (a[0] <= b[0])
		m.prev = a[m.i++];
	else
		m.prev = b[m.j++];
	n = n1 + n2 - 1;
	if (n <= 128) {
		wmerge_terms(&m, t1, n);
		return stats_pairwise_sum(t1, n);
	}
	half = n / 2;
	half -= half % 8;
	size = xmalloc(n / 64 + 16);
	sum = xmalloc((n / 64 + 16) * sizeof(double));
	pairwise_leaves(half, size, &nl);
	pairwise_leaves(n - half, size + nl, &nr);
	m2 = m;
	wmerge_skip(&m2, half + 1);
	for (size_t k = 0; k < nl || k < nr; k++) {
		size_t s1 = k < nl ? size[k] : 0, s2 = k < nr ? size[nl + k] : 0;

		wmerge_terms2(&m, t1, s1, &m2, t2, s2);
		if (s1)
			sum[k] = stats_pairwise_sum(t1, s1);
		if (s2)
			sum[nl + k] = stats_pairwise_sum(t2, s2);
	}
	left = pairwise_join(half, sum, &at);
	left += pairwise_join(n - half, sum, &at);
	free(size);
	free(sum);
	return left;
}

double stattest_std(const double *x, size_t n, double *s)
{
	double mean = stats_pairwise_sum(x, n) / (double)n;

	for (size_t i = 0; i < n; i++) {
		double d = x[i] - mean;

		s[i] = d * d;
	}
	return sqrt(stats_pairwise_sum(s, n) / (double)n);
}

size_t stattest_edges(double lo, double hi, size_t ntotal, long nbins, double **edges)
{
	size_t nb;
	double step, *e;

	if (lo == hi) {
		lo -= 0.5;
		hi += 0.5;
	}
	if (nbins > 0) {
		nb = (size_t)nbins;
	} else {
		double width = (hi - lo) / (log2((double)ntotal) + 1.0);

		nb = width ? (size_t)ceil((hi - lo) / width) : 1;
	}
	e = xmalloc((nb + 1) * sizeof(double));
	step = (hi - lo) / (double)nb;
	for (size_t i = 0; i <= nb; i++)
		e[i] = (double)i * step + lo;
	e[nb] = hi;
	*edges = e;
	return nb;
}

/* Number of x[] < v (side 'left') or <= v (side 'right'). */
static size_t search(const double *x, size_t n, double v, int right)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (right ? x[mid] <= v : x[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void stattest_hist(const double *x, size_t n, const double *edges, size_t nbins, double *counts)
{
	size_t prev = search(x, n, edges[0], 0);

	for (size_t i = 0; i < nbins; i++) {
		size_t c = search(x, n, edges[i + 1], i + 1 == nbins);

		counts[i] = (double)(c - prev);
		prev = c;
	}
}

void stattest_fill_zeroes(double *p, size_t k)
{
	double mn = INFINITY, fill;

	for (size_t i = 0; i < k; i++)
		if (p[i] != 0 && p[i] < mn)
			mn = p[i];
	if (mn == INFINITY)
		return;
	fill = mn <= 0.0001 ? mn / 1e6 : 0.0001;
	for (size_t i = 0; i < k; i++)
		if (p[i] == 0)
			p[i] = fill;
}

double stattest_psi(const double *ref, const double *cur, size_t k)
{
	double s = 0;

	for (size_t i = 0; i < k; i++)
		s += (ref[i] - cur[i]) * log(ref[i] / cur[i]);
	return s;
}

static double rel_entr(double x, double y)
{
	if (isnan(x) || isnan(y))
		return NAN;
	if (x > 0 && y > 0)
		return x * log(x / y);
	if (x == 0 && y >= 0)
		return 0;
	return INFINITY;
}

double stattest_jensenshannon(const double *p, const double *q, size_t k)
{
	double *t = xmalloc((3 * k + 1) * sizeof(double)), *pn = t + k, *qn = t + 2 * k;
	double sp = stats_pairwise_sum(p, k), sq = stats_pairwise_sum(q, k), l, r;

	for (size_t i = 0; i < k; i++) {
		pn[i] = p[i] / sp;
		qn[i] = q[i] / sq;
	}
	for (size_t i = 0; i < k; i++)
		t[i] = rel_entr(pn[i], (pn[i] + qn[i]) / 2.0);
	l = stats_pairwise_sum(t, k);
	for (size_t i = 0; i < k; i++)
		t[i] = rel_entr(qn[i], (pn[i] + qn[i]) / 2.0);
	r = stats_pairwise_sum(t, k);
	free(t);
	return sqrt((l + r) / 2.0);
}

double stattest_chisquare(const double *obs, const double *exp, size_t k, double *stat)
{
	double *t = xmalloc((k + 1) * sizeof(double));

	for (size_t i = 0; i < k; i++) {
		double d = obs[i] - exp[i];

		t[i] = d * d / exp[i];
	}
	*stat = stats_pairwise_sum(t, k);
	free(t);
	if (isnan(*stat))
		return NAN;
	if (k < 2)
		return 1.0;
	return stats_chi2_sf(*stat, (double)(k - 1));
}

double stattest_ztest(double x1, double n1, double x2, double n2, double *z)
{
	double p1 = x1 / n1, p2 = x2 / n2, P = (p1 * n1 + p2 * n2) / (n1 + n2);

	*z = (p1 - p2) / sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2));
	return 2 * (1 - stats_ndtr(fabs(*z)));
}
