/* replicates.c — see replicates.h. */
#include "replicates.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "par.h"
#include "xalloc.h"

const char *const pv_replicate_cols[PV_REP_NCOLS] = {
    [PV_REP_REPLICATE] = "replicate", [PV_REP_INDICATOR] = "indicator",
    [PV_REP_VALUE] = "value", [PV_REP_CI_LOW] = "ci_low", [PV_REP_CI_HIGH] = "ci_high"};

int pv_replicates_open(pv_csvw *w, const char *path, pv_err *err)
{
    int st = pv_csvw_open(w, path, err);
    pv_csvw_header(w, pv_replicate_cols, PV_REP_NCOLS);
    return st;
}

void pv_replicate(pv_csvw *w, long b, const char *id, double v, double lo, double hi)
{
    pv_csvw_int(w, b + 1);
    pv_csvw_str(w, id);
    pv_csvw_num(w, v);
    pv_csvw_num(w, lo);
    pv_csvw_num(w, hi);
    pv_csvw_end(w);
}

/* Patterns through an open-addressing table of pattern numbers, written
 * here: GLib's GHashTable cannot compare two rows without their width, so
 * it would need a key object per unit (a GBytes: an allocation and some
 * 80 bytes each, 530 000 of them at the 100x bench), where this table
 * needs 4 bytes per pattern and no allocation.  A unit's row is made
 * sparse as it is added, and only the patterns' sparse rows are kept: a
 * source never holds the n x width counts (at the 100x bench, 530 000
 * families x 69 tallies were 146 MB). */
static uint64_t sparse_hash(const uint32_t *col, const uint32_t *val, size_t nz)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a over the nonzero counts */
    for (size_t z = 0; z < nz; z++)
        h = (((h ^ col[z]) * 1099511628211u) ^ val[z]) * 1099511628211u;
    return h;
}

/* Room for m more nonzero counts and one more pattern. */
static void reserve(pv_boot_units *u, size_t m)
{
    if (u->nz + m > u->capz) {
        while (u->nz + m > u->capz)
            u->capz = u->capz ? 2 * u->capz : 1024;
        u->col = pv_xnrealloc(u->col, u->capz, sizeof *u->col);
        u->val = pv_xnrealloc(u->val, u->capz, sizeof *u->val);
    }
    if (u->np + 1 >= u->capp) {
        u->capp = u->capp ? 2 * u->capp : 256;
        u->first = pv_xnrealloc(u->first, u->capp, sizeof *u->first);
        u->at = pv_xnrealloc(u->at, u->capp + 1, sizeof *u->at);
    }
}

/* The slot table at twice the patterns (or more), every pattern in it. */
static void rehash(pv_boot_units *u, size_t cap)
{
    free(u->slot);
    u->cap = cap;
    u->slot = pv_xcalloc(cap, sizeof *u->slot);
    for (size_t p = 0; p < u->np; p++) {
        size_t a = u->at[p], j = (size_t)sparse_hash(u->col + a, u->val + a, u->at[p + 1] - a) &
                                 (cap - 1);
        while (u->slot[j])
            j = (j + 1) & (cap - 1);
        u->slot[j] = (uint32_t)p + 1;
    }
}

void pv_boot_units_begin(pv_boot_units *u, size_t width)
{
    *u = (pv_boot_units){.width = width};
    reserve(u, 1);
    u->at[0] = 0;
    rehash(u, 16);
}

/* The unit whose sparse row (nz counts) is at the end of the patterns'
 * rows (reserve): its pattern, a new one (the row kept) if none has the
 * same row. */
static void add_kept(pv_boot_units *u, size_t nz)
{
    const uint32_t *col = u->col + u->nz, *val = u->val + u->nz;
    if (u->n >= UINT32_MAX - 1)
        pv_xalloc_die(); /* units are numbered in 32 bits */
    if (u->n == u->capn) {
        u->capn = u->capn ? 2 * u->capn : 256;
        u->of = pv_xnrealloc(u->of, u->capn, sizeof *u->of);
    }
    size_t j = (size_t)sparse_hash(col, val, nz) & (u->cap - 1);
    for (uint32_t s; (s = u->slot[j]); j = (j + 1) & (u->cap - 1)) {
        size_t a = u->at[s - 1];
        if (u->at[s] - a == nz && !memcmp(u->col + a, col, nz * sizeof *col) &&
            !memcmp(u->val + a, val, nz * sizeof *val)) {
            u->of[u->n++] = s - 1;
            return;
        }
    }
    u->first[u->np] = (uint32_t)u->n;
    u->of[u->n++] = (uint32_t)u->np;
    u->slot[j] = (uint32_t)++u->np;
    u->nz += nz;
    u->at[u->np] = u->nz;
    if (2 * u->np > u->cap)
        rehash(u, 2 * u->cap);
}

