/*
 * fsutil: the file-system chores of the modules that keep state in directories (the
 * registry, the run store, the simulated weeks, the server's spool): directories made or
 * removed whole, small files replaced atomically and durably, small files read whole.
 */
#ifndef PC_FSUTIL_H
#define PC_FSUTIL_H

#include <stddef.h>

/* mkdir that is content when the directory exists; mkdir -p.  0, or -1 after reporting. */
int fs_mkdir(const char *path);
int fs_mkdirs(const char *path);
/* rm -r (regular files, links and directories; symbolic links are not followed). */
int fs_rmtree(const char *dir);
/* fsync a directory (after a rename in it); 0, or -1 after reporting. */
int fs_sync_dir(const char *dir);
/* Replace dir/name with `len` bytes: written to a temporary file ".tmp-*" in `tmpdir`
 * (the same file system; NULL: `dir`), synced, renamed into place, `dir` synced.  A crash
 * leaves the old file or the new one, and maybe a .tmp-* file.  0, or -1 after reporting. */
int fs_replace(const char *tmpdir, const char *dir, const char *name, const void *data,
	       size_t len);
/* A small file whole, NUL-terminated (*len, if not NULL, its size); NULL with errno set
 * (EFBIG when it is larger than `max`). */
char *fs_slurp(const char *path, size_t max, size_t *len);

/* Whether the relative name `rel` stays below the directory it is taken from: not
 * absolute, no ".." climbing above it. */
int fs_stays_below(const char *rel);
/* Whether the resolved path `real` is the resolved directory `root` or below it. */
int fs_is_under(const char *root, const char *real);

#endif
