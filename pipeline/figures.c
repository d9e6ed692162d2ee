/* figures.c — catalogue-driven figures (see figures.h). */
#include "figures.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart.h"
#include "codes.h"
#include "config.h"
#include "convergence.h"
#include "csvout.h"
#include "effects.h"
#include "fmt.h"
#include "indicators.h"
#include "messages.h"
#include "qualitative.h"
#include "questionnaire.h"
#include "schema.h"
#include "stage.h"
#include "value.h"
#include "xalloc.h"

#define MAX_SERIES 8

/* ------------------------------------------------------------------ */
/* The catalogue                                                      */
/* ------------------------------------------------------------------ */

enum { C_FIGURE, C_KIND, C_DATA, C_SERIES, C_SERIES_FR, C_SERIES_EN, C_LABELS,
       C_SORT, C_TITLE_FR, C_TITLE_EN, C_SUB_FR, C_SUB_EN, C_AXIS_FR, C_AXIS_EN,
       C_SOURCE_FR, C_SOURCE_EN, C_AXIS_MIN, C_AXIS_MAX, C_SUBSET, C_POSITIONS, C_NCOLS };
static const pv_colspec catalogue_cols[C_NCOLS] = {
    [C_FIGURE] = {"figure", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [C_KIND] = {"kind", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [C_DATA] = {"data", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [C_SERIES] = {"series", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [C_SERIES_FR] = {"series_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [C_SERIES_EN] = {"series_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [C_LABELS] = {"labels", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [C_SORT] = {"sort", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [C_TITLE_FR] = {"title_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [C_TITLE_EN] = {"title_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [C_SUB_FR] = {"subtitle_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [C_SUB_EN] = {"subtitle_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [C_AXIS_FR] = {"axis_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [C_AXIS_EN] = {"axis_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [C_SOURCE_FR] = {"source_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [C_SOURCE_EN] = {"source_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [C_AXIS_MIN] = {"axis_min", PV_COL_DEC, NULL, -1000000000, 1000000000, PV_MAY_BE_EMPTY, NULL},
    [C_AXIS_MAX] = {"axis_max", PV_COL_DEC, NULL, -1000000000, 1000000000, PV_MAY_BE_EMPTY, NULL},
    [C_SUBSET] = {"subset", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    /* tilemap: the file of tile positions, beside the catalogue */
    [C_POSITIONS] = {"positions", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
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

/* The catalogue's `subset`: which rows of its table a figure draws, so
 * that a figure too tall for a page is drawn as several (data/README.md).
 * "col=a;b" keeps the rows whose col is a or b, "col!=a;b" the others; an
 * empty value matches an empty cell ("parent=": the rows without a
 * parent).  Empty: every row. */
typedef struct {
    char col[64];
    int negate;
    char buf[512];
    const char *val[64];
    int nval;
} subset;

/* Parse text into *q; returns 0, or -1 when it is not "col=..." or "col!=...". */
static int subset_parse(subset *q, const char *text)
{
    const char *eq = strchr(text, '=');
    memset(q, 0, sizeof *q);
    if (!*text)
        return 0;
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof q->col)
        return -1;
    q->negate = eq[-1] == '!';
    size_t n = (size_t)(eq - text) - (size_t)q->negate;
    if (n == 0)
        return -1;
    memcpy(q->col, text, n);
    q->nval = split(eq + 1, q->buf, sizeof q->buf, q->val, 64);
    return 0;
}

/* Does a row whose subset column holds v belong to the figure? */
static int subset_keeps(const subset *q, const char *v)
{
    int in = 0;
    if (!q->col[0])
        return 1;
    for (int i = 0; i < q->nval && !in; i++)
        in = strcmp(q->val[i], v) == 0;
    return in != q->negate;
}

/* ------------------------------------------------------------------ */
/* One figure                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
    const pv_figures_opts *o;
    const pv_messages *msg;    /* data/messages.csv */
    const pv_config *cfg;
    const pv_codes *codes;
    pv_lang lang;
    pv_csvw *captions;
    pv_chart_book *book;   /* figures.pdf */
    const subset *sub;     /* the figure's rows (catalogue `subset`) */
    char sub_at[512];      /* where the subset is: "figures.csv:3:19" */
    int number;            /* figures drawn so far */
    pv_rejects *rej;       /* catalogue rows that cannot be drawn */
    GString *skipped;      /* figures whose data the dataset has not: said in one line */
    size_t n_skipped;
    const pv_vtable *colours; /* colours.csv, or NULL */
    pv_err *err;
} run;

/* colours.csv: a key (a series of the catalogue, a convergence category or
 * rating) and the palette slot it takes in every figure (chart.h). */
enum { K_KEY, K_SLOT, K_MEANING, K_NCOLS };
static const pv_colspec colours_cols[K_NCOLS] = {
    [K_KEY] = {"key", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [K_SLOT] = {"slot", PV_COL_INT, NULL, 0, PV_CHART_SLOTS - 1, 0, NULL},
    [K_MEANING] = {"meaning", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
};

/* The palette slot colours.csv gives key, or -1. */
static int colour_slot(const run *x, const char *key)
{
    long k = x->colours ? pv_vtable_find(x->colours, key) : -1;
    return k < 0 ? -1 : (int)pv_vtable_val(x->colours, (size_t)k, K_SLOT).i;
}

/* The slots of a figure's series: colours.csv's, then the free slots in
 * order for the keys it does not list.  Returns -1 when two keys share a
 * slot (their indices in *a, *b), else 0. */
static int series_slots(const run *x, const char *const *key, int n, int *slot, int *a, int *b)
{
    int used[PV_CHART_SLOTS] = {0}, next = 0;
    for (int s = 0; s < n; s++) {
        slot[s] = colour_slot(x, key[s]);
        for (int t = 0; t < s && slot[s] >= 0; t++)
            if (slot[t] == slot[s]) {
                *a = t, *b = s;
                return -1;
            }
        if (slot[s] >= 0)
            used[slot[s]] = 1;
    }
    for (int s = 0; s < n; s++)
        if (slot[s] < 0) {
            while (next < PV_CHART_SLOTS - 1 && used[next])
                next++;
            slot[s] = next;
            used[next] = 1;
        }
    return 0;
}

/* What a figure does not show, each with its sign (messages symbol.<x>,
 * defined in the source note by note.<x>): the same signs in every figure. */
enum { H_SMALL,      /* a count below the threshold: "< 5" */
       H_SUPPRESSED, /* hidden (small cell, or one a small cell could be
                        worked out from): x */
       H_NOT_ASKED,  /* the group was not asked the item: ... */
       H_UNDEFINED,  /* the statistic is undefined (kappa of a code one coder
                        never applied, a share of no session): .. */
       H_N };

static const char *symbol(const run *x, int h)
{
    static const char *const key[H_N] = {NULL, "symbol.suppressed", "symbol.not_asked",
                                         "symbol.undefined"};
    return pv_msg(x->msg, key[h], x->lang);
}

typedef struct {
    int n;                 /* categories (without the total row) */
    const char **label;    /* borrowed from the table */
    const char **key;      /* breakdowns: the rows' keys (first column), or NULL */
    double *v;             /* nser x n */
    double total[MAX_SERIES];
    char **text;           /* nser x n value labels, owned */
    char **alt;            /* nser x n counts as text for the alt text, owned */
    unsigned char *compl;  /* nser x n: 1 where a hidden count was hidden by
                              complementary suppression (it may be >= the
                              threshold, so it must not read "< 5") */
} figdata;

/* Column of t that x->sub filters on: -1 when every row is drawn, -2
 * (error set) when t lacks it. */
static int subset_col(const run *x, const pv_table *t, const char *file);

static double cell(const char *s)
{
    return *s ? strtod(s, NULL) : NAN;
}

/* Load the categories and series of table t (the rows of the subset). */
static int figdata_load(const run *x, figdata *f, const pv_table *t, const char **ser,
                        int nser, pv_lang lang, const char *file, pv_err *err)
{
    int sc = subset_col(x, t, file);
    if (sc == -2)
        return x->err->status;
    int col[MAX_SERIES], lab = pv_table_col(t, lang == PV_LANG_EN ? "label_en" : "label_fr");
    int sup = pv_table_col(t, "suppressed"); /* breakdown tables have it */
    if (lab < 0)
        return pv_err_set(err, PV_EXIT_DATA, "%s: no label column", file);
    for (int s = 0; s < nser; s++)
        if ((col[s] = pv_table_col(t, ser[s])) < 0)
            return pv_err_set(err, PV_EXIT_DATA, "%s: no column '%s' (catalogue series)",
                              file, ser[s]);
    f->label = pv_xcalloc(t->n_rows + 1, sizeof *f->label);
    f->key = pv_xcalloc(t->n_rows + 1, sizeof *f->key);
    f->v = pv_xcalloc(pv_xmul(t->n_rows + 1, (size_t)nser), sizeof *f->v);
    f->text = pv_xcalloc(pv_xmul(t->n_rows + 1, (size_t)nser), sizeof *f->text);
    f->alt = pv_xcalloc(pv_xmul(t->n_rows + 1, (size_t)nser), sizeof *f->alt);
    f->compl = pv_xcalloc(pv_xmul(t->n_rows + 1, (size_t)nser), 1);
    for (int s = 0; s < nser; s++)
        f->total[s] = NAN;
    for (size_t r = 0; r < t->n_rows; r++) {
        if (strcmp(pv_table_get(t, r, 0), "total") == 0) {
            for (int s = 0; s < nser; s++)
                f->total[s] = cell(pv_table_get(t, r, (size_t)col[s]));
            continue;
        }
        if (sc >= 0 && !subset_keeps(x->sub, pv_table_get(t, r, (size_t)sc)))
            continue;
        f->label[f->n] = pv_table_get(t, r, (size_t)lab);
        f->key[f->n] = pv_table_get(t, r, 0);
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
            const char *l = f->label[j], *k0 = f->key[j];
            f->label[j] = f->label[j - 1];
            f->label[j - 1] = l;
            f->key[j] = f->key[j - 1];
            f->key[j - 1] = k0;
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
 * Counts hidden cells in hidden[H_SMALL] and hidden[H_SUPPRESSED]. */
static void figdata_texts(figdata *f, int nser, const char *labels, const run *x,
                          int hidden[H_N])
{
    char a[64], b[64];
    memset(hidden, 0, H_N * sizeof *hidden);
    for (int s = 0; s < nser; s++)
        for (int c = 0; c < f->n; c++) {
            size_t i = (size_t)s * (size_t)f->n + (size_t)c;
            double v = f->v[i];
            char *t = pv_xmalloc(160), *u = pv_xmalloc(160);
            if (isnan(v)) {
                if (f->compl[i])
                    snprintf(t, 160, "%s", symbol(x, H_SUPPRESSED));
                else
                    snprintf(t, 160, "< %s", pv_fmt_int(a, sizeof a, x->cfg->threshold, x->lang));
                snprintf(u, 160, "%s", t);
                hidden[f->compl[i] ? H_SUPPRESSED : H_SMALL]++;
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
    free(f->key);
    free(f->v);
}

/* Source note: "Source : <source>, janv. 2024 – mars 2025. n = 5 305." */
static void source_note(char *buf, size_t n, const run *x, double total,
                        const int hidden[H_N], const char *source, int hatched)
{
    if (!source || !*source)
        source = x->cfg->source[x->lang];
    char per[96], num[48];
    int y0, m0, d0, y1, m1, d1;
    pv_civil_from_days(x->cfg->period_start, &y0, &m0, &d0);
    pv_civil_from_days(x->cfg->period_end, &y1, &m1, &d1);
    pv_fmt_period(per, sizeof per, y0, m0, y1, m1, x->lang);
    const char *label = pv_msg(x->msg, "note.source", x->lang);
    if (isnan(total))
        snprintf(buf, n, "%s %s, %s.", label, source, per);
    else
        snprintf(buf, n, "%s %s, %s. n = %s.", label, source, per,
                 pv_fmt_int(num, sizeof num, (long long)total, x->lang));
    if (hidden[H_SMALL]) {
        size_t len = strlen(buf);
        pv_fmt_int(num, sizeof num, x->cfg->threshold, x->lang);
        char *s = pv_msg_fill(x->msg, "note.below_threshold", x->lang, "threshold", num, NULL);
        snprintf(buf + len, n - len, " %s", s);
        g_free(s);
    }
    /* each symbol the figure shows, defined once (messages note.<sign>) */
    static const char *const note_key[H_N] = {NULL, "note.hidden", "note.not_asked",
                                              "note.undefined"};
    for (int h = H_SUPPRESSED; h < H_N; h++) {
        if (!hidden[h])
            continue;
        size_t len = strlen(buf);
        char *s = pv_msg_fill(x->msg, note_key[h], x->lang, "mark", symbol(x, h), NULL);
        snprintf(buf + len, n - len, " %s", s);
        g_free(s);
        if (h == H_SUPPRESSED && hatched) { /* Likert bars hatch the hidden share */
            len = strlen(buf);
            snprintf(buf + len, n - len, " %s", pv_msg(x->msg, "note.hatched", x->lang));
        }
    }
}

/* An owned copy of a formatted string for f->text / f->alt. */
static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dupf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? pv_xmalloc((size_t)n + 1) : NULL;
    if (s) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return s;
}

/* "A, B et C" (messages alt.and) into g. */
static void append_list(GString *g, const run *x, const char *const *item, int n)
{
    for (int i = 0; i < n; i++)
        g_string_append_printf(g, "%s%s", i == 0 ? "" : i + 1 < n ? ", " : " ", item[i]);
    if (n > 1) { /* the last separator: " et " */
        const char *last = item[n - 1];
        g_string_truncate(g, g->len - strlen(last) - 1);
        g_string_append_printf(g, " %s %s", pv_msg(x->msg, "alt.and", x->lang), last);
    }
}

/* Alt text in one to three sentences: what the chart is and shows (kind,
 * title, which should state the finding), what it compares (the groups,
 * or a single series' largest and smallest values, or the findings in
 * dissonance of a joint display), and where its numbers are.  Not every
 * value: the data file has them (French typography by the caller:
 * pv_fmt_typo). */
static void alt_text(GString *g, const run *x, const char *kind_name, const char *title,
                     const figdata *f, const char *const *serl, int nser, int what,
                     const char *file)
{
    GString *l = g_string_new(NULL);
    char num[48], *s = NULL;
    size_t tl = strlen(title);
    g_string_printf(g, "%s%s %s%s", kind_name, x->lang == PV_LANG_EN ? ":" : " :", title,
                    tl && strchr(".!?", title[tl - 1]) ? "" : ".");
    if (what == 'c' && nser > 1 && f->n > 0) { /* compares groups */
        append_list(l, x, serl, nser);
        pv_fmt_int(num, sizeof num, f->n, x->lang);
        s = pv_msg_fill(x->msg, "alt.compares", x->lang, "series", l->str, "n", num, NULL);
    } else if (what == 'e' && f->n > 1) { /* one series: its extremes */
        int hi = -1, lo = -1;
        for (int c = 0; c < f->n; c++)
            if (!isnan(f->v[c])) {
                hi = hi < 0 || f->v[c] > f->v[hi] ? c : hi;
                lo = lo < 0 || f->v[c] < f->v[lo] ? c : lo;
            }
        if (hi >= 0 && hi != lo) {
            char *a = dupf("%s (%s)", f->label[hi], f->alt[hi] ? f->alt[hi] : "");
            char *b = dupf("%s (%s)", f->label[lo], f->alt[lo] ? f->alt[lo] : "");
            s = pv_msg_fill(x->msg, "alt.extremes", x->lang, "high", a, "low", b, NULL);
            free(a), free(b);
        }
    } else if (what == 'f') { /* a flow: its steps and their numbers */
        for (int c = 0; c < f->n; c++) {
            char *st = dupf(x->lang == PV_LANG_EN ? "%s: %s" : "%s : %s", f->label[c],
                            f->alt[c] ? f->alt[c] : "");
            g_string_append_printf(l, "%s%s", !c ? "" : x->lang == PV_LANG_EN ? "; " : " ; ", st);
            free(st);
        }
        s = pv_msg_fill(x->msg, "alt.steps", x->lang, "steps", l->str, NULL);
    } else if (what == 'd') { /* joint display: the findings in dissonance */
        const char *d[64];
        int n = 0;
        for (int c = 0; c < f->n && n < 64; c++)
            if (f->v[(size_t)3 * (size_t)f->n + (size_t)c] == 0) /* category column */
                d[n++] = f->label[c];
        append_list(l, x, d, n);
        if (n)
            s = pv_msg_fill(x->msg, "alt.dissonance", x->lang, "findings", l->str, NULL);
    }
    if (s)
        g_string_append_printf(g, " %s", s);
    g_free(s);
    s = pv_msg_fill(x->msg, "alt.data", x->lang, "file", file, NULL);
    g_string_append_printf(g, " %s", s);
    g_free(s);
    g_string_free(l, TRUE);
}

/* ------------------------------------------------------------------ */
/* Questionnaire figures                                              */
/* ------------------------------------------------------------------ */

/* What the questionnaire kinds add to a figure.  Strings live in str. */
typedef struct {
    GStringChunk *str;
    const char **note, **group, **panel;  /* n_cat each, or NULL */
    double *lo, *hi;                      /* nser x n_cat (DOT_CI) */
    int neutral;                          /* LIKERT */
    int nser;
    const char *serl[64];                 /* legend, or heat-map columns */
    double n_total;
    int hidden[H_N];                      /* cells shown "< 5", and by symbol */
    int triangle;                         /* lower triangle only (co-occurrence) */
    int *slot;                            /* nser x n_cat palette slots of a
                                             categorical heat map, or NULL */
    int n_key, key_slot[8];               /* its legend */
    const char *key_label[8];
    int ref_on;                           /* DOT_CI: a reference line from the data */
    double ref_value;
    const char *ref_note;                 /* its sentence in the source note */
    int *bar_slot;                        /* HBAR, DOT_CI of one series: n_cat
                                             slots of categories that have
                                             their colours (colours.csv), or NULL */
    int reject_col;                       /* the catalogue row cannot be drawn: */
    const char *reject_why;               /* its column and why (NULL: it can) */
    unsigned char *flow_part;             /* FLOW: n_cat, 1 = a part of the
                                             step above (chart.h) */
    int *tile_col, *tile_row;             /* TILEMAP: n_cat positions */
    unsigned char *tile_blank;            /* ... 1: the region has no row */
    int n_event, *ev_row, *row_slot;      /* TIMELINE: events, row colours */
    double *ev_start, *ev_end;
} qfig;

static void qfig_free(qfig *q)
{
    if (q->str)
        g_string_chunk_free(q->str);
    free(q->note), free(q->group), free(q->panel), free(q->lo), free(q->hi), free(q->slot);
    free(q->tile_col), free(q->tile_row), free(q->tile_blank);
    free(q->ev_row), free(q->row_slot), free(q->ev_start), free(q->ev_end);
    free(q->bar_slot);
    free(q->flow_part);
}

/* A level1 table; the caller frees it.  Returns 0 or an error status. */
static int read_level1(const run *x, const char *file, pv_table *t)
{
    char path[4096];
    pv_rejects rej = {0};
    snprintf(path, sizeof path, "%s/level1/%s", x->o->in, file);
    int st = pv_table_read(t, path, path, NULL, &rej, x->err);
    if (!st && rej.n)
        st = pv_err_set(x->err, PV_EXIT_DATA, "%s:%ld: %s", path, rej.v[0].line, rej.v[0].reason);
    pv_rejects_free(&rej);
    return st;
}

/* Column of t, or an error naming it. */
static int need_col(const run *x, const pv_table *t, const char *name, int *col)
{
    if ((*col = pv_table_col(t, name)) < 0)
        return pv_err_set(x->err, PV_EXIT_DATA, "%s: no column '%s'", t->name, name);
    return 0;
}

/* The position of the label in the reader's language. */
#define QLC_LABEL(x) ((x)->lang == PV_LANG_EN ? PV_QLC_LABEL_EN : PV_QLC_LABEL_FR)

static int subset_col(const run *x, const pv_table *t, const char *file)
{
    if (!x->sub || !x->sub->col[0])
        return -1;
    int c = pv_table_col(t, x->sub->col);
    if (c < 0) {
        pv_err_set(x->err, PV_EXIT_DATA, "%s: subset: %s has no column '%s'", x->sub_at, file,
                   x->sub->col);
        return -2;
    }
    return c;
}

static const char *construct_label(const run *x, const char *code)
{
    int k = *code ? pv_codes_find(x->codes, "construct", code) : -1;
    return k >= 0 ? pv_codes_label(x->codes, "construct", k, x->lang) : "";
}

/* Allocate the per-category arrays for n categories and nser series. */
static void qfig_alloc(figdata *f, qfig *q, int n, int nser)
{
    size_t cells = (size_t)(n + 1) * (size_t)nser;
    f->n = n;
    f->label = pv_xcalloc((size_t)n + 1, sizeof *f->label);
    f->v = pv_xnmalloc(cells, sizeof *f->v);
    f->text = pv_xcalloc(cells, sizeof *f->text);
    f->alt = pv_xcalloc(cells, sizeof *f->alt);
    f->compl = pv_xcalloc(cells, 1);
    q->note = pv_xcalloc((size_t)n + 1, sizeof *q->note);
    q->group = pv_xcalloc((size_t)n + 1, sizeof *q->group);
    q->panel = pv_xcalloc((size_t)n + 1, sizeof *q->panel);
    q->lo = pv_xnmalloc(cells, sizeof *q->lo);
    q->hi = pv_xnmalloc(cells, sizeof *q->hi);
    for (size_t i = 0; i < cells; i++)
        f->v[i] = q->lo[i] = q->hi[i] = NAN;
}

/* Whether item type `type` is one of the words of `types`; the word
 * "likert" stands for every Likert type (likert, likert2 ... likert11). */
static int type_in(const char *type, const char *types)
{
    size_t tl = strlen(type);
    for (const char *w = types; *w;) {
        size_t wl = strcspn(w, " ");
        if ((wl == tl && !strncmp(w, type, wl)) ||
            (wl == 6 && !strncmp(w, "likert", 6) && !strncmp(type, "likert", 6) &&
             strspn(type + 6, "0123456789") == tl - 6))
            return 1;
        w += wl;
        w += *w == ' ';
    }
    return 0;
}

/* Rows of the items table for instrument ins with a type in `types`
 * ("likert yesno"), grouped by construct (first appearance order). */
static int select_items(const pv_table *t, const char *ins, const char *types, size_t *rows)
{
    int ci = pv_table_col(t, pv_qn_items_cols[PV_QI_INSTRUMENT]),
        cc = pv_table_col(t, pv_qn_items_cols[PV_QI_CONSTRUCT]),
        ct = pv_table_col(t, pv_qn_items_cols[PV_QI_TYPE]), n = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        if (strcmp(pv_table_get(t, r, (size_t)ci), ins) ||
            !type_in(pv_table_get(t, r, (size_t)ct), types))
            continue;
        /* insert after the last row of the same construct, if any */
        int at = n;
        for (int k = n - 1; k >= 0; k--)
            if (strcmp(pv_table_get(t, rows[k], (size_t)cc), pv_table_get(t, r, (size_t)cc)) == 0) {
                at = k + 1;
                break;
            }
        memmove(rows + at + 1, rows + at, (size_t)(n - at) * sizeof *rows);
        rows[at] = r;
        n++;
    }
    return n;
}

/* Order the picked (instrument, row) pairs by construct, then item, then
 * instrument, constructs and items in order of first appearance: the
 * groups' answers to one item come together (stable insertion sort). */
static void likert_by_item(const pv_table *it, int c_con, int c_item, size_t (*pick)[2], int n)
{
    int *rank = pv_xnmalloc(pv_xmul((size_t)n + 1, 2), sizeof *rank);
    for (int p = 0; p < n; p++) {
        const char *con = pv_table_get(it, pick[p][1], (size_t)c_con);
        const char *item = pv_table_get(it, pick[p][1], (size_t)c_item);
        int a = p, b = p;
        for (int k = 0; k < p; k++) {
            if (a == p && !strcmp(pv_table_get(it, pick[k][1], (size_t)c_con), con))
                a = k;
            if (b == p && !strcmp(pv_table_get(it, pick[k][1], (size_t)c_item), item))
                b = k;
        }
        rank[2 * p] = a, rank[2 * p + 1] = b;
    }
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            int *u = rank + 2 * (j - 1), *v = rank + 2 * j;
            if (u[0] < v[0] || (u[0] == v[0] && u[1] <= v[1]))
                break;
            size_t t0 = pick[j][0], t1 = pick[j][1];
            int r0 = v[0], r1 = v[1];
            pick[j][0] = pick[j - 1][0], pick[j][1] = pick[j - 1][1];
            pick[j - 1][0] = t0, pick[j - 1][1] = t1;
            v[0] = u[0], v[1] = u[1], u[0] = r0, u[1] = r1;
        }
    free(rank);
}

/* Likert: every Likert item of the listed instruments (the catalogue's
 * subset of them).  One instrument: a panel, its constructs as headers,
 * items as rows.  Several: constructs as panels, items as headers, the
 * instruments (groups) as rows, so their answers to an item compare. */
static int build_likert(run *x, const char **ins, const char **insl, int nins,
                        figdata *f, qfig *q)
{
    pv_table it = {0}, di = {0};
    size_t *rows = NULL, (*pick)[2] = NULL;
    int n = 0, nv = -1, st, c_ins, c_item, c_lab, c_con, c_resp, c_val, c_mis;
    int d_ins, d_item, d_share, d_lab;
    char num[48], num2[48], pct[48];
    if ((st = read_level1(x, "questionnaire_items.csv", &it)) ||
        (st = read_level1(x, "questionnaire_distribution.csv", &di)))
        goto out;
    const char *const *ic = pv_qn_items_cols, *const *dc = pv_qn_distribution_cols;
    int en = x->lang == PV_LANG_EN;
    if ((st = need_col(x, &it, ic[PV_QI_INSTRUMENT], &c_ins)) ||
        (st = need_col(x, &it, ic[PV_QI_ITEM], &c_item)) ||
        (st = need_col(x, &it, ic[en ? PV_QI_LABEL_EN : PV_QI_LABEL_FR], &c_lab)) ||
        (st = need_col(x, &it, ic[PV_QI_CONSTRUCT], &c_con)) ||
        (st = need_col(x, &it, ic[PV_QI_RESPONDENTS], &c_resp)) ||
        (st = need_col(x, &it, ic[PV_QI_N_VALID], &c_val)) ||
        (st = need_col(x, &it, ic[PV_QI_N_MISSING], &c_mis)) ||
        (st = need_col(x, &di, dc[PV_QD_INSTRUMENT], &d_ins)) ||
        (st = need_col(x, &di, dc[PV_QD_ITEM], &d_item)) ||
        (st = need_col(x, &di, dc[PV_QD_SHARE], &d_share)) ||
        (st = need_col(x, &di, dc[en ? PV_QD_LABEL_EN : PV_QD_LABEL_FR], &d_lab)))
        goto out;
    rows = pv_xnmalloc(it.n_rows + 1, sizeof *rows);
    pick = pv_xnmalloc(it.n_rows + 1, sizeof *pick);
    int sc = subset_col(x, &it, it.name);
    if (sc == -2) {
        st = x->err->status;
        goto out;
    }
    for (int i = 0; i < nins; i++) { /* items, instrument by instrument */
        int k = select_items(&it, ins[i], "likert", rows);
        for (int j = 0; j < k; j++)
            if (sc < 0 || subset_keeps(x->sub, pv_table_get(&it, rows[j], (size_t)sc)))
                pick[n][0] = (size_t)i, pick[n++][1] = rows[j];
    }
    if (nins > 1) /* the groups' answers to one item side by side */
        likert_by_item(&it, c_con, c_item, pick, n);
    /* the scale: the distribution rows of the first item */
    for (int c = 0; c < n; c++) {
        const char *a = pv_table_get(&it, pick[c][1], (size_t)c_ins);
        const char *b = pv_table_get(&it, pick[c][1], (size_t)c_item);
        int m = 0;
        for (size_t r = 0; r < di.n_rows; r++)
            if (!strcmp(pv_table_get(&di, r, (size_t)d_ins), a) &&
                !strcmp(pv_table_get(&di, r, (size_t)d_item), b)) {
                if (c == 0 && m < MAX_SERIES)
                    q->serl[m] = g_string_chunk_insert(q->str, pv_table_get(&di, r, (size_t)d_lab));
                m++;
            }
        if (nv >= 0 && m != nv) {
            st = pv_err_set(x->err, PV_EXIT_DATA,
                            "figure of %s: items answered on scales of different lengths "
                            "(%d and %d answers): draw them in separate figures", a, nv, m);
            goto out;
        }
        nv = m;
    }
    if (nv > MAX_SERIES || (n > 0 && nv < 2)) {
        st = pv_err_set(x->err, PV_EXIT_DATA, "a Likert figure needs 2 to %d answers per item",
                        MAX_SERIES);
        goto out;
    }
    q->nser = nv < 0 ? 2 : nv;
    if (nv < 0) /* no items: an empty figure */
        q->serl[0] = q->serl[1] = "";
    qfig_alloc(f, q, n, q->nser);
    q->neutral = q->nser % 2 ? q->nser / 2 : -1;
    for (int c = 0; c < n; c++) {
        size_t r0 = pick[c][1];
        const char *a = pv_table_get(&it, r0, (size_t)c_ins), *b = pv_table_get(&it, r0, (size_t)c_item);
        int s = 0;
        for (size_t r = 0; r < di.n_rows && s < q->nser; r++)
            if (!strcmp(pv_table_get(&di, r, (size_t)d_ins), a) &&
                !strcmp(pv_table_get(&di, r, (size_t)d_item), b)) {
                size_t i = (size_t)s * (size_t)n + (size_t)c;
                f->v[i] = cell(pv_table_get(&di, r, (size_t)d_share));
                q->hidden[H_SUPPRESSED] += isnan(f->v[i]);
                if (isnan(f->v[i]))
                    f->text[i] = dupf("%s", symbol(x, H_SUPPRESSED));
                f->alt[i] = isnan(f->v[i]) ? dupf("%s", symbol(x, H_SUPPRESSED))
                                           : dupf("%s", pv_fmt_pct(pct, sizeof pct, f->v[i], 0, x->lang));
                s++;
            }
        const char *item = g_string_chunk_insert(q->str, pv_table_get(&it, r0, (size_t)c_lab));
        const char *con = construct_label(x, pv_table_get(&it, r0, (size_t)c_con));
        long resp = strtol(pv_table_get(&it, r0, (size_t)c_resp), NULL, 10);
        pv_fmt_int(num, sizeof num, resp, x->lang);
        if (nins > 1) { /* panel: construct; header: item; row: group */
            f->label[c] = insl[pick[c][0]];
            q->group[c] = item;
            q->panel[c] = con;
        } else { /* panel: the group; header: construct; row: item */
            f->label[c] = item;
            q->group[c] = con;
            char *panel = dupf("%s (n = %s)", insl[pick[c][0]], num);
            q->panel[c] = panel ? g_string_chunk_insert(q->str, panel) : insl[pick[c][0]];
            free(panel);
        }
        long valid = strtol(pv_table_get(&it, r0, (size_t)c_val), NULL, 10);
        long miss = strtol(pv_table_get(&it, r0, (size_t)c_mis), NULL, 10);
        pv_fmt_int(num, sizeof num, valid, x->lang);
        pv_fmt_int(num2, sizeof num2, miss, x->lang);
        char *note = miss ? dupf(x->lang == PV_LANG_EN ? "n = %s · %s no answer" : "n = %s · %s sans réponse",
                                 num, num2)
                          : dupf("n = %s", num);
        q->note[c] = note ? g_string_chunk_insert(q->str, note) : "";
        free(note);
        int counted = 0; /* the respondents of each instrument, once */
        for (int k = 0; k < c && !counted; k++)
            counted = pick[k][0] == pick[c][0];
        if (!counted)
            q->n_total = (isnan(q->n_total) ? 0 : q->n_total) + (double)resp;
    }
out:
    free(rows);
    free(pick);
    pv_table_free(&it);
    pv_table_free(&di);
    return st;
}

/* Dots: one value and interval per (category, instrument), from a level1
 * table with columns key (item_id or construct), value, ci_low, ci_high. */
/* A dot chart's table: its column names and the positions it reads. */
typedef struct {
    const char *const *name;
    int ins, key, value, lo, hi;
    int items;                 /* the items table: label, construct and type too */
    int dec;                   /* decimals in the alt text and data file (not items) */
} dot_cols;
static const dot_cols item_dots = {pv_qn_items_cols, PV_QI_INSTRUMENT, PV_QI_ITEM,
                                   PV_QI_POSITIVE_SHARE, PV_QI_CI_LOW, PV_QI_CI_HIGH, 1, 0};
static const dot_cols score_dots = {pv_qn_constructs_cols, PV_QCS_INSTRUMENT, PV_QCS_CONSTRUCT,
                                    PV_QCS_MEAN, PV_QCS_CI_LOW, PV_QCS_CI_HIGH, 0, 1};
static const dot_cols alpha_dots = {pv_qn_constructs_cols, PV_QCS_INSTRUMENT, PV_QCS_CONSTRUCT,
                                    PV_QCS_ALPHA, PV_QCS_ALPHA_CI_LOW, PV_QCS_ALPHA_CI_HIGH, 0, 2};

static int build_dots(run *x, const char *file, const dot_cols *dc,
                      const char **ins, const char **insl, int nins, figdata *f, qfig *q)
{
    pv_table t = {0};
    int st, c_ins, c_key, c_val, c_lo, c_hi, c_lab = -1, c_con = -1, c_type = -1, n = 0;
    int scores = !dc->items;
    const char *const *ic = pv_qn_items_cols;
    const char **keys = NULL;
    size_t *first = NULL;
    char a[48], b[48], cc[48];
    if ((st = read_level1(x, file, &t)))
        return st;
    if ((st = need_col(x, &t, dc->name[dc->ins], &c_ins)) ||
        (st = need_col(x, &t, dc->name[dc->key], &c_key)) ||
        (st = need_col(x, &t, dc->name[dc->value], &c_val)) ||
        (st = need_col(x, &t, dc->name[dc->lo], &c_lo)) ||
        (st = need_col(x, &t, dc->name[dc->hi], &c_hi)))
        goto out;
    if (!scores &&
        ((st = need_col(x, &t, ic[x->lang == PV_LANG_EN ? PV_QI_LABEL_EN : PV_QI_LABEL_FR],
                        &c_lab)) ||
         (st = need_col(x, &t, ic[PV_QI_CONSTRUCT], &c_con)) ||
         (st = need_col(x, &t, ic[PV_QI_TYPE], &c_type))))
        goto out;
    int sc = subset_col(x, &t, t.name);
    if (sc == -2) {
        st = x->err->status;
        goto out;
    }
    keys = pv_xcalloc(t.n_rows + 1, sizeof *keys);
    first = pv_xcalloc(t.n_rows + 1, sizeof *first);
    /* categories: keys found in at least two of the instruments (or in the
     * one listed), in the order of the first instrument that has them,
     * grouped by construct for items */
    for (int i = 0; i < nins; i++) {
        size_t rows[4096];
        int k = 0;
        if (scores) {
            for (size_t r = 0; r < t.n_rows && k < 4096; r++)
                if (!strcmp(pv_table_get(&t, r, (size_t)c_ins), ins[i]))
                    rows[k++] = r;
        } else if (t.n_rows < 4096) {
            k = select_items(&t, ins[i], "likert yesno", rows);
        }
        if (sc >= 0) { /* the catalogue's subset */
            int kept = 0;
            for (int j = 0; j < k; j++)
                if (subset_keeps(x->sub, pv_table_get(&t, rows[j], (size_t)sc)))
                    rows[kept++] = rows[j];
            k = kept;
        }
        for (int j = 0; j < k; j++) {
            const char *kv = pv_table_get(&t, rows[j], (size_t)c_key);
            int seen = 0, count = 0;
            for (int m = 0; m < n && !seen; m++)
                seen = !strcmp(keys[m], kv);
            for (int i2 = 0; i2 < nins && !seen; i2++)
                for (size_t r = 0; r < t.n_rows; r++)
                    if (!strcmp(pv_table_get(&t, r, (size_t)c_ins), ins[i2]) &&
                        !strcmp(pv_table_get(&t, r, (size_t)c_key), kv)) {
                        count++;
                        break;
                    }
            if (!seen && (count >= 2 || nins == 1))
                keys[n] = kv, first[n++] = rows[j];
        }
    }
    q->nser = nins;
    for (int i = 0; i < nins; i++)
        q->serl[i] = insl[i];
    qfig_alloc(f, q, n, nins);
    for (int c = 0; c < n; c++) {
        f->label[c] = scores ? construct_label(x, keys[c])
                             : g_string_chunk_insert(q->str, pv_table_get(&t, first[c], (size_t)c_lab));
        q->group[c] = scores ? "" : construct_label(x, pv_table_get(&t, first[c], (size_t)c_con));
        for (int i = 0; i < nins; i++) {
            size_t at = (size_t)i * (size_t)n + (size_t)c;
            int asked = 0;
            for (size_t r = 0; r < t.n_rows && !asked; r++)
                asked = !strcmp(pv_table_get(&t, r, (size_t)c_ins), ins[i]) &&
                        !strcmp(pv_table_get(&t, r, (size_t)c_key), keys[c]);
            if (!asked) { /* this group was not asked this item */
                f->text[at] = dupf("%s", symbol(x, H_NOT_ASKED));
                f->alt[at] = dupf("%s", symbol(x, H_NOT_ASKED));
                q->hidden[H_NOT_ASKED]++;
            }
            for (size_t r = 0; r < t.n_rows; r++) {
                if (strcmp(pv_table_get(&t, r, (size_t)c_ins), ins[i]) ||
                    strcmp(pv_table_get(&t, r, (size_t)c_key), keys[c]))
                    continue;
                f->v[at] = cell(pv_table_get(&t, r, (size_t)c_val));
                q->lo[at] = cell(pv_table_get(&t, r, (size_t)c_lo));
                q->hi[at] = cell(pv_table_get(&t, r, (size_t)c_hi));
                if (isnan(f->v[at])) {
                    f->text[at] = dupf("%s", symbol(x, H_SUPPRESSED));
                    f->alt[at] = dupf("%s", symbol(x, H_SUPPRESSED));
                    q->hidden[H_SUPPRESSED]++;
                } else if (scores) {
                    f->alt[at] = dupf("%s [%s–%s]", pv_fmt_dec(a, sizeof a, f->v[at], dc->dec, x->lang),
                                      pv_fmt_dec(b, sizeof b, q->lo[at], dc->dec, x->lang),
                                      pv_fmt_dec(cc, sizeof cc, q->hi[at], dc->dec, x->lang));
                } else {
                    f->alt[at] = dupf("%s [%s–%s]", pv_fmt_pct(a, sizeof a, f->v[at], 0, x->lang),
                                      pv_fmt_pct(b, sizeof b, q->lo[at], 0, x->lang),
                                      pv_fmt_pct(cc, sizeof cc, q->hi[at], 0, x->lang));
                }
                break;
            }
        }
    }
out:
    free(keys);
    free(first);
    pv_table_free(&t);
    return st;
}

/* ------------------------------------------------------------------ */
/* Qualitative and convergence figures                                */
/* ------------------------------------------------------------------ */

/* Codes that carry no sub-code, in codebook order, with the label of
 * their theme: the rows of the code heat maps.  The catalogue's subset
 * may name a column of qualitative_codes.csv or `theme` (the parent code,
 * or the code itself when it has none). */
static int leaf_codes(run *x, pv_table *codes, size_t *rows, const char **group, int max)
{
    int c_code, c_parent, c_lab, n = 0;
    if (read_level1(x, "qualitative_codes.csv", codes) ||
        need_col(x, codes, pv_ql_codes_cols[PV_QLC_CODE], &c_code) ||
        need_col(x, codes, pv_ql_codes_cols[PV_QLC_PARENT], &c_parent) ||
        need_col(x, codes, pv_ql_codes_cols[QLC_LABEL(x)], &c_lab))
        return -1;
    int sc = -1, theme = x->sub && !strcmp(x->sub->col, "theme");
    if (!theme && (sc = subset_col(x, codes, codes->name)) == -2)
        return -1;
    for (size_t r = 0; r < codes->n_rows && n < max; r++) {
        const char *code = pv_table_get(codes, r, (size_t)c_code);
        const char *parent = pv_table_get(codes, r, (size_t)c_parent);
        if (theme ? !subset_keeps(x->sub, *parent ? parent : code)
                  : sc >= 0 && !subset_keeps(x->sub, pv_table_get(codes, r, (size_t)sc)))
            continue;
        int has_child = 0;
        for (size_t k = 0; k < codes->n_rows && !has_child; k++)
            has_child = !strcmp(pv_table_get(codes, k, (size_t)c_parent), code);
        if (has_child)
            continue;
        group[n] = pv_table_get(codes, r, (size_t)c_lab); /* a theme of its own */
        for (size_t k = 0; *parent && k < codes->n_rows; k++)
            if (!strcmp(pv_table_get(codes, k, (size_t)c_code), parent))
                group[n] = pv_table_get(codes, k, (size_t)c_lab);
        rows[n++] = r;
    }
    return n;
}

/* Share of each group's sessions where each code appears. */
static int build_codes_by_group(run *x, const char **grp, const char **grpl, int ngrp,
                                figdata *f, qfig *q)
{
    pv_table codes = {0}, t = {0};
    size_t rows[1024];
    const char *group[1024];
    char pct[48];
    int st = 0, c_code, c_lab, g_code, g_grp, g_share, g_tot;
    int n = leaf_codes(x, &codes, rows, group, 1024);
    if (n < 0 || (st = read_level1(x, "qualitative_code_groups.csv", &t)) ||
        (st = need_col(x, &t, pv_ql_by_cols[PV_QLB_CODE], &g_code)) ||
        (st = need_col(x, &t, "group", &g_grp)) || /* the key column, named after its list */
        (st = need_col(x, &t, pv_ql_by_cols[PV_QLB_SHARE], &g_share)) ||
        (st = need_col(x, &t, pv_ql_by_cols[PV_QLB_SESSIONS_TOTAL], &g_tot)) ||
        (st = need_col(x, &codes, pv_ql_codes_cols[PV_QLC_CODE], &c_code)) ||
        (st = need_col(x, &codes, pv_ql_codes_cols[QLC_LABEL(x)], &c_lab)))
        goto out;
    q->nser = ngrp;
    for (int i = 0; i < ngrp; i++) { /* each column's denominator: "Parents (n = 10)" */
        long tot = -1;
        char num[48];
        for (size_t r = 0; r < t.n_rows && tot < 0; r++)
            if (!strcmp(pv_table_get(&t, r, (size_t)g_grp), grp[i]))
                tot = strtol(pv_table_get(&t, r, (size_t)g_tot), NULL, 10);
        /* "n = 9" never broken across lines (French: U+202F, by figure_typo) */
        char *l = tot < 0 ? dupf("%s", grpl[i])
                  : dupf(x->lang == PV_LANG_EN ? "%s (n\xC2\xA0=\xC2\xA0%s)" : "%s (n = %s)", grpl[i],
                         pv_fmt_int(num, sizeof num, tot, x->lang));
        q->serl[i] = g_string_chunk_insert(q->str, l);
        free(l);
    }
    qfig_alloc(f, q, n, ngrp);
    for (int c = 0; c < n; c++) {
        const char *code = pv_table_get(&codes, rows[c], (size_t)c_code);
        f->label[c] = g_string_chunk_insert(q->str, pv_table_get(&codes, rows[c], (size_t)c_lab));
        q->group[c] = g_string_chunk_insert(q->str, group[c]);
        for (int g = 0; g < ngrp; g++) {
            size_t i = (size_t)g * (size_t)n + (size_t)c;
            for (size_t r = 0; r < t.n_rows; r++)
                if (!strcmp(pv_table_get(&t, r, (size_t)g_code), code) &&
                    !strcmp(pv_table_get(&t, r, (size_t)g_grp), grp[g]))
                    f->v[i] = cell(pv_table_get(&t, r, (size_t)g_share));
            if (isnan(f->v[i])) { /* the group has no session */
                f->text[i] = dupf("%s", symbol(x, H_UNDEFINED));
                q->hidden[H_UNDEFINED]++;
            }
            f->alt[i] = isnan(f->v[i]) ? dupf("%s", symbol(x, H_UNDEFINED))
                                       : dupf("%s", pv_fmt_pct(pct, sizeof pct, f->v[i], 0, x->lang));
        }
    }
out:
    pv_table_free(&codes);
    pv_table_free(&t);
    return st ? st : (n < 0 ? x->err->status : 0);
}

/* Jaccard coefficient of codes ca and cb in table t (0 when no row). */
static double jaccard(const pv_table *t, int a_col, int b_col, int j_col, const char *ca,
                      const char *cb)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        const char *ra = pv_table_get(t, r, (size_t)a_col), *rb = pv_table_get(t, r, (size_t)b_col);
        if ((!strcmp(ra, ca) && !strcmp(rb, cb)) || (!strcmp(ra, cb) && !strcmp(rb, ca)))
            return cell(pv_table_get(t, r, (size_t)j_col));
    }
    return 0;
}

/* Jaccard coefficients of the `top` most frequent codes (reference coding)
 * that co-occur with at least one other of them, as the lower triangle of
 * the symmetric matrix: row i holds code i + 1 against codes 0..i (the
 * first code has no row, the last no column); a pair that never co-occurs
 * is a white cell without "0,00". */
static int build_cooccurrence(run *x, int top, figdata *f, qfig *q)
{
    pv_table codes = {0}, t = {0};
    size_t rows[1024], pick[64];
    const char *group[1024], *code[64];
    char num[48];
    int st = 0, c_code, c_lab, c_n, a_col, b_col, j_col, n = leaf_codes(x, &codes, rows, group, 1024), m = 0;
    if (n < 0 || (st = read_level1(x, "qualitative_cooccurrence.csv", &t)) ||
        (st = need_col(x, &t, pv_ql_cooccurrence_cols[PV_QLX_CODE_A], &a_col)) ||
        (st = need_col(x, &t, pv_ql_cooccurrence_cols[PV_QLX_CODE_B], &b_col)) ||
        (st = need_col(x, &t, pv_ql_cooccurrence_cols[PV_QLX_JACCARD], &j_col)) ||
        (st = need_col(x, &codes, pv_ql_codes_cols[PV_QLC_CODE], &c_code)) ||
        (st = need_col(x, &codes, pv_ql_codes_cols[PV_QLC_EXCERPTS], &c_n)) ||
        (st = need_col(x, &codes, pv_ql_codes_cols[QLC_LABEL(x)], &c_lab)))
        goto out;
    if (top > 31) /* the heat map's most columns, plus the dropped last one */
        top = 31;
    /* the most frequent codes, ties in codebook order */
    for (int k = 0; k < top; k++) {
        long best = -1, bestn = -1;
        for (int c = 0; c < n; c++) {
            int used = 0;
            for (int i = 0; i < m; i++)
                used |= pick[i] == rows[c];
            long v = strtol(pv_table_get(&codes, rows[c], (size_t)c_n), NULL, 10);
            if (!used && v > bestn && v > 0)
                best = (long)rows[c], bestn = v;
        }
        if (best < 0)
            break;
        pick[m++] = (size_t)best;
    }
    for (int i = 0; i < m; i++)
        code[i] = pv_table_get(&codes, pick[i], (size_t)c_code);
    /* no row or column of zeros: drop the codes with no co-occurrence */
    int kept = 0;
    for (int i = 0; i < m; i++) {
        int any = 0;
        for (int j = 0; j < m && !any; j++)
            any = j != i && jaccard(&t, a_col, b_col, j_col, code[i], code[j]) > 0;
        if (any)
            pick[kept] = pick[i], code[kept++] = code[i];
    }
    m = kept;
    int k = m > 1 ? m - 1 : 0; /* rows and columns of the triangle */
    q->triangle = 1;
    q->nser = k ? k : 1;
    q->serl[0] = "";
    for (int i = 0; i < k; i++)
        q->serl[i] = g_string_chunk_insert(q->str, pv_table_get(&codes, pick[i], (size_t)c_lab));
    qfig_alloc(f, q, k, q->nser);
    for (int a = 0; a < k; a++) { /* row a: code a + 1 */
        f->label[a] = g_string_chunk_insert(q->str, pv_table_get(&codes, pick[a + 1], (size_t)c_lab));
        for (int b = 0; b < k; b++) { /* column b: code b */
            size_t i = (size_t)b * (size_t)k + (size_t)a;
            f->v[i] = b <= a ? jaccard(&t, a_col, b_col, j_col, code[a + 1], code[b]) : 0;
            f->text[i] = b > a || f->v[i] > 0 ? NULL : dupf("%s", ""); /* no "0,00" */
            f->alt[i] = b > a ? dupf("%s", "") : dupf("%s", pv_fmt_dec(num, sizeof num, f->v[i], 2, x->lang));
        }
    }
out:
    pv_table_free(&codes);
    pv_table_free(&t);
    return st ? st : (n < 0 ? x->err->status : 0);
}

/* Cohen's kappa per code for the coder pairs listed (series). */
static int build_agreement(run *x, const char **pairs, const char **pairl, int npairs,
                           figdata *f, qfig *q)
{
    pv_table codes = {0}, t = {0};
    size_t rows[1024];
    const char *group[1024];
    char a[48], b[48], c3[48];
    int st = 0, c_code, c_lab, k_code, k_meas, k_pair, k_val, k_lo, k_hi, k_unit;
    int n = leaf_codes(x, &codes, rows, group, 1024);
    if (n < 0 || (st = read_level1(x, "qualitative_agreement.csv", &t)) ||
        (st = need_col(x, &t, pv_ql_agreement_cols[PV_QLA_UNIT], &k_unit)) ||
        (st = need_col(x, &t, pv_ql_agreement_cols[PV_QLA_CODE], &k_code)) ||
        (st = need_col(x, &t, pv_ql_agreement_cols[PV_QLA_MEASURE], &k_meas)) ||
        (st = need_col(x, &t, pv_ql_agreement_cols[PV_QLA_CODERS], &k_pair)) ||
        (st = need_col(x, &t, pv_ql_agreement_cols[PV_QLA_VALUE], &k_val)) ||
        (st = need_col(x, &t, pv_ql_agreement_cols[PV_QLA_CI_LOW], &k_lo)) ||
        (st = need_col(x, &t, pv_ql_agreement_cols[PV_QLA_CI_HIGH], &k_hi)) ||
        (st = need_col(x, &codes, pv_ql_codes_cols[PV_QLC_CODE], &c_code)) ||
        (st = need_col(x, &codes, pv_ql_codes_cols[QLC_LABEL(x)], &c_lab)))
        goto out;
    q->nser = npairs;
    for (int i = 0; i < npairs; i++)
        q->serl[i] = pairl[i];
    qfig_alloc(f, q, n + 1, npairs);
    for (int c = 0; c <= n; c++) { /* the pooled "(all)" first */
        const char *code = c == 0 ? "(all)" : pv_table_get(&codes, rows[c - 1], (size_t)c_code);
        f->label[c] = c == 0 ? pv_msg(x->msg, "codes.all", x->lang)
                             : g_string_chunk_insert(q->str, pv_table_get(&codes, rows[c - 1], (size_t)c_lab));
        q->group[c] = c == 0 ? "" : g_string_chunk_insert(q->str, group[c - 1]);
        for (int p = 0; p < npairs; p++) {
            size_t i = (size_t)p * (size_t)(n + 1) + (size_t)c;
            for (size_t r = 0; r < t.n_rows; r++)
                if (!strcmp(pv_table_get(&t, r, (size_t)k_unit), "excerpt") && /* the coded excerpt */
                    !strcmp(pv_table_get(&t, r, (size_t)k_code), code) &&
                    !strcmp(pv_table_get(&t, r, (size_t)k_meas), "cohen_kappa") &&
                    !strcmp(pv_table_get(&t, r, (size_t)k_pair), pairs[p])) {
                    f->v[i] = cell(pv_table_get(&t, r, (size_t)k_val));
                    q->lo[i] = cell(pv_table_get(&t, r, (size_t)k_lo));
                    q->hi[i] = cell(pv_table_get(&t, r, (size_t)k_hi));
                }
            if (isnan(f->v[i])) {
                f->text[i] = dupf("%s", symbol(x, H_UNDEFINED));
                f->alt[i] = dupf("%s", symbol(x, H_UNDEFINED));
                q->hidden[H_UNDEFINED]++;
            } else {
                f->alt[i] = dupf("%s [%s–%s]", pv_fmt_dec(a, sizeof a, f->v[i], 2, x->lang),
                                 pv_fmt_dec(b, sizeof b, q->lo[i], 2, x->lang),
                                 pv_fmt_dec(c3, sizeof c3, q->hi[i], 2, x->lang));
            }
        }
    }
out:
    pv_table_free(&codes);
    pv_table_free(&t);
    return st ? st : (n < 0 ? x->err->status : 0);
}

/* An estimate of convergence_evidence.csv row r as the reader's language
 * writes it: "61 % [60 ; 62]" (proportion), "3,2 [3,1 ; 3,3]" (score),
 * "1,00" (without interval).  NULL when the row has no value (a silent
 * indicator). */
static char *evidence_text(const run *x, const pv_table *t, size_t r, const int col[4])
{
    double v = cell(pv_table_get(t, r, (size_t)col[0]));
    double lo = cell(pv_table_get(t, r, (size_t)col[1]));
    double hi = cell(pv_table_get(t, r, (size_t)col[2]));
    const char *unit = pv_table_get(t, r, (size_t)col[3]);
    int pct = !strcmp(unit, "proportion"), dec = pct ? 0 : !strcmp(unit, "score") ? 1 : 2;
    int en = x->lang == PV_LANG_EN;
    char a[48], b[48], c[48];
    if (isnan(v))
        return NULL;
    if (pct)
        pv_fmt_pct(a, sizeof a, v, 0, x->lang);
    else
        pv_fmt_dec(a, sizeof a, v, dec, x->lang);
    if (isnan(lo) || isnan(hi))
        return dupf("%s", a);
    pv_fmt_dec(b, sizeof b, pct ? 100 * lo : lo, dec, x->lang);
    pv_fmt_dec(c, sizeof c, pct ? 100 * hi : hi, dec, x->lang);
    return dupf(en ? "%s [%s, %s]" : "%s [%s\xE2\x80\xAF; %s]", a, b, c); /* U+202F before ; */
}

#define QUOTE_MAX 105 /* characters of a quote under a joint display's row */

/* The quote of a finding, cut at a word near QUOTE_MAX characters, and
 * its speaker and session (joint_display.csv's "Parent D, PARENT, S01"
 * less the group code: the speaker's name says it). */
static char *joint_quote(const run *x, const char *quote, const char *source)
{
    GString *g = g_string_new(NULL);
    const char *end = quote;
    for (long n = 0; *end && n < QUOTE_MAX; n++)
        end = g_utf8_next_char(end);
    if (*end) { /* back to the last space, then an ellipsis */
        const char *sp = end;
        while (sp > quote && *sp != ' ')
            sp--;
        end = sp > quote ? sp : end;
        while (end > quote && strchr(".,;:", end[-1])) /* "problème.…" */
            end--;
    }
    g_string_append(g, x->lang == PV_LANG_EN ? "“" : "« ");
    g_string_append_len(g, quote, end - quote);
    g_string_append(g, *end ? "…" : "");
    g_string_append(g, x->lang == PV_LANG_EN ? "”" : " »");
    if (*source) {
        gchar **part = g_strsplit(source, ",", 0);
        g_string_append(g, " (");
        for (int i = 0, k = 0; part[i]; i++) {
            const char *p = g_strstrip(part[i]);
            if (pv_codes_find(x->codes, "group", p) < 0) /* the speaker names it */
                g_string_append_printf(g, "%s%s", k++ ? ", " : "", p);
        }
        g_string_append(g, ")");
        g_strfreev(part);
    }
    char *r = pv_xstrdup(g->str);
    g_string_free(g, TRUE);
    return r;
}

/* The joint display: themes x sources, each source's rating (1 supports,
 * 0.5 partly, 0 contradicts, NAN silent) above the estimates it rests on
 * (convergence_evidence.csv), then the convergence category; each cell in
 * the colour colours.csv gives its rating or category (silence hatched),
 * and under each theme a quote (joint_display.csv).  Words from the
 * message catalogue: `rating.<r>`, `category.<c>`, `source.<s>`,
 * `joint.category`. */
static int build_joint(run *x, figdata *f, qfig *q)
{
    static const char *const rating[] = {"supports", "partly_supports", "contradicts", "silent"};
    static const double rv[] = {1, 0.5, 0, NAN};
    static const char *const cat[] = {"agreement", "partial_agreement", "dissonance", "silence"};
    static const int cols[] = {PV_CT_PARTICIPATION, PV_CT_QUESTIONNAIRE, PV_CT_QUALITATIVE,
                               PV_CT_CATEGORY};
    static const char *const source[] = {"participation", "questionnaire", "qualitative"};
    const char *const *ct = pv_cv_themes_cols;
    pv_table t = {0}, ev = {0}, jd = {0};
    char key[64];
    int st, col[4], lab, id, e_theme, e_src, e_val[4], j_theme, j_quote, j_src;
    int en = x->lang == PV_LANG_EN;
    if ((st = read_level1(x, "../level2/convergence_themes.csv", &t)) ||
        (st = read_level1(x, "../level2/convergence_evidence.csv", &ev)) ||
        (st = read_level1(x, "../level2/joint_display.csv", &jd)) ||
        (st = need_col(x, &t, ct[en ? PV_CT_LABEL_EN : PV_CT_LABEL_FR], &lab)) ||
        (st = need_col(x, &t, ct[PV_CT_THEME], &id)) ||
        (st = need_col(x, &ev, "theme_id", &e_theme)) ||
        (st = need_col(x, &ev, "source", &e_src)) || (st = need_col(x, &ev, "value", &e_val[0])) ||
        (st = need_col(x, &ev, "ci_low", &e_val[1])) ||
        (st = need_col(x, &ev, "ci_high", &e_val[2])) ||
        (st = need_col(x, &ev, "unit", &e_val[3])) ||
        (st = need_col(x, &jd, "theme_id", &j_theme)) ||
        (st = need_col(x, &jd, "quote", &j_quote)) ||
        (st = need_col(x, &jd, "quote_source", &j_src)))
        goto out;
    for (int k = 0; k < 4; k++)
        if ((st = need_col(x, &t, ct[cols[k]], &col[k])))
            goto out;
    q->nser = 4;
    for (int k = 0; k < 4; k++) {
        snprintf(key, sizeof key, k < 3 ? "source.%s" : "joint.%s", ct[cols[k]]);
        q->serl[k] = pv_msg(x->msg, key, x->lang);
    }
    qfig_alloc(f, q, (int)t.n_rows, 4);
    /* categorical colours when colours.csv has every category */
    int categorical = 1;
    for (int j = 0; j < 3; j++)
        categorical &= colour_slot(x, cat[j]) >= 0;
    if (categorical) {
        q->slot = pv_xnmalloc((t.n_rows + 1) * 4, sizeof *q->slot);
        for (int j = 0; j < 4; j++) {
            snprintf(key, sizeof key, "category.%s", cat[j]);
            const char *c = pv_msg(x->msg, key, x->lang);
            snprintf(key, sizeof key, "rating.%s", rating[j]);
            const char *rt = pv_msg(x->msg, key, x->lang);
            q->key_label[j] = c; /* silence: no rating word beside it */
            if (j < 3) {
                char *l = dupf("%s (%s)", c, rt);
                q->key_label[j] = g_string_chunk_insert(q->str, l);
                free(l);
            }
            q->key_slot[j] = j < 3 ? colour_slot(x, cat[j]) : -1;
        }
        q->n_key = 4;
    }
    for (size_t r = 0; r < t.n_rows; r++) {
        const char *theme = pv_table_get(&t, r, (size_t)id);
        f->label[r] = g_string_chunk_insert(q->str, pv_table_get(&t, r, (size_t)lab));
        q->group[r] = "";
        for (size_t k = 0; categorical && k < jd.n_rows; k++)
            if (!strcmp(pv_table_get(&jd, k, (size_t)j_theme), theme) &&
                *pv_table_get(&jd, k, (size_t)j_quote)) {
                char *qt = joint_quote(x, pv_table_get(&jd, k, (size_t)j_quote),
                                       pv_table_get(&jd, k, (size_t)j_src));
                q->note[r] = g_string_chunk_insert(q->str, qt);
                free(qt);
            }
        for (int k = 0; k < 4; k++) {
            const char *v = pv_table_get(&t, r, (size_t)col[k]);
            size_t i = (size_t)k * t.n_rows + r;
            if (q->slot)
                q->slot[i] = -1;
            for (int j = 0; j < 4; j++) {
                if (strcmp(v, k < 3 ? rating[j] : cat[j]))
                    continue;
                snprintf(key, sizeof key, k < 3 ? "rating.%s" : "category.%s",
                         k < 3 ? rating[j] : cat[j]);
                f->v[i] = rv[j];
                if (q->slot && j < 3)
                    q->slot[i] = colour_slot(x, cat[j]);
                GString *g = g_string_new(pv_msg(x->msg, key, x->lang));
                for (size_t e = 0; categorical && k < 3 && j < 3 && e < ev.n_rows; e++) {
                    if (strcmp(pv_table_get(&ev, e, (size_t)e_theme), theme) ||
                        strcmp(pv_table_get(&ev, e, (size_t)e_src), source[k]))
                        continue;
                    char *et = evidence_text(x, &ev, e, e_val);
                    if (et)
                        g_string_append_printf(g, "\n%s", et);
                    free(et);
                }
                f->text[i] = pv_xstrdup(g->str);
                g_string_free(g, TRUE);
                f->alt[i] = dupf("%s", f->text[i]);
                for (char *p = f->alt[i]; *p; p++)
                    if (*p == '\n')
                        *p = ' '; /* one line in the figure's data file */
            }
        }
    }
out:
    pv_table_free(&t);
    pv_table_free(&ev);
    pv_table_free(&jd);
    return st;
}

/* ------------------------------------------------------------------ */
/* Shares and rates by category (DOT_CI)                              */
/* ------------------------------------------------------------------ */

/* The catalogue row cannot be drawn because of its column col: why, kept
 * in q->str (draw_figure rejects the row). */
static int qfig_reject(qfig *q, int col, const char *why)
{
    q->reject_col = col;
    q->reject_why = g_string_chunk_insert(q->str, why);
    return 0;
}

/* A share and its interval as the data file shows it: "62 % [56–68]". */
static char *share_alt(const run *x, double v, double lo, double hi)
{
    char a[48], b[48], c[48];
    pv_fmt_pct(a, sizeof a, v, 0, x->lang);
    if (isnan(lo) || isnan(hi))
        return dupf("%s", a);
    return dupf("%s [%s–%s]", a, pv_fmt_pct(b, sizeof b, lo, 0, x->lang),
                pv_fmt_pct(c, sizeof c, hi, 0, x->lang));
}

/* The overall share a share_ci figure compares its categories with: the
 * indicator `id` of indicators_<source>.csv, <source> being the prefix of
 * the figure's table (participation_region.csv: participation), drawn as
 * the reference line and said in the source note (message note.reference)
 * with the catalogue's label of it.  An indicator the table lacks, or not a
 * proportion, rejects the row; a hidden one draws no line. */
static int overall_share(run *x, const char *data, const char *id, const char *label, qfig *q)
{
    char file[512], path[4200], why[1024], *val;
    pv_table t = {0};
    int st, c_id, c_v, c_lo, c_hi, c_unit;
    struct stat sb;
    const char *const *ic = pv_indicator_cols;
    snprintf(file, sizeof file, "indicators_%.*s.csv", (int)strcspn(data, "_"), data);
    snprintf(path, sizeof path, "%s/level1/%s", x->o->in, file);
    if (stat(path, &sb) != 0) {
        snprintf(why, sizeof why, "no indicator table %s for the overall share of %s", file, data);
        return qfig_reject(q, C_SERIES, why);
    }
    if ((st = read_level1(x, file, &t)) || (st = need_col(x, &t, ic[PV_IND_INDICATOR], &c_id)) ||
        (st = need_col(x, &t, ic[PV_IND_VALUE], &c_v)) ||
        (st = need_col(x, &t, ic[PV_IND_CI_LOW], &c_lo)) ||
        (st = need_col(x, &t, ic[PV_IND_CI_HIGH], &c_hi)) ||
        (st = need_col(x, &t, ic[PV_IND_UNIT], &c_unit)))
        goto out;
    size_t r = 0;
    while (r < t.n_rows && strcmp(pv_table_get(&t, r, (size_t)c_id), id))
        r++;
    if (r == t.n_rows || strcmp(pv_table_get(&t, r, (size_t)c_unit), "proportion")) {
        if (r == t.n_rows)
            snprintf(why, sizeof why, "no indicator '%s' in %s (the overall share the figure "
                     "compares with)", id, file);
        else
            snprintf(why, sizeof why, "indicator '%s' of %s is not a share (unit %s)", id, file,
                     pv_table_get(&t, r, (size_t)c_unit));
        qfig_reject(q, C_SERIES, why);
        goto out;
    }
    double v = cell(pv_table_get(&t, r, (size_t)c_v));
    if (isnan(v))
        goto out; /* hidden: no line */
    q->ref_on = 1;
    q->ref_value = v;
    val = share_alt(x, v, cell(pv_table_get(&t, r, (size_t)c_lo)),
                    cell(pv_table_get(&t, r, (size_t)c_hi)));
    char *s = pv_msg_fill(x->msg, "note.reference", x->lang, "label", label, "value", val, NULL);
    q->ref_note = g_string_chunk_insert(q->str, s);
    g_free(s);
    free(val);
out:
    pv_table_free(&t);
    return st;
}

/* A share per category of a breakdown table (label_fr, label_en, share,
 * ci_low, ci_high, suppressed; a total row), one dot and its Wilson
 * interval a row, sorted by share when asked; n per row from a `total`
 * column when the table has one.  A hidden share shows the suppressed
 * sign, a share of nothing the undefined one, right of the plot. */
static int build_share_ci(run *x, const char *data, const char *sort, const char *ref,
                          const char *refl, figdata *f, qfig *q)
{
    pv_table t = {0};
    size_t *rows = NULL;
    char num[48];
    int st, c_lab, c_share, c_lo, c_hi, c_sup, c_tot, n = 0;
    if ((st = read_level1(x, data, &t)) ||
        (st = need_col(x, &t, x->lang == PV_LANG_EN ? "label_en" : "label_fr", &c_lab)) ||
        (st = need_col(x, &t, "share", &c_share)) || (st = need_col(x, &t, "ci_low", &c_lo)) ||
        (st = need_col(x, &t, "ci_high", &c_hi)) || (st = need_col(x, &t, "suppressed", &c_sup)))
        goto out;
    c_tot = pv_table_col(&t, "total");
    int sc = subset_col(x, &t, t.name);
    if (sc == -2) {
        st = x->err->status;
        goto out;
    }
    rows = pv_xnmalloc(t.n_rows + 1, sizeof *rows);
    for (size_t r = 0; r < t.n_rows; r++) {
        if (!strcmp(pv_table_get(&t, r, 0), "total")) {
            if (c_tot >= 0)
                q->n_total = cell(pv_table_get(&t, r, (size_t)c_tot));
            continue;
        }
        if (sc < 0 || subset_keeps(x->sub, pv_table_get(&t, r, (size_t)sc)))
            rows[n++] = r;
    }
    if (!strcmp(sort, "desc")) /* largest share first, hidden last (stable) */
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0; j--) {
                double a = cell(pv_table_get(&t, rows[j - 1], (size_t)c_share));
                double b = cell(pv_table_get(&t, rows[j], (size_t)c_share));
                if (!((isnan(a) && !isnan(b)) || (!isnan(a) && !isnan(b) && b > a)))
                    break;
                size_t k = rows[j];
                rows[j] = rows[j - 1], rows[j - 1] = k;
            }
    q->nser = 1;
    q->serl[0] = ""; /* no legend: the reference line is said in the note */
    qfig_alloc(f, q, n, 1);
    for (int c = 0; c < n; c++) {
        size_t r = rows[c];
        f->label[c] = g_string_chunk_insert(q->str, pv_table_get(&t, r, (size_t)c_lab));
        f->v[c] = cell(pv_table_get(&t, r, (size_t)c_share));
        q->lo[c] = cell(pv_table_get(&t, r, (size_t)c_lo));
        q->hi[c] = cell(pv_table_get(&t, r, (size_t)c_hi));
        if (c_tot >= 0) { /* the row's denominator, "< 5" or x when hidden */
            double d = cell(pv_table_get(&t, r, (size_t)c_tot));
            char *note = isnan(d) ? dupf("n = %s", symbol(x, H_SUPPRESSED))
                                  : dupf("n = %s", pv_fmt_int(num, sizeof num, (long long)d, x->lang));
            q->note[c] = g_string_chunk_insert(q->str, note);
            free(note);
        }
        if (isnan(f->v[c])) {
            int h = *pv_table_get(&t, r, (size_t)c_sup) ? H_SUPPRESSED : H_UNDEFINED;
            f->text[c] = dupf("%s", symbol(x, h));
            f->alt[c] = dupf("%s", symbol(x, h));
            q->hidden[h]++;
        } else {
            f->text[c] = dupf("%s", pv_fmt_pct(num, sizeof num, f->v[c], 0, x->lang));
            f->alt[c] = share_alt(x, f->v[c], q->lo[c], q->hi[c]);
        }
    }
    st = overall_share(x, data, ref, refl, q);
out:
    free(rows);
    pv_table_free(&t);
    return st;
}

/* Response rates (questionnaire_response_rates.csv) of the instruments
 * the catalogue lists, one row each, labelled as it names them: the rate
 * and its Wilson interval, respondents "of" invited beside it.  A rate
 * without the number invited (or with more respondents than invited) is
 * undefined: the undefined sign and the respondents' count, never a 0; a
 * rate hidden for a small count shows the suppressed sign. */
static int build_rates(run *x, const char **ins, const char **insl, int nins, figdata *f,
                       qfig *q)
{
    pv_table t = {0};
    const char *const *rc = pv_qn_rates_cols;
    char a[48], b[48], why[512];
    int st, c_ins, c_inv, c_resp, c_rate, c_lo, c_hi, c_sup;
    if ((st = read_level1(x, "questionnaire_response_rates.csv", &t)) ||
        (st = need_col(x, &t, rc[PV_QR_INSTRUMENT], &c_ins)) ||
        (st = need_col(x, &t, rc[PV_QR_INVITED], &c_inv)) ||
        (st = need_col(x, &t, rc[PV_QR_RESPONDENTS], &c_resp)) ||
        (st = need_col(x, &t, rc[PV_QR_RATE], &c_rate)) ||
        (st = need_col(x, &t, rc[PV_QR_CI_LOW], &c_lo)) ||
        (st = need_col(x, &t, rc[PV_QR_CI_HIGH], &c_hi)) ||
        (st = need_col(x, &t, rc[PV_QR_SUPPRESSED], &c_sup)))
        goto out;
    q->nser = 1;
    q->serl[0] = "";
    qfig_alloc(f, q, nins, 1);
    int sa, sb;
    q->bar_slot = pv_xnmalloc((size_t)nins + 1, sizeof *q->bar_slot);
    if (series_slots(x, ins, nins, q->bar_slot, &sa, &sb)) { /* each group its colour */
        snprintf(why, sizeof why, "series %s and %s have the same colour (slot %d of colours.csv)",
                 ins[sa], ins[sb], q->bar_slot[sa]);
        qfig_reject(q, C_SERIES, why);
        goto out;
    }
    for (int c = 0; c < nins; c++) {
        size_t r = 0;
        while (r < t.n_rows && strcmp(pv_table_get(&t, r, (size_t)c_ins), ins[c]))
            r++;
        if (r == t.n_rows) {
            snprintf(why, sizeof why, "no instrument '%s' in questionnaire_response_rates.csv",
                     ins[c]);
            qfig_reject(q, C_SERIES, why);
            goto out;
        }
        double inv = cell(pv_table_get(&t, r, (size_t)c_inv));
        double resp = cell(pv_table_get(&t, r, (size_t)c_resp));
        f->label[c] = insl[c];
        f->v[c] = cell(pv_table_get(&t, r, (size_t)c_rate));
        q->lo[c] = cell(pv_table_get(&t, r, (size_t)c_lo));
        q->hi[c] = cell(pv_table_get(&t, r, (size_t)c_hi));
        pv_fmt_int(a, sizeof a, (long long)resp, x->lang);
        pv_fmt_int(b, sizeof b, (long long)inv, x->lang);
        /* a rate hidden for a small count of non-respondents: not "8 of 10" */
        char *note = isnan(resp) ? NULL
                     : isnan(inv) || isnan(f->v[c] = cell(pv_table_get(&t, r, (size_t)c_rate)))
                         ? pv_msg_fill(x->msg, "rates.respondents", x->lang, "respondents", a, NULL)
                                  : pv_msg_fill(x->msg, "rates.of", x->lang, "respondents", a,
                                                "invited", b, NULL);
        q->note[c] = note ? g_string_chunk_insert(q->str, note) : "";
        g_free(note);
        if (!isnan(resp))
            q->n_total = (isnan(q->n_total) ? 0 : q->n_total) + resp;
        if (isnan(f->v[c])) {
            /* hidden (small cells: the suppressed column says so), else
             * undefined: no number invited, or more respondents than invited */
            int h = *pv_table_get(&t, r, (size_t)c_sup) ? H_SUPPRESSED
                    : isnan(inv) || (!isnan(resp) && resp > inv) ? H_UNDEFINED : H_SUPPRESSED;
            f->text[c] = dupf("%s", symbol(x, h));
            f->alt[c] = dupf("%s", symbol(x, h));
            q->hidden[h]++;
        } else {
            f->text[c] = dupf("%s", pv_fmt_pct(a, sizeof a, f->v[c], 0, x->lang));
            f->alt[c] = share_alt(x, f->v[c], q->lo[c], q->hi[c]);
        }
    }
out:
    pv_table_free(&t);
    return st;
}

/* A flow: the catalogue's series are its steps, in order, each an
 * indicator of the headline table (data/README.md, kind `flow`).  A step
 * whose denominator is the count of the step before is a part of it: it
 * shows its share of that step (the table's share); any other step starts
 * a new chain (another unit: referrals after families) and shows its
 * count alone.  A hidden count reads "< 5" (primary) or "x". */
static int build_flow(run *x, const char *data, const char **step, int nstep, figdata *f,
                      qfig *q)
{
    pv_table t = {0};
    int st, c_id, c_n, c_den, c_share, c_sup;
    char a[48], b[48];
    if ((st = read_level1(x, data, &t)) || (st = need_col(x, &t, "indicator", &c_id)) ||
        (st = need_col(x, &t, "count", &c_n)) || (st = need_col(x, &t, "denominator", &c_den)) ||
        (st = need_col(x, &t, "share", &c_share)) || (st = need_col(x, &t, "suppressed", &c_sup)))
        goto out;
    q->nser = 1;
    q->serl[0] = "";
    qfig_alloc(f, q, nstep, 1);
    q->flow_part = pv_xcalloc((size_t)nstep + 1, 1);
    if (nstep < 2) {
        qfig_reject(q, C_SERIES, "a flow needs at least two steps (indicators, ';'-separated)");
        goto out;
    }
    for (int c = 0; c < nstep; c++) {
        long r = -1;
        for (size_t k = 0; k < t.n_rows && r < 0; k++)
            if (!strcmp(pv_table_get(&t, k, (size_t)c_id), step[c]))
                r = (long)k;
        if (r < 0) {
            char *why = dupf("step '%s' is not an indicator of %s", step[c], data);
            qfig_reject(q, C_SERIES, why);
            free(why);
            goto out;
        }
        const char *den = pv_table_get(&t, (size_t)r, (size_t)c_den);
        double v = cell(pv_table_get(&t, (size_t)r, (size_t)c_n));
        double share = cell(pv_table_get(&t, (size_t)r, (size_t)c_share));
        f->v[c] = v;
        q->flow_part[c] = c > 0 && *den && !isnan(f->v[c - 1]) && cell(den) == f->v[c - 1];
        if (isnan(v)) {
            int primary = strstr(pv_table_get(&t, (size_t)r, (size_t)c_sup), "count:primary") != NULL;
            f->text[c] = primary ? dupf("< %s", pv_fmt_int(a, sizeof a, x->cfg->threshold, x->lang))
                                 : dupf("%s", symbol(x, H_SUPPRESSED));
            q->hidden[primary ? H_SMALL : H_SUPPRESSED]++;
        } else if (q->flow_part[c] && !isnan(share)) {
            f->text[c] = dupf("%s (%s)", pv_fmt_int(a, sizeof a, (long long)v, x->lang),
                              pv_fmt_pct(b, sizeof b, share, 0, x->lang));
        } else {
            f->text[c] = dupf("%s", pv_fmt_int(a, sizeof a, (long long)v, x->lang));
        }
        f->alt[c] = dupf("%s", f->text[c]);
    }
    q->n_total = f->v[0]; /* n: the first step */
out:
    pv_table_free(&t);
    return st;
}

/* The columns of a figure's data file and of captions.csv. */
enum { FD_CATEGORY, FD_SERIES, FD_VALUE, FD_CI_LOW, FD_CI_HIGH, FD_SHOWN_AS, FD_NCOLS };
static const char *const figdata_cols[FD_NCOLS] = {
    [FD_CATEGORY] = "category", [FD_SERIES] = "series", [FD_VALUE] = "value",
    [FD_CI_LOW] = "ci_low", [FD_CI_HIGH] = "ci_high", [FD_SHOWN_AS] = "shown_as"};
enum { CAP_FIGURE, CAP_TITLE, CAP_CAPTION, CAP_ALT_TEXT, CAP_DATA, CAP_FIGURE_DATA,
       CAP_NCOLS };
static const char *const captions_cols[CAP_NCOLS] = {
    [CAP_FIGURE] = "figure", [CAP_TITLE] = "title", [CAP_CAPTION] = "caption",
    [CAP_ALT_TEXT] = "alt_text", [CAP_DATA] = "data", [CAP_FIGURE_DATA] = "figure_data"};

/* base.csv: the numbers the figure shows, one row per (category, series),
 * with the interval when the figure draws one and the text shown ("x",
 * "< 5" for hidden cells). */
static int write_figure_data(run *x, const char *base, const figdata *f, const qfig *q)
{
    char path[4200];
    pv_csvw w;
    snprintf(path, sizeof path, "%s.csv", base);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_header(&w, figdata_cols, FD_NCOLS);
    for (int c = 0; c < f->n; c++)
        for (int s = 0; s < q->nser; s++) {
            size_t i = (size_t)s * (size_t)f->n + (size_t)c;
            if (q->triangle && s > c)
                continue; /* the other half of a symmetric matrix */
            pv_csvw_str(&w, f->label[c]);
            pv_csvw_str(&w, q->serl[s]);
            pv_csvw_sig(&w, f->v[i], 10);
            pv_csvw_sig(&w, q->lo ? q->lo[i] : NAN, 10);
            pv_csvw_sig(&w, q->hi ? q->hi[i] : NAN, 10);
            pv_csvw_str(&w, f->alt && f->alt[i] ? f->alt[i] : "");
            pv_csvw_end(&w);
        }
    return pv_csvw_close(&w);
}

/* Breakdown figures: categories are the rows of a count table. */
static int build_breakdown(run *x, const char *data, const char **ser, int nser,
                           const char *labels, const char *sort,
                           int line /* 1 line, -1 grouped bars */, figdata *f, qfig *q)
{
    pv_table t = {0};
    int st = read_level1(x, data, &t);
    if (!st)
        st = figdata_load(x, f, &t, ser, nser, x->lang, t.name, x->err);
    if (!st) {
        /* the labels point into t: keep their strings */
        for (int c = 0; c < f->n; c++) {
            f->label[c] = g_string_chunk_insert(q->str, f->label[c]);
            f->key[c] = g_string_chunk_insert(q->str, f->key[c]);
        }
        if (strcmp(sort, "desc") == 0)
            figdata_sort_desc(f, nser);
        figdata_texts(f, nser, labels, x, q->hidden);
        q->n_total = f->total[0];
        if (nser > 1 && f->n && line >= 0) /* n of all series: the last running
                                            * total of a line, the totals of
                                            * stacked series; grouped bars
                                            * (line < 0): the first series' */
            q->n_total = line ? f->v[(size_t)f->n - 1] : f->total[0] + f->total[1];
    }
    pv_table_free(&t);
    return st;
}

/* ------------------------------------------------------------------ */
/* The kinds of figure                                                */
/* ------------------------------------------------------------------ */

/* What a catalogue row asks for. */
typedef struct {
    const char *data, *labels, *sort;
    const char **ser, **serl;
    int nser;
    const char *positions;     /* tilemap: its positions file, resolved */
    const char *positions_at;  /* where the catalogue names it: "figures.csv:3:20" */
} figreq;

/* The reference line a DOT_CI kind draws for its reader. */
typedef enum {
    REF_NONE,
    REF_CHANCE,    /* kappa 0: agreement by chance */
    REF_THRESHOLD, /* alpha 0.7, the usual threshold (Nunnally, 1978) */
    REF_MIDDLE,    /* the middle of the scale (axis_min to axis_max) */
    REF_ZERO,      /* 0, no difference, on an axis symmetric about it */
} figref;

typedef struct figkind figkind;
struct figkind {
    const char *name;          /* the catalogue's `kind`; alt text: message kind.<name> */
    pv_chart_kind kind;
    int (*build)(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q);
    unsigned pct : 1;          /* values are shares, shown as percentages */
    unsigned diagonal : 1;     /* heat map: no diagonal (a code with itself) */
    unsigned text : 1;         /* heat map: cells show their text, not a number */
    unsigned subset : 1;       /* takes the catalogue's subset */
    figref ref;                /* DOT_CI: its reference line */
};

/* Forest plot: the Hedges' g of questionnaire_effects.csv (effects.h), one
 * row per comparison of the family the catalogue's one series names
 * ("constructs_by_group", "constructs_by_attribute_<attribute>"), under
 * the construct's label; the row says "group a – group b" with the labels
 * of their code list (g > 0: group a scores higher).  A row not shown is
 * drawn with its sign: hidden (small cells) or undefined.  A series that
 * names no family of the table, or more than one series, rejects the
 * catalogue row (qfig_reject). */
static int build_forest(run *x, const figreq *r, figdata *f, qfig *q)
{
    pv_table t = {0};
    const char *const *ec = pv_qn_effects_cols;
    int st = 0, col[PV_QE_NCOLS], n = 0, found = 0;
    size_t *rows = NULL;
    char a[48], b[48], c3[48];
    if ((st = read_level1(x, r->data, &t)))
        return st;
    for (int i = 0; i < PV_QE_NCOLS; i++)
        if ((st = need_col(x, &t, ec[i], &col[i])))
            goto out;
    if (r->nser != 1) {
        char why[128];
        snprintf(why, sizeof why, "a forest plot draws one family of comparisons: one series, "
                 "not %d", r->nser);
        qfig_reject(q, C_SERIES, why);
        goto out;
    }
    int sc = subset_col(x, &t, t.name);
    if (sc == -2) {
        st = x->err->status;
        goto out;
    }
    rows = pv_xcalloc(t.n_rows + 1, sizeof *rows);
    for (size_t i = 0; i < t.n_rows; i++) {
        if (strcmp(pv_table_get(&t, i, (size_t)col[PV_QE_FAMILY]), r->ser[0]))
            continue;
        found = 1;
        if (sc < 0 || subset_keeps(x->sub, pv_table_get(&t, i, (size_t)sc)))
            rows[n++] = i;
    }
    if (!found) {
        char why[1024];
        snprintf(why, sizeof why, "no comparison of family '%s' in %s (its column family)",
                 r->ser[0], r->data);
        qfig_reject(q, C_SERIES, why);
        goto out;
    }
    q->nser = 1;
    q->serl[0] = r->serl[0];
    qfig_alloc(f, q, n, 1);
    /* n: every respondent of the groups compared, each group once (its
     * largest n over the constructs) */
    const char *glist[256], *gcode[256];
    double gmax[256];
    int ng = 0;
    for (int c = 0; c < n; c++) {
        const char *list = pv_table_get(&t, rows[c], (size_t)col[PV_QE_LIST]), *lab[2];
        for (int k = 0; k < 2; k++) {
            const char *code = pv_table_get(&t, rows[c], (size_t)col[k ? PV_QE_GROUP_B : PV_QE_GROUP_A]);
            int i = pv_codes_find(x->codes, list, code), j = 0;
            lab[k] = i >= 0 ? pv_codes_label(x->codes, list, i, x->lang) : code;
            double m = cell(pv_table_get(&t, rows[c], (size_t)col[k ? PV_QE_N_B : PV_QE_N_A]));
            while (j < ng && (strcmp(glist[j], list) || strcmp(gcode[j], code)))
                j++;
            if (j == ng && ng < 256)
                glist[ng] = list, gcode[ng] = code, gmax[ng++] = NAN;
            if (j < ng && !isnan(m) && !(gmax[j] >= m))
                gmax[j] = m;
        }
        char *l = dupf("%s – %s", lab[0], lab[1]);
        f->label[c] = g_string_chunk_insert(q->str, l);
        free(l);
        q->group[c] = construct_label(x, pv_table_get(&t, rows[c], (size_t)col[PV_QE_CONSTRUCT]));
        f->v[c] = cell(pv_table_get(&t, rows[c], (size_t)col[PV_QE_VALUE]));
        q->lo[c] = cell(pv_table_get(&t, rows[c], (size_t)col[PV_QE_CI_LOW]));
        q->hi[c] = cell(pv_table_get(&t, rows[c], (size_t)col[PV_QE_CI_HIGH]));
        if (isnan(f->v[c])) {
            int h = strncmp(pv_table_get(&t, rows[c], (size_t)col[PV_QE_NOTE]), "not shown", 9)
                        ? H_UNDEFINED : H_SUPPRESSED;
            f->text[c] = dupf("%s", symbol(x, h));
            f->alt[c] = dupf("%s", symbol(x, h));
            q->hidden[h]++;
        } else {
            /* "−0,37 ; 0,43", not "−0,37–0,43": ends of either sign */
            f->alt[c] = dupf(x->lang == PV_LANG_EN ? "%s [%s, %s]" : "%s [%s\xE2\x80\xAF; %s]",
                             pv_fmt_dec(a, sizeof a, f->v[c], 2, x->lang),
                             pv_fmt_dec(b, sizeof b, q->lo[c], 2, x->lang),
                             pv_fmt_dec(c3, sizeof c3, q->hi[c], 2, x->lang));
        }
    }
    for (int j = 0; j < ng; j++) /* a hidden n (small group): not counted */
        if (!isnan(gmax[j]))
            q->n_total = (isnan(q->n_total) ? 0 : q->n_total) + gmax[j];
out:
    free(rows);
    pv_table_free(&t);
    return st;
}

/* Categorical colours for a categorical result: the bars of a one-series
 * HBAR whose categories colours.csv lists (every category that has a bar;
 * convergence_summary.csv's agreement, partial_agreement, dissonance) each
 * take their category's colour, as in the joint display. */
static void category_slots(const run *x, const figdata *f, qfig *q)
{
    int listed = 0, *slot = pv_xnmalloc((size_t)f->n + 1, sizeof *slot);
    for (int c = 0; c < f->n; c++) {
        slot[c] = colour_slot(x, f->key[c]);
        if (slot[c] >= 0)
            listed++;
        else if (!isnan(f->v[c]) && f->v[c] != 0) { /* a bar of no listed colour */
            free(slot);
            return;
        }
    }
    if (listed)
        q->bar_slot = slot;
    else
        free(slot);
}

static int kind_breakdown(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    int st = build_breakdown(x, r->data, r->ser, r->nser, r->labels, r->sort,
                             k->kind == PV_CHART_LINE ? 1 : k->kind == PV_CHART_HBAR ? -1 : 0,
                             f, q);
    q->nser = r->nser;
    for (int i = 0; i < r->nser; i++)
        q->serl[i] = r->serl[i];
    if (!st && k->kind == PV_CHART_HBAR && r->nser == 1 && x->colours)
        category_slots(x, f, q);
    return st;
}

static int kind_likert(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    return build_likert(x, r->ser, r->serl, r->nser, f, q);
}

static int kind_dot_ci(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    return build_dots(x, r->data, &item_dots, r->ser, r->serl, r->nser, f, q);
}

static int kind_scores(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    return build_dots(x, r->data, &score_dots, r->ser, r->serl, r->nser, f, q);
}

static int kind_alpha(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    return build_dots(x, r->data, &alpha_dots, r->ser, r->serl, r->nser, f, q);
}

static int kind_codes_by_group(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    return build_codes_by_group(x, r->ser, r->serl, r->nser, f, q);
}

static int kind_cooccurrence(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    return build_cooccurrence(x, atoi(r->ser[0]), f, q);
}

static int kind_agreement(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    return build_agreement(x, r->ser, r->serl, r->nser, f, q);
}

static int kind_joint(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k, (void)r;
    return build_joint(x, f, q);
}

/* ------------------------------------------------------------------ */
/* Tile map and timeline                                              */
/* ------------------------------------------------------------------ */

/* The positions file of a tile map (data/README.md, tiles.csv): where
 * each region's tile sits, and its short label when the code list's does
 * not fit a tile. */
enum { T_REGION, T_COL, T_ROW, T_LABEL_FR, T_LABEL_EN, T_NCOLS };
static const pv_colspec tiles_cols[T_NCOLS] = {
    [T_REGION] = {"region", PV_COL_CODE, "region", 0, 0, 0, NULL},
    [T_COL] = {"col", PV_COL_INT, NULL, 0, 29, 0, NULL},
    [T_ROW] = {"row", PV_COL_INT, NULL, 0, 29, 0, NULL},
    [T_LABEL_FR] = {"label_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [T_LABEL_EN] = {"label_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
};

/* Row r of the positions file rejected after it was read (a region twice,
 * two regions on one tile): in OUT/rejects.csv like the rows the reader
 * refused. */
static void tiles_reject(run *x, const pv_vtable *tv, size_t r, int c, const char *reason)
{
    pv_rejects_add(x->rej, tv->raw.name, tv->raw.line[tv->src[r]], tv->map[c] + 1,
                   tv->cols[c].name, pv_vtable_str(tv, r, (size_t)c), reason);
}

/* Tile map: one tile per row of the positions file, shaded by the share
 * in column ser[0] of the breakdown table by region (its first column the
 * region code); a region without a row (no territory) is blank, a hidden
 * share shows the suppressed sign. */
static int kind_tilemap(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    pv_table t = {0};
    pv_vtable tv = {0};
    pv_vctx ctx = {.decimal = '.', .codes = x->codes};
    int st, c_val, c_tot, n = 0;
    char pct[48];
    (void)k;
    if ((st = read_level1(x, r->data, &t)) || (st = need_col(x, &t, r->ser[0], &c_val)))
        goto out;
    c_tot = pv_table_col(&t, "total"); /* the n of the note, when the table has it */
    if ((st = pv_vtable_load(&tv, "tiles", tiles_cols, T_NCOLS, r->positions, r->positions, &ctx,
                             x->rej, x->err)))
        goto out;
    qfig_alloc(f, q, (int)tv.n, 1);
    q->nser = 1;
    q->serl[0] = r->serl[0];
    q->tile_col = pv_xcalloc(tv.n + 1, sizeof *q->tile_col);
    q->tile_row = pv_xcalloc(tv.n + 1, sizeof *q->tile_row);
    q->tile_blank = pv_xcalloc(tv.n + 1, 1);
    for (size_t i = 0; i < tv.n; i++) {
        const char *code = pv_vtable_str(&tv, i, T_REGION);
        int col = (int)pv_vtable_val(&tv, i, T_COL).i, row = (int)pv_vtable_val(&tv, i, T_ROW).i;
        int dup = 0;
        for (int j = 0; j < n && !dup; j++) {
            if (!strcmp(code, q->note[j])) {
                tiles_reject(x, &tv, i, T_REGION, "region already placed");
                dup = 1;
            } else if (q->tile_col[j] == col && q->tile_row[j] == row) {
                char why[128];
                snprintf(why, sizeof why, "tile %d,%d already holds region %s", col, row, q->note[j]);
                tiles_reject(x, &tv, i, T_COL, why);
                dup = 1;
            }
        }
        if (dup)
            continue;
        const char *lab = pv_vtable_str(&tv, i, x->lang == PV_LANG_EN ? T_LABEL_EN : T_LABEL_FR);
        if (!*lab) /* the code list's label */
            lab = pv_codes_label(x->codes, "region", (int)pv_vtable_val(&tv, i, T_REGION).i, x->lang);
        f->label[n] = g_string_chunk_insert(q->str, lab);
        q->note[n] = g_string_chunk_insert(q->str, code); /* the code, for the checks above */
        q->tile_col[n] = col, q->tile_row[n] = row;
        q->tile_blank[n] = 1;
        for (size_t tr = 0; tr < t.n_rows; tr++) {
            if (strcmp(pv_table_get(&t, tr, 0), code))
                continue;
            q->tile_blank[n] = 0;
            f->v[n] = cell(pv_table_get(&t, tr, (size_t)c_val));
            if (f->v[n] < 0 || f->v[n] > 1) {
                st = pv_err_set(x->err, PV_EXIT_DATA,
                                "%s: column '%s' of region %s is %s, not a share (0 to 1): a "
                                "tilemap shows shares", t.name, r->ser[0], code,
                                pv_table_get(&t, tr, (size_t)c_val));
                goto out;
            }
            if (isnan(f->v[n])) {
                f->text[n] = dupf("%s", symbol(x, H_SUPPRESSED));
                q->hidden[H_SUPPRESSED]++;
            } else {
                f->text[n] = dupf("%s", pv_fmt_pct(pct, sizeof pct, f->v[n], 0, x->lang));
            }
            f->alt[n] = dupf("%s", f->text[n]);
            break;
        }
        if (q->tile_blank[n])
            f->alt[n] = dupf("%s", pv_msg(x->msg, "tile.no_territory", x->lang));
        n++;
    }
    f->n = n;
    for (size_t tr = 0; c_tot >= 0 && tr < t.n_rows; tr++)
        if (!strcmp(pv_table_get(&t, tr, 0), "total"))
            q->n_total = cell(pv_table_get(&t, tr, (size_t)c_tot));
out:
    pv_vtable_free(&tv);
    pv_table_free(&t);
    return st;
}

/* What a row of a timeline draws: the catalogue's series key. */
typedef enum { TL_PERIOD, TL_MONTHS, TL_SESSIONS, TL_BAD } tl_source;

/* "period": the evaluation period of config.csv; "<table>.csv": a bar
 * for each month a level-1 table lists (its first column YYYY-MM, e.g.
 * participation_monthly.csv); "sessions" or "sessions=<kind>": a mark at
 * the date of each session (of that kind) of sessions.csv. */
static tl_source tl_source_of(const char *key)
{
    size_t n = strlen(key);
    if (!strcmp(key, "period"))
        return TL_PERIOD;
    if (!strcmp(key, "sessions") || !strncmp(key, "sessions=", 9))
        return TL_SESSIONS;
    if (n > 4 && !strcmp(key + n - 4, ".csv") && !strchr(key, '/'))
        return TL_MONTHS;
    return TL_BAD;
}

/* Add the event [a, b] (days) on row c. */
static void tl_add(qfig *q, int c, double a, double b)
{
    q->ev_row = pv_xrealloc(q->ev_row, ((size_t)q->n_event + 1) * sizeof *q->ev_row);
    q->ev_start = pv_xrealloc(q->ev_start, ((size_t)q->n_event + 1) * sizeof *q->ev_start);
    q->ev_end = pv_xrealloc(q->ev_end, ((size_t)q->n_event + 1) * sizeof *q->ev_end);
    q->ev_row[q->n_event] = c;
    q->ev_start[q->n_event] = a;
    q->ev_end[q->n_event++] = b;
}

/* The events of source key on row c, their dates into g ("2025-04-07;
 * ..."); a source the dataset lacks has none. */
static int tl_events(run *x, const char *key, int c, qfig *q, GString *g)
{
    char path[4096], d0[16], d1[16];
    pv_table t = {0};
    pv_rejects rej = {0};
    struct stat sb;
    int st = 0, y, m, d, e0 = q->n_event;
    tl_source src = tl_source_of(key);
    if (src == TL_PERIOD) {
        tl_add(q, c, x->cfg->period_start, x->cfg->period_end);
    } else if (src == TL_MONTHS) {
        snprintf(path, sizeof path, "%s/level1/%s", x->o->in, key);
        if (stat(path, &sb) != 0 || (st = read_level1(x, key, &t)))
            goto out;
        for (size_t r = 0; r < t.n_rows; r++) {
            int32_t day;
            char buf[16];
            snprintf(buf, sizeof buf, "%.7s-01", pv_table_get(&t, r, 0));
            if (!strcmp(pv_table_get(&t, r, 0), "total"))
                continue;
            if (strlen(pv_table_get(&t, r, 0)) != 7 || pv_parse_date(buf, &day) != 0) {
                st = pv_err_set(x->err, PV_EXIT_DATA, "%s:%ld: '%s' is not a month (YYYY-MM)",
                                t.name, t.line[r], pv_table_get(&t, r, 0));
                goto out;
            }
            pv_civil_from_days(day, &y, &m, &d);
            int32_t end = pv_days_from_civil(y + m / 12, m % 12 + 1, 1) - 1;
            /* consecutive months make one bar */
            if (q->n_event > e0 && q->ev_end[q->n_event - 1] == day - 1)
                q->ev_end[q->n_event - 1] = end;
            else
                tl_add(q, c, day, end);
        }
    } else if (src == TL_SESSIONS) {
        int c_date, c_kind;
        snprintf(path, sizeof path, "%s/clean/sessions.csv", x->o->in);
        if (stat(path, &sb) != 0)
            goto out;
        if ((st = pv_table_read(&t, path, path, NULL, &rej, x->err)) ||
            (st = need_col(x, &t, "date", &c_date)) || (st = need_col(x, &t, "kind", &c_kind)))
            goto out;
        for (size_t r = 0; r < t.n_rows; r++) {
            int32_t day;
            if ((key[8] == '=' && strcmp(pv_table_get(&t, r, (size_t)c_kind), key + 9)) ||
                pv_parse_date(pv_table_get(&t, r, (size_t)c_date), &day) != 0)
                continue; /* another kind, or no date */
            tl_add(q, c, day, day);
        }
    }
    for (int e = e0; e < q->n_event; e++) {
        pv_civil_from_days((int32_t)q->ev_start[e], &y, &m, &d);
        snprintf(d0, sizeof d0, "%04d-%02d-%02d", y, m, d);
        pv_civil_from_days((int32_t)q->ev_end[e], &y, &m, &d);
        snprintf(d1, sizeof d1, "%04d-%02d-%02d", y, m, d);
        g_string_append_printf(g, "%s%s%s%s", e > e0 ? "; " : "", d0,
                               q->ev_end[e] > q->ev_start[e] ? " – " : "",
                               q->ev_end[e] > q->ev_start[e] ? d1 : "");
    }
out:
    pv_rejects_free(&rej);
    pv_table_free(&t);
    return st;
}

/* Timeline: a row per series key that has events (catalogue order), its
 * label the catalogue's; rows without events are left out. */
static int kind_timeline(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    GString *g = g_string_new(NULL);
    const char *key[MAX_SERIES];
    int st = 0, n = 0, sa, sb;
    (void)k;
    qfig_alloc(f, q, r->nser, 1);
    q->nser = 1;
    q->serl[0] = "";
    for (int i = 0; i < r->nser && !st; i++) {
        int before = q->n_event;
        g_string_truncate(g, 0);
        if ((st = tl_events(x, r->ser[i], n, q, g)) || q->n_event == before)
            continue;
        key[n] = r->ser[i];
        f->label[n] = r->serl[i];
        f->v[n] = q->n_event - before;
        f->alt[n] = dupf("%s", g->str);
        n++;
    }
    f->n = n;
    q->row_slot = pv_xcalloc((size_t)n + 1, sizeof *q->row_slot);
    if (!st)
        series_slots(x, key, n, q->row_slot, &sa, &sb); /* the catalogue checked the keys */
    g_string_free(g, TRUE);
    return st;
}

static int kind_forest(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    return build_forest(x, r, f, q);
}

static int kind_share_ci(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    if (r->nser != 1)
        return qfig_reject(q, C_SERIES, "share_ci has one series: the indicator of the overall "
                                        "share, drawn as the reference line");
    return build_share_ci(x, r->data, r->sort, r->ser[0], r->serl[0], f, q);
}

static int kind_rates(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    return build_rates(x, r->ser, r->serl, r->nser, f, q);
}

static int kind_flow(run *x, const figkind *k, const figreq *r, figdata *f, qfig *q)
{
    (void)k;
    int st = build_flow(x, r->data, r->ser, r->nser, f, q);
    for (int c = 0; !st && !q->reject_why && c < f->n; c++)
        f->label[c] = r->serl[c]; /* the steps as the catalogue names them */
    return st;
}

/* Every kind a catalogue may name: the only list (data/README.md, and
 * `figures --list-kinds`); nothing else tests a kind's name. */
static const figkind kinds[] = {
    {"hbar", PV_CHART_HBAR, kind_breakdown, 0, 0, 0, 1, REF_NONE},
    {"hbar_stacked", PV_CHART_HBAR_STACKED, kind_breakdown, 0, 0, 0, 1, REF_NONE},
    {"vbar_stacked", PV_CHART_VBAR_STACKED, kind_breakdown, 0, 0, 0, 1, REF_NONE},
    {"line", PV_CHART_LINE, kind_breakdown, 0, 0, 0, 1, REF_NONE},
    {"likert", PV_CHART_LIKERT, kind_likert, 0, 0, 0, 1, REF_NONE},
    {"dot_ci", PV_CHART_DOT_CI, kind_dot_ci, 1, 0, 0, 1, REF_NONE},
    {"scores", PV_CHART_DOT_CI, kind_scores, 0, 0, 0, 1, REF_MIDDLE},
    {"alpha", PV_CHART_DOT_CI, kind_alpha, 0, 0, 0, 1, REF_THRESHOLD},
    {"codes_by_group", PV_CHART_HEATMAP, kind_codes_by_group, 1, 0, 0, 1, REF_NONE},
    {"cooccurrence", PV_CHART_HEATMAP, kind_cooccurrence, 0, 1, 0, 0, REF_NONE},
    {"agreement", PV_CHART_DOT_CI, kind_agreement, 0, 0, 0, 1, REF_CHANCE},
    {"joint_display", PV_CHART_HEATMAP, kind_joint, 0, 0, 1, 0, REF_NONE},
    {"tilemap", PV_CHART_TILEMAP, kind_tilemap, 1, 0, 0, 0, REF_NONE},
    {"timeline", PV_CHART_TIMELINE, kind_timeline, 0, 0, 0, 0, REF_NONE},
    {"forest", PV_CHART_DOT_CI, kind_forest, 0, 0, 0, 1, REF_ZERO},
    {"share_ci", PV_CHART_DOT_CI, kind_share_ci, 1, 0, 0, 1, REF_NONE}, /* line: from data */
    {"response_rates", PV_CHART_DOT_CI, kind_rates, 1, 0, 0, 0, REF_NONE},
    {"flow", PV_CHART_FLOW, kind_flow, 0, 0, 0, 0, REF_NONE},
};
enum { NKINDS = sizeof kinds / sizeof *kinds };

static const figkind *find_kind(const char *name)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

/* "hbar, hbar_stacked, ..." into g. */
static void kind_names(GString *g)
{
    for (size_t i = 0; i < NKINDS; i++)
        g_string_append_printf(g, "%s%s", i ? ", " : "", kinds[i].name);
}

const char *pv_figures_kind(int i)
{
    return i >= 0 && (size_t)i < NKINDS ? kinds[i].name : NULL;
}

/* s in the language's typography (fmt.h), kept in q->str. */
static const char *typo(const run *x, qfig *q, const char *s)
{
    char *t = pv_fmt_typo(s, x->lang);
    const char *k = t ? g_string_chunk_insert(q->str, t) : s;
    g_free(t);
    return k;
}

/* Every text of the figure a reader sees, in the language's typography. */
static void figure_typo(const run *x, figdata *f, qfig *q)
{
    for (int c = 0; c < f->n; c++) {
        f->label[c] = typo(x, q, f->label[c]);
        if (q->group && q->group[c])
            q->group[c] = typo(x, q, q->group[c]);
        if (q->panel && q->panel[c])
            q->panel[c] = typo(x, q, q->panel[c]);
        if (q->note && q->note[c])
            q->note[c] = typo(x, q, q->note[c]);
    }
    for (int s = 0; s < q->nser; s++)
        q->serl[s] = typo(x, q, q->serl[s]);
    for (int i = 0; f->text && i < f->n * q->nser; i++)
        if (f->text[i]) {
            char *t = pv_fmt_typo(f->text[i], x->lang);
            if (t) {
                free(f->text[i]);
                f->text[i] = pv_xstrdup(t);
                g_free(t);
            }
        }
}

/* Catalogue row r cannot be drawn because of its column c: the row is
 * rejected (OUT/rejects.csv, exit status 1) and the other rows are drawn,
 * as ingest rejects a row and keeps the others. */
static int reject_row(run *x, const pv_vtable *cat, size_t r, int c, const char *reason)
{
    pv_rejects_add(x->rej, cat->raw.name, cat->raw.line[cat->src[r]], cat->map[c] + 1,
                   cat->cols[c].name, pv_vtable_str(cat, r, (size_t)c), reason);
    return 0;
}

/* Whether the CSV file at path has a row below its header. */
static int has_rows(const char *path)
{
    FILE *f = fopen(path, "rb");
    int c, header_done = 0, more = 0;
    if (!f)
        return 0;
    while (!more && (c = getc(f)) != EOF) {
        more = header_done; /* a byte after the header's line end */
        header_done |= c == '\n';
    }
    fclose(f);
    return more;
}

/* An axis symmetric about 0 that holds every dot and whisker of the
 * one-series figure f: to the next multiple of 0.5 (at least 0.5). */
static void symmetric_axis(const figdata *f, const qfig *q, double *lo, double *hi)
{
    double m = 0.5;
    for (int c = 0; c < f->n; c++) {
        double v[3] = {f->v[c], q->lo[c], q->hi[c]};
        for (int k = 0; k < 3; k++)
            if (!isnan(v[k]))
                m = fmax(m, ceil(fabs(v[k]) * 2 - 1e-9) / 2);
    }
    *lo = -m;
    *hi = m;
}

/* Draw catalogue row r. */
static int draw_figure(run *x, const pv_vtable *cat, size_t r)
{
    const char *fig = pv_vtable_str(cat, r, C_FIGURE);
    const char *kind = pv_vtable_str(cat, r, C_KIND);
    const char *data = pv_vtable_str(cat, r, C_DATA);
    const char *ser[MAX_SERIES], *serl[MAX_SERIES];
    char sbuf[512], lbuf[1024], path[4096], base[4096], note[2048];
    int en = x->lang == PV_LANG_EN, st;
    figdata f = {0};
    qfig q = {.str = g_string_chunk_new(1024), .n_total = NAN};
    GString *alt = g_string_new(NULL), *caption = g_string_new(NULL);
    const figkind *k = find_kind(kind);
    const pv_table *raw = &cat->raw;
    long line = raw->line[cat->src[r]];

    int nser = split(pv_vtable_str(cat, r, C_SERIES), sbuf, sizeof sbuf, ser, MAX_SERIES);
    int nlab = split(pv_vtable_str(cat, r, en ? C_SERIES_EN : C_SERIES_FR), lbuf,
                     sizeof lbuf, serl, MAX_SERIES);
    if (!k) {
        g_string_assign(caption, "unknown kind, expected one of ");
        kind_names(caption);
        st = reject_row(x, cat, r, C_KIND, caption->str);
        goto done;
    }
    if (nlab != nser) {
        g_string_printf(caption, "%d labels for %d series", nlab, nser);
        st = reject_row(x, cat, r, en ? C_SERIES_EN : C_SERIES_FR, caption->str);
        goto done;
    }
    {
        /* a source the dataset does not have (a qualitative-only dataset has
         * no participation tables, or has them with their header only): its
         * figures are skipped, said in one line */
        struct stat sb1, sb2;
        snprintf(path, sizeof path, "%s/level1/%s", x->o->in, data);
        snprintf(base, sizeof base, "%s/level2/%s", x->o->in, data);
        if ((stat(path, &sb1) != 0 || !has_rows(path)) &&
            (stat(base, &sb2) != 0 || !has_rows(base))) {
            g_string_append_printf(x->skipped, "%s%s", x->n_skipped++ ? ", " : "", fig);
            st = 0;
            goto done;
        }
    }
    subset sub;
    const char *subtext = pv_vtable_str(cat, r, C_SUBSET);
    if (subset_parse(&sub, subtext) || (sub.col[0] && !k->subset)) {
        st = reject_row(x, cat, r, C_SUBSET,
                        sub.col[0] || !*subtext ? "this kind draws every row"
                                                : "expected column=value;value or column!=value;value");
        goto done;
    }
    x->sub = &sub;
    snprintf(x->sub_at, sizeof x->sub_at, "%s:%ld:%d", raw->name, line, cat->map[C_SUBSET] + 1);
    int r_nser = nser;
    figreq req = {data, pv_vtable_str(cat, r, C_LABELS), pv_vtable_str(cat, r, C_SORT), ser, serl,
                  nser, NULL, NULL};
    {
        /* a tile map's positions: a file beside the catalogue */
        const char *pos = pv_vtable_str(cat, r, C_POSITIONS), *why = NULL;
        const char *slash = strrchr(raw->name, '/');
        struct stat sb;
        snprintf(path, sizeof path, "%.*s%s", slash ? (int)(slash - raw->name + 1) : 0,
                 raw->name, pos);
        if (k->kind == PV_CHART_TILEMAP && !*pos)
            why = "a tilemap needs the file of its tile positions";
        else if (k->kind != PV_CHART_TILEMAP && *pos)
            why = "only a tilemap takes a file of positions";
        else if (*pos && (strchr(pos, '/') || stat(path, &sb) != 0))
            why = strchr(pos, '/') ? "expected a file name beside the catalogue"
                                   : "no such file beside the catalogue";
        if (why) {
            st = reject_row(x, cat, r, C_POSITIONS, why);
            goto done;
        }
        req.positions = path;
        if (k->kind == PV_CHART_TILEMAP && nser != 1) {
            st = reject_row(x, cat, r, C_SERIES, "a tilemap shows one share column");
            goto done;
        }
        for (int i = 0; k->kind == PV_CHART_TIMELINE && i < nser; i++)
            if (tl_source_of(ser[i]) == TL_BAD) {
                g_string_printf(caption, "'%s': expected period, a level-1 table of months "
                                "(name.csv) or sessions or sessions=kind", ser[i]);
                st = reject_row(x, cat, r, C_SERIES, caption->str);
                goto done;
            }
    }
    st = k->build(x, k, &req, &f, &q);
    if (!st && q.reject_why)
        st = reject_row(x, cat, r, q.reject_col, q.reject_why);
    if (st || q.reject_why)
        goto done;
    if (k->build == kind_rates)
        r_nser = 1; /* the catalogue's series are the rows of one series */
    if (f.n == 0) { /* rows, but none to show (e.g. no two codes applied together) */
        g_string_append_printf(x->skipped, "%s%s", x->n_skipped++ ? ", " : "", fig);
        goto done;
    }
    figure_typo(x, &f, &q);
    int questionnaire = k->kind == PV_CHART_LIKERT || k->kind == PV_CHART_DOT_CI ||
                        k->kind == PV_CHART_HEATMAP;
    source_note(note, sizeof note, x, q.n_total, q.hidden,
                pv_vtable_str(cat, r, en ? C_SOURCE_EN : C_SOURCE_FR), k->kind == PV_CHART_LIKERT);
    if (q.ref_note) { /* what the reference line is */
        size_t len = strlen(note);
        snprintf(note + len, sizeof note - len, " %s", q.ref_note);
    }
    pv_chart_spec spec = {
        .kind = k->kind,
        .lang = x->lang,
        .title = typo(x, &q, pv_vtable_str(cat, r, en ? C_TITLE_EN : C_TITLE_FR)),
        .subtitle = typo(x, &q, pv_vtable_str(cat, r, en ? C_SUB_EN : C_SUB_FR)),
        .note = typo(x, &q, note),
        .value_axis = typo(x, &q, pv_vtable_str(cat, r, en ? C_AXIS_EN : C_AXIS_FR)),
        .n_cat = f.n,
        .cat_labels = f.label,
        .n_ser = q.nser,
        .ser_labels = q.serl,
        .values = f.v,
        .value_text = (const char *const *)f.text,
        .neutral = q.neutral,
    };
    if (questionnaire) {
        spec.cat_note = k->kind == PV_CHART_HEATMAP ? NULL : q.note; /* LIKERT's n, a
                                                                           rate's counts */
        spec.cat_group = q.group;
        spec.cat_panel = k->kind == PV_CHART_LIKERT ? q.panel : NULL;
    }
    if (k->kind == PV_CHART_HEATMAP && q.slot) { /* categorical cells */
        spec.cell_slot = q.slot;
        spec.n_key = q.n_key;
        spec.key_labels = q.key_label;
        spec.key_slots = q.key_slot;
        spec.cat_note = q.note;
    }
    if (k->kind == PV_CHART_HBAR || k->kind == PV_CHART_DOT_CI)
        spec.cell_slot = q.bar_slot; /* categories that have their colours */
    if (k->kind == PV_CHART_HEATMAP) {
        spec.value_is_pct = k->pct;
        spec.heat_diagonal_blank = k->diagonal ? 2 : 0; /* the lower triangle */
        if (spec.heat_diagonal_blank)
            spec.value_decimals = 2; /* Jaccard coefficients */
        spec.value_text = (const char *const *)f.text; /* NULL cells: numbers */
    }
    if (k->kind == PV_CHART_FLOW)
        spec.flow_part = q.flow_part;
    if (k->kind == PV_CHART_DOT_CI) {
        spec.ci_low = q.lo;
        spec.ci_high = q.hi;
        spec.value_is_pct = k->pct;
        spec.value_decimals = spec.value_is_pct ? 0 : 1;
        if (spec.value_is_pct)
            spec.axis_min = 0, spec.axis_max = 1;
        double lo = pv_vtable_val(cat, r, C_AXIS_MIN).d, hi = pv_vtable_val(cat, r, C_AXIS_MAX).d;
        if (!isnan(lo) && !isnan(hi))
            spec.axis_min = lo, spec.axis_max = hi;
        if (k->ref == REF_CHANCE)
            spec.ref_on = 1, spec.ref_value = 0;
        else if (k->ref == REF_THRESHOLD)
            spec.ref_on = 1, spec.ref_value = 0.7, spec.value_decimals = 1;
        else if (k->ref == REF_MIDDLE && !isnan(lo) && !isnan(hi))
            spec.ref_on = 1, spec.ref_value = (lo + hi) / 2;
        else if (k->ref == REF_ZERO) {
            spec.ref_on = 1, spec.ref_value = 0;
            if (isnan(lo) || isnan(hi))
                symmetric_axis(&f, &q, &spec.axis_min, &spec.axis_max);
        }
        else if (q.ref_on) /* from the data: an overall share */
            spec.ref_on = 1, spec.ref_value = q.ref_value;
    }
    if (k->kind == PV_CHART_TILEMAP) {
        int blank = 0;
        spec.value_is_pct = 1;
        spec.tile_col = q.tile_col;
        spec.tile_row = q.tile_row;
        spec.tile_blank = q.tile_blank;
        for (int c = 0; c < f.n; c++)
            blank |= q.tile_blank[c];
        if (blank) { /* the grey tiles, said in the legend and the note */
            spec.blank_label = typo(x, &q, pv_msg(x->msg, "tile.no_territory", x->lang));
            size_t len = strlen(note);
            snprintf(note + len, sizeof note - len, " %s",
                     pv_msg(x->msg, "note.no_territory", x->lang));
            spec.note = typo(x, &q, note);
        }
    }
    if (k->kind == PV_CHART_TIMELINE) {
        spec.value_text = NULL;
        spec.n_event = q.n_event;
        spec.event_row = q.ev_row;
        spec.event_start = q.ev_start;
        spec.event_end = q.ev_end;
        spec.ser_slot = q.row_slot;
    }
    int slots[MAX_SERIES], sa, sb;
    if (k->kind != PV_CHART_LIKERT && k->kind != PV_CHART_HEATMAP &&
        k->kind != PV_CHART_TILEMAP && k->kind != PV_CHART_TIMELINE && q.nser == nser) {
        if (series_slots(x, ser, nser, slots, &sa, &sb)) {
            g_string_printf(caption, "series %s and %s have the same colour (slot %d of colours.csv)",
                            ser[sa], ser[sb], slots[sa]);
            st = reject_row(x, cat, r, C_SERIES, caption->str);
            goto done;
        }
        spec.ser_slot = slots;
    }
    {
        /* the alt text: also the SVG's <desc> and the PDF's Subject */
        int what = k->kind == PV_CHART_TIMELINE ? 0
                   : k->kind == PV_CHART_TILEMAP ? 'e'
                   : k->kind == PV_CHART_HEATMAP ? (q.slot ? 'd' : k->diagonal ? 0 : 'c')
                   : k->kind == PV_CHART_FLOW ? 'f'
                   : r_nser > 1 ? 'c' : k->kind == PV_CHART_LIKERT ? 0 : 'e';
        if (k->ref == REF_ZERO) /* forest: a pair's label without its construct
                                 * would mislead, and two of them overflow */
            what = 0;
        snprintf(path, sizeof path, "kind.%s", k->name);
        snprintf(note, sizeof note, "%s.csv", fig);
        alt_text(alt, x, pv_msg(x->msg, path, x->lang), spec.title, &f, serl, r_nser, what,
                 note); /* the groups as the catalogue names them */
        spec.alt = typo(x, &q, alt->str);
        spec.author = x->cfg->title[x->lang];
    }
    snprintf(base, sizeof base, "%s/%s", x->o->out, fig);
    /* the files, and the book's page: the figure (title, source note)
     * under its number, as in a report; laid out once for both */
    g_string_printf(caption, "Figure %d", x->number + 1);
    if ((st = pv_chart_render_book(&spec, base, x->book, caption->str, NULL, x->err)))
        goto done;
    x->number++;
    if ((st = write_figure_data(x, base, &f, &q)))
        goto done;

    /* the caption: what the title does not say (unit, n, signs, source) */
    g_string_printf(caption, "%s. %s", spec.subtitle, spec.note);
    pv_csvw_str(x->captions, fig);
    pv_csvw_str(x->captions, spec.title);
    pv_csvw_str(x->captions, caption->str);
    pv_csvw_str(x->captions, spec.alt);
    if (strncmp(data, "../", 3) == 0) /* a level-2 table */
        snprintf(path, sizeof path, "%s", data + 3);
    else
        snprintf(path, sizeof path, "level1/%s", data); /* relative to --in */
    pv_csvw_str(x->captions, path);
    snprintf(path, sizeof path, "%s.csv", fig); /* beside the figure */
    pv_csvw_str(x->captions, path);
    pv_csvw_end(x->captions);
done:
    x->sub = NULL;
    figdata_free(&f, q.nser ? q.nser : nser);
    qfig_free(&q);
    g_string_free(alt, TRUE);
    g_string_free(caption, TRUE);
    return st;
}

/* The messages the figures use: every one is checked when the catalogue
 * is read, so none is missing from a figure. */
static int load_messages(pv_messages *m, const char *path, pv_err *err)
{
    static const char *const fixed[] = {
        "category.agreement", "category.partial_agreement", "category.silence",
        "category.dissonance", "rating.supports", "rating.partly_supports", "rating.contradicts",
        "rating.silent", "source.participation", "source.questionnaire", "source.qualitative",
        "joint.category", "codes.all", "note.source", "note.below_threshold", "note.hidden",
        "note.not_asked", "note.undefined", "note.hatched", "symbol.suppressed", "symbol.not_asked",
        "symbol.undefined", "alt.compares", "alt.extremes", "alt.dissonance", "alt.steps", "alt.data",
        "alt.and", "book.contents", "note.reference", "rates.of",
        "rates.respondents", "tile.no_territory", "note.no_territory"};
    enum { NFIXED = sizeof fixed / sizeof *fixed };
    char names[NKINDS][64];
    const char *need[NFIXED + NKINDS];
    for (size_t i = 0; i < NFIXED; i++)
        need[i] = fixed[i];
    for (size_t i = 0; i < NKINDS; i++) {
        snprintf(names[i], sizeof names[i], "kind.%s", kinds[i].name);
        need[NFIXED + i] = names[i];
    }
    return pv_messages_load(m, path, need, NFIXED + NKINDS, err);
}

int pv_figures_run(const pv_figures_opts *o, pv_err *err)
{
    pv_messages msg = {0};
    pv_config cfg = {0};
    pv_codes codes = {0};
    pv_vtable cat = {0}, colours = {0};
    pv_rejects rej = {0};
    pv_vctx ctx = {0};
    pv_csvw captions;
    char path[4096];
    int st;

    ctx.decimal = '.'; /* the catalogue's axis limits */
    if ((st = load_messages(&msg, o->messages ? o->messages : PV_MESSAGES_DEFAULT, err)))
        goto out_cfg;
    snprintf(path, sizeof path, "%s/clean/config.csv", o->in);
    if ((st = pv_config_load(&cfg, path, path, &rej, err)))
        goto out_cfg;
    snprintf(path, sizeof path, "%s/clean/codes.csv", o->in);
    if ((st = pv_codes_load(&codes, path, path, &ctx, &rej, err)))
        goto out_cat;
    if ((st = pv_output_dir(o->out, err)))
        goto out_cat;
    run x = {.o = o, .msg = &msg, .cfg = &cfg, .codes = &codes, .lang = o->lang >= 0 ? (pv_lang)o->lang : cfg.lang,
             .captions = &captions, .rej = &rej, .skipped = g_string_new(NULL),
             .colours = o->colours ? &colours : NULL, .err = err};
    snprintf(path, sizeof path, "%s/figures.pdf", o->out);
    x.book = pv_chart_book_open(path, cfg.title[x.lang], pv_msg(&msg, "book.contents", x.lang),
                                x.lang);
    snprintf(path, sizeof path, "%s/captions.csv", o->out);
    pv_csvw_open(&captions, path, err);
    pv_csvw_header(&captions, captions_cols, CAP_NCOLS);
    /* A malformed catalogue row is rejected, as in ingest: the other rows
     * are drawn, the rejects go to OUT/rejects.csv and the exit status is 1. */
    size_t before = rej.n;
    if (o->colours) /* its rejected rows too go to OUT/rejects.csv */
        st = pv_vtable_load(&colours, "colours", colours_cols, K_NCOLS, o->colours, o->colours,
                            &ctx, &rej, err);
    /* The default catalogues come first (the project's, and those a stage
     * made from its source's declarations), unless the dataset replaces
     * them (config.csv: default_figures,no); a missing one is none (the
     * dataset lacks that source). */
    int nd = cfg.default_figures ? o->n_defaults : 0;
    /* figure name -> "file:line" where it was first defined: a name
     * defined twice is rejected (its figure files would overwrite) */
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (int c = -nd; c < o->n_catalogues && !st; c++) {
        const char *file = c < 0 ? o->defaults[nd + c] : o->catalogues[c];
        struct stat sb;
        pv_vtable_free(&cat);
        if (c < 0 && stat(file, &sb) != 0)
            continue;
        if ((st = pv_vtable_load(&cat, "figures", catalogue_cols, C_NCOLS, file, file, &ctx,
                                 &rej, err)))
            break;
        for (size_t r = 0; r < cat.n && !st; r++) {
            const char *fig = pv_vtable_str(&cat, r, C_FIGURE);
            const char *first = g_hash_table_lookup(names, fig);
            if (first) {
                char why[1024];
                snprintf(why, sizeof why, "figure defined twice (first at %s)", first);
                st = reject_row(&x, &cat, r, C_FIGURE, why);
                continue;
            }
            g_hash_table_insert(names, g_strdup(fig),
                                g_strdup_printf("%s:%ld", file, cat.raw.line[cat.src[r]]));
            st = draw_figure(&x, &cat, r);
        }
    }
    g_hash_table_destroy(names);
    if (!st) {
        pv_rejects_sort(&rej);
        pv_rejects_print(&rej, 10, o->out);
        snprintf(path, sizeof path, "%s/rejects.csv", o->out);
        st = pv_rejects_write(&rej, path, NULL, err);
    }
    if (st)
        captions.failed = 1; /* no captions file for a partial set */
    int bst = pv_chart_book_close(x.book, err);
    int cst = pv_csvw_close(&captions);
    cst = cst ? cst : bst;
    st = st ? st : cst;
    if (!st && rej.n > before)
        st = PV_EXIT_DATA; /* pv_stage prints nothing more: the rejects were printed */
    if (x.n_skipped)
        pv_warn("%zu figure%s of the catalogue skipped, nothing to draw (%s table is not in "
                "%s/level1, or has no rows to show): %s", x.n_skipped, x.n_skipped == 1 ? "" : "s",
                x.n_skipped == 1 ? "its" : "their", o->in, x.skipped->str);
    g_string_free(x.skipped, TRUE);
out_cat:
    pv_vtable_free(&cat);
    pv_vtable_free(&colours);
    pv_codes_free(&codes);
out_cfg:
    pv_config_free(&cfg);
    pv_messages_free(&msg);
    pv_rejects_free(&rej);
    return st;
}
