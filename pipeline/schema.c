/* schema.c — validation of a file against its column spec (see schema.h). */
#include "schema.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "value.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ */
/* Header                                                             */
/* ------------------------------------------------------------------ */

/* Map spec columns to file columns; one reject per missing, unknown or
 * repeated column.  Returns the number of problems. */
static int map_header(pv_vtable *vt, pv_rejects *rej)
{
    const pv_table *t = &vt->raw;
    int bad = 0;
    for (size_t c = 0; c < vt->ncols; c++) {
        vt->map[c] = pv_table_col(t, vt->cols[c].name);
        if (vt->map[c] < 0 && !(vt->cols[c].flags & PV_OPTIONAL)) {
            pv_rejects_add(rej, t->name, 1, 0, vt->cols[c].name, "",
                           "missing required column");
            bad++;
        }
    }
    for (size_t i = 0; i < t->n_cols; i++) {
        int known = 0;
        for (size_t c = 0; c < vt->ncols; c++)
            known |= strcmp(t->cols[i], vt->cols[c].name) == 0;
        if (!known || pv_table_col(t, t->cols[i]) != (int)i) {
            pv_rejects_add(rej, t->name, 1, (int)i + 1, t->cols[i], t->cols[i],
                           known ? "repeated column" : "unknown column");
            bad++;
        }
    }
    return bad;
}

/* ------------------------------------------------------------------ */
/* Fields                                                             */
/* ------------------------------------------------------------------ */

static const pv_vtable *find_table(const pv_vctx *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->ntables; i++)
        if (ctx->tables[i] && strcmp(ctx->tables[i]->name, name) == 0)
            return ctx->tables[i];
    return NULL;
}

/* What a column's checks look up by name, resolved once per file by
 * resolve_columns rather than on every row (find_table and pv_vtable_col
 * were 4 % of ingest on a 10x dataset). */
/* A code list as an open-addressing hash table (linear probing): a code's
 * position without comparing it with every code of its list
 * (pv_codes_find_in was 3.5 % of ingest on a 10x dataset). */
typedef struct {
    size_t mask;
    int32_t *slot;             /* position + 1 in the list; 0 = empty */
    const char **code;         /* the list's codes, by position */
} codemap;

typedef struct {
    const pv_vtable *ref;      /* REF: the table of `arg`, or NULL */
    int nb_col;                /* not_before: spec column of "refcol", or -1 */
    const pv_vtable *nb_tab;   /* not_before: the table that column refers to */
    int nb_date;               /* not_before: spec column "datecol" there, or -1
                                  (then no check: a spec naming no such column) */
    codemap codes;             /* CODE: the list, hashed */
    /* REF, DATE: the last valid field and its value.  Rows come grouped
     * (a family's children and referrals one after the other, often on
     * the same date): most fields repeat the one before, and a string
     * comparison is cheaper than a search or a date's arithmetic. */
    const char *last;
    int64_t last_v;
    /* REF: the last id seen at each of REF_SEEN hashes, for lookups in no
     * order (families' territories: a search in the sorted ids each) */
    struct refseen *seen;
    char last_date[16];        /* DATE: last, a valid date (10 bytes) */
} colres;

enum { REF_SEEN = 256 };
typedef struct refseen {
    const char *id;            /* an id of the other table, or NULL */
    int32_t k;                 /* its kept row in the other table */
} refseen;

static uint32_t str_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void codemap_init(codemap *m, const pv_codes *codes, const char *list)
{
    int n = pv_codes_count(codes, list);
    size_t cap = 8;
    while (cap < 2 * (size_t)n + 2)
        cap *= 2;
    m->mask = cap - 1;
    m->slot = pv_xcalloc(cap, sizeof *m->slot);
    m->code = pv_xnmalloc((size_t)n + 1, sizeof *m->code);
    for (int i = 0; i < n; i++) {
        m->code[i] = pv_codes_code(codes, list, i);
        size_t j = str_hash(m->code[i]) & m->mask;
        while (m->slot[j] && strcmp(m->code[m->slot[j] - 1], m->code[i]) != 0)
            j = (j + 1) & m->mask;
        if (!m->slot[j]) /* the first of equal codes, as pv_codes_find_in */
            m->slot[j] = i + 1;
    }
}

