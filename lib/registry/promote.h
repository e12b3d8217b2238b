/*
 * promote: the procedures of pc-promote over a registry (registry.h): register, compare,
 * promote (optionally only if better, compare and move under one lock), roll back, with
 * the guards (a floor on the metric, models that must fit the data), the history line of
 * each decision and the notification (notify.h).  Each returns the program's exit status:
 * 0 done (or the challenger wins), 1 a negative answer (the challenger does not win, a
 * promotion refused), 2 bad usage or input, 3 an internal failure.
 */
#ifndef PC_PROMOTE_H
#define PC_PROMOTE_H

#include <stdio.h>

#include "registry/compare.h"
#include "registry/registry.h"

struct promote_opts {
	struct compare_opts cmp;
	const char *champion;       /* references (alias names or versions) */
	const char *challenger;
	const char *notify;         /* command, or NULL */
	int quiet;
};

void promote_default_opts(struct promote_opts *o);

/* Store MODEL as the next version (with `alias` set on it when not NULL); prints the
 * version ("v3") on `out`. */
int promote_register(struct registry *r, const char *model, const char *run,
		     char *const *attach, const char *alias, FILE *out);
/* Compare the challenger with the champion on `data` and print the table; logs the
 * decision. */
int promote_compare(struct registry *r, const char *data, const struct promote_opts *o,
		    FILE *out);
/* Move the champion alias to the challenger; with `data`, only when it wins the
 * comparison (made under the same lock). */
int promote_promote(struct registry *r, const char *data, const struct promote_opts *o,
		    FILE *out);
/* Point the champion back at the version it held before. */
int promote_rollback(struct registry *r, const struct promote_opts *o);

#endif
