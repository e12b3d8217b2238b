/* Unit tests for evalm: metrics against scikit-learn (tests/ref/evalm_cases.tsv, made by
 * tests/ref/evalm_reference.py), tie and clipping conventions, exact merging, reports. */
#include "model/evalm.h"
#include "base/msg.h"
#include "formats/tsv.h"
#include "base/xalloc.h"

#include "../testutil.h"

#include <math.h>
#include <stdint.h>

static char lastmsg[4096];

static void assert_close(const char *what, const char *cs, double got, double want)
{
	double tol = 1e-9 * fmax(fabs(want), 1e-300);

	ck_assert_msg(fabs(got - want) <= tol, "%s: %s: got %.17g, sklearn %.17g", cs, what,
		      got, want);
}

struct refcase {
	char name[64];
	int c, n, k, bins;
	struct evalm *e;        /* all rows in order */
	struct evalm *shard[3]; /* rows dealt round-robin, for merging */
	int rows;
	int checked;            /* expected records compared */
};

static void case_finish(struct refcase *rc)
{
	evalm_free(rc->e);
	for (int i = 0; i < 3; i++)
		evalm_free(rc->shard[i]);
	memset(rc, 0, sizeof(*rc));
}

/* The expected record `key values` of the current case against both the direct and the
 * merged accumulator. */
static void check_record(struct refcase *rc, const char *rec, const char *key, char *vals)
{
	struct evalm_result r;
	char *end;

	ck_assert_msg(rc->rows == rc->n, "%s: %d rows, params say %d", rc->name, rc->rows, rc->n);
	evalm_compute(rc->e, &r);
	ck_assert_uint_eq(r.n, (uint64_t)rc->n);
	if (strcmp(rec, "metric") == 0) {
		double want = strtod(vals, &end), got;

		if (strcmp(key, "accuracy") == 0)
			got = r.accuracy;
		else if (strcmp(key, "weighted_f1") == 0)
			got = r.weighted_f1;
		else if (strcmp(key, "macro_f1") == 0)
			got = r.macro_f1;
		else if (strcmp(key, "weighted_precision") == 0)
			got = r.weighted_precision;
		else if (strcmp(key, "weighted_recall") == 0)
			got = r.weighted_recall;
		else if (strcmp(key, "macro_precision") == 0)
			got = r.macro_precision;
		else if (strcmp(key, "macro_recall") == 0)
			got = r.macro_recall;
		else if (strcmp(key, "topk_accuracy") == 0)
			got = r.topk_accuracy;
		else if (strcmp(key, "log_loss") == 0)
			got = r.log_loss;
		else if (strcmp(key, "ece") == 0)
			got = r.ece;
		else
			ck_abort_msg("%s: unknown metric %s", rc->name, key);
		assert_close(key, rc->name, got, want);
	} else if (strcmp(rec, "class") == 0) {
		int j = atoi(key);
		double pr = strtod(vals, &end), re = strtod(end, &end), f1 = strtod(end, &end);
		unsigned long long sup = strtoull(end, &end, 10), pred = strtoull(end, &end, 10);

		ck_assert_int_lt(j, rc->c);
		assert_close("precision", rc->name, r.precision[j], pr);
		assert_close("recall", rc->name, r.recall[j], re);
		assert_close("f1", rc->name, r.f1[j], f1);
		ck_assert_uint_eq(r.support[j], sup);
		ck_assert_uint_eq(r.predicted[j], pred);
	} else if (strcmp(rec, "confusion") == 0) {
		int t = atoi(key);

		end = vals;
		for (int p = 0; p < rc->c; p++)
			ck_assert_uint_eq(evalm_confusion(rc->e, t, p), strtoull(end, &end, 10));
	} else {
		ck_abort_msg("%s: unknown record %s", rc->name, rec);
	}
	evalm_result_free(&r);
	rc->checked++;
}

/* Merged shards give bit-identical results to the single accumulator. */
static void check_merge(struct refcase *rc)
{
	struct evalm *m = evalm_new(rc->c, NULL, rc->k, rc->bins);
	struct evalm_result a, b;

	evalm_merge(m, rc->shard[2]);
	evalm_merge(m, rc->shard[0]);
	evalm_merge(m, rc->shard[1]);
	evalm_compute(rc->e, &a);
	evalm_compute(m, &b);
	ck_assert_uint_eq(a.n, b.n);
	ck_assert_msg(memcmp(&a.accuracy, &b.accuracy,
			     (size_t)((char *)&b.ece - (char *)&b.accuracy) + sizeof(double)) == 0,
		      "%s: merged metrics differ", rc->name);
	ck_assert_int_eq(memcmp(a.f1, b.f1, (size_t)rc->c * sizeof(double)), 0);
	for (int t = 0; t < rc->c; t++)
		for (int p = 0; p < rc->c; p++)
			ck_assert_uint_eq(evalm_confusion(rc->e, t, p), evalm_confusion(m, t, p));
	evalm_result_free(&a);
	evalm_result_free(&b);
	evalm_free(m);
}

