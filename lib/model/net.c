/* net: the fusion network, forward, backward and optimiser; see net.h. */
#include "model/net.h"
#include "base/blas.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "base/rng.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


struct net_work {
	size_t m;
	float *xd, *cat, *h, *mask, *p, *dlog, *dh, *dcat;
	float *g[NET_MAX_TENSORS];   /* this chunk's gradients of the dense tensors */
	double loss;
};

static int add_tensor(struct net *n, const char *name, size_t rows, size_t cols, int lazy,
		      int decay)
{
	struct net_tensor *t = &n->t[n->nt];

	t->name = name;
	t->rows = rows;
	t->cols = cols;
	t->lazy = lazy;
	t->decay = decay;
	t->w = lazy ? xcalloc_huge(rows * cols, sizeof(float)) : xcalloc(rows * cols, sizeof(float));
	return n->nt++;
}

static void init_uniform(struct net_tensor *t, uint64_t seed, int stream, float a)
{
	struct rng r;
	size_t n = t->rows * t->cols;

	rng_stream(&r, seed, (uint64_t)stream);
	for (size_t i = 0; i < n; i++)
		t->w[i] = (float)((2.0 * rng_uniform(&r) - 1.0) * a);
}

static size_t cat_width(const struct net *n)
{
	return (size_t)(n->s.sparse ? n->s.text_hidden : 0) +
	       (size_t)(n->s.dense ? n->s.image_hidden : 0);
}

/* net_new, or with `text` the network net_new_read describes. */
static struct net *new_net(const struct net_spec *s, uint64_t seed, struct spemb *text)
{
	struct net *n;
	size_t kc, kout;

	if (!s->sparse && !s->dense) {
		pc_error("the network has no input: neither a sparse nor a dense part");
		return NULL;
	}
	if (s->classes < 2) {
		pc_error("training needs at least 2 classes, the data has %d", s->classes);
		return NULL;
	}
	if ((s->sparse && s->text_hidden < 1) || (s->dense && s->image_hidden < 1) || s->hidden < 0)
		return pc_error("hidden sizes must be positive"), NULL;
	n = xcalloc(1, sizeof(*n));
	n->s = *s;
	n->text_w = n->text_b = n->image_w = n->image_b = -1;
	n->hidden_w = n->hidden_b = -1;
	if (s->sparse) {
		n->text_sp = text;
		n->text_w = add_tensor(n, "text_w", text ? 0 : s->sparse, (size_t)s->text_hidden, 1, 1);
		n->text_b = add_tensor(n, "text_b", 1, (size_t)s->text_hidden, 0, 0);
		/* zero: rows no training text touches stay zero (and compress to nothing) */
	}
	if (s->dense) {
		n->image_w = add_tensor(n, "image_w", s->dense, (size_t)s->image_hidden, 0, 1);
		n->image_b = add_tensor(n, "image_b", 1, (size_t)s->image_hidden, 0, 0);
		init_uniform(&n->t[n->image_w], seed, 1, sqrtf(6.0f / (float)s->dense));
	}
	kc = cat_width(n);
	kout = kc;
	if (s->hidden) {
		n->hidden_w = add_tensor(n, "hidden_w", kc, (size_t)s->hidden, 0, 1);
		n->hidden_b = add_tensor(n, "hidden_b", 1, (size_t)s->hidden, 0, 0);
		init_uniform(&n->t[n->hidden_w], seed, 2, sqrtf(6.0f / (float)kc));
		/* a positive start keeps the units alive while the text branch is still zero */
		for (int k = 0; k < s->hidden; k++)
			n->t[n->hidden_b].w[k] = 0.1f;
		kout = (size_t)s->hidden;
	}
	n->out_w = add_tensor(n, "out_w", kout, (size_t)s->classes, 0, 1);
	n->out_b = add_tensor(n, "out_b", 1, (size_t)s->classes, 0, 0);
	init_uniform(&n->t[n->out_w], seed, 3, sqrtf(6.0f / (float)(kout + (size_t)s->classes)));
	n->dmean = xcalloc(s->dense ? s->dense : 1, sizeof(float));
	n->dscale = xmalloc((s->dense ? s->dense : 1) * sizeof(float));
	for (uint32_t i = 0; i < s->dense; i++)
		n->dscale[i] = 1.0f;
	return n;
}

struct net *net_new(const struct net_spec *s, uint64_t seed)
{
	return new_net(s, seed, NULL);
}

