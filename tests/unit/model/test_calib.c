/* Unit tests for calib: temperatures against SciPy's (tests/ref/calib_reference.py), the
 * bounds, and the cases where the loss does not depend on the temperature. */
#include "model/calib.h"

#include "../testutil.h"

#include <math.h>

#define N 12
static const float Z[N * 3] = {
	2.0f, 0.5f, -1.0f, 0.1f, 0.3f, 0.2f, -0.5f, 1.5f, 0.0f, 1.2f, 1.1f, -0.3f,
	0.0f, -0.2f, 2.5f, 3.0f, -1.0f, 0.5f, 0.4f, 0.6f, 0.5f, -1.0f, 0.0f, 1.0f,
	0.9f, 1.4f, -0.7f, 2.2f, 0.1f, 0.3f, -0.3f, -0.1f, 0.8f, 1.0f, 0.9f, 1.1f,
};

/* The mean log loss of softmax(Z / t) against y. */
static double loss(const int *y, double t)
{
	double total = 0.0;

	for (int j = 0; j < N; j++) {
		double sum = 0.0;

		for (int c = 0; c < 3; c++)
			sum += exp(Z[j * 3 + c] / t);
		total += log(sum) - Z[j * 3 + y[j]] / t;
	}
	return total / N;
}

/* Some rows right, some wrong: the minimum lies inside the bounds. */
START_TEST(test_matches_scipy)
{
	static const int y[N] = { 0, 1, 1, 1, 2, 0, 2, 2, 0, 0, 2, 1 };
	const double want = 0.432838228355556;   /* calib_reference.py: mixed */
	double t = calib_temperature(Z, y, N, 3);

	ck_assert_msg(fabs(t - want) <= 1e-12 * want, "temperature %.17g, SciPy %.17g", t, want);
	ck_assert(loss(y, t) < loss(y, t * 1.001));
	ck_assert(loss(y, t) < loss(y, t / 1.001));
}
END_TEST

/* Every row right: the sharper the better, down to the lower bound, where the loss is as
 * flat as SciPy found it (0.00204). */
START_TEST(test_all_right_goes_sharp)
{
	int y[N];
	double t;

	for (int j = 0; j < N; j++) {
		y[j] = 0;
		for (int c = 1; c < 3; c++)
			if (Z[j * 3 + c] > Z[j * 3 + y[j]])
				y[j] = c;
	}
	t = calib_temperature(Z, y, N, 3);
	ck_assert_msg(t >= CALIB_T_MIN && t <= 0.00204000455082627, "temperature %.17g", t);
	ck_assert(loss(y, t) <= loss(y, 0.0020400045508262737));
}
END_TEST

/* Mostly wrong: as flat as allowed, the upper bound (SciPy: 999.99984). */
START_TEST(test_mostly_wrong_goes_flat)
{
	static const int y[N] = { 1, 2, 0, 2, 0, 1, 0, 1, 2, 1, 0, 0 };
	double t = calib_temperature(Z, y, N, 3);

	ck_assert_msg(fabs(t - CALIB_T_MAX) <= 1e-6 * CALIB_T_MAX, "temperature %.17g", t);
}
END_TEST

/* No rows, one class, or equal scores: nothing to fit. */
START_TEST(test_nothing_to_fit)
{
	static const float flat[4 * 2] = { 1.0f, 1.0f, -2.0f, -2.0f, 0.5f, 0.5f, 0.0f, 0.0f };
	static const int y[4] = { 0, 1, 1, 0 };

	ck_assert(calib_temperature(Z, y, 0, 3) == 1.0);
	ck_assert(calib_temperature(Z, y, 4, 1) == 1.0);
	ck_assert(calib_temperature(flat, y, 4, 2) == 1.0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("calib");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_matches_scipy);
	tcase_add_test(tc, test_all_right_goes_sharp);
	tcase_add_test(tc, test_mostly_wrong_goes_flat);
	tcase_add_test(tc, test_nothing_to_fit);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
