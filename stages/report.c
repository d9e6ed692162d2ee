/* report — the evaluation report: a static web page and the annex workbook.
 *
 *   report [--in DIR] [--figures DIR] [--text DIR] [--out DIR] [--lang fr|en]
 *          [--methods FILE] [--methods-index FILE] [--version-file FILE] [--messages FILE]
 *          [--other URL]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "convergence.h"
#include "messages.h"
#include "report.h"
#include "stage.h"
#include "xalloc.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: report [--in DIR] [--figures DIR] [--text DIR] [--out DIR] [--lang fr|en]\n"
            "              [--methods FILE] [--methods-index FILE] [--version-file FILE]\n"
            "              [--messages FILE] [--other URL]\n"
            "Write the evaluation report: OUT/index.html (figures in OUT/figures/) and\n"
            "OUT/annexes.xlsx, from the pipeline's tables, the figures and the author's text.\n\n"
            "  -i, --in DIR            pipeline output: clean/, level1/, level2/, ingest.csv (default: out)\n"
            "  -f, --figures DIR       the figures of this language, with captions.csv (default: figures)\n"
            "  -t, --text DIR          the dataset's report/ folder: report.csv and its Markdown\n"
            "                          files (default: data/demo/report; none: no author's text)\n"
            "  -o, --out DIR           where the report goes (default: out/report)\n"
            "  -l, --lang fr|en        language (default: the dataset's, config.csv 'lang')\n"
            "  -M, --methods FILE      the methods, Markdown (default: docs/METHODS.md)\n"
            "  -I, --methods-index FILE\n"
            "                          the methods annex: a METHODS section per statistic, with\n"
            "                          its French text (default: docs/methods/index.csv)\n"
            "  -V, --version-file FILE the proxeval version (default: VERSION)\n"
            "  -m, --messages FILE     the message catalogue (default: " PV_MESSAGES_DEFAULT ")\n"
            "  -O, --other URL         link to the report in the other language\n"
            "  -h, --help              this help\n\n"
            "Exit status: 0 success, 1 errors in the author's text (OUT/rejects.csv) or an\n"
            "invalid table, 2 usage, 3 I/O.\n");
}

/* A source without data: one line (its findings are silent, its annex
 * tables have no rows). */
static void say_absent(const char *in)
{
    char none[256] = "";
    for (int s = 0; s < PV_CV_NSRC; s++)
        if (!pv_cv_has_data(in, s))
            snprintf(none + strlen(none), sizeof none - strlen(none), "%s%s", *none ? ", " : "",
                     pv_cv_source[s]);
    if (*none)
        pv_warn("no data from %s in %s/level1: the findings say the source is silent and its "
                "annex tables have no rows; skipped", none, in);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"in", required_argument, NULL, 'i'},       {"figures", required_argument, NULL, 'f'},
        {"text", required_argument, NULL, 't'},     {"out", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},     {"methods", required_argument, NULL, 'M'},
        {"methods-index", required_argument, NULL, 'I'},
        {"version-file", required_argument, NULL, 'V'},
        {"messages", required_argument, NULL, 'm'}, {"other", required_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    pv_report_opts o = {"out", "figures", "data/demo/report", "out/report", "docs/METHODS.md",
                        "docs/methods/index.csv", "VERSION", PV_MESSAGES_DEFAULT, NULL, -1, NULL};
    pv_err err = {0};
    char command[4096] = "";
    int c;

    pv_progname = "report";
    pv_atexit_close_stdout();
    pv_xalloc_init();
    while ((c = getopt_long(argc, argv, "i:f:t:o:l:M:I:V:m:O:h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': o.in = optarg; break;
        case 'f': o.figures = optarg; break;
        case 't': o.text = optarg; break;
        case 'o': o.out = optarg; break;
        case 'M': o.methods = optarg; break;
        case 'I': o.methods_index = optarg; break;
        case 'V': o.version_file = optarg; break;
        case 'm': o.messages = optarg; break;
        case 'O': o.other = optarg; break;
        case 'l':
            if ((o.lang = pv_lang_option(optarg)) < 0)
                return PV_EXIT_USAGE;
            break;
        case 'h': usage(stdout); return PV_EXIT_OK;
        default: usage(stderr); return PV_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return PV_EXIT_USAGE;
    }
    /* the command as given (program name without its folder), for the reproduction annex */
    for (int i = 0; i < argc; i++) {
        const char *a = i == 0 ? "report" : argv[i];
        size_t l = strlen(command);
        snprintf(command + l, sizeof command - l, "%s%s", i ? " " : "", a);
    }
    o.command = command;
    say_absent(o.in);
    if (pv_output_dir(o.out, &err) || pv_report_run(&o, &err))
        return pv_die(&err);
    return PV_EXIT_OK;
}
