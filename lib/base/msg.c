/* msg: diagnostics in git's manner; see msg.h. */
#include "base/msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *progname = "prodclass";
static int quiet;
static _Thread_local char *capture_buf;
static _Thread_local size_t capture_size;

void pc_set_progname(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

const char *pc_progname(void)
{
	return progname;
}

void pc_set_quiet(int on)
{
	quiet = on;
}

int pc_quiet(void)
{
	return quiet;
}

void pc_msg_capture(char *buf, size_t size)
{
	capture_buf = buf;
	capture_size = size;
	if (buf && size)
		buf[0] = '\0';
}

/* Format the whole line first so that concurrent threads never interleave parts. */
static void emit(const char *kind, const char *file, long line, const char *suffix,
		 const char *fmt, va_list ap)
{
	char msg[2048];
	char pos[1024] = "";
	char out[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (file && line > 0)
		snprintf(pos, sizeof(pos), "%s:%ld: ", file, line);
	else if (file)
		snprintf(pos, sizeof(pos), "%s: ", file);
	snprintf(out, sizeof(out), "%s: %s%s%s%s%s\n", progname, kind, pos, msg,
		 suffix ? ": " : "", suffix ? suffix : "");
	if (capture_buf) {
		snprintf(capture_buf, capture_size, "%s", out);
		return;
	}
	fputs(out, stderr);
}

int pc_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", NULL, 0, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int pc_error_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", file, line, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int pc_error_errno(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	emit("", NULL, 0, strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

void pc_warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet && !capture_buf)
		return;
	va_start(ap, fmt);
	emit("warning: ", NULL, 0, NULL, fmt, ap);
	va_end(ap);
}

void pc_warn_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	if (quiet && !capture_buf)
		return;
	va_start(ap, fmt);
	emit("warning: ", file, line, NULL, fmt, ap);
	va_end(ap);
}

void pc_exit(int status)
{
	fflush(stdout);
	exit(status);
}

void pc_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", NULL, 0, NULL, fmt, ap);
	va_end(ap);
	pc_exit(PC_EXIT_INPUT);
}

void pc_die_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", file, line, NULL, fmt, ap);
	va_end(ap);
	pc_exit(PC_EXIT_INPUT);
}

void pc_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", NULL, 0, NULL, fmt, ap);
	va_end(ap);
	pc_exit(PC_EXIT_INTERNAL);
}

void pc_fatal_errno(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	emit("", NULL, 0, strerror(saved), fmt, ap);
	va_end(ap);
	pc_exit(PC_EXIT_INTERNAL);
}
