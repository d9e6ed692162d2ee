/* refiqda.c — REFI-QDA projects into the qualitative tables (refiqda.h).
 *
 * One pass over the parsed document per part: users, variables, codebook,
 * sources (session ids), attributes (source values, Cases, Sets), then the
 * selections of each source (excerpts and codings).  Strings kept in the
 * result are malloc'd copies; libxml2 strings are freed where they are read.
 * GHashTables index borrowed strings (normalized guids, keys) of the
 * reader's arrays.
 */
#include "refiqda.h"

#include <errno.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

#include "csvout.h"
#include "xalloc.h"

#define MAX_PART (512L << 20) /* largest .qde or text file read, bytes */
#define N_ATTR 5              /* kind, group, region, date, participants */

static const char *const codebook_cols[] = {
    "code", "parent", "label_fr", "label_en", "valence", "description"};
static const char *const sessions_cols[] = {
    "session_id", "kind", "group", "region", "date", "participants"};
/* start, end: the selection's place in its source text, in characters,
 * 0-based, end exclusive (startPosition / endPosition), empty when the
 * project gives none: the span-based agreement units need them, since each
 * coder marks their own segments. */
static const char *const excerpts_cols[] = {
    "excerpt_id", "session_id", "speaker", "text", "start", "end"};
static const char *const codings_cols[] = {"excerpt_id", "coder", "code"};
static const char *const sources_cols[] = {
    "source", "guid", "kind", "selections", "codings", "passages"};

/* Attribute names of sessions (any case), as rows. */
static const struct {
    const char *name;
    int attr; /* PV_QSE_* - 1 */
} attr_names[] = {
    {"kind", 0},         {"type", 0},        {"session_kind", 0},
    {"group", 1},        {"groupe", 1},      {"respondent_group", 1},
    {"region", 2},       {"région", 2},      {"date", 3},
    {"participants", 4}, {"n_participants", 4}, {"nb_participants", 4},
};

typedef struct {
    char *guid;         /* normalized, or "" */
    char *path;         /* name with the valence mark removed: key base */
    char *label;        /* last `::` segment of path */
    char *label_fr, *label_en; /* from the Description, or NULL (owned) */
    char *desc;
    const char *valence;
    long parent;        /* node index, -1 for a top-level code */
    long order;         /* 2i+1 for the i-th Code element, 2i for parents
                           created for it: sort key of siblings */
    char *key;          /* final code (owned), set when emitted */
} qcode;

typedef struct {
    xmlNode *node;
    char *guid;              /* normalized */
    char *id;                /* session_id (owned) */
    char *attr[N_ATTR];      /* owned or NULL */
    long n_sel, n_pass, n_merged; /* selections, passages, selections merged */
} qsrc;

typedef struct {
    pv_refiqda *q;
    const char *name;        /* the file in messages */
    const char *path;
    zip_t *zip;              /* NULL for a .qde */
    GHashTable *users;       /* guid -> name (both owned by the table) */
    GHashTable *vars;        /* guid -> attribute index + 1 (owned keys) */
    qcode *codes;
    size_t n_codes, cap_codes;
    GHashTable *code_guid;   /* guid -> node index + 1 (borrowed keys) */
    GHashTable *code_path;   /* path -> node index + 1 (borrowed keys) */
    qsrc *srcs;
    size_t n_srcs, cap_srcs;
    GHashTable *src_guid;    /* guid -> source index + 1 (borrowed keys) */
    GHashTable *sel_speaker; /* selection guid -> the name of the Case that
                                refers to it (both owned) */
} reader;

/* ---------------------------------------------------------------- helpers */

static char *xstrdup(reader *r, const char *s)
{
    (void)r; /* kept for the callers: every helper takes the reader */
    return pv_xstrdup(s ? s : "");
}

static void warn(reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void warn(reader *r, const char *fmt, ...)
{
    pv_refiqda *q = r->q;
    char buf[1024];
    int k = snprintf(buf, sizeof buf, "%.400s: ", r->name);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + k, sizeof buf - (size_t)k, fmt, ap);
    va_end(ap);
    pv_xgrow((void **)&q->warnings, &q->cap_warnings, q->n_warnings + 1, sizeof *q->warnings);
    q->warnings[q->n_warnings++] = xstrdup(r, buf);
}

/* Append a row of copies (NULL = "") to t. */
static void tab_add(reader *r, pv_strtab *t, const char *const *cells)
{
    /* cap counts cells: room for a whole row */
    pv_xgrow((void **)&t->cells, &t->cap, (t->n_rows + 1) * t->n_cols, sizeof *t->cells);
    char **row = t->cells + t->n_rows * t->n_cols;
    for (size_t i = 0; i < t->n_cols; i++)
        row[i] = xstrdup(r, cells[i]);
    t->n_rows++;
}

static void tab_init(pv_strtab *t, const char *const *cols, size_t n)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->n_cols = n;
}

static void tab_free(pv_strtab *t)
{
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cells[i]);
    free(t->cells);
    t->cells = NULL;
    t->n_rows = t->cap = 0;
}

int pv_strtab_col(const pv_strtab *t, const char *name)
{
    for (size_t i = 0; i < t->n_cols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

/* Copy of s without leading/trailing whitespace, CRLF as LF. */
static char *clean(reader *r, const char *s)
{
    (void)r; /* kept for the callers: every helper takes the reader */
    if (!s)
        s = "";
    while (*s && strchr(" \t\r\n", *s))
        s++;
    size_t n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    char *d = pv_xmalloc(n + 1), *p = d;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
            *p++ = s[i];
    *p = '\0';
    return d;
}

/* Attribute a of element n, cleaned (malloc'd), or NULL when absent. */
static char *attr(reader *r, xmlNode *n, const char *a)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)a);
    if (!v)
        return NULL;
    char *s = clean(r, (const char *)v);
    xmlFree(v);
    return s;
}

/* Text content of element n, cleaned (malloc'd, "" when empty). */
static char *content(reader *r, xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = clean(r, (const char *)v);
    xmlFree(v);
    return s;
}

/* A guid without braces, spaces or case (malloc'd; "" for NULL). */
static char *guid_norm(reader *r, const char *g)
{
    char *s = clean(r, g);
    char *p = s;
    for (const char *c = s; *c; c++)
        if (*c != '{' && *c != '}')
            *p++ = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
    *p = '\0';
    return s;
}

static char *guid_attr(reader *r, xmlNode *n, const char *a)
{
    char *v = attr(r, n, a);
    char *g = v ? guid_norm(r, v) : NULL;
    free(v);
    return g;
}

static int is_el(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, local) == 0;
}

/* First element child of n named local, or NULL. */
static xmlNode *child(xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, local))
            return c;
    return NULL;
}

