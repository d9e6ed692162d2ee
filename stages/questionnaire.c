/* questionnaire — first-level statistics of the questionnaires.
 *
 *   questionnaire [--in DIR] [--out DIR]
 *
 * Reads the clean tables written by ingest and writes
 * out/level1/questionnaire_*.csv and indicators_questionnaire.csv.
 */
#include <getopt.h>
#include <stdio.h>

#include "questionnaire.h"
#include "stage.h"
#include "stats.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: questionnaire [--in DIR] [--out DIR]\n"
            "First-level statistics of the questionnaires: items, constructs (scores,\n"
            "Cronbach's alpha), tests between groups and regions, response rates.\n\n"
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
    pv_err err = {0};
    int c;

    pv_progname = "questionnaire";
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
    if (pv_mkdirs(out, &err) || pv_questionnaire_run(in, out, &err))
        return pv_die(&err);
    return PV_EXIT_OK;
}
