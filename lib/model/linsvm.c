/* linsvm: exact linear SVM by dual coordinate descent; see linsvm.h. */
#include "model/linsvm.h"
#include "base/parallel.h"
#include "base/rng.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The training rows with their features renumbered densely (the weights of one class
 * then fit in cache-friendly memory), shared by every class. */
struct job {
	const struct linsvm_opts *o;
	int classes;
	size_t m, nf;             /* rows, distinct features */
	uint64_t *off;            /* m + 1 */
	uint32_t *idx;            /* dense feature numbers */
	double *val;
	double *sq;               /* |x_i|^2 + 1 (the bias feature) */
	const int *y;             /* m classes */
	const uint32_t *orig;     /* nf original feature numbers */
	float *W, *b;
	int *passes;              /* per class */
};

/*
 * The classes of a slice are solved together: a pass visits the rows once, in an order
 * drawn from the seed for that pass (the same for every class), and each row is read
 * once for all the slice's classes, whose weights lie side by side (w[f * g + k]).  A
 * class's updates depend only on the rows' order and its own state, so the weights do
 * not depend on how the classes are sliced over threads.  Each class shrinks its own
 * active rows and stops on its own.
 */
struct group {
	int c0, g;                /* classes c0 .. c0 + g - 1 */
	double *w;                /* (nf + 1) x g, the last row the biases */
	double *alpha;            /* m x g */
	unsigned char *out;       /* m x g: shrunk out of the active set */
	double *pgmax_old, *pgmax, *pgmin;
	int *done, *passes;       /* per class */
	size_t *nout;             /* per class: rows shrunk out */
};

/* Ask for the weights row i will read, while the current row is worked on: the weights
 * are too large for the caches, and their rows are scattered. */
static void prefetch_row(const struct job *j, const struct group *G, size_t i)
{
	size_t bytes = (size_t)G->g * sizeof(double);

	for (uint64_t e = j->off[i]; e < j->off[i + 1]; e++) {
		const char *p = (const char *)(G->w + (size_t)j->idx[e] * (size_t)G->g);

		for (size_t b = 0; b < bytes; b += 64)
			__builtin_prefetch(p + b, 1);
		__builtin_prefetch(p + bytes - 1, 1);
	}
}

static void solve_group(const struct job *j, struct group *G, size_t *order)
{
	const struct linsvm_opts *o = j->o;
	int g = G->g, left = g;
	double *sum = xmalloc((size_t)g * sizeof(*sum)), *delta = xmalloc((size_t)g * sizeof(*delta));

	for (int k = 0; k < g; k++) {
		G->pgmax_old[k] = INFINITY;   /* alpha has no upper bound: one side shrinks */
	}
	for (int pass = 1; pass <= o->max_passes && left; pass++) {
		struct rng r;

		for (size_t i = 0; i < j->m; i++)
			order[i] = i;
		rng_stream(&r, o->seed, 0x6c696e73766dULL + (uint64_t)pass);
		rng_shuffle(&r, order, j->m, sizeof(*order));
		for (int k = 0; k < g; k++) {
			G->pgmax[k] = -INFINITY;
			G->pgmin[k] = INFINITY;
		}
		for (size_t s = 0; s < j->m; s++) {
			size_t i = order[s];
			double cost = o->C * (o->class_weight ? o->class_weight[j->y[i]] : 1.0);
			double diag = 0.5 / cost;
			int any = 0, moved = 0;

			for (int k = 0; k < g; k++)
				any |= !G->done[k] && !G->out[i * (size_t)g + (size_t)k];
			if (!any)
				continue;
			if (s + 1 < j->m)
				prefetch_row(j, G, order[s + 1]);
			for (int k = 0; k < g; k++) {
				sum[k] = G->w[j->nf * (size_t)g + (size_t)k];
				delta[k] = 0.0;
			}
			for (uint64_t e = j->off[i]; e < j->off[i + 1]; e++) {
				const double *wf = G->w + (size_t)j->idx[e] * (size_t)g;
				double v = j->val[e];

				for (int k = 0; k < g; k++)
					sum[k] += wf[k] * v;
			}
			for (int k = 0; k < g; k++) {
				size_t ik = i * (size_t)g + (size_t)k;
				double yi = j->y[i] == G->c0 + k ? 1.0 : -1.0, a = G->alpha[ik], gr, pg = 0.0;

				if (G->done[k] || G->out[ik])
					continue;
				gr = yi * sum[k] - 1.0 + diag * a;
				if (a == 0.0) {
					if (gr > G->pgmax_old[k]) {
						G->out[ik] = 1;   /* at its bound and likely to stay */
						G->nout[k]++;
						continue;
					}
					if (gr < 0.0)
						pg = gr;
				} else {
					pg = gr;
				}
				G->pgmax[k] = fmax(G->pgmax[k], pg);
				G->pgmin[k] = fmin(G->pgmin[k], pg);
				if (fabs(pg) > 1e-12) {
					double na = fmax(a - gr / (j->sq[i] + diag), 0.0);

					G->alpha[ik] = na;
					delta[k] = (na - a) * yi;
					moved = 1;
				}
			}
			/* a class's step depends on its own weights only: one walk updates all */
			if (moved) {
				for (uint64_t e = j->off[i]; e < j->off[i + 1]; e++) {
					double *wf = G->w + (size_t)j->idx[e] * (size_t)g, v = j->val[e];

					for (int k = 0; k < g; k++)
						wf[k] += delta[k] * v;
				}
				for (int k = 0; k < g; k++)
					G->w[j->nf * (size_t)g + (size_t)k] += delta[k];
			}
		}
		for (int k = 0; k < g; k++) {
			if (G->done[k])
				continue;
			G->passes[k] = pass;
			if (G->pgmax[k] - G->pgmin[k] <= o->eps) {
				if (!G->nout[k]) {
					G->done[k] = 1;
					left--;
					continue;
				}
				/* converged on the active rows: check all of them once more */
				for (size_t i = 0; i < j->m; i++)
					G->out[i * (size_t)g + (size_t)k] = 0;
				G->nout[k] = 0;
				G->pgmax_old[k] = INFINITY;
				continue;
			}
			G->pgmax_old[k] = G->pgmax[k] > 0.0 ? G->pgmax[k] : INFINITY;
		}
	}
	for (int k = 0; k < g; k++)
		if (!G->done[k])
			G->passes[k] = o->max_passes + 1;
	free(sum);
	free(delta);
}

