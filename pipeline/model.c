/* model.c — the participation model's declarations (see model.h). */
#include "model.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "value.h"
#include "xalloc.h"

const char *const pv_model_files[PV_MD_NFILES] = {
    [PV_MD_UNITS] = "units.csv", [PV_MD_COLUMNS] = "columns.csv",
    [PV_MD_INDICATORS] = "indicators.csv", [PV_MD_BREAKDOWNS] = "breakdowns.csv"};
static const char *const file_names[PV_MD_NFILES] = {"units", "columns", "indicators",
                                                     "breakdowns"};

#define RANGE 1000000000000000LL /* min and max of a number column */

enum { UN_UNIT, UN_ROLE, UN_LABEL_COLUMN, UN_LABEL_FR, UN_LABEL_EN, UN_NCOLS };
static const pv_colspec units_cols[UN_NCOLS] = {
    [UN_UNIT] = {"unit", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [UN_ROLE] = {"role", PV_COL_ENUM, "place|sample|member", 0, 0, 0, NULL},
    [UN_LABEL_COLUMN] = {"label_column", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [UN_LABEL_FR] = {"label_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [UN_LABEL_EN] = {"label_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
};
enum { CO_UNIT, CO_COLUMN, CO_TYPE, CO_OF, CO_MIN, CO_MAX, CO_IN_PERIOD, CO_NOT_BEFORE,
       CO_NCOLS };
/* The type words, in pv_coltype order where they map (KEY and ENUM are not
 * for data files). */
static const char TYPES[] = "id|text|code|ref|date|yesno|int|decimal";
static const pv_coltype type_of[] = {PV_COL_ID,   PV_COL_TEXT,  PV_COL_CODE, PV_COL_REF,
                                     PV_COL_DATE, PV_COL_YESNO, PV_COL_INT,  PV_COL_DEC};
static const pv_colspec columns_cols[CO_NCOLS] = {
    [CO_UNIT] = {"unit", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [CO_COLUMN] = {"column", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [CO_TYPE] = {"type", PV_COL_ENUM, TYPES, 0, 0, 0, NULL},
    [CO_OF] = {"of", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [CO_MIN] = {"min", PV_COL_INT, NULL, -RANGE, RANGE, PV_MAY_BE_EMPTY, NULL},
    [CO_MAX] = {"max", PV_COL_INT, NULL, -RANGE, RANGE, PV_MAY_BE_EMPTY, NULL},
    [CO_IN_PERIOD] = {"in_period", PV_COL_YESNO, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [CO_NOT_BEFORE] = {"not_before", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
};
enum { IN_ID, IN_KIND, IN_UNIT, IN_COLUMN, IN_NUM, IN_DEN, IN_LABEL_FR, IN_LABEL_EN,
       IN_HEADLINE, IN_NCOLS };
static const pv_colspec indicators_cols[IN_NCOLS] = {
    [IN_ID] = {"indicator", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [IN_KIND] = {"kind", PV_COL_ENUM, "count|share|count_by|distinct|months|mean", 0, 0, 0, NULL},
    [IN_UNIT] = {"unit", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [IN_COLUMN] = {"column", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [IN_NUM] = {"numerator", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [IN_DEN] = {"denominator", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [IN_LABEL_FR] = {"label_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [IN_LABEL_EN] = {"label_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [IN_HEADLINE] = {"headline", PV_COL_YESNO, NULL, 0, 0, 0, NULL},
};
enum { BD_ID, BD_UNIT, BD_BY, BD_PER, BD_SPLIT, BD_BANDS, BD_BAND_FR, BD_BAND_EN,
       BD_INDICATOR, BD_MEAN, BD_NCOLS };
static const pv_colspec breakdowns_cols[BD_NCOLS] = {
    [BD_ID] = {"breakdown", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [BD_UNIT] = {"unit", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [BD_BY] = {"by", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [BD_PER] = {"per", PV_COL_ENUM, "month|cumulative", 0, 0, PV_MAY_BE_EMPTY, NULL},
    [BD_SPLIT] = {"split", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [BD_BANDS] = {"bands", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [BD_BAND_FR] = {"band_label_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [BD_BAND_EN] = {"band_label_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [BD_INDICATOR] = {"indicator", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [BD_MEAN] = {"mean", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
};
static const struct {
    const pv_colspec *cols;
    size_t n;
} specs[PV_MD_NFILES] = {{units_cols, UN_NCOLS},
                         {columns_cols, CO_NCOLS},
                         {indicators_cols, IN_NCOLS},
                         {breakdowns_cols, BD_NCOLS}};

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

/* The checks of one file: its table, the rows to drop, the first error. */
typedef struct {
    pv_model *m;
    const pv_codes *codes;
    pv_rejects *rej;
    pv_err *err;
    unsigned char *drop[PV_MD_NFILES];
    int bad;
} checker;

/* Reject row k of declaration file f at column col, for a reason. */
static int bad(checker *c, int f, size_t k, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int bad(checker *c, int f, size_t k, int col, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    pv_vtable *vt = &c->m->vt[f];
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (c->drop[f][k])
        return 0; /* one reason per row is enough to refuse it */
    size_t r = vt->src[k];
    pv_err_set(c->err, PV_EXIT_DATA, "%s:%ld:%d: %s: %s ('%s')", vt->raw.name, vt->raw.line[r],
               vt->map[col] + 1, vt->cols[col].name, why, pv_vtable_str(vt, k, (size_t)col));
    pv_vtable_reject(vt, k, col, why, c->rej, c->drop[f]);
    c->bad++;
    return 0;
}

static const char *str(const pv_model *m, int f, size_t k, int col)
{
    return pv_vtable_str(&m->vt[f], k, (size_t)col);
}

/* A name that becomes a file name or a column name: [a-z0-9_], not empty. */
static int plain_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

int pv_model_unit(const pv_model *m, const char *name)
{
    for (int i = 0; i < m->nu; i++)
        if (strcmp(m->u[i].name, name) == 0)
            return i;
    return -1;
}

static int unit_col(const pv_unit *u, const char *name)
{
    for (size_t c = 0; c < u->ncols; c++)
        if (strcmp(u->cols[c].name, name) == 0)
            return (int)c;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Paths and conditions                                               */
/* ------------------------------------------------------------------ */

/* Parse "a.b.c" from unit u into *p.  Returns NULL or the reason (in why). */
static const char *parse_path(const pv_model *m, int u, const char *s, pv_colpath *p, char *why,
                              size_t n)
{
    char name[128];
    p->n = 0;
    for (;;) {
        size_t len = strcspn(s, ".");
        if (len == 0 || len >= sizeof name)
            return "not a column name (column, or ref_column.column)";
        memcpy(name, s, len);
        name[len] = '\0';
        if (p->n == PV_PATH_MAX)
            return "too many links (at most 3 ref columns)";
        int c = unit_col(&m->u[u], name);
        if (c < 0) {
            snprintf(why, n, "unknown column '%s' of unit %s (columns.csv)", name, m->u[u].name);
            return why;
        }
        p->unit[p->n] = u, p->col[p->n++] = c;
        if (!s[len])
            return NULL;
        if (m->u[u].cols[c].type != PV_COL_REF) {
            snprintf(why, n, "'%s' of unit %s is not a ref column: no link to follow", name,
                     m->u[u].name);
            return why;
        }
        u = m->u[u].target[c];
        s += len + 1;
    }
}

const pv_colspec *pv_path_spec(const pv_model *m, const pv_colpath *p)
{
    return &m->u[p->unit[p->n - 1]].cols[p->col[p->n - 1]];
}

size_t pv_path_row(const pv_colpath *p, const pv_vtable *t, size_t r)
{
    for (int i = 0; i + 1 < p->n; i++)
        r = (size_t)pv_vtable_val(&t[p->unit[i]], r, (size_t)p->col[i]).i;
    return r;
}

pv_val pv_path_val(const pv_colpath *p, const pv_vtable *t, size_t r)
{
    r = pv_path_row(p, t, r);
    return pv_vtable_val(&t[p->unit[p->n - 1]], r, (size_t)p->col[p->n - 1]);
}

/* One value of a clause, typed as the column.  Returns NULL or the reason. */
static const char *parse_value(const pv_colspec *cs, const pv_codes *codes, const char *s,
                               double *num, char **txt, char *why, size_t n)
{
    int64_t i;
    int32_t d;
    int y;
    *txt = pv_xstrdup(s);
    *num = 0;
    switch (cs->type) {
    case PV_COL_CODE:
        if ((y = pv_codes_find(codes, cs->arg, s)) < 0) {
            snprintf(why, n, "'%s' is not a code of list '%s' in codes.csv", s, cs->arg);
            return why;
        }
        *num = y;
        return NULL;
    case PV_COL_YESNO:
        if (pv_parse_yesno(s, &y))
            return "a yes/no column is compared with yes or no";
        *num = y;
        return NULL;
    case PV_COL_INT:
        if (pv_parse_int(s, &i))
            return "an integer column is compared with an integer";
        *num = (double)i;
        return NULL;
    case PV_COL_DEC:
        if (pv_parse_dec(s, '.', num))
            return "a decimal column is compared with a number (decimal point '.')";
        return NULL;
    case PV_COL_DATE:
        if (pv_parse_date(s, &d))
            return "a date column is compared with a date (YYYY-MM-DD)";
        *num = d;
        return NULL;
    default:
        return NULL; /* text, id, ref: compared as text */
    }
}

static int numeric(pv_coltype t)
{
    return t == PV_COL_INT || t == PV_COL_DEC || t == PV_COL_DATE;
}

/* Parse "col op value" into *cl.  Returns NULL or the reason. */
static const char *parse_clause(const pv_model *m, const pv_codes *codes, int u, char *s,
                                pv_clause *cl, char *why, size_t n)
{
    static const struct {
        const char *op;
        pv_op v;
    } ops[] = {{" in ", PV_OP_IN}, {"<=", PV_OP_LE}, {">=", PV_OP_GE}, {"!=", PV_OP_NE},
               {"<", PV_OP_LT},    {">", PV_OP_GT},  {"=", PV_OP_EQ}};
    char *at = NULL, *rhs;
    size_t k;
    memset(cl, 0, sizeof *cl);
    for (k = 0; k < PV_NCOLS(ops) && !at; k++)
        if ((at = strstr(s, ops[k].op)))
            break;
    if (!at)
        return "not a condition (column=value, column<=number, column in a;b)";
    cl->op = ops[k].v;
    rhs = at + strlen(ops[k].op);
    while (at > s && at[-1] == ' ')
        at--;
    *at = '\0';
    while (*rhs == ' ')
        rhs++;
    const char *e = parse_path(m, u, s, &cl->path, why, n);
    if (e)
        return e;
    const pv_colspec *cs = pv_path_spec(m, &cl->path);
    if (cl->op != PV_OP_EQ && cl->op != PV_OP_NE && cl->op != PV_OP_IN && !numeric(cs->type)) {
        snprintf(why, n, "'%s' compares with < or > but column '%s' is not a number or a date",
                 ops[k].op, cs->name);
        return why;
    }
    int nv = 1;
    for (const char *p = rhs; *p; p++)
        nv += *p == ';';
    if (!*rhs || (nv > 1 && cl->op != PV_OP_IN))
        return "one value after the operator (a list a;b only after 'in')";
    cl->num = pv_xcalloc((size_t)nv, sizeof *cl->num);
    cl->str = pv_xcalloc((size_t)nv, sizeof *cl->str);
    for (char *v = rhs;; v++) {
        size_t len = strcspn(v, ";");
        char c = v[len];
        v[len] = '\0';
        e = parse_value(cs, codes, v, &cl->num[cl->nv], &cl->str[cl->nv], why, n);
        cl->nv++;
        if (e)
            return e;
        if (!c)
            break;
        v += len;
    }
    return NULL;
}

/* Parse "a and b" into *c.  Returns NULL or the reason. */
static const char *parse_cond(const pv_model *m, const pv_codes *codes, int u, const char *s,
                              pv_cond *c, char *why, size_t n)
{
    char *buf = pv_xstrdup(s), *p = buf;
    const char *e = NULL;
    memset(c, 0, sizeof *c);
    while (*p && !e) {
        char *and = strstr(p, " and ");
        if (and)
            *and = '\0';
        c->c = pv_xnrealloc(c->c, (size_t)c->n + 1, sizeof *c->c);
        e = parse_clause(m, codes, u, p, &c->c[c->n++], why, n);
        p = and ? and + 5 : p + strlen(p);
    }
    free(buf);
    return e;
}

static int clause_holds(const pv_model *m, const pv_clause *cl, const pv_vtable *t, size_t r)
{
    const pv_colspec *cs = pv_path_spec(m, &cl->path);
    size_t rr = pv_path_row(&cl->path, t, r);
    const pv_vtable *vt = &t[cl->path.unit[cl->path.n - 1]];
    size_t col = (size_t)cl->path.col[cl->path.n - 1];
    pv_val v = pv_vtable_val(vt, rr, col);
    double x = cs->type == PV_COL_DEC ? v.d : (double)v.i;
    int text = cs->type == PV_COL_ID || cs->type == PV_COL_TEXT || cs->type == PV_COL_REF;
    const char *s = text ? pv_vtable_str(vt, rr, col) : NULL;
    if ((cs->flags & PV_MAY_BE_EMPTY) && !*pv_vtable_str(vt, rr, col))
        return 0; /* an empty cell meets no condition */
    switch (cl->op) {
    case PV_OP_LT: return x < cl->num[0];
    case PV_OP_LE: return x <= cl->num[0];
    case PV_OP_GT: return x > cl->num[0];
    case PV_OP_GE: return x >= cl->num[0];
    default: break;
    }
    int in = 0;
    for (int i = 0; i < cl->nv && !in; i++)
        in = text ? strcmp(s, cl->str[i]) == 0 : x == cl->num[i];
    return cl->op == PV_OP_NE ? !in : in;
}

int pv_cond_holds(const pv_model *m, const pv_cond *c, const pv_vtable *t, size_t r)
{
    for (int i = 0; i < c->n; i++)
        if (!clause_holds(m, &c->c[i], t, r))
            return 0;
    return 1;
}

int pv_cond_equal(const pv_cond *a, const pv_cond *b)
{
    if (a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++) {
        const pv_clause *x = &a->c[i], *y = &b->c[i];
        if (memcmp(&x->path, &y->path, sizeof x->path) || x->op != y->op || x->nv != y->nv)
            return 0;
        for (int j = 0; j < x->nv; j++)
            if (x->num[j] != y->num[j] || strcmp(x->str[j], y->str[j]))
                return 0;
    }
    return 1;
}

double pv_path_num(const pv_model *m, const pv_colpath *p, const pv_vtable *t, size_t r)
{
    pv_val v = pv_path_val(p, t, r);
    return pv_path_spec(m, p)->type == PV_COL_DEC ? v.d : (double)v.i;
}

/* ------------------------------------------------------------------ */
/* units.csv and columns.csv                                          */
/* ------------------------------------------------------------------ */

static void check_units(checker *c)
{
    pv_model *m = c->m;
    const pv_vtable *vt = &m->vt[PV_MD_UNITS];
    m->u = pv_xcalloc(vt->n + 1, sizeof *m->u);
    m->sample = -1;
    for (size_t k = 0; k < vt->n; k++) {
        pv_unit *u = &m->u[m->nu];
        const char *name = str(m, PV_MD_UNITS, k, UN_UNIT);
        if (!plain_name(name)) {
            bad(c, PV_MD_UNITS, k, UN_UNIT, "a unit is named with a-z, 0-9 and _ (its file is "
                "<unit>.csv)");
            continue;
        }
        u->name = name;
        snprintf(u->file, sizeof u->file, "%s.csv", name);
        u->role = (pv_role)pv_vtable_val(vt, k, UN_ROLE).i;
        u->label[PV_LANG_FR] = str(m, PV_MD_UNITS, k, UN_LABEL_FR);
        u->label[PV_LANG_EN] = str(m, PV_MD_UNITS, k, UN_LABEL_EN);
        u->id_col = u->label_col = -1;
        if (!*u->label[0] && !*u->label[1])
            bad(c, PV_MD_UNITS, k, UN_LABEL_FR, "a unit needs a label (label_fr or label_en)");
        if (u->role == PV_ROLE_SAMPLE) {
            if (m->sample >= 0)
                bad(c, PV_MD_UNITS, k, UN_ROLE, "a second sample unit (%s is the first): the "
                    "bootstrap resamples one unit", m->u[m->sample].name);
            else
                m->sample = m->nu;
        }
        m->nu++;
    }
}

/* Column k of columns.csv into its unit. */
static int add_column(checker *c, size_t k)
{
    pv_model *m = c->m;
    const pv_vtable *vt = &m->vt[PV_MD_COLUMNS];
    const char *uname = str(m, PV_MD_COLUMNS, k, CO_UNIT), *name = str(m, PV_MD_COLUMNS, k, CO_COLUMN),
               *of = str(m, PV_MD_COLUMNS, k, CO_OF), *nb = str(m, PV_MD_COLUMNS, k, CO_NOT_BEFORE);
    int ui = pv_model_unit(m, uname), t = (int)pv_vtable_val(vt, k, CO_TYPE).i;
    pv_coltype type = type_of[t];
    int64_t lo = pv_vtable_val(vt, k, CO_MIN).i, hi = pv_vtable_val(vt, k, CO_MAX).i;
    int has_lo = *str(m, PV_MD_COLUMNS, k, CO_MIN), has_hi = *str(m, PV_MD_COLUMNS, k, CO_MAX);
    if (ui < 0)
        return bad(c, PV_MD_COLUMNS, k, CO_UNIT, "not a unit of units.csv");
    pv_unit *u = &m->u[ui];
    if (unit_col(u, name) >= 0)
        return bad(c, PV_MD_COLUMNS, k, CO_COLUMN, "column declared twice for unit %s", uname);
    int target = -1;
    if (type == PV_COL_CODE && pv_codes_count(c->codes, of) == 0)
        return bad(c, PV_MD_COLUMNS, k, CO_OF,
                   "not a list of codes.csv (a code column names its code list)");
    if (type == PV_COL_REF) {
        target = pv_model_unit(m, of);
        if (target < 0)
            return bad(c, PV_MD_COLUMNS, k, CO_OF,
                       "not a unit of units.csv (a ref column names the unit it refers to)");
        if (target >= ui)
            return bad(c, PV_MD_COLUMNS, k, CO_OF, "refers to %s, which is not declared before "
                       "%s in units.csv: units are read in that order, so a link may only go "
                       "back (no cycle)", of, uname);
    }
    if (type != PV_COL_CODE && type != PV_COL_REF && *of)
        return bad(c, PV_MD_COLUMNS, k, CO_OF, "only code and ref columns have an 'of'");
    if (type == PV_COL_INT || type == PV_COL_DEC) {
        if (!has_lo || !has_hi)
            return bad(c, PV_MD_COLUMNS, k, has_lo ? CO_MAX : CO_MIN,
                       "a number column needs its min and max");
        if (lo > hi)
            return bad(c, PV_MD_COLUMNS, k, CO_MAX, "max is under min");
    } else if (has_lo || has_hi) {
        return bad(c, PV_MD_COLUMNS, k, has_lo ? CO_MIN : CO_MAX,
                   "only int and decimal columns have a min and max");
    }
    int in_period = *str(m, PV_MD_COLUMNS, k, CO_IN_PERIOD) && pv_vtable_val(vt, k, CO_IN_PERIOD).i;
    if (type != PV_COL_DATE && (in_period || *nb))
        return bad(c, PV_MD_COLUMNS, k, in_period ? CO_IN_PERIOD : CO_NOT_BEFORE,
                   "only date columns have in_period or not_before");
    if (*nb) { /* "ref_column.date_column" */
        pv_colpath p;
        char why[256];
        const char *e = strchr(nb, '.') ? parse_path(m, ui, nb, &p, why, sizeof why)
                                        : "expected ref_column.date_column";
        if (!e && (p.n != 2 || pv_path_spec(m, &p)->type != PV_COL_DATE))
            e = "expected ref_column.date_column (a date column of the referenced unit)";
        if (e)
            return bad(c, PV_MD_COLUMNS, k, CO_NOT_BEFORE, "%s", e);
    }
    if (type == PV_COL_ID && u->id_col >= 0)
        return bad(c, PV_MD_COLUMNS, k, CO_TYPE, "unit %s has an id column already (%s)", uname,
                   u->cols[u->id_col].name);
    u->cols = pv_xnrealloc(u->cols, u->ncols + 1, sizeof *u->cols);
    u->target = pv_xnrealloc(u->target, u->ncols + 1, sizeof *u->target);
    u->cols[u->ncols] = (pv_colspec){name, type, type == PV_COL_REF || type == PV_COL_CODE ? of : NULL,
                                     lo, hi, in_period ? PV_IN_PERIOD : 0u, *nb ? nb : NULL};
    u->target[u->ncols] = target;
    if (type == PV_COL_ID)
        u->id_col = (int)u->ncols;
    u->ncols++;
    return 0;
}

/* After the columns: each unit has an id, its label column, and a member
 * its way to the sample unit. */
static void check_unit_columns(checker *c)
{
    pv_model *m = c->m;
    for (int i = 0; i < m->nu; i++) {
        pv_unit *u = &m->u[i];
        const char *lc = str(m, PV_MD_UNITS, (size_t)i, UN_LABEL_COLUMN);
        if (u->id_col < 0) {
            bad(c, PV_MD_UNITS, (size_t)i, UN_UNIT, "no id column in columns.csv");
            continue;
        }
        u->label_col = *lc ? unit_col(u, lc) : u->id_col;
        if (u->label_col < 0)
            bad(c, PV_MD_UNITS, (size_t)i, UN_LABEL_COLUMN, "not a column of unit %s", u->name);
        if (u->role != PV_ROLE_MEMBER)
            continue;
        /* the first chain of ref columns that leads to the sample unit */
        int cur = i;
        u->up.n = 0;
        while (cur != m->sample && u->up.n < PV_PATH_MAX) {
            int next = -1;
            for (size_t k = 0; k < m->u[cur].ncols && next < 0; k++)
                if (m->u[cur].target[k] >= 0 && m->u[m->u[cur].target[k]].role != PV_ROLE_PLACE) {
                    next = m->u[cur].target[k];
                    u->up.unit[u->up.n] = cur, u->up.col[u->up.n++] = (int)k;
                }
            if (next < 0)
                break;
            cur = next;
        }
        if (cur != m->sample || m->sample < 0)
            bad(c, PV_MD_UNITS, (size_t)i, UN_ROLE, "a member unit needs ref columns that lead "
                "to the sample unit (the bootstrap resamples it with its members)");
        else if (u->up.n < PV_PATH_MAX) /* end the path on the sample's id */
            u->up.unit[u->up.n] = m->sample, u->up.col[u->up.n++] = m->u[m->sample].id_col;
    }
}

/* ------------------------------------------------------------------ */
/* indicators.csv and breakdowns.csv                                  */
/* ------------------------------------------------------------------ */

static int people(const pv_model *m, int u)
{
    return u >= 0 && m->u[u].role != PV_ROLE_PLACE;
}

static const char *const type_word[] = {
    [PV_COL_ID] = "id", [PV_COL_TEXT] = "text", [PV_COL_CODE] = "code", [PV_COL_REF] = "ref",
    [PV_COL_DATE] = "date", [PV_COL_YESNO] = "yesno", [PV_COL_INT] = "int",
    [PV_COL_DEC] = "decimal"};

/* The path s of unit u to the number column averaged by a mean (of an
 * indicator or of a breakdown).  Returns NULL or the reason (in why). */
static const char *mean_path(const pv_model *m, int u, const char *s, pv_colpath *p, char *why,
                             size_t n)
{
    const char *e;
    if (!*s)
        return "a mean needs its column (an int or decimal column)";
    if ((e = parse_path(m, u, s, p, why, n)))
        return e;
    pv_coltype t = pv_path_spec(m, p)->type;
    if (t != PV_COL_INT && t != PV_COL_DEC) {
        snprintf(why, n, "a mean is of a number column (int or decimal): '%s' is a %s column", s,
                 t < (pv_coltype)PV_NCOLS(type_word) && type_word[t] ? type_word[t] : "non-number");
        return why;
    }
    return NULL;
}

static int check_indicator(checker *c, size_t k)
{
    pv_model *m = c->m;
    const pv_vtable *vt = &m->vt[PV_MD_INDICATORS];
    pv_mindicator *d = &m->ind[m->ni];
    char why[512];
    const char *e, *un = str(m, PV_MD_INDICATORS, k, IN_UNIT),
                   *col = str(m, PV_MD_INDICATORS, k, IN_COLUMN),
                   *num = str(m, PV_MD_INDICATORS, k, IN_NUM), *den = str(m, PV_MD_INDICATORS, k, IN_DEN);
    memset(d, 0, sizeof *d);
    m->ni++; /* kept even when wrong (the dataset is then refused): freed with m */
    d->id = str(m, PV_MD_INDICATORS, k, IN_ID);
    d->kind = (pv_kind)pv_vtable_val(vt, k, IN_KIND).i;
    d->label[0] = str(m, PV_MD_INDICATORS, k, IN_LABEL_FR);
    d->label[1] = str(m, PV_MD_INDICATORS, k, IN_LABEL_EN);
    d->headline = (int)pv_vtable_val(vt, k, IN_HEADLINE).i;
    d->unit = *un ? pv_model_unit(m, un) : -1;
    if (!plain_name(d->id))
        return bad(c, PV_MD_INDICATORS, k, IN_ID, "an indicator id is written with a-z, 0-9 and _");
    if (!*d->label[0] && !*d->label[1])
        return bad(c, PV_MD_INDICATORS, k, IN_LABEL_FR, "an indicator needs a label");
    if (d->kind == PV_K_MONTHS) {
        if (*un || *col || *num || *den)
            return bad(c, PV_MD_INDICATORS, k, *un ? IN_UNIT : *col ? IN_COLUMN : *num ? IN_NUM : IN_DEN,
                       "months counts the months of the evaluation period: nothing else to say");
        return 0;
    }
    if (d->unit < 0)
        return bad(c, PV_MD_INDICATORS, k, IN_UNIT, "not a unit of units.csv");
    if (d->kind == PV_K_COUNT_BY || d->kind == PV_K_DISTINCT) {
        if (people(m, d->unit))
            return bad(c, PV_MD_INDICATORS, k, IN_UNIT, "count_by and distinct count places: "
                       "counts of people are breakdowns (their small cells are suppressed)");
        if ((e = parse_path(m, d->unit, col, &d->col, why, sizeof why)))
            return bad(c, PV_MD_INDICATORS, k, IN_COLUMN, "%s", e);
        if (d->kind == PV_K_COUNT_BY && pv_path_spec(m, &d->col)->type != PV_COL_CODE)
            return bad(c, PV_MD_INDICATORS, k, IN_COLUMN, "count_by needs a code column");
    } else if (d->kind == PV_K_MEAN) {
        if (!people(m, d->unit))
            return bad(c, PV_MD_INDICATORS, k, IN_UNIT, "a mean is of people, not places (its n "
                       "is a count of people, suppressed when small)");
        if ((e = mean_path(m, d->unit, col, &d->col, why, sizeof why)))
            return bad(c, PV_MD_INDICATORS, k, IN_COLUMN, "%s", e);
        if (*num)
            return bad(c, PV_MD_INDICATORS, k, IN_NUM, "a mean has no numerator: the rows it "
                       "averages are its denominator (empty: all the unit's rows)");
    } else if (*col) {
        return bad(c, PV_MD_INDICATORS, k, IN_COLUMN, "only count_by, distinct and mean have a "
                   "column");
    }
    if (d->kind == PV_K_SHARE && !*num)
        return bad(c, PV_MD_INDICATORS, k, IN_NUM, "a share needs its numerator");
    if (d->kind == PV_K_SHARE && !people(m, d->unit))
        return bad(c, PV_MD_INDICATORS, k, IN_UNIT, "a share is of people, not places");
    if (d->kind != PV_K_SHARE && d->kind != PV_K_COUNT && d->kind != PV_K_MEAN && (*num || *den))
        return bad(c, PV_MD_INDICATORS, k, *num ? IN_NUM : IN_DEN,
                   "only count, share and mean have conditions");
    if (d->kind == PV_K_COUNT && *den)
        return bad(c, PV_MD_INDICATORS, k, IN_DEN, "a count has no denominator");
    if ((e = parse_cond(m, c->codes, d->unit, num, &d->num, why, sizeof why)))
        return bad(c, PV_MD_INDICATORS, k, IN_NUM, "%s", e);
    if ((e = parse_cond(m, c->codes, d->unit, den, &d->den, why, sizeof why)))
        return bad(c, PV_MD_INDICATORS, k, IN_DEN, "%s", e);
    return 0;
}

/* "0-2;3-5" into the breakdown's bands.  Returns NULL or the reason. */
static const char *parse_bands(pv_mbreakdown *b, const char *s, const pv_colspec *cs)
{
    int n = 1;
    for (const char *p = s; *p; p++)
        n += *p == ';';
    b->lo = pv_xcalloc((size_t)n, sizeof *b->lo);
    b->hi = pv_xcalloc((size_t)n, sizeof *b->hi);
    b->nbands = 0;
    while (*s) {
        int lo, hi, used;
        if (sscanf(s, "%d-%d%n", &lo, &hi, &used) != 2 || hi < lo)
            return "bands are lo-hi;lo-hi (whole numbers, lo <= hi)";
        if (b->nbands && lo <= b->hi[b->nbands - 1])
            return "bands go up and do not overlap";
        if (lo < cs->min || hi > cs->max)
            return "a band is outside the column's min..max";
        b->lo[b->nbands] = lo, b->hi[b->nbands++] = hi;
        s += used;
        if (*s == ';' && s[1])
            s++;
        else if (*s)
            return "bands are lo-hi;lo-hi (whole numbers, lo <= hi)";
    }
    return NULL;
}

static int check_breakdown(checker *c, size_t k)
{
    pv_model *m = c->m;
    const pv_vtable *vt = &m->vt[PV_MD_BREAKDOWNS];
    pv_mbreakdown *b = &m->bd[m->nb];
    char why[512];
    const char *e, *by = str(m, PV_MD_BREAKDOWNS, k, BD_BY), *split = str(m, PV_MD_BREAKDOWNS, k, BD_SPLIT),
                   *bands = str(m, PV_MD_BREAKDOWNS, k, BD_BANDS), *per = str(m, PV_MD_BREAKDOWNS, k, BD_PER),
                   *ind = str(m, PV_MD_BREAKDOWNS, k, BD_INDICATOR),
                   *mean = str(m, PV_MD_BREAKDOWNS, k, BD_MEAN);
    memset(b, 0, sizeof *b);
    m->nb++; /* kept even when wrong, freed with m */
    b->id = str(m, PV_MD_BREAKDOWNS, k, BD_ID);
    b->unit = pv_model_unit(m, str(m, PV_MD_BREAKDOWNS, k, BD_UNIT));
    b->split = b->monthly = -1;
    b->band_label[0] = str(m, PV_MD_BREAKDOWNS, k, BD_BAND_FR);
    b->band_label[1] = str(m, PV_MD_BREAKDOWNS, k, BD_BAND_EN);
    b->indicator = *ind ? ind : NULL;
    if (!plain_name(b->id))
        return bad(c, PV_MD_BREAKDOWNS, k, BD_ID, "a breakdown id is written with a-z, 0-9 and _ "
                   "(its table is participation_<id>.csv)");
    if (b->indicator && !plain_name(b->indicator))
        return bad(c, PV_MD_BREAKDOWNS, k, BD_INDICATOR, "an indicator id is written with a-z, "
                   "0-9 and _");
    if (b->unit < 0)
        return bad(c, PV_MD_BREAKDOWNS, k, BD_UNIT, "not a unit of units.csv");
    if (!people(m, b->unit))
        return bad(c, PV_MD_BREAKDOWNS, k, BD_UNIT, "a breakdown counts people: %s is a place",
                   m->u[b->unit].name);
    if ((e = parse_path(m, b->unit, by, &b->by, why, sizeof why)))
        return bad(c, PV_MD_BREAKDOWNS, k, BD_BY, "%s", e);
    const pv_colspec *cs = pv_path_spec(m, &b->by);
    switch (cs->type) {
    case PV_COL_CODE: b->kind = PV_BY_CODE, b->key_name = cs->arg; break;
    case PV_COL_REF: b->kind = PV_BY_REF, b->key_name = cs->name; break;
    case PV_COL_DATE:
        if (!*per)
            return bad(c, PV_MD_BREAKDOWNS, k, BD_PER, "a date column is broken down per month "
                       "or cumulative");
        b->kind = pv_vtable_val(vt, k, BD_PER).i ? PV_BY_CUMULATIVE : PV_BY_MONTH;
        b->key_name = "month";
        break;
    case PV_COL_INT: b->kind = PV_BY_BANDS; break;
    case PV_COL_DEC:
        return bad(c, PV_MD_BREAKDOWNS, k, BD_BY, "bands are of whole numbers: a decimal column "
                   "is not broken down (declare it int, or count it with conditions)");
    default:
        return bad(c, PV_MD_BREAKDOWNS, k, BD_BY, "a breakdown is by a code, ref, date or "
                   "int column");
    }
    if (*per && cs->type != PV_COL_DATE)
        return bad(c, PV_MD_BREAKDOWNS, k, BD_PER, "only a date column has a 'per'");
    if ((b->kind == PV_BY_BANDS) != (*bands != 0))
        return bad(c, PV_MD_BREAKDOWNS, k, BD_BANDS, b->kind == PV_BY_BANDS
                   ? "an int column is broken down by bands" : "only an int column has bands");
    if (b->kind == PV_BY_BANDS) {
        if ((e = parse_bands(b, bands, cs)))
            return bad(c, PV_MD_BREAKDOWNS, k, BD_BANDS, "%s", e);
        char *kn = pv_xmalloc(strlen(cs->name) + 6);
        sprintf(kn, "%s_band", cs->name);
        b->key_name = kn;
    }
    if (*split) {
        b->split = unit_col(&m->u[b->unit], split);
        if (b->split < 0 || m->u[b->unit].cols[b->split].type != PV_COL_YESNO)
            return bad(c, PV_MD_BREAKDOWNS, k, BD_SPLIT, "a split is a yes/no column of unit %s",
                       m->u[b->unit].name);
        b->split_cols[0] = pv_xstrdup(split);
        b->split_cols[1] = pv_xmalloc(strlen(split) + 5);
        sprintf(b->split_cols[1], "not_%s", split);
    }
    if (b->kind == PV_BY_CUMULATIVE) {
        for (int i = 0; i < m->nb && b->monthly < 0; i++)
            if (&m->bd[i] != b && m->bd[i].kind == PV_BY_MONTH && m->bd[i].unit == b->unit && m->bd[i].split == b->split &&
                !memcmp(&m->bd[i].by, &b->by, sizeof b->by))
                b->monthly = i;
        if (b->monthly < 0)
            return bad(c, PV_MD_BREAKDOWNS, k, BD_PER, "a cumulative breakdown sums a monthly one "
                       "declared before it (same unit, column and split)");
        if (b->indicator)
            return bad(c, PV_MD_BREAKDOWNS, k, BD_INDICATOR, "running totals give no indicator");
        if (*mean)
            return bad(c, PV_MD_BREAKDOWNS, k, BD_MEAN, "running totals give no mean");
    }
    if (*mean) {
        if ((e = mean_path(m, b->unit, mean, &b->mean, why, sizeof why)))
            return bad(c, PV_MD_BREAKDOWNS, k, BD_MEAN, "%s", e);
        b->has_mean = 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Load                                                               */
/* ------------------------------------------------------------------ */

int pv_model_load(pv_model *m, const char *dir, const pv_vctx *ctx, pv_rejects *rej,
                  pv_err *err)
{
    char path[4096];
    struct stat sb;
    checker c = {.m = m, .codes = ctx->codes, .rej = rej, .err = err};
    memset(m, 0, sizeof *m);
    m->sample = -1;
    snprintf(path, sizeof path, "%s/%s", dir, pv_model_files[PV_MD_UNITS]);
    if (stat(path, &sb) != 0)
        return 0; /* no participation source */
    m->present = 1;
    size_t before = rej->n;
    for (int f = 0; f < PV_MD_NFILES; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, pv_model_files[f]);
        if (f >= PV_MD_INDICATORS && stat(path, &sb) != 0)
            continue; /* no indicators, no breakdowns: allowed */
        int st = pv_vtable_load(&m->vt[f], file_names[f], specs[f].cols, specs[f].n, path, path,
                                ctx, rej, err);
        if (st)
            return st;
        c.drop[f] = pv_xcalloc(m->vt[f].n + 1, 1);
    }
    if (rej->n > before) { /* types, header: the checks below need them right */
        const pv_reject *e = &rej->v[before];
        for (int f = 0; f < PV_MD_NFILES; f++)
            free(c.drop[f]);
        return pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: %s ('%s')", e->file, e->line, e->column,
                          e->reason, e->value);
    }
    check_units(&c);
    int units_bad = c.bad; /* then m->u no longer follows units.csv row by row */
    for (size_t k = 0; !units_bad && k < m->vt[PV_MD_COLUMNS].n; k++)
        add_column(&c, k);
    if (!c.bad)
        check_unit_columns(&c);
    m->ind = pv_xcalloc(m->vt[PV_MD_INDICATORS].n + 1, sizeof *m->ind);
    m->bd = pv_xcalloc(m->vt[PV_MD_BREAKDOWNS].n + 1, sizeof *m->bd);
    if (!c.bad) { /* conditions and paths need every unit's columns */
        for (size_t k = 0; k < m->vt[PV_MD_INDICATORS].n; k++)
            check_indicator(&c, k);
        for (size_t k = 0; k < m->vt[PV_MD_BREAKDOWNS].n; k++)
            check_breakdown(&c, k);
    }
    for (int f = 0; f < PV_MD_NFILES; f++) {
        if (m->vt[f].raw.name)
            pv_vtable_compact(&m->vt[f], c.drop[f]);
        free(c.drop[f]);
    }
    return c.bad ? PV_EXIT_DATA : 0;
}

int pv_model_write(const pv_model *m, const char *dir, pv_err *err)
{
    char path[4096];
    for (int f = 0; m->present && f < PV_MD_NFILES; f++)
        if (m->vt[f].raw.name) {
            snprintf(path, sizeof path, "%s/%s", dir, pv_model_files[f]);
            pv_vtable_write(&m->vt[f], path, err);
        }
    return err->status;
}

static void cond_free(pv_cond *c)
{
    for (int i = 0; i < c->n; i++) {
        for (int j = 0; j < c->c[i].nv; j++)
            free(c->c[i].str[j]);
        free(c->c[i].num), free(c->c[i].str);
    }
    free(c->c);
}

void pv_model_free(pv_model *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->nu; i++)
        free(m->u[i].cols), free(m->u[i].target);
    for (int i = 0; i < m->ni; i++)
        cond_free(&m->ind[i].num), cond_free(&m->ind[i].den);
    for (int i = 0; i < m->nb; i++) {
        free(m->bd[i].lo), free(m->bd[i].hi);
        free(m->bd[i].split_cols[0]), free(m->bd[i].split_cols[1]);
        if (m->bd[i].kind == PV_BY_BANDS)
            free((char *)m->bd[i].key_name);
    }
    free(m->u), free(m->ind), free(m->bd);
    for (int f = 0; f < PV_MD_NFILES; f++)
        pv_vtable_free(&m->vt[f]);
    memset(m, 0, sizeof *m);
}
