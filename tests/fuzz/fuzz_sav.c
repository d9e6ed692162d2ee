/* fuzz_sav.c — the SPSS .sav reader (pv_sav_read, pipeline/sav.c, with
 * ReadStat).
 *
 * Invariants: a read file has as many records as rows, every cell and
 * label is a string inside its storage; a refused file leaves a reject.
 */
#include "fuzz.h"
#include "sav.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pv_table t;
    pv_sav_labels labels = {0};
    pv_rejects rej = {0};
    pv_err err = {0};
    const char *path = fuzz_file(data, size);
    int st = pv_sav_read(&t, path, "fuzz.sav", &labels, &rej, &err);
    if (st == 0) {
        CHECK(t.n_read == t.n_rows && t.n_bad == 0);
        for (size_t c = 0; c < t.n_cols; c++)
            CHECK(t.cols[c] >= t.arena && t.cols[c] < t.arena + t.arena_len);
        for (size_t r = 0; r < t.n_rows; r++) {
            CHECK(t.line[r] == (long)r + 2);
            for (size_t c = 0; c < t.n_cols; c++) {
                size_t off = t.off[r * t.n_cols + c];
                CHECK(off < t.arena_len && off + strlen(t.arena + off) < t.arena_len);
                CHECK(pv_table_flags(&t, r, c) <= PV_CELL_USER_MISSING);
            }
        }
        for (size_t i = 0; i < labels.n; i++)
            CHECK(strlen(labels.v[i].variable) + strlen(labels.v[i].value) +
                  strlen(labels.v[i].label) > 0);
    } else {
        CHECK(st == PV_EXIT_DATA || st == PV_EXIT_IO);
        CHECK(err.status == st && err.msg[0]);
        if (st == PV_EXIT_DATA)
            CHECK(rej.n == 1);
    }
    pv_table_free(&t);
    pv_sav_labels_free(&labels);
    pv_rejects_free(&rej);
    return 0;
}
