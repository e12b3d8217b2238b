/* pc-train: train the fusion model on a tensor stream and write a model archive. */
#include "base/cli.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "model/train.h"

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
	if (config && train_apply_config(config, &o) < 0)
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
			if ((v = train_parse_schedule(optarg)) < 0)
				cli_usage_error("--lr-schedule: '%s' is not constant, linear or cosine",
						optarg);
			o.schedule = (enum lr_schedule)v;
			break;
		case OPT_MOM: o.net.momentum = (float)cli_double("--momentum", optarg, 0.0, 0.999); break;
		case OPT_L2: o.net.l2 = (float)cli_double("--l2", optarg, 0.0, 10.0); break;
		case OPT_DROP: o.net.dropout = (float)cli_double("--dropout", optarg, 0.0, 0.95); break;
		case OPT_CW:
			if ((v = train_parse_weights(optarg)) < 0)
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
