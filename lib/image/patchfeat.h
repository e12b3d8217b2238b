/*
 * patchfeat: learned patch features for photos, the single-layer network of Coates, Lee
 * and Ng ("An analysis of single-layer networks in unsupervised feature learning", 2011),
 * learned from the user's own photos with no downloaded weights.
 *
 * Every photo is first resized to size x size (image_resize).  A patch is a patch x patch
 * window of RGB, a vector of d = patch*patch*3 values in (row, column, channel) order.
 * It is normalised for brightness and contrast, (x - mean(x)) / sqrt(var(x) + 10) on the
 * 0..255 scale, then whitened: xw = (x - M) W, with M the mean of the normalised training
 * patches and W = V (L + whiten_eps I)^-1/2 V^T the ZCA matrix of their covariance
 * V L V^T (a LAPACK eigendecomposition, in double precision).
 *
 * Fitting (--fit): patches at positions drawn from rng_stream(seed, image_index), per_image
 * from each photo, of which the max_patches with the smallest random keys (drawn from the
 * same stream) are kept, so the sample is the same whatever the order of the photos and
 * the number of threads (memory: max_patches * d bytes while sampling, 4 times that in
 * floats while clustering, 86 MB at the defaults).  Then standard (Euclidean) k-means on
 * the whitened patches: k patches drawn from the sample without replacement as the start, `iters` Lloyd iterations (fewer
 * when assignments stop changing), ties to the lowest centroid, an empty cluster
 * re-seeded with a patch drawn from the seed.  Assignment runs as sgemm over fixed blocks
 * of patches on `threads` threads; sums are made in a fixed order, so the dictionary is
 * byte-identical at any thread count.
 *
 * Features: every patch at the given stride, normalised and whitened, against every
 * centroid c_j as ONE sgemm (patches x [W C^T | W], or W C^T alone for soft); then
 *   PATCHFEAT_TRIANGLE  f_j = max(0, mean_i(dist_i) - dist_j), dist_j = |xw - c_j|
 *   PATCHFEAT_SOFT      f_j = max(0, xw . c_j / |c_j| - alpha)
 * averaged over a pool x pool grid of the patch positions (position p of g = (size -
 * patch) / stride + 1 per side falls in cell p * pool / g).  The output holds
 * dim = k * pool * pool floats, cell-major: out[(cell_row * pool + cell_col) * k + j].
 * Soft is the default: on a 3000-product pc-synth catalogue (80/20 split) it scored 84.0%
 * against the triangle's 80.5% with the same linear classifier, and took 0.56 ms a photo
 * against 0.85 ms (bench/image-accuracy.py, bench/image-speed.sh).
 *
 * OpenBLAS: every call that uses BLAS first sets OpenBLAS to one thread, process-wide,
 * so that products never depend on its thread count; parallelism is over photos (the
 * caller's threads with one patchfeat_work each) and over patch blocks in fitting.
 */
#ifndef PC_PATCHFEAT_H
#define PC_PATCHFEAT_H

#include <stddef.h>
#include <stdint.h>

#include "image/image.h"
#include "formats/pcm.h"

enum patchfeat_act { PATCHFEAT_TRIANGLE = 0, PATCHFEAT_SOFT = 1 };

struct patchfeat_opts {
	int size;          /* working resolution, photos resized to size x size (32) */
	int patch;         /* patch side in pixels (6) */
	int stride;        /* step between patches when computing features (1) */
	int k;             /* dictionary size (256) */
	int pool;          /* pooling grid side: 2 = quadrants (2) */
	float whiten_eps;  /* added to the covariance eigenvalues (0.1) */
	int activation;    /* enum patchfeat_act (PATCHFEAT_SOFT) */
	float alpha;       /* soft threshold (0.25) */
	int iters;         /* k-means iterations (10) */
	int per_image;     /* patches sampled per photo when fitting (16) */
	int max_patches;   /* cap on the fitting sample (200000) */
	uint64_t seed;     /* (0) */
	int threads;       /* fitting threads, 0: parallel_default_threads() (0) */
};

/* The defaults in parentheses above. */
void patchfeat_opts_default(struct patchfeat_opts *o);

struct patchfeat;
struct patchfeat_fit;

/* A fitting accumulator; NULL after reporting options out of range (size 8..1024,
 * patch 2..size, stride >= 1, k 1..65536, pool 1..g, whiten_eps > 0, iters >= 0,
 * per_image >= 1, max_patches >= k). */
struct patchfeat_fit *patchfeat_fit_new(const struct patchfeat_opts *o);
/* Sample patches from one photo (any size: resized here).  Thread-safe: several threads
 * may add photos at once; each photo should have its own image_index (its row number).
 * Empty images are ignored. */
void patchfeat_fit_add(struct patchfeat_fit *f, uint64_t image_index, const struct image *img);
/* Patches kept so far. */
size_t patchfeat_fit_count(const struct patchfeat_fit *f);
/* Whiten and cluster; consumes `f` (freed, whatever the outcome).  NULL after reporting
 * too few patches (fewer than k, or fewer than 2). */
struct patchfeat *patchfeat_fit_finish(struct patchfeat_fit *f);
/* Abandon a fit without finishing it. */
void patchfeat_fit_free(struct patchfeat_fit *f);

/* k * pool * pool. */
int patchfeat_dim(const struct patchfeat *p);
const struct patchfeat_opts *patchfeat_get_opts(const struct patchfeat *p);

/* Per-thread scratch for patchfeat_compute; the fields are private. */
struct patchfeat_work {
	struct image sized;
	float *x, *z;
	uint8_t *raw;
};

void patchfeat_work_init(struct patchfeat_work *w, const struct patchfeat *p);
void patchfeat_work_free(struct patchfeat_work *w);

/* Features of one photo (any size; resized to size x size) into out[dim].  An empty
 * image gives zeros.  Thread-safe with one work per thread. */
void patchfeat_compute(const struct patchfeat *p, const struct image *img,
		       struct patchfeat_work *w, float *out);

/*
 * The model archive entries, all .npy under `prefix` (e.g. "image/"):
 *   patch_opts.npy       int64 (8,): format version 1, size, patch, stride, k, pool,
 *                        activation, channels (3)
 *   patch_params.npy     float32 (2,): whiten_eps, alpha
 *   patch_mean.npy       float32 (d,): M
 *   patch_whiten.npy     float32 (d, d): W, applied as row vector times W
 *   patch_centroids.npy  float32 (k, d): the dictionary, in whitened space
 * The fitting-only options (iters, per_image, max_patches, seed, threads) are not stored;
 * a loaded model reports them as 0.  0, or -1 after reporting.
 */
int patchfeat_save(const struct patchfeat *p, struct pcm *a, const char *prefix);
/* NULL after reporting a missing entry, a wrong dtype or shape, options out of range or
 * values that are not finite. */
struct patchfeat *patchfeat_load(const struct pcm *a, const char *prefix);
void patchfeat_free(struct patchfeat *p);

#endif
