/* Unit tests for pc-drift's statistics: fnum, stats, stattest against scipy's values. */
#include "drift/drift.h"
#include "drift/drift_mv.h"
#include "drift/drift_perf.h"
#include "drift/dsort.h"
#include "formats/dtable.h"
#include "base/fnum.h"
#include "base/rng.h"
#include "base/sbuf.h"
#include "drift/stats.h"
#include "drift/stattest.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#include "../testutil.h"

#include <math.h>

/* ---- fnum ---- */

START_TEST(test_fnum_exact)
{
	static const char *good[] = {
		"0", "-0", "1", "+2.5", "3.", ".5", "1e10", "1E-5", "0.1", "0.30000000000000004",
		"123456789012345678", "1234567890123456789012", "9007199254740993",
		"2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "1e-400",
		"0.000001234567890123456789", "-7.0e+22", "8.589973e9", "1.00000000000000011102230246251565404236316680908203125",
		"1.00000000000000011102230246251565404236316680908203124", "0.1e5", "000123.4500",
	};
	static const char *bad[] = { "", "-", ".", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "inf", "nan", "0x10", "1e400", "abc", "1,5" };
	struct rng_like { uint64_t s; } r = { 88172645463325252ULL };

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		double v;

		ck_assert_msg(fnum_parse(good[i], strlen(good[i]), &v) == 0, "%s", good[i]);
		ck_assert_msg(v == strtod(good[i], NULL), "%s", good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double v;

		ck_assert_msg(fnum_parse(bad[i], strlen(bad[i]), &v) == -1, "%s", bad[i]);
	}
	/* random decimals of every length against strtod */
	for (int i = 0; i < 300000; i++) {
		char buf[64];
		double v, x;
		int len;

		r.s ^= r.s << 13;
		r.s ^= r.s >> 7;
		r.s ^= r.s << 17;
		memcpy(&x, &r.s, sizeof(x));
		if (!isfinite(x))
			continue;
		len = snprintf(buf, sizeof(buf), "%.*g", 1 + (int)(r.s % 19), x);
		if (isinf(strtod(buf, NULL)))
			continue;
		ck_assert_int_eq(fnum_parse(buf, (size_t)len, &v), 0);
		ck_assert_msg(v == strtod(buf, NULL), "%s", buf);
		len = snprintf(buf, sizeof(buf), "%.*f", (int)(r.s % 12), (double)(r.s % 100000000) / 997.0);
		ck_assert_int_eq(fnum_parse(buf, (size_t)len, &v), 0);
		ck_assert_msg(v == strtod(buf, NULL), "%s", buf);
	}
}
END_TEST

/* ---- scipy reference values ---- */

struct sample {
	char name[64];
	int counts;
	double *a, *b;
	size_t na, nb;
};

static double *parse_list(const char *s, size_t *n)
{
	double *v = NULL;
	size_t cap = 0;

	*n = 0;
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char tmp[64];

		ck_assert_uint_lt(len, sizeof(tmp));
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		xgrow(&v, &cap, *n + 1, sizeof(*v));
		ck_assert_int_eq(fnum_parse(tmp, len, &v[*n]), 0);
		(*n)++;
		s += len + (e ? 1 : 0);
	}
	return v;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static struct sample *samples;
static size_t nsamples;

static void load_samples(void)
{
	const char *src = getenv("PC_SRCDIR");
	char path[4096];
	struct tsv *t;

	if (samples)
		return;
	snprintf(path, sizeof(path), "%s/tests/drift/cases.tsv", src ? src : ".");
	t = tsv_open(path);
	ck_assert_ptr_nonnull(t);
	while (tsv_next(t) == 1) {
		struct sample *s;

		samples = xreallocarray(samples, nsamples + 1, sizeof(*samples));
		s = &samples[nsamples++];
		snprintf(s->name, sizeof(s->name), "%s", t->f[0].s);
		s->counts = !strcmp(t->f[1].s, "counts");
		s->a = parse_list(t->f[2].s, &s->na);
		s->b = parse_list(t->f[3].s, &s->nb);
	}
	tsv_close(t);
}

static const struct sample *find_sample(const char *name)
{
	for (size_t i = 0; i < nsamples; i++)
		if (!strcmp(samples[i].name, name))
			return &samples[i];
	return NULL;
}

