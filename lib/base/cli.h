/*
 * cli: what every program's main() shares: --version text, usage errors, and strict
 * parsing of numeric option values (the whole string, within bounds, or a usage error).
 */
#ifndef PC_CLI_H
#define PC_CLI_H

#include <stdint.h>

#include "base/msg.h"

/* Print "prog (prodclass) VERSION" and exit 0. */
void cli_version(void) PC_NORETURN;
/* "prog: msg" then "Try 'prog --help'.", exit 2. */
void cli_usage_error(const char *fmt, ...) PC_PRINTF(1, 2) PC_NORETURN;

/* Parse option `opt`'s value `s`; a bad value is a usage error. */
long cli_long(const char *opt, const char *s, long min, long max);
uint64_t cli_u64(const char *opt, const char *s);
double cli_double(const char *opt, const char *s, double min, double max);

/* Parse a whole string as a number; 0 on success, -1 if it is not one. */
int parse_long(const char *s, long *out);
int parse_u64(const char *s, uint64_t *out);
int parse_double(const char *s, double *out);

#endif
