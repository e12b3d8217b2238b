/*
 * runlog: a run's record in a directory, in the layout of MLflow's file store so existing
 * habits and scripts carry over:
 *   params/<key>     the value, as text (no newline)
 *   metrics/<key>    one line per logged value: "<unix ms> <value> <step>"
 *   tags/<key>       free text (program, version, status)
 *   inputs.tsv       name, sha256 of each input (training data, featurizer)
 *   outputs.tsv      name, sha256 of each output (the model)
 *   resources.tsv    wall seconds, CPU seconds, peak memory bytes
 * Params, tags and the TSV files are replaced atomically; metric files grow by appends.
 */
#ifndef PC_RUNLOG_H
#define PC_RUNLOG_H

struct runlog;

/* Create (or reuse) the directory; NULL after reporting. */
struct runlog *runlog_open(const char *dir);
void runlog_param(struct runlog *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void runlog_tag(struct runlog *r, const char *key, const char *value);
void runlog_metric(struct runlog *r, const char *key, double value, long step);
void runlog_input(struct runlog *r, const char *name, const char *sha256);
void runlog_output(struct runlog *r, const char *name, const char *sha256);
/* Write inputs, outputs and resources; free.  0, or -1 if anything failed (reported). */
int runlog_close(struct runlog *r);

#endif