#define EACH_CHILD(c, parent, local) \
    for (xmlNode *c = (parent) ? (parent)->children : NULL; c; c = c->next) \
        if (is_el(c, local))

/* base, or "base (2)", "base (3)"... the first not in seen; the result
 * (malloc'd) is added to seen (borrowed key). */
static char *unique(GHashTable *seen, const char *base)
{
    size_t n = strlen(base) + 24;
    char *k = pv_xmalloc(n);
    for (long i = 1;; i++) {
        if (i == 1)
            memcpy(k, base, n - 23);
        else
            snprintf(k, n, "%s (%ld)", base, i);
        if (!g_hash_table_contains(seen, k))
            break;
    }
    g_hash_table_add(seen, k);
    return k;
}

/* Attribute index (0..N_ATTR-1) of a variable or set name, or -1. */
static int attr_index(const char *name)
{
    char *f = g_utf8_casefold(name, -1);
    int a = -1;
    for (size_t i = 0; i < sizeof attr_names / sizeof *attr_names; i++)
        if (strcmp(f, attr_names[i].name) == 0) {
            a = attr_names[i].attr;
            break;
        }
    g_free(f);
    return a;
}

/* ---------------------------------------------------------------- files */

/* Whole file into malloc'd memory (NUL added). */
static char *slurp(const char *path, const char *name, size_t *len, pv_err *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f) {
        pv_err_set(err, PV_EXIT_IO, "%s: cannot open: %s", name, strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        pv_err_set(err, PV_EXIT_IO, "%s: cannot read: %s", name, strerror(errno));
    } else if (n > MAX_PART) {
        pv_err_set(err, PV_EXIT_DATA, "%s: too large (%ld bytes; at most %ld)",
                   name, n, MAX_PART);
    } else if (fread(buf = pv_xmalloc((size_t)n + 1), 1, (size_t)n, f) != (size_t)n) {
        pv_err_set(err, PV_EXIT_IO, "%s: cannot read: %s", name, strerror(errno));
        free(buf);
        buf = NULL;
    } else {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

/* Entry idx of the archive into malloc'd memory (NUL added), or NULL with
 * *why set. */
static char *zip_slurp(zip_t *z, zip_uint64_t idx, size_t *len, const char **why)
{
    zip_stat_t st;
    zip_file_t *zf;
    char *buf;
    zip_int64_t got;
    if (zip_stat_index(z, idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        *why = "cannot read its size in the archive";
        return NULL;
    }
    if (st.size > (zip_uint64_t)MAX_PART) {
        *why = "too large";
        return NULL;
    }
    buf = pv_xmalloc((size_t)st.size + 1);
    if (!(zf = zip_fopen_index(z, idx, 0))) {
        *why = zip_strerror(z);
        free(buf);
        return NULL;
    }
    got = zip_fread(zf, buf, st.size);
    zip_fclose(zf);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        *why = "damaged entry (read error)";
        free(buf);
        return NULL;
    }
    buf[st.size] = '\0';
    *len = (size_t)st.size;
    return buf;
}

static int ends_with_qde(const char *s)
{
    size_t n = strlen(s);
    return n >= 4 && strcasecmp(s + n - 4, ".qde") == 0;
}

/* The project XML of the archive: the single *.qde, else the single one at
 * the top level.  Sets *inner to its name (borrowed from the archive). */
static char *zip_project(reader *r, size_t *len, const char **inner, pv_err *err)
{
    zip_int64_t n = zip_get_num_entries(r->zip, 0);
    zip_int64_t found = -1, top = -1;
    int n_found = 0, n_top = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *e = zip_get_name(r->zip, (zip_uint64_t)i, 0);
        if (!e || !ends_with_qde(e))
            continue;
        n_found++;
        found = i;
        if (!strchr(e, '/')) {
            n_top++;
            top = i;
        }
    }
    if (n_found > 1 && n_top == 1)
        found = top;
    else if (n_found > 1) {
        pv_err_set(err, PV_EXIT_DATA,
                   "%s: %d .qde files in the archive, cannot tell which is the project",
                   r->name, n_found);
        return NULL;
    }
    if (found < 0) {
        pv_err_set(err, PV_EXIT_DATA,
                   "%s: no .qde file in the archive: not a REFI-QDA project", r->name);
        return NULL;
    }
    const char *why = NULL;
    *inner = zip_get_name(r->zip, (zip_uint64_t)found, 0);
    char *buf = zip_slurp(r->zip, (zip_uint64_t)found, len, &why);
    if (!buf)
        pv_err_set(err, PV_EXIT_DATA, "%s: %s: %s", r->name, *inner, why);
    return buf;
}

/* A file of the archive's Sources/ folder (any case), or NULL with *why. */
static char *zip_source(reader *r, const char *f, size_t *len, char **why)
{
    char *entry = g_strdup_printf("Sources/%s", f), *buf = NULL;
    zip_int64_t i = zip_name_locate(r->zip, entry, ZIP_FL_NOCASE);
    const char *zwhy = NULL;
    if (i >= 0 && !(buf = zip_slurp(r->zip, (zip_uint64_t)i, len, &zwhy)))
        *why = g_strdup_printf("text file '%s': %s", entry, zwhy);
    g_free(entry);
    return buf;
}

/* A file beside the project (dir/f), NULL when absent. */
static char *disk_source(reader *r, const char *f, size_t *len)
{
    char *dir = g_path_get_dirname(r->path), *full = g_build_filename(dir, f, NULL);
    pv_err e = {0};
    struct stat sb;
    char *buf = stat(full, &sb) == 0 && S_ISREG(sb.st_mode) ? slurp(full, f, len, &e) : NULL;
    g_free(dir);
    g_free(full);
    return buf;
}

/* The text file of a source (refiqda.h, "texts"): candidates in order;
 * NULL with *why set when none is there. */
static char *source_file(reader *r, const char *ptp, size_t *len, char **why)
{
    const char *f;
    char *buf = NULL, *base = NULL;
    int internal = 0;
    if (strncasecmp(ptp, "internal://", 11) == 0)
        f = ptp + 11, internal = 1;
    else if (strncasecmp(ptp, "relative://", 11) == 0)
        for (f = ptp + 11; *f == '/' || *f == '\\';)
            f++;
    else { /* absolute: its file name, where the coder's machine wrote it */
        base = g_strdup(ptp);
        for (char *c = base; *c; c++)
            if (*c == '\\')
                *c = '/';
        char *slash = strrchr(base, '/');
        f = slash ? slash + 1 : base;
    }
    char **parts = g_strsplit_set(f, "/\\", -1);
    int bad = !*f || f[0] == '/' || f[0] == '\\';
    for (char **p = parts; *p; p++)
        bad |= strcmp(*p, "..") == 0;
    g_strfreev(parts);
    if (bad) {
        *why = g_strdup_printf("text path '%s' refused", ptp);
        g_free(base);
        return NULL;
    }
    if (r->zip)
        buf = zip_source(r, f, len, why);
    if (!buf && !*why && !(r->zip && internal)) {
        char *in_src = g_strdup_printf("Sources/%s", f), *in_low = g_strdup_printf("sources/%s", f);
        if (!internal)
            buf = disk_source(r, f, len);
        if (!buf)
            buf = disk_source(r, in_src, len);
        if (!buf)
            buf = disk_source(r, in_low, len);
        g_free(in_src);
        g_free(in_low);
    }
    if (!buf && !*why)
        *why = r->zip && internal
                   ? g_strdup_printf("text file 'Sources/%s' not in the archive", f)
               : internal ? g_strdup_printf("text file 'Sources/%s' not found beside the project", f)
                          : g_strdup_printf("text file '%s' (from '%s') not found beside the project "
                                            "or in Sources/", f, ptp);
    g_free(base);
    return buf;
}

/* ---------------------------------------------------------------- codebook */

/* The valence word of a `valence:` line (p after the ':'), or NULL. */
static const char *valence_word(const char *p)
{
    static const struct { const char *word, *valence; } words[] = {
        {"positive", "positive"}, {"positif", "positive"},
        {"negative", "negative"}, {"négatif", "negative"}, {"négative", "negative"},
        {"neutral", "neutral"},   {"neutre", "neutral"},
    };
    size_t n = strcspn(p, " \t\r\n.");
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i].word) == n && strncasecmp(p, words[i].word, n) == 0)
            return words[i].valence;
    return NULL;
}

