/* Unit tests for the core modules: msg, outfile, rd, tsv, csv, rng, metrics, opt numbers. */
#include "base/opt.h"
#include "formats/csv.h"
#include "base/metrics.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/rng.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#include "../testutil.h"

#include <math.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char lastmsg[4096];

/* ---- msg ---- */

START_TEST(test_msg_format)
{
	pc_set_progname("/usr/bin/pc-test");
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(pc_error_at("x.tsv", 12, "expected %d fields", 3), -1);
	ck_assert_str_eq(lastmsg, "pc-test: x.tsv:12: expected 3 fields\n");
	ck_assert_int_eq(pc_error("bad %s", "thing"), -1);
	ck_assert_str_eq(lastmsg, "pc-test: bad thing\n");
	pc_warn_at("y", 0, "odd");
	ck_assert_str_eq(lastmsg, "pc-test: warning: y: odd\n");
	pc_msg_capture(NULL, 0);
}
END_TEST

/* Held messages: none go out until put, then each in order; a nested hold keeps its own. */
START_TEST(test_msg_hold)
{
	struct pc_msg_held outer, inner;

	pc_set_progname("pc-test");
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	pc_msg_hold(&outer);
	pc_warn("first");
	pc_msg_hold(&inner);
	ck_assert_int_eq(pc_error("inner"), -1);
	pc_msg_unhold(&inner);
	ck_assert_int_eq(pc_error_at("f", 3, "second"), -1);
	pc_msg_unhold(&outer);
	ck_assert_str_eq(lastmsg, "");
	ck_assert_str_eq(outer.text, "pc-test: warning: first\npc-test: f:3: second\n");
	ck_assert_str_eq(inner.text, "pc-test: inner\n");
	pc_msg_put_held(&outer);
	ck_assert_str_eq(lastmsg, "pc-test: f:3: second\n");	/* the capture keeps the last */
	pc_msg_put_held(&inner);
	ck_assert_str_eq(lastmsg, "pc-test: inner\n");
	pc_msg_capture(NULL, 0);
}
END_TEST

/* pc_fatal under a hold: its message still goes out as the program ends. */
START_TEST(test_msg_fatal_not_held)
{
	int fd[2], status;
	char out[256] = "";
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe(fd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct pc_msg_held h;

		dup2(fd[1], 2);
		pc_set_progname("pc-test");
		pc_msg_hold(&h);
		pc_error("held");
		pc_fatal("out of %s", "luck");
	}
	close(fd[1]);
	n = read(fd[0], out, sizeof(out) - 1);
	close(fd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == PC_EXIT_INTERNAL);
	ck_assert_int_gt(n, 0);
	out[n] = '\0';
	ck_assert_str_eq(out, "pc-test: out of luck\n");
}
END_TEST

/* ---- outfile ---- */

START_TEST(test_outfile_commit_and_abort)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "out.txt");
	struct outfile o;
	char *got;

	tu_write_file(path, "old\n", 4);
	ck_assert_int_eq(outfile_open(&o, path), 0);
	fputs("new\n", o.fp);
	/* until commit the old content stays */
	got = tu_read_file(path, NULL);
	ck_assert_str_eq(got, "old\n");
	free(got);
	ck_assert_int_eq(outfile_commit(&o), 0);
	got = tu_read_file(path, NULL);
	ck_assert_str_eq(got, "new\n");
	free(got);

	ck_assert_int_eq(outfile_open(&o, path), 0);
	fputs("discarded\n", o.fp);
	outfile_abort(&o);
	got = tu_read_file(path, NULL);
	ck_assert_str_eq(got, "new\n");
	free(got);
	/* no temporary file left behind: the directory holds only out.txt */
	ck_assert_int_eq(system(NULL) != 0, 1);
	{
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "test $(ls -A '%s' | wc -l) -eq 1", dir);
		ck_assert_int_eq(system(cmd), 0);
	}
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_outfile_bad_dir)
{
	struct outfile o;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(outfile_open(&o, "/nonexistent-dir/x"), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "cannot create /nonexistent-dir/x"));
	pc_msg_capture(NULL, 0);
}
END_TEST

/* ---- tsv ---- */

