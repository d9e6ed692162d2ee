/* replicates.c — see replicates.h. */
#include "replicates.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "xalloc.h"

const char *const pv_replicate_cols[PV_REP_NCOLS] = {
    [PV_REP_REPLICATE] = "replicate", [PV_REP_INDICATOR] = "indicator",
    [PV_REP_VALUE] = "value", [PV_REP_CI_LOW] = "ci_low", [PV_REP_CI_HIGH] = "ci_high"};

int pv_replicates_open(pv_csvw *w, const char *path, pv_err *err)
{
    int st = pv_csvw_open(w, path, err);
    pv_csvw_header(w, pv_replicate_cols, PV_REP_NCOLS);
    return st;
}

void pv_replicate(pv_csvw *w, long b, const char *id, double v, double lo, double hi)
{
    pv_csvw_int(w, b + 1);
    pv_csvw_str(w, id);
    pv_csvw_num(w, v);
    pv_csvw_num(w, lo);
    pv_csvw_num(w, hi);
    pv_csvw_end(w);
}

/* Patterns through an open-addressing table of pattern numbers, written
 * here: GLib's GHashTable cannot compare two rows without their width, so
 * it would need a key object per unit (a GBytes: an allocation and some
 * 80 bytes each, 530 000 of them at the 100x bench), where this table
 * needs at most 8 bytes per unit and no allocation. */
static uint64_t row_hash(const uint32_t *v, size_t width)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a over the counts */
    for (size_t k = 0; k < width; k++)
        h = (h ^ v[k]) * 1099511628211u;
    return h;
}

void pv_boot_units_init(pv_boot_units *u, uint32_t *rows, size_t n, size_t width)
{
    size_t cap = 16;
    *u = (pv_boot_units){.n = n, .width = width};
    if (n > UINT32_MAX - 1)
        pv_xalloc_die(); /* units are numbered in 32 bits */
    while (cap < 2 * n)
        cap *= 2;
    uint32_t *slot = pv_xcalloc(cap, sizeof *slot); /* pattern + 1; 0: empty */
    u->of = pv_xnmalloc(n + 1, sizeof *u->of);
    u->first = pv_xnmalloc(n + 1, sizeof *u->first);
    for (size_t i = 0; i < n; i++) {
        const uint32_t *v = rows + i * width;
        size_t j = (size_t)row_hash(v, width) & (cap - 1);
        while (slot[j] && memcmp(rows + (size_t)u->first[slot[j] - 1] * width, v,
                                 width * sizeof *v))
            j = (j + 1) & (cap - 1);
        if (!slot[j]) {
            u->first[u->np] = (uint32_t)i;
            slot[j] = (uint32_t)++u->np;
        }
        u->of[i] = slot[j] - 1;
    }
    free(slot);
    /* the patterns' rows to the front (first[p] >= p, so no row is
     * overwritten before it is moved), the rest given back */
    for (size_t p = 0; p < u->np; p++)
        memmove(rows + p * width, rows + (size_t)u->first[p] * width, width * sizeof *rows);
    rows = pv_xnrealloc(rows, pv_xmul(u->np, width) + 1, sizeof *rows);
    size_t nz = 0;
    u->at = pv_xnmalloc(u->np + 1, sizeof *u->at);
    for (size_t p = 0; p < u->np; p++) { /* where each pattern's counts start */
        const uint32_t *v = rows + p * width;
        u->at[p] = nz;
        for (size_t k = 0; k < width; k++)
            nz += v[k] != 0;
    }
    u->at[u->np] = nz;
    u->col = pv_xnmalloc(nz + 1, sizeof *u->col);
    u->val = pv_xnmalloc(nz + 1, sizeof *u->val);
    for (size_t p = 0, z = 0; p < u->np; p++) {
        const uint32_t *v = rows + p * width;
        for (size_t k = 0; k < width; k++)
            if (v[k])
                u->col[z] = (uint32_t)k, u->val[z++] = v[k];
    }
    free(rows);
    u->w = pv_xcalloc(u->np + 1, sizeof *u->w);
}

void pv_boot_units_free(pv_boot_units *u)
{
    free(u->of), free(u->first), free(u->at), free(u->col), free(u->val), free(u->w);
    *u = (pv_boot_units){0};
}

/* The draw of a unit, as the sources drew it before patterns (a unit
 * index, uniform), now added to its pattern's count: the same stream. */
void pv_boot_draw(gsl_rng *g, pv_boot_units *u)
{
    memset(u->w, 0, u->np * sizeof *u->w);
    for (size_t i = 0; i < u->n; i++)
        u->w[u->of[gsl_rng_uniform_int(g, u->n)]]++;
}

void pv_boot_sum(const pv_boot_units *u, long *acc)
{
    memset(acc, 0, u->width * sizeof *acc);
    for (size_t p = 0; p < u->np; p++) {
        long w = u->w[p];
        if (w)
            for (size_t z = u->at[p]; z < u->at[p + 1]; z++)
                acc[u->col[z]] += w * u->val[z];
    }
}

/* pv_mean's two passes (the mean, then the mean of the residuals added)
 * and pv_sd's, each value counted w[p] times. */
double pv_boot_mean_ci_t(const double *x, const uint32_t *w, size_t np, double conf,
                         double *lo, double *hi)
{
    double n = 0, s = 0, t = 0, ss = 0;
    *lo = *hi = NAN;
    for (size_t p = 0; p < np; p++)
        if (w[p] && !isnan(x[p]))
            n += w[p], s += w[p] * x[p];
    if (n == 0)
        return NAN;
    s /= n;
    if (!isfinite(s))
        return s;
    for (size_t p = 0; p < np; p++)
        if (w[p] && !isnan(x[p]))
            t += w[p] * (x[p] - s);
    double m = s + t / n;
    if (n < 2)
        return m;
    for (size_t p = 0; p < np; p++)
        if (w[p] && !isnan(x[p]))
            ss += w[p] * ((x[p] - m) * (x[p] - m));
    double sd = sqrt(ss / (n - 1));
    if (isnan(sd))
        return m;
    double half = gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, n - 1) * sd / sqrt(n);
    *lo = m - half;
    *hi = m + half;
    return m;
}

int pv_boot_run(const char *path, long replicates, unsigned long seed, pv_boot_units *strata,
                size_t ns, pv_boot_fn fn, void *ctx, pv_err *err)
{
    pv_csvw w;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g)
        pv_xalloc_die(); /* GSL's only failure here */
    gsl_rng_set(g, seed);
    pv_replicates_open(&w, path, err);
    for (long b = 0; b < replicates && !w.failed; b++)
        for (size_t s = 0; s < ns; s++) {
            pv_boot_draw(g, &strata[s]);
            fn(ctx, &w, b, s, &strata[s]);
        }
    gsl_rng_free(g);
    return pv_csvw_close(&w);
}
