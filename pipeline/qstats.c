/* qstats.c — see qstats.h.  Formulas and their R counterparts are in
 * qstats.h and docs/METHODS.md. */
#include "qstats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "xalloc.h"

const char *pv_qs_status_str(pv_qs_status s)
{
    switch (s) {
    case PV_QS_OK: return "ok";
    case PV_QS_UNDEFINED: return "undefined for these data";
    case PV_QS_INVALID: return "invalid input";
    case PV_QS_NUMERIC: return "numerical failure";
    }
    return "unknown status";
}

/* ---------------------------------------------------------------- descriptive */

double pv_mean(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double s = 0, t = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    s /= (double)n;
    if (!isfinite(s))
        return s;
    for (size_t i = 0; i < n; i++)
        t += x[i] - s;
    return s + t / (double)n;
}

double pv_sd(const double *x, size_t n)
{
    if (n < 2)
        return NAN;
    double m = pv_mean(x, n), ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    return sqrt(ss / (double)(n - 1));
}

/* ---------------------------------------------------------------- Cronbach's alpha */

static void alpha_fill_nan(pv_alpha *out, size_t k)
{
    out->alpha = out->alpha_std = out->ci_low = out->ci_high = NAN;
    for (size_t j = 0; j < k; j++) {
        if (out->alpha_if_deleted)
            out->alpha_if_deleted[j] = NAN;
        if (out->r_drop)
            out->r_drop[j] = NAN;
    }
}

/* Covariance matrix (k × k, denominator n − 1) of x into cov, two-pass;
 * mean is k doubles of scratch.  Returns PV_QS_INVALID on a NAN / inf. */
static pv_qs_status covariance(const double *x, size_t n, size_t k,
                               double *mean, double *cov)
{
    for (size_t j = 0; j < k; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(x[i * k + j]))
                return PV_QS_INVALID;
            s += x[i * k + j];
        }
        mean[j] = s / (double)n;
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = a; b < k; b++) {
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += (x[i * k + a] - mean[a]) * (x[i * k + b] - mean[b]);
            cov[a * k + b] = cov[b * k + a] = s / (double)(n - 1);
        }
    return PV_QS_OK;
}

/* Raw alpha of the items other than skip (skip = k: all items), psych's
 * alpha.1: (1 − tr(C)/sum(C)) · m/(m − 1), m the number of items kept. */
static double alpha_raw(const double *cov, size_t k, size_t skip)
{
    double tr = 0, sum = 0;
    size_t m = 0;
    for (size_t a = 0; a < k; a++) {
        if (a == skip)
            continue;
        m++;
        tr += cov[a * k + a];
        for (size_t b = 0; b < k; b++)
            if (b != skip)
                sum += cov[a * k + b];
    }
    if (m < 2 || !(sum > 0))
        return NAN;
    return (1 - tr / sum) * ((double)m / (double)(m - 1));
}

/* Standardized alpha from the correlations, psych's (1 − k/ΣR) · k/(k − 1),
 * which equals k·r̄/(1 + (k − 1)·r̄). */
static double alpha_standardized(const double *cov, size_t k)
{
    double sum_r = 0;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            sum_r += cov[a * k + b] / sqrt(cov[a * k + a] * cov[b * k + b]);
    double v = (1 - (double)k / sum_r) * ((double)k / (double)(k - 1));
    return isfinite(v) ? v : NAN;
}

/* Corrected item-total correlation of item j, psych's r.drop:
 * (Σ_b C[j,b] − C[j,j]) / √(C[j,j] · Σ_{a,b ≠ j} C[a,b]). */
static double r_drop(const double *cov, size_t k, size_t j)
{
    double c_drop = 0, v_drop = 0;
    for (size_t b = 0; b < k; b++)
        if (b != j)
            c_drop += cov[j * k + b];
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            if (a != j && b != j)
                v_drop += cov[a * k + b];
    if (!(v_drop > 0))
        return NAN;
    return c_drop / sqrt(cov[j * k + j] * v_drop);
}

