/* train: the pc-train procedure; see train.h. */
#include "model/train.h"
#include "base/config.h"
#include "model/evalm.h"
#include "model/linsvm.h"
#include "base/metrics.h"
#include "model/model.h"
#include "base/msg.h"
#include "base/progress.h"
#include "base/rng.h"
#include "formats/runstore.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void train_default_opts(struct train_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->text_hidden = 32;
	o->image_hidden = 128;
	o->hidden = 128;
	o->use_text = o->use_image = 1;
	o->epochs = 20;
	o->batch = 256;
	o->patience = 3;
	o->schedule = LR_LINEAR;
	o->net.opt = NET_ADAM;
	o->net.lr = 0.002f;
	o->net.momentum = 0.9f;
	o->net.beta1 = 0.9f;
	o->net.beta2 = 0.999f;
	o->net.eps = 1e-8f;
	o->net.l2 = 0.0f;
	o->net.dropout = 0.2f;
	o->net.seed = 1;
	o->net.threads = 1;
	o->valid = 0.1;
}

const char *const train_optimizer_names[] = { "adam", "sgd", "dcd", NULL };
const char *const train_loss_names[] = { "softmax", "squared-hinge", "crammer-singer", NULL };
const char *const train_schedule_names[] = { "constant", "linear", "cosine", NULL };
const char *const train_weights_names[] = { "none", "balanced", NULL };

static float lr_at(const struct train_opts *o, long step, long total)
{
	double frac = total > 0 ? (double)step / (double)total : 0.0;

	switch (o->schedule) {
	case LR_LINEAR:
		return (float)(o->net.lr * (1.0 - frac) + o->net.lr * 0.01 * frac);
	case LR_COSINE:
		return (float)(o->net.lr * (0.01 + 0.99 * 0.5 * (1.0 + cos(M_PI * frac))));
	default:
		return o->net.lr;
	}
}

struct eval {
	struct evalm_result r;
	double loss;
};

/* Evaluate on rows idx[0..m) (all labelled with known classes). */
static int evaluate(const struct net *n, const struct dataset *d, const struct classes *c,
		    const size_t *idx, size_t m, int threads, struct eval *ev)
{
	float *p = xmalloc((m ? m : 1) * (size_t)n->s.classes * sizeof(float));
	struct evalm *e = evalm_new(c->n, (const char *const *)c->name, 5 < c->n ? 5 : c->n, 15);

	if (!e) {
		free(p);
		return -1;
	}
	net_predict(n, d, idx, m, p, threads);
	for (size_t j = 0; j < m; j++)
		evalm_add(e, d->y[idx[j]], p + j * (size_t)n->s.classes);
	evalm_compute(e, &ev->r);
	ev->loss = ev->r.log_loss;
	evalm_free(e);
	free(p);
	return 0;
}

static struct ynode *metrics_node(const struct evalm_result *r)
{
	struct ynode *m = ynode_map();

	ynode_set(m, "rows", ynode_int((long long)r->n));
	ynode_set(m, "accuracy", ynode_num(r->accuracy));
	ynode_set(m, "weighted_f1", ynode_num(r->weighted_f1));
	ynode_set(m, "macro_f1", ynode_num(r->macro_f1));
	ynode_set(m, "log_loss", ynode_num(r->log_loss));
	ynode_set(m, "ece", ynode_num(r->ece));
	return m;
}

static struct ynode *hyper_node(const struct train_opts *o)
{
	struct ynode *h = ynode_map();

