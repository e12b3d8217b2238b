/* jobs: batch scoring through a maildir-style spool; see jobs.h. */
#include "serve/jobs.h"
#include "model/predict.h"
#include "base/fsutil.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "base/xalloc.h"
#include "formats/tsv.h"
#include "serve/api.h"
#include "serve/score1.h"
#include "serve/smetrics.h"
#include "text/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 64
#define MAX_THREADS 64
#define KV_MAX 65536

struct jobs {
	struct jobs_opts o;
	char *dir;
	int lock_fd;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
	char **recovered;          /* jobs found in cur/ at start, not yet taken up */
	size_t nrecovered;
	pthread_t tid[MAX_WORKERS];
	int nthreads;
	double last_expire;
};

struct job_upload {
	struct jobs *j;
	char id[JOB_ID_MAX + 1];
	char *dir, *input;
	int fd;
	uint64_t bytes;
};

/* Unix time: the spool's times outlive the process (pc_now is monotonic). */
static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- small files ---- */

static char *path_of(const struct jobs *j, const char *box, const char *id, const char *file)
{
	if (file)
		return xasprintf("%s/%s/%s/%s", j->dir, box, id, file);
	if (id)
		return xasprintf("%s/%s/%s", j->dir, box, id);
	return xasprintf("%s/%s", j->dir, box);
}

/* The value of "key value" in text, or NULL; copied into val. */
static const char *kv_get(const char *text, const char *key, char *val, size_t n)
{
	size_t kl = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, key, kl) && p[kl] == ' ') {
			size_t len = strcspn(p + kl + 1, "\n");

			if (len >= n)
				len = n - 1;
			memcpy(val, p + kl + 1, len);
			val[len] = '\0';
			return val;
		}
	}
	return NULL;
}

static double kv_num(const char *text, const char *key, double dflt)
{
	char v[64];
	char *end;
	double d;

	if (!text || !kv_get(text, key, v, sizeof(v)))
		return dflt;
	d = strtod(v, &end);
	return end == v || *end ? dflt : d;
}

/* Remove a job's directory (its files; a job holds no directories). */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	closedir(d);
	if (rmdir(dir) < 0 && errno != ENOENT)
		pc_warn("cannot remove %s: %s", dir, strerror(errno));
}

int jobs_id_ok(const char *id)
{
	size_t n = strlen(id);

	if (!n || n > JOB_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'z') ||
		      id[i] == '_' || id[i] == '-'))
			return 0;
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The job ids in a box, sorted (oldest first: ids start with the time). */
static char **list_box(const struct jobs *j, const char *box, size_t *n)
{
	char *dir = path_of(j, box, NULL, NULL), **v = NULL;
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;

	*n = 0;
	free(dir);
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (!jobs_id_ok(e->d_name))
			continue;
		xgrow(&v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- opening ---- */

struct jobs *jobs_open(const struct jobs_opts *o)
{
	static const char *const boxes[] = { "tmp", "new", "cur", "done" };
	struct jobs *j = xcalloc(1, sizeof(*j));
	char *p;
	char **v;
	size_t n;

	j->o = *o;
	if (j->o.workers < 1)
		j->o.workers = 1;
	if (j->o.workers > MAX_WORKERS)
		j->o.workers = MAX_WORKERS;
	if (j->o.threads < 1)
		j->o.threads = 1;
	if (j->o.threads > MAX_THREADS)
		j->o.threads = MAX_THREADS;
	if (j->o.chunk < NET_CHUNK)
		j->o.chunk = NET_CHUNK;
	j->o.chunk = (j->o.chunk + NET_CHUNK - 1) / NET_CHUNK * NET_CHUNK;
	j->dir = xstrdup(o->spool);
	j->lock_fd = -1;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->wake, NULL);
	if (mkdir(j->dir, 0750) < 0 && errno != EEXIST) {
		pc_error_errno("cannot make the spool %s", j->dir);
		goto fail;
	}
	for (size_t i = 0; i < sizeof(boxes) / sizeof(boxes[0]); i++) {
		p = path_of(j, boxes[i], NULL, NULL);
		if (mkdir(p, 0750) < 0 && errno != EEXIST) {
			pc_error_errno("cannot make %s", p);
			free(p);
			goto fail;
		}
		free(p);
	}
	p = path_of(j, "lock", NULL, NULL);
	j->lock_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (j->lock_fd < 0) {
		pc_error_errno("cannot open %s", p);
		free(p);
		goto fail;
	}
	if (flock(j->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			pc_error("%s: the spool is in use by another pc-serve", j->dir);
		else
			pc_error_errno("cannot lock %s", p);
		free(p);
		goto fail;
	}
	free(p);
	/* uploads nobody was told about */
	{
		char *tmp = path_of(j, "tmp", NULL, NULL);
		DIR *d = opendir(tmp);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			p = xasprintf("%s/%s", tmp, e->d_name);
			remove_dir(p);
			free(p);
		}
		if (d)
			closedir(d);
		free(tmp);
	}
	/* jobs in flight when the last server died */
	v = list_box(j, "cur", &n);
	j->recovered = v;
	j->nrecovered = n;
	if (n && !pc_quiet())
		fprintf(stderr, "%s: %zu job%s in flight at the last stop: taken up again\n",
			pc_progname(), n, n == 1 ? "" : "s");
	return j;
fail:
	if (j->lock_fd >= 0)
		close(j->lock_fd);
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->wake);
	free(j->dir);
	free(j);
	return NULL;
}

