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

static const pv_colspec codebook_cols[CB_NCOLS] = {
    [CB_CODE] = {"code", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [CB_PARENT] = {"parent", PV_COL_REF, "codebook", 0, 0, PV_MAY_BE_EMPTY, NULL},
    /* one language at least, or none: the code is its own label (qualitative.c) */
    [CB_LABEL_FR] = {"label_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [CB_LABEL_EN] = {"label_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [CB_VALENCE] = {"valence", PV_COL_ENUM, "positive|negative|neutral", 0, 0, 0, NULL},
    [CB_DESCRIPTION] = {"description", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
};
static const pv_colspec sessions_cols[SE_NCOLS] = {
    [SE_ID] = {"session_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    /* attributes: optional, since real exports rarely carry them; the
     * analyses that need one say how many sessions lack it */
    [SE_KIND] = {"kind", PV_COL_ENUM, "focus_group|interview", 0, 0, PV_MAY_BE_EMPTY, NULL},
    [SE_GROUP] = {"group", PV_COL_CODE, "group", 0, 0, PV_MAY_BE_EMPTY, NULL},
    [SE_REGION] = {"region", PV_COL_CODE, "region", 0, 0, PV_MAY_BE_EMPTY, NULL},
    [SE_DATE] = {"date", PV_COL_DATE, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [SE_PARTICIPANTS] = {"participants", PV_COL_INT, NULL, 1, 1000, PV_MAY_BE_EMPTY, NULL},
};
static const pv_colspec excerpts_cols[EX_NCOLS] = {
    [EX_ID] = {"excerpt_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [EX_SESSION] = {"session_id", PV_COL_REF, "sessions", 0, 0, 0, NULL},
    [EX_SPEAKER] = {"speaker", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    /* empty when a project's source text is not available: the passage
     * counts, and is never quoted */
    [EX_TEXT] = {"text", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    /* the passage's place in its session's text, in characters, 0-based,
     * end exclusive (REFI-QDA's startPosition / endPosition); optional,
     * for the span-based agreement units */
    [EX_START] = {"start", PV_COL_INT, NULL, 0, 2147483647, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [EX_END] = {"end", PV_COL_INT, NULL, 0, 2147483647, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
};
static const pv_colspec codings_cols[CO_NCOLS] = {
    [CO_EXCERPT] = {"excerpt_id", PV_COL_REF, "excerpts", 0, 0, 0, NULL},
    [CO_CODER] = {"coder", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [CO_CODE] = {"code", PV_COL_REF, "codebook", 0, 0, 0, NULL},
};
static const pv_colspec privacy_cols[PR_NCOLS] = {
    [PR_TERM] = {"term", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [PR_KIND] = {"kind", PV_COL_ENUM, "name|place", 0, 0, 0, NULL},
};
static const struct {
    const pv_colspec *cols;
    size_t n;
} specs[PV_QL_NTABLES] = {
    [PV_QL_CODEBOOK] = {codebook_cols, PV_NCOLS(codebook_cols)},
    [PV_QL_SESSIONS] = {sessions_cols, PV_NCOLS(sessions_cols)},
    [PV_QL_EXCERPTS] = {excerpts_cols, PV_NCOLS(excerpts_cols)},
    [PV_QL_CODINGS] = {codings_cols, PV_NCOLS(codings_cols)},
    [PV_QL_PRIVACY] = {privacy_cols, PV_NCOLS(privacy_cols)}};

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

/* A span is both ends or neither, and ends after it starts. */
static void check_spans(pv_vtable *ex, pv_rejects *rej)
{
    unsigned char *drop = pv_xcalloc(ex->n + 1, 1);
    for (size_t k = 0; k < ex->n; k++) {
        int64_t a = pv_vtable_val(ex, k, EX_START).i, b = pv_vtable_val(ex, k, EX_END).i;
        if ((a < 0) != (b < 0))
            pv_vtable_reject(ex, k, a < 0 ? EX_START : EX_END,
                             "start and end go together: both or neither", rej, drop);
        else if (a >= 0 && b <= a)
            pv_vtable_reject(ex, k, EX_END, "the span ends before it starts (end must exceed start)",
                             rej, drop);
    }
    pv_vtable_compact(ex, drop);
    free(drop);
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

    memset(q->t, 0, sizeof q->t); /* the project's fields stay */
    q->present = q->has_privacy = 0;
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
        if (i == PV_QL_EXCERPTS)
            check_spans(&q->t[i], rej);
        if (i == PV_QL_CODINGS) {
            int key[] = {CO_EXCERPT, CO_CODER, CO_CODE};
            pv_vtable_unique(&q->t[i], key, PV_NCOLS(key),
                             "duplicate coding (same excerpt, coder and code)", rej);
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
    pv_vtable_free(&q->attrs);
    free(q->project.name);
    memset(q, 0, sizeof *q);
}

/* A GUID as the import compares them: no braces, spaces or case. */
static char *guid_fold(const char *g)
{
    char *s = g_ascii_strdown(g, -1), *p = s;
    for (const char *c = s; *c; c++)
        if (*c != '{' && *c != '}' && *c != ' ')
            *p++ = *c;
    *p = '\0';
    return s;
}

/* The session (row of r->sessions) that attribute row k names, or -1 with
 * the row rejected. */
static long attrs_session(pv_qualdata *q, const pv_refiqda *r, size_t k, const char *project,
                          long *claimed, pv_rejects *rej, unsigned char *drop)
{
    const char *id = pv_vtable_str(&q->attrs, k, SE_ID);
    char *g = guid_fold(id), why[1024];
    long src = -1, ses = -1;
    for (size_t i = 0; i < r->sources.n_rows && src < 0; i++)
        if (strcmp(pv_strtab_get(&r->sources, i, PV_QSO_SOURCE), id) == 0 ||
            (*g && strcmp(pv_strtab_get(&r->sources, i, PV_QSO_GUID), g) == 0))
            src = (long)i;
    g_free(g);
    if (src < 0) {
        snprintf(why, sizeof why, "no text source of %s has this name or GUID", project);
        pv_vtable_reject(&q->attrs, k, SE_ID, why, rej, drop);
        return -1;
    }
    const char *kind = pv_strtab_get(&r->sources, (size_t)src, PV_QSO_KIND);
    if (strcmp(kind, "text") != 0) {
        snprintf(why, sizeof why, "a %s source of %s: only text sources are sessions", kind,
                 project);
        pv_vtable_reject(&q->attrs, k, SE_ID, why, rej, drop);
        return -1;
    }
    const char *sid = pv_strtab_get(&r->sources, (size_t)src, PV_QSO_SOURCE);
    for (size_t i = 0; i < r->sessions.n_rows && ses < 0; i++)
        if (strcmp(pv_strtab_get(&r->sessions, i, PV_QSE_ID), sid) == 0)
            ses = (long)i;
    if (ses >= 0 && claimed[ses]) {
        snprintf(why, sizeof why, "the same session ('%s') as line %ld", sid, claimed[ses]);
        pv_vtable_reject(&q->attrs, k, SE_ID, why, rej, drop);
        return -1;
    }
    if (ses >= 0)
        claimed[ses] = q->attrs.raw.line[q->attrs.src[k]];
    return ses;
}

/* sessions.csv beside the project: validate it, then lay its non-empty
 * cells over the project's attributes. */
static int attrs_apply(pv_qualdata *q, pv_refiqda *r, const char *path, const char *project,
                       const pv_dataset *d, pv_rejects *rej, pv_err *err)
{
    pv_vctx ctx = pv_dataset_vctx(d);
    int st = pv_vtable_load(&q->attrs, "sessions", sessions_cols, PV_NCOLS(sessions_cols), path, path, &ctx, rej, err);
    if (st)
        return st;
    q->has_attrs = 1;
    long *claimed = pv_xcalloc(r->sessions.n_rows + 1, sizeof *claimed);
    unsigned char *drop = pv_xcalloc(q->attrs.n + 1, 1);
    long *row = pv_xcalloc(q->attrs.n + 1, sizeof *row);
    for (size_t k = 0; k < q->attrs.n; k++)
        row[k] = attrs_session(q, r, k, project, claimed, rej, drop);
    for (size_t k = 0; k < q->attrs.n; k++)
        for (size_t c = SE_KIND; !drop[k] && row[k] >= 0 && c <= SE_PARTICIPANTS; c++) {
            const char *v = pv_vtable_str(&q->attrs, k, c);
            char **cell = &r->sessions.cells[(size_t)row[k] * r->sessions.n_cols + c];
            if (*v) {
                free(*cell);
                *cell = pv_xstrdup(v);
            }
        }
    pv_vtable_compact(&q->attrs, drop);
    free(claimed), free(drop), free(row);
    return 0;
}

int pv_qualdata_import(pv_qualdata *q, const char *dir, const char *import_dir,
                       const pv_dataset *d, pv_rejects *rej, pv_err *err)
{
    static const char *const names_[] = {"qualitative.qdpx", "qualitative.qde"};
    char path[4096], attrs[4096];
    struct stat sb;
    pv_refiqda r;
    pv_err e = {0};
    for (size_t i = 0; i < sizeof names_ / sizeof *names_; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names_[i]);
        if (stat(path, &sb) != 0)
            continue;
        q->has_project = 1;
        q->project.name = pv_xstrdup(path);
        q->project.encoding = "";
        q->project.bytes = (size_t)sb.st_size;
        memset(&r, 0, sizeof r);
        int st = pv_refiqda_read(&r, path, path, &e);
        for (size_t w = 0; w < r.n_warnings; w++)
            pv_warn("%s", r.warnings[w]);
        if (st == PV_EXIT_DATA) { /* the project is one reject: go on without it */
            pv_warn("%s", e.msg);
            q->project_read = q->project_rejected = 1;
            pv_rejects_add(rej, path, 1, 0, "", "", e.msg);
            pv_refiqda_free(&r);
            return 0;
        }
        if (st) {
            pv_refiqda_free(&r);
            return pv_err_set(err, st, "%s", e.msg);
        }
        q->project_read = r.n_read;
        q->project_kept = r.n_kept;
        q->project_rejected = r.n_rejects;
        for (size_t k = 0; k < r.n_rejects; k++)
            pv_rejects_add(rej, path, r.rejects[k].line, 0, r.rejects[k].field,
                           r.rejects[k].value, r.rejects[k].reason);
        snprintf(attrs, sizeof attrs, "%s/sessions.csv", dir);
        if (stat(attrs, &sb) == 0)
            attrs_apply(q, &r, attrs, names_[i], d, rej, err);
        if (!err->status && pv_mkdirs(import_dir, err) == 0)
            pv_refiqda_write(&r, import_dir, err);
        pv_refiqda_free(&r);
        q->imported = err->status == 0;
        return err->status;
    }
    return 0;
}
