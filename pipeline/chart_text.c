/* chart_text.c — the theme's fonts in a private fontconfig, and text
 * laid out by pango: measured, or drawn when a target is set. */
#include "chart_int.h"
#include "stage.h"
#include "xalloc.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

/* ------------------------------------------------------------------------
 * Fonts: a private fontconfig holding only the theme's files
 * ------------------------------------------------------------------------ */

/* Path of the system's CH_FONT_FAMILY file with that weight, upright and of
 * normal width; the smallest path if several (deterministic).  Returns a
 * string the caller frees with g_free, or NULL if none is installed. */
static char *ch_font_file_find(int weight)
{
    FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, CH_FONT_FAMILY,
                                    FC_WEIGHT, FcTypeInteger, weight,
                                    FC_SLANT, FcTypeInteger, FC_SLANT_ROMAN,
                                    (char *)NULL);
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, (char *)NULL);
    FcFontSet *fs = pat && os ? FcFontList(NULL, pat, os) : NULL;
    char *best = NULL;
    int i;

    for (i = 0; fs && i < fs->nfont; i++) {
        FcChar8 *file;
        if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        if (!best || strcmp((const char *)file, best) < 0) {
            g_free(best);
            best = g_strdup((const char *)file);
        }
    }
    if (fs)
        FcFontSetDestroy(fs);
    if (os)
        FcObjectSetDestroy(os);
    if (pat)
        FcPatternDestroy(pat);
    return best;
}

/* A new fontconfig configuration with only the regular and bold files of
 * the theme font.  Returns it (caller destroys) or NULL with *err set. */
static FcConfig *ch_font_config_new(pv_err *err)
{
    static const int weights[2] = {FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD};
    FcConfig *cfg = FcConfigCreate();
    int i;

    for (i = 0; cfg && i < 2; i++) {
        char *file = ch_font_file_find(weights[i]);
        int ok = file && FcConfigAppFontAddFile(cfg, (const FcChar8 *)file);
        if (!ok) {
            pv_err_set(err, PV_EXIT_IO,
                       "chart: font %s (%s) not found or unreadable; install "
                       "the Debian package %s", CH_FONT_FAMILY,
                       i ? "bold" : "regular", CH_FONT_PACKAGE);
            g_free(file);
            FcConfigDestroy(cfg);
            return NULL;
        }
        g_free(file);
    }
    if (!cfg)
        pv_xalloc_die(); /* FcConfigCreate's only failure */
    return cfg;
}

/* ------------------------------------------------------------------------
 * Layouts made once per state of the context
 *
 * A figure's texts are measured several times in one walk (a label's size
 * for the column width, then its height for the row, then drawn) and again
 * in each walk.  Laying out a text is most of the figures stage (HarfBuzz's
 * shaping, and pango's line breaking, which shapes a wrapped text again at
 * each break), so each layout is kept, by style, text, wrap width,
 * alignment and wrap mode, while the context stays in the state it was
 * made in: pango_cairo_update_context changes the state (the PNG's scale,
 * a surface's font options) and bumps the context's serial, and a layout
 * made in another state could place glyphs differently (pango rounds
 * positions to the device's pixels), so a new serial empties the table.
 * ------------------------------------------------------------------------ */

typedef struct {
    int st, al, mode;
    double wrap;
    const char *text; /* points into the entry */
} ch_lkey;

struct ch_layouts {
    GHashTable *t; /* ch_lkey * (owned, the text after it) -> PangoLayout * */
    guint serial;  /* the context's when the layouts were made */
};

static guint ch_lkey_hash(gconstpointer p)
{
    const ch_lkey *k = p;
    guint h = g_str_hash(k->text);
    guint64 w;

    memcpy(&w, &k->wrap, sizeof w);
    h = h * 31u + (guint)k->st;
    h = h * 31u + (guint)k->al;
    h = h * 31u + (guint)k->mode;
    return h * 31u + (guint)(w ^ (w >> 32));
}

