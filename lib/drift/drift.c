/* drift: column typing, test choice, thresholds and the dataset rule; see drift.h. */
#include "drift/drift.h"
#include "drift/dsort.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "drift/stattest.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CAT_MAX_VALUES 5      /* numerical columns with at most this many values are categorical */
#define SMALL_REFERENCE 1000  /* reference sizes up to this get the p-value tests */
#define HIST_MIN_UNIQUE 20    /* numerical columns binned only above this many reference values */
#define DIST_MAX_CATS 20      /* categories drawn in the HTML page */

static const char *const test_names[] = {
	[DRIFT_AUTO] = "auto", [DRIFT_KS] = "ks", [DRIFT_CHISQUARE] = "chisquare",
	[DRIFT_Z] = "z", [DRIFT_WASSERSTEIN] = "wasserstein", [DRIFT_JS] = "jensenshannon",
	[DRIFT_PSI] = "psi", [DRIFT_MMD] = "mmd", [DRIFT_CLASSIFIER] = "domain_classifier",
};

const char *drift_test_name(enum drift_test t)
{
	return test_names[t];
}

int drift_test_parse(const char *s)
{
	for (size_t i = 1; i <= DRIFT_PSI; i++)
		if (!strcmp(s, test_names[i]))
			return (int)i;
	return -1;
}

const char *drift_correction_name(enum drift_correction c)
{
	return c == DRIFT_CORR_BONFERRONI ? "bonferroni" : c == DRIFT_CORR_BH ? "bh" : "none";
}

int drift_correction_parse(const char *s)
{
	if (!strcmp(s, "none"))
		return DRIFT_CORR_NONE;
	if (!strcmp(s, "bonferroni"))
		return DRIFT_CORR_BONFERRONI;
	if (!strcmp(s, "bh") || !strcmp(s, "benjamini-hochberg"))
		return DRIFT_CORR_BH;
	return -1;
}

void drift_opts_init(struct drift_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->threshold = NAN;
	o->drift_share = 0.5;
	o->threads = 1;
}

static int is_pvalue_test(enum drift_test t)
{
	return t == DRIFT_KS || t == DRIFT_CHISQUARE || t == DRIFT_Z;
}

static const struct drift_colopt *colopt(const struct drift_opts *o, const char *name)
{
	for (size_t i = 0; i < o->ncols; i++)
		if (!strcmp(o->cols[i].name, name))
			return &o->cols[i];
	return NULL;
}

struct job {
	struct dtable *ref, *cur;
	struct dtable_col **rc, **cc;
	const struct drift_opts *o;
	struct drift_colres *res;
};

/* ---- categorical tests on counts ---- */

static void cat_test(struct drift_colres *r, const double *rcnt, const double *ccnt, size_t k)
{
	double nr = (double)r->n_ref, nc = (double)r->n_cur;
	double *rs = xmalloc((k + 1) * sizeof(double)), *cs = xmalloc((k + 1) * sizeof(double));

	for (size_t i = 0; i < k; i++) {
		rs[i] = rcnt[i] / nr;
		cs[i] = ccnt[i] / nc;
	}
	switch (r->test) {
	case DRIFT_CHISQUARE: {
		double *e = xmalloc((k + 1) * sizeof(double)), knorm = nc / nr;

		for (size_t i = 0; i < k; i++)
			e[i] = rcnt[i] * knorm;
		r->score = stattest_chisquare(ccnt, e, k, &r->statistic);
		free(e);
		break;
	}
	case DRIFT_Z: {
		size_t ur = 0, uc = 0, lr = 0, lc = 0;

		for (size_t i = 0; i < k; i++) {
			if (rcnt[i] > 0) {
				ur++;
				lr = i;
			}
			if (ccnt[i] > 0) {
				uc++;
				lc = i;
			}
		}
		if (ur == 1 && uc == 1 && lr == lc) {
			r->statistic = 0;
			r->score = 1;
		} else {
			r->score = stattest_ztest(nr - rcnt[0], nr, nc - ccnt[0], nc, &r->statistic);
		}
		break;
	}
	case DRIFT_JS:
		r->score = r->statistic = stattest_jensenshannon(rs, cs, k);
		break;
	case DRIFT_PSI:
		stattest_fill_zeroes(rs, k);
		stattest_fill_zeroes(cs, k);
		r->score = r->statistic = stattest_psi(rs, cs, k);
		break;
	default:
		r->score = r->statistic = NAN;
		break;
	}
	free(rs);
	free(cs);
}

