/* qdpx — the clean qualitative tables as a REFI-QDA project, for a QDA tool.
 *
 *   qdpx [--in DIR] [--out FILE] [--verbose]
 *
 * See pipeline/qdpx.h for the mapping and the determinism of the bytes.
 * Exit 0 success (also when the dataset has no qualitative material: then
 * nothing is written and it says so), 1 the tables are not clean, 2 usage,
 * 3 I/O.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "qdpx.h"
#include "stage.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: qdpx [--in DIR] [--out FILE] [--verbose]\n"
            "Write the clean qualitative tables (codebook, sessions, excerpts, codings)\n"
            "as a REFI-QDA project exchange file, to open in a QDA tool (ATLAS.ti,\n"
            "NVivo, MAXQDA...); ingest reads it back to the same tables.  Without\n"
            "qualitative tables in DIR, nothing is written.\n\n"
            "  -i, --in DIR     the clean tables (default: out/clean)\n"
            "  -o, --out FILE   the project (default: out/project.qdpx)\n"
            "  -v, --verbose    say what was written (counts)\n"
            "  -h, --help       this help\n\n"
            "Exit status: 0 success, 1 the tables are not clean tables, 2 usage, 3 I/O.\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"in", required_argument, NULL, 'i'},
        {"out", required_argument, NULL, 'o'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *in = "out/clean", *out = "out/project.qdpx";
    pv_qdpx_summary s;
    pv_err err = {0};
    int c, verbose = 0;

    pv_progname = "qdpx";
    pv_atexit_close_stdout();
    while ((c = getopt_long(argc, argv, "i:o:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'i': in = optarg; break;
        case 'o': out = optarg; break;
        case 'v': verbose = 1; break;
        case 'h': usage(stdout); return PV_EXIT_OK;
        default: usage(stderr); return PV_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return PV_EXIT_USAGE;
    }
    if (pv_output_dir_of(out, &err)) /* removes this program's leftovers there */
        return pv_die(&err);
    int st = pv_qdpx_export(in, out, &s, &err);
    for (size_t i = 0; i < s.n_warnings; i++)
        pv_warn("%s", s.warnings[i]);
    if (st) {
        pv_qdpx_summary_free(&s);
        return pv_die(&err);
    }
    if (!s.present)
        printf("qdpx: %s has no qualitative tables (no codebook.csv): no project written\n", in);
    else if (verbose)
        printf("qdpx: %s: %zu sessions (%zu texts placed from the excerpts' positions, %zu "
               "joined), %zu excerpts, %zu codings, %zu codes, %zu coders, %zu speakers\n",
               out, s.sessions, s.placed, s.joined, s.excerpts, s.codings, s.codes, s.users,
               s.cases);
    pv_qdpx_summary_free(&s);
    return PV_EXIT_OK;
}