START_TEST(test_tsv_read_escapes)
{
	const char *in = "id\ttext\n1\ta\\tb\\nc\\\\d\\re\n2\t\n3\tkeep\\x\r\n4\tlast";
	struct tsv *t = tsv_open_mem("mem.tsv", in, strlen(in));

	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->ncols, 2);
	ck_assert_int_eq(tsv_column(t, "text"), 1);
	ck_assert_int_eq(tsv_column(t, "nope"), -1);
	ck_assert_int_eq(tsv_next(t), 1);
	ck_assert_str_eq(t->f[0].s, "1");
	ck_assert_str_eq(t->f[1].s, "a\tb\nc\\d\re");
	ck_assert_uint_eq(t->f[1].len, 9);
	ck_assert_int_eq(t->line, 2);
	ck_assert_int_eq(tsv_next(t), 1);
	ck_assert_str_eq(t->f[1].s, "");
	ck_assert_int_eq(tsv_next(t), 1);
	ck_assert_str_eq(t->f[1].s, "keep\\x");
	ck_assert_int_eq(tsv_next(t), 1);
	ck_assert_str_eq(t->f[1].s, "last");
	ck_assert_int_eq(tsv_next(t), 0);
	tsv_close(t);
}
END_TEST

START_TEST(test_tsv_field_count_error)
{
	const char *in = "a\tb\n1\t2\n3\n";
	struct tsv *t = tsv_open_mem("bad.tsv", in, strlen(in));

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(tsv_next(t), 1);
	ck_assert_int_eq(tsv_next(t), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "bad.tsv:3: expected 2 fields, found 1"));
	tsv_close(t);
	ck_assert_ptr_null(tsv_open_mem("empty.tsv", "", 0));
	ck_assert_ptr_nonnull(strstr(lastmsg, "empty.tsv: empty input"));
	pc_msg_capture(NULL, 0);
}
END_TEST

START_TEST(test_tsv_roundtrip_and_long_lines)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "rt.tsv");
	size_t biglen = 3u << 20; /* longer than the reader's first buffer */
	char *big = xmalloc(biglen + 1);
	const char *odd = "tab\there\nnewline\\back\rcr";
	struct outfile o;
	struct tsv *t;

	for (size_t i = 0; i < biglen; i++)
		big[i] = "ab\t\\\n"[i % 5];
	big[biglen] = '\0';
	ck_assert_int_eq(outfile_open(&o, path), 0);
	tsv_puts(o.fp, "k");
	tsv_sep(o.fp);
	tsv_puts(o.fp, "v");
	tsv_eol(o.fp);
	for (int i = 0; i < 3; i++) {
		fprintf(o.fp, "%d", i);
		tsv_sep(o.fp);
		if (i == 1)
			tsv_put(o.fp, big, biglen);
		else
			tsv_puts(o.fp, odd);
		tsv_eol(o.fp);
	}
	ck_assert_int_eq(outfile_commit(&o), 0);
	t = tsv_open(path);
	ck_assert_ptr_nonnull(t);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(tsv_next(t), 1);
		if (i == 1) {
			ck_assert_uint_eq(t->f[1].len, biglen);
			ck_assert_int_eq(memcmp(t->f[1].s, big, biglen), 0);
		} else {
			ck_assert_str_eq(t->f[1].s, odd);
		}
	}
	ck_assert_int_eq(tsv_next(t), 0);
	tsv_close(t);
	free(big);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_tsv_floats)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	float vals[] = { 0.1f, 1.0f / 3.0f, 1e-30f, 123456789.0f, -0.0f };

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		tsv_put_float(fp, vals[i]);
		fputc(' ', fp);
	}
	fclose(fp);
	ck_assert_str_eq(buf, "0.1 0.33333334 1e-30 1.2345679e+08 -0 ");
	free(buf);
}
END_TEST

/* ---- csv ---- */

