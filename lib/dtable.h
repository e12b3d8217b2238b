/*
 * dtable: a TSV data set held as typed columns, for comparing two data sets column by
 * column.  A column is numerical while every present value reads as a number (exactly,
 * with fnum); the first value that does not turns it categorical, its earlier numbers
 * becoming categories by their shortest decimal form.  Empty fields and the usual missing
 * markers (NA, N/A, nan, NaN, null, None) are missing values.  Rows stay aligned across
 * columns, so row-wise quantities (predictions against labels) can be computed.
 */
#ifndef PC_DTABLE_H
#define PC_DTABLE_H

#include <stddef.h>
#include <stdint.h>

#define DTAB_MISSING UINT32_MAX

struct dtab_col {
	char *name;
	int numeric;
	double *v;          /* numerical: one value a row, NAN when missing */
	uint32_t *id;       /* categorical: one category a row, DTAB_MISSING when missing */
	char **cats;        /* categorical: the distinct values, in order of appearance */
	size_t ncats, catcap;
	uint32_t *ht;       /* hash of cats: index + 1, 0 for an empty slot */
	size_t htcap;
	size_t cap;         /* allocated rows */
	int v_shared;       /* v lies in the table's vblock (not freed on its own) */
};

struct dtab {
	char *name;         /* for messages */
	size_t nrows, ncols;
	struct dtab_col *cols;
	double *vblock;     /* the numerical columns' values, one block */
};

/* Read a whole TSV ("-": stdin); NULL after reporting "file:line: ...".  Regular files
 * are mapped, other inputs read into memory; the body is parsed on `threads` threads, in
 * chunks cut at line boundaries, into columns allocated once (the result does not depend
 * on the thread count). */
struct dtab *dtab_read_threads(const char *path, int threads);
struct dtab *dtab_read(const char *path);   /* one thread */
/* Read two files, one after the other, each on `threads` threads; 0, or -1 after
 * reporting. */
int dtab_read_pair(const char *p1, const char *p2, struct dtab **t1, struct dtab **t2,
		   int threads);
/* The same from TSV text in memory (tests). */
struct dtab *dtab_read_mem(const char *name, const char *text, size_t len);
void dtab_free(struct dtab *t);

/* n doubles (freed with free()), on transparent huge pages when large. */
double *dtab_alloc_values(size_t n);

/* Column by name, or NULL. */
struct dtab_col *dtab_column(const struct dtab *t, const char *name);
/* Make a numerical column categorical (its values become categories as text). */
void dtab_to_categorical(struct dtab_col *c, size_t nrows);
/* Category id of `s` in c, or DTAB_MISSING. */
uint32_t dtab_lookup(const struct dtab_col *c, const char *s, size_t len);
/* Whether a field is a missing-value marker. */
int dtab_is_missing(const char *s, size_t len);

#endif
