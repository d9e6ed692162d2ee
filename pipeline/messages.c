/* messages.c — see messages.h.  The file is small (tens of rows): a
 * validated table and a lookup by id through its index. */
#include "messages.h"

#include <glib.h>
#include <stdarg.h>
#include <string.h>

enum { MSG_KEY, MSG_FR, MSG_EN, MSG_NCOLS };
static const pv_colspec msg_cols[MSG_NCOLS] = {
    [MSG_KEY] = {"key", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [MSG_FR] = {"fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [MSG_EN] = {"en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
};

int pv_messages_load(pv_messages *m, const char *path, const char *const *need, size_t nneed,
                     pv_err *err)
{
    pv_rejects rej = {0};
    pv_vctx ctx = {0};
    int st;
    memset(m, 0, sizeof *m);
    if ((st = pv_vtable_load(&m->t, "messages", msg_cols, PV_NCOLS(msg_cols), path, path, &ctx, &rej, err)))
        goto out;
    if (rej.n) {
        const pv_reject *e = &rej.v[0];
        st = pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: %s%s%s ('%s')", e->file, e->line,
                        e->column, e->field, *e->field ? ": " : "", e->reason, e->value);
        goto out;
    }
    for (size_t i = 0; i < nneed; i++)
        if (pv_vtable_find(&m->t, need[i]) < 0) {
            st = pv_err_set(err, PV_EXIT_DATA, "%s: missing message ('%s')", path, need[i]);
            goto out;
        }
out:
    pv_rejects_free(&rej);
    return st;
}

const char *pv_msg(const pv_messages *m, const char *key, pv_lang lang)
{
    long r = m->t.n ? pv_vtable_find(&m->t, key) : -1;
    return r < 0 ? "" : pv_vtable_str(&m->t, (size_t)r, lang == PV_LANG_EN ? MSG_EN : MSG_FR);
}

char *pv_msg_fill(const pv_messages *m, const char *key, pv_lang lang, ...)
{
    GString *g = g_string_new(pv_msg(m, key, lang));
    va_list ap;
    va_start(ap, lang);
    for (const char *name; (name = va_arg(ap, const char *));) {
        const char *value = va_arg(ap, const char *);
        char *brace = g_strdup_printf("{%s}", name);
        g_string_replace(g, brace, value, 0);
        g_free(brace);
    }
    va_end(ap);
    return g_string_free(g, FALSE);
}

void pv_messages_free(pv_messages *m)
{
    if (m)
        pv_vtable_free(&m->t);
}
