/* test_stats.c — unit tests of pipeline/stats.c against an independent tool.
 *
 * Expected values come from R, as documented in tests/expected/README.md:
 *   wilson.csv    R 4.2.2 prop.test(x, n, correct = FALSE)$conf.int,
 *                 cross-checked with statsmodels 0.13.5 (max abs diff 6.1e-16);
 *                 made by `Rscript tests/expected/wilson.R > tests/expected/wilson.csv`
 *   quantile.csv  R 4.2.2 quantile(v, probs, type = 7), cross-checked with
 *                 numpy 1.24.2 np.quantile; inputs in quantile_vectors.csv
 *                 (values ';'-separated, unsorted); made by
 *                 `Rscript tests/expected/quantile.R > tests/expected/quantile.csv`
 * The test reads those files (relative to tests/unit, where make runs it),
 * compares with an absolute tolerance of 1e-9, and checks how many cases it
 * read so that a truncated file cannot pass silently.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "expected.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define TOL 1e-9

static void near(const char *what, double got, double want)
{
    if (!(fabs(got - want) <= TOL))
        fail_msg("%s: got %.17g, want %.17g (diff %.3g)", what, got, want,
                 fabs(got - want));
}


/* ---- Wilson ------------------------------------------------------------ */

static void test_wilson_vs_r(void **state)
{
    (void)state;
    FILE *f = fopen("../expected/wilson.csv", "r");
    char *line = NULL, what[128];
    size_t cap = 0;
    int cases = 0;
    assert_non_null(f);
    assert_true(next_line(f, &line, &cap));
    assert_string_equal(line, "x,n,p,ci_low,ci_high");
    while (next_line(f, &line, &cap)) {
        long x, n;
        double p, lo, hi, glo = -1, ghi = -1;
        assert_int_equal(sscanf(line, "%ld,%ld,%lf,%lf,%lf", &x, &n, &p, &lo, &hi), 5);
        double gp = pv_wilson(x, n, 0.95, &glo, &ghi);
        snprintf(what, sizeof what, "wilson(%ld, %ld) p", x, n);
        near(what, gp, p);
        snprintf(what, sizeof what, "wilson(%ld, %ld) low", x, n);
        near(what, glo, lo);
        snprintf(what, sizeof what, "wilson(%ld, %ld) high", x, n);
        near(what, ghi, hi);
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 14); /* README: 14 cases */
}

static void test_wilson_n_zero(void **state)
{
    (void)state;
    double lo = 0, hi = 0;
    assert_true(isnan(pv_wilson(0, 0, 0.95, &lo, &hi)));
    assert_true(isnan(lo));
    assert_true(isnan(hi));
}

/* ---- quantiles --------------------------------------------------------- */

typedef struct {
    char id[32];
    double *v;
    size_t n;
} vec;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Read quantile_vectors.csv into vs (at most max); returns the count.
 * Each vector is sorted, as pv_quantile7 requires. */
static size_t read_vectors_from(const char *path, vec *vs, size_t max)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, k = 0;
    assert_non_null(f);
    assert_true(next_line(f, &line, &cap));
    assert_string_equal(line, "vector_id,values");
    while (next_line(f, &line, &cap)) {
        char *comma = strchr(line, ','), *save = NULL;
        assert_non_null(comma);
        assert_true(k < max);
        *comma = '\0';
        assert_true(strlen(line) < sizeof vs[k].id);
        strcpy(vs[k].id, line);
        vs[k].n = 0;
        vs[k].v = malloc((strlen(comma + 1) / 2 + 1) * sizeof *vs[k].v);
        assert_non_null(vs[k].v);
        for (char *tok = strtok_r(comma + 1, ";", &save); tok;
             tok = strtok_r(NULL, ";", &save)) {
            char *end;
            vs[k].v[vs[k].n++] = strtod(tok, &end);
            assert_true(*end == '\0' && end != tok);
        }
        qsort(vs[k].v, vs[k].n, sizeof *vs[k].v, cmp_double);
        k++;
    }
    free(line);
    fclose(f);
    return k;
}

static size_t read_vectors(vec *vs, size_t max)
{
    return read_vectors_from("../expected/quantile_vectors.csv", vs, max);
}

static void test_quantile7_vs_r(void **state)
{
    (void)state;
    vec vs[16];
    size_t nv = read_vectors(vs, 16);
    assert_int_equal(nv, 7);
    FILE *f = fopen("../expected/quantile.csv", "r");
    char *line = NULL, id[32], what[128];
    size_t cap = 0;
    int cases = 0;
    assert_non_null(f);
    assert_true(next_line(f, &line, &cap));
    assert_string_equal(line, "vector_id,prob,value");
    while (next_line(f, &line, &cap)) {
        double p, want;
        size_t k;
        assert_int_equal(sscanf(line, "%31[^,],%lf,%lf", id, &p, &want), 3);
        for (k = 0; k < nv && strcmp(vs[k].id, id) != 0; k++)
            ;
        if (k == nv)
            fail_msg("quantile.csv: vector '%s' not in quantile_vectors.csv", id);
        snprintf(what, sizeof what, "quantile7(%s, %g)", id, p);
        near(what, pv_quantile7(vs[k].v, vs[k].n, p), want);
        cases++;
    }
    free(line);
    fclose(f);
    for (size_t k = 0; k < nv; k++)
        free(vs[k].v);
    assert_int_equal(cases, 7 * 5); /* 7 vectors x probs 0 .25 .5 .75 1 */
}

/* ---- mean and t interval (tests/expected/tmean.R: R's t.test) ---------- */

static void test_mean_ci_t_vs_r(void **state)
{
    (void)state;
    vec vs[8];
    size_t nv = read_vectors_from("../expected/tmean_vectors.csv", vs, 8);
    FILE *f = fopen("../expected/tmean.csv", "r");
    char *line = NULL, id[32], what[128];
    size_t cap = 0, n;
    int cases = 0;
    assert_int_equal(nv, 4);
    assert_non_null(f);
    assert_true(next_line(f, &line, &cap));
    assert_string_equal(line, "vector_id,n,mean,ci_low,ci_high");
    while (next_line(f, &line, &cap)) {
        double m, lo, hi, glo, ghi;
        size_t k;
        assert_int_equal(sscanf(line, "%31[^,],%zu,%lf,%lf,%lf", id, &n, &m, &lo, &hi), 5);
        for (k = 0; k < nv && strcmp(vs[k].id, id) != 0; k++)
            ;
        assert_true(k < nv);
        assert_int_equal(vs[k].n, n);
        snprintf(what, sizeof what, "mean(%s)", id);
        near(what, pv_mean_ci_t(vs[k].v, vs[k].n, 0.95, &glo, &ghi), m);
        near(what, glo, lo);
        near(what, ghi, hi);
        cases++;
    }
    free(line);
    fclose(f);
    for (size_t k = 0; k < nv; k++)
        free(vs[k].v);
    assert_int_equal(cases, 4);
}

static void test_quantile7_n_zero(void **state)
{
    (void)state;
    double one = 1.0;
    assert_true(isnan(pv_quantile7(NULL, 0, 0.5)));
    assert_true(isnan(pv_quantile7(&one, 0, 0.0)));
}

static int setup(void **state)
{
    (void)state;
    pv_stats_init();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson_vs_r),
        cmocka_unit_test(test_wilson_n_zero),
        cmocka_unit_test(test_quantile7_vs_r),
        cmocka_unit_test(test_quantile7_n_zero),
        cmocka_unit_test(test_mean_ci_t_vs_r),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
