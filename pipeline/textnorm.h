/* textnorm.h — text folded for finding names and places (privacy flags).
 *
 * A name can be typed many ways that look alike: "rue Papineau" with a
 * no-break space, a tab or a line break; "Sainte‑Justine" with a
 * non-breaking hyphen; "MELANIE" without its accent.  Both the privacy
 * terms and the texts searched are folded the same way, then a term is
 * found as whole words.  See docs/METHODS.md, "Privacy".
 */
#ifndef PV_TEXTNORM_H
#define PV_TEXTNORM_H

/* s folded for matching (a new string, g_free it; never NULL):
 *  - case folded (Unicode), then compatibility decomposition (NFKD:
 *    ligatures, full-width letters and no-break spaces become plain);
 *  - combining marks (accents) and invisible format characters (soft
 *    hyphen, zero-width space and joiners, byte-order mark) removed;
 *  - every dash or hyphen (Unicode Pd, and U+2212 minus) becomes a space;
 *  - typographic apostrophes (U+2018, U+2019, U+02BC, U+2032) become ';
 *  - every run of white space (Unicode spaces, tabs, line breaks) becomes
 *    one space; none at either end.
 * Invalid UTF-8 is first repaired (U+FFFD). */
char *pv_textnorm(const char *s);

/* Whether the folded term occurs in the folded text as whole words: no
 * letter or digit right before or right after it.  An empty term is never
 * found. */
int pv_textnorm_has_words(const char *text, const char *term);

/* Whether the folded s has a letter or a digit (a term without one would
 * match punctuation anywhere). */
int pv_textnorm_has_alnum(const char *s);

#endif
