/* Unit tests for the synthetic catalogue: jpegio, synth_class, synth_text, synth_scene,
 * synth_catalog. */
#include "formats/csv.h"
#include "image/jpegio.h"
#include "base/msg.h"
#include "base/sbuf.h"
#include "base/xalloc.h"
#include "synth/synth_catalog.h"
#include "synth/synth_class.h"
#include "synth/synth_look.h"
#include "synth/synth_paint.h"
#include "synth/synth_scene.h"
#include "synth/synth_text.h"
#include "synth/synth_vocab.h"

#include "../testutil.h"

#include <ctype.h>
#include <math.h>
#include <search.h>
#include <stdint.h>
#include <sys/stat.h>

static char lastmsg[4096];

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* ---- jpegio ---- */

START_TEST(test_jpeg_encode)
{
	int w = 64, h = 48;
	uint8_t *rgb = malloc((size_t)w * h * 3);
	struct jpegio_buf b = { 0 };

	for (int i = 0; i < w * h * 3; i++)
		rgb[i] = (uint8_t)(i * 7);
	ck_assert_int_eq(jpegio_encode_rgb(&b, rgb, w, h, 85, "t"), 0);
	ck_assert_uint_gt(b.len, 100);
	ck_assert_int_eq(b.data[0], 0xFF);
	ck_assert_int_eq(b.data[1], 0xD8);
	ck_assert_int_eq(b.data[b.len - 2], 0xFF);
	ck_assert_int_eq(b.data[b.len - 1], 0xD9);
	/* the buffer is reused, the result the same */
	{
		size_t len = b.len;
		unsigned char *copy = malloc(len);

		memcpy(copy, b.data, len);
		ck_assert_int_eq(jpegio_encode_rgb(&b, rgb, w, h, 85, "t"), 0);
		ck_assert_uint_eq(b.len, len);
		ck_assert_int_eq(memcmp(copy, b.data, len), 0);
		free(copy);
	}
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(jpegio_encode_rgb(&b, rgb, 0, h, 85, "bad.jpg"), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "bad.jpg: bad image size 0x48"));
	ck_assert_int_eq(jpegio_write_rgb("/nonexistent-dir/x.jpg", rgb, w, h, 85, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "cannot create /nonexistent-dir/x.jpg"));
	pc_msg_capture(NULL, 0);
	jpegio_buf_free(&b);
	free(rgb);
}
END_TEST

/* ---- classes and priors ---- */

START_TEST(test_class_table)
{
	double p[SYNTH_NCLASS], f[SYNTH_NCLASS], total = 0;
	unsigned count = 0;

	for (int i = 0; i < SYNTH_NCLASS; i++) {
		count += synth_classes[i].count;
		ck_assert_int_eq(synth_class_index(synth_classes[i].code), i);
	}
	ck_assert_uint_eq(count, 84916);
	ck_assert_int_eq(synth_class_index(2583), 23);
	ck_assert_int_eq(synth_class_index(11), -1);
	synth_class_priors(p, 0);
	synth_class_priors(f, 1);
	for (int i = 0; i < SYNTH_NCLASS; i++)
		total += p[i];
	ck_assert_double_eq_tol(total, 1.0, 1e-9);
	ck_assert_double_eq_tol(p[23], 10209.0 / 84916, 1e-9);
	/* the future is summer: pool and garden up, linen down */
	ck_assert(f[synth_class_index(2583)] > p[synth_class_index(2583)]);
	ck_assert(f[synth_class_index(2582)] > p[synth_class_index(2582)]);
	ck_assert(f[synth_class_index(1920)] < p[synth_class_index(1920)]);
}
END_TEST

/* Over 40,000 planned products each category's share stays within five standard
 * deviations of its real prior (label noise moves labels by a few percent at most). */
