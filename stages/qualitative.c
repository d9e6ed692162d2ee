/* qualitative — first-level statistics of the coded focus groups and
 * interviews.
 *
 *   qualitative [--in DIR] [--out DIR]
 */
#include "qualitative.h"
#include "stage.h"

int main(int argc, char **argv)
{
    return pv_stage_inout(argc, argv, "qualitative",
                          "First-level statistics of the coded focus groups and interviews: code\n"
                          "frequencies, co-occurrence, intercoder agreement, quotes, privacy flags.\n",
                          "out/clean", "out/level1", pv_qualitative_run);
}
