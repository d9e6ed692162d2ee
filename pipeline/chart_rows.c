/* chart_rows.c — the rows of the questionnaire kinds (LIKERT, DOT_CI):
 * label and note columns, panel and group headers, grid, ticks; the
 * marks of each row are drawn by chart_likert.c and chart_dot.c. */
#include "chart_int.h"

/* ------------------------------------------------------------------------
 * Questionnaire rows (LIKERT, DOT_CI)
 *
 * Categories are rows, as in HBAR: a label column on the left, the plot,
 * and an optional column of cat_note texts on the right.  Above a row may
 * come a panel header (cat_panel changes: the previous panel's tick labels,
 * some space, a large title) and a group header (cat_group changes).  The
 * rows between two headers form a run; its grid lines (and the LIKERT centre
 * line) are drawn along the run only, so no line crosses a header.  The
 * page is walked twice with the same layout: phase 0 draws the grid, phase 1
 * everything over it.
 * ------------------------------------------------------------------------ */

typedef struct {
    double label_w; /* label column, pt */
    double note_w;  /* note column, pt; 0 when no category has a note */
    double note_x;  /* left edge of the note column */
} ch_rows;

/* a[c] if a, a[c] and *a[c], else NULL. */
const char *ch_opt_text(const char *const *a, int c)
{
    return a && a[c] && *a[c] ? a[c] : NULL;
}

static int ch_same_text(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Category c starts a panel: the first with a title, or a change of title. */
static int ch_panel_starts(const ch_chart *ch, int c)
{
    const char *const *p = ch->s->cat_panel;

    if (c == 0)
        return ch_opt_text(p, 0) != NULL;
    return !ch_same_text(ch_opt_text(p, c), ch_opt_text(p, c - 1));
}

/* Category c gets a group header: it has a group, and it differs from the
 * previous category's or a panel starts. */
int ch_group_starts(const ch_chart *ch, int c)
{
    const char *const *g = ch->s->cat_group;

    if (!ch_opt_text(g, c))
        return 0;
    return c == 0 || ch_panel_starts(ch, c) ||
           !ch_same_text(ch_opt_text(g, c), ch_opt_text(g, c - 1));
}

static double ch_rows_note_width(const ch_chart *ch)
{
    double w = 0;
    int c;

    for (c = 0; c < ch->s->n_cat; c++) {
        const char *t = ch_opt_text(ch->s->cat_note, c);
        if (t)
            w = fmax(w, ch_text_size(ch, CH_TICK, t, 0, NULL));
    }
    return fmin(ceil(w), CH_NOTE_MAX * (CH_W - 2 * CH_PAD));
}

static double ch_rows_label_width(const ch_chart *ch, double note_w)
{
    double w = 0;
    int c;

    for (c = 0; c < ch->s->n_cat; c++)
        w = fmax(w, ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], 0, NULL));
    return fmin(ceil(w), (note_w > 0 ? CH_CAT_MAX_NOTES : CH_CAT_MAX) *
                             (CH_W - 2 * CH_PAD));
}

/* Height of a row's marks: one bar, or the dodged dots of every series. */
double ch_rows_band(const ch_chart *ch)
{
    if (ch->s->kind == PV_CHART_LIKERT)
        return CH_BAR;
    return ch->s->n_ser > 1 ? ch->s->n_ser * CH_DOT_PITCH : CH_BAR_GROUPED;
}

static double ch_rows_row_height(const ch_chart *ch, const ch_rows *r, int c)
{
    const char *note = ch_opt_text(ch->s->cat_note, c);
    double h, hn = 0;

    ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], r->label_w, &h);
    if (note)
        ch_text_size(ch, CH_TICK, note, r->note_w, &hn);
    /* LIKERT bars 5 pt apart, so that a figure of two constructs answered
     * by three groups fits a page */
    double pad = ch->s->kind == PV_CHART_LIKERT ? 5 : 8;
    return fmax(fmax(ch_rows_band(ch) + pad, h + 6), hn + 6);
}

