/* gendemo.h — what the parts of the demo generator share.
 *
 * gendemo.c     command line, output files, exact allocation
 * data.c        the data files of tools/gendemo/data/, read and checked
 * participation.c, questionnaires.c, focusgroups.c
 *               the three kinds of material, each drawn from its own
 *               generator (the same seed gives the same bytes)
 *
 * The texts and lists (code lists, territories, question bank, codebook,
 * excerpt templates ...) are data files, read with the project's own CSV
 * reader and validated like any input; the numbers of the random model
 * (shares, spreads, seeds) stay next to the code that uses them.
 */
#ifndef GENDEMO_H
#define GENDEMO_H

#include <stdint.h>
#include <stdio.h>

#include <gsl/gsl_rng.h>

#include "codes.h"
#include "config.h"
#include "pv.h"
#include "schema.h"
#include "xalloc.h"

/* ----------------------------------------------------------------------
 * Code lists the generator gives a meaning to.  codes.csv must hold
 * exactly these codes, in this order (data.c checks it); the other lists
 * (region, construct) are read as they come.
 * ---------------------------------------------------------------------- */

enum carrier { CARRIER_OCF, CARRIER_CPSC, CARRIER_BOTH, N_CARRIERS };
enum reach { REACH_ORG, REACH_WOM, REACH_HSS, REACH_COLL, REACH_OTHER, N_REACH };
enum destination {
    DEST_ORG_COMM, DEST_CPSC, /* the two headline destinations */
    DEST_CLSC, DEST_SCHOOL, DEST_HEALTH, DEST_LEGAL, DEST_OTHER, N_DEST
};
enum need {
    NEED_BASIC, NEED_HEALTH, NEED_PARENTING, NEED_CHILDCARE, NEED_SOCIAL,
    NEED_IMMIG, NEED_MENTAL, NEED_OTHER, N_NEED
};
enum group { GROUP_PARENT, GROUP_WORKER, GROUP_MANAGER, GROUP_PARTNER, N_GROUPS };
enum missing_reason { MISSING_NONE = -1, MISSING_DK, MISSING_NA, N_MISSING };

#define NO_CONSTRUCT (-1)
#define MAX_CONSTRUCTS 32

/* ----------------------------------------------------------------------
 * The published targets (kept in the code: they are what the data files
 * must agree with, and what --scale multiplies)
 * ---------------------------------------------------------------------- */

/* Headline figures of the Québec "projet pilote de travail de proximité
 * auprès des familles isolées ayant de jeunes enfants", participation
 * reports January 2024 – March 2025, as README.md lists them (the demo
 * dataset) and tests/run.sh checks them on data/demo.  Reproduced exactly
 * at --scale 1; the per-person counts are multiplied by the scale. */
struct pilot_targets {
    int territories, regions;                     /* fixed at any scale */
    int carrier_ocf, carrier_cpsc, carrier_both;  /* 41 + 7 + 2 = 50 */
    long families, isolated;                      /* 5 305, 3 236 (61.0 %) */
    long children, young_children;                /* 10 036, 5 921 (59.0 %) */
    long referrals, headline_referrals;           /* 10 241, 8 500 (83.0 %) */
};
extern const struct pilot_targets PILOT;

/* ----------------------------------------------------------------------
 * What the data files hold, once read (strings point into the tables,
 * which live as long as the program)
 * ---------------------------------------------------------------------- */

typedef struct {
    const char *id, *name, *region;
    enum carrier carrier;
} territory;

typedef struct {
    const char *scale_id;
    int value;
    const char *label_fr, *label_en;
    int missing; /* enum missing_reason */
} scale_value;

enum item_type {
    ITEM_LIKERT4, ITEM_LIKERT5, ITEM_YESNO, ITEM_CHOICE, ITEM_NUMBER, ITEM_TEXT,
    N_ITEM_TYPES
};
#define ITEM_TYPE_WORDS "likert4|likert5|yesno|choice|number|text"

/* An item of the question bank: asked to several groups, it is one entry
 * (one item_id), so the groups' answers can be compared.  `shift` is how
 * much easier the item is to endorse than its construct's level (latent
 * units); `mean_count` the typical answer of a number item. */
typedef struct {
    const char *id;
    int construct; /* index in the construct list, or NO_CONSTRUCT */
    enum item_type type;
    const char *scale; /* NULL for number and text items */
    int reverse;
    double shift, mean_count;
    const char *label_fr, *label_en;
} item_def;

/* Per instrument and item: shares of "don't know" and "not applicable". */
typedef struct { const item_def *item; double dk, na; } item_use;

/* A column of a survey tool's export: its own name, what it is (an item_id,
 * respondent_id, region, or "-" for the tool's bookkeeping) and the page of
 * the questionnaire it is on (a respondent who gave up answered the pages
 * up to `lastpage` only). */
typedef struct { const char *column, *target; int page; } export_column;

typedef struct { const char **text; size_t n; } text_pool;

typedef struct {
    const char *id;
    enum group group;
    const char *title_fr, *title_en;
    const char *responses;  /* the file named in instruments.csv */
    const char *written_as; /* the CSV gendemo writes (converted by PSPP if different) */
    const char *mapping;    /* "" when the columns are named by item_id */
    int invited;            /* -1: unknown (empty in instruments.csv) */
    int respondents;
    int has_region;
    item_use *items;
    size_t n_items;
    export_column *export; /* NULL: respondent_id, [region], items */
    size_t n_export;
    double mean[MAX_CONSTRUCTS]; /* group's latent level per construct */
    double spread;               /* between-respondent standard deviation */
    double no_answer;            /* share of cells left empty */
    double comment_share;        /* share of respondents writing a comment */
    text_pool praise, critique, praise_en, critique_en; /* by general level */
} instrument_def;

