/* outfile: output files that appear whole or not at all; see outfile.h. */
#include "base/outfile.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif
#ifdef __GLIBC__
#include <stdio_ext.h>
#endif

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

#define MAX_PENDING 64
#define MAX_TMP 4096
#define MAX_SYMLINKS 40

/* ---- pending temporary files ---- */

/* Plain arrays of fixed buffers: the signal handler may only read them and call
 * unlink().  A slot's path and owner are written before `pending_used` is set and the
 * flag is cleared before the slot is reused; the lock only orders the writers. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler needs lock-free atomics");
static char pending[MAX_PENDING][MAX_TMP];
static pid_t pending_pid[MAX_PENDING];
static atomic_int pending_used[MAX_PENDING];
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static int cleanup_installed;

/* Every signal whose default action terminates the process. */
static const int fatal_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
	SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV,
	SIGSYS,
#ifdef SIGPOLL
	SIGPOLL,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};
#define NFATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))

/* Async-signal-safe: atomic loads, getpid() and unlink() only. */
static void remove_pending(void)
{
	pid_t self = getpid();

	for (int i = 0; i < MAX_PENDING; i++)
		if (atomic_load(&pending_used[i]) && pending_pid[i] == self)
			unlink(pending[i]);
}

static void on_signal(int sig)
{
	remove_pending();
	/* the signal is blocked while its handler runs: it is delivered again, with the
	 * default action, as soon as the handler returns */
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Called with pending_lock held. */
static void install_cleanup(void)
{
	struct sigaction sa, old;

	if (cleanup_installed)
		return;
	cleanup_installed = 1;
	atexit(remove_pending);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++) {
		/* leave ignored signals ignored, as a shell running us in the background wants,
		 * and the program's own handlers in place */
		if (sigaction(fatal_signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL ||
		    (old.sa_flags & SA_SIGINFO))
			continue;
		sigaction(fatal_signals[i], &sa, NULL);
	}
}

/* Block the fatal signals (between creating a file and recording it); `old` restores. */
static void block_fatal(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < NFATAL; i++)
		sigaddset(&set, fatal_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

void outfile_catch_signals(void)
{
	pthread_mutex_lock(&pending_lock);
	install_cleanup();
	pthread_mutex_unlock(&pending_lock);
}

void outfile_pending_add(const char *tmp)
{
	size_t len = strlen(tmp);

	if (len >= MAX_TMP)
		pc_fatal("temporary path too long: %s", tmp);
	pthread_mutex_lock(&pending_lock);
	install_cleanup();
	for (int i = 0; i < MAX_PENDING; i++) {
		if (!atomic_load(&pending_used[i])) {
			memcpy(pending[i], tmp, len + 1);
			pending_pid[i] = getpid();
			atomic_store(&pending_used[i], 1);
			pthread_mutex_unlock(&pending_lock);
			return;
		}
	}
	pthread_mutex_unlock(&pending_lock);
	pc_fatal("too many output files open at once");
}

void outfile_pending_remove(const char *tmp)
{
	pthread_mutex_lock(&pending_lock);
	for (int i = 0; i < MAX_PENDING; i++) {
		if (atomic_load(&pending_used[i]) && !strcmp(pending[i], tmp)) {
			atomic_store(&pending_used[i], 0);
			break;
		}
	}
	pthread_mutex_unlock(&pending_lock);
}

/* ---- resolving the target ---- */

/* The directory part of `p` ("." when none, "/" for "/x"), and the last component. */
static char *dir_of(const char *p)
{
	const char *slash = strrchr(p, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == p)
		return xstrdup("/");
	return xstrndup(p, (size_t)(slash - p));
}

static const char *base_of(const char *p)
{
	const char *slash = strrchr(p, '/');

	return slash ? slash + 1 : p;
}

/* The contents of symlink `p`, or NULL with errno set. */
static char *read_link(const char *p)
{
	size_t cap = 256;

	for (;;) {
		char *buf = xmalloc(cap);
		ssize_t n = readlink(p, buf, cap);

		if (n < 0) {
			int e = errno;

			free(buf);
			errno = e;
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (cap >= (size_t)1 << 20) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		cap *= 2;
	}
}

/* Whether the directory holding `p` is procfs, whose symlinks (/proc/PID/fd/N) lead to
 * open files rather than to paths. */
static int in_procfs(const char *p)
{
	char *dir = dir_of(p);
	int yes;
#ifdef __linux__
	struct statfs sf;

	yes = statfs(dir, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
#else
	yes = !strncmp(dir, "/proc/", 6) || !strcmp(dir, "/dev/fd");
#endif
	free(dir);
	return yes;
}

/* Follow symlinks from `given` by hand, so that a dangling one names the file to create.
 * Returns the end of the chain (allocated) with its lstat in *st, or st->st_mode 0 when
 * it does not exist; *magic is set when the chain reached a procfs link, which is
 * returned unresolved.  NULL with errno set on failure. */
static char *resolve(const char *given, struct stat *st, int *magic)
{
	char *cur = xstrdup(given);

	*magic = 0;
	for (int hops = 0;; hops++) {
		char *link, *dir;

		if (lstat(cur, st) != 0) {
			if (errno != ENOENT)
				goto fail;
			memset(st, 0, sizeof(*st));
			return cur;
		}
		if (!S_ISLNK(st->st_mode))
			return cur;
		if (in_procfs(cur)) {
			*magic = 1;
			return cur;
		}
		if (hops == MAX_SYMLINKS) {
			errno = ELOOP;
			goto fail;
		}
		if (!(link = read_link(cur)))
			goto fail;
		if (link[0] != '/' && strchr(cur, '/')) {
			dir = dir_of(cur);
			free(cur);
			cur = xasprintf("%s/%s", dir, link);
			free(dir);
			free(link);
		} else {
			free(cur);
			cur = link;
		}
	}
fail:
	{
		int e = errno;

		free(cur);
		errno = e;
		return NULL;
	}
}

/* The descriptor of this process that procfs link `p` names (/proc/PID/fd/N or
 * /proc/PID/task/TID/fd/N with PID ours), or -1. */
static int own_fd(const char *p)
{
	char *dir = dir_of(p), *real = realpath(dir, NULL);
	const char *base = base_of(p);
	long pid = -1, tid;
	int n = 0, fd = -1;
	char *end;
	long v;

	free(dir);
	if (!real)
		return -1;
	if (sscanf(real, "/proc/%ld/fd%n", &pid, &n) != 1 || real[n] != '\0') {
		n = 0;
		if (sscanf(real, "/proc/%ld/task/%ld/fd%n", &pid, &tid, &n) != 2 ||
		    real[n] != '\0')
			pid = -1;
	}
	free(real);
	if (pid != (long)getpid() || !*base)
		return -1;
	errno = 0;
	v = strtol(base, &end, 10);
	if (!errno && !*end && v >= 0 && v <= INT_MAX)
		fd = (int)v;
	return fd;
}

/* ---- opening ---- */

static void closed(struct outfile *o)
{
	free(o->tmp);
	free(o->path);
	free(o->given);
	memset(o, 0, sizeof(*o));
}

static int open_failed(struct outfile *o, const char *what)
{
	pc_error_errno("%s %s", what, o->name);
	closed(o);
	return -1;
}

static int set_stream(struct outfile *o, int fd)
{
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	setvbuf(o->fp, NULL, _IOFBF, 1 << 16);
	return 0;
}

/* A procfs link: our own descriptor N is written through a duplicate (sharing its
 * offset and O_APPEND, as a shell's >&N would); another process's is opened. */
static int open_magic(struct outfile *o, const char *link)
{
	int n = own_fd(link), fd, fl;

	if (n < 0) {
		fd = open(link, O_WRONLY | O_NOCTTY | O_TRUNC | O_CLOEXEC);
		if (fd < 0)
			return open_failed(o, "cannot open");
		if (set_stream(o, fd) < 0)
			return open_failed(o, "cannot open");
		return 0;
	}
	fl = fcntl(n, F_GETFL);
	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY) {
		errno = EBADF;
		return open_failed(o, "cannot open");
	}
	if (n == STDOUT_FILENO) {
		o->fp = stdout;
		return 0;
	}
	fd = fcntl(n, F_DUPFD_CLOEXEC, 3);
	if (fd < 0 || set_stream(o, fd) < 0)
		return open_failed(o, "cannot open");
	return 0;
}

/* Create `tmpl`, whose last six characters are replaced, exclusively with `mode` (the
 * umask applies, as it does for any new file; mkstemp's fixed 0600 would need the umask
 * read back, which races with other threads). */
static int create_tmp(char *tmpl, mode_t mode)
{
	static const char chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static atomic_uint_fast64_t counter;
	char *x = tmpl + strlen(tmpl) - 6;
	struct timespec ts;
	uint64_t v;

	clock_gettime(CLOCK_REALTIME, &ts);
	v = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 40) ^
	    atomic_fetch_add(&counter, 1) * 0x9e3779b97f4a7c15u;
	for (int tries = 0; tries < 1000; tries++) {
		uint64_t z = (v += 0x9e3779b97f4a7c15u);
		int fd;

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
		z ^= z >> 31;
		for (int i = 0; i < 6; i++, z /= 62)
			x[i] = chars[z % 62];
		fd = open(tmpl, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

/* Give the new file the old one's owner, group and mode, as far as allowed; set-id bits
 * only go with the owner and group they belonged to. */
static void keep_attributes(int fd, const struct stat *old)
{
	struct stat now;
	mode_t mode = old->st_mode & 07777;

	if (fstat(fd, &now) == 0 && (now.st_uid != old->st_uid || now.st_gid != old->st_gid)) {
		if (fchown(fd, old->st_uid, old->st_gid) != 0) {
			mode &= ~(mode_t)S_ISUID;
			if (fchown(fd, (uid_t)-1, old->st_gid) != 0)
				mode &= ~(mode_t)S_ISGID;
		}
	}
	fchmod(fd, mode);
}

/* The temporary name in `dir` for `base`: ".BASE.tmpXXXXXX", BASE shortened (not inside
 * a UTF-8 sequence) when the whole would pass the directory's name limit. */
static char *tmp_name(const char *dir, const char *base, long name_max)
{
	size_t keep = strlen(base);
	const char *sep = strcmp(dir, "/") ? "/" : "";

	if (keep + 11 > (size_t)name_max) {
		keep = name_max > 11 ? (size_t)name_max - 11 : 0;
		while (keep > 0 && ((unsigned char)base[keep] & 0xc0) == 0x80)
			keep--;
	}
	return xasprintf("%s%s.%.*s.tmpXXXXXX", dir, sep, (int)keep, base);
}

int outfile_open(struct outfile *o, const char *path)
{
	struct stat st;
	char *final, *dir, *real;
	const char *base;
	long name_max;
	int magic, fd, e, too_long, tries = 0;
	sigset_t mask;

	memset(o, 0, sizeof(*o));
	if (!path || !strcmp(path, "-")) {
		o->fp = stdout;
		o->name = "<stdout>";
		return 0;
	}
	o->given = xstrdup(path);
	o->name = o->given;
	if (!*path) {
		errno = ENOENT;
		return open_failed(o, "cannot create");
	}
again:
	if (!(final = resolve(path, &st, &magic)))
		return open_failed(o, "cannot create");
	if (magic) {
		int r = open_magic(o, final);

		free(final);
		return r;
	}
	if (S_ISDIR(st.st_mode)) {
		free(final);
		pc_error("%s: is a directory", o->name);
		closed(o);
		return -1;
	}
	if (st.st_mode && !S_ISREG(st.st_mode)) {
		/* a device, FIFO or socket: written in place */
		fd = open(final, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		free(final);
		if (fd < 0)
			return open_failed(o, "cannot open");
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			/* replaced by a regular file meanwhile: that one is not written in place */
			close(fd);
			if (tries++ < 3)
				goto again;
			errno = EAGAIN;
			return open_failed(o, "cannot open");
		}
		if (set_stream(o, fd) < 0)
			return open_failed(o, "cannot open");
		return 0;
	}

	/* a regular file or a new one: a temporary file beside it, renamed over it */
	base = base_of(final);
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		free(final);
		pc_error("%s: is a directory", o->name);
		closed(o);
		return -1;
	}
	dir = dir_of(final);
	real = realpath(dir, NULL);
	if (!real) {
		e = errno;
		free(dir);
		free(final);
		errno = e;
		return open_failed(o, "cannot create");
	}
	free(dir);
	name_max = pathconf(real, _PC_NAME_MAX);
	if (name_max <= 0)
		name_max = 255;
	o->path = xasprintf("%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
	o->tmp = tmp_name(real, base, name_max);
	too_long = strlen(base) > (size_t)name_max || strlen(o->path) >= PATH_MAX ||
		   strlen(o->tmp) >= MAX_TMP;
	free(real);
	free(final);
	if (too_long) {
		errno = ENAMETOOLONG;
		return open_failed(o, "cannot create");
	}
	block_fatal(&mask);
	fd = create_tmp(o->tmp, st.st_mode ? 0600 : 0666);
	if (fd >= 0)
		outfile_pending_add(o->tmp);
	e = errno;
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
	if (fd < 0) {
		errno = e;
		return open_failed(o, "cannot create");
	}
	if (st.st_mode)
		keep_attributes(fd, &st);
	if (set_stream(o, fd) < 0) {
		pc_error_errno("cannot open %s", o->name);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

/* ---- committing ---- */

/* The cause of a write that failed before commit: stdio keeps the error flag but not
 * errno.  Ask again: one byte in a fresh block past the end of the temporary file (which
 * is about to be removed), an empty write to a device, a poll of a pipe.  0 when it
 * cannot be told. */
static int probe_errno(const struct outfile *o, int fd)
{
	struct stat st;

	if (o->tmp) {
		off_t blk;

		if (fstat(fd, &st) != 0)
			return errno;
		blk = st.st_blksize > 0 ? st.st_blksize : 4096;
		if (pwrite(fd, "", 1, (st.st_size / blk + 1) * blk) < 0)
			return errno;
		return 0;
	}
	if (fstat(fd, &st) != 0 || S_ISREG(st.st_mode))
		return 0;
	if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
		/* an empty write to a pipe succeeds even without a reader; poll tells */
		struct pollfd p = { .fd = fd, .events = POLLOUT };

		if (poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP)))
			return EPIPE;
		return 0;
	}
	if (write(fd, "", 0) < 0)
		return errno;
	return 0;
}

/* Flush (and for a temporary file sync) and close member `o`, recording the temporary
 * file's identity in *id.  Returns 0, or -1 with *err the cause (0 unknown). */
static int finish(struct outfile *o, struct stat *id, int *err)
{
	FILE *fp = o->fp;
	int fd = fileno(fp), bad = 0;

	*err = 0;
	errno = 0;
	if (fflush(fp) != 0) {
		*err = errno;
		bad = 1;
	} else if (ferror(fp)) {
		*err = probe_errno(o, fd);
		bad = 1;
	} else if (o->tmp) {
		/* filesystems without fsync say EINVAL */
		if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP) {
			*err = errno;
			bad = 1;
		} else if (fstat(fd, id) != 0) {
			*err = errno;
			bad = 1;
		}
	}
	if (fp != stdout) {
#ifdef __GLIBC__
		if (bad)
			__fpurge(fp);
#endif
		if (fclose(fp) != 0 && !bad) {
			*err = errno;
			bad = 1;
		}
	}
	o->fp = NULL;
	return bad ? -1 : 0;
}

static int exchange(const char *a, const char *b)
{
#ifdef RENAME_EXCHANGE
	return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
	(void)a;
	(void)b;
	errno = ENOSYS;
	return -1;
#endif
}

enum { UNDONE, EXCHANGED, CREATED, REPLACED };

int outfile_commit_all(struct outfile *const *v, size_t n)
{
	struct stat *id = xcalloc(n ? n : 1, sizeof(*id));
	unsigned char *state = xcalloc(n ? n : 1, 1);
	struct outfile *bad = NULL;
	int err = 0, silent = 0;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (v[i] && !v[i]->fp) {
			pc_error("internal: commit of a closed output");
			goto abort;
		}
	}
	/* 1. flush and sync: regular files first, so that a failure among them leaves what
	 * is still buffered for the direct ones unwritten */
	for (int pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			if (!v[i] || !v[i]->fp || (v[i]->tmp == NULL) != pass)
				continue;
			if (finish(v[i], &id[i], &err) < 0) {
				bad = v[i];
				silent = !bad->tmp && err == EPIPE;
				goto report;
			}
		}
	}
	/* 2. each temporary file still the one written (its directory may have been
	 * removed or renamed) */
	for (i = 0; i < n; i++) {
		struct stat now;

		if (!v[i] || !v[i]->tmp)
			continue;
		if (lstat(v[i]->tmp, &now) != 0) {
			pc_error_errno("cannot rename %s to %s", v[i]->tmp, v[i]->path);
			goto abort;
		}
		if (now.st_dev != id[i].st_dev || now.st_ino != id[i].st_ino) {
			pc_error("cannot rename %s to %s: the temporary file was replaced",
				 v[i]->tmp, v[i]->path);
			goto abort;
		}
	}
	/* 3. rename; an existing target is exchanged with its temporary file, so that a
	 * later failure can put it back */
	for (k = 0; k < n; k++) {
		struct outfile *o = v[k];
		struct stat t;
		int exists;

		if (!o || !o->tmp)
			continue;
		exists = lstat(o->path, &t) == 0;
		if (exists && !S_ISDIR(t.st_mode)) {
			if (exchange(o->tmp, o->path) == 0) {
				state[k] = EXCHANGED;
				continue;
			}
			if (errno == ENOENT)
				exists = 0; /* the target went away meanwhile */
			else if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
				break;
		}
		if (rename(o->tmp, o->path) != 0)
			break;
		state[k] = exists ? REPLACED : CREATED;
	}
	if (k < n) {
		size_t fail = k;

		err = errno;
		while (k-- > 0) {
			struct outfile *o = v[k];

			if (state[k] == EXCHANGED && exchange(o->tmp, o->path) != 0) {
				pc_warn("cannot put back %s: its previous contents are in %s",
					o->path, o->tmp);
				outfile_pending_remove(o->tmp);
				free(o->tmp);
				o->tmp = NULL;
			} else if (state[k] == CREATED) {
				rename(o->path, o->tmp);
			}
		}
		errno = err;
		pc_error_errno("cannot rename %s to %s", v[fail]->tmp, v[fail]->path);
		goto abort;
	}
	for (i = 0; i < n; i++) {
		struct outfile *o = v[i];

		if (!o)
			continue;
		if (o->tmp) {
			if (state[i] == EXCHANGED)
				unlink(o->tmp); /* the previous version */
			outfile_pending_remove(o->tmp);
		}
		closed(o);
	}
	free(id);
	free(state);
	return 0;

report:
	if (!silent) {
		const char *what = bad->given ? bad->name : "to standard output";

		errno = err;
		if (err)
			pc_error_errno("cannot write %s", what);
		else
			pc_error("cannot write %s", what);
	}
abort:
	for (i = 0; i < n; i++)
		if (v[i])
			outfile_abort(v[i]);
	free(id);
	free(state);
	return -1;
}

int outfile_commit(struct outfile *o)
{
	return outfile_commit_all(&o, 1);
}

void outfile_abort(struct outfile *o)
{
	if (o->fp && o->fp != stdout) {
#ifdef __GLIBC__
		__fpurge(o->fp);
#endif
		fclose(o->fp);
	}
	o->fp = NULL;
	if (o->tmp) {
		unlink(o->tmp);
		outfile_pending_remove(o->tmp);
	}
	closed(o);
}

int outfile_write_all(const char *path, const void *data, size_t len)
{
	struct outfile o;

	if (outfile_open(&o, path) < 0)
		return -1;
	if (len && fwrite(data, 1, len, o.fp) != len) {
		pc_error_errno("cannot write %s", o.name);
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o);
}

int outfile_check(const char *path)
{
	struct outfile o;

	struct stat st;

	if (!path || !strcmp(path, "-"))
		return 0;
	/* a device or a FIFO is written directly at the end: opening it now could wait for a
	 * reader, or take the one there is */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return 0;
	if (outfile_open(&o, path) < 0)
		return -1;
	outfile_abort(&o);
	return 0;
}
