/* linsvm: exact linear SVM by dual coordinate descent; see linsvm.h. */
#include "model/linsvm.h"
#include "base/parallel.h"
#include "base/rng.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The classes of a slice are solved together: a pass visits the active rows once, in an
 * order drawn from the seed for that pass (the same for every class), and each row is
 * read once for all the slice's classes, whose weights lie side by side (w[f * g + k]).
 * A class's updates depend only on the rows' order and its own state, so the weights do
 * not depend on how the classes are sliced over threads.  Each class shrinks its own
 * active rows and stops on its own.
 */
struct group {
	int c0, g;                /* classes c0 .. c0 + g - 1 */
	int gs;                   /* group_width(g): the stride of w */
	float *w;                 /* (nf + 1) x gs, the last row the biases; columns g.. 0 */
	double *alpha;            /* m x g */
};

/*
 * The sums over a row's entries, w[f] * v, run on vectors of 4, 8 or 16 floats (a
 * group's classes padded to 4 or a multiple of 8; past 64, the plain loop) with the
 * accumulators held in registers: each class's sum is still bias + w1 v1 + w2 v2 + ... in
 * the entries' order, in float, and the build never fuses a multiply and an add
 * (-ffp-contract=off), so the results are those of the plain loop whatever the width and
 * the instructions.  The loops over the vectors are unrolled: rolled, GCC keeps the
 * accumulators on the stack, and each entry waits on a store for every vector.  On x86-64
 * the wide kernels are compiled for AVX-512, AVX2 and the baseline, chosen when the
 * program starts (a vector of 16 is then one instruction, not four).
 */
#if defined(HAVE_TARGET_CLONES) && defined(__x86_64__)
#define SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SIMD_CLONES
#endif
#define EACH_VECTOR(nv) _Pragma("GCC unroll 8") for (int q = 0; q < (nv); q++)

typedef float v4 __attribute__((vector_size(16)));
typedef float v4u __attribute__((vector_size(16), aligned(4)));
typedef float v8 __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4)));
typedef float v16 __attribute__((vector_size(64)));
typedef float v16u __attribute__((vector_size(64), aligned(4)));

typedef void (*dot_fn)(const float *W, size_t gs, const uint32_t *idx, const float *val,
		       uint64_t n, const float *bias, float *out);
typedef void (*axpy_fn)(float *W, size_t gs, const uint32_t *idx, const float *val,
			uint64_t n, const float *delta);

