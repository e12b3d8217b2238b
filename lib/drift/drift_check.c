/* drift_check: the whole pc-drift procedure; see drift_check.h. */
#include "drift/drift_check.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/strlist.h"
#include "base/outfile.h"
#include "base/sbuf.h"
#include "base/xalloc.h"
#include "drift/drift_mv.h"
#include "drift/drift_perf.h"
#include "drift/drift_report.h"
#include "formats/dtable.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const drift_correction_names[] = { "none", "bonferroni", "bh", NULL };

void drift_check_init(struct drift_check *s)
{
	struct drift_opts o;

	memset(s, 0, sizeof(*s));
	drift_opts_init(&o);
	s->test = o.test;
	s->threshold = NAN;
	s->drift_share = o.drift_share;
	s->correction = (int)o.correction;
	s->max_drop = 0.05;
	s->auc_bound = NAN;
	s->threads = 1;
	s->mv_test = DMV_AUTO;
}

void drift_check_free(struct drift_check *s)
{
	free(s->per_column);
	free(s->columns_buf);
	s->per_column = NULL;
	s->columns_buf = NULL;
	s->nper_column = 0;
}

const char *drift_check_parse_test(void *value, const char *arg)
{
	int t = drift_test_parse(arg);

	if (t < 0)
		return "not ks, chisquare, z, wasserstein, jensenshannon or psi";
	*(int *)value = t;
	return NULL;
}

const char *drift_check_parse_mv_test(void *value, const char *arg)
{
	enum drift_mv_test t;

	if (drift_mv_test_parse(arg, &t) < 0)
		return "not auto, classifier or mmd";
	*(int *)value = (int)t;
	return NULL;
}

/* One column's settings: test, threshold, type. */
static int column_setting(const struct config *c, const char *section, const char *col,
			  const struct ynode *n, struct drift_colopt *co)
{
	static const char *const keys[] = { "test", "threshold", "type", NULL };
	const struct ynode *v;

	co->name = col;
	co->test = DRIFT_AUTO;
	co->threshold = NAN;
	co->kind = DRIFT_KIND_AUTO;
	if (ynode_is_null(n))
		return 0;
	if (n->kind != YAML_MAP)
		return pc_error_at(c->name, n->line, "%s.%s: expected a mapping of test, threshold "
				   "and type", section, col);
	for (size_t i = 0; i < n->n; i++) {
		const char *const *k;

		for (k = keys; *k && strcmp(*k, n->keys[i]); k++)
			;
		if (!*k)
			return pc_error_at(c->name, n->key_lines[i], "%s.%s.%s: unknown key (known: "
					   "test, threshold, type)", section, col, n->keys[i]);
	}
	if ((v = ynode_get(n, "test")) && !ynode_is_null(v)) {
		int t = v->kind == YAML_SCALAR ? drift_test_parse(v->scalar) : -1;

		if (t < 0)
			return pc_error_at(c->name, v->line, "%s.%s.test: expected ks, chisquare, z, "
					   "wasserstein, jensenshannon or psi", section, col);
		co->test = (enum drift_test)t;
	}
	if ((v = ynode_get(n, "threshold")) && !ynode_is_null(v)) {
		int range = 0;

		if (v->kind != YAML_SCALAR || v->quoted || !ynode_plain_is_float(v->scalar))
			return pc_error_at(c->name, v->line, "%s.%s.threshold: expected a number",
					   section, col);
		co->threshold = ynode_plain_float(v->scalar, &range);
		if (range || !isfinite(co->threshold) || co->threshold < 0)
			return pc_error_at(c->name, v->line, "%s.%s.threshold: %s is not a finite "
					   "number >= 0", section, col, v->scalar);
	}
	if ((v = ynode_get(n, "type")) && !ynode_is_null(v)) {
		if (v->kind == YAML_SCALAR && !strcmp(v->scalar, "num"))
			co->kind = DRIFT_KIND_NUM;
		else if (v->kind == YAML_SCALAR && !strcmp(v->scalar, "cat"))
			co->kind = DRIFT_KIND_CAT;
		else
			return pc_error_at(c->name, v->line, "%s.%s.type: expected num or cat",
					   section, col);
	}
	return 0;
}

