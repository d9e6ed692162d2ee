/* test_xalloc.c — unit tests of pipeline/xalloc.c (the one rule for memory).
 *
 * What dies is run in a child process (fork): its stderr goes to a pipe,
 * and the parent checks the exit status (3, PV_EXIT_IO) and the whole
 * message ("xtest: out of memory\n").  Failures are real, not mocked:
 * sizes malloc cannot give (SIZE_MAX), multiplications that overflow size_t
 * (which, unchecked, would wrap to a small size and "succeed"), a
 * strdup under an address-space limit (setrlimit), and GLib's g_malloc
 * after pv_xalloc_init.  Then what succeeds: zeroed memory, kept contents,
 * capacities, copies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "pv.h"
#include "xalloc.h"

#ifdef __SANITIZE_ADDRESS__
/* Under ASan (make check SAN=1) a size malloc cannot give is ASan's own
 * fatal report unless malloc may return NULL, as it does without ASan:
 * that NULL is what these tests need to reach the allocator's rule. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }
#endif

/* Sizes hidden from the compiler, so it does not warn about (or fold)
 * allocations it can see are too large. */
static volatile size_t huge = SIZE_MAX, half = SIZE_MAX / 2 + 1;

/* Run fn in a child; return its wait status and put its stderr in msg. */
static int in_child(void (*fn)(void), char *msg, size_t n)
{
    int fd[2], status;
    assert_int_equal(pipe(fd), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], 2);
        pv_progname = "xtest";
#ifdef __SANITIZE_ADDRESS__
        __lsan_disable(); /* what a dying child holds is not a leak */
#endif
        fn();
        _exit(0); /* fn returned: the allocator did not die */
    }
    close(fd[1]);
    size_t len = 0;
    ssize_t k;
    while (len < n - 1 && (k = read(fd[0], msg + len, n - 1 - len)) > 0)
        len += (size_t)k;
    msg[len] = '\0';
    close(fd[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

/* fn dies with status 3 and exactly the one message. */
static void assert_dies(void (*fn)(void))
{
    char msg[512];
    int status = in_child(fn, msg, sizeof msg);
#ifdef __SANITIZE_ADDRESS__
    /* ASan's own line about the NULL it returned comes first: not ours */
    const char *asan = "AddressSanitizer failed to allocate";
    char *eol;
    while (msg[0] == '=' && strstr(msg, asan) && (eol = strchr(msg, '\n')) &&
           strstr(msg, asan) < eol)
        memmove(msg, eol + 1, strlen(eol + 1) + 1);
#endif
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), PV_EXIT_IO);
    assert_string_equal(msg, "xtest: out of memory\n");
}

/* ---------------------------------------------------------------- deaths */

static void malloc_huge(void) { free(pv_xmalloc(huge)); }
static void nmalloc_overflow(void) { free(pv_xnmalloc(half, 2)); }       /* wraps to 0 */
static void calloc_huge(void) { free(pv_xcalloc(huge, 1)); }
static void calloc_overflow(void) { free(pv_xcalloc(half, 4)); }
static void realloc_huge(void) { free(pv_xrealloc(pv_xmalloc(8), huge)); }
static void nrealloc_overflow(void) { free(pv_xnrealloc(NULL, half, 2)); }
static void mul_overflow(void) { pv_xmul(half, 2); }

static void grow_need_overflow(void)
{
    void *p = NULL;
    size_t cap = 0;
    pv_xgrow(&p, &cap, half, 2); /* need * elt overflows */
    free(p);
}

static void grow_doubling_overflow(void)
{
    /* A capacity above SIZE_MAX / 2 cannot double: need is one more. */
    void *p = NULL;
    size_t cap = half;
    pv_xgrow(&p, &cap, half + 1, 1);
}

/* A real failure of a small-ish allocation: the address space is limited
 * to what the process has plus a few MB, then a 64 MB string is copied. */
static void strdup_rlimit(void)
{
    size_t n = 64u << 20;
    char *big = malloc(n);
    if (!big)
        _exit(9);
    memset(big, 'x', n - 1);
    big[n - 1] = '\0';
    long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%ld", &pages) != 1)
        _exit(9);
    fclose(f);
    struct rlimit rl = {0};
    rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (8u << 20);
    if (setrlimit(RLIMIT_AS, &rl) != 0)
        _exit(9);
    free(pv_xstrdup(big));
}

static void glib_huge(void)
{
    pv_xalloc_init();
    g_free(g_malloc(huge / 2));
}

static void glib_new_overflow(void)
{
    pv_xalloc_init();
    g_free(g_new(double, half));
}

static void library_says_so(void) { pv_xalloc_die(); }

static void test_dies(void **state)
{
    (void)state;
    assert_dies(malloc_huge);
    assert_dies(nmalloc_overflow);
    assert_dies(calloc_huge);
    assert_dies(calloc_overflow);
    assert_dies(realloc_huge);
    assert_dies(nrealloc_overflow);
    assert_dies(mul_overflow);
    assert_dies(grow_need_overflow);
    assert_dies(grow_doubling_overflow);
    assert_dies(strdup_rlimit);
    assert_dies(library_says_so);
}

static void test_glib(void **state)
{
    (void)state;
    assert_dies(glib_huge);
    assert_dies(glib_new_overflow);
}

/* Without pv_xalloc_init, GLib keeps its own rule (abort by a signal): the
 * writer is what makes the difference. */
static void glib_plain(void) { g_free(g_malloc(huge / 2)); }

static void test_glib_without_init(void **state)
{
    (void)state;
    char msg[512];
    int status = in_child(glib_plain, msg, sizeof msg);
    assert_true(WIFSIGNALED(status));
    assert_non_null(strstr(msg, "failed to allocate"));
}

/* ---------------------------------------------------------------- successes */

static void test_succeeds(void **state)
{
    (void)state;
    char *p = pv_xmalloc(0); /* never NULL, even for 0 */
    assert_non_null(p);
    free(p);
    assert_int_equal(pv_xmul(3, 7), 21);
    assert_int_equal(pv_xmul(SIZE_MAX, 1), SIZE_MAX);
    assert_int_equal(pv_xmul(half, 0), 0);

    unsigned char *z = pv_xcalloc(1000, 3);
    for (size_t i = 0; i < 3000; i++)
        assert_int_equal(z[i], 0);
    free(z);
    free(pv_xcalloc(0, 8));

    int *v = pv_xnmalloc(4, sizeof *v);
    for (int i = 0; i < 4; i++)
        v[i] = i * 10;
    v = pv_xnrealloc(v, 1000, sizeof *v);
    for (int i = 0; i < 4; i++)
        assert_int_equal(v[i], i * 10);
    free(v);

    char *s = pv_xstrdup("Québec");
    assert_string_equal(s, "Québec");
    free(s);
}

static void test_grow(void **state)
{
    (void)state;
    long *a = NULL;
    size_t cap = 0;
    pv_xgrow((void **)&a, &cap, 1, sizeof *a);
    assert_int_equal(cap, 16);
    for (long i = 0; i < 16; i++)
        a[i] = i;
    pv_xgrow((void **)&a, &cap, 16, sizeof *a); /* enough: unchanged */
    assert_int_equal(cap, 16);
    pv_xgrow((void **)&a, &cap, 100, sizeof *a);
    assert_int_equal(cap, 128);
    for (long i = 0; i < 16; i++)
        assert_int_equal(a[i], i);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dies),
        cmocka_unit_test(test_glib),
        cmocka_unit_test(test_glib_without_init),
        cmocka_unit_test(test_succeeds),
        cmocka_unit_test(test_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
