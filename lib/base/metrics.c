/* metrics: Prometheus text exposition of a run; see metrics.h. */
#include "base/metrics.h"
#include "base/msg.h"
#include "base/outfile.h"
#include "base/progress.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

struct gauge {
	char *name, *help, *labels;
	double value;
};

static struct gauge *gauges;
static size_t ngauges, gcap;
static double t_begin;

void metrics_begin(void)
{
	t_begin = pc_now();
}

void pc_usage_get(struct pc_usage *u)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	u->wall_s = t_begin > 0 ? pc_now() - t_begin : 0;
	u->user_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
	u->sys_s = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	u->peak_rss_kb = ru.ru_maxrss;
}

void metrics_set(const char *name, const char *help, const char *labels, double value)
{
	const char *l = labels ? labels : "";

	for (size_t i = 0; i < ngauges; i++) {
		if (!strcmp(gauges[i].name, name) && !strcmp(gauges[i].labels, l)) {
			gauges[i].value = value;
			return;
		}
	}
	xgrow(&gauges, &gcap, ngauges + 1, sizeof(*gauges));
	gauges[ngauges].name = xstrdup(name);
	gauges[ngauges].help = xstrdup(help ? help : name);
	gauges[ngauges].labels = xstrdup(l);
	gauges[ngauges].value = value;
	ngauges++;
}

void metrics_reset(void)
{
	for (size_t i = 0; i < ngauges; i++) {
		free(gauges[i].name);
		free(gauges[i].help);
		free(gauges[i].labels);
	}
	free(gauges);
	gauges = NULL;
	ngauges = gcap = 0;
}

char *metrics_label(const char *key, const char *value)
{
	size_t n = strlen(value);
	char *esc = xmalloc(2 * n + 1), *w = esc;
	char *out;

	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == '"') {
			*w++ = '\\';
			*w++ = *p;
		} else if (*p == '\n') {
			*w++ = '\\';
			*w++ = 'n';
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	out = xasprintf("%s=\"%s\"", key, esc);
	free(esc);
	return out;
}

static void put_value(FILE *fp, double v)
{
	if (v != v)
		fputs("NaN", fp);
	else if (v > 1e308)
		fputs("+Inf", fp);
	else if (v < -1e308)
		fputs("-Inf", fp);
	else
		fprintf(fp, "%.17g", v);
}

static void put_gauge(FILE *fp, const struct gauge *g, int header)
{
	const char *prog = pc_progname();

	if (header) {
		fprintf(fp, "# HELP prodclass_%s %s\n", g->name, g->help);
		fprintf(fp, "# TYPE prodclass_%s gauge\n", g->name);
	}
	fprintf(fp, "prodclass_%s{program=\"%s\"%s%s} ", g->name, prog,
		g->labels[0] ? "," : "", g->labels);
	put_value(fp, g->value);
	fputc('\n', fp);
}

int metrics_write(const char *path)
{
	struct pc_usage u;
	struct outfile o;
	char *auto_path = NULL;
	const char *dir = getenv("PC_METRICS_DIR");

	if (!path) {
		if (!dir || !*dir)
			return 0;
		path = auto_path = xasprintf("%s/%s.prom", dir, pc_progname());
	}
	pc_usage_get(&u);
	metrics_set("duration_seconds", "wall-clock time of the run", NULL, u.wall_s);
	metrics_set("cpu_seconds", "user plus system CPU time of the run", NULL, u.user_s + u.sys_s);
	metrics_set("peak_memory_bytes", "peak resident set size", NULL, (double)u.peak_rss_kb * 1024.0);
	if (outfile_open(&o, path) < 0) {
		free(auto_path);
		return -1;
	}
	/* group samples of one metric together, HELP and TYPE once, in first-set order */
	for (size_t i = 0; i < ngauges; i++) {
		int seen = 0;

		for (size_t j = 0; j < i; j++)
			if (!strcmp(gauges[j].name, gauges[i].name))
				seen = 1;
		if (seen)
			continue;
		for (size_t j = i; j < ngauges; j++)
			if (!strcmp(gauges[j].name, gauges[i].name))
				put_gauge(o.fp, &gauges[j], j == i);
	}
	free(auto_path);
	return outfile_commit(&o);
}
