/* effects.c — Hedges' g between two groups and questionnaire_effects.csv
 * (see effects.h; formulas in docs/METHODS.md, "Effect sizes between
 * groups"). */
#include "effects.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suppress.h"
#include "xalloc.h"

const char *const pv_qn_effects_cols[PV_QE_NCOLS] = {
    [PV_QE_FAMILY] = "family", [PV_QE_CONSTRUCT] = "construct",
    [PV_QE_INSTRUMENT] = "instrument_id", [PV_QE_LIST] = "list", [PV_QE_GROUP_A] = "group_a",
    [PV_QE_GROUP_B] = "group_b", [PV_QE_N_A] = "n_a", [PV_QE_N_B] = "n_b",
    [PV_QE_EFFECT] = "effect", [PV_QE_VALUE] = "value", [PV_QE_CI_LOW] = "ci_low",
    [PV_QE_CI_HIGH] = "ci_high", [PV_QE_NOTE] = "note", [PV_QE_SUPPRESSED] = "suppressed"};

/* GSL has no noncentral t: this is R's pnt() (nmath/pnt.c, after Lenth
 * 1989, algorithm AS 243), lower tail, not logged.  The series sums
 * Poisson-weighted incomplete beta functions until the remaining weight
 * bounds the error by 1e-12. */
double pv_nct_cdf(double t, double df, double ncp)
{
    const int itrmax = 1000;
    const double errmax = 1e-12;
    double del, tt, x, tnc = 0, s;
    int negdel;

    if (isnan(t) || isnan(df) || isnan(ncp) || df <= 0)
        return NAN;
    if (ncp == 0)
        return gsl_cdf_tdist_P(t, df);
    if (isinf(t))
        return t < 0 ? 0 : 1;
    if (t >= 0) {
        negdel = 0, tt = t, del = ncp;
    } else {
        if (ncp > 40)
            return 0; /* R: the lower tail is 0 to double precision */
        negdel = 1, tt = -t, del = -ncp;
    }
    if (df > 4e5 || del * del > 2 * 0.693147180559945309417 * -(DBL_MIN_EXP)) {
        /* Abramowitz & Stegun 26.7.10, as R */
        s = 1 / (4 * df);
        double p = gsl_cdf_gaussian_P(tt * (1 - s) - del, sqrt(1 + tt * tt * 2 * s));
        return negdel ? 1 - p : p;
    }
    x = t * t;
    x = x / (x + df);
    if (x > 0) {
        double lambda = del * del, p = 0.5 * exp(-0.5 * lambda), q, a, b, rxb, albeta;
        double xodd, godd, xeven, geven;
        if (p == 0) /* underflow: R returns 0 with a warning */
            return negdel ? 1 : 0;
        q = 0.797884560802865355879892119869 /* sqrt(2/pi) */ * p * del;
        s = 0.5 - p;
        if (s < 1e-7) /* a better s when p is close to 0.5 */
            s = -0.5 * expm1(-0.5 * lambda);
        a = 0.5;
        b = 0.5 * df;
        rxb = pow(1 - x, b);
        albeta = 0.572364942924700087071713675677 /* log(sqrt(pi)) */ + lgamma(b) - lgamma(0.5 + b);
        xodd = gsl_cdf_beta_P(x, a, b);
        godd = 2 * rxb * exp(a * log(x) - albeta);
        tnc = b * x;
        xeven = tnc < DBL_EPSILON ? tnc : 1 - rxb;
        geven = tnc * rxb;
        tnc = p * xodd + q * xeven;
        for (int it = 1; it <= itrmax; it++) {
            a += 1;
            xodd -= godd;
            xeven -= geven;
            godd *= x * (a + b - 1) / a;
            geven *= x * (a + b - 0.5) / (a + 0.5);
            p *= lambda / (2 * it);
            q *= lambda / (2 * it + 1);
            tnc += p * xodd + q * xeven;
            s -= p;
            if (s < -1e-10) /* R: "full precision may not have been achieved" */
                break;
            if (s <= 0 && it > 1)
                break;
            if (fabs(2 * s * (xodd - godd)) < errmax)
                break;
        }
    }
    tnc += gsl_cdf_ugaussian_P(-del);
    if (tnc > 1)
        tnc = 1;
    return negdel ? 1 - tnc : tnc;
}

/* The noncentral parameter whose distribution puts t at quantile p:
 * pv_nct_cdf(t, df, ncp) decreases in ncp, so bisection on a bracket
 * widened from t until it holds the root; to 1e-10. */