START_TEST(test_against_sklearn)
{
	const char *src = getenv("PC_SRCDIR");
	char *path = xasprintf("%s/tests/ref/evalm_cases.tsv", src ? src : ".");
	struct tsv *t = tsv_open(path);
	struct refcase rc;
	float *p = NULL;
	int cases = 0, st;

	memset(&rc, 0, sizeof(rc));
	ck_assert_msg(t != NULL, "cannot open %s", path);
	ck_assert_uint_eq(t->ncols, 4);
	while ((st = tsv_next(t)) == 1) {
		const char *name = t->f[0].s, *rec = t->f[1].s, *key = t->f[2].s;
		char *vals = t->f[3].s, *end;

		if (strcmp(rec, "params") == 0) {
			if (rc.e) {
				check_merge(&rc);
				case_finish(&rc);
			}
			snprintf(rc.name, sizeof(rc.name), "%s", name);
			ck_assert_int_eq(sscanf(vals, "%d %d %d %d", &rc.c, &rc.n, &rc.k, &rc.bins), 4);
			rc.e = evalm_new(rc.c, NULL, rc.k, rc.bins);
			for (int i = 0; i < 3; i++)
				rc.shard[i] = evalm_new(rc.c, NULL, rc.k, rc.bins);
			p = xreallocarray(p, (size_t)rc.c, sizeof(*p));
			cases++;
			continue;
		}
		ck_assert_msg(strcmp(name, rc.name) == 0, "line %ld: record outside its case", t->line);
		if (strcmp(rec, "row") == 0) {
			int truth = (int)strtol(vals, &end, 10);

			for (int j = 0; j < rc.c; j++)
				p[j] = strtof(end, &end);
			ck_assert_msg(*end == '\0', "line %ld: trailing values", t->line);
			evalm_add(rc.e, truth, p);
			evalm_add(rc.shard[rc.rows % 3], truth, p);
			rc.rows++;
		} else {
			check_record(&rc, rec, key, vals);
		}
	}
	ck_assert_int_eq(st, 0);
	ck_assert_int_ge(rc.checked, 10 + 2 * rc.c);
	check_merge(&rc);
	case_finish(&rc);
	ck_assert_int_eq(cases, 7);
	tsv_close(t);
	free(p);
	free(path);
}
END_TEST

/* Ties go to the lowest index, for the prediction and for top-k. */
START_TEST(test_ties_and_topk)
{
	struct evalm *e = evalm_new(4, NULL, 2, 10);
	struct evalm_result r;
	const float tie[4] = { 0.3f, 0.3f, 0.3f, 0.1f };

	evalm_add(e, 0, tie);   /* predicted 0: hit, rank 0 */
	evalm_add(e, 1, tie);   /* predicted 0: miss, rank 1 (top-2 hit) */
	evalm_add(e, 2, tie);   /* rank 2: top-2 miss */
	evalm_add(e, 3, tie);   /* rank 3 */
	evalm_compute(e, &r);
	ck_assert_uint_eq(evalm_confusion(e, 1, 0), 1);
	ck_assert_uint_eq(evalm_confusion(e, 2, 0), 1);
	ck_assert_uint_eq(r.predicted[0], 4);
	ck_assert(r.accuracy == 0.25);
	ck_assert(r.topk_accuracy == 0.5);
	/* a class never predicted has precision 0; an absent class recall 0; macro over all 4 */
	ck_assert(r.precision[1] == 0 && r.recall[1] == 0 && r.f1[1] == 0);
	ck_assert(r.precision[0] == 0.25 && r.recall[0] == 1);
	ck_assert(fabs(r.macro_f1 - 0.4 / 4) < 1e-15);
	ck_assert(fabs(r.weighted_f1 - 0.4 / 4) < 1e-15);
	evalm_result_free(&r);
	evalm_free(e);

	/* top-1 is the accuracy: true class 0 wins its tie, class 1 loses it */
	e = evalm_new(4, NULL, 1, 10);
	evalm_add(e, 0, tie);
	evalm_add(e, 0, tie);
	evalm_add(e, 1, tie);
	evalm_compute(e, &r);
	ck_assert(r.accuracy == 2.0 / 3);
	ck_assert(r.topk_accuracy == 2.0 / 3);
	evalm_result_free(&r);
	evalm_free(e);
}
END_TEST

