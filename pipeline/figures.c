/* figures.c — catalogue-driven figures (see figures.h). */
#include "figures.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "config.h"
#include "csvout.h"
#include "fmt.h"
#include "schema.h"
#include "stage.h"
#include "value.h"

#define MAX_SERIES 8

/* ------------------------------------------------------------------ */
/* The catalogue                                                      */
/* ------------------------------------------------------------------ */

static const pv_colspec catalogue_cols[] = {
    {"figure", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"kind", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"data", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"series", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"series_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"series_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"labels", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"sort", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"title_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"title_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"subtitle_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"subtitle_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"axis_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"axis_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
};
enum { C_FIGURE, C_KIND, C_DATA, C_SERIES, C_SERIES_FR, C_SERIES_EN, C_LABELS,
       C_SORT, C_TITLE_FR, C_TITLE_EN, C_SUB_FR, C_SUB_EN, C_AXIS_FR, C_AXIS_EN,
       C_NCOLS };

static const struct {
    const char *name;
    pv_chart_kind kind;
    const char *alt_fr, *alt_en;  /* how alt text names the chart */
} kinds[] = {
    {"hbar", PV_CHART_HBAR, "Diagramme à barres horizontales", "Horizontal bar chart"},
    {"hbar_stacked", PV_CHART_HBAR_STACKED, "Diagramme à barres horizontales empilées",
     "Stacked horizontal bar chart"},
    {"vbar_stacked", PV_CHART_VBAR_STACKED, "Diagramme à barres empilées", "Stacked bar chart"},
    {"line", PV_CHART_LINE, "Graphique linéaire", "Line chart"},
};

/* Split s at ';' into at most max parts, copied into buf (size n). */
static int split(const char *s, char *buf, size_t n, const char **part, int max)
{
    int k = 0;
    snprintf(buf, n, "%s", s);
    for (char *p = buf; k < max;) {
        part[k++] = p;
        p = strchr(p, ';');
        if (!p)
            break;
        *p++ = '\0';
    }
    return k;
}

/* ------------------------------------------------------------------ */
/* One figure                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
    const pv_figures_opts *o;
    const pv_config *cfg;
    pv_lang lang;
    pv_csvw *captions;
    pv_err *err;
} run;

typedef struct {
    int n;                 /* categories (without the total row) */
    const char **label;    /* borrowed from the table */
    double *v;             /* nser x n */
    double total[MAX_SERIES];
    char **text;           /* nser x n value labels, owned */
    char **alt;            /* nser x n counts as text for the alt text, owned */
    unsigned char *compl;  /* nser x n: 1 where a hidden count was hidden by
                              complementary suppression (it may be >= the
                              threshold, so it must not read "< 5") */
} figdata;

static double cell(const char *s)
{
    return *s ? strtod(s, NULL) : NAN;
}

/* Load the categories and series of table t. */
static int figdata_load(figdata *f, const pv_table *t, const char **ser, int nser,
                        pv_lang lang, const char *file, pv_err *err)
{
    int col[MAX_SERIES], lab = pv_table_col(t, lang == PV_LANG_EN ? "label_en" : "label_fr");
    int sup = pv_table_col(t, "suppressed"); /* breakdown tables have it */
    if (lab < 0)
        return pv_err_set(err, PV_EXIT_DATA, "%s: no label column", file);
    for (int s = 0; s < nser; s++)
        if ((col[s] = pv_table_col(t, ser[s])) < 0)
            return pv_err_set(err, PV_EXIT_DATA, "%s: no column '%s' (catalogue series)",
                              file, ser[s]);
    f->label = calloc(t->n_rows + 1, sizeof *f->label);
    f->v = calloc((t->n_rows + 1) * (size_t)nser, sizeof *f->v);
    f->text = calloc((t->n_rows + 1) * (size_t)nser, sizeof *f->text);
    f->alt = calloc((t->n_rows + 1) * (size_t)nser, sizeof *f->alt);
    f->compl = calloc((t->n_rows + 1) * (size_t)nser, 1);
    if (!f->label || !f->v || !f->text || !f->alt || !f->compl)
        return pv_err_set(err, PV_EXIT_IO, "out of memory");
    for (int s = 0; s < nser; s++)
        f->total[s] = NAN;
    for (size_t r = 0; r < t->n_rows; r++) {
        if (strcmp(pv_table_get(t, r, 0), "total") == 0) {
            for (int s = 0; s < nser; s++)
                f->total[s] = cell(pv_table_get(t, r, (size_t)col[s]));
            continue;
        }
        f->label[f->n] = pv_table_get(t, r, (size_t)lab);
        for (int s = 0; s < nser; s++) {
            char flag[128];
            size_t i = (size_t)s * t->n_rows + (size_t)f->n;
            f->v[i] = cell(pv_table_get(t, r, (size_t)col[s]));
            snprintf(flag, sizeof flag, "%s:complementary", ser[s]);
            /* without a `suppressed` column (running totals), a hidden
             * value is not known to be small: show it as "x" too */
            f->compl[i] = sup < 0 || strstr(pv_table_get(t, r, (size_t)sup), flag) != NULL;
        }
        f->n++;
    }
    /* compact the series to stride n */
    for (int s = 1; s < nser; s++) {
        memmove(f->v + (size_t)s * (size_t)f->n, f->v + (size_t)s * t->n_rows,
                (size_t)f->n * sizeof *f->v);
        memmove(f->compl + (size_t)s * (size_t)f->n, f->compl + (size_t)s * t->n_rows,
                (size_t)f->n);
    }
    return 0;
}