/* Position of s in the list, or -1. */
static int codemap_find(const codemap *m, const char *s)
{
    if (!m->slot)
        return -1;
    for (size_t j = str_hash(s) & m->mask; m->slot[j]; j = (j + 1) & m->mask)
        if (strcmp(m->code[m->slot[j] - 1], s) == 0)
            return m->slot[j] - 1;
    return -1;
}

static void resolve_not_before(const pv_vtable *vt, const pv_colspec *cs,
                               const pv_vctx *ctx, colres *res)
{
    char refcol[64];
    const char *dot = strchr(cs->not_before, '.');
    size_t len = dot ? (size_t)(dot - cs->not_before) : 0;
    if (!dot || len >= sizeof refcol)
        return;
    memcpy(refcol, cs->not_before, len);
    refcol[len] = '\0';
    res->nb_col = pv_vtable_col(vt, refcol);
    if (res->nb_col < 0)
        return;
    res->nb_tab = find_table(ctx, vt->cols[res->nb_col].arg);
    res->nb_date = res->nb_tab ? pv_vtable_col(res->nb_tab, dot + 1) : -1;
}

static void resolve_columns(const pv_vtable *vt, const pv_vctx *ctx, colres *res)
{
    for (size_t c = 0; c < vt->ncols; c++) {
        const pv_colspec *cs = &vt->cols[c];
        res[c] = (colres){NULL, -1, NULL, -1, {0, NULL, NULL}, NULL, 0, NULL, ""};
        if (cs->type == PV_COL_REF) {
            res[c].ref = find_table(ctx, cs->arg);
            res[c].seen = pv_xcalloc(REF_SEEN, sizeof *res[c].seen);
        }
        if (cs->type == PV_COL_CODE && vt->lists[c])
            codemap_init(&res[c].codes, ctx->codes, cs->arg);
        if (cs->not_before)
            resolve_not_before(vt, cs, ctx, &res[c]);
    }
}

/* Check the field s of spec column cs; store its value in *v.  Returns NULL
 * when valid, or the reason (in why, size n). */
