/* weeks: simulated weeks as a directory of state; see weeks.h. */
#include "weeks/weeks.h"
#include "base/config.h"
#include "base/fsutil.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/rng.h"
#include "base/sbuf.h"
#include "base/stopsig.h"
#include "base/xalloc.h"
#include "formats/csv.h"
#include "image/image.h"
#include "image/jpegio.h"
#include "synth/synth_catalog.h"
#include "weeks/weekops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

void weeks_default_opts(struct weeks_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->weeks = 4;
	o->drift[0] = 0.0;
	o->drift[1] = 0.1;
	o->drift[2] = 0.2;
	o->drift[3] = 0.3;
	o->size = 5000;
	o->seed = 1;
	o->image_size = 500;
	o->threads = 1;
	o->vocab_share = 0.5;
	o->dropout = 0.2;
	o->missing_description = 0.5;
	o->prior_shift = 1.0;
	o->photo_ops = 1;
}

/* ---- small file helpers ---- */

/* Replace the file `name` in `dir` with `text`, atomically. */
static int write_text(const char *dir, const char *name, const char *text)
{
	return fs_replace(NULL, dir, name, text, strlen(text));
}

/* ---- the plan ---- */

struct week_facts {
	long products, drifted;
};

static int write_plan(const char *dir, const struct weeks_opts *o, const struct week_facts *f,
		      long week0)
{
	struct ynode *root = ynode_map(), *drift = ynode_seq(), *facts = ynode_seq();
	char *text;
	size_t len;
	int ret;

	ynode_set(root, "kind", ynode_str("weeks"));
	ynode_set(root, "format", ynode_int(1));
	ynode_set(root, "source", ynode_str(o->from_x ? "catalogue" : "pc-synth"));
	ynode_set(root, "seed", ynode_int((long long)o->seed));
	ynode_set(root, "weeks", ynode_int(o->weeks));
	ynode_set(root, "size", ynode_int(o->size));
	ynode_set(root, "week0_size", ynode_int(week0));
	for (int w = 0; w < o->weeks; w++)
		ynode_push(drift, ynode_num(o->drift[w]));
	ynode_set(root, "drift", drift);
	if (o->from_x) {
		struct ynode *from = ynode_map(), *ops = ynode_map(), *m;

		ynode_set(from, "x", ynode_str(o->from_x));
		ynode_set(from, "y", ynode_str(o->from_y));
		ynode_set(from, "images", ynode_str(o->from_images ? o->from_images : ""));
		ynode_set(root, "from", from);
		m = ynode_map();
		ynode_set(m, "strength", ynode_num(o->prior_shift));
		ynode_set(m, "rising_classes", ynode_str("a quarter, chosen by the seed"));
		ynode_set(ops, "prior_shift", m);
		m = ynode_map();
		ynode_set(m, "share", ynode_num(o->vocab_share));
		ynode_set(ops, "vocabulary", m);
		m = ynode_map();
		ynode_set(m, "rate", ynode_num(o->dropout));
		ynode_set(ops, "token_dropout", m);
		m = ynode_map();
		ynode_set(m, "rate", ynode_num(o->missing_description));
		ynode_set(ops, "missing_description", m);
		m = ynode_map();
		ynode_set(m, "enabled", ynode_bool(o->photo_ops && o->from_images));
		ynode_set(m, "colour_cast", ynode_str("R x0.8 + 30, G x0.8 + 5, B x0.8 - 15"));
		ynode_set(m, "blur", ynode_str("3x3 box"));
		ynode_set(m, "jpeg_quality", ynode_int(40));
		ynode_set(ops, "photos", m);
		ynode_set(root, "operators", ops);
	} else {
		struct ynode *m = ynode_map();

		ynode_set(m, "image_size", ynode_int(o->image_size));
		ynode_set(m, "drift", ynode_str("share of products drawn from the future "
						"(pc-synth --drift)"));
		ynode_set(root, "synth", m);
	}
	for (int w = 0; w < o->weeks; w++) {
		struct ynode *m = ynode_map();

		ynode_set(m, "week", ynode_int(w + 1));
		ynode_set(m, "drift", ynode_num(o->drift[w]));
		ynode_set(m, "products", ynode_int(f[w].products));
		ynode_set(m, "drifted", ynode_int(f[w].drifted));
		ynode_push(facts, m);
	}
	ynode_set(root, "per_week", facts);
	text = ynode_emit(root, &len);
	ynode_free(root);
	if (!text)
		return -1;
	ret = write_text(dir, "weeks.yaml", text);
	free(text);
	return ret;
}

