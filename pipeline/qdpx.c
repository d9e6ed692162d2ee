/* qdpx.c — the clean qualitative tables into a REFI-QDA .qdpx (qdpx.h).
 *
 * The tables are read whole (pv_table), indexed with GHashTables of
 * borrowed strings, the XML written into memory, then the archive built
 * from memory buffers.  Allocation: GLib (g_new, g_strdup, GString).
 */
#include "qdpx.h"

#include <errno.h>
#include <glib.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "refiqda.h"
#include "rejects.h"
#include "stage.h"
#include "table.h"

#define NS "urn:QDA-XML:project:1.0"

enum { T_CODEBOOK, T_SESSIONS, T_EXCERPTS, T_CODINGS, T_CONFIG, T_N };
static const char *const files[T_N] = {"codebook.csv", "sessions.csv", "excerpts.csv",
                                       "codings.csv", "config.csv"};

/* Session attributes: column, Variable type, value element. */
static const struct {
    const char *name, *type, *element;
} attrs[] = {
    {"kind", "Text", "TextValue"},     {"group", "Text", "TextValue"},
    {"region", "Text", "TextValue"},   {"date", "Date", "DateValue"},
    {"participants", "Integer", "IntegerValue"},
};
#define N_ATTR (sizeof attrs / sizeof *attrs)

typedef struct {
    size_t row;             /* excerpts.csv row */
    long start, end;        /* in the rebuilt text */
} xpl;

typedef struct {
    pv_table t[T_N];
    /* columns */
    int cb[6], se[1 + N_ATTR], ex[6], co[3];
    GHashTable *code_row;   /* code -> row + 1 */
    GHashTable *ses_row;    /* session_id -> row + 1 */
    GHashTable *ex_row;     /* excerpt_id -> row + 1 */
    GPtrArray *coders;      /* borrowed, order of first coding */
    GPtrArray *speakers;    /* borrowed, order of first excerpt */
    GHashTable *seen;       /* coders and speakers seen (borrowed) */
    GArray **ses_ex;        /* per session: its excerpts (xpl) */
    GArray **ex_cod;        /* per excerpt: its codings (size_t rows) */
    char **texts;           /* per session: rebuilt text (g_malloc'd) */
    pv_qdpx_summary *s;
} exporter;

