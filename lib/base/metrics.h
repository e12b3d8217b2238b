/*
 * metrics: Prometheus text exposition (the node_exporter textfile collector's format) of
 * a run's outcome, duration, CPU time, peak memory, rows and whatever figures a program
 * computed.
 *
 * One vocabulary for every program: the metrics are the entries of enum metric, and
 * their names and HELP texts are one table in metrics.c, so the same name always comes
 * with the same HELP and TYPE (node_exporter drops a metric whose files disagree).  Every
 * sample carries program="<progname>".  All are gauges (a file describes one run).
 *
 * A program calls
 *   metrics_begin()        first thing in main(): starts the clock;
 *   metrics_open(path)     once its options are parsed, before the work: the --metrics
 *                          FILE, or NULL for $PC_METRICS_DIR/<program>.prom when that is
 *                          set, else no metrics.  An unusable path (a directory, a
 *                          missing directory, no permission) is reported and the program
 *                          exits 3, as for any output that cannot be written;
 *   metrics_set()          for its figures;
 *   metrics_finish(status) at the end: writes the file with the run's outcome.
 * From metrics_open on, a run that exits any other way (an error that exits, a return
 * from main() without metrics_finish) still writes its file from an exit handler, with
 * prodclass_success 0 and its exit status.  The file is replaced atomically, so the
 * collector never reads half a file.
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

/* The vocabulary: prodclass_<name>, names and HELP texts in metrics.c (and pc-formats(5)). */
enum metric {
	/* every run */
	MET_SUCCESS,
	MET_EXIT_STATUS,
	MET_LAST_RUN_TIMESTAMP,
	MET_LAST_SUCCESS_TIMESTAMP,
	MET_DURATION,
	MET_CPU,
	MET_PEAK_MEMORY,
	/* data */
	MET_ROWS,
	MET_TOKENS,
	MET_INVALID_UTF8_BYTES,
	MET_IMAGES_MISSING,
	MET_IMAGES_UNREADABLE,
	MET_TEXT_OOV_MEAN,
	/* training */
	MET_TRAIN_ROWS,
	MET_VALID_ROWS,
	MET_EPOCHS_RUN,
	MET_BEST_EPOCH,
	MET_VALID_ACCURACY,
	MET_VALID_WEIGHTED_F1,
	/* evaluation */
	MET_ACCURACY,
	MET_WEIGHTED_F1,
	MET_MACRO_F1,
	MET_LOG_LOSS,
	/* drift */
	MET_DRIFT_SHARE,
	MET_DRIFT_COLUMNS_DRIFTED,
	MET_DRIFT_COLUMNS_TESTED,
	MET_DRIFT_DATASET,
	MET_DRIFT_COLUMN_SCORE,
	MET_DRIFT_COLUMN_THRESHOLD,
	MET_DRIFT_COLUMN_DRIFTED,
	MET_DRIFT_ACCURACY,
	MET_DRIFT_PERFORMANCE_DROP,
	MET_COUNT
};

/* The name without "prodclass_", and the HELP text, of a metric. */
const char *metrics_name(enum metric m);
const char *metrics_help(enum metric m);

void metrics_begin(void);
void pc_usage_get(struct pc_usage *u);

/* Where the metrics go: `path`, or with NULL $PC_METRICS_DIR/<program>.prom, or nowhere.
 * Opens the file now (its temporary file, see outfile.h) so that an unusable path is
 * refused before the work: reported, then exit 3.  Arms the exit handler. */
void metrics_open(const char *path);

/* Record a gauge; `labels` is NULL or a label set without braces, e.g.
 * "column=\"brightness\"" (see metrics_label).  Setting the same metric and labels again
 * replaces the value. */
void metrics_set(enum metric m, const char *labels, double value);

/* Write the file for a run ending with exit status `status` (nothing when metrics_open
 * found no path): the run's gauges, then everything set, in vocabulary order.  Returns
 * `status`, or 3 when the file could not be written (reported). */
int metrics_finish(int status);

/* A label set `key="value"` with the value escaped as the format requires (invalid UTF-8
 * becomes U+FFFD); free it. */
char *metrics_label(const char *key, const char *value);

/* Forget everything set and any open file (tests). */
void metrics_reset(void);

#endif
