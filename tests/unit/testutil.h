/*
 * testutil: small helpers shared by the Check unit tests: scratch directories, whole-file
 * reads and writes, and the location of the source tree and the real data sample.
 */
#ifndef PC_TESTUTIL_H
#define PC_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh scratch directory; removed by tu_rmdir(). */
static inline char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *p;

	if (!base)
		base = "/tmp";
	p = malloc(strlen(base) + 32);
	sprintf(p, "%s/pc-test-XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(p));
	return p;
}

static inline void tu_rmdir(char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(dir);
}

static inline char *tu_path(const char *dir, const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);

	sprintf(p, "%s/%s", dir, name);
	return p;
}

static inline void tu_write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

/* Whole file, NUL-terminated; NULL if it cannot be read. */
static inline char *tu_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (len)
		*len = 0;
	if (!fp)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap * 2 + 8192;
			buf = realloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* The real Rakuten sample, or NULL when it is absent (tests that need it skip). */
static inline char *tu_sample_path(const char *name)
{
	const char *src = getenv("PC_SRCDIR");
	char *p;

	if (!src)
		src = ".";
	p = malloc(strlen(src) + strlen(name) + 64);
	sprintf(p, "%s/../shared/data/rakuten-sample/%s", src, name);
	if (access(p, R_OK) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

/* Run a suite and return the process's exit status (0 when every test passed). */
static inline int tu_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
