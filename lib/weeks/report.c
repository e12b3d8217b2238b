/* report: the simulation's report page; see report.h. */
#include "weeks/report.h"
#include "formats/htmlout.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/xalloc.h"
#include "formats/tsv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole TSV in memory: rows of fields, by column name. */
struct table {
	char **cols;
	size_t ncols, nrows;
	char ***rows;
};

static int load(const char *path, struct table *t, int required)
{
	struct tsv *r;
	size_t cap = 0;
	int k;

	memset(t, 0, sizeof(*t));
	if (!required) {
		FILE *fp = fopen(path, "r");

		if (!fp)
			return 0;
		fclose(fp);
	}
	r = tsv_open(path);
	if (!r)
		return -1;
	t->ncols = r->ncols;
	t->cols = xcalloc(t->ncols + 1, sizeof(*t->cols));
	for (size_t i = 0; i < t->ncols; i++)
		t->cols[i] = xstrdup(r->cols[i]);
	while ((k = tsv_next(r)) > 0) {
		char **row = xcalloc(t->ncols + 1, sizeof(*row));

		for (size_t i = 0; i < t->ncols; i++)
			row[i] = xstrdup(i < r->nf ? r->f[i].s : "");
		xgrow(&t->rows, &cap, t->nrows + 1, sizeof(*t->rows));
		t->rows[t->nrows++] = row;
	}
	tsv_close(r);
	return k;
}

static void table_free(struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++)
			free(t->rows[r][i]);
		free(t->rows[r]);
	}
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->rows);
	free(t->cols);
}

static const char *get(const struct table *t, size_t row, const char *col)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i], col))
			return t->rows[row][i];
	return "";
}

static double num(const struct table *t, size_t row, const char *col)
{
	const char *s = get(t, row, col);
	char *end;
	double v;

	if (!*s)
		return NAN;
	v = strtod(s, &end);
	return end == s ? NAN : v;
}

/* ---- charts ---- */

#define W 760
#define H 260
#define ML 56
#define MR 190
#define MT 16
#define MB 40

struct series {
	const char *name, *colour, *dash;
	double *v;
};

/* A line chart over the weeks: y from lo to hi, a legend on the right; `marks` (may be
 * NULL) puts a triangle above the weeks where it is nonzero (retraining). */
static void line_chart(FILE *fp, const char *title, const double *x, size_t n,
		       const struct series *s, size_t ns, double lo, double hi, int decimals,
		       const int *marks, const char *marks_name)
{
	double pw = W - ML - MR, ph = H - MT - MB;
	double x0 = n ? x[0] : 0, x1 = n ? x[n - 1] : 1;

	if (x1 <= x0)
		x1 = x0 + 1;
	if (hi <= lo)
		hi = lo + 1;
	fprintf(fp, "<figure><figcaption>");
	html_put_text(fp, title);
	fprintf(fp, "</figcaption>\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\" role=\"img\">\n", W, H, W, H);
	for (int k = 0; k <= 4; k++) {
		double v = lo + (hi - lo) * k / 4, y = MT + ph - ph * k / 4;


		fprintf(fp, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			"<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", ML, y,
			ML + pw, y, ML - 6, y + 4);
		fprintf(fp, "%.*f", decimals, v);
		fputs("</text>\n", fp);
	}
	for (size_t i = 0; i < n; i++) {
		double px = ML + pw * (x[i] - x0) / (x1 - x0);

		fprintf(fp, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">week "
			"%g</text>\n", px, H - MB + 18, x[i]);
		if (marks && marks[i])
			fprintf(fp, "<path class=\"mark\" d=\"M%.1f %d l-6 -10 h12 z\"><title>%s"
				"</title></path>\n", px, MT + 10, marks_name);
	}
	for (size_t k = 0; k < ns; k++) {
		int pen = 0;

		fprintf(fp, "<path class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
			"%s%s%s d=\"", s[k].colour, s[k].dash ? " stroke-dasharray=\"" : "",
			s[k].dash ? s[k].dash : "", s[k].dash ? "\"" : "");
		for (size_t i = 0; i < n; i++) {
			double v = s[k].v[i];

			if (isnan(v)) {
				pen = 0;
				continue;
			}
			fprintf(fp, "%c%.1f %.1f ", pen ? 'L' : 'M', ML + pw * (x[i] - x0) / (x1 - x0),
				MT + ph - ph * (v - lo) / (hi - lo));
			pen = 1;
		}
		fputs("\"/>\n", fp);
		for (size_t i = 0; i < n; i++)
			if (!isnan(s[k].v[i])) {
				fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>",
					ML + pw * (x[i] - x0) / (x1 - x0),
					MT + ph - ph * (s[k].v[i] - lo) / (hi - lo), s[k].colour);
				html_put_text(fp, s[k].name);
				fprintf(fp, ", week %g: %.4f</title></circle>\n", x[i], s[k].v[i]);
			}
		fprintf(fp, "<line x1=\"%.1f\" y1=\"%zu\" x2=\"%.1f\" y2=\"%zu\" stroke=\"%s\" "
			"stroke-width=\"2\"%s%s%s/><text class=\"legend\" x=\"%.1f\" y=\"%zu\">",
			W - MR + 10.0, MT + 12 + 18 * k, W - MR + 34.0, MT + 12 + 18 * k, s[k].colour,
			s[k].dash ? " stroke-dasharray=\"" : "", s[k].dash ? s[k].dash : "",
			s[k].dash ? "\"" : "", W - MR + 40.0, MT + 16 + 18 * k);
		html_put_text(fp, s[k].name);
		fputs("</text>\n", fp);
	}
	fputs("</svg></figure>\n", fp);
}

