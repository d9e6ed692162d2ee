/* test_numconv.c — pv_csvw_numfmt and pv_csvw_parse_num (pipeline/csvout.c,
 * through pipeline/numconv.cc: double-conversion and fast_float) against
 * glibc, the independent reference and the definition of the format.
 *
 * Writing: the bytes must be those of the algorithm the format was defined
 * with, ref_numfmt below: the first of snprintf's %.15g, %.16g, %.17g that
 * glibc's strtod reads back to the same double, "0" for -0.  Compared on
 *   - random bit patterns, every exponent (subnormals, huge, tiny; NANs
 *     skipped): 1 000 000 in `make check` (glibc's reference costs 1.5 us
 *     a number, in multi-precision at the extreme exponents, so 10^7 would
 *     take 15 s); PV_NUMCONV_N=30000000 for a longer run (issue 15:
 *     bench/README.md, "Numbers and hashes", has its result);
 *   - decimals of exactly 1..17 significant digits at random exponents
 *     (strtod of the text), so every shortest length is met;
 *   - integers and their neighbours (nextafter) around 1e15, 1e16, 1e17,
 *     2^53 and 2^54, where %g's exponent threshold moves with the digits;
 *   - every power of 10 and of 2 that is a double, and both neighbours;
 *   - ties: doubles whose exact decimal expansion has 16, 17 or 18
 *     significant digits ending in 5 (odd M x 2^-j, odd q x 5^a x 2^b), so
 *     that two 16- or 17-digit candidates are equally close and glibc
 *     rounds to even;
 *   - 0, -0, the extremes, infinities.
 * Reading: pv_csvw_parse_num against the old strspn + strtod reader on the
 * writer's output, on every string of the writer's alphabet of length 0..5
 * and 300 000 random ones of length 6..12, and on decimals next to the
 * midpoint between two doubles (40 digits: fast_float's slow path).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"

/* ---------------------------------------------------------------- references */

