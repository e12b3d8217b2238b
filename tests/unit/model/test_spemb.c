/* Unit tests for spemb: the text embedding by its non-zero weights gives the dense rows'
 * sums exactly, and arrays that disagree with each other are refused. */
#include "base/msg.h"
#include "base/xalloc.h"
#include "model/spemb.h"

#include "../testutil.h"

#include <stdlib.h>
#include <string.h>

#define WIDTH 50
#define COLS 11	/* two mask bytes, the second partly padding */

static char lastmsg[4096];

/* Rows 3, 7, 20, 49 of a 50 x 11 embedding: one dense, one with a single weight, two mixed
 * (negative zeros count as zeros). */
static const int64_t rows[4] = { 3, 7, 20, 49 };
static float w[4][COLS];

static void fill(void)
{
	memset(w, 0, sizeof(w));
	for (int k = 0; k < COLS; k++)
		w[0][k] = 0.5f + (float)k;
	w[1][10] = -2.0f;
	for (int k = 0; k < COLS; k += 3)
		w[2][k] = (float)(k + 1) * 0.25f;
	w[2][1] = -0.0f;
	w[3][0] = 1e-30f;
	w[3][8] = -7.0f;
}

START_TEST(test_encode_layout)
{
	struct spemb e;

	fill();
	ck_assert_int_eq(spemb_encode(&e, WIDTH, COLS, 4, rows, &w[0][0], NULL), 0);
	ck_assert_int_eq(spemb_index(&e, "m.pcm", "net/text_w"), 0);
	ck_assert_uint_eq(e.mbytes, 2);
	ck_assert_uint_eq(e.nval, COLS + 1 + 4 + 2);
	/* row 7: only weight 10, bit 2 of byte 1 */
	ck_assert_uint_eq(e.mask[2], 0);
	ck_assert_uint_eq(e.mask[3], 1u << 2);
	/* row 49: weights 0 and 8 */
	ck_assert_uint_eq(e.mask[6], 1);
	ck_assert_uint_eq(e.mask[7], 1);
	ck_assert_float_eq(e.val[e.nval - 1], -7.0f);
	/* row 49 (the fourth) starts after the other rows' 16 weights */
	ck_assert_uint_eq(e.ref[49], (uint64_t)4 << 32 | 16);
	ck_assert_uint_eq(e.ref[48], 0);
	spemb_free(&e);
}
END_TEST

/* spemb_add over every feature equals the dense rows, bit for bit, and unstored rows add
 * nothing. */
START_TEST(test_add_matches_dense)
{
	struct spemb e;
	float got[COLS], want[COLS];

	fill();
	ck_assert_int_eq(spemb_encode(&e, WIDTH, COLS, 4, rows, &w[0][0], NULL), 0);
	ck_assert_int_eq(spemb_index(&e, "m.pcm", "net/text_w"), 0);
	for (uint32_t f = 0; f < WIDTH; f++) {
		float v = 0.75f - (float)f * 0.01f;

		for (int k = 0; k < COLS; k++)
			got[k] = want[k] = (float)k * 0.125f;
		for (int j = 0; j < 4; j++)
			if ((uint32_t)rows[j] == f)
				for (int k = 0; k < COLS; k++)
					want[k] += v * w[j][k];
		spemb_add(&e, f, v, got);
		ck_assert_int_eq(memcmp(got, want, sizeof(got)), 0);
	}
	spemb_free(&e);
}
END_TEST

/* Rows given through an index (the writer's compaction map) are read in that order. */
START_TEST(test_encode_through_rows)
{
	struct spemb a, b;
	const uint32_t wrow[2] = { 3, 1 };
	const int64_t two[2] = { 7, 9 };
	float out[COLS] = { 0 };

	fill();
	ck_assert_int_eq(spemb_encode(&a, WIDTH, COLS, 2, two, &w[0][0], wrow), 0);
	ck_assert_int_eq(spemb_index(&a, "m.pcm", "net/text_w"), 0);
	ck_assert_uint_eq(a.nval, 3);
	spemb_add(&a, 7, 1.0f, out);
	ck_assert_float_eq(out[8], -7.0f);
	ck_assert_float_eq(out[10], 0.0f);
	ck_assert_int_eq(spemb_encode(&b, WIDTH, COLS, 0, NULL, NULL, NULL), 0);
	ck_assert_int_eq(spemb_index(&b, "m.pcm", "net/text_w"), 0);
	spemb_add(&b, 7, 1.0f, out);
	ck_assert_float_eq(out[8], -7.0f);
	spemb_free(&a);
	spemb_free(&b);
}
END_TEST

/* Arrays a hand-made archive could hold, each refused with what is wrong. */
static const struct {
	int64_t row2;		/* rows[2] */
	uint8_t mask_last;	/* the last row's second byte */
	size_t nval_less;	/* weights short of the mask's count */
	const char *what;
} bad[] = {
	{ 7, 1, 0, "m.pcm: net/text_w.rows.npy: row 7 out of order or range" },
	{ 50, 1, 0, "m.pcm: net/text_w.rows.npy: row 50 out of order or range" },
	{ -1, 1, 0, "m.pcm: net/text_w.rows.npy: row -1 out of order or range" },
	{ 20, 1 | 0x10, 0, "m.pcm: net/text_w.mask.npy: row 3 has a bit set past its 11 weights" },
	{ 20, 1, 1, "m.pcm: net/text_w.data.npy: 17 weights, the mask marks more: 18" },
};