START_TEST(test_csv_rfc4180)
{
	const char *in =
		",designation,description\r\n"
		"0,\"a, b\",\"say \"\"hi\"\"\"\r\n"
		"1,\"multi\nline\r\nfield\",plain\n"
		"\n"
		"2,un\"quoted,\"\"\n"
		"3,\"closed\"after,x";
	struct csv *c = csv_open_mem("x.csv", in, strlen(in));

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->ncols, 3);
	ck_assert_str_eq(c->cols[0], "");
	ck_assert_int_eq(csv_column(c, "description"), 2);
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_int_eq(c->line, 2);
	ck_assert_str_eq(csv_field(c, 1), "a, b");
	ck_assert_str_eq(csv_field(c, 2), "say \"hi\"");
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_int_eq(c->line, 3);
	ck_assert_str_eq(csv_field(c, 1), "multi\nline\r\nfield");
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_int_eq(c->line, 7);
	ck_assert_str_eq(csv_field(c, 1), "un\"quoted");
	ck_assert_str_eq(csv_field(c, 2), "");
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_str_eq(csv_field(c, 1), "closedafter");
	ck_assert_int_eq(csv_next(c), 0);
	csv_close(c);
}
END_TEST

START_TEST(test_csv_errors)
{
	const char *unterminated = "a,b\n1,\"open\n2,3\n";
	const char *narrow = "a,b\n1,2\n3\n";
	struct csv *c;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	c = csv_open_mem("u.csv", unterminated, strlen(unterminated));
	ck_assert_int_eq(csv_next(c), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "u.csv:2: quoted field not closed"));
	csv_close(c);
	c = csv_open_mem("n.csv", narrow, strlen(narrow));
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_int_eq(csv_next(c), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "n.csv:3: expected 2 fields, found 1"));
	csv_close(c);
	pc_msg_capture(NULL, 0);
}
END_TEST

START_TEST(test_csv_write_roundtrip)
{
	const char *vals[] = { "plain", "a,b", "say \"hi\"", "multi\nline", "" };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct csv *c;

	for (int row = 0; row < 2; row++) {
		for (int i = 0; i < 5; i++) {
			if (i)
				csv_sep(fp);
			csv_puts(fp, vals[i]);
		}
		csv_eol(fp, row == 1);
	}
	fclose(fp);
	ck_assert_str_eq(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"multi\nline\",\n"
			      "plain,\"a,b\",\"say \"\"hi\"\"\",\"multi\nline\",\r\n");
	c = csv_open_mem("w.csv", buf, len);
	ck_assert_int_eq(csv_next(c), 1);
	for (int i = 0; i < 5; i++)
		ck_assert_str_eq(csv_field(c, i), vals[i]);
	ck_assert_int_eq(csv_next(c), 0);
	csv_close(c);
	free(buf);
}
END_TEST

/* Python's csv module and ours read the real challenge file into the same rows. */
static void compare_with_python(const char *name)
{
	char *path = tu_sample_path(name);
	const char *py = getenv("PYTHON3");
	char cmd[8192];
	FILE *pp;
	char *out = NULL;
	size_t outlen = 0, got;
	char buf[65536];
	struct csv *c;
	struct tsv *t;
	long rows = 0;

	if (!path || !py || !*py) {
		free(path);
		return; /* skipped: no sample or no python3 */
	}
	snprintf(cmd, sizeof(cmd),
		 "'%s' -c 'import csv,sys\n"
		 "def e(s): return s.replace(\"\\\\\",\"\\\\\\\\\").replace(\"\\t\",\"\\\\t\").replace(\"\\n\",\"\\\\n\").replace(\"\\r\",\"\\\\r\")\n"
		 "for row in csv.reader(open(sys.argv[1], newline=\"\", encoding=\"utf-8\")):\n"
		 "    sys.stdout.write(\"\\t\".join(map(e,row))+\"\\n\")\n' '%s'",
		 py, path);
	pp = popen(cmd, "r");
	ck_assert_ptr_nonnull(pp);
	while ((got = fread(buf, 1, sizeof(buf), pp)) > 0) {
		out = realloc(out, outlen + got);
		memcpy(out + outlen, buf, got);
		outlen += got;
	}
	ck_assert_int_eq(pclose(pp), 0);
	c = csv_open(path);
	ck_assert_ptr_nonnull(c);
	t = tsv_open_mem("python", out, outlen);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->ncols, c->ncols);
	for (;;) {
		int a = csv_next(c), b = tsv_next(t);

		ck_assert_int_eq(a, b);
		if (a <= 0)
			break;
		rows++;
		ck_assert_uint_eq(csv_nfields(c), t->nf);
		for (size_t i = 0; i < t->nf; i++) {
			ck_assert_uint_eq(csv_len(c, i), t->f[i].len);
			ck_assert_int_eq(memcmp(csv_field(c, i), t->f[i].s, t->f[i].len), 0);
		}
	}
	ck_assert_int_gt(rows, 400);
	csv_close(c);
	tsv_close(t);
	free(out);
	free(path);
}

