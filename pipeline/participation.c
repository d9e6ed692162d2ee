/* participation.c — counts, shares and intervals of the participation data
 * (see participation.h).  One pass over each table; every published table
 * goes through breakdown.c, so suppression applies everywhere. */
#include "participation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <glib.h>
#include <stdint.h>
#include <unistd.h>

#include "breakdown.h"
#include "csvout.h"
#include "indicators.h"
#include "replicates.h"
#include "stage.h"

#include <gsl/gsl_cdf.h>
#include "fmt.h"
#include "stats.h"
#include "suppress.h"
#include "value.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ */
/* Categories from a code list                                        */
/* ------------------------------------------------------------------ */

typedef struct {
    int n;
    const char **key, **fr, **en;
    char *store;   /* owned text for generated keys (months, bands) */
} cats;

static void cats_alloc(cats *c, int n)
{
    c->n = n;
    c->key = pv_xcalloc((size_t)n + 1, sizeof *c->key);
    c->fr = pv_xcalloc((size_t)n + 1, sizeof *c->fr);
    c->en = pv_xcalloc((size_t)n + 1, sizeof *c->en);
    c->store = pv_xcalloc((size_t)n + 1, 96);
}

static void cats_from_list(cats *c, const pv_codes *codes, const char *list)
{
    int n = pv_codes_count(codes, list);
    cats_alloc(c, n);
    for (int i = 0; i < n; i++) {
        c->key[i] = pv_codes_code(codes, list, i);
        c->fr[i] = pv_codes_label(codes, list, i, PV_LANG_FR);
        c->en[i] = pv_codes_label(codes, list, i, PV_LANG_EN);
    }
}

static void cats_free(cats *c)
{
    free(c->key);
    free(c->fr);
    free(c->en);
    free(c->store);
}

/* Months of the evaluation period: key "2024-01", labels "janv. 2024". */
static int month_index(const pv_config *cfg, int32_t day)
{
    int y0, m0, d0, y, m, d;
    pv_civil_from_days(cfg->period_start, &y0, &m0, &d0);
    pv_civil_from_days(day, &y, &m, &d);
    return (y - y0) * 12 + (m - m0);
}

static void cats_months(cats *c, const pv_config *cfg)
{
    int y, m, d;
    cats_alloc(c, month_index(cfg, cfg->period_end) + 1);
    pv_civil_from_days(cfg->period_start, &y, &m, &d);
    for (int i = 0; i < c->n; i++) {
        char *s = c->store + (size_t)i * 96;
        snprintf(s, 8, "%04d-%02d", y, m);
        pv_fmt_month(s + 8, 44, y, m, PV_LANG_FR);
        pv_fmt_month(s + 52, 44, y, m, PV_LANG_EN);
        c->key[i] = s, c->fr[i] = s + 8, c->en[i] = s + 52;
        if (++m > 12)
            m = 1, y++;
    }
}

/* Key of band k, "0-5": the category of the table and the end of its
 * indicator id. */
static char *band_key(char *buf, size_t n, const pv_mbreakdown *b, int k)
{
    snprintf(buf, n, "%d-%d", b->lo[k], b->hi[k]);
    return buf;
}

/* The declared band label with {lo} and {hi} replaced ("{lo} à {hi} ans");
 * the key when none is declared. */
static void band_label(char *buf, size_t n, const char *tpl, int lo, int hi)
{
    size_t o = 0;
    if (!*tpl) {
        snprintf(buf, n, "%d-%d", lo, hi);
        return;
    }
    buf[0] = '\0';
    while (*tpl && o + 1 < n) {
        if (!strncmp(tpl, "{lo}", 4) || !strncmp(tpl, "{hi}", 4)) {
            o += (size_t)snprintf(buf + o, n - o, "%d", tpl[1] == 'l' ? lo : hi);
            tpl += 4;
        } else {
            buf[o++] = *tpl++;
            buf[o] = '\0';
        }
        if (o >= n)
            o = n - 1;
    }
}

static void cats_bands(cats *c, const pv_mbreakdown *b)
{
    cats_alloc(c, b->nbands);
    for (int i = 0; i < c->n; i++) {
        char *s = c->store + (size_t)i * 96;
        band_key(s, 16, b, i);
        band_label(s + 16, 40, b->band_label[PV_LANG_FR], b->lo[i], b->hi[i]);
        band_label(s + 56, 40, b->band_label[PV_LANG_EN], b->lo[i], b->hi[i]);
        c->key[i] = s, c->fr[i] = s + 16, c->en[i] = s + 56;
    }
}

/* The rows of a unit, as categories: key its id, label its label column. */
static void cats_rows(cats *c, const pv_unit *u, const pv_vtable *vt)
{
    cats_alloc(c, (int)vt->n);
    for (size_t r = 0; r < vt->n; r++)
        c->key[r] = pv_vtable_str(vt, r, (size_t)u->id_col),
        c->fr[r] = c->en[r] = pv_vtable_str(vt, r, (size_t)u->label_col);
}

/* ------------------------------------------------------------------ */
/* Tables                                                             */
/* ------------------------------------------------------------------ */

/* One published table (a declared breakdown): its categories and counts. */
typedef struct {
    cats c;
    pv_breakdown b;
    const pv_mbreakdown *m;
} tab;

/* The tables, the headline numbers and the linked sets of relations
 * between them (suppress.h): every count of a unit of people is published
 * once, whatever table shows it. */
typedef struct {
    pv_dataset *d;        /* its tables released once read (release_tables) */
    const pv_model *m;
    const pv_vtable *t;   /* the units' tables */
    const char *outdir;
    pv_err *err;
    pv_csvw ind;          /* indicators_participation.csv */
    tab *tab;             /* one per breakdown (a cumulative one: empty) */
    pv_sdc *sdc;          /* one per unit (places: unused) */
    int *c_unit;          /* each unit's total, a cell of its set */
    long *cnt, *den;      /* per indicator: count, denominator (-1: none) */
    int *cell, *dcell;    /* their cells (-1: not a count of people) */
    double *mv, *mlo, *mhi; /* per mean indicator: its mean and t interval */
    unsigned char *mflag; /* per mean indicator: PV_CELL_* of its mean */
    int hd_mean;          /* some indicator is a mean: the headline has `mean`
                             and `note` */
} ctx;

static const char *const *unit_col_name(const pv_unit *u)
{
    return &u->name;
}

/* participation_cumulative.csv and participation_headline.csv */
enum { CUM_MONTH, CUM_LABEL_FR, CUM_LABEL_EN, CUM_CUMULATIVE, CUM_CUMULATIVE_SPLIT,
       CUM_SHARE_SPLIT, CUM_SUPPRESSED, CUM_NCOLS };
enum { HD_INDICATOR, HD_LABEL_FR, HD_LABEL_EN, HD_COUNT, HD_DENOMINATOR, HD_SHARE, HD_CI_LOW,
       HD_CI_HIGH, HD_SUPPRESSED, HD_NCOLS };
static const char *const headline_cols[HD_NCOLS] = {
    [HD_INDICATOR] = "indicator", [HD_LABEL_FR] = "label_fr", [HD_LABEL_EN] = "label_en",
    [HD_COUNT] = "count", [HD_DENOMINATOR] = "denominator", [HD_SHARE] = "share",
    [HD_CI_LOW] = "ci_low", [HD_CI_HIGH] = "ci_high", [HD_SUPPRESSED] = "suppressed"};
/* With a mean indicator: `mean` after `share` (ci_low and ci_high are the
 * share's or the mean's interval), and a `note` last. */
static const char *const headline_mean_cols[HD_NCOLS + 2] = {
    "indicator", "label_fr", "label_en", "count", "denominator", "share", "mean", "ci_low",
    "ci_high", "suppressed", "note"};

/* A label in the dataset's language, or the other when it has none. */
static const char *lang_label(const ctx *x, const char *fr, const char *en)
{
    const char *l = x->d->cfg.lang == PV_LANG_EN ? en : fr;
    return l && *l ? l : x->d->cfg.lang == PV_LANG_EN ? fr : en;
}

static void indicator(ctx *x, const char *id, const char *label, long n, double v,
                      double lo, double hi, const char *unit)
{
    pv_indicator(&x->ind, "participation", id, label, n, v, lo, hi, unit);
}

/* Write a table; emit one share indicator per category (prefix_code). */
static int emit(ctx *x, tab *t)
{
    char path[4096], file[512], id[256];
    pv_breakdown *b = &t->b;
    const cats *c = &t->c;
    const char *prefix = t->m->indicator;
    snprintf(file, sizeof file, "participation_%s.csv", t->m->id);
    int st = pv_breakdown_write(b, pv_path(path, sizeof path, x->outdir, file), x->err);
    for (int r = 0; prefix && r < b->nr && !st; r++) {
        double lo, hi, p = pv_breakdown_share(b, r, &lo, &hi);
        int den_r = b->nc == 1 ? b->nr : r, den_c = b->nc == 1 ? 0 : b->nc;
        long n = pv_breakdown_shown(b, den_r, den_c)
                     ? *pv_breakdown_cell(b, den_r, den_c) : -1;
        pv_indicator_id(id, sizeof id, prefix, c->key[r], NULL);
        indicator(x, id, lang_label(x, c->fr[r], c->en[r]), n, p, lo, hi, "proportion");
    }
    return st;
}

/* The category of row r of the breakdown's unit, or -1 (a number outside
 * every band, an empty code). */
static int category(const ctx *x, const pv_mbreakdown *m, size_t r)
{
    const pv_colpath *p = &m->by;
    const pv_vtable *vt = &x->t[p->unit[p->n - 1]];
    size_t rr = pv_path_row(p, x->t, r), col = (size_t)p->col[p->n - 1];
    pv_val v = pv_vtable_val(vt, rr, col);
    if ((vt->cols[col].flags & PV_MAY_BE_EMPTY) && !*pv_vtable_str(vt, rr, col))
        return -1;
    switch (m->kind) {
    case PV_BY_CODE:
    case PV_BY_REF:
        return (int)v.i;
    case PV_BY_MONTH:
    case PV_BY_CUMULATIVE:
        return month_index(&x->d->cfg, (int32_t)v.i);
    case PV_BY_BANDS: {
        double a = vt->cols[col].type == PV_COL_DEC ? v.d : (double)v.i;
        for (int k = 0; k < m->nbands; k++)
            if (a >= m->lo[k] && a <= m->hi[k])
                return k;
        return -1;
    }
    }
    return -1;
}

/* The column of row r: 0, or 1 when a split's yes/no is no. */
static int split_col(const ctx *x, const pv_mbreakdown *m, size_t r)
{
    return m->split >= 0 && !pv_vtable_val(&x->t[m->unit], r, (size_t)m->split).i;
}

