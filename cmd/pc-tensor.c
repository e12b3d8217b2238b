/* pc-tensor: inspect and convert tensor streams (.pct). */
#include "base/cli.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "formats/pct.h"
#include "formats/pctconv.h"
#include "formats/tsv.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: pc-tensor info [FILE] [-o OUT]\n"
	"       pc-tensor cat [FILE] [--format tsv|pct] [-o OUT]\n"
	"       pc-tensor head [-n ROWS] [FILE] [--format tsv|pct] [-o OUT]\n"
	"       pc-tensor to-npy [FILE] -o OUT.npy [--rows ROWS.tsv]\n"
	"       pc-tensor from-tsv [FILE] [--id-col NAME] [--label-col NAME] [--columns LIST]\n"
	"                 [--sparse-col NAME --sparse-width N] [--spec TEXT] [--featurizer HEX]\n"
	"                 [-o OUT.pct]\n"
	"Inspect and convert tensor streams (.pct); FILE '-' or absent reads stdin.\n"
	"  -o, --output FILE   write FILE (atomically) instead of stdout\n"
	"  --format FMT        cat/head output: tsv (default) or pct\n"
	"  -n, --rows-max N    head: first N rows (default 10)\n"
	"  --rows FILE         to-npy: ids and labels (default OUT.rows.tsv)\n"
	"  --metrics FILE      write Prometheus metrics to FILE\n"
	"  -h, --help          show this help;  --version  show the version\n"
	"See pc-tensor(1).\n";

enum {
	OPT_FORMAT = 256, OPT_ROWS, OPT_ID, OPT_LABEL, OPT_COLUMNS, OPT_SPARSE_COL,
	OPT_SPARSE_WIDTH, OPT_SPEC, OPT_FEATURIZER, OPT_METRICS, OPT_VERSION,
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "rows-max", required_argument, NULL, 'n' },
	{ "rows", required_argument, NULL, OPT_ROWS },
	{ "id-col", required_argument, NULL, OPT_ID },
	{ "label-col", required_argument, NULL, OPT_LABEL },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "sparse-col", required_argument, NULL, OPT_SPARSE_COL },
	{ "sparse-width", required_argument, NULL, OPT_SPARSE_WIDTH },
	{ "spec", required_argument, NULL, OPT_SPEC },
	{ "featurizer", required_argument, NULL, OPT_FEATURIZER },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

enum sub { SUB_INFO, SUB_CAT, SUB_HEAD, SUB_NPY, SUB_FROM_TSV };

static const struct {
	const char *name;
	const char *opts;   /* long option names it takes, besides -o, --metrics, --help */
} subs[] = {
	[SUB_INFO] = { "info", "" },
	[SUB_CAT] = { "cat", " format " },
	[SUB_HEAD] = { "head", " format rows-max " },
	[SUB_NPY] = { "to-npy", " rows " },
	[SUB_FROM_TSV] = { "from-tsv",
			   " id-col label-col columns sparse-col sparse-width spec featurizer " },
};

static void usage(void)
{
	fputs(usage_text, stdout);
	pc_exit(PC_EXIT_OK);
}

/* Refuse an option the subcommand does not take. */
static void check_option(int sub, int c)
{
	char want[64];

	if (c == 'o' || c == 'h' || c == OPT_METRICS || c == OPT_VERSION || c == ':' || c == '?')
		return;
	for (const struct option *lo = longopts; lo->name; lo++) {
		if (lo->val != c)
			continue;
		snprintf(want, sizeof(want), " %s ", lo->name);
		if (!strstr(subs[sub].opts, want)) {
			if (c < 256)
				cli_usage_error("%s does not take -%c (--%s)", subs[sub].name, c,
						lo->name);
			cli_usage_error("%s does not take --%s", subs[sub].name, lo->name);
		}
		return;
	}
}