	ynode_set(h, "text_hidden", ynode_int(o->text_hidden));
	ynode_set(h, "image_hidden", ynode_int(o->image_hidden));
	ynode_set(h, "hidden", ynode_int(o->hidden));
	ynode_set(h, "epochs", ynode_int(o->epochs));
	ynode_set(h, "batch", ynode_int(o->batch));
	ynode_set(h, "patience", ynode_int(o->patience));
	ynode_set(h, "optimizer", ynode_str(train_optimizer_names[o->net.opt]));
	ynode_set(h, "lr", ynode_num(o->net.lr));
	ynode_set(h, "lr_schedule", ynode_str(train_schedule_names[o->schedule]));
	ynode_set(h, "momentum", ynode_num(o->net.momentum));
	ynode_set(h, "l2", ynode_num(o->net.l2));
	ynode_set(h, "dropout", ynode_num(o->net.dropout));
	ynode_set(h, "label_smoothing", ynode_num(o->net.smoothing));
	ynode_set(h, "loss", ynode_str(train_loss_names[o->net.loss]));
	ynode_set(h, "class_weights", ynode_str(train_weights_names[o->balanced]));
	ynode_set(h, "drop_misfits", ynode_bool(o->drop_misfits));
	ynode_set(h, "valid", ynode_num(o->valid));
	ynode_set(h, "seed", ynode_int((long long)o->net.seed));
	return h;
}

static void log_params(struct runstore_run *rl, const struct train_opts *o)
{
	runstore_param(rl, "text_hidden", "%d", o->text_hidden);
	runstore_param(rl, "image_hidden", "%d", o->image_hidden);
	runstore_param(rl, "hidden", "%d", o->hidden);
	runstore_param(rl, "epochs", "%d", o->epochs);
	runstore_param(rl, "batch", "%d", o->batch);
	runstore_param(rl, "patience", "%d", o->patience);
	runstore_param(rl, "optimizer", "%s", train_optimizer_names[o->net.opt]);
	runstore_param(rl, "lr", "%g", (double)o->net.lr);
	runstore_param(rl, "lr_schedule", "%s", train_schedule_names[o->schedule]);
	runstore_param(rl, "l2", "%g", (double)o->net.l2);
	runstore_param(rl, "dropout", "%g", (double)o->net.dropout);
	runstore_param(rl, "label_smoothing", "%g", (double)o->net.smoothing);
	runstore_param(rl, "loss", "%s", train_loss_names[o->net.loss]);
	runstore_param(rl, "class_weights", "%s", train_weights_names[o->balanced]);
	runstore_param(rl, "drop_misfits", "%s", o->drop_misfits ? "true" : "false");
	runstore_param(rl, "valid", "%g", o->valid);
	runstore_param(rl, "seed", "%llu", (unsigned long long)o->net.seed);
	runstore_param(rl, "threads", "%d", o->net.threads);
}

/* Rows with a known class, from a whole dataset. */
static size_t *labelled_rows(const struct dataset *d, size_t *m)
{
	size_t *idx = xcalloc(d->n ? d->n : 1, sizeof(*idx));

	*m = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->y[i] >= 0)
			idx[(*m)++] = i;
	return idx;
}

struct state {
	struct dataset *d, *vd;      /* training stream; validation stream or d */
	struct classes c;
	size_t *tr, *va, ntr, nva;
	struct net *n, *best;
	struct net_trainer *t;
	float *cw;
	struct pcm *feat;
	struct runstore_run *rl;
};

static void state_free(struct state *s)
{
	if (s->vd != s->d)
		dataset_free(s->vd);
	dataset_free(s->d);
	classes_free(&s->c);
	free(s->tr);
	free(s->va);
	net_trainer_free(s->t);
	net_free(s->n);
	net_free(s->best);
	free(s->cw);
	pcm_free(s->feat);
	if (s->rl)
		runstore_end(s->rl, 0);
}

