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

#include "qualdata.h"
#include "agree.h"
#include "breakdown.h"
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

/* In lang, else in the other language, else the code (a dataset in one
 * language; the codebook's parents are referred to by row, so no row is
 * rejected for a missing label). */
static const char *code_label(const qlctx *x, size_t c, pv_lang lang)
{
    const pv_vtable *cb = &x->q.t[PV_QL_CODEBOOK];
    const char *s = pv_label_get(cb, c, lang == PV_LANG_EN ? CB_LABEL_EN : CB_LABEL_FR,
                                 lang == PV_LANG_EN ? CB_LABEL_FR : CB_LABEL_EN);
    return *s ? s : pv_vtable_str(cb, c, CB_CODE);
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
    if (x->q.present && x->q.t[PV_QL_SESSIONS].n == 0) /* never empty tables with status 0 */
        return pv_err_set(x->err, PV_EXIT_DATA,
                          "%s: no session: every session was rejected by ingest, or none was "
                          "given (see ingest.csv and rejects/); nothing to analyse",
                          x->q.t[PV_QL_SESSIONS].raw.name);
    return x->q.present ? build(x) : 0;
}

/* ------------------------------------------------------------------ */
/* Privacy                                                            */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* Output columns (qualitative.h for the tables other stages read)    */
/* ------------------------------------------------------------------ */

const char *const pv_ql_codes_cols[PV_QLC_NCOLS] = {
    [PV_QLC_CODE] = "code", [PV_QLC_PARENT] = "parent", [PV_QLC_LEVEL] = "level",
    [PV_QLC_LABEL_FR] = "label_fr", [PV_QLC_LABEL_EN] = "label_en",
    [PV_QLC_VALENCE] = "valence", [PV_QLC_EXCERPTS] = "excerpts",
    [PV_QLC_EXCERPTS_ROLLED] = "excerpts_rolled", [PV_QLC_SESSIONS] = "sessions",
    [PV_QLC_SESSIONS_TOTAL] = "sessions_total", [PV_QLC_SHARE] = "share",
    [PV_QLC_CI_LOW] = "ci_low", [PV_QLC_CI_HIGH] = "ci_high"};
const char *const pv_ql_by_cols[PV_QLB_NCOLS] = {
    [PV_QLB_CODE] = "code", [PV_QLB_KEY] = NULL /* the list: "group", "region" */,
    [PV_QLB_LABEL_FR] = "label_fr", [PV_QLB_LABEL_EN] = "label_en",
    [PV_QLB_SESSIONS] = "sessions", [PV_QLB_SESSIONS_TOTAL] = "sessions_total",
    [PV_QLB_SHARE] = "share", [PV_QLB_CI_LOW] = "ci_low", [PV_QLB_CI_HIGH] = "ci_high"};
const char *const pv_ql_sessions_cols[PV_QLS_NCOLS] = {
    [PV_QLS_KEY] = NULL /* the list: "group", "region" */, [PV_QLS_KIND] = "kind",
    [PV_QLS_LABEL_FR] = "label_fr", [PV_QLS_LABEL_EN] = "label_en",
    [PV_QLS_SESSIONS] = "sessions", [PV_QLS_PARTICIPANTS] = "participants",
    [PV_QLS_SUPPRESSED] = "suppressed"};
const char *const pv_ql_cooccurrence_cols[PV_QLX_NCOLS] = {
    [PV_QLX_CODE_A] = "code_a", [PV_QLX_CODE_B] = "code_b", [PV_QLX_N_A] = "n_a",
    [PV_QLX_N_B] = "n_b", [PV_QLX_N_AB] = "n_ab", [PV_QLX_JACCARD] = "jaccard",
    [PV_QLX_UNEQUAL] = "unequal"};
const char *const pv_ql_agreement_cols[PV_QLA_NCOLS] = {
    [PV_QLA_UNIT] = "unit", [PV_QLA_CODE] = "code", [PV_QLA_SESSION] = "session_id",
    [PV_QLA_MEASURE] = "measure", [PV_QLA_CODERS] = "coders",
    [PV_QLA_UNITS] = "units", [PV_QLA_VALUE] = "value", [PV_QLA_SE] = "se",
    [PV_QLA_CI_LOW] = "ci_low", [PV_QLA_CI_HIGH] = "ci_high", [PV_QLA_NOTE] = "note"};
const char *const pv_quote_cols[PV_QQ_NCOLS] = {
    [PV_QQ_CODE] = "code", [PV_QQ_RANK] = "rank", [PV_QQ_EXCERPT] = "excerpt_id",
    [PV_QQ_SESSION] = "session_id", [PV_QQ_GROUP] = "group", [PV_QQ_REGION] = "region",
    [PV_QQ_SPEAKER] = "speaker", [PV_QQ_TEXT] = "text"};

/* Tables only people read. */
enum { PRV_EXCERPT, PRV_SESSION, PRV_TERM, PRV_KIND, PRV_FIELD, PRV_NCOLS };
static const char *const privacy_cols[PRV_NCOLS] = {
    [PRV_EXCERPT] = "excerpt_id", [PRV_SESSION] = "session_id", [PRV_TERM] = "term",
    [PRV_KIND] = "kind", [PRV_FIELD] = "field"};
/* qualitative_case_code.csv: these, then one column per code */
enum { CC_SESSION, CC_KIND, CC_GROUP, CC_REGION, CC_NCOLS };
static const char *const case_code_cols[CC_NCOLS] = {
    [CC_SESSION] = "session_id", [CC_KIND] = "kind", [CC_GROUP] = "group",
    [CC_REGION] = "region"};
enum { DIS_EXCERPT, DIS_SESSION, DIS_CODE, DIS_APPLIED, DIS_NOT_APPLIED, DIS_TEXT, DIS_NCOLS };
static const char *const disagreements_cols[DIS_NCOLS] = {
    [DIS_EXCERPT] = "excerpt_id", [DIS_SESSION] = "session_id", [DIS_CODE] = "code",
    [DIS_APPLIED] = "applied_by", [DIS_NOT_APPLIED] = "not_applied_by", [DIS_TEXT] = "text"};