/* Distinct values of sorted a and b and their counts in each. */
static size_t value_counts(const double *a, size_t na, const double *b, size_t nb,
			   double **keys, double **ca, double **cb)
{
	size_t i = 0, j = 0, k = 0, cap = 0;

	*keys = *ca = *cb = NULL;
	while (i < na || j < nb) {
		double x = i < na && (j >= nb || a[i] <= b[j]) ? a[i] : b[j];
		size_t i0 = i, j0 = j;

		while (i < na && a[i] == x)
			i++;
		while (j < nb && b[j] == x)
			j++;
		if (k == cap) {
			cap = cap ? 2 * cap : 16;
			*keys = xreallocarray(*keys, cap, sizeof(double));
			*ca = xreallocarray(*ca, cap, sizeof(double));
			*cb = xreallocarray(*cb, cap, sizeof(double));
		}
		(*keys)[k] = x;
		(*ca)[k] = (double)(i - i0);
		(*cb)[k] = (double)(j - j0);
		k++;
	}
	return k;
}

static size_t count_unique(const double *a, size_t n)
{
	size_t u = 0;

	for (size_t i = 0; i < n; i++)
		if (i == 0 || a[i] != a[i - 1])
			u++;
	return u;
}

static void hist_dist(struct drift_dist *d, const double *a, size_t na, const double *b,
		      size_t nb, long bins)
{
	double lo = fmin(a[0], b[0]), hi = fmax(a[na - 1], b[nb - 1]);

	d->n = stattest_edges(lo, hi, na + nb, bins, &d->edges);
	d->ref = xmalloc(d->n * sizeof(double));
	d->cur = xmalloc(d->n * sizeof(double));
	stattest_hist(a, na, d->edges, d->n, d->ref);
	stattest_hist(b, nb, d->edges, d->n, d->cur);
	for (size_t i = 0; i < d->n; i++) {
		d->ref[i] /= (double)na;
		d->cur[i] /= (double)nb;
	}
}

static void label_dist(struct drift_dist *d, char **labels, const double *rc, const double *cc,
		       size_t k, double nr, double nc)
{
	size_t *ord = xmalloc((k + 1) * sizeof(size_t)), shown;

	for (size_t i = 0; i < k; i++)
		ord[i] = i;
	/* most frequent first (stable: ties keep key order) */
	for (size_t i = 1; i < k; i++) {
		size_t t = ord[i], j = i;

		while (j > 0 && rc[ord[j - 1]] + cc[ord[j - 1]] < rc[t] + cc[t]) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = t;
	}
	shown = k > DIST_MAX_CATS ? DIST_MAX_CATS : k;
	d->n = shown + (k > shown);
	d->labels = xcalloc(d->n, sizeof(char *));
	d->ref = xcalloc(d->n, sizeof(double));
	d->cur = xcalloc(d->n, sizeof(double));
	for (size_t i = 0; i < k; i++) {
		size_t slot = i < shown ? i : shown;

		d->ref[slot] += rc[ord[i]] / nr;
		d->cur[slot] += cc[ord[i]] / nc;
		if (i < shown)
			d->labels[slot] = xstrdup(labels[ord[i]]);
	}
	if (k > shown)
		d->labels[shown] = xasprintf("(%zu others)", k - shown);
	free(ord);
}

static enum drift_test default_test(const struct job *j, int categorical, size_t nvalues)
{
	if (j->ref->nrows <= SMALL_REFERENCE) {
		if (categorical)
			return nvalues > 2 ? DRIFT_CHISQUARE : DRIFT_Z;
		return DRIFT_KS;
	}
	return categorical ? DRIFT_JS : DRIFT_WASSERSTEIN;
}

/* Distinct values of sorted a and b together, counting no further than `limit`. */
static size_t count_union(const double *a, size_t na, const double *b, size_t nb, size_t limit)
{
	size_t i = 0, j = 0, k = 0;

	while ((i < na || j < nb) && k <= limit) {
		double x = i < na && (j >= nb || a[i] <= b[j]) ? a[i] : b[j];

		while (i < na && a[i] == x)
			i++;
		while (j < nb && b[j] == x)
			j++;
		k++;
	}
	return k;
}

/* Buffers reused from column to column, each with room for the larger sample; sorting
 * may leave a sample in what was the spare buffer, so their roles move. */
