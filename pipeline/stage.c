/* stage.c — see stage.h. */
#include "stage.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "stats.h"
#include "xalloc.h"

int pv_mkdirs(const char *dir, pv_err *err)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf)
        return pv_err_set(err, PV_EXIT_IO, "%s: invalid folder name", dir);
    memcpy(buf, dir, n + 1);
    for (char *p = buf + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return pv_err_set(err, PV_EXIT_IO, "%s: %s", buf, strerror(errno));
            *p = c;
            if (!c)
                break;
        }
    }
    return 0;
}

char *pv_tmp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
    size_t n = strlen(path) + strlen(pv_progname) + 8;
    char *t = pv_xmalloc(n);
    snprintf(t, n, "%.*s.%s.%s.tmp", (int)dlen, path, path + dlen, pv_progname);
    return t;
}

int pv_output_dir(const char *dir, pv_err *err)
{
    char suffix[256], path[8192];
    DIR *dp;
    struct dirent *de;
    if (pv_mkdirs(dir, err))
        return err->status;
    if (!(dp = opendir(dir)))
        return pv_err_set(err, PV_EXIT_IO, "%s: %s", dir, strerror(errno));
    snprintf(suffix, sizeof suffix, ".%s.tmp", pv_progname);
    size_t sl = strlen(suffix);
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' && l > sl && strcmp(de->d_name + l - sl, suffix) == 0 &&
            unlink(pv_path(path, sizeof path, dir, de->d_name)) != 0 && errno != ENOENT) {
            closedir(dp);
            return pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
        }
    }
    closedir(dp);
    return 0;
}

int pv_lang_option(const char *arg)
{
    int lang = pv_lang_parse(arg);
    if (lang < 0)
        pv_warn("--lang: expected fr or en ('%s')", arg);
    return lang;
}

int pv_output_dir_of(const char *path, pv_err *err)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    return pv_output_dir(dir, err);
}

char *pv_path(char *buf, size_t n, const char *dir, const char *file)
{
    snprintf(buf, n, "%s/%s", dir, file);
    return buf;
}

int pv_die(const pv_err *err)
{
    pv_warn("%s", err->msg);
    return err->status ? err->status : PV_EXIT_IO;
}

static void usage_inout(FILE *f, const char *prog, const char *help,
                        const char *def_in, const char *def_out)
{
    fprintf(f,
            "Usage: %s [--in DIR] [--out DIR]\n%s\n"
            "  -i, --in DIR   clean tables written by ingest (default: %s)\n"
            "  -o, --out DIR  output folder (default: %s)\n"
            "  -h, --help     this help\n\n"
            "Exit status: 0 success, 1 the clean tables are not valid, 2 usage, 3 I/O.\n",
            prog, help, def_in, def_out);
}

int pv_stage_inout(int argc, char **argv, const char *prog, const char *help,
                   const char *def_in, const char *def_out,
                   int (*run)(const char *in, const char *out, pv_err *err))
{
    static const struct option opts[] = {
        {"in", required_argument, NULL, 'i'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *in = def_in, *out = def_out;
    pv_err err = {0};
    int c;

    pv_progname = prog;
    pv_atexit_close_stdout();
    pv_xalloc_init();
    pv_stats_init();
    while ((c = getopt_long(argc, argv, "i:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': in = optarg; break;
        case 'o': out = optarg; break;
        case 'h': usage_inout(stdout, prog, help, def_in, def_out); return PV_EXIT_OK;
        default: usage_inout(stderr, prog, help, def_in, def_out); return PV_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        usage_inout(stderr, prog, help, def_in, def_out);
        return PV_EXIT_USAGE;
    }
    if (pv_output_dir(out, &err) || run(in, out, &err))
        return pv_die(&err);
    return PV_EXIT_OK;
}
