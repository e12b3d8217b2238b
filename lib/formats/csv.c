/* csv: an RFC 4180 reader; see csv.h. */
#include "formats/csv.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Characters that end an unquoted run. */
static unsigned char special[256];

static void init_special(void)
{
	special[(unsigned char)','] = 1;
	special[(unsigned char)'\n'] = 1;
	special[(unsigned char)'\r'] = 1;
	special[(unsigned char)'"'] = 1;
	special[0] = 1;   /* a NUL byte: refused (no field can hold one) */
}

static int nul_byte(const struct csv *c, long line)
{
	return pc_error_at(c->rd.name, line, "NUL byte in a field");
}

static int too_long(const struct csv *c)
{
	return pc_error_at(c->rd.name, c->next_line, "record longer than %zu bytes", RD_MAX_LINE);
}

static void rec_append(struct csv *c, const char *s, size_t n)
{
	xgrow(&c->rec, &c->rec_cap, c->rec_len + n + 1, 1);
	memcpy(c->rec + c->rec_len, s, n);
	c->rec_len += n;
}

static void field_end(struct csv *c, size_t off)
{
	xgrow(&c->f, &c->fcap, c->nf + 1, sizeof(*c->f));
	c->f[c->nf].off = off;
	c->f[c->nf].len = c->rec_len - off;
	c->nf++;
	xgrow(&c->rec, &c->rec_cap, c->rec_len + 1, 1);
	c->rec[c->rec_len++] = '\0';
}

/*
 * Parse one record from the unconsumed buffer.  Returns 1 with the record parsed and
 * consumed, 2 when the buffer ends before the record does (nothing consumed: read more
 * and parse again), 3 for a blank line (consumed, no record), or -1 on error.  At end
 * of input the record may end there.
 */
static int parse(struct csv *c)
{
	struct rd *r = &c->rd;
	const char *p = rd_ptr(r), *end = p + rd_avail(r);
	long line = c->next_line;

	c->nf = 0;
	c->rec_len = 0;
	if (p < end && (*p == '\n' || *p == '\r')) {
		/* a blank line is no record (Python's reader gives an empty row; we skip it) */
		if (*p == '\r' && p + 1 == end && !r->eof)
			return 2;
		p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
		c->next_line++;
		rd_consume(r, (size_t)(p - rd_ptr(r)));
		return 3;
	}
	for (;;) {
		size_t off = c->rec_len;

		if (p < end && *p == '"') {
			long qline = line;

			p++;
			for (;;) {
				const char *q = memchr(p, '"', (size_t)(end - p));

				if (!q) {
					if (!r->eof)
						return 2;
					return pc_error_at(r->name, qline,
							   "quoted field not closed before end of input");
				}
				const char *z = memchr(p, '\0', (size_t)(q - p));

				for (const char *n = p; (n = memchr(n, '\n', (size_t)((z ? z : q) - n)));
				     n++)
					line++;
				if (z)
					return nul_byte(c, line);
				/* a lone CR inside quotes also starts a line in Python's counting */
				rec_append(c, p, (size_t)(q - p));
				p = q + 1;
				if (p == end && !r->eof)
					return 2;
				if (p < end && *p == '"') {
					rec_append(c, "\"", 1);
					p++;
					continue;
				}
				break;
			}
		}
		/* unquoted text, or text after a closing quote (kept, as Python does) */
		for (;;) {
			const char *s = p;

			while (p < end && !special[(unsigned char)*p])
				p++;
			if (p < end && !*p)
				return nul_byte(c, line);
			rec_append(c, s, (size_t)(p - s));
			if (p < end && *p == '"') {
				rec_append(c, "\"", 1);
				p++;
				continue;
			}
			break;
		}
		if (p == end) {
			if (!r->eof)
				return 2;
			if ((size_t)(p - rd_ptr(r)) > RD_MAX_LINE)
				return too_long(c);
			field_end(c, off);
			break;
		}
		if (*p == ',') {
			field_end(c, off);
			p++;
			continue;
		}
		/* end of record: \n, \r or \r\n */
		if ((size_t)(p - rd_ptr(r)) > RD_MAX_LINE)
			return too_long(c);
		field_end(c, off);
		if (*p == '\r') {
			if (p + 1 == end && !r->eof)
				return 2;
			if (p + 1 < end && p[1] == '\n')
				p++;
		}
		p++;
		line++;
		break;
	}
	c->line = c->next_line;
	c->next_line = line;
	rd_consume(r, (size_t)(p - rd_ptr(r)));
	return 1;
}

