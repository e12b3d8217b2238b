/* synth_catalog: the synthetic catalogue as a directory; see synth_catalog.h. */
#include "synth/synth_catalog.h"
#include "formats/csv.h"
#include "image/jpegio.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "base/progress.h"
#include "base/rng.h"
#include "base/sbuf.h"
#include "base/stopsig.h"
#include "synth/synth_class.h"
#include "synth/synth_scene.h"
#include "synth/synth_text.h"
#include "base/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 8 /* products a worker takes at a time */

void synth_opts_default(struct synth_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->n = 1000;
	o->seed = 1;
	o->image_size = 500;
	o->quality = 85;
	o->threads = 1;
}

/* ---- ids: a keyed 4-round Feistel permutation of 32-bit values ---- */

static uint32_t feistel32(uint64_t key, uint32_t x)
{
	uint32_t l = x >> 16, r = x & 0xffff;

	for (int round = 0; round < 4; round++) {
		uint64_t h = (r + key + (uint64_t)round * 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
		uint32_t f = (uint32_t)(h >> 48);
		uint32_t t = r;

		r = l ^ f;
		l = t;
	}
	return (l << 16) | r;
}

/* Below `limit` by cycle walking, which keeps the map one-to-one. */
static uint32_t permute_below(uint64_t key, uint32_t x, uint32_t limit)
{
	do
		x = feistel32(key, x);
	while (x >= limit);
	return x;
}

/* The real ids: products up to about 4.3e9, images up to about 1.4e9. */
#define PRODUCTID_LIMIT 4294000000u
#define IMAGEID_LIMIT 1400000000u

void synth_product_plan(struct synth_product *p, const struct synth_opts *o, long i)
{
	struct rng week, r, sub;
	uint64_t base, key;
	uint32_t slot = (uint32_t)((uint64_t)o->week << 22 | (uint64_t)i);
	double prior[SYNTH_NCLASS];

	memset(p, 0, sizeof(*p));
	rng_stream(&week, o->seed, (uint64_t)o->week);
	base = rng_u64(&week);
	rng_stream(&r, base, (uint64_t)i);

	/* ids are keyed by the seed alone so that weeks never collide */
	rng_stream(&sub, o->seed, UINT64_MAX);
	key = rng_u64(&sub);
	p->productid = permute_below(key, slot, PRODUCTID_LIMIT);
	p->imageid = permute_below(key ^ 0x5a5a5a5a5a5a5a5aULL, slot, IMAGEID_LIMIT);

	p->future = rng_uniform(&r) < o->drift;
	synth_class_priors(prior, p->future);
	p->cls = (int)rng_choose(&r, prior, SYNTH_NCLASS);
	p->label = p->cls;
	if (rng_uniform(&r) < SYNTH_LABEL_NOISE) {
		/* sellers mostly slip to a neighbouring category */
		enum synth_group g = synth_classes[p->cls].group;
		int k;

		do
			k = (int)rng_below(&r, SYNTH_NCLASS);
		while (k == p->cls || (g != SYNTH_G_NONE && synth_classes[k].group != g &&
				       rng_uniform(&r) < 0.6));
		p->label = k;
	}
	rng_split(&sub, &r, 1);
	memcpy(p->text_seed, sub.s, sizeof(sub.s));
	rng_split(&sub, &r, 2);
	memcpy(p->image_seed, sub.s, sizeof(sub.s));
}

void synth_product_photo(const struct synth_product *p, const struct synth_opts *o, uint8_t *rgb)
{
	struct canvas cv = { rgb, o->image_size, o->image_size };
	struct rng r;

	memcpy(r.s, p->image_seed, sizeof(r.s));
	synth_scene_paint(&cv, p->cls, p->future, &r);
}

/* ---- interruption (stopsig.h): workers stop, the partial directory is removed ---- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

static void remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- the images, on all threads ---- */

struct work {
	const struct synth_opts *o;
	const char *dir;
	_Atomic long next;
	_Atomic long done;
	_Atomic int failed;
};

static void image_worker(void *ctx, size_t begin, size_t end, int thread)
{
	struct work *w = ctx;
	size_t px = (size_t)w->o->image_size * (size_t)w->o->image_size * 3;
	uint8_t *rgb = xmalloc(px);
	struct jpegio_buf jb = { 0 };
	struct sbuf path = SBUF_INIT;
	struct progress pr;
	long last = 0;

	(void)begin;
	(void)end;
	if (thread == 0)
		progress_start(&pr, "photos", (uint64_t)w->o->n);
	for (;;) {
		long i0 = atomic_fetch_add(&w->next, CHUNK);

		if (i0 >= w->o->n || stopsig_caught() || atomic_load(&w->failed))
			break;
		for (long i = i0; i < i0 + CHUNK && i < w->o->n; i++) {
			struct synth_product p;

			synth_product_plan(&p, w->o, i);
			synth_product_photo(&p, w->o, rgb);
			sbuf_reset(&path);
			sbuf_printf(&path, "%s/images/image_%llu_product_%llu.jpg", w->dir,
				    (unsigned long long)p.imageid, (unsigned long long)p.productid);
			if (jpegio_write_rgb(path.s, rgb, w->o->image_size, w->o->image_size,
					     w->o->quality, &jb) < 0) {
				atomic_store(&w->failed, 1);
				break;
			}
		}
		atomic_fetch_add(&w->done, CHUNK);
		if (thread == 0) {
			long d = atomic_load(&w->done);

			d = d > w->o->n ? w->o->n : d;
			progress_add(&pr, (uint64_t)(d - last));
			last = d;
		}
	}
	if (thread == 0)
		progress_end(&pr);
	sbuf_free(&path);
	jpegio_buf_free(&jb);
	free(rgb);
}

/* ---- the CSV files ---- */

static int write_csvs(const char *dir, const struct synth_opts *o)
{
	struct outfile x, y;
	struct synth_text t = { SBUF_INIT, SBUF_INIT };
	struct sbuf px = SBUF_INIT, py = SBUF_INIT;
	int ret = -1;

	sbuf_printf(&px, "%s/X.csv", dir);
	sbuf_printf(&py, "%s/Y.csv", dir);
	if (outfile_open(&x, px.s) < 0)
		goto out;
	if (outfile_open(&y, py.s) < 0) {
		outfile_abort(&x);
		goto out;
	}
	fputs(",designation,description,productid,imageid\n", x.fp);
	fputs(",prdtypecode\n", y.fp);
	for (long i = 0; i < o->n && !stopsig_caught(); i++) {
		struct synth_product p;
		struct rng r;

		synth_product_plan(&p, o, i);
		memcpy(r.s, p.text_seed, sizeof(r.s));
		synth_text_make(&t, p.cls, p.future, &r);
		fprintf(x.fp, "%ld,", i);
		csv_put(x.fp, t.title.s, t.title.len);
		csv_sep(x.fp);
		csv_put(x.fp, t.desc.s, t.desc.len);
		fprintf(x.fp, ",%llu,%llu\n", (unsigned long long)p.productid,
			(unsigned long long)p.imageid);
		fprintf(y.fp, "%ld,%d\n", i, synth_classes[p.label].code);
	}
	if (stopsig_caught()) {
		outfile_abort(&x);
		outfile_abort(&y);
		goto out;
	}
	if (outfile_commit(&x) < 0) {
		outfile_abort(&y);
		goto out;
	}
	ret = outfile_commit(&y);
out:
	synth_text_free(&t);
	sbuf_free(&px);
	sbuf_free(&py);
	return ret;
}

/* ---- the directory ---- */

/* 1 if `dir` exists and holds anything, 0 if absent or empty, -1 if not a directory (a
 * symbolic link that leads nowhere included: renaming onto it would fail at the end), -2
 * with errno set if the path cannot be looked up (too long, a loop of links). */
static int dir_state(const char *dir)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int full = 0;

	if (stat(dir, &st) != 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			return -2;
		return lstat(dir, &st) == 0 ? -1 : 0;
	}
	if (!S_ISDIR(st.st_mode))
		return -1;
	d = opendir(dir);
	if (!d)
		return 1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			full = 1;
			break;
		}
	closedir(d);
	return full;
}