START_TEST(test_plan_priors)
{
	struct synth_opts o;
	long n = 40000, cnt[SYNTH_NCLASS] = { 0 }, wrong = 0, future = 0;
	double p[SYNTH_NCLASS];

	synth_opts_default(&o);
	o.seed = 7;
	synth_class_priors(p, 0);
	for (long i = 0; i < n; i++) {
		struct synth_product pr;

		synth_product_plan(&pr, &o, i);
		cnt[pr.label]++;
		wrong += pr.label != pr.cls;
		future += pr.future;
	}
	for (int k = 0; k < SYNTH_NCLASS; k++) {
		double sd = sqrt(p[k] * (1 - p[k]) / n);

		ck_assert_msg(fabs((double)cnt[k] / n - p[k]) < 5 * sd + 0.002,
			      "class %d: %.4f vs %.4f", synth_classes[k].code, (double)cnt[k] / n, p[k]);
	}
	ck_assert_int_eq(future, 0);
	ck_assert(wrong > n * 0.02 && wrong < n * 0.04);
}
END_TEST

START_TEST(test_plan_ids_and_determinism)
{
	struct synth_opts o;
	long n = 20000;
	uint64_t *pid = malloc(sizeof(uint64_t) * 2 * n), *iid = malloc(sizeof(uint64_t) * 2 * n);
	struct synth_product a, b;
	long futures = 0;

	synth_opts_default(&o);
	o.seed = 3;
	o.drift = 0.3;
	for (int week = 0; week < 2; week++) {
		o.week = week;
		for (long i = 0; i < n; i++) {
			synth_product_plan(&a, &o, i);
			pid[week * n + i] = a.productid;
			iid[week * n + i] = a.imageid;
			ck_assert(a.productid < 4294000000ULL);
			ck_assert(a.imageid < 1400000000ULL);
			futures += a.future;
		}
	}
	/* drift 0.3: about 30% of products from the future */
	ck_assert(futures > 0.27 * 2 * n && futures < 0.33 * 2 * n);
	qsort(pid, 2 * n, sizeof(uint64_t), cmp_u64);
	qsort(iid, 2 * n, sizeof(uint64_t), cmp_u64);
	for (long i = 1; i < 2 * n; i++) {
		ck_assert(pid[i] != pid[i - 1]);
		ck_assert(iid[i] != iid[i - 1]);
	}
	o.week = 0;
	synth_product_plan(&a, &o, 123);
	synth_product_plan(&b, &o, 123);
	ck_assert_int_eq(memcmp(&a, &b, sizeof(a)), 0);
	o.week = 1;
	synth_product_plan(&b, &o, 123);
	ck_assert(a.productid != b.productid);
	free(pid);
	free(iid);
}
END_TEST

/* ---- text ---- */

START_TEST(test_text_shape)
{
	struct synth_text t = { SBUF_INIT, SBUF_INIT };
	struct rng r;
	long n = 6000, empty = 0, html = 0, ent = 0, upper = 0;

	for (long i = 0; i < n; i++) {
		int cls = (int)(i % SYNTH_NCLASS);

		rng_stream(&r, 11, (uint64_t)i);
		synth_text_make(&t, cls, i % 5 == 0, &r);
		ck_assert_uint_gt(t.title.len, 2);
		/* every slot filled */
		ck_assert_msg(!strchr(t.title.s, '{') && !strchr(t.title.s, '}'), "%s", t.title.s);
		ck_assert_msg(!strchr(t.desc.s, '{') && !strchr(t.desc.s, '}'), "%s", t.desc.s);
		ck_assert(!strchr(t.title.s, '\n'));
		empty += t.desc.len == 0;
		html += strchr(t.desc.s, '<') != NULL;
		ent += strstr(t.desc.s, "&eacute;") || strstr(t.desc.s, "&#39;") || strstr(t.desc.s, "&amp;");
		upper += strstr(t.title.s, "LOT ") || strstr(t.title.s, "DE ");
	}
	/* about a third without description; markup and entities in many */
	ck_assert_msg(empty > n * 0.25 && empty < n * 0.5, "%ld empty", empty);
	ck_assert(html > n / 6);
	ck_assert(ent > n / 20);
	ck_assert(upper > 0);
	synth_text_free(&t);
}
END_TEST

static int has_any(const char *s, synth_list words)
{
	for (size_t i = 0; words[i]; i++)
		if (strstr(s, words[i]))
			return 1;
	return 0;
}

