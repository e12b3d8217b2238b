/* featurizer: the text and image branches learned together; see featurizer.h. */
#include "model/featurizer.h"
#include "image/colorfeat.h"
#include "base/config.h"
#include "base/msg.h"
#include "base/sbuf.h"
#include "base/xalloc.h"
#include "formats/npy.h"
#include "formats/palette.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YAML_NAME "featurizer.yaml"

void featurizer_default_opts(struct featurizer_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->text = o->image = 1;
	textfeat_default_opts(&o->text_o);
	patchfeat_opts_default(&o->patch_o);
	o->hog = 1;
	hogfeat_opts_default(&o->hog_o);
	o->fit_images = 20000;
	o->seed = 1;
	o->threads = 1;
}

void featurizer_image_row(const struct featurizer *f, const struct image *decoded,
			  struct image *sized, struct patchfeat_work *pw,
			  struct hogfeat_work *hw, float *row)
{
	int size = patchfeat_get_opts(f->patch)->size;

	image_resize(decoded, size, size, sized);
	colorfeat_compute(sized, row);
	patchfeat_compute(f->patch, sized, pw, row + COLORFEAT_DIM);
	if (f->hog)
		hogfeat_compute(&f->hog_o, f->hog_o.size == size ? sized : decoded, hw,
				row + COLORFEAT_DIM + patchfeat_dim(f->patch));
	row[f->dense - 1] = 0.0f;
}

void featurizer_layout(struct featurizer *f)
{
	f->sparse = f->text ? textfeat_dim(f->text) : 0;
	if (!f->patch)
		f->hog = 0;
	f->dense = f->patch ? (uint32_t)(COLORFEAT_DIM + patchfeat_dim(f->patch) +
					 (f->hog ? hogfeat_dim(&f->hog_o) : 0) + 1) : 0;
}

const char *featurizer_dense_name(const struct featurizer *f, uint32_t i)
{
	static _Thread_local char buf[32];
	uint32_t pd = f->patch ? (uint32_t)patchfeat_dim(f->patch) : 0;
	uint32_t hd = f->hog ? (uint32_t)hogfeat_dim(&f->hog_o) : 0;

	if (i < COLORFEAT_DIM)
		return colorfeat_name((int)i);
	i -= COLORFEAT_DIM;
	if (i < pd) {
		snprintf(buf, sizeof(buf), "patch_%u", i);
		return buf;
	}
	i -= pd;
	if (i < hd) {
		snprintf(buf, sizeof(buf), "hog_%u", i);
		return buf;
	}
	return "image_missing";
}

void featurizer_header(const struct featurizer *f, struct pct_header *h)
{
	struct sbuf spec = SBUF_INIT;

	memset(h, 0, sizeof(*h));
	h->dense = f->dense;
	h->sparse = f->sparse;
	h->featurizer = xstrdup(f->digest);
	if (f->text)
		sbuf_printf(&spec, "text:tfidf:%u", f->sparse);
	if (f->patch && f->hog)
		sbuf_printf(&spec, "%simage:color:%d,patch:%d,hog:%d,flag:1", spec.len ? ";" : "",
			    COLORFEAT_DIM, patchfeat_dim(f->patch), hogfeat_dim(&f->hog_o));
	else if (f->patch)
		sbuf_printf(&spec, "%simage:color:%d,patch:%d,flag:1", spec.len ? ";" : "",
			    COLORFEAT_DIM, patchfeat_dim(f->patch));
	h->spec = spec.s ? spec.s : xstrdup("");
	if (f->dense) {
		h->names = xcalloc(f->dense, sizeof(*h->names));
		for (uint32_t i = 0; i < f->dense; i++)
			h->names[i] = xstrdup(featurizer_dense_name(f, i));
	}
}

static int is_featurizer_entry(const char *name)
{
	return !strcmp(name, YAML_NAME) || !strncmp(name, "text/", 5) ||
	       !strncmp(name, "image/", 6);
}

