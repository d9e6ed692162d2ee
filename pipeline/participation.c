/* participation.c — counts, shares and intervals of the participation data
 * (see participation.h).  One pass over each table; every published table
 * goes through breakdown.c, so suppression applies everywhere. */
#include "participation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "breakdown.h"
#include "csvout.h"
#include "indicators.h"
#include "replicates.h"
#include "stage.h"

#include <gsl/gsl_rng.h>
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

/* Key of age band k, "0-5": the category of participation_age.csv and
 * the end of its indicator id. */
static char *band_key(char *buf, size_t n, const pv_config *cfg, int k)
{
    snprintf(buf, n, "%d-%d", cfg->band_lo[k], cfg->band_hi[k]);
    return buf;
}

static void cats_bands(cats *c, const pv_config *cfg)
{
    cats_alloc(c, cfg->n_bands);
    for (int i = 0; i < c->n; i++) {
        char *s = c->store + (size_t)i * 96;
        band_key(s, 16, cfg, i);
        snprintf(s + 16, 40, "%d à %d ans", cfg->band_lo[i], cfg->band_hi[i]);
        snprintf(s + 56, 40, "%d to %d years", cfg->band_lo[i], cfg->band_hi[i]);
        c->key[i] = s, c->fr[i] = s + 16, c->en[i] = s + 56;
    }
}

/* ------------------------------------------------------------------ */
/* Tables                                                             */
/* ------------------------------------------------------------------ */

/* One published table: its categories and counts. */
typedef struct {
    cats c;
    pv_breakdown b;
} tab;

/* The tables, their headline numbers and the linked sets of relations
 * between them (suppress.h): every count of families, children and
 * referrals is published once, whatever table shows it. */
typedef struct {
    const pv_dataset *d;
    const char *outdir;
    pv_err *err;
    pv_csvw ind;          /* indicators_participation.csv */
    tab month, region, carrier, territory, age, reach, dest, need;
    pv_sdc fam, chi, ref; /* families, children, referrals */
    long nfam, niso, nchi, nyoung, nref, nhead;
    int c_fam, c_iso, c_chi, c_young, c_ref, c_head;   /* their cells */
} ctx;

/* Indicator ids (indicators.h): the headline rows, then prefix_<key> for
 * the shares of a breakdown; the table and the replicates build them from
 * these names, with pv_indicator_id. */
enum { HL_TERRITORIES, HL_REGIONS, HL_MONTHS, HL_FAMILIES, HL_FAMILIES_ISOLATED, HL_CHILDREN,
       HL_CHILDREN_YOUNG, HL_REFERRALS, HL_REFERRALS_HEADLINE, HL_N };
static const char *const headline_id[HL_N] = {
    "territories", "regions", "months", "families", "families_isolated", "children",
    "children_young", "referrals", "referrals_headline"};
static const char ID_TER_CARRIER[] = "territories_carrier";
static const char ID_REGION[] = "families_isolated_region";
static const char ID_CARRIER[] = "families_isolated_carrier";
static const char ID_AGE[] = "children_age";
static const char ID_REACH[] = "families_reach";
static const char ID_DEST[] = "referrals_destination";
static const char ID_NEED[] = "referrals_need";

/* participation_cumulative.csv and participation_headline.csv */
enum { CUM_MONTH, CUM_LABEL_FR, CUM_LABEL_EN, CUM_CUMULATIVE, CUM_CUMULATIVE_ISOLATED,
       CUM_SHARE_ISOLATED, CUM_SUPPRESSED, CUM_NCOLS };
static const char *const cumulative_cols[CUM_NCOLS] = {
    [CUM_MONTH] = "month", [CUM_LABEL_FR] = "label_fr", [CUM_LABEL_EN] = "label_en",
    [CUM_CUMULATIVE] = "cumulative", [CUM_CUMULATIVE_ISOLATED] = "cumulative_isolated",
    [CUM_SHARE_ISOLATED] = "share_isolated", [CUM_SUPPRESSED] = "suppressed"};
enum { HD_INDICATOR, HD_LABEL_FR, HD_LABEL_EN, HD_COUNT, HD_DENOMINATOR, HD_SHARE, HD_CI_LOW,
       HD_CI_HIGH, HD_SUPPRESSED, HD_NCOLS };
static const char *const headline_cols[HD_NCOLS] = {
    [HD_INDICATOR] = "indicator", [HD_LABEL_FR] = "label_fr", [HD_LABEL_EN] = "label_en",
    [HD_COUNT] = "count", [HD_DENOMINATOR] = "denominator", [HD_SHARE] = "share",
    [HD_CI_LOW] = "ci_low", [HD_CI_HIGH] = "ci_high", [HD_SUPPRESSED] = "suppressed"};
