/* chart_book.c — the figure book: every figure on a Letter page of one PDF. */
#include "chart_int.h"
#include "stage.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

/* ------------------------------------------------------------------------
 * The figure book: every figure on a Letter page of one PDF
 *
 * A print proof: US Letter pages (612 x 792 pt) with 3/4-inch margins; a
 * first page (or more) with the book's title and its table of contents
 * (each figure's heading and title, and its page); then one figure a
 * page under its heading, at its own size when it fits inside the margins,
 * else scaled down to fit (never up), centred; the page number at the foot
 * of every page.  Each figure is drawn into a recording surface when added
 * and replayed at close, after the contents, whose page numbers are known
 * only then.
 * ------------------------------------------------------------------------ */

#define CH_BOOK_W 612.0    /* US Letter, pt */
#define CH_BOOK_H 792.0
#define CH_BOOK_M 54.0     /* margins: 3/4 inch */
#define CH_BOOK_FOOT 30.0  /* baseline of the page number above the edge */

typedef struct {
    cairo_surface_t *rec; /* the figure, drawn at its own size */
    PangoFontMap *fm;     /* the fonts its glyphs came from, kept alive */
    double h;             /* its height (its width is CH_W) */
    char *heading, *title, *caption;
} ch_book_page;

struct pv_chart_book {
    cairo_surface_t *sf;   /* PDF surface writing into out */
    ch_buf out;
    char *path, *title, *contents;
    pv_lang lang;
    ch_book_page *pg;
    int pages, cap;
};

pv_chart_book *pv_chart_book_open(const char *path, const char *title,
                                  const char *contents, pv_lang lang)
{
    pv_chart_book *b = pv_xcalloc(1, sizeof *b);
    b->path = pv_xstrdup(path);
    b->title = pv_xstrdup(title ? title : "");
    b->contents = pv_xstrdup(contents ? contents : "");
    b->lang = lang;
    b->sf = cairo_pdf_surface_create_for_stream(ch_buf_write, &b->out, CH_BOOK_W,
                                                CH_BOOK_H);
    cairo_pdf_surface_set_metadata(b->sf, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(b->sf, CAIRO_PDF_METADATA_MOD_DATE, "");
    cairo_pdf_surface_set_metadata(b->sf, CAIRO_PDF_METADATA_TITLE, b->title);
    cairo_pdf_surface_set_metadata(b->sf, CAIRO_PDF_METADATA_CREATOR, "proxeval");
    return b;
}

/* A page of b for the chart ch, measured in the vector state
 * (ch_vector_state): the figure drawn into a recording surface, replayed at
 * close.  Returns 0 or sets *err. */
int ch_book_record(pv_chart_book *b, ch_chart *ch, const char *heading,
                 const char *caption, pv_err *err)
{
    cairo_rectangle_t ext = {0, 0, CH_W, ch->h};
    ch_book_page *p;
    cairo_t *cr;
    int rc = 0;

    if (!b)
        return pv_err_set(err, PV_EXIT_IO, "chart: no book");
    if (b->pages == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        b->pg = pv_xrealloc(b->pg, pv_xmul((size_t)b->cap, sizeof *b->pg));
    }
    p = &b->pg[b->pages];
    p->rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR, &ext);
    cr = cairo_create(p->rec);
    ch->cr = cr;
    ch_draw(ch);
    ch->cr = NULL;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot draw %s: %s", b->path,
                        cairo_status_to_string(cairo_status(cr)));
    cairo_destroy(cr);
    p->fm = g_object_ref(ch->fm);
    p->h = ch->h;
    p->heading = pv_xstrdup(heading ? heading : "");
    p->title = pv_xstrdup(ch->s->title);
    p->caption = pv_xstrdup(caption ? caption : "");
    b->pages++;
    return rc;
}

/* The page number n at the foot of the page. */
static void ch_book_folio(const ch_chart *ch, int n)
{
    char num[16];
    snprintf(num, sizeof num, "%d", n);
    ch_text(ch, CH_NOTE, num, 0, PANGO_ALIGN_CENTER,
            (ch_at){CH_BOOK_W / 2, CH_BOOK_H - CH_BOOK_FOOT, 0.5, 1}, NULL, NULL);
}

/* The table of contents from page 1: drawn when ch->cr is set, else only
 * measured.  Returns how many pages it takes. */