static double rel_err(double got, double want)
{
	if (got == want)
		return 0;
	if (want == 0)
		return fabs(got);
	return fabs(got - want) / fabs(want);
}

/* Recompute one reference quantity; *tol gets the tolerance that applies. */
static double compute(const char *cs, const char *q, double *tol)
{
	const struct sample *s = find_sample(cs);
	double r = NAN;

	*tol = 1e-9;
	if (s && !s->counts) {
		double *a = xmalloc(s->na * sizeof(double)), *b = xmalloc(s->nb * sizeof(double));
		double *scr = xmalloc((s->na + s->nb) * sizeof(double)), d;

		memcpy(a, s->a, s->na * sizeof(double));
		memcpy(b, s->b, s->nb * sizeof(double));
		qsort(a, s->na, sizeof(double), cmp_double);
		qsort(b, s->nb, sizeof(double), cmp_double);
		if (!strcmp(q, "ks_d")) {
			stattest_ks(a, s->na, b, s->nb, &r);
		} else if (!strcmp(q, "ks_p")) {
			r = stattest_ks(a, s->na, b, s->nb, &d);
			if (s->na > STT_KS_EXACT_MAX || s->nb > STT_KS_EXACT_MAX)
				*tol = 1e-6;
		} else if (!strcmp(q, "wasserstein")) {
			r = stattest_wasserstein(a, s->na, b, s->nb);
		} else if (!strcmp(q, "std_ref")) {
			r = stattest_std(s->a, s->na, scr);
		} else if (!strcmp(q, "wasserstein_norm")) {
			r = stattest_wasserstein(a, s->na, b, s->nb) / fmax(stattest_std(s->a, s->na, scr), 0.001);
		} else if (!strcmp(q, "psi") || !strcmp(q, "jensenshannon")) {
			double *e, *rc, *cc;
			size_t nb = stattest_edges(fmin(a[0], b[0]), fmax(a[s->na - 1], b[s->nb - 1]),
					      s->na + s->nb, 0, &e);

			rc = xmalloc(nb * sizeof(double));
			cc = xmalloc(nb * sizeof(double));
			stattest_hist(a, s->na, e, nb, rc);
			stattest_hist(b, s->nb, e, nb, cc);
			for (size_t i = 0; i < nb; i++) {
				rc[i] /= (double)s->na;
				cc[i] /= (double)s->nb;
			}
			if (!strcmp(q, "psi")) {
				stattest_fill_zeroes(rc, nb);
				stattest_fill_zeroes(cc, nb);
				r = stattest_psi(rc, cc, nb);
			} else {
				r = stattest_jensenshannon(rc, cc, nb);
			}
			free(e);
			free(rc);
			free(cc);
		}
		free(a);
		free(b);
		free(scr);
	} else if (s) {
		size_t k = s->na;
		double nr = 0, nc = 0, *exp = xmalloc(k * sizeof(double));
		double *rp = xmalloc(k * sizeof(double)), *cp = xmalloc(k * sizeof(double)), st;

		for (size_t i = 0; i < k; i++) {
			nr += s->a[i];
			nc += s->b[i];
		}
		for (size_t i = 0; i < k; i++) {
			exp[i] = s->a[i] * (nc / nr);
			rp[i] = s->a[i] / nr;
			cp[i] = s->b[i] / nc;
		}
		if (!strcmp(q, "chisquare_p"))
			r = stattest_chisquare(s->b, exp, k, &st);
		else if (!strcmp(q, "chisquare_stat"))
			stattest_chisquare(s->b, exp, k, &r);
		else if (!strcmp(q, "jensenshannon"))
			r = stattest_jensenshannon(rp, cp, k);
		else if (!strcmp(q, "z_p"))
			r = stattest_ztest(s->a[1], nr, s->b[1], nc, &st);
		else if (!strcmp(q, "psi")) {
			stattest_fill_zeroes(rp, k);
			stattest_fill_zeroes(cp, k);
			r = stattest_psi(rp, cp, k);
		}
		free(exp);
		free(rp);
		free(cp);
	} else if (!strcmp(q, "kstwo_sf") || !strcmp(q, "smirnov")) {
		long n;
		double x;
		const char *p = strchr(cs, '_') + 1;

		n = strtol(p, (char **)&p, 10);
		p++;
		if (*p == 'x') {
			x = strtod(p + 1, NULL);
		} else {
			x = strtod(p, NULL);
			if (!strcmp(q, "kstwo_sf"))
				x = x / sqrt((double)n);
		}
		if (!strcmp(q, "kstwo_sf")) {
			r = stats_kolmogn_sf(n, x);
			*tol = 1e-6;
		} else {
			r = stats_smirnov(n, x);
		}
	} else if (!strcmp(q, "chi2_sf")) {
		double df, x;

		sscanf(cs, "chi2_%lf_%lf", &df, &x);
		r = stats_chi2_sf(x, df);
	} else if (!strcmp(q, "ndtr")) {
		r = stats_ndtr(strtod(cs + 5, NULL));
	}
	return r;
}