static const char *check_field(const pv_colspec *cs, colres *res,
                               const char *s, const pv_vctx *ctx, pv_val *v,
                               char *why, size_t n)
{
    char a[16], b[16];
    if (!*s && (cs->flags & PV_MAY_BE_EMPTY)) {
        if (cs->type == PV_COL_DEC)
            v->d = NAN;
        else
            v->i = -1;
        return NULL;
    }
    switch (cs->type) {
    case PV_COL_ID:
    case PV_COL_KEY:
        if (!*s)
            return cs->type == PV_COL_ID ? "empty id" : "empty value";
        if (s[0] == ' ' || s[strlen(s) - 1] == ' ')
            return "spaces at either end of the id";
        return NULL;
    case PV_COL_TEXT:
        return *s ? NULL : "empty value";
    case PV_COL_INT:
        if (pv_parse_int(s, &v->i))
            return "not an integer";
        if (v->i < cs->min || v->i > cs->max) {
            snprintf(why, n, "out of range %lld..%lld", (long long)cs->min,
                     (long long)cs->max);
            return why;
        }
        return NULL;
    case PV_COL_DEC:
        if (pv_parse_dec(s, ctx->decimal, &v->d)) {
            double d;
            if (ctx->decimal == '.' && pv_parse_dec(s, ',', &d) == 0) /* a new user's first error */
                snprintf(why, n, "not a decimal number: a decimal comma, and the separator is "
                         "'.' (set decimal to ',' in config.csv)");
            else
                snprintf(why, n, "not a decimal number (decimal separator '%c')",
                         ctx->decimal);
            return why;
        }
        if (v->d < (double)cs->min || v->d > (double)cs->max) {
            snprintf(why, n, "out of range %lld..%lld", (long long)cs->min,
                     (long long)cs->max);
            return why;
        }
        return NULL;
    case PV_COL_DATE: {
        int32_t d;
        if (res->last && strcmp(s, res->last) == 0)
            d = (int32_t)res->last_v;
        else if (pv_parse_date(s, &d))
            return "not a date (expected YYYY-MM-DD)";
        /* a copy: the record's text may move (row_read, drop_text) */
        size_t dl = strlen(s);
        if (dl < sizeof res->last_date) {
            memcpy(res->last_date, s, dl + 1);
            res->last = res->last_date;
        } else
            res->last = NULL;
        res->last_v = d;
        v->i = d;
        if ((cs->flags & PV_IN_PERIOD) &&
            (d < ctx->period_start || d > ctx->period_end)) {
            snprintf(why, n, "outside the evaluation period %s..%s",
                     pv_date_iso(a, ctx->period_start),
                     pv_date_iso(b, ctx->period_end));
            return why;
        }
        return NULL;
    }
    case PV_COL_YESNO: {
        int y;
        if (pv_parse_yesno(s, &y))
            return "not yes/no (oui/non, yes/no, 1/0)";
        v->i = y;
        return NULL;
    }
    case PV_COL_CODE: {
        int k = codemap_find(&res->codes, s);
        if (k < 0) {
            snprintf(why, n, "not a code of list '%s' in codes.csv", cs->arg);
            return why;
        }
        v->i = k;
        return NULL;
    }
    case PV_COL_ENUM: {
        size_t len = strlen(s);
        int k = 0;
        for (const char *w = cs->arg; *w; k++) {
            size_t wl = strcspn(w, "|");
            if (wl == len && strncmp(w, s, len) == 0) {
                v->i = k;
                return NULL;
            }
            w += wl + (w[wl] == '|');
        }
        snprintf(why, n, "expected one of %s", cs->arg);
        return why;
    }
    case PV_COL_REF: {
        const pv_vtable *o = res->ref;
        long k;
        if (res->last && strcmp(s, res->last) == 0)
            k = (long)res->last_v;
        else if (res->seen) { /* then the ids seen lately, by hash */
            refseen *e = &res->seen[str_hash(s) & (REF_SEEN - 1)];
            if (e->id && strcmp(e->id, s) == 0)
                k = e->k;
            else if ((k = o ? pv_vtable_find(o, s) : -1) >= 0)
                e->id = pv_vtable_str(o, (size_t)k, (size_t)o->id_col), e->k = (int32_t)k;
        } else
            k = o ? pv_vtable_find(o, s) : -1;
        if (k < 0) {
            snprintf(why, n, "no such id among the kept rows of %s", cs->arg);
            return why;
        }
        /* the id as the other table holds it (equal to s): this record's
         * text may move or go (row_read, drop_text) */
        if (res->last_v != k || !res->last)
            res->last = pv_vtable_str(o, (size_t)k, (size_t)o->id_col);
        res->last_v = k;
        v->i = k;
        return NULL;
    }
    }
    return "unknown column type";
}

/* DATE column with not_before "refcol.datecol": the date may not precede the
 * date of the referenced row (resolved in res).  Returns NULL or the reason. */
static const char *check_not_before(const pv_vtable *vt, const pv_colspec *cs,
                                    const colres *res, const pv_val *row,
                                    char *why, size_t n)
{
    char ds[16];
    const char *dot = strchr(cs->not_before, '.');
    int rc = res->nb_col, dc = res->nb_date;
    const pv_vtable *o = res->nb_tab;
    if (rc < 0 || dc < 0)
        return NULL;
    int64_t limit = pv_vtable_val(o, (size_t)row[rc].i, (size_t)dc).i;
    if (row[cs - vt->cols].i >= limit)
        return NULL;
    snprintf(why, n, "before the %s of %s '%s' (%s)", dot + 1, o->name,
             pv_vtable_str(o, (size_t)row[rc].i, 0), pv_date_iso(ds, (int32_t)limit));
    return why;
}

/* ------------------------------------------------------------------ */
/* Rows                                                               */
/* ------------------------------------------------------------------ */

/* The fields of raw row r in file order, f[0..n_cols): one walk through the
 * record rather than a walk per field (pv_table_get).  f[n_cols] is the end
 * of the last: in a CSV file's arena, where the fields of a record follow
 * one another, field c is f[c + 1] - f[c] - 1 bytes long. */
