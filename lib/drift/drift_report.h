/*
 * drift_report: the outputs of pc-drift: the TSV report (one row a column, then a summary
 * line starting with '#'), the self-contained HTML page (inline SVG, nothing fetched),
 * and the Prometheus gauges (drift share, dataset drift, per-column scores).
 */
#ifndef PC_DRIFT_REPORT_H
#define PC_DRIFT_REPORT_H

#include <stdio.h>

#include "drift/drift.h"
#include "drift/drift_perf.h"

/* Columns: column type n_ref n_cur test statistic score threshold drift. */
void drift_report_tsv(FILE *fp, const struct drift_result *r, const struct drift_perf_result *perf);
/* The summary sentence (no newline). */
void drift_report_summary(FILE *fp, const struct drift_result *r, const struct drift_perf_result *perf);
void drift_report_html(FILE *fp, const struct drift_result *r, const struct drift_perf_result *perf,
	       const char *ref_name, const char *cur_name);
void drift_report_metrics(const struct drift_result *r, const struct drift_perf_result *perf);
/* Overall verdict: dataset drift or a performance drop. */
int drift_report_verdict(const struct drift_result *r, const struct drift_perf_result *perf);

#endif
