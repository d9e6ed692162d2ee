/* effects.h — standardised mean differences between two groups (Hedges' g
 * with its noncentral-t interval) and the writer of
 * out/level1/questionnaire_effects.csv.
 *
 * Convention: R's effectsize::hedges_g (effectsize 0.8.3, its defaults:
 * pooled SD, two-sided 95 % interval by the noncentral t method), except
 * that the interval's noncentral parameters are found by bisection to
 * 1e-10 where effectsize runs optim(); see docs/METHODS.md ("Effect sizes
 * between groups").  Expected values: tests/expected/effects.R.
 */
#ifndef PV_EFFECTS_H
#define PV_EFFECTS_H

#include <stddef.h>

#include "csvout.h"
#include "pv.h"
#include "qstats.h"

/* P(T <= t) for T noncentral t with df degrees of freedom and noncentral
 * parameter ncp: the series of Lenth (1989, AS 243) as R's pt(t, df, ncp)
 * computes it, and R's normal approximation when df > 4e5 or ncp^2 is
 * beyond exp()'s range.  NAN when df <= 0 or an argument is NAN. */
double pv_nct_cdf(double t, double df, double ncp);

typedef struct {
    size_t n1, n2;
    double mean1, mean2, sd_pooled;
    double d;          /* Cohen's d: (mean1 - mean2) / sd_pooled */
    double g;          /* Hedges' g: J(df) * d */
    double ci_low, ci_high;
    double df;         /* n1 + n2 - 2 */
} pv_hedges;

/* Hedges' g of x[0..n1-1] against y[0..n2-1] (no NAN), with its two-sided
 * `level` interval.  PV_QS_UNDEFINED when n1 < 2, n2 < 2 or the pooled SD
 * is 0 (every output NAN); PV_QS_INVALID for a NAN in x or y or a level
 * outside (0, 1).  Allocates nothing. */
pv_qs_status pv_hedges_g(const double *x, size_t n1, const double *y, size_t n2, double level,
                         pv_hedges *out);

/* questionnaire_effects.csv, one row per pair of groups and construct. */
enum { PV_QE_FAMILY, PV_QE_CONSTRUCT, PV_QE_INSTRUMENT, PV_QE_LIST, PV_QE_GROUP_A,
       PV_QE_GROUP_B, PV_QE_N_A, PV_QE_N_B, PV_QE_EFFECT, PV_QE_VALUE, PV_QE_CI_LOW,
       PV_QE_CI_HIGH, PV_QE_NOTE, PV_QE_SUPPRESSED, PV_QE_NCOLS };
extern const char *const pv_qn_effects_cols[PV_QE_NCOLS];

typedef struct {
    pv_csvw w;
    long threshold;   /* the small-cell threshold (config) */
} pv_effects;

/* Open path and write the header. */
void pv_effects_open(pv_effects *e, const char *path, long threshold, pv_err *err);

/* One row: the scores x[r] of the respondents with g[r] == 0 (group a)
 * against those with g[r] == 1 (group b); other g and NAN scores are left
 * out.  `list` names the code list of a and b (group, or the attribute).
 * hidden: the scores' statistics are hidden (small cells), so the row is
 * not shown either; a group scored by fewer than the threshold is not
 * shown, with its n.  hide_a, hide_b: the caller hides that group's n
 * (a PV_CELL_* flag: the count it copies is hidden elsewhere), and with
 * it the value (its interval would give the n back).  The `suppressed`
 * column names n_a, n_b and value when hidden.  `note` is appended to the
 * row's note. */
void pv_effects_add(pv_effects *e, const char *family, const char *construct,
                    const char *instrument, const char *list, const char *a, const char *b,
                    const double *x, const int *g, size_t n, int hidden,
                    unsigned char hide_a, unsigned char hide_b, const char *note);

int pv_effects_close(pv_effects *e);

#endif
