/* rd: buffered byte reader; see rd.h. */
#include "base/rd.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RD_CHUNK ((size_t)1 << 18)

static void init(struct rd *r)
{
	memset(r, 0, sizeof(*r));
	r->max = RD_DEFAULT_MAX;
	r->fd = -1;
}

int rd_open(struct rd *r, const char *path)
{
	init(r);
	if (!path || !strcmp(path, "-")) {
		rd_open_fd(r, 0, "<stdin>");
		return 0;
	}
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return pc_error_errno("cannot open %s", path);
	r->own_fd = 1;
	r->name = r->name_alloc = xstrdup(path);
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	return 0;
}

void rd_open_fd(struct rd *r, int fd, const char *name)
{
	init(r);
	r->fd = fd;
	r->name = r->name_alloc = xstrdup(name);
}

void rd_open_mem(struct rd *r, const char *name, const void *data, size_t len)
{
	init(r);
	r->name = r->name_alloc = xstrdup(name);
	r->cap = len + 1;
	r->buf = xmalloc(r->cap);
	if (len)
		memcpy(r->buf, data, len);
	r->end = len;
	r->eof = 1;
}

void rd_close(struct rd *r)
{
	if (r->own_fd && r->fd >= 0)
		close(r->fd);
	free(r->buf);
	free(r->name_alloc);
	init(r);
}

int rd_more(struct rd *r)
{
	ssize_t n;

	if (r->eof)
		return 0;
	if (r->start > 0 && (r->start >= r->cap / 2 || r->end == r->cap)) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->offset += r->start;
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < RD_CHUNK / 4) {
		size_t want = r->cap ? r->cap * 2 : RD_CHUNK;

		if (r->end >= r->max)
			return pc_error("%s: byte %llu: record longer than %zu bytes", r->name,
					(unsigned long long)rd_tell(r), r->max);
		if (want > r->max)
			want = r->max;
		r->buf = xrealloc(r->buf, want);
		r->cap = want;
	}
	for (;;) {
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (n > 0) {
			r->end += (size_t)n;
			return 1;
		}
		if (n == 0) {
			r->eof = 1;
			return 0;
		}
		if (errno != EINTR)
			return pc_error_errno("cannot read %s", r->name);
	}
}

int rd_need(struct rd *r, size_t n)
{
	while (rd_avail(r) < n) {
		int m = rd_more(r);

		if (m <= 0)
			return m;
	}
	return 1;
}
