/* model: the model archive; see model.h. */
#include "model/model.h"
#include "base/msg.h"
#include "formats/npy.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A float32 array of shape (rows, cols), or (rows,) when cols is 0. */
static int add_npy(struct pcm *a, const char *name, const float *data, size_t rows, size_t cols)
{
	uint64_t shape[2] = { rows, cols };

	return npy_put(a, name, NPY_F4, cols ? 2 : 1, shape, data);
}

/*
 * The text embedding by its non-zero weights (spemb.h): net/<name>.rowmask.npy (uint8,
 * ceil(width / 8)), net/<name>.mask.npy (uint8, rows x ceil(cols / 8)) and
 * net/<name>.data.npy (float32).
 */
struct orow {
	uint32_t orig, r;
};

/* Sort n rows by orig (distinct), two passes of a 16-bit radix sort through tmp. */
static void sort_by_orig(struct orow *o, struct orow *tmp, size_t n)
{
	size_t *count = xmalloc(65537 * sizeof(*count));

	for (int shift = 0; shift < 32; shift += 16) {
		memset(count, 0, 65537 * sizeof(*count));
		for (size_t j = 0; j < n; j++)
			count[(o[j].orig >> shift & 0xffff) + 1]++;
		for (size_t k = 1; k <= 65536; k++)
			count[k] += count[k - 1];
		for (size_t j = 0; j < n; j++)
			tmp[count[o[j].orig >> shift & 0xffff]++] = o[j];
		memcpy(o, tmp, n * sizeof(*o));
	}
	free(count);
}

/* With a compaction map (net.h: orig), row r is written as row orig[r], in their order. */
static int add_rows(struct pcm *a, const struct net_tensor *t, const uint32_t *orig,
		    uint32_t width)
{
	uint64_t shape[2];
	size_t nz = 0;
	int64_t *rows;
	uint32_t *wrow;
	struct orow *order;
	struct spemb e;
	char name[PCM_NAME_MAX + 1];
	int ret;

	for (size_t r = 0; r < t->rows; r++)
		nz += !net_row_is_zero(t->w + r * t->cols, t->cols);
	order = xmalloc((nz ? nz : 1) * sizeof(*order));
	nz = 0;
	for (size_t r = 0; r < t->rows; r++)
		if (!net_row_is_zero(t->w + r * t->cols, t->cols))
			order[nz++] = (struct orow){ orig ? orig[r] : (uint32_t)r, (uint32_t)r };
	if (orig) {
		struct orow *tmp = xmalloc((nz ? nz : 1) * sizeof(*tmp));

		sort_by_orig(order, tmp, nz);
		free(tmp);
	}
	rows = xmalloc((nz ? nz : 1) * sizeof(*rows));
	wrow = xmalloc((nz ? nz : 1) * sizeof(*wrow));
	for (size_t j = 0; j < nz; j++) {
		rows[j] = (int64_t)order[j].orig;
		wrow[j] = order[j].r;
	}
	free(order);
	ret = spemb_encode(&e, width, (uint32_t)t->cols, nz, rows, t->w, wrow);
	free(rows);
	free(wrow);
	if (ret == 0) {
		uint8_t *bits = spemb_rowbits(&e);

		shape[0] = ((uint64_t)width + 7) / 8;
		snprintf(name, sizeof(name), "net/%s.rowmask.npy", t->name);
		ret = npy_put(a, name, NPY_U1, 1, shape, bits);
		free(bits);
	}
	if (ret == 0) {
		shape[0] = e.n;
		shape[1] = e.mbytes;
		snprintf(name, sizeof(name), "net/%s.mask.npy", t->name);
		ret = npy_put(a, name, NPY_U1, 2, shape, e.mask);
	}
	if (ret == 0) {
		shape[0] = e.nval;
		snprintf(name, sizeof(name), "net/%s.data.npy", t->name);
		ret = npy_put(a, name, NPY_F4, 1, shape, e.val);
	}
	spemb_free(&e);
	return ret;
}

static int is_featurizer_entry(const char *name)
{
	return !strcmp(name, "featurizer.yaml") || !strncmp(name, "text/", 5) ||
	       !strncmp(name, "image/", 6);
}

