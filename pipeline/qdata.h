/* qdata.h — questionnaire data: instruments, items, scales and responses.
 *
 * Ingest reads a dataset's questionnaire files (data/README.md,
 * "Questionnaires"): the definitions through schemas, each instrument's
 * responses (wide CSV or SPSS .sav) through its column mapping, and checks
 * every answer against its item's type and scale.  A bad answer is rejected
 * as a value (missing, reason "rejected"), the respondent is kept; a bad
 * respondent row is rejected whole.  The result is written as long clean
 * tables (respondents.csv, answers.csv) that later stages read with plain
 * schemas.
 */
#ifndef PV_QDATA_H
#define PV_QDATA_H

#include "dataset.h"
#include "sav.h"

/* The definition files, as table slots (pv_q_files); spec column positions
 * of each (the specs in qdata.c are indexed by them). */
enum { PV_Q_INSTRUMENTS, PV_Q_ITEMS, PV_Q_SCALES, PV_Q_NTABLES };
enum { INS_ID, INS_GROUP, INS_TITLE_FR, INS_TITLE_EN, INS_RESPONSES, INS_MAPPING,
       INS_INVITED, INS_NCOLS };
enum { ITM_INSTRUMENT, ITM_ID, ITM_CONSTRUCT, ITM_TYPE, ITM_SCALE, ITM_REVERSE,
       ITM_LABEL_FR, ITM_LABEL_EN, ITM_NCOLS };
enum { SCL_ID, SCL_VALUE, SCL_LABEL_FR, SCL_LABEL_EN, SCL_MISSING, SCL_NEUTRAL, SCL_BOX,
       SCL_NCOLS };
/* Values of scales.csv's `box` column (PV_COL_ENUM positions). */
enum { PV_BOX_TOP = 0, PV_BOX_BOTTOM = 1 };
/* The clean long tables ingest writes (pv_qdata_write_clean) and the
 * questionnaire stage reads. */
enum { RSP_INSTRUMENT, RSP_ID, RSP_REGION, RSP_NCOLS };
enum { ANS_INSTRUMENT, ANS_RESPONDENT, ANS_ITEM, ANS_VALUE, ANS_MISSING, ANS_NCOLS };
/* attributes.csv (optional): the respondents' attributes, each a column of
 * the responses and a code list of codes.csv; and the clean long table of
 * their values, respondent_attributes.csv (written when the dataset has
 * attributes.csv). */
enum { ATT_ID, ATT_LABEL_FR, ATT_LABEL_EN, ATT_COMPARE, ATT_NCOLS };
enum { RAT_INSTRUMENT, RAT_RESPONDENT, RAT_ATTRIBUTE, RAT_VALUE, RAT_NCOLS };

/* Item types, in the order of items.csv's enum (PV_ITEM_TYPES): the first
 * six are the historical ones; `likert` takes its points from its scale
 * (2 to 11 consecutive integers), `likertN` has the points 1..N. */
typedef enum { PV_ITEM_LIKERT4, PV_ITEM_LIKERT5, PV_ITEM_YESNO, PV_ITEM_CHOICE,
               PV_ITEM_NUMBER, PV_ITEM_TEXT, PV_ITEM_LIKERT, PV_ITEM_LIKERT2,
               PV_ITEM_LIKERT3, PV_ITEM_LIKERT6, PV_ITEM_LIKERT7, PV_ITEM_LIKERT8,
               PV_ITEM_LIKERT9, PV_ITEM_LIKERT10, PV_ITEM_LIKERT11, PV_ITEM_NTYPES } pv_item_type;
#define PV_ITEM_TYPES "likert4|likert5|yesno|choice|number|text|likert|likert2|likert3|" \
                      "likert6|likert7|likert8|likert9|likert10|likert11"
/* Points of a scale: at least 2, at most 11 (0..10, as a recommendation
 * scale). */
enum { PV_SCALE_MIN_POINTS = 2, PV_SCALE_MAX_POINTS = 11 };
/* The name of a pv_item_type, as in items.csv (a static string). */
const char *pv_item_type_name(int type);
/* 1 for the ordinal agreement types (likert, likertN). */
int pv_item_is_likert(int type);
/* Points of a likertN type (N), 0 for `likert` (its scale says), -1 for a
 * type that is not Likert. */
int pv_item_points(int type);

/* The definition files: the one list, in slot order, that loads them
 * (instruments first: items refer to it), reports them (ingest.csv), copies
 * them clean and reads the clean copies (the questionnaire stage).  Raw and
 * clean files share the specs. */
typedef struct {
    const char *file, *name;   /* "items.csv", "items" */
    const pv_colspec *cols;
    size_t ncols;
} pv_q_file;
extern const pv_q_file pv_q_files[PV_Q_NTABLES];
/* The clean long tables, respondents.csv and answers.csv: their specs are
 * their header when ingest writes them and their schema when the
 * questionnaire stage reads them. */
enum { PV_Q_RESPONDENTS, PV_Q_ANSWERS, PV_Q_NLONG };
extern const pv_q_file pv_q_long_files[PV_Q_NLONG];
/* attributes.csv and respondent_attributes.csv (both optional). */
extern const pv_q_file pv_q_attributes_file, pv_q_resp_attributes_file;

/* One instrument's responses. */
typedef struct {
    size_t inst;              /* kept row of instruments */
    pv_table raw;             /* the responses file as read */
    pv_vtable mapping;        /* its mapping file, if any */
    int has_mapping;
    size_t n_items;
    size_t *item;             /* kept rows of items of this instrument */
    int *item_col;            /* per item: raw column, or -1 if absent */
    int id_col, region_col;   /* raw columns, -1 if absent */
    int *attr_col;            /* per kept row of attributes.csv: raw column, -1 */
    size_t n;                 /* kept respondents */
    size_t *src;              /* raw row of each */
    int *region;              /* region code index, -1 if none */
    int *attr;                /* n x n_attr: code index, -1 if missing */
    const char **value;       /* n x n_items: canonical answer, "" if missing */
    const char **missing;     /* n x n_items: reason, NULL when answered */
    char *numbuf;             /* owned storage of canonical numbers */
    size_t n_read, n_rejected, values_rejected;
    int refused;              /* file unusable (counted as all rejected) */
} pv_qinst;

typedef struct {
    int present;              /* the dataset has instruments.csv */
    pv_vtable t[PV_Q_NTABLES];
    size_t n_inst;
    pv_qinst *inst;
    int has_attributes;       /* the dataset has attributes.csv */
    pv_vtable attributes;     /* its kept rows */
    pv_sav_labels labels;     /* labels of every .sav read */
} pv_qdata;

/* Load the questionnaire files of dir, validated against d's code lists
 * and config.  Errors on rows and values go to rej.  Returns 0 or
 * PV_EXIT_IO with *err set. */
int pv_qdata_load(pv_qdata *q, const char *dir, const pv_dataset *d,
                  pv_rejects *rej, pv_err *err);
/* Write instruments.csv, items.csv, scales.csv, respondents.csv,
 * answers.csv and sav_labels.csv into dir. */
int pv_qdata_write_clean(const pv_qdata *q, const char *dir, pv_err *err);
void pv_qdata_free(pv_qdata *q);

#endif
