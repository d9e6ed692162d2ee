/* test_qstats.c — unit tests of pipeline/qstats.c against an independent tool.
 *
 * Expected values and their inputs come from R 4.2.2 and psych 2.2.9, made by
 * `Rscript tests/expected/qstats.R` (run from the repository root; see its
 * header and tests/expected/README.md, which also records the PSPP 1.6.2
 * cross-check of alpha and Kruskal–Wallis):
 *   alpha.csv, alpha_items.csv   psych::alpha on alpha_data_{likert,ties,min}.csv
 *   chisq.csv                    chisq.test(correct = FALSE) on chisq_tables.csv
 *   kruskal.csv                  kruskal.test on kruskal_data.csv
 *   padjust.csv                  p.adjust(p, "holm"), p.adjust(p, "BH")
 * and from `Rscript tests/expected/qtests.R` (R 4.2.2, stats):
 *   mannwhitney.csv              wilcox.test(exact = FALSE, correct = TRUE)
 *   spearman.csv                 cor.test(method = "spearman", exact = FALSE)
 *   padjust_more.csv             p.adjust(p, "bonferroni" | "hochberg")
 * and from `Rscript tests/expected/fisher.R` (R 4.2.2, stats):
 *   fisher.csv                   fisher.test on fisher_tables.csv (relative
 *                                1e-9), chisq.test's expected counts for
 *                                Cochran's rule
 * and from `Rscript tests/expected/fisher_one.R` (R 4.2.2, stats):
 *   fisher_one.csv               fisher.test where every table counts (p 1
 *                                exactly; to the last bit where R prints 1)
 *   fisher_padjust.csv           p.adjust with holm, BH, bonferroni, hochberg
 *   alpha_pairwise.csv           psych::alpha (use = "pairwise") on
 *                                alpha_pairwise_data.csv and the complete matrix
 * The test reads those files (relative to tests/unit, where make runs it),
 * compares with an absolute tolerance of 1e-9 ("NA" / "NaN" expected means
 * NAN), and checks how many cases it read so that a truncated file cannot
 * pass silently.
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

#include "qstats.h"
#include "stats.h"

#define TOL 1e-9
#define MAXF 16   /* fields per line */
#define MAXV 256  /* values per data set */

static void near(const char *what, double got, double want)
{
    if (isnan(want)) {
        if (!isnan(got))
            fail_msg("%s: got %.17g, want NAN", what, got);
        return;
    }
    if (!(fabs(got - want) <= TOL))
        fail_msg("%s: got %.17g, want %.17g (diff %.3g)", what, got, want,
                 fabs(got - want));
}


/* ---- mean and sd ------------------------------------------------------- */

static void test_mean_sd(void **state)
{
    (void)state;
    /* Exact arithmetic: mean 5, sum of squares 32, sd = sqrt(32/7). */
    const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    near("mean", pv_mean(x, 8), 5);
    near("sd", pv_sd(x, 8), sqrt(32.0 / 7));
    near("mean of 1", pv_mean(x, 1), 2);
    assert_true(isnan(pv_mean(x, 0)));
    assert_true(isnan(pv_sd(x, 1)));
    assert_true(isnan(pv_sd(x, 0)));
    const double y[] = {1, NAN, 3};
    assert_true(isnan(pv_mean(y, 3)));
    assert_true(isnan(pv_sd(y, 3)));
    /* Large offset: the two-pass sd keeps its digits. */
    const double z[] = {1e9 + 1, 1e9 + 2, 1e9 + 3};
    near("sd offset", pv_sd(z, 3), 1);
}

/* ---- Cronbach's alpha -------------------------------------------------- */

/* Read alpha_data_<id>.csv: header i1..ik, one row per respondent. */
static double *read_matrix(const char *id, size_t *n, size_t *k)
{
    char path[256], *line = NULL, *field[MAXF];
    size_t cap = 0, rows = 0;
    snprintf(path, sizeof path, "../expected/alpha_data_%s.csv", id);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    assert_true(next_line(f, &line, &cap));
    *k = split(line, ',', field, MAXF);
    double *x = malloc(MAXV * *k * sizeof *x);
    assert_non_null(x);
    while (next_line(f, &line, &cap)) {
        assert_true(rows < MAXV);
        assert_int_equal(split(line, ',', field, MAXF), *k);
        for (size_t j = 0; j < *k; j++)
            x[rows * *k + j] = num(field[j]);
        rows++;
    }
    free(line);
    fclose(f);
    *n = rows;
    return x;
}

static void test_alpha_vs_r(void **state)
{
    (void)state;
    FILE *f = open_expected("alpha.csv", "dataset,n,k,raw_alpha,std_alpha,ci_low,ci_high");
    FILE *fi = open_expected("alpha_items.csv",
                             "dataset,item,alpha_if_deleted,r_drop,psych_raw_alpha_drop");
    char *line = NULL, *iline = NULL, *field[MAXF], what[160];
    size_t cap = 0, icap = 0;
    int sets = 0, items = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 7);
        size_t n, k;
        double *x = read_matrix(field[0], &n, &k);
        assert_int_equal(n, strtoul(field[1], NULL, 10));
        assert_int_equal(k, strtoul(field[2], NULL, 10));
        double drop[MAXF], rdrop[MAXF];
        pv_alpha a = {.alpha_if_deleted = drop, .r_drop = rdrop};
        assert_int_equal(pv_cronbach_alpha(x, n, k, 0.95, &a), PV_QS_OK);
        const char *name[] = {"alpha", "alpha_std", "ci_low", "ci_high"};
        double got[] = {a.alpha, a.alpha_std, a.ci_low, a.ci_high};
        for (int q = 0; q < 4; q++) {
            snprintf(what, sizeof what, "%s %s", field[0], name[q]);
            near(what, got[q], num(field[3 + q]));
        }
        for (size_t j = 0; j < k; j++) {
            char *fld[MAXF];
            assert_true(next_line(fi, &iline, &icap));
            assert_int_equal(split(iline, ',', fld, MAXF), 5);
            assert_string_equal(fld[0], field[0]);
            assert_int_equal(strtoul(fld[1], NULL, 10), j + 1);
            snprintf(what, sizeof what, "%s item %zu alpha_if_deleted", field[0], j + 1);
            near(what, drop[j], num(fld[2]));
            snprintf(what, sizeof what, "%s item %zu r_drop", field[0], j + 1);
            near(what, rdrop[j], num(fld[3]));
            items++;
        }
        free(x);
        sets++;
    }
    assert_false(next_line(fi, &iline, &icap)); /* no item rows left over */
    free(line);
    free(iline);
    fclose(f);
    fclose(fi);
    assert_int_equal(sets, 3);   /* likert 30x4, ties 20x5, min 12x2 */
    assert_int_equal(items, 11); /* 4 + 5 + 2 */
}

