/* figures — draw the report's figures from the first-level tables.
 *
 *   figures [--catalogue FILE] [--in DIR] [--out DIR] [--lang fr|en] [--messages FILE]
 *           [--colours FILE] [--defaults FILE]
 *   figures --list-kinds
 */
#include <getopt.h>
#include <stdio.h>

#include "figures.h"
#include "messages.h"
#include "stage.h"
#include "xalloc.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: figures [--catalogue FILE]... [--in DIR] [--out DIR] [--lang fr|en]\n"
            "               [--messages FILE] [--colours FILE] [--defaults FILE]\n"
            "Draw every figure of the catalogues as PDF, SVG and PNG, with captions.csv.\n\n"
            "  -c, --catalogue FILE  a figure catalogue; repeat to draw several in order\n"
            "                        (without --catalogue and --defaults: --defaults\n"
            "                        data/figures.csv)\n"
            "  -i, --in DIR          pipeline output holding clean/ and level1/ (default: out)\n"
            "  -o, --out DIR         where figures go (default: figures)\n"
            "  -l, --lang fr|en      language (default: the dataset's, config.csv 'lang')\n"
            "  -m, --messages FILE   the message catalogue (default: " PV_MESSAGES_DEFAULT ")\n"
            "  -k, --colours FILE    palette slot of each series and category (colours.csv;\n"
            "                        default: none, series take the slots in order)\n"
            "  -d, --defaults FILE   a default catalogue (data/figures.csv, or one a stage\n"
            "                        made from its source's declarations); repeat for\n"
            "                        several; drawn first unless config.csv says\n"
            "                        default_figures,no; a missing file is none\n"
            "      --list-kinds      print the figure kinds a catalogue may name, one a\n"
            "                        line, and exit\n"
            "  -h, --help            this help\n\n"
            "Exit status: 0 success, 1 bad catalogue or table, 2 usage, 3 I/O.\n");
}

/* Append file to list (at most 64, as the option says); -1 when full. */
static int add_file(const char **list, int *n, const char *file, const char *option)
{
    if (*n == 64) {
        pv_warn("%s: at most 64", option);
        return -1;
    }
    list[(*n)++] = file;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"catalogue", required_argument, NULL, 'c'},
        {"in", required_argument, NULL, 'i'},
        {"out", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"messages", required_argument, NULL, 'm'},
        {"colours", required_argument, NULL, 'k'},
        {"defaults", required_argument, NULL, 'd'},
        {"list-kinds", no_argument, NULL, 'K'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const char *catalogues[64], *defaults[64];
    pv_figures_opts o = {.catalogues = catalogues, .defaults = defaults, .in = "out", .out = "figures", .lang = -1,
                         .messages = PV_MESSAGES_DEFAULT};
    pv_err err = {0};
    int c;

    pv_progname = "figures";
    pv_atexit_close_stdout();
    pv_xalloc_init();
    while ((c = getopt_long(argc, argv, "c:i:o:l:m:k:d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (add_file(catalogues, &o.n_catalogues, optarg, "--catalogue"))
                return PV_EXIT_USAGE;
            break;
        case 'i': o.in = optarg; break;
        case 'o': o.out = optarg; break;
        case 'm': o.messages = optarg; break;
        case 'k': o.colours = optarg; break;
        case 'd':
            if (add_file(defaults, &o.n_defaults, optarg, "--defaults"))
                return PV_EXIT_USAGE;
            break;
        case 'l':
            if ((o.lang = pv_lang_option(optarg)) < 0)
                return PV_EXIT_USAGE;
            break;
        case 'K':
            for (int i = 0; pv_figures_kind(i); i++)
                printf("%s\n", pv_figures_kind(i));
            return PV_EXIT_OK;
        case 'h': usage(stdout); return PV_EXIT_OK;
        default: usage(stderr); return PV_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return PV_EXIT_USAGE;
    }
    if (o.n_catalogues == 0 && o.n_defaults == 0)
        defaults[o.n_defaults++] = "data/figures.csv";
    int st = pv_figures_run(&o, &err);
    if (st && err.status)
        return pv_die(&err);
    return st; /* 1: catalogue rows rejected (printed, in OUT/rejects.csv) */
}