static int load_data(const struct train_opts *o, const char *input, struct state *s)
{
	size_t unknown;

	s->d = dataset_read(input);
	if (!s->d)
		return -1;
	classes_from(&s->c, s->d);
	dataset_map(s->d, &s->c);
	if (s->c.n < 2)
		return pc_error("%s: training needs labels of at least 2 classes, found %d",
				input ? input : "<stdin>", s->c.n);
	if (o->valid_file) {
		size_t *all, n;

		s->vd = dataset_read(o->valid_file);
		if (!s->vd)
			return -1;
		if (s->vd->h.dense != s->d->h.dense || s->vd->h.sparse != s->d->h.sparse ||
		    strcmp(s->vd->h.featurizer, s->d->h.featurizer))
			return pc_error("%s: made by another featurizer than the training stream",
					o->valid_file);
		unknown = dataset_map(s->vd, &s->c);
		if (unknown)
			pc_warn("%s: %zu rows with labels the training data lacks are left out",
				o->valid_file, unknown);
		s->tr = labelled_rows(s->d, &s->ntr);
		s->va = labelled_rows(s->vd, &s->nva);
		(void)all;
		(void)n;
	} else {
		size_t *tr, *va, ntr, nva;

		s->vd = s->d;
		dataset_split(s->d, o->valid, o->net.seed, &tr, &ntr, &va, &nva);
		/* unlabelled rows take no part */
		s->tr = xcalloc(ntr ? ntr : 1, sizeof(*s->tr));
		s->va = xcalloc(nva ? nva : 1, sizeof(*s->va));
		for (size_t i = 0; i < ntr; i++)
			if (s->d->y[tr[i]] >= 0)
				s->tr[s->ntr++] = tr[i];
		for (size_t i = 0; i < nva; i++)
			if (s->d->y[va[i]] >= 0)
				s->va[s->nva++] = va[i];
		free(tr);
		free(va);
	}
	if (!s->ntr)
		return pc_error("%s: no labelled rows to train on", input ? input : "<stdin>");
	return 0;
}

static int load_featurizer(const struct train_opts *o, struct state *s)
{
	const char *want = s->d->h.featurizer;
	struct featurizer *f;

	if (!*want) {
		if (o->featurizer)
			return pc_error("the stream names no featurizer, so --featurizer %s cannot "
					"be checked against it", o->featurizer);
		return 0;
	}
	if (!o->featurizer)
		return pc_error("the stream was made by featurizer %.12s: give its archive with "
				"--featurizer, so the model can embed new products", want);
	s->feat = pcm_read(o->featurizer);
	if (!s->feat)
		return -1;
	f = featurizer_from_pcm(s->feat, o->featurizer);
	if (!f)
		return -1;
	if (strcmp(f->digest, want)) {
		pc_error("%s: featurizer %.12s, but the stream was made by %.12s", o->featurizer,
			 f->digest, want);
		featurizer_free(f);
		return -1;
	}
	featurizer_free(f);
	return 0;
}

static void set_class_weights(const struct train_opts *o, struct state *s)
{
	size_t *count;

	if (!o->balanced)
		return;
	count = xcalloc((size_t)s->c.n, sizeof(*count));
	s->cw = xcalloc((size_t)s->c.n, sizeof(*s->cw));
	for (size_t i = 0; i < s->ntr; i++)
		count[s->d->y[s->tr[i]]]++;
	for (int k = 0; k < s->c.n; k++)
		s->cw[k] = count[k] ? (float)((double)s->ntr / ((double)s->c.n * (double)count[k]))
				    : 0.0f;
	free(count);
}

/* Record an evaluation on the validation set (and print it with --verbose). */
static void log_valid(const struct train_opts *o, const struct state *s, const struct eval *ev,
		      int epoch, double train_loss)
{
	runstore_metric(s->rl, "valid_loss", ev->loss, epoch);
	runstore_metric(s->rl, "valid_accuracy", ev->r.accuracy, epoch);
	runstore_metric(s->rl, "valid_weighted_f1", ev->r.weighted_f1, epoch);
	if (o->verbose && !isnan(train_loss))
		fprintf(stderr, "%s: epoch %d: train loss %.4f, valid loss %.4f, accuracy %.4f, "
			"weighted F1 %.4f\n", pc_progname(), epoch, train_loss, ev->loss,
			ev->r.accuracy, ev->r.weighted_f1);
	else if (o->verbose)
		fprintf(stderr, "%s: valid loss %.4f, accuracy %.4f, weighted F1 %.4f\n",
			pc_progname(), ev->loss, ev->r.accuracy, ev->r.weighted_f1);
}

/* Mini-batch epochs of net_train_batch, keeping the best epoch by validation weighted F1
 * in s->best (when there is a validation set); 0, or -1 after reporting. */
