/* test_convergence.c — unit tests of the level-2 rules (pipeline/convergence.h)
 * and of the hand-off from level 1 to the convergence stage.
 *
 * The rules are stated in docs/METHODS.md, "Convergence"; they are rules,
 * not statistics, so every expected value below is worked out by hand from
 * that text, with the reasoning beside it:
 *
 *   rating of an indicator: value v, interval [lo, hi] ([v, v] without an
 *     interval); `higher` supports when lo > threshold, contradicts when
 *     hi < threshold, partly supports otherwise (the interval straddles or
 *     touches the threshold); `lower` the same mirrored; no value: silent.
 *   rating of a source: silent when all its indicators are; supports
 *     (contradicts) when every one that speaks supports (contradicts);
 *     partly supports otherwise.
 *   convergence (Farmer et al. 2006), first rule that fits: silence (fewer
 *     than two sources speak), dissonance (one supports, another
 *     contradicts), agreement (all that speak support, or all contradict),
 *     partial agreement (otherwise).
 *   stability: thresholds moved by their margin against the theme (+1) and
 *     in its favour (-1), share of the two keeping the category; bootstrap,
 *     share of the replicates keeping it.
 *
 * The hand-off tests copy the reviewed golden outputs of the small fixture
 * (tests/golden/small/clean and level1) into a temporary folder, break one
 * file, and check the convergence stage's exact message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convergence.h"

enum { SIL = PV_RATE_SILENT, SUP = PV_RATE_SUPPORTS, PAR = PV_RATE_PARTLY,
       CON = PV_RATE_CONTRADICTS };
enum { HIGHER = 0, LOWER = 1 };

/* ------------------------------------------------------------------ */
/* Rating one indicator                                               */
/* ------------------------------------------------------------------ */

static void test_rate_higher(void **state)
{
    (void)state;
    /* lo 0.597 > 0.5: the whole interval is past the threshold */
    assert_int_equal(pv_cv_rate(0.61, 0.597, 0.623, HIGHER, 0.5), SUP);
    /* hi 0.35 < 0.5: the whole interval is short of it */
    assert_int_equal(pv_cv_rate(0.30, 0.25, 0.35, HIGHER, 0.5), CON);
    /* 0.45 < 0.5 < 0.55: straddles */
    assert_int_equal(pv_cv_rate(0.52, 0.45, 0.55, HIGHER, 0.5), PAR);
    /* lo = threshold: lo > threshold is false, hi < threshold too: partly */
    assert_int_equal(pv_cv_rate(0.55, 0.50, 0.60, HIGHER, 0.5), PAR);
    /* hi = threshold: partly, not contradicts */
    assert_int_equal(pv_cv_rate(0.45, 0.40, 0.50, HIGHER, 0.5), PAR);
    /* a balance (-1..1) against threshold 0 */
    assert_int_equal(pv_cv_rate(-0.2, NAN, NAN, HIGHER, 0), CON);
}

static void test_rate_lower(void **state)
{
    (void)state;
    /* lower: a low value supports; hi 0.3 < 0.5 */
    assert_int_equal(pv_cv_rate(0.2, 0.1, 0.3, LOWER, 0.5), SUP);
    /* lo 0.6 > 0.5: the whole interval is too high */
    assert_int_equal(pv_cv_rate(0.65, 0.6, 0.7, LOWER, 0.5), CON);
    /* 0.45 < 0.5 < 0.55 */
    assert_int_equal(pv_cv_rate(0.5, 0.45, 0.55, LOWER, 0.5), PAR);
    /* touching: hi = threshold, lo = threshold: partly */
    assert_int_equal(pv_cv_rate(0.45, 0.4, 0.5, LOWER, 0.5), PAR);
    assert_int_equal(pv_cv_rate(0.55, 0.5, 0.6, LOWER, 0.5), PAR);
    /* a score: 3.2 [2.9, 3.45] against 3.5, lower is better: supports */
    assert_int_equal(pv_cv_rate(3.2, 2.9, 3.45, LOWER, 3.5), SUP);
}

