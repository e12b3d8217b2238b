/* registry: model versions, aliases and their history; see registry.h. */
#include "registry/registry.h"
#include "base/config.h"
#include "base/digest.h"
#include "base/fsutil.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/outfile.h"
#include "base/sbuf.h"
#include "base/xalloc.h"
#include "formats/tsv.h"
#include "model/model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HISTORY_HEADER "time\taction\tversion\tprevious\tmetric\tchampion\tchallenger\t" \
		       "decision\treason\n"
#define HISTORY_FIELDS 9

struct registry {
	char *dir;
	int lockfd;
	int locked;     /* nesting depth of registry_lock */
};

/* ---- files ---- */

static char *path2(const struct registry *r, const char *a)
{
	return xasprintf("%s/%s", r->dir, a);
}

/* Copy `src` to `dst` (a new file), synced; the SHA-256 of the bytes into `hex`. */
static int copy_file(const char *src, const char *dst, char hex[DIGEST_HEX_LEN + 1],
		     long long *size)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out;
	struct digest d;
	char *buf;
	ssize_t n;
	int ret = 0;

	if (in < 0)
		return pc_error_errno("cannot open %s", src);
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return pc_error_errno("cannot create %s", dst);
	}
	buf = xmalloc(1 << 20);
	digest_init(&d);
	*size = 0;
	while ((n = read(in, buf, 1 << 20)) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			ret = pc_error_errno("cannot write %s", dst);
			break;
		}
		digest_update(&d, buf, (size_t)n);
		*size += n;
	}
	if (n < 0)
		ret = pc_error_errno("cannot read %s", src);
	if (ret == 0 && fsync(out) != 0)
		ret = pc_error_errno("cannot write %s", dst);
	if (close(out) != 0 && ret == 0)
		ret = pc_error_errno("cannot write %s", dst);
	close(in);
	free(buf);
	digest_final(&d, hex);
	return ret;
}

static void now_iso(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- opening and locking ---- */

struct registry *registry_open(const char *dir, int create)
{
	struct registry *r;
	struct stat st;
	char *p;

	if (stat(dir, &st) != 0) {
		if (errno != ENOENT || !create) {
			pc_error_errno("registry %s", dir);
			return NULL;
		}
		if (fs_mkdir(dir) < 0)
			return NULL;
	} else if (!S_ISDIR(st.st_mode)) {
		pc_error("registry %s: not a directory", dir);
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->dir = xstrdup(dir);
	r->lockfd = -1;
	p = path2(r, "versions");
	if (stat(p, &st) != 0) {
		free(p);
		if (!create) {
			pc_error("%s: not a registry (no versions/); 'pc-promote register' makes one",
				 dir);
			registry_close(r);
			return NULL;
		}
		if (registry_lock(r) < 0) {
			registry_close(r);
			return NULL;
		}
		p = path2(r, "history.tsv");
		if (access(p, F_OK) != 0 &&
		    fs_replace(NULL, r->dir, "history.tsv", HISTORY_HEADER, strlen(HISTORY_HEADER)) < 0) {
			free(p);
			registry_close(r);
			return NULL;
		}
		free(p);
		p = path2(r, "aliases");
		if (fs_mkdir(p) < 0) {
			free(p);
			registry_close(r);
			return NULL;
		}
		free(p);
		/* versions/ last: its presence says the registry is complete */
		p = path2(r, "versions");
		if (fs_mkdir(p) < 0 || fs_sync_dir(r->dir) < 0) {
			free(p);
			registry_close(r);
			return NULL;
		}
		registry_unlock(r);
	}
	free(p);
	return r;
}

void registry_close(struct registry *r)
{
	if (!r)
		return;
	if (r->lockfd >= 0)
		close(r->lockfd);
	free(r->dir);
	free(r);
}

const char *registry_dir(const struct registry *r)
{
	return r->dir;
}

int registry_lock(struct registry *r)
{
	if (r->locked++)
		return 0;
	if (r->lockfd < 0) {
		char *p = path2(r, "lock");

		r->lockfd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (r->lockfd < 0) {
			pc_error_errno("cannot open %s", p);
			free(p);
			r->locked = 0;
			return -1;
		}
		free(p);
	}
	while (flock(r->lockfd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			r->locked = 0;
			return pc_error_errno("cannot lock %s/lock", r->dir);
		}
	}
	return 0;
}

void registry_unlock(struct registry *r)
{
	if (r->locked > 0 && --r->locked == 0)
		flock(r->lockfd, LOCK_UN);
}

/* ---- versions and references ---- */

/* "vN" or "N" with N >= 1: N, else 0. */
static long version_number(const char *s, int allow_bare)
{
	long v;

	if (*s == 'v')
		s++;
	else if (!allow_bare)
		return 0;
	if (*s < '1' || *s > '9' || parse_long(s, &v) < 0 || v < 1 || v > 999999999)
		return 0;
	return v;
}

static char *version_dir(const struct registry *r, long v)
{
	return xasprintf("%s/versions/v%ld", r->dir, v);
}

static int version_exists(const struct registry *r, long v)
{
	char *p = version_dir(r, v);
	struct stat st;
	int ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);

	free(p);
	return ok;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

long *registry_versions(const struct registry *r, size_t *n)
{
	char *p = path2(r, "versions");
	DIR *d = opendir(p);
	struct dirent *e;
	long *v = NULL;
	size_t cap = 0;

	*n = 0;
	free(p);
	if (d) {
		while ((e = readdir(d))) {
			long k = version_number(e->d_name, 0);

			if (k) {
				xgrow(&v, &cap, *n + 1, sizeof(*v));
				v[(*n)++] = k;
			}
		}
		closedir(d);
	}
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_long);
	return v ? v : xcalloc(1, sizeof(*v));
}

int registry_alias_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > REGISTRY_ALIAS_MAX || !(name[0] >= 'a' && name[0] <= 'z'))
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("_.-", *p)))
			return 0;
	return !version_number(name, 0);
}

