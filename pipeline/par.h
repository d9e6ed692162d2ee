/* par.h — independent jobs on the machine's cores, with outputs that do
 * not depend on how many there are.
 *
 * A stage that has several independent computations (the Fisher tables
 * of the questionnaire, each seeded by its own test) runs them through
 * pv_par_for: each job writes only its own result, by index, so the
 * results are the same with 1 thread or 8, in any order of completion;
 * the caller reads them in index order afterwards.
 *
 * The thread count is the number of online cores, at most PV_PAR_MAX,
 * or the environment's PROXEVAL_THREADS (1 to PV_PAR_MAX: 1 runs every
 * job in the calling thread, as a program without threads would). */
#ifndef PV_PAR_H
#define PV_PAR_H

#include <stddef.h>

#define PV_PAR_MAX 16

/* The threads pv_par_for uses (see above); 1 when threads cannot start. */
int pv_par_threads(void);

/* fn(ctx, i) for every i in 0..n-1, each exactly once, on up to
 * pv_par_threads() threads (the calling one included) taking the next
 * index as they finish one, so that long and short jobs balance.  fn
 * must not touch what another job writes; it may read shared data.
 * Returns when every job is done.  A thread that cannot be started
 * leaves its share to the others. */
void pv_par_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
