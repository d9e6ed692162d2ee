/* convergence — the second level: evidence ratings per theme and source,
 * convergence coding, stability, joint display.
 *
 *   convergence [--in DIR] [--out DIR] [--messages FILE]
 */
#include <getopt.h>
#include <stdio.h>

#include "convergence.h"
#include "messages.h"
#include "stage.h"
#include "xalloc.h"
#include "stats.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: convergence [--in DIR] [--out DIR] [--messages FILE]\n"
            "Second-level convergence analysis: reads DIR/clean (themes, triangulation map)\n"
            "and DIR/level1 (indicator tables and their replicates), writes the level-2 tables.\n\n"
            "  -i, --in DIR          pipeline output holding clean/ and level1/ (default: out)\n"
            "  -o, --out DIR         output folder (default: out/level2)\n"
            "  -m, --messages FILE   the message catalogue (default: " PV_MESSAGES_DEFAULT ")\n"
            "  -h, --help            this help\n\n"
            "Exit status: 0 success, 1 the tables are not valid, 2 usage, 3 I/O.\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"in", required_argument, NULL, 'i'},
        {"out", required_argument, NULL, 'o'},
        {"messages", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *in = "out", *out = "out/level2", *messages = PV_MESSAGES_DEFAULT;
    pv_err err = {0};
    int c;

    pv_progname = "convergence";
    pv_atexit_close_stdout();
    pv_xalloc_init();
    pv_stats_init();
    while ((c = getopt_long(argc, argv, "i:o:m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': in = optarg; break;
        case 'o': out = optarg; break;
        case 'm': messages = optarg; break;
        case 'h': usage(stdout); return PV_EXIT_OK;
        default: usage(stderr); return PV_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return PV_EXIT_USAGE;
    }
    if (pv_mkdirs(out, &err) || pv_convergence_run_with(in, out, messages, &err))
        return pv_die(&err);
    return PV_EXIT_OK;
}