/* ---- reading a job's input ---- */

struct jrow {
	size_t id, id_len, image, tokens, tokens_len;
	size_t text[CATALOG_MAX_TEXT], text_len[CATALOG_MAX_TEXT], ntext;
	int has_tokens;
};

struct source {
	int tokens;
	struct catalog *cat;
	struct tsv *tsv;
	int c_id, c_image, c_tokens;
	const char *root;
	const char *input;          /* the path, replaced by "input" in messages */
	uint64_t rows;
};

/* Does the header line make it a token TSV? */
static int looks_like_tokens(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC), found = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	for (char *f = buf; f && !found;) {
		char *tab = strchr(f, '\t');

		if (tab)
			*tab = '\0';
		found = !strcmp(f, "tokens");
		f = tab ? tab + 1 : NULL;
	}
	return found && strchr(buf, '\0') != buf;
}

static int source_open(struct source *s, const char *input, int tokens, const char *root)
{
	memset(s, 0, sizeof(*s));
	s->tokens = tokens;
	s->root = root;
	s->input = input;
	if (tokens) {
		s->tsv = tsv_open(input);
		if (!s->tsv)
			return -1;
		s->c_id = tsv_require_column(s->tsv, "id");
		s->c_tokens = s->c_id < 0 ? -1 : tsv_require_column(s->tsv, "tokens");
		s->c_image = tsv_column(s->tsv, "image");
		if (s->c_tokens < 0) {
			tsv_close(s->tsv);
			s->tsv = NULL;
			return -1;
		}
		return 0;
	}
	{
		struct catalog_opts co = { .path = input, .format = TABLE_AUTO, .images = root };

		s->cat = catalog_open(&co);
		return s->cat ? 0 : -1;
	}
}

static void source_close(struct source *s)
{
	if (s->tsv)
		tsv_close(s->tsv);
	if (s->cat)
		catalog_close(s->cat);
	s->tsv = NULL;
	s->cat = NULL;
}

static size_t keep(struct sbuf *a, const char *s, size_t n)
{
	size_t at = a->len;

	sbuf_add(a, s, n);
	sbuf_addc(a, '\0');
	return at;
}

/* The next row into r (its strings in a): 1, 0 at the end, -1 after reporting. */
static int source_next(struct source *s, struct sbuf *a, struct jrow *r)
{
	int k;

	memset(r, 0, sizeof(*r));
	if (s->tokens) {
		const char *img;

		k = tsv_next(s->tsv);
		if (k <= 0)
			return k;
		s->rows++;
		r->id = keep(a, s->tsv->f[s->c_id].s, s->tsv->f[s->c_id].len);
		r->id_len = s->tsv->f[s->c_id].len;
		r->has_tokens = 1;
		r->tokens = keep(a, s->tsv->f[s->c_tokens].s, s->tsv->f[s->c_tokens].len);
		r->tokens_len = s->tsv->f[s->c_tokens].len;
		img = s->c_image >= 0 ? s->tsv->f[s->c_image].s : "";
		if (*img) {
			char why[256];
			char *path;
			int status;

			if (!s->root)
				return pc_error_at(tsv_name(s->tsv), s->tsv->line, "photo paths need "
						   "pc-serve --image-root");
			path = photo_path_resolve(s->root, img, &status, why, sizeof(why));
			if (!path && status == 403)
				return pc_error_at(tsv_name(s->tsv), s->tsv->line,
						   "photo path '%s' leads outside the image root", img);
			if (!path)  /* missing: scored as pc-embed scores a missing photo */
				path = img[0] == '/' ? xstrdup(img) : xasprintf("%s/%s", s->root, img);
			r->image = keep(a, path, strlen(path));
			free(path);
		} else {
			r->image = keep(a, "", 0);
		}
		return 1;
	}
	{
		struct catalog_item it;

		k = catalog_next(s->cat, &it);
		if (k <= 0)
			return k;
		s->rows++;
		if (*it.image && !s->root)
			return pc_error("%s: line %llu: photo paths need pc-serve --image-root",
					s->input, (unsigned long long)s->rows + 1);
		r->id = keep(a, it.id, it.id_len);
		r->id_len = it.id_len;
		r->image = keep(a, it.image, strlen(it.image));
		r->ntext = it.ntext;
		for (size_t i = 0; i < it.ntext; i++) {
			r->text[i] = keep(a, it.text[i], it.text_len[i]);
			r->text_len[i] = it.text_len[i];
		}
		return 1;
	}
}

