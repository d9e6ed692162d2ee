/* test_agree.c — unit tests of pipeline/agree.c against independent tools.
 *
 * Inputs and expected values are made by (from the repository root, in this
 * order; see their headers and tests/expected/README.md):
 *   Rscript tests/expected/agree.R            R 4.2.2, psych 2.2.9
 *   /usr/bin/python3 tests/expected/agree.py  statsmodels 0.13.5, NLTK 3.8
 * Inputs:   agree_cohen_tables.csv, agree_fleiss_tables.csv,
 *           agree_kripp_{example,focus,complete}.csv, agree_fleiss_many.csv
 * Expected: agree_cohen.csv (psych::cohen.kappa), agree_cohen_statsmodels.csv
 *           (cohens_kappa; fleiss_kappa "randolph" for Brennan–Prediger),
 *           agree_fleiss.csv (fleiss_kappa; NLTK multi-pi, avg_Ao),
 *           agree_fleiss_many_kappa.csv (fleiss_kappa, NLTK multi-pi, 70
 *           coders),
 *           agree_kripp.csv (NLTK alpha, avg_Ao), agree_units.csv (percent
 *           agreement and alpha by definition in R), and the value printed
 *           in Krippendorff (2011), section C: alpha = 0.743.
 * The test reads those files (relative to tests/unit, where make runs it),
 * compares with an absolute tolerance of 1e-9 ("NA" / "NaN" expected means
 * NAN) — p-values relative 1e-9, the paper's 3 decimals 5e-4 — and checks
 * how many cases it read so that a truncated file cannot pass silently.
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

#include "agree.h"
#include "stats.h"

#define TOL 1e-9
#define MAXF 128   /* fields per line (agree_fleiss_many.csv: 71) */
#define MAXV 4096  /* values per table or matrix */

static void near_tol(const char *what, double got, double want, double tol)
{
    if (isnan(want)) {
        if (!isnan(got))
            fail_msg("%s: got %.17g, want NAN", what, got);
        return;
    }
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g (diff %.3g)", what, got, want,
                 fabs(got - want));
}

static void near(const char *what, double got, double want)
{
    near_tol(what, got, want, TOL);
}

/* Relative comparison, for p-values far below 1e-9. */
static void near_rel(const char *what, double got, double want)
{
    near_tol(what, got, want, isnan(want) ? 0 : TOL * fabs(want));
}

/* ---- reading the expected files --------------------------------------- */


/* The row of an expected file whose first field is id, split into field;
 * returns the number of fields (fails when id is absent).  line is the
 * caller's buffer (free it). */
static size_t find_row(const char *name, const char *header, const char *id,
                       char **line, size_t *cap, char **field)
{
    FILE *f = open_expected(name, header);
    while (next_line(f, line, cap)) {
        size_t nf = split(*line, ',', field, MAXF);
        if (strcmp(field[0], id) == 0) {
            fclose(f);
            return nf;
        }
    }
    fclose(f);
    fail_msg("%s: no row '%s'", name, id);
    return 0;
}

/* ';'-separated counts into v (at most MAXV); returns how many. */
static size_t parse_counts(char *s, double *v)
{
    char *field[MAXV];
    size_t n = split(s, ';', field, MAXV);
    for (size_t i = 0; i < n; i++)
        v[i] = num(field[i]);
    return n;
}

/* A units × coders file (header unit,c1,...; "NA" missing) into a new
 * row-major array; *units, *coders set.  The caller frees it. */
static double *read_units(const char *name, size_t *units, size_t *coders)
{
    char *line = NULL, *field[MAXF];
    size_t cap = 0;
    FILE *f = open_expected(name, NULL);
    double *x = malloc(MAXV * sizeof *x);
    assert_non_null(x);
    *units = *coders = 0;
    while (next_line(f, &line, &cap)) {
        size_t nf = split(line, ',', field, MAXF);
        assert_true(nf >= 2);
        if (*coders == 0)
            *coders = nf - 1;
        assert_int_equal(nf - 1, *coders);
        assert_true((*units + 1) * *coders <= MAXV);
        for (size_t c = 0; c < *coders; c++)
            x[*units * *coders + c] = num(field[c + 1]);
        (*units)++;
    }
    free(line);
    fclose(f);
    return x;
}

