/* test_agree_spans.c — unit tests of the agreement kernels on spans of text
 * (pipeline/agree.c: pv_spans_union, pv_segment_match, pv_kappa_free,
 * pv_char_agreement, pv_frequency_agreement, pv_kripp_ualpha).
 *
 * Inputs and expected values: `Rscript tests/expected/agree_spans.R` (R
 * 4.2.2, psych 2.2.9; each unit written there from its published
 * definition by another route than the C code's — see its header and
 * tests/expected/README.md).  Inputs agree_spans_data.csv,
 * agree_spans_sets.csv, agree_spans_freq_data.csv; expected
 * agree_spans_{segment,char,ualpha,freq}.csv.  Krippendorff's unitizing
 * alpha is also checked against the values printed for the worked example
 * of Krippendorff (2004, p. 254), at their printed precision.  Tolerance
 * 1e-9; the number of cases read is checked so that a truncated file
 * cannot pass.
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
#define MAXF 16
#define MAXS 64 /* spans per set */

static void near_tol(const char *what, double got, double want, double tol)
{
    if (isnan(want)) {
        if (!isnan(got))
            fail_msg("%s: got %.17g, want NAN", what, got);
        return;
    }
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g (diff %.3g)", what, got, want, fabs(got - want));
}

static void near(const char *what, double got, double want)
{
    near_tol(what, got, want, TOL);
}

/* The spans of agree_spans_data.csv. */
typedef struct {
    char set[16], code[8];
    int coder;
    long start, end;
} span;

static size_t read_spans(span *sp, size_t max)
{
    FILE *f = open_expected("agree_spans_data.csv", "set,coder,code,start,end");
    char *line = NULL, *fl[MAXF];
    size_t cap = 0, n = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', fl, MAXF), 5);
        assert_true(n < max);
        snprintf(sp[n].set, sizeof sp[n].set, "%s", fl[0]);
        sp[n].coder = atoi(fl[1]);
        snprintf(sp[n].code, sizeof sp[n].code, "%s", fl[2]);
        sp[n].start = atol(fl[3]);
        sp[n].end = atol(fl[4]);
        n++;
    }
    free(line);
    fclose(f);
    return n;
}

/* The set's begin, length and overlap threshold. */
static void read_set(const char *set, long *begin, long *length, double *min_overlap)
{
    FILE *f = open_expected("agree_spans_sets.csv", "set,begin,length,min_overlap");
    char *line = NULL, *fl[MAXF];
    size_t cap = 0;
    int found = 0;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', fl, MAXF), 4);
        if (strcmp(fl[0], set))
            continue;
        *begin = atol(fl[1]), *length = atol(fl[2]), *min_overlap = num(fl[3]);
        found = 1;
    }
    free(line);
    fclose(f);
    if (!found)
        fail_msg("no set %s in agree_spans_sets.csv", set);
}

/* The spans of coder `coder` (0: any) and code `code` (NULL: any) of a set. */
static size_t select_spans(const span *sp, size_t n, const char *set, int coder,
                           const char *code, long *s, long *e)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(sp[i].set, set) && (coder == 0 || sp[i].coder == coder) &&
            (!code || !strcmp(sp[i].code, code))) {
            s[k] = sp[i].start, e[k] = sp[i].end;
            k++;
        }
    return k;
}

static void test_segment_expected(void **state)
{
    (void)state;
    span sp[MAXS];
    size_t nsp = read_spans(sp, MAXS), cases = 0, cap = 0;
    FILE *f = open_expected("agree_spans_segment.csv",
                            "set,code,n1,n2,matched,only1,only2,percent,holsti");
    char *line = NULL, *fl[MAXF], what[64];
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', fl, MAXF), 9);
        long s1[MAXS], e1[MAXS], s2[MAXS], e2[MAXS], m1[MAXS], m2[MAXS], begin, length;
        double thr;
        read_set(fl[0], &begin, &length, &thr);
        size_t n1 = select_spans(sp, nsp, fl[0], 1, fl[1], s1, e1);
        size_t n2 = select_spans(sp, nsp, fl[0], 2, fl[1], s2, e2);
        pv_segmatch r;
        assert_int_equal(pv_segment_match(s1, e1, n1, s2, e2, n2, thr, m1, m2, &r), PV_QS_OK);
        snprintf(what, sizeof what, "%s %s", fl[0], fl[1]);
        assert_int_equal(r.n1, atol(fl[2]));
        assert_int_equal(r.n2, atol(fl[3]));
        assert_int_equal(r.matched, atol(fl[4]));
        assert_int_equal(r.only1, atol(fl[5]));
        assert_int_equal(r.only2, atol(fl[6]));
        near(what, r.percent, num(fl[7]));
        near(what, r.holsti, num(fl[8]));
        /* the matches are one to one and agree both ways */
        size_t seen = 0;
        for (size_t i = 0; i < n1; i++)
            if (m1[i] >= 0) {
                assert_int_equal(m2[m1[i]], (long)i);
                seen++;
            }
        assert_int_equal(seen, r.matched);
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 4);
}

