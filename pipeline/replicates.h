/* replicates.h — bootstrap replicates of a source's indicators, for the
 * stability of the convergence classification.
 *
 * A first-level stage resamples its own units (questionnaires: the
 * respondents of each instrument; focus groups: the sessions of each
 * respondent group, with their excerpts) with a seeded GSL generator and
 * recomputes its indicators in each replicate; the convergence stage reads
 * the replicates like the indicator table itself.  File:
 * out/level1/indicators_<source>_replicates.csv, columns replicate,
 * indicator, value, ci_low, ci_high: one row per replicate (1..n) and
 * indicator of the source's table — exactly those indicators, with the
 * ids built by the same function as the table's (indicators.h); empty
 * value when the replicate would not publish it.  The convergence stage
 * refuses a file that does not match its table (docs/METHODS.md).
 */
#ifndef PV_REPLICATES_H
#define PV_REPLICATES_H

#include "csvout.h"

/* The columns, in file order (header, pv_replicate, the convergence's reader). */
enum { PV_REP_REPLICATE, PV_REP_INDICATOR, PV_REP_VALUE, PV_REP_CI_LOW, PV_REP_CI_HIGH,
       PV_REP_NCOLS };
extern const char *const pv_replicate_cols[PV_REP_NCOLS];

int pv_replicates_open(pv_csvw *w, const char *path, pv_err *err);
void pv_replicate(pv_csvw *w, long b, const char *id, double v, double lo, double hi);

/* Seed of a source's generator: the dataset's stability_seed plus a fixed
 * offset per source, so the sources draw independent streams. */
enum { PV_SEED_PARTICIPATION = 1, PV_SEED_QUESTIONNAIRE = 2, PV_SEED_QUALITATIVE = 3 };

#endif
