/*
 * pctconv: what pc-tensor does with tensor streams: summarise them, copy them, view them
 * as TSV, export them to .npy (dense matrix plus a CSR triple for the sparse part), and
 * build them from numeric TSV columns.
 *
 * Every function returns 0, or -1 after reporting; the caller owns the reader, and
 * output files are opened and committed (or discarded) here only where noted.
 */
#ifndef PC_PCTCONV_H
#define PC_PCTCONV_H

#include <stdint.h>
#include <stdio.h>

#include "formats/pct.h"
#include "formats/tsv.h"

/* Read the whole stream (so truncation is reported), then print "key<TAB>value" lines:
 * version, dense, sparse, featurizer, spec, names (only when the header has them; the
 * names follow as further tab-separated fields), rows, labelled, nnz_total, nnz_min,
 * nnz_max, nnz_mean. */
int pctconv_info(struct pct_reader *r, FILE *out);

/* Copy up to `limit` rows (UINT64_MAX: all, through the end marker) as a .pct stream. */
int pctconv_copy(struct pct_reader *r, FILE *out, const char *outname, uint64_t limit);

/* Up to `limit` rows as TSV: columns id, label, the dense column names (d0, d1, ... when
 * the header has none), and "sparse" ("index:value" pairs separated by spaces) when the
 * sparse width is not 0.  Floats in their shortest round-trip form. */
int pctconv_tsv(struct pct_reader *r, FILE *out, uint64_t limit);

/* Export to `npy_path` (N x dense <f4), `rows_path` (TSV id, label; NULL: npy_path with
 * ".npy" replaced by ".rows.tsv") and, when the sparse width is not 0, the CSR triple
 * BASE.indptr.npy (<i8, N+1), BASE.indices.npy (<i4), BASE.data.npy (<f4).  All outputs
 * are atomic and committed only once the whole stream has been read. */
int pctconv_npy(struct pct_reader *r, const char *npy_path, const char *rows_path);

struct pctconv_tsv_opts {
	const char *id_col;     /* NULL: "id" if present, else row numbers from 1 */
	const char *label_col;  /* NULL: "label" if present, else unlabelled */
	const char *columns;    /* comma-separated dense columns; NULL: every other column */
	const char *sparse_col; /* NULL: "sparse" if present (unless named in columns) */
	uint32_t sparse_width;  /* required when there is a sparse column */
	const char *featurizer; /* header metadata, or NULL */
	const char *spec;
};

/* Build a stream from the TSV `t`: dense columns parsed as float32 (a bad value is
 * "FILE:LINE: column 'x': 'abc' is not a number"), the sparse column as "index:value"
 * pairs.  *rows_out gets the number of data lines read. */
int pctconv_from_tsv(struct tsv *t, const struct pctconv_tsv_opts *o, FILE *out,
		     const char *outname, uint64_t *rows_out);

#endif
