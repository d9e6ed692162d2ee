/* chart.c — the report's chart toolkit on cairo + pango (see chart.h).
 *
 * Workload: a few dozen figures per run, each with at most a few hundred
 * categories.  Clarity beats speed: every figure is laid out by one drawing
 * walk (ch_draw) that is run first without a target, to measure the page
 * height, then once per output format on a real cairo surface.  Because the
 * measuring and the drawing are the same code with the same fonts, what was
 * measured is what is drawn.
 *
 * Determinism.  Each render builds its own fontconfig configuration that
 * holds only the theme's font files (found once through the system
 * configuration), its own pango font map and context, with fixed font
 * options (no hinting, unhinted metrics, grey antialiasing), a fixed
 * language and resolution.  So the user's fontconfig rules, LANG and
 * whatever the process rendered before cannot change the output.  PDFs carry
 * no creation date; SVG ids are per document; PNGs carry no time chunk.
 *
 * Units: points (1/72 in) everywhere; the PNG is drawn with a scale of 2.
 */
#include "chart.h"
#include "fmt.h"
#include "stage.h"
#include "xalloc.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

/* ------------------------------------------------------------------------
 * Theme
 * ------------------------------------------------------------------------ */

#define CH_FONT_FAMILY "Lato"       /* Debian package fonts-lato */
#define CH_FONT_PACKAGE "fonts-lato"

#define CH_W 454.0         /* page width: 16 cm, rounded up to a whole pt */
#define CH_PAD 6.0         /* page margin */
#define CH_GAP 8.0         /* vertical gap between blocks */
#define CH_PLOT_H 190.0    /* plot height of vertical bar and line charts */
#define CH_BAR 14.0        /* thickness of a single or stacked bar */
#define CH_BAR_GROUPED 10.0 /* thickness of each bar of a group */
#define CH_CAT_MAX 0.40    /* HBAR label column: at most this share of width */
#define CH_PNG_SCALE 2.0   /* PNG pixels per point */
#define CH_MAX_H 16000.0   /* tallest page, pt (PNG limit is 32767 px) */
#define CH_MAX_SER 8       /* one colour per series, never reused */
#define CH_MAX_CAT 1000
#define CH_MARKERS_MAX 24  /* line charts: markers drawn up to this n_cat
                              (isolated points always get one) */
#define CH_DOT_R 3.0       /* DOT_CI: marker radius */
#define CH_DOT_PITCH 9.0   /* DOT_CI: distance between dodged series */
#define CH_WHISKER 1.4     /* DOT_CI: whisker line width */
#define CH_NOTE_MAX 0.24   /* cat_note column: at most this share of width */
#define CH_CAT_MAX_NOTES 0.34 /* label column beside a cat_note column */
#define CH_PANEL_GAP 14.0  /* space above a panel header */
#define CH_HEAT_MAX_SER 30 /* HEATMAP: most columns */
#define CH_HEAT_COL_MIN 10.5 /* HEATMAP: narrowest column (one turned header
                                line); the row labels give way to it */
#define CH_HEAT_ROW 18.0   /* HEATMAP: lowest row */
#define CH_HEAT_HEAD_LINES 3 /* HEATMAP: most lines of a column header */
#define CH_HEAT_KEY_W 140.0 /* HEATMAP: length of the colour legend's bar */
#define CH_HEAT_KEY_H 8.0  /* HEATMAP: its thickness */

typedef struct {
    double r, g, b;
} ch_rgb;

#define CH_HEX(x) {((x) >> 16 & 255) / 255.0, ((x) >> 8 & 255) / 255.0, \
                   ((x) & 255) / 255.0}

/* Okabe & Ito (2008), ordered so that series drawn together stay apart
 * in greyscale too: blue, orange and black first (CIE L* 46, 71 and 0:
 * at least 24 apart pairwise), and any two adjacent slots at least 12
 * apart (tests/unit/test_chart.c checks it).  Slots are the palette's
 * indices (chart.h, ser_slot; data/colours.csv). */
static const ch_rgb ch_palette[PV_CHART_SLOTS] = {
    CH_HEX(0x0072B2), CH_HEX(0xE69F00), CH_HEX(0x000000), CH_HEX(0x009E73),
    CH_HEX(0x56B4E9), CH_HEX(0xD55E00), CH_HEX(0xF0E442), CH_HEX(0xCC79A7),
};

/* LIKERT: ColorBrewer BrBG (Brewer & Harrower; colour-blind safe), one
 * ramp per side, from the centre outwards, chosen by the number k of
 * categories on that side (row k - 1).  The palest BrBG classes come only
 * with 5 categories on a side: they vanish on white.  The neutral category
 * is a grey as light as the centre classes, so no side looks heavier. */
#define CH_LIKERT_SIDE 5    /* most categories on one side */
#define CH_LIKERT_MAX_SER 7 /* most answer categories */
static const ch_rgb ch_likert_neg[CH_LIKERT_SIDE][CH_LIKERT_SIDE] = {
    {CH_HEX(0xBF812D)},
    {CH_HEX(0xDFC27D), CH_HEX(0xA6611A)},
    {CH_HEX(0xDFC27D), CH_HEX(0xBF812D), CH_HEX(0x8C510A)},
    {CH_HEX(0xDFC27D), CH_HEX(0xBF812D), CH_HEX(0x8C510A), CH_HEX(0x543005)},
    {CH_HEX(0xF6E8C3), CH_HEX(0xDFC27D), CH_HEX(0xBF812D), CH_HEX(0x8C510A),
     CH_HEX(0x543005)},
};
static const ch_rgb ch_likert_pos[CH_LIKERT_SIDE][CH_LIKERT_SIDE] = {
    {CH_HEX(0x35978F)},
    {CH_HEX(0x80CDC1), CH_HEX(0x018571)},
    {CH_HEX(0x80CDC1), CH_HEX(0x35978F), CH_HEX(0x01665E)},
    {CH_HEX(0x80CDC1), CH_HEX(0x35978F), CH_HEX(0x01665E), CH_HEX(0x003C30)},
    {CH_HEX(0xC7EAE5), CH_HEX(0x80CDC1), CH_HEX(0x35978F), CH_HEX(0x01665E),
     CH_HEX(0x003C30)},
};
static const ch_rgb ch_likert_neutral = CH_HEX(0xC4C4C4);

/* HEATMAP: ColorBrewer Blues, 9 classes (sequential, colour-blind safe,
 * lightness falls monotonically, so it survives greyscale printing); cells
 * are interpolated linearly between them.  Suppressed (NAN) cells: a grey
 * hatch, outside the ramp's hue. */
#define CH_HEAT_STOPS 9
static const ch_rgb ch_heat_ramp[CH_HEAT_STOPS] = {
    CH_HEX(0xF7FBFF), CH_HEX(0xDEEBF7), CH_HEX(0xC6DBEF), CH_HEX(0x9ECAE1),
    CH_HEX(0x6BAED6), CH_HEX(0x4292C6), CH_HEX(0x2171B5), CH_HEX(0x08519C),
    CH_HEX(0x08306B),
};
static const ch_rgb ch_heat_nan = CH_HEX(0xF0F0F0);
static const ch_rgb ch_heat_hatch_ink = CH_HEX(0xBDBDBD);

static const ch_rgb ch_ink = CH_HEX(0x222222);   /* main text */
static const ch_rgb ch_grey = CH_HEX(0x5A5A5A);  /* subtitle, ticks, note */
static const ch_rgb ch_grid = CH_HEX(0xDDDDDD);  /* grid lines */
static const ch_rgb ch_axis = CH_HEX(0x8C8C8C);  /* zero line */
static const ch_rgb ch_white = CH_HEX(0xFFFFFF);

typedef enum {
    CH_TITLE, CH_SUBTITLE, CH_CAT, CH_TICK, CH_VALUE, CH_LEGEND, CH_AXIS,
    CH_NOTE, CH_GROUP, CH_PANEL, CH_HEAD, CH_CELL_SMALL, CH_N_STYLES
} ch_style;

static const struct {
    double size; /* pt */
    int bold;
    const ch_rgb *color;
} ch_styles[CH_N_STYLES] = {
    [CH_TITLE] = {11.5, 1, &ch_ink},   [CH_SUBTITLE] = {9.0, 0, &ch_grey},
    [CH_CAT] = {8.5, 0, &ch_ink},      [CH_TICK] = {7.5, 0, &ch_grey},
    [CH_VALUE] = {7.5, 0, &ch_ink},    [CH_LEGEND] = {8.5, 0, &ch_ink},
    [CH_AXIS] = {7.5, 0, &ch_grey},    [CH_NOTE] = {7.0, 0, &ch_grey},
    [CH_GROUP] = {8.5, 1, &ch_ink},    [CH_PANEL] = {10.0, 1, &ch_ink},
    [CH_HEAD] = {8.0, 0, &ch_ink},     /* HEATMAP column headers */
    [CH_CELL_SMALL] = {6.5, 0, &ch_ink}, /* HEATMAP texts in narrow cells */
};

/* ------------------------------------------------------------------------
 * The chart being rendered
 * ------------------------------------------------------------------------ */

typedef struct {
    const pv_chart_spec *s;
    PangoFontMap *fm;     /* owned; private to this render */
    PangoContext *pc;     /* owned */
    cairo_t *cr;          /* borrowed target; NULL while measuring */
    double h;             /* page height, pt, set by the measuring pass */
    double lo, hi, step;  /* value axis: first and last tick, step */
    int tick_dec;         /* decimals of tick labels */
    int tick_every;       /* LIKERT, DOT_CI: label every k-th tick only
                             (grid lines stay on every tick) */
    double x0, x1, y0, y1; /* plot area */
    double a, b;          /* value v sits at a + b * v (x or y) */
} ch_chart;

/* Palette slot of series s: the caller's (ser_slot) or s. */
static int ch_ser_slot(const ch_chart *ch, int s)
{
    return ch->s->ser_slot ? ch->s->ser_slot[s] : s;
}

static const ch_rgb *ch_slot_color(const ch_chart *ch, int s)
{
    return &ch_palette[ch_ser_slot(ch, s)];
}

static double ch_value(const ch_chart *ch, int ser, int cat)
{
    return ch->s->values[(size_t)ser * (size_t)ch->s->n_cat + (size_t)cat];
}

/* Caller's text for a cell, or NULL.  Bars of suppressed (NaN) cells always
 * get a text: the caller's, or an em dash when it gave none. */
static const char *ch_cell_text(const ch_chart *ch, int ser, int cat)
{
    const char *t = NULL;

    if (ch->s->value_text)
        t = ch->s->value_text[(size_t)ser * (size_t)ch->s->n_cat + (size_t)cat];
    if (t && !*t)
        t = NULL; /* "" means no text for this cell */
    if (!t && isnan(ch_value(ch, ser, cat)) && ch->s->kind != PV_CHART_LINE &&
        ch->s->kind != PV_CHART_DOT_CI)
        t = "x"; /* suppressed (Statistics Canada's and ISQ's sign) */
    return t;
}

static double ch_map(const ch_chart *ch, double v)
{
    return ch->a + ch->b * v;
}

static int ch_is_vertical(const ch_chart *ch)
{
    return ch->s->kind == PV_CHART_VBAR_STACKED || ch->s->kind == PV_CHART_LINE;
}

static int ch_is_stacked(const ch_chart *ch)
{
    return ch->s->kind == PV_CHART_HBAR_STACKED ||
           ch->s->kind == PV_CHART_VBAR_STACKED;
}

/* The questionnaire kinds: rows of items, with group and panel headers. */
static int ch_is_rows(const ch_chart *ch)
{
    return ch->s->kind == PV_CHART_LIKERT || ch->s->kind == PV_CHART_DOT_CI;
}

/* LIKERT: first series right of the centre, and the number of series on
 * each side of it. */
static int ch_likert_pos0(const pv_chart_spec *s)
{
    return s->neutral >= 0 ? s->neutral + 1 : s->n_ser / 2;
}

static int ch_likert_n_neg(const pv_chart_spec *s)
{
    return s->neutral >= 0 ? s->neutral : s->n_ser / 2;
}

/* Colour of series s: Okabe–Ito, or the BrBG ramps of LIKERT (a valid spec
 * has 1..CH_LIKERT_SIDE series on each side). */
static const ch_rgb *ch_ser_color(const ch_chart *ch, int s)
{
    const pv_chart_spec *sp = ch->s;
    int n_neg, pos0, n_pos;

    if (sp->kind != PV_CHART_LIKERT)
        return ch_slot_color(ch, s);
    if (s == sp->neutral)
        return &ch_likert_neutral;
    n_neg = ch_likert_n_neg(sp);
    pos0 = ch_likert_pos0(sp);
    n_pos = sp->n_ser - pos0;
    if (s < n_neg)
        return &ch_likert_neg[n_neg - 1][n_neg - 1 - s];
    return &ch_likert_pos[n_pos - 1][s - pos0];
}

/* ------------------------------------------------------------------------
 * Spec validation
 * ------------------------------------------------------------------------ */

static int ch_str_check(const char *what, int i, const char *s, int may_be_null,
                        pv_err *err)
{
    if (!s && may_be_null)
        return 0;
    if (!s)
        return pv_err_set(err, PV_EXIT_DATA, "chart: %s %d is NULL", what, i);
    if (!g_utf8_validate(s, -1, NULL))
        return pv_err_set(err, PV_EXIT_DATA, "chart: %s %d is not valid UTF-8",
                          what, i);
    return 0;
}

static int ch_spec_check_counts(const pv_chart_spec *s, pv_err *err)
{
    int max_ser = s->kind == PV_CHART_HEATMAP ? CH_HEAT_MAX_SER : CH_MAX_SER;

    if ((unsigned)s->kind > PV_CHART_HEATMAP)
        return pv_err_set(err, PV_EXIT_DATA, "chart: unknown kind %d",
                          (int)s->kind);
    if (s->lang != PV_LANG_FR && s->lang != PV_LANG_EN)
        return pv_err_set(err, PV_EXIT_DATA, "chart: unknown language %d",
                          (int)s->lang);
    if (s->n_ser < 1 || s->n_ser > max_ser)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: %d series (must be 1 to %d)", s->n_ser,
                          max_ser);
    if (s->n_cat < 0 || s->n_cat > CH_MAX_CAT)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: %d categories (must be 0 to %d)", s->n_cat,
                          CH_MAX_CAT);
    if (s->value_decimals < 0 || s->value_decimals > 6)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: value_decimals %d (must be 0 to 6)",
                          s->value_decimals);
    if (s->n_cat > 0 && (!s->cat_labels || !s->values))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: %s is NULL", s->values ? "cat_labels" : "values");
    if (s->n_ser > 1 && !s->ser_labels)
        return pv_err_set(err, PV_EXIT_DATA, "chart: ser_labels is NULL");
    for (int i = 0; s->ser_slot && i < s->n_ser; i++)
        if (s->ser_slot[i] < 0 || s->ser_slot[i] >= PV_CHART_SLOTS)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: series %d has palette slot %d (must be "
                              "0 to %d)", i + 1, s->ser_slot[i],
                              PV_CHART_SLOTS - 1);
    return 0;
}

static int ch_spec_check_cells(const pv_chart_spec *s, pv_err *err)
{
    size_t i, n = (size_t)s->n_ser * (size_t)s->n_cat;

    for (i = 0; i < n; i++) {
        if (isinf(s->values[i]))
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: value of series %zu, category %zu is "
                              "infinite", i / (size_t)s->n_cat + 1,
                              i % (size_t)s->n_cat + 1);
        int rc = s->value_text ? ch_str_check("value_text", (int)i + 1,
                                              s->value_text[i], 1, err)
                               : 0;
        if (rc)
            return rc;
    }
    return 0;
}

/* Fields of the questionnaire kinds and of HEATMAP given to a kind that
 * does not draw them: an error, so the caller learns they would be
 * ignored. */
static int ch_spec_check_fields(const pv_chart_spec *s, pv_err *err)
{
    int rows = s->kind == PV_CHART_LIKERT || s->kind == PV_CHART_DOT_CI;
    int dot = s->kind == PV_CHART_DOT_CI;
    int heat = s->kind == PV_CHART_HEATMAP;

    if (heat && ((s->cat_note && !s->cell_slot) || s->cat_panel))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: HEATMAP draws cat_group, cat_note only "
                          "with cell_slot, and never cat_panel");
    if (!rows && !heat && (s->cat_note || s->cat_group || s->cat_panel))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: cat_note, cat_group and cat_panel are drawn "
                          "only by LIKERT and DOT_CI charts (cat_group also "
                          "by HEATMAP)");
    if (!heat && s->heat_diagonal_blank)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: heat_diagonal_blank is drawn only by "
                          "HEATMAP charts");
    if (!heat && (s->cell_slot || s->n_key || s->key_labels || s->key_slots))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: cell_slot, n_key, key_labels and key_slots "
                          "are drawn only by HEATMAP charts");
    if (!dot && (s->ci_low || s->ci_high || s->axis_min != 0 ||
                 s->axis_max != 0))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: ci_low, ci_high, axis_min and axis_max are "
                          "drawn only by DOT_CI charts");
    return 0;
}

