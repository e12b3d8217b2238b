/* Unit tests for the fusion network (gradients against finite differences, determinism,
 * learning a separable problem), the model archive round trip, models written before, and
 * the refusal of archives whose manifest, entries or sizes do not agree. */
#include "model/model.h"
#include "model/net.h"
#include "base/msg.h"
#include "base/rng.h"
#include "base/xalloc.h"
#include "formats/npy.h"

#include "../testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <math.h>
#include <sys/resource.h>

#define N 8
#define S 16
#define D 5
#define C 3

/* A small dataset: sparse rows of 3 indices, dense rows, labels from both. */
static struct dataset *make_data(uint64_t seed)
{
	struct dataset *d = xcalloc(1, sizeof(*d));
	struct rng r;

	rng_seed(&r, seed);
	d->n = N;
	d->h.dense = D;
	d->h.sparse = S;
	d->h.featurizer = xstrdup("");
	d->h.spec = xstrdup("");
	d->dense = xcalloc(N * D, sizeof(float));
	d->sp_off = xcalloc(N + 1, sizeof(uint64_t));
	d->sp_idx = xcalloc(N * 3, sizeof(uint32_t));
	d->sp_val = xcalloc(N * 3, sizeof(float));
	d->y = xcalloc(N, sizeof(int));
	d->id = xcalloc(N, sizeof(char *));
	d->label = xcalloc(N, sizeof(char *));
	for (size_t i = 0; i < N; i++) {
		d->y[i] = (int)(i % C);
		for (int k = 0; k < D; k++)
			d->dense[i * D + k] = (float)(rng_normal(&r) + (k == d->y[i] ? 2.0 : 0.0));
		for (int e = 0; e < 3; e++) {
			d->sp_idx[i * 3 + e] = (uint32_t)(e * 5 + (int)((i + (size_t)e) % 5));
			d->sp_val[i * 3 + e] = (float)(0.3 + 0.2 * e);
		}
		d->sp_off[i + 1] = (i + 1) * 3;
		d->id[i] = xasprintf("r%zu", i);
		d->label[i] = xasprintf("%d", d->y[i]);
	}
	return d;
}

/* The softmax loss from the predicted probabilities: net_loss checked against them. */
static double softmax_loss(const struct net *n, const struct dataset *d, const size_t *idx)
{
	float p[N * C];
	double loss = 0;

	net_predict(n, d, idx, N, p, 1);
	for (size_t j = 0; j < N; j++)
		loss -= log((double)p[j * C + d->y[idx[j]]]);
	return loss / N;
}

static const struct net_spec spec = { S, D, 3, 4, 4, C };

/* The gradients of loss `_i` (net_loss enum order) against finite differences. */
START_TEST(test_gradients_match_finite_differences)
{
	struct dataset *d = make_data(3);
	size_t idx[N];
	struct net *n = net_new(&spec, 7), *before = net_new(&spec, 7);
	struct net_train_opts o = { 0 };
	struct net_trainer *t;
	int checked = 0;

	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	/* non-zero text weights, so every path carries gradient */
	for (size_t i = 0; i < S * 3; i++)
		n->t[n->text_w].w[i] = (float)(0.1 * sin((double)i));
	net_fit_scaler(n, d, idx, N);
	net_copy_weights(before, n);
	o.opt = NET_SGD;
	o.lr = 1.0f;
	o.threads = 1;
	o.loss = (enum net_loss)_i;
	if (o.loss == NET_SOFTMAX)
		ck_assert_double_eq_tol(net_loss(n, d, idx, N, &o), softmax_loss(n, d, idx), 1e-5);
	else
		ck_assert_double_gt(net_loss(n, d, idx, N, &o), 0.0);
	t = net_trainer_new(n, &o);
	net_train_batch(t, d, idx, N, 1, 1.0f);
	/* with plain SGD at rate 1 the step is the gradient */
	for (int k = 0; k < n->nt; k++) {
		size_t sz = n->t[k].rows * n->t[k].cols;

		for (size_t i = 0; i < sz; i += (sz > 40 ? 7 : 1)) {
			double g = (double)before->t[k].w[i] - (double)n->t[k].w[i];
			float keep = before->t[k].w[i];
			double lp, lm, fd, h = 1e-3;

			before->t[k].w[i] = keep + (float)h;
			lp = net_loss(before, d, idx, N, &o);
			before->t[k].w[i] = keep - (float)h;
			lm = net_loss(before, d, idx, N, &o);
			before->t[k].w[i] = keep;
			fd = (lp - lm) / (2 * h);
			ck_assert_msg(fabs(fd - g) <= 3e-3 + 2e-2 * fabs(fd),
				      "loss %d: %s[%zu]: analytic %g, numeric %g", _i, n->t[k].name, i,
				      g, fd);
			checked++;
		}
	}
	ck_assert_int_gt(checked, 40);
	net_trainer_free(t);
	net_free(n);
	net_free(before);
	dataset_free(d);
}
END_TEST

