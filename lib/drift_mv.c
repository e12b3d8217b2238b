/* drift_mv: multivariate drift between tensor streams; see drift_mv.h. */
#include "drift_mv.h"
#include "msg.h"
#include "pct.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

void dmv_opts_init(struct dmv_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->permutations = 200;
	o->alpha = 0.05;
	o->max_rows = 5000;
	o->threads = 1;
}

int dmv_test_parse(const char *s, enum dmv_test *t)
{
	if (!strcmp(s, "auto"))
		*t = DMV_AUTO;
	else if (!strcmp(s, "classifier"))
		*t = DMV_CLASSIFIER;
	else if (!strcmp(s, "mmd"))
		*t = DMV_MMD;
	else
		return -1;
	return 0;
}

int dmv_is_stream(const char *path)
{
	char buf[8];
	int fd, ok;

	if (!path || !strcmp(path, "-"))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ok = read(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf) && !memcmp(buf, PCT_MAGIC, 8);
	close(fd);
	return ok;
}

int dmv_main(const char *ref, const char *cur, const struct dmv_opts *o, const char *output,
	     const char *metrics)
{
	(void)ref;
	(void)cur;
	(void)o;
	(void)output;
	(void)metrics;
	pc_error("multivariate drift on tensor streams is not implemented yet");
	return PC_EXIT_INTERNAL;
}
