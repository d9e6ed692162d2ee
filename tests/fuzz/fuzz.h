/* fuzz.h — what the fuzz harnesses share.
 *
 * The readers under test take a path, so each input is written to an
 * in-memory file (memfd) and the reader opens it as /proc/self/fd/N: no
 * disk I/O per input, and no name extension (the REFI-QDA reader tells a
 * ZIP from XML by its first bytes).
 *
 * CHECK is an invariant of the reader's result: a violated one aborts, so
 * libFuzzer and the regression driver (driver.c) report it as a crash.
 */
#ifndef PV_FUZZ_H
#define PV_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Replace the in-memory file's content with data; returns its path
 * (static buffer), or aborts when the memfd cannot be made. */
const char *fuzz_file(const uint8_t *data, size_t size);

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (!(cond))                                                          \
            fuzz_fail(__FILE__, __LINE__, #cond);                             \
    } while (0)

_Noreturn void fuzz_fail(const char *file, int line, const char *what);

#endif
