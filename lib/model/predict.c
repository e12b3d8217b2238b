/* predict: the pc-predict pipeline; see predict.h. */
#include "model/predict.h"
#include "base/blas.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "base/rd.h"
#include "base/sbuf.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 4096

struct batch {
	const struct model *m;
	const struct predict_opts *o;
	struct predict_stats *st;
	const char *name;             /* the input, for messages */
	size_t n;
	struct sbuf ids, labels;      /* NUL-separated */
	size_t *id_off, *label_off;
	float *dense;                 /* BATCH x net dense */
	uint64_t *sp_off;             /* BATCH + 1 */
	uint32_t *sp_idx;
	float *sp_val;
	size_t sp_cap;
	float *p;                     /* BATCH x C */
	unsigned char *no_photo;      /* BATCH: the row's image_missing flag was set */
	long flag_col;                /* that flag's dense column, or -1 */
	struct net_work *w[PARALLEL_MAX_THREADS];
	int threads;
	int use_sparse, use_dense;
};

static void score(void *ctx, size_t begin, size_t end, int thread)
{
	struct batch *b = ctx;
	const struct net *n = b->m->net;
	size_t C = (size_t)n->s.classes;
	struct net_row rows[NET_CHUNK];

	for (size_t c = begin; c < end; c++) {
		size_t first = c * NET_CHUNK, m = b->n - first < NET_CHUNK ? b->n - first : NET_CHUNK;

		for (size_t j = 0; j < m; j++) {
			size_t i = first + j;

			rows[j].dense = b->use_dense ? b->dense + i * n->s.dense : NULL;
			rows[j].nnz = b->use_sparse ? (uint32_t)(b->sp_off[i + 1] - b->sp_off[i]) : 0;
			rows[j].idx = b->sp_idx + b->sp_off[i];
			rows[j].val = b->sp_val + b->sp_off[i];
		}
		net_predict_rows(n, b->w[thread], rows, m, b->p + first * C);
	}
}

void predict_rank(const float *p, int C, int *order, int k)
{
	for (int i = 0; i < k; i++) {
		int best = -1;

		for (int c = 0; c < C; c++) {
			int taken = 0;

			for (int j = 0; j < i && !taken; j++)
				taken = order[j] == c;
			if (!taken && (best < 0 || p[c] > p[best]))
				best = c;
		}
		order[i] = best;
	}
}

static void put_prob(FILE *fp, float v)
{
	fprintf(fp, "%.6g", (double)v);
}

static int flush(struct batch *b)
{
	const struct model *m = b->m;
	int C = m->net->s.classes, k = b->o->topk < C ? b->o->topk : C;
	int order[1024];

	if (!b->n)
		return 0;
	b->sp_off[b->n] = b->sp_off[b->n];
	parallel_for((b->n + NET_CHUNK - 1) / NET_CHUNK, b->threads, score, b);
	for (size_t i = 0; i < b->n; i++) {
		const float *p = b->p + i * (size_t)C;
		const char *id = b->ids.s + b->id_off[i], *label = b->labels.s + b->label_off[i];
		const char *late = b->o->labels ? strmap_get(b->o->labels, id, strlen(id)) : NULL;
		int kk = k > 2 ? k : 2 < C ? 2 : C;

		if (late)
			label = late;

		predict_rank(p, C, order, kk);
		if (b->o->out) {
			FILE *fp = b->o->out;

			tsv_puts(fp, id);
			tsv_sep(fp);
			tsv_puts(fp, m->classes.name[order[0]]);
			tsv_sep(fp);
			put_prob(fp, p[order[0]]);
			tsv_sep(fp);
			for (int j = 0; j < k; j++) {
				if (j)
					putc(' ', fp);
				tsv_puts(fp, m->classes.name[order[j]]);
				putc(':', fp);
				put_prob(fp, p[order[j]]);
			}
			tsv_eol(fp);
		}
		if (b->o->monitor) {
			FILE *fp = b->o->monitor;
			double ent = 0.0;

			for (int c = 0; c < C; c++)
				if (p[c] > 0.0f)
					ent -= (double)p[c] * log((double)p[c]);
			tsv_puts(fp, id);
			tsv_sep(fp);
			tsv_puts(fp, label);
			tsv_sep(fp);
			tsv_puts(fp, m->classes.name[order[0]]);
			tsv_sep(fp);
			put_prob(fp, p[order[0]]);
			tsv_sep(fp);
			put_prob(fp, C > 1 ? p[order[0]] - p[order[1]] : p[order[0]]);
			tsv_sep(fp);
			fprintf(fp, "%.6g\n", ent);
		}
		if (b->o->each)
			b->o->each(b->o->each_ctx, id, label, order[0]);
		b->st->no_photo += b->no_photo[i];
		if (*label) {
			int y = classes_find(&m->classes, label);

			b->st->labelled++;
			if (y < 0) {
				b->st->unknown_labels++;
			} else if (b->o->eval) {
				evalm_add(b->o->eval, y, p);
				b->st->no_photo_eval += b->no_photo[i];
			}
		}
	}
	b->st->rows += b->n;
	b->n = 0;
	sbuf_reset(&b->ids);
	sbuf_reset(&b->labels);
	return 0;
}

