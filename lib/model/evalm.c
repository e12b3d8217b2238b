/* evalm: evaluation metrics, reports and the confusion heatmap (see evalm.h). */
#include "model/evalm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#define EVALM_EPS 1e-15

/* An exact non-negative sum in 64.64 fixed point (terms truncated to 2^-64). */
struct fix {
	uint64_t hi, lo;
};

struct evalm {
	int c, k, bins;
	char **names;
	uint64_t n, topk_hits;
	uint64_t *cm;           /* c x c, row = true class */
	struct fix logloss;
	uint64_t *bin_n, *bin_hits;
	struct fix *bin_conf;
};

static void fix_add(struct fix *a, uint64_t hi, uint64_t lo)
{
	a->lo += lo;
	a->hi += hi + (a->lo < lo);
}

static void fix_add_double(struct fix *a, double v)
{
	double ip;

	if (!(v > 0))
		return;
	if (v > 0x1p62)
		v = 0x1p62;
	ip = floor(v);
	fix_add(a, (uint64_t)ip, (uint64_t)ldexp(v - ip, 64));
}

static double fix_value(const struct fix *a)
{
	return (double)a->hi + ldexp((double)a->lo, -64);
}

struct evalm *evalm_new(int nclasses, const char *const *class_names, int topk, int ece_bins)
{
	struct evalm *e;

	if (nclasses < 1)
		return pc_error("evalm: need at least one class, got %d", nclasses), NULL;
	if (nclasses > EVALM_MAX_CLASSES)
		return pc_error("evalm: too many classes: %d, at most %d", nclasses,
				EVALM_MAX_CLASSES), NULL;
	if (topk < 1)
		return pc_error("evalm: top-k needs k >= 1, got %d", topk), NULL;
	if (ece_bins < 1 || ece_bins > 1 << 20)
		return pc_error("evalm: bad number of calibration bins: %d", ece_bins), NULL;
	e = xcalloc(1, sizeof(*e));
	e->c = nclasses;
	e->k = topk;
	e->bins = ece_bins;
	e->names = xcalloc((size_t)nclasses, sizeof(*e->names));
	for (int i = 0; i < nclasses; i++)
		e->names[i] = class_names ? xstrdup(class_names[i]) : xasprintf("%d", i);
	e->cm = xcalloc((size_t)nclasses * (size_t)nclasses, sizeof(*e->cm));
	e->bin_n = xcalloc((size_t)ece_bins, sizeof(*e->bin_n));
	e->bin_hits = xcalloc((size_t)ece_bins, sizeof(*e->bin_hits));
	e->bin_conf = xcalloc((size_t)ece_bins, sizeof(*e->bin_conf));
	return e;
}

void evalm_free(struct evalm *e)
{
	if (!e)
		return;
	for (int i = 0; i < e->c; i++)
		free(e->names[i]);
	free(e->names);
	free(e->cm);
	free(e->bin_n);
	free(e->bin_hits);
	free(e->bin_conf);
	free(e);
}

int evalm_nclasses(const struct evalm *e)
{
	return e->c;
}

const char *evalm_class_name(const struct evalm *e, int c)
{
	return e->names[c];
}

int evalm_class_index(const struct evalm *e, const char *name)
{
	for (int i = 0; i < e->c; i++)
		if (strcmp(e->names[i], name) == 0)
			return i;
	return -1;
}

uint64_t evalm_count(const struct evalm *e)
{
	return e->n;
}

uint64_t evalm_confusion(const struct evalm *e, int t, int p)
{
	return e->cm[(size_t)t * (size_t)e->c + (size_t)p];
}

static double clip(float v)
{
	double x = v;

	if (!(x >= EVALM_EPS))
		return EVALM_EPS;
	return x > 1 - EVALM_EPS ? 1 - EVALM_EPS : x;
}

int evalm_argmax(const float *p, int nclasses)
{
	int best = 0;

	for (int j = 1; j < nclasses; j++)
		if (p[j] > p[best])
			best = j;
	return best;
}

void evalm_add(struct evalm *e, int truth, const float *p)
{
	int best = evalm_argmax(p, e->c), rank = 0, b;
	float pt;
	double sum = 0, conf, x;

	if (truth < 0 || truth >= e->c)
		pc_fatal("evalm: true class %d out of range 0..%d", truth, e->c - 1);
	pt = p[truth];
	for (int j = 0; j < e->c; j++) {
		if (p[j] > pt || (p[j] == pt && j < truth))
			rank++;
		sum += clip(p[j]);
	}
	e->n++;
	e->cm[(size_t)truth * (size_t)e->c + (size_t)best]++;
	e->topk_hits += rank < e->k;
	fix_add_double(&e->logloss, -log(clip(pt) / sum));

	conf = p[best];
	x = conf * e->bins;
	b = x >= e->bins ? e->bins - 1 : x > 0 ? (int)x : 0;
	e->bin_n[b]++;
	e->bin_hits[b] += best == truth;
	fix_add_double(&e->bin_conf[b], conf);
}