static void row_fields(const pv_table *t, size_t r, const char **f)
{
    size_t n = t->n_cols;
    if (t->off) {
        for (size_t c = 0; c < n; c++)
            f[c] = t->arena + t->off[r * n + c];
        f[n] = n ? f[n - 1] + strlen(f[n - 1]) + 1 : NULL;
        return;
    }
    const char *p = t->arena + t->row_off[r];
    for (size_t c = 0; c < n; c++) {
        f[c] = p;
        p += strlen(p) + 1;
    }
    f[n] = p;
}

/* Validate raw row r; append it to the kept rows when valid.  f: room for
 * the row's fields. */
static int check_row(pv_vtable *vt, size_t r, const pv_vctx *ctx, colres *res,
                     pv_rejects *rej, pv_val *row, const char **f)
{
    const pv_table *t = &vt->raw;
    char why[256];
    int bad = 0;
    vt->kept_of[r] = -1;
    row_fields(t, r, f);
    for (size_t c = 0; c < vt->ncols; c++) {
        const pv_colspec *cs = &vt->cols[c];
        const char *s = vt->map[c] < 0 ? "" : f[vt->map[c]];
        const char *err = check_field(cs, &res[c], s, ctx, &row[c], why, sizeof why);
        if (!err && (int)c == vt->id_col) {
            long first = pv_idindex_insert(&vt->ids, s, (uint32_t)r);
            if (first >= 0) {
                snprintf(why, sizeof why, "duplicate id (first on line %ld)",
                         t->line[first]);
                err = why;
            }
        }
        if (err) {
            pv_rejects_add(rej, t->name, t->line[r], vt->map[c] + 1, cs->name, s, err);
            bad++;
        }
    }
    for (size_t c = 0; c < vt->ncols && !bad; c++) {
        const pv_colspec *cs = &vt->cols[c];
        const char *err = cs->not_before
            ? check_not_before(vt, cs, &res[c], row, why, sizeof why) : NULL;
        if (err) {
            pv_rejects_add(rej, t->name, t->line[r], vt->map[c] + 1, cs->name,
                           f[vt->map[c]], err);
            bad++;
        }
    }
    if (bad)
        return 0;
    vt->src[vt->n] = (uint32_t)r;
    for (size_t c = 0; c < vt->ncols; c++)
        if (vt->cw[c] == 4)
            ((int32_t *)vt->cv[c])[vt->n] = (int32_t)row[c].i;
        else if (vt->cw[c] == 8)
            ((pv_val *)vt->cv[c])[vt->n] = row[c];
    vt->kept_of[r] = (int32_t)vt->n++;
    return 1;
}

/* Bytes of a column's typed values (see pv_vtable in schema.h). */
static unsigned char col_width(const pv_colspec *cs)
{
    switch (cs->type) {
    case PV_COL_ID:
    case PV_COL_TEXT:
    case PV_COL_KEY:
        return 0;
    case PV_COL_DEC:
        return 8;
    case PV_COL_INT: /* an empty cell is -1: in range too */
        return cs->min >= INT32_MIN && cs->max <= INT32_MAX ? 4 : 8;
    default:         /* days, 0/1, positions in a list, kept rows (< 2^31) */
        return 4;
    }
}

static const char *id_of_row(const void *ctx, uint32_t row)
{
    const pv_vtable *vt = ctx;
    return pv_table_get(&vt->raw, row, (size_t)vt->map[vt->id_col]);
}

/* The REF and CODE columns of a table lose their text
 * (ctx->derive_text), derived from the value instead: the id of the kept
 * row referred to (the id index matches ids exactly), the code of the list
 * (codemap_find matches codes exactly).  Only in files of one offset per
 * record (table.h), where a record's fields follow one another: each
 * record is moved down the arena in place, those columns' fields as "",
 * so the layout stays.  Sets vt->derived and returns the file columns that
 * go (a flag each), or NULL when none does. */