/* The count columns of the breakdown tables (breakdown.h writes the rest). */
static const char *const iso_cols[] = {"isolated", "not_isolated"};
static const char *const fam_cols[] = {"families"};
static const char *const chi_cols[] = {"children"};
static const char *const ref_cols[] = {"referrals"};

static void indicator(ctx *x, const char *id, const char *label, long n, double v,
                      double lo, double hi, const char *unit)
{
    pv_indicator(&x->ind, "participation", id, label, n, v, lo, hi, unit);
}

/* Write a table; emit one share indicator per category (prefix_code). */
static int emit(ctx *x, tab *t, const char *file, const char *prefix)
{
    char path[4096], id[256];
    pv_breakdown *b = &t->b;
    const cats *c = &t->c;
    snprintf(path, sizeof path, "%s/%s", x->outdir, file);
    int st = pv_breakdown_write(b, path, x->err);
    for (int r = 0; prefix && r < b->nr && !st; r++) {
        double lo, hi, p = pv_breakdown_share(b, r, &lo, &hi);
        int den_r = b->nc == 1 ? b->nr : r, den_c = b->nc == 1 ? 0 : b->nc;
        long n = pv_breakdown_shown(b, den_r, den_c)
                     ? *pv_breakdown_cell(b, den_r, den_c) : -1;
        pv_indicator_id(id, sizeof id, prefix, c->key[r], NULL);
        indicator(x, id, x->d->cfg.lang == PV_LANG_EN ? c->en[r] : c->fr[r],
                  n, p, lo, hi, "proportion");
    }
    return st;
}

static void tab_init(ctx *x, tab *t, const char *key_name, int nc, const char *const *cols,
                     int share_col)
{
    t->b = (pv_breakdown){.key_name = key_name, .nc = nc, .col_name = cols,
                          .share_col = share_col};
    pv_breakdown_init(&t->b, t->c.n, nc);
    t->b.key = t->c.key;
    t->b.label_fr = t->c.fr;
    t->b.label_en = t->c.en;
    t->b.threshold = x->d->cfg.threshold;
}

static void tab_free(tab *t)
{
    pv_breakdown_free(&t->b);
    cats_free(&t->c);
}

/* Families by a territory attribute (region or carrier) x isolated. */
static int by_territory_attr(ctx *x, tab *t, int ter_col, const char *list)
{
    const pv_vtable *fam = &x->d->t[PV_T_FAMILIES], *ter = &x->d->t[PV_T_TERRITORIES];
    cats_from_list(&t->c, &x->d->codes, list);
    tab_init(x, t, list, PV_NCOLS(iso_cols), iso_cols, 0);
    for (size_t r = 0; r < fam->n; r++) {
        size_t tr = (size_t)pv_vtable_val(fam, r, FAM_TERRITORY).i;
        int k = (int)pv_vtable_val(ter, tr, (size_t)ter_col).i;
        int iso = (int)pv_vtable_val(fam, r, FAM_ISOLATED).i;
        (*pv_breakdown_cell(&t->b, k, iso ? 0 : 1))++;
    }
    return 0;
}

/* A table of table `vt` by the code column `col`: one count column,
 * named by colname (fam_cols, ref_cols). */
static int by_code(ctx *x, tab *t, pv_table_id id, int col, const char *list,
                   const char *const *colname, size_t ncol)
{
    const pv_vtable *vt = &x->d->t[id];
    cats_from_list(&t->c, &x->d->codes, list);
    tab_init(x, t, list, (int)ncol, colname, -1);
    for (size_t r = 0; r < vt->n; r++)
        (*pv_breakdown_cell(&t->b, (int)pv_vtable_val(vt, r, (size_t)col).i, 0))++;
    return 0;
}

static int monthly(ctx *x, tab *t)
{
    const pv_vtable *fam = &x->d->t[PV_T_FAMILIES];
    cats_months(&t->c, &x->d->cfg);
    tab_init(x, t, "month", PV_NCOLS(iso_cols), iso_cols, 0);
    for (size_t r = 0; r < fam->n; r++) {
        int m = month_index(&x->d->cfg, (int32_t)pv_vtable_val(fam, r, FAM_FIRST).i);
        int iso = (int)pv_vtable_val(fam, r, FAM_ISOLATED).i;
        (*pv_breakdown_cell(&t->b, m, iso ? 0 : 1))++;
    }
    return 0;
}

/* Running totals: cum(k) - cum(j) is the sum of the months j+1..k, so a
 * running total may be shown only when it includes none or all of the
 * months whose count is hidden (there are then >= 2 of them) -- and, when
 * it includes them all, only if the total they sum to is shown. */
