/* pc-synth: write a synthetic Rakuten-like catalogue (X.csv, Y.csv, images/). */
#include "base/cli.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "synth/synth_catalog.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(void)
{
	printf("Usage: %s -n N -o DIR [options]\n"
	       "Write a synthetic product catalogue in the Rakuten challenge's layout:\n"
	       "DIR/X.csv, DIR/Y.csv and DIR/images/image_<imageid>_product_<productid>.jpg.\n"
	       "\n"
	       "  -n, --count N        products to write (1-%ld)\n"
	       "  -o, --output DIR     the catalogue directory (built aside, renamed into place)\n"
	       "  -s, --seed S         random seed (default 1)\n"
	       "  -w, --week W         another reproducible stream of the same seed (0-%d)\n"
	       "  -d, --drift F        fraction of products drawn from the future (0-1, default 0)\n"
	       "      --image-size PX  photo width and height (16-2048, default 500)\n"
	       "      --quality Q      JPEG quality (1-100, default 85)\n"
	       "  -j, --threads T      threads painting photos (default: all processors)\n"
	       "  -f, --force          replace DIR if it exists and is not empty\n"
	       "      --help           show this help\n"
	       "      --version        show the version\n",
	       pc_progname(), SYNTH_MAX_PRODUCTS, SYNTH_MAX_WEEK);
	pc_exit(PC_EXIT_OK);
}

int main(int argc, char **argv)
{
	enum { OPT_SIZE = 256, OPT_QUALITY, OPT_HELP, OPT_VERSION };
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "week", required_argument, NULL, 'w' },
		{ "drift", required_argument, NULL, 'd' },
		{ "image-size", required_argument, NULL, OPT_SIZE },
		{ "quality", required_argument, NULL, OPT_QUALITY },
		{ "threads", required_argument, NULL, 'j' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct synth_opts o;
	const char *dir = NULL;
	int have_n = 0, c, rc;

	pc_set_progname(argv[0]);
	synth_opts_default(&o);
	o.threads = parallel_default_threads();
	while ((c = getopt_long(argc, argv, "n:o:s:w:d:j:f", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o.n = cli_long("--count", optarg, 1, SYNTH_MAX_PRODUCTS);
			have_n = 1;
			break;
		case 'o': dir = optarg; break;
		case 's': o.seed = cli_u64("--seed", optarg); break;
		case 'w': o.week = cli_long("--week", optarg, 0, SYNTH_MAX_WEEK); break;
		case 'd': o.drift = cli_double("--drift", optarg, 0, 1); break;
		case OPT_SIZE: o.image_size = (int)cli_long("--image-size", optarg, 16, 2048); break;
		case OPT_QUALITY: o.quality = (int)cli_long("--quality", optarg, 1, 100); break;
		case 'j': o.threads = (int)cli_long("--threads", optarg, 1, 256); break;
		case 'f': o.force = 1; break;
		case OPT_HELP: usage(); break;
		case OPT_VERSION: cli_version(); break;
		default: cli_usage_error("unknown option");
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (!have_n)
		cli_usage_error("missing -n N");
	if (!dir || !*dir)
		cli_usage_error("missing -o DIR");
	rc = synth_catalog_write(dir, &o);
	if (rc == -2)
		pc_exit(PC_EXIT_INPUT);
	if (rc < 0)
		pc_exit(PC_EXIT_INTERNAL);
	return PC_EXIT_OK;
}