static void test_rate_no_interval(void **state)
{
    (void)state;
    /* without an interval the value is [v, v] */
    assert_int_equal(pv_cv_rate(0.6, NAN, NAN, HIGHER, 0.5), SUP);
    assert_int_equal(pv_cv_rate(0.4, NAN, NAN, HIGHER, 0.5), CON);
    assert_int_equal(pv_cv_rate(0.5, NAN, NAN, HIGHER, 0.5), PAR); /* v = threshold */
    assert_int_equal(pv_cv_rate(0.4, NAN, NAN, LOWER, 0.5), SUP);
    assert_int_equal(pv_cv_rate(0.6, NAN, NAN, LOWER, 0.5), CON);
    /* one bound missing: no interval either, so [v, v] (not [lo, v]) */
    assert_int_equal(pv_cv_rate(0.6, NAN, 0.7, HIGHER, 0.5), SUP);
    assert_int_equal(pv_cv_rate(0.6, 0.4, NAN, HIGHER, 0.5), SUP);
    /* a count, 41 territories against 40 */
    assert_int_equal(pv_cv_rate(41, NAN, NAN, HIGHER, 40), SUP);
}

static void test_rate_silent(void **state)
{
    (void)state;
    /* no value (not published, hidden by a small-cell rule): silent, even
     * with an interval, in both directions */
    assert_int_equal(pv_cv_rate(NAN, NAN, NAN, HIGHER, 0.5), SIL);
    assert_int_equal(pv_cv_rate(NAN, 0.6, 0.7, HIGHER, 0.5), SIL);
    assert_int_equal(pv_cv_rate(NAN, 0.1, 0.2, LOWER, 0.5), SIL);
}

static void test_threshold_shift(void **state)
{
    (void)state;
    pv_cv_evidence hi = {.lower = HIGHER, .thr = 0.5, .margin = 0.05};
    pv_cv_evidence lo = {.lower = LOWER, .thr = 0.5, .margin = 0.05};
    /* against the theme (+1): the bar rises for `higher`, falls for
     * `lower`; in its favour (-1) the reverse */
    assert_float_equal(pv_cv_threshold(&hi, 0), 0.5, 1e-12);
    assert_float_equal(pv_cv_threshold(&hi, +1), 0.55, 1e-12);
    assert_float_equal(pv_cv_threshold(&hi, -1), 0.45, 1e-12);
    assert_float_equal(pv_cv_threshold(&lo, +1), 0.45, 1e-12);
    assert_float_equal(pv_cv_threshold(&lo, -1), 0.55, 1e-12);
}

/* ------------------------------------------------------------------ */
/* A source's rating                                                  */
/* ------------------------------------------------------------------ */

static void test_combine(void **state)
{
    (void)state;
    int none[1] = {SIL};
    assert_int_equal(pv_cv_combine(none, 0), SIL);          /* no indicator */
    int sil[] = {SIL, SIL};
    assert_int_equal(pv_cv_combine(sil, 2), SIL);           /* none speaks */
    int s1[] = {SUP, SIL};
    assert_int_equal(pv_cv_combine(s1, 2), SUP);            /* the silent one does not count */
    int s2[] = {SUP, SUP, SUP};
    assert_int_equal(pv_cv_combine(s2, 3), SUP);
    int c1[] = {CON, SIL, CON};
    assert_int_equal(pv_cv_combine(c1, 3), CON);            /* all that speak contradict */
    int p1[] = {SUP, PAR};
    assert_int_equal(pv_cv_combine(p1, 2), PAR);            /* not every one supports */
    int p2[] = {SUP, CON};
    assert_int_equal(pv_cv_combine(p2, 2), PAR);            /* mixed: partly */
    int p3[] = {PAR};
    assert_int_equal(pv_cv_combine(p3, 1), PAR);
    int p4[] = {CON, PAR, SIL};
    assert_int_equal(pv_cv_combine(p4, 3), PAR);
}

/* ------------------------------------------------------------------ */
/* Convergence coding                                                 */
/* ------------------------------------------------------------------ */

