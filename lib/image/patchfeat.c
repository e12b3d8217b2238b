/* patchfeat: Coates-Ng patch features, whitening and k-means; see patchfeat.h. */
#include "image/patchfeat.h"
#include "base/blas.h"
#include "base/msg.h"
#include "formats/npy.h"
#include "base/parallel.h"
#include "base/rng.h"
#include "base/xalloc.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>


#define BLOCK 4096              /* patches per block in fitting: fixes the sum order */
#define NORM_BIAS 10.0          /* added to a patch's variance (0..255 scale) */
#define FORMAT_VERSION 1
#define INIT_SALT 0x5bd1e9955bd1e995ULL
#define RESEED_SALT 0x9e3779b97f4a7c15ULL

struct patchfeat {
	struct patchfeat_opts o;
	int d, g, cols;
	float *mean;    /* d */
	float *whiten;  /* d x d */
	float *cent;    /* k x d */
	float *b;       /* d x cols: W C^T (centroids unit length for PATCHFEAT_SOFT), then W */
	float *cn2;     /* k: squared centroid norms */
	int *cellcount; /* pool x pool: patch positions per pooling cell */
};

struct slot {
	uint64_t key, image;
	uint32_t j;
};

struct patchfeat_fit {
	struct patchfeat_opts o;
	int d;
	pthread_mutex_t lock;
	size_t n, cap;          /* patches kept; capacity of px and slots */
	uint8_t *px;            /* n x d raw patches */
	struct slot *slots;
	uint32_t *heap;         /* slot numbers, a max-heap on slot order */
};

void patchfeat_opts_default(struct patchfeat_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->size = 32;
	o->patch = 6;
	o->stride = 1;
	o->k = 256;
	o->pool = 2;
	o->whiten_eps = 0.1f;
	o->activation = PATCHFEAT_SOFT;
	o->alpha = 0.25f;
	o->iters = 10;
	o->per_image = 16;
	o->max_patches = 200000;
}

static int grid(const struct patchfeat_opts *o)
{
	return (o->size - o->patch) / o->stride + 1;
}

/* The options that shape the features; `what` names the source in messages. */
static int check_shape_opts(const struct patchfeat_opts *o, const char *what)
{
	if (o->size < 8 || o->size > 1024)
		return pc_error("%s: patch features: size %d out of range 8..1024", what, o->size);
	if (o->patch < 2 || o->patch > o->size)
		return pc_error("%s: patch features: patch %d out of range 2..%d", what, o->patch,
				o->size);
	if (o->stride < 1 || o->stride > o->size)
		return pc_error("%s: patch features: stride %d out of range", what, o->stride);
	if (o->k < 1 || o->k > 65536)
		return pc_error("%s: patch features: k %d out of range 1..65536", what, o->k);
	if (o->pool < 1 || o->pool > grid(o))
		return pc_error("%s: patch features: pool %d out of range 1..%d", what, o->pool,
				grid(o));
	if (!(o->whiten_eps > 0) || !isfinite(o->whiten_eps))
		return pc_error("%s: patch features: whitening epsilon must be positive", what);
	if (o->activation != PATCHFEAT_TRIANGLE && o->activation != PATCHFEAT_SOFT)
		return pc_error("%s: patch features: unknown activation %d", what, o->activation);
	if (!isfinite(o->alpha))
		return pc_error("%s: patch features: alpha is not finite", what);
	return 0;
}

/* ---- fitting: a sample of patches independent of the order photos arrive in ---- */

static int slot_less(const struct slot *a, const struct slot *b)
{
	if (a->key != b->key)
		return a->key < b->key;
	if (a->image != b->image)
		return a->image < b->image;
	return a->j < b->j;
}

struct patchfeat_fit *patchfeat_fit_new(const struct patchfeat_opts *o)
{
	struct patchfeat_fit *f;

