/* report_table.h — an output table (out/level1, out/level2, out/ingest.csv)
 * as the report's annexes show it: each column's kind (text, count, share,
 * decimal, p-value), the hidden cells, and each cell formatted for a reader
 * (fmt.c) or typed for a spreadsheet (xlsx.c).
 *
 * The kind of a column comes from its name and values, not from a list of
 * tables, so a table that gains a column is shown without a change here:
 * - a column is numeric when every non-empty value is a number written as
 *   the CSV outputs write them (digits, '.', optional sign and exponent) and
 *   none starts with a 0 followed by a digit (codes such as region "01"
 *   stay text); whole when no value has a '.' or an exponent;
 * - shares are the columns `share`, `rate`, `positive_share`,
 *   `share_<split>` (a cumulative participation table), and
 *   `ci_low`/`ci_high` of a table that has one of them;
 *   in a table with a `unit` column (the indicator tables, the convergence
 *   evidence), `value`, `ci_low`, `ci_high` and `threshold` are shares on the
 *   rows whose unit is `proportion`;
 * - p-values are `p` and `p_adjusted`.
 * A hidden cell (docs/METHODS.md, "Small cells") is an empty field named in
 * the row's `suppressed` column: `col:primary` reads "< threshold" and
 * `col:complementary` reads "x", as in the figures.
 */
#ifndef PV_REPORT_TABLE_H
#define PV_REPORT_TABLE_H

#include "pv.h"
#include "table.h"

typedef enum {
    PV_RC_TEXT = 0,
    PV_RC_COUNT,   /* whole numbers, grouped */
    PV_RC_SHARE,   /* a proportion in [0, 1], shown as a percentage */
    PV_RC_DECIMAL, /* other numbers: means, statistics */
    PV_RC_P        /* p-values */
} pv_rcol_kind;

/* A cell as a reader sees it. */
typedef enum {
    PV_RCELL_EMPTY = 0, /* no value (not applicable, not computed, or hidden with its count) */
    PV_RCELL_TEXT,
    PV_RCELL_NUMBER,
    PV_RCELL_HIDDEN_SMALL, /* hidden: a small count ("< threshold") */
    PV_RCELL_HIDDEN_OTHER  /* hidden so that a small count cannot be worked out ("x") */
} pv_rcell_kind;

typedef struct {
    char *path;          /* owned: the file read */
    char *name;          /* owned: file name without ".csv" (sheet and anchor) */
    pv_table t;          /* the CSV as read */
    pv_rcol_kind *kind;   /* owned: n_cols */
    int decimals[64];    /* decimals of each DECIMAL column (first 64 columns) */
    int unit_col;        /* index of a `unit` column, or -1 */
    int suppressed_col;  /* index of the `suppressed` column, or -1 */
} pv_rtable;

/* Read path (a CSV output of the pipeline) and classify its columns.
 * Returns 0, or PV_EXIT_IO / PV_EXIT_DATA with *err set.  t must be zeroed. */
int pv_rtable_load(pv_rtable *t, const char *path, pv_err *err);
void pv_rtable_free(pv_rtable *t);

/* The kind of column c on row r (the `unit` column may make a value a share). */
pv_rcol_kind pv_rtable_kind(const pv_rtable *t, size_t r, size_t c);

/* What cell (r, c) holds; *num is set for PV_RCELL_NUMBER. */
pv_rcell_kind pv_rtable_cell(const pv_rtable *t, size_t r, size_t c, double *num);

/* Cell (r, c) for a reader, in lang, into buf: numbers through fmt.c (a
 * share with one decimal, "61,0 %"), hidden cells "< 5" or "x" (threshold
 * given), empty "—".  Returns buf. */
char *pv_rtable_format(const pv_rtable *t, size_t r, size_t c, int threshold, pv_lang lang,
                       char *buf, size_t n);

/* The unit shown after a column's name: "%" for shares, "" otherwise. */
const char *pv_rtable_unit(const pv_rtable *t, size_t c);

#endif
