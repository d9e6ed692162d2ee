/* chart_tilemap.c — TILEMAP: one square tile per region at the grid
 * position the caller gives (chart.h), shaded on HEATMAP's scale (same
 * colours, same legend), so that regions compare without a map's unequal
 * areas: a large, empty region does not outweigh a small, busy one. */
#include "chart_int.h"

#include "fmt.h"

/* A plain light grey: a region without a value at all (no territory),
 * distinct from the hatched grey of a hidden value. */
static const ch_rgb ch_tile_blank = CH_HEX(0xD9D9D9);

static int ch_tile_is_blank(const ch_chart *ch, int c)
{
    return ch->s->tile_blank && ch->s->tile_blank[c];
}

int ch_spec_check_tilemap(const pv_chart_spec *s, pv_err *err)
{
    int c, d, blank = 0;

    if (s->n_event || s->event_row || s->event_start || s->event_end)
        return pv_err_set(err, PV_EXIT_DATA,
                          "chart: event_* fields are drawn only by TIMELINE charts");
    if (s->n_ser != 1)
        return pv_err_set(err, PV_EXIT_DATA, "chart: TILEMAP: %d series (must be 1)",
                          s->n_ser);
    if (s->n_cat > 0 && (!s->tile_col || !s->tile_row))
        return pv_err_set(err, PV_EXIT_DATA, "chart: TILEMAP: tile_col or tile_row is NULL");
    for (c = 0; c < s->n_cat; c++) {
        if (s->tile_col[c] < 0 || s->tile_col[c] >= CH_TILE_GRID || s->tile_row[c] < 0 ||
            s->tile_row[c] >= CH_TILE_GRID)
            return pv_err_set(err, PV_EXIT_DATA,
                              "chart: TILEMAP: tile %d at column %d, row %d (must be 0 to %d)",
                              c + 1, s->tile_col[c], s->tile_row[c], CH_TILE_GRID - 1);
        for (d = 0; d < c; d++)
            if (s->tile_col[d] == s->tile_col[c] && s->tile_row[d] == s->tile_row[c])
                return pv_err_set(err, PV_EXIT_DATA,
                                  "chart: TILEMAP: tiles %d and %d on one position", d + 1,
                                  c + 1);
        if (s->values[c] < 0 || (s->value_is_pct && s->values[c] > 1 + 1e-6))
            return pv_err_set(err, PV_EXIT_DATA, "chart: TILEMAP: value %g of tile %d is %s",
                              s->values[c], c + 1,
                              s->values[c] < 0 ? "negative" : "a share above 1");
        blank |= s->tile_blank && s->tile_blank[c];
    }
    if (blank && !s->blank_label)
        return pv_err_set(err, PV_EXIT_DATA, "chart: TILEMAP: blank tiles need blank_label");
    if (s->blank_label && !g_utf8_validate(s->blank_label, -1, NULL))
        return pv_err_set(err, PV_EXIT_DATA, "chart: TILEMAP: blank_label is not valid UTF-8");
    return 0;
}

/* The grid: columns and rows used, tile size, left edge (centred). */
typedef struct {
    int col0, row0, ncol, nrow; /* the first column and row used, and counts */
    double tile, x0;
} ch_tiles;

static void ch_tiles_measure(const ch_chart *ch, ch_tiles *g)
{
    const double avail = CH_W - 2 * CH_PAD;
    int c;

    int col1 = 0, row1 = 0;

    /* the grid of the tiles there are: empty edge rows and columns take
     * no room */
    g->col0 = g->row0 = ch->s->n_cat > 0 ? CH_TILE_GRID : 0;
    for (c = 0; c < ch->s->n_cat; c++) {
        g->col0 = ch->s->tile_col[c] < g->col0 ? ch->s->tile_col[c] : g->col0;
        g->row0 = ch->s->tile_row[c] < g->row0 ? ch->s->tile_row[c] : g->row0;
        col1 = ch->s->tile_col[c] > col1 ? ch->s->tile_col[c] : col1;
        row1 = ch->s->tile_row[c] > row1 ? ch->s->tile_row[c] : row1;
    }
    g->ncol = col1 - g->col0 + 1;
    g->nrow = row1 - g->row0 + 1;
    g->tile = floor(fmin(CH_TILE_MAX, (avail - (g->ncol - 1) * CH_TILE_GAP) / g->ncol));
    g->x0 = round(CH_PAD + (avail - g->ncol * g->tile - (g->ncol - 1) * CH_TILE_GAP) / 2);
}

