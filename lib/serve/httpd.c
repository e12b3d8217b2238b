/* httpd: pc-serve's routes on libmicrohttpd; see httpd.h. */
#include "serve/httpd.h"
#include "base/msg.h"
#include "base/progress.h"
#include "base/xalloc.h"
#include "serve/page.h"
#include "serve/smetrics.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TOKEN_MAX 4096
#define COOKIE "pc_serve_token"

struct httpd {
	struct httpd_opts o;
	struct MHD_Daemon *d;
	int fd;
	int loopback;
	pthread_mutex_t token_lock;
	char token[TOKEN_MAX + 1];
	size_t token_len;
	double started;             /* Unix time */
	double started_mono;        /* pc_now() */
};

struct req {
	enum serve_route route;
	double start;
	struct sbuf body;
	size_t limit;
	struct job_upload *up;
	int code;                   /* the status answered, 0: none yet */
	int done;                   /* a response is queued: ignore the rest */
	int too_big, cut, failed;
	char id[JOB_ID_MAX + 1];
	char method[8];
	char url[128];
};

/* ---- responses ---- */

static enum MHD_Result queue(struct MHD_Connection *c, struct req *r, int code,
			     struct MHD_Response *resp, const char *type)
{
	enum MHD_Result ret;

	if (type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, (unsigned)code, resp);
	MHD_destroy_response(resp);
	r->code = code;
	r->done = 1;
	return ret;
}

/* Answer with the contents of `b` (taken over). */
static enum MHD_Result reply(struct MHD_Connection *c, struct req *r, int code,
			     struct sbuf *b, const char *type)
{
	struct MHD_Response *resp;
	size_t len = b->len;
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	resp = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(s);
		return MHD_NO;
	}
	return queue(c, r, code, resp, type);
}

static enum MHD_Result reply_json(struct MHD_Connection *c, struct req *r, int code,
				  struct sbuf *b)
{
	return reply(c, r, code, b, "application/json; charset=utf-8");
}

static enum MHD_Result reply_error(struct MHD_Connection *c, struct req *r, int code,
				   const char *why)
{
	struct sbuf b = SBUF_INIT;
	struct MHD_Response *resp;

	api_error(&b, why);
	resp = MHD_create_response_from_buffer(b.len, b.s, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		sbuf_free(&b);
		return MHD_NO;
	}
	if (code == 401)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Bearer realm=\"pc-serve\"");
	if (code == 405)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
					r->route == ROUTE_PREDICT || r->route == ROUTE_JOBS ?
					"POST" : "GET, HEAD");
	return queue(c, r, code, resp, "application/json; charset=utf-8");
}

/* ---- routes ---- */

/* The route of a path; *post whether it takes POST (else GET and HEAD). */
static enum serve_route route_of(const char *url, int *post, char id[JOB_ID_MAX + 1])
{
	*post = 0;
	if (!strcmp(url, "/"))
		return ROUTE_PAGE;
	if (!strcmp(url, "/healthz"))
		return ROUTE_HEALTHZ;
	if (!strcmp(url, "/metrics"))
		return ROUTE_METRICS;
	if (!strcmp(url, "/v1/model"))
		return ROUTE_MODEL;
	if (!strcmp(url, "/v1/predict")) {
		*post = 1;
		return ROUTE_PREDICT;
	}
	if (!strcmp(url, "/v1/jobs")) {
		*post = 1;
		return ROUTE_JOBS;
	}
	if (!strncmp(url, "/v1/jobs/", 9)) {
		const char *p = url + 9, *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (!n || n > JOB_ID_MAX)
			return ROUTE_OTHER;
		memcpy(id, p, n);
		id[n] = '\0';
		if (!jobs_id_ok(id))
			return ROUTE_OTHER;
		if (!slash)
			return ROUTE_JOB;
		if (!strcmp(slash, "/result"))
			return ROUTE_JOB_RESULT;
	}
	return ROUTE_OTHER;
}

/* Constant-time comparison with the token. */
static int token_is(struct httpd *h, const char *s, size_t n)
{
	unsigned char diff;
	size_t len;

	pthread_mutex_lock(&h->token_lock);
	len = h->token_len;
	diff = n != len;
	for (size_t i = 0; i < len; i++)
		diff |= (unsigned char)(h->token[i] ^ (unsigned char)(i < n ? s[i] : 0));
	pthread_mutex_unlock(&h->token_lock);
	return !diff && len > 0;
}

static int authorized(struct httpd *h, struct MHD_Connection *c)
{
	const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						    MHD_HTTP_HEADER_AUTHORIZATION);
	const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE);

	if (a && !strncasecmp(a, "Bearer ", 7)) {
		a += 7;
		while (*a == ' ')
			a++;
		if (token_is(h, a, strlen(a)))
			return 1;
	}
	return cookie && token_is(h, cookie, strlen(cookie));
}

