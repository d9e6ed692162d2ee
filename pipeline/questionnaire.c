/* questionnaire.c — item, construct and between-group statistics of the
 * questionnaires (see questionnaire.h).  Workload: hundreds of respondents,
 * tens of items; clarity over speed. */
#include "questionnaire.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "breakdown.h"
#include "codes.h"
#include "config.h"
#include "csvout.h"
#include "effects.h"
#include "indicators.h"
#include "par.h"
#include "replicates.h"

#include "qdata.h"
#include "qstats.h"
#include "stats.h"
#include "suppress.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ */
/* Data                                                               */
/* ------------------------------------------------------------------ */

/* One instrument: its items and the answers, respondents x items. */
typedef struct {
    size_t row;            /* kept row of instruments */
    int group;             /* code index in list `group` */
    size_t n_items;
    size_t *item;          /* kept rows of items */
    size_t n;              /* respondents */
    int *region;           /* code index, -1 if none */
    double *val;           /* n x n_items; NAN when missing or text */
    const char **why;      /* n x n_items; missing reason, NULL if answered */
    int has_region;
    int *attr;             /* n x n_attr: code index in the attribute's list,
                              -1 when missing */
    unsigned char *has_attr; /* per attribute: the responses had its column */
    unsigned char *hidden; /* per item: one of its counts is hidden, so the
                              statistics computed from them are too */
    unsigned char *pos_hidden; /* per item: its positive count is hidden */
} qinst;

/* The Fisher tests of questionnaire_tests.csv, made in three steps so
 * that the tables are computed side by side (pv_par_for): the tests are
 * built once to collect the tables (FJ_COLLECT), the tables computed,
 * then the tests built again, each reading its table's result
 * (FJ_REPLAY).  Each p depends only on its table and its seed
 * (test_seed), so the file is the same whatever the number of threads.
 * Without a list (qctx.fj NULL) a table is computed where its test is
 * built. */
enum { FJ_COLLECT, FJ_REPLAY };

typedef struct {
    double *tab;        /* r x c counts */
    size_t r, c;
    unsigned long seed;
    size_t test;        /* its row in the collecting pass's test list */
    int skip;           /* that row was withheld: nothing to compute */
    pv_qs_status st;
    pv_fisher f;
} fisher_job;

typedef struct {
    int mode;
    fisher_job *v;
    size_t n, cap;
    size_t next;        /* FJ_REPLAY: the job of the next Fisher test */
} fisher_jobs;

typedef struct {
    pv_config cfg;
    pv_codes codes;
    pv_vtable ins, items, scales, resp, ans;
    pv_vtable attrs, rattrs; /* attributes.csv, respondent_attributes.csv */
    size_t n_attr;         /* 0 without attributes.csv */
    size_t n_inst;
    qinst *inst;
    const char *out;
    pv_err *err;
    pv_csvw ind;           /* indicators_questionnaire.csv */
    pv_padjust_method padj;
    fisher_jobs *fj;       /* questionnaire_tests.csv's Fisher tables */
} qctx;

static const char *ins_id(const qctx *q, const qinst *in)
{
    return pv_vtable_str(&q->ins, in->row, INS_ID);
}

static const char *item_str(const qctx *q, size_t item, int col)
{
    if (col == ITM_LABEL_FR || col == ITM_LABEL_EN) /* a dataset in one language */
        return pv_label_get(&q->items, item, col, col == ITM_LABEL_FR ? ITM_LABEL_EN : ITM_LABEL_FR);
    return pv_vtable_str(&q->items, item, (size_t)col);
}

static int item_type(const qctx *q, size_t item)
{
    return (int)pv_vtable_val(&q->items, item, ITM_TYPE).i;
}

/* Non-missing values of a scale, ascending (at most max); returns count. */
static int scale_values(const qctx *q, const char *scale, int64_t *v, size_t *rows, int max)
{
    int n = 0;
    for (size_t k = 0; k < q->scales.n && n < max; k++) {
        if (strcmp(pv_vtable_str(&q->scales, k, SCL_ID), scale) ||
            pv_vtable_val(&q->scales, k, SCL_MISSING).i >= 0)
            continue;
        int64_t x = pv_vtable_val(&q->scales, k, SCL_VALUE).i;
        int j = n++;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1], rows[j] = rows[j - 1];
        v[j] = x;
        rows[j] = k;
    }
    return n;
}

/* Fill the answer matrices from answers.csv. */
static int fill_answers(qctx *q)
{
    GHashTable **resp = pv_xcalloc(q->n_inst + 1, sizeof *resp);
    for (size_t k = 0; k < q->n_inst; k++)
        resp[k] = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t r = 0; r < q->resp.n; r++) { /* respondents, in file order */
        qinst *in = &q->inst[pv_vtable_val(&q->resp, r, RSP_INSTRUMENT).i];
        g_hash_table_insert(resp[in - q->inst], (gpointer)pv_vtable_str(&q->resp, r, RSP_ID),
                            GSIZE_TO_POINTER(in->n + 1));
        in->n++;
    }
    for (size_t k = 0; k < q->n_inst; k++) {
        qinst *in = &q->inst[k];
        size_t cells = pv_xmul(in->n, in->n_items) + 1;
        in->region = pv_xnmalloc(in->n + 1, sizeof *in->region);
        in->val = pv_xnmalloc(cells, sizeof *in->val);
        in->why = pv_xnmalloc(cells, sizeof *in->why);
        for (size_t c = 0; c < cells; c++)
            in->val[c] = NAN, in->why[c] = "no_answer";
    }
    for (size_t r = 0, i = 0; r < q->resp.n; r++) {
        qinst *in = &q->inst[pv_vtable_val(&q->resp, r, RSP_INSTRUMENT).i];
        i = GPOINTER_TO_SIZE(g_hash_table_lookup(resp[in - q->inst],
                                                 pv_vtable_str(&q->resp, r, RSP_ID))) - 1;
        in->region[i] = (int)pv_vtable_val(&q->resp, r, RSP_REGION).i;
        in->has_region |= in->region[i] >= 0;
    }
    for (size_t a = 0; a < q->ans.n; a++) {
        qinst *in = &q->inst[pv_vtable_val(&q->ans, a, ANS_INSTRUMENT).i];
        gpointer p = g_hash_table_lookup(resp[in - q->inst],
                                         pv_vtable_str(&q->ans, a, ANS_RESPONDENT));
        const char *item = pv_vtable_str(&q->ans, a, ANS_ITEM);
        size_t j = 0;
        while (j < in->n_items && strcmp(item_str(q, in->item[j], ITM_ID), item))
            j++;
        if (!p || j == in->n_items) {
            pv_err_set(q->err, PV_EXIT_DATA, "%s:%ld: answer of an unknown %s",
                       q->ans.raw.name, q->ans.raw.line[q->ans.src[a]],
                       p ? "item" : "respondent");
            break;
        }
        size_t c = (GPOINTER_TO_SIZE(p) - 1) * in->n_items + j;
        const char *v = pv_vtable_str(&q->ans, a, ANS_VALUE);
        const char *m = pv_vtable_str(&q->ans, a, ANS_MISSING);
        in->why[c] = *m ? m : NULL;
        if (!*m && item_type(q, in->item[j]) != PV_ITEM_TEXT)
            in->val[c] = strtod(v, NULL);
    }
    for (size_t k = 0; k < q->n_inst; k++)
        g_hash_table_destroy(resp[k]);
    free(resp);
    return q->err->status;
}

/* The respondents' attributes, when the dataset declares them: in->attr
 * from respondent_attributes.csv (a respondent without a row for an
 * attribute their responses had counts as missing). */
static int load_attributes(qctx *q, const char *dir, pv_vctx *ctx, pv_rejects *rej)
{
    char path[4096];
    struct stat sb;
    int st;
    const pv_q_file *fa = &pv_q_attributes_file, *fr = &pv_q_resp_attributes_file;
    snprintf(path, sizeof path, "%s/%s", dir, fa->file);
    if (stat(path, &sb) != 0)
        return 0;
    if ((st = pv_vtable_load(&q->attrs, fa->name, fa->cols, fa->ncols, path, path, ctx, rej,
                             q->err)))
        return st;
    snprintf(path, sizeof path, "%s/%s", dir, fr->file);
    if ((st = pv_vtable_load(&q->rattrs, fr->name, fr->cols, fr->ncols, path, path, ctx, rej,
                             q->err)))
        return st;
    if (rej->n)
        return pv_err_set(q->err, PV_EXIT_DATA, "%s:%ld:%d: %s ('%s'); the clean tables must come from ingest",
                          rej->v[0].file, rej->v[0].line, rej->v[0].column,
                          rej->v[0].reason, rej->v[0].value);
    q->n_attr = q->attrs.n;
    for (size_t k = 0; k < q->n_inst; k++) {
        qinst *in = &q->inst[k];
        in->attr = pv_xnmalloc(pv_xmul(in->n, q->n_attr) + 1, sizeof *in->attr);
        in->has_attr = pv_xcalloc(q->n_attr + 1, 1);
        for (size_t c = 0; c < in->n * q->n_attr; c++)
            in->attr[c] = -1;
    }
    /* respondents of an instrument in the order of respondents.csv */
    GHashTable **resp = pv_xcalloc(q->n_inst + 1, sizeof *resp);
    size_t *next = pv_xcalloc(q->n_inst + 1, sizeof *next);
    for (size_t k = 0; k < q->n_inst; k++)
        resp[k] = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t r = 0; r < q->resp.n; r++) {
        size_t k = (size_t)pv_vtable_val(&q->resp, r, RSP_INSTRUMENT).i;
        g_hash_table_insert(resp[k], (gpointer)pv_vtable_str(&q->resp, r, RSP_ID),
                            GSIZE_TO_POINTER(++next[k]));
    }
    for (size_t r = 0; r < q->rattrs.n && !q->err->status; r++) {
        size_t k = (size_t)pv_vtable_val(&q->rattrs, r, RAT_INSTRUMENT).i;
        qinst *in = &q->inst[k];
        size_t i = GPOINTER_TO_SIZE(g_hash_table_lookup(
            resp[k], pv_vtable_str(&q->rattrs, r, RAT_RESPONDENT)));
        const char *name = pv_vtable_str(&q->rattrs, r, RAT_ATTRIBUTE);
        const char *v = pv_vtable_str(&q->rattrs, r, RAT_VALUE);
        long a = pv_vtable_find(&q->attrs, name);
        int code = *v && a >= 0 ? pv_codes_find(&q->codes, name, v) : -1;
        if (!i || a < 0 || (*v && code < 0)) {
            pv_err_set(q->err, PV_EXIT_DATA, "%s:%ld: %s", q->rattrs.raw.name,
                       q->rattrs.raw.line[q->rattrs.src[r]],
                       !i ? "an unknown respondent" : a < 0 ? "an unknown attribute"
                          : "not a code of the attribute's list");
            break;
        }
        in->has_attr[a] = 1;
        in->attr[(i - 1) * q->n_attr + (size_t)a] = code;
    }
    for (size_t k = 0; k < q->n_inst; k++)
        g_hash_table_destroy(resp[k]);
    free(resp), free(next);
    return q->err->status;
}

static int load(qctx *q, const char *in, pv_rejects *rej)
{
    char path[4096];
    pv_vctx ctx = {0};
    pv_vtable *tabs[1] = {&q->ins};
    struct stat sb;
    int st;

    snprintf(path, sizeof path, "%s/config.csv", in);
    if ((st = pv_config_load(&q->cfg, path, path, rej, q->err)))
        return st;
    ctx.period_start = q->cfg.period_start;
    ctx.period_end = q->cfg.period_end;
    ctx.decimal = '.';
    snprintf(path, sizeof path, "%s/codes.csv", in);
    if ((st = pv_codes_load(&q->codes, path, path, &ctx, rej, q->err)))
        return st;
    ctx.codes = &q->codes;
    snprintf(path, sizeof path, "%s/%s", in, pv_q_files[PV_Q_INSTRUMENTS].file);
    if (stat(path, &sb) != 0)
        return 0; /* no questionnaires */
    /* the definition files (pv_q_files: instruments first), then the long
     * tables; every table but instruments refers to it */
    pv_vtable *vt[PV_Q_NTABLES + PV_Q_NLONG] = {
        [PV_Q_INSTRUMENTS] = &q->ins, [PV_Q_ITEMS] = &q->items, [PV_Q_SCALES] = &q->scales,
        [PV_Q_NTABLES + PV_Q_RESPONDENTS] = &q->resp, [PV_Q_NTABLES + PV_Q_ANSWERS] = &q->ans};
    ctx.tables = tabs;
    for (int i = 0; i < PV_Q_NTABLES + PV_Q_NLONG; i++) {
        const pv_q_file *f = i < PV_Q_NTABLES ? &pv_q_files[i] : &pv_q_long_files[i - PV_Q_NTABLES];
        ctx.ntables = i == PV_Q_INSTRUMENTS ? 0 : 1;
        snprintf(path, sizeof path, "%s/%s", in, f->file);
        if ((st = pv_vtable_load(vt[i], f->name, f->cols, f->ncols, path, path, &ctx, rej,
                                 q->err)))
            return st;
    }
    if (rej->n)
        return pv_err_set(q->err, PV_EXIT_DATA, "%s:%ld:%d: %s ('%s'); the clean tables must come from ingest",
                          rej->v[0].file, rej->v[0].line, rej->v[0].column,
                          rej->v[0].reason, rej->v[0].value);
    q->n_inst = q->ins.n;
    q->inst = pv_xcalloc(q->n_inst + 1, sizeof *q->inst);
    for (size_t k = 0; k < q->n_inst; k++) {
        qinst *qi = &q->inst[k];
        qi->row = k;
        qi->group = (int)pv_vtable_val(&q->ins, k, INS_GROUP).i;
        qi->item = pv_xnmalloc(q->items.n + 1, sizeof *qi->item);
        qi->hidden = pv_xcalloc(q->items.n + 1, 1);
        qi->pos_hidden = pv_xcalloc(q->items.n + 1, 1);
        for (size_t i = 0; i < q->items.n; i++)
            if ((size_t)pv_vtable_val(&q->items, i, ITM_INSTRUMENT).i == k)
                qi->item[qi->n_items++] = i;
    }
    if ((st = fill_answers(q)))
        return st;
    return load_attributes(q, in, &ctx, rej);
}