int ch_row_all_nan(const ch_chart *ch, int c)
{
    int s;

    for (s = 0; s < ch->s->n_ser; s++)
        if (!isnan(ch_value(ch, s, c)))
            return 0;
    return 1;
}

/* What follows the right end of a row's marks: LIKERT (s = 0 only), the
 * note of suppressed answers after the positive side; DOT_CI, the text of
 * cell (s, c) after its whisker.  Returns its width with the gap before it
 * (0: nothing) and stores the end, in value units, in *end. */
static double ch_rows_end(const ch_chart *ch, int s, int c, double *end)
{
    const char *t;
    double neg, w;

    if (ch->s->kind == PV_CHART_LIKERT) {
        if (s > 0 || ch_row_all_nan(ch, c))
            return 0;
        ch_likert_ends(ch, c, &neg, end);
        *end += ch_likert_hidden(ch, c);
        w = ch_stack_note(ch, c, 0, 0, 0, NULL);
        return w > 0 ? w + 4 + CH_HIDDEN_GAP : 0;
    }
    t = ch_cell_text(ch, s, c);
    if (!t || isnan(ch_value(ch, s, c)))
        return 0;
    *end = ch_dot_end(ch, s, c);
    return CH_DOT_R + 3 + ch_text_size(ch, CH_VALUE, t, 0, NULL);
}

/* DOT_CI: width of the column right of the plot that holds the symbols of
 * cells without a dot (a hollow marker and the caller's text: suppressed,
 * not asked, undefined), with the gap before it; 0 when there are none.
 * LIKERT: the symbol of a row whose answers are all hidden. */
static double ch_rows_symbol_width(const ch_chart *ch)
{
    double w = 0;
    int s, c;

    for (c = 0; c < ch->s->n_cat; c++)
        for (s = 0; s < ch->s->n_ser; s++) {
            const char *t = ch_cell_text(ch, s, c);
            if (!t || !isnan(ch_value(ch, s, c)))
                continue;
            if (ch->s->kind == PV_CHART_LIKERT) {
                if (ch_row_all_nan(ch, c))
                    w = fmax(w, ch_text_size(ch, CH_VALUE, t, 0, NULL));
                continue;
            }
            w = fmax(w, 2 * CH_DOT_R + 3 + ch_text_size(ch, CH_VALUE, t, 0, NULL));
        }
    return w > 0 ? w + 14 : 0;
}

/* The x map (ticks must be set): the plot between the label column and the
 * note column (or the margin) less the symbol column, narrowed so that the
 * end tick labels and every text after a row's marks fit. */
static void ch_rows_scale(ch_chart *ch, const ch_rows *r)
{
    const double right = (r->note_w > 0 ? r->note_x - 10 : CH_W - CH_PAD) -
                         ch_rows_symbol_width(ch);
    char buf[64];
    double wf = ch_text_size(ch, CH_TICK, ch_tick_label(ch, 0, buf, sizeof buf),
                             0, NULL);
    double wl = ch_text_size(ch, CH_TICK,
                             ch_tick_label(ch, ch_tick_count(ch) - 1, buf,
                                           sizeof buf), 0, NULL);
    double x0 = fmax(CH_PAD + r->label_w + 8, CH_PAD + wf / 2);
    double x1 = right - wl / 2, end, w;
    int s, c;

    for (c = 0; c < ch->s->n_cat; c++)
        for (s = 0; s < ch->s->n_ser; s++) {
            double frac;
            if ((w = ch_rows_end(ch, s, c, &end)) <= 0)
                continue;
            frac = (end - ch->lo) / (ch->hi - ch->lo);
            if (frac > 0) /* x0 + frac * (x1 - x0) + w <= right */
                x1 = fmin(x1, x0 + (right - w - x0) / frac);
        }
    x1 = fmax(x1, x0 + 60); /* absurdly long texts overflow rather than crash */
    ch->x0 = x0;
    ch->x1 = x1;
    ch->b = (x1 - x0) / (ch->hi - ch->lo);
    ch->a = x0 - ch->b * ch->lo;
}

