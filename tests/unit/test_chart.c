/* test_chart.c — unit tests of the chart toolkit (pipeline/chart*.c).
 *
 * Renders every kind into a temporary folder and checks: the three files
 * exist, are non-empty and leave no temporary behind; the PNG is exactly
 * twice the PDF page in pixels; output is byte-for-byte deterministic even
 * after another figure was rendered in the same process; invalid specs and
 * unwritable paths return an error instead of crashing; degenerate specs
 * (no category, all values suppressed) still render.  The questionnaire
 * kinds (LIKERT, DOT_CI) get the same checks, with groups, panels, notes,
 * suppressed cells, long labels and 4-, 5- and 7-point scales; HEATMAP too,
 * with shares and suppressed cells, a square count matrix with a blank
 * diagonal and long labels, groups, 30 columns, 1 row and none.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>

#include "chart.h"
#include "stage.h"

/* ------------------------------------------------------------------------
 * Fixtures: a temporary folder and one spec of each kind
 * ------------------------------------------------------------------------ */

static char tmpdir[] = "/tmp/test_chart.XXXXXX";

static int dir_setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int dir_teardown(void **state)
{
    char cmd[256];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *const months[] = {"janv. 2024", "févr. 2024", "mars 2024",
                                     "avr. 2024",  "mai 2024",   "juin 2024"};
static const char *const regions[] = {
    "Montréal", "Gaspésie–Îles-de-la-Madeleine",
    "Centre intégré de santé et de services sociaux, services de première "
    "ligne en périnatalité", "Laval"};
static const char *const series[] = {"Isolées", "Non isolées"};
static const double v_months[] = {180, 210, 230, 250, 260, 240,
                                  110, 140, NAN, 160, 170, 150};
static const double v_regions[] = {1234, 88, NAN, 311};
static const char *const t_regions[] = {"1 234 (23 %)", "88 (2 %)", "< 5",
                                        "311 (6 %)"};
static const double v_pct[] = {0.62, 0.55, 0.40, 0.35, 0.38, 0.45, NAN, 0.65};
static const char *const t_pct[] = {"62 %", "55 %", "40 %", "35 %",
                                    "38 %", "45 %", "< 5", "65 %"};

static pv_chart_spec spec_of(pv_chart_kind kind)
{
    pv_chart_spec s = {0};
    s.kind = kind;
    s.lang = PV_LANG_FR;
    s.title = "Familles rejointes";
    s.subtitle = "Janvier 2024 – juin 2024";
    s.note = "Source : données synthétiques.";
    s.value_axis = "Familles";
    switch (kind) {
    case PV_CHART_HBAR:
        s.n_cat = 4, s.cat_labels = regions, s.n_ser = 1;
        s.values = v_regions, s.value_text = t_regions;
        break;
    case PV_CHART_HBAR_STACKED:
        s.n_cat = 4, s.cat_labels = regions, s.n_ser = 2, s.ser_labels = series;
        s.values = v_pct, s.value_text = t_pct, s.value_is_pct = 1;
        break;
    default:
        s.n_cat = 6, s.cat_labels = months, s.n_ser = 2, s.ser_labels = series;
        s.values = v_months;
        break;
    }
    return s;
}

/* Questionnaire kinds.  Items of two constructs for two respondent groups
 * (panels); values[s * n_cat + c]. */
enum { QN = 6 };
static const char *const q_items[QN] = {
    "Je me sens capable de répondre aux besoins de mon bébé",
    "Je me sens en confiance pour prendre soin de mon enfant, même dans les "
    "moments difficiles, la nuit comme le jour",
    "Je connais d'autres parents de mon quartier",
    "Je me sens capable de répondre aux besoins de mon bébé",
    "Je me sens en confiance pour prendre soin de mon enfant, même dans les "
    "moments difficiles, la nuit comme le jour",
    "Je connais d'autres parents de mon quartier"};
static const char *const q_groups[QN] = {
    "Compétence parentale", "Compétence parentale", "Soutien social",
    "Compétence parentale", "Compétence parentale", "Soutien social"};
static const char *const q_panels[QN] = {
    "Parents (n = 320)", "Parents (n = 320)", "Parents (n = 320)",
    "Partenaires (n = 142)", "Partenaires (n = 142)", "Partenaires (n = 142)"};
static const char *const q_notes[QN] = {
    "n = 312 · 8 sans réponse", "n = 318", NULL, "n = 140 · 2 sans réponse",
    "", "n = 3"};
static const char *const scale5[5] = {
    "Tout à fait en désaccord", "Plutôt en désaccord",
    "Ni d'accord ni en désaccord", "Plutôt d'accord", "Tout à fait d'accord"};
static const char *const scale4[4] = {
    "Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord",
    "Tout à fait d'accord"};
/* 5-point: item 3 has a suppressed category, item 6 is suppressed whole. */
static const double v_likert5[5 * QN] = {
    0.02, 0.04, 0.28, 0.07, 0.12, NAN,
    0.06, 0.10, 0.30, 0.10, 0.15, NAN,
    0.12, 0.16, NAN,  0.18, 0.22, NAN,
    0.45, 0.42, 0.17, 0.40, 0.33, NAN,
    0.35, 0.28, 0.08, 0.25, 0.18, NAN};
static const char *const t_likert5[5 * QN] = {
    [2 * QN + 2] = "< 5", [0 * QN + 5] = "< 5 répondants"};
static const double v_likert4[4 * QN] = {
    0.08, 0.05, 0.20, 0.17, 0.12, NAN,
    0.12, 0.25, 0.45, 0.50, 0.33, NAN,
    0.50, 0.40, 0.25, 0.23, 0.40, NAN,
    0.30, 0.30, 0.10, 0.10, 0.15, NAN};
/* DOT_CI: 3 groups; one suppressed cell with a text, one without. */
static const char *const q_resp[3] = {"Mères (n = 210)", "Pères (n = 96)",
                                      "Autres figures parentales (n = 14)"};
static const double v_dot[3 * QN] = {
    0.82, 0.64, 0.27, 0.80, 0.60, 0.30,
    0.74, 0.55, 0.22, 0.70, NAN,  0.25,
    0.71, NAN,  0.36, 0.65, 0.50, 0.40};
static const double lo_dot[3 * QN] = {
    0.76, 0.57, 0.21, 0.73, 0.52, 0.22,
    0.64, 0.45, NAN,  0.60, NAN,  0.15,
    0.45, NAN,  0.16, 0.40, 0.25, 0.20};
static const double hi_dot[3 * QN] = {
    0.87, 0.70, 0.33, 0.86, 0.68, 0.39,
    0.82, 0.65, NAN,  0.79, NAN,  0.37,
    0.88, NAN,  0.61, 0.84, 0.75, 0.62};
static const char *const t_dot[3 * QN] = {[2 * QN + 1] = "< 5", [0] = "82 %"};

static pv_chart_spec spec_q(pv_chart_kind kind)
{
    pv_chart_spec s = {0};
    s.kind = kind;
    s.lang = PV_LANG_FR;
    s.title = "Appréciation du programme";
    s.subtitle = "Part des réponses valides, par énoncé";
    s.note = "Source : données synthétiques.";
    s.value_axis = "Part des réponses valides";
    s.n_cat = QN;
    s.cat_labels = q_items;
    s.cat_note = q_notes;
    s.cat_group = q_groups;
    s.cat_panel = q_panels;
    if (kind == PV_CHART_LIKERT) {
        s.n_ser = 5, s.ser_labels = scale5, s.neutral = 2;
        s.values = v_likert5, s.value_text = t_likert5;
    } else {
        s.n_ser = 3, s.ser_labels = q_resp;
        s.values = v_dot, s.ci_low = lo_dot, s.ci_high = hi_dot;
        s.value_text = t_dot, s.value_is_pct = 1;
        s.axis_min = 0, s.axis_max = 1;
    }
    return s;
}

static pv_chart_spec spec_likert4(void)
{
    pv_chart_spec s = spec_q(PV_CHART_LIKERT);
    s.n_ser = 4, s.ser_labels = scale4, s.neutral = -1;
    s.values = v_likert4, s.value_text = NULL;
    return s;
}

static const pv_chart_kind all_kinds[] = {PV_CHART_HBAR, PV_CHART_HBAR_STACKED,
                                          PV_CHART_VBAR_STACKED, PV_CHART_LINE};
static const char *const exts[] = {"pdf", "svg", "png"};

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static char *path_of(char *buf, size_t n, const char *name, const char *ext)
{
    if (ext)
        snprintf(buf, n, "%s/%s.%s", tmpdir, name, ext);
    else
        snprintf(buf, n, "%s/%s", tmpdir, name);
    return buf;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Whole file into a malloc'd buffer; *n its size.  Fails the test if absent. */
static unsigned char *file_read(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long sz = file_size(path);

    assert_non_null(f);
    assert_true(sz > 0);
    buf = malloc((size_t)sz);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)sz, f), (size_t)sz);
    fclose(f);
    *n = (size_t)sz;
    return buf;
}

