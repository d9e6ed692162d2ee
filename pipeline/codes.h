/* codes.h — code lists (codes.csv: list, code, label_fr, label_en).
 *
 * The order of rows is the display order of each list.  Owns its table.
 */
#ifndef PV_CODES_H
#define PV_CODES_H

#include <glib.h>
#include "schema.h"

typedef struct pv_codes {
    pv_vtable vt;          /* the validated codes.csv */
    GHashTable *lists;     /* list -> GArray of kept rows (size_t) */
} pv_codes;

/* Spec column positions of codes.csv (pv_codes_cols is indexed by them). */
enum { CODE_LIST, CODE_CODE, CODE_LABEL_FR, CODE_LABEL_EN, CODE_NCOLS };
extern const pv_colspec pv_codes_cols[CODE_NCOLS];

int pv_codes_load(pv_codes *c, const char *path, const char *msgname,
                  const pv_vctx *ctx, pv_rejects *rej, pv_err *err);
/* Position of code in list, or -1 (also when the list does not exist).
 * Lists are short (tens of codes): a linear scan, no allocation. */
int pv_codes_find(const pv_codes *c, const char *list, const char *code);
/* The list itself, to look codes up many times (NULL if none); valid as
 * long as c. */
const GArray *pv_codes_list(const pv_codes *c, const char *list);
/* Position of code in a list from pv_codes_list, or -1. */
int pv_codes_find_in(const pv_codes *c, const GArray *list, const char *code);
/* Number of codes in list (0 if none). */
int pv_codes_count(const pv_codes *c, const char *list);
const char *pv_codes_code(const pv_codes *c, const char *list, int i);
/* The label of code i in lang; when the dataset gives none in lang (a
 * dataset in one language), the label in the other language. */
const char *pv_codes_label(const pv_codes *c, const char *list, int i, pv_lang lang);
void pv_codes_free(pv_codes *c);

/* Labels in one language at least (data/README.md, "Languages"): a pair of
 * columns fr, en of a table (spec flags PV_MAY_BE_EMPTY | PV_OPTIONAL), of
 * which each row has one.  pv_label_check rejects the rows with neither
 * (reason why, at the column the file has); pv_label_get gives column col
 * of a row, or when it is empty the other language's column. */
void pv_label_check(pv_vtable *vt, int fr, int en, const char *why, pv_rejects *rej);
const char *pv_label_get(const pv_vtable *vt, size_t row, int col, int other);

#endif
