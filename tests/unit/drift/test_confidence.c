/* Unit tests for pc-drift's hostile-input checks (issue 12): confidences outside [0, 1]
 * are refused by line, and non-finite confidences are missing values. */
#include "base/msg.h"
#include "drift/drift_perf.h"
#include "formats/dtable.h"

#include "../testutil.h"

static char lastmsg[4096];

static const char ref_text[] = "id\tpred\tlabel\tconf\n"
			       "1\ta\ta\t0.9\n2\ta\tb\t0.4\n3\tb\tb\t0.8\n4\tb\ta\t0.3\n";

static int run(const char *cur_text, struct drift_perf_result *r)
{
	struct drift_perf_opts o = { "pred", "label", "conf", 0.05 };
	struct dtable *ref = dtable_read_mem("ref.tsv", ref_text, strlen(ref_text));
	struct dtable *cur = dtable_read_mem("cur.tsv", cur_text, strlen(cur_text));
	int ret;

	ck_assert_ptr_nonnull(ref);
	ck_assert_ptr_nonnull(cur);
	ret = drift_perf_run(ref, cur, &o, r);
	dtable_free(ref);
	dtable_free(cur);
	return ret;
}

START_TEST(test_confidence_range)
{
	struct drift_perf_result r;

	pc_set_progname("pc-test");
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(run("id\tpred\tconf\n1\ta\t0.5\n2\tb\t1.5\n", &r), -1);
	ck_assert_str_eq(lastmsg, "pc-test: cur.tsv:3: column 'conf': confidence 1.5 is outside "
			 "[0, 1]\n");
	ck_assert_int_eq(run("id\tpred\tconf\n1\ta\t-0.25\n", &r), -1);
	ck_assert_str_eq(lastmsg, "pc-test: cur.tsv:2: column 'conf': confidence -0.25 is outside "
			 "[0, 1]\n");
	/* the ends are probabilities; a missing or non-finite one is left out */
	ck_assert_int_eq(run("id\tpred\tconf\n1\ta\t1\n2\tb\t0\n3\ta\t\n4\tb\tinf\n", &r), 0);
	ck_assert_int_eq(r.done, 1);
	ck_assert_int_eq(r.estimated, 1);
	ck_assert_uint_eq(r.n_cur, 2);
	pc_msg_capture(NULL, 0);
}
END_TEST

/* The reference's confidences are probabilities too, even when the current data has
 * labels and needs no estimate. */
START_TEST(test_confidence_range_reference)
{
	static const char bad_ref[] = "id\tpred\tlabel\tconf\n1\ta\ta\t0.9\n2\ta\tb\t7\n";
	struct drift_perf_opts o = { "pred", "label", "conf", 0.05 };
	struct dtable *ref = dtable_read_mem("ref.tsv", bad_ref, strlen(bad_ref));
	struct dtable *cur = dtable_read_mem("cur.tsv", bad_ref, strlen(bad_ref));
	struct drift_perf_result r;

	pc_set_progname("pc-test");
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(drift_perf_run(ref, cur, &o, &r), -1);
	ck_assert_str_eq(lastmsg, "pc-test: ref.tsv:3: column 'conf': confidence 7 is outside "
			 "[0, 1]\n");
	pc_msg_capture(NULL, 0);
	dtable_free(ref);
	dtable_free(cur);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("confidence");
	TCase *tc = tcase_create("confidence");

	tcase_add_test(tc, test_confidence_range);
	tcase_add_test(tc, test_confidence_range_reference);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
