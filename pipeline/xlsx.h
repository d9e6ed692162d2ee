/* xlsx.h — the annex workbook (out/report/annexes.xlsx), with libxlsxwriter.
 *
 * A sheet per table (named after its file, cut to Excel's 31 characters),
 * the header row frozen, numbers written as numbers with a format by kind
 * (report_table.h: counts "#,##0", shares "0.0%", p-values "0.000", other
 * decimals "0.00" or "0.000"), hidden cells as the text "< 5" or "x" in
 * italics (never a number), and a first sheet of notes: the title, source
 * and period, the symbols, and each sheet's source file.
 *
 * Byte for byte the same on every run: the document's creation date is the
 * one given (the evaluation's last day, not the clock), and libxlsxwriter
 * then dates every member of the zip with it too.
 */
#ifndef PV_XLSX_H
#define PV_XLSX_H

#include <time.h>

#include "report_table.h"

typedef struct {
    const char *title, *source, *period; /* for the notes sheet, in lang */
    const char *const *notes;            /* lines of the notes sheet (symbols), NULL-ended */
    const char *notes_sheet;             /* its name ("Notes") */
    const char *sheet_header[2];         /* "sheet", "file" column headers */
    time_t created;                      /* the document's date */
    int threshold;                       /* small-cell threshold, for "< 5" */
} pv_xlsx_info;

/* Write the workbook to path (via a temporary file, renamed).  Returns 0 or
 * PV_EXIT_IO with *err set. */
int pv_xlsx_write(const char *path, pv_rtable *const *tables, size_t n, const pv_xlsx_info *info,
                  pv_err *err);

#endif
