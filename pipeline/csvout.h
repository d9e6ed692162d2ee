/* csvout.h — writing RFC 4180 CSV (UTF-8, LF, ',' delimiter) safely.
 *
 * The file is written to "path.tmp" and renamed over path by
 * pv_csvw_close, so an interrupted run never leaves half a file.  Errors are
 * sticky (cairo style): after the first failure every call does nothing and
 * pv_csvw_close reports it and removes the temporary file.
 *
 * Numbers: integers as %lld; doubles with a fixed number of decimals, '.'
 * as separator, never in exponent form; NAN is an empty field.
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
void pv_csvw_num(pv_csvw *w, double v, int decimals); /* NAN = empty */
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