static void test_segment_details(void **state)
{
    (void)state;
    /* own, code A: [10,50) matches [12,50) (38/40), [120,160) matches
     * [118,160) (40/42); [60,90) and [95,110) stay unmatched */
    long s1[] = {10, 60, 120}, e1[] = {50, 90, 160}, s2[] = {12, 95, 118}, e2[] = {50, 110, 160};
    long m1[3], m2[3];
    pv_segmatch r;
    assert_int_equal(pv_segment_match(s1, e1, 3, s2, e2, 3, 0.9, m1, m2, &r), PV_QS_OK);
    assert_int_equal(m1[0], 0);
    assert_int_equal(m1[1], -1);
    assert_int_equal(m1[2], 2);
    assert_int_equal(m2[1], -1);
    /* just below the threshold: 18/20 = 0.9 matches at 0.9, not at 0.91 */
    long a[] = {0}, ae[] = {20}, b[] = {0}, be[] = {18};
    assert_int_equal(pv_segment_match(a, ae, 1, b, be, 1, 0.9, NULL, NULL, &r), PV_QS_OK);
    assert_int_equal(r.matched, 1);
    assert_int_equal(pv_segment_match(a, ae, 1, b, be, 1, 0.91, NULL, NULL, &r), PV_QS_OK);
    assert_int_equal(r.matched, 0);
    /* a tie (5/25 each) goes to coder 1's first segment */
    long t1[] = {0, 20}, t1e[] = {10, 30}, t2[] = {5}, t2e[] = {25};
    assert_int_equal(pv_segment_match(t1, t1e, 2, t2, t2e, 1, 0.2, m1, m2, &r), PV_QS_OK);
    assert_int_equal(m1[0], 0);
    assert_int_equal(m1[1], -1);
    assert_int_equal(m2[0], 0);
    /* touching is no overlap */
    long c[] = {20}, ce[] = {40};
    assert_int_equal(pv_segment_match(a, ae, 1, c, ce, 1, 0.01, NULL, NULL, &r), PV_QS_OK);
    assert_int_equal(r.matched, 0);
    /* one coder only: everything unmatched, percent and Holsti 0 */
    assert_int_equal(pv_segment_match(a, ae, 1, NULL, NULL, 0, 0.9, NULL, NULL, &r), PV_QS_OK);
    assert_int_equal(r.only1, 1);
    near("one coder", r.percent, 0);
    near("one coder holsti", r.holsti, 0);
    /* degenerate and invalid input */
    assert_int_equal(pv_segment_match(NULL, NULL, 0, NULL, NULL, 0, 0.9, NULL, NULL, &r),
                     PV_QS_UNDEFINED);
    assert_true(isnan(r.percent) && isnan(r.holsti));
    assert_int_equal(pv_segment_match(a, ae, 1, b, be, 1, 0, NULL, NULL, &r), PV_QS_INVALID);
    assert_int_equal(pv_segment_match(a, ae, 1, b, be, 1, 1.5, NULL, NULL, &r), PV_QS_INVALID);
    long bad[] = {30}, bade[] = {30};
    assert_int_equal(pv_segment_match(bad, bade, 1, b, be, 1, 0.9, NULL, NULL, &r), PV_QS_INVALID);
    assert_int_equal(r.matched, 0);
}

