/* fuzz_refiqda.c — the REFI-QDA reader (pv_refiqda_read,
 * pipeline/refiqda.c): a .qde (XML) or a .qdpx (ZIP holding a .qde and
 * its Sources/), told apart by the first bytes as the reader does.
 *
 * Invariants: every cell of the four tables is a string; each coding
 * names an excerpt; a refused file has a message.
 */
#include "fuzz.h"
#include "refiqda.h"

#include <stdlib.h>
#include <string.h>

/* Read every cell (its length goes to a volatile so the reads stay). */
static volatile size_t sink;

static void touch(const pv_strtab *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        n += strlen(t->cells[i]);
    sink = n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pv_refiqda q;
    pv_err err = {0};
    const char *path = fuzz_file(data, size);
    int st = pv_refiqda_read(&q, path, "fuzz.qdpx", &err);
    if (st == 0) {
        CHECK(q.codebook.n_cols == 6 && q.sessions.n_cols == 6 &&
              q.excerpts.n_cols == 6 && q.codings.n_cols == 3);
        touch(&q.codebook), touch(&q.sessions), touch(&q.excerpts), touch(&q.codings);
        for (size_t i = 0; i < q.excerpts.n_rows; i++) { /* a span is both ends or neither */
            const char *a = pv_strtab_get(&q.excerpts, i, 4), *b = pv_strtab_get(&q.excerpts, i, 5);
            CHECK((*a == '\0') == (*b == '\0') && (!*a || atol(a) <= atol(b)));
        }
        for (size_t i = 0; i < q.codings.n_rows; i++)
            CHECK(*pv_strtab_get(&q.codings, i, PV_QCO_EXCERPT));
        for (size_t i = 0; i < q.n_warnings; i++)
            CHECK(q.warnings[i] && q.warnings[i][0]);
    } else {
        CHECK(st == PV_EXIT_DATA || st == PV_EXIT_IO);
        CHECK(err.msg[0]);
    }
    pv_refiqda_free(&q);
    return 0;
}
