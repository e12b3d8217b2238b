/* api: JSON in and out of /v1/predict, photos, class names; see api.h. */
#include "serve/api.h"
#include "model/predict.h"
#include "base/fsutil.h"
#include "base/msg.h"
#include "base/xalloc.h"
#include "formats/tsv.h"
#include "serve/score1.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- class names ---- */

struct class_names *class_names_read(const char *path)
{
	static const char *const code_cols[] = { "prdtypecode", "code", "class", "label", NULL };
	struct tsv *t = tsv_open(path);
	struct class_names *n;
	int code = -1, name, k;

	if (!t)
		return NULL;
	for (int i = 0; code_cols[i] && code < 0; i++)
		code = tsv_column(t, code_cols[i]);
	if (code < 0)
		code = 0;
	name = tsv_column(t, "name");
	if (name < 0)
		name = code == 0 ? 1 : 0;
	if (t->ncols < 2 || name == code) {
		pc_error_at(tsv_name(t), 1, "expected a code column and a name column");
		tsv_close(t);
		return NULL;
	}
	n = xcalloc(1, sizeof(*n));
	strmap_init(&n->map);
	while ((k = tsv_next(t)) > 0)
		strmap_put(&n->map, t->f[code].s, t->f[code].len, t->f[name].s, t->f[name].len);
	tsv_close(t);
	if (k < 0) {
		class_names_free(n);
		return NULL;
	}
	return n;
}

const char *class_names_get(const struct class_names *n, const char *code)
{
	return n ? strmap_get(&n->map, code, strlen(code)) : NULL;
}

void class_names_free(struct class_names *n)
{
	if (!n)
		return;
	strmap_free(&n->map);
	free(n);
}

/* ---- base64 ---- */

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int b64_decode(const char *s, size_t n, unsigned char **out, size_t *outlen)
{
	const char *comma;
	unsigned char *o;
	uint32_t acc = 0;
	size_t len = 0, pad = 0;
	int bits = 0;

	*out = NULL;
	*outlen = 0;
	/* a data URL: "data:image/jpeg;base64,...." */
	if (n >= 5 && !memcmp(s, "data:", 5)) {
		comma = memchr(s, ',', n);
		if (!comma || comma - s < 12 || memcmp(comma - 7, ";base64", 7))
			return -1;
		n -= (size_t)(comma + 1 - s);
		s = comma + 1;
	}
	o = xmalloc(n / 4 * 3 + 3);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int v;

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		v = b64_value(c);
		if (v < 0 || pad) {     /* a character after padding */
			free(o);
			return -1;
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			o[len++] = (unsigned char)(acc >> bits);
		}
	}
	/* leftover bits: 0 (complete), 2 or 4 (one or two bytes short of a quantum); 6 is
	 * one lone character, never valid */
	if (bits == 6 || pad > 2 || (pad && ((len % 3) + pad) % 3 != 0)) {
		free(o);
		return -1;
	}
	*out = o;
	*outlen = len;
	return 0;
}

/* ---- photo paths ---- */

char *photo_path_resolve(const char *root, const char *rel, int *status, char *why,
			 size_t whylen)
{
	char *path, *real;

	*status = 400;
	if (!*rel) {
		snprintf(why, whylen, "image_path is empty");
		return NULL;
	}
	if (rel[0] == '/') {
		if (!fs_is_under(root, rel) || !fs_stays_below(rel + strlen(root) + (strlen(root) > 1))) {
			*status = 403;
			snprintf(why, whylen, "image_path leads outside the image root");
			return NULL;
		}
		path = xstrdup(rel);
	} else {
		if (!fs_stays_below(rel)) {
			*status = 403;
			snprintf(why, whylen, "image_path leads outside the image root");
			return NULL;
		}
		path = xasprintf("%s/%s", root, rel);
	}
	real = realpath(path, NULL);
	if (!real) {
		int e = errno;

		free(path);
		snprintf(why, whylen, "image_path: %s", e == ENOENT ? "no such photo" : strerror(e));
		return NULL;
	}
	free(path);
	if (!fs_is_under(root, real)) {
		free(real);
		*status = 403;
		snprintf(why, whylen, "image_path leads outside the image root");
		return NULL;
	}
	return real;
}

/* ---- JSON out ---- */

