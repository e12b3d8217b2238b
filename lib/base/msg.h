/*
 * msg: diagnostics in git's manner, and the toolkit's exit statuses.
 *
 * Every message is one line on stderr, "prog: what is wrong", lower case, the problem
 * first.  pc_error() returns -1 so callers can write `return pc_error(...)`; pc_die()
 * is for the unrecoverable and exits.  Positions in input are written "file:line: ".
 */
#ifndef PC_MSG_H
#define PC_MSG_H

#include <stdarg.h>
#include <stddef.h>

/* Exit statuses shared by every program (DESIGN.md, Conventions). */
enum {
	PC_EXIT_OK = 0,       /* success */
	PC_EXIT_NO = 1,       /* a negative answer scripts branch on */
	PC_EXIT_INPUT = 2,    /* bad usage or bad input */
	PC_EXIT_INTERNAL = 3, /* internal failure: out of memory, failed write, bug */
};

#if defined(__GNUC__)
#define PC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define PC_NORETURN __attribute__((noreturn))
#else
#define PC_PRINTF(f, a)
#define PC_NORETURN
#endif

/* Set once from main(): the basename of argv[0] prefixes every message. */
void pc_set_progname(const char *argv0);
const char *pc_progname(void);

/* -q: warnings are not printed (errors are), and progress bars stay off. */
void pc_set_quiet(int on);
int pc_quiet(void);

/* "prog: msg"; returns -1. */
int pc_error(const char *fmt, ...) PC_PRINTF(1, 2);
/* "prog: file:line: msg"; line 0 omits the line; returns -1. */
int pc_error_at(const char *file, long line, const char *fmt, ...) PC_PRINTF(3, 4);
/* "prog: msg: strerror(errno)"; returns -1. */
int pc_error_errno(const char *fmt, ...) PC_PRINTF(1, 2);
/* "prog: warning: msg". */
void pc_warn(const char *fmt, ...) PC_PRINTF(1, 2);
void pc_warn_at(const char *file, long line, const char *fmt, ...) PC_PRINTF(3, 4);

/* Print and exit with PC_EXIT_INPUT (bad usage or input). */
void pc_die(const char *fmt, ...) PC_PRINTF(1, 2) PC_NORETURN;
void pc_die_at(const char *file, long line, const char *fmt, ...) PC_PRINTF(3, 4) PC_NORETURN;
/* Print and exit with PC_EXIT_INTERNAL (resources, I/O, bugs). */
void pc_fatal(const char *fmt, ...) PC_PRINTF(1, 2) PC_NORETURN;
void pc_fatal_errno(const char *fmt, ...) PC_PRINTF(1, 2) PC_NORETURN;

/* Exit with `status` after an error has already been reported. */
void pc_exit(int status) PC_NORETURN;

/* Route this thread's messages into a buffer instead of stderr (worker threads that
 * count and summarise errors, tests, fuzzers): the last message is kept in `buf`
 * (truncated to `size`); NULL restores stderr.  Each thread has its own setting. */
void pc_msg_capture(char *buf, size_t size);

/*
 * Hold this thread's messages back until it is known whether they count (work done on
 * data a later check may yet refuse): pc_msg_unhold sends messages where they went
 * before, keeping what was held (its first PC_MSG_HELD bytes); pc_msg_put_held sends the
 * held messages on, or the caller drops them by doing nothing.  Holds nest.  pc_die and
 * pc_fatal are never held: the program ends with their message.
 */
enum { PC_MSG_HELD = 4096 };
struct pc_msg_held {
	char text[PC_MSG_HELD];
	size_t len;
	struct pc_msg_held *outer;
};
void pc_msg_hold(struct pc_msg_held *h);
void pc_msg_unhold(struct pc_msg_held *h);
void pc_msg_put_held(const struct pc_msg_held *h);

#endif