	if (check_shape_opts(o, "fit") < 0)
		return NULL;
	if (o->iters < 0 || o->per_image < 1 || o->max_patches < o->k ||
	    o->max_patches > (1 << 28)) {
		pc_error("fit: patch features: bad sampling options (iters %d, per image %d, "
			 "max patches %d for k %d)", o->iters, o->per_image, o->max_patches,
			 o->k);
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	f->o = *o;
	f->d = o->patch * o->patch * 3;
	pthread_mutex_init(&f->lock, NULL);
	return f;
}

static void heap_down(struct patchfeat_fit *f, size_t i)
{
	size_t n = f->n;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		uint32_t t;

		if (l < n && slot_less(&f->slots[f->heap[m]], &f->slots[f->heap[l]]))
			m = l;
		if (r < n && slot_less(&f->slots[f->heap[m]], &f->slots[f->heap[r]]))
			m = r;
		if (m == i)
			return;
		t = f->heap[i];
		f->heap[i] = f->heap[m];
		f->heap[m] = t;
		i = m;
	}
}

static void heap_up(struct patchfeat_fit *f, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		uint32_t t;

		if (!slot_less(&f->slots[f->heap[p]], &f->slots[f->heap[i]]))
			return;
		t = f->heap[i];
		f->heap[i] = f->heap[p];
		f->heap[p] = t;
		i = p;
	}
}

/* Keep the max_patches smallest slots; called with the lock held. */
static void keep(struct patchfeat_fit *f, const struct slot *s, const uint8_t *px)
{
	size_t d = (size_t)f->d;
	uint32_t at;

	if (f->n < (size_t)f->o.max_patches) {
		if (f->n == f->cap) {
			xgrow(&f->slots, &f->cap, f->n + 1, sizeof(*f->slots));
			f->heap = xreallocarray(f->heap, f->cap, sizeof(*f->heap));
			f->px = xreallocarray(f->px, f->cap, d);
		}
		at = (uint32_t)f->n++;
		f->heap[at] = at;
		f->slots[at] = *s;
		memcpy(f->px + at * d, px, d);
		heap_up(f, at);
		return;
	}
	at = f->heap[0];
	if (!slot_less(s, &f->slots[at]))
		return;
	f->slots[at] = *s;
	memcpy(f->px + at * d, px, d);
	heap_down(f, 0);
}

void patchfeat_fit_add(struct patchfeat_fit *f, uint64_t image_index, const struct image *img)
{
	const struct patchfeat_opts *o = &f->o;
	struct image tmp = { 0 };
	const struct image *src = img;
	size_t d = (size_t)f->d, row = (size_t)o->size * 3, prow = (size_t)o->patch * 3;
	struct slot *sl;
	uint8_t *px;
	struct rng r;

	if (img->w <= 0 || img->h <= 0)
		return;
	if (img->w != o->size || img->h != o->size) {
		image_resize(img, o->size, o->size, &tmp);
		src = &tmp;
	}
	sl = xmalloc(sizeof(*sl) * (size_t)o->per_image);
	px = xmalloc(d * (size_t)o->per_image);
	rng_stream(&r, o->seed, image_index);
	for (int j = 0; j < o->per_image; j++) {
		uint64_t x = rng_below(&r, (uint64_t)(o->size - o->patch + 1));
		uint64_t y = rng_below(&r, (uint64_t)(o->size - o->patch + 1));

		sl[j].key = rng_u64(&r);
		sl[j].image = image_index;
		sl[j].j = (uint32_t)j;
		for (int dy = 0; dy < o->patch; dy++)
			memcpy(px + j * d + dy * prow, src->rgb + (y + dy) * row + x * 3, prow);
	}
	pthread_mutex_lock(&f->lock);
	for (int j = 0; j < o->per_image; j++)
		keep(f, &sl[j], px + j * d);
	pthread_mutex_unlock(&f->lock);
	free(sl);
	free(px);
	image_free(&tmp);
}

size_t patchfeat_fit_count(const struct patchfeat_fit *f)
{
	return f->n;
}

void patchfeat_fit_free(struct patchfeat_fit *f)
{
	if (!f)
		return;
	pthread_mutex_destroy(&f->lock);
	free(f->px);
	free(f->slots);
	free(f->heap);
	free(f);
}

