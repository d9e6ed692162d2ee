/* value.c — see value.h. */
#include "value.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int pv_parse_int(const char *s, int64_t *out)
{
    const char *p = s;
    int neg = *p == '-';
    if (*p == '+' || *p == '-')
        p++;
    if (!*p)
        return -1;
    /* digits by hand, overflow checked (strtoll was most of this function
     * on the benchmark): the magnitude may reach 2^63 when negative */
    uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; *p; p++) {
        unsigned dg = (unsigned)(*p - '0');
        if (dg > 9)
            return -1;
        if (v > (lim - dg) / 10)
            return -1;
        v = v * 10 + dg;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

int pv_parse_dec(const char *s, char dec, double *out)
{
    char buf[64];
    size_t n = strlen(s), ndig = 0, nsep = 0;
    if (n == 0 || n >= sizeof buf)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            ndig++, buf[i] = c;
        else if (c == dec && nsep == 0)
            nsep++, buf[i] = '.';
        else if ((c == '+' || c == '-') && i == 0)
            buf[i] = c;
        else
            return -1;
    }
    buf[n] = '\0';
    if (ndig == 0)
        return -1;
    double v = strtod(buf, NULL);
    if (!isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int32_t pv_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

void pv_civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return dm[m - 1] + (m == 2 && leap);
}

int pv_parse_date(const char *s, int32_t *days)
{
    static const char shape[] = "dddd-dd-dd";
    if (strlen(s) != 10)
        return -1;
    for (int i = 0; i < 10; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
            return -1;
    /* all ten bytes checked above: the digits by hand (atoi was 6 % of
     * ingest on a 10x dataset) */
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m))
        return -1;
    *days = pv_days_from_civil(y, m, d);
    return 0;
}

char *pv_date_iso(char *buf, int32_t days)
{
    int y, m, d;
    pv_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
        return buf;
    }
    /* by hand: snprintf was 8 % of ingest on the benchmark */
    buf[0] = (char)('0' + y / 1000), buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10), buf[3] = (char)('0' + y % 10);
    buf[4] = '-', buf[5] = (char)('0' + m / 10), buf[6] = (char)('0' + m % 10);
    buf[7] = '-', buf[8] = (char)('0' + d / 10), buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
    return buf;
}

int pv_parse_yesno(const char *s, int *out)
{
    static const struct { const char *word; int v; } words[] = {
        {"oui", 1}, {"non", 0}, {"yes", 1}, {"no", 0}, {"o", 1}, {"n", 0},
        {"y", 1}, {"vrai", 1}, {"faux", 0}, {"true", 1}, {"false", 0},
        {"1", 1}, {"0", 0}};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcasecmp(s, words[i].word) == 0) {
            *out = words[i].v;
            return 0;
        }
    return -1;
}
