/* qualitative.c — statistics of coded excerpts (see qualitative.h).
 * Workload: tens of sessions, hundreds of excerpts, tens of codes. */
#include "qualitative.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "config.h"
#include "csvout.h"
#include "indicators.h"
#include "replicates.h"

#include <gsl/gsl_rng.h>
#include "qualdata.h"
#include "agree.h"
#include "qstats.h"
#include "stats.h"
#include "textnorm.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ */
/* Data                                                               */
/* ------------------------------------------------------------------ */

typedef struct {
    pv_config cfg;
    pv_codes codes;
    pv_qualdata q;
    pv_dataset d;              /* only cfg and codes are used by the loader */
    size_t nc, ns, ne;         /* codes, sessions, excerpts */
    int *parent;               /* nc: parent code or -1 */
    int *depth;                /* nc: 0 for a theme */
    size_t ncoders;
    const char **coder;        /* names, in order of appearance */
    int *ref;                  /* ne: reference coder of each excerpt, -1 if none */
    unsigned char *direct;     /* ne x nc: the reference coder applied the code */
    unsigned char *rolled;     /* ne x nc: the code or one of its descendants */
    unsigned char *by;         /* ne x ncoders x nc: coder applied code (direct) */
    unsigned char *coded;      /* ne x ncoders: coder coded the excerpt */
    unsigned char *flagged;    /* ne: re-identifying term found */
    const char *out;
    pv_err *err;
    pv_csvw ind;
} qlctx;

#define BY(x, e, k, c) ((x)->by[((e) * (x)->ncoders + (k)) * (x)->nc + (c)])

static const char *code_id(const qlctx *x, size_t c)
{
    return pv_vtable_str(&x->q.t[PV_QL_CODEBOOK], c, CB_CODE);
}

static const char *code_label(const qlctx *x, size_t c, pv_lang lang)
{
    return pv_vtable_str(&x->q.t[PV_QL_CODEBOOK], c, lang == PV_LANG_EN ? CB_LABEL_EN : CB_LABEL_FR);
}

static int session_of(const qlctx *x, size_t e)
{
    return (int)pv_vtable_val(&x->q.t[PV_QL_EXCERPTS], e, EX_SESSION).i;
}

static int coder_index(qlctx *x, const char *name)
{
    for (size_t k = 0; k < x->ncoders; k++)
        if (strcmp(x->coder[k], name) == 0)
            return (int)k;
    x->coder[x->ncoders] = name;
    return (int)x->ncoders++;
}

/* Build the excerpt x code matrices from the codings. */
static int build(qlctx *x)
{
    const pv_vtable *cb = &x->q.t[PV_QL_CODEBOOK], *co = &x->q.t[PV_QL_CODINGS];
    x->nc = cb->n;
    x->ns = x->q.t[PV_QL_SESSIONS].n;
    x->ne = x->q.t[PV_QL_EXCERPTS].n;
    x->parent = pv_xnmalloc(x->nc + 1, sizeof *x->parent);
    x->depth = pv_xcalloc(x->nc + 1, sizeof *x->depth);
    x->coder = pv_xcalloc(co->n + 1, sizeof *x->coder);
    x->ref = pv_xnmalloc(x->ne + 1, sizeof *x->ref);
    x->direct = pv_xcalloc(pv_xmul(x->ne, x->nc) + 1, 1);
    x->rolled = pv_xcalloc(pv_xmul(x->ne, x->nc) + 1, 1);
    x->flagged = pv_xcalloc(x->ne + 1, 1);
    for (size_t c = 0; c < x->nc; c++) {
        x->parent[c] = (int)pv_vtable_val(cb, c, CB_PARENT).i;
        x->depth[c] = x->parent[c] >= 0 ? x->depth[x->parent[c]] + 1 : 0; /* parents first */
    }
    for (size_t r = 0; r < co->n; r++)
        coder_index(x, pv_vtable_str(co, r, CO_CODER));
    x->by = pv_xcalloc(pv_xmul(pv_xmul(x->ne, x->ncoders ? x->ncoders : 1), x->nc) + 1, 1);
    x->coded = pv_xcalloc(pv_xmul(x->ne, x->ncoders ? x->ncoders : 1) + 1, 1);
    for (size_t e = 0; e < x->ne; e++)
        x->ref[e] = -1;
    for (size_t r = 0; r < co->n; r++) {
        size_t e = (size_t)pv_vtable_val(co, r, CO_EXCERPT).i;
        size_t c = (size_t)pv_vtable_val(co, r, CO_CODE).i;
        int k = coder_index(x, pv_vtable_str(co, r, CO_CODER));
        if (x->ref[e] < 0)
            x->ref[e] = k; /* the first coder listed for the excerpt */
        BY(x, e, (size_t)k, c) = 1;
        x->coded[e * x->ncoders + (size_t)k] = 1;
    }
    for (size_t e = 0; e < x->ne; e++)
        for (size_t c = 0; x->ref[e] >= 0 && c < x->nc; c++)
            if (BY(x, e, (size_t)x->ref[e], c)) {
                x->direct[e * x->nc + c] = 1;
                for (int a = (int)c; a >= 0; a = x->parent[a])
                    x->rolled[e * x->nc + (size_t)a] = 1;
            }
    return 0;
}