static int cumulative(ctx *x)
{
    const pv_breakdown *b = &x->month.b;
    const cats *c = &x->month.c;
    char path[4096];
    pv_csvw w;
    long cum[2] = {0, 0};
    int hidden_all[2] = {0, 0}, hidden[2] = {0, 0}, total_shown[2];
    total_shown[0] = pv_breakdown_shown(b, b->nr, 2);
    total_shown[1] = pv_breakdown_shown(b, b->nr, 0);
    for (int m = 0; m < c->n; m++)
        hidden_all[0] += !pv_breakdown_shown(b, m, 2),
        hidden_all[1] += !pv_breakdown_shown(b, m, 0);
    snprintf(path, sizeof path, "%s/participation_cumulative.csv", x->outdir);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_header(&w, cumulative_cols, CUM_NCOLS);
    for (int m = 0; m < c->n; m++) {
        int show[2];
        char sup[128] = "";
        cum[0] += *pv_breakdown_cell((pv_breakdown *)b, m, 2);
        cum[1] += *pv_breakdown_cell((pv_breakdown *)b, m, 0);
        hidden[0] += !pv_breakdown_shown(b, m, 2);
        hidden[1] += !pv_breakdown_shown(b, m, 0);
        for (int k = 0; k < 2; k++)
            show[k] = hidden[k] == 0 || (hidden[k] == hidden_all[k] && total_shown[k]);
        pv_suppress_mark(sup, sizeof sup, cumulative_cols[CUM_CUMULATIVE],
                         show[0] ? 0 : PV_CELL_COMPLEMENTARY);
        pv_suppress_mark(sup, sizeof sup, cumulative_cols[CUM_CUMULATIVE_ISOLATED],
                         show[1] ? 0 : PV_CELL_COMPLEMENTARY);
        pv_csvw_str(&w, c->key[m]);
        pv_csvw_str(&w, c->fr[m]);
        pv_csvw_str(&w, c->en[m]);
        show[0] ? pv_csvw_int(&w, cum[0]) : pv_csvw_str(&w, NULL);
        show[1] ? pv_csvw_int(&w, cum[1]) : pv_csvw_str(&w, NULL);
        pv_csvw_num(&w, show[0] && show[1] && cum[0] ? (double)cum[1] / (double)cum[0] : NAN, 6);
        pv_csvw_str(&w, sup);
        pv_csvw_end(&w);
    }
    return pv_csvw_close(&w);
}

static int by_age(ctx *x, tab *t)
{
    const pv_vtable *chi = &x->d->t[PV_T_CHILDREN];
    const pv_config *cfg = &x->d->cfg;
    cats_bands(&t->c, cfg);
    tab_init(x, t, "age_band", PV_NCOLS(chi_cols), chi_cols, -1);
    for (size_t r = 0; r < chi->n; r++) {
        int age = (int)pv_vtable_val(chi, r, CHI_AGE).i;
        for (int k = 0; k < t->c.n; k++)
            if (age >= cfg->band_lo[k] && age <= cfg->band_hi[k])
                (*pv_breakdown_cell(&t->b, k, 0))++;
    }
    return 0;
}