/* Parse an alias file's text; 0, or -1 when malformed. */
static int parse_alias(const char *text, long *version, long *previous)
{
	char *copy = xstrdup(text), *nl = strchr(copy, '\n'), *rest;
	int ret = -1;

	*previous = 0;
	if (!nl)
		goto out;
	*nl = '\0';
	*version = version_number(copy, 1);
	if (!*version)
		goto out;
	rest = nl + 1;
	if (*rest) {
		char *nl2 = strchr(rest, '\n');

		if (!nl2 || strncmp(rest, "previous ", 9) || nl2[1])
			goto out;
		*nl2 = '\0';
		*previous = version_number(rest + 9, 1);
		if (!*previous)
			goto out;
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

int registry_alias_get(const struct registry *r, const char *name, long *version,
		       long *previous)
{
	char *p = xasprintf("%s/aliases/%s", r->dir, name), *text = fs_slurp(p, 256, NULL);
	int ret;

	if (!text) {
		ret = errno == ENOENT ? 1 : pc_error_errno("cannot read %s", p);
	} else if (parse_alias(text, version, previous) < 0) {
		ret = pc_error("%s: not an alias file (a version, then 'previous N')", p);
	} else {
		ret = 0;
	}
	free(text);
	free(p);
	return ret;
}

int registry_resolve(const struct registry *r, const char *ref, long *version)
{
	long v = version_number(ref, 1), prev;
	int k;

	if (!v) {
		if (!registry_alias_name_ok(ref))
			return pc_error("'%s' is neither a version (3, v3) nor an alias name", ref);
		k = registry_alias_get(r, ref, &v, &prev);
		if (k)
			return k;
	}
	if (!version_exists(r, v)) {
		if (version_number(ref, 1))
			return pc_error("%s: no version %ld", r->dir, v);
		return pc_error("%s: alias '%s' points at v%ld, which does not exist", r->dir, ref,
				v);
	}
	*version = v;
	return 0;
}

int registry_alias_set(struct registry *r, const char *name, long version)
{
	long cur = 0, prev = 0;
	char *dir, *text;
	int k, ret;

	if (!registry_alias_name_ok(name))
		return pc_error("'%s' is not an alias name (a-z, 0-9, _ . -, starting with a "
				"letter)", name);
	if (registry_lock(r) < 0)
		return -1;
	if (!version_exists(r, version)) {
		registry_unlock(r);
		return pc_error("%s: no version %ld", r->dir, version);
	}
	k = registry_alias_get(r, name, &cur, &prev);
	if (k < 0) {
		registry_unlock(r);
		return -1;
	}
	if (k == 0 && cur == version) {
		registry_unlock(r);
		return 0;
	}
	text = k == 0 ? xasprintf("v%ld\nprevious v%ld\n", version, cur) :
	       xasprintf("v%ld\n", version);
	dir = path2(r, "aliases");
	ret = fs_replace(NULL, dir, name, text, strlen(text));
	free(dir);
	free(text);
	registry_unlock(r);
	return ret;
}

int registry_alias_rm(struct registry *r, const char *name)
{
	char *p;
	int ret = 0;

	if (!registry_alias_name_ok(name))
		return pc_error("'%s' is not an alias name", name);
	if (registry_lock(r) < 0)
		return -1;
	p = xasprintf("%s/aliases/%s", r->dir, name);
	if (unlink(p) != 0)
		ret = errno == ENOENT ? pc_error("%s: no alias '%s'", r->dir, name) :
		      pc_error_errno("cannot remove %s", p);
	free(p);
	if (ret == 0) {
		p = path2(r, "aliases");
		ret = fs_sync_dir(p);
	}
	free(p);
	registry_unlock(r);
	return ret;
}

char *registry_model_path(const struct registry *r, long version)
{
	return xasprintf("%s/versions/v%ld/model.pcm", r->dir, version);
}

char *registry_file_path(const struct registry *r, long version, const char *name)
{
	return xasprintf("%s/versions/v%ld/%s", r->dir, version, name);
}

struct config *registry_card(const struct registry *r, long version)
{
	char *p = xasprintf("%s/versions/v%ld/card.yaml", r->dir, version);
	struct config *c = config_load(p);

	free(p);
	return c;
}

/* ---- registering ---- */

/* The card of a model: its facts, from its manifest. */
static struct ynode *make_card(long version, const char *sha, long long size,
			       const char *source, const char *run, long parent,
			       const struct model *m)
{
	struct ynode *card = ynode_map(), *classes = ynode_seq(), *metrics = ynode_map();
	const struct ynode *val = config_node(m->manifest, "validation");
	const char *data_sha = "";
	char when[32], *abs = realpath(source, NULL);

	now_iso(when, sizeof(when));
	config_str(m->manifest, "training.data_sha256", "", &data_sha);
	ynode_set(card, "version", ynode_int(version));
	ynode_set(card, "sha256", ynode_str(sha));
	ynode_set(card, "size", ynode_int(size));
	ynode_set(card, "created", ynode_str(when));
	ynode_set(card, "source", ynode_str(abs ? abs : source));
	{
		char *run_abs = run ? realpath(run, NULL) : NULL;

		ynode_set(card, "run", ynode_str(run_abs ? run_abs : run ? run : ""));
		free(run_abs);
	}
	ynode_set(card, "parent", parent ? ynode_int(parent) : ynode_str(""));
	ynode_set(card, "featurizer", ynode_str(m->featurizer_digest));
	ynode_set(card, "data_sha256", ynode_str(data_sha ? data_sha : ""));
	for (int i = 0; i < m->classes.n; i++)
		ynode_push(classes, ynode_str(m->classes.name[i]));
	ynode_set(card, "classes", classes);
	if (val && val->kind == YAML_MAP)
		for (size_t i = 0; i < val->n; i++)
			if (val->items[i]->kind == YAML_SCALAR &&
			    ynode_plain_is_float(val->items[i]->scalar)) {
				int range;

				ynode_set(metrics, val->keys[i],
					  ynode_num(ynode_plain_float(val->items[i]->scalar, &range)));
			}
	ynode_set(card, "metrics", metrics);
	free(abs);
	return card;
}

/* Tell the run record which version it became (a tag file, written atomically). */
static void tag_run(const struct registry *r, const char *run, long version)
{
	char *tags = xasprintf("%s/tags", run), *abs = realpath(r->dir, NULL);
	char *text = xasprintf("%s v%ld", abs ? abs : r->dir, version);
	struct stat st;

	if (stat(tags, &st) == 0 && S_ISDIR(st.st_mode))
		fs_replace(NULL, tags, "prodclass.registry_version", text, strlen(text));
	free(text);
	free(abs);
	free(tags);
}

int registry_register(struct registry *r, const char *model, const char *run,
		      char *const *attach, long *version)
{
	struct model *m;
	struct ynode *card = NULL;
	char *tmp = NULL, *dst = NULL, *text = NULL, *versions = path2(r, "versions"), *final = NULL;
	char sha[DIGEST_HEX_LEN + 1];
	long long size = 0;
	long parent = 0, prev;
	size_t nv, len;
	long *vs;
	int ret = -1;

	/* verify before taking the lock: reading a large model takes a while */
	m = model_read(model);
	if (!m) {
		free(versions);
		return -1;
	}
	for (char *const *a = attach; a && *a; a++) {
		const char *base = strrchr(*a, '/') ? strrchr(*a, '/') + 1 : *a;

		if (access(*a, R_OK) != 0) {
			pc_error_errno("cannot read %s", *a);
			goto out_unlocked;
		}
		if (!strcmp(base, "model.pcm") || !strcmp(base, "card.yaml") || base[0] == '.' ||
		    !*base) {
			pc_error("%s: cannot attach a file with that name", *a);
			goto out_unlocked;
		}
	}
	if (registry_lock(r) < 0)
		goto out_unlocked;
	vs = registry_versions(r, &nv);
	*version = nv ? vs[nv - 1] + 1 : 1;
	free(vs);
	if (registry_alias_get(r, "champion", &parent, &prev) != 0)
		parent = 0;
	tmp = xasprintf("%s/.tmp-XXXXXX", versions);
	if (!mkdtemp(tmp)) {
		pc_error_errno("cannot create a directory in %s", versions);
		free(tmp);
		tmp = NULL;
		goto out;
	}
	{
		/* readable by others as a plain directory would be (mkdtemp makes it 0700) */
		mode_t mask = umask(0);

		umask(mask);
		chmod(tmp, 0777 & ~mask);
	}
	dst = xasprintf("%s/model.pcm", tmp);
	if (copy_file(model, dst, sha, &size) < 0)
		goto out;
	for (char *const *a = attach; a && *a; a++) {
		const char *base = strrchr(*a, '/') ? strrchr(*a, '/') + 1 : *a;
		char *to = xasprintf("%s/%s", tmp, base), junk[DIGEST_HEX_LEN + 1];
		long long n;
		int bad = copy_file(*a, to, junk, &n);

		free(to);
		if (bad < 0)
			goto out;
	}
	card = make_card(*version, sha, size, model, run, parent, m);
	text = ynode_emit(card, &len);
	if (!text || fs_replace(NULL, tmp, "card.yaml", text, len) < 0 || fs_sync_dir(tmp) < 0)
		goto out;
	final = version_dir(r, *version);
	if (rename(tmp, final) != 0) {
		pc_error_errno("cannot rename %s to %s", tmp, final);
		goto out;
	}
	free(tmp);
	tmp = NULL;
	if (fs_sync_dir(versions) < 0)
		goto out;
	if (run)
		tag_run(r, run, *version);
	ret = 0;
out:
	if (tmp)
		fs_rmtree(tmp);
	registry_unlock(r);
out_unlocked:
	ynode_free(card);
	free(text);
	free(tmp);
	free(dst);
	free(final);
	free(versions);
	model_free(m);
	return ret;
}

/* ---- history ---- */

static void put_field(struct sbuf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\t': sbuf_adds(b, "\\t"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\r': sbuf_adds(b, "\\r"); break;
		case '\\': sbuf_adds(b, "\\\\"); break;
		default: sbuf_addc(b, *s);
		}
	}
}

