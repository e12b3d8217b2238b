/* Unit tests for the tensor area: the .pct stream (pct) and .npy files (npy). */
#include "base/msg.h"
#include "formats/npy.h"
#include "formats/pct.h"
#include "base/xalloc.h"

#include "../testutil.h"

#include <math.h>
#include <stdint.h>
#include <xxhash.h>

static char lastmsg[4096];

/* ---- helpers ---- */

/* A stream in memory: 4 rows, dense 3 (named), sparse width 100, with empty labels, an
 * empty sparse part and an empty id; *offs gets each record's offset and the end's. */
static char *sample_stream(size_t *len, size_t offs[5])
{
	static const char *names[] = { "alpha", "beta", "gamma" };
	struct pct_header h = { 3, 100, "abc123", "spec with = sign", (char **)names };
	static const uint32_t idx0[] = { 0, 5, 99 }, idx2[] = { 7 };
	static const float val0[] = { 1.5f, -2, 1e-30f }, val2[] = { 42 };
	static const float d[4][3] = { { 1, 2, 3 }, { -0.0f, 0.1f, 1e10f },
				       { NAN, INFINITY, 3.25f }, { 0, 0, 0 } };
	struct pct_row rows[4] = {
		{ "p1", 2, "10", 2, d[0], 3, idx0, val0 },
		{ "p2", 2, "", 0, d[1], 0, NULL, NULL },
		{ "tab\there", 8, "2583", 4, d[2], 1, idx2, val2 },
		{ "", 0, NULL, 0, d[3], 0, NULL, NULL },
	};
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	struct pct_writer *w = pct_create(fp, "mem", &h);

	ck_assert_ptr_nonnull(w);
	fflush(fp);
	for (int i = 0; i < 4; i++) {
		if (offs) {
			offs[i] = i ? offs[i - 1] : size;
			if (i)
				offs[i] += 16 + rows[i - 1].id_len + rows[i - 1].label_len + 12 +
					   rows[i - 1].nnz * 8 + 8;
		}
		ck_assert_int_eq(pct_write(w, &rows[i]), 0);
	}
	if (offs)
		offs[4] = offs[3] + 16 + 12 + 8;
	ck_assert_int_eq(pct_finish(w), 0);
	fclose(fp);
	*len = size;
	return buf;
}

/* Read a whole stream; returns the last pct_next() result (or -2 if open failed). */
static int read_all(const char *data, size_t len, uint64_t *rows)
{
	struct pct_reader *r = pct_open_mem("s.pct", data, len);
	struct pct_row row;
	int m;

	if (!r)
		return -2;
	while ((m = pct_next(r, &row)) > 0)
		;
	if (rows)
		*rows = pct_rows(r);
	pct_close(r);
	return m;
}

