/*
 * drift_report: the outputs of pc-drift: the TSV report (one row a column, then a summary
 * line starting with '#'), the self-contained HTML page (inline SVG, nothing fetched),
 * and the Prometheus gauges (drift share, dataset drift, per-column scores).
 */
#ifndef PC_DRIFT_REPORT_H
#define PC_DRIFT_REPORT_H

#include <stdio.h>

#include "drift.h"
#include "drift_perf.h"

/* Columns: column type n_ref n_cur test statistic score threshold drift. */
void drep_tsv(FILE *fp, const struct drift_result *r, const struct dperf_result *perf);
/* The summary sentence (no newline). */
void drep_summary(FILE *fp, const struct drift_result *r, const struct dperf_result *perf);
void drep_html(FILE *fp, const struct drift_result *r, const struct dperf_result *perf,
	       const char *ref_name, const char *cur_name);
void drep_metrics(const struct drift_result *r, const struct dperf_result *perf);
/* Overall verdict: dataset drift or a performance drop. */
int drep_verdict(const struct drift_result *r, const struct dperf_result *perf);

#endif
