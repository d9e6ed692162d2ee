/* chart_timeline.c — TIMELINE: rows of periods (bars) and dates (marks)
 * on a time axis of months (chart.h). */
#include "chart_int.h"

#include "fmt.h"
#include "value.h"

int ch_spec_check_timeline(const pv_chart_spec *s, pv_err *err)
{
    if (s->tile_col || s->tile_row || s->tile_blank || s->blank_label)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: tile_* and blank_label are drawn only by TILEMAP charts");
    if (s->n_ser != 1)
        return pv_err_set(err, PV_EXIT_DATA, "chart: TIMELINE: %d series (must be 1)",
                          s->n_ser);
    if (s->n_event < 0 || s->n_event > 100000)
        return pv_err_set(err, PV_EXIT_DATA, "chart: TIMELINE: %d events (must be 0 to 100000)",
                          s->n_event);
    if (s->n_event > 0 && (!s->event_row || !s->event_start || !s->event_end))
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: TIMELINE: event_row, event_start or event_end is NULL");
    for (int e = 0; e < s->n_event; e++) {
        double a = s->event_start[e], b = s->event_end[e];
        if (s->event_row[e] < 0 || s->event_row[e] >= s->n_cat)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: TIMELINE: event %d on row %d (must be 0 to %d)", e + 1,
                              s->event_row[e], s->n_cat - 1);
        /* days of years 1..9999: the axis's months must be civil dates */
        if (!isfinite(a) || !isfinite(b) || a > b || a < -719162 || b > 2932896)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: TIMELINE: event %d runs from day %g to day %g", e + 1,
                              a, b);
    }
    for (int c = 0; s->ser_slot && c < s->n_cat; c++)
        if (s->ser_slot[c] < 0 || s->ser_slot[c] >= PV_CHART_SLOTS)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: TIMELINE: row %d has palette slot %d (must be 0 to %d)",
                              c + 1, s->ser_slot[c], PV_CHART_SLOTS - 1);
    return 0;
}

/* The axis: whole months from the month of the earliest event to that of
 * the latest; m0 is the first as year * 12 + month - 1, n the count. */
typedef struct {
    int m0, n;
    double x0, x1;   /* the axis on the page */
    double day0, day1;
    double label_w;  /* the row labels' column */
    int every;       /* a month name every k months */
} ch_tl;

static double ch_tl_month_day(int m)
{
    return pv_days_from_civil(m / 12, m % 12 + 1, 1);
}

static double ch_tl_x(const ch_tl *t, double day)
{
    return t->x0 + (t->x1 - t->x0) * (day - t->day0) / (t->day1 - t->day0);
}

static void ch_tl_measure(const ch_chart *ch, ch_tl *t)
{
    const pv_chart_spec *s = ch->s;
    double lo = INFINITY, hi = -INFINITY, w = 0;
    int y, m, d, c, k;

    for (int e = 0; e < s->n_event; e++) {
        lo = fmin(lo, s->event_start[e]);
        hi = fmax(hi, s->event_end[e]);
    }
    if (s->n_event == 0)
        lo = hi = 0;
    pv_civil_from_days((int32_t)floor(lo), &y, &m, &d);
    t->m0 = y * 12 + m - 1;
    pv_civil_from_days((int32_t)floor(hi), &y, &m, &d);
    t->n = y * 12 + m - 1 - t->m0 + 1;
    t->day0 = ch_tl_month_day(t->m0);
    t->day1 = ch_tl_month_day(t->m0 + t->n);
    for (c = 0; c < s->n_cat; c++)
        w = fmax(w, ch_text_size(ch, CH_CAT, s->cat_labels[c], 0, NULL));
    t->label_w = ceil(fmin(w, CH_CAT_MAX * (CH_W - 2 * CH_PAD)));
    t->x0 = CH_PAD + t->label_w + 8;
    t->x1 = CH_W - CH_PAD - 4;
    /* month names centred in their month: every k-th when they crowd */
    for (k = 1; k < 12; k++) {
        int fits = 1;
        for (int i = 0; i < t->n && fits; i += k)
            fits = ch_text_size(ch, CH_TICK, pv_fmt_month_abbr((t->m0 + i) % 12 + 1, s->lang), 0,
                                NULL) + 3 <=
                   k * (t->x1 - t->x0) / t->n;
        if (fits)
            break;
    }
    t->every = k;
}

