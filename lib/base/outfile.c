/* outfile: output files that appear whole or not at all; see outfile.h. */
#include "base/outfile.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PENDING 64

/* Plain array of fixed buffers: the signal handler may only call unlink(). */
static char pending[MAX_PENDING][4096];
static volatile sig_atomic_t npending_used;
static int cleanup_installed;

static void remove_pending(void)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i][0])
			unlink(pending[i]);
}

static void on_signal(int sig)
{
	remove_pending();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_cleanup(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

	if (cleanup_installed)
		return;
	cleanup_installed = 1;
	atexit(remove_pending);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa, old;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		/* leave ignored signals ignored, as a shell running us in the background wants */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

void outfile_pending_add(const char *tmp)
{
	install_cleanup();
	if (strlen(tmp) >= sizeof(pending[0]))
		pc_fatal("temporary path too long: %s", tmp);
	for (int i = 0; i < MAX_PENDING; i++) {
		if (!pending[i][0]) {
			strcpy(pending[i], tmp);
			npending_used++;
			return;
		}
	}
	pc_fatal("too many output files open at once");
}

void outfile_pending_remove(const char *tmp)
{
	for (int i = 0; i < MAX_PENDING; i++) {
		if (pending[i][0] && !strcmp(pending[i], tmp)) {
			pending[i][0] = '\0';
			npending_used--;
			return;
		}
	}
}

int outfile_open(struct outfile *o, const char *path)
{
	const char *slash;
	int fd;
	mode_t mask;

	memset(o, 0, sizeof(*o));
	if (!path || !strcmp(path, "-")) {
		o->fp = stdout;
		o->name = "<stdout>";
		return 0;
	}
	o->path = xstrdup(path);
	o->name = o->path;
	slash = strrchr(path, '/');
	if (slash)
		o->tmp = xasprintf("%.*s/.%s.tmpXXXXXX", (int)(slash - path), path, slash + 1);
	else
		o->tmp = xasprintf(".%s.tmpXXXXXX", path);
	install_cleanup();
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		pc_error_errno("cannot create %s", path);
		free(o->tmp);
		free(o->path);
		memset(o, 0, sizeof(*o));
		return -1;
	}
	outfile_pending_add(o->tmp);
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		pc_error_errno("cannot open %s", path);
		close(fd);
		outfile_abort(o);
		return -1;
	}
	setvbuf(o->fp, NULL, _IOFBF, 1 << 16);
	return 0;
}

int outfile_commit(struct outfile *o)
{
	int bad;

	if (!o->fp)
		return pc_error("internal: commit of a closed output");
	if (!o->tmp) {
		bad = fflush(o->fp) != 0 || ferror(o->fp);
		o->fp = NULL;
		if (bad && errno != EPIPE)
			return pc_error_errno("cannot write to standard output");
		return bad ? -1 : 0;
	}
	bad = fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0;
	if (fclose(o->fp) != 0)
		bad = 1;
	o->fp = NULL;
	if (bad) {
		pc_error_errno("cannot write %s", o->path);
		outfile_abort(o);
		return -1;
	}
	if (rename(o->tmp, o->path) != 0) {
		pc_error_errno("cannot rename %s to %s", o->tmp, o->path);
		outfile_abort(o);
		return -1;
	}
	outfile_pending_remove(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp && o->tmp)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp) {
		unlink(o->tmp);
		outfile_pending_remove(o->tmp);
		free(o->tmp);
	}
	free(o->path);
	o->tmp = o->path = NULL;
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
