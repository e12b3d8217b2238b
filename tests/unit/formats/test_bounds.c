/* Unit tests for the readers' hardening against hostile input (issue 12): the line limit
 * of TSV, CSV and drift tables, duplicate column names, NUL bytes in CSV, non-finite
 * numbers in drift tables and in tensor stream rows. */
#include "base/msg.h"
#include "base/rd.h"
#include "base/xalloc.h"
#include "formats/csv.h"
#include "formats/dtable.h"
#include "formats/pct.h"
#include "formats/tsv.h"

#include "../testutil.h"

#include <math.h>

static char lastmsg[4096];

static void capture(void)
{
	pc_set_progname("pc-test");
	lastmsg[0] = '\0';
	pc_msg_capture(lastmsg, sizeof(lastmsg));
}

/* "head" + a line of `n` bytes 'x' + "tail", in a fresh buffer; its length in *len. */
static char *with_line(const char *head, size_t n, const char *tail, size_t *len)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = xmalloc(h + n + t + 1);

	memcpy(s, head, h);
	memset(s + h, 'x', n);
	memcpy(s + h + n, tail, t + 1);
	*len = h + n + t;
	return s;
}

/* ---- TSV ---- */

START_TEST(test_tsv_line_limit)
{
	size_t len;
	char *s = with_line("id\tv\n1\t", RD_MAX_LINE - 2, "\n2\t3\n", &len);
	struct tsv *t;

	/* exactly RD_MAX_LINE bytes before the newline: read */
	capture();
	t = tsv_open_mem("a.tsv", s, len);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(tsv_next(t), 1);
	ck_assert_uint_eq(t->f[1].len, RD_MAX_LINE - 2);
	ck_assert_int_eq(tsv_next(t), 1);
	ck_assert_int_eq(tsv_next(t), 0);
	tsv_close(t);
	free(s);

	/* one more byte, with or without a CR or a newline after it: refused, by line */
	s = with_line("id\tv\n1\t", RD_MAX_LINE - 1, "\r\n2\t3\n", &len);
	t = tsv_open_mem("a.tsv", s, len);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(tsv_next(t), -1);
	ck_assert_str_eq(lastmsg, "pc-test: a.tsv:2: line longer than 16777216 bytes\n");
	tsv_close(t);
	free(s);
	s = with_line("id\tv\n1\t2\n3\t", RD_MAX_LINE, "", &len);
	t = tsv_open_mem("b.tsv", s, len);
	ck_assert_int_eq(tsv_next(t), 1);
	ck_assert_int_eq(tsv_next(t), -1);
	ck_assert_str_eq(lastmsg, "pc-test: b.tsv:3: line longer than 16777216 bytes\n");
	tsv_close(t);
	free(s);

	/* a header line too */
	s = with_line("", RD_MAX_LINE + 1, "\n1\n", &len);
	ck_assert_ptr_null(tsv_open_mem("h.tsv", s, len));
	ck_assert_str_eq(lastmsg, "pc-test: h.tsv:1: line longer than 16777216 bytes\n");
	free(s);
	pc_msg_capture(NULL, 0);
}
END_TEST

/* From a file the reader stops soon after the limit, never reading the whole line. */
START_TEST(test_tsv_line_limit_file)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "long.tsv");
	size_t len;
	char *s = with_line("id\tv\n1\t", 3 * RD_MAX_LINE, "\n", &len);
	struct tsv *t;

	tu_write_file(path, s, len);
	free(s);
	capture();
	t = tsv_open(path);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(tsv_next(t), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "long.tsv:2: line longer than 16777216 bytes\n"));
	ck_assert_uint_le(t->rd.cap, 2 * RD_MAX_LINE + ((size_t)1 << 20));
	tsv_close(t);
	pc_msg_capture(NULL, 0);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_tsv_duplicate_columns)
{
	struct tsv *t;

	capture();
	ck_assert_ptr_null(tsv_open_mem("d.tsv", "id\tx\ty\tx\n1\t2\t3\t4\n", 17));
	ck_assert_str_eq(lastmsg, "pc-test: d.tsv:1: duplicate column 'x'\n");
	ck_assert_ptr_null(tsv_open_mem("e.tsv", "\tid\t\n", 5));
	ck_assert_str_eq(lastmsg, "pc-test: e.tsv:1: duplicate column ''\n");
	/* names that differ only by an escape are different names */
	t = tsv_open_mem("f.tsv", "a\\tb\ta\tb\n", 9);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->ncols, 3);
	tsv_close(t);
	pc_msg_capture(NULL, 0);
}
END_TEST

