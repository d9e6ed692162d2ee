/* par.c — see par.h. */
#include "par.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

int pv_par_threads(void)
{
    const char *e = getenv("PROXEVAL_THREADS");
    if (e && *e) {
        char *end;
        long v = strtol(e, &end, 10);
        if (!*end && v >= 1)
            return v > PV_PAR_MAX ? PV_PAR_MAX : (int)v;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > PV_PAR_MAX ? PV_PAR_MAX : (int)n;
}

typedef struct {
    size_t n, next;
    pthread_mutex_t lock;
    void (*fn)(void *, size_t);
    void *ctx;
} par_pool;

/* Take the next index until none is left. */
static void *par_worker(void *vp)
{
    par_pool *p = vp;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->lock);
        if (i == p->n)
            return NULL;
        p->fn(p->ctx, i);
    }
}

void pv_par_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
    size_t nt = (size_t)pv_par_threads();
    if (nt > n)
        nt = n;
    if (nt <= 1) {
        for (size_t i = 0; i < n; i++)
            fn(ctx, i);
        return;
    }
    par_pool p = {n, 0, PTHREAD_MUTEX_INITIALIZER, fn, ctx};
    pthread_t th[PV_PAR_MAX];
    size_t started = 0;
    for (size_t t = 1; t < nt; t++) /* the calling thread is the first */
        if (pthread_create(&th[started], NULL, par_worker, &p) == 0)
            started++;
    par_worker(&p);
    for (size_t t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&p.lock);
}