/* The hidden sibling: "parent/.base.tmpXXXXXX", the base shortened when a legal name
 * would be too long with the decoration. */
static char *tmp_sibling(const char *dir, const char *what)
{
	char *copy = xstrdup(dir), *slash, *p, *base;
	size_t n = strlen(copy), room = NAME_MAX - 2 - strlen(what) - 6;

	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	slash = strrchr(copy, '/');
	base = slash ? slash + 1 : copy;
	if (strlen(base) > room)
		base[room] = '\0';
	if (slash)
		p = xasprintf("%.*s/.%s.%sXXXXXX", (int)(slash - copy), copy, base, what);
	else
		p = xasprintf(".%s.%sXXXXXX", base, what);
	free(copy);
	return p;
}

static int put_in_place(const char *tmp, const char *dir, int force)
{
	char *old;

	if (rename(tmp, dir) == 0)
		return 0;
	if (!force || (errno != ENOTEMPTY && errno != EEXIST))
		return pc_error_errno("cannot rename %s to %s", tmp, dir);
	/* the old catalogue steps aside only now that the new one is complete */
	old = tmp_sibling(dir, "old");
	if (!mkdtemp(old) || rmdir(old) != 0 || rename(dir, old) != 0) {
		pc_error_errno("cannot move %s aside", dir);
		free(old);
		return -1;
	}
	if (rename(tmp, dir) != 0) {
		pc_error_errno("cannot rename %s to %s", tmp, dir);
		rename(old, dir);
		free(old);
		return -1;
	}
	remove_tree(old);
	free(old);
	return 0;
}

