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
    const pv_dataset *d;
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
            pv_csvw_num(&w, show[0] && show[1] && cum[0] ? (double)cum[1] / (double)cum[0] : NAN, 6);
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
            for (int c = HD_COUNT + 1; c < HD_NCOLS; c++)
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

/* participation_headline.csv and the indicator table's first rows: the
 * same numbers, hidden by the same flags. */
static int headline(ctx *x)
{
    char path[4096];
    pv_csvw w;
    pv_csvw_open(&w, pv_path(path, sizeof path, x->outdir, "participation_headline.csv"), x->err);
    pv_csvw_header(&w, headline_cols, HD_NCOLS);
    for (int i = 0; i < x->m->ni; i++) {
        const pv_mindicator *d = &x->m->ind[i];
        if (d->kind == PV_K_COUNT_BY) {
            count_by_rows(x, d, &w);
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
            pv_csvw_num(&w, p, 6);
            pv_csvw_num(&w, lo, 6);
            pv_csvw_num(&w, hi, 6);
            pv_csvw_str(&w, sup);
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

/* A share of the whole unit on one column, and a one-column table of
 * that column (codes or bands): the categories inside the condition sum
 * to its count, those outside to the rest -- when they do. */
static void share_relations(ctx *x, pv_sdc *s, int i, const tab *t)
{
    const pv_mindicator *d = &x->m->ind[i];
    const pv_clause *cl = d->num.c;
    const pv_breakdown *b = &t->b;
    if (d->kind != PV_K_SHARE || d->unit != t->m->unit || d->den.n || d->num.n != 1 ||
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
        at[k++] = ppl ? add_tally(t, (tally){d->unit, &d->num, d->kind == PV_K_SHARE ? &d->den : NULL,
                                               -1, -1, -1})
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

/* A replicate of the table: the sums of every tally over the drawn rows
 * of the sample unit (acc), then every indicator, in the table's order. */
typedef struct {
    ctx *x;
    const int *at;
    long *acc;
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
    pv_boot_sum(u, acc);
    for (int i = 0; i < m->ni; i++) { /* counts first, then shares */
        const pv_mindicator *di = &m->ind[i];
        if (di->kind == PV_K_SHARE)
            continue;
        if (di->kind == PV_K_COUNT_BY) {
            const char *list = list_of(x, di);
            for (int k = 0; k < pv_codes_count(&d->codes, list); k++) /* places */
                count_row(w, b, pv_indicator_id(id, sizeof id, di->id,
                                                pv_codes_code(&d->codes, list, k), NULL),
                          count_code(x, di, k), 0);
            continue;
        }
        count_row(w, b, di->id, at[2 * i] >= 0 ? acc[at[2 * i]] : x->cnt[i],
                  flag_of(x, di, x->cell[i]));
    }
    for (int i = 0; i < m->ni; i++) {
        const pv_mindicator *di = &m->ind[i];
        if (di->kind == PV_K_SHARE)
            share_row(w, b, di->id, acc[at[2 * i]], acc[at[2 * i + 1]], thr,
                      flag_of(x, di, x->cell[i]) || flag_of(x, di, x->dcell[i]));
    }
    int k = 2 * m->ni;
    for (int j = 0; j < m->nb; j++) {
        const tab *t = &x->tab[j];
        for (int r = 0; m->bd[j].indicator && r < t->b.nr; r++, k += 2)
            share_row(w, b, pv_indicator_id(id, sizeof id, m->bd[j].indicator, t->c.key[r], NULL),
                      acc[at[k]], acc[at[k + 1]], thr, share_hidden(&t->b, r));
    }
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
    prep r = {.x = x};
    if (d->cfg.replicates > 0) { /* else the header only */
        int *at = plan(x, &tl);
        size_t width = (size_t)tl.n;
        uint32_t *per = pv_xcalloc(pv_xmul(nf, width) + 1, sizeof *per);
        for (int k = 0; k < tl.n; k++) { /* each row adds to its sample row */
            const tally *t = &tl.v[k];
            const pv_unit *u = &m->u[t->unit];
            for (size_t rr = 0; rr < x->t[t->unit].n; rr++)
                if (tally_holds(x, t, rr))
                    per[(t->unit == sample ? rr : pv_path_row(&u->up, x->t, rr)) * width +
                        (size_t)k]++;
        }
        pv_boot_units_init(&units, per, nf, width); /* takes per */
        r.at = at;
        r.acc = pv_xcalloc(width + 1, sizeof *r.acc);
    }
    /* one stratum, drawn in every replicate, even of no row */
    int st = pv_boot_run(pv_path(path, sizeof path, x->outdir,
                                 "indicators_participation_replicates.csv"),
                         d->cfg.replicates, d->cfg.seed + PV_SEED_PARTICIPATION, &units, 1,
                         replicate_rows, &r, x->err);
    pv_boot_units_free(&units);
    free(r.acc), free((int *)r.at), free(tl.v);
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
        for (int c = 0; c < DF_NCOLS; c++)
            pv_csvw_str(&w, row[c] ? row[c] : "");
        pv_csvw_end(&w);
    }
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                        */
/* ------------------------------------------------------------------ */

int pv_participation_write(const pv_dataset *d, const char *outdir, pv_err *err)
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
    for (int j = 0; j < m->nb; j++)
        build(&x, &x.tab[j], &m->bd[j]);
    for (int u = 0; u < m->nu; u++) /* each unit's total: the first cell of its set */
        x.c_unit[u] = m->u[u].role == PV_ROLE_PLACE ? -1 : pv_sdc_cell(&x.sdc[u], (long)d->t[u].n);
    count_indicators(&x);
    for (int u = 0; u < m->nu; u++)
        if (m->u[u].role != PV_ROLE_PLACE)
            link_unit(&x, u);
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
        free(x.dcell);
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