enum valence { V_POS, V_NEG, V_NEU, N_VALENCES };
#define VALENCE_WORDS "positive|negative|neutral"

typedef struct {
    const char *code, *parent; /* parent NULL: a theme (top level) */
    const char *valence, *label_fr, *label_en, *description;
    int theme; /* index of its theme in data.theme_code */
} qcode_def;

/* Groups as bit masks, for the templates and slots. */
#define GROUP_BIT(g) (1u << (g))

/* A slot {name} of a template is replaced by one of its alternatives
 * (separated by ALT_SEP; empty alternatives allowed), taken at random from
 * `fem` or `masc` by the gender of the speaker or of the parent's outreach
 * worker.  The first slot of that name serving the speaker's group is
 * used. */
#define ALT_SEP '|'
enum agreement { AGREE_NONE, AGREE_SPEAKER, AGREE_TP };
#define AGREEMENT_WORDS "none|speaker|tp"
typedef struct {
    const char *name;
    unsigned groups;
    enum agreement agree;
    const char *fem, *masc;
} slot_def;

/* An excerpt template: who may say it, the codes that fit it (the first
 * n_core always applied by the main coder, the others each with
 * OPTIONAL_CODE_SHARE), its text with {slots}; `region` (NULL: any)
 * restricts it to the sessions of one region; `named` marks the few that
 * quote a name or a place of privacy.csv. */
#define MAX_EXCERPT_CODES 3
typedef struct {
    unsigned groups;
    int n_core, n_codes;
    int codes[MAX_EXCERPT_CODES]; /* indices in data.codebook */
    const char *text;
    const char *region;
    int named;
} excerpt_template;

typedef struct { const char *term, *kind; } privacy_term;

typedef struct {
    pv_config config;            /* config.csv, written as is */
    pv_codes codes;              /* codes.csv, written as is */
    long period_first;           /* days since 1970 of period_start */
    int n_days;                  /* days of the period */
    double *month_weight;        /* months.csv: one per month of the period */
    size_t n_months;
    double *age_weight;          /* ages.csv: ages 0 .. max_child_age */
    int young_age_max, max_child_age;

    territory *territories;
    size_t n_territories;
    int n_constructs;

    scale_value *scale_values;
    size_t n_scale_values;
    item_def *items;
    size_t n_items;
    instrument_def *instruments;
    size_t n_instruments;

    qcode_def *codebook;
    size_t n_qcodes;
    int *theme_code;             /* codebook index of each theme */
    size_t n_themes;
    double *theme_weight[N_GROUPS]; /* n_themes each */
    slot_def *slots;
    size_t n_slots;
    excerpt_template *templates;
    size_t n_templates;
    privacy_term *privacy;
    size_t n_privacy;

    pv_vtable *tables;           /* the other files, as read */
    size_t n_tables;
} demo_data;

/* The data, read once by data_load (data.c). */
extern demo_data D;

/* Read and check every file of dir; on a problem print every message
 * (file:line:column) and exit 1 (bad data) or 3 (I/O). */
void data_load(const char *dir);
void data_free(void);

/* Code of entry i of a list of codes.csv. */
const char *code_of(const char *list, int i);
/* A data file as read, by its name without ".csv" ("territories"). */
const pv_vtable *data_table(const char *name);

/* Number of substantive (not missing-by-design) values of a scale, and the
 * answer code of a missing-by-design reason (-1 if the scale lacks it). */
int scale_points(const char *scale);
int scale_missing_value(const char *scale, enum missing_reason m);

/* ----------------------------------------------------------------------
 * gendemo.c: errors, output files, exact allocation
 * ---------------------------------------------------------------------- */

_Noreturn void die_io(const char *path, int err);
_Noreturn void die_internal(const char *what);

/* Output files: written under a temporary name, renamed when complete. */
typedef struct {
    FILE *fp;
    char path[4096], tmp[4096];
} out_file;

void out_open(out_file *o, const char *dir, const char *name);
void out_close(out_file *o);
/* One CSV field, quoted (RFC 4180) only when it holds , " CR or LF. */
void csv_field(FILE *fp, const char *s, int last);
void csv_row(FILE *fp, int n, const char *const *fields);
/* Copy a table as read (every column, kept rows in order). */
void write_table(const char *dir, const char *name, const pv_vtable *vt);

/* Fast row building for the big files. */
char *put_str(char *p, const char *s);
char *put_num(char *p, unsigned long v, int width);
char *put_id(char *p, char prefix, long n, int width);
int id_width(long count);

/* "YYYY-MM-DD" of a day (days since 1970) into out[11]. */
void format_day(char out[11], long day);

void apportion(const double *w, size_t k, long total, long *out);
void deal(gsl_rng *r, const long *counts, size_t k, unsigned char *deck, size_t n);
int take(gsl_rng *r, long *need, long *left);
size_t pick_weighted(gsl_rng *r, const double *w, size_t n);
int cmp_int(const void *a, const void *b);

/* The three kinds of material. */
void write_participation(const char *dir, unsigned long seed, long scale);
void write_questionnaires(const char *dir, unsigned long seed);
void write_qualitative(const char *dir, unsigned long seed);

#endif
