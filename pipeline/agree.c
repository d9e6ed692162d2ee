/* agree.c — see agree.h, which gives every formula with its R / statsmodels
 * counterpart. */
#include "agree.h"

#include <gsl/gsl_cdf.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    double t1 = a / total, t2 = (1 - kappa) * (1 - kappa) * (b / total);
    double num = t1 + t2 - c * c;
    /* A zero variance computed from terms near 1 leaves a rounding residue
     * of an ulp or two (κ = 0 when one coder never used a category: 2.6e-17
     * on 1 222 characters, an SE of 5e-9 where the exact value is 0, seen
     * once the tables were written at full precision): within 8 ulps of
     * the terms, it is that residue, and 0. */
    if (num <= 8 * DBL_EPSILON * (t1 + t2 + c * c))
        return 0;
    return num / ((1 - pe) * (1 - pe) * total);
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

/* Values (not missing) in row u of a units × coders matrix. */
static size_t unit_values(const double *x, size_t u, size_t coders, size_t ncat)
{
    size_t m = 0;
    for (size_t c = 0; c < coders; c++)
        m += value_category(x[u * coders + c], ncat) >= 0;
    return m;
}

pv_qs_status pv_fleiss_kappa_units(const double *x, size_t units, size_t coders, size_t ncat,
                                   size_t min_raters, pv_fleiss *out)
{
    fleiss_fill_nan(out);
    if (min_raters < 2 || !units_valid(x, pv_xmul(units, coders), ncat))
        return PV_QS_INVALID;
    /* a unit has at most `coders` values: one count per possible number */
    size_t *count = pv_xcalloc(coders + 1, sizeof *count), best = 0;
    for (size_t u = 0; u < units; u++) {
        size_t m = unit_values(x, u, coders, ncat);
        if (m >= min_raters && ++count[m] > count[best])
            best = m;
    }
    size_t kept = best ? count[best] : 0;
    free(count);
    if (kept == 0)
        return PV_QS_UNDEFINED;
    double *t = pv_xcalloc(pv_xmul(kept, ncat) + 1, sizeof *t);
    size_t n = 0;
    for (size_t u = 0; u < units; u++) {
        if (unit_values(x, u, coders, ncat) != best)
            continue;
        for (size_t c = 0; c < coders; c++) {
            long v = value_category(x[u * coders + c], ncat);
            if (v >= 0)
                t[n * ncat + (size_t)v]++;
        }
        n++;
    }
    pv_qs_status st = pv_fleiss_kappa(t, n, ncat, out);
    free(t);
    return st;
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

/* ---------------------------------------------------------------- spans */

static int spans_valid(const long *start, const long *end, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (start[i] < 0 || end[i] <= start[i])
            return 0;
    return 1;
}

pv_qs_status pv_spans_union(long *start, long *end, size_t n, size_t *merged)
{
    if (merged)
        *merged = 0;
    if (!spans_valid(start, end, n))
        return PV_QS_INVALID;
    for (size_t i = 1; i < n; i++) /* insertion sort by (start, end) */
        for (size_t j = i; j > 0 && (start[j - 1] > start[j] ||
                                     (start[j - 1] == start[j] && end[j - 1] > end[j])); j--) {
            long s = start[j], e = end[j];
            start[j] = start[j - 1], end[j] = end[j - 1];
            start[j - 1] = s, end[j - 1] = e;
        }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k > 0 && start[i] < end[k - 1]) { /* overlaps the last kept span */
            if (end[i] > end[k - 1])
                end[k - 1] = end[i];
            continue;
        }
        start[k] = start[i], end[k] = end[i];
        k++;
    }
    if (merged)
        *merged = k;
    return PV_QS_OK;
}

/* ---------------------------------------------------------------- segment agreement */

typedef struct {
    size_t i, j;
    long inter, uni; /* |s1 ∩ s2|, |s1 ∪ s2| of two overlapping spans */
} seg_pair;

