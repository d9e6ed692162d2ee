/* chart_heatmap.c — HEATMAP: a matrix of shaded (or categorical) cells. */
#include "chart_int.h"
#include "fmt.h"

/* ------------------------------------------------------------------------
 * Heat map (HEATMAP)
 *
 * Rows are categories, as in the questionnaire kinds: a label column on
 * the left, group headers above rows (cat_group).  Columns are series: all
 * the same width, sharing what the label column leaves, under a block of
 * column headers (wrapped horizontally when every one fits its column on
 * at most CH_HEAT_HEAD_LINES lines, else turned 90 degrees).  A colour
 * legend comes first, under the title.  Cells are inset by half a point,
 * so a white line separates them.
 * ------------------------------------------------------------------------ */

typedef struct {
    double label_w; /* row label column, pt */
    double x0;      /* left edge of the matrix */
    double col_w;   /* width of a column */
    int turned;     /* column headers turned 90 degrees */
    double turn_h;  /* turned: length a header may take before it wraps */
    double head_h;  /* height of the column headers' block (0: none) */
    int cell_st;    /* style of the cells' texts, or -1 for none */
} ch_heat;

static int ch_heat_blank(const ch_chart *ch, int s, int c)
{
    return ch->s->heat_diagonal_blank == 1 ? s == c
           : ch->s->heat_diagonal_blank == 2 ? s > c /* upper triangle */
                                              : 0;
}

/* The scale: ch->lo = 0, ch->hi the value of the darkest colour, ch->step
 * between the legend's ticks.  Shares: 0 to 100 %, every 25 %; other
 * values: 0 to the largest cell (not blank, not NAN; 1 if none is above 0)
 * rounded up to a whole tick, at most 5 ticks. */
void ch_heat_scale(ch_chart *ch)
{
    double m = 0;
    int s, c, target;

    if (ch->s->value_is_pct) {
        ch->lo = 0;
        ch->hi = 1;
        ch->step = 0.25;
        ch->tick_dec = ch->s->value_decimals;
        return;
    }
    for (s = 0; s < ch->s->n_ser; s++)
        for (c = 0; c < ch->s->n_cat; c++)
            if (!ch_heat_blank(ch, s, c) && !isnan(ch_value(ch, s, c)))
                m = fmax(m, ch_value(ch, s, c));
    if (m <= 0)
        m = 1;
    for (target = 4; target >= 2; target--) {
        ch_ticks(ch, 0, m, target);
        if (ch_tick_count(ch) <= 5)
            break;
    }
}

/* Colour of value v on the scale (Blues, interpolated). */
ch_rgb ch_heat_color(const ch_chart *ch, double v)
{
    double t = ch->hi > 0 ? v / ch->hi : 0, f;
    int i;
    ch_rgb a, b, r;

    t = fmin(fmax(t, 0), 1) * (CH_HEAT_STOPS - 1);
    i = (int)floor(t);
    if (i >= CH_HEAT_STOPS - 1)
        i = CH_HEAT_STOPS - 2;
    f = t - i;
    a = ch_heat_ramp[i];
    b = ch_heat_ramp[i + 1];
    r.r = a.r + f * (b.r - a.r);
    r.g = a.g + f * (b.g - a.g);
    r.b = a.b + f * (b.b - a.b);
    return r;
}

/* Colour of a cell with a value: its palette slot, or its shade of the
 * scale. */
static ch_rgb ch_heat_cell_color(const ch_chart *ch, int s, int c)
{
    size_t i = (size_t)s * (size_t)ch->s->n_cat + (size_t)c;

    if (ch->s->cell_slot && ch->s->cell_slot[i] >= 0)
        return ch_palette[ch->s->cell_slot[i]];
    return ch_heat_color(ch, ch_value(ch, s, c));
}

/* Dark or white text on a cell of colour c, whichever contrasts more (the
 * crossing of the two WCAG contrast ratios with ch_ink is near a relative
 * luminance of 0.21; the squares approximate sRGB's gamma). */
