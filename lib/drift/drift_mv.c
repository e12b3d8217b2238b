/* drift_mv: multivariate drift between tensor streams; see drift_mv.h. */
#include "drift/drift_mv.h"
#include "drift/dsort.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "formats/pct.h"
#include "base/rng.h"
#include "drift/stats.h"
#include "base/xalloc.h"

#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* rng streams drawn from the seed */
#define STREAM_RESERVOIR 1    /* + side */
#define STREAM_MMD_ROWS 3     /* + side */
#define STREAM_SPLIT 5
#define STREAM_EPOCH 10       /* + epoch */
#define STREAM_PERM 1000      /* + permutation */

#define HASH_BITS 20          /* classifier weights: indices folded modulo 2^20 */

void drift_mv_opts_init(struct drift_mv_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->permutations = 200;
	o->alpha = 0.05;
	o->auc_bound = 0.75;
	o->max_rows = 20000;
	o->mmd_rows = 1000;
	o->epochs = 5;
	o->threads = 1;
}

int drift_mv_test_parse(const char *s, enum drift_mv_test *t)
{
	if (!strcmp(s, "auto"))
		*t = DMV_AUTO;
	else if (!strcmp(s, "classifier"))
		*t = DMV_CLASSIFIER;
	else if (!strcmp(s, "mmd"))
		*t = DMV_MMD;
	else
		return -1;
	return 0;
}

int drift_mv_is_stream(const char *path)
{
	char buf[8];
	int fd, ok;

	if (!path || !strcmp(path, "-"))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ok = read(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf) && !memcmp(buf, PCT_MAGIC, 8);
	close(fd);
	return ok;
}

/* ---- reading: a reservoir sample of rows, and the dense part's moments ---- */

struct side {
	uint32_t dense, sparse;
	uint64_t total;          /* rows in the stream */
	size_t n, cap;           /* rows kept */
	float *x;                /* cap x dense */
	uint32_t *nnz, **idx;
	float **val;
	double *mean, *m2;       /* Welford over every row */
};

static int read_side(const char *path, int which, const struct drift_mv_opts *o, struct side *s)
{
	struct pct_reader *rd = pct_open(path);
	struct pct_row row;
	struct rng rng;
	int m;

	memset(s, 0, sizeof(*s));
	if (!rd)
		return -1;
	s->dense = pct_header(rd)->dense;
	s->sparse = pct_header(rd)->sparse;
	s->cap = (size_t)o->max_rows;
	s->x = xcalloc(s->cap * s->dense + 1, sizeof(float));
	s->nnz = xcalloc(s->cap, sizeof(uint32_t));
	s->idx = xcalloc(s->cap, sizeof(uint32_t *));
	s->val = xcalloc(s->cap, sizeof(float *));
	s->mean = xcalloc(s->dense + 1, sizeof(double));
	s->m2 = xcalloc(s->dense + 1, sizeof(double));
	rng_stream(&rng, o->seed, STREAM_RESERVOIR + (uint64_t)which);
	while ((m = pct_next(rd, &row)) == 1) {
		uint64_t t = s->total++;
		size_t slot = t < s->cap ? (size_t)t : (size_t)rng_below(&rng, t + 1);

		for (uint32_t k = 0; k < s->dense; k++) {
			double v = row.dense[k], d = v - s->mean[k];

			s->mean[k] += d / (double)(t + 1);
			s->m2[k] += d * (v - s->mean[k]);
		}
		if (slot >= s->cap)
			continue;
		s->n = t < s->cap ? (size_t)t + 1 : s->cap;
		if (s->dense)
			memcpy(s->x + slot * s->dense, row.dense, s->dense * sizeof(float));
		s->idx[slot] = xreallocarray(s->idx[slot], row.nnz + 1, sizeof(uint32_t));
		s->val[slot] = xreallocarray(s->val[slot], row.nnz + 1, sizeof(float));
		if (row.nnz) {
			memcpy(s->idx[slot], row.idx, row.nnz * sizeof(uint32_t));
			memcpy(s->val[slot], row.val, row.nnz * sizeof(float));
		}
		s->nnz[slot] = row.nnz;
	}
	pct_close(rd);
	return m < 0 ? -1 : 0;
}

static void free_side(struct side *s)
{
	for (size_t i = 0; i < s->cap; i++) {
		free(s->idx[i]);
		free(s->val[i]);
	}
	free(s->x);
	free(s->nnz);
	free(s->idx);
	free(s->val);
	free(s->mean);
	free(s->m2);
}

/* ---- MMD ---- */

struct mmd_job {
	const double *z;
	size_t m, n, N, d;
	double *k;               /* N x N: squared distances, then kernel values */
	const double *obs;
	uint64_t seed;
	double *stat;            /* per permutation */
};

