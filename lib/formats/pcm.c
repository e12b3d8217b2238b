/* pcm: model archives (zstd-compressed tar) in memory; see pcm.h for the format. */
#include "formats/pcm.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IO_CHUNK ((size_t)1 << 20)

static uint64_t entry_max = PCM_ENTRY_MAX;
static uint64_t total_max = PCM_TOTAL_MAX;

void pcm_set_limits(uint64_t emax, uint64_t tmax)
{
	entry_max = emax ? emax : PCM_ENTRY_MAX;
	total_max = tmax ? tmax : PCM_TOTAL_MAX;
}

struct pcm *pcm_new(void)
{
	struct pcm *p = xcalloc(1, sizeof(*p));

	p->level = PCM_LEVEL_DEFAULT;
	return p;
}

void pcm_free(struct pcm *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->entries[i].name);
		free(p->entries[i].data);
	}
	free(p->entries);
	free(p);
}

int pcm_name_ok(const char *name, size_t len)
{
	size_t comp = 0;

	if (len == 0 || len > PCM_NAME_MAX || name[0] == '/')
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || name[i] == '/') {
			if (comp == 0)
				return 0;
			if (comp == 1 && name[i - 1] == '.')
				return 0;
			if (comp == 2 && name[i - 1] == '.' && name[i - 2] == '.')
				return 0;
			comp = 0;
			continue;
		}
		if (name[i] < 0x20 || name[i] > 0x7e || name[i] == '\\')
			return 0;
		comp++;
	}
	return 1;
}

/* A name fit for a one-line message: control and non-ASCII bytes become '?'. */
static const char *shown(const char *name, char *buf, size_t size)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < size; i++)
		buf[i] = (name[i] < 0x20 || name[i] > 0x7e) ? '?' : name[i];
	buf[i] = '\0';
	return buf;
}

const struct pcm_entry *pcm_get(const struct pcm *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->entries[i].name, name))
			return &p->entries[i];
	return NULL;
}

int pcm_move_first(struct pcm *p, const char *name)
{
	const struct pcm_entry *f = pcm_get(p, name);
	size_t i;
	struct pcm_entry e;

	if (!f)
		return -1;
	i = (size_t)(f - p->entries);
	e = p->entries[i];
	memmove(p->entries + 1, p->entries, i * sizeof(*p->entries));
	p->entries[0] = e;
	return 0;
}

/* Append without checks; takes `data`, which must hold len + 1 bytes. */
static struct pcm_entry *append(struct pcm *p, char *name, unsigned char *data, size_t len)
{
	struct pcm_entry *e;

	xgrow(&p->entries, &p->cap, p->n + 1, sizeof(*p->entries));
	e = &p->entries[p->n++];
	e->name = name;
	e->data = data;
	e->len = len;
	data[len] = '\0';
	digest_buf(data, len, e->sha256);
	return e;
}

static int check_new(struct pcm *p, const char *name)
{
	char buf[PCM_NAME_MAX + 8];

	if (!pcm_name_ok(name, strlen(name)))
		return pc_error("model entry '%s': invalid name", shown(name, buf, sizeof(buf)));
	if (!strcmp(name, PCM_SUMS))
		return pc_error("model entry '%s': name is reserved", name);
	if (pcm_get(p, name))
		return pc_error("model entry '%s': added twice", name);
	if (p->n >= PCM_ENTRIES_MAX)
		return pc_error("model entry '%s': more than %d entries", name, PCM_ENTRIES_MAX);
	return 0;
}

int pcm_add(struct pcm *p, const char *name, const void *data, size_t len)
{
	unsigned char *copy;

	if (check_new(p, name) < 0)
		return -1;
	if (len > PCM_ENTRY_MAX)
		return pc_error("model entry '%s': %zu bytes exceed the bound", name, len);
	copy = xmalloc(len + 1);
	if (len)
		memcpy(copy, data, len);
	append(p, xstrdup(name), copy, len);
	return 0;
}

int pcm_add_take(struct pcm *p, const char *name, void *data, size_t len)
{
	if (check_new(p, name) < 0) {
		free(data);
		return -1;
	}
	if (len > PCM_ENTRY_MAX) {
		free(data);
		return pc_error("model entry '%s': %zu bytes exceed the bound", name, len);
	}
	append(p, xstrdup(name), xrealloc(data, len + 1), len);
	return 0;
}

/* ---- writing ---- */

