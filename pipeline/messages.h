/* messages.h — the catalogue of words and sentences shown to readers
 * (data/messages.csv): one place for the French and English text of the
 * convergence categories, the evidence ratings, the joint display's
 * columns and the figures' source notes.
 *
 * File: `key,fr,en`, one row per message; keys unique, both texts
 * non-empty.  A program names the keys it needs when it loads the file, so
 * a missing key is an error at start, never an empty label in a figure.
 * Texts are not printf formats: a placeholder `{name}` is replaced with
 * pv_msg_fill.  data/README.md ("messages.csv") lists every key.
 */
#ifndef PV_MESSAGES_H
#define PV_MESSAGES_H

#include <stddef.h>

#include "pv.h"
#include "schema.h"

/* Where the stages look for the catalogue unless told otherwise: relative
 * to the working folder, like the default figure catalogue. */
#define PV_MESSAGES_DEFAULT "data/messages.csv"

typedef struct {
    pv_vtable t;
} pv_messages;

/* Load and validate path; every key of need[0..nneed) must be present.
 * Returns 0 or PV_EXIT_DATA / PV_EXIT_IO with *err set
 * ("file:line:column: field: what is wrong ('value')"). */
int pv_messages_load(pv_messages *m, const char *path, const char *const *need, size_t nneed,
                     pv_err *err);
/* The text of key in lang; "" when the key is absent (load it as needed). */
const char *pv_msg(const pv_messages *m, const char *key, pv_lang lang);
/* Text of key in lang with each "{name}" replaced by value (pairs
 * name, value, ..., NULL); the result is owned by the caller (g_free). */
char *pv_msg_fill(const pv_messages *m, const char *key, pv_lang lang, ...);
void pv_messages_free(pv_messages *m);

#endif
