/* test_fmt.c — unit tests of pipeline/fmt.c: exact strings in both languages.
 *
 * Expected strings are written with explicit escapes for the non-ASCII
 * characters so that a look-alike space cannot slip in:
 *   NNBSP  U+202F narrow no-break space (French grouping and "61 %")
 *   MINUS  U+2212 minus sign (French negatives)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

#define NNBSP "\xE2\x80\xAF"
#define MINUS "\xE2\x88\x92"
#define NDASH "\xE2\x80\x93"

static char buf[128];

/* ---- integers ---------------------------------------------------------- */

static void test_int_fr(void **state)
{
    (void)state;
    assert_string_equal(pv_fmt_int(buf, sizeof buf, 0, PV_LANG_FR), "0");
    assert_string_equal(pv_fmt_int(buf, sizeof buf, 999, PV_LANG_FR), "999");
    assert_string_equal(pv_fmt_int(buf, sizeof buf, 5305, PV_LANG_FR),
                        "5" NNBSP "305");
    assert_string_equal(pv_fmt_int(buf, sizeof buf, 10036, PV_LANG_FR),
                        "10" NNBSP "036");
    assert_string_equal(pv_fmt_int(buf, sizeof buf, 1234567, PV_LANG_FR),
                        "1" NNBSP "234" NNBSP "567");
    assert_string_equal(pv_fmt_int(buf, sizeof buf, -1234, PV_LANG_FR),
                        MINUS "1" NNBSP "234");
}

static void test_int_en(void **state)
{
    (void)state;
    assert_string_equal(pv_fmt_int(buf, sizeof buf, 0, PV_LANG_EN), "0");
    assert_string_equal(pv_fmt_int(buf, sizeof buf, 5305, PV_LANG_EN), "5,305");
    assert_string_equal(pv_fmt_int(buf, sizeof buf, 1234567, PV_LANG_EN),
                        "1,234,567");
    assert_string_equal(pv_fmt_int(buf, sizeof buf, -1234, PV_LANG_EN), "-1,234");
    assert_string_equal(pv_fmt_int(buf, sizeof buf, LLONG_MIN, PV_LANG_EN),
                        "-9,223,372,036,854,775,808");
}

/* ---- decimals ---------------------------------------------------------- */

static void test_dec(void **state)
{
    (void)state;
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 0.83, 2, PV_LANG_FR), "0,83");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 0.83, 2, PV_LANG_EN), "0.83");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 1234.5, 1, PV_LANG_FR),
                        "1" NNBSP "234,5");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 1234.5, 1, PV_LANG_EN),
                        "1,234.5");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 2.5, 0, PV_LANG_EN), "3");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, -2.5, 0, PV_LANG_EN), "-3");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 1.005, 2, PV_LANG_EN), "1.01");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 0.05, 3, PV_LANG_FR), "0,050");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, -0.83, 2, PV_LANG_FR),
                        MINUS "0,83");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 0.0, 0, PV_LANG_FR), "0");
}

static void test_dec_no_negative_zero(void **state)
{
    (void)state;
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, -0.004, 2, PV_LANG_EN), "0.00");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, -0.0, 0, PV_LANG_FR), "0");
}

static void test_dec_special(void **state)
{
    (void)state;
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, NAN, 2, PV_LANG_FR),
                        "\xE2\x80\x94");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, INFINITY, 0, PV_LANG_EN),
                        "\xE2\x88\x9E");
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, NAN, 0, PV_LANG_EN),
                        "\xE2\x80\x94");
}

/* ---- percentages ------------------------------------------------------- */

static void test_pct_rounding(void **state)
{
    (void)state;
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, 0.605, 0, PV_LANG_FR),
                        "61" NNBSP "%");
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, 0.6049, 0, PV_LANG_FR),
                        "60" NNBSP "%");
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, 0.605, 0, PV_LANG_EN), "61%");
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, 0.6049, 0, PV_LANG_EN), "60%");
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, 0.8312, 1, PV_LANG_FR),
                        "83,1" NNBSP "%");
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, 0.8312, 1, PV_LANG_EN), "83.1%");
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, 0.0, 0, PV_LANG_FR),
                        "0" NNBSP "%");
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, 1.0, 0, PV_LANG_EN), "100%");
    assert_string_equal(pv_fmt_pct(buf, sizeof buf, -0.05, 0, PV_LANG_FR),
                        MINUS "5" NNBSP "%");
}