/* ------------------------------------------------------------------ */
/* Output columns (questionnaire.h for the tables figures.c reads)    */
/* ------------------------------------------------------------------ */

const char *const pv_qn_items_cols[PV_QI_NCOLS] = {
    [PV_QI_INSTRUMENT] = "instrument_id", [PV_QI_GROUP] = "group", [PV_QI_ITEM] = "item_id",
    [PV_QI_CONSTRUCT] = "construct", [PV_QI_TYPE] = "type", [PV_QI_LABEL_FR] = "label_fr",
    [PV_QI_LABEL_EN] = "label_en", [PV_QI_RESPONDENTS] = "respondents",
    [PV_QI_N_VALID] = "n_valid", [PV_QI_N_MISSING] = "n_missing",
    [PV_QI_MISSING_BY_REASON] = "missing_by_reason", [PV_QI_MEAN] = "mean", [PV_QI_SD] = "sd",
    [PV_QI_MEDIAN] = "median", [PV_QI_Q1] = "q1", [PV_QI_Q3] = "q3",
    [PV_QI_POSITIVE] = "positive", [PV_QI_POSITIVE_SHARE] = "positive_share",
    [PV_QI_CI_LOW] = "ci_low", [PV_QI_CI_HIGH] = "ci_high", [PV_QI_NEGATIVE] = "negative",
    [PV_QI_NEGATIVE_SHARE] = "negative_share", [PV_QI_NEGATIVE_CI_LOW] = "negative_ci_low",
    [PV_QI_NEGATIVE_CI_HIGH] = "negative_ci_high", [PV_QI_SUPPRESSED] = "suppressed"};
const char *const pv_qn_distribution_cols[PV_QD_NCOLS] = {
    [PV_QD_INSTRUMENT] = "instrument_id", [PV_QD_ITEM] = "item_id", [PV_QD_VALUE] = "value",
    [PV_QD_LABEL_FR] = "label_fr", [PV_QD_LABEL_EN] = "label_en", [PV_QD_COUNT] = "count",
    [PV_QD_SHARE] = "share", [PV_QD_CI_LOW] = "ci_low", [PV_QD_CI_HIGH] = "ci_high",
    [PV_QD_ROLE] = "role", [PV_QD_SUPPRESSED] = "suppressed"};
const char *const pv_qn_constructs_cols[PV_QCS_NCOLS] = {
    [PV_QCS_INSTRUMENT] = "instrument_id", [PV_QCS_GROUP] = "group",
    [PV_QCS_CONSTRUCT] = "construct", [PV_QCS_LABEL_FR] = "label_fr",
    [PV_QCS_LABEL_EN] = "label_en", [PV_QCS_N_ITEMS] = "n_items", [PV_QCS_N_SCORED] = "n_scored",
    [PV_QCS_MEAN] = "mean", [PV_QCS_CI_LOW] = "ci_low", [PV_QCS_CI_HIGH] = "ci_high",
    [PV_QCS_SD] = "sd", [PV_QCS_MEDIAN] = "median", [PV_QCS_Q1] = "q1", [PV_QCS_Q3] = "q3",
    [PV_QCS_N_COMPLETE] = "n_complete", [PV_QCS_ALPHA] = "alpha",
    [PV_QCS_ALPHA_STD] = "alpha_std", [PV_QCS_ALPHA_CI_LOW] = "alpha_ci_low",
    [PV_QCS_ALPHA_CI_HIGH] = "alpha_ci_high", [PV_QCS_ALPHA_PAIRWISE] = "alpha_pairwise",
    [PV_QCS_ALPHA_STD_PAIRWISE] = "alpha_std_pairwise", [PV_QCS_SUPPRESSED] = "suppressed"};

/* Tables only people read. */
enum { AI_INSTRUMENT, AI_CONSTRUCT, AI_ITEM, AI_REVERSE, AI_ALPHA_IF_DELETED, AI_R_DROP,
       AI_NCOLS };
static const char *const alpha_items_cols[AI_NCOLS] = {
    [AI_INSTRUMENT] = "instrument_id", [AI_CONSTRUCT] = "construct", [AI_ITEM] = "item_id",
    [AI_REVERSE] = "reverse", [AI_ALPHA_IF_DELETED] = "alpha_if_deleted",
    [AI_R_DROP] = "r_drop"};
enum { TS_FAMILY, TS_TARGET, TS_INSTRUMENT, TS_TEST, TS_N, TS_STATISTIC, TS_DF, TS_P,
       TS_P_ADJUSTED, TS_ADJUSTMENT, TS_EFFECT, TS_EFFECT_SIZE, TS_NOTE, TS_NCOLS };
static const char *const tests_cols[TS_NCOLS] = {
    [TS_FAMILY] = "family", [TS_TARGET] = "target", [TS_INSTRUMENT] = "instrument_id",
    [TS_TEST] = "test", [TS_N] = "n", [TS_STATISTIC] = "statistic", [TS_DF] = "df",
    [TS_P] = "p", [TS_P_ADJUSTED] = "p_adjusted", [TS_ADJUSTMENT] = "adjustment",
    [TS_EFFECT] = "effect", [TS_EFFECT_SIZE] = "effect_size", [TS_NOTE] = "note"};
const char *const pv_qn_rates_cols[PV_QR_NCOLS] = {
    [PV_QR_INSTRUMENT] = "instrument_id", [PV_QR_GROUP] = "group", [PV_QR_INVITED] = "invited",
    [PV_QR_RESPONDENTS] = "respondents", [PV_QR_RATE] = "rate", [PV_QR_CI_LOW] = "ci_low",
    [PV_QR_CI_HIGH] = "ci_high", [PV_QR_NOTE] = "note", [PV_QR_SUPPRESSED] = "suppressed"};

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */
/* ------------------------------------------------------------------ */

static int small(const qctx *q, long c)
{
    return c > 0 && c < q->cfg.threshold;
}

static void indicator(qctx *q, const char *id, const char *label, long n, double v,
                      double lo, double hi, const char *unit)
{
    pv_indicator(&q->ind, "questionnaire", id, label, n, v, lo, hi, unit);
}

/* Indicator ids (indicators.h), for the table and the replicates alike. */
static const char *positive_id(char *buf, size_t n, const qctx *q, const qinst *in, size_t item)
{
    return pv_indicator_id(buf, n, "q_positive", ins_id(q, in), item_str(q, item, ITM_ID));
}

static const char *score_id(char *buf, size_t n, const qctx *q, const qinst *in, int c)
{
    return pv_indicator_id(buf, n, "q_score", ins_id(q, in),
                           pv_codes_code(&q->codes, "construct", c));
}

static const char *rate_id(char *buf, size_t n, const qctx *q, const qinst *in)
{
    return pv_indicator_id(buf, n, "q_response_rate", ins_id(q, in), NULL);
}

