/* test_suppress.c — unit tests of pipeline/suppress.c (pv_suppress).
 *
 * The expected flags are worked out by hand from the algorithm stated in
 * pipeline/suppress.h: primary = every published count with
 * 0 < c < threshold; then, while a relation (a row with its row total, a
 * column with its column total) has exactly one hidden member, hide the
 * smallest other visible member (non-zero cell, then zero cell, then the
 * margin; ties to the first in row-major order).  Each case says why.
 *
 * A property test then runs 200 random small tables (srand seed fixed, so
 * deterministic) and checks the two promises: every published count with
 * 0 < c < threshold is primary, and no relation has exactly one hidden member.
 *
 * Layout (suppress.h): (nr + 1) x (nc + 1) row-major; last column = row
 * totals, last row = column totals.  A 1-D table of nr counts is nr rows,
 * nc = 1, row_totals = 0, col_totals = 1 (its total at counts[nr * 2]).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "suppress.h"

enum { S = PV_CELL_SHOWN, P = PV_CELL_PRIMARY, C = PV_CELL_COMPLEMENTARY };

/* Compare flag against want (both (nr + 1) x (nc + 1)), cell by cell. */
static void assert_flags(const unsigned char *flag, const unsigned char *want,
                         int nr, int nc)
{
    for (int i = 0; i <= nr; i++)
        for (int j = 0; j <= nc; j++)
            if (flag[i * (nc + 1) + j] != want[i * (nc + 1) + j])
                fail_msg("cell (%d,%d): flag %d, want %d", i, j,
                         flag[i * (nc + 1) + j], want[i * (nc + 1) + j]);
}

/* The two promises of suppress.h, for any table. */
static void check_invariants(const long *counts, int nr, int nc, int rt,
                             int ct, int threshold, const unsigned char *flag)
{
    int w = nc + 1;
    for (int i = 0; i <= nr; i++)
        for (int j = 0; j <= nc; j++) {
            int pub = (i < nr || ct) && (j < nc || rt);
            long c = counts[i * w + j];
            int small = pub && threshold > 1 && c > 0 && c < threshold;
            unsigned char f = flag[i * w + j];
            if (!pub && f != S)
                fail_msg("unpublished (%d,%d) flagged %d", i, j, f);
            if (small != (f == P))
                fail_msg("(%d,%d) = %ld, threshold %d: flag %d", i, j, c,
                         threshold, f);
            if (f > C)
                fail_msg("(%d,%d): unknown flag %d", i, j, f);
        }
    if (rt)
        for (int i = 0; i < nr + ct; i++) {
            int hidden = 0;
            for (int j = 0; j <= nc; j++)
                hidden += flag[i * w + j] != S;
            if (hidden == 1)
                fail_msg("row %d has exactly one hidden member", i);
        }
    if (ct)
        for (int j = 0; j < nc + rt; j++) {
            int hidden = 0;
            for (int i = 0; i <= nr; i++)
                hidden += flag[i * w + j] != S;
            if (hidden == 1)
                fail_msg("column %d has exactly one hidden member", j);
        }
}

/* ---- hand-worked cases ------------------------------------------------- */

/* Every count >= 5: nothing is hidden. */
static void test_nothing_small(void **state)
{
    (void)state;
    const long counts[] = {10, 20, 30,
                           15, 25, 40,
                           25, 45, 70};
    const unsigned char want[9] = {0};
    unsigned char flag[9];
    memset(flag, 0xEE, sizeof flag);
    pv_suppress(counts, 2, 2, 1, 1, 5, flag);
    assert_flags(flag, want, 2, 2);
}

/* 1-D: 10, 3, 0, 20, 7; total 40; threshold 5.  3 is primary.  The column
 * relation then has one hidden member, so the smallest other visible member
 * is hidden: candidates 10, 0, 20, 7 and the total; non-zero cells come
 * first, so 7 (not the 0, not the total). */
static void test_1d_one_small(void **state)
{
    (void)state;
    const long counts[] = {10, -1, 3, -1, 0, -1, 20, -1, 7, -1, 40, -1};
    const unsigned char want[] = {S, S, P, S, S, S, S, S, C, S, S, S};
    unsigned char flag[12];
    pv_suppress(counts, 5, 1, 0, 1, 5, flag);
    assert_flags(flag, want, 5, 1);
    check_invariants(counts, 5, 1, 0, 1, 5, flag);
}

/* 1-D: 3, 8, 8; total 19; threshold 5.  3 is primary; the two 8s tie, the
 * first in row-major order (row 1) is the complement. */