static void warn(exporter *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(exporter *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    x->s->warnings = g_renew(char *, x->s->warnings, x->s->n_warnings + 1);
    x->s->warnings[x->s->n_warnings++] = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

static const char *cell(const exporter *x, int t, size_t row, int col)
{
    return col < 0 ? "" : pv_table_get(&x->t[t], row, (size_t)col);
}

/* ---------------------------------------------------------------- reading */

static int columns(exporter *x, int t, const char *const *names, int *cols, size_t n,
                   size_t n_required, pv_err *err)
{
    for (size_t i = 0; i < n; i++) {
        cols[i] = pv_table_col(&x->t[t], names[i]);
        if (cols[i] < 0 && i < n_required)
            return pv_err_set(err, PV_EXIT_DATA, "%s: no column '%s'", x->t[t].name, names[i]);
    }
    return 0;
}

static int read_tables(exporter *x, const char *dir, pv_err *err)
{
    static const char *const cb[] = {"code", "parent", "label_fr", "label_en", "valence",
                                     "description"};
    static const char *const se[] = {"session_id", "kind", "group", "region", "date",
                                     "participants"};
    static const char *const ex[] = {"excerpt_id", "session_id", "speaker", "text", "start",
                                     "end"};
    static const char *const co[] = {"excerpt_id", "coder", "code"};
    pv_table_opts o = {',', PV_ENC_UTF8};
    pv_rejects rej = {0};
    for (int i = 0; i < T_N && !err->status; i++) {
        char *path = g_build_filename(dir, files[i], NULL);
        if (pv_table_read(&x->t[i], path, path, &o, &rej, err) == 0 && rej.n)
            pv_err_set(err, PV_EXIT_DATA, "%s:%ld: %s (not a clean table: run ingest)", path,
                       rej.v[0].line, rej.v[0].reason);
        g_free(path);
    }
    pv_rejects_free(&rej);
    if (!err->status)
        columns(x, T_CODEBOOK, cb, x->cb, 6, 2, err);
    for (int i = 4; i < 6 && !err->status; i++) /* the labels may be in one language only */
        if (x->cb[i] < 0)
            pv_err_set(err, PV_EXIT_DATA, "%s: no column '%s'", x->t[T_CODEBOOK].name, cb[i]);
    if (!err->status)
        columns(x, T_SESSIONS, se, x->se, 6, 1, err);
    if (!err->status)
        columns(x, T_EXCERPTS, ex, x->ex, 6, 4, err);
    if (!err->status)
        columns(x, T_CODINGS, co, x->co, 3, 3, err);
    return err->status;
}

/* key -> row + 1 for column col of table t; a duplicate is an error. */
static GHashTable *index_of(exporter *x, int t, int col, pv_err *err)
{
    GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t r = 0; r < x->t[t].n_rows && !err->status; r++) {
        const char *k = cell(x, t, r, col);
        if (g_hash_table_contains(h, k))
            pv_err_set(err, PV_EXIT_DATA, "%s:%ld: '%s' twice (not a clean table: run ingest)",
                       x->t[t].name, x->t[t].line[r], k);
        g_hash_table_insert(h, (char *)k, GSIZE_TO_POINTER(r + 1));
    }
    return h;
}

static long lookup(GHashTable *h, const char *k)
{
    return (long)GPOINTER_TO_SIZE(g_hash_table_lookup(h, k)) - 1;
}

/* A position cell: -1 when empty or unreadable. */
static long pos(const char *s)
{
    char *end;
    if (!*s)
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    return errno || *end || v < 0 ? -1 : v;
}

static int link_rows(exporter *x, pv_err *err)
{
    size_t ns = x->t[T_SESSIONS].n_rows, ne = x->t[T_EXCERPTS].n_rows;
    x->code_row = index_of(x, T_CODEBOOK, x->cb[0], err);
    x->ses_row = index_of(x, T_SESSIONS, x->se[0], err);
    x->ex_row = index_of(x, T_EXCERPTS, x->ex[0], err);
    x->coders = g_ptr_array_new();
    x->speakers = g_ptr_array_new();
    x->seen = g_hash_table_new(g_str_hash, g_str_equal);
    x->ses_ex = g_new0(GArray *, ns + 1);
    x->ex_cod = g_new0(GArray *, ne + 1);
    x->texts = g_new0(char *, ns + 1);
    for (size_t i = 0; i < ns; i++)
        x->ses_ex[i] = g_array_new(FALSE, FALSE, sizeof(xpl));
    for (size_t i = 0; i < ne; i++)
        x->ex_cod[i] = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (size_t r = 0; r < x->t[T_CODEBOOK].n_rows && !err->status; r++) {
        const char *p = cell(x, T_CODEBOOK, r, x->cb[1]);
        if (*p && lookup(x->code_row, p) < 0)
            pv_err_set(err, PV_EXIT_DATA, "%s:%ld: parent '%s' not in the codebook",
                       x->t[T_CODEBOOK].name, x->t[T_CODEBOOK].line[r], p);
    }
    for (size_t r = 0; r < ne && !err->status; r++) {
        long s = lookup(x->ses_row, cell(x, T_EXCERPTS, r, x->ex[1]));
        const char *sp = cell(x, T_EXCERPTS, r, x->ex[2]);
        if (s < 0) {
            pv_err_set(err, PV_EXIT_DATA, "%s:%ld: session '%s' not in sessions.csv",
                       x->t[T_EXCERPTS].name, x->t[T_EXCERPTS].line[r],
                       cell(x, T_EXCERPTS, r, x->ex[1]));
            break;
        }
        xpl e = {r, pos(cell(x, T_EXCERPTS, r, x->ex[4])), pos(cell(x, T_EXCERPTS, r, x->ex[5]))};
        g_array_append_val(x->ses_ex[s], e);
        if (*sp && !g_hash_table_contains(x->seen, sp)) {
            g_hash_table_add(x->seen, (char *)sp);
            g_ptr_array_add(x->speakers, (char *)sp);
        }
    }
    g_hash_table_remove_all(x->seen);
    for (size_t r = 0; r < x->t[T_CODINGS].n_rows && !err->status; r++) {
        long e = lookup(x->ex_row, cell(x, T_CODINGS, r, x->co[0]));
        const char *coder = cell(x, T_CODINGS, r, x->co[1]);
        const char *code = cell(x, T_CODINGS, r, x->co[2]);
        if (e < 0 || lookup(x->code_row, code) < 0) {
            pv_err_set(err, PV_EXIT_DATA, "%s:%ld: %s '%s' unknown", x->t[T_CODINGS].name,
                       x->t[T_CODINGS].line[r], e < 0 ? "excerpt" : "code",
                       e < 0 ? cell(x, T_CODINGS, r, x->co[0]) : code);
            break;
        }
        g_array_append_val(x->ex_cod[e], r);
        if (!g_hash_table_contains(x->seen, coder)) {
            g_hash_table_add(x->seen, (char *)coder);
            g_ptr_array_add(x->coders, (char *)coder);
        }
    }
    return err->status;
}

/* ---------------------------------------------------------------- texts */

/* Each excerpt at its place (qdpx.h, "placed"); NULL when they do not fit. */
static char *text_placed(exporter *x, GArray *ex)
{
    long len = 0;
    for (guint i = 0; i < ex->len; i++) {
        xpl *e = &g_array_index(ex, xpl, i);
        if (e->start < 0 || e->end <= e->start)
            return NULL;
        len = MAX(len, e->end);
    }
    gunichar *u = g_new0(gunichar, (gsize)len + 1);
    int ok = 1;
    for (guint i = 0; i < ex->len && ok; i++) {
        xpl *e = &g_array_index(ex, xpl, i);
        glong n = 0;
        gunichar *t = g_utf8_to_ucs4_fast(cell(x, T_EXCERPTS, e->row, x->ex[3]), -1, &n);
        ok = n == e->end - e->start;
        for (long k = 0; ok && k < n; k++) {
            ok = t[k] != 0 && (u[e->start + k] == 0 || u[e->start + k] == t[k]);
            u[e->start + k] = t[k];
        }
        g_free(t);
    }
    for (long k = 0; ok && k < len; k++)
        if (u[k] == 0)
            u[k] = k + 1 < len && u[k + 1] != 0 ? '\n' : ' ';
    char *s = ok ? g_ucs4_to_utf8(u, len, NULL, NULL, NULL) : NULL;
    g_free(u);
    return s;
}

/* The excerpts one after the other (qdpx.h, "joined"); sets the spans. */
static char *text_joined(exporter *x, GArray *ex)
{
    GString *s = g_string_new(NULL);
    long at = 0;
    for (guint i = 0; i < ex->len; i++) {
        xpl *e = &g_array_index(ex, xpl, i);
        const char *t = cell(x, T_EXCERPTS, e->row, x->ex[3]);
        if (i) {
            g_string_append(s, "\n\n");
            at += 2;
        }
        e->start = at;
        e->end = at += g_utf8_strlen(t, -1);
        g_string_append(s, t);
    }
    return g_string_free(s, FALSE);
}

static void texts_build(exporter *x)
{
    for (size_t i = 0; i < x->t[T_SESSIONS].n_rows; i++) {
        GArray *ex = x->ses_ex[i];
        int some = 0;
        for (guint k = 0; k < ex->len; k++)
            some |= g_array_index(ex, xpl, k).start >= 0;
        if (ex->len && (x->texts[i] = text_placed(x, ex))) {
            x->s->placed++;
            continue;
        }
        if (some)
            warn(x, "session '%s': the excerpts' start and end do not fit one text (a length "
                    "that is not end - start, or overlaps that differ): its text is the "
                    "excerpts one after the other, with new positions",
                 cell(x, T_SESSIONS, i, x->se[0]));
        x->texts[i] = text_joined(x, ex);
        x->s->joined++;
    }
}

/* ---------------------------------------------------------------- XML */

static void uuid(const char *kind, const char *name, char out[37])
{
    pv_refiqda_uuid(kind, name, out);
}

static void el_start(xmlTextWriterPtr w, const char *name)
{
    xmlTextWriterStartElement(w, (const xmlChar *)name);
}

static void at(xmlTextWriterPtr w, const char *name, const char *value)
{
    xmlTextWriterWriteAttribute(w, (const xmlChar *)name, (const xmlChar *)value);
}

static void el_end(xmlTextWriterPtr w)
{
    xmlTextWriterEndElement(w);
}

static void text_el(xmlTextWriterPtr w, const char *name, const char *text)
{
    xmlTextWriterWriteElement(w, (const xmlChar *)name, (const xmlChar *)text);
}

static void ref(xmlTextWriterPtr w, const char *element, const char *kind, const char *name)
{
    char g[37];
    uuid(kind, name, g);
    el_start(w, element);
    at(w, "targetGUID", g);
    el_end(w);
}

static void write_users(exporter *x, xmlTextWriterPtr w)
{
    char g[37];
    if (!x->coders->len)
        return;
    el_start(w, "Users");
    for (guint i = 0; i < x->coders->len; i++) {
        uuid("user", x->coders->pdata[i], g);
        el_start(w, "User");
        at(w, "guid", g);
        at(w, "name", x->coders->pdata[i]);
        el_end(w);
    }
    el_end(w);
    x->s->users = x->coders->len;
}

/* A code's name the import would read otherwise (refiqda.h, codebook). */
static void check_code_name(exporter *x, const char *c)
{
    if (strstr(c, "::") || ((c[0] == '+' || c[0] == '-') && c[1]) ||
        strncmp(c, "\xe2\x88\x92", 3) == 0)
        warn(x, "code '%s': a name with '::' or starting with '+', '-' or '−' is read back "
                "by the import as an ATLAS.ti path or a valence mark", c);
}

static void write_code(exporter *x, xmlTextWriterPtr w, size_t r, GArray **children)
{
    const char *code = cell(x, T_CODEBOOK, r, x->cb[0]), *d = cell(x, T_CODEBOOK, r, x->cb[5]);
    char g[37];
    uuid("code", code, g);
    check_code_name(x, code);
    el_start(w, "Code");
    at(w, "guid", g);
    at(w, "name", code);
    at(w, "isCodable", "true");
    char *desc = g_strdup_printf("%s%slabel_fr: %s\nlabel_en: %s\nvalence: %s", d, *d ? "\n" : "",
                                 cell(x, T_CODEBOOK, r, x->cb[2]), cell(x, T_CODEBOOK, r, x->cb[3]),
                                 cell(x, T_CODEBOOK, r, x->cb[4]));
    text_el(w, "Description", desc);
    g_free(desc);
    for (guint i = 0; children[r] && i < children[r]->len; i++)
        write_code(x, w, g_array_index(children[r], size_t, i), children);
    el_end(w);
    x->s->codes++;
}

static void write_codebook(exporter *x, xmlTextWriterPtr w)
{
    size_t n = x->t[T_CODEBOOK].n_rows;
    GArray **children = g_new0(GArray *, n + 1);
    if (!n)
        goto done;
    for (size_t r = 0; r < n; r++) {
        long p = lookup(x->code_row, cell(x, T_CODEBOOK, r, x->cb[1]));
        size_t k = p < 0 ? n : (size_t)p; /* n: the roots */
        if (!children[k])
            children[k] = g_array_new(FALSE, FALSE, sizeof(size_t));
        g_array_append_val(children[k], r);
    }
    el_start(w, "CodeBook");
    el_start(w, "Codes");
    for (guint i = 0; children[n] && i < children[n]->len; i++)
        write_code(x, w, g_array_index(children[n], size_t, i), children);
    el_end(w);
    el_end(w);
done:
    for (size_t r = 0; r <= n; r++)
        if (children[r])
            g_array_free(children[r], TRUE);
    g_free(children);
}

/* Whether some session has attribute a. */
static int has_attr(exporter *x, size_t a)
{
    for (size_t r = 0; r < x->t[T_SESSIONS].n_rows; r++)
        if (*cell(x, T_SESSIONS, r, x->se[1 + a]))
            return 1;
    return 0;
}

static void write_variables(exporter *x, xmlTextWriterPtr w)
{
    char g[37];
    int any = 0;
    for (size_t a = 0; a < N_ATTR; a++) {
        if (!has_attr(x, a))
            continue;
        if (!any++)
            el_start(w, "Variables");
        uuid("variable", attrs[a].name, g);
        el_start(w, "Variable");
        at(w, "guid", g);
        at(w, "name", attrs[a].name);
        at(w, "typeOfVariable", attrs[a].type);
        el_end(w);
    }
    if (any)
        el_end(w);
}

static void write_cases(exporter *x, xmlTextWriterPtr w)
{
    char g[37];
    if (!x->speakers->len)
        return;
    el_start(w, "Cases");
    for (guint i = 0; i < x->speakers->len; i++) {
        const char *sp = x->speakers->pdata[i];
        uuid("speaker", sp, g);
        el_start(w, "Case");
        at(w, "guid", g);
        at(w, "name", sp);
        for (size_t r = 0; r < x->t[T_EXCERPTS].n_rows; r++)
            if (strcmp(cell(x, T_EXCERPTS, r, x->ex[2]), sp) == 0)
                ref(w, "SelectionRef", "excerpt", cell(x, T_EXCERPTS, r, x->ex[0]));
        el_end(w);
    }
    el_end(w);
    x->s->cases = x->speakers->len;
}

static void write_selection(exporter *x, xmlTextWriterPtr w, const xpl *e)
{
    const char *eid = cell(x, T_EXCERPTS, e->row, x->ex[0]);
    char g[37], num[32];
    uuid("excerpt", eid, g);
    el_start(w, "PlainTextSelection");
    at(w, "guid", g);
    at(w, "name", eid);
    snprintf(num, sizeof num, "%ld", e->start);
    at(w, "startPosition", num);
    snprintf(num, sizeof num, "%ld", e->end);
    at(w, "endPosition", num);
    GArray *cod = x->ex_cod[e->row];
    for (guint i = 0; i < cod->len; i++) {
        size_t r = g_array_index(cod, size_t, i);
        const char *coder = cell(x, T_CODINGS, r, x->co[1]), *code = cell(x, T_CODINGS, r, x->co[2]);
        char *key = g_strdup_printf("%s\n%s\n%s", eid, coder, code);
        uuid("coding", key, g);
        g_free(key);
        el_start(w, "Coding");
        at(w, "guid", g);
        uuid("user", coder, g);
        at(w, "creatingUser", g);
        ref(w, "CodeRef", "code", code);
        el_end(w);
        x->s->codings++;
    }
    el_end(w);
    x->s->excerpts++;
}

static void write_sources(exporter *x, xmlTextWriterPtr w)
{
    char g[37], *path;
    if (!x->t[T_SESSIONS].n_rows)
        return;
    el_start(w, "Sources");
    for (size_t i = 0; i < x->t[T_SESSIONS].n_rows; i++) {
        const char *sid = cell(x, T_SESSIONS, i, x->se[0]);
        uuid("session", sid, g);
        el_start(w, "TextSource");
        at(w, "guid", g);
        at(w, "name", sid);
        path = g_strdup_printf("internal://%s.txt", g);
        at(w, "plainTextPath", path);
        g_free(path);
        for (guint k = 0; k < x->ses_ex[i]->len; k++)
            write_selection(x, w, &g_array_index(x->ses_ex[i], xpl, k));
        for (size_t a = 0; a < N_ATTR; a++) {
            const char *v = cell(x, T_SESSIONS, i, x->se[1 + a]);
            if (!*v)
                continue;
            el_start(w, "VariableValue");
            ref(w, "VariableRef", "variable", attrs[a].name);
            text_el(w, attrs[a].element, v);
            el_end(w);
        }
        el_end(w);
        x->s->sessions++;
    }
    el_end(w);
}

/* The config's value for key, or "". */
static const char *config(const exporter *x, const char *key)
{
    const pv_table *c = &x->t[T_CONFIG];
    for (size_t r = 0; c->n_cols >= 2 && r < c->n_rows; r++)
        if (strcmp(pv_table_get(c, r, 0), key) == 0)
            return pv_table_get(c, r, 1);
    return "";
}

static xmlBufferPtr write_xml(exporter *x, pv_err *err)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    const char *title = config(x, "title_fr");
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
    xmlTextWriterStartDocument(w, "1.0", "utf-8", NULL);
    el_start(w, "Project");
    at(w, "xmlns", NS);
    at(w, "name", *title ? title : "proxeval");
    at(w, "origin", "proxeval");
    write_users(x, w);
    write_codebook(x, w);
    write_variables(x, w);
    write_cases(x, w);
    write_sources(x, w);
    if (xmlTextWriterEndDocument(w) < 0)
        pv_err_set(err, PV_EXIT_IO, "project.qde: the XML writer failed");
    xmlFreeTextWriter(w); /* flushes into buf */
    return buf;
}

