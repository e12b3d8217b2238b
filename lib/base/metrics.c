/* metrics: Prometheus text exposition of a run; see metrics.h. */
#include "base/metrics.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/progress.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The vocabulary.  A HELP text says what the number is for every program that writes it;
 * pc-formats(5) lists the same table (a unit test checks that it names every entry). */
static const struct {
	const char *name, *help;
} vocab[] = {
	[MET_SUCCESS] = { "success",
		"1 when the run succeeded (exit status 0 or 1), 0 when it failed" },
	[MET_EXIT_STATUS] = { "exit_status",
		"exit status of the run: 0 success, 1 a negative answer, 2 bad usage or input, "
		"3 internal failure" },
	[MET_LAST_RUN_TIMESTAMP] = { "last_run_timestamp_seconds",
		"Unix time at which the run ended" },
	[MET_LAST_SUCCESS_TIMESTAMP] = { "last_success_timestamp_seconds",
		"Unix time at which the last successful run ended (kept from the previous file "
		"when this run failed)" },
	[MET_DURATION] = { "duration_seconds", "wall-clock time of the run" },
	[MET_CPU] = { "cpu_seconds", "user plus system CPU time of the run" },
	[MET_PEAK_MEMORY] = { "peak_memory_bytes", "peak resident set size of the run" },
	[MET_ROWS] = { "rows",
		"rows (products) read from the input, or written by pc-synth; pc-drift: per data "
		"set (label data)" },
	[MET_TOKENS] = { "tokens", "tokens written" },
	[MET_INVALID_UTF8_BYTES] = { "invalid_utf8_bytes", "bytes of invalid UTF-8 repaired" },
	[MET_IMAGES_MISSING] = { "images_missing", "photos named by the input that do not exist, "
				 "and rows without any photo for a featurizer with an image branch" },
	[MET_IMAGES_UNREADABLE] = { "images_unreadable", "photos that could not be decoded" },
	[MET_TEXT_OOV_MEAN] = { "text_oov_mean",
		"mean share of a row's words that are out of the vocabulary" },
	[MET_TRAIN_ROWS] = { "train_rows",
		"rows the model was trained on (after the validation split and dropped misfits)" },
	[MET_VALID_ROWS] = { "valid_rows", "rows held out for validation" },
	[MET_EPOCHS_RUN] = { "epochs_run", "epochs trained (the last training when misfits were "
		"dropped)" },
	[MET_BEST_EPOCH] = { "best_epoch", "epoch of the model kept" },
	[MET_VALID_ACCURACY] = { "valid_accuracy", "validation accuracy of the model kept" },
	[MET_VALID_WEIGHTED_F1] = { "valid_weighted_f1",
		"validation weighted F1 of the model kept" },
	[MET_ACCURACY] = { "accuracy", "accuracy on the labelled rows" },
	[MET_WEIGHTED_F1] = { "weighted_f1", "weighted F1 on the labelled rows" },
	[MET_MACRO_F1] = { "macro_f1", "macro F1 on the labelled rows" },
	[MET_LOG_LOSS] = { "log_loss", "log loss on the labelled rows" },
	[MET_DRIFT_SHARE] = { "drift_share", "share of drifted columns" },
	[MET_DRIFT_COLUMNS_DRIFTED] = { "drift_columns_drifted", "number of drifted columns" },
	[MET_DRIFT_COLUMNS_TESTED] = { "drift_columns_tested", "number of columns tested" },
	[MET_DRIFT_DATASET] = { "drift_dataset", "1 when the data set drifted" },
	[MET_DRIFT_COLUMN_SCORE] = { "drift_column_score",
		"p-value or distance of the column's test" },
	[MET_DRIFT_COLUMN_THRESHOLD] = { "drift_column_threshold",
		"threshold of the column's test" },
	[MET_DRIFT_COLUMN_DRIFTED] = { "drift_column_drifted", "1 when the column drifted" },
	[MET_DRIFT_ACCURACY] = { "drift_accuracy",
		"accuracy of the predictions per data set (estimated=\"1\": from the confidences)" },
	[MET_DRIFT_PERFORMANCE_DROP] = { "drift_performance_drop",
		"1 when accuracy fell more than the allowed drop" },
};
_Static_assert(sizeof(vocab) / sizeof(vocab[0]) == MET_COUNT, "one vocabulary entry a metric");