struct net *net_new_read(const struct net_spec *s, struct spemb *text)
{
	struct net *n;

	if (!s->sparse || !text || text->cols != (uint32_t)s->text_hidden ||
	    text->width != s->sparse)
		pc_fatal("internal: the text embedding does not fit the network");
	n = new_net(s, 0, text);
	if (!n) {
		spemb_free(text);
		free(text);
	}
	return n;
}

void net_free(struct net *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->nt; i++)
		free(n->t[i].w);
	free(n->dmean);
	free(n->dscale);
	free(n->orig);
	spemb_free(n->text_sp);
	free(n->text_sp);
	free(n);
}

void net_set_orig(struct net *n, const struct dataset *d)
{
	free(n->orig);
	n->orig = NULL;
	if (!d->orig || !n->s.sparse)
		return;
	n->orig = xmalloc((size_t)n->s.sparse * sizeof(*n->orig));
	memcpy(n->orig, d->orig, (size_t)n->s.sparse * sizeof(*n->orig));
	n->orig_width = d->h.sparse;
}

int net_row_is_zero(const float *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (r[i] != 0.0f)
			return 0;
	return 1;
}

int net_finite(const struct net *n)
{
	for (int i = 0; i < n->nt; i++) {
		const struct net_tensor *t = &n->t[i];

		for (size_t k = 0; k < t->rows * t->cols; k++)
			if (!isfinite(t->w[k]))
				return 0;
	}
	return 1;
}

void net_copy_weights(struct net *dst, const struct net *src)
{
	for (int i = 0; i < src->nt; i++) {
		const struct net_tensor *s = &src->t[i];
		float *d = dst->t[i].w;

		if (!s->lazy) {
			memcpy(d, s->w, s->rows * s->cols * sizeof(float));
			continue;
		}
		/* rows zero on both sides stay untouched, so never-used pages stay unmapped */
		for (size_t r = 0; r < s->rows; r++) {
			const float *sr = s->w + r * s->cols;
			float *dr = d + r * s->cols;

			if (!net_row_is_zero(sr, s->cols) || !net_row_is_zero(dr, s->cols))
				memcpy(dr, sr, s->cols * sizeof(float));
		}
	}
	memcpy(dst->dmean, src->dmean, (src->s.dense ? src->s.dense : 1) * sizeof(float));
	memcpy(dst->dscale, src->dscale, (src->s.dense ? src->s.dense : 1) * sizeof(float));
}

void net_fit_scaler(struct net *n, const struct dataset *d, const size_t *idx, size_t m)
{
	uint32_t D = n->s.dense;
	double *sum, *sq;

	if (!D || !m)
		return;
	sum = xcalloc(D, sizeof(*sum));
	sq = xcalloc(D, sizeof(*sq));
	for (size_t j = 0; j < m; j++) {
		const float *x = d->dense + idx[j] * D;

		for (uint32_t k = 0; k < D; k++) {
			sum[k] += x[k];
			sq[k] += (double)x[k] * x[k];
		}
	}
	for (uint32_t k = 0; k < D; k++) {
		double mean = sum[k] / (double)m;
		double var = sq[k] / (double)m - mean * mean;
		double sd = var > 1e-12 ? sqrt(var) : 0.0;

		n->dmean[k] = (float)mean;
		n->dscale[k] = sd > 1e-6 ? (float)(1.0 / sd) : 1.0f;
	}
	free(sum);
	free(sq);
}

struct net_work *net_work_new(const struct net *n)
{
	struct net_work *w = xcalloc(1, sizeof(*w));
	size_t kc = cat_width(n), H = (size_t)n->s.hidden, C = (size_t)n->s.classes;

	w->xd = xcalloc((size_t)NET_CHUNK * (n->s.dense ? n->s.dense : 1), sizeof(float));
	w->cat = xcalloc(NET_CHUNK * kc, sizeof(float));
	w->dcat = xcalloc(NET_CHUNK * kc, sizeof(float));
	w->h = xcalloc(NET_CHUNK * (H ? H : 1), sizeof(float));
	w->mask = xcalloc(NET_CHUNK * (H ? H : 1), sizeof(float));
	w->dh = xcalloc(NET_CHUNK * (H ? H : 1), sizeof(float));
	w->p = xcalloc(NET_CHUNK * C, sizeof(float));
	w->dlog = xcalloc(NET_CHUNK * C, sizeof(float));
	return w;
}

