/* ingest — validate a raw dataset folder; write clean tables, rejects and
 * the ingest report.
 *
 *   ingest [--out DIR] DATASET
 *
 * Outputs: DIR/clean/<file>.csv (kept rows, normalised), DIR/rejects/<file>.csv
 * (one row per error: file, line, column, field, value, reason) and
 * DIR/ingest.csv (per file: encoding, delimiter, rows read = kept + rejected).
 * Exit 0 when nothing was rejected, 1 when rows were (outputs still
 * written: the run may go on with the kept rows), 2 usage, 3 I/O, 4 when the
 * dataset cannot be used as it is (config.csv, codes.csv or another
 * definition file has errors, or a file is truncated by an unterminated
 * quote): then only the report and the rejects are written, never clean
 * tables.  Every run first removes what an earlier run left in DIR/clean
 * and DIR/rejects, so no output of an earlier run looks current.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
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
#include "xalloc.h"

#define MAX_MESSAGES_PER_FILE 10

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: ingest [--out DIR] DATASET\n"
            "Validate every source of the dataset folder DATASET (data/README.md):\n"
            "config.csv and codes.csv; the participation model (units.csv, columns.csv,\n"
            "indicators.csv, breakdowns.csv) and a file per unit it declares; the questionnaires\n"
            "(instruments, items, scales, and the mapping and responses files that\n"
            "instruments.csv names, CSV or SPSS .sav); the focus groups and interviews\n"
            "(codebook, sessions, excerpts, codings, privacy, or a REFI-QDA project\n"
            "qualitative.qdpx or qualitative.qde, imported into DIR/import first);\n"
            "themes.csv and triangulation.csv.  config.csv and codes.csv are required;\n"
            "the participation source (present when units.csv is) and the other sources\n"
            "are optional.\n\n"
            "  -o, --out DIR  output folder (default: out)\n"
            "  -h, --help     this help\n\n"
            "Writes DIR/clean/*.csv (the kept rows, normalised), DIR/rejects/*.csv (one\n"
            "row per error) and DIR/ingest.csv (per file: rows read = kept + rejected).\n"
            "Exit status: 0 all rows kept, 1 rows rejected (everything still written),\n"
            "2 usage, 3 I/O, 4 dataset refused: config.csv, codes.csv, privacy.csv or\n"
            "another definition has errors, or a file is truncated by an unterminated\n"
            "quote (only DIR/ingest.csv and DIR/rejects/ are written; ACCEPT_REJECTS=1\n"
            "does not go on).\n");
}

/* The files of the dataset, in report order: what the report says of each. */
typedef struct {
    const char *file;          /* name in the dataset folder (import/<table> for
                                  the tables a REFI-QDA project was turned into) */
    const pv_table *raw;       /* as read */
    size_t read, kept, rejected, values_rejected;
    const char *match;         /* the rejects' file name when it must match
                                  exactly (import/sessions.csv is not the
                                  sessions.csv beside the project), or NULL */
} entry;

static entry entry_of(const char *file, const pv_vtable *vt)
{
    return (entry){file, &vt->raw, vt->n_read, vt->n, vt->n_rejected, 0, NULL};
}

/* Appends the entry of a file that was read (a load that stopped early
 * leaves the later files unread: they are not in the report). */
