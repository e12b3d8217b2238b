/* Unit tests for the registry layer: the exact McNemar test against scipy, alias names,
 * version references, and the run store's float format against Python's repr. */
#include "base/msg.h"
#include "base/xalloc.h"
#include "drift/stats.h"
#include "formats/runstore.h"
#include "registry/registry.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testutil.h"

/* tests/ref/mcnemar_cases.tsv, made by tests/ref/mcnemar_reference.py with scipy */
START_TEST(test_mcnemar_scipy)
{
	const char *src = getenv("PC_SRCDIR");
	char *path = xasprintf("%s/tests/ref/mcnemar_cases.tsv", src ? src : "..");
	FILE *fp = fopen(path, "r");
	char line[256];
	int n = 0;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	while (fgets(line, sizeof(line), fp)) {
		unsigned long long b, c;
		double want, got;

		ck_assert_int_eq(sscanf(line, "%llu\t%llu\t%lf", &b, &c, &want), 3);
		got = stats_mcnemar_exact(b, c);
		ck_assert_msg(fabs(got - want) <= 1e-12, "b=%llu c=%llu: %.17g, scipy %.17g", b, c,
			      got, want);
		/* symmetric in b and c */
		ck_assert(stats_mcnemar_exact(c, b) == got);
		n++;
	}
	ck_assert_int_ge(n, 20);
	fclose(fp);
	free(path);
}
END_TEST

START_TEST(test_mcnemar_edges)
{
	ck_assert(stats_mcnemar_exact(0, 0) == 1.0);
	ck_assert(stats_mcnemar_exact(5, 5) == 1.0);
	/* one-sided 1/2^10, doubled */
	ck_assert(stats_mcnemar_exact(0, 10) == 2.0 / 1024);
	ck_assert(stats_mcnemar_exact(0, 100000) == 0.0);
	ck_assert(stats_mcnemar_exact(20000, 20000) == 1.0);
	ck_assert(stats_mcnemar_exact(20000, 20001) == 1.0);
}
END_TEST

START_TEST(test_alias_names)
{
	ck_assert(registry_alias_name_ok("champion"));
	ck_assert(registry_alias_name_ok("challenger"));
	ck_assert(registry_alias_name_ok("a.b-c_2"));
	ck_assert(registry_alias_name_ok("version"));
	ck_assert(!registry_alias_name_ok(""));
	ck_assert(!registry_alias_name_ok("v3"));
	ck_assert(!registry_alias_name_ok("3"));
	ck_assert(!registry_alias_name_ok("Champion"));
	ck_assert(!registry_alias_name_ok("../x"));
	ck_assert(!registry_alias_name_ok(".hidden"));
	ck_assert(!registry_alias_name_ok("a/b"));
	ck_assert(!registry_alias_name_ok(
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}
END_TEST

/* Python's repr(float) for each value, as MLflow writes metric values */
START_TEST(test_python_repr)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 0.1, "0.1" }, { 1.0, "1.0" }, { 3.0, "3.0" }, { -2.5, "-2.5" },
		{ 1e-05, "1e-05" }, { 0.0001, "0.0001" }, { 1e16, "1e+16" },
		{ 1234567890123456.0, "1234567890123456.0" }, { 123456789.123, "123456789.123" },
		{ 2.5e-300, "2.5e-300" }, { 0.6931471805599453, "0.6931471805599453" },
		{ 1.0 / 3, "0.3333333333333333" }, { 0.0, "0.0" }, { 100.0, "100.0" },
		{ 1.7976931348623157e308, "1.7976931348623157e+308" }, { 5e-324, "5e-324" },
		{ 12.5e-5, "0.000125" }, { 0.2509132044426162, "0.2509132044426162" },
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		runstore_format_double(buf, sizeof(buf), cases[i].v);
		ck_assert_str_eq(buf, cases[i].want);
	}
	runstore_format_double(buf, sizeof(buf), NAN);
	ck_assert_str_eq(buf, "nan");
	runstore_format_double(buf, sizeof(buf), -INFINITY);
	ck_assert_str_eq(buf, "-inf");
}
END_TEST

/* An empty registry: created on demand, references, aliases, history, fsck. */
START_TEST(test_empty_registry)
{
	char *dir = tu_tmpdir(), *reg = xasprintf("%s/reg", dir), msg[512];
	struct registry *r;
	long v;
	FILE *out = tmpfile();

	pc_set_progname("pc-test");
	pc_msg_capture(msg, sizeof(msg));
	ck_assert_ptr_null(registry_open(reg, 0));
	ck_assert_ptr_nonnull(strstr(msg, "No such file"));
	r = registry_open(reg, 1);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(registry_resolve(r, "champion", &v), 1);
	ck_assert_int_eq(registry_resolve(r, "v1", &v), -1);
	ck_assert_ptr_nonnull(strstr(msg, "no version 1"));
	ck_assert_int_eq(registry_resolve(r, "Bad/Name", &v), -1);
	ck_assert_int_eq(registry_alias_set(r, "champion", 1), -1);
	ck_assert_int_eq(registry_fsck(r, out), 0);
	{
		struct registry_event e = { "gc", 0, 0, NULL, NAN, NAN, "done", "tab\there" };

		ck_assert_int_eq(registry_log(r, &e), 0);
	}
	ck_assert_int_eq(registry_fsck(r, out), 0);
	pc_msg_capture(NULL, 0);
	registry_close(r);
	fclose(out);
	free(reg);
	tu_rmdir(dir);
}
END_TEST

static Suite *registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("registry");

	tcase_add_test(tc, test_mcnemar_scipy);
	tcase_add_test(tc, test_mcnemar_edges);
	tcase_add_test(tc, test_alias_names);
	tcase_add_test(tc, test_python_repr);
	tcase_add_test(tc, test_empty_registry);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(registry_suite());
}
