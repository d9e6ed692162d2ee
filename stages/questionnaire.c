/* questionnaire — first-level statistics of the questionnaires.
 *
 *   questionnaire [--in DIR] [--out DIR]
 *
 * Reads the clean tables written by ingest and writes
 * out/level1/questionnaire_*.csv and indicators_questionnaire.csv.
 */
#include "questionnaire.h"
#include "stage.h"

int main(int argc, char **argv)
{
    return pv_stage_inout(argc, argv, "questionnaire",
                          "First-level statistics of the questionnaires: items, constructs (scores,\n"
                          "Cronbach's alpha), tests between groups and regions, response rates.\n",
                          "out/clean", "out/level1", pv_questionnaire_run);
}
