/* manifest.h — the reproduction manifest: every input and output file of a
 * run with its size and SHA-256, so a later run can be checked byte for byte.
 *
 * The manifest is a CSV file (csvout.h):
 *
 *   path,role,bytes,sha256
 *   proxeval-version,,,0.1.0
 *   data/demo/config.csv,input,812,9f86d0...
 *   out/clean/config.csv,output,790,60303a...
 *
 * a header, then the version row, then one row per regular file of the
 * folders walked, sorted by path in byte order (strcmp), so the output does
 * not depend on the order in which the file system lists a folder.  Paths
 * are the folder as given, '/', the path inside it (trailing '/' of the
 * folder dropped; nothing else normalised).
 *
 * The walk is recursive; it keeps regular files only, does not follow
 * symbolic links below the folders given (they are skipped; a folder given
 * is opened even if it is a link, like find -H), and skips any file whose
 * name ends in ".tmp" and the manifest file itself (same device and inode).
 * Files are hashed (OpenSSL's SHA-256) in 64 KiB chunks: they may be larger
 * than memory.
 *
 * Errors (PV_EXIT_IO, message "path: strerror"): a folder or file that
 * cannot be opened or read, a version file that cannot be read or is empty.
 * Workload: a few thousand files; the paths are held in memory, not the
 * contents.
 */
#ifndef PV_MANIFEST_H
#define PV_MANIFEST_H

#include "pv.h"

typedef enum { PV_MF_INPUT = 0, PV_MF_OUTPUT = 1 } pv_mf_role;

/* A folder to walk and the role of every file under it.  Borrowed. */
typedef struct {
    const char *dir;
    pv_mf_role role;
} pv_mf_dir;

/* One file of the manifest. */
typedef struct {
    char *path;           /* owned: folder as given + '/' + relative path */
    pv_mf_role role;
    long long bytes;      /* bytes hashed (the file's size) */
    char sha256[65];      /* lowercase hex, NUL-terminated */
} pv_mf_entry;

/* The files, sorted by path.  A zeroed pv_manifest is empty and valid. */
typedef struct {
    pv_mf_entry *e;       /* owned, n used of cap */
    size_t n, cap;
} pv_manifest;

/* "input" / "output". */
const char *pv_mf_role_name(pv_mf_role role);

/* Walk the n folders dirs, sort the files by path (byte order; a path
 * found twice, from overlapping folders, is kept once, as input if either
 * folder was an input) and hash every file.  skip: the manifest file, left
 * out if it exists (NULL: nothing skipped).  m must be zeroed.  Returns 0,
 * or PV_EXIT_IO with *err set; m must be freed in both cases. */
int pv_manifest_build(pv_manifest *m, const pv_mf_dir *dirs, size_t n,
                      const char *skip, pv_err *err);

/* Write m to path (via path.tmp, renamed) with the version row first.
 * Returns 0 or PV_EXIT_IO with *err set (no file left behind). */
int pv_manifest_write(const pv_manifest *m, const char *path,
                      const char *version, pv_err *err);

/* Frees what m owns and zeroes it.  NULL or zeroed: no-op. */
void pv_manifest_free(pv_manifest *m);

/* The content of file, with leading and trailing white space removed,
 * into buf (size n).  Returns 0, or PV_EXIT_IO with *err set when the file
 * cannot be read, is empty after trimming or longer than n - 1. */
int pv_manifest_version(const char *file, char *buf, size_t n, pv_err *err);

/* SHA-256 of the regular file path (not followed if a symbolic link),
 * read in chunks: lowercase hex into hex, its size into *bytes.  Returns 0
 * or PV_EXIT_IO with *err set ("path: strerror"). */
int pv_sha256_file(const char *path, char hex[65], long long *bytes, pv_err *err);

/* The whole stage: version from version_file, build, write out. */
int pv_manifest_run(const char *out, const char *version_file,
                    const pv_mf_dir *dirs, size_t n, pv_err *err);

#endif
