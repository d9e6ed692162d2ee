/* pv.h — shared definitions of the proxeval core library.
 *
 * Every stage links libproxeval (every .c file of pipeline/).  This header holds what all
 * parts share: exit statuses, the sticky error object, and the language enum.
 * Ownership rules for the whole core are in docs/ARCHITECTURE.md ("Memory
 * ownership").
 */
#ifndef PV_H
#define PV_H

#include <stddef.h>
#include <stdarg.h>

/* Exit statuses of every program (docs/ARCHITECTURE.md, "Exit statuses"). */
enum {
    PV_EXIT_OK = 0,    /* success */
    PV_EXIT_DATA = 1,  /* the data had rejected rows or failed checks */
    PV_EXIT_USAGE = 2, /* bad command line */
    PV_EXIT_IO = 3,    /* I/O, memory or environment error */
    PV_EXIT_REFUSED = 4 /* the dataset cannot be used as it is (a definition file
                           has errors, a file is truncated): nothing is
                           published, even when rejected rows are accepted */
};

typedef enum { PV_LANG_FR = 0, PV_LANG_EN = 1 } pv_lang;

/* The number of elements of an array: a column table's count comes from the
 * table itself, never from a literal kept in step by hand. */
#define PV_NCOLS(a) (sizeof (a) / sizeof *(a))

/* Sticky error, after cairo: the first error set is kept (it is the cause),
 * later ones are ignored.  status is one of PV_EXIT_*; msg is a full
 * human-readable message without the program-name prefix.  A zeroed pv_err
 * means "no error".  Owned by whoever declares it; holds no heap memory. */
typedef struct {
    int status;
    char msg[1024];
} pv_err;

/* Set *e unless it already holds an error.  Every error in the core is set
 * through this one function (one breakpoint catches them all).  NULL e is a
 * no-op.  Returns the status it was given, so `return pv_err_set(...)` works. */
int pv_err_set(pv_err *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parse "fr" / "en" (case-insensitive); returns -1 for anything else. */
int pv_lang_parse(const char *s);

/* Program name used in messages ("ingest", "participation", ...). */
extern const char *pv_progname;

/* Print "prog: msg\n" to stderr. */
void pv_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Make stdout write failures fatal (exit 3), datamash's close_stdout; call
 * once from main. */
void pv_atexit_close_stdout(void);

#endif