/* The mean of breakdown m's number column per category, and over every
 * row counted (the total row), with their t 95 % intervals. */
static void table_means(const ctx *x, tab *t, const pv_mbreakdown *m)
{
    pv_breakdown *b = &t->b;
    size_t nrows = x->t[m->unit].n, n = 0;
    int nr = b->nr;
    size_t *at = pv_xcalloc((size_t)nr + 2, sizeof *at), *pos = pv_xcalloc((size_t)nr + 2, sizeof *pos);
    int *cat = pv_xnmalloc(nrows + 1, sizeof *cat);
    for (size_t r = 0; r < nrows; r++) {
        cat[r] = category(x, m, r);
        if (cat[r] >= 0 && cat[r] < nr)
            at[cat[r] + 1]++, n++;
    }
    for (int k = 0; k < nr; k++)
        at[k + 1] += at[k];
    memcpy(pos, at, ((size_t)nr + 1) * sizeof *pos);
    double *v = pv_xnmalloc(n + 1, sizeof *v);
    for (size_t r = 0; r < nrows; r++) /* grouped by category, in file order */
        if (cat[r] >= 0 && cat[r] < nr)
            v[pos[cat[r]]++] = pv_path_num(x->m, &m->mean, x->t, r);
    b->mean = pv_xcalloc((size_t)nr + 1, sizeof *b->mean);
    b->mean_lo = pv_xcalloc((size_t)nr + 1, sizeof *b->mean_lo);
    b->mean_hi = pv_xcalloc((size_t)nr + 1, sizeof *b->mean_hi);
    b->mean_flag = pv_xcalloc((size_t)nr + 1, 1);
    for (int k = 0; k < nr; k++)
        b->mean[k] = pv_mean_ci_t(v + at[k], at[k + 1] - at[k], 0.95, &b->mean_lo[k],
                                  &b->mean_hi[k]);
    b->mean[nr] = pv_mean_ci_t(v, n, 0.95, &b->mean_lo[nr], &b->mean_hi[nr]);
    free(at), free(pos), free(cat), free(v);
}

/* Build the table of breakdown m: its categories, its counts. */
static void build(ctx *x, tab *t, const pv_mbreakdown *m)
{
    const pv_unit *u = &x->m->u[m->unit];
    const pv_vtable *vt = &x->t[m->unit];
    const pv_colspec *cs = pv_path_spec(x->m, &m->by);
    int nc = m->split >= 0 ? 2 : 1;
    t->m = m;
    switch (m->kind) {
    case PV_BY_CODE: cats_from_list(&t->c, &x->d->codes, cs->arg); break;
    case PV_BY_REF: {
        int tu = x->m->u[m->by.unit[m->by.n - 1]].target[m->by.col[m->by.n - 1]];
        cats_rows(&t->c, &x->m->u[tu], &x->t[tu]);
        break;
    }
    case PV_BY_MONTH: cats_months(&t->c, &x->d->cfg); break;
    case PV_BY_CUMULATIVE: return; /* the running totals of its monthly table */
    case PV_BY_BANDS: cats_bands(&t->c, m); break;
    }
    t->b = (pv_breakdown){.key_name = m->key_name, .nc = nc,
                          .col_name = m->split >= 0 ? (const char *const *)m->split_cols
                                                    : unit_col_name(u),
                          .share_col = m->split >= 0 ? 0 : -1};
    pv_breakdown_init(&t->b, t->c.n, nc);
    t->b.key = t->c.key;
    t->b.label_fr = t->c.fr;
    t->b.label_en = t->c.en;
    t->b.threshold = x->d->cfg.threshold;
    for (size_t r = 0; r < vt->n; r++) {
        int k = category(x, m, r);
        if (k >= 0 && k < t->c.n)
            (*pv_breakdown_cell(&t->b, k, split_col(x, m, r)))++;
    }
    if (m->has_mean)
        table_means(x, t, m);
}

static void tab_free(tab *t)
{
    pv_breakdown_free(&t->b);
    cats_free(&t->c);
}

/* Running totals: cum(k) - cum(j) is the sum of the months j+1..k, so a
 * running total may be shown only when it includes none or all of the
 * months whose count is hidden (there are then >= 2 of them) -- and, when
 * it includes them all, only if the total they sum to is shown.  Columns:
 * every row, then the rows whose split is yes. */
static int cumulative(ctx *x, const pv_mbreakdown *cm)
{
    const pv_breakdown *b = &x->tab[cm->monthly].b;
    const cats *c = &x->tab[cm->monthly].c;
    /* series 0: every row (the row total, column nc); series 1: the rows
     * whose split is yes (column 0), when the breakdown has a split */
    int ns = cm->split >= 0 ? 2 : 1, col[2] = {b->nc, 0};
    char path[4096], file[512], cum_split[256] = "", share_split[256] = "";
    pv_csvw w;
    long cum[2] = {0, 0};
    int hidden_all[2] = {0, 0}, hidden[2] = {0, 0}, total_shown[2];
    if (ns == 2) {
        snprintf(cum_split, sizeof cum_split, "cumulative_%s", cm->split_cols[0]);
        snprintf(share_split, sizeof share_split, "share_%s", cm->split_cols[0]);
    }
    /* without a split, the table has no split columns */
    const char *cols[CUM_NCOLS] = {
        [CUM_MONTH] = "month", [CUM_LABEL_FR] = "label_fr", [CUM_LABEL_EN] = "label_en",
        [CUM_CUMULATIVE] = "cumulative", [CUM_CUMULATIVE_SPLIT] = cum_split,
        [CUM_SHARE_SPLIT] = share_split, [CUM_SUPPRESSED] = "suppressed"};
    const char *cols1[] = {"month", "label_fr", "label_en", "cumulative", "suppressed"};
    for (int k = 0; k < ns; k++) {
        total_shown[k] = pv_breakdown_shown(b, b->nr, col[k]);
        for (int m = 0; m < c->n; m++)
            hidden_all[k] += !pv_breakdown_shown(b, m, col[k]);
    }
    snprintf(file, sizeof file, "participation_%s.csv", cm->id);
    pv_csvw_open(&w, pv_path(path, sizeof path, x->outdir, file), x->err);
    if (ns == 2)
        pv_csvw_header(&w, cols, CUM_NCOLS);
    else
        pv_csvw_header(&w, cols1, PV_NCOLS(cols1));
    for (int m = 0; m < c->n; m++) {
        int show[2] = {1, 1};
        char sup[512] = "";
        for (int k = 0; k < ns; k++) {
            cum[k] += *pv_breakdown_cell((pv_breakdown *)b, m, col[k]);
            hidden[k] += !pv_breakdown_shown(b, m, col[k]);
            show[k] = hidden[k] == 0 || (hidden[k] == hidden_all[k] && total_shown[k]);
        }
        pv_suppress_mark(sup, sizeof sup, cols[CUM_CUMULATIVE],
                         show[0] ? 0 : PV_CELL_COMPLEMENTARY);
        if (ns == 2)
            pv_suppress_mark(sup, sizeof sup, cols[CUM_CUMULATIVE_SPLIT],
                             show[1] ? 0 : PV_CELL_COMPLEMENTARY);
        pv_csvw_str(&w, c->key[m]);
        pv_csvw_str(&w, c->fr[m]);
        pv_csvw_str(&w, c->en[m]);
        show[0] ? pv_csvw_int(&w, cum[0]) : pv_csvw_str(&w, NULL);
        if (ns == 2) {
            show[1] ? pv_csvw_int(&w, cum[1]) : pv_csvw_str(&w, NULL);
            pv_csvw_num(&w, show[0] && show[1] && cum[0] ? (double)cum[1] / (double)cum[0] : NAN);
        }
        pv_csvw_str(&w, sup);
        pv_csvw_end(&w);
    }
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Indicators                                                         */
/* ------------------------------------------------------------------ */

static long count_if(const ctx *x, int u, const pv_cond *a, const pv_cond *b)
{
    long n = 0;
    for (size_t r = 0; r < x->t[u].n; r++)
        n += pv_cond_holds(x->m, a, x->t, r) && (!b || pv_cond_holds(x->m, b, x->t, r));
    return n;
}

/* Distinct values of a column (reached from a place unit). */
static long distinct(const ctx *x, const pv_mindicator *d)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    const pv_colpath *p = &d->col;
    for (size_t r = 0; r < x->t[d->unit].n; r++) {
        size_t rr = pv_path_row(p, x->t, r);
        g_hash_table_add(seen, (gpointer)pv_vtable_str(&x->t[p->unit[p->n - 1]], rr,
                                                       (size_t)p->col[p->n - 1]));
    }
    long n = g_hash_table_size(seen);
    g_hash_table_destroy(seen);
    return n;
}

static long months(const ctx *x)
{
    return month_index(&x->d->cfg, x->d->cfg.period_end) + 1;
}

/* Two cells that split `total`: a count and the rest (rest not published,
 * but derived from the two): both sides of every published share. */
static int split(pv_sdc *s, long count, long total, int c_total)
{
    int two[2] = {pv_sdc_cell(s, count), pv_sdc_cell(s, total - count)};
    pv_sdc_relation(s, two, 2, c_total);
    return two[0];
}

/* The cell of the rows a mean averages (its n): the unit's total, or the
 * cell of an earlier indicator over the same condition (the same count is
 * one cell), or a new one. */
static int mean_n_cell(ctx *x, int i)
{
    const pv_mindicator *d = &x->m->ind[i];
    int u = d->unit;
    if (!d->den.n)
        return x->c_unit[u];
    for (int j = 0; j < i; j++) {
        const pv_mindicator *e = &x->m->ind[j];
        if (e->unit != u)
            continue;
        if (e->kind == PV_K_SHARE && e->den.n && pv_cond_equal(&e->den, &d->den))
            return x->dcell[j];
        if (e->kind == PV_K_SHARE && !e->den.n && pv_cond_equal(&e->num, &d->den))
            return x->cell[j];
        if ((e->kind == PV_K_COUNT && pv_cond_equal(&e->num, &d->den)) ||
            (e->kind == PV_K_MEAN && pv_cond_equal(&e->den, &d->den)))
            return x->cell[j];
    }
    x->den[i] = (long)x->t[u].n; /* a new cell and its rest: tied to the tables below */
    return split(&x->sdc[u], x->cnt[i], (long)x->t[u].n, x->c_unit[u]);
}

/* Mean indicator i: n (the rows meeting its condition; a number column of
 * a unit is never empty), the mean and its t interval. */
