/* driver.c — runs a fuzz harness once over given files, without libFuzzer.
 *
 *   build/.../fuzz_csv FILE-OR-FOLDER...
 *
 * Every regular file (of a folder: every file but README.md, in name
 * order) is read into a buffer of its exact size and given to
 * LLVMFuzzerTestOneInput.  Built with gcc and -fsanitize=address,undefined
 * by `make check`, it replays the seed corpus and every crash the fuzzer
 * once found (tests/fuzz/regress/): a memory error or a violated invariant
 * aborts with the file's name printed first.
 */
#define _GNU_SOURCE
#include "fuzz.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>
#endif

static size_t n_run;
static const char *current; /* the input being run */

/* Name the input that crashed (from a signal handler or the sanitizers'
 * death callback: write(2) only). */
static void name_culprit(void)
{
    static const char pre[] = "fuzz driver: crashed on input ";
    if (!current)
        return;
    if (write(2, pre, sizeof pre - 1) < 0 || write(2, current, strlen(current)) < 0 ||
        write(2, "\n", 1) < 0)
        return;
}

static void on_signal(int sig)
{
    name_culprit();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0) {
        perror(path);
        exit(2);
    }
    size_t size = (size_t)sb.st_size;
    uint8_t *data = pv_xmalloc(size); /* exactly size bytes (1 when empty) */
    if (fread(data, 1, size, f) != size) {
        fprintf(stderr, "%s: cannot read\n", path);
        exit(2);
    }
    fclose(f);
    current = path;
    LLVMFuzzerTestOneInput(size ? data : NULL, size);
    current = NULL;
    free(data);
    n_run++;
}

static void run_dir(const char *dir)
{
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0) {
        perror(dir);
        exit(2);
    }
    for (int i = 0; i < n; i++) {
        const char *e = ents[i]->d_name;
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, e);
        if (e[0] != '.' && strcmp(e, "README.md") != 0 && stat(path, &sb) == 0 &&
            S_ISREG(sb.st_mode))
            run_file(path);
        free(ents[i]);
    }
    free(ents);
}

int main(int argc, char **argv)
{
    signal(SIGABRT, on_signal);
    signal(SIGSEGV, on_signal);
#ifdef __SANITIZE_ADDRESS__
    __sanitizer_set_death_callback(name_culprit);
#endif
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            run_dir(argv[i]);
        else
            run_file(argv[i]);
    }
    printf("%s: %zu inputs ran without error\n", argv[0], n_run);
    return 0;
}
