/* qualitative — first-level statistics of the coded focus groups and
 * interviews.
 *
 *   qualitative [--in DIR] [--out DIR]
 */
#include "qualitative.h"
#include "stage.h"

#include <sys/stat.h>

/* A dataset without this source: the tables are written with their header
 * only (make's targets exist), and the stage says so in one line. */
static int run(const char *in, const char *out, pv_err *err)
{
    char path[4096];
    struct stat sb;
    if (stat(pv_path(path, sizeof path, in, "codebook.csv"), &sb) != 0)
        pv_warn("no focus groups or interviews in %s (no codebook.csv): tables written with their header only; skipped", in);
    return pv_qualitative_run(in, out, err);
}

int main(int argc, char **argv)
{
    return pv_stage_inout(argc, argv, "qualitative",
                          "First-level statistics of the coded focus groups and interviews: code\n"
                          "frequencies, co-occurrence, intercoder agreement, quotes, privacy flags.\n",
                          "out/clean", "out/level1", run);
}