static void put32(char *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(char *p, uint64_t v) { memcpy(p, &v, 8); }

/* A header with the given fields and metadata, checksummed. */
static size_t make_header(char *buf, uint32_t version, uint32_t dense, uint32_t sparse,
			  const char *meta)
{
	size_t m = strlen(meta);

	memcpy(buf, PCT_MAGIC, 8);
	put32(buf + 8, version);
	put32(buf + 12, dense);
	put32(buf + 16, sparse);
	put32(buf + 20, (uint32_t)m);
	memcpy(buf + 24, meta, m);
	put64(buf + 24 + m, XXH3_64bits(buf, 24 + m));
	return 24 + m + 8;
}

static size_t make_end(char *buf, uint64_t count)
{
	put32(buf, PCT_TAG_END);
	put64(buf + 4, count);
	put64(buf + 12, XXH3_64bits(buf, 12));
	return 20;
}

/* ---- pct ---- */

START_TEST(test_pct_roundtrip)
{
	size_t len;
	char *buf = sample_stream(&len, NULL);
	struct pct_reader *r = pct_open_mem("s.pct", buf, len);
	const struct pct_header *h;
	struct pct_row row;

	ck_assert_ptr_nonnull(r);
	h = pct_header(r);
	ck_assert_uint_eq(h->dense, 3);
	ck_assert_uint_eq(h->sparse, 100);
	ck_assert_str_eq(h->featurizer, "abc123");
	ck_assert_str_eq(h->spec, "spec with = sign");
	ck_assert_ptr_nonnull(h->names);
	ck_assert_str_eq(h->names[0], "alpha");
	ck_assert_str_eq(h->names[2], "gamma");

	ck_assert_int_eq(pct_next(r, &row), 1);
	ck_assert_str_eq(row.id, "p1");
	ck_assert_str_eq(row.label, "10");
	ck_assert_float_eq(row.dense[2], 3);
	ck_assert_uint_eq(row.nnz, 3);
	ck_assert_uint_eq(row.idx[2], 99);
	ck_assert_float_eq(row.val[1], -2);
	ck_assert_float_eq(row.val[2], 1e-30f);
	ck_assert_uint_eq((uintptr_t)row.dense % 16, 0);

	ck_assert_int_eq(pct_next(r, &row), 1);
	ck_assert_str_eq(row.label, "");
	ck_assert_uint_eq(row.label_len, 0);
	ck_assert(signbit(row.dense[0]));
	ck_assert_float_eq(row.dense[2], 1e10f);
	ck_assert_uint_eq(row.nnz, 0);

	ck_assert_int_eq(pct_next(r, &row), 1);
	ck_assert_str_eq(row.id, "tab\there");
	ck_assert(isnan(row.dense[0]));
	ck_assert(isinf(row.dense[1]));
	ck_assert_uint_eq(row.idx[0], 7);

	ck_assert_int_eq(pct_next(r, &row), 1);
	ck_assert_str_eq(row.id, "");
	ck_assert_int_eq(pct_next(r, &row), 0);
	ck_assert_int_eq(pct_next(r, &row), 0);
	ck_assert_uint_eq(pct_rows(r), 4);
	ck_assert_int_eq(pct_failed(r), 0);
	pct_close(r);
	free(buf);
}
END_TEST

START_TEST(test_pct_file_and_copy)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "x.pct"), *back;
	size_t len, blen;
	char *buf = sample_stream(&len, NULL);
	struct pct_reader *r;
	struct pct_header copy;
	struct pct_row row;
	char *out = NULL;
	size_t osize = 0;
	FILE *fp = open_memstream(&out, &osize);
	struct pct_writer *w;

	tu_write_file(path, buf, len);
	r = pct_open(path);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(pct_name(r), path);
	pct_header_copy(&copy, pct_header(r));
	w = pct_create(fp, "copy", &copy);
	pct_header_free(&copy);
	while (pct_next(r, &row) > 0)
		ck_assert_int_eq(pct_write(w, &row), 0);
	ck_assert_uint_eq(pct_written(w), 4);
	ck_assert_int_eq(pct_finish(w), 0);
	fclose(fp);
	pct_close(r);
	/* re-encoding a stream reproduces it byte for byte */
	ck_assert_uint_eq(osize, len);
	ck_assert_int_eq(memcmp(out, buf, len), 0);
	back = tu_read_file(path, &blen);
	ck_assert_uint_eq(blen, len);
	free(back);
	free(out);
	free(buf);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_pct_zero_rows)
{
	struct pct_header h = { 0 };
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	struct pct_writer *w = pct_create(fp, "mem", &h);
	struct pct_reader *r;
	struct pct_row row;

	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(pct_finish(w), 0);
	fclose(fp);
	ck_assert_uint_eq(size, 32 + 20);
	r = pct_open_mem("z.pct", buf, size);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(pct_header(r)->names);
	ck_assert_str_eq(pct_header(r)->featurizer, "");
	ck_assert_int_eq(pct_next(r, &row), 0);
	ck_assert_uint_eq(pct_rows(r), 0);
	pct_close(r);
	free(buf);
}
END_TEST

START_TEST(test_pct_every_truncation)
{
	size_t len, offs[5];
	char *buf = sample_stream(&len, offs);
	char want[256];
	uint64_t rows;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_uint_eq(offs[4] + 20, len);
	ck_assert_int_eq(read_all(buf, len, &rows), 0);
	ck_assert_uint_eq(rows, 4);
	for (size_t cut = 0; cut < len; cut++) {
		int m = read_all(buf, cut, &rows);

		if (cut < offs[0]) {
			ck_assert_int_eq(m, -2);
			ck_assert_msg(strstr(lastmsg, "s.pct: header (byte 0): ") &&
				      (strstr(lastmsg, "truncated header") ||
				       strstr(lastmsg, "empty input")),
				      "cut %zu: %s", cut, lastmsg);
			continue;
		}
		ck_assert_msg(m == -1, "cut %zu read as a whole stream", cut);
		for (int k = 0; k < 5; k++) {
			if (cut >= offs[k] && (k == 4 || cut < offs[k + 1])) {
				snprintf(want, sizeof(want), "s.pct: row %d (byte %zu): ", k + 1,
					 offs[k]);
				ck_assert_uint_eq(rows, (uint64_t)k);
			}
		}
		ck_assert_msg(strstr(lastmsg, want), "cut %zu: got %s, want %s", cut, lastmsg, want);
		ck_assert_msg(strstr(lastmsg, "truncated") || strstr(lastmsg, "without an end marker"),
			      "cut %zu: %s", cut, lastmsg);
		ck_assert_ptr_eq(strchr(lastmsg, '\n'), lastmsg + strlen(lastmsg) - 1);
	}
	pc_msg_capture(NULL, 0);
	free(buf);
}
END_TEST

