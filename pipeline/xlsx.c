/* xlsx.c — see xlsx.h.  libxlsxwriter writes the OOXML; this file maps a
 * table's column kinds to cell types and formats. */
#include "xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "stage.h"
#include "xalloc.h"

typedef struct {
    lxw_format *header, *count, *share, *dec2, *dec3, *p, *hidden, *wrap;
} formats;

static formats make_formats(lxw_workbook *wb)
{
    formats f;
    f.header = workbook_add_format(wb);
    format_set_bold(f.header);
    format_set_bottom(f.header, LXW_BORDER_THIN);
    format_set_text_wrap(f.header);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
    f.count = workbook_add_format(wb);
    format_set_num_format(f.count, "#,##0");
    f.share = workbook_add_format(wb);
    format_set_num_format(f.share, "0.0%");
    f.dec2 = workbook_add_format(wb);
    format_set_num_format(f.dec2, "0.00");
    f.dec3 = workbook_add_format(wb);
    format_set_num_format(f.dec3, "0.000");
    f.p = workbook_add_format(wb);
    format_set_num_format(f.p, "0.000");
    f.hidden = workbook_add_format(wb);
    format_set_italic(f.hidden);
    format_set_align(f.hidden, LXW_ALIGN_RIGHT);
    f.wrap = workbook_add_format(wb);
    format_set_text_wrap(f.wrap);
    return f;
}

static lxw_format *num_format(const formats *f, const pv_rtable *t, size_t r, size_t c)
{
    switch (pv_rtable_kind(t, r, c)) {
    case PV_RC_COUNT: return f->count;
    case PV_RC_SHARE: return f->share;
    case PV_RC_P: return f->p;
    default: return c < 64 && t->decimals[c] == 3 ? f->dec3 : f->dec2;
    }
}

/* One sheet: the header frozen, then every row. */
static void sheet(lxw_workbook *wb, const formats *f, const pv_rtable *t, const char *name,
                  int threshold)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    char small[32];
    snprintf(small, sizeof small, "< %d", threshold);
    for (size_t c = 0; c < t->t.n_cols; c++) {
        size_t width = strlen(t->t.cols[c]) + 2;
        for (size_t r = 0; r < t->t.n_rows && r < 200; r++) {
            size_t l = strlen(pv_table_get(&t->t, r, c));
            if (l + 2 > width)
                width = l + 2;
        }
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width < 9 ? 9 : width > 60 ? 60 : (double)width,
                             width > 60 ? f->wrap : NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, t->t.cols[c], f->header);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t r = 0; r < t->t.n_rows; r++)
        for (size_t c = 0; c < t->t.n_cols; c++) {
            double x = 0;
            lxw_row_t row = (lxw_row_t)(r + 1);
            lxw_col_t col = (lxw_col_t)c;
            switch (pv_rtable_cell(t, r, c, &x)) {
            case PV_RCELL_EMPTY: break;
            case PV_RCELL_TEXT: worksheet_write_string(ws, row, col, pv_table_get(&t->t, r, c), NULL); break;
            case PV_RCELL_NUMBER: worksheet_write_number(ws, row, col, x, num_format(f, t, r, c)); break;
            case PV_RCELL_HIDDEN_SMALL: worksheet_write_string(ws, row, col, small, f->hidden); break;
            case PV_RCELL_HIDDEN_OTHER: worksheet_write_string(ws, row, col, "x", f->hidden); break;
            }
        }
}

static void notes_sheet(lxw_workbook *wb, const formats *f, pv_rtable *const *tables, size_t n,
                        char names[][32], const pv_xlsx_info *info)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, info->notes_sheet);
    lxw_row_t r = 0;
    worksheet_set_column(ws, 0, 0, 32, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_write_string(ws, r++, 0, info->title, f->header);
    worksheet_write_string(ws, r++, 0, info->source, NULL);
    worksheet_write_string(ws, r++, 0, info->period, NULL);
    r++;
    for (const char *const *p = info->notes; p && *p; p++)
        worksheet_write_string(ws, r++, 0, *p, NULL);
    r++;
    worksheet_write_string(ws, r, 0, info->sheet_header[0], f->header);
    worksheet_write_string(ws, r++, 1, info->sheet_header[1], f->header);
    for (size_t i = 0; i < n; i++) {
        worksheet_write_string(ws, r, 0, names[i], NULL);
        worksheet_write_string(ws, r++, 1, tables[i]->path, NULL);
    }
}

int pv_xlsx_write(const char *path, pv_rtable *const *tables, size_t n, const pv_xlsx_info *info,
                  pv_err *err)
{
    char *tmp = pv_tmp_name(path);
    char (*names)[32] = pv_xcalloc(n, sizeof *names);
    int st = 0;
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        st = pv_err_set(err, PV_EXIT_IO, "%s: cannot create the workbook", path);
        goto done;
    }
    lxw_doc_properties props = {0};
    props.title = (char *)info->title;
    props.author = (char *)info->source;
    props.created = info->created;
    workbook_set_properties(wb, &props);
    formats f = make_formats(wb);
    for (size_t i = 0; i < n; i++) { /* unique names of at most 31 characters */
        snprintf(names[i], sizeof names[i], "%.31s", tables[i]->name);
        for (size_t k = 0; k < i; k++)
            if (strcmp(names[k], names[i]) == 0) {
                snprintf(names[i], sizeof names[i], "%.26s_%03u", tables[i]->name, (unsigned)((i + 1) % 1000));
                break;
            }
    }
    notes_sheet(wb, &f, tables, n, names, info);
    for (size_t i = 0; i < n; i++)
        sheet(wb, &f, tables[i], names[i], info->threshold);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        st = pv_err_set(err, PV_EXIT_IO, "%s: %s", path, lxw_strerror(e));
        remove(tmp);
    } else if (rename(tmp, path) != 0) {
        st = pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
        remove(tmp);
    }
done:
    free(tmp);
    free(names);
    return st;
}
