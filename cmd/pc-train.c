/* pc-train: train the fusion model on a tensor stream and write a model archive. */
#include "cli.h"
#include "config.h"
#include "metrics.h"
#include "msg.h"
#include "parallel.h"
#include "train.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: pc-train [options] -o MODEL.pcm [FEATURES.pct]\n"
	"Train the text + image fusion network on a labelled tensor stream.\n"
	"\n"
	"  -o, --output FILE       the model archive (required)\n"
	"  -f, --featurizer FILE   the featurizer that made the stream (bundled in the model)\n"
	"  -c, --config FILE       YAML configuration (section 'train'); options override it\n"
	"      --text-hidden N     text branch width (default 32)\n"
	"      --image-hidden N    image branch width (default 128)\n"
	"      --hidden N          fusion layer width, 0 for none (default 128)\n"
	"      --text-only, --image-only   train one branch\n"
	"  -e, --epochs N          epochs (default 20)\n"
	"  -b, --batch N           mini-batch size (default 256)\n"
	"      --optimizer NAME    adam, sgd, or dcd: the exact linear SVM (text only,\n"
	"                          --hidden 0, --loss squared-hinge, C = 1/(2 l2 n))\n"
	"      --lr X              learning rate (default 0.002)\n"
	"      --lr-schedule NAME  constant, linear or cosine (default linear)\n"
	"      --momentum X        SGD momentum (default 0.9)\n"
	"      --l2 X              L2 penalty on the weights (default 0)\n"
	"      --dropout X         dropout on the fusion layer (default 0.2)\n"
	"      --class-weights W   none or balanced (default none)\n"
	"      --drop-misfits      train again without the training rows the first\n"
	"                          model misclassifies (likely mislabelled)\n"
	"      --label-smoothing X target (1 - X) one-hot + X / classes (default 0)\n"
	"      --loss NAME         softmax, squared-hinge or crammer-singer (default softmax)\n"
	"      --valid F           hold out this fraction for validation (default 0.1)\n"
	"      --valid-file FILE   validate on this stream instead\n"
	"      --patience N        stop after N epochs without progress, 0 never (default 3)\n"
	"  -s, --seed S            random seed (default 1)\n"
	"  -t, --threads N         worker threads (default: all processors)\n"
	"      --run-dir DIR       record parameters, metrics and resources in DIR\n"
	"      --metrics FILE      write Prometheus metrics\n"
	"  -v, --verbose           a line per epoch on stderr\n"
	"  -h, --help              show this help\n"
	"  -V, --version           show the version\n";

enum { OPT_TH = 256, OPT_IH, OPT_H, OPT_TEXT_ONLY, OPT_IMAGE_ONLY, OPT_OPT, OPT_LR,
       OPT_SCHED, OPT_MOM, OPT_L2, OPT_DROP, OPT_CW, OPT_VALID, OPT_VFILE, OPT_PAT, OPT_RUN,
       OPT_METRICS, OPT_SMOOTH, OPT_LOSS, OPT_MISFITS };

static const struct option options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "featurizer", required_argument, NULL, 'f' },
	{ "config", required_argument, NULL, 'c' },
	{ "text-hidden", required_argument, NULL, OPT_TH },
	{ "image-hidden", required_argument, NULL, OPT_IH },
	{ "hidden", required_argument, NULL, OPT_H },
	{ "text-only", no_argument, NULL, OPT_TEXT_ONLY },
	{ "image-only", no_argument, NULL, OPT_IMAGE_ONLY },
	{ "epochs", required_argument, NULL, 'e' },
	{ "batch", required_argument, NULL, 'b' },
	{ "optimizer", required_argument, NULL, OPT_OPT },
	{ "lr", required_argument, NULL, OPT_LR },
	{ "lr-schedule", required_argument, NULL, OPT_SCHED },
	{ "momentum", required_argument, NULL, OPT_MOM },
	{ "l2", required_argument, NULL, OPT_L2 },
	{ "dropout", required_argument, NULL, OPT_DROP },
	{ "class-weights", required_argument, NULL, OPT_CW },
	{ "drop-misfits", no_argument, NULL, OPT_MISFITS },
	{ "label-smoothing", required_argument, NULL, OPT_SMOOTH },
	{ "loss", required_argument, NULL, OPT_LOSS },
	{ "valid", required_argument, NULL, OPT_VALID },
	{ "valid-file", required_argument, NULL, OPT_VFILE },
	{ "patience", required_argument, NULL, OPT_PAT },
	{ "seed", required_argument, NULL, 's' },
	{ "threads", required_argument, NULL, 't' },
	{ "run-dir", required_argument, NULL, OPT_RUN },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int parse_schedule(const char *s)
{
	return !strcmp(s, "constant") ? LR_CONSTANT : !strcmp(s, "linear") ? LR_LINEAR :
	       !strcmp(s, "cosine") ? LR_COSINE : -1;
}

