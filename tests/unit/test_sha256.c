/* test_sha256.c — pv_sha256_file (pipeline/manifest.c, OpenSSL's EVP
 * SHA-256) on the FIPS 180-2 test vectors and on a file of many of its
 * 64 KiB reads (test_manifest.c checks the walk and the manifest on small
 * files).
 *
 * Expected digests from FIPS 180-2, appendix B, and from coreutils:
 *   printf 'abc' | sha256sum
 *   printf 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq' | sha256sum
 *   head -c 1000000 /dev/zero | tr '\0' 'a' | sha256sum
 *   python3 -c "import sys; sys.stdout.buffer.write(bytes(i % 251 for i in
 *       range(3145735)))" | sha256sum          (3 MiB + 7 bytes: 49 reads)
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

#include "manifest.h"
#include "stage.h"

static char tmpdir[] = "/tmp/pv_test_sha256.XXXXXX";
static char path[sizeof tmpdir + 16];

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(path, sizeof path, "%s/f", tmpdir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return rmdir(tmpdir);
}

/* Write n bytes of data to the file, hash it, compare with want. */
static void check_file(const unsigned char *data, size_t n, const char *want)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    char hex[65];
    long long bytes = -1;
    pv_err err = {0};
    assert_int_equal(pv_sha256_file(path, hex, &bytes, &err), 0);
    assert_string_equal(hex, want);
    assert_int_equal(bytes, (long long)n);
}

static void test_fips_vectors(void **state)
{
    (void)state;
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check_file((const unsigned char *)"abc", 3,
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_file((const unsigned char *)two, strlen(two),
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    check_file((const unsigned char *)"", 0,
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    unsigned char *a = malloc(1000000);
    assert_non_null(a);
    memset(a, 'a', 1000000);
    check_file(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* Many reads of the buffer, the last one short. */
static void test_larger_than_the_buffer(void **state)
{
    (void)state;
    size_t n = 3145735;
    unsigned char *b = malloc(n);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(i % 251);
    check_file(b, n, "f578a61853ca2f4272dba551bd868420e22302fbb6d6dfc0cc80da1d2c7b779f");
    free(b);
}

/* A missing file and a folder: PV_EXIT_IO with the path in the message. */
static void test_errors(void **state)
{
    (void)state;
    char hex[65], missing[sizeof path + 8];
    long long bytes;
    pv_err err = {0};
    snprintf(missing, sizeof missing, "%s/none", tmpdir);
    assert_int_equal(pv_sha256_file(missing, hex, &bytes, &err), PV_EXIT_IO);
    assert_non_null(strstr(err.msg, missing));
    pv_err err2 = {0};
    assert_int_equal(pv_sha256_file(tmpdir, hex, &bytes, &err2), PV_EXIT_IO);
    assert_non_null(strstr(err2.msg, "not a regular file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_vectors),
        cmocka_unit_test(test_larger_than_the_buffer),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