START_TEST(test_scipy_reference)
{
	const char *src = getenv("PC_SRCDIR");
	char path[4096];
	struct tsv *t;
	int n = 0, bad = 0;

	load_samples();
	snprintf(path, sizeof(path), "%s/tests/drift/scipy_ref.tsv", src ? src : ".");
	t = tsv_open(path);
	ck_assert_ptr_nonnull(t);
	while (tsv_next(t) == 1) {
		double want, got, tol;

		if (t->f[0].s[0] == '#' || !strcmp(t->f[0].s, "case"))
			continue;
		want = strtod(t->f[2].s, NULL);
		got = compute(t->f[0].s, t->f[1].s, &tol);
		n++;
		if (getenv("PC_DRIFT_VERBOSE"))
			fprintf(stderr, "%s\t%s\t%.3g\n", t->f[0].s, t->f[1].s, rel_err(got, want));
		/* tiny p-values: relative error on values under 1e-300 is meaningless */
		if (!(rel_err(got, want) <= tol || (isinf(want) && got == want) || (fabs(want) < 1e-300 && fabs(got) < 1e-300))) {
			fprintf(stderr, "%s %s: got %.17g want %.17g (rel %.3g)\n", t->f[0].s,
				t->f[1].s, got, want, rel_err(got, want));
			bad++;
		}
	}
	tsv_close(t);
	ck_assert_int_gt(n, 300);
	ck_assert_int_eq(bad, 0);
}
END_TEST


/* ---- dataset decisions ---- */

/* Two samples of 8 columns (4 normal, 1 Poisson count, 1 with 4 categories, 1 binary, 1
 * uniform); the current one shifted by `shift` standard deviations in every column. */
static struct dtable *gen_table(struct rng *r, size_t n, double shift, const char *name)
{
	static const char *const cats[] = { "red", "green", "blue", "other" };
	struct sbuf b = SBUF_INIT;
	struct dtable *t;

	sbuf_adds(&b, "id\tn1\tn2\tn3\tn4\tcount\tcolour\tflag\tu\n");
	for (size_t i = 0; i < n; i++) {
		double k = 0, l = exp(-(2.0 + shift)), p = rng_uniform(r);
		size_t c = rng_uniform(r) < 0.4 + shift / 4 ? 0 : 1 + rng_below(r, 3);

		while (p > l) {
			p *= rng_uniform(r);
			k++;
		}
		sbuf_printf(&b, "%zu\t%.9g\t%.9g\t%.9g\t%.9g\t%g\t%s\t%s\t%.6f\n", i,
			    rng_normal(r) + shift, 10 + 3 * (rng_normal(r) + shift),
			    rng_normal(r) * (1 + shift), exp(rng_normal(r) + shift), k, cats[c],
			    rng_uniform(r) < 0.3 + shift / 4 ? "yes" : "no", rng_uniform(r) + shift);
	}
	t = dtable_read_mem(name, b.s, b.len);
	sbuf_free(&b);
	ck_assert_ptr_nonnull(t);
	return t;
}

static int dataset_drift(uint64_t seed, size_t nref, size_t ncur, double shift,
			 enum drift_correction corr, size_t *ndrift)
{
	struct rng r;
	struct dtable *ref, *cur;
	struct drift_opts o;
	struct drift_result res;
	static const char *const names[] = { "n1", "n2", "n3", "n4", "count", "colour", "flag", "u" };
	int d;

	rng_stream(&r, 77, seed);
	ref = gen_table(&r, nref, 0, "ref");
	cur = gen_table(&r, ncur, shift, "cur");
	drift_opts_init(&o);
	o.correction = corr;
	ck_assert_int_eq(drift_run(ref, cur, names, 8, &o, &res), 0);
	ck_assert_uint_eq(res.ntested, 8);
	d = res.dataset_drift;
	*ndrift = res.ndrift;
	drift_result_free(&res);
	dtable_free(ref);
	dtable_free(cur);
	return d;
}

