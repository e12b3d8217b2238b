/* npy: NumPy .npy files; see npy.h. */
#include "formats/npy.h"
#include "formats/pcm.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "npy: only little-endian hosts are supported"
#endif

#define MAGIC "\x93NUMPY"
#define ALIGN 64
#define GROWTH_DIGITS 21   /* numpy's GROWTH_AXIS_MAX_DIGITS */
#define MAX_DIM_VALUE ((uint64_t)1 << 62)

struct npy_writer {
	FILE *fp;
	char *name;
	enum npy_dtype dtype;
	int ndim;
	uint64_t shape[NPY_MAX_DIM];
	uint64_t rows;
	size_t rowbytes;
	off_t start;         /* file offset of the header */
	int stream, failed;
};

size_t npy_itemsize(enum npy_dtype t)
{
	return t == NPY_I8 ? 8 : t == NPY_U1 ? 1 : 4;
}

const char *npy_descr(enum npy_dtype t)
{
	switch (t) {
	case NPY_F4: return "<f4";
	case NPY_I4: return "<i4";
	case NPY_I8: return "<i8";
	case NPY_U1: return "|u1";
	}
	return "?";
}

/* ---- header text ---- */

char *npy_header(enum npy_dtype t, int ndim, const uint64_t *shape, size_t *len)
{
	char dict[64 + NPY_MAX_DIM * 24 + GROWTH_DIGITS];
	size_t n, total, pad;
	char *out;

	if (ndim < 0 || ndim > NPY_MAX_DIM)
		pc_fatal("internal: npy rank %d", ndim);
	n = (size_t)snprintf(dict, sizeof(dict), "{'descr': '%s', 'fortran_order': False, 'shape': (",
			     npy_descr(t));
	for (int i = 0; i < ndim; i++)
		n += (size_t)snprintf(dict + n, sizeof(dict) - n, "%s%llu", i ? ", " : "",
				      (unsigned long long)shape[i]);
	n += (size_t)snprintf(dict + n, sizeof(dict) - n, "%s), }", ndim == 1 ? "," : "");
	if (ndim > 0) {
		char digits[24];
		int d = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)shape[0]);

		for (int i = d; i < GROWTH_DIGITS; i++)
			dict[n++] = ' ';
	}
	/* 10 bytes of prefix, the dict, padding spaces, '\n': numpy pads a full ALIGN when
	 * the rest already aligns */
	pad = ALIGN - ((10 + n + 1) % ALIGN);
	total = 10 + n + pad + 1;
	out = xmalloc(total);
	memcpy(out, MAGIC, 6);
	out[6] = 1;
	out[7] = 0;
	out[8] = (char)((total - 10) & 0xff);
	out[9] = (char)((total - 10) >> 8);
	memcpy(out + 10, dict, n);
	memset(out + 10 + n, ' ', pad);
	out[total - 1] = '\n';
	*len = total;
	return out;
}

/* ---- header parsing: the subset of Python literal syntax numpy writes ---- */

struct hp {
	const char *p, *end, *start;
	const char *name;
};

static void skip_ws(struct hp *h)
{
	while (h->p < h->end && (*h->p == ' ' || *h->p == '\t' || *h->p == '\n' || *h->p == '\r'))
		h->p++;
}

static int expect(struct hp *h, char c)
{
	skip_ws(h);
	if (h->p >= h->end || *h->p != c)
		return pc_error("%s: header: expected '%c' at offset %td", h->name, c,
				h->p - h->start);
	h->p++;
	return 0;
}

/* A quoted string without escapes into buf. */
static int parse_str(struct hp *h, char *buf, size_t size)
{
	char q;
	size_t n = 0;

	skip_ws(h);
	if (h->p >= h->end || (*h->p != '\'' && *h->p != '"'))
		return pc_error("%s: header: expected a quoted string", h->name);
	q = *h->p++;
	while (h->p < h->end && *h->p != q) {
		if (*h->p == '\\' || n + 1 >= size)
			return pc_error("%s: header: unsupported string", h->name);
		buf[n++] = *h->p++;
	}
	if (h->p >= h->end)
		return pc_error("%s: header: unterminated string", h->name);
	h->p++;
	buf[n] = '\0';
	return 0;
}

