/* test_csvout.c — unit tests of pipeline/csvout.c (pv_csvw).
 *
 * Writes small files into a temporary folder (mkdtemp under /tmp, removed by
 * the group teardown) and compares the bytes with hand-written RFC 4180
 * text: quoting of fields with ',' '"' CR or LF, doubled quotes, NULL and
 * NAN as empty fields, fixed decimals without exponent or "-0", the
 * write-to-.tmp-then-rename protocol, the error for a missing folder, and
 * the guard that fails a file whose row is wider or narrower than its
 * header (a row writer out of step with its column table).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvout.h"
#include "stage.h"

static char tmpdir[] = "/tmp/pv_test_csvout.XXXXXX";
static char outpath[sizeof tmpdir + 16], tmppath[256];

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(outpath, sizeof outpath, "%s/out.csv", tmpdir);
    char *t = pv_tmp_name(outpath); /* where pv_csvw writes before rename */
    if (!t)
        return -1;
    snprintf(tmppath, sizeof tmppath, "%s", t);
    free(t);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(outpath);
    unlink(tmppath);
    return rmdir(tmpdir);
}

/* Whole content of outpath (then removed) compared with want. */
static void assert_file(const char *want)
{
    char buf[4096];
    FILE *f = fopen(outpath, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    assert_int_equal(unlink(outpath), 0);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want)); /* no NUL byte written */
}

/* Output larger than the writer's 1 MB buffer: rows across its boundary,
 * and a field larger than the buffer (written straight to the file),
 * quoted and not, arrive whole and in order. */
static void test_beyond_the_buffer(void **state)
{
    (void)state;
    pv_err err = {0};
    pv_csvw w;
    size_t big = (3u << 20) + 7, n = 0;
    char *field = malloc(big + 1), *want = malloc(2 * big + (8u << 20));
    assert_non_null(field);
    assert_non_null(want);
    memset(field, 'x', big);
    field[big] = '\0';
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_row(&w, "k", "v", NULL);
    n += (size_t)sprintf(want + n, "k,v\n");
    for (int k = 0; k < 200000; k++) {
        pv_csvw_int(&w, k);
        pv_csvw_str(&w, k % 1000 ? "abc" : "a,b");
        pv_csvw_end(&w);
        n += (size_t)sprintf(want + n, "%d,%s\n", k, k % 1000 ? "abc" : "\"a,b\"");
    }
    pv_csvw_row(&w, field, "end", NULL);
    n += (size_t)sprintf(want + n, "%s,end\n", field);
    field[5] = ',';
    pv_csvw_row(&w, "q", field, NULL);
    n += (size_t)sprintf(want + n, "q,\"%s\"\n", field);
    assert_int_equal(pv_csvw_close(&w), 0);
    FILE *f = fopen(outpath, "rb");
    assert_non_null(f);
    char *got = malloc(n + 1);
    assert_non_null(got);
    assert_int_equal(fread(got, 1, n + 1, f), n);
    fclose(f);
    assert_memory_equal(got, want, n);
    assert_int_equal(unlink(outpath), 0);
    free(got);
    free(want);
    free(field);
}

static void test_quoting(void **state)
{
    (void)state;
    pv_csvw w;
    pv_err err = {0};
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_row(&w, "plain", "a,b", "say \"hi\"", "two\nlines", "cr\rx", "",
                "caf\xC3\xA9", NULL);
    pv_csvw_str(&w, NULL);
    pv_csvw_str(&w, "\"");
    for (int i = 0; i < 5; i++) /* as wide as the first row */
        pv_csvw_str(&w, "");
    pv_csvw_end(&w);
    assert_int_equal(pv_csvw_close(&w), 0);
    assert_int_equal(err.status, 0);
    assert_file("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rx\",,caf\xC3\xA9\n"
                ",\"\"\"\",,,,,\n");
}

static void test_numbers(void **state)
{
    (void)state;
    pv_csvw w;
    pv_err err = {0};
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_int(&w, 0);
    pv_csvw_int(&w, -42);
    pv_csvw_int(&w, LLONG_MAX);
    pv_csvw_num(&w, 1.5, 2);
    pv_csvw_num(&w, NAN, 3);       /* empty */
    pv_csvw_num(&w, -2.5, 1);
    pv_csvw_num(&w, 0.1234567, 3);
    pv_csvw_num(&w, 1e20, 0);      /* never exponent form */
    pv_csvw_num(&w, 2.0 / 3.0, 6);
    pv_csvw_num(&w, -0.0, 6);      /* no "-0.000000" */
    pv_csvw_num(&w, NAN, 0);       /* empty, last field */
    pv_csvw_end(&w);
    assert_int_equal(pv_csvw_close(&w), 0);
    assert_file("0,-42,9223372036854775807,"
                "1.50,,-2.5,0.123,100000000000000000000,0.666667,0.000000,\n");
}

/* A negative value that rounds to zero at the requested decimals must not
 * print as "-0.000000" either.  Regression test, 2026-11-25: found by this
 * test; pv_csvw_num's `if (v == 0) v = 0;` only caught an exact -0.0. */
static void test_numbers_rounding_to_negative_zero(void **state)
{
    (void)state;
    pv_csvw w;
    pv_err err = {0};
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_num(&w, -1e-7, 6);
    pv_csvw_num(&w, -0.004, 2);
    pv_csvw_end(&w);
    assert_int_equal(pv_csvw_close(&w), 0);
    assert_file("0.000000,0.00\n");
}

