/* smetrics: pc-serve's live Prometheus exposition; see smetrics.h. */
#include "serve/smetrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static const char *const route_names[ROUTE_COUNT] = {
	[ROUTE_PAGE] = "/",
	[ROUTE_HEALTHZ] = "/healthz",
	[ROUTE_METRICS] = "/metrics",
	[ROUTE_MODEL] = "/v1/model",
	[ROUTE_PREDICT] = "/v1/predict",
	[ROUTE_JOBS] = "/v1/jobs",
	[ROUTE_JOB] = "/v1/jobs/{id}",
	[ROUTE_JOB_RESULT] = "/v1/jobs/{id}/result",
	[ROUTE_OTHER] = "other",
};

/* The codes pc-serve answers; anything else is counted as "other". */
static const int codes[] = { 200, 202, 303, 400, 401, 403, 404, 405, 408, 409, 413, 415,
			     431, 500, 503 };
#define NCODES (sizeof(codes) / sizeof(codes[0]))

/* Upper bounds of the latency buckets, seconds; +Inf last. */
static const double bounds[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25,
				 0.5, 1, 2.5, 5, 10 };
#define NBOUNDS (sizeof(bounds) / sizeof(bounds[0]))

/* The vocabulary: every name and its HELP text, once. */
enum {
	M_REQUESTS, M_DURATION, M_PRODUCTS, M_JOBS_SUBMITTED, M_JOBS_DONE, M_JOBS_FAILED,
	M_JOB_PRODUCTS, M_JOBS_QUEUED, M_JOBS_RUNNING, M_MODEL_VERSION, M_MODEL_LOADED,
	M_RELOADS, M_RELOAD_FAILURES, M_START, M_COUNT
};
static const struct {
	const char *name, *type, *help;
} vocab[M_COUNT] = {
	[M_REQUESTS] = { "requests_total", "counter", "HTTP requests answered, by route and status code" },
	[M_DURATION] = { "request_duration_seconds", "histogram",
		"time from a request's headers to its response, by route" },
	[M_PRODUCTS] = { "products_total", "counter", "products scored by /v1/predict" },
	[M_JOBS_SUBMITTED] = { "jobs_submitted_total", "counter", "batch jobs accepted" },
	[M_JOBS_DONE] = { "jobs_done_total", "counter", "batch jobs finished" },
	[M_JOBS_FAILED] = { "jobs_failed_total", "counter", "batch jobs that failed" },
	[M_JOB_PRODUCTS] = { "job_products_total", "counter", "products scored by batch jobs" },
	[M_JOBS_QUEUED] = { "jobs_queued", "gauge", "batch jobs waiting in the spool (new/)" },
	[M_JOBS_RUNNING] = { "jobs_running", "gauge", "batch jobs being scored (cur/)" },
	[M_MODEL_VERSION] = { "model_version", "gauge", "registry version of the model served" },
	[M_MODEL_LOADED] = { "model_loaded_timestamp_seconds", "gauge",
		"Unix time at which the model served was loaded" },
	[M_RELOADS] = { "model_reloads_total", "counter",
		"models swapped in after the first (alias moved, or SIGHUP)" },
	[M_RELOAD_FAILURES] = { "model_reload_failures_total", "counter",
		"models that failed to load; the previous one kept serving" },
	[M_START] = { "start_timestamp_seconds", "gauge", "Unix time at which pc-serve started" },
};

static _Atomic uint64_t requests[ROUTE_COUNT][NCODES + 1];
static _Atomic uint64_t hist[ROUTE_COUNT][NBOUNDS + 1];
static _Atomic uint64_t sum_ns[ROUTE_COUNT];
static _Atomic uint64_t counters[SC_COUNT];

const char *smetrics_route_name(enum serve_route r)
{
	return (unsigned)r < ROUTE_COUNT ? route_names[r] : route_names[ROUTE_OTHER];
}

