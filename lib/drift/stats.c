/* stats: distributions behind the drift tests, as scipy computes them; see stats.h. */
#include "drift/stats.h"
#include "base/blas.h"
#include "base/xalloc.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MACHEP 1.11022302462515654042e-16
#define MAXITER 2000
#define MINLOG (-7.08396418532264106224e2)

double stats_ndtr(double a)
{
	double x = a * M_SQRT1_2, z = fabs(x), y;

	if (isnan(a))
		return NAN;
	if (z < M_SQRT1_2)
		return 0.5 + 0.5 * erf(x);
	y = 0.5 * erfc(z);
	return x > 0 ? 1.0 - y : y;
}

/* ---- incomplete gamma (Cephes' igamc as scipy uses it) ---- */

static double igam_fac(double a, double x)
{
	return exp(a * log(x) - x - lgamma(a));
}

static double igam_series(double a, double x)
{
	double ax = igam_fac(a, x), r = a, c = 1.0, ans = 1.0;

	if (ax == 0)
		return 0;
	for (int i = 0; i < MAXITER; i++) {
		r += 1.0;
		c *= x / r;
		ans += c;
		if (c <= MACHEP * ans)
			break;
	}
	return ans * ax / a;
}

static double igamc_fraction(double a, double x)
{
	static const double big = 4.503599627370496e15, biginv = 2.22044604925031308085e-16;
	double ax = igam_fac(a, x);
	double y, z, c, pkm2, qkm2, pkm1, qkm1, ans;

	if (ax == 0)
		return 0;
	y = 1.0 - a;
	z = x + y + 1.0;
	c = 0.0;
	pkm2 = 1.0;
	qkm2 = x;
	pkm1 = x + 1.0;
	qkm1 = z * x;
	ans = pkm1 / qkm1;
	for (int i = 0; i < MAXITER; i++) {
		double yc, pk, qk, t;

		c += 1.0;
		y += 1.0;
		z += 2.0;
		yc = y * c;
		pk = pkm1 * z - pkm2 * yc;
		qk = qkm1 * z - qkm2 * yc;
		if (qk != 0) {
			double r = pk / qk;

			t = fabs((ans - r) / r);
			ans = r;
		} else {
			t = 1.0;
		}
		pkm2 = pkm1;
		pkm1 = pk;
		qkm2 = qkm1;
		qkm1 = qk;
		if (fabs(pk) > big) {
			pkm2 *= biginv;
			pkm1 *= biginv;
			qkm2 *= biginv;
			qkm1 *= biginv;
		}
		if (t <= MACHEP)
			break;
	}
	return ans * ax;
}

static double igamc_series(double a, double x)
{
	double fac = 1, sum = 0, term, logx;

	for (int n = 1; n < MAXITER; n++) {
		fac *= -x / n;
		term = fac / (a + n);
		sum += term;
		if (fabs(term) <= MACHEP * fabs(sum))
			break;
	}
	logx = log(x);
	term = -expm1(a * logx - lgamma(1.0 + a));
	return term - exp(a * logx - lgamma(a)) * sum;
}

double stats_igamc(double a, double x)
{
	if (x < 0 || a < 0 || isnan(a) || isnan(x))
		return NAN;
	if (a == 0)
		return x > 0 ? 0 : NAN;
	if (x == 0)
		return 1;
	if (isinf(x))
		return 0;
	if (x > 1.1)
		return x < a ? 1.0 - igam_series(a, x) : igamc_fraction(a, x);
	if (x <= 0.5)
		return -0.4 / log(x) < a ? 1.0 - igam_series(a, x) : igamc_series(a, x);
	return x * 1.1 < a ? 1.0 - igam_series(a, x) : igamc_series(a, x);
}

double stats_chi2_sf(double x, double df)
{
	if (x < 0)
		return 1.0;
	return stats_igamc(df / 2.0, x / 2.0);
}

/* ---- one-sided Smirnov (Birnbaum-Tingey sum, in extended precision) ---- */

