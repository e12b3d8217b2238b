/*
 * outfile: output files that appear whole or not at all.
 *
 * What `path` names decides how it is written:
 *   - "-" (or NULL): standard output, written directly.
 *   - a regular file, or nothing yet: a temporary file ".NAME.tmpXXXXXX" in the same
 *     directory is written and renamed over the target on commit, so a crash, a signal or
 *     an error never leaves a half-written file and never destroys the previous version.
 *     An existing file keeps its mode (and its owner and group, when allowed); a new one
 *     gets 0666 less the umask.  Hard links to the old file keep the old contents.
 *   - a symlink: followed (chains, relative targets, a dangling link's missing target),
 *     and the file at its end is replaced as above; the link stays a link.
 *   - an existing device, FIFO or other non-regular file: opened O_WRONLY and written
 *     directly, never renamed over (opening a FIFO waits for a reader, as a shell
 *     redirection does).  /dev/stdout, /dev/fd/N and /proc/self/fd/N write to this
 *     process's descriptor N itself (standard output for N = 1), whatever it is.
 * Impossible outputs are refused by outfile_open, before the program does its work: a
 * directory ("NAME: is a directory"), a missing parent directory, a name too long, no
 * permission.  A name that is legal but too long for the ".NAME.tmpXXXXXX" decoration
 * gets a shortened temporary name.
 *
 * Temporary files still pending when the process exits or is killed by a signal whose
 * default action terminates (SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGUSR1,
 * SIGUSR2, SIGALRM, SIGXFSZ, SIGXCPU, SIGVTALRM, SIGPROF, SIGABRT, ...) are removed;
 * signals found ignored stay ignored and other handlers already installed are left in
 * place.
 */
#ifndef PC_OUTFILE_H
#define PC_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *fp;          /* write here */
	const char *name;  /* for messages: the path as given, or "<stdout>" */
	char *path;        /* file replaced on commit (the end of any symlinks); NULL when
	                    * written directly */
	char *tmp;         /* temporary file; NULL when written directly */
	char *given;       /* private: the storage of `name` */
};

/* Open `path` for writing; returns 0, or -1 after reporting the error. */
int outfile_open(struct outfile *o, const char *path);

/* Flush, sync and rename into place (written directly: flush only, no fsync); returns
 * 0, or -1 after reporting (the temporary file is removed and the target left as it
 * was).  Either way `o` is closed afterwards. */
int outfile_commit(struct outfile *o);

/* Commit several outputs of one run together: every member is flushed and synced first
 * (regular files before direct ones), and only when all of them succeeded are the
 * temporary files renamed into place.  On any failure every member is aborted, no target
 * is replaced, and -1 is returned after one error message.  A rename that fails after
 * others succeeded is undone with renameat2(RENAME_EXCHANGE) where the filesystem
 * supports it (on others an already renamed file stays replaced).  Members written
 * directly (standard output, devices, FIFOs, descriptors) cannot be taken back: what was
 * written before the failure stays written.  NULL entries are skipped, so optional
 * outputs can sit in the array unopened.  A write to a pipe or FIFO whose reader has
 * gone (EPIPE) fails silently, as for standard output.  Every member is closed
 * afterwards.  Returns 0 on success. */
int outfile_commit_all(struct outfile *const *v, size_t n);

/* Discard: remove the temporary file; the target is left as it was.  Output written
 * directly cannot be taken back (what is still buffered for a device or FIFO is
 * dropped; standard output is left alone).  Does nothing on an outfile already
 * committed or aborted, or on one zeroed with memset. */
void outfile_abort(struct outfile *o);

/* Mark `tmp` as pending removal at exit or on a fatal signal, or clear it. For modules
 * that create files by other means (directories of outputs, registries).  Only the
 * process that added a path removes it (not a forked child that exits). */
void outfile_pending_add(const char *tmp);
void outfile_pending_remove(const char *tmp);
/* Install those handlers now (they are otherwise installed with the first pending file):
 * for a module that installs its own over them for a while (stopsig.h). */
void outfile_catch_signals(void);

/* Whether `path` can be written (as outfile_open would, then abandoned): for programs
 * that write their output at the end of a long run; 0, or -1 after reporting. */
int outfile_check(const char *path);

/* Write a whole file atomically from memory; returns 0 or -1 after reporting. */
int outfile_write_all(const char *path, const void *data, size_t len);

#endif