/* ---------------------------------------------------------------- archive */

/* period_end as an MS-DOS date (a time-zone-free zip timestamp). */
static int dos_date(exporter *x, guint16 *date, pv_err *err)
{
    const char *d = config(x, "period_end");
    int y, m, dd;
    if (sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3 || y < 1980 || y > 2107 || m < 1 || m > 12 ||
        dd < 1 || dd > 31)
        return pv_err_set(err, PV_EXIT_DATA, "%s: period_end '%s' is not a date from 1980 to "
                          "2107 (the archive's date)", x->t[T_CONFIG].name, d);
    *date = (guint16)(((y - 1980) << 9) | (m << 5) | dd);
    return 0;
}

/* Add data as entry name: stored, dated date.  libzip reads data at
 * zip_close: it must live until then. */
static int add(zip_t *z, const char *name, const void *data, size_t len, guint16 date,
               const char *path, pv_err *err)
{
    zip_source_t *src = zip_source_buffer(z, data, len, 0);
    zip_int64_t i = src ? zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) : -1;
    if (i < 0) {
        zip_source_free(src);
        return pv_err_set(err, PV_EXIT_IO, "%s: %s: %s", path, name, zip_strerror(z));
    }
    if (zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0) != 0 ||
        zip_file_set_dostime(z, (zip_uint64_t)i, 0, date, 0) != 0)
        return pv_err_set(err, PV_EXIT_IO, "%s: %s: %s", path, name, zip_strerror(z));
    return 0;
}

