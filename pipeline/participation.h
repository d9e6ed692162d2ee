/* participation.h — first-level statistics of the participation reports.
 *
 * Reads a clean dataset (out/clean), writes out/level1/participation_*.csv
 * and the source's rows of the shared indicator table
 * (out/level1/indicators_participation.csv).  See docs/METHODS.md.
 */
#ifndef PV_PARTICIPATION_H
#define PV_PARTICIPATION_H

#include "dataset.h"

/* Compute and write every participation table of dataset d into outdir.
 * The tables of the units the replicates resample are released (freed,
 * emptied) once read: pv_dataset_free frees the rest.  Returns 0 or an
 * error status with *err set. */
int pv_participation_write(pv_dataset *d, const char *outdir, pv_err *err);

/* Load the clean tables of folder `in` (written by ingest: any reject is
 * an error) and write the participation tables into `out`. */
int pv_participation_run(const char *in, const char *out, pv_err *err);

#endif
