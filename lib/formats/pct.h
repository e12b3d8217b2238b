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
 *
 * Byte layout (all integers unsigned little-endian, floats IEEE 754 binary32 little-endian,
 * no padding anywhere; XXH3 is XXH3_64bits() with seed 0, stored as a u64):
 *
 *   header:
 *     8 bytes   magic 89 50 43 54 0d 0a 1a 0a ("\x89PCT\r\n\x1a\n")
 *     u32       version, 1
 *     u32       dense width D (<= PCT_MAX_DENSE)
 *     u32       sparse width S (<= PCT_MAX_SPARSE; 0: no sparse part)
 *     u32       metadata length M (<= PCT_MAX_META)
 *     M bytes   metadata: valid UTF-8 "key=value\n" lines, no NUL bytes.  Keys: featurizer,
 *               spec, names (the D dense column names joined by tabs, present only when
 *               D > 0 and names are known).  A key appears at most once; unknown keys are
 *               ignored; values hold no newline, names no tab.
 *     u64       XXH3 of every header byte before it (magic to the end of the metadata)
 *
 *   record, repeated:
 *     u32       tag 0x31574f52 (the bytes "ROW1")
 *     u32       id length I (<= PCT_MAX_ID)
 *     u32       label length L (<= PCT_MAX_ID; 0: unlabelled)
 *     u32       nnz, the number of sparse entries (<= S)
 *     I bytes   id, L bytes label (no NUL bytes)
 *     D x f32   dense values
 *     nnz x u32 sparse indices, strictly increasing, each < S
 *     nnz x f32 sparse values
 *     u64       XXH3 of the record from its tag to its last value
 *
 *   end marker:
 *     u32       tag 0x31444e45 (the bytes "END1")
 *     u64       number of records
 *     u64       XXH3 of the tag and the count (12 bytes)
 *
 * Nothing may follow the end marker.  A reader reports the first problem as
 * "NAME: header (byte B): what" or "NAME: row R (byte B): what", where R counts records
 * from 1 (the end marker is row count+1) and B is the offset of the record's first byte
 * (for data after the end marker, of the first byte after it).
 * Records larger than the reader's buffer bound (RD_DEFAULT_MAX) are refused.
 */
#ifndef PC_PCT_H
#define PC_PCT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/rd.h"

#define PCT_VERSION 1
#define PCT_MAX_DENSE ((uint32_t)1 << 20)   /* dense columns */
#define PCT_MAX_SPARSE ((uint32_t)1 << 30)  /* sparse index space */
#define PCT_MAX_META ((uint32_t)1 << 24)    /* header metadata bytes */
#define PCT_MAX_ID ((uint32_t)1 << 16)      /* id and label bytes */

#define PCT_MAGIC "\x89PCT\r\n\x1a\n"
#define PCT_TAG_ROW 0x31574f52u
#define PCT_TAG_END 0x31444e45u

struct pct_header {
	uint32_t dense;     /* width of the dense part */
	uint32_t sparse;    /* size of the sparse index space (0: no sparse part) */
	char *featurizer;   /* hex digest of the featurizer that made the stream, or "" */
	char *spec;         /* free-form feature layout description, or "" */
	char **names;       /* dense column names (dense of them), or NULL */
};

/*
 * A row as read or to be written.  Read rows have NUL-terminated id and label ("" when
 * unlabelled) and pointers valid until the next pct_next().  For pct_write() id_len and
 * label_len give the lengths (the strings need not be terminated; label may be NULL with
 * label_len 0), dense points at header.dense floats (NULL allowed when dense is 0).
 */
struct pct_row {
	const char *id;
	size_t id_len;
	const char *label;
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
/* Read from a copy of `len` bytes at `data`. */
struct pct_reader *pct_open_mem(const char *name, const void *data, size_t len);
/* Take over an open reader (its state moves into the stream; bytes already buffered, as
 * after peeking at the magic, are read first). */
struct pct_reader *pct_open_rd(struct rd *r);
const struct pct_header *pct_header(const struct pct_reader *r);
const char *pct_name(const struct pct_reader *r);
/* Next row: 1, 0 after a valid end marker (with nothing after it), -1 after reporting
 * "NAME: row R (byte B): ...".  The row's pointers are valid until the next call; dense,
 * idx and val are 16-byte aligned. */
int pct_next(struct pct_reader *r, struct pct_row *row);
/* Rows read so far. */
uint64_t pct_rows(const struct pct_reader *r);
/* 1 when every value of `row` (its `dense` dense values and its sparse values) is finite,
 * else 0.  The format carries any float; programs that compute with the values (pc-train,
 * pc-predict) refuse a row that holds an infinity or a NaN. */
int pct_row_finite(const struct pct_row *row, uint32_t dense);
/* 1 once the stream has been found bad (or could not be read), else 0: tells a caller
 * whose copy failed whether to blame its input or its output. */
int pct_failed(const struct pct_reader *r);
void pct_close(struct pct_reader *r);

/* Start a stream on `fp` (the header is written at once); `name` is for messages.  NULL
 * after reporting a header that cannot be written (widths out of bounds, a newline in a
 * value, a tab or newline in a column name, a write error). */
struct pct_writer *pct_create(FILE *fp, const char *name, const struct pct_header *h);
/* Append a row; 0 or -1 after reporting "NAME: row R: ..." (id or label too long or
 * holding a NUL byte, nnz above the sparse width, indices not strictly increasing or out
 * of range, write error).  A refused row leaves the writer usable. */
int pct_write(struct pct_writer *w, const struct pct_row *row);
/* Append, byte for byte, the record that pct_next() last returned from `r` (fast copy;
 * `r` must have the writer's dense width and a sparse width no larger).  0 or -1. */
int pct_write_last(struct pct_writer *w, const struct pct_reader *r);
/* Rows written so far. */
uint64_t pct_written(const struct pct_writer *w);
/* Write the end marker, flush `fp` and free the writer; 0 or -1 after reporting (the
 * writer is freed either way). */
int pct_finish(struct pct_writer *w);
/* Free without an end marker (the output is to be discarded). */
void pct_discard(struct pct_writer *w);

/* Header helpers: deep copy and free (the struct itself is the caller's). */
void pct_header_copy(struct pct_header *dst, const struct pct_header *src);
void pct_header_free(struct pct_header *h);

#endif