static void put_num(struct sbuf *b, double v)
{
	if (!isnan(v))
		sbuf_printf(b, "%.6g", v);
}

int registry_log(struct registry *r, const struct registry_event *e)
{
	char *path = path2(r, "history.tsv"), *old, when[32];
	struct sbuf b = SBUF_INIT;
	int ret;

	if (registry_lock(r) < 0) {
		free(path);
		return -1;
	}
	old = fs_slurp(path, (size_t)1 << 30, NULL);
	if (!old && errno != ENOENT) {
		ret = pc_error_errno("cannot read %s", path);
		goto out;
	}
	sbuf_adds(&b, old && *old ? old : HISTORY_HEADER);
	if (b.len && b.s[b.len - 1] != '\n')
		sbuf_addc(&b, '\n');
	now_iso(when, sizeof(when));
	sbuf_printf(&b, "%s\t", when);
	put_field(&b, e->action);
	sbuf_addc(&b, '\t');
	if (e->version)
		sbuf_printf(&b, "v%ld", e->version);
	sbuf_addc(&b, '\t');
	if (e->previous)
		sbuf_printf(&b, "v%ld", e->previous);
	sbuf_addc(&b, '\t');
	put_field(&b, e->metric);
	sbuf_addc(&b, '\t');
	put_num(&b, e->champion);
	sbuf_addc(&b, '\t');
	put_num(&b, e->challenger);
	sbuf_addc(&b, '\t');
	put_field(&b, e->decision);
	sbuf_addc(&b, '\t');
	put_field(&b, e->reason);
	sbuf_addc(&b, '\n');
	ret = fs_replace(NULL, r->dir, "history.tsv", b.s, b.len);
out:
	free(old);
	free(path);
	sbuf_free(&b);
	registry_unlock(r);
	return ret;
}