/* floor(n*x) and its fractional part, exactly. */
static double mod_nx(long n, double x, long *nxfl)
{
	double nx = (double)n * x, err = fma((double)n, x, -nx), fl = floor(nx);
	double alpha = (nx - fl) + err;

	if (alpha < 0) {
		fl -= 1;
		alpha += 1;
	}
	if (alpha >= 1) {
		fl += 1;
		alpha -= 1;
	}
	*nxfl = (long)fl;
	return alpha;
}

static long double log_binom(long n, long k)
{
	return lgammal((long double)n + 1) - lgammal((long double)k + 1) -
	       lgammal((long double)(n - k) + 1);
}

double stats_smirnov(long n, double x)
{
	long nxfl, n1mxfl, n1mxceil, nupper;
	double alpha;

	if (!(n > 0 && x >= 0.0 && x <= 1.0))
		return NAN;
	if (n == 1)
		return 1 - x;
	if (x == 0.0)
		return 1.0;
	if (x == 1.0)
		return 0.0;
	alpha = mod_nx(n, x, &nxfl);
	n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
	n1mxceil = n - nxfl;
	if (alpha == 0) {
		n1mxfl -= 1;
		n1mxceil += 1;
	}
	if (nxfl == 0 || (nxfl == 1 && alpha == 0))
		return (double)(1 - (long double)x * powl(1.0L + x, (long double)(n - 1)));
	if (-2 * n * x * x < MINLOG)
		return 0;
	if (nxfl >= n - 1)
		return (double)powl(1.0L - x, (long double)n);
	if (n > 1000000) {
		double logp = -pow(6.0 * n * x + 1, 2) / 18.0 / n;

		return logp < -M_LN2 ? exp(logp) : 1 - (-expm1(logp));
	}
	nupper = n - n1mxceil + 1;
	if ((nupper <= 1 && x < 0.5) || (n >= 10 && nupper <= 3 && x <= 0.5 / sqrt((double)n))) {
		/* upper sum: the CDF directly, from a few terms of alternating sign */
		long double sum = 0;

		for (long v = n; v >= n1mxceil; v--) {
			long double b = ((long double)(n - v) / n) - x;
			long double c = ((long double)v / n) + x;

			sum += expl(log_binom(n, v)) * powl(b, (long double)(n - v)) *
			       powl(c, (long double)(v - 1));
		}
		sum *= x;
		if (sum < 0)
			sum = 0;
		if (sum > 1)
			sum = 1;
		return (double)(1 - sum);
	}
	{
		long double sum = 0, lx = x;
		long nterms = n1mxfl + 1;

		for (long v = 0; v < nterms; v++) {
			long double b = ((long double)(n - v) / n) - lx;
			long double c = ((long double)v / n) + lx;
			long double t = expl(log_binom(n, v) + (long double)(n - v) * logl(b) +
					     (long double)(v - 1) * logl(c));

			sum += t;
			if (t != 0) {
				if (4.0L * (long double)(nterms - v) * t < DBL_EPSILON * sum &&
				    v != nterms - 1)
					break;
			} else if (v > n / 2) {
				break;
			}
		}
		sum *= lx;
		if (sum > 1)
			sum = 1;
		return (double)sum;
	}
}

/* ---- two-sided Kolmogorov distribution for n samples ---- */

#define E128 128

static const double stirling[8] = {
	-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
	8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
	-2.7777777777777777778e-3, 8.3333333333333333333e-2,
};

static double log_nfact_div_npow(double n)
{
	double rn = 1.0 / n, u = rn / n, poly = 0;

	for (int i = 0; i < 8; i++)
		poly = poly * u + stirling[i];
	return log(n) / 2 - n + log(2 * M_PI) / 2 + rn * poly;
}

