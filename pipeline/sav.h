/* sav.h — SPSS .sav files into a pv_table, with ReadStat (libreadstat).
 *
 * The table looks like the CSV export of the file: the header is the
 * variable names; each case is a row whose "line" is its case number + 1
 * (the first case is line 2, as in a CSV export); numbers are written in
 * plain decimal (integers without decimals), strings as they are;
 * system-missing values are empty; user-missing values keep their number
 * and carry PV_CELL_USER_MISSING in cell_flags.
 *
 * Variable labels and value labels are collected in a pv_sav_labels list
 * so they can be checked (written to out/clean/sav_labels.csv).
 */
#ifndef PV_SAV_H
#define PV_SAV_H

#include "table.h"

typedef struct {
    char *variable;   /* variable name */
    char *value;      /* "" for the variable's own label */
    char *label;      /* variable label or value label */
} pv_sav_label;

typedef struct {
    pv_sav_label *v;
    size_t n, cap;
} pv_sav_labels;

/* Read the .sav file at path into *t (zeroed first); name is the file
 * name for messages.  labels may be NULL.  Returns 0, or PV_EXIT_DATA
 * (not a readable .sav file: one entry in rej, *err set) or PV_EXIT_IO. */
int pv_sav_read(pv_table *t, const char *path, const char *name,
                pv_sav_labels *labels, pv_rejects *rej, pv_err *err);

void pv_sav_labels_free(pv_sav_labels *l);

#endif