static void dist_rows(void *ctx, size_t begin, size_t end, int thread)
{
	struct mmd_job *j = ctx;

	(void)thread;
	for (size_t a = begin; a < end; a++)
		for (size_t b = a + 1; b < j->N; b++) {
			const double *x = j->z + a * j->d, *y = j->z + b * j->d;
			double s = 0;

			for (size_t c = 0; c < j->d; c++)
				s += (x[c] - y[c]) * (x[c] - y[c]);
			j->k[a * j->N + b] = s;
		}
}

/* Unbiased MMD^2 of the kernel matrix (upper triangle) under the grouping g. */
static double mmd_stat(const struct mmd_job *j, const unsigned char *g)
{
	double s[3] = { 0, 0, 0 };   /* both in X, one in each, both in Y */
	double m = (double)j->m, n = (double)j->n;

	for (size_t a = 0; a < j->N; a++) {
		const double *row = j->k + a * j->N;
		double acc[2] = { 0, 0 };

		for (size_t b = a + 1; b < j->N; b++)
			acc[g[b]] += row[b];
		s[g[a]] += acc[0];
		s[g[a] + 1] += acc[1];
	}
	/* each unordered pair once: the ordered sums are twice these */
	return 2 * s[0] / (m * (m - 1)) + 2 * s[2] / (n * (n - 1)) - 2 * s[1] / (m * n);
}

static void perm_slice(void *ctx, size_t begin, size_t end, int thread)
{
	struct mmd_job *j = ctx;
	size_t *ord = xmalloc(j->N * sizeof(size_t));
	unsigned char *g = xmalloc(j->N);

	(void)thread;
	for (size_t p = begin; p < end; p++) {
		struct rng r;

		rng_stream(&r, j->seed, STREAM_PERM + (uint64_t)p);
		for (size_t i = 0; i < j->N; i++)
			ord[i] = i;
		rng_shuffle(&r, ord, j->N, sizeof(size_t));
		for (size_t i = 0; i < j->N; i++)
			g[ord[i]] = i >= j->m;
		j->stat[p] = mmd_stat(j, g);
	}
	free(ord);
	free(g);
}

void drift_mv_mmd(const double *z, size_t m, size_t n, size_t d, long permutations,
	     uint64_t seed, int threads, struct drift_mv_mmd *out)
{
	size_t N = m + n, npair = N * (N - 1) / 2, k = 0, ge = 0;
	struct mmd_job j = { z, m, n, N, d, xcalloc(N * N, sizeof(double)), NULL, seed, NULL };
	double *pairs = xmalloc(npair * sizeof(double)), *scr = xmalloc(npair * sizeof(double));
	unsigned char *g = xmalloc(N);
	double med, s2;

	parallel_for(N, threads, dist_rows, &j);
	for (size_t a = 0; a < N; a++)
		for (size_t b = a + 1; b < N; b++)
			pairs[k++] = j.k[a * N + b];
	dsort(pairs, npair, scr);
	med = npair % 2 ? sqrt(pairs[npair / 2]) :
	      (sqrt(pairs[npair / 2 - 1]) + sqrt(pairs[npair / 2])) / 2;
	free(pairs);
	free(scr);
	out->sigma = med;
	if (!(med > 0)) {
		out->mmd2 = 0;
		out->p = 1;
		free(j.k);
		free(g);
		return;
	}
	s2 = 2 * med * med;
	for (size_t a = 0; a < N; a++)
		for (size_t b = a + 1; b < N; b++)
			j.k[a * N + b] = exp(-j.k[a * N + b] / s2);
	for (size_t i = 0; i < N; i++)
		g[i] = i >= m;
	out->mmd2 = mmd_stat(&j, g);
	j.stat = xmalloc(((size_t)permutations + 1) * sizeof(double));
	parallel_for((size_t)permutations, threads, perm_slice, &j);
	for (long p = 0; p < permutations; p++)
		ge += j.stat[p] >= out->mmd2;
	out->p = (1.0 + (double)ge) / (1.0 + (double)permutations);
	free(j.stat);
	free(j.k);
	free(g);
}

/* ---- AUC ---- */

struct scored {
	double s;
	size_t i;
};

