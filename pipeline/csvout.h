/* csvout.h — writing RFC 4180 CSV (UTF-8, LF, ',' delimiter) safely.
 *
 * The file is written to "path.tmp" and renamed over path by
 * pv_csvw_close, so an interrupted run never leaves half a file.  Errors are
 * sticky (cairo style): after the first failure every call does nothing and
 * pv_csvw_close reports it and removes the temporary file.
 *
 * Numbers.  These files are for programs (R, Python, a spreadsheet, our
 * own later stages, a reproduction checked to 1e-9): they are written at
 * full precision, and rounding belongs to what people read (the report,
 * the workbook's number formats, the figures' labels, all through fmt.c).
 *   - integers (pv_csvw_int): %lld;
 *   - doubles (pv_csvw_num): the shortest of C's %.15g, %.16g and %.17g
 *     that strtod reads back to the same double, so every value
 *     round-trips bit for bit: 0.1 is "0.1", 2/3 "0.6666666666666666", 3.0
 *     "3", 1e-300 "1e-300" (a subnormal keeps 15 digits: 5e-324 is
 *     "4.94065645841247e-324").  '.' as separator, no grouping; %g's
 *     exponent form when the decimal exponent is below -4 or at least the
 *     digits used (1.5e-05, 1e+15), which R, Python and spreadsheets read;
 *     -0 is written 0; NAN is an empty field; an infinity is written "inf"
 *     or "-inf" as %g does (strtod, R and Python read it back; callers
 *     turn a statistic that can be infinite into NAN, e.g. the Spearman
 *     statistic at |rho| = 1, and pv_csvw_parse_num refuses it).  The
 *     bytes are made from double-conversion's shortest digits (numconv.h,
 *     several times faster than printf and strtod) and are those glibc's
 *     printf gives by the definition above (tests/unit/test_numconv.c);
 *     the same double gives the same bytes;
 *   - pv_csvw_sig: a fixed number of significant digits, for the figures'
 *     data files (figures/<figure>.csv), which hold the numbers a figure
 *     shows rather than a reproduction's.
 * No number was ever rounded as a disclosure control: what could be worked
 * back to a hidden count is hidden, not rounded (docs/METHODS.md, "Small
 * cells"), and tests/disclosure_attack.py reads the values at this
 * precision.
 *
 * Every row must have as many fields as the first one (the header): a row
 * writer out of step with its column table fails the file (a sticky
 * PV_EXIT_IO error naming the line), so a column added to a table but not
 * to its writer, or the reverse, fails the tests instead of shifting the
 * columns.  Column tables are arrays of names indexed by an enum of
 * positions (designated initialisers, `[X_ID] = "id"`), written with
 * pv_csvw_header; readers in C use the same names (docs/ARCHITECTURE.md,
 * "Column tables").
 */
#ifndef PV_CSVOUT_H
#define PV_CSVOUT_H

#include <stdio.h>
#include "pv.h"

typedef struct {
    FILE *f;
    char *path, *tmp;     /* owned */
    int nfield;           /* fields written on the current row */
    int width;            /* fields of the first row (the header); -1 before it */
    long line;            /* rows ended so far */
    pv_err *err;          /* borrowed: where errors go */
    int failed;
    char *buf;            /* output buffer (owned): written to f when full */
    size_t len;           /* bytes in buf */
} pv_csvw;

/* Open path for writing (via path.tmp).  On failure sets *err (PV_EXIT_IO)
 * and leaves w in the failed state; later calls are no-ops. */
int pv_csvw_open(pv_csvw *w, const char *path, pv_err *err);
void pv_csvw_str(pv_csvw *w, const char *s);        /* NULL = empty */
void pv_csvw_int(pv_csvw *w, long long v);
/* A field of n bytes the caller knows needs no quotes (no delimiter, quote
 * or line end, no space at either end): copied as it is. */
void pv_csvw_plain(pv_csvw *w, const char *s, size_t n);
void pv_csvw_num(pv_csvw *w, double v);      /* full precision; NAN = empty */
/* The bytes pv_csvw_num writes for v (not NAN) into buf, which holds
 * PV_CSVW_NUMLEN bytes; returns their length. */
#define PV_CSVW_NUMLEN 32
size_t pv_csvw_numfmt(char *buf, double v);
/* The inverse, for stages that read another stage's table: a finite number
 * as pv_csvw_num writes it (exponent form included) into *out; -1 for
 * anything else ("", "inf", "0x1p3", " 1", "1,5"); the double strtod
 * reads, through fast_float (numconv.h).  Not for input data,
 * whose decimals pv_parse_dec reads (no exponent there). */
int pv_csvw_parse_num(const char *s, double *out);
/* v with `digits` significant digits (%.*g): for p-values, whose size
 * varies over orders of magnitude; may use an exponent (1.2e-15), which R
 * and spreadsheets read.  NAN = empty. */
void pv_csvw_sig(pv_csvw *w, double v, int digits);
void pv_csvw_row(pv_csvw *w, const char *first, ...); /* strings, NULL-terminated */
/* The header row from a column table of n names (a NULL name, a hole left
 * in a designated-initialiser table, fails the file). */
void pv_csvw_header(pv_csvw *w, const char *const *names, size_t n);
/* End of row; fails the file when the row's width is not the header's. */
void pv_csvw_end(pv_csvw *w);
/* Flush, close and rename.  Returns 0 or the error status. */
int pv_csvw_close(pv_csvw *w);

#endif
