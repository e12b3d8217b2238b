/* drift_perf: prediction drift and performance, measured or estimated; see drift_perf.h. */
#include "drift/drift_perf.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pt {
	double x, y;
	size_t i;
};

static int by_x(const void *a, const void *b)
{
	const struct pt *p = a, *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return (p->i > q->i) - (p->i < q->i);
}

size_t drift_perf_isotonic(const double *x, const double *y, size_t n, double **kx, double **ky)
{
	struct pt *p = xmalloc((n + 1) * sizeof(*p));
	double *bx = xmalloc((n + 1) * sizeof(double)), *bs = xmalloc((n + 1) * sizeof(double));
	double *bw = xmalloc((n + 1) * sizeof(double));
	size_t *bstart = xmalloc((n + 1) * sizeof(size_t));
	size_t u = 0, nb = 0;

	for (size_t i = 0; i < n; i++)
		p[i] = (struct pt){ x[i], y[i], i };
	qsort(p, n, sizeof(*p), by_x);
	/* equal x: one point, mean y, weight = count */
	for (size_t i = 0; i < n; i++) {
		if (u && bx[u - 1] == p[i].x) {
			bs[u - 1] += p[i].y;
			bw[u - 1] += 1;
		} else {
			bx[u] = p[i].x;
			bs[u] = p[i].y;
			bw[u] = 1;
			u++;
		}
	}
	*kx = xmalloc((u + 1) * sizeof(double));
	*ky = xmalloc((u + 1) * sizeof(double));
	/* pool adjacent violators over blocks [bstart[b], next start) */
	{
		double *s = xmalloc((u + 1) * sizeof(double)), *w = xmalloc((u + 1) * sizeof(double));

		for (size_t i = 0; i < u; i++) {
			s[nb] = bs[i];
			w[nb] = bw[i];
			bstart[nb] = i;
			nb++;
			while (nb > 1 && s[nb - 2] / w[nb - 2] > s[nb - 1] / w[nb - 1]) {
				s[nb - 2] += s[nb - 1];
				w[nb - 2] += w[nb - 1];
				nb--;
			}
		}
		for (size_t b = 0; b < nb; b++) {
			size_t end = b + 1 < nb ? bstart[b + 1] : u;

			for (size_t i = bstart[b]; i < end; i++) {
				(*kx)[i] = bx[i];
				(*ky)[i] = s[b] / w[b];
			}
		}
		free(s);
		free(w);
	}
	free(p);
	free(bx);
	free(bs);
	free(bw);
	free(bstart);
	return u;
}