/* Sort categories by decreasing value of the first series (stable; NAN last). */
static void figdata_sort_desc(figdata *f, int nser)
{
    for (int i = 1; i < f->n; i++)
        for (int j = i; j > 0; j--) {
            double a = f->v[j - 1], b = f->v[j];
            int swap = (isnan(a) && !isnan(b)) || (!isnan(a) && !isnan(b) && b > a);
            if (!swap)
                break;
            const char *l = f->label[j];
            f->label[j] = f->label[j - 1];
            f->label[j - 1] = l;
            for (int s = 0; s < nser; s++) {
                double *v = f->v + (size_t)s * (size_t)f->n, t = v[j];
                unsigned char *k = f->compl + (size_t)s * (size_t)f->n, u = k[j];
                v[j] = v[j - 1];
                v[j - 1] = t;
                k[j] = k[j - 1];
                k[j - 1] = u;
            }
        }
}

/* Bar texts: "< 5" for a count hidden because it is small, "x" for one
 * hidden by complementary suppression; otherwise, by the catalogue's
 * `labels`: "1 234 (23 %)" (count_share), "1 234" (count) or nothing
 * (none).  alt (same shape) always gets the count, for the alt text.
 * Counts hidden cells in hidden[0] (small) and hidden[1] (complementary). */
static void figdata_texts(figdata *f, int nser, const char *labels, const run *x,
                          int hidden[2])
{
    char a[64], b[64];
    hidden[0] = hidden[1] = 0;
    for (int s = 0; s < nser; s++)
        for (int c = 0; c < f->n; c++) {
            size_t i = (size_t)s * (size_t)f->n + (size_t)c;
            double v = f->v[i];
            char *t = malloc(160), *u = malloc(160);
            if (!t || !u) {
                free(t);
                free(u);
                continue;
            }
            if (isnan(v)) {
                if (f->compl[i])
                    snprintf(t, 160, "x");
                else
                    snprintf(t, 160, "< %s", pv_fmt_int(a, sizeof a, x->cfg->threshold, x->lang));
                snprintf(u, 160, "%s", t);
                hidden[f->compl[i] ? 1 : 0]++;
            } else {
                pv_fmt_int(u, 160, (long long)v, x->lang);
                if (strcmp(labels, "count_share") == 0 && f->total[s] > 0)
                    snprintf(t, 160, "%s (%s)", u,
                             pv_fmt_pct(b, sizeof b, v / f->total[s], 0, x->lang));
                else
                    snprintf(t, 160, "%s", strcmp(labels, "none") ? u : "");
            }
            f->text[i] = t;
            f->alt[i] = u;
        }
}

static void figdata_free(figdata *f, int nser)
{
    for (int i = 0; i < f->n * nser; i++) {
        if (f->text)
            free(f->text[i]);
        if (f->alt)
            free(f->alt[i]);
    }
    free(f->text);
    free(f->alt);
    free(f->compl);
    free(f->label);
    free(f->v);
}