/* ---- Cohen's kappa and Brennan–Prediger ------------------------------- */

#define COHEN_HDR "table_id,k,n,po,pe,kappa,var_kappa,se,ci_low,ci_high,bp_kappa"
#define SM_HDR "table_id,kappa,std_kappa,kappa_low,kappa_upp,std_kappa0," \
               "z_value,pvalue_two_sided,bp_randolph"

static void check_cohen_table(const char *id, const double *counts, size_t k)
{
    char what[128], *line = NULL, *e[MAXF];
    size_t cap = 0;
    pv_kappa r;
    pv_qs_status st = pv_cohen_kappa(counts, k, 0.95, &r);
    int undefined = strcmp(id, "same") == 0;
    assert_int_equal(st, undefined ? PV_QS_UNDEFINED : PV_QS_OK);

    /* psych::cohen.kappa */
    assert_int_equal(find_row("agree_cohen.csv", COHEN_HDR, id, &line, &cap, e), 11);
    assert_int_equal(strtol(e[1], NULL, 10), (long)k);
#define P(field, idx) (snprintf(what, sizeof what, "%s psych %s", id, #field), \
                       near(what, r.field, num(e[idx])))
    P(n, 2); P(po, 3); P(pe, 4); P(kappa, 5); P(ci_low, 8); P(ci_high, 9);
    if (undefined)   /* psych replaces its NaN variance by 0; here NAN */
        assert_true(isnan(r.se) && num(e[7]) == 0);
    else
        P(se, 7);
#undef P
    double bp;
    assert_int_equal(pv_brennan_prediger(counts, k, &bp), PV_QS_OK);
    snprintf(what, sizeof what, "%s bp (R formula)", id);
    near(what, bp, num(e[10]));

    /* statsmodels cohens_kappa */
    assert_int_equal(find_row("agree_cohen_statsmodels.csv", SM_HDR, id, &line,
                              &cap, e), 9);
#define S(field, idx) (snprintf(what, sizeof what, "%s statsmodels %s", id, #field), \
                       near(what, r.field, num(e[idx])))
    S(kappa, 1); S(se, 2); S(se0, 5); S(z, 6);
    snprintf(what, sizeof what, "%s statsmodels p", id);
    near_rel(what, r.p, num(e[7]));
    /* statsmodels does not clip the interval to [-1, 1]; psych does. */
    S(ci_low, 3);
    double upp = num(e[4]);
    snprintf(what, sizeof what, "%s statsmodels ci_high, clipped to 1", id);
    near(what, r.ci_high, upp > 1 ? 1 : upp);
#undef S
    snprintf(what, sizeof what, "%s bp (statsmodels randolph)", id);
    near(what, bp, num(e[8]));
    free(line);
}

static void test_cohen_expected(void **state)
{
    (void)state;
    char *line = NULL, *field[MAXF];
    size_t cap = 0, cases = 0;
    double counts[MAXV];
    FILE *f = open_expected("agree_cohen_tables.csv", "table_id,k,counts");
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 3);
        size_t k = (size_t)strtoul(field[1], NULL, 10);
        char *id = strdup(field[0]);
        assert_int_equal(parse_counts(field[2], counts), k * k);
        check_cohen_table(id, counts, k);
        free(id);
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 6);
}

/* The confusion table as a units × 2 matrix: percent agreement is po. */
static void test_cohen_as_units(void **state)
{
    (void)state;
    const double t[] = {42, 5, 3, 6, 31, 4, 2, 7, 25}; /* t3x3 */
    double x[2 * 125], pa;
    size_t u = 0, used;
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            for (int c = 0; c < t[i * 3 + j]; c++, u++) {
                x[2 * u] = (double)i;
                x[2 * u + 1] = (double)j;
            }
    assert_int_equal(u, 125);
    assert_int_equal(pv_percent_agreement(x, 125, 2, 3, &pa, &used), PV_QS_OK);
    assert_int_equal(used, 125);
    near("percent agreement = po", pa, 0.784);
}

