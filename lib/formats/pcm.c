/* pcm: model archives (zstd-compressed tar) in memory; see pcm.h for the format. */
#include "formats/pcm.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/sbuf.h"
#include "base/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define ZSTD_STATIC_LINKING_ONLY	/* ZSTD_c_literalCompressionMode */
#include <zstd.h>

#define IO_CHUNK ((size_t)1 << 20)
#define SKIP_CHUNK ((size_t)1 << 18)
#define OVERLAP_MIN ((uint64_t)2 << 20)	/* entries hashed on a second thread */

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

static void verify_free(struct pcm_verify *v);

void pcm_free(struct pcm *p)
{
	if (!p)
		return;
	verify_free(p->verify);	/* first: the hasher lets go of the buffers */
	for (size_t i = 0; i < p->n; i++) {
		free(p->entries[i].name);
		free(p->entries[i].data);
	}
	free(p->entries);
	free(p->name);
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

const char *pcm_name(const struct pcm *p)
{
	return p->name ? p->name : "model archive";
}

const struct pcm_entry *pcm_get(const struct pcm *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->entries[i].name, name))
			return &p->entries[i];
	return NULL;
}

static void verify_wait(struct pcm_verify *v, const char *name);

void *pcm_take(struct pcm *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->entries[i].name, name)) {
			void *data = p->entries[i].data;

			verify_wait(p->verify, name);	/* the hasher is done with data */

			free(p->entries[i].name);
			memmove(&p->entries[i], &p->entries[i + 1],
				(p->n - i - 1) * sizeof(p->entries[0]));
			p->n--;
			return data;
		}
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

/* Append without checks; takes `data`, which must hold len + 1 bytes, and its SHA-256
 * (NULL: computed here). */