void json_put_string(struct sbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	sbuf_reserve(out, n + 2);
	sbuf_addc(out, '"');
	while (p < end) {
		unsigned c = *p;

		if (c == '"' || c == '\\') {
			sbuf_addc(out, '\\');
			sbuf_addc(out, (char)c);
			p++;
		} else if (c < 0x20) {
			sbuf_printf(out, "\\u%04x", c);
			p++;
		} else if (c < 0x80) {
			sbuf_addc(out, (char)c);
			p++;
		} else {
			/* copy a valid UTF-8 sequence, else U+FFFD for the byte */
			size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
				     c >= 0xf0 && c <= 0xf4 ? 4 : 0;
			int ok = len && (size_t)(end - p) >= len;

			for (size_t i = 1; ok && i < len; i++)
				ok = (p[i] & 0xc0) == 0x80;
			if (ok && len == 3)
				ok = !(c == 0xe0 && p[1] < 0xa0) && !(c == 0xed && p[1] >= 0xa0);
			if (ok && len == 4)
				ok = !(c == 0xf0 && p[1] < 0x90) && !(c == 0xf4 && p[1] >= 0x90);
			if (ok) {
				sbuf_add(out, p, len);
				p += len;
			} else {
				sbuf_adds(out, "\xef\xbf\xbd");
				p++;
			}
		}
	}
	sbuf_addc(out, '"');
}

static void put_str(struct sbuf *out, const char *s)
{
	json_put_string(out, s, strlen(s));
}

void api_error(struct sbuf *out, const char *why)
{
	sbuf_reset(out);
	sbuf_adds(out, "{\"error\":");
	put_str(out, why);
	sbuf_adds(out, "}\n");
}

/* ---- /v1/predict ---- */

static const char *const product_keys[] = {
	"id", "designation", "description", "image", "image_path", NULL,
};

static int is_product_key(const char *k)
{
	for (int i = 0; product_keys[i]; i++)
		if (!strcmp(product_keys[i], k))
			return 1;
	return 0;
}

/* A product's fields checked; 0, or the status with why. */
static int check_product(json_t *p, const char *where, int single, char *why, size_t whylen)
{
	const char *key;
	json_t *v;
	int something = 0;

	if (!json_is_object(p)) {
		snprintf(why, whylen, "%s: expected an object", where);
		return 400;
	}
	json_object_foreach(p, key, v) {
		if (single && !strcmp(key, "top"))
			continue;
		if (!is_product_key(key)) {
			snprintf(why, whylen, "%s%sunknown field '%.64s'", where, *where ? ": " : "",
				 key);
			return 400;
		}
		if (!strcmp(key, "id")) {
			if (!json_is_string(v) && !json_is_integer(v)) {
				snprintf(why, whylen, "%s%sid: expected a string or an integer", where,
					 *where ? "." : "");
				return 400;
			}
			continue;
		}
		if (json_is_null(v))
			continue;
		if (!json_is_string(v)) {
			snprintf(why, whylen, "%s%s%s: expected a string", where, *where ? "." : "", key);
			return 400;
		}
		if (json_string_length(v))
			something = 1;
	}
	if (json_is_string(json_object_get(p, "image")) &&
	    json_is_string(json_object_get(p, "image_path"))) {
		snprintf(why, whylen, "%s%sgive image or image_path, not both", where,
			 *where ? ": " : "");
		return 400;
	}
	if (!something) {
		snprintf(why, whylen, "%s%sno designation, description or photo", where,
			 *where ? ": " : "");
		return 400;
	}
	return 0;
}

static const char *opt_string(json_t *p, const char *key, size_t *len)
{
	json_t *v = json_object_get(p, key);

	if (!json_is_string(v)) {
		*len = 0;
		return NULL;
	}
	*len = json_string_length(v);
	return json_string_value(v);
}

static void put_prob(struct sbuf *out, float v)
{
	sbuf_printf(out, "%.6g", (double)v);
}

static void put_class(struct sbuf *out, const struct api_ctx *c, const char *code)
{
	const char *name = class_names_get(c->names, code);

	put_str(out, code);
	if (name) {
		sbuf_adds(out, ",\"name\":");
		put_str(out, name);
	}
}

