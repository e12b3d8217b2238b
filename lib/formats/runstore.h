/*
 * runstore: records of runs in MLflow's file store ("mlruns"), exactly as MLflow 2.x
 * writes it, so that `mlflow ui --backend-store-uri STORE` and mlflow.search_runs read
 * them (pc-formats(5), RUN STORE):
 *
 *   STORE/.trash/
 *   STORE/0/meta.yaml                   the Default experiment
 *   STORE/<experiment_id>/meta.yaml     artifact_location, creation_time, experiment_id,
 *                                       last_update_time, lifecycle_stage, name
 *   STORE/<experiment_id>/<run_id>/     run_id: 32 lowercase hex digits (a UUID 4)
 *       meta.yaml                       the run's info (status 1 running, 3 finished,
 *                                       4 failed), rewritten atomically at the end
 *       params/<key>                    the value, no newline
 *       metrics/<key>                   "<unix ms> <value> <step>" a line, values as
 *                                       Python prints floats
 *       tags/<key>                      mlflow.runName, mlflow.user, mlflow.source.name,
 *                                       mlflow.source.type, prodclass.* ...
 *       artifacts/                      inputs.tsv, outputs.tsv, resources.tsv (name,
 *                                       SHA-256 of every input and output; wall, CPU and
 *                                       peak memory), and links to the outputs
 *
 * Every run gets its own directory: two runs never share one.  New experiments get a
 * random 18-digit id, as MLflow 2.x gives them; an experiment is found by its name.
 * Files are written through temporary files outside the scanned folders and renamed.
 */
#ifndef PC_RUNSTORE_H
#define PC_RUNSTORE_H

#include <stdio.h>

struct runstore_run;

/* Open `store` (created with its Default experiment when absent), find or create the
 * experiment `experiment` (NULL: "Default"), and start a run named `name` (NULL: the
 * program and the time); NULL after reporting. */
struct runstore_run *runstore_begin(const char *store, const char *experiment,
				    const char *name);
/* The run's id and directory. */
const char *runstore_id(const struct runstore_run *r);
const char *runstore_dir(const struct runstore_run *r);

void runstore_param(struct runstore_run *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void runstore_tag(struct runstore_run *r, const char *key, const char *value);
void runstore_metric(struct runstore_run *r, const char *key, double value, long step);
/* An input or output file of the run by its SHA-256 (and its path for outputs: a link in
 * artifacts/ points at it). */
void runstore_input(struct runstore_run *r, const char *name, const char *sha256);
void runstore_output(struct runstore_run *r, const char *name, const char *path,
		     const char *sha256);
/* Write the artifacts and the resources, mark the run finished (ok) or failed, free.
 * 0, or -1 if anything failed (reported). */
int runstore_end(struct runstore_run *r, int ok);

/* A float as Python's repr() prints it (MLflow's own metric files): shortest round trip,
 * "1.0", "1e-05", "nan", "inf". */
void runstore_format_double(char *buf, size_t size, double v);

/* List every run of the store as TSV (experiment, run_id, name, status, start, end, and
 * the last value of each metric in `metrics`, comma-separated) on `out`; 0, or -1 after
 * reporting. */
int runstore_list(const char *store, const char *metrics, FILE *out);

#endif
