/* pct: the tensor stream; see pct.h. */
#include "formats/pct.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>
#include <xxhash.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "pct: only little-endian hosts are supported"
#endif

#define HEAD_FIXED 24             /* magic, version, dense, sparse, meta length */
#define REC_FIXED 16              /* tag, id length, label length, nnz */
#define END_SIZE 20               /* tag, count, checksum */
#define WBLOCK ((size_t)1 << 20)  /* the writer flushes blocks of about this size */
#define RBUF ((size_t)1 << 20)    /* the reader's initial buffer */
#define PIPE_SIZE (1 << 20)       /* pipes we read or write are widened to this */

struct pct_reader {
	struct rd rd;
	struct pct_header h;
	uint64_t rows;
	int done, failed;
	size_t last;               /* bytes of the record pct_next() returned last */
	char *text;                /* id NUL label NUL */
	size_t text_cap;
	float *dense;
	uint32_t *idx;
	float *val;
	size_t sp_cap;             /* entries allocated in idx and val */
};

struct pct_writer {
	FILE *fp;
	char *name;
	uint32_t dense, sparse;
	uint64_t rows;
	unsigned char *buf;
	size_t len, cap;
	int failed;
};

static inline uint32_t get32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static inline uint64_t get64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline unsigned char *put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
	return p + 4;
}

static inline unsigned char *put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
	return p + 8;
}

/* Fewer, larger transfers through a pipe: a 64 KiB pipe costs a context switch for every
 * 64 KiB.  Failure (not a pipe, over the system's limit) changes nothing. */
static void widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    fcntl(fd, F_GETPIPE_SZ) < PIPE_SIZE)
		fcntl(fd, F_SETPIPE_SZ, PIPE_SIZE);
#else
	(void)fd;
#endif
}

static int valid_utf8(const char *s, size_t n)
{
	utf8proc_int32_t cp;

	while (n > 0) {
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s,
						      (utf8proc_ssize_t)n, &cp);

		if (k <= 0)
			return 0;
		s += k;
		n -= (size_t)k;
	}
	return 1;
}

/* "NAME: row R (byte B): msg", or "NAME: header (byte B): msg" for row 0. */
static int rerr(struct pct_reader *r, uint64_t row, uint64_t at, const char *fmt, ...)
	PC_PRINTF(4, 5);
static int rerr(struct pct_reader *r, uint64_t row, uint64_t at, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->failed = 1;
	if (!row)
		return pc_error_at(r->rd.name, 0, "header (byte %llu): %s",
				   (unsigned long long)at, msg);
	return pc_error_at(r->rd.name, 0, "row %llu (byte %llu): %s", (unsigned long long)row,
			   (unsigned long long)at, msg);
}

/* ---- header ---- */

static int parse_names(struct pct_reader *r, const char *v, size_t n)
{
	size_t count = 1;
	const char *p = v, *end = v + n;

	for (const char *t = v; (t = memchr(t, '\t', (size_t)(end - t))); t++)
		count++;
	if (count != r->h.dense)
		return rerr(r, 0, 0, "metadata names %zu columns, the dense width is %u", count,
			    r->h.dense);
	r->h.names = xcalloc(count, sizeof(*r->h.names));
	for (size_t i = 0; i < count; i++) {
		const char *t = memchr(p, '\t', (size_t)(end - p));

		if (!t)
			t = end;
		r->h.names[i] = xstrndup(p, (size_t)(t - p));
		p = t + 1;
	}
	return 0;
}

