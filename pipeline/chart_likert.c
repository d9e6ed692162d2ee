/* chart_likert.c — LIKERT: diverging stacked bars centred on the
 * neutral point, drawn in the rows of chart_rows.c. */
#include "chart_int.h"
#include "fmt.h"

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
void ch_likert_ends(const ch_chart *ch, int c, double *neg, double *pos)
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
double ch_likert_hidden(const ch_chart *ch, int c)
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

/* LIKERT ticks: symmetric, -M..M, M the smallest whole number of steps
 * (at most 4 a side) reaching m; ties go to the smaller step.  Only steps
 * of at least min_step. */
void ch_likert_ticks(ch_chart *ch, double m, double min_step)
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
void ch_likert_neutral_label(const ch_chart *ch, int c, double y)
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
void ch_likert_row(const ch_chart *ch, int c, double y)
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
