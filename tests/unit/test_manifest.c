/* test_manifest.c — unit tests of pipeline/manifest.c (the reproduction
 * manifest).
 *
 * The group setup makes a temporary folder (mkdtemp under /tmp, removed by
 * the group teardown) holding
 *
 *   in/a.csv              "id,x\n1,2\n"
 *   in/empty              (0 bytes)
 *   in/sub file.txt       "s"              (' ' sorts before '/')
 *   in/sub/b.txt          "hello\n"
 *   out/Z.txt             "z"              ('Z' sorts before 'b')
 *   out/big.bin           200000 x 'a'     (more than one 64 KiB chunk)
 *   out/with space, comma.csv  "x\n"
 *   out/skip.tmp          skipped: *.tmp
 *   out/manifest.csv      skipped: the manifest itself
 *   out/link              skipped: symbolic link to ../in/a.csv
 *   out/dirlink           skipped: symbolic link to ../in (not followed)
 *
 * Expected digests come from coreutils, not from this code:
 *   printf 'id,x\n1,2\n' | sha256sum
 *   printf '' | sha256sum
 *   printf 's' | sha256sum
 *   printf 'hello\n' | sha256sum
 *   printf 'z' | sha256sum
 *   head -c 200000 /dev/zero | tr '\0' 'a' | sha256sum
 *   printf 'x\n' | sha256sum
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest.h"
#include "stage.h"

#define SHA_A     "bd478b7a29bb9458e5409ec846358dee6e300a0ec98509dafc6e3b1f06555963"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_S     "043a718774c572bd8a25adbeb1bfcd5c0256ae11cecf9f9c3f925d0e52beaf89"
#define SHA_HELLO "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
#define SHA_Z     "594e519ae499312b29433b7dd8a97ff068defcba9755b6d5d00e84c524d67b06"
#define SHA_BIG   "2287d207f24a941ff3b56c04c8a25ad56b63e3023207b3bb5b4ac0c9869d74be"
#define SHA_X     "73cb3858a687a8494ca3323053016282f3dad39d42cf62ca4e79dda2aac7d9ac"
#define BIG_BYTES 200000

static char tmpdir[] = "/tmp/pv_test_manifest.XXXXXX";
/* tmpdir/in, tmpdir/out, tmpdir/out/manifest.csv: set by setup */
static char d_in[512], d_out[512], f_manifest[512];

/* The rows expected from in (input) and out (output), in order. */
static const struct {
    const char *rel;   /* path below tmpdir */
    pv_mf_role role;
    long long bytes;
    const char *sha;
} want[] = {
    {"in/a.csv", PV_MF_INPUT, 9, SHA_A},
    {"in/empty", PV_MF_INPUT, 0, SHA_EMPTY},
    {"in/sub file.txt", PV_MF_INPUT, 1, SHA_S},
    {"in/sub/b.txt", PV_MF_INPUT, 6, SHA_HELLO},
    {"out/Z.txt", PV_MF_OUTPUT, 1, SHA_Z},
    {"out/big.bin", PV_MF_OUTPUT, BIG_BYTES, SHA_BIG},
    {"out/with space, comma.csv", PV_MF_OUTPUT, 2, SHA_X},
};
#define NWANT (sizeof want / sizeof want[0])

/* Files and folders made by setup, removed by teardown in reverse order. */
static const char *const made[] = {
    "in", "in/sub", "out", "in/a.csv", "in/empty", "in/sub file.txt",
    "in/sub/b.txt", "out/Z.txt", "out/big.bin", "out/with space, comma.csv",
    "out/skip.tmp", "out/manifest.csv", "out/link", "out/dirlink", "VERSION",
};

static char *p(const char *rel) /* tmpdir/rel, in one of 4 rotating buffers */
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, rel);
    return buf[k];
}