void smetrics_request(enum serve_route r, int code, double seconds)
{
	size_t c = NCODES, b = NBOUNDS;

	if ((unsigned)r >= ROUTE_COUNT)
		r = ROUTE_OTHER;
	for (size_t i = 0; i < NCODES; i++)
		if (codes[i] == code)
			c = i;
	for (size_t i = 0; i < NBOUNDS; i++)
		if (seconds <= bounds[i]) {
			b = i;
			break;
		}
	if (seconds < 0)
		seconds = 0;
	atomic_fetch_add_explicit(&requests[r][c], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&hist[r][b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&sum_ns[r], (uint64_t)(seconds * 1e9), memory_order_relaxed);
}

void smetrics_add(enum serve_counter c, uint64_t n)
{
	atomic_fetch_add_explicit(&counters[c], n, memory_order_relaxed);
}

uint64_t smetrics_get(enum serve_counter c)
{
	return atomic_load_explicit(&counters[c], memory_order_relaxed);
}

void smetrics_reset(void)
{
	for (int r = 0; r < ROUTE_COUNT; r++) {
		for (size_t i = 0; i <= NCODES; i++)
			atomic_store(&requests[r][i], 0);
		for (size_t i = 0; i <= NBOUNDS; i++)
			atomic_store(&hist[r][i], 0);
		atomic_store(&sum_ns[r], 0);
	}
	for (int i = 0; i < SC_COUNT; i++)
		atomic_store(&counters[i], 0);
}

static void head(struct sbuf *out, int m)
{
	sbuf_printf(out, "# HELP prodclass_serve_%s %s\n# TYPE prodclass_serve_%s %s\n",
		    vocab[m].name, vocab[m].help, vocab[m].name, vocab[m].type);
}

static void sample(struct sbuf *out, int m, double v)
{
	head(out, m);
	sbuf_printf(out, "prodclass_serve_%s{program=\"pc-serve\"} %.17g\n", vocab[m].name, v);
}

static void bound(char *buf, size_t n, double b)
{
	snprintf(buf, n, "%g", b);
}

void smetrics_render(struct sbuf *out, const struct smetrics_gauges *g)
{
	static const int counter_metric[SC_COUNT] = {
		[SC_PRODUCTS] = M_PRODUCTS, [SC_JOBS_SUBMITTED] = M_JOBS_SUBMITTED,
		[SC_JOBS_DONE] = M_JOBS_DONE, [SC_JOBS_FAILED] = M_JOBS_FAILED,
		[SC_JOB_PRODUCTS] = M_JOB_PRODUCTS,
	};
	char b[32];

	head(out, M_REQUESTS);
	for (int r = 0; r < ROUTE_COUNT; r++)
		for (size_t c = 0; c <= NCODES; c++) {
			uint64_t n = atomic_load_explicit(&requests[r][c], memory_order_relaxed);

			if (!n)
				continue;
			if (c < NCODES)
				snprintf(b, sizeof(b), "%d", codes[c]);
			else
				snprintf(b, sizeof(b), "other");
			sbuf_printf(out, "prodclass_serve_requests_total{program=\"pc-serve\",route=\"%s\","
				    "code=\"%s\"} %llu\n", route_names[r], b, (unsigned long long)n);
		}
	head(out, M_DURATION);
	for (int r = 0; r < ROUTE_COUNT; r++) {
		uint64_t cum = 0;

		for (size_t i = 0; i <= NBOUNDS; i++)
			cum += atomic_load_explicit(&hist[r][i], memory_order_relaxed);
		if (!cum)
			continue;
		cum = 0;
		for (size_t i = 0; i <= NBOUNDS; i++) {
			cum += atomic_load_explicit(&hist[r][i], memory_order_relaxed);
			if (i < NBOUNDS)
				bound(b, sizeof(b), bounds[i]);
			else
				snprintf(b, sizeof(b), "+Inf");
			sbuf_printf(out, "prodclass_serve_request_duration_seconds_bucket{program=\"pc-serve\","
				    "route=\"%s\",le=\"%s\"} %llu\n", route_names[r], b,
				    (unsigned long long)cum);
		}
		sbuf_printf(out, "prodclass_serve_request_duration_seconds_sum{program=\"pc-serve\","
			    "route=\"%s\"} %.9f\n", route_names[r],
			    (double)atomic_load_explicit(&sum_ns[r], memory_order_relaxed) * 1e-9);
		sbuf_printf(out, "prodclass_serve_request_duration_seconds_count{program=\"pc-serve\","
			    "route=\"%s\"} %llu\n", route_names[r], (unsigned long long)cum);
	}
	for (int c = 0; c < SC_COUNT; c++)
		sample(out, counter_metric[c], (double)smetrics_get((enum serve_counter)c));
	if (g->jobs_queued >= 0) {
		sample(out, M_JOBS_QUEUED, (double)g->jobs_queued);
		sample(out, M_JOBS_RUNNING, (double)g->jobs_running);
	}
	sample(out, M_MODEL_VERSION, (double)g->model_version);
	sample(out, M_MODEL_LOADED, g->model_loaded_at);
	sample(out, M_RELOADS, (double)g->reloads);
	sample(out, M_RELOAD_FAILURES, (double)g->reload_failures);
	sample(out, M_START, g->start_time);
}
