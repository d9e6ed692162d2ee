/* test_replicates.c — unit tests of the bootstrap engine (pipeline/replicates.c).
 *
 * - The draws: the engine's draw counts equal a tally, made here, of the
 *   unit indexes GSL's MT19937 gives through gsl_rng_uniform_int(g, n)
 *   from the same seed — n per stratum, the strata in turn, replicate after
 *   replicate (the stream the sources drew before the engine, which keeps
 *   their replicates byte for byte; tests/golden pins the demo's files).
 * - The draws without GSL's division (pv_boot_draw): the same counts as
 *   gsl_rng_uniform_int for unit counts around powers of two and at the
 *   bench's size; a unit's byte of draws wrapping at 256.
 * - Rows to sum other than those that made the patterns
 *   (pv_boot_units_rows): the same patterns, the new rows' sums.
 * - Rows given sparse (pv_boot_units_add_sparse): the same patterns and
 *   sums as given dense, the width grown to the last column used.
 * - The patterns: units with the same row are one pattern, its counts laid
 *   out column by column; the sums over the patterns equal the sums, made
 *   here, over the drawn units' rows;
 *   units added one at a time (pv_boot_units_add) give the patterns of a
 *   search made here, through several growths of the engine's table.
 * - pv_boot_run: the file's header, every stratum of every replicate
 *   passed on, the empty ones too.
 * Every test runs twice: with PROXEVAL_THREADS=1, then 2 (pv_boot_run's
 * drawing thread; test_boot_threads.c checks the stream through it).
 * - The mean and t interval of a resample given as values and draw counts,
 *   against R's t.test on the resample (tests/expected/boot_mean.R; the
 *   test reads tests/expected/boot_mean.csv and boot_mean_vectors.csv,
 *   tolerance 1e-9, and counts its cases).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "expected.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replicates.h"

#define TOL 1e-9

static void near(const char *what, double got, double want)
{
    if (isnan(want) ? !isnan(got) : !(fabs(got - want) <= TOL))
        fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

/* Units whose rows all differ: pattern p is unit p. */
static void distinct_units(pv_boot_units *u, size_t n)
{
    uint32_t *rows = malloc((n + 1) * sizeof *rows);
    assert_non_null(rows);
    for (size_t i = 0; i < n; i++)
        rows[i] = (uint32_t)i;
    pv_boot_units_init(u, rows, n, 1); /* takes rows */
    assert_int_equal(u->np, n);
}

/* Pattern p's row (width counts) from the engine's columns: each
 * column's nonzero counts with their patterns ascending, none 0, every
 * pattern at most once a column. */
static void pattern_row(const pv_boot_units *u, size_t p, uint32_t *v)
{
    assert_int_equal(u->cat[0], 0);
    assert_int_equal(u->cat[u->width], u->nz);
    for (size_t c = 0; c < u->width; c++)
        for (size_t z = u->cat[c]; z < u->cat[c + 1]; z++) {
            assert_true(u->cp[z] < u->np && u->cv[z] != 0);
            assert_true(z == u->cat[c] || u->cp[z - 1] < u->cp[z]);
            if (u->cp[z] == p)
                v[c] = u->cv[z];
        }
}

/* The engine's generator and GSL's, both seeded with seed: the draws of
 * one are checked against the other's. */
static gsl_rng *twin_generators(pv_mt *mine, unsigned long seed)
{
    gsl_rng *ref = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(ref);
    pv_mt_seed(mine, seed);
    gsl_rng_set(ref, seed);
    return ref;
}

static void test_draws_are_the_stream(void **state)
{
    (void)state;
    enum { NS = 3, REPS = 50 };
    const size_t n[NS] = {7, 0, 13};
    pv_boot_units u[NS];
    pv_mt mine;
    gsl_rng *ref = twin_generators(&mine, 20250331 + PV_SEED_QUESTIONNAIRE);
    for (int s = 0; s < NS; s++)
        distinct_units(&u[s], n[s]);
    for (int b = 0; b < REPS; b++)
        for (int s = 0; s < NS; s++) {
            uint32_t want[16] = {0}, total = 0;
            for (size_t i = 0; i < n[s]; i++)
                want[gsl_rng_uniform_int(ref, n[s])]++;
            pv_boot_draw(&mine, &u[s]);
            for (size_t i = 0; i < n[s]; i++) {
                if (u[s].w[i] != want[i])
                    fail_msg("replicate %d, stratum %d, unit %zu: drawn %u times, want %u", b,
                             s, i, u[s].w[i], want[i]);
                total += u[s].w[i];
            }
            assert_int_equal(total, n[s]); /* n draws out of n */
        }
    /* the streams are still in step */
    assert_int_equal(pv_mt_get(&mine), gsl_rng_get(ref));
    for (int s = 0; s < NS; s++)
        pv_boot_units_free(&u[s]);
    gsl_rng_free(ref);
}

