/*
 * report: the page a simulation ends with (pc-simulate(1)): DIR/index.html, made from the
 * tables beside it, self-contained (inline SVG and CSS, no script, nothing fetched):
 *
 *   weeks.tsv     a row a week: drift, loop and baseline accuracy and weighted F1, drift
 *                 flagged and its share, estimated accuracy, retraining, versions
 *   steps.tsv     every step: week, where, step, status, attempts, wall, CPU, peak memory
 *   columns.tsv   every column each week's drift check tested (optional)
 *   history.tsv   the registry's history (optional)
 *
 * Charts: accuracy and weighted F1 per week with and without the loop (retraining marked),
 * drift injected and found, estimated against actual accuracy, wall time of every step;
 * tables: the drifted columns, the weeks with their decisions, the history, the steps.
 */
#ifndef PC_REPORT_H
#define PC_REPORT_H

/* Write DIR/index.html from DIR's tables; 0, or -1 after reporting. */
int weeks_report(const char *dir);

#endif