static int put(const char *rel, const char *data, size_t n)
{
    FILE *f = fopen(p(rel), "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, n, f);
    return (fclose(f) == 0 && w == n) ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    static char big[BIG_BYTES];
    memset(big, 'a', sizeof big);
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(d_in, sizeof d_in, "%s/in", tmpdir);
    snprintf(d_out, sizeof d_out, "%s/out", tmpdir);
    snprintf(f_manifest, sizeof f_manifest, "%s/out/manifest.csv", tmpdir);
    if (mkdir(p("in"), 0777) || mkdir(p("in/sub"), 0777) || mkdir(p("out"), 0777))
        return -1;
    if (put("in/a.csv", "id,x\n1,2\n", 9) || put("in/empty", "", 0) ||
        put("in/sub file.txt", "s", 1) || put("in/sub/b.txt", "hello\n", 6) ||
        put("out/Z.txt", "z", 1) || put("out/big.bin", big, sizeof big) ||
        put("out/with space, comma.csv", "x\n", 2) || put("out/skip.tmp", "junk", 4) ||
        put("out/manifest.csv", "old\n", 4))
        return -1;
    if (symlink("../in/a.csv", p("out/link")) || symlink("../in", p("out/dirlink")))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = sizeof made / sizeof made[0]; i-- > 0;)
        remove(p(made[i]));
    return rmdir(tmpdir);
}

static void assert_rows(const pv_manifest *m)
{
    assert_int_equal(m->n, NWANT);
    for (size_t i = 0; i < NWANT; i++) {
        assert_string_equal(m->e[i].path, p(want[i].rel));
        assert_int_equal(m->e[i].role, want[i].role);
        assert_int_equal(m->e[i].bytes, want[i].bytes);
        assert_string_equal(m->e[i].sha256, want[i].sha);
    }
}

/* Rows, byte order of paths, sizes, digests; .tmp, links and the manifest
 * left out. */
static void test_build(void **state)
{
    (void)state;
    pv_manifest m = {0};
    pv_err err = {0};
    const pv_mf_dir dirs[] = {{d_out, PV_MF_OUTPUT}, {d_in, PV_MF_INPUT}};
    assert_int_equal(pv_manifest_build(&m, dirs, 2, f_manifest, &err), 0);
    assert_int_equal(err.status, 0);
    assert_rows(&m);
    pv_manifest_free(&m);
    pv_manifest_free(&m); /* zeroed: no-op */
    pv_manifest_free(NULL);
}

/* Without skip the old manifest is an ordinary output file. */
static void test_build_no_skip(void **state)
{
    (void)state;
    pv_manifest m = {0};
    pv_err err = {0};
    const pv_mf_dir dirs[] = {{d_out, PV_MF_OUTPUT}};
    assert_int_equal(pv_manifest_build(&m, dirs, 1, NULL, &err), 0);
    assert_int_equal(m.n, 4);
    assert_string_equal(m.e[2].path, f_manifest);
    pv_manifest_free(&m);
}

/* "in/" gives "in/a.csv", not "in//a.csv"; a folder given twice, or as
 * input and output, lists each file once, as input. */
static void test_trailing_slash_and_overlap(void **state)
{
    (void)state;
    pv_manifest m = {0};
    pv_err err = {0};
    char in_slash[sizeof d_in + 2];
    snprintf(in_slash, sizeof in_slash, "%s//", d_in);
    const pv_mf_dir dirs[] = {{d_out, PV_MF_OUTPUT}, {d_in, PV_MF_OUTPUT},
                              {in_slash, PV_MF_INPUT}, {d_out, PV_MF_OUTPUT}};
    assert_int_equal(pv_manifest_build(&m, dirs, 4, f_manifest, &err), 0);
    assert_rows(&m);
    pv_manifest_free(&m);
}

/* The whole file: header, version row, the rows quoted where needed; no
 * .tmp left; a second run skips the manifest it wrote. */
