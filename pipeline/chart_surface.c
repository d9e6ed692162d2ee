/* chart_surface.c — a figure drawn on PDF, SVG and PNG surfaces, with its
 * metadata, and written through a temporary file. */
#include "chart_int.h"
#include "stage.h"
#include "xalloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <png.h>

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

/* libpng's errors: back to ch_png_encode's setjmp (libpng prints nothing:
 * the caller reports the failure with the file's name). */
static void ch_png_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void ch_png_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static void ch_png_write_data(png_structp png, png_bytep data, size_t len)
{
    ch_buf_write(png_get_io_ptr(png), data, (unsigned int)len);
}

static void ch_png_flush(png_structp png)
{
    (void)png;
}

/* Row of w pixels of an RGB24 surface (native-endian 0x??RRGGBB words at
 * p) as 8-bit R, G, B in out.  On a little-endian host, four pixels go as
 * three 32-bit words (a third of the stores of a byte at a time: the loop
 * was 3 % of the stage); elsewhere, and for the last w % 4, byte by byte. */
static void ch_png_row(unsigned char *out, const unsigned char *p, int w)
{
    int x = 0;
    uint32_t px;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; x + 4 <= w; x += 4, p += 16, out += 12) {
        uint32_t a, b, c, d, o[3];
        memcpy(&a, p, 4);
        memcpy(&b, p + 4, 4);
        memcpy(&c, p + 8, 4);
        memcpy(&d, p + 12, 4);
        /* bytes in memory, first to last: Ra Ga Ba Rb | Gb Bb Rc Gc | Bc Rd Gd Bd */
        o[0] = (__builtin_bswap32(a) >> 8) | ((b & 0xff0000u) << 8);
        o[1] = (__builtin_bswap32(b) >> 16) | (c & 0xff0000u) | ((c & 0xff00u) << 16);
        o[2] = (c & 0xffu) | (__builtin_bswap32(d) & 0xffffff00u);
        memcpy(out, o, 12);
    }
#endif
    for (; x < w; x++, p += 4, out += 3) {
        memcpy(&px, p, 4);
        out[0] = (unsigned char)(px >> 16);
        out[1] = (unsigned char)(px >> 8);
        out[2] = (unsigned char)px;
    }
}

/* Append the PNG of the RGB24 image surface sf to out: 8-bit RGB, the same
 * pixels and chunks (IHDR, bKGD white, IDAT, IEND) as
 * cairo_surface_write_to_png_stream, but no row filter and zlib level 3
 * (libpng's own PNG_IMAGE_FLAG_FAST) where cairo takes libpng's defaults
 * (every filter tried on every row, level 6): four times faster, and on
 * the demo's flat-colour charts 4 % smaller.  Rows are converted here
 * from cairo's native-endian 0x00RRGGBB words, so the bytes do not depend
 * on the host's byte order.  Returns a cairo status. */
static cairo_status_t ch_png_encode(cairo_surface_t *sf, ch_buf *out)
{
    const int w = cairo_image_surface_get_width(sf);
    const int h = cairo_image_surface_get_height(sf);
    const int stride = cairo_image_surface_get_stride(sf);
    const unsigned char *data;
    png_structp png;
    png_infop info = NULL;
    png_bytep row;
    png_color_16 white = {0, 255, 255, 255, 255};
    int y;

    cairo_surface_flush(sf);
    data = cairo_image_surface_get_data(sf);
    if (!data || w <= 0 || h <= 0)
        return CAIRO_STATUS_INVALID_SIZE;
    row = pv_xmalloc(pv_xmul((size_t)w, 3));
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, ch_png_error,
                                  ch_png_warning);
    if (png)
        info = png_create_info_struct(png);
    if (!png || !info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row);
        return CAIRO_STATUS_WRITE_ERROR;
    }
    png_set_write_fn(png, out, ch_png_write_data, ch_png_flush);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_set_bKGD(png, info, &white);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, 3);
    png_write_info(png, info);
    for (y = 0; y < h; y++) {
        const unsigned char *p = data + (size_t)y * (size_t)stride;
        /* a row like the one above (the white margins, the gaps between
         * bars) is already in row: libpng copies it, never changes it */
        if (y == 0 || memcmp(p, p - stride, 4 * (size_t)w) != 0)
            ch_png_row(row, p, w);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    return CAIRO_STATUS_SUCCESS;
}

/* Draw the page on a new surface of fmt and append the file's bytes to out.
 * Returns a cairo status (CAIRO_STATUS_SUCCESS when all went well). */
static cairo_status_t ch_surface_write(ch_chart *ch, ch_format fmt, ch_buf *out)
{
    cairo_surface_t *sf = ch_surface_create(ch, fmt, out);
    cairo_t *cr = cairo_create(sf);
    cairo_status_t st;
    double page_h;

    if (fmt == CH_PNG) {
        /* the PNG's scale: text laid out again for its pixels */
        cairo_scale(cr, CH_PNG_SCALE, CH_PNG_SCALE);
        pango_cairo_update_context(cr, ch->pc);
    } /* else: the vector state, set before measuring (ch_vector_state) */
    ch->cr = cr;
    page_h = ch_draw(ch);
    /* What was measured is what is drawn, but for sub-point differences in
     * text metrics under the PNG's scale: never worth aborting for. */
    (void)page_h;
    ch->cr = NULL;
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS && fmt == CH_PNG)
        st = ch_png_encode(sf, out);
    cairo_surface_finish(sf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    return st;
}

/* Put the chart's context in the state of a PDF surface (its font options,
 * no scale): the state the page is measured in and its PDF, SVG and book
 * page are drawn in, so that the layouts made while measuring are those
 * drawn (chart_text.c keeps them while the state lasts).  PDF and SVG
 * surfaces give fonts the same options (no hinting, unhinted metrics, grey
 * antialiasing), so the SVG drawn in the PDF's state is byte for byte the
 * one drawn in its own (checked on every figure of the demo); the PNG
 * sets its own (ch_surface_write). */
void ch_vector_state(ch_chart *ch)
{
    cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(NULL, NULL, CH_W, CH_W);
    cairo_t *cr = cairo_create(sf);

    pango_cairo_update_context(cr, ch->pc);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
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
        /* an id starts with 's': skip to the next one (memchr, not a byte
         * at a time: this scan was 1 % of the stage) */
        const unsigned char *q = memchr(b->p + i, 's', b->n - i);
        int k;
        if (!q)
            break;
        i = (size_t)(q - b->p);
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
