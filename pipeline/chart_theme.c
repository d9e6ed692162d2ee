/* chart_theme.c — the charts' colours and text styles (see chart_int.h). */
#include "chart_int.h"

/* ------------------------------------------------------------------------
 * Theme: palettes, colours, text styles
 * ------------------------------------------------------------------------ */

/* Okabe & Ito (2008), ordered so that series drawn together stay apart
 * in greyscale too: blue, orange and black first (CIE L* 46, 71 and 0:
 * at least 24 apart pairwise), and any two adjacent slots at least 12
 * apart (tests/unit/test_chart.c checks it).  Slots are the palette's
 * indices (chart.h, ser_slot; data/colours.csv). */
const ch_rgb ch_palette[PV_CHART_SLOTS] = {
    CH_HEX(0x0072B2), CH_HEX(0xE69F00), CH_HEX(0x000000), CH_HEX(0x009E73),
    CH_HEX(0x56B4E9), CH_HEX(0xD55E00), CH_HEX(0xF0E442), CH_HEX(0xCC79A7),
};

/* LIKERT: ColorBrewer BrBG (Brewer & Harrower; colour-blind safe), one
 * ramp per side, from the centre outwards, chosen by the number k of
 * categories on that side (row k - 1).  The palest BrBG classes come only
 * with 5 categories on a side: they vanish on white.  The neutral category
 * is a grey as light as the centre classes, so no side looks heavier. */
static const ch_rgb ch_likert_neg[CH_LIKERT_SIDE][CH_LIKERT_SIDE] = {
    {CH_HEX(0xBF812D)},
    {CH_HEX(0xDFC27D), CH_HEX(0xA6611A)},
    {CH_HEX(0xDFC27D), CH_HEX(0xBF812D), CH_HEX(0x8C510A)},
    {CH_HEX(0xDFC27D), CH_HEX(0xBF812D), CH_HEX(0x8C510A), CH_HEX(0x543005)},
    {CH_HEX(0xF6E8C3), CH_HEX(0xDFC27D), CH_HEX(0xBF812D), CH_HEX(0x8C510A),
     CH_HEX(0x543005)},
};
static const ch_rgb ch_likert_pos[CH_LIKERT_SIDE][CH_LIKERT_SIDE] = {
    {CH_HEX(0x35978F)},
    {CH_HEX(0x80CDC1), CH_HEX(0x018571)},
    {CH_HEX(0x80CDC1), CH_HEX(0x35978F), CH_HEX(0x01665E)},
    {CH_HEX(0x80CDC1), CH_HEX(0x35978F), CH_HEX(0x01665E), CH_HEX(0x003C30)},
    {CH_HEX(0xC7EAE5), CH_HEX(0x80CDC1), CH_HEX(0x35978F), CH_HEX(0x01665E),
     CH_HEX(0x003C30)},
};
static const ch_rgb ch_likert_neutral = CH_HEX(0xC4C4C4);

/* HEATMAP: ColorBrewer Blues, 9 classes (sequential, colour-blind safe,
 * lightness falls monotonically, so it survives greyscale printing); cells
 * are interpolated linearly between them.  Suppressed (NAN) cells: a grey
 * hatch, outside the ramp's hue. */
const ch_rgb ch_heat_ramp[CH_HEAT_STOPS] = {
    CH_HEX(0xF7FBFF), CH_HEX(0xDEEBF7), CH_HEX(0xC6DBEF), CH_HEX(0x9ECAE1),
    CH_HEX(0x6BAED6), CH_HEX(0x4292C6), CH_HEX(0x2171B5), CH_HEX(0x08519C),
    CH_HEX(0x08306B),
};
const ch_rgb ch_heat_nan = CH_HEX(0xF0F0F0);
const ch_rgb ch_heat_hatch_ink = CH_HEX(0xBDBDBD);

const ch_rgb ch_ink = CH_HEX(0x222222);   /* main text */
const ch_rgb ch_grey = CH_HEX(0x5A5A5A);  /* subtitle, ticks, note */
const ch_rgb ch_grid = CH_HEX(0xDDDDDD);  /* grid lines */
const ch_rgb ch_axis = CH_HEX(0x8C8C8C);  /* zero line */
const ch_rgb ch_white = CH_HEX(0xFFFFFF);

const ch_style_def ch_styles[CH_N_STYLES] = {
    [CH_TITLE] = {11.5, 1, &ch_ink},   [CH_SUBTITLE] = {9.0, 0, &ch_grey},
    [CH_CAT] = {8.5, 0, &ch_ink},      [CH_TICK] = {7.5, 0, &ch_grey},
    [CH_VALUE] = {7.5, 0, &ch_ink},    [CH_LEGEND] = {8.5, 0, &ch_ink},
    [CH_AXIS] = {7.5, 0, &ch_grey},    [CH_NOTE] = {7.0, 0, &ch_grey},
    [CH_GROUP] = {8.5, 1, &ch_ink},    [CH_PANEL] = {10.0, 1, &ch_ink},
    [CH_HEAD] = {8.0, 0, &ch_ink},     /* HEATMAP column headers */
    [CH_CELL_SMALL] = {6.5, 0, &ch_ink}, /* HEATMAP texts in narrow cells */
};

/* Colour of series s: Okabe–Ito, or the BrBG ramps of LIKERT (a valid spec
 * has 1..CH_LIKERT_SIDE series on each side). */
const ch_rgb *ch_ser_color(const ch_chart *ch, int s)
{
    const pv_chart_spec *sp = ch->s;
    int n_neg, pos0, n_pos;

    if (sp->kind != PV_CHART_LIKERT)
        return ch_slot_color(ch, s);
    if (s == sp->neutral)
        return &ch_likert_neutral;
    n_neg = ch_likert_n_neg(sp);
    pos0 = ch_likert_pos0(sp);
    n_pos = sp->n_ser - pos0;
    if (s < n_neg)
        return &ch_likert_neg[n_neg - 1][n_neg - 1 - s];
    return &ch_likert_pos[n_pos - 1][s - pos0];
}

/* Text colour readable on a bar of colour c (WCAG relative luminance). */
const ch_rgb *ch_text_on(const ch_rgb *c)
{
    double l = 0.2126 * c->r * c->r + 0.7152 * c->g * c->g + 0.0722 * c->b * c->b;
    return l > 0.30 ? &ch_ink : &ch_white;
}

int pv_chart_palette(int slot, double rgb[3])
{
    if (slot < 0 || slot >= PV_CHART_SLOTS)
        return -1;
    rgb[0] = ch_palette[slot].r;
    rgb[1] = ch_palette[slot].g;
    rgb[2] = ch_palette[slot].b;
    return 0;
}