static int write_zip(exporter *x, xmlBufferPtr xml, const char *path, pv_err *err)
{
    guint16 date = 0;
    int code = 0;
    char g[37];
    char *tmp = pv_tmp_name(path);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    if (dos_date(x, &date, err))
        goto done;
    unlink(tmp);
    zip_t *z = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, code);
        pv_err_set(err, PV_EXIT_IO, "%s: %s", tmp, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto done;
    }
    add(z, "project.qde", xmlBufferContent(xml), (size_t)xmlBufferLength(xml), date, path, err);
    for (size_t i = 0; i < x->t[T_SESSIONS].n_rows && !err->status; i++) {
        uuid("session", cell(x, T_SESSIONS, i, x->se[0]), g);
        char *name = g_strdup_printf("sources/%s.txt", g);
        g_ptr_array_add(names, name);
        add(z, name, x->texts[i], strlen(x->texts[i]), date, path, err);
    }
    if (err->status) {
        zip_discard(z);
    } else if (zip_close(z) != 0) {
        pv_err_set(err, PV_EXIT_IO, "%s: %s", tmp, zip_strerror(z));
        zip_discard(z);
    } else if (rename(tmp, path) != 0)
        pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
    if (err->status)
        unlink(tmp);
done:
    g_ptr_array_free(names, TRUE);
    free(tmp);
    return err->status;
}

