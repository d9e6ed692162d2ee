/* qualitative.h — first-level statistics of the coded focus groups and
 * interviews: code frequencies (overall, by group, by region, rolled up the
 * hierarchy), the session x code matrix, co-occurrence, intercoder
 * agreement and disagreements, exemplar quotes, privacy flags, indicators.
 * See docs/METHODS.md ("Focus groups and interviews").
 */
#ifndef PV_QUALITATIVE_H
#define PV_QUALITATIVE_H

#include "pv.h"

/* Compute from the clean folder `in` into `out`.  A dataset without
 * qualitative material gives the tables with their headers only. */
int pv_qualitative_run(const char *in, const char *out, pv_err *err);

#endif