static void test_kappa_free(void **state)
{
    (void)state;
    double k;
    /* MAXQDA's segment kappa: po = 0.5 with 2 codes is chance: 0 */
    assert_int_equal(pv_kappa_free(0.5, 2, &k), PV_QS_OK);
    near("kappa_free 0.5/2", k, 0);
    assert_int_equal(pv_kappa_free(0.8, 5, &k), PV_QS_OK);
    near("kappa_free 0.8/5", k, (0.8 - 0.2) / 0.8);
    assert_int_equal(pv_kappa_free(0.8, 1, &k), PV_QS_UNDEFINED);
    assert_true(isnan(k));
    assert_int_equal(pv_kappa_free(NAN, 3, &k), PV_QS_UNDEFINED);
    assert_int_equal(pv_kappa_free(1.2, 3, &k), PV_QS_INVALID);
    assert_true(isnan(k));
}

static void test_char_expected(void **state)
{
    (void)state;
    span sp[MAXS];
    size_t nsp = read_spans(sp, MAXS), cases = 0, cap = 0;
    FILE *f = open_expected("agree_spans_char.csv",
                            "set,code,both,only1,only2,neither,percent,kappa,se,ci_low,ci_high");
    char *line = NULL, *fl[MAXF], what[64];
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', fl, MAXF), 11);
        long s1[MAXS], e1[MAXS], s2[MAXS], e2[MAXS], begin, length;
        double thr, t[4], pct;
        read_set(fl[0], &begin, &length, &thr);
        size_t n1 = select_spans(sp, nsp, fl[0], 1, fl[1], s1, e1);
        size_t n2 = select_spans(sp, nsp, fl[0], 2, fl[1], s2, e2);
        for (size_t i = 0; i < n1; i++) /* the kernel counts from 0 */
            s1[i] -= begin, e1[i] -= begin;
        for (size_t i = 0; i < n2; i++)
            s2[i] -= begin, e2[i] -= begin;
        long k1[MAXS], k2[MAXS];
        memcpy(k1, s1, sizeof k1), memcpy(k2, e1, sizeof k2);
        pv_kappa kp;
        pv_qs_status st = pv_char_agreement(s1, e1, n1, s2, e2, n2, length, t, &pct, &kp);
        assert_int_equal(st, PV_QS_OK);
        assert_memory_equal(k1, s1, sizeof k1); /* the spans are not changed */
        snprintf(what, sizeof what, "%s %s", fl[0], fl[1]);
        for (int q = 0; q < 4; q++)
            near(what, t[q], num(fl[2 + q]));
        near(what, pct, num(fl[6]));
        near(what, kp.kappa, num(fl[7]));
        near(what, kp.se, num(fl[8]));
        near(what, kp.ci_low, num(fl[9]));
        near(what, kp.ci_high, num(fl[10]));
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 6);
}

static void test_char_degenerate(void **state)
{
    (void)state;
    long a[] = {0}, ae[] = {10}, past[] = {11};
    double t[4], pct;
    pv_kappa kp;
    /* neither coder coded anything: all agree, kappa undefined (NVivo: 1) */
    assert_int_equal(pv_char_agreement(NULL, NULL, 0, NULL, NULL, 0, 10, t, &pct, &kp),
                     PV_QS_UNDEFINED);
    near("nothing coded", pct, 1);
    near("nothing coded neither", t[3], 10);
    assert_true(isnan(kp.kappa));
    /* one coder coded everything, the other nothing: po 0, pe 0, kappa 0 */
    assert_int_equal(pv_char_agreement(a, ae, 1, NULL, NULL, 0, 10, t, &pct, &kp), PV_QS_OK);
    near("all vs nothing", kp.kappa, 0);
    near("all vs nothing pct", pct, 0);
    /* a span past the source, an empty source */
    assert_int_equal(pv_char_agreement(a, past, 1, NULL, NULL, 0, 10, t, &pct, &kp),
                     PV_QS_INVALID);
    assert_true(isnan(pct));
    assert_int_equal(pv_char_agreement(a, ae, 1, a, ae, 1, 0, t, &pct, NULL), PV_QS_INVALID);
}

static void test_spans_union(void **state)
{
    (void)state;
    long s[] = {30, 5, 10, 40, 50}, e[] = {45, 20, 12, 50, 60};
    size_t n;
    assert_int_equal(pv_spans_union(s, e, 5, &n), PV_QS_OK);
    /* [5,20) holds [10,12); [30,45) overlaps [40,50); [50,60) only touches */
    assert_int_equal(n, 3);
    assert_int_equal(s[0], 5), assert_int_equal(e[0], 20);
    assert_int_equal(s[1], 30), assert_int_equal(e[1], 50);
    assert_int_equal(s[2], 50), assert_int_equal(e[2], 60);
    long bs[] = {5}, be[] = {4};
    assert_int_equal(pv_spans_union(bs, be, 1, &n), PV_QS_INVALID);
    assert_int_equal(n, 0);
}