START_TEST(test_index_refuses)
{
	struct spemb good, e;
	int64_t *r = xmalloc(sizeof(rows));
	uint8_t *m;
	float *v;

	fill();
	ck_assert_int_eq(spemb_encode(&good, WIDTH, COLS, 4, rows, &w[0][0], NULL), 0);
	memcpy(r, rows, sizeof(rows));
	r[2] = bad[_i].row2;
	m = xmalloc(4 * good.mbytes);
	memcpy(m, good.mask, 4 * good.mbytes);
	m[7] = bad[_i].mask_last;
	v = xmalloc(good.nval * sizeof(float));
	memcpy(v, good.val, good.nval * sizeof(float));
	memset(&e, 0, sizeof(e));
	e.width = WIDTH;
	e.cols = COLS;
	e.mbytes = good.mbytes;
	e.n = 4;
	e.nval = good.nval - bad[_i].nval_less;
	e.rows = e.own[0] = r;
	e.mask = e.own[1] = m;
	e.val = e.own[2] = v;
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(spemb_index(&e, "m.pcm", "net/text_w"), -1);
	pc_msg_capture(NULL, 0);
	ck_assert_msg(strstr(lastmsg, bad[_i].what) != NULL, "got '%s', expected '%s'", lastmsg,
		      bad[_i].what);
	spemb_free(&e);
	spemb_free(&good);
}
END_TEST

/* The rows as a bitmap (model format 3): bit r % 8 of byte r / 8, and indexed from it the
 * same as from their indices. */
START_TEST(test_rowbits)
{
	struct spemb e, b;
	uint8_t *bits;

	fill();
	ck_assert_int_eq(spemb_encode(&e, WIDTH, COLS, 4, rows, &w[0][0], NULL), 0);
	ck_assert_int_eq(spemb_index(&e, "m.pcm", "net/text_w"), 0);
	bits = spemb_rowbits(&e);
	/* rows 3, 7, 20 and 49 */
	ck_assert_uint_eq(bits[0], 1u << 3 | 1u << 7);
	ck_assert_uint_eq(bits[1], 0);
	ck_assert_uint_eq(bits[2], 1u << 4);
	ck_assert_uint_eq(bits[3] | bits[4] | bits[5], 0);
	ck_assert_uint_eq(bits[6], 1u << 1);
	ck_assert_int_eq(spemb_encode(&b, WIDTH, COLS, 4, rows, &w[0][0], NULL), 0);
	free(b.own[0]);
	b.own[0] = bits;
	b.rows = NULL;
	b.rowbits = bits;
	ck_assert_int_eq(spemb_index(&b, "m.pcm", "net/text_w"), 0);
	ck_assert_int_eq(memcmp(b.ref, e.ref, WIDTH * sizeof(*e.ref)), 0);
	spemb_free(&b);
	spemb_free(&e);
}
END_TEST

/* Bitmaps that disagree with the mask, or mark rows the embedding has not. */
static const struct {
	int byte;
	uint8_t value;
	const char *what;
} bad_bits[] = {
	{ 6, 1u << 1 | 1u << 2, "m.pcm: net/text_w.rowmask.npy: a bit set past its 50 rows" },
	{ 6, 1u << 1 | 1u << 7, "m.pcm: net/text_w.rowmask.npy: a bit set past its 50 rows" },
	{ 1, 1u << 0, "m.pcm: net/text_w.rowmask.npy: more rows marked than the mask's 4" },
	{ 2, 0, "m.pcm: net/text_w.rowmask.npy: 3 rows marked, the mask has 4" },
	{ 6, 0, "m.pcm: net/text_w.rowmask.npy: 3 rows marked, the mask has 4" },
};

START_TEST(test_index_refuses_bits)
{
	struct spemb e;
	uint8_t *bits;

	fill();
	ck_assert_int_eq(spemb_encode(&e, WIDTH, COLS, 4, rows, &w[0][0], NULL), 0);
	bits = spemb_rowbits(&e);
	bits[bad_bits[_i].byte] = bad_bits[_i].value;
	free(e.own[0]);
	e.own[0] = bits;
	e.rows = NULL;
	e.rowbits = bits;
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(spemb_index(&e, "m.pcm", "net/text_w"), -1);
	pc_msg_capture(NULL, 0);
	ck_assert_msg(strstr(lastmsg, bad_bits[_i].what) != NULL, "got '%s', expected '%s'",
		      lastmsg, bad_bits[_i].what);
	spemb_free(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spemb");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_encode_layout);
	tcase_add_test(tc, test_add_matches_dense);
	tcase_add_test(tc, test_encode_through_rows);
	tcase_add_loop_test(tc, test_index_refuses, 0, (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, test_rowbits);
	tcase_add_loop_test(tc, test_index_refuses_bits, 0,
			    (int)(sizeof(bad_bits) / sizeof(bad_bits[0])));
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