static int by_score(const void *x, const void *y)
{
	const struct scored *a = x, *b = y;

	if (a->s != b->s)
		return a->s < b->s ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

double drift_mv_auc(const double *score, const unsigned char *pos, size_t n, double *p)
{
	struct scored *v = xmalloc((n + 1) * sizeof(*v));
	double n1 = 0, r1 = 0, ties = 0, n0, u, mu, sd, N = (double)n;

	for (size_t i = 0; i < n; i++) {
		v[i].s = score[i];
		v[i].i = i;
		n1 += pos[i] != 0;
	}
	n0 = N - n1;
	qsort(v, n, sizeof(*v), by_score);
	for (size_t a = 0; a < n;) {
		size_t b = a;
		double rank, t;

		while (b < n && v[b].s == v[a].s)
			b++;
		rank = ((double)a + 1 + (double)b) / 2;   /* mid-rank of ranks a+1..b */
		t = (double)(b - a);
		ties += t * t * t - t;
		for (size_t c = a; c < b; c++)
			if (pos[v[c].i])
				r1 += rank;
		a = b;
	}
	free(v);
	u = r1 - n1 * (n1 + 1) / 2;
	mu = n0 * n1 / 2;
	sd = sqrt(n0 * n1 / 12 * ((N + 1) - ties / (N * (N - 1))));
	*p = sd > 0 ? stats_ndtr(-((u - mu - 0.5) / sd)) : 1;
	return u / (n0 * n1);
}

/* ---- domain classifier ---- */

struct example {
	const uint32_t *idx;
	const float *val;
	uint32_t nnz;
	double scale;            /* 1 / L2 norm */
	unsigned char y;
};

static double dot(const double *w, const struct example *e, uint32_t mask)
{
	double z = 0;

	for (uint32_t k = 0; k < e->nnz; k++)
		z += w[e->idx[k] & mask] * e->val[k] * e->scale;
	return z;
}

static void classifier(const struct side *rs, const struct side *cs, const struct drift_mv_opts *o,
		       struct drift_colres *c)
{
	size_t n = rs->n + cs->n, ntr = 0, nte = 0, ntr_c[2] = { 0, 0 }, nte_c[2] = { 0, 0 };
	struct example *ex = xcalloc(n + 1, sizeof(*ex));
	size_t *tr = xmalloc((n + 1) * sizeof(size_t)), *te = xmalloc((n + 1) * sizeof(size_t));
	uint32_t width = rs->sparse > cs->sparse ? rs->sparse : cs->sparse;
	uint32_t size = width < (1u << HASH_BITS) ? width : 1u << HASH_BITS;
	uint32_t mask = size - 1;
	double *w, b = 0, *score;
	unsigned char *pos;
	struct rng r;
	size_t t = 0;

	/* a power-of-two table so that folding is a mask */
	while (mask & (mask + 1))
		mask |= mask >> 1;
	w = xcalloc((size_t)mask + 1, sizeof(double));
	rng_stream(&r, o->seed, STREAM_SPLIT);
	for (size_t i = 0; i < n; i++) {
		const struct side *s = i < rs->n ? rs : cs;
		size_t k = i < rs->n ? i : i - rs->n;
		double nn = 0;

		ex[i].idx = s->idx[k];
		ex[i].val = s->val[k];
		ex[i].nnz = s->nnz[k];
		ex[i].y = s == cs;
		for (uint32_t q = 0; q < ex[i].nnz; q++)
			nn += (double)ex[i].val[q] * ex[i].val[q];
		ex[i].scale = nn > 0 ? 1 / sqrt(nn) : 0;
		if (rng_uniform(&r) < 0.5) {
			tr[ntr++] = i;
			ntr_c[ex[i].y]++;
		} else {
			te[nte++] = i;
			nte_c[ex[i].y]++;
		}
	}
	if (!ntr_c[0] || !ntr_c[1] || !nte_c[0] || !nte_c[1]) {
		c->skipped = 1;
		goto out;
	}
	for (long e = 0; e < o->epochs; e++) {
		double eta = 0.5 / (1.0 + (double)e);

		rng_stream(&r, o->seed, STREAM_EPOCH + (uint64_t)e);
		rng_shuffle(&r, tr, ntr, sizeof(size_t));
		for (size_t q = 0; q < ntr; q++, t++) {
			const struct example *x = &ex[tr[q]];
			double z = dot(w, x, mask) + b, pr = 1 / (1 + exp(-z));
			double cw = (double)ntr / (2.0 * (double)ntr_c[x->y]);
			double gr = eta * cw * (pr - x->y);

			for (uint32_t k = 0; k < x->nnz; k++)
				w[x->idx[k] & mask] -= gr * x->val[k] * x->scale;
			b -= gr;
		}
	}
	score = xmalloc(nte * sizeof(double));
	pos = xmalloc(nte);
	for (size_t q = 0; q < nte; q++) {
		score[q] = dot(w, &ex[te[q]], mask) + b;
		pos[q] = ex[te[q]].y;
	}
	c->statistic = drift_mv_auc(score, pos, nte, &c->score);
	c->drift = c->score < c->threshold || c->statistic >= o->auc_bound;
	free(score);
	free(pos);
out:
	free(w);
	free(ex);
	free(tr);
	free(te);
}

/* ---- MMD on the streams ---- */

/* Indices of k rows out of n, drawn from the seed (all of them, in order, when k >= n). */
static size_t *pick(size_t n, size_t k, uint64_t seed, uint64_t stream)
{
	size_t *ix = xmalloc((n + 1) * sizeof(size_t));
	struct rng r;

	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	if (k >= n)
		return ix;
	rng_stream(&r, seed, stream);
	for (size_t i = 0; i < k; i++) {
		size_t q = i + (size_t)rng_below(&r, n - i), t = ix[i];

		ix[i] = ix[q];
		ix[q] = t;
	}
	return ix;
}

static void mmd_streams(const struct side *rs, const struct side *cs, const struct drift_mv_opts *o,
			struct drift_colres *c)
{
	size_t d = rs->dense, k = (size_t)o->mmd_rows;
	size_t m = rs->n < k ? rs->n : k, n = cs->n < k ? cs->n : k;
	size_t *ir, *ic;
	double *z, *sd;
	struct drift_mv_mmd res;

	if (m < 2 || n < 2) {
		c->skipped = 1;
		return;
	}
	ir = pick(rs->n, m, o->seed, STREAM_MMD_ROWS);
	ic = pick(cs->n, n, o->seed, STREAM_MMD_ROWS + 1);
	sd = xmalloc((d + 1) * sizeof(double));
	for (size_t q = 0; q < d; q++) {
		sd[q] = sqrt(rs->m2[q] / (double)rs->total);
		if (!(sd[q] > 0))
			sd[q] = 1;
	}
	z = xmalloc(((m + n) * d + 1) * sizeof(double));
	for (size_t i = 0; i < m + n; i++) {
		const float *x = i < m ? rs->x + ir[i] * d : cs->x + ic[i - m] * d;

		for (size_t q = 0; q < d; q++)
			z[i * d + q] = ((double)x[q] - rs->mean[q]) / sd[q];
	}
	drift_mv_mmd(z, m, n, d, o->permutations, o->seed, o->threads, &res);
	c->statistic = res.mmd2;
	c->score = res.p;
	c->drift = c->score < c->threshold;
	free(z);
	free(sd);
	free(ir);
	free(ic);
}

int drift_mv_run(const char *ref, const char *cur, const struct drift_mv_opts *o,
	    struct drift_result *r)
{
	struct side rs, cs;
	int do_mmd, do_clf, ret = -1;

	memset(r, 0, sizeof(*r));
	if (read_side(ref, 0, o, &rs) < 0) {
		free_side(&rs);
		return -1;
	}
	if (read_side(cur, 1, o, &cs) < 0)
		goto out;
	if (rs.dense != cs.dense) {
		pc_error("%s: dense width %u, but %s has %u", cur, cs.dense, ref, rs.dense);
		goto out;
	}
	if (!rs.total || !cs.total) {
		/* a verdict about nothing would be a lie */
		pc_error("%s: no rows to compare", rs.total ? cur : ref);
		goto out;
	}
	do_mmd = rs.dense > 0 && o->test != DMV_CLASSIFIER;
	do_clf = (rs.sparse > 0 || cs.sparse > 0) && o->test != DMV_MMD;
	if (o->test == DMV_MMD && !rs.dense) {
		pc_error("%s: no dense part: the MMD test needs one", ref);
		goto out;
	}
	if (o->test == DMV_CLASSIFIER && !do_clf) {
		pc_error("%s: no sparse part: the domain classifier needs one", ref);
		goto out;
	}
	r->cols = xcalloc(3, sizeof(*r->cols));
	if (do_mmd) {
		struct drift_colres *c = &r->cols[r->n++];

		c->name = xstrdup("multivariate:dense");
		c->test = DRIFT_MMD;
		c->threshold = o->alpha;
		mmd_streams(&rs, &cs, o, c);
	}
	if (do_clf) {
		struct drift_colres *c = &r->cols[r->n++];

		c->name = xstrdup("multivariate:sparse");
		c->test = DRIFT_CLASSIFIER;
		c->threshold = o->alpha;
		classifier(&rs, &cs, o, c);
	}
	for (size_t i = 0; i < r->n; i++) {
		struct drift_colres *c = &r->cols[i];

		c->multivariate = 1;
		c->pvalue = 1;
		c->threshold = o->alpha;
		c->n_ref = (size_t)rs.total;
		c->n_cur = (size_t)cs.total;
		if (c->skipped)
			c->drift = 0;
	}
	drift_decide(r, 0.5, DRIFT_CORR_NONE);
	ret = 0;
out:
	free_side(&rs);
	free_side(&cs);
	return ret;
}
