/* test_idindex.c — the id index (pipeline/idindex.c) against a naive
 * reference: for random key sets, in order and out of order, every insert
 * reports the same duplicate as a linear scan would, and every find (of
 * present and absent keys, in order and at random) returns the same row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "idindex.h"

#define MAXN 3000

static char keys[MAXN][16];

static const char *key_of(const void *ctx, uint32_t row)
{
    (void)ctx;
    return keys[row];
}

/* First row < n holding key, or -1. */
static long naive(size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return (long)i;
    return -1;
}

/* Fill keys[0..n) : "F%06d" with numbers increasing (sorted) or shuffled,
 * with some repeats when dup is set. */
static void make_keys(size_t n, int sorted, int dup)
{
    for (size_t i = 0; i < n; i++) {
        int v = (int)i * 3 + 1;
        if (dup && rand() % 10 == 0 && i > 0)
            v = (int)(rand() % (int)i) * 3 + 1;
        snprintf(keys[i], sizeof keys[i], "F%06d", v);
    }
    if (!sorted)
        for (size_t i = n - 1; i > 0; i--) {
            size_t j = (size_t)rand() % (i + 1);
            char t[16];
            memcpy(t, keys[i], 16);
            memcpy(keys[i], keys[j], 16);
            memcpy(keys[j], t, 16);
        }
}

static void check_case(size_t n, int sorted, int dup)
{
    pv_idindex x;
    char probe[16];
    make_keys(n, sorted, dup);
    pv_idindex_init(&x, n, key_of, NULL);
    for (size_t i = 0; i < n; i++) {
        long want = naive(i, keys[i]);
        long got = pv_idindex_insert(&x, keys[i], (uint32_t)i);
        assert_int_equal(got, want); /* -1 when new, else the first row */
    }
    /* finds in row order (the galloping path) and at random */
    for (size_t i = 0; i < n; i++)
        assert_int_equal(pv_idindex_find(&x, keys[i]), naive(n, keys[i]));
    for (int k = 0; k < 2000; k++) {
        size_t i = (size_t)rand() % n;
        assert_int_equal(pv_idindex_find(&x, keys[i]), naive(n, keys[i]));
        snprintf(probe, sizeof probe, "F%06d", rand() % (int)(3 * n + 3));
        assert_int_equal(pv_idindex_find(&x, probe), naive(n, probe));
    }
    assert_int_equal(pv_idindex_find(&x, ""), -1);
    assert_int_equal(pv_idindex_find(&x, "ZZZ"), -1);
    pv_idindex_free(&x);
}

static void test_sorted(void **state)
{
    (void)state;
    srand(7);
    for (size_t n = 1; n <= 64; n++)
        check_case(n, 1, 0);
    check_case(MAXN, 1, 0);
}

static void test_unsorted(void **state)
{
    (void)state;
    srand(11);
    for (size_t n = 1; n <= 64; n++)
        check_case(n, 0, 0);
    check_case(MAXN, 0, 0);
}

static void test_duplicates(void **state)
{
    (void)state;
    srand(13);
    for (int k = 0; k < 20; k++)
        check_case(200, k % 2, 1);
}

/* A sorted run then one key out of order: the switch to hashing keeps
 * every earlier key. */
static void test_switch(void **state)
{
    pv_idindex x;
    (void)state;
    for (int i = 0; i < 100; i++)
        snprintf(keys[i], sizeof keys[i], "K%03d", i);
    snprintf(keys[100], sizeof keys[100], "A000");   /* out of order */
    snprintf(keys[101], sizeof keys[101], "K050");   /* a duplicate */
    pv_idindex_init(&x, 102, key_of, NULL);
    for (uint32_t i = 0; i < 101; i++)
        assert_int_equal(pv_idindex_insert(&x, keys[i], i), -1);
    assert_int_equal(pv_idindex_insert(&x, keys[101], 101), 50);
    for (int i = 0; i <= 100; i++)
        assert_int_equal(pv_idindex_find(&x, keys[i]), i);
    assert_int_equal(pv_idindex_find(&x, "K100"), -1);
    pv_idindex_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted),
        cmocka_unit_test(test_unsorted),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_switch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
