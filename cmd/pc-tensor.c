/* pc-tensor: inspect and convert tensor streams (.pct). */
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/outfile.h"
#include "formats/pct.h"
#include "formats/pctconv.h"
#include "formats/tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum sub { SUB_INFO, SUB_CAT, SUB_HEAD, SUB_NPY, SUB_FROM_TSV, NSUB };

static const struct {
	const char *name;
	const char *opts;   /* long options it takes besides the common ones */
} subs[] = {
	[SUB_INFO] = { "info", "" },
	[SUB_CAT] = { "cat", " format " },
	[SUB_HEAD] = { "head", " format rows-max " },
	[SUB_NPY] = { "to-npy", " rows " },
	[SUB_FROM_TSV] = { "from-tsv",
			   " id-col label-col columns sparse-col sparse-width spec featurizer " },
};

static int sub = -1;

/* Refuse an option the subcommand does not take. */
static void check_option(const struct opt *o)
{
	static const char common[] = " output metrics config quiet help version ";
	char want[64];

	if (sub < 0)
		return;
	snprintf(want, sizeof(want), " %s ", o->long_name);
	if (strstr(common, want) || strstr(subs[sub].opts, want))
		return;
	opt_usage_error("%s does not take --%s", subs[sub].name, o->long_name);
}

static const char *const formats[] = { "tsv", "pct", NULL };

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
	const char *out = NULL, *metrics = NULL, *rows_path = NULL, *config = NULL;
	struct pctconv_tsv_opts topt = { 0 };
	uint64_t limit = UINT64_MAX, rows = 0;
	struct pct_reader *r = NULL;
	struct outfile o = { 0 };
	const char *in;
	int status = PC_EXIT_OK, format = 0, quiet = 0, first;
	const struct opt opts[] = {
		OPT__OUTPUT(&out, "write FILE (atomically) instead of stdout"),
		OPT_CHOICE(0, "format", &format, "FMT", formats, "cat, head: tsv (default) or pct"),
		OPT_U64('n', "rows-max", &limit, "N", "head: the first N rows (default 10)"),
		OPT_FILE(0, "rows", &rows_path, "FILE", "to-npy: ids and labels (default OUT.rows.tsv)"),
		OPT_STRING(0, "id-col", &topt.id_col, "NAME", "from-tsv: the id column (default id)"),
		OPT_STRING(0, "label-col", &topt.label_col, "NAME",
			   "from-tsv: the label column (default label)"),
		OPT_STRING(0, "columns", &topt.columns, "LIST",
			   "from-tsv: the dense columns (default: all others)"),
		OPT_STRING(0, "sparse-col", &topt.sparse_col, "NAME",
			   "from-tsv: a column of index:value pairs"),
		OPT_INT(0, "sparse-width", &topt.sparse_width, "N", 1, PCT_MAX_SPARSE,
			"from-tsv: the sparse part's width"),
		OPT_STRING(0, "spec", &topt.spec, "TEXT", "from-tsv: the feature spec in the header"),
		OPT_STRING(0, "featurizer", &topt.featurizer, "HEX",
			   "from-tsv: the featurizer digest in the header"),
		OPT__CONFIG(&config),
		OPT__METRICS(&metrics),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "info [FILE] [-o OUT]\n"
			 "cat [FILE] [--format tsv|pct] [-o OUT]\n"
			 "head [-n ROWS] [FILE] [--format tsv|pct] [-o OUT]\n"
			 "to-npy [FILE] -o OUT.npy [--rows ROWS.tsv]\n"
			 "from-tsv [FILE] [--id-col NAME] [--label-col NAME] [--columns LIST]\n"
			 "         [--sparse-col NAME --sparse-width N] [--spec TEXT] [--featurizer HEX]\n"
			 "         [-o OUT.pct]",
		.summary = "Inspect and convert tensor streams (.pct); FILE '-' or absent reads stdin.",
		.section = "tensor",
		.opts = opts,
		.given = check_option,
	};

	pc_set_progname(argv[0]);
	metrics_begin();
	if (argc >= 2 && argv[1][0] == '-') {
		/* --help, --version, or an option before the subcommand */
		opt_parse(&p, argc, argv);
		opt_usage_error("missing subcommand (info, cat, head, to-npy, from-tsv)");
	}
	if (argc < 2)
		opt_usage_error("missing subcommand (info, cat, head, to-npy, from-tsv)");
	for (sub = 0; sub < NSUB; sub++)
		if (!strcmp(argv[1], subs[sub].name))
			break;
	if (sub == NSUB)
		opt_usage_error("unknown subcommand '%s'", argv[1]);
	first = opt_parse(&p, argc - 1, argv + 1);
	opt_operands(argc - 1, first, 0, 1, "FILE", argv + 1);
	in = first < argc - 1 ? argv[first + 1] : "-";
	if (sub == SUB_HEAD && limit == UINT64_MAX)
		limit = 10;
	metrics_open(metrics);

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
			opt_usage_error("to-npy needs -o FILE.npy (a seekable file)");
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
			else if (format == 1)
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
	if (status == PC_EXIT_OK)
		metrics_set(MET_ROWS, NULL, (double)rows);
	pc_exit(metrics_finish(status));
}
