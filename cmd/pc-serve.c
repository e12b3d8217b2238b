/* pc-serve: the registry's champion behind HTTP: scoring, batch jobs, a page to try it. */
#include "base/metrics.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/outfile.h"
#include "base/parallel.h"
#include "base/xalloc.h"
#include "serve/api.h"
#include "serve/httpd.h"
#include "serve/jobs.h"
#include "serve/models.h"
#include "serve/smetrics.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOKEN_MAX 4096

/* --stopwords LIST, as pc-tokenize */
static const char *parse_stopwords(void *value, const char *arg)
{
	int bits = normalize_parse_stopwords(arg);

	if (bits < 0)
		return "not a list of fr, en, de";
	*(unsigned *)value = (unsigned)bits;
	return NULL;
}

/* The token: the file's first line; letters, digits and - . _ ~ + / = only. */
static int read_token(const char *path, char *token, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat sb;
	ssize_t n;
	size_t len;

	if (fd < 0)
		return pc_error_errno("cannot read the token file %s", path);
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return pc_error("%s: the token file is not a regular file", path);
	}
	n = read(fd, token, size - 1);
	close(fd);
	if (n < 0)
		return pc_error_errno("cannot read the token file %s", path);
	token[n] = '\0';
	len = strcspn(token, "\r\n");
	token[len] = '\0';
	while (len && (token[len - 1] == ' ' || token[len - 1] == '\t'))
		token[--len] = '\0';
	if (!len)
		return pc_error("%s: the token file is empty", path);
	if (strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=")
	    != len) {
		memset(token, 0, size);
		return pc_error("%s: the token may hold letters, digits and - . _ ~ + / = only",
				path);
	}
	if (len < 16)
		pc_warn("%s: a token of %zu characters is easy to guess (use 16 or more)", path, len);
	if (sb.st_mode & 077)
		pc_warn("%s: the token file can be read by other users (chmod 600)", path);
	return 0;
}

