/* model: the model archive; see model.h. */
#include "model/model.h"
#include "base/msg.h"
#include "formats/npy.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A buffer for an .npy entry: its header, then room for dlen bytes of data (and the
 * NUL pcm_add_take wants); *hlen gets the header's length. */
static unsigned char *npy_buffer(enum npy_dtype t, int ndim, const uint64_t *shape, size_t dlen,
				 size_t *hlen)
{
	char *hdr = npy_header(t, ndim, shape, hlen);
	unsigned char *buf = xmalloc(*hlen + dlen + 1);

	memcpy(buf, hdr, *hlen);
	free(hdr);
	return buf;
}

/* A float32 array of shape (rows, cols), or (rows,) when cols is 0. */
static int add_npy(struct pcm *a, const char *name, const float *data, size_t rows, size_t cols)
{
	uint64_t shape[2] = { rows, cols };
	size_t hlen, dlen = rows * (cols ? cols : 1) * sizeof(float);
	unsigned char *buf = npy_buffer(NPY_F4, cols ? 2 : 1, shape, dlen, &hlen);

	memcpy(buf + hlen, data, dlen);
	return pcm_add_take(a, name, buf, hlen + dlen);
}

/*
 * A row-sparse tensor (the text embedding, mostly rows no training text touched) as two
 * arrays: net/<name>.rows.npy, the indices of its non-zero rows (int64), and
 * net/<name>.values.npy, those rows (float32, rows x cols).  numpy rebuilds it with
 * w = np.zeros((R, C), np.float32); w[rows] = values.
 */