/* ---- weeks from pc-synth ---- */

static int synth_week(const char *tmp, const struct weeks_opts *o, int week, long n,
		      double drift, struct week_facts *f)
{
	struct synth_opts so;
	char *dir = week ? xasprintf("%s/pending/week%d", tmp, week) :
		    xasprintf("%s/week0", tmp);
	int ret;

	synth_opts_default(&so);
	so.n = n;
	so.seed = o->seed;
	so.week = week;
	so.drift = drift;
	so.image_size = o->image_size;
	so.threads = o->threads;
	ret = synth_catalog_write(dir, &so);
	if (ret == 0 && week) {
		char *y = xasprintf("%s/Y.csv", dir), *to = xasprintf("%s/pending/week%d.Y.csv",
								     tmp, week);

		if (rename(y, to) != 0)
			ret = pc_error_errno("cannot move %s", y);
		free(y);
		free(to);
		f->products = n;
		f->drifted = 0;
		for (long i = 0; i < n; i++) {
			struct synth_product p;

			synth_product_plan(&p, &so, i);
			f->drifted += p.future;
		}
	}
	free(dir);
	return ret;
}

/* ---- weeks cut from a catalogue ---- */

struct product {
	char *index, *designation, *description, *productid, *imageid, *label;
};

struct catalogue {
	struct product *p;
	size_t n;
};

static void catalogue_free(struct catalogue *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->p[i].index);
		free(c->p[i].designation);
		free(c->p[i].description);
		free(c->p[i].productid);
		free(c->p[i].imageid);
		free(c->p[i].label);
	}
	free(c->p);
}

static char *field(const struct csv *c, int col)
{
	return xstrndup(csv_field(c, (size_t)col), csv_len(c, (size_t)col));
}

static int cmp_index(const void *a, const void *b)
{
	return strcmp(((const struct product *)a)->index, ((const struct product *)b)->index);
}

