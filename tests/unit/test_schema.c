/* test_schema.c — unit tests of pipeline/schema.c's typed tables.
 *
 * The values are stored column by column in the width their type needs
 * (schema.h): these tests load small files whose values need every width
 * (an integer past 32 bits, decimals, dates, yes/no, empty cells, text) and
 * check each value read back, the references between two tables, and the
 * rows kept after a cross-row rule drops one (the raw-to-kept map, absent
 * while every row is kept).  The expected values are worked out by hand
 * from the inputs written here (days since 1970-01-01: 2024-01-02 is
 * 19724).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schema.h"

static char tmpdir[] = "/tmp/pv_test_schema.XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(tmpdir);
}

enum { P_ID, P_BIG, P_SMALL, P_DEC, P_DAY, P_YES, P_NOTE, P_NCOLS };
static const pv_colspec parents[P_NCOLS] = {
    [P_ID] = {"id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [P_BIG] = {"big", PV_COL_INT, NULL, 0, 1000000000000LL, 0, NULL},
    [P_SMALL] = {"small", PV_COL_INT, NULL, -5, 100, PV_MAY_BE_EMPTY, NULL},
    [P_DEC] = {"dec", PV_COL_DEC, NULL, -10, 10, PV_MAY_BE_EMPTY, NULL},
    [P_DAY] = {"day", PV_COL_DATE, NULL, 0, 0, 0, NULL},
    [P_YES] = {"yes", PV_COL_YESNO, NULL, 0, 0, 0, NULL},
    [P_NOTE] = {"note", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
};

enum { K_ID, K_PARENT, K_NCOLS };
static const pv_colspec kids[K_NCOLS] = {
    [K_ID] = {"kid", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [K_PARENT] = {"parent", PV_COL_REF, "parents", 0, 0, 0, NULL},
};

/* Write text to <tmpdir>/name and load it as table name with spec. */
static void load(pv_vtable *vt, const char *name, const pv_colspec *spec, size_t n,
                 const char *text, pv_vtable *const *tables, size_t ntables,
                 pv_rejects *rej)
{
    char path[sizeof tmpdir + 32];
    pv_err err = {0};
    pv_vctx ctx = {0, 100000, '.', {0, PV_ENC_AUTO}, NULL, tables, ntables, 0};
    snprintf(path, sizeof path, "%s/%s.csv", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(pv_vtable_load(vt, name, spec, n, path, name, &ctx, rej, &err), 0);
    unlink(path);
}

static void test_values_of_every_width(void **state)
{
    (void)state;
    pv_vtable p;
    pv_rejects rej = {0};
    load(&p, "parents", parents, P_NCOLS,
         "id,big,small,dec,day,yes,note\n"
         "a,5000000000,-5,1.25,2024-01-02,oui,hello\n"
         "b,0,,,2024-01-03,non,\n"
         "c,1000000000000,100,-0.5,1970-01-01,1,x\n",
         NULL, 0, &rej);
    assert_int_equal(rej.n, 0);
    assert_int_equal(p.n, 3);
    assert_int_equal(p.n_read, 3);
    assert_true(pv_vtable_val(&p, 0, P_BIG).i == 5000000000LL); /* past 32 bits */
    assert_true(pv_vtable_val(&p, 2, P_BIG).i == 1000000000000LL);
    assert_true(pv_vtable_val(&p, 0, P_SMALL).i == -5);
    assert_true(pv_vtable_val(&p, 1, P_SMALL).i == -1); /* empty */
    assert_true(pv_vtable_val(&p, 2, P_SMALL).i == 100);
    assert_true(pv_vtable_val(&p, 0, P_DEC).d == 1.25);
    assert_true(isnan(pv_vtable_val(&p, 1, P_DEC).d));
    assert_true(pv_vtable_val(&p, 2, P_DEC).d == -0.5);
    assert_true(pv_vtable_val(&p, 0, P_DAY).i == 19724);
    assert_true(pv_vtable_val(&p, 1, P_DAY).i == 19725);
    assert_true(pv_vtable_val(&p, 2, P_DAY).i == 0);
    assert_true(pv_vtable_val(&p, 0, P_YES).i == 1);
    assert_true(pv_vtable_val(&p, 1, P_YES).i == 0);
    assert_true(pv_vtable_val(&p, 2, P_YES).i == 1);
    /* a text column: its text, and -1 as value when empty, else 0 */
    assert_string_equal(pv_vtable_str(&p, 0, P_NOTE), "hello");
    assert_true(pv_vtable_val(&p, 0, P_NOTE).i == 0);
    assert_true(pv_vtable_val(&p, 1, P_NOTE).i == -1);
    assert_string_equal(pv_vtable_str(&p, 1, P_NOTE), "");
    assert_string_equal(pv_vtable_str(&p, 2, P_ID), "c");
    assert_string_equal(pv_vtable_str(&p, 2, P_DEC), "-0.5");
    assert_int_equal(pv_vtable_find(&p, "b"), 1);
    assert_int_equal(pv_vtable_find(&p, "z"), -1);
    pv_vtable_free(&p);
    pv_rejects_free(&rej);
}

/* References resolve to kept rows, in order or not, repeated or not; a row
 * rejected at load and a row dropped afterwards leave the others' values and
 * ids in step. */
static void test_references_and_dropped_rows(void **state)
{
    (void)state;
    pv_vtable p, k;
    pv_rejects rej = {0};
    load(&p, "parents", parents, P_NCOLS,
         "id,big,small,dec,day,yes,note\n"
         "a,1,1,1,2024-01-02,oui,\n"
         "b,2,2,2,2024-01-03,oui,\n"
         "bad,x,3,3,2024-01-04,oui,\n"
         "c,3,3,3,2024-01-05,non,\n",
         NULL, 0, &rej);
    assert_int_equal(rej.n, 1); /* "x" is not an integer */
    assert_int_equal(p.n, 3);
    assert_int_equal(pv_vtable_find(&p, "c"), 2);
    assert_int_equal(pv_vtable_find(&p, "bad"), -1);
    assert_true(pv_vtable_val(&p, 2, P_BIG).i == 3);
    pv_vtable *tables[] = {&p};
    load(&k, "kids", kids, K_NCOLS,
         "kid,parent\nk1,a\nk2,a\nk3,c\nk4,a\nk5,bad\nk6,b\nk7,b\n",
         tables, 1, &rej);
    assert_int_equal(rej.n, 2); /* k5: a rejected parent */
    assert_int_equal(k.n, 6);
    static const int64_t want[] = {0, 0, 2, 0, 1, 1};
    for (size_t r = 0; r < 6; r++)
        assert_true(pv_vtable_val(&k, r, K_PARENT).i == want[r]);

    /* drop kept row 1 (b) of the parents: c moves to kept row 1 */
    unsigned char drop[3] = {0, 0, 0};
    pv_vtable_reject(&p, 1, P_BIG, "dropped", &rej, drop);
    pv_vtable_compact(&p, drop);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.n_rejected, 2);
    assert_int_equal(rej.n, 3);
    assert_string_equal(rej.v[2].value, "2");
    assert_int_equal(pv_vtable_find(&p, "a"), 0);
    assert_int_equal(pv_vtable_find(&p, "b"), -1);
    assert_int_equal(pv_vtable_find(&p, "c"), 1);
    assert_string_equal(pv_vtable_str(&p, 1, P_ID), "c");
    assert_true(pv_vtable_val(&p, 1, P_BIG).i == 3);
    assert_true(pv_vtable_val(&p, 1, P_DAY).i == 19727);
    assert_true(pv_vtable_val(&p, 1, P_YES).i == 0);

    /* the same with every row kept at load (no raw-to-kept map yet) */
    pv_vtable_free(&k);
    load(&k, "kids", kids, K_NCOLS, "kid,parent\nk1,a\nk2,c\nk3,a\n", tables, 1, &rej);
    assert_int_equal(k.n, 3);
    assert_null(k.kept_of);
    unsigned char drop2[3] = {0, 0, 0};
    pv_vtable_reject(&k, 0, K_ID, "dropped", &rej, drop2);
    pv_vtable_compact(&k, drop2);
    assert_int_equal(k.n, 2);
    assert_int_equal(pv_vtable_find(&k, "k1"), -1);
    assert_int_equal(pv_vtable_find(&k, "k2"), 0);
    assert_int_equal(pv_vtable_find(&k, "k3"), 1);
    assert_true(pv_vtable_val(&k, 0, K_PARENT).i == 1);
    assert_true(pv_vtable_val(&k, 1, K_PARENT).i == 0);
    pv_vtable_free(&k);
    pv_vtable_free(&p);
    pv_rejects_free(&rej);
}

