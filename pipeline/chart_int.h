/* chart_int.h — what the files of the chart toolkit share (not public:
 * the API is chart.h; docs/ARCHITECTURE.md maps the files).
 *
 * Every figure is one walk, ch_draw (chart_page.c), run first without a
 * target to measure the page, then once per format on a cairo surface; the
 * drawing calls below do nothing while ch->cr is NULL.
 */
#ifndef PV_CHART_INT_H
#define PV_CHART_INT_H

#include "chart.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

/* ------------------------------------------------------------------------
 * Theme (colours and styles: chart_theme.c)
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
#define CH_TILE_MAX 64.0   /* TILEMAP: widest tile */
#define CH_TILE_GAP 3.0    /* TILEMAP: between tiles */
#define CH_TILE_GRID 30    /* TILEMAP: most columns and rows */
#define CH_TL_ROW 20.0     /* TIMELINE: row height */
#define CH_TL_BAR 10.0     /* TIMELINE: bar thickness */

typedef struct {
    double r, g, b;
} ch_rgb;

#define CH_HEX(x) {((x) >> 16 & 255) / 255.0, ((x) >> 8 & 255) / 255.0, \
                   ((x) & 255) / 255.0}

#define CH_LIKERT_SIDE 5    /* LIKERT: most categories on one side */
#define CH_LIKERT_MAX_SER 7 /* LIKERT: most answer categories */
#define CH_HIDDEN_GAP 2.0   /* LIKERT: between the bar and its hidden share */
#define CH_HEAT_STOPS 9     /* HEATMAP: classes of its colour ramp */

extern const ch_rgb ch_palette[PV_CHART_SLOTS]; /* Okabe & Ito */
extern const ch_rgb ch_heat_ramp[CH_HEAT_STOPS]; /* ColorBrewer Blues */
extern const ch_rgb ch_heat_nan;       /* HEATMAP: suppressed cells */
extern const ch_rgb ch_heat_hatch_ink; /* ... and their hatch */
extern const ch_rgb ch_ink;   /* main text */
extern const ch_rgb ch_grey;  /* subtitle, ticks, note */
extern const ch_rgb ch_grid;  /* grid lines */
extern const ch_rgb ch_axis;  /* zero line */
extern const ch_rgb ch_white;

typedef enum {
    CH_TITLE, CH_SUBTITLE, CH_CAT, CH_TICK, CH_VALUE, CH_LEGEND, CH_AXIS,
    CH_NOTE, CH_GROUP, CH_PANEL, CH_HEAD, CH_CELL_SMALL, CH_N_STYLES
} ch_style;

typedef struct {
    double size; /* pt */
    int bold;
    const ch_rgb *color;
} ch_style_def;

extern const ch_style_def ch_styles[CH_N_STYLES];

/* Text placement: the point (x, y) is at fraction (ax, ay) of the text's
 * box (0,0 top-left; 1,1 bottom-right). */
typedef struct {
    double x, y, ax, ay;
} ch_at;

/* Output formats, and a growable byte buffer: each file is made in memory,
 * then written whole (chart_surface.c). */
typedef enum { CH_PDF, CH_SVG, CH_PNG } ch_format;

typedef struct {
    unsigned char *p; /* owned; free() */
    size_t n, cap;
} ch_buf;

/* ------------------------------------------------------------------------
 * The chart being rendered
 * ------------------------------------------------------------------------ */

typedef struct ch_layouts ch_layouts; /* chart_text.c */