int model_write(const char *path, const struct net *n, const struct classes *c,
		const struct pcm *feat, const char *feat_digest, struct ynode *extra)
{
	struct pcm *a = pcm_new();
	struct ynode *m = ynode_map(), *cls = ynode_seq(), *spec = ynode_map();
	char name[PCM_NAME_MAX + 1];
	char *text;
	size_t len;
	int ret = -1;

	for (int i = 0; i < n->nt; i++) {
		const struct net_tensor *t = &n->t[i];

		if (t->lazy) {
			if (add_rows(a, t, n->orig, n->orig ? n->orig_width : n->s.sparse) < 0)
				goto out;
			continue;
		}
		snprintf(name, sizeof(name), "net/%s.npy", t->name);
		/* biases (one row) as vectors */
		if (add_npy(a, name, t->w, t->rows == 1 ? t->cols : t->rows, t->rows == 1 ? 0 : t->cols) < 0)
			goto out;
	}
	if (add_npy(a, "net/dense_mean.npy", n->dmean, n->s.dense, 0) < 0 ||
	    add_npy(a, "net/dense_scale.npy", n->dscale, n->s.dense, 0) < 0)
		goto out;
	if (feat)
		for (size_t i = 0; i < feat->n; i++)
			if (is_featurizer_entry(feat->entries[i].name) &&
			    pcm_add(a, feat->entries[i].name, feat->entries[i].data,
				    feat->entries[i].len) < 0)
				goto out;
	ynode_set(m, "kind", ynode_str("model"));
	ynode_set(m, "format", ynode_int(MODEL_FORMAT));
	ynode_set(m, "program", ynode_str(pc_progname()));
	for (int i = 0; i < c->n; i++)
		ynode_push(cls, ynode_str(c->name[i]));
	ynode_set(m, "classes", cls);
	cls = NULL;
	ynode_set(m, "featurizer", ynode_str(feat_digest ? feat_digest : ""));
	ynode_set(spec, "sparse", ynode_int(n->orig ? n->orig_width : n->s.sparse));
	ynode_set(spec, "dense", ynode_int(n->s.dense));
	ynode_set(spec, "text_hidden", ynode_int(n->s.text_hidden));
	ynode_set(spec, "image_hidden", ynode_int(n->s.image_hidden));
	ynode_set(spec, "hidden", ynode_int(n->s.hidden));
	ynode_set(spec, "classes", ynode_int(n->s.classes));
	ynode_set(m, "network", spec);
	spec = NULL;
	if (extra) {
		for (size_t i = 0; i < extra->n; i++) {
			ynode_set(m, extra->keys[i], extra->items[i]);
			extra->items[i] = NULL;
		}
	}
	text = ynode_emit(m, &len);
	if (!text)
		goto out;
	/* the manifest first after SHA256SUMS: `tar -xOf model.pcm MANIFEST.yaml` finds it at
	 * once, and a reader checks every tensor against it before reading the tensor */
	if (pcm_add_take(a, "MANIFEST.yaml", text, len) < 0)
		goto out;
	pcm_move_first(a, "MANIFEST.yaml");
	ret = pcm_write(a, path);
out:
	ynode_free(m);
	ynode_free(cls);
	ynode_free(spec);
	ynode_free(extra);
	pcm_free(a);
	return ret;
}

/* ---- reading ----
 *
 * The archive is read with a check on every entry before its data (pcm_read_begin): the
 * manifest comes first, so each tensor's .npy header is held against the shape the
 * manifest's network gives it, and anything else (an entry a model has not, a size the
 * header does not account for) is refused before a buffer of its size exists.  Then every
 * tensor is found and checked again, whole, before the network is allocated: a manifest
 * the weights disagree with is bad input, never an allocation of the size it claims.
 * That second look overlaps the hashing of the last entries (pcm_read_end decides).
 */

#define MANIFEST "MANIFEST.yaml"

struct mload {
	int state;			/* manifest: 0 not read, 1 read, -1 refused */
	struct config *manifest;
	struct net_spec s;
	struct classes classes;
	long format;
	int64_t nz;			/* rows of the text embedding stored, -1: not seen */
};

