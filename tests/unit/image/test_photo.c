/* Unit tests for photo files that are not photos (issue 12): a FIFO is refused without
 * waiting for a writer, a device or a directory is refused, and no message quotes the
 * bytes of a file that is not a JPEG. */
#include "base/msg.h"
#include "image/image.h"

#include "../testutil.h"

#include <sys/stat.h>
#include <time.h>

static char lastmsg[4096];

START_TEST(test_photo_fifo)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "photo.jpg");
	struct image img = { 0 };
	time_t t0 = time(NULL);

	ck_assert_int_eq(mkfifo(path, 0600), 0);
	pc_set_progname("pc-test");
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	/* without O_NONBLOCK the open would wait for a writer forever (Check's timeout) */
	ck_assert_int_eq(image_load_jpeg(path, 32, &img, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "photo.jpg: not a regular file\n"));
	ck_assert_int_le(time(NULL) - t0, 2);
	ck_assert_int_eq(image_load_jpeg(dir, 32, &img, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, ": not a regular file\n"));
	pc_msg_capture(NULL, 0);
	image_free(&img);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_photo_no_content_in_messages)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "shadow");
	struct image img = { 0 };

	tu_write_file(path, "root:$6$secret\n", 15);
	pc_set_progname("pc-test");
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(image_load_jpeg(path, 32, &img, NULL), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "shadow: cannot decode jpeg: not a JPEG file\n"));
	ck_assert_ptr_null(strstr(lastmsg, "0x"));
	ck_assert_int_eq(image_decode_jpeg("mem", "ro", 2, 32, &img, NULL), -1);
	ck_assert_str_eq(lastmsg, "pc-test: mem: cannot decode jpeg: not a JPEG file\n");
	pc_msg_capture(NULL, 0);
	image_free(&img);
	free(path);
	tu_rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("photo");
	TCase *tc = tcase_create("photo");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_photo_fifo);
	tcase_add_test(tc, test_photo_no_content_in_messages);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
