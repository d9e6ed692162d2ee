/* stats.h — statistics kernels: arrays in, numbers out, no I/O.
 *
 * Conventions follow R's defaults (docs/METHODS.md): Wilson score interval
 * without continuity correction (R: prop.test(x, n, correct = FALSE)),
 * quantiles of type 7 (R's quantile() default; GSL's
 * gsl_stats_quantile_from_sorted_data).
 */
#ifndef PV_STATS_H
#define PV_STATS_H

#include <stddef.h>

/* Switch GSL's abort-on-error handler off; call once at start-up. */
void pv_stats_init(void);

/* Proportion x/n with its Wilson score interval at confidence level conf
 * (0.95).  n == 0 gives NAN for all three.  Returns x/n. */
double pv_wilson(long x, long n, double conf, double *lo, double *hi);

/* Mean of x[0..n-1] and its t interval at level conf (R:
 * t.test(x, conf.level = conf)$conf.int): mean ± t(1 − (1−conf)/2; n−1) ·
 * sd/√n.  n < 2 gives NAN bounds; n == 0 a NAN mean.  Returns the mean. */
double pv_mean_ci_t(const double *x, size_t n, double conf, double *lo, double *hi);

/* Quantile of type 7 of sorted data (ascending), p in [0, 1]; NAN if n == 0. */
double pv_quantile7(const double *sorted, size_t n, double p);

#endif