/* ---- months ------------------------------------------------------------ */

static void test_months_fr(void **state)
{
    static const char *const want[12] = {
        "janv.", "févr.", "mars", "avr.", "mai", "juin",
        "juill.", "août", "sept.", "oct.", "nov.", "déc."};
    int m;
    (void)state;
    for (m = 1; m <= 12; m++)
        assert_string_equal(pv_fmt_month_abbr(m, PV_LANG_FR), want[m - 1]);
    assert_string_equal(pv_fmt_month(buf, sizeof buf, 2024, 1, PV_LANG_FR),
                        "janv. 2024");
    assert_string_equal(pv_fmt_month(buf, sizeof buf, 2025, 3, PV_LANG_FR),
                        "mars 2025");
    assert_string_equal(pv_fmt_month(buf, sizeof buf, 2024, 8, PV_LANG_FR),
                        "août 2024");
}

static void test_months_en(void **state)
{
    static const char *const want[12] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
    int m;
    (void)state;
    for (m = 1; m <= 12; m++)
        assert_string_equal(pv_fmt_month_abbr(m, PV_LANG_EN), want[m - 1]);
    assert_string_equal(pv_fmt_month(buf, sizeof buf, 2024, 1, PV_LANG_EN),
                        "Jan 2024");
    assert_string_equal(pv_fmt_month_abbr(0, PV_LANG_EN), "?");
    assert_string_equal(pv_fmt_month_abbr(13, PV_LANG_FR), "?");
}

static void test_period(void **state)
{
    (void)state;
    assert_string_equal(
        pv_fmt_period(buf, sizeof buf, 2024, 1, 2025, 3, PV_LANG_FR),
        "janv. 2024 " NDASH " mars 2025");
    assert_string_equal(
        pv_fmt_period(buf, sizeof buf, 2024, 1, 2025, 3, PV_LANG_EN),
        "Jan 2024 " NDASH " Mar 2025");
}

/* ---- truncation -------------------------------------------------------- */

/* A short buffer is cut at a character boundary, never inside U+202F. */
static void test_truncation(void **state)
{
    char small[4];
    (void)state;
    /* "5" + NNBSP (3 bytes) + "305" does not fit in 3 bytes + NUL: the
     * NNBSP must be dropped whole. */
    assert_string_equal(pv_fmt_int(small, sizeof small, 5305, PV_LANG_FR), "5");
    assert_string_equal(pv_fmt_int(small, sizeof small, 5305, PV_LANG_EN), "5,3");
    assert_string_equal(pv_fmt_month(small, 1, 2024, 1, PV_LANG_EN), "");
    /* n = 0: nothing written, no crash. */
    small[0] = 'x';
    pv_fmt_int(small, 0, 5305, PV_LANG_FR);
    assert_int_equal(small[0], 'x');
}

/* The output never depends on the process locale (if the machine has a
 * French locale, it is switched on; otherwise this checks the C locale). */
static void test_locale_independent(void **state)
{
    (void)state;
    if (!setlocale(LC_ALL, "fr_CA.UTF-8"))
        setlocale(LC_ALL, "fr_FR.UTF-8");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 1234.5, 1, PV_LANG_EN),
                        "1,234.5");
    assert_string_equal(pv_fmt_dec(buf, sizeof buf, 1234.5, 1, PV_LANG_FR),
                        "1" NNBSP "234,5");
    setlocale(LC_ALL, "C");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_fr),
        cmocka_unit_test(test_int_en),
        cmocka_unit_test(test_dec),
        cmocka_unit_test(test_dec_no_negative_zero),
        cmocka_unit_test(test_dec_special),
        cmocka_unit_test(test_pct_rounding),
        cmocka_unit_test(test_months_fr),
        cmocka_unit_test(test_months_en),
        cmocka_unit_test(test_period),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_locale_independent),
    };
    return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
