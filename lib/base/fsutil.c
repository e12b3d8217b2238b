/* fsutil: directories made and removed whole, files replaced atomically; see fsutil.h. */
#include "base/fsutil.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/sbuf.h"
#include "base/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_mkdir(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return pc_error_errno("cannot create %s", path);
	return 0;
}

int fs_mkdirs(const char *path)
{
	char *p = xstrdup(path);
	int ret = 0;

	for (char *s = p + 1; *s && ret == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		ret = fs_mkdir(p);
		*s = '/';
	}
	if (ret == 0)
		ret = fs_mkdir(p);
	free(p);
	return ret;
}

int fs_rmtree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return errno == ENOENT ? 0 : pc_error_errno("cannot read %s", dir);
	while ((e = readdir(d))) {
		char *p;
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			ret |= fs_rmtree(p);
		else if (unlink(p) != 0)
			ret = pc_error_errno("cannot remove %s", p);
		free(p);
	}
	closedir(d);
	if (rmdir(dir) != 0)
		ret = pc_error_errno("cannot remove %s", dir);
	return ret;
}

int fs_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return pc_error_errno("cannot open %s", dir);
	if (fsync(fd) != 0 && errno != EINVAL) {
		close(fd);
		return pc_error_errno("cannot sync %s", dir);
	}
	close(fd);
	return 0;
}

int fs_replace(const char *tmpdir, const char *dir, const char *name, const void *data,
	       size_t len)
{
	char *tmp = xasprintf("%s/.tmp-XXXXXX", tmpdir ? tmpdir : dir);
	char *path = xasprintf("%s/%s", dir, name);
	int fd = mkstemp(tmp), ret = 0;

	if (fd < 0) {
		ret = pc_error_errno("cannot create a file in %s", tmpdir ? tmpdir : dir);
		goto out;
	}
	outfile_pending_add(tmp);
	fchmod(fd, 0644);
	if ((len && write(fd, data, len) != (ssize_t)len) || fsync(fd) != 0) {
		ret = pc_error_errno("cannot write %s", path);
		close(fd);
		unlink(tmp);
	} else if (close(fd) != 0 || rename(tmp, path) != 0) {
		ret = pc_error_errno("cannot write %s", path);
		unlink(tmp);
	}
	outfile_pending_remove(tmp);
	if (ret == 0)
		ret = fs_sync_dir(dir);
out:
	free(tmp);
	free(path);
	return ret;
}

char *fs_slurp(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct sbuf b = SBUF_INIT;
	char buf[65536];
	ssize_t n;

	if (fd < 0)
		return NULL;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (b.len + (size_t)n > max) {
			sbuf_free(&b);
			close(fd);
			errno = EFBIG;
			return NULL;
		}
		sbuf_add(&b, buf, (size_t)n);
	}
	close(fd);
	if (n < 0) {
		int e = errno;

		sbuf_free(&b);
		errno = e;
		return NULL;
	}
	if (len)
		*len = b.len;
	return b.s ? b.s : xstrdup("");
}

int fs_stays_below(const char *rel)
{
	long depth = 0;

	if (rel[0] == '/')
		return 0;
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return 0;
		} else if (n && !(n == 1 && p[0] == '.')) {
			depth++;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	return 1;
}

int fs_is_under(const char *root, const char *real)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return real[0] == '/';
	return !strncmp(real, root, n) && (real[n] == '/' || real[n] == '\0');
}
