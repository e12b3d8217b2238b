/* runstore: run records in MLflow's file store; see runstore.h. */
#include "formats/runstore.h"
#include "base/config.h"
#include "base/fsutil.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/strlist.h"
#include "base/outfile.h"
#include "base/sbuf.h"
#include "base/xalloc.h"
#include "formats/tsv.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

struct runstore_run {
	char *store, *exp_id, *exp_dir, *id, *dir, *name, *user, *artifact_uri;
	long long start_ms;
	struct sbuf inputs, outputs;
	int failed;
};

static long long now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void random_bytes(unsigned char *b, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = getrandom(b + got, n - got, 0);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			pc_fatal_errno("cannot draw random bytes");
		got += (size_t)k;
	}
}

/* A version 4 UUID as 32 lowercase hex digits, as uuid.uuid4().hex. */
static char *new_run_id(void)
{
	unsigned char b[16];
	char *s = xmalloc(33);

	random_bytes(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	return s;
}

/* 18 decimal digits, the first not 0, as MLflow 2.x numbers experiments. */
static char *new_experiment_id(void)
{
	unsigned char b[18];
	char *s = xmalloc(19);

	random_bytes(b, sizeof(b));
	s[0] = (char)('1' + b[0] % 9);
	for (int i = 1; i < 18; i++)
		s[i] = (char)('0' + b[i] % 10);
	s[18] = '\0';
	return s;
}

/* A single-quoted YAML string, which every YAML reader takes for a string. */
static void yaml_str(struct sbuf *b, const char *key, const char *v)
{
	sbuf_printf(b, "%s: '", key);
	for (; *v; v++) {
		if (*v == '\'')
			sbuf_addc(b, '\'');
		sbuf_addc(b, *v);
	}
	sbuf_adds(b, "'\n");
}

/* file:// URI of an absolute path, percent-encoding all but A-Za-z0-9_.-~/ */
static void file_uri(struct sbuf *b, const char *path)
{
	sbuf_adds(b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("_.-~/", *p))
			sbuf_addc(b, (char)*p);
		else
			sbuf_printf(b, "%%%02X", *p);
	}
}

/* ---- experiments ---- */

static int is_experiment_dir(const char *store, const char *name)
{
	char *p;
	struct stat st;
	int ok;

	if (name[0] == '.' || !strcmp(name, "models"))
		return 0;
	p = xasprintf("%s/%s", store, name);
	ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	free(p);
	return ok;
}

/* The name in STORE/ID/meta.yaml, or NULL. */
static char *experiment_name(const char *store, const char *id)
{
	char *p = xasprintf("%s/%s/meta.yaml", store, id), *name = NULL;
	struct config *c;
	const char *s;

	pc_msg_capture((char[2]){ 0 }, 1);
	c = access(p, R_OK) == 0 ? config_load(p) : NULL;
	pc_msg_capture(NULL, 0);
	if (c && config_str(c, "name", NULL, &s) == 0 && s)
		name = xstrdup(s);
	config_free(c);
	free(p);
	return name;
}

static int write_experiment(const char *store, const char *id, const char *name)
{
	struct sbuf b = SBUF_INIT, loc = SBUF_INIT;
	char *dir = xasprintf("%s/%s", store, id), *abs;
	long long t = now_ms();
	int ret;

	if (fs_mkdir(dir) < 0) {
		free(dir);
		return -1;
	}
	abs = realpath(dir, NULL);
	file_uri(&loc, abs ? abs : dir);
	free(abs);
	yaml_str(&b, "artifact_location", loc.s);
	sbuf_printf(&b, "creation_time: %lld\n", t);
	yaml_str(&b, "experiment_id", id);
	sbuf_printf(&b, "last_update_time: %lld\n", t);
	sbuf_adds(&b, "lifecycle_stage: active\n");
	yaml_str(&b, "name", name);
	ret = fs_replace(dir, dir, "meta.yaml", b.s, strlen(b.s));
	sbuf_free(&b);
	sbuf_free(&loc);
	free(dir);
	return ret;
}