static int load(qlctx *x, const char *in, pv_rejects *rej)
{
    char path[4096];
    pv_vctx ctx = {0};
    int st;
    snprintf(path, sizeof path, "%s/config.csv", in);
    if ((st = pv_config_load(&x->d.cfg, path, path, rej, x->err)))
        return st;
    ctx.period_start = x->d.cfg.period_start;
    ctx.period_end = x->d.cfg.period_end;
    ctx.decimal = '.';
    snprintf(path, sizeof path, "%s/codes.csv", in);
    if ((st = pv_codes_load(&x->d.codes, path, path, &ctx, rej, x->err)))
        return st;
    x->d.cfg.opts.delim = ',';
    x->d.cfg.opts.encoding = PV_ENC_UTF8;
    if ((st = pv_qualdata_load(&x->q, in, in, &x->d, rej, x->err)))
        return st;
    if (rej->n)
        return pv_err_set(x->err, PV_EXIT_DATA,
                          "%s:%ld:%d: %s ('%s'); the clean tables must come from ingest",
                          rej->v[0].file, rej->v[0].line, rej->v[0].column, rej->v[0].reason,
                          rej->v[0].value);
    return x->q.present ? build(x) : 0;
}

/* ------------------------------------------------------------------ */
/* Privacy                                                            */
/* ------------------------------------------------------------------ */

/* Flag every excerpt whose text or speaker names a term of privacy.csv
 * (both folded by pv_textnorm, once each; whole words) and list each find
 * with the column where it was found.  A real name typed as a speaker is
 * as re-identifying as one in the text: the excerpt is never quoted, so
 * that speaker is never published. */