START_TEST(test_text_future_vocabulary)
{
	struct synth_text t = { SBUF_INIT, SBUF_INIT };
	struct rng r;
	int pool = synth_class_index(2583), past = 0, fut = 0, newer = 0;
	const struct synth_vocab *v = &synth_vocab[pool];
	char brand[64];

	synth_future_brand(brand, sizeof(brand), pool, 0);
	ck_assert_uint_gt(strlen(brand), 2);
	for (long i = 0; i < 400; i++) {
		rng_stream(&r, 5, (uint64_t)i);
		synth_text_make(&t, pool, 0, &r);
		past += has_any(t.title.s, v->nouns) || has_any(t.title.s, v->brands);
		ck_assert(!has_any(t.title.s, v->future));
		rng_stream(&r, 5, (uint64_t)i);
		synth_text_make(&t, pool, 1, &r);
		fut += has_any(t.title.s, v->nouns) || has_any(t.title.s, v->brands);
		newer += has_any(t.title.s, v->future);
	}
	/* the future mostly drops the past's nouns and brands for its own */
	ck_assert_msg(fut * 3 < past, "past %d future %d", past, fut);
	ck_assert_msg(newer > 200, "%d", newer);
	synth_text_free(&t);
}
END_TEST

/* Words of a text: runs of letters (bytes of multibyte characters count as letters),
 * lower-cased, at least 3 bytes. Calls `f` on each. */
static void each_word(const char *s, void (*f)(const char *w, void *ctx), void *ctx)
{
	char w[128];
	size_t n = 0;

	for (;; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch && (isalpha(ch) || ch >= 0x80)) {
			if (n < sizeof(w) - 1)
				w[n++] = (char)tolower(ch);
			continue;
		}
		if (n >= 3) {
			w[n] = '\0';
			f(w, ctx);
		}
		n = 0;
		if (!ch)
			break;
	}
}

