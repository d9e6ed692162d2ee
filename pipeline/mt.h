/* mt.h — GSL's MT19937 stream, drawn inline.
 *
 * The random numbers of a hot loop (the Monte Carlo p of Fisher's test
 * draws tens of millions) cost more through gsl_rng's function pointer
 * than they take to make.  pv_mt is the same generator as GSL's
 * gsl_rng_mt19937 (Matsumoto & Nishimura 1998, with GSL's seeding:
 * gsl_rng_set(g, seed), seed 0 read as 4357), its words made and
 * tempered 624 at a time, so that a program that used GSL's generator
 * keeps its stream word for word (tests/unit/test_mt.c compares both on
 * several seeds, across many blocks).
 *
 * GSL stays the reference and the generator of everything else; this is
 * its MT19937 only, where the calls are the cost. */
#ifndef PV_MT_H
#define PV_MT_H

#include <stddef.h>
#include <stdint.h>

#define PV_MT_N 624

/* mt: the state; out: the block of words being read (tempered), out[i]
 * the next.  A hot loop may read out[] itself, calling pv_mt_block when i
 * reaches PV_MT_N. */
typedef struct {
    uint32_t mt[PV_MT_N], out[PV_MT_N];
    unsigned i;
} pv_mt;

/* As gsl_rng_set(g, seed) on a gsl_rng_mt19937 generator. */
void pv_mt_seed(pv_mt *m, unsigned long seed);

/* The next block: the state twisted once, its PV_MT_N words tempered into
 * out, i back to 0. */
void pv_mt_block(pv_mt *m);

/* As gsl_rng_get: the next 32-bit word. */
static inline uint32_t pv_mt_get(pv_mt *m)
{
    if (m->i >= PV_MT_N)
        pv_mt_block(m);
    return m->out[m->i++];
}

/* As gsl_rng_uniform: the next word / 2^32, in [0, 1). */
static inline double pv_mt_uniform(pv_mt *m)
{
    return pv_mt_get(m) / 4294967296.0;
}

/* As gsl_ran_hypergeometric(g, n1, n2, t): how many of n1 marked items t
 * draws without replacement from n = n1 + n2 take (t above n is n), by
 * GSL's method and with the same words of the stream: the t drawn items
 * (or, when t ≥ n/2, the n − t left) one uniform each, marked with
 * probability (marked left)/(items left), stopping once every marked item
 * is counted. */
unsigned pv_mt_hypergeometric(pv_mt *m, unsigned n1, unsigned n2, unsigned t);

#endif