int registry_print_history(const struct registry *r, FILE *out)
{
	char *path = path2(r, "history.tsv"), *text = fs_slurp(path, (size_t)1 << 30, NULL);

	if (!text) {
		int ret = pc_error_errno("cannot read %s", path);

		free(path);
		return ret;
	}
	fputs(text, out);
	free(text);
	free(path);
	return 0;
}

/* ---- listing ---- */

/* Aliases pointing at `version`, comma-separated (malloc'd, "" for none). */
static char *aliases_of(const struct registry *r, long version)
{
	char *p = path2(r, "aliases");
	DIR *d = opendir(p);
	struct dirent *e;
	struct sbuf b = SBUF_INIT;
	char **names = NULL;
	size_t n = 0, cap = 0;

	free(p);
	if (d) {
		while ((e = readdir(d))) {
			long v, prev;

			if (e->d_name[0] == '.' || !registry_alias_name_ok(e->d_name))
				continue;
			if (registry_alias_get(r, e->d_name, &v, &prev) == 0 && v == version) {
				xgrow(&names, &cap, n + 1, sizeof(*names));
				names[n++] = xstrdup(e->d_name);
			}
		}
		closedir(d);
	}
	for (size_t i = 0; i < n; i++) {   /* sorted, for stable output */
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				char *t = names[i];

				names[i] = names[j];
				names[j] = t;
			}
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_addc(&b, ',');
		sbuf_adds(&b, names[i]);
		free(names[i]);
	}
	free(names);
	return b.s ? b.s : xstrdup("");
}