static unsigned char *choose_derived(pv_vtable *vt, const pv_vctx *ctx, const colres *res)
{
    const pv_table *t = &vt->raw;
    unsigned char *rawd = NULL;
    if (!ctx->derive_text || t->n_cols > PV_ROW_OFF_COLS)
        return NULL;
    for (size_t c = 0; c < vt->ncols; c++) {
        const pv_colspec *cs = &vt->cols[c];
        const void *from = NULL;
        if (vt->map[c] < 0 || vt->cw[c] != 4)
            continue;
        if (cs->type == PV_COL_REF && res[c].ref && res[c].ref->id_col >= 0)
            from = res[c].ref;
        else if (cs->type == PV_COL_CODE && res[c].codes.code) {
            int nc = pv_codes_count(ctx->codes, cs->arg);
            const char **codes = pv_xnmalloc((size_t)nc + 1, sizeof *codes);
            memcpy(codes, res[c].codes.code, (size_t)nc * sizeof *codes);
            from = codes;
        }
        if (!from)
            continue;
        if (!rawd) {
            rawd = pv_xcalloc(t->n_cols + 1, 1);
            vt->derived = pv_xcalloc(vt->ncols, 1);
            vt->dfrom = pv_xcalloc(vt->ncols, sizeof *vt->dfrom);
        }
        vt->derived[c] = 1;
        vt->dfrom[c] = from;
        rawd[vt->map[c]] = 1;
    }
    return rawd;
}

/* Move records from..n_rows down the arena without the fields flagged in
 * rawd; the arena ends where they do. */
static void drop_text(pv_table *t, const unsigned char *rawd, size_t from)
{
    if (from >= t->n_rows)
        return;
    size_t w = t->row_off[from];
    for (size_t r = from; r < t->n_rows; r++) {
        const char *p = t->arena + t->row_off[r];
        t->row_off[r] = (uint32_t)w;
        for (size_t c = 0; c < t->n_cols; c++) {
            size_t len = strlen(p);
            if (rawd[c])
                t->arena[w++] = '\0';
            else {
                memmove(t->arena + w, p, len + 1);
                w += len + 1;
            }
            p += len + 1;
        }
    }
    t->arena_len = w;
}

/* The arena down to what is left (its pages given back). */
static void shrink_arena(pv_table *t)
{
    size_t *hdr = pv_xnmalloc(t->n_cols + 1, sizeof *hdr); /* before the records */
    for (size_t i = 0; i < t->n_cols; i++)
        hdr[i] = (size_t)(t->cols[i] - t->arena);
    t->arena = pv_xrealloc(t->arena, t->arena_len + 16);
    t->arena_cap = t->arena_len + 16;
    for (size_t i = 0; i < t->n_cols; i++)
        t->cols[i] = t->arena + hdr[i];
    free(hdr);
}

const char *pv_vtable_derived(const pv_vtable *vt, size_t row, size_t col)
{
    int32_t v = ((const int32_t *)vt->cv[col])[row];
    if (v < 0) /* an empty cell (PV_MAY_BE_EMPTY) */
        return "";
    if (vt->cols[col].type == PV_COL_CODE)
        return ((const char *const *)vt->dfrom[col])[v];
    const pv_vtable *o = vt->dfrom[col];
    return pv_vtable_str(o, (size_t)v, (size_t)o->id_col);
}

/* Every row of a file whose header is unusable is rejected, with a reason
 * pointing at the header. */
static void reject_all(pv_vtable *vt, pv_rejects *rej)
{
    for (size_t r = 0; r < vt->raw.n_rows; r++)
        pv_rejects_add(rej, vt->raw.name, vt->raw.line[r], 0, "", "",
                       "file refused: its header (line 1) is not usable");
    vt->n_rejected = vt->n_read;
}

/* A table being validated: what its rows need. */
typedef struct {
    pv_vtable *vt;
    const pv_vctx *ctx;
    pv_rejects *rej;
    int started;               /* start_rows was called */
    int bad_header;            /* its header is not usable */
    int streamed;              /* records validated as the reader hands them over */
    size_t cap;                /* rows the arrays hold */
    colres *res;
    pv_val *row;
    const char **f;
    unsigned char *rawd;       /* file columns whose text goes, or NULL */
} loading;

/* The header read: map it, make room for up to max_rows rows.  Returns
 * nonzero when the header is not usable (its rejects are in rej). */