struct scratch {
	double *buf[3];
};

static void numeric_column(const struct job *j, size_t ci, struct scratch *w)
{
	struct drift_colres *r = &j->res[ci];
	const struct dtable_col *rc = j->rc[ci], *cc = j->cc[ci];
	const struct drift_colopt *co = colopt(j->o, r->name);
	size_t na = 0, nb = 0, nvalues;
	double *a = w->buf[0], *b = w->buf[1], *scr = w->buf[2], *t, sd;
	double *keys = NULL, *ka = NULL, *kb = NULL;
	size_t nkeys = 0;

	na = dtable_values(rc, j->ref->nrows, a, 1);
	nb = dtable_values(cc, j->cur->nrows, b, 1);
	r->n_ref = na;
	r->n_cur = nb;
	if (!na || !nb) {
		r->skipped = 1;
		goto out;
	}
	sd = stattest_std(a, na, scr);
	t = dsort_any(a, na, scr);
	if (t != a) {
		scr = a;
		a = t;
	}
	t = dsort_any(b, nb, scr);
	if (t != b) {
		scr = b;
		b = t;
	}
	nvalues = count_union(a, na, b, nb, HIST_MIN_UNIQUE);
	r->categorical = (co && co->kind == DRIFT_KIND_CAT) ||
			 (!(co && co->kind == DRIFT_KIND_NUM) && nvalues <= CAT_MAX_VALUES);
	if (r->test == DRIFT_AUTO)
		r->test = default_test(j, r->categorical, nvalues);
	if (r->categorical || r->test == DRIFT_CHISQUARE || r->test == DRIFT_Z ||
	    ((r->test == DRIFT_JS || r->test == DRIFT_PSI) && count_unique(a, na) <= HIST_MIN_UNIQUE))
		nkeys = value_counts(a, na, b, nb, &keys, &ka, &kb);
	switch (r->test) {
	case DRIFT_KS:
		r->score = stattest_ks(a, na, b, nb, &r->statistic);
		break;
	case DRIFT_WASSERSTEIN:
		r->statistic = stattest_wasserstein(a, na, b, nb);
		r->score = r->statistic / fmax(sd, 0.001);
		break;
	case DRIFT_JS:
	case DRIFT_PSI:
		if (!r->categorical && count_unique(a, na) > HIST_MIN_UNIQUE) {
			struct drift_dist h = { 0 };

			hist_dist(&h, a, na, b, nb, j->o->bins);
			if (r->test == DRIFT_JS) {
				r->score = r->statistic = stattest_jensenshannon(h.ref, h.cur, h.n);
			} else {
				stattest_fill_zeroes(h.ref, h.n);
				stattest_fill_zeroes(h.cur, h.n);
				r->score = r->statistic = stattest_psi(h.ref, h.cur, h.n);
			}
			free(h.edges);
			free(h.ref);
			free(h.cur);
			break;
		}
		/* fall through */
	default:
		cat_test(r, ka, kb, nkeys);
		break;
	}
	if (j->o->want_dist) {
		if (r->categorical) {
			char **labels = xcalloc(nkeys, sizeof(char *));

			for (size_t i = 0; i < nkeys; i++)
				labels[i] = xasprintf("%.6g", keys[i]);
			label_dist(&r->dist, labels, ka, kb, nkeys, (double)na, (double)nb);
			for (size_t i = 0; i < nkeys; i++)
				free(labels[i]);
			free(labels);
		} else {
			hist_dist(&r->dist, a, na, b, nb, j->o->bins);
		}
	}
out:
	free(keys);
	free(ka);
	free(kb);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void categorical_column(const struct job *j, size_t ci)
{
	struct drift_colres *r = &j->res[ci];
	const struct dtable_col *rc = j->rc[ci], *cc = j->cc[ci];
	size_t k = rc->ncats, cap = rc->ncats + cc->ncats + 1;
	char **keys = xmalloc(cap * sizeof(char *)), **sorted = xmalloc(cap * sizeof(char *));
	uint32_t *cmap = xmalloc((cc->ncats + 1) * sizeof(uint32_t));
	double *rn = xcalloc(cap, sizeof(double)), *cn = xcalloc(cap, sizeof(double));
	double *rs = xcalloc(cap, sizeof(double)), *cs = xcalloc(cap, sizeof(double));
	size_t *rank = xmalloc(cap * sizeof(size_t));

	for (size_t i = 0; i < rc->ncats; i++)
		keys[i] = rc->cats[i];
	for (size_t i = 0; i < cc->ncats; i++) {
		uint32_t id = dtable_lookup(rc, cc->cats[i], strlen(cc->cats[i]));

		if (id == DTAB_MISSING) {
			id = (uint32_t)k;
			keys[k++] = cc->cats[i];
		}
		cmap[i] = id;
	}
	for (size_t i = 0; i < j->ref->nrows; i++)
		if (rc->id[i] != DTAB_MISSING) {
			rn[rc->id[i]]++;
			r->n_ref++;
		}
	for (size_t i = 0; i < j->cur->nrows; i++)
		if (cc->id[i] != DTAB_MISSING) {
			cn[cmap[cc->id[i]]]++;
			r->n_cur++;
		}
	/* categories in sorted order, as Python's sorted() orders strings */
	memcpy(sorted, keys, k * sizeof(char *));
	qsort(sorted, k, sizeof(char *), cmp_str);
	for (size_t i = 0; i < k; i++) {
		char **p = bsearch(&keys[i], sorted, k, sizeof(char *), cmp_str);

		rank[i] = (size_t)(p - sorted);
	}
	for (size_t i = 0; i < k; i++) {
		rs[rank[i]] = rn[i];
		cs[rank[i]] = cn[i];
	}
	r->categorical = 1;
	if (!r->n_ref || !r->n_cur) {
		r->skipped = 1;
	} else {
		size_t nvalues = 0;

		for (size_t i = 0; i < k; i++)
			nvalues += rs[i] > 0 || cs[i] > 0;
		if (r->test == DRIFT_AUTO)
			r->test = default_test(j, 1, nvalues);
		cat_test(r, rs, cs, k);
		if (j->o->want_dist)
			label_dist(&r->dist, sorted, rs, cs, k, (double)r->n_ref, (double)r->n_cur);
	}
	free(keys);
	free(sorted);
	free(cmap);
	free(rn);
	free(cn);
	free(rs);
	free(cs);
	free(rank);
}

static void run_slice(void *ctx, size_t begin, size_t end, int thread)
{
	const struct job *j = ctx;
	size_t cap = (j->ref->nrows > j->cur->nrows ? j->ref->nrows : j->cur->nrows) + 1;
	struct scratch w;

	(void)thread;
	for (int k = 0; k < 3; k++)
		w.buf[k] = xmalloc_huge(cap, sizeof(double));
	for (size_t i = begin; i < end; i++) {
		if (!j->cc[i])
			j->res[i].missing = 1;
		else if (j->rc[i]->numeric)
			numeric_column(j, i, &w);
		else
			categorical_column(j, i);
	}
	for (int k = 0; k < 3; k++)
		free(w.buf[k]);
}

static int by_p(const void *x, const void *y, void *ctx)
{
	const struct drift_colres *c = ctx;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	if (c[a].score != c[b].score)
		return c[a].score < c[b].score ? -1 : 1;
	return (a > b) - (a < b);
}

void drift_decide(struct drift_result *r, double drift_share, enum drift_correction corr)
{
	size_t m = 0, *ord = xmalloc((r->n + 1) * sizeof(size_t));

	for (size_t i = 0; i < r->n; i++)
		if (!r->cols[i].skipped && !r->cols[i].missing && !r->cols[i].multivariate &&
		    r->cols[i].pvalue &&
		    !isnan(r->cols[i].score))
			ord[m++] = i;
	if (corr == DRIFT_CORR_BONFERRONI) {
		for (size_t i = 0; i < m; i++)
			r->cols[ord[i]].threshold /= (double)m;
	} else if (corr == DRIFT_CORR_BH && m > 0) {
		size_t kstar = 0;

		qsort_r(ord, m, sizeof(size_t), by_p, r->cols);
		for (size_t k = 1; k <= m; k++) {
			const struct drift_colres *c = &r->cols[ord[k - 1]];

			if (c->score < c->threshold * (double)k / (double)m)
				kstar = k;
		}
		for (size_t i = 0; i < m; i++)
			r->cols[ord[i]].threshold *= (double)(kstar ? kstar : 1) / (double)m;
	}
	free(ord);
	r->ntested = r->ndrift = r->nmv = r->nmv_drift = 0;
	for (size_t i = 0; i < r->n; i++) {
		struct drift_colres *c = &r->cols[i];

		if (c->multivariate) {
			r->nmv += !c->skipped;
			r->nmv_drift += (size_t)c->drift;
			continue;
		}
		if (c->missing || (c->skipped && c->n_ref > 0 && c->n_cur == 0)) {
			/* the current data lost the column, or all its values */
			c->drift = 1;
			r->ntested++;
			r->ndrift++;
			continue;
		}
		if (c->skipped) {
			c->drift = 0;
			continue;
		}
		c->drift = c->pvalue ? c->score < c->threshold : c->score >= c->threshold;
		r->ntested++;
		r->ndrift += (size_t)c->drift;
	}
	r->share = r->ntested ? (double)r->ndrift / (double)r->ntested : 0;
	r->drift_share = drift_share;
	r->correction = corr;
	r->dataset_drift = (r->ntested > 0 && r->share >= drift_share) || r->nmv_drift > 0;
}

int drift_run(struct dtable *ref, struct dtable *cur, const char *const *names, size_t nnames,
	      const struct drift_opts *o, struct drift_result *r)
{
	struct job j = { ref, cur, NULL, NULL, o, NULL };
	size_t n = 0;

	memset(r, 0, sizeof(*r));
	if (!names)
		nnames = ref->ncols;
	j.rc = xcalloc(nnames + 1, sizeof(*j.rc));
	j.cc = xcalloc(nnames + 1, sizeof(*j.cc));
	for (size_t i = 0; i < nnames; i++) {
		const char *name = names ? names[i] : ref->cols[i].name;
		struct dtable_col *rc = dtable_column(ref, name), *cc = dtable_column(cur, name);

		if (rc && !cc) {
			pc_warn("%s: no column '%s': counted as drifted", cur->name, name);
		} else if (!rc) {
			free(j.rc);
			free(j.cc);
			return pc_error("%s: no column '%s'", ref->name, name);
		}
		j.rc[n] = rc;
		j.cc[n] = cc;
		n++;
	}
	j.res = r->cols = xcalloc(n + 1, sizeof(*r->cols));
	r->n = n;
	for (size_t i = 0; i < n; i++) {
		struct drift_colres *c = &r->cols[i];
		const struct drift_colopt *co = colopt(o, j.rc[i]->name);
		double thr = co && !isnan(co->threshold) ? co->threshold : o->threshold;
		int want_cat = co && co->kind == DRIFT_KIND_CAT;

		c->name = xstrdup(j.rc[i]->name);
		c->test = co && co->test != DRIFT_AUTO ? co->test : o->test;
		if (!j.cc[i])
			continue;
		if (j.rc[i]->numeric != j.cc[i]->numeric) {
			dtable_to_categorical(j.rc[i], ref->nrows);
			dtable_to_categorical(j.cc[i], cur->nrows);
		}
		if (!j.rc[i]->numeric && co && co->kind == DRIFT_KIND_NUM) {
			pc_error("column '%s' is configured numerical but holds text", c->name);
			goto fail;
		}
		if ((!j.rc[i]->numeric || want_cat) &&
		    (c->test == DRIFT_KS || c->test == DRIFT_WASSERSTEIN)) {
			pc_error("column '%s': test %s needs a numerical column", c->name,
				 drift_test_name(c->test));
			goto fail;
		}
		c->threshold = thr;
	}
	parallel_for(n, o->threads > 0 ? o->threads : 1, run_slice, &j);
	for (size_t i = 0; i < n; i++) {
		struct drift_colres *c = &r->cols[i];

		c->pvalue = is_pvalue_test(c->test);
		if (isnan(c->threshold))
			c->threshold = c->pvalue ? 0.05 : 0.1;
	}
	free(j.rc);
	free(j.cc);
	drift_decide(r, o->drift_share, o->correction);
	return 0;
fail:
	free(j.rc);
	free(j.cc);
	drift_result_free(r);
	return -1;
}

void drift_result_free(struct drift_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct drift_colres *c = &r->cols[i];

		free(c->name);
		if (c->dist.labels)
			for (size_t k = 0; k < c->dist.n; k++)
				free(c->dist.labels[k]);
		free(c->dist.labels);
		free(c->dist.edges);
		free(c->dist.ref);
		free(c->dist.cur);
	}
	free(r->cols);
	memset(r, 0, sizeof(*r));
}