static int parse_shape(struct hp *h, struct npy_view *a)
{
	if (expect(h, '(') < 0)
		return -1;
	a->ndim = 0;
	for (;;) {
		uint64_t v = 0;

		skip_ws(h);
		if (h->p < h->end && *h->p == ')') {
			h->p++;
			return 0;
		}
		if (h->p >= h->end || *h->p < '0' || *h->p > '9')
			return pc_error("%s: header: bad shape", h->name);
		while (h->p < h->end && *h->p >= '0' && *h->p <= '9') {
			v = v * 10 + (uint64_t)(*h->p - '0');
			if (v > MAX_DIM_VALUE)
				return pc_error("%s: header: shape dimension too large", h->name);
			h->p++;
		}
		if (h->p < h->end && *h->p == 'L')   /* Python 2 long */
			h->p++;
		if (a->ndim == NPY_MAX_DIM)
			return pc_error("%s: header: more than %d dimensions", h->name, NPY_MAX_DIM);
		a->shape[a->ndim++] = v;
		skip_ws(h);
		if (h->p < h->end && *h->p == ',') {
			h->p++;
			continue;
		}
		if (h->p < h->end && *h->p == ')') {
			if (a->ndim == 1)
				return pc_error("%s: header: bad shape (a one-element tuple needs a comma)",
						h->name);
			h->p++;
			return 0;
		}
		return pc_error("%s: header: bad shape", h->name);
	}
}

static int parse_dict(const char *name, const char *text, size_t len, struct npy_view *a)
{
	struct hp h = { text, text + len, text, name };
	int seen_descr = 0, seen_order = 0, seen_shape = 0;
	char key[32], val[32];

	if (expect(&h, '{') < 0)
		return -1;
	for (;;) {
		skip_ws(&h);
		if (h.p < h.end && *h.p == '}') {
			h.p++;
			break;
		}
		if (parse_str(&h, key, sizeof(key)) < 0 || expect(&h, ':') < 0)
			return -1;
		if (!strcmp(key, "descr")) {
			if (seen_descr++)
				return pc_error("%s: header: key 'descr' appears twice", name);
			if (parse_str(&h, val, sizeof(val)) < 0)
				return -1;
			if (!strcmp(val, "<f4"))
				a->dtype = NPY_F4;
			else if (!strcmp(val, "<i4"))
				a->dtype = NPY_I4;
			else if (!strcmp(val, "<i8"))
				a->dtype = NPY_I8;
			else if (!strcmp(val, "|u1"))
				a->dtype = NPY_U1;
			else
				return pc_error("%s: unsupported dtype '%s' (expected <f4, <i4, <i8 or |u1)",
						name, val);
		} else if (!strcmp(key, "fortran_order")) {
			if (seen_order++)
				return pc_error("%s: header: key 'fortran_order' appears twice", name);
			skip_ws(&h);
			if ((size_t)(h.end - h.p) >= 5 && !memcmp(h.p, "False", 5)) {
				h.p += 5;
			} else if ((size_t)(h.end - h.p) >= 4 && !memcmp(h.p, "True", 4)) {
				return pc_error("%s: fortran-order arrays are not supported", name);
			} else {
				return pc_error("%s: header: fortran_order is not True or False", name);
			}
		} else if (!strcmp(key, "shape")) {
			if (seen_shape++)
				return pc_error("%s: header: key 'shape' appears twice", name);
			if (parse_shape(&h, a) < 0)
				return -1;
		} else {
			return pc_error("%s: header: unknown key '%s'", name, key);
		}
		skip_ws(&h);
		if (h.p < h.end && *h.p == ',') {
			h.p++;
			continue;
		}
		if (expect(&h, '}') < 0)
			return -1;
		break;
	}
	if (!seen_descr || !seen_order || !seen_shape)
		return pc_error("%s: header: missing key '%s'", name,
				!seen_descr ? "descr" : !seen_order ? "fortran_order" : "shape");
	skip_ws(&h);
	if (h.p != h.end)
		return pc_error("%s: header: unexpected text after the dictionary", name);
	return 0;
}

