/* pctconv: conversions and summaries of tensor streams; see pctconv.h. */
#include "formats/pctconv.h"
#include "base/strlist.h"
#include "base/msg.h"
#include "formats/npy.h"
#include "base/outfile.h"
#include "base/xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- info ---- */

int pctconv_info(struct pct_reader *r, FILE *out)
{
	const struct pct_header *h = pct_header(r);
	uint64_t labelled = 0, total = 0;
	uint32_t nmin = UINT32_MAX, nmax = 0;
	struct pct_row row;
	int m;

	while ((m = pct_next(r, &row)) > 0) {
		labelled += row.label_len > 0;
		total += row.nnz;
		if (row.nnz < nmin)
			nmin = row.nnz;
		if (row.nnz > nmax)
			nmax = row.nnz;
	}
	if (m < 0)
		return -1;
	if (!pct_rows(r))
		nmin = 0;
	fprintf(out, "version\t%d\ndense\t%u\nsparse\t%u\n", PCT_VERSION, h->dense, h->sparse);
	fputs("featurizer\t", out);
	tsv_puts(out, h->featurizer);
	fputs("\nspec\t", out);
	tsv_puts(out, h->spec);
	tsv_eol(out);
	if (h->names) {
		fputs("names", out);
		for (uint32_t i = 0; i < h->dense; i++) {
			tsv_sep(out);
			tsv_puts(out, h->names[i]);
		}
		tsv_eol(out);
	}
	fprintf(out, "rows\t%llu\nlabelled\t%llu\n", (unsigned long long)pct_rows(r),
		(unsigned long long)labelled);
	fprintf(out, "nnz_total\t%llu\nnnz_min\t%u\nnnz_max\t%u\nnnz_mean\t",
		(unsigned long long)total, nmin, nmax);
	tsv_put_double(out, pct_rows(r) ? (double)total / (double)pct_rows(r) : 0.0);
	tsv_eol(out);
	return 0;
}

/* ---- copy ---- */

int pctconv_copy(struct pct_reader *r, FILE *out, const char *outname, uint64_t limit)
{
	struct pct_writer *w = pct_create(out, outname, pct_header(r));
	struct pct_row row;
	int m = 1;

	if (!w)
		return -1;
	while (pct_written(w) < limit && (m = pct_next(r, &row)) > 0)
		if (pct_write_last(w, r) < 0) {
			m = -1;
			break;
		}
	if (m < 0) {
		pct_discard(w);
		return -1;
	}
	return pct_finish(w);
}

/* ---- TSV view ---- */

static void tsv_header_line(FILE *out, const struct pct_header *h)
{
	fputs("id\tlabel", out);
	for (uint32_t i = 0; i < h->dense; i++) {
		tsv_sep(out);
		if (h->names)
			tsv_puts(out, h->names[i]);
		else
			fprintf(out, "d%u", i);
	}
	if (h->sparse)
		fputs("\tsparse", out);
	tsv_eol(out);
}

int pctconv_tsv(struct pct_reader *r, FILE *out, uint64_t limit)
{
	const struct pct_header *h = pct_header(r);
	struct pct_row row;
	uint64_t n = 0;
	int m = 1;

	tsv_header_line(out, h);
	while (n < limit && (m = pct_next(r, &row)) > 0) {
		tsv_put(out, row.id, row.id_len);
		tsv_sep(out);
		tsv_put(out, row.label, row.label_len);
		for (uint32_t i = 0; i < h->dense; i++) {
			tsv_sep(out);
			tsv_put_float(out, row.dense[i]);
		}
		if (h->sparse) {
			tsv_sep(out);
			for (uint32_t i = 0; i < row.nnz; i++) {
				if (i)
					putc_unlocked(' ', out);
				fprintf(out, "%u:", row.idx[i]);
				tsv_put_float(out, row.val[i]);
			}
		}
		tsv_eol(out);
		n++;
	}
	return m < 0 ? -1 : 0;
}

/* ---- npy export ---- */

enum { O_DENSE, O_ROWS, O_INDPTR, O_INDICES, O_DATA, O_N };

static char *with_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path);

	if (n > 4 && !strcmp(path + n - 4, ".npy"))
		n -= 4;
	return xasprintf("%.*s%s", (int)n, path, suffix);
}