static void expect_alpha_nan(const pv_alpha *a, size_t k)
{
    assert_true(isnan(a->alpha) && isnan(a->alpha_std));
    assert_true(isnan(a->ci_low) && isnan(a->ci_high));
    for (size_t j = 0; j < k; j++)
        assert_true(isnan(a->alpha_if_deleted[j]) && isnan(a->r_drop[j]));
}

static void test_alpha_degenerate(void **state)
{
    (void)state;
    double drop[3], rdrop[3];
    pv_alpha a = {.alpha_if_deleted = drop, .r_drop = rdrop};
    /* 3 respondents x 3 items. */
    double x[] = {1, 2, 3,
                  2, 2, 4,
                  3, 2, 5};
    /* item 2 has zero variance */
    assert_int_equal(pv_cronbach_alpha(x, 3, 3, 0.95, &a), PV_QS_UNDEFINED);
    expect_alpha_nan(&a, 3);
    /* n < 2 */
    assert_int_equal(pv_cronbach_alpha(x, 1, 3, 0.95, &a), PV_QS_UNDEFINED);
    expect_alpha_nan(&a, 3);
    /* k < 2: one item, the matrix read as 9 x 1 */
    assert_int_equal(pv_cronbach_alpha(x, 9, 1, 0.95, &a), PV_QS_UNDEFINED);
    expect_alpha_nan(&a, 1);
    /* a missing answer */
    double y[] = {1, 2, 3,
                  2, NAN, 4,
                  3, 1, 5};
    assert_int_equal(pv_cronbach_alpha(y, 3, 3, 0.95, &a), PV_QS_INVALID);
    expect_alpha_nan(&a, 3);
    /* the item arrays are optional */
    y[4] = 3;
    pv_alpha b = {0};
    assert_int_equal(pv_cronbach_alpha(y, 3, 3, 0.95, &b), PV_QS_OK);
    assert_true(isfinite(b.alpha) && isfinite(b.ci_low));
    /* a bad level leaves everything NAN */
    assert_int_equal(pv_cronbach_alpha(y, 3, 3, 1.5, &a), PV_QS_INVALID);
    expect_alpha_nan(&a, 3);
}

/* ---- chi-square -------------------------------------------------------- */

typedef struct {
    char id[32];
    size_t r, c;
    double v[72];
} ctable;

static size_t read_tables_from(const char *name, ctable *t, size_t max)
{
    FILE *f = open_expected(name, "table_id,rows,cols,counts");
    char *line = NULL, *field[MAXF], *cell[72];
    size_t cap = 0, k = 0;
    while (next_line(f, &line, &cap)) {
        assert_true(k < max);
        assert_int_equal(split(line, ',', field, MAXF), 4);
        assert_true(strlen(field[0]) < sizeof t[k].id);
        strcpy(t[k].id, field[0]);
        t[k].r = strtoul(field[1], NULL, 10);
        t[k].c = strtoul(field[2], NULL, 10);
        assert_int_equal(split(field[3], ';', cell, 72), t[k].r * t[k].c);
        for (size_t i = 0; i < t[k].r * t[k].c; i++)
            t[k].v[i] = num(cell[i]);
        k++;
    }
    free(line);
    fclose(f);
    return k;
}

static size_t read_tables(ctable *t, size_t max)
{
    return read_tables_from("chisq_tables.csv", t, max);
}

static void test_chisq_vs_r(void **state)
{
    (void)state;
    ctable t[8];
    size_t nt = read_tables(t, 8);
    assert_int_equal(nt, 5);
    FILE *f = open_expected("chisq.csv", "table_id,rows_used,cols_used,n,statistic,"
                            "df,p_value,cramer_v,n_expected_lt5,r_full_stat");
    char *line = NULL, *field[MAXF], what[160];
    size_t cap = 0;
    int cases = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 10);
        size_t k = 0;
        while (k < nt && strcmp(t[k].id, field[0]) != 0)
            k++;
        assert_true(k < nt);
        pv_chisq r;
        assert_int_equal(pv_chisq_indep(t[k].v, t[k].r, t[k].c, &r), PV_QS_OK);
        assert_int_equal(r.rows_used, strtoul(field[1], NULL, 10));
        assert_int_equal(r.cols_used, strtoul(field[2], NULL, 10));
        assert_int_equal(r.n_expected_lt5, strtoul(field[8], NULL, 10));
        const char *name[] = {"n", "statistic", "df", "p", "cramer_v"};
        double got[] = {r.n, r.statistic, r.df, r.p, r.cramer_v};
        double want[] = {num(field[3]), num(field[4]), num(field[5]),
                         num(field[6]), num(field[7])};
        for (int q = 0; q < 5; q++) {
            snprintf(what, sizeof what, "chisq %s %s", field[0], name[q]);
            near(what, got[q], want[q]);
        }
        /* R on the full table: NaN exactly when a zero row/column was dropped. */
        assert_int_equal(isnan(num(field[9])),
                         r.rows_used < t[k].r || r.cols_used < t[k].c);
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 5);
}