/* Parse the header of buf[0..len); sets a's type and shape and *data_off. */
static int parse_header(const char *name, const unsigned char *b, size_t len,
			struct npy_view *a, size_t *data_off)
{
	size_t pre, hlen;
	uint64_t bytes;

	memset(a, 0, sizeof(*a));
	if (len < 10 || memcmp(b, MAGIC, 6))
		return pc_error("%s: not a .npy file (bad magic)", name);
	if (b[7] != 0 || b[6] < 1 || b[6] > 3)
		return pc_error("%s: unsupported .npy version %u.%u", name, b[6], b[7]);
	if (b[6] == 1) {
		pre = 10;
		hlen = (size_t)b[8] | (size_t)b[9] << 8;
	} else {
		if (len < 12)
			return pc_error("%s: truncated header", name);
		pre = 12;
		hlen = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
	}
	if (hlen > NPY_MAX_HEADER)
		return pc_error("%s: header of %zu bytes exceeds the limit of %zu", name, hlen,
				NPY_MAX_HEADER);
	if (len - pre < hlen)
		return pc_error("%s: truncated header (%zu of %zu bytes)", name, len - pre, hlen);
	if (memchr(b + pre, '\0', hlen))
		return pc_error("%s: header holds a NUL byte", name);
	if (parse_dict(name, (const char *)b + pre, hlen, a) < 0)
		return -1;
	a->count = 1;
	bytes = npy_itemsize(a->dtype);
	for (int i = 0; i < a->ndim; i++) {
		if (a->shape[i] && bytes > MAX_DIM_VALUE / a->shape[i])
			return pc_error("%s: shape too large", name);
		bytes *= a->shape[i];
		a->count *= a->shape[i];
	}
	a->nbytes = (size_t)bytes;
	*data_off = pre + hlen;
	return 0;
}

static int check_data(const char *name, const struct npy_view *a, uint64_t have)
{
	if (have != a->nbytes)
		return pc_error("%s: data is %llu bytes, the shape needs %zu (%s)", name,
				(unsigned long long)have, a->nbytes,
				have < a->nbytes ? "truncated" : "trailing bytes");
	return 0;
}

static void own_from_view(struct npy *out, const struct npy_view *v)
{
	memset(out, 0, sizeof(*out));
	out->dtype = v->dtype;
	out->ndim = v->ndim;
	memcpy(out->shape, v->shape, sizeof(out->shape));
	out->count = v->count;
	out->nbytes = v->nbytes;
}

