/*
 * metrics: Prometheus text exposition (the node_exporter textfile collector's format) of
 * a run's duration, CPU time, peak memory, rows and whatever figures a program computed.
 *
 * A program calls metrics_begin() at start, metrics_set() for its figures, and
 * metrics_write() at the end: to the --metrics FILE if given, else to
 * $PC_METRICS_DIR/<program>.prom if that is set, else nowhere.  Files are replaced
 * atomically so the collector never reads half a file.
 */
#ifndef PC_METRICS_H
#define PC_METRICS_H

#include <stddef.h>

/* Resource usage of this process so far. */
struct pc_usage {
	double wall_s;    /* since metrics_begin() */
	double user_s, sys_s;
	long peak_rss_kb;
};

void metrics_begin(void);
void pc_usage_get(struct pc_usage *u);

/* Record a gauge.  `name` is appended to "prodclass_"; `labels` is NULL or a label set
 * without braces, e.g. "column=\"brightness\"".  Setting the same name and labels again
 * replaces the value. */
void metrics_set(const char *name, const char *help, const char *labels, double value);

/* Write the standard gauges (duration, cpu, peak memory) plus everything set, labelled
 * with program="<progname>".  `path` NULL uses $PC_METRICS_DIR.  0, or -1 reported. */
int metrics_write(const char *path);

/* A label set `key="value"` with the value escaped as the format requires; free it. */
char *metrics_label(const char *key, const char *value);

/* Forget everything set (tests). */
void metrics_reset(void);

#endif
