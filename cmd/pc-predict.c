/* pc-predict: score products with a model; --eval measures it on labelled data. */
#include "base/cli.h"
#include "model/evalm.h"
#include "base/metrics.h"
#include "model/model.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "model/predict.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
	"usage: pc-predict -m MODEL [options] [INPUT]\n"
	"Score a tensor stream, or pc-tokenize output through the model's featurizer.\n"
	"\n"
	"  -m, --model FILE      the model archive (required)\n"
	"  -o, --output FILE     predictions TSV: id, pred, prob, top (default stdout)\n"
	"  -k, --top K           classes listed in 'top' (default 3)\n"
	"      --eval            print accuracy, F1, per-class scores and the confusion\n"
	"                        matrix of the labelled rows (instead of the predictions on\n"
	"                        stdout; -o still writes them)\n"
	"      --confusion FILE  the confusion matrix as TSV\n"
	"      --plot FILE       the confusion matrix as an SVG heatmap\n"
	"      --monitor FILE    id, label, pred, confidence, margin, entropy per row\n"
	"  -t, --threads N       worker threads (default: all processors)\n"
	"      --metrics FILE    write Prometheus metrics\n"
	"  -h, --help            show this help\n"
	"  -V, --version         show the version\n";

enum { OPT_EVAL = 256, OPT_CONF, OPT_PLOT, OPT_MONITOR, OPT_METRICS };