static void test_1d_tie_first(void **state)
{
    (void)state;
    const long counts[] = {3, 0, 8, 0, 8, 0, 19, 0};
    const unsigned char want[] = {P, S, C, S, S, S, S, S};
    unsigned char flag[8];
    pv_suppress(counts, 3, 1, 0, 1, 5, flag);
    assert_flags(flag, want, 3, 1);
}

/* 1-D: 10, 3, 20, 2; total 35; threshold 5.  3 and 2 are primary; the
 * relation already has two hidden members, so no complement. */
static void test_1d_two_small(void **state)
{
    (void)state;
    const long counts[] = {10, 0, 3, 0, 20, 0, 2, 0, 35, 0};
    const unsigned char want[] = {S, S, P, S, S, S, P, S, S, S};
    unsigned char flag[10];
    pv_suppress(counts, 4, 1, 0, 1, 5, flag);
    assert_flags(flag, want, 4, 1);
    check_invariants(counts, 4, 1, 0, 1, 5, flag);
}

/* One row with its row total (nr = 1, nc = 3, row_totals only):
 * 3, 9, 8 | 20; threshold 5.  3 primary; its row's smallest other visible
 * non-zero cell is 8. */
static void test_row_relation(void **state)
{
    (void)state;
    const long counts[] = {3, 9, 8, 20,
                           -1, -1, -1, -1};
    const unsigned char want[] = {P, S, C, S,
                                  S, S, S, S};
    unsigned char flag[8];
    pv_suppress(counts, 1, 3, 1, 0, 5, flag);
    assert_flags(flag, want, 1, 3);
    check_invariants(counts, 1, 3, 1, 0, 5, flag);
}

/* 3x2 with margins, threshold 5:
 *      2  10 | 12
 *      6   7 | 13
 *     30  40 | 70
 *     38  57 | 95
 * Primary: (0,0) = 2.  Pass 1, rows: row 0 has one hidden -> smallest other
 * visible is 10 (the 12 is a margin) -> (0,1) C.  Columns: column 0 has one
 * hidden -> min(6, 30; margin 38) = 6 -> (1,0) C; column 1 has one hidden
 * ((0,1)) -> min(7, 40; margin 57) = 7 -> (1,1) C.  Pass 2: rows 0 and 1
 * have two hidden, columns 0 and 1 have two hidden: nothing changes.  The
 * margins stay visible. */
static void test_2d_margins(void **state)
{
    (void)state;
    const long counts[] = { 2, 10, 12,
                            6,  7, 13,
                           30, 40, 70,
                           38, 57, 95};
    const unsigned char want[] = {P, C, S,
                                  C, C, S,
                                  S, S, S,
                                  S, S, S};
    unsigned char flag[12];
    pv_suppress(counts, 3, 2, 1, 1, 5, flag);
    assert_flags(flag, want, 3, 2);
    check_invariants(counts, 3, 2, 1, 1, 5, flag);
}

/* A margin below the threshold is primary too: 1-D 1, 2; total 3;
 * threshold 5 -> all three primary, no complement needed. */
static void test_small_margin(void **state)
{
    (void)state;
    const long counts[] = {1, 0, 2, 0, 3, 0};
    const unsigned char want[] = {P, S, P, S, P, S};
    unsigned char flag[6];
    pv_suppress(counts, 2, 1, 0, 1, 5, flag);
    assert_flags(flag, want, 2, 1);
}

/* Two primary cells whose sum the relation gives as 2 are both 1: the
 * relation exposes them although it has two hidden members.  1-D 1, 1, 20;
 * total 22; threshold 5 -> the 20 is hidden too (its bounds [0, oo) open
 * the interval). */
static void test_tight_bounds(void **state)
{
    (void)state;
    const long counts[] = {1, 0, 1, 0, 20, 0, 22, 0};
    const unsigned char want[] = {P, S, P, S, C, S, S, S};
    unsigned char flag[8];
    pv_suppress(counts, 3, 1, 0, 1, 5, flag);
    assert_flags(flag, want, 3, 1);
}

/* Linked relations: a table's total row is a cell of another relation.
 * Relation 1: 3 + 10 = 13; relation 2: 13 + 40 = 53 (13 a member there).
 * 3 is primary; relation 1 hides 10; then relation 2 has no hidden member.
 * A repeated cell (a running total 3 + 10 = 13 published again) is hidden
 * before anything else of a relation that exposes. */