static void test_cohen_degenerate(void **state)
{
    (void)state;
    pv_kappa r;
    double bp;
    const double one[] = {20};
    const double zero[] = {0, 0, 0, 0};
    const double t2[] = {14, 6, 3, 77};

    /* no table, an empty table: undefined, never a crash */
    assert_int_equal(pv_cohen_kappa(one, 0, 0.95, &r), PV_QS_UNDEFINED);
    assert_true(r.n == 0 && isnan(r.po) && isnan(r.kappa) && isnan(r.se));
    assert_int_equal(pv_cohen_kappa(zero, 2, 0.95, &r), PV_QS_UNDEFINED);
    assert_true(r.n == 0 && isnan(r.kappa) && isnan(r.ci_low));
    assert_int_equal(pv_brennan_prediger(zero, 2, &bp), PV_QS_UNDEFINED);
    assert_true(isnan(bp));

    /* one category only: 1 × 1 table (psych: kappa NA) */
    assert_int_equal(pv_cohen_kappa(one, 1, 0.95, &r), PV_QS_UNDEFINED);
    assert_true(r.po == 1 && r.pe == 1 && isnan(r.kappa) && isnan(r.se));
    assert_int_equal(pv_brennan_prediger(one, 1, &bp), PV_QS_UNDEFINED);
    assert_true(isnan(bp));

    /* each coder used one category, not the same: kappa 0, se 0, se0 0,
     * so z and p are NAN (statsmodels: NaN) */
    const double apart[] = {0, 10, 0, 0};
    assert_int_equal(pv_cohen_kappa(apart, 2, 0.95, &r), PV_QS_OK);
    assert_true(r.po == 0 && r.pe == 0 && r.kappa == 0 && r.se == 0);
    assert_true(r.ci_low == 0 && r.ci_high == 0 && r.se0 == 0);
    assert_true(isnan(r.z) && isnan(r.p));

    /* invalid: negative, NAN, infinite count; conf outside (0, 1) */
    const double neg[] = {14, -6, 3, 77};
    const double nan_[] = {14, NAN, 3, 77};
    const double inf[] = {14, INFINITY, 3, 77};
    assert_int_equal(pv_cohen_kappa(neg, 2, 0.95, &r), PV_QS_INVALID);
    assert_true(isnan(r.n) && isnan(r.kappa));
    assert_int_equal(pv_cohen_kappa(nan_, 2, 0.95, &r), PV_QS_INVALID);
    assert_int_equal(pv_cohen_kappa(inf, 2, 0.95, &r), PV_QS_INVALID);
    assert_int_equal(pv_brennan_prediger(neg, 2, &bp), PV_QS_INVALID);
    assert_int_equal(pv_brennan_prediger(nan_, 2, &bp), PV_QS_INVALID);
    assert_int_equal(pv_cohen_kappa(t2, 2, 0, &r), PV_QS_INVALID);
    assert_int_equal(pv_cohen_kappa(t2, 2, 1, &r), PV_QS_INVALID);
    assert_int_equal(pv_cohen_kappa(t2, 2, NAN, &r), PV_QS_INVALID);

    /* another level: z = qnorm(0.995) = 2.5758293035489 (R) */
    pv_kappa r95;
    assert_int_equal(pv_cohen_kappa(t2, 2, 0.95, &r95), PV_QS_OK);
    assert_int_equal(pv_cohen_kappa(t2, 2, 0.99, &r), PV_QS_OK);
    near("kappa at 0.99", r.kappa, r95.kappa);
    near("ci_low at 0.99", r.ci_low, r.kappa - 2.5758293035489 * r.se);
}

/* ---- Fleiss' kappa ----------------------------------------------------- */

#define FLEISS_HDR "table_id,subjects,categories,raters,kappa_fleiss," \
                   "kappa_randolph,nltk_pi,nltk_avg_ao"

