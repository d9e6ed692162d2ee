/* agree.c — see agree.h, which gives every formula with its R / statsmodels
 * counterpart. */
#include "agree.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "xalloc.h"

/* ---------------------------------------------------------------- helpers */

/* Sum of a k × k (or n × k) table of counts into *total; 0 when a count is
 * negative or not finite. */
static int table_total(const double *counts, size_t cells, double *total)
{
    double s = 0;
    for (size_t i = 0; i < cells; i++) {
        if (!isfinite(counts[i]) || counts[i] < 0)
            return 0;
        s += counts[i];
    }
    *total = s;
    return 1;
}

/* Observed agreement of a k × k table with total N: (Σ_i x_ii) / N, summed
 * as counts so that a diagonal table gives exactly 1. */
static double table_po(const double *counts, size_t k, double total)
{
    double d = 0;
    for (size_t i = 0; i < k; i++)
        d += counts[i * k + i];
    return d / total;
}

/* The category of a units × coders value: its index, -1 when missing
 * (NAN or negative), -2 when invalid (infinite, not an integer, >= ncat). */
static long value_category(double v, size_t ncat)
{
    if (isnan(v) || v < 0)
        return -1;
    if (!isfinite(v) || v != floor(v) || v >= (double)ncat)
        return -2;
    return (long)v;
}

/* 1 when every value of x is missing or a category in [0, ncat). */
static int units_valid(const double *x, size_t cells, size_t ncat)
{
    for (size_t i = 0; i < cells; i++)
        if (value_category(x[i], ncat) == -2)
            return 0;
    return 1;
}

/* ---------------------------------------------------------------- Cohen's kappa */

static void kappa_fill_nan(pv_kappa *out)
{
    out->n = out->po = out->pe = out->kappa = out->se = NAN;
    out->ci_low = out->ci_high = out->se0 = out->z = out->p = NAN;
}

/* Row and column proportions of row and column i of a k × k table. */
static void margins(const double *counts, size_t k, size_t i, double total,
                    double *row, double *col)
{
    double r = 0, c = 0;
    for (size_t j = 0; j < k; j++) {
        r += counts[i * k + j];
        c += counts[j * k + i];
    }
    *row = r / total;
    *col = c / total;
}

/* The Fleiss, Cohen & Everitt (1969) variance written in kappa, as
 * statsmodels does — algebraically psych's var.kappa, and exactly 0 for a
 * diagonal table (κ = 1: every weight below is 1 and Σ x_ii = N):
 *   [Σ_i p_ii (1 − (p_i. + p_.i)(1 − κ))²
 *    + (1 − κ)² Σ_{i≠j} p_ij (p_.i + p_j.)² − (κ − pe (1 − κ))²]
 *   / ((1 − pe)² N). */
static double kappa_variance(const double *counts, size_t k, double total,
                             double pe, double kappa)
{
    double a = 0, b = 0;
    for (size_t i = 0; i < k; i++) {
        double ri, ci;
        margins(counts, k, i, total, &ri, &ci);
        double w = 1 - (ri + ci) * (1 - kappa);
        a += counts[i * k + i] * w * w;
        for (size_t j = 0; j < k; j++) {
            if (j == i || counts[i * k + j] == 0)
                continue;
            double rj, cj;
            margins(counts, k, j, total, &rj, &cj);
            b += counts[i * k + j] * (ci + rj) * (ci + rj);
        }
    }
    double c = kappa - pe * (1 - kappa);
    double v = (a / total + (1 - kappa) * (1 - kappa) * (b / total) - c * c) /
               ((1 - pe) * (1 - pe) * total);
    return v < 0 ? 0 : v;
}

/* Variance under H0: kappa = 0, statsmodels' var_kappa0. */
static double kappa_variance0(const double *counts, size_t k, double total,
                              double pe)
{
    double s = 0;
    for (size_t i = 0; i < k; i++) {
        double ri, ci;
        margins(counts, k, i, total, &ri, &ci);
        s += ri * ci * (ri + ci);
    }
    double v = (pe + pe * pe - s) / ((1 - pe) * (1 - pe) * total);
    return v < 0 ? 0 : v;
}

pv_qs_status pv_cohen_kappa(const double *counts, size_t k, double conf,
                            pv_kappa *out)
{
    double total;
    kappa_fill_nan(out);
    if (!(conf > 0 && conf < 1) || !table_total(counts, k * k, &total))
        return PV_QS_INVALID;
    out->n = total;
    if (k == 0 || total == 0)
        return PV_QS_UNDEFINED;
    double pe = 0;
    for (size_t i = 0; i < k; i++) {
        double ri, ci;
        margins(counts, k, i, total, &ri, &ci);
        pe += ri * ci;
    }
    out->po = table_po(counts, k, total);
    out->pe = pe;
    if (!(pe < 1))
        return PV_QS_UNDEFINED;
    out->kappa = (out->po - pe) / (1 - pe);
    out->se = sqrt(kappa_variance(counts, k, total, pe, out->kappa));
    double zq = gsl_cdf_ugaussian_Pinv((1 - conf) / 2); /* negative */
    if (isnan(zq))
        return PV_QS_NUMERIC;
    out->ci_low = fmax(-1, out->kappa + zq * out->se);
    out->ci_high = fmin(1, out->kappa - zq * out->se);
    out->se0 = sqrt(kappa_variance0(counts, k, total, pe));
    if (out->se0 > 0) {
        out->z = out->kappa / out->se0;
        out->p = 2 * gsl_cdf_ugaussian_Q(fabs(out->z));
    }
    return PV_QS_OK;
}

/* ---------------------------------------------------------------- Brennan–Prediger */

