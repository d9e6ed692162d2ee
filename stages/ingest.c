/* ingest — validate a raw dataset folder; write clean tables, rejects and
 * the ingest report.
 *
 *   ingest [--out DIR] DATASET
 *
 * Outputs: DIR/clean/<file>.csv (kept rows, normalised), DIR/rejects/<file>.csv
 * (one row per error: file, line, column, field, value, reason) and
 * DIR/ingest.csv (per file: encoding, delimiter, rows read = kept + rejected).
 * Exit 0 when nothing was rejected, 1 when anything was (outputs still
 * written), 2 usage, 3 I/O.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "dataset.h"
#include "qdata.h"
#include "qualdata.h"
#include "convergence.h"
#include "stage.h"

#define MAX_MESSAGES_PER_FILE 10

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: ingest [--out DIR] DATASET\n"
            "Validate every source of the dataset folder DATASET (data/README.md):\n"
            "config.csv and codes.csv; the participation tables; the questionnaires\n"
            "(instruments, items, scales, and the mapping and responses files that\n"
            "instruments.csv names, CSV or SPSS .sav); the focus groups and interviews\n"
            "(codebook, sessions, excerpts, codings, privacy, or a REFI-QDA project\n"
            "qualitative.qdpx or qualitative.qde, imported into DIR/import first);\n"
            "themes.csv and triangulation.csv.  config.csv, codes.csv and the four\n"
            "participation tables are required, the other sources optional.\n\n"
            "  -o, --out DIR  output folder (default: out)\n"
            "  -h, --help     this help\n\n"
            "Writes DIR/clean/*.csv (the kept rows, normalised), DIR/rejects/*.csv (one\n"
            "row per error) and DIR/ingest.csv (per file: rows read = kept + rejected).\n"
            "Exit status: 0 all rows kept, 1 rows rejected (everything still written)\n"
            "or config.csv / codes.csv invalid (nothing written), 2 usage, 3 I/O.\n");
}

/* The files of the dataset, in report order: what the report says of each. */
typedef struct {
    const char *file;          /* name in the dataset folder */
    const pv_table *raw;       /* as read */
    size_t read, kept, rejected, values_rejected;
} entry;

static entry entry_of(const char *file, const pv_vtable *vt)
{
    return (entry){file, &vt->raw, vt->n_read, vt->n, vt->n_rejected, 0};
}

/* Base name of a path (the dataset file name). */
static const char *base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Fills e (room for max entries); returns how many. */
static size_t list_entries(const pv_dataset *d, const pv_qdata *q, const pv_qualdata *ql,
                           const pv_convdata *cv, entry *e, size_t max)
{
    static const char *const qfiles[PV_Q_NTABLES] = {"instruments.csv", "items.csv", "scales.csv"};
    size_t n = 0;
    e[n++] = entry_of("config.csv", &d->cfg.vt);
    e[n++] = entry_of("codes.csv", &d->codes.vt);
    for (int i = 0; i < PV_NTABLES; i++)
        e[n++] = entry_of(pv_table_files[i], &d->t[i]);
    for (int i = 0; cv->present && i < PV_CV_NTABLES; i++)
        e[n++] = entry_of(pv_cv_files[i], &cv->t[i]);
    for (int i = 0; ql->present && i < PV_QL_NTABLES; i++)
        if (i != PV_QL_PRIVACY || ql->has_privacy)
            e[n++] = entry_of(pv_ql_files[i], &ql->t[i]);
    if (!q->present)
        return n;
    for (int i = 0; i < PV_Q_NTABLES; i++)
        e[n++] = entry_of(qfiles[i], &q->t[i]);
    for (size_t k = 0; k < q->n_inst && n + 2 <= max; k++) {
        const pv_qinst *in = &q->inst[k];
        if (in->has_mapping)
            e[n++] = entry_of(base(in->mapping.raw.name), &in->mapping);
        if (in->raw.name)
            e[n++] = (entry){base(in->raw.name), &in->raw, in->n_read, in->n,
                             in->n_rejected, in->values_rejected};
    }
    return n;
}

static const char *delim_name(char c)
{
    return c == ';' ? "semicolon" : c == '\t' ? "tab" : c == ',' ? "comma" : "";
}

/* Say which files were converted from Windows-1252 (also in ingest.csv). */
static void print_conversions(const entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (e[i].raw->encoding && strcmp(e[i].raw->encoding, "windows-1252") == 0)
            pv_warn("%s: not UTF-8: read as Windows-1252 and converted", e[i].raw->name);
}

/* Print the first errors of each file on stderr; all are in the rejects. */
static void print_rejects(const pv_rejects *rej, const char *outdir)
{
    const char *cur = NULL;
    size_t shown = 0, hidden = 0;
    for (size_t i = 0; i <= rej->n; i++) {
        const pv_reject *e = i < rej->n ? &rej->v[i] : NULL;
        if (!e || !cur || strcmp(e->file, cur)) {
            if (hidden)
                pv_warn("%s: %zu more errors in %s/rejects/", cur, hidden, outdir);
            if (!e)
                break;
            cur = e->file;
            shown = hidden = 0;
        }
        if (shown++ >= MAX_MESSAGES_PER_FILE) {
            hidden++;
            continue;
        }
        pv_warn("%s:%ld:%d: %s%s%s ('%s')", e->file, e->line, e->column,
                e->field, *e->field ? ": " : "", e->reason, e->value);
    }
}

