/* idindex.h — an index of the ids of a table: id string -> row.
 *
 * Open addressing with linear probing, FNV-1a hashes kept in the slots so
 * most probes never touch the strings.  The strings are not copied: the
 * index asks the caller for the key of a row (the table owns them).  Sized
 * once for the expected number of keys (load factor <= 1/2).
 *
 * Why not GHashTable: measured on the x100 benchmark, GHashTable's lookup
 * and insert were a quarter of ingest's time (2.5 M ids); this index keeps
 * the hash and row in 8 bytes per slot and allocates once.
 */
#ifndef PV_IDINDEX_H
#define PV_IDINDEX_H

#include <stddef.h>
#include <stdint.h>

/* Returns the key string of row `row` (owned by the caller's table). */
typedef const char *(*pv_idindex_key)(const void *ctx, uint32_t row);

typedef struct {
    uint64_t *slot;       /* (hash << 32) | (row + 1); 0 = empty */
    size_t mask;          /* capacity - 1 */
    size_t n;
    pv_idindex_key key;
    const void *ctx;
} pv_idindex;

/* Room for `expected` keys.  Returns 0 or -1 (out of memory). */
int pv_idindex_init(pv_idindex *x, size_t expected, pv_idindex_key key,
                    const void *ctx);
/* Row of key, or -1. */
long pv_idindex_find(const pv_idindex *x, const char *key);
/* Insert key -> row unless key is present: returns -1 when inserted, or
 * the row already holding key.  Inserting more than `expected` keys is a
 * programming error (asserted). */
long pv_idindex_insert(pv_idindex *x, const char *key, uint32_t row);
void pv_idindex_free(pv_idindex *x);

#endif