/* Leading or trailing spaces are quoted, since readers trim unquoted
 * fields (libcsv does).  Regression test, 2026-11-25. */
static void test_spaces_quoted(void **state)
{
    (void)state;
    pv_csvw w;
    pv_err err = {0};
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_str(&w, " x ");
    pv_csvw_str(&w, "a b");
    pv_csvw_end(&w);
    assert_int_equal(pv_csvw_close(&w), 0);
    assert_file("\" x \",a b\n");
}

/* The file appears only on close; no .tmp is left behind. */
static void test_atomic_rename(void **state)
{
    (void)state;
    pv_csvw w;
    pv_err err = {0};
    unlink(outpath); /* in case an earlier test failed before removing it */
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_row(&w, "a", "b", NULL);
    pv_csvw_row(&w, "1", "2", NULL);
    assert_int_equal(access(outpath, F_OK), -1);
    assert_int_equal(access(tmppath, F_OK), 0);
    assert_int_equal(pv_csvw_close(&w), 0);
    assert_int_equal(access(tmppath, F_OK), -1);
    assert_int_equal(access(outpath, F_OK), 0);
    assert_file("a,b\n1,2\n");
}

/* Writing into a folder that does not exist: PV_EXIT_IO with a message;
 * the later calls do nothing and close reports the same status. */
static void test_missing_folder(void **state)
{
    (void)state;
    pv_csvw w;
    pv_err err = {0};
    char path[sizeof tmpdir + 32], want[sizeof path + 64];
    snprintf(path, sizeof path, "%s/no-such-dir/out.csv", tmpdir);
    snprintf(want, sizeof want, "%s: cannot create: No such file or directory",
             path);
    assert_int_equal(pv_csvw_open(&w, path, &err), PV_EXIT_IO);
    assert_int_equal(err.status, PV_EXIT_IO);
    assert_string_equal(err.msg, want);
    pv_csvw_row(&w, "a", "b", NULL);
    pv_csvw_num(&w, 1.0, 1);
    pv_csvw_end(&w);
    assert_int_equal(pv_csvw_close(&w), PV_EXIT_IO);
    assert_string_equal(err.msg, want); /* first error kept */
    assert_int_equal(access(path, F_OK), -1);
}

/* A row with fewer fields than the header (a column added to a table but
 * not to its writer) fails the file: PV_EXIT_IO naming the file and the
 * line, nothing more is written, and close removes the temporary file, so
 * no shifted table is published. */
static void test_short_row(void **state)
{
    (void)state;
    pv_csvw w;
    pv_err err = {0};
    char want[sizeof outpath + 128];
    unlink(outpath);
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_row(&w, "a", "b", "c", NULL);
    pv_csvw_row(&w, "1", "2", "3", NULL);
    pv_csvw_str(&w, "4");
    pv_csvw_str(&w, "5");
    pv_csvw_end(&w);
    assert_int_equal(err.status, PV_EXIT_IO);
    snprintf(want, sizeof want, "%s:3: 2 fields, the header has 3 (a bug: the row writer "
             "and its column table disagree)", outpath);
    assert_string_equal(err.msg, want);
    pv_csvw_row(&w, "6", "7", "8", NULL); /* a no-op after the failure */
    assert_int_equal(pv_csvw_close(&w), PV_EXIT_IO);
    assert_string_equal(err.msg, want);
    assert_int_equal(access(outpath, F_OK), -1);
    assert_int_equal(access(tmppath, F_OK), -1);
}

/* A row with more fields than the header fails the same way. */
static void test_long_row(void **state)
{
    (void)state;
    static const char *const cols[] = {"a", "b"};
    pv_csvw w;
    pv_err err = {0};
    char want[sizeof outpath + 128];
    unlink(outpath);
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_header(&w, cols, PV_NCOLS(cols));
    pv_csvw_row(&w, "1", "2", "3", NULL);
    snprintf(want, sizeof want, "%s:2: 3 fields, the header has 2 (a bug: the row writer "
             "and its column table disagree)", outpath);
    assert_string_equal(err.msg, want);
    assert_int_equal(pv_csvw_close(&w), PV_EXIT_IO);
    assert_int_equal(access(outpath, F_OK), -1);
}

/* pv_csvw_header writes the names of a column table; a table whose
 * designated initialisers leave a hole (a NULL name) fails the file. */
enum { T_A, T_B, T_C, T_NCOLS };
static void test_header(void **state)
{
    (void)state;
    static const char *const full[T_NCOLS] = {[T_C] = "c", [T_A] = "a", [T_B] = "b"};
    static const char *const hole[T_NCOLS] = {[T_A] = "a", [T_C] = "c"};
    pv_csvw w;
    pv_err err = {0};
    char want[sizeof outpath + 128];
    unlink(outpath);
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_header(&w, full, PV_NCOLS(full));
    pv_csvw_row(&w, "1", "2", "3", NULL);
    assert_int_equal(pv_csvw_close(&w), 0);
    assert_file("a,b,c\n1,2,3\n");
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_header(&w, hole, PV_NCOLS(hole));
    snprintf(want, sizeof want, "%s: column 2 of the column table has no name (a bug: a "
             "hole in the table)", outpath);
    assert_string_equal(err.msg, want);
    assert_int_equal(pv_csvw_close(&w), PV_EXIT_IO);
    assert_int_equal(access(outpath, F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_numbers_rounding_to_negative_zero),
        cmocka_unit_test(test_spaces_quoted),
        cmocka_unit_test(test_atomic_rename),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_short_row),
        cmocka_unit_test(test_long_row),
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_beyond_the_buffer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