/* A captured message without the program's prefix, the spool path made "input". */
static void clean_message(const char *msg, const char *input, char *out, size_t n)
{
	const char *prog = pc_progname();
	size_t pl = strlen(prog), il = strlen(input);
	struct sbuf b = SBUF_INIT;

	if (!strncmp(msg, prog, pl) && msg[pl] == ':' && msg[pl + 1] == ' ')
		msg += pl + 2;
	for (const char *p = msg; *p && *p != '\n';) {
		if (il && !strncmp(p, input, il)) {
			sbuf_adds(&b, "input");
			p += il;
		} else {
			sbuf_addc(&b, *p++);
		}
	}
	snprintf(out, n, "%s", b.s ? b.s : "cannot read the input");
	sbuf_free(&b);
}

/* ---- uploads ---- */

static void new_id(char id[JOB_ID_MAX + 1])
{
	struct timespec ts;
	unsigned char r[10];
	unsigned long long ms;
	int k = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		/* no entropy to be had: the clock's nanoseconds and the address space */
		uint64_t x = (uint64_t)ts.tv_nsec ^ (uint64_t)(uintptr_t)&ts ^ ((uint64_t)getpid() << 32);

		for (size_t i = 0; i < sizeof(r); i++, x = x * 6364136223846793005ULL + 1442695040888963407ULL)
			r[i] = (unsigned char)(x >> 56);
	}
	k = snprintf(id, JOB_ID_MAX + 1, "%012llx", ms & 0xffffffffffffULL);
	for (size_t i = 0; i < sizeof(r); i++)
		k += snprintf(id + k, (size_t)(JOB_ID_MAX + 1 - k), "%02x", r[i]);
}

struct job_upload *jobs_upload_begin(struct jobs *j)
{
	struct job_upload *u = xcalloc(1, sizeof(*u));

