/*
 * httpd: pc-serve's HTTP side, on libmicrohttpd: a pool of threads each with its own
 * epoll loop (the library's advice for throughput), the routes, the bearer token, the
 * limits.
 *
 *   GET  /                      the page (share/serve/index.html, built in)
 *   GET  /healthz               {"status":"ok",...}, the only route without the token
 *   GET  /metrics               Prometheus text (smetrics.h)
 *   GET  /v1/model              the model served: version, classes and their names
 *   POST /v1/predict            api.h
 *   POST /v1/jobs               a batch upload (?format=auto|products|tokens, ?top=K):
 *                               202 with the job's id at once (jobs.h)
 *   GET  /v1/jobs/ID            the job's status and progress
 *   GET  /v1/jobs/ID/result     its predictions TSV
 *
 * The token: "Authorization: Bearer TOKEN", or the cookie pc_serve_token that GET
 * /?token=TOKEN sets (HttpOnly, SameSite=Strict) before redirecting to / without it, so
 * that a person can open the page in a browser; compared in constant time.  Limits:
 * bodies (max_body, and max_job_bytes for uploads: 413, before any of the body is read
 * when Content-Length says so), header fields (max_headers: 431; MHD's memory limit per
 * connection bounds their size), the time to receive a request (request_time: 408),
 * silence on a connection (timeout: closed), connections in all and per client address.
 * Every refusal is a status and {"error": "one line"}.
 */
#ifndef PC_SERVE_HTTPD_H
#define PC_SERVE_HTTPD_H

#include <stddef.h>

#include "serve/api.h"
#include "serve/jobs.h"

struct httpd_opts {
	const char *listen;         /* HOST:PORT, [V6]:PORT or PORT; port 0: any free one */
	int workers;                /* threads answering requests */
	size_t max_body;            /* bytes of a /v1/predict body */
	size_t max_job_bytes;       /* bytes of a job upload */
	int max_headers;
	size_t header_memory;       /* bytes per connection for the request line, headers
	                             * and buffers (MHD_OPTION_CONNECTION_MEMORY_LIMIT) */
	unsigned timeout;           /* seconds of silence before a connection is closed */
	double request_time;        /* seconds to receive one request */
	unsigned max_connections, max_per_ip;
	const struct api_ctx *api;
	struct jobs *jobs;          /* NULL: no spool, the job routes answer 404 */
	int verbose;                /* a line on stderr per request */
};

struct httpd;

/* Bind and start answering; `url` gets "http://HOST:PORT" as bound.  NULL after
 * reporting. */
struct httpd *httpd_start(const struct httpd_opts *o, const char *token, char *url,
			  size_t urllen);
/* Replace the token (SIGHUP read the file again). */
void httpd_set_token(struct httpd *h, const char *token);
/* Stop accepting, finish what is in flight, free. */
void httpd_stop(struct httpd *h);

/* Whether the bound address is a loopback one. */
int httpd_is_loopback(const struct httpd *h);

#endif