/* The tile's text: the caller's, else its value formatted; NULL when it
 * is blank. */
static const char *ch_tile_text(const ch_chart *ch, int c, char *buf, size_t n)
{
    const char *t = ch_cell_text(ch, 0, c);
    double v = ch_value(ch, 0, c);

    if (ch_tile_is_blank(ch, c))
        return NULL;
    if (t)
        return t;
    if (ch->s->value_is_pct)
        return pv_fmt_pct(buf, n, v, ch->s->value_decimals, ch->s->lang);
    return pv_fmt_dec(buf, n, v, ch->s->value_decimals, ch->s->lang);
}

/* Tile c with its top-left corner at (x, y). */
static void ch_tile(const ch_chart *ch, const ch_tiles *g, int c, double x, double y)
{
    const double w = g->tile;
    double v = ch_value(ch, 0, c), lh = 0, th;
    char buf[64];
    const char *t = ch_tile_text(ch, c, buf, sizeof buf);
    ch_rgb col = ch_tile_blank;
    const ch_rgb *ink = &ch_ink;

    if (ch_tile_is_blank(ch, c)) {
        ch_rect(ch, x, y, w, w, &ch_tile_blank);
    } else if (isnan(v)) {
        ch_heat_hatch(ch, x, y, w, w);
        col = ch_heat_nan;
    } else {
        col = ch_heat_color(ch, v);
        ch_rect(ch, x, y, w, w, &col);
        ink = ch_heat_text_on(&col);
    }
    if (!ch->cr)
        return;
    /* the label at the top (wrapped to the tile), the value under it; on
     * the hatch, a patch of the tile's grey under each text */
    PangoLayout *l = ch_layout_get(ch, CH_CELL_SMALL, ch->s->cat_labels[c], w - 4,
                                   PANGO_ALIGN_CENTER, PANGO_WRAP_WORD_CHAR);
    double lx, ly, lw;
    ch_layout_box(l, &lx, &ly, &lw, &lh);
    if (isnan(v) && !ch_tile_is_blank(ch, c))
        ch_rect(ch, x + w / 2 - lw / 2 - 1, y + 2, lw + 2, lh, &col);
    cairo_set_source_rgb(ch->cr, ink->r, ink->g, ink->b);
    cairo_move_to(ch->cr, x + w / 2 - lw / 2 - lx, y + 2 - ly);
    pango_cairo_show_layout(ch->cr, l);
    if (!t)
        return;
    double tw = ch_text_size(ch, CH_VALUE, t, 0, &th);
    double ty = y + 2 + lh + (w - 2 - lh) / 2;
    if (tw + 2 > w)
        return; /* the data table has it */
    if (isnan(v))
        ch_rect(ch, x + w / 2 - tw / 2 - 1.5, ty - th / 2, tw + 3, th, &col);
    ch_text_colored(ch, CH_VALUE, t, (ch_at){x + w / 2, ty, 0.5, 0.5}, ink);
}

/* The swatch of blank tiles and its label, right-aligned at y. */
static double ch_tile_blank_key(const ch_chart *ch, double y)
{
    double tw, th;
    int c, any = 0;

    for (c = 0; c < ch->s->n_cat; c++)
        any |= ch_tile_is_blank(ch, c);
    if (!any)
        return y;
    tw = ch_text_size(ch, CH_AXIS, ch->s->blank_label, 0, &th);
    ch_rect(ch, CH_W - CH_PAD - tw - 16, y + th / 2 - 4.5, 12, 9, &ch_tile_blank);
    ch_text(ch, CH_AXIS, ch->s->blank_label, 0, PANGO_ALIGN_LEFT,
            (ch_at){CH_W - CH_PAD - tw, y, 0, 0}, NULL, NULL);
    return y + th;
}

double ch_draw_tilemap(ch_chart *ch, double y)
{
    ch_tiles g;
    int c;

    ch_heat_scale(ch);
    ch_tiles_measure(ch, &g);
    y = fmax(ch_heat_legend(ch, y), ch_tile_blank_key(ch, y) + CH_GAP);
    for (c = 0; c < ch->s->n_cat; c++)
        ch_tile(ch, &g, c, g.x0 + (ch->s->tile_col[c] - g.col0) * (g.tile + CH_TILE_GAP),
                y + (ch->s->tile_row[c] - g.row0) * (g.tile + CH_TILE_GAP));
    return y + g.nrow * g.tile + (g.nrow - 1) * CH_TILE_GAP + CH_GAP;
}
