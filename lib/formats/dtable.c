/* dtable: a TSV data set as typed columns; see dtable.h. */
#include "formats/dtable.h"
#include "base/fnum.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "base/rd.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

int dtable_is_missing(const char *s, size_t len)
{
	static const char *const marks[] = { "NA", "N/A", "nan", "NaN", "null", "None" };

	if (len == 0)
		return 1;
	if (len > 4)
		return 0;
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strlen(marks[i]) == len && !memcmp(marks[i], s, len))
			return 1;
	return 0;
}

int dtable_is_nonfinite(const char *s, size_t len)
{
	const char *p = s + (len && (*s == '+' || *s == '-'));
	char *end;
	double v;

	if (p == s + len)
		return 0;
	/* cheap refusals first (categorical columns ask for every field): only inf, infinity,
	 * nan and nan(...), and decimal numbers too large for a double (with an exponent or
	 * hundreds of digits) can be read as non-finite; hexadecimal is text, as for fnum */
	if ((*p | 0x20) != 'i' && (*p | 0x20) != 'n') {
		if (!((*p >= '0' && *p <= '9') || *p == '.') || (p[0] == '0' && (p[1] | 0x20) == 'x'))
			return 0;
		if (len < 300 && !memchr(p, 'e', len - (size_t)(p - s)) &&
		    !memchr(p, 'E', len - (size_t)(p - s)))
			return 0;
	}
	errno = 0;
	v = strtod(s, &end);
	return end == s + len && !isfinite(v);
}

static size_t slot_of(const struct dtable_col *c, const char *s, size_t len)
{
	size_t mask = c->htcap - 1, i = (size_t)XXH3_64bits(s, len) & mask;

	for (;;) {
		uint32_t k = c->ht[i];

		if (!k)
			return i;
		if (!strncmp(c->cats[k - 1], s, len) && c->cats[k - 1][len] == '\0')
			return i;
		i = (i + 1) & mask;
	}
}

uint32_t dtable_lookup(const struct dtable_col *c, const char *s, size_t len)
{
	uint32_t k;

	if (!c->htcap)
		return DTAB_MISSING;
	k = c->ht[slot_of(c, s, len)];
	return k ? k - 1 : DTAB_MISSING;
}

static uint32_t intern(struct dtable_col *c, const char *s, size_t len)
{
	size_t i;

	if (2 * (c->ncats + 1) > c->htcap) {
		size_t old = c->htcap;
		uint32_t *oht = c->ht;

		c->htcap = old ? old * 2 : 64;
		c->ht = xcalloc(c->htcap, sizeof(*c->ht));
		for (size_t j = 0; j < old; j++)
			if (oht[j])
				c->ht[slot_of(c, c->cats[oht[j] - 1], strlen(c->cats[oht[j] - 1]))] = oht[j];
		free(oht);
	}
	i = slot_of(c, s, len);
	if (!c->ht[i]) {
		if (c->ncats >= DTAB_MISSING - 1)
			pc_fatal("more than %u categories in column %s", DTAB_MISSING - 1, c->name);
		xgrow(&c->cats, &c->catcap, c->ncats + 1, sizeof(*c->cats));
		c->cats[c->ncats++] = xstrndup(s, len);
		c->ht[i] = (uint32_t)c->ncats;
	}
	return c->ht[i] - 1;
}

/* ---- number codes (see dtable.h) ---- */

#define CODE_MISSING 0xffffffffu
#define CODE_EXACT 0xfffffffeu   /* sign set and d = 31: no number's code */
#define CODE_MBITS 26
#define CODE_MMAX ((uint32_t)1 << CODE_MBITS)
#define CODE_DMAX 22         /* the last of fnum_pow10 */

static inline double code_value(uint32_t k)
{
	double v = (double)(k & (CODE_MMAX - 1)) / fnum_pow10[(k >> CODE_MBITS) & 31];

	return k >> 31 ? -v : v;
}

size_t dtable_values(const struct dtable_col *c, size_t nrows, double *out, int skip_missing)
{
	const double *x = c->exact;
	size_t n = 0;

	for (size_t r = 0; r < nrows; r++) {
		uint32_t k = c->code[r];

		if (k < CODE_EXACT)
			out[n++] = code_value(k);
		else if (k == CODE_EXACT)
			out[n++] = *x++;
		else if (!skip_missing)
			out[n++] = NAN;
	}
	return n;
}

