/* pc-embed: token TSV (and photos) to a feature tensor stream; --fit learns the featurizer. */
#include "model/embed.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "A-B" or "A" (then B = A) into int[2] within [lo, hi]. */
static const char *parse_range(int *ab, const char *s, int lo, int hi)
{
	long a, b;
	char first[32];
	const char *dash = strchr(s, '-');
	static char why[96];

	if (dash && (size_t)(dash - s) < sizeof(first)) {
		memcpy(first, s, (size_t)(dash - s));
		first[dash - s] = '\0';
		if (parse_long(first, &a) < 0 || parse_long(dash + 1, &b) < 0)
			return "not a range A-B";
	} else if (parse_long(s, &a) == 0) {
		b = a;
	} else {
		return "not a range A-B";
	}
	if (a < lo || b > hi || b < a) {
		snprintf(why, sizeof(why), "not a range A-B with %d <= A <= B <= %d", lo, hi);
		return why;
	}
	ab[0] = (int)a;
	ab[1] = (int)b;
	return NULL;
}

static const char *word_range(void *value, const char *s)
{
	return parse_range(value, s, 1, 8);
}

static const char *char_range(void *value, const char *s)
{
	return parse_range(value, s, 0, 16);
}

/* --char-fields 1,2: bits of 1-based field numbers */
static const char *parse_fields(void *value, const char *s)
{
	char **v = strlist_split(s, NULL);
	unsigned bits = 0;
	long f;

	for (char **p = v; *p; p++) {
		if (parse_long(*p, &f) < 0 || f < 1 || f > TEXTFEAT_MAX_FIELDS) {
			strlist_free(v);
			return "not a list of field numbers from 1";
		}
		bits |= 1u << (f - 1);
	}
	strlist_free(v);
	*(unsigned *)value = bits;
	return NULL;
}

/* --field-weight 1,0.5: a weight per field */
static const char *parse_weights(void *value, const char *s)
{
	float *w = value;
	size_t n;
	char **v = strlist_split(s, &n);
	double d;

	if (n > TEXTFEAT_MAX_FIELDS) {
		strlist_free(v);
		return "more weights than text fields";
	}
	for (size_t i = 0; i < n; i++) {
		if (parse_double(v[i], &d) < 0 || !(d >= 0 && d <= 1e6)) {
			strlist_free(v);
			return "not a list of weights in [0, 1e6]";
		}
		w[i] = (float)d;
	}
	strlist_free(v);
	return NULL;
}

/* --hog 4,8: gradient cell sizes, or 0 (none) for no gradient features */
static const char *parse_cells(void *value, const char *s)
{
	struct hogfeat_opts *o = value;
	size_t n;
	char **v = strlist_split(s, &n);
	long c;

	if (n == 1 && (!strcmp(v[0], "0") || !strcmp(v[0], "none"))) {
		strlist_free(v);
		o->levels = 0;
		return NULL;
	}
	if (n < 1 || n > HOGFEAT_MAX_LEVELS) {
		strlist_free(v);
		return "not a list of 1 to 4 cell sizes, or 0";
	}
	for (size_t i = 0; i < n; i++) {
		if (parse_long(v[i], &c) < 0 || c < 2 || c > 1024) {
			strlist_free(v);
			return "not a list of cell sizes from 2 to 1024, or 0";
		}
		o->cell[i] = (int)c;
	}
	o->levels = (int)n;
	strlist_free(v);
	return NULL;
}

static void report(const struct embed_stats *st)
{
	/* rows without any photo were said once by embed_apply */
	uint64_t named = st->images_missing - st->images_none;

	if (named || st->images_bad)
		pc_warn("%llu of %llu photos skipped (%llu missing, %llu unreadable)",
			(unsigned long long)(named + st->images_bad),
			(unsigned long long)st->images, (unsigned long long)named,
			(unsigned long long)st->images_bad);
	metrics_set(MET_ROWS, NULL, (double)st->rows);
	metrics_set(MET_IMAGES_MISSING, NULL, (double)st->images_missing);
	metrics_set(MET_IMAGES_UNREADABLE, NULL, (double)st->images_bad);
	metrics_set(MET_TEXT_OOV_MEAN, NULL, st->rows ? st->oov_sum / (double)st->rows : 0.0);
}

static int apply(const struct featurizer *f, const char *input, const char *output,
		 const char *descriptors, int threads, struct embed_stats *st)
{
	struct outfile out, desc;
	int ret;

	if (outfile_open(&out, output) < 0)
		return PC_EXIT_INTERNAL;
	if (descriptors && outfile_open(&desc, descriptors) < 0) {
		outfile_abort(&out);
		return PC_EXIT_INTERNAL;
	}
	ret = embed_apply(f, input, out.fp, out.name, descriptors ? desc.fp : NULL, threads, st);
	if (ret < 0) {
		/* a write that failed (a full disk) is no fault of the input */
		int wrote_badly = ferror(out.fp) || (descriptors && ferror(desc.fp));

		outfile_abort(&out);
		if (descriptors)
			outfile_abort(&desc);
		return wrote_badly ? PC_EXIT_INTERNAL : PC_EXIT_INPUT;
	}
	{
		/* both written, then both renamed: all or none of them replaced */
		struct outfile *v[] = { &out, descriptors ? &desc : NULL };

		return outfile_commit_all(v, 2) < 0 ? PC_EXIT_INTERNAL : PC_EXIT_OK;
	}
}

