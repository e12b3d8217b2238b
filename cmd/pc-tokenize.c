/* pc-tokenize: product text (challenge CSV or TSV) to normalised token TSV. */
#include "text/catalog.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "text/normalize.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "text/tokenize.h"

#include <stdio.h>
#include <stdlib.h>

/* --stopwords LIST */
static const char *parse_stopwords(void *value, const char *arg)
{
	int bits = normalize_parse_stopwords(arg);

	if (bits < 0)
		return "not a list of fr, en, de";
	*(unsigned *)value = (unsigned)bits;
	return NULL;
}

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
	metrics_set(MET_ROWS, NULL, (double)st->rows);
	metrics_set(MET_TOKENS, NULL, (double)st->norm.tokens);
	metrics_set(MET_INVALID_UTF8_BYTES, NULL, (double)st->norm.invalid_utf8);
	metrics_set(MET_IMAGES_MISSING, NULL, (double)cs->images_missing);
}

int main(int argc, char **argv)
{
	struct catalog_opts co = { 0 };
	struct normalize_opts no = { 1, 0, 1 };
	struct tokenize_stats st = { 0 };
	const char *output = "-", *metrics = NULL, *config = NULL;
	int threads = parallel_default_threads(), keep_accents = 0, no_units = 0, quiet = 0;
	struct normalizer *nz;
	struct catalog *cat;
	struct outfile out;
	int first, status = PC_EXIT_OK;
	const struct opt opts[] = {
		OPT_FILE('l', "labels", &co.labels, "FILE",
			 "labels (challenge Y.csv or TSV) joined on the id"),
		OPT_FILE('i', "images", &co.images, "DIR",
			 "photo directory (image_<imageid>_product_<productid>.jpg)"),
		OPT_CHOICE(0, "format", &co.format, "FMT", table_format_names,
			   "auto, csv or tsv (default auto)"),
		OPT_STRING(0, "id-col", &co.id_col, "NAME", "id column (default: the first)"),
		OPT_STRING(0, "text-columns", &co.text_cols, "LIST",
			   "text columns (default designation,description)"),
		OPT_STRING(0, "label-col", &co.label_col, "NAME",
			   "label column (default prdtypecode or label)"),
		OPT_STRING(0, "image-col", &co.image_col, "NAME",
			   "column of photo paths (default image)"),
		OPT_BOOL(0, "check-images", &co.check_images, "count photos that do not exist"),
		OPT_BOOL(0, "keep-accents", &keep_accents, "do not fold accents (é stays é)"),
		OPT_CALLBACK(0, "stopwords", &no.stopwords, "LIST", parse_stopwords,
			     "drop function words of fr,en,de (default none)"),
		OPT_BOOL(0, "no-units", &no_units, "do not join numbers and units (500 ml -> 500ml)"),
		OPT__THREADS(&threads),
		OPT__OUTPUT(&output, "write here (default stdout)"),
		OPT__CONFIG(&config),
		OPT__METRICS(&metrics),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_ALIAS('f', NULL, "format"),
		OPT_ALIAS(0, "text-cols", "text-columns"),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "[options] [PRODUCTS]",
		.summary = "Normalise product text into TSV: id, label, image, tokens.",
		.section = "tokenize",
		.opts = opts,
	};

	pc_set_progname(argv[0]);
	metrics_begin();
	co.format = TABLE_AUTO;
	first = opt_parse(&p, argc, argv);
	opt_operands(argc, first, 0, 1, "PRODUCTS", argv);
	co.path = first < argc ? argv[first] : "-";
	metrics_open(metrics);
	no.fold_accents = !keep_accents;
	no.merge_units = !no_units;

	cat = catalog_open(&co);
	if (!cat) {
		opt_end(&p);
		return PC_EXIT_INPUT;
	}
	if (outfile_open(&out, output) < 0) {
		catalog_close(cat);
		opt_end(&p);
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
	}
	catalog_close(cat);
	normalize_free(nz);
	opt_end(&p);
	return metrics_finish(status);
}