pv_qs_status pv_cronbach_alpha(const double *x, size_t n, size_t k,
                               double conf, pv_alpha *out)
{
    alpha_fill_nan(out, k);
    if (!(conf > 0 && conf < 1))
        return PV_QS_INVALID;
    if (n < 2 || k < 2)
        return PV_QS_UNDEFINED;
    double *mean = pv_xnmalloc(pv_xmul(k, k) + k, sizeof *mean);
    double *cov = mean + k;
    pv_qs_status st = covariance(x, n, k, mean, cov);
    if (st != PV_QS_OK)
        goto done;
    for (size_t j = 0; j < k; j++)
        if (!(cov[j * k + j] > 0)) {
            st = PV_QS_UNDEFINED;
            goto done;
        }
    out->alpha = alpha_raw(cov, k, k);
    out->alpha_std = alpha_standardized(cov, k);
    for (size_t j = 0; j < k; j++) {
        if (out->alpha_if_deleted)
            out->alpha_if_deleted[j] = alpha_raw(cov, k, j); /* NAN if k == 2 */
        if (out->r_drop)
            out->r_drop[j] = r_drop(cov, k, j);
    }
    /* Feldt (1965): (1 − alpha)/(1 − ALPHA) ~ F(n − 1, (n − 1)(k − 1)). */
    double a = 1 - conf, df1 = (double)(n - 1), df2 = df1 * (double)(k - 1);
    double f_hi = gsl_cdf_fdist_Pinv(1 - a / 2, df1, df2);
    double f_lo = gsl_cdf_fdist_Pinv(a / 2, df1, df2);
    if (isnan(f_hi) || isnan(f_lo) || isnan(out->alpha)) {
        st = isnan(out->alpha) ? PV_QS_UNDEFINED : PV_QS_NUMERIC;
        goto done;
    }
    out->ci_low = 1 - (1 - out->alpha) * f_hi;
    out->ci_high = 1 - (1 - out->alpha) * f_lo;
done:
    free(mean);
    if (st != PV_QS_OK)
        alpha_fill_nan(out, k);
    return st;
}

/* ---------------------------------------------------------------- chi-square */

pv_qs_status pv_chisq_indep(const double *counts, size_t r, size_t c,
                            pv_chisq *out)
{
    *out = (pv_chisq){NAN, NAN, NAN, NAN, 0, 0, 0, 0};
    for (size_t i = 0; i < r * c; i++)
        if (!isfinite(counts[i]) || counts[i] < 0) {
            out->n = NAN;
            return PV_QS_INVALID;
        }
    double *rs = pv_xcalloc(r + c + 1, sizeof *rs); /* +1: r + c may be 0 */
    double *cs = rs + r;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            rs[i] += counts[i * c + j];
            cs[j] += counts[i * c + j];
            out->n += counts[i * c + j];
        }
    for (size_t i = 0; i < r; i++)
        out->rows_used += rs[i] > 0;
    for (size_t j = 0; j < c; j++)
        out->cols_used += cs[j] > 0;
    pv_qs_status st = PV_QS_OK;
    if (out->rows_used < 2 || out->cols_used < 2) {
        st = PV_QS_UNDEFINED;
        goto done;
    }
    double x2 = 0;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            if (rs[i] == 0 || cs[j] == 0)
                continue; /* a dropped row or column */
            double e = rs[i] * cs[j] / out->n, d = counts[i * c + j] - e;
            x2 += d * d / e;
            out->n_expected_lt5 += e < 5;
        }
    out->statistic = x2;
    out->df = (double)(out->rows_used - 1) * (double)(out->cols_used - 1);
    out->p = gsl_cdf_chisq_Q(x2, out->df);
    size_t m = out->rows_used < out->cols_used ? out->rows_used : out->cols_used;
    out->cramer_v = sqrt(x2 / (out->n * (double)(m - 1)));
    if (isnan(out->p))
        st = PV_QS_NUMERIC;
