/* test_qualdata.c — unit tests of pipeline/qualdata.c: the privacy list.
 *
 * pv_qualdata_load reads the qualitative tables of tests/fixtures/small
 * and a privacy.csv written by each test into a temporary folder (the
 * loader takes the privacy folder apart).  Promises checked (qualdata.h):
 *  - any rejected privacy row makes the load fail with PV_EXIT_DATA and a
 *    "file:line:column: ..." message naming the first error in the file;
 *  - a term equal to an earlier one once folded (case, accents, spaces,
 *    dashes) is rejected as "duplicate of line N";
 *  - a term without a letter or digit is rejected;
 *  - every rejected row is in the rejects, and read = kept + rejected.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "qualdata.h"

#define SMALL "../fixtures/small"
#define NBSP "\xC2\xA0"
#define NBHY "\xE2\x80\x91"

typedef struct {
    pv_dataset d;
    char dir[256];             /* temporary folder with privacy.csv */
    char path[300];
    pv_qualdata q;
    pv_rejects rej;
    pv_err err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    pv_rejects rej = {0};
    pv_err err = {0};
    if (!f || pv_dataset_load(&f->d, SMALL, &rej, &err) != 0 || rej.n)
        return -1;
    pv_rejects_free(&rej);
    snprintf(f->dir, sizeof f->dir, "%s/pv_qualdata_XXXXXX", g_get_tmp_dir());
    if (!g_mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/privacy.csv", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pv_qualdata_free(&f->q);
    pv_rejects_free(&f->rej);
    pv_dataset_free(&f->d);
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Write privacy.csv with content and load; returns the loader's status. */
static int load(fixture *f, const char *content)
{
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fputs(content, fp);
    fclose(fp);
    return pv_qualdata_load(&f->q, SMALL, f->dir, &f->d, &f->rej, &f->err);
}

/* The privacy rejects, as "line:column:reason" joined by "|". */
static char *privacy_rejects(const fixture *f)
{
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < f->rej.n; i++)
        if (strstr(f->rej.v[i].file, "privacy.csv"))
            g_string_append_printf(g, "%s%ld:%d:%s", g->len ? "|" : "", f->rej.v[i].line,
                                   f->rej.v[i].column, f->rej.v[i].reason);
    return g_string_free(g, FALSE);
}

static void assert_counts(const fixture *f)
{
    const pv_vtable *pr = &f->q.t[PV_QL_PRIVACY];
    assert_int_equal(pr->n_read, pr->n + pr->n_rejected);
}

static void test_valid_list(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "term,kind\nMélanie,name\nrue Papineau,place\nSainte-Justine,place\n"
                             "Anne,name\nAnnette,name\nAnne-Marie,name\n"), 0);
    assert_true(f->q.has_privacy);
    assert_int_equal(f->q.t[PV_QL_PRIVACY].n, 6); /* a term inside another is not a repeat */
    assert_int_equal(f->rej.n, 0);
}

static void test_duplicates(void **state)
{
    fixture *f = *state;
    int st = load(f, "term,kind\n"
                     "rue Papineau,place\n"              /* 2 */
                     "Mélanie,name\n"                    /* 3 */
                     "Rue  Papineau,place\n"             /* 4: two spaces, capital */
                     "rue" NBSP "Papineau,place\n"       /* 5: no-break space */
                     "Sainte" NBHY "Justine,place\n"     /* 6 */
                     "sainte justine,place\n"            /* 7: hyphen folds to space */
                     "MELANIE,name\n"                    /* 8: no accent */
                     "Mélanie,place\n");                 /* 9: same term, other kind */
    assert_int_equal(st, PV_EXIT_DATA);
    char *got = privacy_rejects(f);
    assert_string_equal(got,
        "4:1:duplicate of line 2 (once case, accents, spaces and dashes are folded)|"
        "5:1:duplicate of line 2 (once case, accents, spaces and dashes are folded)|"
        "7:1:duplicate of line 6 (once case, accents, spaces and dashes are folded)|"
        "8:1:duplicate of line 3 (once case, accents, spaces and dashes are folded)|"
        "9:1:duplicate of line 3 (once case, accents, spaces and dashes are folded)");
    g_free(got);
    char want[512];
    snprintf(want, sizeof want, "%s:4:1: term: duplicate of line 2", f->path);
    if (strncmp(f->err.msg, want, strlen(want)) != 0)
        fail_msg("message '%s', want it to start with '%s'", f->err.msg, want);
    assert_counts(f);
    assert_int_equal(f->q.t[PV_QL_PRIVACY].n, 3);
}

/* Any rejected row stops the load, and the message is the first error in
 * the file (not the first found: the cell checks run before the rules
 * across rows). */
static void test_errors_stop(void **state)
{
    fixture *f = *state;
    int st = load(f, "term,kind\n"
                     "Mélanie,name\n"      /* 2 */
                     "mélanie,name\n"      /* 3: duplicate (found after the cells) */
                     "Karine,person\n"     /* 4: unknown kind */
                     ",name\n"             /* 5: empty */
                     "-- ,place\n");       /* 6: no letter or digit */
    assert_int_equal(st, PV_EXIT_DATA);
    char *got = privacy_rejects(f);
    assert_non_null(strstr(got, "3:1:duplicate of line 2"));
    assert_non_null(strstr(got, "4:2:expected one of name|place"));
    assert_non_null(strstr(got, "5:1:empty value"));
    assert_non_null(strstr(got, "6:1:no letter or digit"));
    g_free(got);
    char want[512];
    snprintf(want, sizeof want, "%s:3:1: term: duplicate of line 2", f->path);
    if (strncmp(f->err.msg, want, strlen(want)) != 0)
        fail_msg("message '%s', want it to start with '%s'", f->err.msg, want);
    assert_counts(f);
}

/* One bad row among good ones is enough: never "go on with the kept rows". */
static void test_one_error_stops(void **state)
{
    fixture *f = *state;
    int st = load(f, "term,kind\nMélanie,name\nrue Papineau,street\nparc Jarry,place\n");
    assert_int_equal(st, PV_EXIT_DATA);
    char want[512];
    snprintf(want, sizeof want, "%s:3:2: kind: expected one of name|place ('street')", f->path);
    if (strncmp(f->err.msg, want, strlen(want)) != 0)
        fail_msg("message '%s', want it to start with '%s'", f->err.msg, want);
}

static void test_header_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "name,kind\nMélanie,name\n"), PV_EXIT_DATA);
    char want[512];
    snprintf(want, sizeof want, "%s:1:", f->path);
    if (strncmp(f->err.msg, want, strlen(want)) != 0)
        fail_msg("message '%s', want it to start with '%s'", f->err.msg, want);
    assert_int_equal(f->q.t[PV_QL_PRIVACY].n, 0);
}

/* privacy.csv is optional: without it nothing stops the load. */
static void test_no_privacy_file(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    assert_int_equal(pv_qualdata_load(&f->q, SMALL, f->dir, &f->d, &f->rej, &f->err), 0);
    assert_true(f->q.present);
    assert_false(f->q.has_privacy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_valid_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_error_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_privacy_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