int npy_parse_header(const char *name, const void *buf, size_t len, struct npy_view *out,
		     size_t *data_off)
{
	if (parse_header(name, buf, len, out, data_off) < 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

int npy_parse(const char *name, const void *buf, size_t len, struct npy *out)
{
	struct npy_view v;
	size_t off;

	if (parse_header(name, buf, len, &v, &off) < 0 || check_data(name, &v, len - off) < 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	own_from_view(out, &v);
	out->data = xmalloc(out->nbytes);
	if (out->nbytes)
		memcpy(out->data, (const char *)buf + off, out->nbytes);
	return 0;
}

const char *npy_type_name(enum npy_dtype t)
{
	switch (t) {
	case NPY_F4: return "float32";
	case NPY_I4: return "int32";
	case NPY_I8: return "int64";
	case NPY_U1: return "uint8";
	}
	return "?";
}

const char *npy_shape_str(int ndim, const uint64_t *shape, char *buf, size_t size)
{
	size_t n = 0;

	n += (size_t)snprintf(buf, size, "(");
	for (int i = 0; i < ndim && n < size; i++) {
		if (shape[i] == NPY_ANY)
			n += (size_t)snprintf(buf + n, size - n, "%s*", i ? ", " : "");
		else
			n += (size_t)snprintf(buf + n, size - n, "%s%llu", i ? ", " : "",
					      (unsigned long long)shape[i]);
	}
	if (n < size)
		snprintf(buf + n, size - n, "%s)", ndim == 1 ? "," : "");
	return buf;
}

int npy_expect(const char *where, const struct npy_view *v, enum npy_dtype t, int ndim,
	       const uint64_t *shape)
{
	int ok = v->dtype == t && v->ndim == ndim;

	for (int i = 0; ok && i < ndim; i++)
		ok = shape[i] == NPY_ANY || shape[i] == v->shape[i];
	if (!ok) {
		char have[NPY_SHAPE_STR_MAX], want[NPY_SHAPE_STR_MAX];

		return pc_error("%s: %s of shape %s, expected %s of shape %s", where,
				npy_type_name(v->dtype), npy_shape_str(v->ndim, v->shape, have,
								       sizeof(have)),
				npy_type_name(t), npy_shape_str(ndim, shape, want, sizeof(want)));
	}
	return 0;
}

/* ---- arrays inside archives ---- */

int npy_put(struct pcm *a, const char *name, enum npy_dtype t, int ndim, const uint64_t *shape,
	    const void *data)
{
	size_t hlen, nbytes = npy_itemsize(t);
	char *hdr = npy_header(t, ndim, shape, &hlen);
	unsigned char *buf;

	for (int i = 0; i < ndim; i++)
		nbytes *= (size_t)shape[i];
	buf = xmalloc(hlen + nbytes + 1);
	memcpy(buf, hdr, hlen);
	free(hdr);
	if (nbytes)
		memcpy(buf + hlen, data, nbytes);
	return pcm_add_take(a, name, buf, hlen + nbytes);
}

int npy_check_head(const char *file, const char *name, uint64_t size,
		   const unsigned char *head, size_t headlen, enum npy_dtype t, int ndim,
		   const uint64_t *shape, struct npy_view *out)
{
	char *where = xasprintf("%s: %s", file, name);
	size_t off;
	int ret = -1;

	if (npy_parse_header(where, head, headlen, out, &off) < 0 ||
	    npy_expect(where, out, t, ndim, shape) < 0)
		goto out;
	if (size != (uint64_t)off + out->nbytes) {
		char have[NPY_SHAPE_STR_MAX];

		pc_error("%s: %llu bytes, but a %s array of shape %s takes %llu", where,
			 (unsigned long long)size, npy_type_name(out->dtype),
			 npy_shape_str(out->ndim, out->shape, have, sizeof(have)),
			 (unsigned long long)off + out->nbytes);
		goto out;
	}
	ret = 0;
out:
	free(where);
	return ret;
}

/* The index of the first infinity or NaN among f[0..n), or n: blocks checked without a
 * branch per value (the compiler vectorises it), a block with one searched again. */
static uint64_t first_nonfinite(const float *f, uint64_t n)
{
	enum { BLOCK = 4096 };

	for (uint64_t at = 0; at < n; at += BLOCK) {
		uint64_t end = n - at < BLOCK ? n : at + BLOCK;
		uint32_t bad = 0;

		for (uint64_t i = at; i < end; i++) {
			uint32_t u;

			memcpy(&u, &f[i], sizeof(u));
			bad |= (u & 0x7f800000u) == 0x7f800000u;
		}
		if (bad)
			for (uint64_t i = at; i < end; i++)
				if (!isfinite(f[i]))
					return i;
	}
	return n;
}

int npy_scan_finite(void *ctx, const struct pcm *sofar, const char *name,
		    const unsigned char *data, size_t from, size_t to)
{
	struct pc_msg_held quiet;
	struct npy_view v;
	size_t off, lo, hi;
	uint64_t i;
	int r;

	(void)ctx;
	pc_msg_hold(&quiet);	/* a header it cannot read is npy_get's to report */
	r = parse_header(name, data, to, &v, &off);
	pc_msg_unhold(&quiet);
	if (r < 0 || v.dtype != NPY_F4 || (uintptr_t)(data + off) % sizeof(float))
		return 0;
	if (to <= off)
		return 1;
	/* the value cut at `from` by the last piece is checked now */
	lo = from > off ? off + (from - off) / sizeof(float) * sizeof(float) : off;
	hi = off + (to - off) / sizeof(float) * sizeof(float);
	i = first_nonfinite((const float *)(const void *)(data + lo), (hi - lo) / sizeof(float));
	if (i < (hi - lo) / sizeof(float))
		return pc_error("%s: %s: value %llu is not finite", pcm_name(sofar), name,
				(unsigned long long)((lo - off) / sizeof(float) + i));
	return 1;
}

int npy_get(const struct pcm *a, const char *name, enum npy_dtype t, int ndim,
	    const uint64_t *shape, struct npy_view *out)
{
	const char *file = pcm_name(a);
	const struct pcm_entry *e = pcm_get(a, name);
	char *where;
	size_t off;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!e)
		return pc_error("%s: no entry %s", file, name);
	where = xasprintf("%s: %s", file, name);
	if (parse_header(where, e->data, e->len, out, &off) < 0 ||
	    check_data(where, out, e->len - off) < 0 || npy_expect(where, out, t, ndim, shape) < 0)
		goto out;
	out->data = e->data + off;
	if ((uintptr_t)out->data % npy_itemsize(t)) {
		pc_error("%s: items not aligned (a header of %zu bytes)", where, off);
		goto out;
	}
	if (t == NPY_F4 && e->scanned != npy_scan_finite) {
		uint64_t i = first_nonfinite(out->data, out->count);

		if (i < out->count) {
			pc_error("%s: value %llu is not finite", where, (unsigned long long)i);
			goto out;
		}
	}
	ret = 0;
out:
	if (ret < 0)
		memset(out, 0, sizeof(*out));
	free(where);
	return ret;
}

int npy_load(const char *path, struct npy *out)
{
	struct npy_view v;
	int own = path && strcmp(path, "-");
	const char *name = own ? path : "<stdin>";
	int fd = own ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap = 0, off;
	ssize_t n;

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return pc_error_errno("cannot open %s", path);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		xgrow(&buf, &cap, (size_t)st.st_size + 1, 1);
	for (;;) {
		if (len == cap)
			xgrow(&buf, &cap, len + 65536, 1);
		n = read(fd, buf + len, cap - len);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			pc_error_errno("cannot read %s", name);
			goto fail;
		}
		len += (size_t)n;
	}
	if (parse_header(name, (unsigned char *)buf, len, &v, &off) < 0 ||
	    check_data(name, &v, len - off) < 0)
		goto fail;
	own_from_view(out, &v);
	/* move the items to the start of the buffer, which malloc aligned */
	memmove(buf, buf + off, out->nbytes);
	out->data = buf;
	if (own)
		close(fd);
	return 0;
fail:
	free(buf);
	if (own)
		close(fd);
	memset(out, 0, sizeof(*out));
	return -1;
}

void npy_free(struct npy *a)
{
	free(a->data);
	memset(a, 0, sizeof(*a));
}

/* ---- writing ---- */

int npy_save(const char *path, enum npy_dtype t, int ndim, const uint64_t *shape,
	     const void *data)
{
	struct outfile o;
	size_t hlen, nbytes = npy_itemsize(t);
	char *hdr;

	for (int i = 0; i < ndim; i++)
		nbytes *= shape[i];
	if (outfile_open(&o, path) < 0)
		return -1;
	hdr = npy_header(t, ndim, shape, &hlen);
	if (fwrite(hdr, 1, hlen, o.fp) != hlen ||
	    (nbytes && fwrite(data, 1, nbytes, o.fp) != nbytes)) {
		free(hdr);
		pc_error_errno("cannot write %s", o.name);
		outfile_abort(&o);
		return -1;
	}
	free(hdr);
	return outfile_commit(&o);
}

struct npy_writer *npy_create(FILE *fp, const char *name, enum npy_dtype t, int ndim,
			      const uint64_t *shape)
{
	struct npy_writer *w;
	uint64_t hshape[NPY_MAX_DIM];
	size_t hlen;
	char *hdr;

	if (ndim < 1 || ndim > NPY_MAX_DIM)
		pc_fatal("internal: npy writer rank %d", ndim);
	w = xcalloc(1, sizeof(*w));
	w->fp = fp;
	w->name = xstrdup(name);
	w->dtype = t;
	w->ndim = ndim;
	memcpy(w->shape, shape, (size_t)ndim * sizeof(*shape));
	memcpy(hshape, shape, (size_t)ndim * sizeof(*shape));
	w->stream = shape[0] == NPY_STREAM;
	w->rowbytes = npy_itemsize(t);
	for (int i = 1; i < ndim; i++)
		w->rowbytes *= shape[i];
	if (w->stream) {
		hshape[0] = 0;
		w->start = ftello(fp);
		if (w->start < 0 || fseeko(fp, w->start, SEEK_SET) != 0) {
			pc_error("%s: the row count is patched in at the end, which needs a "
				 "seekable file", name);
			npy_discard(w);
			return NULL;
		}
	}
	hdr = npy_header(t, ndim, hshape, &hlen);
	if (fwrite(hdr, 1, hlen, fp) != hlen) {
		free(hdr);
		pc_error_errno("cannot write %s", name);
		npy_discard(w);
		return NULL;
	}
	free(hdr);
	return w;
}

int npy_write(struct npy_writer *w, const void *data, uint64_t rows)
{
	size_t n;

	if (w->failed)
		return -1;
	if (!w->stream && w->rows + rows > w->shape[0]) {
		w->failed = 1;
		return pc_error("%s: more than the %llu rows the shape announced", w->name,
				(unsigned long long)w->shape[0]);
	}
	n = (size_t)rows * w->rowbytes;
	if (n && fwrite_unlocked(data, 1, n, w->fp) != n) {
		w->failed = 1;
		return pc_error_errno("cannot write %s", w->name);
	}
	w->rows += rows;
	return 0;
}

uint64_t npy_rows(const struct npy_writer *w)
{
	return w->rows;
}

int npy_finish(struct npy_writer *w)
{
	int ret = -1;

	if (w->failed)
		goto out;
	if (!w->stream && w->rows != w->shape[0]) {
		pc_error("%s: %llu rows written, the shape announced %llu", w->name,
			 (unsigned long long)w->rows, (unsigned long long)w->shape[0]);
		goto out;
	}
	if (w->stream) {
		size_t hlen;
		char *hdr;
		off_t end = ftello(w->fp);

		w->shape[0] = w->rows;
		hdr = npy_header(w->dtype, w->ndim, w->shape, &hlen);
		if (end < 0 || fseeko(w->fp, w->start, SEEK_SET) != 0 ||
		    fwrite(hdr, 1, hlen, w->fp) != hlen || fseeko(w->fp, end, SEEK_SET) != 0) {
			free(hdr);
			pc_error_errno("cannot patch the header of %s", w->name);
			goto out;
		}
		free(hdr);
	}
	if (fflush(w->fp) != 0) {
		pc_error_errno("cannot write %s", w->name);
		goto out;
	}
	ret = 0;
out:
	npy_discard(w);
	return ret;
}

void npy_discard(struct npy_writer *w)
{
	if (!w)
		return;
	free(w->name);
	free(w);
}
