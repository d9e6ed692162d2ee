/* chart_surface.c — a figure drawn on PDF, SVG and PNG surfaces, with its
 * metadata, and written through a temporary file. */
#include "chart_int.h"
#include "stage.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

/* ------------------------------------------------------------------------
 * Output files
 * ------------------------------------------------------------------------ */

static const char *const ch_ext[] = {".pdf", ".svg", ".png"};

cairo_status_t ch_buf_write(void *closure, const unsigned char *data,
                            unsigned int len)
{
    ch_buf *b = closure;

    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->n + len)
            cap = pv_xmul(cap, 2);
        b->p = pv_xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    return CAIRO_STATUS_SUCCESS;
}

/* A surface of the page for fmt writing into out (PNG: an image surface,
 * encoded after drawing).  Never NULL; check its status. */
static cairo_surface_t *ch_surface_create(const ch_chart *ch, ch_format fmt,
                                          ch_buf *out)
{
    cairo_surface_t *sf;

    switch (fmt) {
    case CH_PDF:
        sf = cairo_pdf_surface_create_for_stream(ch_buf_write, out, CH_W, ch->h);
        /* An empty date removes /CreationDate (cairo 1.16 stamps the time). */
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATE_DATE, "");
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_MOD_DATE, "");
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, ch->s->title);
        /* the program's name alone: a version or date would change the
         * bytes of every figure at each release */
        cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "proxeval");
        if (ch->s->alt && *ch->s->alt) /* readers show it as the description */
            cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_SUBJECT, ch->s->alt);
        if (ch->s->author && *ch->s->author)
            cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_AUTHOR, ch->s->author);
        return sf;
    case CH_SVG:
        sf = cairo_svg_surface_create_for_stream(ch_buf_write, out, CH_W, ch->h);
        cairo_svg_surface_set_document_unit(sf, CAIRO_SVG_UNIT_PT);
        return sf;
    default:
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                          (int)(CH_W * CH_PNG_SCALE),
                                          (int)(ch->h * CH_PNG_SCALE));
    }
}

/* Draw the page on a new surface of fmt and append the file's bytes to out.
 * Returns a cairo status (CAIRO_STATUS_SUCCESS when all went well). */
static cairo_status_t ch_surface_write(ch_chart *ch, ch_format fmt, ch_buf *out)
{
    cairo_surface_t *sf = ch_surface_create(ch, fmt, out);
    cairo_t *cr = cairo_create(sf);
    cairo_status_t st;
    double page_h;

    if (fmt == CH_PNG)
        cairo_scale(cr, CH_PNG_SCALE, CH_PNG_SCALE);
    pango_cairo_update_context(cr, ch->pc);
    ch->cr = cr;
    page_h = ch_draw(ch);
    /* What was measured is what is drawn, but for sub-point differences in
     * text metrics under the PNG's scale: never worth aborting for. */
    (void)page_h;
    ch->cr = NULL;
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS && fmt == CH_PNG)
        st = cairo_surface_write_to_png_stream(sf, ch_buf_write, out);
    cairo_surface_finish(sf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    return st;
}

/* Length of the "surface<digits>" id at p (after a '"' or '#'), or 0. */
static size_t ch_svg_id_len(const ch_buf *b, size_t i)
{
    static const char key[] = "surface";
    size_t k = sizeof key - 1, j;

    if (i == 0 || (b->p[i - 1] != '"' && b->p[i - 1] != '#') ||
        i + k >= b->n || memcmp(b->p + i, key, k) != 0)
        return 0;
    for (j = i + k; j < b->n && b->p[j] >= '0' && b->p[j] <= '9'; j++)
        ;
    return j > i + k ? j - i : 0;
}

/* End of the <svg ...> start tag in b (the index after its '>'), or 0. */
static size_t ch_svg_root_end(const ch_buf *b)
{
    static const char tag[] = "<svg";
    size_t i;

    for (i = 0; i + sizeof tag - 1 < b->n; i++)
        if (!memcmp(b->p + i, tag, sizeof tag - 1))
            break;
    for (; i < b->n; i++)
        if (b->p[i] == '>')
            return i + 1;
    return 0;
}

