/* questionnaire.h — first-level statistics of the questionnaires.
 *
 * Reads the clean tables ingest wrote (instruments, items, scales,
 * respondents, answers; config and codes) and writes
 * out/level1/questionnaire_*.csv and indicators_questionnaire.csv.  See
 * docs/METHODS.md ("Questionnaires") for every statistic.
 */
#ifndef PV_QUESTIONNAIRE_H
#define PV_QUESTIONNAIRE_H

#include "pv.h"

/* Compute from the clean folder `in` into `out`.  A dataset without
 * questionnaires gives the tables with their headers only.  Returns 0 or
 * an error status with *err set. */
int pv_questionnaire_run(const char *in, const char *out, pv_err *err);

#endif
