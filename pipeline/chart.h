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
 * Theme details (chart_theme.c, chart_text.c): font Lato (Debian package
 * fonts-lato; it has the U+202F glyph French numbers need), regular and
 * bold only, through a private fontconfig configuration so user font
 * settings cannot change the output.  Page width 454 pt (16 cm rounded up to
 * a whole point); height grows with the number of categories (and headers)
 * for the horizontal kinds (HBAR, HBAR_STACKED, LIKERT, DOT_CI, HEATMAP)
 * and is fixed-plot for the others; always a whole number of points, so the
 * PNG is exactly twice the PDF/SVG size in pixels.  Page budget: a figure of
 * the report should be at most PV_CHART_PAGE_H tall (a Letter page inside
 * its margins); taller ones render, and the catalogue splits them
 * (data/README.md, subset).  Build: pkg-config pangocairo pangoft2
 * fontconfig.
 *
 * Colours: series take the Okabe–Ito colours (PV_CHART_SLOTS palette
 * slots) in order, or the slots the caller gives (ser_slot: one colour per
 * group or category across every figure, declared in data/colours.csv),
 * except LIKERT, whose
 * answer categories take ColorBrewer's BrBG (brown = negative side, blue-green
 * = positive side, darker away from the centre) and a mid grey for the
 * neutral category.  HEATMAP cells take ColorBrewer's sequential Blues
 * (9 classes, interpolated linearly between them: near-white = 0, dark blue
 * = top of the scale; colour-blind safe and monotone in greyscale).
 */
#ifndef PV_CHART_H
#define PV_CHART_H

#include "pv.h"

#define PV_CHART_PAGE_H 620 /* pt: a Letter page (792 pt) less margins and
                               a caption */
#define PV_CHART_SLOTS 8    /* colours of the series palette (Okabe–Ito) */

/* The sRGB colour of palette slot `slot` (0..PV_CHART_SLOTS-1), each
 * component 0..1, into rgb; returns 0, or -1 for a slot out of range. */
int pv_chart_palette(int slot, double rgb[3]);

