/* fnum: exact and fast decimal to double; see fnum.h. */
#include "base/fnum.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

const double fnum_pow10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
	1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#if LDBL_MANT_DIG == 64
/* 10^k is exact in a 64-bit significand up to k = 27 (5^27 < 2^64). */
static const long double pow10l[28] = {
	1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L,
	1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L,
	1e25L, 1e26L, 1e27L,
};

/*
 * x is the exact value rounded once to 64 bits.  Rounding x to 53 bits gives the exact
 * value's rounding unless x sits on a halfway point between two doubles (the true value
 * may then lie on either side): halfway points have the low 11 of the 64 bits at 0x400.
 * A margin of two units either side keeps the argument clear of binade edges.
 */
static int ext_round(long double x, double *out)
{
	int e;
	uint64_t sig = (uint64_t)ldexpl(frexpl(x, &e), 64);
	unsigned low = (unsigned)(sig & 0x7ff);

	if (low >= 0x3fe && low <= 0x402)
		return -1;
	*out = (double)x;
	return 0;
}
#endif

static int slow(const char *s, size_t len, double *out)
{
	char *end;

	*out = strtod(s, &end);
	if (end != s + len || isinf(*out))
		return -1;
	return 0;
}

int fnum_scaled(uint64_t m, long e10, int neg, double *out)
{
	if (!m) {
		*out = neg ? -0.0 : 0.0;
		return 0;
	}
	if (m < ((uint64_t)1 << 53) && e10 >= -22 && e10 <= 22) {
		double x = (double)m;

		x = e10 < 0 ? x / fnum_pow10[-e10] : x * fnum_pow10[e10];
		*out = neg ? -x : x;
		return 0;
	}
#if LDBL_MANT_DIG == 64
	if (e10 >= -27 && e10 <= 27) {
		long double x = (long double)m;

		x = e10 < 0 ? x / pow10l[-e10] : x * pow10l[e10];
		if (ext_round(x, out) == 0) {
			if (neg)
				*out = -*out;
			return 0;
		}
	}
#endif
	return -1;
}

int fnum_parse(const char *s, size_t len, double *out)
{
	const char *p = s, *end = s + len;
	uint64_t m = 0;
	int nd = 0, digits = 0, dropped = 0, neg = 0;
	long e10 = 0;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && (unsigned)(*p - '0') < 10; p++) {
		unsigned d = (unsigned)(*p - '0');

		digits = 1;
		if (nd < 19) {
			if (m || d) {
				m = m * 10 + d;
				nd++;
			}
		} else {
			e10++;
			dropped |= d != 0;
		}
	}
	if (p < end && *p == '.') {
		for (p++; p < end && (unsigned)(*p - '0') < 10; p++) {
			unsigned d = (unsigned)(*p - '0');

			digits = 1;
			if (nd < 19) {
				if (m || d) {
					m = m * 10 + d;
					nd++;
				}
				e10--;
			} else {
				dropped |= d != 0;
			}
		}
	}
	if (!digits)
		return -1;
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0;
		long x = 0;

		p++;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		if (p == end || (unsigned)(*p - '0') >= 10)
			return -1;
		for (; p < end && (unsigned)(*p - '0') < 10; p++)
			if (x < 100000)
				x = x * 10 + (*p - '0');
		e10 += eneg ? -x : x;
	}
	if (p != end)
		return -1;
	if (dropped)
		return slow(s, len, out);
	if (fnum_scaled(m, e10, neg, out) == 0)
		return 0;
	return slow(s, len, out);
}