static void code3(int a, int b, int c, int want_cat, int want_rule)
{
    int r[3] = {a, b, c}, rule = -1;
    int cat = pv_cv_code(r, 3, &rule);
    if (cat != want_cat || rule != want_rule)
        fail_msg("(%s, %s, %s): %s by rule %d, want %s by rule %d", pv_cv_rating[a],
                 pv_cv_rating[b], pv_cv_rating[c], pv_cv_category[cat], rule,
                 pv_cv_category[want_cat], want_rule);
}

static void test_code_theme(void **state)
{
    (void)state;
    /* silence: fewer than two sources speak */
    code3(SIL, SIL, SIL, PV_CAT_SILENCE, PV_RULE_SILENCE);
    code3(SUP, SIL, SIL, PV_CAT_SILENCE, PV_RULE_SILENCE);
    code3(SIL, SIL, CON, PV_CAT_SILENCE, PV_RULE_SILENCE);
    code3(SIL, PAR, SIL, PV_CAT_SILENCE, PV_RULE_SILENCE);
    /* dissonance: one supports and another contradicts, whatever the third */
    code3(SUP, CON, SIL, PV_CAT_DISSONANCE, PV_RULE_DISSONANCE);
    code3(CON, SIL, SUP, PV_CAT_DISSONANCE, PV_RULE_DISSONANCE);
    code3(SUP, PAR, CON, PV_CAT_DISSONANCE, PV_RULE_DISSONANCE); /* before partial */
    code3(SUP, SUP, CON, PV_CAT_DISSONANCE, PV_RULE_DISSONANCE); /* before agreement */
    /* agreement: every source that speaks gives the same full rating */
    code3(SUP, SUP, SIL, PV_CAT_AGREEMENT, PV_RULE_AGREE_SUPPORT);
    code3(SUP, SUP, SUP, PV_CAT_AGREEMENT, PV_RULE_AGREE_SUPPORT);
    code3(SIL, CON, CON, PV_CAT_AGREEMENT, PV_RULE_AGREE_CONTRADICT);
    code3(CON, CON, CON, PV_CAT_AGREEMENT, PV_RULE_AGREE_CONTRADICT);
    /* partial agreement: otherwise */
    code3(SUP, PAR, SIL, PV_CAT_PARTIAL, PV_RULE_PARTIAL);
    code3(SUP, SUP, PAR, PV_CAT_PARTIAL, PV_RULE_PARTIAL);
    code3(PAR, PAR, SIL, PV_CAT_PARTIAL, PV_RULE_PARTIAL);
    code3(PAR, CON, SIL, PV_CAT_PARTIAL, PV_RULE_PARTIAL); /* no source supports */
    code3(CON, CON, PAR, PV_CAT_PARTIAL, PV_RULE_PARTIAL);
}

static void test_code_pairs(void **state)
{
    (void)state;
    /* the same rules on two sources (convergence_pairs.csv) */
    static const struct { int a, b, cat, rule; } c[] = {
        {SIL, SIL, PV_CAT_SILENCE, PV_RULE_SILENCE},
        {SUP, SIL, PV_CAT_SILENCE, PV_RULE_SILENCE},     /* one speaks */
        {SIL, CON, PV_CAT_SILENCE, PV_RULE_SILENCE},
        {SUP, CON, PV_CAT_DISSONANCE, PV_RULE_DISSONANCE},
        {CON, SUP, PV_CAT_DISSONANCE, PV_RULE_DISSONANCE},
        {SUP, SUP, PV_CAT_AGREEMENT, PV_RULE_AGREE_SUPPORT},
        {CON, CON, PV_CAT_AGREEMENT, PV_RULE_AGREE_CONTRADICT},
        {PAR, SUP, PV_CAT_PARTIAL, PV_RULE_PARTIAL},
        {PAR, PAR, PV_CAT_PARTIAL, PV_RULE_PARTIAL},
        {CON, PAR, PV_CAT_PARTIAL, PV_RULE_PARTIAL},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        int r[2] = {c[i].a, c[i].b}, rule = -1;
        int cat = pv_cv_code(r, 2, &rule);
        if (cat != c[i].cat || rule != c[i].rule)
            fail_msg("pair (%s, %s): %s by rule %d, want %s by rule %d", pv_cv_rating[c[i].a],
                     pv_cv_rating[c[i].b], pv_cv_category[cat], rule,
                     pv_cv_category[c[i].cat], c[i].rule);
    }
}

