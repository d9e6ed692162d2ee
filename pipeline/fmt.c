/* fmt.c — number and date formatting for humans (see fmt.h).
 *
 * No locale calls: the output depends only on the arguments, whatever
 * LC_ALL says.  Numbers are rounded once, to an unsigned integer count of
 * 10^-decimals units, then printed digit by digit with the grouping and
 * decimal mark of the language.  Workload: a few thousand short strings per
 * run (tick labels, value labels, captions); nothing here allocates.
 */
#include "fmt.h"
#include <glib.h>

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Typography of each language
 * ------------------------------------------------------------------------ */

#define FMT_NNBSP "\xE2\x80\xAF"  /* U+202F NARROW NO-BREAK SPACE */
#define FMT_MINUS "\xE2\x88\x92"  /* U+2212 MINUS SIGN */
#define FMT_NDASH "\xE2\x80\x93"  /* U+2013 EN DASH */
#define FMT_EMDASH "\xE2\x80\x94" /* U+2014 EM DASH */

/* Largest number of decimals honoured; more is clamped to this. */
#define FMT_MAX_DECIMALS 9

typedef struct {
    const char *group;   /* thousands separator */
    const char *decimal; /* decimal mark */
    const char *minus;   /* sign of negative numbers */
    const char *pct;     /* percent sign, with its leading space if any */
} fmt_typo;

static const fmt_typo fmt_typos[2] = {
    [PV_LANG_FR] = {FMT_NNBSP, ",", FMT_MINUS, FMT_NNBSP "%"},
    [PV_LANG_EN] = {",", ".", "-", "%"},
};

/* OQLF abbreviations (French) and the usual English ones. */
static const char *const fmt_months[2][12] = {
    [PV_LANG_FR] = {"janv.", "févr.", "mars", "avr.", "mai", "juin",
                    "juill.", "août", "sept.", "oct.", "nov.", "déc."},
    [PV_LANG_EN] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
};

static const fmt_typo *fmt_typo_get(pv_lang lang)
{
    return &fmt_typos[lang == PV_LANG_EN ? PV_LANG_EN : PV_LANG_FR];
}

/* ------------------------------------------------------------------------
 * Bounded string builder
 *
 * Appends to a caller-owned buffer; when the buffer is full the text is cut
 * at a UTF-8 character boundary, so the result is always valid UTF-8 and
 * NUL-terminated (when n > 0).
 * ------------------------------------------------------------------------ */

typedef struct {
    char *buf;
    size_t n;   /* capacity including the NUL */
    size_t len; /* bytes written, excluding the NUL */
    int full;   /* set once something did not fit; later appends are no-ops */
} fmt_sb;

static fmt_sb fmt_sb_init(char *buf, size_t n)
{
    fmt_sb sb = {buf, n, 0, n == 0};
    if (n > 0)
        buf[0] = '\0';
    return sb;
}

/* Append s; on overflow, append its longest prefix that ends on a character
 * boundary and stop accepting text. */
static void fmt_sb_put(fmt_sb *sb, const char *s)
{
    size_t k = strlen(s), room;

    if (sb->full)
        return;
    room = sb->n - 1 - sb->len;
    if (k > room) {
        k = room;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--; /* s[k] is a continuation byte: cut before its lead byte */
        sb->full = 1;
    }
    memcpy(sb->buf + sb->len, s, k);
    sb->len += k;
    sb->buf[sb->len] = '\0';
}

/* ------------------------------------------------------------------------
 * Numbers
 * ------------------------------------------------------------------------ */

/* Append the decimal digits of u, grouped by three with `group` (NULL: no
 * grouping). */