START_TEST(test_csv_matches_python_on_sample)
{
	compare_with_python("X_train_sample.csv");
	compare_with_python("X_test_sample.csv");
	compare_with_python("Y_train_full.csv");
}
END_TEST

/* The parser gives the same records whatever the read boundaries: feed through a pipe
 * one byte at a time. */
START_TEST(test_csv_byte_by_byte)
{
	const char *in = "a,b\n\"x\"\"y\",\"1\r\n2\"\r\n3,4\r";
	int fds[2];
	struct csv *c;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (const char *p = in; *p; p++) {
			if (write(fds[1], p, 1) != 1)
				_exit(1);
			usleep(100);
		}
		_exit(0);
	}
	close(fds[1]);
	c = csv_open_mem("x", "a,b\n", 4); /* header from memory, then swap in the pipe */
	rd_close(&c->rd);
	rd_open_fd(&c->rd, fds[0], "pipe");
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_str_eq(csv_field(c, 0), "a");
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_str_eq(csv_field(c, 0), "x\"y");
	ck_assert_str_eq(csv_field(c, 1), "1\r\n2");
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_str_eq(csv_field(c, 1), "4");
	ck_assert_int_eq(csv_next(c), 0);
	close(fds[0]);
	csv_close(c);
}
END_TEST

/* ---- rng ---- */

START_TEST(test_rng_streams)
{
	struct rng a, b, c;
	double sum = 0, sum2 = 0;
	int n = 200000;

	rng_stream(&a, 42, 7);
	rng_stream(&b, 42, 7);
	rng_stream(&c, 42, 8);
	for (int i = 0; i < 100; i++) {
		uint64_t x = rng_u64(&a);
		ck_assert_uint_eq(x, rng_u64(&b));
		ck_assert_uint_ne(x, rng_u64(&c));
	}
	/* xoshiro256** reference: seed state {1,2,3,4} first output is 11520 */
	a.s[0] = 1; a.s[1] = 2; a.s[2] = 3; a.s[3] = 4;
	ck_assert_uint_eq(rng_u64(&a), 11520);
	ck_assert_uint_eq(rng_u64(&a), 0);
	ck_assert_uint_eq(rng_u64(&a), 1509978240);
	rng_seed(&a, 1);
	for (int i = 0; i < n; i++) {
		double z = rng_normal(&a);
		sum += z;
		sum2 += z * z;
	}
	ck_assert_double_lt(fabs(sum / n), 0.01);
	ck_assert_double_lt(fabs(sum2 / n - 1.0), 0.02);
	for (int i = 0; i < 1000; i++)
		ck_assert_uint_lt(rng_below(&a, 7), 7);
}
END_TEST

START_TEST(test_rng_choose_and_shuffle)
{
	struct rng r;
	double w[3] = { 1, 0, 3 };
	int count[3] = { 0, 0, 0 };
	int v[50], seen[50] = { 0 };

	rng_seed(&r, 5);
	for (int i = 0; i < 40000; i++)
		count[rng_choose(&r, w, 3)]++;
	ck_assert_int_eq(count[1], 0);
	ck_assert_double_lt(fabs(count[2] / 40000.0 - 0.75), 0.01);
	for (int i = 0; i < 50; i++)
		v[i] = i;
	rng_shuffle(&r, v, 50, sizeof(int));
	for (int i = 0; i < 50; i++)
		seen[v[i]]++;
	for (int i = 0; i < 50; i++)
		ck_assert_int_eq(seen[i], 1);
}
END_TEST

/* Shuffles of 8-byte elements (their own loop) and of 12-byte ones (the general one):
 * Fisher-Yates with the draws of rng_below, as written here. */