/* Ticks and scale together: fewer ticks while their labels would touch. */
static void ch_rows_axis(ch_chart *ch, const ch_rows *r)
{
    if (ch->s->kind == PV_CHART_LIKERT) {
        double m = 0, neg, pos, min_step = 0;
        int c;
        for (c = 0; c < ch->s->n_cat; c++) {
            ch_likert_ends(ch, c, &neg, &pos);
            m = fmax(m, fmax(neg, pos + ch_likert_hidden(ch, c)));
        }
        if (m <= 0)
            m = 0.5;
        for (;;) { /* labels on every tick, or every other one */
            double need;
            ch_likert_ticks(ch, m, min_step);
            ch_rows_scale(ch, r);
            need = ch_tick_width_max(ch, NULL) + 8;
            ch->tick_every = need <= ch->b * ch->step ? 1 : 2;
            if (need <= ch->tick_every * ch->b * ch->step || ch->step >= 1)
                break;
            min_step = ch->step * 1.01;
        }
    } else {
        int target;
        for (target = 6; target >= 2; target--) {
            ch_dot_ticks(ch, target);
            ch_rows_scale(ch, r);
            if (ch_tick_width_max(ch, NULL) + 8 <= ch->b * ch->step)
                break;
        }
    }
}

/* Row c at y, rh tall: label, marks, note (phase 1); the LIKERT neutral
 * label (phase 2). */
static void ch_rows_row(const ch_chart *ch, const ch_rows *r, int c, double y,
                        double rh, int phase)
{
    const char *note = ch_opt_text(ch->s->cat_note, c);
    double band_y = y + (rh - ch_rows_band(ch)) / 2;

    if (phase == 2) {
        if (ch->s->kind == PV_CHART_LIKERT)
            ch_likert_neutral_label(ch, c, band_y);
        return;
    }
    ch_text(ch, CH_CAT, ch->s->cat_labels[c], r->label_w, PANGO_ALIGN_RIGHT,
            (ch_at){CH_PAD + r->label_w, y + rh / 2, 1, 0.5}, NULL, NULL);
    if (ch->s->kind == PV_CHART_LIKERT)
        ch_likert_row(ch, c, band_y);
    else
        ch_dot_row(ch, c, band_y);
    if (note)
        ch_text(ch, CH_TICK, note, r->note_w, PANGO_ALIGN_LEFT,
                (ch_at){r->note_x, y + rh / 2, 0, 0.5}, NULL, NULL);
}

/* The lines along a run of rows from ya to yb: phase 0 the grid, phase 1
 * the LIKERT centre line (over the bars), phase 2 none. */
static void ch_rows_run(const ch_chart *ch, int phase, double ya, double yb)
{
    int i;

    if (phase == 2)
        return;
    if (phase == 1) {
        if (ch->s->kind == PV_CHART_LIKERT) {
            double x = ch_snap(ch_map(ch, 0), 1.0);
            ch_line(ch, x, ya, x, yb, 1.0, &ch_grey);
        }
        return;
    }
    for (i = 0; i < ch_tick_count(ch); i++) {
        double v = ch_tick_value(ch, i), x = ch_snap(ch_map(ch, v), 0.5);
        if (ch->s->kind != PV_CHART_LIKERT || v != 0)
            ch_line(ch, x, ya, x, yb, 0.5, &ch_grid);
    }
    if (ch->s->kind == PV_CHART_DOT_CI && ch->s->ref_on && ch->s->ref_value >= ch->lo &&
        ch->s->ref_value <= ch->hi) { /* the reader's reference: 0, a midpoint */
        double x = ch_snap(ch_map(ch, ch->s->ref_value), 1.0);
        ch_line(ch, x, ya, x, yb, 1.0, &ch_axis);
    }
}