START_TEST(test_pct_flipped_bits)
{
	size_t len;
	char *buf = sample_stream(&len, NULL);

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			buf[i] ^= (char)(1 << bit);
			ck_assert_msg(read_all(buf, len, NULL) < 0, "flip of byte %zu bit %d passed",
				      i, bit);
			buf[i] ^= (char)(1 << bit);
		}
	}
	pc_msg_capture(NULL, 0);
	ck_assert_int_eq(read_all(buf, len, NULL), 0);
	free(buf);
}
END_TEST

START_TEST(test_pct_trailing_and_count)
{
	size_t len;
	char *buf = sample_stream(&len, NULL);
	char *more = xmalloc(len + 1);
	char hdr[256];
	size_t n;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	memcpy(more, buf, len);
	more[len] = '\n';
	ck_assert_int_eq(read_all(more, len + 1, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "trailing data after the end marker"));

	/* an end marker with a valid checksum but the wrong count */
	n = make_header(hdr, 1, 0, 0, "");
	n += make_end(hdr + n, 3);
	ck_assert_int_eq(read_all(hdr, n, NULL), -1);
	ck_assert_str_eq(lastmsg,
			 "pc-test: s.pct: row 1 (byte 32): end marker counts 3 rows, the stream has 0\n");

	/* a record whose tag is wrong */
	n = make_header(hdr, 1, 0, 0, "");
	memcpy(hdr + n, "ROW2", 4);
	ck_assert_int_eq(read_all(hdr, n + 4, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "row 1 (byte 32): bad record tag 0x32574f52"));
	pc_msg_capture(NULL, 0);
	free(more);
	free(buf);
}
END_TEST

START_TEST(test_pct_header_bounds)
{
	char hdr[1024];
	size_t n;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	n = make_header(hdr, 1, 1u << 31, 0, "");
	ck_assert_ptr_null(pct_open_mem("h.pct", hdr, n));
	ck_assert_str_eq(lastmsg,
			 "pc-test: h.pct: header (byte 12): dense width 2147483648 exceeds the limit of 1048576\n");
	n = make_header(hdr, 1, 0, 0xffffffffu, "");
	ck_assert_ptr_null(pct_open_mem("h.pct", hdr, n));
	ck_assert_ptr_nonnull(strstr(lastmsg, "sparse width 4294967295 exceeds"));
	n = make_header(hdr, 2, 0, 0, "");
	ck_assert_ptr_null(pct_open_mem("h.pct", hdr, n));
	ck_assert_ptr_nonnull(strstr(lastmsg, "unsupported version 2"));
	/* a metadata length of 4 GB is refused before anything is read or allocated */
	n = make_header(hdr, 1, 0, 0, "");
	put32(hdr + 20, 0xfffffff0u);
	ck_assert_ptr_null(pct_open_mem("h.pct", hdr, n));
	ck_assert_ptr_nonnull(strstr(lastmsg, "metadata length 4294967280 exceeds"));
	ck_assert_ptr_null(pct_open_mem("h.pct", "GIF89a..............................", 36));
	ck_assert_ptr_nonnull(strstr(lastmsg, "not a tensor stream (bad magic)"));
	ck_assert_ptr_null(pct_open_mem("h.pct", "", 0));
	ck_assert_ptr_nonnull(strstr(lastmsg, "empty input"));
	/* metadata */
	n = make_header(hdr, 1, 2, 0, "names=a\tb\tc\n");
	ck_assert_ptr_null(pct_open_mem("h.pct", hdr, n));
	ck_assert_ptr_nonnull(strstr(lastmsg, "metadata names 3 columns, the dense width is 2"));
	n = make_header(hdr, 1, 0, 0, "spec=x\nnoequals\n");
	ck_assert_ptr_null(pct_open_mem("h.pct", hdr, n));
	ck_assert_ptr_nonnull(strstr(lastmsg, "metadata line 2 has no '='"));
	n = make_header(hdr, 1, 0, 0, "spec=x");
	ck_assert_ptr_null(pct_open_mem("h.pct", hdr, n));
	ck_assert_ptr_nonnull(strstr(lastmsg, "does not end with a newline"));
	n = make_header(hdr, 1, 0, 0, "spec=caf\xe9\n");
	ck_assert_ptr_null(pct_open_mem("h.pct", hdr, n));
	ck_assert_ptr_nonnull(strstr(lastmsg, "header (byte 24): metadata is not valid UTF-8"));
	n = make_header(hdr, 1, 0, 0, "spec=x\nspec=y\n");
	ck_assert_ptr_null(pct_open_mem("h.pct", hdr, n));
	ck_assert_ptr_nonnull(strstr(lastmsg, "'spec' appears twice"));
	pc_msg_capture(NULL, 0);
	{
		/* unknown keys are ignored */
		struct pct_reader *r;

		n = make_header(hdr, 1, 2, 0, "future=1\nnames=x\ty\nspec=s\n");
		n += make_end(hdr + n, 0);
		r = pct_open_mem("h.pct", hdr, n);
		ck_assert_ptr_nonnull(r);
		ck_assert_str_eq(pct_header(r)->names[1], "y");
		ck_assert_str_eq(pct_header(r)->spec, "s");
		pct_close(r);
	}
}
END_TEST

