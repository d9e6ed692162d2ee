/* schema.h — typed tables: a column spec per file, validation, typed values.
 *
 * A file's schema is a table of pv_colspec rows (one per column).  Validation
 * reads the file (table.h), checks the header (required columns present, no
 * unknown column), then every field: type, range, code list, uniqueness of
 * ids, foreign keys to tables validated before, dates inside the evaluation
 * period.  Each failure is one pv_reject entry; a row with any failure is
 * rejected; the others are kept with their typed values.
 *
 * A spec is the one list of its file's columns: an array sized by an enum
 * of positions (X_ID, ..., X_NCOLS) declared next to it, filled with
 * designated initialisers ([X_ID] = {"id", ...}), and passed with
 * PV_NCOLS(spec).  A position forgotten in the array is a hole (a NULL
 * name) that pv_vtable_load refuses.
 */
#ifndef PV_SCHEMA_H
#define PV_SCHEMA_H

#include <stdint.h>
#include "csvout.h"
#include "idindex.h"
#include "table.h"

typedef enum {
    PV_COL_ID,     /* unique non-empty text without surrounding spaces */
    PV_COL_TEXT,   /* non-empty text */
    PV_COL_KEY,    /* like ID but not required unique (codes, keys) */
    PV_COL_INT,    /* integer in [min, max] */
    PV_COL_DEC,    /* decimal in [min, max] */
    PV_COL_DATE,   /* date; PV_IN_PERIOD: inside the evaluation period */
    PV_COL_YESNO,  /* yes/no in French or English */
    PV_COL_CODE,   /* a code of the list `arg` of codes.csv */
    PV_COL_REF,    /* the id of a kept row of table `arg` */
    PV_COL_ENUM    /* one of the words of `arg`, "a|b|c": value = position */
} pv_coltype;

enum {
    PV_IN_PERIOD = 1,    /* DATE: inside the evaluation period */
    PV_MAY_BE_EMPTY = 2, /* an empty cell is valid: value i = -1 (d = NAN) */
    PV_OPTIONAL = 4      /* the header may lack the column: every cell is then
                            empty (use with PV_MAY_BE_EMPTY); written back only
                            when the file had it */
};

typedef struct {
    const char *name;
    pv_coltype type;
    const char *arg;       /* CODE: list name; REF: table name */
    int64_t min, max;      /* INT/DEC range (inclusive) */
    unsigned flags;
    const char *not_before; /* DATE: "refcol.datecol": not before that date */
} pv_colspec;

typedef union {
    int64_t i;             /* INT, DATE (days), YESNO (0/1), CODE (index in
                              its list), REF (kept row in the other table) */
    double d;              /* DEC */
} pv_val;

struct pv_codes;

/* A validated table.  Owns raw (the file), the typed values and the id index.
 *
 * The typed values are stored column by column, each in the width its type
 * needs (cw): 4 bytes for dates, yes/no, codes, enumerations, references
 * and integers whose range fits, 8 for decimals and wider integers, none
 * for text columns (ID, TEXT, KEY), whose value is their text.  Row
 * indexes are 32 bits (a file is at most 4 GB, table.h).  At 100x the demo
 * (2.5 M rows) this halves what a table holds besides its text. */
typedef struct pv_vtable {
    const char *name;          /* the table (borrowed: outlives it) */
    const pv_colspec *cols;    /* borrowed spec */
    size_t ncols;
    pv_table raw;
    int *map;                  /* spec column -> raw column */
    size_t n;                  /* kept rows */
    uint32_t *src;             /* raw row of each kept row */
    void **cv;                 /* per spec column: n values of cw[c] bytes
                                  (int32_t or pv_val), or NULL */
    unsigned char *cw;         /* per spec column: 0, 4 or 8 */
    int id_col;                /* spec column of the first ID column, or -1 */
    pv_idindex ids;            /* id -> raw row (kept or not: duplicates) */
    int32_t *kept_of;          /* raw row -> kept row, or -1; NULL when every
                                  row is kept (the identity) */
    const void **lists;        /* CODE columns: their code list, resolved once */
    size_t n_read, n_rejected; /* rows read = n + n_rejected */
    unsigned char *derived;    /* per spec column: 1 when its text is not kept
                                  (pv_vctx.derive_text): raw holds "" there and
                                  pv_vtable_str derives it from the value; or
                                  NULL (every text kept) */
    const void **dfrom;        /* per derived column: the table referred to
                                  (REF) or the list's codes (CODE, const char *[]) */
} pv_vtable;

