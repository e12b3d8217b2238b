/* pc-predict: score products with a model; --eval measures it on labelled data. */
#include "model/evalm.h"
#include "base/metrics.h"
#include "model/model.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "model/predict.h"
#include "text/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct outputs {
	struct outfile pred, mon, report, classes, conf, plot;
	int has_pred, has_mon, has_report, has_classes, has_conf, has_plot;
};

static void abort_all(struct outputs *o)
{
	if (o->has_pred)
		outfile_abort(&o->pred);
	if (o->has_mon)
		outfile_abort(&o->mon);
	if (o->has_report)
		outfile_abort(&o->report);
	if (o->has_classes)
		outfile_abort(&o->classes);
	if (o->has_conf)
		outfile_abort(&o->conf);
	if (o->has_plot)
		outfile_abort(&o->plot);
}

/* Every output written first, then all renamed: all or none of them replaced. */
static int commit_all(struct outputs *o)
{
	struct outfile *v[] = {
		o->has_pred ? &o->pred : NULL, o->has_mon ? &o->mon : NULL,
		o->has_report ? &o->report : NULL, o->has_classes ? &o->classes : NULL,
		o->has_conf ? &o->conf : NULL, o->has_plot ? &o->plot : NULL,
	};
	int ret = outfile_commit_all(v, sizeof(v) / sizeof(v[0]));

	o->has_pred = o->has_mon = o->has_report = o->has_classes = o->has_conf = o->has_plot = 0;
	return ret;
}

static int open_one(struct outfile *f, int *has, const char *path)
{
	if (outfile_open(f, path) < 0)
		return -1;
	*has = 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *model_path = NULL, *output = NULL, *conf = NULL, *plot = NULL;
	const char *monitor = NULL, *metrics = NULL, *per_class = NULL, *config = NULL, *input;
	const char *labels_path = NULL;
	struct strmap labels;
	struct predict_opts po = { .topk = 3 };
	struct predict_stats st = { 0 };
	struct outputs out = { 0 };
	struct model *m;
	int eval = 0, quiet = 0, first, status = PC_EXIT_OK;
	const struct opt opts[] = {
		OPT_FILE('m', "model", &model_path, "FILE", "the model archive (required)"),
		OPT__OUTPUT(&output, "predictions TSV: id, pred, prob, top (default stdout)"),
		OPT_INT('k', "top", &po.topk, "K", 1, 1000, "classes listed in 'top' (default 3)"),
		OPT_BOOL(0, "eval", &eval, "print the metrics of the labelled rows as a TSV of\n"
			 "metric and value (instead of the predictions on stdout;\n"
			 "-o still writes them)"),
		OPT_FILE(0, "per-class", &per_class, "FILE",
			 "precision, recall, F1 and support per class (TSV)"),
		OPT_FILE(0, "confusion", &conf, "FILE", "the confusion matrix as TSV"),
		OPT_FILE(0, "plot", &plot, "FILE", "the confusion matrix as an SVG heatmap"),
		OPT_FILE(0, "monitor", &monitor, "FILE",
			 "id, label, pred, confidence, margin, entropy per row"),
		OPT_FILE(0, "labels", &labels_path, "FILE",
			 "labels that arrived later (Y.csv or TSV), joined by id"),
		OPT__THREADS(&po.threads),
		OPT__CONFIG(&config),
		OPT__METRICS(&metrics),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "-m MODEL [options] [INPUT]",
		.summary = "Score a tensor stream, or pc-tokenize output through the model's "
			   "featurizer.",
		.section = "predict",
		.opts = opts,
	};

	pc_set_progname(argv[0]);
	metrics_begin();
	po.threads = parallel_default_threads();
	first = opt_parse(&p, argc, argv);
	opt_operands(argc, first, 0, 1, "INPUT", argv);
	if (!model_path)
		opt_usage_error("missing -m MODEL");
	input = first < argc ? argv[first] : "-";
	if (conf || plot || per_class)
		eval = 1;
	metrics_open(metrics);

	if (labels_path) {
		if (catalog_load_labels(labels_path, NULL, NULL, &labels, NULL) < 0) {
			opt_end(&p);
			return PC_EXIT_INPUT;
		}
		po.labels = &labels;
	}
	m = model_read(model_path);
	if (!m) {
		if (labels_path)
			strmap_free(&labels);
		opt_end(&p);
		return PC_EXIT_INPUT;
	}
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
	if (per_class && open_one(&out.classes, &out.has_classes, per_class) < 0)
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
	if (st.embed.images_missing - st.embed.images_none || st.embed.images_bad)
		pc_warn("%llu photos skipped (%llu missing, %llu unreadable)",
			(unsigned long long)(st.embed.images_missing - st.embed.images_none +
					     st.embed.images_bad),
			(unsigned long long)(st.embed.images_missing - st.embed.images_none),
			(unsigned long long)st.embed.images_bad);
	/* a stream made without photos: said here, once (from tokens, embed said it) */
	if (!st.from_tokens && st.no_photo)
		pc_warn("%llu of %llu rows were scored without a photo (image_missing = 1)",
			(unsigned long long)st.no_photo, (unsigned long long)st.rows);
	metrics_set(MET_ROWS, NULL, (double)st.rows);
	metrics_set(MET_IMAGES_MISSING, NULL, (double)st.embed.images_missing);
	metrics_set(MET_IMAGES_UNREADABLE, NULL, (double)st.embed.images_bad);
	if (eval) {
		struct evalm_result r;

		if (!evalm_count(po.eval)) {
			pc_error("--eval: no labelled rows with a known class in %s",
				 strcmp(input, "-") ? input : "<stdin>");
			abort_all(&out);
			status = PC_EXIT_INPUT;
			goto done;
		}
		evalm_compute(po.eval, &r);
		evalm_write_summary(out.report.fp, &r);
		if (st.image_branch) {
			/* the share of the evaluated rows scored without a photo */
			fputs("no_photo_share\t", out.report.fp);
			tsv_put_double(out.report.fp, r.n ? (double)st.no_photo_eval / (double)r.n : 0.0);
			tsv_eol(out.report.fp);
		}
		if (per_class)
			evalm_write_classes(out.classes.fp, po.eval, &r);
		if (conf)
			evalm_write_confusion(out.conf.fp, po.eval);
		if (plot)
			evalm_write_svg(out.plot.fp, po.eval, model_path);
		metrics_set(MET_ACCURACY, NULL, r.accuracy);
		metrics_set(MET_WEIGHTED_F1, NULL, r.weighted_f1);
		metrics_set(MET_MACRO_F1, NULL, r.macro_f1);
		metrics_set(MET_LOG_LOSS, NULL, r.log_loss);
		evalm_result_free(&r);
	}
	if (commit_all(&out) < 0)
		status = PC_EXIT_INTERNAL;
done:
	evalm_free(po.eval);
	model_free(m);
	if (labels_path)
		strmap_free(&labels);
	opt_end(&p);
	return metrics_finish(status);
fail_internal:
	abort_all(&out);
	evalm_free(po.eval);
	model_free(m);
	if (labels_path)
		strmap_free(&labels);
	opt_end(&p);
	return PC_EXIT_INTERNAL;
}
