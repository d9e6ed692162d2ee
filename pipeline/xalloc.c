/* xalloc.c — see xalloc.h. */
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "pv.h"

_Noreturn void pv_xalloc_die(void)
{
    /* stderr is unbuffered: nothing is allocated on the way out.  exit, not
     * _exit, so stdout is still closed with its check
     * (pv_atexit_close_stdout). */
    fprintf(stderr, "%s: out of memory\n", pv_progname);
    exit(PV_EXIT_IO);
}

size_t pv_xmul(size_t a, size_t b)
{
    if (b && a > SIZE_MAX / b)
        pv_xalloc_die();
    return a * b;
}

void *pv_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        pv_xalloc_die();
    return p;
}

void *pv_xnmalloc(size_t n, size_t size)
{
    return pv_xmalloc(pv_xmul(n, size));
}

void *pv_xcalloc(size_t n, size_t size)
{
    /* Checked here, not left to calloc, so the rule is ours. */
    void *p = pv_xmul(n, size) ? calloc(n, size) : calloc(1, size ? size : 1);
    if (!p)
        pv_xalloc_die();
    return p;
}

void *pv_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        pv_xalloc_die();
    return q;
}

void *pv_xnrealloc(void *p, size_t n, size_t size)
{
    return pv_xrealloc(p, pv_xmul(n, size));
}

char *pv_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(pv_xmalloc(n), s, n);
}

void pv_xgrow(void **p, size_t *cap, size_t need, size_t elt)
{
    if (need <= *cap)
        return;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            pv_xalloc_die();
        ncap *= 2;
    }
    *p = pv_xnrealloc(*p, ncap, elt);
    *cap = ncap;
}

/* ---------------------------------------------------------------- GLib */

/* GLib's gmem.c reports a failed allocation with g_error ("failed to
 * allocate N bytes", "overflow allocating N*M bytes"), which aborts after
 * the writer returns; we exit first.  Anything else goes to GLib's default
 * writer. */
static GLogWriterOutput glib_writer(GLogLevelFlags level, const GLogField *fields,
                                    gsize n, gpointer data)
{
    if (level & G_LOG_LEVEL_ERROR) {
        for (gsize i = 0; i < n; i++) {
            const char *v = fields[i].value;
            if (strcmp(fields[i].key, "MESSAGE") == 0 && fields[i].length < 0 && v &&
                (strstr(v, "failed to allocate") || strstr(v, "overflow allocating")))
                pv_xalloc_die();
        }
    }
    return g_log_writer_default(level, fields, n, data);
}

void pv_xalloc_init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    g_log_set_writer_func(glib_writer, NULL, NULL);
}