int registry_print_list(const struct registry *r, FILE *out)
{
	size_t n;
	long *vs = registry_versions(r, &n);

	fputs("version\taliases\tcreated\taccuracy\tweighted_f1\tsha256\tsource\n", out);
	for (size_t i = 0; i < n; i++) {
		struct config *c;
		char *al = aliases_of(r, vs[i]);
		const char *created = "", *sha = "", *source = "";
		double acc = NAN, f1 = NAN;

		pc_msg_capture((char[2]){ 0 }, 1);
		c = registry_card(r, vs[i]);
		pc_msg_capture(NULL, 0);
		if (c) {
			config_str(c, "created", "", &created);
			config_str(c, "sha256", "", &sha);
			config_str(c, "source", "", &source);
			config_double(c, "metrics.accuracy", NAN, &acc);
			config_double(c, "metrics.weighted_f1", NAN, &f1);
		}
		fprintf(out, "v%ld\t", vs[i]);
		tsv_puts(out, al);
		fputc('\t', out);
		tsv_puts(out, created);
		fputc('\t', out);
		if (!isnan(acc))
			fprintf(out, "%.4f", acc);
		fputc('\t', out);
		if (!isnan(f1))
			fprintf(out, "%.4f", f1);
		fputc('\t', out);
		tsv_puts(out, sha);
		fputc('\t', out);
		tsv_puts(out, source);
		fputc('\n', out);
		config_free(c);
		free(al);
	}
	free(vs);
	return 0;
}

/* ---- gc ---- */

