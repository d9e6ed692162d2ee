/* replicates.c — see replicates.h. */
#include "replicates.h"

const char *const pv_replicate_cols[PV_REP_NCOLS] = {
    [PV_REP_REPLICATE] = "replicate", [PV_REP_INDICATOR] = "indicator",
    [PV_REP_VALUE] = "value", [PV_REP_CI_LOW] = "ci_low", [PV_REP_CI_HIGH] = "ci_high"};

int pv_replicates_open(pv_csvw *w, const char *path, pv_err *err)
{
    int st = pv_csvw_open(w, path, err);
    pv_csvw_header(w, pv_replicate_cols, PV_REP_NCOLS);
    return st;
}

void pv_replicate(pv_csvw *w, long b, const char *id, double v, double lo, double hi)
{
    pv_csvw_int(w, b + 1);
    pv_csvw_str(w, id);
    pv_csvw_num(w, v);
    pv_csvw_num(w, lo);
    pv_csvw_num(w, hi);
    pv_csvw_end(w);
}
