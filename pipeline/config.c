/* config.c — dataset settings (see config.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "qstats.h"
#include "value.h"
#include "xalloc.h"

typedef enum { K_TEXT, K_DATE, K_LANG, K_INT, K_DELIM,
               K_DECIMAL, K_ENCODING, K_SHARE, K_PADJ, K_COUNT, K_UNITS, K_SCOPE,
               K_OVERLAP, K_YESNO } ktype;

static const struct {
    const char *key;
    ktype type;
    const char *def;   /* NULL: required */
} keys[] = {
    /* in one language at least: the other falls back to it (check_pairs) */
    {"title_fr", K_TEXT, ""},
    {"title_en", K_TEXT, ""},
    {"source_fr", K_TEXT, ""},
    {"source_en", K_TEXT, ""},
    {"period_start", K_DATE, NULL},
    {"period_end", K_DATE, NULL},
    {"lang", K_LANG, "fr"},
    {"small_cell_threshold", K_INT, "5"},
    {"delimiter", K_DELIM, "auto"},
    {"decimal", K_DECIMAL, "."},
    {"encoding", K_ENCODING, "auto"},
    {"score_min_share", K_SHARE, "0.5"},
    {"p_adjust", K_PADJ, "holm"},
    {"stability_replicates", K_COUNT, "1000"},
    {"stability_seed", K_COUNT, "20250331"},
    {"agreement_units", K_UNITS, "auto"},
    {"agreement_scope", K_SCOPE, "session"},
    {"agreement_min_overlap", K_OVERLAP, "0.9"},
    {"default_figures", K_YESNO, "yes"},
};
enum { NKEYS = sizeof keys / sizeof *keys };

enum { CFG_KEY, CFG_VALUE, CFG_NCOLS };
static const pv_colspec config_cols[CFG_NCOLS] = {
    [CFG_KEY] = {"key", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [CFG_VALUE] = {"value", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
};

static int key_index(const char *k)
{
    for (int i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].key, k) == 0)
            return i;
    return -1;
}

/* "excerpt;segment" into PV_AGREE_* bits ("auto": 0); returns 0 or -1. */
static int parse_units(pv_config *c, const char *s)
{
    static const char *const names[] = {"excerpt", "presence", "frequency", "segment",
                                         "character", "unitized"};
    c->agreement_units = 0;
    if (strcmp(s, "auto") == 0)
        return 0;
    while (*s) {
        size_t len = strcspn(s, ";"), i;
        for (i = 0; i < sizeof names / sizeof *names; i++)
            if (strlen(names[i]) == len && strncmp(names[i], s, len) == 0)
                break;
        if (i == sizeof names / sizeof *names)
            return -1;
        c->agreement_units |= 1u << i;
        s += len + (s[len] == ';');
    }
    return c->agreement_units ? 0 : -1;
}

/* Apply key k = s; returns NULL or the reason it is invalid. */
static const char *apply(pv_config *c, int k, const char *s)
{
    int64_t n;
    int32_t d;
    switch (keys[k].type) {
    case K_TEXT:
        return NULL;
    case K_DATE:
        if (pv_parse_date(s, &d))
            return "not a date (expected YYYY-MM-DD)";
        *(strcmp(keys[k].key, "period_start") ? &c->period_end : &c->period_start) = d;
        return NULL;
    case K_LANG:
        if (pv_lang_parse(s) < 0)
            return "expected fr or en";
        c->lang = (pv_lang)pv_lang_parse(s);
        return NULL;
    case K_INT:
        if (pv_parse_int(s, &n) || n < 0 || n > 1000)
            return "expected an integer 0..1000";
        if (n < 1) /* small_cell_threshold, the one integer key */
            return "the threshold must be at least 1";
        c->threshold = (int)n;
        return NULL;
    case K_DELIM:
        if (strcmp(s, "auto") == 0) c->opts.delim = 0;
        else if (strcmp(s, ",") == 0 || strcmp(s, ";") == 0) c->opts.delim = s[0];
        else if (strcmp(s, "tab") == 0) c->opts.delim = '\t';
        else return "expected auto, ',', ';' or tab";
        return NULL;
    case K_DECIMAL:
        if (strcmp(s, ".") && strcmp(s, ","))
            return "expected '.' or ','";
        c->decimal = s[0];
        return NULL;
    case K_SHARE: {
        double d;
        if (pv_parse_dec(s, '.', &d) || d <= 0 || d > 1)
            return "expected a proportion in (0, 1] with '.' decimals";
        c->score_min_share = d;
        return NULL;
    }
    case K_PADJ: /* R's p.adjust names, case as R spells them */
        if (pv_padjust_parse(s) < 0)
            return "expected holm, BH, bonferroni or hochberg";
        c->p_adjust = pv_padjust_parse(s);
        return NULL;
    case K_COUNT:
        if (pv_parse_int(s, &n) || n < 0 || n > 1000000000)
            return "expected an integer 0..1000000000";
        if (strcmp(keys[k].key, "stability_replicates") == 0)
            c->replicates = (long)n;
        else
            c->seed = (unsigned long)n;
        return NULL;
    case K_UNITS:
        return parse_units(c, s) ? "expected auto, or units separated by ';' among excerpt, "
                                   "presence, frequency, segment, character, unitized" : NULL;
    case K_SCOPE:
        if (strcmp(s, "session") && strcmp(s, "excerpt"))
            return "expected session or excerpt";
        c->agreement_scope_excerpt = strcmp(s, "excerpt") == 0;
        return NULL;
    case K_YESNO: /* the only one: default_figures */
        if (strcmp(s, "yes") && strcmp(s, "no"))
            return "expected yes or no";
        c->default_figures = strcmp(s, "yes") == 0;
        return NULL;
    case K_OVERLAP: {
        double d;
        if (pv_parse_dec(s, '.', &d) || d <= 0 || d > 1)
            return "expected a proportion in (0, 1] with '.' decimals";
        c->agreement_min_overlap = d;
        return NULL;
    }
    case K_ENCODING:
        if (strcmp(s, "auto") == 0) c->opts.encoding = PV_ENC_AUTO;
        else if (strcmp(s, "utf-8") == 0) c->opts.encoding = PV_ENC_UTF8;
        else if (strcmp(s, "windows-1252") == 0) c->opts.encoding = PV_ENC_CP1252;
        else return "expected auto, utf-8 or windows-1252";
        return NULL;
    }
    return "unknown key type";
}

