/* drift_report: TSV, HTML and Prometheus outputs of pc-drift; see drift_report.h. */
#include "drift/drift_report.h"
#include "formats/htmlout.h"
#include "base/metrics.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int drift_report_verdict(const struct drift_result *r, const struct drift_perf_result *perf)
{
	return r->dataset_drift || (perf && perf->done && perf->drop);
}

static void put_num(FILE *fp, double v)
{
	if (isinf(v))
		fputs(v > 0 ? "inf" : "-inf", fp);
	else
		tsv_put_double(fp, v);
}

void drift_report_tsv(FILE *fp, const struct drift_result *r, const struct drift_perf_result *perf)
{
	fputs("column\ttype\tn_ref\tn_cur\ttest\tstatistic\tscore\tthreshold\tdrift\n", fp);
	for (size_t i = 0; i < r->n; i++) {
		const struct drift_colres *c = &r->cols[i];

		tsv_puts(fp, c->name);
		fprintf(fp, "\t%s\t%zu\t%zu\t", c->multivariate ? "multivariate" :
			c->categorical ? "cat" : "num", c->n_ref, c->n_cur);
		if (c->missing || c->skipped) {
			fprintf(fp, "%s\tnan\tnan\tnan\t%s\n", c->missing ? "missing" : "-",
				c->drift ? "yes" : "no");
			continue;
		}
		fputs(drift_test_name(c->test), fp);
		tsv_sep(fp);
		put_num(fp, c->statistic);
		tsv_sep(fp);
		put_num(fp, c->score);
		tsv_sep(fp);
		put_num(fp, c->threshold);
		fprintf(fp, "\t%s\n", c->drift ? "yes" : "no");
	}
	if (perf && perf->done) {
		fprintf(fp, "(accuracy)\tperf\t%zu\t%zu\t%s\t", perf->n_ref, perf->n_cur,
			perf->estimated ? "cbpe" : "actual");
		put_num(fp, perf->ref_accuracy);
		tsv_sep(fp);
		put_num(fp, perf->cur_accuracy);
		tsv_sep(fp);
		put_num(fp, perf->threshold);
		fprintf(fp, "\t%s\n", perf->drop ? "yes" : "no");
	}
	fputs("# ", fp);
	drift_report_summary(fp, r, perf);
	fputc('\n', fp);
}

void drift_report_summary(FILE *fp, const struct drift_result *r, const struct drift_perf_result *perf)
{
	fprintf(fp, "drift: %s", drift_report_verdict(r, perf) ? "yes" : "no");
	if (r->ntested || !r->nmv) {
		fprintf(fp, "; %zu of %zu columns drifted (share %.4g, dataset drift at >= %g",
			r->ndrift, r->ntested, r->share, r->drift_share);
		if (r->correction != DRIFT_CORR_NONE)
			fprintf(fp, ", %s correction", drift_correction_name(r->correction));
		fputc(')', fp);
	}
	if (r->nmv)
		fprintf(fp, "; %zu of %zu multivariate tests found drift", r->nmv_drift, r->nmv);
	if (perf && perf->done)
		fprintf(fp, "; accuracy %.4f -> %.4f%s%s", perf->ref_accuracy, perf->cur_accuracy,
			perf->estimated ? " (estimated)" : "", perf->drop ? ", a drop" : "");
}

/* ---- Prometheus ---- */