static int add_row(void *ctx, const struct pct_row *row)
{
	struct batch *b = ctx;
	const struct net *n = b->m->net;
	size_t i = b->n;

	/* a NaN or an infinity in a value the model uses would give NaN probabilities and an
	 * arbitrary class */
	{
		struct pct_row used = *row;

		if (!b->use_sparse)
			used.nnz = 0;
		if (!pct_row_finite(&used, b->use_dense ? n->s.dense : 0))
			return pc_error("%s: row %s: non-finite feature value", b->name, row->id);
	}
	b->id_off[i] = b->ids.len;
	sbuf_add(&b->ids, row->id, row->id_len);
	sbuf_addc(&b->ids, '\0');
	b->no_photo[i] = b->flag_col >= 0 && row->dense[b->flag_col] != 0.0f;
	b->label_off[i] = b->labels.len;
	sbuf_add(&b->labels, row->label, row->label_len);
	sbuf_addc(&b->labels, '\0');
	if (b->use_dense)
		memcpy(b->dense + i * n->s.dense, row->dense, n->s.dense * sizeof(float));
	if (b->use_sparse) {
		size_t at = b->sp_off[i];

		if (at + row->nnz > b->sp_cap) {
			size_t cap = b->sp_cap;

			xgrow(&b->sp_idx, &cap, at + row->nnz, sizeof(*b->sp_idx));
			b->sp_val = xreallocarray(b->sp_val, cap, sizeof(*b->sp_val));
			b->sp_cap = cap;
		}
		memcpy(b->sp_idx + at, row->idx, row->nnz * sizeof(*row->idx));
		memcpy(b->sp_val + at, row->val, row->nnz * sizeof(*row->val));
		b->sp_off[i + 1] = at + row->nnz;
	} else {
		b->sp_off[i + 1] = 0;
	}
	b->n++;
	if (b->n == BATCH) {
		flush(b);
		b->sp_off[0] = 0;
	}
	return 0;
}

/* Whether the input starts like a tensor stream: peek without consuming (stdin too). */
static int check_widths(const struct model *m, const struct pct_header *h, const char *name)
{
	const struct net *n = m->net;

	if (strcmp(h->featurizer, m->featurizer_digest))
		return pc_error("%s: made by featurizer %.12s, but the model's is %.12s", name,
				*h->featurizer ? h->featurizer : "(none)",
				*m->featurizer_digest ? m->featurizer_digest : "(none)");
	if ((n->s.sparse && h->sparse != n->s.sparse) || (n->s.dense && h->dense != n->s.dense))
		return pc_error("%s: widths (dense %u, sparse %u) differ from the model's (%u, %u)",
				name, h->dense, h->sparse, n->s.dense, n->s.sparse);
	return 0;
}