void pv_boot_units_add(pv_boot_units *u, const uint32_t *row)
{
    size_t nz = 0, width = u->width;
    for (size_t k = 0; k < width; k++)
        nz += row[k] != 0;
    reserve(u, nz); /* the row, sparse, after the patterns' rows: kept if new */
    uint32_t *col = u->col + u->nz, *val = u->val + u->nz;
    for (size_t k = 0, z = 0; k < width; k++)
        if (row[k])
            col[z] = (uint32_t)k, val[z++] = row[k];
    add_kept(u, nz);
}

void pv_boot_units_add_sparse(pv_boot_units *u, const uint32_t *col, const uint32_t *val,
                              size_t nz)
{
    reserve(u, nz);
    memcpy(u->col + u->nz, col, nz * sizeof *col);
    memcpy(u->val + u->nz, val, nz * sizeof *val);
    if (nz && col[nz - 1] >= u->width)
        u->width = (size_t)col[nz - 1] + 1;
    add_kept(u, nz);
}

/* The patterns' rows column by column (a counting sort by column; the
 * patterns in order within a column); the rows freed. */
static void by_column(pv_boot_units *u)
{
    size_t width = u->width, *cat = pv_xcalloc(width + 2, sizeof *cat);
    u->cp = pv_xnmalloc(u->nz + 1, sizeof *u->cp);
    u->cv = pv_xnmalloc(u->nz + 1, sizeof *u->cv);
    for (size_t z = 0; z < u->nz; z++)
        cat[u->col[z] + 2]++;
    for (size_t c = 2; c < width + 2; c++)
        cat[c] += cat[c - 1];
    for (size_t p = 0; p < u->np; p++) /* cat[c + 1]: where column c's next count goes */
        for (size_t z = u->at[p]; z < u->at[p + 1]; z++) {
            size_t y = cat[u->col[z] + 1]++;
            u->cp[y] = (uint32_t)p;
            u->cv[y] = u->val[z];
        }
    u->cat = cat; /* now cat[c] .. cat[c + 1] - 1: column c */
    free(u->at), free(u->col), free(u->val);
    u->at = NULL, u->col = u->val = NULL;
}

void pv_boot_units_end(pv_boot_units *u)
{
    free(u->slot);
    u->slot = NULL;
    u->of = pv_xnrealloc(u->of, u->n + 1, sizeof *u->of); /* what is not used, given back */
    u->first = pv_xnrealloc(u->first, u->np + 1, sizeof *u->first);
    by_column(u);
    u->w = pv_xcalloc(u->np + 1, sizeof *u->w);
    u->drawn = pv_xcalloc(u->n + 1, sizeof *u->drawn);
    u->wrap = pv_xnmalloc(u->n / 256 + 2, sizeof *u->wrap);
}

void pv_boot_units_init(pv_boot_units *u, uint32_t *rows, size_t n, size_t width)
{
    pv_boot_units_begin(u, width);
    for (size_t i = 0; i < n; i++)
        pv_boot_units_add(u, rows + i * width);
    pv_boot_units_end(u);
    free(rows);
}

void pv_boot_units_rows(pv_boot_units *u, size_t width, size_t *at, uint32_t *col,
                        uint32_t *val)
{
    free(u->at), free(u->col), free(u->val);
    u->width = width, u->at = at, u->col = col, u->val = val;
    u->nz = at[u->np];
}

void pv_boot_units_free(pv_boot_units *u)
{
    free(u->of), free(u->first), free(u->at), free(u->col), free(u->val), free(u->w);
    free(u->drawn), free(u->wrap), free(u->cat), free(u->cp), free(u->cv);
    free(u->slot);
    *u = (pv_boot_units){0};
}

/* The draw of a unit, as the sources drew it before patterns (a unit
 * index, uniform), counted for its unit, then added to its pattern's
 * count: the same stream.  gsl_rng_uniform_int(g, n) is, for a generator
 * of 32-bit words (MT19937: min 0, max 2^32 - 1), the word v divided by
 * scale = (2^32 - 1) / n, drawn again while the quotient is n or more.
 * Here the same words and the same quotients, the division by scale made a
 * multiplication: with M = ceil(2^64 / scale) (scale >= 2), v / scale is
 * the high 64 bits of M * v for every 32-bit v and scale (Lemire, Kaser
 * and Kurz, "Faster remainder by direct computation", 2019, theorem 1) --
 * the division was most of a draw's cost at the 100x bench.
 *
 * The draws are first counted per unit, in a byte per unit (drawn[]):
 * the unit's pattern (of[], 4 bytes a unit) and the pattern's count (w[])
 * are then read in one pass in unit order, not at every draw at random
 * places (at the 100x bench, 530 000 units: 2 MB of of[] and 1 MB of w[]
 * read at random 530 000 times a replicate, where drawn[] is 0.5 MB).  A
 * byte counts to 255: its 256th draw wraps it to 0 and lists the unit in
 * wrap[] (at most n / 256 + 1 of them), whose pattern then counts 256
 * more, so that the counts stay exact.  Two steps, that pv_boot_run may
 * make on two threads: count_draws (the generator's words into drawn[]
 * and wrap[]; returns how many wrapped), then fold_draws (the patterns'
 * counts w[]; drawn[] cleared for the next resample). */
