/* train: the pc-train procedure; see train.h. */
#include "model/train.h"
#include "model/calib.h"
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
#include <stdarg.h>
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

/* ---- candidates ---- */

enum cand_kind { CAND_NET, CAND_SVM, CAND_IMAGE, CAND_LATE };

#define MAX_CANDS 16

struct cand {
	char name[48];            /* network, svm_c0.3, svm_c0.3_misfits, image_network, ... */
	enum cand_kind kind;
	double C;                 /* SVM, LATE: the SVM's C */
	int misfits;              /* the filter was applied */
	size_t dropped;           /* rows it dropped */
	double text_weight;       /* LATE: the SVM's share */
	double temp;              /* scores divided by this before the softmax */
	int epochs_run, best_epoch;
	int scored;               /* r holds its validation metrics */
	struct evalm_result r;
};

struct state {
	struct dataset *d, *vd;      /* training stream; validation stream or d */
	struct classes c;
	size_t *tr, *va, ntr, nva;
	struct net *n, *best;
	struct net_trainer *t;
	float *cw;
	struct pcm *feat;
	struct runstore_run *rl;
	const char *mprefix;         /* before the names of per-epoch metrics */
	/* candidates */
	struct cand cand[MAX_CANDS];
	int ncand;
	struct linsvm *svm;          /* the SVM's solver, over rows svm_rows[0..svm_m) */
	size_t *svm_rows, svm_m;
	double *svm_alpha;           /* the best SVM's alphas */
	int svm_best;                /* its candidate, or -1 */
	int svm_at_best;             /* the solver holds that solution now */
	int svm_passes;              /* the pass limit of its solutions */
	float *zt;                   /* its validation scores (nva x C) */
	struct net *joint, *img;     /* the network candidate, the image branch */
	float *zi;                   /* the image branch's validation log-probabilities */
	double st, si;               /* the spreads of zt and zi (late fusion) */
	int refit;                   /* the SVM was trained again on every row */
	size_t refit_dropped;
	int refit_passes;
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
	for (int i = 0; i < s->ncand; i++)
		evalm_result_free(&s->cand[i].r);
	linsvm_free(s->svm);
	free(s->svm_rows);
	free(s->svm_alpha);
	free(s->zt);
	net_free(s->joint);
	net_free(s->img);
	free(s->zi);
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
	/* the weights of features no training row has would stay 0: leave them out */
	dataset_compact(s->d, s->vd);
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

