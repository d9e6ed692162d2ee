/* test_mt.c — unit tests of pipeline/mt.c: the inline MT19937 is GSL's
 * gsl_rng_mt19937, word for word, and its hypergeometric draws are
 * gsl_ran_hypergeometric's, draw for draw.  GSL is the independent
 * reference here: both streams are compared from the same seeds, across
 * many blocks of 624 words, and after every draw the next word of both
 * streams is compared too, so a draw that used one word more or less than
 * GSL's fails at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "mt.h"

/* 0 is GSL's 4357; above 32 bits GSL keeps the low 32 (2^32: a zero word,
 * not 4357) */
static const unsigned long seeds[] = {0,          1,           4357,       20240101, 0xffffffffu,
                                      4294967296u, 4294967296u + 12345, 0x1234567887654321u};

/* Every word of 10 blocks and a half, from each seed. */
static void test_words(void **state)
{
    (void)state;
    for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
        gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(g, seeds[s]);
        pv_mt m;
        pv_mt_seed(&m, seeds[s]);
        for (size_t i = 0; i < 10 * PV_MT_N + 300; i++) {
            unsigned long want = gsl_rng_get(g);
            uint32_t got = pv_mt_get(&m);
            if (got != want)
                fail_msg("seed %lu word %zu: %u, GSL %lu", seeds[s], i, got, want);
        }
        /* the uniform is GSL's bit for bit */
        for (size_t i = 0; i < 2000; i++) {
            double want = gsl_rng_uniform(g), got = pv_mt_uniform(&m);
            if (got != want)
                fail_msg("seed %lu uniform %zu: %.17g, GSL %.17g", seeds[s], i, got, want);
        }
        gsl_rng_free(g);
    }
}

/* 200 000 draws with random parameters (small and large populations, t
 * from 0 to past n, n1 or n2 zero), the same as GSL's with the stream in
 * step after each. */
static void test_hypergeometric(void **state)
{
    (void)state;
    gsl_rng *par = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(par, 99);
    for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
        gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(g, seeds[s]);
        pv_mt m;
        pv_mt_seed(&m, seeds[s]);
        for (size_t i = 0; i < 200000 / 6; i++) {
            unsigned scale = i % 3 == 0 ? 10 : i % 3 == 1 ? 300 : 5000;
            unsigned n1 = (unsigned)gsl_rng_uniform_int(par, scale + 1);
            unsigned n2 = (unsigned)gsl_rng_uniform_int(par, scale + 1);
            unsigned t = (unsigned)gsl_rng_uniform_int(par, n1 + n2 + 3);
            unsigned want = gsl_ran_hypergeometric(g, n1, n2, t);
            unsigned got = pv_mt_hypergeometric(&m, n1, n2, t);
            if (got != want)
                fail_msg("seed %lu draw %zu (%u, %u, %u): %u, GSL %u", seeds[s], i, n1, n2, t, got,
                         want);
            if (pv_mt_get(&m) != gsl_rng_get(g))
                fail_msg("seed %lu draw %zu (%u, %u, %u): the streams part", seeds[s], i, n1, n2,
                         t);
        }
        gsl_rng_free(g);
    }
    gsl_rng_free(par);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_hypergeometric),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
