/*
 * model: the model archive (.pcm) that pc-train writes and pc-predict reads: everything
 * inference needs in one verified file.
 *
 * Entries: MANIFEST.yaml (kind: model, format, classes, the featurizer's digest, the
 * network's spec, and what the trainer adds: hyperparameters, training data digest,
 * validation metrics; the digests of the entries are SHA256SUMS's, pcm.h), right after
 * SHA256SUMS, then net/<tensor>.npy for each weight (float32, shapes as net.h) except the
 * text embedding, stored by its non-zero weights as net/text_w.rowmask.npy,
 * net/text_w.mask.npy and net/text_w.data.npy (spemb.h; format 2 listed the rows as
 * net/text_w.rows.npy, int64, format 1 stored them whole, net/text_w.values.npy, and both
 * are still read), net/dense_mean.npy and
 * net/dense_scale.npy (the standardisation), and the featurizer's own entries
 * (featurizer.h) when the model was trained on a stream made by one.  Loading checks the kind, format, every shape, that
 * the weights are finite, and that the bundled featurizer has the digest the manifest
 * names.  It holds every entry against the manifest from the entry's tar and .npy headers
 * before reading its data, refuses entries a model has not, and finds every tensor with
 * the shape the manifest's network gives it before allocating the network: a manifest
 * that disagrees with the weights is bad input ("FILE: ENTRY: float32 of shape (128,),
 * expected float32 of shape (1000000000,)"), never an allocation of the size it claims.
 * Models written before SHA256SUMS came first, and their manifests' "entries" section
 * (now left out: SHA256SUMS lists the same digests, and is the list that is checked),
 * still load.
 */
#ifndef PC_MODEL_H
#define PC_MODEL_H

#include "base/config.h"
#include "model/dataset.h"
#include "model/featurizer.h"
#include "model/net.h"
#include "formats/pcm.h"

#define MODEL_FORMAT 3	/* read: 1 to 3 */
#define MODEL_TEXT_HIDDEN_MAX 1024	/* network.text_hidden */

struct model {
	struct classes classes;
	struct net *net;
	struct featurizer *feat;     /* NULL when trained without one */
	char featurizer_digest[DIGEST_HEX_LEN + 1]; /* "" when none */
	struct config *manifest;
	char *name;
};

/*
 * Write atomically.  `feat` is the featurizer archive whose featurizer entries are
 * bundled (NULL: none); `extra` is a YAML map of further manifest sections (consumed).
 */
int model_write(const char *path, const struct net *n, const struct classes *c,
		const struct pcm *feat, const char *feat_digest, struct ynode *extra);
/* Read and verify; NULL after reporting. */
struct model *model_read(const char *path);
void model_free(struct model *m);

#endif
