/* test_value.c — unit tests of pipeline/value.c: typed field parsers and
 * the civil-date <-> day-number conversions.
 *
 * Expected values are worked out by hand, except the day numbers, which
 * were checked with GNU date (seconds since the epoch in UTC / 86400):
 *   date -u -d 2024-01-01 +%s   -> 1704067200 / 86400 = 19723
 *   date -u -d 1900-01-01 +%s   -> -25567 days
 *   date -u -d 2000-03-01 +%s   -> 11017 days
 *   date -u -d 2999-12-31 +%s   -> 376199 days
 * The round-trip test walks every day from 1900-01-01 to 2999-12-31 with a
 * naive day-by-day calendar written here, independent of Hinnant's formulas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "value.h"

/* ---- integers ---------------------------------------------------------- */

static void ok_int(const char *s, int64_t want)
{
    int64_t v = -12345;
    assert_int_equal(pv_parse_int(s, &v), 0);
    assert_true(v == want);
}

static void bad_int(const char *s)
{
    int64_t v = -12345;
    assert_int_equal(pv_parse_int(s, &v), -1);
    assert_true(v == -12345); /* *out left as is */
}

static void test_parse_int(void **state)
{
    (void)state;
    ok_int("0", 0);
    ok_int("42", 42);
    ok_int("-17", -17);
    ok_int("+5", 5);
    ok_int("007", 7);
    ok_int("9223372036854775807", INT64_MAX);
    ok_int("-9223372036854775808", INT64_MIN);
    bad_int("");
    bad_int("-");
    bad_int("+");
    bad_int("1.5");
    bad_int("12a");
    bad_int(" 1");
    bad_int("1 ");
    bad_int("0x10");
    bad_int("1e3");
    bad_int("--1");
    bad_int("9223372036854775808");
    bad_int("-9223372036854775809");
}

/* ---- decimals ---------------------------------------------------------- */

static void ok_dec(const char *s, char dec, double want)
{
    double v = -999.0;
    assert_int_equal(pv_parse_dec(s, dec, &v), 0);
    if (v != want)
        fail_msg("pv_parse_dec(\"%s\", '%c') = %.17g, want %.17g", s, dec, v, want);
}

static void bad_dec(const char *s, char dec)
{
    double v = -999.0;
    if (pv_parse_dec(s, dec, &v) != -1)
        fail_msg("pv_parse_dec(\"%s\", '%c') accepted (%.17g)", s, dec, v);
    assert_true(v == -999.0);
}

static void test_parse_dec(void **state)
{
    (void)state;
    ok_dec("3.14", '.', 3.14);
    ok_dec("3,14", ',', 3.14);
    ok_dec("-0,5", ',', -0.5);
    ok_dec("+2.25", '.', 2.25);
    ok_dec("7", '.', 7.0);
    ok_dec("7", ',', 7.0);
    ok_dec("0.1", '.', 0.1);
    ok_dec("1000000.5", '.', 1000000.5);
    bad_dec("3,14", '.');   /* wrong separator */
    bad_dec("3.14", ',');
    bad_dec("1.2.3", '.');  /* two separators */
    bad_dec("1,000.5", '.'); /* grouping */
    bad_dec("1 000", ',');
    bad_dec("1e5", '.');    /* no exponent */
    bad_dec("", '.');
    bad_dec("-", '.');
    bad_dec(".", '.');
    bad_dec(",", ',');
    bad_dec("1-", '.');
    bad_dec("inf", '.');
    bad_dec("nan", '.');
    bad_dec("0x1p3", '.');
    bad_dec(" 1.5", '.');
}

/* ---- dates ------------------------------------------------------------- */

static void ok_date(const char *s, int32_t want)
{
    int32_t d = -777;
    assert_int_equal(pv_parse_date(s, &d), 0);
    assert_int_equal(d, want);
}

static void bad_date(const char *s)
{
    int32_t d = -777;
    if (pv_parse_date(s, &d) != -1)
        fail_msg("pv_parse_date(\"%s\") accepted (%d)", s, (int)d);
    assert_int_equal(d, -777);
}