static void test_chisq_degenerate(void **state)
{
    (void)state;
    pv_chisq r;
    /* one non-zero row left */
    const double one_row[] = {0, 0, 0, 4, 5, 6};
    assert_int_equal(pv_chisq_indep(one_row, 2, 3, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.statistic) && isnan(r.p) && isnan(r.df) && isnan(r.cramer_v));
    assert_int_equal(r.rows_used, 1);
    assert_int_equal(r.cols_used, 3);
    near("one row n", r.n, 15);
    /* all zero */
    const double zeros[] = {0, 0, 0, 0};
    assert_int_equal(pv_chisq_indep(zeros, 2, 2, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.statistic));
    assert_int_equal(r.rows_used + r.cols_used, 0);
    /* empty table */
    assert_int_equal(pv_chisq_indep(zeros, 0, 0, &r), PV_QS_UNDEFINED);
    /* bad counts */
    const double neg[] = {1, -1, 2, 3};
    assert_int_equal(pv_chisq_indep(neg, 2, 2, &r), PV_QS_INVALID);
    assert_true(isnan(r.statistic));
    const double nan[] = {1, NAN, 2, 3};
    assert_int_equal(pv_chisq_indep(nan, 2, 2, &r), PV_QS_INVALID);
    /* perfect independence: X2 = 0, p = 1, V = 0 */
    const double indep[] = {2, 4, 3, 6};
    assert_int_equal(pv_chisq_indep(indep, 2, 2, &r), PV_QS_OK);
    near("indep X2", r.statistic, 0);
    near("indep p", r.p, 1);
    near("indep V", r.cramer_v, 0);
    assert_int_equal(r.n_expected_lt5, 3);
}

/* ---- Fisher's exact test ----------------------------------------------- */

/* Relative tolerance for p-values (absolute when want is 0). */
static void near_rel(const char *what, double got, double want)
{
    if (isnan(want)) {
        if (!isnan(got))
            fail_msg("%s: got %.17g, want NAN", what, got);
        return;
    }
    if (!(fabs(got - want) <= TOL * fmax(fabs(want), 1e-300)))
        fail_msg("%s: got %.17g, want %.17g (relative diff %.3g)", what, got, want,
                 fabs(got - want) / fabs(want));
}

/* fisher_tables.csv and fisher.csv (tests/expected/fisher.R): the exact p
 * of every table against R's fisher.test, relative 1e-9; the expected
 * counts of Cochran's rule against chisq.test's; "NA" expected is
 * PV_QS_UNDEFINED. */
static void test_fisher_vs_r(void **state)
{
    (void)state;
    ctable t[16];
    size_t nt = read_tables_from("fisher_tables.csv", t, 16);
    assert_int_equal(nt, 12);
    FILE *f = open_expected("fisher.csv", "table_id,n,p_value,n_cells,n_expected_lt5,"
                            "n_expected_lt1,cochran,p_simulated_1e6,r_full_p");
    char *line = NULL, *field[MAXF], what[160];
    size_t cap = 0;
    int cases = 0, exact = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 9);
        size_t k = 0;
        while (k < nt && strcmp(t[k].id, field[0]) != 0)
            k++;
        assert_true(k < nt);
        pv_fisher r;
        pv_qs_status st = pv_fisher_exact(t[k].v, t[k].r, t[k].c, PV_FISHER_WORK, &r);
        double want = num(field[2]);
        snprintf(what, sizeof what, "fisher %s p", field[0]);
        if (strcmp(field[0], "sparse") == 0) {
            /* R's exact p is wrong here (fisher.R): its Monte Carlo p of
             * 1e6 tables, within 4.5 standard errors */
            double sim = num(field[7]), se = sqrt(sim * (1 - sim) / 1e6);
            assert_int_equal(st, PV_QS_OK);
            assert_int_equal(r.replicates, 0);
            if (!(fabs(r.p - sim) <= 4.5 * se))
                fail_msg("%s: got %.9g, R's Monte Carlo %.9g (4.5 SE = %.3g)", what, r.p, sim,
                         4.5 * se);
            exact++;
        } else if (isnan(want)) {
            assert_int_equal(st, PV_QS_UNDEFINED);
            assert_true(isnan(r.p));
        } else if (st == PV_QS_LIMIT) { /* t3x5: beyond the work limit */
            assert_true(isnan(r.p));
            assert_string_equal(field[0], "t3x5");
        } else {
            assert_int_equal(st, PV_QS_OK);
            assert_int_equal(r.replicates, 0);
            near_rel(what, r.p, want);
            exact++;
        }
        near("fisher n", r.n, num(field[1]));
        /* the rule, from the chi-square kernel's expected counts */
        pv_chisq x;
        if (pv_chisq_indep(t[k].v, t[k].r, t[k].c, &x) == PV_QS_OK) {
            assert_int_equal(x.n_cells, strtoul(field[3], NULL, 10));
            assert_int_equal(x.n_expected_lt5, strtoul(field[4], NULL, 10));
            assert_int_equal(x.n_expected_lt1, strtoul(field[5], NULL, 10));
            assert_int_equal(pv_chisq_small_expected(&x), strcmp(field[6], "TRUE") == 0);
        } else {
            assert_string_equal(field[6], "NA");
        }
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 12);
    assert_int_equal(exact, 9); /* all but t3x5 and the two degenerate ones */
}