void drift_report_metrics(const struct drift_result *r, const struct drift_perf_result *perf)
{
	metrics_set(MET_DRIFT_SHARE, NULL, r->share);
	metrics_set(MET_DRIFT_COLUMNS_DRIFTED, NULL, (double)r->ndrift);
	metrics_set(MET_DRIFT_COLUMNS_TESTED, NULL, (double)r->ntested);
	metrics_set(MET_DRIFT_DATASET, NULL, r->dataset_drift);
	for (size_t i = 0; i < r->n; i++) {
		const struct drift_colres *c = &r->cols[i];
		char *l;

		if (c->skipped || c->missing)
			continue;
		l = metrics_label("column", c->name);
		{
			char *lt = xasprintf("%s,test=\"%s\"", l, drift_test_name(c->test));

			metrics_set(MET_DRIFT_COLUMN_SCORE, lt, c->score);
			metrics_set(MET_DRIFT_COLUMN_THRESHOLD, lt, c->threshold);
			free(lt);
		}
		metrics_set(MET_DRIFT_COLUMN_DRIFTED, l, c->drift);
		free(l);
	}
	if (perf && perf->done) {
		metrics_set(MET_DRIFT_ACCURACY, "data=\"reference\",estimated=\"0\"",
			    perf->ref_accuracy);
		metrics_set(MET_DRIFT_ACCURACY, perf->estimated ?
			    "data=\"current\",estimated=\"1\"" : "data=\"current\",estimated=\"0\"",
			    perf->cur_accuracy);
		metrics_set(MET_DRIFT_PERFORMANCE_DROP, NULL, perf->drop);
	}
}

/* ---- HTML ---- */

/* How far past its threshold a column is: > 1 drifted, larger is worse. */
static double severity(const struct drift_colres *c)
{
	if (c->missing || (c->drift && c->skipped))
		return INFINITY;
	if (c->skipped || isnan(c->score))
		return -1;
	if (c->pvalue)
		return c->score > 0 ? c->threshold / c->score : INFINITY;
	return c->threshold > 0 ? c->score / c->threshold : INFINITY;
}

static int by_severity(const void *x, const void *y, void *ctx)
{
	const struct drift_colres *c = ctx;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	double sa = severity(&c[a]), sb = severity(&c[b]);

	if (sa != sb)
		return sa > sb ? -1 : 1;
	return (a > b) - (a < b);
}

#define SVG_W 320
#define SVG_H 90

static void svg_dist(FILE *fp, const struct drift_dist *d)
{
	double mx = 0, bw;

	if (!d->n) {
		fputs("<span class=\"na\">no data</span>", fp);
		return;
	}
	for (size_t i = 0; i < d->n; i++)
		mx = fmax(mx, fmax(d->ref[i], d->cur[i]));
	if (mx <= 0)
		mx = 1;
	bw = (double)(SVG_W - 10) / (double)d->n;
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\">", SVG_W, SVG_H + 14, SVG_W, SVG_H + 14);
	fprintf(fp, "<line x1=\"5\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", SVG_H,
		SVG_W - 5, SVG_H);
	for (size_t i = 0; i < d->n; i++) {
		double x = 5 + bw * (double)i, hr = (SVG_H - 4) * d->ref[i] / mx;
		double hc = (SVG_H - 4) * d->cur[i] / mx, w = fmax(bw / 2 - 0.5, 0.5);

		fputs("<g><title>", fp);
		if (d->labels)
			html_put_text(fp, d->labels[i]);
		else
			fprintf(fp, "[%.6g, %.6g%c", d->edges[i], d->edges[i + 1],
				i + 1 == d->n ? ']' : ')');
		fprintf(fp, ": reference %.4f, current %.4f</title>", d->ref[i], d->cur[i]);
		fprintf(fp, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#4c78a8\"/>",
			x, SVG_H - hr, w, hr);
		fprintf(fp, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#f58518\"/></g>",
			x + w, SVG_H - hc, w, hc);
	}
	if (d->labels && d->n <= 12) {
		for (size_t i = 0; i < d->n; i++) {
			fprintf(fp, "<text x=\"%.2f\" y=\"102\" font-size=\"9\" fill=\"#555\" "
				"text-anchor=\"middle\">", 5 + bw * ((double)i + 0.5));
			for (const char *q = d->labels[i]; *q && (q - d->labels[i] < 10 || ((unsigned char)*q & 0xc0) == 0x80); q++) {
				char one[2] = { *q, 0 };

				html_put_text(fp, one);
			}
			fputs("</text>", fp);
		}
		fputs("</svg>", fp);
		return;
	}
	fputs("<text x=\"5\" y=\"102\" font-size=\"10\" fill=\"#555\">", fp);
	if (d->labels)
		fprintf(fp, "%zu categories", d->n);
	else
		fprintf(fp, "%.4g</text><text x=\"%d\" y=\"102\" font-size=\"10\" fill=\"#555\" "
			"text-anchor=\"end\">%.4g", d->edges[0], SVG_W - 5, d->edges[d->n]);
	fputs("</text></svg>", fp);
}

