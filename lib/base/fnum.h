/*
 * fnum: decimal text to double, exact (correctly rounded, as strtod) and fast.
 *
 * Numeric columns run to hundreds of millions of fields, and strtod is slow.  Most fields
 * have at most 19 significant digits and a small exponent: the digits then fit in 64 bits
 * and the value is one correctly rounded multiplication or division by an exact power of
 * ten (Clinger's fast path, widened with x87 extended precision where the platform has
 * it, with a check that the result is not a rounding tie).  Everything else goes to
 * strtod, so the result is always the correctly rounded double.
 */
#ifndef PC_FNUM_H
#define PC_FNUM_H

#include <stddef.h>
#include <stdint.h>

/* Parse all of s[0..len), which must be followed by a NUL: optional sign, digits with an
 * optional point, optional exponent (as Python's float() reads them, without spaces,
 * "inf", "nan" or underscores).  0 with *out set, or -1 if it is not such a number or
 * does not fit in a double. */
int fnum_parse(const char *s, size_t len, double *out);

/* 10^0 .. 10^22, the powers of ten that are exact doubles. */
extern const double fnum_pow10[23];

/* m * 10^e10 (negated if neg), when one of the fast paths gives it correctly rounded:
 * 0 with *out set, else -1 (the caller then needs strtod). */
int fnum_scaled(uint64_t m, long e10, int neg, double *out);

#endif