/* fisher_one.csv (tests/expected/fisher_one.R): tables as probable as any
 * with their margins, where every table counts.  Their p is 1 exactly, not
 * the rounded sum of the tables' probabilities; R prints 1 when its sum
 * rounds to 1 or above (and clamps it), else the sum (1e-15 short): the
 * kernel equals R where R prints 1 (the test fixture's ISOL1 by region,
 * which printed 0.9999999999999996), and is within 2e-15 of it
 * elsewhere. */
static void test_fisher_one_vs_r(void **state)
{
    (void)state;
    FILE *f = open_expected("fisher_one.csv", "table_id,rows,cols,counts,p_value,r_sum,all_count");
    char *line = NULL, *field[MAXF], *cell[72];
    size_t cap = 0;
    int cases = 0, equal = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 7);
        size_t r = strtoul(field[1], NULL, 10), c = strtoul(field[2], NULL, 10);
        double v[72];
        assert_int_equal(split(field[3], ';', cell, 72), r * c);
        for (size_t i = 0; i < r * c; i++)
            v[i] = num(cell[i]);
        assert_string_equal(field[6], "TRUE");
        pv_fisher x;
        assert_int_equal(pv_fisher_exact(v, r, c, PV_FISHER_WORK, &x), PV_QS_OK);
        double want = num(field[4]);
        if (x.p != 1)
            fail_msg("fisher %s: got %.17g, want 1 (R %.17g)", field[0], x.p, want);
        if (want == 1)
            equal++;
        else if (!(fabs(x.p - want) <= 2e-15))
            fail_msg("fisher %s: got %.17g, R %.17g", field[0], x.p, want);
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 4);
    assert_int_equal(equal, 1); /* isol1_region */
}

/* The rest of what R's fisher.test gives, without R: Fisher's tea tasting
 * by hand (Agresti 2002, p. 91: P(3) = P(1) = 16/70, P(4) = P(0) = 1/70,
 * so p = 34/70), a zero column dropped, and bad counts. */
static void test_fisher_degenerate(void **state)
{
    (void)state;
    pv_fisher r;
    const double tea[] = {3, 1, 1, 3};
    assert_int_equal(pv_fisher_exact(tea, 2, 2, PV_FISHER_WORK, &r), PV_QS_OK);
    near_rel("tea by hand", r.p, 34.0 / 70);
    const double tea0[] = {3, 0, 1, 1, 0, 3}; /* an all-zero column */
    assert_int_equal(pv_fisher_exact(tea0, 2, 3, PV_FISHER_WORK, &r), PV_QS_OK);
    near_rel("tea with a zero column", r.p, 34.0 / 70);
    assert_int_equal(r.cols_used, 2);
    const double zeros[] = {0, 0, 0, 0};
    assert_int_equal(pv_fisher_exact(zeros, 2, 2, PV_FISHER_WORK, &r), PV_QS_UNDEFINED);
    assert_int_equal(pv_fisher_exact(zeros, 0, 0, PV_FISHER_WORK, &r), PV_QS_UNDEFINED);
    assert_int_equal(pv_fisher_simulate(zeros, 2, 2, 100, 1, &r), PV_QS_UNDEFINED);
    const double neg[] = {1, -1, 2, 3}, half[] = {1, 0.5, 2, 3}, nan[] = {1, NAN, 2, 3};
    assert_int_equal(pv_fisher_exact(neg, 2, 2, PV_FISHER_WORK, &r), PV_QS_INVALID);
    assert_int_equal(pv_fisher_exact(half, 2, 2, PV_FISHER_WORK, &r), PV_QS_INVALID);
    assert_int_equal(pv_fisher_exact(nan, 2, 2, PV_FISHER_WORK, &r), PV_QS_INVALID);
    assert_true(isnan(r.p));
    assert_int_equal(pv_fisher_simulate(half, 2, 2, 100, 1, &r), PV_QS_INVALID);
    assert_int_equal(pv_fisher_simulate(tea, 2, 2, 0, 1, &r), PV_QS_INVALID);
}

/* The Monte Carlo p against R's exact p (fisher.csv): within 4.5 binomial
 * standard errors of B draws (a false alarm about once in 10⁵ runs; the
 * draws are seeded, so the test gives the same answer every time), at
 * least 1/(B + 1); the same seed gives the same p, another seed another.
 * And the work limit: t3x5 is beyond it, so pv_fisher_test simulates. */
