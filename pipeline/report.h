/* report.h — the evaluation report: a static web page (index.html, the
 * figures it shows in figures/, no server and no network needed) and the
 * annex workbook (annexes.xlsx), in one language per run.
 *
 * The page goes from key messages to conclusions to findings to evidence:
 * the author's text (report_text.h) where the dataset has one; under each
 * finding its theme's convergence category, explanation and stability
 * (out/level2/convergence_themes.csv), the evidence of each source
 * (convergence_evidence.csv: indicators with their intervals and ratings;
 * their labels, in the dataset's language there, put in the page's
 * language from the tables that give both, or marked with their lang),
 * the exemplar quotes of the theme's quote codes (clean/triangulation.csv,
 * level1/qualitative_quotes.csv) and the figures declared for it, with their
 * captions and alt text (FIG/captions.csv).  Then the annexes: every level-1
 * and level-2 table (report_table.h), each with links to the methods of its
 * statistics; the methods, a section per statistic the tables use
 * (docs/methods/index.csv: the METHODS.md section of each, and its French
 * text beside the index; a page in French without one shows the English),
 * the data quality (out/ingest.csv) and the reproduction: version, command,
 * and the size and SHA-256 of every file the report read.
 *
 * Accessibility: lang on the page, one h1 and headings without gaps,
 * landmarks (header, nav, main), tables with a caption and th scope, every
 * image with its alt text, a skip link, the convergence category written
 * out (colour only repeats it), contrast of at least 4.5:1.
 *
 * Outputs are written to temporary files and renamed; figures are copied
 * (PNG) into OUT/figures/.  Any problem of the author's text is printed,
 * written to OUT/rejects.csv, and nothing else is written (exit 1): a report
 * without a finding its author wrote must not look complete.
 */
#ifndef PV_REPORT_H
#define PV_REPORT_H

#include "pv.h"

typedef struct {
    const char *in;           /* the pipeline's output folder: clean/, level1/, level2/, ingest.csv */
    const char *figures;      /* the figures of this language (captions.csv, *.png) */
    const char *text;         /* the dataset's report/ folder (may lack report.csv) */
    const char *out;          /* where index.html, annexes.xlsx and figures/ go */
    const char *methods;      /* docs/METHODS.md */
    const char *methods_index; /* docs/methods/index.csv: the methods annex, a section per statistic */
    const char *version_file; /* VERSION */
    const char *messages;     /* data/messages.csv */
    const char *other;        /* link to the report in the other language (relative), or NULL */
    int lang;                 /* PV_LANG_*, or -1: the dataset's (config.csv) */
    const char *command;      /* the command line, shown in the reproduction annex */
} pv_report_opts;

/* Returns 0, PV_EXIT_DATA (the author's text has errors, or an input table
 * is invalid), or PV_EXIT_IO, with *err set. */
int pv_report_run(const pv_report_opts *o, pv_err *err);

#endif
