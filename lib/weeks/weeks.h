/*
 * weeks: simulated weeks of incoming products, as a directory of state that cron can
 * drive (pc-weeks(1), pc-formats(5) WEEKS):
 *
 *   DIR/weeks.yaml             the plan, written once: source, seed, sizes, the drift of
 *                              each week, every drift operator and its strength, and
 *                              per week the number of products and of drifted ones
 *   DIR/week0/                 week 0 in the challenge layout (X.csv, Y.csv, images/):
 *                              the first training set and drift reference
 *   DIR/pending/weekN/         week N's products (X.csv, images/), not yet released
 *   DIR/pending/weekN.Y.csv    its labels, held back
 *   DIR/inbox/weekN/           `next` moves week N here (products, no labels)
 *   DIR/labels/weekN.csv       `labels` moves week N's labels here (they arrive late)
 *   DIR/state                  "released N\nlabelled M\n"
 *   DIR/lock                   flock(2)ed by every command
 *
 * Weeks come from pc-synth (each week its own stream of the seed, with its drift: the
 * share of products drawn from the catalogue's future) or are cut from a labelled
 * catalogue in the challenge layout (`--from`), where drift is injected by operators that
 * work on any catalogue (weekops.h).  The same seed gives the same bytes.
 *
 * Every change is a rename under the lock, and every command checks where the weeks
 * stand: `next` releases week released+1 only once week `released` is labelled, and
 * with an explicit week it is a no-op when that week is already out (so cron may retry).
 */
#ifndef PC_WEEKS_H
#define PC_WEEKS_H

#include <stdint.h>
#include <stdio.h>

#define WEEKS_MAX 52

struct weeks_opts {
	int weeks;                  /* 1..WEEKS_MAX */
	double drift[WEEKS_MAX];    /* per week 1..weeks, in [0, 1] */
	long size;                  /* products per week */
	long week0_size;            /* products in week 0 (0: size) */
	uint64_t seed;
	int image_size;             /* pc-synth photos */
	int threads;
	int force;                  /* replace an existing DIR */
	const char *from_x, *from_y, *from_images;   /* --from; images may be NULL */
	double vocab_share;         /* weekops strengths (weekops.h) */
	double dropout;
	double missing_description;
	double prior_shift;
	int photo_ops;              /* colour cast, brightness, blur, JPEG re-encoding */
};

void weeks_default_opts(struct weeks_opts *o);

/* Lay out a simulation in `dir` (built aside and renamed into place); 0, or -1 after
 * reporting (-2 for bad usage: an existing directory without force, a catalogue too small
 * for the sizes asked). */
int weeks_init(const char *dir, const struct weeks_opts *o);

/* Release the next week's products into the inbox (`week` > 0: that week, a no-op when it
 * is out already); *released gets the week.  0, or -1 after reporting (-2 out of order). */
int weeks_next(const char *dir, int week, int *released);
/* Release the labels of the week in the inbox (`week` > 0: that week); *labelled gets it. */
int weeks_labels(const char *dir, int week, int *labelled);
/* Where the simulation stands, as TSV: week, drift, products, drifted, state
 * (pending, inbox, labelled), products path, labels path. */
int weeks_status(const char *dir, FILE *out);

#endif