enum { D_ID, D_PARENT, D_DAY, D_NOTE, D_NCOLS };
static const pv_colspec dated[D_NCOLS] = {
    [D_ID] = {"kid", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [D_PARENT] = {"parent", PV_COL_REF, "parents", 0, 0, 0, NULL},
    [D_DAY] = {"day", PV_COL_DATE, NULL, 0, 0, 0, NULL},
    [D_NOTE] = {"note", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
};

/* The whole file at path, NUL-terminated (caller frees). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *b = calloc(1, 4096);
    assert_non_null(b);
    size_t n = fread(b, 1, 4095, f);
    b[n] = '\0';
    fclose(f);
    return b;
}

/* With derive_text (the unit tables of participation), a REF column's text
 * is not kept in the file's arena but derived from the kept row it refers
 * to; in a file without quotes the records are validated as they are read
 * and their text moved down the arena at once (schema.c, row_read), in
 * another after the read.  Either way the values, the texts, the rejects
 * and the clean copy are the same as without it (worked out by hand from
 * the inputs here), and the arena holds "" for the column. */
static void test_derived_text(void **state)
{
    (void)state;
    static const char *const inputs[2] = {
        /* plain: records handed over as read */
        "kid,parent,day,note\n"
        "k1,a,2024-01-02,x\n"
        "k2,a,2024-01-02,\n"
        "k3,c,2024-01-05,yy\n"
        "k4,zz,2024-01-05,z\n"    /* no such parent */
        "k5,a,2024-01-02\n"       /* three fields */
        "k6,c,2024-13-01,w\n"     /* not a date */
        "k7,b,2024-01-05,v\n"
        "k1,b,2024-01-05,u\n",    /* duplicate id */
        /* the same with a quoted field: validated after the read */
        "kid,parent,day,note\n"
        "k1,a,2024-01-02,\"x\"\n"
        "k2,a,2024-01-02,\n"
        "k3,c,2024-01-05,yy\n"
        "k4,zz,2024-01-05,z\n"
        "k5,a,2024-01-02\n"
        "k6,c,2024-13-01,w\n"
        "k7,b,2024-01-05,v\n"
        "k1,b,2024-01-05,u\n"};
    static const char want_clean[] =
        "kid,parent,day,note\n"
        "k1,a,2024-01-02,x\n"
        "k2,a,2024-01-02,\n"
        "k3,c,2024-01-05,yy\n"
        "k7,b,2024-01-05,v\n";
    for (int plain = 0; plain < 2; plain++) {
        pv_vtable p, k;
        pv_rejects rej = {0};
        pv_err err = {0};
        char path[sizeof tmpdir + 32], out[sizeof tmpdir + 32];
        load(&p, "parents", parents, P_NCOLS,
             "id,big,small,dec,day,yes,note\n"
             "a,1,1,1,2024-01-02,oui,\n"
             "b,2,2,2,2024-01-03,oui,\n"
             "c,3,3,3,2024-01-05,non,\n",
             NULL, 0, &rej);
        pv_vtable *tables[] = {&p};
        pv_vctx ctx = {0, 100000, '.', {0, PV_ENC_AUTO}, NULL, tables, 1, 1};
        snprintf(path, sizeof path, "%s/kids.csv", tmpdir);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(inputs[plain ? 0 : 1], f);
        assert_int_equal(fclose(f), 0);
        assert_int_equal(pv_vtable_load(&k, "kids", dated, D_NCOLS, path, "kids.csv", &ctx,
                                        &rej, &err), 0);
        unlink(path);
        assert_int_equal(k.raw.plain, plain);
        assert_int_equal(k.n_read, 8);
        assert_int_equal(k.n, 4);
        assert_int_equal(k.n_rejected, 4);
        assert_int_equal(rej.n, 4);
        pv_rejects_sort(&rej);
        static const long lines[] = {5, 6, 7, 9};
        static const int cols[] = {2, 4, 3, 1};
        static const char *const values[] = {"zz", "", "2024-13-01", "k1"};
        for (size_t i = 0; i < 4; i++) {
            assert_int_equal(rej.v[i].line, lines[i]);
            assert_int_equal(rej.v[i].column, cols[i]);
            if (i != 1) /* the structural reject's value is the line */
                assert_string_equal(rej.v[i].value, values[i]);
        }
        assert_non_null(k.derived);
        static const char *const kids_[] = {"k1", "k2", "k3", "k7"};
        static const char *const par[] = {"a", "a", "c", "b"};
        static const int64_t days[] = {19724, 19724, 19727, 19727};
        static const char *const notes[] = {"x", "", "yy", "v"};
        for (size_t r = 0; r < 4; r++) {
            assert_string_equal(pv_vtable_str(&k, r, D_ID), kids_[r]);
            assert_string_equal(pv_vtable_str(&k, r, D_PARENT), par[r]);
            assert_string_equal(pv_table_get(&k.raw, k.src[r], (size_t)k.map[D_PARENT]), "");
            assert_true(pv_vtable_val(&k, r, D_DAY).i == days[r]);
            assert_string_equal(pv_vtable_str(&k, r, D_NOTE), notes[r]);
            assert_int_equal(pv_vtable_find(&k, kids_[r]), (long)r);
        }
        snprintf(out, sizeof out, "%s/clean.csv", tmpdir);
        assert_int_equal(pv_vtable_write(&k, out, &err), 0);
        char *got = slurp(out);
        unlink(out);
        assert_string_equal(got, want_clean);
        free(got);
        pv_vtable_free(&k);
        pv_vtable_free(&p);
        pv_rejects_free(&rej);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_of_every_width),
        cmocka_unit_test(test_references_and_dropped_rows),
        cmocka_unit_test(test_derived_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