/* The id of the experiment called `name`, created when there is none. */
static char *find_experiment(const char *store, const char *name)
{
	DIR *d = opendir(store);
	struct dirent *e;
	char *id = NULL;

	if (!d) {
		pc_error_errno("cannot read %s", store);
		return NULL;
	}
	while (!id && (e = readdir(d))) {
		char *n;

		if (!is_experiment_dir(store, e->d_name))
			continue;
		n = experiment_name(store, e->d_name);
		if (n && !strcmp(n, name))
			id = xstrdup(e->d_name);
		free(n);
	}
	closedir(d);
	if (id)
		return id;
	id = new_experiment_id();
	if (write_experiment(store, id, name) < 0) {
		free(id);
		return NULL;
	}
	return id;
}

static int open_store(const char *store)
{
	char *p;
	int ret;

	if (fs_mkdirs(store) < 0)
		return -1;
	p = xasprintf("%s/.trash", store);
	ret = fs_mkdir(p);
	free(p);
	if (ret < 0)
		return -1;
	p = xasprintf("%s/0/meta.yaml", store);
	if (access(p, F_OK) != 0)
		ret = write_experiment(store, "0", "Default");
	free(p);
	return ret;
}

/* ---- runs ---- */

static char *user_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	const char *u = pw ? pw->pw_name : getenv("USER");

	return xstrdup(u && *u ? u : "unknown");
}

static int write_meta(struct runstore_run *r, int status, long long end_ms)
{
	struct sbuf b = SBUF_INIT;
	int ret;

	yaml_str(&b, "artifact_uri", r->artifact_uri);
	if (end_ms < 0)
		sbuf_adds(&b, "deleted_time: null\nend_time: null\n");
	else
		sbuf_printf(&b, "end_time: %lld\n", end_ms);
	yaml_str(&b, "entry_point_name", "");
	yaml_str(&b, "experiment_id", r->exp_id);
	sbuf_adds(&b, "lifecycle_stage: active\n");
	yaml_str(&b, "run_id", r->id);
	yaml_str(&b, "run_name", r->name);
	yaml_str(&b, "run_uuid", r->id);
	yaml_str(&b, "source_name", "");
	sbuf_adds(&b, "source_type: 4\n");
	yaml_str(&b, "source_version", "");
	sbuf_printf(&b, "start_time: %lld\nstatus: %d\ntags: []\n", r->start_ms, status);
	yaml_str(&b, "user_id", r->user);
	ret = fs_replace(r->dir, r->dir, "meta.yaml", b.s, strlen(b.s));
	sbuf_free(&b);
	return ret;
}

static void free_run(struct runstore_run *r)
{
	free(r->store);
	free(r->exp_id);
	free(r->exp_dir);
	free(r->id);
	free(r->dir);
	free(r->name);
	free(r->user);
	free(r->artifact_uri);
	sbuf_free(&r->inputs);
	sbuf_free(&r->outputs);
	free(r);
}