static int parse_meta(struct pct_reader *r, const char *meta, size_t m)
{
	const char *p = meta, *end = meta + m;
	int seen_f = 0, seen_s = 0, seen_n = 0;
	long line = 0;

	if (memchr(meta, '\0', m))
		return rerr(r, 0, HEAD_FIXED, "metadata holds a NUL byte");
	if (!valid_utf8(meta, m))
		return rerr(r, 0, HEAD_FIXED, "metadata is not valid UTF-8");
	if (m && meta[m - 1] != '\n')
		return rerr(r, 0, HEAD_FIXED, "metadata does not end with a newline");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eq = memchr(p, '=', (size_t)(nl - p));
		size_t klen, vlen;
		int *seen = NULL;

		line++;
		if (!eq)
			return rerr(r, 0, HEAD_FIXED + (uint64_t)(p - meta),
				    "metadata line %ld has no '='", line);
		klen = (size_t)(eq - p);
		vlen = (size_t)(nl - eq - 1);
		if (klen == 10 && !memcmp(p, "featurizer", 10))
			seen = &seen_f;
		else if (klen == 4 && !memcmp(p, "spec", 4))
			seen = &seen_s;
		else if (klen == 5 && !memcmp(p, "names", 5))
			seen = &seen_n;
		if (seen) {
			if (*seen)
				return rerr(r, 0, HEAD_FIXED + (uint64_t)(p - meta),
					    "metadata key '%.*s' appears twice", (int)klen, p);
			*seen = 1;
			if (seen == &seen_f) {
				free(r->h.featurizer);
				r->h.featurizer = xstrndup(eq + 1, vlen);
			} else if (seen == &seen_s) {
				free(r->h.spec);
				r->h.spec = xstrndup(eq + 1, vlen);
			} else if (parse_names(r, eq + 1, vlen) < 0) {
				return -1;
			}
		}
		p = nl + 1;
	}
	return 0;
}

static int read_header(struct pct_reader *r)
{
	struct rd *rd = &r->rd;
	const char *p;
	uint32_t version, meta;
	size_t total;
	int m;

	r->h.featurizer = xstrdup("");
	r->h.spec = xstrdup("");
	m = rd_need(rd, HEAD_FIXED);
	if (m < 0)
		return -1;
	if (m == 0 && !rd_avail(rd))
		return rerr(r, 0, 0, "empty input: no header");
	p = rd_ptr(rd);
	if (memcmp(p, PCT_MAGIC, rd_avail(rd) < 8 ? rd_avail(rd) : 8))
		return rerr(r, 0, 0, "not a tensor stream (bad magic)");
	if (m == 0)
		return rerr(r, 0, 0, "truncated header (%zu bytes)", rd_avail(rd));
	version = get32(p + 8);
	r->h.dense = get32(p + 12);
	r->h.sparse = get32(p + 16);
	meta = get32(p + 20);
	if (version != PCT_VERSION)
		return rerr(r, 0, 8, "unsupported version %u (this reader knows %u)", version,
			    PCT_VERSION);
	if (r->h.dense > PCT_MAX_DENSE)
		return rerr(r, 0, 12, "dense width %u exceeds the limit of %u", r->h.dense,
			    PCT_MAX_DENSE);
	if (r->h.sparse > PCT_MAX_SPARSE)
		return rerr(r, 0, 16, "sparse width %u exceeds the limit of %u", r->h.sparse,
			    PCT_MAX_SPARSE);
	if (meta > PCT_MAX_META)
		return rerr(r, 0, 20, "metadata length %u exceeds the limit of %u", meta,
			    PCT_MAX_META);
	total = HEAD_FIXED + (size_t)meta + 8;
	m = rd_need(rd, total);
	if (m < 0)
		return -1;
	if (m == 0)
		return rerr(r, 0, 0, "truncated header (%zu of %zu bytes)", rd_avail(rd), total);
	p = rd_ptr(rd);
	if (XXH3_64bits(p, total - 8) != get64(p + total - 8))
		return rerr(r, 0, 0, "header checksum mismatch");
	if (parse_meta(r, p + HEAD_FIXED, meta) < 0)
		return -1;
	rd_consume(rd, total);
	return 0;
}

static struct pct_reader *finish_open(struct pct_reader *r)
{
	if (read_header(r) < 0) {
		pct_close(r);
		return NULL;
	}
	return r;
}

struct pct_reader *pct_open(const char *path)
{
	struct pct_reader *r = xcalloc(1, sizeof(*r));

	if (rd_open(&r->rd, path) < 0) {
		free(r);
		return NULL;
	}
	widen_pipe(r->rd.fd);
	r->rd.buf = xmalloc(RBUF);
	r->rd.cap = RBUF;
	return finish_open(r);
}