static const struct option options[] = {
	{ "model", required_argument, NULL, 'm' },
	{ "output", required_argument, NULL, 'o' },
	{ "top", required_argument, NULL, 'k' },
	{ "eval", no_argument, NULL, OPT_EVAL },
	{ "confusion", required_argument, NULL, OPT_CONF },
	{ "plot", required_argument, NULL, OPT_PLOT },
	{ "monitor", required_argument, NULL, OPT_MONITOR },
	{ "threads", required_argument, NULL, 't' },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct outputs {
	struct outfile pred, mon, report, conf, plot;
	int has_pred, has_mon, has_report, has_conf, has_plot;
};

static void abort_all(struct outputs *o)
{
	if (o->has_pred)
		outfile_abort(&o->pred);
	if (o->has_mon)
		outfile_abort(&o->mon);
	if (o->has_report)
		outfile_abort(&o->report);
	if (o->has_conf)
		outfile_abort(&o->conf);
	if (o->has_plot)
		outfile_abort(&o->plot);
}

static int commit_all(struct outputs *o)
{
	int bad = 0;

	if (o->has_pred)
		bad |= outfile_commit(&o->pred) < 0;
	if (o->has_mon)
		bad |= outfile_commit(&o->mon) < 0;
	if (o->has_report)
		bad |= outfile_commit(&o->report) < 0;
	if (o->has_conf)
		bad |= outfile_commit(&o->conf) < 0;
	if (o->has_plot)
		bad |= outfile_commit(&o->plot) < 0;
	return bad ? -1 : 0;
}

static int open_one(struct outfile *f, int *has, const char *path)
{
	if (outfile_open(f, path) < 0)
		return -1;
	*has = 1;
	return 0;
}

/* The --eval report on `fp`: summary, per-class scores, confusion matrix. */
static int report(FILE *fp, const struct evalm *e, const struct evalm_result *r)
{
	if (evalm_write_summary(fp, r) < 0)
		return -1;
	fputc('\n', fp);
	if (evalm_write_classes(fp, e, r) < 0)
		return -1;
	fputc('\n', fp);
	return evalm_write_confusion(fp, e);
}

int main(int argc, char **argv)
{
	const char *model_path = NULL, *output = NULL, *conf = NULL, *plot = NULL;
	const char *monitor = NULL, *metrics = NULL, *input;
	struct predict_opts po = { 3, 0, NULL, NULL, NULL };
	struct predict_stats st = { 0 };
	struct outputs out = { 0 };
	struct model *m;
	int c, eval = 0, status = PC_EXIT_OK;

	pc_set_progname(argv[0]);
	metrics_begin();
	po.threads = parallel_default_threads();
	while ((c = getopt_long(argc, argv, "m:o:k:t:hV", options, NULL)) != -1) {
		switch (c) {
		case 'm': model_path = optarg; break;
		case 'o': output = optarg; break;
		case 'k': po.topk = (int)cli_long("--top", optarg, 1, 1000); break;
		case OPT_EVAL: eval = 1; break;
		case OPT_CONF: conf = optarg; break;
		case OPT_PLOT: plot = optarg; break;
		case OPT_MONITOR: monitor = optarg; break;
		case 't': po.threads = (int)cli_long("--threads", optarg, 1, 256); break;
		case OPT_METRICS: metrics = optarg; break;
		case 'h': fputs(usage, stdout); return PC_EXIT_OK;
		case 'V': cli_version();
		default: cli_usage_error("unknown option");
		}
	}
	if (!model_path)
		cli_usage_error("no model: give -m MODEL");
	if (argc - optind > 1)
		cli_usage_error("too many arguments");
	input = optind < argc ? argv[optind] : "-";
	if (conf || plot)
		eval = 1;

	m = model_read(model_path);
	if (!m)
		return PC_EXIT_INPUT;
	if (eval) {
		po.eval = evalm_new(m->classes.n, (const char *const *)m->classes.name,
				    po.topk > 5 ? po.topk : 5, 15);
		if (!po.eval) {
			model_free(m);
			return PC_EXIT_INTERNAL;
		}
	}
	if ((output || !eval) && open_one(&out.pred, &out.has_pred, output ? output : "-") < 0)
		goto fail_internal;
	if (monitor && open_one(&out.mon, &out.has_mon, monitor) < 0)
		goto fail_internal;
	if (eval && open_one(&out.report, &out.has_report, "-") < 0)
		goto fail_internal;
	if (conf && open_one(&out.conf, &out.has_conf, conf) < 0)
		goto fail_internal;
	if (plot && open_one(&out.plot, &out.has_plot, plot) < 0)
		goto fail_internal;
	po.out = out.has_pred ? out.pred.fp : NULL;
	po.monitor = out.has_mon ? out.mon.fp : NULL;
	if (predict_run(m, input, &po, &st) < 0) {
		abort_all(&out);
		status = PC_EXIT_INPUT;
		goto done;
	}
	if (st.unknown_labels)
		pc_warn("%llu rows have labels the model does not know; they are not evaluated",
			(unsigned long long)st.unknown_labels);
	if (st.embed.images_missing || st.embed.images_bad)
		pc_warn("%llu photos skipped (%llu missing, %llu unreadable)",
			(unsigned long long)(st.embed.images_missing + st.embed.images_bad),
			(unsigned long long)st.embed.images_missing,
			(unsigned long long)st.embed.images_bad);
	metrics_set("rows", "rows scored", NULL, (double)st.rows);
	if (eval) {
		struct evalm_result r;

		if (!evalm_count(po.eval)) {
			pc_error("--eval: no labelled rows with a known class in %s",
				 optind < argc ? argv[optind] : "<stdin>");
			abort_all(&out);
			status = PC_EXIT_INPUT;
			goto done;
		}
		evalm_compute(po.eval, &r);
		report(out.report.fp, po.eval, &r);
		if (conf)
			evalm_write_confusion(out.conf.fp, po.eval);
		if (plot)
			evalm_write_svg(out.plot.fp, po.eval, model_path);
		metrics_set("accuracy", "accuracy on the labelled rows", NULL, r.accuracy);
		metrics_set("weighted_f1", "weighted F1 on the labelled rows", NULL, r.weighted_f1);
		metrics_set("macro_f1", "macro F1 on the labelled rows", NULL, r.macro_f1);
		metrics_set("log_loss", "log loss on the labelled rows", NULL, r.log_loss);
		evalm_result_free(&r);
	}
	if (commit_all(&out) < 0 || metrics_write(metrics) < 0)
		status = PC_EXIT_INTERNAL;
done:
	evalm_free(po.eval);
	model_free(m);
	return status;
fail_internal:
	abort_all(&out);
	evalm_free(po.eval);
	model_free(m);
	return PC_EXIT_INTERNAL;
}