static struct pcm_entry *append(struct pcm *p, char *name, unsigned char *data, size_t len,
				const char *sha256)
{
	struct pcm_entry *e;

	xgrow(&p->entries, &p->cap, p->n + 1, sizeof(*p->entries));
	e = &p->entries[p->n++];
	e->name = name;
	e->data = data;
	e->len = len;
	e->scanned = NULL;
	data[len] = '\0';
	if (sha256)
		memcpy(e->sha256, sha256, DIGEST_HEX_LEN + 1);
	else
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
	append(p, xstrdup(name), copy, len, NULL);
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
	append(p, xstrdup(name), xrealloc(data, len + 1), len, NULL);
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

/*
 * The tar stream goes through libzstd here rather than libarchive's filter, for one
 * setting: literals are stored, not Huffman-coded (pcm.h says why).
 */
struct zsink {
	ZSTD_CCtx *cc;
	FILE *fp;		/* the file, or NULL: into mem */
	struct sbuf *mem;
	unsigned char out[1 << 17];
};

static int zsink_put(struct zsink *z, const void *buf, size_t n)
{
	if (z->fp)
		return fwrite(buf, 1, n, z->fp) == n ? 0 : -1;
	sbuf_add(z->mem, buf, n);
	return 0;
}

/* Compress in[0..n) (ZSTD_e_continue) or end the frame (ZSTD_e_end). */
static int zsink_run(struct archive *a, struct zsink *z, const void *in, size_t n,
		     ZSTD_EndDirective end)
{
	ZSTD_inBuffer ib = { in, n, 0 };
	size_t left;

	do {
		ZSTD_outBuffer ob = { z->out, sizeof(z->out), 0 };

		left = ZSTD_compressStream2(z->cc, &ob, &ib, end);
		if (ZSTD_isError(left)) {
			archive_set_error(a, EINVAL, "zstd: %s", ZSTD_getErrorName(left));
			return -1;
		}
		if (zsink_put(z, z->out, ob.pos) < 0) {
			archive_set_error(a, errno, "%s", strerror(errno));
			return -1;
		}
	} while (end == ZSTD_e_end ? left != 0 : ib.pos < ib.size);
	return 0;
}

static la_ssize_t zsink_write(struct archive *a, void *ctx, const void *buf, size_t n)
{
	return zsink_run(a, ctx, buf, n, ZSTD_e_continue) < 0 ? -1 : (la_ssize_t)n;
}

static int zsink_close(struct archive *a, void *ctx)
{
	return zsink_run(a, ctx, NULL, 0, ZSTD_e_end) < 0 ? ARCHIVE_FATAL : ARCHIVE_OK;
}

static struct archive *writer_new(const struct pcm *p, struct zsink *z)
{
	struct archive *a = archive_write_new();
	int level = p->level ? p->level : PCM_LEVEL_DEFAULT;

	if (!a)
		pc_fatal("out of memory");
	z->cc = ZSTD_createCCtx();
	if (!z->cc)
		pc_fatal("out of memory");
	if (ZSTD_isError(ZSTD_CCtx_setParameter(z->cc, ZSTD_c_compressionLevel, level)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(z->cc, ZSTD_c_literalCompressionMode,
						ZSTD_ps_disable)) ||
	    archive_write_set_format_ustar(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK) {
		pc_error("cannot set up model archive writer: %s", archive_error_string(a));
		archive_write_free(a);
		ZSTD_freeCCtx(z->cc);
		return NULL;
	}
	return a;
}

/* SHA256SUMS, the entries, close; 0 or -1 after reporting against `name`. */
static int write_all(const struct pcm *p, struct archive *a, const char *name)
{
	size_t slen;
	char *sums = sums_text(p, &slen);
	int r = write_one(a, PCM_SUMS, sums, slen);

	free(sums);
	for (size_t i = 0; i < p->n && r == 0; i++)
		r = write_one(a, p->entries[i].name, p->entries[i].data, p->entries[i].len);
	if (r == 0 && archive_write_close(a) != ARCHIVE_OK)
		r = -1;
	if (r < 0)
		pc_error("cannot write %s: %s", name, archive_error_string(a));
	archive_write_free(a);
	return r;
}

int pcm_write(const struct pcm *p, const char *path)
{
	struct zsink z = { 0 };
	struct archive *a = writer_new(p, &z);
	struct outfile o;
	int r;

	if (!a)
		return -1;
	if (outfile_open(&o, path) < 0) {
		archive_write_free(a);
		ZSTD_freeCCtx(z.cc);
		return -1;
	}
	z.fp = o.fp;
	if (archive_write_open2(a, &z, NULL, zsink_write, zsink_close, NULL) != ARCHIVE_OK) {
		pc_error("cannot write %s: %s", o.name, archive_error_string(a));
		archive_write_free(a);
		ZSTD_freeCCtx(z.cc);
		outfile_abort(&o);
		return -1;
	}
	r = write_all(p, a, o.name);
	ZSTD_freeCCtx(z.cc);
	if (r < 0) {
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o);
}

void *pcm_write_mem(const struct pcm *p, size_t *len)
{
	struct sbuf m = SBUF_INIT;
	struct zsink z = { .mem = &m };
	struct archive *a = writer_new(p, &z);
	int r;

	if (!a)
		return NULL;
	if (archive_write_open2(a, &z, NULL, zsink_write, zsink_close, NULL) != ARCHIVE_OK) {
		pc_error("cannot write model archive: %s", archive_error_string(a));
		archive_write_free(a);
		ZSTD_freeCCtx(z.cc);
		return NULL;
	}
	r = write_all(p, a, "model archive");
	ZSTD_freeCCtx(z.cc);
	if (r < 0) {
		sbuf_free(&m);
		return NULL;
	}
	*len = m.len;
	return m.s ? m.s : xmalloc(1);
}

/* ---- reading ----
 *
 * SHA256SUMS is read before any other entry, so each entry is checked against it from its
 * tar header alone (listed, not seen before) and hashed while it is decompressed, straight
 * into a buffer of the size its header gives; then the caller's check sees the header and
 * the first bytes and decides before the buffer is allocated.  An archive in the writer's
 * order (SHA256SUMS, then the entry the caller names first) is read in one pass; any other
 * is read twice: a first pass that skips every entry's data (decompressing it, allocating
 * nothing) to fetch those two, then the pass that reads the rest.
 */

struct sum {
	char *name;
	char hex[DIGEST_HEX_LEN + 1];
	int seen;
};

/*
 * The second thread that hashes large entries while the reader decompresses: for each
 * entry a job, to which the reader publishes how many bytes of `base` are in (`avail`),
 * then `end`; the hasher follows the jobs in order and sets each one's `hex` and `done`.
 * The reader goes on to the next entry without waiting, and compares the digests once
 * the archive is read, so that hashing one entry overlaps decompressing the next.  Both
 * sides touch the jobs under `mu` only; the bytes below `avail` are never written again,
 * so the hasher reads them unlocked.
 */
struct hjob {
	const unsigned char *base;
	size_t avail;
	int end, done;
	char hex[DIGEST_HEX_LEN + 1];
};

struct hasher {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct hjob *jobs;
	size_t njobs, cap, next;	/* jobs[next] is the one being hashed */
	int quit;
};

/* An entry hashed by the hasher, to verify once it is done: its job, its name (entries
 * may be taken out of the archive before then) and the digest SHA256SUMS lists. */
struct pending {
	size_t job;
	char *name;
	char hex[DIGEST_HEX_LEN + 1];
};

/* What pcm_read_end has left to do (struct pcm's `verify`). */
struct pcm_verify {
	struct hasher *h;
	struct pending *pend;
	size_t npend, cap;
};

struct rd {
	struct pcm *p;
	const char *file;
	const struct pcm_read_opts *o;
	struct sum *sums;
	size_t nsums;
	int have_sums;
	int have_first;		/* opts->first is in p (read by the first pass) */
	unsigned char *scratch;
	unsigned char *head;	/* PCM_HEAD_MAX + 1 bytes */
	int scan;		/* the current entry's scan: 1 checking, 0 not, -1 refused */
	int refused;		/* a scan refused an entry: its message is in `held` */
	struct pc_msg_held held;
};

static void *hasher_main(void *arg)
{
	struct hasher *h = arg;
	struct digest d;
	size_t pos = 0;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		const unsigned char *base;
		size_t upto;
		int end;

		while (!h->quit && !(h->next < h->njobs &&
				     (h->jobs[h->next].avail > pos || h->jobs[h->next].end)))
			pthread_cond_wait(&h->cv, &h->mu);
		if (h->quit)
			break;
		base = h->jobs[h->next].base;
		upto = h->jobs[h->next].avail;
		end = h->jobs[h->next].end;	/* avail does not move once end is set */
		pthread_mutex_unlock(&h->mu);
		if (pos == 0)
			digest_init(&d);
		if (upto > pos)
			digest_update(&d, base + pos, upto - pos);
		pos = upto;
		pthread_mutex_lock(&h->mu);
		if (end) {
			digest_final(&d, h->jobs[h->next].hex);
			h->jobs[h->next].done = 1;
			h->next++;
			pos = 0;
			pthread_cond_broadcast(&h->cv);
		}
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

/* The archive's hasher, started on first use; NULL if no thread can be had (hash inline
 * then). */
static struct hasher *hasher_get(struct pcm *p)
{
	struct hasher *h = p->verify ? p->verify->h : NULL;

	if (h)
		return h;
	if (!p->verify)
		p->verify = xcalloc(1, sizeof(*p->verify));
	h = xcalloc(1, sizeof(*h));
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	if (pthread_create(&h->th, NULL, hasher_main, h) != 0) {
		pthread_mutex_destroy(&h->mu);
		pthread_cond_destroy(&h->cv);
		free(h);
		return NULL;
	}
	return p->verify->h = h;
}

/* A new job, the last; its index. */
static size_t hasher_start(struct hasher *h, const unsigned char *base, size_t avail)
{
	size_t i;

	pthread_mutex_lock(&h->mu);
	if (h->njobs == h->cap)
		xgrow(&h->jobs, &h->cap, h->njobs + 1, sizeof(*h->jobs));
	i = h->njobs++;
	h->jobs[i] = (struct hjob){ .base = base, .avail = avail };
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	return i;
}

static void hasher_feed(struct hasher *h, size_t avail)
{
	pthread_mutex_lock(&h->mu);
	h->jobs[h->njobs - 1].avail = avail;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* No more bytes for the last job. */
static void hasher_end(struct hasher *h)
{
	pthread_mutex_lock(&h->mu);
	h->jobs[h->njobs - 1].end = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* Wait until every job is hashed: then no buffer is read by the hasher any more. */
static void hasher_drain(struct hasher *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	while (h->next < h->njobs)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
}

static void hasher_stop(struct hasher *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->quit = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->th, NULL);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	free(h->jobs);
	free(h);
}

/* Wait until the hasher is done with entry `name` (when it has it at all). */
static void verify_wait(struct pcm_verify *v, const char *name)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->npend; i++)
		if (!strcmp(v->pend[i].name, name)) {
			struct hasher *h = v->h;

			pthread_mutex_lock(&h->mu);
			while (!h->jobs[v->pend[i].job].done)
				pthread_cond_wait(&h->cv, &h->mu);
			pthread_mutex_unlock(&h->mu);
			return;
		}
}

static void verify_free(struct pcm_verify *v)
{
	if (!v)
		return;
	hasher_drain(v->h);
	hasher_stop(v->h);
	for (size_t i = 0; i < v->npend; i++)
		free(v->pend[i].name);
	free(v->pend);
	free(v);
}

/* The digests of the entries the hasher took, against SHA256SUMS, in archive order. */
int pcm_read_end(struct pcm *p)
{
	struct pcm_verify *v = p->verify;
	int r = 0;

	if (!v)
		return 0;
	hasher_drain(v->h);
	for (size_t i = 0; i < v->npend && r == 0; i++) {
		const struct pending *q = &v->pend[i];

		if (strcmp(v->h->jobs[q->job].hex, q->hex))
			r = pc_error_at(pcm_name(p), 0,
					"entry %s: SHA-256 mismatch: corrupt or tampered", q->name);
	}
	p->verify = NULL;
	verify_free(v);
	return r;
}

/* Where the archive comes from: a file descriptor (seekable, so it can be read twice) or
 * memory. */
struct src {
	int fd;
	const void *mem;	/* when not NULL, the archive is here */
	size_t len;
	off_t start;		/* the archive's offset in fd */
};

enum { PASS_OK = 0, PASS_FAIL = -1, PASS_AGAIN = 1 };

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

static int cmp_sum(const void *x, const void *y)
{
	return strcmp(((const struct sum *)x)->name, ((const struct sum *)y)->name);
}

static struct sum *find_sum(struct rd *rd, const char *name)
{
	struct sum key = { (char *)name, "", 0 };

	return rd->nsums ? bsearch(&key, rd->sums, rd->nsums, sizeof(*rd->sums), cmp_sum) : NULL;
}

/* Parse SHA256SUMS's text into rd->sums, sorted by name. */
static int parse_sums(struct rd *rd, const char *text, size_t len)
{
	size_t pos = 0, cap = 0;
	long line = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		const char *s = text + pos, *name;
		size_t l, nlen;
		struct sum *e;

		line++;
		if (!nl)
			return pc_error_at(rd->file, 0, "entry %s: line %ld: no newline at the end",
					   PCM_SUMS, line);
		l = (size_t)(nl - s);
		pos += l + 1;
		name = s + DIGEST_HEX_LEN + 2;
		nlen = l > DIGEST_HEX_LEN + 2 ? l - DIGEST_HEX_LEN - 2 : 0;
		if (l <= DIGEST_HEX_LEN + 2 || !digest_is_hex(s, DIGEST_HEX_LEN) ||
		    s[DIGEST_HEX_LEN] != ' ' ||
		    (s[DIGEST_HEX_LEN + 1] != ' ' && s[DIGEST_HEX_LEN + 1] != '*') ||
		    !pcm_name_ok(name, nlen) ||
		    (nlen == strlen(PCM_SUMS) && !memcmp(name, PCM_SUMS, nlen)))
			return pc_error_at(rd->file, 0, "entry %s: line %ld: malformed", PCM_SUMS, line);
		if (rd->nsums >= PCM_ENTRIES_MAX)
			return pc_error_at(rd->file, 0, "entry %s: more than %d lines", PCM_SUMS,
					   PCM_ENTRIES_MAX);
		xgrow(&rd->sums, &cap, rd->nsums + 1, sizeof(*rd->sums));
		e = &rd->sums[rd->nsums++];
		e->name = xstrndup(name, nlen);
		memcpy(e->hex, s, DIGEST_HEX_LEN);
		e->hex[DIGEST_HEX_LEN] = '\0';
		e->seen = 0;
	}
	if (rd->nsums)
		qsort(rd->sums, rd->nsums, sizeof(*rd->sums), cmp_sum);
	for (size_t i = 1; i < rd->nsums; i++)
		if (!strcmp(rd->sums[i - 1].name, rd->sums[i].name))
			return pc_error_at(rd->file, 0, "entry %s: listed twice in %s", rd->sums[i].name,
					   PCM_SUMS);
	rd->have_sums = 1;
	return 0;
}

/* Up to n bytes of the current entry's data into buf; the count, or -1 after reporting. */
static la_ssize_t read_some(struct rd *rd, struct archive *a, const char *name, void *buf,
			    size_t n)
{
	size_t len = 0;
	char msg[512];

	while (len < n) {
		la_ssize_t got = archive_read_data(a, (char *)buf + len, n - len);

		if (got < 0)
			return pc_error_at(rd->file, 0, "entry %s: %s", name,
					   arch_msg(a, msg, sizeof(msg)));
		if (got == 0)
			break;
		len += (size_t)got;
	}
	return (la_ssize_t)len;
}

/* The reader's scan over buf[from..to) of the current entry, while rd->scan is 1: a refusal
 * held until the digests are known, and no more scanning of the entry. */
static void scan(struct rd *rd, const char *name, const unsigned char *buf, size_t from,
		 size_t to)
{
	struct pc_msg_held held;

	if (rd->scan != 1)
		return;
	pc_msg_hold(&held);
	rd->scan = rd->o->scan(rd->o->ctx, rd->p, name, buf, from, to);
	pc_msg_unhold(&held);
	if (rd->scan < 0 && !rd->refused) {
		rd->refused = 1;
		rd->held = held;
	}
}

/*
 * The rest of the current entry, `size` bytes of which `have` are already in buf: read
 * into buf (size + 1 bytes) when buf is not NULL, else through rd->scratch, hashing each
 * piece as it arrives, into d or, when h is not NULL, on the hasher's thread while the
 * next piece is decompressed.  Refuses data beyond the header's size and short data.
 */
static int read_rest(struct rd *rd, struct archive *a, const char *name, unsigned char *buf,
		     uint64_t size, uint64_t have, struct digest *d, struct hasher *h)
{
	uint64_t len = have;

	for (;;) {
		size_t want;
		unsigned char *at;
		la_ssize_t got;

		if (buf) {
			uint64_t left = size + 1 - len;

			want = left < IO_CHUNK ? (size_t)left : IO_CHUNK;
			at = buf + len;
		} else {
			want = SKIP_CHUNK;
			at = rd->scratch;
		}
		got = read_some(rd, a, name, at, want);
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		if (len + (uint64_t)got > size)
			return pc_error_at(rd->file, 0, "entry %s: more data than its header says", name);
		len += (uint64_t)got;
		if (buf)
			scan(rd, name, buf, (size_t)(len - (uint64_t)got), (size_t)len);
		if (h)
			hasher_feed(h, (size_t)len);
		else
			digest_update(d, at, (size_t)got);
	}
	if (len != size)
		return pc_error_at(rd->file, 0, "entry %s: truncated", name);
	return 0;
}

static int check_sum(struct rd *rd, const char *name, const char *hex)
{
	struct sum *s = find_sum(rd, name);

	if (!s)
		return pc_error_at(rd->file, 0, "entry %s: not listed in %s", name, PCM_SUMS);
	if (strcmp(s->hex, hex))
		return pc_error_at(rd->file, 0, "entry %s: SHA-256 mismatch: corrupt or tampered",
				   name);
	return 0;
}

/* A whole small entry (SHA256SUMS, the one named first) into a fresh buffer and its
 * digest into hex; NULL after reporting. */
static unsigned char *read_small(struct rd *rd, struct archive *a, const char *name,
				 la_int64_t size, char hex[DIGEST_HEX_LEN + 1])
{
	uint64_t bound = entry_max < PCM_META_MAX ? entry_max : PCM_META_MAX;
	unsigned char *buf;
	struct digest d;

	if (size < 0 || (uint64_t)size > bound) {
		pc_error_at(rd->file, 0, "entry %s: %lld bytes exceed the bound of %llu", name,
			    (long long)size, (unsigned long long)bound);
		return NULL;
	}
	buf = xmalloc((size_t)size + 1);
	digest_init(&d);
	rd->scan = 0;	/* SHA256SUMS and the entry named first are not scanned */
	if (read_rest(rd, a, name, buf, (uint64_t)size, 0, &d, NULL) < 0) {
		free(buf);
		return NULL;
	}
	buf[size] = '\0';
	digest_final(&d, hex);
	return buf;
}

static int next_header(struct rd *rd, struct archive *a, struct archive_entry **e, int first)
{
	char msg[512];
	int r = archive_read_next_header(a, e);

	if (r == ARCHIVE_EOF)
		return 0;
	if (r != ARCHIVE_OK)
		return pc_error_at(rd->file, 0, "not a model archive: %s", arch_msg(a, msg, sizeof(msg)));
	if (first && (archive_filter_count(a) != 2 || archive_filter_code(a, 0) != ARCHIVE_FILTER_ZSTD))
		return pc_error_at(rd->file, 0, "not a model archive: not compressed with zstd");
	return 1;
}

/* The caller's check on an entry the first pass skips, once the entry named first is
 * held: what it refuses costs no pass through the data of the entries after it. */
static int first_pass_check(struct rd *rd, struct archive *a, const char *name, la_int64_t size)
{
	size_t headlen;
	unsigned char *head;
	la_ssize_t got;
	int r;

	if (size < 0 || (uint64_t)size > entry_max)
		return pc_error_at(rd->file, 0, "entry %s: %lld bytes exceed the bound of %llu",
				   name, (long long)size, (unsigned long long)entry_max);
	if (!rd->o || !rd->o->check || !pcm_name_ok(name, strlen(name)) ||
	    (rd->o->first && !rd->have_first))
		return 0;
	headlen = (uint64_t)size < PCM_HEAD_MAX ? (size_t)size : PCM_HEAD_MAX;
	if (!rd->head)
		rd->head = xmalloc(PCM_HEAD_MAX + 1);
	head = rd->head;
	got = read_some(rd, a, name, head, headlen);
	r = got < 0 ? -1 : 0;
	if (r == 0 && (size_t)got == headlen) {	/* a short one: the main pass says so */
		head[headlen] = '\0';
		r = rd->o->check(rd->o->ctx, rd->p, name, (uint64_t)size, head, headlen) < 0 ? -1 : 0;
	}
	return r;
}

/* The first pass: SHA256SUMS and the entry named first, every other entry skipped (and
 * shown to the caller's check once the entry named first is held). */
static int first_pass(struct rd *rd, struct archive *a)
{
	const char *want = rd->o ? rd->o->first : NULL;
	char fhex[DIGEST_HEX_LEN + 1];
	int r, idx = 0;

	for (;;) {
		struct archive_entry *e;
		const char *name;
		char hex[DIGEST_HEX_LEN + 1];

		r = next_header(rd, a, &e, idx++ == 0);
		if (r <= 0)
			break;
		name = archive_entry_pathname(e);
		if (!name || kind_of(e))
			continue;
		if (!rd->have_sums && !strcmp(name, PCM_SUMS)) {
			unsigned char *text = read_small(rd, a, name, archive_entry_size(e), hex);

			r = text ? parse_sums(rd, (const char *)text, (size_t)archive_entry_size(e)) : -1;
			free(text);
		} else if (want && !rd->have_first && !strcmp(name, want)) {
			la_int64_t flen = archive_entry_size(e);
			unsigned char *fdata = read_small(rd, a, name, flen, fhex);

			if (fdata) {
				append(rd->p, xstrdup(want), fdata, (size_t)flen, fhex);
				rd->have_first = 1;
			}
			r = fdata ? 0 : -1;
		} else if (strcmp(name, PCM_SUMS) && (!want || strcmp(name, want))) {
			r = first_pass_check(rd, a, name, archive_entry_size(e));
		}
		if (r < 0 || (rd->have_sums && (!want || rd->have_first)))
			break;
	}
	if (r == 0 && !rd->have_sums) {
		pc_error_at(rd->file, 0, idx > 1 ? "not a model archive: no %s entry" :
			    "not a model archive: no entries", PCM_SUMS);
		r = -1;
	}
	/* the entry named first, read before SHA256SUMS perhaps, verified now */
	if (r >= 0 && rd->have_first && check_sum(rd, want, fhex) < 0)
		r = -1;
	return r < 0 ? -1 : 0;
}

/* One entry, its header checked and listed: the caller's check, then keep or skip. */
static int read_entry(struct rd *rd, struct archive *a, const char *name, uint64_t size,
		      const struct sum *s)
{
	const struct pcm_read_opts *o = rd->o;
	size_t headlen = size < PCM_HEAD_MAX ? (size_t)size : PCM_HEAD_MAX;
	unsigned char *buf = NULL;
	char hex[DIGEST_HEX_LEN + 1];
	struct hasher *h = NULL;
	struct digest d;
	la_ssize_t got;
	size_t job = 0;
	int verdict = PCM_KEEP, r;

	if (!rd->head)
		rd->head = xmalloc(PCM_HEAD_MAX + 1);
	got = read_some(rd, a, name, rd->head, headlen);
	if (got < 0)
		return -1;
	if ((size_t)got != headlen)
		return pc_error_at(rd->file, 0, "entry %s: truncated", name);
	rd->head[headlen] = '\0';
	if (o && o->check) {
		verdict = o->check(o->ctx, rd->p, name, size, rd->head, headlen);
		if (verdict < 0)
			return -1;
	}
	if (verdict == PCM_SKIP) {
		if (!rd->scratch)
			rd->scratch = xmalloc(SKIP_CHUNK);
		digest_init(&d);
		digest_update(&d, rd->head, headlen);
	} else {
		buf = xmalloc_huge((size_t)size + 1, 1);	/* large: fewer page faults */
		memcpy(buf, rd->head, headlen);
		rd->scan = o && o->scan ? 1 : 0;
		scan(rd, name, buf, 0, headlen);
		if (size >= OVERLAP_MIN)
			h = hasher_get(rd->p);
		if (h) {
			job = hasher_start(h, buf, headlen);
		} else {
			digest_init(&d);
			digest_update(&d, buf, headlen);
		}
	}
	r = read_rest(rd, a, name, buf, size, headlen, &d, h);
	if (h) {
		hasher_end(h);
		if (r < 0)
			hasher_drain(h);	/* the thread lets go of buf */
	} else if (r == 0) {
		digest_final(&d, hex);
		if (strcmp(hex, s->hex))
			r = pc_error_at(rd->file, 0,
					"entry %s: SHA-256 mismatch: corrupt or tampered", name);
	}
	if (r < 0) {
		free(buf);
		return -1;
	}
	if (!buf)
		return 0;
	/* hashed by the hasher: the digest listed, compared by pcm_read_end */
	append(rd->p, xstrdup(name), buf, (size_t)size, h ? s->hex : hex)->scanned =
		rd->scan == 1 ? o->scan : NULL;
	if (h) {
		struct pcm_verify *v = rd->p->verify;
		struct pending *q;

		xgrow(&v->pend, &v->cap, v->npend + 1, sizeof(*v->pend));
		q = &v->pend[v->npend++];
		q->job = job;
		q->name = xstrdup(name);
		memcpy(q->hex, s->hex, sizeof(q->hex));
	}
	return 0;
}

/* The pass that reads the entries; PASS_AGAIN when the archive is not in the writer's
 * order and `again` allows a first pass. */
static int main_pass(struct rd *rd, struct archive *a, int again)
{
	const char *want = rd->o ? rd->o->first : NULL;
	uint64_t total = 0;
	size_t idx = 0;
	int sums_seen = 0;
	char nbuf[PCM_NAME_MAX + 8];

	for (;;) {
		struct archive_entry *e;
		const char *name, *kind;
		la_int64_t size;
		struct sum *s;
		int r = next_header(rd, a, &e, idx == 0);

		if (r < 0)
			return PASS_FAIL;
		if (r == 0)
			break;
		idx++;
		name = archive_entry_pathname(e);
		if (!name)
			return pc_error_at(rd->file, 0, "not a model archive: entry without a name");
		if (idx == 1 && !rd->have_sums && again && strcmp(name, PCM_SUMS))
			return PASS_AGAIN;
		if (idx == 2 && want && !rd->have_first && again && strcmp(name, want))
			return PASS_AGAIN;
		kind = kind_of(e);
		if (kind)
			return pc_error_at(rd->file, 0, "entry %s: not a regular file (%s)",
					   shown(name, nbuf, sizeof(nbuf)), kind);
		if (!pcm_name_ok(name, strlen(name)))
			return pc_error_at(rd->file, 0, "entry %s: invalid name",
					   shown(name, nbuf, sizeof(nbuf)));
		size = archive_entry_size(e);
		if (size < 0 || (uint64_t)size > entry_max)
			return pc_error_at(rd->file, 0, "entry %s: %lld bytes exceed the bound of %llu",
					   name, (long long)size, (unsigned long long)entry_max);
		total += (uint64_t)size;
		if (total > total_max)
			return pc_error_at(rd->file, 0,
					   "entry %s: entries exceed the total bound of %llu bytes",
					   name, (unsigned long long)total_max);
		if (idx > PCM_ENTRIES_MAX + 1)
			return pc_error_at(rd->file, 0, "not a model archive: more than %d entries",
					   PCM_ENTRIES_MAX);
		if (!strcmp(name, PCM_SUMS)) {
			char hex[DIGEST_HEX_LEN + 1];
			unsigned char *text;

			if (sums_seen++)
				return pc_error_at(rd->file, 0, "entry %s: appears twice", name);
			if (rd->have_sums)
				continue;	/* read by the first pass */
			text = read_small(rd, a, name, size, hex);
			r = text ? parse_sums(rd, (const char *)text, (size_t)size) : -1;
			free(text);
			if (r < 0)
				return PASS_FAIL;
			continue;
		}
		if (!rd->have_sums)	/* a first pass found it, or this pass began with it */
			pc_fatal("internal: %s: entries before %s", rd->file, PCM_SUMS);
		s = find_sum(rd, name);
		if (!s)
			return pc_error_at(rd->file, 0, "entry %s: not listed in %s", name, PCM_SUMS);
		if (s->seen++)
			return pc_error_at(rd->file, 0, "entry %s: appears twice", name);
		if (want && !strcmp(name, want)) {
			char hex[DIGEST_HEX_LEN + 1];
			unsigned char *data;

			if (rd->have_first)
				continue;	/* read by the first pass */
			data = read_small(rd, a, name, size, hex);
			if (!data)
				return PASS_FAIL;
			if (strcmp(hex, s->hex)) {
				free(data);
				return pc_error_at(rd->file, 0,
						   "entry %s: SHA-256 mismatch: corrupt or tampered", name);
			}
			append(rd->p, xstrdup(name), data, (size_t)size, hex);
			rd->have_first = 1;
			continue;
		}
		if (read_entry(rd, a, name, (uint64_t)size, s) < 0)
			return PASS_FAIL;
	}
	if (idx == 0)
		return pc_error_at(rd->file, 0, "not a model archive: no entries");
	if (!sums_seen)
		return pc_error_at(rd->file, 0, "not a model archive: no %s entry", PCM_SUMS);
	for (size_t i = 0; i < rd->nsums; i++)
		if (!rd->sums[i].seen)
			return pc_error_at(rd->file, 0, "entry %s: listed in %s but missing",
					   rd->sums[i].name, PCM_SUMS);
	return PASS_OK;
}

static struct archive *src_open(struct src *s, const char *file)
{
	struct archive *a = archive_read_new();
	char msg[512];
	int r;

	if (!a)
		pc_fatal("out of memory");
	archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	if (s->mem) {
		r = archive_read_open_memory(a, s->mem, s->len);
	} else {
		if (lseek(s->fd, s->start, SEEK_SET) < 0) {
			pc_error_errno("cannot seek in %s", file);
			archive_read_free(a);
			return NULL;
		}
		r = archive_read_open_fd(a, s->fd, 1 << 18);
	}
	if (r != ARCHIVE_OK) {
		pc_error_at(file, 0, "not a model archive: %s", arch_msg(a, msg, sizeof(msg)));
		archive_read_free(a);
		return NULL;
	}
	return a;
}

static struct pcm *read_src(struct src *s, const char *file, const struct pcm_read_opts *o)
{
	struct rd rd = { 0 };
	struct archive *a = src_open(s, file);
	int r = PASS_FAIL;

	rd.p = pcm_new();
	rd.p->name = xstrdup(file);
	rd.file = rd.p->name;
	rd.o = o;
	if (a) {
		r = main_pass(&rd, a, 1);
		archive_read_free(a);
	}
	if (r == PASS_AGAIN) {
		r = PASS_FAIL;
		a = src_open(s, file);
		if (a) {
			r = first_pass(&rd, a);
			archive_read_free(a);
		}
		if (r == 0 && (a = src_open(s, file)) != NULL) {
			r = main_pass(&rd, a, 0);
			archive_read_free(a);
		} else {
			r = PASS_FAIL;
		}
	}
	for (size_t i = 0; i < rd.nsums; i++)
		free(rd.sums[i].name);
	free(rd.sums);
	free(rd.scratch);
	free(rd.head);
	if (r == PASS_OK && rd.refused) {	/* the scan's word, unless the digests differ */
		if (pcm_read_end(rd.p) == 0)
			pc_msg_put_held(&rd.held);
		r = PASS_FAIL;
	}
	if (r != PASS_OK) {
		pcm_free(rd.p);
		return NULL;
	}
	return rd.p;
}

/* Standard input that cannot be read twice, in memory (compressed, so about the size of
 * the weights), bounded by the total bound; NULL after reporting. */
static void *slurp(int fd, const char *file, size_t *len)
{
	size_t n = 0, cap = 0;
	char *buf = NULL;

	for (;;) {
		ssize_t got;

		if (n == cap)
			xgrow(&buf, &cap, n + IO_CHUNK, 1);
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			pc_error_errno("cannot read %s", file);
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > total_max + IO_CHUNK) {
			pc_error_at(file, 0, "not a model archive: more than %llu bytes",
				    (unsigned long long)total_max);
			free(buf);
			return NULL;
		}
	}
	*len = n;
	return buf;
}