static void test_fisher_simulate(void **state)
{
    (void)state;
    ctable t[16];
    size_t nt = read_tables_from("fisher_tables.csv", t, 16);
    const char *ids[] = {"job", "t5x4", "t3x5", "t2x3"};
    const double want[] = {0.782684938965693, 0.0181242402887096, 0.0266326686784575,
                           0.0476190476190475}; /* fisher.csv, p_value */
    char what[160];
    for (int q = 0; q < 4; q++) {
        size_t k = 0;
        while (k < nt && strcmp(t[k].id, ids[q]) != 0)
            k++;
        assert_true(k < nt);
        pv_fisher a, b, c;
        const size_t B = 20000;
        assert_int_equal(pv_fisher_simulate(t[k].v, t[k].r, t[k].c, B, 7, &a), PV_QS_OK);
        assert_int_equal(a.replicates, B);
        double se = sqrt(want[q] * (1 - want[q]) / (double)B);
        snprintf(what, sizeof what, "simulated %s: got %.6g, exact %.6g, 4.5 SE = %.3g", ids[q],
                 a.p, want[q], 4.5 * se);
        if (!(fabs(a.p - want[q]) <= 4.5 * se + 1.0 / (double)B))
            fail_msg("%s", what);
        assert_true(a.p >= 1.0 / (double)(B + 1) && a.p <= 1);
        assert_int_equal(pv_fisher_simulate(t[k].v, t[k].r, t[k].c, B, 7, &b), PV_QS_OK);
        assert_true(a.p == b.p);
        assert_int_equal(pv_fisher_simulate(t[k].v, t[k].r, t[k].c, B, 8, &c), PV_QS_OK);
        assert_true(a.p != c.p);
        /* pv_fisher_test: exact within the limit, simulated beyond it */
        assert_int_equal(pv_fisher_test(t[k].v, t[k].r, t[k].c, 7, &a), PV_QS_OK);
        if (strcmp(ids[q], "t3x5") == 0) {
            assert_int_equal(a.replicates, PV_FISHER_REPLICATES);
            se = sqrt(want[q] * (1 - want[q]) / PV_FISHER_REPLICATES);
            assert_true(fabs(a.p - want[q]) <= 4.5 * se + 1.0 / PV_FISHER_REPLICATES);
        } else {
            assert_int_equal(a.replicates, 0);
            near_rel("pv_fisher_test exact", a.p, want[q]);
        }
    }
    /* a work limit of 10 partial tables: the job table is beyond it */
    size_t k = 0;
    while (k < nt && strcmp(t[k].id, "job") != 0)
        k++;
    pv_fisher r;
    assert_int_equal(pv_fisher_exact(t[k].v, t[k].r, t[k].c, 10, &r), PV_QS_LIMIT);
    assert_true(isnan(r.p));
    /* The limit falls where it did when it was checked after every fill
     * (main at c343709, before the stage's work was counted ahead): the
     * least work limit with an exact p, found by bisection on that
     * build, for tables of every shape; one less is past the limit. */
    static const struct {
        const char *id;
        size_t work;
    } edge[] = {{"tea", 5}, {"zero_row", 23}, {"border", 299},
                {"t5x4", 617681}, {"sparse", 995020}, {"job", 1278181}};
    for (size_t e = 0; e < sizeof edge / sizeof *edge; e++) {
        for (k = 0; k < nt && strcmp(t[k].id, edge[e].id) != 0; k++)
            ;
        assert_true(k < nt);
        pv_fisher x;
        if (pv_fisher_exact(t[k].v, t[k].r, t[k].c, edge[e].work, &x) != PV_QS_OK ||
            pv_fisher_exact(t[k].v, t[k].r, t[k].c, edge[e].work - 1, &x) != PV_QS_LIMIT)
            fail_msg("fisher work limit of %s not at %zu", edge[e].id, edge[e].work);
    }
}

/* p.adjust with the four methods of config.csv's p_adjust
 * (fisher_padjust.csv), and their names as R spells them. */
static void test_padjust_methods(void **state)
{
    (void)state;
    FILE *f = open_expected("fisher_padjust.csv", "i,p,holm,BH,bonferroni,hochberg");
    char *line = NULL, *field[MAXF], what[160];
    double p[16], want[4][16];
    size_t cap = 0, n = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 6);
        assert_true(n < 16);
        p[n] = num(field[1]);
        for (int m = 0; m < 4; m++)
            want[m][n] = num(field[2 + m]);
        n++;
    }
    free(line);
    fclose(f);
    assert_int_equal(n, 9);
    const char *names[] = {"holm", "BH", "bonferroni", "hochberg"};
    for (int m = 0; m < 4; m++) {
        int method = pv_padjust_parse(names[m]);
        assert_true(method >= 0);
        assert_string_equal(pv_padjust_name((pv_padjust_method)method), names[m]);
        double out[16];
        assert_int_equal(pv_p_adjust(p, n, (pv_padjust_method)method, out), PV_QS_OK);
        for (size_t i = 0; i < n; i++) {
            snprintf(what, sizeof what, "%s %zu", names[m], i + 1);
            near(what, out[i], want[m][i]);
        }
    }
    assert_int_equal(pv_padjust_parse("bh"), -1); /* R's spelling only */
    assert_int_equal(pv_padjust_parse("fdr"), -1);
    assert_string_equal(pv_padjust_name((pv_padjust_method)9), "");
}

/* ---- Kruskal–Wallis ---------------------------------------------------- */

typedef struct {
    char id[32];
    size_t n, ngroups;
    double x[MAXV];
    size_t g[MAXV];
} kset;

static size_t read_kruskal_sets(kset *s, size_t max)
{
    FILE *f = open_expected("kruskal_data.csv", "set_id,group,value");
    char *line = NULL, *field[MAXF];
    size_t cap = 0, k = 0, rows = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 3);
        if (k == 0 || strcmp(s[k - 1].id, field[0]) != 0) {
            assert_true(k < max);
            assert_true(strlen(field[0]) < sizeof s[k].id);
            strcpy(s[k].id, field[0]);
            s[k].n = s[k].ngroups = 0;
            k++;
        }
        kset *c = &s[k - 1];
        assert_true(c->n < MAXV);
        c->g[c->n] = strtoul(field[1], NULL, 10);
        c->x[c->n] = num(field[2]);
        if (c->g[c->n] + 1 > c->ngroups)
            c->ngroups = c->g[c->n] + 1;
        c->n++;
        rows++;
    }
    free(line);
    fclose(f);
    assert_int_equal(rows, 18 + 16 + 27); /* ties3, noties4, likert3 (one NA) */
    return k;
}

