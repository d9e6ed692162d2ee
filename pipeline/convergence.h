/* convergence.h — the second level: does each source support each theme,
 * and do the sources converge?
 *
 * Reads the themes and the triangulation map (clean tables from ingest),
 * the indicator tables of the first-level stages and their bootstrap
 * replicates; rates the evidence of every (theme, source), codes the
 * convergence of every theme and every pair of sources (Farmer et al.
 * 2006), explains each classification, checks its stability, and writes
 * the joint display.  docs/METHODS.md, "Convergence", gives every rule.
 *
 * The hand-off from the first level is by header name: every file is read
 * through its column names (indicators.h, replicates.h), and a replicates
 * file must hold exactly the indicators of its table, once per replicate;
 * anything else is an error with file:line.
 */
#ifndef PV_CONVERGENCE_H
#define PV_CONVERGENCE_H

#include "dataset.h"

enum { PV_CV_THEMES, PV_CV_MAP, PV_CV_NTABLES };
enum { TH_ID, TH_LABEL_FR, TH_LABEL_EN, TH_Q_FR, TH_Q_EN, TH_NCOLS };
enum { TM_THEME, TM_SOURCE, TM_INDICATOR, TM_DIRECTION, TM_THRESHOLD, TM_MARGIN, TM_QUOTE,
       TM_NCOLS };

typedef struct {
    int present;
    pv_vtable t[PV_CV_NTABLES];
} pv_convdata;

extern const char *const pv_cv_files[PV_CV_NTABLES];

/* themes.csv and triangulation.csv of dir (absent: present = 0). */
int pv_convdata_load(pv_convdata *c, const char *dir, const pv_dataset *d,
                     pv_rejects *rej, pv_err *err);
int pv_convdata_write_clean(const pv_convdata *c, const char *dir, pv_err *err);
void pv_convdata_free(pv_convdata *c);

/* convergence_themes.csv's columns, in file order (its header, and the
 * names figures.c's joint display reads); the three source columns follow
 * PV_CV_PARTICIPATION.. order. */
enum { PV_CT_THEME, PV_CT_LABEL_FR, PV_CT_LABEL_EN, PV_CT_QUESTION_FR, PV_CT_QUESTION_EN,
       PV_CT_PARTICIPATION, PV_CT_QUESTIONNAIRE, PV_CT_QUALITATIVE, PV_CT_CATEGORY,
       PV_CT_STABILITY, PV_CT_THRESHOLD_LOW, PV_CT_THRESHOLD_HIGH, PV_CT_STABILITY_THRESHOLD,
       PV_CT_EXPLANATION_FR, PV_CT_EXPLANATION_EN, PV_CT_NCOLS };
extern const char *const pv_cv_themes_cols[PV_CT_NCOLS];

/* in: the pipeline's output folder (holding clean/ and level1/); out: where
 * the level-2 tables go; messages: the message catalogue (messages.h) for
 * the category labels. */
int pv_convergence_run_with(const char *in, const char *out, const char *messages,
                            pv_err *err);
/* The same with PV_MESSAGES_DEFAULT. */
int pv_convergence_run(const char *in, const char *out, pv_err *err);

/* ------------------------------------------------------------------ */
/* The rules (docs/METHODS.md, "Convergence"), called by the stage and by
 * the unit tests. */

enum { PV_CV_PARTICIPATION, PV_CV_QUESTIONNAIRE, PV_CV_QUALITATIVE, PV_CV_NSRC };
enum { PV_RATE_SILENT, PV_RATE_SUPPORTS, PV_RATE_PARTLY, PV_RATE_CONTRADICTS, PV_RATE_N };
enum { PV_CAT_AGREEMENT, PV_CAT_PARTIAL, PV_CAT_SILENCE, PV_CAT_DISSONANCE, PV_CAT_N };
/* Which rule coded a theme or pair (its sentence: the message
 * pv_cv_rule_key[rule] of data/messages.csv). */
enum { PV_RULE_SILENCE, PV_RULE_DISSONANCE, PV_RULE_AGREE_SUPPORT, PV_RULE_AGREE_CONTRADICT,
       PV_RULE_PARTIAL, PV_RULE_N };

extern const char *const pv_cv_source[PV_CV_NSRC];   /* "participation", ... */
extern const char *const pv_cv_rating[PV_RATE_N];    /* "silent", "supports", ... */
extern const char *const pv_cv_category[PV_CAT_N];   /* "agreement", ... */
extern const char *const pv_cv_rule_key[PV_RULE_N];

/* One row of the triangulation map with its indicator's value. */
typedef struct {
    size_t theme;          /* row of themes.csv */
    int source;            /* PV_CV_* */
    int lower;             /* direction: a low value supports the theme */
    double thr, margin;
    double v, lo, hi;      /* value and 95 % interval; NAN when none */
    /* for the tables */
    const char *indicator, *quote_code, *label, *unit;
    int found;             /* the indicator is in its source's table */
    int absent;            /* its source has no data in the dataset (no or
                              an empty indicator table): silent, not an error */
    long n;                /* its n, or -1 */
    long row;              /* its row in the source's indicator table, or -1 */
} pv_cv_evidence;

/* 1 when source s (PV_CV_*) has data in the run in folder `in`: its
 * indicator table in/level1/indicators_<source>.csv has rows (the rule of
 * the convergence, the report's note and the run's summary). */
int pv_cv_has_data(const char *in, int s);

/* Levenshtein distance between a and b (bytes; insert, delete and
 * substitute cost 1), for "did you mean" suggestions. */
size_t pv_cv_distance(const char *a, const char *b);

/* The rating of one value v with interval [lo, hi] (NAN: [v, v]) against
 * threshold thr; lower: a low value supports.  v NAN: silent. */
int pv_cv_rate(double v, double lo, double hi, int lower, double thr);
/* e's threshold moved by shift margins against the theme (shift +1: the
 * bar raised for `higher`, lowered for `lower`; -1: in its favour). */
double pv_cv_threshold(const pv_cv_evidence *e, int shift);
/* A source's rating from the ratings r[0..n) of its indicators. */
int pv_cv_combine(const int *r, size_t n);
/* Convergence category of ratings r[0..n) (the three sources of a theme,
 * or a pair); *rule receives PV_RULE_*. */
int pv_cv_code(const int *r, size_t n, int *rule);
/* Category of theme t from evidence e[0..ne) (every theme's), thresholds
 * moved by shift; values from v/lo/hi[0..ne) when not NULL (a replicate),
 * else e's own.  src[PV_CV_NSRC] receives the sources' ratings, *rule the
 * rule (either may be NULL). */
int pv_cv_classify(const pv_cv_evidence *e, size_t ne, size_t t, int shift, const double *v,
                   const double *lo, const double *hi, int *src, int *rule);
/* Share of the two threshold moves that keep the category. */
double pv_cv_threshold_stability(int cat, int cat_low, int cat_high);
/* Share of nrep replicates (rv/rlo/rhi: nrep x ne, replicate-major) in
 * which theme t keeps category base; NAN when nrep <= 0. */
double pv_cv_bootstrap_share(const pv_cv_evidence *e, size_t ne, size_t t, long nrep,
                             const double *rv, const double *rlo, const double *rhi, int base);

#endif