START_TEST(test_no_false_alarm)
{
	int alarms = 0;
	size_t cols = 0, nd;

	/* 200 repetitions: half in the p-value regime (<= 1,000 reference rows), half in
	 * the distance regime */
	for (uint64_t rep = 0; rep < 200; rep++) {
		int small = rep < 100;

		alarms += dataset_drift(rep, small ? 600 : 3000, small ? 500 : 2500, 0,
					DRIFT_CORR_BH, &nd);
		cols += nd;
	}
	fprintf(stderr, "no-false-alarm: %d of 200 repetitions flagged, %zu of 1600 columns\n",
		alarms, cols);
	ck_assert_int_le(alarms, 10);
}
END_TEST

START_TEST(test_detects_shift)
{
	size_t nd;

	ck_assert_int_eq(dataset_drift(1, 600, 500, 0.5, DRIFT_CORR_BH, &nd), 1);
	ck_assert_uint_ge(nd, 5);
	ck_assert_int_eq(dataset_drift(2, 3000, 2500, 0.5, DRIFT_CORR_NONE, &nd), 1);
	ck_assert_uint_ge(nd, 5);
}
END_TEST

START_TEST(test_corrections)
{
	struct drift_colres c[4];
	struct drift_result r = { .cols = c, .n = 4 };
	static const double p[4] = { 0.001, 0.02, 0.03, 0.2 };

	memset(c, 0, sizeof(c));
	for (int i = 0; i < 4; i++) {
		c[i].pvalue = 1;
		c[i].score = p[i];
		c[i].threshold = 0.05;
	}
	drift_decide(&r, 0.5, DRIFT_CORR_NONE);
	ck_assert_uint_eq(r.ndrift, 3);
	ck_assert_int_eq(r.dataset_drift, 1);
	for (int i = 0; i < 4; i++)
		c[i].threshold = 0.05;
	drift_decide(&r, 0.5, DRIFT_CORR_BONFERRONI);
	ck_assert_uint_eq(r.ndrift, 1);
	ck_assert(fabs(c[0].threshold - 0.0125) < 1e-15);
	/* BH: 0.001 < 0.0125, 0.02 < 0.025, 0.03 < 0.0375, 0.2 > 0.05: k = 3 */
	for (int i = 0; i < 4; i++)
		c[i].threshold = 0.05;
	drift_decide(&r, 0.5, DRIFT_CORR_BH);
	ck_assert_uint_eq(r.ndrift, 3);
	ck_assert(fabs(c[3].threshold - 0.0375) < 1e-15);
}
END_TEST

/* dsort orders like qsort: data whose high 33 key bits settle the order, long runs that
 * agree on them (large values with tiny steps), duplicates, signs and zeros. */
START_TEST(test_dsort)
{
	static const size_t sizes[] = { 0, 1, 2, 31, 33, 1000, 100000 };
	struct rng r;
	size_t cap = 100000;
	double *x = xmalloc(cap * sizeof(double)), *y = xmalloc(cap * sizeof(double));
	double *s = xmalloc(cap * sizeof(double));

	rng_seed(&r, 3);
	for (int kind = 0; kind < 5; kind++) {
		for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			size_t n = sizes[z];

			for (size_t i = 0; i < n; i++) {
				double u = rng_normal(&r);

				x[i] = kind == 0 ? u :
				       kind == 1 ? floor(u * 3) :
				       kind == 2 ? 1e6 + floor(u * 1000) * 1e-9 :
				       kind == 3 ? (i % 3 ? -1e-300 * u : u > 0 ? 0.0 : -0.0) :
						   ldexp(u, (int)(i % 2000) - 1000);
				y[i] = x[i];
			}
			dsort(x, n, s);
			qsort(y, n, sizeof(double), cmp_double);
			for (size_t i = 0; i < n; i++)
				ck_assert_msg(x[i] == y[i], "kind %d, n %zu, at %zu: %.17g != %.17g",
					      kind, n, i, x[i], y[i]);
		}
	}
	free(x);
	free(y);
	free(s);
}
END_TEST

