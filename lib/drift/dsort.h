/*
 * dsort: sorting arrays of doubles in linear time (LSD radix sort on the IEEE bits,
 * 11 bits a pass, passes whose digit never varies skipped): first by the high 33 bits of
 * the key, then each run of values that share them.  NaNs must be removed first.
 */
#ifndef PC_DSORT_H
#define PC_DSORT_H

#include <stddef.h>

/* Sort x[0..n) ascending; `scratch` holds n doubles. */
void dsort(double *x, size_t n, double *scratch);
/* The same, leaving the sorted values in x or in scratch, whichever is returned (the
 * other then holds garbage): one copy fewer. */
double *dsort_any(double *x, size_t n, double *scratch);

#endif
