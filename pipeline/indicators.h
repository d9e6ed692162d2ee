/* indicators.h — the shared indicator table: the seam between the first
 * level and the convergence stage (docs/ARCHITECTURE.md, "Decisions", 4).
 *
 * Columns: source, indicator, label, n, value, ci_low, ci_high, unit.
 * unit is `count` (value printed whole), `proportion`, `score`, `mean`
 * (a participation mean: n the values averaged, the t interval) or
 * `balance` (six decimals); n < 0 and NAN values are empty fields.
 *
 * The convergence stage reads the table by these header names, and the
 * source's replicates file (replicates.h) must hold exactly the same ids:
 * a source builds each id with one function, called by its table writer
 * and by its replicate writer.
 */
#ifndef PV_INDICATORS_H
#define PV_INDICATORS_H

#include "csvout.h"

/* The columns, in file order: the header pv_indicators_open writes, the
 * order pv_indicator writes, and the names the convergence stage reads. */
enum { PV_IND_SOURCE, PV_IND_INDICATOR, PV_IND_LABEL, PV_IND_N, PV_IND_VALUE, PV_IND_CI_LOW,
       PV_IND_CI_HIGH, PV_IND_UNIT, PV_IND_NCOLS };
extern const char *const pv_indicator_cols[PV_IND_NCOLS];

/* Open path for writing and write the header (see pv_csvw_open). */
int pv_indicators_open(pv_csvw *w, const char *path, pv_err *err);
/* An indicator id: prefix, then each non-NULL part, joined by '_'
 * ("families_isolated_region" + "MTL"); returns buf. */
const char *pv_indicator_id(char *buf, size_t n, const char *prefix, const char *a,
                            const char *b);
/* One row. */
void pv_indicator(pv_csvw *w, const char *source, const char *id, const char *label,
                  long n, double value, double lo, double hi, const char *unit);

#endif
