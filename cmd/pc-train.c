/* pc-train: train the fusion model on a tensor stream and write a model archive. */
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "model/train.h"

#include <stdlib.h>
#include <string.h>

/* Whether the option `name` was given, on the command line or in the configuration. */
static int given(const struct opt_parser *p, const char *name)
{
	char key[64];

	for (size_t i = 0; i < p->ngiven; i++)
		if (p->given_list[i]->long_name && !strcmp(p->given_list[i]->long_name, name))
			return 1;
	if (!p->config)
		return 0;
	snprintf(key, sizeof(key), "train.%s", name);
	for (char *k = key; *k; k++)
		if (*k == '-')
			*k = '_';
	return config_node(p->config, key) != NULL;
}

/* A contradiction between the options: one line, exit 2. */
static void refuse(const char *msg)
{
	pc_error("%s", msg);
	exit(PC_EXIT_INPUT);
}

/* The options that describe the network: any of them trains that network alone. */
static const char *const network_opts[] = {
	"text-hidden", "image-hidden", "hidden", "epochs", "batch", "lr", "lr-schedule",
	"momentum", "l2", "dropout", "label-smoothing", "loss", "patience", NULL
};

int main(int argc, char **argv)
{
	struct train_opts o;
	const char *output = NULL, *metrics = NULL, *config = NULL;
	int text_only = 0, image_only = 0, quiet = 0, status;
	const struct opt opts[] = {
		OPT__OUTPUT(&output, "the model archive (required)"),
		OPT_FILE(0, "featurizer", &o.featurizer, "FILE",
			 "the featurizer that made the stream (bundled in the model)"),
		OPT__CONFIG(&config),
		OPT_GROUP("network:"),
		OPT_INT(0, "text-hidden", &o.text_hidden, "N", 1, 1024,
			"text branch width (default 32)"),
		OPT_INT(0, "image-hidden", &o.image_hidden, "N", 1, 65536,
			"image branch width (default 128)"),
		OPT_INT(0, "hidden", &o.hidden, "N", 0, 65536,
			"fusion layer width, 0 for none (default 128)"),
		OPT_BOOL(0, "text-only", &text_only, "train the text branch only"),
		OPT_BOOL(0, "image-only", &image_only, "train the image branch only"),
		OPT_GROUP("optimisation:"),
		OPT_INT('e', "epochs", &o.epochs, "N", 1, 100000, "epochs (default 20)"),
		OPT_INT('b', "batch", &o.batch, "N", 1, 1 << 20, "mini-batch size (default 256)"),
		OPT_CHOICE(0, "optimizer", &o.net.opt, "NAME", train_optimizer_names,
			   "adam, sgd, or dcd: the exact linear SVM on the text part"),
		OPT_DOUBLE(0, "C", &o.C, "X", 1e-6, 1e6,
			   "the linear SVM at this C (default: the C of 0.1, 0.3, 1\n"
			   "that validates best)"),
		OPT_FLOAT(0, "lr", &o.net.lr, "X", 1e-9, 100, "learning rate (default 0.002)"),
		OPT_CHOICE(0, "lr-schedule", &o.schedule, "NAME", train_schedule_names,
			   "constant, linear or cosine (default linear)"),
		OPT_FLOAT(0, "momentum", &o.net.momentum, "X", 0, 0.999,
			  "SGD momentum (default 0.9)"),
		OPT_FLOAT(0, "l2", &o.net.l2, "X", 0, 10, "L2 penalty on the weights (default 0)"),
		OPT_FLOAT(0, "dropout", &o.net.dropout, "X", 0, 0.95,
			  "dropout on the fusion layer (default 0.2)"),
		OPT_CHOICE(0, "class-weights", &o.balanced, "W", train_weights_names,
			   "none or balanced (default none)"),
		OPT_BOOL(0, "drop-misfits", &o.drop_misfits,
			 "train again without the training rows the first\n"
			 "model misclassifies (likely mislabelled)"),
		OPT_FLOAT(0, "label-smoothing", &o.net.smoothing, "X", 0, 0.5,
			  "target (1 - X) one-hot + X / classes (default 0)"),
		OPT_CHOICE(0, "loss", &o.net.loss, "NAME", train_loss_names,
			   "softmax, squared-hinge or crammer-singer (default softmax)"),
		OPT_DOUBLE(0, "valid", &o.valid, "F", 0, 0.9,
			   "hold out this fraction for validation (default 0.1)"),
		OPT_FILE(0, "valid-file", &o.valid_file, "FILE", "validate on this stream instead"),
		OPT_INT(0, "patience", &o.patience, "N", 0, 100000,
			"stop after N epochs without progress, 0 never (default 3)"),
		OPT__SEED(&o.net.seed, "random seed (default 1)"),
		OPT__THREADS(&o.net.threads),
		OPT_GROUP("records:"),
		OPT_FILE(0, "runs", &o.runs, "STORE",
			 "record the run (parameters, metrics, resources,\n"
			 "digests) in MLflow's file store STORE"),
		OPT_STRING(0, "experiment", &o.experiment, "NAME",
			   "the run's experiment in STORE (default Default)"),
		OPT_STRING(0, "run-name", &o.run_name, "NAME",
			   "the run's name (default pc-train-TIME)"),
		OPT__METRICS(&metrics),
		OPT__VERBOSE(&o.verbose, "a line per epoch on stderr"),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_ALIAS('f', NULL, "featurizer"),
		OPT_ALIAS(0, "run-dir", "runs"),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "[options] -o MODEL.pcm [FEATURES.pct]",
		.summary = "Train a text and image classifier on a labelled tensor stream; with no model\n"
			   "option, the candidate that validates best (see pc-train(1)).",
		.section = "train",
		.opts = opts,
	};
	int first, net_given = 0;

	pc_set_progname(argv[0]);
	metrics_begin();
	train_default_opts(&o);
	o.net.threads = parallel_default_threads();
	first = opt_parse(&p, argc, argv);
	opt_operands(argc, first, 0, 1, "FEATURES.pct", argv);
	if (!output)
		opt_usage_error("missing -o MODEL.pcm");
	if (text_only && image_only)
		opt_usage_error("--text-only and --image-only exclude each other");
	o.use_text = !image_only;
	o.use_image = !text_only;
	/* no model option: the candidates are tried on the validation rows, the best kept;
	 * --optimizer dcd or --C: the linear SVM (text only, linear, squared hinge) */
	for (int i = 0; network_opts[i]; i++)
		net_given |= given(&p, network_opts[i]);
	o.l2_set = given(&p, "l2");
	o.epochs_set = given(&p, "epochs");
	o.misfits_set = given(&p, "drop-misfits");
	if ((given(&p, "optimizer") && o.net.opt == NET_DCD) || given(&p, "C")) {
		if (given(&p, "optimizer") && o.net.opt != NET_DCD)
			refuse("--C is the linear SVM's (--optimizer dcd), not the network's");
		if (given(&p, "hidden") && o.hidden)
			refuse("--optimizer dcd trains linear models: add --hidden 0");
		if (given(&p, "loss") && o.net.loss != NET_SQHINGE)
			refuse("--optimizer dcd minimises the squared hinge: add --loss squared-hinge");
		if (image_only)
			refuse("--optimizer dcd trains on the text part: not with --image-only");
		o.mode = TRAIN_SVM;
		o.net.opt = NET_DCD;
		o.net.loss = NET_SQHINGE;
		o.hidden = 0;
		o.use_image = 0;
	} else if (net_given || given(&p, "optimizer")) {
		o.mode = TRAIN_NETWORK;
	}
	/* an output that cannot be written is found before the training, not after */
	if (outfile_check(output) < 0) {
		opt_end(&p);
		return PC_EXIT_INTERNAL;
	}
	metrics_open(metrics);
	status = train_run(&o, first < argc ? argv[first] : "-", output) < 0 ? PC_EXIT_INPUT :
		 PC_EXIT_OK;
	opt_end(&p);
	return metrics_finish(status);
}
