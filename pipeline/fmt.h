/* fmt.h — number and date formatting for humans (figures, captions, notes).
 *
 * Machine outputs (CSV tables) never use these: they keep '.' decimals and no
 * grouping so R and spreadsheets read them.  These are for text a reader sees.
 *
 * French (default): thousands grouped with U+202F NARROW NO-BREAK SPACE
 * ("5 305"), decimal comma ("0,83"), percent preceded by U+202F ("61 %"),
 * abbreviated months "janv. 2024" (OQLF abbreviations).
 * English: "5,305", "0.83", "61%", "Jan 2024".
 *
 * All functions write a NUL-terminated UTF-8 string into buf (size n, caller
 * owned), truncating safely, and return buf.  Rounding is to nearest with
 * ties away from zero on the decimal value printed (as printf after a 1e-9
 * nudge), so 0.605 -> "61 %" with 0 decimals.
 *
 * Negative numbers: U+2212 MINUS SIGN in French ("−12"), ASCII '-' in
 * English ("-12"); a value that rounds to zero prints without sign ("0").
 * NaN prints an em dash "—" (no percent sign); infinities print "∞".
 * Decimals are clamped to 0..9.  No locale calls: the output never depends
 * on LC_ALL.  A lang other than PV_LANG_EN is treated as French.
 */
#ifndef PV_FMT_H
#define PV_FMT_H

#include "pv.h"

char *pv_fmt_int(char *buf, size_t n, long long v, pv_lang lang);
/* v with exactly `decimals` decimals, thousands grouped. */
char *pv_fmt_dec(char *buf, size_t n, double v, int decimals, pv_lang lang);
/* p is a proportion in [0,1]; printed as a percentage with `decimals`. */
char *pv_fmt_pct(char *buf, size_t n, double p, int decimals, pv_lang lang);
/* month 1..12: "janv. 2024" / "Jan 2024". */
char *pv_fmt_month(char *buf, size_t n, int year, int month, pv_lang lang);
/* Month name alone, short: "janv." / "Jan". */
const char *pv_fmt_month_abbr(int month, pv_lang lang);
/* A period "janv. 2024 – mars 2025" / "Jan 2024 – Mar 2025" (en dash). */
char *pv_fmt_period(char *buf, size_t n, int y0, int m0, int y1, int m1,
                    pv_lang lang);

/* Reader text in French typography (lang FR; EN: a copy): a straight
 * apostrophe between letters becomes ’ (U+2019); a space before ; : ! ?
 * and % becomes U+202F (a missing one is not added); the spaces
 * of "n = " become U+202F; a space after « or before » becomes U+00A0.
 * Returns a string to free with g_free (NULL: s was NULL). */
char *pv_fmt_typo(const char *s, pv_lang lang);

#endif