struct runstore_run *runstore_begin(const char *store, const char *experiment,
				    const char *name)
{
	struct runstore_run *r;
	struct sbuf uri = SBUF_INIT;
	static const char *const subs[] = { "params", "metrics", "tags", "artifacts" };
	char *abs;

	if (open_store(store) < 0)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->store = xstrdup(store);
	r->exp_id = !experiment || !strcmp(experiment, "Default") ? xstrdup("0") :
		    find_experiment(store, experiment);
	if (!r->exp_id) {
		free_run(r);
		return NULL;
	}
	r->exp_dir = xasprintf("%s/%s", store, r->exp_id);
	r->id = new_run_id();
	r->dir = xasprintf("%s/%s", r->exp_dir, r->id);
	r->start_ms = now_ms();
	r->user = user_name();
	if (name) {
		r->name = xstrdup(name);
	} else {
		time_t t = (time_t)(r->start_ms / 1000);
		struct tm tm;
		char when[32];

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y%m%dT%H%M%SZ", &tm);
		r->name = xasprintf("%s-%s", pc_progname(), when);
	}
	if (fs_mkdir(r->dir) < 0) {
		free_run(r);
		return NULL;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		char *p = xasprintf("%s/%s", r->dir, subs[i]);
		int bad = fs_mkdir(p);

		free(p);
		if (bad < 0) {
			free_run(r);
			return NULL;
		}
	}
	abs = realpath(r->dir, NULL);
	file_uri(&uri, abs ? abs : r->dir);
	sbuf_adds(&uri, "/artifacts");
	free(abs);
	r->artifact_uri = uri.s;
	runstore_tag(r, "mlflow.runName", r->name);
	runstore_tag(r, "mlflow.user", r->user);
	runstore_tag(r, "mlflow.source.name", pc_progname());
	runstore_tag(r, "mlflow.source.type", "LOCAL");
	runstore_tag(r, "prodclass.version", PACKAGE_VERSION);
	if (r->failed || write_meta(r, 1, -1) < 0) {
		free_run(r);
		return NULL;
	}
	return r;
}

const char *runstore_id(const struct runstore_run *r)
{
	return r->id;
}

const char *runstore_dir(const struct runstore_run *r)
{
	return r->dir;
}

/* MLflow's key rule: [A-Za-z0-9_./ -], no empty or dot components. */
static int key_ok(const char *k)
{
	size_t n = strlen(k);

	if (!n || n > 250 || k[0] == '/' || k[n - 1] == '/' || strstr(k, "//") ||
	    !strcmp(k, ".") || !strncmp(k, "./", 2) || !strncmp(k, "../", 3) ||
	    strstr(k, "/./") || strstr(k, "/../"))
		return 0;
	for (; *k; k++)
		if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') ||
		      (*k >= '0' && *k <= '9') || strchr("_./ -", *k)))
			return 0;
	return 1;
}

static void put_key(struct runstore_run *r, const char *sub, const char *key, const char *text)
{
	char *dir = xasprintf("%s/%s", r->dir, sub);

	if (!key_ok(key)) {
		pc_error("run %s: '%s' is not a valid key", r->id, key);
		r->failed = 1;
	} else if (fs_replace(r->dir, dir, key, text, strlen(text)) < 0) {
		r->failed = 1;
	}
	free(dir);
}

void runstore_param(struct runstore_run *r, const char *key, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (!r)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put_key(r, "params", key, buf);
}

void runstore_tag(struct runstore_run *r, const char *key, const char *value)
{
	if (r)
		put_key(r, "tags", key, value);
}

void runstore_format_double(char *buf, size_t size, double v)
{
	char tmp[40], digits[20];
	int exp, nd = 0, p;

	if (isnan(v)) {
		snprintf(buf, size, "nan");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, size, v > 0 ? "inf" : "-inf");
		return;
	}
	if (v == 0) {
		snprintf(buf, size, signbit(v) ? "-0.0" : "0.0");
		return;
	}
	/* the fewest significant digits that read back as v */
	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	{
		const char *s = tmp + (tmp[0] == '-');
		const char *e = strchr(s, 'e');

		for (const char *q = s; q < e; q++)
			if (*q != '.')
				digits[nd++] = *q;
		exp = atoi(e + 1);
	}
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	{
		struct sbuf b = SBUF_INIT;

		if (v < 0)
			sbuf_addc(&b, '-');
		if (exp < -4 || exp >= 16) {
			sbuf_addc(&b, digits[0]);
			if (nd > 1) {
				sbuf_addc(&b, '.');
				sbuf_adds(&b, digits + 1);
			}
			sbuf_printf(&b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		} else if (exp < 0) {
			sbuf_adds(&b, "0.");
			for (int i = 0; i < -exp - 1; i++)
				sbuf_addc(&b, '0');
			sbuf_adds(&b, digits);
		} else {
			for (int i = 0; i <= exp; i++)
				sbuf_addc(&b, i < nd ? digits[i] : '0');
			sbuf_addc(&b, '.');
			sbuf_adds(&b, nd > exp + 1 ? digits + exp + 1 : "0");
		}
		snprintf(buf, size, "%s", b.s);
		sbuf_free(&b);
	}
}

