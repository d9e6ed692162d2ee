/* test_refiqda.c — unit tests of pipeline/refiqda.c (REFI-QDA import).
 *
 * Run from tests/unit: the fixtures are ../fixtures/refiqda/ (their README
 * says how each was made).  Expected tables are worked out by hand from the
 * fixtures; the character offsets of the selections were computed with
 * Python (len() of str, i.e. code points) and differ from byte offsets
 * because of the accents and typographic apostrophes of the French texts:
 * the first selection of project.qde is characters 41..92, bytes 44..99.
 * Messages are copied verbatim from pipeline/refiqda.c.
 *
 * Round trip: the four tables written with pv_refiqda_write (mkdtemp folder
 * under /tmp, removed by the group teardown) and read back with
 * pv_table_read give the same cells.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "refiqda.h"
#include "table.h"

#define FIX "../fixtures/refiqda/"

static char tmpdir[] = "/tmp/pv_test_refiqda.XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static const char *const out_files[] = {"codebook.csv", "sessions.csv", "excerpts.csv",
                                        "codings.csv", "sources.csv"};

static int teardown(void **state)
{
    char p[sizeof tmpdir + 32];
    (void)state;
    for (size_t i = 0; i < sizeof out_files / sizeof *out_files; i++) {
        snprintf(p, sizeof p, "%s/%s", tmpdir, out_files[i]);
        unlink(p);
    }
    return rmdir(tmpdir);
}

/* Read a fixture; status and message checked by the caller. */
static int rd(pv_refiqda *q, const char *file, pv_err *e)
{
    char path[256];
    snprintf(path, sizeof path, FIX "%s", file);
    memset(e, 0, sizeof *e);
    return pv_refiqda_read(q, path, file, e);
}

/* The first ncols columns of t equal want (n rows of ncols cells,
 * row-major). */
static void assert_tab_cols(const pv_strtab *t, const char *const *want, size_t n, size_t ncols)
{
    for (size_t i = 0; i < n && i < t->n_rows; i++)
        for (size_t c = 0; c < ncols; c++) {
            const char *got = pv_strtab_get(t, i, c), *w = want[i * ncols + c];
            if (strcmp(got, w) != 0)
                print_error("row %zu column %s: got [%s], want [%s]\n", i + 1,
                            t->cols[c], got, w);
            assert_string_equal(got, w);
        }
    assert_int_equal(t->n_rows, n);
}

/* t equals want (n rows of t->n_cols cells, row-major). */
static void assert_tab(const pv_strtab *t, const char *const *want, size_t n)
{
    assert_tab_cols(t, want, n, t->n_cols);
}

/* Excerpts without their span columns (test_spans checks those). */
#define assert_excerpts(t, want) assert_tab_cols((t), (want), ROWS(want, 4), 4)

#define ROWS(a, ncols) (sizeof(a) / sizeof *(a) / (ncols))

/* ---------------------------------------------------------------- project.qde */

static const char *const want_codebook[] = {
    "Confiance", "", "Confiance", "Confiance", "positive",
    "Ce que les familles disent du lien de confiance.",
    "Régularité", "Confiance", "Régularité", "Régularité", "positive",
    "Présence régulière de l’intervenante.",
    "Méfiance", "Confiance", "Méfiance", "Méfiance", "negative",
    "Crainte d’un signalement.",
    "Autre", "Confiance", "Autre", "Autre", "neutral", "",
    "Accès aux services", "", "Accès aux services", "Accès aux services", "neutral", "",
    "Obstacles", "Accès aux services", "Obstacles", "Obstacles", "negative",
    "Transport, horaires, coûts.",
    "Autre (2)", "Accès aux services", "Autre", "Autre", "neutral", "",
    "Gratuité", "Accès aux services", "Gratuité", "Gratuité", "positive", "",
};

