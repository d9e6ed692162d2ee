/* idindex.h — an index of the ids of a table: id string -> row.
 *
 * Two modes, chosen by the data:
 *  - sorted: while ids arrive in strictly increasing order (byte order), as
 *    most exports list them, they are only appended to an array; uniqueness
 *    follows from the order, and a lookup is a galloping search from the
 *    previous hit, near O(1) when lookups also come in order (children and
 *    referrals are listed family by family) and O(log n) otherwise;
 *  - hashed: at the first id out of order, an open-addressing hash table
 *    (linear probing, FNV-1a hashes kept in the slots) is built over the ids
 *    so far and used from then on.
 * The strings are not copied: the index asks the caller for the key of a
 * row (the table owns them).  Sized once for the expected number of keys.
 *
 * Why not GHashTable: on the x100 benchmark (2.5 M ids), GHashTable's
 * lookups and inserts were a quarter of ingest's time, and a hash table of
 * our own still spent a fifth in cache misses on inserts; the sorted mode
 * avoids both on ordered files.
 */
#ifndef PV_IDINDEX_H
#define PV_IDINDEX_H

#include <stddef.h>
#include <stdint.h>

/* Returns the key string of row `row` (owned by the caller's table). */
typedef const char *(*pv_idindex_key)(const void *ctx, uint32_t row);

typedef struct {
    size_t expected;      /* capacity asked for at init */
    size_t n;             /* keys inserted */
    uint32_t *order;      /* sorted mode: rows in increasing key order */
    uint64_t *slot;       /* hashed mode: (hash << 32) | (row + 1); 0 = empty */
    size_t mask;          /* hashed mode: capacity - 1 */
    size_t finger;        /* sorted mode: position of the last hit */
    pv_idindex_key key;
    const void *ctx;
} pv_idindex;

/* Room for `expected` keys. */
void pv_idindex_init(pv_idindex *x, size_t expected, pv_idindex_key key,
                     const void *ctx);
/* Row of key, or -1. */
long pv_idindex_find(pv_idindex *x, const char *key);
/* Insert key -> row unless key is present: returns -1 when inserted, or
 * the row already holding key.  Inserting more than `expected` keys is a
 * programming error (asserted). */
long pv_idindex_insert(pv_idindex *x, const char *key, uint32_t row);
void pv_idindex_free(pv_idindex *x);

#endif
