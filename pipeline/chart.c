/* chart.c — the report's chart toolkit on cairo + pango (see chart.h).
 *
 * Workload: a few dozen figures per run, each with at most a few hundred
 * categories.  Clarity beats speed: every figure is laid out by one drawing
 * walk (ch_draw) that is run first without a target, to measure the page
 * height, then once per output format on a real cairo surface.  Because the
 * measuring and the drawing are the same code with the same fonts, what was
 * measured is what is drawn.
 *
 * Determinism.  Each render builds its own fontconfig configuration that
 * holds only the theme's font files (found once through the system
 * configuration), its own pango font map and context, with fixed font
 * options (no hinting, unhinted metrics, grey antialiasing), a fixed
 * language and resolution.  So the user's fontconfig rules, LANG and
 * whatever the process rendered before cannot change the output.  PDFs carry
 * no creation date; SVG ids are per document; PNGs carry no time chunk.
 *
 * Units: points (1/72 in) everywhere; the PNG is drawn with a scale of 2.
 *
 * The toolkit's files (docs/ARCHITECTURE.md has the same map):
 *   chart.c          this entry point: check, measure, write each format
 *   chart_int.h      what the files share: theme constants, ch_chart
 *   chart_theme.c    palettes, colours, text styles
 *   chart_spec.c     spec validation
 *   chart_text.c     fonts (a private fontconfig) and text (pango)
 *   chart_shapes.c   rectangles, hairlines, markers
 *   chart_axes.c     value axis: range, nice ticks, tick labels
 *   chart_page.c     the page: titles, legend, note; ch_draw
 *   chart_hbar.c     HBAR, HBAR_STACKED
 *   chart_vertical.c VBAR_STACKED, LINE
 *   chart_rows.c     rows of the questionnaire kinds (LIKERT, DOT_CI)
 *   chart_likert.c   LIKERT
 *   chart_dot.c      DOT_CI
 *   chart_heatmap.c  HEATMAP
 *   chart_flow.c     FLOW
 *   chart_surface.c  PDF, SVG and PNG surfaces, metadata, files
 *   chart_book.c     the figure book (one PDF of Letter pages)
 */
#include "chart_int.h"
#include "stage.h"

int pv_chart_render_book(const pv_chart_spec *spec, const char *base_path,
                         pv_chart_book *book, const char *heading,
                         const char *caption, pv_err *err)
{
    ch_chart ch;
    int rc;

    if ((rc = ch_spec_check(spec, err)))
        return rc;
    if (!base_path || !*base_path)
        return pv_err_set(err, PV_EXIT_DATA, "chart: no output path");
    memset(&ch, 0, sizeof ch);
    ch.s = spec;
    if ((rc = ch_fonts_open(&ch, err)))
        goto done;
    ch_vector_state(&ch);
    ch.h = ch_draw(&ch); /* measuring pass */
    if (ch.h > CH_MAX_H) {
        rc = pv_err_set(err, PV_EXIT_DATA,
                        "chart: %s: figure would be %.0f pt tall (max %.0f): "
                        "too many categories", base_path, ch.h, CH_MAX_H);
        goto done;
    }
    /* the PNG last: its scale changes the state the others share */
    if (!(rc = ch_file_write(&ch, CH_PDF, base_path, err)) &&
        !(rc = ch_file_write(&ch, CH_SVG, base_path, err)) &&
        !(rc = book ? ch_book_record(book, &ch, heading, caption, err) : 0))
        rc = ch_file_write(&ch, CH_PNG, base_path, err);
done:
    ch_fonts_close(&ch);
    return rc;
}

int pv_chart_render(const pv_chart_spec *spec, const char *base_path,
                    pv_err *err)
{
    return pv_chart_render_book(spec, base_path, NULL, NULL, NULL, err);
}