struct pcm *pcm_read_begin(const char *path, const struct pcm_read_opts *o)
{
	int stdin_ = !path || !strcmp(path, "-");
	const char *file = stdin_ ? "<stdin>" : path;
	struct src s = { stdin_ ? 0 : open(path, O_RDONLY | O_CLOEXEC), NULL, 0, 0 };
	struct pcm *p = NULL;
	void *mem = NULL;

	if (s.fd < 0) {
		pc_error_errno("cannot open %s", path);
		return NULL;
	}
	s.start = lseek(s.fd, 0, SEEK_CUR);
	if (s.start < 0) {	/* a pipe: read twice from memory */
		mem = slurp(s.fd, file, &s.len);
		s.mem = mem;
	}
	if (s.start >= 0 || mem)
		p = read_src(&s, file, o);
	free(mem);
	if (!stdin_)
		close(s.fd);
	return p;
}

/* Read, and verify before returning. */
static struct pcm *read_end(struct pcm *p)
{
	if (p && pcm_read_end(p) < 0) {
		pcm_free(p);
		return NULL;
	}
	return p;
}

struct pcm *pcm_read_with(const char *path, const struct pcm_read_opts *o)
{
	return read_end(pcm_read_begin(path, o));
}

struct pcm *pcm_read(const char *path)
{
	return pcm_read_with(path, NULL);
}

struct pcm *pcm_read_mem_with(const char *name, const void *data, size_t len,
			      const struct pcm_read_opts *o)
{
	struct src s = { -1, len ? data : "", len, 0 };

	return read_end(read_src(&s, name, o));
}

struct pcm *pcm_read_mem(const char *name, const void *data, size_t len)
{
	return pcm_read_mem_with(name, data, len, NULL);
}