static void work_grads(struct net_work *w, const struct net *n)
{
	for (int i = 0; i < n->nt; i++)
		if (!n->t[i].lazy && !w->g[i])
			w->g[i] = xcalloc(n->t[i].rows * n->t[i].cols, sizeof(float));
}

void net_work_free(struct net_work *w)
{
	if (!w)
		return;
	free(w->xd);
	free(w->cat);
	free(w->dcat);
	free(w->h);
	free(w->mask);
	free(w->dh);
	free(w->p);
	free(w->dlog);
	for (int i = 0; i < NET_MAX_TENSORS; i++)
		free(w->g[i]);
	free(w);
}

static void add_bias(float *y, size_t m, size_t cols, size_t ld, const float *b)
{
	for (size_t j = 0; j < m; j++)
		memcpy(y + j * ld, b, cols * sizeof(float));
}

/*
 * y[m x C] += x[m x kin] W[kin x C], a row at a time in a fixed order: the output layer
 * when scoring.  It is small (C classes); without BLAS a text model scores without loading
 * it (blas.h), and each row's scores are the same bits whatever the batch it comes in
 * (pc-serve scores one product, pc-predict a file).  Training multiplies its batches
 * through BLAS.
 */
static void out_layer(float *y, const float *x, const float *W, size_t m, size_t kin,
		      size_t C)
{
	for (size_t j = 0; j < m; j++) {
		float *yj = y + j * C;
		const float *xj = x + j * kin;

		for (size_t k = 0; k < kin; k++) {
			const float v = xj[k], *wk = W + k * C;

			for (size_t c = 0; c < C; c++)
				yj[c] += v * wk[c];
		}
	}
}

static void relu(float *y, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (y[i] < 0.0f)
			y[i] = 0.0f;
}

static void softmax_rows(float *p, size_t m, size_t C)
{
	for (size_t j = 0; j < m; j++) {
		float *r = p + j * C, mx = r[0];
		double s = 0.0;

		for (size_t c = 1; c < C; c++)
			if (r[c] > mx)
				mx = r[c];
		for (size_t c = 0; c < C; c++) {
			r[c] = expf(r[c] - mx);
			s += r[c];
		}
		for (size_t c = 0; c < C; c++)
			r[c] = (float)(r[c] / s);
	}
}

/*
 * Forward pass of m <= NET_CHUNK rows into w->p: class probabilities, or the logits when
 * `logits` is set.  With dropout > 0, masks come from rng_stream(seed, stream[j]) for row j.
 * `stream` is set when training, NULL when scoring (out_layer).
 */