/* ------------------------------------------------------------------ */
/* A theme from its evidence, and stability                           */
/* ------------------------------------------------------------------ */

static pv_cv_evidence ev(size_t theme, int source, int lower, double thr, double margin,
                         double v, double lo, double hi)
{
    pv_cv_evidence e = {.theme = theme, .source = source, .lower = lower, .thr = thr,
                        .margin = margin, .v = v, .lo = lo, .hi = hi};
    return e;
}

static void test_classify(void **state)
{
    (void)state;
    pv_cv_evidence e[] = {
        /* theme 0 */
        ev(0, PV_CV_PARTICIPATION, HIGHER, 0.5, 0.05, 0.61, 0.60, 0.62),  /* supports */
        ev(0, PV_CV_PARTICIPATION, HIGHER, 0.5, 0.05, 0.52, 0.45, 0.58),  /* partly */
        ev(0, PV_CV_QUESTIONNAIRE, HIGHER, 3.0, 0.25, 3.5, 3.3, 3.7),     /* supports */
        ev(0, PV_CV_QUALITATIVE, HIGHER, 0.3, 0.1, NAN, NAN, NAN),        /* silent */
        /* theme 1: must not leak into theme 0 */
        ev(1, PV_CV_PARTICIPATION, HIGHER, 0.5, 0.05, 0.1, 0.05, 0.15),   /* contradicts */
        ev(1, PV_CV_QUALITATIVE, LOWER, 0.3, 0.1, 0.1, 0.05, 0.2),        /* supports */
    };
    int src[PV_CV_NSRC], rule;
    /* theme 0: participation supports + partly -> partly; questionnaire
     * supports; qualitative silent -> partial agreement */
    assert_int_equal(pv_cv_classify(e, 6, 0, 0, NULL, NULL, NULL, src, &rule), PV_CAT_PARTIAL);
    assert_int_equal(src[PV_CV_PARTICIPATION], PAR);
    assert_int_equal(src[PV_CV_QUESTIONNAIRE], SUP);
    assert_int_equal(src[PV_CV_QUALITATIVE], SIL);
    assert_int_equal(rule, PV_RULE_PARTIAL);
    /* theme 1: participation contradicts, qualitative supports (0.2 < 0.3,
     * lower) -> dissonance */
    assert_int_equal(pv_cv_classify(e, 6, 1, 0, NULL, NULL, NULL, src, &rule),
                     PV_CAT_DISSONANCE);
    assert_int_equal(src[PV_CV_QUESTIONNAIRE], SIL);
    assert_int_equal(rule, PV_RULE_DISSONANCE);
    /* a theme with no evidence at all: silence */
    assert_int_equal(pv_cv_classify(e, 6, 2, 0, NULL, NULL, NULL, src, NULL), PV_CAT_SILENCE);
    assert_int_equal(src[PV_CV_PARTICIPATION], SIL);
    /* values given (a replicate) replace the evidence's own: theme 0 with
     * the second participation indicator now at 0.7 [0.65, 0.75] supports
     * too -> agreement */
    double v[6], lo[6], hi[6];
    for (int i = 0; i < 6; i++)
        v[i] = e[i].v, lo[i] = e[i].lo, hi[i] = e[i].hi;
    v[1] = 0.7, lo[1] = 0.65, hi[1] = 0.75;
    assert_int_equal(pv_cv_classify(e, 6, 0, 0, v, lo, hi, src, &rule), PV_CAT_AGREEMENT);
    assert_int_equal(rule, PV_RULE_AGREE_SUPPORT);
}