/* X.csv and Y.csv joined on their first column. */
static int read_catalogue(const char *xpath, const char *ypath, struct catalogue *cat)
{
	struct csv *x = csv_open(xpath), *y = NULL;
	int cd, cs, cp, ci, cl, k;
	size_t cap = 0, nlab = 0, capl = 0;
	struct product *labels = NULL;

	memset(cat, 0, sizeof(*cat));
	if (!x)
		return -1;
	if ((cd = csv_require_column(x, "designation")) < 0 ||
	    (cs = csv_require_column(x, "description")) < 0 ||
	    (cp = csv_require_column(x, "productid")) < 0 ||
	    (ci = csv_require_column(x, "imageid")) < 0)
		goto fail;
	while ((k = csv_next(x)) > 0) {
		struct product *p;

		xgrow(&cat->p, &cap, cat->n + 1, sizeof(*cat->p));
		p = &cat->p[cat->n++];
		memset(p, 0, sizeof(*p));
		p->index = field(x, 0);
		p->designation = field(x, cd);
		p->description = field(x, cs);
		p->productid = field(x, cp);
		p->imageid = field(x, ci);
	}
	if (k < 0)
		goto fail;
	y = csv_open(ypath);
	if (!y || (cl = csv_require_column(y, "prdtypecode")) < 0)
		goto fail;
	while ((k = csv_next(y)) > 0) {
		xgrow(&labels, &capl, nlab + 1, sizeof(*labels));
		memset(&labels[nlab], 0, sizeof(*labels));
		labels[nlab].index = field(y, 0);
		labels[nlab].label = field(y, cl);
		nlab++;
	}
	if (k < 0)
		goto fail;
	if (nlab)
		qsort(labels, nlab, sizeof(*labels), cmp_index);
	for (size_t i = 0; i < cat->n; i++) {
		struct product key = { .index = cat->p[i].index };
		struct product *l = nlab ? bsearch(&key, labels, nlab, sizeof(*labels),
						   cmp_index) : NULL;

		if (!l) {
			pc_error("%s: product '%s' has no label in %s", xpath, cat->p[i].index, ypath);
			goto fail;
		}
		cat->p[i].label = xstrdup(l->label);
	}
	for (size_t i = 0; i < nlab; i++) {
		free(labels[i].index);
		free(labels[i].label);
	}
	free(labels);
	csv_close(x);
	csv_close(y);
	return 0;
fail:
	for (size_t i = 0; i < nlab; i++) {
		free(labels[i].index);
		free(labels[i].label);
	}
	free(labels);
	csv_close(x);
	csv_close(y);
	catalogue_free(cat);
	return -1;
}

static char *photo_path(const char *images, const struct product *p)
{
	return xasprintf("%s/image_%s_product_%s.jpg", images, p->imageid, p->productid);
}

/* The photo of `p` into `dir`/images: linked or copied, or drifted and re-encoded. */
static int put_photo(const char *from, const char *dir, const struct product *p, int drifted,
		     const struct weekops *ops, struct image *img, struct jpegio_buf *buf)
{
	char *src = photo_path(from, p), *images = xasprintf("%s/images", dir);
	char *dst = photo_path(images, p);
	int ret = 0;

	if (access(src, R_OK) != 0)
		goto out;   /* a product without a photo stays without one */
	if (drifted && ops->photos) {
		if (image_load_jpeg(src, 0, img, NULL) < 0) {
			ret = -1;
			goto out;
		}
		weekops_photo(ops, img);
		ret = jpegio_write_rgb(dst, img->rgb, img->w, img->h, 40, buf);
	} else if (link(src, dst) != 0) {
		FILE *in = fopen(src, "rb"), *out = in ? fopen(dst, "wb") : NULL;
		char b[65536];
		size_t n;

		if (!in || !out) {
			ret = pc_error_errno("cannot copy %s", src);
		} else {
			while ((n = fread(b, 1, sizeof(b), in)) > 0)
				if (fwrite(b, 1, n, out) != n)
					ret = -1;
			if (fclose(out) != 0 || ret < 0)
				ret = pc_error_errno("cannot write %s", dst);
			out = NULL;
		}
		if (in)
			fclose(in);
		if (out)
			fclose(out);
	}
out:
	free(src);
	free(images);
	free(dst);
	return ret;
}

/* Write rows `idx` of the catalogue as a week in `dir` (X.csv, images/) and its labels
 * to `ypath`; drifted ones through the operators. */