int drift_check_per_column(void *value, const struct config *c, const struct ynode *node,
			   const char *key)
{
	struct drift_check *s = value;
	char section[64];

	snprintf(section, sizeof(section), "drift.%s", key);
	if (ynode_is_null(node))
		return 0;
	if (node->kind != YAML_MAP)
		return pc_error_at(c->name, node->line, "%s: expected a mapping of column names",
				   section);
	free(s->per_column);
	s->per_column = xcalloc(node->n + 1, sizeof(*s->per_column));
	s->nper_column = node->n;
	for (size_t i = 0; i < node->n; i++)
		if (column_setting(c, section, node->keys[i], node->items[i],
				   &s->per_column[i]) < 0)
			return -1;
	return 0;
}

int drift_check_columns_key(void *value, const struct config *c, const struct ynode *node,
			    const char *key)
{
	struct drift_check *s = value;
	struct sbuf b = SBUF_INIT;

	if (node->kind == YAML_MAP)
		return drift_check_per_column(value, c, node, key);
	if (ynode_is_null(node))
		return 0;
	if (node->kind == YAML_SCALAR) {
		sbuf_adds(&b, node->scalar);
	} else {
		for (size_t i = 0; i < node->n; i++) {
			if (node->items[i]->kind != YAML_SCALAR) {
				sbuf_free(&b);
				return pc_error_at(c->name, node->items[i]->line, "drift.%s: expected "
						   "a list of column names", key);
			}
			if (i)
				sbuf_addc(&b, ',');
			sbuf_adds(&b, node->items[i]->scalar);
		}
	}
	free(s->columns_buf);
	s->columns_buf = b.s ? b.s : xstrdup("");
	s->columns = s->columns_buf;
	return 0;
}

/* The TSV report and the HTML page, every file written, then all renamed; the metrics are
 * set here and written by metrics_finish. */
static int write_reports(const struct drift_check *s, const struct drift_result *res,
			 const struct drift_perf_result *perf, const char *ref_name,
			 const char *cur_name)
{
	struct outfile out, html;

	if (outfile_open(&out, s->output) < 0)
		return PC_EXIT_INTERNAL;
	if (s->html && outfile_open(&html, s->html) < 0) {
		outfile_abort(&out);
		return PC_EXIT_INTERNAL;
	}
	drift_report_tsv(out.fp, res, perf);
	if (s->html)
		drift_report_html(html.fp, res, perf, ref_name, cur_name);
	drift_report_metrics(res, perf);
	if (s->html) {
		struct outfile *all[] = { &out, &html };

		if (outfile_commit_all(all, 2) < 0)
			return PC_EXIT_INTERNAL;
	} else if (outfile_commit(&out) < 0) {
		return PC_EXIT_INTERNAL;
	}
	return PC_EXIT_OK;
}

static int run_streams(struct drift_check *s, const char *ref, const char *cur)
{
	struct drift_mv_opts mo;
	struct drift_result res;
	struct drift_perf_result perf;
	int status;

	drift_mv_opts_init(&mo);
	mo.seed = s->seed;
	mo.threads = s->threads;
	mo.test = (enum drift_mv_test)s->mv_test;
	if (s->permutations > 0)
		mo.permutations = s->permutations;
	if (!isnan(s->threshold))
		mo.alpha = s->threshold;
	if (!isnan(s->auc_bound))
		mo.auc_bound = s->auc_bound;
	if (drift_mv_run(ref, cur, &mo, &res) < 0)
		return PC_EXIT_INPUT;
	memset(&perf, 0, sizeof(perf));
	status = write_reports(s, &res, &perf, ref, cur);
	if (status == PC_EXIT_OK && drift_report_verdict(&res, &perf))
		status = PC_EXIT_NO;
	drift_result_free(&res);
	return status;
}

static int listed(char *const *v, const char *name)
{
	for (; v && *v; v++)
		if (!strcmp(*v, name))
			return 1;
	return 0;
}

/* The columns to compare: those named, else the reference's but the ignored ones and the
 * label when the current data has none.  NULL after reporting. */
