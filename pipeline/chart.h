/* chart.h — the small chart toolkit of the report (cairo + pango).
 *
 * One theme for every figure: one font installed by the build, a
 * colour-blind-safe palette (Okabe–Ito), light grid, title, subtitle, and a
 * source note at the bottom.  Long category labels are wrapped.  Numbers on
 * axes and value labels are formatted by fmt.h in the spec's language.
 *
 * A figure is rendered three times from the same spec: PDF and SVG at the
 * report-column size, PNG at twice that size (for slides).  Output is
 * deterministic: same spec, same bytes (no creation date in PDF, stable SVG
 * ids, fixed font), whatever else the process rendered before.
 *
 * Files are written to a temporary name and renamed.
 *
 * Theme details (chart.c): font Lato (Debian package fonts-lato; it has the
 * U+202F glyph French numbers need), regular and bold only, through a
 * private fontconfig configuration so user font settings cannot change the
 * output.  Page width 454 pt (16 cm rounded up to a whole point); height
 * grows with the number of categories for HBAR kinds and is fixed-plot for
 * the others; always a whole number of points, so the PNG is exactly twice
 * the PDF/SVG size in pixels.  Build: pkg-config pangocairo pangoft2
 * fontconfig.
 */
#ifndef PV_CHART_H
#define PV_CHART_H

#include "pv.h"

typedef enum {
    PV_CHART_HBAR,          /* horizontal bars, one per category; n_ser >= 1
                               (n_ser > 1: grouped bars) */
    PV_CHART_HBAR_STACKED,  /* horizontal stacked bars, series stacked */
    PV_CHART_VBAR_STACKED,  /* vertical stacked bars (e.g. months on x) */
    PV_CHART_LINE           /* one line per series over the categories */
} pv_chart_kind;

/* Everything a chart shows.  All strings UTF-8, borrowed (the caller keeps
 * them alive during pv_chart_render).  values is n_ser x n_cat, row-major by
 * series: values[s * n_cat + c].  A NAN value is a suppressed or missing cell:
 * no bar/point is drawn and, for bars with value labels, the text given in
 * value_text (e.g. "< 5") is shown instead. */
typedef struct {
    pv_chart_kind kind;
    pv_lang lang;
    const char *title;
    const char *subtitle;      /* may be NULL */
    const char *note;          /* source note, bottom-left; may be NULL */
    const char *value_axis;    /* label of the value axis; may be NULL */
    int n_cat;
    const char *const *cat_labels;
    int n_ser;
    const char *const *ser_labels; /* legend entries; legend drawn if n_ser > 1 */
    const double *values;
    /* Optional texts, n_ser x n_cat like values; NULL for none (single
     * entries may be NULL too).  The caller formats them ("1 234 (23 %)").
     *   HBAR: at the end of each bar.
     *   HBAR_STACKED, VBAR_STACKED: centred in its segment when it fits
     *     (otherwise left out: the data table has it).
     *   LINE: above its point (e.g. only the last one: "5 305").
     * Suppressed (NAN) cells of bar kinds always show a text: theirs, or
     * "—" when none is given; in stacked kinds it follows the end of the
     * stack, after a swatch of the series colour. */
    const char *const *value_text;
    int value_decimals;        /* decimals of axis tick labels, 0..6 (more
                                  when the tick step needs them; 0 keeps
                                  steps whole for non-% values) */
    int value_is_pct;          /* values are proportions 0..1: ticks as % */
} pv_chart_spec;

/* Render spec to base_path.pdf, base_path.svg and base_path.png.
 * Returns 0, or sets *err (status PV_EXIT_IO for file errors or a missing
 * font, PV_EXIT_DATA for an invalid spec: NULL title or labels, n_ser not
 * in 1..8, n_cat not in 0..1000, infinite values, invalid UTF-8, a page
 * taller than 16 000 pt) and returns its status.  n_cat = 0 or all-NAN
 * values render an empty frame.  Line charts draw markers up to 24
 * categories; category labels on x wrap on two lines, or every k-th is
 * shown when crowded. */
int pv_chart_render(const pv_chart_spec *spec, const char *base_path,
                    pv_err *err);

#endif