static int write_week(const struct catalogue *cat, const size_t *idx, size_t n, int week,
		      double drift, const struct weeks_opts *o, const struct weekops *ops,
		      const char *dir, const char *ypath, struct week_facts *f)
{
	char *xpath = xasprintf("%s/X.csv", dir), *images = xasprintf("%s/images", dir);
	FILE *x = NULL, *y = NULL;
	struct image img = { 0 };
	struct jpegio_buf buf = { 0 };
	struct sbuf t = SBUF_INIT;
	int ret = -1;

	if (fs_mkdir(dir) < 0 || fs_mkdir(images) < 0)
		goto out;
	x = fopen(xpath, "w");
	y = fopen(ypath, "w");
	if (!x || !y) {
		pc_error_errno("cannot write %s", x ? ypath : xpath);
		goto out;
	}
	fputs(",designation,description,productid,imageid\n", x);
	fputs(",prdtypecode\n", y);
	f->products = (long)n;
	f->drifted = 0;
	for (size_t i = 0; i < n && !stopsig_caught(); i++) {
		const struct product *p = &cat->p[idx[i]];
		uint64_t r = weekops_stream(o->seed, week, (uint64_t)idx[i]);
		int drifted = week > 0 && weekops_uniform(&r) < drift;

		csv_puts(x, p->index);
		csv_sep(x);
		if (drifted) {
			sbuf_reset(&t);
			weekops_text(ops, p->designation, strlen(p->designation), &r, &t);
			csv_puts(x, t.s ? t.s : "");
			csv_sep(x);
			sbuf_reset(&t);
			if (weekops_uniform(&r) >= ops->missing_description)
				weekops_text(ops, p->description, strlen(p->description), &r, &t);
			csv_puts(x, t.s ? t.s : "");
			f->drifted++;
		} else {
			csv_puts(x, p->designation);
			csv_sep(x);
			csv_puts(x, p->description);
		}
		csv_sep(x);
		csv_puts(x, p->productid);
		csv_sep(x);
		csv_puts(x, p->imageid);
		csv_eol(x, 0);
		csv_puts(y, p->index);
		csv_sep(y);
		csv_puts(y, p->label);
		csv_eol(y, 0);
		if (o->from_images && put_photo(o->from_images, dir, p, drifted, ops, &img, &buf) < 0)
			goto out;
	}
	ret = stopsig_caught() ? -1 : 0;
out:
	if (x && fclose(x) != 0 && ret == 0)
		ret = pc_error_errno("cannot write %s", xpath);
	if (y && fclose(y) != 0 && ret == 0)
		ret = pc_error_errno("cannot write %s", ypath);
	sbuf_free(&t);
	image_free(&img);
	jpegio_buf_free(&buf);
	free(xpath);
	free(images);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether class `label` rises: a quarter of the classes, by a hash of the seed. */
static int *rising_classes(const struct catalogue *cat, uint64_t seed)
{
	char **names = xcalloc(cat->n + 1, sizeof(*names));
	size_t k = 0, nrise;
	int *rise = xcalloc(cat->n + 1, sizeof(*rise));
	uint64_t *keys;

	for (size_t i = 0; i < cat->n; i++)
		names[i] = cat->p[i].label;
	qsort(names, cat->n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < cat->n; i++)
		if (!k || strcmp(names[i], names[k - 1]))
			names[k++] = names[i];
	/* classes ranked by a keyed hash; the first quarter rise */
	keys = xcalloc(k + 1, sizeof(*keys));
	for (size_t i = 0; i < k; i++) {
		uint64_t r = weekops_stream(seed, 999, 0);

		for (const char *s = names[i]; *s; s++)
			r = weekops_stream(r, (unsigned char)*s, 1);
		keys[i] = r;
	}
	nrise = k / 4 ? k / 4 : 1;
	for (size_t i = 0; i < cat->n; i++) {
		size_t c = 0, rank = 0;

		while (c < k && strcmp(names[c], cat->p[i].label))
			c++;
		for (size_t j = 0; j < k; j++)
			rank += keys[j] < keys[c];
		rise[i] = rank < nrise;
	}
	free(keys);
	free(names);
	return rise;
}

static int from_catalogue(const char *tmp, const struct weeks_opts *o, struct week_facts *facts,
			  long *week0)
{
	struct catalogue cat;
	struct weekops ops = { o->seed, o->vocab_share, o->dropout, o->missing_description,
			       o->prior_shift, o->photo_ops };
	struct rng r;
	size_t *order, *rise_pool, *other_pool, nr = 0, no = 0, ir = 0, io = 0, *idx;
	int *rise, ret = -1;
	long n0 = o->week0_size ? o->week0_size : o->size;
	char *dir, *ypath;

	if (read_catalogue(o->from_x, o->from_y, &cat) < 0)
		return -1;
	if ((size_t)n0 + (size_t)o->size * (size_t)o->weeks > cat.n) {
		pc_error("%s: %zu products, too few for week 0 of %ld and %d weeks of %ld", o->from_x,
			 cat.n, n0, o->weeks, o->size);
		catalogue_free(&cat);
		return -2;
	}
	*week0 = n0;
	order = xcalloc(cat.n + 1, sizeof(*order));
	for (size_t i = 0; i < cat.n; i++)
		order[i] = i;
	rng_seed(&r, o->seed);
	rng_shuffle(&r, order, cat.n, sizeof(*order));
	dir = xasprintf("%s/week0", tmp);
	ypath = xasprintf("%s/week0/Y.csv", tmp);
	ret = write_week(&cat, order, (size_t)n0, 0, 0, o, &ops, dir, ypath, &facts[WEEKS_MAX]);
	free(dir);
	free(ypath);
	rise = rising_classes(&cat, o->seed);
	rise_pool = xcalloc(cat.n + 1, sizeof(*rise_pool));
	other_pool = xcalloc(cat.n + 1, sizeof(*other_pool));
	for (size_t i = (size_t)n0; i < cat.n; i++) {
		if (rise[order[i]])
			rise_pool[nr++] = order[i];
		else
			other_pool[no++] = order[i];
	}
	idx = xcalloc((size_t)o->size + 1, sizeof(*idx));
	for (int w = 1; w <= o->weeks && ret == 0; w++) {
		double d = o->drift[w - 1], pr = (double)(nr - ir) / (double)(nr - ir + no - io);
		double target = pr * (1 - o->prior_shift * d) + o->prior_shift * d;
		size_t kr = (size_t)lround((double)o->size * (target > 1 ? 1 : target < 0 ? 0 : target)),
		       k = 0;

		if (kr > nr - ir)
			kr = nr - ir;
		if ((size_t)o->size - kr > no - io)
			kr = (size_t)o->size - (no - io);
		for (size_t i = 0; i < kr; i++)
			idx[k++] = rise_pool[ir++];
		while (k < (size_t)o->size)
			idx[k++] = other_pool[io++];
		/* not grouped by class within the week */
		rng_shuffle(&r, idx, k, sizeof(*idx));
		dir = xasprintf("%s/pending/week%d", tmp, w);
		ypath = xasprintf("%s/pending/week%d.Y.csv", tmp, w);
		ret = write_week(&cat, idx, k, w, d, o, &ops, dir, ypath, &facts[w - 1]);
		free(dir);
		free(ypath);
	}
	free(idx);
	free(rise);
	free(rise_pool);
	free(other_pool);
	free(order);
	catalogue_free(&cat);
	return ret;
}

/* ---- init ---- */

int weeks_init(const char *dir, const struct weeks_opts *o)
{
	struct week_facts facts[WEEKS_MAX + 1];
	const char *slash = strrchr(dir, '/');
	char *tmp, *p;
	struct stat st;
	long week0 = o->week0_size ? o->week0_size : o->size;
	int ret = 0;

	memset(facts, 0, sizeof(facts));
	if (stat(dir, &st) == 0 && !o->force) {
		pc_error("%s exists (use --force to replace it)", dir);
		return -2;
	}
	tmp = slash ? xasprintf("%.*s/.%s.tmpXXXXXX", (int)(slash - dir), dir, slash + 1) :
	      xasprintf(".%s.tmpXXXXXX", dir);
	/* before the directory exists, so that a signal never leaves it behind */
	stopsig_catch();
	if (!mkdtemp(tmp)) {
		pc_error_errno("cannot create a directory beside %s", dir);
		free(tmp);
		stopsig_release();
		return -2;
	}
	chmod(tmp, 0755);
	for (int i = 0; i < 3 && ret == 0; i++) {
		static const char *const subs[] = { "pending", "inbox", "labels" };

		p = xasprintf("%s/%s", tmp, subs[i]);
		ret = fs_mkdir(p);
		free(p);
	}
	if (ret == 0 && o->from_x) {
		ret = from_catalogue(tmp, o, facts, &week0);
	} else if (ret == 0) {
		ret = synth_week(tmp, o, 0, week0, 0, &facts[WEEKS_MAX]);
		for (int w = 1; w <= o->weeks && ret == 0; w++)
			ret = synth_week(tmp, o, w, o->size, o->drift[w - 1], &facts[w - 1]);
	}
	if (ret == 0 && stopsig_caught())
		ret = -1;
	if (ret == 0)
		ret = write_plan(tmp, o, facts, week0);
	if (ret == 0)
		ret = write_text(tmp, "state", "released 0\nlabelled 0\n");
	if (ret == 0 && stat(dir, &st) == 0) {
		/* --force: the old one goes only once the new one is whole */
		char *old = xasprintf("%s.old", tmp);

		if (rename(dir, old) != 0)
			ret = pc_error_errno("cannot move %s aside", dir);
		else if (rename(tmp, dir) != 0)
			ret = pc_error_errno("cannot rename %s to %s", tmp, dir);
		else
			fs_rmtree(old);
		free(old);
	} else if (ret == 0 && rename(tmp, dir) != 0) {
		ret = pc_error_errno("cannot rename %s to %s", tmp, dir);
	}
	if (ret != 0)
		fs_rmtree(tmp);
	if (stopsig_caught())
		pc_error("interrupted: %s not written", dir);
	free(tmp);
	stopsig_release();	/* dies of the signal */
	return ret;
}

/* ---- state ---- */

struct weeks_state {
	int fd;                    /* the lock */
	int weeks, released, labelled;
	struct config *plan;
};

static int open_state(const char *dir, struct weeks_state *s)
{
	char *p = xasprintf("%s/weeks.yaml", dir), *text = NULL;
	long weeks;
	int ret = -1;
	FILE *fp;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (access(p, R_OK) != 0) {
		pc_error("%s: not a simulation (no weeks.yaml); 'pc-weeks init' makes one", dir);
		free(p);
		return -2;
	}
	s->plan = config_load(p);
	free(p);
	if (!s->plan || config_long(s->plan, "weeks", 0, &weeks) < 0 || weeks < 1 ||
	    weeks > WEEKS_MAX)
		goto out;
	s->weeks = (int)weeks;
	p = xasprintf("%s/lock", dir);
	s->fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (s->fd < 0 || flock(s->fd, LOCK_EX) != 0) {
		pc_error_errno("cannot lock %s", p);
		free(p);
		goto out;
	}
	free(p);
	p = xasprintf("%s/state", dir);
	fp = fopen(p, "r");
	if (!fp || fscanf(fp, "released %d\nlabelled %d\n", &s->released, &s->labelled) != 2 ||
	    s->released < 0 || s->labelled < 0 || s->labelled > s->released ||
	    s->released > s->weeks) {
		pc_error("%s: damaged (expected 'released N' and 'labelled M')", p);
		if (fp)
			fclose(fp);
		free(p);
		goto out;
	}
	fclose(fp);
	free(p);
	ret = 0;
out:
	free(text);
	if (ret < 0) {
		config_free(s->plan);
		if (s->fd >= 0)
			close(s->fd);
	}
	return ret;
}

static void close_state(struct weeks_state *s)
{
	config_free(s->plan);
	if (s->fd >= 0)
		close(s->fd);
}

static int save_state(const char *dir, const struct weeks_state *s)
{
	char *text = xasprintf("released %d\nlabelled %d\n", s->released, s->labelled);
	int ret = write_text(dir, "state", text);

	free(text);
	return ret;
}

/* Move `from` to `to`; a move already made (a crash before the state was saved) is
 * found done. */
static int move(const char *from, const char *to)
{
	if (rename(from, to) == 0)
		return 0;
	if (errno == ENOENT && access(to, F_OK) == 0)
		return 0;
	return pc_error_errno("cannot move %s to %s", from, to);
}

/* Release the next week's products (labels 0) or labels (labels 1): the checks of the
 * order, the move, the state. */
static int release(const char *dir, int week, int labels, int *out)
{
	struct weeks_state s;
	int *done, n, ret;

	ret = open_state(dir, &s);
	if (ret < 0)
		return ret;
	done = labels ? &s.labelled : &s.released;
	*out = *done;
	if (week > 0 && week <= *done) {
		close_state(&s);
		return 0;
	}
	n = *done + 1;
	ret = -2;
	if (!labels && s.released > s.labelled)
		pc_error("%s: week %d is in the inbox and its labels are not released: run "
			 "'pc-weeks labels' first", dir, s.released);
	else if (!labels && n > s.weeks)
		pc_error("%s: all %d weeks are released", dir, s.weeks);
	else if (labels && s.released == s.labelled)
		pc_error("%s: no week waits for its labels (week %d is labelled): run 'pc-weeks "
			 "next' first", dir, s.labelled);
	else if (week > 0 && week != n)
		pc_error(labels ? "%s: the labels of week %d cannot be released: week %d is in the "
			 "inbox" : "%s: week %d cannot be released: week %d is next", dir, week, n);
	else
		ret = 0;
	if (ret == 0) {
		char *from = labels ? xasprintf("%s/pending/week%d.Y.csv", dir, n) :
			     xasprintf("%s/pending/week%d", dir, n);
		char *to = labels ? xasprintf("%s/labels/week%d.csv", dir, n) :
			   xasprintf("%s/inbox/week%d", dir, n);

		ret = move(from, to);
		free(from);
		free(to);
		if (ret == 0) {
			*done = n;
			ret = save_state(dir, &s);
			*out = n;
		}
	}
	close_state(&s);
	return ret;
}

int weeks_next(const char *dir, int week, int *released)
{
	return release(dir, week, 0, released);
}

int weeks_labels(const char *dir, int week, int *labelled)
{
	return release(dir, week, 1, labelled);
}

int weeks_status(const char *dir, FILE *out)
{
	struct weeks_state s;
	const struct ynode *per;
	long week0 = 0;
	int ret = open_state(dir, &s);

	if (ret < 0)
		return ret;
	config_long(s.plan, "week0_size", 0, &week0);
	fputs("week\tdrift\tproducts\tdrifted\tstate\tproducts_path\tlabels_path\n", out);
	fprintf(out, "0\t0\t%ld\t0\ttraining\t%s/week0\t%s/week0/Y.csv\n", week0, dir, dir);
	per = config_node(s.plan, "per_week");
	for (int w = 1; w <= s.weeks; w++) {
		const struct ynode *m = per && per->kind == YAML_SEQ && (size_t)w <= per->n ?
					per->items[w - 1] : NULL;
		const struct ynode *d = ynode_get(m, "drift"), *np = ynode_get(m, "products"),
				   *nd = ynode_get(m, "drifted");
		const char *state = w <= s.labelled ? "labelled" : w <= s.released ? "inbox" :
				    "pending";

		fprintf(out, "%d\t%s\t%s\t%s\t%s\t%s/%s/week%d\t", w, d ? d->scalar : "",
			np ? np->scalar : "", nd ? nd->scalar : "", state, dir,
			w <= s.released ? "inbox" : "pending", w);
		if (w <= s.labelled)
			fprintf(out, "%s/labels/week%d.csv", dir, w);
		fputc('\n', out);
	}
	close_state(&s);
	return 0;
}