typedef struct {
    const pv_chart_spec *s;
    PangoFontMap *fm;     /* a reference to the process's (chart_text.c) */
    PangoContext *pc;     /* owned */
    ch_layouts *lay;      /* owned: the layouts made in pc's present state */
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
static inline int ch_ser_slot(const ch_chart *ch, int s)
{
    return ch->s->ser_slot ? ch->s->ser_slot[s] : s;
}

static inline const ch_rgb *ch_slot_color(const ch_chart *ch, int s)
{
    return &ch_palette[ch_ser_slot(ch, s)];
}

/* Palette slot of cell (s, c): its own (cell_slot of HBAR and DOT_CI: a
 * category's colour), else its series'. */
static inline int ch_cell_slot(const ch_chart *ch, int s, int c)
{
    const int *k = ch->s->cell_slot;
    int v = k ? k[(size_t)s * (size_t)ch->s->n_cat + (size_t)c] : -1;
    return v >= 0 ? v : ch_ser_slot(ch, s);
}

static inline double ch_value(const ch_chart *ch, int ser, int cat)
{
    return ch->s->values[(size_t)ser * (size_t)ch->s->n_cat + (size_t)cat];
}

/* Caller's text for a cell, or NULL.  Bars of suppressed (NaN) cells always
 * get a text: the caller's, or an em dash when it gave none. */
static inline const char *ch_cell_text(const ch_chart *ch, int ser, int cat)
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

static inline double ch_map(const ch_chart *ch, double v)
{
    return ch->a + ch->b * v;
}

static inline int ch_is_vertical(const ch_chart *ch)
{
    return ch->s->kind == PV_CHART_VBAR_STACKED || ch->s->kind == PV_CHART_LINE;
}

static inline int ch_is_stacked(const ch_chart *ch)
{
    return ch->s->kind == PV_CHART_HBAR_STACKED ||
           ch->s->kind == PV_CHART_VBAR_STACKED;
}

/* The questionnaire kinds: rows of items, with group and panel headers. */
static inline int ch_is_rows(const ch_chart *ch)
{
    return ch->s->kind == PV_CHART_LIKERT || ch->s->kind == PV_CHART_DOT_CI;
}

/* LIKERT: first series right of the centre, and the number of series on
 * each side of it. */
static inline int ch_likert_pos0(const pv_chart_spec *s)
{
    return s->neutral >= 0 ? s->neutral + 1 : s->n_ser / 2;
}

static inline int ch_likert_n_neg(const pv_chart_spec *s)
{
    return s->neutral >= 0 ? s->neutral : s->n_ser / 2;
}

/* ------------------------------------------------------------------------
 * Functions shared between the files, by file
 * ------------------------------------------------------------------------ */

/* chart_theme.c: colours of series and of text on a colour */
const ch_rgb *ch_ser_color(const ch_chart *ch, int s);
const ch_rgb *ch_text_on(const ch_rgb *c);

/* chart_spec.c: checking a spec before drawing */
int ch_spec_check(const pv_chart_spec *s, pv_err *err);

/* chart_text.c: the private fonts; text laid out, measured and drawn */
int ch_fonts_open(ch_chart *ch, pv_err *err);
void ch_fonts_close(ch_chart *ch);
PangoLayout *ch_layout_get(const ch_chart *ch, ch_style st,
                           const char *text, double wrap,
                           PangoAlignment al, PangoWrapMode mode);
void ch_layout_box(PangoLayout *l, double *x, double *y, double *w,
                   double *h);
double ch_text(const ch_chart *ch, ch_style st, const char *text,
               double wrap, PangoAlignment al, ch_at at, double *w,
               double *h);
double ch_text_size(const ch_chart *ch, ch_style st, const char *text,
                    double wrap, double *h);
void ch_text_colored(const ch_chart *ch, ch_style st, const char *text,
                     ch_at at, const ch_rgb *c);

/* chart_shapes.c: rectangles, lines, markers */
void ch_rect(const ch_chart *ch, double x, double y, double w, double h,
             const ch_rgb *c);
double ch_snap(double v, double lw);
void ch_line(const ch_chart *ch, double xa, double ya, double xb,
             double yb, double lw, const ch_rgb *c);
void ch_marker_shape(const ch_chart *ch, int s, double x, double y,
                     double r, int hollow);
void ch_marker_slot(const ch_chart *ch, int slot, double x, double y,
                    double r, int hollow);
void ch_marker_r(const ch_chart *ch, int s, double x, double y,
                 double r);
void ch_marker(const ch_chart *ch, int s, double x, double y);
double ch_clamp_centre(double x, double w);

/* chart_axes.c: the value axis: range and ticks */
void ch_range(const ch_chart *ch, double *lo, double *hi);
void ch_ticks(ch_chart *ch, double lo, double hi, int target);
int ch_tick_count(const ch_chart *ch);
double ch_tick_value(const ch_chart *ch, int i);
char *ch_tick_label(const ch_chart *ch, int i, char *buf, size_t n);
double ch_tick_width_max(const ch_chart *ch, double *h);
double ch_axis_title(const ch_chart *ch, double y);

/* chart_page.c: the page: titles, legend, kind, note */
double ch_draw(ch_chart *ch);

/* chart_hbar.c: HBAR, HBAR_STACKED (and what stacked kinds share) */
double ch_stack_note(const ch_chart *ch, int c, int draw, double x,
                     double yc, double *h);
void ch_segment_text(const ch_chart *ch, int s, int c, double x, double y,
                     double w, double h);
double ch_draw_hbar(ch_chart *ch, double y);

/* chart_vertical.c: VBAR_STACKED, LINE */
double ch_draw_vertical(ch_chart *ch, double y);

/* chart_rows.c: the rows of LIKERT and DOT_CI */
const char *ch_opt_text(const char *const *a, int c);
int ch_group_starts(const ch_chart *ch, int c);
double ch_rows_band(const ch_chart *ch);
int ch_row_all_nan(const ch_chart *ch, int c);
double ch_draw_rows(ch_chart *ch, double y);

/* chart_likert.c: LIKERT */
void ch_likert_ends(const ch_chart *ch, int c, double *neg, double *pos);
double ch_likert_hidden(const ch_chart *ch, int c);
void ch_likert_ticks(ch_chart *ch, double m, double min_step);
void ch_likert_neutral_label(const ch_chart *ch, int c, double y);
void ch_likert_row(const ch_chart *ch, int c, double y);

/* chart_dot.c: DOT_CI */
double ch_dot_end(const ch_chart *ch, int s, int c);
void ch_dot_ticks(ch_chart *ch, int target);
void ch_dot_row(const ch_chart *ch, int c, double y);

/* chart_heatmap.c: HEATMAP */
void ch_heat_hatch(const ch_chart *ch, double x, double y, double w,
                   double h);
double ch_draw_heat(ch_chart *ch, double y);
void ch_heat_scale(ch_chart *ch);             /* also TILEMAP's */
ch_rgb ch_heat_color(const ch_chart *ch, double v);
const ch_rgb *ch_heat_text_on(const ch_rgb *c);
double ch_heat_legend(const ch_chart *ch, double y);

/* chart_tilemap.c: TILEMAP */
double ch_draw_tilemap(ch_chart *ch, double y);
int ch_spec_check_tilemap(const pv_chart_spec *s, pv_err *err);

/* chart_timeline.c: TIMELINE */
double ch_draw_timeline(ch_chart *ch, double y);
int ch_spec_check_timeline(const pv_chart_spec *s, pv_err *err);

/* chart_flow.c: FLOW */
double ch_draw_flow(ch_chart *ch, double y);

/* chart_surface.c: PDF, SVG and PNG files */
cairo_status_t ch_buf_write(void *closure, const unsigned char *data,
                            unsigned int len);
int ch_file_commit(const ch_buf *out, ch_format fmt,
                   const pv_chart_spec *s, const char *path, pv_err *err);
int ch_file_write(ch_chart *ch, ch_format fmt, const char *base,
                  pv_err *err);
void ch_vector_state(ch_chart *ch);

/* chart_book.c: a page of the book from a measured chart (in the vector
 * state: drawn into a recording surface) */
int ch_book_record(pv_chart_book *b, ch_chart *ch, const char *heading,
                 const char *caption, pv_err *err);

#endif
