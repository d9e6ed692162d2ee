/* participation — first-level statistics of the participation reports.
 *
 *   participation [--in DIR] [--out DIR]
 *
 * Reads the clean tables written by ingest (default out/clean) and writes
 * out/level1/participation_*.csv and indicators_participation.csv.
 */
#include "participation.h"
#include "stage.h"

int main(int argc, char **argv)
{
    return pv_stage_inout(argc, argv, "participation",
                          "First-level statistics of the participation reports.\n",
                          "out/clean", "out/level1", pv_participation_run);
}
