/* dataset.h — a participation dataset folder, loaded and validated.
 *
 * Files are read in dependency order (config, codes, the model's
 * declarations, then its units in the order of units.csv) so foreign keys
 * point at rows already kept.  The same
 * loader reads a raw dataset (ingest) and the clean tables (later stages).
 */
#ifndef PV_DATASET_H
#define PV_DATASET_H

#include "codes.h"
#include "config.h"
#include "model.h"

typedef struct {
    pv_config cfg;
    pv_codes codes;
    pv_model model;                /* units.csv ...: the participation model */
    pv_vtable *t;                  /* one table per unit of the model */
    int n_loaded;                  /* tables loaded (for the report) */
    int has_participation;         /* the folder declares a participation
                                      model (units.csv): 0 for a dataset
                                      without participation reports */
} pv_dataset;

/* Load dir/config.csv, dir/codes.csv, the model (model.h) and a table per
 * unit.  The participation source is optional: without units.csv nothing
 * more is read and has_participation is 0; with it, every unit's file is
 * required.  Row errors go to rej.  Returns 0; PV_EXIT_DATA when
 * config.csv, codes.csv or a declaration is invalid (the tables are then
 * not read); PV_EXIT_IO on I/O errors.  *err holds the first message. */
int pv_dataset_load(pv_dataset *d, const char *dir, pv_rejects *rej, pv_err *err);
void pv_dataset_free(pv_dataset *d);

/* The validation context of d's other files: its period, decimal
 * separator, delimiter and encoding, and its code lists (no tables). */
pv_vctx pv_dataset_vctx(const pv_dataset *d);

#endif
