/* report_text.c — see report_text.h.  cmark does the Markdown; this file
 * checks the declaration, fills the placeholders and moves the headings. */
#include "report_text.h"

#include <cmark.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fmt.h"
#include "xalloc.h"

/* ---------------------------------------------------------------- Markdown */

char *pv_markdown_html(const char *md, size_t len, int shift, int drop_h1)
{
    cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_SAFE | CMARK_OPT_SMART);
    if (!doc)
        pv_xalloc_die(); /* cmark's only failure: memory */
    GPtrArray *drop = g_ptr_array_new();
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_HEADING)
            continue;
        int level = cmark_node_get_heading_level(node);
        if (drop_h1 && level == 1)
            g_ptr_array_add(drop, node);
        else
            cmark_node_set_heading_level(node, level + shift > 6 ? 6 : level + shift);
    }
    cmark_iter_free(it);
    for (guint i = 0; i < drop->len; i++)
        cmark_node_free(g_ptr_array_index(drop, i)); /* unlinks it */
    g_ptr_array_free(drop, TRUE);
    char *html = cmark_render_html(doc, CMARK_OPT_SAFE | CMARK_OPT_SMART);
    if (!html)
        pv_xalloc_die();
    cmark_node_free(doc);
    return html;
}

/* ---------------------------------------------------------------- placeholders */

static const pv_table *find_indicator(const pv_rt_context *ctx, const char *id, size_t *row)
{
    for (size_t k = 0; k < ctx->n_indicators; k++) {
        const pv_table *t = ctx->indicators[k];
        int c = pv_table_col(t, "indicator");
        for (size_t r = 0; c >= 0 && r < t->n_rows; r++)
            if (strcmp(pv_table_get(t, r, (size_t)c), id) == 0) {
                *row = r;
                return t;
            }
    }
    return NULL;
}

char *pv_rt_indicator(const pv_rt_context *ctx, const char *id, const char *field, pv_lang lang,
                      char *buf, size_t n)
{
    size_t r;
    const pv_table *t = find_indicator(ctx, id, &r);
    if (!t)
        return NULL;
    int cv = pv_table_col(t, field ? field : "value"), cu = pv_table_col(t, "unit");
    if (cv < 0 || cu < 0)
        return NULL;
    const char *v = pv_table_get(t, r, (size_t)cv), *unit = pv_table_get(t, r, (size_t)cu);
    if (!*v)
        return NULL;
    double x = strtod(v, NULL);
    if (field && strcmp(field, "n") == 0)
        return pv_fmt_int(buf, n, (long long)llround(x), lang);
    if (strcmp(unit, "proportion") == 0)
        return pv_fmt_pct(buf, n, x, 0, lang);
    if (strcmp(unit, "count") == 0)
        return pv_fmt_int(buf, n, (long long)llround(x), lang);
    return pv_fmt_dec(buf, n, x, strcmp(unit, "score") == 0 ? 1 : 2, lang);
}

static int id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '+' || c == '-';
}

/* Copy md into out with every {indicator[.field]} replaced; a bad one is a
 * reject at its line and column. */
static void fill(GString *out, const char *md, size_t len, const char *file,
                 const pv_rt_context *ctx, pv_lang lang, pv_rejects *rej)
{
    long line = 1;
    size_t bol = 0;
    for (size_t i = 0; i < len; i++) {
        char c = md[i];
        if (c == '\n') {
            line++;
            bol = i + 1;
        }
        if (c != '{') {
            g_string_append_c(out, c);
            continue;
        }
        if (i + 1 < len && md[i + 1] == '{') {
            g_string_append_c(out, '{');
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < len && id_char(md[j]))
            j++;
        size_t dot = j;
        if (j < len && md[j] == '.')
            for (j++; j < len && id_char(md[j]); j++)
                ;
        if (j == i + 1 || j >= len || md[j] != '}') {
            g_string_append_c(out, c); /* not a placeholder: a brace of the text */
            continue;
        }
        char id[256], field[32] = "", buf[128], what[300];
        snprintf(id, sizeof id, "%.*s", (int)(dot - i - 1), md + i + 1);
        if (dot < j)
            snprintf(field, sizeof field, "%.*s", (int)(j - dot - 1), md + dot + 1);
        snprintf(what, sizeof what, "%.*s", (int)(j - i + 1), md + i);
        size_t r;
        if (!find_indicator(ctx, id, &r))
            pv_rejects_add(rej, file, line, (int)(i - bol + 1), "text", what,
                           "unknown indicator (not in out/level1/indicators_*.csv)");
        else if (*field && strcmp(field, "n") && strcmp(field, "ci_low") && strcmp(field, "ci_high"))
            pv_rejects_add(rej, file, line, (int)(i - bol + 1), "text", what,
                           "unknown field, expected n, ci_low or ci_high");
        else if (!pv_rt_indicator(ctx, id, *field ? field : NULL, lang, buf, sizeof buf))
            pv_rejects_add(rej, file, line, (int)(i - bol + 1), "text", what,
                           "the indicator has no published value (hidden or not computed)");
        else
            g_string_append(out, buf);
        i = j;
    }
}