static void test_fleiss_expected(void **state)
{
    (void)state;
    char *line = NULL, *field[MAXF], *eline = NULL, *e[MAXF], what[128];
    size_t cap = 0, ecap = 0, cases = 0;
    double counts[MAXV];
    FILE *f = open_expected("agree_fleiss_tables.csv",
                            "table_id,subjects,categories,counts");
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', field, MAXF), 4);
        size_t n = (size_t)strtoul(field[1], NULL, 10);
        size_t k = (size_t)strtoul(field[2], NULL, 10);
        assert_int_equal(parse_counts(field[3], counts), n * k);
        pv_fleiss r;
        assert_int_equal(pv_fleiss_kappa(counts, n, k, &r), PV_QS_OK);
        assert_int_equal(find_row("agree_fleiss.csv", FLEISS_HDR, field[0],
                                  &eline, &ecap, e), 8);
        assert_int_equal(r.subjects, strtoul(e[1], NULL, 10));
        assert_int_equal(r.raters, strtoul(e[3], NULL, 10));
        snprintf(what, sizeof what, "%s kappa (statsmodels)", e[0]);
        near(what, r.kappa, num(e[4]));
        snprintf(what, sizeof what, "%s kappa_free (statsmodels randolph)", e[0]);
        near(what, r.kappa_free, num(e[5]));
        snprintf(what, sizeof what, "%s kappa (NLTK pi)", e[0]);
        near(what, r.kappa, num(e[6]));
        snprintf(what, sizeof what, "%s po (NLTK avg_Ao)", e[0]);
        near(what, r.po, num(e[7]));

        /* The same ratings as a subjects × raters matrix: percent
         * agreement is P̄. */
        size_t m = r.raters;
        double *x = malloc(n * m * sizeof *x), pa;
        assert_non_null(x);
        for (size_t i = 0; i < n; i++) {
            size_t slot = 0;
            for (size_t j = 0; j < k; j++)
                for (int c = 0; c < counts[i * k + j]; c++)
                    x[i * m + slot++] = (double)j;
        }
        assert_int_equal(pv_percent_agreement(x, n, m, k, &pa, NULL), PV_QS_OK);
        snprintf(what, sizeof what, "%s percent agreement = P-bar", e[0]);
        near(what, pa, num(e[7]));
        free(x);
        cases++;
    }
    free(line);
    free(eline);
    fclose(f);
    assert_int_equal(cases, 2);
}

static void test_fleiss_degenerate(void **state)
{
    (void)state;
    pv_fleiss r;
    const double t[] = {2, 1, 0, 0, 3, 0};

    /* no subjects, no categories */
    assert_int_equal(pv_fleiss_kappa(t, 0, 3, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.kappa) && r.subjects == 0);
    assert_int_equal(pv_fleiss_kappa(t, 2, 0, &r), PV_QS_UNDEFINED);

    /* one rater per subject: no pair */
    const double one_rater[] = {1, 0, 0, 0, 1, 0};
    assert_int_equal(pv_fleiss_kappa(one_rater, 2, 3, &r), PV_QS_UNDEFINED);
    assert_true(r.subjects == 2 && r.raters == 1 && isnan(r.po) && isnan(r.kappa));

    /* every rating in one category: P̄e = 1; Randolph's kappa is 1 */
    const double same[] = {0, 4, 0, 0, 4, 0, 0, 4, 0};
    assert_int_equal(pv_fleiss_kappa(same, 3, 3, &r), PV_QS_UNDEFINED);
    assert_true(r.po == 1 && r.pe == 1 && isnan(r.kappa));
    near("kappa_free all same", r.kappa_free, 1);
    const double one_cat[] = {4, 4};
    assert_int_equal(pv_fleiss_kappa(one_cat, 2, 1, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.kappa) && isnan(r.kappa_free));

    /* invalid: unequal raters, non-integer, negative, NAN */
    const double unequal[] = {2, 1, 0, 0, 2, 0};
    const double frac[] = {2.5, 0.5, 0, 0, 3, 0};
    const double neg[] = {4, -1, 0, 0, 3, 0};
    const double nan_[] = {NAN, 1, 0, 0, 3, 0};
    assert_int_equal(pv_fleiss_kappa(unequal, 2, 3, &r), PV_QS_INVALID);
    assert_true(isnan(r.kappa) && r.raters == 0);
    assert_int_equal(pv_fleiss_kappa(frac, 2, 3, &r), PV_QS_INVALID);
    assert_int_equal(pv_fleiss_kappa(neg, 2, 3, &r), PV_QS_INVALID);
    assert_int_equal(pv_fleiss_kappa(nan_, 2, 3, &r), PV_QS_INVALID);

    /* two subjects, 3 raters: P1 = (4 + 1 - 3)/6, P2 = 1 (exact) */
    assert_int_equal(pv_fleiss_kappa(t, 2, 3, &r), PV_QS_OK);
    near("po small", r.po, (1.0 / 3 + 1) / 2);
    near("pe small", r.pe, (4.0 + 16) / 36);
}