static int write_privacy(qlctx *x)
{
    static const int where[] = {EX_SPEAKER, EX_TEXT};
    const pv_vtable *ex = &x->q.t[PV_QL_EXCERPTS], *pr = &x->q.t[PV_QL_PRIVACY];
    size_t nt = x->q.has_privacy ? pr->n : 0;
    char path[4096];
    pv_csvw w;
    char **term = pv_xcalloc(nt + 1, sizeof *term);
    for (size_t t = 0; t < nt; t++)
        term[t] = pv_textnorm(pv_vtable_str(pr, t, PR_TERM));
    snprintf(path, sizeof path, "%s/qualitative_privacy.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "excerpt_id", "session_id", "term", "kind", "field", NULL);
    for (size_t e = 0; nt && e < x->ne; e++)
        for (size_t i = 0; i < sizeof where / sizeof *where; i++) {
            char *text = pv_textnorm(pv_vtable_str(ex, e, (size_t)where[i]));
            for (size_t t = 0; t < nt; t++) {
                if (!pv_textnorm_has_words(text, term[t]))
                    continue;
                x->flagged[e] = 1;
                pv_csvw_row(&w, pv_vtable_str(ex, e, EX_ID),
                            pv_vtable_str(&x->q.t[PV_QL_SESSIONS], (size_t)session_of(x, e), SE_ID),
                            pv_vtable_str(pr, t, PR_TERM), pv_vtable_str(pr, t, PR_KIND),
                            ex->cols[where[i]].name, NULL);
            }
            g_free(text);
        }
    for (size_t t = 0; t < nt; t++)
        g_free(term[t]);
    free(term);
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Frequencies                                                        */
/* ------------------------------------------------------------------ */

/* Sessions where code c appears (rolled up), among the sessions s for
 * which keep(s) holds. */
static long sessions_with(const qlctx *x, size_t c, const unsigned char *keep, long *total)
{
    unsigned char *seen = pv_xcalloc(x->ns + 1, 1);
    long n = 0;
    *total = 0;
    for (size_t s = 0; s < x->ns; s++)
        *total += keep[s] != 0;
    for (size_t e = 0; e < x->ne; e++) {
        size_t s = (size_t)session_of(x, e);
        if (keep[s] && !seen[s] && x->rolled[e * x->nc + c])
            seen[s] = 1, n++;
    }
    free(seen);
    return n;
}

static void indicator(qlctx *x, const char *id, const char *label, long n, double v,
                      double lo, double hi, const char *unit)
{
    pv_indicator(&x->ind, "qualitative", id, label, n, v, lo, hi, unit);
}

/* Indicator ids (indicators.h), for the table and the replicates alike. */
static const char *sessions_id(char *buf, size_t n, const qlctx *x, size_t c, const char *grp)
{
    return pv_indicator_id(buf, n, "qual_sessions", code_id(x, c), grp);
}

static const char *balance_id(char *buf, size_t n, const qlctx *x, size_t t, const char *grp)
{
    return pv_indicator_id(buf, n, "qual_balance", code_id(x, t), grp);
}

static int write_codes(qlctx *x)
{
    const pv_vtable *cb = &x->q.t[PV_QL_CODEBOOK];
    static const char *const valence[] = {"positive", "negative", "neutral"};
    unsigned char *all = pv_xmalloc(x->ns + 1);
    char path[4096];
    pv_csvw w;
    memset(all, 1, x->ns + 1);
    snprintf(path, sizeof path, "%s/qualitative_codes.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "code", "parent", "level", "label_fr", "label_en", "valence",
                "excerpts", "excerpts_rolled", "sessions", "sessions_total", "share",
                "ci_low", "ci_high", NULL);
    for (size_t c = 0; c < x->nc; c++) {
        long direct = 0, rolled = 0, total, s = sessions_with(x, c, all, &total);
        double lo, hi, p = pv_wilson(s, total, 0.95, &lo, &hi);
        for (size_t e = 0; e < x->ne; e++)
            direct += x->direct[e * x->nc + c], rolled += x->rolled[e * x->nc + c];
        pv_csvw_str(&w, code_id(x, c));
        pv_csvw_str(&w, x->parent[c] >= 0 ? code_id(x, (size_t)x->parent[c]) : "");
        pv_csvw_int(&w, x->depth[c] + 1);
        pv_csvw_str(&w, code_label(x, c, PV_LANG_FR));
        pv_csvw_str(&w, code_label(x, c, PV_LANG_EN));
        pv_csvw_str(&w, valence[pv_vtable_val(cb, c, CB_VALENCE).i]);
        pv_csvw_int(&w, direct);
        pv_csvw_int(&w, rolled);
        pv_csvw_int(&w, s);
        pv_csvw_int(&w, total);
        pv_csvw_num(&w, p, 6);
        pv_csvw_num(&w, lo, 6);
        pv_csvw_num(&w, hi, 6);
        pv_csvw_end(&w);
    }
    free(all);
    return pv_csvw_close(&w);
}

/* Share of the sessions of each category of a session attribute (group or
 * region) where each code appears; indicators for groups. */
static int write_by(qlctx *x, int col, const char *list, const char *file, int indicators)
{
    const pv_vtable *se = &x->q.t[PV_QL_SESSIONS];
    int nk = pv_codes_count(&x->d.codes, list);
    unsigned char *keep = pv_xmalloc(x->ns + 1);
    char path[4096], id[256], label[512];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/%s", x->out, file);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "code", list, "label_fr", "label_en", "sessions", "sessions_total", "share",
                "ci_low", "ci_high", NULL);
    for (size_t c = 0; c < x->nc; c++)
        for (int k = 0; k < nk; k++) {
            long total, n;
            for (size_t s = 0; s < x->ns; s++)
                keep[s] = pv_vtable_val(se, s, (size_t)col).i == k;
            n = sessions_with(x, c, keep, &total);
            if (total == 0)
                continue; /* no session of this group or region */
            double lo, hi, p = pv_wilson(n, total, 0.95, &lo, &hi);
            pv_csvw_str(&w, code_id(x, c));
            pv_csvw_str(&w, pv_codes_code(&x->d.codes, list, k));
            pv_csvw_str(&w, code_label(x, c, PV_LANG_FR));
            pv_csvw_str(&w, code_label(x, c, PV_LANG_EN));
            pv_csvw_int(&w, n);
            pv_csvw_int(&w, total);
            pv_csvw_num(&w, p, 6);
            pv_csvw_num(&w, lo, 6);
            pv_csvw_num(&w, hi, 6);
            pv_csvw_end(&w);
            if (indicators) {
                sessions_id(id, sizeof id, x, c, pv_codes_code(&x->d.codes, list, k));
                snprintf(label, sizeof label, "%s (%s)", code_label(x, c, x->d.cfg.lang),
                         pv_codes_label(&x->d.codes, list, k, x->d.cfg.lang));
                indicator(x, id, label, total, p, lo, hi, "proportion");
            }
        }
    free(keep);
    return pv_csvw_close(&w);
}

/* Sessions x codes, 0/1 (rolled up), for R or a spreadsheet. */
static int write_case_code(qlctx *x)
{
    const pv_vtable *se = &x->q.t[PV_QL_SESSIONS];
    static const char *const kinds[] = {"focus_group", "interview"};
    char path[4096];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/qualitative_case_code.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_str(&w, "session_id");
    pv_csvw_str(&w, "kind");
    pv_csvw_str(&w, "group");
    pv_csvw_str(&w, "region");
    for (size_t c = 0; c < x->nc; c++)
        pv_csvw_str(&w, code_id(x, c));
    pv_csvw_end(&w);
    for (size_t s = 0; s < x->ns; s++) {
        pv_csvw_str(&w, pv_vtable_str(se, s, SE_ID));
        pv_csvw_str(&w, kinds[pv_vtable_val(se, s, SE_KIND).i]);
        pv_csvw_str(&w, pv_vtable_str(se, s, SE_GROUP));
        pv_csvw_str(&w, pv_vtable_str(se, s, SE_REGION));
        for (size_t c = 0; c < x->nc; c++) {
            int has = 0;
            for (size_t e = 0; e < x->ne && !has; e++)
                has = (size_t)session_of(x, e) == s && x->rolled[e * x->nc + c];
            pv_csvw_int(&w, has);
        }
        pv_csvw_end(&w);
    }
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Co-occurrence                                                      */
/* ------------------------------------------------------------------ */

/* Codes applied together to an excerpt (reference coding, codes as applied,
 * not rolled up): counts and Jaccard's coefficient, n_ab / (n_a + n_b -
 * n_ab) (ATLAS.ti's c-coefficient).  Pairs whose frequencies are very
 * unequal (the smaller below a fifth of the larger) are flagged: the
 * coefficient then says little. */
static int write_cooccurrence(qlctx *x)
{
    char path[4096];
    pv_csvw w;
    long *n = pv_xcalloc(x->nc + 1, sizeof *n);
    for (size_t e = 0; e < x->ne; e++)
        for (size_t c = 0; c < x->nc; c++)
            n[c] += x->direct[e * x->nc + c];
    snprintf(path, sizeof path, "%s/qualitative_cooccurrence.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "code_a", "code_b", "n_a", "n_b", "n_ab", "jaccard", "unequal", NULL);
    for (size_t a = 0; a < x->nc; a++)
        for (size_t b = a + 1; b < x->nc; b++) {
            long ab = 0;
            for (size_t e = 0; e < x->ne; e++)
                ab += x->direct[e * x->nc + a] && x->direct[e * x->nc + b];
            if (ab == 0)
                continue;
            long lo = n[a] < n[b] ? n[a] : n[b], hi = n[a] < n[b] ? n[b] : n[a];
            pv_csvw_str(&w, code_id(x, a));
            pv_csvw_str(&w, code_id(x, b));
            pv_csvw_int(&w, n[a]);
            pv_csvw_int(&w, n[b]);
            pv_csvw_int(&w, ab);
            pv_csvw_num(&w, (double)ab / (double)(n[a] + n[b] - ab), 6);
            pv_csvw_int(&w, 5 * lo < hi);
            pv_csvw_end(&w);
        }
    free(n);
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Disagreements                                                      */
/* ------------------------------------------------------------------ */

static int write_disagreements(qlctx *x)
{
    const pv_vtable *ex = &x->q.t[PV_QL_EXCERPTS];
    char path[4096];
    GString *yes = g_string_new(NULL), *no = g_string_new(NULL);
    pv_csvw w;
    snprintf(path, sizeof path, "%s/qualitative_disagreements.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "excerpt_id", "session_id", "code", "applied_by", "not_applied_by", "text",
                NULL);
    for (size_t e = 0; e < x->ne; e++)
        for (size_t c = 0; c < x->nc; c++) {
            int n_yes = 0, n_no = 0;
            g_string_truncate(yes, 0);
            g_string_truncate(no, 0);
            for (size_t k = 0; k < x->ncoders; k++) {
                if (!x->coded[e * x->ncoders + k])
                    continue;
                GString *g = BY(x, e, k, c) ? yes : no;
                g_string_append_printf(g, "%s%s", g->len ? ";" : "", x->coder[k]);
                BY(x, e, k, c) ? n_yes++ : n_no++;
            }
            if (n_yes == 0 || n_no == 0)
                continue;
            pv_csvw_str(&w, pv_vtable_str(ex, e, EX_ID));
            pv_csvw_str(&w, pv_vtable_str(&x->q.t[PV_QL_SESSIONS], (size_t)session_of(x, e), SE_ID));
            pv_csvw_str(&w, code_id(x, c));
            pv_csvw_str(&w, yes->str);
            pv_csvw_str(&w, no->str);
            /* only pseudonyms leave the pipeline: no text naming someone */
            pv_csvw_str(&w, x->flagged[e] ? "(withheld: names a person or place, see qualitative_privacy.csv)"
                                          : pv_vtable_str(ex, e, EX_TEXT));
            pv_csvw_end(&w);
        }
    g_string_free(yes, TRUE);
    g_string_free(no, TRUE);
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Exemplar quotes                                                    */
/* ------------------------------------------------------------------ */

#define QUOTES_PER_CODE 3
#define QUOTE_MIN_CHARS 40
#define QUOTE_MAX_CHARS 280

/* Up to three quotes per code, chosen deterministically among the excerpts
 * the reference coder gave the code: never a flagged excerpt, a readable
 * length (40 to 280 characters), then spread — each pick prefers a group
 * not yet quoted, then a session not yet quoted, then file order. */
static int write_quotes(qlctx *x)
{
    const pv_vtable *ex = &x->q.t[PV_QL_EXCERPTS], *se = &x->q.t[PV_QL_SESSIONS];
    char path[4096];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/qualitative_quotes.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "code", "rank", "excerpt_id", "session_id", "group", "region", "speaker",
                "text", NULL);
    for (size_t c = 0; c < x->nc; c++) {
        size_t chosen[QUOTES_PER_CODE];
        int nchosen = 0;
        while (nchosen < QUOTES_PER_CODE) {
            long best = -1;
            int best_score = -1;
            for (size_t e = 0; e < x->ne; e++) {
                const char *t = pv_vtable_str(ex, e, EX_TEXT);
                glong len = g_utf8_strlen(t, -1);
                int taken = 0, new_group = 1, new_session = 1;
                if (!x->direct[e * x->nc + c] || x->flagged[e] || len < QUOTE_MIN_CHARS ||
                    len > QUOTE_MAX_CHARS)
                    continue;
                for (int i = 0; i < nchosen; i++) {
                    size_t o = chosen[i];
                    taken |= o == e;
                    new_session &= session_of(x, o) != session_of(x, e);
                    new_group &= pv_vtable_val(se, (size_t)session_of(x, o), SE_GROUP).i !=
                                 pv_vtable_val(se, (size_t)session_of(x, e), SE_GROUP).i;
                }
                int score = 2 * new_group + new_session;
                if (!taken && score > best_score)
                    best = (long)e, best_score = score;
            }
            if (best < 0)
                break;
            chosen[nchosen++] = (size_t)best;
        }
        for (int i = 0; i < nchosen; i++) {
            size_t e = chosen[i], s = (size_t)session_of(x, e);
            pv_csvw_str(&w, code_id(x, c));
            pv_csvw_int(&w, i + 1);
            pv_csvw_str(&w, pv_vtable_str(ex, e, EX_ID));
            pv_csvw_str(&w, pv_vtable_str(se, s, SE_ID));
            pv_csvw_str(&w, pv_vtable_str(se, s, SE_GROUP));
            pv_csvw_str(&w, pv_vtable_str(se, s, SE_REGION));
            pv_csvw_str(&w, pv_vtable_str(ex, e, EX_SPEAKER));
            pv_csvw_str(&w, pv_vtable_str(ex, e, EX_TEXT));
            pv_csvw_end(&w);
        }
    }
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Balance of positive and negative codes per theme and group         */
/* ------------------------------------------------------------------ */

/* The theme (top-level code) of code c. */
static size_t theme_of(const qlctx *x, size_t c)
{
    while (x->parent[c] >= 0)
        c = (size_t)x->parent[c];
    return c;
}

static int write_balance(qlctx *x)
{
    const pv_vtable *cb = &x->q.t[PV_QL_CODEBOOK], *se = &x->q.t[PV_QL_SESSIONS];
    int ng = pv_codes_count(&x->d.codes, "group");
    char path[4096], id[256], label[512];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/qualitative_balance.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "theme", "group", "positive", "negative", "neutral", "balance", NULL);
    for (size_t t = 0; t < x->nc; t++) {
        if (x->parent[t] >= 0)
            continue;
        for (int g = 0; g < ng; g++) {
            long n[3] = {0, 0, 0}, sessions = 0;
            for (size_t s = 0; s < x->ns; s++)
                sessions += pv_vtable_val(se, s, SE_GROUP).i == g;
            if (!sessions)
                continue;
            for (size_t e = 0; e < x->ne; e++) {
                if (pv_vtable_val(se, (size_t)session_of(x, e), SE_GROUP).i != g)
                    continue;
                for (size_t c = 0; c < x->nc; c++)
                    if (x->direct[e * x->nc + c] && theme_of(x, c) == t)
                        n[pv_vtable_val(cb, c, CB_VALENCE).i]++;
            }
            long pn = n[PV_VALENCE_POSITIVE] + n[PV_VALENCE_NEGATIVE];
            double b = pn ? (double)(n[PV_VALENCE_POSITIVE] - n[PV_VALENCE_NEGATIVE]) / (double)pn : NAN;
            pv_csvw_str(&w, code_id(x, t));
            pv_csvw_str(&w, pv_codes_code(&x->d.codes, "group", g));
            pv_csvw_int(&w, n[PV_VALENCE_POSITIVE]);
            pv_csvw_int(&w, n[PV_VALENCE_NEGATIVE]);
            pv_csvw_int(&w, n[PV_VALENCE_NEUTRAL]);
            pv_csvw_num(&w, b, 6);
            pv_csvw_end(&w);
            if (pn) { /* the replicates' condition too */
                balance_id(id, sizeof id, x, t, pv_codes_code(&x->d.codes, "group", g));
                snprintf(label, sizeof label, "%s (%s)", code_label(x, t, x->d.cfg.lang),
                         pv_codes_label(&x->d.codes, "group", g, x->d.cfg.lang));
                indicator(x, id, label, pn, b, NAN, NAN, "balance");
            }
        }
    }
    return pv_csvw_close(&w);
}


/* ------------------------------------------------------------------ */
/* Bootstrap replicates of the indicators                             */
/* ------------------------------------------------------------------ */

/* Resample the sessions of each respondent group (with replacement, as
 * many as there are; a session keeps all its excerpts) and recompute the
 * shares of sessions per code and the balances per theme. */
static int write_replicates(qlctx *x)
{
    const pv_vtable *se = &x->q.t[PV_QL_SESSIONS], *cb = &x->q.t[PV_QL_CODEBOOK];
    int ng = pv_codes_count(&x->d.codes, "group");
    char path[4096], id[256];
    pv_csvw w;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    unsigned char *has = pv_xcalloc(pv_xmul(x->ns, x->nc) + 1, 1); /* session x code, rolled */
    long *val = pv_xcalloc(pv_xmul(pv_xmul(x->ns, x->nc), 3) + 1,
                           sizeof *val); /* session x theme x valence */
    size_t *members = pv_xnmalloc(x->ns + 1, sizeof *members), *pick = pv_xnmalloc(x->ns + 1, sizeof *pick);
    if (!g)
        pv_xalloc_die(); /* GSL's only failure here */
    snprintf(path, sizeof path, "%s/indicators_qualitative_replicates.csv", x->out);
    pv_replicates_open(&w, path, x->err);
    for (size_t e = 0; e < x->ne; e++) {
        size_t s = (size_t)session_of(x, e);
        for (size_t c = 0; c < x->nc; c++) {
            has[s * x->nc + c] |= x->rolled[e * x->nc + c];
            if (x->direct[e * x->nc + c])
                val[(s * x->nc + theme_of(x, c)) * 3 + (size_t)pv_vtable_val(cb, c, CB_VALENCE).i]++;
        }
    }
    gsl_rng_set(g, x->d.cfg.seed + PV_SEED_QUALITATIVE);
    for (long b = 0; b < x->d.cfg.replicates && !w.failed; b++)
        for (int gr = 0; gr < ng; gr++) {
            size_t m = 0;
            for (size_t s = 0; s < x->ns; s++)
                if (pv_vtable_val(se, s, SE_GROUP).i == gr)
                    members[m++] = s;
            if (m == 0)
                continue;
            for (size_t i = 0; i < m; i++)
                pick[i] = members[gsl_rng_uniform_int(g, m)];
            const char *grp = pv_codes_code(&x->d.codes, "group", gr);
            for (size_t c = 0; c < x->nc; c++) {
                long n = 0;
                double lo, hi, p;
                for (size_t i = 0; i < m; i++)
                    n += has[pick[i] * x->nc + c];
                p = pv_wilson(n, (long)m, 0.95, &lo, &hi);
                pv_replicate(&w, b, sessions_id(id, sizeof id, x, c, grp), p, lo, hi);
            }
            for (size_t t = 0; t < x->nc; t++) {
                long pos = 0, neg = 0, pn = 0;
                if (x->parent[t] >= 0)
                    continue;
                for (size_t i = 0; i < m; i++) /* the table's count: all the sessions */
                    pn += val[(members[i] * x->nc + t) * 3 + PV_VALENCE_POSITIVE] +
                          val[(members[i] * x->nc + t) * 3 + PV_VALENCE_NEGATIVE];
                if (!pn)
                    continue; /* no balance in the table (write_balance) */
                for (size_t i = 0; i < m; i++) {
                    pos += val[(pick[i] * x->nc + t) * 3 + PV_VALENCE_POSITIVE];
                    neg += val[(pick[i] * x->nc + t) * 3 + PV_VALENCE_NEGATIVE];
                }
                pv_replicate(&w, b, balance_id(id, sizeof id, x, t, grp),
                             pos + neg ? (double)(pos - neg) / (double)(pos + neg) : NAN, NAN, NAN);
            }
        }
    gsl_rng_free(g);
    free(has), free(val), free(members), free(pick);
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                        */
/* ------------------------------------------------------------------ */

static int write_agreement(qlctx *x);

static void qlctx_free(qlctx *x)
{
    free(x->parent), free(x->depth), free(x->coder), free(x->ref);
    free(x->direct), free(x->rolled), free(x->by), free(x->coded), free(x->flagged);
    pv_qualdata_free(&x->q);
    pv_codes_free(&x->d.codes);
    pv_config_free(&x->d.cfg);
}

int pv_qualitative_run(const char *in, const char *out, pv_err *err)
{
    qlctx x;
    pv_rejects rej = {0};
    char path[4096];
    memset(&x, 0, sizeof x);
    x.out = out;
    x.err = err;
    if (load(&x, in, &rej) == 0) {
        snprintf(path, sizeof path, "%s/indicators_qualitative.csv", out);
        pv_indicators_open(&x.ind, path, err);
        write_privacy(&x); /* first: quotes avoid the flagged excerpts */
        write_codes(&x);
        write_by(&x, SE_GROUP, "group", "qualitative_code_groups.csv", 1);
        write_by(&x, SE_REGION, "region", "qualitative_code_regions.csv", 0);
        write_case_code(&x);
        write_cooccurrence(&x);
        write_agreement(&x);
        write_disagreements(&x);
        write_quotes(&x);
        write_balance(&x);
        write_replicates(&x);
        pv_csvw_close(&x.ind);
    }
    qlctx_free(&x);
    pv_rejects_free(&rej);
    return err->status;
}

/* ------------------------------------------------------------------ */
/* Intercoder agreement                                               */
/* ------------------------------------------------------------------ */

/* Excerpts coded by two coders or more: the units of agreement. */
static size_t multi_coded(const qlctx *x, size_t *units)
{
    size_t n = 0;
    for (size_t e = 0; e < x->ne; e++) {
        size_t k = 0;
        for (size_t c = 0; c < x->ncoders; c++)
            k += x->coded[e * x->ncoders + c];
        if (k >= 2)
            units[n++] = e;
    }
    return n;
}

/* Fill m (rows x ncoders) with 1 / 0 / NAN: did coder k apply code c to
 * unit e (NAN when k did not code e); codes c0..c1-1 stacked (one code, or
 * all of them for the pooled "(all)").  Returns the rows. */
static size_t presence(const qlctx *x, const size_t *units, size_t nu, size_t c0, size_t c1,
                       double *m)
{
    size_t r = 0;
    for (size_t c = c0; c < c1; c++)
        for (size_t u = 0; u < nu; u++, r++)
            for (size_t k = 0; k < x->ncoders; k++)
                m[r * x->ncoders + k] = x->coded[units[u] * x->ncoders + k]
                                            ? (double)BY(x, units[u], k, c) : NAN;
    return r;
}

static void agreement_row(pv_csvw *w, const char *code, const char *measure, const char *coders,
                          double units, double v, double se, double lo, double hi, const char *note)
{
    pv_csvw_str(w, code);
    pv_csvw_str(w, measure);
    pv_csvw_str(w, coders);
    pv_csvw_num(w, units, 0);
    pv_csvw_num(w, v, 6);
    pv_csvw_num(w, se, 6);
    pv_csvw_num(w, lo, 6);
    pv_csvw_num(w, hi, 6);
    pv_csvw_str(w, note);
    pv_csvw_end(w);
}

/* Every measure for the rows of m (presence matrix). */
static void agreement_measures(const qlctx *x, pv_csvw *w, const char *code, const double *m,
                               size_t rows)
{
    size_t nk = x->ncoders, used;
    double pa;
    char pair[256];
    pv_kripp kr;
    pv_qs_status st = pv_percent_agreement(m, rows, nk, 2, &pa, &used);
    agreement_row(w, code, "percent_agreement", "all", (double)used, pa, NAN, NAN, NAN,
                  st ? pv_qs_status_str(st) : "");
    st = pv_kripp_alpha_nominal(m, rows, nk, 2, &kr);
    agreement_row(w, code, "krippendorff_alpha", "all", (double)kr.units_used, kr.alpha, NAN,
                  NAN, NAN, st ? pv_qs_status_str(st) : "");
    /* each pair of coders on the units both coded: Cohen and Brennan-Prediger */
    for (size_t a = 0; a < nk; a++)
        for (size_t b = a + 1; b < nk; b++) {
            double t[4] = {0, 0, 0, 0}, bp = NAN;
            size_t n = 0;
            for (size_t r = 0; r < rows; r++) {
                double va = m[r * nk + a], vb = m[r * nk + b];
                if (isnan(va) || isnan(vb))
                    continue;
                t[(size_t)va * 2 + (size_t)vb]++;
                n++;
            }
            if (n == 0)
                continue;
            pv_kappa kp;
            snprintf(pair, sizeof pair, "%s-%s", x->coder[a], x->coder[b]);
            st = pv_cohen_kappa(t, 2, 0.95, &kp);
            agreement_row(w, code, "cohen_kappa", pair, (double)n, kp.kappa, kp.se, kp.ci_low,
                          kp.ci_high, st ? pv_qs_status_str(st) : "");
            st = pv_brennan_prediger(t, 2, &bp);
            agreement_row(w, code, "brennan_prediger", pair, (double)n, bp, NAN, NAN, NAN,
                          st ? pv_qs_status_str(st) : "");
        }
    /* Fleiss on the units coded by the same number (>= 3) of coders: the
     * most common such number */
    size_t count[64] = {0}, best = 0;
    for (size_t r = 0; r < rows; r++) {
        size_t mu = 0;
        for (size_t k = 0; k < nk; k++)
            mu += !isnan(m[r * nk + k]);
        if (mu >= 3 && mu < 64 && ++count[mu] > count[best])
            best = mu;
    }
    if (best) {
        double *f = pv_xnmalloc(count[best] * 2 + 1, sizeof *f);
        size_t n = 0;
        for (size_t r = 0; r < rows; r++) {
            double yes = 0, mu = 0;
            for (size_t k = 0; k < nk; k++)
                if (!isnan(m[r * nk + k]))
                    mu++, yes += m[r * nk + k];
            if ((size_t)mu != best)
                continue;
            f[n * 2] = mu - yes, f[n * 2 + 1] = yes;
            n++;
        }
        pv_fleiss fl = {0};
        st = pv_fleiss_kappa(f, n, 2, &fl);
        snprintf(pair, sizeof pair, "%zu coders", best);
        agreement_row(w, code, "fleiss_kappa", pair, (double)n, fl.kappa, NAN, NAN, NAN,
                      st ? pv_qs_status_str(st) : "");
        free(f);
    }
}

/* Agreement on the excerpts coded by two coders or more, per code (did
 * each coder apply it?) and pooled over the codes. */
static int write_agreement(qlctx *x)
{
    char path[4096];
    pv_csvw w;
    size_t *units = pv_xnmalloc(x->ne + 1, sizeof *units), nu = multi_coded(x, units);
    double *m = pv_xnmalloc(pv_xmul(pv_xmul(nu, x->nc ? x->nc : 1), x->ncoders ? x->ncoders : 1) + 1,
                            sizeof *m);
    snprintf(path, sizeof path, "%s/qualitative_agreement.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "code", "measure", "coders", "units", "value", "se", "ci_low", "ci_high",
                "note", NULL);
    if (nu > 0) {
        size_t rows = presence(x, units, nu, 0, x->nc, m);
        agreement_measures(x, &w, "(all)", m, rows);
        for (size_t c = 0; c < x->nc; c++) {
            rows = presence(x, units, nu, c, c + 1, m);
            agreement_measures(x, &w, code_id(x, c), m, rows);
        }
    }
    free(units);
    free(m);
    return pv_csvw_close(&w);
}