static int ch_book_contents(const pv_chart_book *b, ch_chart *ch, int first_fig)
{
    const double cw = CH_BOOK_W - 2 * CH_BOOK_M, num_w = 36;
    double y = CH_BOOK_M;
    int page = 1, i;
    char num[16];

    y += ch_text(ch, CH_TITLE, b->title, cw, PANGO_ALIGN_LEFT,
                 (ch_at){CH_BOOK_M, y, 0, 0}, NULL, NULL) + 2 * CH_GAP;
    y += ch_text(ch, CH_PANEL, b->contents, cw, PANGO_ALIGN_LEFT,
                 (ch_at){CH_BOOK_M, y, 0, 0}, NULL, NULL) + CH_GAP;
    for (i = 0; i < b->pages; i++) {
        char *entry = g_strdup_printf("%s%s%s", b->pg[i].heading,
                                      *b->pg[i].heading ? ". " : "", b->pg[i].title);
        double h;
        ch_text_size(ch, CH_CAT, entry, cw - num_w, &h);
        h += 4;
        if (y + h > CH_BOOK_H - CH_BOOK_M) { /* next page of the contents */
            if (ch->cr) {
                ch_book_folio(ch, page);
                cairo_show_page(ch->cr);
            }
            page++;
            y = CH_BOOK_M;
        }
        ch_text(ch, CH_CAT, entry, cw - num_w, PANGO_ALIGN_LEFT,
                (ch_at){CH_BOOK_M, y, 0, 0}, NULL, NULL);
        snprintf(num, sizeof num, "%d", first_fig + i);
        ch_text(ch, CH_CAT, num, 0, PANGO_ALIGN_RIGHT,
                (ch_at){CH_BOOK_W - CH_BOOK_M, y, 1, 0}, NULL, NULL);
        y += h;
        g_free(entry);
    }
    if (ch->cr) {
        ch_book_folio(ch, page);
        cairo_show_page(ch->cr);
    }
    return page;
}

/* Figure page i, page number n: heading, the figure scaled to fit, its
 * caption, the folio. */
static void ch_book_figure(const pv_chart_book *b, ch_chart *ch, int i, int n)
{
    const ch_book_page *p = &b->pg[i];
    const double cw = CH_BOOK_W - 2 * CH_BOOK_M;
    double y = CH_BOOK_M, head_h = 0, cap_h = 0, avail, s;

    if (*p->heading)
        head_h = ch_text(ch, CH_TITLE, p->heading, cw, PANGO_ALIGN_LEFT,
                         (ch_at){CH_BOOK_M, y, 0, 0}, NULL, NULL) + CH_GAP;
    if (*p->caption) {
        ch_text_size(ch, CH_SUBTITLE, p->caption, cw, &cap_h);
        cap_h += CH_GAP;
    }
    y += head_h;
    avail = CH_BOOK_H - 2 * CH_BOOK_M - head_h - cap_h;
    s = fmin(1, fmin(cw / CH_W, avail / p->h));
    cairo_save(ch->cr);
    cairo_translate(ch->cr, (CH_BOOK_W - s * CH_W) / 2, y);
    cairo_scale(ch->cr, s, s);
    cairo_set_source_surface(ch->cr, p->rec, 0, 0);
    cairo_rectangle(ch->cr, 0, 0, CH_W, p->h);
    cairo_fill(ch->cr);
    cairo_restore(ch->cr);
    /* a hairline frame: where the figure's white page ends */
    cairo_set_source_rgb(ch->cr, ch_grid.r, ch_grid.g, ch_grid.b);
    cairo_set_line_width(ch->cr, 0.5);
    cairo_rectangle(ch->cr, (CH_BOOK_W - s * CH_W) / 2, y, s * CH_W, s * p->h);
    cairo_stroke(ch->cr);
    if (*p->caption)
        ch_text(ch, CH_SUBTITLE, p->caption, cw, PANGO_ALIGN_LEFT,
                (ch_at){CH_BOOK_M, y + s * p->h + CH_GAP, 0, 0}, NULL, NULL);
    ch_book_folio(ch, n);
    cairo_show_page(ch->cr);
}

int pv_chart_book_close(pv_chart_book *b, pv_err *err)
{
    int rc = 0, i, toc;
    if (!b)
        return 0;
    if (b->pages > 0 && !(err && err->status)) {
        pv_chart_spec s = {.lang = b->lang};
        ch_chart ch;
        memset(&ch, 0, sizeof ch);
        ch.s = &s;
        if (!(rc = ch_fonts_open(&ch, err))) {
            cairo_t *cr = cairo_create(b->sf);
            toc = ch_book_contents(b, &ch, 0); /* measure: its pages */
            pango_cairo_update_context(cr, ch.pc);
            ch.cr = cr;
            ch_book_contents(b, &ch, toc + 1);
            for (i = 0; i < b->pages; i++)
                ch_book_figure(b, &ch, i, toc + 1 + i);
            ch.cr = NULL;
            if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
                rc = pv_err_set(err, PV_EXIT_IO, "cannot draw %s: %s", b->path,
                                cairo_status_to_string(cairo_status(cr)));
            cairo_destroy(cr);
            ch_fonts_close(&ch);
        }
    }
    cairo_surface_finish(b->sf);
    if (!rc && cairo_surface_status(b->sf) != CAIRO_STATUS_SUCCESS)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot write %s: %s", b->path,
                        cairo_status_to_string(cairo_surface_status(b->sf)));
    else if (!rc && b->pages > 0 && !(err && err->status))
        rc = ch_file_commit(&b->out, CH_PDF, NULL, b->path, err);
    cairo_surface_destroy(b->sf);
    for (i = 0; i < b->pages; i++) {
        cairo_surface_destroy(b->pg[i].rec);
        g_object_unref(b->pg[i].fm);
        free(b->pg[i].heading);
        free(b->pg[i].title);
        free(b->pg[i].caption);
    }
    free(b->pg);
    free(b->out.p);
    free(b->path);
    free(b->title);
    free(b->contents);
    free(b);
    return rc;
}