void runstore_metric(struct runstore_run *r, const char *key, double value, long step)
{
	char num[64], line[160], *path;
	int fd, len;

	if (!r)
		return;
	if (!key_ok(key)) {
		pc_error("run %s: '%s' is not a valid key", r->id, key);
		r->failed = 1;
		return;
	}
	runstore_format_double(num, sizeof(num), value);
	len = snprintf(line, sizeof(line), "%lld %s %ld\n", now_ms(), num, step);
	path = xasprintf("%s/metrics/%s", r->dir, key);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, line, (size_t)len) != len || close(fd) != 0) {
		pc_error_errno("cannot append to %s", path);
		r->failed = 1;
	}
	free(path);
}

void runstore_input(struct runstore_run *r, const char *name, const char *sha256)
{
	if (r)
		sbuf_printf(&r->inputs, "%s\t%s\n", name, sha256);
}

void runstore_output(struct runstore_run *r, const char *name, const char *path,
		     const char *sha256)
{
	char *abs, *link;

	if (!r)
		return;
	sbuf_printf(&r->outputs, "%s\t%s\n", name, sha256);
	abs = realpath(path, NULL);
	if (!abs)
		return;
	link = xasprintf("%s/artifacts/%s", r->dir, name);
	unlink(link);
	if (symlink(abs, link) != 0) {
		pc_error_errno("cannot link %s", link);
		r->failed = 1;
	}
	free(link);
	free(abs);
}

int runstore_end(struct runstore_run *r, int ok)
{
	struct pc_usage u;
	struct sbuf b = SBUF_INIT;
	char *art;
	int ret;

	if (!r)
		return 0;
	art = xasprintf("%s/artifacts", r->dir);
	pc_usage_get(&u);
	runstore_metric(r, "wall_seconds", u.wall_s, 0);
	runstore_metric(r, "cpu_seconds", u.user_s + u.sys_s, 0);
	runstore_metric(r, "peak_memory_bytes", (double)u.peak_rss_kb * 1024, 0);
	sbuf_printf(&b, "resource\tvalue\nwall_seconds\t%.3f\ncpu_seconds\t%.3f\n"
		    "peak_memory_bytes\t%lld\n", u.wall_s, u.user_s + u.sys_s,
		    (long long)u.peak_rss_kb * 1024);
	r->failed |= fs_replace(r->dir, art, "resources.tsv", b.s, strlen(b.s)) < 0;
	sbuf_reset(&b);
	sbuf_printf(&b, "name\tsha256\n%s", r->inputs.s ? r->inputs.s : "");
	r->failed |= fs_replace(r->dir, art, "inputs.tsv", b.s, strlen(b.s)) < 0;
	sbuf_reset(&b);
	sbuf_printf(&b, "name\tsha256\n%s", r->outputs.s ? r->outputs.s : "");
	r->failed |= fs_replace(r->dir, art, "outputs.tsv", b.s, strlen(b.s)) < 0;
	sbuf_free(&b);
	free(art);
	ok = ok && !r->failed;
	ret = write_meta(r, ok ? 3 : 4, now_ms()) < 0 || r->failed ? -1 : 0;
	free_run(r);
	return ret;
}

/* ---- listing ---- */