/* The code's properties a Description states on lines `valence: X`,
 * `label_fr: X`, `label_en: X` (the first of each; *valence NULL, labels
 * NULL when absent); returns the description without those lines
 * (malloc'd, trimmed). */
static char *desc_props(reader *r, const char *d, const char **valence, char **label_fr,
                        char **label_en)
{
    static const char *const keys[] = {"valence", "label_fr", "label_en"};
    GString *rest = g_string_new(NULL);
    *valence = NULL;
    *label_fr = *label_en = NULL;
    for (const char *l = d; l && *l;) {
        const char *eol = strchr(l, '\n'), *p = l;
        size_t len = eol ? (size_t)(eol - l) : strlen(l);
        int prop = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        for (int k = 0; k < 3 && !prop; k++) {
            size_t kn = strlen(keys[k]);
            const char *v = p + kn;
            if (strncasecmp(p, keys[k], kn) != 0)
                continue;
            while (*v == ' ' || *v == '\t')
                v++;
            if (*v++ != ':')
                continue;
            while (*v == ' ' || *v == '\t')
                v++;
            char *val = g_strndup(v, len - (size_t)(v - l));
            g_strstrip(val);
            if (k == 0 && (prop = valence_word(val) != NULL) && !*valence)
                *valence = valence_word(val);
            else if (k > 0 && *val && (prop = 1) && !*(k == 1 ? label_fr : label_en))
                *(k == 1 ? label_fr : label_en) = xstrdup(r, val);
            g_free(val);
        }
        if (!prop)
            g_string_append_len(g_string_append(rest, rest->len ? "\n" : ""), l, (gssize)len);
        l = eol ? eol + 1 : NULL;
    }
    char *out = clean(r, rest->str);
    g_string_free(rest, TRUE);
    return out;
}

/* Valence mark at the start of s (+, -, U+2212): its valence and the
 * length of the mark with the spaces after it; NULL when none. */
static const char *valence_mark(const char *s, size_t *skip)
{
    const char *v = NULL;
    size_t k = 0;
    if (s[0] == '+')
        v = "positive", k = 1;
    else if (s[0] == '-')
        v = "negative", k = 1;
    else if (strncmp(s, "\xe2\x88\x92", 3) == 0)
        v = "negative", k = 3;
    if (!v || !s[k])
        return NULL;
    while (s[k] == ' ')
        k++;
    *skip = k;
    return s[k] ? v : NULL;
}

/* Last `::` of s, or NULL. */
static const char *last_sep(const char *s)
{
    const char *p = NULL;
    for (const char *c = strstr(s, "::"); c; c = strstr(c + 1, "::"))
        p = c;
    return p;
}

static long code_new(reader *r)
{
    pv_xgrow((void **)&r->codes, &r->cap_codes, r->n_codes + 1, sizeof *r->codes);
    qcode *c = &r->codes[r->n_codes];
    memset(c, 0, sizeof *c);
    c->parent = -1;
    c->valence = "neutral";
    return (long)r->n_codes++;
}

/* Collect Code elements below n (recursively; libxml2 limits depth). */
static void codes_collect(reader *r, xmlNode *n, long parent)
{
    EACH_CHILD(e, n, "Code") {
        long i = code_new(r);
        qcode *c = &r->codes[i];
        char *name = attr(r, e, "name");
        const char *seg, *sep, *mark;
        size_t skip = 0;
        c->guid = guid_attr(r, e, "guid");
        if (!c->guid)
            c->guid = xstrdup(r, "");
        if (!name || !*name) {
            free(name);
            name = xstrdup(r, c->guid);
        }
        char *desc = child(e, "Description") ? content(r, child(e, "Description"))
                                             : xstrdup(r, "");
        c->desc = desc_props(r, desc, &c->valence, &c->label_fr, &c->label_en);
        free(desc);
        sep = last_sep(name);
        seg = sep ? sep + 2 : name;
        mark = valence_mark(seg, &skip);
        c->path = g_strdup_printf("%.*s%s", (int)(seg - name), name, seg + skip);
        c->label = c->path + (seg - name);
        if (!c->valence)
            c->valence = mark ? mark : "neutral";
        c->parent = parent;
        c->order = 2 * i + 1;
        free(name);
        codes_collect(r, e, i);
    }
}

/* Parents from `A::B` names, created when missing. */
static void codes_flat_parents(reader *r)
{
    size_t n0 = r->n_codes;
    for (size_t i = 0; i < n0; i++)
        if (r->codes[i].path && !g_hash_table_contains(r->code_path, r->codes[i].path))
            g_hash_table_insert(r->code_path, r->codes[i].path, GSIZE_TO_POINTER(i + 1));
    for (size_t i = 0; i < n0; i++) {
        long ch = (long)i;
        const char *sep = r->codes[i].path ? last_sep(r->codes[i].path) : NULL;
        char *pp = sep ? g_strndup(r->codes[i].path, (size_t)(sep - r->codes[i].path)) : NULL;
        while (pp) {
            gpointer hit = g_hash_table_lookup(r->code_path, pp);
            if (hit) {
                r->codes[ch].parent = (long)GPOINTER_TO_SIZE(hit) - 1;
                g_free(pp);
                break;
            }
            long j = code_new(r);
            qcode *c = &r->codes[j];
            sep = last_sep(pp);
            c->path = pp;
            c->label = sep ? (char *)sep + 2 : pp;
            c->guid = xstrdup(r, "");
            c->desc = xstrdup(r, "");
            c->order = 2 * (long)i;
            g_hash_table_insert(r->code_path, c->path, GSIZE_TO_POINTER(j + 1));
            r->codes[ch].parent = j;
            ch = j;
            pp = sep ? g_strndup(pp, (size_t)(sep - pp)) : NULL;
        }
    }
}