/* Families per territory x isolated. */
static int by_territory(ctx *x, tab *t)
{
    const pv_vtable *ter = &x->d->t[PV_T_TERRITORIES], *fam = &x->d->t[PV_T_FAMILIES];
    cats_alloc(&t->c, (int)ter->n);
    for (size_t r = 0; r < ter->n; r++)
        t->c.key[r] = pv_vtable_str(ter, r, TER_ID),
        t->c.fr[r] = t->c.en[r] = pv_vtable_str(ter, r, TER_NAME);
    tab_init(x, t, "territory_id", PV_NCOLS(iso_cols), iso_cols, 0);
    for (size_t r = 0; r < fam->n; r++) {
        int tr = (int)pv_vtable_val(fam, r, FAM_TERRITORY).i;
        (*pv_breakdown_cell(&t->b, tr, pv_vtable_val(fam, r, FAM_ISOLATED).i ? 0 : 1))++;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Headline                                                           */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *id, *fr, *en;
    long count, denom;    /* denom < 0: a plain count */
    int cell, dcell;      /* cells in the linked sets; -1: not a count of people */
    const pv_sdc *s;
} headline_row;

static long count_if(const pv_vtable *vt, int col, int (*pred)(const pv_dataset *, int64_t),
                     const pv_dataset *d)
{
    long n = 0;
    for (size_t r = 0; r < vt->n; r++)
        n += pred(d, pv_vtable_val(vt, r, (size_t)col).i) != 0;
    return n;
}

static int is_true(const pv_dataset *d, int64_t v) { (void)d; return v != 0; }
static int is_young(const pv_dataset *d, int64_t v) { return v <= d->cfg.young_age_max; }
static int is_headline_dest(const pv_dataset *d, int64_t v)
{
    const char *code = pv_codes_code(&d->codes, "destination", (int)v);
    for (int i = 0; i < d->cfg.n_headline; i++)
        if (strcmp(code, d->cfg.headline[i]) == 0)
            return 1;
    return 0;
}

/* Distinct values of a code column of territories. */
static long distinct(const pv_vtable *vt, int col)
{
    unsigned char seen[4096] = {0};
    long n = 0;
    for (size_t r = 0; r < vt->n; r++) {
        int64_t v = pv_vtable_val(vt, r, (size_t)col).i;
        if (v >= 0 && v < 4096 && !seen[v])
            seen[v] = 1, n++;
    }
    return n;
}

/* Counts of territories, regions and months are not counts of people:
 * they are published whatever their size (the tables list them anyway). */
static int headline(ctx *x)
{
    const pv_dataset *d = x->d;
    const pv_vtable *ter = &d->t[PV_T_TERRITORIES];
    int months = month_index(&d->cfg, d->cfg.period_end) + 1;
    headline_row rows[] = {
        {headline_id[HL_TERRITORIES], "Territoires", "Territories", (long)ter->n, -1, -1, -1, NULL},
        {headline_id[HL_REGIONS], "Régions", "Regions", distinct(ter, TER_REGION), -1, -1, -1, NULL},
        {headline_id[HL_MONTHS], "Mois de la période", "Months in the period", months, -1, -1, -1, NULL},
        {headline_id[HL_FAMILIES], "Familles rejointes", "Families reached", x->nfam, -1, x->c_fam, -1,
         &x->fam},
        {headline_id[HL_FAMILIES_ISOLATED], "Familles isolées", "Isolated families", x->niso, x->nfam,
         x->c_iso, x->c_fam, &x->fam},
        {headline_id[HL_CHILDREN], "Enfants", "Children", x->nchi, -1, x->c_chi, -1, &x->chi},
        {headline_id[HL_CHILDREN_YOUNG], "Enfants de 0 à 5 ans", "Children aged 0 to 5", x->nyoung, x->nchi,
         x->c_young, x->c_chi, &x->chi},
        {headline_id[HL_REFERRALS], "Références", "Referrals", x->nref, -1, x->c_ref, -1, &x->ref},
        {headline_id[HL_REFERRALS_HEADLINE], "Références vers les destinations principales",
         "Referrals to the main destinations", x->nhead, x->nref, x->c_head, x->c_ref, &x->ref},
    };
    size_t nrows = sizeof rows / sizeof *rows;
    char path[4096], young_fr[64], young_en[64], id[128], fr[256], en[256];
    pv_csvw w;
    snprintf(young_fr, sizeof young_fr, "Enfants de 0 à %d ans", d->cfg.young_age_max);
    snprintf(young_en, sizeof young_en, "Children aged 0 to %d", d->cfg.young_age_max);
    rows[6].fr = young_fr;
    rows[6].en = young_en;
    snprintf(path, sizeof path, "%s/participation_headline.csv", x->outdir);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_header(&w, headline_cols, HD_NCOLS);
    for (size_t i = 0; i < nrows; i++) {
        const headline_row *h = &rows[i];
        unsigned char fc = h->s ? pv_sdc_flag(h->s, h->cell) : 0;
        unsigned char fd = h->s && h->denom >= 0 ? pv_sdc_flag(h->s, h->dcell) : 0;
        double lo = NAN, hi = NAN, p = NAN;
        char sup[128] = "";
        if (h->denom >= 0 && !fc && !fd)
            p = pv_wilson(h->count, h->denom, 0.95, &lo, &hi);
        pv_suppress_mark(sup, sizeof sup, headline_cols[HD_COUNT], fc);
        pv_suppress_mark(sup, sizeof sup, headline_cols[HD_DENOMINATOR], fd);
        pv_csvw_str(&w, h->id);
        pv_csvw_str(&w, h->fr);
        pv_csvw_str(&w, h->en);
        fc ? pv_csvw_str(&w, NULL) : pv_csvw_int(&w, h->count);
        h->denom >= 0 && !fd ? pv_csvw_int(&w, h->denom) : pv_csvw_str(&w, NULL);
        pv_csvw_num(&w, p, 6);
        pv_csvw_num(&w, lo, 6);
        pv_csvw_num(&w, hi, 6);
        pv_csvw_str(&w, sup);
        pv_csvw_end(&w);
        /* the same numbers, hidden by the same flags */
        if (h->denom >= 0)
            indicator(x, h->id, d->cfg.lang == PV_LANG_EN ? h->en : h->fr,
                      fd ? -1 : h->denom, p, lo, hi, "proportion");
        else
            indicator(x, h->id, d->cfg.lang == PV_LANG_EN ? h->en : h->fr,
                      fc ? -1 : h->count, fc ? NAN : (double)h->count, NAN, NAN, "count");
        if (i == 0) /* territories by carrier type, after the total */
            for (int k = 0; k < pv_codes_count(&d->codes, "carrier"); k++) {
                long n = 0;
                for (size_t t = 0; t < ter->n; t++)
                    n += pv_vtable_val(ter, t, TER_CARRIER).i == k;
                pv_indicator_id(id, sizeof id, ID_TER_CARRIER,
                                pv_codes_code(&d->codes, "carrier", k), NULL);
                snprintf(fr, sizeof fr, "Territoires : %s",
                         pv_codes_label(&d->codes, "carrier", k, PV_LANG_FR));
                snprintf(en, sizeof en, "Territories: %s",
                         pv_codes_label(&d->codes, "carrier", k, PV_LANG_EN));
                pv_csvw_str(&w, id);
                pv_csvw_str(&w, fr);
                pv_csvw_str(&w, en);
                pv_csvw_int(&w, n); /* a count of territories, not of people */
                for (int c = HD_COUNT + 1; c < HD_NCOLS; c++)
                    pv_csvw_str(&w, "");
                pv_csvw_end(&w);
                indicator(x, id, d->cfg.lang == PV_LANG_EN ? en : fr, n,
                          (double)n, NAN, NAN, "count");
            }
    }
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* The linked sets                                                    */
/* ------------------------------------------------------------------ */

/* Relation: the cells of rows `of` (of table sub) whose territory has
 * attribute value k sum to row k of table up, column by column. */
static void nest(ctx *x, const tab *sub, const tab *up, int ter_col)
{
    const pv_vtable *ter = &x->d->t[PV_T_TERRITORIES];
    int *m = pv_xnmalloc(ter->n + 1, sizeof *m);
    for (int k = 0; k < up->b.nr; k++)
        for (int c = 0; c <= 2; c++) {
            int n = 0;
            for (size_t t = 0; t < ter->n; t++)
                if (pv_vtable_val(ter, t, (size_t)ter_col).i == k)
                    m[n++] = pv_breakdown_cell_id(&sub->b, (int)t, c);
            pv_sdc_relation(&x->fam, m, n, pv_breakdown_cell_id(&up->b, k, c));
        }
    free(m);
}

/* Two cells that split `total`: a count and the rest (rest not published,
 * but derived from the two): both sides of every published share. */
static int split(pv_sdc *s, long count, long total, int c_total)
{
    int two[2] = {pv_sdc_cell(s, count), pv_sdc_cell(s, total - count)};
    pv_sdc_relation(s, two, 2, c_total);
    return two[0];
}

static void link_families(ctx *x)
{
    pv_sdc *s = &x->fam;
    const pv_vtable *fam = &x->d->t[PV_T_FAMILIES];
    x->nfam = (long)fam->n;
    x->niso = count_if(fam, FAM_ISOLATED, is_true, x->d);
    x->c_fam = pv_sdc_cell(s, x->nfam);
    int total_row[3] = {pv_sdc_cell(s, x->niso), pv_sdc_cell(s, x->nfam - x->niso), x->c_fam};
    x->c_iso = total_row[0];
    pv_sdc_relation(s, total_row, 2, x->c_fam);
    pv_breakdown_link(&x->month.b, s, total_row);
    pv_breakdown_link(&x->region.b, s, total_row);
    pv_breakdown_link(&x->carrier.b, s, total_row);
    pv_breakdown_link(&x->territory.b, s, total_row);
    pv_breakdown_link(&x->reach.b, s, &x->c_fam);
    nest(x, &x->territory, &x->region, TER_REGION);
    nest(x, &x->territory, &x->carrier, TER_CARRIER);
    pv_sdc_solve(s, x->d->cfg.threshold);
    pv_breakdown_take(&x->month.b, s);
    pv_breakdown_take(&x->region.b, s);
    pv_breakdown_take(&x->carrier.b, s);
    pv_breakdown_take(&x->territory.b, s);
    pv_breakdown_take(&x->reach.b, s);
}

static void link_children(ctx *x)
{
    pv_sdc *s = &x->chi;
    const pv_config *cfg = &x->d->cfg;
    const pv_vtable *chi = &x->d->t[PV_T_CHILDREN];
    pv_breakdown *b = &x->age.b;
    x->nchi = (long)chi->n;
    x->nyoung = count_if(chi, CHI_AGE, is_young, x->d);
    x->c_chi = pv_sdc_cell(s, x->nchi);
    x->c_young = split(s, x->nyoung, x->nchi, x->c_chi);
    long banded = 0;
    for (int k = 0; k < b->nr; k++)
        banded += *pv_breakdown_cell(b, k, 0);
    /* bands that cover every child: their total is the headline's */
    pv_breakdown_link(b, s, banded == x->nchi ? &x->c_chi : NULL);
    /* bands that tile 0 .. young_age_max: they sum to the young */
    int *m = pv_xnmalloc((size_t)b->nr + 1, sizeof *m), n = 0, next = 0;
    long young = 0;
    for (int k = 0; k < b->nr && cfg->band_lo[k] == next && cfg->band_hi[k] <= cfg->young_age_max; k++)
        m[n++] = pv_breakdown_cell_id(b, k, 0), young += *pv_breakdown_cell(b, k, 0),
        next = cfg->band_hi[k] + 1;
    if (next == cfg->young_age_max + 1 && young == x->nyoung)
        pv_sdc_relation(s, m, n, x->c_young);
    free(m);
    pv_sdc_solve(s, cfg->threshold);
    pv_breakdown_take(b, s);
}

static void link_referrals(ctx *x)
{
    pv_sdc *s = &x->ref;
    const pv_vtable *ref = &x->d->t[PV_T_REFERRALS];
    pv_breakdown *b = &x->dest.b;
    x->nref = (long)ref->n;
    x->nhead = count_if(ref, REF_DEST, is_headline_dest, x->d);
    x->c_ref = pv_sdc_cell(s, x->nref);
    x->c_head = split(s, x->nhead, x->nref, x->c_ref);
    pv_breakdown_link(b, s, &x->c_ref);
    pv_breakdown_link(&x->need.b, s, &x->c_ref);
    /* the headline destinations sum to the headline count, the others to
     * the rest (the cell after it) */
    int *in = pv_xnmalloc((size_t)b->nr + 1, sizeof *in), *out = pv_xnmalloc((size_t)b->nr + 1, sizeof *out);
    int ni = 0, no = 0;
    for (int k = 0; k < b->nr; k++)
        if (is_headline_dest(x->d, k))
            in[ni++] = pv_breakdown_cell_id(b, k, 0);
        else
            out[no++] = pv_breakdown_cell_id(b, k, 0);
    pv_sdc_relation(s, in, ni, x->c_head);
    pv_sdc_relation(s, out, no, x->c_head + 1);
    free(in), free(out);
    pv_sdc_solve(s, x->d->cfg.threshold);
    pv_breakdown_take(b, s);
    pv_breakdown_take(&x->need.b, s);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                        */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Bootstrap replicates of the share indicators                       */
/* ------------------------------------------------------------------ */

/* Per family: what it adds to every share (its children and referrals
 * come with it). */
typedef struct {
    int iso, region, carrier, reach;
    long children, young, refs, headline;
    long *band, *dest, *need;   /* counts per age band, destination, need */
} famvec;

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

/* Resample the families (with replacement, as many as there are; each
 * keeps its children and referrals) and recompute every indicator of the
 * table: the shares, and the counts (those of territories, regions, months
 * and families do not change; children and referrals do). */
static int write_replicates(ctx *x)
{
    const pv_dataset *d = x->d;
    const pv_vtable *fam = &d->t[PV_T_FAMILIES], *chi = &d->t[PV_T_CHILDREN],
                    *ref = &d->t[PV_T_REFERRALS], *ter = &d->t[PV_T_TERRITORIES];
    int nreg = pv_codes_count(&d->codes, "region"), ncar = pv_codes_count(&d->codes, "carrier"),
        nrea = pv_codes_count(&d->codes, "reach"), nde = pv_codes_count(&d->codes, "destination"),
        nne = pv_codes_count(&d->codes, "need"), nb = d->cfg.n_bands, thr = d->cfg.threshold;
    size_t nf = fam->n, width = (size_t)(nb + nde + nne);
    char path[4096], id[256], key[32];
    long nregions = distinct(ter, TER_REGION),
         months = month_index(&d->cfg, d->cfg.period_end) + 1, *ter_car = NULL;
    pv_csvw w;
    int on = d->cfg.replicates > 0;
    famvec *f = on ? pv_xcalloc(nf + 1, sizeof *f) : NULL;
    long *cells = on ? pv_xcalloc(pv_xmul(nf, width) + 1, sizeof *cells) : NULL;
    long *acc = pv_xcalloc((size_t)(2 * nreg + 2 * ncar + nrea) + width + 8, sizeof *acc);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g)
        pv_xalloc_die(); /* GSL's only failure here */
    snprintf(path, sizeof path, "%s/indicators_participation_replicates.csv", x->outdir);
    pv_replicates_open(&w, path, x->err);
    if (d->cfg.replicates <= 0) /* no bootstrap: the header only */
        goto out;
    ter_car = pv_xcalloc((size_t)ncar + 1, sizeof *ter_car);
    for (size_t t = 0; t < ter->n; t++)
        ter_car[pv_vtable_val(ter, t, TER_CARRIER).i]++;
    for (size_t r = 0; r < nf; r++) {
        size_t t = (size_t)pv_vtable_val(fam, r, FAM_TERRITORY).i;
        f[r].iso = pv_vtable_val(fam, r, FAM_ISOLATED).i != 0;
        f[r].region = (int)pv_vtable_val(ter, t, TER_REGION).i;
        f[r].carrier = (int)pv_vtable_val(ter, t, TER_CARRIER).i;
        f[r].reach = (int)pv_vtable_val(fam, r, FAM_REACHED).i;
        f[r].band = cells + r * width;
        f[r].dest = f[r].band + nb;
        f[r].need = f[r].dest + nde;
    }
    for (size_t r = 0; r < chi->n; r++) {
        famvec *v = &f[pv_vtable_val(chi, r, CHI_FAMILY).i];
        int age = (int)pv_vtable_val(chi, r, CHI_AGE).i;
        v->children++;
        v->young += age <= d->cfg.young_age_max;
        for (int k = 0; k < nb; k++)
            v->band[k] += age >= d->cfg.band_lo[k] && age <= d->cfg.band_hi[k];
    }
    for (size_t r = 0; r < ref->n; r++) {
        famvec *v = &f[pv_vtable_val(ref, r, REF_FAMILY).i];
        v->refs++;
        v->headline += is_headline_dest(d, pv_vtable_val(ref, r, REF_DEST).i);
        v->dest[pv_vtable_val(ref, r, REF_DEST).i]++;
        v->need[pv_vtable_val(ref, r, REF_NEED).i]++;
    }
    int hid_iso = pv_sdc_flag(&x->fam, x->c_iso) || pv_sdc_flag(&x->fam, x->c_fam);
    int hid_young = pv_sdc_flag(&x->chi, x->c_young) || pv_sdc_flag(&x->chi, x->c_chi);
    int hid_head = pv_sdc_flag(&x->ref, x->c_head) || pv_sdc_flag(&x->ref, x->c_ref);
    gsl_rng_set(g, d->cfg.seed + PV_SEED_PARTICIPATION);
    int hid_fam = pv_sdc_flag(&x->fam, x->c_fam), hid_chi = pv_sdc_flag(&x->chi, x->c_chi),
        hid_ref = pv_sdc_flag(&x->ref, x->c_ref);
    for (long b = 0; b < d->cfg.replicates && !w.failed; b++) { /* every replicate, even of no family */
        long iso = 0, children = 0, young = 0, refs = 0, headline = 0;
        long *reg = acc, *car = reg + 2 * nreg, *rea = car + 2 * ncar, *band = rea + nrea,
             *dest = band + nb, *need = dest + nde;
        memset(acc, 0, ((size_t)(2 * nreg + 2 * ncar + nrea) + width) * sizeof *acc);
        for (size_t i = 0; i < nf; i++) {
            const famvec *v = &f[gsl_rng_uniform_int(g, nf)];
            iso += v->iso, children += v->children, young += v->young;
            refs += v->refs, headline += v->headline;
            reg[2 * v->region] += v->iso, reg[2 * v->region + 1]++;
            car[2 * v->carrier] += v->iso, car[2 * v->carrier + 1]++;
            rea[v->reach]++;
            for (int k = 0; k < nb; k++)
                band[k] += v->band[k];
            for (int k = 0; k < nde; k++)
                dest[k] += v->dest[k];
            for (int k = 0; k < nne; k++)
                need[k] += v->need[k];
        }
        count_row(&w, b, headline_id[HL_TERRITORIES], (long)ter->n, 0);
        for (int k = 0; k < ncar; k++) /* counts of territories, not of people */
            count_row(&w, b, pv_indicator_id(id, sizeof id, ID_TER_CARRIER,
                                             pv_codes_code(&d->codes, "carrier", k), NULL),
                      ter_car[k], 0);
        count_row(&w, b, headline_id[HL_REGIONS], nregions, 0);
        count_row(&w, b, headline_id[HL_MONTHS], months, 0);
        count_row(&w, b, headline_id[HL_FAMILIES], (long)nf, hid_fam);
        count_row(&w, b, headline_id[HL_CHILDREN], children, hid_chi);
        count_row(&w, b, headline_id[HL_REFERRALS], refs, hid_ref);
        share_row(&w, b, headline_id[HL_FAMILIES_ISOLATED], iso, (long)nf, thr, hid_iso);
        share_row(&w, b, headline_id[HL_CHILDREN_YOUNG], young, children, thr, hid_young);
        share_row(&w, b, headline_id[HL_REFERRALS_HEADLINE], headline, refs, thr, hid_head);
        for (int k = 0; k < nreg; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_REGION,
                                             pv_codes_code(&d->codes, "region", k), NULL),
                      reg[2 * k], reg[2 * k + 1], thr, share_hidden(&x->region.b, k));
        for (int k = 0; k < ncar; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_CARRIER,
                                             pv_codes_code(&d->codes, "carrier", k), NULL),
                      car[2 * k], car[2 * k + 1], thr, share_hidden(&x->carrier.b, k));
        for (int k = 0; k < nb; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_AGE,
                                             band_key(key, sizeof key, &d->cfg, k), NULL),
                      band[k], children, thr, share_hidden(&x->age.b, k));
        for (int k = 0; k < nrea; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_REACH,
                                             pv_codes_code(&d->codes, "reach", k), NULL),
                      rea[k], (long)nf, thr, share_hidden(&x->reach.b, k));
        for (int k = 0; k < nde; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_DEST,
                                             pv_codes_code(&d->codes, "destination", k), NULL),
                      dest[k], refs, thr, share_hidden(&x->dest.b, k));
        for (int k = 0; k < nne; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_NEED,
                                             pv_codes_code(&d->codes, "need", k), NULL),
                      need[k], refs, thr, share_hidden(&x->need.b, k));
    }
