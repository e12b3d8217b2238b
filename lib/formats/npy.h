/*
 * npy: NumPy's .npy array files, so that `numpy.load` reads every tensor the toolkit
 * exports (pc-tensor to-npy, the weights inside model archives) and the toolkit reads
 * arrays written by numpy.
 *
 * Byte layout (format 1.0, as numpy.save writes it; 2.0 and 3.0 are also read):
 *   6 bytes   magic 93 4e 55 4d 50 59 ("\x93NUMPY")
 *   1 byte    major version (1, 2 or 3), 1 byte minor version (0)
 *   u16 LE    header length H (version 1); u32 LE in versions 2 and 3
 *   H bytes   ASCII (UTF-8 in 3.0) Python dict literal, e.g.
 *             {'descr': '<f4', 'fortran_order': False, 'shape': (250000, 1024), }
 *             then spaces and one final '\n', so that 10 + H (12 + H for 2.0 and 3.0) is
 *             a multiple of 64.  The writer puts the keys in that order and, as numpy
 *             does, 21 - digits(shape[0]) spare spaces after the '}', so the first
 *             dimension can be patched in place; its headers are byte-identical to
 *             numpy.save's.
 *   data      prod(shape) items of the dtype, little-endian, C (row-major) order.
 *
 * Supported dtypes: '<f4' (float32), '<i4' (int32), '<i8' (int64); shapes of rank 0 to
 * NPY_MAX_DIM, fortran_order False.  The reader checks every key, bounds the shape, and
 * requires the data to be exactly prod(shape) items: a short or long file is an error.
 * Errors read "NAME: what is wrong".
 */
#ifndef PC_NPY_H
#define PC_NPY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NPY_MAX_DIM 8
#define NPY_MAX_HEADER ((size_t)1 << 16)   /* longest header the reader accepts */
#define NPY_STREAM UINT64_MAX              /* shape[0] of a writer that counts rows */

enum npy_dtype { NPY_F4, NPY_I4, NPY_I8 };

struct npy {
	enum npy_dtype dtype;
	int ndim;
	uint64_t shape[NPY_MAX_DIM];
	uint64_t count;     /* items: the product of the shape (1 for rank 0) */
	size_t nbytes;      /* count * itemsize */
	void *data;         /* the items, 16-byte aligned, owned by the struct */
};

size_t npy_itemsize(enum npy_dtype t);
/* "<f4", "<i4", "<i8". */
const char *npy_descr(enum npy_dtype t);

/* Parse a whole .npy image in memory (the data is copied); 0, or -1 after reporting. */
int npy_parse(const char *name, const void *buf, size_t len, struct npy *out);
/* Read a whole file ("-": stdin); 0, or -1 after reporting. */
int npy_load(const char *path, struct npy *out);
void npy_free(struct npy *a);

/* The header (magic to the final '\n') for an array, in a fresh buffer of *len bytes, a
 * multiple of 64.  Rank above NPY_MAX_DIM is a bug. */
char *npy_header(enum npy_dtype t, int ndim, const uint64_t *shape, size_t *len);

/* Write a whole array atomically (outfile); 0, or -1 after reporting. */
int npy_save(const char *path, enum npy_dtype t, int ndim, const uint64_t *shape,
	     const void *data);

/*
 * Streaming writer: rows (items of shape[1..ndim), or single items for rank 1) are
 * appended with npy_write().  With shape[0] == NPY_STREAM the number of rows is unknown
 * until npy_finish(), which seeks back to patch it into the header, so `fp` must be
 * seekable (npy_create reports it if not).  Otherwise npy_finish() checks that exactly
 * shape[0] rows arrived.  Rank must be 1 to NPY_MAX_DIM.
 */
struct npy_writer;

struct npy_writer *npy_create(FILE *fp, const char *name, enum npy_dtype t, int ndim,
			      const uint64_t *shape);
/* Append `rows` rows from `data` (native = little-endian items); 0 or -1 reported. */
int npy_write(struct npy_writer *w, const void *data, uint64_t rows);
uint64_t npy_rows(const struct npy_writer *w);
/* Patch the header if streaming, flush, free; 0 or -1 after reporting (freed anyway). */
int npy_finish(struct npy_writer *w);
void npy_discard(struct npy_writer *w);

#endif
