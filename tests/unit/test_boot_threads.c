/* test_boot_threads.c — pv_boot_run on one thread and on two
 * (pipeline/replicates.c, PROXEVAL_THREADS).
 *
 * - The stream through the ring: with PROXEVAL_THREADS=1 and =2, on
 *   strata of 5, 0, 1, 1000 and 70 000 units over 40 replicates (the ring
 *   of buffers goes round many times, small and large strata alternate),
 *   every call of the source's function gets replicate b and stratum s in
 *   the order of the single loop, with the draw counts of a tally, made
 *   here, of gsl_rng_uniform_int(g, n) from the same seed (GSL's
 *   MT19937: the stream the replicates files are pinned to), and
 *   pv_boot_sum's sums equal the drawn units' sums made here; with 2
 *   threads, the drawing thread runs beside the calls (the process has two
 *   threads, /proc/self/task: more than before pv_boot_run).
 * - The files written with 1 and with 2 threads are byte-identical.
 * - A file that cannot be created: the error status, no call, and the
 *   drawing thread stops (the test would hang if it waited forever).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "expected.h"

#include <dirent.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replicates.h"

enum { NS = 5, REPS = 40 };
static const size_t sizes[NS] = {5, 0, 1, 1000, 70000};

/* What the source's function checks, call after call. */
typedef struct {
    gsl_rng *ref;        /* GSL's generator, drawn here in the order of the calls */
    uint32_t *want;      /* the tally of its draws, per unit */
    uint32_t *rows[NS];  /* each unit's row of counts (the units' values) */
    long calls;
    int threads;         /* PROXEVAL_THREADS */
    int before;          /* the process's threads before pv_boot_run */
} check;

static int tasks(void)
{
    DIR *dp = opendir("/proc/self/task");
    struct dirent *de;
    int n = 0;
    assert_non_null(dp);
    while ((de = readdir(dp)))
        n += de->d_name[0] != '.';
    closedir(dp);
    return n;
}

/* Unit i of stratum s: two columns, i % 7 and 1 (every unit counted), so
 * that units share patterns. */
static void make_units(pv_boot_units *u, size_t s, uint32_t **kept)
{
    size_t n = sizes[s];
    uint32_t *rows = malloc((2 * n + 1) * sizeof *rows);
    assert_non_null(rows);
    for (size_t i = 0; i < n; i++)
        rows[2 * i] = (uint32_t)(i % 7), rows[2 * i + 1] = 1;
    *kept = malloc((2 * n + 1) * sizeof **kept);
    assert_non_null(*kept);
    memcpy(*kept, rows, 2 * n * sizeof *rows);
    pv_boot_units_init(u, rows, n, 2); /* takes rows */
}

static void on_stratum(void *vp, pv_csvw *w, long b, size_t s, const pv_boot_units *u)
{
    check *c = vp;
    size_t n = sizes[s];
    long want_sum[2] = {0, 0}, got[2];
    char id[32];
    /* the calls in the single loop's order: replicate after replicate,
     * each stratum in turn */
    assert_int_equal(b, c->calls / NS);
    assert_int_equal(s, (size_t)(c->calls % NS));
    assert_int_equal(u->n, n);
    memset(c->want, 0, (n + 1) * sizeof *c->want);
    for (size_t i = 0; i < n; i++) {
        unsigned long k = gsl_rng_uniform_int(c->ref, n);
        c->want[k]++;
        want_sum[0] += c->rows[s][2 * k], want_sum[1] += c->rows[s][2 * k + 1];
    }
    uint32_t *per = calloc(u->np + 1, sizeof *per);
    assert_non_null(per);
    for (size_t i = 0; i < n; i++) /* unit i's draws, on its pattern */
        per[u->of[i]] += c->want[i];
    if (u->np && memcmp(per, u->w, u->np * sizeof *per))
        fail_msg("%d thread(s), replicate %ld, stratum %zu: the draws differ from GSL's",
                 c->threads, b, s);
    free(per);
    pv_boot_sum(u, got);
    if (n)
        assert_memory_equal(got, want_sum, sizeof got);
    if (c->threads == 2 && c->calls % 97 == 0) /* the drawing thread beside this one */
        assert_true(tasks() > c->before);
    snprintf(id, sizeof id, "s%zu", s);
    pv_replicate(w, b, id, n ? (double)got[0] / (double)n : NAN, (double)got[0], (double)got[1]);
    c->calls++;
}

/* The replicates file of the strata with PROXEVAL_THREADS=threads; its
 * text (malloc'd) in *text. */
static void run(const char *threads, const char *path, char **text)
{
    pv_boot_units u[NS];
    check c = {.threads = atoi(threads)};
    pv_err err = {0};
    c.ref = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(c.ref);
    gsl_rng_set(c.ref, 20250331 + PV_SEED_PARTICIPATION);
    c.want = malloc((70000 + 1) * sizeof *c.want);
    assert_non_null(c.want);
    for (size_t s = 0; s < NS; s++)
        make_units(&u[s], s, &c.rows[s]);
    assert_int_equal(setenv("PROXEVAL_THREADS", threads, 1), 0);
    c.before = tasks();
    assert_int_equal(pv_boot_run(path, REPS, 20250331 + PV_SEED_PARTICIPATION, u, NS, on_stratum,
                                 &c, &err),
                     0);
    assert_int_equal(c.calls, REPS * NS);
    for (size_t s = 0; s < NS; s++)
        pv_boot_units_free(&u[s]), free(c.rows[s]);
    free(c.want);
    gsl_rng_free(c.ref);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    *text = malloc((size_t)len + 1);
    assert_non_null(*text);
    assert_int_equal(fread(*text, 1, (size_t)len, f), (size_t)len);
    (*text)[len] = 0;
    fclose(f);
}

static void test_one_and_two_threads(void **state)
{
    (void)state;
    char dir[] = "/tmp/pv_boot_threads_XXXXXX", path[256], *one, *two;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/r.csv", dir);
    run("1", path, &one);
    run("2", path, &two);
    assert_int_equal(strlen(one), strlen(two));
    assert_string_equal(one, two);
    /* the header and one row per stratum and replicate */
    size_t lines = 0;
    for (const char *p = one; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 1 + REPS * NS);
    free(one), free(two);
    unlink(path);
    rmdir(dir);
}

static void never(void *vp, pv_csvw *w, long b, size_t s, const pv_boot_units *u)
{
    (void)vp, (void)w, (void)b, (void)s, (void)u;
    fail_msg("a replicate passed on though the file cannot be written");
}

static void test_cannot_write(void **state)
{
    (void)state;
    pv_boot_units u[2];
    uint32_t *kept[2];
    pv_err err = {0};
    make_units(&u[0], 3, &kept[0]);
    make_units(&u[1], 4, &kept[1]);
    assert_int_equal(setenv("PROXEVAL_THREADS", "2", 1), 0);
    assert_int_not_equal(pv_boot_run("/nonexistent-dir/pv/r.csv", 1000, 1, u, 2, never, NULL,
                                     &err),
                         0);
    assert_int_not_equal(err.status, 0);
    for (int s = 0; s < 2; s++)
        pv_boot_units_free(&u[s]), free(kept[s]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_and_two_threads),
        cmocka_unit_test(test_cannot_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