static void forward(const struct net *n, struct net_work *w, const struct net_row *rows,
		    size_t m, float dropout, uint64_t seed, const uint64_t *stream, int logits)
{
	size_t kc = cat_width(n), Ht = n->s.sparse ? (size_t)n->s.text_hidden : 0;
	size_t Hi = (size_t)n->s.image_hidden, H = (size_t)n->s.hidden, C = (size_t)n->s.classes;
	uint32_t D = n->s.dense;
	const float *in;
	size_t kin;

	w->m = m;
	if (n->s.sparse && n->text_sp) {
		const struct spemb *sp = n->text_sp;

		add_bias(w->cat, m, Ht, kc, n->t[n->text_b].w);
		for (size_t j = 0; j < m; j++) {
			float *restrict a = w->cat + j * kc;

			for (uint32_t e = 0; e < rows[j].nnz; e++) {
				if (e + 4 < rows[j].nnz)
					spemb_prefetch(sp, rows[j].idx[e + 4]);
				spemb_add(sp, rows[j].idx[e], rows[j].val[e], a);
			}
		}
	} else if (n->s.sparse) {
		const float *W = n->t[n->text_w].w;

		add_bias(w->cat, m, Ht, kc, n->t[n->text_b].w);
		for (size_t j = 0; j < m; j++) {
			float *restrict a = w->cat + j * kc;

			for (uint32_t e = 0; e < rows[j].nnz; e++) {
				const float *restrict r = W + (size_t)rows[j].idx[e] * Ht;
				float v = rows[j].val[e];

				if (e + 4 < rows[j].nnz)
					__builtin_prefetch(W + (size_t)rows[j].idx[e + 4] * Ht);

				for (size_t k = 0; k < Ht; k++)
					a[k] += v * r[k];
			}
		}
	}
	if (D) {
		for (size_t j = 0; j < m; j++)
			for (uint32_t k = 0; k < D; k++)
				w->xd[j * D + k] = (rows[j].dense[k] - n->dmean[k]) * n->dscale[k];
		add_bias(w->cat + Ht, m, Hi, kc, n->t[n->image_b].w);
		blas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)Hi, (int)D, 1.0f,
			    w->xd, (int)D, n->t[n->image_w].w, (int)Hi, 1.0f, w->cat + Ht, (int)kc);
	}
	/* the text branch is linear (an embedding bag); the image branch rectified */
	if (D)
		for (size_t j = 0; j < m; j++)
			relu(w->cat + j * kc + Ht, Hi);
	in = w->cat;
	kin = kc;
	if (H) {
		add_bias(w->h, m, H, H, n->t[n->hidden_b].w);
		blas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)H, (int)kc, 1.0f,
			    w->cat, (int)kc, n->t[n->hidden_w].w, (int)H, 1.0f, w->h, (int)H);
		for (size_t j = 0; j < m; j++) {
			struct rng r;
			float keep = 1.0f - dropout, scale = dropout > 0.0f ? 1.0f / keep : 1.0f;

			if (dropout > 0.0f)
				rng_stream(&r, seed, stream[j]);
			for (size_t k = 0; k < H; k++) {
				float *hv = &w->h[j * H + k];
				float mk = *hv > 0.0f ? scale : 0.0f;

				if (dropout > 0.0f && rng_uniform(&r) >= keep)
					mk = 0.0f;
				w->mask[j * H + k] = mk;
				*hv *= mk;
			}
		}
		in = w->h;
		kin = H;
	}
	add_bias(w->p, m, C, C, n->t[n->out_b].w);
	if (stream)	/* training: the batch at once */
		blas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)C, (int)kin,
			   1.0f, in, (int)kin, n->t[n->out_w].w, (int)C, 1.0f, w->p, (int)C);
	else
		out_layer(w->p, in, n->t[n->out_w].w, m, kin, C);
	if (!logits)
		softmax_rows(w->p, m, C);
}

/* The loss of example j (label y, weight wt, scaled by inv_batch) and its gradient with
 * respect to the outputs z (probabilities for softmax, logits for the hinge losses) into
 * dz; returns the (weighted, unscaled) loss. */
static double output_grad(const struct net_train_opts *o, const float *z, int y, float wt,
			  float inv_batch, size_t C, float *dz)
{
	double loss = 0.0;

	if (o->loss == NET_SOFTMAX) {
		float off = o->smoothing / (float)C, on = 1.0f - o->smoothing + off;

		for (size_t c = 0; c < C; c++) {
			float target = c == (size_t)y ? on : off;

			if (target > 0.0f)
				loss -= wt * target * log(z[c] > 1e-30f ? z[c] : 1e-30f);
			dz[c] = wt * inv_batch * (z[c] - target);
		}
		return loss;
	}
	memset(dz, 0, C * sizeof(float));
	if (o->loss == NET_SQHINGE) {
		/* one against the rest: sum over c of max(0, 1 - t_c z_c)^2, t_c = +-1 */
		for (size_t c = 0; c < C; c++) {
			float t = c == (size_t)y ? 1.0f : -1.0f, mg = 1.0f - t * z[c];

			if (mg > 0.0f) {
				loss += wt * (double)mg * mg;
				dz[c] = -2.0f * wt * inv_batch * t * mg;
			}
		}
		return loss;
	}
	/* Crammer and Singer: max(0, 1 + max_{c != y} z_c - z_y)^2 */
	size_t r = y == 0 ? 1 : 0;
	for (size_t c = 0; c < C; c++)
		if (c != (size_t)y && z[c] > z[r])
			r = c;
	float mg = 1.0f + z[r] - z[y];
	if (mg > 0.0f) {
		loss = wt * (double)mg * mg;
		dz[r] = 2.0f * wt * inv_batch * mg;
		dz[y] = -dz[r];
	}
	return loss;
}

/* Backward pass after forward(): this chunk's dense gradients into w->g (overwritten),
 * the text branch's gradient rows into dzt (m x Ht, row stride Ht). */