/* Keys k (_fr) and k + 1 (_en): at least one of the two is given. */
static void check_pair(pv_config *c, int k, pv_rejects *rej)
{
    char both[128];
    if (*c->val[k] || *c->val[k + 1])
        return;
    snprintf(both, sizeof both, "%s or %s", keys[k].key, keys[k + 1].key);
    pv_rejects_add(rej, c->vt.raw.name, 1, 0, "key", both,
                   "missing required key (in one language at least)");
}

int pv_config_load(pv_config *c, const char *path, const char *msgname,
                   pv_rejects *rej, pv_err *err)
{
    pv_vctx ctx = {0};
    size_t before = rej->n;
    memset(c, 0, sizeof *c);
    int st = pv_vtable_load(&c->vt, "config", config_cols, PV_NCOLS(config_cols), path, msgname,
                            &ctx, rej, err);
    if (st)
        return st;
    /* rows with an error are counted as rejected (the report adds up), but
     * any error refuses the whole dataset (ingest exits 4) */
    unsigned char *drop = pv_xcalloc(c->vt.n + 1, 1);
    for (size_t r = 0; r < c->vt.n; r++) {
        const char *k = pv_vtable_str(&c->vt, r, CFG_KEY);
        int i = key_index(k);
        if (i < 0) {
            pv_rejects_add(rej, c->vt.raw.name, c->vt.raw.line[c->vt.src[r]],
                           c->vt.map[CFG_KEY] + 1, "key", k, "unknown key");
            drop[r] = 1;
            continue;
        }
        c->val[i] = pv_vtable_str(&c->vt, r, CFG_VALUE);
    }
    for (int i = 0; i < NKEYS; i++) {
        const char *why;
        if (!c->val[i] && !keys[i].def) {
            pv_rejects_add(rej, c->vt.raw.name, 1, 0, "key", keys[i].key,
                           "missing required key");
            continue;
        }
        if (!c->val[i])
            c->val[i] = keys[i].def;
        if ((why = apply(c, i, c->val[i]))) {
            long r = pv_vtable_find(&c->vt, keys[i].key);
            pv_rejects_add(rej, c->vt.raw.name,
                           r >= 0 ? c->vt.raw.line[c->vt.src[r]] : 1,
                           c->vt.map[CFG_VALUE] + 1, keys[i].key, c->val[i], why);
            if (r >= 0)
                drop[r] = 1;
        }
    }
    if (c->val[4] && c->val[5] && rej->n == before && c->period_end < c->period_start)
        pv_rejects_add(rej, c->vt.raw.name, 1, 0, "period_end", c->val[5],
                       "the period ends before it starts");
    check_pair(c, 0, rej);
    check_pair(c, 2, rej);
    /* a dataset in one language: the other language's outputs use its words */
    c->title[PV_LANG_FR] = *c->val[0] ? c->val[0] : c->val[1];
    c->title[PV_LANG_EN] = *c->val[1] ? c->val[1] : c->val[0];
    c->source[PV_LANG_FR] = *c->val[2] ? c->val[2] : c->val[3];
    c->source[PV_LANG_EN] = *c->val[3] ? c->val[3] : c->val[2];
    if (rej->n > before)
        pv_vtable_compact(&c->vt, drop);
    free(drop);
    if (rej->n > before) {
        const pv_reject *e = &rej->v[before];
        return pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: %s%s%s ('%s')", e->file,
                          e->line, e->column, e->field, *e->field ? ": " : "",
                          e->reason, e->value);
    }
    return 0;
}

int pv_config_write(const pv_config *c, const char *path, pv_err *err)
{
    pv_csvw w;
    pv_csvw_open(&w, path, err);
    pv_colspec_header(&w, config_cols, PV_NCOLS(config_cols));
    for (int i = 0; i < NKEYS; i++) {
        const char *v = c->val[i];
        if (keys[i].type == K_DELIM) v = ",";
        if (keys[i].type == K_DECIMAL) v = ".";
        if (keys[i].type == K_ENCODING) v = "utf-8";
        if (!*v)
            continue; /* an optional key not given: no empty value */
        pv_csvw_row(&w, keys[i].key, v, NULL);
    }
    return pv_csvw_close(&w);
}

void pv_config_free(pv_config *c)
{
    if (c)
        pv_vtable_free(&c->vt);
}