double drift_perf_calibrate(const double *kx, const double *ky, size_t k, double x)
{
	size_t lo = 0, hi = k - 1;

	if (k == 0)
		return NAN;
	if (x <= kx[0])
		return ky[0];
	if (x >= kx[k - 1])
		return ky[k - 1];
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (kx[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return ky[lo] + (ky[hi] - ky[lo]) * (x - kx[lo]) / (kx[hi] - kx[lo]);
}

/* Whether row i's prediction equals its label: 1, 0, or -1 when either is missing. */
static int correct(const struct dtable_col *p, const struct dtable_col *l, size_t i)
{
	if (p->id[i] == DTAB_MISSING || l->id[i] == DTAB_MISSING)
		return -1;
	return !strcmp(p->cats[p->id[i]], l->cats[l->id[i]]);
}

static int need(const struct dtable *t, const char *name, struct dtable_col **c)
{
	*c = dtable_column(t, name);
	if (!*c)
		return pc_error("%s: no column '%s'", t->name, name);
	return 0;
}

/* A confidence is a probability: a value outside [0, 1] is an error naming its line
 * (row i is on line i + 2, after the header). */
static int check_confidence(const struct dtable *t, const struct dtable_col *c)
{
	double *v = xmalloc((t->nrows + 1) * sizeof(double));
	int ret = 0;

	dtable_values(c, t->nrows, v, 0);
	for (size_t i = 0; i < t->nrows; i++) {
		if (!isnan(v[i]) && !(v[i] >= 0 && v[i] <= 1)) {
			ret = pc_error_at(t->name, (long)(i + 2), "column '%s': confidence %g is "
					  "outside [0, 1]", c->name, v[i]);
			break;
		}
	}
	free(v);
	return ret;
}

int drift_perf_run(const struct dtable *ref, const struct dtable *cur, const struct drift_perf_opts *o,
	      struct drift_perf_result *r)
{
	struct dtable_col *rp, *rl, *cp, *cl, *rcf = NULL, *ccf = NULL;
	double hits = 0;
	size_t nlab = 0;

	memset(r, 0, sizeof(*r));
	if (!o->prediction || !o->label)
		return 0;
	if (need(ref, o->prediction, &rp) < 0 || need(ref, o->label, &rl) < 0 ||
	    need(cur, o->prediction, &cp) < 0)
		return -1;
	cl = dtable_column(cur, o->label);
	if (o->confidence && (need(ref, o->confidence, &rcf) < 0 || need(cur, o->confidence, &ccf) < 0))
		return -1;
	if ((rcf && !rcf->numeric) || (ccf && !ccf->numeric))
		return pc_error("column '%s' must hold numbers", o->confidence);
	if ((rcf && check_confidence(ref, rcf) < 0) || (ccf && check_confidence(cur, ccf) < 0))
		return -1;
	dtable_to_categorical(rp, ref->nrows);
	dtable_to_categorical(rl, ref->nrows);
	dtable_to_categorical(cp, cur->nrows);
	if (cl)
		dtable_to_categorical(cl, cur->nrows);
	for (size_t i = 0; i < ref->nrows; i++) {
		int c = correct(rp, rl, i);

		if (c >= 0) {
			hits += c;
			r->n_ref++;
		}
	}
	if (!r->n_ref)
		return pc_error("%s: no row has both a prediction and a label", ref->name);
	r->ref_accuracy = hits / (double)r->n_ref;
	hits = 0;
	for (size_t i = 0; cl && i < cur->nrows; i++) {
		int c = correct(cp, cl, i);

		if (c >= 0) {
			hits += c;
			nlab++;
		}
	}
	if (nlab) {
		r->n_cur = nlab;
		r->cur_accuracy = hits / (double)nlab;
	} else if (rcf) {
		double *x = xmalloc((r->n_ref + 1) * sizeof(double));
		double *y = xmalloc((r->n_ref + 1) * sizeof(double)), *kx, *ky, sum = 0;
		double *rv = xmalloc((ref->nrows + 1) * sizeof(double));
		double *cv = xmalloc((cur->nrows + 1) * sizeof(double));
		size_t n = 0, k;

		dtable_values(rcf, ref->nrows, rv, 0);
		dtable_values(ccf, cur->nrows, cv, 0);
		for (size_t i = 0; i < ref->nrows; i++) {
			int c = correct(rp, rl, i);

			if (c >= 0 && !isnan(rv[i])) {
				x[n] = rv[i];
				y[n] = c;
				n++;
			}
		}
		k = drift_perf_isotonic(x, y, n, &kx, &ky);
		for (size_t i = 0; i < cur->nrows; i++) {
			if (cp->id[i] == DTAB_MISSING || isnan(cv[i]))
				continue;
			sum += drift_perf_calibrate(kx, ky, k, cv[i]);
			r->n_cur++;
		}
		free(rv);
		free(cv);
		free(x);
		free(y);
		free(kx);
		free(ky);
		if (!r->n_cur)
			return pc_error("%s: no row has a prediction and a confidence", cur->name);
		r->cur_accuracy = sum / (double)r->n_cur;
		r->estimated = 1;
	} else {
		return 0;
	}
	r->done = 1;
	r->threshold = r->ref_accuracy - o->max_drop;
	r->drop = r->cur_accuracy < r->threshold;
	return 0;
}