/* Brightness and contrast normalisation of one raw patch, minus `mean` when given. */
static void normalise(const uint8_t *p, int d, const float *mean, float *out)
{
	int64_t s = 0, s2 = 0;
	double m, inv;

	for (int i = 0; i < d; i++) {
		s += p[i];
		s2 += p[i] * p[i];
	}
	m = (double)s / d;
	inv = 1.0 / sqrt((double)s2 / d - m * m + NORM_BIAS);
	for (int i = 0; i < d; i++)
		out[i] = (float)((p[i] - m) * inv) - (mean ? mean[i] : 0.0f);
}

/* Work shared by the block-parallel steps of fitting. */
struct fitjob {
	float *x;               /* n x d, centred, then whitened */
	size_t n;
	int d, k;
	const float *w;         /* d x d whitening */
	const float *cent;      /* k x d */
	const float *half_cn2;  /* k: |c|^2 / 2 */
	float *part;            /* per block: d x d covariance part */
	float **scratch;        /* per thread */
	int *assign;
	size_t *changed;        /* per block */
};

static size_t block_rows(const struct fitjob *j, size_t b)
{
	size_t lo = b * BLOCK;

	return j->n - lo < BLOCK ? j->n - lo : BLOCK;
}

static void cov_blocks(void *ctx, size_t begin, size_t end, int thread)
{
	struct fitjob *j = ctx;
	(void)thread;

	for (size_t b = begin; b < end; b++)
		blas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, j->d, j->d,
			    (int)block_rows(j, b), 1.0f, j->x + b * BLOCK * j->d, j->d,
			    j->x + b * BLOCK * j->d, j->d, 0.0f,
			    j->part + b * (size_t)j->d * j->d, j->d);
}

static void whiten_blocks(void *ctx, size_t begin, size_t end, int thread)
{
	struct fitjob *j = ctx;
	float *tmp = j->scratch[thread];

	for (size_t b = begin; b < end; b++) {
		size_t rows = block_rows(j, b);
		float *xb = j->x + b * BLOCK * j->d;

		blas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, j->d, j->d,
			    1.0f, xb, j->d, j->w, j->d, 0.0f, tmp, j->d);
		memcpy(xb, tmp, sizeof(float) * rows * j->d);
	}
}

static void assign_blocks(void *ctx, size_t begin, size_t end, int thread)
{
	struct fitjob *j = ctx;
	float *z = j->scratch[thread];

	for (size_t b = begin; b < end; b++) {
		size_t rows = block_rows(j, b), changed = 0;

		blas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, j->k, j->d,
			    1.0f, j->x + b * BLOCK * j->d, j->d, j->cent, j->d, 0.0f, z, j->k);
		for (size_t r = 0; r < rows; r++) {
			const float *zr = z + r * j->k;
			int best = 0;
			float bs = zr[0] - j->half_cn2[0];

			for (int c = 1; c < j->k; c++) {
				float s = zr[c] - j->half_cn2[c];

				if (s > bs) {
					bs = s;
					best = c;
				}
			}
			if (j->assign[b * BLOCK + r] != best) {
				j->assign[b * BLOCK + r] = best;
				changed++;
			}
		}
		j->changed[b] = changed;
	}
}

/* ZCA: W = V (L + eps)^-1/2 V^T from the covariance `cov` (d x d, destroyed). */
static int zca(double *cov, int d, double eps, float *w)
{
	double *lam = xmalloc(sizeof(double) * d), qwork;
	int lwork = -1, liwork = -1, qiwork, info = 0;
	double *work;
	int *iwork;

	blas_dsyevd("V", "U", &d, cov, &d, lam, &qwork, &lwork, &qiwork, &liwork, &info);
	if (info != 0) {
		free(lam);
		return pc_error("patch features: eigendecomposition failed (info %d)", info);
	}
	lwork = (int)qwork;
	liwork = qiwork;
	work = xmalloc(sizeof(double) * (size_t)lwork);
	iwork = xmalloc(sizeof(int) * (size_t)liwork);
	blas_dsyevd("V", "U", &d, cov, &d, lam, work, &lwork, iwork, &liwork, &info);
	free(work);
	free(iwork);
	if (info != 0) {
		free(lam);
		return pc_error("patch features: eigendecomposition failed (info %d)", info);
	}
	for (int e = 0; e < d; e++)
		lam[e] = 1.0 / sqrt((lam[e] > 0 ? lam[e] : 0) + eps);
	/* column-major: eigenvector e is cov[e*d .. e*d+d) */
	for (int a = 0; a < d; a++)
		for (int b = 0; b < d; b++) {
			double s = 0;

			for (int e = 0; e < d; e++)
				s += cov[e * d + a] * cov[e * d + b] * lam[e];
			w[a * d + b] = (float)s;
		}
	free(lam);
	return 0;
}

