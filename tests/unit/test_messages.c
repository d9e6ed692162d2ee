/* test_messages.c — the message catalogue (pipeline/messages.c) and the
 * figures' kind table (pipeline/figures.c).
 *
 * data/messages.csv must hold every key the stages ask for; a broken
 * catalogue is refused with file:line:column; placeholders are filled.  A
 * figure catalogue naming an unknown kind is refused with a message in
 * the project's format listing every kind of the table (11).
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

#include "figures.h"
#include "messages.h"

#define MESSAGES "../../data/messages.csv"

static char tmpdir[] = "/tmp/pv_test_messages.XXXXXX";

static int group_setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

static void test_catalogue(void **state)
{
    (void)state;
    static const char *const need[] = {"category.agreement", "category.partial_agreement",
                                       "category.silence", "category.dissonance"};
    pv_messages m;
    pv_err err = {0};
    assert_int_equal(pv_messages_load(&m, MESSAGES, need, 4, &err), 0);
    /* the labels of convergence_summary.csv, also those of the figures */
    assert_string_equal(pv_msg(&m, "category.partial_agreement", PV_LANG_FR), "Accord partiel");
    assert_string_equal(pv_msg(&m, "category.partial_agreement", PV_LANG_EN), "Partial agreement");
    assert_string_equal(pv_msg(&m, "no.such.key", PV_LANG_EN), "");
    char *s = pv_msg_fill(&m, "note.below_threshold", PV_LANG_EN, "threshold", "5", NULL);
    assert_string_equal(s, "Counts below 5 are not shown (< 5).");
    g_free(s);
    s = pv_msg_fill(&m, "note.hidden", PV_LANG_FR, "mark", "x", NULL);
    assert_string_equal(s, "x\u00A0: masqué, petit effectif ou effectif dont un petit effectif "
                           "pourrait être déduit.");
    g_free(s);
    pv_messages_free(&m);
}

static void test_missing_key(void **state)
{
    (void)state;
    static const char *const need[] = {"category.agreement", "category.silence"};
    pv_messages m;
    pv_err err = {0};
    const char *p = write_file("m1.csv", "key,fr,en\ncategory.agreement,Accord,Agreement\n");
    assert_int_equal(pv_messages_load(&m, p, need, 2, &err), PV_EXIT_DATA);
    char want[4300];
    snprintf(want, sizeof want, "%s: missing message ('category.silence')", p);
    assert_string_equal(err.msg, want);
    pv_messages_free(&m);
}

static void test_bad_rows(void **state)
{
    (void)state;
    pv_messages m;
    pv_err err = {0};
    char want[4300];
    /* an empty English text */
    const char *p = write_file("m2.csv", "key,fr,en\na,A,\n");
    assert_int_equal(pv_messages_load(&m, p, NULL, 0, &err), PV_EXIT_DATA);
    snprintf(want, sizeof want, "%s:2:3: en: ", p);
    assert_memory_equal(err.msg, want, strlen(want));
    pv_messages_free(&m);
    /* a key twice */
    memset(&err, 0, sizeof err);
    p = write_file("m3.csv", "key,fr,en\na,A,A\na,B,B\n");
    assert_int_equal(pv_messages_load(&m, p, NULL, 0, &err), PV_EXIT_DATA);
    snprintf(want, sizeof want, "%s:3:1: key: ", p);
    assert_memory_equal(err.msg, want, strlen(want));
    pv_messages_free(&m);
    /* no `en` column */
    memset(&err, 0, sizeof err);
    p = write_file("m4.csv", "key,fr\na,A\n");
    assert_int_equal(pv_messages_load(&m, p, NULL, 0, &err), PV_EXIT_DATA);
    pv_messages_free(&m);
}

/* A figure catalogue with kind "pie": the row is rejected (exit status 1,
 * OUT/rejects.csv), the reason names every kind of the table, and the
 * captions are still written (the other rows would be drawn). */
static void test_unknown_kind(void **state)
{
    (void)state;
    const char *cat = write_file(
        "figures.csv",
        "figure,kind,data,series,series_fr,series_en,labels,sort,title_fr,title_en,subtitle_fr,"
        "subtitle_en,axis_fr,axis_en,source_fr,source_en,axis_min,axis_max,subset\n"
        "pie_chart,pie,participation_region.csv,isolated,Isolées,Isolated,none,none,T,T,S,S,A,A,"
        ",,,,\n");
    char catpath[4300], out[4300], want[8600];
    snprintf(catpath, sizeof catpath, "%s", cat);
    snprintf(out, sizeof out, "%s/fig", tmpdir);
    const char *cats[] = {catpath};
    pv_figures_opts o = {cats, 1, "../golden/small", out, -1, MESSAGES};
    pv_err err = {0};
    assert_int_equal(pv_figures_run(&o, &err), PV_EXIT_DATA);
    assert_string_equal(err.msg, "");
    /* every kind of the table, in its order (pv_figures_kind), the first ones named */
    char kinds[1024] = "";
    for (int i = 0; pv_figures_kind(i); i++)
        snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s%s", i ? ", " : "",
                 pv_figures_kind(i));
    assert_true(strncmp(kinds, "hbar, hbar_stacked, vbar_stacked, line, likert, dot_ci", 54) == 0);
    snprintf(want, sizeof want,
             "file,line,column,field,value,reason\n"
             "figures.csv,2,2,kind,pie,\"unknown kind, expected one of %s\"\n", kinds);
    char path[4400], *got = NULL;
    snprintf(path, sizeof path, "%s/rejects.csv", out);
    assert_true(g_file_get_contents(path, &got, NULL, NULL));
    assert_string_equal(got, want);
    g_free(got);
    snprintf(path, sizeof path, "%s/captions.csv", out);
    assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue),
        cmocka_unit_test(test_missing_key),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_unknown_kind),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
