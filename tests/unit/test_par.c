/* test_par.c — unit tests of pipeline/par.c: pv_par_for runs every job
 * exactly once, whatever the thread count (PROXEVAL_THREADS), and the
 * thread count is read as par.h says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <pthread.h>

#include "par.h"

typedef struct {
    unsigned *runs;     /* per job: how many times it ran */
    pthread_t *by;      /* per job: the thread that ran it */
} jobs;

static void job(void *ctx, size_t i)
{
    jobs *j = ctx;
    /* each job writes only its own slots (par.h's contract) */
    j->runs[i]++;
    j->by[i] = pthread_self();
    /* some work, uneven, so that threads overlap */
    volatile unsigned long x = 0;
    for (unsigned long k = 0; k < (i % 7) * 20000; k++)
        x += k;
}

static void run_all(const char *threads, size_t n, int *other_thread)
{
    setenv("PROXEVAL_THREADS", threads, 1);
    jobs j = {calloc(n + 1, sizeof *j.runs), calloc(n + 1, sizeof *j.by)};
    pv_par_for(n, job, &j);
    *other_thread = 0;
    for (size_t i = 0; i < n; i++) {
        if (j.runs[i] != 1)
            fail_msg("PROXEVAL_THREADS=%s, %zu jobs: job %zu ran %u times", threads, n, i,
                     j.runs[i]);
        if (!pthread_equal(j.by[i], pthread_self()))
            *other_thread = 1;
    }
    free(j.runs);
    free(j.by);
}

static void test_every_job_once(void **state)
{
    (void)state;
    const char *threads[] = {"1", "2", "3", "16"};
    const size_t sizes[] = {0, 1, 2, 5, 1000};
    for (size_t t = 0; t < 4; t++)
        for (size_t s = 0; s < 5; s++) {
            int other;
            run_all(threads[t], sizes[s], &other);
            /* one thread: every job in the caller's */
            if (t == 0 && other)
                fail_msg("PROXEVAL_THREADS=1 ran a job in another thread");
        }
    unsetenv("PROXEVAL_THREADS");
}

/* With more than one thread, jobs do run elsewhere than in the caller
 * (else the pool would be a loop in disguise). */
static void test_threads_used(void **state)
{
    (void)state;
    int other = 0;
    for (int tries = 0; tries < 20 && !other; tries++)
        run_all("2", 1000, &other);
    unsetenv("PROXEVAL_THREADS");
    assert_true(other);
}

static void test_thread_count(void **state)
{
    (void)state;
    setenv("PROXEVAL_THREADS", "1", 1);
    assert_int_equal(pv_par_threads(), 1);
    setenv("PROXEVAL_THREADS", "3", 1);
    assert_int_equal(pv_par_threads(), 3);
    setenv("PROXEVAL_THREADS", "1000", 1);
    assert_int_equal(pv_par_threads(), PV_PAR_MAX);
    /* not a count: the machine's cores, at least 1 */
    const char *bad[] = {"0", "-2", "two", "2x", ""};
    for (size_t i = 0; i < 5; i++) {
        setenv("PROXEVAL_THREADS", bad[i], 1);
        int n = pv_par_threads();
        assert_true(n >= 1 && n <= PV_PAR_MAX);
    }
    unsetenv("PROXEVAL_THREADS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_job_once),
        cmocka_unit_test(test_threads_used),
        cmocka_unit_test(test_thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