done:
    free(rs);
    return st;
}

/* ---------------------------------------------------------------- Kruskal–Wallis */

typedef struct {
    double v;
    size_t g;
} obs;

static int obs_cmp(const void *a, const void *b)
{
    double x = ((const obs *)a)->v, y = ((const obs *)b)->v;
    return (x > y) - (x < y);
}

pv_qs_status pv_kruskal_wallis(const double *x, const size_t *group, size_t n,
                               size_t ngroups, pv_kruskal *out)
{
    *out = (pv_kruskal){NAN, NAN, NAN, NAN, 0, 0};
    for (size_t i = 0; i < n; i++)
        if (group[i] >= ngroups || isinf(x[i]))
            return PV_QS_INVALID;
    obs *o = pv_xnmalloc(n + 1, sizeof *o);
    double *rank_sum = pv_xcalloc(pv_xmul(2, ngroups) + 1, sizeof *rank_sum);
    pv_qs_status st;
    double *size = rank_sum + ngroups;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            o[m++] = (obs){x[i], group[i]};
    out->n = m;
    qsort(o, m, sizeof *o, obs_cmp);
    double ties = 0; /* Σ (t³ − t) over runs of equal values */
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i + 1; j < m && o[j].v == o[i].v; j++)
            ;
        double t = (double)(j - i), mid = (double)(i + 1 + j) / 2;
        ties += t * t * t - t;
        for (size_t q = i; q < j; q++) {
            rank_sum[o[q].g] += mid;
            size[o[q].g] += 1;
        }
    }
    double h = 0, nn = (double)m;
    for (size_t g = 0; g < ngroups; g++)
        if (size[g] > 0) {
            out->groups++;
            h += rank_sum[g] * rank_sum[g] / size[g];
        }
    double tie_corr = 1 - ties / (nn * nn * nn - nn);
    st = PV_QS_UNDEFINED;
    if (out->groups < 2 || m < 2 || !(tie_corr > 0))
        goto done;
    h = (12 * h / (nn * (nn + 1)) - 3 * (nn + 1)) / tie_corr;
    out->statistic = h;
    out->df = (double)(out->groups - 1);
    out->p = gsl_cdf_chisq_Q(h, out->df);
    out->epsilon_sq = h / ((nn * nn - 1) / (nn + 1));
    st = isnan(out->p) ? PV_QS_NUMERIC : PV_QS_OK;
done:
    free(o);
    free(rank_sum);
    return st;
}

/* ---------------------------------------------------------------- alpha, pairwise */

/* Covariance of items a and b over the respondents who answered both
 * (two-pass, denominator m − 1); *m their number. */
static double pair_cov(const double *x, size_t n, size_t k, size_t a, size_t b, size_t *m)
{
    double sa = 0, sb = 0, c = 0;
    *m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * k + a]) && !isnan(x[i * k + b]))
            sa += x[i * k + a], sb += x[i * k + b], (*m)++;
    if (*m < 2)
        return NAN;
    sa /= (double)*m, sb /= (double)*m;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * k + a]) && !isnan(x[i * k + b]))
            c += (x[i * k + a] - sa) * (x[i * k + b] - sb);
    return c / (double)(*m - 1);
}