static void test_threshold_stability(void **state)
{
    (void)state;
    pv_cv_evidence e[] = {
        /* 0.56 [0.54, 0.58], threshold 0.5 margin 0.05: supports at 0.5 and
         * at 0.45 (-1); at 0.55 (+1) 0.54 < 0.55 < 0.58: partly */
        ev(0, PV_CV_PARTICIPATION, HIGHER, 0.5, 0.05, 0.56, 0.54, 0.58),
        /* 3.5 [3.3, 3.7] against 3 (margin 0.25): supports at 2.75, 3, 3.25 */
        ev(0, PV_CV_QUESTIONNAIRE, HIGHER, 3.0, 0.25, 3.5, 3.3, 3.7),
        /* theme 1, lower: 0.15 [0.05, 0.25] against 0.3 (margin 0.1):
         * supports at 0.3 and at 0.4 (-1); at 0.2 (+1) straddles: partly */
        ev(1, PV_CV_QUALITATIVE, LOWER, 0.3, 0.1, 0.15, 0.05, 0.25),
        ev(1, PV_CV_QUESTIONNAIRE, LOWER, 3.5, 0.25, 2.0, 1.8, 2.2),     /* supports at all three */
    };
    for (size_t t = 0; t < 2; t++) {
        int cat = pv_cv_classify(e, 4, t, 0, NULL, NULL, NULL, NULL, NULL);
        int low = pv_cv_classify(e, 4, t, -1, NULL, NULL, NULL, NULL, NULL);
        int high = pv_cv_classify(e, 4, t, +1, NULL, NULL, NULL, NULL, NULL);
        /* both support -> agreement; in the theme's favour still; against
         * it one source partly -> partial agreement: 1 of 2 moves keep it */
        assert_int_equal(cat, PV_CAT_AGREEMENT);
        assert_int_equal(low, PV_CAT_AGREEMENT);
        assert_int_equal(high, PV_CAT_PARTIAL);
        assert_float_equal(pv_cv_threshold_stability(cat, low, high), 0.5, 1e-12);
    }
    assert_float_equal(pv_cv_threshold_stability(PV_CAT_SILENCE, PV_CAT_SILENCE, PV_CAT_SILENCE),
                       1.0, 1e-12);
    assert_float_equal(pv_cv_threshold_stability(PV_CAT_AGREEMENT, PV_CAT_PARTIAL,
                                                 PV_CAT_DISSONANCE), 0.0, 1e-12);
    assert_float_equal(pv_cv_threshold_stability(PV_CAT_AGREEMENT, PV_CAT_PARTIAL,
                                                 PV_CAT_AGREEMENT), 0.5, 1e-12);
}

static void test_bootstrap_share(void **state)
{
    (void)state;
    pv_cv_evidence e[] = {
        ev(0, PV_CV_PARTICIPATION, HIGHER, 0.5, 0.05, 0.6, 0.55, 0.65),
        ev(0, PV_CV_QUESTIONNAIRE, HIGHER, 3.0, 0.25, 3.5, 3.3, 3.7),
        ev(1, PV_CV_QUALITATIVE, HIGHER, 0.5, 0.1, 0.2, 0.1, 0.3),
    };
    /* observed: theme 0 agreement (both support), theme 1 silence (one
     * source).  Five replicates, replicate-major (b * 3 + i): */
    const double rv[] = {
        0.60, 3.5, 0.2,   /* 1: both support           -> agreement */
        NAN, 3.5, 0.2,    /* 2: participation silent   -> silence */
        0.40, 3.5, 0.2,   /* 3: 0.4 [0.35, 0.45] contradicts -> dissonance */
        0.51, 3.5, 0.2,   /* 4: 0.51 [0.46, 0.56] partly -> partial agreement */
        0.70, 3.4, 0.9,   /* 5: both support           -> agreement */
    };
    const double rlo[] = {0.55, 3.3, 0.1, NAN, 3.3, 0.1, 0.35, 3.3, 0.1,
                          0.46, 3.3, 0.1, 0.65, 3.2, 0.8};
    const double rhi[] = {0.65, 3.7, 0.3, NAN, 3.7, 0.3, 0.45, 3.7, 0.3,
                          0.56, 3.7, 0.3, 0.75, 3.6, 1.0};
    /* theme 0 keeps agreement in replicates 1 and 5: 2 / 5 */
    assert_float_equal(pv_cv_bootstrap_share(e, 3, 0, 5, rv, rlo, rhi, PV_CAT_AGREEMENT), 0.4,
                       1e-12);
    /* theme 1 has one source whatever its value: silence in all 5 */
    assert_float_equal(pv_cv_bootstrap_share(e, 3, 1, 5, rv, rlo, rhi, PV_CAT_SILENCE), 1.0,
                       1e-12);
    /* the first two replicates only: 1 / 2 */
    assert_float_equal(pv_cv_bootstrap_share(e, 3, 0, 2, rv, rlo, rhi, PV_CAT_AGREEMENT), 0.5,
                       1e-12);
    /* no replicates: no share */
    assert_true(isnan(pv_cv_bootstrap_share(e, 3, 0, 0, rv, rlo, rhi, PV_CAT_AGREEMENT)));
}

