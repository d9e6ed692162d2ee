/* breakdown.h — a published count table: categories x count columns, its
 * margins, small-cell suppression, shares with Wilson 95 % intervals, written
 * as CSV.
 *
 * Output columns: <key>, label_fr, label_en, one column per count column,
 * `total` (when there are several count columns), `share`, `ci_low`,
 * `ci_high`, `suppressed`.  A last row `total` holds the column totals.
 * A suppressed count is an empty field and its column name is listed in
 * `suppressed` (with ":primary" or ":complementary"); a share whose
 * numerator or denominator is suppressed is empty too.
 *
 * With means (mean != NULL), three more columns before `suppressed`:
 * `mean`, `mean_ci_low`, `mean_ci_high`; a hidden mean is named `mean` in
 * `suppressed`, and its interval is empty with it.
 */
#ifndef PV_BREAKDOWN_H
#define PV_BREAKDOWN_H

#include "pv.h"
#include "suppress.h"

typedef struct {
    const char *key_name;          /* first column name: "region", "month" */
    int nr;                        /* categories */
    const char *const *key;        /* nr codes */
    const char *const *label_fr;   /* nr labels, or NULL */
    const char *const *label_en;
    int nc;                        /* count columns */
    const char *const *col_name;   /* nc names */
    long *counts;                  /* (nr + 1) x (nc + 1); the caller fills
                                      the nr x nc cells, pv_breakdown_finish
                                      the margins */
    int share_col;                 /* nc == 1: -1 (share of the grand total);
                                      nc > 1: column whose share of the row
                                      total is given, or -1 for none */
    int threshold;                 /* small-cell threshold */
    unsigned char *flag;           /* filled by pv_breakdown_finish */
    int *id;                       /* cells in a linked set (pv_breakdown_link) */
    double *mean, *mean_lo, *mean_hi; /* nr + 1 (total row last), or NULL:
                                      the mean of a number column per row and
                                      its t 95 % interval (NAN: none) */
    unsigned char *mean_flag;      /* nr + 1: PV_CELL_* of each mean */
} pv_breakdown;

/* Allocate counts and flags for nr x nc (zeroed). */
void pv_breakdown_init(pv_breakdown *b, int nr, int nc);
/* Fill margins and run the suppression (the table on its own). */
void pv_breakdown_finish(pv_breakdown *b);
/* Or, when the table's numbers are published elsewhere too: fill the
 * margins and put its cells and relations into the linked set s.
 * total_row, when not NULL, holds the cells of s that its total row
 * repeats (nc + 1 of them, or 1 for a one-column table).
 * After pv_sdc_solve(s), pv_breakdown_take copies the flags. */
void pv_breakdown_link(pv_breakdown *b, pv_sdc *s, const int *total_row);
void pv_breakdown_take(pv_breakdown *b, const pv_sdc *s);
/* The cell of s holding (r, c) (c == nc: the row total), or -1. */
int pv_breakdown_cell_id(const pv_breakdown *b, int r, int c);
static inline long *pv_breakdown_cell(pv_breakdown *b, int r, int c)
{
    return &b->counts[r * (b->nc + 1) + c];
}
/* Share of row r (r == nr: total row) and its interval; NAN when not
 * published.  Returns the share. */
double pv_breakdown_share(const pv_breakdown *b, int r, double *lo, double *hi);
/* Whether cell (r, c) is published (c == nc: the row total). */
int pv_breakdown_shown(const pv_breakdown *b, int r, int c);
int pv_breakdown_write(const pv_breakdown *b, const char *path, pv_err *err);
void pv_breakdown_free(pv_breakdown *b);

#endif