/* Log loss clips at 1e-15 and renormalises; a confidence of 1 lands in the last bin. */
START_TEST(test_clipping_and_ece_edges)
{
	struct evalm *e = evalm_new(2, NULL, 1, 10);
	struct evalm_result r;
	const float sure[2] = { 1.0f, 0.0f };
	const float half[2] = { 0.5f, 0.5f };

	evalm_add(e, 1, sure);
	evalm_compute(e, &r);
	/* p = (1 - 1e-15, 1e-15) renormalised: -ln(1e-15 / 1) */
	ck_assert(fabs(r.log_loss + log(1e-15)) < 1e-12);
	/* one example, confidence 1, wrong: |0 - 1| */
	ck_assert(fabs(r.ece - 1) < 1e-15);
	evalm_result_free(&r);

	evalm_add(e, 0, half);
	evalm_add(e, 0, sure);
	evalm_compute(e, &r);
	/* bins: [0.5, 0.6) holds one right at 0.5; [0.9, 1] two at 1, one right */
	ck_assert(fabs(r.ece - (1.0 / 3 * 0.5 + 2.0 / 3 * 0.5)) < 1e-15);
	evalm_result_free(&r);
	evalm_free(e);

	/* bins are closed on the left: 0.5 of two bins is in [0.5, 1], with 0.9 and 1 */
	e = evalm_new(3, NULL, 1, 2);
	evalm_add(e, 0, (const float[3]){ 0.5f, 0.3f, 0.2f });
	evalm_add(e, 1, (const float[3]){ 0.9f, 0.1f, 0.0f });
	evalm_compute(e, &r);
	ck_assert(fabs(r.ece - fabs(0.5 - (0.5 + (double)0.9f) / 2)) < 1e-15);
	evalm_result_free(&r);
	evalm_add(e, 2, (const float[3]){ 0.0f, 0.0f, 1.0f });
	evalm_add(e, 0, (const float[3]){ 0.25f, 0.375f, 0.375f });
	evalm_compute(e, &r);
	/* [0, 0.5): 0.375 wrong; [0.5, 1]: 0.5 right, 0.9 wrong, 1 right */
	ck_assert(fabs(r.ece - (0.25 * 0.375 +
				0.75 * fabs(2.0 / 3 - (1.5 + (double)0.9f) / 3))) < 1e-15);
	evalm_result_free(&r);
	evalm_free(e);
}
END_TEST

START_TEST(test_empty_and_bad_args)
{
	struct evalm *e = evalm_new(3, NULL, 5, 15);
	struct evalm_result r;

	evalm_compute(e, &r);
	ck_assert_uint_eq(r.n, 0);
	ck_assert(r.accuracy == 0 && r.macro_f1 == 0 && r.weighted_f1 == 0 && r.log_loss == 0 &&
		  r.ece == 0 && r.topk_accuracy == 0);
	evalm_result_free(&r);
	evalm_free(e);

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_ptr_null(evalm_new(0, NULL, 5, 15));
	ck_assert_ptr_nonnull(strstr(lastmsg, "need at least one class"));
	ck_assert_ptr_null(evalm_new(3, NULL, 0, 15));
	ck_assert_ptr_null(evalm_new(3, NULL, 5, 0));
	ck_assert_ptr_nonnull(strstr(lastmsg, "calibration bins"));
	ck_assert_ptr_null(evalm_new(EVALM_MAX_CLASSES + 1, NULL, 5, 15));
	ck_assert_ptr_nonnull(strstr(lastmsg, "too many classes"));
	pc_msg_capture(NULL, 0);
}
END_TEST

static char *report(int which, const struct evalm *e, const struct evalm_result *r,
		    const char *title)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	switch (which) {
	case 0: ck_assert_int_eq(evalm_write_summary(fp, r), 0); break;
	case 1: ck_assert_int_eq(evalm_write_classes(fp, e, r), 0); break;
	case 2: ck_assert_int_eq(evalm_write_confusion(fp, e), 0); break;
	default: ck_assert_int_eq(evalm_write_svg(fp, e, title), 0); break;
	}
	fclose(fp);
	return buf;
}