static void backward(const struct net *n, struct net_work *w, const int *y,
		     const struct net_train_opts *o, float inv_batch, float *dzt)
{
	size_t m = w->m, kc = cat_width(n), Ht = n->s.sparse ? (size_t)n->s.text_hidden : 0;
	size_t Hi = (size_t)n->s.image_hidden, H = (size_t)n->s.hidden, C = (size_t)n->s.classes;
	uint32_t D = n->s.dense;
	const float *in = H ? w->h : w->cat;
	size_t kin = H ? H : kc;
	float *dprev = H ? w->dh : w->dcat;

	w->loss = 0.0;
	for (size_t j = 0; j < m; j++)
		w->loss += output_grad(o, w->p + j * C, y[j], o->class_weight ? o->class_weight[y[j]] : 1.0f,
				       inv_batch, C, w->dlog + j * C);
	blas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)kin, (int)C, (int)m, 1.0f, in,
		    (int)kin, w->dlog, (int)C, 0.0f, w->g[n->out_w], (int)C);
	memset(w->g[n->out_b], 0, C * sizeof(float));
	for (size_t j = 0; j < m; j++)
		for (size_t c = 0; c < C; c++)
			w->g[n->out_b][c] += w->dlog[j * C + c];
	blas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)kin, (int)C, 1.0f,
		    w->dlog, (int)C, n->t[n->out_w].w, (int)C, 0.0f, dprev, (int)kin);
	if (H) {
		for (size_t i = 0; i < m * H; i++)
			w->dh[i] *= w->mask[i];
		blas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)kc, (int)H, (int)m, 1.0f,
			    w->cat, (int)kc, w->dh, (int)H, 0.0f, w->g[n->hidden_w], (int)H);
		memset(w->g[n->hidden_b], 0, H * sizeof(float));
		for (size_t j = 0; j < m; j++)
			for (size_t k = 0; k < H; k++)
				w->g[n->hidden_b][k] += w->dh[j * H + k];
		blas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)kc, (int)H, 1.0f,
			    w->dh, (int)H, n->t[n->hidden_w].w, (int)H, 0.0f, w->dcat, (int)kc);
	}
	for (size_t j = 0; j < m; j++)
		for (size_t k = Ht; k < kc; k++)
			if (w->cat[j * kc + k] <= 0.0f)
				w->dcat[j * kc + k] = 0.0f;
	if (D) {
		blas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)D, (int)Hi, (int)m, 1.0f,
			    w->xd, (int)D, w->dcat + Ht, (int)kc, 0.0f, w->g[n->image_w], (int)Hi);
		memset(w->g[n->image_b], 0, Hi * sizeof(float));
		for (size_t j = 0; j < m; j++)
			for (size_t k = 0; k < Hi; k++)
				w->g[n->image_b][k] += w->dcat[j * kc + Ht + k];
	}
	if (Ht) {
		memset(w->g[n->text_b], 0, Ht * sizeof(float));
		for (size_t j = 0; j < m; j++) {
			memcpy(dzt + j * Ht, w->dcat + j * kc, Ht * sizeof(float));
			for (size_t k = 0; k < Ht; k++)
				w->g[n->text_b][k] += w->dcat[j * kc + k];
		}
	}
}

/* ---- training ---- */

struct entry {
	uint32_t row;
	uint32_t ex;    /* position in the batch */
	float val;
};

struct net_trainer {
	struct net *n;
	struct net_train_opts o;
	struct net_work **works;  /* one per chunk */
	size_t nworks;
	float *m1[NET_MAX_TENSORS], *m2[NET_MAX_TENSORS];
	uint64_t step;
	float *dzt;               /* batch x Ht */
	size_t dzt_cap;
	struct entry *ent, *tmp;
	size_t ecap;
	size_t *starts;           /* unique row starts into ent */
	unsigned char *touched;   /* rows of the text embedding ever updated */
	size_t scap;
	/* per call */
	const struct dataset *d;
	const size_t *idx;
	size_t m;
	int epoch;
	float lr, inv_batch;
	float adam_a, adam_c;     /* Adam's bias corrections at this step, with the rate */
	size_t nstarts;
	int tensor;               /* the tensor being reduced/updated */
};

struct net_trainer *net_trainer_new(struct net *n, const struct net_train_opts *o)
{
	struct net_trainer *t = xcalloc(1, sizeof(*t));

	t->n = n;
	t->o = *o;
	if (t->o.threads < 1)
		t->o.threads = 1;
	if (t->o.threads > PARALLEL_MAX_THREADS)
		t->o.threads = PARALLEL_MAX_THREADS;
	for (int i = 0; i < n->nt; i++) {
		size_t sz = n->t[i].rows * n->t[i].cols;

		t->m1[i] = xcalloc_huge(sz, sizeof(float));
		if (o->opt == NET_ADAM)
			t->m2[i] = xcalloc_huge(sz, sizeof(float));
	}
	if (n->text_w >= 0)
		t->touched = xcalloc(n->s.sparse, 1);
	return t;
}