static int ch_spec_check_likert(const pv_chart_spec *s, pv_err *err)
{
    size_t i, n = (size_t)s->n_ser * (size_t)s->n_cat;

    if (s->n_ser < 2 || s->n_ser > CH_LIKERT_MAX_SER)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: LIKERT with %d answer categories (must be 2 "
                          "to %d)", s->n_ser, CH_LIKERT_MAX_SER);
    if (s->neutral == -1 && s->n_ser % 2 != 0)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: LIKERT: %d answer categories and no neutral "
                          "one (neutral = -1): the centre needs an even "
                          "number", s->n_ser);
    if (s->neutral != -1 && (s->neutral < 1 || s->neutral > s->n_ser - 2))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: LIKERT: neutral %d (must be -1 for a scale "
                          "without neutral answer, or the index of the "
                          "neutral series, 1 to %d)", s->neutral, s->n_ser - 2);
    if (ch_likert_n_neg(s) > CH_LIKERT_SIDE ||
        s->n_ser - ch_likert_pos0(s) > CH_LIKERT_SIDE)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: LIKERT: more than %d answer categories on "
                          "one side of neutral %d", CH_LIKERT_SIDE, s->neutral);
    for (i = 0; i < n; i++)
        if (s->values[i] < 0 || s->values[i] > 1 + 1e-6) /* false for NAN */
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: LIKERT: share %g of series %zu, category "
                              "%zu is not in 0..1", s->values[i],
                              i / (size_t)s->n_cat + 1, i % (size_t)s->n_cat + 1);
    return 0;
}

static int ch_spec_check_dot(const pv_chart_spec *s, pv_err *err)
{
    size_t i, n = (size_t)s->n_ser * (size_t)s->n_cat;

    if (!isfinite(s->axis_min) || !isfinite(s->axis_max) ||
        ((s->axis_min != 0 || s->axis_max != 0) && s->axis_min >= s->axis_max))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: DOT_CI: axis from %g to %g (both 0 for an "
                          "automatic axis, or axis_min < axis_max)",
                          s->axis_min, s->axis_max);
    if (s->n_cat > 0 && (!s->ci_low || !s->ci_high))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: DOT_CI: %s is NULL (NAN cells draw no "
                          "whisker)", s->ci_low ? "ci_high" : "ci_low");
    for (i = 0; i < n; i++) {
        double lo = s->ci_low[i], hi = s->ci_high[i];
        if (isinf(lo) || isinf(hi) || lo > hi) /* false for NAN */
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: DOT_CI: interval %g to %g of series %zu, "
                              "category %zu", lo, hi, i / (size_t)s->n_cat + 1,
                              i % (size_t)s->n_cat + 1);
    }
    return 0;
}

static int ch_spec_check_heat(const pv_chart_spec *s, pv_err *err)
{
    size_t i, n = (size_t)s->n_ser * (size_t)s->n_cat;
    int rc;

    /* the header of a single column (more are checked with every kind) */
    if (s->n_ser == 1 && s->ser_labels &&
        (rc = ch_str_check("ser_labels", 1, s->ser_labels[0], 0, err)))
        return rc;
    if (s->heat_diagonal_blank < 0 || s->heat_diagonal_blank > 2)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: HEATMAP: heat_diagonal_blank %d (must be 0, "
                          "1 or 2)", s->heat_diagonal_blank);
    if (s->n_key < 0 || s->n_key > CH_MAX_SER ||
        (s->n_key > 0 && (!s->key_labels || !s->key_slots)))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: HEATMAP: %d legend keys (must be 0 to %d, "
                          "with key_labels and key_slots)", s->n_key,
                          CH_MAX_SER);
    for (i = 0; i < (size_t)s->n_key; i++) {
        if ((rc = ch_str_check("key_labels", (int)i + 1, s->key_labels[i], 0,
                               err)))
            return rc;
        if (s->key_slots[i] < -1 || s->key_slots[i] >= PV_CHART_SLOTS)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: HEATMAP: key %zu has slot %d (must be -1 "
                              "to %d)", i + 1, s->key_slots[i],
                              PV_CHART_SLOTS - 1);
    }
    for (i = 0; s->cell_slot && i < n; i++)
        if (s->cell_slot[i] < -1 || s->cell_slot[i] >= PV_CHART_SLOTS)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: HEATMAP: cell %zu has slot %d (must be "
                              "-1 to %d)", i + 1, s->cell_slot[i],
                              PV_CHART_SLOTS - 1);
    if (s->heat_diagonal_blank && s->n_ser != s->n_cat)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: HEATMAP: a blank diagonal needs a square "
                          "matrix (%d columns, %d rows)", s->n_ser, s->n_cat);
    for (i = 0; i < n; i++)
        if (s->values[i] < 0 ||
            (s->value_is_pct && s->values[i] > 1 + 1e-6)) /* false for NAN */
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: HEATMAP: value %g of column %zu, row %zu "
                              "is %s", s->values[i], i / (size_t)s->n_cat + 1,
                              i % (size_t)s->n_cat + 1,
                              s->values[i] < 0 ? "negative"
                                               : "a share above 1");
    return 0;
}

/* The questionnaire kinds' and HEATMAP's own fields. */
static int ch_spec_check_rows(const pv_chart_spec *s, pv_err *err)
{
    int i, rc;

    if ((rc = ch_spec_check_fields(s, err)))
        return rc;
    for (i = 0; i < s->n_cat; i++)
        if ((s->cat_note &&
             (rc = ch_str_check("cat_note", i + 1, s->cat_note[i], 1, err))) ||
            (s->cat_group &&
             (rc = ch_str_check("cat_group", i + 1, s->cat_group[i], 1, err))) ||
            (s->cat_panel &&
             (rc = ch_str_check("cat_panel", i + 1, s->cat_panel[i], 1, err))))
            return rc;
    if (s->kind == PV_CHART_LIKERT)
        return ch_spec_check_likert(s, err);
    if (s->kind == PV_CHART_DOT_CI)
        return ch_spec_check_dot(s, err);
    if (s->kind == PV_CHART_HEATMAP)
        return ch_spec_check_heat(s, err);
    return 0;
}

/* Return 0 if the spec can be drawn, else set *err (PV_EXIT_DATA). */
static int ch_spec_check(const pv_chart_spec *s, pv_err *err)
{
    int i, rc;

    if (!s)
        return pv_err_set(err, PV_EXIT_DATA, "chart: spec is NULL");
    if ((rc = ch_spec_check_counts(s, err)))
        return rc;
    if (!s->title)
        return pv_err_set(err, PV_EXIT_DATA, "chart: title is NULL");
    if ((rc = ch_str_check("title", 1, s->title, 0, err)) ||
        (rc = ch_str_check("subtitle", 1, s->subtitle, 1, err)) ||
        (rc = ch_str_check("note", 1, s->note, 1, err)) ||
        (rc = ch_str_check("value_axis", 1, s->value_axis, 1, err)) ||
        (rc = ch_str_check("alt", 1, s->alt, 1, err)) ||
        (rc = ch_str_check("author", 1, s->author, 1, err)))
        return rc;
    for (i = 0; i < s->n_cat; i++)
        if ((rc = ch_str_check("cat_labels", i + 1, s->cat_labels[i], 0, err)))
            return rc;
    for (i = 0; s->n_ser > 1 && i < s->n_ser; i++)
        if ((rc = ch_str_check("ser_labels", i + 1, s->ser_labels[i], 0, err)))
            return rc;
    if ((rc = ch_spec_check_cells(s, err)))
        return rc;
    return ch_spec_check_rows(s, err);
}

/* ------------------------------------------------------------------------
 * Fonts: a private fontconfig holding only the theme's files
 * ------------------------------------------------------------------------ */

/* Path of the system's CH_FONT_FAMILY file with that weight, upright and of
 * normal width; the smallest path if several (deterministic).  Returns a
 * string the caller frees with g_free, or NULL if none is installed. */
static char *ch_font_file_find(int weight)
{
    FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, CH_FONT_FAMILY,
                                    FC_WEIGHT, FcTypeInteger, weight,
                                    FC_SLANT, FcTypeInteger, FC_SLANT_ROMAN,
                                    (char *)NULL);
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, (char *)NULL);
    FcFontSet *fs = pat && os ? FcFontList(NULL, pat, os) : NULL;
    char *best = NULL;
    int i;

    for (i = 0; fs && i < fs->nfont; i++) {
        FcChar8 *file;
        if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        if (!best || strcmp((const char *)file, best) < 0) {
            g_free(best);
            best = g_strdup((const char *)file);
        }
    }
    if (fs)
        FcFontSetDestroy(fs);
    if (os)
        FcObjectSetDestroy(os);
    if (pat)
        FcPatternDestroy(pat);
    return best;
}

/* A new fontconfig configuration with only the regular and bold files of
 * the theme font.  Returns it (caller destroys) or NULL with *err set. */
static FcConfig *ch_font_config_new(pv_err *err)
{
    static const int weights[2] = {FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD};
    FcConfig *cfg = FcConfigCreate();
    int i;

    for (i = 0; cfg && i < 2; i++) {
        char *file = ch_font_file_find(weights[i]);
        int ok = file && FcConfigAppFontAddFile(cfg, (const FcChar8 *)file);
        if (!ok) {
            pv_err_set(err, PV_EXIT_IO,
                       "chart: font %s (%s) not found or unreadable; install "
                       "the Debian package %s", CH_FONT_FAMILY,
                       i ? "bold" : "regular", CH_FONT_PACKAGE);
            g_free(file);
            FcConfigDestroy(cfg);
            return NULL;
        }
        g_free(file);
    }
    if (!cfg)
        pv_xalloc_die(); /* FcConfigCreate's only failure */
    return cfg;
}

/* Fill ch->fm and ch->pc.  Returns 0, or sets *err (PV_EXIT_IO); whatever
 * was created is released by ch_fonts_close. */
static int ch_fonts_open(ch_chart *ch, pv_err *err)
{
    FcConfig *cfg = ch_font_config_new(err);
    cairo_font_options_t *fo;

    if (!cfg)
        return PV_EXIT_IO;
    ch->fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!ch->fm) {
        FcConfigDestroy(cfg);
        return pv_err_set(err, PV_EXIT_IO, "chart: no FreeType font map");
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(ch->fm), cfg);
    FcConfigDestroy(cfg); /* the font map holds its own reference */
    ch->pc = pango_font_map_create_context(ch->fm);
    fo = cairo_font_options_create();
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_subpixel_order(fo, CAIRO_SUBPIXEL_ORDER_DEFAULT);
    pango_cairo_context_set_font_options(ch->pc, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(ch->pc, 72.0);
    pango_context_set_language(ch->pc, pango_language_from_string(
                                           ch->s->lang == PV_LANG_EN ? "en" : "fr"));
    pango_context_set_base_dir(ch->pc, PANGO_DIRECTION_LTR);
    return 0;
}

static void ch_fonts_close(ch_chart *ch)
{
    if (ch->pc)
        g_object_unref(ch->pc);
    if (ch->fm) {
        /* pango 1.50 keeps the config's reference past finalization:
         * drop it here, or each render leaks the private config. */
        pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(ch->fm), NULL);
        g_object_unref(ch->fm);
    }
    ch->pc = NULL;
    ch->fm = NULL;
}

/* ------------------------------------------------------------------------
 * Text and shapes (drawing calls are no-ops while measuring)
 * ------------------------------------------------------------------------ */

/* A layout of text in style st, wrapped at wrap pt (<= 0: one line per
 * paragraph) and aligned with al.  Caller unrefs. */