/* A tensor command failed: blame the input (2) or the output (3). */
static int failure(struct pct_reader *r, struct outfile *o)
{
	int status = (r && pct_failed(r)) || !(o && o->fp && ferror(o->fp)) ?
		     PC_EXIT_INPUT : PC_EXIT_INTERNAL;

	if (o && o->fp)
		outfile_abort(o);
	return status;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *metrics = NULL, *rows_path = NULL, *format = "tsv";
	struct pctconv_tsv_opts topt = { 0 };
	uint64_t limit = UINT64_MAX, rows = 0;
	struct pct_reader *r = NULL;
	struct outfile o = { 0 };
	const char *in;
	int sub, c, status = PC_EXIT_OK;

	pc_set_progname(argv[0]);
	metrics_begin();
	if (argc < 2)
		cli_usage_error("missing subcommand (info, cat, head, to-npy, from-tsv)");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		usage();
	if (!strcmp(argv[1], "--version"))
		cli_version();
	for (sub = 0; sub < (int)(sizeof(subs) / sizeof(subs[0])); sub++)
		if (!strcmp(argv[1], subs[sub].name))
			break;
	if (sub == (int)(sizeof(subs) / sizeof(subs[0])))
		cli_usage_error("unknown subcommand '%s'", argv[1]);

	opterr = 0;
	argv++;
	argc--;
	while ((c = getopt_long(argc, argv, ":o:n:h", longopts, NULL)) != -1) {
		check_option(sub, c);
		switch (c) {
		case 'o': out = optarg; break;
		case 'n': limit = cli_u64("-n", optarg); break;
		case OPT_FORMAT:
			if (strcmp(optarg, "tsv") && strcmp(optarg, "pct"))
				cli_usage_error("option --format: '%s' is not tsv or pct", optarg);
			format = optarg;
			break;
		case OPT_ROWS: rows_path = optarg; break;
		case OPT_ID: topt.id_col = optarg; break;
		case OPT_LABEL: topt.label_col = optarg; break;
		case OPT_COLUMNS: topt.columns = optarg; break;
		case OPT_SPARSE_COL: topt.sparse_col = optarg; break;
		case OPT_SPARSE_WIDTH:
			topt.sparse_width = (uint32_t)cli_long("--sparse-width", optarg, 1,
							       PCT_MAX_SPARSE);
			break;
		case OPT_SPEC: topt.spec = optarg; break;
		case OPT_FEATURIZER: topt.featurizer = optarg; break;
		case OPT_METRICS: metrics = optarg; break;
		case 'h': usage(); break;
		case OPT_VERSION: cli_version(); break;
		case ':': cli_usage_error("option '%s' needs a value", argv[optind - 1]);
		default: cli_usage_error("unrecognized option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		cli_usage_error("too many arguments: %s takes at most one FILE", subs[sub].name);
	in = optind < argc ? argv[optind] : "-";
	if (sub == SUB_HEAD && limit == UINT64_MAX)
		limit = 10;

	if (sub == SUB_FROM_TSV) {
		struct tsv *t = tsv_open(in);

		if (!t)
			pc_exit(PC_EXIT_INPUT);
		if (outfile_open(&o, out) < 0) {
			tsv_close(t);
			pc_exit(PC_EXIT_INTERNAL);
		}
		if (pctconv_from_tsv(t, &topt, o.fp, o.name, &rows) < 0)
			status = failure(NULL, &o);
		tsv_close(t);
	} else {
		if (sub == SUB_NPY && (!out || !strcmp(out, "-")))
			cli_usage_error("to-npy needs -o FILE.npy (a seekable file)");
		r = pct_open(in);
		if (!r)
			pc_exit(PC_EXIT_INPUT);
		if (sub == SUB_NPY) {
			if (pctconv_npy(r, out, rows_path) < 0)
				status = pct_failed(r) ? PC_EXIT_INPUT : PC_EXIT_INTERNAL;
		} else if (outfile_open(&o, out) < 0) {
			pct_close(r);
			pc_exit(PC_EXIT_INTERNAL);
		} else {
			int bad;

			if (sub == SUB_INFO)
				bad = pctconv_info(r, o.fp);
			else if (!strcmp(format, "pct"))
				bad = pctconv_copy(r, o.fp, o.name, limit);
			else
				bad = pctconv_tsv(r, o.fp, limit);
			if (bad < 0)
				status = failure(r, &o);
		}
		rows = pct_rows(r);
		pct_close(r);
	}
	if (status == PC_EXIT_OK && o.fp && outfile_commit(&o) < 0)
		status = PC_EXIT_INTERNAL;
	if (status == PC_EXIT_OK) {
		metrics_set("rows_read", "rows read from the input", NULL, (double)rows);
		if (metrics_write(metrics) < 0)
			status = PC_EXIT_INTERNAL;
	}
	pc_exit(status);
}