static void solve_slice(void *ctx, size_t begin, size_t end, int thread)
{
	const struct job *j = ctx;
	struct group G;
	size_t g = end - begin, *order = xmalloc((j->m + 1) * sizeof(*order));

	(void)thread;
	if (!g) {
		free(order);
		return;
	}
	G.c0 = (int)begin;
	G.g = (int)g;
	G.w = xcalloc((j->nf + 1) * g, sizeof(*G.w));
	G.alpha = xcalloc(j->m * g + 1, sizeof(*G.alpha));
	G.out = xcalloc(j->m * g + 1, 1);
	G.pgmax_old = xcalloc(g, sizeof(double));
	G.pgmax = xcalloc(g, sizeof(double));
	G.pgmin = xcalloc(g, sizeof(double));
	G.done = xcalloc(g, sizeof(int));
	G.nout = xcalloc(g, sizeof(size_t));
	G.passes = j->passes + begin;
	solve_group(j, &G, order);
	for (size_t k = 0; k < g; k++) {
		for (size_t f = 0; f < j->nf; f++)
			j->W[(size_t)j->orig[f] * (size_t)j->classes + begin + k] = (float)G.w[f * g + k];
		j->b[begin + k] = (float)G.w[j->nf * g + k];
	}
	free(G.w);
	free(G.alpha);
	free(G.out);
	free(G.pgmax_old);
	free(G.pgmax);
	free(G.pgmin);
	free(G.done);
	free(G.nout);
	free(order);
}

/* Features by descending document frequency, then first appearance: the frequent ones
 * get the first rows of the weights, which then stay in cache. */
struct feat_rank {
	uint32_t f, df, first;
};

static int by_frequency(const void *a, const void *b)
{
	const struct feat_rank *x = a, *y = b;

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

void linsvm_train(const struct dataset *d, const size_t *idx, size_t m, int classes,
		  const struct linsvm_opts *o, float *W, float *b, struct linsvm_stats *st)
{
	struct job j = { .o = o, .classes = classes, .m = m, .W = W, .b = b };
	uint32_t *dense = xcalloc(d->h.sparse ? d->h.sparse : 1, sizeof(*dense)), *orig;
	int *y = xmalloc((m + 1) * sizeof(*y));
	struct feat_rank *rank;
	uint64_t nnz = 0;

	for (size_t i = 0; i < m; i++)
		nnz += d->sp_off[idx[i] + 1] - d->sp_off[idx[i]];
	rank = xmalloc((nnz + 1) * sizeof(*rank));
	for (size_t i = 0; i < m; i++)
		for (uint64_t e = d->sp_off[idx[i]]; e < d->sp_off[idx[i] + 1]; e++) {
			uint32_t f = d->sp_idx[e];

			if (!dense[f]) {
				rank[j.nf] = (struct feat_rank){ f, 0, (uint32_t)j.nf };
				dense[f] = (uint32_t)++j.nf;
			}
			rank[dense[f] - 1].df++;
		}
	qsort(rank, j.nf, sizeof(*rank), by_frequency);
	orig = xmalloc((j.nf + 1) * sizeof(*orig));
	for (size_t r = 0; r < j.nf; r++) {
		orig[r] = rank[r].f;
		dense[rank[r].f] = (uint32_t)r;
	}
	free(rank);
	j.off = xmalloc((m + 1) * sizeof(*j.off));
	j.idx = xmalloc((nnz + 1) * sizeof(*j.idx));
	j.val = xmalloc((nnz + 1) * sizeof(*j.val));
	j.sq = xmalloc((m + 1) * sizeof(*j.sq));
	nnz = 0;
	for (size_t i = 0; i < m; i++) {
		size_t r = idx[i];
		double sq = 1.0;

		j.off[i] = nnz;
		for (uint64_t e = d->sp_off[r]; e < d->sp_off[r + 1]; e++) {
			j.idx[nnz] = dense[d->sp_idx[e]];
			j.val[nnz] = d->sp_val[e];
			sq += j.val[nnz] * j.val[nnz];
			nnz++;
		}
		j.sq[i] = sq;
		y[i] = d->y[r];
	}
	j.off[m] = nnz;
	j.y = y;
	j.orig = orig;
	j.passes = xcalloc((size_t)classes, sizeof(*j.passes));
	parallel_for((size_t)classes, o->threads, solve_slice, &j);
	memset(st, 0, sizeof(*st));
	for (int c = 0; c < classes; c++) {
		if (j.passes[c] > o->max_passes) {
			st->unconverged++;
			j.passes[c] = o->max_passes;
		}
		if (j.passes[c] > st->max_passes_run)
			st->max_passes_run = j.passes[c];
	}
	free(j.passes);
	free(dense);
	free(orig);
	free(y);
	free(j.off);
	free(j.idx);
	free(j.val);
	free(j.sq);
}