/* ---- CSV ---- */

START_TEST(test_csv_nul_byte)
{
	static const char unquoted[] = "a,b\n1,x\0y\n";
	static const char quoted[] = "a,b\n1,\"x\ny\nz\0\"\n";
	static const char after[] = "a,b\n1,\"x\"\0\n";
	static const char first[] = "\0a,b\n";
	struct csv *c;

	capture();
	c = csv_open_mem("u.csv", unquoted, sizeof(unquoted) - 1);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(csv_next(c), -1);
	ck_assert_str_eq(lastmsg, "pc-test: u.csv:2: NUL byte in a field\n");
	csv_close(c);
	/* inside quotes: the line the NUL is on */
	c = csv_open_mem("q.csv", quoted, sizeof(quoted) - 1);
	ck_assert_int_eq(csv_next(c), -1);
	ck_assert_str_eq(lastmsg, "pc-test: q.csv:4: NUL byte in a field\n");
	csv_close(c);
	c = csv_open_mem("t.csv", after, sizeof(after) - 1);
	ck_assert_int_eq(csv_next(c), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.csv:2: NUL byte in a field\n");
	csv_close(c);
	ck_assert_ptr_null(csv_open_mem("f.csv", first, sizeof(first) - 1));
	ck_assert_str_eq(lastmsg, "pc-test: f.csv:1: NUL byte in a field\n");
	pc_msg_capture(NULL, 0);
}
END_TEST

START_TEST(test_csv_record_limit)
{
	size_t len;
	char *s = with_line("a,b\n1,", RD_MAX_LINE - 2, "\r\n2,3\n", &len);
	struct csv *c;

	capture();
	c = csv_open_mem("a.csv", s, len);
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_uint_eq(csv_len(c, 1), RD_MAX_LINE - 2);
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_int_eq(csv_next(c), 0);
	csv_close(c);
	free(s);

	s = with_line("a,b\n1,", RD_MAX_LINE - 1, "\n", &len);
	c = csv_open_mem("b.csv", s, len);
	ck_assert_int_eq(csv_next(c), -1);
	ck_assert_str_eq(lastmsg, "pc-test: b.csv:2: record longer than 16777216 bytes\n");
	csv_close(c);
	free(s);
	/* a quoted field over several lines counts whole, from the record's first line */
	s = with_line("a,b\n1,2\n3,\"\n\n", RD_MAX_LINE, "\"\n", &len);
	c = csv_open_mem("c.csv", s, len);
	ck_assert_int_eq(csv_next(c), 1);
	ck_assert_int_eq(csv_next(c), -1);
	ck_assert_str_eq(lastmsg, "pc-test: c.csv:3: record longer than 16777216 bytes\n");
	csv_close(c);
	free(s);
	pc_msg_capture(NULL, 0);
}
END_TEST

/* ---- drift tables ---- */

START_TEST(test_dtable_nonfinite_words)
{
	static const char *const yes[] = { "inf", "-inf", "+inf", "Inf", "INF", "infinity",
					   "-Infinity", "NAN", "-nan", "nan(0x1)", "1e999",
					   "-1e400", ".5E999", NULL };
	static const char *const no[] = { "", " inf", "inf ", "info", "1e308", "1e-999", "0x10",
					  "0x1p99999", "in", "-", "+", "12", "a", "é", NULL };
	char digits[401];

	for (const char *const *p = yes; *p; p++)
		ck_assert_msg(dtable_is_nonfinite(*p, strlen(*p)), "%s", *p);
	for (const char *const *p = no; *p; p++)
		ck_assert_msg(!dtable_is_nonfinite(*p, strlen(*p)), "%s", *p);
	/* 400 digits are too large for a double, without an exponent; 300 are not */
	memset(digits, '9', 400);
	digits[400] = '\0';
	ck_assert(dtable_is_nonfinite(digits, 400));
	digits[300] = '\0';
	ck_assert(!dtable_is_nonfinite(digits, 300));
}
END_TEST

START_TEST(test_dtable_nonfinite_missing)
{
	static const char text[] = "id\tx\tc\tk\n1\t1.5\ta\t1\n2\tinf\tinf\t2\n3\t-Infinity\tb\t3\n"
				   "4\t2.5\tNAN\tx\n5\tnan\t1e999\t-inf\n";
	struct dtable *d;
	struct dtable_col *x, *c, *k;
	double v[5];

	capture();
	d = dtable_read_mem("n.tsv", text, sizeof(text) - 1);
	ck_assert_ptr_nonnull(d);
	/* one warning a file, counting the numerical columns' non-finite numbers */
	ck_assert_str_eq(lastmsg, "pc-test: warning: n.tsv: 2 non-finite numbers (inf, -inf, "
			 "NaN) read as missing in column 'x'\n");
	x = dtable_column(d, "x");
	c = dtable_column(d, "c");
	k = dtable_column(d, "k");
	ck_assert_int_eq(x->numeric, 1);
	ck_assert_uint_eq(x->nonfinite, 2);
	ck_assert_uint_eq(dtable_values(x, d->nrows, v, 0), 5);
	ck_assert(v[0] == 1.5 && isnan(v[1]) && isnan(v[2]) && v[3] == 2.5 && isnan(v[4]));
	ck_assert_uint_eq(dtable_values(x, d->nrows, v, 1), 2);
	/* in a categorical column they are missing values too, not categories */
	ck_assert_int_eq(c->numeric, 0);
	ck_assert_uint_eq(c->ncats, 2);
	ck_assert_uint_eq(c->id[1], DTAB_MISSING);
	ck_assert_uint_eq(c->id[3], DTAB_MISSING);
	ck_assert_uint_eq(c->id[4], DTAB_MISSING);
	/* a column that turns categorical later forgets its count */
	ck_assert_int_eq(k->numeric, 0);
	ck_assert_uint_eq(k->nonfinite, 0);
	ck_assert_uint_eq(k->id[4], DTAB_MISSING);
	dtable_free(d);

	ck_assert_ptr_nonnull(d = dtable_read_mem("m.tsv", "a\tb\ninf\t-inf\n1\t2\n", 17));
	ck_assert_str_eq(lastmsg, "pc-test: warning: m.tsv: 2 non-finite numbers (inf, -inf, "
			 "NaN) read as missing in 2 columns, the first 'a'\n");
	dtable_free(d);
	pc_msg_capture(NULL, 0);
}
END_TEST

/* The same counts from a file read in small blocks, at 1 and 3 threads, and no warning
 * when there is nothing to count. */
START_TEST(test_dtable_nonfinite_blocks)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "b.tsv");
	FILE *fp = fopen(path, "w");
	struct dtable *d1, *d3;
	size_t want = 0;

	ck_assert_ptr_nonnull(fp);
	fputs("id\tx\ty\n", fp);
	for (int i = 0; i < 20000; i++) {
		const char *x = i % 97 == 5 ? "inf" : i % 89 == 3 ? "-nan" : i % 83 == 1 ? "nan" :
				"0.25";

		want += i % 97 == 5 || i % 89 == 3;
		fprintf(fp, "%d\t%s\t%d\n", i, x, i % 7);
	}
	ck_assert_int_eq(fclose(fp), 0);
	dtable_set_block(4096);
	capture();
	d1 = dtable_read_threads(path, 1);
	d3 = dtable_read_threads(path, 3);
	dtable_set_block(0);
	ck_assert_ptr_nonnull(d1);
	ck_assert_ptr_nonnull(d3);
	ck_assert_uint_gt(want, 400);
	ck_assert_uint_eq(d1->cols[1].nonfinite, want);
	ck_assert_uint_eq(d3->cols[1].nonfinite, want);
	ck_assert_int_eq(d3->cols[1].numeric, 1);
	ck_assert_uint_eq(d3->cols[2].nonfinite, 0);
	dtable_free(d1);
	dtable_free(d3);
	lastmsg[0] = '\0';
	d1 = dtable_read_mem("f.tsv", "x\n1\n2\n", 6);
	ck_assert_str_eq(lastmsg, "");
	dtable_free(d1);
	pc_msg_capture(NULL, 0);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_dtable_line_limit)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "l.tsv");
	size_t len;
	char *s = with_line("id\tx\n1\t2\n2\t", RD_MAX_LINE, "\n3\t4\n", &len);
	struct dtable *d;

	capture();
	ck_assert_ptr_null(dtable_read_mem("m.tsv", s, len));
	ck_assert_str_eq(lastmsg, "pc-test: m.tsv:3: line longer than 16777216 bytes\n");
	tu_write_file(path, s, len);
	free(s);
	ck_assert_ptr_null(dtable_read_threads(path, 2));
	ck_assert_ptr_nonnull(strstr(lastmsg, "l.tsv:3: line longer than 16777216 bytes\n"));
	/* in a block of its own (smaller blocks), and as the header */
	dtable_set_block(1 << 16);
	ck_assert_ptr_null(dtable_read_threads(path, 1));
	ck_assert_ptr_nonnull(strstr(lastmsg, "l.tsv:3: line longer than 16777216 bytes\n"));
	s = with_line("id\t", RD_MAX_LINE, "\n1\t2\n", &len);
	tu_write_file(path, s, len);
	free(s);
	ck_assert_ptr_null(dtable_read_threads(path, 1));
	ck_assert_ptr_nonnull(strstr(lastmsg, "l.tsv:1: line longer than 16777216 bytes\n"));
	dtable_set_block(0);
	/* exactly the limit is read */
	s = with_line("id\tx\n1\t2\n2\t", RD_MAX_LINE - 2, "\n3\t4\n", &len);
	d = dtable_read_mem("m.tsv", s, len);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->nrows, 3);
	ck_assert_int_eq(d->cols[1].numeric, 0);
	dtable_free(d);
	free(s);
	pc_msg_capture(NULL, 0);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_dtable_duplicate_columns)
{
	capture();
	ck_assert_ptr_null(dtable_read_mem("d.tsv", "x\ty\tx\n1\t2\t3\n", 12));
	ck_assert_str_eq(lastmsg, "pc-test: d.tsv:1: duplicate column 'x'\n");
	pc_msg_capture(NULL, 0);
}
END_TEST