enum { BAL_THEME, BAL_GROUP, BAL_POSITIVE, BAL_NEGATIVE, BAL_NEUTRAL, BAL_BALANCE, BAL_NCOLS };
static const char *const balance_cols[BAL_NCOLS] = {
    [BAL_THEME] = "theme", [BAL_GROUP] = "group", [BAL_POSITIVE] = "positive",
    [BAL_NEGATIVE] = "negative", [BAL_NEUTRAL] = "neutral", [BAL_BALANCE] = "balance"};

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
    pv_csvw_header(&w, privacy_cols, PRV_NCOLS);
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
    pv_csvw_header(&w, pv_ql_codes_cols, PV_QLC_NCOLS);
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
        pv_csvw_num(&w, p);
        pv_csvw_num(&w, lo);
        pv_csvw_num(&w, hi);
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
    const char *cols[PV_QLB_NCOLS];
    pv_csvw w;
    memcpy(cols, pv_ql_by_cols, sizeof cols);
    cols[PV_QLB_KEY] = list;
    snprintf(path, sizeof path, "%s/%s", x->out, file);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_header(&w, cols, PV_QLB_NCOLS);
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
            pv_csvw_num(&w, p);
            pv_csvw_num(&w, lo);
            pv_csvw_num(&w, hi);
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
    for (size_t c = 0; c < CC_NCOLS; c++)
        pv_csvw_str(&w, case_code_cols[c]);
    for (size_t c = 0; c < x->nc; c++)
        pv_csvw_str(&w, code_id(x, c));
    pv_csvw_end(&w);
    for (size_t s = 0; s < x->ns; s++) {
        pv_csvw_str(&w, pv_vtable_str(se, s, SE_ID));
        int64_t kind = pv_vtable_val(se, s, SE_KIND).i; /* -1: not given */
        pv_csvw_str(&w, kind >= 0 ? kinds[kind] : "");
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
/* Session attributes                                                 */
/* ------------------------------------------------------------------ */

/* How many sessions lack each attribute (they are optional: real QDA
 * exports rarely carry them) and which outputs leave those sessions out;
 * a line on stderr for kind and group, which were required before (region
 * never was: the demo has sessions without one). */
static int write_attributes(qlctx *x)
{
    static const struct {
        int col;
        const char *name, *consequence;
        int say;
    } attrs[] = {
        {SE_KIND, "kind", "empty in qualitative_case_code.csv", 1},
        {SE_GROUP, "group", "left out of qualitative_code_groups.csv, qualitative_balance.csv, "
                            "the group indicators and their replicates", 1},
        {SE_REGION, "region", "left out of qualitative_code_regions.csv", 0},
        {SE_DATE, "date", "none: not used by the analyses", 0},
        {SE_PARTICIPANTS, "participants", "counted as sessions, not as participants, in "
                                          "qualitative_sessions*.csv", 0},
    };
    const pv_vtable *se = &x->q.t[PV_QL_SESSIONS];
    char path[4096];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/qualitative_attributes.csv", x->out);
    pv_csvw_open(&w, path, x->err);
    pv_csvw_row(&w, "attribute", "sessions", "missing", "consequence", NULL);
    for (size_t a = 0; a < sizeof attrs / sizeof *attrs; a++) {
        long missing = 0;
        for (size_t s = 0; s < x->ns; s++)
            missing += *pv_vtable_str(se, s, (size_t)attrs[a].col) == '\0';
        pv_csvw_str(&w, attrs[a].name);
        pv_csvw_int(&w, (long long)x->ns);
        pv_csvw_int(&w, missing);
        pv_csvw_str(&w, missing ? attrs[a].consequence : "");
        pv_csvw_end(&w);
        if (missing && attrs[a].say)
            pv_warn("%ld of %zu sessions have no %s: %s (give it in the project's Cases and "
                    "Variables or in sessions.csv; data/README.md)", missing, x->ns,
                    attrs[a].name, attrs[a].consequence);
    }
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Who spoke                                                          */
/* ------------------------------------------------------------------ */

/* Sessions and participants per group and per region, each by kind
 * (focus group, interview, not given) and in all.  Sessions are not
 * counts of people and are published whatever their size; participants
 * are people: the small-cell rule (pipeline/suppress.c) on one linked set,
 * each table's rows (and their "not given" row) summing to the one total
 * row both tables share, each row's kinds to its "all" (docs/METHODS.md,
 * "Who spoke").  A session without a number of participants counts as a
 * session only. */
static const char *const session_kinds[] = {"focus_group", "interview"}; /* SE_KIND's enum */
enum { SK_N = 2 };

typedef struct {
    int col;              /* SE_GROUP or SE_REGION */
    const char *list;     /* its code list */
    int nk, nr;           /* codes; rows (codes, + 1 when a session has none) */
    pv_breakdown b;       /* participants: nr x nc (kinds, + 1 when one has none) */
    long *sessions;       /* (nr + 1) x (nc + 1), margins like b's */
} whotab;

static void who_fill(const qlctx *x, whotab *t, int nc, int kind_missing)
{
    const pv_vtable *se = &x->q.t[PV_QL_SESSIONS];
    int w = nc + 1;
    t->nk = pv_codes_count(&x->d.codes, t->list);
    t->nr = t->nk;
    for (size_t s = 0; s < x->ns; s++)
        if (!*pv_vtable_str(se, s, (size_t)t->col))
            t->nr = t->nk + 1; /* a row for the sessions without one */
    pv_breakdown_init(&t->b, t->nr, nc);
    t->b.threshold = x->d.cfg.threshold;
    t->sessions = pv_xcalloc((size_t)(t->nr + 1) * (size_t)w, sizeof *t->sessions);
    for (size_t s = 0; s < x->ns; s++) {
        int64_t r = pv_vtable_val(se, s, (size_t)t->col).i, k = pv_vtable_val(se, s, SE_KIND).i;
        const char *p = pv_vtable_str(se, s, SE_PARTICIPANTS);
        r = r < 0 ? t->nk : r;                 /* not given: the last row */
        k = k < 0 ? (kind_missing ? SK_N : -1) : k;
        for (int c = 0; c < 2; c++) {          /* its kind, then all */
            int col = c ? nc : (int)k;
            if (col < 0)
                continue;
            t->sessions[r * w + col]++;
            t->sessions[t->nr * w + col]++;
            if (col < nc && *p)
                *pv_breakdown_cell(&t->b, (int)r, col) += strtol(p, NULL, 10);
        }
    }
}

static int who_write(qlctx *x, whotab *t, int nc, const char *file)
{
    const char *cols[PV_QLS_NCOLS];
    char path[4096], sup[64];
    int w = nc + 1;
    pv_csvw o;
    memcpy(cols, pv_ql_sessions_cols, sizeof cols);
    cols[PV_QLS_KEY] = t->list;
    snprintf(path, sizeof path, "%s/%s", x->out, file);
    pv_csvw_open(&o, path, x->err);
    pv_csvw_header(&o, cols, PV_QLS_NCOLS);
    for (int r = 0; x->ns && r <= t->nr; r++) /* no session: the header only */
        for (int c = 0; c <= nc; c++) {
            int code = r < t->nk;
            unsigned char f = t->b.flag[r * w + c];
            pv_csvw_str(&o, r == t->nr ? "total" : code ? pv_codes_code(&x->d.codes, t->list, r) : "");
            pv_csvw_str(&o, c == nc ? "all" : c < SK_N ? session_kinds[c] : "");
            pv_csvw_str(&o, code ? pv_codes_label(&x->d.codes, t->list, r, PV_LANG_FR) : "");
            pv_csvw_str(&o, code ? pv_codes_label(&x->d.codes, t->list, r, PV_LANG_EN) : "");
            pv_csvw_int(&o, t->sessions[r * w + c]);
            if (f)
                pv_csvw_str(&o, "");
            else
                pv_csvw_int(&o, *pv_breakdown_cell(&t->b, r, c));
            sup[0] = '\0';
            pv_suppress_mark(sup, sizeof sup, "participants", f);
            pv_csvw_str(&o, sup);
            pv_csvw_end(&o);
        }
    return pv_csvw_close(&o);
}

static int write_sessions(qlctx *x)
{
    const pv_vtable *se = &x->q.t[PV_QL_SESSIONS];
    whotab t[2] = {{.col = SE_GROUP, .list = "group"}, {.col = SE_REGION, .list = "region"}};
    int kind_missing = 0, tot[SK_N + 2], st;
    for (size_t s = 0; s < x->ns; s++)
        kind_missing |= pv_vtable_val(se, s, SE_KIND).i < 0;
    int nc = SK_N + kind_missing;
    pv_sdc sdc = {0};
    for (int i = 0; i < 2; i++) {
        who_fill(x, &t[i], nc, kind_missing);
        pv_breakdown_link(&t[i].b, &sdc, i ? tot : NULL); /* one total row for both */
        for (int c = 0; !i && c <= nc; c++)
            tot[c] = pv_breakdown_cell_id(&t[0].b, t[0].nr, c);
    }
    pv_sdc_solve(&sdc, x->d.cfg.threshold);
    for (int i = 0; i < 2; i++)
        pv_breakdown_take(&t[i].b, &sdc);
    st = who_write(x, &t[0], nc, "qualitative_sessions.csv");
    if (!st)
        st = who_write(x, &t[1], nc, "qualitative_sessions_region.csv");
    for (int i = 0; i < 2; i++) {
        pv_breakdown_free(&t[i].b);
        free(t[i].sessions);
    }
    pv_sdc_free(&sdc);
    return st;
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
    pv_csvw_header(&w, pv_ql_cooccurrence_cols, PV_QLX_NCOLS);
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
            pv_csvw_num(&w, (double)ab / (double)(n[a] + n[b] - ab));
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
    pv_csvw_header(&w, disagreements_cols, DIS_NCOLS);
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
    pv_csvw_header(&w, pv_quote_cols, PV_QQ_NCOLS);
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
    pv_csvw_header(&w, balance_cols, BAL_NCOLS);
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
            pv_csvw_num(&w, b);
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

/* The replicates of the focus groups: a stratum per respondent group,
 * whose units are its sessions.  A session's row (replicates.h): per code,
 * 1 when one of its excerpts has the code (or a descendant); then per theme
 * its positive and its negative codings (direct, of the theme's codes). */
typedef struct {
    qlctx *x;
    int *col;                /* nc: a theme's first column; -1: not a theme */
    unsigned char **balance; /* [group][theme]: the table has the balance */
    long *acc;
} qlrep;

/* The rows of group gr's sessions into `units`. */
static void replicate_units(qlrep *r, int gr, size_t width, pv_boot_units *units)
{
    qlctx *x = r->x;
    const pv_vtable *se = &x->q.t[PV_QL_SESSIONS], *cb = &x->q.t[PV_QL_CODEBOOK];
    size_t m = 0, *row_of = pv_xnmalloc(x->ns + 1, sizeof *row_of); /* session -> unit */
    for (size_t s = 0; s < x->ns; s++)
        row_of[s] = pv_vtable_val(se, s, SE_GROUP).i == gr ? m++ : SIZE_MAX;
    uint32_t *row = pv_xcalloc(pv_xmul(m, width) + 1, sizeof *row);
    for (size_t e = 0; e < x->ne; e++) {
        size_t i = row_of[session_of(x, e)];
        if (i == SIZE_MAX)
            continue;
        for (size_t c = 0; c < x->nc; c++) {
            row[i * width + c] |= x->rolled[e * x->nc + c];
            int v = (int)pv_vtable_val(cb, c, CB_VALENCE).i;
            if (x->direct[e * x->nc + c] && v != PV_VALENCE_NEUTRAL)
                row[i * width + (size_t)r->col[theme_of(x, c)] + (v == PV_VALENCE_NEGATIVE)]++;
        }
    }
    /* the table's count: all the sessions (write_balance) */
    r->balance[gr] = pv_xcalloc(x->nc + 1, 1);
    for (size_t t = 0; t < x->nc; t++)
        for (size_t i = 0; r->col[t] >= 0 && i < m; i++)
            r->balance[gr][t] |= row[i * width + (size_t)r->col[t]] ||
                                 row[i * width + (size_t)r->col[t] + 1];
    pv_boot_units_init(units, row, m, width); /* takes row */
    free(row_of);
}

/* Replicate b of group gr: the share of its sessions per code, the
 * balance per theme. */
static void replicate_group(void *vp, pv_csvw *w, long b, size_t gr, const pv_boot_units *u)
{
    qlrep *r = vp;
    qlctx *x = r->x;
    const char *grp = pv_codes_code(&x->d.codes, "group", (int)gr);
    char id[256];
    long *acc = r->acc;
    if (u->n == 0)
        return; /* a group without sessions has no indicators */
    pv_boot_sum(u, acc);
    for (size_t c = 0; c < x->nc; c++) {
        double lo, hi, p = pv_wilson(acc[c], (long)u->n, 0.95, &lo, &hi);
        pv_replicate(w, b, sessions_id(id, sizeof id, x, c, grp), p, lo, hi);
    }
    for (size_t t = 0; t < x->nc; t++) {
        if (r->col[t] < 0 || !r->balance[gr][t])
            continue; /* no balance in the table (write_balance) */
        long pos = acc[r->col[t]], neg = acc[r->col[t] + 1];
        pv_replicate(w, b, balance_id(id, sizeof id, x, t, grp),
                     pos + neg ? (double)(pos - neg) / (double)(pos + neg) : NAN, NAN, NAN);
    }
}

/* Resample the sessions of each respondent group (with replacement, as
 * many as there are; a session keeps all its excerpts) and recompute the
 * shares of sessions per code and the balances per theme. */
static int write_replicates(qlctx *x)
{
    int ng = pv_codes_count(&x->d.codes, "group");
    char path[4096];
    size_t width = x->nc;
    qlrep r = {.x = x};
    pv_boot_units *units = pv_xcalloc((size_t)ng + 1, sizeof *units);
    r.col = pv_xnmalloc(x->nc + 1, sizeof *r.col);
    r.balance = pv_xcalloc((size_t)ng + 1, sizeof *r.balance);
    for (size_t t = 0; t < x->nc; t++) { /* themes: two columns each, after the codes */
        r.col[t] = x->parent[t] >= 0 ? -1 : (int)width;
        width += x->parent[t] >= 0 ? 0 : 2;
    }
    for (int gr = 0; gr < ng && x->d.cfg.replicates > 0; gr++)
        replicate_units(&r, gr, width, &units[gr]);
    r.acc = pv_xcalloc(width + 1, sizeof *r.acc);
    snprintf(path, sizeof path, "%s/indicators_qualitative_replicates.csv", x->out);
    int st = pv_boot_run(path, x->d.cfg.replicates, x->d.cfg.seed + PV_SEED_QUALITATIVE, units,
                         (size_t)ng, replicate_group, &r, x->err);
    for (int gr = 0; gr < ng; gr++)
        pv_boot_units_free(&units[gr]), free(r.balance[gr]);
    free(units), free(r.col), free(r.balance), free(r.acc);
    return st;
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
        write_attributes(&x);
        write_sessions(&x);
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

/* What every unit of agreement needs (docs/METHODS.md, "Intercoder
 * agreement"): who coded which session, each excerpt's span, the sessions'
 * lengths, and the two output tables. */
typedef struct {
    qlctx *x;
    pv_csvw w;                 /* qualitative_agreement.csv */
    pv_csvw um;                /* qualitative_unmatched.csv */
    unsigned char *in_session; /* ns x ncoders: the coder coded an excerpt of it */
    long *len;                 /* ns: the session's last coded character (0: none) */
    size_t spans, no_span;     /* excerpts with and without a span */
} agctx;

static long ex_start(const qlctx *x, size_t e)
{
    return (long)pv_vtable_val(&x->q.t[PV_QL_EXCERPTS], e, EX_START).i;
}

static long ex_end(const qlctx *x, size_t e)
{
    return (long)pv_vtable_val(&x->q.t[PV_QL_EXCERPTS], e, EX_END).i;
}

static const char *session_id(const qlctx *x, size_t s)
{
    return pv_vtable_str(&x->q.t[PV_QL_SESSIONS], s, SE_ID);
}

static void agreement_row(agctx *a, const char *unit, const char *code, const char *session,
                          const char *measure, const char *coders, double units, double v,
                          double se, double lo, double hi, const char *note)
{
    pv_csvw *w = &a->w;
    pv_csvw_str(w, unit);
    pv_csvw_str(w, code);
    pv_csvw_str(w, session);
    pv_csvw_str(w, measure);
    pv_csvw_str(w, coders);
    pv_csvw_num(w, units);
    pv_csvw_num(w, v);
    pv_csvw_num(w, se);
    pv_csvw_num(w, lo);
    pv_csvw_num(w, hi);
    pv_csvw_str(w, note);
    pv_csvw_end(w);
}

static const char *pair_name(char *buf, size_t n, const qlctx *x, size_t a, size_t b)
{
    snprintf(buf, n, "%s-%s", x->coder[a], x->coder[b]);
    return buf;
}

/* Every nominal measure for the rows of m (rows x ncoders of 1 / 0 / NAN:
 * the coder applied the code, did not, does not answer for the unit). */
static void agreement_measures(agctx *a, const char *unit, const char *code, const double *m,
                               size_t rows)
{
    const qlctx *x = a->x;
    size_t nk = x->ncoders, used;
    double pa;
    char pair[256];
    pv_kripp kr;
    pv_qs_status st = pv_percent_agreement(m, rows, nk, 2, &pa, &used);
    agreement_row(a, unit, code, "", "percent_agreement", "all", (double)used, pa, NAN, NAN, NAN,
                  st ? pv_qs_status_str(st) : "");
    st = pv_kripp_alpha_nominal(m, rows, nk, 2, &kr);
    agreement_row(a, unit, code, "", "krippendorff_alpha", "all", (double)kr.units_used, kr.alpha,
                  NAN, NAN, NAN, st ? pv_qs_status_str(st) : "");
    /* each pair of coders on the units both answer for: Cohen and Brennan-Prediger */
    for (size_t i = 0; i < nk; i++)
        for (size_t j = i + 1; j < nk; j++) {
            double t[4] = {0, 0, 0, 0}, bp = NAN;
            size_t n = 0;
            for (size_t r = 0; r < rows; r++) {
                double vi = m[r * nk + i], vj = m[r * nk + j];
                if (isnan(vi) || isnan(vj))
                    continue;
                t[(size_t)(1 - vi) * 2 + (size_t)(1 - vj)]++; /* row/column 0: applied */
                n++;
            }
            if (n == 0)
                continue;
            pv_kappa kp;
            pair_name(pair, sizeof pair, x, i, j);
            st = pv_cohen_kappa(t, 2, 0.95, &kp);
            agreement_row(a, unit, code, "", "cohen_kappa", pair, (double)n, kp.kappa, kp.se,
                          kp.ci_low, kp.ci_high, st ? pv_qs_status_str(st) : "");
            st = pv_brennan_prediger(t, 2, &bp);
            agreement_row(a, unit, code, "", "brennan_prediger", pair, (double)n, bp, NAN, NAN, NAN,
                          st ? pv_qs_status_str(st) : "");
        }
    /* Fleiss on the units answered by the same number (>= 3) of coders: the
     * most common such number (pv_fleiss_kappa_units; any number of coders) */
    pv_fleiss fl;
    st = pv_fleiss_kappa_units(m, rows, nk, 2, 3, &fl);
    if (fl.raters) {
        snprintf(pair, sizeof pair, "%zu coders", fl.raters);
        agreement_row(a, unit, code, "", "fleiss_kappa", pair, (double)fl.subjects, fl.kappa,
                      NAN, NAN, NAN, st ? pv_qs_status_str(st) : "");
    }
}

/* The presence matrix of units (rows of `cols` values, any coder applied
 * code c to the unit: applied[u * nc + c]) for the codes someone applied:
 * "(all)" stacks them, then one block per code.  val(u, k, c) gives 1 / 0 /
 * NAN. */
typedef double (*unit_value)(const agctx *a, size_t u, size_t k, size_t c);

static void presence_tables(agctx *a, const char *unit, size_t nu, const size_t *units,
                            unit_value val)
{
    const qlctx *x = a->x;
    size_t nk = x->ncoders;
    unsigned char *applied = pv_xcalloc(x->nc + 1, 1);
    double *m = pv_xnmalloc(pv_xmul(pv_xmul(nu, x->nc ? x->nc : 1), nk) + 1, sizeof *m);
    for (size_t u = 0; u < nu; u++)
        for (size_t k = 0; k < nk; k++)
            for (size_t c = 0; c < x->nc; c++)
                applied[c] |= val(a, units[u], k, c) == 1;
    /* pooled over the codes someone applied: a code nobody used agrees
     * everywhere and would lift the pooled figure for nothing */
    size_t rows = 0;
    for (size_t c = 0; c < x->nc; c++)
        for (size_t u = 0; applied[c] && u < nu; u++, rows++)
            for (size_t k = 0; k < nk; k++)
                m[rows * nk + k] = val(a, units[u], k, c);
    if (rows)
        agreement_measures(a, unit, "(all)", m, rows);
    for (size_t c = 0; c < x->nc; c++) {
        if (!applied[c])
            continue;
        for (size_t u = 0; u < nu; u++)
            for (size_t k = 0; k < nk; k++)
                m[u * nk + k] = val(a, units[u], k, c);
        agreement_measures(a, unit, code_id(x, c), m, nu);
    }
    free(applied), free(m);
}

/* --- unit "excerpt": the excerpt coded by several coders ------------- */

/* Does coder k answer for excerpt e?  When they coded it; with
 * agreement_scope session, also when they coded another excerpt of its
 * session (an excerpt they left is then "no code", a disagreement with a
 * coder who coded it — not a missing value). */
static int answers(const agctx *a, size_t e, size_t k)
{
    const qlctx *x = a->x;
    return x->coded[e * x->ncoders + k] ||
           (!x->d.cfg.agreement_scope_excerpt &&
            a->in_session[(size_t)session_of(x, e) * x->ncoders + k]);
}

static double excerpt_value(const agctx *a, size_t e, size_t k, size_t c)
{
    return answers(a, e, k) ? (double)BY(a->x, e, k, c) : NAN;
}

static void agree_excerpt(agctx *a)
{
    qlctx *x = a->x;
    size_t *units = pv_xnmalloc(x->ne + 1, sizeof *units), nu = 0, shared = 0;
    for (size_t e = 0; e < x->ne; e++) {
        size_t coded = 0, answering = 0;
        for (size_t k = 0; k < x->ncoders; k++) {
            coded += x->coded[e * x->ncoders + k];
            answering += answers(a, e, k);
        }
        shared += coded >= 2;
        if (answering >= 2)
            units[nu++] = e;
    }
    if (x->ncoders >= 2 && shared == 0) {
        /* each coder marked their own passages: the excerpt is no unit */
        pv_warn("several coders (%zu), no shared unit: none of the %zu excerpts "
                "is coded by two coders or more; agreement by excerpt is not computed (use "
                "agreement_units presence, segment, character or unitized in config.csv)",
                x->ncoders, x->ne);
        char note[256];
        snprintf(note, sizeof note, "several coders (%zu), no shared unit: 0 of %zu excerpts "
                 "coded by two coders or more", x->ncoders, x->ne);
        agreement_row(a, "excerpt", "(all)", "", "none", "all", 0, NAN, NAN, NAN, NAN, note);
    } else if (nu > 0) {
        presence_tables(a, "excerpt", nu, units, excerpt_value);
    }
    free(units);
}

/* --- units "presence" and "frequency": codes per session (MAXQDA) ----- */

/* How many excerpts of session s coder k gave code c. */
static long session_count(const qlctx *x, size_t s, size_t k, size_t c)
{
    long n = 0;
    for (size_t e = 0; e < x->ne; e++)
        n += (size_t)session_of(x, e) == s && BY(x, e, k, c);
    return n;
}

static double presence_value(const agctx *a, size_t s, size_t k, size_t c)
{
    const qlctx *x = a->x;
    if (!a->in_session[s * x->ncoders + k])
        return NAN;
    return session_count(x, s, k, c) > 0;
}

/* The sessions coded by two coders or more. */
static size_t shared_sessions(const agctx *a, size_t *units)
{
    const qlctx *x = a->x;
    size_t n = 0;
    for (size_t s = 0; s < x->ns; s++) {
        size_t k = 0;
        for (size_t c = 0; c < x->ncoders; c++)
            k += a->in_session[s * x->ncoders + c];
        if (k >= 2)
            units[n++] = s;
    }
    return n;
}

static void agree_presence(agctx *a)
{
    qlctx *x = a->x;
    size_t *units = pv_xnmalloc(x->ns + 1, sizeof *units), nu;
    nu = shared_sessions(a, units);
    if (nu > 0)
        presence_tables(a, "presence", nu, units, presence_value);
    free(units);
}

/* Each pair of coders on the sessions both coded: the share of (session,
 * code) where either applied the code and both applied it as often; pooled
 * (every code) and per code. */
static void agree_frequency(agctx *a)
{
    qlctx *x = a->x;
    size_t nk = x->ncoders, cells = pv_xmul(x->ns, x->nc ? x->nc : 1) + 1;
    double *f1 = pv_xnmalloc(cells, sizeof *f1), *f2 = pv_xnmalloc(cells, sizeof *f2);
    double *g1 = pv_xnmalloc(x->ns + 1, sizeof *g1), *g2 = pv_xnmalloc(x->ns + 1, sizeof *g2);
    char pair[256];
    for (size_t i = 0; i < nk; i++)
        for (size_t j = i + 1; j < nk; j++) {
            size_t n = 0, ses = 0, used;
            double v;
            for (size_t s = 0; s < x->ns; s++)
                if (a->in_session[s * nk + i] && a->in_session[s * nk + j]) {
                    for (size_t c = 0; c < x->nc; c++, n++) {
                        f1[n] = (double)session_count(x, s, i, c);
                        f2[n] = (double)session_count(x, s, j, c);
                    }
                    ses++;
                }
            if (n == 0)
                continue;
            pair_name(pair, sizeof pair, x, i, j);
            pv_qs_status st = pv_frequency_agreement(f1, f2, n, &v, &used);
            agreement_row(a, "frequency", "(all)", "", "percent_agreement", pair, (double)used, v,
                          NAN, NAN, NAN, st ? pv_qs_status_str(st) : "");
            for (size_t c = 0; c < x->nc; c++) {
                for (size_t k = 0; k < ses; k++) /* code c of each session */
                    g1[k] = f1[k * x->nc + c], g2[k] = f2[k * x->nc + c];
                st = pv_frequency_agreement(g1, g2, ses, &v, &used);
                if (used > 0) /* a code neither applied has no row */
                    agreement_row(a, "frequency", code_id(x, c), "", "percent_agreement", pair,
                                  (double)used, v, NAN, NAN, NAN, st ? pv_qs_status_str(st) : "");
            }
        }
    free(f1), free(f2), free(g1), free(g2);
}

/* --- spans of one coder, code and session ------------------------------ */

/* The excerpts of session s with a span that coder k gave code c, into
 * ids (and their spans); returns how many. */
static size_t coder_spans(const qlctx *x, size_t s, size_t k, size_t c, size_t *ids, long *st,
                          long *en)
{
    size_t n = 0;
    for (size_t e = 0; e < x->ne; e++)
        if ((size_t)session_of(x, e) == s && BY(x, e, k, c) && ex_start(x, e) >= 0) {
            ids[n] = e, st[n] = ex_start(x, e), en[n] = ex_end(x, e);
            n++;
        }
    return n;
}

/* --- unit "segment": segments matched by overlap (MAXQDA), Holsti ------ */

static void unmatched_row(agctx *a, size_t s, size_t c, size_t k, size_t e, size_t other)
{
    const qlctx *x = a->x;
    pv_csvw *w = &a->um;
    pv_csvw_str(w, session_id(x, s));
    pv_csvw_str(w, code_id(x, c));
    pv_csvw_str(w, x->coder[k]);
    pv_csvw_str(w, pv_vtable_str(&x->q.t[PV_QL_EXCERPTS], e, EX_ID));
    pv_csvw_int(w, ex_start(x, e));
    pv_csvw_int(w, ex_end(x, e));
    pv_csvw_str(w, x->coder[other]);
    pv_csvw_str(w, x->flagged[e] ? "(withheld: names a person or place, see qualitative_privacy.csv)"
                                 : pv_vtable_str(&x->q.t[PV_QL_EXCERPTS], e, EX_TEXT));
    pv_csvw_end(w);
}

static void segment_rows(agctx *a, const char *code, const char *pair, const pv_segmatch *sm)
{
    double a_ = (double)sm->matched, n = a_ + (double)sm->only1 + (double)sm->only2;
    char note[128];
    snprintf(note, sizeof note, "matched %zu, unmatched %zu + %zu", sm->matched, sm->only1,
             sm->only2);
    agreement_row(a, "segment", code, "", "percent_agreement", pair, n, n > 0 ? a_ / n : NAN, NAN,
                  NAN, NAN, note);
    agreement_row(a, "segment", code, "", "holsti", pair, (double)(sm->n1 + sm->n2),
                  sm->n1 + sm->n2 ? 2 * a_ / (double)(sm->n1 + sm->n2) : NAN, NAN, NAN, NAN, "");
}

static void agree_segment(agctx *a)
{
    qlctx *x = a->x;
    size_t nk = x->ncoders, ne = x->ne + 1;
    size_t *ids1 = pv_xnmalloc(ne, sizeof *ids1), *ids2 = pv_xnmalloc(ne, sizeof *ids2);
    long *buf = pv_xnmalloc(pv_xmul(6, ne), sizeof *buf);
    pv_segmatch *tot = pv_xcalloc(x->nc + 1, sizeof *tot);
    char pair[256];
    long *s1 = buf, *e1 = buf + ne, *s2 = buf + 2 * ne, *e2 = buf + 3 * ne;
    long *m1 = buf + 4 * ne, *m2 = buf + 5 * ne;
    for (size_t i = 0; i < nk; i++)
        for (size_t j = i + 1; j < nk; j++) {
            int any = 0;
            memset(tot, 0, (x->nc + 1) * sizeof *tot);
            for (size_t s = 0; s < x->ns; s++) {
                if (!a->in_session[s * nk + i] || !a->in_session[s * nk + j])
                    continue;
                any = 1;
                for (size_t c = 0; c < x->nc; c++) {
                    size_t n1 = coder_spans(x, s, i, c, ids1, s1, e1);
                    size_t n2 = coder_spans(x, s, j, c, ids2, s2, e2);
                    pv_segmatch sm;
                    if (pv_segment_match(s1, e1, n1, s2, e2, n2, x->d.cfg.agreement_min_overlap,
                                         m1, m2, &sm) != PV_QS_OK)
                        continue; /* no segment of this code here */
                    tot[c].n1 += sm.n1, tot[c].n2 += sm.n2, tot[c].matched += sm.matched;
                    tot[c].only1 += sm.only1, tot[c].only2 += sm.only2;
                    for (size_t u = 0; u < n1; u++)
                        if (m1[u] < 0)
                            unmatched_row(a, s, c, i, ids1[u], j);
                    for (size_t u = 0; u < n2; u++)
                        if (m2[u] < 0)
                            unmatched_row(a, s, c, j, ids2[u], i);
                }
            }
            if (!any)
                continue;
            pair_name(pair, sizeof pair, x, i, j);
            pv_segmatch all = {0};
            double q = 0, kappa;
            for (size_t c = 0; c < x->nc; c++) {
                if (tot[c].n1 + tot[c].n2 == 0)
                    continue; /* a code neither applied */
                q++;
                all.n1 += tot[c].n1, all.n2 += tot[c].n2, all.matched += tot[c].matched;
                all.only1 += tot[c].only1, all.only2 += tot[c].only2;
            }
            if (q == 0)
                continue;
            segment_rows(a, "(all)", pair, &all);
            double po = (double)all.matched / (double)(all.matched + all.only1 + all.only2);
            pv_qs_status st = pv_kappa_free(po, q, &kappa);
            char note[128];
            snprintf(note, sizeof note, "%.0f codes: chance 1/%.0f", q, q);
            agreement_row(a, "segment", "(all)", "", "brennan_prediger", pair,
                          (double)(all.matched + all.only1 + all.only2), kappa, NAN, NAN, NAN,
                          st ? pv_qs_status_str(st) : note);
            for (size_t c = 0; c < x->nc; c++)
                if (tot[c].n1 + tot[c].n2 > 0)
                    segment_rows(a, code_id(x, c), pair, &tot[c]);
        }
    free(ids1), free(ids2), free(buf), free(tot);
}

/* --- unit "character": NVivo's coding comparison ---------------------- */

static void char_rows(agctx *a, const char *code, const char *session, const char *pair,
                      const double t[4])
{
    pv_kappa kp;
    double n = t[0] + t[1] + t[2] + t[3];
    pv_qs_status st = pv_cohen_kappa(t, 2, 0.95, &kp);
    agreement_row(a, "character", code, session, "percent_agreement", pair, n,
                  n > 0 ? (t[0] + t[3]) / n : NAN, NAN, NAN, NAN, "");
    agreement_row(a, "character", code, session, "cohen_kappa", pair, n, kp.kappa, kp.se,
                  kp.ci_low, kp.ci_high, st ? pv_qs_status_str(st) : "");
}

static void agree_character(agctx *a)
{
    qlctx *x = a->x;
    size_t nk = x->ncoders, ne = x->ne + 1;
    size_t *ids = pv_xnmalloc(ne, sizeof *ids);
    long *buf = pv_xnmalloc(pv_xmul(4, ne), sizeof *buf);
    double *tot = pv_xcalloc(pv_xmul(4, x->nc + 1), sizeof *tot),
           *ts = pv_xcalloc(pv_xmul(pv_xmul(4, x->ns), x->nc) + 1, sizeof *ts);
    char pair[256];
    long *s1 = buf, *e1 = buf + ne, *s2 = buf + 2 * ne, *e2 = buf + 3 * ne;
    for (size_t i = 0; i < nk; i++)
        for (size_t j = i + 1; j < nk; j++) {
            memset(tot, 0, 4 * (x->nc + 1) * sizeof *tot);
            memset(ts, 0, (4 * x->ns * x->nc + 1) * sizeof *ts);
            for (size_t s = 0; s < x->ns; s++) {
                if (!a->in_session[s * nk + i] || !a->in_session[s * nk + j] || a->len[s] < 1)
                    continue;
                for (size_t c = 0; c < x->nc; c++) {
                    size_t n1 = coder_spans(x, s, i, c, ids, s1, e1);
                    size_t n2 = coder_spans(x, s, j, c, ids, s2, e2);
                    double t[4], pct;
                    if (pv_char_agreement(s1, e1, n1, s2, e2, n2, a->len[s], t, &pct, NULL) ==
                        PV_QS_INVALID)
                        continue; /* cannot be: spans end within their session */
                    for (int q = 0; q < 4; q++) {
                        ts[(s * x->nc + c) * 4 + (size_t)q] = t[q];
                        tot[c * 4 + (size_t)q] += t[q]; /* every session both coded */
                    }
                }
            }
            for (size_t c = 0; c < x->nc; c++) /* "(all)": the codes either applied */
                if (tot[c * 4] + tot[c * 4 + 1] + tot[c * 4 + 2] > 0)
                    for (size_t q = 0; q < 4; q++)
                        tot[x->nc * 4 + q] += tot[c * 4 + q];
            pair_name(pair, sizeof pair, x, i, j);
            if (tot[x->nc * 4] + tot[x->nc * 4 + 1] + tot[x->nc * 4 + 2] == 0)
                continue; /* no span coded by either */
            char_rows(a, "(all)", "", pair, tot + x->nc * 4);
            for (size_t c = 0; c < x->nc; c++) {
                if (tot[c * 4] + tot[c * 4 + 1] + tot[c * 4 + 2] == 0)
                    continue;
                char_rows(a, code_id(x, c), "", pair, tot + c * 4);
                for (size_t s = 0; s < x->ns; s++) {
                    const double *t = ts + (s * x->nc + c) * 4;
                    if (t[0] + t[1] + t[2] > 0) /* nobody coded it here: no row, as NVivo */
                        char_rows(a, code_id(x, c), session_id(x, s), pair, t);
                }
            }
        }
    free(ids), free(buf), free(tot), free(ts);
}

/* --- unit "unitized": Krippendorff's alpha for unitizing -------------- */

/* Each pair of coders: their spans of every code on one continuum, the
 * sessions both coded laid end to end (each as long as its last coded
 * character); a coder's overlapping spans of one code are merged. */
static void agree_unitized(agctx *a)
{
    qlctx *x = a->x;
    size_t nk = x->ncoders, ne = x->ne + 1, cap = 2 * ne;
    size_t *ids = pv_xnmalloc(ne, sizeof *ids);
    long *st = pv_xnmalloc(cap, sizeof *st), *en = pv_xnmalloc(cap, sizeof *en);
    int *obs = pv_xnmalloc(cap, sizeof *obs), *cat = pv_xnmalloc(cap, sizeof *cat);
    double *alpha_c = pv_xnmalloc(x->nc + 1, sizeof *alpha_c),
           *de = pv_xnmalloc(x->nc + 1, sizeof *de);
    char pair[256];
    for (size_t i = 0; i < nk; i++)
        for (size_t j = i + 1; j < nk; j++) {
            size_t n = 0;
            long offset = 0;
            for (size_t s = 0; s < x->ns; s++) {
                if (!a->in_session[s * nk + i] || !a->in_session[s * nk + j] || a->len[s] < 1)
                    continue;
                for (size_t c = 0; c < x->nc; c++)
                    for (int o = 0; o < 2; o++) {
                        size_t k, got = coder_spans(x, s, o ? j : i, c, ids, st + n, en + n);
                        pv_spans_union(st + n, en + n, got, &got);
                        for (k = 0; k < got; k++) {
                            st[n + k] += offset, en[n + k] += offset;
                            obs[n + k] = o, cat[n + k] = (int)c;
                        }
                        n += got;
                    }
                offset += a->len[s];
            }
            if (offset == 0 || n == 0)
                continue;
            double alpha;
            pv_qs_status r = pv_kripp_ualpha(st, en, obs, cat, n, 2, x->nc, 0, offset, NULL, de,
                                             alpha_c, &alpha);
            pair_name(pair, sizeof pair, x, i, j);
            agreement_row(a, "unitized", "(all)", "", "krippendorff_alpha_u", pair,
                          (double)offset, alpha, NAN, NAN, NAN, r ? pv_qs_status_str(r) : "");
            for (size_t c = 0; r != PV_QS_INVALID && c < x->nc; c++)
                if (de[c] > 0)
                    agreement_row(a, "unitized", code_id(x, c), "", "krippendorff_alpha_u", pair,
                                  (double)offset, alpha_c[c], NAN, NAN, NAN, "");
        }
    free(ids), free(st), free(en), free(obs), free(cat), free(alpha_c), free(de);
}

/* The units to compute: config's agreement_units, or by default the
 * excerpt, and with agreement_scope session the session-level units (and
 * the span units when excerpts carry spans).  A unit asked for that the
 * data cannot give is a warning. */
static unsigned agreement_units(agctx *a)
{
    const qlctx *x = a->x;
    unsigned want = x->d.cfg.agreement_units, whole = !x->d.cfg.agreement_scope_excerpt;
    unsigned sess = PV_AGREE_PRESENCE | PV_AGREE_FREQUENCY,
             span = PV_AGREE_SEGMENT | PV_AGREE_CHARACTER | PV_AGREE_UNITIZED;
    if (want == 0)
        return PV_AGREE_EXCERPT | (whole ? sess : 0) | (whole && a->spans ? span : 0);
    if (!whole && (want & (sess | span))) {
        pv_warn("agreement_units asks for units over whole sessions, but "
                "agreement_scope is excerpt (coders did not code whole sessions): only the "
                "excerpt unit is computed");
        want &= ~(sess | span);
    }
    if ((want & span) && !a->spans) {
        pv_warn("agreement_units asks for segment, character or unitized agreement, "
                "but no excerpt has a span (start, end in excerpts.csv): not computed");
        want &= ~span;
    }
    return want;
}

static int write_agreement(qlctx *x)
{
    agctx a = {.x = x};
    char path[4096];
    snprintf(path, sizeof path, "%s/qualitative_agreement.csv", x->out);
    pv_csvw_open(&a.w, path, x->err);
    pv_csvw_header(&a.w, pv_ql_agreement_cols, PV_QLA_NCOLS);
    snprintf(path, sizeof path, "%s/qualitative_unmatched.csv", x->out);
    pv_csvw_open(&a.um, path, x->err);
    pv_csvw_row(&a.um, "session_id", "code", "coder", "excerpt_id", "start", "end",
                "not_matched_by", "text", NULL);
    a.in_session = pv_xcalloc(pv_xmul(x->ns, x->ncoders ? x->ncoders : 1) + 1, 1);
    a.len = pv_xcalloc(x->ns + 1, sizeof *a.len);
    for (size_t e = 0; e < x->ne; e++) {
        size_t s = (size_t)session_of(x, e);
        for (size_t k = 0; k < x->ncoders; k++)
            a.in_session[s * x->ncoders + k] |= x->coded[e * x->ncoders + k];
        if (ex_start(x, e) >= 0) {
            a.spans++;
            if (ex_end(x, e) > a.len[s])
                a.len[s] = ex_end(x, e);
        } else {
            a.no_span++;
        }
    }
    if (x->ncoders < 2)
        goto out;
    unsigned units = agreement_units(&a);
    if (units & PV_AGREE_EXCERPT)
        agree_excerpt(&a);
    if (units & PV_AGREE_PRESENCE)
        agree_presence(&a);
    if (units & PV_AGREE_FREQUENCY)
        agree_frequency(&a);
    if (units & PV_AGREE_SEGMENT)
        agree_segment(&a);
    if (units & PV_AGREE_CHARACTER)
        agree_character(&a);
    if (units & PV_AGREE_UNITIZED)
        agree_unitized(&a);
out:
    free(a.in_session), free(a.len);
    pv_csvw_close(&a.um);
    return pv_csvw_close(&a.w);
}
