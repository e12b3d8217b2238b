/*
 * api: what pc-serve answers, apart from HTTP itself (httpd.h): the JSON of POST
 * /v1/predict in and out, photos in base64 or under the image root, class names.
 *
 * POST /v1/predict takes one product, or {"products": [...]} with at most max_batch of
 * them; a product has the fields
 *   id            string or integer, echoed back (optional)
 *   designation   the title, string or null
 *   description   string or null (HTML is fine: normalised as pc-tokenize does)
 *   image         the photo, base64 JPEG (a "data:...;base64," prefix is allowed)
 *   image_path    or a photo path under the image root (relative to it)
 * and the request may set "top" (the number of classes listed, 1 to the model's classes).
 * Any other field, a wrong type, a photo that is not a JPEG, an empty product: 400, with
 * {"error": "one line"}; a path that leads outside the image root: 403.  The answer:
 *   {"model": "v3", "model_version": 3, "id": ..., "pred": CODE, "name": NAME,
 *    "prob": P, "top": [{"class": CODE, "name": NAME, "prob": P}, ...]}
 * or for a batch {"model": ..., "model_version": ..., "predictions": [{...}, ...]} in
 * request order; "name" only for classes the names file names.  Probabilities are
 * written as pc-predict writes them (%.6g), from the same rows: the same numbers.
 */
#ifndef PC_SERVE_API_H
#define PC_SERVE_API_H

#include <stddef.h>

#include "base/sbuf.h"
#include "base/strmap.h"
#include "serve/models.h"
#include "text/normalize.h"

/* Class names by code, from a TSV (pc-serve --names). */
struct class_names {
	struct strmap map;
};
/* The code column is "prdtypecode", "code", "class" or "label" when the header has one,
 * else the first; the name column "name", else the second.  NULL after reporting. */
struct class_names *class_names_read(const char *path);
const char *class_names_get(const struct class_names *n, const char *code);
void class_names_free(struct class_names *n);

/* Decode base64 (standard or URL-safe alphabet, padding optional, whitespace skipped, a
 * data URL's "data:...;base64," prefix skipped) into a malloc'd buffer; 0, or -1 when it
 * is not base64. */
int b64_decode(const char *s, size_t n, unsigned char **out, size_t *outlen);

/* The photo `rel` names under `root` (a resolved directory): a malloc'd path, or NULL
 * with *status 403 (it leads outside: "..", an absolute path elsewhere, a symbolic link
 * out) or 400 (empty, no such file) and the reason in why. */
char *photo_path_resolve(const char *root, const char *rel, int *status, char *why,
			 size_t whylen);

struct api_ctx {
	struct models *models;
	const struct normalizer *nz;
	const struct class_names *names;   /* may be NULL */
	const char *image_root;            /* resolved, or NULL: no image_path */
	int max_batch;
	int top;                           /* default number of classes listed */
};

/* Answer a POST /v1/predict body: the HTTP status, and the JSON into out (a result or
 * {"error": ...}); *products gets the number scored. */
int api_predict(const struct api_ctx *c, const char *body, size_t len, struct sbuf *out,
		size_t *products);

/* GET /v1/model: the version, the alias, the classes with their names. */
void api_model(const struct api_ctx *c, struct sbuf *out);

/* {"error": "why"} */
void api_error(struct sbuf *out, const char *why);

/* A JSON string, quoted and escaped (invalid UTF-8 becomes U+FFFD). */
void json_put_string(struct sbuf *out, const char *s, size_t n);

#endif