static int parse_weights(const char *s)
{
	return !strcmp(s, "none") ? 0 : !strcmp(s, "balanced") ? 1 : -1;
}

/* The 'train' section of the configuration file; options given later override it. */
static int apply_config(const char *path, struct train_opts *o)
{
	static const char *const known[] = { "text_hidden", "image_hidden", "hidden", "epochs",
		"batch", "optimizer", "lr", "lr_schedule", "momentum", "l2", "dropout",
		"class_weights", "drop_misfits", "valid", "patience", "seed", "loss", NULL };
	struct config *c = config_load(path);
	long th, ih, h, ep, b, pat, seed;
	double lr, mom, l2, drop, valid;
	const char *opt, *sched, *cw, *loss;
	int bad = 0, v, lv, misfits;

	if (!c)
		return -1;
	if (config_node(c, "train"))
		config_warn_unknown(c, "train", known);
	bad |= config_long(c, "train.text_hidden", o->text_hidden, &th);
	bad |= config_long(c, "train.image_hidden", o->image_hidden, &ih);
	bad |= config_long(c, "train.hidden", o->hidden, &h);
	bad |= config_long(c, "train.epochs", o->epochs, &ep);
	bad |= config_long(c, "train.batch", o->batch, &b);
	bad |= config_long(c, "train.patience", o->patience, &pat);
	bad |= config_long(c, "train.seed", (long)o->net.seed, &seed);
	bad |= config_double(c, "train.lr", o->net.lr, &lr);
	bad |= config_double(c, "train.momentum", o->net.momentum, &mom);
	bad |= config_double(c, "train.l2", o->net.l2, &l2);
	bad |= config_double(c, "train.dropout", o->net.dropout, &drop);
	bad |= config_double(c, "train.valid", o->valid, &valid);
	bad |= config_str(c, "train.optimizer", train_opt_name(o->net.opt), &opt);
	bad |= config_str(c, "train.lr_schedule", "linear", &sched);
	bad |= config_str(c, "train.class_weights", o->balanced ? "balanced" : "none", &cw);
	bad |= config_str(c, "train.loss", train_loss_name(o->net.loss), &loss);
	bad |= config_bool(c, "train.drop_misfits", o->drop_misfits, &misfits);
	if (bad) {
		config_free(c);
		return -1;
	}
	if (th < 1 || th > 1024 || ih < 1 || ih > 65536 || h < 0 || h > 65536 || ep < 1 ||
	    b < 1 || pat < 0 || lr <= 0 || drop < 0 || drop >= 1 || valid < 0 || valid >= 1 ||
	    l2 < 0 || (v = train_parse_opt(opt)) < 0 || parse_schedule(sched) < 0 ||
	    parse_weights(cw) < 0 || (lv = train_parse_loss(loss)) < 0) {
		pc_error("%s: a value in section 'train' is out of range", path);
		config_free(c);
		return -1;
	}
	o->text_hidden = (int)th;
	o->image_hidden = (int)ih;
	o->hidden = (int)h;
	o->epochs = (int)ep;
	o->batch = (int)b;
	o->patience = (int)pat;
	o->net.seed = (uint64_t)seed;
	o->net.lr = (float)lr;
	o->net.momentum = (float)mom;
	o->net.l2 = (float)l2;
	o->net.dropout = (float)drop;
	o->valid = valid;
	o->net.opt = (enum net_opt)v;
	o->schedule = (enum lr_schedule)parse_schedule(sched);
	o->balanced = parse_weights(cw);
	o->net.loss = (enum net_loss)lv;
	o->drop_misfits = misfits;
	config_free(c);
	return 0;
}