void net_trainer_copy_weights(const struct net_trainer *t, struct net *dst)
{
	const struct net *src = t->n;

	for (int i = 0; i < src->nt; i++) {
		const struct net_tensor *s = &src->t[i];

		if (!s->lazy) {
			memcpy(dst->t[i].w, s->w, s->rows * s->cols * sizeof(float));
			continue;
		}
		for (size_t r = 0; r < s->rows; r++)
			if (t->touched[r])
				memcpy(dst->t[i].w + r * s->cols, s->w + r * s->cols,
				       s->cols * sizeof(float));
	}
	memcpy(dst->dmean, src->dmean, (src->s.dense ? src->s.dense : 1) * sizeof(float));
	memcpy(dst->dscale, src->dscale, (src->s.dense ? src->s.dense : 1) * sizeof(float));
}

void net_trainer_free(struct net_trainer *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nworks; i++)
		net_work_free(t->works[i]);
	free(t->works);
	for (int i = 0; i < NET_MAX_TENSORS; i++) {
		free(t->m1[i]);
		free(t->m2[i]);
	}
	free(t->dzt);
	free(t->ent);
	free(t->tmp);
	free(t->starts);
	free(t->touched);
	free(t);
}

static void row_of(const struct dataset *d, size_t i, struct net_row *r)
{
	r->dense = d->h.dense ? d->dense + i * d->h.dense : NULL;
	r->nnz = (uint32_t)(d->sp_off[i + 1] - d->sp_off[i]);
	r->idx = d->sp_idx ? d->sp_idx + d->sp_off[i] : NULL;
	r->val = d->sp_val ? d->sp_val + d->sp_off[i] : NULL;
}

static void chunk_step(void *ctx, size_t begin, size_t end, int thread)
{
	struct net_trainer *t = ctx;
	struct net_row rows[NET_CHUNK];
	uint64_t stream[NET_CHUNK];
	int y[NET_CHUNK];
	size_t Ht = t->n->s.sparse ? (size_t)t->n->s.text_hidden : 0;

	(void)thread;
	for (size_t c = begin; c < end; c++) {
		size_t first = c * NET_CHUNK, m = t->m - first < NET_CHUNK ? t->m - first : NET_CHUNK;
		struct net_work *w = t->works[c];

		for (size_t j = 0; j < m; j++) {
			size_t i = t->idx[first + j];

			row_of(t->d, i, &rows[j]);
			y[j] = t->d->y[i];
			stream[j] = ((uint64_t)t->epoch << 40) ^ (uint64_t)i;
		}
		forward(t->n, w, rows, m, t->o.dropout, t->o.seed, stream, t->o.loss != NET_SOFTMAX);
		backward(t->n, w, y, &t->o, t->inv_batch, t->dzt + first * Ht);
	}
}

/* Sum the chunks' gradients of tensor t->tensor into chunk 0's buffer, by ranges. */
static void reduce_range(void *ctx, size_t begin, size_t end, int thread)
{
	struct net_trainer *t = ctx;
	size_t nchunks = (t->m + NET_CHUNK - 1) / NET_CHUNK;
	float *g0 = t->works[0]->g[t->tensor];

	(void)thread;
	for (size_t c = 1; c < nchunks; c++) {
		const float *gc = t->works[c]->g[t->tensor];

		for (size_t i = begin; i < end; i++)
			g0[i] += gc[i];
	}
}

/* One optimiser step on n consecutive weights of tensor k from offset `at`, gradients g. */
static void step_span(struct net_trainer *t, int k, size_t at, const float *restrict g, size_t n)
{
	float *restrict w = t->n->t[k].w + at, *restrict m1 = t->m1[k] + at;
	float l2 = t->n->t[k].decay ? t->o.l2 : 0.0f;

	if (t->o.opt == NET_ADAM) {
		float *restrict m2 = t->m2[k] + at;
		float b1 = t->o.beta1, b2 = t->o.beta2, eps = t->o.eps;
		float a = t->adam_a, c = t->adam_c;

		for (size_t i = 0; i < n; i++) {
			float gi = g[i] + l2 * w[i];

			m1[i] = b1 * m1[i] + (1.0f - b1) * gi;
			m2[i] = b2 * m2[i] + (1.0f - b2) * gi * gi;
			w[i] -= a * m1[i] / (sqrtf(m2[i]) * c + eps);
		}
	} else {
		float mom = t->o.momentum, lr = t->lr;

		for (size_t i = 0; i < n; i++) {
			m1[i] = mom * m1[i] + g[i] + l2 * w[i];
			w[i] -= lr * m1[i];
		}
	}
}

