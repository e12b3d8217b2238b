/*
 * progress: a one-line progress bar on stderr for long work, drawn only when stderr is a
 * terminal and at most a few times a second, so that cron and pipes stay silent.
 */
#ifndef PC_PROGRESS_H
#define PC_PROGRESS_H

#include <stdint.h>

struct progress {
	const char *what;
	uint64_t total;   /* 0 when unknown: a counter instead of a bar */
	uint64_t done;
	double start, last;
	int active;
};

/* Start; `total` 0 when unknown.  Inactive when stderr is not a terminal or
 * PC_NO_PROGRESS is set. */
void progress_start(struct progress *p, const char *what, uint64_t total);
/* Add `n` items done; redraws at most every 0.2 s. */
void progress_add(struct progress *p, uint64_t n);
/* Clear the line. */
void progress_end(struct progress *p);

/* Seconds on the monotonic clock. */
double pc_now(void);

#endif