/* One product's answer, without braces' opening: "id":...,"pred":...,... */
static void put_answer(struct sbuf *out, const struct api_ctx *c, const struct model *m,
		       json_t *p, const float *prob, int k)
{
	int C = m->classes.n, order[1024];
	json_t *id = json_object_get(p, "id");

	predict_rank(prob, C, order, k);
	if (json_is_string(id)) {
		sbuf_adds(out, "\"id\":");
		json_put_string(out, json_string_value(id), json_string_length(id));
		sbuf_addc(out, ',');
	} else if (json_is_integer(id)) {
		sbuf_printf(out, "\"id\":%lld,", (long long)json_integer_value(id));
	}
	sbuf_adds(out, "\"pred\":");
	put_class(out, c, m->classes.name[order[0]]);
	sbuf_adds(out, ",\"prob\":");
	put_prob(out, prob[order[0]]);
	sbuf_adds(out, ",\"top\":[");
	for (int j = 0; j < k; j++) {
		sbuf_adds(out, j ? ",{\"class\":" : "{\"class\":");
		put_class(out, c, m->classes.name[order[j]]);
		sbuf_adds(out, ",\"prob\":");
		put_prob(out, prob[order[j]]);
		sbuf_addc(out, '}');
	}
	sbuf_addc(out, ']');
}

/* Featurize products [first, first + n) into w; 0, or the status with why. */
static int featurize(const struct api_ctx *c, const struct model *m, struct score1_work *w,
		     json_t **prods, size_t first, size_t n, int batch, char *why, size_t whylen)
{
	for (size_t j = 0; j < n; j++) {
		json_t *p = prods[first + j];
		struct score1_product sp = { .ntext = 2 };
		const char *img, *ipath;
		size_t ilen, plen;
		unsigned char *jpeg = NULL;
		char where[48], name[64], reason[400];
		int status = 0;
		enum score1_photo st;

		if (batch)
			snprintf(where, sizeof(where), "products[%zu].", first + j);
		else
			where[0] = '\0';
		sp.text[0] = opt_string(p, "designation", &sp.text_len[0]);
		sp.text[1] = opt_string(p, "description", &sp.text_len[1]);
		img = opt_string(p, "image", &ilen);
		ipath = opt_string(p, "image_path", &plen);
		if (img) {
			if (b64_decode(img, ilen, &jpeg, &sp.jpeg_len) < 0) {
				snprintf(why, whylen, "%simage: not base64", where);
				return 400;
			}
			sp.jpeg = jpeg;
		} else if (ipath) {
			char *path;

			if (!c->image_root) {
				snprintf(why, whylen, "%simage_path: this server has no image root "
					 "(pc-serve --image-root)", where);
				return 400;
			}
			path = photo_path_resolve(c->image_root, ipath, &status, reason, sizeof(reason));
			if (!path) {
				snprintf(why, whylen, "%s%s", where, reason);
				return status;
			}
			sp.image_path = path;
		}
		snprintf(name, sizeof(name), "%simage", where);
		st = score1_featurize(m, c->nz, w, j, &sp, 1, name, reason, sizeof(reason));
		free(jpeg);
		if (sp.image_path) {
			free((char *)sp.image_path);
			/* the path's name stays out of the answer */
			if (st == SCORE1_PHOTO_BAD || st == SCORE1_PHOTO_MISSING)
				snprintf(reason, sizeof(reason), "%s", st == SCORE1_PHOTO_MISSING ?
					 "no such photo" : strstr(reason, ": ") ?
					 strstr(reason, ": ") + 2 : reason);
			if (st == SCORE1_PHOTO_BAD || st == SCORE1_PHOTO_MISSING) {
				snprintf(why, whylen, "%simage_path: %s", where, reason);
				return 400;
			}
		}
		if (st == SCORE1_PHOTO_BAD || st == SCORE1_PHOTO_MISSING) {
			snprintf(why, whylen, "%s", reason);
			return 400;
		}
		if (!score1_row_finite(m, w, j)) {
			snprintf(why, whylen, "%snon-finite feature value", where);
			return 400;
		}
	}
	return 0;
}

