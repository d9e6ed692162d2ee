/* chart_hbar.c — horizontal bars: HBAR (grouped when n_ser > 1) and
 * HBAR_STACKED; the notes and segment texts every stacked kind shares. */
#include "chart_int.h"

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
double ch_stack_note(const ch_chart *ch, int c, int draw, double x,
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
void ch_segment_text(const ch_chart *ch, int s, int c, double x, double y,
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
        ch_rect(ch, xa, yb, xb - xa, t, &ch_palette[ch_cell_slot(ch, s, c)]);
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
    return ch_axis_title(ch, y + (3 + h));
}

double ch_draw_hbar(ch_chart *ch, double y)
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
