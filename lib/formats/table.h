/*
 * table: a header-first text table that is either CSV (the challenge's files) or TSV (the
 * toolkit's own), read through one interface.  With TABLE_AUTO the format is told from the
 * header line: a tab makes it TSV, otherwise CSV.
 */
#ifndef PC_TABLE_H
#define PC_TABLE_H

#include <stddef.h>

#include "formats/csv.h"
#include "formats/tsv.h"

enum table_format { TABLE_AUTO, TABLE_CSV, TABLE_TSV };

struct table {
	enum table_format format;
	struct csv *csv;
	struct tsv *tsv;
};

/* The formats' names by enum table_format, NULL-terminated. */
extern const char *const table_format_names[];

/* Open `path` ("-" or NULL: stdin) and read its header; NULL after reporting. */
struct table *table_open(const char *path, enum table_format format);
void table_close(struct table *t);

/* Next record: 1, 0 at the end, -1 after reporting. */
int table_next(struct table *t);

size_t table_ncols(const struct table *t);
const char *table_colname(const struct table *t, size_t i);
int table_column(const struct table *t, const char *name);
const char *table_field(const struct table *t, size_t i);
size_t table_len(const struct table *t, size_t i);
/* Line on which the current record starts, and the file name, for messages. */
long table_line(const struct table *t);
const char *table_name(const struct table *t);

#endif