static PangoLayout *ch_layout_new(const ch_chart *ch, ch_style st,
                                  const char *text, double wrap,
                                  PangoAlignment al)
{
    PangoLayout *l = pango_layout_new(ch->pc);
    PangoFontDescription *fd = pango_font_description_new();

    pango_font_description_set_family_static(fd, CH_FONT_FAMILY);
    pango_font_description_set_weight(fd, ch_styles[st].bold
                                              ? PANGO_WEIGHT_BOLD
                                              : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, ch_styles[st].size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (wrap > 0) {
        pango_layout_set_width(l, (int)(wrap * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, al);
    pango_layout_set_text(l, text, -1);
    return l;
}

/* Logical box of l: offset from the layout origin and size, pt. */
static void ch_layout_box(PangoLayout *l, double *x, double *y,
                                    double *w, double *h)
{
    PangoRectangle r;
    pango_layout_get_extents(l, NULL, &r);
    *x = (double)r.x / PANGO_SCALE;
    *y = (double)r.y / PANGO_SCALE;
    *w = (double)r.width / PANGO_SCALE;
    *h = (double)r.height / PANGO_SCALE;
}

/* Text placement: the point (x, y) is at fraction (ax, ay) of the text's
 * box (0,0 top-left; 1,1 bottom-right). */
typedef struct {
    double x, y, ax, ay;
} ch_at;

/* Draw (or only measure) text; store its box size in *w, *h (may be NULL).
 * Returns the box height. */
static double ch_text(const ch_chart *ch, ch_style st, const char *text,
                      double wrap, PangoAlignment al, ch_at at, double *w,
                      double *h)
{
    PangoLayout *l = ch_layout_new(ch, st, text, wrap, al);
    double bx, by, bw, bh;

    ch_layout_box(l, &bx, &by, &bw, &bh);
    if (ch->cr) {
        const ch_rgb *c = ch_styles[st].color;
        cairo_set_source_rgb(ch->cr, c->r, c->g, c->b);
        cairo_move_to(ch->cr, at.x - at.ax * bw - bx, at.y - at.ay * bh - by);
        pango_cairo_show_layout(ch->cr, l);
    }
    g_object_unref(l);
    if (w)
        *w = bw;
    if (h)
        *h = bh;
    return bh;
}

/* Size of text in style st, wrapped at wrap; returns the width and stores
 * the height in *h (may be NULL). */
static double ch_text_size(const ch_chart *ch, ch_style st, const char *text,
                           double wrap, double *h)
{
    PangoLayout *l = ch_layout_new(ch, st, text, wrap, PANGO_ALIGN_LEFT);
    double bx, by, bw, bh;

    ch_layout_box(l, &bx, &by, &bw, &bh);
    g_object_unref(l);
    if (h)
        *h = bh;
    return bw;
}

/* Same text in a chosen colour (value labels inside bars). */
static void ch_text_colored(const ch_chart *ch, ch_style st, const char *text,
                            ch_at at, const ch_rgb *c)
{
    PangoLayout *l;
    double bx, by, bw, bh;

    if (!ch->cr)
        return;
    /* lines of a centred text centred on each other */
    l = ch_layout_new(ch, st, text, 0,
                      at.ax == 0.5 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    ch_layout_box(l, &bx, &by, &bw, &bh);
    cairo_set_source_rgb(ch->cr, c->r, c->g, c->b);
    cairo_move_to(ch->cr, at.x - at.ax * bw - bx, at.y - at.ay * bh - by);
    pango_cairo_show_layout(ch->cr, l);
    g_object_unref(l);
}

static void ch_rect(const ch_chart *ch, double x, double y, double w, double h,
                    const ch_rgb *c)
{
    if (!ch->cr || w <= 0 || h <= 0)
        return;
    cairo_set_source_rgb(ch->cr, c->r, c->g, c->b);
    cairo_rectangle(ch->cr, x, y, w, h);
    cairo_fill(ch->cr);
}

/* Centre of a hairline of width lw on the half-pixel grid of the PNG, so
 * grid lines are crisp at scale 2 (invisible shift in PDF/SVG). */
static double ch_snap(double v, double lw)
{
    double px = lw * CH_PNG_SCALE;
    double half = fmod(round(px), 2.0) == 1.0 ? 0.5 : 0.0;
    return (floor(v * CH_PNG_SCALE) + half) / CH_PNG_SCALE;
}

static void ch_line(const ch_chart *ch, double xa, double ya, double xb,
                    double yb, double lw, const ch_rgb *c)
{
    if (!ch->cr)
        return;
    cairo_set_source_rgb(ch->cr, c->r, c->g, c->b);
    cairo_set_line_width(ch->cr, lw);
    cairo_set_line_cap(ch->cr, CAIRO_LINE_CAP_BUTT);
    cairo_move_to(ch->cr, xa, ya);
    cairo_line_to(ch->cr, xb, yb);
    cairo_stroke(ch->cr);
}

/* Marker of series s (circle, square, diamond, triangle, ...) at (x, y),
 * of radius r; filled, or only outlined when hollow. */
static void ch_marker_shape(const ch_chart *ch, int s, double x, double y,
                            double r, int hollow)
{
    const ch_rgb *c = ch_slot_color(ch, s);

    if (!ch->cr)
        return;
    cairo_set_source_rgb(ch->cr, c->r, c->g, c->b);
    /* a fresh path: text drawn before leaves a current point, and cairo_arc
     * would join it to the circle with a line */
    cairo_new_path(ch->cr);
    switch (ch_ser_slot(ch, s) % 4) { /* the shape follows the colour */
    case 0: cairo_arc(ch->cr, x, y, r, 0, 2 * G_PI); break;
    case 1: cairo_rectangle(ch->cr, x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r); break;
    case 2:
        cairo_move_to(ch->cr, x, y - 1.25 * r);
        cairo_line_to(ch->cr, x + 1.25 * r, y);
        cairo_line_to(ch->cr, x, y + 1.25 * r);
        cairo_line_to(ch->cr, x - 1.25 * r, y);
        cairo_close_path(ch->cr);
        break;
    default:
        cairo_move_to(ch->cr, x, y - 1.3 * r);
        cairo_line_to(ch->cr, x + 1.2 * r, y + 0.9 * r);
        cairo_line_to(ch->cr, x - 1.2 * r, y + 0.9 * r);
        cairo_close_path(ch->cr);
        break;
    }
    if (hollow) {
        cairo_set_line_width(ch->cr, 1.0);
        cairo_set_line_join(ch->cr, CAIRO_LINE_JOIN_MITER);
        cairo_stroke(ch->cr);
    } else {
        cairo_fill(ch->cr);
    }
}

static void ch_marker_r(const ch_chart *ch, int s, double x, double y,
                        double r)
{
    ch_marker_shape(ch, s, x, y, r, 0);
}

static void ch_marker(const ch_chart *ch, int s, double x, double y)
{
    ch_marker_r(ch, s, x, y, 2.6);
}

/* Text colour readable on a bar of colour c (WCAG relative luminance). */
static const ch_rgb *ch_text_on(const ch_rgb *c)
{
    double l = 0.2126 * c->r * c->r + 0.7152 * c->g * c->g + 0.0722 * c->b * c->b;
    return l > 0.30 ? &ch_ink : &ch_white;
}

/* Keep a box of width w centred at x inside the page margins. */
static double ch_clamp_centre(double x, double w)
{
    if (x - w / 2 < CH_PAD)
        x = CH_PAD + w / 2;
    if (x + w / 2 > CH_W - CH_PAD)
        x = CH_W - CH_PAD - w / 2;
    return x;
}

/* ------------------------------------------------------------------------
 * Value axis: range and "nice" 1-2-5 ticks
 * ------------------------------------------------------------------------ */

/* Smallest and largest value drawn (stack sums for stacked kinds), always
 * including 0; [0, 1] when nothing is drawn. */
static void ch_range(const ch_chart *ch, double *lo, double *hi)
{
    const pv_chart_spec *s = ch->s;
    int c, k;

    *lo = 0;
    *hi = 0;
    for (c = 0; c < s->n_cat; c++) {
        double pos = 0, neg = 0;
        for (k = 0; k < s->n_ser; k++) {
            double v = ch_value(ch, k, c);
            if (isnan(v))
                continue;
            if (!ch_is_stacked(ch)) {
                *lo = fmin(*lo, v);
                *hi = fmax(*hi, v);
            } else if (v >= 0) {
                pos += v;
            } else {
                neg += v;
            }
        }
        *lo = fmin(*lo, neg);
        *hi = fmax(*hi, pos);
    }
    if (*hi - *lo <= 0)
        *hi = *lo + 1;
}

/* Ticks from lo to hi with about `target` intervals, step 1, 2 or 5 x 10^k
 * (at least 1 for whole-number data).  Sets ch->lo, hi, step, tick_dec. */
static void ch_ticks(ch_chart *ch, double lo, double hi, int target)
{
    double raw = (hi - lo) / target, e = pow(10, floor(log10(raw)));
    double f = raw / e, unit, disp;
    int d;

    ch->step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * e;
    if (!ch->s->value_is_pct && ch->s->value_decimals == 0 && ch->step < 1)
        ch->step = 1;
    ch->lo = floor(lo / ch->step + 1e-9) * ch->step;
    ch->hi = ceil(hi / ch->step - 1e-9) * ch->step;
    /* Enough decimals to tell the ticks apart. */
    disp = ch->s->value_is_pct ? ch->step * 100 : ch->step;
    for (d = 0, unit = 1; d < 6 && fabs(disp * unit - round(disp * unit)) > 1e-6;
         d++)
        unit *= 10;
    ch->tick_dec = d > ch->s->value_decimals ? d : ch->s->value_decimals;
}

static int ch_tick_count(const ch_chart *ch)
{
    return (int)lround((ch->hi - ch->lo) / ch->step) + 1;
}

static double ch_tick_value(const ch_chart *ch, int i)
{
    double v = ch->lo + i * ch->step;
    return fabs(v) < ch->step * 1e-9 ? 0 : v;
}

static char *ch_tick_label(const ch_chart *ch, int i, char *buf, size_t n)
{
    double v = ch_tick_value(ch, i);
    if (ch->s->kind == PV_CHART_LIKERT) /* distance from the centre */
        return pv_fmt_pct(buf, n, fabs(v), ch->tick_dec, ch->s->lang);
    if (ch->s->value_is_pct)
        return pv_fmt_pct(buf, n, v, ch->tick_dec, ch->s->lang);
    return pv_fmt_dec(buf, n, v, ch->tick_dec, ch->s->lang);
}

/* Widest tick label, pt; *h its height. */
static double ch_tick_width_max(const ch_chart *ch, double *h)
{
    char buf[64];
    double wmax = 0;
    int i;

    for (i = 0; i < ch_tick_count(ch); i++)
        wmax = fmax(wmax, ch_text_size(ch, CH_TICK,
                                       ch_tick_label(ch, i, buf, sizeof buf),
                                       0, h));
    return wmax;
}

/* ------------------------------------------------------------------------
 * Page blocks: titles, legend, note
 * ------------------------------------------------------------------------ */

static double ch_draw_titles(const ch_chart *ch, double y)
{
    const double cw = CH_W - 2 * CH_PAD;
    ch_at at = {CH_PAD, y, 0, 0};

    y += ch_text(ch, CH_TITLE, ch->s->title, cw, PANGO_ALIGN_LEFT, at, NULL, NULL);
    if (ch->s->subtitle && *ch->s->subtitle) {
        at.y = y + 1.5;
        y = at.y + ch_text(ch, CH_SUBTITLE, ch->s->subtitle, cw,
                           PANGO_ALIGN_LEFT, at, NULL, NULL);
    }
    return y + CH_GAP;
}

/* Legend key of series s with its top-left corner at (x, y), row height rh. */
static void ch_draw_key(const ch_chart *ch, int s, double x, double y,
                        double rh)
{
    if (ch->s->kind == PV_CHART_LINE) {
        ch_line(ch, x, y + rh / 2, x + 16, y + rh / 2, 1.8, ch_slot_color(ch, s));
        if (ch->s->n_cat <= CH_MARKERS_MAX)
            ch_marker(ch, s, x + 8, y + rh / 2);
    } else if (ch->s->kind == PV_CHART_DOT_CI) {
        ch_line(ch, x, y + rh / 2, x + 16, y + rh / 2, CH_WHISKER, ch_slot_color(ch, s));
        ch_marker_r(ch, s, x + 8, y + rh / 2, CH_DOT_R);
    } else {
        ch_rect(ch, x, y + rh / 2 - 4.5, 9, 9, ch_ser_color(ch, s));
    }
}

/* Questionnaire kinds: the most legend items per row that spreads them
 * evenly over the rows a greedy flow needs (3 + 2 rather than 4 + 1), or 0
 * to flow greedily (other kinds, one row, or an even split does not fit). */
static int ch_legend_per_row(const ch_chart *ch, double key_w)
{
    const double avail = CH_W - 2 * CH_PAD;
    double x = 0, row_w = 0;
    int s, rows = 1, k;

    if (!ch_is_rows(ch))
        return 0;
    for (s = 0; s < ch->s->n_ser; s++) {
        double item = key_w + 4 + ch_text_size(ch, CH_LEGEND,
                                                ch->s->ser_labels[s], 0, NULL);
        if (x > 0 && x + item > avail) {
            rows++;
            x = 0;
        }
        x += item + 14;
    }
    if (rows < 2)
        return 0;
    k = (ch->s->n_ser + rows - 1) / rows;
    for (s = 0; s < ch->s->n_ser; s++) {
        if (s % k == 0)
            row_w = 0;
        row_w += (s % k ? 14 : 0) + key_w + 4 +
                 ch_text_size(ch, CH_LEGEND, ch->s->ser_labels[s], 0, NULL);
        if (row_w > avail)
            return 0;
    }
    return k;
}

/* The legend (n_ser > 1), left-aligned above the plot, flowing on as many
 * rows as needed, in series order (= stacking order). */
static double ch_draw_legend(const ch_chart *ch, double y)
{
    const double key_w = ch->s->kind == PV_CHART_LINE ||
                         ch->s->kind == PV_CHART_DOT_CI ? 16 : 9;
    double x = CH_PAD, rh = 0, w, h;
    int s, per_row;

    if (ch->s->n_ser < 2)
        return y;
    per_row = ch_legend_per_row(ch, key_w);
    for (s = 0; s < ch->s->n_ser; s++) {
        const char *t = ch->s->ser_labels[s];
        double item = key_w + 4 + ch_text_size(ch, CH_LEGEND, t, 0, &h);
        if (x > CH_PAD && (x + item > CH_W - CH_PAD ||
                           (per_row > 0 && s % per_row == 0))) { /* next row */
            x = CH_PAD;
            y += rh + 3;
        }
        rh = h;
        ch_draw_key(ch, s, x, y, h);
        ch_text(ch, CH_LEGEND, t, 0, PANGO_ALIGN_LEFT,
                (ch_at){x + key_w + 4, y, 0, 0}, &w, NULL);
        x += key_w + 4 + w + 14;
    }
    return y + rh + CH_GAP;
}

static double ch_draw_note(const ch_chart *ch, double y)
{
    ch_at at = {CH_PAD, y + 4, 0, 0};

    if (!ch->s->note || !*ch->s->note)
        return y;
    return at.y + ch_text(ch, CH_NOTE, ch->s->note, CH_W - 2 * CH_PAD,
                          PANGO_ALIGN_LEFT, at, NULL, NULL);
}

/* ------------------------------------------------------------------------
 * Horizontal bars (HBAR, HBAR_STACKED)
 * ------------------------------------------------------------------------ */

/* Thickness of one bar and of a category's band of bars. */
static double ch_hbar_thickness(const ch_chart *ch)
{
    return ch->s->kind == PV_CHART_HBAR && ch->s->n_ser > 1 ? CH_BAR_GROUPED
                                                            : CH_BAR;
}

static double ch_hbar_band(const ch_chart *ch)
{
    return ch->s->kind == PV_CHART_HBAR ? ch->s->n_ser * ch_hbar_thickness(ch)
                                        : CH_BAR;
}

/* Width of the label column: the widest label, at most CH_CAT_MAX of the
 * page (longer labels wrap). */
static double ch_hbar_label_width(const ch_chart *ch)
{
    double w = 0;
    int c;

    for (c = 0; c < ch->s->n_cat; c++)
        w = fmax(w, ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], 0, NULL));
    return fmin(ceil(w), CH_CAT_MAX * (CH_W - 2 * CH_PAD));
}

static double ch_hbar_row_height(const ch_chart *ch, int c, double label_w)
{
    double h;
    ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], label_w, &h);
    return fmax(ch_hbar_band(ch) + 8, h + 6);
}

/* The note of a stacked column's suppressed segments, shown beyond its end
 * (segments of no size cannot hold it): for each, a swatch of its series
 * colour, then its text.  Left edge at x, vertically centred on yc; drawn
 * only if draw (and a target is set).  Returns the width (0: no note) and
 * stores the height in *h (may be NULL). */
static double ch_stack_note(const ch_chart *ch, int c, int draw, double x,
                            double yc, double *h)
{
    const double key = 6.5;
    double w = 0, th = 0;
    int s;

    for (s = 0; s < ch->s->n_ser; s++) {
        const char *t = ch_cell_text(ch, s, c);
        double tw;
        if (!isnan(ch_value(ch, s, c)))
            continue;
        w += w > 0 ? 6 : 0;
        tw = ch_text_size(ch, CH_VALUE, t, 0, &th);
        if (draw) {
            ch_rect(ch, x + w, yc - key / 2, key, key, ch_ser_color(ch, s));
            ch_text(ch, CH_VALUE, t, 0, PANGO_ALIGN_LEFT,
                    (ch_at){x + w + key + 2, yc, 0, 0.5}, NULL, NULL);
        }
        w += key + 2 + tw;
    }
    if (h)
        *h = th;
    return w;
}

/* End of the bar (or stack) drawn for cell (s, c), in value units, and the
 * width of what is shown beyond it (0: nothing). */
static double ch_hbar_end(const ch_chart *ch, int s, int c, double *end)
{
    if (ch->s->kind == PV_CHART_HBAR) {
        double v = ch_value(ch, s, c);
        const char *t = ch_cell_text(ch, s, c);
        *end = isnan(v) ? 0 : v;
        return t ? ch_text_size(ch, CH_VALUE, t, 0, NULL) : 0;
    }
    *end = 0;
    for (s = 0; s < ch->s->n_ser; s++)
        if (!isnan(ch_value(ch, s, c)) && ch_value(ch, s, c) > 0)
            *end += ch_value(ch, s, c);
    return ch_stack_note(ch, c, 0, 0, 0, NULL);
}

/* Choose the x map (ch->a, ch->b) so that every bar-end text fits left of
 * the page margin and the last tick label fits too.  Texts of negative bars
 * get room at the left of the plot. */
static void ch_hbar_scale(ch_chart *ch, double label_w)
{
    const double right = CH_W - CH_PAD;
    double x0 = CH_PAD + label_w + 8, x1, neg_w = 0, end, w;
    char buf[64];
    int s, c, ns = ch->s->kind == PV_CHART_HBAR ? ch->s->n_ser : 1;

    x1 = right - ch_text_size(ch, CH_TICK,
                              ch_tick_label(ch, ch_tick_count(ch) - 1, buf,
                                            sizeof buf), 0, NULL) / 2;
    for (c = 0; c < ch->s->n_cat; c++)
        for (s = 0; s < ns; s++)
            if ((w = ch_hbar_end(ch, s, c, &end)) > 0 && end < 0)
                neg_w = fmax(neg_w, w + 4);
    x0 += neg_w;
    for (c = 0; c < ch->s->n_cat; c++)
        for (s = 0; s < ns; s++) {
            double frac;
            if ((w = ch_hbar_end(ch, s, c, &end)) <= 0 || end < 0)
                continue;
            frac = (end - ch->lo) / (ch->hi - ch->lo);
            if (frac > 0) /* x0 + frac * (x1 - x0) + 4 + w <= right */
                x1 = fmin(x1, x0 + (right - 4 - w - x0) / frac);
        }
    x1 = fmax(x1, x0 + 60); /* absurdly long texts overflow rather than crash */
    ch->x0 = x0;
    ch->x1 = x1;
    ch->b = (x1 - x0) / (ch->hi - ch->lo);
    ch->a = x0 - ch->b * ch->lo;
}

/* Ticks and scale together: fewer ticks while their labels would touch. */
static void ch_hbar_axis(ch_chart *ch, double lo, double hi, double label_w)
{
    int target;

    for (target = 6; target >= 2; target--) {
        ch_ticks(ch, lo, hi, target);
        ch_hbar_scale(ch, label_w);
        if (ch_tick_width_max(ch, NULL) + 8 <= ch->b * ch->step)
            break;
    }
}

static void ch_hbar_grid(const ch_chart *ch)
{
    int i;

    for (i = 0; i < ch_tick_count(ch); i++) {
        double x = ch_snap(ch_map(ch, ch_tick_value(ch, i)), 0.5);
        ch_line(ch, x, ch->y0, x, ch->y1, 0.5, &ch_grid);
    }
}

/* Per-segment text of a stacked bar, centred in the segment when it fits. */
static void ch_segment_text(const ch_chart *ch, int s, int c, double x, double y,
                            double w, double h)
{
    const char *t = ch_cell_text(ch, s, c);
    double tw, th;

    if (!t || isnan(ch_value(ch, s, c)))
        return;
    tw = ch_text_size(ch, CH_VALUE, t, 0, &th);
    if (tw + 4 > w || th > h + 1)
        return; /* does not fit: the data table has it */
    ch_text_colored(ch, CH_VALUE, t, (ch_at){x + w / 2, y + h / 2, 0.5, 0.5},
                    ch_text_on(ch_slot_color(ch, s)));
}

/* Bars of category c in a row whose band of bars starts at y. */
static void ch_hbar_bars(const ch_chart *ch, int c, double y)
{
    const double t = ch_hbar_thickness(ch);
    double pos = 0, neg = 0;
    int s;

    for (s = 0; s < ch->s->n_ser; s++) {
        double v = ch_value(ch, s, c), from, to;
        if (isnan(v))
            continue;
        if (ch->s->kind == PV_CHART_HBAR) {
            from = 0;
            to = v;
        } else {
            from = v >= 0 ? pos : neg;
            to = from + v;
            *(v >= 0 ? &pos : &neg) = to;
        }
        double xa = ch_map(ch, fmin(from, to)), xb = ch_map(ch, fmax(from, to));
        double yb = ch->s->kind == PV_CHART_HBAR ? y + s * t : y;
        ch_rect(ch, xa, yb, xb - xa, t, ch_slot_color(ch, s));
        if (ch->s->kind == PV_CHART_HBAR_STACKED)
            ch_segment_text(ch, s, c, xa, yb, xb - xa, t);
    }
}