/* dotL_NV and axpyL_NV: NV vectors of L floats */
#define ROW_KERNELS(L, NV) \
SIMD_CLONES static void dot##L##_##NV(const float *W, size_t gs, const uint32_t *idx, \
				      const float *val, uint64_t n, const float *bias, float *out) \
{ \
	v##L a[NV]; \
	EACH_VECTOR(NV) \
		a[q] = *(const v##L##u *)(bias + L * q); \
	for (uint64_t e = 0; e < n; e++) { \
		const float *w = W + (size_t)idx[e] * gs; \
		EACH_VECTOR(NV) \
			a[q] += *(const v##L##u *)(w + L * q) * val[e]; \
	} \
	EACH_VECTOR(NV) \
		*(v##L##u *)(out + L * q) = a[q]; \
} \
SIMD_CLONES static void axpy##L##_##NV(float *W, size_t gs, const uint32_t *idx, \
				       const float *val, uint64_t n, const float *delta) \
{ \
	v##L d[NV]; \
	EACH_VECTOR(NV) \
		d[q] = *(const v##L##u *)(delta + L * q); \
	for (uint64_t e = 0; e < n; e++) { \
		float *w = W + (size_t)idx[e] * gs; \
		EACH_VECTOR(NV) \
			*(v##L##u *)(w + L * q) = *(v##L##u *)(w + L * q) + d[q] * val[e]; \
	} \
}
ROW_KERNELS(4, 1)
ROW_KERNELS(8, 1)
ROW_KERNELS(8, 3)
ROW_KERNELS(8, 5)
ROW_KERNELS(8, 7)
ROW_KERNELS(16, 1)
ROW_KERNELS(16, 2)
ROW_KERNELS(16, 3)
ROW_KERNELS(16, 4)

/* Any width: the accumulators in memory. */
static void dot_any(const float *W, size_t gs, const uint32_t *idx, const float *val,
		    uint64_t n, const float *bias, float *out)
{
	memcpy(out, bias, gs * sizeof(float));
	for (uint64_t e = 0; e < n; e++) {
		const float *restrict w = W + (size_t)idx[e] * gs;
		float v = val[e];

		for (size_t k = 0; k < gs; k++)
			out[k] += w[k] * v;
	}
}

static void axpy_any(float *W, size_t gs, const uint32_t *idx, const float *val, uint64_t n,
		     const float *delta)
{
	for (uint64_t e = 0; e < n; e++) {
		float *restrict w = W + (size_t)idx[e] * gs;
		float v = val[e];

		for (size_t k = 0; k < gs; k++)
			w[k] += delta[k] * v;
	}
}

/* The width of a group of g classes: 4, or a multiple of 8 (vectors of 16 when it is a
 * multiple of 16, of 8 otherwise). */
static int group_width(int g)
{
	return g <= 4 ? 4 : (g + 7) & ~7;
}

static dot_fn pick_dot(int gs)
{
	static const dot_fn by8[9] = { dot_any, dot8_1, dot16_1, dot8_3, dot16_2, dot8_5,
				       dot16_3, dot8_7, dot16_4 };

	return gs == 4 ? dot4_1 : gs / 8 <= 8 ? by8[gs / 8] : dot_any;
}

static axpy_fn pick_axpy(int gs)
{
	static const axpy_fn by8[9] = { axpy_any, axpy8_1, axpy16_1, axpy8_3, axpy16_2, axpy8_5,
					axpy16_3, axpy8_7, axpy16_4 };

	return gs == 4 ? axpy4_1 : gs / 8 <= 8 ? by8[gs / 8] : axpy_any;
}

struct linsvm {
	const struct dataset *d;
	const size_t *idx;        /* the problem's rows in d */
	size_t m;
	uint32_t nf;              /* features: d's sparse width */
	int classes, ngroups;
	int consistent;           /* the weights are those of the alphas */
	double *sq;               /* |x_j|^2 + 1 (the bias feature) */
	int *y;                   /* m classes */
	struct group *grp;
};

struct linsvm *linsvm_new(const struct dataset *d, const size_t *idx, size_t m, int classes,
			  int threads)
{
	struct linsvm *s = xcalloc(1, sizeof(*s));

	if (threads < 1)
		threads = 1;
	if (threads > classes)
		threads = classes;
	s->d = d;
	s->idx = idx;
	s->m = m;
	s->nf = dataset_sparse(d);
	s->classes = classes;
	s->ngroups = threads;
	s->sq = xmalloc((m + 1) * sizeof(*s->sq));
	s->y = xmalloc((m + 1) * sizeof(*s->y));
	for (size_t j = 0; j < m; j++) {
		double sq = 1.0;

		for (uint64_t e = d->sp_off[idx[j]]; e < d->sp_off[idx[j] + 1]; e++)
			sq += (double)d->sp_val[e] * d->sp_val[e];
		s->sq[j] = sq;
		s->y[j] = d->y[idx[j]];
	}
	s->grp = xcalloc((size_t)threads, sizeof(*s->grp));
	for (int t = 0; t < threads; t++) {
		struct group *G = &s->grp[t];

		G->c0 = (int)((long)classes * t / threads);
		G->g = (int)((long)classes * (t + 1) / threads) - G->c0;
		G->gs = group_width(G->g);
		G->w = xcalloc_huge(((size_t)s->nf + 1) * (size_t)G->gs, sizeof(float));
		G->alpha = xcalloc(m * (size_t)G->g + 1, sizeof(double));
	}
	s->consistent = 1;
	return s;
}

void linsvm_free(struct linsvm *s)
{
	if (!s)
		return;
	for (int t = 0; t < s->ngroups; t++) {
		free(s->grp[t].w);
		free(s->grp[t].alpha);
	}
	free(s->grp);
	free(s->sq);
	free(s->y);
	free(s);
}

/* Ask for row i's entries (indices and values): the rows are visited in a random order. */
static void prefetch_entries(const struct dataset *d, size_t i)
{
	size_t bytes = (d->sp_off[i + 1] - d->sp_off[i]) * sizeof(float);
	const char *a, *b;

	if (!bytes)
		return;   /* and a dataset without entries has no arrays */
	a = (const char *)(d->sp_idx + d->sp_off[i]);
	b = (const char *)(d->sp_val + d->sp_off[i]);
	for (size_t o = 0; o < bytes; o += 64) {
		__builtin_prefetch(a + o);
		__builtin_prefetch(b + o);
	}
	__builtin_prefetch(a + bytes - 1);
	__builtin_prefetch(b + bytes - 1);
}

/* Ask for the weights a row's entries name, while the current row is worked on: the
 * weights are too large for the caches, and their rows are scattered. */
static void prefetch_weights(const struct group *G, const uint32_t *idx, uint64_t n)
{
	size_t bytes = (size_t)G->g * sizeof(float);

	for (uint64_t e = 0; e < n; e++) {
		uintptr_t p = (uintptr_t)(G->w + (size_t)idx[e] * (size_t)G->gs);

		for (uintptr_t l = p & ~(uintptr_t)63; l < p + bytes; l += 64)
			__builtin_prefetch((const void *)l, 1);
	}
}

/*
 * A block of a pass's rows with their entries copied side by side, in the pass's order.
 * Copied in a tight loop, many rows' reads are in flight at once; worked on, the entries
 * then come in order, which the hardware prefetches on its own.  Visited in place, the
 * rows' random order left each pass waiting on them (about a third of its time).
 */
#define BLOCK_ROWS 256

struct block {
	size_t n;
	uint64_t off[BLOCK_ROWS + 1];
	uint32_t *idx;
	float *val;
	size_t cap;
};

static void block_fill(struct block *b, const struct linsvm *s, const size_t *rows, size_t n)
{
	const struct dataset *d = s->d;
	uint64_t nnz = 0;

	for (size_t r = 0; r < n; r++) {
		size_t i = s->idx[rows[r]];

		if (r + 8 < n)
			__builtin_prefetch(d->sp_off + s->idx[rows[r + 8]]);
		b->off[r] = nnz;
		nnz += d->sp_off[i + 1] - d->sp_off[i];
	}
	b->off[n] = nnz;
	b->n = n;
	if (!b->idx || nnz > b->cap) {
		b->cap = nnz ? nnz : 1;
		b->idx = xreallocarray(b->idx, b->cap, sizeof(*b->idx));
		b->val = xreallocarray(b->val, b->cap, sizeof(*b->val));
	}
	for (size_t r = 0; r < n; r++) {
		size_t i = s->idx[rows[r]];
		uint64_t len = b->off[r + 1] - b->off[r];

		if (r + 4 < n)
			prefetch_entries(d, s->idx[rows[r + 4]]);
		if (!len)
			continue;   /* a dataset without entries has no arrays to copy from */
		memcpy(b->idx + b->off[r], d->sp_idx + d->sp_off[i], len * sizeof(*b->idx));
		memcpy(b->val + b->off[r], d->sp_val + d->sp_off[i], len * sizeof(*b->val));
	}
}

/* Ask for the solver's own data on row j: its alphas, shrinking flags, norm and class. */
static void prefetch_state(const struct linsvm *s, const struct group *G,
			   const unsigned char *out, size_t j)
{
	size_t g = (size_t)G->g;

	__builtin_prefetch(G->alpha + j * g);
	__builtin_prefetch(G->alpha + j * g + g - 1);
	__builtin_prefetch(out + j * g);
	__builtin_prefetch(s->sq + j);
	__builtin_prefetch(s->y + j);
}

struct solve_job {
	struct linsvm *s;
	const unsigned char *active;
	const size_t *act;        /* the active rows' positions */
	size_t nact;
	const struct linsvm_opts *o;
	int *passes;              /* per class */
};

/* Row j's signed alphas times `sign` into coef (g values); 0 when they are all 0. */
static int row_coef(const struct linsvm *s, const struct group *G, size_t j, double sign,
		    double *coef)
{
	const double *a = G->alpha + j * (size_t)G->g;
	int any = 0;

	for (int k = 0; k < G->g; k++) {
		coef[k] = sign * (s->y[j] == G->c0 + k ? a[k] : -a[k]);
		any |= a[k] != 0.0;
	}
	return any;
}

/* Add coef (per class) times row j, its bias feature included, to the weights. */
static void add_row(const struct linsvm *s, struct group *G, size_t j, const double *coef)
{
	const struct dataset *d = s->d;
	size_t g = (size_t)G->g, gs = (size_t)G->gs;
	float *bias = G->w + (size_t)s->nf * gs;

	for (uint64_t e = d->sp_off[s->idx[j]]; e < d->sp_off[s->idx[j] + 1]; e++) {
		float *wf = G->w + (size_t)d->sp_idx[e] * gs;
		double v = d->sp_val[e];

		for (size_t k = 0; k < g; k++)
			wf[k] = (float)(wf[k] + coef[k] * v);
	}
	for (size_t k = 0; k < g; k++)
		bias[k] = (float)(bias[k] + coef[k]);
}

/* Take the rows that are no longer active out of the weights, when the weights are those
 * of the alphas: only their contributions are subtracted. */
static void deactivate(const struct solve_job *J, struct group *G)
{
	const struct linsvm *s = J->s;
	size_t g = (size_t)G->g;
	double *coef = xmalloc(g * sizeof(*coef));

	for (size_t j = 0; J->active && j < s->m; j++) {
		if (J->active[j] || !row_coef(s, G, j, -1.0, coef))
			continue;
		add_row(s, G, j, coef);
		memset(G->alpha + j * g, 0, g * sizeof(double));
	}
	free(coef);
}

/* The weights from the alphas of the active rows (the others' alphas set to 0). */
static void rebuild(const struct solve_job *J, struct group *G)
{
	const struct linsvm *s = J->s;
	size_t g = (size_t)G->g;
	double *coef = xmalloc(g * sizeof(*coef));

	memset(G->w, 0, ((size_t)s->nf + 1) * (size_t)G->gs * sizeof(float));
	for (size_t j = 0; j < s->m; j++) {
		if (J->active && !J->active[j]) {
			memset(G->alpha + j * g, 0, g * sizeof(double));
			continue;
		}
		if (row_coef(s, G, j, 1.0, coef))
			add_row(s, G, j, coef);
	}
	free(coef);
}

static void solve_group(const struct solve_job *J, struct group *G)
{
	const struct linsvm *s = J->s;
	const struct linsvm_opts *o = J->o;
	size_t g = (size_t)G->g, gs = (size_t)G->gs, nf = s->nf;
	int left = G->g, *passes = J->passes + G->c0;
	size_t nvisit, *order = xmalloc((J->nact + 1) * sizeof(*order));
	unsigned char *out = xcalloc(s->m * g + 1, 1);
	float *sum = xcalloc(gs, sizeof(*sum)), *delta = xcalloc(gs, sizeof(*delta));
	dot_fn dot = pick_dot(G->gs);
	axpy_fn axpy = pick_axpy(G->gs);
	double *pgmax_old = xmalloc(g * sizeof(double)), *pgmax = xmalloc(g * sizeof(double));
	double *pgmin = xmalloc(g * sizeof(double));
	int *done = xcalloc(g, sizeof(int));
	size_t *nout = xcalloc(g, sizeof(size_t));
	float *bias = G->w + nf * gs;
	struct block B = { 0 };

	if (s->consistent)
		deactivate(J, G);
	else
		rebuild(J, G);
	for (size_t k = 0; k < g; k++)
		pgmax_old[k] = INFINITY;   /* alpha has no upper bound: one side shrinks */
	for (int pass = 1; pass <= o->max_passes && left; pass++) {
		struct rng r;

		memcpy(order, J->act, J->nact * sizeof(*order));
		rng_stream(&r, o->seed, 0x6c696e73766dULL + (uint64_t)pass);
		rng_shuffle(&r, order, J->nact, sizeof(*order));
		for (size_t k = 0; k < g; k++) {
			pgmax[k] = -INFINITY;
			pgmin[k] = INFINITY;
		}
		/* the rows some class still works on: a class lets a row go only when it visits
		 * it, so the list holds for the whole pass */
		nvisit = 0;
		for (size_t t = 0; t < J->nact; t++) {
			size_t j = order[t];
			int any = 0;

			for (size_t k = 0; k < g; k++)
				any |= !done[k] && !out[j * g + k];
			if (any)
				order[nvisit++] = j;
		}
		for (size_t t = 0; t < nvisit; t++) {
			size_t j = order[t], u = t % BLOCK_ROWS;
			double cost = o->C * (o->class_weight ? o->class_weight[s->y[j]] : 1.0);
			double diag = 0.5 / cost;
			const uint32_t *ri;
			const float *rv;
			uint64_t rn;
			int moved = 0;

			if (!u)
				block_fill(&B, s, order + t, nvisit - t < BLOCK_ROWS ? nvisit - t : BLOCK_ROWS);
			ri = B.idx + B.off[u];
			rv = B.val + B.off[u];
			rn = B.off[u + 1] - B.off[u];
			/* a row's state, then the weights the next row's entries name */
			if (t + 3 < nvisit)
				prefetch_state(s, G, out, order[t + 3]);
			if (u + 1 < B.n)
				prefetch_weights(G, B.idx + B.off[u + 1], B.off[u + 2] - B.off[u + 1]);
			for (size_t k = 0; k < g; k++)
				delta[k] = 0.0f;
			dot(G->w, gs, ri, rv, rn, bias, sum);
			for (size_t k = 0; k < g; k++) {
				size_t jk = j * g + k;
				double yi = s->y[j] == G->c0 + (int)k ? 1.0 : -1.0, a = G->alpha[jk], gr, pg = 0.0;

				if (done[k] || out[jk])
					continue;
				gr = yi * sum[k] - 1.0 + diag * a;
				if (a == 0.0) {
					if (gr > pgmax_old[k]) {
						out[jk] = 1;   /* at its bound and likely to stay */
						nout[k]++;
						continue;
					}
					if (gr < 0.0)
						pg = gr;
				} else {
					pg = gr;
				}
				/* fmax and fmin without their calls: no value here is a NaN */
				pgmax[k] = pgmax[k] > pg ? pgmax[k] : pg;
				pgmin[k] = pgmin[k] < pg ? pgmin[k] : pg;
				if (fabs(pg) > 1e-12) {
					double na = a - gr / (s->sq[j] + diag);

					na = na > 0.0 ? na : 0.0;

					G->alpha[jk] = na;
					delta[k] = (float)((na - a) * yi);
					moved = 1;
				}
			}
			/* a class's step depends on its own weights only: one walk updates all */
			if (moved) {
				axpy(G->w, gs, ri, rv, rn, delta);
				for (size_t k = 0; k < g; k++)
					bias[k] += delta[k];
			}
		}
		for (size_t k = 0; k < g; k++) {
			if (done[k])
				continue;
			passes[k] = pass;
			if (pgmax[k] - pgmin[k] <= o->eps) {
				if (!nout[k]) {
					done[k] = 1;
					left--;
					continue;
				}
				/* converged on the active rows: check all of them once more */
				for (size_t t = 0; t < J->nact; t++)
					out[J->act[t] * g + k] = 0;
				nout[k] = 0;
				pgmax_old[k] = INFINITY;
				continue;
			}
			pgmax_old[k] = pgmax[k] > 0.0 ? pgmax[k] : INFINITY;
		}
	}
	for (size_t k = 0; k < g; k++)
		if (!done[k])
			passes[k] = o->max_passes + 1;
	free(B.idx);
	free(B.val);
	free(order);
	free(out);
	free(sum);
	free(delta);
	free(pgmax_old);
	free(pgmax);
	free(pgmin);
	free(done);
	free(nout);
}

static void solve_slice(void *ctx, size_t begin, size_t end, int thread)
{
	const struct solve_job *J = ctx;

	(void)thread;
	for (size_t t = begin; t < end; t++)
		solve_group(J, &J->s->grp[t]);
}

void linsvm_solve(struct linsvm *s, const unsigned char *active, const struct linsvm_opts *o,
		  struct linsvm_stats *st)
{
	struct solve_job J = { .s = s, .active = active, .o = o };
	size_t *act = xmalloc((s->m + 1) * sizeof(*act));

	for (size_t j = 0; j < s->m; j++)
		if (!active || active[j])
			act[J.nact++] = j;
	J.act = act;
	J.passes = xcalloc((size_t)s->classes, sizeof(*J.passes));
	parallel_for((size_t)s->ngroups, s->ngroups, solve_slice, &J);
	s->consistent = 1;
	memset(st, 0, sizeof(*st));
	for (int c = 0; c < s->classes; c++) {
		if (J.passes[c] > o->max_passes) {
			st->unconverged++;
			J.passes[c] = o->max_passes;
		}
		if (J.passes[c] > st->max_passes_run)
			st->max_passes_run = J.passes[c];
	}
	free(J.passes);
	free(act);
}

struct decision_job {
	const struct linsvm *s;
	const struct dataset *d;
	const size_t *rows;
	size_t k;
	float *out;
};

static void decide_slice(void *ctx, size_t begin, size_t end, int thread)
{
	const struct decision_job *J = ctx;
	const struct linsvm *s = J->s;
	const struct dataset *d = J->d;
	size_t C = (size_t)s->classes;
	float *sum = NULL;

	(void)thread;
	for (size_t t = begin; t < end; t++) {
		const struct group *G = &s->grp[t];
		size_t g = (size_t)G->g, gs = (size_t)G->gs;
		const float *bias = G->w + (size_t)s->nf * gs;
		dot_fn dot = pick_dot(G->gs);

		sum = xreallocarray(sum, gs, sizeof(*sum));
		for (size_t r = 0; r < J->k; r++) {
			size_t i = J->rows[r];

			dot(G->w, gs, d->sp_idx + d->sp_off[i], d->sp_val + d->sp_off[i],
			    d->sp_off[i + 1] - d->sp_off[i], bias, sum);
			memcpy(J->out + r * C + (size_t)G->c0, sum, g * sizeof(float));
		}
	}
	free(sum);
}

void linsvm_decision(const struct linsvm *s, const struct dataset *d, const size_t *rows,
		     size_t k, float *out)
{
	struct decision_job J = { s, d, rows, k, out };

	parallel_for((size_t)s->ngroups, s->ngroups, decide_slice, &J);
}

void linsvm_get_alpha(const struct linsvm *s, double *alpha)
{
	size_t C = (size_t)s->classes;

	for (int t = 0; t < s->ngroups; t++) {
		const struct group *G = &s->grp[t];

		for (size_t j = 0; j < s->m; j++)
			memcpy(alpha + j * C + (size_t)G->c0, G->alpha + j * (size_t)G->g,
			       (size_t)G->g * sizeof(double));
	}
}

void linsvm_set_alpha(struct linsvm *s, const double *alpha)
{
	size_t C = (size_t)s->classes;

	s->consistent = 0;
	for (int t = 0; t < s->ngroups; t++) {
		struct group *G = &s->grp[t];

		for (size_t j = 0; j < s->m; j++)
			memcpy(G->alpha + j * (size_t)G->g, alpha + j * C + (size_t)G->c0,
			       (size_t)G->g * sizeof(double));
	}
}

static int all_zero(const float *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i] != 0.0f)
			return 0;
	return 1;
}

void linsvm_scale_alpha(struct linsvm *s, double f)
{
	for (int t = 0; t < s->ngroups; t++) {
		struct group *G = &s->grp[t];

		for (size_t i = 0; i < s->m * (size_t)G->g; i++)
			G->alpha[i] *= f;
		/* the weights are linear in the alphas */
		for (size_t i = 0; i < ((size_t)s->nf + 1) * (size_t)G->gs; i++)
			G->w[i] = (float)(G->w[i] * f);
	}
}

void linsvm_weights(const struct linsvm *s, float *W, float *b)
{
	size_t C = (size_t)s->classes;

	for (int t = 0; t < s->ngroups; t++) {
		const struct group *G = &s->grp[t];
		size_t g = (size_t)G->g, gs = (size_t)G->gs;

		for (size_t f = 0; f < s->nf; f++) {
			const float *wf = G->w + f * gs;

			if (!all_zero(wf, g))
				memcpy(W + f * C + (size_t)G->c0, wf, g * sizeof(float));
		}
		memcpy(b + G->c0, G->w + (size_t)s->nf * gs, g * sizeof(float));
	}
}

void linsvm_train(const struct dataset *d, const size_t *idx, size_t m, int classes,
		  const struct linsvm_opts *o, float *W, float *b, struct linsvm_stats *st)
{
	struct linsvm *s = linsvm_new(d, idx, m, classes, o->threads);

	linsvm_solve(s, NULL, o, st);
	linsvm_weights(s, W, b);
	linsvm_free(s);
}
