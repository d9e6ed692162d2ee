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

/* The columns of the tables other stages read (figures.c), in file order:
 * each array is the header its writer writes (pv_csvw checks every row
 * against it), the names of its `suppressed` column and the names its
 * readers look up. */
/* questionnaire_items.csv */
enum { PV_QI_INSTRUMENT, PV_QI_GROUP, PV_QI_ITEM, PV_QI_CONSTRUCT, PV_QI_TYPE, PV_QI_LABEL_FR,
       PV_QI_LABEL_EN, PV_QI_RESPONDENTS, PV_QI_N_VALID, PV_QI_N_MISSING,
       PV_QI_MISSING_BY_REASON, PV_QI_MEAN, PV_QI_SD, PV_QI_MEDIAN, PV_QI_Q1, PV_QI_Q3,
       PV_QI_POSITIVE, PV_QI_POSITIVE_SHARE, PV_QI_CI_LOW, PV_QI_CI_HIGH, PV_QI_NEGATIVE,
       PV_QI_NEGATIVE_SHARE, PV_QI_NEGATIVE_CI_LOW, PV_QI_NEGATIVE_CI_HIGH, PV_QI_SUPPRESSED,
       PV_QI_NCOLS };
extern const char *const pv_qn_items_cols[PV_QI_NCOLS];
/* questionnaire_distribution.csv */
enum { PV_QD_INSTRUMENT, PV_QD_ITEM, PV_QD_VALUE, PV_QD_LABEL_FR, PV_QD_LABEL_EN, PV_QD_COUNT,
       PV_QD_SHARE, PV_QD_CI_LOW, PV_QD_CI_HIGH, PV_QD_ROLE, PV_QD_SUPPRESSED, PV_QD_NCOLS };
extern const char *const pv_qn_distribution_cols[PV_QD_NCOLS];
/* questionnaire_constructs.csv */
enum { PV_QCS_INSTRUMENT, PV_QCS_GROUP, PV_QCS_CONSTRUCT, PV_QCS_LABEL_FR, PV_QCS_LABEL_EN,
       PV_QCS_N_ITEMS, PV_QCS_N_SCORED, PV_QCS_MEAN, PV_QCS_CI_LOW, PV_QCS_CI_HIGH, PV_QCS_SD,
       PV_QCS_MEDIAN, PV_QCS_Q1, PV_QCS_Q3, PV_QCS_N_COMPLETE, PV_QCS_ALPHA, PV_QCS_ALPHA_STD,
       PV_QCS_ALPHA_CI_LOW, PV_QCS_ALPHA_CI_HIGH, PV_QCS_ALPHA_PAIRWISE,
       PV_QCS_ALPHA_STD_PAIRWISE, PV_QCS_SUPPRESSED, PV_QCS_NCOLS };
extern const char *const pv_qn_constructs_cols[PV_QCS_NCOLS];
/* questionnaire_response_rates.csv (rate empty: undefined without the
 * number invited, or hidden; the note says which) */
enum { PV_QR_INSTRUMENT, PV_QR_GROUP, PV_QR_INVITED, PV_QR_RESPONDENTS, PV_QR_RATE,
       PV_QR_CI_LOW, PV_QR_CI_HIGH, PV_QR_NOTE, PV_QR_SUPPRESSED, PV_QR_NCOLS };
extern const char *const pv_qn_rates_cols[PV_QR_NCOLS];

#endif