void evalm_merge(struct evalm *into, const struct evalm *from)
{
	size_t cc = (size_t)into->c * (size_t)into->c;

	if (into->c != from->c || into->k != from->k || into->bins != from->bins)
		pc_fatal("evalm: merging accumulators of different shapes");
	for (int i = 0; i < into->c; i++)
		if (strcmp(into->names[i], from->names[i]) != 0)
			pc_fatal("evalm: merging accumulators of different classes");
	into->n += from->n;
	into->topk_hits += from->topk_hits;
	for (size_t i = 0; i < cc; i++)
		into->cm[i] += from->cm[i];
	fix_add(&into->logloss, from->logloss.hi, from->logloss.lo);
	for (int b = 0; b < into->bins; b++) {
		into->bin_n[b] += from->bin_n[b];
		into->bin_hits[b] += from->bin_hits[b];
		fix_add(&into->bin_conf[b], from->bin_conf[b].hi, from->bin_conf[b].lo);
	}
}

void evalm_compute(const struct evalm *e, struct evalm_result *r)
{
	size_t c = (size_t)e->c;
	uint64_t correct = 0;
	double n = (double)e->n, ece = 0;

	memset(r, 0, sizeof(*r));
	r->n = e->n;
	r->nclasses = e->c;
	r->topk = e->k;
	r->ece_bins = e->bins;
	r->precision = xcalloc(c, sizeof(double));
	r->recall = xcalloc(c, sizeof(double));
	r->f1 = xcalloc(c, sizeof(double));
	r->support = xcalloc(c, sizeof(uint64_t));
	r->predicted = xcalloc(c, sizeof(uint64_t));
	for (size_t t = 0; t < c; t++) {
		for (size_t p = 0; p < c; p++) {
			r->support[t] += e->cm[t * c + p];
			r->predicted[p] += e->cm[t * c + p];
		}
		correct += e->cm[t * c + t];
	}
	for (size_t i = 0; i < c; i++) {
		double tp = (double)e->cm[i * c + i];
		double pr = r->predicted[i] ? tp / (double)r->predicted[i] : 0;
		double rc = r->support[i] ? tp / (double)r->support[i] : 0;
		double f1 = pr + rc > 0 ? 2.0 * pr * rc / (pr + rc) : 0;

		r->precision[i] = pr;
		r->recall[i] = rc;
		r->f1[i] = f1;
		r->macro_precision += pr;
		r->macro_recall += rc;
		r->macro_f1 += f1;
		r->weighted_precision += pr * (double)r->support[i];
		r->weighted_recall += rc * (double)r->support[i];
		r->weighted_f1 += f1 * (double)r->support[i];
	}
	r->macro_precision /= (double)c;
	r->macro_recall /= (double)c;
	r->macro_f1 /= (double)c;
	if (!e->n)
		return;
	r->weighted_precision /= n;
	r->weighted_recall /= n;
	r->weighted_f1 /= n;
	r->accuracy = (double)correct / n;
	r->topk_accuracy = (double)e->topk_hits / n;
	r->log_loss = fix_value(&e->logloss) / n;
	for (int b = 0; b < e->bins; b++)
		ece += fabs((double)e->bin_hits[b] - fix_value(&e->bin_conf[b]));
	r->ece = ece / n;
}

void evalm_result_free(struct evalm_result *r)
{
	free(r->precision);
	free(r->recall);
	free(r->f1);
	free(r->support);
	free(r->predicted);
	memset(r, 0, sizeof(*r));
}

static int written(FILE *fp, const char *what)
{
	if (fflush(fp) != 0 || ferror(fp))
		return pc_error_errno("cannot write the %s", what);
	return 0;
}

static void put_metric(FILE *fp, const char *name, double v)
{
	tsv_puts(fp, name);
	tsv_sep(fp);
	tsv_put_double(fp, v);
	tsv_eol(fp);
}