static void test_frequency_expected(void **state)
{
    (void)state;
    FILE *f = open_expected("agree_spans_freq_data.csv", "set,unit,f1,f2");
    char *line = NULL, *fl[MAXF];
    size_t cap = 0, n = 0, used;
    double f1[MAXS], f2[MAXS], v;
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', fl, MAXF), 4);
        f1[n] = num(fl[2]), f2[n] = num(fl[3]);
        n++;
    }
    fclose(f);
    assert_int_equal(n, 8);
    f = open_expected("agree_spans_freq.csv", "set,units,units_used,agreement");
    assert_true(next_line(f, &line, &cap));
    assert_int_equal(split(line, ',', fl, MAXF), 4);
    assert_int_equal(pv_frequency_agreement(f1, f2, n, &v, &used), PV_QS_OK);
    assert_int_equal(used, atol(fl[2]));
    near("frequency", v, num(fl[3]));
    free(line);
    fclose(f);
    double z[] = {0, 0}, neg[] = {-1, 0}, frac[] = {0.5, 1};
    assert_int_equal(pv_frequency_agreement(z, z, 2, &v, &used), PV_QS_UNDEFINED);
    assert_true(isnan(v));
    assert_int_equal(pv_frequency_agreement(neg, z, 2, &v, &used), PV_QS_INVALID);
    assert_int_equal(pv_frequency_agreement(frac, z, 2, &v, &used), PV_QS_INVALID);
}

/* The units of a set for pv_kripp_ualpha: observer = coder − 1, category =
 * the code's index in codes. */
static size_t ualpha_input(const span *sp, size_t nsp, const char *set, const char *const *codes,
                           size_t ncodes, long *s, long *e, int *obs, int *cat)
{
    size_t n = 0;
    for (size_t i = 0; i < nsp; i++) {
        if (strcmp(sp[i].set, set))
            continue;
        for (size_t c = 0; c < ncodes; c++)
            if (!strcmp(sp[i].code, codes[c]))
                cat[n] = (int)c;
        s[n] = sp[i].start, e[n] = sp[i].end, obs[n] = sp[i].coder - 1;
        n++;
    }
    return n;
}

static void test_ualpha_expected(void **state)
{
    (void)state;
    static const char *const k2004[] = {"c", "k"}, *const own[] = {"A", "B"};
    span sp[MAXS];
    size_t nsp = read_spans(sp, MAXS), cases = 0, cap = 0;
    FILE *f = open_expected("agree_spans_ualpha.csv", "set,code,d_o,d_e,alpha");
    char *line = NULL, *fl[MAXF], what[64];
    while (next_line(f, &line, &cap)) {
        assert_int_equal(split(line, ',', fl, MAXF), 5);
        const char *const *codes = strcmp(fl[0], "k2004") ? own : k2004;
        long s[MAXS], e[MAXS], begin, length;
        int obs[MAXS], cat[MAXS];
        double thr, d_o[2], d_e[2], ac[2], alpha;
        read_set(fl[0], &begin, &length, &thr);
        size_t n = ualpha_input(sp, nsp, fl[0], codes, 2, s, e, obs, cat);
        assert_int_equal(pv_kripp_ualpha(s, e, obs, cat, n, 2, 2, begin, length, d_o, d_e, ac,
                                         &alpha),
                         PV_QS_OK);
        snprintf(what, sizeof what, "%s %s", fl[0], fl[1]);
        if (!strcmp(fl[1], "(all)")) {
            near(what, d_o[0] + d_o[1], num(fl[2]));
            near(what, d_e[0] + d_e[1], num(fl[3]));
            near(what, alpha, num(fl[4]));
        } else {
            int c = strcmp(fl[1], codes[0]) ? 1 : 0;
            near(what, d_o[c], num(fl[2]));
            near(what, d_e[c], num(fl[3]));
            near(what, ac[c], num(fl[4]));
        }
        cases++;
    }
    free(line);
    fclose(f);
    assert_int_equal(cases, 6);
}