static gboolean ch_lkey_equal(gconstpointer pa, gconstpointer pb)
{
    const ch_lkey *a = pa, *b = pb;
    return a->st == b->st && a->al == b->al && a->mode == b->mode &&
           a->wrap == b->wrap && strcmp(a->text, b->text) == 0;
}

static void ch_layouts_free(ch_layouts *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->t);
    free(c);
}

static PangoLayout *ch_layout_new(const ch_chart *ch, ch_style st, const char *text, double wrap,
                                  PangoAlignment al);

/* The layout of text in style st, wrapped at wrap pt (<= 0: one line per
 * paragraph) with mode, aligned with al, from the table or made and kept
 * there.  Borrowed: valid until the context's state changes or the chart's
 * fonts are closed. */
PangoLayout *ch_layout_get(const ch_chart *ch, ch_style st,
                           const char *text, double wrap,
                           PangoAlignment al, PangoWrapMode mode)
{
    ch_layouts *c = ch->lay;
    ch_lkey k = {st, al, wrap > 0 ? mode : 0, wrap > 0 ? wrap : 0, text}, *e;
    guint serial = pango_context_get_serial(ch->pc);
    PangoLayout *l;
    size_t n;

    if (c->serial != serial) {
        g_hash_table_remove_all(c->t);
        c->serial = serial;
    }
    if ((l = g_hash_table_lookup(c->t, &k)))
        return l;
    l = ch_layout_new(ch, st, text, wrap, al);
    if (wrap > 0)
        pango_layout_set_wrap(l, mode);
    n = strlen(text) + 1;
    e = pv_xmalloc(sizeof *e + n);
    *e = k;
    memcpy(e + 1, text, n);
    e->text = (const char *)(e + 1);
    g_hash_table_insert(c->t, e, l);
    return l;
}

/* The process's font map, made on first use and kept to the end: the scan
 * of the system's fonts, the two font files read, HarfBuzz's tables of the
 * font (its shaping plans) and the glyphs FreeType loaded are the same for
 * every figure, and making them again for each render and each format of
 * the book was a third of the figures stage.  The map holds nothing a
 * render could change: what a figure looks like depends on its own
 * context (ch_fonts_open), and test_chart renders A, B, A and compares A's
 * bytes. */
static PangoFontMap *ch_font_map;

/* Fill ch->fm and ch->pc.  Returns 0, or sets *err (PV_EXIT_IO); whatever
 * was created is released by ch_fonts_close. */
int ch_fonts_open(ch_chart *ch, pv_err *err)
{
    cairo_font_options_t *fo;

    if (!ch_font_map) {
        FcConfig *cfg = ch_font_config_new(err);
        if (!cfg)
            return PV_EXIT_IO;
        ch_font_map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
        if (!ch_font_map) {
            FcConfigDestroy(cfg);
            return pv_err_set(err, PV_EXIT_IO, "chart: no FreeType font map");
        }
        pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(ch_font_map), cfg);
        FcConfigDestroy(cfg); /* the font map holds its own reference */
    }
    ch->fm = g_object_ref(ch_font_map);
    ch->pc = pango_font_map_create_context(ch->fm);
    ch->lay = pv_xmalloc(sizeof *ch->lay);
    ch->lay->t = g_hash_table_new_full(ch_lkey_hash, ch_lkey_equal, free,
                                       g_object_unref);
    ch->lay->serial = pango_context_get_serial(ch->pc);
    fo = cairo_font_options_create();
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_subpixel_order(fo, CAIRO_SUBPIXEL_ORDER_DEFAULT);
    pango_cairo_context_set_font_options(ch->pc, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(ch->pc, 72.0);
    pango_context_set_language(ch->pc, pango_language_from_string(
                                           ch->s->lang == PV_LANG_EN ? "en" : "fr"));
    pango_context_set_base_dir(ch->pc, PANGO_DIRECTION_LTR);
    return 0;
}