/* ---------------------------------------------------------------- the declaration */

static const char *const cols[] = {"kind", "id", "message", "theme", "figures", "text_fr", "text_en"};
enum { C_KIND, C_ID, C_MESSAGE, C_THEME, C_FIGURES, C_TEXT_FR, C_TEXT_EN, N_COLS };

static int table_has(const pv_table *t, const char *col, const char *v)
{
    int c = t ? pv_table_col(t, col) : -1;
    for (size_t r = 0; c >= 0 && r < t->n_rows; r++)
        if (strcmp(pv_table_get(t, r, (size_t)c), v) == 0)
            return 1;
    return 0;
}

/* Read and render one Markdown file of the row. */
static int render(pv_rtext *x, size_t i, pv_lang lang, const char *dir, const char *decl,
                  const pv_rt_context *ctx, pv_rejects *rej, pv_err *err)
{
    size_t r = i;
    int col = lang == PV_LANG_EN ? C_TEXT_EN : C_TEXT_FR;
    const char *name = pv_table_get(&x->decl, r, (size_t)col);
    long line = x->decl.line[r];
    char path[4096];
    gchar *md = NULL;
    gsize len = 0;
    GError *ge = NULL;
    struct stat sb;
    if (!*name)
        return pv_rejects_add(rej, decl, line, col + 1, cols[col], "", "empty: every text has a file"), 0;
    if (strstr(name, "..") || name[0] == '/')
        return pv_rejects_add(rej, decl, line, col + 1, cols[col], name,
                              "not a file of the report folder"), 0;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return pv_rejects_add(rej, decl, line, col + 1, cols[col], name,
                              stat(path, &sb) != 0 ? "no such file" : "not a regular file"), 0;
    if (!g_file_get_contents(path, &md, &len, &ge)) {
        int st = pv_err_set(err, PV_EXIT_IO, "%s: %s", path, ge->message);
        g_error_free(ge);
        return st;
    }
    const gchar *bad;
    if (!g_utf8_validate(md, (gssize)len, &bad)) {
        long l = 1, c = 1;
        for (const gchar *p = md; p < bad; p++, c++)
            if (*p == '\n')
                l++, c = 0;
        pv_rejects_add(rej, path, l, (int)c, "text", "", "not UTF-8");
        g_free(md);
        return 0;
    }
    GString *filled = g_string_sized_new(len + 64);
    size_t before = rej->n;
    fill(filled, md, len, path, ctx, lang, rej);
    if (rej->n == before) { /* French typography as in the figures (fmt.h) */
        char *typo = pv_fmt_typo(filled->str, lang);
        x->e[i].html[lang] = pv_markdown_html(typo, strlen(typo), x->e[i].kind == PV_RT_FINDING ? 3 : 2, 0);
        g_free(typo);
    }
    g_string_free(filled, TRUE);
    g_free(md);
    return err->status;
}