struct pct_reader *pct_open_mem(const char *name, const void *data, size_t len)
{
	struct pct_reader *r = xcalloc(1, sizeof(*r));

	rd_open_mem(&r->rd, name, data, len);
	return finish_open(r);
}

struct pct_reader *pct_open_rd(struct rd *from)
{
	struct pct_reader *r = xcalloc(1, sizeof(*r));

	r->rd = *from;
	memset(from, 0, sizeof(*from));
	from->fd = -1;
	return finish_open(r);
}

const struct pct_header *pct_header(const struct pct_reader *r)
{
	return &r->h;
}

const char *pct_name(const struct pct_reader *r)
{
	return r->rd.name;
}

int pct_row_finite(const struct pct_row *row, uint32_t dense)
{
	uint32_t bad = 0;

	/* exponent bits all ones: an infinity or a NaN; no branch, so it vectorises */
	for (uint32_t i = 0; i < dense; i++) {
		uint32_t u;

		memcpy(&u, &row->dense[i], sizeof(u));
		bad |= (~u & 0x7f800000u) == 0;
	}
	for (uint32_t i = 0; i < row->nnz; i++) {
		uint32_t u;

		memcpy(&u, &row->val[i], sizeof(u));
		bad |= (~u & 0x7f800000u) == 0;
	}
	return !bad;
}

uint64_t pct_rows(const struct pct_reader *r)
{
	return r->rows;
}

int pct_failed(const struct pct_reader *r)
{
	return r->failed;
}

void pct_close(struct pct_reader *r)
{
	if (!r)
		return;
	pct_header_free(&r->h);
	free(r->text);
	free(r->dense);
	free(r->idx);
	free(r->val);
	rd_close(&r->rd);
	free(r);
}

/* ---- records ---- */

static int read_end(struct pct_reader *r, uint64_t row, uint64_t at)
{
	struct rd *rd = &r->rd;
	const char *p;
	uint64_t count;
	int m = rd_need(rd, END_SIZE);

	if (m < 0)
		return r->failed = 1, -1;
	if (m == 0)
		return rerr(r, row, at, "truncated end marker (%zu of %d bytes)", rd_avail(rd),
			    END_SIZE);
	p = rd_ptr(rd);
	count = get64(p + 4);
	if (XXH3_64bits(p, 12) != get64(p + 12))
		return rerr(r, row, at, "end marker checksum mismatch");
	if (count != r->rows)
		return rerr(r, row, at, "end marker counts %llu rows, the stream has %llu",
			    (unsigned long long)count, (unsigned long long)r->rows);
	rd_consume(rd, END_SIZE);
	m = rd_need(rd, 1);
	if (m < 0)
		return r->failed = 1, -1;
	if (m > 0)
		return rerr(r, row, at + END_SIZE, "trailing data after the end marker");
	r->done = 1;
	return 0;
}