/* The draws without GSL's division: for unit counts around the powers of
 * two (where the scale (2^32 - 1) / n changes, and n itself a power of
 * two) and the bench's sizes, the counts per unit equal a tally of
 * gsl_rng_uniform_int(g, n), and the streams stay in step. */
static void test_draws_every_scale(void **state)
{
    (void)state;
    const size_t n[] = {1, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 1000, 4096, 65535, 65536,
                        65537, 530011};
    pv_mt mine;
    gsl_rng *ref = twin_generators(&mine, 20250331 + PV_SEED_PARTICIPATION);
    for (size_t s = 0; s < sizeof n / sizeof *n; s++) {
        pv_boot_units u;
        uint32_t *want = calloc(n[s], sizeof *want);
        assert_non_null(want);
        distinct_units(&u, n[s]);
        for (int b = 0; b < 3; b++) {
            memset(want, 0, n[s] * sizeof *want);
            for (size_t i = 0; i < n[s]; i++)
                want[gsl_rng_uniform_int(ref, n[s])]++;
            pv_boot_draw(&mine, &u);
            if (memcmp(u.w, want, n[s] * sizeof *want))
                fail_msg("%zu units, replicate %d: the draws differ from GSL's", n[s], b);
        }
        assert_int_equal(pv_mt_get(&mine), gsl_rng_get(ref));
        pv_boot_units_free(&u);
        free(want);
    }
    gsl_rng_free(ref);
}

/* A unit's draws are counted in a byte (pv_boot_draw): its 256th draw
 * wraps the byte and adds 256 to the pattern at once.  No resample of n
 * units draws one 256 times, so the byte of unit 0 is set to 255 first,
 * as if drawn 255 times: every draw of unit 0 must then count 256 more
 * than GSL's tally, once, and the byte be cleared for the next
 * replicate. */
static void test_draws_byte_wraps(void **state)
{
    (void)state;
    enum { N = 3 };
    pv_boot_units u;
    pv_mt mine;
    gsl_rng *ref = twin_generators(&mine, 11);
    distinct_units(&u, N);
    int wrapped = 0;
    for (int b = 0; b < 20; b++) {
        uint32_t want[N] = {0};
        for (size_t i = 0; i < N; i++)
            want[gsl_rng_uniform_int(ref, N)]++;
        u.drawn[0] = 255;
        pv_boot_draw(&mine, &u);
        want[0] += 255;
        wrapped += want[0] >= 256;
        assert_memory_equal(u.w, want, sizeof want);
        for (size_t i = 0; i < N; i++)
            assert_int_equal(u.drawn[i], 0);
    }
    assert_true(wrapped > 0);
    pv_boot_units_free(&u);
    gsl_rng_free(ref);
}

/* Units added one by one (pv_boot_units_add) with enough patterns to grow
 * the table several times: every unit's pattern is the first unit with
 * the same row, the patterns' nonzero counts are that unit's row. */
static void test_patterns_streamed(void **state)
{
    (void)state;
    enum { N = 20000, W = 5 };
    uint32_t *rows = calloc(N * W, sizeof *rows);
    assert_non_null(rows);
    for (size_t i = 0; i < N; i++) /* 3000 distinct rows, zeros among them */
        for (size_t k = 0; k < W; k++)
            rows[i * W + k] = (uint32_t)(((i * 7919) % 3000) >> (2 * k)) & 3;
    pv_boot_units u;
    pv_boot_units_begin(&u, W);
    for (size_t i = 0; i < N; i++)
        pv_boot_units_add(&u, rows + i * W);
    pv_boot_units_end(&u);
    assert_int_equal(u.n, N);
    size_t np = 0;
    for (size_t i = 0; i < N; i++) {
        size_t j = 0;
        while (memcmp(rows + j * W, rows + i * W, W * sizeof *rows))
            j++;
        if (j == i) { /* a new pattern, numbered in order */
            assert_int_equal(u.of[i], np);
            assert_int_equal(u.first[np], i);
            np++;
        }
        assert_int_equal(u.of[i], u.of[j]);
        assert_int_equal(u.first[u.of[i]], j);
    }
    assert_int_equal(u.np, np);
    for (size_t p = 0; p < u.np; p++) {
        uint32_t v[W] = {0};
        pattern_row(&u, p, v);
        assert_memory_equal(v, rows + (size_t)u.first[p] * W, sizeof v);
    }
    pv_boot_units_free(&u);
    free(rows);
}

