/* convergence.c — evidence ratings, convergence coding, stability and the
 * joint display (see convergence.h).  Workload: tens of themes, a few
 * hundred indicators, a thousand replicates. */
#include "convergence.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvout.h"
#include "indicators.h"
#include "messages.h"
#include "fmt.h"
#include "qualitative.h"
#include "replicates.h"
#include "value.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ */
/* Inputs                                                             */
/* ------------------------------------------------------------------ */

const char *const pv_cv_files[PV_CV_NTABLES] = {[PV_CV_THEMES] = "themes.csv",
                                                [PV_CV_MAP] = "triangulation.csv"};

#define SOURCES "participation|questionnaire|qualitative"
#define NSRC PV_CV_NSRC
const char *const pv_cv_source[PV_CV_NSRC] = {"participation", "questionnaire", "qualitative"};

static const pv_colspec themes_cols[TH_NCOLS] = {
    [TH_ID] = {"theme_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    /* a dataset in one language has one of each pair (pv_label_check) */
    [TH_LABEL_FR] = {"label_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [TH_LABEL_EN] = {"label_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [TH_Q_FR] = {"question_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [TH_Q_EN] = {"question_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
};

/* A theme's text in column c (a _fr or _en column), or when the dataset
 * gives none there (a dataset in one language), the other language's. */
static const char *theme_str(const pv_vtable *th, size_t t, int c)
{
    static const int other[TH_NCOLS] = {[TH_ID] = TH_ID, [TH_LABEL_FR] = TH_LABEL_EN,
                                        [TH_LABEL_EN] = TH_LABEL_FR, [TH_Q_FR] = TH_Q_EN,
                                        [TH_Q_EN] = TH_Q_FR};
    return pv_label_get(th, t, c, other[c]);
}

static const pv_colspec map_cols[TM_NCOLS] = {
    [TM_THEME] = {"theme_id", PV_COL_REF, "themes", 0, 0, 0, NULL},
    [TM_SOURCE] = {"source", PV_COL_ENUM, SOURCES, 0, 0, 0, NULL},
    [TM_INDICATOR] = {"indicator", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [TM_DIRECTION] = {"direction", PV_COL_ENUM, "higher|lower", 0, 0, 0, NULL},
    [TM_THRESHOLD] = {"threshold", PV_COL_DEC, NULL, -1000000000, 1000000000, 0, NULL},
    [TM_MARGIN] = {"margin", PV_COL_DEC, NULL, 0, 1000000000, 0, NULL},
    [TM_QUOTE] = {"quote_code", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
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
    snprintf(path, sizeof path, "%s/%s", dir, pv_cv_files[PV_CV_THEMES]);
    if (stat(path, &sb) != 0)
        return 0;
    c->present = 1;
    ctx = pv_dataset_vctx(d);
    tabs[0] = &c->t[PV_CV_THEMES];
    ctx.tables = tabs;
    if ((st = pv_vtable_load(&c->t[PV_CV_THEMES], "themes", themes_cols, PV_NCOLS(themes_cols),
                             path, path, &ctx, rej, err)))
        return st;
    pv_label_check(&c->t[PV_CV_THEMES], TH_LABEL_FR, TH_LABEL_EN,
                   "no label: label_fr or label_en (one language at least)", rej);
    pv_label_check(&c->t[PV_CV_THEMES], TH_Q_FR, TH_Q_EN,
                   "no question: question_fr or question_en (one language at least)", rej);
    ctx.ntables = 1;
    snprintf(path, sizeof path, "%s/%s", dir, pv_cv_files[PV_CV_MAP]);
    if ((st = pv_vtable_load(&c->t[PV_CV_MAP], "triangulation", map_cols, PV_NCOLS(map_cols),
                             path, path, &ctx, rej, err)))
        return st;
    int key[] = {TM_THEME, TM_SOURCE, TM_INDICATOR};
    pv_vtable_unique(&c->t[PV_CV_MAP], key, PV_NCOLS(key), "the same indicator twice for a theme", rej);
    return 0;
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
/* The rules                                                          */
/* ------------------------------------------------------------------ */

const char *const pv_cv_rating[PV_RATE_N] = {"silent", "supports", "partly_supports",
                                             "contradicts"};
const char *const pv_cv_category[PV_CAT_N] = {"agreement", "partial_agreement", "silence",
                                              "dissonance"};
/* The rules in words: keys of data/messages.csv (French and English). */
const char *const pv_cv_rule_key[PV_RULE_N] = {
    "rule.silence", "rule.dissonance", "rule.agreement_supports", "rule.agreement_contradicts",
    "rule.partial_agreement"};

int pv_cv_rate(double v, double lo, double hi, int lower, double thr)
{
    if (isnan(v))
        return PV_RATE_SILENT;
    if (isnan(lo) || isnan(hi))
        lo = hi = v;
    if (lower) { /* mirror: a low value supports */
        double t = -lo;
        lo = -hi, hi = t, thr = -thr;
    }
    return lo > thr ? PV_RATE_SUPPORTS : hi < thr ? PV_RATE_CONTRADICTS : PV_RATE_PARTLY;
}

double pv_cv_threshold(const pv_cv_evidence *e, int shift)
{
    return e->thr + shift * e->margin * (e->lower ? -1 : 1);
}

/* Silent when none speaks, supports or contradicts when all that speak
 * agree, otherwise partly supports. */
int pv_cv_combine(const int *r, size_t n)
{
    int seen[PV_RATE_N] = {0}, speak = 0;
    for (size_t i = 0; i < n; i++)
        seen[r[i]]++, speak += r[i] != PV_RATE_SILENT;
    if (!speak)
        return PV_RATE_SILENT;
    if (seen[PV_RATE_SUPPORTS] == speak)
        return PV_RATE_SUPPORTS;
    if (seen[PV_RATE_CONTRADICTS] == speak)
        return PV_RATE_CONTRADICTS;
    return PV_RATE_PARTLY;
}

/* Farmer et al. 2006, in this order: silence when fewer than two sources
 * speak; dissonance when one supports and another contradicts; agreement
 * when all that speak give the same full rating; partial agreement
 * otherwise. */
int pv_cv_code(const int *r, size_t n, int *rule)
{
    int seen[PV_RATE_N] = {0}, speak = 0;
    for (size_t i = 0; i < n; i++)
        seen[r[i]]++, speak += r[i] != PV_RATE_SILENT;
    if (speak < 2)
        return *rule = PV_RULE_SILENCE, PV_CAT_SILENCE;
    if (seen[PV_RATE_SUPPORTS] && seen[PV_RATE_CONTRADICTS])
        return *rule = PV_RULE_DISSONANCE, PV_CAT_DISSONANCE;
    if (seen[PV_RATE_SUPPORTS] == speak)
        return *rule = PV_RULE_AGREE_SUPPORT, PV_CAT_AGREEMENT;
    if (seen[PV_RATE_CONTRADICTS] == speak)
        return *rule = PV_RULE_AGREE_CONTRADICT, PV_CAT_AGREEMENT;
    return *rule = PV_RULE_PARTIAL, PV_CAT_PARTIAL;
}

int pv_cv_classify(const pv_cv_evidence *e, size_t ne, size_t t, int shift, const double *v,
                   const double *lo, const double *hi, int *src, int *rule)
{
    int per[NSRC], dummy;
    for (int s = 0; s < NSRC; s++) {
        /* pv_cv_combine depends only on which ratings occur: one of each */
        int has[PV_RATE_N] = {0}, r[PV_RATE_N], k = 0;
        for (size_t i = 0; i < ne; i++)
            if (e[i].theme == t && e[i].source == s)
                has[pv_cv_rate(v ? v[i] : e[i].v, lo ? lo[i] : e[i].lo, hi ? hi[i] : e[i].hi,
                               e[i].lower, pv_cv_threshold(&e[i], shift))] = 1;
        for (int q = 0; q < PV_RATE_N; q++)
            if (has[q])
                r[k++] = q;
        per[s] = pv_cv_combine(r, (size_t)k);
        if (src)
            src[s] = per[s];
    }
    return pv_cv_code(per, NSRC, rule ? rule : &dummy);
}

double pv_cv_threshold_stability(int cat, int cat_low, int cat_high)
{
    return ((cat_low == cat) + (cat_high == cat)) / 2.0;
}

double pv_cv_bootstrap_share(const pv_cv_evidence *e, size_t ne, size_t t, long nrep,
                             const double *rv, const double *rlo, const double *rhi, int base)
{
    long same = 0;
    if (nrep <= 0)
        return NAN;
    for (long b = 0; b < nrep; b++) {
        size_t at = (size_t)b * ne;
        same += pv_cv_classify(e, ne, t, 0, rv + at, rlo + at, rhi + at, NULL, NULL) == base;
    }
    return (double)same / (double)nrep;
}

/* ------------------------------------------------------------------ */
/* The first level's files, by header name                            */
/* ------------------------------------------------------------------ */

typedef pv_cv_evidence evid;

/* The columns of the level-1 files come from their writers' tables:
 * pv_indicator_cols (indicators.h), pv_replicate_cols (replicates.h),
 * pv_quote_cols (qualitative.h), read by name with their positions. */
#define L1_MAXCOLS 16
_Static_assert(PV_IND_NCOLS <= L1_MAXCOLS && PV_REP_NCOLS <= L1_MAXCOLS &&
               PV_QQ_NCOLS <= L1_MAXCOLS, "l1file.col is too small for a level-1 table");

/* A first-level file read by header name: col[k] is the column of the
 * k-th name asked for. */
typedef struct {
    pv_table t;
    int col[L1_MAXCOLS];
    GHashTable *row;       /* indicator tables: id -> row + 1 */
} l1file;

static const char *l1get(const l1file *f, size_t r, int k)
{
    return pv_table_get(&f->t, r, (size_t)f->col[k]);
}

/* Read path; every name of names[0..n) must be a column. */
static int l1read(l1file *f, const char *path, const char *const *names, int n, pv_err *err)
{
    pv_rejects rej = {0};
    int st = pv_table_read(&f->t, path, path, NULL, &rej, err);
    if (!st && rej.n)
        st = pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: %s ('%s')", rej.v[0].file, rej.v[0].line,
                        rej.v[0].column, rej.v[0].reason, rej.v[0].value);
    pv_rejects_free(&rej);
    for (int k = 0; k < n && !st; k++)
        if ((f->col[k] = pv_table_col(&f->t, names[k])) < 0)
            st = pv_err_set(err, PV_EXIT_DATA, "%s:1:0: missing required column ('%s')", path,
                            names[k]);
    return st;
}

static void l1free(l1file *f)
{
    pv_table_free(&f->t);
    if (f->row)
        g_hash_table_destroy(f->row);
    memset(f, 0, sizeof *f);
}

/* A number field as pv_csvw_num writes it, exponent form included (empty:
 * NAN); *bad = 1 when it is not a number. */
static double number(const char *s, int *bad)
{
    double v = NAN;
    if (*s && pv_csvw_parse_num(s, &v))
        *bad = 1;
    return v;
}

static int bad_cell(const l1file *f, size_t r, int k, const char *what, pv_err *err)
{
    return pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: %s: %s ('%s')", f->t.name, f->t.line[r],
                      f->col[k] + 1, f->t.cols[f->col[k]], what, l1get(f, r, k));
}

/* The indicator table of source s: its rows must name s, ids are unique,
 * n is a count and value, ci_low, ci_high are numbers. */
static int read_indicators(l1file *f, const char *path, int s, pv_err *err)
{
    int st = l1read(f, path, pv_indicator_cols, PV_IND_NCOLS, err);
    if (st)
        return st;
    f->row = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t r = 0; r < f->t.n_rows; r++) {
        int64_t n;
        int bad = 0;
        if (strcmp(l1get(f, r, PV_IND_SOURCE), pv_cv_source[s]) != 0)
            return bad_cell(f, r, PV_IND_SOURCE, "not this file's source", err);
        if (!g_hash_table_insert(f->row, (gpointer)l1get(f, r, PV_IND_INDICATOR),
                                 GSIZE_TO_POINTER(r + 1)))
            return bad_cell(f, r, PV_IND_INDICATOR, "the same indicator twice", err);
        if (*l1get(f, r, PV_IND_N) && (pv_parse_int(l1get(f, r, PV_IND_N), &n) || n < 0))
            return bad_cell(f, r, PV_IND_N, "not a count", err);
        for (int k = PV_IND_VALUE; k <= PV_IND_CI_HIGH; k++)
            if (number(l1get(f, r, k), &bad), bad)
                return bad_cell(f, r, k, "not a number", err);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Loading                                                            */
/* ------------------------------------------------------------------ */

typedef struct {
    pv_dataset d;
    pv_convdata cv;
    pv_messages msg;
    l1file ind[NSRC];          /* indicator tables (t.n_cols 0: absent) */
    l1file quotes;
    size_t ne;
    evid *e;
    long nrep;                 /* replicates read from the sources */
    double *rv, *rlo, *rhi;    /* nrep x ne replicate values, or NULL */
    const char *in, *out;
    pv_err *err;
} cvctx;

int pv_cv_has_data(const char *in, int s)
{
    char path[4096];
    pv_table t;
    pv_rejects rej = {0};
    pv_err err = {0};
    snprintf(path, sizeof path, "%s/level1/indicators_%s.csv", in, pv_cv_source[s]);
    int has = pv_table_read(&t, path, path, NULL, &rej, &err) == 0 && t.n_rows > 0;
    pv_table_free(&t);
    pv_rejects_free(&rej);
    return has;
}

size_t pv_cv_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    size_t *row = pv_xnmalloc(nb + 1, sizeof *row); /* one row of the DP table */
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0]; /* d[i-1][j-1] */
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    size_t d = row[nb];
    free(row);
    return d;
}

#define N_SUGGEST 3

/* "'a', 'b' or 'c'": the N_SUGGEST ids of f nearest to id (ties: table order). */
static void suggest(GString *g, const l1file *f, const char *id)
{
    size_t best[N_SUGGEST], dist[N_SUGGEST], n = 0;
    for (size_t r = 0; r < f->t.n_rows; r++) {
        size_t d = pv_cv_distance(id, l1get(f, r, PV_IND_INDICATOR)), k = n;
        while (k > 0 && dist[k - 1] > d) /* insertion: a stable top N */
            k--;
        if (k == N_SUGGEST)
            continue;
        if (n < N_SUGGEST)
            n++;
        memmove(best + k + 1, best + k, (n - 1 - k) * sizeof *best);
        memmove(dist + k + 1, dist + k, (n - 1 - k) * sizeof *dist);
        best[k] = r, dist[k] = d;
    }
    for (size_t k = 0; k < n; k++)
        g_string_append_printf(g, "%s'%s'", k == 0 ? "" : k + 1 == n ? " or " : ", ",
                               l1get(f, best[k], PV_IND_INDICATOR));
}

/* A map row naming an indicator its (present) source does not have: a typo
 * or a stale id, never a silent "silence".  Printed, in file order. */
static void unknown_indicator(cvctx *x, size_t i, const evid *e)
{
    const pv_vtable *m = &x->cv.t[PV_CV_MAP];
    const l1file *f = &x->ind[e->source];
    GString *g = g_string_new(NULL);
    g_string_printf(g, "%s:%ld:%d: indicator: not an indicator of %s ('%s'); closest: ",
                    m->raw.name, m->raw.line[m->src[i]], m->map[TM_INDICATOR] + 1, f->t.name,
                    e->indicator);
    suggest(g, f, e->indicator);
    for (int s = 0; s < NSRC; s++)
        if (s != e->source && x->ind[s].row && g_hash_table_lookup(x->ind[s].row, e->indicator))
            g_string_append_printf(g, " (it is an indicator of %s: see the source column)",
                                   pv_cv_source[s]);
    pv_warn("%s", g->str);
    g_string_free(g, TRUE);
}

/* The map's rows with their indicators' values.  A source without data
 * (no indicator table, or an empty one) is silent on its rows, said in one
 * line; an id its source does not have is an error (with the closest ids). */
static int bind_evidence(cvctx *x)
{
    const pv_vtable *m = &x->cv.t[PV_CV_MAP];
    size_t absent_rows[NSRC] = {0}, unknown = 0;
    x->ne = m->n;
    x->e = pv_xcalloc(x->ne + 1, sizeof *x->e);
    for (size_t i = 0; i < x->ne; i++) {
        evid *e = &x->e[i];
        int bad = 0;
        e->theme = (size_t)pv_vtable_val(m, i, TM_THEME).i;
        e->source = (int)pv_vtable_val(m, i, TM_SOURCE).i;
        e->indicator = pv_vtable_str(m, i, TM_INDICATOR);
        e->lower = pv_vtable_val(m, i, TM_DIRECTION).i == 1;
        e->thr = pv_vtable_val(m, i, TM_THRESHOLD).d;
        e->margin = pv_vtable_val(m, i, TM_MARGIN).d;
        e->quote_code = pv_vtable_str(m, i, TM_QUOTE);
        e->v = e->lo = e->hi = NAN;
        e->n = e->row = -1;
        e->label = e->unit = "";
        const l1file *f = &x->ind[e->source];
        if (!f->row || f->t.n_rows == 0) {
            e->absent = 1;
            absent_rows[e->source]++;
            continue;
        }
        gpointer p = g_hash_table_lookup(f->row, e->indicator);
        if (!p) {
            unknown_indicator(x, i, e);
            unknown++;
            continue;
        }
        size_t r = GPOINTER_TO_SIZE(p) - 1;
        e->found = 1;
        e->row = (long)r;
        e->label = l1get(f, r, PV_IND_LABEL);
        e->unit = l1get(f, r, PV_IND_UNIT);
        e->n = *l1get(f, r, PV_IND_N) ? strtol(l1get(f, r, PV_IND_N), NULL, 10) : -1;
        e->v = number(l1get(f, r, PV_IND_VALUE), &bad); /* checked by read_indicators */
        e->lo = number(l1get(f, r, PV_IND_CI_LOW), &bad);
        e->hi = number(l1get(f, r, PV_IND_CI_HIGH), &bad);
    }
    if (unknown)
        return pv_err_set(x->err, PV_EXIT_DATA, "%s: %zu indicator id%s above %s not in %s "
                          "source's indicator table: correct the id%s (or the source), or "
                          "remove the row%s", m->raw.name, unknown, unknown == 1 ? "" : "s",
                          unknown == 1 ? "is" : "are", unknown == 1 ? "its" : "their",
                          unknown == 1 ? "" : "s", unknown == 1 ? "" : "s");
    GString *g = g_string_new(NULL);
    size_t rows = 0;
    for (int s = 0; s < NSRC; s++)
        if (absent_rows[s]) {
            g_string_append_printf(g, "%s%s (%zu)", rows ? ", " : "", pv_cv_source[s],
                                   absent_rows[s]);
            rows += absent_rows[s];
        }
    if (rows)
        pv_warn("no data from %s in %s/level1 (no indicators_<source>.csv, or an empty one): "
                "their %zu row%s of triangulation.csv rated silent; skipped", g->str, x->in,
                rows, rows == 1 ? "" : "s");
    g_string_free(g, TRUE);
    return 0;
}

static int load(cvctx *x, const char *messages, pv_rejects *rej)
{
    static const char *const need[] = {
        "category.agreement", "category.partial_agreement", "category.silence",
        "category.dissonance", "rating.supports", "rating.partly_supports", "rating.contradicts",
        "rating.silent", "source.participation", "source.questionnaire", "source.qualitative",
        "rule.silence", "rule.dissonance", "rule.agreement_supports", "rule.agreement_contradicts",
        "rule.partial_agreement", "explain.source", "explain.separator", "explain.not_found",
        "explain.no_source", "explain.not_published", "explain.evidence_higher", "explain.evidence_lower",
        "explain.rule"};
    char path[4096];
    pv_vctx ctx = {0};
    struct stat sb;
    int st;
    if ((st = pv_messages_load(&x->msg, messages, need, PV_NCOLS(need), x->err)))
        return st;
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
        snprintf(path, sizeof path, "%s/level1/indicators_%s.csv", x->in, pv_cv_source[s]);
        if (stat(path, &sb) == 0 && (st = read_indicators(&x->ind[s], path, s, x->err)))
            return st;
    }
    snprintf(path, sizeof path, "%s/level1/qualitative_quotes.csv", x->in);
    if (stat(path, &sb) == 0 && (st = l1read(&x->quotes, path, pv_quote_cols, PV_QQ_NCOLS,
                                                  x->err)))
        return st;
    return bind_evidence(x);
}

/* ------------------------------------------------------------------ */
/* Bootstrap replicates                                               */
/* ------------------------------------------------------------------ */

/* The replicates of source s (indicators_<source>_replicates.csv, written
 * with its table): every row names an indicator of the table and a
 * replicate 1..nrep, and every (replicate, indicator) has exactly one row.
 * The values of the evidence rows go to x->rv/rlo/rhi. */
static int read_replicates(cvctx *x, int s, const long *first, const long *next)
{
    const l1file *ind = &x->ind[s];
    size_t ni = ind->t.n_rows, ne = x->ne;
    long nrep = x->nrep;
    char path[4096];
    l1file f = {0};
    unsigned char *seen = NULL;
    int st;
    snprintf(path, sizeof path, "%s/level1/indicators_%s_replicates.csv", x->in, pv_cv_source[s]);
    if ((st = l1read(&f, path, pv_replicate_cols, PV_REP_NCOLS, x->err)))
        goto out;
    seen = pv_xcalloc(pv_xmul((size_t)nrep, ni) + 1, 1);
    for (size_t r = 0; r < f.t.n_rows; r++) {
        int64_t b;
        int bad = 0;
        gpointer p = g_hash_table_lookup(ind->row, l1get(&f, r, PV_REP_INDICATOR));
        if (pv_parse_int(l1get(&f, r, PV_REP_REPLICATE), &b) || b < 1 || b > nrep) {
            st = bad_cell(&f, r, PV_REP_REPLICATE, "not a replicate number of stability_replicates",
                          x->err);
            goto out;
        }
        if (!p) {
            char why[4200];
            snprintf(why, sizeof why, "not an indicator of %s", ind->t.name);
            st = bad_cell(&f, r, PV_REP_INDICATOR, why, x->err);
            goto out;
        }
        size_t i = GPOINTER_TO_SIZE(p) - 1, at = (size_t)(b - 1) * ni + i;
        if (seen[at]) {
            st = bad_cell(&f, r, PV_REP_INDICATOR, "a second row for this replicate", x->err);
            goto out;
        }
        seen[at] = 1;
        double v = number(l1get(&f, r, PV_REP_VALUE), &bad),
               lo = number(l1get(&f, r, PV_REP_CI_LOW), &bad),
               hi = number(l1get(&f, r, PV_REP_CI_HIGH), &bad);
        if (bad) {
            for (int k = PV_REP_VALUE; k <= PV_REP_CI_HIGH; k++)
                if (bad = 0, number(l1get(&f, r, k), &bad), bad)
                    st = bad_cell(&f, r, k, "not a number", x->err);
            goto out;
        }
        for (long j = first[i]; j >= 0; j = next[j]) { /* the evidence rows naming it */
            size_t a = (size_t)(b - 1) * ne + (size_t)j;
            x->rv[a] = v, x->rlo[a] = lo, x->rhi[a] = hi;
        }
    }
    for (size_t i = 0; i < ni; i++) /* the reverse: every indicator, every replicate */
        for (long b = 0; b < nrep; b++)
            if (!seen[(size_t)b * ni + i]) {
                char why[4200];
                snprintf(why, sizeof why, "no row for replicate %ld in %s", b + 1, path);
                st = bad_cell(ind, i, PV_IND_INDICATOR, why, x->err);
                goto out;
            }
out:
    free(seen);
    l1free(&f);
    return st;
}

/* Replicates of every source that wrote an indicator table, when the
 * dataset asks for them (stability_replicates > 0). */
static int load_replicates(cvctx *x)
{
    long nrep = x->d.cfg.replicates;
    size_t n = pv_xmul((size_t)(nrep > 0 ? nrep : 0), x->ne);
    int st = 0;
    if (nrep <= 0)
        return 0;
    x->nrep = nrep;
    x->rv = pv_xnmalloc(n + 1, sizeof *x->rv);
    x->rlo = pv_xnmalloc(n + 1, sizeof *x->rlo);
    x->rhi = pv_xnmalloc(n + 1, sizeof *x->rhi);
    for (size_t i = 0; i < n; i++)
        x->rv[i] = x->rlo[i] = x->rhi[i] = NAN; /* evidence not found: silent */
    for (int s = 0; s < NSRC && !st; s++) {
        size_t ni = x->ind[s].t.n_rows;
        if (!x->ind[s].row)
            continue; /* no indicator table: the source is silent */
        /* evidence rows by indicator row: first[i], then next[j] */
        long *first = pv_xnmalloc(ni + 1, sizeof *first), *next = pv_xnmalloc(x->ne + 1, sizeof *next);
        for (size_t i = 0; i < ni; i++)
            first[i] = -1;
        for (size_t j = x->ne; j-- > 0;)
            if (x->e[j].source == s && x->e[j].row >= 0)
                next[j] = first[x->e[j].row], first[x->e[j].row] = (long)j;
        st = read_replicates(x, s, first, next);
        free(first), free(next);
    }
    return st;
}

/* ------------------------------------------------------------------ */
/* Outputs                                                            */
/* ------------------------------------------------------------------ */

/* Append the text of key in lang with its {name} fields filled. */
static void say(GString *g, const cvctx *x, const char *key, pv_lang lang, ...)
    G_GNUC_NULL_TERMINATED;
static void say(GString *g, const cvctx *x, const char *key, pv_lang lang, ...)
{
    va_list ap;
    const char *name[8], *value[8];
    int n = 0;
    va_start(ap, lang);
    for (const char *k; n < 8 && (k = va_arg(ap, const char *));) {
        name[n] = k;
        value[n++] = va_arg(ap, const char *);
    }
    va_end(ap);
    GString *t = g_string_new(pv_msg(&x->msg, key, lang));
    for (int i = 0; i < n; i++) {
        char field[64];
        snprintf(field, sizeof field, "{%s}", name[i]);
        g_string_replace(t, field, value[i], 0);
    }
    g_string_append(g, t->str);
    g_string_free(t, TRUE);
}

static const char *rating_key(int r)
{
    static const char *const keys[PV_RATE_N] = {
        [PV_RATE_SILENT] = "rating.silent", [PV_RATE_SUPPORTS] = "rating.supports",
        [PV_RATE_PARTLY] = "rating.partly_supports", [PV_RATE_CONTRADICTS] = "rating.contradicts"};
    return keys[r];
}

/* "families_isolated = 0,610 [0,597 ; 0,623], seuil 0,5 (plus élevé est
 * mieux) : soutient" — numbers as a reader of lang writes them. */
static void describe(GString *g, const cvctx *x, const evid *e, int r, pv_lang lang)
{
    char v[64], lo[64], hi[64], thr[64], val[256];
    if (e->absent) {
        say(g, x, "explain.no_source", lang, "indicator", e->indicator, NULL);
        return;
    }
    if (!e->found) {
        say(g, x, "explain.not_found", lang, "indicator", e->indicator, NULL);
        return;
    }
    if (isnan(e->v))
        snprintf(val, sizeof val, "%s", pv_msg(&x->msg, "explain.not_published", lang));
    else if (!isnan(e->lo) && !isnan(e->hi))
        snprintf(val, sizeof val, lang == PV_LANG_FR ? "%s [%s ; %s]" : "%s [%s, %s]",
                 pv_fmt_dec(v, sizeof v, e->v, 3, lang), pv_fmt_dec(lo, sizeof lo, e->lo, 3, lang),
                 pv_fmt_dec(hi, sizeof hi, e->hi, 3, lang));
    else
        snprintf(val, sizeof val, "%s", pv_fmt_dec(v, sizeof v, e->v, 3, lang));
    snprintf(thr, sizeof thr, "%g", e->thr);
    if (lang == PV_LANG_FR)
        for (char *p = thr; *p; p++)
            if (*p == '.')
                *p = ',';
    say(g, x, e->lower ? "explain.evidence_lower" : "explain.evidence_higher", lang,
        "indicator", e->indicator, "value", val, "threshold", thr, "rating",
        pv_msg(&x->msg, rating_key(r), lang), NULL);
}

/* ------------------------------------------------------------------ */
/* Output columns                                                     */
/* ------------------------------------------------------------------ */

const char *const pv_cv_themes_cols[PV_CT_NCOLS] = {
    [PV_CT_THEME] = "theme_id", [PV_CT_LABEL_FR] = "label_fr", [PV_CT_LABEL_EN] = "label_en",
    [PV_CT_QUESTION_FR] = "question_fr", [PV_CT_QUESTION_EN] = "question_en",
    [PV_CT_PARTICIPATION] = "participation", [PV_CT_QUESTIONNAIRE] = "questionnaire",
    [PV_CT_QUALITATIVE] = "qualitative", [PV_CT_CATEGORY] = "category",
    [PV_CT_STABILITY] = "stability_bootstrap", [PV_CT_THRESHOLD_LOW] = "category_threshold_low",
    [PV_CT_THRESHOLD_HIGH] = "category_threshold_high",
    [PV_CT_STABILITY_THRESHOLD] = "stability_threshold", [PV_CT_EXPLANATION_FR] = "explanation_fr",
    [PV_CT_EXPLANATION_EN] = "explanation_en"};
/* the themes' own columns, then one per source, as write_themes writes them */
_Static_assert((int)PV_CT_QUESTION_EN == (int)TH_Q_EN &&
               (int)PV_CT_PARTICIPATION == (int)TH_NCOLS &&
               (int)PV_CT_QUALITATIVE - PV_CT_PARTICIPATION + 1 == (int)PV_CV_NSRC,
               "convergence_themes.csv: the theme and source columns moved");

enum { EV_THEME, EV_SOURCE, EV_INDICATOR, EV_LABEL, EV_N, EV_VALUE, EV_CI_LOW, EV_CI_HIGH,
       EV_UNIT, EV_DIRECTION, EV_THRESHOLD, EV_RATING, EV_REASON_FR, EV_REASON_EN, EV_NCOLS };
static const char *const evidence_cols[EV_NCOLS] = {
    [EV_THEME] = "theme_id", [EV_SOURCE] = "source", [EV_INDICATOR] = "indicator",
    [EV_LABEL] = "label", [EV_N] = "n", [EV_VALUE] = "value", [EV_CI_LOW] = "ci_low",
    [EV_CI_HIGH] = "ci_high", [EV_UNIT] = "unit", [EV_DIRECTION] = "direction",
    [EV_THRESHOLD] = "threshold", [EV_RATING] = "rating", [EV_REASON_FR] = "reason_fr",
    [EV_REASON_EN] = "reason_en"};
enum { CP_THEME, CP_SOURCE_A, CP_SOURCE_B, CP_RATING_A, CP_RATING_B, CP_CODING, CP_NCOLS };
static const char *const pairs_cols[CP_NCOLS] = {
    [CP_THEME] = "theme_id", [CP_SOURCE_A] = "source_a", [CP_SOURCE_B] = "source_b",
    [CP_RATING_A] = "rating_a", [CP_RATING_B] = "rating_b", [CP_CODING] = "coding"};
enum { JD_THEME, JD_LABEL_FR, JD_LABEL_EN, JD_QUANTITATIVE, JD_QUALITATIVE, JD_QUOTE,
       JD_QUOTE_SOURCE, JD_CATEGORY, JD_NCOLS };
static const char *const joint_cols[JD_NCOLS] = {
    [JD_THEME] = "theme_id", [JD_LABEL_FR] = "label_fr", [JD_LABEL_EN] = "label_en",
    [JD_QUANTITATIVE] = "quantitative", [JD_QUALITATIVE] = "qualitative", [JD_QUOTE] = "quote",
    [JD_QUOTE_SOURCE] = "quote_source", [JD_CATEGORY] = "category"};
enum { CS_CATEGORY, CS_LABEL_FR, CS_LABEL_EN, CS_THEMES, CS_NCOLS };
static const char *const summary_cols[CS_NCOLS] = {
    [CS_CATEGORY] = "category", [CS_LABEL_FR] = "label_fr", [CS_LABEL_EN] = "label_en",
    [CS_THEMES] = "themes"};

/* The level-2 tables: file and columns (also their headers when there are
 * no themes). */
static const struct {
    const char *file;
    const char *const *cols;
    size_t ncols;
} tables[] = {
    {"convergence_evidence.csv", evidence_cols, PV_NCOLS(evidence_cols)},
    {"convergence_themes.csv", pv_cv_themes_cols, PV_NCOLS(pv_cv_themes_cols)},
    {"convergence_pairs.csv", pairs_cols, PV_NCOLS(pairs_cols)},
    {"convergence_summary.csv", summary_cols, PV_NCOLS(summary_cols)},
    {"joint_display.csv", joint_cols, PV_NCOLS(joint_cols)},
};

static int write_evidence(cvctx *x)
{
    const pv_vtable *th = &x->cv.t[PV_CV_THEMES];
    char path[4096];
    pv_csvw w;
    GString *g = g_string_new(NULL);
    snprintf(path, sizeof path, "%s/convergence_evidence.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_header(&w, evidence_cols, EV_NCOLS);
    for (size_t i = 0; i < x->ne; i++) {
        const evid *e = &x->e[i];
        int r = pv_cv_rate(e->v, e->lo, e->hi, e->lower, e->thr);
        g_string_truncate(g, 0);
        describe(g, x, e, r, PV_LANG_FR);
        pv_csvw_str(&w, pv_vtable_str(th, e->theme, TH_ID));
        pv_csvw_str(&w, pv_cv_source[e->source]);
        pv_csvw_str(&w, e->indicator);
        pv_csvw_str(&w, e->label);
        e->n >= 0 ? pv_csvw_int(&w, e->n) : pv_csvw_str(&w, NULL);
        pv_csvw_num(&w, e->v);
        pv_csvw_num(&w, e->lo);
        pv_csvw_num(&w, e->hi);
        pv_csvw_str(&w, e->unit);
        pv_csvw_str(&w, e->lower ? "lower" : "higher");
        pv_csvw_num(&w, e->thr);
        pv_csvw_str(&w, pv_cv_rating[r]);
        pv_csvw_str(&w, g->str);
        g_string_truncate(g, 0);
        describe(g, x, e, r, PV_LANG_EN);
        pv_csvw_str(&w, g->str);
        pv_csvw_end(&w);
    }
    g_string_free(g, TRUE);
    return pv_csvw_close(&w);
}

/* Explanation of theme t in lang: each source's rating and its evidence,
 * then the rule; every word from data/messages.csv. */
static void explain(GString *g, const cvctx *x, size_t t, const int *src, int rule,
                    pv_lang lang)
{
    for (int s = 0; s < NSRC; s++) {
        char key[64];
        snprintf(key, sizeof key, "source.%s", pv_cv_source[s]);
        if (s)
            g_string_append(g, pv_msg(&x->msg, "explain.separator", lang));
        say(g, x, "explain.source", lang, "source", pv_msg(&x->msg, key, lang), "rating",
            pv_msg(&x->msg, rating_key(src[t * NSRC + (size_t)s]), lang), NULL);
        int first = 1;
        for (size_t i = 0; i < x->ne; i++) {
            const evid *e = &x->e[i];
            if (e->theme != t || e->source != s)
                continue;
            g_string_append(g, first ? " (" : ", ");
            describe(g, x, e, pv_cv_rate(e->v, e->lo, e->hi, e->lower, e->thr), lang);
            first = 0;
        }
        if (!first)
            g_string_append_c(g, ')');
    }
    say(g, x, "explain.rule", lang, "rule", pv_msg(&x->msg, pv_cv_rule_key[rule], lang), NULL);
}

static int write_themes(cvctx *x, const int *src, const int *cat, const int *rules,
                        const double *kept, const int *cat_lo, const int *cat_hi)
{
    const pv_vtable *th = &x->cv.t[PV_CV_THEMES];
    size_t nt = th->n;
    char path[4096];
    pv_csvw w, p;
    GString *g = g_string_new(NULL);
    snprintf(path, sizeof path, "%s/convergence_themes.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_header(&w, pv_cv_themes_cols, PV_CT_NCOLS);
    snprintf(path, sizeof path, "%s/convergence_pairs.csv", x->out);
    pv_csvw_open(&p, path, x->err);
    pv_csvw_header(&p, pairs_cols, CP_NCOLS);
    GString *gen = g_string_new(NULL);
    for (size_t t = 0; t < nt; t++) {
        g_string_truncate(g, 0);
        g_string_truncate(gen, 0);
        explain(g, x, t, src, rules[t], PV_LANG_FR);
        explain(gen, x, t, src, rules[t], PV_LANG_EN);
        for (int c = 0; c < TH_NCOLS; c++)
            pv_csvw_str(&w, theme_str(th, t, c));
        for (int s = 0; s < NSRC; s++)
            pv_csvw_str(&w, pv_cv_rating[src[t * NSRC + (size_t)s]]);
        pv_csvw_str(&w, pv_cv_category[cat[t]]);
        pv_csvw_num(&w, kept[t]);
        pv_csvw_str(&w, pv_cv_category[cat_lo[t]]);
        pv_csvw_str(&w, pv_cv_category[cat_hi[t]]);
        pv_csvw_num(&w, pv_cv_threshold_stability(cat[t], cat_lo[t], cat_hi[t]));
        pv_csvw_str(&w, g->str);
        pv_csvw_str(&w, gen->str);
        pv_csvw_end(&w);
        for (int a = 0; a < NSRC; a++)
            for (int b = a + 1; b < NSRC; b++) {
                int pair[2] = {src[t * NSRC + (size_t)a], src[t * NSRC + (size_t)b]};
                int rule;
                pv_csvw_str(&p, pv_vtable_str(th, t, TH_ID));
                pv_csvw_str(&p, pv_cv_source[a]);
                pv_csvw_str(&p, pv_cv_source[b]);
                pv_csvw_str(&p, pv_cv_rating[pair[0]]);
                pv_csvw_str(&p, pv_cv_rating[pair[1]]);
                pv_csvw_str(&p, pv_cv_category[pv_cv_code(pair, 2, &rule)]);
                pv_csvw_end(&p);
            }
    }
    g_string_free(g, TRUE);
    g_string_free(gen, TRUE);
    int a = pv_csvw_close(&w), b = pv_csvw_close(&p);
    return a ? a : b;
}

/* The first quote of a code, "text", and its source "speaker, group,
 * session". */
static void quote_of(const cvctx *x, const char *code, const char **text, GString *from)
{
    const l1file *q = &x->quotes;
    *text = "";
    for (size_t r = 0; r < q->t.n_rows; r++)
        if (strcmp(l1get(q, r, PV_QQ_CODE), code) == 0) {
            *text = l1get(q, r, PV_QQ_TEXT);
            g_string_printf(from, "%s, %s, %s", l1get(q, r, PV_QQ_SPEAKER), l1get(q, r, PV_QQ_GROUP),
                            l1get(q, r, PV_QQ_SESSION));
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
    pv_csvw_header(&w, joint_cols, JD_NCOLS);
    for (size_t t = 0; t < th->n; t++) {
        const char *quote = "";
        g_string_truncate(quant, 0);
        g_string_truncate(qual, 0);
        g_string_truncate(from, 0);
        for (size_t i = 0; i < x->ne; i++) {
            const evid *e = &x->e[i];
            if (e->theme != t)
                continue;
            GString *g = e->source == PV_CV_QUALITATIVE ? qual : quant;
            if (g->len)
                g_string_append(g, "; ");
            g_string_append_printf(g, "%s", *e->label ? e->label : e->indicator);
            if (!isnan(e->v))
                g_string_append_printf(g, ": %.2f", e->v);
            if (!isnan(e->lo) && !isnan(e->hi))
                g_string_append_printf(g, " [%.2f, %.2f]", e->lo, e->hi);
            g_string_append_printf(g, " (%s)", pv_cv_rating[pv_cv_rate(e->v, e->lo, e->hi, e->lower, e->thr)]);
            if (!*quote && *e->quote_code)
                quote_of(x, e->quote_code, &quote, from);
        }
        pv_csvw_str(&w, pv_vtable_str(th, t, TH_ID));
        pv_csvw_str(&w, theme_str(th, t, TH_LABEL_FR));
        pv_csvw_str(&w, theme_str(th, t, TH_LABEL_EN));
        pv_csvw_str(&w, quant->str);
        pv_csvw_str(&w, qual->str);
        pv_csvw_str(&w, quote);
        pv_csvw_str(&w, from->str);
        pv_csvw_str(&w, pv_cv_category[cat[t]]);
        pv_csvw_end(&w);
    }
    g_string_free(quant, TRUE);
    g_string_free(qual, TRUE);
    g_string_free(from, TRUE);
    return pv_csvw_close(&w);
}

/* Themes per convergence category (a count table for a figure), with the
 * categories' labels from the message catalogue. */
static int write_summary(cvctx *x, const int *cat)
{
    size_t nt = x->cv.t[PV_CV_THEMES].n;
    long n[PV_CAT_N] = {0};
    char path[4096], key[64];
    pv_csvw w;
    for (size_t t = 0; t < nt; t++)
        n[cat[t]]++;
    snprintf(path, sizeof path, "%s/convergence_summary.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_header(&w, summary_cols, CS_NCOLS);
    for (int c = 0; c < PV_CAT_N; c++) {
        snprintf(key, sizeof key, "category.%s", pv_cv_category[c]);
        pv_csvw_str(&w, pv_cv_category[c]);
        pv_csvw_str(&w, pv_msg(&x->msg, key, PV_LANG_FR));
        pv_csvw_str(&w, pv_msg(&x->msg, key, PV_LANG_EN));
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

static void write_empty(const char *out, const char *file, const char *const *cols,
                        size_t ncols, pv_err *err)
{
    char path[4096];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/%s", out, file);
    pv_csvw_open(&w, path, err);
    pv_csvw_header(&w, cols, ncols);
    pv_csvw_close(&w);
}

int pv_convergence_run_with(const char *in, const char *out, const char *messages,
                            pv_err *err)
{
    cvctx x;
    pv_rejects rej = {0};
    memset(&x, 0, sizeof x);
    x.in = in;
    x.out = out;
    x.err = err;
    if (load(&x, messages, &rej) == 0 && x.cv.present) {
        size_t nt = x.cv.t[PV_CV_THEMES].n;
        int *src = pv_xcalloc(pv_xmul(nt, NSRC) + 1, sizeof *src),
            *cat = pv_xcalloc(nt + 1, sizeof *cat), *lo = pv_xcalloc(nt + 1, sizeof *lo),
            *hi = pv_xcalloc(nt + 1, sizeof *hi), *rules = pv_xcalloc(nt + 1, sizeof *rules);
        double *kept = pv_xcalloc(nt + 1, sizeof *kept);
        for (size_t t = 0; t < nt; t++) {
            cat[t] = pv_cv_classify(x.e, x.ne, t, 0, NULL, NULL, NULL, src + t * NSRC,
                                    &rules[t]);
            lo[t] = pv_cv_classify(x.e, x.ne, t, -1, NULL, NULL, NULL, NULL, NULL);
            hi[t] = pv_cv_classify(x.e, x.ne, t, +1, NULL, NULL, NULL, NULL, NULL);
        }
        if (!load_replicates(&x)) {
            for (size_t t = 0; t < nt; t++)
                kept[t] = pv_cv_bootstrap_share(x.e, x.ne, t, x.nrep, x.rv, x.rlo, x.rhi,
                                                 cat[t]);
            write_evidence(&x);
            write_themes(&x, src, cat, rules, kept, lo, hi);
            write_joint(&x, cat);
            write_summary(&x, cat);
        }
        free(src), free(cat), free(lo), free(hi), free(rules), free(kept);
    } else if (!err->status) { /* no themes: the tables, empty */
        pv_warn("no themes in %s/clean (no themes.csv): the level-2 tables written with their "
                "header only; skipped", in);
        for (size_t i = 0; i < PV_NCOLS(tables); i++)
            write_empty(out, tables[i].file, tables[i].cols, tables[i].ncols, err);
    }
    for (int s = 0; s < NSRC; s++)
        l1free(&x.ind[s]);
    l1free(&x.quotes);
    free(x.e);
    free(x.rv), free(x.rlo), free(x.rhi);
    pv_convdata_free(&x.cv);
    pv_messages_free(&x.msg);
    pv_codes_free(&x.d.codes);
    pv_config_free(&x.d.cfg);
    pv_rejects_free(&rej);
    return err->status;
}

int pv_convergence_run(const char *in, const char *out, pv_err *err)
{
    return pv_convergence_run_with(in, out, PV_MESSAGES_DEFAULT, err);
}