static size_t count_draws(pv_mt *g, size_t n, uint8_t *drawn, uint32_t *wrap)
{
    size_t nw = 0;
    if (!n)
        return 0;
    uint64_t scale = UINT32_MAX / n; /* n < 2^32 - 1 (pv_boot_units_add) */
    if (scale < 2) { /* more than 2^31 units: the quotient is the word */
        for (size_t i = 0; i < n; i++) {
            uint64_t k;
            do
                k = pv_mt_get(g) / scale;
            while (k >= n);
            if (!++drawn[k])
                wrap[nw++] = (uint32_t)k;
        }
        return nw;
    }
    uint64_t m = UINT64_MAX / scale + 1;
    for (size_t i = 0; i < n;) {
        if (g->i == PV_MT_N)
            pv_mt_block(g);
        unsigned j = g->i;
        for (; j < PV_MT_N && i < n; j++) {
            uint64_t k = (uint64_t)(((unsigned __int128)m * g->out[j]) >> 64);
            if (k < n) {
                i++;
                if (!++drawn[k])
                    wrap[nw++] = (uint32_t)k;
            }
        }
        g->i = j;
    }
    return nw;
}

static void fold_draws(pv_boot_units *u, uint8_t *drawn, const uint32_t *wrap, size_t nw)
{
    size_t n = u->n;
    uint32_t *w = u->w;
    const uint32_t *of = u->of;
    memset(w, 0, u->np * sizeof *w);
    for (size_t i = 0; i < nw; i++)
        w[of[wrap[i]]] += 256;
    for (size_t k = 0; k < n; k++)
        w[of[k]] += drawn[k];
    memset(drawn, 0, n);
}

void pv_boot_draw(pv_mt *g, pv_boot_units *u)
{
    fold_draws(u, u->drawn, u->wrap, count_draws(g, u->n, u->drawn, u->wrap));
}

/* Column by column: one loop per column over its patterns, in locals (a
 * store into acc, long, may alias the arrays for the compiler).  Integer
 * sums: the same whatever the order of the additions. */
void pv_boot_sum(const pv_boot_units *u, long *acc)
{
    const size_t *cat = u->cat, width = u->width;
    const uint32_t *cp = u->cp, *cv = u->cv, *w = u->w;
    for (size_t c = 0; c < width; c++) {
        long s = 0;
        for (size_t z = cat[c], end = cat[c + 1]; z < end; z++)
            s += (long)w[cp[z]] * cv[z];
        acc[c] = s;
    }
}

/* pv_mean's two passes (the mean, then the mean of the residuals added)
 * and pv_sd's, each value counted w[p] times. */
double pv_boot_mean_ci_t(const double *x, const uint32_t *w, size_t np, double conf,
                         double *lo, double *hi)
{
    double n = 0, s = 0, t = 0, ss = 0;
    *lo = *hi = NAN;
    for (size_t p = 0; p < np; p++)
        if (w[p] && !isnan(x[p]))
            n += w[p], s += w[p] * x[p];
    if (n == 0)
        return NAN;
    s /= n;
    if (!isfinite(s))
        return s;
    for (size_t p = 0; p < np; p++)
        if (w[p] && !isnan(x[p]))
            t += w[p] * (x[p] - s);
    double m = s + t / n;
    if (n < 2)
        return m;
    for (size_t p = 0; p < np; p++)
        if (w[p] && !isnan(x[p]))
            ss += w[p] * ((x[p] - m) * (x[p] - m));
    double sd = sqrt(ss / (n - 1));
    if (isnan(sd))
        return m;
    double half = gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, n - 1) * sd / sqrt(n);
    *lo = m - half;
    *hi = m + half;
    return m;
}

/* pv_boot_run on two threads: a drawing thread counts the draws of each
 * replicate's strata in turn (the generator's words, a byte per unit:
 * count_draws) into a ring of PV_BOOT_SLOTS buffers, while the calling
 * thread folds each buffer, in the same order, into the stratum's pattern
 * counts (fold_draws), passes the stratum to the source (its sums,
 * pv_boot_sum, and its rows) and gives the buffer back.  One generator,
 * read by the drawing thread only, in the order of the single loop: the
 * same draws, hence the same file.  The bytes cross from one core to the
 * other, read in order; the pattern counts, which the sums read at random,
 * stay with the thread that sums (made on the drawing thread, they cost
 * the sums as much again, fetched from the other core's cache).  A buffer
 * belongs to one thread at a time (the ring's counts, under the lock, say
 * which); a thread with nothing to do waits on a condition variable. */