static int run_epochs(const struct train_opts *o, struct state *s, struct eval *best_ev,
		      int *best_epoch, int *epochs_run)
{
	struct net_train_opts nto = o->net;
	struct eval ev;
	struct progress pg;
	long steps_per_epoch, total_steps, step = 0;
	int since_best = 0, epoch;
	double best_score = -1.0;

	nto.class_weight = s->cw;
	s->t = net_trainer_new(s->n, &nto);
	steps_per_epoch = (long)((s->ntr + (size_t)o->batch - 1) / (size_t)o->batch);
	total_steps = steps_per_epoch * o->epochs;
	for (epoch = 1; epoch <= o->epochs; epoch++) {
		struct rng r;
		double loss = 0.0;

		rng_stream(&r, o->net.seed, 0x65706f6368ULL + (uint64_t)epoch);
		rng_shuffle(&r, s->tr, s->ntr, sizeof(*s->tr));
		progress_start(&pg, "train", s->ntr);
		for (size_t b = 0; b < s->ntr; b += (size_t)o->batch) {
			size_t m = s->ntr - b < (size_t)o->batch ? s->ntr - b : (size_t)o->batch;

			loss += net_train_batch(s->t, s->d, s->tr + b, m, epoch,
						lr_at(o, step, total_steps)) * (double)m;
			step++;
			progress_add(&pg, m);
		}
		progress_end(&pg);
		loss /= (double)s->ntr;
		runstore_metric(s->rl, "train_loss", loss, epoch);
		if (!s->nva) {
			if (o->verbose)
				fprintf(stderr, "%s: epoch %d: train loss %.4f\n", pc_progname(), epoch, loss);
			*best_epoch = epoch;
			continue;
		}
		if (evaluate(s->n, s->vd, &s->c, s->va, s->nva, o->net.threads, &ev) < 0)
			return -1;
		log_valid(o, s, &ev, epoch, loss);
		if (ev.r.weighted_f1 > best_score) {
			best_score = ev.r.weighted_f1;
			*best_epoch = epoch;
			since_best = 0;
			net_trainer_copy_weights(s->t, s->best);
			evalm_result_free(&best_ev->r);
			*best_ev = ev;
		} else {
			evalm_result_free(&ev.r);
			if (++since_best >= o->patience && o->patience > 0)
				break;
		}
	}
	*epochs_run = epoch > o->epochs ? o->epochs : epoch;
	return 0;
}

/* The exact linear SVM (linsvm.h) in the network's linear text-only form: the text
 * embedding holds the classes' weights, the output layer is the identity.  C comes from
 * the L2 weight of the averaged loss, 1 / (2 l2 n). */
static int run_linsvm(const struct train_opts *o, struct state *s, struct eval *best_ev,
		      int *best_epoch, int *epochs_run)
{
	struct linsvm_opts lo;
	struct linsvm_stats st;
	struct net *n = s->n;
	size_t C = (size_t)n->s.classes;

	memset(&lo, 0, sizeof(lo));
	lo.C = 1.0 / (2.0 * o->net.l2 * (double)s->ntr);
	lo.eps = LINSVM_EPS;
	lo.max_passes = o->epochs;
	lo.class_weight = s->cw;
	lo.seed = o->net.seed;
	lo.threads = o->net.threads;
	linsvm_train(s->d, s->tr, s->ntr, n->s.classes, &lo, n->t[n->text_w].w,
		     n->t[n->text_b].w, &st);
	memset(n->t[n->out_w].w, 0, C * C * sizeof(float));
	for (size_t k = 0; k < C; k++)
		n->t[n->out_w].w[k * C + k] = 1.0f;
	memset(n->t[n->out_b].w, 0, C * sizeof(float));
	*best_epoch = *epochs_run = st.max_passes_run;
	if (o->verbose || st.unconverged)
		fprintf(stderr, "%s: linear SVM, C %.6g: %d passes%s\n", pc_progname(), lo.C,
			st.max_passes_run, st.unconverged ? " (the limit, --epochs: some classes "
			"did not converge)" : "");
	if (s->nva) {
		if (evaluate(n, s->vd, &s->c, s->va, s->nva, o->net.threads, best_ev) < 0)
			return -1;
		log_valid(o, s, best_ev, *epochs_run, NAN);
		net_copy_weights(s->best, n);
	}
	return 0;
}

