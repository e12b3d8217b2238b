/* Unit tests for palette: a float table coded by its commonest values comes back to the
 * bit, and codes that disagree with the values are refused. */
#include "base/msg.h"
#include "base/xalloc.h"
#include "formats/npy.h"
#include "formats/palette.h"
#include "formats/pcm.h"

#include "../testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char lastmsg[4096];

#define N 5000

/* 400 distinct values, 20 of them six times in seven, with -0.0 and 0.0 both among them:
 * the codes must tell their bits apart. */
static float *skewed(void)
{
	float *v = xmalloc(N * sizeof(*v));
	uint32_t s = 12345;

	for (size_t i = 0; i < N; i++) {
		unsigned j;

		s = s * 1103515245u + 12345u;
		j = (s >> 20) % 7 == 0 ? (s >> 8) % 400 : (s >> 8) % 20;
		v[i] = 1.0f + (float)j / 64.0f;
	}
	v[3] = -0.0f;
	v[4] = 0.0f;
	return v;
}

static struct npy_view entry(const struct pcm *a, const char *name, enum npy_dtype t)
{
	uint64_t any = NPY_ANY;
	struct npy_view v;

	ck_assert_int_eq(npy_get(a, name, t, 1, &any, &v), 0);
	return v;
}

START_TEST(test_roundtrip)
{
	float *v = skewed(), *back;
	struct pcm *a = pcm_new();
	struct npy_view c, d, r;
	size_t rares = 0;

	ck_assert_int_eq(palette_put(a, "t/idf", v, N), 0);
	c = entry(a, "t/idf.common.npy", NPY_F4);
	d = entry(a, "t/idf.codes.npy", NPY_U1);
	r = entry(a, "t/idf.rare.npy", NPY_F4);
	ck_assert_uint_eq(c.count, PALETTE_COMMON_MAX);
	ck_assert_uint_eq(d.count, N);
	for (size_t i = 0; i < N; i++)
		rares += ((const uint8_t *)d.data)[i] == PALETTE_RARE;
	ck_assert_uint_gt(rares, 0);
	ck_assert_uint_eq(rares, r.count);
	/* the commonest first */
	for (size_t k = 1; k < c.count; k++) {
		size_t before = 0, here = 0;

		for (size_t i = 0; i < N; i++) {
			before += ((const uint8_t *)d.data)[i] == k - 1;
			here += ((const uint8_t *)d.data)[i] == k;
		}
		ck_assert_uint_ge(before, here);
	}
	back = palette_get(a, "t/idf", N);
	ck_assert_ptr_nonnull(back);
	ck_assert_int_eq(memcmp(back, v, N * sizeof(*v)), 0);
	ck_assert(signbit(back[3]) && !signbit(back[4]));
	free(back);
	free(v);
	pcm_free(a);
}
END_TEST

/* Fewer distinct values than codes: nothing rare; and an empty table. */
START_TEST(test_few_values)
{
	float v[6] = { 2.5f, 1.0f, 2.5f, 2.5f, 7.0f, 1.0f }, *back;
	struct pcm *a = pcm_new();

	ck_assert_int_eq(palette_put(a, "x", v, 6), 0);
	ck_assert_uint_eq(entry(a, "x.common.npy", NPY_F4).count, 3);
	ck_assert_uint_eq(entry(a, "x.rare.npy", NPY_F4).count, 0);
	ck_assert_float_eq(((const float *)entry(a, "x.common.npy", NPY_F4).data)[0], 2.5f);
	back = palette_get(a, "x", 6);
	ck_assert_ptr_nonnull(back);
	ck_assert_int_eq(memcmp(back, v, sizeof(v)), 0);
	free(back);
	ck_assert_int_eq(palette_put(a, "e", v, 0), 0);
	back = palette_get(a, "e", 0);
	ck_assert_ptr_nonnull(back);
	free(back);
	pcm_free(a);
}
END_TEST

/* Entries a hand-made archive could hold, each refused with what is wrong. */
static const struct {
	int ncommon, nrare;
	uint8_t code1;		/* codes[1] */
	size_t n;		/* the table's size asked for */
	const char *what;
} bad[] = {
	{ 2, 1, 2, 4, "m.pcm: x.codes.npy: code 2 at 1, x.common.npy has 2 values" },
	{ 2, 1, 255, 4, "m.pcm: x.codes.npy: more values coded 255 than the 1 of x.rare.npy" },
	{ 2, 2, 1, 4, "m.pcm: x.codes.npy: 1 values coded 255, x.rare.npy has 2" },
	{ 256, 1, 1, 4, "m.pcm: x.common.npy: 256 values, more than 255" },
	{ 2, 1, 1, 5, "m.pcm: x.codes.npy: uint8 of shape (4,), expected uint8 of shape (5,)" },
};

START_TEST(test_refuses)
{
	float common[256] = { 1.0f, 2.0f }, rare[2] = { 9.0f, 8.0f };
	uint8_t codes[4] = { 0, bad[_i].code1, PALETTE_RARE, 1 };
	uint64_t nc = (uint64_t)bad[_i].ncommon, nr = (uint64_t)bad[_i].nrare, nd = 4;
	struct pcm *a = pcm_new();

	a->name = xstrdup("m.pcm");
	ck_assert_int_eq(npy_put(a, "x.common.npy", NPY_F4, 1, &nc, common), 0);
	ck_assert_int_eq(npy_put(a, "x.codes.npy", NPY_U1, 1, &nd, codes), 0);
	ck_assert_int_eq(npy_put(a, "x.rare.npy", NPY_F4, 1, &nr, rare), 0);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_ptr_null(palette_get(a, "x", bad[_i].n));
	pc_msg_capture(NULL, 0);
	ck_assert_msg(strstr(lastmsg, bad[_i].what) != NULL, "got '%s', expected '%s'", lastmsg,
		      bad[_i].what);
	pcm_free(a);
}
END_TEST

START_TEST(test_entry_shape)
{
	enum npy_dtype t;
	uint64_t shape, most;

	ck_assert_int_eq(palette_entry_shape("text/idf", "text/idf.codes.npy", 64, &t, &shape,
					     &most), 1);
	ck_assert_int_eq(t, NPY_U1);
	ck_assert_uint_eq(shape, 64);
	ck_assert_int_eq(palette_entry_shape("text/idf", "text/idf.common.npy", 64, &t, &shape,
					     &most), 1);
	ck_assert_int_eq(t, NPY_F4);
	ck_assert_uint_eq(most, PALETTE_COMMON_MAX);
	ck_assert_int_eq(palette_entry_shape("text/idf", "text/idf.rare.npy", 64, &t, &shape,
					     &most), 1);
	ck_assert_uint_eq(most, 64);
	ck_assert_int_eq(palette_entry_shape("text/idf", "text/idf.npy", 64, &t, &shape, &most), 0);
	ck_assert_int_eq(palette_entry_shape("text/idf", "text/idfx.codes.npy", 64, &t, &shape,
					     &most), 0);
	ck_assert_int_eq(palette_entry_shape("text/idf", "text/idf.other.npy", 64, &t, &shape,
					     &most), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("palette");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_few_values);
	tcase_add_loop_test(tc, test_refuses, 0, (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, test_entry_shape);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
