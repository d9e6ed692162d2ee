/* figures.h — the report's figures, drawn from a catalogue (a CSV file).
 *
 * Each catalogue row names a figure, its chart kind, the first-level table
 * it shows (out/level1/<data>), the columns drawn as series, how bars are
 * labelled, the sort order, and its titles in French and English.  Titles
 * and labels are data: a report author edits the catalogue, not C.
 * Catalogue columns: see data/README.md ("figures.csv").
 */
#ifndef PV_FIGURES_H
#define PV_FIGURES_H

#include "pv.h"

typedef struct {
    const char *const *catalogues; /* figures.csv files, drawn in order */
    int n_catalogues;
    const char *in;         /* pipeline output folder (holds clean/, level1/) */
    const char *out;        /* where figures and captions.csv go */
    int lang;               /* PV_LANG_*, or -1 for the dataset's language */
    const char *messages;   /* message catalogue (messages.h); NULL: the default */
    const char *const *defaults; /* the default catalogues (data/figures.csv,
                               out/level1/figures_<source>.csv made from a
                               source's declarations), drawn first, in order,
                               unless config.csv says default_figures,no; a
                               missing file is none */
    int n_defaults;
    const char *colours;    /* palette slot of each series and category key
                               (data/README.md, colours.csv); NULL: none */
} pv_figures_opts;

/* Draw every figure of the catalogue and write out/captions.csv (figure,
 * title, caption, alt_text, data).  Returns 0 or an error status with *err
 * set (PV_EXIT_DATA for a bad catalogue or table, PV_EXIT_IO otherwise). */
int pv_figures_run(const pv_figures_opts *o, pv_err *err);

/* Name of figure kind i (0, 1, ...: the catalogue's `kind` column), or NULL
 * past the last one. */
const char *pv_figures_kind(int i);

#endif
