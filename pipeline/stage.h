/* stage.h — what every stage program shares: option parsing helpers and
 * output folders. */
#ifndef PV_STAGE_H
#define PV_STAGE_H

#include "pv.h"

/* mkdir -p for a folder (and its parents).  Returns 0 or PV_EXIT_IO with
 * *err set. */
int pv_mkdirs(const char *dir, pv_err *err);

/* An output folder of this program: mkdir -p, then remove the temporary
 * files that an earlier run of the same program left there when it was
 * killed mid-write (see pv_tmp_name).  Returns 0 or PV_EXIT_IO. */
int pv_output_dir(const char *dir, pv_err *err);

/* pv_output_dir for the folder of the output file `path` ("." when it
 * has none). */
int pv_output_dir_of(const char *path, pv_err *err);

/* The temporary name every output is written to before rename():
 * "<dir>/.<file>.<program>.tmp" (malloc'd).
 * Hidden, and named after the program that writes it, so a run removes its
 * own leftovers and never another stage's work in progress (stages of
 * `make -j` share out/level1). */
char *pv_tmp_name(const char *path);

/* The argument of a --lang option: PV_LANG_FR or PV_LANG_EN, or -1 after
 * saying what is expected. */
int pv_lang_option(const char *arg);

/* snprintf into buf of size n: "dir/file". */
char *pv_path(char *buf, size_t n, const char *dir, const char *file);

/* The whole main of a stage that reads a folder of tables and writes one:
 *   prog [--in DIR] [--out DIR]   (defaults def_in, def_out)
 * Parses the options (--help prints `help`, then the common options),
 * creates the output folder, calls run(in, out, err) and prints its error.
 * Returns the exit status. */
int pv_stage_inout(int argc, char **argv, const char *prog, const char *help,
                   const char *def_in, const char *def_out,
                   int (*run)(const char *in, const char *out, pv_err *err));

/* Print the message of err prefixed by the program name; return its status. */
int pv_die(const pv_err *err);

#endif