/* Fleiss' kappa of a units × coders matrix with 70 coders: the units
 * answered by the most common number of coders (70 here) are kept, whatever
 * the number of coders (qualitative.c counted them in a fixed array of 64
 * and left out, silently, every unit with 64 coders or more). */
#define MANY_HDR "dataset,raters,subjects,kappa_fleiss,kappa_randolph,nltk_pi"

static void test_fleiss_units_many_coders(void **state)
{
    (void)state;
    char *line = NULL, *e[MAXF];
    size_t cap = 0, units, coders;
    double *x = read_units("agree_fleiss_many.csv", &units, &coders);
    assert_int_equal(coders, 70);
    assert_int_equal(units, 29);
    pv_fleiss r;
    assert_int_equal(pv_fleiss_kappa_units(x, units, coders, 2, 3, &r), PV_QS_OK);
    assert_int_equal(find_row("agree_fleiss_many_kappa.csv", MANY_HDR, "many", &line, &cap, e),
                     6);
    assert_int_equal(r.raters, strtoul(e[1], NULL, 10));
    assert_int_equal(r.subjects, strtoul(e[2], NULL, 10));
    near("many kappa (statsmodels)", r.kappa, num(e[3]));
    near("many kappa_free (statsmodels randolph)", r.kappa_free, num(e[4]));
    near("many kappa (NLTK multi-pi)", r.kappa, num(e[5]));
    free(line);

    /* the units of 3 coders alone are what is left when the 70 go */
    double *three = malloc(12 * 3 * sizeof *three);
    assert_non_null(three);
    for (size_t u = 0; u < 12; u++)
        for (size_t c = 0; c < 3; c++)
            three[u * 3 + c] = x[(15 + u) * coders + c];
    pv_fleiss r3;
    assert_int_equal(pv_fleiss_kappa_units(three, 12, 3, 2, 3, &r3), PV_QS_OK);
    assert_true(r3.raters == 3 && r3.subjects == 12 && r3.kappa != r.kappa);
    free(three), free(x);
}

static void test_fleiss_units_degenerate(void **state)
{
    (void)state;
    pv_fleiss r;
    const double dummy[] = {0};
    /* no unit with 3 values: nothing to say (no row in the output) */
    const double two[] = {0, 1, NAN,
                          1, NAN, 1};
    assert_int_equal(pv_fleiss_kappa_units(two, 2, 3, 2, 3, &r), PV_QS_UNDEFINED);
    assert_true(r.raters == 0 && r.subjects == 0 && isnan(r.kappa));
    assert_int_equal(pv_fleiss_kappa_units(dummy, 0, 3, 2, 3, &r), PV_QS_UNDEFINED);
    /* ties: the number whose count reached the largest first (3 here: in
     * unit order the counts go 4:1, 3:1, 3:2, 4:2 — 3 reached 2 first) */
    const double tie[] = {0, 1, 1, 1,
                          0, 0, 1, NAN,
                          1, 1, 0, NAN,
                          1, 1, 1, 0};
    assert_int_equal(pv_fleiss_kappa_units(tie, 4, 4, 2, 3, &r), PV_QS_OK);
    assert_true(r.raters == 3 && r.subjects == 2);
    /* the kept units make the table of pv_fleiss_kappa */
    const double t3[] = {2, 1, 1, 2};  /* units 2 and 3: (0,0,1), (1,1,0) */
    pv_fleiss want;
    assert_int_equal(pv_fleiss_kappa(t3, 2, 2, &want), PV_QS_OK);
    assert_true(r.kappa == want.kappa && r.po == want.po && r.pe == want.pe);
    /* invalid: min_raters < 2, a value out of range */
    assert_int_equal(pv_fleiss_kappa_units(tie, 4, 4, 2, 1, &r), PV_QS_INVALID);
    const double big[] = {0, 2, 1};
    assert_int_equal(pv_fleiss_kappa_units(big, 1, 3, 2, 3, &r), PV_QS_INVALID);
    assert_true(r.raters == 0 && isnan(r.kappa));
}