/* A name-made parent and an enclosing Code can make a cycle: cut it. */
static void codes_break_cycles(reader *r)
{
    for (size_t i = 0; i < r->n_codes; i++) {
        size_t steps = 0;
        for (long p = r->codes[i].parent; p >= 0; p = r->codes[p].parent)
            if (++steps > r->n_codes) {
                warn(r, "code '%s': its parents make a cycle; made top-level",
                     r->codes[i].path);
                r->codes[i].parent = -1;
                break;
            }
    }
}

static int cmp_order(const void *a, const void *b, void *codes)
{
    const qcode *c = codes;
    long x = c[*(const long *)a].order, y = c[*(const long *)b].order;
    return (x > y) - (x < y);
}

/* Emit the codebook depth first, siblings by order; keys made unique. */
static void codes_emit(reader *r)
{
    size_t n = r->n_codes;
    long *idx = pv_xnmalloc(n + 1, sizeof *idx), *first = pv_xnmalloc(n + 1, sizeof *idx),
         *next = pv_xnmalloc(n + 1, sizeof *idx), *stack = pv_xnmalloc(n + 1, sizeof *idx);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    size_t top = 0;
    for (size_t i = 0; i < n; i++)
        idx[i] = (long)i, first[i] = next[i] = -1;
    g_qsort_with_data(idx, (gint)n, sizeof *idx, cmp_order, r->codes);
    for (size_t k = n; k-- > 0;) { /* children lists, built backwards */
        long i = idx[k], p = r->codes[i].parent;
        if (p >= 0) {
            next[i] = first[p];
            first[p] = i;
        }
    }
    for (size_t k = n; k-- > 0;) /* roots, the first on top */
        if (r->codes[idx[k]].parent < 0)
            stack[top++] = idx[k];
    while (top > 0) {
        long i = stack[--top];
        qcode *c = &r->codes[i];
        c->key = unique(seen, c->path);
        const char *row[] = {c->key, c->parent >= 0 ? r->codes[c->parent].key : "",
                             c->label_fr ? c->label_fr : c->label,
                             c->label_en ? c->label_en : c->label, c->valence, c->desc};
        tab_add(r, &r->q->codebook, row);
        size_t k0 = top;
        for (long ch = first[i]; ch >= 0; ch = next[ch])
            stack[top++] = ch;
        for (size_t a = k0, b = top; a + 1 < b; a++, b--) { /* first child on top */
            long t = stack[a];
            stack[a] = stack[b - 1];
            stack[b - 1] = t;
        }
    }
    free(idx);
    free(first);
    free(next);
    free(stack);
    g_hash_table_destroy(seen);
}

/* ---------------------------------------------------------------- sessions */

static void set_attr(reader *r, qsrc *s, int a, const char *v, const char *from)
{
    if (a < 0 || !v || !*v)
        return;
    if (!s->attr[a])
        s->attr[a] = xstrdup(r, v);
    else if (strcmp(s->attr[a], v) != 0)
        warn(r, "session '%s': %s '%s' kept, '%s' from %s ignored", s->id,
             sessions_cols[a + 1], s->attr[a], v, from);
}

/* The attribute index and value of a VariableValue (value malloc'd). */
static int var_value(reader *r, xmlNode *vv, char **value)
{
    char *g = guid_attr(r, child(vv, "VariableRef"), "targetGUID");
    gpointer hit = g ? g_hash_table_lookup(r->vars, g) : NULL;
    free(g);
    *value = NULL;
    if (!hit)
        return -1;
    int a = (int)GPOINTER_TO_SIZE(hit) - 1;
    for (xmlNode *c = vv->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !is_el(c, "VariableRef")) {
            *value = content(r, c);
            if (*value && a == 3 && is_el(c, "DateTimeValue"))
                (*value)[strcspn(*value, "T")] = '\0';
            break;
        }
    return a;
}

static qsrc *src_of(reader *r, xmlNode *ref)
{
    char *g = guid_attr(r, ref, "targetGUID");
    gpointer hit = g ? g_hash_table_lookup(r->src_guid, g) : NULL;
    free(g);
    return hit ? &r->srcs[GPOINTER_TO_SIZE(hit) - 1] : NULL;
}

static void sessions_read(reader *r, xmlNode *root)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    EACH_CHILD(v, child(root, "Variables"), "Variable") {
        char *g = guid_attr(r, v, "guid"), *name = attr(r, v, "name");
        int a = name ? attr_index(name) : -1;
        free(name);
        if (g && a >= 0)
            g_hash_table_insert(r->vars, g, GSIZE_TO_POINTER((size_t)a + 1));
        else
            free(g);
    }
    for (xmlNode *e = child(root, "Sources") ? child(root, "Sources")->children : NULL;
         e; e = e->next) {
        if (e->type != XML_ELEMENT_NODE)
            continue;
        if (!is_el(e, "TextSource"))
            continue; /* counted by sources_list */
        char *name = attr(r, e, "name");
        pv_xgrow((void **)&r->srcs, &r->cap_srcs, r->n_srcs + 1, sizeof *r->srcs);
        qsrc *s = &r->srcs[r->n_srcs];
        memset(s, 0, sizeof *s);
        s->node = e;
        s->guid = guid_attr(r, e, "guid");
        if (!s->guid)
            s->guid = xstrdup(r, "");
        s->id = unique(seen, name && *name ? name : s->guid);
        free(name);
        r->n_srcs++;
        if (*s->guid && !g_hash_table_contains(r->src_guid, s->guid))
            g_hash_table_insert(r->src_guid, s->guid, GSIZE_TO_POINTER(r->n_srcs));
        EACH_CHILD(vv, e, "VariableValue") {
            char *val;
            int a = var_value(r, vv, &val);
            set_attr(r, s, a, val, "the source's variables");
            free(val);
        }
    }
    g_hash_table_destroy(seen);
    EACH_CHILD(k, child(root, "Cases"), "Case") {
        char *kname = attr(r, k, "name");
        char *from = g_strdup_printf("case '%s'", kname ? kname : "");
        EACH_CHILD(ref, k, "SelectionRef") { /* a speaker's Case (refiqda.h) */
            char *g = guid_attr(r, ref, "targetGUID");
            if (g && *g && kname && *kname && !g_hash_table_contains(r->sel_speaker, g)) {
                g_hash_table_insert(r->sel_speaker, g, xstrdup(r, kname));
                continue;
            }
            free(g);
        }
        EACH_CHILD(ref, k, "SourceRef") {
            qsrc *s = src_of(r, ref);
            EACH_CHILD(vv, s ? k : NULL, "VariableValue") {
                char *val;
                int a = var_value(r, vv, &val);
                set_attr(r, s, a, val, from);
                free(val);
            }
        }
        g_free(from);
        free(kname);
    }
    EACH_CHILD(set, child(root, "Sets"), "Set") {
        char *name = attr(r, set, "name");
        char *colon = name ? strchr(name, ':') : NULL;
        if (colon) {
            *colon = '\0';
            char *an = clean(r, name), *val = clean(r, colon + 1);
            int a = an ? attr_index(an) : -1;
            *colon = ':';
            char *from = g_strdup_printf("set '%s'", name);
            EACH_CHILD(ref, a >= 0 ? set : NULL, "MemberSource") {
                qsrc *s = src_of(r, ref);
                if (s)
                    set_attr(r, s, a, val, from);
            }
            g_free(from);
            free(an);
            free(val);
        }
        free(name);
    }
    for (size_t i = 0; i < r->n_srcs; i++) {
        qsrc *s = &r->srcs[i];
        const char *row[] = {s->id, s->attr[0], s->attr[1], s->attr[2], s->attr[3], s->attr[4]};
        tab_add(r, &r->q->sessions, row);
    }
}