static void check_row(pv_rtext *x, size_t r, const char *decl, const pv_rt_context *ctx,
                      pv_rejects *rej)
{
    const pv_table *d = &x->decl;
    long line = d->line[r];
    const char *kind = pv_table_get(d, r, C_KIND), *id = pv_table_get(d, r, C_ID);
    const char *msg = pv_table_get(d, r, C_MESSAGE), *theme = pv_table_get(d, r, C_THEME);
    const char *figs = pv_table_get(d, r, C_FIGURES);
    pv_rt_entry *e = &x->e[r];
    e->id = id, e->message = msg, e->theme = theme, e->figures = figs;
    if (!strcmp(kind, "message"))
        e->kind = PV_RT_MESSAGE;
    else if (!strcmp(kind, "conclusions"))
        e->kind = PV_RT_CONCLUSIONS;
    else if (!strcmp(kind, "finding"))
        e->kind = PV_RT_FINDING;
    else
        pv_rejects_add(rej, decl, line, C_KIND + 1, "kind", kind,
                       "expected message, conclusions or finding");
    if (!*id)
        pv_rejects_add(rej, decl, line, C_ID + 1, "id", id, "empty");
    for (size_t k = 0; k < r; k++)
        if (*id && strcmp(pv_table_get(d, k, C_ID), id) == 0) {
            pv_rejects_add(rej, decl, line, C_ID + 1, "id", id, "repeated id");
            break;
        }
    if (e->kind != PV_RT_FINDING) {
        for (int c = C_MESSAGE; c <= C_FIGURES; c++)
            if (*pv_table_get(d, r, (size_t)c))
                pv_rejects_add(rej, decl, line, c + 1, cols[c], pv_table_get(d, r, (size_t)c),
                               "only a finding has this column");
        return;
    }
    int found = 0;
    for (size_t k = 0; k < d->n_rows; k++)
        found |= !strcmp(pv_table_get(d, k, C_KIND), "message") && !strcmp(pv_table_get(d, k, C_ID), msg);
    if (!found)
        pv_rejects_add(rej, decl, line, C_MESSAGE + 1, "message", msg,
                       *msg ? "not the id of a key message of this file" : "empty: a finding supports a key message");
    if (!table_has(ctx->themes, "theme_id", theme))
        pv_rejects_add(rej, decl, line, C_THEME + 1, "theme", theme,
                       "not a theme of themes.csv (out/level2/convergence_themes.csv)");
    gchar **ids = g_strsplit(figs, ";", -1);
    for (gchar **p = ids; *figs && *p; p++)
        if (!table_has(ctx->captions, "figure", *p))
            pv_rejects_add(rej, decl, line, C_FIGURES + 1, "figures", *p,
                           "not a figure of the catalogue (captions.csv)");
    g_strfreev(ids);
}

int pv_rtext_load(pv_rtext *x, const char *dir, const pv_rt_context *ctx, pv_rejects *rej,
                  pv_err *err)
{
    char decl[4096];
    struct stat sb;
    pv_table_opts o = {0};
    snprintf(decl, sizeof decl, "%s/report.csv", dir);
    if (stat(decl, &sb) != 0 && errno == ENOENT)
        return 0; /* no author text */
    size_t before = rej->n;
    int st = pv_table_read(&x->decl, decl, decl, &o, rej, err);
    if (st == PV_EXIT_DATA) /* refused as a whole: it is in rej */
        return 0;
    if (st)
        return st;
    for (int c = 0; c < N_COLS; c++)
        if (x->decl.n_cols != N_COLS || strcmp(x->decl.cols[c], cols[c]) != 0) {
            pv_rejects_add(rej, decl, 1, c + 1, cols[c], c < (int)x->decl.n_cols ? x->decl.cols[c] : "",
                           "the header must be kind,id,message,theme,figures,text_fr,text_en");
            return 0;
        }
    x->e = pv_xcalloc(x->decl.n_rows, sizeof *x->e);
    x->n = x->decl.n_rows;
    for (size_t r = 0; r < x->n; r++)
        check_row(x, r, decl, ctx, rej);
    for (size_t r = 0; r < x->n; r++) { /* a key message with nothing under it */
        if (x->e[r].kind != PV_RT_MESSAGE)
            continue;
        int any = 0;
        for (size_t k = 0; k < x->n; k++)
            any |= x->e[k].kind == PV_RT_FINDING && !strcmp(x->e[k].message, x->e[r].id);
        if (!any)
            pv_rejects_add(rej, decl, x->decl.line[r], C_ID + 1, "id", x->e[r].id,
                           "a key message with no finding");
    }
    for (size_t r = 0; r < x->n && !err->status; r++)
        for (int l = PV_LANG_FR; l <= PV_LANG_EN && !err->status; l++)
            if (render(x, r, (pv_lang)l, dir, decl, ctx, rej, err))
                return err->status;
    (void)before;
    return 0;
}

void pv_rtext_free(pv_rtext *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++) {
        free(x->e[i].html[0]);
        free(x->e[i].html[1]);
    }
    free(x->e);
    pv_table_free(&x->decl);
    memset(x, 0, sizeof *x);
}