out:
    if (g)
        gsl_rng_free(g);
    free(f), free(cells), free(acc), free(ter_car);
    return pv_csvw_close(&w);
}

int pv_participation_write(const pv_dataset *d, const char *outdir, pv_err *err)
{
    ctx x = {.d = d, .outdir = outdir, .err = err};
    char path[4096];
    int st = monthly(&x, &x.month) ||
             by_territory_attr(&x, &x.region, TER_REGION, "region") ||
             by_territory_attr(&x, &x.carrier, TER_CARRIER, "carrier") ||
             by_territory(&x, &x.territory) || by_age(&x, &x.age) ||
             by_code(&x, &x.reach, PV_T_FAMILIES, FAM_REACHED, "reach", fam_cols,
                     PV_NCOLS(fam_cols)) ||
             by_code(&x, &x.dest, PV_T_REFERRALS, REF_DEST, "destination", ref_cols,
                     PV_NCOLS(ref_cols)) ||
             by_code(&x, &x.need, PV_T_REFERRALS, REF_NEED, "need", ref_cols,
                     PV_NCOLS(ref_cols));
    if (!st) {
        /* one suppression over every table that shows the same people */
        link_families(&x);
        link_children(&x);
        link_referrals(&x);
        snprintf(path, sizeof path, "%s/indicators_participation.csv", outdir);
        pv_indicators_open(&x.ind, path, err);
        headline(&x);
        emit(&x, &x.month, "participation_monthly.csv", NULL);
        cumulative(&x);
        emit(&x, &x.region, "participation_region.csv", ID_REGION);
        emit(&x, &x.carrier, "participation_carrier.csv", ID_CARRIER);
        emit(&x, &x.territory, "participation_territory.csv", NULL);
        emit(&x, &x.age, "participation_age.csv", ID_AGE);
        emit(&x, &x.reach, "participation_reach.csv", ID_REACH);
        emit(&x, &x.dest, "participation_destination.csv", ID_DEST);
        emit(&x, &x.need, "participation_need.csv", ID_NEED);
        write_replicates(&x);
        pv_csvw_close(&x.ind);
    }
    tab *tabs[] = {&x.month, &x.region, &x.carrier, &x.territory, &x.age, &x.reach, &x.dest,
                   &x.need};
    for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++)
        tab_free(tabs[i]);
    pv_sdc_free(&x.fam), pv_sdc_free(&x.chi), pv_sdc_free(&x.ref);
    return err->status;
}