/* ---------------------------------------------------------------- excerpts */

typedef struct {
    char *text;        /* the source's plain text (malloc'd or g_malloc'd) */
    size_t *cp;        /* byte offset of each code point, n_chars + 1 */
    size_t n_chars;
    char *why;         /* g_malloc'd reason when there is no text */
} qtext;

static void text_load(reader *r, qsrc *s, qtext *t)
{
    xmlNode *ptc = child(s->node, "PlainTextContent");
    char *ptp = attr(r, s->node, "plainTextPath");
    size_t len = 0;
    memset(t, 0, sizeof *t);
    if (ptc) {
        xmlChar *v = xmlNodeGetContent(ptc);
        t->text = xstrdup(r, (const char *)v);
        xmlFree(v);
        len = t->text ? strlen(t->text) : 0;
    } else if (ptp && *ptp) {
        t->text = source_file(r, ptp, &len, &t->why);
        if (t->text && len >= 3 && memcmp(t->text, "\xef\xbb\xbf", 3) == 0)
            memmove(t->text, t->text + 3, (len -= 3) + 1);
    } else
        t->why = g_strdup("no text (neither PlainTextContent nor plainTextPath)");
    free(ptp);
    if (t->text && !g_utf8_validate(t->text, (gssize)len, NULL)) {
        t->why = g_strdup("text not valid UTF-8");
        free(t->text);
        t->text = NULL;
    }
    if (!t->text)
        return;
    t->n_chars = (size_t)g_utf8_strlen(t->text, (gssize)len);
    t->cp = pv_xnmalloc(t->n_chars + 1, sizeof *t->cp);
    size_t k = 0;
    for (const char *p = t->text; *p; p = g_utf8_next_char(p))
        t->cp[k++] = (size_t)(p - t->text);
    t->cp[k] = len;
}

/* A pseudonym at the start of text ("Name:" ...), malloc'd, "" when none. */
static char *speaker_of(reader *r, const char *text)
{
    const unsigned char *p = (const unsigned char *)text, *b;
    int letter = 0;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    for (b = p; *p; p++) {
        if ((p[0] == 0xc2 && p[1] == 0xa0) || (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xaf))
            break; /* NBSP, narrow NBSP: French spacing before ':' */
        if (*p >= 0x80 || g_ascii_isalpha(*p))
            letter = 1;
        else if (!g_ascii_isdigit(*p) && !strchr("_-.'", *p))
            break;
    }
    size_t n = (size_t)(p - b);
    for (;;) {
        if (*p == ' ')
            p++;
        else if (p[0] == 0xc2 && p[1] == 0xa0)
            p += 2;
        else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xaf)
            p += 3;
        else
            break;
    }
    if (!letter || n == 0 || n > 40 || *p != ':' ||
        !(p[1] == '\0' || p[1] == ' ' || p[1] == '\t' || p[1] == '\n' ||
          p[1] == '\r' || (p[1] == 0xc2 && p[2] == 0xa0)))
        return xstrdup(r, "");
    char *s = pv_xmalloc(n + 1);
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

/* Characters [a, b) of t, CRLF as LF (also a CR cut from its LF), malloc'd. */
static char *cut(const qtext *t, long a, long b)
{
    const char *s = t->text + t->cp[a], *e = t->text + t->cp[b];
    char *d = pv_xmalloc((size_t)(e - s) + 1), *p = d;
    for (; s < e; s++)
        if (!(s[0] == '\r' && s[1] == '\n')) /* text is NUL-terminated */
            *p++ = *s;
    *p = '\0';
    return d;
}

static int parse_pos(const char *s, long *v)
{
    char *end;
    if (!s || !*s)
        return -1;
    errno = 0;
    *v = strtol(s, &end, 10);
    return errno || *end ? -1 : 0;
}

static const char *coder_of(reader *r, const char *user_guid)
{
    const char *name = user_guid ? g_hash_table_lookup(r->users, user_guid) : NULL;
    return name ? name : user_guid ? user_guid : "";
}

/* One coding of a passage: its row (coder and code owned). */
typedef struct {
    char *coder, *code;
} qcoding;

/* A passage: the selections of a source with the same span. */
typedef struct {
    long a, b;               /* span, or -1 when the positions are unreadable */
    char *eid, *speaker, *text;
    qcoding *cod;
    size_t n_cod, cap_cod;
} qpassage;

static void coding_add(reader *r, xmlNode *cd, qpassage *p, const char *sel_user)
{
    char *u = guid_attr(r, cd, "creatingUser");
    xmlNode *ref = child(cd, "CodeRef");
    char *cg = ref ? guid_attr(r, ref, "targetGUID") : NULL;
    gpointer hit = cg ? g_hash_table_lookup(r->code_guid, cg) : NULL;
    const char *code = hit ? r->codes[GPOINTER_TO_SIZE(hit) - 1].key : cg ? cg : "";
    if (!u || !*u) {
        free(u);
        u = sel_user ? xstrdup(r, sel_user) : NULL;
    }
    if (!u || !*u)
        warn(r, "excerpt '%s': a coding without creatingUser (coder left empty)", p->eid);
    if (!cg || !*cg)
        warn(r, "excerpt '%s': a coding without CodeRef (code left empty)", p->eid);
    else if (!hit)
        warn(r, "excerpt '%s': code '%s' not in the codebook", p->eid, cg);
    pv_xgrow((void **)&p->cod, &p->cap_cod, p->n_cod + 1, sizeof *p->cod);
    qcoding *c = &p->cod[p->n_cod++];
    c->coder = xstrdup(r, coder_of(r, u && *u ? u : NULL));
    c->code = xstrdup(r, code);
    free(u);
    free(cg);
}