START_TEST(test_rng_shuffle_reference)
{
	enum { N = 1000 };
	struct rng r1, r2;
	uint64_t a[N], ref[N];
	uint32_t c[N][3], cref[N][3];
	int moved = 0;

	for (uint64_t i = 0; i < N; i++) {
		a[i] = ref[i] = i * 0x9e3779b97f4a7c15ULL;
		for (int k = 0; k < 3; k++)
			c[i][k] = cref[i][k] = (uint32_t)(3 * i + (uint64_t)k);
	}
	rng_seed(&r1, 9);
	rng_seed(&r2, 9);
	rng_shuffle(&r1, a, N, sizeof(a[0]));
	rng_shuffle(&r1, c, N, sizeof(c[0]));
	for (size_t i = N; i > 1; i--) {
		size_t j = (size_t)rng_below(&r2, i);
		uint64_t t = ref[i - 1];

		ref[i - 1] = ref[j];
		ref[j] = t;
	}
	for (size_t i = N; i > 1; i--) {
		size_t j = (size_t)rng_below(&r2, i);
		uint32_t t[3];

		memcpy(t, cref[i - 1], sizeof(t));
		memcpy(cref[i - 1], cref[j], sizeof(t));
		memcpy(cref[j], t, sizeof(t));
	}
	ck_assert(!memcmp(a, ref, sizeof(a)));
	ck_assert(!memcmp(c, cref, sizeof(c)));
	for (uint64_t i = 0; i < N; i++)
		moved += a[i] != i * 0x9e3779b97f4a7c15ULL;
	ck_assert_int_gt(moved, 900);
}
END_TEST

/* ---- metrics ---- */

START_TEST(test_metrics_exposition)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "m.prom");
	char *text, *label;

	pc_set_progname("pc-test");
	metrics_begin();
	metrics_reset();
	label = metrics_label("column", "a\"b");
	ck_assert_str_eq(label, "column=\"a\\\"b\"");
	metrics_open(path);
	metrics_set(MET_DRIFT_COLUMN_SCORE, label, 0.25);
	metrics_set(MET_DRIFT_COLUMN_SCORE, "column=\"c\"", 1.5);
	metrics_set(MET_ROWS, NULL, 10);
	metrics_set(MET_ROWS, NULL, 12);
	free(label);
	ck_assert_int_eq(metrics_finish(0), 0);
	text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(strstr(text,
		"# HELP prodclass_drift_column_score p-value or distance of the column's test\n"
		"# TYPE prodclass_drift_column_score gauge\n"
		"prodclass_drift_column_score{program=\"pc-test\",column=\"a\\\"b\"} 0.25\n"
		"prodclass_drift_column_score{program=\"pc-test\",column=\"c\"} 1.5\n"));
	ck_assert_ptr_nonnull(strstr(text, "prodclass_rows{program=\"pc-test\"} 12\n"));
	ck_assert_ptr_nonnull(strstr(text, "prodclass_peak_memory_bytes{program=\"pc-test\"} "));
	ck_assert_ptr_nonnull(strstr(text, "prodclass_success{program=\"pc-test\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(text, "prodclass_exit_status{program=\"pc-test\"} 0\n"));
	ck_assert_ptr_nonnull(strstr(text, "prodclass_last_success_timestamp_seconds{"));
	free(text);
	metrics_reset();
	free(path);
	tu_rmdir(dir);
}
END_TEST

/* A failed run writes success 0 and its status, and keeps the last success's time. */
START_TEST(test_metrics_failure)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "m.prom");
	char *text, *p;
	double t;

	pc_set_progname("pc-test");
	metrics_reset();
	metrics_open(path);
	ck_assert_int_eq(metrics_finish(0), 0);
	text = tu_read_file(path, NULL);
	p = strstr(text, "prodclass_last_success_timestamp_seconds{program=\"pc-test\"} ");
	ck_assert_ptr_nonnull(p);
	t = strtod(strchr(p, ' ') + 1, NULL);
	ck_assert(t > 1e9);
	free(text);
	metrics_reset();
	metrics_open(path);
	metrics_set(MET_ROWS, NULL, 3);
	ck_assert_int_eq(metrics_finish(2), 2);
	text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(strstr(text, "prodclass_success{program=\"pc-test\"} 0\n"));
	ck_assert_ptr_nonnull(strstr(text, "prodclass_exit_status{program=\"pc-test\"} 2\n"));
	p = strstr(text, "prodclass_last_success_timestamp_seconds{program=\"pc-test\"} ");
	ck_assert_ptr_nonnull(p);
	ck_assert(strtod(strchr(p, ' ') + 1, NULL) == t);
	free(text);
	/* a negative answer (exit 1) is a success */
	metrics_reset();
	metrics_open(path);
	ck_assert_int_eq(metrics_finish(1), 1);
	text = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(strstr(text, "prodclass_success{program=\"pc-test\"} 1\n"));
	free(text);
	metrics_reset();
	free(path);
	tu_rmdir(dir);
}
END_TEST