/* Texts beyond the bar ends of category c (value labels of HBAR; the note
 * of suppressed segments of HBAR_STACKED). */
static void ch_hbar_end_texts(const ch_chart *ch, int c, double y)
{
    const double t = ch_hbar_thickness(ch);
    int s;

    if (ch->s->kind == PV_CHART_HBAR_STACKED) {
        double end, w = ch_hbar_end(ch, 0, c, &end);
        if (w > 0)
            ch_stack_note(ch, c, 1, ch_map(ch, end) + 4, y + t / 2, NULL);
        return;
    }
    for (s = 0; s < ch->s->n_ser; s++) {
        const char *txt = ch_cell_text(ch, s, c);
        double v = ch_value(ch, s, c), end = isnan(v) ? 0 : v;
        ch_at at = {ch_map(ch, end) + 4, y + s * t + t / 2, 0, 0.5};
        if (!txt)
            continue;
        if (end < 0) {
            at.x = ch_map(ch, end) - 4;
            at.ax = 1;
        }
        ch_text(ch, CH_VALUE, txt, 0, PANGO_ALIGN_LEFT, at, NULL, NULL);
    }
}

/* Tick labels under the plot and the axis title; returns the new y. */
static double ch_hbar_ticks(const ch_chart *ch, double y)
{
    char buf[64];
    double h = 0;
    int i;

    for (i = 0; i < ch_tick_count(ch); i++) {
        ch_at at = {ch_map(ch, ch_tick_value(ch, i)), y + 3, 0.5, 0};
        ch_text(ch, CH_TICK, ch_tick_label(ch, i, buf, sizeof buf), 0,
                PANGO_ALIGN_LEFT, at, NULL, &h);
    }
    y += 3 + h;
    if (ch->s->value_axis && *ch->s->value_axis) {
        ch_at at = {(ch->x0 + ch->x1) / 2, y + 2, 0.5, 0};
        double w = ch_text_size(ch, CH_AXIS, ch->s->value_axis, 0, NULL);
        at.x = ch_clamp_centre(at.x, w);
        y = at.y + ch_text(ch, CH_AXIS, ch->s->value_axis, 0, PANGO_ALIGN_LEFT,
                           at, NULL, NULL);
    }
    return y;
}

static double ch_draw_hbar(ch_chart *ch, double y)
{
    const double label_w = ch_hbar_label_width(ch);
    double lo, hi, row_y;
    int c;

    ch_range(ch, &lo, &hi);
    ch_hbar_axis(ch, lo, hi, label_w);
    ch->y0 = y;
    ch->y1 = y;
    for (c = 0; c < ch->s->n_cat; c++)
        ch->y1 += ch_hbar_row_height(ch, c, label_w);
    if (ch->s->n_cat == 0)
        ch->y1 += CH_BAR + 8; /* an empty but well-formed frame */
    ch_hbar_grid(ch);
    for (c = 0, row_y = ch->y0; c < ch->s->n_cat; c++) {
        double rh = ch_hbar_row_height(ch, c, label_w);
        double band_y = row_y + (rh - ch_hbar_band(ch)) / 2;
        ch_text(ch, CH_CAT, ch->s->cat_labels[c], label_w, PANGO_ALIGN_RIGHT,
                (ch_at){CH_PAD + label_w, row_y + rh / 2, 1, 0.5}, NULL, NULL);
        ch_hbar_bars(ch, c, band_y);
        ch_hbar_end_texts(ch, c, band_y);
        row_y += rh;
    }
    {
        double x = ch_snap(ch_map(ch, 0), 0.75);
        ch_line(ch, x, ch->y0, x, ch->y1, 0.75, &ch_axis);
    }
    return ch_hbar_ticks(ch, ch->y1) + CH_GAP;
}

/* ------------------------------------------------------------------------
 * Categories on x (VBAR_STACKED, LINE)
 * ------------------------------------------------------------------------ */

static double ch_slot(const ch_chart *ch)
{
    return (ch->x1 - ch->x0) / (ch->s->n_cat > 0 ? ch->s->n_cat : 1);
}

static double ch_slot_centre(const ch_chart *ch, int c)
{
    return ch->x0 + (c + 0.5) * ch_slot(ch);
}

/* Show every k-th category label, k the smallest for which each shown
 * label fits in k slots on at most two lines.  Stores the labels' height. */
static int ch_xlabel_every(const ch_chart *ch, double *label_h)
{
    int k, c;

    for (k = 1; k <= ch->s->n_cat; k++) {
        double avail = k * ch_slot(ch) - 4, hmax = 0;
        int ok = 1;
        for (c = 0; ok && c < ch->s->n_cat; c += k) {
            PangoLayout *l = ch_layout_new(ch, CH_TICK, ch->s->cat_labels[c],
                                           avail, PANGO_ALIGN_CENTER);
            double bx, by, bw, bh;
            pango_layout_set_wrap(l, PANGO_WRAP_WORD);
            ch_layout_box(l, &bx, &by, &bw, &bh);
            ok = bw <= avail + 0.01 && pango_layout_get_line_count(l) <= 2;
            hmax = fmax(hmax, bh);
            g_object_unref(l);
        }
        if (ok) {
            *label_h = hmax;
            return k;
        }
    }
    *label_h = 0;
    return ch->s->n_cat > 0 ? ch->s->n_cat : 1;
}

static double ch_xlabels(const ch_chart *ch, double y)
{
    double h;
    int k = ch_xlabel_every(ch, &h), c;
    double avail = k * ch_slot(ch) - 4;

    for (c = 0; c < ch->s->n_cat; c += k) {
        const char *t = ch->s->cat_labels[c];
        PangoLayout *l = ch_layout_new(ch, CH_TICK, t, avail, PANGO_ALIGN_CENTER);
        double bx, by, bw, bh;
        pango_layout_set_wrap(l, PANGO_WRAP_WORD);
        ch_layout_box(l, &bx, &by, &bw, &bh);
        g_object_unref(l);
        ch_text(ch, CH_TICK, t, avail, PANGO_ALIGN_CENTER,
                (ch_at){ch_clamp_centre(ch_slot_centre(ch, c), bw), y + 4, 0.5, 0},
                NULL, NULL);
    }
    return y + 4 + h;
}

static void ch_ygrid(const ch_chart *ch)
{
    char buf[64];
    int i;

    for (i = 0; i < ch_tick_count(ch); i++) {
        double v = ch_tick_value(ch, i), y = ch_snap(ch_map(ch, v), 0.5);
        if (v != 0)
            ch_line(ch, ch->x0, y, ch->x1, y, 0.5, &ch_grid);
        ch_text(ch, CH_TICK, ch_tick_label(ch, i, buf, sizeof buf), 0,
                PANGO_ALIGN_LEFT, (ch_at){ch->x0 - 5, ch_map(ch, v), 1, 0.5},
                NULL, NULL);
    }
}

/* Top of column c's stack, in value units. */
static double ch_stack_top(const ch_chart *ch, int c)
{
    double top = 0;
    int s;

    for (s = 0; s < ch->s->n_ser; s++)
        if (!isnan(ch_value(ch, s, c)) && ch_value(ch, s, c) > 0)
            top += ch_value(ch, s, c);
    return top;
}

/* Texts above the top of column c: LINE, the caller's text of each point;
 * VBAR_STACKED, the note of suppressed segments. */
static void ch_top_texts(const ch_chart *ch, int c)
{
    double w, h, top;
    int s;

    if (ch->s->kind == PV_CHART_VBAR_STACKED) {
        if ((w = ch_stack_note(ch, c, 0, 0, 0, &h)) <= 0)
            return;
        top = ch_stack_top(ch, c);
        ch_stack_note(ch, c, 1, ch_clamp_centre(ch_slot_centre(ch, c), w) - w / 2,
                      ch_map(ch, top) - 2 - h / 2, NULL);
        return;
    }
    for (s = 0; s < ch->s->n_ser; s++) {
        const char *t = ch_cell_text(ch, s, c);
        double v = ch_value(ch, s, c);
        if (!t || isnan(v))
            continue;
        w = ch_text_size(ch, CH_VALUE, t, 0, NULL);
        ch_text(ch, CH_VALUE, t, 0, PANGO_ALIGN_LEFT,
                (ch_at){ch_clamp_centre(ch_slot_centre(ch, c), w),
                        ch_map(ch, v) - 5, 0.5, 1}, NULL, NULL);
    }
}


/* Height to keep free above the plot for the texts over the columns that
 * would rise above the top grid line (ticks must be set). */
static double ch_top_headroom(const ch_chart *ch)
{
    double need = 0, th;
    int c, s;

    for (c = 0; c < ch->s->n_cat; c++)
        for (s = 0; s < ch->s->n_ser; s++) {
            double v = ch_value(ch, s, c), below_top;
            const char *t = ch_cell_text(ch, s, c);
            if (ch->s->kind == PV_CHART_VBAR_STACKED) {
                if (s > 0 || ch_stack_note(ch, c, 0, 0, 0, &th) <= 0)
                    continue;
                v = ch_stack_top(ch, c);
            } else if (!t || isnan(v)) {
                continue;
            } else {
                ch_text_size(ch, CH_VALUE, t, 0, &th);
            }
            below_top = (ch->hi - v) / (ch->hi - ch->lo) * CH_PLOT_H;
            need = fmax(need, th + 6 - below_top);
        }
    return need;
}

static void ch_vbars(const ch_chart *ch)
{
    const double bw = fmin(ch_slot(ch) * 0.68, 36);
    int c, s;

    for (c = 0; c < ch->s->n_cat; c++) {
        double pos = 0, neg = 0, x = ch_slot_centre(ch, c) - bw / 2;
        for (s = 0; s < ch->s->n_ser; s++) {
            double v = ch_value(ch, s, c), from, ya, yb;
            if (isnan(v))
                continue;
            from = v >= 0 ? pos : neg;
            *(v >= 0 ? &pos : &neg) = from + v;
            ya = ch_map(ch, fmax(from, from + v));
            yb = ch_map(ch, fmin(from, from + v));
            ch_rect(ch, x, ya, bw, yb - ya, ch_slot_color(ch, s));
            ch_segment_text(ch, s, c, x, ya, bw, yb - ya);
        }
    }
}

/* Markers on every point of short series; on long ones, only on points
 * with no neighbour (they would not show otherwise). */
static int ch_line_has_marker(const ch_chart *ch, int s, int c)
{
    int n = ch->s->n_cat;

    if (isnan(ch_value(ch, s, c)))
        return 0;
    if (n <= CH_MARKERS_MAX)
        return 1;
    return (c == 0 || isnan(ch_value(ch, s, c - 1))) &&
           (c == n - 1 || isnan(ch_value(ch, s, c + 1)));
}

static void ch_lines(const ch_chart *ch)
{
    int c, s;

    for (s = 0; s < ch->s->n_ser && ch->cr; s++) {
        const ch_rgb *col = ch_slot_color(ch, s);
        int pen_down = 0;
        cairo_new_path(ch->cr);
        for (c = 0; c < ch->s->n_cat; c++) {
            double v = ch_value(ch, s, c);
            if (isnan(v)) { /* a gap, not an interpolation */
                pen_down = 0;
                continue;
            }
            if (pen_down)
                cairo_line_to(ch->cr, ch_slot_centre(ch, c), ch_map(ch, v));
            else
                cairo_move_to(ch->cr, ch_slot_centre(ch, c), ch_map(ch, v));
            pen_down = 1;
        }
        cairo_set_source_rgb(ch->cr, col->r, col->g, col->b);
        cairo_set_line_width(ch->cr, 1.8);
        cairo_set_line_join(ch->cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(ch->cr, CAIRO_LINE_CAP_ROUND);
        cairo_stroke(ch->cr);
        for (c = 0; c < ch->s->n_cat; c++)
            if (ch_line_has_marker(ch, s, c))
                ch_marker(ch, s, ch_slot_centre(ch, c), ch_map(ch, ch_value(ch, s, c)));
    }
}

static double ch_draw_vertical(ch_chart *ch, double y)
{
    double lo, hi, th, tw;
    int c;

    ch_range(ch, &lo, &hi);
    ch_ticks(ch, lo, hi, 5);
    tw = ch_tick_width_max(ch, &th);
    if (ch->s->value_axis && *ch->s->value_axis)
        y += ch_text(ch, CH_AXIS, ch->s->value_axis, CH_W - 2 * CH_PAD,
                     PANGO_ALIGN_LEFT, (ch_at){CH_PAD, y, 0, 0}, NULL, NULL) + 5;
    /* x0 and x1 first: the headroom measures texts over the columns, whose
     * width depends on them (else the measuring pass and the drawing pass
     * disagree). */
    ch->x0 = CH_PAD + tw + 5;
    ch->x1 = CH_W - CH_PAD;
    ch->y0 = y + fmax(th / 2, ch_top_headroom(ch));
    ch->y1 = ch->y0 + CH_PLOT_H;
    ch->b = -(ch->y1 - ch->y0) / (ch->hi - ch->lo);
    ch->a = ch->y1 - ch->b * ch->lo;
    ch_ygrid(ch);
    if (ch->s->kind == PV_CHART_VBAR_STACKED)
        ch_vbars(ch);
    else
        ch_lines(ch);
    {
        double z = ch_snap(ch_map(ch, 0), 0.75);
        ch_line(ch, ch->x0, z, ch->x1, z, 0.75, &ch_axis);
    }
    for (c = 0; c < ch->s->n_cat; c++)
        ch_top_texts(ch, c);
    return ch_xlabels(ch, ch->y1) + CH_GAP;
}

/* ------------------------------------------------------------------------
 * Questionnaire rows (LIKERT, DOT_CI)
 *
 * Categories are rows, as in HBAR: a label column on the left, the plot,
 * and an optional column of cat_note texts on the right.  Above a row may
 * come a panel header (cat_panel changes: the previous panel's tick labels,
 * some space, a large title) and a group header (cat_group changes).  The
 * rows between two headers form a run; its grid lines (and the LIKERT centre
 * line) are drawn along the run only, so no line crosses a header.  The
 * page is walked twice with the same layout: phase 0 draws the grid, phase 1
 * everything over it.
 * ------------------------------------------------------------------------ */

typedef struct {
    double label_w; /* label column, pt */
    double note_w;  /* note column, pt; 0 when no category has a note */
    double note_x;  /* left edge of the note column */
} ch_rows;

/* a[c] if a, a[c] and *a[c], else NULL. */
static const char *ch_opt_text(const char *const *a, int c)
{
    return a && a[c] && *a[c] ? a[c] : NULL;
}

static int ch_same_text(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Category c starts a panel: the first with a title, or a change of title. */
static int ch_panel_starts(const ch_chart *ch, int c)
{
    const char *const *p = ch->s->cat_panel;

    if (c == 0)
        return ch_opt_text(p, 0) != NULL;
    return !ch_same_text(ch_opt_text(p, c), ch_opt_text(p, c - 1));
}

/* Category c gets a group header: it has a group, and it differs from the
 * previous category's or a panel starts. */
static int ch_group_starts(const ch_chart *ch, int c)
{
    const char *const *g = ch->s->cat_group;

    if (!ch_opt_text(g, c))
        return 0;
    return c == 0 || ch_panel_starts(ch, c) ||
           !ch_same_text(ch_opt_text(g, c), ch_opt_text(g, c - 1));
}

static double ch_rows_note_width(const ch_chart *ch)
{
    double w = 0;
    int c;

    for (c = 0; c < ch->s->n_cat; c++) {
        const char *t = ch_opt_text(ch->s->cat_note, c);
        if (t)
            w = fmax(w, ch_text_size(ch, CH_TICK, t, 0, NULL));
    }
    return fmin(ceil(w), CH_NOTE_MAX * (CH_W - 2 * CH_PAD));
}

static double ch_rows_label_width(const ch_chart *ch, double note_w)
{
    double w = 0;
    int c;

    for (c = 0; c < ch->s->n_cat; c++)
        w = fmax(w, ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], 0, NULL));
    return fmin(ceil(w), (note_w > 0 ? CH_CAT_MAX_NOTES : CH_CAT_MAX) *
                             (CH_W - 2 * CH_PAD));
}

/* Height of a row's marks: one bar, or the dodged dots of every series. */
static double ch_rows_band(const ch_chart *ch)
{
    if (ch->s->kind == PV_CHART_LIKERT)
        return CH_BAR;
    return ch->s->n_ser > 1 ? ch->s->n_ser * CH_DOT_PITCH : CH_BAR_GROUPED;
}

static double ch_rows_row_height(const ch_chart *ch, const ch_rows *r, int c)
{
    const char *note = ch_opt_text(ch->s->cat_note, c);
    double h, hn = 0;

    ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], r->label_w, &h);
    if (note)
        ch_text_size(ch, CH_TICK, note, r->note_w, &hn);
    /* LIKERT bars 5 pt apart, so that a figure of two constructs answered
     * by three groups fits a page */
    double pad = ch->s->kind == PV_CHART_LIKERT ? 5 : 8;
    return fmax(fmax(ch_rows_band(ch) + pad, h + 6), hn + 6);
}

