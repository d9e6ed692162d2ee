/* report.c — see report.h.  The page is built in one GString and written
 * once; every file read is remembered for the reproduction annex. */
/* realpath (XSI) */
#define _XOPEN_SOURCE 700
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "fmt.h"
#include "manifest.h"
#include "messages.h"
#include "report_table.h"
#include "report_text.h"
#include "stage.h"
#include "value.h"
#include "xlsx.h"
#include "xalloc.h"

#define MAX_TABLES 128

typedef struct {
    const pv_report_opts *o;
    pv_lang lang;
    pv_err *err;
    pv_config cfg;
    pv_messages msg;
    GString *h;             /* the page */
    GPtrArray *read;        /* paths of the files read (owned) */
    pv_rtable *tables[MAX_TABLES]; /* annex A, in order (owned) */
    size_t n_tables;
    pv_rtable ingest;
    pv_table themes, evidence, captions, tri, quotes, ind[8];
    size_t n_ind;
    pv_rtext text;
    GHashTable *labels;     /* the dataset's label -> the page's (owned strings); NULL: same language */
    pv_table mix;           /* docs/methods/index.csv */
    char **mtitle;          /* owned: each method's heading in the page's language (text) */
} R;

static const char *const keys[] = {
    "report.skip", "report.other_lang", "report.contents", "report.period", "report.messages",
    "report.conclusions", "report.findings", "report.findings_of", "report.no_text",
    "report.question", "report.convergence", "report.stability", "report.stability_text",
    "report.explanation", "report.evidence", "report.col_source", "report.col_indicator",
    "report.col_value", "report.col_interval", "report.col_rating", "report.quotes",
    "report.figures", "report.annexes", "report.annex_tables", "report.annex_methods",
    "report.annex_quality", "report.annex_repro", "report.symbols", "report.workbook",
    "report.methods_note", "report.quality_text", "report.version", "report.command",
    "report.files", "report.col_file", "report.col_bytes", "report.notes", "report.sheet",
    "report.method_in_en", "report.methods_of",
    "note.source", "joint.category", "source.participation", "source.questionnaire",
    "source.qualitative", "category.agreement", "category.partial_agreement",
    "category.silence", "category.dissonance", "rating.supports", "rating.partly_supports",
    "rating.contradicts", "rating.silent"};

/* ---------------------------------------------------------------- helpers */

static const char *M(const R *x, const char *key) { return pv_msg(&x->msg, key, x->lang); }

static void esc(GString *g, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '<': g_string_append(g, "&lt;"); break;
        case '>': g_string_append(g, "&gt;"); break;
        case '&': g_string_append(g, "&amp;"); break;
        case '"': g_string_append(g, "&quot;"); break;
        default: g_string_append_c(g, *s);
        }
}

/* Append fmt with every %s argument escaped and, in French, in French
 * typography (fmt.h, pv_fmt_typo: as in the figures): only %s is allowed. */
static void put(R *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            char *t = pv_fmt_typo(va_arg(ap, const char *), x->lang);
            esc(x->h, t);
            g_free(t);
            p++;
        } else
            g_string_append_c(x->h, *p);
    }
    va_end(ap);
}

static void remember(R *x, const char *path) { g_ptr_array_add(x->read, g_strdup(path)); }

static int load(R *x, pv_table *t, const char *dir, const char *file)
{
    char path[4096];
    pv_table_opts o = {0};
    pv_rejects rej = {0};
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int st = pv_table_read(t, path, path, &o, &rej, x->err);
    if (!st && rej.n)
        st = pv_err_set(x->err, PV_EXIT_DATA, "%s:%ld:%d: %s", path, rej.v[0].line,
                        rej.v[0].column, rej.v[0].reason);
    pv_rejects_free(&rej);
    if (!st)
        remember(x, path);
    return st;
}

/* A table of a source or a level the dataset may lack (no triangulation
 * map, no focus groups): absent, it is read as empty. */
static int load_opt(R *x, pv_table *t, const char *dir, const char *file)
{
    char path[4096];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (stat(path, &sb) != 0) {
        memset(t, 0, sizeof *t);
        return 0;
    }
    return load(x, t, dir, file);
}

static const char *get(const pv_table *t, size_t r, const char *col)
{
    int c = pv_table_col(t, col);
    return c < 0 ? "" : pv_table_get(t, r, (size_t)c);
}

static const char *label_col(const R *x) { return x->lang == PV_LANG_EN ? "label_en" : "label_fr"; }

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.csv files of dir, sorted; replicates files left out (bootstrap
 * internals, 1000 rows per indicator), and the privacy flags: their `term`
 * column is the very name or place privacy.csv protects, beside the excerpt
 * and session that hold it (a speaker's name when field is `speaker`); the
 * team reads them in out/level1, the report never shows them; and the
 * default figure catalogues a stage writes (figures_*.csv), not results. */
static int list_csv(R *x, const char *dir, GPtrArray *names)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    if (!d)
        return pv_err_set(x->err, PV_EXIT_IO, "%s: %s", dir, strerror(errno));
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] != '.' && l > 4 && !strcmp(de->d_name + l - 4, ".csv") &&
            !strstr(de->d_name, "_replicates") && strcmp(de->d_name, "qualitative_privacy.csv") &&
            strncmp(de->d_name, "figures_", 8)) /* default figure catalogues, not results */
            g_ptr_array_add(names, g_strdup(de->d_name));
    }
    closedir(d);
    qsort(names->pdata, names->len, sizeof(char *), cmp_str);
    return 0;
}