static void test_parse_date(void **state)
{
    (void)state;
    ok_date("1970-01-01", 0);
    ok_date("1969-12-31", -1);
    ok_date("2024-01-01", 19723);          /* date -u, see header */
    ok_date("2024-02-29", 19723 + 31 + 28); /* 2024 is a leap year */
    ok_date("2024-03-01", 19723 + 31 + 29);
    ok_date("2000-02-29", 11017 - 1);      /* 2000: divisible by 400 */
    ok_date("1900-01-01", -25567);
    ok_date("2999-12-31", 376199);
    bad_date("2023-02-29");  /* 2023 is not a leap year */
    bad_date("1900-02-29");  /* 1900: divisible by 100, not by 400 */
    bad_date("2024-13-01");
    bad_date("2024-00-10");
    bad_date("2024-04-31");
    bad_date("2024-01-00");
    bad_date("2024-1-01");
    bad_date("2024-01-1");
    bad_date("24-01-01");
    bad_date("2024/01/01");
    bad_date("2024-01-01 ");
    bad_date("01/01/2024");
    bad_date("1899-12-31");  /* years 1900..2999 only */
    bad_date("3000-01-01");
    bad_date("");
}

static void test_date_iso(void **state)
{
    (void)state;
    char buf[11];
    assert_string_equal(pv_date_iso(buf, 0), "1970-01-01");
    assert_string_equal(pv_date_iso(buf, -1), "1969-12-31");
    assert_string_equal(pv_date_iso(buf, 19723), "2024-01-01");
    assert_string_equal(pv_date_iso(buf, 19723 + 59), "2024-02-29");
}

/* ---- yes/no ------------------------------------------------------------ */

static void ok_yn(const char *s, int want)
{
    int v = -1;
    assert_int_equal(pv_parse_yesno(s, &v), 0);
    assert_int_equal(v, want);
}

static void bad_yn(const char *s)
{
    int v = 7;
    assert_int_equal(pv_parse_yesno(s, &v), -1);
    assert_int_equal(v, 7);
}

static void test_parse_yesno(void **state)
{
    (void)state;
    ok_yn("oui", 1);
    ok_yn("NON", 0);
    ok_yn("Oui", 1);
    ok_yn("yes", 1);
    ok_yn("No", 0);
    ok_yn("o", 1);
    ok_yn("N", 0);
    ok_yn("y", 1);
    ok_yn("VRAI", 1);
    ok_yn("faux", 0);
    ok_yn("True", 1);
    ok_yn("FALSE", 0);
    ok_yn("1", 1);
    ok_yn("0", 0);
    bad_yn("");
    bad_yn("2");
    bad_yn("maybe");
    bad_yn("oui ");
    bad_yn(" non");
    bad_yn("ja");
    bad_yn("01");
}

/* ---- day numbers ------------------------------------------------------- */

static void test_days_known(void **state)
{
    (void)state;
    assert_int_equal(pv_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(pv_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(pv_days_from_civil(2024, 1, 1), 19723);
    assert_int_equal(pv_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(pv_days_from_civil(1900, 1, 1), -25567);
    assert_int_equal(pv_days_from_civil(2999, 12, 31), 376199);
    int y, m, d;
    pv_civil_from_days(0, &y, &m, &d);
    assert_int_equal(y, 1970); assert_int_equal(m, 1); assert_int_equal(d, 1);
    pv_civil_from_days(19723, &y, &m, &d);
    assert_int_equal(y, 2024); assert_int_equal(m, 1); assert_int_equal(d, 1);
    pv_civil_from_days(-25567, &y, &m, &d);
    assert_int_equal(y, 1900); assert_int_equal(m, 1); assert_int_equal(d, 1);
}

static int naive_month_len(int y, int m)
{
    if (m == 2)
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
    return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/* Every day of 1900..2999: consecutive day numbers, both directions agree. */
static void test_days_round_trip(void **state)
{
    (void)state;
    int y = 1900, m = 1, d = 1;
    int32_t z = -25567;
    for (; y <= 2999; z++) {
        int yy, mm, dd;
        if (pv_days_from_civil(y, m, d) != z)
            fail_msg("days_from_civil(%d-%02d-%02d) = %d, want %d", y, m, d,
                     (int)pv_days_from_civil(y, m, d), (int)z);
        pv_civil_from_days(z, &yy, &mm, &dd);
        if (yy != y || mm != m || dd != d)
            fail_msg("civil_from_days(%d) = %d-%02d-%02d, want %d-%02d-%02d",
                     (int)z, yy, mm, dd, y, m, d);
        if (++d > naive_month_len(y, m)) {
            d = 1;
            if (++m > 12)
                m = 1, y++;
        }
    }
    assert_int_equal(z, 376199 + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_int),
        cmocka_unit_test(test_parse_dec),
        cmocka_unit_test(test_parse_date),
        cmocka_unit_test(test_date_iso),
        cmocka_unit_test(test_parse_yesno),
        cmocka_unit_test(test_days_known),
        cmocka_unit_test(test_days_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