const ch_rgb *ch_heat_text_on(const ch_rgb *c)
{
    double l = 0.2126 * c->r * c->r + 0.7152 * c->g * c->g + 0.0722 * c->b * c->b;
    return l > 0.21 ? &ch_ink : &ch_white;
}

/* Text of cell (s, c), formatted into buf when the caller gave none; NULL
 * for a blank cell. */
static const char *ch_heat_cell_text(const ch_chart *ch, int s, int c,
                                     char *buf, size_t n)
{
    const char *t;
    double v = ch_value(ch, s, c);

    if (ch_heat_blank(ch, s, c))
        return NULL;
    if (ch->s->value_text && !isnan(v) && /* "": no text (a zero left white) */
        (t = ch->s->value_text[(size_t)s * (size_t)ch->s->n_cat + (size_t)c]) && !*t)
        return NULL;
    if ((t = ch_cell_text(ch, s, c))) /* NAN cells: theirs or a dash */
        return t;
    if (ch->s->value_is_pct)
        return pv_fmt_pct(buf, n, v, ch->s->value_decimals, ch->s->lang);
    return pv_fmt_dec(buf, n, v, ch->s->value_decimals, ch->s->lang);
}

/* Row label column: the widest label, at most CH_CAT_MAX of the page and
 * no more than leaves every column CH_HEAT_COL_MIN (longer labels wrap). */
static double ch_heat_label_width(const ch_chart *ch)
{
    const double cw = CH_W - 2 * CH_PAD;
    double w = 0, cap;
    int c;

    for (c = 0; c < ch->s->n_cat; c++)
        w = fmax(w, ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], 0, NULL));
    cap = fmin(CH_CAT_MAX * cw, cw - 8 - ch->s->n_ser * CH_HEAT_COL_MIN);
    return fmin(ceil(w), cap);
}

static const char *ch_heat_head_text(const ch_chart *ch, int s)
{
    return ch->s->ser_labels ? ch->s->ser_labels[s] : NULL;
}

/* A layout of column header s, wrapped at whole words at wrap pt (<= 0:
 * one line); borrowed (ch_layout_get). */
static PangoLayout *ch_heat_head_layout(const ch_chart *ch, int s, double wrap,
                                        PangoAlignment al)
{
    return ch_layout_get(ch, CH_HEAD, ch_heat_head_text(ch, s), wrap, al,
                         PANGO_WRAP_WORD);
}

/* Header s on at most k lines at wrap width w: its box if it fits. */
static int ch_heat_head_fits(const ch_chart *ch, int s, double w, int k,
                             double *bw, double *bh)
{
    PangoLayout *l = ch_heat_head_layout(ch, s, w, PANGO_ALIGN_CENTER);
    double bx, by;
    int ok;

    ch_layout_box(l, &bx, &by, bw, bh);
    ok = *bw <= w + 0.01 && pango_layout_get_line_count(l) <= k;
    return ok;
}

/* Turned header s: the wrap width (pt; <= 0: one line) that keeps it on at
 * most k lines, as short as whole words allow but no shorter than need
 * be: a header no longer than h->turn_h stays on one line. */
static double ch_heat_turn_wrap(const ch_chart *ch, const ch_heat *h, int s,
                                int k)
{
    double nw = ch_text_size(ch, CH_HEAD, ch_heat_head_text(ch, s), 0, NULL);
    double w, bw, bh;

    if (k < 2 || nw <= h->turn_h)
        return 0;
    for (w = fmax(h->turn_h, ceil(nw / k)); w < nw; w += 2)
        if (ch_heat_head_fits(ch, s, w, k, &bw, &bh))
            return w;
    return 0;
}

/* Lines a turned header may take: as many as the column holds side by
 * side (at least 1, at most CH_HEAT_HEAD_LINES). */
static int ch_heat_turn_lines(const ch_chart *ch, const ch_heat *h)
{
    double lh;
    int k;

    ch_text_size(ch, CH_HEAD, "Ag", 0, &lh);
    k = (int)floor((h->col_w - 2) / lh);
    return k < 1 ? 1 : k > CH_HEAT_HEAD_LINES ? CH_HEAT_HEAD_LINES : k;
}

