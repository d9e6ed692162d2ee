/* rejects.h — the list of rejected values, one entry per error.
 *
 * Every error found in an input file (structure, encoding, type, range,
 * duplicate, foreign key) becomes one entry; a row is rejected when it has at
 * least one entry.  Entries keep copies of their strings (owned by the list).
 */
#ifndef PV_REJECTS_H
#define PV_REJECTS_H

#include <stddef.h>

typedef struct {
    char *file;    /* dataset file name as given in messages */
    long line;     /* physical line where the record starts, from 1 */
    int column;    /* field number from 1; 0 when the whole row/file is concerned */
    char *field;   /* column name, or "" */
    char *value;   /* offending value (UTF-8), or "" */
    char *reason;  /* what is wrong */
} pv_reject;

typedef struct {
    pv_reject *v;
    size_t n, cap;
    int oom;       /* set when an entry could not be stored */
} pv_rejects;

/* Append an entry (strings copied; NULL stored as "").  On allocation
 * failure sets r->oom and returns -1. */
int pv_rejects_add(pv_rejects *r, const char *file, long line, int column,
                   const char *field, const char *value, const char *reason);
/* Sort the entries of each file by line, then column, keeping files in the
 * order they first appear and equal positions in their order (stable):
 * checks that run after a file was read (cross-row rules) then read in
 * file order too. */
void pv_rejects_sort(pv_rejects *r);
void pv_rejects_free(pv_rejects *r);

#endif