int main(int argc, char **argv)
{
	const char *registry = NULL, *config = NULL, *metrics = NULL, *token_file = NULL;
	const char *listen = "127.0.0.1:8080", *alias = "champion", *spool = NULL;
	const char *image_root = NULL, *names_path = NULL, *ready = NULL;
	struct normalize_opts no = { 1, 0, 1 };
	struct api_ctx api = { .max_batch = 64, .top = 3 };
	struct httpd_opts ho = {
		.workers = 2, .max_body = (size_t)32 << 20, .max_job_bytes = (size_t)256 << 20,
		.max_headers = 64, .header_memory = 64 << 10, .timeout = 30, .request_time = 60,
		.max_connections = 512, .max_per_ip = 256,
	};
	struct jobs_opts jo = { .workers = 1, .ttl = 86400, .chunk = 4096 };
	struct models_opts mo = { .poll = 2 };
	long max_body = (long)ho.max_body, max_job = (long)ho.max_job_bytes, chunk = 4096;
	int keep_accents = 0, no_units = 0, quiet = 0, verbose = 0, timeout = 30, first;
	int max_conn = 512, max_ip = 256, status = PC_EXIT_OK, sig;
	char token[TOKEN_MAX + 1], url[128];
	char *root = NULL;
	struct class_names *names = NULL;
	struct models *ms = NULL;
	struct normalizer *nz = NULL;
	struct jobs *jobs = NULL;
	struct httpd *h = NULL;
	sigset_t set;
	const struct opt opts[] = {
		OPT_FILE('R', "registry", &registry, "DIR",
			 "the registry (default $PC_REGISTRY, else paths.registry)"),
		OPT_STRING(0, "alias", &alias, "NAME", "serve the version NAME points at\n"
			   "(default champion), and follow it"),
		OPT_STRING(0, "listen", &listen, "ADDR:PORT",
			   "where to listen (default 127.0.0.1:8080;\nport 0: any free port)"),
		OPT_FILE(0, "token-file", &token_file, "FILE",
			 "the bearer token, first line of FILE (required)"),
		OPT_INT(0, "workers", &ho.workers, "N", 1, 256,
			"threads answering requests (default 2)"),
		OPT_DOUBLE(0, "poll", &mo.poll, "SECONDS", 0.05, 3600,
			   "look at the alias this often besides inotify\n(default 2)"),
		OPT_FILE(0, "ready-file", &ready, "FILE",
			 "write the URL here once serving; removed at exit"),
		OPT_GROUP("scoring:"),
		OPT_FILE(0, "image-root", &image_root, "DIR",
			 "photos may be named by a path under DIR"),
		OPT_FILE(0, "names", &names_path, "FILE",
			 "class names: a TSV of code and name"),
		OPT_INT('k', "top", &api.top, "K", 1, 1000, "classes listed in an answer (default 3)"),
		OPT_BOOL(0, "keep-accents", &keep_accents,
			 "do not fold accents, as pc-tokenize --keep-accents"),
		OPT_CALLBACK(0, "stopwords", &no.stopwords, "LIST", parse_stopwords,
			     "drop function words, as pc-tokenize --stopwords"),
		OPT_BOOL(0, "no-units", &no_units, "as pc-tokenize --no-units"),
		OPT_GROUP("batch jobs:"),
		OPT_FILE(0, "spool", &spool, "DIR", "the job spool (no jobs without one)"),
		OPT_INT(0, "job-workers", &jo.workers, "N", 1, 64, "jobs scored at once (default 1)"),
		OPT__THREADS(&jo.threads),
		OPT_DOUBLE(0, "result-ttl", &jo.ttl, "SECONDS", 0, 1e9,
			   "keep finished jobs this long (default 86400)"),
		OPT_LONG(0, "job-chunk", &chunk, "N", 32, 1 << 20,
			 "rows scored between two commits (default 4096)"),
		OPT_DOUBLE(0, "job-pause", &jo.pause, "SECONDS", 0, 60, NULL),
		OPT_GROUP("limits:"),
		OPT_LONG(0, "max-body", &max_body, "BYTES", 1024, 1L << 34,
			 "largest /v1/predict body (default 32 MiB)"),
		OPT_LONG(0, "max-job-bytes", &max_job, "BYTES", 1024, 1L << 40,
			 "largest job upload (default 256 MiB)"),
		OPT_INT(0, "max-batch", &api.max_batch, "N", 1, 100000,
			"products in one request (default 64)"),
		OPT_INT(0, "max-headers", &ho.max_headers, "N", 4, 1000,
			"header fields in one request (default 64)"),
		OPT_INT(0, "timeout", &timeout, "SECONDS", 1, 86400,
			"close a connection silent this long (default 30)"),
		OPT_DOUBLE(0, "request-time", &ho.request_time, "SECONDS", 0.1, 86400,
			   "time to receive one request (default 60)"),
		OPT_INT(0, "max-connections", &max_conn, "N", 1, 1000000,
			"connections at once (default 512)"),
		OPT_INT(0, "max-per-ip", &max_ip, "N", 0, 1000000,
			"connections from one address (default 256,\n0: no limit)"),
		OPT_GROUP("common:"),
		OPT__CONFIG(&config),
		OPT__METRICS(&metrics),
		OPT__VERBOSE(&verbose, "a line on stderr per request"),
		OPT__QUIET(&quiet),
		OPT__HELP(),
		OPT__VERSION(),
		OPT_END(),
	};
	struct opt_parser p = {
		.usage = "-R REGISTRY --token-file FILE [--listen ADDR:PORT] [--spool DIR] "
			 "[options]",
		.summary = "Serve the registry's champion over HTTP: /v1/predict, batch jobs "
			   "through a spool,\n/metrics, /healthz, and a page to try it at /.",
		.section = "serve",
		.opts = opts,
	};

	pc_set_progname(argv[0]);
	metrics_begin();
	jo.threads = parallel_default_threads();
	registry = getenv("PC_REGISTRY");
	if (registry && !*registry)
		registry = NULL;
	first = opt_parse(&p, argc, argv);
	opt_operands(argc, first, 0, 0, "", argv);
	if (!registry && p.config && config_str(p.config, "paths.registry", NULL, &registry) < 0) {
		opt_end(&p);
		return PC_EXIT_INPUT;
	}
	if (!registry)
		opt_usage_error("no registry: give -R DIR, $PC_REGISTRY or paths.registry");
	if (!token_file)
		opt_usage_error("missing --token-file FILE: every route but /healthz needs the "
				"bearer token");
	metrics_open(metrics);
	ho.max_body = (size_t)max_body;
	ho.max_job_bytes = (size_t)max_job;
	ho.timeout = (unsigned)timeout;
	ho.max_connections = (unsigned)max_conn;
	ho.max_per_ip = (unsigned)max_ip;
	ho.verbose = verbose;
	jo.chunk = (size_t)chunk;
	no.fold_accents = !keep_accents;
	no.merge_units = !no_units;

	if (read_token(token_file, token, sizeof(token)) < 0) {
		status = PC_EXIT_INPUT;
		goto done;
	}
	if (image_root) {
		struct stat sb;

		root = realpath(image_root, NULL);
		if (!root || stat(root, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
			pc_error("--image-root %s: %s", image_root, root ? "not a directory" :
				 strerror(errno));
			status = PC_EXIT_INPUT;
			goto done;
		}
	}
	if (names_path && !(names = class_names_read(names_path))) {
		status = PC_EXIT_INPUT;
		goto done;
	}
	mo.registry = registry;
	mo.alias = alias;
	ms = models_open(&mo);
	if (!ms) {
		status = PC_EXIT_INPUT;
		goto done;
	}
	nz = normalize_new(&no);
	api.models = ms;
	api.nz = nz;
	api.names = names;
	api.image_root = root;
	if (spool) {
		jo.spool = spool;
		jo.image_root = root;
		jo.nz = nz;
		jo.models = ms;
		jo.default_top = api.top;
		jobs = jobs_open(&jo);
		if (!jobs) {
			status = PC_EXIT_INPUT;
			goto done;
		}
	}

	/* signals are taken by sigwait below, never by a handler in another thread */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (models_watch(ms) < 0 || (jobs && jobs_start(jobs) < 0)) {
		status = PC_EXIT_INTERNAL;
		goto done;
	}
	ho.listen = listen;
	ho.api = &api;
	ho.jobs = jobs;
	h = httpd_start(&ho, token, url, sizeof(url));
	memset(token, 0, sizeof(token));
	if (!h) {
		status = PC_EXIT_INTERNAL;
		goto done;
	}
	if (!httpd_is_loopback(h))
		pc_warn("listening on %s, beyond loopback: put TLS in front (see "
			"nginx-pc-serve.conf)", url);
	if (!quiet) {
		struct models_stats st;

		models_get_stats(ms, &st);
		fprintf(stderr, "%s: serving %s v%ld on %s\n", pc_progname(), alias, st.version, url);
	}
	if (ready) {
		char line[160];

		snprintf(line, sizeof(line), "%s\n", url);
		if (outfile_write_all(ready, line, strlen(line)) < 0) {
			status = PC_EXIT_INTERNAL;
			goto done;
		}
	}
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		/* SIGHUP: the token file again, and the alias's version loaded afresh */
		if (read_token(token_file, token, sizeof(token)) == 0)
			httpd_set_token(h, token);
		else
			pc_warn("keeping the previous token");
		memset(token, 0, sizeof(token));
		models_request_reload(ms);
	}
	if (!quiet)
		fprintf(stderr, "%s: stopping\n", pc_progname());
done:
	if (ready && h)
		unlink(ready);
	httpd_stop(h);
	jobs_close(jobs);
	models_close(ms);
	normalize_free(nz);
	class_names_free(names);
	free(root);
	memset(token, 0, sizeof(token));
	opt_end(&p);
	metrics_set(MET_ROWS, NULL, (double)(smetrics_get(SC_PRODUCTS) +
					     smetrics_get(SC_JOB_PRODUCTS)));
	return metrics_finish(status);
}
