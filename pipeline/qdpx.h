/* qdpx.h — the clean qualitative tables back into a REFI-QDA project
 * (.qdpx), so that a team can take a merged, cleaned project back into
 * its QDA tool.  The inverse of refiqda.h: what this writes, the import
 * reads back to the same tables (data/README.md, "Exporting back:
 * out/project.qdpx", says which differences remain).
 *
 * Read: <in>/codebook.csv, sessions.csv, excerpts.csv (start, end
 * optional), codings.csv, and config.csv (period_end, title).  Written
 * with libxml2's xmlTextWriter (project.qde) and libzip (the archive).
 *
 * The archive, in this order: `project.qde`, then `sources/<guid>.txt`
 * for each session (sessions.csv order); entries stored (no compression:
 * no zlib version can change the bytes), every entry dated period_end
 * 00:00:00 (MS-DOS time, no time zone involved).  Same tables, same bytes.
 *
 * Mapping (GUIDs: pv_refiqda_uuid(kind, name), so the same id gives the
 * same GUID in every export):
 *   Users     one User per coder (order of first coding), guid
 *             ("user", coder), name = coder.
 *   CodeBook  one Code per row, nested under its parent (roots and
 *             siblings in codebook.csv order), guid ("code", code), name =
 *             code, isCodable true; Description = the description, then
 *             the lines `label_fr: …`, `label_en: …`, `valence: …` the
 *             import reads back.
 *   Variables kind, group, region (Text), date (Date), participants
 *             (Integer), those that some session has; guid ("variable",
 *             name).
 *   Cases     one Case per speaker (order of first excerpt), guid
 *             ("speaker", name), with a SelectionRef to each of their
 *             excerpts: the import takes a selection's speaker from it.
 *   Sources   one TextSource per session, guid ("session", session_id),
 *             name = session_id, plainTextPath internal://<guid>.txt; one
 *             PlainTextSelection per excerpt, guid ("excerpt",
 *             excerpt_id), name = excerpt_id (so the import gives back
 *             the id), with one Coding per coding row (guid ("coding",
 *             excerpt_id LF coder LF code), creatingUser = the coder's
 *             User, CodeRef = the code); then the session's attributes as
 *             VariableValues.
 *
 * The text of a session (the export has no source text: it is rebuilt
 * from the excerpts):
 *   placed   when every excerpt of the session has start and end, its text
 *            is end - start characters long, and excerpts that overlap
 *            agree on the characters they share: each excerpt at its place;
 *            a character no excerpt covers is a space, the last one of
 *            each gap a line feed.  Positions are kept.
 *   joined   otherwise: the excerpts in excerpts.csv order, separated by
 *            an empty line ("\n\n"), positions counted in characters
 *            (Unicode code points, as REFI-QDA counts).  A session whose
 *            positions could not be used gets a warning.
 */
#ifndef PV_QDPX_H
#define PV_QDPX_H

#include "pv.h"

typedef struct {
    int present;             /* the folder has qualitative tables */
    size_t users, codes, sessions, excerpts, codings, cases;
    size_t placed, joined;   /* sessions whose text was placed / joined */
    char **warnings;         /* n_warnings messages (g_malloc'd) */
    size_t n_warnings;
} pv_qdpx_summary;

/* Export the clean tables of in_dir to the .qdpx out_path (written to a
 * temporary file, then renamed).  No codebook.csv in in_dir: s->present =
 * 0 and nothing is written.  Returns 0, or PV_EXIT_DATA (a table is not
 * as the clean folder has it: missing column, unknown reference) or
 * PV_EXIT_IO with *err set. */
int pv_qdpx_export(const char *in_dir, const char *out_path, pv_qdpx_summary *s, pv_err *err);

void pv_qdpx_summary_free(pv_qdpx_summary *s);

#endif