/* ---------------------------------------------------------------- export */

static void exporter_free(exporter *x)
{
    size_t ns = x->t[T_SESSIONS].n_rows, ne = x->t[T_EXCERPTS].n_rows;
    for (size_t i = 0; x->ses_ex && i < ns; i++)
        g_array_free(x->ses_ex[i], TRUE);
    for (size_t i = 0; x->ex_cod && i < ne; i++)
        g_array_free(x->ex_cod[i], TRUE);
    for (size_t i = 0; x->texts && i < ns; i++)
        g_free(x->texts[i]);
    g_free(x->ses_ex);
    g_free(x->ex_cod);
    g_free(x->texts);
    if (x->code_row)
        g_hash_table_destroy(x->code_row);
    if (x->ses_row)
        g_hash_table_destroy(x->ses_row);
    if (x->ex_row)
        g_hash_table_destroy(x->ex_row);
    if (x->seen)
        g_hash_table_destroy(x->seen);
    if (x->coders)
        g_ptr_array_free(x->coders, TRUE);
    if (x->speakers)
        g_ptr_array_free(x->speakers, TRUE);
    for (int i = 0; i < T_N; i++)
        pv_table_free(&x->t[i]);
}

int pv_qdpx_export(const char *in_dir, const char *out_path, pv_qdpx_summary *s, pv_err *err)
{
    exporter x = {0};
    struct stat sb;
    char *cb = g_build_filename(in_dir, "codebook.csv", NULL);
    memset(s, 0, sizeof *s);
    x.s = s;
    s->present = stat(cb, &sb) == 0;
    g_free(cb);
    if (!s->present)
        return 0;
    if (read_tables(&x, in_dir, err) == 0 && link_rows(&x, err) == 0) {
        texts_build(&x);
        xmlBufferPtr xml = write_xml(&x, err);
        if (!err->status)
            write_zip(&x, xml, out_path, err);
        xmlBufferFree(xml);
    }
    exporter_free(&x);
    return err->status;
}

void pv_qdpx_summary_free(pv_qdpx_summary *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_warnings; i++)
        g_free(s->warnings[i]);
    g_free(s->warnings);
    memset(s, 0, sizeof *s);
}
