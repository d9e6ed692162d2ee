/* report_text.h — the author's text of the report: the declaration file
 * DATA/report/report.csv and the Markdown files it names, rendered to HTML
 * with cmark (libcmark, CommonMark).
 *
 * report.csv (data/README.md, "report/"): columns
 *   kind,id,message,theme,figures,text_fr,text_en
 * kind `message` (a key message), `conclusions`, or `finding`; rows in the
 * order the report shows them.  A finding names the key message it
 * supports, its theme (a theme_id of themes.csv, so the report can place
 * the convergence and the evidence under it) and the figures shown with it
 * (`;`-separated ids of the figure catalogue); text_fr and text_en are
 * Markdown files beside report.csv.
 *
 * Numbers in the text come from the outputs: `{indicator}` is replaced by
 * the value of that row of the indicator tables, formatted by fmt.c in the
 * report's language (a proportion as "61 %", a count as "5 305", a score
 * with one decimal); `{indicator.n}`, `{indicator.ci_low}` and
 * `{indicator.ci_high}` give its n and interval.  `{{` is a literal "{".
 *
 * Every problem is one entry of the rejects list, at file:line:column of the
 * declaration (column = field number) or of the Markdown file (column =
 * byte of the line, from 1), and nothing is rendered.
 */
#ifndef PV_REPORT_TEXT_H
#define PV_REPORT_TEXT_H

#include "pv.h"
#include "rejects.h"
#include "table.h"

typedef enum { PV_RT_MESSAGE = 0, PV_RT_CONCLUSIONS, PV_RT_FINDING } pv_rt_kind;

typedef struct {
    pv_rt_kind kind;
    const char *id, *message, *theme, *figures; /* borrowed from the declaration */
    char *html[2];   /* owned: the text rendered, by pv_lang */
} pv_rt_entry;

/* What the placeholders and the checks look up: borrowed tables. */
typedef struct {
    const pv_table *const *indicators; /* the indicator tables */
    size_t n_indicators;
    const pv_table *themes;            /* out/level2/convergence_themes.csv */
    const pv_table *captions;          /* FIG/captions.csv */
} pv_rt_context;

typedef struct {
    pv_table decl;   /* report.csv as read */
    pv_rt_entry *e;  /* owned: n entries, in the declaration's order */
    size_t n;
} pv_rtext;

/* Load dir/report.csv and render its Markdown files.  A dir without
 * report.csv is no author text: 0 with x->n == 0.  Problems go to rej
 * (file names as dir/...); returns 0 (then check rej->n), or PV_EXIT_IO with
 * *err set.  x must be zeroed. */
int pv_rtext_load(pv_rtext *x, const char *dir, const pv_rt_context *ctx, pv_rejects *rej,
                  pv_err *err);
void pv_rtext_free(pv_rtext *x);

/* Render Markdown text (NUL-terminated) to HTML with cmark: raw HTML is
 * left out (CMARK_OPT_SAFE), quotes and dashes made typographic
 * (CMARK_OPT_SMART), headings moved `shift` levels down (at most h6), and
 * level-1 headings dropped when drop_h1.  Returns a malloc'd string, never
 * NULL (cmark's failure is memory: pv_xalloc_die). */
char *pv_markdown_html(const char *md, size_t len, int shift, int drop_h1);

/* The indicator `id` formatted for a reader (see above); field is NULL,
 * "n", "ci_low" or "ci_high".  Returns buf, or NULL when there is no such
 * indicator or the value is empty (hidden). */
char *pv_rt_indicator(const pv_rt_context *ctx, const char *id, const char *field, pv_lang lang,
                      char *buf, size_t n);

#endif
