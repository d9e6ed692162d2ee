/* err.c — the sticky error object, messages and exit handling (pv.h). */
#include "pv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

const char *pv_progname = "proxeval";

int pv_err_set(pv_err *e, int status, const char *fmt, ...)
{
    va_list ap;
    if (!e || e->status != 0)
        return status;
    e->status = status;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return status;
}

int pv_lang_parse(const char *s)
{
    if (s && strcasecmp(s, "fr") == 0)
        return PV_LANG_FR;
    if (s && strcasecmp(s, "en") == 0)
        return PV_LANG_EN;
    return -1;
}

void pv_warn(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", pv_progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* datamash's close_stdout: a full disk on stdout is an error, not silence. */
static void close_stdout(void)
{
    if (fclose(stdout) != 0) {
        fprintf(stderr, "%s: write error on standard output: %s\n",
                pv_progname, strerror(errno));
        _exit(PV_EXIT_IO);
    }
}

void pv_atexit_close_stdout(void)
{
    atexit(close_stdout);
}
