/* chart_page.c — the page of every kind: titles, series legend, the
 * kind's own block, the note; ch_draw lays out (and draws) it all. */
#include "chart_int.h"

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
 * The page
 * ------------------------------------------------------------------------ */

/* Lay out (and, with a target, draw) the whole figure; returns the page
 * height in whole points. */
double ch_draw(ch_chart *ch)
{
    double y;

    if (ch->cr) {
        cairo_set_source_rgb(ch->cr, 1, 1, 1);
        cairo_paint(ch->cr);
    }
    y = ch_draw_titles(ch, CH_PAD);
    if (ch->s->kind == PV_CHART_HEATMAP) {
        y = ch_draw_heat(ch, y); /* its own colour legend, no series legend */
    } else if (ch->s->kind == PV_CHART_TILEMAP) {
        y = ch_draw_tilemap(ch, y); /* the same colour legend */
    } else if (ch->s->kind == PV_CHART_TIMELINE) {
        y = ch_draw_timeline(ch, y); /* rows labelled, no legend */
    } else if (ch->s->kind == PV_CHART_FLOW) {
        y = ch_draw_flow(ch, y); /* one series: no legend, no axis */
    } else {
        y = ch_draw_legend(ch, y);
        y = ch_is_rows(ch)       ? ch_draw_rows(ch, y)
            : ch_is_vertical(ch) ? ch_draw_vertical(ch, y)
                                 : ch_draw_hbar(ch, y);
    }
    y = ch_draw_note(ch, y - CH_GAP + 4);
    return ceil(y + CH_PAD);
}