START_TEST(test_pct_record_bounds)
{
	char buf[1024];
	size_t n;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	/* nnz above the sparse width: refused before the record is read */
	n = make_header(buf, 1, 0, 10, "");
	put32(buf + n, PCT_TAG_ROW);
	put32(buf + n + 4, 0);
	put32(buf + n + 8, 0);
	put32(buf + n + 12, 11);
	ck_assert_int_eq(read_all(buf, n + 16, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "row 1 (byte 32): 11 sparse entries exceed the sparse width 10"));
	put32(buf + n + 4, 1u << 20);
	ck_assert_int_eq(read_all(buf, n + 16, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "id length 1048576 exceeds"));
	/* a record with decreasing indices but a valid checksum */
	{
		uint32_t idx[2] = { 5, 3 };
		float val[2] = { 1, 2 };
		size_t rec = n;

		put32(buf + n + 4, 1);
		put32(buf + n + 12, 2);
		n += 16;
		buf[n++] = 'x';
		memcpy(buf + n, idx, 8);
		memcpy(buf + n + 8, val, 8);
		n += 16;
		put64(buf + n, XXH3_64bits(buf + rec, n - rec));
		n += 8;
		ck_assert_int_eq(read_all(buf, n, NULL), -1);
		ck_assert_ptr_nonnull(strstr(lastmsg, "sparse indices not strictly increasing (3 after 5)"));
		idx[0] = 12;
		memcpy(buf + rec + 17, idx, 8);
		put64(buf + n - 8, XXH3_64bits(buf + rec, n - 8 - rec));
		ck_assert_int_eq(read_all(buf, n, NULL), -1);
		ck_assert_ptr_nonnull(strstr(lastmsg, "sparse index 12 out of range (width 10)"));
		/* NUL in the id */
		idx[0] = 1;
		memcpy(buf + rec + 17, idx, 8);
		buf[rec + 16] = '\0';
		put64(buf + n - 8, XXH3_64bits(buf + rec, n - 8 - rec));
		ck_assert_int_eq(read_all(buf, n, NULL), -1);
		ck_assert_ptr_nonnull(strstr(lastmsg, "id holds a NUL byte"));
		buf[rec + 16] = 'x';
		put64(buf + n - 8, XXH3_64bits(buf + rec, n - 8 - rec));
		n += make_end(buf + n, 1);
		ck_assert_int_eq(read_all(buf, n, NULL), 0);
	}
	pc_msg_capture(NULL, 0);
}
END_TEST