static void test_linked(void **state)
{
    (void)state;
    pv_sdc s = {0};
    int a = pv_sdc_cell(&s, 3), b = pv_sdc_cell(&s, 10), t = pv_sdc_cell(&s, 13);
    int c = pv_sdc_cell(&s, 40), g = pv_sdc_cell(&s, 53), r = pv_sdc_cell(&s, 13);
    int m1[] = {a, b}, m2[] = {t, c}, m3[] = {a, b};
    pv_sdc_repeat(&s, r);
    pv_sdc_relation(&s, m1, 2, t);
    pv_sdc_relation(&s, m2, 2, g);
    pv_sdc_relation(&s, m3, 2, r);
    pv_sdc_solve(&s, 5);
    assert_int_equal(pv_sdc_flag(&s, a), P);
    assert_int_equal(pv_sdc_flag(&s, b), C);
    assert_int_equal(pv_sdc_flag(&s, t), S);
    assert_int_equal(pv_sdc_flag(&s, c), S);
    assert_int_equal(pv_sdc_flag(&s, g), S);
    assert_int_equal(pv_sdc_flag(&s, r), S);
    pv_sdc_free(&s);
    /* only the repeat and one cell visible besides a primary: the repeat goes first */
    int a2 = pv_sdc_cell(&s, 2), b2 = pv_sdc_cell(&s, 30), r2 = pv_sdc_cell(&s, 32);
    int m4[] = {a2, b2};
    pv_sdc_repeat(&s, r2);
    pv_sdc_relation(&s, m4, 2, r2);
    pv_sdc_solve(&s, 5);
    assert_int_equal(pv_sdc_flag(&s, a2), P);
    assert_int_equal(pv_sdc_flag(&s, b2), S);
    assert_int_equal(pv_sdc_flag(&s, r2), C);
    pv_sdc_free(&s);
}

/* A statistic of counts (not their sum) is hidden when one of them is;
 * the mark names the column and the reason. */
static void test_derived_and_mark(void **state)
{
    (void)state;
    const unsigned char none[] = {S, S, S}, one[] = {S, C, S};
    char buf[64] = "";
    assert_int_equal(pv_suppress_derived(none, 3), S);
    assert_int_equal(pv_suppress_derived(one, 3), C);
    pv_suppress_mark(buf, sizeof buf, "mean", C);
    pv_suppress_mark(buf, sizeof buf, "sd", S);
    pv_suppress_mark(buf, sizeof buf, "count", P);
    assert_string_equal(buf, "mean:complementary;count:primary");
}

/* threshold <= 1 suppresses nothing, even counts of 1. */
static void test_threshold_one(void **state)
{
    (void)state;
    const long counts[] = {1, 2, 3,
                           1, 0, 1,
                           2, 2, 4};
    const unsigned char want[9] = {0};
    unsigned char flag[9];
    memset(flag, 0xEE, sizeof flag);
    pv_suppress(counts, 2, 2, 1, 1, 1, flag);
    assert_flags(flag, want, 2, 2);
    memset(flag, 0xEE, sizeof flag);
    pv_suppress(counts, 2, 2, 1, 1, 0, flag);
    assert_flags(flag, want, 2, 2);
}

/* A zero is never primary: 1-D 0, 10, 20; total 30; threshold 5 -> nothing.
 * 2-D with zeros and no small non-zero count -> nothing. */
static void test_zero_not_primary(void **state)
{
    (void)state;
    const long c1[] = {0, 0, 10, 0, 20, 0, 30, 0};
    const unsigned char w1[8] = {0};
    unsigned char f1[8];
    pv_suppress(c1, 3, 1, 0, 1, 5, f1);
    assert_flags(f1, w1, 3, 1);

    const long c2[] = { 0, 12, 12,
                        9,  0,  9,
                        9, 12, 21};
    const unsigned char w2[9] = {0};
    unsigned char f2[9];
    pv_suppress(c2, 2, 2, 1, 1, 5, f2);
    assert_flags(f2, w2, 2, 2);
}

static void test_labels(void **state)
{
    (void)state;
    assert_string_equal(pv_suppress_label(PV_CELL_SHOWN), "");
    assert_string_equal(pv_suppress_label(PV_CELL_PRIMARY), "primary");
    assert_string_equal(pv_suppress_label(PV_CELL_COMPLEMENTARY), "complementary");
}

/* ---- property test ----------------------------------------------------- */

/* 200 random tables up to 5x5, each margin combination, counts 0..30 with
 * many zeros and small values; margins are the true sums. */
