/* mt.c — GSL's MT19937 and its hypergeometric draws, inline (mt.h). */
#include "mt.h"

#include <limits.h>

#define MT_M 397

void pv_mt_seed(pv_mt *m, unsigned long seed)
{
    if (seed == 0)
        seed = 4357; /* GSL's default seed */
    m->mt[0] = (uint32_t)(seed & 0xffffffffu);
    for (size_t i = 1; i < PV_MT_N; i++)
        m->mt[i] = (uint32_t)(1812433253u * (m->mt[i - 1] ^ (m->mt[i - 1] >> 30)) + (uint32_t)i);
    m->i = PV_MT_N;
}

static inline uint32_t twist(uint32_t a, uint32_t b, uint32_t far)
{
    uint32_t y = (a & 0x80000000u) | (b & 0x7fffffffu);
    return far ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
}

void pv_mt_block(pv_mt *m)
{
    uint32_t *mt = m->mt;
    size_t k = 0;
    for (; k < PV_MT_N - MT_M; k++)
        mt[k] = twist(mt[k], mt[k + 1], mt[k + MT_M]);
    for (; k < PV_MT_N - 1; k++)
        mt[k] = twist(mt[k], mt[k + 1], mt[k + MT_M - PV_MT_N]);
    mt[PV_MT_N - 1] = twist(mt[PV_MT_N - 1], mt[0], mt[MT_M - 1]);
    for (k = 0; k < PV_MT_N; k++) {
        uint32_t y = mt[k];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        m->out[k] = y ^ (y >> 18);
    }
    m->i = 0;
}

unsigned pv_mt_hypergeometric(pv_mt *m, unsigned n1, unsigned n2, unsigned t)
{
    const unsigned n = n1 + n2;
    unsigned a = n1, b = n, k = 0;
    if (t > n)
        t = n;
    /* the drawn items one by one when they are fewer than half, else the
     * items left behind (then the marked drawn are those not left); the
     * double product b·u as GSL computes it, so that every comparison is
     * its comparison */
    unsigned steps = t < n / 2 ? t : n - t;
    /* GSL stops once every marked item is counted, which never happens
     * with none (then every step draws its uniform) */
    unsigned stop = n1 ? n1 : UINT_MAX;
    for (unsigned i = 0; i < steps; i++) {
        /* without a branch on the draw (half of them would be
         * mispredicted): a and b after the last marked item are unused */
        unsigned hit = b * pv_mt_uniform(m) < a;
        k += hit, a -= hit, b--;
        if (k == stop)
            break;
    }
    return t < n / 2 ? k : n1 - k;
}
