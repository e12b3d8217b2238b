/* Unit tests for linsvm: the weights scikit-learn's LinearSVC converges to on the same
 * rows (tests/ref/linsvm_case.tsv, made by tests/ref/linsvm_reference.py), the same bytes
 * at any thread count and with every width of its row kernels, the bytes of the plain
 * loop before the kernels, rows without entries, and the pass limit reported. */
#include "model/linsvm.h"
#include "base/digest.h"
#include "base/rng.h"
#include "base/xalloc.h"

#include "../testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct refcase {
	struct dataset d;
	double C;
	int classes;
	double *w, *b;          /* expected: classes x features, classes */
};

static void read_case(struct refcase *rc)
{
	const char *src = getenv("PC_SRCDIR");
	char *path = xasprintf("%s/tests/ref/linsvm_case.tsv", src ? src : ".");
	FILE *fp = fopen(path, "r");
	char line[65536];
	size_t cap = 0, nnz = 0;
	int F = 0;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	memset(rc, 0, sizeof(*rc));
	rc->d.sp_off = xcalloc(1, sizeof(uint64_t));
	while (fgets(line, sizeof(line), fp)) {
		char *p = strchr(line, '\t') + 1, *end;

		if (!strncmp(line, "params", 6)) {
			ck_assert_int_eq(sscanf(p, "%lf\t%d\t%d", &rc->C, &F, &rc->classes), 3);
			rc->d.h.sparse = (uint32_t)F;
			rc->w = xcalloc((size_t)(F * rc->classes), sizeof(double));
			rc->b = xcalloc((size_t)rc->classes, sizeof(double));
		} else if (!strncmp(line, "row", 3)) {
			size_t n = rc->d.n++;

			rc->d.y = xreallocarray(rc->d.y, n + 1, sizeof(int));
			rc->d.sp_off = xreallocarray(rc->d.sp_off, n + 2, sizeof(uint64_t));
			rc->d.y[n] = (int)strtol(p, &end, 10);
			for (p = end; *p == '\t' || *p == ' ';) {
				long f = strtol(p + 1, &end, 10);

				if (end == p + 1)
					break;
				xgrow(&rc->d.sp_idx, &cap, nnz + 1, sizeof(uint32_t));
				rc->d.sp_val = xreallocarray(rc->d.sp_val, cap, sizeof(float));
				rc->d.sp_idx[nnz] = (uint32_t)f;
				rc->d.sp_val[nnz++] = strtof(end + 1, &p);
			}
			rc->d.sp_off[n + 1] = nnz;
		} else if (!strncmp(line, "weights", 7)) {
			int k = (int)strtol(p, &end, 10);

			rc->b[k] = strtod(end, &p);
			for (int f = 0; f < F; f++)
				rc->w[k * F + f] = strtod(p, &p);
		}
	}
	fclose(fp);
	free(path);
	ck_assert_uint_eq(rc->d.n, 300);
}

static void free_case(struct refcase *rc)
{
	free(rc->d.sp_off);
	free(rc->d.sp_idx);
	free(rc->d.sp_val);
	free(rc->d.y);
	free(rc->w);
	free(rc->b);
}

static void train(const struct refcase *rc, int threads, int passes, float *W, float *b,
		  struct linsvm_stats *st)
{
	struct linsvm_opts o = { rc->C, 1e-5, passes, NULL, 11, threads };
	size_t *idx = xmalloc(rc->d.n * sizeof(*idx));

	for (size_t i = 0; i < rc->d.n; i++)
		idx[i] = i;
	linsvm_train(&rc->d, idx, rc->d.n, rc->classes, &o, W, b, st);
	free(idx);
}