static void test_patterns(void **state)
{
    (void)state;
    enum { N = 8, W = 3 };
    const uint32_t rows[N * W] = {1, 0, 2, /* pattern 0 */
                                  0, 2, 0, /* 1 */
                                  1, 0, 2, /* 0 */
                                  3, 1, 0, /* 2 */
                                  0, 2, 0, /* 1 */
                                  1, 0, 2, /* 0 */
                                  0, 0, 0, /* 3 */
                                  1, 0, 3  /* 4 */};
    const uint32_t of[N] = {0, 1, 0, 2, 1, 0, 3, 4}, first[5] = {0, 1, 3, 6, 7};
    pv_boot_units u;
    pv_mt mine;
    gsl_rng *ref = twin_generators(&mine, 7);
    uint32_t *taken = malloc(sizeof rows);
    assert_non_null(taken);
    memcpy(taken, rows, sizeof rows);
    pv_boot_units_init(&u, taken, N, W);
    assert_int_equal(u.n, N);
    assert_int_equal(u.width, W);
    assert_int_equal(u.np, 5);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(u.of[i], of[i]);
    for (size_t p = 0; p < u.np; p++) { /* the pattern's counts: its first unit's */
        uint32_t v[W] = {0};
        assert_int_equal(u.first[p], first[p]);
        pattern_row(&u, p, v);
        assert_memory_equal(v, rows + first[p] * W, sizeof v);
    }
    for (int b = 0; b < 100; b++) {
        long want[W] = {0}, got[W];
        uint32_t per[5] = {0};
        for (size_t i = 0; i < N; i++) {
            unsigned long k = gsl_rng_uniform_int(ref, N);
            per[of[k]]++;
            for (int c = 0; c < W; c++)
                want[c] += rows[k * W + c];
        }
        pv_boot_draw(&mine, &u);
        pv_boot_sum(&u, got);
        assert_memory_equal(u.w, per, sizeof per);
        for (int c = 0; c < W; c++)
            assert_int_equal(got[c], want[c]);
    }
    pv_boot_units_free(&u);
    gsl_rng_free(ref);
}

/* Rows to sum other than the rows that made the patterns
 * (pv_boot_units_rows, between the last unit and pv_boot_units_end): the
 * patterns stay those of the first rows, the sums are the new rows' sums,
 * each pattern's new row counted as often as its units are drawn. */
static void test_rows_to_sum(void **state)
{
    (void)state;
    enum { N = 6, W = 2, NP = 3, W2 = 4 };
    const uint32_t rows[N * W] = {1, 0, 0, 2, 1, 0, 5, 5, 0, 2, 5, 5};
    const uint32_t of[N] = {0, 1, 0, 2, 1, 2};
    /* the patterns' new rows, sparse: {3 in column 0}, {}, {1 in 1, 9 in 3} */
    const size_t at0[NP + 1] = {0, 1, 1, 3};
    const uint32_t col0[3] = {0, 1, 3}, val0[3] = {3, 1, 9};
    const long dense[NP][W2] = {{3, 0, 0, 0}, {0, 0, 0, 0}, {0, 1, 0, 9}};
    pv_boot_units u;
    pv_mt g;
    pv_mt_seed(&g, 3);
    pv_boot_units_begin(&u, W);
    for (size_t i = 0; i < N; i++)
        pv_boot_units_add(&u, rows + i * W);
    size_t *at = malloc(sizeof at0);
    uint32_t *col = malloc(sizeof col0), *val = malloc(sizeof val0);
    assert_true(at && col && val);
    memcpy(at, at0, sizeof at0), memcpy(col, col0, sizeof col0), memcpy(val, val0, sizeof val0);
    pv_boot_units_rows(&u, W2, at, col, val); /* takes them */
    pv_boot_units_end(&u);
    assert_int_equal(u.np, NP);
    assert_int_equal(u.width, W2);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(u.of[i], of[i]);
    for (int b = 0; b < 30; b++) {
        long got[W2], want[W2] = {0};
        pv_boot_draw(&g, &u);
        for (size_t p = 0; p < NP; p++)
            for (int c = 0; c < W2; c++)
                want[c] += (long)u.w[p] * dense[p][c];
        pv_boot_sum(&u, got);
        assert_memory_equal(got, want, sizeof want);
    }
    pv_boot_units_free(&u);
}