/*
 * Digits eight at a time (SWAR): the input is padded (PAD readable bytes past the end),
 * so eight bytes can always be loaded; a run of digits never crosses a line's end.
 */
#define PAD 16

static const uint64_t pow10u[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
				    100000000 };

static inline uint64_t load8(const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* How many of w's bytes, first byte lowest, are digits before the first non-digit. */
static inline unsigned digit_run(uint64_t w)
{
	uint64_t t = (w & 0xf0f0f0f0f0f0f0f0ULL) |
		     (((w + 0x0606060606060606ULL) & 0xf0f0f0f0f0f0f0f0ULL) >> 4);

	t ^= 0x3333333333333333ULL;   /* zero bytes: digits */
	return t ? (unsigned)__builtin_ctzll(t) >> 3 : 8;
}

/* The value of w's first n (1..8) bytes as decimal digits. */
static inline uint64_t digits_value(uint64_t w, unsigned n)
{
	/* subtracting borrows only upwards, from the bytes after the digits */
	w = (w - 0x3030303030303030ULL) << (8 * (8 - n));
	w = w * 10 + (w >> 8);
	return (((w & 0x000000ff000000ffULL) * (100 + (1000000ULL << 32))) +
		(((w >> 16) & 0x000000ff000000ffULL) * (1 + (10000ULL << 32)))) >> 32;
}

/* Digits at *q into *m (up to 20; more only show in the count); how many. */
static inline long read_digits(const char **q, uint64_t *m)
{
	long total = 0;

	for (;;) {
		uint64_t w = load8(*q);
		unsigned n = digit_run(w);

		if (n) {
			*m = *m * pow10u[n] + digits_value(w, n);
			*q += n;
			total += n;
		}
		if (n < 8 || total > 19)
			return total;
	}
}

/*
 * The number at p, for the common case: [+-]digits[.digits][(e|E)[+-]digits] with at
 * most 19 digits and a small exponent.  1 with *code set, or with *code = CODE_EXACT and
 * *v the value when no code holds it; 0 when the field is anything else (fnum_parse then
 * decides).  *end is where the number stops.
 */
static inline int quick_number(const char *p, const char **end, uint32_t *code, double *v)
{
	const char *q = p;
	uint64_t m = 0;
	uint32_t neg = 0;
	long nd, nfrac = 0, e = 0;

	if (*q == '-' || *q == '+')
		neg = *q++ == '-';
	nd = read_digits(&q, &m);
	if (*q == '.') {
		q++;
		nfrac = read_digits(&q, &m);
		nd += nfrac;
	}
	if (nd == 0 || nd > 19)
		return 0;
	if ((*q | 0x20) == 'e') {
		int eneg = 0;
		const char *e0;

		q++;
		if (*q == '-' || *q == '+')
			eneg = *q++ == '-';
		e0 = q;
		while ((unsigned)(*q - '0') < 10 && q - e0 < 4)
			e = e * 10 + (*q++ - '0');
		if (q == e0 || q - e0 >= 4)
			return 0;
		if (eneg)
			e = -e;
	}
	*end = q;
	e = nfrac - e;   /* the value is m / 10^e */
	if (e < 0 && e >= -7 && m < CODE_MMAX) {
		m *= pow10u[-e];
		e = 0;
	}
	if (e >= 0 && e <= CODE_DMAX && m < CODE_MMAX) {
		*code = neg << 31 | (uint32_t)e << CODE_MBITS | (uint32_t)m;
		return 1;
	}
	if (fnum_scaled(m, -e, (int)neg, v) < 0)
		return 0;
	*code = CODE_EXACT;
	return 1;
}

static void shortest(double v, char *buf, size_t size)
{
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, size, "%.0f", v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

void dtable_to_categorical(struct dtable_col *c, size_t nrows)
{
	const double *x = c->exact;
	char buf[40];

	if (!c->numeric)
		return;
	c->id = xmalloc_huge(c->cap ? c->cap : 1, sizeof(*c->id));
	for (size_t r = 0; r < nrows; r++) {
		uint32_t k = c->code[r];

		if (k == CODE_MISSING) {
			c->id[r] = DTAB_MISSING;
			continue;
		}
		shortest(k == CODE_EXACT ? *x++ : code_value(k), buf, sizeof(buf));
		c->id[r] = intern(c, buf, strlen(buf));
	}
	free(c->code);
	free(c->exact);
	c->code = NULL;
	c->exact = NULL;
	c->nexact = c->exactcap = 0;
	c->numeric = 0;
	c->nonfinite = 0;
}

/* ---- reading ----
 *
 * The input is read in blocks of whole lines.  A block is cut at line boundaries into
 * chunks; a first parallel pass counts each chunk's lines, so every chunk knows its first
 * row, and a second parses straight into the columns.  Values no code holds are listed
 * per chunk and appended in chunk order.  Categorical columns, and columns that meet text
 * in this block, are then typed in one sequential pass over the block, in row order,
 * exactly as a sequential reader would type them.
 */

#define BLOCK ((size_t)16 << 20)      /* bytes read at a time */

static size_t block_bytes = BLOCK;

void dtable_set_block(size_t bytes)
{
	block_bytes = bytes ? bytes : BLOCK;
}
#define CHUNK_MIN ((size_t)1 << 20)   /* bytes: smaller blocks are one chunk */

struct dvec {
	double *v;
	size_t n, cap;
};

struct chunk {
	const char *b, *e;      /* lines [b, e) */
	size_t row0, nrows;
	size_t bad_line;        /* 1-based line in the chunk with a wrong field count, or 0 */
	size_t bad_nf;
	size_t long_line;       /* 1-based line in the chunk longer than RD_MAX_LINE, or 0 */
	size_t *nonfinite;      /* per column: non-finite numbers read as missing */
	unsigned char *text;    /* per column: met a value that is not a number */
	struct dvec *exact;     /* per column: values no code holds */
};

struct reader {
	const char *name;
	struct dtable *d;
	int threads;
	size_t rows_hint;       /* expected rows (regular files), 0 if unknown */
	struct chunk *ch;
	size_t nch;
	int pass;
	char *buf;              /* field_copy's buffer (sequential pass) */
	size_t bufcap;
};

/* Field [p, fend) as a NUL-terminated, unescaped string in *buf; its length. */
static size_t field_copy(const char *p, const char *fend, char **buf, size_t *cap)
{
	xgrow(buf, cap, (size_t)(fend - p) + 1, 1);
	return tsv_unescape(*buf, p, (size_t)(fend - p));
}

/* End of the line starting at p (the newline, or `end`) and its content end (no CR). */
static const char *line_end(const char *p, const char *end, const char **cend)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	if (!nl)
		nl = end;
	*cend = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
	return nl;
}

/* Lines in [p, e); the first longer than RD_MAX_LINE (1-based) into *long_line, when
 * not NULL and still 0. */
static size_t count_lines(const char *p, const char *e, size_t *long_line)
{
	size_t n = 0;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));

		n++;
		if (long_line && !*long_line && (size_t)((nl ? nl : e) - p) > RD_MAX_LINE)
			*long_line = n;
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

