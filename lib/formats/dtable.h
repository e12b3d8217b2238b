/*
 * dtable: a TSV data set held as typed columns, for comparing two data sets column by
 * column.  A column is numerical while every present value reads as a number (exactly,
 * with fnum); the first value that does not turns it categorical, its earlier numbers
 * becoming categories by their shortest decimal form.  Empty fields and the usual missing
 * markers (NA, N/A, nan, NaN, null, None) are missing values.  So are non-finite numbers
 * (inf, -inf, Infinity, NAN, -nan, 1e999: what strtod reads as infinite or not a number),
 * which never make a column categorical; a numerical column counts them (`nonfinite`), and
 * the readers warn once a file when there are any.  Rows stay aligned across columns, so
 * row-wise quantities (predictions against labels) can be computed.
 *
 * Lines are limited to RD_MAX_LINE bytes (rd.h); a header naming a column twice is
 * refused as "file:1: duplicate column 'x'".
 */
#ifndef PC_DTABLE_H
#define PC_DTABLE_H

#include <stddef.h>
#include <stdint.h>

#define DTAB_MISSING UINT32_MAX

/*
 * A numerical column holds a 32-bit code a row, half the memory of doubles (page faults
 * dominate reading where memory is expensive to touch, as in virtual machines).  Most
 * numbers in data files are short decimals: the code keeps the sign, an integer m < 2^26
 * and a count d <= 22 of decimals, and m / 10^d is one correctly rounded division of two
 * exact doubles, the double strtod reads.  Other numbers go whole, in row order, to the
 * column's `exact` list.  Read the values with dtable_values().
 */
struct dtable_col {
	char *name;
	int numeric;
	uint32_t *code;     /* numerical: one code a row */
	double *exact;      /* numerical: the values no code holds, in row order */
	size_t nexact, exactcap;
	uint32_t *id;       /* categorical: one category a row, DTAB_MISSING when missing */
	char **cats;        /* categorical: the distinct values, in order of appearance */
	size_t ncats, catcap;
	uint32_t *ht;       /* hash of cats: index + 1, 0 for an empty slot */
	size_t htcap;
	size_t cap;         /* allocated rows */
	size_t nonfinite;   /* numerical: non-finite numbers read as missing values */
};

struct dtable {
	char *name;         /* for messages */
	size_t nrows, ncols;
	struct dtable_col *cols;
};

/* Read a whole TSV ("-": stdin) block by block, each block parsed on `threads` threads
 * in chunks cut at line boundaries (the result does not depend on the thread count);
 * NULL after reporting "file:line: ...". */
struct dtable *dtable_read_threads(const char *path, int threads);
struct dtable *dtable_read(const char *path);   /* one thread */
/* Read two files, one after the other, each on `threads` threads; 0, or -1 after
 * reporting. */
int dtable_read_pair(const char *p1, const char *p2, struct dtable **t1, struct dtable **t2,
		   int threads);
/* Bytes read at a time (0: the default, 16 MiB); tests make it small to cross many
 * block boundaries. */
void dtable_set_block(size_t bytes);
/* The same from TSV text in memory (tests). */
struct dtable *dtable_read_mem(const char *name, const char *text, size_t len);
void dtable_free(struct dtable *t);

/* The values of numerical column c in rows [0, nrows) into out[]: every row, NAN for a
 * missing value, or with skip_missing the present values only.  How many were written. */
size_t dtable_values(const struct dtable_col *c, size_t nrows, double *out, int skip_missing);

/* Column by name, or NULL. */
struct dtable_col *dtable_column(const struct dtable *t, const char *name);
/* Make a numerical column categorical (its values become categories as text). */
void dtable_to_categorical(struct dtable_col *c, size_t nrows);
/* Category id of `s` in c, or DTAB_MISSING. */
uint32_t dtable_lookup(const struct dtable_col *c, const char *s, size_t len);
/* Whether a field is a missing-value marker. */
int dtable_is_missing(const char *s, size_t len);
/* Whether s[0..len) (followed by a NUL) is a non-finite number, whole, without spaces:
 * inf, infinity or nan in any case, nan(...), with an optional sign, or a decimal number
 * too large for a double (1e999). */
int dtable_is_nonfinite(const char *s, size_t len);

#endif
