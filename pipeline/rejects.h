/* rejects.h — the list of rejected values, one entry per error.
 *
 * Every error found in an input file (structure, encoding, type, range,
 * duplicate, foreign key) becomes one entry; a row is rejected when it has at
 * least one entry.  Entries keep copies of their strings (owned by the list).
 */
#ifndef PV_REJECTS_H
#define PV_REJECTS_H

#include <stddef.h>

#include "pv.h"

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
} pv_rejects;

/* Append an entry (strings copied; NULL stored as ""). */
void pv_rejects_add(pv_rejects *r, const char *file, long line, int column,
                   const char *field, const char *value, const char *reason);
/* Sort the entries of each file by line, then column, keeping files in the
 * order they first appear and equal positions in their order (stable):
 * checks that run after a file was read (cross-row rules) then read in
 * file order too. */
void pv_rejects_sort(pv_rejects *r);
void pv_rejects_free(pv_rejects *r);

/* Print the first max_per_file entries of each file on stderr as
 * "prog: file:line:column: field: reason ('value')", then how many more are
 * in the folder `where`. */
void pv_rejects_print(const pv_rejects *r, size_t max_per_file, const char *where);

/* Write the entries of `file` (every entry when file is NULL) to path as CSV:
 * file,line,column,field,value,reason.  An entry matches when its file name
 * ends with "/file" or is file.  Returns 0 or PV_EXIT_IO with *err set. */
int pv_rejects_write(const pv_rejects *r, const char *path, const char *file,
                     pv_err *err);

#endif