int evalm_write_summary(FILE *fp, const struct evalm_result *r)
{
	char topk[32];

	snprintf(topk, sizeof(topk), "top%d_accuracy", r->topk);
	fprintf(fp, "metric\tvalue\nn\t%llu\n", (unsigned long long)r->n);
	put_metric(fp, "accuracy", r->accuracy);
	put_metric(fp, "weighted_f1", r->weighted_f1);
	put_metric(fp, "macro_f1", r->macro_f1);
	put_metric(fp, "weighted_precision", r->weighted_precision);
	put_metric(fp, "weighted_recall", r->weighted_recall);
	put_metric(fp, "macro_precision", r->macro_precision);
	put_metric(fp, "macro_recall", r->macro_recall);
	put_metric(fp, topk, r->topk_accuracy);
	put_metric(fp, "log_loss", r->log_loss);
	put_metric(fp, "ece", r->ece);
	return written(fp, "metrics summary");
}

int evalm_write_classes(FILE *fp, const struct evalm *e, const struct evalm_result *r)
{
	fputs("class\tprecision\trecall\tf1\tsupport\n", fp);
	for (int i = 0; i < e->c; i++) {
		tsv_puts(fp, e->names[i]);
		tsv_sep(fp);
		tsv_put_double(fp, r->precision[i]);
		tsv_sep(fp);
		tsv_put_double(fp, r->recall[i]);
		tsv_sep(fp);
		tsv_put_double(fp, r->f1[i]);
		fprintf(fp, "\t%llu\n", (unsigned long long)r->support[i]);
	}
	return written(fp, "per-class metrics");
}

int evalm_write_confusion(FILE *fp, const struct evalm *e)
{
	size_t c = (size_t)e->c;

	tsv_puts(fp, "true");
	for (size_t p = 0; p < c; p++) {
		tsv_sep(fp);
		tsv_puts(fp, e->names[p]);
	}
	tsv_eol(fp);
	for (size_t t = 0; t < c; t++) {
		tsv_puts(fp, e->names[t]);
		for (size_t p = 0; p < c; p++)
			fprintf(fp, "\t%llu", (unsigned long long)e->cm[t * c + p]);
		tsv_eol(fp);
	}
	return written(fp, "confusion matrix");
}

/* ---- SVG heatmap ---- */

#define SVG_NAME_MAX 40         /* code points shown of a class name */
#define SVG_CHAR_W 6.6          /* estimated advance of a 12px sans-serif character */

