/* stage.c — see stage.h. */
#include "stage.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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