static enum MHD_Result healthz(struct httpd *h, struct MHD_Connection *c, struct req *r)
{
	struct models_stats st;
	struct sbuf b = SBUF_INIT;

	models_get_stats(h->o.api->models, &st);
	sbuf_printf(&b, "{\"status\":\"ok\",\"model_version\":%ld,\"uptime_seconds\":%.0f}\n",
		    st.version, pc_now() - h->started_mono);
	return reply_json(c, r, 200, &b);
}

static enum MHD_Result metrics(struct httpd *h, struct MHD_Connection *c, struct req *r)
{
	struct models_stats st;
	struct smetrics_gauges g = { 0 };
	struct sbuf b = SBUF_INIT;

	models_get_stats(h->o.api->models, &st);
	g.model_version = st.version;
	g.model_loaded_at = st.loaded_at;
	g.reloads = st.reloads;
	g.reload_failures = st.reload_failures;
	g.start_time = h->started;
	g.jobs_queued = g.jobs_running = -1;
	if (h->o.jobs)
		jobs_counts(h->o.jobs, &g.jobs_queued, &g.jobs_running);
	smetrics_render(&b, &g);
	return reply(c, r, 200, &b, "text/plain; version=0.0.4; charset=utf-8");
}

static enum MHD_Result page(struct MHD_Connection *c, struct req *r)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		serve_page_len, (void *)serve_page, MHD_RESPMEM_PERSISTENT);

	if (!resp)
		return MHD_NO;
	/* everything the page needs is in it: nothing else may be loaded */
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; script-src 'unsafe-inline'; style-src "
				"'unsafe-inline'; img-src data: blob:; connect-src 'self'; "
				"base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	return queue(c, r, 200, resp, "text/html; charset=utf-8");
}

/* GET /?token=T: the cookie, and back to / without the token in the address. */
static enum MHD_Result login(struct MHD_Connection *c, struct req *r, const char *token)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"",
								   MHD_RESPMEM_PERSISTENT);
	char *cookie;

	if (!resp)
		return MHD_NO;
	cookie = xasprintf(COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict", token);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, "/");
	free(cookie);
	return queue(c, r, 303, resp, NULL);
}

static enum MHD_Result job_result(struct httpd *h, struct MHD_Connection *c, struct req *r)
{
	struct sbuf b = SBUF_INIT;
	uint64_t size = 0;
	int fd, code = jobs_result(h->o.jobs, r->id, &fd, &size, &b);
	struct MHD_Response *resp;

	if (code == 404) {
		sbuf_free(&b);
		return reply_error(c, r, 404, "no such job");
	}
	if (code != 200)
		return reply_json(c, r, code, &b);
	sbuf_free(&b);
	resp = MHD_create_response_from_fd64(size, fd);
	if (!resp) {
		close(fd);
		return MHD_NO;
	}
	return queue(c, r, 200, resp, "text/tab-separated-values; charset=utf-8");
}

static enum MHD_Result job_submit(struct MHD_Connection *c, struct req *r)
{
	const char *fmt = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
	const char *topv = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "top");
	struct job_upload *u = r->up;
	struct sbuf b = SBUF_INIT;
	long top = 0;
	int code;

	r->up = NULL;
	if (!fmt || !strcmp(fmt, "csv") || !strcmp(fmt, "tsv"))
		fmt = fmt ? "products" : "auto";
	if (strcmp(fmt, "auto") && strcmp(fmt, "products") && strcmp(fmt, "tokens")) {
		jobs_upload_abort(u);
		return reply_error(c, r, 400, "format: expected auto, products or tokens");
	}
	if (topv) {
		char *end;

		top = strtol(topv, &end, 10);
		if (end == topv || *end || top < 1 || top > 1000) {
			jobs_upload_abort(u);
			return reply_error(c, r, 400, "top: expected an integer from 1 to 1000");
		}
	}
	code = jobs_upload_commit(u, fmt, (int)top, &b);
	return reply_json(c, r, code, &b);
}

static enum MHD_Result dispatch(struct httpd *h, struct MHD_Connection *c, struct req *r)
{
	struct sbuf b = SBUF_INIT;
	int code;