static int ch_row_all_nan(const ch_chart *ch, int c)
{
    int s;

    for (s = 0; s < ch->s->n_ser; s++)
        if (!isnan(ch_value(ch, s, c)))
            return 0;
    return 1;
}

/* LIKERT: half the neutral share of item c (0 without one, or NAN). */
static double ch_likert_half(const ch_chart *ch, int c)
{
    double v;

    if (ch->s->neutral < 0)
        return 0;
    v = ch_value(ch, ch->s->neutral, c);
    return isnan(v) ? 0 : v / 2;
}

/* LIKERT: how far item c's bar reaches left (*neg, as a positive share) and
 * right (*pos) of the centre. */
static void ch_likert_ends(const ch_chart *ch, int c, double *neg, double *pos)
{
    int s, n_neg = ch_likert_n_neg(ch->s), pos0 = ch_likert_pos0(ch->s);

    *neg = *pos = ch_likert_half(ch, c);
    for (s = 0; s < ch->s->n_ser; s++) {
        double v = ch_value(ch, s, c);
        if (isnan(v))
            continue;
        if (s < n_neg)
            *neg += v;
        else if (s >= pos0)
            *pos += v;
    }
}

/* LIKERT: the share of item c's answers hidden (NAN categories): 1 less
 * what is shown, since shares are of the valid answers (not a leak: a
 * reader gets it by subtraction anyway).  0 when nothing is hidden or
 * everything is (the row then shows only its symbol). */
static double ch_likert_hidden(const ch_chart *ch, int c)
{
    double shown = 0;
    int s, any = 0;

    if (ch_row_all_nan(ch, c))
        return 0;
    for (s = 0; s < ch->s->n_ser; s++) {
        double v = ch_value(ch, s, c);
        if (isnan(v))
            any = 1;
        else
            shown += v;
    }
    return any && shown < 1 ? 1 - shown : 0;
}

static void ch_heat_hatch(const ch_chart *ch, double x, double y, double w,
                          double h);

#define CH_HIDDEN_GAP 2.0 /* LIKERT: between the bar and its hidden share */

/* DOT_CI: right end of cell (s, c)'s marks (dot or whisker) in value units,
 * within the axis. */
static double ch_dot_end(const ch_chart *ch, int s, int c)
{
    size_t i = (size_t)s * (size_t)ch->s->n_cat + (size_t)c;
    double e = ch->s->values[i], lo = ch->s->ci_low[i], hi = ch->s->ci_high[i];

    if (!isnan(lo) && !isnan(hi))
        e = fmax(e, hi);
    return fmin(fmax(e, ch->lo), ch->hi);
}

/* What follows the right end of a row's marks: LIKERT (s = 0 only), the
 * note of suppressed answers after the positive side; DOT_CI, the text of
 * cell (s, c) after its whisker.  Returns its width with the gap before it
 * (0: nothing) and stores the end, in value units, in *end. */
static double ch_rows_end(const ch_chart *ch, int s, int c, double *end)
{
    const char *t;
    double neg, w;

    if (ch->s->kind == PV_CHART_LIKERT) {
        if (s > 0 || ch_row_all_nan(ch, c))
            return 0;
        ch_likert_ends(ch, c, &neg, end);
        *end += ch_likert_hidden(ch, c);
        w = ch_stack_note(ch, c, 0, 0, 0, NULL);
        return w > 0 ? w + 4 + CH_HIDDEN_GAP : 0;
    }
    t = ch_cell_text(ch, s, c);
    if (!t || isnan(ch_value(ch, s, c)))
        return 0;
    *end = ch_dot_end(ch, s, c);
    return CH_DOT_R + 3 + ch_text_size(ch, CH_VALUE, t, 0, NULL);
}

/* DOT_CI: width of the column right of the plot that holds the symbols of
 * cells without a dot (a hollow marker and the caller's text: suppressed,
 * not asked, undefined), with the gap before it; 0 when there are none.
 * LIKERT: the symbol of a row whose answers are all hidden. */
static double ch_rows_symbol_width(const ch_chart *ch)
{
    double w = 0;
    int s, c;

    for (c = 0; c < ch->s->n_cat; c++)
        for (s = 0; s < ch->s->n_ser; s++) {
            const char *t = ch_cell_text(ch, s, c);
            if (!t || !isnan(ch_value(ch, s, c)))
                continue;
            if (ch->s->kind == PV_CHART_LIKERT) {
                if (ch_row_all_nan(ch, c))
                    w = fmax(w, ch_text_size(ch, CH_VALUE, t, 0, NULL));
                continue;
            }
            w = fmax(w, 2 * CH_DOT_R + 3 + ch_text_size(ch, CH_VALUE, t, 0, NULL));
        }
    return w > 0 ? w + 14 : 0;
}

/* The x map (ticks must be set): the plot between the label column and the
 * note column (or the margin) less the symbol column, narrowed so that the
 * end tick labels and every text after a row's marks fit. */
static void ch_rows_scale(ch_chart *ch, const ch_rows *r)
{
    const double right = (r->note_w > 0 ? r->note_x - 10 : CH_W - CH_PAD) -
                         ch_rows_symbol_width(ch);
    char buf[64];
    double wf = ch_text_size(ch, CH_TICK, ch_tick_label(ch, 0, buf, sizeof buf),
                             0, NULL);
    double wl = ch_text_size(ch, CH_TICK,
                             ch_tick_label(ch, ch_tick_count(ch) - 1, buf,
                                           sizeof buf), 0, NULL);
    double x0 = fmax(CH_PAD + r->label_w + 8, CH_PAD + wf / 2);
    double x1 = right - wl / 2, end, w;
    int s, c;

    for (c = 0; c < ch->s->n_cat; c++)
        for (s = 0; s < ch->s->n_ser; s++) {
            double frac;
            if ((w = ch_rows_end(ch, s, c, &end)) <= 0)
                continue;
            frac = (end - ch->lo) / (ch->hi - ch->lo);
            if (frac > 0) /* x0 + frac * (x1 - x0) + w <= right */
                x1 = fmin(x1, x0 + (right - w - x0) / frac);
        }
    x1 = fmax(x1, x0 + 60); /* absurdly long texts overflow rather than crash */
    ch->x0 = x0;
    ch->x1 = x1;
    ch->b = (x1 - x0) / (ch->hi - ch->lo);
    ch->a = x0 - ch->b * ch->lo;
}

/* LIKERT ticks: symmetric, -M..M, M the smallest whole number of steps
 * (at most 4 a side) reaching m; ties go to the smaller step.  Only steps
 * of at least min_step. */
static void ch_likert_ticks(ch_chart *ch, double m, double min_step)
{
    static const double steps[] = {0.05, 0.1, 0.2, 0.25, 0.5, 1};
    const int n = (int)(sizeof steps / sizeof *steps);
    double best_m = 0;
    int i, best = -1;

    for (i = 0; i < n; i++) {
        double k = fmax(1, ceil(m / steps[i] - 1e-6)); /* rounded shares */
        if (steps[i] < min_step || (k > 4 && i < n - 1))
            continue;
        if (best < 0 || k * steps[i] < best_m - 1e-9) {
            best = i;
            best_m = k * steps[i];
        }
    }
    if (best < 0) {
        best = n - 1;
        best_m = fmax(1, ceil(m - 1e-9));
    }
    ch->step = steps[best];
    ch->lo = -best_m;
    ch->hi = best_m;
    ch->tick_dec = ch->s->value_decimals; /* steps are whole percents */
}

/* DOT_CI: smallest and largest dot or whisker end; [0, 1] if none. */
static void ch_dot_range(const ch_chart *ch, double *lo, double *hi)
{
    const pv_chart_spec *s = ch->s;
    size_t i, n = (size_t)s->n_ser * (size_t)s->n_cat;
    int any = 0;

    *lo = *hi = 0;
    for (i = 0; i < n; i++) {
        double v[3] = {s->values[i], s->ci_low[i], s->ci_high[i]};
        int k;
        if (isnan(v[1]) || isnan(v[2]))
            v[1] = v[2] = NAN; /* no whisker */
        for (k = 0; k < 3; k++) {
            if (isnan(v[k]))
                continue;
            *lo = any ? fmin(*lo, v[k]) : v[k];
            *hi = any ? fmax(*hi, v[k]) : v[k];
            any = 1;
        }
    }
    if (!any) {
        *lo = 0;
        *hi = 1;
    } else if (*hi - *lo <= 0) {
        double d = fabs(*lo) > 0 ? fabs(*lo) * 0.1 : 1;
        *lo -= d;
        *hi += d;
    }
}

/* DOT_CI ticks, about `target` intervals: automatic (ch_ticks), or, from
 * axis_min to axis_max, the nice step (1, 2, 2.5 or 5 times a power of
 * ten) whose ticks fall on both ends, with 2 to 12 intervals, nearest to
 * target (ties: the larger step); with none, the two ends only. */
static void ch_dot_ticks(ch_chart *ch, int target)
{
    static const double mant[] = {1, 2, 2.5, 5};
    const double lo = ch->s->axis_min, hi = ch->s->axis_max;
    double step = hi - lo, unit, best = 1e9;
    int e, i, d;

    if (lo == 0 && hi == 0) {
        double a, b;
        ch_dot_range(ch, &a, &b);
        ch_ticks(ch, a, b, target);
        return;
    }
    for (e = 6; e >= -4; e--)
        for (i = 3; i >= 0; i--) {
            double st = mant[i] * pow(10, e), k = (hi - lo) / st;
            double a = lo / st, b = hi / st;
            if (k < 2 - 1e-9 || k > 12 + 1e-9 || fabs(a - round(a)) > 1e-6 ||
                fabs(b - round(b)) > 1e-6)
                continue;
            if (fabs(k - target) < best - 1e-9) {
                best = fabs(k - target);
                step = st;
            }
        }
    ch->lo = lo;
    ch->hi = hi;
    ch->step = step;
    /* Enough decimals to print the first tick and the step exactly. */
    unit = ch->s->value_is_pct ? 100 : 1;
    for (d = 0; d < 6 && (fabs(step * unit - round(step * unit)) > 1e-6 ||
                          fabs(lo * unit - round(lo * unit)) > 1e-6);
         d++)
        unit *= 10;
    ch->tick_dec = d > ch->s->value_decimals ? d : ch->s->value_decimals;
}

/* Ticks and scale together: fewer ticks while their labels would touch. */
static void ch_rows_axis(ch_chart *ch, const ch_rows *r)
{
    if (ch->s->kind == PV_CHART_LIKERT) {
        double m = 0, neg, pos, min_step = 0;
        int c;
        for (c = 0; c < ch->s->n_cat; c++) {
            ch_likert_ends(ch, c, &neg, &pos);
            m = fmax(m, fmax(neg, pos + ch_likert_hidden(ch, c)));
        }
        if (m <= 0)
            m = 0.5;
        for (;;) { /* labels on every tick, or every other one */
            double need;
            ch_likert_ticks(ch, m, min_step);
            ch_rows_scale(ch, r);
            need = ch_tick_width_max(ch, NULL) + 8;
            ch->tick_every = need <= ch->b * ch->step ? 1 : 2;
            if (need <= ch->tick_every * ch->b * ch->step || ch->step >= 1)
                break;
            min_step = ch->step * 1.01;
        }
    } else {
        int target;
        for (target = 6; target >= 2; target--) {
            ch_dot_ticks(ch, target);
            ch_rows_scale(ch, r);
            if (ch_tick_width_max(ch, NULL) + 8 <= ch->b * ch->step)
                break;
        }
    }
}

/* LIKERT: the label of segment (s, c), from value a to b, if it fits in
 * it (else NULL: the data table has it); its size in *tw, *th. */
static const char *ch_likert_label(const ch_chart *ch, int s, int c, double a,
                                   double b, char *buf, size_t n, double *tw,
                                   double *th)
{
    const char *t = ch_cell_text(ch, s, c);

    if (!t)
        t = pv_fmt_pct(buf, n, ch_value(ch, s, c), ch->s->value_decimals,
                       ch->s->lang);
    *tw = ch_text_size(ch, CH_VALUE, t, 0, th);
    if (*tw + 4 > ch_map(ch, b) - ch_map(ch, a) || *th > CH_BAR + 1)
        return NULL;
    return t;
}

/* LIKERT: segment of series s of item c from value a to b, bar top y, with
 * its label; the neutral segment's label comes later, over the centre line
 * (ch_likert_neutral_label). */
static void ch_likert_segment(const ch_chart *ch, int s, int c, double a,
                              double b, double y)
{
    const ch_rgb *col = ch_ser_color(ch, s);
    double xa = ch_map(ch, a), xb = ch_map(ch, b), tw, th;
    char buf[64];
    const char *t;

    ch_rect(ch, xa, y, xb - xa, CH_BAR, col);
    if (s == ch->s->neutral ||
        !(t = ch_likert_label(ch, s, c, a, b, buf, sizeof buf, &tw, &th)))
        return;
    ch_text_colored(ch, CH_VALUE, t, (ch_at){(xa + xb) / 2, y + CH_BAR / 2, 0.5, 0.5},
                    ch_text_on(col));
}

/* LIKERT: the label of item c's neutral segment (bar top y), on a patch of
 * the segment's colour that interrupts the centre line across the bar. */
static void ch_likert_neutral_label(const ch_chart *ch, int c, double y)
{
    const int s = ch->s->neutral;
    const double half = ch_likert_half(ch, c);
    double tw, th, x = ch_map(ch, 0);
    char buf[64];
    const char *t;

    if (s < 0 || half <= 0 || ch_row_all_nan(ch, c) ||
        !(t = ch_likert_label(ch, s, c, -half, half, buf, sizeof buf, &tw, &th)))
        return;
    ch_rect(ch, x - tw / 2 - 1.5, y, tw + 3, CH_BAR, ch_ser_color(ch, s));
    ch_text_colored(ch, CH_VALUE, t, (ch_at){x, y + CH_BAR / 2, 0.5, 0.5},
                    ch_text_on(ch_ser_color(ch, s)));
}

/* LIKERT: the bar of item c, top at y: negative answers leftwards from the
 * centre (or from half the neutral), positive ones rightwards, the neutral
 * one across the centre; then the note of suppressed answers. */
static void ch_likert_row(const ch_chart *ch, int c, double y)
{
    const pv_chart_spec *sp = ch->s;
    double half = ch_likert_half(ch, c), from, neg, pos;
    int s;

    if (ch_row_all_nan(ch, c)) { /* one symbol for the whole item, in the
                                    symbol column, never at a value */
        ch_text(ch, CH_VALUE, ch_cell_text(ch, 0, c), 0, PANGO_ALIGN_LEFT,
                (ch_at){ch->x1 + 14, y + CH_BAR / 2, 0, 0.5}, NULL, NULL);
        return;
    }
    for (s = ch_likert_n_neg(sp) - 1, from = -half; s >= 0; s--) {
        double v = ch_value(ch, s, c);
        if (isnan(v))
            continue;
        ch_likert_segment(ch, s, c, from - v, from, y);
        from -= v;
    }
    for (s = ch_likert_pos0(sp), from = half; s < sp->n_ser; s++) {
        double v = ch_value(ch, s, c);
        if (isnan(v))
            continue;
        ch_likert_segment(ch, s, c, from, from + v, y);
        from += v;
    }
    if (half > 0)
        ch_likert_segment(ch, sp->neutral, c, -half, half, y);
    if (ch_stack_note(ch, c, 0, 0, 0, NULL) > 0) {
        /* the hidden share, hatched, apart from both sides (it may hold
         * answers of either), then which categories it holds */
        double hid = ch_likert_hidden(ch, c), x;
        ch_likert_ends(ch, c, &neg, &pos);
        x = ch_map(ch, pos) + CH_HIDDEN_GAP;
        if (hid > 0)
            ch_heat_hatch(ch, x, y, ch_map(ch, pos + hid) - ch_map(ch, pos), CH_BAR);
        x += hid > 0 ? ch_map(ch, pos + hid) - ch_map(ch, pos) : 0;
        ch_stack_note(ch, c, 1, x + 4, y + CH_BAR / 2, NULL);
    }
}

/* DOT_CI: the dodged series of category c, band top at y. */
static void ch_dot_row(const ch_chart *ch, int c, double y)
{
    const pv_chart_spec *sp = ch->s;
    const double pitch = sp->n_ser > 1 ? CH_DOT_PITCH : ch_rows_band(ch);
    int s;

    for (s = 0; s < sp->n_ser; s++) {
        size_t i = (size_t)s * (size_t)sp->n_cat + (size_t)c;
        double v = sp->values[i], lo = sp->ci_low[i], hi = sp->ci_high[i];
        double yc = y + (s + 0.5) * pitch;
        const char *t = ch_cell_text(ch, s, c);
        if (!isnan(lo) && !isnan(hi)) {
            double a = fmax(lo, ch->lo), b = fmin(hi, ch->hi);
            if (a < b)
                ch_line(ch, ch_map(ch, a), yc, ch_map(ch, b), yc, CH_WHISKER,
                        ch_slot_color(ch, s));
        }
        if (isnan(v)) {
            if (t) { /* no estimate: a hollow marker and the caller's symbol
                      * in the column right of the plot, never at a value */
                ch_marker_shape(ch, s, ch->x1 + 14 + CH_DOT_R, yc,
                                CH_DOT_R - 0.5, 1);
                ch_text(ch, CH_VALUE, t, 0, PANGO_ALIGN_LEFT,
                        (ch_at){ch->x1 + 14 + 2 * CH_DOT_R + 3, yc, 0, 0.5},
                        NULL, NULL);
            }
            continue;
        }
        if (v >= ch->lo - 1e-9 * (ch->hi - ch->lo) &&
            v <= ch->hi + 1e-9 * (ch->hi - ch->lo))
            ch_marker_r(ch, s, ch_map(ch, v), yc, CH_DOT_R);
        if (t)
            ch_text(ch, CH_VALUE, t, 0, PANGO_ALIGN_LEFT,
                    (ch_at){ch_map(ch, ch_dot_end(ch, s, c)) + CH_DOT_R + 3, yc,
                            0, 0.5}, NULL, NULL);
    }
}