/* SHA-256 over "<sha256>  <name>\n" of the featurizer's entries, in archive order. */
static void compute_digest(const struct pcm *a, char out[DIGEST_HEX_LEN + 1])
{
	struct digest d;

	digest_init(&d);
	for (size_t i = 0; i < a->n; i++) {
		const struct pcm_entry *e = &a->entries[i];

		if (!is_featurizer_entry(e->name))
			continue;
		digest_update(&d, e->sha256, strlen(e->sha256));
		digest_update(&d, "  ", 2);
		digest_update(&d, e->name, strlen(e->name));
		digest_update(&d, "\n", 1);
	}
	digest_final(&d, out);
}

/* The oldest format that holds f, so that an image featurizer keeps the bytes and the
 * digest it had: 3 for a text branch (its idf table coded), 2 for gradient features. */
static int format_of(const struct featurizer *f)
{
	return f->text ? 3 : f->hog ? 2 : 1;
}

int featurizer_save(struct featurizer *f, struct pcm *a)
{
	struct ynode *root = ynode_map(), *parts = ynode_map();
	char *text;
	size_t len;

	ynode_set(root, "format", ynode_int(format_of(f)));
	ynode_set(parts, "text", ynode_int(f->text != NULL));
	ynode_set(parts, "image", ynode_int(f->patch != NULL));
	if (f->hog)
		ynode_set(parts, "hog", ynode_int(1));
	ynode_set(root, "parts", parts);
	if (f->hog) {
		struct ynode *h = ynode_map(), *cells = ynode_seq();

		ynode_set(h, "size", ynode_int(f->hog_o.size));
		ynode_set(h, "bins", ynode_int(f->hog_o.bins));
		/* 0.2, not the float's 0.20000000298023224: read back to the same float */
		ynode_set(h, "clip", ynode_num(round(f->hog_o.clip * 1e6) / 1e6));
		for (int i = 0; i < f->hog_o.levels; i++)
			ynode_push(cells, ynode_int(f->hog_o.cell[i]));
		ynode_set(h, "cells", cells);
		ynode_set(root, "hog", h);
	}
	if (f->text) {
		struct ynode *t = ynode_map();

		textfeat_opts_to_yaml(&f->text->o, t);
		ynode_set(root, "text", t);
	}
	ynode_set(root, "fit_images", ynode_int((long long)f->o.fit_images));
	ynode_set(root, "seed", ynode_int((long long)f->o.seed));
	ynode_set(root, "dense", ynode_int(f->dense));
	ynode_set(root, "sparse", ynode_int(f->sparse));
	text = ynode_emit(root, &len);
	ynode_free(root);
	if (!text)
		return -1;
	if (pcm_add_take(a, YAML_NAME, text, len) < 0)
		return -1;
	if (f->text && textfeat_save(f->text, a, "text/") < 0)
		return -1;
	if (f->patch && patchfeat_save(f->patch, a, "image/") < 0)
		return -1;
	compute_digest(a, f->digest);
	return 0;
}

int featurizer_write(struct featurizer *f, const char *path)
{
	struct pcm *a = pcm_new();
	struct ynode *m = ynode_map();
	char *text;
	size_t len;
	int ret = -1;

	ynode_set(m, "kind", ynode_str("featurizer"));
	ynode_set(m, "format", ynode_int(format_of(f)));
	ynode_set(m, "program", ynode_str(pc_progname()));
	text = ynode_emit(m, &len);
	ynode_free(m);
	if (text && pcm_add_take(a, "MANIFEST.yaml", text, len) == 0 &&
	    featurizer_save(f, a) == 0 && pcm_write(a, path) == 0)
		ret = 0;
	pcm_free(a);
	return ret;
}

