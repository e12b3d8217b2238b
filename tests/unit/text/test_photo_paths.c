/* Unit tests for the confinement of photo paths to the photo directory (issue 12): a name
 * from the catalogue that leads out of -i DIR, by "..", as an absolute path or through a
 * symbolic link, is refused by line; names that stay inside are kept as written. */
#include "base/msg.h"
#include "text/catalog.h"

#include "../testutil.h"

#include <sys/stat.h>

static char lastmsg[4096];

struct scene {
	char *dir, *img, *products;
};

static void scene_make(struct scene *s, const char *products)
{
	char *p;

	s->dir = tu_tmpdir();
	s->img = tu_path(s->dir, "img");
	s->products = tu_path(s->dir, "products.tsv");
	ck_assert_int_eq(mkdir(s->img, 0777), 0);
	p = tu_path(s->dir, "img/sub");
	ck_assert_int_eq(mkdir(p, 0777), 0);
	free(p);
	p = tu_path(s->dir, "secret.txt");
	tu_write_file(p, "secret\n", 7);
	free(p);
	p = tu_path(s->dir, "img/evil.jpg");
	ck_assert_int_eq(symlink("../secret.txt", p), 0);
	free(p);
	p = tu_path(s->dir, "img/good.jpg");
	tu_write_file(p, "x", 1);
	free(p);
	p = tu_path(s->dir, "img/sub/alias.jpg");
	ck_assert_int_eq(symlink("../good.jpg", p), 0);
	free(p);
	p = tu_path(s->dir, "img/sub/up");
	ck_assert_int_eq(symlink("../..", p), 0);
	free(p);
	tu_write_file(s->products, products, strlen(products));
}

static void scene_free(struct scene *s)
{
	free(s->img);
	free(s->products);
	tu_rmdir(s->dir);
}

/* Read every product: the photo paths after the image directory, "|"-joined, or the
 * error message. */
static void read_all(struct scene *s, const char *images, char *out, size_t size)
{
	struct catalog_opts o = { .path = s->products, .images = images, .check_images = 1 };
	struct catalog *c;
	struct catalog_item it;
	int m;

	out[0] = '\0';
	pc_set_progname("pc-test");
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	c = catalog_open(&o);
	ck_assert_ptr_nonnull(c);
	while ((m = catalog_next(c, &it)) > 0) {
		const char *rel = strncmp(it.image, images, strlen(images)) ? it.image :
				  it.image + strlen(images);

		snprintf(out + strlen(out), size - strlen(out), "%s|", rel);
	}
	if (m < 0) {
		const char *at = strstr(lastmsg, "products.tsv:");

		size_t n = strlen(at ? at : lastmsg);

		if (n >= size)
			n = size - 1;
		memcpy(out, at ? at : lastmsg, n);
		out[n] = '\0';
	}
	catalog_close(c);
	pc_msg_capture(NULL, 0);
}

/* `out` is `msg` followed by the directory as given. */
static void expect_outside(const char *out, const char *msg, const char *dir)
{
	char want[1024];

	snprintf(want, sizeof(want), "%s%s\n", msg, dir);
	ck_assert_str_eq(out, want);
}

START_TEST(test_paths_inside)
{
	struct scene s;
	char out[1024];

	scene_make(&s, "id\ttitle\timage\n1\ta\tgood.jpg\n2\tb\tsub/../good.jpg\n"
		       "3\tc\tsub/alias.jpg\n4\td\tsub/up/img/good.jpg\n5\te\t\n"
		       "6\tf\tmissing/x.jpg\n7\tg\t./sub//../good.jpg\n");
	read_all(&s, s.img, out, sizeof(out));
	ck_assert_str_eq(out, "/good.jpg|/sub/../good.jpg|/sub/alias.jpg|/sub/up/img/good.jpg|"
			 "|/missing/x.jpg|/./sub//../good.jpg|");
	scene_free(&s);
}
END_TEST

START_TEST(test_paths_outside)
{
	static const char *const cases[][2] = {
		{ "../secret.txt", "products.tsv:3: photo path '../secret.txt' leads outside " },
		{ "sub/../../secret.txt",
		  "products.tsv:3: photo path 'sub/../../secret.txt' leads outside " },
		{ "/etc/passwd", "products.tsv:3: photo path '/etc/passwd' leads outside " },
		{ "evil.jpg", "products.tsv:3: photo path 'evil.jpg' leads outside " },
		{ "sub/up/secret.txt",
		  "products.tsv:3: photo path 'sub/up/secret.txt' leads outside " },
		{ "..", "products.tsv:3: photo path '..' leads outside " },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct scene s;
		char text[256], out[1024];

		snprintf(text, sizeof(text), "id\ttitle\timage\n1\ta\tgood.jpg\n2\tb\t%s\n",
			 cases[i][0]);
		scene_make(&s, text);
		read_all(&s, s.img, out, sizeof(out));
		expect_outside(out, cases[i][1], s.img);
		scene_free(&s);
	}
}
END_TEST

/* The challenge's names are built from the imageid and productid columns: the same rule. */
START_TEST(test_paths_challenge_names)
{
	struct scene s;
	char out[1024];

	scene_make(&s, "id\tdesignation\tproductid\timageid\n0\tmug\t7\t1/../../../secret\n");
	read_all(&s, s.img, out, sizeof(out));
	expect_outside(out, "products.tsv:2: photo path 'image_1/../../../secret_product_7.jpg' "
		       "leads outside ", s.img);
	scene_free(&s);
	scene_make(&s, "id\tdesignation\tproductid\timageid\n0\tmug\t7\t1\n");
	read_all(&s, s.img, out, sizeof(out));
	ck_assert_str_eq(out, "/image_1_product_7.jpg|");
	scene_free(&s);
}
END_TEST

/* A photo directory that does not exist has no links to follow: ".." is still refused. */
START_TEST(test_paths_missing_directory)
{
	struct scene s;
	char out[1024], *none;

	scene_make(&s, "id\ttitle\timage\n1\ta\tp/1.jpg\n2\tb\tp/../../x.jpg\n");
	none = tu_path(s.dir, "none");
	read_all(&s, none, out, sizeof(out));
	expect_outside(out, "products.tsv:3: photo path 'p/../../x.jpg' leads outside ", none);
	free(none);
	scene_free(&s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("photo_paths");
	TCase *tc = tcase_create("photo_paths");

	tcase_add_test(tc, test_paths_inside);
	tcase_add_test(tc, test_paths_outside);
	tcase_add_test(tc, test_paths_challenge_names);
	tcase_add_test(tc, test_paths_missing_directory);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
