/* xalloc.h — the one rule for memory: an allocation that fails ends the
 * program.
 *
 * Every allocation of the core, the stages and tools/gendemo goes through
 * these functions.  They never return NULL: when memory runs out, or when a
 * size computation overflows size_t, they print "<prog>: out of memory" on
 * stderr and exit with PV_EXIT_IO (3), as gnulib's xalloc_die does in GNU
 * datamash.  So no caller checks for NULL, no function returns a status for
 * memory, and no object carries an "out of memory" flag: a run either has
 * the memory it needs or stops with one message and status 3.  Outputs are
 * safe, because each is written to a temporary file and renamed only when
 * complete (docs/ARCHITECTURE.md, "No half files"); the next run removes the
 * leftovers.
 *
 * GLib's allocations (g_malloc, g_new, g_strdup, GString, GHashTable...)
 * follow GLib's own rule: it never returns NULL either, and aborts.
 * pv_xalloc_init makes that abort the same message and status 3.  Other
 * libraries (cairo, fontconfig, libxml2, libzip, ReadStat) report their own
 * failures through their status codes, which the core checks like any
 * other error.
 *
 * Why exit rather than return: a failed allocation deep in a statistic has
 * no sensible partial result, and the hand-written recovery paths it
 * replaced (a flag here, a status there) were never tested; some returned
 * success with a result missing.  The rule is in docs/ARCHITECTURE.md
 * ("Memory").
 */
#ifndef PV_XALLOC_H
#define PV_XALLOC_H

#include <stddef.h>

/* Print "<prog>: out of memory" and exit(PV_EXIT_IO).  Also for a library
 * that reports it ran out of memory (a NULL from its constructor). */
_Noreturn void pv_xalloc_die(void);

/* malloc(n); n == 0 gives a unique pointer, never NULL. */
void *pv_xmalloc(size_t n);
/* malloc(n * size), dying when n * size overflows size_t. */
void *pv_xnmalloc(size_t n, size_t size);
/* calloc(n, size): zeroed, overflow checked. */
void *pv_xcalloc(size_t n, size_t size);
/* realloc(p, n); p NULL allocates; on failure p is not freed (we exit). */
void *pv_xrealloc(void *p, size_t n);
/* realloc(p, n * size), overflow checked. */
void *pv_xnrealloc(void *p, size_t n, size_t size);
/* strdup(s). */
char *pv_xstrdup(const char *s);
/* a * b, dying when it overflows size_t: for the sizes of two-dimensional
 * arrays (rows x items), before the element size. */
size_t pv_xmul(size_t a, size_t b);

/* Grow *p, an array of elt-sized items with *cap slots, to hold at least
 * need items: capacity doubles from 16; the contents are kept, the new
 * slots are not initialised.  Dies when the size overflows size_t. */
void pv_xgrow(void **p, size_t *cap, size_t need, size_t elt);

/* Make GLib's failed allocations (its "failed to allocate N bytes" or
 * "overflow allocating" error, which aborts) print "<prog>: out of memory"
 * and exit with PV_EXIT_IO, like ours.  Installs a GLib log writer: call
 * once from main, after setting pv_progname, before anything logs; a
 * second call does nothing.  Every other GLib message goes to GLib's
 * default writer unchanged. */
void pv_xalloc_init(void);

#endif
