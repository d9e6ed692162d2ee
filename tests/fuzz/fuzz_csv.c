/* fuzz_csv.c — the CSV reader (pv_table_read, pipeline/table.c).
 *
 * Each input is a whole file, read with the three settings config.csv can
 * give (detected delimiter and encoding; ',' and UTF-8 only; ';' and
 * Windows-1252).  Invariants: the counts add up (read = kept + rejected),
 * record lines never go back, every field lies inside the arena, and a
 * refused file leaves a reject with its reason.
 */
#include "fuzz.h"
#include "table.h"

#include <string.h>

static void read_once(const char *path, const pv_table_opts *o)
{
    pv_table t;
    pv_rejects rej = {0};
    pv_err err = {0};
    int st = pv_table_read(&t, path, "fuzz.csv", o, &rej, &err);
    if (st == 0) {
        CHECK(t.n_cols >= 1 && t.cols);
        CHECK(t.n_read == t.n_rows + t.n_bad);
        for (size_t i = 0; i < t.n_cols; i++)
            CHECK(t.cols[i] >= t.arena && t.cols[i] < t.arena + t.arena_len);
        for (size_t r = 0; r < t.n_rows; r++) {
            CHECK(t.line[r] >= 2 && (r == 0 || t.line[r] >= t.line[r - 1]));
            for (size_t c = 0; c < t.n_cols; c++) { /* either layout (table.h) */
                const char *f = pv_table_get(&t, r, c);
                CHECK(f >= t.arena && f < t.arena + t.arena_len &&
                      f + strlen(f) < t.arena + t.arena_len);
            }
        }
    } else {
        CHECK(st == PV_EXIT_DATA || st == PV_EXIT_IO);
        CHECK(err.status == st && err.msg[0]);
        if (st == PV_EXIT_DATA)
            CHECK(rej.n >= 1);
    }
    for (size_t i = 0; i < rej.n; i++)
        CHECK(rej.v[i].line >= 1 && rej.v[i].column >= 0 && rej.v[i].reason[0]);
    pv_table_free(&t);
    pv_rejects_free(&rej);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const pv_table_opts opts[] = {
        {0, PV_ENC_AUTO}, {',', PV_ENC_UTF8}, {';', PV_ENC_CP1252}};
    const char *path = fuzz_file(data, size);
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        read_once(path, &opts[i]);
    return 0;
}