/* Derive the compute-time product matrix and norms from mean, whiten and cent. */
static void prepare(struct patchfeat *p)
{
	int d = p->d, k = p->o.k;
	float *c = p->cent;
	float *cn = NULL;

	p->g = grid(&p->o);
	p->cols = k + (p->o.activation == PATCHFEAT_TRIANGLE ? d : 0);
	p->b = xmalloc_aligned((size_t)d * p->cols, sizeof(float));
	p->cn2 = xmalloc(sizeof(float) * k);
	p->cellcount = xcalloc((size_t)p->o.pool * p->o.pool, sizeof(int));
	for (int py = 0; py < p->g; py++)
		for (int px = 0; px < p->g; px++)
			p->cellcount[(py * p->o.pool / p->g) * p->o.pool + px * p->o.pool / p->g]++;
	for (int j = 0; j < k; j++) {
		double s = 0;

		for (int i = 0; i < d; i++)
			s += (double)c[(size_t)j * d + i] * c[(size_t)j * d + i];
		p->cn2[j] = (float)s;
	}
	if (p->o.activation == PATCHFEAT_SOFT) {
		cn = xmalloc_aligned((size_t)k * d, sizeof(float));
		for (int j = 0; j < k; j++) {
			float inv = p->cn2[j] > 0 ? (float)(1.0 / sqrt(p->cn2[j])) : 0.0f;

			for (int i = 0; i < d; i++)
				cn[(size_t)j * d + i] = c[(size_t)j * d + i] * inv;
		}
		c = cn;
	}
	blas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, d, k, d, 1.0f, p->whiten, d, c, d,
		    0.0f, p->b, p->cols);
	if (p->o.activation == PATCHFEAT_TRIANGLE)
		for (int i = 0; i < d; i++)
			memcpy(p->b + (size_t)i * p->cols + k, p->whiten + (size_t)i * d,
			       sizeof(float) * d);
	free(cn);
}

struct ranked {
	struct slot s;
	uint32_t at;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct slot *x = &((const struct ranked *)a)->s, *y = &((const struct ranked *)b)->s;

	return slot_less(x, y) ? -1 : slot_less(y, x) ? 1 : 0;
}