struct vocab_count {
	void *seen;     /* tsearch tree of the words of the past sample */
	long words, known;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void add_word(const char *w, void *ctx)
{
	struct vocab_count *v = ctx;

	if (!tfind(w, &v->seen, cmp_str))
		tsearch(xstrdup(w), &v->seen, cmp_str);
}

static void count_word(const char *w, void *ctx)
{
	struct vocab_count *v = ctx;

	v->words++;
	v->known += tfind(w, &v->seen, cmp_str) != NULL;
}

/* The share of the words of `n` products a class (past or future, stream `salt`) that
 * a sample of the past has written. */
static double known_share(struct vocab_count *v, int future, uint64_t salt, int n)
{
	struct synth_text t = { SBUF_INIT, SBUF_INIT };
	struct rng r;

	v->words = v->known = 0;
	for (int cls = 0; cls < SYNTH_NCLASS; cls++)
		for (int i = 0; i < n; i++) {
			rng_stream(&r, salt, (uint64_t)(cls * n + i));
			synth_text_make(&t, cls, future, &r);
			each_word(t.title.s, count_word, v);
			each_word(t.desc.s, count_word, v);
		}
	synth_text_free(&t);
	return (double)v->known / (double)v->words;
}

START_TEST(test_text_future_is_new)
{
	struct synth_text t = { SBUF_INIT, SBUF_INIT };
	struct vocab_count v = { NULL, 0, 0 };
	struct rng r;
	double past, fut;

	/* the past's vocabulary, from 300 products a category */
	for (int cls = 0; cls < SYNTH_NCLASS; cls++)
		for (int i = 0; i < 300; i++) {
			rng_stream(&r, 1, (uint64_t)(cls * 300 + i));
			synth_text_make(&t, cls, 0, &r);
			each_word(t.title.s, add_word, &v);
			each_word(t.desc.s, add_word, &v);
		}
	/* more of the past is nearly all known words; the future is mostly new ones */
	past = known_share(&v, 0, 2, 60);
	fut = known_share(&v, 1, 2, 60);
	ck_assert_msg(past > 0.95, "past %.3f", past);
	ck_assert_msg(fut < 0.65, "future %.3f", fut);
	tdestroy(v.seen, free);
	synth_text_free(&t);
}
END_TEST

/* ---- photos ---- */

START_TEST(test_scene_every_class)
{
	int s = 64;
	uint8_t *a = malloc((size_t)s * s * 3), *b = malloc((size_t)s * s * 3);
	struct canvas ca = { a, s, s }, cb = { b, s, s };
	struct rng r;

	for (int cls = 0; cls < SYNTH_NCLASS; cls++) {
		for (int fut = 0; fut < 2; fut++) {
			long sum = 0;

			rng_stream(&r, 9, (uint64_t)(cls * 2 + fut));
			synth_scene_paint(&ca, cls, fut, &r);
			rng_stream(&r, 9, (uint64_t)(cls * 2 + fut));
			synth_scene_paint(&cb, cls, fut, &r);
			ck_assert_int_eq(memcmp(a, b, (size_t)s * s * 3), 0);
			for (int i = 0; i < s * s * 3; i++)
				sum += a[i];
			/* neither black nor blank */
			ck_assert(sum > 10L * s * s * 3 && sum < 254L * s * s * 3);
		}
	}
	/* odd sizes too */
	{
		struct canvas odd = { a, 17, 23 };

		rng_stream(&r, 9, 1);
		synth_scene_paint(&odd, 0, 1, &r);
	}
	free(a);
	free(b);
}
END_TEST

/* The past's looks use the past's families, palettes and backdrops only; the future's
 * looks mostly what the past never had. */
START_TEST(test_looks)
{
	for (int cls = 0; cls < SYNTH_NCLASS; cls++) {
		const struct synth_look *p = synth_looks[cls], *f = synth_future_looks[cls];
		int total = 0, novel = 0;

		ck_assert_int_gt(p[0].weight, 0);
		ck_assert_int_gt(f[0].weight, 0);
		for (int i = 0; i < SYNTH_MAX_LOOKS && p[i].weight; i++) {
			ck_assert_int_lt(p[i].shape, SH_PAST_COUNT);
			ck_assert_int_lt(p[i].pal, PAL_PAST_COUNT);
			ck_assert_int_lt(p[i].bg, BG_LIFESTYLE);
		}
		for (int i = 0; i < SYNTH_MAX_LOOKS && f[i].weight; i++) {
			ck_assert_int_lt(f[i].shape, SH_COUNT);
			ck_assert_int_lt(f[i].pal, PAL_COUNT);
			ck_assert_int_lt(f[i].bg, BG_COUNT);
			total += f[i].weight;
			/* a future backdrop and a new family or palette */
			if (f[i].bg >= BG_LIFESTYLE && (f[i].shape >= SH_PAST_COUNT || f[i].pal >= PAL_PAST_COUNT))
				novel += f[i].weight;
		}
		ck_assert_msg(novel * 2 >= total, "class %d", synth_classes[cls].code);
	}
}
END_TEST

START_TEST(test_paint_flip_blend)
{
	uint8_t px[5 * 3 * 3], copy[sizeof(px)];
	struct canvas cv = { px, 5, 3 };

	for (size_t i = 0; i < sizeof(px); i++)
		px[i] = (uint8_t)(i * 7);
	memcpy(copy, px, sizeof(px));
	paint_flip_h(&cv);
	ck_assert_int_eq(memcmp(px, copy + 4 * 3, 3), 0);
	ck_assert_int_eq(memcmp(px + 2 * 3, copy + 2 * 3, 3), 0); /* the middle column stays */
	paint_flip_h(&cv);
	ck_assert_int_eq(memcmp(px, copy, sizeof(px)), 0);
	paint_rect_blend(&cv, 0, 0, 5, 3, (struct rgb){ 255, 0, 0 }, 0);
	ck_assert_int_eq(memcmp(px, copy, sizeof(px)), 0);
	paint_rect_blend(&cv, 1, 1, 99, 99, (struct rgb){ 255, 0, 10 }, 256);
	ck_assert_int_eq(memcmp(px, copy, 6 * 3), 0);
	ck_assert_int_eq(px[(5 + 1) * 3], 255);
	ck_assert_int_eq(px[(5 + 1) * 3 + 1], 0);
	ck_assert_int_eq(px[(5 + 1) * 3 + 2], 10);
	ck_assert_int_eq(px[(5 + 0) * 3], copy[(5 + 0) * 3]);
}
END_TEST

/* Photos of one category differ from one another (framing, props, light), and the
 * photos of a category are not all alike in colour: the mean colour of 200 photos of a
 * category varies over a wide range. */
START_TEST(test_scene_variety)
{
	int s = 32, cls = synth_class_index(2583);
	uint8_t *a = malloc((size_t)s * s * 3), *b = malloc((size_t)s * s * 3);
	struct canvas ca = { a, s, s }, cb = { b, s, s };
	struct rng r;
	double lo = 255, hi = 0;

	for (int i = 0; i < 200; i++) {
		double mean = 0;

		rng_stream(&r, 3, (uint64_t)i);
		synth_scene_paint(&ca, cls, 0, &r);
		rng_stream(&r, 3, (uint64_t)i + 1000);
		synth_scene_paint(&cb, cls, 0, &r);
		ck_assert(memcmp(a, b, (size_t)s * s * 3) != 0);
		for (int k = 0; k < s * s * 3; k++)
			mean += a[k];
		mean /= s * s * 3;
		lo = mean < lo ? mean : lo;
		hi = mean > hi ? mean : hi;
	}
	ck_assert_msg(hi - lo > 80, "mean colour from %.0f to %.0f", lo, hi);
	free(a);
	free(b);
}
END_TEST

/* ---- the catalogue ---- */

static char *make_catalogue(const char *parent, long n, int threads)
{
	struct synth_opts o;
	char *dir = tu_path(parent, "cat");

	synth_opts_default(&o);
	o.n = n;
	o.seed = 42;
	o.image_size = 24;
	o.threads = threads;
	o.drift = 0.2;
	ck_assert_int_eq(synth_catalog_write(dir, &o), 0);
	return dir;
}

/* X.csv read with lib/csv gives back exactly the generated text. */
START_TEST(test_catalogue_csv)
{
	char *tmp = tu_tmpdir(), *dir = make_catalogue(tmp, 120, 2);
	char *x = tu_path(dir, "X.csv"), *y = tu_path(dir, "Y.csv");
	struct csv *cx = csv_open(x), *cy = csv_open(y);
	struct synth_opts o;
	struct synth_text t = { SBUF_INIT, SBUF_INIT };
	long i = 0;

	synth_opts_default(&o);
	o.n = 120;
	o.seed = 42;
	o.drift = 0.2;
	ck_assert_ptr_nonnull(cx);
	ck_assert_ptr_nonnull(cy);
	ck_assert_uint_eq(cx->ncols, 5);
	ck_assert_str_eq(cx->cols[0], "");
	ck_assert_str_eq(cx->cols[1], "designation");
	ck_assert_str_eq(cx->cols[4], "imageid");
	ck_assert_str_eq(cy->cols[1], "prdtypecode");
	while (csv_next(cx) == 1) {
		struct synth_product p;
		struct rng r;
		char buf[64], *img;
		struct stat st;

		ck_assert_int_eq(csv_next(cy), 1);
		synth_product_plan(&p, &o, i);
		memcpy(r.s, p.text_seed, sizeof(r.s));
		synth_text_make(&t, p.cls, p.future, &r);
		snprintf(buf, sizeof(buf), "%ld", i);
		ck_assert_str_eq(csv_field(cx, 0), buf);
		ck_assert_str_eq(csv_field(cx, 1), t.title.s);
		ck_assert_str_eq(csv_field(cx, 2), t.desc.s);
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)p.productid);
		ck_assert_str_eq(csv_field(cx, 3), buf);
		snprintf(buf, sizeof(buf), "%d", synth_classes[p.label].code);
		ck_assert_str_eq(csv_field(cy, 1), buf);
		img = xasprintf("%s/images/image_%s_product_%s.jpg", dir, csv_field(cx, 4),
				csv_field(cx, 3));
		ck_assert_int_eq(stat(img, &st), 0);
		free(img);
		i++;
	}
	ck_assert_int_eq(i, 120);
	ck_assert_int_eq(csv_next(cy), 0);
	csv_close(cx);
	csv_close(cy);
	synth_text_free(&t);
	free(x);
	free(y);
	free(dir);
	tu_rmdir(tmp);
}
END_TEST

