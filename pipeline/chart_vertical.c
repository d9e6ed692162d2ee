/* chart_vertical.c — categories on x: VBAR_STACKED and LINE. */
#include "chart_int.h"

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
            PangoLayout *l = ch_layout_get(ch, CH_TICK, ch->s->cat_labels[c],
                                           avail, PANGO_ALIGN_CENTER, PANGO_WRAP_WORD);
            double bx, by, bw, bh;
            ch_layout_box(l, &bx, &by, &bw, &bh);
            ok = bw <= avail + 0.01 && pango_layout_get_line_count(l) <= 2;
            hmax = fmax(hmax, bh);
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
        PangoLayout *l = ch_layout_get(ch, CH_TICK, t, avail, PANGO_ALIGN_CENTER,
                                       PANGO_WRAP_WORD);
        double bx, by, bw, bh;
        ch_layout_box(l, &bx, &by, &bw, &bh);
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

double ch_draw_vertical(ch_chart *ch, double y)
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
