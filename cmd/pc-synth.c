/* pc-synth: write a synthetic Rakuten-like catalogue (X.csv, Y.csv, images/). */
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/parallel.h"
#include "synth/synth_catalog.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	struct synth_opts o;
	const char *dir = NULL, *config = NULL, *metrics = NULL;
	long n = 0;
	int quiet = 0, first, rc;
	const struct opt opts[] = {
		OPT_LONG('n', "count", &n, "N", 1, SYNTH_MAX_PRODUCTS, "products to write"),
		OPT__OUTPUT(&dir, "the catalogue directory (built aside, renamed into place)"),
		OPT__SEED(&o.seed, "random seed (default 1)"),
		OPT_LONG('w', "week", &o.week, "W", 0, SYNTH_MAX_WEEK,
			 "another reproducible stream of the same seed"),
		OPT_DOUBLE('d', "drift", &o.drift, "F", 0, 1,
			   "fraction of products drawn from the future (default 0)"),
		OPT_INT(0, "image-size", &o.image_size, "PX", 16, 2048,
			"photo width and height (default 500)"),
		OPT_INT(0, "quality", &o.quality, "Q", 1, 100, "JPEG quality (default 85)"),
		OPT__THREADS(&o.threads),
		OPT_BOOL('f', "force", &o.force, "replace DIR if it exists and is not empty"),
		OPT__CONFIG(&config),
		OPT__METRICS(&metrics),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_ALIAS('j', NULL, "threads"),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "-n N -o DIR [options]",
		.summary = "Write a synthetic product catalogue in the Rakuten challenge's layout:\n"
			   "DIR/X.csv, DIR/Y.csv and DIR/images/image_<imageid>_product_<productid>.jpg.",
		.section = "synth",
		.opts = opts,
	};

	pc_set_progname(argv[0]);
	metrics_begin();
	synth_opts_default(&o);
	o.threads = parallel_default_threads();
	first = opt_parse(&p, argc, argv);
	opt_operands(argc, first, 0, 0, "", argv);
	if (!n)
		opt_usage_error("missing -n N");
	if (!dir || !*dir)
		opt_usage_error("missing -o DIR");
	o.n = n;
	metrics_open(metrics);
	rc = synth_catalog_write(dir, &o);
	if (rc == -2)
		pc_exit(PC_EXIT_INPUT);
	if (rc < 0)
		pc_exit(PC_EXIT_INTERNAL);
	metrics_set(MET_ROWS, NULL, (double)n);
	return metrics_finish(PC_EXIT_OK);
}