/* Column widths and headers: horizontal when every header fits its column
 * on at most CH_HEAT_HEAD_LINES lines, else turned, each wrapped to no
 * more lines than its column holds and the block as low as that allows. */
static void ch_heat_measure(const ch_chart *ch, ch_heat *h)
{
    const double cw = CH_W - 2 * CH_PAD;
    double bw, bh;
    int s, k, i;

    h->label_w = ch_heat_label_width(ch);
    h->x0 = CH_PAD + h->label_w + 8;
    h->col_w = (CH_PAD + cw - h->x0) / ch->s->n_ser;
    h->turned = 0;
    h->turn_h = 0;
    h->head_h = 0;
    if (!ch->s->ser_labels)
        return;
    for (s = 0; s < ch->s->n_ser; s++) {
        if (!ch_heat_head_fits(ch, s, h->col_w - 4, CH_HEAT_HEAD_LINES, &bw,
                               &bh)) {
            h->turned = 1;
            break;
        }
        h->head_h = fmax(h->head_h, bh);
    }
    if (!h->turned)
        return;
    /* Turned: the block is as high as the longest header needs on up to k
     * lines (first walk, turn_h = 0: each header as short as it can be);
     * headers no longer than that keep one line (second walk). */
    k = ch_heat_turn_lines(ch, h);
    for (i = 0; i < 2; i++) {
        double len = 0;
        for (s = 0; s < ch->s->n_ser; s++) {
            double w = ch_heat_turn_wrap(ch, h, s, k);
            if (w > 0)
                ch_heat_head_fits(ch, s, w, k, &bw, &bh);
            else
                bw = ch_text_size(ch, CH_HEAD, ch_heat_head_text(ch, s), 0,
                                  NULL);
            len = fmax(len, bw);
        }
        if (i == 0)
            h->turn_h = ceil(len);
        else
            h->head_h = len;
    }
}

/* The column headers, their bottom at y. */
static void ch_heat_heads(const ch_chart *ch, const ch_heat *h, double y)
{
    int s, k = h->turned ? ch_heat_turn_lines(ch, h) : 0;

    if (!ch->cr || !ch->s->ser_labels)
        return;
    for (s = 0; s < ch->s->n_ser; s++) {
        double xc = h->x0 + (s + 0.5) * h->col_w, bx, by, bw, bh;
        PangoLayout *l;
        if (!h->turned) {
            ch_text(ch, CH_HEAD, ch_heat_head_text(ch, s), h->col_w - 4,
                    PANGO_ALIGN_CENTER, (ch_at){xc, y, 0.5, 1}, NULL, NULL);
            continue;
        }
        l = ch_heat_head_layout(ch, s, ch_heat_turn_wrap(ch, h, s, k),
                                PANGO_ALIGN_LEFT);
        ch_layout_box(l, &bx, &by, &bw, &bh);
        cairo_save(ch->cr);
        cairo_translate(ch->cr, xc, y);
        cairo_rotate(ch->cr, -G_PI / 2); /* x up the page, y to the right */
        cairo_set_source_rgb(ch->cr, ch_ink.r, ch_ink.g, ch_ink.b);
        cairo_move_to(ch->cr, -bx, -bh / 2 - by);
        pango_cairo_show_layout(ch->cr, l);
        cairo_restore(ch->cr);
    }
}

