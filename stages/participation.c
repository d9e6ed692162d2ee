/* participation — first-level statistics of the participation reports.
 *
 *   participation [--in DIR] [--out DIR]
 *
 * Reads the clean tables written by ingest (DIR/clean by default out/clean)
 * and writes out/level1/participation_*.csv and indicators_participation.csv.
 */
#include <getopt.h>
#include <stdio.h>

#include "dataset.h"
#include "participation.h"
#include "stage.h"
#include "stats.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: participation [--in DIR] [--out DIR]\n"
            "First-level statistics of the participation reports.\n\n"
            "  -i, --in DIR   clean tables written by ingest (default: out/clean)\n"
            "  -o, --out DIR  output folder (default: out/level1)\n"
            "  -h, --help     this help\n\n"
            "Exit status: 0 success, 1 the clean tables are not valid, 2 usage, 3 I/O.\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"in", required_argument, NULL, 'i'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *in = "out/clean", *out = "out/level1";
    pv_dataset d;
    pv_rejects rej = {0};
    pv_err err = {0};
    int c, st;

    pv_progname = "participation";
    pv_atexit_close_stdout();
    pv_stats_init();
    while ((c = getopt_long(argc, argv, "i:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': in = optarg; break;
        case 'o': out = optarg; break;
        case 'h': usage(stdout); return PV_EXIT_OK;
        default: usage(stderr); return PV_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return PV_EXIT_USAGE;
    }
    st = pv_dataset_load(&d, in, &rej, &err);
    if (!st && rej.n) {
        const pv_reject *e = &rej.v[0];
        st = pv_err_set(&err, PV_EXIT_DATA,
                        "%s:%ld:%d: %s ('%s'); the clean tables must come from ingest",
                        e->file, e->line, e->column, e->reason, e->value);
    }
    if (!st && !pv_mkdirs(out, &err))
        st = pv_participation_write(&d, out, &err);
    if (st)
        pv_die(&err);
    pv_dataset_free(&d);
    pv_rejects_free(&rej);
    return st;
}