static int from_stream(struct batch *b, struct pct_reader *r)
{
	struct pct_row row;
	int k;

	if (check_widths(b->m, pct_header(r), pct_name(r)) < 0)
		return -1;
	/* the flag is where the model's featurizer puts it, in a stream of its width */
	if (b->flag_col >= 0 && pct_header(r)->dense != b->m->feat->dense)
		b->flag_col = -1;
	b->name = pct_name(r);
	while ((k = pct_next(r, &row)) > 0)
		if (add_row(b, &row) < 0)
			return -1;
	return k < 0 ? -1 : 0;
}

int predict_run(const struct model *m, const char *input, const struct predict_opts *o,
		struct predict_stats *st)
{
	struct batch *b = xcalloc(1, sizeof(*b));
	const struct net *n = m->net;
	struct pct_reader *r;
	int ret, is_stream;
	struct rd peek;

	b->m = m;
	b->o = o;
	b->st = st;
	b->threads = o->threads < 1 ? 1 : o->threads > PARALLEL_MAX_THREADS ? PARALLEL_MAX_THREADS : o->threads;
	b->use_sparse = n->s.sparse > 0;
	b->use_dense = n->s.dense > 0;
	b->id_off = xcalloc(BATCH, sizeof(*b->id_off));
	b->label_off = xcalloc(BATCH, sizeof(*b->label_off));
	b->dense = xcalloc((size_t)BATCH * (n->s.dense ? n->s.dense : 1), sizeof(float));
	b->sp_off = xcalloc(BATCH + 1, sizeof(*b->sp_off));
	b->p = xcalloc((size_t)BATCH * (size_t)n->s.classes, sizeof(float));
	b->no_photo = xcalloc(BATCH, 1);
	b->flag_col = m->feat && m->feat->patch && m->feat->dense && b->use_dense ?
		      (long)m->feat->dense - 1 : -1;
	st->image_branch = b->flag_col >= 0;
	for (int i = 0; i < b->threads; i++)
		b->w[i] = net_work_new(n);
	if (o->out)
		fputs("id\tpred\tprob\ttop\n", o->out);
	if (o->monitor)
		fputs("id\tlabel\tpred\tconfidence\tmargin\tentropy\n", o->monitor);

	/* a tensor stream starts with its magic; anything else is read as token TSV */
	if (rd_open(&peek, input) < 0) {
		ret = -1;
		goto out;
	}
	is_stream = rd_need(&peek, 4) > 0 && !memcmp(rd_ptr(&peek), PCT_MAGIC, 4);
	if (is_stream) {
		r = pct_open_rd(&peek);
		ret = r ? from_stream(b, r) : -1;
		pct_close(r);
	} else {
		st->from_tokens = 1;
		if (!m->feat) {
			rd_close(&peek);
			ret = pc_error("%s: not a tensor stream, and the model bundles no featurizer "
				       "to embed tokens with", input && strcmp(input, "-") ? input : "<stdin>");
			goto out;
		}
		b->name = input && strcmp(input, "-") ? input : "<stdin>";
		if (m->feat->patch && !b->use_dense) {
			/* a network that never reads the image part (a text model chosen on a
			 * fusion featurizer): no photo decoded, none missed */
			struct featurizer text = *m->feat;

			text.patch = NULL;
			featurizer_layout(&text);
			ret = embed_each_rd(&text, &peek, NULL, b->threads, &st->embed, add_row, b);
		} else {
			ret = embed_each_rd(m->feat, &peek, NULL, b->threads, &st->embed, add_row, b);
		}
	}
	if (ret == 0)
		flush(b);
out:
	for (int i = 0; i < b->threads; i++)
		net_work_free(b->w[i]);
	sbuf_free(&b->ids);
	sbuf_free(&b->labels);
	free(b->id_off);
	free(b->label_off);
	free(b->dense);
	free(b->sp_off);
	free(b->sp_idx);
	free(b->sp_val);
	free(b->p);
	free(b->no_photo);
	free(b);
	return ret;
}