typedef enum {
    PV_CHART_HBAR,          /* horizontal bars, one per category; n_ser >= 1
                               (n_ser > 1: grouped bars) */
    PV_CHART_HBAR_STACKED,  /* horizontal stacked bars, series stacked */
    PV_CHART_VBAR_STACKED,  /* vertical stacked bars (e.g. months on x) */
    PV_CHART_LINE,          /* one line per series over the categories */
    PV_CHART_LIKERT,        /* questionnaire items as diverging stacked
                               horizontal bars centred on the neutral point
                               (Robbins & Heiberger); categories = items
                               (rows), series = answer categories of the
                               scale, most negative first (n_ser 2..7),
                               values = shares of the valid answers, 0..1
                               (a row may sum to < 1 when a category is
                               suppressed: NAN); see neutral.  Segments show
                               their percentage when it fits; the centre
                               line is drawn over the bars */
    PV_CHART_DOT_CI,        /* dot and whisker: a point estimate (values)
                               and its interval (ci_low, ci_high) per
                               category (rows: items or constructs) and
                               series (respondent groups, n_ser 1..8,
                               dodged within a row, each with its colour
                               and marker shape; legend when n_ser > 1) */
    PV_CHART_HEATMAP,       /* a matrix of shaded cells for qualitative
                               results (share of sessions where a code comes
                               up, by respondent group; co-occurrence of
                               codes): rows = categories (cat_labels on the
                               left, wrapped; cat_group headers), columns =
                               series (n_ser 1..30; ser_labels as column
                               headers over the matrix: wrapped when they
                               fit, else turned 90 degrees, read from the
                               bottom up), values[s * n_cat + c] the cell of
                               column s, row c; see the HEATMAP fields */
    PV_CHART_TILEMAP,       /* a tile map: one square tile per category
                               (a region) at the grid position the caller
                               gives (tile_col, tile_row), shaded like a
                               HEATMAP cell by its value (n_ser 1), its
                               label and its value inside; see the TILEMAP
                               fields */
    PV_CHART_TIMELINE,      /* a timeline: one row per category (cat_labels
                               on the left), bars (periods) and marks
                               (dates) on a time axis of months; n_ser 1,
                               values unused (NAN); see the TIMELINE
                               fields */
    PV_CHART_FLOW           /* the steps of a flow (families reached, then
                               isolated, then referred...): categories =
                               steps, top to bottom, n_ser = 1, values =
                               counts >= 0 (NAN: hidden); a step that is a
                               part of the previous one (flow_part) narrows
                               from it through a grey band; the others start
                               a new chain (another unit) after a gap.  Each
                               chain is scaled to its largest step; no value
                               axis: value_text (count, share) right of each
                               bar, at its place when the step is hidden */
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
    /* Accessibility, both may be NULL: alt, one to three sentences saying
     * what the chart shows, becomes the SVG's <desc> and the PDF's Subject
     * (the SVG's <title> and the PDF's Title are the title); author the
     * PDF's Author. */
    const char *alt;
    const char *author;
    int n_cat;
    const char *const *cat_labels;
    int n_ser;
    const char *const *ser_labels; /* legend entries; legend drawn if n_ser > 1 */
    /* Palette slot of each series (n_ser entries, 0..PV_CHART_SLOTS-1), so
     * that a group keeps its colour (and its DOT_CI marker shape) in every
     * figure; NULL: series s takes slot s.  LIKERT ignores it (its answer
     * categories have their own ramps). */
    const int *ser_slot;
    const double *values;
    /* Optional texts, n_ser x n_cat like values; NULL for none (single
     * entries may be NULL too).  The caller formats them ("1 234 (23 %)").
     *   HBAR: at the end of each bar.
     *   HBAR_STACKED, VBAR_STACKED: centred in its segment when it fits
     *     (otherwise left out: the data table has it).
     *   LINE: above its point (e.g. only the last one: "5 305").
     *   LIKERT: replaces the automatic percentage of its segment (fmt.h,
     *     lang, value_decimals); either is shown only when it fits in the
     *     segment (the neutral one centred on the centre line).
     *   DOT_CI: right of the interval (or of the dot when it has none).
     *   HEATMAP: in its cell, instead of the formatted value (see the
     *     HEATMAP fields).
     * Suppressed (NAN) cells of bar kinds (HBAR, stacked, LIKERT) always
     * show a text: theirs, or "x" when none is given; in stacked kinds and
     * LIKERT it follows the end of the stack (LIKERT: of its positive
     * side), after a swatch of the series colour.  LIKERT draws the hidden
     * share of an item (1 less its shown shares) as a hatched grey segment
     * set 2 pt apart after the positive side, before those swatches; an
     * item whose cells are all NAN shows one text (its first cell's, or
     * "x") in a column right of the plot, never on the centre line.
     * DOT_CI shows a NAN cell's text, if given, after a hollow marker of
     * the series in a column right of the plot (reserved when some cell
     * needs it), never at a value position (no dot, no whisker; nothing
     * when no text is given). */
    const char *const *value_text;
    int value_decimals;        /* decimals of axis tick labels, 0..6 (more
                                  when the tick step needs them; 0 keeps
                                  steps whole for non-% values); LIKERT:
                                  also of its segment percentages */
    int value_is_pct;          /* values are proportions 0..1: ticks as %
                                  (LIKERT: always, this flag is ignored) */

    /* ---- Fields of the questionnaire kinds.  Zero (NULL) for the others:
     * a kind given a field it does not draw is an invalid spec, except
     * neutral, which the other kinds ignore.  HEATMAP draws cat_group
     * only. ---- */

    /* LIKERT only: index of the neutral series (the scale's middle answer,
     * e.g. 2 of 5: "ni d'accord ni en désaccord"), or -1 when the scale has
     * none; then n_ser must be even and the centre lies between series
     * n_ser/2 - 1 and n_ser/2.  The neutral segment is split half on each
     * side of the centre line; series before it extend left, series after it
     * right, in order from the centre outwards.  Must be -1 or 1..n_ser-2
     * (0, the zero default, is rejected: set it explicitly). */
    int neutral;
    /* LIKERT, DOT_CI; optional (NULL), n_cat entries, each may be NULL or
     * "":
     *   cat_note: a short text at the right end of the category's row, in
     *     a column of its own ("n = 312 · 8 sans réponse").
     *   cat_group: the category's group (e.g. the construct of an item); a
     *     small bold header row is drawn above every category whose group
     *     differs from the previous category's, or that starts a panel.
     *   cat_panel: the category's panel title ("Parents (n = 320)"); where
     *     it changes, a larger header, preceded by the previous panel's
     *     tick labels and some space, starts a new panel: one panel per
     *     respondent group in a single figure.  Panels share the value
     *     axis, so their bars compare.  Categories of a panel are
     *     consecutive: a title that comes back later starts a new panel. */
    const char *const *cat_note;
    const char *const *cat_group;
    const char *const *cat_panel;
    /* DOT_CI only, both required when n_cat > 0: the interval's ends,
     * n_ser x n_cat like values; a NAN end (either) draws no whisker.
     * ci_low <= ci_high when both are given. */
    const double *ci_low;
    const double *ci_high;
    /* DOT_CI only: the value axis runs from axis_min to axis_max (e.g. 1 and
     * 5 for mean Likert scores, 0 and 1 for shares with value_is_pct); both
     * 0 = automatic (the range of the dots and whiskers, widened to whole
     * ticks, 0 not forced).  Ticks then start at axis_min; parts of whiskers
     * outside it are cut at the axis ends, dots outside it are not drawn. */
    double axis_min, axis_max;
    /* DOT_CI only: ref_on = 1 draws a reference line, darker than the grid,
     * at ref_value (0 for a kappa, the scale's midpoint for mean scores)
     * when it lies on the axis.  Ticks with axis_min and axis_max: the nice
     * step (1, 2, 2.5 or 5 x 10^k) with ticks on both ends and 2..12
     * intervals nearest to the target count. */
    int ref_on;
    double ref_value;

    /* ---- HEATMAP.  The cell of column s, row c shows values[s * n_cat +
     * c]: with value_is_pct, shares 0..1 (the colour scale runs from 0 to
     * 100 %, ticks every 25 %); without, any numbers >= 0 (counts, Jaccard
     * indices), the scale running from 0 to the largest value rounded up
     * to a whole tick (at most 5 ticks, value_decimals as for the other
     * kinds).  A colour legend (a gradient bar with its ticks, value_axis
     * as its title on its left) comes under the title; there is no series
     * legend.  Cells show a text, dark on light cells and white on dark
     * ones: value_text's, else the value formatted by fmt.h (lang,
     * value_decimals; "45 %" with value_is_pct); in a smaller size when
     * some do not fit their column, and none at all when some still do not
     * fit (texts in only some cells would read as a difference).  A NAN
     * cell (not observed, suppressed) is hatched grey, never a shade of
     * the scale, with its value_text, or "x", when that fits.  cat_group
     * draws group headers as for LIKERT and DOT_CI; cat_note and cat_panel
     * are not drawn (giving them is an invalid spec).  ser_labels may be
     * NULL when n_ser = 1 (no column header).  Rows are at least 18 pt
     * high (more for wrapped labels); the page width is fixed, and the
     * columns share what the row labels leave (these take at most 40 % of
     * the width, less with many columns, so that every column is at least
     * 10.5 pt wide). ---- */

    /* HEATMAP only: 1 leaves the diagonal cells (s == c) empty (white, no
     * text, not counted in the scale) for a square co-occurrence matrix
     * (n_ser == n_cat, the same labels on both axes); 2 leaves the cells
     * above it (s > c) empty: the lower triangle of a symmetric matrix
     * whose caller dropped the first row and the last column (row c shows
     * item c + 1 against items 0..c); 0 draws them all.  Any other value,
     * 1 or 2 with n_ser != n_cat, or non-zero for another kind is an
     * invalid spec.  A HEATMAP cell whose value_text is "" shows no text
     * (a pair that never co-occurs stays white, without "0,00"). */
    int heat_diagonal_blank;
    /* HEATMAP only, optional: a categorical matrix.  cell_slot (n_ser x
     * n_cat like values) gives each cell a palette slot instead of a
     * shade of the scale (-1: the scale; NAN cells stay hatched).  Then
     * the legend under the title shows n_key swatches, key_labels[k] beside
     * the colour of key_slots[k] (-1: the hatch of NAN cells), after
     * value_axis, instead of the gradient.  With cell_slot, cat_note is
     * drawn too: a line of small text under its row, across the whole
     * width (e.g. a quote); and a cell's text may hold several lines
     * ('\n'), its row growing to fit them. */
    const int *cell_slot;      /* also HBAR and DOT_CI: bar (dot, whisker,
                                  marker shape) c of series s in slot
                                  cell_slot[s * n_cat + c] (-1: its
                                  series'), for categories that have their
                                  colours (convergence categories, respondent
                                  groups as rows); no key is drawn: the
                                  category labels name them */
    int n_key;
    const char *const *key_labels;
    const int *key_slots;

    /* ---- TILEMAP.  Tile c (n_cat tiles) sits at column tile_col[c], row
     * tile_row[c] (0..29 each, 0,0 top-left; two tiles on one position is
     * an invalid spec; empty edge rows and columns take no room) of a grid of square tiles as wide as the page
     * allows (at most 64 pt).  It shows cat_labels[c] (wrapped, small) at
     * its top and its text (value_text's, else the value formatted as for
     * HEATMAP) under it, and is shaded by its value on HEATMAP's scale
     * (value_is_pct, value_decimals; the same colour legend under the
     * title, value_axis its title).  A NAN value is hatched grey with its
     * text ("x"); tile_blank[c] = 1 marks a tile with no value at all (a
     * region without territory): plain light grey, no text, and a swatch
     * labelled blank_label after the colour legend (both required when
     * some tile is blank). ---- */
    const int *tile_col, *tile_row;   /* TILEMAP only, both required */
    const unsigned char *tile_blank;  /* TILEMAP only, may be NULL */
    const char *blank_label;

    /* ---- TIMELINE.  n_event bars and marks: event e on row event_row[e]
     * (0..n_cat-1) from day event_start[e] to day event_end[e] (days since
     * 1970-01-01, start <= end): a bar when end > start, else a mark (a
     * short upright line) at that day.  The axis runs from the first day of the
     * month of the earliest event to the end of the month of the latest;
     * a light line starts each month, labelled with its short name
     * (fmt.h, OQLF: "juill.") centred in it when the names fit (else
     * every second or third month), the year under each January and
     * under the first month.  Row c takes palette slot ser_slot[c] when
     * ser_slot is given (n_cat entries, here), else c. ---- */
    int n_event;
    const int *event_row;             /* TIMELINE only */
    const double *event_start, *event_end;
    /* FLOW only, optional (NULL: every step starts a chain): n_cat flags,
     * 1 when step c is a part of step c - 1 (its count a part of that
     * count, in the same unit); the first must be 0.  Giving it to another
     * kind is an invalid spec. */
    const unsigned char *flow_part;
} pv_chart_spec;