/* Every way a number is held (32-bit code, whole double, strtod's slow path) reads as
 * strtod reads it, at the end of a line, before a tab, before CR LF and at the end of the
 * input without a newline. */
START_TEST(test_number_codes)
{
	static const char *const nums[] = {
		"0", "-0", "-0.0", "+3", ".5", "5.", "1e5", "1.5e-05", "2E+3", "-1.25e2",
		"67108863", "67108864", "12345678.9", "0.0003424334", "-2.065783",
		"1e-22", "1e-23", "1e-30", "123e-25", "1234567890123456789",
		"12345678901234567890123", "0.12345678901234567890", "9007199254740993",
		"3.141592653589793238462643383279", "1e300", "-4.9e-324", "00012.500",
		"1e0007", "0.1", "99999999.99999999"
	};
	size_t n = sizeof(nums) / sizeof(nums[0]);

	for (int layout = 0; layout < 3; layout++) {
		struct sbuf b = SBUF_INIT;
		struct dtable *t;
		double v[64];

		sbuf_adds(&b, layout == 1 ? "x\ty\r\n" : "x\ty\n");
		for (size_t i = 0; i < n; i++) {
			const char *eol = layout == 1 ? "\r\n" : i + 1 == n && layout == 2 ? "" : "\n";

			sbuf_printf(&b, "%s\t%s%s", nums[i], nums[n - 1 - i], eol);
		}
		t = dtable_read_mem("t", b.s, b.len);
		ck_assert_ptr_nonnull(t);
		ck_assert_uint_eq(t->nrows, n);
		ck_assert(t->cols[0].numeric && t->cols[1].numeric);
		for (int c = 0; c < 2; c++) {
			ck_assert_uint_eq(dtable_values(&t->cols[c], n, v, 0), n);
			for (size_t i = 0; i < n; i++) {
				const char *s = nums[c ? n - 1 - i : i];
				double want = strtod(s, NULL);

				ck_assert_msg(!memcmp(&v[i], &want, sizeof(want)),
					      "layout %d: %s read as %.17g", layout, s, v[i]);
			}
		}
		dtable_free(t);
		sbuf_free(&b);
	}
}
END_TEST

START_TEST(test_column_typing)
{
	static const char tsv[] =
		"a\tb\tc\td\n1\tx\t1\t\n2\t2\t2\tNA\n3\t3.5\t1\t1e3\n";
	struct dtable *t = dtable_read_mem("t", tsv, sizeof(tsv) - 1);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->cols[0].numeric, 1);
	ck_assert_int_eq(t->cols[1].numeric, 0);
	ck_assert_uint_eq(t->cols[1].ncats, 3);
	ck_assert_str_eq(t->cols[1].cats[2], "3.5");
	ck_assert_int_eq(t->cols[3].numeric, 1);
	{
		double v[3];

		ck_assert_uint_eq(dtable_values(&t->cols[3], 3, v, 0), 3);
		ck_assert(isnan(v[0]) && isnan(v[1]) && v[2] == 1000);
		ck_assert_uint_eq(dtable_values(&t->cols[3], 3, v, 1), 1);
		ck_assert(v[0] == 1000);
	}
	dtable_free(t);
	/* a NUL byte ends a category (found by fuzzing: it read past the name) */
	t = dtable_read_mem("t", "c\nx\0y\nx\n", 8);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->nrows, 2);
	ck_assert_uint_eq(t->cols[0].ncats, 1);
	dtable_free(t);
}
END_TEST

START_TEST(test_isotonic)
{
	static const double x[] = { 0.9, 0.1, 0.5, 0.5, 0.7, 0.3 };
	static const double y[] = { 1, 0, 1, 0, 0, 1 };
	double *kx, *ky;
	size_t k = drift_perf_isotonic(x, y, 6, &kx, &ky);

	/* sorted: 0.1:0, 0.3:1, 0.5:0.5 (two points), 0.7:0, 0.9:1
	 * pooled: 0 | (1, 0.5, 0.5, 0) = 0.5 over 4 points | 1 */
	ck_assert_uint_eq(k, 5);
	ck_assert(ky[0] == 0 && ky[1] == 0.5 && ky[2] == 0.5 && ky[3] == 0.5 && ky[4] == 1);
	ck_assert(fabs(drift_perf_calibrate(kx, ky, k, 0.8) - 0.75) < 1e-12);
	ck_assert(drift_perf_calibrate(kx, ky, k, 0.0) == 0 && drift_perf_calibrate(kx, ky, k, 2) == 1);
	free(kx);
	free(ky);
}
END_TEST