static const char *const want_sessions[] = {
    "FG parents Laval", "focus_group", "PARENT", "13", "2024-05-14", "6",
    "Entrevue 03", "interview", "WORKER", "", "2024-06-03", "1",
};

#define SEL(n) "c3000000-0000-4000-8000-00000000000" #n
static const char *const want_excerpts[] = {
    SEL(1), "FG parents Laval", "P1", "P1: L’intervenante est là chaque mardi, ça rassure.",
    SEL(2), "FG parents Laval", "P2",
    "P2: Au début, j’avais peur qu’elle signale ma famille à la DPJ.",
    SEL(3), "FG parents Laval", "P3", "P3: Sans auto, c’est difficile d’aller au CLSC.",
    SEL(6), "FG parents Laval", "P2",
    "P2: Au début, j’avais peur qu’elle signale ma famille à la DPJ.\nP3: Sans auto",
    SEL(4), "Entrevue 03", "",
    "Les familles isolées m’ouvrent la porte après trois ou quatre visites.",
    SEL(5), "Entrevue 03", "", "Le transport reste un obstacle majeur, même l’hiver.",
};

static const char *const want_codings[] = {
    SEL(1), "Alice", "Régularité",
    SEL(1), "Benoît", "Régularité",
    SEL(2), "Alice", "Méfiance",
    SEL(2), "Benoît", "Confiance",
    SEL(3), "Alice", "Obstacles",
    SEL(6), "Benoît", "Méfiance",
    SEL(4), "Alice", "Confiance",
    SEL(4), "Benoît", "Autre (2)",
    SEL(5), "Alice", "Obstacles",
};

/* The selections' places (startPosition, endPosition of the fixtures'
 * XML, read by eye: grep -o '<PlainTextSelection[^>]*') become the
 * excerpts' start and end, so the span-based agreement units work on
 * imported projects; an NVivo passage made of several selections keeps
 * their common span. */
static void test_spans(void **state)
{
    static const char *const want[] = {
        /* project.qde: SEL(1) 41..92, SEL(6) 94..172, SEL(5) 85..137 */
        "41", "92", "94", "157", "159", "206", "94", "172", "14", "84", "85", "137"};
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "project.qde", &e), 0);
    assert_int_equal(q.excerpts.n_rows, 6);
    int cs = -1, ce = -1;
    for (size_t c = 0; c < q.excerpts.n_cols; c++) {
        if (strcmp(q.excerpts.cols[c], "start") == 0)
            cs = (int)c;
        if (strcmp(q.excerpts.cols[c], "end") == 0)
            ce = (int)c;
    }
    assert_true(cs >= 0 && ce >= 0);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(pv_strtab_get(&q.excerpts, i, (size_t)cs), want[2 * i]);
        assert_string_equal(pv_strtab_get(&q.excerpts, i, (size_t)ce), want[2 * i + 1]);
    }
    pv_refiqda_free(&q);
    /* nvivo/project.qde: selections 10 and 20 (0..54) are one passage */
    assert_int_equal(rd(&q, "nvivo/project.qde", &e), 0);
    assert_string_equal(pv_strtab_get(&q.excerpts, 0, (size_t)cs), "0");
    assert_string_equal(pv_strtab_get(&q.excerpts, 0, (size_t)ce), "54");
    assert_string_equal(pv_strtab_get(&q.excerpts, 1, (size_t)cs), "4");
    assert_string_equal(pv_strtab_get(&q.excerpts, 1, (size_t)ce), "54");
    pv_refiqda_free(&q);
}

static void assert_project(const pv_refiqda *q)
{
    assert_tab(&q->codebook, want_codebook, ROWS(want_codebook, 6));
    assert_tab(&q->sessions, want_sessions, ROWS(want_sessions, 6));
    assert_excerpts(&q->excerpts, want_excerpts);
    assert_tab(&q->codings, want_codings, ROWS(want_codings, 3));
    assert_int_equal(q->n_warnings, 0);
}

