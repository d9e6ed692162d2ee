/* questionnaire — first-level statistics of the questionnaires.
 *
 *   questionnaire [--in DIR] [--out DIR]
 *
 * Reads the clean tables written by ingest and writes
 * out/level1/questionnaire_*.csv and indicators_questionnaire.csv.
 */
#include "questionnaire.h"
#include "stage.h"

#include <sys/stat.h>

/* A dataset without this source: the tables are written with their header
 * only (make's targets exist), and the stage says so in one line. */
static int run(const char *in, const char *out, pv_err *err)
{
    char path[4096];
    struct stat sb;
    if (stat(pv_path(path, sizeof path, in, "instruments.csv"), &sb) != 0)
        pv_warn("no questionnaires in %s (no instruments.csv): tables written with their header only; skipped", in);
    return pv_questionnaire_run(in, out, err);
}

int main(int argc, char **argv)
{
    return pv_stage_inout(argc, argv, "questionnaire",
                          "First-level statistics of the questionnaires: items, constructs (scores,\n"
                          "Cronbach's alpha), tests between groups and regions, response rates.\n",
                          "out/clean", "out/level1", run);
}
