/* progress: a progress bar on stderr when it is a terminal; see progress.h. */
#include "base/progress.h"
#include "base/msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

double pc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_start(struct progress *p, const char *what, uint64_t total)
{
	p->what = what;
	p->total = total;
	p->done = 0;
	p->start = p->last = pc_now();
	p->active = isatty(2) && !getenv("PC_NO_PROGRESS") && !pc_quiet();
}

static void draw(struct progress *p, double now)
{
	double el = now - p->start;
	double rate = el > 0 ? (double)p->done / el : 0;

	if (p->total) {
		int width = 30, fill = (int)((double)width * (double)p->done / (double)p->total);

		if (fill > width)
			fill = width;
		fprintf(stderr, "\r%s [%.*s%*s] %3.0f%% %.0f/s ", p->what, fill,
			"##############################", width - fill, "",
			100.0 * (double)p->done / (double)p->total, rate);
	} else {
		fprintf(stderr, "\r%s %llu (%.0f/s) ", p->what, (unsigned long long)p->done, rate);
	}
	fflush(stderr);
	p->last = now;
}

void progress_add(struct progress *p, uint64_t n)
{
	double now;

	p->done += n;
	if (!p->active)
		return;
	now = pc_now();
	if (now - p->last >= 0.2)
		draw(p, now);
}

void progress_end(struct progress *p)
{
	if (!p->active)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->active = 0;
}
