/* qualdata.h — coded focus-group and interview material: codebook,
 * sessions, excerpts, codings, and the privacy list.
 *
 * The same loader validates the raw files (ingest) and reads the clean
 * ones (the qualitative stage).  A parent code must come before its
 * children (the codebook refers to itself), so the hierarchy has no
 * cycles.  See data/README.md, "Focus groups and interviews".
 */
#ifndef PV_QUALDATA_H
#define PV_QUALDATA_H

#include "dataset.h"

enum { PV_QL_CODEBOOK, PV_QL_SESSIONS, PV_QL_EXCERPTS, PV_QL_CODINGS, PV_QL_PRIVACY,
       PV_QL_NTABLES };
/* Spec column positions (the specs in qualdata.c are indexed by them). */
enum { CB_CODE, CB_PARENT, CB_LABEL_FR, CB_LABEL_EN, CB_VALENCE, CB_DESCRIPTION, CB_NCOLS };
enum { SE_ID, SE_KIND, SE_GROUP, SE_REGION, SE_DATE, SE_PARTICIPANTS, SE_NCOLS };
enum { EX_ID, EX_SESSION, EX_SPEAKER, EX_TEXT, EX_START, EX_END, EX_NCOLS };
enum { CO_EXCERPT, CO_CODER, CO_CODE, CO_NCOLS };
enum { PR_TERM, PR_KIND, PR_NCOLS };
enum { PV_VALENCE_POSITIVE, PV_VALENCE_NEGATIVE, PV_VALENCE_NEUTRAL };

extern const char *const pv_ql_files[PV_QL_NTABLES];

typedef struct {
    int present;               /* the dataset has qualitative material */
    int has_privacy;           /* privacy.csv given */
    pv_vtable t[PV_QL_NTABLES];
    /* A REFI-QDA project (pv_qualdata_import): its rows are its selections
     * and its codings of whole sources (refiqda.h); read = kept + rejected. */
    int has_project;           /* the dataset has one (read or not) */
    int imported;              /* it was read: the tables come from it */
    pv_table project;          /* for the report: name (path), bytes */
    size_t project_read, project_kept, project_rejected;
    int has_attrs;             /* sessions.csv beside the project */
    pv_vtable attrs;           /* that file, validated like sessions.csv */
} pv_qualdata;

/* Load dir's qualitative files and privacy_dir's privacy.csv (optional;
 * usually the same folder), validated against d's code lists; row errors
 * go to rej.  q is zeroed, or filled by pv_qualdata_import (its project
 * fields are kept).  No codebook.csv: present = 0.  Returns 0, PV_EXIT_IO with
 * *err set, or PV_EXIT_DATA with *err = the first error of privacy.csv
 * ("file:line:column: ...") when any of its rows is rejected (a term
 * without a letter or digit, or the same as an earlier one once folded by
 * pv_textnorm, is rejected too): a privacy list with a hole must stop the
 * run, never go on with the kept terms.  privacy.csv is read last: the
 * errors of the other tables are in rej as well. */
int pv_qualdata_load(pv_qualdata *q, const char *dir, const char *privacy_dir,
                     const pv_dataset *d, pv_rejects *rej, pv_err *err);

/* If dir holds a REFI-QDA project (qualitative.qdpx or qualitative.qde),
 * import it into the tables of import_dir (created: codebook.csv,
 * sessions.csv, excerpts.csv, codings.csv, sources.csv), set q->imported,
 * and count its rows; what it has that is not imported is one reject each
 * (file: the project, line: of its XML).  A sessions.csv beside the
 * project gives or overrides the sessions' attributes: it is validated
 * against d's code lists with every column but session_id optional, and
 * each row names a text source by its name (the session_id the import
 * gives it) or its GUID (any case, braces or not); a row that names no
 * text source, or a source an earlier row named, is rejected; the
 * non-empty cells of a kept row replace the project's.  q must be zeroed.
 * Returns 0 (an unreadable project is a reject and q->imported stays 0),
 * or an error status with *err set.  The import's warnings are printed on
 * stderr. */
int pv_qualdata_import(pv_qualdata *q, const char *dir, const char *import_dir,
                       const pv_dataset *d, pv_rejects *rej, pv_err *err);
/* Write the kept rows of the five tables into dir. */
int pv_qualdata_write_clean(const pv_qualdata *q, const char *dir, pv_err *err);
void pv_qualdata_free(pv_qualdata *q);

#endif
