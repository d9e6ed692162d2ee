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
enum { CB_CODE, CB_PARENT, CB_LABEL_FR, CB_LABEL_EN, CB_VALENCE, CB_DESCRIPTION };
enum { SE_ID, SE_KIND, SE_GROUP, SE_REGION, SE_DATE, SE_PARTICIPANTS };
enum { EX_ID, EX_SESSION, EX_SPEAKER, EX_TEXT, EX_START, EX_END };
enum { CO_EXCERPT, CO_CODER, CO_CODE };
enum { PR_TERM, PR_KIND };
enum { PV_VALENCE_POSITIVE, PV_VALENCE_NEGATIVE, PV_VALENCE_NEUTRAL };

extern const char *const pv_ql_files[PV_QL_NTABLES];

typedef struct {
    int present;               /* the dataset has qualitative material */
    int has_privacy;           /* privacy.csv given */
    pv_vtable t[PV_QL_NTABLES];
} pv_qualdata;

/* Load dir's qualitative files and privacy_dir's privacy.csv (optional;
 * usually the same folder), validated against d's code lists; row errors
 * go to rej.  No codebook.csv: present = 0.  Returns 0, PV_EXIT_IO with
 * *err set, or PV_EXIT_DATA with *err = the first error of privacy.csv
 * ("file:line:column: ...") when any of its rows is rejected (a term
 * without a letter or digit, or the same as an earlier one once folded by
 * pv_textnorm, is rejected too): a privacy list with a hole must stop the
 * run, never go on with the kept terms.  privacy.csv is read last: the
 * errors of the other tables are in rej as well. */
int pv_qualdata_load(pv_qualdata *q, const char *dir, const char *privacy_dir,
                     const pv_dataset *d, pv_rejects *rej, pv_err *err);

/* If dir holds a REFI-QDA project (qualitative.qdpx or qualitative.qde),
 * import it into four CSV files in import_dir (created) and set *imported
 * to 1 (else 0).  Returns 0, or an error status with *err set and the
 * cause as a reject of the project file.  The import's warnings are
 * printed on stderr. */
int pv_qualdata_import(const char *dir, const char *import_dir, int *imported,
                       pv_rejects *rej, pv_err *err);
/* Write the kept rows of the five tables into dir. */
int pv_qualdata_write_clean(const pv_qualdata *q, const char *dir, pv_err *err);
void pv_qualdata_free(pv_qualdata *q);

#endif