int pct_next(struct pct_reader *r, struct pct_row *row)
{
	struct rd *rd = &r->rd;
	uint64_t at = rd_tell(rd), rowno = r->rows + 1, size;
	uint32_t tag, id_len, label_len, nnz, dense = r->h.dense;
	const char *p, *q;
	int m;

	if (r->done)
		return 0;
	if (r->failed)
		return -1;
	m = rd_need(rd, REC_FIXED);
	if (m < 0)
		return r->failed = 1, -1;
	if (m == 0 && rd_avail(rd) < 4)
		return rerr(r, rowno, at, rd_avail(rd) ? "truncated record tag" :
			    "stream ends without an end marker");
	p = rd_ptr(rd);
	tag = get32(p);
	if (tag == PCT_TAG_END)
		return read_end(r, rowno, at);
	if (tag != PCT_TAG_ROW)
		return rerr(r, rowno, at, "bad record tag 0x%08x", tag);
	if (m == 0)
		return rerr(r, rowno, at, "truncated record header");
	id_len = get32(p + 4);
	label_len = get32(p + 8);
	nnz = get32(p + 12);
	if (id_len > PCT_MAX_ID)
		return rerr(r, rowno, at, "id length %u exceeds the limit of %u", id_len,
			    PCT_MAX_ID);
	if (label_len > PCT_MAX_ID)
		return rerr(r, rowno, at, "label length %u exceeds the limit of %u", label_len,
			    PCT_MAX_ID);
	if (nnz > r->h.sparse)
		return rerr(r, rowno, at, "%u sparse entries exceed the sparse width %u", nnz,
			    r->h.sparse);
	size = REC_FIXED + (uint64_t)id_len + label_len + 4 * (uint64_t)dense +
	       8 * (uint64_t)nnz + 8;
	if (size > rd->max)
		return rerr(r, rowno, at, "record of %llu bytes exceeds the limit of %zu bytes",
			    (unsigned long long)size, rd->max);
	m = rd_need(rd, (size_t)size);
	if (m < 0)
		return r->failed = 1, -1;
	if (m == 0)
		return rerr(r, rowno, at, "truncated record (%zu of %llu bytes)", rd_avail(rd),
			    (unsigned long long)size);
	p = rd_ptr(rd);
	if (XXH3_64bits(p, (size_t)size - 8) != get64(p + size - 8))
		return rerr(r, rowno, at, "record checksum mismatch");
	q = p + REC_FIXED;
	if (memchr(q, '\0', id_len))
		return rerr(r, rowno, at, "id holds a NUL byte");
	if (memchr(q + id_len, '\0', label_len))
		return rerr(r, rowno, at, "label holds a NUL byte");
	xgrow(&r->text, &r->text_cap, (size_t)id_len + label_len + 2, 1);
	memcpy(r->text, q, id_len);
	r->text[id_len] = '\0';
	memcpy(r->text + id_len + 1, q + id_len, label_len);
	r->text[id_len + 1 + label_len] = '\0';
	q += id_len + label_len;
	if (!r->dense)
		r->dense = xmalloc_aligned((size_t)dense, 4);
	memcpy(r->dense, q, (size_t)dense * 4);
	q += (size_t)dense * 4;
	if (nnz > r->sp_cap) {
		size_t cap = r->sp_cap ? r->sp_cap : 64;

		while (cap < nnz)
			cap *= 2;
		free(r->idx);
		free(r->val);
		r->idx = xmalloc_aligned(cap, 4);
		r->val = xmalloc_aligned(cap, 4);
		r->sp_cap = cap;
	}
	if (nnz) {
		memcpy(r->idx, q, (size_t)nnz * 4);
		memcpy(r->val, q + (size_t)nnz * 4, (size_t)nnz * 4);
		for (uint32_t i = 0; i < nnz; i++) {
			if (r->idx[i] >= r->h.sparse)
				return rerr(r, rowno, at, "sparse index %u out of range (width %u)",
					    r->idx[i], r->h.sparse);
			if (i && r->idx[i] <= r->idx[i - 1])
				return rerr(r, rowno, at,
					    "sparse indices not strictly increasing (%u after %u)",
					    r->idx[i], r->idx[i - 1]);
		}
	}
	rd_consume(rd, (size_t)size);
	r->last = (size_t)size;
	r->rows++;
	row->id = r->text;
	row->id_len = id_len;
	row->label = r->text + id_len + 1;
	row->label_len = label_len;
	row->dense = r->dense;
	row->nnz = nnz;
	row->idx = r->idx;
	row->val = r->val;
	return 1;
}

/* ---- writer ---- */

static int wflush(struct pct_writer *w)
{
	if (w->len && fwrite_unlocked(w->buf, 1, w->len, w->fp) != w->len) {
		w->failed = 1;
		w->len = 0;
		if (errno == EPIPE)
			return -1;
		return pc_error_errno("cannot write %s", w->name);
	}
	w->len = 0;
	return 0;
}

static unsigned char *wreserve(struct pct_writer *w, size_t n)
{
	xgrow(&w->buf, &w->cap, w->len + n, 1);
	return w->buf + w->len;
}