/* The writer as it was (csvout.c before numconv): glibc only. */
static size_t ref_numfmt(char *buf, size_t n, double v)
{
    int len = 0;
    if (v == 0)
        v = 0;
    for (int digits = 15; digits <= 17; digits++) {
        len = snprintf(buf, n, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return (size_t)len;
}

/* The reader as it was. */
static int ref_parse(const char *s, double *out)
{
    if (!*s || s[strspn(s, "0123456789+-.eE")] != '\0')
        return -1;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static long checked; /* numbers compared, for the summary line */

/* Both writers on v, then both readers on the text. */
static void check(double v)
{
    char got[PV_CSVW_NUMLEN + 8], want[64];
    memset(got, 'X', sizeof got);
    size_t n = pv_csvw_numfmt(got, v);
    size_t m = ref_numfmt(want, sizeof want, v);
    if (n != m || memcmp(got, want, m + 1) != 0) {
        print_error("v = %a: pv_csvw_numfmt \"%.*s\", glibc \"%s\"\n", v, (int)n, got, want);
        fail();
    }
    assert_true(n < PV_CSVW_NUMLEN);
    if (isfinite(v)) {
        double a = 1, b = 2;
        int ra = pv_csvw_parse_num(got, &a), rb = ref_parse(got, &b);
        assert_int_equal(ra, rb);
        assert_int_equal(ra, 0);
        assert_memory_equal(&a, &b, sizeof a);
    }
    checked++;
}

static void check_pm(double v)
{
    check(v);
    check(-v);
}

/* splitmix64: a fixed sequence, the same on every run */
static uint64_t rng_state = 0x5eed15u;
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* ---------------------------------------------------------------- writing */

static void test_random_bits(void **state)
{
    (void)state;
    const char *e = getenv("PV_NUMCONV_N");
    long n = e ? atol(e) : 1000000;
    long before = checked;
    for (long i = 0; i < n; i++) {
        uint64_t bits = rng();
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!isnan(v))
            check(v);
    }
    print_message("random bit patterns: %ld doubles compared\n", checked - before);
}

/* Decimals of exactly d significant digits, d = 1..17, at every decimal
 * exponent a double reaches. */
static void test_digit_counts(void **state)
{
    (void)state;
    char text[64];
    for (int d = 1; d <= 17; d++)
        for (int i = 0; i < 5000; i++) {
            uint64_t m = rng() % 9 + 1; /* a nonzero first digit */
            for (int k = 1; k < d; k++)
                m = m * 10 + rng() % 10;
            int ex = (int)(rng() % 640) - 330;
            snprintf(text, sizeof text, "%llue%d", (unsigned long long)m, ex);
            double v = strtod(text, NULL);
            if (v != 0 && isfinite(v))
                check_pm(v);
        }
}

/* Integers around the places where %g's choice of form moves. */
static void test_integers_near_limits(void **state)
{
    (void)state;
    static const double at[] = {1e14, 1e15, 1e16, 1e17, 1e18, 9007199254740992.0 /* 2^53 */,
                                18014398509481984.0 /* 2^54 */, 999999999999999.0,
                                9999999999999998.0, 99999999999999984.0};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        double up = at[i], down = at[i];
        for (int k = 0; k < 3000; k++) {
            check_pm(up);
            check_pm(down);
            up = nextafter(up, INFINITY);
            down = nextafter(down, 0);
        }
        for (int k = -3000; k <= 3000; k++) /* steps of one, where 1 is below the spacing too */
            check_pm(at[i] + k);
    }
}

static void test_powers(void **state)
{
    (void)state;
    char text[32];
    for (int e = -1074; e <= 1023; e++) {
        double v = ldexp(1, e);
        check_pm(v);
        check_pm(nextafter(v, 0));
        check_pm(nextafter(v, INFINITY));
    }
    for (int e = -325; e <= 308; e++) {
        snprintf(text, sizeof text, "1e%d", e);
        double v = strtod(text, NULL);
        if (v == 0)
            continue;
        check_pm(v);
        check_pm(nextafter(v, 0));
        check_pm(nextafter(v, INFINITY));
    }
}

/* Number of decimal digits of x. */
static int ndigits(uint64_t x)
{
    int n = 1;
    while (x >= 10)
        x /= 10, n++;
    return n;
}

/* Significant digits of the writer's text s (sign, point, exponent, leading
 * and trailing zeros not counted). */
static int sigdigits(const char *s)
{
    const char *a = s + strspn(s, "-0."), *e = a + strcspn(a, "e");
    int n = 0, zeros = 0;
    for (const char *p = a; p < e; p++)
        if (*p == '0')
            zeros++;
        else if (*p != '.')
            n += zeros + 1, zeros = 0;
    return n;
}

/* v, an exact decimal of nd significant digits, the last a 5: checked, and
 * counted in *real when the writer used nd - 1 digits (a true tie: both
 * neighbours at nd - 1 digits are half a unit away and read back to v). */
static void check_tie(double v, int nd, long *real)
{
    char buf[PV_CSVW_NUMLEN];
    check_pm(v);
    pv_csvw_numfmt(buf, v);
    *real += sigdigits(buf) == nd - 1;
}

/* Doubles whose exact value has 16..18 significant digits, the last a 5:
 * rounding to one digit fewer is a tie, which glibc breaks to even.
 *   - M x 2^-j, M odd (< 2^53): exactly M x 5^j / 10^j, digits of M x 5^j;
 *   - q x 5^a x 2^b, q odd, a > b: exactly q x 5^(a-b) x 10^b. */
static void test_ties(void **state)
{
    (void)state;
    long ties = 0, real = 0;
    for (int j = 1; j <= 12; j++) {
        uint64_t p5 = 1;
        for (int k = 0; k < j; k++)
            p5 *= 5;
        for (int i = 0; i < 10000; i++) {
            int want = 16 + i % 3;
            /* M x 5^j in [10^(want-1), 10^want) */
            double lo = pow(10, want - 1) / (double)p5, hi = pow(10, want) / (double)p5;
            if (lo >= 9007199254740992.0)
                continue;
            if (hi > 9007199254740992.0)
                hi = 9007199254740992.0;
            uint64_t m = (uint64_t)(lo + (hi - lo) * ((double)(rng() >> 11) / 9007199254740992.0));
            m |= 1;
            if (m >= 9007199254740992u || ndigits(m * p5) != want) /* m x 5^j < 2^64 */
                continue;
            check_tie(ldexp((double)m, -j), want, &real);
            ties++;
        }
    }
    for (int b = 0; b <= 10; b++)
        for (int a = b + 1; a <= b + 12; a++) {
            uint64_t p5 = 1, p5ab = 1;
            for (int k = 0; k < a; k++)
                p5 *= 5;
            for (int k = 0; k < a - b; k++)
                p5ab *= 5;
            for (int i = 0; i < 2000; i++) {
                uint64_t q = (rng() % (9007199254740992u / p5)) | 1;
                uint64_t m = q * p5; /* < 2^53 */
                int nd = ndigits(q * p5ab); /* the significant digits, the last a 5 */
                if (nd < 16 || nd > 18)
                    continue;
                check_tie(ldexp((double)m, b), nd, &real);
                ties++;
            }
        }
    print_message("tie candidates: %ld doubles compared, %ld of them ties at 16 or 17 digits\n",
                  ties, real);
    assert_true(real > 1000); /* the cases this test is for are met */
}

static void test_specials(void **state)
{
    (void)state;
    static const double v[] = {0.0, 1.0, 0.1, 0.5, 2.0 / 3, 1.5e-5, 1e-4, 1e-5, 9.99999999999999e-5,
                               123456789012.34375, 600000000000000.25, DBL_MAX, DBL_MIN,
                               DBL_TRUE_MIN, DBL_EPSILON, INFINITY};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        check_pm(v[i]);
    char buf[PV_CSVW_NUMLEN];
    assert_int_equal(pv_csvw_numfmt(buf, -0.0), 1);
    assert_string_equal(buf, "0");
    pv_csvw_numfmt(buf, 1e15);
    assert_string_equal(buf, "1e+15");
    pv_csvw_numfmt(buf, 1.5e-5);
    assert_string_equal(buf, "1.5e-05");
    pv_csvw_numfmt(buf, 1234567890123456.0); /* 16 digits: no exponent at %.16g */
    assert_string_equal(buf, "1234567890123456");
    pv_csvw_numfmt(buf, 600000000000000.25); /* a tie: .2 and .3 read back alike */
    assert_string_equal(buf, "600000000000000.2");
    pv_csvw_numfmt(buf, DBL_TRUE_MIN);
    assert_string_equal(buf, "4.94065645841247e-324");
    pv_csvw_numfmt(buf, -INFINITY);
    assert_string_equal(buf, "-inf");
}

/* ---------------------------------------------------------------- reading */

static void check_parse(const char *s)
{
    double a = 1, b = 2;
    int ra = pv_csvw_parse_num(s, &a), rb = ref_parse(s, &b);
    if (ra != rb || (ra == 0 && memcmp(&a, &b, sizeof a) != 0)) {
        print_error("\"%s\": pv_csvw_parse_num %d %a, strtod %d %a\n", s, ra, a, rb, b);
        fail();
    }
}

/* Every string of the writer's alphabet up to 5 characters, random ones
 * up to 12: signs, points and exponents in every place. */
static void test_parse_alphabet(void **state)
{
    (void)state;
    static const char abc[] = "0159+-.eE";
    const size_t na = sizeof abc - 1;
    char s[16];
    for (int len = 0; len <= 5; len++) {
        size_t total = 1;
        for (int k = 0; k < len; k++)
            total *= na;
        for (size_t i = 0; i < total; i++) {
            size_t x = i;
            for (int k = 0; k < len; k++, x /= na)
                s[k] = abc[x % na];
            s[len] = '\0';
            check_parse(s);
        }
    }
    static const char full[] = "0123456789+-.eE";
    for (int i = 0; i < 300000; i++) {
        int len = 6 + (int)(rng() % 7);
        for (int k = 0; k < len; k++)
            s[k] = (k == 0 || rng() % 3) ? full[rng() % 10] : full[rng() % (sizeof full - 1)];
        s[len] = '\0';
        check_parse(s);
    }
    static const char *const odd[] = {"+1", "+-1", "-+1", "+", "-", "+.5", "-.5", "5.", ".5e1",
                                      "1e400", "-1e400", "1e-400", "1.e5", "00012", "1e0005",
                                      "2.4703282292062327e-324", "2.4703282292062328e-324",
                                      "1.7976931348623157e308", "1.7976931348623159e308",
                                      "0.000000000000000000000000000000000000001e39"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
        check_parse(odd[i]);
}

/* Decimals at, just below and just above the midpoint of two neighbouring
 * doubles (long double holds the midpoint exactly: 64-bit significand). */
static void test_parse_midpoints(void **state)
{
    (void)state;
    char s[128];
    for (int i = 0; i < 20000; i++) {
        uint64_t bits = rng() & ~(UINT64_C(1) << 63);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v) || nextafter(v, INFINITY) == INFINITY)
            continue;
        long double mid = ((long double)v + (long double)nextafter(v, INFINITY)) / 2;
        snprintf(s, sizeof s, "%.39Le", mid);
        check_parse(s);
        snprintf(s, sizeof s, "%.17Le", mid); /* a near miss either side */
        check_parse(s);
        snprintf(s, sizeof s, "%.25Le", nextafterl(mid, 0));
        check_parse(s);
        snprintf(s, sizeof s, "%.25Le", nextafterl(mid, INFINITY));
        check_parse(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_specials),
        cmocka_unit_test(test_integers_near_limits),
        cmocka_unit_test(test_powers),
        cmocka_unit_test(test_digit_counts),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_random_bits),
        cmocka_unit_test(test_parse_alphabet),
        cmocka_unit_test(test_parse_midpoints),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    print_message("numconv: %ld doubles written and read back alike\n", checked);
    return r;
}