static double ncp_at(double t, double df, double p)
{
    double lo = t - 1, hi = t + 1, step = 1;
    for (int i = 0; i < 200 && pv_nct_cdf(t, df, lo) < p; i++)
        step *= 2, lo = t - step;
    step = 1;
    for (int i = 0; i < 200 && pv_nct_cdf(t, df, hi) > p; i++)
        step *= 2, hi = t + step;
    for (int i = 0; i < 200 && hi - lo > 1e-10; i++) {
        double mid = 0.5 * (lo + hi);
        if (pv_nct_cdf(t, df, mid) > p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

pv_qs_status pv_hedges_g(const double *x, size_t n1, const double *y, size_t n2, double level,
                         pv_hedges *o)
{
    memset(o, 0, sizeof *o);
    o->n1 = n1, o->n2 = n2;
    o->mean1 = o->mean2 = o->sd_pooled = o->d = o->g = o->ci_low = o->ci_high = o->df = NAN;
    if (!(level > 0 && level < 1))
        return PV_QS_INVALID;
    for (size_t i = 0; i < n1; i++)
        if (isnan(x[i]))
            return PV_QS_INVALID;
    for (size_t i = 0; i < n2; i++)
        if (isnan(y[i]))
            return PV_QS_INVALID;
    if (n1 < 2 || n2 < 2)
        return PV_QS_UNDEFINED;
    double s1 = pv_sd(x, n1), s2 = pv_sd(y, n2), df = (double)(n1 + n2 - 2);
    double sp = sqrt(((double)(n1 - 1) * s1 * s1 + (double)(n2 - 1) * s2 * s2) / df);
    o->mean1 = pv_mean(x, n1), o->mean2 = pv_mean(y, n2), o->df = df;
    if (!(sp > 0))
        return PV_QS_UNDEFINED;
    o->sd_pooled = sp;
    o->d = (o->mean1 - o->mean2) / sp;
    /* the t statistic of Student's test is d * sqrt(hn); the interval of
     * its noncentral parameter, divided by sqrt(hn), is d's */
    double hn = 1 / (1 / (double)n1 + 1 / (double)n2), t = o->d * sqrt(hn);
    double alpha = 1 - level;
    double lo = ncp_at(t, df, 1 - alpha / 2), hi = ncp_at(t, df, alpha / 2);
    /* small-sample correction J(df) = Γ(df/2) / (√(df/2) Γ((df−1)/2))
     * (Hedges 1981), applied to d and to both ends, as effectsize */
    double J = exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2));
    o->g = o->d * J;
    o->ci_low = lo / sqrt(hn) * J;
    o->ci_high = hi / sqrt(hn) * J;
    if (isnan(o->g) || isnan(o->ci_low) || isnan(o->ci_high))
        return PV_QS_NUMERIC;
    return PV_QS_OK;
}

void pv_effects_open(pv_effects *e, const char *path, long threshold, pv_err *err)
{
    e->threshold = threshold;
    pv_csvw_open(&e->w, path, err);
    pv_csvw_header(&e->w, pv_qn_effects_cols, PV_QE_NCOLS);
}

void pv_effects_add(pv_effects *e, const char *family, const char *construct,
                    const char *instrument, const char *list, const char *a, const char *b,
                    const double *x, const int *g, size_t n, int hidden,
                    unsigned char hide_a, unsigned char hide_b, const char *note)
{
    double *v = pv_xnmalloc(n + 1, sizeof *v);
    size_t n1 = 0, n2 = 0;
    char text[512] = "", sup[128] = "";
    pv_hedges h;
    for (size_t r = 0; r < n; r++) /* group a from the front, b from the back */
        if (!isnan(x[r]) && g[r] == 0)
            v[n1++] = x[r];
    for (size_t r = 0; r < n; r++)
        if (!isnan(x[r]) && g[r] == 1)
            v[n - 1 - n2++] = x[r];
    int small_a = (long)n1 < e->threshold, small_b = (long)n2 < e->threshold;
    /* a count of 1 to threshold-1 is hidden, as everywhere; a count the
     * caller hides (complementary elsewhere) is hidden whatever its size */
    unsigned char flag_a = small_a && n1 ? PV_CELL_PRIMARY : hide_a ? PV_CELL_COMPLEMENTARY : 0;
    unsigned char flag_b = small_b && n2 ? PV_CELL_PRIMARY : hide_b ? PV_CELL_COMPLEMENTARY : 0;
    pv_qs_status st = pv_hedges_g(v, n1, v + n - n2, n2, 0.95, &h);
    unsigned char flag_v = 0;
    if (small_a || small_b) {
        snprintf(text, sizeof text, "not shown: a group scored by fewer than the small-cell "
                 "threshold");
        flag_v = PV_CELL_PRIMARY;
    } else if (flag_a || flag_b) {
        /* g's interval depends on n_a and n_b: it would give a hidden n back */
        snprintf(text, sizeof text, "not shown: a group's number is hidden (small cells)");
        flag_v = PV_CELL_COMPLEMENTARY;
    } else if (hidden) {
        snprintf(text, sizeof text, "not shown: a score statistic it is computed from is "
                 "hidden (small cells)");
        flag_v = PV_CELL_COMPLEMENTARY;
    } else if (st != PV_QS_OK) {
        snprintf(text, sizeof text, "not computed: %s", pv_qs_status_str(st));
    }
    int show = !*text;
    if (note && *note) {
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, "%s%s", len ? "; " : "", note);
    }
    pv_suppress_mark(sup, sizeof sup, pv_qn_effects_cols[PV_QE_N_A], flag_a);
    pv_suppress_mark(sup, sizeof sup, pv_qn_effects_cols[PV_QE_N_B], flag_b);
    pv_suppress_mark(sup, sizeof sup, pv_qn_effects_cols[PV_QE_VALUE], flag_v);
    pv_csvw_str(&e->w, family);
    pv_csvw_str(&e->w, construct);
    pv_csvw_str(&e->w, instrument);
    pv_csvw_str(&e->w, list);
    pv_csvw_str(&e->w, a);
    pv_csvw_str(&e->w, b);
    flag_a ? pv_csvw_str(&e->w, NULL) : pv_csvw_int(&e->w, (long long)n1);
    flag_b ? pv_csvw_str(&e->w, NULL) : pv_csvw_int(&e->w, (long long)n2);
    pv_csvw_str(&e->w, "hedges_g");
    pv_csvw_num(&e->w, show ? h.g : NAN);
    pv_csvw_num(&e->w, show ? h.ci_low : NAN);
    pv_csvw_num(&e->w, show ? h.ci_high : NAN);
    pv_csvw_str(&e->w, text);
    pv_csvw_str(&e->w, sup);
    pv_csvw_end(&e->w);
    free(v);
}

int pv_effects_close(pv_effects *e)
{
    return pv_csvw_close(&e->w);
}
