/*
 * smetrics: pc-serve's live Prometheus exposition (GET /metrics).
 *
 * Unlike the run files of metrics.h, these are a live server's counters and a latency
 * histogram, kept in atomics so that request threads never wait on one another.  Their
 * names and HELP texts are one table in smetrics.c (listed in pc-serve(1)), all
 * prodclass_serve_*, every sample labelled program="pc-serve" as in metrics.h:
 *
 *   requests_total{route,code}                  counter
 *   request_duration_seconds{route}             histogram, headers received to response sent
 *   products_total                              counter: products scored by /v1/predict
 *   jobs_submitted_total, jobs_done_total, jobs_failed_total, job_products_total  counters
 *   jobs_queued, jobs_running                   gauges: the spool's new/ and cur/
 *   model_version, model_loaded_timestamp_seconds  gauges
 *   model_reloads_total, model_reload_failures_total  counters
 *   start_timestamp_seconds                     gauge
 *
 * Routes are a fixed set (the API's, and "other"), codes the ones pc-serve answers, so
 * the label sets stay bounded whatever clients ask.
 */
#ifndef PC_SERVE_SMETRICS_H
#define PC_SERVE_SMETRICS_H

#include <stdint.h>

#include "base/sbuf.h"

enum serve_route {
	ROUTE_PAGE,        /* GET / */
	ROUTE_HEALTHZ,
	ROUTE_METRICS,
	ROUTE_MODEL,       /* GET /v1/model */
	ROUTE_PREDICT,
	ROUTE_JOBS,        /* POST /v1/jobs */
	ROUTE_JOB,         /* GET /v1/jobs/ID */
	ROUTE_JOB_RESULT,  /* GET /v1/jobs/ID/result */
	ROUTE_OTHER,
	ROUTE_COUNT
};

/* "/v1/predict", ... as in the route label. */
const char *smetrics_route_name(enum serve_route r);

/* A request answered with `code` after `seconds`. */
void smetrics_request(enum serve_route r, int code, double seconds);

enum serve_counter {
	SC_PRODUCTS,
	SC_JOBS_SUBMITTED,
	SC_JOBS_DONE,
	SC_JOBS_FAILED,
	SC_JOB_PRODUCTS,
	SC_COUNT
};
void smetrics_add(enum serve_counter c, uint64_t n);
uint64_t smetrics_get(enum serve_counter c);

/* What the exposition reads from elsewhere at the time of the scrape. */
struct smetrics_gauges {
	long model_version;
	double model_loaded_at;
	uint64_t reloads, reload_failures;
	long jobs_queued, jobs_running;   /* -1: no spool */
	double start_time;
};

/* The exposition text appended to `out`. */
void smetrics_render(struct sbuf *out, const struct smetrics_gauges *g);

/* Zero every counter (tests). */
void smetrics_reset(void);

#endif