static const char *group_label(const qctx *q, const qinst *in)
{
    return pv_codes_label(&q->codes, "group", in->group, q->cfg.lang);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Valid values of column j of in (sorted when sort), into buf; count. */
static size_t column_values(const qinst *in, size_t j, double *buf, int sort)
{
    size_t n = 0;
    for (size_t r = 0; r < in->n; r++)
        if (!isnan(in->val[r * in->n_items + j]))
            buf[n++] = in->val[r * in->n_items + j];
    if (sort)
        qsort(buf, n, sizeof *buf, cmp_double);
    return n;
}

/* Mean, SD, median, quartiles of sorted x; NAN when n is below the
 * threshold (the statistics of fewer people than that are not shown). */
static void describe(const qctx *q, const double *x, size_t n, double out[5])
{
    for (int i = 0; i < 5; i++)
        out[i] = NAN;
    if (n == 0 || (long)n < q->cfg.threshold)
        return;
    out[0] = pv_mean(x, n);
    out[1] = pv_sd(x, n);
    out[2] = pv_quantile7(x, n, 0.5);
    out[3] = pv_quantile7(x, n, 0.25);
    out[4] = pv_quantile7(x, n, 0.75);
}

/* ------------------------------------------------------------------ */
/* Items                                                              */
/* ------------------------------------------------------------------ */

#define MAX_SCALE 32

/* The boxes of an item over its scale's answer values v[0..nv) (ascending,
 * scale rows rows[]): top[k] and bottom[k].  Each box is what the scale
 * declares (scales.csv `box`), whatever the item's type.  A scale that
 * declares no top box: a Likert item's top box is its two highest values
 * (the highest alone on a scale of 2 or 3 points, where two would take the
 * middle or everything), a yes/no item's is "yes" (1), other items have
 * none.  A scale that declares no bottom box has none (a default one would
 * add relations to the small-cell rule of every Likert item, and hide
 * cells that are published today).  Returns 1 when the item has a top
 * box, 2 a bottom box, 3 both, 0 neither. */
static int item_boxes(const qctx *q, size_t item, const int64_t *v, const size_t *rows, int nv,
                      unsigned char *top, unsigned char *bottom)
{
    int type = item_type(q, item), declared_top = 0, has = 0;
    for (int k = 0; k < nv; k++) {
        int64_t b = pv_vtable_val(&q->scales, rows[k], SCL_BOX).i;
        top[k] = b == PV_BOX_TOP;
        bottom[k] = b == PV_BOX_BOTTOM;
        declared_top |= top[k];
    }
    for (int k = 0; k < nv && !declared_top; k++)
        top[k] = pv_item_is_likert(type) ? k >= nv - (nv >= 4 ? 2 : 1)
               : type == PV_ITEM_YESNO && v[k] == 1;
    for (int k = 0; k < nv; k++)
        has |= (top[k] ? 1 : 0) | (bottom[k] ? 2 : 0);
    return has;
}

/* Write the distribution rows of item j of in.  Its counts, their total
 * n_valid and, for an item with a top box, the top-box ("positive") count
 * and its complement are one set of linked relations (suppress.h): cells
 * sum to positive and to the rest, these two to n_valid; the same for the
 * bottom box ("negative").  box[0] receives the positive count, box[1] the
 * negative one; flag[0..1] their flags.  Returns 1 when a count is hidden
 * (the statistics computed from them are hidden too). */
static int distribution(qctx *q, pv_csvw *w, const qinst *in, size_t j, long n_valid,
                        int show, long box[2], unsigned char flag[2])
{
    size_t item = in->item[j], rows[MAX_SCALE];
    int64_t v[MAX_SCALE];
    int id[MAX_SCALE], in_box[2][MAX_SCALE], out_box[2][MAX_SCALE], two[2][2] = {{-1, -1}, {-1, -1}};
    unsigned char mark[2][MAX_SCALE];
    int nv = scale_values(q, item_str(q, item, ITM_SCALE), v, rows, MAX_SCALE);
    long count[MAX_SCALE] = {0};
    pv_sdc sdc = {0};
    int any = !show;
    for (int b = 0; b < 2; b++) {
        box[b] = 0;
        flag[b] = show ? PV_CELL_SHOWN : PV_CELL_COMPLEMENTARY;
    }
    if (nv == 0)
        return any;
    int has = item_boxes(q, item, v, rows, nv, mark[0], mark[1]);
    for (size_t r = 0; r < in->n; r++) {
        double x = in->val[r * in->n_items + j];
        for (int k = 0; k < nv && !isnan(x); k++)
            if ((double)v[k] == x)
                count[k]++;
    }
    for (int k = 0; k < nv; k++)
        id[k] = pv_sdc_cell(&sdc, count[k]);
    int total = pv_sdc_cell(&sdc, n_valid);
    for (int b = 0; b < 2; b++) {
        int ni = 0, no = 0;
        if (!(has & (1 << b)))
            continue;
        for (int k = 0; k < nv; k++)
            if (mark[b][k])
                in_box[b][ni++] = id[k], box[b] += count[k];
            else
                out_box[b][no++] = id[k];
        two[b][0] = pv_sdc_cell(&sdc, box[b]);
        two[b][1] = pv_sdc_cell(&sdc, n_valid - box[b]);
        pv_sdc_relation(&sdc, in_box[b], ni, two[b][0]);
        pv_sdc_relation(&sdc, out_box[b], no, two[b][1]);
        pv_sdc_relation(&sdc, two[b], 2, total);
    }
    if (!has)
        pv_sdc_relation(&sdc, id, nv, total);
    pv_sdc_solve(&sdc, q->cfg.threshold);
    for (int b = 0; b < 2; b++)
        if (show && (has & (1 << b)))
            flag[b] = pv_sdc_flag(&sdc, two[b][0]);
    for (int k = 0; k < nv; k++) {
        /* an item answered by fewer than threshold: every count hidden */
        unsigned char f = show ? pv_sdc_flag(&sdc, id[k]) : PV_CELL_COMPLEMENTARY;
        char sup[64] = "";
        double lo = NAN, hi = NAN, share = NAN;
        any |= f != 0;
        if (!f)
            share = pv_wilson(count[k], n_valid, 0.95, &lo, &hi);
        pv_suppress_mark(sup, sizeof sup, pv_qn_distribution_cols[PV_QD_COUNT], f);
        pv_csvw_str(w, ins_id(q, in));
        pv_csvw_str(w, item_str(q, item, ITM_ID));
        pv_csvw_int(w, v[k]);
        pv_csvw_str(w, pv_label_get(&q->scales, rows[k], SCL_LABEL_FR, SCL_LABEL_EN));
        pv_csvw_str(w, pv_label_get(&q->scales, rows[k], SCL_LABEL_EN, SCL_LABEL_FR));
        f ? pv_csvw_str(w, NULL) : pv_csvw_int(w, count[k]);
        pv_csvw_num(w, share);
        pv_csvw_num(w, lo);
        pv_csvw_num(w, hi);
        pv_csvw_str(w, mark[0][k] ? "top" : mark[1][k] ? "bottom"
                     : pv_vtable_val(&q->scales, rows[k], SCL_NEUTRAL).i == 1 ? "neutral" : NULL);
        pv_csvw_str(w, sup);
        pv_csvw_end(w);
    }
    pv_sdc_free(&sdc);
    return any;
}

/* Missing answers of item j by reason. */
static void count_missing(const qinst *in, size_t j, const char **reason, long *count,
                          int *nr, int max)
{
    *nr = 0;
    for (size_t r = 0; r < in->n; r++) {
        const char *why = in->why[r * in->n_items + j];
        int k = 0;
        if (!why)
            continue;
        while (k < *nr && strcmp(reason[k], why))
            k++;
        if (k == *nr) {
            if (*nr == max)
                continue;
            reason[k] = why;
            count[k] = 0;
            (*nr)++;
        }
        count[k]++;
    }
}

static void items_header(pv_csvw *w, pv_csvw *d)
{
    pv_csvw_header(w, pv_qn_items_cols, PV_QI_NCOLS);
    pv_csvw_header(d, pv_qn_distribution_cols, PV_QD_NCOLS);
}

static void item_row(qctx *q, pv_csvw *w, pv_csvw *d, qinst *in, size_t j,
                     double *buf)
{
    size_t item = in->item[j], rows[MAX_SCALE];
    int64_t v[MAX_SCALE];
    unsigned char mark[2][MAX_SCALE];
    int type = item_type(q, item);
    long n_valid = 0, n = (long)in->n;
    const char *reason[16];
    long count[16];
    int nr;
    char byreason[512] = "", sup[512] = "", id[256], label[512];
    double stats[5] = {NAN, NAN, NAN, NAN, NAN}, lo[2] = {NAN, NAN}, hi[2] = {NAN, NAN},
           share[2] = {NAN, NAN};
    long box[2] = {-1, -1};
    static const int box_col[2] = {PV_QI_POSITIVE, PV_QI_NEGATIVE};

    for (size_t r = 0; r < in->n; r++)
        n_valid += in->why[r * in->n_items + j] == NULL;
    count_missing(in, j, reason, count, &nr, 16);
    /* Non-response counts (n_missing, by reason) are published whatever
     * their size: they describe who skipped a question, not who the
     * respondents are (docs/METHODS.md).  Statistics need n_valid at least
     * the threshold; the instrument's respondents too. */
    int show = !small(q, n) && n_valid >= q->cfg.threshold;
    for (int k = 0; k < nr && !small(q, n); k++) {
        size_t len = strlen(byreason);
        snprintf(byreason + len, sizeof byreason - len, "%s%s:%ld", len ? ";" : "",
                 reason[k], count[k]);
    }
    static const int stat_col[5] = {PV_QI_MEAN, PV_QI_SD, PV_QI_MEDIAN, PV_QI_Q1, PV_QI_Q3};
    unsigned char resp_flag = small(q, n) ? PV_CELL_PRIMARY : PV_CELL_SHOWN;
    unsigned char stat_flag = show ? PV_CELL_SHOWN : PV_CELL_PRIMARY, box_flag[2] = {0, 0};
    int categorical = type != PV_ITEM_NUMBER && type != PV_ITEM_TEXT, has = 0;
    if (categorical) {
        int nv = scale_values(q, item_str(q, item, ITM_SCALE), v, rows, MAX_SCALE);
        has = nv ? item_boxes(q, item, v, rows, nv, mark[0], mark[1]) : 0;
    }
    /* The statistics of the distribution (not sums of its counts) are one
     * more equation on its hidden counts each: hidden with them. */
    if (categorical) {
        unsigned char any = (unsigned char)distribution(q, d, in, j, n_valid, show, box,
                                                        box_flag);
        if (show && pv_suppress_derived(&any, 1))
            stat_flag = PV_CELL_COMPLEMENTARY;
    }
    in->hidden[j] = stat_flag != PV_CELL_SHOWN;
    in->pos_hidden[j] = (has & 1) && (!show || box_flag[0]);
    if (type != PV_ITEM_TEXT && !stat_flag) {
        size_t nv = column_values(in, j, buf, 1);
        describe(q, buf, nv, stats);
    }
    for (int b = 0; b < 2; b++)
        if ((has & (1 << b)) && show && !box_flag[b])
            share[b] = pv_wilson(box[b], n_valid, 0.95, &lo[b], &hi[b]);
    pv_suppress_mark(sup, sizeof sup, pv_qn_items_cols[PV_QI_RESPONDENTS], resp_flag);
    pv_suppress_mark(sup, sizeof sup, pv_qn_items_cols[PV_QI_N_VALID], resp_flag);
    pv_suppress_mark(sup, sizeof sup, pv_qn_items_cols[PV_QI_N_MISSING], resp_flag);
    for (int k = 0; k < 5 && type != PV_ITEM_TEXT; k++)
        pv_suppress_mark(sup, sizeof sup, pv_qn_items_cols[stat_col[k]], stat_flag);
    for (int b = 0; b < 2; b++) {
        if (!(has & (1 << b))) {
            box[b] = -1;
            continue;
        }
        unsigned char f = !show ? stat_flag : box_flag[b];
        /* its share goes with it */
        pv_suppress_mark(sup, sizeof sup, pv_qn_items_cols[box_col[b]], f);
        if (f)
            box[b] = -1;
    }
    pv_csvw_str(w, ins_id(q, in));
    pv_csvw_str(w, pv_codes_code(&q->codes, "group", in->group));
    pv_csvw_str(w, item_str(q, item, ITM_ID));
    pv_csvw_str(w, item_str(q, item, ITM_CONSTRUCT));
    pv_csvw_str(w, pv_item_type_name(type));
    pv_csvw_str(w, item_str(q, item, ITM_LABEL_FR));
    pv_csvw_str(w, item_str(q, item, ITM_LABEL_EN));
    small(q, n) ? pv_csvw_str(w, NULL) : pv_csvw_int(w, n);
    small(q, n) ? pv_csvw_str(w, NULL) : pv_csvw_int(w, n_valid);
    small(q, n) ? pv_csvw_str(w, NULL) : pv_csvw_int(w, n - n_valid);
    pv_csvw_str(w, byreason);
    for (int k = 0; k < 5; k++)
        pv_csvw_num(w, stats[k]);
    for (int b = 0; b < 2; b++) {
        box[b] >= 0 ? pv_csvw_int(w, box[b]) : pv_csvw_str(w, NULL);
        pv_csvw_num(w, share[b]);
        pv_csvw_num(w, lo[b]);
        pv_csvw_num(w, hi[b]);
    }
    pv_csvw_str(w, sup);
    pv_csvw_end(w);
    if (has & 1) {
        positive_id(id, sizeof id, q, in, item);
        snprintf(label, sizeof label, "%s (%s)",
                 item_str(q, item, q->cfg.lang == PV_LANG_EN ? ITM_LABEL_EN : ITM_LABEL_FR),
                 group_label(q, in));
        indicator(q, id, label, small(q, n) ? -1 : n_valid, share[0], lo[0], hi[0], "proportion");
    }
}

static int write_items(qctx *q)
{
    char path[4096];
    pv_csvw w, d;
    double *buf = NULL;
    snprintf(path, sizeof path, "%s/questionnaire_items.csv", q->out);
    pv_csvw_open(&w, path, q->err);
    snprintf(path, sizeof path, "%s/questionnaire_distribution.csv", q->out);
    pv_csvw_open(&d, path, q->err);
    items_header(&w, &d);
    for (size_t k = 0; k < q->n_inst; k++) {
        qinst *in = &q->inst[k];
        free(buf);
        buf = pv_xnmalloc(in->n + 1, sizeof *buf);
        for (size_t j = 0; j < in->n_items; j++)
            item_row(q, &w, &d, in, j, buf);
    }
    free(buf);
    int a = pv_csvw_close(&w), b = pv_csvw_close(&d);
    return a ? a : b;
}

/* ------------------------------------------------------------------ */
/* Constructs                                                         */
/* ------------------------------------------------------------------ */

/* Items of construct c in instrument in that are scored (Likert), their
 * positions, and their scale's range.  Returns how many. */
static size_t construct_items(const qctx *q, const qinst *in, int c, size_t *pos,
                              double *lo, double *hi)
{
    size_t k = 0, rows[MAX_SCALE];
    int64_t v[MAX_SCALE];
    for (size_t j = 0; j < in->n_items; j++) {
        size_t item = in->item[j];
        int t = item_type(q, item);
        if (pv_vtable_val(&q->items, item, ITM_CONSTRUCT).i != c || !pv_item_is_likert(t))
            continue;
        int nv = scale_values(q, item_str(q, item, ITM_SCALE), v, rows, MAX_SCALE);
        lo[k] = nv ? (double)v[0] : NAN;
        hi[k] = nv ? (double)v[nv - 1] : NAN;
        pos[k++] = j;
    }
    return k;
}

/* Scores of construct c for every respondent of in (NAN when too few of
 * its items are answered); fills complete (n x k, reverse-coded) with the
 * respondents who answered every item.  Returns the number of complete
 * rows. */
static size_t construct_scores(const qctx *q, const qinst *in, const size_t *pos,
                               const double *lo, const double *hi, size_t k,
                               double *score, double *complete)
{
    size_t need = (size_t)ceil(q->cfg.score_min_share * (double)k - 1e-9), nc = 0;
    if (need < 1)
        need = 1;
    for (size_t r = 0; r < in->n; r++) {
        double sum = 0;
        size_t valid = 0;
        for (size_t i = 0; i < k; i++) {
            double x = in->val[r * in->n_items + pos[i]];
            if (isnan(x))
                continue;
            if (pv_vtable_val(&q->items, in->item[pos[i]], ITM_REVERSE).i)
                x = lo[i] + hi[i] - x;
            sum += x;
            valid++;
            complete[nc * k + i] = x;
        }
        score[r] = valid >= need ? sum / (double)valid : NAN;
        nc += valid == k;
    }
    return nc;
}

static void constructs_header(pv_csvw *w, pv_csvw *a)
{
    pv_csvw_header(w, pv_qn_constructs_cols, PV_QCS_NCOLS);
    pv_csvw_header(a, alpha_items_cols, AI_NCOLS);
}

/* Scores of every construct of every instrument, kept for the tests:
 * scores[k][c] is in->n doubles (NULL when the construct is not there). */
typedef struct {
    int nc;
    double ***scores;
    unsigned char **hide;  /* [k][c]: HIDE_STATS, HIDE_TESTS */
} score_book;

enum { HIDE_STATS = 1, HIDE_TESTS = 2 };

static void construct_row(qctx *q, pv_csvw *w, pv_csvw *a, const qinst *in, int c,
                          score_book *sb)
{
    size_t pos[256];
    double lo[256], hi[256];
    if (in->n_items > 256) {
        pv_err_set(q->err, PV_EXIT_DATA, "instrument %s: more than 256 items", ins_id(q, in));
        return;
    }
    size_t k = construct_items(q, in, c, pos, lo, hi);
    if (k == 0)
        return;
    double *score = pv_xnmalloc(in->n + 1, sizeof *score);
    double *complete = pv_xnmalloc(pv_xmul(in->n, k) + 1, sizeof *complete);
    double *sorted = pv_xnmalloc(in->n + 1, sizeof *sorted);
    double aid[256], rdrop[256], st[5], mlo = NAN, mhi = NAN, mean = NAN;
    char id[256], label[512];
    size_t nc = construct_scores(q, in, pos, lo, hi, k, score, complete), ns = 0;
    for (size_t r = 0; r < in->n; r++)
        if (!isnan(score[r]))
            sorted[ns++] = score[r];
    qsort(sorted, ns, sizeof *sorted, cmp_double);
    /* The score of a one-item construct is the item's answer; when every
     * scored respondent answered every item, the mean score is the mean of
     * the item means.  Either way an item whose counts are hidden would be
     * recomputed from the score statistics: they are hidden with it. */
    unsigned char item_flag[256], score_flag = PV_CELL_SHOWN;
    for (size_t i = 0; i < k; i++)
        item_flag[i] = in->hidden[pos[i]];
    if ((k == 1 || nc == ns) && pv_suppress_derived(item_flag, k))
        score_flag = PV_CELL_COMPLEMENTARY;
    sb->hide[in - q->inst][c] = (unsigned char)((score_flag ? HIDE_STATS : 0) |
                                                (k == 1 && score_flag ? HIDE_TESTS : 0));
    if (!score_flag)
        describe(q, sorted, ns, st);
    else
        st[0] = st[1] = st[2] = st[3] = st[4] = NAN;
    if (!isnan(st[0]))
        mean = pv_mean_ci_t(sorted, ns, 0.95, &mlo, &mhi);
    /* Alpha, alpha if deleted and r_drop are scale-free functions of the
     * items' covariance matrix: with n complete = n valid they give every
     * item's variance up to one factor, which the items' hidden counts
     * then pin (the demo's Q_WORKERS MANDATE: its 6 hidden counts, the
     * only candidates fitting; docs/METHODS.md).  Hidden with any item's
     * statistics, in both conventions. */
    unsigned char alpha_flag = pv_suppress_derived(item_flag, k);
    pv_alpha al = {NAN, NAN, NAN, NAN, aid, rdrop};
    int show_alpha = k >= 2 && nc >= 2 && !small(q, (long)nc) && !alpha_flag;
    if (!show_alpha || pv_cronbach_alpha(complete, nc, k, 0.95, &al) != PV_QS_OK) {
        al.alpha = al.alpha_std = al.ci_low = al.ci_high = NAN;
        for (size_t i = 0; i < k; i++)
            aid[i] = rdrop[i] = NAN;
    }
    pv_csvw_str(w, ins_id(q, in));
    pv_csvw_str(w, pv_codes_code(&q->codes, "group", in->group));
    pv_csvw_str(w, pv_codes_code(&q->codes, "construct", c));
    pv_csvw_str(w, pv_codes_label(&q->codes, "construct", c, PV_LANG_FR));
    pv_csvw_str(w, pv_codes_label(&q->codes, "construct", c, PV_LANG_EN));
    pv_csvw_int(w, (long long)k);
    small(q, (long)ns) ? pv_csvw_str(w, NULL) : pv_csvw_int(w, (long long)ns);
    pv_csvw_num(w, mean);
    pv_csvw_num(w, mlo);
    pv_csvw_num(w, mhi);
    for (int i = 1; i < 5; i++)
        pv_csvw_num(w, st[i]);
    small(q, (long)nc) ? pv_csvw_str(w, NULL) : pv_csvw_int(w, (long long)nc);
    pv_csvw_num(w, al.alpha);
    pv_csvw_num(w, al.alpha_std);
    pv_csvw_num(w, al.ci_low);
    pv_csvw_num(w, al.ci_high);
    /* psych's default convention: every respondent, pairwise covariances */
    double apw = NAN, apw_std = NAN;
    if (k >= 2 && !small(q, (long)ns) && (long)ns >= q->cfg.threshold && !alpha_flag) {
        double *all = pv_xnmalloc(pv_xmul(in->n, k) + 1, sizeof *all);
        for (size_t r = 0; r < in->n; r++)
            for (size_t i = 0; i < k; i++) {
                double x = in->val[r * in->n_items + pos[i]];
                if (!isnan(x) && pv_vtable_val(&q->items, in->item[pos[i]], ITM_REVERSE).i)
                    x = lo[i] + hi[i] - x;
                all[r * k + i] = x;
            }
        if (pv_cronbach_alpha_pairwise(all, in->n, k, &apw, &apw_std) != PV_QS_OK)
            apw = apw_std = NAN;
        free(all);
    }
    pv_csvw_num(w, apw);
    pv_csvw_num(w, apw_std);
    char sup[512] = "";
    static const int score_col[] = {PV_QCS_MEAN, PV_QCS_SD, PV_QCS_MEDIAN, PV_QCS_Q1,
                                    PV_QCS_Q3}; /* the interval goes with the mean */
    pv_suppress_mark(sup, sizeof sup, pv_qn_constructs_cols[PV_QCS_N_SCORED],
                     small(q, (long)ns) ? PV_CELL_PRIMARY : 0);
    for (size_t i = 0; i < PV_NCOLS(score_col); i++)
        pv_suppress_mark(sup, sizeof sup, pv_qn_constructs_cols[score_col[i]],
                         (long)ns < q->cfg.threshold ? PV_CELL_PRIMARY : score_flag);
    /* n complete is a count of people too: named when hidden, as n scored */
    pv_suppress_mark(sup, sizeof sup, pv_qn_constructs_cols[PV_QCS_N_COMPLETE],
                     small(q, (long)nc) ? PV_CELL_PRIMARY : 0);
    static const int alpha_col[] = {PV_QCS_ALPHA, PV_QCS_ALPHA_STD, PV_QCS_ALPHA_PAIRWISE,
                                    PV_QCS_ALPHA_STD_PAIRWISE}; /* the interval goes with alpha */
    for (size_t i = 0; i < PV_NCOLS(alpha_col) && k >= 2; i++)
        pv_suppress_mark(sup, sizeof sup, pv_qn_constructs_cols[alpha_col[i]], alpha_flag);
    pv_csvw_str(w, sup);
    pv_csvw_end(w);
    for (size_t i = 0; i < k; i++) {
        pv_csvw_str(a, ins_id(q, in));
        pv_csvw_str(a, pv_codes_code(&q->codes, "construct", c));
        pv_csvw_str(a, item_str(q, in->item[pos[i]], ITM_ID));
        pv_csvw_int(a, pv_vtable_val(&q->items, in->item[pos[i]], ITM_REVERSE).i);
        pv_csvw_num(a, aid[i]);
        pv_csvw_num(a, rdrop[i]);
        pv_csvw_end(a);
    }
    score_id(id, sizeof id, q, in, c);
    snprintf(label, sizeof label, "%s (%s)",
             pv_codes_label(&q->codes, "construct", c, q->cfg.lang), group_label(q, in));
    indicator(q, id, label, small(q, (long)ns) ? -1 : (long)ns, mean, mlo, mhi, "score");
    free(complete);
    free(sorted);
    sb->scores[in - q->inst][c] = score; /* kept for the tests */
}

static int write_constructs(qctx *q, score_book *sb)
{
    char path[4096];
    pv_csvw w, a;
    sb->nc = pv_codes_count(&q->codes, "construct");
    sb->scores = pv_xcalloc(q->n_inst + 1, sizeof *sb->scores);
    sb->hide = pv_xcalloc(q->n_inst + 1, sizeof *sb->hide);
    for (size_t k = 0; k < q->n_inst; k++) {
        sb->scores[k] = pv_xcalloc((size_t)sb->nc + 1, sizeof **sb->scores);
        sb->hide[k] = pv_xcalloc((size_t)sb->nc + 1, 1);
    }
    snprintf(path, sizeof path, "%s/questionnaire_constructs.csv", q->out);
    pv_csvw_open(&w, path, q->err);
    snprintf(path, sizeof path, "%s/questionnaire_alpha_items.csv", q->out);
    pv_csvw_open(&a, path, q->err);
    constructs_header(&w, &a);
    for (size_t k = 0; k < q->n_inst; k++)
        for (int c = 0; c < sb->nc; c++)
            construct_row(q, &w, &a, &q->inst[k], c, sb);
    int x = pv_csvw_close(&w), y = pv_csvw_close(&a);
    return x ? x : y;
}

static void score_book_free(const qctx *q, score_book *sb)
{
    for (size_t k = 0; sb->scores && k < q->n_inst; k++) {
        for (int c = 0; sb->scores[k] && c < sb->nc; c++)
            free(sb->scores[k][c]);
        free(sb->scores[k]);
        if (sb->hide)
            free(sb->hide[k]);
    }
    free(sb->scores);
    free(sb->hide);
}

/* ------------------------------------------------------------------ */
/* Between groups and regions                                         */
/* ------------------------------------------------------------------ */

typedef struct {
    char family[96];       /* items_by_group, constructs_by_group, ...,
                              items_by_<attribute>, constructs_by_<attribute> */
    char target[128];      /* item_id or construct code */
    char instrument[128];  /* region tests: the instrument; else "" */
    const char *test;      /* chisq, kruskal */
    double n, stat, df, p, padj, effect;
    const char *effect_name;
    char note[512];
} test_row;

typedef struct {
    test_row *v;
    size_t n, cap;
} test_list;

static test_row *test_add(test_list *l)
{
    pv_xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
    test_row *t = &l->v[l->n++];
    memset(t, 0, sizeof *t);
    t->n = t->stat = t->df = t->p = t->padj = t->effect = NAN;
    return t;
}

/* A test computed from counts of which one is hidden: its statistic is an
 * exact function of them, so it is not published (and left out of its
 * family's p-value adjustment, whose other values would reveal it).  Its
 * row keeps only what is known before the data (family, target,
 * instrument, adjustment): which test ran is data too (Fisher's test
 * says that Cochran's rule fired on the hidden table's expected counts,
 * Mann-Whitney that two codes occur), and n is a sum of n valid of which
 * one may be hidden. */
static void test_withhold(test_row *t, const char *why)
{
    t->test = t->effect_name = NULL;
    t->n = t->stat = t->df = t->p = t->padj = t->effect = NAN;
    snprintf(t->note, sizeof t->note, "not shown: %s", why);
}

static void test_hide(test_row *t)
{
    test_withhold(t, "a count it is computed from is hidden (small cells)");
}

/* Seed of the Monte Carlo p of test t: the dataset's seed and the test's
 * family, target and instrument (FNV-1a), so that a test's p does not
 * depend on which other tests run. */
static unsigned long test_seed(const qctx *q, const test_row *t)
{
    unsigned long h = 2166136261u;
    const char *s[] = {t->family, t->target, t->instrument};
    for (int i = 0; i < 3; i++)
        for (const char *c = s[i]; ; c++) {
            h = (h ^ (unsigned char)*c) * 16777619u;
            if (!*c)
                break;
        }
    return (q->cfg.seed + PV_SEED_QUESTIONNAIRE) ^ h;
}

/* Fisher's test of the r x c table tab, seeded by test t (fisher_jobs):
 * computed now, recorded for later (f NAN), or the recorded result. */
static pv_qs_status fisher_of(const qctx *q, const test_row *t, size_t ti, const double *tab,
                              size_t r, size_t c, pv_fisher *f)
{
    fisher_jobs *fj = q->fj;
    unsigned long seed = test_seed(q, t);
    if (fj && fj->mode == FJ_COLLECT) {
        pv_xgrow((void **)&fj->v, &fj->cap, fj->n + 1, sizeof *fj->v);
        fisher_job *j = &fj->v[fj->n++];
        *j = (fisher_job){pv_xnmalloc(r * c + 1, sizeof *tab), r, c, seed, ti, 0, PV_QS_OK,
                          {NAN, NAN, 0, 0, 0}};
        memcpy(j->tab, tab, r * c * sizeof *tab);
        *f = j->f;
        return PV_QS_OK;
    }
    if (fj && fj->mode == FJ_REPLAY && fj->next < fj->n) {
        const fisher_job *j = &fj->v[fj->next];
        /* the same test as in the collecting pass (the passes build the
         * same tests in the same order; checked all the same) */
        if (j->r == r && j->c == c && j->seed == seed &&
            memcmp(j->tab, tab, r * c * sizeof *tab) == 0) {
            fj->next++;
            *f = j->f;
            return j->st;
        }
    }
    return pv_fisher_test(tab, r, c, seed, f);
}

static void fisher_job_run(void *ctx, size_t i)
{
    fisher_job *j = &((fisher_jobs *)ctx)->v[i];
    if (!j->skip)
        j->st = pv_fisher_test(j->tab, j->r, j->c, j->seed, &j->f);
}

static void fisher_jobs_free(fisher_jobs *fj)
{
    for (size_t i = 0; i < fj->n; i++)
        free(fj->v[i].tab);
    free(fj->v);
    *fj = (fisher_jobs){0};
}

/* Chi-square of an r x c table of counts into t, row ti of its list;
 * Fisher's exact test instead when the expected counts break Cochran's
 * rule (pv_chisq_small_expected; docs/METHODS.md).  t's family, target
 * and instrument are set (they seed a Monte Carlo p). */
static void chisq_into(const qctx *q, test_row *t, size_t ti, const double *tab, size_t r,
                       size_t c)
{
    pv_chisq x;
    pv_qs_status st = pv_chisq_indep(tab, r, c, &x);
    t->test = "chisq";
    t->effect_name = "cramers_v";
    t->n = x.n;
    if (st != PV_QS_OK) {
        snprintf(t->note, sizeof t->note, "not computed: %s", pv_qs_status_str(st));
        return;
    }
    t->stat = x.statistic, t->df = x.df, t->p = x.p, t->effect = x.cramer_v;
    if (pv_chisq_small_expected(&x)) {
        pv_fisher f;
        st = fisher_of(q, t, ti, tab, r, c, &f);
        t->test = "fisher"; /* the note says when p is simulated */
        t->stat = t->df = NAN; /* Fisher's test has no statistic; V is the chi-square's */
        t->p = f.p;
        char more[96] = "";
        if (st != PV_QS_OK)
            snprintf(more, sizeof more, "; not computed: %s", pv_qs_status_str(st));
        else if (f.replicates)
            snprintf(more, sizeof more, "; p simulated from %zu tables (too many to "
                     "enumerate)", f.replicates);
        snprintf(t->note, sizeof t->note, "Fisher's exact test: %zu of %zu cells with an "
                 "expected count below 5, %zu below 1 (Cochran's rule: any below 1 or more "
                 "than 20 %% below 5)%s", x.n_expected_lt5, x.n_cells, x.n_expected_lt1, more);
    } else if (x.n_expected_lt5)
        snprintf(t->note, sizeof t->note, "%zu cells with an expected count below 5: the "
                 "chi-square approximation may be poor", x.n_expected_lt5);
}

static void kruskal_into(test_row *t, const double *x, const size_t *g, size_t n, size_t ng)
{
    pv_kruskal k;
    pv_qs_status st = pv_kruskal_wallis(x, g, n, ng, &k);
    t->test = "kruskal";
    t->effect_name = "epsilon_sq";
    t->n = (double)k.n;
    if (st != PV_QS_OK) {
        snprintf(t->note, sizeof t->note, "not computed: %s", pv_qs_status_str(st));
        return;
    }
    t->stat = k.statistic, t->df = k.df, t->p = k.p, t->effect = k.epsilon_sq;
}

/* Mann–Whitney of x between groups 0 and 1 into t: W, p, effect size r. */
static void mannwhitney_into(test_row *t, const double *x, const size_t *g, size_t n)
{
    pv_mannwhitney w;
    pv_qs_status st = pv_mann_whitney(x, g, n, &w);
    t->test = "mannwhitney";
    t->effect_name = "r";
    t->n = (double)(w.n0 + w.n1);
    if (st != PV_QS_OK) {
        snprintf(t->note, sizeof t->note, "not computed: %s", pv_qs_status_str(st));
        return;
    }
    t->stat = w.statistic, t->p = w.p, t->effect = w.r;
}

/* Append a sentence to t's note. */
static void note_add(test_row *t, const char *s)
{
    size_t len = strlen(t->note);
    if (*s)
        snprintf(t->note + len, sizeof t->note - len, "%s%s", len ? "; " : "", s);
}

/* Count answers of item position j of `in` into row `row` of tab (ncols
 * scale values v): every respondent's, or (level not NULL) those whose
 * level[r * stride] is want. */
static void count_into(const qinst *in, size_t j, const int64_t *v, int nv, double *tab_row,
                       const int *level, size_t stride, int want)
{
    for (size_t r = 0; r < in->n; r++) {
        double x = in->val[r * in->n_items + j];
        if (isnan(x) || (level && level[r * stride] != want))
            continue;
        for (int k = 0; k < nv; k++)
            if ((double)v[k] == x)
                tab_row[k]++;
    }
}

static int is_categorical(int type)
{
    return pv_item_is_likert(type) || type == PV_ITEM_YESNO || type == PV_ITEM_CHOICE;
}

/* Same item asked in several instruments: answers by group. */
static void items_by_group(qctx *q, test_list *l)
{
    const pv_vtable *it = &q->items;
    for (size_t i = 0; i < it->n; i++) {
        const char *id = pv_vtable_str(it, i, ITM_ID);
        size_t first = i, rows[MAX_SCALE], nin = 0, inst[64], pos[64];
        int64_t v[MAX_SCALE];
        int same_scale = 1;
        for (size_t h = 0; h < i && first == i; h++) /* first occurrence only */
            if (strcmp(pv_vtable_str(it, h, ITM_ID), id) == 0)
                first = h;
        if (first != i || !is_categorical(item_type(q, i)))
            continue;
        for (size_t k = 0; k < q->n_inst && nin < 64; k++)
            for (size_t j = 0; j < q->inst[k].n_items; j++)
                if (strcmp(item_str(q, q->inst[k].item[j], ITM_ID), id) == 0) {
                    same_scale &= strcmp(item_str(q, q->inst[k].item[j], ITM_SCALE),
                                         item_str(q, i, ITM_SCALE)) == 0;
                    inst[nin] = k, pos[nin++] = j;
                }
        if (nin < 2)
            continue;
        test_row *t = test_add(l);
        snprintf(t->family, sizeof t->family, "items_by_group");
        snprintf(t->target, sizeof t->target, "%s", id);
        if (!same_scale) {
            t->test = "chisq";
            snprintf(t->note, sizeof t->note, "not compared: the groups answered on different scales");
            continue;
        }
        int nv = scale_values(q, item_str(q, i, ITM_SCALE), v, rows, MAX_SCALE);
        double *tab = pv_xcalloc(nin * (size_t)nv + 1, sizeof *tab);
        for (size_t g = 0; g < nin; g++)
            count_into(&q->inst[inst[g]], pos[g], v, nv, tab + g * (size_t)nv, NULL, 0, 0);
        chisq_into(q, t, (size_t)(t - l->v), tab, nin, (size_t)nv);
        free(tab);
        unsigned char hid[64];
        for (size_t g = 0; g < nin; g++)
            hid[g] = q->inst[inst[g]].hidden[pos[g]];
        if (pv_suppress_derived(hid, nin))
            test_hide(t);
    }
}

/* The respondents with a score among x[0..n-1] (NAN: not scored). */
static size_t n_scored(const double *x, size_t n)
{
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        m += !isnan(x[r]);
    return m;
}

/* A construct scored in several instruments: scores by group. */
static void constructs_by_group(qctx *q, const score_book *sb, test_list *l)
{
    for (int c = 0; c < sb->nc; c++) {
        size_t ng = 0, n = 0;
        for (size_t k = 0; k < q->n_inst; k++)
            if (sb->scores[k][c])
                ng++, n += q->inst[k].n;
        if (ng < 2)
            continue;
        double *x = pv_xnmalloc(n + 1, sizeof *x);
        size_t *g = pv_xnmalloc(n + 1, sizeof *g), m = 0, gi = 0;
        test_row *t = test_add(l);
        for (size_t k = 0; k < q->n_inst; k++) {
            if (!sb->scores[k][c])
                continue;
            for (size_t r = 0; r < q->inst[k].n; r++)
                x[m] = sb->scores[k][c][r], g[m++] = gi;
            gi++;
        }
        snprintf(t->family, sizeof t->family, "constructs_by_group");
        snprintf(t->target, sizeof t->target, "%s", pv_codes_code(&q->codes, "construct", c));
        kruskal_into(t, x, g, m, ng);
        /* n is the sum of the groups' n scored: hidden with any of them */
        for (size_t k = 0; k < q->n_inst; k++)
            if (sb->scores[k][c] && ((sb->hide[k][c] & HIDE_TESTS) ||
                                     small(q, (long)n_scored(sb->scores[k][c], q->inst[k].n)))) {
                test_hide(t);
                break;
            }
        free(x), free(g);
    }
}

/* The chi-square of item j of instrument in (a categorical item) by the
 * levels lev[r * stride] (0..nlev-1, -1: left out) of its respondents: a
 * new row of family `family` in l. */
static test_row *item_chisq(qctx *q, test_list *l, const qinst *in, size_t j, const int *lev,
                            size_t stride, int nlev, const char *family)
{
    size_t item = in->item[j], rows[MAX_SCALE];
    int64_t v[MAX_SCALE];
    int nv = scale_values(q, item_str(q, item, ITM_SCALE), v, rows, MAX_SCALE);
    double *tab = pv_xcalloc((size_t)nlev * (size_t)nv + 1, sizeof *tab);
    test_row *t = test_add(l);
    for (int g = 0; g < nlev; g++)
        count_into(in, j, v, nv, tab + (size_t)g * (size_t)nv, lev, stride, g);
    snprintf(t->family, sizeof t->family, "%s", family);
    snprintf(t->target, sizeof t->target, "%s", item_str(q, item, ITM_ID));
    snprintf(t->instrument, sizeof t->instrument, "%s", ins_id(q, in));
    chisq_into(q, t, (size_t)(t - l->v), tab, (size_t)nlev, (size_t)nv);
    free(tab);
    return t;
}

/* Within an instrument that records regions: answers and scores by region. */
static void by_region(qctx *q, const score_book *sb, test_list *l)
{
    int nreg = pv_codes_count(&q->codes, "region");
    for (size_t k = 0; k < q->n_inst; k++) {
        qinst *in = &q->inst[k];
        if (!in->has_region)
            continue;
        for (size_t j = 0; j < in->n_items; j++)
            if (is_categorical(item_type(q, in->item[j])))
                item_chisq(q, l, in, j, in->region, 1, nreg, "items_by_region");
        for (int c = 0; c < sb->nc; c++) {
            if (!sb->scores[k][c])
                continue;
            size_t *g = pv_xnmalloc(in->n + 1, sizeof *g);
            double *x = pv_xnmalloc(in->n + 1, sizeof *x);
            size_t m = 0;
            test_row *t = test_add(l);
            for (size_t r = 0; r < in->n; r++)
                if (in->region[r] >= 0)
                    x[m] = sb->scores[k][c][r], g[m++] = (size_t)in->region[r];
            snprintf(t->family, sizeof t->family, "constructs_by_region");
            snprintf(t->target, sizeof t->target, "%s", pv_codes_code(&q->codes, "construct", c));
            snprintf(t->instrument, sizeof t->instrument, "%s", ins_id(q, in));
            kruskal_into(t, x, g, m, (size_t)nreg);
            free(g), free(x);
        }
    }
}

/* Adjust the p-values of each family (families in order of first
 * appearance). */
static void adjust(qctx *q, test_list *l)
{
    double *p = pv_xnmalloc(l->n + 1, sizeof *p);
    size_t *at = pv_xnmalloc(l->n + 1, sizeof *at);
    for (size_t f = 0; f < l->n; f++) {
        size_t m = 0, seen = 0;
        for (size_t i = 0; i < f && !seen; i++)
            seen = strcmp(l->v[i].family, l->v[f].family) == 0;
        if (seen)
            continue;
        for (size_t i = f; i < l->n; i++)
            if (strcmp(l->v[i].family, l->v[f].family) == 0)
                p[m] = l->v[i].p, at[m++] = i;
        if (m && pv_p_adjust(p, m, q->padj, p) == PV_QS_OK)
            for (size_t i = 0; i < m; i++)
                l->v[at[i]].padj = p[i];
    }
    free(p);
    free(at);
}

/* A rank test of x[0..n-1] (NAN: missing) by level[r * stride] (-1:
 * missing, left out): Mann–Whitney when two levels occur, Kruskal–Wallis
 * otherwise. */
static void rank_test_into(test_row *t, const double *x0, const int *level, size_t stride,
                           size_t n, int nlev)
{
    size_t *g = pv_xnmalloc(n + 1, sizeof *g), m = 0, used[2] = {0, 0}, nused = 0;
    double *x = pv_xnmalloc(n + 1, sizeof *x);
    unsigned char *present = pv_xcalloc((size_t)nlev + 1, 1);
    for (size_t r = 0; r < n; r++)
        if (level[r * stride] >= 0 && !isnan(x0[r])) {
            x[m] = x0[r], g[m++] = (size_t)level[r * stride];
            present[level[r * stride]] = 1;
        }
    for (int h = 0; h < nlev; h++)
        if (present[h] && nused++ < 2)
            used[nused - 1] = (size_t)h;
    if (nused == 2) { /* two groups: the rank-sum test, with its effect size */
        for (size_t i = 0; i < m; i++)
            g[i] = g[i] == used[1];
        mannwhitney_into(t, x, g, m);
    } else {
        kruskal_into(t, x, g, m, (size_t)nlev);
    }
    free(g), free(x), free(present);
}

static void left_out_note(const qctx *q, const qinst *in, size_t a, const char *name,
                          char *buf, size_t size);
static void attribute_counts(const qctx *q, const qinst *in, size_t a, int nlev, long *count,
                             unsigned char *flag);

/* Whether questionnaire_attributes.csv hides the number of respondents of
 * instrument in without attribute a.  A test by the attribute leaves them
 * out: its n is then the instrument's answers less theirs, and its
 * statistic with its effect size gives n too (epsilon² = H/(n − 1),
 * V² = X²/(N·(min(r, c) − 1)), r = z/√n); p with df gives the statistic.
 * Such tests are withheld, as a hidden test is (docs/METHODS.md). */
static int left_out_hidden(const qctx *q, const qinst *in, size_t a, int nlev)
{
    long *count = pv_xcalloc((size_t)nlev + 2, sizeof *count);
    unsigned char *flag = pv_xcalloc((size_t)nlev + 2, 1);
    attribute_counts(q, in, a, nlev, count, flag);
    int hidden = count[nlev] && flag[nlev];
    free(count), free(flag);
    return hidden;
}

/* Within an instrument whose responses have attribute a: answers and
 * scores by the attribute's codes (chi-square; Kruskal–Wallis, or
 * Mann–Whitney when two codes occur: one test per construct, so that a
 * family holds each comparison once).  Respondents without the attribute are left out
 * of the tests and counted in the note. */
static void by_attribute(qctx *q, const score_book *sb, test_list *l, size_t a)
{
    const char *name = pv_vtable_str(&q->attrs, a, ATT_ID);
    int nlev = pv_codes_count(&q->codes, name);
    for (size_t k = 0; k < q->n_inst; k++) {
        qinst *in = &q->inst[k];
        const int *lev = in->attr + a;
        size_t stride = q->n_attr;
        if (!in->has_attr[a])
            continue;
        char left[160], why[256];
        left_out_note(q, in, a, name, left, sizeof left);
        int withhold = left_out_hidden(q, in, a, nlev);
        snprintf(why, sizeof why, "the number of respondents without %s is hidden and the "
                 "test would give it (small cells)", name);
        char family[160];
        snprintf(family, sizeof family, "items_by_attribute_%s", name);
        for (size_t j = 0; j < in->n_items; j++) {
            size_t item = in->item[j];
            if (!is_categorical(item_type(q, item)))
                continue;
            test_row *t = item_chisq(q, l, in, j, lev, stride, nlev, family);
            if (in->hidden[j])
                test_hide(t);
            else if (withhold)
                test_withhold(t, why);
            note_add(t, left);
            if (pv_item_is_likert(item_type(q, item))) { /* ordinal: a rank test too */
                double *x = pv_xnmalloc(in->n + 1, sizeof *x);
                for (size_t r = 0; r < in->n; r++)
                    x[r] = in->val[r * in->n_items + j];
                t = test_add(l);
                snprintf(t->family, sizeof t->family, "items_ranks_by_attribute_%s", name);
                snprintf(t->target, sizeof t->target, "%s", item_str(q, item, ITM_ID));
                snprintf(t->instrument, sizeof t->instrument, "%s", ins_id(q, in));
                rank_test_into(t, x, lev, stride, in->n, nlev);
                if (in->hidden[j])
                    test_hide(t);
                else if (withhold)
                    test_withhold(t, why);
                note_add(t, left);
                free(x);
            }
        }
        for (int c = 0; c < sb->nc; c++) {
            if (!sb->scores[k][c])
                continue;
            test_row *t = test_add(l);
            snprintf(t->family, sizeof t->family, "constructs_by_attribute_%s", name);
            snprintf(t->target, sizeof t->target, "%s", pv_codes_code(&q->codes, "construct", c));
            snprintf(t->instrument, sizeof t->instrument, "%s", ins_id(q, in));
            rank_test_into(t, sb->scores[k][c], lev, stride, in->n, nlev);
            if (sb->hide[k][c] & HIDE_TESTS)
                test_hide(t);
            else if (withhold)
                test_withhold(t, why);
            note_add(t, left);
        }
    }
}

/* Every test of questionnaire_tests.csv into l, in the file's order. */
static void build_tests(qctx *q, const score_book *sb, test_list *l)
{
    items_by_group(q, l);
    constructs_by_group(q, sb, l);
    by_region(q, sb, l);
    for (size_t a = 0; a < q->n_attr; a++)
        if (pv_vtable_val(&q->attrs, a, ATT_COMPARE).i == 1)
            by_attribute(q, sb, l, a);
}

static int write_tests(qctx *q, const score_book *sb)
{
    test_list l = {0};
    char path[4096];
    pv_csvw w;
    /* the Fisher tables side by side (fisher_jobs), then the tests again
     * with their results; a withheld test's table is not computed (its
     * row shows nothing of it) */
    fisher_jobs fj = {FJ_COLLECT, NULL, 0, 0, 0};
    q->fj = &fj;
    build_tests(q, sb, &l);
    for (size_t i = 0; i < fj.n; i++)
        fj.v[i].skip = l.v[fj.v[i].test].test == NULL;
    pv_par_for(fj.n, fisher_job_run, &fj);
    fj.mode = FJ_REPLAY;
    l.n = 0;
    build_tests(q, sb, &l);
    q->fj = NULL;
    fisher_jobs_free(&fj);
    adjust(q, &l);
    snprintf(path, sizeof path, "%s/questionnaire_tests.csv", q->out);
    pv_csvw_open(&w, path, q->err);
    pv_csvw_header(&w, tests_cols, TS_NCOLS);
    for (size_t i = 0; i < l.n; i++) {
        const test_row *t = &l.v[i];
        pv_csvw_str(&w, t->family);
        pv_csvw_str(&w, t->target);
        pv_csvw_str(&w, t->instrument);
        pv_csvw_str(&w, t->test);
        pv_csvw_num(&w, t->n);
        pv_csvw_num(&w, t->stat);
        pv_csvw_num(&w, t->df);
        pv_csvw_num(&w, t->p);
        pv_csvw_num(&w, t->padj);
        pv_csvw_str(&w, pv_padjust_name(q->padj));
        pv_csvw_str(&w, t->effect_name);
        pv_csvw_num(&w, t->effect);
        pv_csvw_str(&w, t->note);
        pv_csvw_end(&w);
    }
    free(l.v);
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Correlations between construct scores                              */
/* ------------------------------------------------------------------ */

enum { CR_INSTRUMENT, CR_CONSTRUCT_A, CR_CONSTRUCT_B, CR_N, CR_RHO, CR_STATISTIC, CR_DF, CR_P,
       CR_P_ADJUSTED, CR_ADJUSTMENT, CR_NOTE, CR_NCOLS };
static const char *const correlations_cols[CR_NCOLS] = {
    [CR_INSTRUMENT] = "instrument_id", [CR_CONSTRUCT_A] = "construct_a",
    [CR_CONSTRUCT_B] = "construct_b", [CR_N] = "n", [CR_RHO] = "rho",
    [CR_STATISTIC] = "statistic", [CR_DF] = "df", [CR_P] = "p", [CR_P_ADJUSTED] = "p_adjusted",
    [CR_ADJUSTMENT] = "adjustment", [CR_NOTE] = "note"};

typedef struct {
    size_t k;
    int a, b;
    pv_spearman s;
    double padj;
    char note[128];
} corr_row;

/* questionnaire_correlations.csv: Spearman's rho between the scores of
 * every two constructs of an instrument (respondents scored on both), p
 * adjusted over the table (one family).  Not shown when fewer than the
 * small-cell threshold have both scores, or when a score's statistics are
 * hidden (the correlation would be one more equation on them). */
static int write_correlations(qctx *q, const score_book *sb)
{
    char path[4096];
    pv_csvw w;
    corr_row *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t k = 0; k < q->n_inst; k++)
        for (int a = 0; a < sb->nc; a++)
            for (int b = a + 1; b < sb->nc; b++) {
                const double *x = sb->scores[k][a], *y = sb->scores[k][b];
                if (!x || !y)
                    continue;
                pv_xgrow((void **)&v, &cap, n + 1, sizeof *v);
                corr_row *c = &v[n++];
                memset(c, 0, sizeof *c);
                c->k = k, c->a = a, c->b = b, c->padj = NAN;
                pv_qs_status st = pv_spearman_test(x, y, q->inst[k].n, &c->s);
                if ((sb->hide[k][a] | sb->hide[k][b]) & HIDE_STATS || small(q, (long)c->s.n) ||
                    (long)c->s.n < q->cfg.threshold) {
                    c->s.rho = c->s.statistic = c->s.p = NAN;
                    snprintf(c->note, sizeof c->note, "not shown: fewer respondents than the "
                             "small-cell threshold, or a score statistic is hidden");
                } else if (st != PV_QS_OK) {
                    snprintf(c->note, sizeof c->note, "not computed: %s", pv_qs_status_str(st));
                }
            }
    double *p = pv_xnmalloc(n + 1, sizeof *p);
    for (size_t i = 0; i < n; i++)
        p[i] = v[i].s.p;
    if (n && pv_p_adjust(p, n, q->padj, p) == PV_QS_OK)
        for (size_t i = 0; i < n; i++)
            v[i].padj = p[i];
    free(p);
    snprintf(path, sizeof path, "%s/questionnaire_correlations.csv", q->out);
    pv_csvw_open(&w, path, q->err);
    pv_csvw_header(&w, correlations_cols, CR_NCOLS);
    for (size_t i = 0; i < n; i++) {
        const corr_row *c = &v[i];
        pv_csvw_str(&w, ins_id(q, &q->inst[c->k]));
        pv_csvw_str(&w, pv_codes_code(&q->codes, "construct", c->a));
        pv_csvw_str(&w, pv_codes_code(&q->codes, "construct", c->b));
        small(q, (long)c->s.n) ? pv_csvw_str(&w, NULL) : pv_csvw_int(&w, (long long)c->s.n);
        pv_csvw_num(&w, c->s.rho);
        pv_csvw_num(&w, isinf(c->s.statistic) ? NAN : c->s.statistic);
        pv_csvw_num(&w, isnan(c->s.rho) ? NAN : (double)c->s.n - 2);
        pv_csvw_num(&w, c->s.p);
        pv_csvw_num(&w, c->padj);
        pv_csvw_str(&w, pv_padjust_name(q->padj));
        pv_csvw_str(&w, c->note);
        pv_csvw_end(&w);
    }
    free(v);
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Respondent attributes                                              */
/* ------------------------------------------------------------------ */

enum { QA_INSTRUMENT, QA_ATTRIBUTE, QA_VALUE, QA_LABEL_FR, QA_LABEL_EN, QA_RESPONDENTS,
       QA_SHARE, QA_SUPPRESSED, QA_NCOLS };
static const char *const attributes_cols[QA_NCOLS] = {
    [QA_INSTRUMENT] = "instrument_id", [QA_ATTRIBUTE] = "attribute", [QA_VALUE] = "value",
    [QA_LABEL_FR] = "label_fr", [QA_LABEL_EN] = "label_en", [QA_RESPONDENTS] = "respondents",
    [QA_SHARE] = "share", [QA_SUPPRESSED] = "suppressed"};

/* The respondents of instrument in by the codes of attribute a (count[0..
 * nlev-1]) and without it (count[nlev]), with their small-cell flags: the
 * counts sum to the instrument's respondents, one relation of the rule. */
static void attribute_counts(const qctx *q, const qinst *in, size_t a, int nlev, long *count,
                             unsigned char *flag)
{
    int *id = pv_xnmalloc((size_t)nlev + 2, sizeof *id);
    pv_sdc sdc = {0};
    for (int h = 0; h <= nlev; h++)
        count[h] = 0;
    for (size_t r = 0; r < in->n; r++) {
        int v = in->attr[r * q->n_attr + a];
        count[v >= 0 ? v : nlev]++;
    }
    for (int h = 0; h <= nlev; h++)
        id[h] = pv_sdc_cell(&sdc, count[h]);
    pv_sdc_relation(&sdc, id, nlev + 1, pv_sdc_cell(&sdc, (long)in->n));
    pv_sdc_solve(&sdc, q->cfg.threshold);
    for (int h = 0; h <= nlev; h++)
        flag[h] = small(q, (long)in->n) ? PV_CELL_PRIMARY : pv_sdc_flag(&sdc, id[h]);
    pv_sdc_free(&sdc);
    free(id);
}

/* The note of a test that leaves out the respondents without attribute
 * `name`: their number, as questionnaire_attributes.csv shows it, or
 * none when that table hides it (small cells: the note must not give
 * it away). */
static void left_out_note(const qctx *q, const qinst *in, size_t a, const char *name,
                          char *buf, size_t size)
{
    int nlev = pv_codes_count(&q->codes, name);
    long *count = pv_xcalloc((size_t)nlev + 2, sizeof *count);
    unsigned char *flag = pv_xcalloc((size_t)nlev + 2, 1);
    attribute_counts(q, in, a, nlev, count, flag);
    if (!count[nlev])
        snprintf(buf, size, "%s", "");
    else if (flag[nlev])
        snprintf(buf, size, "respondents without %s left out (their number hidden: small cells)", name);
    else
        snprintf(buf, size, "%ld respondents without %s left out", count[nlev], name);
    free(count), free(flag);
}

/* questionnaire_attributes.csv (datasets with attributes.csv): per
 * instrument and attribute its responses have, the respondents of each
 * code and, value empty, those without it (missing is counted, never
 * dropped unseen).  The counts sum to the instrument's respondents: one
 * relation of the small-cell rule. */
static int write_attributes(qctx *q)
{
    char path[4096];
    pv_csvw w;
    if (!q->attrs.raw.name)
        return 0;
    snprintf(path, sizeof path, "%s/questionnaire_attributes.csv", q->out);
    pv_csvw_open(&w, path, q->err);
    pv_csvw_header(&w, attributes_cols, QA_NCOLS);
    for (size_t k = 0; k < q->n_inst; k++)
        for (size_t a = 0; a < q->n_attr; a++) {
            const qinst *in = &q->inst[k];
            const char *name = pv_vtable_str(&q->attrs, a, ATT_ID);
            int nlev = pv_codes_count(&q->codes, name);
            if (!in->has_attr[a])
                continue;
            long *count = pv_xcalloc((size_t)nlev + 2, sizeof *count);
            unsigned char *flag = pv_xcalloc((size_t)nlev + 2, 1);
            attribute_counts(q, in, a, nlev, count, flag);
            for (int h = 0; h <= nlev; h++) {
                unsigned char f = flag[h];
                char sup[64] = "";
                pv_suppress_mark(sup, sizeof sup, attributes_cols[QA_RESPONDENTS], f);
                pv_csvw_str(&w, ins_id(q, in));
                pv_csvw_str(&w, name);
                pv_csvw_str(&w, h < nlev ? pv_codes_code(&q->codes, name, h) : NULL);
                pv_csvw_str(&w, h < nlev ? pv_codes_label(&q->codes, name, h, PV_LANG_FR) : NULL);
                pv_csvw_str(&w, h < nlev ? pv_codes_label(&q->codes, name, h, PV_LANG_EN) : NULL);
                f ? pv_csvw_str(&w, NULL) : pv_csvw_int(&w, count[h]);
                pv_csvw_num(&w, f || !in->n ? NAN : (double)count[h] / (double)in->n);
                pv_csvw_str(&w, sup);
                pv_csvw_end(&w);
            }
            free(count), free(flag);
        }
    return pv_csvw_close(&w);
}

/* ------------------------------------------------------------------ */
/* Response rates                                                     */
/* ------------------------------------------------------------------ */

/* The small-cell flags (PV_CELL_*) of an instrument's invited and
 * respondents: invited = respondents + non-respondents, one relation of
 * the rule (docs/METHODS.md, "Response rates").  The non-respondents are a
 * count of people the table never shows, so they are hidden from the start
 * (primary when small; otherwise unknown to a reader once the respondents
 * are hidden, else computable and not small).  The respondents are in
 * every row of questionnaire_items.csv, hidden there only when small: the
 * complement is invited (marked as the count that repeats the others, so
 * the rule picks it first). */
static void rate_flags(const qctx *q, const qinst *in, unsigned char *f_invited,
                       unsigned char *f_resp)
{
    int64_t invited = pv_vtable_val(&q->ins, in->row, INS_INVITED).i;
    long n = (long)in->n, rest = (long)(invited - (int64_t)in->n);
    pv_sdc s = {0};
    *f_invited = *f_resp = small(q, n) ? PV_CELL_PRIMARY : PV_CELL_SHOWN;
    if (invited < 0 || rest < 0) { /* no rate: invited is shown as given */
        *f_invited = PV_CELL_SHOWN;
        return;
    }
    int cell[2] = {pv_sdc_cell(&s, n), pv_sdc_cell(&s, rest)};
    int total = pv_sdc_cell(&s, (long)invited);
    pv_sdc_repeat(&s, total);
    s.flag[cell[1]] = small(q, rest) ? PV_CELL_PRIMARY
                    : small(q, n) ? PV_CELL_COMPLEMENTARY : PV_CELL_SHOWN;
    pv_sdc_relation(&s, cell, 2, total);
    pv_sdc_solve(&s, q->cfg.threshold);
    *f_resp = pv_sdc_flag(&s, cell[0]);
    *f_invited = pv_sdc_flag(&s, total);
    pv_sdc_free(&s);
}

/* The response rate of an instrument and its interval (NAN when not
 * shown, *note says why).  Resampling the respondents keeps their number,
 * so the replicates repeat it. */
static double response_rate(const qctx *q, const qinst *in, double *lo, double *hi,
                            const char **note)
{
    int64_t invited = pv_vtable_val(&q->ins, in->row, INS_INVITED).i;
    unsigned char f_invited, f_resp;
    rate_flags(q, in, &f_invited, &f_resp);
    *lo = *hi = NAN;
    *note = "";
    if (invited < 0)
        *note = "number invited not given";
    else if ((int64_t)in->n > invited)
        *note = "more respondents than people invited: check instruments.csv";
    else if (f_invited || f_resp) /* with them, its denominator or its count */
        *note = "not shown: a count below the small-cell threshold";
    else
        return pv_wilson((long)in->n, (long)invited, 0.95, lo, hi);
    return NAN;
}

static int write_rates(qctx *q)
{
    char path[4096], id[256], label[512];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/questionnaire_response_rates.csv", q->out);
    pv_csvw_open(&w, path, q->err);
    pv_csvw_header(&w, pv_qn_rates_cols, PV_QR_NCOLS);
    for (size_t k = 0; k < q->n_inst; k++) {
        const qinst *in = &q->inst[k];
        int64_t invited = pv_vtable_val(&q->ins, in->row, INS_INVITED).i;
        double lo, hi;
        const char *note;
        char sup[128] = "";
        unsigned char f_invited, f_resp;
        double rate = response_rate(q, in, &lo, &hi, &note);
        rate_flags(q, in, &f_invited, &f_resp);
        pv_suppress_mark(sup, sizeof sup, pv_qn_rates_cols[PV_QR_INVITED], f_invited);
        pv_suppress_mark(sup, sizeof sup, pv_qn_rates_cols[PV_QR_RESPONDENTS], f_resp);
        pv_csvw_str(&w, ins_id(q, in));
        pv_csvw_str(&w, pv_codes_code(&q->codes, "group", in->group));
        invited >= 0 && !f_invited ? pv_csvw_int(&w, invited) : pv_csvw_str(&w, NULL);
        f_resp ? pv_csvw_str(&w, NULL) : pv_csvw_int(&w, (long long)in->n);
        pv_csvw_num(&w, rate);
        pv_csvw_num(&w, lo);
        pv_csvw_num(&w, hi);
        pv_csvw_str(&w, note);
        pv_csvw_str(&w, sup);
        pv_csvw_end(&w);
        if (invited >= 0) { /* the replicates' condition too */
            rate_id(id, sizeof id, q, in);
            snprintf(label, sizeof label, "%s (%s)",
                     q->cfg.lang == PV_LANG_EN ? "Response rate" : "Taux de réponse",
                     group_label(q, in));
            indicator(q, id, label, f_invited ? -1 : invited, rate, lo, hi, "proportion");
        }
    }
    return pv_csvw_close(&w);
}


/* ------------------------------------------------------------------ */
/* Bootstrap replicates of the indicators                             */
/* ------------------------------------------------------------------ */

/* 1 when the answer counts as positive (top-2-box, yes), 0 when not, NAN
 * when missing; for the items that have a positive share. */
static int positive_flags(const qctx *q, const qinst *in, size_t j, double *flag)
{
    size_t item = in->item[j], rows[MAX_SCALE];
    int64_t v[MAX_SCALE];
    unsigned char top[MAX_SCALE], bottom[MAX_SCALE];
    int type = item_type(q, item);
    if (type == PV_ITEM_NUMBER || type == PV_ITEM_TEXT)
        return 0;
    int nv = scale_values(q, item_str(q, item, ITM_SCALE), v, rows, MAX_SCALE);
    if (!nv || !(item_boxes(q, item, v, rows, nv, top, bottom) & 1))
        return 0;
    for (size_t r = 0; r < in->n; r++) {
        double x = in->val[r * in->n_items + j];
        flag[r] = isnan(x) ? NAN : 0;
        for (int k = 0; k < nv && !isnan(x); k++)
            if ((double)v[k] == x)
                flag[r] = top[k];
    }
    return 1;
}

/* The replicates of the questionnaires: a stratum per instrument, whose
 * units are its respondents.  A respondent's row (replicates.h): per item
 * with a positive share, valid and positive (0 or 1); per construct with
 * scores, scored (0 or 1), then the score's bits, so that respondents with
 * different scores are different patterns (the sums of the bits are not
 * used: the scores of a pattern are those of its first respondent). */
typedef struct {
    qctx *q;
    const score_book *sb;
    int **item_col;   /* [k][j]: column of item j's valid count; -1: no positive share */
    int **score_col;  /* [k][c]: column of construct c's scored count; -1: no scores */
    double ***xs;     /* [k][c]: the score of each pattern */
    long *acc;
} qrep;

/* The rows of instrument k into `units`; returns the row width. */
static size_t replicate_units(qrep *r, size_t k, pv_boot_units *units)
{
    const qinst *in = &r->q->inst[k];
    int nc = r->sb->nc;
    size_t width = 0, n = in->n;
    double *flag = pv_xnmalloc(n + 1, sizeof *flag);
    r->item_col[k] = pv_xnmalloc(in->n_items + 1, sizeof **r->item_col);
    r->score_col[k] = pv_xnmalloc((size_t)nc + 1, sizeof **r->score_col);
    r->xs[k] = pv_xcalloc((size_t)nc + 1, sizeof **r->xs);
    for (size_t j = 0; j < in->n_items; j++) { /* two columns per item, three per construct */
        r->item_col[k][j] = positive_flags(r->q, in, j, flag) ? (int)width : -1;
        width += r->item_col[k][j] >= 0 ? 2 : 0;
    }
    for (int c = 0; c < nc; c++) {
        r->score_col[k][c] = r->sb->scores[k][c] ? (int)width : -1;
        width += r->score_col[k][c] >= 0 ? 3 : 0;
    }
    uint32_t *row = pv_xcalloc(pv_xmul(n, width) + 1, sizeof *row);
    for (size_t j = 0; j < in->n_items; j++) {
        if (r->item_col[k][j] < 0)
            continue;
        positive_flags(r->q, in, j, flag);
        for (size_t i = 0; i < n; i++) {
            uint32_t *v = row + i * width + r->item_col[k][j];
            v[0] = !isnan(flag[i]), v[1] = !isnan(flag[i]) && flag[i] != 0;
        }
    }
    for (int c = 0; c < nc; c++) {
        const double *score = r->sb->scores[k][c];
        for (size_t i = 0; score && i < n; i++) {
            uint32_t *v = row + i * width + r->score_col[k][c];
            double x = isnan(score[i]) ? NAN : score[i]; /* one NAN */
            v[0] = !isnan(x);
            memcpy(v + 1, &x, sizeof x);
        }
    }
    pv_boot_units_init(units, row, n, width); /* takes row */
    for (int c = 0; c < nc; c++) {
        const double *score = r->sb->scores[k][c];
        if (!score)
            continue;
        r->xs[k][c] = pv_xnmalloc(units->np + 1, sizeof ***r->xs);
        for (size_t p = 0; p < units->np; p++)
            r->xs[k][c][p] = score[units->first[p]];
    }
    free(flag);
    return width;
}

/* Replicate b of instrument k: its positive shares, construct scores and
 * response rate, with the publication rules of the tables. */
static void replicate_instrument(void *vp, pv_csvw *w, long b, size_t k, const pv_boot_units *u)
{
    qrep *r = vp;
    qctx *q = r->q;
    const qinst *in = &q->inst[k];
    const score_book *sb = r->sb;
    long *acc = r->acc;
    char id[256];
    pv_boot_sum(u, acc);
    for (size_t j = 0; j < in->n_items; j++) {
        int col = r->item_col[k][j];
        if (col < 0)
            continue;
        long valid = acc[col], pos = acc[col + 1];
        double lo = NAN, hi = NAN, p = NAN;
        if (!in->pos_hidden[j] && valid >= q->cfg.threshold && !small(q, pos) &&
            !small(q, valid - pos)) /* hidden in the table: hidden here */
            p = pv_wilson(pos, valid, 0.95, &lo, &hi);
        pv_replicate(w, b, positive_id(id, sizeof id, q, in, in->item[j]), p, lo, hi);
    }
    for (int c = 0; c < sb->nc; c++) {
        int col = r->score_col[k][c];
        double lo = NAN, hi = NAN, m = NAN;
        if (col < 0)
            continue;
        if (acc[col] >= q->cfg.threshold && !(sb->hide[k][c] & HIDE_STATS))
            m = pv_boot_mean_ci_t(r->xs[k][c], u->w, u->np, 0.95, &lo, &hi);
        pv_replicate(w, b, score_id(id, sizeof id, q, in, c), m, lo, hi);
    }
    if (pv_vtable_val(&q->ins, in->row, INS_INVITED).i >= 0) {
        const char *note;
        double lo, hi, rate = response_rate(q, in, &lo, &hi, &note);
        pv_replicate(w, b, rate_id(id, sizeof id, q, in), rate, lo, hi);
    }
}

/* Resample the respondents of each instrument (with replacement, as many
 * as there are) and recompute the positive shares and construct scores,
 * with the publication rules of the tables; response rates repeat. */
static int write_replicates(qctx *q, const score_book *sb)
{
    char path[4096];
    size_t ni = q->n_inst, width = 0;
    qrep r = {.q = q, .sb = sb};
    pv_boot_units *units = pv_xcalloc(ni + 1, sizeof *units);
    r.item_col = pv_xcalloc(ni + 1, sizeof *r.item_col);
    r.score_col = pv_xcalloc(ni + 1, sizeof *r.score_col);
    r.xs = pv_xcalloc(ni + 1, sizeof *r.xs);
    for (size_t k = 0; k < ni && q->cfg.replicates > 0; k++) {
        size_t wk = replicate_units(&r, k, &units[k]);
        width = wk > width ? wk : width;
    }
    r.acc = pv_xcalloc(width + 1, sizeof *r.acc);
    snprintf(path, sizeof path, "%s/indicators_questionnaire_replicates.csv", q->out);
    int st = pv_boot_run(path, q->cfg.replicates, q->cfg.seed + PV_SEED_QUESTIONNAIRE, units,
                         ni, replicate_instrument, &r, q->err);
    for (size_t k = 0; k < ni; k++) {
        for (int c = 0; r.xs[k] && c < sb->nc; c++)
            free(r.xs[k][c]);
        free(r.item_col[k]), free(r.score_col[k]), free(r.xs[k]);
        pv_boot_units_free(&units[k]);
    }
    free(units), free(r.item_col), free(r.score_col), free(r.xs), free(r.acc);
    return st;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                        */
/* ------------------------------------------------------------------ */

static void qctx_free(qctx *q)
{
    for (size_t k = 0; q->inst && k < q->n_inst; k++) {
        free(q->inst[k].item), free(q->inst[k].region);
        free(q->inst[k].hidden), free(q->inst[k].pos_hidden);
        free(q->inst[k].val), free(q->inst[k].why);
        free(q->inst[k].attr), free(q->inst[k].has_attr);
    }
    free(q->inst);
    pv_vtable_free(&q->ans);
    pv_vtable_free(&q->resp);
    pv_vtable_free(&q->attrs);
    pv_vtable_free(&q->rattrs);
    pv_vtable_free(&q->items);
    pv_vtable_free(&q->scales);
    pv_vtable_free(&q->ins);
    pv_codes_free(&q->codes);
    pv_config_free(&q->cfg);
}

/* questionnaire_effects.csv (effects.c): Hedges' g of every construct
 * between every two groups that score it, and within an instrument between
 * every two codes of a compared attribute that occur. */
static int write_effects(qctx *q, const score_book *sb)
{
    char path[4096], family[160], left[160];
    pv_effects e;
    snprintf(path, sizeof path, "%s/questionnaire_effects.csv", q->out);
    pv_effects_open(&e, path, q->cfg.threshold, q->err);
    for (int c = 0; c < sb->nc; c++)
        for (size_t k1 = 0; k1 < q->n_inst; k1++)
            for (size_t k2 = k1 + 1; k2 < q->n_inst && sb->scores[k1][c]; k2++) {
                const qinst *i1 = &q->inst[k1], *i2 = &q->inst[k2];
                if (!sb->scores[k2][c])
                    continue;
                double *x = pv_xnmalloc(i1->n + i2->n + 1, sizeof *x);
                int *g = pv_xnmalloc(i1->n + i2->n + 1, sizeof *g);
                memcpy(x, sb->scores[k1][c], i1->n * sizeof *x);
                memcpy(x + i1->n, sb->scores[k2][c], i2->n * sizeof *x);
                for (size_t r = 0; r < i1->n + i2->n; r++)
                    g[r] = r >= i1->n;
                pv_effects_add(&e, "constructs_by_group", pv_codes_code(&q->codes, "construct", c),
                               "", "group", pv_codes_code(&q->codes, "group", i1->group),
                               pv_codes_code(&q->codes, "group", i2->group), x, g, i1->n + i2->n,
                               (sb->hide[k1][c] | sb->hide[k2][c]) & HIDE_STATS, 0, 0, NULL);
                free(x), free(g);
            }
    for (size_t a = 0; a < q->n_attr; a++) {
        const char *name = pv_vtable_str(&q->attrs, a, ATT_ID);
        int nlev = pv_codes_count(&q->codes, name);
        if (pv_vtable_val(&q->attrs, a, ATT_COMPARE).i != 1)
            continue;
        snprintf(family, sizeof family, "constructs_by_attribute_%s", name);
        for (size_t k = 0; k < q->n_inst; k++) {
            const qinst *in = &q->inst[k];
            if (!in->has_attr[a])
                continue;
            unsigned char *seen = pv_xcalloc((size_t)nlev + 1, 1);
            int *g = pv_xnmalloc(in->n + 1, sizeof *g);
            /* The scored respondents of a code copy its respondents when
             * everyone is scored: hidden where questionnaire_attributes.csv
             * hides them (its relation's complementary cell included, so
             * that the codes' n and n scored do not give back the number
             * without the attribute). */
            long *count = pv_xcalloc((size_t)nlev + 2, sizeof *count);
            unsigned char *flag = pv_xcalloc((size_t)nlev + 2, 1);
            attribute_counts(q, in, a, nlev, count, flag);
            for (size_t r = 0; r < in->n; r++) {
                int l = in->attr[r * q->n_attr + a];
                if (l >= 0)
                    seen[l] = 1;
            }
            left_out_note(q, in, a, name, left, sizeof left);
            for (int c = 0; c < sb->nc; c++)
                for (int h1 = 0; h1 < nlev && sb->scores[k][c]; h1++)
                    for (int h2 = h1 + 1; h2 < nlev && seen[h1]; h2++) {
                        if (!seen[h2])
                            continue;
                        for (size_t r = 0; r < in->n; r++) {
                            int l = in->attr[r * q->n_attr + a];
                            g[r] = l == h1 ? 0 : l == h2 ? 1 : -1;
                        }
                        pv_effects_add(&e, family, pv_codes_code(&q->codes, "construct", c),
                                       ins_id(q, in), name, pv_codes_code(&q->codes, name, h1),
                                       pv_codes_code(&q->codes, name, h2), sb->scores[k][c], g,
                                       in->n, sb->hide[k][c] & HIDE_STATS, flag[h1], flag[h2],
                                       left);
                    }
            free(seen), free(g), free(count), free(flag);
        }
    }
    return pv_effects_close(&e);
}

/* Whether two instruments score one construct (questionnaire_effects.csv
 * then has rows of family constructs_by_group). */
static int shared_construct(const qctx *q)
{
    size_t pos[256];
    double lo[256], hi[256];
    for (int c = 0; c < pv_codes_count(&q->codes, "construct"); c++) {
        int m = 0;
        for (size_t k = 0; k < q->n_inst; k++)
            m += q->inst[k].n_items <= 256 && construct_items(q, &q->inst[k], c, pos, lo, hi) > 0;
        if (m >= 2)
            return 1;
    }
    return 0;
}

/* figures_questionnaire.csv: a figure catalogue (data/README.md,
 * "figures.csv") made from the instruments alone, so that a new dataset has
 * its questionnaire figures on its first run: for each instrument, the
 * answers to its Likert items, its construct scores and their Cronbach's
 * alpha, labelled with the instrument's title; and, when two instruments
 * score a construct, the effect sizes between groups.  The
 * figures stage draws it among the defaults (config.csv default_figures). */
/* The response rates of every instrument (response_rates), eight a
 * figure (a catalogue row's most series), labelled with their titles. */
static void rates_figures(const qctx *q, pv_csvw *w)
{
    for (size_t k0 = 0, part = 1; k0 < q->n_inst; k0 += 8, part++) {
        GString *ser = g_string_new(NULL), *l[2] = {g_string_new(NULL), g_string_new(NULL)};
        for (size_t k = k0; k < q->n_inst && k < k0 + 8; k++) {
            g_string_append_printf(ser, "%s%s", k > k0 ? ";" : "", ins_id(q, &q->inst[k]));
            for (int g = 0; g < 2; g++) { /* a title in one language stands for both */
                const char *t = pv_vtable_str(&q->ins, q->inst[k].row, g ? INS_TITLE_EN : INS_TITLE_FR);
                if (!*t)
                    t = pv_vtable_str(&q->ins, q->inst[k].row, g ? INS_TITLE_FR : INS_TITLE_EN);
                char *c = g_strdup(t);
                g_strdelimit(c, ";", ','); /* ';' separates series labels */
                g_string_append_printf(l[g], "%s%s", k > k0 ? ";" : "", c);
                g_free(c);
            }
        }
        char fig[64];
        snprintf(fig, sizeof fig, q->n_inst > 8 ? "q_response_rates_%zu" : "q_response_rates", part);
        const char *row[] = {fig, "response_rates", "questionnaire_response_rates.csv", ser->str,
                             l[0]->str, l[1]->str, "none", "none", "Taux de réponse par questionnaire",
                             "Response rate by questionnaire",
                             "Taux de réponse et intervalle de confiance à 95 %",
                             "Response rate with its 95% confidence interval", "Taux de réponse",
                             "Response rate", "", "", "", "", ""};
        for (size_t c = 0; c < PV_NCOLS(row); c++)
            pv_csvw_str(w, row[c]);
        pv_csvw_end(w);
        g_string_free(ser, TRUE), g_string_free(l[0], TRUE), g_string_free(l[1], TRUE);
    }
}

static int default_figures(qctx *q)
{
    static const char *const cols[] = {
        "figure", "kind", "data", "series", "series_fr", "series_en", "labels", "sort",
        "title_fr", "title_en", "subtitle_fr", "subtitle_en", "axis_fr", "axis_en",
        "source_fr", "source_en", "axis_min", "axis_max", "subset"};
    /* per instrument; the scores and alpha of one instrument show every
     * construct (a figure of several instruments shows the ones they share) */
    static const struct {
        const char *prefix, *kind, *data, *what[2], *sub[2], *axis[2];
    } figs[] = {
        {"q_likert_", "likert", "questionnaire_distribution.csv", {"réponses", "answers"},
         {"Part des réponses à chaque énoncé", "Share of answers to each statement"},
         {"Part des réponses", "Share of answers"}},
        {"q_scores_", "scores", "questionnaire_constructs.csv",
         {"scores par dimension", "scores by construct"},
         {"Moyenne et intervalle à 95 %", "Mean with its 95% interval"}, {"Score", "Score"}},
        {"q_alpha_", "alpha", "questionnaire_constructs.csv",
         {"fidélité des dimensions", "reliability of the constructs"},
         {"Alpha de Cronbach et intervalle à 95 %", "Cronbach's alpha with its 95% interval"},
         {"Alpha de Cronbach", "Cronbach's alpha"}},
    };
    char path[4096];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/figures_questionnaire.csv", q->out);
    pv_csvw_open(&w, path, q->err);
    pv_csvw_header(&w, cols, PV_NCOLS(cols));
    for (size_t k = 0; k < q->n_inst; k++) {
        const char *id = ins_id(q, &q->inst[k]), *t[2];
        for (int l = 0; l < 2; l++) {
            t[l] = pv_vtable_str(&q->ins, q->inst[k].row, l ? INS_TITLE_EN : INS_TITLE_FR);
            if (!*t[l]) /* a dataset in one language */
                t[l] = pv_vtable_str(&q->ins, q->inst[k].row, l ? INS_TITLE_FR : INS_TITLE_EN);
        }
        char sfr[512], sen[512];
        for (int l = 0; l < 2; l++) { /* ';' separates series labels */
            char *c = g_strdup(t[l]);
            g_strdelimit(c, ";", ',');
            snprintf(l ? sen : sfr, sizeof sfr, "%s", c);
            g_free(c);
        }
        for (size_t f = 0; f < PV_NCOLS(figs); f++) {
            char fig[512], tfr[1024], ten[1024];
            snprintf(fig, sizeof fig, "%s%s", figs[f].prefix, id);
            snprintf(tfr, sizeof tfr, "%s : %s", sfr, figs[f].what[0]);
            snprintf(ten, sizeof ten, "%s: %s", sen, figs[f].what[1]);
            const char *row[] = {fig, figs[f].kind, figs[f].data, id, sfr, sen, "none", "none",
                                 tfr, ten, figs[f].sub[0], figs[f].sub[1], figs[f].axis[0],
                                 figs[f].axis[1], "", "", "", "", ""};
            for (size_t c = 0; c < PV_NCOLS(row); c++)
                pv_csvw_str(&w, row[c]);
            pv_csvw_end(&w);
        }
    }
    rates_figures(q, &w);
    if (shared_construct(q)) { /* the effect sizes between groups (effects.c) */
        const char *row[] = {"q_effects_by_group", "forest", "questionnaire_effects.csv",
                             "constructs_by_group", "g de Hedges", "Hedges' g", "none", "none",
                             "Écarts de scores entre groupes", "Score differences between groups",
                             "g de Hedges et intervalle de confiance à 95 % (g > 0 : le premier "
                             "groupe nommé a le score le plus élevé)",
                             "Hedges' g with its 95% confidence interval (g > 0: the first group "
                             "named scores higher)", "g de Hedges", "Hedges' g", "", "", "", "", ""};
        for (size_t c = 0; c < PV_NCOLS(row); c++)
            pv_csvw_str(&w, row[c]);
        pv_csvw_end(&w);
    }
    return pv_csvw_close(&w);
}

int pv_questionnaire_run(const char *in, const char *out, pv_err *err)
{
    qctx q;
    pv_rejects rej = {0};
    score_book sb = {0};
    char path[4096];
    memset(&q, 0, sizeof q);
    q.out = out;
    q.err = err;
    snprintf(path, sizeof path, "%s/figures_questionnaire.csv", out);
    unlink(path); /* an earlier run's, when the dataset has lost its questionnaires */
    if (load(&q, in, &rej) == 0) {
        q.padj = (pv_padjust_method)q.cfg.p_adjust;
        snprintf(path, sizeof path, "%s/indicators_questionnaire.csv", out);
        pv_indicators_open(&q.ind, path, err);
        write_items(&q);
        write_constructs(&q, &sb);
        write_tests(&q, &sb);
        write_effects(&q, &sb);
        write_attributes(&q);
        write_correlations(&q, &sb);
        write_rates(&q);
        write_replicates(&q, &sb);
        pv_csvw_close(&q.ind);
        if (q.n_inst)
            default_figures(&q);
    }
    score_book_free(&q, &sb);
    qctx_free(&q);
    pv_rejects_free(&rej);
    return err->status;
}