/* Larger overlap first (inter/uni compared exactly), then i, then j. */
static int seg_pair_cmp(const void *pa, const void *pb)
{
    const seg_pair *a = pa, *b = pb;
    long long l = (long long)a->inter * b->uni, r = (long long)b->inter * a->uni;
    if (l != r)
        return l > r ? -1 : 1;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

pv_qs_status pv_segment_match(const long *s1, const long *e1, size_t n1, const long *s2,
                              const long *e2, size_t n2, double min_overlap, long *match1,
                              long *match2, pv_segmatch *out)
{
    memset(out, 0, sizeof *out);
    out->percent = out->holsti = NAN;
    for (size_t i = 0; match1 && i < n1; i++)
        match1[i] = -1;
    for (size_t j = 0; match2 && j < n2; j++)
        match2[j] = -1;
    if (!(min_overlap > 0 && min_overlap <= 1) || !spans_valid(s1, e1, n1) ||
        !spans_valid(s2, e2, n2))
        return PV_QS_INVALID;
    out->n1 = n1, out->n2 = n2;
    if (n1 + n2 == 0)
        return PV_QS_UNDEFINED;
    seg_pair *p = pv_xnmalloc(pv_xmul(n1, n2) + 1, sizeof *p);
    unsigned char *used = pv_xcalloc(n1 + n2 + 1, 1);
    size_t np = 0;
    for (size_t i = 0; i < n1; i++)
        for (size_t j = 0; j < n2; j++) {
            long lo = s1[i] > s2[j] ? s1[i] : s2[j], hi = e1[i] < e2[j] ? e1[i] : e2[j];
            if (hi <= lo)
                continue;
            long uni = (e1[i] > e2[j] ? e1[i] : e2[j]) - (s1[i] < s2[j] ? s1[i] : s2[j]);
            if ((double)(hi - lo) / (double)uni >= min_overlap)
                p[np++] = (seg_pair){i, j, hi - lo, uni};
        }
    qsort(p, np, sizeof *p, seg_pair_cmp);
    for (size_t k = 0; k < np; k++) {
        if (used[p[k].i] || used[n1 + p[k].j])
            continue;
        used[p[k].i] = used[n1 + p[k].j] = 1;
        out->matched++;
        if (match1)
            match1[p[k].i] = (long)p[k].j;
        if (match2)
            match2[p[k].j] = (long)p[k].i;
    }
    free(p), free(used);
    out->only1 = n1 - out->matched;
    out->only2 = n2 - out->matched;
    out->percent = (double)out->matched / (double)(out->matched + out->only1 + out->only2);
    out->holsti = 2.0 * (double)out->matched / (double)(n1 + n2);
    return PV_QS_OK;
}

pv_qs_status pv_kappa_free(double po, double q, double *kappa)
{
    *kappa = NAN;
    if (isnan(po) || !(q >= 2))
        return PV_QS_UNDEFINED;
    if (po < 0 || po > 1)
        return PV_QS_INVALID;
    *kappa = (po - 1 / q) / (1 - 1 / q);
    return PV_QS_OK;
}

/* ---------------------------------------------------------------- character agreement */

/* Characters covered by merged (sorted, disjoint) spans a and b both. */
static long spans_intersection(const long *as, const long *ae, size_t na, const long *bs,
                               const long *be, size_t nb)
{
    long n = 0;
    for (size_t i = 0, j = 0; i < na && j < nb;) {
        long lo = as[i] > bs[j] ? as[i] : bs[j], hi = ae[i] < be[j] ? ae[i] : be[j];
        if (hi > lo)
            n += hi - lo;
        if (ae[i] < be[j])
            i++;
        else
            j++;
    }
    return n;
}

static long spans_length(const long *s, const long *e, size_t n)
{
    long len = 0;
    for (size_t i = 0; i < n; i++)
        len += e[i] - s[i];
    return len;
}

pv_qs_status pv_char_agreement(const long *s1, const long *e1, size_t n1, const long *s2,
                               const long *e2, size_t n2, long length, double table[4],
                               double *percent, pv_kappa *kappa)
{
    table[0] = table[1] = table[2] = table[3] = 0;
    *percent = NAN;
    if (kappa)
        kappa_fill_nan(kappa);
    if (length < 1 || !spans_valid(s1, e1, n1) || !spans_valid(s2, e2, n2))
        return PV_QS_INVALID;
    for (size_t i = 0; i < n1; i++)
        if (e1[i] > length)
            return PV_QS_INVALID;
    for (size_t i = 0; i < n2; i++)
        if (e2[i] > length)
            return PV_QS_INVALID;
    long *b = pv_xnmalloc(pv_xmul(2, n1 + n2 + 1), sizeof *b);
    long *as = b, *ae = b + n1, *bs = b + 2 * n1, *be = b + 2 * n1 + n2;
    size_t na, nb;
    if (n1) /* a coder with no span may pass NULL: memcpy(NULL) is undefined */
        memcpy(as, s1, n1 * sizeof *as), memcpy(ae, e1, n1 * sizeof *ae);
    if (n2)
        memcpy(bs, s2, n2 * sizeof *bs), memcpy(be, e2, n2 * sizeof *be);
    pv_spans_union(as, ae, n1, &na);
    pv_spans_union(bs, be, n2, &nb);
    long both = spans_intersection(as, ae, na, bs, be, nb);
    long l1 = spans_length(as, ae, na), l2 = spans_length(bs, be, nb);
    free(b);
    table[0] = (double)both;
    table[1] = (double)(l1 - both);
    table[2] = (double)(l2 - both);
    table[3] = (double)(length - l1 - l2 + both);
    *percent = (table[0] + table[3]) / (double)length;
    if (!kappa)
        return PV_QS_OK;
    return pv_cohen_kappa(table, 2, 0.95, kappa);
}

/* ---------------------------------------------------------------- frequency agreement */

pv_qs_status pv_frequency_agreement(const double *f1, const double *f2, size_t units,
                                    double *agreement, size_t *units_used)
{
    size_t used = 0, same = 0;
    *agreement = NAN;
    if (units_used)
        *units_used = 0;
    for (size_t u = 0; u < units; u++) {
        double a = f1[u], b = f2[u];
        if (!isfinite(a) || !isfinite(b) || a < 0 || b < 0 || a != floor(a) || b != floor(b))
            return PV_QS_INVALID;
    }
    for (size_t u = 0; u < units; u++) {
        if (f1[u] == 0 && f2[u] == 0)
            continue;
        used++;
        same += f1[u] == f2[u];
    }
    if (units_used)
        *units_used = used;
    if (used == 0)
        return PV_QS_UNDEFINED;
    *agreement = (double)same / (double)used;
    return PV_QS_OK;
}

/* ---------------------------------------------------------------- unitizing alpha */

/* One observer's sections for one category: units and the gaps between
 * them, in order, covering the continuum. */
typedef struct {
    long b, e;
    int unit;
} section;

/* The sections of observer o for category c into sec (room for 2n + 1);
 * returns how many, or -1 when two of its units overlap. */
static long ualpha_sections(const long *start, const long *end, const int *obs, const int *cat,
                            size_t n, int o, int c, long begin, long length, long *scratch,
                            section *sec)
{
    size_t k = 0, ns = 0;
    long *s = scratch, *e = scratch + n;
    for (size_t u = 0; u < n; u++)
        if (obs[u] == o && cat[u] == c)
            s[k] = start[u], e[k] = end[u], k++;
    for (size_t i = 1; i < k; i++) /* insertion sort by start */
        for (size_t j = i; j > 0 && s[j - 1] > s[j]; j--) {
            long t = s[j]; s[j] = s[j - 1]; s[j - 1] = t;
            t = e[j]; e[j] = e[j - 1]; e[j - 1] = t;
        }
    long pos = begin;
    for (size_t i = 0; i < k; i++) {
        if (s[i] < pos)
            return -1; /* overlaps the previous unit */
        if (s[i] > pos)
            sec[ns++] = (section){pos, s[i], 0};
        sec[ns++] = (section){s[i], e[i], 1};
        pos = e[i];
    }
    if (pos < begin + length)
        sec[ns++] = (section){pos, begin + length, 0};
    return (long)ns;
}

/* δ² of two intersecting sections (see agree.h). */
static double ualpha_delta(const section *g, const section *h)
{
    if (g->unit && h->unit) {
        double db = (double)(g->b - h->b), de = (double)(g->e - h->e);
        return db * db + de * de;
    }
    if (g->unit && !h->unit && h->b <= g->b && g->e <= h->e)
        return (double)(g->e - g->b) * (double)(g->e - g->b);
    if (!g->unit && h->unit && g->b <= h->b && h->e <= g->e)
        return (double)(h->e - h->b) * (double)(h->e - h->b);
    return 0;
}

/* D_o and D_e of category c; 0 on success, -1 when units overlap. */
static int ualpha_category(const long *start, const long *end, const int *obs, const int *cat,
                           size_t n, size_t m, int c, long begin, long length, long *scratch,
                           section *sec, long *nsec, double *d_o, double *d_e)
{
    size_t room = 2 * n + 1;
    for (size_t o = 0; o < m; o++) {
        nsec[o] = ualpha_sections(start, end, obs, cat, n, (int)o, c, begin, length, scratch,
                                  sec + o * room);
        if (nsec[o] < 0)
            return -1;
    }
    double L = (double)length, sum = 0;
    for (size_t i = 0; i < m; i++)
        for (size_t j = i + 1; j < m; j++)
            for (long g = 0; g < nsec[i]; g++)
                for (long h = 0; h < nsec[j]; h++) {
                    const section *a = sec + i * room + g, *b = sec + j * room + h;
                    if (a->b < b->e && b->b < a->e)
                        sum += ualpha_delta(a, b);
                }
    *d_o = 2 * sum / ((double)m * (double)(m - 1) * L * L);
    double nc = 0, sq = 0, num = 0;
    for (size_t u = 0; u < n; u++)
        if (cat[u] == c) {
            double l = (double)(end[u] - start[u]);
            nc++;
            sq += l * (l - 1);
        }
    for (size_t u = 0; u < n; u++) {
        if (cat[u] != c)
            continue;
        double l = (double)(end[u] - start[u]), gaps = 0;
        for (size_t o = 0; o < m; o++)
            for (long h = 0; h < nsec[o]; h++) {
                const section *s = sec + o * room + h;
                double lh = (double)(s->e - s->b);
                if (!s->unit && lh >= l)
                    gaps += lh - l + 1;
            }
        num += (nc - 1) * (2 * l * l * l - 3 * l * l + l) / 3 + l * l * gaps;
    }
    double mL = (double)m * L;
    *d_e = nc > 0 ? (2 / L) * num / (mL * (mL - 1) - sq) : 0;
    return 0;
}

pv_qs_status pv_kripp_ualpha(const long *start, const long *end, const int *obs, const int *cat,
                             size_t n, size_t m, size_t ncat, long begin, long length,
                             double *d_o, double *d_e, double *alpha_cat, double *alpha)
{
    for (size_t c = 0; c < ncat; c++) {
        if (d_o) d_o[c] = NAN;
        if (d_e) d_e[c] = NAN;
        if (alpha_cat) alpha_cat[c] = NAN;
    }
    if (alpha)
        *alpha = NAN;
    if (m < 2 || length < 1)
        return PV_QS_INVALID;
    for (size_t u = 0; u < n; u++)
        if (start[u] < begin || end[u] <= start[u] || end[u] > begin + length || obs[u] < 0 ||
            (size_t)obs[u] >= m || cat[u] < 0 || (size_t)cat[u] >= ncat)
            return PV_QS_INVALID;
    long *scratch = pv_xnmalloc(pv_xmul(2, n) + 1, sizeof *scratch);
    long *nsec = pv_xnmalloc(m + 1, sizeof *nsec);
    section *sec = pv_xnmalloc(pv_xmul(m, pv_xmul(2, n) + 1) + 1, sizeof *sec);
    pv_qs_status st = PV_QS_OK;
    double so = 0, se = 0;
    for (size_t c = 0; c < ncat; c++) {
        double o, e;
        if (ualpha_category(start, end, obs, cat, n, m, (int)c, begin, length, scratch, sec, nsec,
                            &o, &e)) {
            st = PV_QS_INVALID;
            goto out;
        }
        if (d_o) d_o[c] = o;
        if (d_e) d_e[c] = e;
        if (alpha_cat && e > 0)
            alpha_cat[c] = 1 - o / e;
        so += o, se += e;
    }
    if (!(se > 0))
        st = PV_QS_UNDEFINED;
    else if (alpha)
        *alpha = 1 - so / se;
out:
    if (st == PV_QS_INVALID)
        for (size_t c = 0; c < ncat; c++) {
            if (d_o) d_o[c] = NAN;
            if (d_e) d_e[c] = NAN;
            if (alpha_cat) alpha_cat[c] = NAN;
        }
    free(scratch), free(nsec), free(sec);
    return st;
}