/* Units given sparse (pv_boot_units_add_sparse) from a stratum of width
 * 0: the same patterns, columns and sums as the same rows given dense,
 * the width grown to the last column used. */
static void test_add_sparse(void **state)
{
    (void)state;
    enum { N = 500, W = 6 };
    uint32_t rows[N * W];
    pv_boot_units d, sp;
    pv_mt g1, g2;
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < W; k++)
            rows[i * W + k] = (uint32_t)(((i * 2654435761u) >> (3 * k)) % 4 == 0 ? (i % 3) + k : 0);
    for (size_t i = 0; i < N; i++)
        rows[i * W + W - 1] = 0; /* the last column never used: the width stops at W - 1 */
    rows[7 * W + W - 2] = 9;
    pv_boot_units_begin(&d, W - 1);
    pv_boot_units_begin(&sp, 0);
    for (size_t i = 0; i < N; i++) {
        uint32_t col[W], val[W];
        size_t nz = 0;
        for (size_t k = 0; k < W; k++)
            if (rows[i * W + k])
                col[nz] = (uint32_t)k, val[nz++] = rows[i * W + k];
        pv_boot_units_add(&d, rows + i * W);
        pv_boot_units_add_sparse(&sp, col, val, nz);
    }
    pv_boot_units_end(&d);
    pv_boot_units_end(&sp);
    assert_int_equal(sp.width, W - 1);
    assert_int_equal(sp.np, d.np);
    assert_true(d.np > 10 && d.np < N);
    assert_memory_equal(sp.of, d.of, N * sizeof *d.of);
    assert_memory_equal(sp.cat, d.cat, W * sizeof *d.cat);
    assert_memory_equal(sp.cp, d.cp, d.nz * sizeof *d.cp);
    assert_memory_equal(sp.cv, d.cv, d.nz * sizeof *d.cv);
    pv_mt_seed(&g1, 5), pv_mt_seed(&g2, 5);
    for (int b = 0; b < 10; b++) {
        long a1[W], a2[W];
        pv_boot_draw(&g1, &d), pv_boot_draw(&g2, &sp);
        pv_boot_sum(&d, a1), pv_boot_sum(&sp, a2);
        assert_memory_equal(a1, a2, (W - 1) * sizeof *a1);
    }
    pv_boot_units_free(&d);
    pv_boot_units_free(&sp);
}

/* pv_boot_run's callback: one row per stratum, its draws in the value. */
static void one_row(void *ctx, pv_csvw *w, long b, size_t s, const pv_boot_units *u)
{
    int *calls = ctx;
    char id[16];
    uint32_t drawn = 0;
    for (size_t p = 0; p < u->np; p++)
        drawn += u->w[p];
    snprintf(id, sizeof id, "s%zu", s);
    pv_replicate(w, b, id, drawn, NAN, NAN);
    (*calls)++;
}

static void test_run(void **state)
{
    (void)state;
    char dir[] = "/tmp/pv_replicates_XXXXXX", path[256], *text = NULL;
    pv_boot_units u[2];
    pv_err err = {0};
    int calls = 0;
    size_t cap = 0;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/r.csv", dir);
    distinct_units(&u[0], 4);
    distinct_units(&u[1], 0);
    assert_int_equal(pv_boot_run(path, 3, 1, u, 2, one_row, &calls, &err), 0);
    assert_int_equal(calls, 6);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    const char *want[] = {"replicate,indicator,value,ci_low,ci_high",
                          "1,s0,4,,", "1,s1,0,,", "2,s0,4,,",
                          "2,s1,0,,", "3,s0,4,,", "3,s1,0,,"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_true(next_line(f, &text, &cap));
        assert_string_equal(text, want[i]);
    }
    assert_false(next_line(f, &text, &cap));
    fclose(f);
    /* no replicates: the header only */
    calls = 0;
    assert_int_equal(pv_boot_run(path, 0, 1, u, 2, one_row, &calls, &err), 0);
    assert_int_equal(calls, 0);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_true(next_line(f, &text, &cap));
    assert_false(next_line(f, &text, &cap));
    fclose(f);
    free(text);
    unlink(path);
    rmdir(dir);
    pv_boot_units_free(&u[0]);
    pv_boot_units_free(&u[1]);
}