/* Length in bytes of the valid UTF-8 sequence at s, or 0. */
static int utf8_len(const unsigned char *s)
{
	int n;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

/* Text for XML character data or attributes: markup escaped, characters XML cannot
 * carry and invalid UTF-8 replaced by U+FFFD, at most `max` code points (then an
 * ellipsis).  Returns the code points written. */
static int svg_text(FILE *fp, const char *str, int max)
{
	const unsigned char *s = (const unsigned char *)str;
	int cps = 0;

	while (*s) {
		int n = utf8_len(s);

		if (cps == max) {
			fputs("\xe2\x80\xa6", fp);
			return cps + 1;
		}
		cps++;
		if (!n) {
			fputs("\xef\xbf\xbd", fp);
			s++;
			continue;
		}
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		default:
			if (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
				fputs("\xef\xbf\xbd", fp);
			else
				fwrite(s, 1, (size_t)n, fp);
		}
		s += n;
	}
	return cps;
}

static int text_cps(const char *s, int max)
{
	int n = 0;

	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		n += (*u & 0xc0) != 0x80;
	return n > max ? max + 1 : n;
}

/* ColorBrewer's sequential Blues, white to dark blue. */
static const unsigned char blues[9][3] = {
	{ 0xf7, 0xfb, 0xff }, { 0xde, 0xeb, 0xf7 }, { 0xc6, 0xdb, 0xef },
	{ 0x9e, 0xca, 0xe1 }, { 0x6b, 0xae, 0xd6 }, { 0x42, 0x92, 0xc6 },
	{ 0x21, 0x71, 0xb5 }, { 0x08, 0x51, 0x9c }, { 0x08, 0x30, 0x6b },
};

static void share_colour(double share, char out[8])
{
	double x = (share < 0 ? 0 : share > 1 ? 1 : share) * 8;
	int i = x >= 8 ? 7 : (int)x;
	double f = x - i;
	int rgb[3];

	for (int k = 0; k < 3; k++)
		rgb[k] = (int)lround(blues[i][k] + f * (blues[i + 1][k] - blues[i][k]));
	snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

int evalm_write_svg(FILE *fp, const struct evalm *e, const char *title)
{
	size_t c = (size_t)e->c;
	double cell = c <= 30 ? 32 : fmax(12, 960.0 / (double)c);
	double fs = fmin(11, cell * 0.36);
	double lab = 0, x0, y0, side, lx, legh, width, height;
	uint64_t *support = xcalloc(c, sizeof(*support));
	char col[8];

	for (size_t i = 0; i < c; i++) {
		lab = fmax(lab, text_cps(e->names[i], SVG_NAME_MAX) * SVG_CHAR_W);
		for (size_t p = 0; p < c; p++)
			support[i] += e->cm[i * c + p];
	}
	lab += 12;
	side = cell * (double)c;
	x0 = 36 + lab;
	y0 = title ? 52 : 20;
	lx = x0 + side + 28;
	legh = fmax(side, 160);
	width = fmax(lx + 16 + 56, title ? 24 + text_cps(title, 200) * 9.0 : 0);
	height = y0 + fmax(side + lab + 44, legh + 10);

	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		"viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
		ceil(width), ceil(height), ceil(width), ceil(height));
	fputs("<defs><linearGradient id=\"legend\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">", fp);
	for (int i = 0; i < 9; i++)
		fprintf(fp, "<stop offset=\"%.3f\" stop-color=\"#%02x%02x%02x\"/>", i / 8.0,
			blues[i][0], blues[i][1], blues[i][2]);
	fputs("</linearGradient></defs>\n", fp);
	fprintf(fp, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
	if (title) {
		fputs("<text x=\"12\" y=\"28\" font-size=\"16\" font-weight=\"bold\">", fp);
		svg_text(fp, title, 200);
		fputs("</text>\n", fp);
	}

	fputs("<g stroke=\"#ffffff\" stroke-width=\"0.5\">\n", fp);
	for (size_t t = 0; t < c; t++) {
		for (size_t p = 0; p < c; p++) {
			uint64_t k = e->cm[t * c + p];
			double share = support[t] ? (double)k / (double)support[t] : 0;
			double x = x0 + cell * (double)p, y = y0 + cell * (double)t;

			if (support[t])
				share_colour(share, col);
			else
				strcpy(col, "#eeeeee");
			fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"%s\"%s><title>true ", x, y, cell, cell, col,
				p == t ? " stroke=\"#555555\" stroke-width=\"1\"" : "");
			svg_text(fp, e->names[t], SVG_NAME_MAX * 4);
			fputs(", predicted ", fp);
			svg_text(fp, e->names[p], SVG_NAME_MAX * 4);
			fprintf(fp, ": %llu of %llu (%.1f%%)</title></rect>\n",
				(unsigned long long)k, (unsigned long long)support[t], 100 * share);
		}
	}
	fputs("</g>\n", fp);

	fprintf(fp, "<g font-size=\"%.1f\" text-anchor=\"middle\">\n", fs);
	for (size_t t = 0; t < c; t++) {
		for (size_t p = 0; p < c; p++) {
			uint64_t k = e->cm[t * c + p];
			char num[24];
			int len = snprintf(num, sizeof(num), "%llu", (unsigned long long)k);
			double share = (double)k / (double)(support[t] ? support[t] : 1);

			if (!k || len * fs * 0.62 + 3 > cell || fs < 6)
				continue;
			fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>\n",
				x0 + cell * ((double)p + 0.5), y0 + cell * ((double)t + 0.5) + fs * 0.35,
				share > 0.5 ? "#ffffff" : "#222222", num);
		}
	}
	fputs("</g>\n", fp);

	fputs("<g text-anchor=\"end\">\n", fp);
	for (size_t i = 0; i < c; i++) {
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\">", x0 - 6,
			y0 + cell * ((double)i + 0.5) + 4);
		svg_text(fp, e->names[i], SVG_NAME_MAX);
		fputs("</text>\n", fp);
		fprintf(fp, "<text transform=\"translate(%.1f %.1f) rotate(-90)\">",
			x0 + cell * ((double)i + 0.5) + 4, y0 + side + 6);
		svg_text(fp, e->names[i], SVG_NAME_MAX);
		fputs("</text>\n", fp);
	}
	fputs("</g>\n", fp);
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\">"
		"predicted</text>\n", x0 + side / 2, y0 + side + lab + 24);
	fprintf(fp, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" text-anchor=\"middle\" "
		"font-weight=\"bold\">true</text>\n", 18.0, y0 + side / 2);

	fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"%.1f\" "
		"fill=\"url(#legend)\" stroke=\"#888888\" stroke-width=\"0.5\"/>\n", lx, y0, legh);
	for (int i = 0; i <= 4; i++) {
		double y = y0 + legh * (1 - i / 4.0);

		fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"#555555\"/><text x=\"%.1f\" y=\"%.1f\">%d%%</text>\n",
			lx + 16, y, lx + 20, y, lx + 22, y + 4, i * 25);
	}
	fprintf(fp, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" text-anchor=\"middle\">"
		"share of the true class</text>\n", lx + 64, y0 + legh / 2);
	fputs("</svg>\n", fp);
	free(support);
	return written(fp, "confusion heatmap");
}