struct gauge {
	enum metric m;
	char *labels;
	double value;
};

static struct gauge *gauges;
static size_t ngauges, gcap;
static double t_begin;

/* The open metrics file, from metrics_open to metrics_finish. */
static struct outfile out;
static int have_out, armed;
static pid_t owner;
static double last_success = -1;   /* from the file being replaced; -1: none */
static char *auto_path;             /* $PC_METRICS_DIR/<program>.prom */

const char *metrics_name(enum metric m)
{
	return (unsigned)m < MET_COUNT ? vocab[m].name : NULL;
}

const char *metrics_help(enum metric m)
{
	return (unsigned)m < MET_COUNT ? vocab[m].help : NULL;
}

void metrics_begin(void)
{
	t_begin = pc_now();
}

void pc_usage_get(struct pc_usage *u)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	u->wall_s = t_begin > 0 ? pc_now() - t_begin : 0;
	u->user_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
	u->sys_s = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	u->peak_rss_kb = ru.ru_maxrss;
}

void metrics_set(enum metric m, const char *labels, double value)
{
	const char *l = labels ? labels : "";

	if ((unsigned)m >= MET_COUNT)
		pc_fatal("metrics: no metric %d in the vocabulary", (int)m);
	for (size_t i = 0; i < ngauges; i++) {
		if (gauges[i].m == m && !strcmp(gauges[i].labels, l)) {
			gauges[i].value = value;
			return;
		}
	}
	xgrow(&gauges, &gcap, ngauges + 1, sizeof(*gauges));
	gauges[ngauges].m = m;
	gauges[ngauges].labels = xstrdup(l);
	gauges[ngauges].value = value;
	ngauges++;
}

void metrics_reset(void)
{
	for (size_t i = 0; i < ngauges; i++)
		free(gauges[i].labels);
	free(gauges);
	gauges = NULL;
	ngauges = gcap = 0;
	if (have_out)
		outfile_abort(&out);
	have_out = armed = 0;
	last_success = -1;
	free(auto_path);
	auto_path = NULL;
}

/* Length of the valid UTF-8 sequence at `p` (n bytes left), 0 when invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

char *metrics_label(const char *key, const char *value)
{
	size_t n = strlen(value);
	char *esc = xmalloc(3 * n + 1), *w = esc;
	const unsigned char *p = (const unsigned char *)value, *end = p + n;
	char *res;

	while (p < end) {
		size_t len = utf8_len(p, (size_t)(end - p));

		if (!len) {                     /* U+FFFD for a byte that is not UTF-8 */
			memcpy(w, "\xef\xbf\xbd", 3);
			w += 3;
			p++;
		} else if (*p == '\\' || *p == '"') {
			*w++ = '\\';
			*w++ = (char)*p++;
		} else if (*p == '\n') {
			*w++ = '\\';
			*w++ = 'n';
			p++;
		} else {
			memcpy(w, p, len);
			w += len;
			p += len;
		}
	}
	*w = '\0';
	res = xasprintf("%s=\"%s\"", key, esc);
	free(esc);
	return res;
}

static void put_value(FILE *fp, double v)
{
	if (v != v)
		fputs("NaN", fp);
	else if (v > 1e308)
		fputs("+Inf", fp);
	else if (v < -1e308)
		fputs("-Inf", fp);
	else
		fprintf(fp, "%.17g", v);
}

