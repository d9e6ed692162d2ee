/* report_table.c — see report_table.h. */
#include "report_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "xalloc.h"

static int is_number(const char *s, int *whole)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return 0;
    if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
        return 0; /* a code such as "01" */
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.') {
        *whole = 0;
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        *whole = 0;
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return 1;
    return 0;
}

static const char *const share_cols[] = {"share", "rate", "positive_share", NULL};

/* A share column: one of share_cols, or share_<split> of a cumulative
 * participation table (its split is declared in breakdowns.csv). */
static int is_share(const char *name)
{
    return in_list(name, share_cols) || strncmp(name, "share_", 6) == 0;
}
static const char *const unit_cols[] = {"value", "ci_low", "ci_high", "threshold", NULL};
static const char *const three_decimals[] = {"alpha", "alpha_std", "alpha_ci_low", "alpha_ci_high",
                                             "alpha_if_deleted", "r_drop", "jaccard", "se",
                                             "effect_size", "value", "balance", NULL};

/* Columns of numbers that are decimals even when every value is whole: the
 * tables write doubles at full precision, 3.0 as "3" (csvout.h), where 6
 * decimals wrote 3.000000 and made them decimal columns by their text. */
static const char *const decimal_cols[] = {
    "mean", "sd", "median", "q1", "q3", "statistic", "effect_size", "rho", "jaccard", "se",
    "balance", "alpha", "alpha_std", "alpha_ci_low", "alpha_ci_high", "alpha_pairwise",
    "alpha_std_pairwise", "alpha_if_deleted", "r_drop", "stability_bootstrap",
    "stability_threshold", NULL};

static void classify(pv_rtable *t)
{
    int has_share = 0;
    for (size_t c = 0; c < t->t.n_cols; c++)
        has_share |= is_share(t->t.cols[c]);
    for (size_t c = 0; c < t->t.n_cols; c++) {
        const char *name = t->t.cols[c];
        int numeric = 1, whole = 1, any = 0;
        for (size_t r = 0; r < t->t.n_rows && numeric; r++) {
            const char *v = pv_table_get(&t->t, r, c);
            if (*v) {
                any = 1;
                numeric = is_number(v, &whole);
            }
        }
        pv_rcol_kind k = PV_RC_TEXT;
        if (strcmp(name, "suppressed") == 0 || strcmp(name, "unit") == 0)
            k = PV_RC_TEXT;
        else if (is_share(name) ||
                 (has_share && (!strcmp(name, "ci_low") || !strcmp(name, "ci_high"))))
            k = PV_RC_SHARE;
        else if (!strcmp(name, "p") || !strcmp(name, "p_adjusted"))
            k = PV_RC_P;
        else if (numeric && any)
            k = whole && !in_list(name, decimal_cols) ? PV_RC_COUNT : PV_RC_DECIMAL;
        else if (!any && (in_list(name, unit_cols) || !strcmp(name, "mean")))
            k = PV_RC_DECIMAL; /* a column hidden whole is still a number column */
        t->kind[c] = k;
        if (c < 64)
            t->decimals[c] = in_list(name, three_decimals) ? 3 : 2;
    }
}

int pv_rtable_load(pv_rtable *t, const char *path, pv_err *err)
{
    pv_table_opts o = {0};
    pv_rejects rej = {0};
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    t->unit_col = t->suppressed_col = -1;
    t->path = pv_xstrdup(path);
    t->name = pv_xstrdup(base);
    char *dot = strrchr(t->name, '.');
    if (dot && strcmp(dot, ".csv") == 0)
        *dot = '\0';
    int st = pv_table_read(&t->t, path, path, &o, &rej, err);
    if (!st && rej.n)
        st = pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: %s", path, rej.v[0].line, rej.v[0].column,
                        rej.v[0].reason);
    pv_rejects_free(&rej);
    if (st)
        return st;
    t->kind = pv_xcalloc(t->t.n_cols, sizeof *t->kind);
    t->unit_col = pv_table_col(&t->t, "unit");
    t->suppressed_col = pv_table_col(&t->t, "suppressed");
    classify(t);
    return 0;
}

