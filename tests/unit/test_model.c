/* test_model.c — unit tests of pipeline/model.c: the participation model's
 * declarations (units.csv, columns.csv, indicators.csv, breakdowns.csv).
 *
 * Each test writes a small dataset folder (config.csv, codes.csv, the
 * declarations, and for the conditions test the unit files) into a
 * temporary folder and loads it with pv_dataset_load.  Expected parses,
 * line and column numbers are worked out by hand from the files written
 * here; reasons are copied from pipeline/model.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"

static char tmpdir[] = "/tmp/pv_test_model.XXXXXX";

static void put(const char *file, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", tmpdir, file);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static const char UNITS[] = "unit,role,label_column,label_fr,label_en\n"
                            "sites,place,name,,Sites\n"
                            "youths,sample,,,Youths\n"
                            "matches,member,,,Mentor matches\n";
static const char COLUMNS[] = "unit,column,type,of,min,max,in_period,not_before\n"
                              "sites,site_id,id,,,,,\n"
                              "sites,name,text,,,,,\n"
                              "sites,region,code,area,,,,\n"
                              "youths,youth_id,id,,,,,\n"
                              "youths,site_id,ref,sites,,,,\n"
                              "youths,enrolled,date,,,,yes,\n"
                              "youths,in_school,yesno,,,,,\n"
                              "youths,age,int,,10,25,,\n"
                              "matches,match_id,id,,,,,\n"
                              "matches,youth_id,ref,youths,,,,\n"
                              "matches,start,date,,,,yes,youth_id.enrolled\n"
                              "matches,hours,decimal,,0,500,,\n";
static const char INDICATORS[] =
    "indicator,kind,unit,column,numerator,denominator,label_fr,label_en,headline\n"
    "sites,count,sites,,,,,Sites,yes\n"
    "youths_older,share,youths,,age>=16,,,Youths aged 16 or more,yes\n"
    "youths_north_school,share,youths,,site_id.region in N;E,in_school=yes,,Youths in north or east,no\n";
static const char BREAKDOWNS[] =
    "breakdown,unit,by,per,split,bands,band_label_fr,band_label_en,indicator\n"
    "monthly,youths,enrolled,month,in_school,,,,\n"
    "cumulative,youths,enrolled,cumulative,in_school,,,,\n"
    "region,youths,site_id.region,,in_school,,,,youths_school_region\n"
    "age,youths,age,,,10-15;16-25,,{lo}-{hi} years,youths_age\n";

/* A dataset folder with the given declarations (NULL: the defaults). */
static void folder(const char *units, const char *columns, const char *indicators,
                   const char *breakdowns)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -f '%s'/*.csv", tmpdir);
    assert_int_equal(system(cmd), 0);
    put("config.csv", "key,value\ntitle_fr,x\ntitle_en,x\nsource_fr,x\nsource_en,x\n"
                      "period_start,2024-01-01\nperiod_end,2024-03-31\nlang,en\n");
    put("codes.csv", "list,code,label_fr,label_en\narea,N,Nord,North\narea,S,Sud,South\n"
                     "area,E,Est,East\n");
    put("units.csv", units ? units : UNITS);
    put("columns.csv", columns ? columns : COLUMNS);
    put("indicators.csv", indicators ? indicators : INDICATORS);
    put("breakdowns.csv", breakdowns ? breakdowns : BREAKDOWNS);
    put("sites.csv", "site_id,name,region\nS1,Alpha,N\nS2,Beta,S\nS3,Gamma,E\n");
    put("youths.csv", "youth_id,site_id,enrolled,in_school,age\n"
                      "Y1,S1,2024-01-05,yes,12\nY2,S2,2024-02-01,no,17\n"
                      "Y3,S3,2024-03-02,yes,16\nY4,S1,2024-01-20,no,25\n");
    put("matches.csv", "match_id,youth_id,start,hours\nM1,Y1,2024-01-06,3.5\n"
                       "M2,Y1,2024-02-01,12\nM3,Y3,2024-03-02,0\n");
}

typedef struct {
    pv_dataset d;
    pv_rejects rej;
    pv_err err;
    int st;
} ld;

static void load(ld *l)
{
    memset(l, 0, sizeof *l);
    l->st = pv_dataset_load(&l->d, tmpdir, &l->rej, &l->err);
}

static void ld_free(ld *l)
{
    pv_dataset_free(&l->d);
    pv_rejects_free(&l->rej);
}

/* The one reject: its file name ends with file, at line:column, reason. */
static void expect_reject(const ld *l, const char *file, long line, int column,
                          const char *reason)
{
    assert_int_equal(l->st, PV_EXIT_DATA);
    assert_int_equal(l->rej.n, 1);
    const pv_reject *e = &l->rej.v[0];
    assert_string_equal(e->file + strlen(e->file) - strlen(file), file);
    assert_int_equal(e->line, line);
    assert_int_equal(e->column, column);
    assert_string_equal(e->reason, reason);
}

