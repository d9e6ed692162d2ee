/* qdata.c — questionnaire files into checked answers (see qdata.h). */
#include "qdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "codes.h"
#include "csvout.h"
#include "value.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ */
/* Schemas                                                            */
/* ------------------------------------------------------------------ */

static const pv_colspec instruments_cols[INS_NCOLS] = {
    [INS_ID] = {"instrument_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [INS_GROUP] = {"group", PV_COL_CODE, "group", 0, 0, 0, NULL},
    /* texts: one language at least (pv_label_check; data/README.md, "Languages") */
    [INS_TITLE_FR] = {"title_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [INS_TITLE_EN] = {"title_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [INS_RESPONSES] = {"responses", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [INS_MAPPING] = {"mapping", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [INS_INVITED] = {"invited", PV_COL_INT, NULL, 0, 100000000, PV_MAY_BE_EMPTY, NULL},
};
static const pv_colspec items_cols[ITM_NCOLS] = {
    [ITM_INSTRUMENT] = {"instrument_id", PV_COL_REF, "instruments", 0, 0, 0, NULL},
    [ITM_ID] = {"item_id", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [ITM_CONSTRUCT] = {"construct", PV_COL_CODE, "construct", 0, 0, PV_MAY_BE_EMPTY, NULL},
    [ITM_TYPE] = {"type", PV_COL_ENUM, PV_ITEM_TYPES, 0, 0, 0, NULL},
    [ITM_SCALE] = {"scale", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [ITM_REVERSE] = {"reverse", PV_COL_YESNO, NULL, 0, 0, 0, NULL},
    [ITM_LABEL_FR] = {"label_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [ITM_LABEL_EN] = {"label_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
};
static const pv_colspec scales_cols[SCL_NCOLS] = {
    [SCL_ID] = {"scale_id", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [SCL_VALUE] = {"value", PV_COL_INT, NULL, -1000000, 1000000, 0, NULL},
    [SCL_LABEL_FR] = {"label_fr", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [SCL_LABEL_EN] = {"label_en", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [SCL_MISSING] = {"missing", PV_COL_CODE, "missing", 0, 0, PV_MAY_BE_EMPTY, NULL},
    [SCL_NEUTRAL] = {"neutral", PV_COL_YESNO, NULL, 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
    [SCL_BOX] = {"box", PV_COL_ENUM, "top|bottom", 0, 0, PV_MAY_BE_EMPTY | PV_OPTIONAL, NULL},
};
const pv_q_file pv_q_files[PV_Q_NTABLES] = {
    [PV_Q_INSTRUMENTS] = {"instruments.csv", "instruments", instruments_cols,
                          PV_NCOLS(instruments_cols)},
    [PV_Q_ITEMS] = {"items.csv", "items", items_cols, PV_NCOLS(items_cols)},
    [PV_Q_SCALES] = {"scales.csv", "scales", scales_cols, PV_NCOLS(scales_cols)},
};

static const pv_colspec respondents_cols[RSP_NCOLS] = {
    [RSP_INSTRUMENT] = {"instrument_id", PV_COL_REF, "instruments", 0, 0, 0, NULL},
    [RSP_ID] = {"respondent_id", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [RSP_REGION] = {"region", PV_COL_CODE, "region", 0, 0, PV_MAY_BE_EMPTY, NULL},
};
static const pv_colspec answers_cols[ANS_NCOLS] = {
    [ANS_INSTRUMENT] = {"instrument_id", PV_COL_REF, "instruments", 0, 0, 0, NULL},
    [ANS_RESPONDENT] = {"respondent_id", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [ANS_ITEM] = {"item_id", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [ANS_VALUE] = {"value", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    [ANS_MISSING] = {"missing", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
};
const pv_q_file pv_q_long_files[PV_Q_NLONG] = {
    [PV_Q_RESPONDENTS] = {"respondents.csv", "respondents", respondents_cols,
                          PV_NCOLS(respondents_cols)},
    [PV_Q_ANSWERS] = {"answers.csv", "answers", answers_cols, PV_NCOLS(answers_cols)},
};

static const pv_colspec attributes_cols[ATT_NCOLS] = {
    [ATT_ID] = {"attribute", PV_COL_ID, NULL, 0, 0, 0, NULL},
    [ATT_LABEL_FR] = {"label_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [ATT_LABEL_EN] = {"label_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    [ATT_COMPARE] = {"compare", PV_COL_YESNO, NULL, 0, 0, 0, NULL},
};
static const pv_colspec resp_attributes_cols[RAT_NCOLS] = {
    [RAT_INSTRUMENT] = {"instrument_id", PV_COL_REF, "instruments", 0, 0, 0, NULL},
    [RAT_RESPONDENT] = {"respondent_id", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [RAT_ATTRIBUTE] = {"attribute", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    [RAT_VALUE] = {"value", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
};
const pv_q_file pv_q_attributes_file = {"attributes.csv", "attributes", attributes_cols,
                                        PV_NCOLS(attributes_cols)};
const pv_q_file pv_q_resp_attributes_file = {"respondent_attributes.csv", "respondent_attributes",
                                             resp_attributes_cols, PV_NCOLS(resp_attributes_cols)};

static const pv_colspec mapping_cols[] = {
    {"column", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"target", PV_COL_KEY, NULL, 0, 0, 0, NULL},
};

/* Reasons an answer is missing, besides the dataset's `missing` codes. */
static const char R_NO_ANSWER[] = "no_answer";
static const char R_REJECTED[] = "rejected";
static const char R_USER_MISSING[] = "user_missing";

/* What a column of the responses is: an item (>= 0), or one of these; an
 * attribute a is T_ATTR - a. */
enum { T_UNKNOWN = -1, T_ID = -2, T_REGION = -3, T_IGNORE = -4, T_ATTR = -100 };

/* ------------------------------------------------------------------ */
/* Item types                                                         */
/* ------------------------------------------------------------------ */

const char *pv_item_type_name(int type)
{
    static const char *const names[PV_ITEM_NTYPES] = {
        "likert4", "likert5", "yesno", "choice", "number", "text", "likert", "likert2",
        "likert3", "likert6", "likert7", "likert8", "likert9", "likert10", "likert11"};
    return type >= 0 && type < PV_ITEM_NTYPES ? names[type] : "?";
}

int pv_item_points(int type)
{
    switch (type) {
    case PV_ITEM_LIKERT4: return 4;
    case PV_ITEM_LIKERT5: return 5;
    case PV_ITEM_LIKERT: return 0;
    case PV_ITEM_LIKERT2: return 2;
    case PV_ITEM_LIKERT3: return 3;
    case PV_ITEM_LIKERT6: case PV_ITEM_LIKERT7: case PV_ITEM_LIKERT8: case PV_ITEM_LIKERT9:
    case PV_ITEM_LIKERT10: case PV_ITEM_LIKERT11:
        return 6 + (type - PV_ITEM_LIKERT6);
    default: return -1;
    }
}

int pv_item_is_likert(int type)
{
    return pv_item_points(type) >= 0;
}

/* ------------------------------------------------------------------ */
/* Definitions                                                        */
/* ------------------------------------------------------------------ */

static int scale_exists(const pv_qdata *q, const char *scale)
{
    const pv_vtable *s = &q->t[PV_Q_SCALES];
    for (size_t k = 0; k < s->n; k++)
        if (strcmp(pv_vtable_str(s, k, SCL_ID), scale) == 0)
            return 1;
    return 0;
}

/* The answer values an item type requires of its scale (values without a
 * missing code): likertN 1..N, yesno 0 and 1; *lo = *hi = 0 for the other
 * types (any values; a `likert` item's scale is checked by likert_scale). */
static int type_values(int type, int64_t *lo, int64_t *hi)
{
    int k = pv_item_points(type);
    if (k > 0) {
        *lo = 1, *hi = k;
        return 1;
    }
    if (type == PV_ITEM_YESNO) {
        *lo = 0, *hi = 1;
        return 1;
    }
    *lo = *hi = 0;
    return 0;
}

/* Scales are checked where they are defined: an answer value outside what
 * the items using the scale require (AGREE5,-3 for a likert5 item) rejects
 * that scale row, with the item that requires it; left in, it would shift
 * every distribution and top-box share of the scale's items. */
static void check_scales(pv_qdata *q, pv_rejects *rej)
{
    pv_vtable *sc = &q->t[PV_Q_SCALES];
    const pv_vtable *it = &q->t[PV_Q_ITEMS];
    unsigned char *drop = pv_xcalloc(sc->n + 1, 1);
    char why[256];
    for (size_t k = 0; k < sc->n; k++) {
        int64_t v = pv_vtable_val(sc, k, SCL_VALUE).i, lo, hi;
        const char *id = pv_vtable_str(sc, k, SCL_ID);
        int neutral = pv_vtable_val(sc, k, SCL_NEUTRAL).i == 1;
        int box = (int)pv_vtable_val(sc, k, SCL_BOX).i;
        if (pv_vtable_val(sc, k, SCL_MISSING).i >= 0) {
            /* "don't know", "not applicable": not answers, so in no box
             * and not the neutral point */
            if (neutral || box >= 0)
                pv_vtable_reject(sc, k, neutral ? SCL_NEUTRAL : SCL_BOX,
                                 "a value that is not an answer (missing) is neither the "
                                 "neutral point nor in a box", rej, drop);
            continue;
        }
        if (neutral && box >= 0) {
            pv_vtable_reject(sc, k, SCL_BOX, "the neutral point is in neither box", rej, drop);
            continue;
        }
        for (size_t h = 0; h < k && neutral; h++)
            if (!drop[h] && pv_vtable_val(sc, h, SCL_NEUTRAL).i == 1 &&
                strcmp(pv_vtable_str(sc, h, SCL_ID), id) == 0) {
                snprintf(why, sizeof why, "a second neutral point in scale %s (the first: "
                         "value %lld)", id, (long long)pv_vtable_val(sc, h, SCL_VALUE).i);
                pv_vtable_reject(sc, k, SCL_NEUTRAL, why, rej, drop);
                break;
            }
        for (size_t i = 0; i < it->n && !drop[k]; i++) {
            int type = (int)pv_vtable_val(it, i, ITM_TYPE).i;
            if (!type_values(type, &lo, &hi) || (v >= lo && v <= hi) ||
                strcmp(pv_vtable_str(it, i, ITM_SCALE), pv_vtable_str(sc, k, SCL_ID)))
                continue;
            snprintf(why, sizeof why,
                     "answer value outside %lld..%lld, the values of a %s item (%s:%ld uses "
                     "this scale); a code that is not an answer needs the missing column",
                     (long long)lo, (long long)hi, pv_item_type_name(type), it->raw.name,
                     it->raw.line[it->src[i]]);
            pv_vtable_reject(sc, k, SCL_VALUE, why, rej, drop);
        }
    }
    pv_vtable_compact(sc, drop);
    free(drop);
}

/* Answer values of scale among lo..hi, each once (duplicates are rejected
 * before): the scale has them all when the count is hi - lo + 1. */
static int64_t scale_answers(const pv_qdata *q, const char *scale, int64_t lo, int64_t hi)
{
    const pv_vtable *sc = &q->t[PV_Q_SCALES];
    int64_t n = 0;
    for (size_t k = 0; k < sc->n; k++) {
        int64_t v = pv_vtable_val(sc, k, SCL_VALUE).i;
        n += pv_vtable_val(sc, k, SCL_MISSING).i < 0 && v >= lo && v <= hi &&
             strcmp(pv_vtable_str(sc, k, SCL_ID), scale) == 0;
    }
    return n;
}

/* A `likert` item's scale: its answer values (those without a missing
 * code) are 2 to 11 consecutive integers.  NULL, or why not. */
static const char *likert_scale(const pv_qdata *q, const char *scale)
{
    const pv_vtable *sc = &q->t[PV_Q_SCALES];
    int64_t lo = INT64_MAX, hi = INT64_MIN, n = 0;
    for (size_t k = 0; k < sc->n; k++) {
        int64_t v = pv_vtable_val(sc, k, SCL_VALUE).i;
        if (pv_vtable_val(sc, k, SCL_MISSING).i >= 0 || strcmp(pv_vtable_str(sc, k, SCL_ID), scale))
            continue;
        lo = v < lo ? v : lo, hi = v > hi ? v : hi, n++;
    }
    if (n < PV_SCALE_MIN_POINTS || n > PV_SCALE_MAX_POINTS)
        return "a likert item's scale has 2 to 11 answer values (values without a missing code)";
    if (hi - lo + 1 != n)
        return "a likert item's scale has consecutive answer values (a gap would weigh "
               "the scores unevenly)";
    return NULL;
}

/* Items need a known scale when their type has one. */
static void check_items(pv_qdata *q, pv_rejects *rej)
{
    pv_vtable *it = &q->t[PV_Q_ITEMS];
    unsigned char *drop = pv_xcalloc(it->n + 1, 1);
    pv_vtable_unique2(it, ITM_INSTRUMENT, ITM_ID, "duplicate item in its instrument", rej);
    for (size_t k = 0; k < it->n; k++) {
        int type = (int)pv_vtable_val(it, k, ITM_TYPE).i;
        const char *scale = pv_vtable_str(it, k, ITM_SCALE);
        int needs = type != PV_ITEM_NUMBER && type != PV_ITEM_TEXT;
        if (needs && !*scale)
            pv_vtable_reject(it, k, ITM_SCALE, "this type of item needs a scale", rej, drop);
        else if (*scale && !scale_exists(q, scale))
            pv_vtable_reject(it, k, ITM_SCALE, "no such scale in scales.csv", rej, drop);
        else if (type == PV_ITEM_LIKERT) {
            const char *why = likert_scale(q, scale);
            if (why)
                pv_vtable_reject(it, k, ITM_SCALE, why, rej, drop);
        } else {
            int64_t lo, hi;
            if (type_values(type, &lo, &hi) && scale_answers(q, scale, lo, hi) != hi - lo + 1) {
                char why[160];
                snprintf(why, sizeof why, "the scale lacks some of the answer values %lld..%lld "
                         "of a %s item", (long long)lo, (long long)hi, pv_item_type_name(type));
                pv_vtable_reject(it, k, ITM_SCALE, why, rej, drop);
            }
        }
    }
    pv_vtable_compact(it, drop);
    free(drop);
}

/* The scale row of (scale, value), or -1. */
static long scale_row(const pv_qdata *q, const char *scale, int64_t value)
{
    const pv_vtable *s = &q->t[PV_Q_SCALES];
    for (size_t k = 0; k < s->n; k++)
        if (pv_vtable_val(s, k, SCL_VALUE).i == value &&
            strcmp(pv_vtable_str(s, k, SCL_ID), scale) == 0)
            return (long)k;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Responses: columns                                                 */
/* ------------------------------------------------------------------ */

/* What raw column c stands for, after the mapping. */
static int column_target(const pv_qdata *q, const pv_qinst *in, const char *name,
                         const char **mapped)
{
    const pv_vtable *it = &q->t[PV_Q_ITEMS];
    *mapped = name;
    if (in->has_mapping) {
        long m = pv_vtable_find(&in->mapping, name);
        if (m >= 0)
            *mapped = pv_vtable_str(&in->mapping, (size_t)m, 1);
    }
    if (strcmp(*mapped, "respondent_id") == 0)
        return T_ID;
    if (strcmp(*mapped, "region") == 0)
        return T_REGION;
    if (strcmp(*mapped, "-") == 0)
        return T_IGNORE;
    for (size_t a = 0; a < q->attributes.n; a++)
        if (strcmp(pv_vtable_str(&q->attributes, a, ATT_ID), *mapped) == 0)
            return T_ATTR - (int)a;
    for (size_t i = 0; i < in->n_items; i++)
        if (strcmp(pv_vtable_str(it, in->item[i], ITM_ID), *mapped) == 0)
            return (int)i;
    return T_UNKNOWN;
}

/* Map the header; one reject per problem.  Returns the number of problems. */
static int map_columns(const pv_qdata *q, pv_qinst *in, pv_rejects *rej)
{
    const pv_table *t = &in->raw;
    int bad = 0;
    in->id_col = in->region_col = -1;
    for (size_t i = 0; i < in->n_items; i++)
        in->item_col[i] = -1;
    for (size_t a = 0; a < q->attributes.n; a++)
        in->attr_col[a] = -1;
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *mapped;
        int k = column_target(q, in, t->cols[c], &mapped);
        int *slot = k == T_ID ? &in->id_col : k == T_REGION ? &in->region_col
                  : k >= 0 ? &in->item_col[k] : k <= T_ATTR ? &in->attr_col[T_ATTR - k] : NULL;
        if (k == T_IGNORE)
            continue;
        if (k == T_UNKNOWN || (slot && *slot >= 0)) {
            pv_rejects_add(rej, t->name, 1, (int)c + 1, t->cols[c], mapped,
                           k == T_UNKNOWN ? "unknown column: not an item of the instrument "
                                            "nor an attribute of attributes.csv (map it, or "
                                            "map it to '-' to ignore it)"
                                          : "a second column for the same item or attribute");
            bad++;
            continue;
        }
        *slot = (int)c;
    }
    if (in->id_col < 0) {
        pv_rejects_add(rej, t->name, 1, 0, "respondent_id", "", "missing required column");
        bad++;
    }
    for (size_t i = 0; i < in->n_items; i++)
        if (in->item_col[i] < 0) {
            pv_rejects_add(rej, t->name, 1, 0,
                           pv_vtable_str(&q->t[PV_Q_ITEMS], in->item[i], ITM_ID), "",
                           "missing column for an item of the instrument");
            bad++;
        }
    return bad;
}

/* ------------------------------------------------------------------ */
/* Responses: values                                                  */
/* ------------------------------------------------------------------ */

typedef struct {
    const pv_qdata *q;
    const pv_dataset *d;
    pv_qinst *in;
    pv_rejects *rej;
    size_t numpos;
} vcheck;

/* Check one answer; set *value and *missing.  Returns 0, or 1 when the
 * value was rejected (an entry is in rej). */
static int check_answer(vcheck *x, size_t r, size_t i, const char **value,
                        const char **missing)
{
    const pv_vtable *it = &x->q->t[PV_Q_ITEMS];
    pv_qinst *in = x->in;
    size_t col = (size_t)in->item_col[i], row = in->item[i];
    const char *s = pv_table_get(&in->raw, r, col);
    int type = (int)pv_vtable_val(it, row, ITM_TYPE).i;
    const char *why = NULL;
    char whybuf[160];
    int64_t v;
    double dv;

    *value = "";
    *missing = NULL;
    if (!*s) {
        *missing = R_NO_ANSWER;
        return 0;
    }
    if (type == PV_ITEM_TEXT) {
        *value = s;
        return 0;
    }
    if (type == PV_ITEM_NUMBER) {
        if (pv_parse_dec(s, x->d->cfg.decimal, &dv) == 0) {
            char *buf = in->numbuf + x->numpos;
            snprintf(buf, 32, "%.15g", dv);
            x->numpos += 32;
            *value = buf;
            if (pv_table_flags(&in->raw, r, col) & PV_CELL_USER_MISSING)
                *value = "", *missing = R_USER_MISSING;
            return 0;
        }
        why = x->d->cfg.decimal == '.' && pv_parse_dec(s, ',', &dv) == 0
                  ? "not a number: a decimal comma, and the separator is '.' (set decimal to "
                    "',' in config.csv)"
                  : "not a number";
    } else if (pv_parse_int(s, &v) != 0) {
        why = "not an integer";
    } else {
        const char *scale = pv_vtable_str(it, row, ITM_SCALE);
        long k = scale_row(x->q, scale, v);
        if (k >= 0) {
            const pv_vtable *sc = &x->q->t[PV_Q_SCALES];
            int64_t m = pv_vtable_val(sc, (size_t)k, SCL_MISSING).i;
            if (m >= 0) {
                *missing = pv_codes_code(&x->d->codes, "missing", (int)m);
            } else if (pv_table_flags(&in->raw, r, col) & PV_CELL_USER_MISSING) {
                *missing = R_USER_MISSING;
            } else {
                *value = pv_vtable_str(sc, (size_t)k, SCL_VALUE);
            }
            return 0;
        }
        if (pv_table_flags(&in->raw, r, col) & PV_CELL_USER_MISSING) {
            *missing = R_USER_MISSING; /* declared missing in the .sav only */
            return 0;
        }
        snprintf(whybuf, sizeof whybuf, "not a value of scale %s", scale);
        why = whybuf;
    }
    pv_rejects_add(x->rej, in->raw.name, in->raw.line[r], (int)col + 1,
                   in->raw.cols[col], s, why);
    *missing = R_REJECTED;
    return 1;
}

/* Row-level checks: respondent id and region.  Returns NULL or the
 * reason, with *col the column at fault. */
static const char *check_respondent(vcheck *x, size_t r, GHashTable *seen, int *col,
                                    int *region, char *why, size_t n)
{
    pv_qinst *in = x->in;
    const char *id = pv_table_get(&in->raw, r, (size_t)in->id_col);
    *col = in->id_col;
    *region = -1;
    if (!*id)
        return "empty respondent_id";
    gpointer first = g_hash_table_lookup(seen, id);
    if (first) {
        snprintf(why, n, "duplicate respondent_id (first on line %ld)",
                 (long)GPOINTER_TO_SIZE(first));
        return why;
    }
    g_hash_table_insert(seen, (gpointer)id, GSIZE_TO_POINTER((gsize)in->raw.line[r]));
    if (in->region_col >= 0) {
        const char *reg = pv_table_get(&in->raw, r, (size_t)in->region_col);
        *col = in->region_col;
        if (*reg && (*region = pv_codes_find(&x->d->codes, "region", reg)) < 0)
            return "not a code of list 'region' in codes.csv";
    }
    return NULL;
}

/* A respondent's attributes: each a code of its list, or missing (empty).
 * A value that is no code is rejected as a value (the attribute is then
 * missing) and the respondent kept, as an answer outside its scale. */
static void check_attributes(vcheck *x, size_t r, int *attr)
{
    const pv_vtable *at = &x->q->attributes;
    pv_qinst *in = x->in;
    char why[256];
    for (size_t a = 0; a < at->n; a++) {
        const char *list = pv_vtable_str(at, a, ATT_ID), *s;
        attr[a] = -1;
        if (in->attr_col[a] < 0 || !*(s = pv_table_get(&in->raw, r, (size_t)in->attr_col[a])))
            continue;
        if ((attr[a] = pv_codes_find(&x->d->codes, list, s)) < 0) {
            snprintf(why, sizeof why, "not a code of list '%s' in codes.csv", list);
            pv_rejects_add(x->rej, in->raw.name, in->raw.line[r], in->attr_col[a] + 1,
                           in->raw.cols[in->attr_col[a]], s, why);
            in->values_rejected++;
        }
    }
}

static void check_rows(const pv_qdata *q, const pv_dataset *d, pv_qinst *in,
                       pv_rejects *rej)
{
    size_t nr = in->raw.n_rows, ni = in->n_items;
    vcheck x = {q, d, in, rej, 0};
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    char why[160];
    in->src = pv_xnmalloc(nr + 1, sizeof *in->src);
    in->region = pv_xnmalloc(nr + 1, sizeof *in->region);
    in->attr = pv_xnmalloc(pv_xmul(nr, q->attributes.n) + 1, sizeof *in->attr);
    in->value = pv_xnmalloc(pv_xmul(nr, ni) + 1, sizeof *in->value);
    in->missing = pv_xnmalloc(pv_xmul(nr, ni) + 1, sizeof *in->missing);
    in->numbuf = pv_xmalloc(pv_xmul(pv_xmul(nr, ni), 32) + 1);
    for (size_t r = 0; r < nr; r++) {
        int col, region;
        const char *bad = check_respondent(&x, r, seen, &col, &region, why, sizeof why);
        if (bad) {
            pv_rejects_add(rej, in->raw.name, in->raw.line[r], col + 1,
                           in->raw.cols[col], pv_table_get(&in->raw, r, (size_t)col), bad);
            in->n_rejected++;
            continue;
        }
        in->src[in->n] = r;
        in->region[in->n] = region;
        check_attributes(&x, r, in->attr + in->n * q->attributes.n);
        for (size_t i = 0; i < ni; i++)
            in->values_rejected += (size_t)check_answer(&x, r, i, &in->value[in->n * ni + i],
                                                         &in->missing[in->n * ni + i]);
        in->n++;
    }
    g_hash_table_destroy(seen);
}

/* ------------------------------------------------------------------ */
/* Loading                                                            */
/* ------------------------------------------------------------------ */

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Mapping targets are checked in the mapping file, where the error is: a
 * target is respondent_id, region, '-' (ignored) or an item of the
 * instrument.  A rejected row leaves its column unmapped (then an unknown
 * column of the responses). */
static void check_mapping(const pv_qdata *q, pv_qinst *in, pv_rejects *rej)
{
    const pv_vtable *it = &q->t[PV_Q_ITEMS];
    const char *ins = pv_vtable_str(&q->t[PV_Q_INSTRUMENTS], in->inst, INS_ID);
    unsigned char *drop = pv_xcalloc(in->mapping.n + 1, 1);
    char why[256];
    for (size_t m = 0; m < in->mapping.n; m++) {
        const char *target = pv_vtable_str(&in->mapping, m, 1);
        int known = !strcmp(target, "respondent_id") || !strcmp(target, "region") ||
                    !strcmp(target, "-") || pv_vtable_find(&q->attributes, target) >= 0;
        for (size_t i = 0; i < in->n_items && !known; i++)
            known = strcmp(pv_vtable_str(it, in->item[i], ITM_ID), target) == 0;
        if (!known) {
            snprintf(why, sizeof why, "not an item of instrument %s in items.csv (nor "
                     "respondent_id, region, an attribute of attributes.csv, or '-' to "
                     "ignore the column)", ins);
            pv_vtable_reject(&in->mapping, m, 1, why, rej, drop);
        }
    }
    pv_vtable_compact(&in->mapping, drop);
    free(drop);
}

static int load_instrument(pv_qdata *q, const pv_dataset *d, size_t k, const char *dir,
                           const pv_vctx *ctx, pv_rejects *rej, pv_err *err)
{
    const pv_vtable *ins = &q->t[PV_Q_INSTRUMENTS], *it = &q->t[PV_Q_ITEMS];
    pv_qinst *in = &q->inst[k];
    char path[4096];
    struct stat sb;
    pv_err ferr = {0};
    int st;

    in->inst = k;
    in->item = pv_xnmalloc(it->n + 1, sizeof *in->item);
    in->item_col = pv_xnmalloc(it->n + 1, sizeof *in->item_col);
    in->attr_col = pv_xnmalloc(q->attributes.n + 1, sizeof *in->attr_col);
    for (size_t i = 0; i < it->n; i++)
        if ((size_t)pv_vtable_val(it, i, ITM_INSTRUMENT).i == k)
            in->item[in->n_items++] = i;
    const char *map = pv_vtable_str(ins, k, INS_MAPPING);
    if (*map) {
        snprintf(path, sizeof path, "%s/%s", dir, map);
        if ((st = pv_vtable_load(&in->mapping, "mapping", mapping_cols, PV_NCOLS(mapping_cols),
                                 path, path, ctx, rej, err)))
            return st;
        in->has_mapping = 1;
        check_mapping(q, in, rej);
    }
    snprintf(path, sizeof path, "%s/%s", dir, pv_vtable_str(ins, k, INS_RESPONSES));
    if (stat(path, &sb) != 0) { /* a dataset without the file it names: refused, not fatal */
        long line = ins->raw.line[ins->src[k]];
        char why[512];
        snprintf(why, sizeof why, "responses file not found: %s", path);
        pv_rejects_add(rej, ins->raw.name, line, ins->map[INS_RESPONSES] + 1, "responses",
                       pv_vtable_str(ins, k, INS_RESPONSES), why);
        in->refused = 1;
        return 0;
    }
    st = ends_with(path, ".sav") ? pv_sav_read(&in->raw, path, path, &q->labels, rej, &ferr)
                                 : pv_table_read(&in->raw, path, path, &ctx->opts, rej, &ferr);
    in->n_read = in->raw.n_read;
    if (st == PV_EXIT_IO)
        return pv_err_set(err, st, "%s", ferr.msg);
    if (st || map_columns(q, in, rej)) {
        for (size_t r = 0; !st && r < in->raw.n_rows; r++)
            pv_rejects_add(rej, in->raw.name, in->raw.line[r], 0, "", "",
                           "file refused: its header (line 1) is not usable");
        in->refused = 1;
        in->n_rejected = in->n_read;
        return 0;
    }
    in->n_rejected = in->raw.n_bad;
    check_rows(q, d, in, rej);
    return 0;
}

/* An attribute is a code list of codes.csv, named unlike the columns the
 * responses already have (respondent_id, region, an item). */
static void check_attributes_file(pv_qdata *q, const pv_dataset *d, pv_rejects *rej)
{
    pv_vtable *at = &q->attributes;
    const pv_vtable *it = &q->t[PV_Q_ITEMS];
    unsigned char *drop = pv_xcalloc(at->n + 1, 1);
    for (size_t a = 0; a < at->n; a++) {
        const char *name = pv_vtable_str(at, a, ATT_ID), *why = NULL;
        if (!strcmp(name, "respondent_id") || !strcmp(name, "region") || !strcmp(name, "-"))
            why = "a name the responses already use (respondent_id, region, '-')";
        else if (pv_codes_count(&d->codes, name) <= 0)
            why = "no code list of that name in codes.csv (its values are codes)";
        for (size_t i = 0; i < it->n && !why; i++)
            if (!strcmp(pv_vtable_str(it, i, ITM_ID), name))
                why = "an item has this name: a column of the responses would be both";
        if (why)
            pv_vtable_reject(at, a, ATT_ID, why, rej, drop);
    }
    pv_vtable_compact(at, drop);
    free(drop);
}

int pv_qdata_load(pv_qdata *q, const char *dir, const pv_dataset *d,
                  pv_rejects *rej, pv_err *err)
{
    pv_vtable *tabs[1];
    pv_vctx ctx = {0};
    char path[4096];
    struct stat sb;
    int st;

    memset(q, 0, sizeof *q);
    snprintf(path, sizeof path, "%s/%s", dir, pv_q_files[PV_Q_INSTRUMENTS].file);
    if (stat(path, &sb) != 0)
        return 0; /* no questionnaires in this dataset */
    q->present = 1;
    ctx = pv_dataset_vctx(d);
    tabs[0] = &q->t[PV_Q_INSTRUMENTS];
    ctx.tables = tabs;
    for (int i = 0; i < PV_Q_NTABLES; i++) {
        const pv_q_file *f = &pv_q_files[i];
        snprintf(path, sizeof path, "%s/%s", dir, f->file);
        ctx.ntables = i == PV_Q_ITEMS ? 1 : 0; /* items refer to instruments */
        if ((st = pv_vtable_load(&q->t[i], f->name, f->cols, f->ncols, path, path, &ctx,
                                 rej, err)))
            return st;
        if (i == PV_Q_INSTRUMENTS) /* before the items refer to its kept rows */
            pv_label_check(&q->t[i], INS_TITLE_FR, INS_TITLE_EN,
                           "no title: title_fr or title_en (one language at least)", rej);
    }
    snprintf(path, sizeof path, "%s/%s", dir, pv_q_attributes_file.file);
    if (stat(path, &sb) == 0) {
        const pv_q_file *f = &pv_q_attributes_file;
        q->has_attributes = 1;
        if ((st = pv_vtable_load(&q->attributes, f->name, f->cols, f->ncols, path, path, &ctx,
                                 rej, err)))
            return st;
        check_attributes_file(q, d, rej);
    }
    pv_vtable_unique2(&q->t[PV_Q_SCALES], SCL_ID, SCL_VALUE, "duplicate value in its scale", rej);
    pv_label_check(&q->t[PV_Q_SCALES], SCL_LABEL_FR, SCL_LABEL_EN,
                   "no label: label_fr or label_en (one language at least)", rej);
    check_scales(q, rej);
    check_items(q, rej);
    pv_label_check(&q->t[PV_Q_ITEMS], ITM_LABEL_FR, ITM_LABEL_EN,
                   "no label: label_fr or label_en (one language at least)", rej);
    q->n_inst = q->t[PV_Q_INSTRUMENTS].n;
    q->inst = pv_xcalloc(q->n_inst + 1, sizeof *q->inst);
    for (size_t k = 0; k < q->n_inst; k++)
        if ((st = load_instrument(q, d, k, dir, &ctx, rej, err)))
            return st;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Clean output                                                       */
/* ------------------------------------------------------------------ */

static int write_answers(const pv_qdata *q, const char *dir, pv_err *err)
{
    const pv_vtable *ins = &q->t[PV_Q_INSTRUMENTS], *it = &q->t[PV_Q_ITEMS];
    char path[4096];
    pv_csvw w, wr;
    const pv_q_file *fa = &pv_q_long_files[PV_Q_ANSWERS], *fr = &pv_q_long_files[PV_Q_RESPONDENTS];
    snprintf(path, sizeof path, "%s/%s", dir, fa->file);
    pv_csvw_open(&w, path, err);
    snprintf(path, sizeof path, "%s/%s", dir, fr->file);
    pv_csvw_open(&wr, path, err);
    pv_colspec_header(&w, fa->cols, fa->ncols);
    pv_colspec_header(&wr, fr->cols, fr->ncols);
    for (size_t k = 0; k < q->n_inst; k++) {
        const pv_qinst *in = &q->inst[k];
        const char *iid = pv_vtable_str(ins, in->inst, INS_ID);
        for (size_t r = 0; r < in->n; r++) {
            const char *rid = pv_table_get(&in->raw, in->src[r], (size_t)in->id_col);
            pv_csvw_str(&wr, iid);
            pv_csvw_str(&wr, rid);
            pv_csvw_str(&wr, in->region_col >= 0
                                 ? pv_table_get(&in->raw, in->src[r], (size_t)in->region_col) : "");
            pv_csvw_end(&wr);
            for (size_t i = 0; i < in->n_items; i++) {
                pv_csvw_str(&w, iid);
                pv_csvw_str(&w, rid);
                pv_csvw_str(&w, pv_vtable_str(it, in->item[i], ITM_ID));
                pv_csvw_str(&w, in->value[r * in->n_items + i]);
                pv_csvw_str(&w, in->missing[r * in->n_items + i]);
                pv_csvw_end(&w);
            }
        }
    }
    int a = pv_csvw_close(&w), b = pv_csvw_close(&wr);
    return a ? a : b;
}

/* respondent_attributes.csv: one row per respondent and attribute its
 * instrument's responses have (value empty when missing). */
static int write_attributes(const pv_qdata *q, const char *dir, pv_err *err)
{
    const pv_vtable *ins = &q->t[PV_Q_INSTRUMENTS], *at = &q->attributes;
    const pv_q_file *f = &pv_q_resp_attributes_file;
    char path[4096];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/%s", dir, f->file);
    pv_csvw_open(&w, path, err);
    pv_colspec_header(&w, f->cols, f->ncols);
    for (size_t k = 0; k < q->n_inst; k++) {
        const pv_qinst *in = &q->inst[k];
        for (size_t r = 0; r < in->n; r++)
            for (size_t a = 0; a < at->n; a++) {
                if (in->attr_col[a] < 0)
                    continue;
                int v = in->attr[r * at->n + a];
                pv_csvw_str(&w, pv_vtable_str(ins, in->inst, INS_ID));
                pv_csvw_str(&w, pv_table_get(&in->raw, in->src[r], (size_t)in->id_col));
                pv_csvw_str(&w, pv_vtable_str(at, a, ATT_ID));
                pv_csvw_str(&w, v >= 0 ? pv_table_get(&in->raw, in->src[r], (size_t)in->attr_col[a])
                                       : NULL);
                pv_csvw_end(&w);
            }
    }
    return pv_csvw_close(&w);
}

static int write_labels(const pv_qdata *q, const char *dir, pv_err *err)
{
    static const char *const labels_cols[] = {"variable", "value", "label"};
    char path[4096];
    pv_csvw w;
    snprintf(path, sizeof path, "%s/sav_labels.csv", dir);
    pv_csvw_open(&w, path, err);
    pv_csvw_header(&w, labels_cols, PV_NCOLS(labels_cols));
    for (size_t i = 0; i < q->labels.n; i++)
        pv_csvw_row(&w, q->labels.v[i].variable, q->labels.v[i].value,
                    q->labels.v[i].label, NULL);
    return pv_csvw_close(&w);
}

int pv_qdata_write_clean(const pv_qdata *q, const char *dir, pv_err *err)
{
    char path[4096];
    if (!q->present)
        return 0;
    for (int i = 0; i < PV_Q_NTABLES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, pv_q_files[i].file);
        pv_vtable_write(&q->t[i], path, err);
    }
    write_answers(q, dir, err);
    write_labels(q, dir, err);
    if (q->has_attributes) {
        snprintf(path, sizeof path, "%s/%s", dir, pv_q_attributes_file.file);
        pv_vtable_write(&q->attributes, path, err);
        write_attributes(q, dir, err);
    }
    return err->status;
}

void pv_qdata_free(pv_qdata *q)
{
    if (!q)
        return;
    for (size_t k = 0; k < q->n_inst; k++) {
        pv_qinst *in = &q->inst[k];
        pv_table_free(&in->raw);
        pv_vtable_free(&in->mapping);
        free(in->item), free(in->item_col), free(in->src), free(in->region);
        free(in->attr_col), free(in->attr);
        free(in->value), free(in->missing), free(in->numbuf);
    }
    free(q->inst);
    for (int i = 0; i < PV_Q_NTABLES; i++)
        pv_vtable_free(&q->t[i]);
    pv_vtable_free(&q->attributes);
    pv_sav_labels_free(&q->labels);
    memset(q, 0, sizeof *q);
}