static void test_project_qde(void **state)
{
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "project.qde", &e), 0);
    assert_string_equal(e.msg, "");
    assert_project(&q);
    assert_string_equal(q.codebook.cols[PV_QCB_LABEL_EN], "label_en");
    assert_int_equal(pv_strtab_col(&q.excerpts, "speaker"), PV_QEX_SPEAKER);
    assert_int_equal(pv_strtab_col(&q.excerpts, "nope"), -1);
    pv_refiqda_free(&q);
    pv_refiqda_free(&q); /* zeroed: no-op */
    pv_refiqda_free(NULL);
}

/* Same project in a .qdpx: Trial.qde, the first text in Sources/ (CRLF). */
static void test_project_qdpx(void **state)
{
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "project.qdpx", &e), 0);
    assert_project(&q);
    pv_refiqda_free(&q);
}

/* ---------------------------------------------------------------- ATLAS.ti */

static void test_atlas(void **state)
{
    static const char *const codebook[] = {
        "Confiance", "", "Confiance", "Confiance", "neutral", "",
        "Confiance::Régularité", "Confiance", "Régularité", "Régularité", "neutral", "",
        "Confiance::Méfiance", "Confiance", "Méfiance", "Méfiance", "negative",
        "Mémo : crainte d’un signalement.",
        "Accès", "", "Accès", "Accès", "neutral", "",
        "Accès::Transport", "Accès", "Transport", "Transport", "neutral", "",
        "Accès::Transport::Hiver", "Accès::Transport", "Hiver", "Hiver", "neutral", "",
    };
    static const char *const sessions[] = {
        "FG Laval.docx", "focus_group", "PARENT", "13", "2024-05-14", "6",
        "Entrevue.docx", "interview", "", "", "", "",
    };
    static const char *const excerpts[] = {
        "c3000000-0000-4000-8000-000000000011", "FG Laval.docx", "P1",
        "P1: Elle vient même l’hiver, c’est régulier.",
        "c3000000-0000-4000-8000-000000000012", "FG Laval.docx", "P2",
        "P2: Moi, j’ai eu peur au début.",
        "c3000000-0000-4000-8000-000000000013", "Entrevue.docx", "", "",
    };
    static const char *const codings[] = {
        "c3000000-0000-4000-8000-000000000011", "Alice", "Confiance::Régularité",
        "c3000000-0000-4000-8000-000000000011", "a1000000-0000-4000-8000-000000000003",
        "Confiance::Régularité",
        "c3000000-0000-4000-8000-000000000012", "Alice", "Confiance::Méfiance",
        "c3000000-0000-4000-8000-000000000013", "Alice", "Accès::Transport::Hiver",
    };
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "atlas.qde", &e), 0);
    assert_tab(&q.codebook, codebook, ROWS(codebook, 6));
    assert_tab(&q.sessions, sessions, ROWS(sessions, 6));
    assert_excerpts(&q.excerpts, excerpts);
    assert_tab(&q.codings, codings, ROWS(codings, 3));
    assert_int_equal(q.n_warnings, 1);
    assert_string_equal(q.warnings[0],
                        "atlas.qde: session 'Entrevue.docx': text file "
                        "'Sources/b2000000-0000-4000-8000-000000000012.txt' not found "
                        "beside the project; its 1 selections have no text (kept, never quoted)");
    pv_refiqda_free(&q);
}

/* ---------------------------------------------------------------- broken */

static void test_malformed(void **state)
{
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "malformed.qde", &e), 1);
    assert_string_equal(e.msg, "malformed.qde:5:11: malformed XML: Opening and ending "
                               "tag mismatch: User line 4 and Users");
    assert_int_equal(q.codebook.n_rows + q.excerpts.n_rows, 0);
    pv_refiqda_free(&q);
}

