/*
 * net: the fusion network and its training step.
 *
 *   text   a = x_s W_t + b_t                x_s: sparse TF-IDF, W_t: sparse x Ht (a linear
 *                                           embedding bag weighted by the TF-IDF values,
 *                                           starting from zero as rows unseen in training
 *                                           stay)
 *   image  b = relu(std(x_d) W_i + b_i)     x_d: dense features, standardised with the
 *                                           training mean and deviation
 *   fuse   h = dropout(relu([a | b] W_h + b_h))    (skipped when hidden is 0)
 *   out    p = softmax(h W_o + b_o)
 *
 * A branch whose input is absent (or switched off) is left out, so the same code trains
 * text-only, image-only and fusion models.  Loss: softmax cross-entropy, or a squared
 * hinge on the logits (one class against the rest, as LinearSVC, or Crammer and Singer's
 * margin to the best wrong class), weighted per class, averaged over the batch, plus L2
 * on the weights (not the biases).
 *
 * Determinism.  A batch is cut into chunks of NET_CHUNK examples whatever the thread
 * count; each chunk's forward and backward passes run on one thread with single-threaded
 * BLAS, its gradients go to its own buffers, and the buffers are summed in chunk order.
 * The sparse rows of W_t are updated row by row, each row's gradient summed over the
 * batch's examples in order.  Dropout masks are drawn from a stream per (epoch, row).  So
 * a given seed gives the same weights at any thread count.
 *
 * Optimisers: Adam (lazy for W_t: only the rows a batch touches move, as TensorFlow's
 * LazyAdam), or SGD with momentum (also lazy for W_t).
 */
#ifndef PC_NET_H
#define PC_NET_H

#include <stddef.h>
#include <stdint.h>

#include "model/dataset.h"
#include "model/spemb.h"

#define NET_CHUNK 32
#define NET_MAX_TENSORS 10

struct net_spec {
	uint32_t sparse, dense;   /* input widths; 0 leaves the branch out */
	int text_hidden;          /* Ht */
	int image_hidden;         /* Hi */
	int hidden;               /* H, 0 for none */
	int classes;              /* C */
};

struct net_tensor {
	const char *name;         /* "text_w", ... (the archive entry is net/<name>.npy) */
	float *w;
	size_t rows, cols;
	int lazy;                 /* updated row by row (text_w) */
	int decay;                /* L2 applies */
};

struct net {
	struct net_spec s;
	struct net_tensor t[NET_MAX_TENSORS];
	int nt;
	int text_w, text_b, image_w, image_b, hidden_w, hidden_b, out_w, out_b; /* indices or -1 */
	float *dmean, *dscale;    /* dense standardisation, dense values each */
	/* When the sparse part was compacted (dataset_compact): row r of the text embedding is
	 * the stream's feature orig[r] of orig_width (owned; model_write writes the rows under
	 * those numbers and orig_width as the network's sparse width); NULL otherwise. */
	uint32_t *orig;
	uint32_t orig_width;
	/* A network read from a model archive holds its text embedding by its non-zero
	 * weights (net_new_read; t[text_w] is then empty); NULL in training. */
	struct spemb *text_sp;
};

/* Give n the compaction map of d (a copy), when d was compacted. */
void net_set_orig(struct net *n, const struct dataset *d);

/* Allocate a network with weights drawn from `seed` (and the standardisation set to the
 * identity); NULL after reporting an impossible spec. */
struct net *net_new(const struct net_spec *s, uint64_t seed);
void net_free(struct net *n);
/* A network to read trained weights into: its tensors as net_new's but the text
 * embedding, which is `text` (malloc'd, taken over: freed with the network, or here on
 * failure; its width and cols those of s).  Prediction only: it does not train. */
struct net *net_new_read(const struct net_spec *s, struct spemb *text);
/* Set the standardisation from the dense parts of rows idx[0..m) of d. */
void net_fit_scaler(struct net *n, const struct dataset *d, const size_t *idx, size_t m);
/* Whether the n weights at r are all zero (a row of a lazy tensor no row touched). */
int net_row_is_zero(const float *r, size_t n);
/* Whether every weight is finite (training has not diverged). */
int net_finite(const struct net *n);
/* Copy all weights of src into dst (same spec): keeping the best epoch. */
void net_copy_weights(struct net *dst, const struct net *src);

/* Adam, SGD with momentum; or dual coordinate descent, the exact solver of a linear
 * text-only model under the squared hinge (linsvm.h, run by train.c, not by the trainer). */
enum net_opt { NET_ADAM, NET_SGD, NET_DCD };

/* Softmax cross-entropy; squared hinge one against the rest (as LinearSVC); squared hinge
 * on the margin to the best wrong class (Crammer and Singer). */
enum net_loss { NET_SOFTMAX, NET_SQHINGE, NET_CS };

struct net_train_opts {
	enum net_opt opt;
	float lr;
	float momentum;           /* SGD */
	float beta1, beta2, eps;  /* Adam */
	float l2;
	float dropout;            /* on the fusion layer */
	uint64_t seed;
	int threads;
	const float *class_weight;/* C weights, NULL: all 1 */
	float smoothing;          /* label smoothing: the target is (1 - s) one-hot + s / C */
	enum net_loss loss;
};

struct net_trainer;

struct net_trainer *net_trainer_new(struct net *n, const struct net_train_opts *o);
void net_trainer_free(struct net_trainer *t);
/* One optimisation step on rows idx[0..m) of d (d->y set, all >= 0) at learning rate lr;
 * `epoch` seeds the dropout masks.  Returns the mean weighted loss of the batch. */
double net_train_batch(struct net_trainer *t, const struct dataset *d, const size_t *idx,
		       size_t m, int epoch, float lr);

/* Copy the trainer's weights into dst (same spec), the text embedding only in the rows
 * training has touched (the others are as they started, zero): keeping the best epoch
 * without touching every page of a large embedding. */
void net_trainer_copy_weights(const struct net_trainer *t, struct net *dst);

/* The mean weighted loss of rows idx[0..m) of d under o's loss (without dropout, L2 or
 * the batch scaling), on one thread. */
double net_loss(const struct net *n, const struct dataset *d, const size_t *idx, size_t m,
		const struct net_train_opts *o);

/* Class probabilities of rows idx[0..m) into p (m x C), on `threads` threads. */
void net_predict(const struct net *n, const struct dataset *d, const size_t *idx, size_t m,
		 float *p, int threads);
/* The same for one row given by its parts (prediction from a stream, one chunk at a
 * time): rows[0..m) with m <= NET_CHUNK; single-threaded. */
struct net_row {
	const float *dense;
	uint32_t nnz;
	const uint32_t *idx;
	const float *val;
};
struct net_work;
struct net_work *net_work_new(const struct net *n);
void net_work_free(struct net_work *w);
void net_predict_rows(const struct net *n, struct net_work *w, const struct net_row *rows,
		      size_t m, float *p);

#endif
