/* chart_flow.c — FLOW: the steps of a flow as horizontal bars, one under
 * the other (families reached, then isolated, then referrals, then those
 * to the main destinations), each step that is a part of the one above
 * joined to it by a grey band, so that the bar narrows as the flow does.
 *
 * A flow may change its unit (families, then referrals): a step that is
 * not a part of the previous one starts a new chain, drawn at full width
 * again, after a gap crossed by a hairline, without a band: its length is
 * not comparable to the bars above.  So there is no value axis: each chain
 * is scaled to its largest step, and every bar carries its text (count and
 * share, formatted by the caller).  A hidden step (NAN) draws no bar: its text stands at
 * the bar's place, and the band to it and from it is not drawn. */
#include "chart_int.h"

#define CH_FLOW_BAR 18.0   /* thickness of a step's bar */
#define CH_FLOW_BAND 16.0  /* height of the band between a step and its part */
#define CH_FLOW_BREAK 22.0 /* gap before a step that starts a new chain,
                              a hairline across the page in its middle */

static const ch_rgb ch_flow_band = CH_HEX(0xE4E4E4);

static int ch_flow_part(const ch_chart *ch, int c)
{
    return c > 0 && ch->s->flow_part && ch->s->flow_part[c];
}

/* The largest shown value of the chain holding step c (its scale). */
static double ch_flow_scale(const ch_chart *ch, int c)
{
    double m = 0;
    int a = c, b = c;

    while (ch_flow_part(ch, a))
        a--;
    while (b + 1 < ch->s->n_cat && ch_flow_part(ch, b + 1))
        b++;
    for (int k = a; k <= b; k++)
        if (!isnan(ch_value(ch, 0, k)))
            m = fmax(m, ch_value(ch, 0, k));
    return m;
}

/* Width of the label column (as HBAR's: the widest label, at most
 * CH_CAT_MAX of the page) and of the widest bar text. */
static void ch_flow_widths(const ch_chart *ch, double *label_w, double *text_w)
{
    *label_w = *text_w = 0;
    for (int c = 0; c < ch->s->n_cat; c++) {
        const char *t = ch_cell_text(ch, 0, c);
        *label_w = fmax(*label_w, ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], 0, NULL));
        if (t)
            *text_w = fmax(*text_w, ch_text_size(ch, CH_VALUE, t, 0, NULL));
    }
    *label_w = fmin(ceil(*label_w), CH_CAT_MAX * (CH_W - 2 * CH_PAD));
}

/* Length of step c's bar, pt (0: hidden or empty). */
static double ch_flow_len(const ch_chart *ch, int c)
{
    double v = ch_value(ch, 0, c), m = ch_flow_scale(ch, c);
    return isnan(v) || m <= 0 || v <= 0 ? 0 : (ch->x1 - ch->x0) * v / m;
}

double ch_draw_flow(ch_chart *ch, double y)
{
    const ch_rgb *col = ch_slot_color(ch, 0);
    double label_w, text_w, prev_len = 0, h;

    ch_flow_widths(ch, &label_w, &text_w);
    ch->x0 = CH_PAD + label_w + 8;
    ch->x1 = fmax(CH_W - CH_PAD - 4 - text_w, ch->x0 + 60);
    ch->y0 = y;
    for (int c = 0; c < ch->s->n_cat; c++) {
        double len = ch_flow_len(ch, c), rh;
        const char *t = ch_cell_text(ch, 0, c);
        if (c > 0) {
            int part = ch_flow_part(ch, c);
            if (part && prev_len > 0 && len > 0 && ch->cr) { /* the band */
                cairo_set_source_rgb(ch->cr, ch_flow_band.r, ch_flow_band.g, ch_flow_band.b);
                cairo_move_to(ch->cr, ch->x0, y);
                cairo_line_to(ch->cr, ch->x0 + prev_len, y);
                cairo_line_to(ch->cr, ch->x0 + len, y + CH_FLOW_BAND);
                cairo_line_to(ch->cr, ch->x0, y + CH_FLOW_BAND);
                cairo_close_path(ch->cr);
                cairo_fill(ch->cr);
            }
            if (!part) { /* another unit: a line across, not a band */
                double yl = ch_snap(y + CH_FLOW_BREAK / 2, 0.5);
                ch_line(ch, CH_PAD, yl, CH_W - CH_PAD, yl, 0.5, &ch_grid);
            }
            y += part ? CH_FLOW_BAND : CH_FLOW_BREAK;
        }
        ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], label_w, &h);
        rh = fmax(CH_FLOW_BAR, h);
        ch_text(ch, CH_CAT, ch->s->cat_labels[c], label_w, PANGO_ALIGN_RIGHT,
                (ch_at){CH_PAD + label_w, y + rh / 2, 1, 0.5}, NULL, NULL);
        ch_rect(ch, ch->x0, y + (rh - CH_FLOW_BAR) / 2, len, CH_FLOW_BAR, col);
        if (t)
            ch_text(ch, CH_VALUE, t, 0, PANGO_ALIGN_LEFT,
                    (ch_at){ch->x0 + len + 4, y + rh / 2, 0, 0.5}, NULL, NULL);
        prev_len = len;
        y += rh;
    }
    ch->y1 = y;
    {
        double x = ch_snap(ch->x0, 0.75);
        if (ch->s->n_cat > 0)
            ch_line(ch, x, ch->y0, x, ch->y1, 0.75, &ch_axis);
    }
    return y + 2 * CH_GAP;
}
