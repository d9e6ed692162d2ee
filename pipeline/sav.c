/* sav.c — SPSS .sav files with ReadStat (see sav.h). */
#include "sav.h"
#include "stage.h"
#include "xalloc.h"

#include <math.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    pv_table *t;
    pv_sav_labels *labels;
    size_t lines_cap;          /* entries allocated in t->line */
    size_t cells_cap;          /* entries allocated in t->off and cell_flags */
    char **val_label_set;      /* per variable: name of its value-label set */
} sav_reader;

/* ------------------------------------------------------------------ */
/* Growing storage                                                    */
/* ------------------------------------------------------------------ */

static size_t arena_put(sav_reader *r, const char *s)
{
    pv_table *t = r->t;
    size_t len = strlen(s), at = t->arena_len;
    if (at + len + 1 > UINT32_MAX) /* offsets are 32 bits (table.h) */
        pv_xalloc_die();
    pv_xgrow((void **)&t->arena, &t->arena_cap, at + len + 1, 1);
    memcpy(t->arena + at, s, len + 1);
    t->arena_len += len + 1;
    return at;
}

static void label_add(sav_reader *r, const char *var, const char *value,
                      const char *label)
{
    pv_sav_labels *l = r->labels;
    if (!l || !label || !*label)
        return;
    pv_xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
    pv_sav_label *e = &l->v[l->n];
    e->variable = pv_xstrdup(var);
    e->value = pv_xstrdup(value);
    e->label = pv_xstrdup(label);
    l->n++;
}

/* Number as text: integers without decimals, others with 15 digits. */
static void number_text(double v, char *buf, size_t n)
{
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.15g", v);
}

/* ------------------------------------------------------------------ */
/* ReadStat handlers                                                  */
/* ------------------------------------------------------------------ */

static int on_metadata(readstat_metadata_t *m, void *ctx)
{
    sav_reader *r = ctx;
    int rows = readstat_get_row_count(m), vars = readstat_get_var_count(m);
    r->t->n_cols = vars > 0 ? (size_t)vars : 0;
    r->val_label_set = pv_xcalloc(r->t->n_cols + 1, sizeof *r->val_label_set);
    r->t->cols = pv_xcalloc(r->t->n_cols + 1, sizeof *r->t->cols);
    (void)rows; /* may be -1 (unknown): storage grows with the cases */
    return READSTAT_HANDLER_OK;
}

static int on_variable(int index, readstat_variable_t *v, const char *val_labels,
                       void *ctx)
{
    sav_reader *r = ctx;
    /* ReadStat gives NULL for an empty name: the column is named "" */
    const char *name = readstat_variable_get_name(v) ? readstat_variable_get_name(v) : "";
    if (index < 0 || (size_t)index >= r->t->n_cols)
        return READSTAT_HANDLER_ABORT;
    /* names are kept as arena offsets until the end (the arena moves) */
    r->t->cols[index] = (char *)(uintptr_t)arena_put(r, name);
    if (val_labels)
        r->val_label_set[index] = pv_xstrdup(val_labels);
    label_add(r, name, "", readstat_variable_get_label(v));
    return READSTAT_HANDLER_OK;
}

static int on_value(int obs, readstat_variable_t *v, readstat_value_t value, void *ctx)
{
    sav_reader *r = ctx;
    pv_table *t = r->t;
    size_t var = (size_t)readstat_variable_get_index(v), cell;
    char buf[64];
    const char *s = "";
    unsigned char flag = 0;

    if (obs < 0 || var >= t->n_cols)
        return READSTAT_HANDLER_ABORT;
    if ((size_t)obs >= t->n_rows) { /* a new case */
        size_t need = (size_t)obs + 1, cells = r->cells_cap;
        pv_xgrow((void **)&t->line, &r->lines_cap, need, sizeof *t->line);
        pv_xgrow((void **)&t->off, &r->cells_cap, pv_xmul(need, t->n_cols), sizeof *t->off);
        if (r->cells_cap != cells || !t->cell_flags)
            t->cell_flags = pv_xrealloc(t->cell_flags, r->cells_cap);
        for (size_t k = t->n_rows; k < need; k++) {
            t->line[k] = (long)k + 2;
            for (size_t c = 0; c < t->n_cols; c++) {
                t->off[k * t->n_cols + c] = 0; /* the empty string */
                t->cell_flags[k * t->n_cols + c] = 0;
            }
        }
        t->n_rows = need;
    }
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
        s = readstat_string_value(value);
        if (!s)
            s = "";
    } else if (!readstat_value_is_system_missing(value)) {
        number_text(readstat_double_value(value), buf, sizeof buf);
        s = buf;
        if (readstat_value_is_defined_missing(value, v))
            flag = PV_CELL_USER_MISSING;
    }
    cell = (size_t)obs * t->n_cols + var;
    t->off[cell] = arena_put(r, s);
    t->cell_flags[cell] = flag;
    return READSTAT_HANDLER_OK;
}