/* What validation needs besides the file. */
typedef struct {
    int32_t period_start, period_end;  /* days */
    char decimal;                      /* '.' or ',' */
    pv_table_opts opts;
    const struct pv_codes *codes;
    pv_vtable *const *tables;          /* tables validated so far, for REF */
    size_t ntables;
    int derive_text;                   /* drop the text of REF and CODE columns
                                          once validated: it is the id of the
                                          row referred to, the code of the list
                                          (the big tables of participation: at
                                          100x the demo, 40 MB of 79).  Only for
                                          tables read through pv_vtable_str,
                                          never pv_table_get on raw, whose
                                          tables referred to outlive them */
} pv_vctx;

/* Read and validate path as table `name` with the given spec.  Errors on
 * rows go to rej; returns 0, or PV_EXIT_IO with *err set.  A file refused as
 * a whole (header, encoding) returns 0 with every row counted rejected and
 * the reasons in rej. */
int pv_vtable_load(pv_vtable *vt, const char *name, const pv_colspec *cols,
                   size_t ncols, const char *path, const char *msgname,
                   const pv_vctx *ctx, pv_rejects *rej, pv_err *err);

/* Spec column index by name, or -1. */
int pv_vtable_col(const pv_vtable *vt, const char *name);
/* Typed value and raw string of (kept row, spec column).  A text column
 * (ID, TEXT, KEY) has no typed value: i is -1 when its cell is empty, else 0. */
const char *pv_vtable_derived(const pv_vtable *vt, size_t row, size_t col);
static inline const char *pv_vtable_str(const pv_vtable *vt, size_t row, size_t col)
{
    if (vt->map[col] < 0)
        return ""; /* a PV_OPTIONAL column the file does not have */
    if (vt->derived && vt->derived[col])
        return pv_vtable_derived(vt, row, col);
    return pv_table_get(&vt->raw, vt->src[row], (size_t)vt->map[col]);
}
static inline pv_val pv_vtable_val(const pv_vtable *vt, size_t row, size_t col)
{
    pv_val v;
    if (vt->cw[col] == 4)
        v.i = ((const int32_t *)vt->cv[col])[row];
    else if (vt->cw[col] == 8)
        v = ((const pv_val *)vt->cv[col])[row];
    else
        v.i = *pv_vtable_str(vt, row, col) ? 0 : -1;
    return v;
}
/* Kept row of an id, or -1. */
long pv_vtable_find(const pv_vtable *vt, const char *id);

/* Cross-row rules (after loading): reject kept row k for a reason (one
 * entry in rej at spec column col), then drop every rejected row at once
 * with pv_vtable_compact.  Counts stay right: n_rejected grows. */
void pv_vtable_reject(pv_vtable *vt, size_t k, int col, const char *reason,
                      pv_rejects *rej, unsigned char *drop);
void pv_vtable_compact(pv_vtable *vt, const unsigned char *drop);
/* Reject every kept row whose raw strings in columns cols[0..n) repeat an
 * earlier kept row's (reason, e.g. "duplicate ..."), reported at the last
 * of the columns; returns how many. */
size_t pv_vtable_unique(pv_vtable *vt, const int *cols, int n, const char *reason,
                        pv_rejects *rej);
/* The same for two columns. */
size_t pv_vtable_unique2(pv_vtable *vt, int c1, int c2, const char *reason,
                         pv_rejects *rej);

/* Write the kept rows, normalised (dates ISO, yes/no as 1/0, decimals with
 * '.'), to path.  Returns 0 or an error status with *err set. */
int pv_vtable_write(const pv_vtable *vt, const char *path, pv_err *err);

/* The header row of a file a spec describes: its column names in order
 * (a clean table written row by row, read back with the same spec). */
void pv_colspec_header(pv_csvw *w, const pv_colspec *cols, size_t ncols);

void pv_vtable_free(pv_vtable *vt);

#endif