static void test_kruskal_vs_r(void **state)
{
    (void)state;
    static kset s[4];
    size_t ns = read_kruskal_sets(s, 4);
    assert_int_equal(ns, 3);
    FILE *f = open_expected("kruskal.csv", "set_id,n,groups,statistic,df,p_value,epsilon_sq");
    char *line = NULL, *field[MAXF], what[160];
    size_t cap = 0;
    int cases = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 7);
        size_t k = 0;
        while (k < ns && strcmp(s[k].id, field[0]) != 0)
            k++;
        assert_true(k < ns);
        pv_kruskal r;
        assert_int_equal(pv_kruskal_wallis(s[k].x, s[k].g, s[k].n, s[k].ngroups, &r),
                         PV_QS_OK);
        assert_int_equal(r.n, strtoul(field[1], NULL, 10));
        assert_int_equal(r.groups, strtoul(field[2], NULL, 10));
        const char *name[] = {"H", "df", "p", "epsilon_sq"};
        double got[] = {r.statistic, r.df, r.p, r.epsilon_sq};
        for (int q = 0; q < 4; q++) {
            snprintf(what, sizeof what, "kruskal %s %s", field[0], name[q]);
            near(what, got[q], num(field[3 + q]));
        }
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 3);
}

static void test_kruskal_degenerate(void **state)
{
    (void)state;
    pv_kruskal r;
    const double x[] = {1, 2, 3, 4};
    const size_t one[] = {0, 0, 0, 0}, two[] = {0, 1, 0, 1}, bad[] = {0, 1, 2, 0};
    /* one group (group 1 declared but empty) */
    assert_int_equal(pv_kruskal_wallis(x, one, 4, 2, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.statistic) && isnan(r.p) && isnan(r.epsilon_sq));
    assert_int_equal(r.groups, 1);
    assert_int_equal(r.n, 4);
    /* all tied */
    const double tied[] = {3, 3, 3, 3};
    assert_int_equal(pv_kruskal_wallis(tied, two, 4, 2, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.statistic));
    /* nothing */
    assert_int_equal(pv_kruskal_wallis(x, two, 0, 2, &r), PV_QS_UNDEFINED);
    /* all missing but one per group */
    const double miss[] = {NAN, 1, 2, NAN};
    assert_int_equal(pv_kruskal_wallis(miss, two, 4, 2, &r), PV_QS_OK);
    assert_int_equal(r.n, 2);
    /* group out of range, infinite value */
    assert_int_equal(pv_kruskal_wallis(x, bad, 4, 2, &r), PV_QS_INVALID);
    const double inf[] = {1, INFINITY, 2, 3};
    assert_int_equal(pv_kruskal_wallis(inf, two, 4, 2, &r), PV_QS_INVALID);
    /* an empty group in the middle is not counted: df from non-empty groups */
    const size_t gap[] = {0, 2, 0, 2};
    assert_int_equal(pv_kruskal_wallis(x, gap, 4, 3, &r), PV_QS_OK);
    assert_int_equal(r.groups, 2);
    near("gap df", r.df, 1);
}

/* ---- p-value adjustment ------------------------------------------------ */

static void test_padjust_vs_r(void **state)
{
    (void)state;
    FILE *f = open_expected("padjust.csv", "family,i,p,holm,bh");
    char *line = NULL, *field[MAXF], fam[4][32], what[160];
    double p[4][32], holm[4][32], bh[4][32];
    size_t cap = 0, len[4] = {0}, nf = 0;
    int rows = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 5);
        if (nf == 0 || strcmp(fam[nf - 1], field[0]) != 0) {
            assert_true(nf < 4 && strlen(field[0]) < 32);
            strcpy(fam[nf++], field[0]);
        }
        size_t k = nf - 1, i = len[k]++;
        assert_true(i < 32);
        assert_int_equal(strtoul(field[1], NULL, 10), i + 1);
        p[k][i] = num(field[2]);
        holm[k][i] = num(field[3]);
        bh[k][i] = num(field[4]);
        rows++;
    }
    free(line);
    fclose(f);
    assert_int_equal(nf, 2);
    assert_int_equal(rows, 10 + 7);
    for (size_t k = 0; k < nf; k++) {
        double out[32], inplace[32];
        assert_int_equal(pv_p_adjust(p[k], len[k], PV_PADJ_HOLM, out), PV_QS_OK);
        for (size_t i = 0; i < len[k]; i++) {
            snprintf(what, sizeof what, "holm %s %zu", fam[k], i + 1);
            near(what, out[i], holm[k][i]);
        }
        assert_int_equal(pv_p_adjust(p[k], len[k], PV_PADJ_BH, out), PV_QS_OK);
        for (size_t i = 0; i < len[k]; i++) {
            snprintf(what, sizeof what, "BH %s %zu", fam[k], i + 1);
            near(what, out[i], bh[k][i]);
        }
        /* out may be p */
        memcpy(inplace, p[k], len[k] * sizeof *inplace);
        assert_int_equal(pv_p_adjust(inplace, len[k], PV_PADJ_BH, inplace), PV_QS_OK);
        for (size_t i = 0; i < len[k]; i++) {
            snprintf(what, sizeof what, "BH in place %s %zu", fam[k], i + 1);
            near(what, inplace[i], bh[k][i]);
        }
    }
}

static void test_padjust_degenerate(void **state)
{
    (void)state;
    double out[4];
    /* a family of one non-NA p-value is unchanged (R: n <= 1) */
    const double one[] = {NAN, 0.03, NAN};
    assert_int_equal(pv_p_adjust(one, 3, PV_PADJ_HOLM, out), PV_QS_OK);
    assert_true(isnan(out[0]) && isnan(out[2]));
    near("one", out[1], 0.03);
    /* all NA, and empty */
    const double none[] = {NAN, NAN};
    assert_int_equal(pv_p_adjust(none, 2, PV_PADJ_BH, out), PV_QS_OK);
    assert_true(isnan(out[0]) && isnan(out[1]));
    assert_int_equal(pv_p_adjust(none, 0, PV_PADJ_BH, out), PV_QS_OK);
    /* outside [0, 1], unknown method */
    const double bad[] = {0.2, 1.5};
    assert_int_equal(pv_p_adjust(bad, 2, PV_PADJ_HOLM, out), PV_QS_INVALID);
    assert_true(isnan(out[0]) && isnan(out[1]));
    const double ok[] = {0.2, 0.5};
    assert_int_equal(pv_p_adjust(ok, 2, (pv_padjust_method)7, out), PV_QS_INVALID);
    assert_string_equal(pv_qs_status_str(PV_QS_INVALID), "invalid input");
}