	u->j = j;
	new_id(u->id);
	u->dir = path_of(j, "tmp", u->id, NULL);
	u->input = path_of(j, "tmp", u->id, "input");
	u->fd = -1;
	if (mkdir(u->dir, 0750) < 0) {
		pc_error_errno("cannot make %s", u->dir);
		goto fail;
	}
	u->fd = open(u->input, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (u->fd < 0) {
		pc_error_errno("cannot make %s", u->input);
		rmdir(u->dir);
		goto fail;
	}
	return u;
fail:
	free(u->dir);
	free(u->input);
	free(u);
	return NULL;
}

const char *jobs_upload_id(const struct job_upload *u)
{
	return u->id;
}

int jobs_upload_write(struct job_upload *u, const void *data, size_t n)
{
	const char *p = data;

	while (n) {
		ssize_t w = write(u->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return pc_error_errno("cannot write %s", u->input);
		}
		p += w;
		n -= (size_t)w;
		u->bytes += (uint64_t)w;
	}
	return 0;
}

static void upload_free(struct job_upload *u)
{
	if (u->fd >= 0)
		close(u->fd);
	free(u->dir);
	free(u->input);
	free(u);
}

void jobs_upload_abort(struct job_upload *u)
{
	if (!u)
		return;
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
	remove_dir(u->dir);
	upload_free(u);
}

int jobs_upload_commit(struct job_upload *u, const char *format, int top, struct sbuf *out)
{
	struct jobs *j = u->j;
	struct source s;
	struct sbuf a = SBUF_INIT, meta = SBUF_INIT;
	struct jrow r;
	char msg[512], why[600];
	char *dst = NULL;
	int tokens, k = -1;

	if (fsync(u->fd) < 0 || close(u->fd) < 0) {
		u->fd = -1;
		pc_error_errno("cannot write %s", u->input);
		api_error(out, "cannot store the upload");
		jobs_upload_abort(u);
		return 500;
	}
	u->fd = -1;
	if (!u->bytes) {
		api_error(out, "empty upload: send a CSV in the challenge layout or a token TSV");
		jobs_upload_abort(u);
		return 400;
	}
	tokens = !strcmp(format, "tokens") || (!strcmp(format, "auto") && looks_like_tokens(u->input));
	/* every row read now: a bad line is the client's to hear about, at once */
	pc_msg_capture(msg, sizeof(msg));
	msg[0] = '\0';
	if (source_open(&s, u->input, tokens, j->o.image_root) == 0) {
		while ((k = source_next(&s, &a, &r)) > 0)
			sbuf_reset(&a);
		source_close(&s);
	}
	pc_msg_capture(NULL, 0);
	sbuf_free(&a);
	if (k < 0) {
		clean_message(msg, u->input, why, sizeof(why));
		api_error(out, why);
		jobs_upload_abort(u);
		return 400;
	}
	if (!s.rows) {
		api_error(out, "no products in the upload");
		jobs_upload_abort(u);
		return 400;
	}
	sbuf_printf(&meta, "format %s\nrows %llu\ntop %d\nsubmitted %.3f\nbytes %llu\n",
		    tokens ? "tokens" : "products", (unsigned long long)s.rows,
		    top > 0 ? top : j->o.default_top, wall_now(), (unsigned long long)u->bytes);
	if (fs_replace(NULL, u->dir, "meta", meta.s, strlen(meta.s)) < 0) {
		sbuf_free(&meta);
		api_error(out, "cannot store the upload");
		jobs_upload_abort(u);
		return 500;
	}
	sbuf_free(&meta);
	dst = path_of(j, "new", u->id, NULL);
	if (rename(u->dir, dst) < 0) {
		pc_error_errno("cannot queue %s", u->dir);
		free(dst);
		api_error(out, "cannot queue the job");
		jobs_upload_abort(u);
		return 500;
	}
	free(dst);
	sbuf_reset(out);
	sbuf_printf(out, "{\"id\":\"%s\",\"state\":\"queued\",\"format\":\"%s\",\"rows\":%llu,"
		    "\"status\":\"/v1/jobs/%s\",\"result\":\"/v1/jobs/%s/result\"}\n", u->id,
		    tokens ? "tokens" : "products", (unsigned long long)s.rows, u->id, u->id);
	smetrics_add(SC_JOBS_SUBMITTED, 1);
	pthread_mutex_lock(&j->lock);
	pthread_cond_signal(&j->wake);
	pthread_mutex_unlock(&j->lock);
	upload_free(u);
	return 202;
}

/* ---- status ---- */

int jobs_status(struct jobs *j, const char *id, struct sbuf *out)
{
	static const char *const boxes[] = { "new", "cur", "done" };
	char *meta = NULL, *prog = NULL, v[512];
	const char *state = NULL;
	int box = -1;

	if (!jobs_id_ok(id))
		return 404;
	/* the job moves new -> cur -> done: look in that order, and again if it moved
	 * between two looks */
	for (int tries = 0; tries < 3 && box < 0; tries++)
		for (int b = 0; b < 3 && box < 0; b++) {
			char *d = path_of(j, boxes[b], id, NULL);
			struct stat sb;

			if (stat(d, &sb) == 0 && S_ISDIR(sb.st_mode)) {
				char *p = path_of(j, boxes[b], id, "meta");

				meta = fs_slurp(p, KV_MAX, NULL);
				free(p);
				p = path_of(j, boxes[b], id, b == 2 ? "status" : "progress");
				prog = fs_slurp(p, KV_MAX, NULL);
				free(p);
				box = b;
				if (b == 2 && !prog) {      /* renamed away since */
					free(meta);
					meta = NULL;
					box = -1;
				}
			}
			free(d);
		}
	if (box < 0)
		return 404;
	if (box == 0)
		state = "queued";
	else if (box == 1)
		state = "running";
	else
		state = kv_get(prog, "state", v, sizeof(v)) && !strcmp(v, "failed") ? "failed" : "done";
	sbuf_reset(out);
	sbuf_printf(out, "{\"id\":\"%s\",\"state\":\"%s\"", id, state);
	if (meta && kv_get(meta, "format", v, sizeof(v)))
		sbuf_printf(out, ",\"format\":\"%s\"", !strcmp(v, "tokens") ? "tokens" : "products");
	sbuf_printf(out, ",\"rows\":%.0f,\"rows_done\":%.0f", kv_num(meta, "rows", 0),
		    kv_num(prog, "rows", 0));
	if (kv_num(prog, "version", 0) > 0)
		sbuf_printf(out, ",\"model_version\":%.0f", kv_num(prog, "version", 0));
	sbuf_printf(out, ",\"photos_missing\":%.0f,\"photos_unreadable\":%.0f",
		    kv_num(prog, "missing", 0), kv_num(prog, "unreadable", 0));
	if (kv_num(meta, "submitted", 0) > 0)
		sbuf_printf(out, ",\"submitted\":%.3f", kv_num(meta, "submitted", 0));
	if (kv_num(prog, "started", 0) > 0)
		sbuf_printf(out, ",\"started\":%.3f", kv_num(prog, "started", 0));
	if (kv_num(prog, "finished", 0) > 0)
		sbuf_printf(out, ",\"finished\":%.3f", kv_num(prog, "finished", 0));
	if (box == 2 && !strcmp(state, "failed") && kv_get(prog, "error", v, sizeof(v))) {
		sbuf_adds(out, ",\"error\":");
		json_put_string(out, v, strlen(v));
	}
	if (box == 2 && !strcmp(state, "done"))
		sbuf_printf(out, ",\"result\":\"/v1/jobs/%s/result\"", id);
	sbuf_adds(out, "}\n");
	free(meta);
	free(prog);
	return 200;
}

int jobs_result(struct jobs *j, const char *id, int *fd, uint64_t *size, struct sbuf *out)
{
	char *p;
	struct stat sb;
	int status;

	*fd = -1;
	if (!jobs_id_ok(id))
		return 404;
	p = path_of(j, "done", id, "result.tsv");
	*fd = open(p, O_RDONLY | O_CLOEXEC);
	free(p);
	if (*fd >= 0 && fstat(*fd, &sb) == 0) {
		*size = (uint64_t)sb.st_size;
		return 200;
	}
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	status = jobs_status(j, id, out);
	if (status != 200)
		return status;
	{
		/* the status says why there is no result */
		struct sbuf s = SBUF_INIT;

		sbuf_adds(&s, "{\"error\":\"the job has no result\",\"job\":");
		sbuf_add(&s, out->s, out->len - 1);      /* without its newline */
		sbuf_adds(&s, "}\n");
		sbuf_reset(out);
		sbuf_add(out, s.s, s.len);
		sbuf_free(&s);
	}
	return 409;
}

static long count_box(struct jobs *j, const char *box)
{
	size_t n;
	char **v = list_box(j, box, &n);

	free_list(v, n);
	return (long)n;
}

void jobs_counts(struct jobs *j, long *queued, long *running)
{
	*queued = count_box(j, "new");
	*running = count_box(j, "cur");
}

long jobs_expire(struct jobs *j)
{
	size_t n;
	char **v = list_box(j, "done", &n);
	double now = wall_now();
	long removed = 0;

	for (size_t i = 0; i < n; i++) {
		char *p = path_of(j, "done", v[i], "status"), *st = fs_slurp(p, KV_MAX, NULL);
		double fin = kv_num(st, "finished", 0);

		free(p);
		free(st);
		if (fin > 0 && now - fin >= j->o.ttl) {
			/* out of done/ by a rename first: a reader never sees half a job */
			char *from = path_of(j, "done", v[i], NULL);
			char *name = xasprintf("expired-%s", v[i]);
			char *to = path_of(j, "tmp", name, NULL);

			if (rename(from, to) == 0) {
				remove_dir(to);
				removed++;
			}
			free(from);
			free(name);
			free(to);
		}
	}
	free_list(v, n);
	return removed;
}

/* ---- scoring ---- */

struct chunk {
	const struct model *m;
	const struct normalizer *nz;
	struct score1_work *w[MAX_THREADS];
	const struct jrow *rows;
	const char *arena;
	size_t n;
	float *p;
	uint64_t missing[MAX_THREADS], bad[MAX_THREADS];
	int nonfinite[MAX_THREADS];
	size_t bad_row[MAX_THREADS];
};

static void score_chunks(void *ctx, size_t begin, size_t end, int thread)
{
	struct chunk *c = ctx;
	size_t C = (size_t)c->m->classes.n;

	for (size_t k = begin; k < end; k++) {
		size_t first = k * NET_CHUNK, m = c->n - first < NET_CHUNK ? c->n - first : NET_CHUNK;

		for (size_t i = 0; i < m; i++) {
			const struct jrow *r = &c->rows[first + i];
			struct score1_product sp = { .ntext = r->ntext };
			enum score1_photo st;

			for (size_t t = 0; t < r->ntext; t++) {
				sp.text[t] = c->arena + r->text[t];
				sp.text_len[t] = r->text_len[t];
			}
			if (r->has_tokens) {
				sp.tokens = c->arena + r->tokens;
				sp.tokens_len = r->tokens_len;
			}
			sp.image_path = c->arena + r->image;
			st = score1_featurize(c->m, c->nz, c->w[thread], i, &sp, 0, NULL, NULL, 0);
			if (st == SCORE1_PHOTO_MISSING)
				c->missing[thread]++;
			else if (st == SCORE1_PHOTO_BAD)
				c->bad[thread]++;
			if (!c->nonfinite[thread] && !score1_row_finite(c->m, c->w[thread], i)) {
				c->nonfinite[thread] = 1;
				c->bad_row[thread] = first + i;
			}
		}
		score1_predict(c->m, c->w[thread], m, c->p + first * C);
	}
}

static void put_prob(FILE *fp, float v)
{
	fprintf(fp, "%.6g", (double)v);
}

/* Lines as pc-predict writes them. */
static void write_lines(FILE *fp, const struct model *m, const struct jrow *rows,
			const char *arena, size_t n, const float *p, int top)
{
	int C = m->classes.n, k = top < C ? top : C, order[1024];

	if (k > 1000)
		k = 1000;
	for (size_t i = 0; i < n; i++) {
		const float *pi = p + i * (size_t)C;

		predict_rank(pi, C, order, k);
		tsv_put(fp, arena + rows[i].id, rows[i].id_len);
		tsv_sep(fp);
		tsv_puts(fp, m->classes.name[order[0]]);
		tsv_sep(fp);
		put_prob(fp, pi[order[0]]);
		tsv_sep(fp);
		for (int t = 0; t < k; t++) {
			if (t)
				putc(' ', fp);
			tsv_puts(fp, m->classes.name[order[t]]);
			putc(':', fp);
			put_prob(fp, pi[order[t]]);
		}
		tsv_eol(fp);
	}
}

enum run_result { RUN_DONE, RUN_FAILED, RUN_STOPPED };

struct progress_state {
	uint64_t rows, bytes, missing, unreadable;
	long version;
	double started;
};

static int put_progress(const char *dir, const struct progress_state *ps)
{
	char text[512];

	snprintf(text, sizeof(text), "rows %llu\nbytes %llu\nversion %ld\nmissing %llu\n"
		 "unreadable %llu\nstarted %.3f\n", (unsigned long long)ps->rows,
		 (unsigned long long)ps->bytes, ps->version, (unsigned long long)ps->missing,
		 (unsigned long long)ps->unreadable, ps->started);
	return fs_replace(NULL, dir, "progress", text, strlen(text));
}

static int stopping(struct jobs *j)
{
	int s;

	pthread_mutex_lock(&j->lock);
	s = j->stop;
	pthread_mutex_unlock(&j->lock);
	return s;
}

/* Score the job in cur/ID; why gets the reason of a failure. */
static enum run_result run_job(struct jobs *j, const char *id, char *why, size_t whylen,
			       struct progress_state *ps)
{
	char *dir = path_of(j, "cur", id, NULL), *metap = path_of(j, "cur", id, "meta");
	char *input = path_of(j, "cur", id, "input"), *part = path_of(j, "cur", id, "result.part");
	char *progp = path_of(j, "cur", id, "progress");
	char *meta = fs_slurp(metap, KV_MAX, NULL), *prog = fs_slurp(progp, KV_MAX, NULL);
	char v[64], msg[512];
	struct served_model *sm = NULL;
	struct chunk *c = xcalloc(1, sizeof(*c));
	struct sbuf arena = SBUF_INIT;
	struct jrow *rows = xcalloc(j->o.chunk, sizeof(*rows));
	struct source s = { 0 };
	enum run_result res = RUN_FAILED;
	int tokens, top, threads = j->o.threads, fd = -1, k, opened = 0;
	FILE *fp = NULL;