static int check_value(const char *name, const char *key, const char *v, int tabs)
{
	if (strchr(v, '\n'))
		return pc_error("%s: header %s holds a newline", name, key);
	if (tabs && strchr(v, '\t'))
		return pc_error("%s: header %s holds a tab", name, key);
	if (!valid_utf8(v, strlen(v)))
		return pc_error("%s: header %s is not valid UTF-8", name, key);
	return 0;
}

struct pct_writer *pct_create(FILE *fp, const char *name, const struct pct_header *h)
{
	const char *f = h->featurizer ? h->featurizer : "";
	const char *s = h->spec ? h->spec : "";
	struct pct_writer *w;
	char *meta = NULL;
	size_t mlen = 0, mcap = 0;
	unsigned char *p;

	if (h->dense > PCT_MAX_DENSE)
		return pc_error("%s: dense width %u exceeds the limit of %u", name, h->dense,
				PCT_MAX_DENSE), NULL;
	if (h->sparse > PCT_MAX_SPARSE)
		return pc_error("%s: sparse width %u exceeds the limit of %u", name, h->sparse,
				PCT_MAX_SPARSE), NULL;
	if (check_value(name, "featurizer", f, 0) < 0 || check_value(name, "spec", s, 0) < 0)
		return NULL;
	if (h->names && h->dense)
		for (uint32_t i = 0; i < h->dense; i++)
			if (check_value(name, "column name", h->names[i], 1) < 0)
				return NULL;

#define META_ADD(str, n) do { \
		xgrow(&meta, &mcap, mlen + (n) + 1, 1); \
		memcpy(meta + mlen, (str), (n)); \
		mlen += (n); \
	} while (0)
	if (*f) {
		META_ADD("featurizer=", 11);
		META_ADD(f, strlen(f));
		META_ADD("\n", 1);
	}
	if (*s) {
		META_ADD("spec=", 5);
		META_ADD(s, strlen(s));
		META_ADD("\n", 1);
	}
	if (h->names && h->dense) {
		META_ADD("names=", 6);
		for (uint32_t i = 0; i < h->dense; i++) {
			if (i)
				META_ADD("\t", 1);
			META_ADD(h->names[i], strlen(h->names[i]));
			if (mlen > PCT_MAX_META)
				break;
		}
		META_ADD("\n", 1);
	}
#undef META_ADD
	if (mlen > PCT_MAX_META) {
		free(meta);
		return pc_error("%s: header metadata exceeds the limit of %u bytes", name,
				PCT_MAX_META), NULL;
	}

	widen_pipe(fileno(fp));
	w = xcalloc(1, sizeof(*w));
	w->fp = fp;
	w->name = xstrdup(name);
	w->dense = h->dense;
	w->sparse = h->sparse;
	p = wreserve(w, HEAD_FIXED + mlen + 8);
	memcpy(p, PCT_MAGIC, 8);
	p = put32(p + 8, PCT_VERSION);
	p = put32(p, h->dense);
	p = put32(p, h->sparse);
	p = put32(p, (uint32_t)mlen);
	if (mlen)
		memcpy(p, meta, mlen);
	p += mlen;
	put64(p, XXH3_64bits(w->buf, HEAD_FIXED + mlen));
	w->len = HEAD_FIXED + mlen + 8;
	free(meta);
	if (wflush(w) < 0) {
		pct_discard(w);
		return NULL;
	}
	return w;
}

static int werr(struct pct_writer *w, const char *what)
{
	return pc_error("%s: row %llu: %s", w->name, (unsigned long long)w->rows + 1, what);
}

