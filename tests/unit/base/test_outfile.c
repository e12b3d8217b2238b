/*
 * Unit tests for outfile beyond the plain case (test_core.c): devices, FIFOs and
 * descriptors written in place, symlinks followed, modes kept, impossible outputs refused
 * at open, temporary files removed on signals, group commits.  Device nodes are made
 * with mknod inside a scratch directory; nothing under /dev is ever named as an output.
 */
#include "base/msg.h"
#include "base/outfile.h"

#include "../testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

static char lastmsg[4096];

static void capture(void)
{
	pc_set_progname("pc-test");
	lastmsg[0] = '\0';
	pc_msg_capture(lastmsg, sizeof(lastmsg));
}

/* Entries of `dir` (without . and ..), and those that look like temporary files. */
static int count_entries(const char *dir, int tmp_only)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!tmp_only || strstr(e->d_name, ".tmp"))
			n++;
	}
	closedir(d);
	return n;
}

static void assert_file(const char *path, const char *want)
{
	char *got = tu_read_file(path, NULL);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

static void make_chardev(const char *path, unsigned maj, unsigned min)
{
	ck_assert_msg(mknod(path, S_IFCHR | 0666, makedev(maj, min)) == 0, "mknod %s: %s",
		      path, strerror(errno));
}

/* ---- written in place ---- */

/* A character device (the numbers of /dev/null) is written, not renamed over. */
START_TEST(test_outfile_device_direct)
{
	char *dir = tu_tmpdir(), *dev = tu_path(dir, "null");
	struct outfile o;
	struct stat st;

	make_chardev(dev, 1, 3);
	ck_assert_int_eq(outfile_open(&o, dev), 0);
	ck_assert_ptr_null(o.tmp);
	ck_assert_int_eq(count_entries(dir, 0), 1);
	fputs("into the void\n", o.fp);
	ck_assert_int_eq(outfile_commit(&o), 0);
	ck_assert_int_eq(lstat(dev, &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_uint_eq(major(st.st_rdev), 1);
	ck_assert_uint_eq(minor(st.st_rdev), 3);
	ck_assert_int_eq(count_entries(dir, 0), 1);
	free(dev);
	tu_rmdir(dir);
}
END_TEST

/* A device that refuses writes (the numbers of /dev/full): commit fails and says why,
 * whether the error came at the final flush or during an earlier write. */
START_TEST(test_outfile_device_full)
{
	char *dir = tu_tmpdir(), *dev = tu_path(dir, "full");
	char want[4200];
	static char big[200000];
	struct outfile o;
	struct stat st;

	make_chardev(dev, 1, 7);
	snprintf(want, sizeof(want), "pc-test: cannot write %s: No space left on device\n",
		 dev);
	capture();
	ck_assert_int_eq(outfile_open(&o, dev), 0);
	fputs("x\n", o.fp);
	ck_assert_int_eq(outfile_commit(&o), -1);
	ck_assert_str_eq(lastmsg, want);
	ck_assert_ptr_null(o.fp);

	/* larger than the stream's buffer: the write fails before commit */
	lastmsg[0] = '\0';
	ck_assert_int_eq(outfile_open(&o, dev), 0);
	ck_assert_uint_lt(fwrite(big, 1, sizeof(big), o.fp), sizeof(big));
	ck_assert_int_eq(outfile_commit(&o), -1);
	ck_assert_str_eq(lastmsg, want);
	pc_msg_capture(NULL, 0);

	ck_assert_int_eq(lstat(dev, &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_int_eq(count_entries(dir, 0), 1);
	free(dev);
	tu_rmdir(dir);
}
END_TEST

struct reader {
	const char *path;
	char buf[256];
	size_t len;
};

static void *fifo_reader(void *arg)
{
	struct reader *r = arg;
	int fd = open(r->path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return NULL;
	while ((n = read(fd, r->buf + r->len, sizeof(r->buf) - 1 - r->len)) > 0)
		r->len += (size_t)n;
	close(fd);
	return NULL;
}

/* A FIFO is opened (waiting for its reader) and written; it stays a FIFO. */
START_TEST(test_outfile_fifo)
{
	char *dir = tu_tmpdir(), *fifo = tu_path(dir, "fifo");
	struct reader r = { fifo, { 0 }, 0 };
	struct outfile o;
	struct stat st;
	pthread_t th;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(pthread_create(&th, NULL, fifo_reader, &r), 0);
	ck_assert_int_eq(outfile_open(&o, fifo), 0);
	ck_assert_ptr_null(o.tmp);
	fputs("through the fifo\n", o.fp);
	ck_assert_int_eq(outfile_commit(&o), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	r.buf[r.len] = '\0';
	ck_assert_str_eq(r.buf, "through the fifo\n");
	ck_assert_int_eq(lstat(fifo, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_int_eq(count_entries(dir, 0), 1);
	free(fifo);
	tu_rmdir(dir);
}
END_TEST

/* /proc/self/fd/N writes to descriptor N itself: a pipe, and a file opened for
 * appending that keeps what it had (a rename would replace it). */
START_TEST(test_outfile_proc_fd)
{
	char *dir = tu_tmpdir(), *file = tu_path(dir, "log");
	char name[64], buf[64];
	struct outfile o;
	int p[2], fd;
	ssize_t n;

	ck_assert_int_eq(pipe(p), 0);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", p[1]);
	ck_assert_int_eq(outfile_open(&o, name), 0);
	ck_assert_ptr_null(o.tmp);
	ck_assert_str_eq(o.name, name);
	fputs("piped\n", o.fp);
	ck_assert_int_eq(outfile_commit(&o), 0);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	ck_assert_int_eq(n, 6);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "piped\n");
	close(p[0]);

	tu_write_file(file, "old\n", 4);
	fd = open(file, O_WRONLY | O_APPEND);
	ck_assert_int_ge(fd, 0);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	ck_assert_int_eq(outfile_open(&o, name), 0);
	fputs("new\n", o.fp);
	ck_assert_int_eq(outfile_commit(&o), 0);
	close(fd);
	assert_file(file, "old\nnew\n");
	ck_assert_int_eq(count_entries(dir, 0), 1);

	/* a descriptor open only for reading is refused at open */
	fd = open(file, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	capture();
	ck_assert_int_eq(outfile_open(&o, name), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, name));
	pc_msg_capture(NULL, 0);
	close(fd);
	free(file);
	tu_rmdir(dir);
}
END_TEST

/* A reader that went away (SIGPIPE ignored) fails the commit silently, as for standard
 * output, even when the write failed before commit. */
START_TEST(test_outfile_epipe_silent)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		static char big[200000];
		struct outfile o;
		int p[2];

		signal(SIGPIPE, SIG_IGN);
		capture();
		if (pipe(p) != 0 || dup2(p[1], STDOUT_FILENO) < 0)
			_exit(10);
		close(p[0]);
		close(p[1]);
		if (outfile_open(&o, "-") < 0)
			_exit(11);
		fwrite(big, 1, sizeof(big), o.fp);
		if (outfile_commit(&o) != -1)
			_exit(12);
		_exit(lastmsg[0] ? 13 : 0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x",
		      status);
}
END_TEST

/* ---- symlinks ---- */

/* A chain of relative links, one across directories: the file at its end is replaced,
 * the links stay links, the temporary file is made beside the target. */
START_TEST(test_outfile_symlink)
{
	char *dir = tu_tmpdir(), *a = tu_path(dir, "a"), *sub = tu_path(dir, "sub");
	char *real = tu_path(dir, "real"), *hop, *lnk, target[PATH_MAX];
	struct outfile o;
	struct stat st;
	ssize_t n;

	ck_assert_int_eq(mkdir(sub, 0755), 0);
	hop = tu_path(sub, "hop");
	lnk = tu_path(dir, "link");
	tu_write_file(real, "old\n", 4);
	ck_assert_int_eq(symlink("sub/hop", a), 0);   /* a -> sub/hop */
	ck_assert_int_eq(symlink("../link", hop), 0); /* sub/hop -> ../link */
	ck_assert_int_eq(symlink("real", lnk), 0);    /* link -> real */

	ck_assert_int_eq(outfile_open(&o, a), 0);
	ck_assert_str_eq(o.name, a);
	ck_assert_ptr_nonnull(o.tmp);
	ck_assert_ptr_nonnull(strstr(o.path, "/real"));
	fputs("new\n", o.fp);
	assert_file(real, "old\n");
	ck_assert_int_eq(outfile_commit(&o), 0);
	assert_file(real, "new\n");
	ck_assert_int_eq(lstat(a, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(lstat(hop, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(lstat(lnk, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	n = readlink(a, target, sizeof(target) - 1);
	ck_assert_int_eq(n, 7);
	target[n] = '\0';
	ck_assert_str_eq(target, "sub/hop");
	ck_assert_int_eq(count_entries(dir, 1), 0);
	ck_assert_int_eq(count_entries(sub, 0), 1);

	/* a symlink loop is refused at open */
	free(hop);
	hop = tu_path(dir, "loop");
	ck_assert_int_eq(symlink("loop", hop), 0);
	capture();
	ck_assert_int_eq(outfile_open(&o, hop), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "Too many levels of symbolic links"));
	pc_msg_capture(NULL, 0);
	free(a);
	free(sub);
	free(real);
	free(hop);
	free(lnk);
	tu_rmdir(dir);
}
END_TEST

/* A dangling symlink: the file it names is created, in its own directory; a link into
 * a missing directory is refused at open. */
START_TEST(test_outfile_dangling_symlink)
{
	char *dir = tu_tmpdir(), *sub = tu_path(dir, "sub"), *dang = tu_path(dir, "dang");
	char *made, *bad = tu_path(dir, "bad");
	char want[4200];
	struct outfile o;
	struct stat st;

	ck_assert_int_eq(mkdir(sub, 0755), 0);
	made = tu_path(sub, "made.txt");
	ck_assert_int_eq(symlink("sub/made.txt", dang), 0);
	ck_assert_int_eq(outfile_open(&o, dang), 0);
	fputs("made\n", o.fp);
	ck_assert_int_eq(outfile_commit(&o), 0);
	ck_assert_int_eq(lstat(dang, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	assert_file(made, "made\n");
	ck_assert_int_eq(count_entries(dir, 1), 0);
	ck_assert_int_eq(count_entries(sub, 0), 1);

	ck_assert_int_eq(symlink("nowhere/x", bad), 0);
	capture();
	ck_assert_int_eq(outfile_open(&o, bad), -1);
	snprintf(want, sizeof(want), "pc-test: cannot create %s: No such file or directory\n",
		 bad);
	ck_assert_str_eq(lastmsg, want);
	pc_msg_capture(NULL, 0);
	ck_assert_int_eq(count_entries(dir, 1), 0);
	free(sub);
	free(dang);
	free(made);
	free(bad);
	tu_rmdir(dir);
}
END_TEST

/* ---- modes ---- */

START_TEST(test_outfile_mode_kept)
{
	char *dir = tu_tmpdir(), *priv = tu_path(dir, "private"), *fresh = tu_path(dir, "new");
	struct outfile o;
	struct stat st;

	umask(022);
	tu_write_file(priv, "secret\n", 7);
	ck_assert_int_eq(chmod(priv, 0600), 0);
	if (geteuid() == 0)
		ck_assert_int_eq(chown(priv, 4321, 4322), 0);
	ck_assert_int_eq(outfile_open(&o, priv), 0);
	fputs("still secret\n", o.fp);
	ck_assert_int_eq(outfile_commit(&o), 0);
	ck_assert_int_eq(stat(priv, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	if (geteuid() == 0) {
		ck_assert_uint_eq(st.st_uid, 4321);
		ck_assert_uint_eq(st.st_gid, 4322);
	}
	assert_file(priv, "still secret\n");

	ck_assert_int_eq(chmod(priv, 0751), 0);
	ck_assert_int_eq(outfile_write_all(priv, "x", 1), 0);
	ck_assert_int_eq(stat(priv, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0751);

	/* a new file: 0666 less the umask */
	umask(027);
	ck_assert_int_eq(outfile_write_all(fresh, "y", 1), 0);
	ck_assert_int_eq(stat(fresh, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	umask(022);
	free(priv);
	free(fresh);
	tu_rmdir(dir);
}
END_TEST

/* ---- impossible outputs, refused at open ---- */

START_TEST(test_outfile_refused_at_open)
{
	char *dir = tu_tmpdir(), *sub = tu_path(dir, "sub"), *file = tu_path(dir, "file");
	char want[4400], path[4096];
	struct outfile o;

	ck_assert_int_eq(mkdir(sub, 0755), 0);
	tu_write_file(file, "f\n", 2);
	capture();

	/* a directory */
	ck_assert_int_eq(outfile_open(&o, sub), -1);
	snprintf(want, sizeof(want), "pc-test: %s: is a directory\n", sub);
	ck_assert_str_eq(lastmsg, want);
	ck_assert_ptr_null(o.fp);
	snprintf(path, sizeof(path), "%s/", sub);
	ck_assert_int_eq(outfile_open(&o, path), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "is a directory"));
	snprintf(path, sizeof(path), "%s/none/", dir);
	ck_assert_int_eq(outfile_open(&o, path), -1);

	/* a missing parent directory, a parent that is a file */
	snprintf(path, sizeof(path), "%s/missing/x", dir);
	ck_assert_int_eq(outfile_open(&o, path), -1);
	snprintf(want, sizeof(want), "pc-test: cannot create %s: No such file or directory\n",
		 path);
	ck_assert_str_eq(lastmsg, want);
	snprintf(path, sizeof(path), "%s/x", file);
	ck_assert_int_eq(outfile_open(&o, path), -1);
	snprintf(want, sizeof(want), "pc-test: cannot create %s: Not a directory\n", path);
	ck_assert_str_eq(lastmsg, want);
	ck_assert_int_eq(outfile_open(&o, ""), -1);
	pc_msg_capture(NULL, 0);

	/* no permission to create in the directory (root is allowed: ask as nobody) */
	ck_assert_int_eq(chmod(sub, 0555), 0);
	snprintf(path, sizeof(path), "%s/x", sub);
	if (geteuid() == 0) {
		int status;
		pid_t pid;

		fflush(NULL);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			capture();
			if (setgid(65534) != 0 || setuid(65534) != 0)
				_exit(10);
			if (outfile_open(&o, path) != -1)
				_exit(11);
			snprintf(want, sizeof(want),
				 "pc-test: cannot create %s: Permission denied\n", path);
			_exit(strcmp(lastmsg, want) ? 12 : 0);
		}
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			      "child status %#x", status);
	} else {
		capture();
		ck_assert_int_eq(outfile_open(&o, path), -1);
		ck_assert_ptr_nonnull(strstr(lastmsg, "Permission denied"));
		pc_msg_capture(NULL, 0);
	}
	ck_assert_int_eq(chmod(sub, 0755), 0);

	ck_assert_int_eq(count_entries(dir, 0), 2);
	ck_assert_int_eq(count_entries(sub, 0), 0);
	free(sub);
	free(file);
	tu_rmdir(dir);
}
END_TEST

/* A name longer than the directory allows is refused at open, naming the output; a legal
 * name too long for ".NAME.tmpXXXXXX" gets a shorter temporary name and works. */
START_TEST(test_outfile_long_names)
{
	char *dir = tu_tmpdir(), *path;
	char name[400], want[4400];
	const char *tmpbase;
	long max = pathconf(dir, _PC_NAME_MAX);
	struct outfile o;
	size_t i;

	if (max <= 0 || max > 300)
		max = 255;
	memset(name, 'n', (size_t)max + 1);
	name[max + 1] = '\0';
	path = tu_path(dir, name);
	capture();
	ck_assert_int_eq(outfile_open(&o, path), -1);
	snprintf(want, sizeof(want), "pc-test: cannot create %s: File name too long\n", path);
	ck_assert_str_eq(lastmsg, want);
	pc_msg_capture(NULL, 0);
	free(path);

	/* exactly the limit, and a UTF-8 name the shortening must not cut inside a character */
	name[max] = '\0';
	path = tu_path(dir, name);
	ck_assert_int_eq(outfile_open(&o, path), 0);
	fputs("long\n", o.fp);
	ck_assert_int_eq(outfile_commit(&o), 0);
	assert_file(path, "long\n");
	free(path);
	name[0] = 'e';
	for (i = 1; i + 2 <= (size_t)max; i += 2)
		memcpy(name + i, "\xc3\xa9", 2);
	name[i] = '\0';
	path = tu_path(dir, name);
	ck_assert_int_eq(outfile_open(&o, path), 0);
	ck_assert_ptr_nonnull(o.tmp);
	tmpbase = strrchr(o.tmp, '/') + 1;
	ck_assert_uint_le(strlen(tmpbase), (size_t)max);
	/* the kept part ends with a whole character */
	ck_assert_int_eq((unsigned char)tmpbase[strlen(tmpbase) - 11], 0xa9);
	ck_assert_int_eq(outfile_commit(&o), 0);
	free(path);
	ck_assert_int_eq(count_entries(dir, 0), 2);
	ck_assert_int_eq(count_entries(dir, 1), 0);
	tu_rmdir(dir);
}
END_TEST

/* ---- signals ---- */

static const int fatal_sigs[] = {
	SIGQUIT, SIGUSR1, SIGALRM, SIGXFSZ, SIGINT, SIGTERM, SIGHUP, SIGPIPE,
	SIGUSR2, SIGXCPU, SIGVTALRM, SIGPROF,
};

/* A child opens an output, writes part of it and is killed: no temporary file remains
 * and the child dies of that signal. */
START_TEST(test_outfile_signal_cleanup)
{
	int sig = fatal_sigs[_i], status;
	char *dir = tu_tmpdir(), *path = tu_path(dir, "out");
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };
		struct outfile o;

		setrlimit(RLIMIT_CORE, &no_core);
		signal(sig, SIG_DFL);
		if (outfile_open(&o, path) < 0)
			_exit(10);
		fputs("partial\n", o.fp);
		fflush(o.fp);
		raise(sig);
		_exit(11);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig,
		      "child ended with status %#x, not signal %d", status, sig);
	ck_assert_int_eq(count_entries(dir, 0), 0);
	free(path);
	tu_rmdir(dir);
}
END_TEST

static volatile sig_atomic_t got_usr2;

static void on_usr2(int sig)
{
	(void)sig;
	got_usr2 = 1;
}

/* An ignored signal stays ignored and the program's own handler stays in place; a child
 * that exits does not remove its parent's temporary files. */
START_TEST(test_outfile_signal_dispositions)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "out");
	struct outfile o;
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(SIGTERM, SIG_IGN);
		signal(SIGUSR2, on_usr2);
		if (outfile_open(&o, path) < 0)
			_exit(10);
		fputs("kept\n", o.fp);
		raise(SIGTERM);
		raise(SIGUSR2);
		if (!got_usr2)
			_exit(12);
		_exit(outfile_commit(&o) == 0 ? 7 : 13);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 7, "child status %#x",
		      status);
	assert_file(path, "kept\n");

	ck_assert_int_eq(outfile_open(&o, path), 0);
	fputs("parent\n", o.fp);
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		exit(0); /* runs the atexit cleanup in the child */
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(outfile_commit(&o), 0);
	assert_file(path, "parent\n");
	ck_assert_int_eq(count_entries(dir, 0), 1);
	free(path);
	tu_rmdir(dir);
}
END_TEST

/* ---- group commit ---- */

struct group {
	char *dir, *sub, *x, *y;
	struct outfile ox, oy;
};

/* x = DIR/x holding "old x", y = DIR/sub/y holding "old y", both opened and written. */
static void group_open(struct group *g)
{
	g->dir = tu_tmpdir();
	g->sub = tu_path(g->dir, "sub");
	ck_assert_int_eq(mkdir(g->sub, 0755), 0);
	g->x = tu_path(g->dir, "x");
	g->y = tu_path(g->sub, "y");
	tu_write_file(g->x, "old x\n", 6);
	tu_write_file(g->y, "old y\n", 6);
	ck_assert_int_eq(outfile_open(&g->ox, g->x), 0);
	ck_assert_int_eq(outfile_open(&g->oy, g->y), 0);
	fputs("new x\n", g->ox.fp);
	fputs("new y\n", g->oy.fp);
}

static void group_close(struct group *g)
{
	free(g->sub);
	free(g->x);
	free(g->y);
	tu_rmdir(g->dir);
}

START_TEST(test_outfile_group_commit)
{
	struct group g;
	struct outfile *v[3];

	group_open(&g);
	v[0] = &g.ox;
	v[1] = NULL; /* an optional output not asked for */
	v[2] = &g.oy;
	ck_assert_int_eq(outfile_commit_all(v, 3), 0);
	assert_file(g.x, "new x\n");
	assert_file(g.y, "new y\n");
	ck_assert_ptr_null(g.ox.fp);
	ck_assert_int_eq(count_entries(g.dir, 1), 0);
	ck_assert_int_eq(count_entries(g.sub, 0), 1);
	outfile_abort(&g.ox); /* harmless after commit */
	group_close(&g);
}
END_TEST

/* The second member is a device that refuses writes: nothing is replaced. */
START_TEST(test_outfile_group_write_fails)
{
	struct group g;
	struct outfile of, *v[3];
	char *full, want[4200];

	group_open(&g);
	full = tu_path(g.dir, "full");
	make_chardev(full, 1, 7);
	ck_assert_int_eq(outfile_open(&of, full), 0);
	fputs("refused\n", of.fp);
	v[0] = &g.ox;
	v[1] = &of;
	v[2] = &g.oy;
	capture();
	ck_assert_int_eq(outfile_commit_all(v, 3), -1);
	snprintf(want, sizeof(want), "pc-test: cannot write %s: No space left on device\n",
		 full);
	ck_assert_str_eq(lastmsg, want);
	pc_msg_capture(NULL, 0);
	assert_file(g.x, "old x\n");
	assert_file(g.y, "old y\n");
	ck_assert_int_eq(count_entries(g.dir, 1), 0);
	ck_assert_int_eq(count_entries(g.sub, 0), 1);
	free(full);
	group_close(&g);
}
END_TEST

/* The second member's directory is removed after open: the first is not replaced. */
START_TEST(test_outfile_group_dir_removed)
{
	struct group g;
	struct outfile *v[2];
	char cmd[4200];

	group_open(&g);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g.sub);
	ck_assert_int_eq(system(cmd), 0);
	v[0] = &g.ox;
	v[1] = &g.oy;
	capture();
	ck_assert_int_eq(outfile_commit_all(v, 2), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "cannot rename"));
	ck_assert_ptr_nonnull(strstr(lastmsg, "No such file or directory"));
	pc_msg_capture(NULL, 0);
	assert_file(g.x, "old x\n");
	ck_assert_int_eq(count_entries(g.dir, 0), 1);
	group_close(&g);
}
END_TEST

/* The second member's rename itself fails (its target became a directory) after the
 * first was renamed: the first is put back. */
START_TEST(test_outfile_group_rename_fails)
{
	struct group g;
	struct outfile *v[2];
	char *inside;

	group_open(&g);
	ck_assert_int_eq(unlink(g.y), 0);
	ck_assert_int_eq(mkdir(g.y, 0755), 0);
	inside = tu_path(g.y, "keep");
	tu_write_file(inside, "k", 1);
	v[0] = &g.ox;
	v[1] = &g.oy;
	capture();
	ck_assert_int_eq(outfile_commit_all(v, 2), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "cannot rename"));
	pc_msg_capture(NULL, 0);
	assert_file(g.x, "old x\n");
	assert_file(inside, "k");
	ck_assert_int_eq(count_entries(g.dir, 1), 0);
	ck_assert_int_eq(count_entries(g.sub, 0), 1);
	free(inside);
	group_close(&g);
}
END_TEST

static Suite *outfile_suite(void)
{
	Suite *s = suite_create("outfile");
	TCase *tc = tcase_create("outfile");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_outfile_device_direct);
	tcase_add_test(tc, test_outfile_device_full);
	tcase_add_test(tc, test_outfile_fifo);
	tcase_add_test(tc, test_outfile_proc_fd);
	tcase_add_test(tc, test_outfile_epipe_silent);
	tcase_add_test(tc, test_outfile_symlink);
	tcase_add_test(tc, test_outfile_dangling_symlink);
	tcase_add_test(tc, test_outfile_mode_kept);
	tcase_add_test(tc, test_outfile_refused_at_open);
	tcase_add_test(tc, test_outfile_long_names);
	tcase_add_loop_test(tc, test_outfile_signal_cleanup, 0,
			    (int)(sizeof(fatal_sigs) / sizeof(fatal_sigs[0])));
	tcase_add_test(tc, test_outfile_signal_dispositions);
	tcase_add_test(tc, test_outfile_group_commit);
	tcase_add_test(tc, test_outfile_group_write_fails);
	tcase_add_test(tc, test_outfile_group_dir_removed);
	tcase_add_test(tc, test_outfile_group_rename_fails);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(outfile_suite());
}
