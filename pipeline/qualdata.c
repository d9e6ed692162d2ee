/* qualdata.c — qualitative tables (see qualdata.h). */
#include "qualdata.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "refiqda.h"
#include "stage.h"
#include "textnorm.h"
#include "xalloc.h"

const char *const pv_ql_files[PV_QL_NTABLES] = {
    "codebook.csv", "sessions.csv", "excerpts.csv", "codings.csv", "privacy.csv"};
static const char *const names[PV_QL_NTABLES] = {
    "codebook", "sessions", "excerpts", "codings", "privacy"};

static const pv_colspec codebook_cols[] = {
    {"code", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"parent", PV_COL_REF, "codebook", 0, 0, PV_MAY_BE_EMPTY, NULL},
    {"label_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"label_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"valence", PV_COL_ENUM, "positive|negative|neutral", 0, 0, 0, NULL},
    {"description", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
};
static const pv_colspec sessions_cols[] = {
    {"session_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"kind", PV_COL_ENUM, "focus_group|interview", 0, 0, 0, NULL},
    {"group", PV_COL_CODE, "group", 0, 0, 0, NULL},
    {"region", PV_COL_CODE, "region", 0, 0, PV_MAY_BE_EMPTY, NULL},
    {"date", PV_COL_DATE, NULL, 0, 0, 0, NULL},
    {"participants", PV_COL_INT, NULL, 1, 1000, 0, NULL},
};
static const pv_colspec excerpts_cols[] = {
    {"excerpt_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"session_id", PV_COL_REF, "sessions", 0, 0, 0, NULL},
    {"speaker", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    {"text", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
};
static const pv_colspec codings_cols[] = {
    {"excerpt_id", PV_COL_REF, "excerpts", 0, 0, 0, NULL},
    {"coder", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"code", PV_COL_REF, "codebook", 0, 0, 0, NULL},
};
static const pv_colspec privacy_cols[] = {
    {"term", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"kind", PV_COL_ENUM, "name|place", 0, 0, 0, NULL},
};
static const struct {
    const pv_colspec *cols;
    size_t n;
} specs[PV_QL_NTABLES] = {
    {codebook_cols, 6}, {sessions_cols, 6}, {excerpts_cols, 4}, {codings_cols, 3},
    {privacy_cols, 2}};

/* Rules of the privacy list beyond each cell: a term must have a letter or
 * a digit (else it would match punctuation anywhere), and a term folded as
 * the qualitative stage folds it (pv_textnorm) must not repeat an earlier
 * one ("Rue  Papineau" is "rue Papineau"). */
static void check_privacy(pv_vtable *pr, pv_rejects *rej)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    unsigned char *drop = pv_xcalloc(pr->n + 1, 1);
    char why[128];
    for (size_t k = 0; k < pr->n; k++) {
        char *t = pv_textnorm(pv_vtable_str(pr, k, PR_TERM));
        long first = (long)GPOINTER_TO_SIZE(g_hash_table_lookup(seen, t));
        if (!pv_textnorm_has_alnum(t)) {
            pv_vtable_reject(pr, k, PR_TERM, "no letter or digit: would match punctuation anywhere",
                             rej, drop);
        } else if (first) {
            snprintf(why, sizeof why, "duplicate of line %ld (once case, accents, spaces and "
                     "dashes are folded)", first);
            pv_vtable_reject(pr, k, PR_TERM, why, rej, drop);
        } else {
            g_hash_table_insert(seen, t, GSIZE_TO_POINTER((gsize)pr->raw.line[pr->src[k]]));
            continue; /* seen owns t */
        }
        g_free(t);
    }
    pv_vtable_compact(pr, drop);
    free(drop);
    g_hash_table_destroy(seen);
}

/* The first (in file order) of the rejects from index `from` on, as an
 * error: a privacy list with an error cannot be trusted to protect anyone. */
static int privacy_error(const pv_rejects *rej, size_t from, pv_err *err)
{
    const pv_reject *e = &rej->v[from];
    for (size_t i = from + 1; i < rej->n; i++)
        if (rej->v[i].line < e->line || (rej->v[i].line == e->line && rej->v[i].column < e->column))
            e = &rej->v[i];
    return pv_err_set(err, PV_EXIT_DATA,
                      "%s:%ld:%d: %s%s%s ('%s'); an error in the privacy list stops the run: "
                      "a term left out would be quoted",
                      e->file, e->line, e->column, e->field, *e->field ? ": " : "", e->reason,
                      e->value);
}

int pv_qualdata_load(pv_qualdata *q, const char *dir, const char *privacy_dir,
                     const pv_dataset *d, pv_rejects *rej, pv_err *err)
{
    pv_vtable *tabs[PV_QL_NTABLES];
    pv_vctx ctx = {0};
    char path[4096];
    struct stat sb;
    int st;

    memset(q, 0, sizeof *q);
    snprintf(path, sizeof path, "%s/codebook.csv", dir);
    if (stat(path, &sb) != 0)
        return 0;
    q->present = 1;
    ctx = pv_dataset_vctx(d);
    ctx.tables = tabs;
    for (int i = 0; i < PV_QL_NTABLES; i++) {
        tabs[i] = &q->t[i];
        snprintf(path, sizeof path, "%s/%s", i == PV_QL_PRIVACY ? privacy_dir : dir, pv_ql_files[i]);
        if (i == PV_QL_PRIVACY && stat(path, &sb) != 0)
            break; /* optional */
        /* the codebook refers to itself: parents come first */
        ctx.ntables = (size_t)i + (i == PV_QL_CODEBOOK);
        size_t before = rej->n;
        if ((st = pv_vtable_load(&q->t[i], names[i], specs[i].cols, specs[i].n, path, path,
                                 &ctx, rej, err)))
            return st;
        if (i == PV_QL_CODINGS) {
            int key[3] = {CO_EXCERPT, CO_CODER, CO_CODE};
            pv_vtable_unique(&q->t[i], key, 3, "duplicate coding (same excerpt, coder and code)",
                             rej);
        }
        if (i == PV_QL_PRIVACY) {
            q->has_privacy = 1;
            check_privacy(&q->t[i], rej);
            if (rej->n > before)
                return privacy_error(rej, before, err);
        }
    }
    return 0;
}

int pv_qualdata_write_clean(const pv_qualdata *q, const char *dir, pv_err *err)
{
    char path[4096];
    if (!q->present)
        return 0;
    for (int i = 0; i < PV_QL_NTABLES; i++) {
        if (i == PV_QL_PRIVACY && !q->has_privacy)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, pv_ql_files[i]);
        pv_vtable_write(&q->t[i], path, err);
    }
    return err->status;
}

void pv_qualdata_free(pv_qualdata *q)
{
    if (!q)
        return;
    for (int i = 0; i < PV_QL_NTABLES; i++)
        pv_vtable_free(&q->t[i]);
    memset(q, 0, sizeof *q);
}

int pv_qualdata_import(const char *dir, const char *import_dir, int *imported,
                       pv_rejects *rej, pv_err *err)
{
    static const char *const names_[] = {"qualitative.qdpx", "qualitative.qde"};
    char path[4096];
    struct stat sb;
    pv_refiqda r;
    pv_err e = {0};
    *imported = 0;
    for (size_t i = 0; i < sizeof names_ / sizeof *names_; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names_[i]);
        if (stat(path, &sb) != 0)
            continue;
        memset(&r, 0, sizeof r);
        int st = pv_refiqda_read(&r, path, path, &e);
        for (size_t w = 0; w < r.n_warnings; w++)
            pv_warn("%s", r.warnings[w]);
        if (st) {
            pv_rejects_add(rej, path, 1, 0, "", "", e.msg);
            pv_refiqda_free(&r);
            return pv_err_set(err, st, "%s", e.msg);
        }
        if (pv_mkdirs(import_dir, err) == 0)
            pv_refiqda_write(&r, import_dir, err);
        pv_refiqda_free(&r);
        *imported = err->status == 0;
        return err->status;
    }
    return 0;
}