/* Source note: "Source : <source>, janv. 2024 – mars 2025. n = 5 305." */
static void source_note(char *buf, size_t n, const run *x, double total,
                        const int hidden[2])
{
    char per[96], num[48];
    int y0, m0, d0, y1, m1, d1;
    pv_civil_from_days(x->cfg->period_start, &y0, &m0, &d0);
    pv_civil_from_days(x->cfg->period_end, &y1, &m1, &d1);
    pv_fmt_period(per, sizeof per, y0, m0, y1, m1, x->lang);
    if (isnan(total))
        snprintf(buf, n, "%s %s, %s.", x->lang == PV_LANG_EN ? "Source:" : "Source :",
                 x->cfg->source[x->lang], per);
    else
        snprintf(buf, n, "%s %s, %s. n = %s.", x->lang == PV_LANG_EN ? "Source:" : "Source :",
                 x->cfg->source[x->lang], per,
                 pv_fmt_int(num, sizeof num, (long long)total, x->lang));
    if (hidden[0] || hidden[1]) {
        size_t len = strlen(buf);
        pv_fmt_int(num, sizeof num, x->cfg->threshold, x->lang);
        snprintf(buf + len, n - len,
                 x->lang == PV_LANG_EN ? " Counts below %s are not shown (< %s)."
                                       : " Les effectifs inférieurs à %s sont masqués (< %s).",
                 num, num);
    }
    if (hidden[1]) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s",
                 x->lang == PV_LANG_EN
                     ? " x: hidden so that a small count cannot be worked out from the totals."
                     : " x : masqué pour qu'un petit effectif ne puisse être déduit des totaux.");
    }
}

/* Alt text: kind, title, then every category with its values.  French
 * puts a no-break space before ':' and ';' (U+00A0 and U+202F). */
static void alt_text(GString *g, const run *x, const char *kind_name, const char *title,
                     const figdata *f, const char **serl, int nser)
{
    int en = x->lang == PV_LANG_EN;
    g_string_printf(g, "%s. %s.", kind_name, title);
    for (int c = 0; c < f->n; c++) {
        g_string_append_printf(g, " %s%s", f->label[c], en ? ":" : "\u00A0:");
        for (int s = 0; s < nser; s++) {
            const char *t = f->alt[(size_t)s * (size_t)f->n + (size_t)c];
            if (nser > 1)
                g_string_append_printf(g, "%s %s %s", s ? "," : "", serl[s], t ? t : "");
            else
                g_string_append_printf(g, " %s", t ? t : "");
        }
        g_string_append(g, c + 1 < f->n ? (en ? ";" : "\u202F;") : ".");
    }
}

