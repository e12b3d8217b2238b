/*
 * predict: the pc-predict pipeline.  Rows come from a tensor stream (checked against the
 * model: the featurizer's digest and the widths must match) or, when the input is a token
 * TSV, from the model's own featurizer (embed.h), so that `pc-tokenize | pc-predict -m
 * model.pcm` works.  Rows are scored in batches on all threads, in fixed chunks (net.h),
 * and written in input order:
 *   predictions  id, pred, prob, top (the k best "class:probability", best first)
 *   monitor      id, label, pred, confidence, margin (top-1 minus top-2 probability),
 *                entropy (natural log) -- the columns pc-drift watches
 * and, for labelled rows, the evaluation metrics (evalm.h) are accumulated.
 */
#ifndef PC_PREDICT_H
#define PC_PREDICT_H

#include <stdint.h>
#include <stdio.h>

#include "base/strmap.h"
#include "model/embed.h"
#include "model/evalm.h"
#include "model/model.h"

struct predict_opts {
	int topk;
	int threads;
	FILE *out;          /* predictions, or NULL */
	FILE *monitor;      /* monitoring columns, or NULL */
	struct evalm *eval; /* accumulate labelled rows, or NULL */
	/* called for every row in input order, or NULL: its id, its label ("" when
	 * unlabelled) and the index of the predicted class */
	void (*each)(void *ctx, const char *id, const char *label, int pred);
	void *each_ctx;
	/* labels that arrived later, by id (catalog_load_labels), or NULL: they replace
	 * the rows' own */
	const struct strmap *labels;
};

struct predict_stats {
	uint64_t rows, labelled, unknown_labels;
	struct embed_stats embed;
	int from_tokens;    /* the input was a token TSV */
	/* with a featurizer that has an image branch (image_branch 1): rows whose flag
	 * image_missing was set (no photo, a missing or an unreadable one), all of them and
	 * those evaluated (labelled with a class the model knows) */
	int image_branch;
	uint64_t no_photo, no_photo_eval;
};

/* The k best classes of probabilities p[0..C) into order[0..k), best first (ties: the
 * lower index first), as the predictions list them. */
void predict_rank(const float *p, int C, int *order, int k);

/* Score `input` ("-": stdin); 0, or -1 after reporting. */
int predict_run(const struct model *m, const char *input, const struct predict_opts *o,
		struct predict_stats *st);

#endif