static int on_value_label(const char *set, readstat_value_t value, const char *label,
                          void *ctx)
{
    sav_reader *r = ctx;
    char buf[64];
    const char *vs = buf;
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING)
        vs = readstat_string_value(value);
    else
        number_text(readstat_double_value(value), buf, sizeof buf);
    /* value labels come before the variables that use them; they are
     * attached to variables in attach_value_labels */
    label_add(r, set, vs ? vs : "", label);
    return READSTAT_HANDLER_OK;
}

/* ------------------------------------------------------------------ */
/* Public                                                             */
/* ------------------------------------------------------------------ */

/* Value labels were stored under their set's name: store them again under
 * each variable using the set, then drop the set entries. */
static void attach_value_labels(sav_reader *r, size_t first)
{
    pv_sav_labels *l = r->labels;
    size_t n = l ? l->n : 0;
    if (!l)
        return;
    for (size_t c = 0; c < r->t->n_cols; c++) {
        if (!r->val_label_set[c])
            continue;
        for (size_t i = first; i < n; i++)
            if (strcmp(l->v[i].variable, r->val_label_set[c]) == 0 && *l->v[i].value)
                label_add(r, r->t->cols[c], l->v[i].value, l->v[i].label);
    }
    /* remove the set-level entries */
    size_t k = first;
    for (size_t i = first; i < l->n; i++) {
        int is_set = 0;
        for (size_t c = 0; c < r->t->n_cols && !is_set; c++)
            is_set = i < n && r->val_label_set[c] &&
                     strcmp(l->v[i].variable, r->val_label_set[c]) == 0 && *l->v[i].value;
        if (is_set && i < n) {
            free(l->v[i].variable), free(l->v[i].value), free(l->v[i].label);
            continue;
        }
        l->v[k++] = l->v[i];
    }
    l->n = k;
}

int pv_sav_read(pv_table *t, const char *path, const char *name,
                pv_sav_labels *labels, pv_rejects *rej, pv_err *err)
{
    sav_reader r = {0};
    struct stat sb;
    size_t first = labels ? labels->n : 0;
    int st = 0;

    memset(t, 0, sizeof *t);
    t->name = pv_xstrdup(name ? name : path);
    t->delim = 0;
    t->encoding = "sav";
    if (stat(path, &sb) != 0)
        return pv_err_set(err, PV_EXIT_IO, "%s: cannot open", t->name);
    t->bytes = (size_t)sb.st_size;
    r.t = t;
    r.labels = labels;
    arena_put(&r, ""); /* offset 0 is the empty string */
    readstat_parser_t *p = readstat_parser_init();
    if (!p)
        pv_xalloc_die();
    readstat_set_metadata_handler(p, on_metadata);
    readstat_set_variable_handler(p, on_variable);
    readstat_set_value_handler(p, on_value);
    readstat_set_value_label_handler(p, on_value_label);
    readstat_error_t e = readstat_parse_sav(p, path, &r);
    readstat_parser_free(p);
    if (e != READSTAT_OK) {
        pv_rejects_add(rej, t->name, 1, 0, "", "", readstat_error_message(e));
        st = pv_err_set(err, PV_EXIT_DATA, "%s:1:0: not a readable SPSS .sav file: %s",
                        t->name, readstat_error_message(e));
    } else {
        for (size_t c = 0; c < t->n_cols; c++) /* offsets into pointers */
            t->cols[c] = t->arena + (size_t)(uintptr_t)t->cols[c];
        attach_value_labels(&r, first);
        t->n_read = t->n_rows;
    }
    for (size_t c = 0; r.val_label_set && c < t->n_cols; c++)
        free(r.val_label_set[c]);
    free(r.val_label_set);
    if (st && t->cols && t->arena == NULL) {
        free(t->cols);
        t->cols = NULL;
    }
    return st;
}

void pv_sav_labels_free(pv_sav_labels *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].variable), free(l->v[i].value), free(l->v[i].label);
    free(l->v);
    memset(l, 0, sizeof *l);
}