static int start_rows(loading *lv, pv_table *t, size_t max_rows)
{
    pv_vtable *vt = lv->vt;
    size_t ncols = vt->ncols;
    lv->started = 1;
    if (map_header(vt, lv->rej))
        return lv->bad_header = 1;
    lv->cap = max_rows;
    vt->src = pv_xnmalloc(max_rows + 1, sizeof *vt->src);
    for (size_t c = 0; c < ncols; c++)
        if (vt->cw[c])
            vt->cv[c] = pv_xnmalloc(max_rows + 1, vt->cw[c]);
    vt->kept_of = pv_xnmalloc(max_rows + 1, sizeof *vt->kept_of);
    vt->lists = pv_xcalloc(ncols, sizeof *vt->lists);
    lv->row = pv_xcalloc(ncols, sizeof *lv->row);
    for (size_t c = 0; lv->ctx->codes && c < ncols; c++)
        if (vt->cols[c].type == PV_COL_CODE)
            vt->lists[c] = pv_codes_list(lv->ctx->codes, vt->cols[c].arg);
    lv->res = pv_xnmalloc(ncols, sizeof *lv->res);
    resolve_columns(vt, lv->ctx, lv->res);
    pv_idindex_init(&vt->ids, max_rows, id_of_row, vt);
    lv->f = pv_xnmalloc(t->n_cols + 1, sizeof *lv->f);
    lv->rawd = choose_derived(vt, lv->ctx, lv->res);
    return 0;
}

static void validate_row(loading *lv, pv_table *t, size_t r)
{
    (void)t;
    if (r >= lv->cap) /* the reader's bound of the records is wrong: a bug */
        pv_xalloc_die();
    if (!check_row(lv->vt, r, lv->ctx, lv->res, lv->rej, lv->row, lv->f))
        lv->vt->n_rejected++;
}

/* pv_table_hook: the records of a plain file validated as they are read,
 * and the text of derived columns dropped at once, so the table is never
 * held whole (at 100x the demo, referrals.csv: 44 MB of text, 20 left). */
static int header_read(void *ctx, pv_table *t, size_t max_rows)
{
    loading *lv = ctx;
    if (start_rows(lv, t, max_rows))
        return 1;
    lv->streamed = 1;
    return 0;
}

static void row_read(void *ctx, pv_table *t, size_t r)
{
    loading *lv = ctx;
    validate_row(lv, t, r);
    if (!lv->rawd)
        return;
    /* the record's fields, as check_row found them (row_fields): moved
     * down here byte by byte (short fields; w never passes the source) */
    const char **f = lv->f;
    size_t c = 0;
    while (!lv->rawd[c]) /* the fields before the first that goes stay */
        c++;
    char *a = t->arena, *w = (char *)f[c];
    for (; c < t->n_cols; c++) {
        if (lv->rawd[c]) {
            *w++ = '\0';
            continue;
        }
        for (const char *p = f[c], *e = f[c + 1]; p < e;)
            *w++ = *p++;
    }
    t->arena_len = (size_t)(w - a);
}