/* ---- Krippendorff's alpha and percent agreement ------------------------ */

#define UNITS_HDR "dataset,units,units_used,n_pairable,percent_agreement,alpha"

/* Krippendorff (2011), section C prints alpha = 0.743 (3 decimals). */
#define KRIPP_PAPER_ALPHA 0.743

static void test_kripp_expected(void **state)
{
    (void)state;
    static const char *sets[] = {"example", "focus", "complete"};
    char name[64], what[128], *line = NULL, *e[MAXF];
    size_t cap = 0, cases = 0;
    for (size_t s = 0; s < 3; s++) {
        size_t units, coders, used;
        snprintf(name, sizeof name, "agree_kripp_%s.csv", sets[s]);
        double *x = read_units(name, &units, &coders);
        size_t ncat = 4;
        if (s == 0) {
            /* the paper's values 1..5 become categories 0..4 */
            for (size_t i = 0; i < units * coders; i++)
                x[i] -= 1;
            ncat = 5;
        }
        pv_kripp r;
        double pa;
        assert_int_equal(pv_kripp_alpha_nominal(x, units, coders, ncat, &r), PV_QS_OK);
        assert_int_equal(pv_percent_agreement(x, units, coders, ncat, &pa, &used),
                         PV_QS_OK);
        assert_int_equal(used, r.units_used);

        assert_int_equal(find_row("agree_units.csv", UNITS_HDR, sets[s], &line,
                                  &cap, e), 6);
        assert_int_equal(units, strtoul(e[1], NULL, 10));
        assert_int_equal(r.units_used, strtoul(e[2], NULL, 10));
        snprintf(what, sizeof what, "%s n (R)", sets[s]);
        near(what, r.n, num(e[3]));
        snprintf(what, sizeof what, "%s percent agreement (R)", sets[s]);
        near(what, pa, num(e[4]));
        snprintf(what, sizeof what, "%s alpha (R)", sets[s]);
        near(what, r.alpha, num(e[5]));
        near("alpha = 1 - Do/De", r.alpha, 1 - r.d_o / r.d_e);

        assert_int_equal(find_row("agree_kripp.csv", "dataset,alpha_nltk,avg_ao_nltk",
                                  sets[s], &line, &cap, e), 3);
        snprintf(what, sizeof what, "%s alpha (NLTK)", sets[s]);
        near(what, r.alpha, num(e[1]));
        if (!isnan(num(e[2]))) {   /* complete data only */
            snprintf(what, sizeof what, "%s percent agreement (NLTK)", sets[s]);
            near(what, pa, num(e[2]));
        }
        if (s == 0) {
            near_tol("paper alpha (3 decimals)", r.alpha, KRIPP_PAPER_ALPHA, 5e-4);
            assert_true(r.n == 40 && r.units_used == 11); /* the paper's n */
        }
        free(x);
        cases++;
    }
    free(line);
    assert_int_equal(cases, 3);
}