static void kmeans(struct fitjob *j, const struct patchfeat_opts *o, int threads,
		   float *cent)
{
	size_t n = j->n, nb = (n + BLOCK - 1) / BLOCK, d = (size_t)j->d;
	int k = j->k;
	uint32_t *pick = xmalloc(sizeof(uint32_t) * n);
	double *sum = xmalloc(sizeof(double) * k * d);
	size_t *count = xmalloc(sizeof(size_t) * k);
	float *half = xmalloc(sizeof(float) * k);
	struct rng r;

	rng_seed(&r, o->seed ^ INIT_SALT);
	for (size_t i = 0; i < n; i++)
		pick[i] = (uint32_t)i;
	for (int c = 0; c < k; c++) {
		size_t t = c + (size_t)rng_below(&r, n - c);
		uint32_t v = pick[c];

		pick[c] = pick[t];
		pick[t] = v;
		memcpy(cent + c * d, j->x + (size_t)pick[c] * d, sizeof(float) * d);
	}
	j->cent = cent;
	j->half_cn2 = half;
	for (size_t i = 0; i < n; i++)
		j->assign[i] = -1;
	for (int it = 0; it < o->iters; it++) {
		size_t changed = 0;

		for (int c = 0; c < k; c++) {
			double s = 0;

			for (size_t i = 0; i < d; i++)
				s += (double)cent[c * d + i] * cent[c * d + i];
			half[c] = (float)(s / 2);
		}
		parallel_for(nb, threads, assign_blocks, j);
		for (size_t b = 0; b < nb; b++)
			changed += j->changed[b];
		if (changed == 0)
			break;
		memset(sum, 0, sizeof(double) * k * d);
		memset(count, 0, sizeof(size_t) * k);
		for (size_t i = 0; i < n; i++) {
			double *s = sum + (size_t)j->assign[i] * d;
			const float *x = j->x + i * d;

			count[j->assign[i]]++;
			for (size_t e = 0; e < d; e++)
				s[e] += x[e];
		}
		rng_stream(&r, o->seed ^ RESEED_SALT, (uint64_t)it);
		for (int c = 0; c < k; c++) {
			if (count[c] == 0) {
				memcpy(cent + c * d, j->x + rng_below(&r, n) * d, sizeof(float) * d);
				continue;
			}
			for (size_t e = 0; e < d; e++)
				cent[c * d + e] = (float)(sum[c * d + e] / (double)count[c]);
		}
	}
	free(pick);
	free(sum);
	free(count);
	free(half);
}

struct patchfeat *patchfeat_fit_finish(struct patchfeat_fit *f)
{
	const struct patchfeat_opts *o = &f->o;
	int d = f->d, k = o->k;
	int threads = o->threads > 0 ? o->threads : parallel_default_threads();
	size_t n = f->n, nb, scratch;
	struct patchfeat *p = NULL;
	struct fitjob job;
	struct ranked *order;
	double *mean, *cov;
	float *x;

	if (n < (size_t)k || n < 2) {
		pc_error("patch features: %zu patches sampled, too few for %d centroids", n, k);
		patchfeat_fit_free(f);
		return NULL;
	}
	order = xmalloc(sizeof(*order) * n);
	for (size_t i = 0; i < n; i++) {
		order[i].s = f->slots[i];
		order[i].at = (uint32_t)i;
	}
	qsort(order, n, sizeof(*order), cmp_ranked);
	x = xmalloc_aligned(n * d, sizeof(float));
	for (size_t i = 0; i < n; i++)
		normalise(f->px + (size_t)order[i].at * d, d, NULL, x + i * d);
	free(order);

	p = xcalloc(1, sizeof(*p));
	p->o = *o;
	p->d = d;
	p->mean = xmalloc_aligned(d, sizeof(float));
	p->whiten = xmalloc_aligned((size_t)d * d, sizeof(float));
	p->cent = xmalloc_aligned((size_t)k * d, sizeof(float));
	mean = xcalloc(d, sizeof(double));
	for (size_t i = 0; i < n; i++)
		for (int e = 0; e < d; e++)
			mean[e] += x[i * d + e];
	for (int e = 0; e < d; e++)
		p->mean[e] = (float)(mean[e] / (double)n);
	free(mean);
	for (size_t i = 0; i < n; i++)
		for (int e = 0; e < d; e++)
			x[i * d + e] -= p->mean[e];

	nb = (n + BLOCK - 1) / BLOCK;
	memset(&job, 0, sizeof(job));
	job.x = x;
	job.n = n;
	job.d = d;
	job.k = k;
	job.part = xmalloc_aligned(nb * d * d, sizeof(float));
	parallel_for(nb, threads, cov_blocks, &job);
	cov = xcalloc((size_t)d * d, sizeof(double));
	for (size_t b = 0; b < nb; b++)
		for (size_t e = 0; e < (size_t)d * d; e++)
			cov[e] += job.part[b * d * d + e];
	free(job.part);
	for (size_t e = 0; e < (size_t)d * d; e++)
		cov[e] /= (double)n;
	if (zca(cov, d, o->whiten_eps, p->whiten) < 0) {
		free(cov);
		free(x);
		patchfeat_free(p);
		patchfeat_fit_free(f);
		return NULL;
	}
	free(cov);
	patchfeat_fit_free(f);