static int write_file(R *x, const char *path, const void *data, size_t n)
{
    char *tmp = pv_tmp_name(path);
    FILE *f = tmp ? fopen(tmp, "wb") : NULL;
    int ok = f && fwrite(data, 1, n, f) == n;
    if (f && fclose(f) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        pv_err_set(x->err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
        if (tmp)
            remove(tmp);
    }
    free(tmp);
    return x->err->status;
}

/* ---------------------------------------------------------------- loading */

static int load_all(R *x)
{
    const pv_report_opts *o = x->o;
    char dir[4096], path[8192];
    pv_rejects rej = {0};
    int st;
    snprintf(path, sizeof path, "%s/clean/config.csv", o->in);
    st = pv_config_load(&x->cfg, path, path, &rej, x->err);
    pv_rejects_free(&rej);
    if (st)
        return st;
    remember(x, path);
    x->lang = o->lang >= 0 ? (pv_lang)o->lang : x->cfg.lang;
    if ((st = pv_messages_load(&x->msg, o->messages, keys, sizeof keys / sizeof *keys, x->err)))
        return st;
    remember(x, o->messages);
    snprintf(dir, sizeof dir, "%s/level2", o->in);
    if ((st = load(x, &x->themes, dir, "convergence_themes.csv")) ||
        (st = load(x, &x->evidence, dir, "convergence_evidence.csv")))
        return st;
    snprintf(dir, sizeof dir, "%s/clean", o->in);
    if ((st = load_opt(x, &x->tri, dir, "triangulation.csv")))
        return st;
    snprintf(dir, sizeof dir, "%s/level1", o->in);
    if ((st = load_opt(x, &x->quotes, dir, "qualitative_quotes.csv")) ||
        (st = load(x, &x->captions, o->figures, "captions.csv")))
        return st;
    /* annex A: level 1 (indicator tables too), then level 2 */
    for (int lv = 1; lv <= 2; lv++) {
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        snprintf(dir, sizeof dir, "%s/level%d", o->in, lv);
        st = list_csv(x, dir, names);
        for (guint i = 0; !st && i < names->len; i++) {
            if (x->n_tables == MAX_TABLES) {
                st = pv_err_set(x->err, PV_EXIT_DATA, "%s: more than %d tables", dir, MAX_TABLES);
                break;
            }
            pv_rtable *t = pv_xcalloc(1, sizeof *t);
            x->tables[x->n_tables++] = t;
            snprintf(path, sizeof path, "%s/%s", dir, (char *)names->pdata[i]);
            if (!(st = pv_rtable_load(t, path, x->err)))
                remember(x, path);
            if (!st && !strncmp(t->name, "indicators_", 11) && x->n_ind < 8)
                st = load(x, &x->ind[x->n_ind++], dir, names->pdata[i]);
        }
        g_ptr_array_free(names, TRUE);
        if (st)
            return st;
    }
    snprintf(path, sizeof path, "%s/ingest.csv", o->in);
    if ((st = pv_rtable_load(&x->ingest, path, x->err)))
        return st;
    remember(x, path);
    return 0;
}

/* ---------------------------------------------------------------- labels in the page's language */

/* The indicator tables and the convergence evidence have one `label`, in
 * the dataset's language (config.csv `lang`).  A page in the other
 * language looks each one up among the labels the outputs give in both:
 * every row with a label_fr and a label_en of a clean/ table (code lists,
 * items, codebook, themes) or of a level-1 or level-2 table, and the
 * message catalogue's fr and en.  A label "A (B)" (an item or a code with
 * its group, as the questionnaire and qualitative indicators write them)
 * is looked up part by part.  The first pair found wins, in file order. */
static void labels_add(R *x, const pv_table *t, const char *from, const char *to)
{
    int a = pv_table_col(t, from), b = pv_table_col(t, to);
    for (size_t r = 0; a >= 0 && b >= 0 && r < t->n_rows; r++) {
        const char *k = pv_table_get(t, r, (size_t)a), *v = pv_table_get(t, r, (size_t)b);
        if (*k && *v && !g_hash_table_contains(x->labels, k))
            g_hash_table_insert(x->labels, g_strdup(k), g_strdup(v));
    }
}

/* A clean/ file whose header names label_fr and label_en (the others,
 * excerpts and codings among them, are not read). */
static int labels_file(R *x, const char *dir, const char *name)
{
    char path[8192], line[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    int has = f && fgets(line, sizeof line, f) && strstr(line, "label_fr") && strstr(line, "label_en");
    if (f)
        fclose(f);
    if (!has)
        return 0;
    pv_table t = {0};
    int st = load(x, &t, dir, name);
    if (!st)
        labels_add(x, &t, x->cfg.lang == PV_LANG_EN ? "label_en" : "label_fr", label_col(x));
    pv_table_free(&t);
    return st;
}

static int labels_load(R *x)
{
    const char *from = x->cfg.lang == PV_LANG_EN ? "en" : "fr", *to = x->lang == PV_LANG_EN ? "en" : "fr";
    char dir[4096];
    int st = 0;
    if (x->lang == x->cfg.lang)
        return 0;
    x->labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    snprintf(dir, sizeof dir, "%s/clean", x->o->in);
    st = list_csv(x, dir, names);
    for (guint i = 0; !st && i < names->len; i++)
        st = labels_file(x, dir, names->pdata[i]);
    g_ptr_array_free(names, TRUE);
    for (size_t i = 0; !st && i < x->n_tables; i++)
        labels_add(x, &x->tables[i]->t, x->cfg.lang == PV_LANG_EN ? "label_en" : "label_fr", label_col(x));
    if (!st) {
        pv_table m = {0};
        pv_table_opts o = {0};
        pv_rejects rej = {0};
        if (!(st = pv_table_read(&m, x->o->messages, x->o->messages, &o, &rej, x->err)))
            labels_add(x, &m, from, to);
        pv_rejects_free(&rej);
        pv_table_free(&m);
    }
    return st;
}

/* label in the page's language, or NULL when the outputs do not give it. */
static char *label_in(const R *x, const char *label)
{
    const char *v, *open;
    size_t n = strlen(label);
    if (!x->labels)
        return g_strdup(label);
    if ((v = g_hash_table_lookup(x->labels, label)))
        return g_strdup(v);
    open = g_strrstr(label, " (");
    if (open && n > 0 && label[n - 1] == ')') {
        char *a = g_strndup(label, (size_t)(open - label)), *b = g_strndup(open + 2, n - (size_t)(open - label) - 3);
        const char *ta = g_hash_table_lookup(x->labels, a), *tb = g_hash_table_lookup(x->labels, b);
        char *r = ta && tb ? g_strdup_printf("%s (%s)", ta, tb) : NULL;
        g_free(a);
        g_free(b);
        return r;
    }
    return NULL;
}

/* The author's text; its problems are printed and written to OUT/rejects.csv. */
static int load_text(R *x)
{
    const pv_table *ind[8];
    pv_rejects rej = {0};
    for (size_t i = 0; i < x->n_ind; i++)
        ind[i] = &x->ind[i];
    pv_rt_context ctx = {ind, x->n_ind, &x->themes, &x->captions};
    int st = pv_rtext_load(&x->text, x->o->text, &ctx, &rej, x->err);
    if (!st && rej.n) {
        char path[4096];
        pv_rejects_sort(&rej);
        pv_rejects_print(&rej, 10, x->o->out);
        snprintf(path, sizeof path, "%s/rejects.csv", x->o->out);
        st = pv_rejects_write(&rej, path, NULL, x->err);
        if (!st)
            st = pv_err_set(x->err, PV_EXIT_DATA, "%s: %zu problems in the author's text; nothing written",
                            path, rej.n);
    } else if (!st) {
        char path[4096];
        snprintf(path, sizeof path, "%s/rejects.csv", x->o->out);
        remove(path); /* from an earlier run */
        for (size_t i = 0; i < x->text.n; i++) { /* remember the files read */
            if (i == 0) {
                snprintf(path, sizeof path, "%s/report.csv", x->o->text);
                remember(x, path);
            }
            for (int l = 0; l < 2; l++) {
                snprintf(path, sizeof path, "%s/%s", x->o->text,
                         get(&x->text.decl, i, l ? "text_en" : "text_fr"));
                remember(x, path);
            }
        }
    }
    pv_rejects_free(&rej);
    return st;
}

/* ---------------------------------------------------------------- the page: findings */

static void fmt_unit(const R *x, const char *v, const char *unit, char *buf, size_t n)
{
    double d = strtod(v, NULL);
    if (!*v)
        snprintf(buf, n, "—");
    else if (!strcmp(unit, "proportion"))
        pv_fmt_pct(buf, n, d, 1, x->lang);
    else if (!strcmp(unit, "count"))
        pv_fmt_dec(buf, n, d, 0, x->lang);
    else
        pv_fmt_dec(buf, n, d, 2, x->lang);
}

static void evidence(R *x, const char *theme, const char *label)
{
    const pv_table *e = &x->evidence;
    char key[64], v[64], lo[64], hi[64], n[64];
    put(x, "<h4>%s</h4>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s — %s\">"
           "<table>\n<caption>%s — %s</caption>\n<thead><tr>",
        M(x, "report.evidence"), M(x, "report.evidence"), label, M(x, "report.evidence"), label);
    put(x, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">n</th>"
           "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
        M(x, "report.col_source"), M(x, "report.col_indicator"), M(x, "report.col_value"),
        M(x, "report.col_interval"), M(x, "report.col_rating"));
    for (size_t r = 0; r < e->n_rows; r++) {
        if (strcmp(get(e, r, "theme_id"), theme))
            continue;
        const char *unit = get(e, r, "unit");
        snprintf(key, sizeof key, "source.%s", get(e, r, "source"));
        fmt_unit(x, get(e, r, "value"), unit, v, sizeof v);
        fmt_unit(x, get(e, r, "n"), "count", n, sizeof n);
        char *lbl = label_in(x, get(e, r, "label"));
        if (lbl)
            put(x, "<tr><td>%s</td><td>%s</td>", M(x, key), lbl);
        else /* the dataset's words: a screen reader reads them in its language */
            put(x, "<tr><td>%s</td><td lang=\"%s\">%s</td>", M(x, key),
                x->cfg.lang == PV_LANG_EN ? "en" : "fr", get(e, r, "label"));
        g_free(lbl);
        put(x, "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">", n, v);
        if (*get(e, r, "ci_low")) {
            fmt_unit(x, get(e, r, "ci_low"), unit, lo, sizeof lo);
            fmt_unit(x, get(e, r, "ci_high"), unit, hi, sizeof hi);
            put(x, x->lang == PV_LANG_EN ? "[%s, %s]" : "[%s\u202F; %s]", lo, hi);
        } else
            put(x, "—");
        snprintf(key, sizeof key, "rating.%s", get(e, r, "rating"));
        put(x, "</td><td>%s</td></tr>\n", M(x, key));
    }
    put(x, "</tbody></table></div>\n");
}

static void quotes(R *x, const char *theme)
{
    int any = 0;
    for (size_t t = 0; t < x->tri.n_rows; t++) {
        const char *code = get(&x->tri, t, "quote_code");
        if (strcmp(get(&x->tri, t, "theme_id"), theme) || !*code)
            continue;
        for (size_t r = 0; r < x->quotes.n_rows; r++) {
            if (strcmp(get(&x->quotes, r, "code"), code) || atoi(get(&x->quotes, r, "rank")) > 2)
                continue;
            if (!any++)
                put(x, "<h4>%s</h4>\n", M(x, "report.quotes"));
            /* the quotes are the data's words: French, whatever the page's language */
            put(x, "<figure class=\"quote\"><blockquote lang=\"fr\"><p>%s</p></blockquote>"
                   "<figcaption>— %s, %s</figcaption></figure>\n",
                get(&x->quotes, r, "text"), get(&x->quotes, r, "speaker"), get(&x->quotes, r, "session_id"));
        }
    }
}

static int figure(R *x, const char *id)
{
    char src[4096], dst[4096];
    for (size_t r = 0; r < x->captions.n_rows; r++) {
        if (strcmp(get(&x->captions, r, "figure"), id))
            continue;
        put(x, "<figure class=\"chart\"><img src=\"figures/%s.png\" alt=\"%s\">"
               "<figcaption>%s</figcaption></figure>\n",
            id, get(&x->captions, r, "alt_text"), get(&x->captions, r, "caption"));
        snprintf(src, sizeof src, "%s/%s.png", x->o->figures, id);
        snprintf(dst, sizeof dst, "%s/figures/%s.png", x->o->out, id);
        gchar *data = NULL;
        gsize n = 0;
        GError *ge = NULL;
        if (!g_file_get_contents(src, &data, &n, &ge)) {
            pv_err_set(x->err, PV_EXIT_IO, "%s: %s", src, ge->message);
            g_error_free(ge);
            return x->err->status;
        }
        /* not remembered: the page would then hold the PNG's hash, which any
         * cairo or font upgrade changes; out/manifest.csv lists the copies */
        write_file(x, dst, data, n);
        g_free(data);
        return x->err->status;
    }
    return 0;
}

static size_t theme_row(const R *x, const char *theme)
{
    for (size_t r = 0; r < x->themes.n_rows; r++)
        if (!strcmp(get(&x->themes, r, "theme_id"), theme))
            return r;
    return (size_t)-1;
}

/* One finding: heading (the theme), the author's words, convergence, evidence. */
static int finding(R *x, const char *anchor, const char *theme, const char *html, const char *figs)
{
    size_t t = theme_row(x, theme);
    char key[64], share[64], low[64], high[64];
    const pv_table *th = &x->themes;
    if (t == (size_t)-1)
        return 0;
    put(x, "<article class=\"finding\" id=\"%s\" aria-labelledby=\"%s-h\">\n<h3 id=\"%s-h\">%s</h3>\n",
        anchor, anchor, anchor, get(th, t, label_col(x)));
    put(x, x->lang == PV_LANG_EN ? "<p class=\"question\"><strong>%s</strong>: %s</p>\n"
                                 : "<p class=\"question\"><strong>%s</strong>\u202F: %s</p>\n",
        M(x, "report.question"), get(th, t, x->lang == PV_LANG_EN ? "question_en" : "question_fr"));
    if (html)
        g_string_append(x->h, html);
    snprintf(key, sizeof key, "category.%s", get(th, t, "category"));
    put(x, "<h4>%s</h4>\n<p class=\"category %s\"><strong>%s</strong></p>\n",
        M(x, "report.convergence"), get(th, t, "category"), M(x, key));
    const char *sb = get(th, t, "stability_bootstrap");
    if (*sb)
        pv_fmt_pct(share, sizeof share, strtod(sb, NULL), 0, x->lang);
    else
        snprintf(share, sizeof share, "—");
    snprintf(key, sizeof key, "category.%s", get(th, t, "category_threshold_low"));
    snprintf(low, sizeof low, "%s", M(x, key));
    snprintf(key, sizeof key, "category.%s", get(th, t, "category_threshold_high"));
    snprintf(high, sizeof high, "%s", M(x, key));
    char *stab = pv_msg_fill(&x->msg, "report.stability_text", x->lang, "share", share, "low", low,
                             "high", high, NULL);
    put(x, "<p><strong>%s</strong> — %s</p>\n", M(x, "report.stability"), stab ? stab : "");
    g_free(stab);
    put(x, "<details><summary>%s</summary><p>%s</p></details>\n", M(x, "report.explanation"),
        get(th, t, x->lang == PV_LANG_EN ? "explanation_en" : "explanation_fr"));
    evidence(x, theme, get(th, t, label_col(x)));
    quotes(x, theme);
    if (figs && *figs) {
        gchar **ids = g_strsplit(figs, ";", -1);
        put(x, "<h4>%s</h4>\n", M(x, "report.figures"));
        for (gchar **p = ids; *p && !x->err->status; p++)
            figure(x, *p);
        g_strfreev(ids);
    }
    put(x, "</article>\n");
    return x->err->status;
}

static void messages_section(R *x)
{
    put(x, "<section id=\"messages\" aria-labelledby=\"messages-h\">\n<h2 id=\"messages-h\">%s</h2>\n<ol class=\"messages\">\n",
        M(x, "report.messages"));
    for (size_t i = 0; i < x->text.n; i++) {
        const pv_rt_entry *m = &x->text.e[i];
        if (m->kind != PV_RT_MESSAGE)
            continue;
        put(x, "<li id=\"m-%s\">\n", m->id);
        g_string_append(x->h, m->html[x->lang]);
        /* a list: two findings' titles side by side read as one */
        put(x, "<p class=\"links\">%s</p>\n<ul class=\"links\">\n", M(x, "report.findings_of"));
        for (size_t k = 0; k < x->text.n; k++) {
            const pv_rt_entry *f = &x->text.e[k];
            size_t t = f->kind == PV_RT_FINDING ? theme_row(x, f->theme) : (size_t)-1;
            if (t != (size_t)-1 && !strcmp(f->message, m->id))
                put(x, "<li><a href=\"#f-%s\">%s</a></li>\n", f->id, get(&x->themes, t, label_col(x)));
        }
        put(x, "</ul>\n</li>\n");
    }
    put(x, "</ol>\n</section>\n");
}

static int findings_section(R *x)
{
    char anchor[300];
    put(x, "<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">%s</h2>\n",
        M(x, "report.findings"));
    if (x->text.n == 0) {
        put(x, "<p>%s</p>\n", M(x, "report.no_text"));
        for (size_t t = 0; t < x->themes.n_rows && !x->err->status; t++) {
            snprintf(anchor, sizeof anchor, "f-%s", get(&x->themes, t, "theme_id"));
            finding(x, anchor, get(&x->themes, t, "theme_id"), NULL, NULL);
        }
    }
    for (size_t i = 0; i < x->text.n && !x->err->status; i++) {
        const pv_rt_entry *f = &x->text.e[i];
        if (f->kind != PV_RT_FINDING)
            continue;
        snprintf(anchor, sizeof anchor, "f-%s", f->id);
        finding(x, anchor, f->theme, f->html[x->lang], f->figures);
    }
    put(x, "</section>\n");
    return x->err->status;
}

/* ---------------------------------------------------------------- the page: annexes */

static void table_html(R *x, const pv_rtable *t, const char *caption)
{
    char buf[512];
    int threshold = x->cfg.threshold;
    put(x, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">\n"
           "<table id=\"t-%s\">\n<caption>%s</caption>\n<thead><tr>",
        caption, t->name, caption);
    for (size_t c = 0; c < t->t.n_cols; c++) {
        const char *u = pv_rtable_unit(t, c);
        put(x, *u ? "<th scope=\"col\">%s (%s)</th>" : "<th scope=\"col\">%s%s</th>", t->t.cols[c], u);
    }
    put(x, "</tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < t->t.n_rows; r++) {
        put(x, "<tr>");
        for (size_t c = 0; c < t->t.n_cols; c++) {
            double v;
            pv_rcell_kind k = pv_rtable_cell(t, r, c, &v);
            pv_rtable_format(t, r, c, threshold, x->lang, buf, sizeof buf);
            put(x, k == PV_RCELL_TEXT ? "<td>%s</td>" : "<td class=\"n\">%s</td>", buf);
        }
        put(x, "</tr>\n");
    }
    put(x, "</tbody></table></div>\n");
}

static const char *group_of(const pv_rtable *t)
{
    static const char *const sources[] = {"participation", "questionnaire", "qualitative"};
    if (strstr(t->path, "/level2/"))
        return "joint.category";
    for (int i = 0; i < 3; i++)
        if (strstr(t->name, sources[i]))
            return i == 0 ? "source.participation" : i == 1 ? "source.questionnaire" : "source.qualitative";
    return "joint.category";
}

static void methods_links(R *x, const char *table); /* annex B */

static void annex_tables(R *x)
{
    static const char *const groups[] = {"source.participation", "source.questionnaire",
                                         "source.qualitative", "joint.category"};
    char th[16];
    snprintf(th, sizeof th, "%d", x->cfg.threshold);
    char *sym = pv_msg_fill(&x->msg, "report.symbols", x->lang, "threshold", th, NULL);
    char *wb = pv_msg_fill(&x->msg, "report.workbook", x->lang, "file", "annexes.xlsx", NULL);
    put(x, "<section id=\"annex-tables\" aria-labelledby=\"annex-tables-h\">\n<h3 id=\"annex-tables-h\">%s</h3>\n<p>%s</p>\n",
        M(x, "report.annex_tables"), sym ? sym : "");
    put(x, "<p><a href=\"annexes.xlsx\">%s</a></p>\n", wb ? wb : "");
    g_free(sym);
    g_free(wb);
    for (int g = 0; g < 4; g++) {
        g_string_append_printf(x->h, "<section aria-labelledby=\"g%d-h\">\n<h4 id=\"g%d-h\">", g, g);
        put(x, "%s</h4>\n", M(x, groups[g]));
        for (size_t i = 0; i < x->n_tables; i++)
            if (!strcmp(group_of(x->tables[i]), groups[g])) {
                table_html(x, x->tables[i], x->tables[i]->path);
                methods_links(x, x->tables[i]->name);
            }
        put(x, "</section>\n");
    }
    put(x, "</section>\n");
}

/* ---------------------------------------------------------------- annex B: the methods */

/* The English text of a section of METHODS.md: the lines after the heading
 * "### section" under "## part" (or "## section" when part is empty), up to
 * the next heading of that level or above.  NULL when there is none. */
static char *methods_section(const char *md, const char *part, const char *section)
{
    const char *p = md, *body = NULL, *end = NULL;
    int in_part = !*part, level = *part ? 3 : 2;
    for (; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
        int h = 0;
        while (p[h] == '#')
            h++;
        if (!h || p[h] != ' ')
            continue;
        const char *t = p + h + 1, *eol = strchr(t, '\n');
        size_t n = eol ? (size_t)(eol - t) : strlen(t);
        if (body) {
            if (h <= level) {
                end = p;
                break;
            }
            continue;
        }
        if (h == 2 && *part)
            in_part = strlen(part) == n && !strncmp(t, part, n);
        else if (h == level && in_part && strlen(section) == n && !strncmp(t, section, n))
            body = eol ? eol + 1 : t + n;
    }
    if (!body)
        return NULL;
    return g_strndup(body, end ? (size_t)(end - body) : strlen(body));
}

/* Does the report show a table the method applies to?  tables: prefixes of
 * table names, ';'-separated; empty: always. */
static int method_used(const R *x, const char *tables, const char *table)
{
    if (!*tables)
        return !table;
    gchar **pre = g_strsplit(tables, ";", -1);
    int used = 0;
    for (gchar **p = pre; *p && !used; p++)
        for (size_t i = 0; i < x->n_tables && !used; i++)
            used = **p && g_str_has_prefix(table ? table : x->tables[i]->name, *p);
    g_strfreev(pre);
    return used;
}

/* Under a table of annex A: links to the methods of its statistics. */
static void methods_links(R *x, const char *table)
{
    int any = 0;
    for (size_t r = 0; r < x->mix.n_rows; r++) {
        if (!method_used(x, get(&x->mix, r, "tables"), table))
            continue;
        put(x, any++ ? ", " : "<p class=\"methods-of\">%s ", M(x, "report.methods_of"));
        put(x, "<a href=\"#method-%s\">%s</a>", get(&x->mix, r, "id"), x->mtitle[r]);
    }
    if (any)
        put(x, "</p>\n");
}

/* A section title the index has twice ("Small cells", under participation
 * and under questionnaires) is told apart by its part, up to " (":
 * "Small cells (Questionnaires)".  Appends it to g, or nothing. */
static void part_suffix(const R *x, size_t r, GString *g)
{
    const char *sec = get(&x->mix, r, "section"), *part = get(&x->mix, r, "part");
    for (size_t k = 0; k < x->mix.n_rows; k++)
        if (k != r && !strcmp(get(&x->mix, k, "section"), sec) && *part) {
            const char *cut = strstr(part, " (");
            g_string_append_printf(g, " (%.*s)", cut ? (int)(cut - part) : (int)strlen(part), part);
            return;
        }
}

/* The index, and each method's heading: the French file's "# title", or
 * the METHODS.md heading without its backquotes. */
static int methods_index(R *x)
{
    gchar *dir = g_path_get_dirname(x->o->methods_index), *base = g_path_get_basename(x->o->methods_index);
    static const char *const cols[] = {"id", "part", "section", "tables", "fr"};
    int st = load(x, &x->mix, dir, base);
    for (int c = 0; !st && c < 5; c++)
        if (pv_table_col(&x->mix, cols[c]) < 0)
            st = pv_err_set(x->err, PV_EXIT_DATA, "%s:1: no column '%s' (id,part,section,tables,fr)",
                            x->o->methods_index, cols[c]);
    x->mtitle = pv_xcalloc(x->mix.n_rows + 1, sizeof *x->mtitle);
    for (size_t r = 0; !st && r < x->mix.n_rows; r++) {
        const char *fr = get(&x->mix, r, "fr");
        GString *t = g_string_new(NULL);
        if (x->lang == PV_LANG_FR && *fr) {
            char path[8192], line[1024] = "";
            snprintf(path, sizeof path, "%s/%s", dir, fr);
            FILE *f = fopen(path, "r");
            if (!f || !fgets(line, sizeof line, f) || strncmp(line, "# ", 2))
                st = pv_err_set(x->err, f ? PV_EXIT_DATA : PV_EXIT_IO, "%s:1: %s", path,
                                f ? "the first line must be \"# title\"" : strerror(errno));
            if (f)
                fclose(f);
            line[strcspn(line, "\n")] = '\0';
            char *typo = pv_fmt_typo(line + 2, x->lang);
            g_string_append(t, typo);
            g_free(typo);
        } else {
            for (const char *p = get(&x->mix, r, "section"); *p; p++)
                if (*p != '`')
                    g_string_append_c(t, *p);
            part_suffix(x, r, t);
        }
        x->mtitle[r] = g_string_free(t, FALSE);
    }
    g_free(dir);
    g_free(base);
    return st;
}

static int method(R *x, const pv_table *ix, size_t r, const char *md, const char *dir)
{
    const char *id = get(ix, r, "id"), *fr = get(ix, r, "fr");
    char *en = methods_section(md, get(ix, r, "part"), get(ix, r, "section"));
    if (!en)
        return pv_err_set(x->err, PV_EXIT_DATA, "%s:%ld: no section '%s' under '%s' in %s", x->o->methods_index,
                          ix->line[r], get(ix, r, "section"), get(ix, r, "part"), x->o->methods);
    int in_en = x->lang != PV_LANG_EN && !*fr; /* the English text in a French page */
    put(x, in_en ? "<section id=\"method-%s\" aria-labelledby=\"method-%s-h\" lang=\"en\">\n<h4 id=\"method-%s-h\">"
                 : "<section id=\"method-%s\" aria-labelledby=\"method-%s-h\">\n<h4 id=\"method-%s-h\">",
        id, id, id);
    if (x->lang == PV_LANG_FR && *fr) {
        char path[8192];
        gchar *text = NULL;
        gsize n = 0;
        GError *ge = NULL;
        snprintf(path, sizeof path, "%s/%s", dir, fr);
        if (!g_file_get_contents(path, &text, &n, &ge)) {
            pv_err_set(x->err, PV_EXIT_IO, "%s: %s", path, ge->message);
            g_error_free(ge);
            g_free(en);
            return x->err->status;
        }
        remember(x, path);
        /* "# title" on the first line is the heading */
        const char *body = text, *eol = strchr(text, '\n');
        if (!strncmp(text, "# ", 2) && eol) {
            char *title = g_strndup(text + 2, (size_t)(eol - text - 2));
            char *t = pv_fmt_typo(title, x->lang);
            put(x, "%s</h4>\n", t);
            g_free(t);
            g_free(title);
            body = eol + 1;
        } else
            put(x, "%s</h4>\n", get(ix, r, "section"));
        char *typo = pv_fmt_typo(body, x->lang);
        char *html = pv_markdown_html(typo, strlen(typo), 3, 0);
        g_string_append(x->h, html);
        free(html);
        g_free(typo);
        g_free(text);
    } else {
        /* the heading may hold `code`: render it as Markdown, without its <p> */
        char *h = pv_markdown_html(get(ix, r, "section"), strlen(get(ix, r, "section")), 0, 0);
        size_t hl = strlen(h);
        if (hl > 8 && !strncmp(h, "<p>", 3))
            g_string_append_len(x->h, h + 3, (gssize)(hl - 8));
        else
            g_string_append(x->h, h);
        free(h);
        GString *suffix = g_string_new(NULL);
        part_suffix(x, r, suffix);
        put(x, "%s", suffix->str);
        g_string_free(suffix, TRUE);
        char *html = pv_markdown_html(en, strlen(en), 1, 0);
        put(x, x->lang == PV_LANG_EN ? "</h4>\n<div>\n" : "</h4>\n<p lang=\"fr\">%s</p>\n<div>\n",
            M(x, "report.method_in_en"));
        g_string_append(x->h, html);
        put(x, "</div>\n");
        free(html);
    }
    put(x, "</section>\n");
    g_free(en);
    return 0;
}

/* Each statistic the report's tables use, a section each: the index
 * (docs/methods/index.csv) names the sections of METHODS.md, the single
 * source of the English text, and the French text of each beside it. */
static int annex_methods(R *x)
{
    gchar *md = NULL, *dir = g_path_get_dirname(x->o->methods_index);
    gsize n = 0;
    GError *ge = NULL;
    int st = 0;
    if (!g_file_get_contents(x->o->methods, &md, &n, &ge)) {
        st = pv_err_set(x->err, PV_EXIT_IO, "%s: %s", x->o->methods, ge->message);
        g_error_free(ge);
        g_free(dir);
        return st;
    }
    remember(x, x->o->methods);
    put(x, "<section id=\"annex-methods\" aria-labelledby=\"annex-methods-h\">\n<h3 id=\"annex-methods-h\">%s</h3>\n<p>%s</p>\n",
        M(x, "report.annex_methods"), M(x, "report.methods_note"));
    for (size_t r = 0; !st && r < x->mix.n_rows; r++)
        if (method_used(x, get(&x->mix, r, "tables"), NULL))
            st = method(x, &x->mix, r, md, dir);
    put(x, "</section>\n");
    g_free(md);
    g_free(dir);
    return st;
}

static int annex_repro(R *x)
{
    char version[256];
    int st = pv_manifest_version(x->o->version_file, version, sizeof version, x->err);
    if (st)
        return st;
    remember(x, x->o->version_file);
    put(x, "<section id=\"annex-repro\" aria-labelledby=\"annex-repro-h\">\n<h3 id=\"annex-repro-h\">%s</h3>\n"
           "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><code>%s</code></dd></dl>\n<p>%s</p>\n",
        M(x, "report.annex_repro"), M(x, "report.version"), version, M(x, "report.command"),
        x->o->command ? x->o->command : "", M(x, "report.files"));
    put(x, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"SHA-256\"><table>\n"
           "<caption>SHA-256</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
           "<th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n",
        M(x, "report.col_file"), M(x, "report.col_bytes"));
    qsort(x->read->pdata, x->read->len, sizeof(char *), cmp_str);
    for (guint i = 0; i < x->read->len; i++) {
        const char *p = x->read->pdata[i];
        char hex[65], bytes[64];
        long long n = 0;
        if (i > 0 && !strcmp(p, x->read->pdata[i - 1]))
            continue;
        /* the file's content, through links (tests run make in a folder of links) */
        char *real = realpath(p, NULL);
        st = pv_sha256_file(real ? real : p, hex, &n, x->err);
        free(real);
        if (st)
            return st;
        pv_fmt_int(bytes, sizeof bytes, n, x->lang);
        put(x, "<tr><td>%s</td><td class=\"n\">%s</td><td><code>%s</code></td></tr>\n", p, bytes, hex);
    }
    put(x, "</tbody></table></div>\n</section>\n");
    return 0;
}

/* ---------------------------------------------------------------- the page */

static const char css[] =
    "body{font-family:'Lato','Helvetica Neue',Arial,sans-serif;line-height:1.5;color:#1a1a1a;"
    "background:#fff;margin:0 auto;max-width:52rem;padding:0 1rem 3rem}\n"
    "a{color:#0b4f8a}a:focus,summary:focus,.scroll:focus{outline:3px solid #b35900;outline-offset:2px}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}\n"
    "header{border-bottom:2px solid #0b4f8a;margin-bottom:1rem}\n"
    "h1{font-size:1.8rem;line-height:1.2}h2{border-bottom:1px solid #767676;margin-top:2.5rem}\n"
    ".finding{border-top:1px solid #767676;margin-top:2rem}\n"
    ".category{display:inline-block;padding:.2rem .6rem;border-left:.5rem solid #595959;background:#f2f2f2}\n"
    ".category.agreement{border-left-color:#1b7a3d}.category.partial_agreement{border-left-color:#8a6d00}\n"
    ".category.dissonance{border-left-color:#b00020}\n"
    ".scroll{overflow-x:auto;margin:1rem 0}\n"
    "table{border-collapse:collapse;font-size:.85rem}caption{text-align:left;font-weight:bold;padding:.3rem 0}\n"
    "th,td{border:1px solid #b3b3b3;padding:.2rem .4rem;vertical-align:top}th{background:#eef2f6;text-align:left}\n"
    "td.n{text-align:right;white-space:nowrap}\n"
    "figure{margin:1rem 0}img{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#333}\n"
    "blockquote{margin:0;padding-left:1rem;border-left:3px solid #767676;font-style:italic}\n"
    "ul.links{margin-top:0}.methods-of{font-size:.85rem;margin-top:0}\n"
    "@media print{nav,.skip{display:none}body{max-width:none}a{color:inherit}"
    ".scroll{overflow:visible}.finding{break-before:page}details{display:block}}\n";

static int page(R *x)
{
    const char *lang = x->lang == PV_LANG_EN ? "en" : "fr";
    char period[128];
    int ya, ma, da, yb, mb, db;
    pv_civil_from_days(x->cfg.period_start, &ya, &ma, &da);
    pv_civil_from_days(x->cfg.period_end, &yb, &mb, &db);
    pv_fmt_period(period, sizeof period, ya, ma, yb, mb, x->lang);
    put(x, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>\n",
        lang, x->cfg.title[x->lang]);
    g_string_append(x->h, css);
    /* print: an explanation folded in <details> would not be printed */
    g_string_append(x->h, "</style>\n<script>addEventListener('beforeprint', () => "
                          "document.querySelectorAll('details').forEach(d => { d.open = true; }));</script>\n");
    put(x, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">%s</a>\n<header>\n<h1>%s</h1>\n",
        M(x, "report.skip"), x->cfg.title[x->lang]);
    put(x, x->lang == PV_LANG_EN ? "<p>%s %s<br>%s: %s</p>\n" : "<p>%s %s<br>%s\u202F: %s</p>\n",
        M(x, "note.source"), x->cfg.source[x->lang], M(x, "report.period"), period);
    if (x->o->other)
        put(x, "<p><a href=\"%s\" hreflang=\"%s\" lang=\"%s\">%s</a></p>\n", x->o->other,
            x->lang == PV_LANG_EN ? "fr" : "en", x->lang == PV_LANG_EN ? "fr" : "en",
            M(x, "report.other_lang"));
    put(x, "</header>\n<nav aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">%s</h2>\n<ol>\n", M(x, "report.contents"));
    if (x->text.n)
        put(x, "<li><a href=\"#messages\">%s</a></li>\n<li><a href=\"#conclusions\">%s</a></li>\n",
            M(x, "report.messages"), M(x, "report.conclusions"));
    put(x, "<li><a href=\"#findings\">%s</a></li>\n<li><a href=\"#annexes\">%s</a></li>\n</ol>\n</nav>\n<main id=\"main\">\n",
        M(x, "report.findings"), M(x, "report.annexes"));
    if (x->text.n) {
        messages_section(x);
        put(x, "<section id=\"conclusions\" aria-labelledby=\"conclusions-h\">\n<h2 id=\"conclusions-h\">%s</h2>\n",
            M(x, "report.conclusions"));
        for (size_t i = 0; i < x->text.n; i++)
            if (x->text.e[i].kind == PV_RT_CONCLUSIONS)
                g_string_append(x->h, x->text.e[i].html[x->lang]);
        put(x, "</section>\n");
    }
    if (findings_section(x))
        return x->err->status;
    put(x, "<section id=\"annexes\" aria-labelledby=\"annexes-h\">\n<h2 id=\"annexes-h\">%s</h2>\n",
        M(x, "report.annexes"));
    annex_tables(x);
    if (annex_methods(x))
        return x->err->status;
    put(x, "<section id=\"annex-quality\" aria-labelledby=\"annex-quality-h\">\n<h3 id=\"annex-quality-h\">%s</h3>\n<p>%s</p>\n",
        M(x, "report.annex_quality"), M(x, "report.quality_text"));
    table_html(x, &x->ingest, x->ingest.path);
    put(x, "</section>\n");
    if (annex_repro(x))
        return x->err->status;
    put(x, "</section>\n</main>\n</body>\n</html>\n");
    return 0;
}

static int workbook(R *x)
{
    char path[4096], period[128], th[16];
    int ya, ma, da, yb, mb, db;
    pv_rtable *all[MAX_TABLES + 1];
    size_t n = 0;
    pv_civil_from_days(x->cfg.period_start, &ya, &ma, &da);
    pv_civil_from_days(x->cfg.period_end, &yb, &mb, &db);
    pv_fmt_period(period, sizeof period, ya, ma, yb, mb, x->lang);
    snprintf(th, sizeof th, "%d", x->cfg.threshold);
    char *sym = pv_msg_fill(&x->msg, "report.symbols", x->lang, "threshold", th, NULL);
    char *src = g_strdup_printf("%s %s", M(x, "note.source"), x->cfg.source[x->lang]);
    const char *notes[] = {sym, M(x, "report.quality_text"), NULL};
    for (size_t i = 0; i < x->n_tables; i++)
        all[n++] = x->tables[i];
    all[n++] = &x->ingest;
    pv_xlsx_info info = {x->cfg.title[x->lang], src, period, notes, M(x, "report.notes"),
                         {M(x, "report.sheet"), M(x, "report.col_file")},
                         (time_t)x->cfg.period_end * 86400, x->cfg.threshold};
    snprintf(path, sizeof path, "%s/annexes.xlsx", x->o->out);
    int st = pv_xlsx_write(path, all, n, &info, x->err);
    g_free(sym);
    g_free(src);
    return st;
}

int pv_report_run(const pv_report_opts *o, pv_err *err)
{
    R x = {0};
    char path[4096];
    int st;
    x.o = o;
    x.err = err;
    x.ingest.unit_col = x.ingest.suppressed_col = -1;
    x.read = g_ptr_array_new_with_free_func(g_free);
    x.h = g_string_sized_new(1 << 20);
    snprintf(path, sizeof path, "%s/figures", o->out);
    if (!(st = load_all(&x)) && !(st = labels_load(&x)) && !(st = methods_index(&x)) && !(st = load_text(&x)) && !(st = pv_output_dir(path, err)) &&
        !(st = page(&x)) && !(st = workbook(&x))) {
        snprintf(path, sizeof path, "%s/index.html", o->out);
        st = write_file(&x, path, x.h->str, x.h->len);
    }
    g_string_free(x.h, TRUE);
    g_ptr_array_free(x.read, TRUE);
    for (size_t i = 0; i < x.n_tables; i++) {
        pv_rtable_free(x.tables[i]);
        free(x.tables[i]);
    }
    pv_rtable_free(&x.ingest);
    pv_table_free(&x.themes);
    pv_table_free(&x.evidence);
    pv_table_free(&x.captions);
    pv_table_free(&x.tri);
    pv_table_free(&x.quotes);
    for (size_t i = 0; i < x.n_ind; i++)
        pv_table_free(&x.ind[i]);
    pv_rtext_free(&x.text);
    if (x.labels)
        g_hash_table_destroy(x.labels);
    for (size_t i = 0; x.mtitle && i < x.mix.n_rows; i++)
        g_free(x.mtitle[i]);
    free(x.mtitle);
    pv_table_free(&x.mix);
    pv_messages_free(&x.msg);
    pv_config_free(&x.cfg);
    return st;
}