/* Row c at y, rh tall: label, marks, note (phase 1); the LIKERT neutral
 * label (phase 2). */
static void ch_rows_row(const ch_chart *ch, const ch_rows *r, int c, double y,
                        double rh, int phase)
{
    const char *note = ch_opt_text(ch->s->cat_note, c);
    double band_y = y + (rh - ch_rows_band(ch)) / 2;

    if (phase == 2) {
        if (ch->s->kind == PV_CHART_LIKERT)
            ch_likert_neutral_label(ch, c, band_y);
        return;
    }
    ch_text(ch, CH_CAT, ch->s->cat_labels[c], r->label_w, PANGO_ALIGN_RIGHT,
            (ch_at){CH_PAD + r->label_w, y + rh / 2, 1, 0.5}, NULL, NULL);
    if (ch->s->kind == PV_CHART_LIKERT)
        ch_likert_row(ch, c, band_y);
    else
        ch_dot_row(ch, c, band_y);
    if (note)
        ch_text(ch, CH_TICK, note, r->note_w, PANGO_ALIGN_LEFT,
                (ch_at){r->note_x, y + rh / 2, 0, 0.5}, NULL, NULL);
}

/* The lines along a run of rows from ya to yb: phase 0 the grid, phase 1
 * the LIKERT centre line (over the bars), phase 2 none. */
static void ch_rows_run(const ch_chart *ch, int phase, double ya, double yb)
{
    int i;

    if (phase == 2)
        return;
    if (phase == 1) {
        if (ch->s->kind == PV_CHART_LIKERT) {
            double x = ch_snap(ch_map(ch, 0), 1.0);
            ch_line(ch, x, ya, x, yb, 1.0, &ch_grey);
        }
        return;
    }
    for (i = 0; i < ch_tick_count(ch); i++) {
        double v = ch_tick_value(ch, i), x = ch_snap(ch_map(ch, v), 0.5);
        if (ch->s->kind != PV_CHART_LIKERT || v != 0)
            ch_line(ch, x, ya, x, yb, 0.5, &ch_grid);
    }
    if (ch->s->kind == PV_CHART_DOT_CI && ch->s->ref_on && ch->s->ref_value >= ch->lo &&
        ch->s->ref_value <= ch->hi) { /* the reader's reference: 0, a midpoint */
        double x = ch_snap(ch_map(ch, ch->s->ref_value), 1.0);
        ch_line(ch, x, ya, x, yb, 1.0, &ch_axis);
    }
}

/* Is tick i labelled?  Every tick_every-th, counted from the LIKERT centre
 * (or the first tick). */
static int ch_tick_labelled(const ch_chart *ch, int i)
{
    int k = ch->tick_every > 1 ? ch->tick_every : 1;
    long from = ch->s->kind == PV_CHART_LIKERT ? lround(-ch->lo / ch->step) : 0;

    return labs(i - from) % k == 0;
}

/* Tick labels under a panel; returns the new y. */
static double ch_rows_tick_labels(const ch_chart *ch, double y)
{
    char buf[64];
    double h = 0;
    int i;

    for (i = 0; i < ch_tick_count(ch); i++)
        if (ch_tick_labelled(ch, i))
            ch_text(ch, CH_TICK, ch_tick_label(ch, i, buf, sizeof buf), 0,
                    PANGO_ALIGN_LEFT,
                    (ch_at){ch_map(ch, ch_tick_value(ch, i)), y + 3, 0.5, 0},
                    NULL, &h);
    return y + 3 + h;
}

/* One walk down the rows from y (see the section comment; phase 2 draws
 * only the LIKERT neutral labels, over the centre line); returns the y under
 * the last tick labels. */
static double ch_rows_walk(const ch_chart *ch, const ch_rows *r, int phase,
                           double y)
{
    const double cw = CH_W - 2 * CH_PAD;
    ch_chart mute = *ch;
    const ch_chart *tc = phase == 1 ? ch : &mute; /* texts: phase 1 only */
    double run_y = -1;
    int c;

    mute.cr = NULL;
    for (c = 0; c < ch->s->n_cat; c++) {
        const char *panel = ch_opt_text(ch->s->cat_panel, c);
        int ps = ch_panel_starts(ch, c), gs = ch_group_starts(ch, c);
        double rh;
        if ((ps || gs) && run_y >= 0) {
            ch_rows_run(ch, phase, run_y, y);
            run_y = -1;
        }
        if (ps && c > 0)
            y = ch_rows_tick_labels(tc, y) + CH_PANEL_GAP;
        if (ps && panel)
            y += ch_text(tc, CH_PANEL, panel, cw, PANGO_ALIGN_LEFT,
                         (ch_at){CH_PAD, y, 0, 0}, NULL, NULL) + 5;
        if (gs) {
            if (!ps && c > 0)
                y += 5;
            y += ch_text(tc, CH_GROUP, ch->s->cat_group[c], cw,
                         PANGO_ALIGN_LEFT, (ch_at){CH_PAD, y, 0, 0}, NULL,
                         NULL) + 2;
        }
        if (run_y < 0)
            run_y = y;
        rh = ch_rows_row_height(ch, r, c);
        if (phase >= 1)
            ch_rows_row(ch, r, c, y, rh, phase);
        y += rh;
    }
    if (ch->s->n_cat == 0) { /* an empty but well-formed frame */
        run_y = y;
        y += CH_BAR + 8;
    }
    if (run_y >= 0)
        ch_rows_run(ch, phase, run_y, y);
    return ch_rows_tick_labels(tc, y);
}

static double ch_draw_rows(ch_chart *ch, double y)
{
    ch_rows r;

    r.note_w = ch_rows_note_width(ch);
    r.label_w = ch_rows_label_width(ch, r.note_w);
    r.note_x = CH_W - CH_PAD - r.note_w;
    ch_rows_axis(ch, &r);
    ch->y0 = y;
    ch_rows_walk(ch, &r, 0, y);
    ch->y1 = ch_rows_walk(ch, &r, 1, y);
    if (ch->s->kind == PV_CHART_LIKERT)
        ch_rows_walk(ch, &r, 2, y);
    y = ch->y1;
    if (ch->s->value_axis && *ch->s->value_axis) {
        ch_at at = {(ch->x0 + ch->x1) / 2, y + 2, 0.5, 0};
        double w = ch_text_size(ch, CH_AXIS, ch->s->value_axis, 0, NULL);
        at.x = ch_clamp_centre(at.x, w);
        y = at.y + ch_text(ch, CH_AXIS, ch->s->value_axis, 0, PANGO_ALIGN_LEFT,
                           at, NULL, NULL);
    }
    return y + CH_GAP;
}

/* ------------------------------------------------------------------------
 * Heat map (HEATMAP)
 *
 * Rows are categories, as in the questionnaire kinds: a label column on
 * the left, group headers above rows (cat_group).  Columns are series: all
 * the same width, sharing what the label column leaves, under a block of
 * column headers (wrapped horizontally when every one fits its column on
 * at most CH_HEAT_HEAD_LINES lines, else turned 90 degrees).  A colour
 * legend comes first, under the title.  Cells are inset by half a point,
 * so a white line separates them.
 * ------------------------------------------------------------------------ */

typedef struct {
    double label_w; /* row label column, pt */
    double x0;      /* left edge of the matrix */
    double col_w;   /* width of a column */
    int turned;     /* column headers turned 90 degrees */
    double turn_h;  /* turned: length a header may take before it wraps */
    double head_h;  /* height of the column headers' block (0: none) */
    int cell_st;    /* style of the cells' texts, or -1 for none */
} ch_heat;

static int ch_heat_blank(const ch_chart *ch, int s, int c)
{
    return ch->s->heat_diagonal_blank == 1 ? s == c
           : ch->s->heat_diagonal_blank == 2 ? s > c /* upper triangle */
                                              : 0;
}

/* The scale: ch->lo = 0, ch->hi the value of the darkest colour, ch->step
 * between the legend's ticks.  Shares: 0 to 100 %, every 25 %; other
 * values: 0 to the largest cell (not blank, not NAN; 1 if none is above 0)
 * rounded up to a whole tick, at most 5 ticks. */
static void ch_heat_scale(ch_chart *ch)
{
    double m = 0;
    int s, c, target;

    if (ch->s->value_is_pct) {
        ch->lo = 0;
        ch->hi = 1;
        ch->step = 0.25;
        ch->tick_dec = ch->s->value_decimals;
        return;
    }
    for (s = 0; s < ch->s->n_ser; s++)
        for (c = 0; c < ch->s->n_cat; c++)
            if (!ch_heat_blank(ch, s, c) && !isnan(ch_value(ch, s, c)))
                m = fmax(m, ch_value(ch, s, c));
    if (m <= 0)
        m = 1;
    for (target = 4; target >= 2; target--) {
        ch_ticks(ch, 0, m, target);
        if (ch_tick_count(ch) <= 5)
            break;
    }
}

/* Colour of value v on the scale (Blues, interpolated). */
static ch_rgb ch_heat_color(const ch_chart *ch, double v)
{
    double t = ch->hi > 0 ? v / ch->hi : 0, f;
    int i;
    ch_rgb a, b, r;

    t = fmin(fmax(t, 0), 1) * (CH_HEAT_STOPS - 1);
    i = (int)floor(t);
    if (i >= CH_HEAT_STOPS - 1)
        i = CH_HEAT_STOPS - 2;
    f = t - i;
    a = ch_heat_ramp[i];
    b = ch_heat_ramp[i + 1];
    r.r = a.r + f * (b.r - a.r);
    r.g = a.g + f * (b.g - a.g);
    r.b = a.b + f * (b.b - a.b);
    return r;
}

/* Colour of a cell with a value: its palette slot, or its shade of the
 * scale. */
static ch_rgb ch_heat_cell_color(const ch_chart *ch, int s, int c)
{
    size_t i = (size_t)s * (size_t)ch->s->n_cat + (size_t)c;

    if (ch->s->cell_slot && ch->s->cell_slot[i] >= 0)
        return ch_palette[ch->s->cell_slot[i]];
    return ch_heat_color(ch, ch_value(ch, s, c));
}

/* Dark or white text on a cell of colour c, whichever contrasts more (the
 * crossing of the two WCAG contrast ratios with ch_ink is near a relative
 * luminance of 0.21; the squares approximate sRGB's gamma). */
static const ch_rgb *ch_heat_text_on(const ch_rgb *c)
{
    double l = 0.2126 * c->r * c->r + 0.7152 * c->g * c->g + 0.0722 * c->b * c->b;
    return l > 0.21 ? &ch_ink : &ch_white;
}

/* Text of cell (s, c), formatted into buf when the caller gave none; NULL
 * for a blank cell. */
static const char *ch_heat_cell_text(const ch_chart *ch, int s, int c,
                                     char *buf, size_t n)
{
    const char *t;
    double v = ch_value(ch, s, c);

    if (ch_heat_blank(ch, s, c))
        return NULL;
    if (ch->s->value_text && !isnan(v) && /* "": no text (a zero left white) */
        (t = ch->s->value_text[(size_t)s * (size_t)ch->s->n_cat + (size_t)c]) && !*t)
        return NULL;
    if ((t = ch_cell_text(ch, s, c))) /* NAN cells: theirs or a dash */
        return t;
    if (ch->s->value_is_pct)
        return pv_fmt_pct(buf, n, v, ch->s->value_decimals, ch->s->lang);
    return pv_fmt_dec(buf, n, v, ch->s->value_decimals, ch->s->lang);
}

/* Row label column: the widest label, at most CH_CAT_MAX of the page and
 * no more than leaves every column CH_HEAT_COL_MIN (longer labels wrap). */
static double ch_heat_label_width(const ch_chart *ch)
{
    const double cw = CH_W - 2 * CH_PAD;
    double w = 0, cap;
    int c;

    for (c = 0; c < ch->s->n_cat; c++)
        w = fmax(w, ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], 0, NULL));
    cap = fmin(CH_CAT_MAX * cw, cw - 8 - ch->s->n_ser * CH_HEAT_COL_MIN);
    return fmin(ceil(w), cap);
}

static const char *ch_heat_head_text(const ch_chart *ch, int s)
{
    return ch->s->ser_labels ? ch->s->ser_labels[s] : NULL;
}

/* A layout of column header s, wrapped at whole words at wrap pt (<= 0:
 * one line); caller unrefs. */
static PangoLayout *ch_heat_head_layout(const ch_chart *ch, int s, double wrap,
                                        PangoAlignment al)
{
    PangoLayout *l = ch_layout_new(ch, CH_HEAD, ch_heat_head_text(ch, s), wrap,
                                   al);
    if (wrap > 0)
        pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    return l;
}

/* Header s on at most k lines at wrap width w: its box if it fits. */
static int ch_heat_head_fits(const ch_chart *ch, int s, double w, int k,
                             double *bw, double *bh)
{
    PangoLayout *l = ch_heat_head_layout(ch, s, w, PANGO_ALIGN_CENTER);
    double bx, by;
    int ok;

    ch_layout_box(l, &bx, &by, bw, bh);
    ok = *bw <= w + 0.01 && pango_layout_get_line_count(l) <= k;
    g_object_unref(l);
    return ok;
}

/* Turned header s: the wrap width (pt; <= 0: one line) that keeps it on at
 * most k lines, as short as whole words allow but no shorter than need
 * be: a header no longer than h->turn_h stays on one line. */
static double ch_heat_turn_wrap(const ch_chart *ch, const ch_heat *h, int s,
                                int k)
{
    double nw = ch_text_size(ch, CH_HEAD, ch_heat_head_text(ch, s), 0, NULL);
    double w, bw, bh;

    if (k < 2 || nw <= h->turn_h)
        return 0;
    for (w = fmax(h->turn_h, ceil(nw / k)); w < nw; w += 2)
        if (ch_heat_head_fits(ch, s, w, k, &bw, &bh))
            return w;
    return 0;
}

/* Lines a turned header may take: as many as the column holds side by
 * side (at least 1, at most CH_HEAT_HEAD_LINES). */
static int ch_heat_turn_lines(const ch_chart *ch, const ch_heat *h)
{
    double lh;
    int k;

    ch_text_size(ch, CH_HEAD, "Ag", 0, &lh);
    k = (int)floor((h->col_w - 2) / lh);
    return k < 1 ? 1 : k > CH_HEAT_HEAD_LINES ? CH_HEAT_HEAD_LINES : k;
}

/* Column widths and headers: horizontal when every header fits its column
 * on at most CH_HEAT_HEAD_LINES lines, else turned, each wrapped to no
 * more lines than its column holds and the block as low as that allows. */
static void ch_heat_measure(const ch_chart *ch, ch_heat *h)
{
    const double cw = CH_W - 2 * CH_PAD;
    double bw, bh;
    int s, k, i;

    h->label_w = ch_heat_label_width(ch);
    h->x0 = CH_PAD + h->label_w + 8;
    h->col_w = (CH_PAD + cw - h->x0) / ch->s->n_ser;
    h->turned = 0;
    h->turn_h = 0;
    h->head_h = 0;
    if (!ch->s->ser_labels)
        return;
    for (s = 0; s < ch->s->n_ser; s++) {
        if (!ch_heat_head_fits(ch, s, h->col_w - 4, CH_HEAT_HEAD_LINES, &bw,
                               &bh)) {
            h->turned = 1;
            break;
        }
        h->head_h = fmax(h->head_h, bh);
    }
    if (!h->turned)
        return;
    /* Turned: the block is as high as the longest header needs on up to k
     * lines (first walk, turn_h = 0: each header as short as it can be);
     * headers no longer than that keep one line (second walk). */
    k = ch_heat_turn_lines(ch, h);
    for (i = 0; i < 2; i++) {
        double len = 0;
        for (s = 0; s < ch->s->n_ser; s++) {
            double w = ch_heat_turn_wrap(ch, h, s, k);
            if (w > 0)
                ch_heat_head_fits(ch, s, w, k, &bw, &bh);
            else
                bw = ch_text_size(ch, CH_HEAD, ch_heat_head_text(ch, s), 0,
                                  NULL);
            len = fmax(len, bw);
        }
        if (i == 0)
            h->turn_h = ceil(len);
        else
            h->head_h = len;
    }
}