	free(s->cw);
	s->cw = NULL;
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

static void metric(const struct state *s, const char *name, double v, long step)
{
	char key[64];

	snprintf(key, sizeof(key), "%s%s", s->mprefix ? s->mprefix : "", name);
	runstore_metric(s->rl, key, v, step);
}

/* Record an evaluation on the validation set (and print it with --verbose). */
static void log_valid(const struct train_opts *o, const struct state *s, const struct eval *ev,
		      int epoch, double train_loss)
{
	metric(s, "valid_loss", ev->loss, epoch);
	metric(s, "valid_accuracy", ev->r.accuracy, epoch);
	metric(s, "valid_weighted_f1", ev->r.weighted_f1, epoch);
	if (o->verbose && !isnan(train_loss))
		fprintf(stderr, "%s: %sepoch %d: train loss %.4f, valid loss %.4f, accuracy %.4f, "
			"weighted F1 %.4f\n", pc_progname(), s->mprefix ? s->mprefix : "", epoch,
			train_loss, ev->loss, ev->r.accuracy, ev->r.weighted_f1);
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
		metric(s, "train_loss", loss, epoch);
		if (!s->nva) {
			if (o->verbose)
				fprintf(stderr, "%s: %sepoch %d: train loss %.4f\n", pc_progname(),
					s->mprefix ? s->mprefix : "", epoch, loss);
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

/* Make the network(s) for `spec` and train them on s->tr; 0, or -1 after reporting. */
static int fit(const struct train_opts *o, struct state *s, const struct net_spec *spec,
	       struct eval *best_ev, int *best_epoch, int *epochs_run)
{
	net_free(s->n);
	net_free(s->best);
	net_trainer_free(s->t);
	s->best = NULL;
	s->t = NULL;
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
	return run_epochs(o, s, best_ev, best_epoch, epochs_run);
}

/* Whether row j of predictions p (C per row) of class y is right. */
static int right(const float *p, int C, int y)
{
	return evalm_argmax(p, C) == y;
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
	size_t C = (size_t)n->s.classes, kept = 0, dropped, *nright = xcalloc(C, sizeof(*nright));
	float *p = xmalloc(s->ntr * C * sizeof(float));
	unsigned char *ok = xmalloc(s->ntr + 1);

	net_predict(n, s->d, s->tr, s->ntr, p, o->net.threads);
	for (size_t j = 0; j < s->ntr; j++) {
		ok[j] = right(p + j * C, (int)C, s->d->y[s->tr[j]]);
		nright[s->d->y[s->tr[j]]] += ok[j];
	}
	for (size_t j = 0; j < s->ntr; j++)
		if (ok[j] || !nright[s->d->y[s->tr[j]]])
			s->tr[kept++] = s->tr[j];
	dropped = s->ntr - kept;
	s->ntr = kept;
	free(ok);
	free(nright);
	free(p);
	return dropped;
}

static void misfits_message(const struct train_opts *o, size_t dropped, size_t left)
{
	if (o->verbose && dropped)
		fprintf(stderr, "%s: dropped %zu training rows the first model misclassified; "
			"training again on %zu\n", pc_progname(), dropped, left);
	else if (o->verbose)
		fprintf(stderr, "%s: no training row to drop: the first model is kept\n",
			pc_progname());
}

/* ---- scores on the validation rows ---- */

/* Evaluate scores z (nva x C) as softmax(z / temp). */
static void score(const struct state *s, const float *z, double temp, struct evalm_result *r)
{
	size_t C = (size_t)s->c.n;
	struct evalm *e = evalm_new(s->c.n, (const char *const *)s->c.name, 5 < s->c.n ? 5 : s->c.n, 15);
	float *p = xmalloc(C * sizeof(*p));

	for (size_t j = 0; j < s->nva; j++) {
		const float *zj = z + j * C;
		float mx = zj[0];
		double sum = 0.0;

		for (size_t c = 1; c < C; c++)
			mx = zj[c] > mx ? zj[c] : mx;
		for (size_t c = 0; c < C; c++) {
			p[c] = (float)exp((zj[c] - mx) / temp);
			sum += p[c];
		}
		for (size_t c = 0; c < C; c++)
			p[c] = (float)(p[c] / sum);
		evalm_add(e, s->vd->y[s->va[j]], p);
	}
	evalm_compute(e, r);
	evalm_free(e);
	free(p);
}

/* The temperature that calibrates scores z (one row a validation row) best. */
static double fit_temperature(const struct state *s, const float *z)
{
	int *y = xmalloc((s->nva ? s->nva : 1) * sizeof(*y));
	double t;

	for (size_t j = 0; j < s->nva; j++)
		y[j] = s->vd->y[s->va[j]];
	t = calib_temperature(z, y, s->nva, s->c.n);
	free(y);
	return t;
}

static struct cand *new_cand(struct state *s, enum cand_kind kind, const char *fmt, ...)
	PC_PRINTF(3, 4);

static struct cand *new_cand(struct state *s, enum cand_kind kind, const char *fmt, ...)
{
	struct cand *c = &s->cand[s->ncand++];
	va_list ap;

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->temp = 1.0;
	va_start(ap, fmt);
	vsnprintf(c->name, sizeof(c->name), fmt, ap);
	va_end(ap);
	return c;
}

static void cand_message(const struct train_opts *o, const struct cand *c)
{
	if (o->verbose && c->scored)
		fprintf(stderr, "%s: candidate %s: valid accuracy %.4f, weighted F1 %.4f\n",
			pc_progname(), c->name, c->r.accuracy, c->r.weighted_f1);
}

/* ---- the linear SVM ---- */

/* Drop from `active` the rows (of the solver's) its current weights misclassify, but
 * not those of a class it never gets right; returns how many went. */
static size_t svm_misfits(struct state *s, unsigned char *active)
{
	size_t C = (size_t)s->c.n, n = 0, dropped = 0, *nright = xcalloc(C, sizeof(*nright));
	size_t *rows = xmalloc((s->svm_m + 1) * sizeof(*rows)), *pos = xmalloc((s->svm_m + 1) * sizeof(*pos));
	float *z;
	unsigned char *ok;

	for (size_t j = 0; j < s->svm_m; j++)
		if (active[j]) {
			pos[n] = j;
			rows[n++] = s->svm_rows[j];
		}
	z = xmalloc((n ? n : 1) * C * sizeof(*z));
	ok = xmalloc(n + 1);
	linsvm_decision(s->svm, s->d, rows, n, z);
	for (size_t r = 0; r < n; r++) {
		ok[r] = right(z + r * C, (int)C, s->d->y[rows[r]]);
		nright[s->d->y[rows[r]]] += ok[r];
	}
	for (size_t r = 0; r < n; r++)
		if (!ok[r] && nright[s->d->y[rows[r]]]) {
			active[pos[r]] = 0;
			dropped++;
		}
	free(nright);
	free(rows);
	free(pos);
	free(z);
	free(ok);
	return dropped;
}

static void svm_solve(const struct train_opts *o, struct state *s, const unsigned char *active,
		      double C, int *passes)
{
	struct linsvm_opts lo;
	struct linsvm_stats st;

	memset(&lo, 0, sizeof(lo));
	lo.C = C;
	lo.eps = LINSVM_EPS;
	lo.max_passes = s->svm_passes;
	lo.class_weight = s->cw;
	lo.seed = o->net.seed;
	linsvm_solve(s->svm, active, &lo, &st);
	s->svm_at_best = 0;
	*passes = st.max_passes_run;
	if (o->verbose || (st.unconverged && s->svm_passes != TRAIN_SVM_SELECT_PASSES))
		fprintf(stderr, "%s: linear SVM, C %.6g: %d passes%s\n", pc_progname(), C,
			st.max_passes_run, !st.unconverged ? "" :
			s->svm_passes == TRAIN_SVM_SELECT_PASSES ? " (the limit of a selection)" :
			" (the limit, --epochs: some classes did not converge)");
}

/* The weights again from the solver's alphas, without a pass. */
static void svm_solve_rebuild(struct state *s, double C)
{
	struct linsvm_opts lo;
	struct linsvm_stats st;

	memset(&lo, 0, sizeof(lo));
	lo.C = C;
	lo.eps = LINSVM_EPS;
	linsvm_solve(s->svm, NULL, &lo, &st);
}

/* Score the solver's current weights as candidate c; keep them when they are the best SVM
 * so far (or when nothing can be scored). */
static void svm_score(const struct train_opts *o, struct state *s, struct cand *c)
{
	size_t C = (size_t)s->c.n;
	float *z;

	if (!s->nva) {
		s->svm_best = (int)(c - s->cand);
		linsvm_get_alpha(s->svm, s->svm_alpha);
		s->svm_at_best = 1;
		return;
	}
	z = xmalloc(s->nva * C * sizeof(*z));
	linsvm_decision(s->svm, s->vd, s->va, s->nva, z);
	c->temp = fit_temperature(s, z);
	score(s, z, c->temp, &c->r);
	c->scored = 1;
	cand_message(o, c);
	if (s->svm_best < 0 || c->r.weighted_f1 > s->cand[s->svm_best].r.weighted_f1) {
		s->svm_best = (int)(c - s->cand);
		linsvm_get_alpha(s->svm, s->svm_alpha);
		s->svm_at_best = 1;
		free(s->zt);
		s->zt = z;
		return;
	}
	free(z);
}

/* Whether the choice among the SVM's variants is made on the validation rows. */
static int svm_grid(const struct train_opts *o, const struct state *s, double *grid)
{
	static const double g[] = TRAIN_SVM_GRID;
	int n = 0;

	if (o->C > 0)
		grid[n++] = o->C;
	else if (o->l2_set && o->net.l2 > 0.0f)
		grid[n++] = 1.0 / (2.0 * o->net.l2 * (double)s->ntr);
	else if (!s->nva)
		grid[n++] = TRAIN_SVM_DEFAULT_C;
	else
		for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++)
			grid[n++] = g[i];
	return n;
}

/* The filter on the solver's current solution at C, then the solution without the rows
 * it dropped, warm; returns how many it dropped. */
static size_t svm_filtered(const struct train_opts *o, struct state *s, unsigned char *kept,
			   double C, int *passes)
{
	size_t dropped;

	memset(kept, 0, s->svm_m);
	memset(kept, 1, s->ntr);
	dropped = svm_misfits(s, kept);
	misfits_message(o, dropped, s->ntr - dropped);
	/* with none dropped, training again would give the same model */
	if (dropped)
		svm_solve(o, s, kept, C, passes);
	return dropped;
}

/*
 * The SVM on the text part at each C of the grid, in increasing order, each solution
 * warm-started from the one before (its alphas scaled by the ratio of the Cs, as the
 * alphas of a margin violation grow with C); then, unless --drop-misfits was given, the
 * filter at the C that validated best.  With --drop-misfits, the filter at every C.
 * 0, or -1 after reporting.
 */
static int svm_family(const struct train_opts *o, struct state *s)
{
	double grid[8], *chain = NULL;
	int ngrid = svm_grid(o, s, grid), passes;
	int always = o->misfits_set && o->drop_misfits, choose = !o->misfits_set && s->nva;
	size_t C = (size_t)s->c.n, m;
	unsigned char *active, *kept;

	m = s->ntr + (s->vd == s->d ? s->nva : 0);
	s->svm_rows = xmalloc((m + 1) * sizeof(*s->svm_rows));
	memcpy(s->svm_rows, s->tr, s->ntr * sizeof(*s->tr));
	if (m > s->ntr)
		memcpy(s->svm_rows + s->ntr, s->va, s->nva * sizeof(*s->va));
	s->svm_m = m;
	set_class_weights(o, s);
	s->svm = linsvm_new(s->d, s->svm_rows, m, s->c.n, o->net.threads);
	s->svm_alpha = xcalloc(m * C + 1, sizeof(double));
	s->svm_best = -1;
	/* choosing: each solution stops after a few passes, where the validation scores no
	 * longer move; otherwise to LIBLINEAR's tolerance */
	s->svm_passes = o->epochs_set ? o->epochs : ngrid > 1 || choose ? TRAIN_SVM_SELECT_PASSES :
			TRAIN_SVM_PASSES;
	if (always && ngrid > 1)
		chain = xmalloc((m * C + 1) * sizeof(*chain));
	active = xcalloc(m + 1, 1);
	kept = xmalloc(m + 1);
	memset(active, 1, s->ntr);
	for (int g = 0; g < ngrid; g++) {
		struct cand *c;
		size_t dropped = 0;

		if (g) {
			if (chain)
				linsvm_set_alpha(s->svm, chain);
			linsvm_scale_alpha(s->svm, grid[g] / grid[g - 1]);
		}
		svm_solve(o, s, active, grid[g], &passes);
		if (always) {
			if (chain)
				linsvm_get_alpha(s->svm, chain);
			dropped = svm_filtered(o, s, kept, grid[g], &passes);
		}
		c = new_cand(s, CAND_SVM, "svm_c%g%s", grid[g], always ? "_misfits" : "");
		c->C = grid[g];
		c->misfits = always;
		c->dropped = dropped;
		c->epochs_run = c->best_epoch = passes;
		svm_score(o, s, c);
	}
	if (choose) {
		const struct cand *b = &s->cand[s->svm_best];
		struct cand *c;
		double Cb = b->C;
		size_t dropped;

		/* the weights of that solution again, then the filter on them */
		if (!s->svm_at_best) {
			linsvm_set_alpha(s->svm, s->svm_alpha);
			svm_solve_rebuild(s, Cb);
		}
		dropped = svm_filtered(o, s, kept, Cb, &passes);
		c = new_cand(s, CAND_SVM, "svm_c%g_misfits", Cb);
		c->C = Cb;
		c->misfits = 1;
		c->dropped = dropped;
		c->epochs_run = c->best_epoch = passes;
		svm_score(o, s, c);
	}
	free(chain);
	free(active);
	free(kept);
	return 0;
}

static double spread(const float *z, size_t n);

/* The spread of the SVM's scores on the training rows. */
static double train_spread(struct state *s)
{
	size_t C = (size_t)s->c.n;
	float *z = xmalloc((s->ntr ? s->ntr : 1) * C * sizeof(*z));
	double sd;

	linsvm_decision(s->svm, s->d, s->tr, s->ntr, z);
	sd = spread(z, s->ntr * C);
	free(z);
	return sd;
}

/* Make the SVM's weights those of candidate c (its alphas, trained again on every row
 * when the validation rows chose it and came from the training stream). */
static void svm_final(const struct train_opts *o, struct state *s, const struct cand *c,
		      int refit)
{
	unsigned char *all = xmalloc(s->svm_m + 1);
	double before = 1.0;
	int passes;

	memset(all, 1, s->svm_m);
	if (!s->svm_at_best) {
		linsvm_set_alpha(s->svm, s->svm_alpha);
		svm_solve_rebuild(s, c->C);
	}
	if (!refit) {
		free(all);
		return;
	}
	if (o->verbose)
		fprintf(stderr, "%s: %s again on all %zu rows\n", pc_progname(), c->name, s->svm_m);
	s->refit = 1;
	/* the late fusion's weight was fitted to the scores of the SVM trained without the
	 * validation rows: the scores of the one trained with them are brought to the same
	 * spread, measured on the training rows for both */
	if (c->kind == CAND_LATE)
		before = train_spread(s);
	/* the filter judges every row by the chosen solution, then one solution, warm */
	if (c->misfits) {
		s->refit_dropped = svm_misfits(s, all);
		misfits_message(o, s->refit_dropped, s->svm_m - s->refit_dropped);
	}
	/* the refit, the model delivered, is solved to the tolerance, as the same C by hand is */
	s->svm_passes = o->epochs_set ? o->epochs : TRAIN_SVM_PASSES;
	svm_solve(o, s, all, c->C, &passes);
	if (c->kind == CAND_LATE)
		s->st *= train_spread(s) / before;
	s->refit_passes = passes;
	free(all);
}

/* ---- networks ---- */

/* Train a network candidate of `spec` (the filter with it when --drop-misfits was given);
 * keep it in *keep and its validation log-probabilities in *zlog (when not NULL). */
static int net_candidate(const struct train_opts *o, struct state *s, const struct net_spec *spec,
			 struct cand *c, struct net **keep, float **zlog)
{
	struct eval ev;
	size_t *tr = xmalloc((s->ntr + 1) * sizeof(*tr)), ntr = s->ntr;
	int ret = -1;

	memcpy(tr, s->tr, s->ntr * sizeof(*tr));
	memset(&ev, 0, sizeof(ev));
	if (fit(o, s, spec, &ev, &c->best_epoch, &c->epochs_run) < 0)
		goto out;
	if (o->drop_misfits) {
		c->misfits = 1;
		c->dropped = drop_misfits(o, s);
		misfits_message(o, c->dropped, s->ntr);
		if (c->dropped) {
			evalm_result_free(&ev.r);
			memset(&ev, 0, sizeof(ev));
			if (fit(o, s, spec, &ev, &c->best_epoch, &c->epochs_run) < 0)
				goto out;
		}
	}
	*keep = s->nva ? s->best : s->n;
	if (s->nva) {
		s->best = NULL;
		c->r = ev.r;
		memset(&ev, 0, sizeof(ev));
		c->scored = 1;
		cand_message(o, c);
	} else {
		s->n = NULL;
	}
	if (zlog && s->nva) {
		size_t C = (size_t)s->c.n;
		float *p = xmalloc(s->nva * C * sizeof(*p));

		net_predict(*keep, s->vd, s->va, s->nva, p, o->net.threads);
		for (size_t i = 0; i < s->nva * C; i++)
			p[i] = logf(p[i] > 1e-30f ? p[i] : 1e-30f);
		*zlog = p;
	}
	ret = 0;
out:
	evalm_result_free(&ev.r);
	net_trainer_free(s->t);
	s->t = NULL;
	net_free(s->n);
	s->n = NULL;
	net_free(s->best);
	s->best = NULL;
	memcpy(s->tr, tr, ntr * sizeof(*tr));
	s->ntr = ntr;
	free(tr);
	return ret;
}

/* The standard deviation of all the entries of z (n of them), at least 1e-6. */
static double spread(const float *z, size_t n)
{
	double sum = 0.0, sq = 0.0, var;

	for (size_t i = 0; i < n; i++) {
		sum += z[i];
		sq += (double)z[i] * z[i];
	}
	var = n ? sq / (double)n - (sum / (double)n) * (sum / (double)n) : 0.0;
	return var > 1e-12 ? sqrt(var) : 1e-6;
}

/* The late fusion of the best SVM and the image branch: a weighted sum of their
 * standardised scores, the weight (0, 0.05, ..., 1 for the SVM) whose neighbourhood
 * scores best on the validation rows, then a temperature. */
#define LATE_STEPS 20
#define LATE_SMOOTH 2
static void late_fusion(const struct train_opts *o, struct state *s)
{
	size_t C = (size_t)s->c.n, n = s->nva * C;
	float *z = xmalloc((n ? n : 1) * sizeof(*z));
	double best_w = -1.0, best_f1 = -1.0;
	struct evalm_result r;
	struct cand *c;
	double *st = &s->st, *si = &s->si;

	double f1[LATE_STEPS + 1];

	*st = spread(s->zt, n);
	*si = spread(s->zi, n);
	for (int k = 0; k <= LATE_STEPS; k++) {
		double a = (double)k / LATE_STEPS;

		for (size_t i = 0; i < n; i++)
			z[i] = (float)(a * s->zt[i] / *st + (1.0 - a) * s->zi[i] / *si);
		score(s, z, 1.0, &r);
		f1[k] = r.weighted_f1;
		evalm_result_free(&r);
	}
	/* the weighted F1 of a weight and its neighbours (0.1 either side, the ends
	 * repeated): the weight that validates best by luck, on a spike, is not taken */
	for (int k = LATE_STEPS; k >= 0; k--) {
		double sum = 0.0;

		for (int j = k - LATE_SMOOTH; j <= k + LATE_SMOOTH; j++)
			sum += f1[j < 0 ? 0 : j > LATE_STEPS ? LATE_STEPS : j];
		if (sum > best_f1) {
			best_f1 = sum;
			best_w = (double)k / LATE_STEPS;
		}
	}
	for (size_t i = 0; i < n; i++)
		z[i] = (float)(best_w * s->zt[i] / *st + (1.0 - best_w) * s->zi[i] / *si);
	c = new_cand(s, CAND_LATE, "late_fusion");
	c->C = s->cand[s->svm_best].C;
	c->misfits = s->cand[s->svm_best].misfits;
	c->dropped = s->cand[s->svm_best].dropped;
	c->text_weight = best_w;
	c->temp = fit_temperature(s, z);
	score(s, z, c->temp, &c->r);
	c->scored = 1;
	if (o->verbose)
		fprintf(stderr, "%s: late fusion of %s and image_network: text weight %.2f\n",
			pc_progname(), s->cand[s->svm_best].name, best_w);
	cand_message(o, c);
	free(z);
}

/* The network for the SVM's weights (text only, linear, the identity over the classes
 * divided by the temperature), or for the late fusion with the image branch. */
static struct net *svm_net(struct state *s, const struct cand *c, uint32_t nf, uint32_t *orig,
			   uint32_t orig_width)
{
	struct net_spec spec;
	struct net *n, *img = c->kind == CAND_LATE ? s->img : NULL;
	size_t C = (size_t)s->c.n, Hi = img ? (size_t)img->s.image_hidden : 0;
	double a = 1.0 / c->temp, b = 0.0;

	memset(&spec, 0, sizeof(spec));
	spec.sparse = nf;
	spec.text_hidden = (int)C;
	spec.classes = (int)C;
	if (img) {
		spec.dense = img->s.dense;
		spec.image_hidden = img->s.image_hidden;
		a = c->text_weight / (s->st * c->temp);
		b = (1.0 - c->text_weight) / (s->si * c->temp);
	}
	n = net_new(&spec, 0);
	if (!n) {
		free(orig);
		return NULL;
	}
	n->orig = orig;
	n->orig_width = orig_width;
	linsvm_weights(s->svm, n->t[n->text_w].w, n->t[n->text_b].w);
	linsvm_free(s->svm);
	s->svm = NULL;
	memset(n->t[n->out_w].w, 0, (C + Hi) * C * sizeof(float));
	memset(n->t[n->out_b].w, 0, C * sizeof(float));
	for (size_t k = 0; k < C; k++)
		n->t[n->out_w].w[k * C + k] = (float)a;
	if (img) {
		const float *wo = img->t[img->out_w].w, *bo = img->t[img->out_b].w;

		memcpy(n->t[n->image_w].w, img->t[img->image_w].w, spec.dense * Hi * sizeof(float));
		memcpy(n->t[n->image_b].w, img->t[img->image_b].w, Hi * sizeof(float));
		memcpy(n->dmean, img->dmean, spec.dense * sizeof(float));
		memcpy(n->dscale, img->dscale, spec.dense * sizeof(float));
		for (size_t h = 0; h < Hi * C; h++)
			n->t[n->out_w].w[C * C + h] = (float)(b * wo[h]);
		for (size_t k = 0; k < C; k++)
			n->t[n->out_b].w[k] = (float)(b * bo[k]);
	}
	return n;
}

/* ---- records ---- */

/* The choice and every candidate's validation scores; the chosen one's were moved to
 * `best` (scored == 2). */
static struct ynode *selection_node(const struct state *s, int chosen,
				    const struct evalm_result *best)
{
	struct ynode *sel = ynode_map(), *list = ynode_seq();

	ynode_set(sel, "chosen", ynode_str(s->cand[chosen].name));
	ynode_set(sel, "refit", ynode_bool(s->refit));
	for (int i = 0; i < s->ncand; i++) {
		const struct cand *c = &s->cand[i];
		const struct evalm_result *r = c->scored == 2 ? best : &c->r;
		struct ynode *e = ynode_map();

		ynode_set(e, "name", ynode_str(c->name));
		if (c->scored) {
			ynode_set(e, "accuracy", ynode_num(r->accuracy));
			ynode_set(e, "weighted_f1", ynode_num(r->weighted_f1));
			ynode_set(e, "log_loss", ynode_num(r->log_loss));
		}
		ynode_push(list, e);
	}
	ynode_set(sel, "candidates", list);
	return sel;
}

/* The options that describe candidate c (the network's as given; the SVM's implied). */
static void cand_opts(const struct train_opts *o, const struct state *s, const struct cand *c,
		      struct train_opts *co)
{
	*co = *o;
	co->drop_misfits = c->misfits;
	if (c->kind == CAND_SVM || c->kind == CAND_LATE) {
		co->net.opt = NET_DCD;
		co->net.loss = NET_SQHINGE;
		co->hidden = 0;
		co->text_hidden = s->c.n;
		co->net.l2 = (float)(1.0 / (2.0 * c->C * (double)s->ntr));
		co->C = c->C;
	}
	if (c->kind == CAND_IMAGE)
		co->hidden = 0;
}

static void log_run_params(struct runstore_run *rl, const struct train_opts *co,
			   const struct cand *c)
{
	log_params(rl, co);
	runstore_param(rl, "model", "%s", c ? c->name : "network");
	if (c && (c->kind == CAND_SVM || c->kind == CAND_LATE))
		runstore_param(rl, "C", "%g", c->C);
	if (c && c->kind == CAND_LATE)
		runstore_param(rl, "text_weight", "%g", c->text_weight);
}

static struct ynode *training_node(const struct state *s, const struct train_opts *co,
				   const char *digest, size_t rows, size_t train_rows,
				   size_t dropped, int epochs_run, int best_epoch)
{
	struct ynode *training = ynode_map();

	ynode_set(training, "data_sha256", ynode_str(digest));
	ynode_set(training, "rows", ynode_int((long long)rows));
	ynode_set(training, "train_rows", ynode_int((long long)train_rows));
	ynode_set(training, "valid_rows", ynode_int((long long)s->nva));
	if (co->drop_misfits)
		ynode_set(training, "misfits_dropped", ynode_int((long long)dropped));
	ynode_set(training, "epochs_run", ynode_int(epochs_run));
	ynode_set(training, "best_epoch", ynode_int(best_epoch));
	return training;
}

/* What the records need of the data, kept when the data goes. */
struct facts {
	int kept;
	char digest[DIGEST_HEX_LEN + 1];
	char featurizer[DIGEST_HEX_LEN + 1];
	size_t rows;
};

static void keep_facts(const struct state *s, struct facts *f)
{
	if (f->kept)
		return;
	f->kept = 1;
	memcpy(f->digest, s->d->digest, sizeof(f->digest));
	snprintf(f->featurizer, sizeof(f->featurizer), "%s", s->d->h.featurizer);
	f->rows = s->d->n;
}

static void free_data(struct state *s)
{
	if (s->vd != s->d)
		dataset_free(s->vd);
	dataset_free(s->d);
	s->d = s->vd = NULL;
	free(s->zt);
	free(s->zi);
	free(s->svm_alpha);
	s->zt = s->zi = NULL;
	s->svm_alpha = NULL;
}

/* ---- the procedures ---- */

/* TRAIN_NETWORK: the network the options describe; its weights into *out. */
static int run_network(const struct train_opts *o, struct state *s, const struct net_spec *spec,
		       struct eval *best_ev, int *best_epoch, int *epochs_run, size_t *dropped,
		       struct net **out)
{
	if (fit(o, s, spec, best_ev, best_epoch, epochs_run) < 0)
		return -1;
	if (o->drop_misfits) {
		*dropped = drop_misfits(o, s);
		runstore_metric(s->rl, "misfits_dropped", (double)*dropped, 0);
		misfits_message(o, *dropped, s->ntr);
		/* with none dropped, training again would give the same model */
		if (*dropped) {
			evalm_result_free(&best_ev->r);
			memset(best_ev, 0, sizeof(*best_ev));
			if (fit(o, s, spec, best_ev, best_epoch, epochs_run) < 0)
				return -1;
		}
	}
	if (s->nva) {
		*out = s->best;
		s->best = NULL;
	} else {
		*out = s->n;
		s->n = NULL;
	}
	net_set_orig(*out, s->d);
	return 0;
}

/* The candidates for TRAIN_AUTO and TRAIN_SVM, scored; returns the chosen one, or -1
 * after reporting. */
static int run_candidates(const struct train_opts *o, struct state *s, const struct net_spec *spec)
{
	int text = spec->sparse > 0, image = spec->dense > 0, chosen = -1;

	/* on text alone the network is not tried: the linear SVM beat it on every text
	 * corpus measured (README, Benchmarks), in less time and memory */
	if (o->mode == TRAIN_AUTO && s->nva && image) {
		struct cand *c = new_cand(s, CAND_NET, "network");

		if (net_candidate(o, s, spec, c, &s->joint, NULL) < 0)
			return -1;
	} else if (o->mode == TRAIN_AUTO && (!text || image)) {
		/* nothing to choose on: the network, as without the selection */
		struct cand *c = new_cand(s, CAND_NET, "network");

		if (net_candidate(o, s, spec, c, &s->joint, NULL) < 0)
			return -1;
		return 0;
	}
	if (text && svm_family(o, s) < 0)
		return -1;
	if (o->mode == TRAIN_AUTO && text && image && s->nva) {
		struct net_spec is = *spec;
		struct cand *c = new_cand(s, CAND_IMAGE, "image_network");

		is.sparse = 0;
		is.hidden = 0;
		s->mprefix = "image_";
		if (net_candidate(o, s, &is, c, &s->img, &s->zi) < 0)
			return -1;
		s->mprefix = NULL;
		late_fusion(o, s);
	}
	for (int i = 0; i < s->ncand; i++)
		if (chosen < 0 || (s->cand[i].scored &&
				   s->cand[i].r.weighted_f1 > s->cand[chosen].r.weighted_f1))
			chosen = i;
	return chosen;
}

int train_run(const struct train_opts *o, const char *input, const char *output)
{
	struct state s;
	struct net_spec spec;
	struct eval best_ev;
	struct ynode *extra;
	struct train_opts co;
	struct net *final = NULL;
	struct cand *c = NULL;
	char model_sha[DIGEST_HEX_LEN + 1];
	struct facts facts = { 0 };
	size_t dropped = 0, train_rows;
	int best_epoch = 0, epochs_run = 0, ret = -1, chosen = -1;

	memset(&s, 0, sizeof(s));
	memset(&best_ev, 0, sizeof(best_ev));
	s.svm_best = -1;
	if (load_data(o, input, &s) < 0 || load_featurizer(o, &s) < 0)
		goto out;
	if (o->runs) {
		s.rl = runstore_begin(o->runs, o->experiment, o->run_name);
		if (!s.rl)
			goto out;
		if (o->verbose)
			fprintf(stderr, "%s: run %s\n", pc_progname(), runstore_dir(s.rl));
		if (o->mode == TRAIN_NETWORK)
			log_run_params(s.rl, o, NULL);
		runstore_input(s.rl, "training_data", s.d->digest);
		if (s.vd != s.d)
			runstore_input(s.rl, "validation_data", s.vd->digest);
		if (*s.d->h.featurizer)
			runstore_input(s.rl, "featurizer", s.d->h.featurizer);
	}
	memset(&spec, 0, sizeof(spec));
	spec.sparse = o->use_text ? dataset_sparse(s.d) : 0;
	spec.dense = o->use_image && o->mode != TRAIN_SVM ? s.d->h.dense : 0;
	spec.text_hidden = o->text_hidden;
	spec.image_hidden = o->image_hidden;
	spec.hidden = o->hidden;
	spec.classes = s.c.n;
	if (!spec.sparse && !spec.dense) {
		if (o->mode == TRAIN_SVM)
			pc_error("--optimizer dcd trains on the text part: the stream has %s",
				 o->use_text ? "no sparse (text) part" : "--image-only");
		else
			pc_error("nothing to train on: the stream has no %s part",
				 !o->use_image ? "sparse (text)" : !o->use_text ? "dense (image)" : "feature");
		goto out;
	}
	if (o->mode == TRAIN_NETWORK) {
		if (run_network(o, &s, &spec, &best_ev, &best_epoch, &epochs_run, &dropped, &final) < 0)
			goto out;
		co = *o;
		train_rows = s.ntr;
	} else {
		chosen = run_candidates(o, &s, &spec);
		if (chosen < 0)
			goto out;
		c = &s.cand[chosen];
		cand_opts(o, &s, c, &co);
		if (s.rl)
			log_run_params(s.rl, &co, c);
		best_epoch = c->best_epoch;
		epochs_run = c->epochs_run;
		dropped = c->dropped;
		train_rows = s.ntr - (c->misfits ? c->dropped : 0);
		if (c->scored) {
			best_ev.r = c->r;
			memset(&c->r, 0, sizeof(c->r));
			c->scored = 2;
		}
		switch (c->kind) {
		case CAND_NET:
			final = s.joint;
			s.joint = NULL;
			net_set_orig(final, s.d);
			break;
		case CAND_IMAGE:
			final = s.img;
			s.img = NULL;
			break;
		case CAND_SVM:
		case CAND_LATE: {
			/* the validation rows chose something and are the training stream's */
			int refit = s.vd == s.d && s.nva && s.ncand > 1;

			svm_final(o, &s, c, refit);
			if (refit) {
				train_rows = s.svm_m - (c->misfits ? s.refit_dropped : 0);
				dropped = s.refit_dropped;
				epochs_run = best_epoch = s.refit_passes;
			}
			{
				/* the data's memory goes before the network's is taken */
				uint32_t nf = dataset_sparse(s.d), ow = s.d->h.sparse, *orig = NULL;

				if (s.d->orig) {
					orig = xmalloc((size_t)(nf ? nf : 1) * sizeof(*orig));
					memcpy(orig, s.d->orig, (size_t)nf * sizeof(*orig));
				}
				keep_facts(&s, &facts);
				free_data(&s);
				final = svm_net(&s, c, nf, orig, ow);
			}
			if (!final)
				goto out;
			break;
		}
		}
		if (co.drop_misfits)
			runstore_metric(s.rl, "misfits_dropped", (double)dropped, 0);
		for (int i = 0; i < s.ncand; i++) {
			char key[96];
			const struct cand *k = &s.cand[i];
			const struct evalm_result *r = k->scored == 2 ? &best_ev.r : &k->r;

			if (!k->scored)
				continue;
			snprintf(key, sizeof(key), "candidate_%s_valid_weighted_f1", k->name);
			runstore_metric(s.rl, key, r->weighted_f1, 0);
			snprintf(key, sizeof(key), "candidate_%s_valid_accuracy", k->name);
			runstore_metric(s.rl, key, r->accuracy, 0);
		}
		if (o->verbose && s.ncand > 1)
			fprintf(stderr, "%s: chose %s\n", pc_progname(), c->name);
	}
	if (!net_finite(final)) {
		pc_error("training diverged: the weights are not finite (try a lower --lr)");
		goto out;
	}
	/* the data is not needed any more: its memory goes before the model is written */
	keep_facts(&s, &facts);
	free_data(&s);
	extra = ynode_map();
	{
		struct ynode *h = hyper_node(&co);

		if (c && (c->kind == CAND_SVM || c->kind == CAND_LATE))
			ynode_set(h, "C", ynode_num(c->C));
		if (c && c->kind == CAND_LATE)
			ynode_set(h, "text_weight", ynode_num(c->text_weight));
		if (c && c->temp != 1.0)
			ynode_set(h, "temperature", ynode_num(c->temp));
		ynode_set(extra, "hyperparameters", h);
	}
	ynode_set(extra, "training", training_node(&s, &co, facts.digest, facts.rows, train_rows,
						   dropped, epochs_run, best_epoch));
	if (s.nva && (!c || c->scored))
		ynode_set(extra, "validation", metrics_node(&best_ev.r));
	if (c)
		ynode_set(extra, "selection", selection_node(&s, chosen, &best_ev.r));
	if (model_write(output, final, &s.c, s.feat, facts.featurizer, extra) < 0)
		goto out;
	if (s.nva && (!c || c->scored)) {
		metrics_set(MET_VALID_ACCURACY, NULL, best_ev.r.accuracy);
		metrics_set(MET_VALID_WEIGHTED_F1, NULL, best_ev.r.weighted_f1);
		runstore_metric(s.rl, "best_valid_weighted_f1", best_ev.r.weighted_f1, best_epoch);
	}
	metrics_set(MET_ROWS, NULL, (double)facts.rows);
	metrics_set(MET_TRAIN_ROWS, NULL, (double)train_rows);
	metrics_set(MET_VALID_ROWS, NULL, (double)s.nva);
	metrics_set(MET_EPOCHS_RUN, NULL, epochs_run);
	metrics_set(MET_BEST_EPOCH, NULL, best_epoch);
	if (s.rl && strcmp(output, "-") && digest_file(output, model_sha) == 0)
		runstore_output(s.rl, "model.pcm", output, model_sha);
	ret = 0;
out:
	evalm_result_free(&best_ev.r);
	net_free(final);
	if (s.rl && ret == 0) {
		ret = runstore_end(s.rl, 1);
		s.rl = NULL;
	}
	state_free(&s);
	return ret;
}