static void update_range(void *ctx, size_t begin, size_t end, int thread)
{
	struct net_trainer *t = ctx;

	(void)thread;
	step_span(t, t->tensor, begin, t->works[0]->g[t->tensor] + begin, end - begin);
}

static void update_rows(void *ctx, size_t begin, size_t end, int thread)
{
	struct net_trainer *t = ctx;
	size_t Ht = (size_t)t->n->s.text_hidden;
	int k = t->n->text_w;
	float g[1024];

	(void)thread;
	for (size_t s = begin; s < end; s++) {
		size_t a = t->starts[s], b = t->starts[s + 1];
		size_t row = t->ent[a].row;

		if (s + 4 < end) {
			/* the rows are far apart: fetch a few ahead */
			size_t ahead = (size_t)t->ent[t->starts[s + 4]].row * Ht;

			__builtin_prefetch(t->n->t[k].w + ahead, 1);
			__builtin_prefetch(t->m1[k] + ahead, 1);
			if (t->m2[k])
				__builtin_prefetch(t->m2[k] + ahead, 1);
		}

		memset(g, 0, Ht * sizeof(float));
		for (size_t e = a; e < b; e++) {
			const float *restrict dz = t->dzt + (size_t)t->ent[e].ex * Ht;
			float v = t->ent[e].val;

			for (size_t h = 0; h < Ht; h++)
				g[h] += v * dz[h];
		}
		step_span(t, k, row * Ht, g, Ht);
		t->touched[row] = 1;
	}
}

/* Stable LSD radix sort of t->ent[0..n) by row. */
static void sort_entries(struct net_trainer *t, size_t n, int bits)
{
	struct entry *a = t->ent, *b = t->tmp;

	for (int shift = 0; shift < bits; shift += 11) {
		size_t count[2049] = { 0 };

		for (size_t i = 0; i < n; i++)
			count[((a[i].row >> shift) & 2047) + 1]++;
		for (int i = 0; i < 2048; i++)
			count[i + 1] += count[i];
		for (size_t i = 0; i < n; i++)
			b[count[(a[i].row >> shift) & 2047]++] = a[i];
		struct entry *x = a;
		a = b;
		b = x;
	}
	if (a != t->ent)
		memcpy(t->ent, a, n * sizeof(*a));
}

static void update_text_rows(struct net_trainer *t)
{
	const struct dataset *d = t->d;
	size_t ne = 0;
	int bits = 0;

	for (size_t j = 0; j < t->m; j++)
		ne += d->sp_off[t->idx[j] + 1] - d->sp_off[t->idx[j]];
	if (ne > t->ecap) {
		t->ecap = ne;
		t->ent = xreallocarray(t->ent, ne, sizeof(*t->ent));
		t->tmp = xreallocarray(t->tmp, ne, sizeof(*t->tmp));
	}
	ne = 0;
	for (size_t j = 0; j < t->m; j++) {
		size_t i = t->idx[j];

		for (uint64_t e = d->sp_off[i]; e < d->sp_off[i + 1]; e++) {
			t->ent[ne].row = d->sp_idx[e];
			t->ent[ne].ex = (uint32_t)j;
			t->ent[ne].val = d->sp_val[e];
			ne++;
		}
	}
	while (bits < 32 && ((uint64_t)1 << bits) < t->n->s.sparse)
		bits++;
	sort_entries(t, ne, bits);
	t->nstarts = 0;
	xgrow(&t->starts, &t->scap, ne + 1, sizeof(*t->starts));
	for (size_t e = 0; e < ne; e++)
		if (!e || t->ent[e].row != t->ent[e - 1].row)
			t->starts[t->nstarts++] = e;
	t->starts[t->nstarts] = ne;
	parallel_for(t->nstarts, t->o.threads, update_rows, t);
}

