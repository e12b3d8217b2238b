/*
 * rd: a buffered byte reader over a file descriptor or a block of memory, the layer under
 * every parser (TSV, CSV, tensor streams).
 *
 * The parser looks at buf[start..end), consumes bytes with rd_consume(), and calls
 * rd_more() when it needs more; rd_more() may move the data (so parsers keep offsets from
 * `start`, not pointers, across calls) and grows the buffer up to a bound, so one record
 * can never make the reader allocate without limit.
 */
#ifndef PC_RD_H
#define PC_RD_H

#include <stddef.h>
#include <stdint.h>

struct rd {
	char *buf;
	size_t cap;       /* allocated size of buf */
	size_t start;     /* first unconsumed byte */
	size_t end;       /* one past the last byte read */
	size_t max;       /* largest buffer rd_more() may grow to */
	uint64_t offset;  /* stream offset of buf[0] */
	int fd;
	int eof;
	int own_fd;
	const char *name; /* for messages: the path or "<stdin>" */
	char *name_alloc;
};

#define RD_DEFAULT_MAX ((size_t)1 << 30)

/* The longest line the text readers (TSV, CSV, drift tables) accept, its line end not
 * counted: a longer one is refused as "file:line: line longer than N bytes" (a CSV
 * record, which may span lines inside quotes: "record longer than N bytes"), so one line
 * can never make a reader, or what it feeds, allocate without limit (pc-formats(5)). */
#define RD_MAX_LINE ((size_t)16 << 20)

/* Open `path` ("-" or NULL: standard input); returns 0 or -1 after reporting. */
int rd_open(struct rd *r, const char *path);
/* Read from an already open descriptor, named `name` in messages. */
void rd_open_fd(struct rd *r, int fd, const char *name);
/* Read from a copy of `len` bytes at `data`. */
void rd_open_mem(struct rd *r, const char *name, const void *data, size_t len);
void rd_close(struct rd *r);

/* Read more bytes after `end`: 1 if some arrived, 0 at end of input, -1 on a read error or
 * when the unconsumed data already fills the largest allowed buffer (both reported). */
int rd_more(struct rd *r);
/* Make at least `n` unconsumed bytes available: 1 if so, 0 if input ends first, -1 on
 * error (reported). */
int rd_need(struct rd *r, size_t n);

static inline size_t rd_avail(const struct rd *r) { return r->end - r->start; }
static inline const char *rd_ptr(const struct rd *r) { return r->buf + r->start; }
static inline void rd_consume(struct rd *r, size_t n) { r->start += n; }
/* Stream offset of the next unconsumed byte. */
static inline uint64_t rd_tell(const struct rd *r) { return r->offset + r->start; }

#endif
