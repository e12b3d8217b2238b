/* cli: shared command-line helpers; see cli.h. */
#include "base/cli.h"


#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void cli_version(void)
{
	printf("%s (%s) %s\n", pc_progname(), PACKAGE_NAME, PACKAGE_VERSION);
	pc_exit(PC_EXIT_OK);
}

void cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", pc_progname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", pc_progname());
	pc_exit(PC_EXIT_INPUT);
}

int parse_long(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return (errno || end == s || *end) ? -1 : 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (*s == '-')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return (errno || end == s || *end) ? -1 : 0;
}

int parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return (errno == ERANGE || end == s || *end) ? -1 : 0;
}

long cli_long(const char *opt, const char *s, long min, long max)
{
	long v;

	if (parse_long(s, &v) < 0)
		cli_usage_error("option %s: '%s' is not an integer", opt, s);
	if (v < min || v > max)
		cli_usage_error("option %s: %ld is out of range [%ld, %ld]", opt, v, min, max);
	return v;
}

uint64_t cli_u64(const char *opt, const char *s)
{
	uint64_t v;

	if (parse_u64(s, &v) < 0)
		cli_usage_error("option %s: '%s' is not a non-negative integer", opt, s);
	return v;
}

double cli_double(const char *opt, const char *s, double min, double max)
{
	double v;

	if (parse_double(s, &v) < 0 || v != v)
		cli_usage_error("option %s: '%s' is not a number", opt, s);
	if (v < min || v > max)
		cli_usage_error("option %s: %g is out of range [%g, %g]", opt, v, min, max);
	return v;
}