static void test_zip_without_qde(void **state)
{
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "noqde.qdpx", &e), 1);
    assert_string_equal(e.msg,
                        "noqde.qdpx: no .qde file in the archive: not a REFI-QDA project");
    pv_refiqda_free(&q);
    assert_int_equal(rd(&q, "notzip.qdpx", &e), 1);
    assert_string_equal(e.msg, "notzip.qdpx: not a .qdpx (ZIP) archive");
    pv_refiqda_free(&q);
    assert_int_equal(rd(&q, "absent.qde", &e), 3);
    assert_string_equal(e.msg, "absent.qde: cannot open: No such file or directory");
    pv_refiqda_free(&q);
    /* a file that is not a project: the README is not XML */
    assert_int_equal(rd(&q, "README.md", &e), 1);
    assert_non_null(strstr(e.msg, "README.md:1:1: malformed XML: "));
    pv_refiqda_free(&q);
}

/* Positions past the end: the excerpt is kept with an empty text. */
static void test_beyond(void **state)
{
    static const char *const excerpts[] = {
        "c3000000-0000-4000-8000-000000000021", "Court", "", "court.",
        "c3000000-0000-4000-8000-000000000022", "Court", "", "",
    };
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "beyond.qde", &e), 0);
    assert_excerpts(&q.excerpts, excerpts);
    assert_int_equal(q.codings.n_rows, 2);
    assert_int_equal(q.n_warnings, 1);
    assert_string_equal(q.warnings[0],
                        "beyond.qde: excerpt 'c3000000-0000-4000-8000-000000000022' "
                        "(session 'Court'): positions 5..12 outside the text "
                        "(11 characters); text left empty");
    pv_refiqda_free(&q);
}

/* ---------------------------------------------------------------- vendor quirks */

static const char *const quirk_codebook[] = {
    "Confiance", "", "Confiance", "Confiance", "positive", "",
    "Régularité", "Confiance", "Régularité", "Regularity", "positive", "Présence régulière.",
    "Méfiance", "Confiance", "Méfiance", "Méfiance", "negative", "",
    "Accès", "", "Accès", "Accès", "neutral", "",
    "Obstacles", "Accès", "Obstacles", "Obstacles", "negative", "",
};

/* NVivo: one selection per (passage, code), merged into one passage with
 * several codings; a second coder's selection a few characters shorter
 * stays its own passage; sources/ in lower case; no session attributes. */
static void test_nvivo(void **state)
{
#define NV(n) "c7000000-0000-4000-8000-0000000000" #n
    static const char *const sessions[] = {
        "Groupe parents", "", "", "", "", "",
        "Entrevue intervenante", "", "", "", "", "",
    };
    static const char *const excerpts[] = {
        NV(10), "Groupe parents", "P1", "P1: L’intervenante vient chaque semaine, même l’hiver.",
        NV(30), "Groupe parents", "", "L’intervenante vient chaque semaine, même l’hiver.",
        NV(40), "Groupe parents", "P2", "P2: Moi, j’avais peur qu’on me juge.",
        NV(60), "Groupe parents", "P3", "P3: Le transport coûte trop cher pour nous.",
        NV(70), "Entrevue intervenante", "",
        "Les familles isolées m’ouvrent après quelques visites.",
    };
    static const char *const codings[] = {
        NV(10), "Alice", "Régularité", NV(10), "Alice", "Confiance",
        NV(30), "Benoît", "Régularité",
        NV(40), "Alice", "Méfiance", NV(40), "Benoît", "Méfiance",
        NV(60), "Alice", "Obstacles",
        NV(70), "Alice", "Confiance", NV(70), "Alice", "Régularité",
    };
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "nvivo.qdpx", &e), 0);
    assert_tab(&q.codebook, quirk_codebook, ROWS(quirk_codebook, 6));
    assert_tab(&q.sessions, sessions, ROWS(sessions, 6));
    assert_excerpts(&q.excerpts, excerpts);
    assert_tab(&q.codings, codings, ROWS(codings, 3));
    assert_int_equal(q.n_read, 8);
    assert_int_equal(q.n_kept, 8);
    assert_int_equal(q.n_rejects, 0);
    assert_int_equal(q.n_warnings, 2);
    assert_string_equal(q.warnings[0], "nvivo.qdpx: session 'Groupe parents': 6 selections make "
                        "4 passages (2 with the span of an earlier selection, merged into its "
                        "passage)");
    assert_string_equal(q.warnings[1], "nvivo.qdpx: session 'Entrevue intervenante': 2 "
                        "selections make 1 passages (1 with the span of an earlier selection, "
                        "merged into its passage)");
    pv_refiqda_free(&q);
