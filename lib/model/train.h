/*
 * train: the pc-train procedure.  Read a labelled tensor stream, hold out a validation
 * set (a hash of the id below --valid, or a separate stream), standardise the dense part,
 * and run mini-batch epochs of net.h: the rows shuffled per epoch from the seed, the
 * learning rate constant, falling linearly or along a cosine, validation accuracy,
 * weighted F1 and loss after every epoch, the best epoch (by weighted F1) kept, and
 * training stopped after `patience` epochs without improvement.  With drop_misfits, the
 * training rows the first model misclassifies are dropped and the model trained again on
 * the rest (a classification filter against mislabelled rows).  The model archive gets
 * the network, the classes, the featurizer (required when the stream names one, and
 * checked against the stream's digest), the hyperparameters, the training data's digest
 * and the validation metrics; a run directory gets the same in MLflow's layout.
 */
#ifndef PC_TRAIN_H
#define PC_TRAIN_H

#include "model/net.h"

enum lr_schedule { LR_CONSTANT, LR_LINEAR, LR_COSINE };

struct train_opts {
	int text_hidden, image_hidden, hidden;
	int use_text, use_image;       /* branches to train when the stream has them */
	int epochs, batch, patience;
	enum lr_schedule schedule;
	struct net_train_opts net;     /* optimiser, lr, l2, dropout, seed, threads */
	double valid;                  /* held-out fraction */
	const char *valid_file;
	int balanced;                  /* class weights n / (C * n_c) */
	int drop_misfits;              /* train again without the rows the model gets wrong */
	const char *featurizer;        /* archive bundling the featurizer */
	const char *runs;              /* run store (runstore.h), or NULL */
	const char *experiment;        /* its experiment, NULL: Default */
	const char *run_name;          /* NULL: program and time */
	int verbose;                   /* a line per epoch on stderr */
};

void train_default_opts(struct train_opts *o);

/* Names of the optimisers (by enum net_opt), losses (by enum net_loss), schedules (by
 * enum lr_schedule) and class weights (by `balanced`), NULL-terminated. */
extern const char *const train_optimizer_names[];
extern const char *const train_loss_names[];
extern const char *const train_schedule_names[];
extern const char *const train_weights_names[];

/* Train on `input` and write the model to `output`; 0, or -1 after reporting. */
int train_run(const struct train_opts *o, const char *input, const char *output);

#endif
