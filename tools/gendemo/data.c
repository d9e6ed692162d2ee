/* data.c — the generator's data files (tools/gendemo/data/, described in
 * its README.md), read with the project's CSV reader and checked.
 *
 * Each file has a column spec (schema.h): types, ranges, code lists, ids,
 * references to files read before.  Then the rules that span files: the
 * lists the generator gives a meaning to hold the codes it knows; the
 * territories and regions match the pilot's published figures; every item,
 * export column, template code and slot exists and fits.  Every problem is
 * a message file:line:column, all of them are printed, and the program
 * stops (exit 1) before writing anything.
 */
#include "gendemo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

demo_data D;

static pv_rejects rej;

/* ======================================================================
 * The files and their columns
 * ====================================================================== */

enum {
    T_MONTHS, T_AGES, T_TERRITORIES, T_SCALES, T_ITEM_BANK, T_INSTRUMENTS,
    T_CONSTRUCT_MEANS, T_ITEM_USES, T_EXPORT, T_COMMENTS, T_CODEBOOK, T_THEME_WEIGHTS,
    T_SLOTS, T_TEMPLATES, T_PRIVACY, N_TABLES
};

#define DEC_MAX 1000000
#define SHARE 0, 1 /* range of a share */

static const pv_colspec months_cols[] = {
    {"month", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"weight", PV_COL_DEC, NULL, 0, DEC_MAX, 0, NULL},
};
static const pv_colspec ages_cols[] = { /* the last age is the oldest child's */
    {"age", PV_COL_INT, NULL, 0, 120, 0, NULL},
    {"weight", PV_COL_DEC, NULL, 0, DEC_MAX, 0, NULL},
};
static const pv_colspec territories_cols[] = {
    {"territory_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"name", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"region", PV_COL_CODE, "region", 0, 0, 0, NULL},
    {"carrier", PV_COL_CODE, "carrier", 0, 0, 0, NULL},
};
static const pv_colspec scales_cols[] = {
    {"scale_id", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"value", PV_COL_INT, NULL, 0, 99, 0, NULL},
    {"label_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"label_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"missing", PV_COL_CODE, "missing", 0, 0, PV_MAY_BE_EMPTY, NULL},
};
static const pv_colspec item_bank_cols[] = {
    {"item_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"construct", PV_COL_CODE, "construct", 0, 0, PV_MAY_BE_EMPTY, NULL},
    {"type", PV_COL_ENUM, ITEM_TYPE_WORDS, 0, 0, 0, NULL},
    {"scale", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    {"reverse", PV_COL_YESNO, NULL, 0, 0, 0, NULL},
    {"shift", PV_COL_DEC, NULL, -100, 100, 0, NULL},
    {"mean_count", PV_COL_DEC, NULL, 0, DEC_MAX, PV_MAY_BE_EMPTY, NULL},
    {"label_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"label_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
};
static const pv_colspec instruments_cols[] = {
    {"instrument_id", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"group", PV_COL_CODE, "group", 0, 0, 0, NULL},
    {"title_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"title_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"responses", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"written_as", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"mapping", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    {"invited", PV_COL_INT, NULL, 1, DEC_MAX, PV_MAY_BE_EMPTY, NULL},
    {"respondents", PV_COL_INT, NULL, 1, DEC_MAX, 0, NULL},
    {"has_region", PV_COL_YESNO, NULL, 0, 0, 0, NULL},
    {"spread", PV_COL_DEC, NULL, 0, 100, 0, NULL},
    {"no_answer", PV_COL_DEC, NULL, SHARE, 0, NULL},
    {"comment_share", PV_COL_DEC, NULL, SHARE, 0, NULL},
};
static const pv_colspec construct_means_cols[] = {
    {"instrument_id", PV_COL_REF, "instruments", 0, 0, 0, NULL},
    {"construct", PV_COL_CODE, "construct", 0, 0, 0, NULL},
    {"mean", PV_COL_DEC, NULL, -100, 100, 0, NULL},
};
static const pv_colspec item_uses_cols[] = {
    {"instrument_id", PV_COL_REF, "instruments", 0, 0, 0, NULL},
    {"item_id", PV_COL_REF, "item_bank", 0, 0, 0, NULL},
    {"dont_know", PV_COL_DEC, NULL, SHARE, 0, NULL},
    {"not_applicable", PV_COL_DEC, NULL, SHARE, 0, NULL},
};
static const pv_colspec export_cols[] = {
    {"instrument_id", PV_COL_REF, "instruments", 0, 0, 0, NULL},
    {"column", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"target", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"page", PV_COL_INT, NULL, 0, 100, 0, NULL},
};
static const pv_colspec comments_cols[] = {
    {"instrument_id", PV_COL_REF, "instruments", 0, 0, 0, NULL},
    {"tone", PV_COL_ENUM, "praise|critique", 0, 0, 0, NULL},
    {"lang", PV_COL_ENUM, "fr|en", 0, 0, 0, NULL},
    {"text", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
};
static const pv_colspec codebook_cols[] = {
    {"code", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"parent", PV_COL_KEY, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    {"label_fr", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"label_en", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"valence", PV_COL_ENUM, VALENCE_WORDS, 0, 0, 0, NULL},
    {"description", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
};
/* One column per group, named by its code, in the order of enum group. */
static const pv_colspec theme_weights_cols[] = {
    {"theme", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"PARENT", PV_COL_DEC, NULL, 0, DEC_MAX, 0, NULL},
    {"WORKER", PV_COL_DEC, NULL, 0, DEC_MAX, 0, NULL},
    {"MANAGER", PV_COL_DEC, NULL, 0, DEC_MAX, 0, NULL},
    {"PARTNER", PV_COL_DEC, NULL, 0, DEC_MAX, 0, NULL},
};
static const pv_colspec slots_cols[] = {
    {"slot", PV_COL_KEY, NULL, 0, 0, 0, NULL},
    {"groups", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"agree", PV_COL_ENUM, AGREEMENT_WORDS, 0, 0, 0, NULL},
    {"feminine", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
    {"masculine", PV_COL_TEXT, NULL, 0, 0, PV_MAY_BE_EMPTY, NULL},
};
static const pv_colspec templates_cols[] = {
    {"groups", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"core", PV_COL_INT, NULL, 1, MAX_EXCERPT_CODES, 0, NULL},
    {"codes", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
    {"region", PV_COL_CODE, "region", 0, 0, PV_MAY_BE_EMPTY, NULL},
    {"text", PV_COL_TEXT, NULL, 0, 0, 0, NULL},
};
static const pv_colspec privacy_cols[] = {
    {"term", PV_COL_ID, NULL, 0, 0, 0, NULL},
    {"kind", PV_COL_ENUM, "name|place", 0, 0, 0, NULL},
};

#define SPEC(t, name, cols) [t] = {name, cols, sizeof cols / sizeof cols[0]}
static const struct {
    const char *name; /* the file is name.csv */
    const pv_colspec *cols;
    size_t ncols;
} FILES[N_TABLES] = {
    SPEC(T_MONTHS, "months", months_cols),
    SPEC(T_AGES, "ages", ages_cols),
    SPEC(T_TERRITORIES, "territories", territories_cols),
    SPEC(T_SCALES, "scales", scales_cols),
    SPEC(T_ITEM_BANK, "item_bank", item_bank_cols),
    SPEC(T_INSTRUMENTS, "instruments", instruments_cols),
    SPEC(T_CONSTRUCT_MEANS, "construct_means", construct_means_cols),
    SPEC(T_ITEM_USES, "item_uses", item_uses_cols),
    SPEC(T_EXPORT, "export_columns", export_cols),
    SPEC(T_COMMENTS, "comments", comments_cols),
    SPEC(T_CODEBOOK, "codebook", codebook_cols),
    SPEC(T_THEME_WEIGHTS, "theme_weights", theme_weights_cols),
    SPEC(T_SLOTS, "slots", slots_cols),
    SPEC(T_TEMPLATES, "templates", templates_cols),
    SPEC(T_PRIVACY, "privacy", privacy_cols),
};

/* The codes the generator gives a meaning to (gendemo.h), in enum order. */
static const char *const CARRIER_CODES[] = {"OCF", "CPSC", "OCF+CPSC"};
static const char *const REACH_CODES[] = {"ORG", "WOM", "HSS", "COLL", "OTHER"};
static const char *const DEST_CODES[] = {"ORG_COMM", "CPSC", "CLSC", "SCHOOL",
                                         "HEALTH", "LEGAL_IMM", "OTHER"};
static const char *const NEED_CODES[] = {"BASIC", "HEALTH", "PARENTING", "CHILDCARE",
                                         "SOCIAL", "IMMIG", "MENTAL", "OTHER"};
static const char *const GROUP_CODES[] = {"PARENT", "WORKER", "MANAGER", "PARTNER"};
static const char *const MISSING_CODES[] = {"DK", "NA"};
#define KNOWN(list, a, n) {list, a, sizeof a / sizeof a[0], n}
static const struct {
    const char *list;
    const char *const *codes;
    size_t n, n_enum;
} KNOWN_LISTS[] = {
    KNOWN("carrier", CARRIER_CODES, N_CARRIERS), KNOWN("reach", REACH_CODES, N_REACH),
    KNOWN("destination", DEST_CODES, N_DEST), KNOWN("need", NEED_CODES, N_NEED),
    KNOWN("group", GROUP_CODES, N_GROUPS), KNOWN("missing", MISSING_CODES, N_MISSING),
};

/* The young children are 0 .. YOUNG_AGE_MAX years old, as the condition
 * age<=5 of children_young in data/demo/indicators.csv says (the pilot's
 * 59 % of children aged 5 or under). */
#define YOUNG_AGE_MAX 5

/* Outreach workers invited: one per territory and this many more in the
 * busiest (draw_regions in questionnaires.c). */
#define EXTRA_WORKERS 5

/* ======================================================================
 * Messages
 * ====================================================================== */

static long line_of(const pv_vtable *vt, size_t k)
{
    return vt->raw.line[vt->src[k]];
}

/* A problem at kept row k, spec column col (-1: the whole row). */
static void bad(const pv_vtable *vt, size_t k, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void bad(const pv_vtable *vt, size_t k, int col, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    pv_rejects_add(&rej, vt->raw.name, line_of(vt, k), col >= 0 ? vt->map[col] + 1 : 0,
                   col >= 0 ? vt->cols[col].name : "",
                   col >= 0 ? pv_vtable_str(vt, k, col) : "", why);
}

/* A problem of the file as a whole (reported at its header line). */
static void bad_file(const pv_vtable *vt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void bad_file(const pv_vtable *vt, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    pv_rejects_add(&rej, vt->raw.name, 1, 0, "", "", why);
}

/* Print every problem found so far and exit 1, if there is any. */
static void stop_if_bad(void)
{
    if (rej.n == 0)
        return;
    pv_rejects_sort(&rej);
    for (size_t i = 0; i < rej.n; i++) {
        const pv_reject *e = &rej.v[i];
        fprintf(stderr, "gendemo: %s:%ld:%d: %s%s%s ('%s')\n", e->file, e->line, e->column,
                e->field, *e->field ? ": " : "", e->reason, e->value);
    }
    fprintf(stderr, "gendemo: %zu problems in the data files: nothing written\n", rej.n);
    exit(PV_EXIT_DATA);
}

/* ======================================================================
 * Look-ups
 * ====================================================================== */

static pv_vtable *table(int t)
{
    return &D.tables[t];
}

const pv_vtable *data_table(const char *name)
{
    for (int t = 0; t < N_TABLES; t++)
        if (strcmp(FILES[t].name, name) == 0)
            return table(t);
    die_internal("data_table: no such file");
}

const char *code_of(const char *list, int i)
{
    return pv_codes_code(&D.codes, list, i);
}

static const char *str(int t, size_t k, int col)
{
    return pv_vtable_str(table(t), k, (size_t)col);
}

static int64_t ival(int t, size_t k, int col)
{
    return pv_vtable_val(table(t), k, (size_t)col).i;
}

static double dval(int t, size_t k, int col)
{
    return pv_vtable_val(table(t), k, (size_t)col).d;
}

int scale_points(const char *scale)
{
    int k = 0;
    for (size_t i = 0; i < D.n_scale_values; i++)
        if (strcmp(D.scale_values[i].scale_id, scale) == 0 &&
            D.scale_values[i].missing == MISSING_NONE)
            k++;
    return k;
}

int scale_missing_value(const char *scale, enum missing_reason m)
{
    for (size_t i = 0; i < D.n_scale_values; i++)
        if (strcmp(D.scale_values[i].scale_id, scale) == 0 && D.scale_values[i].missing == (int)m)
            return D.scale_values[i].value;
    return -1;
}

static int find_qcode(const char *code)
{
    for (size_t i = 0; i < D.n_qcodes; i++)
        if (strcmp(D.codebook[i].code, code) == 0)
            return (int)i;
    return -1;
}

/* "PARENT;WORKER" as a mask of groups; 0 if a word is not a group code. */
static unsigned parse_groups(const char *s)
{
    unsigned mask = 0;
    while (*s) {
        size_t len = strcspn(s, ";");
        int g = 0;
        while (g < N_GROUPS && !(strlen(GROUP_CODES[g]) == len && strncmp(s, GROUP_CODES[g], len) == 0))
            g++;
        if (g == N_GROUPS)
            return 0;
        mask |= GROUP_BIT(g);
        s += len + (s[len] == ';');
    }
    return mask;
}

static int mentions_privacy_term(const char *s)
{
    for (size_t k = 0; k < D.n_privacy; k++)
        if (strstr(s, D.privacy[k].term))
            return 1;
    return 0;
}

/* ======================================================================
 * Participation: config, codes, months, ages, territories
 * ====================================================================== */

/* The lists the generator gives a meaning to hold exactly its codes, in
 * order; the others are counted. */
static void check_code_lists(void)
{
    const pv_vtable *vt = &D.codes.vt;
    for (size_t l = 0; l < sizeof KNOWN_LISTS / sizeof KNOWN_LISTS[0]; l++) {
        const char *list = KNOWN_LISTS[l].list;
        const GArray *a = pv_codes_list(&D.codes, list);
        size_t len = a ? a->len : 0, n = KNOWN_LISTS[l].n;
        if (n != KNOWN_LISTS[l].n_enum)
            die_internal("KNOWN_LISTS does not match its enum");
        for (size_t i = 0; i < len || i < n; i++) {
            if (i >= len) {
                bad_file(vt, "list '%s' lacks code '%s' (the generator gives it a meaning)",
                         list, KNOWN_LISTS[l].codes[i]);
                continue;
            }
            size_t k = g_array_index(a, size_t, i);
            if (i >= n)
                bad(vt, k, CODE_CODE, "list '%s' has more codes than the generator knows", list);
            else if (strcmp(pv_vtable_str(vt, k, CODE_CODE), KNOWN_LISTS[l].codes[i]) != 0)
                bad(vt, k, CODE_CODE, "list '%s': code '%s' expected here (the generator gives "
                    "the codes of this list a meaning, in their order)",
                    list, KNOWN_LISTS[l].codes[i]);
        }
    }
    D.n_constructs = pv_codes_count(&D.codes, "construct");
    if (D.n_constructs > MAX_CONSTRUCTS)
        bad_file(vt, "list 'construct' has more than %d codes", MAX_CONSTRUCTS);
    if (pv_codes_count(&D.codes, "region") != PILOT.regions)
        bad_file(vt, "list 'region' has %d codes, the pilot had %d regions",
                 pv_codes_count(&D.codes, "region"), PILOT.regions);
}

static void check_config(void)
{
    const pv_config *c = &D.config;
    D.period_first = c->period_start;
    D.n_days = (int)(c->period_end - c->period_start + 1);
    D.young_age_max = YOUNG_AGE_MAX;
}

/* months.csv: one row per month of the period, in order ("YYYY-MM"). */
static void build_months(void)
{
    const pv_vtable *vt = table(T_MONTHS);
    char want[11];
    size_t m = 0;
    for (int i = 0; i < D.n_days; i++) {
        format_day(want, D.period_first + i);
        if (i > 0 && strcmp(want + 8, "01") != 0)
            continue;
        want[7] = '\0';
        if (m < vt->n && strcmp(str(T_MONTHS, m, 0), want) != 0)
            bad(vt, m, 0, "month %s of the period expected here (YYYY-MM, in order)", want);
        else if (m >= vt->n)
            bad_file(vt, "month %s of the period has no row", want);
        m++;
    }
    for (size_t k = m; k < vt->n; k++)
        bad(vt, k, 0, "after the period's last month");
    D.n_months = vt->n;
    D.month_weight = pv_xcalloc(vt->n, sizeof *D.month_weight);
    double sum = 0;
    for (size_t k = 0; k < vt->n; k++)
        sum += D.month_weight[k] = dval(T_MONTHS, k, 1);
    if (sum <= 0)
        bad_file(vt, "every weight is 0");
}

/* ages.csv: ages 0 .. max_child_age, in order. */
static void build_ages(void)
{
    const pv_vtable *vt = table(T_AGES);
    size_t n = vt->n;
    double young = 0, older = 0;
    D.max_child_age = (int)n - 1;
    D.age_weight = pv_xcalloc(n, sizeof *D.age_weight);
    for (size_t k = 0; k < vt->n; k++) {
        if (ival(T_AGES, k, 0) != (int64_t)k) {
            bad(vt, k, 0, "age %zu expected here (every age from 0, in order)", k);
            continue;
        }
        D.age_weight[k] = dval(T_AGES, k, 1);
        *((int)k <= D.young_age_max ? &young : &older) += D.age_weight[k];
    }
    if (D.max_child_age <= D.young_age_max)
        bad_file(vt, "%zu ages: the oldest must be over %d, the young children's limit", n,
                 D.young_age_max);
    if (young <= 0 || older <= 0)
        bad_file(vt, "the young ages (0 .. young_age_max) and the older ones both need "
                 "a positive weight");
}

static void build_territories(void)
{
    const pv_vtable *vt = table(T_TERRITORIES);
    int carriers[N_CARRIERS] = {0};
    D.n_territories = vt->n;
    D.territories = pv_xcalloc(vt->n, sizeof *D.territories);
    for (size_t k = 0; k < vt->n; k++) {
        territory *t = &D.territories[k];
        t->id = str(T_TERRITORIES, k, 0);
        t->name = str(T_TERRITORIES, k, 1);
        t->region = str(T_TERRITORIES, k, 2);
        t->carrier = (enum carrier)ival(T_TERRITORIES, k, 3);
        carriers[t->carrier]++;
    }
    if ((int)vt->n != PILOT.territories)
        bad_file(vt, "%zu territories, the pilot had %d", vt->n, PILOT.territories);
    if (carriers[CARRIER_OCF] != PILOT.carrier_ocf ||
        carriers[CARRIER_CPSC] != PILOT.carrier_cpsc ||
        carriers[CARRIER_BOTH] != PILOT.carrier_both)
        bad_file(vt, "carriers %d OCF, %d CPSC, %d both: the pilot had %d, %d, %d",
                 carriers[CARRIER_OCF], carriers[CARRIER_CPSC], carriers[CARRIER_BOTH],
                 PILOT.carrier_ocf, PILOT.carrier_cpsc, PILOT.carrier_both);
}

/* ======================================================================
 * Questionnaires: scales, item bank, instruments and their parts
 * ====================================================================== */

static void build_scales(void)
{
    pv_vtable *vt = table(T_SCALES);
    pv_vtable_unique2(vt, 0, 1, "value repeated in its scale", &rej);
    D.n_scale_values = vt->n;
    D.scale_values = pv_xcalloc(vt->n, sizeof *D.scale_values);
    for (size_t k = 0; k < vt->n; k++) {
        scale_value *v = &D.scale_values[k];
        v->scale_id = str(T_SCALES, k, 0);
        v->value = (int)ival(T_SCALES, k, 1);
        v->label_fr = str(T_SCALES, k, 2);
        v->label_en = str(T_SCALES, k, 3);
        v->missing = (int)ival(T_SCALES, k, 4); /* -1 when empty: MISSING_NONE */
    }
}

static void build_items(void)
{
    const pv_vtable *vt = table(T_ITEM_BANK);
    D.n_items = vt->n;
    D.items = pv_xcalloc(vt->n, sizeof *D.items);
    for (size_t k = 0; k < vt->n; k++) {
        item_def *it = &D.items[k];
        it->id = str(T_ITEM_BANK, k, 0);
        it->construct = (int)ival(T_ITEM_BANK, k, 1);
        it->type = (enum item_type)ival(T_ITEM_BANK, k, 2);
        it->scale = *str(T_ITEM_BANK, k, 3) ? str(T_ITEM_BANK, k, 3) : NULL;
        it->reverse = (int)ival(T_ITEM_BANK, k, 4);
        it->shift = dval(T_ITEM_BANK, k, 5);
        it->mean_count = dval(T_ITEM_BANK, k, 6);
        it->label_fr = str(T_ITEM_BANK, k, 7);
        it->label_en = str(T_ITEM_BANK, k, 8);

        int scaled = it->type != ITEM_NUMBER && it->type != ITEM_TEXT;
        int points = it->scale ? scale_points(it->scale) : 0;
        if (scaled != (it->scale != NULL))
            bad(vt, k, 3, scaled ? "this type of item needs a scale"
                                 : "number and text items have no scale");
        else if (it->scale && points == 0)
            bad(vt, k, 3, "no such scale in scales.csv");
        else if ((it->type == ITEM_LIKERT4 && points != 4) ||
                 (it->type == ITEM_LIKERT5 && points != 5) ||
                 (it->type == ITEM_YESNO && points != 2))
            bad(vt, k, 3, "the scale has %d answers, which does not fit the type", points);
        if (it->reverse && it->type != ITEM_LIKERT4 && it->type != ITEM_LIKERT5)
            bad(vt, k, 4, "only Likert items are reverse-coded");
        if ((it->type == ITEM_NUMBER) == (*str(T_ITEM_BANK, k, 6) == '\0'))
            bad(vt, k, 6, "a number item needs its typical count, the others none");
    }
}

static void build_instruments(void)
{
    const pv_vtable *vt = table(T_INSTRUMENTS);
    D.n_instruments = vt->n;
    D.instruments = pv_xcalloc(vt->n, sizeof *D.instruments);
    for (size_t k = 0; k < vt->n; k++) {
        instrument_def *in = &D.instruments[k];
        in->id = str(T_INSTRUMENTS, k, 0);
        in->group = (enum group)ival(T_INSTRUMENTS, k, 1);
        in->title_fr = str(T_INSTRUMENTS, k, 2);
        in->title_en = str(T_INSTRUMENTS, k, 3);
        in->responses = str(T_INSTRUMENTS, k, 4);
        in->written_as = str(T_INSTRUMENTS, k, 5);
        in->mapping = str(T_INSTRUMENTS, k, 6);
        in->invited = (int)ival(T_INSTRUMENTS, k, 7); /* -1 when empty */
        in->respondents = (int)ival(T_INSTRUMENTS, k, 8);
        in->has_region = (int)ival(T_INSTRUMENTS, k, 9);
        in->spread = dval(T_INSTRUMENTS, k, 10);
        in->no_answer = dval(T_INSTRUMENTS, k, 11);
        in->comment_share = dval(T_INSTRUMENTS, k, 12);
        if (in->group == GROUP_WORKER &&
            in->invited != (int)(D.n_territories + EXTRA_WORKERS))
            bad(vt, k, 7, "workers invited: one per territory plus %d, so %zu", EXTRA_WORKERS,
                D.n_territories + EXTRA_WORKERS);
        if (in->invited >= 0 && in->respondents > in->invited)
            bad(vt, k, 8, "more respondents than invited");
    }
}

static void build_construct_means(void)
{
    pv_vtable *vt = table(T_CONSTRUCT_MEANS);
    pv_vtable_unique2(vt, 0, 1, "construct repeated for its instrument", &rej);
    for (size_t k = 0; k < vt->n; k++)
        D.instruments[ival(T_CONSTRUCT_MEANS, k, 0)].mean[ival(T_CONSTRUCT_MEANS, k, 1)] =
            dval(T_CONSTRUCT_MEANS, k, 2);
}

/* Rows of table t per instrument (column 0 refers to instruments). */
static size_t *count_per_instrument(int t)
{
    size_t *n = pv_xcalloc(D.n_instruments, sizeof *n);
    for (size_t k = 0; k < table(t)->n; k++)
        n[ival(t, k, 0)]++;
    return n;
}

static void build_item_uses(void)
{
    pv_vtable *vt = table(T_ITEM_USES);
    pv_vtable_unique2(vt, 0, 1, "item listed twice in its instrument", &rej);
    size_t *n = count_per_instrument(T_ITEM_USES);
    for (size_t i = 0; i < D.n_instruments; i++)
        D.instruments[i].items = pv_xcalloc(n[i], sizeof *D.instruments[i].items);
    free(n);
    for (size_t k = 0; k < vt->n; k++) {
        instrument_def *in = &D.instruments[ival(T_ITEM_USES, k, 0)];
        item_use *u = &in->items[in->n_items++];
        u->item = &D.items[ival(T_ITEM_USES, k, 1)];
        u->dk = dval(T_ITEM_USES, k, 2);
        u->na = dval(T_ITEM_USES, k, 3);
        const char *scale = u->item->scale;
        if (u->dk > 0 && !(scale && scale_missing_value(scale, MISSING_DK) >= 0))
            bad(vt, k, 2, "the item's scale has no \"don't know\" answer");
        if (u->na > 0 && !(scale && scale_missing_value(scale, MISSING_NA) >= 0))
            bad(vt, k, 3, "the item's scale has no \"not applicable\" answer");
    }
}

/* An export layout names every item of its instrument once, respondent_id
 * once, region once if the instrument has regions, and "-" only for the
 * survey tool's columns the generator fills. */
static void check_export(const instrument_def *in, size_t row)
{
    const pv_vtable *vt = table(T_EXPORT);
    int ids = 0, regions = 0;
    for (size_t k = 0; k < vt->n; k++) {
        if (&D.instruments[ival(T_EXPORT, k, 0)] != in)
            continue;
        const char *t = str(T_EXPORT, k, 2), *col = str(T_EXPORT, k, 1);
        ids += strcmp(t, "respondent_id") == 0;
        regions += strcmp(t, "region") == 0;
        int known = strcmp(t, "respondent_id") == 0 || strcmp(t, "region") == 0;
        if (strcmp(t, "-") == 0) {
            known = strcmp(col, "submitdate") == 0 || strcmp(col, "lastpage") == 0 ||
                    strcmp(col, "startlanguage") == 0;
            if (!known)
                bad(vt, k, 1, "the generator fills only submitdate, lastpage and "
                    "startlanguage among the survey tool's columns");
            continue;
        }
        for (size_t i = 0; !known && i < in->n_items; i++)
            known = strcmp(in->items[i].item->id, t) == 0;
        if (!known)
            bad(vt, k, 2, "not an item of %s, nor respondent_id, region or -", in->id);
    }
    for (size_t i = 0; i < in->n_items; i++) {
        int n = 0;
        for (size_t c = 0; c < in->n_export; c++)
            n += strcmp(in->export[c].target, in->items[i].item->id) == 0;
        if (n != 1)
            bad(table(T_INSTRUMENTS), row, 0, "item %s has %d columns in export_columns.csv, "
                "want 1", in->items[i].item->id, n);
    }
    if (ids != 1 || regions != in->has_region)
        bad(table(T_INSTRUMENTS), row, 9, "export_columns.csv needs one respondent_id column "
            "and a region column exactly when has_region");
    int pages = 0;
    for (size_t c = 0; c < in->n_export; c++)
        pages = in->export[c].page > pages ? in->export[c].page : pages;
    if (pages < 2) /* a respondent who gave up stopped before the last page */
        bad(table(T_INSTRUMENTS), row, 0, "an export layout has at least two pages");
}

static void build_export(void)
{
    pv_vtable *vt = table(T_EXPORT);
    pv_vtable_unique2(vt, 0, 1, "column repeated in its export", &rej);
    size_t *n = count_per_instrument(T_EXPORT);
    for (size_t i = 0; i < D.n_instruments; i++)
        if (n[i])
            D.instruments[i].export = pv_xcalloc(n[i], sizeof *D.instruments[i].export);
    free(n);
    for (size_t k = 0; k < vt->n; k++) {
        instrument_def *in = &D.instruments[ival(T_EXPORT, k, 0)];
        export_column *c = &in->export[in->n_export++];
        c->column = str(T_EXPORT, k, 1);
        c->target = str(T_EXPORT, k, 2);
        c->page = (int)ival(T_EXPORT, k, 3);
    }
    for (size_t i = 0; i < D.n_instruments; i++) {
        const instrument_def *in = &D.instruments[i];
        if ((in->export != NULL) != (in->mapping[0] != '\0'))
            bad(table(T_INSTRUMENTS), i, 6, "a mapping file goes with an export layout "
                "in export_columns.csv, and only then");
        else if (in->export)
            check_export(in, i);
    }
}

/* The comments of an instrument, in four pools: praise and critique, in
 * French and in English (used, when both exist, for respondents who
 * answered in English). */
static void build_comments(void)
{
    const pv_vtable *vt = table(T_COMMENTS);
    for (size_t i = 0; i < D.n_instruments; i++) {
        instrument_def *in = &D.instruments[i];
        text_pool *pools[4] = {&in->praise, &in->critique, &in->praise_en, &in->critique_en};
        for (int p = 0; p < 4; p++)
            pools[p]->text = pv_xcalloc(vt->n, sizeof *pools[p]->text);
        for (size_t k = 0; k < vt->n; k++)
            if ((size_t)ival(T_COMMENTS, k, 0) == i) {
                text_pool *p = pools[ival(T_COMMENTS, k, 1) + 2 * ival(T_COMMENTS, k, 2)];
                p->text[p->n++] = str(T_COMMENTS, k, 3);
            }
        int asks = 0;
        for (size_t j = 0; j < in->n_items; j++)
            asks |= in->items[j].item->type == ITEM_TEXT;
        if (asks && in->comment_share > 0 && (!in->praise.n || !in->critique.n))
            bad(table(T_INSTRUMENTS), i, 12, "comments.csv needs French praise and "
                "critique for this instrument");
    }
}

/* ======================================================================
 * Focus groups: codebook, themes, slots, templates, privacy terms
 * ====================================================================== */

/* A parent comes before its children and is a theme (top level); the
 * themes are the top-level codes, in their order. */
static void build_codebook(void)
{
    const pv_vtable *vt = table(T_CODEBOOK);
    D.n_qcodes = vt->n;
    D.codebook = pv_xcalloc(vt->n, sizeof *D.codebook);
    D.theme_code = pv_xcalloc(vt->n, sizeof *D.theme_code);
    for (size_t k = 0; k < vt->n; k++) {
        qcode_def *c = &D.codebook[k];
        c->code = str(T_CODEBOOK, k, 0);
        c->parent = *str(T_CODEBOOK, k, 1) ? str(T_CODEBOOK, k, 1) : NULL;
        c->label_fr = str(T_CODEBOOK, k, 2);
        c->label_en = str(T_CODEBOOK, k, 3);
        c->valence = str(T_CODEBOOK, k, 4);
        c->description = str(T_CODEBOOK, k, 5);
    }
    for (size_t k = 0; k < vt->n; k++) {
        qcode_def *c = &D.codebook[k];
        if (!c->parent) {
            c->theme = (int)D.n_themes;
            D.theme_code[D.n_themes++] = (int)k;
            continue;
        }
        int p = find_qcode(c->parent);
        if (p < 0 || p >= (int)k || D.codebook[p].parent)
            bad(vt, k, 1, "the parent must be a top-level code listed above");
        else
            c->theme = D.codebook[p].theme;
    }
}

static void build_theme_weights(void)
{
    const pv_vtable *vt = table(T_THEME_WEIGHTS);
    int *seen = pv_xcalloc(D.n_themes ? D.n_themes : 1, sizeof *seen);
    for (int g = 0; g < N_GROUPS; g++)
        D.theme_weight[g] = pv_xcalloc(D.n_themes, sizeof *D.theme_weight[g]);
    for (size_t k = 0; k < vt->n; k++) {
        int c = find_qcode(str(T_THEME_WEIGHTS, k, 0));
        if (c < 0 || D.codebook[c].parent) {
            bad(vt, k, 0, "not a top-level code of codebook.csv");
            continue;
        }
        seen[D.codebook[c].theme] = 1;
        for (int g = 0; g < N_GROUPS; g++)
            D.theme_weight[g][D.codebook[c].theme] = dval(T_THEME_WEIGHTS, k, 1 + g);
    }
    for (size_t th = 0; th < D.n_themes; th++)
        if (!seen[th])
            bad_file(vt, "theme %s of codebook.csv has no row", D.codebook[D.theme_code[th]].code);
    free(seen);
}

static void build_privacy(void)
{
    const pv_vtable *vt = table(T_PRIVACY);
    D.n_privacy = vt->n;
    D.privacy = pv_xcalloc(vt->n, sizeof *D.privacy);
    for (size_t k = 0; k < vt->n; k++)
        D.privacy[k] = (privacy_term){str(T_PRIVACY, k, 0), str(T_PRIVACY, k, 1)};
}

static void build_slots(void)
{
    const pv_vtable *vt = table(T_SLOTS);
    D.n_slots = vt->n;
    D.slots = pv_xcalloc(vt->n, sizeof *D.slots);
    for (size_t k = 0; k < vt->n; k++) {
        slot_def *s = &D.slots[k];
        s->name = str(T_SLOTS, k, 0);
        s->groups = parse_groups(str(T_SLOTS, k, 1));
        s->agree = (enum agreement)ival(T_SLOTS, k, 2);
        s->fem = str(T_SLOTS, k, 3);
        s->masc = str(T_SLOTS, k, 4);
        if (!s->groups)
            bad(vt, k, 1, "not a list of group codes separated by ';'");
        if (s->agree == AGREE_NONE && *s->masc)
            bad(vt, k, 4, "only a slot that agrees has masculine forms");
        if (mentions_privacy_term(s->fem) || mentions_privacy_term(s->masc))
            bad(vt, k, 3, "quotes a term of privacy.csv (only templates may)");
    }
}

/* The codes of a template: 1..MAX_EXCERPT_CODES codes of the codebook,
 * separated by ';', none twice. */
static void parse_template_codes(excerpt_template *t, size_t k)
{
    const pv_vtable *vt = table(T_TEMPLATES);
    char code[128];
    for (const char *s = str(T_TEMPLATES, k, 2); *s;) {
        size_t len = strcspn(s, ";");
        snprintf(code, sizeof code, "%.*s", (int)(len < sizeof code ? len : sizeof code - 1), s);
        s += len + (s[len] == ';');
        int c = find_qcode(code);
        if (c < 0) {
            bad(vt, k, 2, "code %s is not in codebook.csv", code);
            continue;
        }
        int twice = 0;
        for (int j = 0; j < t->n_codes; j++)
            twice |= t->codes[j] == c;
        if (twice)
            bad(vt, k, 2, "code %s twice", code);
        else if (t->n_codes == MAX_EXCERPT_CODES)
            bad(vt, k, 2, "more than %d codes", MAX_EXCERPT_CODES);
        else
            t->codes[t->n_codes++] = c;
    }
    if (t->n_core > t->n_codes)
        bad(vt, k, 1, "more core codes than codes");
}

/* Every {slot} of a template has a slot serving each of its groups. */
static void check_template_slots(const excerpt_template *t, size_t k)
{
    for (const char *s = strchr(t->text, '{'); s; s = strchr(s + 1, '{')) {
        const char *end = strchr(s, '}');
        size_t len = end ? (size_t)(end - s - 1) : 0;
        for (int g = 0; g < N_GROUPS; g++) {
            int found = 0;
            for (size_t i = 0; end && i < D.n_slots && !found; i++)
                found = strlen(D.slots[i].name) == len &&
                        strncmp(D.slots[i].name, s + 1, len) == 0 &&
                        (D.slots[i].groups & t->groups & GROUP_BIT(g));
            if ((t->groups & GROUP_BIT(g)) && !found) {
                bad(table(T_TEMPLATES), k, 4, "{%.*s}: no such slot for group %s in slots.csv",
                    (int)len, s + 1, GROUP_CODES[g]);
                break;
            }
        }
    }
}

static void build_templates(void)
{
    const pv_vtable *vt = table(T_TEMPLATES);
    D.n_templates = vt->n;
    D.templates = pv_xcalloc(vt->n, sizeof *D.templates);
    int *has = pv_xcalloc(N_GROUPS * (D.n_themes ? D.n_themes : 1), sizeof *has);
    for (size_t k = 0; k < vt->n; k++) {
        excerpt_template *t = &D.templates[k];
        t->groups = parse_groups(str(T_TEMPLATES, k, 0));
        t->n_core = (int)ival(T_TEMPLATES, k, 1);
        t->region = *str(T_TEMPLATES, k, 3) ? str(T_TEMPLATES, k, 3) : NULL;
        t->text = str(T_TEMPLATES, k, 4);
        t->named = mentions_privacy_term(t->text); /* drawn more often, used once */
        if (!t->groups)
            bad(vt, k, 0, "not a list of group codes separated by ';'");
        parse_template_codes(t, k);
        check_template_slots(t, k);
        for (int g = 0; g < N_GROUPS && t->n_codes; g++)
            if (t->groups & GROUP_BIT(g))
                has[g * D.n_themes + D.codebook[t->codes[0]].theme] = 1;
    }
    for (int g = 0; g < N_GROUPS; g++)
        for (size_t th = 0; th < D.n_themes; th++)
            if (D.theme_weight[g][th] > 0 && !has[g * D.n_themes + th])
                bad_file(table(T_THEME_WEIGHTS), "group %s talks about theme %s but no "
                         "template of templates.csv has it as first code for that group",
                         GROUP_CODES[g], D.codebook[D.theme_code[th]].code);
    free(has);
}

/* ======================================================================
 * Reading everything
 * ====================================================================== */

static void load(int t, const char *dir, pv_vctx *ctx)
{
    char path[4096];
    pv_err err = {0};
    pv_vtable *done[N_TABLES];
    for (int i = 0; i < t; i++)
        done[i] = table(i);
    ctx->tables = done;
    ctx->ntables = (size_t)t;
    snprintf(path, sizeof path, "%s/%s.csv", dir, FILES[t].name);
    if (pv_vtable_load(table(t), FILES[t].name, FILES[t].cols, FILES[t].ncols, path, path,
                       ctx, &rej, &err)) {
        fprintf(stderr, "gendemo: %s\n", err.msg);
        exit(err.status);
    }
    ctx->tables = NULL;
    ctx->ntables = 0;
}

void data_load(const char *dir)
{
    char path[4096];
    pv_err err = {0};
    pv_vctx ctx = {0};
    ctx.decimal = '.';
    ctx.opts.delim = ',';
    ctx.opts.encoding = PV_ENC_UTF8;

    snprintf(path, sizeof path, "%s/config.csv", dir);
    int st = pv_config_load(&D.config, path, path, &rej, &err);
    if (st == PV_EXIT_IO) {
        fprintf(stderr, "gendemo: %s\n", err.msg);
        exit(st);
    }
    stop_if_bad();
    ctx.period_start = D.config.period_start;
    ctx.period_end = D.config.period_end;
    snprintf(path, sizeof path, "%s/codes.csv", dir);
    if (pv_codes_load(&D.codes, path, path, &ctx, &rej, &err)) {
        fprintf(stderr, "gendemo: %s\n", err.msg);
        exit(err.status);
    }
    stop_if_bad();
    check_config();
    check_code_lists();
    stop_if_bad();

    ctx.codes = &D.codes;
    D.n_tables = N_TABLES;
    D.tables = pv_xcalloc(N_TABLES, sizeof *D.tables);
    for (int t = 0; t < N_TABLES; t++)
        load(t, dir, &ctx);
    stop_if_bad(); /* the rules below trust every kept row */

    build_months();
    build_ages();
    build_territories();
    build_scales();
    build_items();
    build_instruments();
    build_construct_means();
    build_item_uses();
    build_export();
    build_comments();
    build_codebook();
    build_theme_weights();
    build_privacy();
    build_slots();
    build_templates();
    stop_if_bad();
}

void data_free(void)
{
    for (size_t i = 0; i < D.n_instruments; i++) {
        instrument_def *in = &D.instruments[i];
        free(in->items);
        free(in->export);
        free(in->praise.text);
        free(in->critique.text);
        free(in->praise_en.text);
        free(in->critique_en.text);
    }
    for (int g = 0; g < N_GROUPS; g++)
        free(D.theme_weight[g]);
    free(D.month_weight);
    free(D.age_weight);
    free(D.territories);
    free(D.scale_values);
    free(D.items);
    free(D.instruments);
    free(D.codebook);
    free(D.theme_code);
    free(D.slots);
    free(D.templates);
    free(D.privacy);
    for (size_t t = 0; t < D.n_tables; t++)
        pv_vtable_free(&D.tables[t]);
    free(D.tables);
    pv_codes_free(&D.codes);
    pv_config_free(&D.config);
    pv_rejects_free(&rej);
}
