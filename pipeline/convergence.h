/* convergence.h — the second level: does each source support each theme,
 * and do the sources converge?
 *
 * Reads the themes and the triangulation map (clean tables from ingest)
 * and the indicator tables of the first-level stages; rates the evidence
 * of every (theme, source), codes the convergence of every theme and every
 * pair of sources (Farmer et al. 2006), explains each classification,
 * checks its stability, and writes the joint display.  docs/METHODS.md,
 * "Convergence", gives every rule.
 */
#ifndef PV_CONVERGENCE_H
#define PV_CONVERGENCE_H

#include "dataset.h"

enum { PV_CV_THEMES, PV_CV_MAP, PV_CV_NTABLES };
enum { TH_ID, TH_LABEL_FR, TH_LABEL_EN, TH_Q_FR, TH_Q_EN };
enum { TM_THEME, TM_SOURCE, TM_INDICATOR, TM_DIRECTION, TM_THRESHOLD, TM_MARGIN, TM_QUOTE };

typedef struct {
    int present;
    pv_vtable t[PV_CV_NTABLES];
} pv_convdata;

extern const char *const pv_cv_files[PV_CV_NTABLES];

/* themes.csv and triangulation.csv of dir (absent: present = 0). */
int pv_convdata_load(pv_convdata *c, const char *dir, const pv_dataset *d,
                     pv_rejects *rej, pv_err *err);
int pv_convdata_write_clean(const pv_convdata *c, const char *dir, pv_err *err);
void pv_convdata_free(pv_convdata *c);

/* in: the pipeline's output folder (holding clean/ and level1/); out: where
 * the level-2 tables go. */
int pv_convergence_run(const char *in, const char *out, pv_err *err);

#endif