/* Whether the options make a model the exact solver can train; 0, or -1 after reporting. */
static int check_linsvm(const struct train_opts *o, const struct net_spec *spec)
{
	if (spec->dense)
		return pc_error("--optimizer dcd trains text-only models: add --text-only");
	if (spec->hidden)
		return pc_error("--optimizer dcd trains linear models: add --hidden 0");
	if (o->net.loss != NET_SQHINGE)
		return pc_error("--optimizer dcd minimises the squared hinge: add --loss squared-hinge");
	if (!(o->net.l2 > 0.0f))
		return pc_error("--optimizer dcd needs --l2 above 0 (it sets C = 1 / (2 l2 n))");
	return 0;
}

/* Make the network(s) for `spec` and train them on s->tr; 0, or -1 after reporting. */
static int fit(const struct train_opts *o, struct state *s, const struct net_spec *spec,
	       struct eval *best_ev, int *best_epoch, int *epochs_run)
{
	net_free(s->n);
	net_free(s->best);
	net_trainer_free(s->t);
	free(s->cw);
	s->best = NULL;
	s->t = NULL;
	s->cw = NULL;
	s->n = net_new(spec, o->net.seed);
	if (!s->n)
		return -1;
	net_fit_scaler(s->n, s->d, s->tr, s->ntr);
	if (s->nva) {
		s->best = net_new(spec, o->net.seed);
		if (!s->best)
			return -1;
		net_fit_scaler(s->best, s->d, s->tr, s->ntr);
	}
	set_class_weights(o, s);
	return (o->net.opt == NET_DCD ? run_linsvm : run_epochs)(o, s, best_ev, best_epoch,
								 epochs_run);
}

/*
 * The classification filter (Brodley and Friedl, 1999): the training rows the trained
 * model gets wrong are most often mislabelled, or written like another class, and a
 * model trained without them generalises better.  Remove them from s->tr, keeping its
 * order; returns how many went.  A class the model never gets right keeps its rows, so
 * that no class is left without any.
 */
static size_t drop_misfits(const struct train_opts *o, struct state *s)
{
	const struct net *n = s->nva ? s->best : s->n;
	size_t C = (size_t)n->s.classes, kept = 0, dropped, *right = xcalloc(C, sizeof(*right));
	float *p = xmalloc(s->ntr * C * sizeof(float));
	unsigned char *ok = xmalloc(s->ntr + 1);

	net_predict(n, s->d, s->tr, s->ntr, p, o->net.threads);
	for (size_t j = 0; j < s->ntr; j++) {
		ok[j] = evalm_argmax(p + j * C, (int)C) == s->d->y[s->tr[j]];
		right[s->d->y[s->tr[j]]] += ok[j];
	}
	for (size_t j = 0; j < s->ntr; j++)
		if (ok[j] || !right[s->d->y[s->tr[j]]])
			s->tr[kept++] = s->tr[j];
	dropped = s->ntr - kept;
	s->ntr = kept;
	free(ok);
	free(right);
	free(p);
	return dropped;
}

