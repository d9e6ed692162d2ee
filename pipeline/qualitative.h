/* qualitative.h — first-level statistics of the coded focus groups and
 * interviews: code frequencies (overall, by group, by region, rolled up the
 * hierarchy), the session x code matrix, co-occurrence, intercoder
 * agreement and disagreements, exemplar quotes, privacy flags, indicators.
 * See docs/METHODS.md ("Focus groups and interviews").
 */
#ifndef PV_QUALITATIVE_H
#define PV_QUALITATIVE_H

#include "pv.h"

/* The columns of the tables other stages read (figures.c, convergence.c),
 * in file order: each array is the header its writer writes (pv_csvw
 * checks every row against it) and the names its readers look up. */
/* qualitative_codes.csv */
enum { PV_QLC_CODE, PV_QLC_PARENT, PV_QLC_LEVEL, PV_QLC_LABEL_FR, PV_QLC_LABEL_EN,
       PV_QLC_VALENCE, PV_QLC_EXCERPTS, PV_QLC_EXCERPTS_ROLLED, PV_QLC_SESSIONS,
       PV_QLC_SESSIONS_TOTAL, PV_QLC_SHARE, PV_QLC_CI_LOW, PV_QLC_CI_HIGH, PV_QLC_NCOLS };
extern const char *const pv_ql_codes_cols[PV_QLC_NCOLS];
/* qualitative_by_group.csv, qualitative_by_region.csv: the key column is
 * named after its code list ("group", "region"), so the table leaves it
 * empty and the writer fills it in. */
enum { PV_QLB_CODE, PV_QLB_KEY, PV_QLB_LABEL_FR, PV_QLB_LABEL_EN, PV_QLB_SESSIONS,
       PV_QLB_SESSIONS_TOTAL, PV_QLB_SHARE, PV_QLB_CI_LOW, PV_QLB_CI_HIGH, PV_QLB_NCOLS };
extern const char *const pv_ql_by_cols[PV_QLB_NCOLS];
/* qualitative_sessions.csv, qualitative_sessions_region.csv (who spoke):
 * the key column is named after its list ("group", "region") as above */
enum { PV_QLS_KEY, PV_QLS_KIND, PV_QLS_LABEL_FR, PV_QLS_LABEL_EN, PV_QLS_SESSIONS,
       PV_QLS_PARTICIPANTS, PV_QLS_SUPPRESSED, PV_QLS_NCOLS };
extern const char *const pv_ql_sessions_cols[PV_QLS_NCOLS];
/* qualitative_cooccurrence.csv */
enum { PV_QLX_CODE_A, PV_QLX_CODE_B, PV_QLX_N_A, PV_QLX_N_B, PV_QLX_N_AB, PV_QLX_JACCARD,
       PV_QLX_UNEQUAL, PV_QLX_NCOLS };
extern const char *const pv_ql_cooccurrence_cols[PV_QLX_NCOLS];
/* qualitative_agreement.csv */
enum { PV_QLA_UNIT, PV_QLA_CODE, PV_QLA_SESSION, PV_QLA_MEASURE, PV_QLA_CODERS, PV_QLA_UNITS,
       PV_QLA_VALUE, PV_QLA_SE, PV_QLA_CI_LOW, PV_QLA_CI_HIGH, PV_QLA_NOTE, PV_QLA_NCOLS };
extern const char *const pv_ql_agreement_cols[PV_QLA_NCOLS];
/* qualitative_quotes.csv (the convergence's joint display reads it) */
enum { PV_QQ_CODE, PV_QQ_RANK, PV_QQ_EXCERPT, PV_QQ_SESSION, PV_QQ_GROUP, PV_QQ_REGION,
       PV_QQ_SPEAKER, PV_QQ_TEXT, PV_QQ_NCOLS };
extern const char *const pv_quote_cols[PV_QQ_NCOLS];

/* Compute from the clean folder `in` into `out`.  A dataset without
 * qualitative material gives the tables with their headers only. */
int pv_qualitative_run(const char *in, const char *out, pv_err *err);

#endif