static char *sums_text(const struct pcm *p, size_t *len)
{
	size_t n = 0, cap = 0;
	char *s = NULL;

	for (size_t i = 0; i < p->n; i++) {
		size_t need = DIGEST_HEX_LEN + 2 + strlen(p->entries[i].name) + 1;

		xgrow(&s, &cap, n + need + 1, 1);
		n += (size_t)sprintf(s + n, "%s  %s\n", p->entries[i].sha256, p->entries[i].name);
	}
	*len = n;
	return s ? s : xstrdup("");
}

static int write_one(struct archive *a, const char *name, const void *data, size_t len)
{
	struct archive_entry *e = archive_entry_new();
	const char *at = data;
	int r;

	if (!e)
		pc_fatal("out of memory");
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_mtime(e, 0, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	r = archive_write_header(a, e);
	archive_entry_free(e);
	if (r != ARCHIVE_OK)
		return -1;
	while (len) {
		size_t n = len < IO_CHUNK ? len : IO_CHUNK;
		la_ssize_t w = archive_write_data(a, at, n);

		if (w <= 0)
			return -1;
		at += w;
		len -= (size_t)w;
	}
	return 0;
}

static struct archive *writer_new(const struct pcm *p)
{
	struct archive *a = archive_write_new();
	char level[16];

	if (!a)
		pc_fatal("out of memory");
	snprintf(level, sizeof(level), "%d", p->level ? p->level : PCM_LEVEL_DEFAULT);
	if (archive_write_set_format_ustar(a) != ARCHIVE_OK ||
	    archive_write_add_filter_zstd(a) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "zstd", "compression-level", level) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK) {
		pc_error("cannot set up model archive writer: %s", archive_error_string(a));
		archive_write_free(a);
		return NULL;
	}
	return a;
}

/* Entries, SHA256SUMS, close; 0 or -1 after reporting against `name`. */
static int write_all(const struct pcm *p, struct archive *a, const char *name)
{
	size_t slen;
	char *sums;
	int r = 0;

	for (size_t i = 0; i < p->n && r == 0; i++)
		r = write_one(a, p->entries[i].name, p->entries[i].data, p->entries[i].len);
	if (r == 0) {
		sums = sums_text(p, &slen);
		r = write_one(a, PCM_SUMS, sums, slen);
		free(sums);
	}
	if (r == 0 && archive_write_close(a) != ARCHIVE_OK)
		r = -1;
	if (r < 0)
		pc_error("cannot write %s: %s", name, archive_error_string(a));
	archive_write_free(a);
	return r;
}

int pcm_write(const struct pcm *p, const char *path)
{
	struct archive *a = writer_new(p);
	struct outfile o;

	if (!a)
		return -1;
	if (outfile_open(&o, path) < 0) {
		archive_write_free(a);
		return -1;
	}
	if (archive_write_open_FILE(a, o.fp) != ARCHIVE_OK) {
		pc_error("cannot write %s: %s", o.name, archive_error_string(a));
		archive_write_free(a);
		outfile_abort(&o);
		return -1;
	}
	if (write_all(p, a, o.name) < 0) {
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o);
}

struct membuf {
	char *data;
	size_t len, cap;
};

static la_ssize_t mem_write(struct archive *a, void *ctx, const void *buf, size_t n)
{
	struct membuf *m = ctx;

	(void)a;
	xgrow(&m->data, &m->cap, m->len + n, 1);
	memcpy(m->data + m->len, buf, n);
	m->len += n;
	return (la_ssize_t)n;
}

void *pcm_write_mem(const struct pcm *p, size_t *len)
{
	struct archive *a = writer_new(p);
	struct membuf m = { NULL, 0, 0 };

	if (!a)
		return NULL;
	if (archive_write_open2(a, &m, NULL, mem_write, NULL, NULL) != ARCHIVE_OK) {
		pc_error("cannot write model archive: %s", archive_error_string(a));
		archive_write_free(a);
		return NULL;
	}
	if (write_all(p, a, "model archive") < 0) {
		free(m.data);
		return NULL;
	}
	*len = m.len;
	return m.data ? m.data : xmalloc(1);
}

/* ---- reading ---- */

