/* replicates.h — bootstrap replicates of a source's indicators, for the
 * stability of the convergence classification, and the bootstrap engine
 * the three first-level sources share.
 *
 * A first-level stage resamples its own units (participation: the rows of
 * the sample unit, each with its members; questionnaires: the respondents
 * of each instrument; focus groups: the sessions of each respondent group,
 * with their excerpts) with a seeded GSL generator and recomputes its
 * indicators in each replicate; the convergence stage reads the replicates
 * like the indicator table itself.  File:
 * out/level1/indicators_<source>_replicates.csv, columns replicate,
 * indicator, value, ci_low, ci_high: one row per replicate (1..n) and
 * indicator of the source's table — exactly those indicators, with the
 * ids built by the same function as the table's (indicators.h); empty
 * value when the replicate would not publish it.  The convergence stage
 * refuses a file that does not match its table (docs/METHODS.md).
 *
 * The engine (pv_boot_*).  A resample of a stratum of n units is n draws
 * with replacement; every statistic a source recomputes is a sum over the
 * drawn units, so all a replicate needs is how often each unit was drawn
 * (its multinomial weight), not a copy of the drawn units.  Units whose
 * values (a row of counts, `width` of them) are all equal are one
 * pattern: the draws are counted per pattern, and a replicate's sums read
 * the patterns' nonzero counts in order, after its n draws: linear in the
 * number of units.  The draws are those the sources made when they copied
 * the drawn units, so that the same seed gives the same replicates: per
 * replicate, per stratum in order, n calls of gsl_rng_uniform_int(g, n)
 * on one MT19937 generator (GSL's gsl_rng_mt19937; the engine makes the
 * same words itself, 624 at a time: pv_mt, mt.h).  With two threads or
 * more (par.h: PROXEVAL_THREADS, else the cores), pv_boot_run counts the
 * draws of the next strata on a second thread while the source sums and
 * writes the current one; the same generator read in the same order by
 * that one thread: the same file as on one thread.
 */
#ifndef PV_REPLICATES_H
#define PV_REPLICATES_H

#include <stddef.h>
#include <stdint.h>
#include "csvout.h"
#include "mt.h"

/* The columns, in file order (header, pv_replicate, the convergence's reader). */
enum { PV_REP_REPLICATE, PV_REP_INDICATOR, PV_REP_VALUE, PV_REP_CI_LOW, PV_REP_CI_HIGH,
       PV_REP_NCOLS };
extern const char *const pv_replicate_cols[PV_REP_NCOLS];

int pv_replicates_open(pv_csvw *w, const char *path, pv_err *err);
void pv_replicate(pv_csvw *w, long b, const char *id, double v, double lo, double hi);

/* Seed of a source's generator: the dataset's stability_seed plus a fixed
 * offset per source, so the sources draw independent streams. */
enum { PV_SEED_PARTICIPATION = 1, PV_SEED_QUESTIONNAIRE = 2, PV_SEED_QUALITATIVE = 3 };

/* A stratum: its units collapsed into patterns.  While units are added,
 * a pattern's counts are kept sparse (most are 0: a unit falls in one
 * category of a breakdown): its nonzero counts are val[at[p] .. at[p + 1]
 * - 1], in columns col[].  pv_boot_units_end lays them out column by
 * column (and frees at, col, val): column c's nonzero counts are cv[cat[c]
 * .. cat[c + 1] - 1], of patterns cp[] (ascending): a replicate's sum of
 * column c is then one long loop, not a short one per pattern. */
typedef struct {
    size_t n;          /* units */
    size_t width;      /* counts per unit */
    size_t np;         /* patterns */
    size_t nz;         /* nonzero counts */
    uint32_t *of;      /* n: the pattern of each unit */
    uint32_t *first;   /* np: the first unit of each pattern */
    size_t *cat;       /* width + 1: where each column's nonzero counts start */
    uint32_t *cp, *cv; /* nz: the nonzero counts' patterns and counts, column after column */
    uint32_t *w;       /* np: draws of each pattern in the current replicate */
    uint8_t *drawn;    /* n: draws of each unit, modulo 256 (pv_boot_draw) */
    uint32_t *wrap;    /* n / 256 + 2: the units whose byte of draws wrapped */
    /* while units are added (pv_boot_units_add): the patterns' rows,
     * capacities, the table of patterns */
    size_t *at;
    uint32_t *col, *val;
    size_t capn, capp, capz, cap;
    uint32_t *slot;
} pv_boot_units;

/* The units one by one: begin, then add each unit's row of width counts
 * (read, not kept: only the patterns' nonzero counts are), then end.
 * Patterns are numbered in the order of their first unit. */
void pv_boot_units_begin(pv_boot_units *u, size_t width);
void pv_boot_units_add(pv_boot_units *u, const uint32_t *row);
/* A unit's row given sparse: its nz nonzero counts val[] in columns col[]
 * (ascending); the width grows to the last column + 1 if need be. */
void pv_boot_units_add_sparse(pv_boot_units *u, const uint32_t *col, const uint32_t *val,
                              size_t nz);
void pv_boot_units_end(pv_boot_units *u);
/* The same for n units at once: rows, n x width counts allocated by
 * xalloc.h, is taken (freed). */
void pv_boot_units_init(pv_boot_units *u, uint32_t *rows, size_t n, size_t width);
void pv_boot_units_free(pv_boot_units *u);

/* After the last pv_boot_units_add, before pv_boot_units_end: the rows
 * the replicates sum (pv_boot_sum) made other rows than those that made
 * the patterns, width counts each: the same patterns, the same draws,
 * pattern p's sparse counts now val[at[p] .. at[p + 1] - 1] in columns
 * col[] (np + 1 offsets; the three arrays allocated by xalloc.h, taken;
 * the old ones freed).  For a source whose units' rows have a shorter form
 * that gives the same sums (a row of the sample unit as its kinds of
 * rows, participation.c). */
void pv_boot_units_rows(pv_boot_units *u, size_t width, size_t *at, uint32_t *col,
                        uint32_t *val);

/* One resample of the stratum into u->w: n draws of a unit out of n, as
 * n calls of gsl_rng_uniform_int(g, n) would draw them. */
void pv_boot_draw(pv_mt *g, pv_boot_units *u);

/* acc[k] = the sum of column k over the drawn units (k < width). */
void pv_boot_sum(const pv_boot_units *u, long *acc);

/* Mean of the drawn units' values and its t interval at level conf, as
 * pv_mean_ci_t (stats.h) gives them for the resample itself: x[p] is the
 * value of pattern p (NAN: left out), drawn w[p] times. */
double pv_boot_mean_ci_t(const double *x, const uint32_t *w, size_t np, double conf,
                         double *lo, double *hi);

/* What a source writes of replicate b once stratum s is drawn (u). */
typedef void (*pv_boot_fn)(void *ctx, pv_csvw *w, long b, size_t s, const pv_boot_units *u);

/* The replicates file at path: its header, then for each of the
 * `replicates` replicates, each stratum drawn in turn and passed to fn
 * (every stratum, the empty ones too); the generator seeded with seed.
 * fn is called on the calling thread, in that order, whatever the
 * threads; it must not draw (a second thread may be drawing the next
 * strata: pv_boot_draw is for one thread).  Returns 0 or the writer's
 * error status. */
int pv_boot_run(const char *path, long replicates, unsigned long seed, pv_boot_units *strata,
                size_t ns, pv_boot_fn fn, void *ctx, pv_err *err);

#endif