START_TEST(test_pct_writer_rejects)
{
	struct pct_header h = { 2, 10, NULL, NULL, NULL };
	static const float d[2] = { 1, 2 };
	uint32_t idx[3] = { 1, 4, 4 };
	float val[3] = { 1, 1, 1 };
	struct pct_row row = { "a", 1, "", 0, d, 3, idx, val };
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	struct pct_writer *w;
	const char *bad_names[] = { "ok", "tab\there" };

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	w = pct_create(fp, "w.pct", &h);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(pct_write(w, &row), -1);
	ck_assert_str_eq(lastmsg, "pc-test: w.pct: row 1: sparse indices not strictly increasing (4 after 4)\n");
	idx[2] = 10;
	ck_assert_int_eq(pct_write(w, &row), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "row 1: sparse index 10 out of range (width 10)"));
	row.nnz = 11;
	ck_assert_int_eq(pct_write(w, &row), -1);
	row.nnz = 1;
	row.id = "a\0b";
	row.id_len = 3;
	ck_assert_int_eq(pct_write(w, &row), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "id holds a NUL byte"));
	row.id_len = 1;
	/* the writer is still usable after refusing rows */
	ck_assert_int_eq(pct_write(w, &row), 0);
	ck_assert_int_eq(pct_finish(w), 0);
	fclose(fp);
	ck_assert_int_eq(read_all(buf, size, NULL), 0);
	free(buf);

	h.dense = PCT_MAX_DENSE + 1;
	ck_assert_ptr_null(pct_create(stdout, "w.pct", &h));
	ck_assert_ptr_nonnull(strstr(lastmsg, "dense width 1048577 exceeds"));
	h.dense = 2;
	h.names = (char **)bad_names;
	ck_assert_ptr_null(pct_create(stdout, "w.pct", &h));
	ck_assert_ptr_nonnull(strstr(lastmsg, "column name holds a tab"));
	h.names = NULL;
	h.spec = "caf\xe9";
	ck_assert_ptr_null(pct_create(stdout, "w.pct", &h));
	ck_assert_ptr_nonnull(strstr(lastmsg, "spec is not valid UTF-8"));
	h.spec = "two\nlines";
	ck_assert_ptr_null(pct_create(stdout, "w.pct", &h));
	ck_assert_ptr_nonnull(strstr(lastmsg, "spec holds a newline"));
	pc_msg_capture(NULL, 0);
}
END_TEST

/* ---- npy ---- */

START_TEST(test_npy_header_layout)
{
	uint64_t shape[2] = { 3, 4 };
	size_t len;
	char *h = npy_header(NPY_F4, 2, shape, &len);
	const char *want = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";

	ck_assert_uint_eq(len % 64, 0);
	ck_assert_uint_eq(len, 128);
	ck_assert_int_eq(memcmp(h, "\x93NUMPY\x01\x00", 8), 0);
	ck_assert_uint_eq((unsigned char)h[8] | (unsigned char)h[9] << 8, len - 10);
	ck_assert_int_eq(memcmp(h + 10, want, strlen(want)), 0);
	ck_assert_int_eq(h[len - 1], '\n');
	free(h);
	h = npy_header(NPY_I8, 1, shape, &len);
	ck_assert_ptr_nonnull(strstr(h + 10, "'shape': (3,), }"));
	free(h);
	h = npy_header(NPY_I4, 0, shape, &len);
	ck_assert_ptr_nonnull(strstr(h + 10, "'descr': '<i4', 'fortran_order': False, 'shape': (), }"));
	ck_assert_uint_eq(len, 128);
	free(h);
	/* numpy's uint8 has no byte order: '|u1' */
	h = npy_header(NPY_U1, 1, shape, &len);
	ck_assert_ptr_nonnull(strstr(h + 10, "'descr': '|u1', 'fortran_order': False, 'shape': (3,), }"));
	free(h);
}
END_TEST