/* Horizontal bars: one per row of `labels`, length by value. */
static void bar_chart(FILE *fp, const char *title, char **labels, const double *v, size_t n,
		      const char *unit)
{
	double max = 0;
	int h = 22 * (int)n + 30;

	for (size_t i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	if (max <= 0)
		max = 1;
	fprintf(fp, "<figure><figcaption>");
	html_put_text(fp, title);
	fprintf(fp, "</figcaption>\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\" role=\"img\">\n", W, h, W, h);
	for (size_t i = 0; i < n; i++) {
		double len = (W - 330.0) * v[i] / max;

		fprintf(fp, "<text class=\"tick\" x=\"236\" y=\"%zu\" text-anchor=\"end\">",
			20 + 22 * i);
		html_put_text(fp, labels[i]);
		fprintf(fp, "</text><rect class=\"bar\" x=\"242\" y=\"%zu\" width=\"%.1f\" "
			"height=\"16\"><title>%.2f %s</title></rect><text class=\"tick\" x=\"%.1f\" "
			"y=\"%zu\">%.1f %s</text>\n", 8 + 22 * i, len, v[i], unit, 248 + len,
			20 + 22 * i, v[i], unit);
	}
	fputs("</svg></figure>\n", fp);
}

/* ---- tables ---- */

static void html_table(FILE *fp, const struct table *t, const char *const *cols, size_t ncols,
		       const char *highlight_col)
{
	fputs("<table><thead><tr>", fp);
	for (size_t i = 0; i < ncols; i++) {
		fputs("<th>", fp);
		html_put_text(fp, cols[i]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead><tbody>\n", fp);
	for (size_t r = 0; r < t->nrows; r++) {
		const char *h = highlight_col ? get(t, r, highlight_col) : "";

		fprintf(fp, "<tr%s>", !strcmp(h, "yes") ? " class=\"hot\"" : "");
		for (size_t i = 0; i < ncols; i++) {
			fputs("<td>", fp);
			html_put_text(fp, get(t, r, cols[i]));
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
}

static const char style[] =
	"body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222;"
	"padding:0 1em}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px "
	"solid #ddd}table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px "
	"solid #ddd;padding:3px 7px;text-align:left}th{background:#f4f4f4}tr.hot td{background:"
	"#fff1e6}figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}.grid{stroke:"
	"#e5e5e5}.tick,.legend{font-size:11px;fill:#555}.bar{fill:#4b7bbe}.mark{fill:#d9480f}"
	".ok{color:#2b8a3e}.bad{color:#c92a2a}.summary li{margin:.2em 0}\n";

static void summary(FILE *fp, const struct table *wk)
{
	double first_loop = wk->nrows ? num(wk, 0, "loop_accuracy") : NAN;
	double last_base = wk->nrows ? num(wk, wk->nrows - 1, "baseline_accuracy") : NAN;
	double last_loop = wk->nrows ? num(wk, wk->nrows - 1, "loop_accuracy") : NAN;
	size_t retrains = 0, promoted = 0, flagged = 0;

	for (size_t r = 0; r < wk->nrows; r++) {
		retrains += !strcmp(get(wk, r, "retrained"), "yes");
		promoted += !strcmp(get(wk, r, "decision"), "promoted");
		flagged += !strcmp(get(wk, r, "drift_flagged"), "yes");
	}
	fputs("<ul class=\"summary\">\n", fp);
	fprintf(fp, "<li>%zu weeks; drift flagged in %zu; retraining ran %zu times, %zu "
		"challengers promoted.</li>\n", wk->nrows, flagged, retrains, promoted);
	if (!isnan(first_loop) && !isnan(last_base))
		fprintf(fp, "<li>Without the loop, accuracy went from %.4f in week 1 to %.4f in the "
			"last week (<span class=\"%s\">%+.1f points</span>).</li>\n", first_loop,
			last_base, last_base < first_loop ? "bad" : "ok",
			100 * (last_base - first_loop));
	if (!isnan(first_loop) && !isnan(last_loop))
		fprintf(fp, "<li>With the loop, the last week's accuracy is %.4f (<span class=\"%s\">"
			"%+.1f points</span> from week 1).</li>\n", last_loop,
			last_loop < first_loop - 0.02 ? "bad" : "ok", 100 * (last_loop - first_loop));
	fputs("</ul>\n", fp);
}

static int write_page(FILE *fp, const struct table *wk, const struct table *st,
		      const struct table *cols, const struct table *hist)
{
	size_t n = wk->nrows;
	double *x = xcalloc(n + 1, sizeof(double)), *la = xcalloc(n + 1, sizeof(double));
	double *lf = xcalloc(n + 1, sizeof(double)), *ba = xcalloc(n + 1, sizeof(double));
	double *bf = xcalloc(n + 1, sizeof(double)), *sh = xcalloc(n + 1, sizeof(double));
	double *dr = xcalloc(n + 1, sizeof(double)), *est = xcalloc(n + 1, sizeof(double));
	int *retr = xcalloc(n + 1, sizeof(int));
	double lo = 1, hi = 0;

	for (size_t r = 0; r < n; r++) {
		x[r] = num(wk, r, "week");
		la[r] = num(wk, r, "loop_accuracy");
		lf[r] = num(wk, r, "loop_weighted_f1");
		ba[r] = num(wk, r, "baseline_accuracy");
		bf[r] = num(wk, r, "baseline_weighted_f1");
		sh[r] = num(wk, r, "drift_share");
		dr[r] = num(wk, r, "drift");
		est[r] = num(wk, r, "estimated_accuracy");
		retr[r] = !strcmp(get(wk, r, "retrained"), "yes");
		for (int k = 0; k < 5; k++) {
			double v = (double[]){ la[r], lf[r], ba[r], bf[r], est[r] }[k];

			if (!isnan(v)) {
				lo = v < lo ? v : lo;
				hi = v > hi ? v : hi;
			}
		}
	}
	/* four steps of a round size that hold every value, with a little room */
	{
		static const double steps[] = { 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25 };
		double min = lo - 0.01, max = hi + 0.01;

		for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
			lo = floor(min / steps[k]) * steps[k];
			hi = lo + 4 * steps[k];
			if (hi >= max)
				break;
		}
		if (lo < 0) {
			hi -= lo;
			lo = 0;
		}
	}
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width\"><title>prodclass: the "
		"continuous-training loop, week by week</title><style>%s</style></head><body>\n"
		"<h1>The continuous-training loop, week by week</h1>\n", style);
	summary(fp, wk);
	fputs("<h2 id=\"accuracy\">Accuracy with and without the loop</h2>\n", fp);
	{
		struct series s[] = {
			{ "loop accuracy", "#2b8a3e", NULL, la },
			{ "loop weighted F1", "#2b8a3e", "5 4", lf },
			{ "baseline accuracy", "#c92a2a", NULL, ba },
			{ "baseline weighted F1", "#c92a2a", "5 4", bf },
		};

		line_chart(fp, "Accuracy and weighted F1 per week (triangles: retraining ran after "
			   "the week's labels)", x, n, s, 4, lo, hi, 2, retr, "retraining");
	}
	fputs("<h2 id=\"drift\">Drift</h2>\n", fp);
	{
		struct series s[] = {
			{ "drift injected", "#868e96", "3 3", dr },
			{ "share of columns drifted", "#d9480f", NULL, sh },
		};

		line_chart(fp, "Drift injected and share of drifted columns per week", x, n, s, 2, 0,
			   1, 1, NULL, NULL);
	}
	if (cols->nrows) {
		struct table drifted = { cols->cols, cols->ncols, 0, NULL };
		static const char *const cc[] = { "week", "column", "test", "score", "threshold",
						  "drift" };

		drifted.rows = xcalloc(cols->nrows + 1, sizeof(*drifted.rows));
		for (size_t r = 0; r < cols->nrows; r++)
			if (!strcmp(get(cols, r, "drift"), "yes"))
				drifted.rows[drifted.nrows++] = cols->rows[r];
		fputs("<p>The columns that drifted:</p>\n", fp);
		html_table(fp, &drifted, cc, 6, NULL);
		free(drifted.rows);
	}
	fputs("<h2 id=\"estimate\">Estimated against actual accuracy</h2>\n", fp);
	{
		struct series s[] = {
			{ "estimated (no labels)", "#1c7ed6", "5 4", est },
			{ "actual (labels)", "#2b8a3e", NULL, la },
		};

		line_chart(fp, "Accuracy estimated without labels (CBPE) against the accuracy "
			   "measured when the labels arrived", x, n, s, 2, lo, hi, 2, NULL, NULL);
	}
	fputs("<h2 id=\"weeks\">Weeks, retraining and promotions</h2>\n", fp);
	{
		static const char *const wc[] = { "week", "drift", "loop_accuracy",
			"baseline_accuracy", "drift_flagged", "flagged_by", "drift_share",
			"estimated_accuracy",
			"retrained", "champion_version", "challenger_version", "decision", "reason" };

		html_table(fp, wk, wc, sizeof(wc) / sizeof(wc[0]), "retrained");
	}
	if (hist->nrows) {
		static const char *const hc[] = { "time", "action", "version", "previous", "metric",
						  "champion", "challenger", "decision", "reason" };

		fputs("<p>The registry's history (every decision, with the compared metric):</p>\n",
		      fp);
		html_table(fp, hist, hc, sizeof(hc) / sizeof(hc[0]), NULL);
	}
	fputs("<h2 id=\"steps\">Steps: wall time, CPU time and peak memory</h2>\n", fp);
	if (st->nrows) {
		char **labels = xcalloc(st->nrows + 1, sizeof(*labels));
		double *wall = xcalloc(st->nrows + 1, sizeof(double)), total = 0, cpu = 0, peak = 0;
		static const char *const sc[] = { "week", "where", "step", "status", "attempts",
						  "wall_s", "cpu_s", "peak_kib" };

		for (size_t r = 0; r < st->nrows; r++) {
			labels[r] = xasprintf("%s %s %s", get(st, r, "week"), get(st, r, "where"),
					      get(st, r, "step"));
			wall[r] = num(st, r, "wall_s");
			if (!isnan(wall[r]) && strcmp(get(st, r, "where"), "simulate"))
				total += wall[r];
			cpu += isnan(num(st, r, "cpu_s")) ? 0 : num(st, r, "cpu_s");
			peak = fmax(peak, num(st, r, "peak_kib"));
			if (isnan(wall[r]))
				wall[r] = 0;
		}
		fprintf(fp, "<p>%zu steps; the largest peak memory %.0f MiB.</p>\n", st->nrows,
			peak / 1024);
		bar_chart(fp, "Wall time of every step", labels, wall, st->nrows, "s");
		html_table(fp, st, sc, sizeof(sc) / sizeof(sc[0]), NULL);
		for (size_t r = 0; r < st->nrows; r++)
			free(labels[r]);
		free(labels);
		free(wall);
		(void)total;
		(void)cpu;
	}
	fputs("<p>Made by pc-simulate(1) from weeks.tsv, steps.tsv, columns.tsv and history.tsv "
	      "beside this page.</p>\n</body></html>\n", fp);
	free(x);
	free(la);
	free(lf);
	free(ba);
	free(bf);
	free(sh);
	free(dr);
	free(est);
	free(retr);
	return ferror(fp) ? -1 : 0;
}

int weeks_report(const char *dir)
{
	struct table wk, st, cols, hist;
	char *p[4] = { xasprintf("%s/weeks.tsv", dir), xasprintf("%s/steps.tsv", dir),
		       xasprintf("%s/columns.tsv", dir), xasprintf("%s/history.tsv", dir) };
	char *out = xasprintf("%s/index.html", dir);
	struct outfile o;
	int ret = -1;

	memset(&st, 0, sizeof(st));
	memset(&cols, 0, sizeof(cols));
	memset(&hist, 0, sizeof(hist));
	if (load(p[0], &wk, 1) < 0)
		goto out;
	if (load(p[1], &st, 0) < 0 || load(p[2], &cols, 0) < 0 || load(p[3], &hist, 0) < 0)
		goto out_wk;
	if (outfile_open(&o, out) < 0)
		goto out_wk;
	if (write_page(o.fp, &wk, &st, &cols, &hist) < 0) {
		pc_error("cannot write %s", out);
		outfile_abort(&o);
	} else {
		ret = outfile_commit(&o);
	}
out_wk:
	table_free(&wk);
	table_free(&st);
	table_free(&cols);
	table_free(&hist);
out:
	for (int i = 0; i < 4; i++)
		free(p[i]);
	free(out);
	return ret;
}