#undef NV
}

/* ATLAS.ti: PDF, picture, audio and video sources and their selections
 * are counted and rejected one by one (read = kept + rejected); a bare
 * .qde without its Sources/: the text selections are kept without text;
 * a coding of a whole text source is rejected. */
static void test_media(void **state)
{
#define MD(n) "c8000000-0000-4000-8000-0000000000" #n
    static const char *const excerpts[] = {
        MD(01), "Entrevue 1.docx", "", "",
        MD(02), "Entrevue 1.docx", "", "",
    };
    static const char *const codings[] = {
        MD(01), "Alice", "Confiance", MD(01), "Alice", "Régularité",
        MD(02), "Alice", "Obstacles",
    };
    static const char *const sources[] = {
        "Entrevue 1.docx", "b8000000-0000-4000-8000-000000000001", "text", "2", "4", "2",
        "Rapport annuel.pdf", "b8000000-0000-4000-8000-000000000002", "pdf", "3", "3", "0",
        "photo.jpg", "b8000000-0000-4000-8000-000000000003", "picture", "1", "2", "0",
        "entrevue.m4a", "b8000000-0000-4000-8000-000000000004", "audio", "0", "0", "0",
        "atelier.mp4", "b8000000-0000-4000-8000-000000000005", "video", "2", "1", "0",
    };
    static const struct {
        long line;
        const char *field, *value;
    } rejects[] = {
        {36, "Coding", "Entrevue 1.docx"}, {39, "PDFSelection", MD(03)},
        {43, "PDFSelection", MD(04)},      {47, "PlainTextSelection", MD(03)},
        {53, "PictureSelection", MD(05)},  {63, "VideoSelection", MD(06)},
        {64, "VideoSelection", MD(07)},
    };
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "media.qde", &e), 0);
    assert_tab(&q.codebook, quirk_codebook, ROWS(quirk_codebook, 6));
    assert_int_equal(q.sessions.n_rows, 1);
    assert_excerpts(&q.excerpts, excerpts);
    assert_tab(&q.codings, codings, ROWS(codings, 3));
    assert_tab(&q.sources, sources, ROWS(sources, 6));
    assert_int_equal(q.n_read, 9);
    assert_int_equal(q.n_kept, 2);
    assert_int_equal(q.n_rejects, 7);
    for (size_t i = 0; i < q.n_rejects && i < 7; i++) {
        assert_int_equal(q.rejects[i].line, rejects[i].line);
        assert_string_equal(q.rejects[i].field, rejects[i].field);
        assert_string_equal(q.rejects[i].value, rejects[i].value);
    }
    assert_string_equal(q.rejects[0].reason, "a coding of the whole source 'Entrevue 1.docx', "
                        "not of a passage: not imported");
    assert_string_equal(q.rejects[4].reason, "a selection of the picture source 'photo.jpg' "
                        "(2 codings): only text sources are imported");
    assert_int_equal(q.n_warnings, 5);
    assert_string_equal(q.warnings[1], "media.qde: 1 PDF source not imported (3 selections, "
                        "3 codings): only text sources are");
    assert_string_equal(q.warnings[4], "media.qde: 1 video source not imported (2 selections, "
                        "1 coding): only text sources are");
    pv_refiqda_free(&q);
#undef MD
}