START_TEST(test_npy_roundtrip)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "a.npy");
	float f[6] = { 1, -2.5f, 3e-38f, NAN, 0, 6 };
	int64_t l[3] = { INT64_MIN, 0, INT64_MAX };
	int32_t i4 = -7;
	uint8_t u1[3] = { 0, 0x81, 0xff };
	uint64_t s23[2] = { 2, 3 }, s3[1] = { 3 }, s0[3] = { 4, 0, 2 };
	struct npy a;

	ck_assert_int_eq(npy_save(path, NPY_F4, 2, s23, f), 0);
	ck_assert_int_eq(npy_load(path, &a), 0);
	ck_assert_int_eq(a.dtype, NPY_F4);
	ck_assert_int_eq(a.ndim, 2);
	ck_assert_uint_eq(a.shape[1], 3);
	ck_assert_uint_eq(a.count, 6);
	ck_assert_int_eq(memcmp(a.data, f, sizeof(f)), 0);
	ck_assert_uint_eq((uintptr_t)a.data % 16, 0);
	npy_free(&a);

	ck_assert_int_eq(npy_save(path, NPY_I8, 1, s3, l), 0);
	ck_assert_int_eq(npy_load(path, &a), 0);
	ck_assert_int_eq(a.dtype, NPY_I8);
	ck_assert_int_eq(((int64_t *)a.data)[0], INT64_MIN);
	npy_free(&a);

	ck_assert_int_eq(npy_save(path, NPY_U1, 1, s3, u1), 0);
	ck_assert_int_eq(npy_load(path, &a), 0);
	ck_assert_int_eq(a.dtype, NPY_U1);
	ck_assert_uint_eq(a.nbytes, 3);
	ck_assert_int_eq(memcmp(a.data, u1, 3), 0);
	npy_free(&a);

	ck_assert_int_eq(npy_save(path, NPY_I4, 0, NULL, &i4), 0);
	ck_assert_int_eq(npy_load(path, &a), 0);
	ck_assert_int_eq(a.ndim, 0);
	ck_assert_uint_eq(a.count, 1);
	ck_assert_int_eq(((int32_t *)a.data)[0], -7);
	npy_free(&a);

	ck_assert_int_eq(npy_save(path, NPY_F4, 3, s0, NULL), 0);
	ck_assert_int_eq(npy_load(path, &a), 0);
	ck_assert_uint_eq(a.count, 0);
	ck_assert_uint_eq(a.shape[0], 4);
	npy_free(&a);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_npy_stream_writer)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "s.npy");
	uint64_t shape[2] = { NPY_STREAM, 3 };
	FILE *fp = fopen(path, "w+b");
	struct npy_writer *w;
	float row[3];
	struct npy a;
	size_t hlen;
	char *h;

	w = npy_create(fp, path, NPY_F4, 2, shape);
	ck_assert_ptr_nonnull(w);
	for (int i = 0; i < 1000; i++) {
		row[0] = (float)i;
		row[1] = (float)-i;
		row[2] = 0.5f;
		ck_assert_int_eq(npy_write(w, row, 1), 0);
	}
	ck_assert_uint_eq(npy_rows(w), 1000);
	ck_assert_int_eq(npy_finish(w), 0);
	fclose(fp);
	ck_assert_int_eq(npy_load(path, &a), 0);
	ck_assert_uint_eq(a.shape[0], 1000);
	ck_assert_uint_eq(a.shape[1], 3);
	ck_assert_float_eq(((float *)a.data)[3 * 999 + 1], -999);
	npy_free(&a);
	/* the patched header is exactly the one written for a known shape */
	shape[0] = 1000;
	h = npy_header(NPY_F4, 2, shape, &hlen);
	{
		size_t flen;
		char *file = tu_read_file(path, &flen);

		ck_assert_uint_eq(flen, hlen + 12000);
		ck_assert_int_eq(memcmp(file, h, hlen), 0);
		free(file);
	}
	free(h);

	/* a known shape must be met exactly */
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	fp = fopen(path, "w+b");
	shape[0] = 2;
	w = npy_create(fp, "k.npy", NPY_F4, 2, shape);
	ck_assert_int_eq(npy_write(w, row, 1), 0);
	ck_assert_int_eq(npy_finish(w), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "1 rows written, the shape announced 2"));
	fclose(fp);
	/* a pipe cannot be patched */
	{
		int fds[2];
		FILE *pp;

		ck_assert_int_eq(pipe(fds), 0);
		pp = fdopen(fds[1], "w");
		shape[0] = NPY_STREAM;
		ck_assert_ptr_null(npy_create(pp, "pipe", NPY_F4, 2, shape));
		ck_assert_ptr_nonnull(strstr(lastmsg, "needs a seekable file"));
		fclose(pp);
		close(fds[0]);
	}
	pc_msg_capture(NULL, 0);
	free(path);
	tu_rmdir(dir);
}
END_TEST

static int parse_fails(const char *img, size_t len, const char *want)
{
	struct npy a;
	int bad = npy_parse("t.npy", img, len, &a) < 0;

	if (!bad)
		npy_free(&a);
	return bad && strstr(lastmsg, want);
}

/* A .npy image with `dict` as its header text and `data` bytes of data. */
static size_t make_npy(char *buf, const char *dict, size_t data)
{
	size_t n = strlen(dict);

	memcpy(buf, "\x93NUMPY\x01\x00", 8);
	buf[8] = (char)(n & 0xff);
	buf[9] = (char)(n >> 8);
	memcpy(buf + 10, dict, n);
	memset(buf + 10 + n, 0x11, data);
	return 10 + n + data;
}