void pv_rtable_free(pv_rtable *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->name);
    free(t->kind);
    pv_table_free(&t->t);
    memset(t, 0, sizeof *t);
    t->unit_col = t->suppressed_col = -1;
}

pv_rcol_kind pv_rtable_kind(const pv_rtable *t, size_t r, size_t c)
{
    if (t->unit_col >= 0 && in_list(t->t.cols[c], unit_cols) && t->kind[c] != PV_RC_TEXT)
        return strcmp(pv_table_get(&t->t, r, (size_t)t->unit_col), "proportion") == 0
                   ? PV_RC_SHARE
                   : strcmp(pv_table_get(&t->t, r, (size_t)t->unit_col), "count") == 0 ? PV_RC_COUNT
                                                                                     : PV_RC_DECIMAL;
    return t->kind[c];
}

/* "col:reason" in the suppressed field of row r: the reason, or NULL. */
static const char *hidden_reason(const pv_rtable *t, size_t r, size_t c, size_t *len)
{
    if (t->suppressed_col < 0)
        return NULL;
    const char *s = pv_table_get(&t->t, r, (size_t)t->suppressed_col);
    const char *name = t->t.cols[c];
    size_t nl = strlen(name);
    while (*s) {
        const char *end = strchr(s, ';');
        size_t l = end ? (size_t)(end - s) : strlen(s);
        if (l > nl && strncmp(s, name, nl) == 0 && s[nl] == ':') {
            *len = l - nl - 1;
            return s + nl + 1;
        }
        s += l;
        if (*s == ';')
            s++;
    }
    return NULL;
}

pv_rcell_kind pv_rtable_cell(const pv_rtable *t, size_t r, size_t c, double *num)
{
    const char *v = pv_table_get(&t->t, r, c);
    size_t len;
    if (!*v) {
        const char *why = hidden_reason(t, r, c, &len);
        if (why)
            return len == 7 && strncmp(why, "primary", 7) == 0 ? PV_RCELL_HIDDEN_SMALL
                                                                 : PV_RCELL_HIDDEN_OTHER;
        return PV_RCELL_EMPTY;
    }
    if (pv_rtable_kind(t, r, c) == PV_RC_TEXT)
        return PV_RCELL_TEXT;
    *num = strtod(v, NULL);
    return PV_RCELL_NUMBER;
}

char *pv_rtable_format(const pv_rtable *t, size_t r, size_t c, int threshold, pv_lang lang,
                       char *buf, size_t n)
{
    double x = 0;
    switch (pv_rtable_cell(t, r, c, &x)) {
    case PV_RCELL_EMPTY: snprintf(buf, n, "—"); return buf;
    case PV_RCELL_TEXT: snprintf(buf, n, "%s", pv_table_get(&t->t, r, c)); return buf;
    case PV_RCELL_HIDDEN_SMALL: snprintf(buf, n, "< %d", threshold); return buf;
    case PV_RCELL_HIDDEN_OTHER: snprintf(buf, n, "x"); return buf;
    case PV_RCELL_NUMBER: break;
    }
    switch (pv_rtable_kind(t, r, c)) {
    case PV_RC_COUNT: return pv_fmt_dec(buf, n, x, 0, lang);
    case PV_RC_SHARE: return pv_fmt_pct(buf, n, x, 1, lang);
    case PV_RC_P:
        if (x < 0.001) {
            char d[32];
            snprintf(buf, n, "< %s", pv_fmt_dec(d, sizeof d, 0.001, 3, lang));
            return buf;
        }
        return pv_fmt_dec(buf, n, x, 3, lang);
    default: return pv_fmt_dec(buf, n, x, c < 64 ? t->decimals[c] : 2, lang);
    }
}

const char *pv_rtable_unit(const pv_rtable *t, size_t c)
{
    return t->kind[c] == PV_RC_SHARE ? "%" : "";
}
