/* test_effects.c — unit tests of pipeline/effects.c against R.
 *
 * Expected values from `Rscript tests/expected/effects.R` (R 4.2.2,
 * effectsize 0.8.3; see its header and tests/expected/README.md):
 *   effects_nct.csv   pt(t, df, ncp) on a grid (relative tolerance 1e-9,
 *                     absolute 1e-12: where the lower tail is 1 minus a sum
 *                     near 1, R warns that pnt lost precision, and GSL's
 *                     incomplete beta and R's differ there by about 1e-13)
 *   effects.csv       on the samples of effects_data.csv (mtcars mpg by am,
 *                     effectsize's published example, and small sets): d, J,
 *                     g and the interval computed by formula with uniroot on
 *                     pt (tolerance 1e-8), and effectsize::hedges_g (g to
 *                     1e-9; interval to 1e-5, as effectsize finds it with
 *                     optim())
 * The number of cases read is checked, so that a truncated file cannot pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "expected.h"

#include <math.h>

#include "effects.h"
#include "stats.h"

#define MAXF 16

static void near(const char *what, double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g (diff %.3g)", what, got, want, fabs(got - want));
}

static void test_nct_vs_r(void **state)
{
    (void)state;
    FILE *f = open_expected("effects_nct.csv", "t,df,ncp,p");
    char *line = NULL, *field[MAXF], what[160];
    size_t cap = 0;
    int cases = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 4);
        double t = num(field[0]), df = num(field[1]), ncp = num(field[2]), p = num(field[3]);
        snprintf(what, sizeof what, "pt(%g, %g, %g)", t, df, ncp);
        near(what, pv_nct_cdf(t, df, ncp), p, 1e-12 + 1e-9 * p);
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 6 * 5 * 6);
}

static void test_nct_edges(void **state)
{
    (void)state;
    assert_true(isnan(pv_nct_cdf(1, 0, 1)));
    assert_true(isnan(pv_nct_cdf(NAN, 3, 1)));
    near("ncp 0 is the central t", pv_nct_cdf(1.5, 7, 0), 0.911350756505015, 1e-12);
    near("-inf", pv_nct_cdf(-INFINITY, 7, 2), 0, 0);
    near("+inf", pv_nct_cdf(INFINITY, 7, 2), 1, 0);
}

/* The samples of set `name` in effects_data.csv: group 0 into x, 1 into y. */
static void read_set(const char *name, double *x, size_t *n1, double *y, size_t *n2)
{
    FILE *f = open_expected("effects_data.csv", "set,group,value");
    char *line = NULL, *field[MAXF];
    size_t cap = 0;
    *n1 = *n2 = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 3);
        if (strcmp(field[0], name))
            continue;
        if (strcmp(field[1], "0") == 0)
            x[(*n1)++] = num(field[2]);
        else
            y[(*n2)++] = num(field[2]);
    }
    free(line);
    fclose(f);
}

static void test_hedges_vs_r(void **state)
{
    (void)state;
    FILE *f = open_expected("effects.csv", "set,n1,n2,d,J,g,ci_low,ci_high,es_g,es_ci_low,"
                            "es_ci_high");
    char *line = NULL, *field[MAXF], what[160];
    size_t cap = 0;
    int cases = 0;
    while (next_line(f, &line, &cap)) {
        double x[64], y[64];
        size_t n1, n2;
        pv_hedges h;
        assert_int_equal(split(line, ',', field, MAXF), 11);
        read_set(field[0], x, &n1, y, &n2);
        assert_int_equal(n1, strtoul(field[1], NULL, 10));
        assert_int_equal(n2, strtoul(field[2], NULL, 10));
        assert_int_equal(pv_hedges_g(x, n1, y, n2, 0.95, &h), PV_QS_OK);
        const char *name[] = {"d", "J", "g", "ci_low", "ci_high"};
        double J = h.g / h.d;
        double got[] = {h.d, h.d == 0 ? num(field[4]) : J, h.g, h.ci_low, h.ci_high};
        for (int q = 0; q < 5; q++) {
            snprintf(what, sizeof what, "%s %s (formula)", field[0], name[q]);
            near(what, got[q], num(field[3 + q]), q < 3 ? 1e-9 : 1e-8);
        }
        for (int q = 0; q < 3; q++) {
            snprintf(what, sizeof what, "%s %s (effectsize)", field[0], name[2 + q]);
            near(what, got[2 + q], num(field[8 + q]), q ? 1e-5 : 1e-9);
        }
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 5);
}

static void test_hedges_degenerate(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3}, flat[] = {2, 2, 2}, gap[] = {1, NAN};
    pv_hedges h;
    assert_int_equal(pv_hedges_g(x, 1, x, 3, 0.95, &h), PV_QS_UNDEFINED);
    assert_true(isnan(h.g) && isnan(h.ci_low) && isnan(h.ci_high));
    assert_int_equal(pv_hedges_g(flat, 3, flat, 3, 0.95, &h), PV_QS_UNDEFINED);
    assert_true(isnan(h.g));
    assert_int_equal(pv_hedges_g(gap, 2, x, 3, 0.95, &h), PV_QS_INVALID);
    assert_int_equal(pv_hedges_g(x, 3, x, 3, 1, &h), PV_QS_INVALID);
}

int main(void)
{
    pv_stats_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nct_vs_r),
        cmocka_unit_test(test_nct_edges),
        cmocka_unit_test(test_hedges_vs_r),
        cmocka_unit_test(test_hedges_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
