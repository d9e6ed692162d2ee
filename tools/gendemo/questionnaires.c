/* questionnaires.c — the four questionnaires (the same at every scale):
 * scales.csv, items.csv, instruments.csv, mapping_parents.csv and the
 * responses.  The question bank, the instruments and the comments are
 * data files (data.c); how answers are drawn is here.  See gendemo.h. */
#include "gendemo.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "value.h"

static const char *const ITEM_TYPE_NAMES[N_ITEM_TYPES] = {
    "likert4", "likert5", "yesno", "choice", "number", "text",
};

/* Answers come from a latent level per respondent and construct:
 *     level = group mean + spread * (HALO * general + HALO_REST * own)
 * with general and own standard normal (general is the respondent's overall
 * positivity, shared by the constructs); an item's answer is
 *     level + item shift + N(0, ITEM_NOISE_SD)
 * cut at unit steps centred on 0 into the scale's k points (mirrored for a
 * reverse-coded item).  Items without construct use the general level.  So
 * the items of a construct correlate (Cronbach's alpha about 0.7-0.85).
 * The group means, spreads and item shifts are in the data files
 * (construct_means.csv, instruments.csv, item_bank.csv). */
#define HALO 0.5
#define HALO_REST 0.8660254037844386 /* sqrt(1 - HALO^2) */
#define ITEM_NOISE_SD 0.7
#define COUNT_LATENT_WEIGHT 0.4 /* number items: mean_count * exp(w * level) */

/* The questionnaires draw from their own generator, seeded from --seed
 * only, so they are the same at every --scale. */
#define QUESTIONNAIRE_SEED_OFFSET 104729UL

/* LimeSurvey bookkeeping of the parents' export: who gave up before the
 * end (and on which page), who started in English, when it was submitted. */
#define BREAKOFF_SHARE 0.05
#define ENGLISH_SHARE 0.06
#define DELETED_ID_SHARE 0.06 /* ids skipped (test or deleted responses) */
#define SURVEY_START_Y 2025   /* first day of the survey: 2025-01-20 */
#define SURVEY_START_M 1
#define SURVEY_START_D 20
#define SURVEY_DAYS 49
#define SURVEY_FIRST_HOUR 7  /* submissions between 7:00 and 23:00 */
#define SURVEY_HOURS 16

/* Respondent ids of the default layout: W001, M001, PA001 ... */
static const char *const ID_PREFIX[N_GROUPS] = {"PR", "W", "M", "PA"};

#define COMMENT_CRITIQUE_BELOW (-0.5) /* general level under which comments are critical */

/* ======================================================================
 * Description files (scales, items, instruments, mapping)
 * ====================================================================== */

static void write_items(const char *dir)
{
    static const char *const header[] = {"instrument_id", "item_id", "construct", "type",
                                         "scale", "reverse", "label_fr", "label_en"};
    out_file o;
    out_open(&o, dir, "items.csv");
    csv_row(o.fp, 8, header);
    for (size_t k = 0; k < D.n_instruments; k++)
        for (size_t i = 0; i < D.instruments[k].n_items; i++) {
            const item_def *it = D.instruments[k].items[i].item;
            const char *row[] = {
                D.instruments[k].id, it->id,
                it->construct == NO_CONSTRUCT ? "" : code_of("construct", it->construct),
                ITEM_TYPE_NAMES[it->type], it->scale ? it->scale : "",
                it->reverse ? "oui" : "non", it->label_fr, it->label_en};
            csv_row(o.fp, 8, row);
        }
    out_close(&o);
}

static void write_instruments(const char *dir)
{
    static const char *const header[] = {"instrument_id", "group", "title_fr", "title_en",
                                         "responses", "mapping", "invited"};
    out_file o;
    out_open(&o, dir, "instruments.csv");
    csv_row(o.fp, 7, header);
    for (size_t k = 0; k < D.n_instruments; k++) {
        const instrument_def *in = &D.instruments[k];
        char invited[16] = "";
        if (in->invited >= 0)
            snprintf(invited, sizeof invited, "%d", in->invited);
        const char *row[] = {in->id, code_of("group", in->group), in->title_fr, in->title_en,
                             in->responses, in->mapping, invited};
        csv_row(o.fp, 7, row);
    }
    out_close(&o);
}

static void write_mapping(const char *dir, const instrument_def *in)
{
    static const char *const header[] = {"column", "target"};
    out_file o;
    out_open(&o, dir, in->mapping);
    csv_row(o.fp, 2, header);
    for (size_t c = 0; c < in->n_export; c++) {
        const char *row[] = {in->export[c].column, in->export[c].target};
        csv_row(o.fp, 2, row);
    }
    out_close(&o);
}

/* ======================================================================
 * Respondents and their answers
 * ====================================================================== */

typedef struct {
    char id[16];
    const char *region; /* code, or NULL */
    int lastpage;       /* last page answered (survey-tool export) */
    int english;        /* started the survey in English */
    long submitted;     /* seconds after the survey's start; -1: never submitted */
    double general, level[MAX_CONSTRUCTS];
} respondent;