pv_qs_status pv_cronbach_alpha_pairwise(const double *x, size_t n, size_t k, double *alpha,
                                        double *alpha_std)
{
    *alpha = *alpha_std = NAN;
    for (size_t i = 0; i < n * k; i++)
        if (isinf(x[i]))
            return PV_QS_INVALID;
    if (k < 2)
        return PV_QS_UNDEFINED;
    double *c = pv_xnmalloc(pv_xmul(k, k) + 1, sizeof *c), trace = 0, sum = 0, sumr = 0;
    pv_qs_status st = PV_QS_OK;
    for (size_t a = 0; a < k && st == PV_QS_OK; a++)
        for (size_t b = a; b < k; b++) {
            size_t m;
            c[a * k + b] = c[b * k + a] = pair_cov(x, n, k, a, b, &m);
            if (m < 2 || (a == b && !(c[a * k + a] > 0))) {
                st = PV_QS_UNDEFINED;
                break;
            }
        }
    if (st == PV_QS_OK) {
        for (size_t a = 0; a < k; a++) {
            trace += c[a * k + a];
            for (size_t b = 0; b < k; b++) {
                sum += c[a * k + b];
                sumr += c[a * k + b] / sqrt(c[a * k + a] * c[b * k + b]);
            }
        }
        double kk = (double)k;
        *alpha = kk / (kk - 1) * (1 - trace / sum);
        *alpha_std = kk / (kk - 1) * (1 - kk / sumr);
    }
    free(c);
    return st;
}

/* ---------------------------------------------------------------- Mann–Whitney */

pv_qs_status pv_mann_whitney(const double *x, const size_t *group, size_t n,
                             pv_mannwhitney *out)
{
    *out = (pv_mannwhitney){NAN, NAN, NAN, NAN, 0, 0};
    for (size_t i = 0; i < n; i++)
        if (group[i] > 1 || isinf(x[i]))
            return PV_QS_INVALID;
    obs *o = pv_xnmalloc(n + 1, sizeof *o);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            o[m++] = (obs){x[i], group[i]};
    qsort(o, m, sizeof *o, obs_cmp);
    double ties = 0, r0 = 0;
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i + 1; j < m && o[j].v == o[i].v; j++)
            ;
        double t = (double)(j - i), mid = (double)(i + 1 + j) / 2;
        ties += t * t * t - t;
        for (size_t q = i; q < j; q++) {
            if (o[q].g == 0)
                r0 += mid, out->n0++;
            else
                out->n1++;
        }
    }
    free(o);
    if (!out->n0 || !out->n1)
        return PV_QS_UNDEFINED;
    double n0 = (double)out->n0, n1 = (double)out->n1, nn = n0 + n1;
    out->statistic = r0 - n0 * (n0 + 1) / 2;
    double d = out->statistic - n0 * n1 / 2;
    double sigma = sqrt(n0 * n1 / 12 * ((nn + 1) - ties / (nn * (nn - 1))));
    if (!(sigma > 0))
        return PV_QS_UNDEFINED;
    out->z = (d - (d > 0 ? 0.5 : d < 0 ? -0.5 : 0)) / sigma;
    out->p = fmin(1, 2 * fmin(gsl_cdf_ugaussian_P(out->z), gsl_cdf_ugaussian_Q(out->z)));
    out->r = out->z / sqrt(nn);
    return isnan(out->p) ? PV_QS_NUMERIC : PV_QS_OK;
}

/* ---------------------------------------------------------------- Spearman */

/* Mid-ranks of v[0..n-1] into rank (scratch: n obs). */
static void mid_ranks(const double *v, size_t n, double *rank)
{
    obs *o = pv_xnmalloc(n + 1, sizeof *o);
    for (size_t i = 0; i < n; i++)
        o[i] = (obs){v[i], i};
    qsort(o, n, sizeof *o, obs_cmp);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && o[j].v == o[i].v; j++)
            ;
        for (size_t q = i; q < j; q++)
            rank[o[q].g] = (double)(i + 1 + j) / 2;
    }
    free(o);
}

