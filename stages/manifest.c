/* manifest — the reproduction manifest: path, role, size and SHA-256 of
 * every input and output file of a run.
 *
 *   manifest --out FILE [--version-file VERSION] [--input DIR]... DIR...
 *
 * Files under a folder given with --input have role "input", files under
 * the other folders "output".  See pipeline/manifest.h for the format.
 * Exit 0 success, 2 usage, 3 a folder or file could not be read or FILE
 * written.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "stage.h"
#include "xalloc.h"

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: manifest --out FILE [--version-file VERSION] [--input DIR]... DIR...\n"
            "Write the reproduction manifest: path, role, bytes and SHA-256 of every\n"
            "regular file under the folders (recursively; symbolic links, *.tmp files\n"
            "and FILE itself are left out), sorted by path.\n\n"
            "  -o, --out FILE           the manifest to write (CSV)\n"
            "  -i, --input DIR          a folder of inputs (repeatable); the folders\n"
            "                           given as arguments hold outputs\n"
            "  -V, --version-file FILE  the proxeval version (default: VERSION)\n"
            "  -h, --help               this help\n\n"
            "Exit status: 0 success, 2 usage, 3 I/O.\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"input", required_argument, NULL, 'i'},
        {"version-file", required_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *out = NULL, *version_file = "VERSION";
    pv_mf_dir *dirs;
    size_t n = 0;
    pv_err err = {0};
    int c, st;

    pv_progname = "manifest";
    pv_atexit_close_stdout();
    pv_xalloc_init();
    dirs = pv_xcalloc((size_t)argc, sizeof *dirs); /* argc bounds the folders */
    while ((c = getopt_long(argc, argv, "o:i:V:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'i': dirs[n++] = (pv_mf_dir){optarg, PV_MF_INPUT}; break;
        case 'V': version_file = optarg; break;
        case 'h': usage(stdout); free(dirs); return PV_EXIT_OK;
        default: usage(stderr); free(dirs); return PV_EXIT_USAGE;
        }
    }
    for (; optind < argc; optind++)
        dirs[n++] = (pv_mf_dir){argv[optind], PV_MF_OUTPUT};
    if (!out || n == 0) {
        usage(stderr);
        free(dirs);
        return PV_EXIT_USAGE;
    }
    st = pv_output_dir_of(out, &err); /* removes this program's leftovers there */
    if (!st)
        st = pv_manifest_run(out, version_file, dirs, n, &err);
    free(dirs);
    return st ? pv_die(&err) : PV_EXIT_OK;
}
