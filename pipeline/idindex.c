/* idindex.c — see idindex.h. */
#include "idindex.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* ------------------------------------------------------------------ */
/* Hashed mode                                                        */
/* ------------------------------------------------------------------ */

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static const char *slot_key(const pv_idindex *x, uint64_t s)
{
    return x->key(x->ctx, (uint32_t)(s & 0xFFFFFFFFu) - 1);
}

/* Slot holding key, or the empty slot where it would go. */
static size_t probe(const pv_idindex *x, const char *key, uint32_t h)
{
    size_t i = h & x->mask;
    for (;; i = (i + 1) & x->mask) {
        uint64_t s = x->slot[i];
        if (s == 0 || ((uint32_t)(s >> 32) == h && strcmp(slot_key(x, s), key) == 0))
            return i;
    }
}

static void hash_put(pv_idindex *x, const char *key, uint32_t row)
{
    uint32_t h = fnv1a(key);
    x->slot[probe(x, key, h)] = ((uint64_t)h << 32) | ((uint64_t)row + 1);
}

/* Leave sorted mode: hash every key so far. */
static void to_hashed(pv_idindex *x)
{
    size_t cap = 16;
    while (cap < 2 * x->expected + 2)
        cap *= 2;
    x->slot = pv_xcalloc(cap, sizeof *x->slot);
    x->mask = cap - 1;
    for (size_t i = 0; i < x->n; i++)
        hash_put(x, x->key(x->ctx, x->order[i]), x->order[i]);
    free(x->order);
    x->order = NULL;
}

/* ------------------------------------------------------------------ */
/* Sorted mode                                                        */
/* ------------------------------------------------------------------ */

static int cmp_at(const pv_idindex *x, size_t i, const char *key)
{
    return strcmp(x->key(x->ctx, x->order[i]), key);
}

/* Position of key in order[], or -1: gallop from the finger towards the
 * key, then binary search the bracket. */
static long sorted_find(pv_idindex *x, const char *key)
{
    size_t lo, hi, step = 1, f = x->finger < x->n ? x->finger : 0;
    int c;
    if (x->n == 0)
        return -1;
    if ((c = cmp_at(x, f, key)) == 0)
        return (long)f;
    /* the next id: lookups in order (children family by family) */
    if (c < 0 && f + 1 < x->n && cmp_at(x, f + 1, key) == 0)
        return (long)(x->finger = f + 1);
    if (c < 0) { /* key after f: bracket (lo, hi] */
        lo = f;
        hi = f + 1;
        while (hi < x->n && cmp_at(x, hi, key) < 0)
            lo = hi, hi = f + (step *= 2);
        if (hi >= x->n)
            hi = x->n - 1;
    } else {     /* key before f: bracket [lo, hi) */
        hi = f;
        lo = f >= 1 ? f - 1 : 0;
        while (lo > 0 && cmp_at(x, lo, key) > 0)
            hi = lo, lo = f >= (step *= 2) ? f - step : 0;
    }
    while (lo <= hi) { /* plain binary search in [lo, hi] */
        size_t mid = lo + (hi - lo) / 2;
        if ((c = cmp_at(x, mid, key)) == 0)
            return (long)(x->finger = mid);
        if (c < 0)
            lo = mid + 1;
        else if (mid == 0)
            break;
        else
            hi = mid - 1;
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* Public                                                             */
/* ------------------------------------------------------------------ */

void pv_idindex_init(pv_idindex *x, size_t expected, pv_idindex_key key,
                     const void *ctx)
{
    memset(x, 0, sizeof *x);
    x->expected = expected;
    x->key = key;
    x->ctx = ctx;
    x->order = pv_xnmalloc(expected + 1, sizeof *x->order);
}

long pv_idindex_find(pv_idindex *x, const char *key)
{
    if (x->order) {
        long i = sorted_find(x, key);
        return i < 0 ? -1 : (long)x->order[i];
    }
    if (!x->slot)
        return -1;
    uint64_t s = x->slot[probe(x, key, fnv1a(key))];
    return s ? (long)(s & 0xFFFFFFFFu) - 1 : -1;
}

long pv_idindex_insert(pv_idindex *x, const char *key, uint32_t row)
{
    assert(x->n < x->expected);
    if (x->order) {
        if (x->n == 0 || cmp_at(x, x->n - 1, key) < 0) {
            x->order[x->n++] = row;
            return -1;
        }
        long i = sorted_find(x, key);
        if (i >= 0)
            return (long)x->order[i];
        to_hashed(x);
    }
    uint32_t h = fnv1a(key);
    size_t i = probe(x, key, h);
    if (x->slot[i])
        return (long)(x->slot[i] & 0xFFFFFFFFu) - 1;
    x->slot[i] = ((uint64_t)h << 32) | ((uint64_t)row + 1);
    x->n++;
    return -1;
}

void pv_idindex_free(pv_idindex *x)
{
    if (x) {
        free(x->order);
        free(x->slot);
        x->order = NULL;
        x->slot = NULL;
    }
}