static const char *const spec_keys[6] = { "network.sparse", "network.dense",
					  "network.text_hidden", "network.image_hidden",
					  "network.hidden", "network.classes" };

/* Kind, format, network and classes from MANIFEST.yaml into l. */
static int read_manifest(struct mload *l, const struct pcm *a)
{
	const char *path = pcm_name(a), *kind;
	const struct pcm_entry *me = pcm_get(a, MANIFEST);
	const struct ynode *cls;
	long v[6], format;

	if (l->state)
		return l->state > 0 ? 0 : -1;
	l->state = -1;
	if (!me)
		return pc_error("%s: not a model: no %s", path, MANIFEST);
	l->manifest = config_parse(MANIFEST, (const char *)me->data, me->len);
	if (!l->manifest)
		return -1;
	if (config_str(l->manifest, "kind", "", &kind) < 0 ||
	    config_long(l->manifest, "format", -1, &format) < 0)
		return -1;
	if (strcmp(kind, "model"))
		return pc_error("%s: not a model but a '%s' archive", path, kind);
	if (format < 1 || format > MODEL_FORMAT)
		return pc_error("%s: model format %ld, this program reads 1 to %d", path, format,
				MODEL_FORMAT);
	l->format = format;
	for (int i = 0; i < 6; i++) {
		if (config_long(l->manifest, spec_keys[i], -1, &v[i]) < 0)
			return -1;
		if (v[i] < 0 || v[i] > (1L << 30))
			return pc_error("%s: %s: %s missing or out of range", path, MANIFEST,
					spec_keys[i]);
	}
	if (v[2] > MODEL_TEXT_HIDDEN_MAX)
		return pc_error("%s: %s: network.text_hidden %ld above %d", path, MANIFEST, v[2],
				MODEL_TEXT_HIDDEN_MAX);
	l->s.sparse = (uint32_t)v[0];
	l->s.dense = (uint32_t)v[1];
	l->s.text_hidden = (int)v[2];
	l->s.image_hidden = (int)v[3];
	l->s.hidden = (int)v[4];
	l->s.classes = (int)v[5];
	cls = config_node(l->manifest, "classes");
	if (!cls || cls->kind != YAML_SEQ)
		return pc_error("%s: %s: classes is not a list of names", path, MANIFEST);
	if ((long)cls->n != v[5])
		return pc_error("%s: %s: classes lists %zu names, network.classes says %ld", path,
				MANIFEST, cls->n, v[5]);
	l->classes.name = xcalloc(cls->n ? cls->n : 1, sizeof(char *));
	for (size_t i = 0; i < cls->n; i++) {
		if (cls->items[i]->kind != YAML_SCALAR)
			return pc_error("%s: %s: a class name must be a scalar", path, MANIFEST);
		l->classes.name[l->classes.n++] = xstrdup(cls->items[i]->scalar);
	}
	l->state = 1;
	return 0;
}

/*
 * The shape net_new gives tensor `tname` under spec s (cols 0: a vector), as pc-formats(5)
 * documents it; 0, or -1 when the network has no such tensor.  The text embedding
 * (text_w) is stored by rows, and checked apart.
 */
static int net_shape(const struct net_spec *s, const char *tname, uint64_t *rows,
		     uint64_t *cols)
{
	uint64_t kc = (s->sparse ? (uint64_t)s->text_hidden : 0) +
		      (s->dense ? (uint64_t)s->image_hidden : 0);
	uint64_t kout = s->hidden ? (uint64_t)s->hidden : kc;
	const struct {
		const char *name;
		int present;
		uint64_t rows, cols;
	} t[] = {
		{ "text_b", s->sparse != 0, (uint64_t)s->text_hidden, 0 },
		{ "image_w", s->dense != 0, s->dense, (uint64_t)s->image_hidden },
		{ "image_b", s->dense != 0, (uint64_t)s->image_hidden, 0 },
		{ "hidden_w", s->hidden != 0, kc, (uint64_t)s->hidden },
		{ "hidden_b", s->hidden != 0, (uint64_t)s->hidden, 0 },
		{ "out_w", 1, kout, (uint64_t)s->classes },
		{ "out_b", 1, (uint64_t)s->classes, 0 },
		{ "dense_mean", 1, s->dense, 0 },
		{ "dense_scale", 1, s->dense, 0 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(t[i].name, tname))
			continue;
		if (!t[i].present)
			return -1;
		*rows = t[i].rows;
		*cols = t[i].cols;
		return 0;
	}
	return -1;
}