	why[0] = '\0';
	memset(ps, 0, sizeof(*ps));
	tokens = meta && kv_get(meta, "format", v, sizeof(v)) ? !strcmp(v, "tokens") :
		 looks_like_tokens(input);
	top = (int)kv_num(meta, "top", j->o.default_top);
	if (top < 1)
		top = j->o.default_top;
	if (prog) {
		ps->rows = (uint64_t)kv_num(prog, "rows", 0);
		ps->bytes = (uint64_t)kv_num(prog, "bytes", 0);
		ps->version = (long)kv_num(prog, "version", 0);
		ps->missing = (uint64_t)kv_num(prog, "missing", 0);
		ps->unreadable = (uint64_t)kv_num(prog, "unreadable", 0);
		ps->started = kv_num(prog, "started", 0);
	}
	if (ps->version > 0) {
		/* go on with the model the job started on */
		pc_msg_capture(msg, sizeof(msg));
		sm = models_acquire_version(j->o.models, ps->version);
		pc_msg_capture(NULL, 0);
		if (!sm) {
			pc_warn("job %s: v%ld, which scored its first %llu rows, cannot be loaded: "
				"scoring it again from the start", id, ps->version,
				(unsigned long long)ps->rows);
			memset(ps, 0, sizeof(*ps));
		}
	}
	if (!sm)
		sm = models_acquire(j->o.models);
	ps->version = sm->version;
	if (ps->started <= 0)
		ps->started = wall_now();
	c->m = sm->m;
	c->nz = j->o.nz;
	c->p = xmalloc(j->o.chunk * (size_t)sm->m->classes.n * sizeof(float));
	for (int t = 0; t < threads; t++)
		c->w[t] = models_work_get(j->o.models, sm);

