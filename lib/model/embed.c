/* embed: token TSV to tensor stream through a featurizer; see embed.h. */
#include "model/embed.h"
#include "image/colorfeat.h"
#include "image/image.h"
#include "base/msg.h"
#include "base/parallel.h"
#include "base/progress.h"
#include "base/sbuf.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BATCH 1024
#define NAMED_ERRORS 5

enum { C_ID, C_LABEL, C_IMAGE, C_TOKENS, C_CHARS, C_UPPER, C_DIGITS, C_HTML, NCOLS };
static const char *const colnames[NCOLS] = {
	"id", "label", "image", "tokens", "chars", "upper", "digits", "html",
};

struct item {
	size_t off[NCOLS], len[NCOLS];
	int has[NCOLS];
	int use_image;            /* fit: sample this photo */
	uint64_t image_index;
	/* results */
	uint32_t nnz;
	size_t sp_off;            /* into the thread's sparse pool */
	int sp_thread;
	int image_state;          /* 0 ok, 1 no photo, 2 missing file, 3 bad file */
	char *error;              /* message for a bad photo */
	float oov;
	struct image_info info;
	struct image_desc desc;
	uint64_t words;
};

struct worker {
	struct textfeat_work tw;
	struct patchfeat_work pw;
	struct hogfeat_work hw;
	struct image decoded, sized;
	uint32_t *sp_idx;
	float *sp_val;
	size_t sp_n, sp_cap;
	struct textfeat_fit *fit;
	char msg[1024];
};

struct batch {
	const struct featurizer *f;
	struct patchfeat_fit *pfit;
	struct sbuf arena;
	struct item items[BATCH];
	float *dense;             /* BATCH x f->dense */
	size_t n;
	int col[NCOLS];
	int describe;
	struct worker w[PARALLEL_MAX_THREADS];
	int image_size;
};

static int find_columns(struct tsv **t, int col[NCOLS])
{
	if (!*t)
		return -1;
	for (int c = 0; c < NCOLS; c++)
		col[c] = tsv_column(*t, colnames[c]);
	if (col[C_ID] < 0 || col[C_TOKENS] < 0) {
		pc_error_at(tsv_name(*t), 1, "no column '%s' (is this pc-tokenize output?)",
			    col[C_ID] < 0 ? "id" : "tokens");
		tsv_close(*t);
		*t = NULL;
		return -1;
	}
	return 0;
}

/* Copy up to BATCH rows into the batch; returns rows read, or -1. */
static long read_batch(struct batch *b, struct tsv *t)
{
	int m = 1;

	sbuf_reset(&b->arena);
	b->n = 0;
	while (b->n < BATCH && (m = tsv_next(t)) > 0) {
		struct item *it = &b->items[b->n++];

		memset(it, 0, sizeof(*it));
		for (int c = 0; c < NCOLS; c++) {
			if (b->col[c] < 0)
				continue;
			it->has[c] = 1;
			it->off[c] = b->arena.len;
			it->len[c] = t->f[b->col[c]].len;
			sbuf_add(&b->arena, t->f[b->col[c]].s, t->f[b->col[c]].len);
			sbuf_addc(&b->arena, '\0');
		}
	}
	return m < 0 ? -1 : (long)b->n;
}

static const char *field(const struct batch *b, const struct item *it, int c)
{
	return it->has[c] ? b->arena.s + it->off[c] : "";
}

