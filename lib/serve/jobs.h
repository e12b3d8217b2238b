/*
 * jobs: batch scoring through a spool directory, in maildir's discipline, so that a
 * crash loses nothing and scores nothing twice.
 *
 *   SPOOL/lock          flock(2)ed by the one pc-serve that owns the spool
 *   SPOOL/tmp/ID/       an upload being received: input, meta
 *   SPOOL/new/ID/       a job waiting (renamed from tmp/ once whole: the job exists)
 *   SPOOL/cur/ID/       a job a worker took (renamed from new/: one worker only), and
 *                       its partial result: result.part and progress
 *   SPOOL/done/ID/      a finished job (renamed from cur/): result.tsv and status
 *
 * Every move is a rename of the job's directory.  A worker scores the input in chunks
 * (a multiple of NET_CHUNK rows, so that the rows are grouped as pc-predict groups
 * them); after each chunk its lines are appended to result.part and synced, then
 * `progress` (rows and bytes committed, the model version) is replaced by a rename.  A
 * job found in cur/ when pc-serve starts was in flight when the last one died: the
 * partial result is cut back to the committed bytes, the committed rows are skipped, and
 * the job goes on with the version it started on, so every product appears in the result
 * exactly once, scored exactly once by one model.  Leftovers in tmp/ are uploads nobody
 * was told about: removed at start.  Finished jobs are removed `ttl` seconds after they
 * finish.
 *
 * Inputs: a product table (CSV in the challenge layout, or TSV; photos by imageid and
 * productid, or an "image" column, under the image root) or pc-tokenize's token TSV
 * (photo paths relative to the image root, or absolute inside it).  The result is what
 * `pc-tokenize INPUT -i ROOT | pc-predict -m MODEL -k TOP` writes: id, pred, prob, top.
 *
 * Another program may queue a job the same way: make tmp/ID/input (ID: 1 to 64 of
 * [0-9a-z_-]) and an optional meta ("format products|tokens", "top K"), then rename the
 * directory to new/ID.
 */
#ifndef PC_SERVE_JOBS_H
#define PC_SERVE_JOBS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/sbuf.h"
#include "serve/models.h"
#include "text/normalize.h"

#define JOB_ID_MAX 64

struct jobs_opts {
	const char *spool;
	int workers;              /* jobs scored at once */
	int threads;              /* threads a job is scored on */
	double ttl;               /* seconds a finished job is kept */
	size_t chunk;             /* rows between commits, a multiple of NET_CHUNK */
	double pause;             /* seconds slept after each chunk (tests) */
	const char *image_root;   /* resolved, or NULL */
	const struct normalizer *nz;
	struct models *models;
	int default_top;
};

struct jobs;

/* Make the spool's directories, take its lock, clear tmp/, find the jobs in flight;
 * NULL after reporting (another pc-serve holds the spool). */
struct jobs *jobs_open(const struct jobs_opts *o);
/* Start the workers; 0 or -1. */
int jobs_start(struct jobs *j);
/* Stop the workers after their current chunk (a job in flight stays in cur/ and goes on
 * at the next start), release the lock, free. */
void jobs_close(struct jobs *j);

/* Whether `id` is a job id (1 to JOB_ID_MAX of [0-9a-z_-]). */
int jobs_id_ok(const char *id);

/* An upload: the body is written to tmp/ID/input as it arrives. */
struct job_upload;
/* NULL after reporting (a file system error). */
struct job_upload *jobs_upload_begin(struct jobs *j);
const char *jobs_upload_id(const struct job_upload *u);
/* 0, or -1 after reporting. */
int jobs_upload_write(struct job_upload *u, const void *data, size_t n);
/* Check the input (format "auto", "products" or "tokens"; top 0: the default) and queue
 * it: 202 with the job's JSON in out, or 400 with the reason (every row is read: a bad
 * line is refused now, not halfway through), or 500.  The upload is freed either way. */
int jobs_upload_commit(struct job_upload *u, const char *format, int top, struct sbuf *out);
/* Forget an upload (the client went away, or a limit was hit). */
void jobs_upload_abort(struct job_upload *u);

/* GET /v1/jobs/ID: 200 with the status JSON, or 404. */
int jobs_status(struct jobs *j, const char *id, struct sbuf *out);
/* GET /v1/jobs/ID/result: 200 with *fd open on the result and *size set; 404 unknown;
 * 409 not finished or failed (the reason's JSON in out). */
int jobs_result(struct jobs *j, const char *id, int *fd, uint64_t *size, struct sbuf *out);

/* Jobs in new/ and in cur/. */
void jobs_counts(struct jobs *j, long *queued, long *running);

/* Remove finished jobs older than the ttl now; the number removed. */
long jobs_expire(struct jobs *j);

#endif
