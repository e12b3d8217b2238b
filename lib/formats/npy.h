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
 * Supported dtypes: '<f4' (float32), '<i4' (int32), '<i8' (int64), '|u1' (uint8); shapes
 * of rank 0 to NPY_MAX_DIM, fortran_order False.  The reader checks every key, bounds the
 * shape, and requires the data to be exactly prod(shape) items: a short or long file is
 * an error.
 * Errors read "NAME: what is wrong"; for an entry of a model archive, NAME is
 * "ARCHIVE: ENTRY".
 *
 * Arrays in model archives (pcm.h) go in with npy_put and come out with npy_get, which
 * checks the dtype, the shape and (float32) that every value is finite, and hands the
 * items where they lie in the entry: no copy.
 */
#ifndef PC_NPY_H
#define PC_NPY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NPY_MAX_DIM 8
#define NPY_MAX_HEADER ((size_t)1 << 16)   /* longest header the reader accepts */
#define NPY_STREAM UINT64_MAX              /* shape[0] of a writer that counts rows */
#define NPY_ANY UINT64_MAX                 /* in an expected shape: any size */
#define NPY_SHAPE_STR_MAX (NPY_MAX_DIM * 22 + 4)

struct pcm;

enum npy_dtype { NPY_F4, NPY_I4, NPY_I8, NPY_U1 };

struct npy {
	enum npy_dtype dtype;
	int ndim;
	uint64_t shape[NPY_MAX_DIM];
	uint64_t count;     /* items: the product of the shape (1 for rank 0) */
	size_t nbytes;      /* count * itemsize */
	void *data;         /* the items, 16-byte aligned, owned by the struct */
};

/* An array where it lies (an archive entry, a header being checked): nothing owned. */
struct npy_view {
	enum npy_dtype dtype;
	int ndim;
	uint64_t shape[NPY_MAX_DIM];
	uint64_t count;
	size_t nbytes;
	const void *data;   /* NULL for a header alone */
};

size_t npy_itemsize(enum npy_dtype t);
/* "<f4", "<i4", "<i8", "|u1". */
const char *npy_descr(enum npy_dtype t);
/* "float32", "int32", "int64", "uint8". */
const char *npy_type_name(enum npy_dtype t);
/* A shape as Python prints it, "(27,)", "(250000, 1024)", "()", NPY_ANY as "*", in buf
 * (NPY_SHAPE_STR_MAX bytes hold any); returns buf. */
const char *npy_shape_str(int ndim, const uint64_t *shape, char *buf, size_t size);

/* The header at the start of buf[0..len) (the data need not follow): dtype, shape, count
 * and nbytes into *out (data NULL), the header's length into *data_off; 0, or -1 after
 * reporting "NAME: what". */
int npy_parse_header(const char *name, const void *buf, size_t len, struct npy_view *out,
		     size_t *data_off);
/* 0 if v has dtype t, rank ndim and the shape (NPY_ANY: any size), or -1 after reporting
 * "WHERE: float32 of shape (28,), expected float32 of shape (27,)". */
int npy_expect(const char *where, const struct npy_view *v, enum npy_dtype t, int ndim,
	       const uint64_t *shape);

/* For an archive reader's check (pcm.h, pcm_read_opts): the .npy header in the first
 * headlen bytes of entry `name` of `file`, `size` bytes in all: npy_expect's dtype and
 * shape, and exactly the header and the shape's items in size.  0 with *out the header
 * (data NULL), or -1 after reporting "FILE: NAME: what". */
int npy_check_head(const char *file, const char *name, uint64_t size,
		   const unsigned char *head, size_t headlen, enum npy_dtype t, int ndim,
		   const uint64_t *shape, struct npy_view *out);

/* Add the array (data: prod(shape) items) as entry `name` of archive a; 0 or -1 after
 * reporting. */
int npy_put(struct pcm *a, const char *name, enum npy_dtype t, int ndim, const uint64_t *shape,
	    const void *data);
/* The array in entry `name` of archive a, checked: the entry exists ("ARCHIVE: no entry
 * NAME"), is a well-formed .npy of exactly its shape's size, npy_expect's dtype and shape,
 * and for float32 every value finite ("ARCHIVE: NAME: value I is not finite").  0 with *out
 * pointing into the entry (valid while a lives; 16-byte aligned when the header's length
 * is a multiple of 16, as numpy and npy_header make it), or -1 after reporting. */
int npy_get(const struct pcm *a, const char *name, enum npy_dtype t, int ndim,
	    const uint64_t *shape, struct npy_view *out);
/* An archive reader's scan (pcm_read_opts): every value of a float32 .npy entry checked
 * finite as it comes in, while in cache, so that npy_get need not read it again ("FILE:
 * NAME: value I is not finite").  Other entries are left to npy_get (0). */
int npy_scan_finite(void *ctx, const struct pcm *sofar, const char *name,
		    const unsigned char *data, size_t from, size_t to);

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
