/* Unit tests of the serve layer's pieces that need no model: base64, photo paths under the
 * image root, JSON strings, class names, the live metrics, job ids. */
#include "base/msg.h"
#include "base/sbuf.h"
#include "serve/api.h"
#include "serve/jobs.h"
#include "serve/smetrics.h"
#include "../testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int b64(const char *s, const char *want)
{
	unsigned char *out;
	size_t n;
	int ok;

	if (b64_decode(s, strlen(s), &out, &n) < 0)
		return want == NULL;
	ok = want && n == strlen(want) && !memcmp(out, want, n);
	free(out);
	return ok;
}

START_TEST(test_base64)
{
	ck_assert(b64("", ""));
	ck_assert(b64("QQ==", "A"));
	ck_assert(b64("QQ", "A"));
	ck_assert(b64("QUI=", "AB"));
	ck_assert(b64("QUJD", "ABC"));
	ck_assert(b64("QUJD\nREVG\r\n", "ABCDEF"));
	ck_assert(b64("data:image/jpeg;base64,QUJD", "ABC"));
	ck_assert(b64("-_8=", "\xfb\xff"));                  /* URL-safe alphabet */
	ck_assert(b64("+/8=", "\xfb\xff"));
	ck_assert(b64("Q", NULL));                           /* one lone character */
	ck_assert(b64("QUJDR", NULL));
	ck_assert(b64("QQ=", NULL));                         /* wrong padding */
	ck_assert(b64("QUJD=", NULL));
	ck_assert(b64("QQ==QQ==", NULL));                    /* data after padding */
	ck_assert(b64("QU!D", NULL));
	ck_assert(b64("data:text/plain,QUJD", NULL));        /* a data URL not in base64 */
}
END_TEST