/* The dtype and shape entry net/<...>.npy must have; 0, or -1 if the network has none. */
static int net_entry_shape(const struct mload *l, const char *name, enum npy_dtype *t,
			   int *ndim, uint64_t shape[2])
{
	char tname[PCM_NAME_MAX + 1];
	size_t n = strlen(name);
	uint64_t rows, cols;

	if (strncmp(name, "net/", 4) || n < 8 || strcmp(name + n - 4, ".npy") || n - 8 >= sizeof(tname))
		return -1;
	memcpy(tname, name + 4, n - 8);
	tname[n - 8] = '\0';
	*t = NPY_F4;
	if (l->s.sparse && l->format >= 3 && !strcmp(tname, "text_w.rowmask")) {
		*t = NPY_U1;
		*ndim = 1;
		shape[0] = ((uint64_t)l->s.sparse + 7) / 8;
		return 0;
	}
	if (l->s.sparse && l->format <= 2 && !strcmp(tname, "text_w.rows")) {
		*t = NPY_I8;
		*ndim = 1;
		shape[0] = NPY_ANY;
		return 0;
	}
	if (l->s.sparse && l->format == 1 && !strcmp(tname, "text_w.values")) {
		*ndim = 2;
		shape[0] = l->nz >= 0 ? (uint64_t)l->nz : NPY_ANY;
		shape[1] = (uint64_t)l->s.text_hidden;
		return 0;
	}
	if (l->s.sparse && l->format >= 2 && !strcmp(tname, "text_w.mask")) {
		*t = NPY_U1;
		*ndim = 2;
		shape[0] = l->nz >= 0 ? (uint64_t)l->nz : NPY_ANY;
		shape[1] = ((uint64_t)l->s.text_hidden + 7) / 8;
		return 0;
	}
	if (l->s.sparse && l->format >= 2 && !strcmp(tname, "text_w.data")) {
		*ndim = 1;
		shape[0] = NPY_ANY;
		return 0;
	}
	if (net_shape(&l->s, tname, &rows, &cols) < 0)
		return -1;
	*ndim = cols ? 2 : 1;
	shape[0] = rows;
	shape[1] = cols;
	return 0;
}

/* The rows stored of the text embedding (`entry` says how many): no more than it has. */
static int check_nz(const struct mload *l, const char *file, const char *entry, uint64_t nz)
{
	if (nz > l->s.sparse)
		return pc_error("%s: %s: %llu rows, the embedding has %u", file, entry,
				(unsigned long long)nz, l->s.sparse);
	return 0;
}

/* pcm_check_fn: every entry of a model archive, from its header and first bytes. */
static int check_entry(void *ctx, const struct pcm *sofar, const char *name, uint64_t size,
		       const unsigned char *head, size_t headlen)
{
	struct mload *l = ctx;
	const char *file = pcm_name(sofar);
	struct npy_view v;
	enum npy_dtype t;
	uint64_t shape[2];
	int ndim, r;

	if (read_manifest(l, sofar) < 0)
		return -1;
	if (net_entry_shape(l, name, &t, &ndim, shape) == 0) {
		if (npy_check_head(file, name, size, head, headlen, t, ndim, shape, &v) < 0)
			return -1;
		if (!strcmp(name, "net/text_w.rows.npy")) {
			if (check_nz(l, file, name, v.shape[0]) < 0)
				return -1;
			l->nz = (int64_t)v.shape[0];
		}
		if (!strcmp(name, "net/text_w.mask.npy") && check_nz(l, file, name, v.shape[0]) < 0)
			return -1;
		if (!strcmp(name, "net/text_w.data.npy") &&
		    v.shape[0] > (uint64_t)l->s.sparse * (uint64_t)l->s.text_hidden)
			return pc_error("%s: %s: %llu weights, the embedding has %llu", file, name,
					(unsigned long long)v.shape[0],
					(unsigned long long)l->s.sparse * (uint64_t)l->s.text_hidden);
		return PCM_KEEP;
	}
	r = featurizer_check_entry(sofar, name, size, head, headlen, l->s.sparse);
	if (r < 0)
		return -1;
	if (r == 0)
		return pc_error("%s: entry %s: not part of a model", file, name);
	return PCM_KEEP;
}