/* The section "hog" of featurizer.yaml; 0, or -1 after reporting. */
static int hog_from_config(const struct config *c, const char *name, struct hogfeat_opts *o)
{
	const struct ynode *cells = config_node(c, "hog.cells");
	long size, bins;
	double clip;

	hogfeat_opts_default(o);
	if (!config_node(c, "hog.size") || !config_node(c, "hog.bins") || !config_node(c, "hog.clip"))
		return pc_error("%s: %s: parts.hog without hog.size, hog.bins and hog.clip", name,
				YAML_NAME);
	if (config_long(c, "hog.size", 0, &size) < 0 || config_long(c, "hog.bins", 0, &bins) < 0 ||
	    config_double(c, "hog.clip", 0, &clip) < 0)
		return -1;
	if (!cells || cells->kind != YAML_SEQ || cells->n < 1 || cells->n > HOGFEAT_MAX_LEVELS)
		return pc_error("%s: %s: hog.cells must list 1 to %d cell sizes", name, YAML_NAME,
				HOGFEAT_MAX_LEVELS);
	if (size < 8 || size > 1024 || bins < 2 || bins > HOGFEAT_MAX_BINS)
		return pc_error("%s: %s: hog.size %ld or hog.bins %ld out of range", name,
				YAML_NAME, size, bins);
	o->size = (int)size;
	o->bins = (int)bins;
	o->clip = (float)clip;
	o->levels = (int)cells->n;
	for (size_t i = 0; i < cells->n; i++) {
		char *end;
		long v;

		if (cells->items[i]->kind != YAML_SCALAR)
			return pc_error_at(c->name, cells->items[i]->line, "a cell size must be a number");
		v = strtol(cells->items[i]->scalar, &end, 10);
		if (*end || v < 2 || v > size)
			return pc_error_at(c->name, cells->items[i]->line,
					   "'%s' is not a cell size in 2..%ld", cells->items[i]->scalar,
					   size);
		o->cell[i] = (int)v;
	}
	return hogfeat_check_opts(o);
}

/* featurizer_from_pcm, or with take (== a) featurizer_take_from_pcm */
static struct featurizer *from_pcm(const struct pcm *a, const char *name, struct pcm *take)
{
	const struct pcm_entry *e = pcm_get(a, YAML_NAME);
	struct featurizer *f;
	struct config *c;
	long format, text_on, image_on, hog_on;

	if (!e) {
		pc_error("%s: no featurizer in this archive (no %s)", name, YAML_NAME);
		return NULL;
	}
	c = config_parse(YAML_NAME, (const char *)e->data, e->len);
	if (!c)
		return NULL;
	f = xcalloc(1, sizeof(*f));
	featurizer_default_opts(&f->o);
	if (config_long(c, "format", -1, &format) < 0 || config_long(c, "parts.text", 0, &text_on) < 0 ||
	    config_long(c, "parts.image", 0, &image_on) < 0 ||
	    config_long(c, "parts.hog", 0, &hog_on) < 0)
		goto fail;
	if (format < 1 || format > FEATURIZER_FORMAT) {
		pc_error("%s: featurizer format %ld, this program reads 1 to %d", name, format,
			 FEATURIZER_FORMAT);
		goto fail;
	}
	if (hog_on && (format < 2 || !image_on)) {
		pc_error("%s: %s: parts.hog needs format 2 and parts.image", name, YAML_NAME);
		goto fail;
	}
	f->o.text = text_on != 0;
	f->o.image = image_on != 0;
	compute_digest(a, f->digest);	/* before take leaves entries out */
	if (f->o.text) {
		if (textfeat_opts_from_config(c, "text", &f->o.text_o) < 0)
			goto fail;
		f->text = take ? textfeat_take(&f->o.text_o, take, "text/") :
				 textfeat_load(&f->o.text_o, a, "text/");
		if (!f->text)
			goto fail;
	}
	if (f->o.image) {
		f->patch = patchfeat_load(a, "image/");
		if (!f->patch)
			goto fail;
		f->o.patch_o = *patchfeat_get_opts(f->patch);
	}
	f->o.hog = f->hog = hog_on != 0;
	if (f->hog && hog_from_config(c, name, &f->hog_o) < 0)
		goto fail;
	f->o.hog_o = f->hog_o;
	config_free(c);
	featurizer_layout(f);
	return f;
fail:
	config_free(c);
	featurizer_free(f);
	return NULL;
}

struct featurizer *featurizer_from_pcm(const struct pcm *a, const char *name)
{
	return from_pcm(a, name, NULL);
}

struct featurizer *featurizer_take_from_pcm(struct pcm *a, const char *name)
{
	return from_pcm(a, name, a);
}