/* ------------------------------------------------------------------ */
/* The hand-off from level 1                                          */
/* ------------------------------------------------------------------ */

static char tmpdir[] = "/tmp/pv_test_convergence.XXXXXX";
#define GOLDEN "../golden/small"
#define MESSAGES "../../data/messages.csv"

static char *tpath(const char *rel) /* tmpdir/rel, in one of 4 rotating buffers */
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, rel);
    return buf[k];
}

static void sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0)
        fail_msg("command failed: %s", cmd);
}

/* A fresh copy of the golden small run's clean/ and level1/ in tmpdir/in. */
static int fresh(void **state)
{
    (void)state;
    sh("rm -rf '%s/in' '%s/out' && mkdir -p '%s/in' && cp -r " GOLDEN "/clean " GOLDEN
       "/level1 '%s/in/'", tmpdir, tmpdir, tmpdir, tmpdir);
    return 0;
}

static int group_setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Replace the first occurrence of old in tmpdir/in/rel by new. */
static void edit(const char *rel, const char *old, const char *new)
{
    char *s, path[1024];
    gsize n;
    snprintf(path, sizeof path, "in/%s", rel);
    rel = path;
    assert_true(g_file_get_contents(tpath(rel), &s, &n, NULL));
    char *at = strstr(s, old);
    if (!at)
        fail_msg("%s: no '%s'", rel, old);
    GString *g = g_string_new_len(s, at - s);
    g_string_append(g, new);
    g_string_append(g, at + strlen(old));
    assert_true(g_file_set_contents(tpath(rel), g->str, (gssize)g->len, NULL));
    g_string_free(g, TRUE);
    g_free(s);
}

/* Run the stage on tmpdir/in; return its status, the message in err. */
static int run(pv_err *err)
{
    memset(err, 0, sizeof *err);
    sh("mkdir -p '%s/out'", tmpdir);
    return pv_convergence_run_with(tpath("in"), tpath("out"), MESSAGES, err);
}

static void expect_error(const char *want)
{
    pv_err err;
    char full[8192];
    assert_int_equal(run(&err), PV_EXIT_DATA);
    snprintf(full, sizeof full, want, tmpdir, tmpdir);
    assert_string_equal(err.msg, full);
}

#define REP_Q "level1/indicators_questionnaire_replicates.csv"
#define IND_Q "level1/indicators_questionnaire.csv"

static void test_handoff_ok(void **state)
{
    (void)state;
    pv_err err;
    assert_int_equal(run(&err), 0);
    /* the golden level-2 table, byte for byte */
    sh("cmp -s '%s/out/convergence_themes.csv' " GOLDEN "/level2/convergence_themes.csv", tmpdir);
}

/* Columns in another order: read by name, the same results. */
static void test_handoff_column_order(void **state)
{
    (void)state;
    pv_err err;
    sh("cd '%s/in/level1' && for f in indicators_participation.csv indicators_questionnaire.csv "
       "indicators_qualitative.csv; do awk -F, -v OFS=, '{ print $2, $1, $8, $7, "
       "$6, $5, $4, $3 }' \"$f\" > x && mv x \"$f\"; done && for f in indicators_*_replicates.csv; do "
       "awk -F, -v OFS=, '{ print $5, $2, $4, $1, $3 }' \"$f\" > x && mv x \"$f\"; done",
       tmpdir);
    if (run(&err))
        fail_msg("%s", err.msg);
    sh("cmp -s '%s/out/convergence_themes.csv' " GOLDEN "/level2/convergence_themes.csv", tmpdir);
    sh("cmp -s '%s/out/convergence_evidence.csv' " GOLDEN "/level2/convergence_evidence.csv",
       tmpdir);
}

