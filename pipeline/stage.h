/* stage.h — what every stage program shares: option parsing helpers and
 * output folders. */
#ifndef PV_STAGE_H
#define PV_STAGE_H

#include "pv.h"

/* mkdir -p for a folder (and its parents).  Returns 0 or PV_EXIT_IO with
 * *err set. */
int pv_mkdirs(const char *dir, pv_err *err);

/* snprintf into buf of size n: "dir/file". */
char *pv_path(char *buf, size_t n, const char *dir, const char *file);

/* Print the message of err prefixed by the program name; return its status. */
int pv_die(const pv_err *err);

#endif