START_TEST(test_npy_errors)
{
	char buf[4096];
	size_t n;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n", 24);
	{
		struct npy a;

		ck_assert_int_eq(npy_parse("t.npy", buf, n, &a), 0);
		ck_assert_uint_eq(a.count, 6);
		npy_free(&a);
	}
	ck_assert(parse_fails(buf, n - 1, "data is 23 bytes, the shape needs 24 (truncated)"));
	n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n", 25);
	ck_assert(parse_fails(buf, n, "trailing bytes"));
	ck_assert(parse_fails(buf, 9, "bad magic"));
	ck_assert(parse_fails(buf, 40, "truncated header"));
	n = make_npy(buf, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", 8);
	ck_assert(parse_fails(buf, n, "unsupported dtype '>f4'"));
	n = make_npy(buf, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }\n", 8);
	ck_assert(parse_fails(buf, n, "fortran-order arrays are not supported"));
	n = make_npy(buf, "{'descr': '<f4', 'shape': (2,), }\n", 8);
	ck_assert(parse_fails(buf, n, "missing key 'fortran_order'"));
	n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }\n", 4);
	ck_assert(parse_fails(buf, n, "more than 8 dimensions"));
	n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }\n", 4);
	ck_assert(parse_fails(buf, n, "shape too large"));
	n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }\n", 4);
	ck_assert(parse_fails(buf, n, "dimension too large"));
	n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (2), }\n", 8);
	ck_assert(parse_fails(buf, n, "needs a comma"));
	n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}\n", 8);
	ck_assert(parse_fails(buf, n, "unknown key 'x'"));
	n = make_npy(buf, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } junk\n", 8);
	ck_assert(parse_fails(buf, n, "unexpected text after the dictionary"));
	/* version 2.0: a 4-byte header length; numpy's double quotes are fine too */
	{
		const char *d = "{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (1, 2)}\n";
		size_t dl = strlen(d);
		struct npy a;

		memcpy(buf, "\x93NUMPY\x02\x00", 8);
		put32(buf + 8, (uint32_t)dl);
		memcpy(buf + 12, d, dl);
		memset(buf + 12 + dl, 0, 8);
		ck_assert_int_eq(npy_parse("t.npy", buf, 12 + dl + 8, &a), 0);
		ck_assert_int_eq(a.dtype, NPY_I4);
		ck_assert_uint_eq(a.shape[1], 2);
		npy_free(&a);
		buf[6] = 4;
		ck_assert(parse_fails(buf, 12 + dl + 8, "unsupported .npy version 4.0"));
	}
	pc_msg_capture(NULL, 0);
}
END_TEST

/* The interpreter with numpy: /usr/bin/python3 (Debian's), else $PYTHON3; NULL if none. */
static const char *numpy_python(void)
{
	static const char *cands[2];

	cands[0] = "/usr/bin/python3";
	cands[1] = getenv("PYTHON3");
	for (int i = 0; i < 2; i++) {
		char cmd[512];

		if (!cands[i] || !*cands[i])
			continue;
		snprintf(cmd, sizeof(cmd), "'%s' -c 'import numpy' >/dev/null 2>&1", cands[i]);
		if (system(cmd) == 0)
			return cands[i];
	}
	return NULL;
}