int pctconv_npy(struct pct_reader *r, const char *npy_path, const char *rows_path)
{
	const struct pct_header *h = pct_header(r);
	struct outfile of[O_N];
	struct npy_writer *nw[O_N] = { NULL };
	char *paths[O_N] = { NULL };
	int nout = h->sparse ? O_N : O_INDPTR;
	uint64_t shape[2] = { NPY_STREAM, h->dense }, one = NPY_STREAM;
	int64_t ptr = 0;
	struct pct_row row;
	int m, ret = -1, opened = 0;

	paths[O_DENSE] = xstrdup(npy_path);
	paths[O_ROWS] = rows_path ? xstrdup(rows_path) : with_suffix(npy_path, ".rows.tsv");
	if (h->sparse) {
		paths[O_INDPTR] = with_suffix(npy_path, ".indptr.npy");
		paths[O_INDICES] = with_suffix(npy_path, ".indices.npy");
		paths[O_DATA] = with_suffix(npy_path, ".data.npy");
	}
	for (opened = 0; opened < nout; opened++)
		if (outfile_open(&of[opened], paths[opened]) < 0)
			goto out;
	nw[O_DENSE] = npy_create(of[O_DENSE].fp, of[O_DENSE].name, NPY_F4, 2, shape);
	if (!nw[O_DENSE])
		goto out;
	fputs("id\tlabel\n", of[O_ROWS].fp);
	if (h->sparse) {
		nw[O_INDPTR] = npy_create(of[O_INDPTR].fp, of[O_INDPTR].name, NPY_I8, 1, &one);
		nw[O_INDICES] = npy_create(of[O_INDICES].fp, of[O_INDICES].name, NPY_I4, 1, &one);
		nw[O_DATA] = npy_create(of[O_DATA].fp, of[O_DATA].name, NPY_F4, 1, &one);
		if (!nw[O_INDPTR] || !nw[O_INDICES] || !nw[O_DATA] ||
		    npy_write(nw[O_INDPTR], &ptr, 1) < 0)
			goto out;
	}
	while ((m = pct_next(r, &row)) > 0) {
		FILE *rf = of[O_ROWS].fp;

		tsv_put(rf, row.id, row.id_len);
		tsv_sep(rf);
		tsv_put(rf, row.label, row.label_len);
		tsv_eol(rf);
		if (npy_write(nw[O_DENSE], row.dense, 1) < 0)
			goto out;
		if (h->sparse) {
			ptr += row.nnz;
			if (npy_write(nw[O_INDICES], row.idx, row.nnz) < 0 ||
			    npy_write(nw[O_DATA], row.val, row.nnz) < 0 ||
			    npy_write(nw[O_INDPTR], &ptr, 1) < 0)
				goto out;
		}
	}
	if (m < 0)
		goto out;
	for (int i = 0; i < nout; i++) {
		if (nw[i]) {
			int bad = npy_finish(nw[i]);

			nw[i] = NULL;
			if (bad < 0)
				goto out;
		}
	}
	{
		/* every file written, then all renamed: all or none of them replaced */
		struct outfile *v[O_N];

		for (int i = 0; i < nout; i++)
			v[i] = &of[i];
		opened = 0;
		if (outfile_commit_all(v, (size_t)nout) < 0)
			goto out;
	}
	ret = 0;
out:
	for (int i = 0; i < O_N; i++) {
		npy_discard(nw[i]);
		if (i < opened)
			outfile_abort(&of[i]);
		free(paths[i]);
	}
	return ret;
}

/* ---- TSV to stream ---- */

/* 0, or -1 for text that is not a number, -2 for a number beyond the float32 range. */
static int parse_f32(const char *s, float *out)
{
	char *end;

	errno = 0;
	*out = strtof(s, &end);
	if (end == s || *end)
		return -1;
	if (isinf(*out) && errno == ERANGE)
		return -2;
	return 0;
}

static const char *f32_problem(int e)
{
	return e == -2 ? "is out of the float32 range" : "is not a number";
}

struct sparse_buf {
	uint32_t *idx;
	float *val;
	size_t n, cap;
};

static int parse_sparse(struct tsv *t, const char *col, char *s, uint32_t width,
			struct sparse_buf *b)
{
	char *p = s;

	b->n = 0;
	for (;;) {
		char *colon, *end;
		unsigned long ix;
		float v;
		int e;

		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
		end = strchr(p, ' ');
		if (end)
			*end = '\0';
		colon = strchr(p, ':');
		if (!colon)
			return pc_error_at(tsv_name(t), t->line,
					   "column '%s': '%s' is not an index:value pair", col, p);
		*colon = '\0';
		errno = 0;
		ix = strtoul(p, &colon, 10);
		if (*p < '0' || *p > '9' || *colon || errno)
			return pc_error_at(tsv_name(t), t->line,
					   "column '%s': '%s' is not an index", col, p);
		if ((e = parse_f32(colon + 1, &v)) < 0)
			return pc_error_at(tsv_name(t), t->line, "column '%s': '%s' %s", col,
					   colon + 1, f32_problem(e));
		if (ix >= width)
			return pc_error_at(tsv_name(t), t->line,
					   "column '%s': index %lu out of range (sparse width %u)",
					   col, ix, width);
		if (b->n && ix <= b->idx[b->n - 1])
			return pc_error_at(tsv_name(t), t->line,
					   "column '%s': index %lu is not above the previous %u",
					   col, ix, b->idx[b->n - 1]);
		if (b->n == b->cap) {
			size_t cap = b->cap;

			xgrow(&b->idx, &cap, b->n + 1, sizeof(*b->idx));
			b->val = xreallocarray(b->val, cap, sizeof(*b->val));
			b->cap = cap;
		}
		b->idx[b->n] = (uint32_t)ix;
		b->val[b->n] = v;
		b->n++;
		if (!end)
			return 0;
		p = end + 1;
	}
}

