/* pc-tokenize: product text (challenge CSV or TSV) to normalised token TSV. */
#include "text/catalog.h"
#include "base/cli.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "text/normalize.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "text/tokenize.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
	"usage: pc-tokenize [options] [PRODUCTS]\n"
	"Normalise product text into TSV: id, label, image, tokens.\n"
	"\n"
	"  -l, --labels FILE      labels (challenge Y.csv or TSV) joined on the id\n"
	"  -i, --images DIR       photo directory (image_<imageid>_product_<productid>.jpg)\n"
	"  -f, --format FMT       auto, csv or tsv (default auto)\n"
	"      --id-col NAME      id column (default: the first)\n"
	"      --text-cols LIST   text columns (default designation,description)\n"
	"      --label-col NAME   label column (default prdtypecode or label)\n"
	"      --image-col NAME   column of photo paths (default image)\n"
	"      --check-images     count photos that do not exist\n"
	"      --keep-accents     do not fold accents (é stays é)\n"
	"      --stopwords LIST   drop function words of fr,en,de (default none)\n"
	"      --no-units         do not join numbers and units (500 ml -> 500ml)\n"
	"  -t, --threads N        worker threads (default: all processors)\n"
	"  -o, --output FILE      write here (default stdout)\n"
	"      --metrics FILE     write Prometheus metrics\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n";

enum { OPT_ID = 256, OPT_TEXT, OPT_LABEL, OPT_IMAGE, OPT_CHECK, OPT_KEEP, OPT_STOP,
       OPT_NOUNITS, OPT_METRICS };

static const struct option options[] = {
	{ "labels", required_argument, NULL, 'l' },
	{ "images", required_argument, NULL, 'i' },
	{ "format", required_argument, NULL, 'f' },
	{ "id-col", required_argument, NULL, OPT_ID },
	{ "text-cols", required_argument, NULL, OPT_TEXT },
	{ "label-col", required_argument, NULL, OPT_LABEL },
	{ "image-col", required_argument, NULL, OPT_IMAGE },
	{ "check-images", no_argument, NULL, OPT_CHECK },
	{ "keep-accents", no_argument, NULL, OPT_KEEP },
	{ "stopwords", required_argument, NULL, OPT_STOP },
	{ "no-units", no_argument, NULL, OPT_NOUNITS },
	{ "threads", required_argument, NULL, 't' },
	{ "output", required_argument, NULL, 'o' },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Warnings on stderr and figures for --metrics. */
static void report(const struct catalog *cat, const struct tokenize_stats *st)
{
	const struct catalog_stats *cs = catalog_stats(cat);

	if (st->norm.invalid_utf8)
		pc_warn("repaired %llu bytes of invalid UTF-8",
			(unsigned long long)st->norm.invalid_utf8);
	if (cs->images_missing)
		pc_warn("%llu of %llu photos missing (first: %s)",
			(unsigned long long)cs->images_missing, (unsigned long long)cs->rows,
			cs->first_missing);
	metrics_set("rows", "products read", NULL, (double)st->rows);
	metrics_set("tokens", "tokens written", NULL, (double)st->norm.tokens);
	metrics_set("invalid_utf8_bytes", "bytes of invalid UTF-8 repaired", NULL,
		    (double)st->norm.invalid_utf8);
	metrics_set("images_missing", "photos that do not exist", NULL,
		    (double)cs->images_missing);
}

int main(int argc, char **argv)
{
	struct catalog_opts co = { 0 };
	struct normalize_opts no = { 1, 0, 1 };
	struct tokenize_stats st = { 0 };
	const char *output = "-", *metrics = NULL;
	int threads = parallel_default_threads();
	struct normalizer *nz;
	struct catalog *cat;
	struct outfile out;
	int c, f, status = PC_EXIT_OK;

	pc_set_progname(argv[0]);
	metrics_begin();
	co.format = TABLE_AUTO;
	while ((c = getopt_long(argc, argv, "l:i:f:t:o:hV", options, NULL)) != -1) {
		switch (c) {
		case 'l': co.labels = optarg; break;
		case 'i': co.images = optarg; break;
		case 'f':
			f = table_parse_format(optarg);
			if (f < 0)
				cli_usage_error("--format: '%s' is not auto, csv or tsv", optarg);
			co.format = (enum table_format)f;
			break;
		case OPT_ID: co.id_col = optarg; break;
		case OPT_TEXT: co.text_cols = optarg; break;
		case OPT_LABEL: co.label_col = optarg; break;
		case OPT_IMAGE: co.image_col = optarg; break;
		case OPT_CHECK: co.check_images = 1; break;
		case OPT_KEEP: no.fold_accents = 0; break;
		case OPT_STOP:
			f = normalize_parse_stopwords(optarg);
			if (f < 0)
				cli_usage_error("--stopwords: '%s' is not a list of fr, en, de", optarg);
			no.stopwords = (unsigned)f;
			break;
		case OPT_NOUNITS: no.merge_units = 0; break;
		case 't': threads = (int)cli_long("--threads", optarg, 1, 256); break;
		case 'o': output = optarg; break;
		case OPT_METRICS: metrics = optarg; break;
		case 'h': fputs(usage, stdout); return PC_EXIT_OK;
		case 'V': cli_version();
		default: cli_usage_error("unknown option");
		}
	}
	if (argc - optind > 1)
		cli_usage_error("too many arguments");
	co.path = optind < argc ? argv[optind] : "-";

	cat = catalog_open(&co);
	if (!cat)
		return PC_EXIT_INPUT;
	if (outfile_open(&out, output) < 0) {
		catalog_close(cat);
		return PC_EXIT_INTERNAL;
	}
	nz = normalize_new(&no);
	if (tokenize_catalog(cat, nz, out.fp, threads, &st) < 0) {
		outfile_abort(&out);
		status = PC_EXIT_INPUT;
	} else if (outfile_commit(&out) < 0) {
		status = PC_EXIT_INTERNAL;
	} else {
		report(cat, &st);
		if (metrics_write(metrics) < 0)
			status = PC_EXIT_INTERNAL;
	}
	catalog_close(cat);
	normalize_free(nz);
	return status;
}