/* A suppressed cell: light grey, hatched at 45 degrees. */
void ch_heat_hatch(const ch_chart *ch, double x, double y, double w,
                   double h)
{
    const double pitch = 3.0;
    double d;

    ch_rect(ch, x, y, w, h, &ch_heat_nan);
    if (!ch->cr)
        return;
    cairo_save(ch->cr);
    cairo_new_path(ch->cr);
    cairo_rectangle(ch->cr, x, y, w, h);
    cairo_clip(ch->cr);
    for (d = pitch; d < w + h; d += pitch) {
        cairo_move_to(ch->cr, x + d, y);
        cairo_line_to(ch->cr, x + d - h, y + h);
    }
    cairo_set_source_rgb(ch->cr, ch_heat_hatch_ink.r, ch_heat_hatch_ink.g,
                         ch_heat_hatch_ink.b);
    cairo_set_line_width(ch->cr, 0.6);
    cairo_set_line_cap(ch->cr, CAIRO_LINE_CAP_BUTT);
    cairo_stroke(ch->cr);
    cairo_restore(ch->cr);
}

/* Style of the texts of the cells with a value: CH_VALUE if all of them
 * fit their cells, else the smaller CH_CELL_SMALL if all of those fit, else
 * -1 (none: texts in some cells only would read as a difference).  Texts of
 * suppressed cells do not count: they are shown wherever they fit. */
static int ch_heat_cell_style(const ch_chart *ch, const ch_heat *h)
{
    static const ch_style st[2] = {CH_VALUE, CH_CELL_SMALL};
    char buf[64];
    int i, s, c, ok = 1;

    for (i = 0; i < 2; i++) {
        for (ok = 1, s = 0; ok && s < ch->s->n_ser; s++)
            for (c = 0; ok && c < ch->s->n_cat; c++) {
                const char *t = ch_heat_cell_text(ch, s, c, buf, sizeof buf);
                if (t && !isnan(ch_value(ch, s, c)))
                    ok = ch_text_size(ch, st[i], t, 0, NULL) + 2 <=
                         h->col_w - 1.5; /* the narrowest cell on the grid */
            }
        if (ok)
            return st[i];
    }
    return -1;
}

/* v on the PNG's pixel grid: cell edges stay crisp at scale 2. */
static double ch_heat_px(double v)
{
    return round(v * CH_PNG_SCALE) / CH_PNG_SCALE;
}

/* Cell (s, c) of a row whose top is y, rh tall. */
static void ch_heat_cell(const ch_chart *ch, const ch_heat *h, int s, int c,
                         double y, double rh)
{
    const double xa = ch_heat_px(h->x0 + s * h->col_w);
    const double xb = ch_heat_px(h->x0 + (s + 1) * h->col_w);
    const double x = xa + 0.5, w = xb - xa - 1;
    const double y0 = ch_heat_px(y) + 0.5, ht = ch_heat_px(y + rh) - y0 - 0.5;
    double v = ch_value(ch, s, c), tw, th;
    char buf[64];
    const char *t = ch_heat_cell_text(ch, s, c, buf, sizeof buf);
    ch_rgb col;

    if (ch_heat_blank(ch, s, c) || !ch->cr)
        return;
    if (isnan(v)) {
        ch_heat_hatch(ch, x, y0, w, ht);
        tw = ch_text_size(ch, CH_VALUE, t, 0, &th);
        if (tw + 3 > w || th > ht + 1)
            return;
        /* a patch of the cell's grey under the text, clear of the hatch */
        ch_rect(ch, x + w / 2 - tw / 2 - 1.5, y0 + ht / 2 - th / 2,
                tw + 3, th, &ch_heat_nan);
        ch_text_colored(ch, CH_VALUE, t,
                        (ch_at){x + w / 2, y0 + ht / 2, 0.5, 0.5}, &ch_ink);
        return;
    }
    col = ch_heat_cell_color(ch, s, c);
    ch_rect(ch, x, y0, w, ht, &col);
    if (h->cell_st < 0 || !t)
        return; /* some do not fit (the data table has them), or no text */
    tw = ch_text_size(ch, (ch_style)h->cell_st, t, 0, &th);
    if (tw + 2 > w || th > ht + 1)
        return;
    ch_text_colored(ch, (ch_style)h->cell_st, t,
                    (ch_at){x + w / 2, y0 + ht / 2, 0.5, 0.5},
                    ch_heat_text_on(&col));
}