pv_qs_status pv_brennan_prediger(const double *counts, size_t k,
                                 double *kappa_bp)
{
    double total;
    *kappa_bp = NAN;
    if (!table_total(counts, k * k, &total))
        return PV_QS_INVALID;
    if (k < 2 || total == 0)
        return PV_QS_UNDEFINED;
    double q = (double)k;
    *kappa_bp = (table_po(counts, k, total) - 1 / q) / (1 - 1 / q);
    return PV_QS_OK;
}

/* ---------------------------------------------------------------- Fleiss' kappa */

static void fleiss_fill_nan(pv_fleiss *out)
{
    out->po = out->pe = out->kappa = out->kappa_free = NAN;
    out->subjects = out->raters = 0;
}

/* Checks the table (counts non-negative integers, equal row sums) and
 * returns the raters per subject m, or -1 when invalid. */
static double fleiss_raters(const double *counts, size_t n, size_t k)
{
    double m = -1;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < k; j++) {
            double c = counts[i * k + j];
            if (!isfinite(c) || c < 0 || c != floor(c))
                return -1;
            s += c;
        }
        if (i > 0 && s != m)
            return -1;
        m = s;
    }
    return m;
}

pv_qs_status pv_fleiss_kappa(const double *counts, size_t n, size_t k,
                             pv_fleiss *out)
{
    fleiss_fill_nan(out);
    if (n == 0 || k == 0)
        return PV_QS_UNDEFINED;
    double m = fleiss_raters(counts, n, k);
    if (m < 0)
        return PV_QS_INVALID;
    out->subjects = n;
    out->raters = (size_t)m;
    if (m < 2)
        return PV_QS_UNDEFINED;
    double *col = pv_xcalloc(k, sizeof *col);
    double sq = 0, pe = 0, all = (double)n * m;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++) {
            sq += counts[i * k + j] * counts[i * k + j];
            col[j] += counts[i * k + j];
        }
    for (size_t j = 0; j < k; j++)
        pe += (col[j] / all) * (col[j] / all);
    free(col);
    out->po = (sq - all) / (all * (m - 1));
    out->pe = pe;
    if (k >= 2)
        out->kappa_free = (out->po - 1.0 / (double)k) / (1 - 1.0 / (double)k);
    if (!(pe < 1))
        return PV_QS_UNDEFINED;
    out->kappa = (out->po - pe) / (1 - pe);
    return PV_QS_OK;
}

/* ---------------------------------------------------------------- Krippendorff's alpha */

static void kripp_fill_nan(pv_kripp *out)
{
    out->alpha = out->d_o = out->d_e = NAN;
    out->n = 0;
    out->units_used = 0;
}

pv_qs_status pv_kripp_alpha_nominal(const double *x, size_t units,
                                    size_t coders, size_t ncat, pv_kripp *out)
{
    kripp_fill_nan(out);
    if (!units_valid(x, units * coders, ncat))
        return PV_QS_INVALID;
    if (ncat == 0)
        return PV_QS_UNDEFINED;
    double *nu = pv_xcalloc(pv_xmul(2, ncat), sizeof *nu); /* n_uc, then n_c */
    double *nc = nu + ncat, occ = 0, n = 0;
    for (size_t u = 0; u < units; u++) {
        const double *row = x + u * coders;
        double m = 0, same = 0;
        for (size_t c = 0; c < coders; c++) {
            long v = value_category(row[c], ncat);
            if (v >= 0) {
                nu[v]++;
                m++;
            }
        }
        for (size_t c = 0; c < coders; c++) {
            long v = value_category(row[c], ncat);
            if (v < 0 || nu[v] == 0)
                continue;           /* missing, or category already done */
            if (m >= 2) {
                same += nu[v] * (nu[v] - 1);
                nc[v] += nu[v];
            }
            nu[v] = 0;
        }
        if (m >= 2) {
            occ += same / (m - 1);
            n += m;
            out->units_used++;
        }
    }
    double sum_nc2 = 0;
    for (size_t c = 0; c < ncat; c++)
        sum_nc2 += nc[c] * nc[c];
    free(nu);
    out->n = n;
    if (n == 0)
        return PV_QS_UNDEFINED;
    out->d_o = (n - occ) / n;
    out->d_e = (n * n - sum_nc2) / (n * (n - 1));
    if (!(out->d_e > 0))
        return PV_QS_UNDEFINED;
    out->alpha = 1 - (n - 1) * (n - occ) / (n * n - sum_nc2);
    return PV_QS_OK;
}

/* ---------------------------------------------------------------- percent agreement */

pv_qs_status pv_percent_agreement(const double *x, size_t units, size_t coders,
                                  size_t ncat, double *agreement,
                                  size_t *units_used)
{
    size_t used = 0;
    double sum = 0;
    *agreement = NAN;
    if (units_used)
        *units_used = 0;
    if (!units_valid(x, units * coders, ncat))
        return PV_QS_INVALID;
    for (size_t u = 0; u < units; u++) {
        const double *row = x + u * coders;
        double pairs = 0, agree = 0;
        for (size_t a = 0; a < coders; a++) {
            long va = value_category(row[a], ncat);
            for (size_t b = a + 1; va >= 0 && b < coders; b++) {
                long vb = value_category(row[b], ncat);
                if (vb < 0)
                    continue;
                pairs++;
                agree += (va == vb);
            }
        }
        if (pairs > 0) {
            sum += agree / pairs;
            used++;
        }
    }
    if (units_used)
        *units_used = used;
    if (used == 0)
        return PV_QS_UNDEFINED;
    *agreement = sum / (double)used;
    return PV_QS_OK;
}
