/* test_csvout.c — unit tests of pipeline/csvout.c (pv_csvw).
 *
 * Writes small files into a temporary folder (mkdtemp under /tmp, removed by
 * the group teardown) and compares the bytes with hand-written RFC 4180
 * text: quoting of fields with ',' '"' CR or LF, doubled quotes, NULL and
 * NAN as empty fields, doubles at full precision (the shortest of 15, 16
 * and 17 significant digits that strtod reads back to the same bits; no
 * "-0") and their reader pv_csvw_parse_num, the
 * write-to-.tmp-then-rename protocol, the error for a missing folder, and
 * the guard that fails a file whose row is wider or narrower than its
 * header (a row writer out of step with its column table).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
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
    pv_csvw_num(&w, 1.5);
    pv_csvw_num(&w, NAN);          /* empty */
    pv_csvw_num(&w, -2.5);
    pv_csvw_num(&w, 0.1234567);
    pv_csvw_num(&w, 1e20);         /* %g's exponent form */
    pv_csvw_num(&w, 2.0 / 3.0);
    pv_csvw_num(&w, -0.0);         /* no "-0" */
    pv_csvw_num(&w, NAN);          /* empty, last field */
    pv_csvw_end(&w);
    assert_int_equal(pv_csvw_close(&w), 0);
    assert_file("0,-42,9223372036854775807,"
                "1.5,,-2.5,0.1234567,1e+20,0.6666666666666666,0,\n");
}

/* -0 is written 0, whatever way it was computed; a negative value however
 * small keeps its sign and its digits (the 6-decimal writer printed
 * -1e-7 as 0.000000, hiding the sign and the value). */
static void test_numbers_negative_zero(void **state)
{
    (void)state;
    pv_csvw w;
    pv_err err = {0};
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    pv_csvw_num(&w, -0.0);
    pv_csvw_num(&w, -1.0 * 0.0);
    pv_csvw_num(&w, -1e-7);
    pv_csvw_num(&w, -0.004);
    pv_csvw_end(&w);
    assert_int_equal(pv_csvw_close(&w), 0);
    assert_file("0,0,-1e-07,-0.004\n");
}

/* Full precision (issue 12): every double pv_csvw_num writes is read back
 * by strtod to the same bits, in the shortest of 15, 16 and 17 significant
 * digits: the bytes of each case written by hand, with why it is that
 * long.  The 6-decimal writer failed all but the integers. */
static void test_numbers_round_trip(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {0.1, "0.1"},                              /* 15 digits suffice, zeros dropped */
        {1.0 / 3.0, "0.3333333333333333"},         /* 16 */
        {0.1 + 0.2, "0.30000000000000004"},        /* 17 */
        {2.0 / 3.0, "0.6666666666666666"},
        {1e-300, "1e-300"},                        /* far below 1e-6 */
        {5e-324, "4.94065645841247e-324"},         /* the smallest subnormal: 15 digits read back */
        {DBL_MIN, "2.2250738585072014e-308"},
        {DBL_MAX, "1.7976931348623157e+308"},
        {123456789.123, "123456789.123"},
        {-123456789.123, "-123456789.123"},
        {3.0, "3"},                                /* integer values without a point */
        {-42.0, "-42"},
        {123456789012345.0, "123456789012345"},    /* 15 digits: still positional */
        {9007199254740992.0, "9007199254740992"},  /* 2^53: 16 digits */
        {9007199254740993.0, "9007199254740992"},  /* (the same double) */
        {18014398509481988.0, "18014398509481988"},/* 2^54 + 4: 17 digits */
        {1e15, "1e+15"},
        {0.00012345, "0.00012345"},                /* exponent from below 1e-4 */
        {0.000012345, "1.2345e-05"},
        {0.0, "0"},
        {-0.0, "0"},
        {INFINITY, "inf"},
        {-INFINITY, "-inf"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    char want[2048] = "", *got = malloc(4096);
    pv_csvw w;
    pv_err err = {0};
    assert_non_null(got);
    assert_int_equal(pv_csvw_open(&w, outpath, &err), 0);
    for (size_t i = 0; i < n; i++) {
        pv_csvw_num(&w, cases[i].v);
        strcat(want, i ? "," : "");
        strcat(want, cases[i].want);
    }
    pv_csvw_num(&w, NAN);
    pv_csvw_end(&w);
    strcat(want, ",\n");
    assert_int_equal(pv_csvw_close(&w), 0);
    /* the bytes, then each field read back: the same bits (-0 as +0) */
    FILE *f = fopen(outpath, "rb");
    assert_non_null(f);
    size_t len = fread(got, 1, 4095, f);
    fclose(f);
    got[len] = '\0';
    assert_string_equal(got, want);
    char *s = got;
    for (size_t i = 0; i < n; i++) {
        char *end;
        double back = strtod(s, &end), v = cases[i].v == 0 ? 0.0 : cases[i].v;
        assert_true(*end == ',');
        assert_memory_equal(&back, &v, sizeof v);
        s = end + 1;
    }
    assert_string_equal(s, "\n"); /* NAN: an empty last field */
    assert_int_equal(unlink(outpath), 0);
    free(got);
}

/* The same property on 200 000 doubles of every magnitude (bit patterns
 * from a fixed linear congruential sequence, NANs skipped): strtod gives
 * back the same bits, at most 17 significant digits are used, and 15 when
 * 15 read back (so 0.1 is never 0.10000000000000001). */
static void test_numbers_round_trip_many(void **state)
{
    (void)state;
    uint64_t x = 12345;
    char buf[PV_CSVW_NUMLEN], short15[64];
    for (int i = 0; i < 200000; i++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        uint64_t bits = i % 2 ? x : (x >> 12) | 0x3FE0000000000000u; /* any, or in [0.5, 1) */
        double v, back;
        memcpy(&v, &bits, sizeof v);
        if (isnan(v))
            continue;
        size_t len = pv_csvw_numfmt(buf, v);
        assert_int_equal(len, strlen(buf));
        back = strtod(buf, NULL);
        if (v == 0)
            v = 0.0;
        assert_memory_equal(&back, &v, sizeof v);
        snprintf(short15, sizeof short15, "%.15g", v);
        if (strtod(short15, NULL) == v)
            assert_string_equal(buf, short15);
        double parsed;
        if (isfinite(v)) {
            assert_int_equal(pv_csvw_parse_num(buf, &parsed), 0);
            assert_memory_equal(&parsed, &v, sizeof v);
        }
    }
}

/* pv_csvw_parse_num reads what the writer writes and nothing else. */
static void test_parse_num(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "inf", "-inf", "nan", " 1", "1 ", "0x10", "1,5",
                                      "1e", "--1", ".", "e5", "1e999", "abc"};
    double v = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(pv_csvw_parse_num(bad[i], &v), -1);
    assert_int_equal(pv_csvw_parse_num("1.2345e-05", &v), 0);
    assert_true(v == 1.2345e-05);
    assert_int_equal(pv_csvw_parse_num("-42", &v), 0);
    assert_true(v == -42);
    assert_int_equal(pv_csvw_parse_num("0.30000000000000004", &v), 0);
    assert_true(v == 0.1 + 0.2);
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
    pv_csvw_num(&w, 1.0);
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
        cmocka_unit_test(test_numbers_negative_zero),
        cmocka_unit_test(test_numbers_round_trip),
        cmocka_unit_test(test_numbers_round_trip_many),
        cmocka_unit_test(test_parse_num),
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