/* One row of the project that is not imported. */
static void reject(reader *r, xmlNode *n, const char *field, const char *value,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void reject(reader *r, xmlNode *n, const char *field, const char *value,
                   const char *fmt, ...)
{
    pv_refiqda *q = r->q;
    va_list ap;
    pv_xgrow((void **)&q->rejects, &q->cap_rejects, q->n_rejects + 1, sizeof *q->rejects);
    pv_refiqda_reject *e = &q->rejects[q->n_rejects++];
    va_start(ap, fmt);
    char *why = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    e->line = n ? xmlGetLineNo(n) : 0;
    e->field = xstrdup(r, field);
    e->value = xstrdup(r, value);
    e->reason = xstrdup(r, why);
    g_free(why);
}

/* The excerpt id of a selection (refiqda.h): malloc'd, NULL when none;
 * *named set when it is the name of a selection the export wrote. */
static char *excerpt_id(reader *r, xmlNode *sel, int *named)
{
    char *g = guid_attr(r, sel, "guid"), *name = attr(r, sel, "name");
    char u[37];
    *named = 0;
    if (g && *g && name && *name) {
        pv_refiqda_uuid("excerpt", name, u);
        if (strcmp(u, g) == 0) {
            free(g);
            *named = 1;
            return name;
        }
    }
    free(name);
    if (g && !*g) {
        free(g);
        return NULL;
    }
    return g;
}

static void passage_free(qpassage *p)
{
    free(p->eid), free(p->speaker), free(p->text);
    for (size_t i = 0; i < p->n_cod; i++)
        free(p->cod[i].coder), free(p->cod[i].code);
    free(p->cod);
}

/* The passages of source s in the order of their first selection; the
 * selections with the same span are merged. */
static void selections_read(reader *r, qsrc *s)
{
    qtext t = {0};
    qpassage *ps = NULL;
    size_t n_ps = 0, cap_ps = 0;
    long n_sel = 0, n = 0;
    GHashTable *span = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    EACH_CHILD(sel, s->node, "PlainTextSelection")
        n_sel++;
    EACH_CHILD(cd, s->node, "Coding") {
        r->q->n_read++;
        reject(r, cd, "Coding", s->id, "a coding of the whole source '%s', not of a passage: "
               "not imported", s->id);
    }
    s->n_sel = n_sel;
    if (n_sel == 0)
        goto done;
    text_load(r, s, &t);
    if (!t.text)
        warn(r, "session '%s': %s; its %ld selections have no text (kept, never quoted)", s->id,
             t.why ? t.why : "no text", n_sel);
    EACH_CHILD(sel, s->node, "PlainTextSelection") {
        int named;
        char *eid = excerpt_id(r, sel, &named), *sa = attr(r, sel, "startPosition"),
             *ea = attr(r, sel, "endPosition"), *su = guid_attr(r, sel, "creatingUser");
        long a = -1, b = -1;
        n++;
        r->q->n_read++;
        r->q->n_kept++;
        if (!eid) {
            char *g = g_strdup_printf("%s#%ld", s->id, n);
            eid = xstrdup(r, g);
            g_free(g);
        }
        if (parse_pos(sa, &a) || parse_pos(ea, &b) || a < 0 || b < a)
            a = b = -1;
        /* the export's selections are one passage each, whatever their span */
        char *key = a >= 0 && !named ? g_strdup_printf("%ld:%ld", a, b) : NULL;
        gpointer hit = key ? g_hash_table_lookup(span, key) : NULL;
        qpassage *p;
        if (hit) { /* NVivo: one selection per passage and code */
            p = &ps[GPOINTER_TO_SIZE(hit) - 1];
            s->n_merged++;
            g_free(key);
        } else {
            pv_xgrow((void **)&ps, &cap_ps, n_ps + 1, sizeof *ps);
            p = &ps[n_ps++];
            memset(p, 0, sizeof *p);
            p->a = a, p->b = b;
            p->eid = eid, eid = NULL;
            if (key)
                g_hash_table_insert(span, key, GSIZE_TO_POINTER(n_ps));
            if (t.text && (a < 0 || (size_t)b > t.n_chars))
                warn(r, "excerpt '%s' (session '%s'): positions %s..%s outside the text "
                        "(%zu characters); text left empty",
                     p->eid, s->id, sa ? sa : "?", ea ? ea : "?", t.n_chars);
            else if (t.text)
                p->text = cut(&t, a, b);
            if (!p->text)
                p->text = xstrdup(r, "");
            char *g = guid_attr(r, sel, "guid");
            const char *who = g ? g_hash_table_lookup(r->sel_speaker, g) : NULL;
            p->speaker = who ? xstrdup(r, who) : p->text ? speaker_of(r, p->text) : NULL;
            free(g);
        }
        EACH_CHILD(cd, sel, "Coding")
            coding_add(r, cd, p, su);
        free(eid), free(sa), free(ea), free(su);
    }
    for (size_t i = 0; i < n_ps; i++) {
        qpassage *p = &ps[i];
        char sa[24] = "", sb[24] = "";
        if (p->a >= 0)
            snprintf(sa, sizeof sa, "%ld", p->a), snprintf(sb, sizeof sb, "%ld", p->b);
        const char *row[] = {p->eid, s->id, p->speaker ? p->speaker : "", p->text, sa, sb};
        tab_add(r, &r->q->excerpts, row);
        for (size_t k = 0; k < p->n_cod; k++) {
            const char *crow[] = {p->eid, p->cod[k].coder, p->cod[k].code};
            tab_add(r, &r->q->codings, crow);
        }
    }
    s->n_pass = (long)n_ps;
    if (s->n_merged)
        warn(r, "session '%s': %ld selections make %zu passages (%ld with the span of an earlier "
             "selection, merged into its passage)", s->id, n_sel, n_ps, s->n_merged);
done:
    for (size_t i = 0; i < n_ps; i++)
        passage_free(&ps[i]);
    free(ps);
    g_hash_table_destroy(span);
    free(t.text);
    free(t.cp);
    g_free(t.why);
}

/* ---------------------------------------------------------------- other sources */

static const struct {
    const char *element, *kind, *plural;
} kinds[] = {
    {"TextSource", "text", "text"},      {"PDFSource", "pdf", "PDF"},
    {"PictureSource", "picture", "picture"}, {"AudioSource", "audio", "audio"},
    {"VideoSource", "video", "video"},
};
#define N_KINDS (sizeof kinds / sizeof *kinds)

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

/* Count and reject the selections and codings below n (a source that is
 * not imported, or its Representation / Transcript). */
static void nontext_walk(reader *r, xmlNode *n, const char *kind, const char *src,
                         long *n_sel, long *n_cod)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (ends_with((const char *)c->name, "Selection")) {
            long k = 0;
            EACH_CHILD(cd, c, "Coding")
                k++;
            char *g = guid_attr(r, c, "guid");
            r->q->n_read++;
            (*n_sel)++;
            *n_cod += k;
            reject(r, c, (const char *)c->name, g ? g : "",
                   "a selection of the %s source '%s' (%ld coding%s): only text sources are "
                   "imported", kind, src, k, k == 1 ? "" : "s");
            free(g);
        } else if (is_el(c, "Coding")) {
            r->q->n_read++;
            (*n_cod)++;
            reject(r, c, "Coding", src, "a coding of the whole %s source '%s': only passages "
                   "of text sources are imported", kind, src);
        } else if (is_el(c, "Representation") || is_el(c, "Transcript") ||
                   is_el(c, "TextDescription"))
            nontext_walk(r, c, kind, src, n_sel, n_cod);
    }
}