/* Render spec to base_path.pdf, base_path.svg and base_path.png.
 * Returns 0, or sets *err (status PV_EXIT_IO for file errors or a missing
 * font, PV_EXIT_DATA for an invalid spec: NULL title or labels, n_ser not
 * in 1..8 (LIKERT: 2..7; HEATMAP: 1..30), n_cat not in 0..1000, infinite
 * values, invalid UTF-8, a page taller than 16 000 pt; LIKERT: neutral not
 * as above, a share outside 0..1; DOT_CI: ci_low or ci_high NULL, infinite,
 * or low > high, axis_min >= axis_max or not finite; HEATMAP: a negative
 * value, a share above 1 with value_is_pct, heat_diagonal_blank not as
 * above; a questionnaire or HEATMAP field given to a kind that does not
 * draw it) and returns its status.  n_cat = 0 or all-NAN values
 * render an empty frame.  Line charts draw markers up to 24 categories;
 * category labels on x wrap on two lines, or every k-th is shown when
 * crowded.  LIKERT axes are symmetric around the centre line and labelled
 * in absolute percentages on both sides (50 %, 25 %, 0 %, 25 %, 50 %; every
 * other tick when crowded).  LIKERT and DOT_CI legends that need several
 * rows spread their entries evenly over them. */
int pv_chart_render(const pv_chart_spec *spec, const char *base_path,
                    pv_err *err);