int featurizer_check_entry(const struct pcm *sofar, const char *name, uint64_t size,
			   const unsigned char *head, size_t headlen, uint32_t sparse)
{
	const char *file = pcm_name(sofar);
	uint64_t shape[2] = { NPY_ANY, NPY_ANY }, most = NPY_ANY;
	uint64_t buckets = sparse ? sparse : (uint64_t)1 << TEXTFEAT_MAX_BITS;
	enum npy_dtype t = NPY_F4;
	struct npy_view v;
	int ndim = 1;

	if (!is_featurizer_entry(name))
		return 0;
	if (!strcmp(name, YAML_NAME)) {
		if (size > FEATURIZER_YAML_MAX)
			return pc_error("%s: entry %s: %llu bytes exceed the bound of %llu", file,
					name, (unsigned long long)size,
					(unsigned long long)FEATURIZER_YAML_MAX);
		return 1;
	}
	if (!strcmp(name, "text/idf.npy")) {
		shape[0] = sparse ? sparse : NPY_ANY;
		most = (uint64_t)1 << TEXTFEAT_MAX_BITS;
	} else if (palette_entry_shape("text/idf", name, sparse ? sparse : NPY_ANY, &t, shape,
				       &most)) {
		if (most == NPY_ANY)
			most = buckets;
	} else if (!strcmp(name, "text/ndocs.npy")) {
		t = NPY_I8;
		shape[0] = 1;
	} else if (!strcmp(name, "image/patch_opts.npy")) {
		t = NPY_I8;
		shape[0] = 8;
	} else if (!strcmp(name, "image/patch_params.npy")) {
		shape[0] = 2;
	} else if (!strcmp(name, "image/patch_mean.npy") || !strcmp(name, "image/patch_whiten.npy") ||
		   !strcmp(name, "image/patch_centroids.npy")) {
		uint64_t d = NPY_ANY, k = NPY_ANY;

		if (pcm_get(sofar, "image/patch_opts.npy")) {
			uint64_t eight = 8;
			const int64_t *o;

			if (npy_get(sofar, "image/patch_opts.npy", NPY_I8, 1, &eight, &v) < 0)
				return -1;
			o = v.data;
			/* patchfeat_load says what is wrong with them */
			if (o[2] >= 2 && o[2] <= 1024 && o[4] >= 1 && o[4] <= 65536) {
				d = (uint64_t)(o[2] * o[2] * 3);
				k = (uint64_t)o[4];
			}
		}
		if (!strcmp(name, "image/patch_mean.npy")) {
			shape[0] = d;
		} else {
			ndim = 2;
			shape[0] = strcmp(name, "image/patch_whiten.npy") ? k : d;
			shape[1] = d;
		}
	} else {
		return pc_error("%s: entry %s: not part of a featurizer", file, name);
	}
	if (npy_check_head(file, name, size, head, headlen, t, ndim, shape, &v) < 0)
		return -1;
	if (most != NPY_ANY && v.shape[0] > most)
		return pc_error("%s: %s: %llu values, more than %llu", file, name,
				(unsigned long long)v.shape[0], (unsigned long long)most);
	return 1;
}

/* pcm_check_fn for featurizer_read: the featurizer's entries, nothing else kept. */
static int check_read(void *ctx, const struct pcm *sofar, const char *name, uint64_t size,
		      const unsigned char *head, size_t headlen)
{
	int r = featurizer_check_entry(sofar, name, size, head, headlen, 0);

	(void)ctx;
	return r < 0 ? -1 : r ? PCM_KEEP : PCM_SKIP;
}

struct featurizer *featurizer_read(const char *path)
{
	struct pcm_read_opts o = { "MANIFEST.yaml", check_read, NULL, npy_scan_finite };
	struct pcm *a = pcm_read_with(path, &o);
	struct featurizer *f;

	if (!a)
		return NULL;
	f = featurizer_take_from_pcm(a, path);
	pcm_free(a);
	return f;
}

void featurizer_free(struct featurizer *f)
{
	if (!f)
		return;
	textfeat_free(f->text);
	patchfeat_free(f->patch);
	free(f);
}