int train_run(const struct train_opts *o, const char *input, const char *output)
{
	struct state s;
	struct net_spec spec;
	struct eval best_ev;
	struct ynode *extra, *training;
	char model_sha[DIGEST_HEX_LEN + 1];
	size_t dropped = 0;
	int best_epoch = 0, epochs_run = 0, ret = -1;

	memset(&s, 0, sizeof(s));
	memset(&best_ev, 0, sizeof(best_ev));
	if (load_data(o, input, &s) < 0 || load_featurizer(o, &s) < 0)
		goto out;
	if (o->runs) {
		s.rl = runstore_begin(o->runs, o->experiment, o->run_name);
		if (!s.rl)
			goto out;
		if (o->verbose)
			fprintf(stderr, "%s: run %s\n", pc_progname(), runstore_dir(s.rl));
		log_params(s.rl, o);
		runstore_input(s.rl, "training_data", s.d->digest);
		if (s.vd != s.d)
			runstore_input(s.rl, "validation_data", s.vd->digest);
		if (*s.d->h.featurizer)
			runstore_input(s.rl, "featurizer", s.d->h.featurizer);
	}
	memset(&spec, 0, sizeof(spec));
	spec.sparse = o->use_text ? s.d->h.sparse : 0;
	spec.dense = o->use_image ? s.d->h.dense : 0;
	spec.text_hidden = o->text_hidden;
	spec.image_hidden = o->image_hidden;
	spec.hidden = o->hidden;
	spec.classes = s.c.n;
	if (!spec.sparse && !spec.dense) {
		pc_error("nothing to train on: the stream has no %s part",
			 !o->use_image ? "sparse (text)" : !o->use_text ? "dense (image)" : "feature");
		goto out;
	}
	if (o->net.opt == NET_DCD) {
		if (check_linsvm(o, &spec) < 0)
			goto out;
		spec.text_hidden = spec.classes;   /* the classes' weights, then the identity */
	}
	if (fit(o, &s, &spec, &best_ev, &best_epoch, &epochs_run) < 0)
		goto out;
	if (o->drop_misfits) {
		dropped = drop_misfits(o, &s);
		runstore_metric(s.rl, "misfits_dropped", (double)dropped, 0);
		if (o->verbose && dropped)
			fprintf(stderr, "%s: dropped %zu training rows the first model misclassified; "
				"training again on %zu\n", pc_progname(), dropped, s.ntr);
		else if (o->verbose)
			fprintf(stderr, "%s: no training row to drop: the first model is kept\n",
				pc_progname());
		/* with none dropped, training again would give the same model */
		if (dropped) {
			evalm_result_free(&best_ev.r);
			memset(&best_ev, 0, sizeof(best_ev));
			if (fit(o, &s, &spec, &best_ev, &best_epoch, &epochs_run) < 0)
				goto out;
		}
	}
	if (!net_finite(s.nva ? s.best : s.n)) {
		pc_error("training diverged: the weights are not finite (try a lower --lr)");
		goto out;
	}
	extra = ynode_map();
	ynode_set(extra, "hyperparameters", hyper_node(o));
	training = ynode_map();
	ynode_set(training, "data_sha256", ynode_str(s.d->digest));
	ynode_set(training, "rows", ynode_int((long long)s.d->n));
	ynode_set(training, "train_rows", ynode_int((long long)s.ntr));
	ynode_set(training, "valid_rows", ynode_int((long long)s.nva));
	if (o->drop_misfits)
		ynode_set(training, "misfits_dropped", ynode_int((long long)dropped));
	ynode_set(training, "epochs_run", ynode_int(epochs_run));
	ynode_set(training, "best_epoch", ynode_int(best_epoch));
	ynode_set(extra, "training", training);
	if (s.nva)
		ynode_set(extra, "validation", metrics_node(&best_ev.r));
	if (model_write(output, s.nva ? s.best : s.n, &s.c, s.feat,
			*s.d->h.featurizer ? s.d->h.featurizer : "", extra) < 0)
		goto out;
	if (s.nva) {
		metrics_set(MET_VALID_ACCURACY, NULL, best_ev.r.accuracy);
		metrics_set(MET_VALID_WEIGHTED_F1, NULL, best_ev.r.weighted_f1);
		runstore_metric(s.rl, "best_valid_weighted_f1", best_ev.r.weighted_f1, best_epoch);
	}
	metrics_set(MET_ROWS, NULL, (double)s.d->n);
	metrics_set(MET_TRAIN_ROWS, NULL, (double)s.ntr);
	metrics_set(MET_VALID_ROWS, NULL, (double)s.nva);
	metrics_set(MET_EPOCHS_RUN, NULL, epochs_run);
	metrics_set(MET_BEST_EPOCH, NULL, best_epoch);
	if (s.rl && strcmp(output, "-") && digest_file(output, model_sha) == 0)
		runstore_output(s.rl, "model.pcm", output, model_sha);
	ret = 0;
out:
	evalm_result_free(&best_ev.r);
	if (s.rl && ret == 0) {
		ret = runstore_end(s.rl, 1);
		s.rl = NULL;
	}
	state_free(&s);
	return ret;
}