static void test_random_invariants(void **state)
{
    (void)state;
    long counts[6 * 6];
    unsigned char flag[6 * 6];
    int hidden_total = 0;
    srand(20240101);
    for (int t = 0; t < 200; t++) {
        int nr = 1 + rand() % 5, nc = 1 + rand() % 5, w = nc + 1;
        int rt = rand() % 2, ct = rand() % 2, threshold = 2 + rand() % 5;
        memset(counts, 0, sizeof counts);
        for (int i = 0; i < nr; i++)
            for (int j = 0; j < nc; j++) {
                int k = rand() % 10;
                long c = k < 3 ? 0 : k < 6 ? 1 + rand() % 4 : 5 + rand() % 26;
                counts[i * w + j] = c;
                counts[i * w + nc] += c;
                counts[nr * w + j] += c;
                counts[nr * w + nc] += c;
            }
        pv_suppress(counts, nr, nc, rt, ct, threshold, flag);
        check_invariants(counts, nr, nc, rt, ct, threshold, flag);
        for (int k = 0; k < (nr + 1) * w; k++)
            hidden_total += flag[k] != S;
    }
    assert_true(hidden_total > 0); /* the generator did exercise suppression */
}

/* ---- means (pv_sdc_solve_means) -------------------------------------- */

/* A set of n mean cells with their n values (counts) and preset flags, one
 * relation: members 0..n-2 sum (their values' sums) to member n-1. */
static void means(const long *count, const unsigned char *preset, int n, int threshold,
                  const unsigned char *want)
{
    pv_sdc s = {0};
    int *id = malloc((size_t)n * sizeof *id);
    for (int i = 0; i < n; i++) {
        id[i] = pv_sdc_cell(&s, count[i]);
        s.flag[id[i]] = preset[i];
    }
    pv_sdc_relation(&s, id, n - 1, id[n - 1]);
    pv_sdc_solve_means(&s, threshold);
    for (int i = 0; i < n; i++)
        if (s.flag[id[i]] != want[i])
            fail_msg("mean %d (n %ld): flag %d, want %d", i, count[i], s.flag[id[i]], want[i]);
    pv_sdc_free(&s);
    free(id);
}

static void test_means(void **state)
{
    (void)state;
    /* nothing small, nothing hidden: nothing to do */
    means((long[]){10, 8, 7, 25}, (unsigned char[]){S, S, S, S}, 4, 5,
          (unsigned char[]){S, S, S, S});
    /* a mean of 2 people is primary; the total's sum minus the others'
     * gives it back: the mean of the fewest others (7) is hidden too */
    means((long[]){10, 8, 7, 2, 27}, (unsigned char[]){S, S, S, S, S}, 5, 5,
          (unsigned char[]){S, S, C, P, S});
    /* its count hidden (primary) with a zero cell as the counts' complement:
     * the zero has no mean, so the pooled mean of the hidden rows is the
     * small row's: one more mean hidden (8, the fewest non-zero) */
    means((long[]){10, 8, 0, 2, 20}, (unsigned char[]){S, S, C, P, S}, 5, 5,
          (unsigned char[]){S, C, C, P, S});
    /* two hidden counts (the counts' suppression): pooled 2 + 7 >= 5 */
    means((long[]){10, 7, 2, 19}, (unsigned char[]){S, C, P, S}, 4, 5,
          (unsigned char[]){S, C, P, S});
    /* one hidden mean of 6 people (a complement elsewhere): its sum is the
     * total's minus the others', and its n is published: hide one more */
    means((long[]){10, 6, 9, 25}, (unsigned char[]){S, C, S, S}, 4, 5,
          (unsigned char[]){S, C, C, S});
    /* two hidden whose pool is under the threshold: 1 + 2 < 5, hide 9 */
    means((long[]){10, 1, 2, 9, 22}, (unsigned char[]){S, S, S, S, S}, 5, 5,
          (unsigned char[]){S, P, P, C, S});
    /* the total hidden and every member shown: the members give it */
    means((long[]){10, 6, 16}, (unsigned char[]){S, S, C}, 3, 5,
          (unsigned char[]){S, C, C});
    /* ties go to the first; threshold 1: no primary */
    means((long[]){6, 6, 6, 18}, (unsigned char[]){S, S, C, S}, 4, 1,
          (unsigned char[]){C, S, C, S});
    /* a relation of one member (the same mean twice): one hidden, the other too */
    means((long[]){30, 30}, (unsigned char[]){C, S}, 2, 5, (unsigned char[]){C, C});
    means((long[]){30, 30}, (unsigned char[]){S, C}, 2, 5, (unsigned char[]){C, C});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_small),
        cmocka_unit_test(test_1d_one_small),
        cmocka_unit_test(test_1d_tie_first),
        cmocka_unit_test(test_1d_two_small),
        cmocka_unit_test(test_row_relation),
        cmocka_unit_test(test_2d_margins),
        cmocka_unit_test(test_small_margin),
        cmocka_unit_test(test_tight_bounds),
        cmocka_unit_test(test_linked),
        cmocka_unit_test(test_derived_and_mark),
        cmocka_unit_test(test_threshold_one),
        cmocka_unit_test(test_zero_not_primary),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_random_invariants),
        cmocka_unit_test(test_means),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