/* The parallel reader gives the single-threaded result: text met late in a late chunk
 * turns the column categorical with the earlier numbers as categories, escapes and CRs
 * are handled in every chunk, and a bad line is reported with its line number. */
START_TEST(test_parallel_read)
{
	struct sbuf b = SBUF_INIT;
	struct rng r;
	char *dir = tu_tmpdir(), *path = tu_path(dir, "t.tsv");
	struct dtable *t1, *t4;
	FILE *fp;

	rng_seed(&r, 7);
	sbuf_adds(&b, "x\ty\tlate\r\n");
	for (size_t i = 0; i < 120000; i++)
		sbuf_printf(&b, "%.9g\t%s\t%s%s", rng_normal(&r), i % 1000 == 3 ? "" : "2.50",
			    i == 110000 ? "a\\tb" : i % 7 ? "1.0" : "NA", i % 5 ? "\n" : "\r\n");
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fwrite(b.s, 1, b.len, fp);
	fclose(fp);
	t1 = dtable_read_threads(path, 1);
	t4 = dtable_read_threads(path, 4);
	ck_assert_ptr_nonnull(t1);
	ck_assert_ptr_nonnull(t4);
	ck_assert_uint_eq(t1->nrows, 120000);
	ck_assert_uint_eq(t4->nrows, 120000);
	ck_assert_str_eq(t4->cols[2].name, "late");
	ck_assert(t4->cols[0].numeric && t4->cols[1].numeric && !t4->cols[2].numeric);
	{
		double *v1 = xmalloc(120000 * sizeof(double)), *v4 = xmalloc(120000 * sizeof(double));

		ck_assert_uint_eq(dtable_values(&t1->cols[0], 120000, v1, 0), 120000);
		ck_assert_uint_eq(dtable_values(&t4->cols[0], 120000, v4, 0), 120000);
		ck_assert(!memcmp(v1, v4, 120000 * sizeof(double)));
		dtable_values(&t4->cols[1], 120000, v4, 0);
		ck_assert(isnan(v4[3]) && v4[4] == 2.5);
		free(v1);
		free(v4);
	}
	ck_assert(!memcmp(t1->cols[2].id, t4->cols[2].id, 120000 * sizeof(uint32_t)));
	ck_assert_uint_eq(t4->cols[2].ncats, 3);
	ck_assert_str_eq(t4->cols[2].cats[0], "1");
	ck_assert_str_eq(t4->cols[2].cats[t4->cols[2].id[110000]], "a\tb");
	ck_assert_uint_eq(t4->cols[2].id[110001], 2);   /* "1.0" after the text: as written */
	ck_assert_str_eq(t4->cols[2].cats[2], "1.0");
	ck_assert_uint_eq(t4->cols[2].id[7], DTAB_MISSING);
	/* blocks of 4 KiB: lines and fields cut at every boundary, a field longer than a
	 * block, text met in a later block than the numbers it retypes */
	{
		struct sbuf lb = SBUF_INIT;
		struct dtable *tb;
		double *v1 = xmalloc(120001 * sizeof(double)), *vb = xmalloc(120001 * sizeof(double));
		size_t at;

		sbuf_add(&lb, b.s, b.len);
		sbuf_adds(&lb, "0.5\t0.");
		at = lb.len - 2;
		for (int k = 0; k < 6000; k++)
			sbuf_adds(&lb, "7");
		sbuf_adds(&lb, "\tlong\n");
		fp = fopen(path, "w");
		fwrite(lb.s, 1, lb.len, fp);
		fclose(fp);
		dtable_set_block(4096);
		tb = dtable_read_threads(path, 2);
		dtable_set_block(0);
		ck_assert_ptr_nonnull(tb);
		ck_assert_uint_eq(tb->nrows, 120001);
		dtable_values(&t1->cols[0], 120000, v1, 0);
		dtable_values(&tb->cols[0], 120001, vb, 0);
		ck_assert(!memcmp(v1, vb, 120000 * sizeof(double)) && vb[120000] == 0.5);
		dtable_values(&tb->cols[1], 120001, vb, 0);
		ck_assert(vb[120000] == strtod(lb.s + at, NULL) && vb[120000] < 0.78);
		ck_assert(!tb->cols[2].numeric);
		ck_assert(!memcmp(t1->cols[2].id, tb->cols[2].id, 120000 * sizeof(uint32_t)));
		ck_assert_str_eq(tb->cols[2].cats[tb->cols[2].id[120000]], "long");
		dtable_free(tb);
		free(v1);
		free(vb);
		sbuf_free(&lb);
	}
	dtable_free(t1);
	dtable_free(t4);
	/* a short line far down */
	sbuf_adds(&b, "1\t2\n");
	fp = fopen(path, "w");
	fwrite(b.s, 1, b.len, fp);
	fclose(fp);
	ck_assert_ptr_null(dtable_read_threads(path, 3));
	sbuf_free(&b);
	free(path);
	tu_rmdir(dir);
}
END_TEST