static void draw_levels(gsl_rng *r, const instrument_def *in, respondent *p)
{
    p->general = gsl_ran_gaussian(r, 1.0);
    for (int c = 0; c < D.n_constructs; c++)
        p->level[c] = in->mean[c] +
                      in->spread * (HALO * p->general + HALO_REST * gsl_ran_gaussian(r, 1.0));
}

/* Region of each respondent: the workers are one per territory plus a few
 * in random territories, in random order (those invited who did not answer
 * are the last ones); the parents live in a territory taken at random. */
static void draw_regions(gsl_rng *r, const instrument_def *in, respondent *resp)
{
    size_t n_terr = D.n_territories;
    if (!in->has_region)
        return;
    if (in->group == GROUP_WORKER) {
        size_t n = (size_t)in->invited;
        int *where = pv_xcalloc(n, sizeof *where);
        for (size_t w = 0; w < n; w++)
            where[w] = w < n_terr ? (int)w : (int)gsl_rng_uniform_int(r, n_terr);
        gsl_ran_shuffle(r, where, n, sizeof *where);
        for (int i = 0; i < in->respondents; i++)
            resp[i].region = D.territories[where[i]].region;
        free(where);
    } else {
        for (int i = 0; i < in->respondents; i++)
            resp[i].region = D.territories[gsl_rng_uniform_int(r, n_terr)].region;
    }
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static int export_pages(const instrument_def *in)
{
    int pages = 0;
    for (size_t c = 0; c < in->n_export; c++)
        if (in->export[c].page > pages)
            pages = in->export[c].page;
    return pages;
}

/* Survey-tool bookkeeping: ids in submission order with gaps (responses
 * deleted before the export), submission times in order, the page where
 * the respondents who gave up stopped, the start language. */
static void draw_export_meta(gsl_rng *r, const instrument_def *in, respondent *resp)
{
    int n = in->respondents, pages = export_pages(in);
    long *when = pv_xcalloc((size_t)n, sizeof *when);
    for (int i = 0; i < n; i++)
        when[i] = (long)gsl_rng_uniform_int(r, SURVEY_DAYS) * 86400L +
                  (SURVEY_FIRST_HOUR * 3600L +
                   (long)gsl_rng_uniform_int(r, SURVEY_HOURS * 3600UL));
    qsort(when, (size_t)n, sizeof *when, cmp_long);
    unsigned long id = 0;
    for (int i = 0; i < n; i++) {
        id += 1 + (gsl_rng_uniform(r) < DELETED_ID_SHARE ? 1 + gsl_rng_uniform_int(r, 3) : 0);
        snprintf(resp[i].id, sizeof resp[i].id, "%lu", id);
        resp[i].english = gsl_rng_uniform(r) < ENGLISH_SHARE;
        if (gsl_rng_uniform(r) < BREAKOFF_SHARE) {
            resp[i].lastpage = 1 + (int)gsl_rng_uniform_int(r, (unsigned long)(pages - 1));
            resp[i].submitted = -1;
        } else {
            resp[i].lastpage = pages;
            resp[i].submitted = when[i];
        }
    }
    free(when);
}

/* "YYYY-MM-DD hh:mm:ss" of a submission, into out[20]. */
static void format_submitdate(char out[20], long seconds)
{
    long first = pv_days_from_civil(SURVEY_START_Y, SURVEY_START_M, SURVEY_START_D);
    format_day(out, first + seconds / 86400);
    unsigned long s = (unsigned long)seconds % 86400; /* "% 24" shows gcc 2 digits */
    snprintf(out + 10, 10, " %02lu:%02lu:%02lu", s / 3600 % 24, s / 60 % 60, s % 60);
}

/* Category 1..k of a latent answer: cuts at unit steps centred on 0. */
static int category(double x, int k)
{
    int v = 1;
    for (int j = 1; j < k; j++)
        if (x > j - k / 2.0)
            v++;
    return v;
}

static const char *draw_comment(gsl_rng *r, const instrument_def *in, const respondent *p)
{
    if (gsl_rng_uniform(r) >= in->comment_share)
        return "";
    int critical = p->general < COMMENT_CRITIQUE_BELOW;
    const text_pool *pool = critical ? &in->critique : &in->praise;
    if (p->english && in->praise_en.n && in->critique_en.n)
        pool = critical ? &in->critique_en : &in->praise_en;
    return pool->text[gsl_rng_uniform_int(r, pool->n)];
}

/* The text of one answer cell ("" when not answered). */
static const char *draw_answer(gsl_rng *r, const instrument_def *in, const item_use *u,
                               const respondent *p, char *buf, size_t size)
{
    const item_def *it = u->item;
    if (it->type == ITEM_TEXT)
        return draw_comment(r, in, p);
    if (gsl_rng_uniform(r) < in->no_answer)
        return "";
    double m = gsl_rng_uniform(r);
    if (m < u->dk + u->na) {
        snprintf(buf, size, "%d",
                 scale_missing_value(it->scale, m < u->dk ? MISSING_DK : MISSING_NA));
        return buf;
    }
    double level = it->construct == NO_CONSTRUCT ? p->general : p->level[it->construct];
    double x = level + it->shift + gsl_ran_gaussian(r, ITEM_NOISE_SD);
    switch (it->type) {
    case ITEM_YESNO:
        return x > 0 ? "1" : "0";
    case ITEM_NUMBER:
        snprintf(buf, size, "%u",
                 gsl_ran_poisson(r, it->mean_count * exp(COUNT_LATENT_WEIGHT * level)));
        return buf;
    default: {
        int k = scale_points(it->scale), v = category(x, k);
        snprintf(buf, size, "%d", it->reverse ? k + 1 - v : v);
        return buf;
    }
    }
}

static const item_use *find_use(const instrument_def *in, const char *item)
{
    for (size_t i = 0; i < in->n_items; i++)
        if (strcmp(in->items[i].item->id, item) == 0)
            return &in->items[i];
    die_internal("export: a column names an item the instrument lacks");
}

/* A CSV field as LimeSurvey writes them: always quoted. */
static void csv_field_quoted(FILE *fp, const char *s, int last)
{
    putc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', fp);
        putc(*s, fp);
    }
    putc('"', fp);
    putc(last ? '\n' : ',', fp);
}

