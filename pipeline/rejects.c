/* rejects.c — see rejects.h. */
#include "rejects.h"
#include "csvout.h"
#include "xalloc.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
    return pv_xstrdup(s ? s : "");
}

void pv_rejects_add(pv_rejects *r, const char *file, long line, int column,
                    const char *field, const char *value, const char *reason)
{
    pv_xgrow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v);
    pv_reject *e = &r->v[r->n];
    e->file = dup_or_empty(file);
    e->field = dup_or_empty(field);
    e->value = dup_or_empty(value);
    e->reason = dup_or_empty(reason);
    e->line = line;
    e->column = column;
    r->n++;
}

typedef struct {
    size_t file_rank, seq;
    pv_reject e;
} ranked;

static int by_position(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->file_rank != y->file_rank)
        return x->file_rank < y->file_rank ? -1 : 1;
    if (x->e.line != y->e.line)
        return x->e.line < y->e.line ? -1 : 1;
    if (x->e.column != y->e.column)
        return x->e.column < y->e.column ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void pv_rejects_sort(pv_rejects *r)
{
    ranked *t = pv_xnmalloc(r->n + 1, sizeof *t);
    size_t nfiles = 0, *first = pv_xnmalloc(r->n + 1, sizeof *first);
    for (size_t i = 0; i < r->n; i++) {
        size_t rank = nfiles;
        /* files are few and entries come in runs: look back over the
         * distinct files only, the latest first */
        for (size_t f = nfiles; f-- > 0;)
            if (strcmp(r->v[first[f]].file, r->v[i].file) == 0) {
                rank = f;
                break;
            }
        if (rank == nfiles)
            first[nfiles++] = i;
        t[i] = (ranked){rank, i, r->v[i]};
    }
    free(first);
    qsort(t, r->n, sizeof *t, by_position);
    for (size_t i = 0; i < r->n; i++)
        r->v[i] = t[i].e;
    free(t);
}

void pv_rejects_free(pv_rejects *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].file); free(r->v[i].field);
        free(r->v[i].value); free(r->v[i].reason);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}

void pv_rejects_print(const pv_rejects *r, size_t max_per_file, const char *where)
{
    const char *cur = NULL;
    size_t shown = 0, hidden = 0;
    for (size_t i = 0; i <= r->n; i++) {
        const pv_reject *e = i < r->n ? &r->v[i] : NULL;
        if (!e || !cur || strcmp(e->file, cur)) {
            if (hidden)
                pv_warn("%s: %zu more errors in %s/", cur, hidden, where);
            if (!e)
                break;
            cur = e->file;
            shown = hidden = 0;
        }
        if (shown++ >= max_per_file) {
            hidden++;
            continue;
        }
        pv_warn("%s:%ld:%d: %s%s%s ('%s')", e->file, e->line, e->column,
                e->field, *e->field ? ": " : "", e->reason, e->value);
    }
}

/* The name the entry's file is reported under: its base name when it
 * matches `file` (entries carry the path as given in messages). */
static const char *entry_matches(const pv_reject *e, const char *file)
{
    if (!file) {
        const char *s = strrchr(e->file, '/');
        return s ? s + 1 : e->file;
    }
    size_t flen = strlen(file), len = strlen(e->file);
    if (len < flen || strcmp(e->file + len - flen, file) ||
        (len > flen && e->file[len - flen - 1] != '/'))
        return NULL;
    return file;
}

static const char *const rejects_cols[] = {"file", "line", "column", "field", "value",
                                           "reason"};

int pv_rejects_write(const pv_rejects *r, const char *path, const char *file,
                     pv_err *err)
{
    pv_csvw w;
    pv_csvw_open(&w, path, err);
    pv_csvw_header(&w, rejects_cols, PV_NCOLS(rejects_cols));
    for (size_t i = 0; i < r->n; i++) {
        const pv_reject *e = &r->v[i];
        const char *name = entry_matches(e, file);
        if (!name)
            continue;
        pv_csvw_str(&w, name);
        pv_csvw_int(&w, e->line);
        pv_csvw_int(&w, e->column);
        pv_csvw_str(&w, e->field);
        pv_csvw_str(&w, e->value);
        pv_csvw_str(&w, e->reason);
        pv_csvw_end(&w);
    }
    return pv_csvw_close(&w);
}