/* The sources table and the rejects of the sources that are not text, in
 * document order; one warning per kind with its counts. */
static void sources_list(reader *r, xmlNode *root)
{
    long per[N_KINDS + 1][3] = {{0}}; /* sources, selections, codings */
    size_t ti = 0;
    char num[3][32];
    for (xmlNode *e = child(root, "Sources") ? child(root, "Sources")->children : NULL;
         e; e = e->next) {
        if (e->type != XML_ELEMENT_NODE)
            continue;
        size_t k = 0;
        while (k < N_KINDS && !is_el(e, kinds[k].element))
            k++;
        char *name = attr(r, e, "name"), *g = guid_attr(r, e, "guid");
        long n_sel = 0, n_cod = 0, n_pass = 0;
        const char *id = name && *name ? name : g ? g : "";
        if (k == 0 && ti < r->n_srcs) { /* the text sources, in the same order */
            qsrc *s = &r->srcs[ti++];
            id = s->id;
            n_sel = s->n_sel;
            n_pass = s->n_pass;
            EACH_CHILD(sel, e, "PlainTextSelection")
                EACH_CHILD(cd, sel, "Coding")
                    n_cod++;
            EACH_CHILD(cd, e, "Coding") /* of the whole source: rejected */
                n_cod++;
        } else
            nontext_walk(r, e, k < N_KINDS ? kinds[k].plural : (const char *)e->name, id,
                         &n_sel, &n_cod);
        per[k][0]++, per[k][1] += n_sel, per[k][2] += n_cod;
        snprintf(num[0], sizeof num[0], "%ld", n_sel);
        snprintf(num[1], sizeof num[1], "%ld", n_cod);
        snprintf(num[2], sizeof num[2], "%ld", n_pass);
        const char *row[] = {id, g ? g : "", k < N_KINDS ? kinds[k].kind : (const char *)e->name,
                             num[0], num[1], num[2]};
        tab_add(r, &r->q->sources, row);
        free(name);
        free(g);
    }
    for (size_t k = 1; k <= N_KINDS; k++)
        if (per[k][0])
            warn(r, "%ld %s source%s not imported (%ld selection%s, %ld coding%s): only text "
                    "sources are", per[k][0], k < N_KINDS ? kinds[k].plural : "other",
                 per[k][0] == 1 ? "" : "s", per[k][1], per[k][1] == 1 ? "" : "s", per[k][2],
                 per[k][2] == 1 ? "" : "s");
}

/* ---------------------------------------------------------------- reading */

static void read_project(reader *r, xmlNode *root)
{
    EACH_CHILD(u, child(root, "Users"), "User") {
        char *g = guid_attr(r, u, "guid"), *name = attr(r, u, "name");
        if (g && *g && name && *name && !g_hash_table_contains(r->users, g)) {
            g_hash_table_insert(r->users, g, name);
            continue;
        }
        free(g);
        free(name);
    }
    codes_collect(r, child(child(root, "CodeBook"), "Codes"), -1);
    for (size_t i = 0; i < r->n_codes; i++) {
        const char *g = r->codes[i].guid;
        if (g && *g && !g_hash_table_contains(r->code_guid, g))
            g_hash_table_insert(r->code_guid, (char *)g, GSIZE_TO_POINTER(i + 1));
    }
    codes_flat_parents(r);
    codes_break_cycles(r);
    codes_emit(r);
    sessions_read(r, root);
    for (size_t i = 0; i < r->n_srcs; i++)
        selections_read(r, &r->srcs[i]);
    sources_list(r, root);
}

/* The first XML error (the cause; later ones follow from it). */
typedef struct {
    int set, line, col;
    char msg[512];
} xml_first;

static void xml_error(void *ctx, xmlErrorPtr e)
{
    xml_first *f = ((xmlParserCtxtPtr)ctx)->_private;
    if (!f || f->set || !e || e->level < XML_ERR_ERROR)
        return;
    f->set = 1;
    f->line = e->line;
    f->col = e->int2;
    snprintf(f->msg, sizeof f->msg, "%s", e->message ? e->message : "unreadable XML");
    f->msg[strcspn(f->msg, "\n")] = '\0';
}

/* Parse the XML; on error, the first message with line and column. */
static int parse(reader *r, const char *buf, size_t len, const char *inner, pv_err *err)
{
    char where[512];
    if (strcmp(inner, r->name) == 0)
        snprintf(where, sizeof where, "%s", r->name);
    else
        snprintf(where, sizeof where, "%s: %s", r->name, inner);
    if (len > INT_MAX)
        return pv_err_set(err, PV_EXIT_DATA, "%s: too large", where);
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    xml_first first = {0};
    if (!ctx)
        pv_xalloc_die(); /* xmlNewParserCtxt's only failure */
    ctx->_private = &first;
    ctx->sax->serror = xml_error; /* libxml2 2.9: per-parser structured errors */
    xmlDocPtr doc = xmlCtxtReadMemory(ctx, buf, (int)len, inner, NULL,
                                      XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (!doc) {
        if (!first.set) {
            xmlErrorPtr e = xmlCtxtGetLastError(ctx);
            xml_error(ctx, e);
        }
        pv_err_set(err, PV_EXIT_DATA, "%s:%d:%d: malformed XML: %s", where,
                   first.line, first.col, first.set ? first.msg : "unreadable XML");
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctx);
        return PV_EXIT_DATA;
    }
    if (first.set) /* an error libxml2 recovers from (namespaces): read on */
        warn(r, "%s%s%d:%d: XML error, read anyway: %s", strcmp(inner, r->name) ? inner : "",
             strcmp(inner, r->name) ? ":" : "", first.line, first.col, first.msg);
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!is_el(root, "Project"))
        pv_err_set(err, PV_EXIT_DATA,
                   "%s: not a REFI-QDA project (root element '%s', not 'Project')",
                   where, root ? (const char *)root->name : "");
    else
        read_project(r, root);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctx);
    return err->status;
}