static int read_record(struct csv *c)
{
	for (;;) {
		int m;

		if (!rd_avail(&c->rd)) {
			m = rd_more(&c->rd);
			if (m < 0)
				return -1;
			if (m == 0)
				return 0;
		}
		m = parse(c);
		if (m == 3)
			continue;
		if (m != 2)
			return m;
		/* no record end in sight: even a CR LF still to come leaves it too long */
		if (rd_avail(&c->rd) > RD_MAX_LINE + 2)
			return too_long(c);
		if (rd_more(&c->rd) < 0)
			return -1;
	}
}

static struct csv *finish_open(struct csv *c)
{
	int m;

	if (!special[','])
		init_special();
	c->next_line = 1;
	c->check_width = 1;
	m = read_record(c);
	if (m <= 0) {
		if (m == 0)
			pc_error_at(c->rd.name, 0, "empty input: no header line");
		csv_close(c);
		return NULL;
	}
	c->ncols = c->nf;
	c->cols = xcalloc(c->ncols, sizeof(*c->cols));
	for (size_t i = 0; i < c->nf; i++)
		c->cols[i] = xstrndup(csv_field(c, i), csv_len(c, i));
	return c;
}

struct csv *csv_open(const char *path)
{
	struct csv *c = xcalloc(1, sizeof(*c));

	if (rd_open(&c->rd, path) < 0) {
		free(c);
		return NULL;
	}
	return finish_open(c);
}

struct csv *csv_open_mem(const char *name, const void *data, size_t len)
{
	struct csv *c = xcalloc(1, sizeof(*c));

	rd_open_mem(&c->rd, name, data, len);
	return finish_open(c);
}

struct csv *csv_open_rd(struct rd *r)
{
	struct csv *c = xcalloc(1, sizeof(*c));

	c->rd = *r;
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	return finish_open(c);
}

void csv_close(struct csv *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ncols; i++)
		free(c->cols[i]);
	free(c->cols);
	free(c->f);
	free(c->rec);
	rd_close(&c->rd);
	free(c);
}

int csv_next(struct csv *c)
{
	int m = read_record(c);

	if (m <= 0)
		return m;
	if (c->check_width && c->nf != c->ncols)
		return pc_error_at(c->rd.name, c->line, "expected %zu fields, found %zu",
				   c->ncols, c->nf);
	return 1;
}

int csv_column(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->ncols; i++)
		if (!strcmp(c->cols[i], name))
			return (int)i;
	return -1;
}

int csv_require_column(const struct csv *c, const char *name)
{
	int i = csv_column(c, name);

	if (i < 0)
		return pc_error_at(c->rd.name, 1, "no column '%s' in the header", name);
	return i;
}

void csv_put(FILE *fp, const char *s, size_t len)
{
	const char *end = s + len, *run = s;
	int quote = 0;

	for (const char *p = s; p < end; p++) {
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r') {
			quote = 1;
			break;
		}
	}
	if (!quote) {
		fwrite_unlocked(s, 1, len, fp);
		return;
	}
	putc_unlocked('"', fp);
	for (const char *p = s; p < end; p++) {
		if (*p == '"') {
			fwrite_unlocked(run, 1, (size_t)(p + 1 - run), fp);
			putc_unlocked('"', fp);
			run = p + 1;
		}
	}
	fwrite_unlocked(run, 1, (size_t)(end - run), fp);
	putc_unlocked('"', fp);
}

void csv_puts(FILE *fp, const char *s)
{
	csv_put(fp, s, strlen(s));
}
