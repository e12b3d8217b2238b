/* dtable: a TSV data set as typed columns; see dtable.h. */
#include "dtable.h"
#include "fnum.h"
#include "msg.h"
#include "parallel.h"
#include "tsv.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

int dtab_is_missing(const char *s, size_t len)
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

static size_t slot_of(const struct dtab_col *c, const char *s, size_t len)
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

uint32_t dtab_lookup(const struct dtab_col *c, const char *s, size_t len)
{
	uint32_t k;

	if (!c->htcap)
		return DTAB_MISSING;
	k = c->ht[slot_of(c, s, len)];
	return k ? k - 1 : DTAB_MISSING;
}

static uint32_t intern(struct dtab_col *c, const char *s, size_t len)
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

void dtab_to_categorical(struct dtab_col *c, size_t nrows)
{
	char buf[40];

	if (!c->numeric)
		return;
	c->id = xmalloc((c->cap ? c->cap : 1) * sizeof(*c->id));
	for (size_t r = 0; r < nrows; r++) {
		if (isnan(c->v[r])) {
			c->id[r] = DTAB_MISSING;
			continue;
		}
		shortest(c->v[r], buf, sizeof(buf));
		c->id[r] = intern(c, buf, strlen(buf));
	}
	if (!c->v_shared)
		free(c->v);
	c->v = NULL;
	c->numeric = 0;
}

/* ---- parallel reading ----
 *
 * The whole input is in memory (mapped for regular files).  The body is cut at line
 * boundaries into chunks; a first pass counts each chunk's lines, so every chunk knows
 * its first row and parses straight into the final columns (no per-chunk buffers, no
 * reallocation).  A column that meets text in some chunk is rebuilt afterwards, in row
 * order, exactly as a sequential reader would have typed it.
 */

#define CHUNK_MIN ((size_t)1 << 20)   /* bytes: smaller inputs are one chunk */
#define HUGE_MIN ((size_t)2 << 20)    /* arrays this large go on huge pages */

struct chunk {
	const char *b, *e;      /* lines [b, e) */
	size_t row0, nrows;
	size_t bad_line;        /* 1-based line in the chunk with a wrong field count, or 0 */
	size_t bad_nf;
	unsigned char *text;    /* per column: met a value that is not a number */
};

struct rjob {
	const char *data, *end;
	struct dtab *d;
	struct chunk *ch;
	int pass;
};

/* Field [p, fend) as a NUL-terminated, unescaped string in *buf; its length. */
static size_t field_copy(const char *p, const char *fend, char **buf, size_t *cap)
{
	size_t n = 0;

	xgrow(buf, cap, (size_t)(fend - p) + 1, 1);
	while (p < fend) {
		if (*p == '\\' && p + 1 < fend) {
			char c = p[1] == 't' ? '\t' : p[1] == 'n' ? '\n' : p[1] == 'r' ? '\r' :
				 p[1] == '\\' ? '\\' : 0;

			if (c) {
				(*buf)[n++] = c;
				p += 2;
				continue;
			}
		}
		(*buf)[n++] = *p++;
	}
	(*buf)[n] = '\0';
	return n;
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

static size_t count_lines(const char *p, const char *e)
{
	size_t n = 0;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));

		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

static void parse_chunk(const struct rjob *j, struct chunk *c)
{
	struct dtab *d = j->d;
	const char *p = c->b;
	size_t r = c->row0, line = 0, cap = 0;
	char *buf = NULL;

	while (p < c->e) {
		const char *cend, *nl = line_end(p, c->e, &cend), *f = p;
		size_t i = 0;

		line++;
		for (;;) {
			const char *fend = f;
			int bs = 0;

			/* fields are short: a byte loop beats two memchr calls */
			while (fend < cend && *fend != '\t')
				bs |= *fend++ == '\\';
			if (i < d->ncols) {
				double *out = &d->cols[i].v[r];
				size_t len = (size_t)(fend - f);

				if (c->text[i] || len == 0) {
					*out = NAN;
				} else if (fend < j->end && !bs) {
					/* a tab, CR or newline follows: strtod stops there */
					if (fnum_parse(f, len, out) < 0) {
						*out = NAN;
						c->text[i] = !dtab_is_missing(f, len);
					}
				} else {
					size_t n = field_copy(f, fend, &buf, &cap);

					if (fnum_parse(buf, n, out) < 0) {
						*out = NAN;
						c->text[i] = !dtab_is_missing(buf, n);
					}
				}
			}
			i++;
			if (fend == cend)
				break;
			f = fend + 1;
		}
		if (i != d->ncols) {
			c->bad_line = line;
			c->bad_nf = i;
			break;
		}
		r++;
		p = nl < c->e ? nl + 1 : nl;
	}
	free(buf);
}