static int referenced(const struct registry *r, long v)
{
	char *p = path2(r, "aliases");
	DIR *d = opendir(p);
	struct dirent *e;
	int yes = 0;

	free(p);
	if (!d)
		return 0;
	while (!yes && (e = readdir(d))) {
		long a, prev;

		if (e->d_name[0] != '.' && registry_alias_get(r, e->d_name, &a, &prev) == 0)
			yes = a == v || prev == v;
	}
	closedir(d);
	return yes;
}

/* Remove leftover temporary entries of crashed writers (the lock is held). */
static int remove_leftovers(struct registry *r, const char *sub, long *removed)
{
	char *p = path2(r, sub);
	DIR *d = opendir(p);
	struct dirent *e;
	int ret = 0;

	if (!d) {
		free(p);
		return 0;
	}
	while ((e = readdir(d))) {
		char *q;
		struct stat st;

		if (strncmp(e->d_name, ".tmp-", 5))
			continue;
		q = xasprintf("%s/%s", p, e->d_name);
		if (lstat(q, &st) == 0 && S_ISDIR(st.st_mode))
			ret |= fs_rmtree(q);
		else
			ret |= unlink(q) != 0 ? pc_error_errno("cannot remove %s", q) : 0;
		(*removed)++;
		free(q);
	}
	closedir(d);
	free(p);
	return ret;
}

int registry_gc(struct registry *r, long keep, long *removed)
{
	size_t n;
	long *vs, leftovers = 0;
	int ret = 0;

	*removed = 0;
	if (registry_lock(r) < 0)
		return -1;
	vs = registry_versions(r, &n);
	for (size_t i = 0; i + (size_t)keep < n && ret == 0; i++) {
		char *dir, *doomed;

		if (referenced(r, vs[i]))
			continue;
		dir = version_dir(r, vs[i]);
		/* out of sight first, so that a crash never leaves half a version */
		doomed = xasprintf("%s/versions/.tmp-gc-v%ld", r->dir, vs[i]);
		if (rename(dir, doomed) != 0)
			ret = pc_error_errno("cannot rename %s", dir);
		else
			ret = fs_rmtree(doomed);
		if (ret == 0)
			(*removed)++;
		free(dir);
		free(doomed);
	}
	free(vs);
	if (ret == 0)
		ret = remove_leftovers(r, "versions", &leftovers) | remove_leftovers(r, "aliases",
										   &leftovers) |
		      remove_leftovers(r, ".", &leftovers);
	registry_unlock(r);
	return ret ? -1 : 0;
}

/* ---- fsck ---- */

static const char *const actions[] = { "register", "alias", "unalias", "compare", "promote",
				       "refuse", "rollback", "gc", NULL };