double net_train_batch(struct net_trainer *t, const struct dataset *d, const size_t *idx,
		       size_t m, int epoch, float lr)
{
	struct net *n = t->n;
	size_t nchunks = (m + NET_CHUNK - 1) / NET_CHUNK, Ht = n->s.sparse ? (size_t)n->s.text_hidden : 0;
	double loss = 0.0;

	if (!m)
		return 0.0;
	while (t->nworks < nchunks) {
		t->works = xreallocarray(t->works, t->nworks + 1, sizeof(*t->works));
		t->works[t->nworks] = net_work_new(n);
		work_grads(t->works[t->nworks], n);
		t->nworks++;
	}
	if (m * Ht > t->dzt_cap) {
		t->dzt_cap = m * Ht;
		t->dzt = xreallocarray(t->dzt, t->dzt_cap, sizeof(float));
	}
	t->d = d;
	t->idx = idx;
	t->m = m;
	t->epoch = epoch;
	t->lr = lr;
	t->inv_batch = 1.0f / (float)m;
	t->step++;
	t->adam_a = lr / (1.0f - powf(t->o.beta1, (float)t->step));
	t->adam_c = 1.0f / sqrtf(1.0f - powf(t->o.beta2, (float)t->step));
	parallel_for(nchunks, t->o.threads, chunk_step, t);
	for (size_t c = 0; c < nchunks; c++)
		loss += t->works[c]->loss;
	for (int k = 0; k < n->nt; k++) {
		size_t sz = n->t[k].rows * n->t[k].cols;

		if (n->t[k].lazy)
			continue;
		t->tensor = k;
		parallel_for(sz, sz > 4096 ? t->o.threads : 1, reduce_range, t);
		parallel_for(sz, sz > 4096 ? t->o.threads : 1, update_range, t);
	}
	if (n->s.sparse)
		update_text_rows(t);
	return loss / (double)m;
}

/* ---- prediction ---- */

void net_predict_rows(const struct net *n, struct net_work *w, const struct net_row *rows,
		      size_t m, float *p)
{
	forward(n, w, rows, m, 0.0f, 0, NULL, 0);
	memcpy(p, w->p, m * (size_t)n->s.classes * sizeof(float));
}

double net_loss(const struct net *n, const struct dataset *d, const size_t *idx, size_t m,
		const struct net_train_opts *o)
{
	struct net_work *w = net_work_new(n);
	struct net_row rows[NET_CHUNK];
	int y[NET_CHUNK];
	size_t C = (size_t)n->s.classes;
	double loss = 0.0;

	for (size_t first = 0; first < m; first += NET_CHUNK) {
		size_t k = m - first < NET_CHUNK ? m - first : NET_CHUNK;

		for (size_t j = 0; j < k; j++) {
			row_of(d, idx[first + j], &rows[j]);
			y[j] = d->y[idx[first + j]];
		}
		forward(n, w, rows, k, 0.0f, 0, NULL, o->loss != NET_SOFTMAX);
		for (size_t j = 0; j < k; j++)
			loss += output_grad(o, w->p + j * C, y[j],
					    o->class_weight ? o->class_weight[y[j]] : 1.0f, 1.0f, C,
					    w->dlog);
	}
	net_work_free(w);
	return m ? loss / (double)m : 0.0;
}

struct predict_ctx {
	const struct net *n;
	const struct dataset *d;
	const size_t *idx;
	size_t m;
	float *p;
	struct net_work *w[PARALLEL_MAX_THREADS];
};

static void predict_chunks(void *ctx, size_t begin, size_t end, int thread)
{
	struct predict_ctx *pc = ctx;
	struct net_row rows[NET_CHUNK];
	size_t C = (size_t)pc->n->s.classes;

	for (size_t c = begin; c < end; c++) {
		size_t first = c * NET_CHUNK, m = pc->m - first < NET_CHUNK ? pc->m - first : NET_CHUNK;

		for (size_t j = 0; j < m; j++)
			row_of(pc->d, pc->idx[first + j], &rows[j]);
		net_predict_rows(pc->n, pc->w[thread], rows, m, pc->p + first * C);
	}
}

void net_predict(const struct net *n, const struct dataset *d, const size_t *idx, size_t m,
		 float *p, int threads)
{
	struct predict_ctx pc = { n, d, idx, m, p, { NULL } };

	if (threads < 1)
		threads = 1;
	if (threads > PARALLEL_MAX_THREADS)
		threads = PARALLEL_MAX_THREADS;
	for (int i = 0; i < threads; i++)
		pc.w[i] = net_work_new(n);
	parallel_for((m + NET_CHUNK - 1) / NET_CHUNK, threads, predict_chunks, &pc);
	for (int i = 0; i < threads; i++)
		net_work_free(pc.w[i]);
}
