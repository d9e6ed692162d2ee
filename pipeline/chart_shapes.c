/* chart_shapes.c — rectangles, hairlines and series markers (no-ops while
 * measuring). */
#include "chart_int.h"

void ch_rect(const ch_chart *ch, double x, double y, double w, double h,
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
double ch_snap(double v, double lw)
{
    double px = lw * CH_PNG_SCALE;
    double half = fmod(round(px), 2.0) == 1.0 ? 0.5 : 0.0;
    return (floor(v * CH_PNG_SCALE) + half) / CH_PNG_SCALE;
}

void ch_line(const ch_chart *ch, double xa, double ya, double xb,
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
void ch_marker_shape(const ch_chart *ch, int s, double x, double y,
                     double r, int hollow)
{
    ch_marker_slot(ch, ch_ser_slot(ch, s), x, y, r, hollow);
}

/* The marker of palette slot `slot` (its colour and shape). */
void ch_marker_slot(const ch_chart *ch, int slot, double x, double y,
                    double r, int hollow)
{
    const ch_rgb *c = &ch_palette[slot];

    if (!ch->cr)
        return;
    cairo_set_source_rgb(ch->cr, c->r, c->g, c->b);
    /* a fresh path: text drawn before leaves a current point, and cairo_arc
     * would join it to the circle with a line */
    cairo_new_path(ch->cr);
    switch (slot % 4) { /* the shape follows the colour */
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

void ch_marker_r(const ch_chart *ch, int s, double x, double y,
                 double r)
{
    ch_marker_shape(ch, s, x, y, r, 0);
}

void ch_marker(const ch_chart *ch, int s, double x, double y)
{
    ch_marker_r(ch, s, x, y, 2.6);
}

/* Keep a box of width w centred at x inside the page margins. */
double ch_clamp_centre(double x, double w)
{
    if (x - w / 2 < CH_PAD)
        x = CH_PAD + w / 2;
    if (x + w / 2 > CH_W - CH_PAD)
        x = CH_W - CH_PAD - w / 2;
    return x;
}
