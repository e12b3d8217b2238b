/*
 * pct: the tensor stream (.pct), the binary format that flows between pc-embed, pc-train,
 * pc-predict, pc-drift and pc-tensor (pc-formats(5) has the byte layout).
 *
 * Streamable: a self-describing header, then records, then an end marker with the row
 * count, so the writer never seeks and a truncated stream is always an error, never fewer
 * rows.  Each record carries the row id, the label (possibly empty), a dense float32 part
 * of the header's width and a sparse part of (index, value) pairs with strictly increasing
 * indices below the header's sparse width, and a checksum.  Little-endian.  Every size read
 * is bounded before anything is allocated.
 */
#ifndef PC_PCT_H
#define PC_PCT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rd.h"

#define PCT_VERSION 1
#define PCT_MAX_DENSE ((uint32_t)1 << 20)   /* dense columns */
#define PCT_MAX_SPARSE ((uint32_t)1 << 30)  /* sparse index space */
#define PCT_MAX_META ((uint32_t)1 << 24)    /* header metadata bytes */
#define PCT_MAX_ID ((uint32_t)1 << 16)      /* id and label bytes */

struct pct_header {
	uint32_t dense;     /* width of the dense part */
	uint32_t sparse;    /* size of the sparse index space (0: no sparse part) */
	char *featurizer;   /* hex digest of the featurizer that made the stream, or "" */
	char *spec;         /* free-form feature layout description, or "" */
	char **names;       /* dense column names (dense of them), or NULL */
};

struct pct_row {
	const char *id;     /* NUL-terminated */
	size_t id_len;
	const char *label;  /* NUL-terminated, "" when unlabelled */
	size_t label_len;
	const float *dense; /* header.dense values */
	uint32_t nnz;
	const uint32_t *idx;/* nnz strictly increasing indices < header.sparse */
	const float *val;   /* nnz values */
};

struct pct_reader;
struct pct_writer;

/* Open a stream ("-" or NULL: stdin) and read its header; NULL after reporting. */
struct pct_reader *pct_open(const char *path);
struct pct_reader *pct_open_mem(const char *name, const void *data, size_t len);
const struct pct_header *pct_header(const struct pct_reader *r);
const char *pct_name(const struct pct_reader *r);
/* Next row: 1, 0 after a valid end marker, -1 after reporting "file: row N (byte B): ...".
 * The row's pointers are valid until the next call. */
int pct_next(struct pct_reader *r, struct pct_row *row);
/* Rows read so far. */
uint64_t pct_rows(const struct pct_reader *r);
void pct_close(struct pct_reader *r);

/* Start a stream on `fp` (the header is written at once); `name` is for messages. */
struct pct_writer *pct_create(FILE *fp, const char *name, const struct pct_header *h);
/* Append a row; 0 or -1 after reporting (bad sparse indices, write error). */
int pct_write(struct pct_writer *w, const struct pct_row *row);
/* Write the end marker and free the writer; 0 or -1 after reporting. */
int pct_finish(struct pct_writer *w);
/* Free without an end marker (the output is to be discarded). */
void pct_discard(struct pct_writer *w);

/* Header helpers: deep copy and free. */
void pct_header_copy(struct pct_header *dst, const struct pct_header *src);
void pct_header_free(struct pct_header *h);

#endif