/* Is tick i labelled?  Every tick_every-th, counted from the LIKERT centre
 * (or the first tick). */
static int ch_tick_labelled(const ch_chart *ch, int i)
{
    int k = ch->tick_every > 1 ? ch->tick_every : 1;
    long from = ch->s->kind == PV_CHART_LIKERT ? lround(-ch->lo / ch->step) : 0;

    return labs(i - from) % k == 0;
}

/* Tick labels under a panel; returns the new y. */
static double ch_rows_tick_labels(const ch_chart *ch, double y)
{
    char buf[64];
    double h = 0;
    int i;

    for (i = 0; i < ch_tick_count(ch); i++)
        if (ch_tick_labelled(ch, i))
            ch_text(ch, CH_TICK, ch_tick_label(ch, i, buf, sizeof buf), 0,
                    PANGO_ALIGN_LEFT,
                    (ch_at){ch_map(ch, ch_tick_value(ch, i)), y + 3, 0.5, 0},
                    NULL, &h);
    return y + 3 + h;
}

/* One walk down the rows from y (see the section comment; phase 2 draws
 * only the LIKERT neutral labels, over the centre line); returns the y under
 * the last tick labels. */
static double ch_rows_walk(const ch_chart *ch, const ch_rows *r, int phase,
                           double y)
{
    const double cw = CH_W - 2 * CH_PAD;
    ch_chart mute = *ch;
    const ch_chart *tc = phase == 1 ? ch : &mute; /* texts: phase 1 only */
    double run_y = -1;
    int c;

    mute.cr = NULL;
    for (c = 0; c < ch->s->n_cat; c++) {
        const char *panel = ch_opt_text(ch->s->cat_panel, c);
        int ps = ch_panel_starts(ch, c), gs = ch_group_starts(ch, c);
        double rh;
        if ((ps || gs) && run_y >= 0) {
            ch_rows_run(ch, phase, run_y, y);
            run_y = -1;
        }
        if (ps && c > 0)
            y = ch_rows_tick_labels(tc, y) + CH_PANEL_GAP;
        if (ps && panel)
            y += ch_text(tc, CH_PANEL, panel, cw, PANGO_ALIGN_LEFT,
                         (ch_at){CH_PAD, y, 0, 0}, NULL, NULL) + 5;
        if (gs) {
            if (!ps && c > 0)
                y += 5;
            y += ch_text(tc, CH_GROUP, ch->s->cat_group[c], cw,
                         PANGO_ALIGN_LEFT, (ch_at){CH_PAD, y, 0, 0}, NULL,
                         NULL) + 2;
        }
        if (run_y < 0)
            run_y = y;
        rh = ch_rows_row_height(ch, r, c);
        if (phase >= 1)
            ch_rows_row(ch, r, c, y, rh, phase);
        y += rh;
    }
    if (ch->s->n_cat == 0) { /* an empty but well-formed frame */
        run_y = y;
        y += CH_BAR + 8;
    }
    if (run_y >= 0)
        ch_rows_run(ch, phase, run_y, y);
    return ch_rows_tick_labels(tc, y);
}

double ch_draw_rows(ch_chart *ch, double y)
{
    ch_rows r;

    r.note_w = ch_rows_note_width(ch);
    r.label_w = ch_rows_label_width(ch, r.note_w);
    r.note_x = CH_W - CH_PAD - r.note_w;
    ch_rows_axis(ch, &r);
    ch->y0 = y;
    ch_rows_walk(ch, &r, 0, y);
    ch->y1 = ch_rows_walk(ch, &r, 1, y);
    if (ch->s->kind == PV_CHART_LIKERT)
        ch_rows_walk(ch, &r, 2, y);
    return ch_axis_title(ch, ch->y1) + CH_GAP;
}