static void test_write(void **state)
{
    (void)state;
    pv_manifest m = {0};
    pv_err err = {0};
    const pv_mf_dir dirs[] = {{d_in, PV_MF_INPUT}, {d_out, PV_MF_OUTPUT}};
    char expect[4096], got[4096];
    int off = snprintf(expect, sizeof expect,
                       "path,role,bytes,sha256\nproxeval-version,,,0.1.0\n");
    for (size_t i = 0; i < NWANT; i++) {
        const char *q = strchr(want[i].rel, ',') ? "\"" : "";
        off += snprintf(expect + off, sizeof expect - off, "%s%s%s,%s,%lld,%s\n",
                        q, p(want[i].rel), q, want[i].role == PV_MF_INPUT ? "input" : "output",
                        want[i].bytes, want[i].sha);
    }
    assert_true(put("VERSION", " 0.1.0 \n\n", 9) == 0);
    assert_int_equal(pv_manifest_run(f_manifest, p("VERSION"), dirs, 2, &err), 0);
    assert_int_equal(err.status, 0);
    char *tmp = pv_tmp_name(p("out/manifest.csv"));
    assert_non_null(tmp);
    assert_int_equal(access(tmp, F_OK), -1);
    free(tmp);
    FILE *f = fopen(f_manifest, "rb");
    assert_non_null(f);
    size_t n = fread(got, 1, sizeof got - 1, f);
    fclose(f);
    got[n] = '\0';
    assert_string_equal(got, expect);

    assert_int_equal(pv_manifest_build(&m, dirs, 2, f_manifest, &err), 0);
    assert_rows(&m);
    pv_manifest_free(&m);
}

static void test_version(void **state)
{
    (void)state;
    char v[16], want_msg[600];
    pv_err err = {0};
    assert_true(put("VERSION", "\t0.1.0\r\n", 8) == 0);
    assert_int_equal(pv_manifest_version(p("VERSION"), v, sizeof v, &err), 0);
    assert_string_equal(v, "0.1.0");

    assert_true(put("VERSION", " \n", 2) == 0);
    assert_int_equal(pv_manifest_version(p("VERSION"), v, sizeof v, &err), PV_EXIT_IO);
    snprintf(want_msg, sizeof want_msg, "%s: empty version", p("VERSION"));
    assert_string_equal(err.msg, want_msg);

    pv_err err2 = {0};
    assert_int_equal(pv_manifest_version(p("no-VERSION"), v, sizeof v, &err2), PV_EXIT_IO);
    snprintf(want_msg, sizeof want_msg, "%s: No such file or directory", p("no-VERSION"));
    assert_string_equal(err2.msg, want_msg);
}

/* A folder that does not exist: exit status 3, "path: strerror". */
static void test_missing_folder(void **state)
{
    (void)state;
    pv_manifest m = {0};
    pv_err err = {0};
    char want_msg[600];
    const pv_mf_dir dirs[] = {{d_in, PV_MF_INPUT}, {p("nope"), PV_MF_OUTPUT}};
    assert_int_equal(pv_manifest_build(&m, dirs, 2, NULL, &err), PV_EXIT_IO);
    snprintf(want_msg, sizeof want_msg, "%s: No such file or directory", p("nope"));
    assert_string_equal(err.msg, want_msg);
    pv_manifest_free(&m);
}

/* Hashing one file; a symbolic link is refused, not followed. */
static void test_sha256_file(void **state)
{
    (void)state;
    char hex[65];
    long long bytes = -1;
    pv_err err = {0};
    assert_int_equal(pv_sha256_file(p("out/big.bin"), hex, &bytes, &err), 0);
    assert_string_equal(hex, SHA_BIG);
    assert_int_equal(bytes, BIG_BYTES);
    assert_int_equal(pv_sha256_file(p("out/link"), hex, &bytes, &err), PV_EXIT_IO);
    assert_int_equal(err.status, PV_EXIT_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_build_no_skip),
        cmocka_unit_test(test_trailing_slash_and_overlap),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_sha256_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