static void test_valid(void **state)
{
    (void)state;
    ld l;
    folder(NULL, NULL, NULL, NULL);
    load(&l);
    assert_int_equal(l.st, 0);
    assert_int_equal(l.rej.n, 0);
    const pv_model *m = &l.d.model;
    assert_true(m->present);
    assert_int_equal(m->nu, 3);
    assert_int_equal(m->sample, 1);
    assert_int_equal(m->u[0].ncols, 3);
    assert_int_equal(m->u[0].label_col, 1);
    assert_string_equal(m->u[1].cols[1].arg, "sites");
    assert_int_equal(m->u[1].target[1], 0);
    assert_int_equal(m->u[2].cols[3].type, PV_COL_DEC);
    /* a member's way to the sample unit: youth_id, then the youth's id */
    assert_int_equal(m->u[2].up.n, 2);
    assert_int_equal(m->u[2].up.col[0], 1);
    /* conditions: a number, a list of codes through a link, yes/no */
    assert_int_equal(m->ni, 3);
    const pv_clause *c = &m->ind[1].num.c[0];
    assert_int_equal(c->op, PV_OP_GE);
    assert_true(c->num[0] == 16);
    c = &m->ind[2].num.c[0];
    assert_int_equal(c->op, PV_OP_IN);
    assert_int_equal(c->path.n, 2);
    assert_int_equal(c->nv, 2);
    assert_true(c->num[0] == 0 && c->num[1] == 2); /* N and E: positions in 'area' */
    assert_true(m->ind[2].den.c[0].num[0] == 1);
    assert_int_equal(m->ind[2].headline, 0);
    /* breakdowns */
    assert_int_equal(m->nb, 4);
    assert_int_equal(m->bd[0].kind, PV_BY_MONTH);
    assert_int_equal(m->bd[1].kind, PV_BY_CUMULATIVE);
    assert_int_equal(m->bd[1].monthly, 0);
    assert_string_equal(m->bd[2].key_name, "area");
    assert_string_equal(m->bd[2].split_cols[1], "not_in_school");
    assert_string_equal(m->bd[3].key_name, "age_band");
    assert_int_equal(m->bd[3].nbands, 2);
    assert_int_equal(m->bd[3].hi[1], 25);
    ld_free(&l);
}

/* Conditions evaluated on the loaded rows. */
static void test_holds(void **state)
{
    (void)state;
    ld l;
    folder(NULL, NULL, NULL, NULL);
    load(&l);
    assert_int_equal(l.st, 0);
    const pv_model *m = &l.d.model;
    int want_older[] = {0, 1, 1, 1}, want_ne[] = {1, 0, 1, 1}, want_school[] = {1, 0, 1, 0};
    for (size_t r = 0; r < 4; r++) {
        assert_int_equal(pv_cond_holds(m, &m->ind[1].num, l.d.t, r), want_older[r]);
        assert_int_equal(pv_cond_holds(m, &m->ind[2].num, l.d.t, r), want_ne[r]);
        assert_int_equal(pv_cond_holds(m, &m->ind[2].den, l.d.t, r), want_school[r]);
    }
    /* the match M3 leads to Y3, the third youth */
    assert_int_equal(pv_path_row(&m->u[2].up, l.d.t, 2), 2);
    ld_free(&l);
}

