/* suppress.h — small-cell suppression with complementary suppression.
 *
 * A table of counts with published margins is a set of additive relations:
 * each row sums to its row total, each column to its column total, the
 * totals to the grand total.  Primary suppression hides every count c with
 * 0 < c < threshold (cells and margins).  Then, while some relation has
 * exactly one hidden member (which a reader could recompute by subtraction),
 * the smallest other visible member of that relation is hidden too
 * (complementary suppression): a non-zero cell first, then a zero cell, then
 * the margin.  Ties go to the first in row-major order, so the result is
 * deterministic.  This is the usual heuristic of statistical agencies; it
 * prevents recomputation from one relation at a time (see METHODS).
 */
#ifndef PV_SUPPRESS_H
#define PV_SUPPRESS_H

enum { PV_CELL_SHOWN = 0, PV_CELL_PRIMARY = 1, PV_CELL_COMPLEMENTARY = 2 };

/* counts: (nr + 1) x (nc + 1) row-major, the last column holding row totals
 * and the last row column totals (bottom-right: grand total).  When
 * row_totals is 0 the last column is ignored (not published); same for
 * col_totals and the last row.  flag (same shape) receives PV_CELL_*.
 * threshold <= 1 suppresses nothing. */
void pv_suppress(const long *counts, int nr, int nc, int row_totals,
                 int col_totals, int threshold, unsigned char *flag);

/* Label of a flag for output tables: "", "primary", "complementary". */
const char *pv_suppress_label(unsigned char flag);

#endif
