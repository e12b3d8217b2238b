/* linsvm: exact linear SVM by dual coordinate descent; see linsvm.h. */
#include "linsvm.h"
#include "parallel.h"
#include "rng.h"
#include "xalloc.h"

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

static double dot(const struct job *j, const double *w, size_t i)
{
	double s = w[j->nf];

	for (uint64_t e = j->off[i]; e < j->off[i + 1]; e++)
		s += w[j->idx[e]] * j->val[e];
	return s;
}

static void axpy(const struct job *j, double a, size_t i, double *w)
{
	for (uint64_t e = j->off[i]; e < j->off[i + 1]; e++)
		w[j->idx[e]] += a * j->val[e];
	w[j->nf] += a;
}

/* One class's problem; w (nf + 1), alpha (m) and index (m) are the caller's buffers. */
static int solve(const struct job *j, int c, double *w, double *alpha, size_t *index)
{
	const struct linsvm_opts *o = j->o;
	size_t active = j->m;
	double pgmax_old = INFINITY;   /* no upper bound on alpha: only this side shrinks */
	struct rng r;
	int pass;

	memset(w, 0, (j->nf + 1) * sizeof(*w));
	memset(alpha, 0, j->m * sizeof(*alpha));
	for (size_t i = 0; i < j->m; i++)
		index[i] = i;
	rng_stream(&r, o->seed, 0x6c696e73766dULL + (uint64_t)c);
	for (pass = 1; pass <= o->max_passes; pass++) {
		double pgmax = -INFINITY, pgmin = INFINITY;

		for (size_t s = 0; s < active; s++) {
			size_t t = s + (size_t)rng_below(&r, active - s), sw = index[s];

			index[s] = index[t];
			index[t] = sw;
		}
		for (size_t s = 0; s < active; s++) {
			size_t i = index[s];
			double yi = j->y[i] == c ? 1.0 : -1.0;
			double cost = o->C * (o->class_weight ? o->class_weight[j->y[i]] : 1.0);
			double diag = 0.5 / cost, g, pg = 0.0;

			g = yi * dot(j, w, i) - 1.0 + diag * alpha[i];
			if (alpha[i] == 0.0) {
				if (g > pgmax_old) {
					/* at its bound and likely to stay: leave it out for now */
					active--;
					index[s] = index[active];
					index[active] = i;
					s--;
					continue;
				}
				if (g < 0.0)
					pg = g;
			} else {
				pg = g;
			}
			if (pg > pgmax)
				pgmax = pg;
			if (pg < pgmin)
				pgmin = pg;
			if (fabs(pg) > 1e-12) {
				double old = alpha[i];

				alpha[i] = fmax(old - g / (j->sq[i] + diag), 0.0);
				axpy(j, (alpha[i] - old) * yi, i, w);
			}
		}
		if (pgmax - pgmin <= o->eps) {
			if (active == j->m)
				break;
			/* converged on the active rows: check all of them once more */
			active = j->m;
			pgmax_old = INFINITY;
			continue;
		}
		pgmax_old = pgmax > 0.0 ? pgmax : INFINITY;
	}
	for (size_t f = 0; f < j->nf; f++)
		j->W[(size_t)j->orig[f] * (size_t)j->classes + (size_t)c] = (float)w[f];
	j->b[c] = (float)w[j->nf];
	return pass;
}

static void solve_slice(void *ctx, size_t begin, size_t end, int thread)
{
	const struct job *j = ctx;
	double *w = xmalloc((j->nf + 1) * sizeof(*w)), *alpha = xmalloc((j->m + 1) * sizeof(*alpha));
	size_t *index = xmalloc((j->m + 1) * sizeof(*index));

	(void)thread;
	for (size_t c = begin; c < end; c++)
		j->passes[c] = solve(j, (int)c, w, alpha, index);
	free(w);
	free(alpha);
	free(index);
}

void linsvm_train(const struct dataset *d, const size_t *idx, size_t m, int classes,
		  const struct linsvm_opts *o, float *W, float *b, struct linsvm_stats *st)
{
	struct job j = { .o = o, .classes = classes, .m = m, .W = W, .b = b };
	uint32_t *dense = xcalloc(d->h.sparse ? d->h.sparse : 1, sizeof(*dense)), *orig;
	int *y = xmalloc((m + 1) * sizeof(*y));
	uint64_t nnz = 0;

	for (size_t i = 0; i < m; i++)
		nnz += d->sp_off[idx[i] + 1] - d->sp_off[idx[i]];
	j.off = xmalloc((m + 1) * sizeof(*j.off));
	j.idx = xmalloc((nnz + 1) * sizeof(*j.idx));
	j.val = xmalloc((nnz + 1) * sizeof(*j.val));
	j.sq = xmalloc((m + 1) * sizeof(*j.sq));
	orig = xmalloc((nnz + 1) * sizeof(*orig));
	nnz = 0;
	for (size_t i = 0; i < m; i++) {
		size_t r = idx[i];
		double sq = 1.0;

		j.off[i] = nnz;
		for (uint64_t e = d->sp_off[r]; e < d->sp_off[r + 1]; e++) {
			uint32_t f = d->sp_idx[e];

			if (!dense[f]) {
				orig[j.nf] = f;
				dense[f] = (uint32_t)++j.nf;
			}
			j.idx[nnz] = dense[f] - 1;
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