	scratch = (size_t)BLOCK * (size_t)(k > d ? k : d);
	job.scratch = xcalloc(threads, sizeof(float *));
	for (int t = 0; t < threads; t++)
		job.scratch[t] = xmalloc_aligned(scratch, sizeof(float));
	job.w = p->whiten;
	parallel_for(nb, threads, whiten_blocks, &job);
	job.assign = xmalloc(sizeof(int) * n);
	job.changed = xcalloc(nb, sizeof(size_t));
	kmeans(&job, &p->o, threads, p->cent);
	for (int t = 0; t < threads; t++)
		free(job.scratch[t]);
	free(job.scratch);
	free(job.assign);
	free(job.changed);
	free(x);
	prepare(p);
	return p;
}

/* ---- features ---- */

int patchfeat_dim(const struct patchfeat *p)
{
	return p->o.k * p->o.pool * p->o.pool;
}

const struct patchfeat_opts *patchfeat_get_opts(const struct patchfeat *p)
{
	return &p->o;
}

void patchfeat_work_init(struct patchfeat_work *w, const struct patchfeat *p)
{
	size_t np = (size_t)p->g * p->g;

	memset(w, 0, sizeof(*w));
	w->x = xmalloc_aligned(np * p->d, sizeof(float));
	w->z = xmalloc_aligned(np * p->cols, sizeof(float));
	w->raw = xmalloc((size_t)p->d);
}

void patchfeat_work_free(struct patchfeat_work *w)
{
	image_free(&w->sized);
	free(w->x);
	free(w->z);
	free(w->raw);
	memset(w, 0, sizeof(*w));
}

/*
 * Activations, four lanes at a time: with SSE (every x86-64) through intrinsics, else in
 * plain C doing the same operations in the same order, so both give the same bits (IEEE
 * sqrt, add and max are exact).  Sums keep one partial per lane, added at the end.
 */
#ifdef __SSE__
#include <xmmintrin.h>
#endif

static float sum4(const float *v, int n)
{
	float l[4] = { 0, 0, 0, 0 };
	int i = 0;

#ifdef __SSE__
	__m128 acc = _mm_setzero_ps();

	for (; i + 4 <= n; i += 4)
		acc = _mm_add_ps(acc, _mm_loadu_ps(v + i));
	_mm_storeu_ps(l, acc);
#else
	for (; i + 4 <= n; i += 4)
		for (int e = 0; e < 4; e++)
			l[e] += v[i + e];
#endif
	for (; i < n; i++)
		l[i % 4] += v[i];
	return (l[0] + l[1]) + (l[2] + l[3]);
}

static float sumsq4(const float *v, int n)
{
	float l[4] = { 0, 0, 0, 0 };
	int i = 0;

#ifdef __SSE__
	__m128 acc = _mm_setzero_ps();

	for (; i + 4 <= n; i += 4) {
		__m128 x = _mm_loadu_ps(v + i);

		acc = _mm_add_ps(acc, _mm_mul_ps(x, x));
	}
	_mm_storeu_ps(l, acc);
#else
	for (; i + 4 <= n; i += 4)
		for (int e = 0; e < 4; e++)
			l[e] += v[i + e] * v[i + e];
#endif
	for (; i < n; i++)
		l[i % 4] += v[i] * v[i];
	return (l[0] + l[1]) + (l[2] + l[3]);
}

/* z[j] = sqrt(max(0, xn - 2 z[j] + cn2[j])): distances from dot products. */
static void distances(float *z, const float *cn2, float xn, int k)
{
	int j = 0;

#ifdef __SSE__
	__m128 vx = _mm_set1_ps(xn), two = _mm_set1_ps(2.0f), zero = _mm_setzero_ps();

	for (; j + 4 <= k; j += 4) {
		__m128 q = _mm_add_ps(_mm_sub_ps(vx, _mm_mul_ps(two, _mm_loadu_ps(z + j))),
				      _mm_loadu_ps(cn2 + j));

		_mm_storeu_ps(z + j, _mm_sqrt_ps(_mm_max_ps(q, zero)));
	}
#endif
	for (; j < k; j++) {
		float q = (xn - 2.0f * z[j]) + cn2[j];

		z[j] = sqrtf(q > 0 ? q : 0);
	}
}

