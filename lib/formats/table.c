/* table: CSV or TSV through one interface; see table.h. */
#include "formats/table.h"
#include "base/msg.h"
#include "base/rd.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

const char *const table_format_names[] = { "auto", "csv", "tsv", NULL };

/* Look at the first line without consuming it: a tab makes it TSV. */
static int sniff(struct rd *r, enum table_format *format)
{
	size_t scanned = 0;

	for (;;) {
		const char *p = rd_ptr(r);
		const char *nl = rd_avail(r) > scanned ?
			memchr(p + scanned, '\n', rd_avail(r) - scanned) : NULL;
		size_t upto = nl ? (size_t)(nl - p) : rd_avail(r);
		int m;

		if (upto && memchr(p, '\t', upto)) {
			*format = TABLE_TSV;
			return 0;
		}
		if (nl) {
			*format = TABLE_CSV;
			return 0;
		}
		scanned = rd_avail(r);
		m = rd_more(r);
		if (m < 0)
			return -1;
		if (m == 0) {
			*format = TABLE_CSV;
			return 0;
		}
	}
}

struct table *table_open(const char *path, enum table_format format)
{
	struct table *t;
	struct rd r;

	if (rd_open(&r, path) < 0)
		return NULL;
	if (format == TABLE_AUTO && sniff(&r, &format) < 0) {
		rd_close(&r);
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	t->format = format;
	if (format == TABLE_CSV)
		t->csv = csv_open_rd(&r);
	else
		t->tsv = tsv_open_rd(&r);
	if (!t->csv && !t->tsv) {
		free(t);
		return NULL;
	}
	return t;
}

void table_close(struct table *t)
{
	if (!t)
		return;
	csv_close(t->csv);
	tsv_close(t->tsv);
	free(t);
}

int table_next(struct table *t)
{
	return t->csv ? csv_next(t->csv) : tsv_next(t->tsv);
}

size_t table_ncols(const struct table *t)
{
	return t->csv ? t->csv->ncols : t->tsv->ncols;
}

const char *table_colname(const struct table *t, size_t i)
{
	return t->csv ? t->csv->cols[i] : t->tsv->cols[i];
}

int table_column(const struct table *t, const char *name)
{
	return t->csv ? csv_column(t->csv, name) : tsv_column(t->tsv, name);
}

const char *table_field(const struct table *t, size_t i)
{
	return t->csv ? csv_field(t->csv, i) : t->tsv->f[i].s;
}

size_t table_len(const struct table *t, size_t i)
{
	return t->csv ? csv_len(t->csv, i) : t->tsv->f[i].len;
}

long table_line(const struct table *t)
{
	return t->csv ? t->csv->line : t->tsv->line;
}

const char *table_name(const struct table *t)
{
	return t->csv ? t->csv->rd.name : t->tsv->rd.name;
}