/* The column headers, their bottom at y. */
static void ch_heat_heads(const ch_chart *ch, const ch_heat *h, double y)
{
    int s, k = h->turned ? ch_heat_turn_lines(ch, h) : 0;

    if (!ch->cr || !ch->s->ser_labels)
        return;
    for (s = 0; s < ch->s->n_ser; s++) {
        double xc = h->x0 + (s + 0.5) * h->col_w, bx, by, bw, bh;
        PangoLayout *l;
        if (!h->turned) {
            ch_text(ch, CH_HEAD, ch_heat_head_text(ch, s), h->col_w - 4,
                    PANGO_ALIGN_CENTER, (ch_at){xc, y, 0.5, 1}, NULL, NULL);
            continue;
        }
        l = ch_heat_head_layout(ch, s, ch_heat_turn_wrap(ch, h, s, k),
                                PANGO_ALIGN_LEFT);
        ch_layout_box(l, &bx, &by, &bw, &bh);
        cairo_save(ch->cr);
        cairo_translate(ch->cr, xc, y);
        cairo_rotate(ch->cr, -G_PI / 2); /* x up the page, y to the right */
        cairo_set_source_rgb(ch->cr, ch_ink.r, ch_ink.g, ch_ink.b);
        cairo_move_to(ch->cr, -bx, -bh / 2 - by);
        pango_cairo_show_layout(ch->cr, l);
        cairo_restore(ch->cr);
        g_object_unref(l);
    }
}

/* A suppressed cell: light grey, hatched at 45 degrees. */
static void ch_heat_hatch(const ch_chart *ch, double x, double y, double w,
                          double h)
{
    const double pitch = 3.0;
    double d;

    ch_rect(ch, x, y, w, h, &ch_heat_nan);
    if (!ch->cr)
        return;
    cairo_save(ch->cr);
    cairo_new_path(ch->cr);
    cairo_rectangle(ch->cr, x, y, w, h);
    cairo_clip(ch->cr);
    for (d = pitch; d < w + h; d += pitch) {
        cairo_move_to(ch->cr, x + d, y);
        cairo_line_to(ch->cr, x + d - h, y + h);
    }
    cairo_set_source_rgb(ch->cr, ch_heat_hatch_ink.r, ch_heat_hatch_ink.g,
                         ch_heat_hatch_ink.b);
    cairo_set_line_width(ch->cr, 0.6);
    cairo_set_line_cap(ch->cr, CAIRO_LINE_CAP_BUTT);
    cairo_stroke(ch->cr);
    cairo_restore(ch->cr);
}

/* Style of the texts of the cells with a value: CH_VALUE if all of them
 * fit their cells, else the smaller CH_CELL_SMALL if all of those fit, else
 * -1 (none: texts in some cells only would read as a difference).  Texts of
 * suppressed cells do not count: they are shown wherever they fit. */
static int ch_heat_cell_style(const ch_chart *ch, const ch_heat *h)
{
    static const ch_style st[2] = {CH_VALUE, CH_CELL_SMALL};
    char buf[64];
    int i, s, c, ok = 1;

    for (i = 0; i < 2; i++) {
        for (ok = 1, s = 0; ok && s < ch->s->n_ser; s++)
            for (c = 0; ok && c < ch->s->n_cat; c++) {
                const char *t = ch_heat_cell_text(ch, s, c, buf, sizeof buf);
                if (t && !isnan(ch_value(ch, s, c)))
                    ok = ch_text_size(ch, st[i], t, 0, NULL) + 2 <=
                         h->col_w - 1.5; /* the narrowest cell on the grid */
            }
        if (ok)
            return st[i];
    }
    return -1;
}

/* v on the PNG's pixel grid: cell edges stay crisp at scale 2. */
static double ch_heat_px(double v)
{
    return round(v * CH_PNG_SCALE) / CH_PNG_SCALE;
}

/* Cell (s, c) of a row whose top is y, rh tall. */
static void ch_heat_cell(const ch_chart *ch, const ch_heat *h, int s, int c,
                         double y, double rh)
{
    const double xa = ch_heat_px(h->x0 + s * h->col_w);
    const double xb = ch_heat_px(h->x0 + (s + 1) * h->col_w);
    const double x = xa + 0.5, w = xb - xa - 1;
    const double y0 = ch_heat_px(y) + 0.5, ht = ch_heat_px(y + rh) - y0 - 0.5;
    double v = ch_value(ch, s, c), tw, th;
    char buf[64];
    const char *t = ch_heat_cell_text(ch, s, c, buf, sizeof buf);
    ch_rgb col;

    if (ch_heat_blank(ch, s, c) || !ch->cr)
        return;
    if (isnan(v)) {
        ch_heat_hatch(ch, x, y0, w, ht);
        tw = ch_text_size(ch, CH_VALUE, t, 0, &th);
        if (tw + 3 > w || th > ht + 1)
            return;
        /* a patch of the cell's grey under the text, clear of the hatch */
        ch_rect(ch, x + w / 2 - tw / 2 - 1.5, y0 + ht / 2 - th / 2,
                tw + 3, th, &ch_heat_nan);
        ch_text_colored(ch, CH_VALUE, t,
                        (ch_at){x + w / 2, y0 + ht / 2, 0.5, 0.5}, &ch_ink);
        return;
    }
    col = ch_heat_cell_color(ch, s, c);
    ch_rect(ch, x, y0, w, ht, &col);
    if (h->cell_st < 0 || !t)
        return; /* some do not fit (the data table has them), or no text */
    tw = ch_text_size(ch, (ch_style)h->cell_st, t, 0, &th);
    if (tw + 2 > w || th > ht + 1)
        return;
    ch_text_colored(ch, (ch_style)h->cell_st, t,
                    (ch_at){x + w / 2, y0 + ht / 2, 0.5, 0.5},
                    ch_heat_text_on(&col));
}

/* A row: its label, and with cell_slot the tallest of its cells' texts
 * (they may have several lines). */
static double ch_heat_row_height(const ch_chart *ch, const ch_heat *h, int c)
{
    double th, ch_h = 0;
    char buf[64];
    int s;

    ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], h->label_w, &th);
    for (s = 0; ch->s->cell_slot && s < ch->s->n_ser; s++) {
        const char *t = ch_heat_cell_text(ch, s, c, buf, sizeof buf);
        double t_h = 0;
        if (t && h->cell_st >= 0)
            ch_text_size(ch, (ch_style)h->cell_st, t, 0, &t_h);
        ch_h = fmax(ch_h, t_h);
    }
    return fmax(CH_HEAT_ROW, ceil(fmax(th, ch_h) + 6));
}

/* cat_note of row c (HEATMAP with cell_slot), under the row at y across
 * the page; returns its height (0 for none). */
static double ch_heat_row_note(const ch_chart *ch, int c, double y)
{
    const char *t = ch_opt_text(ch->s->cat_note, c);

    if (!ch->s->cell_slot || !t)
        return 0;
    return ch_text(ch, CH_NOTE, t, CH_W - 2 * CH_PAD - 12, PANGO_ALIGN_LEFT,
                   (ch_at){CH_PAD + 12, y + 1, 0, 0}, NULL, NULL) + 5;
}

/* The colour legend from y: value_axis, then the gradient bar with its
 * ticks.  Returns the y under it. */
static double ch_heat_legend_keys(const ch_chart *ch, double y);

static double ch_heat_legend(const ch_chart *ch, double y)
{
    const double wrap = 0.4 * (CH_W - 2 * CH_PAD);
    const char *title = ch->s->value_axis;
    double x = CH_PAD, tw = 0, th = 0, bar_y, bottom, lh = 0;
    char buf[64];
    int i;

    if (ch->s->n_key > 0)
        return ch_heat_legend_keys(ch, y);
    if (title && *title)
        tw = ch_text_size(ch, CH_AXIS, title, wrap, &th);
    bar_y = y + fmax(0, th / 2 - CH_HEAT_KEY_H / 2);
    if (tw > 0) {
        ch_text(ch, CH_AXIS, title, wrap, PANGO_ALIGN_RIGHT,
                (ch_at){x + tw, bar_y + CH_HEAT_KEY_H / 2, 1, 0.5}, NULL, NULL);
        x += tw + 10;
    }
    /* the first tick label, centred under the bar's start, must clear the
     * margin */
    x = fmax(x, CH_PAD + ch_text_size(ch, CH_TICK,
                                      ch_tick_label(ch, 0, buf, sizeof buf), 0,
                                      NULL) / 2);
    if (ch->cr) {
        cairo_pattern_t *p = cairo_pattern_create_linear(x, 0, x + CH_HEAT_KEY_W, 0);
        for (i = 0; i < CH_HEAT_STOPS; i++)
            cairo_pattern_add_color_stop_rgb(p, (double)i / (CH_HEAT_STOPS - 1),
                                             ch_heat_ramp[i].r, ch_heat_ramp[i].g,
                                             ch_heat_ramp[i].b);
        cairo_rectangle(ch->cr, x, bar_y, CH_HEAT_KEY_W, CH_HEAT_KEY_H);
        cairo_set_source(ch->cr, p);
        cairo_fill(ch->cr);
        cairo_pattern_destroy(p);
        cairo_set_source_rgb(ch->cr, ch_axis.r, ch_axis.g, ch_axis.b);
        cairo_set_line_width(ch->cr, 0.5);
        cairo_rectangle(ch->cr, x, bar_y, CH_HEAT_KEY_W, CH_HEAT_KEY_H);
        cairo_stroke(ch->cr);
    }
    for (i = 0; i < ch_tick_count(ch); i++) {
        double v = ch_tick_value(ch, i);
        double tx = x + CH_HEAT_KEY_W * (v - ch->lo) / (ch->hi - ch->lo);
        ch_line(ch, tx, bar_y + CH_HEAT_KEY_H, tx, bar_y + CH_HEAT_KEY_H + 2.5,
                0.5, &ch_axis);
        ch_text(ch, CH_TICK, ch_tick_label(ch, i, buf, sizeof buf), 0,
                PANGO_ALIGN_LEFT, (ch_at){tx, bar_y + CH_HEAT_KEY_H + 3, 0.5, 0},
                NULL, &lh);
    }
    bottom = fmax(y + th, bar_y + CH_HEAT_KEY_H + 3 + lh);
    return bottom + CH_GAP;
}

/* The categorical legend from y: value_axis, then a swatch and a label
 * per key, on as many lines as they need.  Returns the y under it. */
static double ch_heat_legend_keys(const ch_chart *ch, double y)
{
    const double right = CH_W - CH_PAD, sw = 12, sh = 9;
    const char *title = ch->s->value_axis;
    double x = CH_PAD, lh, th = 0;
    int k;

    ch_text_size(ch, CH_LEGEND, "Ag", 0, &lh);
    if (title && *title) {
        double tw;
        th = ch_text(ch, CH_AXIS, title, 0, PANGO_ALIGN_LEFT,
                     (ch_at){x, y + lh / 2, 0, 0.5}, &tw, NULL);
        x += tw + 10;
    }
    for (k = 0; k < ch->s->n_key; k++) {
        double w = sw + 4 + ch_text_size(ch, CH_LEGEND, ch->s->key_labels[k], 0,
                                          NULL);
        if (x > CH_PAD && x + w > right) { /* next line */
            x = CH_PAD;
            y += lh + 3;
        }
        if (ch->s->key_slots[k] < 0)
            ch_heat_hatch(ch, x, y + (lh - sh) / 2, sw, sh);
        else
            ch_rect(ch, x, y + (lh - sh) / 2, sw, sh,
                    &ch_palette[ch->s->key_slots[k]]);
        ch_text(ch, CH_LEGEND, ch->s->key_labels[k], 0, PANGO_ALIGN_LEFT,
                (ch_at){x + sw + 4, y + lh / 2, 0, 0.5}, NULL, NULL);
        x += w + 14;
    }
    return y + fmax(lh, th) + CH_GAP;
}

static double ch_draw_heat(ch_chart *ch, double y)
{
    const double cw = CH_W - 2 * CH_PAD;
    ch_heat h;
    int c, s;

    ch_heat_scale(ch);
    y = ch_heat_legend(ch, y);
    ch_heat_measure(ch, &h);
    /* drawing only, unless rows fit their cells' texts (cell_slot) */
    h.cell_st = ch->cr || ch->s->cell_slot ? ch_heat_cell_style(ch, &h) : -1;
    if (h.head_h > 0) {
        ch_heat_heads(ch, &h, y + h.head_h);
        y += h.head_h + 6;
    }
    for (c = 0; c < ch->s->n_cat; c++) {
        double rh;
        if (ch_group_starts(ch, c)) {
            if (c > 0)
                y += 5;
            y += ch_text(ch, CH_GROUP, ch->s->cat_group[c], cw,
                         PANGO_ALIGN_LEFT, (ch_at){CH_PAD, y, 0, 0}, NULL,
                         NULL) + 2;
        }
        rh = ch_heat_row_height(ch, &h, c);
        ch_text(ch, CH_CAT, ch->s->cat_labels[c], h.label_w, PANGO_ALIGN_RIGHT,
                (ch_at){CH_PAD + h.label_w, y + rh / 2, 1, 0.5}, NULL, NULL);
        for (s = 0; s < ch->s->n_ser; s++)
            ch_heat_cell(ch, &h, s, c, y, rh);
        y += rh;
        y += ch_heat_row_note(ch, c, y);
    }
    if (ch->s->n_cat == 0)
        y += CH_BAR + 8; /* an empty but well-formed frame */
    return y + CH_GAP;
}

/* ------------------------------------------------------------------------
 * The page
 * ------------------------------------------------------------------------ */

/* Lay out (and, with a target, draw) the whole figure; returns the page
 * height in whole points. */
static double ch_draw(ch_chart *ch)
{
    double y;

    if (ch->cr) {
        cairo_set_source_rgb(ch->cr, 1, 1, 1);
        cairo_paint(ch->cr);
    }
    y = ch_draw_titles(ch, CH_PAD);
    if (ch->s->kind == PV_CHART_HEATMAP) {
        y = ch_draw_heat(ch, y); /* its own colour legend, no series legend */
    } else {
        y = ch_draw_legend(ch, y);
        y = ch_is_rows(ch)       ? ch_draw_rows(ch, y)
            : ch_is_vertical(ch) ? ch_draw_vertical(ch, y)
                                 : ch_draw_hbar(ch, y);
    }
    y = ch_draw_note(ch, y - CH_GAP + 4);
    return ceil(y + CH_PAD);
}

/* ------------------------------------------------------------------------
 * Output files
 * ------------------------------------------------------------------------ */

typedef enum { CH_PDF, CH_SVG, CH_PNG } ch_format;

static const char *const ch_ext[] = {".pdf", ".svg", ".png"};

/* A growable byte buffer: each file is made in memory, then written whole. */
typedef struct {
    unsigned char *p; /* owned; free() */
    size_t n, cap;
} ch_buf;

static cairo_status_t ch_buf_write(void *closure, const unsigned char *data,
                                   unsigned int len)
{
    ch_buf *b = closure;

    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->n + len)
            cap = pv_xmul(cap, 2);
        b->p = pv_xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    return CAIRO_STATUS_SUCCESS;
}

/* A surface of the page for fmt writing into out (PNG: an image surface,
 * encoded after drawing).  Never NULL; check its status. */
static cairo_surface_t *ch_surface_create(const ch_chart *ch, ch_format fmt,
                                          ch_buf *out)
{
    cairo_surface_t *sf;

    switch (fmt) {
    case CH_PDF:
        sf = cairo_pdf_surface_create_for_stream(ch_buf_write, out, CH_W, ch->h);
        /* An empty date removes /CreationDate (cairo 1.16 stamps the time). */
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATE_DATE, "");
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_MOD_DATE, "");
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, ch->s->title);
        /* the program's name alone: a version or date would change the
         * bytes of every figure at each release */
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "proxeval");
        if (ch->s->alt && *ch->s->alt) /* readers show it as the description */
            cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_SUBJECT, ch->s->alt);
        if (ch->s->author && *ch->s->author)
            cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_AUTHOR, ch->s->author);
        return sf;
    case CH_SVG:
        sf = cairo_svg_surface_create_for_stream(ch_buf_write, out, CH_W, ch->h);
        cairo_svg_surface_set_document_unit(sf, CAIRO_SVG_UNIT_PT);
        return sf;
    default:
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                          (int)(CH_W * CH_PNG_SCALE),
                                          (int)(ch->h * CH_PNG_SCALE));
    }
}

/* Draw the page on a new surface of fmt and append the file's bytes to out.
 * Returns a cairo status (CAIRO_STATUS_SUCCESS when all went well). */
static cairo_status_t ch_surface_write(ch_chart *ch, ch_format fmt, ch_buf *out)
{
    cairo_surface_t *sf = ch_surface_create(ch, fmt, out);
    cairo_t *cr = cairo_create(sf);
    cairo_status_t st;
    double page_h;

    if (fmt == CH_PNG)
        cairo_scale(cr, CH_PNG_SCALE, CH_PNG_SCALE);
    pango_cairo_update_context(cr, ch->pc);
    ch->cr = cr;
    page_h = ch_draw(ch);
    /* What was measured is what is drawn, but for sub-point differences in
     * text metrics under the PNG's scale: never worth aborting for. */
    (void)page_h;
    ch->cr = NULL;
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS && fmt == CH_PNG)
        st = cairo_surface_write_to_png_stream(sf, ch_buf_write, out);
    cairo_surface_finish(sf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    return st;
}