/* ---- Mann–Whitney, Spearman -------------------------------------------- */

/* The sets of a two-column data file (set_id,a,b): up to max sets of up
 * to 32 rows; a[] and b[] numbers. */
typedef struct {
    char id[32];
    double a[32], b[32];
    size_t n;
} pairset;

static size_t read_pairsets(const char *name, const char *header, pairset *s, size_t max)
{
    FILE *f = open_expected(name, header);
    char *line = NULL, *field[MAXF];
    size_t cap = 0, ns = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 3);
        if (ns == 0 || strcmp(s[ns - 1].id, field[0]) != 0) {
            assert_true(ns < max && strlen(field[0]) < 32);
            strcpy(s[ns].id, field[0]);
            s[ns++].n = 0;
        }
        pairset *p = &s[ns - 1];
        assert_true(p->n < 32);
        p->a[p->n] = num(field[1]);
        p->b[p->n++] = num(field[2]);
    }
    free(line);
    fclose(f);
    return ns;
}

static void test_mannwhitney_vs_r(void **state)
{
    (void)state;
    static pairset s[8];
    size_t ns = read_pairsets("mannwhitney_data.csv", "set_id,group,value", s, 8);
    assert_int_equal(ns, 3);
    FILE *f = open_expected("mannwhitney.csv", "set_id,n0,n1,statistic,z,p_value,r");
    char *line = NULL, *field[MAXF], what[160];
    size_t cap = 0;
    int cases = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 7);
        size_t k = 0;
        while (k < ns && strcmp(s[k].id, field[0]) != 0)
            k++;
        assert_true(k < ns);
        size_t g[32];
        for (size_t i = 0; i < s[k].n; i++)
            g[i] = (size_t)s[k].a[i]; /* the group column */
        pv_mannwhitney r;
        assert_int_equal(pv_mann_whitney(s[k].b, g, s[k].n, &r), PV_QS_OK);
        assert_int_equal(r.n0, strtoul(field[1], NULL, 10));
        assert_int_equal(r.n1, strtoul(field[2], NULL, 10));
        const char *name[] = {"W", "z", "p", "r"};
        double got[] = {r.statistic, r.z, r.p, r.r};
        for (int q = 0; q < 4; q++) {
            snprintf(what, sizeof what, "mann-whitney %s %s", field[0], name[q]);
            near(what, got[q], num(field[3 + q]));
        }
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 3);
}

static void test_mannwhitney_degenerate(void **state)
{
    (void)state;
    pv_mannwhitney r;
    const double x[] = {1, 2, 3, 4}, tied[] = {3, 3, 3, 3};
    const size_t one[] = {0, 0, 0, 0}, two[] = {0, 1, 0, 1}, bad[] = {0, 1, 2, 0};
    /* one group: undefined, nothing computed */
    assert_int_equal(pv_mann_whitney(x, one, 4, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.statistic) && isnan(r.p) && isnan(r.r));
    /* every value tied: W exists (R prints W = 2, p NaN), z and p do not */
    assert_int_equal(pv_mann_whitney(tied, two, 4, &r), PV_QS_UNDEFINED);
    near("tied W", r.statistic, 2);
    assert_true(isnan(r.z) && isnan(r.p) && isnan(r.r));
    /* W exactly at its mean: no continuity correction, z 0, p 1 */
    const double mid[] = {1, 2, 2, 1};
    assert_int_equal(pv_mann_whitney(mid, two, 4, &r), PV_QS_OK);
    near("centred p", r.p, 1);
    /* group out of range, infinite value */
    assert_int_equal(pv_mann_whitney(x, bad, 4, &r), PV_QS_INVALID);
    const double inf[] = {1, INFINITY, 2, 3};
    assert_int_equal(pv_mann_whitney(inf, two, 4, &r), PV_QS_INVALID);
}

static void test_spearman_vs_r(void **state)
{
    (void)state;
    static pairset s[8];
    size_t ns = read_pairsets("spearman_data.csv", "set_id,x,y", s, 8);
    assert_int_equal(ns, 3);
    FILE *f = open_expected("spearman.csv", "set_id,n,rho,t,p_value,r_S");
    char *line = NULL, *field[MAXF], what[160];
    size_t cap = 0;
    int cases = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 6);
        size_t k = 0;
        while (k < ns && strcmp(s[k].id, field[0]) != 0)
            k++;
        assert_true(k < ns);
        pv_spearman r;
        assert_int_equal(pv_spearman_test(s[k].a, s[k].b, s[k].n, &r), PV_QS_OK);
        assert_int_equal(r.n, strtoul(field[1], NULL, 10));
        const char *name[] = {"rho", "t", "p"};
        double got[] = {r.rho, r.statistic, r.p};
        for (int q = 0; q < 3; q++) {
            snprintf(what, sizeof what, "spearman %s %s", field[0], name[q]);
            near(what, got[q], num(field[2 + q]));
        }
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 3);
}

