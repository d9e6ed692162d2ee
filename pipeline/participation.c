/* participation.c — counts, shares and intervals of the participation data
 * (see participation.h).  One pass over each table; every published table
 * goes through breakdown.c, so suppression applies everywhere. */
#include "participation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breakdown.h"
#include "csvout.h"
#include "indicators.h"
#include "replicates.h"

#include <gsl/gsl_rng.h>
#include "fmt.h"
#include "stats.h"
#include "suppress.h"
#include "value.h"

/* ------------------------------------------------------------------ */
/* Categories from a code list                                        */
/* ------------------------------------------------------------------ */

typedef struct {
    int n;
    const char **key, **fr, **en;
    char *store;   /* owned text for generated keys (months, bands) */
} cats;

static int cats_alloc(cats *c, int n)
{
    c->n = n;
    c->key = calloc((size_t)n + 1, sizeof *c->key);
    c->fr = calloc((size_t)n + 1, sizeof *c->fr);
    c->en = calloc((size_t)n + 1, sizeof *c->en);
    c->store = calloc((size_t)n + 1, 96);
    return c->key && c->fr && c->en && c->store ? 0 : -1;
}

static int cats_from_list(cats *c, const pv_codes *codes, const char *list)
{
    int n = pv_codes_count(codes, list);
    if (cats_alloc(c, n))
        return -1;
    for (int i = 0; i < n; i++) {
        c->key[i] = pv_codes_code(codes, list, i);
        c->fr[i] = pv_codes_label(codes, list, i, PV_LANG_FR);
        c->en[i] = pv_codes_label(codes, list, i, PV_LANG_EN);
    }
    return 0;
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

static int cats_months(cats *c, const pv_config *cfg)
{
    int y, m, d;
    if (cats_alloc(c, month_index(cfg, cfg->period_end) + 1))
        return -1;
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
    return 0;
}

/* Key of age band k, "0-5": the category of participation_age.csv and
 * the end of its indicator id. */
static char *band_key(char *buf, size_t n, const pv_config *cfg, int k)
{
    snprintf(buf, n, "%d-%d", cfg->band_lo[k], cfg->band_hi[k]);
    return buf;
}

static int cats_bands(cats *c, const pv_config *cfg)
{
    if (cats_alloc(c, cfg->n_bands))
        return -1;
    for (int i = 0; i < c->n; i++) {
        char *s = c->store + (size_t)i * 96;
        band_key(s, 16, cfg, i);
        snprintf(s + 16, 40, "%d à %d ans", cfg->band_lo[i], cfg->band_hi[i]);
        snprintf(s + 56, 40, "%d to %d years", cfg->band_lo[i], cfg->band_hi[i]);
        c->key[i] = s, c->fr[i] = s + 16, c->en[i] = s + 56;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Tables                                                             */
/* ------------------------------------------------------------------ */

typedef struct {
    const pv_dataset *d;
    const char *outdir;
    pv_err *err;
    pv_csvw ind;          /* indicators_participation.csv */
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

static const char *const iso_cols[] = {"isolated", "not_isolated"};
static const char *const fam_cols[] = {"families"};
static const char *const chi_cols[] = {"children"};
static const char *const ref_cols[] = {"referrals"};

static void indicator(ctx *x, const char *id, const char *label, long n, double v,
                      double lo, double hi, const char *unit)
{
    pv_indicator(&x->ind, "participation", id, label, n, v, lo, hi, unit);
}

/* Write a breakdown; emit one share indicator per category (prefix_code). */
static int emit(ctx *x, pv_breakdown *b, const cats *c, const char *file,
                const char *prefix)
{
    char path[4096], id[256];
    b->key = c->key;
    b->label_fr = c->fr;
    b->label_en = c->en;
    b->threshold = x->d->cfg.threshold;
    pv_breakdown_finish(b);
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

/* Families by a territory attribute (region or carrier) x isolated. */
static int by_territory_attr(ctx *x, int ter_col, const char *list,
                             const char *file, const char *prefix)
{
    const pv_vtable *fam = &x->d->t[PV_T_FAMILIES], *ter = &x->d->t[PV_T_TERRITORIES];
    pv_breakdown b = {.key_name = list, .nc = 2, .col_name = iso_cols, .share_col = 0};
    cats c = {0};
    int st;
    if (cats_from_list(&c, &x->d->codes, list) || pv_breakdown_init(&b, c.n, 2))
        return pv_err_set(x->err, PV_EXIT_IO, "out of memory");
    for (size_t r = 0; r < fam->n; r++) {
        size_t t = (size_t)pv_vtable_val(fam, r, FAM_TERRITORY).i;
        int k = (int)pv_vtable_val(ter, t, (size_t)ter_col).i;
        int iso = (int)pv_vtable_val(fam, r, FAM_ISOLATED).i;
        (*pv_breakdown_cell(&b, k, iso ? 0 : 1))++;
    }
    st = emit(x, &b, &c, file, prefix);
    pv_breakdown_free(&b);
    cats_free(&c);
    return st;
}

/* A one-column breakdown of table `tab` by the code column `col`. */
static int by_code(ctx *x, pv_table_id tab, int col, const char *list,
                   const char *const *colname, const char *file, const char *prefix)
{
    const pv_vtable *vt = &x->d->t[tab];
    pv_breakdown b = {.key_name = list, .nc = 1, .col_name = colname, .share_col = -1};
    cats c = {0};
    int st;
    if (cats_from_list(&c, &x->d->codes, list) || pv_breakdown_init(&b, c.n, 1))
        return pv_err_set(x->err, PV_EXIT_IO, "out of memory");
    for (size_t r = 0; r < vt->n; r++)
        (*pv_breakdown_cell(&b, (int)pv_vtable_val(vt, r, (size_t)col).i, 0))++;
    st = emit(x, &b, &c, file, prefix);
    pv_breakdown_free(&b);
    cats_free(&c);
    return st;
}

static int monthly(ctx *x)
{
    const pv_vtable *fam = &x->d->t[PV_T_FAMILIES];
    pv_breakdown b = {.key_name = "month", .nc = 2, .col_name = iso_cols, .share_col = 0};
    cats c = {0};
    char path[4096];
    if (cats_months(&c, &x->d->cfg) || pv_breakdown_init(&b, c.n, 2))
        return pv_err_set(x->err, PV_EXIT_IO, "out of memory");
    for (size_t r = 0; r < fam->n; r++) {
        int m = month_index(&x->d->cfg, (int32_t)pv_vtable_val(fam, r, FAM_FIRST).i);
        int iso = (int)pv_vtable_val(fam, r, FAM_ISOLATED).i;
        (*pv_breakdown_cell(&b, m, iso ? 0 : 1))++;
    }
    int st = emit(x, &b, &c, "participation_monthly.csv", NULL);
    /* Cumulative series: cum(k) - cum(j) is the sum of the months j+1..k,
     * so a running total may be shown only when it includes none or all of
     * the months whose count is suppressed (there are then >= 2 of them). */
    pv_csvw w;
    long cum[2] = {0, 0};
    int hidden_all[2] = {0, 0}, hidden[2] = {0, 0};
    for (int m = 0; m < c.n; m++)
        hidden_all[0] += !pv_breakdown_shown(&b, m, 2),
        hidden_all[1] += !pv_breakdown_shown(&b, m, 0);
    snprintf(path, sizeof path, "%s/participation_cumulative.csv", x->outdir);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "month", "label_fr", "label_en", "cumulative",
                "cumulative_isolated", "share_isolated", NULL);
    for (int m = 0; m < c.n; m++) {
        int show[2];
        cum[0] += *pv_breakdown_cell(&b, m, 2);
        cum[1] += *pv_breakdown_cell(&b, m, 0);
        hidden[0] += !pv_breakdown_shown(&b, m, 2);
        hidden[1] += !pv_breakdown_shown(&b, m, 0);
        for (int k = 0; k < 2; k++)
            show[k] = hidden[k] == 0 || hidden[k] == hidden_all[k];
        pv_csvw_str(&w, c.key[m]);
        pv_csvw_str(&w, c.fr[m]);
        pv_csvw_str(&w, c.en[m]);
        show[0] ? pv_csvw_int(&w, cum[0]) : pv_csvw_str(&w, NULL);
        show[1] ? pv_csvw_int(&w, cum[1]) : pv_csvw_str(&w, NULL);
        pv_csvw_num(&w, show[0] && show[1] && cum[0] ? (double)cum[1] / (double)cum[0] : NAN, 6);
        pv_csvw_end(&w);
    }
    st = st ? st : pv_csvw_close(&w);
    pv_breakdown_free(&b);
    cats_free(&c);
    return st;
}

static int by_age(ctx *x)
{
    const pv_vtable *chi = &x->d->t[PV_T_CHILDREN];
    const pv_config *cfg = &x->d->cfg;
    pv_breakdown b = {.key_name = "age_band", .nc = 1, .col_name = chi_cols, .share_col = -1};
    cats c = {0};
    if (cats_bands(&c, cfg) || pv_breakdown_init(&b, c.n, 1))
        return pv_err_set(x->err, PV_EXIT_IO, "out of memory");
    for (size_t r = 0; r < chi->n; r++) {
        int age = (int)pv_vtable_val(chi, r, CHI_AGE).i;
        for (int k = 0; k < c.n; k++)
            if (age >= cfg->band_lo[k] && age <= cfg->band_hi[k])
                (*pv_breakdown_cell(&b, k, 0))++;
    }
    int st = emit(x, &b, &c, "participation_age.csv", ID_AGE);
    pv_breakdown_free(&b);
    cats_free(&c);
    return st;
}

/* Families, children and referrals per territory. */
static int by_territory(ctx *x)
{
    static const char *const cols[] = {"isolated", "not_isolated"};
    const pv_vtable *ter = &x->d->t[PV_T_TERRITORIES], *fam = &x->d->t[PV_T_FAMILIES];
    pv_breakdown b = {.key_name = "territory_id", .nc = 2, .col_name = cols, .share_col = 0};
    cats c = {0};
    if (cats_alloc(&c, (int)ter->n) || pv_breakdown_init(&b, (int)ter->n, 2))
        return pv_err_set(x->err, PV_EXIT_IO, "out of memory");
    for (size_t t = 0; t < ter->n; t++)
        c.key[t] = pv_vtable_str(ter, t, TER_ID), c.fr[t] = c.en[t] = pv_vtable_str(ter, t, TER_NAME);
    for (size_t r = 0; r < fam->n; r++) {
        int t = (int)pv_vtable_val(fam, r, FAM_TERRITORY).i;
        (*pv_breakdown_cell(&b, t, pv_vtable_val(fam, r, FAM_ISOLATED).i ? 0 : 1))++;
    }
    int st = emit(x, &b, &c, "participation_territory.csv", NULL);
    pv_breakdown_free(&b);
    cats_free(&c);
    return st;
}

/* ------------------------------------------------------------------ */
/* Headline                                                           */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *id, *fr, *en;
    long count, denom;    /* denom < 0: a plain count */
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

static int headline(ctx *x)
{
    const pv_dataset *d = x->d;
    const pv_vtable *fam = &d->t[PV_T_FAMILIES], *chi = &d->t[PV_T_CHILDREN],
                    *ref = &d->t[PV_T_REFERRALS], *ter = &d->t[PV_T_TERRITORIES];
    long nfam = (long)fam->n, nchi = (long)chi->n, nref = (long)ref->n;
    int months = month_index(&d->cfg, d->cfg.period_end) + 1;
    headline_row rows[] = {
        {headline_id[HL_TERRITORIES], "Territoires", "Territories", (long)ter->n, -1},
        {headline_id[HL_REGIONS], "Régions", "Regions", distinct(ter, TER_REGION), -1},
        {headline_id[HL_MONTHS], "Mois de la période", "Months in the period", months, -1},
        {headline_id[HL_FAMILIES], "Familles rejointes", "Families reached", nfam, -1},
        {headline_id[HL_FAMILIES_ISOLATED], "Familles isolées", "Isolated families",
         count_if(fam, FAM_ISOLATED, is_true, d), nfam},
        {headline_id[HL_CHILDREN], "Enfants", "Children", nchi, -1},
        {headline_id[HL_CHILDREN_YOUNG], "Enfants de 0 à 5 ans", "Children aged 0 to 5",
         count_if(chi, CHI_AGE, is_young, d), nchi},
        {headline_id[HL_REFERRALS], "Références", "Referrals", nref, -1},
        {headline_id[HL_REFERRALS_HEADLINE], "Références vers les destinations principales",
         "Referrals to the main destinations",
         count_if(ref, REF_DEST, is_headline_dest, d), nref},
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
    pv_csvw_row(&w, "indicator", "label_fr", "label_en", "count", "denominator",
                "share", "ci_low", "ci_high", "suppressed", NULL);
    for (size_t i = 0; i < nrows; i++) {
        const headline_row *h = &rows[i];
        int small = h->count > 0 && h->count < d->cfg.threshold;
        int small_rest = h->denom >= 0 && h->denom - h->count > 0 &&
                         h->denom - h->count < d->cfg.threshold;
        double lo = NAN, hi = NAN, p = NAN;
        if (h->denom >= 0 && !small && !small_rest)
            p = pv_wilson(h->count, h->denom, 0.95, &lo, &hi);
        pv_csvw_str(&w, h->id);
        pv_csvw_str(&w, h->fr);
        pv_csvw_str(&w, h->en);
        small || small_rest ? pv_csvw_str(&w, NULL) : pv_csvw_int(&w, h->count);
        h->denom >= 0 ? pv_csvw_int(&w, h->denom) : pv_csvw_str(&w, NULL);
        pv_csvw_num(&w, p, 6);
        pv_csvw_num(&w, lo, 6);
        pv_csvw_num(&w, hi, 6);
        pv_csvw_str(&w, small ? "count:primary" : small_rest ? "count:complementary" : "");
        pv_csvw_end(&w);
        indicator(x, h->id, d->cfg.lang == PV_LANG_EN ? h->en : h->fr,
                  h->denom >= 0 ? h->denom : h->count,
                  h->denom >= 0 ? p : (small ? NAN : (double)h->count),
                  lo, hi, h->denom >= 0 ? "proportion" : "count");
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
                pv_csvw_row(&w, "", "", "", "", "", NULL);
                indicator(x, id, d->cfg.lang == PV_LANG_EN ? en : fr, n,
                          (double)n, NAN, NAN, "count");
            }
    }
    return pv_csvw_close(&w);
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

static void share_row(pv_csvw *w, long b, const char *id, long k, long n, int thr)
{
    double lo = NAN, hi = NAN, p = NAN;
    if (n > 0 && !(k > 0 && k < thr) && !(n - k > 0 && n - k < thr))
        p = pv_wilson(k, n, 0.95, &lo, &hi);
    pv_replicate(w, b, id, p, lo, hi);
}

/* A headline count, hidden like in the table when small (thr 0: never). */
static void count_row(pv_csvw *w, long b, const char *id, long k, int thr)
{
    pv_replicate(w, b, id, k > 0 && k < thr ? NAN : (double)k, NAN, NAN);
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
    famvec *f = on ? calloc(nf + 1, sizeof *f) : NULL;
    long *cells = on ? calloc(nf * width + 1, sizeof *cells) : NULL;
    long *acc = calloc((size_t)(2 * nreg + 2 * ncar + nrea) + width + 8, sizeof *acc);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    snprintf(path, sizeof path, "%s/indicators_participation_replicates.csv", x->outdir);
    pv_replicates_open(&w, path, x->err);
    if (d->cfg.replicates <= 0) /* no bootstrap: the header only */
        goto out;
    if (!f || !cells || !acc || !g) {
        pv_err_set(x->err, PV_EXIT_IO, "out of memory");
        goto out;
    }
    if (!(ter_car = calloc((size_t)ncar + 1, sizeof *ter_car))) {
        pv_err_set(x->err, PV_EXIT_IO, "out of memory");
        goto out;
    }
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
    gsl_rng_set(g, d->cfg.seed + PV_SEED_PARTICIPATION);
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
        count_row(&w, b, headline_id[HL_TERRITORIES], (long)ter->n, thr);
        for (int k = 0; k < ncar; k++)
            count_row(&w, b, pv_indicator_id(id, sizeof id, ID_TER_CARRIER,
                                             pv_codes_code(&d->codes, "carrier", k), NULL),
                      ter_car[k], 0);
        count_row(&w, b, headline_id[HL_REGIONS], nregions, thr);
        count_row(&w, b, headline_id[HL_MONTHS], months, thr);
        count_row(&w, b, headline_id[HL_FAMILIES], (long)nf, thr);
        count_row(&w, b, headline_id[HL_CHILDREN], children, thr);
        count_row(&w, b, headline_id[HL_REFERRALS], refs, thr);
        share_row(&w, b, headline_id[HL_FAMILIES_ISOLATED], iso, (long)nf, thr);
        share_row(&w, b, headline_id[HL_CHILDREN_YOUNG], young, children, thr);
        share_row(&w, b, headline_id[HL_REFERRALS_HEADLINE], headline, refs, thr);
        for (int k = 0; k < nreg; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_REGION,
                                             pv_codes_code(&d->codes, "region", k), NULL),
                      reg[2 * k], reg[2 * k + 1], thr);
        for (int k = 0; k < ncar; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_CARRIER,
                                             pv_codes_code(&d->codes, "carrier", k), NULL),
                      car[2 * k], car[2 * k + 1], thr);
        for (int k = 0; k < nb; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_AGE,
                                             band_key(key, sizeof key, &d->cfg, k), NULL),
                      band[k], children, thr);
        for (int k = 0; k < nrea; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_REACH,
                                             pv_codes_code(&d->codes, "reach", k), NULL),
                      rea[k], (long)nf, thr);
        for (int k = 0; k < nde; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_DEST,
                                             pv_codes_code(&d->codes, "destination", k), NULL),
                      dest[k], refs, thr);
        for (int k = 0; k < nne; k++)
            share_row(&w, b, pv_indicator_id(id, sizeof id, ID_NEED,
                                             pv_codes_code(&d->codes, "need", k), NULL),
                      need[k], refs, thr);
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
    snprintf(path, sizeof path, "%s/indicators_participation.csv", outdir);
    pv_indicators_open(&x.ind, path, err);
    headline(&x);
    monthly(&x);
    by_territory_attr(&x, TER_REGION, "region", "participation_region.csv", ID_REGION);
    by_territory_attr(&x, TER_CARRIER, "carrier", "participation_carrier.csv", ID_CARRIER);
    by_territory(&x);
    by_age(&x);
    by_code(&x, PV_T_FAMILIES, FAM_REACHED, "reach", fam_cols, "participation_reach.csv", ID_REACH);
    by_code(&x, PV_T_REFERRALS, REF_DEST, "destination", ref_cols, "participation_destination.csv", ID_DEST);
    by_code(&x, PV_T_REFERRALS, REF_NEED, "need", ref_cols, "participation_need.csv", ID_NEED);
    write_replicates(&x);
    pv_csvw_close(&x.ind);
    return err->status;
}

int pv_participation_run(const char *in, const char *out, pv_err *err)
{
    pv_dataset d;
    pv_rejects rej = {0};
    int st = pv_dataset_load(&d, in, &rej, err);
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