int api_predict(const struct api_ctx *c, const char *body, size_t len, struct sbuf *out,
		size_t *products)
{
	json_error_t err;
	json_t *root, *list, **prods = NULL, *topv;
	struct served_model *sm = NULL;
	struct score1_work *w = NULL;
	char why[512];
	size_t n = 0;
	int status = 200, batch, k, C, kmax;
	float *prob = NULL;

	*products = 0;
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		snprintf(why, sizeof(why), "invalid JSON at line %d column %d: %s", err.line,
			 err.column, err.text);
		api_error(out, why);
		return 400;
	}
	if (!json_is_object(root)) {
		api_error(out, "expected a JSON object: a product, or {\"products\": [...]}");
		json_decref(root);
		return 400;
	}
	list = json_object_get(root, "products");
	batch = list != NULL;
	if (batch) {
		const char *key;
		json_t *v;

		json_object_foreach(root, key, v) {
			if (strcmp(key, "products") && strcmp(key, "top")) {
				snprintf(why, sizeof(why), "unknown field '%.64s'", key);
				status = 400;
				goto done;
			}
		}
		if (!json_is_array(list)) {
			snprintf(why, sizeof(why), "products: expected an array");
			status = 400;
			goto done;
		}
		n = json_array_size(list);
		if (!n) {
			snprintf(why, sizeof(why), "products: empty");
			status = 400;
			goto done;
		}
		if (n > (size_t)c->max_batch) {
			snprintf(why, sizeof(why), "products: %zu products, at most %d in one request",
				 n, c->max_batch);
			status = 413;
			goto done;
		}
		prods = xcalloc(n, sizeof(*prods));
		for (size_t i = 0; i < n; i++) {
			char where[32];

			prods[i] = json_array_get(list, i);
			snprintf(where, sizeof(where), "products[%zu]", i);
			if ((status = check_product(prods[i], where, 0, why, sizeof(why))))
				goto done;
		}
	} else {
		n = 1;
		prods = xcalloc(1, sizeof(*prods));
		prods[0] = root;
		if ((status = check_product(root, "", 1, why, sizeof(why))))
			goto done;
	}
	sm = models_acquire(c->models);
	C = sm->m->classes.n;
	kmax = C < 1000 ? C : 1000;
	k = c->top < kmax ? c->top : kmax;
	topv = json_object_get(root, "top");
	if (topv) {
		if (!json_is_integer(topv) || json_integer_value(topv) < 1 ||
		    json_integer_value(topv) > kmax) {
			snprintf(why, sizeof(why), "top: expected an integer from 1 to %d", kmax);
			status = 400;
			goto done;
		}
		k = (int)json_integer_value(topv);
	}
	w = models_work_get(c->models, sm);
	prob = xmalloc((size_t)NET_CHUNK * (size_t)C * sizeof(*prob));
	sbuf_reset(out);
	sbuf_printf(out, "{\"model\":\"%s\",\"model_version\":%ld,", sm->label, sm->version);
	if (batch)
		sbuf_adds(out, "\"predictions\":[");
	for (size_t first = 0; first < n; first += NET_CHUNK) {
		size_t m = n - first < NET_CHUNK ? n - first : NET_CHUNK;

		status = featurize(c, sm->m, w, prods, first, m, batch, why, sizeof(why));
		if (status)
			goto done;
		score1_predict(sm->m, w, m, prob);
		for (size_t j = 0; j < m; j++) {
			if (batch)
				sbuf_adds(out, first + j ? ",{" : "{");
			put_answer(out, c, sm->m, prods[first + j], prob + j * (size_t)C, k);
			if (batch)
				sbuf_addc(out, '}');
		}
	}
	sbuf_adds(out, batch ? "]}\n" : "}\n");
	status = 200;
	*products = n;
done:
	if (status != 200)
		api_error(out, why);
	free(prob);
	if (w)
		models_work_put(c->models, sm, w);
	if (sm)
		models_release(c->models, sm);
	free(prods);
	json_decref(root);
	return status;
}

void api_model(const struct api_ctx *c, struct sbuf *out)
{
	struct served_model *sm = models_acquire(c->models);
	const struct classes *cl = &sm->m->classes;
	const struct featurizer *f = sm->m->feat;

	sbuf_reset(out);
	sbuf_printf(out, "{\"model\":\"%s\",\"model_version\":%ld,\"alias\":", sm->label,
		    sm->version);
	put_str(out, models_alias(c->models));
	sbuf_printf(out, ",\"text\":%s,\"image\":%s,\"classes\":[",
		    f && f->text ? "true" : "false", f && f->patch ? "true" : "false");
	for (int i = 0; i < cl->n; i++) {
		sbuf_adds(out, i ? ",{\"class\":" : "{\"class\":");
		put_class(out, c, cl->name[i]);
		sbuf_addc(out, '}');
	}
	sbuf_adds(out, "]}\n");
	models_release(c->models, sm);
}