/* o[j] += max(0, bias + sign * z[j]) */
static void relu_add(float *o, const float *z, float bias, float sign, int k)
{
	int j = 0;

#ifdef __SSE__
	__m128 vb = _mm_set1_ps(bias), vs = _mm_set1_ps(sign), zero = _mm_setzero_ps();

	for (; j + 4 <= k; j += 4) {
		__m128 v = _mm_add_ps(vb, _mm_mul_ps(vs, _mm_loadu_ps(z + j)));

		_mm_storeu_ps(o + j, _mm_add_ps(_mm_loadu_ps(o + j), _mm_max_ps(v, zero)));
	}
#endif
	for (; j < k; j++) {
		float v = bias + sign * z[j];

		o[j] += v > 0 ? v : 0;
	}
}

/* Pool the activations of one patch (its row z of the product) into o_cell. */
static void activate(const struct patchfeat *p, float *z, float *o_cell)
{
	int k = p->o.k;

	if (p->o.activation == PATCHFEAT_SOFT) {
		relu_add(o_cell, z, -p->o.alpha, 1.0f, k);
		return;
	}
	distances(z, p->cn2, sumsq4(z + k, p->d), k);
	relu_add(o_cell, z, sum4(z, k) / (float)k, -1.0f, k);
}

void patchfeat_compute(const struct patchfeat *p, const struct image *img,
		       struct patchfeat_work *w, float *out)
{
	const struct patchfeat_opts *o = &p->o;
	const struct image *src = img;
	int g = p->g, k = o->k, d = p->d, pool = o->pool, cols = p->cols;
	size_t np = (size_t)g * g, row = (size_t)o->size * 3, prow = (size_t)o->patch * 3;

	memset(out, 0, sizeof(float) * (size_t)patchfeat_dim(p));
	if (img->w <= 0 || img->h <= 0)
		return;
	if (img->w != o->size || img->h != o->size) {
		image_resize(img, o->size, o->size, &w->sized);
		src = &w->sized;
	}
	for (int py = 0; py < g; py++)
		for (int px = 0; px < g; px++) {
			const uint8_t *s = src->rgb + (size_t)py * o->stride * row +
					   (size_t)px * o->stride * 3;

			for (int dy = 0; dy < o->patch; dy++)
				memcpy(w->raw + dy * prow, s + dy * row, prow);
			normalise(w->raw, d, p->mean, w->x + ((size_t)py * g + px) * d);
		}
	blas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)np, cols, d, 1.0f, w->x, d,
		    p->b, cols, 0.0f, w->z, cols);
	for (int py = 0; py < g; py++)
		for (int px = 0; px < g; px++) {
			int cell = (py * pool / g) * pool + px * pool / g;

			activate(p, w->z + ((size_t)py * g + px) * cols, out + (size_t)cell * k);
		}
	for (int c = 0; c < pool * pool; c++)
		for (int j = 0; j < k; j++)
			out[(size_t)c * k + j] /= (float)p->cellcount[c];
}

/* ---- archive ---- */

static int put(struct pcm *a, const char *prefix, const char *name, enum npy_dtype t,
	       int ndim, const uint64_t *shape, const void *data)
{
	char *entry = xasprintf("%s%s", prefix, name);
	int ret = npy_put(a, entry, t, ndim, shape, data);

	free(entry);
	return ret;
}