	pc_msg_capture(msg, sizeof(msg));
	msg[0] = '\0';
	if (source_open(&s, input, tokens, j->o.image_root) < 0) {
		pc_msg_capture(NULL, 0);
		clean_message(msg, input, why, whylen);
		goto out;
	}
	opened = 1;
	/* the rows already committed */
	for (uint64_t i = 0; i < ps->rows; i++) {
		sbuf_reset(&arena);
		k = source_next(&s, &arena, &rows[0]);
		if (k <= 0) {
			pc_msg_capture(NULL, 0);
			if (k < 0)
				clean_message(msg, input, why, whylen);
			else
				snprintf(why, whylen, "the input has fewer rows than the progress says");
			goto out;
		}
	}
	pc_msg_capture(NULL, 0);
	fd = open(part, O_WRONLY | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0 || ftruncate(fd, (off_t)ps->bytes) < 0 || lseek(fd, (off_t)ps->bytes, SEEK_SET) < 0 ||
	    !(fp = fdopen(fd, "w"))) {
		snprintf(why, whylen, "cannot write the result: %s", strerror(errno));
		pc_error("job %s: %s", id, why);
		goto out;
	}
	fd = -1;
	if (!ps->bytes) {
		fputs("id\tpred\tprob\ttop\n", fp);
		if (fflush(fp) != 0) {
			snprintf(why, whylen, "cannot write the result: %s", strerror(errno));
			goto out;
		}
		ps->bytes = (uint64_t)ftello(fp);
	}
	for (;;) {
		size_t n = 0;
		int bad = 0;

		sbuf_reset(&arena);
		pc_msg_capture(msg, sizeof(msg));
		while (n < j->o.chunk && (k = source_next(&s, &arena, &rows[n])) > 0)
			n++;
		pc_msg_capture(NULL, 0);
		if (k < 0) {
			clean_message(msg, input, why, whylen);
			goto out;
		}
		if (!n)
			break;
		c->rows = rows;
		c->arena = arena.s;
		c->n = n;
		memset(c->missing, 0, sizeof(c->missing));
		memset(c->bad, 0, sizeof(c->bad));
		memset(c->nonfinite, 0, sizeof(c->nonfinite));
		parallel_for((n + NET_CHUNK - 1) / NET_CHUNK, threads, score_chunks, c);
		for (int t = 0; t < threads; t++) {
			ps->missing += c->missing[t];
			ps->unreadable += c->bad[t];
			if (c->nonfinite[t] && !bad) {
				bad = 1;
				snprintf(why, whylen, "row %s: non-finite feature value",
					 arena.s + rows[c->bad_row[t]].id);
			}
		}
		if (bad)
			goto out;
		write_lines(fp, sm->m, rows, arena.s, n, c->p, top);
		if (fflush(fp) != 0 || fdatasync(fileno(fp)) < 0) {
			snprintf(why, whylen, "cannot write the result: %s", strerror(errno));
			pc_error("job %s: %s", id, why);
			goto out;
		}
		ps->rows += n;
		ps->bytes = (uint64_t)ftello(fp);
		if (put_progress(dir, ps) < 0) {
			snprintf(why, whylen, "cannot record the progress");
			goto out;
		}
		smetrics_add(SC_JOB_PRODUCTS, n);
		if (stopping(j)) {
			res = RUN_STOPPED;
			goto out;
		}
		if (j->o.pause > 0) {
			struct timespec ts = { (time_t)j->o.pause,
					       (long)((j->o.pause - floor(j->o.pause)) * 1e9) };

			nanosleep(&ts, NULL);
		}
	}
	if (fclose(fp) != 0) {
		fp = NULL;
		snprintf(why, whylen, "cannot write the result: %s", strerror(errno));
		goto out;
	}
	fp = NULL;
	{
		char *res_path = path_of(j, "cur", id, "result.tsv");

		if (rename(part, res_path) < 0) {
			snprintf(why, whylen, "cannot rename the result: %s", strerror(errno));
			free(res_path);
			goto out;
		}
		free(res_path);
	}
	res = RUN_DONE;
out:
	if (fp)
		fclose(fp);
	if (fd >= 0)
		close(fd);
	if (opened)
		source_close(&s);
	for (int t = 0; t < threads; t++)
		if (c->w[t])
			models_work_put(j->o.models, sm, c->w[t]);
	models_release(j->o.models, sm);
	free(c->p);
	free(c);
	free(rows);
	sbuf_free(&arena);
	free(dir);
	free(metap);
	free(input);
	free(part);
	free(progp);
	free(meta);
	free(prog);
	return res;
}

/* Move cur/ID to done/ID with its status. */
static void finish(struct jobs *j, const char *id, enum run_result r, const char *why,
		   const struct progress_state *ps)
{
	char *dir = path_of(j, "cur", id, NULL), *to = path_of(j, "done", id, NULL);
	struct sbuf st = SBUF_INIT;

	sbuf_printf(&st, "state %s\nrows %llu\nversion %ld\nmissing %llu\nunreadable %llu\n"
		    "started %.3f\nfinished %.3f\n", r == RUN_DONE ? "done" : "failed",
		    (unsigned long long)ps->rows, ps->version, (unsigned long long)ps->missing,
		    (unsigned long long)ps->unreadable, ps->started, wall_now());
	if (r != RUN_DONE) {
		char *nl;

		sbuf_printf(&st, "error %s\n", why && *why ? why : "failed");
		/* one line */
		while ((nl = strchr(strstr(st.s, "error ") + 6, '\n')) && nl[1])
			*nl = ' ';
	}
	if (fs_replace(NULL, dir, "status", st.s, strlen(st.s)) < 0 || rename(dir, to) < 0)
		pc_error_errno("job %s: cannot move it to done/", id);
	smetrics_add(r == RUN_DONE ? SC_JOBS_DONE : SC_JOBS_FAILED, 1);
	if (r != RUN_DONE)
		pc_warn("job %s failed: %s", id, why && *why ? why : "failed");
	sbuf_free(&st);
	free(dir);
	free(to);
}

/* The next job for a worker: one in flight at the last stop, else the oldest in new/
 * (claimed by renaming it into cur/: one worker wins).  1 with id set, 0 none. */
static int claim(struct jobs *j, char id[JOB_ID_MAX + 1])
{
	size_t n;
	char **v;
	int got = 0;

	pthread_mutex_lock(&j->lock);
	if (j->nrecovered) {
		snprintf(id, JOB_ID_MAX + 1, "%s", j->recovered[0]);
		free(j->recovered[0]);
		memmove(j->recovered, j->recovered + 1, --j->nrecovered * sizeof(*j->recovered));
		got = 1;
	}
	pthread_mutex_unlock(&j->lock);
	if (got)
		return 1;
	v = list_box(j, "new", &n);
	for (size_t i = 0; i < n && !got; i++) {
		char *from = path_of(j, "new", v[i], NULL), *to = path_of(j, "cur", v[i], NULL);

		if (rename(from, to) == 0) {
			snprintf(id, JOB_ID_MAX + 1, "%s", v[i]);
			got = 1;
		}
		free(from);
		free(to);
	}
	free_list(v, n);
	return got;
}

static void maybe_expire(struct jobs *j)
{
	double now = wall_now(), every = j->o.ttl / 4 < 60 ? j->o.ttl / 4 : 60;
	int due;

	if (every < 0.5)
		every = 0.5;
	pthread_mutex_lock(&j->lock);
	due = now - j->last_expire >= every;
	if (due)
		j->last_expire = now;
	pthread_mutex_unlock(&j->lock);
	if (due)
		jobs_expire(j);
}

static void *worker(void *arg)
{
	struct jobs *j = arg;
	char id[JOB_ID_MAX + 1], why[600];
	struct progress_state ps;

	while (!stopping(j)) {
		maybe_expire(j);
		if (claim(j, id)) {
			enum run_result r = run_job(j, id, why, sizeof(why), &ps);

			if (r == RUN_STOPPED)
				break;
			finish(j, id, r, why, &ps);
			continue;
		}
		pthread_mutex_lock(&j->lock);
		if (!j->stop) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&j->wake, &j->lock, &ts);
		}
		pthread_mutex_unlock(&j->lock);
	}
	return NULL;
}

int jobs_start(struct jobs *j)
{
	for (int i = 0; i < j->o.workers; i++) {
		int e = pthread_create(&j->tid[i], NULL, worker, j);

		if (e) {
			errno = e;
			return pc_error_errno("cannot start a job worker");
		}
		j->nthreads++;
	}
	return 0;
}

void jobs_close(struct jobs *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stop = 1;
	pthread_cond_broadcast(&j->wake);
	pthread_mutex_unlock(&j->lock);
	for (int i = 0; i < j->nthreads; i++)
		pthread_join(j->tid[i], NULL);
	free_list(j->recovered, j->nrecovered);
	if (j->lock_fd >= 0)
		close(j->lock_fd);
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->wake);
	free(j->dir);
	free(j);
}