int main(int argc, char **argv)
{
	struct featurizer_opts fo;
	struct embed_stats st = { 0 };
	const char *model = NULL, *fit = NULL, *output = NULL, *descriptors = NULL;
	const char *metrics = NULL, *config = NULL, *input;
	struct featurizer *f;
	int threads = parallel_default_threads();
	int text_only = 0, image_only = 0, no_sub = 0, quiet = 0, first, status;
	int word[2], chars[2];
	const struct opt opts[] = {
		OPT_FILE('m', "model", &model, "FILE",
			 "apply this featurizer (or a model's bundled one)"),
		OPT_FILE(0, "fit", &fit, "FILE", "learn a featurizer from TOKENS and write it to FILE;\n"
			 "with -o or --descriptors, then also apply it"),
		OPT__OUTPUT(&output, "the tensor stream (default stdout)"),
		OPT_FILE(0, "descriptors", &descriptors, "FILE",
			 "per-product monitoring columns (TSV)"),
		OPT__THREADS(&threads),
		OPT__CONFIG(&config),
		OPT__METRICS(&metrics),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_GROUP("fitting:"),
		OPT_BOOL(0, "text-only", &text_only, "learn the text branch only"),
		OPT_BOOL(0, "image-only", &image_only, "learn the image branch only"),
		OPT_INT(0, "bits", &fo.text_o.bits, "K", TEXTFEAT_MIN_BITS, TEXTFEAT_MAX_BITS,
			"2^K text buckets (default 20)"),
		OPT_CALLBACK(0, "word-ngrams", word, "A-B", word_range,
			     "word n-gram orders (default 1-2)"),
		OPT_CALLBACK(0, "char-ngrams", chars, "A-B", char_range,
			     "character n-gram orders, 0 for none (default 3-5)"),
		OPT_CALLBACK(0, "char-fields", &fo.text_o.char_fields, "LIST", parse_fields,
			     "fields with character n-grams, 1-based (default 1)"),
		OPT_CALLBACK(0, "field-weight", fo.text_o.field_weight, "LIST", parse_weights,
			     "weights of the text fields (default 1,1.5)"),
		OPT_BOOL(0, "namespaces", &fo.text_o.namespaces,
			 "hash each text field apart (default: together)"),
		OPT_BOOL(0, "no-sublinear", &no_sub, "raw term counts instead of 1 + ln(tf)"),
		OPT_INT(0, "image-size", &fo.patch_o.size, "PX", 8, 1024,
			"working resolution (default 32)"),
		OPT_INT(0, "patch", &fo.patch_o.patch, "PX", 2, 64, "patch size (default 6)"),
		OPT_INT(0, "stride", &fo.patch_o.stride, "N", 1, 64, "patch stride (default 1)"),
		OPT_INT(0, "dict", &fo.patch_o.k, "K", 1, 65536, "patch dictionary size (default 256)"),
		OPT_INT(0, "pool", &fo.patch_o.pool, "G", 1, 64, "pooling grid G x G (default 2)"),
		OPT_CALLBACK(0, "hog", &fo.hog_o, "CELLS", parse_cells,
			     "gradient-orientation cell sizes in pixels, or 0\n"
			     "for none (default 8,16)"),
		OPT_INT(0, "hog-size", &fo.hog_o.size, "PX", 8, 1024,
			"resolution of the gradient features (default 64)"),
		OPT_INT(0, "hog-bins", &fo.hog_o.bins, "N", 2, HOGFEAT_MAX_BINS,
			"orientation bins over 180 degrees (default 9)"),
		OPT_U64(0, "fit-images", &fo.fit_images, "N",
			"photos used for the dictionary (default 20000)"),
		OPT__SEED(&fo.seed, "random seed (default 1)"),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "--fit FEATURIZER [options] [TOKENS]\n"
			 "-m FEATURIZER|MODEL [-o OUT.pct] [--descriptors FILE] [TOKENS]",
		.summary = "Turn pc-tokenize output (and its photos) into a tensor stream.",
		.section = "embed",
		.opts = opts,
	};

	pc_set_progname(argv[0]);
	metrics_begin();
	featurizer_default_opts(&fo);
	word[0] = fo.text_o.word_min;
	word[1] = fo.text_o.word_max;
	chars[0] = fo.text_o.char_min;
	chars[1] = fo.text_o.char_max;
	first = opt_parse(&p, argc, argv);
	opt_operands(argc, first, 0, 1, "TOKENS", argv);
	input = first < argc ? argv[first] : "-";
	if (!!model == !!fit)
		opt_usage_error("give exactly one of --fit FILE and -m FILE");
	if (text_only && image_only)
		opt_usage_error("--text-only and --image-only exclude each other");
	fo.text = !image_only;
	fo.image = !text_only;
	fo.text_o.sublinear = !no_sub;
	fo.text_o.word_min = word[0];
	fo.text_o.word_max = word[1];
	fo.text_o.char_min = chars[1] == 0 ? 0 : chars[0];
	fo.text_o.char_max = chars[1];
	fo.threads = threads;
	fo.hog = fo.hog_o.levels > 0;
	metrics_open(metrics);

	if (fit) {
		if ((output || descriptors) && !strcmp(input, "-"))
			opt_usage_error("--fit with -o reads the input twice: name a file, not stdin");
		f = embed_fit(input, &fo, &st);
		if (!f)
			return PC_EXIT_INPUT;
		if (featurizer_write(f, fit) < 0) {
			featurizer_free(f);
			return PC_EXIT_INTERNAL;
		}
		report(&st);
		if (!output && !descriptors) {
			featurizer_free(f);
			return metrics_finish(PC_EXIT_OK);
		}
		memset(&st, 0, sizeof(st));
	} else {
		f = featurizer_read(model);
		if (!f)
			return PC_EXIT_INPUT;
	}
	status = apply(f, input, output ? output : "-", descriptors, threads, &st);
	featurizer_free(f);
	if (status == PC_EXIT_OK)
		report(&st);
	return metrics_finish(status);
}