int synth_catalog_write(const char *dir, const struct synth_opts *o)
{
	struct work w = { .o = o };
	char *tmp, *images;
	int st = dir_state(dir), ret = -1;
	mode_t mask;

	if (st == -2) {
		pc_error_errno("cannot create %s", dir);
		return -2;
	}
	if (st < 0) {
		pc_error("%s exists and is not a directory", dir);
		return -2;
	}
	if (st > 0 && !o->force) {
		pc_error("%s exists and is not empty (use --force to replace it)", dir);
		return -2;
	}
	tmp = tmp_sibling(dir, "tmp");
	/* before the directory exists, so that a signal never leaves it behind */
	stopsig_catch();
	if (!mkdtemp(tmp)) {
		/* a path that cannot be made is bad usage; a full disk or an I/O error is not */
		int bad_path = errno == ENOENT || errno == ENOTDIR || errno == EACCES ||
			       errno == EPERM || errno == EROFS || errno == ELOOP ||
			       errno == ENAMETOOLONG;

		pc_error_errno("cannot create %s", dir);
		free(tmp);
		stopsig_release();
		return bad_path ? -2 : -1;
	}
	mask = umask(0);
	umask(mask);
	chmod(tmp, 0777 & ~mask);
	images = xasprintf("%s/images", tmp);
	if (stopsig_caught())
		goto out;
	if (mkdir(images, 0777) != 0) {
		pc_error_errno("cannot create %s", images);
		goto out;
	}
	if (write_csvs(tmp, o) < 0)
		goto out;
	w.dir = tmp;
	parallel_for((size_t)o->threads, o->threads, image_worker, &w);
	if (atomic_load(&w.failed) || stopsig_caught())
		goto out;
	ret = put_in_place(tmp, dir, o->force);
out:
	if (ret < 0)
		remove_tree(tmp);
	if (stopsig_caught())
		pc_error("interrupted: %s not written", dir);
	free(images);
	free(tmp);
	stopsig_release();	/* dies of the signal, unless a caller catches it too */
	return ret;
}
