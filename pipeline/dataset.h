/* dataset.h — a participation dataset folder, loaded and validated.
 *
 * Files are read in dependency order (config, codes, territories, families,
 * children, referrals) so foreign keys point at rows already kept.  The same
 * loader reads a raw dataset (ingest) and the clean tables (later stages).
 */
#ifndef PV_DATASET_H
#define PV_DATASET_H

#include "codes.h"
#include "config.h"

typedef enum { PV_T_TERRITORIES, PV_T_FAMILIES, PV_T_CHILDREN, PV_T_REFERRALS,
               PV_NTABLES } pv_table_id;

/* Spec column positions, for fast typed access; the specs in dataset.c
 * are indexed by them (designated initialisers), sized by *_NCOLS. */
enum { TER_ID, TER_NAME, TER_REGION, TER_CARRIER, TER_NCOLS };
enum { FAM_ID, FAM_TERRITORY, FAM_FIRST, FAM_ISOLATED, FAM_REACHED, FAM_NCOLS };
enum { CHI_ID, CHI_FAMILY, CHI_AGE, CHI_NCOLS };
enum { REF_ID, REF_FAMILY, REF_DATE, REF_DEST, REF_NEED, REF_NCOLS };

typedef struct {
    pv_config cfg;
    pv_codes codes;
    pv_vtable t[PV_NTABLES];
    pv_colspec children_cols[CHI_NCOLS]; /* age range from the config */
    int n_loaded;                  /* tables loaded (for the report) */
    int has_participation;         /* the folder has participation tables:
                                      0 when none of the four files is there
                                      (a qualitative-only dataset) */
} pv_dataset;

/* File name of each table ("families.csv"). */
extern const char *const pv_table_files[PV_NTABLES];
extern const char *const pv_table_names[PV_NTABLES];

/* Load dir/config.csv, dir/codes.csv and the four tables.  The tables are
 * optional as a whole: when none of the four files is in dir, none is read
 * and has_participation is 0; when one is, all four are required.  Row
 * errors go to rej.  Returns 0; PV_EXIT_DATA when config.csv or codes.csv is invalid (the
 * tables are then not read); PV_EXIT_IO on I/O errors.  *err holds the
 * first message. */
int pv_dataset_load(pv_dataset *d, const char *dir, pv_rejects *rej, pv_err *err);
void pv_dataset_free(pv_dataset *d);

/* The validation context of d's other files: its period, decimal
 * separator, delimiter and encoding, and its code lists (no tables). */
pv_vctx pv_dataset_vctx(const pv_dataset *d);

#endif