/* A row: its label, and with cell_slot the tallest of its cells' texts
 * (they may have several lines). */
static double ch_heat_row_height(const ch_chart *ch, const ch_heat *h, int c)
{
    double th, ch_h = 0;
    char buf[64];
    int s;

    ch_text_size(ch, CH_CAT, ch->s->cat_labels[c], h->label_w, &th);
    for (s = 0; ch->s->cell_slot && s < ch->s->n_ser; s++) {
        const char *t = ch_heat_cell_text(ch, s, c, buf, sizeof buf);
        double t_h = 0;
        if (t && h->cell_st >= 0)
            ch_text_size(ch, (ch_style)h->cell_st, t, 0, &t_h);
        ch_h = fmax(ch_h, t_h);
    }
    return fmax(CH_HEAT_ROW, ceil(fmax(th, ch_h) + 6));
}

/* cat_note of row c (HEATMAP with cell_slot), under the row at y across
 * the page; returns its height (0 for none). */
static double ch_heat_row_note(const ch_chart *ch, int c, double y)
{
    const char *t = ch_opt_text(ch->s->cat_note, c);

    if (!ch->s->cell_slot || !t)
        return 0;
    return ch_text(ch, CH_NOTE, t, CH_W - 2 * CH_PAD - 12, PANGO_ALIGN_LEFT,
                   (ch_at){CH_PAD + 12, y + 1, 0, 0}, NULL, NULL) + 5;
}

/* The colour legend from y: value_axis, then the gradient bar with its
 * ticks.  Returns the y under it. */
static double ch_heat_legend_keys(const ch_chart *ch, double y);

double ch_heat_legend(const ch_chart *ch, double y)
{
    const double wrap = 0.4 * (CH_W - 2 * CH_PAD);
    const char *title = ch->s->value_axis;
    double x = CH_PAD, tw = 0, th = 0, bar_y, bottom, lh = 0;
    char buf[64];
    int i;

    if (ch->s->n_key > 0)
        return ch_heat_legend_keys(ch, y);
    if (title && *title)
        tw = ch_text_size(ch, CH_AXIS, title, wrap, &th);
    bar_y = y + fmax(0, th / 2 - CH_HEAT_KEY_H / 2);
    if (tw > 0) {
        ch_text(ch, CH_AXIS, title, wrap, PANGO_ALIGN_RIGHT,
                (ch_at){x + tw, bar_y + CH_HEAT_KEY_H / 2, 1, 0.5}, NULL, NULL);
        x += tw + 10;
    }
    /* the first tick label, centred under the bar's start, must clear the
     * margin */
    x = fmax(x, CH_PAD + ch_text_size(ch, CH_TICK,
                                      ch_tick_label(ch, 0, buf, sizeof buf), 0,
                                      NULL) / 2);
    if (ch->cr) {
        cairo_pattern_t *p = cairo_pattern_create_linear(x, 0, x + CH_HEAT_KEY_W, 0);
        for (i = 0; i < CH_HEAT_STOPS; i++)
            cairo_pattern_add_color_stop_rgb(p, (double)i / (CH_HEAT_STOPS - 1),
                                             ch_heat_ramp[i].r, ch_heat_ramp[i].g,
                                             ch_heat_ramp[i].b);
        cairo_rectangle(ch->cr, x, bar_y, CH_HEAT_KEY_W, CH_HEAT_KEY_H);
        cairo_set_source(ch->cr, p);
        cairo_fill(ch->cr);
        cairo_pattern_destroy(p);
        cairo_set_source_rgb(ch->cr, ch_axis.r, ch_axis.g, ch_axis.b);
        cairo_set_line_width(ch->cr, 0.5);
        cairo_rectangle(ch->cr, x, bar_y, CH_HEAT_KEY_W, CH_HEAT_KEY_H);
        cairo_stroke(ch->cr);
    }
    for (i = 0; i < ch_tick_count(ch); i++) {
        double v = ch_tick_value(ch, i);
        double tx = x + CH_HEAT_KEY_W * (v - ch->lo) / (ch->hi - ch->lo);
        ch_line(ch, tx, bar_y + CH_HEAT_KEY_H, tx, bar_y + CH_HEAT_KEY_H + 2.5,
                0.5, &ch_axis);
        ch_text(ch, CH_TICK, ch_tick_label(ch, i, buf, sizeof buf), 0,
                PANGO_ALIGN_LEFT, (ch_at){tx, bar_y + CH_HEAT_KEY_H + 3, 0.5, 0},
                NULL, &lh);
    }
    bottom = fmax(y + th, bar_y + CH_HEAT_KEY_H + 3 + lh);
    return bottom + CH_GAP;
}