static void fmt_sb_put_digits(fmt_sb *sb, unsigned long long u,
                              const char *group)
{
    char digits[24];
    int nd = 0, i;

    do {
        digits[nd++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    for (i = nd - 1; i >= 0; i--) {
        char one[2] = {digits[i], '\0'};
        fmt_sb_put(sb, one);
        if (group && i > 0 && i % 3 == 0)
            fmt_sb_put(sb, group);
    }
}

static unsigned long long fmt_pow10(int d)
{
    unsigned long long p = 1;
    while (d-- > 0)
        p *= 10;
    return p;
}

/* Append v with `decimals` decimals.  NaN prints an em dash; infinities and
 * magnitudes beyond 1e18 units print with the sign and "∞". */
static void fmt_sb_put_number(fmt_sb *sb, double v, int decimals,
                              const fmt_typo *t)
{
    unsigned long long scale, units;
    double x;

    if (isnan(v)) {
        fmt_sb_put(sb, FMT_EMDASH);
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > FMT_MAX_DECIMALS)
        decimals = FMT_MAX_DECIMALS;
    scale = fmt_pow10(decimals);
    /* Round half away from zero, after the 1e-9 nudge that makes 0.605
     * (stored as 0.60499999...) round like the decimal it was written as. */
    x = floor(fabs(v) * (double)scale + 0.5 + 1e-9);
    if (!(x < 1e18)) {
        fmt_sb_put(sb, v < 0 ? t->minus : "");
        fmt_sb_put(sb, "\xE2\x88\x9E"); /* U+221E INFINITY */
        return;
    }
    units = (unsigned long long)x;
    if (v < 0 && units > 0)
        fmt_sb_put(sb, t->minus); /* never "-0" */
    fmt_sb_put_digits(sb, units / scale, t->group);
    if (decimals > 0) {
        unsigned long long frac = units % scale;
        char f[FMT_MAX_DECIMALS + 1];
        int i;
        for (i = decimals - 1; i >= 0; i--) {
            f[i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        f[decimals] = '\0';
        fmt_sb_put(sb, t->decimal);
        fmt_sb_put(sb, f);
    }
}

/* Integers: exact for the whole long long range (no double round-trip). */
char *pv_fmt_int(char *buf, size_t n, long long v, pv_lang lang)
{
    const fmt_typo *t = fmt_typo_get(lang);
    fmt_sb sb = fmt_sb_init(buf, n);
    unsigned long long u;

    if (v < 0) {
        fmt_sb_put(&sb, t->minus);
        u = 0ULL - (unsigned long long)v; /* safe for LLONG_MIN */
    } else {
        u = (unsigned long long)v;
    }
    fmt_sb_put_digits(&sb, u, t->group);
    return buf;
}

char *pv_fmt_dec(char *buf, size_t n, double v, int decimals, pv_lang lang)
{
    fmt_sb sb = fmt_sb_init(buf, n);
    fmt_sb_put_number(&sb, v, decimals, fmt_typo_get(lang));
    return buf;
}

char *pv_fmt_pct(char *buf, size_t n, double p, int decimals, pv_lang lang)
{
    const fmt_typo *t = fmt_typo_get(lang);
    fmt_sb sb = fmt_sb_init(buf, n);

    fmt_sb_put_number(&sb, p * 100.0, decimals, t);
    if (!isnan(p))
        fmt_sb_put(&sb, t->pct);
    return buf;
}

/* ------------------------------------------------------------------------
 * Dates
 * ------------------------------------------------------------------------ */

const char *pv_fmt_month_abbr(int month, pv_lang lang)
{
    if (month < 1 || month > 12)
        return "?";
    return fmt_months[lang == PV_LANG_EN ? PV_LANG_EN : PV_LANG_FR][month - 1];
}

static void fmt_sb_put_month(fmt_sb *sb, int year, int month, pv_lang lang)
{
    fmt_sb_put(sb, pv_fmt_month_abbr(month, lang));
    fmt_sb_put(sb, " ");
    /* Years are never grouped: "2024", not "2 024". */
    if (year < 0) {
        fmt_sb_put(sb, "-");
        fmt_sb_put_digits(sb, 0ULL - (unsigned long long)year, NULL);
    } else {
        fmt_sb_put_digits(sb, (unsigned long long)year, NULL);
    }
}

char *pv_fmt_month(char *buf, size_t n, int year, int month, pv_lang lang)
{
    fmt_sb sb = fmt_sb_init(buf, n);
    fmt_sb_put_month(&sb, year, month, lang);
    return buf;
}

char *pv_fmt_period(char *buf, size_t n, int y0, int m0, int y1, int m1,
                    pv_lang lang)
{
    fmt_sb sb = fmt_sb_init(buf, n);

    fmt_sb_put_month(&sb, y0, m0, lang);
    fmt_sb_put(&sb, " " FMT_NDASH " ");
    fmt_sb_put_month(&sb, y1, m1, lang);
    return buf;
}

/* See fmt.h.  Byte-wise on UTF-8: every character replaced is ASCII. */
char *pv_fmt_typo(const char *s, pv_lang lang)
{
    GString *g;
    size_t i, n;

    if (!s)
        return NULL;
    if (lang != PV_LANG_FR)
        return g_strdup(s);
    g = g_string_sized_new(strlen(s) + 16);
    n = strlen(s);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i], next = (unsigned char)s[i + 1];
        int prev_alpha = i > 0 && (g_ascii_isalpha(s[i - 1]) || (s[i - 1] & 0x80));
        if (c == '\'' && prev_alpha && (g_ascii_isalpha(next) || (next & 0x80))) {
            g_string_append(g, "\u2019");
        } else if (c == ' ' && (next == ';' || next == ':' || next == '!' || next == '?' ||
                                next == '%')) {
            g_string_append(g, "\u202F");
        } else if (c == ' ' && i >= 1 && s[i - 1] == 'n' && next == '=' &&
                   (i < 2 || !g_ascii_isalnum(s[i - 2])) && s[i + 2] == ' ') {
            g_string_append(g, "\u202F=\u202F"); /* "n = 5" */
            i += 2;
        } else if (c == ' ' && i >= 2 && !strncmp(s + i - 2, "\u00AB", 2)) {
            g_string_append(g, "\u00A0");
        } else if (c == ' ' && !strncmp(s + i + 1, "\u00BB", 2)) {
            g_string_append(g, "\u00A0");
        } else {
            g_string_append_c(g, (char)c);
        }
    }
    return g_string_free(g, FALSE);
}