static double now_unix(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* prodclass_last_success_timestamp_seconds of the file `path` replaces, or -1. */
static double previous_success(const char *path)
{
	static const char key[] = "prodclass_last_success_timestamp_seconds";
	struct stat st;
	char line[4096];
	double v = -1;
	FILE *fp;

	if (!path || !strcmp(path, "-") || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !(fp = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		char *sp, *e;
		double d;

		if (strncmp(line, key, sizeof(key) - 1) ||
		    (line[sizeof(key) - 1] != '{' && line[sizeof(key) - 1] != ' '))
			continue;
		sp = strrchr(line, ' ');
		if (!sp)
			continue;
		d = strtod(sp + 1, &e);
		if (e != sp + 1 && (*e == '\n' || !*e) && d >= 0 && d < 1e12) {
			v = d;
			break;
		}
	}
	fclose(fp);
	return v;
}

static void write_file(int status, int known)
{
	struct pc_usage u;
	char *prog = metrics_label("program", pc_progname());
	int ok = known && (status == PC_EXIT_OK || status == PC_EXIT_NO);
	double t = now_unix();

	pc_usage_get(&u);
	metrics_set(MET_SUCCESS, NULL, ok);
	if (known)
		metrics_set(MET_EXIT_STATUS, NULL, status);
	metrics_set(MET_LAST_RUN_TIMESTAMP, NULL, t);
	if (ok)
		metrics_set(MET_LAST_SUCCESS_TIMESTAMP, NULL, t);
	else if (last_success >= 0)
		metrics_set(MET_LAST_SUCCESS_TIMESTAMP, NULL, last_success);
	metrics_set(MET_DURATION, NULL, u.wall_s);
	metrics_set(MET_CPU, NULL, u.user_s + u.sys_s);
	metrics_set(MET_PEAK_MEMORY, NULL, (double)u.peak_rss_kb * 1024.0);
	for (int m = 0; m < MET_COUNT; m++) {
		int header = 1;

		for (size_t i = 0; i < ngauges; i++) {
			const struct gauge *g = &gauges[i];

			if (g->m != (enum metric)m)
				continue;
			if (header) {
				fprintf(out.fp, "# HELP prodclass_%s %s\n", vocab[m].name, vocab[m].help);
				fprintf(out.fp, "# TYPE prodclass_%s gauge\n", vocab[m].name);
				header = 0;
			}
			fprintf(out.fp, "prodclass_%s{%s%s%s} ", vocab[m].name, prog,
				g->labels[0] ? "," : "", g->labels);
			put_value(out.fp, g->value);
			fputc('\n', out.fp);
		}
	}
	free(prog);
}

/* Write and commit the open file; 0, or -1 reported. */
static int finish(int status, int known)
{
	armed = 0;
	if (!have_out)
		return 0;
	have_out = 0;
	write_file(status, known);
	return outfile_commit(&out);
}

#ifdef __GLIBC__
static void at_exit(int status, void *arg)
{
	(void)arg;
	if (armed && getpid() == owner)
		finish(status, 1);
}
#else
/* Without on_exit() the status is unknown: every success path calls metrics_finish, so a
 * run that gets here failed. */
static void at_exit(void)
{
	if (armed && getpid() == owner)
		finish(PC_EXIT_INTERNAL, 0);
}
#endif

void metrics_open(const char *path)
{
	static int registered;
	const char *dir = getenv("PC_METRICS_DIR");
	struct stat st;

	if (have_out) {
		outfile_abort(&out);
		have_out = 0;
	}
	armed = 0;
	free(auto_path);
	auto_path = NULL;
	if (!path) {
		if (!dir || !*dir)
			return;
		path = auto_path = xasprintf("%s/%s.prom", dir, pc_progname());
	}
	/* outfile_open refuses what cannot be written; a directory is said plainly */
	if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		pc_error("%s: is a directory", path);
		pc_exit(PC_EXIT_INTERNAL);
	}
	last_success = previous_success(path);
	if (outfile_open(&out, path) < 0)
		pc_exit(PC_EXIT_INTERNAL);
	have_out = 1;
	owner = getpid();
	armed = 1;
	if (!registered) {
		registered = 1;
#ifdef __GLIBC__
		on_exit(at_exit, NULL);
#else
		atexit(at_exit);
#endif
	}
}

int metrics_finish(int status)
{
	return finish(status, 1) < 0 ? PC_EXIT_INTERNAL : status;
}
