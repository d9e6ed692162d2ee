/* config.h — dataset settings (config.csv: key, value).
 *
 * The keys are a table (config.c); each has a type, a default or "required".
 * A bad or unknown key is a reject; any reject in config.csv stops the stage,
 * since the other files cannot be checked without a valid period.
 */
#ifndef PV_CONFIG_H
#define PV_CONFIG_H

#include "schema.h"

typedef struct {
    pv_vtable vt;                 /* config.csv as read */
    const char *val[32];          /* resolved value of each key (borrowed) */
    const char *title[2];         /* by pv_lang */
    const char *source[2];
    int32_t period_start, period_end; /* days */
    pv_lang lang;
    int threshold;                /* small-cell threshold (>= 1) */
    pv_table_opts opts;           /* delimiter and encoding of data files */
    char decimal;
    double score_min_share;       /* a construct score needs this share of
                                     its items answered */
    int p_adjust;                 /* a pv_padjust_method (qstats.h): Holm,
                                     Benjamini-Hochberg, Bonferroni, Hochberg */
    long replicates;              /* convergence stability: bootstrap replicates */
    unsigned long seed;           /* and the seed of their generator */
    unsigned agreement_units;     /* PV_AGREE_* bits; 0: auto */
    int agreement_scope_excerpt;  /* 1: a coder answers only for the excerpts
                                     they coded; 0: for every excerpt of a
                                     session they coded (default) */
    double agreement_min_overlap; /* segment agreement: least overlap */
    int default_figures;          /* 1: draw the figures made from the
                                     participation declarations */
} pv_config;

/* Intercoder agreement units (config key agreement_units; docs/METHODS.md). */
enum {
    PV_AGREE_EXCERPT = 1,   /* the excerpt, coded by several coders */
    PV_AGREE_PRESENCE = 2,  /* code presence per session (MAXQDA) */
    PV_AGREE_FREQUENCY = 4, /* code frequency per session (MAXQDA) */
    PV_AGREE_SEGMENT = 8,   /* segments matched by overlap (MAXQDA), Holsti */
    PV_AGREE_CHARACTER = 16, /* characters per code and session (NVivo) */
    PV_AGREE_UNITIZED = 32  /* Krippendorff's unitizing alpha */
};

/* Read config.csv.  Returns 0 when valid; PV_EXIT_DATA with every problem
 * in rej (and the first in *err); PV_EXIT_IO on I/O errors. */
int pv_config_load(pv_config *cfg, const char *path, const char *msgname,
                   pv_rejects *rej, pv_err *err);
/* Write the resolved settings (every key, defaults filled in; delimiter,
 * decimal and encoding set to what clean files use). */
int pv_config_write(const pv_config *cfg, const char *path, pv_err *err);
void pv_config_free(pv_config *cfg);

#endif