/* The categorical legend from y: value_axis, then a swatch and a label
 * per key, on as many lines as they need.  Returns the y under it. */
static double ch_heat_legend_keys(const ch_chart *ch, double y)
{
    const double right = CH_W - CH_PAD, sw = 12, sh = 9;
    const char *title = ch->s->value_axis;
    double x = CH_PAD, lh, th = 0;
    int k;

    ch_text_size(ch, CH_LEGEND, "Ag", 0, &lh);
    if (title && *title) {
        double tw;
        th = ch_text(ch, CH_AXIS, title, 0, PANGO_ALIGN_LEFT,
                     (ch_at){x, y + lh / 2, 0, 0.5}, &tw, NULL);
        x += tw + 10;
    }
    for (k = 0; k < ch->s->n_key; k++) {
        double w = sw + 4 + ch_text_size(ch, CH_LEGEND, ch->s->key_labels[k], 0,
                                          NULL);
        if (x > CH_PAD && x + w > right) { /* next line */
            x = CH_PAD;
            y += lh + 3;
        }
        if (ch->s->key_slots[k] < 0)
            ch_heat_hatch(ch, x, y + (lh - sh) / 2, sw, sh);
        else
            ch_rect(ch, x, y + (lh - sh) / 2, sw, sh,
                    &ch_palette[ch->s->key_slots[k]]);
        ch_text(ch, CH_LEGEND, ch->s->key_labels[k], 0, PANGO_ALIGN_LEFT,
                (ch_at){x + sw + 4, y + lh / 2, 0, 0.5}, NULL, NULL);
        x += w + 14;
    }
    return y + fmax(lh, th) + CH_GAP;
}

double ch_draw_heat(ch_chart *ch, double y)
{
    const double cw = CH_W - 2 * CH_PAD;
    ch_heat h;
    int c, s;

    ch_heat_scale(ch);
    y = ch_heat_legend(ch, y);
    ch_heat_measure(ch, &h);
    /* drawing only, unless rows fit their cells' texts (cell_slot) */
    h.cell_st = ch->cr || ch->s->cell_slot ? ch_heat_cell_style(ch, &h) : -1;
    if (h.head_h > 0) {
        ch_heat_heads(ch, &h, y + h.head_h);
        y += h.head_h + 6;
    }
    for (c = 0; c < ch->s->n_cat; c++) {
        double rh;
        if (ch_group_starts(ch, c)) {
            if (c > 0)
                y += 5;
            y += ch_text(ch, CH_GROUP, ch->s->cat_group[c], cw,
                         PANGO_ALIGN_LEFT, (ch_at){CH_PAD, y, 0, 0}, NULL,
                         NULL) + 2;
        }
        rh = ch_heat_row_height(ch, &h, c);
        ch_text(ch, CH_CAT, ch->s->cat_labels[c], h.label_w, PANGO_ALIGN_RIGHT,
                (ch_at){CH_PAD + h.label_w, y + rh / 2, 1, 0.5}, NULL, NULL);
        for (s = 0; s < ch->s->n_ser; s++)
            ch_heat_cell(ch, &h, s, c, y, rh);
        y += rh;
        y += ch_heat_row_note(ch, c, y);
    }
    if (ch->s->n_cat == 0)
        y += CH_BAR + 8; /* an empty but well-formed frame */
    return y + CH_GAP;
}
