/* tokenize: the pc-tokenize pipeline; see tokenize.h. */
#include "text/tokenize.h"
#include "base/parallel.h"
#include "base/progress.h"
#include "base/sbuf.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define BATCH 4096

/* One product copied out of the reader: offsets into the batch arena. */
struct item {
	size_t off[3 + CATALOG_MAX_TEXT]; /* id, label, image, texts */
	size_t len[3 + CATALOG_MAX_TEXT];
};

struct batch {
	struct sbuf arena;
	struct item items[BATCH];
	struct sbuf out[BATCH];
	struct normalize_shape shape[BATCH];
	size_t n, ntext;
	const struct normalizer *nz;
	struct normalize_work work[PARALLEL_MAX_THREADS];
	struct normalize_stats st[PARALLEL_MAX_THREADS];
};

static void keep(struct batch *b, struct item *it, int k, const char *s, size_t n)
{
	it->off[k] = b->arena.len;
	it->len[k] = n;
	sbuf_add(&b->arena, s, n);
	sbuf_addc(&b->arena, '\0');
}

static void work(void *ctx, size_t begin, size_t end, int thread)
{
	struct batch *b = ctx;

	for (size_t i = begin; i < end; i++) {
		struct item *it = &b->items[i];
		struct sbuf *out = &b->out[i];

		struct normalize_shape *sh = &b->shape[i];
		struct normalize_shape *last = &b->work[thread].last;

		sbuf_reset(out);
		memset(sh, 0, sizeof(*sh));
		for (size_t k = 0; k < b->ntext; k++) {
			if (k)
				sbuf_adds(out, out->len ? " |" : "|");
			normalize_tokens(b->nz, &b->work[thread], b->arena.s + it->off[3 + k],
				    it->len[3 + k], out, &b->st[thread]);
			sh->chars += last->chars;
			sh->letters += last->letters;
			sh->upper += last->upper;
			sh->digits += last->digits;
			sh->html |= last->html;
		}
	}
}

static void write_batch(struct batch *b, FILE *out)
{
	for (size_t i = 0; i < b->n; i++) {
		struct item *it = &b->items[i];

		for (int k = 0; k < 3; k++) {
			tsv_put(out, b->arena.s + it->off[k], it->len[k]);
			tsv_sep(out);
		}
		const struct normalize_shape *sh = &b->shape[i];

		tsv_put(out, b->out[i].s ? b->out[i].s : "", b->out[i].len);
		fprintf(out, "\t%llu\t", (unsigned long long)sh->chars);
		tsv_put_float(out, sh->letters ? (float)sh->upper / (float)sh->letters : 0.0f);
		tsv_sep(out);
		tsv_put_float(out, sh->chars ? (float)sh->digits / (float)sh->chars : 0.0f);
		fprintf(out, "\t%d\n", sh->html);
	}
}

int tokenize_catalog(struct catalog *c, const struct normalizer *nz, FILE *out, int threads,
		     struct tokenize_stats *st)
{
	struct batch *b = xcalloc(1, sizeof(*b));
	struct catalog_item ci;
	struct progress pg;
	int m = 1, ret = 0;

	if (threads > PARALLEL_MAX_THREADS)
		threads = PARALLEL_MAX_THREADS;
	b->nz = nz;
	fputs("id\tlabel\timage\ttokens\tchars\tupper\tdigits\thtml\n", out);
	progress_start(&pg, "tokenize", 0);
	while (m > 0) {
		sbuf_reset(&b->arena);
		b->n = 0;
		while (b->n < BATCH && (m = catalog_next(c, &ci)) > 0) {
			struct item *it = &b->items[b->n++];

			keep(b, it, 0, ci.id, ci.id_len);
			keep(b, it, 1, ci.label, strlen(ci.label));
			keep(b, it, 2, ci.image, strlen(ci.image));
			for (size_t k = 0; k < ci.ntext; k++)
				keep(b, it, 3 + (int)k, ci.text[k], ci.text_len[k]);
			b->ntext = ci.ntext;
		}
		if (m < 0) {
			ret = -1;
			break;
		}
		parallel_for(b->n, threads, work, b);
		write_batch(b, out);
		st->rows += b->n;
		progress_add(&pg, b->n);
	}
	progress_end(&pg);
	for (int t = 0; t < PARALLEL_MAX_THREADS; t++) {
		st->norm.invalid_utf8 += b->st[t].invalid_utf8;
		st->norm.html += b->st[t].html;
		st->norm.tokens += b->st[t].tokens;
		normalize_work_free(&b->work[t]);
	}
	for (size_t i = 0; i < BATCH; i++)
		sbuf_free(&b->out[i]);
	sbuf_free(&b->arena);
	free(b);
	return ret;
}