/* Row c's colour. */
static const ch_rgb *ch_tl_color(const ch_chart *ch, int c)
{
    return &ch_palette[ch->s->ser_slot ? ch->s->ser_slot[c] : c % PV_CHART_SLOTS];
}

/* A mark: a short upright line, so that sessions a day or two apart stay
 * apart (a cluster reads as a band; the data file lists every date). */
static void ch_tl_mark(const ch_chart *ch, double x, double y, const ch_rgb *col)
{
    ch_line(ch, x, y - CH_TL_BAR / 2 - 1, x, y + CH_TL_BAR / 2 + 1, 1.2, col);
}

/* The month axis under the rows, from y; returns the y under it. */
static double ch_tl_axis(const ch_chart *ch, const ch_tl *t, double y)
{
    double lh = 0, yh = 0;
    char buf[64];

    for (int i = 0; i < t->n; i++) {
        int m = t->m0 + i;
        double xa = ch_tl_x(t, ch_tl_month_day(m)), xb = ch_tl_x(t, ch_tl_month_day(m + 1));
        ch_line(ch, ch_snap(xa, 0.5), y, ch_snap(xa, 0.5), y + 3, 0.5, &ch_axis);
        if (i % t->every == 0)
            ch_text(ch, CH_TICK, pv_fmt_month_abbr(m % 12 + 1, ch->s->lang), 0,
                    PANGO_ALIGN_LEFT, (ch_at){(xa + xb) / 2, y + 3, 0.5, 0}, NULL, &lh);
        if (i == 0 || m % 12 == 0) { /* the year, under its first month */
            snprintf(buf, sizeof buf, "%d", m / 12);
            ch_text(ch, CH_TICK, buf, 0, PANGO_ALIGN_LEFT,
                    (ch_at){xa + 1, y + 3 + lh + 1, 0, 0}, NULL, &yh);
        }
    }
    double xe = ch_tl_x(t, t->day1);
    ch_line(ch, ch_snap(xe, 0.5), y, ch_snap(xe, 0.5), y + 3, 0.5, &ch_axis);
    ch_line(ch, t->x0, ch_snap(y, 0.5), t->x1, ch_snap(y, 0.5), 0.5, &ch_axis);
    return y + 3 + lh + 1 + yh + CH_GAP;
}

double ch_draw_timeline(ch_chart *ch, double y)
{
    const pv_chart_spec *s = ch->s;
    ch_tl t;
    double top = y, bottom = y + s->n_cat * CH_TL_ROW;

    ch_tl_measure(ch, &t);
    /* month lines, under everything */
    for (int i = 0; i <= t.n; i++) {
        double x = ch_snap(ch_tl_x(&t, ch_tl_month_day(t.m0 + i)), 0.5);
        ch_line(ch, x, top, x, bottom, 0.5, &ch_grid);
    }
    for (int c = 0; c < s->n_cat; c++) {
        double yc = top + (c + 0.5) * CH_TL_ROW;
        ch_text(ch, CH_CAT, s->cat_labels[c], t.label_w, PANGO_ALIGN_RIGHT,
                (ch_at){CH_PAD + t.label_w, yc, 1, 0.5}, NULL, NULL);
    }
    /* bars first, then marks over them */
    for (int pass = 0; pass < 2; pass++)
        for (int e = 0; e < s->n_event; e++) {
            int c = s->event_row[e], bar = s->event_end[e] > s->event_start[e];
            double yc = top + (c + 0.5) * CH_TL_ROW;
            if (pass == 0 && bar) {
                double xa = ch_tl_x(&t, s->event_start[e]);
                double xb = ch_tl_x(&t, s->event_end[e] + 1); /* to the end of its last day */
                ch_rect(ch, xa, yc - CH_TL_BAR / 2, fmax(xb - xa, 1), CH_TL_BAR,
                        ch_tl_color(ch, c));
            } else if (pass == 1 && !bar) {
                ch_tl_mark(ch, ch_tl_x(&t, s->event_start[e] + 0.5), yc, ch_tl_color(ch, c));
            }
        }
    return ch_tl_axis(ch, &t, bottom + 2);
}