int main(int argc, char **argv)
{
	struct train_opts o;
	const char *output = NULL, *metrics = NULL, *config = NULL;
	int c, v;

	pc_set_progname(argv[0]);
	metrics_begin();
	train_default_opts(&o);
	o.net.threads = parallel_default_threads();
	/* the configuration file first, so that options override it whatever their order */
	for (int i = 1; i < argc - 1; i++)
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config"))
			config = argv[i + 1];
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--config=", 9))
			config = argv[i] + 9;
	if (config && apply_config(config, &o) < 0)
		return PC_EXIT_INPUT;
	while ((c = getopt_long(argc, argv, "o:f:c:e:b:s:t:vhV", options, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'f': o.featurizer = optarg; break;
		case 'c': break;
		case OPT_TH: o.text_hidden = (int)cli_long("--text-hidden", optarg, 1, 1024); break;
		case OPT_IH: o.image_hidden = (int)cli_long("--image-hidden", optarg, 1, 65536); break;
		case OPT_H: o.hidden = (int)cli_long("--hidden", optarg, 0, 65536); break;
		case OPT_TEXT_ONLY: o.use_image = 0; break;
		case OPT_IMAGE_ONLY: o.use_text = 0; break;
		case 'e': o.epochs = (int)cli_long("--epochs", optarg, 1, 100000); break;
		case 'b': o.batch = (int)cli_long("--batch", optarg, 1, 1 << 20); break;
		case OPT_OPT:
			if ((v = train_parse_opt(optarg)) < 0)
				cli_usage_error("--optimizer: '%s' is not adam, sgd or dcd", optarg);
			o.net.opt = (enum net_opt)v;
			break;
		case OPT_LR: o.net.lr = (float)cli_double("--lr", optarg, 1e-9, 100.0); break;
		case OPT_SCHED:
			if ((v = parse_schedule(optarg)) < 0)
				cli_usage_error("--lr-schedule: '%s' is not constant, linear or cosine",
						optarg);
			o.schedule = (enum lr_schedule)v;
			break;
		case OPT_MOM: o.net.momentum = (float)cli_double("--momentum", optarg, 0.0, 0.999); break;
		case OPT_L2: o.net.l2 = (float)cli_double("--l2", optarg, 0.0, 10.0); break;
		case OPT_DROP: o.net.dropout = (float)cli_double("--dropout", optarg, 0.0, 0.95); break;
		case OPT_CW:
			if ((v = parse_weights(optarg)) < 0)
				cli_usage_error("--class-weights: '%s' is not none or balanced", optarg);
			o.balanced = v;
			break;
		case OPT_MISFITS: o.drop_misfits = 1; break;
		case OPT_SMOOTH:
			o.net.smoothing = (float)cli_double("--label-smoothing", optarg, 0.0, 0.5);
			break;
		case OPT_LOSS:
			if ((v = train_parse_loss(optarg)) < 0)
				cli_usage_error("--loss: '%s' is not softmax, squared-hinge or "
						"crammer-singer", optarg);
			o.net.loss = (enum net_loss)v;
			break;
		case OPT_VALID: o.valid = cli_double("--valid", optarg, 0.0, 0.9); break;
		case OPT_VFILE: o.valid_file = optarg; break;
		case OPT_PAT: o.patience = (int)cli_long("--patience", optarg, 0, 100000); break;
		case 's': o.net.seed = cli_u64("--seed", optarg); break;
		case 't': o.net.threads = (int)cli_long("--threads", optarg, 1, 256); break;
		case OPT_RUN: o.run_dir = optarg; break;
		case OPT_METRICS: metrics = optarg; break;
		case 'v': o.verbose = 1; break;
		case 'h': fputs(usage, stdout); return PC_EXIT_OK;
		case 'V': cli_version();
		default: cli_usage_error("unknown option");
		}
	}
	if (!output)
		cli_usage_error("no output: give -o MODEL.pcm");
	if (argc - optind > 1)
		cli_usage_error("too many arguments");
	if (!o.use_text && !o.use_image)
		cli_usage_error("--text-only and --image-only exclude each other");
	if (train_run(&o, optind < argc ? argv[optind] : "-", output) < 0)
		return PC_EXIT_INPUT;
	return metrics_write(metrics) < 0 ? PC_EXIT_INTERNAL : PC_EXIT_OK;
}