/* ---- tensor stream rows ---- */

START_TEST(test_pct_row_finite)
{
	float dense[5] = { 0, -1, 3e38f, 1e-45f, -0.0f };
	uint32_t idx[2] = { 1, 7 };
	float val[2] = { 2, 3 };
	struct pct_row row = { .dense = dense, .nnz = 2, .idx = idx, .val = val };

	ck_assert_int_eq(pct_row_finite(&row, 5), 1);
	dense[4] = INFINITY;
	ck_assert_int_eq(pct_row_finite(&row, 5), 0);
	ck_assert_int_eq(pct_row_finite(&row, 4), 1);   /* only `dense` values are looked at */
	dense[4] = 0;
	dense[0] = -NAN;
	ck_assert_int_eq(pct_row_finite(&row, 5), 0);
	dense[0] = 0;
	val[1] = -INFINITY;
	ck_assert_int_eq(pct_row_finite(&row, 5), 0);
	row.nnz = 1;
	ck_assert_int_eq(pct_row_finite(&row, 5), 1);
	row.nnz = 0;
	ck_assert_int_eq(pct_row_finite(&row, 0), 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bounds");
	TCase *tc = tcase_create("bounds");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tsv_line_limit);
	tcase_add_test(tc, test_tsv_line_limit_file);
	tcase_add_test(tc, test_tsv_duplicate_columns);
	tcase_add_test(tc, test_csv_nul_byte);
	tcase_add_test(tc, test_csv_record_limit);
	tcase_add_test(tc, test_dtable_nonfinite_words);
	tcase_add_test(tc, test_dtable_nonfinite_missing);
	tcase_add_test(tc, test_dtable_nonfinite_blocks);
	tcase_add_test(tc, test_dtable_line_limit);
	tcase_add_test(tc, test_dtable_duplicate_columns);
	tcase_add_test(tc, test_pct_row_finite);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