int pv_participation_run(const char *in, const char *out, pv_err *err)
{
    pv_dataset d;
    pv_rejects rej = {0};
    int st = pv_dataset_load(&d, in, &rej, err);
    if (!st && !d.has_participation) {
        /* a dataset without participation reports: no statistics, no
         * indicator table (the convergence reads the source as silent);
         * the headline is written with its header only, as the stage's
         * mark that it ran */
        char path[4096];
        pv_csvw w;
        pv_warn("%s: no participation tables (territories.csv, families.csv, children.csv, "
                "referrals.csv): no participation statistics", in);
        static const char *const stale[] = {
            "indicators_participation.csv", "indicators_participation_replicates.csv",
            "participation_monthly.csv", "participation_cumulative.csv",
            "participation_region.csv", "participation_carrier.csv",
            "participation_territory.csv", "participation_age.csv", "participation_reach.csv",
            "participation_destination.csv", "participation_need.csv"};
        for (size_t i = 0; i < sizeof stale / sizeof *stale; i++) /* of an earlier run */
            unlink(pv_path(path, sizeof path, out, stale[i]));
        snprintf(path, sizeof path, "%s/participation_headline.csv", out);
        pv_csvw_open(&w, path, err);
        pv_csvw_row(&w, "indicator", "label_fr", "label_en", "count", "denominator", "share",
                    "ci_low", "ci_high", "suppressed", NULL);
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