/* Length of the "surface<digits>" id at p (after a '"' or '#'), or 0. */
static size_t ch_svg_id_len(const ch_buf *b, size_t i)
{
    static const char key[] = "surface";
    size_t k = sizeof key - 1, j;

    if (i == 0 || (b->p[i - 1] != '"' && b->p[i - 1] != '#') ||
        i + k >= b->n || memcmp(b->p + i, key, k) != 0)
        return 0;
    for (j = i + k; j < b->n && b->p[j] >= '0' && b->p[j] <= '9'; j++)
        ;
    return j > i + k ? j - i : 0;
}

/* End of the <svg ...> start tag in b (the index after its '>'), or 0. */
static size_t ch_svg_root_end(const ch_buf *b)
{
    static const char tag[] = "<svg";
    size_t i;

    for (i = 0; i + sizeof tag - 1 < b->n; i++)
        if (!memcmp(b->p + i, tag, sizeof tag - 1))
            break;
    for (; i < b->n; i++)
        if (b->p[i] == '>')
            return i + 1;
    return 0;
}

/* <title> and <desc> of the figure, first children of the root (SVG 1.1,
 * 5.4: what screen readers and browsers show); cairo writes neither. */
static int ch_svg_accessible(const pv_chart_spec *s, FILE *f)
{
    char *t = g_markup_escape_text(s->title, -1);
    char *d = s->alt && *s->alt ? g_markup_escape_text(s->alt, -1) : NULL;
    int ok = fprintf(f, "\n<title>%s</title>", t) > 0 &&
             (!d || fprintf(f, "\n<desc>%s</desc>", d) > 0);
    g_free(t);
    g_free(d);
    return ok;
}

/* Write an SVG from cairo with its "surfaceN" ids renumbered 1, 2, ... in
 * order of first appearance: cairo numbers them from a process-wide counter,
 * so they would depend on what was rendered before; and with the spec's
 * title and alt text as <title> and <desc> after the root's start tag.
 * (Text is drawn as glyph outlines, so the caller's strings appear in the
 * file only there.)  Returns 0 or -1 on a write error. */
static int ch_svg_write(const ch_buf *b, const pv_chart_spec *s, FILE *f)
{
    char seen[64][24]; /* old ids, in order; new id = index + 1 */
    int n_seen = 0, ok = 1;
    size_t i, from = 0, len, root = s ? ch_svg_root_end(b) : 0;

    if (root) {
        ok = fwrite(b->p, 1, root, f) == root && ch_svg_accessible(s, f);
        from = root;
    }
    for (i = from; i < b->n && ok; i++) {
        int k;
        if (!(len = ch_svg_id_len(b, i)) || len >= sizeof seen[0])
            continue;
        for (k = 0; k < n_seen && (strlen(seen[k]) != len ||
                                   memcmp(seen[k], b->p + i, len)); k++)
            ;
        if (k == n_seen && n_seen < 64) {
            memcpy(seen[n_seen], b->p + i, len);
            seen[n_seen++][len] = '\0';
        }
        if (k >= 64)
            continue; /* beyond the table: keep the id as cairo wrote it */
        ok = fwrite(b->p + from, 1, i - from, f) == i - from &&
             fprintf(f, "surface%d", k + 1) > 0;
        from = i + len;
        i += len - 1;
    }
    ok = ok && fwrite(b->p + from, 1, b->n - from, f) == b->n - from;
    return ok ? 0 : -1;
}

/* Write the bytes of out to path through path.tmp and rename().  Returns 0,
 * or sets *err (PV_EXIT_IO) and leaves no temporary behind. */
static int ch_file_commit(const ch_buf *out, ch_format fmt,
                          const pv_chart_spec *s, const char *path, pv_err *err)
{
    char *tmp = pv_tmp_name(path);
    FILE *f;
    int rc = 0, bad;

    if (!(f = fopen(tmp, "wb"))) {
        rc = pv_err_set(err, PV_EXIT_IO, "cannot create %s: %s", tmp,
                        strerror(errno));
        free(tmp);
        return rc;
    }
    bad = fmt == CH_SVG ? ch_svg_write(out, s, f) != 0
                        : fwrite(out->p, 1, out->n, f) != out->n;
    bad = (fclose(f) != 0) || bad;
    if (bad)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot write %s: %s", tmp,
                        strerror(errno));
    else if (rename(tmp, path) != 0)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot rename %s to %s: %s", tmp,
                        path, strerror(errno));
    if (rc)
        remove(tmp);
    free(tmp);
    return rc;
}

/* Render fmt and write it to base + extension.  Returns 0 or sets *err. */
static int ch_file_write(ch_chart *ch, ch_format fmt, const char *base,
                         pv_err *err)
{
    ch_buf out = {NULL, 0, 0};
    char *path = pv_xmalloc(strlen(base) + 8);
    cairo_status_t st;
    int rc;

    sprintf(path, "%s%s", base, ch_ext[fmt]);
    st = ch_surface_write(ch, fmt, &out);
    if (st != CAIRO_STATUS_SUCCESS)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot draw %s: %s", path,
                        cairo_status_to_string(st));
    else
        rc = ch_file_commit(&out, fmt, ch->s, path, err);
    free(out.p);
    free(path);
    return rc;
}

/* ------------------------------------------------------------------------
 * Entry point
 * ------------------------------------------------------------------------ */

int pv_chart_palette(int slot, double rgb[3])
{
    if (slot < 0 || slot >= PV_CHART_SLOTS)
        return -1;
    rgb[0] = ch_palette[slot].r;
    rgb[1] = ch_palette[slot].g;
    rgb[2] = ch_palette[slot].b;
    return 0;
}

int pv_chart_render(const pv_chart_spec *spec, const char *base_path,
                    pv_err *err)
{
    ch_chart ch;
    int rc, fmt;

    if ((rc = ch_spec_check(spec, err)))
        return rc;
    if (!base_path || !*base_path)
        return pv_err_set(err, PV_EXIT_DATA, "chart: no output path");
    memset(&ch, 0, sizeof ch);
    ch.s = spec;
    if ((rc = ch_fonts_open(&ch, err)))
        goto done;
    ch.h = ch_draw(&ch); /* measuring pass */
    if (ch.h > CH_MAX_H) {
        rc = pv_err_set(err, PV_EXIT_DATA,
                        "chart: %s: figure would be %.0f pt tall (max %.0f): "
                        "too many categories", base_path, ch.h, CH_MAX_H);
        goto done;
    }
    for (fmt = CH_PDF; fmt <= CH_PNG && !rc; fmt++)
        rc = ch_file_write(&ch, (ch_format)fmt, base_path, err);
done:
    ch_fonts_close(&ch);
    return rc;
}

/* ------------------------------------------------------------------------
 * The figure book: every figure on a Letter page of one PDF
 *
 * A print proof: US Letter pages (612 x 792 pt) with 3/4-inch margins; a
 * first page (or more) with the book's title and its table of contents
 * (each figure's heading and title, and its page); then one figure a
 * page under its heading, at its own size when it fits inside the margins,
 * else scaled down to fit (never up), centred; the page number at the foot
 * of every page.  Each figure is drawn into a recording surface when added
 * and replayed at close, after the contents, whose page numbers are known
 * only then.
 * ------------------------------------------------------------------------ */

#define CH_BOOK_W 612.0    /* US Letter, pt */
#define CH_BOOK_H 792.0
#define CH_BOOK_M 54.0     /* margins: 3/4 inch */
#define CH_BOOK_FOOT 30.0  /* baseline of the page number above the edge */

typedef struct {
    cairo_surface_t *rec; /* the figure, drawn at its own size */
    PangoFontMap *fm;     /* the fonts its glyphs came from, kept alive */
    double h;             /* its height (its width is CH_W) */
    char *heading, *title, *caption;
} ch_book_page;

struct pv_chart_book {
    cairo_surface_t *sf;   /* PDF surface writing into out */
    ch_buf out;
    char *path, *title, *contents;
    pv_lang lang;
    ch_book_page *pg;
    int pages, cap;
};

pv_chart_book *pv_chart_book_open(const char *path, const char *title,
                                  const char *contents, pv_lang lang)
{
    pv_chart_book *b = pv_xcalloc(1, sizeof *b);
    b->path = pv_xstrdup(path);
    b->title = pv_xstrdup(title ? title : "");
    b->contents = pv_xstrdup(contents ? contents : "");
    b->lang = lang;
    b->sf = cairo_pdf_surface_create_for_stream(ch_buf_write, &b->out, CH_BOOK_W,
                                                CH_BOOK_H);
    cairo_pdf_surface_set_metadata(b->sf, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(b->sf, CAIRO_PDF_METADATA_MOD_DATE, "");
    cairo_pdf_surface_set_metadata(b->sf, CAIRO_PDF_METADATA_TITLE, b->title);
    cairo_pdf_surface_set_metadata(b->sf, CAIRO_PDF_METADATA_CREATOR, "proxeval");
    return b;
}

int pv_chart_book_add(pv_chart_book *b, const pv_chart_spec *spec, const char *heading,
                      const char *caption, pv_err *err)
{
    ch_chart ch;
    cairo_rectangle_t ext;
    ch_book_page *p;
    int rc;
    if (!b)
        return pv_err_set(err, PV_EXIT_IO, "chart: no book");
    if ((rc = ch_spec_check(spec, err)))
        return rc;
    memset(&ch, 0, sizeof ch);
    ch.s = spec;
    if ((rc = ch_fonts_open(&ch, err)))
        goto done;
    ch.h = ch_draw(&ch); /* measuring pass */
    ext = (cairo_rectangle_t){0, 0, CH_W, ch.h};
    if (b->pages == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        b->pg = pv_xrealloc(b->pg, pv_xmul((size_t)b->cap, sizeof *b->pg));
    }
    p = &b->pg[b->pages];
    p->rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, &ext);
    cairo_t *cr = cairo_create(p->rec);
    pango_cairo_update_context(cr, ch.pc);
    ch.cr = cr;
    ch_draw(&ch);
    ch.cr = NULL;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot draw %s: %s", b->path,
                        cairo_status_to_string(cairo_status(cr)));
    cairo_destroy(cr);
    p->fm = g_object_ref(ch.fm);
    p->h = ch.h;
    p->heading = pv_xstrdup(heading ? heading : "");
    p->title = pv_xstrdup(spec->title);
    p->caption = pv_xstrdup(caption ? caption : "");
    b->pages++;
done:
    ch_fonts_close(&ch);
    return rc;
}

/* The page number n at the foot of the page. */
static void ch_book_folio(const ch_chart *ch, int n)
{
    char num[16];
    snprintf(num, sizeof num, "%d", n);
    ch_text(ch, CH_NOTE, num, 0, PANGO_ALIGN_CENTER,
            (ch_at){CH_BOOK_W / 2, CH_BOOK_H - CH_BOOK_FOOT, 0.5, 1}, NULL, NULL);
}

/* The table of contents from page 1: drawn when ch->cr is set, else only
 * measured.  Returns how many pages it takes. */
static int ch_book_contents(const pv_chart_book *b, ch_chart *ch, int first_fig)
{
    const double cw = CH_BOOK_W - 2 * CH_BOOK_M, num_w = 36;
    double y = CH_BOOK_M;
    int page = 1, i;
    char num[16];

    y += ch_text(ch, CH_TITLE, b->title, cw, PANGO_ALIGN_LEFT,
                 (ch_at){CH_BOOK_M, y, 0, 0}, NULL, NULL) + 2 * CH_GAP;
    y += ch_text(ch, CH_PANEL, b->contents, cw, PANGO_ALIGN_LEFT,
                 (ch_at){CH_BOOK_M, y, 0, 0}, NULL, NULL) + CH_GAP;
    for (i = 0; i < b->pages; i++) {
        char *entry = g_strdup_printf("%s%s%s", b->pg[i].heading,
                                      *b->pg[i].heading ? ". " : "", b->pg[i].title);
        double h;
        ch_text_size(ch, CH_CAT, entry, cw - num_w, &h);
        h += 4;
        if (y + h > CH_BOOK_H - CH_BOOK_M) { /* next page of the contents */
            if (ch->cr) {
                ch_book_folio(ch, page);
                cairo_show_page(ch->cr);
            }
            page++;
            y = CH_BOOK_M;
        }
        ch_text(ch, CH_CAT, entry, cw - num_w, PANGO_ALIGN_LEFT,
                (ch_at){CH_BOOK_M, y, 0, 0}, NULL, NULL);
        snprintf(num, sizeof num, "%d", first_fig + i);
        ch_text(ch, CH_CAT, num, 0, PANGO_ALIGN_RIGHT,
                (ch_at){CH_BOOK_W - CH_BOOK_M, y, 1, 0}, NULL, NULL);
        y += h;
        g_free(entry);
    }
    if (ch->cr) {
        ch_book_folio(ch, page);
        cairo_show_page(ch->cr);
    }
    return page;
}

/* Figure page i, page number n: heading, the figure scaled to fit, its
 * caption, the folio. */
static void ch_book_figure(const pv_chart_book *b, ch_chart *ch, int i, int n)
{
    const ch_book_page *p = &b->pg[i];
    const double cw = CH_BOOK_W - 2 * CH_BOOK_M;
    double y = CH_BOOK_M, head_h = 0, cap_h = 0, avail, s;

    if (*p->heading)
        head_h = ch_text(ch, CH_TITLE, p->heading, cw, PANGO_ALIGN_LEFT,
                         (ch_at){CH_BOOK_M, y, 0, 0}, NULL, NULL) + CH_GAP;
    if (*p->caption) {
        ch_text_size(ch, CH_SUBTITLE, p->caption, cw, &cap_h);
        cap_h += CH_GAP;
    }
    y += head_h;
    avail = CH_BOOK_H - 2 * CH_BOOK_M - head_h - cap_h;
    s = fmin(1, fmin(cw / CH_W, avail / p->h));
    cairo_save(ch->cr);
    cairo_translate(ch->cr, (CH_BOOK_W - s * CH_W) / 2, y);
    cairo_scale(ch->cr, s, s);
    cairo_set_source_surface(ch->cr, p->rec, 0, 0);
    cairo_rectangle(ch->cr, 0, 0, CH_W, p->h);
    cairo_fill(ch->cr);
    cairo_restore(ch->cr);
    /* a hairline frame: where the figure's white page ends */
    cairo_set_source_rgb(ch->cr, ch_grid.r, ch_grid.g, ch_grid.b);
    cairo_set_line_width(ch->cr, 0.5);
    cairo_rectangle(ch->cr, (CH_BOOK_W - s * CH_W) / 2, y, s * CH_W, s * p->h);
    cairo_stroke(ch->cr);
    if (*p->caption)
        ch_text(ch, CH_SUBTITLE, p->caption, cw, PANGO_ALIGN_LEFT,
                (ch_at){CH_BOOK_M, y + s * p->h + CH_GAP, 0, 0}, NULL, NULL);
    ch_book_folio(ch, n);
    cairo_show_page(ch->cr);
}

int pv_chart_book_close(pv_chart_book *b, pv_err *err)
{
    int rc = 0, i, toc;
    if (!b)
        return 0;
    if (b->pages > 0 && !(err && err->status)) {
        pv_chart_spec s = {.lang = b->lang};
        ch_chart ch;
        memset(&ch, 0, sizeof ch);
        ch.s = &s;
        if (!(rc = ch_fonts_open(&ch, err))) {
            cairo_t *cr = cairo_create(b->sf);
            toc = ch_book_contents(b, &ch, 0); /* measure: its pages */
            pango_cairo_update_context(cr, ch.pc);
            ch.cr = cr;
            ch_book_contents(b, &ch, toc + 1);
            for (i = 0; i < b->pages; i++)
                ch_book_figure(b, &ch, i, toc + 1 + i);
            ch.cr = NULL;
            if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
                rc = pv_err_set(err, PV_EXIT_IO, "cannot draw %s: %s", b->path,
                                cairo_status_to_string(cairo_status(cr)));
            cairo_destroy(cr);
            ch_fonts_close(&ch);
        }
    }
    cairo_surface_finish(b->sf);
    if (!rc && cairo_surface_status(b->sf) != CAIRO_STATUS_SUCCESS)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot write %s: %s", b->path,
                        cairo_status_to_string(cairo_surface_status(b->sf)));
    else if (!rc && b->pages > 0 && !(err && err->status))
        rc = ch_file_commit(&b->out, CH_PDF, NULL, b->path, err);
    cairo_surface_destroy(b->sf);
    for (i = 0; i < b->pages; i++) {
        cairo_surface_destroy(b->pg[i].rec);
        g_object_unref(b->pg[i].fm);
        free(b->pg[i].heading);
        free(b->pg[i].title);
        free(b->pg[i].caption);
    }
    free(b->pg);
    free(b->out.p);
    free(b->path);
    free(b->title);
    free(b->contents);
    free(b);
    return rc;
}