static void test_spearman_degenerate(void **state)
{
    (void)state;
    pv_spearman r;
    const double x[] = {1, 2, 3, 4}, c[] = {2, 2, 2, 2}, y[] = {4, 3, 2, 1};
    /* a constant variable: undefined (R: NA, "the standard deviation is zero") */
    assert_int_equal(pv_spearman_test(x, c, 4, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.rho) && isnan(r.p));
    assert_int_equal(r.n, 4);
    /* fewer than 3 pairs */
    assert_int_equal(pv_spearman_test(x, y, 2, &r), PV_QS_UNDEFINED);
    /* a perfect correlation: rho -1, p 0 (R too) */
    assert_int_equal(pv_spearman_test(x, y, 4, &r), PV_QS_OK);
    near("perfect rho", r.rho, -1);
    near("perfect p", r.p, 0);
    const double inf[] = {1, INFINITY, 2, 3};
    assert_int_equal(pv_spearman_test(inf, y, 4, &r), PV_QS_INVALID);
}

static void test_padjust_more_vs_r(void **state)
{
    (void)state;
    FILE *f = open_expected("padjust_more.csv", "family,i,p,bonferroni,hochberg");
    char *line = NULL, *field[MAXF], fam[4][32], what[160];
    double p[4][32], bon[4][32], hoch[4][32];
    size_t cap = 0, len[4] = {0}, nf = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 5);
        if (nf == 0 || strcmp(fam[nf - 1], field[0]) != 0) {
            assert_true(nf < 4 && strlen(field[0]) < 32);
            strcpy(fam[nf++], field[0]);
        }
        size_t k = nf - 1, i = len[k]++;
        assert_true(i < 32);
        p[k][i] = num(field[2]);
        bon[k][i] = num(field[3]);
        hoch[k][i] = num(field[4]);
    }
    free(line);
    fclose(f);
    assert_int_equal(nf, 2);
    assert_int_equal(len[0] + len[1], 10 + 7);
    for (size_t k = 0; k < nf; k++) {
        double out[32];
        assert_int_equal(pv_p_adjust(p[k], len[k], PV_PADJ_BONFERRONI, out), PV_QS_OK);
        for (size_t i = 0; i < len[k]; i++) {
            snprintf(what, sizeof what, "bonferroni %s %zu", fam[k], i + 1);
            near(what, out[i], bon[k][i]);
        }
        assert_int_equal(pv_p_adjust(p[k], len[k], PV_PADJ_HOCHBERG, out), PV_QS_OK);
        for (size_t i = 0; i < len[k]; i++) {
            snprintf(what, sizeof what, "hochberg %s %zu", fam[k], i + 1);
            near(what, out[i], hoch[k][i]);
        }
    }
}

static void test_alpha_pairwise_vs_r(void **state)
{
    (void)state;
    double m[30 * 4], c[30 * 4];
    char *line = NULL, *field[MAXF], what[160];
    size_t cap = 0, n = 0;
    FILE *f = open_expected("alpha_pairwise_data.csv", "i1,i2,i3,i4");
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 4);
        assert_true(n < 30);
        for (int j = 0; j < 4; j++)
            m[n * 4 + j] = num(field[j]);
        n++;
    }
    fclose(f);
    assert_int_equal(n, 30);
    f = open_expected("alpha_data_likert.csv", "i1,i2,i3,i4");
    for (n = 0; next_line(f, &line, &cap); n++) {
        assert_int_equal(split(line, ',', field, MAXF), 4);
        for (int j = 0; j < 4; j++)
            c[n * 4 + j] = num(field[j]);
    }
    fclose(f);
    f = open_expected("alpha_pairwise.csv", "dataset,raw_alpha,std_alpha");
    int cases = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 3);
        double a, as;
        assert_int_equal(pv_cronbach_alpha_pairwise(strcmp(field[0], "missing") ? c : m, 30, 4,
                                                    &a, &as), PV_QS_OK);
        snprintf(what, sizeof what, "pairwise alpha %s", field[0]);
        near(what, a, num(field[1]));
        snprintf(what, sizeof what, "pairwise std alpha %s", field[0]);
        near(what, as, num(field[2]));
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 2);
    /* undefined: one item, an item without variance, a pair never answered together */
    double a, as;
    assert_int_equal(pv_cronbach_alpha_pairwise(c, 30, 1, &a, &as), PV_QS_UNDEFINED);
    assert_true(isnan(a) && isnan(as));
    const double flat[] = {1, 2, 1, 3, 1, 4}, apart[] = {1, NAN, 2, NAN, NAN, 3, NAN, 4};
    assert_int_equal(pv_cronbach_alpha_pairwise(flat, 3, 2, &a, &as), PV_QS_UNDEFINED);
    assert_int_equal(pv_cronbach_alpha_pairwise(apart, 4, 2, &a, &as), PV_QS_UNDEFINED);
    assert_true(isnan(a));
}

int main(void)
{
    pv_stats_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mean_sd),
        cmocka_unit_test(test_alpha_vs_r),
        cmocka_unit_test(test_alpha_degenerate),
        cmocka_unit_test(test_chisq_vs_r),
        cmocka_unit_test(test_chisq_degenerate),
        cmocka_unit_test(test_fisher_vs_r),
        cmocka_unit_test(test_fisher_one_vs_r),
        cmocka_unit_test(test_fisher_degenerate),
        cmocka_unit_test(test_fisher_simulate),
        cmocka_unit_test(test_padjust_methods),
        cmocka_unit_test(test_kruskal_vs_r),
        cmocka_unit_test(test_kruskal_degenerate),
        cmocka_unit_test(test_padjust_vs_r),
        cmocka_unit_test(test_padjust_degenerate),
        cmocka_unit_test(test_mannwhitney_vs_r),
        cmocka_unit_test(test_mannwhitney_degenerate),
        cmocka_unit_test(test_spearman_vs_r),
        cmocka_unit_test(test_spearman_degenerate),
        cmocka_unit_test(test_padjust_more_vs_r),
        cmocka_unit_test(test_alpha_pairwise_vs_r),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