/* Label values: escapes, and invalid UTF-8 made U+FFFD so the collector can parse them. */
START_TEST(test_metrics_label_utf8)
{
	char *l;

	l = metrics_label("column", "prix\n\\ \xc3\xa9t\xc3\xa9");
	ck_assert_str_eq(l, "column=\"prix\\n\\\\ \xc3\xa9t\xc3\xa9\"");
	free(l);
	l = metrics_label("column", "a\xff\xc3(\xed\xa0\x80z");
	ck_assert_str_eq(l, "column=\"a\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz\"");
	free(l);
}
END_TEST

/* One vocabulary: every metric named once, a valid name, a one-line HELP, and listed in
 * pc-formats(5). */
START_TEST(test_metrics_vocabulary)
{
	const char *src = getenv("PC_SRCDIR");
	char *man = NULL, *mpath;

	if (src) {
		mpath = tu_path(src, "man/pc-formats.5");
		man = tu_read_file(mpath, NULL);
		free(mpath);
	}
	for (int m = 0; m < MET_COUNT; m++) {
		const char *name = metrics_name((enum metric)m), *help = metrics_help((enum metric)m);

		ck_assert_msg(name && help && *name && *help, "metric %d has no name or help", m);
		ck_assert_msg(strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(name),
			      "%s: not a metric name", name);
		ck_assert_msg(!strpbrk(help, "\n\\"), "%s: HELP needs escapes", name);
		for (int k = 0; k < m; k++)
			ck_assert_msg(strcmp(name, metrics_name((enum metric)k)),
				      "%s: twice in the vocabulary", name);
		if (man) {
			char *want = malloc(strlen(name) + 32);

			sprintf(want, "prodclass_%s\n", name);
			ck_assert_msg(strstr(man, want), "pc-formats(5) does not list prodclass_%s", name);
			free(want);
		}
	}
	ck_assert_ptr_null(metrics_name(MET_COUNT));
	free(man);
}
END_TEST

/* ---- cli ---- */

START_TEST(test_cli_parse)
{
	long l;
	double d;
	uint64_t u;

	ck_assert_int_eq(parse_long("42", &l), 0);
	ck_assert_int_eq(l, 42);
	ck_assert_int_eq(parse_long("4x", &l), -1);
	ck_assert_int_eq(parse_long("", &l), -1);
	ck_assert_int_eq(parse_double("0.5", &d), 0);
	ck_assert_int_eq(parse_double("1e999", &d), -1);
	ck_assert_int_eq(parse_u64("-1", &u), -1);
	ck_assert_int_eq(parse_u64("18446744073709551615", &u), 0);
	ck_assert_uint_eq(u, UINT64_MAX);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_msg_format);
	tcase_add_test(tc, test_msg_hold);
	tcase_add_test(tc, test_msg_fatal_not_held);
	tcase_add_test(tc, test_outfile_commit_and_abort);
	tcase_add_test(tc, test_outfile_bad_dir);
	tcase_add_test(tc, test_tsv_read_escapes);
	tcase_add_test(tc, test_tsv_field_count_error);
	tcase_add_test(tc, test_tsv_roundtrip_and_long_lines);
	tcase_add_test(tc, test_tsv_floats);
	tcase_add_test(tc, test_csv_rfc4180);
	tcase_add_test(tc, test_csv_errors);
	tcase_add_test(tc, test_csv_write_roundtrip);
	tcase_add_test(tc, test_csv_matches_python_on_sample);
	tcase_add_test(tc, test_csv_byte_by_byte);
	tcase_add_test(tc, test_rng_streams);
	tcase_add_test(tc, test_rng_choose_and_shuffle);
	tcase_add_test(tc, test_rng_shuffle_reference);
	tcase_add_test(tc, test_metrics_exposition);
	tcase_add_test(tc, test_metrics_failure);
	tcase_add_test(tc, test_metrics_label_utf8);
	tcase_add_test(tc, test_metrics_vocabulary);
	tcase_add_test(tc, test_cli_parse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(core_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
