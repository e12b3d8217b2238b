/*
 * tsv: the toolkit's tab-separated text format (pc-formats(5)).
 *
 * UTF-8, a header line of column names, one record a line, every record as many fields as
 * the header.  Inside a field a backslash escapes tab (\t), newline (\n), carriage return
 * (\r) and itself (\\), so any text round-trips.  The reader streams: a record's fields
 * point into the reader's buffer, NUL-terminated and unescaped, valid until the next call.
 * An unknown escape is kept as it is; a CR before the newline is dropped.
 */
#ifndef PC_TSV_H
#define PC_TSV_H

#include <stddef.h>
#include <stdio.h>

#include "base/rd.h"

struct tsv_field {
	char *s;
	size_t len;
};

struct tsv {
	struct rd rd;
	long line;                 /* line number of the current record */
	struct tsv_field *f;       /* fields of the current record */
	size_t nf, fcap;
	char **cols;               /* header column names */
	size_t ncols;
};

/* Open and read the header; return NULL after reporting an error. */
struct tsv *tsv_open(const char *path);
struct tsv *tsv_open_mem(const char *name, const void *data, size_t len);
/* Take over an open reader (its state moves into the tsv) and read the header. */
struct tsv *tsv_open_rd(struct rd *r);
void tsv_close(struct tsv *t);

/* Read the next record: 1, or 0 at the end, or -1 after reporting "file:line: ...". */
int tsv_next(struct tsv *t);

/* Index of the header column `name`, or -1. */
int tsv_column(const struct tsv *t, const char *name);
/* Like tsv_column, but reports "file: no column NAME" and returns -1 when absent. */
int tsv_require_column(const struct tsv *t, const char *name);

static inline const char *tsv_name(const struct tsv *t) { return t->rd.name; }

/* Unescape len bytes of a field from src into dst (dst == src is fine: it only shrinks),
 * NUL-terminated; the length.  An unknown escape is kept as it is. */
size_t tsv_unescape(char *dst, const char *src, size_t len);

/* Writing: a field escaped, then tsv_sep() between fields and tsv_eol() after the last. */
void tsv_put(FILE *fp, const char *s, size_t len);
void tsv_puts(FILE *fp, const char *s);
static inline void tsv_sep(FILE *fp) { putc_unlocked('\t', fp); }
static inline void tsv_eol(FILE *fp) { putc_unlocked('\n', fp); }
/* A float in the shortest form that reads back to the same value ("%.9g" trimmed). */
void tsv_put_float(FILE *fp, float v);
void tsv_put_double(FILE *fp, double v);

#endif
