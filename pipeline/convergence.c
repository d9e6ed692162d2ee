/* convergence.c — evidence ratings, convergence coding, stability and the
 * joint display (see convergence.h).  Workload: tens of themes, a few
 * hundred indicators, a thousand replicates. */
#include "convergence.h"

#include <glib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvout.h"
#include "stats.h"

/* ------------------------------------------------------------------ */
/* Inputs                                                             */
/* ------------------------------------------------------------------ */

const char *const pv_cv_files[PV_CV_NTABLES] = {"themes.csv", "triangulation.csv"};

#define SOURCES "participation|questionnaire|qualitative"
enum { SRC_PARTICIPATION, SRC_QUESTIONNAIRE, SRC_QUALITATIVE, NSRC };
static const char *const source_name[NSRC] = {"participation", "questionnaire", "qualitative"};

static const pv_colspec themes_cols[] = {
    {"theme_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"label_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"label_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"question_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"question_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
};
static const pv_colspec map_cols[] = {
    {"theme_id", PV_COL_REF, "themes", 0, 0, 0, NULL},
    {"source", PV_COL_ENUM, SOURCES, 0, 0, 0, NULL},
    {"indicator", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"direction", PV_COL_ENUM, "higher|lower", 0, 0, 0, NULL},
    {"threshold", PV_COL_DEC, NULL, -1000000000, 1000000000, 0, NULL},
    {"margin", PV_COL_DEC, NULL, 0, 1000000000, 0, NULL},
    {"quote_code", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
};

int pv_convdata_load(pv_convdata *c, const char *dir, const pv_dataset *d,
                     pv_rejects *rej, pv_err *err)
{
    pv_vtable *tabs[1];
    pv_vctx ctx = {0};
    char path[4096];
    struct stat sb;
    int st;
    memset(c, 0, sizeof *c);
    snprintf(path, sizeof path, "%s/themes.csv", dir);
    if (stat(path, &sb) != 0)
        return 0;
    c->present = 1;
    ctx = pv_dataset_vctx(d);
    tabs[0] = &c->t[PV_CV_THEMES];
    ctx.tables = tabs;
    if ((st = pv_vtable_load(&c->t[PV_CV_THEMES], "themes", themes_cols, 5, path, path, &ctx,
                             rej, err)))
        return st;
    ctx.ntables = 1;
    snprintf(path, sizeof path, "%s/triangulation.csv", dir);
    if ((st = pv_vtable_load(&c->t[PV_CV_MAP], "triangulation", map_cols, 7, path, path, &ctx,
                             rej, err)))
        return st;
    int key[3] = {TM_THEME, TM_SOURCE, TM_INDICATOR};
    pv_vtable_unique(&c->t[PV_CV_MAP], key, 3, "the same indicator twice for a theme", rej);
    return rej->oom ? pv_err_set(err, PV_EXIT_IO, "out of memory") : 0;
}

int pv_convdata_write_clean(const pv_convdata *c, const char *dir, pv_err *err)
{
    char path[4096];
    for (int i = 0; c->present && i < PV_CV_NTABLES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, pv_cv_files[i]);
        pv_vtable_write(&c->t[i], path, err);
    }
    return err->status;
}

void pv_convdata_free(pv_convdata *c)
{
    for (int i = 0; c && i < PV_CV_NTABLES; i++)
        pv_vtable_free(&c->t[i]);
}

/* ------------------------------------------------------------------ */
/* Evidence                                                           */
/* ------------------------------------------------------------------ */

enum { R_SILENT, R_SUPPORTS, R_PARTLY, R_CONTRADICTS };
static const char *const rating_name[] = {"silent", "supports", "partly_supports", "contradicts"};
enum { C_AGREEMENT, C_PARTIAL, C_SILENCE, C_DISSONANCE };
static const char *const category_name[] = {"agreement", "partial_agreement", "silence",
                                             "dissonance"};

typedef struct {
    size_t theme;
    int source, lower;
    double thr, margin;
    const char *indicator, *quote_code;
    int found;                 /* the indicator exists in its table */
    const char *label, *unit;
    long n;
    double v, lo, hi;          /* value and interval (NAN when none) */
} evid;

typedef struct {
    pv_config cfg;
    pv_codes codes;
    pv_dataset d;
    pv_convdata cv;
    pv_table ind[NSRC];        /* indicator tables */
    pv_table quotes;
    size_t ne;
    evid *e;
    long nrep;                 /* replicates read from the sources */
    double *rv, *rlo, *rhi;    /* nrep x ne replicate values, or NULL */
    unsigned char *has_rep;    /* ne: the evidence has replicates */
    const char *in, *out;
    pv_err *err;
} cvctx;

static double cellv(const char *s)
{
    return *s ? strtod(s, NULL) : NAN;
}

/* The rating of one value against a threshold. */
static int rate(double v, double lo, double hi, int lower, double thr)
{
    if (isnan(v))
        return R_SILENT;
    if (isnan(lo) || isnan(hi))
        lo = hi = v;
    if (lower) {
        double t = -lo;
        lo = -hi, hi = t, thr = -thr;
    }
    return lo > thr ? R_SUPPORTS : hi < thr ? R_CONTRADICTS : R_PARTLY;
}

/* The rating of a source from its ratings r[0..n): silent when none
 * speaks, supports or contradicts when all that speak agree, otherwise
 * partly supports. */
static int combine(const int *r, size_t n)
{
    int seen[4] = {0, 0, 0, 0}, speak = 0;
    for (size_t i = 0; i < n; i++)
        seen[r[i]]++, speak += r[i] != R_SILENT;
    if (!speak)
        return R_SILENT;
    if (seen[R_SUPPORTS] == speak)
        return R_SUPPORTS;
    if (seen[R_CONTRADICTS] == speak)
        return R_CONTRADICTS;
    return R_PARTLY;
}

/* Convergence coding of source ratings r[0..n) (Farmer et al. 2006):
 * silence when fewer than two sources speak; dissonance when one supports
 * and another contradicts; agreement when all that speak give the same
 * full rating (all support, or all contradict); partial agreement
 * otherwise.  *rule receives the rule that fired. */
static int code_convergence(const int *r, size_t n, const char **rule)
{
    int seen[4] = {0, 0, 0, 0}, speak = 0;
    for (size_t i = 0; i < n; i++)
        seen[r[i]]++, speak += r[i] != R_SILENT;
    if (speak < 2) {
        *rule = "fewer than two sources speak to the theme: silence";
        return C_SILENCE;
    }
    if (seen[R_SUPPORTS] && seen[R_CONTRADICTS]) {
        *rule = "one source supports the theme and another contradicts it: dissonance";
        return C_DISSONANCE;
    }
    if (seen[R_SUPPORTS] == speak || seen[R_CONTRADICTS] == speak) {
        *rule = seen[R_SUPPORTS] ? "every source that speaks supports the theme: agreement"
                                 : "every source that speaks contradicts the theme: agreement";
        return C_AGREEMENT;
    }
    *rule = "the sources that speak lean the same way but not all fully: partial agreement";
    return C_PARTIAL;
}

/* Ratings of every (theme, source) with thresholds shifted by shift x
 * margin, and the category of every theme.  v/lo/hi may be replicates
 * (NULL: the observed values). */
static void classify(const cvctx *x, double shift, const double *v, const double *lo,
                     const double *hi, int *src_rating, int *category, const char **rules)
{
    size_t nt = x->cv.t[PV_CV_THEMES].n;
    int *r = malloc((x->ne + 1) * sizeof *r);
    if (!r)
        return;
    for (size_t t = 0; t < nt; t++) {
        int per[NSRC];
        for (int s = 0; s < NSRC; s++) {
            size_t k = 0;
            for (size_t i = 0; i < x->ne; i++) {
                const evid *e = &x->e[i];
                if (e->theme != t || e->source != s)
                    continue;
                double thr = e->thr + shift * e->margin * (e->lower ? -1 : 1);
                r[k++] = rate(v ? v[i] : e->v, lo ? lo[i] : e->lo, hi ? hi[i] : e->hi, e->lower,
                              thr);
            }
            per[s] = combine(r, k);
            if (src_rating)
                src_rating[t * NSRC + (size_t)s] = per[s];
        }
        const char *rule;
        category[t] = code_convergence(per, NSRC, &rule);
        if (rules)
            rules[t] = rule;
    }
    free(r);
}

/* ------------------------------------------------------------------ */
/* Loading                                                            */
/* ------------------------------------------------------------------ */

enum { IN_SOURCE, IN_INDICATOR, IN_LABEL, IN_N, IN_VALUE, IN_LOW, IN_HIGH, IN_UNIT };

/* Row of indicator id in source table t, or -1. */
static long find_indicator(const pv_table *t, const char *id)
{
    for (size_t r = 0; t->n_cols > IN_UNIT && r < t->n_rows; r++)
        if (strcmp(pv_table_get(t, r, IN_INDICATOR), id) == 0)
            return (long)r;
    return -1;
}

static int load(cvctx *x, pv_rejects *rej)
{
    char path[4096];
    pv_vctx ctx = {0};
    struct stat sb;
    int st;
    snprintf(path, sizeof path, "%s/clean/config.csv", x->in);
    if ((st = pv_config_load(&x->d.cfg, path, path, rej, x->err)))
        return st;
    snprintf(path, sizeof path, "%s/clean/codes.csv", x->in);
    if ((st = pv_codes_load(&x->d.codes, path, path, &ctx, rej, x->err)))
        return st;
    x->d.cfg.opts.delim = ',';
    x->d.cfg.decimal = '.';
    snprintf(path, sizeof path, "%s/clean", x->in);
    if ((st = pv_convdata_load(&x->cv, path, &x->d, rej, x->err)))
        return st;
    if (rej->n)
        return pv_err_set(x->err, PV_EXIT_DATA, "%s:%ld: %s; the clean tables must come from ingest",
                          rej->v[0].file, rej->v[0].line, rej->v[0].reason);
    for (int s = 0; s < NSRC; s++) { /* a source without its table is silent */
        snprintf(path, sizeof path, "%s/level1/indicators_%s.csv", x->in, source_name[s]);
        if (stat(path, &sb) == 0 && (st = pv_table_read(&x->ind[s], path, path, NULL, rej, x->err)))
            return st;
    }
    snprintf(path, sizeof path, "%s/level1/qualitative_quotes.csv", x->in);
    if (stat(path, &sb) == 0 && (st = pv_table_read(&x->quotes, path, path, NULL, rej, x->err)))
        return st;
    if (rej->n)
        return pv_err_set(x->err, PV_EXIT_DATA, "%s:%ld: %s", rej->v[0].file, rej->v[0].line,
                          rej->v[0].reason);
    const pv_vtable *m = &x->cv.t[PV_CV_MAP];
    x->ne = m->n;
    x->e = calloc(x->ne + 1, sizeof *x->e);
    if (!x->e)
        return pv_err_set(x->err, PV_EXIT_IO, "out of memory");
    for (size_t i = 0; i < x->ne; i++) {
        evid *e = &x->e[i];
        e->theme = (size_t)pv_vtable_val(m, i, TM_THEME).i;
        e->source = (int)pv_vtable_val(m, i, TM_SOURCE).i;
        e->indicator = pv_vtable_str(m, i, TM_INDICATOR);
        e->lower = pv_vtable_val(m, i, TM_DIRECTION).i == 1;
        e->thr = pv_vtable_val(m, i, TM_THRESHOLD).d;
        e->margin = pv_vtable_val(m, i, TM_MARGIN).d;
        e->quote_code = pv_vtable_str(m, i, TM_QUOTE);
        e->v = e->lo = e->hi = NAN;
        e->n = -1;
        e->label = e->unit = "";
        const pv_table *t = &x->ind[e->source];
        long r = find_indicator(t, e->indicator);
        if (r < 0) {
            pv_warn("%s:%ld: indicator '%s' not found in indicators_%s.csv: the source is silent "
                    "on it", m->raw.name, m->raw.line[m->src[i]], e->indicator,
                    source_name[e->source]);
            continue;
        }
        e->found = 1;
        e->label = pv_table_get(t, (size_t)r, IN_LABEL);
        e->unit = pv_table_get(t, (size_t)r, IN_UNIT);
        e->n = *pv_table_get(t, (size_t)r, IN_N) ? strtol(pv_table_get(t, (size_t)r, IN_N), NULL, 10) : -1;
        e->v = cellv(pv_table_get(t, (size_t)r, IN_VALUE));
        e->lo = cellv(pv_table_get(t, (size_t)r, IN_LOW));
        e->hi = cellv(pv_table_get(t, (size_t)r, IN_HIGH));
    }
    return 0;
}

/* Bootstrap replicates written by the first-level stages (resampled
 * respondents, sessions, families): indicators_<source>_replicates.csv.
 * Evidence without replicates falls back to the parametric draw below. */
static int load_replicates(cvctx *x)
{
    char path[4096];
    struct stat sb;
    long nrep = x->d.cfg.replicates;
    if (nrep <= 0 || x->ne == 0)
        return 0;
    x->rv = malloc((size_t)nrep * x->ne * sizeof *x->rv);
    x->rlo = malloc((size_t)nrep * x->ne * sizeof *x->rlo);
    x->rhi = malloc((size_t)nrep * x->ne * sizeof *x->rhi);
    x->has_rep = calloc(x->ne + 1, 1);
    if (!x->rv || !x->rlo || !x->rhi || !x->has_rep)
        return pv_err_set(x->err, PV_EXIT_IO, "out of memory");
    x->nrep = nrep;
    for (size_t i = 0; i < (size_t)nrep * x->ne; i++)
        x->rv[i] = x->rlo[i] = x->rhi[i] = NAN;
    for (int s = 0; s < NSRC; s++) {
        pv_table t;
        pv_rejects rej = {0};
        GHashTable *where = g_hash_table_new(g_str_hash, g_str_equal);
        snprintf(path, sizeof path, "%s/level1/indicators_%s_replicates.csv", x->in, source_name[s]);
        if (stat(path, &sb) != 0) {
            g_hash_table_destroy(where);
            continue;
        }
        int st = pv_table_read(&t, path, path, NULL, &rej, x->err);
        pv_rejects_free(&rej);
        if (st) {
            g_hash_table_destroy(where);
            return st;
        }
        for (size_t i = x->ne; i-- > 0;) /* first evidence row of each indicator */
            if (x->e[i].source == s)
                g_hash_table_insert(where, (gpointer)x->e[i].indicator, GSIZE_TO_POINTER(i + 1));
        for (size_t r = 0; t.n_cols >= 5 && r < t.n_rows; r++) {
            long b = strtol(pv_table_get(&t, r, 0), NULL, 10) - 1;
            gpointer p = g_hash_table_lookup(where, pv_table_get(&t, r, 1));
            if (!p || b < 0 || b >= nrep)
                continue;
            /* every evidence row naming this indicator (a theme map may use
             * one indicator for several themes) */
            for (size_t j = GPOINTER_TO_SIZE(p) - 1; j < x->ne; j++)
                if (x->e[j].source == s && !strcmp(x->e[j].indicator, pv_table_get(&t, r, 1))) {
                    x->rv[(size_t)b * x->ne + j] = cellv(pv_table_get(&t, r, 2));
                    x->rlo[(size_t)b * x->ne + j] = cellv(pv_table_get(&t, r, 3));
                    x->rhi[(size_t)b * x->ne + j] = cellv(pv_table_get(&t, r, 4));
                    x->has_rep[j] = 1;
                }
        }
        g_hash_table_destroy(where);
        pv_table_free(&t);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Stability                                                          */
/* ------------------------------------------------------------------ */

/* Replicate b of every evidence value: the first-level stage's own
 * bootstrap replicate when it wrote one (resampled units); otherwise a
 * parametric draw: proportions as binomial counts (Wilson intervals
 * recomputed), scores from a normal with the standard error their interval
 * implies, balances as binomial shares of positive codings; counts stay. */
static void replicate(const cvctx *x, long b, gsl_rng *g, double *v, double *lo, double *hi)
{
    for (size_t i = 0; i < x->ne; i++) {
        const evid *e = &x->e[i];
        v[i] = e->v, lo[i] = e->lo, hi[i] = e->hi;
        if (x->has_rep && x->has_rep[i]) { /* resampled by its own stage */
            size_t at = (size_t)b * x->ne + i;
            v[i] = x->rv[at], lo[i] = x->rlo[at], hi[i] = x->rhi[at];
            continue;
        }
        if (isnan(e->v))
            continue;
        if (!strcmp(e->unit, "proportion") && e->n > 0 && e->v >= 0 && e->v <= 1) {
            long k = (long)gsl_ran_binomial(g, e->v, (unsigned)e->n);
            v[i] = pv_wilson(k, e->n, 0.95, &lo[i], &hi[i]);
        } else if (!strcmp(e->unit, "balance") && e->n > 0) {
            long k = (long)gsl_ran_binomial(g, (1 + e->v) / 2, (unsigned)e->n);
            v[i] = 2.0 * (double)k / (double)e->n - 1;
            lo[i] = hi[i] = NAN;
        } else if (!isnan(e->lo) && !isnan(e->hi)) {
            double se = (e->hi - e->lo) / (2 * 1.959963984540054);
            double d = gsl_ran_gaussian(g, se);
            v[i] = e->v + d, lo[i] = e->lo + d, hi[i] = e->hi + d;
        }
    }
}

/* Share of bootstrap replicates keeping each theme's category. */
static void bootstrap(const cvctx *x, const int *base, double *kept)
{
    size_t nt = x->cv.t[PV_CV_THEMES].n;
    double *v = malloc((x->ne + 1) * sizeof *v), *lo = malloc((x->ne + 1) * sizeof *lo),
           *hi = malloc((x->ne + 1) * sizeof *hi);
    int *cat = malloc((nt + 1) * sizeof *cat);
    long *same = calloc(nt + 1, sizeof *same);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t t = 0; t < nt; t++)
        kept[t] = NAN;
    if (v && lo && hi && cat && same && g && x->d.cfg.replicates > 0) {
        gsl_rng_set(g, x->d.cfg.seed);
        for (long b = 0; b < x->d.cfg.replicates; b++) {
            replicate(x, b, g, v, lo, hi);
            classify(x, 0, v, lo, hi, NULL, cat, NULL);
            for (size_t t = 0; t < nt; t++)
                same[t] += cat[t] == base[t];
        }
        for (size_t t = 0; t < nt; t++)
            kept[t] = (double)same[t] / (double)x->d.cfg.replicates;
    }
    free(v), free(lo), free(hi), free(cat), free(same);
    if (g)
        gsl_rng_free(g);
}

/* ------------------------------------------------------------------ */
/* Outputs                                                            */
/* ------------------------------------------------------------------ */

/* "families_isolated = 0.610 [0.597, 0.623], threshold 0.5 (higher):
 * supports" */
static void describe(GString *g, const evid *e, int r)
{
    if (!e->found) {
        g_string_append_printf(g, "%s: not found (silent)", e->indicator);
        return;
    }
    g_string_append_printf(g, "%s = ", e->indicator);
    if (isnan(e->v))
        g_string_append(g, "not published");
    else if (!isnan(e->lo) && !isnan(e->hi))
        g_string_append_printf(g, "%.3f [%.3f, %.3f]", e->v, e->lo, e->hi);
    else
        g_string_append_printf(g, "%.3f", e->v);
    g_string_append_printf(g, ", threshold %g (%s is better): %s", e->thr,
                           e->lower ? "lower" : "higher", rating_name[r]);
}

static int write_evidence(cvctx *x)
{
    const pv_vtable *th = &x->cv.t[PV_CV_THEMES];
    char path[4096];
    pv_csvw w;
    GString *g = g_string_new(NULL);
    snprintf(path, sizeof path, "%s/convergence_evidence.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "theme_id", "source", "indicator", "label", "n", "value", "ci_low", "ci_high",
                "unit", "direction", "threshold", "rating", "reason", NULL);
    for (size_t i = 0; i < x->ne; i++) {
        const evid *e = &x->e[i];
        int r = rate(e->v, e->lo, e->hi, e->lower, e->thr);
        g_string_truncate(g, 0);
        describe(g, e, r);
        pv_csvw_str(&w, pv_vtable_str(th, e->theme, TH_ID));
        pv_csvw_str(&w, source_name[e->source]);
        pv_csvw_str(&w, e->indicator);
        pv_csvw_str(&w, e->label);
        e->n >= 0 ? pv_csvw_int(&w, e->n) : pv_csvw_str(&w, NULL);
        pv_csvw_num(&w, e->v, 6);
        pv_csvw_num(&w, e->lo, 6);
        pv_csvw_num(&w, e->hi, 6);
        pv_csvw_str(&w, e->unit);
        pv_csvw_str(&w, e->lower ? "lower" : "higher");
        pv_csvw_sig(&w, e->thr, 6);
        pv_csvw_str(&w, rating_name[r]);
        pv_csvw_str(&w, g->str);
        pv_csvw_end(&w);
    }
    g_string_free(g, TRUE);
    return pv_csvw_close(&w);
}

/* Explanation of theme t: each source's rating and its evidence, then the
 * rule. */
static void explain(GString *g, const cvctx *x, size_t t, const int *src, const char *rule)
{
    for (int s = 0; s < NSRC; s++) {
        g_string_append_printf(g, "%s%s: %s", s ? "; " : "", source_name[s],
                               rating_name[src[t * NSRC + (size_t)s]]);
        int first = 1;
        for (size_t i = 0; i < x->ne; i++) {
            const evid *e = &x->e[i];
            if (e->theme != t || e->source != s)
                continue;
            g_string_append(g, first ? " (" : ", ");
            describe(g, e, rate(e->v, e->lo, e->hi, e->lower, e->thr));
            first = 0;
        }
        if (!first)
            g_string_append_c(g, ')');
    }
    g_string_append_printf(g, ". Rule: %s.", rule);
}

static int write_themes(cvctx *x, const int *src, const int *cat, const char **rules,
                        const double *kept, const int *cat_lo, const int *cat_hi)
{
    const pv_vtable *th = &x->cv.t[PV_CV_THEMES];
    size_t nt = th->n;
    char path[4096];
    pv_csvw w, p;
    GString *g = g_string_new(NULL);
    snprintf(path, sizeof path, "%s/convergence_themes.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "theme_id", "label_fr", "label_en", "question_fr", "question_en",
                "participation", "questionnaire", "qualitative", "category", "stability_bootstrap",
                "category_threshold_low", "category_threshold_high", "stability_threshold",
                "explanation", NULL);
    snprintf(path, sizeof path, "%s/convergence_pairs.csv", x->out);
    pv_csvw_open(&p, path, x->err);
    pv_csvw_row(&p, "theme_id", "source_a", "source_b", "rating_a", "rating_b", "coding", NULL);
    for (size_t t = 0; t < nt; t++) {
        g_string_truncate(g, 0);
        explain(g, x, t, src, rules[t]);
        for (int c = 0; c < TH_Q_EN + 1; c++)
            pv_csvw_str(&w, pv_vtable_str(th, t, (size_t)c));
        for (int s = 0; s < NSRC; s++)
            pv_csvw_str(&w, rating_name[src[t * NSRC + (size_t)s]]);
        pv_csvw_str(&w, category_name[cat[t]]);
        pv_csvw_num(&w, kept[t], 3);
        pv_csvw_str(&w, category_name[cat_lo[t]]);
        pv_csvw_str(&w, category_name[cat_hi[t]]);
        pv_csvw_num(&w, ((cat_lo[t] == cat[t]) + (cat_hi[t] == cat[t])) / 2.0, 1);
        pv_csvw_str(&w, g->str);
        pv_csvw_end(&w);
        for (int a = 0; a < NSRC; a++)
            for (int b = a + 1; b < NSRC; b++) {
                int pair[2] = {src[t * NSRC + (size_t)a], src[t * NSRC + (size_t)b]};
                const char *rule;
                pv_csvw_str(&p, pv_vtable_str(th, t, TH_ID));
                pv_csvw_str(&p, source_name[a]);
                pv_csvw_str(&p, source_name[b]);
                pv_csvw_str(&p, rating_name[pair[0]]);
                pv_csvw_str(&p, rating_name[pair[1]]);
                pv_csvw_str(&p, category_name[code_convergence(pair, 2, &rule)]);
                pv_csvw_end(&p);
            }
    }
    g_string_free(g, TRUE);
    int a = pv_csvw_close(&w), b = pv_csvw_close(&p);
    return a ? a : b;
}

/* The first quote of a code, "text", and its source "speaker, group". */
static void quote_of(const cvctx *x, const char *code, const char **text, GString *from)
{
    const pv_table *q = &x->quotes;
    int cc = pv_table_col(q, "code"), ct = pv_table_col(q, "text"), cs = pv_table_col(q, "speaker"),
        cg = pv_table_col(q, "group"), cx = pv_table_col(q, "session_id");
    *text = "";
    for (size_t r = 0; cc >= 0 && ct >= 0 && r < q->n_rows; r++)
        if (strcmp(pv_table_get(q, r, (size_t)cc), code) == 0) {
            *text = pv_table_get(q, r, (size_t)ct);
            g_string_printf(from, "%s, %s, %s", pv_table_get(q, r, (size_t)cs),
                            pv_table_get(q, r, (size_t)cg), pv_table_get(q, r, (size_t)cx));
            return;
        }
}

/* Joint display: per theme, the quantitative and qualitative evidence side
 * by side, an exemplar quote and the convergence category. */
static int write_joint(cvctx *x, const int *cat)
{
    const pv_vtable *th = &x->cv.t[PV_CV_THEMES];
    char path[4096];
    pv_csvw w;
    GString *quant = g_string_new(NULL), *qual = g_string_new(NULL), *from = g_string_new(NULL);
    snprintf(path, sizeof path, "%s/joint_display.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "theme_id", "label_fr", "label_en", "quantitative", "qualitative", "quote",
                "quote_source", "category", NULL);
    for (size_t t = 0; t < th->n; t++) {
        const char *quote = "";
        g_string_truncate(quant, 0);
        g_string_truncate(qual, 0);
        g_string_truncate(from, 0);
        for (size_t i = 0; i < x->ne; i++) {
            const evid *e = &x->e[i];
            if (e->theme != t)
                continue;
            GString *g = e->source == SRC_QUALITATIVE ? qual : quant;
            if (g->len)
                g_string_append(g, "; ");
            g_string_append_printf(g, "%s", *e->label ? e->label : e->indicator);
            if (!isnan(e->v))
                g_string_append_printf(g, ": %.2f", e->v);
            if (!isnan(e->lo) && !isnan(e->hi))
                g_string_append_printf(g, " [%.2f, %.2f]", e->lo, e->hi);
            g_string_append_printf(g, " (%s)", rating_name[rate(e->v, e->lo, e->hi, e->lower, e->thr)]);
            if (!*quote && *e->quote_code)
                quote_of(x, e->quote_code, &quote, from);
        }
        pv_csvw_str(&w, pv_vtable_str(th, t, TH_ID));
        pv_csvw_str(&w, pv_vtable_str(th, t, TH_LABEL_FR));
        pv_csvw_str(&w, pv_vtable_str(th, t, TH_LABEL_EN));
        pv_csvw_str(&w, quant->str);
        pv_csvw_str(&w, qual->str);
        pv_csvw_str(&w, quote);
        pv_csvw_str(&w, from->str);
        pv_csvw_str(&w, category_name[cat[t]]);
        pv_csvw_end(&w);
    }
    g_string_free(quant, TRUE);
    g_string_free(qual, TRUE);
    g_string_free(from, TRUE);
    return pv_csvw_close(&w);
}

/* Themes per convergence category (a count table for a figure). */
static int write_summary(cvctx *x, const int *cat)
{
    static const char *const fr[] = {"Accord", "Accord partiel", "Silence", "Dissonance"};
    static const char *const en[] = {"Agreement", "Partial agreement", "Silence", "Dissonance"};
    size_t nt = x->cv.t[PV_CV_THEMES].n;
    long n[4] = {0, 0, 0, 0};
    char path[4096];
    pv_csvw w;
    for (size_t t = 0; t < nt; t++)
        n[cat[t]]++;
    snprintf(path, sizeof path, "%s/convergence_summary.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "category", "label_fr", "label_en", "themes", NULL);
    for (int c = 0; c < 4; c++) {
        pv_csvw_str(&w, category_name[c]);
        pv_csvw_str(&w, fr[c]);
        pv_csvw_str(&w, en[c]);
        pv_csvw_int(&w, n[c]);
        pv_csvw_end(&w);
    }
    pv_csvw_str(&w, "total");
    pv_csvw_str(&w, "");
    pv_csvw_str(&w, "");
    pv_csvw_int(&w, (long long)nt);
    pv_csvw_end(&w);
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                        */
/* ------------------------------------------------------------------ */

static void write_empty(const char *out, const char *file, const char *header, pv_err *err)
{
    char path[4096], *h = g_strdup(header), **names = g_strsplit(h, ",", -1);
    pv_csvw w;
    snprintf(path, sizeof path, "%s/%s", out, file);
    pv_csvw_open(&w, path, err);
    for (char **n = names; *n; n++)
        pv_csvw_str(&w, *n);
    pv_csvw_end(&w);
    pv_csvw_close(&w);
    g_strfreev(names);
    g_free(h);
}

int pv_convergence_run(const char *in, const char *out, pv_err *err)
{
    cvctx x;
    pv_rejects rej = {0};
    memset(&x, 0, sizeof x);
    x.in = in;
    x.out = out;
    x.err = err;
    if (load(&x, &rej) == 0 && x.cv.present) {
        size_t nt = x.cv.t[PV_CV_THEMES].n;
        int *src = calloc(nt * NSRC + 1, sizeof *src), *cat = calloc(nt + 1, sizeof *cat),
            *lo = calloc(nt + 1, sizeof *lo), *hi = calloc(nt + 1, sizeof *hi);
        const char **rules = calloc(nt + 1, sizeof *rules);
        double *kept = calloc(nt + 1, sizeof *kept);
        if (src && cat && lo && hi && rules && kept) {
            classify(&x, 0, NULL, NULL, NULL, src, cat, rules);
            classify(&x, -1, NULL, NULL, NULL, NULL, lo, NULL);
            classify(&x, +1, NULL, NULL, NULL, NULL, hi, NULL);
            if (!load_replicates(&x))
                bootstrap(&x, cat, kept);
            write_evidence(&x);
            write_themes(&x, src, cat, rules, kept, lo, hi);
            write_joint(&x, cat);
            write_summary(&x, cat);
        } else {
            pv_err_set(err, PV_EXIT_IO, "out of memory");
        }
        free(src), free(cat), free(lo), free(hi), free(rules), free(kept);
    } else if (!err->status) { /* no themes: the tables, empty */
        write_empty(out, "convergence_evidence.csv", "theme_id,source,indicator,label,n,value,ci_low,ci_high,unit,direction,threshold,rating,reason", err);
        write_empty(out, "convergence_themes.csv", "theme_id,label_fr,label_en,question_fr,question_en,participation,questionnaire,qualitative,category,stability_bootstrap,category_threshold_low,category_threshold_high,stability_threshold,explanation", err);
        write_empty(out, "convergence_pairs.csv", "theme_id,source_a,source_b,rating_a,rating_b,coding", err);
        write_empty(out, "convergence_summary.csv", "category,label_fr,label_en,themes", err);
        write_empty(out, "joint_display.csv", "theme_id,label_fr,label_en,quantitative,qualitative,quote,quote_source,category", err);
    }
    for (int s = 0; s < NSRC; s++)
        pv_table_free(&x.ind[s]);
    pv_table_free(&x.quotes);
    free(x.e);
    free(x.rv), free(x.rlo), free(x.rhi), free(x.has_rep);
    pv_convdata_free(&x.cv);
    pv_codes_free(&x.d.codes);
    pv_config_free(&x.d.cfg);
    pv_rejects_free(&rej);
    return err->status;
}