static void test_absent(void **state)
{
    (void)state;
    ld l;
    char path[4200];
    folder(NULL, NULL, NULL, NULL);
    snprintf(path, sizeof path, "%s/units.csv", tmpdir);
    assert_int_equal(remove(path), 0);
    load(&l);
    assert_int_equal(l.st, 0);
    assert_false(l.d.has_participation);
    ld_free(&l);
}

static void test_unknown_column(void **state)
{
    (void)state;
    ld l;
    folder(NULL, NULL,
           "indicator,kind,unit,column,numerator,denominator,label_fr,label_en,headline\n"
           "x,share,youths,,schooled=yes,,,X,yes\n", NULL);
    load(&l);
    expect_reject(&l, "indicators.csv", 2, 5,
                  "unknown column 'schooled' of unit youths (columns.csv)");
    ld_free(&l);
}

static void test_bad_code(void **state)
{
    (void)state;
    ld l;
    folder(NULL, NULL,
           "indicator,kind,unit,column,numerator,denominator,label_fr,label_en,headline\n"
           "x,share,youths,,site_id.region=W,,,X,yes\n", NULL);
    load(&l);
    expect_reject(&l, "indicators.csv", 2, 5, "'W' is not a code of list 'area' in codes.csv");
    ld_free(&l);
}

static void test_compare_text(void **state)
{
    (void)state;
    ld l;
    folder(NULL, NULL,
           "indicator,kind,unit,column,numerator,denominator,label_fr,label_en,headline\n"
           "x,count,sites,,name<=B,,,X,yes\n", NULL);
    load(&l);
    expect_reject(&l, "indicators.csv", 2, 5,
                  "'<=' compares with < or > but column 'name' is not a number or a date");
    ld_free(&l);
}

static void test_undeclared_unit(void **state)
{
    (void)state;
    ld l;
    char cols[sizeof COLUMNS + 16];
    snprintf(cols, sizeof cols, "%s", COLUMNS);
    memcpy(strstr(cols, "ref,sites"), "ref,place", 9);
    folder(NULL, cols, NULL, NULL);
    load(&l);
    expect_reject(&l, "columns.csv", 6, 4,
                  "not a unit of units.csv (a ref column names the unit it refers to)");
    ld_free(&l);
}

static void test_forward_ref(void **state)
{
    (void)state;
    ld l;
    folder(NULL,
           "unit,column,type,of,min,max,in_period,not_before\n"
           "sites,site_id,id,,,,,\nsites,lead,ref,youths,,,,\n", NULL, NULL);
    load(&l);
    expect_reject(&l, "columns.csv", 3, 4,
                  "refers to youths, which is not declared before sites in units.csv: units "
                  "are read in that order, so a link may only go back (no cycle)");
    ld_free(&l);
}

static void test_bands(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"10-15;14-25", "bands go up and do not overlap"},
        {"15-10", "bands are lo-hi;lo-hi (whole numbers, lo <= hi)"},
        {"10-15;", "bands are lo-hi;lo-hi (whole numbers, lo <= hi)"},
        {"5-15", "a band is outside the column's min..max"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ld l;
        char bd[512];
        snprintf(bd, sizeof bd, "breakdown,unit,by,per,split,bands,band_label_fr,"
                 "band_label_en,indicator\nage,youths,age,,,%s,,,\n", bad[i][0]);
        folder(NULL, NULL, NULL, bd);
        load(&l);
        expect_reject(&l, "breakdowns.csv", 2, 6, bad[i][1]);
        ld_free(&l);
    }
}

static void test_decimal_bands(void **state)
{
    (void)state;
    ld l;
    folder(NULL, NULL, NULL,
           "breakdown,unit,by,per,split,bands,band_label_fr,band_label_en,indicator\n"
           "hours,matches,hours,,,0-10;11-20,,,\n");
    load(&l);
    expect_reject(&l, "breakdowns.csv", 2, 3, "bands are of whole numbers: a decimal column is "
                  "not broken down (declare it int, or count it with conditions)");
    ld_free(&l);
}

