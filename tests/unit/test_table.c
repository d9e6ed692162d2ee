/* test_table.c — unit tests of pipeline/table.c (pv_table_read).
 *
 * Each test writes a small input to a temporary folder (mkdtemp under /tmp,
 * created by the group setup and removed by the group teardown), reads it
 * back and checks the exact result: header, fields, the line where each
 * record starts, delimiter and encoding detection, and the rejects (line,
 * field number, reason) for structural errors.  Reasons and messages are
 * copied verbatim from pipeline/table.c; the expected fields and line
 * numbers are worked out by hand from the inputs written here.
 *
 * Every test also checks the bookkeeping invariant
 * n_read == n_rows + n_bad.
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

#include <csv.h>

#include "table.h"

static char tmpdir[] = "/tmp/pv_test_table.XXXXXX";
static char inpath[sizeof tmpdir + 16];

/* One read: the table, its rejects, the error and the returned status. */
typedef struct {
    pv_table t;
    pv_rejects rej;
    pv_err err;
    int st;
} rd;

/* Write len bytes to <tmpdir>/in.csv, read it as "in.csv", remove it. */
static void read_bytes(rd *r, const char *bytes, size_t len, int delim,
                       pv_encoding enc)
{
    pv_table_opts o = {delim, enc};
    FILE *f = fopen(inpath, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    memset(r, 0, sizeof *r);
    r->st = pv_table_read(&r->t, inpath, "in.csv", &o, &r->rej, &r->err);
    unlink(inpath);
}

/* A string literal, auto-detected delimiter and encoding. */
#define READ(r, lit) read_bytes((r), (lit), sizeof(lit) - 1, 0, PV_ENC_AUTO)

static void rd_free(rd *r)
{
    pv_table_free(&r->t);
    pv_rejects_free(&r->rej);
}

static void assert_counts(const rd *r)
{
    assert_int_equal(r->t.n_read, r->t.n_rows + r->t.n_bad);
}

static void assert_reject(const rd *r, size_t i, long line, int col,
                          const char *value, const char *reason)
{
    assert_true(i < r->rej.n);
    assert_string_equal(r->rej.v[i].file, "in.csv");
    assert_int_equal(r->rej.v[i].line, line);
    assert_int_equal(r->rej.v[i].column, col);
    assert_string_equal(r->rej.v[i].value, value);
    assert_string_equal(r->rej.v[i].reason, reason);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(inpath, sizeof inpath, "%s/in.csv", tmpdir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(inpath); /* left behind only if a test failed mid-way */
    return rmdir(tmpdir);
}

/* A file of n records "k,vk" (k from 1) after header "id,v", then tail. */
static char *big_file(size_t n, const char *tail, size_t *len)
{
    size_t cap = n * 32 + strlen(tail) + 16, o = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    o += (size_t)snprintf(b, cap, "id,v\n");
    for (size_t k = 1; k <= n; k++)
        o += (size_t)snprintf(b + o, cap - o, "%zu,v%zu\n", k, k);
    o += (size_t)snprintf(b + o, cap - o, "%s", tail);
    *len = o;
    return b;
}

/* Files past the 4 MB steps in which the reader gives back the pages of a
 * mapped file it has parsed: the fields, the messages and the counts of the
 * lines read again from the file are still the file's. */
static void test_large_file(void **state)
{
    (void)state;
    rd r;
    size_t len, n = 700000; /* about 11 MB */
    char *b = big_file(n, "bad\n700001,\"open\n", &len);
    read_bytes(&r, b, len, 0, PV_ENC_AUTO);
    /* the quote at the end swallows the file: refused, every record counted */
    assert_int_equal(r.st, PV_EXIT_DATA);
    assert_int_equal(r.t.truncated, 1);
    assert_int_equal(r.t.n_read, n + 2);
    assert_int_equal(r.t.bytes, len);
    rd_free(&r);
    free(b);

    b = big_file(n, "bad\n700001,last\n", &len);
    read_bytes(&r, b, len, 0, PV_ENC_AUTO);
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_rows, n + 1);
    assert_counts(&r);
    assert_string_equal(pv_table_get(&r.t, 0, 1), "v1");
    assert_string_equal(pv_table_get(&r.t, 123456, 0), "123457");
    assert_string_equal(pv_table_get(&r.t, n - 1, 1), "v700000");
    assert_string_equal(pv_table_get(&r.t, n, 1), "last");
    assert_int_equal(r.t.line[n], (long)n + 3);
    assert_int_equal(r.rej.n, 1);
    assert_reject(&r, 0, (long)n + 2, 2, "bad", "expected 2 fields, found 1");
    rd_free(&r);
    free(b);
}

/* ---- well-formed input ------------------------------------------------- */

static void test_header_and_rows(void **state)
{
    (void)state;
    rd r;
    READ(&r, "id,name,n\n1,alice,3\n2,bob,4\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.err.status, 0);
    assert_int_equal(r.t.delim, ',');
    assert_string_equal(r.t.encoding, "utf-8");
    assert_string_equal(r.t.name, "in.csv");
    assert_int_equal(r.t.bytes, 28);
    assert_int_equal(r.t.n_cols, 3);
    assert_string_equal(r.t.cols[0], "id");
    assert_string_equal(r.t.cols[1], "name");
    assert_string_equal(r.t.cols[2], "n");
    assert_int_equal(pv_table_col(&r.t, "name"), 1);
    assert_int_equal(pv_table_col(&r.t, "missing"), -1);
    assert_int_equal(r.t.n_rows, 2);
    assert_string_equal(pv_table_get(&r.t, 0, 0), "1");
    assert_string_equal(pv_table_get(&r.t, 0, 1), "alice");
    assert_string_equal(pv_table_get(&r.t, 0, 2), "3");
    assert_string_equal(pv_table_get(&r.t, 1, 1), "bob");
    assert_string_equal(pv_table_get(&r.t, 1, 2), "4");
    assert_int_equal(r.t.line[0], 2);
    assert_int_equal(r.t.line[1], 3);
    assert_int_equal(r.t.n_read, 2);
    assert_int_equal(r.t.n_bad, 0);
    assert_int_equal(r.rej.n, 0);
    assert_counts(&r);
    rd_free(&r);
}

/* Files of at most PV_ROW_OFF_COLS columns keep one offset per record and
 * find a field past the ones before it; wider files keep one per field.
 * Either way every field reads back, empty ones and those after a rejected
 * record (whose fields the arena drops) included; `plain` says whether no
 * field can need quotes. */
static void test_record_layouts(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b,c,d,e,f,g,h\n1,,3,4,5,6,7,8\nbad,row\n,b2,,d2,e2,,g2,h2\n");
    assert_int_equal(r.t.n_cols, 8);
    assert_non_null(r.t.row_off);
    assert_null(r.t.off);
    assert_int_equal(r.t.n_rows, 2);
    assert_int_equal(r.t.plain, 1);
    static const char *const want8[2][8] = {{"1", "", "3", "4", "5", "6", "7", "8"},
                                            {"", "b2", "", "d2", "e2", "", "g2", "h2"}};
    for (size_t i = 0; i < 2; i++)
        for (size_t c = 0; c < 8; c++)
            assert_string_equal(pv_table_get(&r.t, i, c), want8[i][c]);
    assert_int_equal(r.t.line[1], 4);
    assert_counts(&r);
    rd_free(&r);

    READ(&r, "a,b,c,d,e,f,g,h,i\n1,2,3,4,5,6,7,8,9\nbad\n,\"x,y\",,,,,,,z\n");
    assert_int_equal(r.t.n_cols, 9);
    assert_non_null(r.t.off);
    assert_null(r.t.row_off);
    assert_int_equal(r.t.n_rows, 2);
    assert_int_equal(r.t.plain, 0); /* a quote */
    assert_string_equal(pv_table_get(&r.t, 0, 8), "9");
    assert_string_equal(pv_table_get(&r.t, 1, 0), "");
    assert_string_equal(pv_table_get(&r.t, 1, 1), "x,y");
    assert_string_equal(pv_table_get(&r.t, 1, 7), "");
    assert_string_equal(pv_table_get(&r.t, 1, 8), "z");
    assert_counts(&r);
    rd_free(&r);

    READ(&r, "a;b\n1;2\n");
    assert_int_equal(r.t.plain, 0); /* a comma could be in a field */
    rd_free(&r);
}

/* Line 1 header, 2-3 one record (quoted newline), 4-5 empty, 6 and 7 records. */
static void test_line_numbers(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b\n1,\"x\ny\"\n\n\n2,z\n3,w\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_rows, 3);
    assert_string_equal(pv_table_get(&r.t, 0, 1), "x\ny");
    assert_string_equal(pv_table_get(&r.t, 1, 0), "2");
    assert_string_equal(pv_table_get(&r.t, 2, 1), "w");
    assert_int_equal(r.t.line[0], 2);
    assert_int_equal(r.t.line[1], 6);
    assert_int_equal(r.t.line[2], 7);
    assert_int_equal(r.rej.n, 0);
    assert_counts(&r);
    rd_free(&r);
}

/* CRLF line ends: no '\r' left in the fields; a quoted CRLF is kept as is. */
static void test_crlf(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b\r\n1,2\r\n3,\"p\r\nq\"\r\n4,5\r\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_cols, 2);
    assert_string_equal(r.t.cols[1], "b");
    assert_int_equal(r.t.n_rows, 3);
    assert_string_equal(pv_table_get(&r.t, 0, 1), "2");
    assert_string_equal(pv_table_get(&r.t, 1, 1), "p\r\nq");
    assert_string_equal(pv_table_get(&r.t, 2, 1), "5");
    assert_int_equal(r.t.line[0], 2);
    assert_int_equal(r.t.line[1], 3);
    assert_int_equal(r.t.line[2], 5);
    assert_counts(&r);
    rd_free(&r);
}

static void test_utf8_bom(void **state)
{
    (void)state;
    rd r;
    READ(&r, "\xEF\xBB\xBFid,v\n1,\xC3\xA9\n");
    assert_int_equal(r.st, 0);
    assert_string_equal(r.t.encoding, "utf-8 (BOM)");
    assert_string_equal(r.t.cols[0], "id"); /* BOM not part of the name */
    assert_int_equal(pv_table_col(&r.t, "id"), 0);
    assert_string_equal(pv_table_get(&r.t, 0, 1), "\xC3\xA9");
    assert_int_equal(r.t.line[0], 2);
    assert_counts(&r);
    rd_free(&r);
}

static void test_delimiters(void **state)
{
    (void)state;
    rd r;

    /* ';' wins over the ',' inside a value of a later line. */
    READ(&r, "a;b;c\n1;2,5;3\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.delim, ';');
    assert_int_equal(r.t.n_cols, 3);
    assert_string_equal(pv_table_get(&r.t, 0, 1), "2,5");
    assert_counts(&r);
    rd_free(&r);

    /* Tab; spaces inside a tab-separated value are kept. */
    READ(&r, "a\tb\n1\tx y\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.delim, '\t');
    assert_int_equal(r.t.n_cols, 2);
    assert_string_equal(pv_table_get(&r.t, 0, 1), "x y");
    assert_counts(&r);
    rd_free(&r);

    /* ',' with a ';' inside a quoted header name (not counted). */
    READ(&r, "\"x;y;z\",b\n1,2\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.delim, ',');
    assert_string_equal(r.t.cols[0], "x;y;z");
    rd_free(&r);

    /* One column, no delimiter at all: ','. */
    READ(&r, "only\nv\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.delim, ',');
    assert_int_equal(r.t.n_cols, 1);
    assert_string_equal(pv_table_get(&r.t, 0, 0), "v");
    rd_free(&r);

    /* A delimiter given in the options is used as is. */
    read_bytes(&r, "a,b;c\n1,2;3\n", 12, ';', PV_ENC_AUTO);
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.delim, ';');
    assert_int_equal(r.t.n_cols, 2);
    assert_string_equal(r.t.cols[0], "a,b");
    assert_string_equal(pv_table_get(&r.t, 0, 1), "3");
    rd_free(&r);
}

static void test_quoted_fields(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b,c,d\n\"he said \"\"hi\"\"\",\"x,y\",\"\", 1 \n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_rows, 1);
    assert_string_equal(pv_table_get(&r.t, 0, 0), "he said \"hi\"");
    assert_string_equal(pv_table_get(&r.t, 0, 1), "x,y");
    assert_string_equal(pv_table_get(&r.t, 0, 2), "");
    assert_string_equal(pv_table_get(&r.t, 0, 3), "1"); /* spaces trimmed */
    assert_counts(&r);
    rd_free(&r);

    /* Spaces inside quotes are kept. */
    READ(&r, "a\n\" x \"\n");
    assert_string_equal(pv_table_get(&r.t, 0, 0), " x ");
    rd_free(&r);
}

static void test_header_only(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b,c\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_cols, 3);
    assert_int_equal(r.t.n_rows, 0);
    assert_int_equal(r.t.n_read, 0);
    assert_int_equal(r.rej.n, 0);
    assert_counts(&r);
    rd_free(&r);
}

static void test_no_final_newline(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b\n1,2\n3,4");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_rows, 2);
    assert_string_equal(pv_table_get(&r.t, 1, 0), "3");
    assert_string_equal(pv_table_get(&r.t, 1, 1), "4");
    assert_int_equal(r.t.line[1], 3);
    assert_counts(&r);
    rd_free(&r);
}

/* ---- structural errors: the record is rejected, the file is kept ------- */

static void test_quote_in_unquoted_field(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b,c\n1,2,3\n4,x\"y,6\n7,8,9\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_rows, 2);
    assert_int_equal(r.t.line[0], 2);
    assert_int_equal(r.t.line[1], 4); /* parsing resumes on the next line */
    assert_string_equal(pv_table_get(&r.t, 1, 0), "7");
    assert_int_equal(r.t.n_bad, 1);
    assert_int_equal(r.rej.n, 1);
    assert_reject(&r, 0, 3, 2, "4,x\"y,6", "quote inside an unquoted field");
    assert_counts(&r);
    rd_free(&r);
}

static void test_text_after_closing_quote(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b,c\n1,\"q\"z,3\n4,5,6\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_rows, 1);
    assert_int_equal(r.t.line[0], 3);
    assert_int_equal(r.t.n_bad, 1);
    assert_int_equal(r.rej.n, 1);
    assert_reject(&r, 0, 2, 2, "1,\"q\"z,3", "text after a closing quote");
    assert_counts(&r);
    rd_free(&r);

    /* Regression test, 2026-11-25: a second quoted part after the closing
     * quote was called "quote inside an unquoted field". */
    READ(&r, "a,b\n\"x\" \"y\",1\n");
    assert_int_equal(r.t.n_rows, 0);
    assert_int_equal(r.rej.n, 1);
    assert_reject(&r, 0, 2, 1, "\"x\" \"y\",1", "text after a closing quote");
    assert_counts(&r);
    rd_free(&r);
}

/* An unterminated quote swallows the rest of the file: the whole file is
 * refused and flagged (ingest then refuses the dataset), and the message
 * says where the quote opened and how much it swallowed. */
static void test_unterminated_quote(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b,c\n1,2,3\n4,\"open,6\n7,8,9\n");
    assert_int_equal(r.st, PV_EXIT_DATA);
    assert_int_equal(r.t.truncated, 1);
    assert_int_equal(r.t.n_rows, 0);
    assert_int_equal(r.t.n_read, 3);
    assert_int_equal(r.t.n_bad, 3);
    assert_int_equal(r.rej.n, 1);
    assert_reject(&r, 0, 3, 2, "",
                  "unterminated quoted field: the quote opened on line 3 is never closed and "
                  "swallows the rest of the file (2 lines, to line 4: 16 bytes); the file is "
                  "refused");
    assert_non_null(strstr(r.err.msg, "in.csv:3:2: unterminated quoted field"));
    rd_free(&r);

    /* Record starts on line 2; its second field is quoted across lines 2-3
     * and closes; the third field's quote opens on line 3 and never closes.
     * The line reported is where that quote opened (table.h). */
    READ(&r, "a,b,c\n1,\"x\ny\",\"z\nw\n");
    assert_int_equal(r.st, PV_EXIT_DATA);
    assert_int_equal(r.t.truncated, 1);
    assert_int_equal(r.t.n_rows, 0);
    assert_int_equal(r.rej.n, 1);
    assert_reject(&r, 0, 3, 3, "",
                  "unterminated quoted field: the quote opened on line 3 is never closed and "
                  "swallows the rest of the file (2 lines, to line 4: 8 bytes); the file is "
                  "refused");
    rd_free(&r);
}

/* Old-Mac line ends (bare CR): the same records, lines and fields as LF.
 * Regression test, issue 9: records were counted by LF only while libcsv
 * ends a record at CR too, and the record array overflowed. */
static void test_bare_cr(void **state)
{
    (void)state;
    rd r;
    READ(&r, "0\r0\n0\r0\r0\n0\n0"); /* the crashing input of the issue */
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_rows, 6);
    assert_int_equal(r.t.line[5], 7);
    assert_counts(&r);
    rd_free(&r);

    READ(&r, "id,name\r1,\"a\rb\"\r2,c\r\r3,d");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_cols, 2);
    assert_int_equal(r.t.n_rows, 3);
    assert_int_equal(r.t.line[0], 2);
    assert_int_equal(r.t.line[1], 4); /* the quoted CR is a line inside the field */
    assert_int_equal(r.t.line[2], 6); /* an empty line is skipped, still counted */
    assert_string_equal(pv_table_get(&r.t, 0, 1), "a\rb");
    assert_string_equal(pv_table_get(&r.t, 2, 1), "d");
    assert_counts(&r);
    rd_free(&r);

    /* an error is reported on the right line */
    READ(&r, "a,b\r1,2\r3\r");
    assert_int_equal(r.t.n_rows, 1);
    assert_reject(&r, 0, 3, 2, "3", "expected 2 fields, found 1");
    rd_free(&r);
}

/* A NUL byte would cut the field where C strings end: the row is
 * rejected, naming the field; a NUL in the header refuses the file. */
static void test_nul_byte(void **state)
{
    (void)state;
    rd r;
    READ(&r, "id,n\na\0b,1\nc,2\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_rows, 1);
    assert_string_equal(pv_table_get(&r.t, 0, 0), "c");
    assert_int_equal(r.t.n_bad, 1);
    assert_reject(&r, 0, 2, 1, "a\\x00b,1", "NUL byte (\\x00) in the field: not text");
    assert_counts(&r);
    rd_free(&r);

    READ(&r, "i\0d,n\na,1\n");
    assert_int_equal(r.st, PV_EXIT_DATA);
    assert_int_equal(r.t.n_rows, 0);
    rd_free(&r);
}

/* One Windows-1252 byte in a file that is UTF-8 elsewhere is an error at
 * that byte (converting the whole file would garble the UTF-8 accents);
 * declared windows-1252, the file is converted as a whole. */
static void test_mixed_encoding(void **state)
{
    (void)state;
    rd r;
    static const char mixed[] = "id,name\n1,Montr\xc3\xa9" "al\n2,Qu\xe9" "bec\n";
    read_bytes(&r, mixed, sizeof mixed - 1, 0, PV_ENC_AUTO);
    assert_int_equal(r.st, PV_EXIT_DATA);
    assert_int_equal(r.t.n_rows, 0);
    assert_int_equal(r.t.n_read, 2);
    assert_int_equal(r.rej.n, 1);
    assert_reject(&r, 0, 3, 2, "\\xE9",
                  "invalid UTF-8 byte in a file that is UTF-8 elsewhere (line 2, column 2): "
                  "mixed encodings; save the file as CSV UTF-8, or declare encoding "
                  "windows-1252 in config.csv");
    rd_free(&r);

    read_bytes(&r, mixed, sizeof mixed - 1, 0, PV_ENC_CP1252);
    assert_int_equal(r.st, 0);
    assert_string_equal(r.t.encoding, "windows-1252");
    assert_string_equal(pv_table_get(&r.t, 1, 1), "Qu\xc3\xa9" "bec");
    rd_free(&r);
}

static void test_wrong_field_count(void **state)
{
    (void)state;
    rd r;
    READ(&r, "a,b,c\n1,2\n1,2,3,4\n5,6,7\n");
    assert_int_equal(r.st, 0);
    assert_int_equal(r.t.n_rows, 1);
    assert_int_equal(r.t.line[0], 4);
    assert_string_equal(pv_table_get(&r.t, 0, 2), "7");
    assert_int_equal(r.t.n_bad, 2);
    assert_int_equal(r.rej.n, 2);
    /* Field number: the first missing one, or the first extra one. */
    assert_reject(&r, 0, 2, 3, "1,2", "expected 3 fields, found 2");
    assert_reject(&r, 1, 3, 4, "1,2,3,4", "expected 3 fields, found 4");
    assert_counts(&r);
    rd_free(&r);
}

/* ---- encodings ---------------------------------------------------------- */

/* "\xe9t\xe9" is "été" in Windows-1252; 0x80 is the euro sign U+20AC. */
static void test_cp1252_auto(void **state)
{
    (void)state;
    rd r;
    READ(&r, "nom,prix\n\xe9t\xe9,\x80" "5\n");
    assert_int_equal(r.st, 0);
    assert_string_equal(r.t.encoding, "windows-1252");
    assert_int_equal(r.t.n_rows, 1);
    assert_string_equal(pv_table_get(&r.t, 0, 0), "\xC3\xA9t\xC3\xA9");
    assert_string_equal(pv_table_get(&r.t, 0, 1), "\xE2\x82\xAC" "5");
    assert_counts(&r);
    rd_free(&r);
}

static void test_cp1252_refused_when_utf8(void **state)
{
    (void)state;
    rd r;
    read_bytes(&r, "a,b\n1,\xe9t\xe9\n", 10, 0, PV_ENC_UTF8);
    assert_int_equal(r.st, PV_EXIT_DATA);
    assert_int_equal(r.err.status, PV_EXIT_DATA);
    assert_string_equal(r.err.msg, "in.csv:2:2: invalid UTF-8 byte "
                                   "(encoding is declared utf-8 in config.csv)");
    assert_int_equal(r.t.n_rows, 0);
    assert_int_equal(r.t.n_read, 1); /* the lost record is counted */
    assert_int_equal(r.t.n_bad, 1);
    assert_int_equal(r.rej.n, 1);
    assert_reject(&r, 0, 2, 2, "\\xE9",
                  "invalid UTF-8 byte (encoding is declared utf-8 in config.csv)");
    assert_counts(&r);
    rd_free(&r);
}

static void test_utf16_refused(void **state)
{
    (void)state;
    rd r;
    static const char le[] = "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0";
    read_bytes(&r, le, sizeof le - 1, 0, PV_ENC_AUTO);
    assert_int_equal(r.st, PV_EXIT_DATA);
    assert_string_equal(r.err.msg, "in.csv:1:1: UTF-16 is not supported: "
                                   "save the file as CSV UTF-8");
    assert_int_equal(r.rej.n, 1);
    assert_int_equal(r.t.n_rows, 0);
    assert_counts(&r);
    rd_free(&r);

    static const char be[] = "\xFE\xFF" "\0a\0\n";
    read_bytes(&r, be, sizeof be - 1, 0, PV_ENC_AUTO);
    assert_int_equal(r.st, PV_EXIT_DATA);
    assert_string_equal(r.err.msg, "in.csv:1:1: UTF-16 is not supported: "
                                   "save the file as CSV UTF-8");
    rd_free(&r);
}

/* ---- files refused as a whole ------------------------------------------ */

static void test_empty_file(void **state)
{
    (void)state;
    rd r;
    read_bytes(&r, "", 0, 0, PV_ENC_AUTO);
    assert_int_equal(r.st, PV_EXIT_DATA);
    assert_int_equal(r.err.status, PV_EXIT_DATA);
    assert_string_equal(r.err.msg,
                        "in.csv:1:1: empty file: a header line is expected");
    assert_int_equal(r.t.n_read, 0);
    assert_int_equal(r.rej.n, 1);
    assert_reject(&r, 0, 1, 1, "", "empty file: a header line is expected");
    assert_counts(&r);
    rd_free(&r);
}

/* The reader splits the lines of a file without quotes itself (libcsv is
 * left for files that have one): what it keeps must be what libcsv makes
 * of the same bytes.  Random files of fields with spaces at either end,
 * empty fields, lines of spaces, empty lines, NUL bytes, LF, CRLF and bare
 * CR line ends and a last line with or without one are parsed by libcsv
 * here, byte by byte (strict mode, ' ' as the only space, as table.c sets
 * it up), and every record of three fields without a NUL must be kept,
 * with its fields and its line; every other record rejected. */
typedef struct {
    char f[16][64];
    size_t flen[16];
    size_t nf;
    size_t nrec;          /* records after the header */
    char (*rows)[3][64];  /* kept records' fields */
    long *lines;          /* kept records' lines */
    size_t nkept, nbad;
    const char *buf;
    size_t pos;           /* byte being fed */
} lcsv;

static void lc_field(void *s, size_t len, void *data)
{
    lcsv *l = data;
    if (l->nf < 16 && len < 64) {
        memcpy(l->f[l->nf], s, len);
        l->f[l->nf][len] = '\0';
    }
    l->flen[l->nf < 16 ? l->nf : 15] = len;
    l->nf++;
}

static void lc_row(int c, void *data)
{
    lcsv *l = data;
    (void)c;
    if (l->nrec++ == 0) { /* the header */
        l->nf = 0;
        return;
    }
    int nul = 0;
    for (size_t k = 0; k < l->nf && k < 16; k++)
        nul |= strlen(l->f[k]) != l->flen[k];
    if (l->nf == 3 && !nul) {
        long line = 1; /* line ends before the byte that ends the record */
        for (size_t i = 0; i < l->pos; i++)
            line += l->buf[i] == '\n' || (l->buf[i] == '\r' && l->buf[i + 1] != '\n');
        for (int k = 0; k < 3; k++)
            strcpy(l->rows[l->nkept][k], l->f[k]);
        l->lines[l->nkept++] = line;
    } else {
        l->nbad++;
    }
    l->nf = 0;
}

static int lc_space(unsigned char c)
{
    return c == ' ';
}

static void test_plain_as_libcsv(void **state)
{
    (void)state;
    static const char alpha[] = "xyz  ,,";
    static const char *const ends[] = {"\n", "\r\n", "\r", "\n\n", "\n   \n"};
    unsigned seed = 12345;
    for (int round = 0; round < 200; round++) {
        char buf[8192];
        size_t o = 0;
        o += (size_t)snprintf(buf, sizeof buf, "a,b,c\n");
        int nlines = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
        for (int ln = 0; ln < nlines; ln++) {
            int len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 14;
            for (int k = 0; k < len; k++) {
                unsigned x = (seed = seed * 1103515245u + 12345u) >> 16;
                buf[o++] = x % 97 == 0 ? '\0' : alpha[x % (sizeof alpha - 1)];
            }
            unsigned x = (seed = seed * 1103515245u + 12345u) >> 16;
            if (ln < nlines - 1 || x % 2) {
                const char *e = ends[x % 5];
                memcpy(buf + o, e, strlen(e));
                o += strlen(e);
            }
        }
        buf[o] = '\0';
        assert_null(memchr(buf, '"', o));

        lcsv l;
        memset(&l, 0, sizeof l);
        l.rows = calloc(64, sizeof *l.rows);
        l.lines = calloc(64, sizeof *l.lines);
        l.buf = buf;
        struct csv_parser p;
        assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
        csv_set_space_func(&p, lc_space);
        for (l.pos = 0; l.pos < o; l.pos++)
            assert_int_equal(csv_parse(&p, buf + l.pos, 1, lc_field, lc_row, &l), 1);
        assert_int_equal(csv_fini(&p, lc_field, lc_row, &l), 0);
        csv_free(&p);

        rd r;
        read_bytes(&r, buf, o, 0, PV_ENC_AUTO);
        assert_int_equal(r.st, 0);
        assert_true(r.t.plain);
        assert_int_equal(r.t.n_cols, 3);
        assert_int_equal(r.t.n_rows, l.nkept);
        assert_int_equal(r.t.n_bad, l.nbad);
        assert_counts(&r);
        for (size_t i = 0; i < l.nkept; i++) {
            for (int k = 0; k < 3; k++)
                assert_string_equal(pv_table_get(&r.t, i, (size_t)k), l.rows[i][k]);
            assert_int_equal(r.t.line[i], l.lines[i]);
        }
        rd_free(&r);
        free(l.rows);
        free(l.lines);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    pv_table t;
    pv_rejects rej = {0};
    pv_err err = {0};
    char path[sizeof tmpdir + 32], want[sizeof path + 64];
    snprintf(path, sizeof path, "%s/no-such-file.csv", tmpdir);
    snprintf(want, sizeof want, "%s: No such file or directory", path);
    assert_int_equal(pv_table_read(&t, path, "x.csv", NULL, &rej, &err),
                     PV_EXIT_IO);
    assert_int_equal(err.status, PV_EXIT_IO);
    assert_string_equal(err.msg, want);
    assert_int_equal(t.n_rows, 0);
    assert_int_equal(rej.n, 0);
    pv_table_free(&t);
    pv_rejects_free(&rej);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_and_rows),
        cmocka_unit_test(test_line_numbers),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_record_layouts),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_quote_in_unquoted_field),
        cmocka_unit_test(test_text_after_closing_quote),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_bare_cr),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_mixed_encoding),
        cmocka_unit_test(test_wrong_field_count),
        cmocka_unit_test(test_cp1252_auto),
        cmocka_unit_test(test_cp1252_refused_when_utf8),
        cmocka_unit_test(test_utf16_refused),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_large_file),
        cmocka_unit_test(test_plain_as_libcsv),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
