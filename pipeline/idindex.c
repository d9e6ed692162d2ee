/* idindex.c — see idindex.h. */
#include "idindex.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int pv_idindex_init(pv_idindex *x, size_t expected, pv_idindex_key key,
                    const void *ctx)
{
    size_t cap = 16;
    while (cap < 2 * expected + 2)
        cap *= 2;
    x->slot = calloc(cap, sizeof *x->slot);
    x->mask = cap - 1;
    x->n = 0;
    x->key = key;
    x->ctx = ctx;
    return x->slot ? 0 : -1;
}

/* Slot holding key, or the empty slot where it would go. */
static size_t probe(const pv_idindex *x, const char *key, uint32_t h)
{
    size_t i = h & x->mask;
    for (;; i = (i + 1) & x->mask) {
        uint64_t s = x->slot[i];
        if (s == 0)
            return i;
        if ((uint32_t)(s >> 32) == h &&
            strcmp(x->key(x->ctx, (uint32_t)(s & 0xFFFFFFFFu) - 1), key) == 0)
            return i;
    }
}

long pv_idindex_find(const pv_idindex *x, const char *key)
{
    if (!x->slot)
        return -1;
    uint64_t s = x->slot[probe(x, key, fnv1a(key))];
    return s ? (long)(s & 0xFFFFFFFFu) - 1 : -1;
}

long pv_idindex_insert(pv_idindex *x, const char *key, uint32_t row)
{
    uint32_t h = fnv1a(key);
    size_t i = probe(x, key, h);
    if (x->slot[i])
        return (long)(x->slot[i] & 0xFFFFFFFFu) - 1;
    assert(2 * x->n < x->mask);
    x->slot[i] = ((uint64_t)h << 32) | ((uint64_t)row + 1);
    x->n++;
    return -1;
}

void pv_idindex_free(pv_idindex *x)
{
    if (x) {
        free(x->slot);
        x->slot = NULL;
    }
}