static void test_kripp_degenerate(void **state)
{
    (void)state;
    pv_kripp r;
    double pa;
    size_t used;
    const double dummy[] = {0};

    /* no units, no coders */
    assert_int_equal(pv_kripp_alpha_nominal(dummy, 0, 3, 4, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.alpha) && r.n == 0 && r.units_used == 0);
    assert_int_equal(pv_percent_agreement(dummy, 0, 3, 4, &pa, &used), PV_QS_UNDEFINED);
    assert_true(isnan(pa) && used == 0);
    assert_int_equal(pv_kripp_alpha_nominal(dummy, 1, 0, 4, &r), PV_QS_UNDEFINED);
    assert_int_equal(pv_percent_agreement(dummy, 1, 0, 4, &pa, NULL), PV_QS_UNDEFINED);

    /* every unit coded by one coder only: nothing pairable */
    const double lone[] = {0, NAN, NAN,
                           NAN, 2, -1,
                           NAN, NAN, NAN};
    assert_int_equal(pv_kripp_alpha_nominal(lone, 3, 3, 4, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.alpha) && r.n == 0 && r.units_used == 0);
    assert_int_equal(pv_percent_agreement(lone, 3, 3, 4, &pa, &used), PV_QS_UNDEFINED);
    assert_true(isnan(pa) && used == 0);

    /* one category only: D_e = 0, alpha undefined (NLTK says 1);
     * percent agreement is 1 */
    const double one_cat[] = {1, 1, NAN,
                              1, 1, 1};
    assert_int_equal(pv_kripp_alpha_nominal(one_cat, 2, 3, 4, &r), PV_QS_UNDEFINED);
    assert_true(isnan(r.alpha) && r.d_o == 0 && r.d_e == 0 && r.n == 5);
    assert_int_equal(pv_percent_agreement(one_cat, 2, 3, 4, &pa, &used), PV_QS_OK);
    assert_true(pa == 1 && used == 2);

    /* a unit with one coder only is left out: same results without it;
     * -1 and NAN are both missing */
    const double with[] = {0, 0, 1,
                           2, -1, NAN,
                           1, 1, 1,
                           0, 1, -1};
    const double without[] = {0, 0, 1,
                              1, 1, 1,
                              0, 1, NAN};
    pv_kripp r2;
    double pa2;
    assert_int_equal(pv_kripp_alpha_nominal(with, 4, 3, 3, &r), PV_QS_OK);
    assert_int_equal(pv_kripp_alpha_nominal(without, 3, 3, 3, &r2), PV_QS_OK);
    assert_int_equal(r.units_used, 3);
    assert_true(r.alpha == r2.alpha && r.n == r2.n && r.n == 8);
    assert_int_equal(pv_percent_agreement(with, 4, 3, 3, &pa, &used), PV_QS_OK);
    assert_int_equal(pv_percent_agreement(without, 3, 3, 3, &pa2, NULL), PV_QS_OK);
    assert_true(used == 3 && pa == pa2);
    near("percent agreement small", pa, (1.0 / 3 + 1 + 0) / 3);

    /* invalid: a category >= ncat, a fraction, an infinity */
    const double big[] = {0, 4, 1, 1};
    const double frac[] = {0, 0.5, 1, 1};
    const double inf[] = {0, INFINITY, 1, 1};
    const double *bad[] = {big, frac, inf};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(pv_kripp_alpha_nominal(bad[i], 2, 2, 4, &r), PV_QS_INVALID);
        assert_true(isnan(r.alpha) && r.units_used == 0);
        assert_int_equal(pv_percent_agreement(bad[i], 2, 2, 4, &pa, &used),
                         PV_QS_INVALID);
        assert_true(isnan(pa) && used == 0);
    }
    /* ncat = 0: every value is out of range */
    assert_int_equal(pv_kripp_alpha_nominal(big, 2, 2, 0, &r), PV_QS_INVALID);
}

int main(void)
{
    pv_stats_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cohen_expected),
        cmocka_unit_test(test_cohen_as_units),
        cmocka_unit_test(test_cohen_degenerate),
        cmocka_unit_test(test_fleiss_expected),
        cmocka_unit_test(test_fleiss_degenerate),
        cmocka_unit_test(test_fleiss_units_many_coders),
        cmocka_unit_test(test_fleiss_units_degenerate),
        cmocka_unit_test(test_kripp_expected),
        cmocka_unit_test(test_kripp_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
