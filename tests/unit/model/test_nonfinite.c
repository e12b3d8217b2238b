/* Unit tests for non-finite features (issue 12): a training stream holding an infinity or
 * a NaN is refused by row before any training, rather than found as a diverged model. */
#include "base/msg.h"
#include "formats/pct.h"
#include "model/dataset.h"

#include "../testutil.h"

#include <math.h>

static char lastmsg[4096];

/* A stream of three rows (dense 2, sparse 4) with `bad` in row 2's dense or sparse part. */
static void write_stream(const char *path, float bad, int in_sparse)
{
	struct pct_header h = { .dense = 2, .sparse = 4, .featurizer = "", .spec = "" };
	FILE *fp = fopen(path, "wb");
	struct pct_writer *w;

	ck_assert_ptr_nonnull(fp);
	w = pct_create(fp, path, &h);
	ck_assert_ptr_nonnull(w);
	for (int i = 0; i < 3; i++) {
		char id[8];
		float dense[2] = { 1, (float)i };
		uint32_t idx[1] = { 2 };
		float val[1] = { 0.5f };
		struct pct_row row = { .id = id, .label = "1", .label_len = 1, .dense = dense,
				       .nnz = 1, .idx = idx, .val = val };

		row.id_len = (size_t)snprintf(id, sizeof(id), "r%d", i + 1);
		if (i == 1 && in_sparse)
			val[0] = bad;
		else if (i == 1)
			dense[1] = bad;
		ck_assert_int_eq(pct_write(w, &row), 0);
	}
	ck_assert_int_eq(pct_finish(w), 0);
	ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(test_dataset_nonfinite)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "x.pct");
	const float bad[] = { NAN, INFINITY, -INFINITY };
	struct dataset *d;

	pc_set_progname("pc-test");
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	for (int k = 0; k < 6; k++) {
		write_stream(path, bad[k % 3], k >= 3);
		ck_assert_ptr_null(dataset_read(path));
		ck_assert_ptr_nonnull(strstr(lastmsg, "x.pct: row r2: non-finite feature value\n"));
	}
	write_stream(path, 3e38f, 0);
	d = dataset_read(path);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->n, 3);
	dataset_free(d);
	pc_msg_capture(NULL, 0);
	free(path);
	tu_rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nonfinite");
	TCase *tc = tcase_create("nonfinite");

	tcase_add_test(tc, test_dataset_nonfinite);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
