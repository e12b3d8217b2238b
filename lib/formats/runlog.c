/* runlog: a run's record in MLflow's file-store layout; see runlog.h. */
#include "formats/runlog.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/sbuf.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

struct runlog {
	char *dir;
	struct sbuf inputs, outputs;
	int failed;
};

static int mkdir_p(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			pc_error_errno("cannot create %s", p);
			free(p);
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, 0777) != 0 && errno != EEXIST) {
		pc_error_errno("cannot create %s", p);
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

struct runlog *runlog_open(const char *dir)
{
	struct runlog *r;
	static const char *const subs[] = { "params", "metrics", "tags" };

	if (mkdir_p(dir) < 0)
		return NULL;
	for (int i = 0; i < 3; i++) {
		char *p = xasprintf("%s/%s", dir, subs[i]);
		int bad = mkdir_p(p);

		free(p);
		if (bad < 0)
			return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->dir = xstrdup(dir);
	return r;
}

static void put_file(struct runlog *r, const char *sub, const char *key, const char *text)
{
	char *path = xasprintf("%s/%s/%s", r->dir, sub, key);

	if (outfile_write_all(path, text, strlen(text)) < 0)
		r->failed = 1;
	free(path);
}

void runlog_param(struct runlog *r, const char *key, const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	int n;

	if (!r)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sbuf_reserve(&b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	put_file(r, "params", key, b.s);
	sbuf_free(&b);
}

void runlog_tag(struct runlog *r, const char *key, const char *value)
{
	if (r)
		put_file(r, "tags", key, value);
}

void runlog_metric(struct runlog *r, const char *key, double value, long step)
{
	char *path;
	struct timeval tv;
	FILE *fp;

	if (!r)
		return;
	path = xasprintf("%s/metrics/%s", r->dir, key);
	gettimeofday(&tv, NULL);
	fp = fopen(path, "a");
	if (!fp || fprintf(fp, "%lld %.17g %ld\n",
			   (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000, value, step) < 0 ||
	    fclose(fp) != 0) {
		pc_error_errno("cannot append to %s", path);
		r->failed = 1;
	}
	free(path);
}

void runlog_input(struct runlog *r, const char *name, const char *sha256)
{
	if (r)
		sbuf_printf(&r->inputs, "%s\t%s\n", name, sha256);
}

void runlog_output(struct runlog *r, const char *name, const char *sha256)
{
	if (r)
		sbuf_printf(&r->outputs, "%s\t%s\n", name, sha256);
}

int runlog_close(struct runlog *r)
{
	struct pc_usage u;
	struct sbuf b = SBUF_INIT;
	int ret;

	if (!r)
		return 0;
	pc_usage_get(&u);
	sbuf_printf(&b, "resource\tvalue\nwall_seconds\t%.3f\ncpu_seconds\t%.3f\n"
		    "peak_memory_bytes\t%lld\n", u.wall_s, u.user_s + u.sys_s,
		    (long long)u.peak_rss_kb * 1024);
	put_file(r, ".", "resources.tsv", b.s);
	sbuf_reset(&b);
	sbuf_printf(&b, "name\tsha256\n%s", r->inputs.s ? r->inputs.s : "");
	put_file(r, ".", "inputs.tsv", b.s);
	sbuf_reset(&b);
	sbuf_printf(&b, "name\tsha256\n%s", r->outputs.s ? r->outputs.s : "");
	put_file(r, ".", "outputs.tsv", b.s);
	sbuf_free(&b);
	ret = r->failed ? -1 : 0;
	sbuf_free(&r->inputs);
	sbuf_free(&r->outputs);
	free(r->dir);
	free(r);
	return ret;
}