static void push_exact(struct chunk *c, size_t col, double v)
{
	struct dvec *x = &c->exact[col];

	xgrow(&x->v, &x->cap, x->n + 1, sizeof(double));
	x->v[x->n++] = v;
}

/* A field the quick path did not take, [f, fend): its code, or CODE_MISSING with the
 * chunk's text flag set when it is text (a non-finite number is counted, not text). */
static uint32_t slow_field(struct chunk *c, size_t col, const char *f, const char *fend,
			   char **buf, size_t *cap)
{
	size_t n = field_copy(f, fend, buf, cap);
	double v;

	if (fnum_parse(*buf, n, &v) == 0) {
		push_exact(c, col, v);
		return CODE_EXACT;
	}
	if (dtable_is_missing(*buf, n))
		return CODE_MISSING;
	if (dtable_is_nonfinite(*buf, n))
		c->nonfinite[col]++;
	else
		c->text[col] = 1;
	return CODE_MISSING;
}

/* First tab or newline from p, or e. */
static inline const char *field_stop(const char *p, const char *e)
{
	while (p < e && *p != '\t' && *p != '\n')
		p++;
	return p;
}

/* Whether a field that stops at t (before e) ends its line; the content then ends before
 * a CR that precedes the newline (or the end). */
static inline int at_eol(const char *t, const char *e)
{
	return t == e || *t == '\n';
}

