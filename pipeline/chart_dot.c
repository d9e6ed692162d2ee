/* chart_dot.c — DOT_CI: dodged dots with interval whiskers, drawn in the
 * rows of chart_rows.c. */
#include "chart_int.h"

/* DOT_CI: right end of cell (s, c)'s marks (dot or whisker) in value units,
 * within the axis. */
double ch_dot_end(const ch_chart *ch, int s, int c)
{
    size_t i = (size_t)s * (size_t)ch->s->n_cat + (size_t)c;
    double e = ch->s->values[i], lo = ch->s->ci_low[i], hi = ch->s->ci_high[i];

    if (!isnan(lo) && !isnan(hi))
        e = fmax(e, hi);
    return fmin(fmax(e, ch->lo), ch->hi);
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
void ch_dot_ticks(ch_chart *ch, int target)
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

/* DOT_CI: the dodged series of category c, band top at y. */
void ch_dot_row(const ch_chart *ch, int c, double y)
{
    const pv_chart_spec *sp = ch->s;
    const double pitch = sp->n_ser > 1 ? CH_DOT_PITCH : ch_rows_band(ch);
    int s;

    for (s = 0; s < sp->n_ser; s++) {
        size_t i = (size_t)s * (size_t)sp->n_cat + (size_t)c;
        double v = sp->values[i], lo = sp->ci_low[i], hi = sp->ci_high[i];
        double yc = y + (s + 0.5) * pitch;
        const char *t = ch_cell_text(ch, s, c);
        const int slot = ch_cell_slot(ch, s, c);
        if (!isnan(lo) && !isnan(hi)) {
            double a = fmax(lo, ch->lo), b = fmin(hi, ch->hi);
            if (a < b)
                ch_line(ch, ch_map(ch, a), yc, ch_map(ch, b), yc, CH_WHISKER,
                        &ch_palette[slot]);
        }
        if (isnan(v)) {
            if (t) { /* no estimate: a hollow marker and the caller's symbol
                      * in the column right of the plot, never at a value */
                ch_marker_slot(ch, slot, ch->x1 + 14 + CH_DOT_R, yc,
                               CH_DOT_R - 0.5, 1);
                ch_text(ch, CH_VALUE, t, 0, PANGO_ALIGN_LEFT,
                        (ch_at){ch->x1 + 14 + 2 * CH_DOT_R + 3, yc, 0, 0.5},
                        NULL, NULL);
            }
            continue;
        }
        if (v >= ch->lo - 1e-9 * (ch->hi - ch->lo) &&
            v <= ch->hi + 1e-9 * (ch->hi - ch->lo))
            ch_marker_slot(ch, slot, ch_map(ch, v), yc, CH_DOT_R, 0);
        if (t)
            ch_text(ch, CH_VALUE, t, 0, PANGO_ALIGN_LEFT,
                    (ch_at){ch_map(ch, ch_dot_end(ch, s, c)) + CH_DOT_R + 3, yc,
                            0, 0.5}, NULL, NULL);
    }
}
