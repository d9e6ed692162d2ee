/* table.h — reading a delimited text file into memory, with positions.
 *
 * Built on libcsv (strict mode).  libcsv reports fields and row ends but no
 * positions, so the file is fed to it one physical line at a time and the
 * reader keeps, for every record, the line where it starts; for an
 * unterminated quote, the line where the quoted field opened.  A file with
 * no quote and ',' as delimiter (plain) is split here instead, line by
 * line, exactly as libcsv would (tests/unit/test_table.c compares them):
 * libcsv's state machine was most of ingest's time.
 *
 * Before parsing: a UTF-8 BOM is stripped, UTF-16 is refused, the bytes are
 * validated as UTF-8; a file that is not UTF-8 but is Windows-1252 is
 * converted (PV_ENC_AUTO) or refused (PV_ENC_UTF8).  The delimiter (',' ';'
 * or tab) is detected on the header line unless given.  Unquoted fields lose
 * their leading and trailing spaces (libcsv's rule).
 *
 * Structural errors (bad quoting, wrong number of fields) reject the record
 * into the pv_rejects list; every other record is kept.  All field strings
 * live in one arena owned by the table.  Workload: whole files in memory,
 * tens of MB, one pass.  A regular file is mapped read-only while it is
 * parsed (not copied to the heap; the pages passed are given back), so a
 * file truncated by another program during the read would stop the
 * program (SIGBUS); pipes are read whole.  Files are at most 4 GB (field
 * offsets are 32 bits); a larger one is refused.
 */
#ifndef PV_TABLE_H
#define PV_TABLE_H

#include <stdint.h>
#include <string.h>
#include "pv.h"
#include "rejects.h"

typedef enum { PV_ENC_AUTO = 0, PV_ENC_UTF8, PV_ENC_CP1252 } pv_encoding;

typedef struct {
    int delim;             /* ',' ';' '\t', or 0 to detect */
    pv_encoding encoding;
} pv_table_opts;

typedef struct {
    char *name;            /* file name used in messages (owned) */
    char delim;            /* delimiter used */
    const char *encoding;  /* "utf-8", "utf-8 (BOM)", "windows-1252" (static) */
    size_t n_cols;         /* header fields */
    char **cols;           /* header names, point into arena */
    size_t n_rows;         /* kept records */
    long *line;            /* n_rows: line where each record starts, from 1 */
    uint32_t *row_off;     /* n_rows: offset in arena of each record's first
                              field; its other fields follow, each after the
                              NUL of the one before (a file is at most 4 GB) */
    uint32_t *off;         /* or, in files wider than PV_ROW_OFF_COLS and
                              tables built cell by cell (sav.c), n_rows *
                              n_cols offsets of every field (row_off NULL) */
    char *arena;           /* NUL-terminated field strings */
    size_t arena_len, arena_cap;
    size_t n_read;         /* data records seen (kept + rejected here) */
    size_t n_bad;          /* data records rejected by the reader */
    size_t bytes;          /* size of the file on disk */
    int truncated;         /* refused because an unterminated quote swallowed
                              its end: nothing of it may be published */
    unsigned char *cell_flags; /* n_rows * n_cols PV_CELL_* flags, or NULL
                              (CSV files have none; see sav.h) */
    int plain;             /* no field needs quotes in CSV output (no quote
                              in the file, ',' as delimiter): fields may be
                              copied out as they are (pv_csvw_plain) */
} pv_table;

/* Cell flags of tables read from statistical packages' files. */
enum { PV_CELL_USER_MISSING = 1 };

/* Read path into *t (zeroed first).  name is what messages call the file.
 * Structural errors go to rej and the call still succeeds.  Returns 0, or
 * PV_EXIT_IO (unreadable file) or PV_EXIT_DATA (file refused
 * as a whole: encoding, no header) with *err set; in the latter case
 * t->n_read counts the records that were lost and one entry is in rej. */
int pv_table_read(pv_table *t, const char *path, const char *name,
                  const pv_table_opts *o, pv_rejects *rej, pv_err *err);

/* Records handed over as they are read (pv_table_read_hooked), in a file
 * without quotes and with ',' as delimiter (plain: a record is one line, and
 * no unterminated quote can refuse the file after its records were seen).
 * header: called once the header is read (t->cols set), with an upper bound
 * of the records; nonzero: no record is handed over.  row: called for each
 * kept record r, the last one in the arena; it may shorten the record's
 * fields in place and lower t->arena_len to their new end. */
typedef struct {
    int (*header)(void *ctx, pv_table *t, size_t max_rows);
    void (*row)(void *ctx, pv_table *t, size_t r);
    void *ctx;
} pv_table_hook;

/* pv_table_read, handing records to h as they are read when the file is
 * plain (h->header was then called: else the caller goes through the rows
 * after the read). */
int pv_table_read_hooked(pv_table *t, const char *path, const char *name,
                         const pv_table_opts *o, const pv_table_hook *h,
                         pv_rejects *rej, pv_err *err);

/* Column index of a header name, or -1. */
int pv_table_col(const pv_table *t, const char *name);

/* Field (row, col) as a NUL-terminated string owned by t.  A file of at
 * most PV_ROW_OFF_COLS columns keeps one offset per record, not per field:
 * a field is found past the ones before it in its record (a few short
 * strings), which at 100x the demo saves 4 bytes of each of 10 M fields;
 * wider files (questionnaire responses) keep an offset per field. */
#define PV_ROW_OFF_COLS 8
static inline const char *pv_table_get(const pv_table *t, size_t row, size_t col)
{
    if (t->off)
        return t->arena + t->off[row * t->n_cols + col];
    const char *p = t->arena + t->row_off[row];
    while (col--)
        p += strlen(p) + 1;
    return p;
}

/* Flags of (row, col): 0 for a CSV file. */
static inline unsigned pv_table_flags(const pv_table *t, size_t row, size_t col)
{
    return t->cell_flags ? t->cell_flags[row * t->n_cols + col] : 0;
}

/* Free everything t owns; t may be NULL or zeroed. */
void pv_table_free(pv_table *t);

#endif