	switch (r->route) {
	case ROUTE_HEALTHZ:
		return healthz(h, c, r);
	case ROUTE_METRICS:
		return metrics(h, c, r);
	case ROUTE_PAGE:
		return page(c, r);
	case ROUTE_MODEL:
		api_model(h->o.api, &b);
		return reply_json(c, r, 200, &b);
	case ROUTE_PREDICT: {
		size_t n;

		code = api_predict(h->o.api, r->body.s ? r->body.s : "", r->body.len, &b, &n);
		if (n)
			smetrics_add(SC_PRODUCTS, n);
		return reply_json(c, r, code, &b);
	}
	case ROUTE_JOBS:
		return job_submit(c, r);
	case ROUTE_JOB:
		code = jobs_status(h->o.jobs, r->id, &b);
		if (code == 404) {
			sbuf_free(&b);
			return reply_error(c, r, 404, "no such job");
		}
		return reply_json(c, r, code, &b);
	case ROUTE_JOB_RESULT:
		return job_result(h, c, r);
	default:
		return reply_error(c, r, 404, "no such route");
	}
}

/* The first call, headers only: every check that needs no body. */
static enum MHD_Result begin(struct httpd *h, struct MHD_Connection *c, struct req *r,
			     const char *url, const char *method)
{
	int post, is_get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	int is_post = !strcmp(method, "POST");
	int nh = MHD_get_connection_values(c, MHD_HEADER_KIND, NULL, NULL);
	const char *len;
	char why[128];

	r->route = route_of(url, &post, r->id);
	if (nh > h->o.max_headers) {
		snprintf(why, sizeof(why), "%d header fields, at most %d", nh, h->o.max_headers);
		return reply_error(c, r, 431, why);
	}
	if (r->route == ROUTE_OTHER)
		return reply_error(c, r, 404, "no such route");
	if ((post && !is_post) || (!post && !is_get))
		return reply_error(c, r, 405, "method not allowed");
	if (r->route != ROUTE_HEALTHZ && !authorized(h, c)) {
		const char *t = r->route == ROUTE_PAGE ?
			MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token") : NULL;

		if (t && token_is(h, t, strlen(t)))
			return login(c, r, t);
		return reply_error(c, r, 401, "missing or wrong bearer token");
	}
	if ((r->route == ROUTE_JOBS || r->route == ROUTE_JOB || r->route == ROUTE_JOB_RESULT) &&
	    !h->o.jobs)
		return reply_error(c, r, 404, "jobs are off: pc-serve runs without --spool");
	r->limit = r->route == ROUTE_JOBS ? h->o.max_job_bytes : h->o.max_body;
	len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (post && len) {
		char *end;
		unsigned long long n = strtoull(len, &end, 10);

		if (end == len || *end || n > r->limit) {
			snprintf(why, sizeof(why), "body of %s bytes, at most %zu", len, r->limit);
			return reply_error(c, r, 413, why);
		}
	}
	if (r->route == ROUTE_JOBS) {
		r->up = jobs_upload_begin(h->o.jobs);
		if (!r->up)
			return reply_error(c, r, 500, "cannot store the upload");
	}
	return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *size, void **con_cls)
{
	struct httpd *h = cls;
	struct req *r = *con_cls;

	(void)version;
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->start = pc_now();
		snprintf(r->method, sizeof(r->method), "%s", method);
		snprintf(r->url, sizeof(r->url), "%s", url);
		*con_cls = r;
		return begin(h, c, r, url, method);
	}
	if (r->done) {
		*size = 0;
		return MHD_YES;
	}
	if (*size) {
		size_t n = *size;

		*size = 0;
		/* once the body has begun no answer can be sent before its end: a request
		 * still arriving after request_time is cut off, one too large is read to its
		 * end (and dropped) to be answered 413 */
		if (pc_now() - r->start > h->o.request_time) {
			r->cut = 1;
			return MHD_NO;
		}
		if (r->too_big)
			return MHD_YES;
		if (r->body.len + n > r->limit) {
			r->too_big = 1;
			if (r->up)
				jobs_upload_abort(r->up);
			r->up = NULL;
			sbuf_free(&r->body);
			return MHD_YES;
		}
		if (r->up) {
			r->body.len += n;           /* counted, not kept */
			if (jobs_upload_write(r->up, data, n) < 0) {
				jobs_upload_abort(r->up);
				r->up = NULL;
				r->failed = 1;
			}
		} else {
			sbuf_add(&r->body, data, n);
		}
		return MHD_YES;
	}
	if (r->too_big) {
		char why[96];

		snprintf(why, sizeof(why), "body larger than %zu bytes", r->limit);
		return reply_error(c, r, 413, why);
	}
	if (r->failed)
		return reply_error(c, r, 500, "cannot store the upload");
	return dispatch(h, c, r);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct httpd *h = cls;
	struct req *r = *con_cls;

	(void)c;
	if (!r)
		return;
	if (r->code) {
		double dt = pc_now() - r->start;

		smetrics_request(r->route, r->code, dt);
		if (h->o.verbose)
			fprintf(stderr, "%s: %s %s %d %.6f%s\n", pc_progname(), r->method, r->url,
				r->code, dt, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" :
				" (not sent whole)");
	}
	if (r->up)
		jobs_upload_abort(r->up);
	sbuf_free(&r->body);
	free(r);
	*con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct httpd *h = cls;
	char buf[512];
	size_t n;

	if (!h->o.verbose)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	fprintf(stderr, "%s: libmicrohttpd: %s\n", pc_progname(), buf);
}