static long check_history(const struct registry *r, FILE *out)
{
	char *path = path2(r, "history.tsv"), *text = fs_slurp(path, (size_t)1 << 30, NULL), *line;
	long problems = 0, lineno = 0;

	if (!text) {
		fprintf(out, "%s: cannot read: %s\n", path, strerror(errno));
		free(path);
		return 1;
	}
	line = text;
	while (*line) {
		char *nl = strchr(line, '\n'), *f[HISTORY_FIELDS + 1];
		size_t nf = 0;
		long v;

		lineno++;
		if (!nl) {
			fprintf(out, "%s:%ld: the last line has no newline\n", path, lineno);
			problems++;
			break;
		}
		*nl = '\0';
		if (lineno == 1) {
			if (strncmp(line, HISTORY_HEADER, strlen(HISTORY_HEADER) - 1) ||
			    line[strlen(HISTORY_HEADER) - 1]) {
				fprintf(out, "%s:1: not the history header\n", path);
				problems++;
			}
			line = nl + 1;
			continue;
		}
		for (char *p = line; nf <= HISTORY_FIELDS; ) {
			f[nf++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (nf != HISTORY_FIELDS) {
			fprintf(out, "%s:%ld: %zu fields, expected %d\n", path, lineno, nf,
				HISTORY_FIELDS);
			problems++;
		} else {
			const char *const *a;
			struct tm tm;
			char *end;

			memset(&tm, 0, sizeof(tm));
			end = strptime(f[0], "%Y-%m-%dT%H:%M:%SZ", &tm);
			if (!end || *end) {
				fprintf(out, "%s:%ld: '%s' is not a UTC time\n", path, lineno, f[0]);
				problems++;
			}
			for (a = actions; *a && strcmp(*a, f[1]); a++)
				;
			if (!*a) {
				fprintf(out, "%s:%ld: unknown action '%s'\n", path, lineno, f[1]);
				problems++;
			}
			for (int k = 2; k <= 3; k++)
				if (*f[k] && !(v = version_number(f[k], 0))) {
					fprintf(out, "%s:%ld: '%s' is not a version\n", path, lineno,
						f[k]);
					problems++;
				}
		}
		line = nl + 1;
	}
	free(text);
	free(path);
	return problems;
}

static long check_version(const struct registry *r, long v, FILE *out)
{
	char *dir = version_dir(r, v), *model = registry_model_path(r, v);
	char sha[DIGEST_HEX_LEN + 1];
	struct config *c;
	const char *want = "";
	long problems = 0, num = 0;

	if (access(model, R_OK) != 0) {
		fprintf(out, "%s: no model.pcm\n", dir);
		problems++;
	}
	pc_msg_capture((char[2]){ 0 }, 1);
	c = registry_card(r, v);
	pc_msg_capture(NULL, 0);
	if (!c) {
		fprintf(out, "%s: card.yaml missing or unreadable\n", dir);
		problems++;
	} else {
		if (config_long(c, "version", 0, &num) < 0 || num != v) {
			fprintf(out, "%s/card.yaml: version %ld, expected %ld\n", dir, num, v);
			problems++;
		}
		if (config_str(c, "sha256", "", &want) < 0 || !want ||
		    !digest_is_hex(want, strlen(want))) {
			fprintf(out, "%s/card.yaml: no sha256\n", dir);
			problems++;
		} else if (access(model, R_OK) == 0) {
			pc_msg_capture((char[2]){ 0 }, 1);
			if (digest_file(model, sha) < 0 || strcmp(sha, want)) {
				fprintf(out, "%s/model.pcm: SHA-256 differs from the card's\n", dir);
				problems++;
			}
			pc_msg_capture(NULL, 0);
		}
	}
	config_free(c);
	free(model);
	free(dir);
	return problems;
}

static long check_aliases(const struct registry *r, FILE *out)
{
	char *p = path2(r, "aliases");
	DIR *d = opendir(p);
	struct dirent *e;
	long problems = 0;

	if (!d) {
		fprintf(out, "%s: cannot read: %s\n", p, strerror(errno));
		free(p);
		return 1;
	}
	while ((e = readdir(d))) {
		long v, prev;
		char msg[512];

		if (e->d_name[0] == '.')
			continue;
		if (!registry_alias_name_ok(e->d_name)) {
			fprintf(out, "%s/%s: not an alias name\n", p, e->d_name);
			problems++;
			continue;
		}
		pc_msg_capture(msg, sizeof(msg));
		if (registry_alias_get(r, e->d_name, &v, &prev) != 0) {
			fprintf(out, "%s/%s: malformed\n", p, e->d_name);
			problems++;
		} else {
			if (!version_exists(r, v)) {
				fprintf(out, "%s/%s: points at v%ld, which does not exist\n", p,
					e->d_name, v);
				problems++;
			}
			if (prev && !version_exists(r, prev)) {
				fprintf(out, "%s/%s: previous v%ld does not exist\n", p, e->d_name,
					prev);
				problems++;
			}
		}
		pc_msg_capture(NULL, 0);
	}
	closedir(d);
	free(p);
	return problems;
}

long registry_fsck(const struct registry *r, FILE *out)
{
	char *p = path2(r, "versions");
	DIR *d = opendir(p);
	struct dirent *e;
	long problems = 0;

	if (!d) {
		pc_error_errno("cannot read %s", p);
		free(p);
		return -1;
	}
	while ((e = readdir(d))) {
		long v;

		if (e->d_name[0] == '.')
			continue;   /* ".", "..", and temporary entries of writers */
		v = version_number(e->d_name, 0);
		if (!v) {
			fprintf(out, "%s/%s: not a version\n", p, e->d_name);
			problems++;
			continue;
		}
		problems += check_version(r, v, out);
	}
	closedir(d);
	free(p);
	problems += check_aliases(r, out);
	problems += check_history(r, out);
	return problems;
}