static void read_slice(void *ctx, size_t begin, size_t end, int thread)
{
	const struct rjob *j = ctx;

	(void)thread;
	for (size_t k = begin; k < end; k++) {
		if (j->pass == 0)
			j->ch[k].nrows = count_lines(j->ch[k].b, j->ch[k].e);
		else
			parse_chunk(j, &j->ch[k]);
	}
}

/* Rebuild column ci in row order as the sequential typing rule has it. */
static void retype_column(struct dtab *d, size_t ci, const char *b, const char *e)
{
	struct dtab_col *c = &d->cols[ci];
	size_t r = 0, cap = 0;
	char *buf = NULL;

	c->numeric = 1;
	for (const char *p = b; p < e; r++) {
		const char *cend, *nl = line_end(p, e, &cend), *f = p;
		size_t n;

		for (size_t i = 0; i < ci; i++)
			f = (const char *)memchr(f, '\t', (size_t)(cend - f)) + 1;
		{
			const char *tab = memchr(f, '\t', (size_t)(cend - f));

			n = field_copy(f, tab ? tab : cend, &buf, &cap);
		}
		p = nl < e ? nl + 1 : nl;
		if (c->numeric) {
			if (fnum_parse(buf, n, &c->v[r]) == 0)
				continue;
			if (dtab_is_missing(buf, n)) {
				c->v[r] = NAN;
				continue;
			}
			dtab_to_categorical(c, r);
		}
		c->id[r] = dtab_is_missing(buf, n) ? DTAB_MISSING : intern(c, buf, n);
	}
	free(buf);
}

