/* rejects.c — see rejects.h. */
#include "rejects.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

int pv_rejects_add(pv_rejects *r, const char *file, long line, int column,
                   const char *field, const char *value, const char *reason)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        pv_reject *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            goto err;
        r->v = v;
        r->cap = cap;
    }
    pv_reject *e = &r->v[r->n];
    e->file = dup_or_empty(file);
    e->field = dup_or_empty(field);
    e->value = dup_or_empty(value);
    e->reason = dup_or_empty(reason);
    e->line = line;
    e->column = column;
    if (!e->file || !e->field || !e->value || !e->reason) {
        free(e->file); free(e->field); free(e->value); free(e->reason);
        goto err;
    }
    r->n++;
    return 0;
err:
    r->oom = 1;
    return -1;
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