int pctconv_from_tsv(struct tsv *t, const struct pctconv_tsv_opts *o, FILE *out,
		     const char *outname, uint64_t *rows_out)
{
	struct pct_header h = { 0 };
	struct pct_writer *w = NULL;
	int id = -1, label = -1, sparse = -1;
	int *cols = NULL;
	float *dense = NULL;
	struct sparse_buf sb = { 0 };
	char num[32];
	uint64_t rows = 0;
	int m, ret = -1;

	*rows_out = 0;
	if (o->id_col && (id = tsv_require_column(t, o->id_col)) < 0)
		goto out;
	if (!o->id_col)
		id = tsv_column(t, "id");
	if (o->label_col && (label = tsv_require_column(t, o->label_col)) < 0)
		goto out;
	if (!o->label_col)
		label = tsv_column(t, "label");
	if (o->sparse_col && (sparse = tsv_require_column(t, o->sparse_col)) < 0)
		goto out;
	if (!o->sparse_col && !(o->columns && strlist_has(o->columns, "sparse")))
		sparse = tsv_column(t, "sparse");
	if (sparse >= 0 && !o->sparse_width) {
		pc_error_at(tsv_name(t), 1, "column '%s' holds sparse entries: give --sparse-width",
			    t->cols[sparse]);
		goto out;
	}
	cols = xcalloc(t->ncols, sizeof(*cols));
	if (o->columns) {
		char **names = strlist_split(o->columns, NULL);

		for (char **name = names; *name; name++) {
			int ix = tsv_require_column(t, *name);

			if (ix < 0 || h.dense == t->ncols) {
				if (ix >= 0)
					pc_error("option --columns names more columns than %s has",
						 tsv_name(t));
				strlist_free(names);
				goto out;
			}
			cols[h.dense++] = ix;
		}
		strlist_free(names);
	} else {
		for (size_t i = 0; i < t->ncols; i++)
			if ((int)i != id && (int)i != label && (int)i != sparse)
				cols[h.dense++] = (int)i;
	}
	h.sparse = sparse >= 0 ? o->sparse_width : 0;
	h.featurizer = (char *)(o->featurizer ? o->featurizer : "");
	h.spec = (char *)(o->spec ? o->spec : "");
	h.names = xcalloc(h.dense ? h.dense : 1, sizeof(*h.names));
	for (uint32_t i = 0; i < h.dense; i++)
		h.names[i] = t->cols[cols[i]];
	w = pct_create(out, outname, &h);
	free(h.names);
	if (!w)
		goto out;
	dense = xcalloc(h.dense ? h.dense : 1, sizeof(*dense));
	while ((m = tsv_next(t)) > 0) {
		struct pct_row row = { 0 };

		rows++;
		for (uint32_t i = 0; i < h.dense; i++) {
			const char *s = t->f[cols[i]].s;
			int e = parse_f32(s, &dense[i]);

			if (e < 0) {
				pc_error_at(tsv_name(t), t->line, "column '%s': '%s' %s",
					    t->cols[cols[i]], s, f32_problem(e));
				goto out;
			}
		}
		if (sparse >= 0 &&
		    parse_sparse(t, t->cols[sparse], t->f[sparse].s, h.sparse, &sb) < 0)
			goto out;
		if (id >= 0) {
			row.id = t->f[id].s;
			row.id_len = t->f[id].len;
		} else {
			row.id_len = (size_t)snprintf(num, sizeof(num), "%llu",
						      (unsigned long long)rows);
			row.id = num;
		}
		if (label >= 0) {
			row.label = t->f[label].s;
			row.label_len = t->f[label].len;
		}
		if (row.id_len > PCT_MAX_ID || row.label_len > PCT_MAX_ID ||
		    memchr(row.id, '\0', row.id_len) ||
		    (row.label && memchr(row.label, '\0', row.label_len))) {
			pc_error_at(tsv_name(t), t->line, "id or label too long or holds a NUL byte");
			goto out;
		}
		row.dense = dense;
		row.nnz = (uint32_t)sb.n;
		row.idx = sb.idx;
		row.val = sb.val;
		if (pct_write(w, &row) < 0)
			goto out;
	}
	if (m < 0)
		goto out;
	ret = pct_finish(w);
	w = NULL;
out:
	*rows_out = rows;
	pct_discard(w);
	free(cols);
	free(dense);
	free(sb.idx);
	free(sb.val);
	return ret;
}