/* The value on the last line of a metric file, or NULL. */
static char *last_metric(const char *path)
{
	char *text = fs_slurp(path, (size_t)1 << 24, NULL), *v = NULL;
	char *line, *sp1, *sp2;
	size_t n;

	if (!text)
		return NULL;
	n = strlen(text);
	while (n && text[n - 1] == '\n')
		text[--n] = '\0';
	line = strrchr(text, '\n');
	line = line ? line + 1 : text;
	sp1 = strchr(line, ' ');
	sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (sp1)
		v = sp2 ? xstrndup(sp1 + 1, (size_t)(sp2 - sp1 - 1)) : xstrdup(sp1 + 1);
	free(text);
	return v;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the subdirectories of `dir` that `keep` accepts, sorted. */
static char **subdirs(const char *dir, int (*keep)(const char *, const char *), size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)))
		if (keep(dir, e->d_name)) {
			xgrow(&v, &cap, *n + 1, sizeof(*v));
			v[(*n)++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

static int is_run_dir(const char *exp_dir, const char *name)
{
	return strcmp(name, "tags") && strcmp(name, "datasets") && strcmp(name, "traces") &&
	       is_experiment_dir(exp_dir, name);
}

static void put_time(FILE *out, const struct config *c, const char *key)
{
	long ms;

	if (config_long(c, key, -1, &ms) == 0 && ms >= 0) {
		time_t t = (time_t)(ms / 1000);
		struct tm tm;
		char buf[32];

		gmtime_r(&t, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fputs(buf, out);
	}
}

int runstore_list(const char *store, const char *metrics, FILE *out)
{
	static const char *const status_names[] = { "", "RUNNING", "SCHEDULED", "FINISHED",
						    "FAILED", "KILLED" };
	char **mv = strlist_split(metrics, NULL), **exps;
	size_t nexp;

	if (access(store, R_OK | X_OK) != 0) {
		strlist_free(mv);
		return pc_error_errno("cannot read %s", store);
	}
	fputs("experiment\trun_id\tname\tstatus\tstart\tend", out);
	for (char **m = mv; *m; m++) {
		fputc('\t', out);
		tsv_puts(out, *m);
	}
	fputc('\n', out);
	exps = subdirs(store, is_experiment_dir, &nexp);
	for (size_t i = 0; i < nexp; i++) {
		char *exp_dir = xasprintf("%s/%s", store, exps[i]);
		char *exp_name = experiment_name(store, exps[i]);
		size_t nrun;
		char **runs = subdirs(exp_dir, is_run_dir, &nrun);

		for (size_t k = 0; k < nrun; k++) {
			char *meta = xasprintf("%s/%s/meta.yaml", exp_dir, runs[k]);
			struct config *c;
			const char *name = "";
			long status = 0;

			pc_msg_capture((char[2]){ 0 }, 1);
			c = config_load(meta);
			pc_msg_capture(NULL, 0);
			free(meta);
			if (!c)
				continue;
			config_str(c, "run_name", "", &name);
			config_long(c, "status", 0, &status);
			tsv_puts(out, exp_name ? exp_name : exps[i]);
			fputc('\t', out);
			tsv_puts(out, runs[k]);
			fputc('\t', out);
			tsv_puts(out, name ? name : "");
			fprintf(out, "\t%s\t", status >= 1 && status <= 5 ? status_names[status] : "");
			put_time(out, c, "start_time");
			fputc('\t', out);
			put_time(out, c, "end_time");
			for (char **m = mv; *m; m++) {
				char *path = xasprintf("%s/%s/metrics/%s", exp_dir, runs[k], *m);
				char *v = last_metric(path);

				fputc('\t', out);
				if (v)
					tsv_puts(out, v);
				free(v);
				free(path);
			}
			fputc('\n', out);
			config_free(c);
			free(runs[k]);
		}
		free(runs);
		free(exp_name);
		free(exp_dir);
		free(exps[i]);
	}
	free(exps);
	strlist_free(mv);
	return 0;
}