/* Python's csv module reads the same rows as lib/csv (skipped without python3). */
START_TEST(test_catalogue_csv_python)
{
	const char *py = getenv("PYTHON3");
	char *tmp, *dir, *dump, *got, cmd[8192];
	struct sbuf want = SBUF_INIT;
	size_t len;

	if (!py || !*py || system("\"${PYTHON3}\" -c 'import csv' 2>/dev/null") != 0)
		return;
	tmp = tu_tmpdir();
	dir = make_catalogue(tmp, 300, 1);
	dump = tu_path(tmp, "dump");
	for (int f = 0; f < 2; f++) {
		const char *name = f ? "Y.csv" : "X.csv";
		char *path = tu_path(dir, name);
		struct csv *c = csv_open(path);

		snprintf(cmd, sizeof(cmd),
			 "\"${PYTHON3}\" -c 'import csv,sys\n"
			 "w=open(sys.argv[2],\"wb\")\n"
			 "for row in csv.reader(open(sys.argv[1],newline=\"\",encoding=\"utf-8\")):\n"
			 "  w.write(\"\\x1f\".join(row).encode()+b\"\\x1e\")\n' '%s' '%s'",
			 path, dump);
		ck_assert_int_eq(system(cmd), 0);
		sbuf_reset(&want);
		for (size_t k = 0; k < c->ncols; k++) {
			if (k)
				sbuf_addc(&want, '\x1f');
			sbuf_adds(&want, c->cols[k]);
		}
		sbuf_addc(&want, '\x1e');
		while (csv_next(c) == 1) {
			for (size_t k = 0; k < csv_nfields(c); k++) {
				if (k)
					sbuf_addc(&want, '\x1f');
				sbuf_add(&want, csv_field(c, k), csv_len(c, k));
			}
			sbuf_addc(&want, '\x1e');
		}
		csv_close(c);
		got = tu_read_file(dump, &len);
		ck_assert_uint_eq(len, want.len);
		ck_assert_int_eq(memcmp(got, want.s, len), 0);
		free(got);
		free(path);
	}
	sbuf_free(&want);
	free(dump);
	free(dir);
	tu_rmdir(tmp);
}
END_TEST