static void mean_indicator(ctx *x, int i)
{
    const pv_mindicator *d = &x->m->ind[i];
    size_t n = 0, nrows = x->t[d->unit].n;
    double *v = pv_xnmalloc(nrows + 1, sizeof *v);
    for (size_t r = 0; r < nrows; r++)
        if (pv_cond_holds(x->m, &d->den, x->t, r))
            v[n++] = pv_path_num(x->m, &d->col, x->t, r);
    x->cnt[i] = (long)n;
    x->mv[i] = pv_mean_ci_t(v, n, 0.95, &x->mlo[i], &x->mhi[i]);
    x->cell[i] = mean_n_cell(x, i);
    free(v);
}

/* Counts and cells of every indicator, in declaration order (the order of
 * the cells in each linked set). */
static void count_indicators(ctx *x)
{
    for (int i = 0; i < x->m->ni; i++) {
        const pv_mindicator *d = &x->m->ind[i];
        int u = d->unit, ppl = u >= 0 && x->m->u[u].role != PV_ROLE_PLACE;
        pv_sdc *s = ppl ? &x->sdc[u] : NULL;
        x->cell[i] = x->dcell[i] = -1;
        x->den[i] = -1;
        switch (d->kind) {
        case PV_K_COUNT:
            x->cnt[i] = count_if(x, u, &d->num, NULL);
            if (ppl)
                x->cell[i] = d->num.n ? split(s, x->cnt[i], (long)x->t[u].n, x->c_unit[u])
                                      : x->c_unit[u];
            break;
        case PV_K_SHARE:
            x->den[i] = d->den.n ? count_if(x, u, &d->den, NULL) : (long)x->t[u].n;
            x->dcell[i] = d->den.n ? split(s, x->den[i], (long)x->t[u].n, x->c_unit[u])
                                   : x->c_unit[u];
            x->cnt[i] = count_if(x, u, &d->num, &d->den);
            x->cell[i] = split(s, x->cnt[i], x->den[i], x->dcell[i]);
            break;
        case PV_K_DISTINCT: x->cnt[i] = distinct(x, d); break;
        case PV_K_MONTHS: x->cnt[i] = months(x); break;
        case PV_K_COUNT_BY: x->cnt[i] = 0; break; /* one count per code: below */
        case PV_K_MEAN: mean_indicator(x, i); break;
        }
    }
}

/* Places per code of a column (count_by). */
static long count_code(const ctx *x, const pv_mindicator *d, int k)
{
    long n = 0;
    for (size_t r = 0; r < x->t[d->unit].n; r++)
        n += pv_path_val(&d->col, x->t, r).i == k;
    return n;
}

static const char *list_of(const ctx *x, const pv_mindicator *d)
{
    return pv_path_spec(x->m, &d->col)->arg;
}

/* The rows of a count_by indicator: one per code of its list. */
static void count_by_rows(ctx *x, const pv_mindicator *d, pv_csvw *w)
{
    const pv_codes *codes = &x->d->codes;
    const char *list = list_of(x, d);
    char id[256], fr[512], en[512];
    for (int k = 0; k < pv_codes_count(codes, list); k++) {
        long n = count_code(x, d, k);
        pv_indicator_id(id, sizeof id, d->id, pv_codes_code(codes, list, k), NULL);
        fr[0] = en[0] = '\0'; /* a label only in the languages the indicator has */
        if (*d->label[PV_LANG_FR])
            snprintf(fr, sizeof fr, "%s : %s", d->label[PV_LANG_FR],
                     pv_codes_label(codes, list, k, PV_LANG_FR));
        if (*d->label[PV_LANG_EN])
            snprintf(en, sizeof en, "%s: %s", d->label[PV_LANG_EN],
                     pv_codes_label(codes, list, k, PV_LANG_EN));
        if (d->headline) {
            pv_csvw_str(w, id);
            pv_csvw_str(w, fr);
            pv_csvw_str(w, en);
            pv_csvw_int(w, n); /* a count of places, not of people */
            for (int c = HD_COUNT + 1; c < HD_NCOLS + 2 * x->hd_mean; c++)
                pv_csvw_str(w, "");
            pv_csvw_end(w);
        }
        indicator(x, id, lang_label(x, fr, en), n, (double)n, NAN, NAN, "count");
    }
}

static unsigned char flag_of(const ctx *x, const pv_mindicator *d, int cell)
{
    return cell >= 0 ? pv_sdc_flag(&x->sdc[d->unit], cell) : 0;
}

/* Why a mean has no value or no interval, for the headline's note. */
static const char *mean_note(long n, double v, double lo, double hi)
{
    if (n == 0)
        return "no rows: no mean";
    if (n == 1)
        return "one row: no interval (its SD needs two)";
    if (!isnan(v) && lo == hi)
        return "every value is the same: the interval is the mean itself (R's t.test stops "
               "there)";
    return "";
}

/* A mean's headline row and indicator: n in `count`, hidden with its cell;
 * the mean and its interval hidden by its own flag. */
static void headline_mean(ctx *x, int i, pv_csvw *w)
{
    const pv_mindicator *d = &x->m->ind[i];
    unsigned char fc = flag_of(x, d, x->cell[i]), fm = x->mflag[i];
    double v = fm ? NAN : x->mv[i], lo = fm ? NAN : x->mlo[i], hi = fm ? NAN : x->mhi[i];
    char sup[128] = "";
    if (d->headline) {
        pv_suppress_mark(sup, sizeof sup, "count", fc);
        pv_suppress_mark(sup, sizeof sup, "mean", fm);
        pv_csvw_str(w, d->id);
        pv_csvw_str(w, d->label[PV_LANG_FR]);
        pv_csvw_str(w, d->label[PV_LANG_EN]);
        fc ? pv_csvw_str(w, NULL) : pv_csvw_int(w, x->cnt[i]);
        pv_csvw_str(w, NULL);
        pv_csvw_str(w, NULL);
        pv_csvw_num(w, v);
        pv_csvw_num(w, lo);
        pv_csvw_num(w, hi);
        pv_csvw_str(w, sup);
        pv_csvw_str(w, fm || fc ? "" : mean_note(x->cnt[i], v, lo, hi));
        pv_csvw_end(w);
    }
    indicator(x, d->id, lang_label(x, d->label[PV_LANG_FR], d->label[PV_LANG_EN]),
              fc ? -1 : x->cnt[i], v, lo, hi, "mean");
}

/* participation_headline.csv and the indicator table's first rows: the
 * same numbers, hidden by the same flags. */