static int add_rows(struct pcm *a, const struct net_tensor *t)
{
	uint64_t shape[2];
	size_t nz = 0, rlen, vlen, rowlen = t->cols * sizeof(float);
	unsigned char *rbuf, *vbuf;
	char name[PCM_NAME_MAX + 1];

	for (size_t r = 0; r < t->rows; r++)
		nz += !net_row_is_zero(t->w + r * t->cols, t->cols);
	shape[0] = nz;
	shape[1] = t->cols;
	rbuf = npy_buffer(NPY_I8, 1, shape, nz * sizeof(int64_t), &rlen);
	vbuf = npy_buffer(NPY_F4, 2, shape, nz * rowlen, &vlen);
	nz = 0;
	for (size_t r = 0; r < t->rows; r++) {
		const float *w = t->w + r * t->cols;
		int64_t row = (int64_t)r;

		if (net_row_is_zero(w, t->cols))
			continue;
		memcpy(rbuf + rlen + nz * sizeof(row), &row, sizeof(row));
		memcpy(vbuf + vlen + nz * rowlen, w, rowlen);
		nz++;
	}
	snprintf(name, sizeof(name), "net/%s.rows.npy", t->name);
	if (pcm_add_take(a, name, rbuf, rlen + nz * sizeof(int64_t)) < 0) {
		free(vbuf);
		return -1;
	}
	snprintf(name, sizeof(name), "net/%s.values.npy", t->name);
	return pcm_add_take(a, name, vbuf, vlen + nz * rowlen);
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
	struct ynode *m = ynode_map(), *cls = ynode_seq(), *spec = ynode_map(), *sums = ynode_map();
	char name[PCM_NAME_MAX + 1];
	char *text;
	size_t len;
	int ret = -1;

	for (int i = 0; i < n->nt; i++) {
		const struct net_tensor *t = &n->t[i];

		if (t->lazy) {
			if (add_rows(a, t) < 0)
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
	ynode_set(spec, "sparse", ynode_int(n->s.sparse));
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
	for (size_t i = 0; i < a->n; i++)
		ynode_set(sums, a->entries[i].name, ynode_str(a->entries[i].sha256));
	ynode_set(m, "entries", sums);
	sums = NULL;
	text = ynode_emit(m, &len);
	if (!text)
		goto out;
	/* the manifest first, so `tar -xOf model.pcm MANIFEST.yaml` finds it at once */
	if (pcm_add_take(a, "MANIFEST.yaml", text, len) < 0)
		goto out;
	pcm_move_first(a, "MANIFEST.yaml");
	ret = pcm_write(a, path);
out:
	ynode_free(m);
	ynode_free(cls);
	ynode_free(spec);
	ynode_free(sums);
	ynode_free(extra);
	pcm_free(a);
	return ret;
}

static int load_tensor(const struct pcm *a, const char *path, const char *tname, float *dst,
		       size_t rows, size_t cols)
{
	char name[PCM_NAME_MAX + 1];
	const struct pcm_entry *e;
	struct npy arr;
	size_t count = rows * (cols ? cols : 1);
	int ret = 0;

	snprintf(name, sizeof(name), "net/%s.npy", tname);
	e = pcm_get(a, name);
	if (!e)
		return pc_error("%s: not a usable model: no entry %s", path, name);
	if (npy_parse(name, e->data, e->len, &arr) < 0)
		return -1;
	if (arr.dtype != NPY_F4 || arr.count != count || arr.ndim != (cols ? 2 : 1) ||
	    arr.shape[0] != rows || (cols && arr.shape[1] != cols)) {
		ret = pc_error("%s: entry %s: expected float32 of shape (%zu%s%zu)", path, name, rows,
			       cols ? ", " : "", cols ? cols : (size_t)0);
	} else {
		const float *f = arr.data;

		for (size_t i = 0; i < count && ret == 0; i++)
			if (!isfinite(f[i]))
				ret = pc_error("%s: entry %s: value %zu is not finite", path, name, i);
		if (ret == 0)
			memcpy(dst, f, count * sizeof(float));
	}
	npy_free(&arr);
	return ret;
}

static int load_rows(const struct pcm *a, const char *path, struct net_tensor *t)
{
	char name[PCM_NAME_MAX + 1];
	const struct pcm_entry *e;
	struct npy rows;
	const int64_t *r;
	size_t nz;
	float *vals;
	int ret = 0;

	snprintf(name, sizeof(name), "net/%s.rows.npy", t->name);
	e = pcm_get(a, name);
	if (!e)
		return pc_error("%s: not a usable model: no entry %s", path, name);
	if (npy_parse(name, e->data, e->len, &rows) < 0)
		return -1;
	if (rows.dtype != NPY_I8 || rows.ndim != 1 || rows.count > t->rows) {
		npy_free(&rows);
		return pc_error("%s: entry %s: expected at most %zu int64 row indices", path, name,
				t->rows);
	}
	nz = (size_t)rows.count;
	r = rows.data;
	for (size_t i = 0; i < nz && ret == 0; i++)
		if (r[i] < 0 || (uint64_t)r[i] >= t->rows || (i && r[i] <= r[i - 1]))
			ret = pc_error("%s: entry %s: row %lld out of order or range", path, name,
				       (long long)r[i]);
	vals = xcalloc((nz ? nz : 1) * t->cols, sizeof(float));
	snprintf(name, sizeof(name), "%s.values", t->name);
	if (ret == 0 && load_tensor(a, path, name, vals, nz, t->cols) < 0)
		ret = -1;
	if (!nz && ret == 0) {
		/* (0, cols) arrays: load_tensor checked the shape */
	}
	for (size_t i = 0; i < nz && ret == 0; i++)
		memcpy(t->w + (size_t)r[i] * t->cols, vals + i * t->cols, t->cols * sizeof(float));
	free(vals);
	npy_free(&rows);
	return ret;
}

struct model *model_read(const char *path)
{
	struct pcm *a = pcm_read(path);
	const struct pcm_entry *me;
	struct model *m;
	struct net_spec s;
	long v[6];
	static const char *const keys[6] = { "network.sparse", "network.dense",
					     "network.text_hidden", "network.image_hidden",
					     "network.hidden", "network.classes" };
	const struct ynode *cls;
	const char *kind, *fd;
	long format;

	if (!a)
		return NULL;
	m = xcalloc(1, sizeof(*m));
	m->name = xstrdup(path);
	me = pcm_get(a, "MANIFEST.yaml");
	if (!me) {
		pc_error("%s: not a model: no MANIFEST.yaml", path);
		goto fail;
	}
	m->manifest = config_parse("MANIFEST.yaml", (const char *)me->data, me->len);
	if (!m->manifest)
		goto fail;
	if (config_str(m->manifest, "kind", "", &kind) < 0 ||
	    config_long(m->manifest, "format", -1, &format) < 0)
		goto fail;
	if (strcmp(kind, "model")) {
		pc_error("%s: not a model but a '%s' archive", path, kind);
		goto fail;
	}
	if (format != MODEL_FORMAT) {
		pc_error("%s: model format %ld, this program reads %d", path, format, MODEL_FORMAT);
		goto fail;
	}
	for (int i = 0; i < 6; i++) {
		if (config_long(m->manifest, keys[i], -1, &v[i]) < 0)
			goto fail;
		if (v[i] < 0 || v[i] > (1L << 30)) {
			pc_error("%s: MANIFEST.yaml: %s missing or out of range", path, keys[i]);
			goto fail;
		}
	}
	s.sparse = (uint32_t)v[0];
	s.dense = (uint32_t)v[1];
	s.text_hidden = (int)v[2];
	s.image_hidden = (int)v[3];
	s.hidden = (int)v[4];
	s.classes = (int)v[5];
	cls = config_node(m->manifest, "classes");
	if (!cls || cls->kind != YAML_SEQ || (long)cls->n != v[5]) {
		pc_error("%s: MANIFEST.yaml: classes must list %ld names", path, v[5]);
		goto fail;
	}
	m->classes.n = (int)cls->n;
	m->classes.name = xcalloc(cls->n, sizeof(char *));
	for (size_t i = 0; i < cls->n; i++) {
		if (cls->items[i]->kind != YAML_SCALAR) {
			pc_error("%s: MANIFEST.yaml: a class name must be a scalar", path);
			goto fail;
		}
		m->classes.name[i] = xstrdup(cls->items[i]->scalar);
	}
	if (s.text_hidden > 1024) {
		pc_error("%s: text_hidden %d above 1024", path, s.text_hidden);
		goto fail;
	}
	m->net = net_new(&s, 0);
	if (!m->net)
		goto fail;
	for (int i = 0; i < m->net->nt; i++) {
		struct net_tensor *t = &m->net->t[i];

		if (t->lazy) {
			if (load_rows(a, path, t) < 0)
				goto fail;
			continue;
		}
		if (load_tensor(a, path, t->name, t->w, t->rows == 1 ? t->cols : t->rows,
				t->rows == 1 ? 0 : t->cols) < 0)
			goto fail;
	}
	if (load_tensor(a, path, "dense_mean", m->net->dmean, s.dense, 0) < 0 ||
	    load_tensor(a, path, "dense_scale", m->net->dscale, s.dense, 0) < 0)
		goto fail;
	if (config_str(m->manifest, "featurizer", "", &fd) < 0)
		goto fail;
	snprintf(m->featurizer_digest, sizeof(m->featurizer_digest), "%s", fd);
	if (*fd) {
		m->feat = featurizer_from_pcm(a, path);
		if (!m->feat)
			goto fail;
		if (strcmp(m->feat->digest, fd)) {
			pc_error("%s: the bundled featurizer's digest %.12s differs from the manifest's %.12s",
				 path, m->feat->digest, fd);
			goto fail;
		}
		/* a branch the network leaves out (0) may be in the featurizer */
		if ((s.sparse && m->feat->sparse != s.sparse) || (s.dense && m->feat->dense != s.dense)) {
			pc_error("%s: the featurizer's widths (%u, %u) differ from the network's (%u, %u)",
				 path, m->feat->sparse, m->feat->dense, s.sparse, s.dense);
			goto fail;
		}
	}
	pcm_free(a);
	return m;
fail:
	pcm_free(a);
	model_free(m);
	return NULL;
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
