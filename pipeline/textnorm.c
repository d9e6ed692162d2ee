/* textnorm.c — text folded for matching (see textnorm.h). */
#include "textnorm.h"

#include <glib.h>
#include <string.h>

/* White space: g_unichar_isspace knows the Unicode separators (Zs, Zl, Zp)
 * and \t \n \r \f, but not the vertical tab or NEL. */
static int is_space(gunichar c)
{
    return g_unichar_isspace(c) || c == 0x0B || c == 0x85;
}

/* Dashes and hyphens: Unicode's dash punctuation (hyphen-minus, U+2010
 * hyphen, U+2011 non-breaking hyphen, figure dash, en and em dashes,
 * horizontal bar, ...) and the minus sign, which is Sm. */
static int is_dash(gunichar c)
{
    return g_unichar_type(c) == G_UNICODE_DASH_PUNCTUATION || c == 0x2212;
}

/* Apostrophes typed with another character than ' (NFKD leaves them). */
static int is_apostrophe(gunichar c)
{
    return c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x2032;
}

char *pv_textnorm(const char *s)
{
    /* NFKD, case fold, NFKD again (after Unicode's compatibility caseless
     * match): the first decomposition exposes letters that fold ("ℌ" ->
     * "H" -> "h"), the second decomposes what folding made */
    char *valid = g_utf8_make_valid(s ? s : "", -1);
    char *first = g_utf8_normalize(valid, -1, G_NORMALIZE_NFKD);
    char *folded = g_utf8_casefold(first ? first : "", -1);
    char *nfkd = g_utf8_normalize(folded, -1, G_NORMALIZE_NFKD);
    GString *out = g_string_sized_new(strlen(nfkd ? nfkd : "") + 1);
    int space = 0; /* a space is pending: written before the next character */
    for (const char *p = nfkd ? nfkd : ""; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_ismark(c) || g_unichar_type(c) == G_UNICODE_FORMAT)
            continue; /* accents; soft hyphen, zero-width characters */
        if (is_space(c) || is_dash(c)) {
            space = out->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(out, ' ');
        space = 0;
        g_string_append_unichar(out, is_apostrophe(c) ? '\'' : c);
    }
    g_free(nfkd);
    g_free(folded);
    g_free(first);
    g_free(valid);
    return g_string_free(out, FALSE);
}

int pv_textnorm_has_words(const char *text, const char *term)
{
    size_t tl = strlen(term);
    if (tl == 0)
        return 0;
    for (const char *p = strstr(text, term); p; p = strstr(p + 1, term)) {
        gunichar before = p > text ? g_utf8_get_char(g_utf8_prev_char(p)) : ' ';
        gunichar after = p[tl] ? g_utf8_get_char(p + tl) : ' ';
        if (!g_unichar_isalnum(before) && !g_unichar_isalnum(after))
            return 1;
    }
    return 0;
}

int pv_textnorm_has_alnum(const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        if (g_unichar_isalnum(g_utf8_get_char(p)))
            return 1;
    return 0;
}