void drift_report_html(FILE *fp, const struct drift_result *r, const struct drift_perf_result *perf,
	       const char *ref_name, const char *cur_name)
{
	size_t *ord = xmalloc((r->n + 1) * sizeof(size_t));
	int v = drift_report_verdict(r, perf);

	for (size_t i = 0; i < r->n; i++)
		ord[i] = i;
	qsort_r(ord, r->n, sizeof(size_t), by_severity, r->cols);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>pc-drift report</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}\n"
	      "h1{font-size:26px;padding:12px 16px;border-radius:6px;color:#fff}\n"
	      "h1.drift{background:#c0392b}h1.nodrift{background:#27864a}\n"
	      "table{border-collapse:collapse;width:100%}\n"
	      "th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:middle;font-size:13px}\n"
	      "th{background:#f2f2f2}td.num{text-align:right;font-family:monospace}\n"
	      "tr.drifted td.flag{color:#c0392b;font-weight:bold}\n"
	      ".key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}\n"
	      ".na{color:#999}\n</style></head><body>\n", fp);
	fprintf(fp, "<h1 class=\"%s\">%s</h1>\n<p>", v ? "drift" : "nodrift",
		v ? "Drift detected" : "No drift");
	drift_report_summary(fp, r, perf);
	fputs("</p>\n<p>Reference: <code>", fp);
	html_put_text(fp, ref_name);
	fputs("</code> &nbsp; Current: <code>", fp);
	html_put_text(fp, cur_name);
	fputs("</code></p>\n<p class=\"key\"><span style=\"background:#4c78a8\"></span>reference"
	      "<span style=\"background:#f58518\"></span>current</p>\n", fp);
	if (perf && perf->done)
		fprintf(fp, "<p>Accuracy: reference %.4f, current %.4f%s; flagged below %.4f: "
			"<b>%s</b></p>\n", perf->ref_accuracy, perf->cur_accuracy,
			perf->estimated ? " (estimated from confidences, CBPE)" : "",
			perf->threshold, perf->drop ? "performance drop" : "no drop");
	fputs("<table>\n<tr><th>column</th><th>type</th><th>test</th><th>score</th>"
	      "<th>threshold</th><th>drift</th><th>n ref</th><th>n cur</th>"
	      "<th>reference vs current</th></tr>\n", fp);
	for (size_t k = 0; k < r->n; k++) {
		const struct drift_colres *c = &r->cols[ord[k]];

		fprintf(fp, "<tr%s><td>", c->drift ? " class=\"drifted\"" : "");
		html_put_text(fp, c->name);
		fprintf(fp, "</td><td>%s</td>", c->multivariate ? "multivariate" :
			c->categorical ? "cat" : "num");
		if (c->skipped || c->missing)
			fprintf(fp, "<td>%s</td><td class=\"num\">-</td><td class=\"num\">-</td>",
				c->missing ? "missing" : "-");
		else
			fprintf(fp, "<td>%s</td><td class=\"num\">%.4g</td><td class=\"num\">%.4g</td>",
				drift_test_name(c->test), c->score, c->threshold);
		fprintf(fp, "<td class=\"flag\">%s</td><td class=\"num\">%zu</td>"
			"<td class=\"num\">%zu</td><td>", c->drift ? "yes" : "no", c->n_ref, c->n_cur);
		if (c->multivariate)
			fprintf(fp, "%s %.4g", c->test == DRIFT_MMD ? "MMD&sup2;" : "held-out ROC AUC",
				c->statistic);
		else
			svg_dist(fp, &c->dist);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n</body></html>\n", fp);
	free(ord);
}