static double clip01(double p)
{
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

/* Durbin's matrix as Marsaglia, Tsang and Wang compute it: the CDF. */
static double kolmogn_dmtw(long n, double d)
{
	double nd, h, fac, tt, p, ep128 = ldexp(1.0, E128), em128 = ldexp(1.0, -E128);
	long k, m, nn;
	double *H, *Hp, *T, *v, *w;
	long expnt = 0, hexpnt = 0;

	if (d >= 1.0)
		return 1.0;
	nd = n * d;
	if (nd <= 0.5)
		return 0.0;
	k = (long)ceil(nd);
	h = k - nd;
	m = 2 * k - 1;
	H = xcalloc((size_t)(m * m), sizeof(double));
	Hp = xcalloc((size_t)(m * m), sizeof(double));
	T = xcalloc((size_t)(m * m), sizeof(double));
	v = xmalloc((size_t)m * sizeof(double));
	w = xmalloc((size_t)m * sizeof(double));
	fac = 1.0;
	for (long j = 1; j <= m; j++) {
		v[j - 1] = 1.0 - pow(h, (double)j);
		w[j - 1] = fac;
		fac /= (double)j;
		v[j - 1] *= fac;
	}
	tt = pow(fmax(2 * h - 1.0, 0), (double)m) - 2 * pow(h, (double)m);
	v[m - 1] = (1.0 + tt) * fac;
	/* H[i-1:, i] = w[:m-i+1]; H[:, 0] = v; H[-1, :] = v reversed (row-major) */
	for (long i = 1; i < m; i++)
		for (long r = i - 1; r < m; r++)
			H[r * m + i] = w[r - (i - 1)];
	for (long r = 0; r < m; r++)
		H[r * m] = v[r];
	for (long c = 0; c < m; c++)
		H[(m - 1) * m + c] = v[m - 1 - c];
	for (long i = 0; i < m; i++)
		Hp[i * m + i] = 1.0;
	nn = n;
	while (nn > 0) {
		if (nn % 2) {
			blas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)m, (int)m,
				    1.0, Hp, (int)m, H, (int)m, 0.0, T, (int)m);
			memcpy(Hp, T, (size_t)(m * m) * sizeof(double));
			expnt += hexpnt;
		}
		blas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)m, (int)m,
			    1.0, H, (int)m, H, (int)m, 0.0, T, (int)m);
		memcpy(H, T, (size_t)(m * m) * sizeof(double));
		hexpnt *= 2;
		if (fabs(H[(k - 1) * m + (k - 1)]) > ep128) {
			for (long i = 0; i < m * m; i++)
				H[i] /= ep128;
			hexpnt += E128;
		}
		nn /= 2;
	}
	p = Hp[(k - 1) * m + (k - 1)];
	for (long i = 1; i <= n; i++) {
		p = (double)i * p / (double)n;
		if (fabs(p) < em128) {
			p *= ep128;
			expnt -= E128;
		}
	}
	if (expnt != 0)
		p = ldexp(p, (int)expnt);
	free(H);
	free(Hp);
	free(T);
	free(v);
	free(w);
	return clip01(p);
}

static void pomeranz_j1j2(long i, long n, long ll, long ceilf, long roundf, long *j1, long *j2)
{
	long a, b;

	if (i == 0) {
		a = -ll - ceilf - 1;
		b = ll + ceilf - 1;
	} else {
		long d = (i + 1) / 2, md = (i + 1) % 2;

		if (md == 0) {
			if (d == n + 1) {
				a = n - ll - ceilf - 1;
				b = n + ll + ceilf - 1;
			} else {
				a = d - 1 - ll - roundf - 1;
				b = d + ll - 1 + ceilf - 1;
			}
		} else {
			a = d - 1 - ll - 1;
			b = d + ll + roundf - 1;
		}
	}
	*j1 = a + 2 > 0 ? a + 2 : 0;
	*j2 = b < n ? b : n;
}