/* The cell of column c for respondent p. */
static const char *response_cell(gsl_rng *r, const instrument_def *in, const export_column *c,
                                 const respondent *p, char *buf, size_t size)
{
    if (strcmp(c->target, "respondent_id") == 0)
        return p->id;
    if (strcmp(c->target, "region") == 0)
        return p->region;
    if (strcmp(c->target, "-") == 0) {
        if (strcmp(c->column, "submitdate") == 0) {
            if (p->submitted < 0 || size < 20)
                return "";
            format_submitdate(buf, p->submitted);
            return buf;
        }
        if (strcmp(c->column, "lastpage") == 0) {
            snprintf(buf, size, "%d", p->lastpage);
            return buf;
        }
        if (strcmp(c->column, "startlanguage") == 0)
            return p->english ? "en" : "fr";
        die_internal("export: no value for an ignored column");
    }
    if (c->page > p->lastpage)
        return "";
    return draw_answer(r, in, find_use(in, c->target), p, buf, size);
}

/* The default layout: respondent_id, region if any, then the items. */
static export_column *default_columns(const instrument_def *in, size_t *n)
{
    export_column *cols = pv_xcalloc(in->n_items + 2, sizeof *cols);
    size_t k = 0;
    cols[k++] = (export_column){"respondent_id", "respondent_id", 0};
    if (in->has_region)
        cols[k++] = (export_column){"region", "region", 0};
    for (size_t i = 0; i < in->n_items; i++)
        cols[k++] = (export_column){in->items[i].item->id, in->items[i].item->id, 0};
    *n = k;
    return cols;
}

static void write_responses(const char *dir, gsl_rng *r, const instrument_def *in)
{
    int n = in->respondents;
    respondent *resp = pv_xcalloc((size_t)n, sizeof *resp);
    for (int i = 0; i < n; i++) {
        snprintf(resp[i].id, sizeof resp[i].id, "%s%03d", ID_PREFIX[in->group], i + 1);
        resp[i].lastpage = 1;
        resp[i].submitted = -1;
    }
    if (in->export)
        draw_export_meta(r, in, resp);
    draw_regions(r, in, resp);

    size_t n_cols = in->n_export;
    export_column *own = in->export ? NULL : default_columns(in, &n_cols);
    const export_column *cols = in->export ? in->export : own;
    void (*field)(FILE *, const char *, int) = in->export ? csv_field_quoted : csv_field;

    out_file o;
    out_open(&o, dir, in->written_as);
    for (size_t c = 0; c < n_cols; c++)
        field(o.fp, cols[c].column, c + 1 == n_cols);
    for (int i = 0; i < n; i++) {
        draw_levels(r, in, &resp[i]);
        for (size_t c = 0; c < n_cols; c++) {
            char buf[32];
            field(o.fp, response_cell(r, in, &cols[c], &resp[i], buf, sizeof buf),
                  c + 1 == n_cols);
        }
    }
    out_close(&o);
    free(own);
    free(resp);
}

/* All questionnaire files, from their own generator (see
 * QUESTIONNAIRE_SEED_OFFSET). */
void write_questionnaires(const char *dir, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        pv_xalloc_die();
    gsl_rng_set(r, (seed + QUESTIONNAIRE_SEED_OFFSET) & 0xFFFFFFFFUL);

    write_table(dir, "scales.csv", data_table("scales"));
    write_items(dir);
    write_instruments(dir);
    for (size_t k = 0; k < D.n_instruments; k++) {
        if (D.instruments[k].export)
            write_mapping(dir, &D.instruments[k]);
        write_responses(dir, r, &D.instruments[k]);
    }
    gsl_rng_free(r);
}