/* The figure book: one PDF holding every figure, a print proof of what a
 * report author drops into the report or sends to a reviewer: US Letter
 * pages (612 x 792 pt, margins of 54 pt); first the title and a table of
 * contents (contents: its heading, e.g. "Table des matières"; each
 * figure's heading and title, and its page), then a page per figure under
 * its heading ("Figure 3"), at its own size when it fits inside the
 * margins, else scaled down to fit, centred, with its caption (may be NULL)
 * under it; every page numbered at its foot.  Deterministic like the
 * figures (no dates in the PDF).  open returns a new book;
 * pv_chart_render_book (below) adds a figure as it writes its files; close
 * draws the pages and writes the file (path.tmp then rename) if no error
 * was set and at least one figure was added, and frees the book (NULL:
 * no-op).  The book owns its copies of path, title and contents; specs and
 * texts are borrowed for the call. */
typedef struct pv_chart_book pv_chart_book;
pv_chart_book *pv_chart_book_open(const char *path, const char *title,
                                  const char *contents, pv_lang lang);
int pv_chart_book_close(pv_chart_book *b, pv_err *err);

/* pv_chart_render, and the same figure added to book (NULL: none) under
 * heading with its caption: laid out once for both. */
int pv_chart_render_book(const pv_chart_spec *spec, const char *base_path,
                         pv_chart_book *book, const char *heading,
                         const char *caption, pv_err *err);

#endif