/* ---- the socket ---- */

static int listen_on(const char *spec, int *loopback, char *url, size_t urllen)
{
	char host[256], port[16];
	const char *colon;
	struct addrinfo hints = { 0 }, *res = NULL;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd, one = 1, e;

	if (spec[0] == '[') {
		const char *end = strchr(spec, ']');

		if (!end || end[1] != ':' || (size_t)(end - spec - 1) >= sizeof(host))
			return pc_error("--listen: '%s' is not [ADDRESS]:PORT", spec);
		memcpy(host, spec + 1, (size_t)(end - spec - 1));
		host[end - spec - 1] = '\0';
		colon = end + 1;
	} else if ((colon = strrchr(spec, ':'))) {
		if ((size_t)(colon - spec) >= sizeof(host))
			return pc_error("--listen: '%s': host name too long", spec);
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
	} else {
		snprintf(host, sizeof(host), "127.0.0.1");
		colon = spec - 1;
	}
	snprintf(port, sizeof(port), "%s", colon + 1);
	if (!*port || strspn(port, "0123456789") != strlen(port) || atol(port) > 65535)
		return pc_error("--listen: '%s': the port must be a number from 0 to 65535", spec);
	if (!*host)
		snprintf(host, sizeof(host), "127.0.0.1");
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	e = getaddrinfo(host, port, &hints, &res);
	if (e)
		return pc_error("--listen: %s: %s", host, gai_strerror(e));
	fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
	if (fd < 0) {
		freeaddrinfo(res);
		return pc_error_errno("cannot make a socket");
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (res->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 1024) < 0) {
		e = errno;
		freeaddrinfo(res);
		close(fd);
		errno = e;
		return pc_error_errno("cannot listen on %s", spec);
	}
	freeaddrinfo(res);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) {
		close(fd);
		return pc_error_errno("getsockname");
	}
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		char ip[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
		*loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
		snprintf(url, urllen, "http://%s:%u", ip, ntohs(a->sin_port));
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		char ip[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
		*loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
		snprintf(url, urllen, "http://[%s]:%u", ip, ntohs(a->sin6_port));
	}
	return fd;
}

struct httpd *httpd_start(const struct httpd_opts *o, const char *token, char *url,
			  size_t urllen)
{
	struct httpd *h = xcalloc(1, sizeof(*h));
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO |
			 MHD_USE_ITC;

#ifdef __linux__
	flags |= MHD_USE_EPOLL;
#endif
	h->o = *o;
	h->started = (double)time(NULL);
	h->started_mono = pc_now();
	pthread_mutex_init(&h->token_lock, NULL);
	httpd_set_token(h, token);
	h->fd = listen_on(o->listen, &h->loopback, url, urllen);
	if (h->fd < 0) {
		pthread_mutex_destroy(&h->token_lock);
		free(h);
		return NULL;
	}
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, h,
				MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h,
				MHD_OPTION_LISTEN_SOCKET, (MHD_socket)h->fd,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->workers > 1 ? o->workers : 1),
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_connections,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->max_per_ip,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)o->header_memory,
				MHD_OPTION_NOTIFY_COMPLETED, completed, h,
				MHD_OPTION_END);
	if (!h->d) {
		pc_error("cannot start the HTTP server on %s", url);
		close(h->fd);
		pthread_mutex_destroy(&h->token_lock);
		free(h);
		return NULL;
	}
	return h;
}

void httpd_set_token(struct httpd *h, const char *token)
{
	pthread_mutex_lock(&h->token_lock);
	snprintf(h->token, sizeof(h->token), "%s", token);
	h->token_len = strlen(h->token);
	pthread_mutex_unlock(&h->token_lock);
}

int httpd_is_loopback(const struct httpd *h)
{
	return h->loopback;
}

void httpd_stop(struct httpd *h)
{
	MHD_socket s;

	if (!h)
		return;
	/* the listening socket is ours again once quiesced, else MHD closes it */
	s = MHD_quiesce_daemon(h->d);
	MHD_stop_daemon(h->d);
	if (s != MHD_INVALID_SOCKET)
		close(s);
	pthread_mutex_destroy(&h->token_lock);
	/* the token is a secret: not left in freed memory */
	memset(h->token, 0, sizeof(h->token));
	free(h);
}