START_TEST(test_photo_paths)
{
	char *dir = tu_tmpdir(), *root, why[256], path[4200];
	char *p;
	int status;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/root", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/root/sub", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/root/sub/a.jpg", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/secret.jpg", dir);
	fp = fopen(path, "w");
	fclose(fp);
	snprintf(path, sizeof(path), "%s/root/out.jpg", dir);
	ck_assert_int_eq(symlink("../secret.jpg", path), 0);
	snprintf(path, sizeof(path), "%s/root/in.jpg", dir);
	ck_assert_int_eq(symlink("sub/a.jpg", path), 0);
	snprintf(path, sizeof(path), "%s/root", dir);
	root = realpath(path, NULL);

	p = photo_path_resolve(root, "sub/a.jpg", &status, why, sizeof(why));
	ck_assert_ptr_nonnull(p);
	ck_assert(strstr(p, "/root/sub/a.jpg"));
	free(p);
	p = photo_path_resolve(root, "./sub/../sub/a.jpg", &status, why, sizeof(why));
	ck_assert_ptr_nonnull(p);
	free(p);
	p = photo_path_resolve(root, "in.jpg", &status, why, sizeof(why));
	ck_assert_ptr_nonnull(p);                            /* a link that stays inside */
	free(p);
	snprintf(path, sizeof(path), "%s/sub/a.jpg", root);
	p = photo_path_resolve(root, path, &status, why, sizeof(why));
	ck_assert_ptr_nonnull(p);                            /* absolute, inside */
	free(p);

	ck_assert_ptr_null(photo_path_resolve(root, "../secret.jpg", &status, why, sizeof(why)));
	ck_assert_int_eq(status, 403);
	ck_assert_ptr_null(photo_path_resolve(root, "sub/../../secret.jpg", &status, why, sizeof(why)));
	ck_assert_int_eq(status, 403);
	ck_assert_ptr_null(photo_path_resolve(root, "out.jpg", &status, why, sizeof(why)));
	ck_assert_int_eq(status, 403);                       /* a link leading out */
	ck_assert_str_eq(why, "image_path leads outside the image root");
	ck_assert_ptr_null(photo_path_resolve(root, "/etc/passwd", &status, why, sizeof(why)));
	ck_assert_int_eq(status, 403);
	snprintf(path, sizeof(path), "%s/../secret.jpg", root);
	ck_assert_ptr_null(photo_path_resolve(root, path, &status, why, sizeof(why)));
	ck_assert_int_eq(status, 403);                       /* absolute, climbing out */
	snprintf(path, sizeof(path), "%sx/a.jpg", root);
	ck_assert_ptr_null(photo_path_resolve(root, path, &status, why, sizeof(why)));
	ck_assert_int_eq(status, 403);                       /* a sibling sharing the prefix */
	ck_assert_ptr_null(photo_path_resolve(root, "missing.jpg", &status, why, sizeof(why)));
	ck_assert_int_eq(status, 400);
	ck_assert_str_eq(why, "image_path: no such photo");
	ck_assert_ptr_null(photo_path_resolve(root, "", &status, why, sizeof(why)));
	ck_assert_int_eq(status, 400);
	free(root);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_json_string)
{
	struct sbuf b = SBUF_INIT;

	json_put_string(&b, "a\"b\\c\n\t\x01é", strlen("a\"b\\c\n\t\x01é"));
	ck_assert_str_eq(b.s, "\"a\\\"b\\\\c\\u000a\\u0009\\u0001é\"");
	sbuf_reset(&b);
	/* invalid UTF-8: a lone continuation, a truncated sequence, an overlong form, a
	 * surrogate: each bad byte becomes U+FFFD */
	json_put_string(&b, "\x80x\xc3", 3);
	ck_assert_str_eq(b.s, "\"\xef\xbf\xbdx\xef\xbf\xbd\"");
	sbuf_reset(&b);
	json_put_string(&b, "\xe0\x80\x80", 3);
	ck_assert_str_eq(b.s, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	sbuf_reset(&b);
	json_put_string(&b, "\xed\xa0\x80", 3);
	ck_assert_str_eq(b.s, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	sbuf_reset(&b);
	json_put_string(&b, "\xf0\x9f\x98\x80", 4);        /* an emoji stays */
	ck_assert_str_eq(b.s, "\"\xf0\x9f\x98\x80\"");
	api_error(&b, "bad \"x\"");
	ck_assert_str_eq(b.s, "{\"error\":\"bad \\\"x\\\"\"}\n");
	sbuf_free(&b);
}
END_TEST

START_TEST(test_class_names)
{
	char *dir = tu_tmpdir(), path[4200];
	struct class_names *n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/names.tsv", dir);
	fp = fopen(path, "w");
	fputs("prdtypecode\tname\ttrain_count\n10\tlivres d'occasion\t3116\n2583\tpiscine et spa\t1\n", fp);
	fclose(fp);
	n = class_names_read(path);
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(class_names_get(n, "2583"), "piscine et spa");
	ck_assert_str_eq(class_names_get(n, "10"), "livres d'occasion");
	ck_assert_ptr_null(class_names_get(n, "11"));
	class_names_free(n);
	/* any two columns: code first, name second */
	fp = fopen(path, "w");
	fputs("c\tlabel_text\nA\tfirst\n", fp);
	fclose(fp);
	n = class_names_read(path);
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(class_names_get(n, "A"), "first");
	class_names_free(n);
	fp = fopen(path, "w");
	fputs("only\nA\n", fp);
	fclose(fp);
	pc_msg_capture(path, sizeof(path));
	ck_assert_ptr_null(class_names_read(dir));          /* a directory */
	pc_msg_capture(NULL, 0);
	ck_assert_ptr_null(class_names_get(NULL, "A"));
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_metrics)
{
	struct sbuf b = SBUF_INIT;
	struct smetrics_gauges g = { 7, 1700000000, 2, 1, 3, 1, 1699999999 };

	smetrics_reset();
	smetrics_request(ROUTE_PREDICT, 200, 0.0007);
	smetrics_request(ROUTE_PREDICT, 200, 0.003);
	smetrics_request(ROUTE_PREDICT, 400, 30);
	smetrics_request(ROUTE_OTHER, 418, 0.0001);
	smetrics_add(SC_PRODUCTS, 5);
	smetrics_render(&b, &g);
	ck_assert(strstr(b.s, "prodclass_serve_requests_total{program=\"pc-serve\",route=\"/v1/predict\","
			      "code=\"200\"} 2\n"));
	ck_assert(strstr(b.s, "route=\"/v1/predict\",code=\"400\"} 1\n"));
	ck_assert(strstr(b.s, "route=\"other\",code=\"other\"} 1\n"));
	/* cumulative buckets, +Inf the count */
	ck_assert(strstr(b.s, "_bucket{program=\"pc-serve\",route=\"/v1/predict\",le=\"0.0005\"} 0\n"));
	ck_assert(strstr(b.s, "_bucket{program=\"pc-serve\",route=\"/v1/predict\",le=\"0.001\"} 1\n"));
	ck_assert(strstr(b.s, "_bucket{program=\"pc-serve\",route=\"/v1/predict\",le=\"0.005\"} 2\n"));
	ck_assert(strstr(b.s, "_bucket{program=\"pc-serve\",route=\"/v1/predict\",le=\"10\"} 2\n"));
	ck_assert(strstr(b.s, "_bucket{program=\"pc-serve\",route=\"/v1/predict\",le=\"+Inf\"} 3\n"));
	ck_assert(strstr(b.s, "_count{program=\"pc-serve\",route=\"/v1/predict\"} 3\n"));
	ck_assert(strstr(b.s, "prodclass_serve_products_total{program=\"pc-serve\"} 5\n"));
	ck_assert(strstr(b.s, "prodclass_serve_model_version{program=\"pc-serve\"} 7\n"));
	ck_assert(strstr(b.s, "prodclass_serve_jobs_queued{program=\"pc-serve\"} 3\n"));
	ck_assert(strstr(b.s, "# TYPE prodclass_serve_request_duration_seconds histogram\n"));
	/* one HELP and one TYPE a name */
	ck_assert_ptr_null(strstr(strstr(b.s, "# HELP prodclass_serve_requests_total") + 1,
				  "# HELP prodclass_serve_requests_total"));
	ck_assert_str_eq(smetrics_route_name(ROUTE_JOB), "/v1/jobs/{id}");
	sbuf_free(&b);
	smetrics_reset();
}
END_TEST

START_TEST(test_job_ids)
{
	ck_assert(jobs_id_ok("01a2379808675760f518b0dc170b43ca"));
	ck_assert(jobs_id_ok("my-job_1"));
	ck_assert(!jobs_id_ok(""));
	ck_assert(!jobs_id_ok(".."));
	ck_assert(!jobs_id_ok("a/b"));
	ck_assert(!jobs_id_ok("ABC"));
	ck_assert(!jobs_id_ok("expired-x.y"));
	ck_assert(!jobs_id_ok("0123456789012345678901234567890123456789012345678901234567890123456789"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("serve");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	pc_set_progname("test_serve");
	tcase_add_test(tc, test_base64);
	tcase_add_test(tc, test_photo_paths);
	tcase_add_test(tc, test_json_string);
	tcase_add_test(tc, test_class_names);
	tcase_add_test(tc, test_metrics);
	tcase_add_test(tc, test_job_ids);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