/* Read a two-column numeric TSV from tests/drift. */
static size_t read_pairs(const char *name, double **a, double **b)
{
	const char *src = getenv("PC_SRCDIR");
	char path[4096];
	struct tsv *t;
	size_t n = 0, cap = 0;

	snprintf(path, sizeof(path), "%s/tests/drift/%s", src ? src : ".", name);
	t = tsv_open(path);
	ck_assert_ptr_nonnull(t);
	*a = *b = NULL;
	while (tsv_next(t) == 1) {
		size_t c0 = cap;

		xgrow(a, &cap, n + 1, sizeof(double));
		cap = c0;
		xgrow(b, &cap, n + 1, sizeof(double));
		(*a)[n] = strtod(t->f[0].s, NULL);
		(*b)[n] = strtod(t->f[1].s, NULL);
		n++;
	}
	tsv_close(t);
	return n;
}

/* ROC AUC with ties and the Mann-Whitney p-value against sklearn and scipy
 * (tests/drift/mv_ref.py). */
START_TEST(test_auc_reference)
{
	double *score, *label, *auc, *p, pv;
	size_t n = read_pairs("auc_case.tsv", &score, &label);
	unsigned char *pos = xmalloc(n);

	ck_assert_uint_eq(read_pairs("auc_ref.tsv", &auc, &p), 1);
	for (size_t i = 0; i < n; i++)
		pos[i] = label[i] != 0;
	ck_assert_double_eq_tol(drift_mv_auc(score, pos, n, &pv), auc[0], 1e-12 * auc[0]);
	ck_assert_double_eq_tol(pv, p[0], 1e-9 * p[0]);
	free(score);
	free(label);
	free(auc);
	free(p);
	free(pos);
}
END_TEST

/* MMD: the same p-value at any thread count; an obvious shift is found, equal samples
 * are not. */
START_TEST(test_mmd_permutations)
{
	struct rng r;
	size_t m = 80, n = 70, d = 3;
	double *z = xmalloc((m + n) * d * sizeof(double));
	struct drift_mv_mmd a, b;

	rng_seed(&r, 11);
	for (size_t i = 0; i < (m + n) * d; i++)
		z[i] = rng_normal(&r);
	drift_mv_mmd(z, m, n, d, 99, 5, 1, &a);
	drift_mv_mmd(z, m, n, d, 99, 5, 3, &b);
	ck_assert(a.mmd2 == b.mmd2 && a.p == b.p && a.sigma == b.sigma);
	ck_assert(a.p > 0.01);
	for (size_t i = m * d; i < (m + n) * d; i += d)
		z[i] += 1.5;
	drift_mv_mmd(z, m, n, d, 99, 5, 2, &a);
	ck_assert(a.mmd2 > b.mmd2 && a.p == 0.01);
	free(z);
}
END_TEST

static Suite *drift_suite(void)
{
	Suite *s = suite_create("drift");
	TCase *tc = tcase_create("drift");

	tcase_add_test(tc, test_fnum_exact);
	tcase_add_test(tc, test_scipy_reference);
	tcase_add_test(tc, test_no_false_alarm);
	tcase_add_test(tc, test_detects_shift);
	tcase_add_test(tc, test_corrections);
	tcase_add_test(tc, test_column_typing);
	tcase_add_test(tc, test_dsort);
	tcase_add_test(tc, test_number_codes);
	tcase_add_test(tc, test_isotonic);
	tcase_add_test(tc, test_parallel_read);
	tcase_add_test(tc, test_auc_reference);
	tcase_add_test(tc, test_mmd_permutations);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(drift_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