static void test_handoff_missing_column(void **state)
{
    (void)state;
    edit(IND_Q, ",ci_low,", ",lo,");
    expect_error("%s/in/" IND_Q ":1:0: missing required column ('ci_low')");
}

static void test_handoff_missing_replicate_column(void **state)
{
    (void)state;
    edit(REP_Q, "replicate,", "rep,");
    expect_error("%s/in/" REP_Q ":1:0: missing required column ('replicate')");
}

/* A replicate row whose id is not in the table: an error, not ignored. */
static void test_handoff_unknown_id(void **state)
{
    (void)state;
    edit(REP_Q, "1,q_positive_QP_ECOUTE1,", "1,q_positive_QP_ECOUTE9,");
    expect_error("%s/in/" REP_Q ":2:2: indicator: not an indicator of %s/in/" IND_Q
                 " ('q_positive_QP_ECOUTE9')");
}

/* The reverse: an indicator of the table without its replicates. */
static void test_handoff_missing_replicate(void **state)
{
    (void)state;
    edit(IND_Q, "questionnaire,q_response_rate_QW,", "questionnaire,q_response_rate_QX,");
    edit(REP_Q, "1,q_response_rate_QW,", "1,q_response_rate_QX,");
    /* replicate 2 onwards still name QW: the first such row is an error */
    pv_err err;
    assert_int_equal(run(&err), PV_EXIT_DATA);
    assert_non_null(strstr(err.msg, ": indicator: not an indicator of "));
    assert_non_null(strstr(err.msg, "('q_response_rate_QW')"));
    /* now drop the only replicate-1 row of an indicator: its table row is
     * named */
    fresh(NULL);
    sh("cd '%s/in/level1' && grep -v '^1,q_score_QW_MANDAT,' indicators_questionnaire_replicates.csv > x"
       " && mv x indicators_questionnaire_replicates.csv", tmpdir);
    expect_error("%s/in/" IND_Q ":13:2: indicator: no row for replicate 1 in %s/in/" REP_Q
                 " ('q_score_QW_MANDAT')");
}

static void test_handoff_replicate_number(void **state)
{
    (void)state;
    /* stability_replicates is 1000 (the default): 1001 is out of range */
    edit(REP_Q, "1,q_positive_QP_ECOUTE1,", "1001,q_positive_QP_ECOUTE1,");
    expect_error("%s/in/" REP_Q ":2:1: replicate: not a replicate number of stability_replicates "
                 "('1001')");
}

static void test_handoff_duplicate_replicate(void **state)
{
    (void)state;
    edit(REP_Q, "1,q_positive_QP_ECOUTE2,", "1,q_positive_QP_ECOUTE1,");
    expect_error("%s/in/" REP_Q ":3:2: indicator: a second row for this replicate "
                 "('q_positive_QP_ECOUTE1')");
}

static void test_handoff_not_a_number(void **state)
{
    (void)state;
    edit(IND_Q, "4.041666666666667", "4,041666666666667");
    pv_err err;
    assert_int_equal(run(&err), PV_EXIT_DATA); /* the comma splits the row: a structural error */
    fresh(NULL);
    edit(IND_Q, "4.041666666666667", "high");
    expect_error("%s/in/" IND_Q ":10:5: value: not a number ('high')");
    /* the exponent form the full-precision writer uses for small values is a
     * number (pv_parse_dec, for input decimals, refused it) */
    fresh(NULL);
    edit(IND_Q, "4.041666666666667", "4.041666666666667e0");
    assert_int_equal(run(&err), 0);
}

static void test_handoff_duplicate_indicator(void **state)
{
    (void)state;
    edit(IND_Q, "questionnaire,q_positive_QP_ECOUTE2,", "questionnaire,q_positive_QP_ECOUTE1,");
    expect_error("%s/in/" IND_Q ":3:2: indicator: the same indicator twice "
                 "('q_positive_QP_ECOUTE1')");
}

