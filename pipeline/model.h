/* model.h — the participation model of a dataset, declared in four files of
 * the dataset folder (data/README.md, "The participation model"):
 *
 *   units.csv       the units (one file each, <unit>.csv), in reading order,
 *                   and their role: place (counted, never resampled nor
 *                   suppressed), sample (the people the bootstrap
 *                   resamples) or member (people that come with a sample row
 *                   through a ref column)
 *   columns.csv     every column of every unit: type, code list or
 *                   referenced unit, range, period, not_before
 *   indicators.csv  the headline indicators: counts, shares (numerator and
 *                   denominator as conditions on columns), means of a number
 *                   column (over a condition), counts per code, distinct
 *                   values, months of the period
 *   breakdowns.csv  the published tables: a unit by a code column (possibly
 *                   reached through ref columns), by the rows of a
 *                   referenced unit, by month or cumulated over a date
 *                   column, by bands of a number column; optionally split by
 *                   a yes/no column, optionally with the mean of a number
 *                   column per category
 *
 * No name of any evaluation is in the C code: the schema (schema.h), the
 * statistics, the suppression's linked relations and the bootstrap of
 * participation.c all work from these declarations.  An error in them is a
 * reject with file:line:column and refuses the dataset, like config.csv.
 */
#ifndef PV_MODEL_H
#define PV_MODEL_H

#include "codes.h"
#include "schema.h"

typedef enum { PV_ROLE_PLACE, PV_ROLE_SAMPLE, PV_ROLE_MEMBER } pv_role;

#define PV_PATH_MAX 4

/* A column reached from a unit, through ref columns: "site_id.region". */
typedef struct {
    int n;                   /* steps (1: a column of the unit itself) */
    int unit[PV_PATH_MAX];   /* the unit of each step */
    int col[PV_PATH_MAX];    /* the column of each step */
} pv_colpath;

typedef enum { PV_OP_EQ, PV_OP_NE, PV_OP_LT, PV_OP_LE, PV_OP_GT, PV_OP_GE, PV_OP_IN } pv_op;

/* One clause "path op value(s)"; values typed as the column (code: its
 * position in the list; yes/no: 1/0; date: days), or the text for id, text
 * and ref columns. */
typedef struct {
    pv_colpath path;
    pv_op op;
    int nv;
    double *num;
    char **str;
} pv_clause;

/* Clauses joined by " and "; none: every row. */
typedef struct {
    int n;
    pv_clause *c;
} pv_cond;

typedef struct {
    const char *name;        /* the unit, as in units.csv */
    char file[256];          /* <unit>.csv */
    pv_role role;
    const char *label[2];    /* by pv_lang; may be "" */
    pv_colspec *cols;        /* its columns, in columns.csv order */
    int *target;             /* REF columns: the unit referenced; else -1 */
    size_t ncols;
    int id_col, label_col;   /* label_col: the text naming a row (ref breakdowns) */
    pv_colpath up;              /* member: the ref columns to the sample unit */
} pv_unit;

typedef enum { PV_K_COUNT, PV_K_SHARE, PV_K_COUNT_BY, PV_K_DISTINCT, PV_K_MONTHS, PV_K_MEAN } pv_kind;

typedef struct {
    const char *id;
    pv_kind kind;
    int unit;                /* -1: months */
    pv_colpath col;             /* count_by, distinct; mean: the number column */
    pv_cond num, den;        /* count: num filters; share: num among den;
                                mean: over the rows of den */
    const char *label[2];
    int headline;
} pv_mindicator;

typedef enum { PV_BY_CODE, PV_BY_REF, PV_BY_MONTH, PV_BY_CUMULATIVE, PV_BY_BANDS } pv_by;

typedef struct {
    const char *id;          /* the table: participation_<id>.csv */
    int unit;
    pv_colpath by;
    pv_by kind;
    const char *key_name;    /* first column: list name, ref column, "month", "<col>_band" */
    int split;               /* yes/no column of the unit, or -1 */
    char *split_cols[2];     /* "<split>", "not_<split>" */
    int nbands, *lo, *hi;
    const char *band_label[2]; /* "{lo} à {hi} ans"; "" : "lo-hi" */
    const char *indicator;   /* prefix of its share indicators, or NULL */
    int monthly;             /* cumulative: the monthly breakdown it sums */
    int has_mean;            /* a mean column per category: */
    pv_colpath mean;         /* the number column averaged */
} pv_mbreakdown;

enum { PV_MD_UNITS, PV_MD_COLUMNS, PV_MD_INDICATORS, PV_MD_BREAKDOWNS, PV_MD_NFILES };
extern const char *const pv_model_files[PV_MD_NFILES];

typedef struct {
    int present;             /* units.csv is in the folder */
    pv_vtable vt[PV_MD_NFILES];
    int nu, ni, nb;
    pv_unit *u;
    pv_mindicator *ind;
    pv_mbreakdown *bd;
    int sample;              /* the sample unit, or -1 */
} pv_model;

/* Read and check the declarations of folder dir (ctx: the codes and the
 * options of config.csv).  Without units.csv the model is absent (present
 * 0, returns 0).  Returns PV_EXIT_DATA when a declaration is wrong (every
 * problem in rej, the first in *err), PV_EXIT_IO on I/O errors. */
int pv_model_load(pv_model *m, const char *dir, const pv_vctx *ctx, pv_rejects *rej,
                  pv_err *err);
/* Write the declarations, normalised, into dir (the clean folder). */
int pv_model_write(const pv_model *m, const char *dir, pv_err *err);
void pv_model_free(pv_model *m);

/* Unit index by name, or -1. */
int pv_model_unit(const pv_model *m, const char *name);

/* The row of the last unit of path p reached from row r of its first
 * unit (t: the loaded tables, indexed like m->u). */
size_t pv_path_row(const pv_colpath *p, const pv_vtable *t, size_t r);
/* The value of path p at row r. */
pv_val pv_path_val(const pv_colpath *p, const pv_vtable *t, size_t r);
/* The column spec at the end of p. */
const pv_colspec *pv_path_spec(const pv_model *m, const pv_colpath *p);
/* Whether row r of the condition's unit satisfies it. */
int pv_cond_holds(const pv_model *m, const pv_cond *c, const pv_vtable *t, size_t r);
/* Whether two conditions are the same clauses in the same order (the
 * same rows, declared the same way). */
int pv_cond_equal(const pv_cond *a, const pv_cond *b);
/* The value of a number path (int or decimal column) at row r. */
double pv_path_num(const pv_model *m, const pv_colpath *p, const pv_vtable *t, size_t r);

#endif