void ch_fonts_close(ch_chart *ch)
{
    ch_layouts_free(ch->lay);
    ch->lay = NULL;
    if (ch->pc)
        g_object_unref(ch->pc);
    if (ch->fm)
        g_object_unref(ch->fm); /* ch_font_map keeps its own reference */
    ch->pc = NULL;
    ch->fm = NULL;
}

/* ------------------------------------------------------------------------
 * Text and shapes (drawing calls are no-ops while measuring)
 * ------------------------------------------------------------------------ */

/* A layout of text in style st, wrapped at wrap pt (<= 0: one line per
 * paragraph) and aligned with al.  Caller unrefs.  Only through
 * ch_layout_get's cache since every chart reads its texts there. */
static PangoLayout *ch_layout_new(const ch_chart *ch, ch_style st,
                           const char *text, double wrap,
                           PangoAlignment al)
{
    PangoLayout *l = pango_layout_new(ch->pc);
    PangoFontDescription *fd = pango_font_description_new();

    pango_font_description_set_family_static(fd, CH_FONT_FAMILY);
    pango_font_description_set_weight(fd, ch_styles[st].bold
                                              ? PANGO_WEIGHT_BOLD
                                              : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, ch_styles[st].size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (wrap > 0) {
        pango_layout_set_width(l, (int)(wrap * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, al);
    pango_layout_set_text(l, text, -1);
    return l;
}

/* Logical box of l: offset from the layout origin and size, pt. */
void ch_layout_box(PangoLayout *l, double *x, double *y,
                             double *w, double *h)
{
    PangoRectangle r;
    pango_layout_get_extents(l, NULL, &r);
    *x = (double)r.x / PANGO_SCALE;
    *y = (double)r.y / PANGO_SCALE;
    *w = (double)r.width / PANGO_SCALE;
    *h = (double)r.height / PANGO_SCALE;
}

/* Draw (or only measure) text; store its box size in *w, *h (may be NULL).
 * Returns the box height. */
double ch_text(const ch_chart *ch, ch_style st, const char *text,
               double wrap, PangoAlignment al, ch_at at, double *w,
               double *h)
{
    PangoLayout *l = ch_layout_get(ch, st, text, wrap, al, PANGO_WRAP_WORD_CHAR);
    double bx, by, bw, bh;

    ch_layout_box(l, &bx, &by, &bw, &bh);
    if (ch->cr) {
        const ch_rgb *c = ch_styles[st].color;
        cairo_set_source_rgb(ch->cr, c->r, c->g, c->b);
        cairo_move_to(ch->cr, at.x - at.ax * bw - bx, at.y - at.ay * bh - by);
        pango_cairo_show_layout(ch->cr, l);
    }
    if (w)
        *w = bw;
    if (h)
        *h = bh;
    return bh;
}

/* Size of text in style st, wrapped at wrap; returns the width and stores
 * the height in *h (may be NULL). */
double ch_text_size(const ch_chart *ch, ch_style st, const char *text,
                    double wrap, double *h)
{
    PangoLayout *l = ch_layout_get(ch, st, text, wrap, PANGO_ALIGN_LEFT,
                                   PANGO_WRAP_WORD_CHAR);
    double bx, by, bw, bh;

    ch_layout_box(l, &bx, &by, &bw, &bh);
    if (h)
        *h = bh;
    return bw;
}

/* Same text in a chosen colour (value labels inside bars). */
void ch_text_colored(const ch_chart *ch, ch_style st, const char *text,
                     ch_at at, const ch_rgb *c)
{
    PangoLayout *l;
    double bx, by, bw, bh;

    if (!ch->cr)
        return;
    /* lines of a centred text centred on each other */
    l = ch_layout_get(ch, st, text, 0,
                      at.ax == 0.5 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT, 0);
    ch_layout_box(l, &bx, &by, &bw, &bh);
    cairo_set_source_rgb(ch->cr, c->r, c->g, c->b);
    cairo_move_to(ch->cr, at.x - at.ax * bw - bx, at.y - at.ay * bh - by);
    pango_cairo_show_layout(ch->cr, l);
}