/* Pomeranz's recursion: the CDF. */
static double kolmogn_pomeranz(long n, double x)
{
	double t = n * x, f, g, ep128 = ldexp(1.0, E128), em128 = ldexp(1.0, -E128);
	long ll = (long)floor(t), ceilf, roundf, npw, j1, j2, v0s = 0, v1s = 0, expnt = 0;
	double *gp, *tgp, *ogp, *V0, *V1, *conv, ans;

	f = t - (double)ll;
	g = fmin(f, 1.0 - f);
	ceilf = f > 0;
	roundf = f > 0.5;
	npw = 2 * (ll + 1);
	gp = xmalloc((size_t)npw * sizeof(double));
	tgp = xmalloc((size_t)npw * sizeof(double));
	ogp = xmalloc((size_t)npw * sizeof(double));
	V0 = xcalloc((size_t)npw, sizeof(double));
	V1 = xcalloc((size_t)npw, sizeof(double));
	conv = xcalloc((size_t)(2 * npw), sizeof(double));
	gp[0] = tgp[0] = ogp[0] = 1.0;
	for (long m = 1; m < npw; m++) {
		gp[m] = gp[m - 1] * (g / n) / m;
		tgp[m] = tgp[m - 1] * (2 * g / n) / m;
		ogp[m] = ogp[m - 1] * ((1 - 2 * g) / n) / m;
	}
	V1[0] = 1;
	pomeranz_j1j2(0, n, ll, ceilf, roundf, &j1, &j2);
	for (long i = 1; i < 2 * n + 2; i++) {
		long k1 = j1, ln2, s;
		double *tmp = V0, *pw;

		V0 = V1;
		V1 = tmp;
		s = v0s;
		v0s = v1s;
		v1s = s;
		memset(V1, 0, (size_t)npw * sizeof(double));
		pomeranz_j1j2(i, n, ll, ceilf, roundf, &j1, &j2);
		pw = (i == 1 || i == 2 * n + 1) ? gp : (i % 2 ? tgp : ogp);
		ln2 = j2 - k1 + 1;
		if (ln2 > 0) {
			long off = k1 - v0s, la = ln2, cstart = j1 - k1, clen = j2 - j1 + 1;
			double mx = 0;

			if (off + la > npw)
				la = npw - off;
			for (long c = cstart; c < cstart + clen; c++) {
				double sum = 0;

				for (long a = 0; a < la; a++) {
					long b = c - a;

					if (b >= 0 && b < ln2)
						sum += V0[off + a] * pw[b];
				}
				V1[c - cstart] = sum;
			}
			for (long c = 0; c < npw; c++)
				if (V1[c] > mx)
					mx = V1[c];
			if (mx > 0 && mx < em128) {
				for (long c = 0; c < npw; c++)
					V1[c] *= ep128;
				expnt -= E128;
			}
			v1s = v0s + j1 - k1;
		}
	}
	ans = V1[n - v1s];
	for (long m = 1; m <= n; m++) {
		if (fabs(ans) > ep128) {
			ans *= em128;
			expnt += E128;
		}
		ans *= (double)m;
	}
	if (expnt != 0)
		ans = ldexp(ans, (int)expnt);
	free(gp);
	free(tgp);
	free(ogp);
	free(V0);
	free(V1);
	free(conv);
	return clip01(ans);
}

/* Pelz and Good's approximation: the CDF. */
static double kolmogn_pelzgood(long n, double x)
{
	const double pi2 = M_PI * M_PI, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
	const double sqrt2pi = sqrt(2 * M_PI), sqrt3 = sqrt(3.0);
	double z, z2, z3, z4, z6, qlog, q, k1a, k1b, k2a, k2b, k2c, k3a, k3b, k3c, k3d;
	double K[4] = { 0, 0, 0, 0 }, k2x = 0, k3x = 0, sum;
	long maxk;

	if (x <= 0.0)
		return 0.0;
	if (x >= 1.0)
		return 1.0;
	z = sqrt((double)n) * x;
	z2 = z * z;
	z3 = z2 * z;
	z4 = z2 * z2;
	z6 = z4 * z2;
	qlog = -pi2 / 8 / z2;
	if (qlog < -708)
		return 0.0;
	q = exp(qlog);
	k1a = -z2;
	k1b = pi2 / 4;
	k2a = 6 * z6 + 2 * z4;
	k2b = (2 * z4 - 5 * z2) * pi2 / 4;
	k2c = pi4 * (1 - 2 * z2) / 16;
	k3d = pi6 * (5 - 30 * z2) / 64;
	k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
	k3b = pi2 * (135 * z4 - 96 * z6) / 4;
	k3a = -30 * z6 - 90 * pow(z, 8);
	maxk = (long)ceil(16 * z / M_PI);
	for (long k = maxk; k > 0; k--) {
		double m = 2.0 * k - 1, m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
		double qp = pow(q, 8.0 * k);

		for (int i = 0; i < 4; i++)
			K[i] *= qp;
		K[0] += 1.0;
		K[1] += k1a + k1b * m2;
		K[2] += k2a + k2b * m2 + k2c * m4;
		K[3] += k3a + k3b * m2 + k3c * m4 + k3d * m6;
	}
	for (int i = 0; i < 4; i++)
		K[i] *= q * sqrt2pi;
	K[0] /= z;
	K[1] /= 6 * z4;
	K[2] /= 72 * pow(z, 7);
	K[3] /= 6480 * pow(z, 10);
	q = exp(-pi2 / 2 / z2);
	for (long k = maxk; k > 0; k--) {
		double ks = (double)k * k, qp = pow(q, ks), kpi = M_PI * k;

		k2x += ks * qp;
		k3x += (sqrt3 * z + kpi) * (sqrt3 * z - kpi) * ks * qp;
	}
	K[2] += k2x * pi2 * sqrt2pi / (-36 * z3);
	K[3] += k3x * pi2 * sqrt2pi / (216 * z6);
	sum = 0;
	for (int i = 0; i < 4; i++)
		sum += K[i] / pow((double)n, i / 2.0);
	return sum;
}