int patchfeat_save(const struct patchfeat *p, struct pcm *a, const char *prefix)
{
	const struct patchfeat_opts *o = &p->o;
	int64_t opts[8] = { FORMAT_VERSION, o->size, o->patch, o->stride, o->k, o->pool,
			    o->activation, 3 };
	float params[2] = { o->whiten_eps, o->alpha };
	uint64_t s8[1] = { 8 }, s2[1] = { 2 }, sd[1] = { (uint64_t)p->d };
	uint64_t sdd[2] = { (uint64_t)p->d, (uint64_t)p->d }, skd[2] = { (uint64_t)o->k, (uint64_t)p->d };

	if (put(a, prefix, "patch_opts.npy", NPY_I8, 1, s8, opts) < 0 ||
	    put(a, prefix, "patch_params.npy", NPY_F4, 1, s2, params) < 0 ||
	    put(a, prefix, "patch_mean.npy", NPY_F4, 1, sd, p->mean) < 0 ||
	    put(a, prefix, "patch_whiten.npy", NPY_F4, 2, sdd, p->whiten) < 0 ||
	    put(a, prefix, "patch_centroids.npy", NPY_F4, 2, skd, p->cent) < 0)
		return -1;
	return 0;
}

static int get(const struct pcm *a, const char *prefix, const char *name, enum npy_dtype t,
	       int ndim, const uint64_t *shape, struct npy_view *out)
{
	char *entry = xasprintf("%s%s", prefix, name);
	int ret = npy_get(a, entry, t, ndim, shape, out);

	free(entry);
	return ret;
}

struct patchfeat *patchfeat_load(const struct pcm *a, const char *prefix)
{
	uint64_t s8[1] = { 8 }, s2[1] = { 2 }, sd[1], sdd[2], skd[2];
	struct npy_view opts, params, mean, whiten, cent;
	struct patchfeat *p;
	const int64_t *v;
	const float *f;
	char *what;
	int bad;

	if (get(a, prefix, "patch_opts.npy", NPY_I8, 1, s8, &opts) < 0 ||
	    get(a, prefix, "patch_params.npy", NPY_F4, 1, s2, &params) < 0)
		return NULL;
	v = opts.data;
	f = params.data;
	p = xcalloc(1, sizeof(*p));
	p->o.size = (int)v[1];
	p->o.patch = (int)v[2];
	p->o.stride = (int)v[3];
	p->o.k = (int)v[4];
	p->o.pool = (int)v[5];
	p->o.activation = (int)v[6];
	p->o.whiten_eps = f[0];
	p->o.alpha = f[1];
	bad = 0;
	for (int i = 1; i < 8; i++)
		if (v[i] < 0 || v[i] > 65536)
			bad = 1;
	what = xasprintf("%s: %spatch_opts.npy", pcm_name(a), prefix);
	if (v[0] != FORMAT_VERSION) {
		pc_error("%s: unsupported format version %lld", what, (long long)v[0]);
		bad = 2;
	} else if (bad || v[7] != 3) {
		pc_error("%s: options out of range", what);
		bad = 1;
	} else if (check_shape_opts(&p->o, what) < 0) {
		bad = 1;
	}
	free(what);
	if (bad) {
		free(p);
		return NULL;
	}
	p->d = p->o.patch * p->o.patch * 3;
	sd[0] = (uint64_t)p->d;
	sdd[0] = sdd[1] = (uint64_t)p->d;
	skd[0] = (uint64_t)p->o.k;
	skd[1] = (uint64_t)p->d;
	/* every array found, of its shape, before the memory it takes is allocated */
	if (get(a, prefix, "patch_mean.npy", NPY_F4, 1, sd, &mean) < 0 ||
	    get(a, prefix, "patch_whiten.npy", NPY_F4, 2, sdd, &whiten) < 0 ||
	    get(a, prefix, "patch_centroids.npy", NPY_F4, 2, skd, &cent) < 0) {
		free(p);
		return NULL;
	}
	p->mean = xmalloc_aligned(p->d, sizeof(float));
	p->whiten = xmalloc_aligned((size_t)p->d * p->d, sizeof(float));
	p->cent = xmalloc_aligned((size_t)p->o.k * p->d, sizeof(float));
	memcpy(p->mean, mean.data, mean.nbytes);
	memcpy(p->whiten, whiten.data, whiten.nbytes);
	memcpy(p->cent, cent.data, cent.nbytes);
	prepare(p);
	return p;
}

void patchfeat_free(struct patchfeat *p)
{
	if (!p)
		return;
	free(p->mean);
	free(p->whiten);
	free(p->cent);
	free(p->b);
	free(p->cn2);
	free(p->cellcount);
	free(p);
}