static const char **select_columns(const struct drift_check *s, const struct dtable *ref,
				   const struct dtable *cur, const struct drift_perf_result *perf,
				   size_t *n)
{
	char **names = s->columns ? strlist_split(s->columns, NULL) : NULL;
	char **ignored = strlist_split(s->ignore ? s->ignore : "id", NULL);
	const char **sel = xcalloc(ref->ncols + 1, sizeof(*sel));
	int common = 0;

	*n = 0;
	if (names) {
		for (char **p = names; *p; p++) {
			const struct dtable_col *c = dtable_column(ref, *p);

			if (!c || !dtable_column(cur, *p)) {
				pc_error("%s: no column '%s'", c ? cur->name : ref->name, *p);
				goto fail;
			}
			if (!listed((char *const *)sel, c->name))
				sel[(*n)++] = c->name;
		}
	} else {
		for (size_t i = 0; i < ref->ncols; i++) {
			const char *name = ref->cols[i].name;

			if (listed(ignored, name) ||
			    (s->confidence && !strcmp(name, s->confidence)))
				continue;
			/* the label is compared only when the current data has labels */
			if (s->label && !strcmp(name, s->label) && perf->done && perf->estimated)
				continue;
			common += dtable_column(cur, name) != NULL;
			sel[(*n)++] = name;
		}
		if (!common) {
			pc_error("%s and %s have no column in common to compare", ref->name,
				 cur->name);
			goto fail;
		}
	}
	strlist_free(names);
	strlist_free(ignored);
	return sel;
fail:
	strlist_free(names);
	strlist_free(ignored);
	free(sel);
	return NULL;
}

static int run_tables(struct drift_check *s, const char *ref_path, const char *cur_path)
{
	struct dtable *ref = NULL, *cur = NULL;
	struct drift_opts o;
	struct drift_perf_opts po = { s->prediction, s->label, s->confidence, s->max_drop };
	struct drift_perf_result perf;
	struct drift_result res;
	struct drift_colopt *cols;
	const char **sel = NULL;
	size_t nsel = 0, ncols = s->nper_column;
	int status = PC_EXIT_INPUT;

	drift_opts_init(&o);
	o.test = (enum drift_test)s->test;
	o.threshold = s->threshold;
	o.drift_share = s->drift_share;
	o.correction = (enum drift_correction)s->correction;
	o.bins = s->bins;
	o.threads = s->threads;
	o.want_dist = s->html != NULL;
	/* classes are categories whatever they look like */
	cols = xcalloc(ncols + 3, sizeof(*cols));
	if (ncols)
		memcpy(cols, s->per_column, ncols * sizeof(*cols));
	if (s->prediction) {
		cols[ncols++] = (struct drift_colopt){ s->prediction, DRIFT_AUTO, NAN, DRIFT_KIND_CAT };
		cols[ncols++] = (struct drift_colopt){ s->label, DRIFT_AUTO, NAN, DRIFT_KIND_CAT };
	}
	o.cols = cols;
	o.ncols = ncols;
	memset(&perf, 0, sizeof(perf));

	if (dtable_read_pair(ref_path, cur_path, &ref, &cur, o.threads) < 0)
		goto out;
	if (!ref->nrows || !cur->nrows) {
		pc_error("%s: no rows to compare", ref->nrows ? cur->name : ref->name);
		goto out;
	}
	if (s->prediction && s->label) {
		if (drift_perf_run(ref, cur, &po, &perf) < 0)
			goto out;
	} else if (s->prediction || s->label || s->confidence) {
		pc_error("--prediction-col and --label-col go together");
		goto out;
	}
	sel = select_columns(s, ref, cur, &perf, &nsel);
	if (!sel)
		goto out;
	if (drift_run(ref, cur, sel, nsel, &o, &res) < 0)
		goto out;
	metrics_set(MET_ROWS, "data=\"reference\"", (double)ref->nrows);
	metrics_set(MET_ROWS, "data=\"current\"", (double)cur->nrows);
	status = write_reports(s, &res, &perf, ref->name, cur->name);
	if (status == PC_EXIT_OK && drift_report_verdict(&res, &perf))
		status = PC_EXIT_NO;
	drift_result_free(&res);
out:
	free(sel);
	free(cols);
	dtable_free(ref);
	dtable_free(cur);
	return status;
}

int drift_check_run(struct drift_check *s, const char *ref, const char *cur)
{
	if (drift_mv_is_stream(ref) || drift_mv_is_stream(cur))
		return run_streams(s, ref, cur);
	return run_tables(s, ref, cur);
}