START_TEST(test_reports)
{
	const char *names[3] = { "10", "a\tb", "<x&y>" };
	struct evalm *e = evalm_new(3, names, 2, 15);
	struct evalm_result r;
	const float p0[3] = { 0.5f, 0.25f, 0.25f }, p1[3] = { 0.125f, 0.75f, 0.125f };
	char *s;

	ck_assert_int_eq(evalm_class_index(e, "<x&y>"), 2);
	ck_assert_int_eq(evalm_class_index(e, "nope"), -1);
	evalm_add(e, 0, p0);
	evalm_add(e, 1, p1);
	evalm_add(e, 1, p0);
	evalm_add(e, 2, p1);
	evalm_compute(e, &r);

	s = report(0, e, &r, NULL);
	/* the values sklearn 1.2 gives for these four examples */
	ck_assert_str_eq(s, "metric\tvalue\nn\t4\naccuracy\t0.5\nweighted_f1\t0.41666666666666663\n"
			 "macro_f1\t0.38888888888888884\nweighted_precision\t0.375\n"
			 "weighted_recall\t0.5\nmacro_precision\t0.3333333333333333\n"
			 "macro_recall\t0.5\ntop2_accuracy\t0.75\n"
			 "log_loss\t1.111641288952863\nece\t0.125\n");
	free(s);
	s = report(1, e, &r, NULL);
	ck_assert_str_eq(s, "class\tprecision\trecall\tf1\tsupport\n"
			 "10\t0.5\t1\t0.6666666666666666\t1\n"
			 "a\\tb\t0.5\t0.5\t0.5\t2\n"
			 "<x&y>\t0\t0\t0\t1\n");
	free(s);
	s = report(2, e, &r, NULL);
	ck_assert_str_eq(s, "true\t10\ta\\tb\t<x&y>\n"
			 "10\t1\t0\t0\na\\tb\t1\t1\t0\n<x&y>\t0\t1\t0\n");
	free(s);

	s = report(3, e, &r, "confusion <test> & \"more\"");
	ck_assert_ptr_nonnull(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	ck_assert_ptr_nonnull(strstr(s, "&lt;x&amp;y&gt;"));
	ck_assert_ptr_nonnull(strstr(s, "confusion &lt;test&gt; &amp; &quot;more&quot;"));
	ck_assert_ptr_null(strstr(s, "<x&y>"));
	ck_assert_ptr_null(strstr(s, "<script"));
	ck_assert_ptr_null(strstr(s, "href"));
	/* row a\tb: 1 of 2 predicted as 10 */
	ck_assert_ptr_nonnull(strstr(s, "predicted 10: 1 of 2 (50.0%)"));
	ck_assert_ptr_nonnull(strstr(s, "</svg>\n"));
	free(s);
	evalm_result_free(&r);
	evalm_free(e);
}
END_TEST

/* Invalid UTF-8 and control characters never reach the SVG; long names are cut. */
START_TEST(test_svg_text_safety)
{
	char longname[200];
	const char *names[3] = { "bad\xff\xc3(byte", "ctl\x01x", longname };
	struct evalm *e;
	char *s;

	memset(longname, 'z', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	e = evalm_new(3, names, 1, 10);
	s = report(3, e, NULL, NULL);
	ck_assert_ptr_null(strstr(s, "\xff"));
	ck_assert_ptr_null(strstr(s, "\x01"));
	ck_assert_ptr_nonnull(strstr(s, "bad\xef\xbf\xbd\xef\xbf\xbd(byte"));
	ck_assert_ptr_nonnull(strstr(s, "zzzzzzzzzz\xe2\x80\xa6<"));
	/* an empty matrix: rows without examples are grey */
	ck_assert_ptr_nonnull(strstr(s, "#eeeeee"));
	free(s);
	evalm_free(e);
}
END_TEST

/* The probabilities in the SVG test go to a file for a look in a browser when
 * PC_EVALM_SVG names one. */
START_TEST(test_svg_demo)
{
	const char *out = getenv("PC_EVALM_SVG");
	char *names[27];
	struct evalm *e;
	float p[27];
	uint32_t x = 12345;
	FILE *fp;

	if (!out)
		return;
	for (int i = 0; i < 27; i++)
		names[i] = xasprintf("%d", i == 0 ? 10 : 1000 + 137 * i);
	free(names[5]);
	names[5] = xstrdup("jeux & <jouets> d'été");
	e = evalm_new(27, (const char *const *)names, 5, 15);
	for (int n = 0; n < 20000; n++) {
		int t;

		x = x * 1664525u + 1013904223u;
		t = (int)(x >> 16) % 27;
		if (t == 7)
			continue;
		for (int j = 0; j < 27; j++) {
			x = x * 1664525u + 1013904223u;
			p[j] = (float)((x >> 8) & 0xffff) / 65536.0f * 0.1f;
		}
		p[t] += (float)((n * 7) % 10) / 10.0f;
		p[(t + 3) % 27] += 0.3f;
		evalm_add(e, t, p);
	}
	fp = fopen(out, "w");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(evalm_write_svg(fp, e, "pc-predict --eval: confusion matrix"), 0);
	fclose(fp);
	evalm_free(e);
	for (int i = 0; i < 27; i++)
		free(names[i]);
}
END_TEST

static Suite *evalm_suite(void)
{
	Suite *s = suite_create("evalm");
	TCase *tc = tcase_create("evalm");

	tcase_add_test(tc, test_against_sklearn);
	tcase_add_test(tc, test_ties_and_topk);
	tcase_add_test(tc, test_clipping_and_ece_edges);
	tcase_add_test(tc, test_empty_and_bad_args);
	tcase_add_test(tc, test_reports);
	tcase_add_test(tc, test_svg_text_safety);
	tcase_add_test(tc, test_svg_demo);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(evalm_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