/* The network's tensors as npy_get finds them, checked before anything is allocated. */
struct tview {
	const char *tname;
	struct npy_view v;
};

static int get_tensor(const struct pcm *a, const struct net_spec *s, const char *tname,
		      struct tview *out)
{
	char name[PCM_NAME_MAX + 1];
	uint64_t rows, cols, shape[2];

	if (net_shape(s, tname, &rows, &cols) < 0)
		return 1;	/* not in this network */
	snprintf(name, sizeof(name), "net/%s.npy", tname);
	shape[0] = rows;
	shape[1] = cols;
	out->tname = tname;
	return npy_get(a, name, NPY_F4, cols ? 2 : 1, shape, &out->v);
}

/* The text embedding, checked and indexed (spemb.h): in formats 2 and 3 from its three
 * arrays, taken out of the archive (no copy); in format 1 from its rows and their dense
 * values. */
static struct spemb *read_text(struct pcm *a, const struct mload *l)
{
	const char *file = pcm_name(a);
	const char *rows_entry = l->format >= 3 ? "net/text_w.rowmask.npy" : "net/text_w.rows.npy";
	uint64_t any = NPY_ANY, shape[2];
	struct npy_view rows, mask, vals;
	struct spemb *e = xcalloc(1, sizeof(*e));
	int r;

	shape[0] = ((uint64_t)l->s.sparse + 7) / 8;
	if (l->format >= 3)
		r = npy_get(a, rows_entry, NPY_U1, 1, shape, &rows);
	else if ((r = npy_get(a, rows_entry, NPY_I8, 1, &any, &rows)) == 0)
		r = check_nz(l, file, rows_entry, rows.count);
	if (r < 0)
		goto fail;
	shape[0] = l->format >= 3 ? NPY_ANY : rows.count;
	if (l->format == 1) {
		shape[1] = (uint64_t)l->s.text_hidden;
		if (npy_get(a, "net/text_w.values.npy", NPY_F4, 2, shape, &vals) < 0 ||
		    spemb_encode(e, l->s.sparse, (uint32_t)l->s.text_hidden, rows.count,
				 rows.data, vals.data, NULL) < 0 ||
		    spemb_index(e, file, "net/text_w") < 0)
			goto fail;
		return e;
	}
	shape[1] = ((uint64_t)l->s.text_hidden + 7) / 8;
	if (npy_get(a, "net/text_w.mask.npy", NPY_U1, 2, shape, &mask) < 0 ||
	    npy_get(a, "net/text_w.data.npy", NPY_F4, 1, &any, &vals) < 0)
		goto fail;
	e->width = l->s.sparse;
	e->cols = (uint32_t)l->s.text_hidden;
	e->mbytes = (uint32_t)shape[1];
	e->n = mask.shape[0];
	e->nval = vals.count;
	if (l->format >= 3)
		e->rowbits = rows.data;
	else
		e->rows = rows.data;
	e->mask = mask.data;
	e->val = vals.data;
	/* indexed first: taking waits until the entries are hashed (pcm_read_begin) */
	if (spemb_index(e, file, "net/text_w") < 0)
		goto fail;
	e->own[0] = pcm_take(a, rows_entry);
	e->own[1] = pcm_take(a, "net/text_w.mask.npy");
	e->own[2] = pcm_take(a, "net/text_w.data.npy");
	return e;
fail:
	spemb_free(e);
	free(e);
	return NULL;
}

static const char *const tensor_names[] = { "text_b", "image_w", "image_b", "hidden_w",
					    "hidden_b", "out_w", "out_b", "dense_mean",
					    "dense_scale" };
#define NTENSORS (sizeof(tensor_names) / sizeof(tensor_names[0]))

