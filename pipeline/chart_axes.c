/* chart_axes.c — the value axis: range and "nice" 1-2-5 ticks, and
 * their labels (formatted by fmt.h in the spec's language). */
#include "chart_int.h"
#include "fmt.h"

/* ------------------------------------------------------------------------
 * Value axis: range and "nice" 1-2-5 ticks
 * ------------------------------------------------------------------------ */

/* Smallest and largest value drawn (stack sums for stacked kinds), always
 * including 0; [0, 1] when nothing is drawn. */
void ch_range(const ch_chart *ch, double *lo, double *hi)
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
void ch_ticks(ch_chart *ch, double lo, double hi, int target)
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

int ch_tick_count(const ch_chart *ch)
{
    return (int)lround((ch->hi - ch->lo) / ch->step) + 1;
}

double ch_tick_value(const ch_chart *ch, int i)
{
    double v = ch->lo + i * ch->step;
    return fabs(v) < ch->step * 1e-9 ? 0 : v;
}

char *ch_tick_label(const ch_chart *ch, int i, char *buf, size_t n)
{
    double v = ch_tick_value(ch, i);
    if (ch->s->kind == PV_CHART_LIKERT) /* distance from the centre */
        return pv_fmt_pct(buf, n, fabs(v), ch->tick_dec, ch->s->lang);
    if (ch->s->value_is_pct)
        return pv_fmt_pct(buf, n, v, ch->tick_dec, ch->s->lang);
    return pv_fmt_dec(buf, n, v, ch->tick_dec, ch->s->lang);
}

/* Widest tick label, pt; *h its height. */
double ch_tick_width_max(const ch_chart *ch, double *h)
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

/* The value axis's title (value_axis) centred under a horizontal plot from
 * y, kept inside the margins; returns the y under it (y when there is
 * none). */
double ch_axis_title(const ch_chart *ch, double y)
{
    if (ch->s->value_axis && *ch->s->value_axis) {
        ch_at at = {(ch->x0 + ch->x1) / 2, y + 2, 0.5, 0};
        double w = ch_text_size(ch, CH_AXIS, ch->s->value_axis, 0, NULL);
        at.x = ch_clamp_centre(at.x, w);
        y = at.y + ch_text(ch, CH_AXIS, ch->s->value_axis, 0, PANGO_ALIGN_LEFT,
                           at, NULL, NULL);
    }
    return y;
}
