/* tsv: the toolkit's tab-separated text format; see tsv.h. */
#include "formats/tsv.h"
#include "base/msg.h"
#include "base/strmap.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t tsv_unescape(char *dst, const char *src, size_t len)
{
	const char *end = src + len;
	size_t n = 0;

	while (src < end) {
		if (*src == '\\' && src + 1 < end) {
			char c = src[1] == 't' ? '\t' : src[1] == 'n' ? '\n' : src[1] == 'r' ? '\r' :
				 src[1] == '\\' ? '\\' : 0;

			if (c) {
				dst[n++] = c;
				src += 2;
				continue;
			}
		}
		dst[n++] = *src++;
	}
	dst[n] = '\0';
	return n;
}

/* Split the line buf[0..len) (no newline) into fields, unescaping in place. */
static void split(struct tsv *t, char *buf, size_t len)
{
	char *p = buf, *end = buf + len;

	t->nf = 0;
	for (;;) {
		char *tab = memchr(p, '\t', (size_t)(end - p));
		char *fend = tab ? tab : end;
		char *w;

		xgrow(&t->f, &t->fcap, t->nf + 1, sizeof(*t->f));
		/* unescape in place; the field only shrinks */
		w = memchr(p, '\\', (size_t)(fend - p)) ?
		    p + tsv_unescape(p, p, (size_t)(fend - p)) : fend;
		*w = '\0';
		t->f[t->nf].s = p;
		t->f[t->nf].len = (size_t)(w - p);
		t->nf++;
		if (!tab)
			break;
		p = tab + 1;
	}
}

/* Read one raw line into fields; 1, 0 at end, -1 on error. */
static int read_line(struct tsv *t)
{
	struct rd *r = &t->rd;
	size_t scanned = 0;
	char *nl;
	size_t len;

	for (;;) {
		nl = rd_avail(r) > scanned ?
			memchr(r->buf + r->start + scanned, '\n', rd_avail(r) - scanned) : NULL;
		if (nl)
			break;
		scanned = rd_avail(r);
		if (scanned > RD_MAX_LINE)
			return pc_error_at(r->name, t->line + 1, "line longer than %zu bytes",
					   RD_MAX_LINE);
		int m = rd_more(r);
		if (m < 0)
			return pc_error_at(r->name, t->line + 1, "cannot read line");
		if (m == 0) {
			if (!rd_avail(r))
				return 0;
			/* last line without a newline: make room for the terminator */
			if (r->end == r->cap) {
				r->buf = xrealloc(r->buf, r->cap + 1);
				r->cap++;
			}
			nl = r->buf + r->end;
			break;
		}
	}
	len = (size_t)(nl - (r->buf + r->start));
	if (len > RD_MAX_LINE)
		return pc_error_at(r->name, t->line + 1, "line longer than %zu bytes", RD_MAX_LINE);
	t->line++;
	{
		char *line = r->buf + r->start;

		if (len && line[len - 1] == '\r')
			len--;
		r->start += (size_t)(nl - line) + (nl < r->buf + r->end ? 1 : 0);
		split(t, line, len);
	}
	return 1;
}

static struct tsv *finish_open(struct tsv *t)
{
	struct strmap seen;
	int m = read_line(t);

	if (m <= 0) {
		if (m == 0)
			pc_error_at(t->rd.name, 0, "empty input: no header line");
		tsv_close(t);
		return NULL;
	}
	t->ncols = t->nf;
	t->cols = xcalloc(t->ncols, sizeof(*t->cols));
	for (size_t i = 0; i < t->nf; i++)
		t->cols[i] = xstrndup(t->f[i].s, t->f[i].len);
	/* columns are found by name: a name given twice would be ambiguous */
	strmap_init(&seen);
	for (size_t i = 0; i < t->ncols; i++) {
		if (!strmap_put(&seen, t->cols[i], strlen(t->cols[i]), "", 0)) {
			pc_error_at(t->rd.name, 1, "duplicate column '%s'", t->cols[i]);
			strmap_free(&seen);
			tsv_close(t);
			return NULL;
		}
	}
	strmap_free(&seen);
	return t;
}

struct tsv *tsv_open(const char *path)
{
	struct tsv *t = xcalloc(1, sizeof(*t));

	if (rd_open(&t->rd, path) < 0) {
		free(t);
		return NULL;
	}
	return finish_open(t);
}

struct tsv *tsv_open_mem(const char *name, const void *data, size_t len)
{
	struct tsv *t = xcalloc(1, sizeof(*t));

	rd_open_mem(&t->rd, name, data, len);
	return finish_open(t);
}

struct tsv *tsv_open_rd(struct rd *r)
{
	struct tsv *t = xcalloc(1, sizeof(*t));

	t->rd = *r;
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	return finish_open(t);
}

void tsv_close(struct tsv *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	free(t->f);
	rd_close(&t->rd);
	free(t);
}

int tsv_next(struct tsv *t)
{
	int m = read_line(t);

	if (m <= 0)
		return m;
	if (t->nf != t->ncols)
		return pc_error_at(t->rd.name, t->line, "expected %zu fields, found %zu",
				   t->ncols, t->nf);
	return 1;
}

int tsv_column(const struct tsv *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i], name))
			return (int)i;
	return -1;
}

int tsv_require_column(const struct tsv *t, const char *name)
{
	int c = tsv_column(t, name);

	if (c < 0)
		return pc_error_at(t->rd.name, 1, "no column '%s' in the header", name);
	return c;
}

void tsv_put(FILE *fp, const char *s, size_t len)
{
	const char *run = s, *end = s + len;

	for (const char *p = s; p < end; p++) {
		char esc;

		switch (*p) {
		case '\t': esc = 't'; break;
		case '\n': esc = 'n'; break;
		case '\r': esc = 'r'; break;
		case '\\': esc = '\\'; break;
		default: continue;
		}
		fwrite_unlocked(run, 1, (size_t)(p - run), fp);
		putc_unlocked('\\', fp);
		putc_unlocked(esc, fp);
		run = p + 1;
	}
	fwrite_unlocked(run, 1, (size_t)(end - run), fp);
}

void tsv_puts(FILE *fp, const char *s)
{
	tsv_put(fp, s, strlen(s));
}

void tsv_put_float(FILE *fp, float v)
{
	char buf[32];

	if (isnan(v)) {
		fputs_unlocked("nan", fp);
		return;
	}
	/* shortest of %.6g..%.9g that reads back exactly */
	for (int prec = 6; prec <= 9; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, (double)v);
		if (strtof(buf, NULL) == v)
			break;
	}
	fputs_unlocked(buf, fp);
}

void tsv_put_double(FILE *fp, double v)
{
	char buf[40];

	if (isnan(v)) {
		fputs_unlocked("nan", fp);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	fputs_unlocked(buf, fp);
}