/* Copy the weights found into the network net_new made for the same spec. */
static void fill_net(struct net *n, const struct tview *tv, size_t ntv)
{
	for (int i = 0; i < n->nt; i++) {
		struct net_tensor *t = &n->t[i];
		size_t k;

		if (t->lazy)
			continue;	/* the text embedding: net_new_read's */
		for (k = 0; k < ntv && strcmp(tv[k].tname, t->name); k++)
			;
		if (k == ntv || tv[k].v.nbytes != t->rows * t->cols * sizeof(float))
			pc_fatal("internal: network tensor %s differs from the model's layout",
				 t->name);
		memcpy(t->w, tv[k].v.data, tv[k].v.nbytes);
	}
	for (size_t k = 0; k < ntv; k++) {
		if (!strcmp(tv[k].tname, "dense_mean"))
			memcpy(n->dmean, tv[k].v.data, tv[k].v.nbytes);
		else if (!strcmp(tv[k].tname, "dense_scale"))
			memcpy(n->dscale, tv[k].v.data, tv[k].v.nbytes);
	}
}

/* The model from its archive's entries, l's manifest and classes moved into it; NULL
 * after reporting. */
static struct model *build(struct mload *l, struct pcm *a)
{
	const char *path = pcm_name(a);
	struct tview tv[NTENSORS];
	struct spemb *text = NULL;
	size_t ntv = 0;
	struct model *m = NULL;
	const char *fd;

	if (read_manifest(l, a) < 0)
		goto fail;
	for (size_t i = 0; i < NTENSORS; i++) {
		int r = get_tensor(a, &l->s, tensor_names[i], &tv[ntv]);

		if (r < 0)
			goto fail;
		ntv += r == 0;
	}
	if (l->s.sparse && !(text = read_text(a, l)))
		goto fail;
	m = xcalloc(1, sizeof(*m));
	m->name = xstrdup(path);
	m->manifest = l->manifest;
	l->manifest = NULL;
	m->classes = l->classes;
	l->classes.name = NULL;
	l->classes.n = 0;
	if (config_str(m->manifest, "featurizer", "", &fd) < 0)
		goto fail;
	snprintf(m->featurizer_digest, sizeof(m->featurizer_digest), "%s", fd);
	if (*fd) {
		m->feat = featurizer_take_from_pcm(a, path);
		if (!m->feat)
			goto fail;
		if (strcmp(m->feat->digest, fd)) {
			pc_error("%s: the bundled featurizer's digest %.12s differs from the manifest's %.12s",
				 path, m->feat->digest, fd);
			goto fail;
		}
		/* a branch the network leaves out (0) may be in the featurizer */
		if ((l->s.sparse && m->feat->sparse != l->s.sparse) ||
		    (l->s.dense && m->feat->dense != l->s.dense)) {
			pc_error("%s: the featurizer's widths (%u, %u) differ from the network's (%u, %u)",
				 path, m->feat->sparse, m->feat->dense, l->s.sparse, l->s.dense);
			goto fail;
		}
	}
	m->net = text ? net_new_read(&l->s, text) : net_new(&l->s, 0);
	text = NULL;
	if (!m->net)
		goto fail;
	fill_net(m->net, tv, ntv);
	return m;
fail:
	spemb_free(text);
	free(text);
	model_free(m);
	return NULL;
}

struct model *model_read(const char *path)
{
	struct mload l = { .nz = -1 };
	struct pcm_read_opts o = { MANIFEST, check_entry, &l, npy_scan_finite };
	struct pcm *a = pcm_read_begin(path, &o);
	struct pc_msg_held held;
	struct model *m = NULL;

	if (a) {
		/* built while the hasher finishes the last entries: what it reports counts
		 * only if they verify */
		pc_msg_hold(&held);
		m = build(&l, a);
		pc_msg_unhold(&held);
		if (pcm_read_end(a) < 0) {
			model_free(m);
			m = NULL;
		} else {
			pc_msg_put_held(&held);
		}
	}
	config_free(l.manifest);
	classes_free(&l.classes);
	pcm_free(a);
	return m;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	classes_free(&m->classes);
	net_free(m->net);
	featurizer_free(m->feat);
	config_free(m->manifest);
	free(m->name);
	free(m);
}