/* <title> and <desc> of the figure, first children of the root (SVG 1.1,
 * 5.4: what screen readers and browsers show); cairo writes neither. */
static int ch_svg_accessible(const pv_chart_spec *s, FILE *f)
{
    char *t = g_markup_escape_text(s->title, -1);
    char *d = s->alt && *s->alt ? g_markup_escape_text(s->alt, -1) : NULL;
    int ok = fprintf(f, "\n<title>%s</title>", t) > 0 &&
             (!d || fprintf(f, "\n<desc>%s</desc>", d) > 0);
    g_free(t);
    g_free(d);
    return ok;
}

/* Write an SVG from cairo with its "surfaceN" ids renumbered 1, 2, ... in
 * order of first appearance: cairo numbers them from a process-wide counter,
 * so they would depend on what was rendered before; and with the spec's
 * title and alt text as <title> and <desc> after the root's start tag.
 * (Text is drawn as glyph outlines, so the caller's strings appear in the
 * file only there.)  Returns 0 or -1 on a write error. */
static int ch_svg_write(const ch_buf *b, const pv_chart_spec *s, FILE *f)
{
    char seen[64][24]; /* old ids, in order; new id = index + 1 */
    int n_seen = 0, ok = 1;
    size_t i, from = 0, len, root = s ? ch_svg_root_end(b) : 0;

    if (root) {
        ok = fwrite(b->p, 1, root, f) == root && ch_svg_accessible(s, f);
        from = root;
    }
    for (i = from; i < b->n && ok; i++) {
        int k;
        if (!(len = ch_svg_id_len(b, i)) || len >= sizeof seen[0])
            continue;
        for (k = 0; k < n_seen && (strlen(seen[k]) != len ||
                                   memcmp(seen[k], b->p + i, len)); k++)
            ;
        if (k == n_seen && n_seen < 64) {
            memcpy(seen[n_seen], b->p + i, len);
            seen[n_seen++][len] = '\0';
        }
        if (k >= 64)
            continue; /* beyond the table: keep the id as cairo wrote it */
        ok = fwrite(b->p + from, 1, i - from, f) == i - from &&
             fprintf(f, "surface%d", k + 1) > 0;
        from = i + len;
        i += len - 1;
    }
    ok = ok && fwrite(b->p + from, 1, b->n - from, f) == b->n - from;
    return ok ? 0 : -1;
}

/* Write the bytes of out to path through path.tmp and rename().  Returns 0,
 * or sets *err (PV_EXIT_IO) and leaves no temporary behind. */
int ch_file_commit(const ch_buf *out, ch_format fmt,
                   const pv_chart_spec *s, const char *path, pv_err *err)
{
    char *tmp = pv_tmp_name(path);
    FILE *f;
    int rc = 0, bad;

    if (!(f = fopen(tmp, "wb"))) {
        rc = pv_err_set(err, PV_EXIT_IO, "cannot create %s: %s", tmp,
                        strerror(errno));
        free(tmp);
        return rc;
    }
    bad = fmt == CH_SVG ? ch_svg_write(out, s, f) != 0
                        : fwrite(out->p, 1, out->n, f) != out->n;
    bad = (fclose(f) != 0) || bad;
    if (bad)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot write %s: %s", tmp,
                        strerror(errno));
    else if (rename(tmp, path) != 0)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot rename %s to %s: %s", tmp,
                        path, strerror(errno));
    if (rc)
        remove(tmp);
    free(tmp);
    return rc;
}

/* Render fmt and write it to base + extension.  Returns 0 or sets *err. */
int ch_file_write(ch_chart *ch, ch_format fmt, const char *base,
                  pv_err *err)
{
    ch_buf out = {NULL, 0, 0};
    char *path = pv_xmalloc(strlen(base) + 8);
    cairo_status_t st;
    int rc;

    sprintf(path, "%s%s", base, ch_ext[fmt]);
    st = ch_surface_write(ch, fmt, &out);
    if (st != CAIRO_STATUS_SUCCESS)
        rc = pv_err_set(err, PV_EXIT_IO, "cannot draw %s: %s", path,
                        cairo_status_to_string(st));
    else
        rc = ch_file_commit(&out, fmt, ch->s, path, err);
    free(out.p);
    free(path);
    return rc;
}