double *dtab_alloc_values(size_t n)
{
	size_t bytes = (n ? n : 1) * sizeof(double);
	void *p;

	if (bytes < HUGE_MIN)
		return xmalloc(bytes);
	/* whole huge pages: a few faults instead of one per 4 KiB */
	bytes = (bytes + HUGE_MIN - 1) / HUGE_MIN * HUGE_MIN;
	p = aligned_alloc(HUGE_MIN, bytes);
	if (!p)
		pc_fatal("out of memory (%zu bytes)", bytes);
#ifdef MADV_HUGEPAGE
	madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

static struct dtab *parse_text(const char *name, const char *data, size_t len, int threads)
{
	const char *end = data + len, *nl = memchr(data, '\n', len), *body;
	struct tsv *h;
	struct dtab *d;
	struct chunk *ch;
	struct rjob j;
	size_t nch, row = 0;
	unsigned char *any_text;

	if (len == 0) {
		pc_error_at(name, 0, "empty input: no header line");
		return NULL;
	}
	body = nl ? nl + 1 : end;
	h = tsv_open_mem(name, data, (size_t)(body - data));
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

	if (threads < 1)
		threads = 1;
	nch = (size_t)(end - body) / CHUNK_MIN;
	if (nch > (size_t)threads * 4)
		nch = (size_t)threads * 4;
	if (nch < 1)
		nch = 1;
	ch = xcalloc(nch, sizeof(*ch));
	{
		const char *p = body;

		for (size_t k = 0; k < nch; k++) {
			const char *e = k + 1 == nch ? end : body + (size_t)(end - body) * (k + 1) / nch;

			if (e < p)
				e = p;
			if (e < end) {
				const char *q = memchr(e, '\n', (size_t)(end - e));

				e = q ? q + 1 : end;
			}
			ch[k].b = p;
			ch[k].e = e;
			ch[k].text = xcalloc(d->ncols + 1, 1);
			p = e;
		}
	}
	j = (struct rjob){ data, end, d, ch, 0 };
	parallel_for(nch, threads, read_slice, &j);
	for (size_t k = 0; k < nch; k++) {
		ch[k].row0 = row;
		row += ch[k].nrows;
	}
	/* one block for every column: few, large (huge) pages */
	d->vblock = dtab_alloc_values(d->ncols * (row ? row : 1));
	for (size_t i = 0; i < d->ncols; i++) {
		d->cols[i].v = d->vblock + i * (row ? row : 1);
		d->cols[i].v_shared = 1;
		d->cols[i].cap = row;
	}
	j.pass = 1;
	parallel_for(nch, threads, read_slice, &j);
	any_text = xcalloc(d->ncols + 1, 1);
	for (size_t k = 0; k < nch; k++) {
		if (ch[k].bad_line) {
			pc_error_at(name, (long)(1 + ch[k].row0 + ch[k].bad_line),
				    "expected %zu fields, found %zu", d->ncols, ch[k].bad_nf);
			for (size_t q = 0; q < nch; q++)
				free(ch[q].text);
			free(ch);
			free(any_text);
			dtab_free(d);
			return NULL;
		}
		for (size_t i = 0; i < d->ncols; i++)
			any_text[i] |= ch[k].text[i];
	}
	d->nrows = row;
	for (size_t i = 0; i < d->ncols; i++)
		if (any_text[i])
			retype_column(d, i, body, end);
	for (size_t k = 0; k < nch; k++)
		free(ch[k].text);
	free(ch);
	free(any_text);
	return d;
}

struct dtab *dtab_read_threads(const char *path, int threads)
{
	const char *name = !path || !strcmp(path, "-") ? "<stdin>" : path;
	int fd = !path || !strcmp(path, "-") ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	struct dtab *d;
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (fd < 0) {
		pc_error_errno("cannot open %s", path);
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		/* one read into a buffer on huge pages: cheaper than mapping the file page by
		 * page where page faults are expensive (virtual machines) */
		cap = (size_t)st.st_size + 1;
		buf = (char *)dtab_alloc_values(cap / sizeof(double) + 1);
		cap = (cap / sizeof(double) + 1) * sizeof(double);
	}
	for (;;) {
		ssize_t k;

		if (len == cap)
			xgrow(&buf, &cap, len + 65536, 1);
		k = read(fd, buf + len, cap - len);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			pc_error_errno("cannot read %s", name);
			free(buf);
			if (fd)
				close(fd);
			return NULL;
		}
		if (k == 0)
			break;
		len += (size_t)k;
	}
	if (fd)
		close(fd);
	d = parse_text(name, buf, len, threads);
	free(buf);
	return d;
}

struct dtab *dtab_read(const char *path)
{
	return dtab_read_threads(path, 1);
}

struct dtab *dtab_read_mem(const char *name, const char *text, size_t len)
{
	return parse_text(name, text, len, 1);
}

int dtab_read_pair(const char *p1, const char *p2, struct dtab **t1, struct dtab **t2,
		   int threads)
{
	*t1 = dtab_read_threads(p1, threads);
	*t2 = *t1 ? dtab_read_threads(p2, threads) : NULL;
	if (!*t1 || !*t2) {
		dtab_free(*t1);
		*t1 = NULL;
		return -1;
	}
	return 0;
}

void dtab_free(struct dtab *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		struct dtab_col *c = &t->cols[i];

		free(c->name);
		if (!c->v_shared)
			free(c->v);
		free(c->id);
		for (size_t k = 0; k < c->ncats; k++)
			free(c->cats[k]);
		free(c->cats);
		free(c->ht);
	}
	free(t->cols);
	free(t->vblock);
	free(t->name);
	free(t);
}

struct dtab_col *dtab_column(const struct dtab *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}