START_TEST(test_against_liblinear)
{
	struct refcase rc;
	struct linsvm_stats st;
	float *W, b[3];
	size_t F;
	double worst = 0;

	read_case(&rc);
	F = rc.d.h.sparse;
	W = xcalloc(F * (size_t)rc.classes, sizeof(float));
	train(&rc, 2, 100000, W, b, &st);
	ck_assert_int_eq(st.unconverged, 0);
	for (int k = 0; k < rc.classes; k++) {
		worst = fmax(worst, fabs(b[k] - rc.b[k]));
		for (size_t f = 0; f < F; f++)
			worst = fmax(worst, fabs(W[f * (size_t)rc.classes + (size_t)k] -
						 rc.w[(size_t)k * F + f]));
	}
	fprintf(stderr, "linsvm vs LinearSVC: largest weight difference %.3g\n", worst);
	ck_assert_msg(worst < 1e-4, "weights differ from LinearSVC's by %g", worst);
	free(W);
	free_case(&rc);
}
END_TEST

START_TEST(test_threads_and_limit)
{
	struct refcase rc;
	struct linsvm_stats st1, st3, stl;
	float *W1, *W3, b1[3], b3[3];
	size_t n;

	read_case(&rc);
	n = rc.d.h.sparse * (size_t)rc.classes;
	W1 = xcalloc(n, sizeof(float));
	W3 = xcalloc(n, sizeof(float));
	train(&rc, 1, 100000, W1, b1, &st1);
	train(&rc, 3, 100000, W3, b3, &st3);
	ck_assert(!memcmp(W1, W3, n * sizeof(float)) && !memcmp(b1, b3, sizeof(b1)));
	ck_assert_int_eq(st1.max_passes_run, st3.max_passes_run);
	train(&rc, 2, 2, W3, b3, &stl);
	ck_assert_int_eq(stl.max_passes_run, 2);
	ck_assert_int_eq(stl.unconverged, rc.classes);
	free(W1);
	free(W3);
	free_case(&rc);
}
END_TEST

/* Train on a random problem of `classes` classes, ROWS rows, FEATURES features. */
enum { ROWS = 600, FEATURES = 40, PER_ROW = 6 };

static void train_random(int classes, int threads, float *W, float *b)
{
	struct dataset d;
	struct rng r;
	struct linsvm_opts o = { 0.5, 1e-5, 4, NULL, 7, threads };
	struct linsvm_stats st;
	size_t *idx = xmalloc(ROWS * sizeof(*idx));

	memset(&d, 0, sizeof(d));
	d.n = ROWS;
	d.h.sparse = FEATURES;
	d.y = xmalloc(ROWS * sizeof(int));
	d.sp_off = xmalloc((ROWS + 1) * sizeof(uint64_t));
	d.sp_idx = xmalloc(ROWS * PER_ROW * sizeof(uint32_t));
	d.sp_val = xmalloc(ROWS * PER_ROW * sizeof(float));
	rng_seed(&r, 3);
	d.sp_off[0] = 0;
	for (size_t i = 0; i < ROWS; i++) {
		idx[i] = i;
		d.y[i] = (int)(i % (size_t)classes);
		d.sp_off[i + 1] = d.sp_off[i];
		if (i % 7 == 3)
			continue;   /* some rows without entries */
		for (int e = 0; e < PER_ROW; e++) {
			uint64_t at = d.sp_off[i + 1]++;

			/* the first entry names the class, so that there is something to learn */
			d.sp_idx[at] = e ? (uint32_t)rng_below(&r, FEATURES) :
					   (uint32_t)(d.y[i] % FEATURES);
			d.sp_val[at] = (float)rng_uniform(&r);
		}
	}
	memset(W, 0, FEATURES * (size_t)classes * sizeof(float));
	memset(b, 0, (size_t)classes * sizeof(float));
	linsvm_train(&d, idx, ROWS, classes, &o, W, b, &st);
	ck_assert_int_eq(st.max_passes_run, 4);
	free(idx);
	free(d.y);
	free(d.sp_off);
	free(d.sp_idx);
	free(d.sp_val);
}

/*
 * The classes sliced over t threads make groups of classes / t, each width with its own
 * row kernels: 96 classes at 1 thread (the plain loop), 2 (48: vectors of 16), 3 (32),
 * 4 (24: vectors of 8), 6 (16), 12 (8), 24 (4: the vector of 4); 120 at 2 (64) and 3
 * (40); 110 at 2 (56).  Each gives the bytes of its 1-thread solution.
 */
