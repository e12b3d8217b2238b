/*
 * outfile: output files that appear whole or not at all.
 *
 * A named output is written to a temporary file in the same directory and renamed over
 * the target on commit, so a crash, a signal or an error never leaves a half-written
 * file and never destroys the previous version.  Temporary files still pending when the
 * process exits or is killed by SIGINT, SIGTERM, SIGHUP or SIGPIPE are removed.  "-" (or
 * NULL) names standard output, which is written directly.
 */
#ifndef PC_OUTFILE_H
#define PC_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *fp;          /* write here */
	const char *name;  /* for messages: the target path or "<stdout>" */
	char *path;        /* target path, NULL for stdout */
	char *tmp;         /* temporary path, NULL for stdout */
};

/* Open `path` for writing; returns 0, or -1 after reporting the error. */
int outfile_open(struct outfile *o, const char *path);
/* Flush, sync and rename into place; returns 0, or -1 after reporting (the temporary
 * file is removed and the target left as it was). */
int outfile_commit(struct outfile *o);
/* Discard: remove the temporary file; the target is left as it was. */
void outfile_abort(struct outfile *o);

/* Mark `tmp` as pending removal at exit or on a fatal signal, or clear it. For modules
 * that create files by other means (directories of outputs, registries). */
void outfile_pending_add(const char *tmp);
void outfile_pending_remove(const char *tmp);

/* Write a whole file atomically from memory; returns 0 or -1 after reporting. */
int outfile_write_all(const char *path, const void *data, size_t len);

#endif
