/* refiqda.h — REFI-QDA project exchange files (.qdpx, .qde) into the four
 * qualitative tables: codebook, sessions, excerpts, codings
 * (data/README.md, "Focus groups and interviews").
 *
 * Read with libxml2 (the XML) and libzip (the .qdpx archive).  Workload: one
 * project of a few MB (hundreds of codes, thousands of coded segments), read
 * whole into memory once.  The reader is lenient: unknown elements and
 * attributes are ignored, elements are matched by local name whatever their
 * namespace, missing optional parts leave fields empty.  It never invents a
 * value: what cannot be read is left empty with a warning, so that ingest
 * validates the tables with its ordinary schemas and rejects those rows
 * with their reasons; no coded segment is dropped silently.
 *
 * Mapping (the conventions a project must follow; documented in METHODS):
 *
 * .qdpx   the single *.qde of the archive (any name, any case; if several,
 *         the single one at the top level).  The kind of file is told by
 *         its first bytes (a ZIP starts with "PK"), not its extension.
 *
 * texts   a TextSource's PlainTextContent, else the file its plainTextPath
 *         names: `internal://F` is the archive's `Sources/F` (any case,
 *         NVivo writes `sources/`), or `Sources/F` (or `sources/F`) beside a
 *         .qde; `relative://P` is the file P beside the project (leading
 *         slashes removed), else `Sources/P`; an absolute path (`/...`,
 *         `C:\...`, `file://...`, written on the coder's machine) is looked
 *         up by its file name beside the project, then in `Sources/`
 *         (inside the archive first for a .qdpx).  A path with a `..` part
 *         is refused: the texts are files of the dataset folder.
 *
 * what is not imported, counted (pv_refiqda.rejects): the project's rows
 *         are its selections of every kind (anywhere under Sources) and
 *         its codings of whole sources.  Kept: the PlainTextSelections of
 *         TextSources.  Rejected, one entry each with the element's line:
 *         selections of PDF, picture, audio and video sources (also those
 *         of their Representations and Transcripts) and codings of whole
 *         sources.  n_read = n_kept + n_rejects.  `sources` lists every
 *         source with its kind and counts.
 *
 * codebook  one row per Code, parents before children (document order,
 *         depth first; a created parent comes where its first child was).
 *   code    the code's name without surrounding spaces (and without the
 *           valence mark, below); a name seen before gets " (2)", " (3)"...
 *           in the order of the table.  A code without a name gets its
 *           guid.  ATLAS.ti codes keep their whole name (`A::B`).
 *   parent  the enclosing Code element; for ATLAS.ti's flattened names
 *           `A::B::C` the code whose name is `A::B` (created, with empty
 *           description, neutral, when no such code exists; in turn its
 *           parent is `A`).  A name with `::` takes its parent from the name;
 *           a cycle (enclosing Code and name disagreeing) is cut with a
 *           warning.
 *   label_fr, label_en  a line `label_fr: text` (`label_en: text`) of the
 *           Description, else the last `::` segment of the name, valence
 *           mark removed.
 *   valence a line `valence: positive|negative|neutral` of the Description
 *           (any case, spaces around ':' allowed; `positif/négatif/neutre`
 *           accepted), else a mark before the name: `+` positive, `-` or
 *           `−` (U+2212) negative; else neutral.
 *   description  the Description text (CRLF as LF, trimmed) without its
 *           `valence:`, `label_fr:` and `label_en:` lines (the code's
 *           properties, above).
 *
 * sessions  one row per TextSource.
 *   session_id  the source's name trimmed (guid when none), made unique
 *           like codes.
 *   kind, group, region, date, participants  attributes of the source,
 *           optional (real exports rarely have them), first found wins (a
 *           different second value gives a warning):
 *           1. VariableValues on the TextSource itself, then on the Cases
 *              that have a SourceRef to it (Case order), by the Variable's
 *              name;
 *           2. ATLAS.ti document groups: Sets named `attribute: value`
 *              with a MemberSource to it.
 *           Attribute names, any case: kind (type, session_kind), group
 *           (groupe, respondent_group), region (région), date,
 *           participants (n_participants, nb_participants).  A DateTime
 *           value keeps its date part.  Missing attributes stay empty.
 *
 * excerpts  one row per passage: the PlainTextSelections of a source with
 *         the same startPosition and endPosition are one passage (NVivo
 *         writes one selection per passage and code), at the place of the
 *         first, with the codings of all.
 *   excerpt_id  the selection's guid (braces removed, lower case); but the
 *           selection's name when the guid is pv_refiqda_uuid("excerpt",
 *           name) (what the export writes, so that ids come back); else
 *           `<session_id>#<n>` (n: the selection's rank in its source, from
 *           1).  Duplicate guids are kept (ingest rejects the duplicates).
 *   speaker the name of the Case with a SelectionRef to the selection (the
 *           first such Case); else a pseudonym when the text starts with
 *           `Name:` — one word of letters, digits, `_ - . '` with at least
 *           one letter (at most 40 bytes), optional spaces (also no-break)
 *           before ':', a space or line end after it — else empty.  The
 *           text keeps the prefix.
 *   text    characters [startPosition, endPosition) of the source's plain
 *           text, counted in Unicode code points (a UTF-8 BOM at the start
 *           of a text file is not counted; a CR counts as a character);
 *           CRLF in the cut becomes LF.  Empty with a warning when the
 *           source has no text (none given, file missing, not UTF-8) or the
 *           positions are not 0 <= start <= end <= length: the passage
 *           keeps its codings and is never quoted.
 *
 * codings  one row per Coding of a passage's selections.
 *   coder   the Coding's creatingUser (else the selection's) resolved to
 *           the User's name, else the guid (normalized); empty with a
 *           warning when none.
 *   code    the key of the CodeRef's code; an unknown guid is kept as it
 *           is (with a warning), so ingest rejects the row.
 *
 * GUIDs are compared without braces and case.
 */
