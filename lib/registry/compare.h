/*
 * compare: a challenger against the champion on the same labelled data, decided with a
 * margin and a paired test.
 *
 * Both models score every row of DATA (a tensor stream, or tokens that each model embeds
 * with its own featurizer, or once for both when their featurizers are the same); their metrics are computed as pc-predict --eval computes them,
 * and their per-row correctness is paired: b rows only the champion gets right, c rows
 * only the challenger does, and the exact McNemar test gives the p-value of b against c.
 * The challenger wins when
 *   - its metric is at least `floor`, and
 *   - there is no champion, or its metric beats the champion's by at least `min_gain` and
 *     McNemar's p is below `alpha` with c > b.
 * Rows whose class the models do not know count as wrong for both (a warning says how
 * many); refused as bad input: data whose labelled rows are more than a tenth of classes
 * the models do not know (they do not fit the data), models with different classes,
 * rows that are not the same for both (ids differ), no labelled row.
 */
#ifndef PC_COMPARE_H
#define PC_COMPARE_H

#include <stdio.h>

#include "model/evalm.h"
#include "model/model.h"

/* The metrics a decision can be made on, NULL-terminated (higher is better). */
extern const char *const compare_metric_names[];

struct compare_opts {
	int metric;             /* index into compare_metric_names */
	double min_gain;
	double alpha;
	double floor;
	int threads;
};

void compare_default_opts(struct compare_opts *o);

struct compare_side {
	long version;           /* 0: no such model */
	struct evalm_result r;
	double value;           /* the decision metric */
	size_t correct;
};

struct compare_result {
	struct compare_side champion, challenger;
	size_t rows;            /* labelled rows both scored */
	size_t only_champion, only_challenger;
	double p;               /* exact McNemar */
	int win;
	char reason[256];
};

/* Score `data` with both models (champion may be NULL) and decide; 0, or -1 after
 * reporting. */
int compare_run(const struct model *champion, long champion_version,
		const struct model *challenger, long challenger_version, const char *data,
		const struct compare_opts *o, struct compare_result *res);
void compare_result_free(struct compare_result *res);

/* The side-by-side table: metric, champion, challenger, difference; then the paired
 * test's rows and a "# decision" line. */
void compare_write(FILE *out, const struct compare_opts *o, const struct compare_result *res);

#endif
