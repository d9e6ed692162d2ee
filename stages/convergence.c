/* convergence — the second level: evidence ratings per theme and source,
 * convergence coding, stability, joint display.
 *
 *   convergence [--in DIR] [--out DIR]
 */
#include "convergence.h"
#include "stage.h"

int main(int argc, char **argv)
{
    return pv_stage_inout(argc, argv, "convergence",
                          "Second-level convergence analysis: reads DIR/clean (themes, triangulation map)\n"
                          "and DIR/level1 (indicator tables), writes the level-2 tables.\n",
                          "out", "out/level2", pv_convergence_run);
}
