/* suppress.h — small-cell suppression: one rule for every published count
 * and for every statistic computed from counts (docs/METHODS.md, "Small
 * cells").
 *
 * Published counts and the additive relations between them (a row sums to
 * its total, the territories of a region to the region, the positive
 * answers of an item to its positive count...) form a set of relations:
 * the members of a relation sum to its total (its last member).  Primary
 * suppression hides every count c with 0 < c < threshold.  Then, while some
 * relation lets a reader recompute one of its hidden members — it has
 * exactly one hidden member, or its hidden members are so tightly bounded
 * (a primary cell lies in [1, threshold - 1], any count is >= 0) that the
 * relation leaves one of them a single possible value — the cheapest other
 * visible member of that relation is hidden too (complementary
 * suppression): a count that only repeats others (a running total) first,
 * then the smallest non-zero cell, then a zero cell, then the relation's
 * total.  Ties go to the first member in the relation's order, relations
 * are visited in the order they were added, so the result is deterministic.
 * This is the usual heuristic of statistical agencies, with their
 * protection-interval check on each relation (Hundepool et al. 2012).
 *
 * A statistic that is not a sum of cells (mean, SD, quantile, a test
 * statistic, a score mean) is published only when none of the counts it
 * is computed from is hidden (pv_suppress_derived): such a statistic is
 * one more equation on the hidden cells, and a few of them solve them.
 *
 * Every hidden value is an empty field, named in the table's `suppressed`
 * column as `column:primary` (small, or a statistic of fewer people than
 * the threshold) or `column:complementary` (hidden so that another hidden
 * value cannot be recomputed); pv_suppress_mark writes that mark.
 */
#ifndef PV_SUPPRESS_H
#define PV_SUPPRESS_H

#include <stddef.h>

enum { PV_CELL_SHOWN = 0, PV_CELL_PRIMARY = 1, PV_CELL_COMPLEMENTARY = 2 };

/* ---- linked counts: any set of cells and relations ------------------- */

typedef struct {
    int n, cap;             /* cells */
    long *count;
    unsigned char *flag;    /* PV_CELL_*: in, cells already hidden; out */
    unsigned char *repeat;  /* 1: the cell repeats others (hide it first) */
    int nrel, caprel;       /* relations: members member[start[r]..start[r+1]) */
    int *start;             /* nrel + 1 */
    int *member;
    int nmem, capmem;
} pv_sdc;

/* A new cell holding count; returns its index. */
int pv_sdc_cell(pv_sdc *s, long count);
/* Mark cell i as one that only repeats other published counts (a running
 * total): it is hidden before any cell of a relation it belongs to. */
void pv_sdc_repeat(pv_sdc *s, int i);
/* The relation: cells members[0..n) sum to cell total. */
void pv_sdc_relation(pv_sdc *s, const int *members, int n, int total);
/* Primary and complementary suppression of every cell. */
void pv_sdc_solve(pv_sdc *s, int threshold);
/* The same for means of one number column: cell i is a published mean,
 * count[i] the number of values it averages (its n, itself a published or
 * hidden count), flag[i] preset to hidden when its n is hidden; the
 * relations say which sums of values add up (the categories of a table to
 * its total row, one mean that repeats another: a relation of one member).
 * The mean of fewer than threshold values (n > 0) is hidden (primary).
 * Then, as sums of values add up like counts, a relation whose total is
 * published gives the mean of its hidden members taken together: while
 * that is the mean of one member, or of fewer than threshold people, the
 * mean of one more member is hidden (complementary: the fewest people,
 * then the first; the total last); a hidden total whose members are all
 * published is given by them, so one of them is hidden.  A mean of no
 * values (n == 0) is not a mean: never hidden, never a complement. */
void pv_sdc_solve_means(pv_sdc *s, int threshold);
static inline unsigned char pv_sdc_flag(const pv_sdc *s, int i)
{
    return i >= 0 && i < s->n ? s->flag[i] : PV_CELL_SHOWN;
}
void pv_sdc_free(pv_sdc *s);

/* ---- one table with its margins --------------------------------------- */

/* counts: (nr + 1) x (nc + 1) row-major, the last column holding row totals
 * and the last row column totals (bottom-right: grand total).  When
 * row_totals is 0 the last column is ignored (not published); same for
 * col_totals and the last row.  flag (same shape) receives PV_CELL_*.
 * threshold <= 1 suppresses nothing.  (A pv_sdc of one table.) */
void pv_suppress(const long *counts, int nr, int nc, int row_totals,
                 int col_totals, int threshold, unsigned char *flag);

/* ---- statistics computed from counts ----------------------------------- */

/* The flag of a statistic computed from the n counts whose flags are given
 * (not a plain sum of them): PV_CELL_COMPLEMENTARY when one of them is
 * hidden, else PV_CELL_SHOWN. */
unsigned char pv_suppress_derived(const unsigned char *flag, size_t n);

/* Label of a flag for output tables: "", "primary", "complementary". */
const char *pv_suppress_label(unsigned char flag);

/* Append "column:label" (';'-separated) to the `suppressed` field buf when
 * flag hides the value; nothing when it is shown. */
void pv_suppress_mark(char *buf, size_t size, const char *column, unsigned char flag);

#endif
