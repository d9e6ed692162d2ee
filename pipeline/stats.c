/* stats.c — see stats.h. */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "qstats.h"

void pv_stats_init(void)
{
    gsl_set_error_handler_off();
}

double pv_wilson(long x, long n, double conf, double *lo, double *hi)
{
    if (n <= 0 || x < 0 || x > n) {
        *lo = *hi = NAN;
        return NAN;
    }
    double z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
    double z2 = z * z, nn = (double)n, xx = (double)x;
    double centre = (xx + z2 / 2) / (nn + z2);
    double half = z * sqrt(xx * (nn - xx) / nn + z2 / 4) / (nn + z2);
    *lo = x == 0 ? 0 : fmax(0, centre - half);
    *hi = x == n ? 1 : fmin(1, centre + half);
    return xx / nn;
}

double pv_quantile7(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return NAN;
    return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
}

double pv_mean_ci_t(const double *x, size_t n, double conf, double *lo, double *hi)
{
    double m = pv_mean(x, n), sd = pv_sd(x, n);
    *lo = *hi = NAN;
    if (n < 2 || isnan(sd))
        return m;
    double t = gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, (double)(n - 1));
    double half = t * sd / sqrt((double)n);
    *lo = m - half;
    *hi = m + half;
    return m;
}