double stats_kolmogn_sf(long n, double x)
{
	double t, nx2, cdf;

	if (n <= 0 || isnan(x))
		return NAN;
	if (x >= 1.0)
		return 0.0;
	if (x <= 0.0)
		return 1.0;
	t = n * x;
	if (t <= 1.0) {
		double prob;

		if (t <= 0.5)
			return 1.0;
		if (n <= 140) {
			prob = 1.0;
			for (long i = 1; i <= n; i++)
				prob *= (double)i * (1.0 / n) * (2 * t - 1);
		} else {
			prob = exp(log_nfact_div_npow((double)n) + n * log(2 * t - 1));
		}
		return clip01(1.0 - prob);
	}
	if (t >= n - 1)
		return clip01(2 * pow(1.0 - x, (double)n));
	if (x >= 0.5)
		return clip01(2 * stats_smirnov(n, x));
	nx2 = t * x;
	if (n <= 140) {
		if (nx2 <= 0.754693)
			return clip01(1.0 - kolmogn_dmtw(n, x));
		if (nx2 <= 4)
			return clip01(1.0 - kolmogn_pomeranz(n, x));
		return clip01(2 * stats_smirnov(n, x));
	}
	if (nx2 >= 370.0)
		return 0.0;
	if (nx2 >= 2.2)
		return clip01(2 * stats_smirnov(n, x));
	if (nx2 >= 18.0)
		cdf = 1.0;
	else if (n <= 100000 && n * pow(x, 1.5) <= 1.4)
		cdf = kolmogn_dmtw(n, x);
	else
		cdf = kolmogn_pelzgood(n, x);
	return clip01(1.0 - cdf);
}

/* ---- exact two-sample KS ---- */

static double prob_outside_square(int64_t n, int64_t h)
{
	double P = 0.0;
	int64_t k = n / h;

	while (k >= 0) {
		double p1 = 1.0;

		for (int64_t j = 0; j < h; j++)
			p1 = (double)(n - k * h - j) * p1 / (double)(n + k * h + j + 1);
		P = p1 * (1.0 - P);
		k--;
	}
	return 2 * P;
}