int pct_write(struct pct_writer *w, const struct pct_row *row)
{
	size_t size, id_len = row->id ? row->id_len : 0;
	size_t label_len = row->label ? row->label_len : 0;
	unsigned char *p, *rec;

	if (w->failed)
		return -1;
	if (id_len > PCT_MAX_ID)
		return werr(w, "id too long");
	if (label_len > PCT_MAX_ID)
		return werr(w, "label too long");
	if (memchr(row->id ? row->id : "", '\0', id_len))
		return werr(w, "id holds a NUL byte");
	if (memchr(row->label ? row->label : "", '\0', label_len))
		return werr(w, "label holds a NUL byte");
	if (w->dense && !row->dense)
		return werr(w, "no dense values");
	if (row->nnz > w->sparse)
		return werr(w, "more sparse entries than the sparse width");
	for (uint32_t i = 0; i < row->nnz; i++) {
		if (row->idx[i] >= w->sparse)
			return pc_error("%s: row %llu: sparse index %u out of range (width %u)",
					w->name, (unsigned long long)w->rows + 1, row->idx[i],
					w->sparse);
		if (i && row->idx[i] <= row->idx[i - 1])
			return pc_error("%s: row %llu: sparse indices not strictly increasing "
					"(%u after %u)", w->name, (unsigned long long)w->rows + 1,
					row->idx[i], row->idx[i - 1]);
	}
	size = REC_FIXED + id_len + label_len + (size_t)w->dense * 4 + (size_t)row->nnz * 8 + 8;
	rec = p = wreserve(w, size);
	p = put32(p, PCT_TAG_ROW);
	p = put32(p, (uint32_t)id_len);
	p = put32(p, (uint32_t)label_len);
	p = put32(p, row->nnz);
	if (id_len)
		memcpy(p, row->id, id_len);
	p += id_len;
	if (label_len)
		memcpy(p, row->label, label_len);
	p += label_len;
	if (w->dense)
		memcpy(p, row->dense, (size_t)w->dense * 4);
	p += (size_t)w->dense * 4;
	if (row->nnz) {
		memcpy(p, row->idx, (size_t)row->nnz * 4);
		memcpy(p + (size_t)row->nnz * 4, row->val, (size_t)row->nnz * 4);
	}
	p += (size_t)row->nnz * 8;
	put64(p, XXH3_64bits(rec, size - 8));
	w->len += size;
	w->rows++;
	if (w->len >= WBLOCK)
		return wflush(w);
	return 0;
}

int pct_write_last(struct pct_writer *w, const struct pct_reader *r)
{
	if (w->failed)
		return -1;
	if (!r->last || r->done || r->failed || r->h.dense != w->dense || r->h.sparse > w->sparse)
		pc_fatal("internal: pct_write_last without a matching record");
	memcpy(wreserve(w, r->last), r->rd.buf + r->rd.start - r->last, r->last);
	w->len += r->last;
	w->rows++;
	if (w->len >= WBLOCK)
		return wflush(w);
	return 0;
}

uint64_t pct_written(const struct pct_writer *w)
{
	return w->rows;
}

int pct_finish(struct pct_writer *w)
{
	unsigned char *p;
	int ret = -1;

	if (!w->failed) {
		p = wreserve(w, END_SIZE);
		put32(p, PCT_TAG_END);
		put64(p + 4, w->rows);
		put64(p + 12, XXH3_64bits(p, 12));
		w->len += END_SIZE;
		if (wflush(w) == 0) {
			if (fflush(w->fp) != 0 && errno != EPIPE)
				pc_error_errno("cannot write %s", w->name);
			else if (!ferror(w->fp))
				ret = 0;
		}
	}
	pct_discard(w);
	return ret;
}

void pct_discard(struct pct_writer *w)
{
	if (!w)
		return;
	free(w->buf);
	free(w->name);
	free(w);
}

void pct_header_copy(struct pct_header *dst, const struct pct_header *src)
{
	dst->dense = src->dense;
	dst->sparse = src->sparse;
	dst->featurizer = xstrdup(src->featurizer ? src->featurizer : "");
	dst->spec = xstrdup(src->spec ? src->spec : "");
	dst->names = NULL;
	if (src->names && src->dense) {
		dst->names = xcalloc(src->dense, sizeof(*dst->names));
		for (uint32_t i = 0; i < src->dense; i++)
			dst->names[i] = xstrdup(src->names[i]);
	}
}

void pct_header_free(struct pct_header *h)
{
	if (h->names)
		for (uint32_t i = 0; i < h->dense; i++)
			free(h->names[i]);
	free(h->names);
	free(h->featurizer);
	free(h->spec);
	h->names = NULL;
	h->featurizer = h->spec = NULL;
}