/* Texts by relative://, by an absolute Windows or file:// path (looked up
 * by file name beside the project, then in Sources/), by internal:// in a
 * lower-case sources/ beside a bare .qde; a path out of the folder is
 * refused. */
static void test_paths(void **state)
{
#define PA(n) "c9000000-0000-4000-8000-0000000000" #n
    static const char *const excerpts[] = {
        PA(01), "relatif", "", "Texte relatif : la halte-garderie aide beaucoup.",
        PA(02), "windows", "", "Entrevue Windows : le transport reste difficile.",
        PA(03), "mac", "", "Groupe Mac : l’intervenante revient chaque mardi.",
        PA(04), "interne", "", "Texte interne : on m’a écoutée sans me juger.",
        PA(05), "hors du dossier", "", "",
    };
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "paths/paths.qde", &e), 0);
    assert_excerpts(&q.excerpts, excerpts);
    assert_int_equal(q.codings.n_rows, 5);
    assert_int_equal(q.n_warnings, 1);
    assert_string_equal(q.warnings[0], "paths/paths.qde: session 'hors du dossier': text path "
                        "'relative://../secret.txt' refused; its 1 selections have no text "
                        "(kept, never quoted)");
    pv_refiqda_free(&q);
#undef PA
}

/* The export's guids: RFC 4122 version 5, fixed for a name. */
static void test_uuid(void **state)
{
    char a[37], b[37];
    (void)state;
    pv_refiqda_uuid("excerpt", "E0001", a);
    pv_refiqda_uuid("excerpt", "E0001", b);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), 36);
    assert_int_equal(a[14], '5');
    assert_true(strchr("89ab", a[19]) != NULL);
    pv_refiqda_uuid("excerpt", "E0002", b);
    assert_string_not_equal(a, b);
}

/* ---------------------------------------------------------------- CSV */

static void assert_same(const pv_strtab *t, const char *file)
{
    char path[sizeof tmpdir + 32];
    pv_table csv;
    pv_rejects rej = {0};
    pv_err e = {0};
    snprintf(path, sizeof path, "%s/%s", tmpdir, file);
    assert_int_equal(pv_table_read(&csv, path, file, NULL, &rej, &e), 0);
    assert_int_equal(rej.n, 0);
    assert_int_equal(csv.n_cols, t->n_cols);
    assert_int_equal(csv.n_rows, t->n_rows);
    for (size_t c = 0; c < t->n_cols; c++)
        assert_string_equal(csv.cols[c], t->cols[c]);
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t c = 0; c < t->n_cols; c++)
            assert_string_equal(pv_table_get(&csv, i, c), pv_strtab_get(t, i, c));
    pv_table_free(&csv);
    pv_rejects_free(&rej);
}

static void test_csv_round_trip(void **state)
{
    pv_refiqda q;
    pv_err e;
    (void)state;
    assert_int_equal(rd(&q, "project.qdpx", &e), 0);
    assert_int_equal(pv_refiqda_write(&q, tmpdir, &e), 0);
    assert_same(&q.codebook, "codebook.csv");
    assert_same(&q.sessions, "sessions.csv");
    assert_same(&q.excerpts, "excerpts.csv");
    assert_same(&q.codings, "codings.csv");
    pv_refiqda_free(&q);
    /* a missing folder is an I/O error naming the file */
    assert_int_equal(rd(&q, "beyond.qde", &e), 0);
    assert_int_equal(pv_refiqda_write(&q, "/nonexistent/pv", &e), 3);
    assert_non_null(strstr(e.msg, "/nonexistent/pv/codebook.csv"));
    pv_refiqda_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_project_qde),
        cmocka_unit_test(test_project_qdpx),
        cmocka_unit_test(test_atlas),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_zip_without_qde),
        cmocka_unit_test(test_beyond),
        cmocka_unit_test(test_nvivo),
        cmocka_unit_test(test_media),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_uuid),
        cmocka_unit_test(test_csv_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