/* Draw catalogue row r. */
static int draw_figure(run *x, const pv_vtable *cat, size_t r)
{
    const char *fig = pv_vtable_str(cat, r, C_FIGURE);
    const char *kind = pv_vtable_str(cat, r, C_KIND);
    const char *data = pv_vtable_str(cat, r, C_DATA);
    const char *ser[MAX_SERIES], *serl[MAX_SERIES];
    char sbuf[512], lbuf[1024], path[4096], base[4096], note[1024];
    int en = x->lang == PV_LANG_EN, k = -1, st;
    pv_table t;
    pv_rejects rej = {0};
    figdata f = {0};
    GString *alt = g_string_new(NULL), *caption = g_string_new(NULL);

    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(kinds[i].name, kind) == 0)
            k = (int)i;
    int nser = split(pv_vtable_str(cat, r, C_SERIES), sbuf, sizeof sbuf, ser, MAX_SERIES);
    int nlab = split(pv_vtable_str(cat, r, en ? C_SERIES_EN : C_SERIES_FR), lbuf,
                     sizeof lbuf, serl, MAX_SERIES);
    if (k < 0 || nlab != nser) {
        st = pv_err_set(x->err, PV_EXIT_DATA, "%s:%ld: %s", cat->raw.name,
                        cat->raw.line[cat->src[r]],
                        k < 0 ? "unknown kind (hbar, hbar_stacked, vbar_stacked, line)"
                              : "series and their labels differ in number");
        goto done;
    }
    snprintf(path, sizeof path, "%s/level1/%s", x->o->in, data);
    if ((st = pv_table_read(&t, path, path, NULL, &rej, x->err)))
        goto done;
    if (rej.n) {
        st = pv_err_set(x->err, PV_EXIT_DATA, "%s:%ld: %s", path, rej.v[0].line, rej.v[0].reason);
        goto done_table;
    }
    if ((st = figdata_load(&f, &t, ser, nser, x->lang, path, x->err)))
        goto done_table;
    if (strcmp(pv_vtable_str(cat, r, C_SORT), "desc") == 0)
        figdata_sort_desc(&f, nser);
    int hidden[2];
    figdata_texts(&f, nser, pv_vtable_str(cat, r, C_LABELS), x, hidden);
    double n_total = f.total[0];
    if (kinds[k].kind != PV_CHART_HBAR && nser > 1) /* stacked or lines: n of all series */
        n_total = strcmp(kind, "line") == 0 ? f.v[(size_t)f.n - 1] : f.total[0] + f.total[1];
    source_note(note, sizeof note, x, n_total, hidden);
    pv_chart_spec spec = {
        .kind = kinds[k].kind,
        .lang = x->lang,
        .title = pv_vtable_str(cat, r, en ? C_TITLE_EN : C_TITLE_FR),
        .subtitle = pv_vtable_str(cat, r, en ? C_SUB_EN : C_SUB_FR),
        .note = note,
        .value_axis = pv_vtable_str(cat, r, en ? C_AXIS_EN : C_AXIS_FR),
        .n_cat = f.n,
        .cat_labels = f.label,
        .n_ser = nser,
        .ser_labels = serl,
        .values = f.v,
        .value_text = (const char *const *)f.text,
    };
    snprintf(base, sizeof base, "%s/%s", x->o->out, fig);
    if ((st = pv_chart_render(&spec, base, x->err)))
        goto done_data;
    alt_text(alt, x, en ? kinds[k].alt_en : kinds[k].alt_fr, spec.title, &f, serl, nser);
    g_string_printf(caption, "%s. %s. %s", spec.title, spec.subtitle, note);
    pv_csvw_str(x->captions, fig);
    pv_csvw_str(x->captions, spec.title);
    pv_csvw_str(x->captions, caption->str);
    pv_csvw_str(x->captions, alt->str);
    snprintf(path, sizeof path, "level1/%s", data); /* relative to --in */
    pv_csvw_str(x->captions, path);
    pv_csvw_end(x->captions);
done_data:
    figdata_free(&f, nser);
done_table:
    pv_table_free(&t);
done:
    pv_rejects_free(&rej);
    g_string_free(alt, TRUE);
    g_string_free(caption, TRUE);
    return st;
}

int pv_figures_run(const pv_figures_opts *o, pv_err *err)
{
    pv_config cfg;
    pv_vtable cat;
    pv_rejects rej = {0};
    pv_vctx ctx = {0};
    pv_csvw captions;
    char path[4096];
    int st;

    snprintf(path, sizeof path, "%s/clean/config.csv", o->in);
    if ((st = pv_config_load(&cfg, path, path, &rej, err)))
        goto out_cfg;
    if ((st = pv_vtable_load(&cat, "figures", catalogue_cols, C_NCOLS, o->catalogue,
                             o->catalogue, &ctx, &rej, err)))
        goto out_cat;
    if (rej.n) {
        const pv_reject *e = &rej.v[0];
        st = pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: %s%s%s ('%s')", e->file, e->line,
                        e->column, e->field, *e->field ? ": " : "", e->reason, e->value);
        goto out_cat;
    }
    if ((st = pv_mkdirs(o->out, err)))
        goto out_cat;
    run x = {.o = o, .cfg = &cfg, .lang = o->lang >= 0 ? (pv_lang)o->lang : cfg.lang,
             .captions = &captions, .err = err};
    snprintf(path, sizeof path, "%s/captions.csv", o->out);
    pv_csvw_open(&captions, path, err);
    pv_csvw_row(&captions, "figure", "title", "caption", "alt_text", "data", NULL);
    for (size_t r = 0; r < cat.n && !st; r++)
        st = draw_figure(&x, &cat, r);
    if (st)
        captions.failed = 1; /* no captions file for a partial set */
    int cst = pv_csvw_close(&captions);
    st = st ? st : cst;
out_cat:
    pv_vtable_free(&cat);
out_cfg:
    pv_config_free(&cfg);
    pv_rejects_free(&rej);
    return st;
}