/* Viehmann's recursion for 1 - p, as scipy's _compute_outer_prob_inside_method. */
static double outer_prob_inside(int64_t m, int64_t n, int64_t g, int64_t h)
{
	int64_t mg, ng, minj, maxj, curlen, lenA;
	double *A, res;

	if (m < n) {
		int64_t t = m;

		m = n;
		n = t;
	}
	mg = m / g;
	ng = n / g;
	minj = 0;
	maxj = (int64_t)ceil((double)h / (double)mg);
	if (maxj > n + 1)
		maxj = n + 1;
	curlen = maxj - minj;
	lenA = 2 * maxj + 2 < n + 1 ? 2 * maxj + 2 : n + 1;
	A = xmalloc((size_t)lenA * sizeof(double));
	for (int64_t i = 0; i < lenA; i++)
		A[i] = 1.0;
	for (int64_t i = minj; i < maxj; i++)
		A[i] = 0.0;
	for (int64_t i = 1; i <= m; i++) {
		int64_t lastminj = minj, lastlen = curlen;
		double val;

		minj = (int64_t)floor((double)(ng * i - h) / (double)mg) + 1;
		if (minj < 0)
			minj = 0;
		if (minj > n)
			minj = n;
		maxj = (int64_t)ceil((double)(ng * i + h) / (double)mg);
		if (maxj > n + 1)
			maxj = n + 1;
		if (maxj <= minj) {
			free(A);
			return 1.0;
		}
		val = minj == 0 ? 0.0 : 1.0;
		for (int64_t jj = 0; jj < maxj - minj; jj++) {
			int64_t j = jj + minj;

			val = (A[jj + minj - lastminj] * (double)i + val * (double)j) / (double)(i + j);
			A[jj] = val;
		}
		curlen = maxj - minj;
		if (lastlen > curlen)
			for (int64_t r = maxj - minj; r < maxj - minj + (lastlen - curlen); r++)
				A[r] = 1;
	}
	res = A[maxj - minj - 1];
	free(A);
	return res;
}

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

double stats_ks2_exact(int64_t n1, int64_t n2, double *d)
{
	int64_t g = gcd64(n1, n2), lcm = (n1 / g) * n2, h;
	double p;

	h = (int64_t)nearbyint(*d * (double)lcm);
	*d = (double)h * 1.0 / (double)lcm;
	if (h == 0)
		return 1.0;
	if (n1 == n2)
		p = prob_outside_square(n1, h);
	else
		p = outer_prob_inside(n1, n2, g, h);
	if (!(p >= 0 && p <= 1))
		return -1;
	return p;
}

/* ---- numpy's summation order ---- */

double stats_pairwise_sum(const double *a, size_t n)
{
	if (n < 8) {
		double res = 0.;

		for (size_t i = 0; i < n; i++)
			res += a[i];
		return res;
	}
	if (n <= 128) {
		double r[8], res;
		size_t i;

		for (int j = 0; j < 8; j++)
			r[j] = a[j];
		for (i = 8; i < n - (n % 8); i += 8)
			for (int j = 0; j < 8; j++)
				r[j] += a[i + j];
		res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < n; i++)
			res += a[i];
		return res;
	}
	{
		size_t n2 = n / 2;

		n2 -= n2 % 8;
		return stats_pairwise_sum(a, n2) + stats_pairwise_sum(a + n2, n - n2);
	}
}

/*
 * P(X <= k) for X ~ Binomial(n, 1/2), k <= n/2, summed in long double from the smallest
 * term up: 2^-n is exact in long double for n < 16382, and each next term is the last
 * times (n - i + 1)/i.  Beyond that the first term comes from lgammal.
 */
static long double binom_half_cdf(uint64_t k, uint64_t n)
{
	long double t, sum;

	if (n < 16000) {
		t = ldexpl(1.0L, -(int)n);
		sum = t;
		for (uint64_t i = 1; i <= k; i++) {
			t *= (long double)(n - i + 1) / (long double)i;
			sum += t;
		}
		return sum;
	}
	/* from the largest term down: t_k, then t_{i-1} = t_i * i / (n - i + 1) */
	t = expl(lgammal((long double)n + 1) - lgammal((long double)k + 1) -
		 lgammal((long double)(n - k) + 1) - (long double)n * logl(2.0L));
	sum = t;
	for (uint64_t i = k; i >= 1; i--) {
		t *= (long double)i / (long double)(n - i + 1);
		sum += t;
		if (t < sum * 1e-22L)
			break;
	}
	return sum;
}

double stats_mcnemar_exact(uint64_t b, uint64_t c)
{
	uint64_t n = b + c, k = b < c ? b : c;
	long double p;

	/* the middle of the distribution: the two tails cover it all */
	if (n == 0 || 2 * k == n || 2 * k + 1 == n)
		return 1.0;
	p = 2 * binom_half_cdf(k, n);
	return p > 1 ? 1.0 : (double)p;
}