static int headline(ctx *x)
{
    char path[4096];
    pv_csvw w;
    pv_csvw_open(&w, pv_path(path, sizeof path, x->outdir, "participation_headline.csv"), x->err);
    if (x->hd_mean)
        pv_csvw_header(&w, headline_mean_cols, PV_NCOLS(headline_mean_cols));
    else
        pv_csvw_header(&w, headline_cols, HD_NCOLS);
    for (int i = 0; i < x->m->ni; i++) {
        const pv_mindicator *d = &x->m->ind[i];
        if (d->kind == PV_K_COUNT_BY) {
            count_by_rows(x, d, &w);
            continue;
        }
        if (d->kind == PV_K_MEAN) {
            headline_mean(x, i, &w);
            continue;
        }
        long count = x->cnt[i], denom = x->den[i];
        unsigned char fc = flag_of(x, d, x->cell[i]);
        unsigned char fd = denom >= 0 ? flag_of(x, d, x->dcell[i]) : 0;
        double lo = NAN, hi = NAN, p = NAN;
        char sup[128] = "";
        if (denom >= 0 && !fc && !fd)
            p = pv_wilson(count, denom, 0.95, &lo, &hi);
        if (d->headline) {
            pv_suppress_mark(sup, sizeof sup, headline_cols[HD_COUNT], fc);
            pv_suppress_mark(sup, sizeof sup, headline_cols[HD_DENOMINATOR], fd);
            pv_csvw_str(&w, d->id);
            pv_csvw_str(&w, d->label[PV_LANG_FR]);
            pv_csvw_str(&w, d->label[PV_LANG_EN]);
            fc ? pv_csvw_str(&w, NULL) : pv_csvw_int(&w, count);
            denom >= 0 && !fd ? pv_csvw_int(&w, denom) : pv_csvw_str(&w, NULL);
            pv_csvw_num(&w, p);
            if (x->hd_mean)
                pv_csvw_str(&w, NULL);
            pv_csvw_num(&w, lo);
            pv_csvw_num(&w, hi);
            pv_csvw_str(&w, sup);
            if (x->hd_mean)
                pv_csvw_str(&w, NULL);
            pv_csvw_end(&w);
        }
        const char *label = lang_label(x, d->label[PV_LANG_FR], d->label[PV_LANG_EN]);
        if (denom >= 0)
            indicator(x, d->id, label, fd ? -1 : denom, p, lo, hi, "proportion");
        else
            indicator(x, d->id, label, fc ? -1 : count, fc ? NAN : (double)count, NAN, NAN,
                      "count");
    }
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* The linked sets                                                    */
/* ------------------------------------------------------------------ */

/* Relation: the cells of the rows of table sub (by a ref column) whose
 * referenced row has value k in column col sum to row k of table up (by
 * that ref column's col), column by column. */
static void nest(ctx *x, pv_sdc *s, const tab *sub, const tab *up)
{
    const pv_colpath *p = &up->m->by;
    const pv_vtable *ref = &x->t[p->unit[p->n - 1]];
    size_t col = (size_t)p->col[p->n - 1];
    int *m = pv_xnmalloc(ref->n + 1, sizeof *m), last = up->b.nc > 1 ? up->b.nc : 0;
    for (int k = 0; k < up->b.nr; k++)
        for (int c = 0; c <= last; c++) {
            int n = 0;
            for (size_t t = 0; t < ref->n; t++)
                if (pv_vtable_val(ref, t, col).i == k)
                    m[n++] = pv_breakdown_cell_id(&sub->b, (int)t, c);
            pv_sdc_relation(s, m, n, pv_breakdown_cell_id(&up->b, k, c));
        }
    free(m);
}

/* Whether table up (by "a.b.c") is table sub (by "a.b", a ref column)
 * summed over the referenced rows' values of c. */
static int nests(const pv_mbreakdown *sub, const pv_mbreakdown *up)
{
    if (sub->kind != PV_BY_REF || up->kind != PV_BY_CODE || sub->unit != up->unit ||
        sub->split != up->split || up->by.n != sub->by.n + 1)
        return 0;
    for (int i = 0; i < sub->by.n; i++)
        if (sub->by.col[i] != up->by.col[i] || sub->by.unit[i] != up->by.unit[i])
            return 0;
    return 1;
}

/* The cells of a split's yes and no, among the unit's total: the share
 * indicator "split=yes" of the whole unit when declared, else new. */
static int split_cells(ctx *x, const pv_mbreakdown *b)
{
    for (int i = 0; i < x->m->ni; i++) {
        const pv_mindicator *d = &x->m->ind[i];
        const pv_clause *cl = d->num.c;
        if (d->kind == PV_K_SHARE && d->unit == b->unit && !d->den.n && d->num.n == 1 &&
            cl->path.n == 1 && cl->path.col[0] == b->split && cl->op == PV_OP_EQ &&
            cl->num[0] == 1)
            return x->cell[i];
    }
    long yes = 0;
    for (size_t r = 0; r < x->t[b->unit].n; r++)
        yes += !split_col(x, b, r);
    return split(&x->sdc[b->unit], yes, (long)x->t[b->unit].n, x->c_unit[b->unit]);
}

/* Whether every value of category k of table t meets clause cl (1), none
 * does (0), or some do (-1). */
static int category_meets(const tab *t, int k, const pv_clause *cl)
{
    const pv_mbreakdown *b = t->m;
    if (b->kind == PV_BY_CODE) {
        int in = 0;
        for (int i = 0; i < cl->nv; i++)
            in |= cl->num[i] == k;
        return cl->op == PV_OP_NE ? !in : cl->op == PV_OP_EQ || cl->op == PV_OP_IN ? in : -1;
    }
    double lo = b->lo[k], hi = b->hi[k], v = cl->num[0];
    switch (cl->op) {
    case PV_OP_LE: return hi <= v ? 1 : lo > v ? 0 : -1;
    case PV_OP_LT: return hi < v ? 1 : lo >= v ? 0 : -1;
    case PV_OP_GE: return lo >= v ? 1 : hi < v ? 0 : -1;
    case PV_OP_GT: return lo > v ? 1 : hi <= v ? 0 : -1;
    default: return -1;
    }
}

/* A share of the whole unit on one column (or the n of a mean over a
 * condition on one column, its own cell), and a one-column table of that
 * column (codes or bands): the categories inside the condition sum to its
 * count, those outside to the rest -- when they do. */
static void share_relations(ctx *x, pv_sdc *s, int i, const tab *t)
{
    const pv_mindicator *d = &x->m->ind[i];
    const pv_cond *cond = d->kind == PV_K_MEAN ? &d->den : &d->num;
    const pv_clause *cl = cond->c;
    const pv_breakdown *b = &t->b;
    int ok = (d->kind == PV_K_SHARE && !d->den.n) || (d->kind == PV_K_MEAN && x->den[i] >= 0);
    if (!ok || d->unit != t->m->unit || cond->n != 1 ||
        t->m->split >= 0 || (t->m->kind != PV_BY_CODE && t->m->kind != PV_BY_BANDS) ||
        memcmp(&cl->path, &t->m->by, sizeof cl->path))
        return;
    int *in = pv_xnmalloc((size_t)b->nr + 1, sizeof *in), *out = pv_xnmalloc((size_t)b->nr + 1, sizeof *out);
    int ni = 0, no = 0, mixed = 0;
    long sin = 0, sout = 0;
    for (int k = 0; k < b->nr; k++) {
        int m = category_meets(t, k, cl);
        mixed |= m < 0;
        if (m > 0)
            in[ni++] = pv_breakdown_cell_id(b, k, 0), sin += b->counts[k * 2];
        else if (m == 0)
            out[no++] = pv_breakdown_cell_id(b, k, 0), sout += b->counts[k * 2];
    }
    if (!mixed && sin == x->cnt[i])
        pv_sdc_relation(s, in, ni, x->cell[i]);
    if (!mixed && sout == x->den[i] - x->cnt[i])
        pv_sdc_relation(s, out, no, x->cell[i] + 1);
    free(in), free(out);
}

/* One suppression per unit of people, over every table that shows it. */
static void link_unit(ctx *x, int u)
{
    pv_sdc *s = &x->sdc[u];
    const pv_model *m = x->m;
    long n = (long)x->t[u].n;
    for (int j = 0; j < m->nb; j++) {
        tab *t = &x->tab[j];
        const pv_mbreakdown *b = &m->bd[j];
        if (b->unit != u || b->kind == PV_BY_CUMULATIVE)
            continue;
        int tr[3] = {-1, -1, x->c_unit[u]}, *total = NULL;
        if (b->split >= 0) {
            tr[0] = split_cells(x, b);
            tr[1] = tr[0] + 1;
            total = *pv_breakdown_cell(&t->b, t->b.nr, 0) + *pv_breakdown_cell(&t->b, t->b.nr, 1) == n
                        ? tr : NULL;
        } else {
            long all = 0;
            for (int k = 0; k < t->b.nr; k++)
                all += *pv_breakdown_cell(&t->b, k, 0);
            total = all == n ? &tr[2] : NULL;
        }
        pv_breakdown_link(&t->b, s, total);
    }
    for (int j = 0; j < m->nb; j++)
        for (int i = 0; i < m->nb; i++)
            if (m->bd[j].unit == u && nests(&m->bd[i], &m->bd[j]))
                nest(x, s, &x->tab[i], &x->tab[j]);
    for (int i = 0; i < m->ni; i++)
        for (int j = 0; j < m->nb; j++)
            if (m->bd[j].unit == u && m->bd[j].kind != PV_BY_CUMULATIVE)
                share_relations(x, s, i, &x->tab[j]);
    pv_sdc_solve(s, x->d->cfg.threshold);
    for (int j = 0; j < m->nb; j++)
        if (m->bd[j].unit == u && m->bd[j].kind != PV_BY_CUMULATIVE)
            pv_breakdown_take(&x->tab[j].b, s);
}

/* The flag of the count a table's row of means averages (its row total). */
static unsigned char row_count_flag(const pv_breakdown *b, int r)
{
    return b->flag[r * (b->nc + 1) + (b->nc > 1 ? b->nc : 0)];
}

static long row_count(const pv_breakdown *b, int r)
{
    return b->counts[r * (b->nc + 1) + (b->nc > 1 ? b->nc : 0)];
}

/* Whether a mean of unit u over path p is in the group of (u0, p0). */
static int same_mean(int u, const pv_colpath *p, int u0, const pv_colpath *p0)
{
    return u == u0 && !memcmp(p, p0, sizeof *p);
}

/* The most categories of any table (for a buffer). */
static size_t max_rows(const ctx *x)
{
    size_t n = 0;
    for (int j = 0; j < x->m->nb; j++)
        if (x->tab[j].b.nr > 0 && (size_t)x->tab[j].b.nr > n)
            n = (size_t)x->tab[j].b.nr;
    return n;
}

/* The means of one number column of unit u (headline means, tables' means
 * per category): one set of cells and relations, solved after the counts
 * (pv_sdc_solve_means).  A mean starts hidden when the count it averages
 * is hidden. */
static void link_mean_group(ctx *x, int u, const pv_colpath *p)
{
    const pv_model *m = x->m;
    pv_sdc s = {0};
    int *hc = pv_xnmalloc((size_t)m->ni + 1, sizeof *hc), **tc = pv_xcalloc((size_t)m->nb + 1, sizeof *tc);
    int whole = -1, one[1];
    for (int i = 0; i < m->ni; i++) {
        const pv_mindicator *d = &m->ind[i];
        hc[i] = -1;
        if (d->kind != PV_K_MEAN || !same_mean(d->unit, &d->col, u, p))
            continue;
        hc[i] = pv_sdc_cell(&s, x->cnt[i]);
        s.flag[hc[i]] = flag_of(x, d, x->cell[i]);
    }
    for (int j = 0; j < m->nb; j++) {
        const pv_breakdown *b = &x->tab[j].b;
        if (!m->bd[j].has_mean || !same_mean(m->bd[j].unit, &m->bd[j].mean, u, p))
            continue;
        tc[j] = pv_xnmalloc((size_t)b->nr + 1, sizeof *tc[j]);
        for (int r = 0; r <= b->nr; r++) {
            tc[j][r] = pv_sdc_cell(&s, row_count(b, r));
            s.flag[tc[j][r]] = row_count_flag(b, r);
        }
        pv_sdc_relation(&s, tc[j], b->nr, tc[j][b->nr]); /* the rows' sums add up */
    }
    /* the same mean in several places: over the whole unit (a headline mean
     * without condition, the total row of a table that counts every row) */
    for (int i = 0; i < m->ni; i++)
        if (hc[i] >= 0 && !m->ind[i].den.n) {
            if (whole >= 0)
                one[0] = hc[i], pv_sdc_relation(&s, one, 1, whole);
            else
                whole = hc[i];
        }
    for (int j = 0; j < m->nb; j++)
        if (tc[j] && row_count(&x->tab[j].b, x->tab[j].b.nr) == (long)x->t[u].n) {
            if (whole >= 0)
                one[0] = tc[j][x->tab[j].b.nr], pv_sdc_relation(&s, one, 1, whole);
            else
                whole = tc[j][x->tab[j].b.nr];
        }
    /* a headline mean over one clause on the column of a table by codes or
     * bands: the sums of the categories inside it add up to its sum */
    int *in = pv_xnmalloc(max_rows(x) + 1, sizeof *in);
    for (int i = 0; i < m->ni; i++) {
        const pv_mindicator *d = &m->ind[i];
        const pv_clause *cl = d->den.c;
        if (hc[i] < 0 || d->den.n != 1)
            continue;
        for (int j = 0; j < m->nb; j++) {
            const tab *t = &x->tab[j];
            int n = 0, mixed = 0;
            if (!tc[j] || (m->bd[j].kind != PV_BY_CODE && m->bd[j].kind != PV_BY_BANDS) ||
                memcmp(&cl->path, &m->bd[j].by, sizeof cl->path))
                continue;
            for (int k = 0; k < t->b.nr; k++) {
                int meets = category_meets(t, k, cl);
                mixed |= meets < 0;
                if (meets > 0)
                    in[n++] = tc[j][k];
            }
            if (!mixed)
                pv_sdc_relation(&s, in, n, hc[i]);
        }
    }
    free(in);
    /* tables by a ref column nested in tables by a code of the referenced unit */
    for (int j = 0; j < m->nb; j++)
        for (int i = 0; i < m->nb; i++)
            if (tc[i] && tc[j] && nests(&m->bd[i], &m->bd[j])) {
                const pv_colpath *up = &m->bd[j].by;
                const pv_vtable *ref = &x->t[up->unit[up->n - 1]];
                int *mem = pv_xnmalloc(ref->n + 1, sizeof *mem);
                for (int k = 0; k < x->tab[j].b.nr; k++) {
                    int n = 0;
                    for (size_t t = 0; t < ref->n; t++)
                        if (pv_vtable_val(ref, t, (size_t)up->col[up->n - 1]).i == k)
                            mem[n++] = tc[i][t];
                    pv_sdc_relation(&s, mem, n, tc[j][k]);
                }
                free(mem);
            }
    /* bands of the same column with a hidden count: the mean over the whole
     * unit is one more equation on the bands' counts (docs/METHODS.md) */
    for (int j = 0; j < m->nb && whole >= 0; j++) {
        const pv_breakdown *b = &x->tab[j].b;
        if (m->bd[j].kind != PV_BY_BANDS || !same_mean(m->bd[j].unit, &m->bd[j].by, u, p))
            continue;
        if (pv_suppress_derived(b->flag, (size_t)((b->nr + 1) * (b->nc + 1))) && !s.flag[whole])
            s.flag[whole] = PV_CELL_COMPLEMENTARY;
    }
    pv_sdc_solve_means(&s, x->d->cfg.threshold);
    for (int i = 0; i < m->ni; i++)
        if (hc[i] >= 0)
            x->mflag[i] = s.flag[hc[i]];
    for (int j = 0; j < m->nb; j++) {
        for (int r = 0; tc[j] && r <= x->tab[j].b.nr; r++)
            x->tab[j].b.mean_flag[r] = s.flag[tc[j][r]];
        free(tc[j]);
    }
    free(hc), free(tc);
    pv_sdc_free(&s);
}

/* Every group of means: one per unit and number column. */
static void link_means(ctx *x)
{
    const pv_model *m = x->m;
    for (int i = 0; i < m->ni; i++) {
        const pv_mindicator *d = &m->ind[i];
        int first = d->kind == PV_K_MEAN;
        for (int k = 0; k < i && first; k++)
            first = !(m->ind[k].kind == PV_K_MEAN && same_mean(m->ind[k].unit, &m->ind[k].col, d->unit, &d->col));
        if (first)
            link_mean_group(x, d->unit, &d->col);
    }
    for (int j = 0; j < m->nb; j++) {
        const pv_mbreakdown *b = &m->bd[j];
        int first = b->has_mean;
        for (int i = 0; i < m->ni && first; i++)
            first = !(m->ind[i].kind == PV_K_MEAN && same_mean(m->ind[i].unit, &m->ind[i].col, b->unit, &b->mean));
        for (int k = 0; k < j && first; k++)
            first = !(m->bd[k].has_mean && same_mean(m->bd[k].unit, &m->bd[k].mean, b->unit, &b->mean));
        if (first)
            link_mean_group(x, b->unit, &b->mean);
    }
}

/* ------------------------------------------------------------------ */
/* Bootstrap replicates of the share indicators                       */
/* ------------------------------------------------------------------ */

/* hidden: the share is hidden in the tables, so in every replicate too */
static void share_row(pv_csvw *w, long b, const char *id, long k, long n, int thr, int hidden)
{
    double lo = NAN, hi = NAN, p = NAN;
    if (!hidden && n > 0 && !(k > 0 && k < thr) && !(n - k > 0 && n - k < thr))
        p = pv_wilson(k, n, 0.95, &lo, &hi);
    pv_replicate(w, b, id, p, lo, hi);
}

/* A mean from the sums of its n values minus c, s1, and of their squares,
 * s2 (shifted by the sample's mean: no cancellation); hidden when the
 * tables hide it or the replicate has fewer than thr values. */
static void mean_row(pv_csvw *w, long b, const char *id, long n, double c, double s1, double s2,
                     int thr, int hidden)
{
    double v = NAN, lo = NAN, hi = NAN;
    if (!hidden && n > 0 && n >= thr) {
        v = c + s1 / (double)n;
        if (n > 1) {
            double var = (s2 - s1 * s1 / (double)n) / (double)(n - 1);
            double half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sqrt(var > 0 ? var : 0) /
                          sqrt((double)n);
            lo = v - half, hi = v + half;
        }
    }
    pv_replicate(w, b, id, v, lo, hi);
}

/* Per row of the sample unit, for each of the nm mean indicators, the sum
 * of its rows' values minus the mean, then of their squares. */
static double *mean_sums(const ctx *x, int nm)
{
    const pv_model *m = x->m;
    size_t nf = x->t[m->sample].n, w = 2 * (size_t)nm;
    double *ms = pv_xcalloc(pv_xmul(nf, w) + 1, sizeof *ms);
    for (int i = 0, q = 0; i < m->ni; i++) {
        const pv_mindicator *d = &m->ind[i];
        if (d->kind != PV_K_MEAN)
            continue;
        double c = isnan(x->mv[i]) ? 0 : x->mv[i];
        for (size_t r = 0; r < x->t[d->unit].n; r++)
            if (pv_cond_holds(m, &d->den, x->t, r)) {
                size_t f = d->unit == m->sample ? r : pv_path_row(&m->u[d->unit].up, x->t, r);
                double v = pv_path_num(m, &d->col, x->t, r) - c;
                ms[f * w + 2 * (size_t)q] += v;
                ms[f * w + 2 * (size_t)q + 1] += v * v;
            }
        q++;
    }
    return ms;
}

/* A headline count, hidden in every replicate when the table hides it. */
static void count_row(pv_csvw *w, long b, const char *id, long k, int hidden)
{
    pv_replicate(w, b, id, hidden ? NAN : (double)k, NAN, NAN);
}

static int share_hidden(const pv_breakdown *b, int r)
{
    double lo, hi;
    return isnan(pv_breakdown_share(b, r, &lo, &hi));
}

/* What a replicate counts: the rows of a unit of people that meet two
 * conditions and, for a table, fall in category cat (-2: in any) of it,
 * in the split's column col (-1: either). */
typedef struct {
    int unit;
    const pv_cond *a, *b;
    int bd, cat, col;
} tally;

typedef struct {
    tally *v;
    int n;
} tallies;

static int add_tally(tallies *t, tally v)
{
    t->v = pv_xnrealloc(t->v, (size_t)t->n + 1, sizeof *t->v);
    t->v[t->n] = v;
    return t->n++;
}

static int tally_holds(const ctx *x, const tally *t, size_t r)
{
    if (t->a && !pv_cond_holds(x->m, t->a, x->t, r))
        return 0;
    if (t->b && !pv_cond_holds(x->m, t->b, x->t, r))
        return 0;
    if (t->bd < 0)
        return 1;
    int k = category(x, &x->m->bd[t->bd], r);
    if (k < 0 || k >= x->tab[t->bd].b.nr || (t->cat >= 0 && k != t->cat))
        return 0;
    return t->col < 0 || split_col(x, &x->m->bd[t->bd], r) == t->col;
}

/* The tallies of every indicator: [2i] count (or numerator), [2i+1]
 * denominator of indicator i; then per table with indicators, per category
 * its numerator and denominator.  -1: a constant. */
static int *plan(const ctx *x, tallies *t)
{
    const pv_model *m = x->m;
    size_t n = 2 * (size_t)m->ni;
    for (int j = 0; j < m->nb; j++)
        n += m->bd[j].indicator ? 2 * (size_t)x->tab[j].b.nr : 0;
    int *at = pv_xnmalloc(n + 1, sizeof *at), k = 0;
    for (int i = 0; i < m->ni; i++) {
        const pv_mindicator *d = &m->ind[i];
        int ppl = d->unit >= 0 && m->u[d->unit].role != PV_ROLE_PLACE;
        at[k++] = ppl ? add_tally(t, (tally){d->unit, d->kind == PV_K_MEAN ? &d->den : &d->num,
                                               d->kind == PV_K_SHARE ? &d->den : NULL, -1, -1, -1})
                      : -1;
        at[k++] = ppl && d->kind == PV_K_SHARE
                      ? add_tally(t, (tally){d->unit, &d->den, NULL, -1, -1, -1}) : -1;
    }
    for (int j = 0; j < m->nb; j++) {
        const pv_mbreakdown *b = &m->bd[j];
        int all = b->split >= 0 ? -1 : add_tally(t, (tally){b->unit, NULL, NULL, j, -2, -1});
        for (int r = 0; b->indicator && r < x->tab[j].b.nr; r++) {
            at[k++] = add_tally(t, (tally){b->unit, NULL, NULL, j, r, b->split >= 0 ? 0 : -1});
            at[k++] = b->split >= 0 ? add_tally(t, (tally){b->unit, NULL, NULL, j, r, -1}) : all;
        }
    }
    return at;
}

/* The kinds of row: the rows of one unit that meet the same tallies.  A
 * row of the sample unit's tallies are the sums of the tallies of its
 * rows' kinds (its own row's and its members'), so a replicate can sum
 * the drawn patterns' kinds (a few per pattern) and add each kind's sum
 * to the kind's tallies after, instead of summing every tally of every
 * pattern (at the 100x bench, 22 nonzero tallies a pattern): integer
 * sums, the same whatever their order. */
typedef struct {
    GHashTable *id;     /* key: the unit, then a '0' or '1' per tally -> kind + 1 */
    size_t n, capt;
    int *at, *tally;    /* kind j meets tally[at[j] .. at[j + 1] - 1] */
} kinds;

/* A replicate of the table: the sums of every tally over the drawn rows
 * of the sample unit (acc), then every indicator, in the table's order. */
typedef struct {
    ctx *x;
    const int *at;
    long *acc;       /* the tallies' sums */
    long *kacc;      /* the kinds' sums (pv_boot_sum), added to acc */
    const kinds *kd;
    int nt;          /* tallies */
    int nm;          /* mean indicators */
    double *msum;    /* per row of the sample unit, the means' sums (mean_sums) */
    double *macc;    /* 2 nm: those sums over the drawn rows */
    long **cby;      /* per count_by indicator, its count per code: the same in
                        every replicate, counted before the tables are
                        released (release_tables) */
} prep;

static void replicate_rows(void *vp, pv_csvw *w, long b, size_t s, const pv_boot_units *u)
{
    const prep *r = vp;
    ctx *x = r->x;
    const pv_model *m = x->m;
    const pv_dataset *d = x->d;
    const int *at = r->at, thr = d->cfg.threshold;
    long *acc = r->acc;
    char id[256];
    (void)s;
    pv_boot_sum(u, r->kacc);
    memset(acc, 0, (size_t)r->nt * sizeof *acc);
    for (size_t j = 0; j < u->width; j++) /* the kinds seen: width <= kd->n */
        for (int z = r->kd->at[j]; r->kacc[j] && z < r->kd->at[j + 1]; z++)
            acc[r->kd->tally[z]] += r->kacc[j];
    size_t nmd = 2 * (size_t)r->nm;
    if (nmd) { /* a pattern's rows have the same sums: its first row's, w times */
        memset(r->macc, 0, nmd * sizeof *r->macc);
        for (size_t p = 0; p < u->np; p++)
            for (size_t k = 0; u->w[p] && k < nmd; k++)
                r->macc[k] += (double)u->w[p] * r->msum[(size_t)u->first[p] * nmd + k];
    }
    for (int i = 0; i < m->ni; i++) { /* counts first, then shares */
        const pv_mindicator *di = &m->ind[i];
        if (di->kind == PV_K_SHARE || di->kind == PV_K_MEAN)
            continue;
        if (di->kind == PV_K_COUNT_BY) {
            const char *list = list_of(x, di);
            for (int k = 0; k < pv_codes_count(&d->codes, list); k++) /* places */
                count_row(w, b, pv_indicator_id(id, sizeof id, di->id,
                                                pv_codes_code(&d->codes, list, k), NULL),
                          r->cby[i][k], 0);
            continue;
        }
        count_row(w, b, di->id, at[2 * i] >= 0 ? acc[at[2 * i]] : x->cnt[i],
                  flag_of(x, di, x->cell[i]));
    }
    for (int i = 0, q = 0; i < m->ni; i++) {
        const pv_mindicator *di = &m->ind[i];
        if (di->kind == PV_K_SHARE)
            share_row(w, b, di->id, acc[at[2 * i]], acc[at[2 * i + 1]], thr,
                      flag_of(x, di, x->cell[i]) || flag_of(x, di, x->dcell[i]));
        if (di->kind == PV_K_MEAN) { /* with the shares: after the counts */
            mean_row(w, b, di->id, acc[at[2 * i]], isnan(x->mv[i]) ? 0 : x->mv[i],
                     r->macc[2 * q], r->macc[2 * q + 1], thr,
                     flag_of(x, di, x->cell[i]) || x->mflag[i]);
            q++;
        }
    }
    int k = 2 * m->ni;
    for (int j = 0; j < m->nb; j++) {
        const tab *t = &x->tab[j];
        for (int r = 0; m->bd[j].indicator && r < t->b.nr; r++, k += 2)
            share_row(w, b, pv_indicator_id(id, sizeof id, m->bd[j].indicator, t->c.key[r], NULL),
                      acc[at[k]], acc[at[k + 1]], thr, share_hidden(&t->b, r));
    }
}

/* The kind of row r of unit u, whose tallies are ut[0 .. nut - 1] (key:
 * room for nut + 16 characters). */
static uint32_t kind_of(const ctx *x, const tallies *tl, kinds *kd, int u, const int *ut,
                        int nut, size_t r, char *key)
{
    int len = snprintf(key, 16, "%d:", u);
    for (int i = 0; i < nut; i++)
        key[len + i] = tally_holds(x, &tl->v[ut[i]], r) ? '1' : '0';
    key[len + nut] = 0;
    gpointer v = g_hash_table_lookup(kd->id, key);
    if (v)
        return (uint32_t)GPOINTER_TO_SIZE(v) - 1;
    size_t j = kd->n++, m = 0;
    kd->at = pv_xnrealloc(kd->at, kd->n + 1, sizeof *kd->at);
    for (int i = 0; i < nut; i++)
        m += key[len + i] == '1';
    if ((size_t)kd->at[j] + m > kd->capt) {
        kd->capt = 2 * ((size_t)kd->at[j] + m) + 16;
        kd->tally = pv_xnrealloc(kd->tally, kd->capt, sizeof *kd->tally);
    }
    kd->at[j + 1] = kd->at[j];
    for (int i = 0; i < nut; i++)
        if (key[len + i] == '1')
            kd->tally[kd->at[j + 1]++] = ut[i];
    g_hash_table_insert(kd->id, g_strdup(key), GSIZE_TO_POINTER(j + 1));
    return (uint32_t)j;
}

/* The kinds of the rows of each unit with tallies, grouped by their row of
 * the sample unit: all the replicates need of the tables.  The kinds of
 * sample row f's rows of member unit u are kind[u][start[u][f] ..
 * start[u][f + 1] - 1], in file order; the sample unit's row f is of kind
 * kind[sample][f] (start NULL); a unit without tallies has neither.  The
 * kinds are numbered here in the tables' order (family_rows numbers them
 * again in the order of the rows of the sample unit). */
typedef struct {
    uint32_t **start, **kind;
} row_kinds;

static void read_kinds(const ctx *x, const tallies *tl, size_t nf, kinds *kd, row_kinds *rk)
{
    const pv_model *m = x->m;
    int sample = m->sample;
    int **ut = pv_xcalloc((size_t)m->nu + 1, sizeof *ut), *nut = pv_xcalloc((size_t)m->nu + 1,
                                                                          sizeof *nut);
    for (int k = 0; k < tl->n; k++) { /* per unit, its tallies (ut[u][0 .. nut[u] - 1]) */
        int u = tl->v[k].unit;
        ut[u] = pv_xnrealloc(ut[u], (size_t)nut[u] + 1, sizeof **ut);
        ut[u][nut[u]++] = k;
    }
    char *key = pv_xnmalloc((size_t)tl->n + 17, 1);
    rk->start = pv_xcalloc((size_t)m->nu + 1, sizeof *rk->start);
    rk->kind = pv_xcalloc((size_t)m->nu + 1, sizeof *rk->kind);
    kd->id = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    kd->at = pv_xcalloc(1, sizeof *kd->at);
    for (int u = 0; u < m->nu; u++) {
        size_t n = u == sample ? nf : x->t[u].n;
        if (!nut[u] || !nf)
            continue;
        uint32_t *kind = rk->kind[u] = pv_xnmalloc(n + 1, sizeof *kind);
        if (u == sample) {
            for (size_t f = 0; f < nf; f++)
                kind[f] = kind_of(x, tl, kd, u, ut[u], nut[u], f, key);
            continue;
        }
        /* a counting sort of the rows by their sample row (found twice,
         * not kept: 4 bytes a row less at the peak) */
        uint32_t *start = rk->start[u] = pv_xcalloc(nf + 2, sizeof *start);
        for (size_t r = 0; r < n; r++)
            start[(uint32_t)pv_path_row(&m->u[u].up, x->t, r) + 1]++;
        for (size_t f = 0; f < nf; f++)
            start[f + 1] += start[f];
        for (size_t r = 0; r < n; r++) /* start[f] moves to the end of f's rows... */
            kind[start[(uint32_t)pv_path_row(&m->u[u].up, x->t, r)]++] =
                kind_of(x, tl, kd, u, ut[u], nut[u], r, key);
        for (size_t f = nf; f > 0; f--) /* ...and back */
            start[f] = start[f - 1];
        start[0] = 0;
    }
    g_hash_table_destroy(kd->id);
    kd->id = NULL;
    for (int u = 0; u < m->nu; u++)
        free(ut[u]);
    free(ut), free(nut), free(key);
}

/* The tables the replicates resampled, once their rows' kinds are read
 * (read_kinds): nothing reads them after (the counts of places are taken
 * before: prep.cby), but a table whose rows are a breakdown's categories
 * (its ids and labels are the table's text).  At the 100x bench they are
 * some 120 of the stage's 130 MB of tables, freed before the engine's
 * patterns are built (20 MB more, that pushed the stage's peak to 173 MB). */
static void release_tables(ctx *x)
{
    const pv_model *m = x->m;
    unsigned char *keep = pv_xcalloc((size_t)m->nu + 1, 1);
    for (int j = 0; j < m->nb; j++) { /* build's PV_BY_REF: the rows of unit tu */
        const pv_colpath *by = &m->bd[j].by;
        if (m->bd[j].kind == PV_BY_REF)
            keep[m->u[by->unit[by->n - 1]].target[by->col[by->n - 1]]] = 1;
    }
    for (int u = 0; u < m->nu; u++)
        if (m->u[u].role != PV_ROLE_PLACE && !keep[u])
            pv_vtable_free(&x->d->t[u]);
    free(keep);
}

/* The patterns' rows of kinds (pv_boot_units_rows), growing: pattern p's
 * kinds col[at[p] ..], each with its count of rows val[]. */
typedef struct {
    size_t *at, nz, capz, capp;
    uint32_t *col, *val;
} krows;

static void krows_add(krows *k, size_t p, const uint32_t *kind, const uint32_t *cnt, size_t m)
{
    if (p + 2 > k->capp) {
        k->capp = 2 * (p + 2);
        k->at = pv_xnrealloc(k->at, k->capp, sizeof *k->at);
    }
    if (k->nz + m > k->capz) {
        k->capz = 2 * (k->nz + m) + 64;
        k->col = pv_xnrealloc(k->col, k->capz, sizeof *k->col);
        k->val = pv_xnrealloc(k->val, k->capz, sizeof *k->val);
    }
    k->at[p] = k->nz;
    memcpy(k->col + k->nz, kind, m * sizeof *kind);
    memcpy(k->val + k->nz, cnt, m * sizeof *cnt);
    k->nz += m;
    k->at[p + 1] = k->nz;
}

/* Each row of the sample unit, in order, to the engine, row after row, so
 * that only the patterns are kept (replicates.h), never the rows' n x
 * width tallies.  With means, a row is its tallies (how many of its own
 * and its members' rows each tally counts), then the bits of its means'
 * sums: the patterns are those of the tallies and means, whose sums are
 * added up per pattern in pattern order (floating point: the order is
 * part of the result), and what the replicates sum is each pattern's first
 * row's kinds (kinds above).  Without means, every sum is an integer: a
 * row is its kinds, the patterns those of the kinds (more of them, maybe:
 * two rows with other kinds may have the same tallies; the same sums),
 * and the tallies are never kept (at the 100x bench, 45 MB of them).
 * The rows' kinds are read's (read_kinds, numbered in the tables' order),
 * numbered again in kd in the order they are first met here, row after
 * row of the sample unit and unit after unit. */
static void family_rows(const ctx *x, const tallies *tl, size_t nf, const double *msum,
                        size_t nmd, size_t wall, pv_boot_units *units, const kinds *read,
                        const row_kinds *rk, kinds *kd)
{
    const pv_model *m = x->m;
    int sample = m->sample;
    size_t width = (size_t)tl->n;
    uint32_t *row = pv_xcalloc(wall + 1, sizeof *row);
    uint32_t *fk = NULL, *fc = NULL; /* the row's kinds, their counts */
    size_t cap = 0;
    /* slot[j]: where kind j is in fk, + 1; to[j]: read kind j's number in kd, + 1 */
    uint32_t *slot = pv_xcalloc(read->n + 1, sizeof *slot), *to = pv_xcalloc(read->n + 1,
                                                                         sizeof *to);
    krows kr = {0};
    kd->at = pv_xcalloc(read->n + 1, sizeof *kd->at);
    kd->tally = pv_xnmalloc((size_t)read->at[read->n] + 1, sizeof *kd->tally);
    pv_boot_units_begin(units, nmd ? wall : 0);
    for (size_t f = 0; f < nf; f++) {
        size_t nk = 0;
        memset(row, 0, width * sizeof *row);
        for (int u = 0; u < m->nu; u++) {
            if (!rk->kind[u])
                continue;
            size_t z0 = u == sample ? f : rk->start[u][f], z1 = u == sample ? f + 1
                                                                               : rk->start[u][f + 1];
            for (size_t z = z0; z < z1; z++) {
                uint32_t i = rk->kind[u][z];
                if (!to[i]) { /* first met: the next kind of kd */
                    size_t j = kd->n++;
                    kd->at[j + 1] = kd->at[j];
                    for (int y = read->at[i]; y < read->at[i + 1]; y++)
                        kd->tally[kd->at[j + 1]++] = read->tally[y];
                    to[i] = (uint32_t)kd->n;
                }
                uint32_t j = to[i] - 1;
                for (int y = kd->at[j]; y < kd->at[j + 1]; y++) /* the row's tallies */
                    row[kd->tally[y]]++;
                if (!slot[j]) {
                    if (nk == cap) {
                        cap = cap ? 2 * cap : 16;
                        fk = pv_xnrealloc(fk, cap, sizeof *fk);
                        fc = pv_xnrealloc(fc, cap, sizeof *fc);
                    }
                    fk[nk] = j, fc[nk] = 0, slot[j] = (uint32_t)++nk;
                }
                fc[slot[j] - 1]++;
            }
        }
        for (size_t i = 0; i < nk; i++)
            slot[fk[i]] = 0;
        if (!nmd) { /* no means: the kinds are the pattern (sorted: a sparse row) */
            for (size_t i = 1; i < nk; i++)
                for (size_t h = i; h > 0 && fk[h - 1] > fk[h]; h--) {
                    uint32_t t = fk[h]; fk[h] = fk[h - 1], fk[h - 1] = t;
                    t = fc[h], fc[h] = fc[h - 1], fc[h - 1] = t;
                }
            pv_boot_units_add_sparse(units, fk, fc, nk);
            continue;
        }
        memcpy(row + width, msum + f * nmd, nmd * sizeof *msum);
        size_t np = units->np;
        pv_boot_units_add(units, row);
        if (units->np > np) /* a new pattern: its rows of kinds */
            krows_add(&kr, np, fk, fc, nk);
    }
    if (nmd) {
        if (!kr.at)
            kr.at = pv_xcalloc(1, sizeof *kr.at);
        pv_boot_units_rows(units, kd->n, kr.at, kr.col ? kr.col : pv_xcalloc(1, sizeof *kr.col),
                           kr.val ? kr.val : pv_xcalloc(1, sizeof *kr.val));
    }
    pv_boot_units_end(units);
    free(row), free(fk), free(fc), free(slot), free(to);
}

/* Resample the rows of the sample unit (with replacement, as many as
 * there are; each keeps its members) and recompute every indicator of the
 * table: the shares, and the counts (those of places and months do not
 * change; those of members do).  A row of the sample unit is its tallies
 * (how many of its own and its members' rows each tally counts): rows
 * with the same tallies are one pattern of the engine (replicates.h), so
 * a replicate costs its draws and a sum over the patterns. */
static int write_replicates(ctx *x)
{
    const pv_model *m = x->m;
    const pv_dataset *d = x->d;
    int sample = m->sample;
    size_t nf = sample >= 0 ? x->t[sample].n : 0;
    char path[4096];
    tallies tl = {0};
    pv_boot_units units = {0};
    kinds kd = {0};
    prep r = {.x = x, .kd = &kd};
    if (d->cfg.replicates > 0) { /* else the header only */
        int *at = plan(x, &tl);
        for (int i = 0; i < m->ni; i++)
            r.nm += m->ind[i].kind == PV_K_MEAN;
        /* a row's tallies, then the bits of its means' sums (mean_sums): rows
         * are one pattern only when those are equal too; summed by the
         * engine like the tallies, those columns are not read (the means'
         * sums are added up from the patterns' first rows, replicate_rows) */
        size_t width = (size_t)tl.n, nmd = 2 * (size_t)r.nm,
               wall = width + 2 * nmd; /* a double: two 32-bit words */
        if (r.nm) {
            r.msum = mean_sums(x, r.nm);
            r.macc = pv_xcalloc(nmd + 1, sizeof *r.macc);
        }
        r.cby = pv_xcalloc((size_t)m->ni + 1, sizeof *r.cby);
        for (int i = 0; i < m->ni; i++)
            if (m->ind[i].kind == PV_K_COUNT_BY) {
                int nc = pv_codes_count(&d->codes, list_of(x, &m->ind[i]));
                r.cby[i] = pv_xcalloc((size_t)nc + 1, sizeof **r.cby);
                for (int k = 0; k < nc; k++)
                    r.cby[i][k] = count_code(x, &m->ind[i], k);
            }
        kinds read = {0};
        row_kinds rk = {0};
        read_kinds(x, &tl, nf, &read, &rk);
        release_tables(x);
        family_rows(x, &tl, nf, r.msum, nmd, wall, &units, &read, &rk, &kd);
        for (int u = 0; u < m->nu; u++)
            free(rk.start[u]), free(rk.kind[u]);
        free(rk.start), free(rk.kind), free(read.at), free(read.tally);
        r.at = at;
        r.nt = tl.n;
        r.acc = pv_xcalloc(width + 1, sizeof *r.acc);
        r.kacc = pv_xcalloc(kd.n + 1, sizeof *r.kacc);
    }
    /* one stratum, drawn in every replicate, even of no row */
    int st = pv_boot_run(pv_path(path, sizeof path, x->outdir,
                                 "indicators_participation_replicates.csv"),
                         d->cfg.replicates, d->cfg.seed + PV_SEED_PARTICIPATION, &units, 1,
                         replicate_rows, &r, x->err);
    pv_boot_units_free(&units);
    free(r.acc), free(r.kacc), free((int *)r.at), free(tl.v), free(r.msum), free(r.macc);
    free(kd.at), free(kd.tally);
    for (int i = 0; r.cby && i < m->ni; i++)
        free(r.cby[i]);
    free(r.cby);
    return st;
}

/* ------------------------------------------------------------------ */
/* Default figures                                                    */
/* ------------------------------------------------------------------ */

/* figures_participation.csv: a figure catalogue (data/README.md,
 * "figures.csv") with one figure per breakdown, worded from the
 * declarations alone (the unit's labels, the column's name), so that a new
 * dataset has its participation figures on its first run.  The figures
 * stage draws it first unless config.csv says default_figures,no; a
 * dataset's own figures.csv can start from a copy of it. */
enum { DF_FIGURE, DF_KIND, DF_DATA, DF_SERIES, DF_SERIES_FR, DF_SERIES_EN, DF_LABELS, DF_SORT,
       DF_TITLE_FR, DF_TITLE_EN, DF_SUB_FR, DF_SUB_EN, DF_AXIS_FR, DF_AXIS_EN, DF_SOURCE_FR,
       DF_SOURCE_EN, DF_AXIS_MIN, DF_AXIS_MAX, DF_SUBSET, DF_NCOLS };
static const char *const figure_cols[DF_NCOLS] = {
    [DF_FIGURE] = "figure", [DF_KIND] = "kind", [DF_DATA] = "data", [DF_SERIES] = "series",
    [DF_SERIES_FR] = "series_fr", [DF_SERIES_EN] = "series_en", [DF_LABELS] = "labels",
    [DF_SORT] = "sort", [DF_TITLE_FR] = "title_fr", [DF_TITLE_EN] = "title_en",
    [DF_SUB_FR] = "subtitle_fr", [DF_SUB_EN] = "subtitle_en", [DF_AXIS_FR] = "axis_fr",
    [DF_AXIS_EN] = "axis_en", [DF_SOURCE_FR] = "source_fr", [DF_SOURCE_EN] = "source_en",
    [DF_AXIS_MIN] = "axis_min", [DF_AXIS_MAX] = "axis_max", [DF_SUBSET] = "subset"};

/* A unit's label in language l, else in the other, else its name. */
static const char *unit_label(const pv_unit *u, int l)
{
    return *u->label[l] ? u->label[l] : *u->label[!l] ? u->label[!l] : u->name;
}

/* The share indicator of the whole unit that a split breakdown breaks
 * down: kind share, the same unit, no denominator, numerator "split=yes".
 * Returns its index, or -1. */
static int split_share(const pv_model *m, const pv_mbreakdown *b)
{
    for (int i = 0; i < m->ni; i++) {
        const pv_mindicator *d = &m->ind[i];
        const pv_clause *k = d->num.n == 1 ? &d->num.c[0] : NULL;
        if (d->kind == PV_K_SHARE && d->unit == b->unit && d->den.n == 0 && k &&
            k->path.n == 1 && k->path.col[0] == b->split && k->op == PV_OP_EQ && k->nv == 1 &&
            k->num && k->num[0] == 1)
            return i;
    }
    return -1;
}

/* A row of figures_participation.csv (NULL fields empty). */
static void figure_row(pv_csvw *w, const char *const row[DF_NCOLS])
{
    for (int c = 0; c < DF_NCOLS; c++)
        pv_csvw_str(w, row[c] ? row[c] : "");
    pv_csvw_end(w);
}

/* After a split breakdown's bars whose categories declare share indicators
 * (its `indicator` prefix), its shares by category with their intervals
 * and the overall share as reference (share_ci), when indicators.csv
 * declares that share of the whole unit. */
static void share_figure(pv_csvw *w, const pv_model *m, const pv_mbreakdown *b,
                         const char *const by[2])
{
    int i = b->split >= 0 && b->indicator && b->kind != PV_BY_MONTH &&
                    b->kind != PV_BY_CUMULATIVE ? split_share(m, b) : -1;
    if (i < 0)
        return;
    const pv_mindicator *d = &m->ind[i];
    const char *L[2];
    char f[512], data[512], l[2][512], t[2][1024];
    for (int k = 0; k < 2; k++) { /* ';' separates series labels */
        L[k] = *d->label[k] ? d->label[k] : *d->label[!k] ? d->label[!k] : d->id;
        char *c = g_strdup(L[k]);
        g_strdelimit(c, ";", ',');
        snprintf(l[k], sizeof l[k], "%s", c);
        g_free(c);
    }
    snprintf(f, sizeof f, "participation_%s_share", b->id);
    snprintf(data, sizeof data, "participation_%s.csv", b->id);
    snprintf(t[0], sizeof t[0], "%s selon %s", L[0], by[0]);
    snprintf(t[1], sizeof t[1], "%s by %s", L[1], by[1]);
    const char *row[DF_NCOLS] = {
        [DF_FIGURE] = f, [DF_KIND] = "share_ci", [DF_DATA] = data, [DF_SERIES] = d->id,
        [DF_SERIES_FR] = l[0], [DF_SERIES_EN] = l[1], [DF_LABELS] = "none",
        [DF_SORT] = b->kind == PV_BY_BANDS ? "none" : "desc", [DF_TITLE_FR] = t[0],
        [DF_TITLE_EN] = t[1], [DF_SUB_FR] = "Part et intervalle de confiance à 95 %",
        [DF_SUB_EN] = "Share with its 95% confidence interval", [DF_AXIS_FR] = "Part",
        [DF_AXIS_EN] = "Share"};
    figure_row(w, row);
}

static int default_figures(const ctx *x)
{
    const pv_model *m = x->m;
    char path[4096];
    pv_csvw w;
    pv_csvw_open(&w, pv_path(path, sizeof path, x->outdir, "figures_participation.csv"), x->err);
    pv_csvw_header(&w, figure_cols, DF_NCOLS);
    for (int j = 0; j < m->nb; j++) {
        const pv_mbreakdown *b = &m->bd[j];
        const pv_unit *u = &m->u[b->unit];
        const char *U[2] = {unit_label(u, PV_LANG_FR), unit_label(u, PV_LANG_EN)};
        const char *col = u->cols[b->by.col[0]].name; /* the column of the unit */
        const char *last = m->u[b->by.unit[b->by.n - 1]].cols[b->by.col[b->by.n - 1]].name;
        const char *sp = b->split >= 0 ? b->split_cols[0] : NULL;
        char f[512], data[512], series[512] = "", s_fr[512], s_en[512], t_fr[512], t_en[512],
            st_fr[512], st_en[512];
        snprintf(f, sizeof f, "participation_%s", b->id);
        snprintf(data, sizeof data, "participation_%s.csv", b->id);
        const char *kind = "hbar", *labels = "count_share", *sort = "desc";
        snprintf(s_fr, sizeof s_fr, "%s", U[0]); /* one series: the unit */
        snprintf(s_en, sizeof s_en, "%s", U[1]);
        switch (b->kind) {
        case PV_BY_MONTH:
            kind = "vbar_stacked", labels = "none", sort = "none";
            if (sp) { /* stacked by the split */
                snprintf(series, sizeof series, "%s;%s", b->split_cols[0], b->split_cols[1]);
                snprintf(s_fr, sizeof s_fr, "%s : oui;%s : non", sp, sp);
                snprintf(s_en, sizeof s_en, "%s: yes;%s: no", sp, sp);
            } else {
                snprintf(series, sizeof series, "%s", u->name);
            }
            snprintf(t_fr, sizeof t_fr, "%s par mois", U[0]);
            snprintf(t_en, sizeof t_en, "%s per month", U[1]);
            snprintf(st_fr, sizeof st_fr, "Nombre par mois (%s)", col);
            snprintf(st_en, sizeof st_en, "Number per month (%s)", col);
            break;
        case PV_BY_CUMULATIVE:
            kind = "line", labels = "none", sort = "none";
            snprintf(series, sizeof series, "cumulative%s%s", sp ? ";cumulative_" : "", sp ? sp : "");
            if (sp) { /* every row, and the rows whose split is yes */
                snprintf(s_fr, sizeof s_fr, "%s;%s : oui", U[0], sp);
                snprintf(s_en, sizeof s_en, "%s;%s: yes", U[1], sp);
            }
            snprintf(t_fr, sizeof t_fr, "%s depuis le début de la période", U[0]);
            snprintf(t_en, sizeof t_en, "%s since the start of the period", U[1]);
            snprintf(st_fr, sizeof st_fr, "Nombre cumulé par mois (%s)", col);
            snprintf(st_en, sizeof st_en, "Cumulative number per month (%s)", col);
            break;
        case PV_BY_REF: {
            int tu = m->u[b->by.unit[b->by.n - 1]].target[b->by.col[b->by.n - 1]];
            snprintf(t_fr, sizeof t_fr, "%s selon %s", U[0], unit_label(&m->u[tu], PV_LANG_FR));
            snprintf(t_en, sizeof t_en, "%s by %s", U[1], unit_label(&m->u[tu], PV_LANG_EN));
            goto bars;
        }
        case PV_BY_BANDS:
            sort = "none";
            /* fall through */
        case PV_BY_CODE:
            snprintf(t_fr, sizeof t_fr, "%s selon %s", U[0], last);
            snprintf(t_en, sizeof t_en, "%s by %s", U[1], last);
        bars:
            snprintf(series, sizeof series, "%s", sp ? "total" : u->name);
            snprintf(st_fr, sizeof st_fr, "Nombre (part du total)");
            snprintf(st_en, sizeof st_en, "Number (share of the total)");
            break;
        }
        const char *row[DF_NCOLS] = {
            [DF_FIGURE] = f, [DF_KIND] = kind, [DF_DATA] = data, [DF_SERIES] = series,
            [DF_SERIES_FR] = s_fr, [DF_SERIES_EN] = s_en, [DF_LABELS] = labels, [DF_SORT] = sort,
            [DF_TITLE_FR] = t_fr, [DF_TITLE_EN] = t_en, [DF_SUB_FR] = st_fr, [DF_SUB_EN] = st_en,
            [DF_AXIS_FR] = U[0], [DF_AXIS_EN] = U[1]};
        figure_row(&w, row);
        const char *by[2] = {last, last}; /* what the title says it is by */
        if (b->kind == PV_BY_REF) {
            const pv_unit *tu = &m->u[m->u[b->by.unit[b->by.n - 1]].target[b->by.col[b->by.n - 1]]];
            by[0] = unit_label(tu, PV_LANG_FR), by[1] = unit_label(tu, PV_LANG_EN);
        }
        share_figure(&w, m, b, by);
    }
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                        */
/* ------------------------------------------------------------------ */

int pv_participation_write(pv_dataset *d, const char *outdir, pv_err *err)
{
    const pv_model *m = &d->model;
    ctx x = {.d = d, .m = m, .t = d->t, .outdir = outdir, .err = err};
    char path[4096];
    x.tab = pv_xcalloc((size_t)m->nb + 1, sizeof *x.tab);
    x.sdc = pv_xcalloc((size_t)m->nu + 1, sizeof *x.sdc);
    x.c_unit = pv_xcalloc((size_t)m->nu + 1, sizeof *x.c_unit);
    x.cnt = pv_xcalloc((size_t)m->ni + 1, sizeof *x.cnt);
    x.den = pv_xcalloc((size_t)m->ni + 1, sizeof *x.den);
    x.cell = pv_xcalloc((size_t)m->ni + 1, sizeof *x.cell);
    x.dcell = pv_xcalloc((size_t)m->ni + 1, sizeof *x.dcell);
    x.mv = pv_xcalloc((size_t)m->ni + 1, sizeof *x.mv);
    x.mlo = pv_xcalloc((size_t)m->ni + 1, sizeof *x.mlo);
    x.mhi = pv_xcalloc((size_t)m->ni + 1, sizeof *x.mhi);
    x.mflag = pv_xcalloc((size_t)m->ni + 1, 1);
    for (int i = 0; i < m->ni; i++)
        x.hd_mean |= m->ind[i].kind == PV_K_MEAN;
    for (int j = 0; j < m->nb; j++)
        build(&x, &x.tab[j], &m->bd[j]);
    for (int u = 0; u < m->nu; u++) /* each unit's total: the first cell of its set */
        x.c_unit[u] = m->u[u].role == PV_ROLE_PLACE ? -1 : pv_sdc_cell(&x.sdc[u], (long)d->t[u].n);
    count_indicators(&x);
    for (int u = 0; u < m->nu; u++)
        if (m->u[u].role != PV_ROLE_PLACE)
            link_unit(&x, u);
    link_means(&x);
    pv_indicators_open(&x.ind, pv_path(path, sizeof path, outdir, "indicators_participation.csv"),
                       err);
    headline(&x);
    for (int j = 0; j < m->nb; j++)
        m->bd[j].kind == PV_BY_CUMULATIVE ? cumulative(&x, &m->bd[j]) : emit(&x, &x.tab[j]);
    write_replicates(&x);
    pv_csvw_close(&x.ind);
    default_figures(&x);
    for (int j = 0; j < m->nb; j++)
        tab_free(&x.tab[j]);
    for (int u = 0; u < m->nu; u++)
        pv_sdc_free(&x.sdc[u]);
    free(x.tab), free(x.sdc), free(x.c_unit), free(x.cnt), free(x.den), free(x.cell),
        free(x.dcell), free(x.mv), free(x.mlo), free(x.mhi), free(x.mflag);
    return err->status;
}

/* Remove the tables of an earlier run: participation_*.csv and
 * indicators_participation*.csv (a breakdown no longer declared must not
 * look current). */
static void remove_stale(const char *out)
{
    DIR *dp = opendir(out);
    struct dirent *de;
    char path[4096];
    if (!dp)
        return;
    while ((de = readdir(dp)))
        if (!strncmp(de->d_name, "participation_", 14) ||
            !strncmp(de->d_name, "indicators_participation", 24) ||
            !strcmp(de->d_name, "figures_participation.csv"))
            unlink(pv_path(path, sizeof path, out, de->d_name));
    closedir(dp);
}

int pv_participation_run(const char *in, const char *out, pv_err *err)
{
    pv_dataset d;
    pv_rejects rej = {0};
    int st = pv_dataset_load(&d, in, &rej, err);
    if (!st)
        remove_stale(out);
    if (!st && !d.has_participation) {
        /* a dataset without participation reports: no statistics, no
         * indicator table (the convergence reads the source as silent);
         * the headline is written with its header only, as the stage's
         * mark that it ran */
        char path[4096];
        pv_csvw w;
        pv_warn("%s: no units.csv (the participation model): no participation statistics", in);
        pv_csvw_open(&w, pv_path(path, sizeof path, out, "participation_headline.csv"), err);
        pv_csvw_header(&w, headline_cols, HD_NCOLS);
        st = pv_csvw_close(&w);
        pv_dataset_free(&d);
        return st;
    }
    if (!st && rej.n) {
        const pv_reject *e = &rej.v[0];
        st = pv_err_set(err, PV_EXIT_DATA,
                        "%s:%ld:%d: %s ('%s'); the clean tables must come from ingest",
                        e->file, e->line, e->column, e->reason, e->value);
    }
    if (!st)
        st = pv_participation_write(&d, out, err);
    pv_dataset_free(&d);
    pv_rejects_free(&rej);
    return st;
}