static struct net *train(const struct dataset *d, int threads, int epochs, float dropout)
{
	struct net *n = net_new(&spec, 11);
	struct net_train_opts o = { 0 };
	struct net_trainer *t;
	size_t idx[N];

	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	net_fit_scaler(n, d, idx, N);
	o.opt = NET_ADAM;
	o.lr = 0.01f;
	o.beta1 = 0.9f;
	o.beta2 = 0.999f;
	o.eps = 1e-8f;
	o.dropout = dropout;
	o.seed = 5;
	o.threads = threads;
	t = net_trainer_new(n, &o);
	for (int e = 1; e <= epochs; e++)
		net_train_batch(t, d, idx, N, e, o.lr);
	net_trainer_free(t);
	return n;
}

START_TEST(test_training_learns_and_is_deterministic)
{
	struct dataset *d = make_data(4);
	struct net *a = train(d, 1, 100, 0.2f), *b = train(d, 3, 100, 0.2f);
	struct net *c = train(d, 2, 500, 0.0f);
	size_t idx[N];
	float p[N * C];

	for (int k = 0; k < a->nt; k++)
		ck_assert_int_eq(memcmp(a->t[k].w, b->t[k].w,
					a->t[k].rows * a->t[k].cols * sizeof(float)), 0);
	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	/* every training row ends up predicted right */
	net_predict(c, d, idx, N, p, 2);
	for (size_t j = 0; j < N; j++)
		for (int k = 0; k < C; k++)
			if (k != d->y[j])
				ck_assert_float_gt(p[j * C + d->y[j]], p[j * C + k]);
	net_free(c);
	net_free(a);
	net_free(b);
	dataset_free(d);
}
END_TEST

START_TEST(test_model_roundtrip)
{
	struct dataset *d = make_data(5);
	struct net *n = train(d, 1, 20, 0.0f);
	char *dir = tu_tmpdir(), *path = tu_path(dir, "m.pcm");
	struct classes c = { NULL, 0 };
	struct model *m;
	size_t idx[N];
	float p[N * C], q[N * C];

	classes_from(&c, d);
	ck_assert_int_eq(c.n, C);
	ck_assert_int_eq(model_write(path, n, &c, NULL, "", NULL), 0);
	m = model_read(path);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->classes.n, C);
	ck_assert_str_eq(m->classes.name[2], "2");
	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	net_predict(n, d, idx, N, p, 1);
	net_predict(m->net, d, idx, N, q, 1);
	ck_assert_int_eq(memcmp(p, q, sizeof(p)), 0);
	model_free(m);
	/* a flipped byte anywhere is caught by the archive's digests */
	{
		size_t len;
		char *bytes = tu_read_file(path, &len);

		bytes[len / 2] ^= 0x5a;
		tu_write_file(path, bytes, len);
		free(bytes);
		ck_assert_ptr_null(model_read(path));
	}
	classes_free(&c);
	net_free(n);
	dataset_free(d);
	free(path);
	tu_rmdir(dir);
}
END_TEST

/* ---- model archives that must be refused, crafted with libarchive ---- */

struct centry {
	const char *name;
	const void *data;
	size_t len;
	size_t zeros;		/* then this many zero bytes, streamed: never in memory */
};

static const unsigned char zero_chunk[1 << 16];

static void centry_hash(const struct centry *e, char hex[DIGEST_HEX_LEN + 1])
{
	struct digest d;

	digest_init(&d);
	digest_update(&d, e->data, e->len);
	for (size_t z = e->zeros; z; ) {
		size_t n = z < sizeof(zero_chunk) ? z : sizeof(zero_chunk);

		digest_update(&d, zero_chunk, n);
		z -= n;
	}
	digest_final(&d, hex);
}