static void parse_chunk(const struct reader *rd, struct chunk *c)
{
	struct dtable *d = rd->d;
	const char *p = c->b, *e = c->e;
	size_t r = c->row0, line = 0, cap = 0;
	char *buf = NULL;

	while (p < e) {
		size_t i = 0;
		int eol;

		line++;
		do {
			const char *t, *q = p;
			uint32_t code = CODE_MISSING;
			double v = 0;
			int quick = 0;

			if (i < d->ncols && d->cols[i].numeric && !c->text[i] &&
			    quick_number(p, &q, &code, &v)) {
				t = q + (*q == '\r' && (q + 1 == e || q[1] == '\n'));
				quick = t == e || *t == '\t' || *t == '\n';
			}
			if (!quick)
				t = field_stop(q, e);
			eol = at_eol(t, e);
			if (i < d->ncols && d->cols[i].numeric && !c->text[i]) {
				if (!quick) {
					const char *fe = eol && t > p && t[-1] == '\r' ? t - 1 : t;

					code = fe == p ? CODE_MISSING :
					       slow_field(c, i, p, fe, &buf, &cap);
				} else if (code == CODE_EXACT) {
					push_exact(c, i, v);
				}
				d->cols[i].code[r] = code;
			}
			i++;
			p = t < e ? t + 1 : e;
		} while (!eol);
		if (i != d->ncols) {
			c->bad_line = line;
			c->bad_nf = i;
			break;
		}
		r++;
	}
	free(buf);
}

static void chunk_slice(void *ctx, size_t begin, size_t end, int thread)
{
	const struct reader *rd = ctx;

	(void)thread;
	for (size_t k = begin; k < end; k++) {
		if (rd->pass == 0)
			rd->ch[k].nrows = count_lines(rd->ch[k].b, rd->ch[k].e, &rd->ch[k].long_line);
		else
			parse_chunk(rd, &rd->ch[k]);
	}
}

/* Room for `need` rows in every column. */
static void reserve_rows(struct dtable *d, size_t need, size_t hint)
{
	size_t cap;

	if (d->ncols == 0 || need <= d->cols[0].cap)
		return;
	cap = d->cols[0].cap * 2;
	if (cap < need)
		cap = need;
	if (cap < hint)
		cap = hint;
	for (size_t i = 0; i < d->ncols; i++) {
		struct dtable_col *c = &d->cols[i];
		uint32_t **a = c->numeric ? &c->code : &c->id;
		uint32_t *n = xmalloc_huge(cap, sizeof(uint32_t));

		if (*a)
			memcpy(n, *a, d->nrows * sizeof(uint32_t));
		free(*a);
		*a = n;
		c->cap = cap;
	}
}

/* Type the categorical columns, and those that met text, over the block's lines. */
static void type_text_columns(struct reader *rd, const char *b, const char *e,
			      const unsigned char *flag)
{
	struct dtable *d = rd->d;
	size_t r = d->nrows;

	for (const char *p = b; p < e; r++) {
		const char *cend, *nl = line_end(p, e, &cend), *f = p;

		for (size_t i = 0; i < d->ncols; i++) {
			struct dtable_col *c = &d->cols[i];
			const char *fend = memchr(f, '\t', (size_t)(cend - f));
			size_t n, whole;
			double v;
			int missing;

			if (!fend)
				fend = cend;
			if (c->numeric && !flag[i]) {
				f = fend + 1;
				continue;
			}
			/* typed by all its bytes, as the parallel pass does */
			whole = field_copy(f, fend, &rd->buf, &rd->bufcap);
			n = strlen(rd->buf);   /* a category is a C string: it ends at a NUL */
			f = fend + 1;
			missing = dtable_is_missing(rd->buf, whole) ||
				  dtable_is_nonfinite(rd->buf, whole);
			if (c->numeric) {
				/* the parallel pass coded the numbers up to here */
				if (missing || fnum_parse(rd->buf, whole, &v) == 0)
					continue;
				dtable_to_categorical(c, r);
			}
			c->id[r] = missing ? DTAB_MISSING : intern(c, rd->buf, n);
		}
		p = nl < e ? nl + 1 : nl;
	}
}

/* Parse the whole lines [b, e), followed by PAD readable bytes that are not digits, into
 * the next rows; 0, or -1 after reporting. */