START_TEST(test_npy_numpy_interop)
{
	const char *py = numpy_python();
	char *dir, *ours, *theirs, cmd[4096];
	float f[6] = { 1, -2.5f, 3.4028235e38f, 1e-45f, 0.1f, -0.0f };
	int32_t i4[4] = { INT32_MIN, -1, 0, INT32_MAX };
	int64_t i8[2] = { INT64_MIN, 1234567890123LL };
	uint64_t s23[2] = { 2, 3 }, s221[3] = { 2, 2, 1 }, s2[1] = { 2 };
	struct npy a;

	if (!py) {
		fprintf(stderr, "test_npy_numpy_interop: numpy not found, skipped\n");
		return;
	}
	dir = tu_tmpdir();
	ours = tu_path(dir, "ours");
	theirs = tu_path(dir, "theirs");
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' '%s'", ours, theirs);
	ck_assert_int_eq(system(cmd), 0);
	{
		char *p;

		p = tu_path(ours, "f4.npy");
		ck_assert_int_eq(npy_save(p, NPY_F4, 2, s23, f), 0);
		free(p);
		p = tu_path(ours, "i4.npy");
		ck_assert_int_eq(npy_save(p, NPY_I4, 3, s221, i4), 0);
		free(p);
		p = tu_path(ours, "i8.npy");
		ck_assert_int_eq(npy_save(p, NPY_I8, 1, s2, i8), 0);
		free(p);
	}
	/* numpy reads ours with identical values, and np.save of the same arrays gives the
	 * same bytes; then numpy writes arrays for us to read */
	snprintf(cmd, sizeof(cmd),
		 "'%s' - '%s' '%s' <<'EOF'\n"
		 "import sys, numpy as np\n"
		 "o, t = sys.argv[1], sys.argv[2]\n"
		 "want = {'f4': np.array([[1, -2.5, 3.4028235e38], [1e-45, 0.1, -0.0]], '<f4'),\n"
		 "        'i4': np.array([-2**31, -1, 0, 2**31 - 1], '<i4').reshape(2, 2, 1),\n"
		 "        'i8': np.array([-2**63, 1234567890123], '<i8')}\n"
		 "for k, v in want.items():\n"
		 "    a = np.load(o + '/' + k + '.npy')\n"
		 "    assert a.dtype == v.dtype and a.shape == v.shape, (k, a.dtype, a.shape)\n"
		 "    assert a.tobytes() == v.tobytes(), (k, a, v)\n"
		 "    np.save(t + '/' + k + '.npy', v)\n"
		 "    assert open(t + '/' + k + '.npy', 'rb').read() == open(o + '/' + k + '.npy', 'rb').read(), k\n"
		 "np.save(t + '/big.npy', np.arange(3 * 5 * 7, dtype='<i8').reshape(3, 5, 7))\n"
		 "np.save(t + '/scalar.npy', np.float32(2.5))\n"
		 "np.save(t + '/empty.npy', np.zeros((0, 4), '<f4'))\n"
		 "np.save(t + '/v2.npy', np.ones((2,), '<i4'))\n"
		 "import numpy.lib.format as F\n"
		 "with open(t + '/v2.npy', 'wb') as fp:\n"
		 "    F.write_array(fp, np.array([7, 8], '<i4'), version=(2, 0))\n"
		 "EOF",
		 py, ours, theirs);
	ck_assert_int_eq(system(cmd), 0);
	{
		char *p = tu_path(theirs, "big.npy");

		ck_assert_int_eq(npy_load(p, &a), 0);
		ck_assert_int_eq(a.dtype, NPY_I8);
		ck_assert_int_eq(a.ndim, 3);
		ck_assert_uint_eq(a.shape[2], 7);
		for (int i = 0; i < 105; i++)
			ck_assert_int_eq(((int64_t *)a.data)[i], i);
		npy_free(&a);
		free(p);
		p = tu_path(theirs, "scalar.npy");
		ck_assert_int_eq(npy_load(p, &a), 0);
		ck_assert_int_eq(a.ndim, 0);
		ck_assert_float_eq(((float *)a.data)[0], 2.5f);
		npy_free(&a);
		free(p);
		p = tu_path(theirs, "empty.npy");
		ck_assert_int_eq(npy_load(p, &a), 0);
		ck_assert_uint_eq(a.count, 0);
		ck_assert_uint_eq(a.shape[1], 4);
		npy_free(&a);
		free(p);
		p = tu_path(theirs, "v2.npy");
		ck_assert_int_eq(npy_load(p, &a), 0);
		ck_assert_int_eq(((int32_t *)a.data)[1], 8);
		npy_free(&a);
		free(p);
		p = tu_path(theirs, "f4.npy");
		ck_assert_int_eq(npy_load(p, &a), 0);
		ck_assert_int_eq(memcmp(a.data, f, sizeof(f)), 0);
		npy_free(&a);
		free(p);
	}
	free(ours);
	free(theirs);
	tu_rmdir(dir);
}
END_TEST

static Suite *tensor_suite(void)
{
	Suite *s = suite_create("tensor");
	TCase *tc = tcase_create("tensor");

	/* the numpy interop test starts python: slow on a loaded machine */
	tcase_set_timeout(tc, 120);

	tcase_add_test(tc, test_pct_roundtrip);
	tcase_add_test(tc, test_pct_file_and_copy);
	tcase_add_test(tc, test_pct_zero_rows);
	tcase_add_test(tc, test_pct_every_truncation);
	tcase_add_test(tc, test_pct_flipped_bits);
	tcase_add_test(tc, test_pct_trailing_and_count);
	tcase_add_test(tc, test_pct_header_bounds);
	tcase_add_test(tc, test_pct_record_bounds);
	tcase_add_test(tc, test_pct_writer_rejects);
	tcase_add_test(tc, test_npy_header_layout);
	tcase_add_test(tc, test_npy_roundtrip);
	tcase_add_test(tc, test_npy_stream_writer);
	tcase_add_test(tc, test_npy_errors);
	tcase_add_test(tc, test_npy_numpy_interop);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tensor_suite());
	int failed;

	pc_set_progname("pc-test");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