static void centry_write(struct archive *a, const char *name, const void *data, size_t len,
			 size_t zeros)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)(len + zeros));
	ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
	if (len)
		ck_assert_int_eq(archive_write_data(a, data, len), (la_ssize_t)len);
	while (zeros) {
		size_t n = zeros < sizeof(zero_chunk) ? zeros : sizeof(zero_chunk);

		ck_assert_int_eq(archive_write_data(a, zero_chunk, n), (la_ssize_t)n);
		zeros -= n;
	}
	archive_entry_free(e);
}

/* A zstd tar of the entries with SHA256SUMS listing all but `unlisted` (NULL: none), first
 * or (as archives were written before) last. */
static void craft_model(const char *path, const struct centry *e, size_t n, int sums_last,
			const char *unlisted)
{
	struct archive *a = archive_write_new();
	char *sums = xstrdup(""), hex[DIGEST_HEX_LEN + 1];

	for (size_t i = 0; i < n; i++) {
		char *s;

		if (unlisted && !strcmp(e[i].name, unlisted))
			continue;
		centry_hash(&e[i], hex);
		s = xasprintf("%s%s  %s\n", sums, hex, e[i].name);
		free(sums);
		sums = s;
	}
	ck_assert_int_eq(archive_write_set_format_ustar(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_add_filter_zstd(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	if (!sums_last)
		centry_write(a, "SHA256SUMS", sums, strlen(sums), 0);
	for (size_t i = 0; i < n; i++)
		centry_write(a, e[i].name, e[i].data, e[i].len, e[i].zeros);
	if (sums_last)
		centry_write(a, "SHA256SUMS", sums, strlen(sums), 0);
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	free(sums);
}

/* The entries of a freshly written model, to craft from. */
struct fixture {
	char *dir, *path;
	struct pcm *m;
	struct centry e[32];
	size_t n;
	struct dataset *d;
	struct net *net;
};

static void fixture_make(struct fixture *f)
{
	struct classes c = { NULL, 0 };

	f->d = make_data(5);
	f->net = train(f->d, 1, 20, 0.0f);
	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "m.pcm");
	classes_from(&c, f->d);
	ck_assert_int_eq(model_write(f->path, f->net, &c, NULL, "", NULL), 0);
	classes_free(&c);
	f->m = pcm_read(f->path);
	ck_assert_ptr_nonnull(f->m);
	ck_assert_uint_le(f->m->n, sizeof(f->e) / sizeof(f->e[0]) - 1);
	f->n = f->m->n;
	for (size_t i = 0; i < f->n; i++) {
		f->e[i].name = f->m->entries[i].name;
		f->e[i].data = f->m->entries[i].data;
		f->e[i].len = f->m->entries[i].len;
		f->e[i].zeros = 0;
	}
	ck_assert_str_eq(f->e[0].name, "MANIFEST.yaml");
}

static void fixture_free(struct fixture *f)
{
	pcm_free(f->m);
	net_free(f->net);
	dataset_free(f->d);
	free(f->path);
	tu_rmdir(f->dir);
}

static struct centry *fixture_get(struct fixture *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->e[i].name, name))
			return &f->e[i];
	ck_abort_msg("no entry %s", name);
	return NULL;
}

static long maxrss_kb(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return u.ru_maxrss;
}

static char lastmsg[4096];

/* model_read of the crafted archive refuses it with `what`, in less than `kb` of new peak
 * memory (0: unchecked). */
static void expect_refused(struct fixture *f, const struct centry *e, size_t n, int sums_last,
			   const char *unlisted, const char *what, long kb)
{
	char *path = tu_path(f->dir, "bad.pcm");
	struct model *m;
	long before;

	craft_model(path, e, n, sums_last, unlisted);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	before = maxrss_kb();
	m = model_read(path);
	pc_msg_capture(NULL, 0);
	ck_assert_msg(m == NULL, "accepted, expected '%s'", what);
	ck_assert_msg(strstr(lastmsg, what) != NULL, "got '%s', expected '%s'", lastmsg, what);
	ck_assert_msg(strstr(lastmsg, "/bad.pcm: ") != NULL, "no file name in '%s'", lastmsg);
	ck_assert_msg(strchr(lastmsg, '\n') == lastmsg + strlen(lastmsg) - 1, "not one line: '%s'",
		      lastmsg);
	if (kb)
		ck_assert_msg(maxrss_kb() - before < kb, "refusing took %ld KB more peak memory",
			      maxrss_kb() - before);
	free(path);
}