static void reader_free(reader *r)
{
    for (size_t i = 0; i < r->n_codes; i++) {
        free(r->codes[i].guid);
        free(r->codes[i].desc);
        free(r->codes[i].label_fr);
        free(r->codes[i].label_en);
        g_free(r->codes[i].path);
        free(r->codes[i].key);
    }
    free(r->codes);
    for (size_t i = 0; i < r->n_srcs; i++) {
        free(r->srcs[i].guid);
        free(r->srcs[i].id);
        for (int a = 0; a < N_ATTR; a++)
            free(r->srcs[i].attr[a]);
    }
    free(r->srcs);
    g_hash_table_destroy(r->users);
    g_hash_table_destroy(r->vars);
    g_hash_table_destroy(r->code_guid);
    g_hash_table_destroy(r->code_path);
    g_hash_table_destroy(r->src_guid);
    g_hash_table_destroy(r->sel_speaker);
    if (r->zip)
        zip_discard(r->zip);
}

int pv_refiqda_read(pv_refiqda *q, const char *path, const char *name, pv_err *err)
{
    reader r = {0};
    char magic[4] = {0};
    size_t len = 0;
    char *buf = NULL;
    FILE *f;
    memset(q, 0, sizeof *q);
    tab_init(&q->codebook, codebook_cols, PV_NCOLS(codebook_cols));
    tab_init(&q->sessions, sessions_cols, PV_NCOLS(sessions_cols));
    tab_init(&q->excerpts, excerpts_cols, PV_NCOLS(excerpts_cols));
    tab_init(&q->codings, codings_cols, PV_NCOLS(codings_cols));
    tab_init(&q->sources, sources_cols, PV_NCOLS(sources_cols));
    r.q = q;
    r.name = name ? name : path;
    r.path = path;
    r.users = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
    r.vars = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    r.code_guid = g_hash_table_new(g_str_hash, g_str_equal);
    r.code_path = g_hash_table_new(g_str_hash, g_str_equal);
    r.src_guid = g_hash_table_new(g_str_hash, g_str_equal);
    r.sel_speaker = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
    xmlInitParser();
    if (!(f = fopen(path, "rb"))) {
        pv_err_set(err, PV_EXIT_IO, "%s: cannot open: %s", r.name, strerror(errno));
        goto done;
    }
    size_t got = fread(magic, 1, 4, f);
    fclose(f);
    if (got >= 2 && magic[0] == 'P' && magic[1] == 'K') {
        int code = 0;
        const char *inner = NULL;
        if (!(r.zip = zip_open(path, ZIP_RDONLY, &code))) {
            zip_error_t ze;
            zip_error_init_with_code(&ze, code);
            pv_err_set(err, PV_EXIT_DATA, "%s: not a readable .qdpx (ZIP) archive: %s",
                       r.name, zip_error_strerror(&ze));
            zip_error_fini(&ze);
        } else if ((buf = zip_project(&r, &len, &inner, err)))
            parse(&r, buf, len, inner, err);
    } else if (strrchr(path, '.') && strcasecmp(strrchr(path, '.'), ".qdpx") == 0) {
        pv_err_set(err, PV_EXIT_DATA, "%s: not a .qdpx (ZIP) archive", r.name);
    } else if ((buf = slurp(path, r.name, &len, err)))
        parse(&r, buf, len, r.name, err);
done:
    free(buf);
    reader_free(&r);
    return err->status;
}

/* ---------------------------------------------------------------- writing */

static int write_tab(const pv_strtab *t, const char *dir, const char *file, pv_err *err)
{
    pv_csvw w;
    char *path = g_build_filename(dir, file, NULL);
    pv_csvw_open(&w, path, err);
    for (size_t c = 0; c < t->n_cols; c++)
        pv_csvw_str(&w, t->cols[c]);
    pv_csvw_end(&w);
    for (size_t i = 0; i < t->n_rows; i++) {
        for (size_t c = 0; c < t->n_cols; c++)
            pv_csvw_str(&w, pv_strtab_get(t, i, c));
        pv_csvw_end(&w);
    }
    g_free(path);
    return pv_csvw_close(&w);
}

int pv_refiqda_write(const pv_refiqda *q, const char *dir, pv_err *err)
{
    write_tab(&q->codebook, dir, "codebook.csv", err);
    write_tab(&q->sessions, dir, "sessions.csv", err);
    write_tab(&q->excerpts, dir, "excerpts.csv", err);
    write_tab(&q->codings, dir, "codings.csv", err);
    write_tab(&q->sources, dir, "sources.csv", err);
    return err->status;
}

void pv_refiqda_free(pv_refiqda *q)
{
    if (!q)
        return;
    tab_free(&q->codebook);
    tab_free(&q->sessions);
    tab_free(&q->excerpts);
    tab_free(&q->codings);
    tab_free(&q->sources);
    for (size_t i = 0; i < q->n_rejects; i++)
        free(q->rejects[i].field), free(q->rejects[i].value), free(q->rejects[i].reason);
    free(q->rejects);
    q->rejects = NULL;
    q->n_rejects = q->cap_rejects = 0;
    q->n_read = q->n_kept = 0;
    for (size_t i = 0; i < q->n_warnings; i++)
        free(q->warnings[i]);
    free(q->warnings);
    q->warnings = NULL;
    q->n_warnings = q->cap_warnings = 0;
}

/* ---------------------------------------------------------------- guids */

void pv_refiqda_uuid(const char *kind, const char *name, char out[37])
{
    /* proxeval's namespace: the version-5 UUID of "proxeval" in the URL
     * namespace of RFC 4122 would do as well; any fixed 16 bytes are a
     * namespace, these are written once here. */
    static const unsigned char ns[16] = {0x5b, 0x1e, 0x0c, 0x3a, 0x8f, 0x27, 0x4d, 0x61,
                                         0x9a, 0x4e, 0x70, 0x72, 0x6f, 0x78, 0x65, 0x76};
    GChecksum *h = g_checksum_new(G_CHECKSUM_SHA1);
    guint8 d[20];
    gsize n = sizeof d;
    g_checksum_update(h, ns, sizeof ns);
    g_checksum_update(h, (const guchar *)kind, (gssize)strlen(kind));
    g_checksum_update(h, (const guchar *)":", 1);
    g_checksum_update(h, (const guchar *)name, (gssize)strlen(name));
    g_checksum_get_digest(h, d, &n);
    g_checksum_free(h);
    d[6] = (guint8)((d[6] & 0x0f) | 0x50); /* version 5 */
    d[8] = (guint8)((d[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12],
             d[13], d[14], d[15]);
}
