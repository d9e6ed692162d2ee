/* summary — what a run did, in a few lines on stderr: the sources read, the
 * rows kept and rejected (from OUT/ingest.csv), the outputs written; after a
 * failed ingest, where the rejects are and how to go on.
 *
 *   summary [--out DIR] [--figures DIR] [--failed STATUS]
 *
 * It only reads and prints (nothing written: the outputs stay byte for byte
 * what the stages made).  make calls it at the end of a run (the manifest's
 * rule) and when ingest stops the run (--failed with ingest's status).
 * Exit 0, 2 usage; a file it cannot read is said, not an error.
 */
#include <dirent.h>
#include <glib.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "convergence.h"
#include "csvout.h"
#include "table.h"
#include "stage.h"
#include "xalloc.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: summary [--out DIR] [--figures DIR] [--failed STATUS]\n"
            "Print on stderr a summary of the run in DIR (default out): the sources\n"
            "that gave statistics, the rows kept and rejected per DIR/ingest.csv, and\n"
            "the outputs written (tables, figures, report, manifest).  With --failed,\n"
            "ingest's exit status (1 rows rejected, 4 dataset refused): where the\n"
            "rejects are and how to go on.\n\n"
            "  -o, --out DIR      the run's output folder (default: out)\n"
            "  -f, --figures DIR  its figures folder (default: figures)\n"
            "  -x, --failed N     ingest stopped the run with exit status N\n"
            "  -h, --help         this help\n\n"
            "Exit status: 0, or 2 usage.  Writes nothing.\n");
}

/* Files in dir whose name ends with ext (not hidden), or 0. */
static int count_files(const char *dir, const char *ext)
{
    DIR *dp = opendir(dir);
    struct dirent *de;
    int n = 0;
    size_t le = strlen(ext);
    while (dp && (de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        n += de->d_name[0] != '.' && l > le && strcmp(de->d_name + l - le, ext) == 0;
    }
    if (dp)
        closedir(dp);
    return n;
}

/* "sources: questionnaire, qualitative (no data: participation)": a source
 * gave statistics when its indicator table has rows (as the convergence
 * stage decides). */
static void say_sources(const char *out)
{
    char with[256] = "", without[256] = "";
    for (int s = 0; s < PV_CV_NSRC; s++) {
        char *to = pv_cv_has_data(out, s) ? with : without;
        snprintf(to + strlen(to), 256 - strlen(to), "%s%s", *to ? ", " : "", pv_cv_source[s]);
    }
    pv_warn("sources: %s%s%s%s", *with ? with : "none", *without ? " (no data: " : "", without,
            *without ? ")" : "");
}

/* "rows: 1234 read, 1230 kept, 4 rejected in 2 files (families.csv 3, ...)". */
static void say_rows(const char *out)
{
    char path[4096];
    pv_table t;
    pv_rejects rej = {0};
    pv_err err = {0};
    if (pv_table_read(&t, pv_path(path, sizeof path, out, "ingest.csv"), path, NULL, &rej, &err)) {
        pv_warn("%s: not readable: no count of rows", path);
        pv_rejects_free(&rej);
        return;
    }
    int cf = pv_table_col(&t, "file"), cr = pv_table_col(&t, "rows_read"),
        ck = pv_table_col(&t, "rows_kept"), cx = pv_table_col(&t, "rows_rejected"),
        cv = pv_table_col(&t, "values_rejected");
    long read = 0, kept = 0, rejected = 0, values = 0, files = 0;
    GString *which = g_string_new(NULL);
    for (size_t r = 0; cf >= 0 && cr >= 0 && ck >= 0 && cx >= 0 && cv >= 0 && r < t.n_rows; r++) {
        long x = atol(pv_table_get(&t, r, (size_t)cx)), v = atol(pv_table_get(&t, r, (size_t)cv));
        read += atol(pv_table_get(&t, r, (size_t)cr));
        kept += atol(pv_table_get(&t, r, (size_t)ck));
        rejected += x, values += v;
        if (x || v)
            g_string_append_printf(which, "%s%s %ld", files++ ? ", " : "",
                                   pv_table_get(&t, r, (size_t)cf), x + v);
    }
    pv_warn("rows: %zu files, %ld rows read, %ld kept, %ld rejected, %ld answers rejected as "
            "values%s%s%s%s%s", t.n_rows, read, kept, rejected, values, files ? " (" : "",
            which->str, files ? "; one row per error in " : "", files ? out : "",
            files ? "/rejects/)" : "");
    g_string_free(which, TRUE);
    pv_table_free(&t);
    pv_rejects_free(&rej);
}

static void say_outputs(const char *out, const char *fig)
{
    char path[4096], en[4096];
    struct stat sb;
    int figs = count_files(fig, ".pdf") - (stat(pv_path(path, sizeof path, fig, "figures.pdf"),
                                                &sb) == 0);
    pv_path(en, sizeof en, fig, "en");
    pv_warn("outputs: %d tables in %s/level1, %d in %s/level2, %d figures in %s%s, report %s, "
            "manifest %s", count_files(pv_path(path, sizeof path, out, "level1"), ".csv"), out,
            count_files(pv_path(path, sizeof path, out, "level2"), ".csv"), out, figs < 0 ? 0 : figs,
            fig, count_files(en, ".pdf") ? " (and en/)" : "",
            stat(pv_path(path, sizeof path, out, "report/index.html"), &sb) == 0 ? "written"
                                                                                  : "not written",
            stat(pv_path(path, sizeof path, out, "manifest.csv"), &sb) == 0 ? "written"
                                                                            : "not written");
}

/* After ingest stopped the run: where to look, and how to go on. */
static void say_failure(const char *out, int status)
{
    if (status == PV_EXIT_DATA)
        pv_warn("stopped: ingest rejected rows (exit 1); each error is a row of %s/rejects/ "
                "(file, line, column, reason): fix the files and run make again, or run "
                "make ACCEPT_REJECTS=1 to go on with the kept rows", out);
    else if (status == PV_EXIT_REFUSED)
        pv_warn("stopped: dataset refused (exit 4): a definition has an error (config.csv, "
                "codes.csv, privacy.csv or the participation model: units.csv, columns.csv, "
                "indicators.csv, breakdowns.csv), or a quote is never closed; the errors are "
                "in %s/rejects/; "
                "ACCEPT_REJECTS=1 does not apply: fix them and run make again", out);
    else
        pv_warn("stopped: ingest failed (exit %d: %s); see the message above", status,
                status == PV_EXIT_USAGE ? "usage" : "I/O");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"figures", required_argument, NULL, 'f'},
        {"failed", required_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *out = "out", *fig = "figures";
    int c, failed = 0;

    pv_progname = "summary";
    pv_atexit_close_stdout();
    pv_xalloc_init();
    while ((c = getopt_long(argc, argv, "o:f:x:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'f': fig = optarg; break;
        case 'x': failed = atoi(optarg); break;
        case 'h': usage(stdout); return PV_EXIT_OK;
        default: usage(stderr); return PV_EXIT_USAGE;
        }
    }
    if (optind != argc || failed < 0) {
        usage(stderr);
        return PV_EXIT_USAGE;
    }
    if (failed) {
        say_rows(out);
        say_failure(out, failed);
        return PV_EXIT_OK;
    }
    say_sources(out);
    say_rows(out);
    say_outputs(out, fig);
    return PV_EXIT_OK;
}