static void render_ok(const pv_chart_spec *s, const char *name)
{
    char base[512];
    pv_err err = {0};
    int rc = pv_chart_render(s, path_of(base, sizeof base, name, NULL), &err);
    if (rc != 0)
        print_error("render %s: %s\n", name, err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(err.status, 0);
}

static void assert_outputs(const char *name)
{
    char p[512];
    int i;

    for (i = 0; i < 3; i++) {
        assert_true(file_size(path_of(p, sizeof p, name, exts[i])) > 0);
        char *tmp = pv_tmp_name(p);
        assert_non_null(tmp);
        assert_int_equal(file_size(tmp), -1); /* renamed, not left behind */
        free(tmp);
    }
}

static void assert_files_equal(const char *a, const char *b)
{
    size_t na, nb;
    unsigned char *x = file_read(a, &na), *y = file_read(b, &nb);

    if (na != nb || memcmp(x, y, na) != 0)
        fail_msg("%s and %s differ", a, b);
    free(x);
    free(y);
}

/* First occurrence of the string s in buf[0..n), or NULL (memmem is GNU). */
static const unsigned char *mem_find(const unsigned char *buf, size_t n,
                                     const char *s)
{
    size_t k = strlen(s), i;
    for (i = 0; i + k <= n; i++)
        if (memcmp(buf + i, s, k) == 0)
            return buf + i;
    return NULL;
}

/* Page size in points from the PDF's /MediaBox. */
static void pdf_page_size(const char *path, double *w, double *h)
{
    size_t n;
    unsigned char *buf = file_read(path, &n);
    const char *key = "/MediaBox [ ";
    size_t k = strlen(key), i;

    *w = *h = -1;
    for (i = 0; i + k < n; i++)
        if (memcmp(buf + i, key, k) == 0) {
            char tmp[64] = {0};
            memcpy(tmp, buf + i + k, n - i - k < 63 ? n - i - k : 63);
            assert_int_equal(sscanf(tmp, "0 0 %lf %lf", w, h), 2);
            break;
        }
    free(buf);
    assert_true(*w > 0 && *h > 0);
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void test_render_every_kind(void **state)
{
    char name[32];
    size_t i;
    (void)state;

    for (i = 0; i < sizeof all_kinds / sizeof *all_kinds; i++) {
        pv_chart_spec s = spec_of(all_kinds[i]);
        snprintf(name, sizeof name, "kind%zu", i);
        render_ok(&s, name);
        assert_outputs(name);
        s.lang = PV_LANG_EN;
        snprintf(name, sizeof name, "kind%zu_en", i);
        render_ok(&s, name);
        assert_outputs(name);
    }
}

/* PNG pixels = 2 x PDF points, in both directions, for every kind. */
static void test_png_is_twice_pdf(void **state)
{
    char name[32], p[512];
    size_t i;
    (void)state;

    for (i = 0; i < sizeof all_kinds / sizeof *all_kinds; i++) {
        pv_chart_spec s = spec_of(all_kinds[i]);
        cairo_surface_t *png;
        double w, h;
        snprintf(name, sizeof name, "size%zu", i);
        render_ok(&s, name);
        pdf_page_size(path_of(p, sizeof p, name, "pdf"), &w, &h);
        assert_true(w > 450 && w < 460); /* a 16 cm report column */
        png = cairo_image_surface_create_from_png(path_of(p, sizeof p, name, "png"));
        assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
        assert_int_equal(cairo_image_surface_get_width(png), (int)(2 * w));
        assert_int_equal(cairo_image_surface_get_height(png), (int)(2 * h));
        assert_true(w == floor(w) && h == floor(h));
        cairo_surface_destroy(png);
    }
}

/* HBAR height grows with the number of categories. */
static void test_hbar_height_follows_categories(void **state)
{
    pv_chart_spec s = spec_of(PV_CHART_HBAR);
    char p[512];
    double w, h2, h4;
    (void)state;

    s.n_cat = 2;
    render_ok(&s, "rows2");
    pdf_page_size(path_of(p, sizeof p, "rows2", "pdf"), &w, &h2);
    s.n_cat = 4;
    render_ok(&s, "rows4");
    pdf_page_size(path_of(p, sizeof p, "rows4", "pdf"), &w, &h4);
    assert_true(h4 > h2 + 30);
}

/* Render A, then B, then A again: A's bytes are the same in all formats. */
static void test_deterministic(void **state)
{
    char a1[512], a2[512];
    size_t i, k;
    (void)state;

    for (i = 0; i < sizeof all_kinds / sizeof *all_kinds; i++) {
        pv_chart_spec a = spec_of(all_kinds[i]);
        pv_chart_spec b = spec_of(all_kinds[(i + 1) % 4]);
        b.lang = PV_LANG_EN;
        render_ok(&a, "det_a1");
        render_ok(&b, "det_b");
        render_ok(&a, "det_a2");
        for (k = 0; k < 3; k++)
            assert_files_equal(path_of(a1, sizeof a1, "det_a1", exts[k]),
                               path_of(a2, sizeof a2, "det_a2", exts[k]));
    }
}

/* The PDF carries no creation date, the SVG is sized in points. */
static void test_no_timestamp(void **state)
{
    pv_chart_spec s = spec_of(PV_CHART_LINE);
    char p[512];
    size_t n;
    unsigned char *buf;
    (void)state;

    render_ok(&s, "stamp");
    buf = file_read(path_of(p, sizeof p, "stamp", "pdf"), &n);
    assert_null(mem_find(buf, n, "CreationDate"));
    assert_null(mem_find(buf, n, "ModDate"));
    free(buf);
    buf = file_read(path_of(p, sizeof p, "stamp", "svg"), &n);
    assert_non_null(mem_find(buf, n, "width=\"454pt\""));
    free(buf);
}

static void test_degenerate_specs_render(void **state)
{
    static const double all_nan[] = {NAN, NAN, NAN, NAN, NAN, NAN,
                                     NAN, NAN, NAN, NAN, NAN, NAN};
    char name[32];
    size_t i;
    (void)state;

    for (i = 0; i < sizeof all_kinds / sizeof *all_kinds; i++) {
        pv_chart_spec s = spec_of(all_kinds[i]);
        s.values = all_nan;
        snprintf(name, sizeof name, "nan%zu", i);
        render_ok(&s, name);
        assert_outputs(name);
        s.n_cat = 0;
        s.cat_labels = NULL;
        s.values = NULL;
        s.value_text = NULL;
        s.subtitle = s.note = s.value_axis = NULL;
        snprintf(name, sizeof name, "empty%zu", i);
        render_ok(&s, name);
        assert_outputs(name);
    }
}

/* Each broken spec returns PV_EXIT_DATA with a message and writes nothing. */
static void test_invalid_specs(void **state)
{
    static const double inf_values[] = {1, INFINITY, 2, 3};
    static const char *const null_label[] = {"a", NULL, "c", "d"};
    static const char *const bad_utf8[] = {"a", "b\xC3", "c", "d"};
    pv_chart_spec specs[10];
    char base[512], p[512];
    int i, n = 0;
    (void)state;

    for (i = 0; i < 10; i++)
        specs[i] = spec_of(PV_CHART_HBAR);
    specs[n++].n_ser = 0;
    specs[n++].cat_labels = NULL;
    specs[n].n_ser = 2, specs[n++].ser_labels = NULL;
    specs[n++].values = NULL;
    specs[n++].cat_labels = null_label;
    specs[n++].cat_labels = bad_utf8;
    specs[n++].values = inf_values;
    specs[n++].title = NULL;
    specs[n++].n_cat = -1;
    specs[n++].kind = (pv_chart_kind)42;
    for (i = 0; i < n; i++) {
        pv_err err = {0};
        int rc = pv_chart_render(&specs[i], path_of(base, sizeof base, "bad", NULL),
                                 &err);
        assert_int_equal(rc, PV_EXIT_DATA);
        assert_int_equal(err.status, PV_EXIT_DATA);
        assert_true(strlen(err.msg) > 0);
        assert_int_equal(file_size(path_of(p, sizeof p, "bad", "pdf")), -1);
    }
    {
        pv_err err = {0};
        assert_int_equal(pv_chart_render(NULL, base, &err), PV_EXIT_DATA);
        assert_int_equal(pv_chart_render(NULL, base, NULL), PV_EXIT_DATA);
    }
}

/* Too many categories for one page is a data error, not a crash. */
static void test_too_tall(void **state)
{
    enum { N = 1000 };
    static const char *labels[N];
    static double values[N];
    pv_chart_spec s = spec_of(PV_CHART_HBAR);
    pv_err err = {0};
    char base[512];
    int i;
    (void)state;

    for (i = 0; i < N; i++)
        labels[i] = "x", values[i] = i;
    s.n_cat = N, s.cat_labels = labels, s.values = values, s.value_text = NULL;
    assert_int_equal(pv_chart_render(&s, path_of(base, sizeof base, "tall", NULL),
                                     &err),
                     PV_EXIT_DATA);
    assert_non_null(strstr(err.msg, "too many categories"));
}

/* Regression test, 2026-11-25: a line chart given value texts that are all
 * "" except NAN cells ("x") aborted on an assertion, because the texts'
 * height measured under the PNG's scale differed from the measuring pass.
 * "" now means "no text", and a sub-point difference never aborts. */
static void test_empty_value_texts(void **state)
{
    static const double v[] = {3, NAN, 20, 30, 40, 50, 1, NAN, 9, 15, 20, 25};
    static const char *const t[] = {"", "x", "", "", "", "", "", "x", "", "", "", ""};
    (void)state;
    for (size_t k = 0; k < sizeof all_kinds / sizeof *all_kinds; k++) {
        pv_chart_spec s = spec_of(PV_CHART_LINE);
        char name[32];
        s.kind = all_kinds[k];
        s.values = v;
        s.value_text = t;
        snprintf(name, sizeof name, "empty_texts_%zu", k);
        render_ok(&s, name);
        assert_outputs(name);
    }
}

static void test_unwritable_path(void **state)
{
    pv_chart_spec s = spec_of(PV_CHART_LINE);
    pv_err err = {0};
    char base[512];
    (void)state;

    path_of(base, sizeof base, "no/such/dir/fig", NULL);
    assert_int_equal(pv_chart_render(&s, base, &err), PV_EXIT_IO);
    assert_non_null(strstr(err.msg, "no/such/dir/.fig.pdf."));
}

/* ------------------------------------------------------------------------
 * Questionnaire kinds
 * ------------------------------------------------------------------------ */

static void render_checked(const pv_chart_spec *s, const char *name)
{
    char p[512];
    cairo_surface_t *png;
    double w, h;

    render_ok(s, name);
    assert_outputs(name);
    pdf_page_size(path_of(p, sizeof p, name, "pdf"), &w, &h);
    assert_true(w == floor(w) && h == floor(h));
    png = cairo_image_surface_create_from_png(path_of(p, sizeof p, name, "png"));
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(png), (int)(2 * w));
    assert_int_equal(cairo_image_surface_get_height(png), (int)(2 * h));
    cairo_surface_destroy(png);
}

static void test_render_questionnaire(void **state)
{
    static const char *const scale7[7] = {"1", "2", "3", "4 (neutre)", "5",
                                          "6", "7"};
    static double v7[7 * QN];
    pv_chart_spec s;
    int i;
    (void)state;

    s = spec_q(PV_CHART_LIKERT);
    render_checked(&s, "likert5");
    s.lang = PV_LANG_EN;
    render_checked(&s, "likert5_en");
    s = spec_likert4();
    render_checked(&s, "likert4");
    s.cat_note = s.cat_group = s.cat_panel = NULL; /* plain items */
    render_checked(&s, "likert4_plain");
    s.value_decimals = 1;
    render_checked(&s, "likert4_dec");
    for (i = 0; i < 7 * QN; i++)
        v7[i] = 1.0 / 7;
    s = spec_q(PV_CHART_LIKERT);
    s.n_ser = 7, s.ser_labels = scale7, s.neutral = 3, s.values = v7;
    s.value_text = NULL;
    render_checked(&s, "likert7");
    s.neutral = 1; /* asymmetric: 1 negative answer, 5 positive ones */
    render_checked(&s, "likert7_asym");
    s.n_ser = 2, s.neutral = -1; /* agree / disagree */
    render_checked(&s, "likert2");

    s = spec_q(PV_CHART_DOT_CI);
    render_checked(&s, "dot");
    s.lang = PV_LANG_EN;
    render_checked(&s, "dot_en");
    s.axis_min = s.axis_max = 0; /* automatic axis */
    render_checked(&s, "dot_auto");
    s.n_ser = 1, s.ser_labels = NULL; /* one series: no legend */
    s.cat_note = s.cat_group = s.cat_panel = NULL;
    render_checked(&s, "dot_one");
    s = spec_q(PV_CHART_DOT_CI); /* scores 1..5, whiskers cut at the axis */
    s.value_is_pct = 0, s.axis_min = 0.7, s.axis_max = 0.8;
    s.value_decimals = 2;
    render_checked(&s, "dot_cut");
}

/* Headers and wrapped labels make the figure taller. */
static void test_questionnaire_height(void **state)
{
    char p[512];
    double w, h_plain, h_headers, h_dot;
    pv_chart_spec s = spec_q(PV_CHART_LIKERT);
    (void)state;

    s.cat_group = s.cat_panel = NULL;
    render_ok(&s, "q_plain");
    pdf_page_size(path_of(p, sizeof p, "q_plain", "pdf"), &w, &h_plain);
    s.cat_group = q_groups, s.cat_panel = q_panels;
    render_ok(&s, "q_headers");
    pdf_page_size(path_of(p, sizeof p, "q_headers", "pdf"), &w, &h_headers);
    assert_true(h_headers > h_plain + 60); /* 2 panel + 4 group headers */
    s = spec_q(PV_CHART_DOT_CI);
    s.cat_group = s.cat_panel = NULL;
    render_ok(&s, "q_dot");
    pdf_page_size(path_of(p, sizeof p, "q_dot", "pdf"), &w, &h_dot);
    assert_true(h_dot > h_plain); /* 3 dodged series per item */
}

/* Render A, then B, then A again: A's bytes are the same in all formats. */
static void test_questionnaire_deterministic(void **state)
{
    pv_chart_spec specs[3];
    char a1[512], a2[512];
    size_t i, k;
    (void)state;

    specs[0] = spec_q(PV_CHART_LIKERT);
    specs[1] = spec_q(PV_CHART_DOT_CI);
    specs[2] = spec_likert4();
    for (i = 0; i < 3; i++) {
        pv_chart_spec b = specs[(i + 1) % 3];
        b.lang = PV_LANG_EN;
        render_ok(&specs[i], "qdet_a1");
        render_ok(&b, "qdet_b");
        render_ok(&specs[i], "qdet_a2");
        for (k = 0; k < 3; k++)
            assert_files_equal(path_of(a1, sizeof a1, "qdet_a1", exts[k]),
                               path_of(a2, sizeof a2, "qdet_a2", exts[k]));
    }
}

/* All cells suppressed, or no item at all: an empty plot, no error. */
static void test_questionnaire_degenerate(void **state)
{
    static const double all_nan[5 * QN] = {
        NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
        NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
        NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    static const pv_chart_kind kinds[2] = {PV_CHART_LIKERT, PV_CHART_DOT_CI};
    char name[32];
    size_t i;
    (void)state;

    for (i = 0; i < 2; i++) {
        pv_chart_spec s = spec_q(kinds[i]);
        s.values = all_nan;
        snprintf(name, sizeof name, "qnan%zu", i);
        render_checked(&s, name);
        s.value_text = NULL;
        if (kinds[i] == PV_CHART_DOT_CI)
            s.ci_low = s.ci_high = all_nan;
        snprintf(name, sizeof name, "qnan_nt%zu", i);
        render_checked(&s, name);
        s.axis_min = s.axis_max = 0;
        snprintf(name, sizeof name, "qnan_auto%zu", i);
        render_checked(&s, name);
        s.n_cat = 0;
        s.cat_labels = s.cat_note = s.cat_group = s.cat_panel = NULL;
        s.values = s.ci_low = s.ci_high = NULL;
        s.value_text = NULL;
        s.subtitle = s.note = s.value_axis = NULL;
        snprintf(name, sizeof name, "qempty%zu", i);
        render_checked(&s, name);
    }
}

/* Broken questionnaire specs return PV_EXIT_DATA and write nothing. */
static void test_questionnaire_invalid(void **state)
{
    static const double over_one[5 * QN] = {1.2};
    static const double negative[5 * QN] = {0.1, -0.1};
    static const double inf_ci[3 * QN] = {0.1, INFINITY};
    static const double high_lt_low[3 * QN] = {0.8, 0.5}; /* item 2: 0.57..0.5 */
    static const char *const bad_utf8[QN] = {"a", "b", "c\xC3", "d", "e", "f"};
    /* as many labels and cells as series: the spec is read through before
     * its kind's limits are checked */
    static const char *const scale8[8] = {"1", "2", "3", "4", "5", "6", "7", "8"};
    static const double v8[8 * QN] = {0};
    enum { N = 24 };
    pv_chart_spec specs[N];
    char base[512], p[512];
    int i, n = 0;
    (void)state;

    for (i = 0; i < N; i++)
        specs[i] = spec_q(i < 10 ? PV_CHART_LIKERT : PV_CHART_DOT_CI);
    specs[n++].neutral = 0;   /* the zero default: must be set */
    specs[n++].neutral = 4;   /* the most positive answer */
    specs[n++].neutral = 7;   /* out of range */
    specs[n++].neutral = -2;
    specs[n++].neutral = -1;  /* 5 answers: no centre between two */
    specs[n].n_ser = 8, specs[n].ser_labels = scale8; /* too many answers */
    specs[n].values = v8, specs[n].value_text = NULL, specs[n++].neutral = 3;
    specs[n].n_ser = 1, specs[n++].neutral = -1;
    specs[n++].values = over_one;
    specs[n++].values = negative;
    specs[n++].ci_low = lo_dot;       /* LIKERT given a DOT_CI field */
    specs[n++].ci_low = NULL;         /* DOT_CI from here */
    specs[n++].ci_high = NULL;
    specs[n++].ci_high = inf_ci;
    specs[n++].ci_high = high_lt_low;
    specs[n++].axis_min = 1;          /* 1 > axis_max 1: empty axis */
    specs[n].axis_min = 5, specs[n++].axis_max = 1;
    specs[n++].axis_max = NAN;
    specs[n++].cat_note = bad_utf8;
    specs[n++].cat_panel = bad_utf8;
    specs[n++].n_ser = 9;
    specs[n].kind = PV_CHART_HBAR, specs[n++].n_ser = 1; /* HBAR with cat_* */
    specs[n] = spec_of(PV_CHART_HBAR), specs[n++].ci_low = lo_dot;
    specs[n] = spec_of(PV_CHART_LINE), specs[n++].axis_max = 5;
    specs[n] = spec_of(PV_CHART_HBAR_STACKED), specs[n++].cat_group = q_groups;
    assert_int_equal(n, N);
    for (i = 0; i < n; i++) {
        pv_err err = {0};
        int rc = pv_chart_render(&specs[i], path_of(base, sizeof base, "qbad", NULL),
                                 &err);
        if (rc != PV_EXIT_DATA)
            print_error("spec %d: rc %d\n", i, rc);
        assert_int_equal(rc, PV_EXIT_DATA);
        assert_int_equal(err.status, PV_EXIT_DATA);
        assert_true(strlen(err.msg) > 0);
        assert_int_equal(file_size(path_of(p, sizeof p, "qbad", "pdf")), -1);
    }
}

/* ------------------------------------------------------------------------
 * Heat map
 * ------------------------------------------------------------------------ */

/* Codes (rows, grouped by theme) x respondent groups (columns); shares of
 * sessions, values[s * HN + c]; two suppressed cells, one without text. */
enum { HN = 5, HS = 4 };
static const char *const h_codes[HN] = {
    "Isolement social des familles", "Barrière de la langue",
    "Confiance envers l'intervenante",
    "Premier contact lors d'une activité de groupe dans le quartier",
    "Roulement du personnel"};
static const char *const h_themes[HN] = {"Isolement", "Isolement",
                                         "Relation d'aide", "Relation d'aide",
                                         "Conditions de travail"};
static const char *const h_groups[HS] = {
    "Parents", "Travailleuses et travailleurs de proximité", "Gestionnaires",
    "Partenaires"};
static const double v_heat[HS * HN] = {
    0.00, 0.45, 0.80, 1.00, NAN,
    0.12, 0.30, 0.95, 0.70, 0.60,
    0.05, NAN,  0.20, 0.40, 0.85,
    0.33, 0.50, 0.66, 0.10, 0.25};
static const char *const t_heat[HS * HN] = {[0 * HN + 4] = "x"};

static pv_chart_spec spec_heat(void)
{
    pv_chart_spec s = {0};
    s.kind = PV_CHART_HEATMAP;
    s.lang = PV_LANG_FR;
    s.title = "Thèmes abordés selon le groupe";
    s.subtitle = "Part des séances où le code apparaît";
    s.note = "x : code non applicable. Source : données synthétiques.";
    s.value_axis = "Part des séances";
    s.n_cat = HN, s.cat_labels = h_codes, s.cat_group = h_themes;
    s.n_ser = HS, s.ser_labels = h_groups;
    s.values = v_heat, s.value_text = t_heat, s.value_is_pct = 1;
    return s;
}

/* A square co-occurrence matrix: 12 codes with long labels, counts of
 * sessions, the diagonal left blank. */
enum { HQ = 12 };
static const char *const h_long[HQ] = {
    "Isolement social des familles nouvellement arrivées",
    "Manque de réseau de soutien autour de la naissance",
    "Barrière de la langue avec les services",
    "Confiance envers l'intervenante de proximité",
    "Lien de proximité dans le quartier", "Accès au transport en commun",
    "Horaires des services peu adaptés aux parents qui travaillent",
    "Coût des activités", "Référence vers le CLSC",
    "Collaboration avec les organismes communautaires",
    "Délais d'attente pour les services spécialisés",
    "Sentiment de compétence parentale"};
static double v_cooc[HQ * HQ];

static pv_chart_spec spec_cooc(void)
{
    pv_chart_spec s = {0};
    int i, j;

    for (i = 0; i < HQ; i++)
        for (j = 0; j < HQ; j++)
            v_cooc[i * HQ + j] = i == j ? 40 : (double)((i + 1) * (j + 1) % 17);
    s.kind = PV_CHART_HEATMAP;
    s.lang = PV_LANG_FR;
    s.title = "Cooccurrence des codes";
    s.value_axis = "Séances";
    s.n_cat = HQ, s.cat_labels = h_long;
    s.n_ser = HQ, s.ser_labels = h_long;
    s.values = v_cooc, s.heat_diagonal_blank = 1;
    return s;
}

static double heat_height(const pv_chart_spec *s, const char *name)
{
    char p[512];
    double w, h;

    render_checked(s, name);
    pdf_page_size(path_of(p, sizeof p, name, "pdf"), &w, &h);
    assert_true(w == 454);
    return h;
}

static void test_render_heatmap(void **state)
{
    enum { WIDE = 30 };
    static const char *wide_labels[WIDE];
    static char wide_buf[WIDE][48];
    static double wide_v[WIDE * HN], all_nan[HS * HN];
    pv_chart_spec s;
    double h1, h5;
    int i;
    (void)state;

    s = spec_heat();
    h5 = heat_height(&s, "heat");
    s.lang = PV_LANG_EN;
    render_checked(&s, "heat_en");
    s.cat_group = NULL, s.value_text = NULL, s.value_decimals = 1;
    render_checked(&s, "heat_plain");
    s = spec_heat(); /* one row, then none */
    s.n_cat = 1;
    h1 = heat_height(&s, "heat_1row");
    assert_true(h5 > h1 + 4 * 18);
    s.n_cat = 0;
    s.cat_labels = s.cat_group = NULL;
    s.values = NULL, s.value_text = NULL;
    render_checked(&s, "heat_0row");
    s = spec_heat(); /* one column, no header */
    s.n_ser = 1, s.ser_labels = NULL;
    render_checked(&s, "heat_1col");
    s = spec_heat(); /* nothing observed */
    for (i = 0; i < HS * HN; i++)
        all_nan[i] = NAN;
    s.values = all_nan;
    render_checked(&s, "heat_nan");
    s.value_is_pct = 0;
    render_checked(&s, "heat_nan_counts");

    s = spec_cooc();
    render_checked(&s, "heat_cooc");
    s.heat_diagonal_blank = 0;
    s.value_decimals = 1;
    render_checked(&s, "heat_cooc_diag");
    s = spec_cooc(); /* groups over a square matrix */
    s.cat_group = NULL;
    render_checked(&s, "heat_cooc_plain");

    for (i = 0; i < WIDE; i++) { /* many columns: headers turned */
        snprintf(wide_buf[i], sizeof wide_buf[i], "Territoire %d de la région",
                 i + 1);
        wide_labels[i] = wide_buf[i];
    }
    for (i = 0; i < WIDE * HN; i++)
        wide_v[i] = i % 7 == 3 ? NAN : (double)(i * 37 % 23);
    s = spec_heat();
    s.n_ser = WIDE, s.ser_labels = wide_labels;
    s.values = wide_v, s.value_text = NULL, s.value_is_pct = 0;
    render_checked(&s, "heat_wide");
}

/* Render A, then B, then A again: A's bytes are the same in all formats. */
static void test_heatmap_deterministic(void **state)
{
    pv_chart_spec specs[3];
    char a1[512], a2[512];
    size_t i, k;
    (void)state;

    specs[0] = spec_heat();
    specs[1] = spec_cooc();
    specs[2] = spec_q(PV_CHART_LIKERT);
    for (i = 0; i < 3; i++) {
        pv_chart_spec b = specs[(i + 1) % 3];
        b.lang = PV_LANG_EN;
        render_ok(&specs[i], "hdet_a1");
        render_ok(&b, "hdet_b");
        render_ok(&specs[i], "hdet_a2");
        for (k = 0; k < 3; k++)
            assert_files_equal(path_of(a1, sizeof a1, "hdet_a1", exts[k]),
                               path_of(a2, sizeof a2, "hdet_a2", exts[k]));
    }
}

/* Broken heat maps, and heat map fields given to other kinds, return
 * PV_EXIT_DATA and write nothing. */
static void test_heatmap_invalid(void **state)
{
    static const double negative[HS * HN] = {0.1, -0.1};
    static const double over_one[HS * HN] = {0.1, 1.5};
    static const double inf_v[HS * HN] = {0.1, INFINITY};
    static const char *const bad_utf8[HS] = {"a", "b\xC3", "c", "d"};
    static const char *const null_label[HS] = {"a", NULL, "c", "d"};
    static const char *const bad_one[1] = {"b\xC3"};
    enum { N = 18 };
    pv_chart_spec specs[N];
    char base[512], p[512];
    int i, n = 0;
    (void)state;

    for (i = 0; i < N; i++)
        specs[i] = spec_heat();
    specs[n++].values = negative;
    specs[n++].values = over_one;     /* a share above 1 */
    specs[n++].values = inf_v;
    specs[n++].heat_diagonal_blank = 2; /* 4 columns, 5 rows */
    specs[n] = spec_cooc(), specs[n++].heat_diagonal_blank = 3;
    specs[n++].cat_note = q_notes;    /* drawn by HEATMAP only with cell_slot */
    specs[n++].cat_panel = q_panels;
    specs[n++].ci_low = lo_dot;
    specs[n++].axis_max = 1;
    specs[n++].n_ser = 31;
    specs[n++].ser_labels = NULL;     /* 4 columns without headers */
    specs[n++].ser_labels = bad_utf8;
    specs[n++].ser_labels = null_label;
    specs[n].n_ser = 1, specs[n++].ser_labels = bad_one; /* one column */
    specs[n++].cat_group = bad_utf8;
    specs[n] = spec_of(PV_CHART_HBAR), specs[n++].heat_diagonal_blank = 1;
    specs[n] = spec_q(PV_CHART_LIKERT), specs[n++].heat_diagonal_blank = 1;
    specs[n] = spec_of(PV_CHART_LINE), specs[n++].n_ser = 9;
    assert_int_equal(n, N);
    for (i = 0; i < n; i++) {
        pv_err err = {0};
        int rc = pv_chart_render(&specs[i], path_of(base, sizeof base, "hbad", NULL),
                                 &err);
        if (rc != PV_EXIT_DATA)
            print_error("spec %d: rc %d\n", i, rc);
        assert_int_equal(rc, PV_EXIT_DATA);
        assert_int_equal(err.status, PV_EXIT_DATA);
        assert_true(strlen(err.msg) > 0);
        assert_int_equal(file_size(path_of(p, sizeof p, "hbad", "pdf")), -1);
    }
}

/* The series palette in greyscale: CIE L* (D65) of each slot from its sRGB
 * colour (IEC 61966-2-1 decoding, Rec. 709 luminance, CIE 1976 L*).  Groups
 * drawn in one figure must stay apart in a greyscale print: any two
 * adjacent slots at least 12 apart, the first three (the usual three
 * groups) at least 20 apart pairwise.  Okabe-Ito's sky blue (L* 69.8) next
 * to its orange (70.6) failed this. */
static double lstar(const double rgb[3])
{
    double lin[3], y;
    for (int i = 0; i < 3; i++)
        lin[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow((rgb[i] + 0.055) / 1.055, 2.4);
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    return y > 216.0 / 24389 ? 116 * cbrt(y) - 16 : y * 24389.0 / 27;
}

static void test_palette_greyscale(void **state)
{
    double rgb[3], l[PV_CHART_SLOTS];
    (void)state;

    for (int i = 0; i < PV_CHART_SLOTS; i++) {
        assert_int_equal(pv_chart_palette(i, rgb), 0);
        l[i] = lstar(rgb);
    }
    assert_int_equal(pv_chart_palette(PV_CHART_SLOTS, rgb), -1);
    assert_int_equal(pv_chart_palette(-1, rgb), -1);
    for (int i = 0; i + 1 < PV_CHART_SLOTS; i++) {
        if (fabs(l[i] - l[i + 1]) < 12)
            print_error("slots %d and %d: L* %.1f and %.1f\n", i, i + 1, l[i], l[i + 1]);
        assert_true(fabs(l[i] - l[i + 1]) >= 12);
    }
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            assert_true(fabs(l[i] - l[j]) >= 20);
}

/* A categorical heat map (the joint display): cells in palette slots, a
 * legend of swatches, a note under each row and cell texts on several
 * lines.  The notes and the second lines make it taller; it renders in
 * both languages; bad slots are invalid specs. */
/* How many times needle occurs in the file at path. */
static int count_in(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    static char buf[1 << 22];
    size_t n;
    int k = 0;

    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    for (char *p = buf; (p = strstr(p, needle)); p++)
        k++;
    return k;
}

/* The lower triangle of a co-occurrence matrix (heat_diagonal_blank 2):
 * the cells above the diagonal are left out, so the PDF holds fewer
 * shapes than the full matrix, and a "" text leaves a cell without text. */
static void test_heatmap_triangle(void **state)
{
    static const char *empty[HQ * HQ];
    char p1[512], p2[512];
    pv_chart_spec s = spec_cooc();
    (void)state;

    render_checked(&s, "cooc_full");
    s.heat_diagonal_blank = 2;
    for (int i = 0; i < HQ * HQ; i++)
        empty[i] = i % 2 ? "" : NULL;
    s.value_text = empty;
    render_checked(&s, "cooc_lower");
    /* filled shapes: 132 cells of the full matrix less its 12 blank ones,
     * against the 78 of the triangle with its diagonal (the rest of the
     * page is the same) */
    assert_int_equal(count_in(path_of(p1, sizeof p1, "cooc_full", "svg"), "fill-rule:nonzero;fill:rgb(") -
                     count_in(path_of(p2, sizeof p2, "cooc_lower", "svg"), "fill-rule:nonzero;fill:rgb("),
                     (HQ * HQ - HQ) - (HQ * (HQ + 1) / 2));
}

static void test_heatmap_categorical(void **state)
{
    static int slots[HS * HN], bad_slots[HS * HN], keys[3] = {4, 5, -1}, bad_keys[3] = {4, 8, -1};
    static const char *const key_labels[3] = {"Accord (soutient)", "Dissonance (contredit)",
                                              "Silence"};
    static const char *multi[HS * HN];
    static const char *const notes[HN] = {"« Une citation assez longue pour occuper une ligne "
                                          "entière sous la rangée du tableau conjoint » (Parent A)",
                                          NULL, "", "« Courte »", NULL};
    static const int ser_bad[2] = {0, 9};
    pv_chart_spec s = spec_heat();
    double h0, h1;
    char base[512];
    (void)state;

    for (int i = 0; i < HS * HN; i++) {
        slots[i] = i % 3 == 2 ? -1 : 4 + i % 2; /* -1: the scale's shade */
        bad_slots[i] = i == 3 ? PV_CHART_SLOTS : 4;
        multi[i] = i % 2 ? "soutient\n61 % [60 ; 62]" : "contredit";
    }
    s.value_text = NULL;
    h0 = heat_height(&s, "cat_plain");
    s.cell_slot = slots, s.n_key = 3, s.key_labels = key_labels, s.key_slots = keys;
    s.value_text = multi;
    render_checked(&s, "cat_lines");
    s.cat_note = notes;
    h1 = heat_height(&s, "cat_notes");
    assert_true(h1 > h0 + 2 * 9); /* second lines and two notes at least */
    s.lang = PV_LANG_EN;
    render_checked(&s, "cat_en");

    pv_chart_spec bad[5];
    for (int i = 0; i < 5; i++)
        bad[i] = s;
    bad[0].cell_slot = bad_slots;
    bad[1].key_slots = bad_keys;
    bad[2].key_labels = NULL;            /* keys without labels */
    bad[3] = spec_of(PV_CHART_LINE), bad[3].cell_slot = slots; /* neither heat map nor HBAR */
    bad[4] = spec_of(PV_CHART_LINE), bad[4].ser_slot = ser_bad; /* 2 series, slot 9 */
    for (int i = 0; i < 5; i++) {
        pv_err err = {0};
        int rc = pv_chart_render(&bad[i], path_of(base, sizeof base, "catbad", NULL), &err);
        if (rc != PV_EXIT_DATA)
            print_error("bad spec %d: rc %d\n", i, rc);
        assert_int_equal(rc, PV_EXIT_DATA);
    }
}

/* Pixels of the PNG `name` of colour rgb (0..255 each). */
static long png_pixels_of(const char *name, const unsigned rgb[3])
{
    char p[512];
    cairo_surface_t *png = cairo_image_surface_create_from_png(path_of(p, sizeof p, name, "png"));
    assert_int_equal(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(png);
    int w = cairo_image_surface_get_width(png), h = cairo_image_surface_get_height(png);
    int stride = cairo_image_surface_get_stride(png);
    const unsigned char *d = cairo_image_surface_get_data(png);
    long n = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t px = *(const uint32_t *)(d + (size_t)y * (size_t)stride + 4 * (size_t)x);
            n += (px >> 16 & 255) == rgb[0] && (px >> 8 & 255) == rgb[1] && (px & 255) == rgb[2];
        }
    cairo_surface_destroy(png);
    return n;
}

/* HBAR with cell_slot: a categorical result's bars in their categories'
 * colours (vermillion, slot 5, for the first), the others in the series';
 * a slot out of range is an invalid spec. */
static void test_hbar_category_colours(void **state)
{
    static const int slots[4] = {5, 4, -1, -1}, bad_slots[4] = {5, 8, -1, -1};
    static const unsigned vermillion[3] = {0xD5, 0x5E, 0x00}, blue[3] = {0x00, 0x72, 0xB2};
    pv_chart_spec s = spec_of(PV_CHART_HBAR);
    char base[512];
    pv_err err = {0};
    (void)state;

    render_checked(&s, "hbar_series");
    assert_int_equal(png_pixels_of("hbar_series", vermillion), 0);
    s.cell_slot = slots;
    render_checked(&s, "hbar_categories");
    assert_true(png_pixels_of("hbar_categories", vermillion) > 100);
    assert_true(png_pixels_of("hbar_categories", blue) > 100); /* the -1 bars: slot 0 */
    s.cell_slot = bad_slots;
    assert_int_equal(pv_chart_render(&s, path_of(base, sizeof base, "hbar_badslot", NULL), &err),
                     PV_EXIT_DATA);
}

/* ------------------------------------------------------------------------
 * FLOW
 * ------------------------------------------------------------------------ */

enum { FN = 5 };
static const char *const flow_steps[FN] = {"Familles rejointes", "dont isolées",
                                           "Références des familles",
                                           "dont vers un organisme communautaire ou un CPSC",
                                           "dont masquées"};
static const double flow_v[FN] = {5305, 3236, 10241, 8500, NAN};
static const char *const flow_t[FN] = {"5 305", "3 236 (61 %)", "10 241", "8 500 (83 %)",
                                       "< 5"};
static const unsigned char flow_parts[FN] = {0, 1, 0, 1, 1};

static pv_chart_spec spec_flow(void)
{
    pv_chart_spec s = spec_of(PV_CHART_FLOW);
    s.n_cat = FN, s.cat_labels = flow_steps, s.n_ser = 1, s.ser_labels = NULL;
    s.values = flow_v, s.value_text = flow_t, s.flow_part = flow_parts;
    return s;
}

/* Height of a rendered FLOW page, pt. */
static double flow_height(const pv_chart_spec *s, const char *name)
{
    char p[512];
    double w, h;
    render_checked(s, name);
    pdf_page_size(path_of(p, sizeof p, name, "pdf"), &w, &h);
    return h;
}

/* Steps of one chain (parts: bands) and of chains (a wider break each);
 * the same spec twice gives the same bytes; the flow's own checks. */
static void test_flow(void **state)
{
    static const unsigned char chains[FN] = {0, 0, 0, 0, 0}, first_part[FN] = {1, 1, 0, 1, 1};
    static const double negative[FN] = {5305, -1, 10241, 8500, NAN};
    char a[512], b[512], base[512];
    pv_chart_spec s = spec_flow();
    double h_parts, h_chains;
    (void)state;

    h_parts = flow_height(&s, "flow");
    render_ok(&s, "flow2");
    for (int i = 0; i < 3; i++)
        assert_files_equal(path_of(a, sizeof a, "flow", exts[i]),
                           path_of(b, sizeof b, "flow2", exts[i]));
    s.lang = PV_LANG_EN;
    render_checked(&s, "flow_en");
    s.lang = PV_LANG_FR;
    s.flow_part = chains; /* five chains: four breaks instead of three bands */
    h_chains = flow_height(&s, "flow_chains");
    assert_true(h_chains > h_parts);
    s.flow_part = NULL;
    assert_true(flow_height(&s, "flow_null") == h_chains);

    pv_chart_spec bad[4];
    for (int i = 0; i < 4; i++)
        bad[i] = spec_flow();
    bad[0].flow_part = first_part;           /* the first step is a part of none */
    bad[1].values = negative;
    /* one series only (values for two, so the check reads inside them) */
    static const double two_v[2 * FN] = {5305, 3236, 10241, 8500, 1, 5305, 3236, 10241, 8500, 1};
    static const char *const two_t[2 * FN] = {"a", "b", "c", "d", "e", "a", "b", "c", "d", "e"};
    bad[2].n_ser = 2, bad[2].ser_labels = series, bad[2].values = two_v, bad[2].value_text = two_t;
    bad[3] = spec_of(PV_CHART_HBAR), bad[3].flow_part = flow_parts; /* not a flow */
    for (int i = 0; i < 4; i++) {
        pv_err err = {0};
        int rc = pv_chart_render(&bad[i], path_of(base, sizeof base, "flowbad", NULL), &err);
        if (rc != PV_EXIT_DATA)
            print_error("bad flow spec %d: rc %d\n", i, rc);
        assert_int_equal(rc, PV_EXIT_DATA);
        assert_true(strlen(err.msg) > 0);
    }
}

/* ------------------------------------------------------------------------
 * TILEMAP and TIMELINE
 * ------------------------------------------------------------------------ */

static const char *const tile_labels[4] = {"Montréal", "Laval", "Montérégie", "Estrie"};
static const double tile_values[4] = {0.62, NAN, 0.0, 1.0};
static const int tile_cols[4] = {1, 1, 2, 3}, tile_rows[4] = {1, 0, 2, 2};
static const unsigned char tile_blank_of[4] = {0, 0, 1, 0};
static const char *const tile_texts[4] = {NULL, "x", NULL, NULL};

static pv_chart_spec spec_tiles(void)
{
    pv_chart_spec s = {
        .kind = PV_CHART_TILEMAP, .lang = PV_LANG_FR, .title = "Part par région",
        .note = "Source : test.", .value_axis = "Part", .n_cat = 4, .cat_labels = tile_labels,
        .n_ser = 1, .values = tile_values, .value_text = tile_texts, .value_is_pct = 1,
        .tile_col = tile_cols, .tile_row = tile_rows, .tile_blank = tile_blank_of,
        .blank_label = "Aucun territoire"};
    return s;
}

static const char *const tl_labels[4] = {"Période", "Rapports", "Groupes", "Entretiens"};
static const double tl_values[4] = {NAN, NAN, NAN, NAN};
static const int tl_row[5] = {0, 1, 2, 2, 3};
static const double tl_start[5] = {19723, 19723, 20185, 20186, 20200}; /* 2024-01-01 ... */
static const double tl_end[5] = {20178, 19813, 20185, 20186, 20200};

static pv_chart_spec spec_timeline(void)
{
    pv_chart_spec s = {
        .kind = PV_CHART_TIMELINE, .lang = PV_LANG_FR, .title = "Calendrier",
        .note = "Source : test.", .n_cat = 4, .cat_labels = tl_labels, .n_ser = 1,
        .values = tl_values, .n_event = 5, .event_row = tl_row, .event_start = tl_start,
        .event_end = tl_end};
    return s;
}

/* Pixels of the PNG name.png of exactly colour rgb (0xRRGGBB). */
static long png_count(const char *name, unsigned rgb)
{
    const unsigned c[3] = {rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255};
    return png_pixels_of(name, c);
}

static int png_height(const char *name)
{
    char p[512];
    cairo_surface_t *png = cairo_image_surface_create_from_png(path_of(p, sizeof p, name, "png"));
    int h = cairo_image_surface_get_height(png);
    cairo_surface_destroy(png);
    return h;
}

/* A tile map renders in both languages, the same bytes twice; a region
 * without data is a plain grey tile (#D9D9D9: a whole tile of it, 128 px
 * square in the PNG, that a map without blank tiles lacks). */
static void test_render_tilemap(void **state)
{
    pv_chart_spec s = spec_tiles(), e;
    char a[512], b[512];
    (void)state;

    render_ok(&s, "tiles");
    assert_outputs("tiles");
    e = s, e.lang = PV_LANG_EN;
    render_ok(&e, "tiles_en");
    render_ok(&s, "tiles2");
    for (int k = 0; k < 3; k++)
        assert_files_equal(path_of(a, sizeof a, "tiles", exts[k]), path_of(b, sizeof b, "tiles2", exts[k]));
    e = s, e.tile_blank = NULL, e.blank_label = NULL;
    render_ok(&e, "tiles_noblank");
    /* (a few antialiased pixels of the hatch are that grey too) */
    assert_true(png_count("tiles", 0xD9D9D9) - png_count("tiles_noblank", 0xD9D9D9) > 120 * 120);
    assert_true(png_count("tiles_noblank", 0xD9D9D9) < 2000);
    /* empty edge rows take no room: the same map moved down and right */
    static const int cols2[4] = {4, 4, 5, 6}, rows2[4] = {4, 3, 5, 5};
    e = s, e.tile_col = cols2, e.tile_row = rows2;
    render_ok(&e, "tiles_moved");
    assert_int_equal(png_height("tiles_moved"), png_height("tiles"));
}

/* A timeline renders; each row adds its height; the same bytes twice. */
static void test_render_timeline(void **state)
{
    pv_chart_spec s = spec_timeline(), e;
    char a[512], b[512];
    (void)state;

    render_ok(&s, "tl");
    assert_outputs("tl");
    e = s, e.lang = PV_LANG_EN;
    render_ok(&e, "tl_en");
    render_ok(&s, "tl2");
    for (int k = 0; k < 3; k++)
        assert_files_equal(path_of(a, sizeof a, "tl", exts[k]), path_of(b, sizeof b, "tl2", exts[k]));
    e = s, e.n_cat = 2, e.n_event = 2;
    render_ok(&e, "tl_two");
    assert_int_equal(png_height("tl") - png_height("tl_two"), 2 * 2 * 20);
}

/* Broken tile maps and timelines, and their fields given to other kinds,
 * return PV_EXIT_DATA and write nothing. */
static void test_tilemap_timeline_invalid(void **state)
{
    static const int same_cols[4] = {1, 1, 2, 3}, same_rows[4] = {1, 1, 2, 2};
    static const int far_cols[4] = {1, 1, 2, 30};
    static const double over_one[4] = {0.5, NAN, 0, 1.5};
    static const int bad_row[5] = {0, 1, 2, 2, 4};
    static const double bad_end[5] = {19000, 19813, 20185, 20186, 20200};
    static const double inf_start[5] = {19723, INFINITY, 20185, 20186, 20200};
    static const int bad_slot[4] = {0, 1, 2, 8};
    enum { N = 13 };
    pv_chart_spec specs[N];
    char base[512], p[512];
    int i, n = 0;
    (void)state;

    for (i = 0; i < N; i++)
        specs[i] = spec_tiles();
    specs[n++].tile_row = same_rows, (void)same_cols; /* two tiles on one position */
    specs[n++].tile_col = far_cols;       /* column 30 */
    specs[n++].tile_col = NULL;
    specs[n++].blank_label = NULL;        /* a blank tile without its label */
    specs[n++].values = over_one;         /* a share above 1 */
    specs[n++].n_event = 1;               /* a TIMELINE field */
    specs[n] = spec_timeline(), specs[n++].event_row = bad_row;
    specs[n] = spec_timeline(), specs[n++].event_end = bad_end; /* ends before it starts */
    specs[n] = spec_timeline(), specs[n++].event_start = inf_start;
    specs[n] = spec_timeline(), specs[n++].ser_slot = bad_slot;
    specs[n] = spec_timeline(), specs[n++].tile_col = tile_cols; /* a TILEMAP field */
    specs[n] = spec_of(PV_CHART_HBAR), specs[n++].tile_row = tile_rows;
    specs[n] = spec_of(PV_CHART_HBAR), specs[n++].n_event = 1;
    assert_int_equal(n, N);
    for (i = 0; i < n; i++) {
        pv_err err = {0};
        int rc = pv_chart_render(&specs[i], path_of(base, sizeof base, "tbad", NULL), &err);
        if (rc != PV_EXIT_DATA)
            print_error("spec %d: rc %d\n", i, rc);
        assert_int_equal(rc, PV_EXIT_DATA);
        assert_true(strlen(err.msg) > 0);
        assert_int_equal(file_size(path_of(p, sizeof p, "tbad", "pdf")), -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_every_kind),
        cmocka_unit_test(test_hbar_category_colours),
        cmocka_unit_test(test_png_is_twice_pdf),
        cmocka_unit_test(test_hbar_height_follows_categories),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_no_timestamp),
        cmocka_unit_test(test_degenerate_specs_render),
        cmocka_unit_test(test_invalid_specs),
        cmocka_unit_test(test_too_tall),
        cmocka_unit_test(test_empty_value_texts),
        cmocka_unit_test(test_unwritable_path),
        cmocka_unit_test(test_render_questionnaire),
        cmocka_unit_test(test_questionnaire_height),
        cmocka_unit_test(test_questionnaire_deterministic),
        cmocka_unit_test(test_questionnaire_degenerate),
        cmocka_unit_test(test_questionnaire_invalid),
        cmocka_unit_test(test_render_heatmap),
        cmocka_unit_test(test_heatmap_deterministic),
        cmocka_unit_test(test_heatmap_invalid),
        cmocka_unit_test(test_palette_greyscale),
        cmocka_unit_test(test_heatmap_categorical),
        cmocka_unit_test(test_heatmap_triangle),
        cmocka_unit_test(test_flow),
        cmocka_unit_test(test_render_tilemap),
        cmocka_unit_test(test_render_timeline),
        cmocka_unit_test(test_tilemap_timeline_invalid),
    };
    return cmocka_run_group_tests_name("chart", tests, dir_setup, dir_teardown);
}