START_TEST(test_catalogue_directory_policy)
{
	char *tmp = tu_tmpdir(), *dir = tu_path(tmp, "cat"), *marker = tu_path(dir, "keep");
	struct synth_opts o;
	char cmd[4200];

	synth_opts_default(&o);
	o.n = 5;
	o.image_size = 16;
	ck_assert_int_eq(mkdir(dir, 0777), 0);
	/* an empty directory is taken */
	ck_assert_int_eq(synth_catalog_write(dir, &o), 0);
	tu_write_file(marker, "x", 1);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(synth_catalog_write(dir, &o), -2);
	ck_assert_ptr_nonnull(strstr(lastmsg, "exists and is not empty"));
	ck_assert_int_eq(access(marker, F_OK), 0);
	/* --force replaces it whole */
	o.force = 1;
	ck_assert_int_eq(synth_catalog_write(dir, &o), 0);
	ck_assert_int_eq(access(marker, F_OK), -1);
	/* a parent that does not exist is bad usage */
	ck_assert_int_eq(synth_catalog_write("/nonexistent-dir/cat", &o), -2);
	pc_msg_capture(NULL, 0);
	/* nothing but the catalogue is left beside it */
	snprintf(cmd, sizeof(cmd), "test \"$(ls -A '%s')\" = cat", tmp);
	ck_assert_int_eq(system(cmd), 0);
	free(marker);
	free(dir);
	tu_rmdir(tmp);
}
END_TEST

static Suite *synth_suite(void)
{
	Suite *s = suite_create("synth");
	TCase *tc = tcase_create("synth");

	tcase_add_test(tc, test_jpeg_encode);
	tcase_add_test(tc, test_class_table);
	tcase_add_test(tc, test_plan_priors);
	tcase_add_test(tc, test_plan_ids_and_determinism);
	tcase_add_test(tc, test_text_shape);
	tcase_add_test(tc, test_text_future_vocabulary);
	tcase_add_test(tc, test_text_future_is_new);
	tcase_add_test(tc, test_looks);
	tcase_add_test(tc, test_paint_flip_blend);
	tcase_add_test(tc, test_scene_every_class);
	tcase_add_test(tc, test_scene_variety);
	tcase_add_test(tc, test_catalogue_csv);
	tcase_add_test(tc, test_catalogue_csv_python);
	tcase_add_test(tc, test_catalogue_directory_policy);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(synth_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