/* ";"-separated numbers ("NA": NAN) into v; returns their count. */
static size_t numbers(char *s, double *v, size_t max)
{
    char *f[32];
    size_t n = split(s, ';', f, 32);
    assert_true(n <= max);
    for (size_t i = 0; i < n; i++)
        v[i] = num(f[i]);
    return n;
}

static void test_mean_ci_t_vs_r(void **state)
{
    (void)state;
    FILE *fv = fopen("../expected/boot_mean_vectors.csv", "r"),
         *fe = fopen("../expected/boot_mean.csv", "r");
    char *line = NULL, *f[8], what[64];
    size_t cap = 0;
    int cases = 0;
    assert_non_null(fv);
    assert_non_null(fe);
    assert_true(next_line(fv, &line, &cap));
    assert_string_equal(line, "case_id,values,weights");
    assert_true(next_line(fe, &line, &cap));
    assert_string_equal(line, "case_id,n,mean,ci_low,ci_high");
    while (next_line(fv, &line, &cap)) {
        double x[32], wd[32], lo, hi;
        uint32_t w[32];
        char id[32];
        assert_int_equal(split(line, ',', f, 8), 3);
        snprintf(id, sizeof id, "%s", f[0]);
        size_t n = numbers(f[1], x, 32);
        assert_int_equal(numbers(f[2], wd, 32), n);
        for (size_t i = 0; i < n; i++)
            w[i] = (uint32_t)wd[i];
        double m = pv_boot_mean_ci_t(x, w, n, 0.95, &lo, &hi);
        assert_true(next_line(fe, &line, &cap));
        assert_int_equal(split(line, ',', f, 8), 5);
        assert_string_equal(f[0], id);
        snprintf(what, sizeof what, "mean(%s)", id);
        near(what, m, num(f[2]));
        snprintf(what, sizeof what, "ci_low(%s)", id);
        near(what, lo, num(f[3]));
        snprintf(what, sizeof what, "ci_high(%s)", id);
        near(what, hi, num(f[4]));
        cases++;
    }
    assert_false(next_line(fe, &line, &cap));
    free(line);
    fclose(fv);
    fclose(fe);
    assert_int_equal(cases, 6);
}

/* Nothing drawn, or only missing values: no mean. */
static void test_mean_ci_t_empty(void **state)
{
    (void)state;
    const double x[2] = {3, NAN};
    const uint32_t none[2] = {0, 0}, missing[2] = {0, 5};
    double lo = 0, hi = 0;
    assert_true(isnan(pv_boot_mean_ci_t(x, none, 2, 0.95, &lo, &hi)));
    assert_true(isnan(lo) && isnan(hi));
    lo = hi = 0;
    assert_true(isnan(pv_boot_mean_ci_t(x, missing, 2, 0.95, &lo, &hi)));
    assert_true(isnan(lo) && isnan(hi));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draws_are_the_stream),
        cmocka_unit_test(test_draws_every_scale),
        cmocka_unit_test(test_draws_byte_wraps),
        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_patterns_streamed),
        cmocka_unit_test(test_rows_to_sum),
        cmocka_unit_test(test_add_sparse),
        cmocka_unit_test(test_run),
        cmocka_unit_test(test_mean_ci_t_vs_r),
        cmocka_unit_test(test_mean_ci_t_empty),
    };
    /* every test on one thread, then on two: pv_boot_run's ring
     * (test_boot_threads.c) changes nothing the tests pin */
    int failed = 0;
    if (setenv("PROXEVAL_THREADS", "1", 1))
        return 1;
    failed += cmocka_run_group_tests_name("one thread", tests, NULL, NULL);
    if (setenv("PROXEVAL_THREADS", "2", 1))
        return 1;
    failed += cmocka_run_group_tests_name("two threads", tests, NULL, NULL);
    return failed;
}
