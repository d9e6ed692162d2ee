/* numconv.h — doubles to decimal digits and back, correctly rounded, through
 * two Debian C++ libraries behind a C interface (numconv.cc):
 *
 *   - Google's double-conversion (libdouble-conversion-dev): the shortest
 *     decimal digits that read back to the same double (Grisu3, with an
 *     exact bignum fallback for the cases Grisu3 cannot decide; among
 *     candidates equally close to the double, the even last digit);
 *   - fast_float (libfast-float-dev, header only): decimal text to the
 *     nearest double, ties to even, as glibc's strtod in the default
 *     rounding mode.
 *
 * Both are several times faster than glibc's printf_fp and strtod, which
 * go through multi-precision arithmetic for every number; the layout of
 * the text (csvout.c) stays in C.  Pure functions, thread-safe.
 */
#ifndef PV_NUMCONV_H
#define PV_NUMCONV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The shortest digits of the finite, nonzero |v| that read back to v:
 * "digits" (no sign, no point, no trailing zeros, NUL-terminated; buf holds
 * PV_NUMCONV_DIGITS bytes) such that |v| = 0.digits x 10^*point once read
 * back.  Returns the number of digits (1..17). */
#define PV_NUMCONV_DIGITS 18
int pv_numconv_shortest(double v, char *buf, int *point);

/* The n bytes at s as a decimal number: optional '-', digits with at most
 * one '.', optional exponent (e or E, optional sign, digits); at least one
 * digit before the exponent; no leading '+' (strtod takes one); also
 * "inf", "infinity" and "nan" in any case, which the caller filters out.
 * The whole of the n bytes must be taken.  Returns 0 with the nearest
 * double (ties to even; overflow gives an infinity, underflow 0 or a
 * subnormal, as strtod) in *out, or -1 and *out untouched. */
int pv_numconv_parse(const char *s, size_t n, double *out);

#ifdef __cplusplus
}
#endif

#endif