START_TEST(test_every_kernel_width)
{
	static const int cases[][2] = { { 96, 2 }, { 96, 3 }, { 96, 4 }, { 96, 6 }, { 96, 12 },
					{ 96, 24 }, { 120, 2 }, { 120, 3 }, { 110, 2 } };
	size_t n = FEATURES * 120;
	float *W1 = xcalloc(n, sizeof(float)), *W = xcalloc(n, sizeof(float));
	float b1[120], b[120];
	int last = 0;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		int classes = cases[c][0], nonzero = 0;
		size_t nw = FEATURES * (size_t)classes;

		if (classes != last) {
			train_random(classes, 1, W1, b1);
			for (size_t k = 0; k < nw; k++)
				nonzero += W1[k] != 0.0f;
			ck_assert_int_gt(nonzero, (int)(nw / 4));
			last = classes;
		}
		train_random(classes, cases[c][1], W, b);
		ck_assert_msg(!memcmp(W, W1, nw * sizeof(float)) &&
			      !memcmp(b, b1, (size_t)classes * sizeof(float)),
			      "%d classes: the weights at %d threads differ from those at 1", classes,
			      cases[c][1]);
	}
	free(W1);
	free(W);
}
END_TEST

/* The 1-thread weights of a 27-class problem, every float in C's %a, hashed: they are
 * those the solver made before its kernels were vectorised and its rows blocked (commit
 * 8d6aa9f), and any change to the order of its sums shows here. */
START_TEST(test_weights_unchanged)
{
	float W[FEATURES * 27], b[27];
	struct digest dg;
	char hex[DIGEST_HEX_LEN + 1], num[64];

	train_random(27, 1, W, b);
	digest_init(&dg);
	for (size_t k = 0; k < sizeof(W) / sizeof(W[0]); k++)
		digest_update(&dg, num, (size_t)snprintf(num, sizeof(num), "%a\n", (double)W[k]));
	for (size_t k = 0; k < 27; k++)
		digest_update(&dg, num, (size_t)snprintf(num, sizeof(num), "%a\n", (double)b[k]));
	digest_final(&dg, hex);
	ck_assert_str_eq(hex, "9b64691a4e27331c1108232f7296c1a976e8d2d97bbe717ec07db8ac9c9bcb17");
}
END_TEST

/* Rows without a single entry (a dataset with no sparse arrays at all): the biases alone
 * learn, at any thread count. */
START_TEST(test_no_entries)
{
	struct dataset d;
	struct linsvm_opts o = { 1.0, 1e-5, 100, NULL, 1, 2 };
	struct linsvm_stats st;
	size_t idx[40];
	float W[4 * 3], b[3];

	memset(&d, 0, sizeof(d));
	d.n = 40;
	d.h.sparse = 4;
	d.y = xmalloc(40 * sizeof(int));
	d.sp_off = xcalloc(41, sizeof(uint64_t));
	for (size_t i = 0; i < 40; i++) {
		idx[i] = i;
		d.y[i] = i < 30 ? 0 : (int)(1 + i % 2);
	}
	memset(W, 0, sizeof(W));
	linsvm_train(&d, idx, 40, 3, &o, W, b, &st);
	ck_assert_int_eq(st.unconverged, 0);
	for (int k = 0; k < 12; k++)
		ck_assert(W[k] == 0.0f);
	/* the majority class leans positive, the two small ones negative */
	ck_assert(b[0] > 0.0f && b[1] < 0.0f && b[2] < 0.0f);
	free(d.y);
	free(d.sp_off);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("linsvm");
	TCase *tc = tcase_create("linsvm");

	tcase_add_test(tc, test_against_liblinear);
	tcase_add_test(tc, test_threads_and_limit);
	tcase_add_test(tc, test_every_kernel_width);
	tcase_add_test(tc, test_weights_unchanged);
	tcase_add_test(tc, test_no_entries);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