/* A copy of the manifest with `from` replaced by `to`. */
static char *manifest_with(struct fixture *f, const char *from, const char *to)
{
	const char *text = f->e[0].data, *at = strstr(text, from);

	ck_assert_msg(at != NULL, "no '%s' in the manifest", from);
	return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* Models written before SHA256SUMS came first (it was last, and the manifest listed the
 * entries' digests) still load, and predict the same. */
START_TEST(test_model_old_layout_loads)
{
	struct fixture f;
	struct centry e[32];
	char *path, *text, hex[DIGEST_HEX_LEN + 1];
	struct model *m, *cur;
	size_t idx[N];
	float p[N * C], q[N * C];

	fixture_make(&f);
	memcpy(e, f.e, sizeof(e));
	text = xstrdup((const char *)f.e[0].data);
	for (size_t i = 1; i < f.n; i++) {
		char *t;

		centry_hash(&f.e[i], hex);
		t = xasprintf("%s%s  %s: '%s'\n", text, i == 1 ? "entries:\n" : "", f.e[i].name, hex);
		free(text);
		text = t;
	}
	e[0].data = text;
	e[0].len = strlen(text);
	path = tu_path(f.dir, "old.pcm");
	craft_model(path, e, f.n, 1, NULL);
	m = model_read(path);
	ck_assert_ptr_nonnull(m);
	cur = model_read(f.path);
	ck_assert_ptr_nonnull(cur);
	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	net_predict(m->net, f.d, idx, N, p, 1);
	net_predict(cur->net, f.d, idx, N, q, 1);
	ck_assert_int_eq(memcmp(p, q, sizeof(p)), 0);
	model_free(m);
	model_free(cur);
	free(text);
	free(path);
	fixture_free(&f);
}
END_TEST

/* An .npy entry of the given shape and data, malloc'd into *len bytes. */
static unsigned char *npy_entry(enum npy_dtype t, int ndim, const uint64_t *shape,
				const void *data, size_t nbytes, size_t *len)
{
	size_t hlen;
	char *hdr = npy_header(t, ndim, shape, &hlen);
	unsigned char *buf = xmalloc(hlen + nbytes);

	memcpy(buf, hdr, hlen);
	memcpy(buf + hlen, data, nbytes);
	free(hdr);
	*len = hlen + nbytes;
	return buf;
}

/* Models of format 1 stored the text embedding's non-zero rows whole (net/text_w.values.npy,
 * rows x text_hidden, beside the rows' indices, net/text_w.rows.npy, int64); format 2
 * stored its non-zero weights as format 3 does, with those indices for the rows where
 * format 3 has a bitmap (net/text_w.rowmask.npy).  Both still load, and predict the same. */
START_TEST(test_model_older_formats_load)
{
	int format = _i + 1;
	struct fixture f;
	struct centry e[32];
	struct model *m, *cur;
	const struct spemb *sp;
	char *path, *text, from[32];
	unsigned char *values = NULL, *rows;
	uint64_t shape[2];
	size_t n = 0, at = 0, nrows = 0, idx[N], vlen = 0, rlen;
	float p[N * C], q[N * C], *v;
	int64_t *r;

	fixture_make(&f);
	cur = model_read(f.path);
	ck_assert_ptr_nonnull(cur);
	sp = cur->net->text_sp;
	ck_assert_ptr_nonnull(sp);
	ck_assert_ptr_nonnull(sp->rowbits);
	r = xcalloc(sp->n + 1, sizeof(*r));
	for (uint32_t row = 0; row < sp->width; row++)
		if (sp->rowbits[row / 8] & (1u << (row % 8)))
			r[nrows++] = row;
	ck_assert_uint_eq(nrows, sp->n);
	ck_assert_uint_gt(nrows, 1);
	shape[0] = nrows;
	rows = npy_entry(NPY_I8, 1, shape, r, nrows * sizeof(*r), &rlen);
	if (format == 1) {
		v = xcalloc(sp->n * sp->cols + 1, sizeof(*v));
		for (size_t j = 0; j < sp->n; j++)
			for (uint32_t k = 0; k < sp->cols; k++)
				if (sp->mask[j * sp->mbytes + k / 8] & (1u << (k % 8)))
					v[j * sp->cols + k] = sp->val[at++];
		ck_assert_uint_eq(at, sp->nval);
		shape[1] = sp->cols;
		values = npy_entry(NPY_F4, 2, shape, v, sp->n * sp->cols * sizeof(*v), &vlen);
		free(v);
	}
	snprintf(from, sizeof(from), "format: %d\n", format);
	text = manifest_with(&f, "format: 3\n", from);
	for (size_t i = 0; i < f.n; i++) {
		if (format == 1 && !strcmp(f.e[i].name, "net/text_w.mask.npy"))
			continue;
		e[n] = f.e[i];
		if (!strcmp(e[n].name, "net/text_w.rowmask.npy")) {
			e[n].name = "net/text_w.rows.npy";
			e[n].data = rows;
			e[n].len = rlen;
		}
		if (format == 1 && !strcmp(e[n].name, "net/text_w.data.npy")) {
			e[n].name = "net/text_w.values.npy";
			e[n].data = values;
			e[n].len = vlen;
		}
		n++;
	}
	e[0].data = text;
	e[0].len = strlen(text);
	path = tu_path(f.dir, "older.pcm");
	craft_model(path, e, n, 0, NULL);
	m = model_read(path);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(m->net->text_sp->rows);
	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	net_predict(m->net, f.d, idx, N, p, 1);
	net_predict(cur->net, f.d, idx, N, q, 1);
	ck_assert_int_eq(memcmp(p, q, sizeof(p)), 0);
	/* and the network that was trained says the same */
	net_predict(f.net, f.d, idx, N, q, 1);
	ck_assert_int_eq(memcmp(p, q, sizeof(p)), 0);
	model_free(m);
	model_free(cur);
	free(values);
	free(rows);
	free(r);
	free(text);
	free(path);
	fixture_free(&f);
}
END_TEST

/* A manifest that disagrees with the weights is refused, naming the archive, the entry and
 * both shapes, before any allocation of the size it claims; in either layout. */
static const struct {
	const char *from, *to, *from2, *to2, *what;
} bad_manifests[] = {
	{ "  text_hidden: 3\n", "  text_hidden: 4\n", NULL, NULL,
	  "bad.pcm: net/text_b.npy: float32 of shape (3,), expected float32 of shape (4,)" },
	{ "  text_hidden: 3\n", "  text_hidden: 1024\n", NULL, NULL,
	  "bad.pcm: net/text_w.mask.npy: uint8 of shape (15, 1), expected uint8 of shape "
	  "(*, 128)" },
	{ "  hidden: 4\n", "  hidden: 5\n", NULL, NULL,
	  "bad.pcm: net/hidden_w.npy: float32 of shape (7, 4), expected float32 of shape (7, 5)" },
	{ "  hidden: 4\n", "  hidden: 1000000000\n", NULL, NULL,
	  "bad.pcm: net/hidden_w.npy: float32 of shape (7, 4), expected float32 of shape "
	  "(7, 1000000000)" },
	{ "  image_hidden: 4\n", "  image_hidden: 1000000000\n", NULL, NULL,
	  "bad.pcm: net/image_w.npy: float32 of shape (5, 4), expected float32 of shape "
	  "(5, 1000000000)" },
	{ "- '2'\n", "- '2'\n- '3'\n", NULL, NULL,
	  "bad.pcm: MANIFEST.yaml: classes lists 4 names, network.classes says 3" },
	{ "  classes: 3\n", "  classes: 2\n", NULL, NULL,
	  "bad.pcm: MANIFEST.yaml: classes lists 3 names, network.classes says 2" },
	/* 4 classes listed and in the network, for weights 3 wide */
	{ "- '2'\n", "- '2'\n- '3'\n", "  classes: 3\n", "  classes: 4\n",
	  "bad.pcm: net/out_w.npy: float32 of shape (4, 3), expected float32 of shape (4, 4)" },
};

START_TEST(test_model_refuses_bad_manifest)
{
	struct fixture f;
	struct centry e[32];
	char *text, *text2;

	fixture_make(&f);
	text = manifest_with(&f, bad_manifests[_i].from, bad_manifests[_i].to);
	if (bad_manifests[_i].from2) {
		f.e[0].data = text;
		text2 = manifest_with(&f, bad_manifests[_i].from2, bad_manifests[_i].to2);
		f.e[0].data = f.m->entries[0].data;
		free(text);
		text = text2;
	}
	memcpy(e, f.e, sizeof(e));
	e[0].data = text;
	e[0].len = strlen(text);
	expect_refused(&f, e, f.n, 0, NULL, bad_manifests[_i].what, 0);
	expect_refused(&f, e, f.n, 1, NULL, bad_manifests[_i].what, 0);
	free(text);
	fixture_free(&f);
}
END_TEST

/* Entries a model has not, or larger than the manifest says, are refused from their tar
 * and .npy headers: no buffer of their size, whatever the layout. */
START_TEST(test_model_refuses_entries)
{
	static const size_t big = (size_t)64 << 20;
	struct fixture f;
	struct centry e[32];
	size_t hlen, hl, hl3;
	uint64_t shape[1] = { big / sizeof(float) }, three[1] = { 3 }, four[1] = { 4 };
	char *hdr = npy_header(NPY_F4, 1, shape, &hl);
	char *h3 = npy_header(NPY_F4, 1, three, &hl3), *h4;
	float w4[4] = { 0 };
	unsigned char *b4;
	struct centry *out_b;

	fixture_make(&f);
	for (int sums_last = 0; sums_last < 2; sums_last++) {
		/* an entry no model has, 64 MiB of zeros, listed or not */
		memcpy(e, f.e, sizeof(e));
		e[f.n] = (struct centry){ "junk", NULL, 0, big };
		expect_refused(&f, e, f.n + 1, sums_last, NULL, "bad.pcm: entry junk: not part of a model",
			       16 << 10);
		expect_refused(&f, e, f.n + 1, sums_last, "junk", "bad.pcm: entry junk: ", 16 << 10);
		/* a bias of 16M floats, its digest listed: shape against the manifest's */
		out_b = fixture_get(&f, "net/out_b.npy");
		memcpy(e, f.e, sizeof(e));
		out_b = &e[out_b - f.e];
		*out_b = (struct centry){ "net/out_b.npy", hdr, hl, big };
		expect_refused(&f, e, f.n, sums_last, NULL, "bad.pcm: net/out_b.npy: float32 of shape "
			       "(16777216,), expected float32 of shape (3,)", 16 << 10);
		/* the right header, 64 MiB more data than it says */
		*out_b = (struct centry){ "net/out_b.npy", h3, hl3, 12 + big };
		expect_refused(&f, e, f.n, sums_last, NULL, "bad.pcm: net/out_b.npy: 67109004 bytes, but "
			       "a float32 array of shape (3,) takes 140", 16 << 10);
	}
	/* a whole, well-formed bias of the wrong width: (4,) printed as numpy does */
	h4 = npy_header(NPY_F4, 1, four, &hlen);
	b4 = xmalloc(hlen + sizeof(w4));
	memcpy(b4, h4, hlen);
	memcpy(b4 + hlen, w4, sizeof(w4));
	memcpy(e, f.e, sizeof(e));
	e[fixture_get(&f, "net/out_b.npy") - f.e] = (struct centry){ "net/out_b.npy", b4,
								       hlen + sizeof(w4), 0 };
	expect_refused(&f, e, f.n, 0, NULL, "bad.pcm: net/out_b.npy: float32 of shape (4,), "
		       "expected float32 of shape (3,)", 0);
	/* a tensor the manifest's network needs, missing */
	memcpy(e, f.e, sizeof(e));
	e[fixture_get(&f, "net/out_b.npy") - f.e] = e[f.n - 1];
	expect_refused(&f, e, f.n - 1, 0, NULL, "bad.pcm: no entry net/out_b.npy", 0);
	free(hdr);
	free(h3);
	free(h4);
	free(b4);
	fixture_free(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("train");
	TCase *tc = tcase_create("train");

	tcase_add_loop_test(tc, test_gradients_match_finite_differences, NET_SOFTMAX, NET_CS + 1);
	tcase_add_test(tc, test_training_learns_and_is_deterministic);
	tcase_add_test(tc, test_model_roundtrip);
	tcase_add_test(tc, test_model_old_layout_loads);
	tcase_add_loop_test(tc, test_model_older_formats_load, 0, 2);
	tcase_add_loop_test(tc, test_model_refuses_bad_manifest, 0,
			    (int)(sizeof(bad_manifests) / sizeof(bad_manifests[0])));
	tcase_add_test(tc, test_model_refuses_entries);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