pv_qs_status pv_spearman_test(const double *x, const double *y, size_t n, pv_spearman *out)
{
    *out = (pv_spearman){NAN, NAN, NAN, 0};
    for (size_t i = 0; i < n; i++)
        if (isinf(x[i]) || isinf(y[i]))
            return PV_QS_INVALID;
    double *a = pv_xnmalloc(pv_xmul(n, 4) + 1, sizeof *a), *b = a + n, *ra = b + n, *rb = ra + n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i]))
            a[m] = x[i], b[m++] = y[i];
    out->n = m;
    pv_qs_status st = PV_QS_UNDEFINED;
    if (m >= 3) {
        mid_ranks(a, m, ra);
        mid_ranks(b, m, rb);
        double ma = pv_mean(ra, m), mb = pv_mean(rb, m), sab = 0, saa = 0, sbb = 0;
        for (size_t i = 0; i < m; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        if (saa > 0 && sbb > 0) {
            double rho = fmax(-1, fmin(1, sab / sqrt(saa * sbb))), df = (double)m - 2;
            out->rho = rho;
            if (fabs(rho) == 1) {
                out->statistic = rho > 0 ? INFINITY : -INFINITY;
                out->p = 0;
            } else {
                out->statistic = rho * sqrt(df / (1 - rho * rho));
                out->p = 2 * gsl_cdf_tdist_Q(fabs(out->statistic), df);
            }
            st = isnan(out->p) ? PV_QS_NUMERIC : PV_QS_OK;
        }
    }
    free(a);
    return st;
}

/* ---------------------------------------------------------------- p-value adjustment */

typedef struct {
    double p;
    size_t i;
} pval;

/* Ascending p, ties in input order (R's order() is stable). */
static int pval_cmp(const void *a, const void *b)
{
    const pval *x = a, *y = b;
    if (x->p != y->p)
        return (x->p > y->p) - (x->p < y->p);
    return (x->i > y->i) - (x->i < y->i);
}

pv_qs_status pv_p_adjust(const double *p, size_t n, pv_padjust_method method,
                         double *out)
{
    size_t m = 0;
    int bad = method != PV_PADJ_HOLM && method != PV_PADJ_BH &&
              method != PV_PADJ_BONFERRONI && method != PV_PADJ_HOCHBERG;
    for (size_t i = 0; i < n; i++) {
        bad |= p[i] < 0 || p[i] > 1; /* false for NAN */
        m += !isnan(p[i]);
    }
    if (bad) {
        for (size_t i = 0; i < n; i++)
            out[i] = NAN;
        return PV_QS_INVALID;
    }
    pval *s = pv_xnmalloc(m + 1, sizeof *s);
    m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i]))
            s[m++] = (pval){p[i], i};
    qsort(s, m, sizeof *s, pval_cmp);
    for (size_t i = 0; i < n; i++)
        out[i] = p[i]; /* NAN stay NAN; m <= 1: unchanged, as R */
    if (m > 1 && method == PV_PADJ_HOLM) {
        /* pmin(1, cummax((m + 1 − i) · p_(i))), ascending. */
        double run = 0;
        for (size_t r = 0; r < m; r++) {
            run = fmax(run, (double)(m - r) * s[r].p);
            out[s[r].i] = fmin(1, run);
        }
    } else if (m > 1 && method == PV_PADJ_BONFERRONI) {
        for (size_t r = 0; r < m; r++)
            out[s[r].i] = fmin(1, (double)m * s[r].p);
    } else if (m > 1 && method == PV_PADJ_HOCHBERG) {
        /* pmin(1, cummin((m + 1 − i) · p_(i))), descending i = m..1. */
        double run = INFINITY;
        for (size_t r = m; r-- > 0;) {
            run = fmin(run, (double)(m - r) * s[r].p);
            out[s[r].i] = fmin(1, run);
        }
    } else if (m > 1) {
        /* pmin(1, cummin(m/i · p_(i))), descending i = m..1. */
        double run = INFINITY;
        for (size_t r = m; r-- > 0;) {
            run = fmin(run, (double)m / (double)(r + 1) * s[r].p);
            out[s[r].i] = fmin(1, run);
        }
    }
    free(s);
    return PV_QS_OK;
}