#ifndef PV_REFIQDA_H
#define PV_REFIQDA_H

#include "pv.h"

/* A table of strings: n_rows x n_cols cells, row-major. */
typedef struct {
    size_t n_rows, n_cols;
    const char *const *cols; /* column names (static) */
    char **cells;            /* n_rows * n_cols, each owned, never NULL */
    size_t cap;              /* rows allocated */
} pv_strtab;

/* Cell (row, col), borrowed from t. */
static inline const char *pv_strtab_get(const pv_strtab *t, size_t row,
                                        size_t col)
{
    return t->cells[row * t->n_cols + col];
}

/* Column index of a name, or -1. */
int pv_strtab_col(const pv_strtab *t, const char *name);

/* Column numbers of the four tables (their order in the CSV files). */
enum { PV_QCB_CODE, PV_QCB_PARENT, PV_QCB_LABEL_FR, PV_QCB_LABEL_EN,
       PV_QCB_VALENCE, PV_QCB_DESCRIPTION };
enum { PV_QSE_ID, PV_QSE_KIND, PV_QSE_GROUP, PV_QSE_REGION, PV_QSE_DATE,
       PV_QSE_PARTICIPANTS };
enum { PV_QEX_ID, PV_QEX_SESSION, PV_QEX_SPEAKER, PV_QEX_TEXT };
enum { PV_QCO_EXCERPT, PV_QCO_CODER, PV_QCO_CODE };

enum { PV_QSO_SOURCE, PV_QSO_GUID, PV_QSO_KIND, PV_QSO_SELECTIONS, PV_QSO_CODINGS,
       PV_QSO_PASSAGES };

/* A part of the project that is not imported (one row of the project). */
typedef struct {
    long line;               /* line of the element in the .qde, from 1 */
    char *field;             /* the element ("PDFSelection", "Coding") */
    char *value;             /* its guid, or its source's name */
    char *reason;
} pv_refiqda_reject;

typedef struct {
    pv_strtab codebook, sessions, excerpts, codings;
    /* every source: source (session_id for text sources, else the name),
     * guid, kind (text, pdf, picture, audio, video), selections, codings,
     * passages (the excerpts made of its selections) */
    pv_strtab sources;
    size_t n_read, n_kept;   /* rows of the project: n_read = n_kept + n_rejects */
    pv_refiqda_reject *rejects;
    size_t n_rejects, cap_rejects;
    char **warnings;         /* n_warnings messages "name: what" (owned) */
    size_t n_warnings, cap_warnings;
} pv_refiqda;

/* Read the .qdpx or .qde at path into *q (zeroed first); name is what
 * messages call the file (e.g. "qualitative.qdpx").  Returns 0 (problems
 * with parts of the project are in q->warnings), or with *err set:
 * PV_EXIT_DATA when the file is not a readable project (malformed XML:
 * "name: inner.qde:line:column: libxml2's message"; an archive without a
 * .qde; root element not Project), PV_EXIT_IO (unreadable file, out of
 * memory).  On error *q holds what was read before (free it all the same).
 * err must not be NULL. */
int pv_refiqda_read(pv_refiqda *q, const char *path, const char *name,
                    pv_err *err);

/* Write codebook.csv, sessions.csv, excerpts.csv, codings.csv and
 * sources.csv into the existing folder dir (each via a temporary file,
 * csvout.h).  Returns 0 or the status of the first error, set in *err. */
int pv_refiqda_write(const pv_refiqda *q, const char *dir, pv_err *err);

/* The name-based UUID (RFC 4122 version 5, SHA-1) of "kind:name" in
 * proxeval's namespace, lower case, into out (37 bytes): the export's
 * guids, so that the same tables give the same project. */
void pv_refiqda_uuid(const char *kind, const char *name, char out[37]);

/* Free everything q owns; q may be NULL or zeroed. */
void pv_refiqda_free(pv_refiqda *q);

#endif