static void test_handoff_wrong_source(void **state)
{
    (void)state;
    edit(IND_Q, "questionnaire,q_positive_QP_ECOUTE2,", "qualitative,q_positive_QP_ECOUTE2,");
    expect_error("%s/in/" IND_Q ":3:1: source: not this file's source ('qualitative')");
}

/* A map row naming an id its source does not have: an error naming the
 * file, never a silent "silence" (the message lines with the closest ids go
 * to stderr; tests/run.sh checks them). */
static void test_handoff_unknown_map_id(void **state)
{
    (void)state;
    edit("clean/triangulation.csv", "q_score_QP_ECOUTE,", "q_score_QP_ECOUT,");
    expect_error("%s/in/clean/triangulation.csv: 1 indicator id above is not in its source's "
                 "indicator table: correct the id (or the source), or remove the row");
}

/* A source without data (no indicator table): its rows are silent, with the
 * reason in words; the other sources are rated as before. */
static void test_handoff_absent_source(void **state)
{
    (void)state;
    pv_err err;
    char *s;
    sh("rm '%s/in/level1/indicators_participation.csv' "
       "'%s/in/level1/indicators_participation_replicates.csv'", tmpdir, tmpdir);
    if (run(&err))
        fail_msg("%s", err.msg);
    assert_true(g_file_get_contents(tpath("out/convergence_evidence.csv"), &s, NULL, NULL));
    assert_non_null(strstr(s, "\nREACH,participation,families_isolated,,,,,,,higher,0.5,silent,"
                              "families_isolated : aucune donnée de cette source dans le jeu de "
                              "données (silence),families_isolated: no data from this source in "
                              "the dataset (silent)\n"));
    assert_non_null(strstr(s, "\nTRUST,questionnaire,q_score_QP_ECOUTE,"));
    assert_null(strstr(s, ",participation,referrals_headline,Références")); /* no value read */
    g_free(s);
}

/* Levenshtein distances against R's adist (tests/expected/distance.R). */
static void test_distance(void **state)
{
    (void)state;
    char *s;
    int n = 0;
    assert_true(g_file_get_contents("../expected/distance.csv", &s, NULL, NULL));
    char **lines = g_strsplit(s, "\n", -1);
    for (int i = 1; lines[i] && *lines[i]; i++, n++) {
        char **f = g_strsplit(lines[i], ",", 3);
        assert_non_null(f[2]);
        if (pv_cv_distance(f[0], f[1]) != (size_t)atol(f[2]))
            fail_msg("distance('%s', '%s') = %zu, R says %s", f[0], f[1],
                     pv_cv_distance(f[0], f[1]), f[2]);
        g_strfreev(f);
    }
    assert_int_equal(n, 10);
    g_strfreev(lines);
    g_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_higher),
        cmocka_unit_test(test_rate_lower),
        cmocka_unit_test(test_rate_no_interval),
        cmocka_unit_test(test_rate_silent),
        cmocka_unit_test(test_threshold_shift),
        cmocka_unit_test(test_combine),
        cmocka_unit_test(test_code_theme),
        cmocka_unit_test(test_code_pairs),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_threshold_stability),
        cmocka_unit_test(test_bootstrap_share),
        cmocka_unit_test_setup(test_handoff_ok, fresh),
        cmocka_unit_test_setup(test_handoff_column_order, fresh),
        cmocka_unit_test_setup(test_handoff_missing_column, fresh),
        cmocka_unit_test_setup(test_handoff_missing_replicate_column, fresh),
        cmocka_unit_test_setup(test_handoff_unknown_id, fresh),
        cmocka_unit_test_setup(test_handoff_missing_replicate, fresh),
        cmocka_unit_test_setup(test_handoff_replicate_number, fresh),
        cmocka_unit_test_setup(test_handoff_duplicate_replicate, fresh),
        cmocka_unit_test_setup(test_handoff_not_a_number, fresh),
        cmocka_unit_test_setup(test_handoff_duplicate_indicator, fresh),
        cmocka_unit_test_setup(test_handoff_wrong_source, fresh),
        cmocka_unit_test_setup(test_handoff_unknown_map_id, fresh),
        cmocka_unit_test_setup(test_handoff_absent_source, fresh),
        cmocka_unit_test(test_distance),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