/* Krippendorff (2004, p. 254) prints D_o(c) = .0144, D_e(c) = .0532,
 * ‹c›α_u = .7286, D_e(k) = .0490, ‹k›α_u = 1 and α_u = .8591 (from the
 * rounded parts: unrounded it is .8587). */
static void test_ualpha_published(void **state)
{
    (void)state;
    static const char *const codes[] = {"c", "k"};
    span sp[MAXS];
    size_t nsp = read_spans(sp, MAXS);
    long s[MAXS], e[MAXS];
    int obs[MAXS], cat[MAXS];
    double d_o[2], d_e[2], ac[2], alpha;
    size_t n = ualpha_input(sp, nsp, "k2004", codes, 2, s, e, obs, cat);
    assert_int_equal(n, 9);
    assert_int_equal(pv_kripp_ualpha(s, e, obs, cat, n, 2, 2, 150, 300, d_o, d_e, ac, &alpha),
                     PV_QS_OK);
    near_tol("D_o(c)", d_o[0], 0.0144, 5e-5);
    near_tol("D_e(c)", d_e[0], 0.0532, 5e-5);
    near_tol("alpha(c)", ac[0], 0.7286, 5e-5);
    near_tol("D_o(k)", d_o[1], 0, 5e-5);
    near_tol("D_e(k)", d_e[1], 0.0490, 5e-5);
    near_tol("alpha(k)", ac[1], 1, 5e-5);
    near_tol("alpha_u", alpha, 0.8591, 5e-4);
}

static void test_ualpha_degenerate(void **state)
{
    (void)state;
    long s[] = {0, 5, 0}, e[] = {10, 15, 10};
    int obs[] = {0, 0, 1}, cat[] = {0, 0, 0};
    double d_o[2], d_e[2], ac[2], alpha;
    /* two units of one observer and category overlap */
    assert_int_equal(pv_kripp_ualpha(s, e, obs, cat, 3, 2, 2, 0, 20, d_o, d_e, ac, &alpha),
                     PV_QS_INVALID);
    assert_true(isnan(alpha) && isnan(d_o[0]));
    /* a unit outside the continuum, one observer, a bad category */
    assert_int_equal(pv_kripp_ualpha(s + 2, e + 2, obs + 2, cat + 2, 1, 2, 1, 0, 5, NULL, NULL,
                                     NULL, &alpha),
                     PV_QS_INVALID);
    assert_int_equal(pv_kripp_ualpha(s + 2, e + 2, obs + 2, cat + 2, 1, 1, 1, 0, 20, NULL, NULL,
                                     NULL, &alpha),
                     PV_QS_INVALID);
    int badcat[] = {3};
    assert_int_equal(pv_kripp_ualpha(s, e, obs, badcat, 1, 2, 2, 0, 20, NULL, NULL, NULL, &alpha),
                     PV_QS_INVALID);
    /* nothing unitized: undefined; a category nobody used adds nothing */
    assert_int_equal(pv_kripp_ualpha(NULL, NULL, NULL, NULL, 0, 2, 2, 0, 20, d_o, d_e, ac, &alpha),
                     PV_QS_UNDEFINED);
    assert_true(isnan(alpha));
    near("unused D_e", d_e[1], 0);
    assert_true(isnan(ac[1]));
    /* identical unitizing: alpha 1 */
    long is[] = {2, 2}, ie[] = {8, 8};
    int io[] = {0, 1}, ic[] = {0, 0};
    assert_int_equal(pv_kripp_ualpha(is, ie, io, ic, 2, 2, 2, 0, 20, d_o, d_e, ac, &alpha),
                     PV_QS_OK);
    near("identical", alpha, 1);
    assert_true(isnan(ac[1]));
}

int main(void)
{
    pv_stats_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_segment_expected),
        cmocka_unit_test(test_segment_details),
        cmocka_unit_test(test_kappa_free),
        cmocka_unit_test(test_char_expected),
        cmocka_unit_test(test_char_degenerate),
        cmocka_unit_test(test_spans_union),
        cmocka_unit_test(test_frequency_expected),
        cmocka_unit_test(test_ualpha_expected),
        cmocka_unit_test(test_ualpha_published),
        cmocka_unit_test(test_ualpha_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
