/*
 * evalm: evaluation metrics of a classifier over C named classes, as pc-predict --eval
 * prints them: accuracy, precision, recall and F1 per class and averaged, top-k accuracy,
 * log loss, expected calibration error and the confusion matrix, with TSV reports and an
 * SVG heatmap.
 *
 * An accumulator takes one example at a time (the true class and the predicted
 * probabilities) and keeps only counts and sums, so any stream length fits in O(C^2)
 * memory.  Sums of real numbers are kept in 64.64 fixed point, so adding and merging are
 * exact: however the examples are split between accumulators and merged, the results are
 * the same to the last bit.
 *
 * Conventions follow scikit-learn 1.2 with labels=range(C) and zero_division=0:
 *  - the predicted class is argmax p, ties going to the lowest index;
 *  - precision of a class never predicted, recall of a class absent from the truth, and
 *    F1 when precision + recall is 0, are 0;
 *  - weighted averages weight each class by its support (true count); macro averages
 *    take every one of the C classes, including classes absent from the truth and never
 *    predicted (they count as 0, as sklearn does when labels lists them);
 *  - top-k: the true class is a hit when fewer than k classes rank before it, a class
 *    ranking before another when its probability is higher or, equal, its index lower
 *    (sklearn breaks exact ties the other way, towards the higher index); k >= C gives 1;
 *  - log loss: each p[j] is clipped to [1e-15, 1 - 1e-15], the row renormalised to sum 1,
 *    and the loss is -ln(p[truth]) averaged over examples, natural logarithm (sklearn 1.2's
 *    log_loss with eps=1e-15; its default eps="auto" is the dtype's epsilon instead);
 *  - ECE: the top-1 confidence c = max p falls in bin b = floor(c * B) of B equal-width
 *    bins [b/B, (b+1)/B), a confidence of 1 (or more) in the last bin, 0 (or less, or
 *    NaN) in the first; ECE = sum over bins of (n_b / n) |acc_b - conf_b|, acc_b the share
 *    of correct top-1 predictions and conf_b the mean confidence in bin b.
 * With no examples every metric is 0.
 */
#ifndef PC_EVALM_H
#define PC_EVALM_H

#include <stdint.h>
#include <stdio.h>

struct evalm;

/* The confusion matrix takes C^2 counts: 8192 classes are half a gigabyte. */
#define EVALM_MAX_CLASSES 8192

/*
 * An accumulator over `nclasses` classes named class_names[0..nclasses-1] (copied; NULL
 * names the classes by their index), with top-`topk` accuracy and `ece_bins` calibration
 * bins (5 and 15 are usual).  Returns NULL after reporting when an argument is out of
 * range (nclasses from 1 to EVALM_MAX_CLASSES, topk and ece_bins at least 1).
 */
struct evalm *evalm_new(int nclasses, const char *const *class_names, int topk, int ece_bins);
void evalm_free(struct evalm *e);

/* The predicted class of probabilities p[0..nclasses): argmax, ties to the lowest index. */
int evalm_argmax(const float *p, int nclasses);

int evalm_nclasses(const struct evalm *e);
const char *evalm_class_name(const struct evalm *e, int c);
/* The index of the class named `name`, or -1: for mapping labels read from a stream
 * (a linear search). */
int evalm_class_index(const struct evalm *e, const char *name);

/*
 * One example: its true class (0 <= truth < nclasses; anything else is a bug and fatal)
 * and the predicted probabilities p[0..nclasses-1], non-negative and summing to about 1.
 */
void evalm_add(struct evalm *e, int truth, const float *p);

/*
 * Add the examples of `from` to `into`; both must have the same classes, k and bins (a
 * mismatch is fatal).  Exact, so the merge order never changes the results.
 */
void evalm_merge(struct evalm *into, const struct evalm *from);

/* Number of examples accumulated so far. */
uint64_t evalm_count(const struct evalm *e);
/* Confusion count: examples of true class t predicted as class p. */
uint64_t evalm_confusion(const struct evalm *e, int t, int p);

struct evalm_result {
	uint64_t n;                   /* examples */
	int nclasses;
	int topk;                     /* k of topk_accuracy, as given to evalm_new */
	int ece_bins;
	double accuracy;
	double weighted_precision, weighted_recall, weighted_f1;
	double macro_precision, macro_recall, macro_f1;
	double topk_accuracy;
	double log_loss;
	double ece;
	/* per class, nclasses entries each */
	double *precision, *recall, *f1;
	uint64_t *support;            /* true count */
	uint64_t *predicted;          /* predicted count */
};

/* Compute every metric; free with evalm_result_free(). */
void evalm_compute(const struct evalm *e, struct evalm_result *r);
void evalm_result_free(struct evalm_result *r);

/*
 * Reports in the toolkit's TSV (pc-formats(5)); each returns 0, or -1 after reporting
 * when the stream is in error.  Reals are written in the shortest form that reads back
 * exactly.
 *
 * evalm_write_summary: header "metric\tvalue", then the lines n, accuracy, weighted_f1,
 * macro_f1, weighted_precision, weighted_recall, macro_precision, macro_recall,
 * topK_accuracy (K the k given), log_loss, ece.
 */
int evalm_write_summary(FILE *fp, const struct evalm_result *r);
/* Header "class\tprecision\trecall\tf1\tsupport", then one line per class in index order. */
int evalm_write_classes(FILE *fp, const struct evalm *e, const struct evalm_result *r);
/* Header "true" and the class names, then one line per true class: its name and the
 * counts predicted as each class. */
int evalm_write_confusion(FILE *fp, const struct evalm *e);

/*
 * A self-contained SVG heatmap of the row-normalised confusion matrix (each true class's
 * row divided by its support): class names on both axes (true down the left, predicted
 * along the bottom), cells coloured by share on a white-to-blue scale, the count written
 * in each non-empty cell when it fits, a tooltip per cell, a colour legend, and `title`
 * (may be NULL) on top.  No scripts, no external fonts or resources.
 */
int evalm_write_svg(FILE *fp, const struct evalm *e, const char *title);

#endif