static int take_block(struct reader *rd, const char *b, const char *e)
{
	struct dtable *d = rd->d;
	size_t nch = (size_t)(e - b) / CHUNK_MIN, rows = 0;
	unsigned char *flag;
	int any = 0, err = 0;

	if (b == e)
		return 0;
	if (nch > (size_t)rd->threads * 2)
		nch = (size_t)rd->threads * 2;
	if (nch < 1)
		nch = 1;
	if (nch > rd->nch) {
		rd->ch = xreallocarray(rd->ch, nch, sizeof(*rd->ch));
		for (size_t k = rd->nch; k < nch; k++) {
			rd->ch[k].text = xcalloc(d->ncols + 1, 1);
			rd->ch[k].exact = xcalloc(d->ncols + 1, sizeof(struct dvec));
			rd->ch[k].nonfinite = xcalloc(d->ncols + 1, sizeof(size_t));
		}
		rd->nch = nch;
	}
	for (size_t k = 0, at = 0; k < nch; k++) {
		const char *p = b + at, *q = k + 1 == nch ? e : b + (size_t)(e - b) * (k + 1) / nch;

		if (q < p)
			q = p;
		if (q < e) {
			const char *nl = memchr(q, '\n', (size_t)(e - q));

			q = nl ? nl + 1 : e;
		}
		rd->ch[k].b = p;
		rd->ch[k].e = q;
		rd->ch[k].bad_line = 0;
		rd->ch[k].long_line = 0;
		memset(rd->ch[k].text, 0, d->ncols + 1);
		memset(rd->ch[k].nonfinite, 0, (d->ncols + 1) * sizeof(size_t));
		at = (size_t)(q - b);
	}
	rd->pass = 0;
	parallel_for(nch, rd->threads, chunk_slice, rd);
	for (size_t k = 0; k < nch; k++) {
		rd->ch[k].row0 = d->nrows + rows;
		if (rd->ch[k].long_line)
			return pc_error_at(rd->name, (long)(1 + rd->ch[k].row0 + rd->ch[k].long_line),
					   "line longer than %zu bytes", RD_MAX_LINE);
		rows += rd->ch[k].nrows;
	}
	reserve_rows(d, d->nrows + rows, rd->rows_hint);
	rd->pass = 1;
	parallel_for(nch, rd->threads, chunk_slice, rd);

	flag = xcalloc(d->ncols + 1, 1);
	for (size_t k = 0; k < nch; k++) {
		struct chunk *c = &rd->ch[k];

		if (c->bad_line && !err) {
			pc_error_at(rd->name, (long)(1 + c->row0 + c->bad_line),
				    "expected %zu fields, found %zu", d->ncols, c->bad_nf);
			err = -1;
		}
		for (size_t i = 0; i < d->ncols; i++) {
			struct dvec *x = &c->exact[i];
			struct dtable_col *col = &d->cols[i];

			flag[i] |= c->text[i];
			col->nonfinite += c->nonfinite[i];
			if (x->n && !err) {
				xgrow(&col->exact, &col->exactcap, col->nexact + x->n, sizeof(double));
				memcpy(col->exact + col->nexact, x->v, x->n * sizeof(double));
				col->nexact += x->n;
			}
			x->n = 0;
		}
	}
	for (size_t i = 0; i < d->ncols; i++)
		any |= flag[i] || !d->cols[i].numeric;
	if (any && !err)
		type_text_columns(rd, b, e, flag);
	free(flag);
	if (!err)
		d->nrows += rows;
	return err;
}

static struct dtable *new_table(const char *name, const char *line, size_t len)
{
	struct tsv *h = tsv_open_mem(name, line, len);
	struct dtable *d;

	if (!h)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	d->name = xstrdup(name);
	d->ncols = h->ncols;
	d->cols = xcalloc(d->ncols, sizeof(*d->cols));
	for (size_t i = 0; i < d->ncols; i++) {
		d->cols[i].name = xstrdup(h->cols[i]);
		d->cols[i].numeric = 1;
	}
	tsv_close(h);
	return d;
}

static void reader_done(struct reader *rd)
{
	for (size_t k = 0; k < rd->nch; k++) {
		for (size_t i = 0; i < rd->d->ncols; i++)
			free(rd->ch[k].exact[i].v);
		free(rd->ch[k].exact);
		free(rd->ch[k].text);
		free(rd->ch[k].nonfinite);
	}
	free(rd->ch);
	free(rd->buf);
}