/* Decode the item's photo into w->decoded; sets it->image_state. */
static int load_photo(struct batch *b, struct item *it, struct worker *w)
{
	const char *path = field(b, it, C_IMAGE);
	struct stat sb;

	if (!*path) {
		it->image_state = 1;
		return -1;
	}
	if (stat(path, &sb) != 0) {
		it->image_state = 2;
		it->error = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	pc_msg_capture(w->msg, sizeof(w->msg));
	if (image_load_jpeg(path, b->image_size, &w->decoded, &it->info) < 0) {
		size_t n = strlen(w->msg);

		it->image_state = 3;
		while (n && w->msg[n - 1] == '\n')
			w->msg[--n] = '\0';
		/* drop our own "prog: " prefix: the caller adds it again */
		it->error = xstrdup(strchr(w->msg, ' ') ? strchr(w->msg, ' ') + 1 : w->msg);
		pc_msg_capture(NULL, 0);
		return -1;
	}
	pc_msg_capture(NULL, 0);
	return 0;
}

static uint64_t count_words(const char *s)
{
	uint64_t n = 0;
	int in = 0;

	for (; *s; s++) {
		if (*s == ' ') {
			in = 0;
		} else if (!in) {
			in = 1;
			if (!(s[0] == '|' && (s[1] == ' ' || !s[1])))
				n++;
		}
	}
	return n;
}

static void apply_work(void *ctx, size_t begin, size_t end, int thread)
{
	struct batch *b = ctx;
	const struct featurizer *f = b->f;
	struct worker *w = &b->w[thread];

	w->sp_n = 0;
	for (size_t i = begin; i < end; i++) {
		struct item *it = &b->items[i];
		float *row = b->dense + i * f->dense;

		if (f->text) {
			const uint32_t *idx;
			const float *val;

			textfeat_compute(f->text, &w->tw, field(b, it, C_TOKENS), it->len[C_TOKENS],
					 &idx, &val, &it->nnz, &it->oov);
			xgrow(&w->sp_idx, &w->sp_cap, w->sp_n + it->nnz, sizeof(*w->sp_idx));
			w->sp_val = xreallocarray(w->sp_val, w->sp_cap, sizeof(*w->sp_val));
			memcpy(w->sp_idx + w->sp_n, idx, it->nnz * sizeof(*idx));
			memcpy(w->sp_val + w->sp_n, val, it->nnz * sizeof(*val));
			it->sp_off = w->sp_n;
			it->sp_thread = thread;
			w->sp_n += it->nnz;
		}
		it->words = count_words(field(b, it, C_TOKENS));
		if (!f->patch && !b->describe)
			continue;
		if (load_photo(b, it, w) < 0) {
			if (f->dense) {
				memset(row, 0, f->dense * sizeof(*row));
				row[f->dense - 1] = 1.0f;
			}
			continue;
		}
		if (b->describe)
			image_describe(&w->decoded, &it->desc);
		if (f->patch)
			featurizer_image_row(f, &w->decoded, &w->sized, &w->pw, &w->hw, row);
	}
}

static void report_photo(struct embed_stats *st, struct item *it, int image_branch)
{
	if (it->len[C_IMAGE])
		st->images++;
	if (it->image_state == 1 && image_branch) {
		st->images_none++;
		st->images_missing++;
	}
	if (it->image_state == 2)
		st->images_missing++;
	if (it->image_state == 3)
		st->images_bad++;
	if (it->error) {
		if (st->images_missing - st->images_none + st->images_bad <= NAMED_ERRORS)
			pc_warn("photo skipped: %s", it->error);
		free(it->error);
		it->error = NULL;
	}
}

static void put_desc(FILE *fp, const struct batch *b, const struct item *it)
{
	const char *chars = field(b, it, C_CHARS);

	tsv_put(fp, field(b, it, C_ID), it->len[C_ID]);
	tsv_sep(fp);
	tsv_put(fp, field(b, it, C_LABEL), it->len[C_LABEL]);
	fprintf(fp, "\t%s\t%llu\t%s\t%s\t%s\t", *chars ? chars : "0",
		(unsigned long long)it->words, it->has[C_UPPER] ? field(b, it, C_UPPER) : "0",
		it->has[C_DIGITS] ? field(b, it, C_DIGITS) : "0",
		it->has[C_HTML] ? field(b, it, C_HTML) : "0");
	tsv_put_float(fp, it->oov);
	if (it->image_state) {
		fputs("\t1\t\t\t\t\t\t\t\t\n", fp);
		return;
	}
	fprintf(fp, "\t0\t%d\t%d\t%llu\t", it->info.width, it->info.height,
		(unsigned long long)it->info.file_size);
	tsv_put_float(fp, (float)it->desc.brightness);
	tsv_sep(fp);
	tsv_put_float(fp, (float)it->desc.contrast);
	tsv_sep(fp);
	tsv_put_float(fp, (float)it->desc.saturation);
	tsv_sep(fp);
	tsv_put_float(fp, (float)it->desc.sharpness);
	tsv_sep(fp);
	tsv_put_float(fp, (float)it->desc.colourfulness);
	tsv_eol(fp);
}

static void free_batch(struct batch *b, int threads)
{
	for (int t = 0; t < threads; t++) {
		struct worker *w = &b->w[t];

		textfeat_work_free(&w->tw);
		if (b->f && b->f->patch)
			patchfeat_work_free(&w->pw);
		hogfeat_work_free(&w->hw);
		image_free(&w->decoded);
		image_free(&w->sized);
		free(w->sp_idx);
		free(w->sp_val);
		textfeat_fit_free(w->fit);
	}
	sbuf_free(&b->arena);
	free(b->dense);
	free(b);
}

static int write_row(void *ctx, const struct pct_row *row)
{
	return pct_write(ctx, row);
}

int embed_apply(const struct featurizer *f, const char *input, FILE *out, const char *outname,
		FILE *desc, int threads, struct embed_stats *st)
{
	struct pct_header h;
	struct pct_writer *pw;
	int ret;

	featurizer_header(f, &h);
	pw = pct_create(out, outname, &h);
	pct_header_free(&h);
	if (!pw)
		return -1;
	ret = embed_each(f, input, desc, threads, st, write_row, pw);
	if (ret == 0)
		return pct_finish(pw);
	pct_discard(pw);
	return ret;
}

int embed_each(const struct featurizer *f, const char *input, FILE *desc, int threads,
	       struct embed_stats *st, embed_row_fn fn, void *ctx)
{
	struct rd r;

	if (rd_open(&r, input) < 0)
		return -1;
	return embed_each_rd(f, &r, desc, threads, st, fn, ctx);
}

int embed_each_rd(const struct featurizer *f, struct rd *input, FILE *desc, int threads,
		  struct embed_stats *st, embed_row_fn fn, void *ctx)
{
	struct batch *b = xcalloc(1, sizeof(*b));
	struct progress pg;
	struct tsv *t;
	long n;
	int ret = 0;
	uint64_t rows0 = st->rows, none0 = st->images_none;

	if (threads < 1)
		threads = 1;
	if (threads > PARALLEL_MAX_THREADS)
		threads = PARALLEL_MAX_THREADS;
	b->f = f;
	b->describe = desc != NULL;
	b->image_size = f->patch ? patchfeat_get_opts(f->patch)->size : 32;
	t = tsv_open_rd(input);
	if (find_columns(&t, b->col) < 0) {
		free_batch(b, threads);
		return -1;
	}
	if (f->patch)
		for (int i = 0; i < threads; i++)
			patchfeat_work_init(&b->w[i].pw, f->patch);
	for (int i = 0; i < threads; i++)
		hogfeat_work_init(&b->w[i].hw);
	b->dense = xcalloc((size_t)BATCH * (f->dense ? f->dense : 1), sizeof(float));
	if (desc)
		fputs("id\tlabel\ttext_chars\ttext_words\ttext_upper\ttext_digits\ttext_html\t"
		      "text_oov\timage_missing\timage_width\timage_height\timage_bytes\t"
		      "brightness\tcontrast\tsaturation\tsharpness\tcolourfulness\n", desc);
	progress_start(&pg, "embed", 0);
	while ((n = read_batch(b, t)) > 0) {
		parallel_for(b->n, threads, apply_work, b);
		for (size_t i = 0; i < b->n && ret == 0; i++) {
			struct item *it = &b->items[i];
			struct worker *w = &b->w[it->sp_thread];
			struct pct_row row = {
				.id = field(b, it, C_ID), .id_len = it->len[C_ID],
				.label = field(b, it, C_LABEL), .label_len = it->len[C_LABEL],
				.dense = b->dense + i * f->dense, .nnz = it->nnz,
				.idx = f->text ? w->sp_idx + it->sp_off : NULL,
				.val = f->text ? w->sp_val + it->sp_off : NULL,
			};

			report_photo(st, it, f->patch != NULL);
			st->oov_sum += it->oov;
			if (fn(ctx, &row) < 0)
				ret = -1;
			if (desc)
				put_desc(desc, b, it);
		}
		st->rows += b->n;
		progress_add(&pg, b->n);
		if (ret < 0)
			break;
	}
	progress_end(&pg);
	if (n < 0)
		ret = -1;
	if (ret == 0 && st->images_none > none0) {
		/* once, with the count: forgetting pc-tokenize -i costs a fusion model most of
		 * its accuracy, and a line per row would drown */
		unsigned long long none = st->images_none - none0, rows = st->rows - rows0;

		if (b->col[C_IMAGE] < 0)
			pc_warn("%s: no column 'image': the %llu rows are featurized without a photo "
				"(image_missing = 1); pc-tokenize -i DIR names the photos",
				tsv_name(t), rows);
		else
			pc_warn("%s: %llu of %llu rows have no photo: featurized without one "
				"(image_missing = 1)", tsv_name(t), none, rows);
	}
	tsv_close(t);
	free_batch(b, threads);
	return ret;
}

static void fit_work(void *ctx, size_t begin, size_t end, int thread)
{
	struct batch *b = ctx;
	struct worker *w = &b->w[thread];

	for (size_t i = begin; i < end; i++) {
		struct item *it = &b->items[i];

		if (w->fit)
			textfeat_fit_add(w->fit, &w->tw, field(b, it, C_TOKENS), it->len[C_TOKENS]);
		if (it->use_image && load_photo(b, it, w) == 0) {
			image_resize(&w->decoded, b->image_size, b->image_size, &w->sized);
			patchfeat_fit_add(b->pfit, it->image_index, &w->sized);
		}
	}
}

struct featurizer *embed_fit(const char *input, const struct featurizer_opts *o,
			     struct embed_stats *st)
{
	struct batch *b = xcalloc(1, sizeof(*b));
	int threads = o->threads < 1 ? 1 : o->threads > PARALLEL_MAX_THREADS ? PARALLEL_MAX_THREADS : o->threads;
	struct featurizer *f = xcalloc(1, sizeof(*f));
	uint64_t next_image = 0;
	struct patchfeat_opts po = o->patch_o;
	struct progress pg;
	struct tsv *t;
	long n;

	f->o = *o;
	if (!o->text && !o->image) {
		pc_error("nothing to fit: both the text and the image parts are off");
		goto fail;
	}
	if (o->text && textfeat_check_opts(&o->text_o) < 0)
		goto fail;
	if (o->image && o->hog && hogfeat_check_opts(&o->hog_o) < 0)
		goto fail;
	t = tsv_open(input);
	if (find_columns(&t, b->col) < 0)
		goto fail;
	if (o->image && b->col[C_IMAGE] < 0) {
		if (!o->text) {
			pc_error_at(tsv_name(t), 1, "no column 'image' to learn the image part from");
			tsv_close(t);
			goto fail;
		}
		pc_warn("%s: no column 'image': learning the text part only", tsv_name(t));
		f->o.image = 0;
	}
	if (o->text)
		for (int i = 0; i < threads; i++)
			b->w[i].fit = textfeat_fit_new(&o->text_o);
	if (f->o.image) {
		po.seed = o->seed;
		po.threads = threads;
		b->pfit = patchfeat_fit_new(&po);
		if (!b->pfit) {
			tsv_close(t);
			goto fail;
		}
		b->image_size = po.size;
	}
	progress_start(&pg, "fit", 0);
	while ((n = read_batch(b, t)) > 0) {
		for (size_t i = 0; i < b->n; i++) {
			struct item *it = &b->items[i];

			if (f->o.image && it->len[C_IMAGE] && next_image < o->fit_images) {
				it->use_image = 1;
				it->image_index = next_image++;
			}
		}
		parallel_for(b->n, threads, fit_work, b);
		for (size_t i = 0; i < b->n; i++)
			report_photo(st, &b->items[i], 0);
		st->rows += b->n;
		progress_add(&pg, b->n);
	}
	progress_end(&pg);
	tsv_close(t);
	if (n < 0)
		goto fail;
	if (!st->rows) {
		pc_error("%s: no rows to learn from", input ? input : "<stdin>");
		goto fail;
	}
	if (o->text) {
		for (int i = 1; i < threads; i++)
			textfeat_fit_merge(b->w[0].fit, b->w[i].fit);
		f->text = textfeat_fit_finish(b->w[0].fit);
	}
	if (f->o.image) {
		st->fit_images = next_image - st->images_missing - st->images_bad;
		if (!patchfeat_fit_count(b->pfit) && f->o.text) {
			/* a catalogue without photos: a text model, said once */
			pc_warn("%s: no photo to learn the image part from (%llu of %llu rows have "
				"none): learning the text part only", input ? input : "<stdin>",
				(unsigned long long)(st->rows - st->fit_images),
				(unsigned long long)st->rows);
			patchfeat_fit_free(b->pfit);
			b->pfit = NULL;
			f->o.image = 0;
		}
	}
	if (f->o.image) {
		f->patch = patchfeat_fit_finish(b->pfit);
		b->pfit = NULL;
		if (!f->patch)
			goto fail;
		f->o.patch_o = *patchfeat_get_opts(f->patch);
		f->o.patch_o.seed = o->seed;
		f->hog = o->hog;
		f->hog_o = o->hog_o;
	}
	featurizer_layout(f);
	free_batch(b, threads);
	return f;
fail:
	if (b->pfit)
		patchfeat_fit_free(b->pfit);
	free_batch(b, threads);
	featurizer_free(f);
	return NULL;
}
