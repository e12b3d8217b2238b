/* score1: products scored through the model's own featurizer; see score1.h. */
#include "serve/score1.h"
#include "base/msg.h"
#include "base/sbuf.h"
#include "base/xalloc.h"
#include "image/colorfeat.h"
#include "image/image.h"
#include "image/patchfeat.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct slot {
	uint32_t *idx;
	float *val;
	uint32_t nnz;
	size_t cap;
};

struct score1_work {
	struct normalize_work nw;
	struct sbuf tokens;
	struct textfeat_work tw;
	struct patchfeat_work pw;
	struct hogfeat_work hw;
	int have_pw;
	struct image decoded, sized;
	float *dense;                 /* NET_CHUNK x featurizer dense */
	uint32_t dense_w;
	struct slot slot[NET_CHUNK];
	struct net_work *net;
};

struct score1_work *score1_work_new(const struct model *m)
{
	struct score1_work *w;

	if (!m->feat) {
		pc_error("%s: the model bundles no featurizer: it scores tensor streams only, not "
			 "products", m->name ? m->name : "model");
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->dense_w = m->feat->dense;
	w->dense = xcalloc((size_t)NET_CHUNK * (w->dense_w ? w->dense_w : 1), sizeof(float));
	if (m->feat->patch) {
		patchfeat_work_init(&w->pw, m->feat->patch);
		w->have_pw = 1;
	}
	w->net = net_work_new(m->net);
	return w;
}

void score1_work_free(struct score1_work *w)
{
	if (!w)
		return;
	normalize_work_free(&w->nw);
	sbuf_free(&w->tokens);
	textfeat_work_free(&w->tw);
	if (w->have_pw)
		patchfeat_work_free(&w->pw);
	hogfeat_work_free(&w->hw);
	image_free(&w->decoded);
	image_free(&w->sized);
	free(w->dense);
	for (int i = 0; i < NET_CHUNK; i++) {
		free(w->slot[i].idx);
		free(w->slot[i].val);
	}
	net_work_free(w->net);
	free(w);
}

/* The product's tokens, as pc-tokenize writes them. */
static void make_tokens(const struct normalizer *nz, struct score1_work *w,
			const struct score1_product *p, const char **s, size_t *n)
{
	if (p->tokens) {
		*s = p->tokens;
		*n = p->tokens_len;
		return;
	}
	sbuf_reset(&w->tokens);
	for (size_t k = 0; k < p->ntext; k++) {
		if (k)
			sbuf_adds(&w->tokens, w->tokens.len ? " |" : "|");
		normalize_tokens(nz, &w->nw, p->text[k] ? p->text[k] : "", p->text[k] ? p->text_len[k] : 0,
				 &w->tokens, NULL);
	}
	*s = w->tokens.s ? w->tokens.s : "";
	*n = w->tokens.len;
}

/* Copy the last captured message without our "prog: " prefix. */
static void captured(const char *msg, char *why, size_t whylen)
{
	const char *prog = pc_progname();
	size_t pl = prog ? strlen(prog) : 0, n;

	if (!why || !whylen)
		return;
	if (pl && !strncmp(msg, prog, pl) && msg[pl] == ':' && msg[pl + 1] == ' ')
		msg += pl + 2;
	snprintf(why, whylen, "%s", msg);
	n = strlen(why);
	while (n && why[n - 1] == '\n')
		why[--n] = '\0';
}

/* Decode the photo into w->decoded at min_side. */
static enum score1_photo load_photo(struct score1_work *w, const struct score1_product *p,
				    int min_side, const char *name, char *why, size_t whylen)
{
	char msg[512];
	int r;

	if (p->jpeg) {
		pc_msg_capture(msg, sizeof(msg));
		r = image_decode_jpeg(name ? name : "image", p->jpeg, p->jpeg_len, min_side,
				      &w->decoded, NULL);
	} else if (p->image_path && *p->image_path) {
		struct stat sb;

		if (stat(p->image_path, &sb) != 0) {
			if (why && whylen)
				snprintf(why, whylen, "%s: %s", p->image_path, strerror(errno));
			return SCORE1_PHOTO_MISSING;
		}
		pc_msg_capture(msg, sizeof(msg));
		r = image_load_jpeg(p->image_path, min_side, &w->decoded, NULL);
	} else {
		return SCORE1_PHOTO_NONE;
	}
	pc_msg_capture(NULL, 0);
	if (r < 0) {
		captured(msg, why, whylen);
		return SCORE1_PHOTO_BAD;
	}
	return SCORE1_PHOTO_OK;
}

enum score1_photo score1_featurize(const struct model *m, const struct normalizer *nz,
				   struct score1_work *w, size_t slot,
				   const struct score1_product *p, int check_photo,
				   const char *name, char *why, size_t whylen)
{
	const struct featurizer *f = m->feat;
	struct slot *s = &w->slot[slot];
	float *row = w->dense + slot * w->dense_w;
	enum score1_photo st = SCORE1_PHOTO_NONE;

	if (why && whylen)
		why[0] = '\0';
	s->nnz = 0;
	if (f->text) {
		const uint32_t *idx;
		const float *val;
		const char *tok;
		size_t ntok;
		float oov;

		make_tokens(nz, w, p, &tok, &ntok);
		textfeat_compute(f->text, &w->tw, tok, ntok, &idx, &val, &s->nnz, &oov);
		if (s->nnz > s->cap) {
			s->cap = s->nnz;
			s->idx = xreallocarray(s->idx, s->cap, sizeof(*s->idx));
			s->val = xreallocarray(s->val, s->cap, sizeof(*s->val));
		}
		memcpy(s->idx, idx, s->nnz * sizeof(*idx));
		memcpy(s->val, val, s->nnz * sizeof(*val));
	}
	if (!f->patch) {
		/* no image branch: pc-embed never opens the photo */
		if (check_photo)
			st = load_photo(w, p, 32, name, why, whylen);
		return st;
	}
	{
		int size = patchfeat_get_opts(f->patch)->size;

		st = load_photo(w, p, size, name, why, whylen);
		if (st != SCORE1_PHOTO_OK) {
			if (w->dense_w) {
				memset(row, 0, w->dense_w * sizeof(*row));
				row[w->dense_w - 1] = 1.0f;
			}
			return st;
		}
		featurizer_image_row(f, &w->decoded, &w->sized, &w->pw, &w->hw, row);
	}
	return st;
}

int score1_row_finite(const struct model *m, const struct score1_work *w, size_t slot)
{
	const struct slot *s = &w->slot[slot];
	const float *row = w->dense + slot * w->dense_w;

	if (m->net->s.sparse)
		for (uint32_t i = 0; i < s->nnz; i++)
			if (!isfinite(s->val[i]))
				return 0;
	if (m->net->s.dense)
		for (uint32_t i = 0; i < m->net->s.dense && i < w->dense_w; i++)
			if (!isfinite(row[i]))
				return 0;
	return 1;
}

void score1_predict(const struct model *m, struct score1_work *w, size_t n, float *prob)
{
	const struct net *net = m->net;
	struct net_row rows[NET_CHUNK];

	for (size_t j = 0; j < n; j++) {
		rows[j].dense = net->s.dense ? w->dense + j * w->dense_w : NULL;
		rows[j].nnz = net->s.sparse ? w->slot[j].nnz : 0;
		rows[j].idx = w->slot[j].idx;
		rows[j].val = w->slot[j].val;
	}
	net_predict_rows(net, w->net, rows, n, prob);
}

