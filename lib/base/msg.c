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

static _Thread_local struct pc_msg_held *held;

void pc_msg_hold(struct pc_msg_held *h)
{
	h->text[0] = '\0';
	h->len = 0;
	h->outer = held;
	held = h;
}

void pc_msg_unhold(struct pc_msg_held *h)
{
	held = h->outer;
}

/* One whole line to where messages go now. */
static void put(const char *line)
{
	if (held) {
		size_t n = strlen(line), room = sizeof(held->text) - 1 - held->len;

		n = n < room ? n : room;
		memcpy(held->text + held->len, line, n);
		held->len += n;
		held->text[held->len] = '\0';
	} else if (capture_buf) {
		snprintf(capture_buf, capture_size, "%s", line);
	} else {
		fputs(line, stderr);
	}
}

void pc_msg_put_held(const struct pc_msg_held *h)
{
	const char *at = h->text;

	while (*at) {
		const char *nl = strchr(at, '\n');
		size_t n = nl ? (size_t)(nl - at) + 1 : strlen(at);
		char line[PC_MSG_HELD];

		memcpy(line, at, n);
		line[n] = '\0';
		put(line);
		at += n;
	}
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
	put(out);
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

/* A message that ends the program goes out whatever holds it would have joined. */
static void no_holds(void)
{
	held = NULL;
}

void pc_exit(int status)
{
	fflush(stdout);
	exit(status);
}

void pc_die(const char *fmt, ...)
{
	va_list ap;

	no_holds();
	va_start(ap, fmt);
	emit("", NULL, 0, NULL, fmt, ap);
	va_end(ap);
	pc_exit(PC_EXIT_INPUT);
}

void pc_die_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	no_holds();
	va_start(ap, fmt);
	emit("", file, line, NULL, fmt, ap);
	va_end(ap);
	pc_exit(PC_EXIT_INPUT);
}

void pc_fatal(const char *fmt, ...)
{
	va_list ap;

	no_holds();
	va_start(ap, fmt);
	emit("", NULL, 0, NULL, fmt, ap);
	va_end(ap);
	pc_exit(PC_EXIT_INTERNAL);
}

void pc_fatal_errno(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	no_holds();
	va_start(ap, fmt);
	emit("", NULL, 0, strerror(saved), fmt, ap);
	va_end(ap);
	pc_exit(PC_EXIT_INTERNAL);
}