int pv_vtable_load(pv_vtable *vt, const char *name, const pv_colspec *cols,
                   size_t ncols, const char *path, const char *msgname,
                   const pv_vctx *ctx, pv_rejects *rej, pv_err *err)
{
    pv_err ferr = {0};
    memset(vt, 0, sizeof *vt);
    vt->name = name;
    vt->cols = cols;
    vt->ncols = ncols;
    vt->id_col = -1;
    for (size_t c = 0; c < ncols; c++) /* a spec sized by its enum, with a hole */
        if (!cols[c].name)
            return pv_err_set(err, PV_EXIT_IO, "%s: column %zu of its spec has no name (a bug: "
                              "a hole in the table)", name, c + 1);
    for (size_t c = 0; c < ncols && vt->id_col < 0; c++)
        if (cols[c].type == PV_COL_ID)
            vt->id_col = (int)c;
    vt->map = pv_xcalloc(ncols, sizeof *vt->map);
    vt->cv = pv_xcalloc(ncols, sizeof *vt->cv);
    vt->cw = pv_xcalloc(ncols, sizeof *vt->cw);
    for (size_t c = 0; c < ncols; c++)
        vt->cw[c] = col_width(&cols[c]);
    loading lv = {vt, ctx, rej, 0, 0, 0, 0, NULL, NULL, NULL, NULL};
    pv_table_hook hook = {header_read, row_read, &lv};
    int st = pv_table_read_hooked(&vt->raw, path, msgname, &ctx->opts, &hook, rej, &ferr);
    vt->n_read = vt->raw.n_read;
    if (st == PV_EXIT_IO)
        return pv_err_set(err, st, "%s", ferr.msg);
    if (st) { /* refused as a whole: never after its records (plain files) */
        vt->n_rejected = vt->n_read;
        return 0;
    }
    vt->n_rejected += vt->raw.n_bad;
    if (!lv.started)
        start_rows(&lv, &vt->raw, vt->raw.n_rows);
    if (lv.bad_header) {
        reject_all(vt, rej);
        return 0;
    }
    if (!lv.streamed) /* records not handed over as read: all of them now */
        for (size_t r = 0; r < vt->raw.n_rows; r++)
            validate_row(&lv, &vt->raw, r);
    if (lv.rawd) {
        if (!lv.streamed)
            drop_text(&vt->raw, lv.rawd, 0);
        shrink_arena(&vt->raw);
    }
    if (vt->n == vt->raw.n_rows) { /* every row kept: the map is the identity */
        free(vt->kept_of);
        vt->kept_of = NULL;
    }
    for (size_t c = 0; c < ncols && lv.res; c++) {
        free(lv.res[c].codes.slot);
        free(lv.res[c].seen);
        free(lv.res[c].codes.code);
    }
    free(lv.res);
    free(lv.row);
    free(lv.f);
    free(lv.rawd);
    return 0;
}

int pv_vtable_col(const pv_vtable *vt, const char *name)
{
    for (size_t c = 0; c < vt->ncols; c++)
        if (strcmp(vt->cols[c].name, name) == 0)
            return (int)c;
    return -1;
}

long pv_vtable_find(const pv_vtable *vt, const char *id)
{
    /* the index's search finger is not part of the table's value */
    long raw = vt->src ? pv_idindex_find((pv_idindex *)&vt->ids, id) : -1;
    return raw < 0 ? -1 : vt->kept_of ? vt->kept_of[raw] : raw;
}

/* ------------------------------------------------------------------ */
/* Cross-row rules                                                    */
/* ------------------------------------------------------------------ */

void pv_vtable_reject(pv_vtable *vt, size_t k, int col, const char *reason,
                      pv_rejects *rej, unsigned char *drop)
{
    size_t r = vt->src[k];
    if (drop[k])
        return;
    drop[k] = 1;
    pv_rejects_add(rej, vt->raw.name, vt->raw.line[r], col >= 0 ? vt->map[col] + 1 : 0,
                   col >= 0 ? vt->cols[col].name : "",
                   col >= 0 ? pv_vtable_str(vt, k, (size_t)col) : "", reason);
}

void pv_vtable_compact(pv_vtable *vt, const unsigned char *drop)
{
    size_t keep = 0;
    if (!vt->kept_of && vt->n) { /* the identity, until now */
        vt->kept_of = pv_xnmalloc(vt->raw.n_rows + 1, sizeof *vt->kept_of);
        for (size_t r = 0; r < vt->raw.n_rows; r++)
            vt->kept_of[r] = (int32_t)r;
    }
    for (size_t k = 0; k < vt->n; k++) {
        if (drop[k]) {
            vt->kept_of[vt->src[k]] = -1;
            vt->n_rejected++;
            continue;
        }
        vt->src[keep] = vt->src[k];
        for (size_t c = 0; c < vt->ncols; c++)
            if (vt->cw[c] == 4)
                ((int32_t *)vt->cv[c])[keep] = ((int32_t *)vt->cv[c])[k];
            else if (vt->cw[c] == 8)
                ((pv_val *)vt->cv[c])[keep] = ((pv_val *)vt->cv[c])[k];
        vt->kept_of[vt->src[keep]] = (int32_t)keep;
        keep++;
    }
    vt->n = keep;
}

