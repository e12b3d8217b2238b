/*
 * synth_class: the 27 product categories of the Rakuten France catalogue as the
 * synthetic generator models them: the real prdtypecode values, a French name, the real
 * number of training products (the prior), the group of categories each is easily
 * confused with, and how the "future" (drift) reweights it.
 */
#ifndef PC_SYNTH_CLASS_H
#define PC_SYNTH_CLASS_H

#include <stddef.h>

enum synth_group {
	SYNTH_G_NONE,
	SYNTH_G_BOOKS,     /* 10, 2705, 2403, 2280 */
	SYNTH_G_GAMES,     /* 40, 50, 60, 2462, 2905 */
	SYNTH_G_TOYS,      /* 1280, 1140, 1180, 1281, 1300, 1302 */
	SYNTH_G_HOME,      /* 1560, 2060, 1920, 2582, 2583, 2585 */
	SYNTH_G_COUNT
};

struct synth_class {
	int code;            /* prdtypecode */
	const char *name;
	unsigned count;      /* products in the real training set (84,916 in all) */
	enum synth_group group;
	double future_prior; /* multiplies the prior of drifted products (seasonal shift) */
};

#define SYNTH_NCLASS 27

extern const struct synth_class synth_classes[SYNTH_NCLASS];

/* Index of `code` in synth_classes, or -1. */
int synth_class_index(int code);

/* Class probabilities: the real priors, or (future != 0) the drifted ones.  `p` holds
 * SYNTH_NCLASS values summing to 1. */
void synth_class_priors(double *p, int future);

#endif
