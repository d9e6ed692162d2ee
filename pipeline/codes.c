/* codes.c — code lists (see codes.h). */
#include "codes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

const pv_colspec pv_codes_cols[CODE_NCOLS] = {
    [CODE_LIST] = {"list", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [CODE_CODE] = {"code", PV_COL_KEY, NULL, 0, 0, 0, NULL}, /* unique per list: below */
    /* a dataset in one language has one of the two (checked per row below) */
    [CODE_LABEL_FR] = {"label_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [CODE_LABEL_EN] = {"label_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
};

/* ---------------------------------------------------------------- labels in one language */

void pv_label_check(pv_vtable *vt, int fr, int en, const char *why, pv_rejects *rej)
{
    unsigned char *drop = pv_xcalloc(vt->n + 1, 1);
    size_t bad = 0;
    for (size_t r = 0; r < vt->n; r++)
        if (!*pv_vtable_str(vt, r, (size_t)fr) && !*pv_vtable_str(vt, r, (size_t)en)) {
            pv_vtable_reject(vt, r, vt->map[fr] >= 0 ? fr : vt->map[en] >= 0 ? en : -1, why, rej,
                             drop);
            bad++;
        }
    if (bad)
        pv_vtable_compact(vt, drop);
    free(drop);
}

const char *pv_label_get(const pv_vtable *vt, size_t row, int col, int other)
{
    const char *s = pv_vtable_str(vt, row, (size_t)col);
    return *s ? s : pv_vtable_str(vt, row, (size_t)other);
}

static void free_array(gpointer p)
{
    g_array_free(p, TRUE);
}

/* Group the kept rows by list (a code repeated in its list was rejected). */
static void build_index(pv_codes *c)
{
    pv_vtable *vt = &c->vt;
    for (size_t r = 0; r < vt->n; r++) {
        const char *list = pv_vtable_str(vt, r, CODE_LIST);
        GArray *a = g_hash_table_lookup(c->lists, list);
        if (!a) {
            a = g_array_new(FALSE, FALSE, sizeof(size_t));
            g_hash_table_insert(c->lists, (gpointer)list, a);
        }
        g_array_append_val(a, r);
    }
}

int pv_codes_load(pv_codes *c, const char *path, const char *msgname,
                  const pv_vctx *ctx, pv_rejects *rej, pv_err *err)
{
    memset(c, 0, sizeof *c);
    c->lists = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free_array);
    int st = pv_vtable_load(&c->vt, "codes", pv_codes_cols, PV_NCOLS(pv_codes_cols),
                            path, msgname, ctx, rej, err);
    if (st)
        return st;
    pv_vtable_unique2(&c->vt, CODE_LIST, CODE_CODE, "duplicate code in its list", rej);
    pv_label_check(&c->vt, CODE_LABEL_FR, CODE_LABEL_EN,
                   "no label: label_fr or label_en (one language at least)", rej);
    build_index(c);
    return 0;
}

const GArray *pv_codes_list(const pv_codes *c, const char *list)
{
    return g_hash_table_lookup(c->lists, list);
}

int pv_codes_find_in(const pv_codes *c, const GArray *a, const char *code)
{
    for (guint i = 0; a && i < a->len; i++)
        if (strcmp(pv_vtable_str(&c->vt, g_array_index(a, size_t, i), CODE_CODE), code) == 0)
            return (int)i;
    return -1;
}

int pv_codes_find(const pv_codes *c, const char *list, const char *code)
{
    return pv_codes_find_in(c, pv_codes_list(c, list), code);
}

int pv_codes_count(const pv_codes *c, const char *list)
{
    GArray *a = g_hash_table_lookup(c->lists, list);
    return a ? (int)a->len : 0;
}

static const char *field(const pv_codes *c, const char *list, int i, size_t col)
{
    GArray *a = g_hash_table_lookup(c->lists, list);
    if (!a || i < 0 || (guint)i >= a->len)
        return "?";
    return pv_vtable_str(&c->vt, g_array_index(a, size_t, (guint)i), col);
}

const char *pv_codes_code(const pv_codes *c, const char *list, int i)
{
    return field(c, list, i, CODE_CODE);
}

const char *pv_codes_label(const pv_codes *c, const char *list, int i, pv_lang lang)
{
    const char *s = field(c, list, i, lang == PV_LANG_EN ? CODE_LABEL_EN : CODE_LABEL_FR);
    return *s ? s : field(c, list, i, lang == PV_LANG_EN ? CODE_LABEL_FR : CODE_LABEL_EN);
}

void pv_codes_free(pv_codes *c)
{
    if (!c)
        return;
    if (c->lists)
        g_hash_table_destroy(c->lists);
    pv_vtable_free(&c->vt);
    memset(c, 0, sizeof *c);
}