/* Rows to expect from a file of `size` bytes whose first block [b, e) has n lines. */
static size_t rows_hint(size_t size, const char *b, const char *e)
{
	size_t n = count_lines(b, e, NULL);

	if (!n || !size || b == e)
		return 0;
	return (size_t)((double)size / ((double)(e - b) / (double)n) * 1.05) + 64;
}

/* End of the last whole line in [b, e): one past its newline, or b. */
static const char *last_line_end(const char *b, const char *e)
{
	const char *p = e;

	while (p > b && p[-1] != '\n')
		p--;
	return p;
}

/*
 * Reading.  A regular file is read with pread on all threads, a slice each, so the copy
 * out of the page cache does not leave the other processors idle; anything else with
 * read.  Bytes read into p[0..want), or -1 after reporting.
 */
struct fill {
	int fd;
	char *p;
	off_t off;
	size_t want;
	int threads, bad;
	size_t got[64];
};

static void fill_slice(void *ctx, size_t begin, size_t end, int thread)
{
	struct fill *f = ctx;

	(void)thread;
	for (size_t t = begin; t < end; t++) {
		size_t lo = f->want * t / (size_t)f->threads, hi = f->want * (t + 1) / (size_t)f->threads;
		size_t got = 0;

		while (lo + got < hi) {
			ssize_t k = pread(f->fd, f->p + lo + got, hi - lo - got, f->off + (off_t)(lo + got));

			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0)
				f->bad = errno;
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		f->got[t] = got;
	}
}

static ssize_t fill(const char *name, int fd, off_t *off, char *p, size_t want, int threads)
{
	struct fill f = { fd, p, 0, want, threads > 64 ? 64 : threads < 1 ? 1 : threads, 0, { 0 } };
	size_t total = 0;

	if (*off < 0) {
		for (;;) {
			ssize_t k = read(fd, p, want);

			if (k >= 0 || errno != EINTR) {
				if (k < 0)
					pc_error_errno("cannot read %s", name);
				return k;
			}
		}
	}
	f.off = *off;
	parallel_for((size_t)f.threads, f.threads, fill_slice, &f);
	if (f.bad) {
		errno = f.bad;
		pc_error_errno("cannot read %s", name);
		return -1;
	}
	/* a short slice is the end of the file: the bytes read end there */
	for (int t = 0; t < f.threads; t++) {
		total += f.got[t];
		if (f.got[t] < want * (size_t)(t + 1) / (size_t)f.threads - want * (size_t)t / (size_t)f.threads)
			break;
	}
	*off += (off_t)total;
	return (ssize_t)total;
}

static struct dtable *read_fd(const char *name, int fd, size_t size, int threads)
{
	struct reader rd = { .name = name, .threads = threads < 1 ? 1 : threads };
	char *buf = NULL;
	size_t len = 0, cap = 0, start = 0;
	int eof = 0, err = 0, starved = 0;
	off_t off = size ? lseek(fd, 0, SEEK_CUR) : -1;

	while (!err) {
		const char *b, *e;

		if (!eof && (len - start < block_bytes || !rd.d || starved)) {
			ssize_t k;

			if (start) {
				memmove(buf, buf + start, len - start);
				len -= start;
				start = 0;
			}
			if (cap - len < block_bytes + PAD)
				xgrow(&buf, &cap, len + block_bytes + PAD, 1);
			k = fill(name, fd, &off, buf + len, cap - len - PAD, rd.threads);
			if (k < 0) {
				err = -1;
				break;
			}
			eof = k == 0;
			len += (size_t)k;
			memset(buf + len, 0, PAD);
			starved = 0;
			if (!eof && len - start < block_bytes)
				continue;
		}
		b = buf + start;
		e = eof ? buf + len : last_line_end(b, buf + len);
		if (!rd.d) {
			const char *nl = memchr(b, '\n', (size_t)(buf + len - b));

			if (!nl && !eof) {
				if (len - start > RD_MAX_LINE) {
					pc_error_at(name, 1, "line longer than %zu bytes", RD_MAX_LINE);
					err = -1;
					break;
				}
				continue;   /* the header line goes on */
			}
			if (len == 0) {
				pc_error_at(name, 0, "empty input: no header line");
				err = -1;
				break;
			}
			rd.d = new_table(name, b, nl ? (size_t)(nl + 1 - b) : len);
			if (!rd.d) {
				err = -1;
				break;
			}
			b = nl ? nl + 1 : buf + len;
			start = (size_t)(b - buf);
			if (size)
				rd.rows_hint = rows_hint(size, b, e > b ? e : b);
		}
		if (e <= b && !eof) {
			if ((size_t)(buf + len - b) > RD_MAX_LINE) {
				pc_error_at(name, (long)(2 + rd.d->nrows), "line longer than %zu bytes",
					    RD_MAX_LINE);
				err = -1;
				break;
			}
			starved = 1;   /* a line longer than a block: read on */
			continue;
		}
		if (take_block(&rd, b, e) < 0)
			err = -1;
		start = (size_t)(e - buf);
		if (eof)
			break;
	}
	free(buf);
	if (rd.d)
		reader_done(&rd);
	if (err) {
		dtable_free(rd.d);
		return NULL;
	}
	return rd.d;
}