static void add_entry(entry *e, size_t *n, const char *file, const pv_vtable *vt)
{
    if (vt->raw.name)
        e[(*n)++] = entry_of(file, vt);
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
    size_t n = 0;
    add_entry(e, &n, "config.csv", &d->cfg.vt);
    add_entry(e, &n, "codes.csv", &d->codes.vt);
    for (int i = 0; i < PV_MD_NFILES; i++) /* the participation model, then its units */
        add_entry(e, &n, pv_model_files[i], &d->model.vt[i]);
    for (int i = 0; d->t && i < d->model.nu; i++)
        add_entry(e, &n, d->model.u[i].file, &d->t[i]);
    for (int i = 0; cv->present && i < PV_CV_NTABLES; i++)
        add_entry(e, &n, pv_cv_files[i], &cv->t[i]);
    if (ql->has_project) /* its rows: selections and codings of whole sources */
        e[n++] = (entry){base(ql->project.name), &ql->project, ql->project_read,
                         ql->project_kept, ql->project_rejected, 0, ql->project.name};
    if (ql->has_attrs && ql->attrs.raw.name) {
        e[n] = entry_of("sessions.csv", &ql->attrs);
        e[n++].match = ql->attrs.raw.name;
    }
    for (int i = 0; ql->present && i < PV_QL_NTABLES; i++)
        if ((i != PV_QL_PRIVACY || ql->has_privacy) && ql->t[i].raw.name) {
            static const char *const imported[PV_QL_NTABLES] = {
                "import/codebook.csv", "import/sessions.csv", "import/excerpts.csv",
                "import/codings.csv", NULL};
            int imp = ql->imported && imported[i];
            e[n] = entry_of(imp ? imported[i] : pv_ql_files[i], &ql->t[i]);
            e[n++].match = imp ? imported[i] : NULL; /* ".../import/<table>.csv" */
        }
    if (!q->present)
        return n;
    for (int i = 0; i < PV_Q_NTABLES; i++)
        add_entry(e, &n, pv_q_files[i].file, &q->t[i]);
    if (q->has_attributes)
        add_entry(e, &n, pv_q_attributes_file.file, &q->attributes);
    for (size_t k = 0; k < q->n_inst && n + 2 <= max; k++) {
        const pv_qinst *in = &q->inst[k];
        if (in->has_mapping && in->mapping.raw.name)
            e[n++] = entry_of(base(in->mapping.raw.name), &in->mapping);
        if (in->raw.name)
            e[n++] = (entry){base(in->raw.name), &in->raw, in->n_read, in->n,
                             in->n_rejected, in->values_rejected, NULL};
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

/* The files of each optional source: the first one makes the source
 * present, the others come with it (what a missing one is needed for). */
static const struct {
    const char *source, *first, *others[3];
} groups[] = {
    {"the questionnaires", "instruments.csv", {"items.csv", "scales.csv", NULL}},
    {"the focus groups and interviews", "codebook.csv",
     {"sessions.csv", "excerpts.csv", "codings.csv"}},
    {"the convergence", "themes.csv", {"triangulation.csv", NULL, NULL}},
};

/* A file missing from the dataset: say which source needs it and why (the
 * loader's message is "path: No such file or directory").  loader: the
 * participation tables' (0), or a groups[] index + 1. */
static void explain_missing(pv_err *err, int loader)
{
    static const char tail[] = ": No such file or directory";
    size_t n = strlen(err->msg), nt = sizeof tail - 1;
    if (err->status != PV_EXIT_IO || n < nt || strcmp(err->msg + n - nt, tail) != 0)
        return;
    char path[sizeof err->msg];
    snprintf(path, sizeof path, "%.*s", (int)(n - nt), err->msg);
    const char *file = base(path);
    char why[512];
    if (strcmp(file, "config.csv") == 0)
        snprintf(why, sizeof why, "every dataset needs it (title, source and evaluation period)");
    else if (strcmp(file, "codes.csv") == 0)
        snprintf(why, sizeof why, "every dataset needs it (the code lists of its coded "
                 "columns)");
    else if (loader == 0)
        snprintf(why, sizeof why, "the participation source needs it: its tables come "
                 "together, and the dataset has some of them (or remove them all)");
    else if (loader == 1 && strcmp(file, "items.csv") && strcmp(file, "scales.csv"))
        snprintf(why, sizeof why, "instruments.csv names it (its mapping column)");
    else
        snprintf(why, sizeof why, "%s need%s it, since %s is there (or remove %s)",
                 groups[loader - 1].source, loader == 3 ? "s" : "", groups[loader - 1].first,
                 groups[loader - 1].first);
    snprintf(err->msg + n - nt, sizeof err->msg - (n - nt), ": missing: %s", why);
}

/* Files of a source whose first file is absent are not read: say so
 * rather than leave them unused in silence. */
static void warn_orphans(const char *dir)
{
    char path[4096];
    struct stat sb;
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        if (stat(pv_path(path, sizeof path, dir, groups[g].first), &sb) == 0)
            continue;
        for (int k = 0; k < 3 && groups[g].others[k]; k++)
            if (g != 1 && stat(pv_path(path, sizeof path, dir, groups[g].others[k]), &sb) == 0)
                pv_warn("%s: not read: %s start%s with %s, which the dataset lacks", path,
                        groups[g].source, g == 2 ? "s" : "", groups[g].first);
    }
}

/* Remove the files an earlier run left in OUT/clean and OUT/rejects (and
 * OUT/ingest.csv): this run's outputs replace them all, and a file this run
 * does not write must not look current.  Temporary files of a killed run go
 * too. */
static int remove_stale(const char *out, pv_err *err)
{
    static const char *const dirs[] = {"clean", "rejects", "rejects/import"};
    char dir[4096], path[8192];
    for (size_t k = 0; k < sizeof dirs / sizeof *dirs; k++) {
        DIR *dp = opendir(pv_path(dir, sizeof dir, out, dirs[k]));
        struct dirent *de;
        if (!dp) {
            if (errno == ENOENT)
                continue;
            return pv_err_set(err, PV_EXIT_IO, "%s: %s", dir, strerror(errno));
        }
        while ((de = readdir(dp)))
            if (de->d_name[0] != '.' || strstr(de->d_name, ".tmp")) {
                struct stat sb;
                pv_path(path, sizeof path, dir, de->d_name);
                if (lstat(path, &sb) == 0 && !S_ISDIR(sb.st_mode) && unlink(path) != 0) {
                    closedir(dp);
                    return pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
                }
            }
        closedir(dp);
    }
    if (unlink(pv_path(path, sizeof path, out, "ingest.csv")) != 0 && errno != ENOENT)
        return pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
    return 0;
}

static int write_clean(const pv_dataset *d, const pv_qdata *q, const pv_qualdata *ql,
                       const pv_convdata *cv, const char *out, pv_err *err)
{
    char dir[4096], path[8192];

    pv_path(dir, sizeof dir, out, "clean");
    if (pv_mkdirs(dir, err))
        return err->status;
    pv_config_write(&d->cfg, pv_path(path, sizeof path, dir, "config.csv"), err);
    pv_vtable_write(&d->codes.vt, pv_path(path, sizeof path, dir, "codes.csv"), err);
    pv_model_write(&d->model, dir, err);
    for (int i = 0; d->has_participation && i < d->model.nu; i++)
        pv_vtable_write(&d->t[i], pv_path(path, sizeof path, dir, d->model.u[i].file), err);
    pv_qdata_write_clean(q, dir, err);
    pv_qualdata_write_clean(ql, dir, err);
    pv_convdata_write_clean(cv, dir, err);
    return err->status;
}

/* The report (OUT/ingest.csv) and the rejects: written on every run, also
 * when the dataset is refused. */
static int write_report(const entry *e, size_t n, const pv_rejects *rej,
                        const char *out, pv_err *err)
{
    static const char *const report_cols[] = {"file", "encoding", "delimiter", "bytes",
                                              "rows_read", "rows_kept", "rows_rejected",
                                              "values_rejected"};
    char dir[4096], path[8192];
    pv_csvw w;

    pv_path(dir, sizeof dir, out, "rejects");
    if (pv_mkdirs(dir, err))
        return err->status;
    for (size_t i = 0; i < n; i++) { /* rejects are CSV: tiny.sav -> tiny.sav.csv */
        size_t len = strlen(e[i].file);
        int csv = len >= 4 && strcmp(e[i].file + len - 4, ".csv") == 0;
        if (strchr(e[i].file, '/')) { /* import/<table>.csv */
            char sub[4200];
            snprintf(sub, sizeof sub, "%s/import", dir);
            if (pv_mkdirs(sub, err))
                return err->status;
        }
        snprintf(path, sizeof path, "%s/%s%s", dir, e[i].file, csv ? "" : ".csv");
        pv_rejects_write(rej, path, e[i].match ? e[i].match : e[i].file, err);
    }
    pv_csvw_open(&w, pv_path(path, sizeof path, out, "ingest.csv"), err);
    pv_csvw_header(&w, report_cols, PV_NCOLS(report_cols));
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
    pv_xalloc_init();
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
    {
        struct stat sb;
        if (stat(argv[optind], &sb) != 0) {
            pv_warn("%s: cannot open the dataset folder: %s", argv[optind], strerror(errno));
            return PV_EXIT_IO;
        }
        if (!S_ISDIR(sb.st_mode)) {
            pv_warn("%s: not a folder: ingest reads a dataset folder", argv[optind]);
            return PV_EXIT_IO;
        }
    }
    if (pv_output_dir(out, &err) || remove_stale(out, &err))
        return pv_die(&err);
    warn_orphans(argv[optind]);
    st = pv_dataset_load(&d, argv[optind], &rej, &err);
    explain_missing(&err, 0);
    if (!st) {
        st = pv_qdata_load(&q, argv[optind], &d, &rej, &err);
        explain_missing(&err, 1);
    }
    if (!st) { /* a REFI-QDA project is imported first, into OUT/import */
        char imp[4096];
        snprintf(imp, sizeof imp, "%s/import", out);
        st = pv_qualdata_import(&ql, argv[optind], imp, &d, &rej, &err);
        if (!st && (ql.imported || !ql.has_project))
            st = pv_qualdata_load(&ql, ql.imported ? imp : argv[optind], argv[optind], &d, &rej,
                                  &err);
        explain_missing(&err, 2);
        if (!st && ql.present && ql.t[PV_QL_SESSIONS].n == 0) /* the qualitative stage stops */
            pv_warn("%s: no session kept (%zu read, %zu rejected): the focus groups and "
                    "interviews have nothing to analyse", ql.t[PV_QL_SESSIONS].raw.name,
                    ql.t[PV_QL_SESSIONS].n_read, ql.t[PV_QL_SESSIONS].n_rejected);
    }
    if (!st) {
        st = pv_convdata_load(&cv, argv[optind], &d, &rej, &err);
        explain_missing(&err, 3);
    }
    {
        size_t max = 2 + PV_MD_NFILES + (size_t)d.model.nu + PV_Q_NTABLES + 1 + 2 * q.n_inst + PV_QL_NTABLES + 2 +
                     PV_CV_NTABLES;
        e = pv_xnmalloc(max, sizeof *e);
        n = list_entries(&d, &q, &ql, &cv, e, max);
    }
    print_conversions(e, n);
    pv_rejects_sort(&rej);
    {
        char where[4096];
        pv_rejects_print(&rej, MAX_MESSAGES_PER_FILE, pv_path(where, sizeof where, out, "rejects"));
    }
    if (st == PV_EXIT_IO || (st && rej.n == 0)) {
        st = pv_die(&err);
        goto done;
    }
    /* A definition file with errors stops every loader after it; a file
     * truncated by an unterminated quote cannot be trusted in any row. */
    const char *refused = st ? "definitions" : NULL;
    /* Cleared, not hidden: st is a data status (I/O died above) whose
     * message is printed with the rejects; the report is still written. */
    memset(&err, 0, sizeof err);
    for (size_t i = 0; i < n && !refused; i++)
        if (e[i].raw->truncated)
            refused = e[i].raw->name;
    if (write_report(e, n, &rej, out, &err) ||
        (!refused && write_clean(&d, &q, &ql, &cv, out, &err))) {
        st = pv_die(&err);
        goto done;
    }
    if (refused) {
        pv_warn("dataset refused: nothing is published until the errors above are fixed "
                "(ACCEPT_REJECTS does not apply); see %s/ingest.csv and %s/rejects/", out, out);
        st = PV_EXIT_REFUSED;
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
