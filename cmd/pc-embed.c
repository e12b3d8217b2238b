/* pc-embed: token TSV (and photos) to a feature tensor stream; --fit learns the featurizer. */
#include "base/cli.h"
#include "model/embed.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "base/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: pc-embed --fit FEATURIZER [options] [TOKENS]\n"
	"       pc-embed -m FEATURIZER|MODEL [-o OUT.pct] [--descriptors FILE] [TOKENS]\n"
	"Turn pc-tokenize output (and its photos) into a tensor stream.\n"
	"\n"
	"  -m, --model FILE         apply this featurizer (or a model's bundled one)\n"
	"      --fit FILE           learn a featurizer from TOKENS and write it to FILE;\n"
	"                           with -o or --descriptors, then also apply it\n"
	"  -o, --output FILE        the tensor stream (default stdout)\n"
	"      --descriptors FILE   per-product monitoring columns (TSV)\n"
	"  -t, --threads N          worker threads (default: all processors)\n"
	"      --metrics FILE       write Prometheus metrics\n"
	"fitting:\n"
	"      --text-only, --image-only   learn one branch\n"
	"      --bits K             2^K text buckets (default 20)\n"
	"      --word-ngrams A-B    word n-gram orders (default 1-2)\n"
	"      --char-ngrams A-B    character n-gram orders, 0 for none (default 3-5)\n"
	"      --char-fields LIST   fields with character n-grams, 1-based (default 1)\n"
	"      --field-weight LIST  weights of the text fields (default 1,1)\n"
	"      --no-namespaces      hash all text fields together\n"
	"      --no-sublinear       raw term counts instead of 1 + ln(tf)\n"
	"      --image-size PX      working resolution (default 32)\n"
	"      --patch PX, --stride N, --dict K, --pool G   patch features (6, 1, 256, 2)\n"
	"      --fit-images N       photos used for the dictionary (default 20000)\n"
	"      --seed S             random seed (default 1)\n"
	"  -h, --help               show this help\n"
	"  -V, --version            show the version\n";

enum { OPT_FIT = 256, OPT_DESC, OPT_METRICS, OPT_TEXT_ONLY, OPT_IMAGE_ONLY, OPT_BITS,
       OPT_WORD, OPT_CHAR, OPT_CHAR_FIELDS, OPT_WEIGHT, OPT_NO_NS, OPT_NO_SUB, OPT_SIZE,
       OPT_PATCH, OPT_STRIDE, OPT_DICT, OPT_POOL, OPT_FIT_IMAGES, OPT_SEED };

static const struct option options[] = {
	{ "model", required_argument, NULL, 'm' },
	{ "fit", required_argument, NULL, OPT_FIT },
	{ "output", required_argument, NULL, 'o' },
	{ "descriptors", required_argument, NULL, OPT_DESC },
	{ "threads", required_argument, NULL, 't' },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "text-only", no_argument, NULL, OPT_TEXT_ONLY },
	{ "image-only", no_argument, NULL, OPT_IMAGE_ONLY },
	{ "bits", required_argument, NULL, OPT_BITS },
	{ "word-ngrams", required_argument, NULL, OPT_WORD },
	{ "char-ngrams", required_argument, NULL, OPT_CHAR },
	{ "char-fields", required_argument, NULL, OPT_CHAR_FIELDS },
	{ "field-weight", required_argument, NULL, OPT_WEIGHT },
	{ "no-namespaces", no_argument, NULL, OPT_NO_NS },
	{ "no-sublinear", no_argument, NULL, OPT_NO_SUB },
	{ "image-size", required_argument, NULL, OPT_SIZE },
	{ "patch", required_argument, NULL, OPT_PATCH },
	{ "stride", required_argument, NULL, OPT_STRIDE },
	{ "dict", required_argument, NULL, OPT_DICT },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "fit-images", required_argument, NULL, OPT_FIT_IMAGES },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* "A-B" or "A" (then B = A); "0" gives 0-0. */
static void parse_range(const char *opt, const char *s, int lo, int hi, int *a, int *b)
{
	const char *dash = strchr(s, '-');
	char first[32];

	if (dash && (size_t)(dash - s) < sizeof(first)) {
		memcpy(first, s, (size_t)(dash - s));
		first[dash - s] = '\0';
		*a = (int)cli_long(opt, first, lo, hi);
		*b = (int)cli_long(opt, dash + 1, lo, hi);
	} else {
		*a = *b = (int)cli_long(opt, s, lo, hi);
	}
	if (*b < *a)
		cli_usage_error("option %s: '%s' is not a range A-B with A <= B", opt, s);
}

static void parse_fields(const char *s, unsigned *bits)
{
	char *list = xstrdup(s), *save = NULL;

	*bits = 0;
	for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
		*bits |= 1u << (cli_long("--char-fields", p, 1, TEXTFEAT_MAX_FIELDS) - 1);
	free(list);
}

static void parse_weights(const char *s, float *w)
{
	char *list = xstrdup(s), *save = NULL;
	int i = 0;

	for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (i == TEXTFEAT_MAX_FIELDS)
			cli_usage_error("--field-weight: at most %d weights", TEXTFEAT_MAX_FIELDS);
		w[i++] = (float)cli_double("--field-weight", p, 0.0, 1e6);
	}
	free(list);
}

