/*
 * dsort: sorting arrays of doubles in linear time (LSD radix sort on the IEEE bits,
 * 11 bits a pass, passes whose digit never varies skipped).  NaNs must be removed first.
 */
#ifndef PC_DSORT_H
#define PC_DSORT_H

#include <stddef.h>

/* Sort x[0..n) ascending; `scratch` holds n doubles. */
void dsort(double *x, size_t n, double *scratch);

#endif