static int write_rejects(const pv_rejects *rej, const char *path,
                         const char *file, pv_err *err)
{
    pv_csvw w;
    size_t flen = strlen(file);
    pv_csvw_open(&w, path, err);
    pv_csvw_row(&w, "file", "line", "column", "field", "value", "reason", NULL);
    for (size_t i = 0; i < rej->n; i++) {
        const pv_reject *e = &rej->v[i];
        size_t len = strlen(e->file);
        if (len < flen || strcmp(e->file + len - flen, file) ||
            (len > flen && e->file[len - flen - 1] != '/'))
            continue;
        pv_csvw_str(&w, file);
        pv_csvw_int(&w, e->line);
        pv_csvw_int(&w, e->column);
        pv_csvw_str(&w, e->field);
        pv_csvw_str(&w, e->value);
        pv_csvw_str(&w, e->reason);
        pv_csvw_end(&w);
    }
    return pv_csvw_close(&w);
}

static int write_outputs(const pv_dataset *d, const pv_qdata *q, const pv_qualdata *ql,
                         const pv_convdata *cv, const entry *e,
                         size_t n, const pv_rejects *rej, const char *out, pv_err *err)
{
    char dir[4096], path[8192];
    pv_csvw w;

    pv_path(dir, sizeof dir, out, "clean");
    if (pv_mkdirs(dir, err))
        return err->status;
    pv_config_write(&d->cfg, pv_path(path, sizeof path, dir, "config.csv"), err);
    pv_vtable_write(&d->codes.vt, pv_path(path, sizeof path, dir, "codes.csv"), err);
    for (int i = 0; i < PV_NTABLES; i++)
        pv_vtable_write(&d->t[i], pv_path(path, sizeof path, dir, pv_table_files[i]), err);
    pv_qdata_write_clean(q, dir, err);
    pv_qualdata_write_clean(ql, dir, err);
    pv_convdata_write_clean(cv, dir, err);
    pv_path(dir, sizeof dir, out, "rejects");
    if (pv_mkdirs(dir, err))
        return err->status;
    for (size_t i = 0; i < n; i++) { /* rejects are CSV: tiny.sav -> tiny.sav.csv */
        size_t len = strlen(e[i].file);
        int csv = len >= 4 && strcmp(e[i].file + len - 4, ".csv") == 0;
        snprintf(path, sizeof path, "%s/%s%s", dir, e[i].file, csv ? "" : ".csv");
        write_rejects(rej, path, e[i].file, err);
    }
    pv_csvw_open(&w, pv_path(path, sizeof path, out, "ingest.csv"), err);
    pv_csvw_row(&w, "file", "encoding", "delimiter", "bytes", "rows_read",
                "rows_kept", "rows_rejected", "values_rejected", NULL);
    for (size_t i = 0; i < n; i++) {
        pv_csvw_str(&w, e[i].file);
        pv_csvw_str(&w, e[i].raw->encoding);
        pv_csvw_str(&w, delim_name(e[i].raw->delim));
        pv_csvw_int(&w, (long long)e[i].raw->bytes);
        pv_csvw_int(&w, (long long)e[i].read);
        pv_csvw_int(&w, (long long)e[i].kept);
        pv_csvw_int(&w, (long long)e[i].rejected);
        pv_csvw_int(&w, (long long)e[i].values_rejected);
        pv_csvw_end(&w);
    }
    pv_csvw_close(&w);
    return err->status;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *out = "out";
    pv_dataset d;
    pv_qdata q = {0};
    pv_qualdata ql = {0};
    pv_convdata cv = {0};
    entry *e = NULL;
    size_t n = 0;
    pv_rejects rej = {0};
    pv_err err = {0};
    int c, st;

    pv_progname = "ingest";
    pv_atexit_close_stdout();
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'h': usage(stdout); return PV_EXIT_OK;
        default: usage(stderr); return PV_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return PV_EXIT_USAGE;
    }
    st = pv_dataset_load(&d, argv[optind], &rej, &err);
    if (!st)
        st = pv_qdata_load(&q, argv[optind], &d, &rej, &err);
    if (!st) { /* a REFI-QDA project is imported first, into OUT/import */
        char imp[4096];
        snprintf(imp, sizeof imp, "%s/import", out);
        int imported;
        st = pv_qualdata_import(argv[optind], imp, &imported, &rej, &err);
        if (st == PV_EXIT_DATA) { /* the project is refused (a reject): go on without it */
            pv_warn("%s", err.msg);
            memset(&err, 0, sizeof err);
            st = 0;
        } else if (!st)
            st = pv_qualdata_load(&ql, imported ? imp : argv[optind], argv[optind], &d, &rej, &err);
    }
    if (!st)
        st = pv_convdata_load(&cv, argv[optind], &d, &rej, &err);
    {
        size_t max = 2 + PV_NTABLES + PV_Q_NTABLES + 2 * q.n_inst + PV_QL_NTABLES + PV_CV_NTABLES;
        if (!(e = malloc(max * sizeof *e))) {
            st = pv_err_set(&err, PV_EXIT_IO, "out of memory");
            pv_die(&err);
            goto done;
        }
        n = list_entries(&d, &q, &ql, &cv, e, max);
    }
    print_conversions(e, n);
    pv_rejects_sort(&rej);
    print_rejects(&rej, out);
    if (st == PV_EXIT_IO || (st && d.n_loaded == 0 && rej.n == 0)) {
        st = pv_die(&err);
        goto done;
    }
    if (st) {
        pv_warn("cannot go on: fix config.csv and codes.csv first");
        goto done;
    }
    if ((st = write_outputs(&d, &q, &ql, &cv, e, n, &rej, out, &err))) {
        st = pv_die(&err);
        goto done;
    }
    st = rej.n ? PV_EXIT_DATA : PV_EXIT_OK;
done:
    free(e);
    pv_convdata_free(&cv);
    pv_qualdata_free(&ql);
    pv_qdata_free(&q);
    pv_dataset_free(&d);
    pv_rejects_free(&rej);
    return st;
}