static void report(const struct embed_stats *st)
{
	if (st->images_missing || st->images_bad)
		pc_warn("%llu of %llu photos skipped (%llu missing, %llu unreadable)",
			(unsigned long long)(st->images_missing + st->images_bad),
			(unsigned long long)st->images, (unsigned long long)st->images_missing,
			(unsigned long long)st->images_bad);
	metrics_set("rows", "products read", NULL, (double)st->rows);
	metrics_set("images_missing", "photos that do not exist", NULL, (double)st->images_missing);
	metrics_set("images_unreadable", "photos that could not be decoded", NULL,
		    (double)st->images_bad);
	metrics_set("text_oov_mean", "mean share of out-of-vocabulary words", NULL,
		    st->rows ? st->oov_sum / (double)st->rows : 0.0);
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
		outfile_abort(&out);
		if (descriptors)
			outfile_abort(&desc);
		return PC_EXIT_INPUT;
	}
	if (outfile_commit(&out) < 0 || (descriptors && outfile_commit(&desc) < 0))
		return PC_EXIT_INTERNAL;
	return PC_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct featurizer_opts fo;
	struct embed_stats st = { 0 };
	const char *model = NULL, *fit = NULL, *output = NULL, *descriptors = NULL;
	const char *metrics = NULL, *input;
	struct featurizer *f;
	int threads = parallel_default_threads();
	int c, status;

	pc_set_progname(argv[0]);
	metrics_begin();
	featurizer_default_opts(&fo);
	while ((c = getopt_long(argc, argv, "m:o:t:hV", options, NULL)) != -1) {
		switch (c) {
		case 'm': model = optarg; break;
		case OPT_FIT: fit = optarg; break;
		case 'o': output = optarg; break;
		case OPT_DESC: descriptors = optarg; break;
		case 't': threads = (int)cli_long("--threads", optarg, 1, 256); break;
		case OPT_METRICS: metrics = optarg; break;
		case OPT_TEXT_ONLY: fo.image = 0; break;
		case OPT_IMAGE_ONLY: fo.text = 0; break;
		case OPT_BITS:
			fo.text_o.bits = (int)cli_long("--bits", optarg, TEXTFEAT_MIN_BITS,
						       TEXTFEAT_MAX_BITS);
			break;
		case OPT_WORD:
			parse_range("--word-ngrams", optarg, 1, 8, &fo.text_o.word_min,
				    &fo.text_o.word_max);
			break;
		case OPT_CHAR:
			parse_range("--char-ngrams", optarg, 0, 16, &fo.text_o.char_min,
				    &fo.text_o.char_max);
			break;
		case OPT_CHAR_FIELDS: parse_fields(optarg, &fo.text_o.char_fields); break;
		case OPT_WEIGHT: parse_weights(optarg, fo.text_o.field_weight); break;
		case OPT_NO_NS: fo.text_o.namespaces = 0; break;
		case OPT_NO_SUB: fo.text_o.sublinear = 0; break;
		case OPT_SIZE: fo.patch_o.size = (int)cli_long("--image-size", optarg, 8, 1024); break;
		case OPT_PATCH: fo.patch_o.patch = (int)cli_long("--patch", optarg, 2, 64); break;
		case OPT_STRIDE: fo.patch_o.stride = (int)cli_long("--stride", optarg, 1, 64); break;
		case OPT_DICT: fo.patch_o.k = (int)cli_long("--dict", optarg, 1, 65536); break;
		case OPT_POOL: fo.patch_o.pool = (int)cli_long("--pool", optarg, 1, 64); break;
		case OPT_FIT_IMAGES: fo.fit_images = cli_u64("--fit-images", optarg); break;
		case OPT_SEED: fo.seed = cli_u64("--seed", optarg); break;
		case 'h': fputs(usage, stdout); return PC_EXIT_OK;
		case 'V': cli_version();
		default: cli_usage_error("unknown option");
		}
	}
	if (argc - optind > 1)
		cli_usage_error("too many arguments");
	input = optind < argc ? argv[optind] : "-";
	if (!!model == !!fit)
		cli_usage_error("give exactly one of --fit FILE and -m FILE");
	if (!fo.text && !fo.image)
		cli_usage_error("--text-only and --image-only exclude each other");
	if (fo.text_o.char_max == 0)
		fo.text_o.char_min = 0;
	fo.threads = threads;

	if (fit) {
		if ((output || descriptors) && !strcmp(input, "-"))
			cli_usage_error("--fit with -o reads the input twice: name a file, not stdin");
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
			return metrics_write(metrics) < 0 ? PC_EXIT_INTERNAL : PC_EXIT_OK;
		}
		memset(&st, 0, sizeof(st));
	} else {
		f = featurizer_read(model);
		if (!f)
			return PC_EXIT_INPUT;
	}
	status = apply(f, input, output ? output : "-", descriptors, threads, &st);
	featurizer_free(f);
	if (status == PC_EXIT_OK) {
		report(&st);
		if (metrics_write(metrics) < 0)
			status = PC_EXIT_INTERNAL;
	}
	return status;
}
