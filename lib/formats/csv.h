/*
 * csv: an RFC 4180 reader for the challenge's X and Y files.
 *
 * Comma-separated, fields optionally in double quotes, a doubled quote for a quote inside
 * them, quoted fields spanning lines; records end with LF, CRLF or CR.  Outside the RFC it
 * reads as Python's csv module does by default: a quote inside an unquoted field is kept,
 * text after a closing quote is appended to the field.  The first record is the header.
 * Fields are NUL-terminated and valid until the next call.
 */
#ifndef PC_CSV_H
#define PC_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "base/rd.h"

struct csv_field {
	size_t off; /* into the record buffer */
	size_t len;
};

struct csv {
	struct rd rd;
	long line;        /* line on which the current record starts */
	long next_line;   /* line on which the next record starts */
	char *rec;        /* unescaped fields, each NUL-terminated */
	size_t rec_len, rec_cap;
	struct csv_field *f;
	size_t nf, fcap;
	char **cols;
	size_t ncols;
	int check_width;  /* records must have as many fields as the header (default) */
};

struct csv *csv_open(const char *path);
struct csv *csv_open_mem(const char *name, const void *data, size_t len);
/* Take over an open reader (its state moves into the csv) and read the header. */
struct csv *csv_open_rd(struct rd *r);
void csv_close(struct csv *c);

/* Next record: 1, or 0 at the end, or -1 after reporting "file:line: ...". */
int csv_next(struct csv *c);

static inline size_t csv_nfields(const struct csv *c) { return c->nf; }
static inline const char *csv_field(const struct csv *c, size_t i) { return c->rec + c->f[i].off; }
static inline size_t csv_len(const struct csv *c, size_t i) { return c->f[i].len; }

int csv_column(const struct csv *c, const char *name);
int csv_require_column(const struct csv *c, const char *name);

/* Writing: a field quoted when it holds a comma, quote, CR or LF (quotes doubled), as
 * Python's csv module writes with QUOTE_MINIMAL.  Separate with csv_sep(), end records
 * with csv_eol() ("\r\n" when crlf, else "\n"). */
void csv_put(FILE *fp, const char *s, size_t len);
void csv_puts(FILE *fp, const char *s);
static inline void csv_sep(FILE *fp) { putc_unlocked(',', fp); }
static inline void csv_eol(FILE *fp, int crlf) { if (crlf) putc_unlocked('\r', fp); putc_unlocked('\n', fp); }

#endif