/* One warning a file when non-finite numbers were read as missing values. */
static void warn_nonfinite(const struct dtable *d)
{
	size_t total = 0, cols = 0, first = 0;

	for (size_t i = 0; i < d->ncols; i++) {
		if (!d->cols[i].numeric || !d->cols[i].nonfinite)
			continue;
		if (!cols++)
			first = i;
		total += d->cols[i].nonfinite;
	}
	if (cols == 1)
		pc_warn_at(d->name, 0, "%zu non-finite number%s (inf, -inf, NaN) read as missing "
			   "in column '%s'", total, total == 1 ? "" : "s", d->cols[first].name);
	else if (cols > 1)
		pc_warn_at(d->name, 0, "%zu non-finite numbers (inf, -inf, NaN) read as missing in "
			   "%zu columns, the first '%s'", total, cols, d->cols[first].name);
}

struct dtable *dtable_read_threads(const char *path, int threads)
{
	const char *name = !path || !strcmp(path, "-") ? "<stdin>" : path;
	int fd = !path || !strcmp(path, "-") ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	struct dtable *d;

	if (fd < 0) {
		pc_error_errno("cannot open %s", path);
		return NULL;
	}
	d = read_fd(name, fd,
		    fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, threads);
	if (fd)
		close(fd);
	if (d)
		warn_nonfinite(d);
	return d;
}

struct dtable *dtable_read(const char *path)
{
	return dtable_read_threads(path, 1);
}

struct dtable *dtable_read_mem(const char *name, const char *text, size_t len)
{
	struct reader rd = { .name = name, .threads = 1 };
	const char *nl = len ? memchr(text, '\n', len) : NULL, *b;
	struct dtable *d;
	char *padded;
	int err;

	if (len == 0) {
		pc_error_at(name, 0, "empty input: no header line");
		return NULL;
	}
	b = nl ? nl + 1 : text + len;
	d = rd.d = new_table(name, text, (size_t)(b - text));
	if (!d)
		return NULL;
	padded = xcalloc(len - (size_t)(b - text) + PAD, 1);
	memcpy(padded, b, len - (size_t)(b - text));
	err = take_block(&rd, padded, padded + (len - (size_t)(b - text)));
	free(padded);
	reader_done(&rd);
	if (err < 0) {
		dtable_free(d);
		d = NULL;
	}
	if (d)
		warn_nonfinite(d);
	return d;
}

int dtable_read_pair(const char *p1, const char *p2, struct dtable **t1, struct dtable **t2,
		   int threads)
{
	*t1 = dtable_read_threads(p1, threads);
	*t2 = *t1 ? dtable_read_threads(p2, threads) : NULL;
	if (!*t1 || !*t2) {
		dtable_free(*t1);
		*t1 = NULL;
		return -1;
	}
	return 0;
}

void dtable_free(struct dtable *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		struct dtable_col *c = &t->cols[i];

		free(c->name);
		free(c->code);
		free(c->exact);
		free(c->id);
		for (size_t k = 0; k < c->ncats; k++)
			free(c->cats[k]);
		free(c->cats);
		free(c->ht);
	}
	free(t->cols);
	free(t->name);
	free(t);
}

struct dtable_col *dtable_column(const struct dtable *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}