size_t pv_vtable_unique(pv_vtable *vt, const int *cols, int n, const char *reason,
                        pv_rejects *rej)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    unsigned char *drop = pv_xcalloc(vt->n + 1, 1);
    GString *key = g_string_new(NULL);
    size_t dups = 0;
    for (size_t k = 0; k < vt->n; k++) {
        g_string_truncate(key, 0);
        for (int i = 0; i < n; i++) { /* unit separator: not in CSV text */
            g_string_append(key, pv_vtable_str(vt, k, (size_t)cols[i]));
            g_string_append_c(key, '\x1f');
        }
        if (g_hash_table_contains(seen, key->str)) {
            pv_vtable_reject(vt, k, cols[n - 1], reason, rej, drop);
            dups++;
        } else {
            g_hash_table_add(seen, g_strdup(key->str));
        }
    }
    pv_vtable_compact(vt, drop);
    free(drop);
    g_string_free(key, TRUE);
    g_hash_table_destroy(seen);
    return dups;
}

size_t pv_vtable_unique2(pv_vtable *vt, int c1, int c2, const char *reason,
                         pv_rejects *rej)
{
    int cols[2] = {c1, c2};
    return pv_vtable_unique(vt, cols, 2, reason, rej);
}

/* ------------------------------------------------------------------ */
/* Output                                                             */
/* ------------------------------------------------------------------ */

#include "csvout.h"

void pv_colspec_header(pv_csvw *w, const pv_colspec *cols, size_t ncols)
{
    for (size_t c = 0; c < ncols; c++)
        pv_csvw_str(w, cols[c].name);
    pv_csvw_end(w);
}

int pv_vtable_write(const pv_vtable *vt, const char *path, pv_err *err)
{
    pv_csvw w;
    char buf[32];
    pv_csvw_open(&w, path, err);
    for (size_t c = 0; c < vt->ncols; c++)
        if (vt->map[c] >= 0) /* an optional column the file lacks stays out */
            pv_csvw_str(&w, vt->cols[c].name);
    pv_csvw_end(&w);
    const char **f = pv_xnmalloc(vt->raw.n_cols + 1, sizeof *f);
    for (size_t r = 0; r < vt->n && !w.failed; r++) {
        row_fields(&vt->raw, vt->src[r], f);
        for (size_t c = 0; c < vt->ncols; c++) {
            if (vt->map[c] < 0)
                continue;
            const char *s = f[vt->map[c]];
            size_t len = (size_t)(f[vt->map[c] + 1] - s - 1); /* in a CSV file */
            if (vt->derived && vt->derived[c]) {
                s = pv_vtable_derived(vt, r, c);
                len = strlen(s);
            }
            if ((vt->cols[c].flags & PV_MAY_BE_EMPTY) && !*s) {
                pv_csvw_str(&w, "");
                continue;
            }
            switch (vt->cols[c].type) {
            case PV_COL_INT:
            case PV_COL_YESNO:
                pv_csvw_int(&w, pv_vtable_val(vt, r, c).i);
                break;
            case PV_COL_DEC:
                snprintf(buf, sizeof buf, "%.15g", pv_vtable_val(vt, r, c).d);
                pv_csvw_str(&w, buf);
                break;
            /* a date is kept only as exactly YYYY-MM-DD (pv_parse_date): its
             * text is already the ISO form, which is written as it is */
            default:
                if (vt->raw.plain) /* a CSV file: its fields follow one another */
                    pv_csvw_plain(&w, s, len);
                else
                    pv_csvw_str(&w, s);
            }
        }
        pv_csvw_end(&w);
    }
    free(f);
    return pv_csvw_close(&w);
}

void pv_vtable_free(pv_vtable *vt)
{
    if (!vt)
        return;
    pv_table_free(&vt->raw);
    pv_idindex_free(&vt->ids);
    free(vt->kept_of);
    free(vt->lists);
    free(vt->map);
    free(vt->src);
    for (size_t c = 0; vt->cv && c < vt->ncols; c++)
        free(vt->cv[c]);
    free(vt->cv);
    free(vt->cw);
    for (size_t c = 0; vt->derived && c < vt->ncols; c++)
        if (vt->derived[c] && vt->cols[c].type == PV_COL_CODE)
            free((void *)vt->dfrom[c]);
    free(vt->derived);
    free(vt->dfrom);
    memset(vt, 0, sizeof *vt);
}