static void test_cumulative_alone(void **state)
{
    (void)state;
    ld l;
    folder(NULL, NULL, NULL,
           "breakdown,unit,by,per,split,bands,band_label_fr,band_label_en,indicator\n"
           "cumulative,youths,enrolled,cumulative,in_school,,,,\n");
    load(&l);
    expect_reject(&l, "breakdowns.csv", 2, 4,
                  "a cumulative breakdown sums a monthly one declared before it (same unit, "
                  "column and split)");
    ld_free(&l);
}

/* Running totals need no split: they sum a monthly table without one. */
static void test_cumulative_no_split(void **state)
{
    (void)state;
    ld l;
    folder(NULL, NULL, NULL,
           "breakdown,unit,by,per,split,bands,band_label_fr,band_label_en,indicator\n"
           "monthly,youths,enrolled,month,,,,,\n"
           "cumulative,youths,enrolled,cumulative,,,,,\n");
    load(&l);
    assert_int_equal(l.st, 0);
    assert_int_equal(l.rej.n, 0);
    assert_int_equal(l.d.model.bd[1].split, -1);
    assert_int_equal(l.d.model.bd[1].monthly, 0);
    ld_free(&l);
}

/* Declarations in one language: the label columns of the other may be
 * absent (as in codes.csv). */
static void test_one_language(void **state)
{
    (void)state;
    ld l;
    folder("unit,role,label_column,label_en\n"
           "sites,place,name,Sites\nyouths,sample,,Youths\nmatches,member,,Matches\n",
           NULL,
           "indicator,kind,unit,column,numerator,denominator,label_en,headline\n"
           "youths,count,youths,,,,Youths,yes\n", NULL);
    load(&l);
    assert_int_equal(l.st, 0);
    assert_int_equal(l.rej.n, 0);
    assert_string_equal(l.d.model.u[1].label[PV_LANG_EN], "Youths");
    assert_string_equal(l.d.model.u[1].label[PV_LANG_FR], "");
    ld_free(&l);
}

static void test_member_without_link(void **state)
{
    (void)state;
    ld l;
    char cols[sizeof COLUMNS + 16];
    snprintf(cols, sizeof cols, "%s", COLUMNS);
    memcpy(strstr(cols, "youth_id,ref,youths"), "youth_id,text,     ", 19);
    folder(NULL, cols, "indicator,kind,unit,column,numerator,denominator,label_fr,label_en,"
           "headline\n", "breakdown,unit,by,per,split,bands,band_label_fr,band_label_en,"
           "indicator\n");
    load(&l);
    /* "text,     " is a text column with an 'of' of spaces: refused first */
    assert_int_equal(l.st, PV_EXIT_DATA);
    ld_free(&l);
    put("columns.csv", "unit,column,type,of,min,max,in_period,not_before\n"
                       "sites,site_id,id,,,,,\nsites,name,text,,,,,\nyouths,youth_id,id,,,,,\n"
                       "matches,match_id,id,,,,,\n");
    load(&l);
    expect_reject(&l, "units.csv", 4, 2, "a member unit needs ref columns that lead to the "
                  "sample unit (the bootstrap resamples it with its members)");
    ld_free(&l);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),          cmocka_unit_test(test_holds),
        cmocka_unit_test(test_absent),         cmocka_unit_test(test_unknown_column),
        cmocka_unit_test(test_bad_code),       cmocka_unit_test(test_compare_text),
        cmocka_unit_test(test_undeclared_unit), cmocka_unit_test(test_forward_ref),
        cmocka_unit_test(test_bands),          cmocka_unit_test(test_decimal_bands),
        cmocka_unit_test(test_cumulative_alone),
        cmocka_unit_test(test_cumulative_no_split),
        cmocka_unit_test(test_one_language),
        cmocka_unit_test(test_member_without_link),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