/* libarchive's message, lower-cased at the start to match ours. */
static const char *arch_msg(struct archive *a, char *buf, size_t size)
{
	const char *s = archive_error_string(a);

	snprintf(buf, size, "%s", s ? s : "unknown error");
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

static const char *kind_of(struct archive_entry *e)
{
	if (archive_entry_hardlink(e))
		return "hard link";
	switch (archive_entry_filetype(e)) {
	case AE_IFREG: return NULL;
	case AE_IFDIR: return "directory";
	case AE_IFLNK: return "symbolic link";
	case AE_IFCHR: return "character device";
	case AE_IFBLK: return "block device";
	case AE_IFIFO: return "fifo";
	case AE_IFSOCK: return "socket";
	default: return "unknown type";
	}
}

static int read_data(struct archive *a, const char *file, const char *name, uint64_t size,
		     unsigned char **out, size_t *outlen)
{
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	char msg[512];

	for (;;) {
		la_ssize_t got;
		size_t want = cap - len;

		if (want == 0) {
			size_t grow = cap ? cap : IO_CHUNK;

			if (cap + grow > size + 1)
				grow = size + 1 - cap;
			if (grow < 4096)
				grow = 4096;
			cap += grow;
			buf = xrealloc(buf, cap + 1);
			want = cap - len;
		}
		got = archive_read_data(a, buf + len, want);
		if (got < 0) {
			free(buf);
			return pc_error_at(file, 0, "entry %s: %s", name, arch_msg(a, msg, sizeof(msg)));
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len > size) {
			free(buf);
			return pc_error_at(file, 0, "entry %s: more data than its header says", name);
		}
	}
	if (len != size) {
		free(buf);
		return pc_error_at(file, 0, "entry %s: truncated", name);
	}
	if (!buf)
		buf = xmalloc(1);
	*out = buf;
	*outlen = len;
	return 0;
}

static int cmp_entry_ptr(const void *x, const void *y)
{
	const struct pcm_entry *const *a = x, *const *b = y;
	int c = strcmp((*a)->name, (*b)->name);

	if (c)
		return c;
	return *a < *b ? -1 : *a > *b;
}

static struct pcm_entry *find_sorted(struct pcm_entry **index, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(index[mid]->name, name);

		if (c == 0)
			return index[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Check names are unique and every entry matches SHA256SUMS exactly. */
static int verify(struct pcm *p, const char *file, const char *sums, size_t slen)
{
	struct pcm_entry **index = xcalloc(p->n ? p->n : 1, sizeof(*index));
	unsigned char *seen = xcalloc(p->n ? p->n : 1, 1);
	size_t pos = 0;
	long line = 0;
	int r = -1;

	for (size_t i = 0; i < p->n; i++)
		index[i] = &p->entries[i];
	qsort(index, p->n, sizeof(*index), cmp_entry_ptr);
	for (size_t i = 1; i < p->n; i++) {
		if (!strcmp(index[i - 1]->name, index[i]->name)) {
			pc_error_at(file, 0, "entry %s: appears twice", index[i]->name);
			goto out;
		}
	}
	while (pos < slen) {
		const char *nl = memchr(sums + pos, '\n', slen - pos);
		const char *s = sums + pos, *name;
		size_t len, nlen;
		struct pcm_entry *e;

		line++;
		if (!nl) {
			pc_error_at(file, 0, "entry %s: line %ld: no newline at the end", PCM_SUMS, line);
			goto out;
		}
		len = (size_t)(nl - s);
		pos += len + 1;
		name = s + DIGEST_HEX_LEN + 2;
		nlen = len > DIGEST_HEX_LEN + 2 ? len - DIGEST_HEX_LEN - 2 : 0;
		if (len <= DIGEST_HEX_LEN + 2 || !digest_is_hex(s, DIGEST_HEX_LEN) ||
		    s[DIGEST_HEX_LEN] != ' ' ||
		    (s[DIGEST_HEX_LEN + 1] != ' ' && s[DIGEST_HEX_LEN + 1] != '*') ||
		    !pcm_name_ok(name, nlen)) {
			pc_error_at(file, 0, "entry %s: line %ld: malformed", PCM_SUMS, line);
			goto out;
		}
		{
			char nbuf[PCM_NAME_MAX + 1];

			memcpy(nbuf, name, nlen);
			nbuf[nlen] = '\0';
			e = find_sorted(index, p->n, nbuf);
			if (!e) {
				pc_error_at(file, 0, "entry %s: listed in %s but missing", nbuf, PCM_SUMS);
				goto out;
			}
			if (seen[e - p->entries]) {
				pc_error_at(file, 0, "entry %s: listed twice in %s", nbuf, PCM_SUMS);
				goto out;
			}
			seen[e - p->entries] = 1;
			if (memcmp(e->sha256, s, DIGEST_HEX_LEN) != 0) {
				pc_error_at(file, 0, "entry %s: SHA-256 mismatch: corrupt or tampered",
					    nbuf);
				goto out;
			}
		}
	}
	for (size_t i = 0; i < p->n; i++) {
		if (!seen[i]) {
			pc_error_at(file, 0, "entry %s: not listed in %s", p->entries[i].name, PCM_SUMS);
			goto out;
		}
	}
	r = 0;
out:
	free(index);
	free(seen);
	return r;
}

static struct pcm *read_archive(struct archive *a, const char *file)
{
	struct pcm *p = pcm_new();
	unsigned char *sums = NULL;
	size_t slen = 0;
	uint64_t total = 0;
	char msg[512], nbuf[PCM_NAME_MAX + 8];
	int first = 1;

	for (;;) {
		struct archive_entry *e;
		const char *name, *kind;
		unsigned char *data = NULL;
		size_t len = 0;
		la_int64_t size;
		int r = archive_read_next_header(a, &e);

		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK) {
			pc_error_at(file, 0, "not a model archive: %s", arch_msg(a, msg, sizeof(msg)));
			goto fail;
		}
		if (first && (archive_filter_count(a) != 2 ||
			      archive_filter_code(a, 0) != ARCHIVE_FILTER_ZSTD)) {
			pc_error_at(file, 0, "not a model archive: not compressed with zstd");
			goto fail;
		}
		first = 0;
		name = archive_entry_pathname(e);
		if (!name) {
			pc_error_at(file, 0, "not a model archive: entry without a name");
			goto fail;
		}
		kind = kind_of(e);
		if (kind) {
			pc_error_at(file, 0, "entry %s: not a regular file (%s)",
				    shown(name, nbuf, sizeof(nbuf)), kind);
			goto fail;
		}
		if (!pcm_name_ok(name, strlen(name))) {
			pc_error_at(file, 0, "entry %s: invalid name", shown(name, nbuf, sizeof(nbuf)));
			goto fail;
		}
		size = archive_entry_size(e);
		if (size < 0 || (uint64_t)size > entry_max) {
			pc_error_at(file, 0, "entry %s: %lld bytes exceed the bound of %llu", name,
				    (long long)size, (unsigned long long)entry_max);
			goto fail;
		}
		total += (uint64_t)size;
		if (total > total_max) {
			pc_error_at(file, 0, "entry %s: entries exceed the total bound of %llu bytes",
				    name, (unsigned long long)total_max);
			goto fail;
		}
		if (p->n >= PCM_ENTRIES_MAX) {
			pc_error_at(file, 0, "not a model archive: more than %d entries",
				    PCM_ENTRIES_MAX);
			goto fail;
		}
		if (!strcmp(name, PCM_SUMS) && sums) {
			pc_error_at(file, 0, "entry %s: appears twice", name);
			goto fail;
		}
		if (read_data(a, file, name, (uint64_t)size, &data, &len) < 0)
			goto fail;
		if (!strcmp(name, PCM_SUMS)) {
			sums = data;
			slen = len;
		} else {
			data = xrealloc(data, len + 1);
			append(p, xstrdup(name), data, len);
		}
	}
	if (first) {
		pc_error_at(file, 0, "not a model archive: no entries");
		goto fail;
	}
	if (!sums) {
		pc_error_at(file, 0, "not a model archive: no %s entry", PCM_SUMS);
		goto fail;
	}
	if (verify(p, file, (const char *)sums, slen) < 0)
		goto fail;
	free(sums);
	return p;
fail:
	free(sums);
	pcm_free(p);
	return NULL;
}

static struct archive *reader_new(void)
{
	struct archive *a = archive_read_new();

	if (!a)
		pc_fatal("out of memory");
	archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	return a;
}

static struct pcm *read_opened(struct archive *a, int r, const char *file)
{
	struct pcm *p = NULL;
	char msg[512];

	if (r != ARCHIVE_OK)
		pc_error_at(file, 0, "not a model archive: %s", arch_msg(a, msg, sizeof(msg)));
	else
		p = read_archive(a, file);
	archive_read_free(a);
	return p;
}

struct pcm *pcm_read(const char *path)
{
	int stdin_ = !path || !strcmp(path, "-");
	int fd = stdin_ ? 0 : open(path, O_RDONLY);
	struct archive *a;
	struct pcm *p;

	if (fd < 0) {
		pc_error_errno("cannot open %s", path);
		return NULL;
	}
	a = reader_new();
	p = read_opened(a, archive_read_open_fd(a, fd, 1 << 16), stdin_ ? "<stdin>" : path);
	if (!stdin_)
		close(fd);
	return p;
}

struct pcm *pcm_read_mem(const char *name, const void *data, size_t len)
{
	struct archive *a = reader_new();

	return read_opened(a, archive_read_open_memory(a, data, len), name);
}