#define PV_BOOT_SLOTS 4

typedef struct {
    uint8_t *drawn;  /* a byte per unit of the largest stratum, zero between uses */
    uint32_t *wrap;  /* the units whose byte wrapped */
    size_t nw;
} boot_slot;

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t filled, freed; /* a buffer counted; a buffer given back, or stop */
    pv_mt *g;
    const pv_boot_units *strata;
    size_t ns;
    long replicates;
    boot_slot slot[PV_BOOT_SLOTS];
    unsigned long long counted, used; /* buffers counted and given back so far */
    int stop;                         /* the caller reads no more */
} boot_ring;

static void *boot_drawer(void *vp)
{
    boot_ring *r = vp;
    unsigned long long k = 0;
    for (long b = 0; b < r->replicates; b++)
        for (size_t s = 0; s < r->ns; s++, k++) {
            pthread_mutex_lock(&r->lock);
            while (k - r->used == PV_BOOT_SLOTS && !r->stop)
                pthread_cond_wait(&r->freed, &r->lock);
            int stop = r->stop;
            pthread_mutex_unlock(&r->lock);
            if (stop)
                return NULL;
            boot_slot *sl = &r->slot[k % PV_BOOT_SLOTS];
            sl->nw = count_draws(r->g, r->strata[s].n, sl->drawn, sl->wrap);
            pthread_mutex_lock(&r->lock);
            r->counted = k + 1;
            pthread_cond_signal(&r->filled);
            pthread_mutex_unlock(&r->lock);
        }
    return NULL;
}

/* The replicates through the ring (above); 0 when the drawing thread
 * cannot start (nothing drawn yet: the caller draws them itself). */
static int boot_run_threads(pv_csvw *w, long replicates, pv_mt *g, pv_boot_units *strata,
                            size_t ns, pv_boot_fn fn, void *ctx)
{
    boot_ring r = {.g = g, .strata = strata, .ns = ns, .replicates = replicates};
    size_t n = 0;
    for (size_t s = 0; s < ns; s++)
        n = strata[s].n > n ? strata[s].n : n;
    for (int i = 0; i < PV_BOOT_SLOTS; i++) {
        r.slot[i].drawn = pv_xcalloc(n + 1, sizeof *r.slot[i].drawn);
        r.slot[i].wrap = pv_xnmalloc(n / 256 + 2, sizeof *r.slot[i].wrap);
    }
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.filled, NULL);
    pthread_cond_init(&r.freed, NULL);
    pthread_t th;
    int started = pthread_create(&th, NULL, boot_drawer, &r) == 0;
    unsigned long long k = 0;
    for (long b = 0; started && b < replicates && !w->failed; b++)
        for (size_t s = 0; s < ns; s++, k++) {
            pthread_mutex_lock(&r.lock);
            while (r.counted == k)
                pthread_cond_wait(&r.filled, &r.lock);
            pthread_mutex_unlock(&r.lock);
            boot_slot *sl = &r.slot[k % PV_BOOT_SLOTS];
            fold_draws(&strata[s], sl->drawn, sl->wrap, sl->nw);
            pthread_mutex_lock(&r.lock);
            r.used = k + 1;
            pthread_cond_signal(&r.freed);
            pthread_mutex_unlock(&r.lock);
            fn(ctx, w, b, s, &strata[s]);
        }
    if (started) {
        pthread_mutex_lock(&r.lock);
        r.stop = 1;
        pthread_cond_signal(&r.freed);
        pthread_mutex_unlock(&r.lock);
        pthread_join(th, NULL);
    }
    pthread_cond_destroy(&r.freed);
    pthread_cond_destroy(&r.filled);
    pthread_mutex_destroy(&r.lock);
    for (int i = 0; i < PV_BOOT_SLOTS; i++)
        free(r.slot[i].drawn), free(r.slot[i].wrap);
    return started;
}

int pv_boot_run(const char *path, long replicates, unsigned long seed, pv_boot_units *strata,
                size_t ns, pv_boot_fn fn, void *ctx, pv_err *err)
{
    pv_csvw w;
    pv_mt *g = pv_xcalloc(1, sizeof *g);
    pv_mt_seed(g, seed);
    pv_replicates_open(&w, path, err);
    if (replicates <= 0 || !ns || pv_par_threads() < 2 ||
        !boot_run_threads(&w, replicates, g, strata, ns, fn, ctx))
        for (long b = 0; b < replicates && !w.failed; b++)
            for (size_t s = 0; s < ns; s++) {
                pv_boot_draw(g, &strata[s]);
                fn(ctx, &w, b, s, &strata[s]);
            }
    free(g);
    return pv_csvw_close(&w);
}
