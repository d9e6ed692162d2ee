/* indicators.c — see indicators.h. */
#include "indicators.h"

#include <stdio.h>
#include <string.h>

const char *const pv_indicator_cols[PV_IND_NCOLS] = {
    [PV_IND_SOURCE] = "source", [PV_IND_INDICATOR] = "indicator", [PV_IND_LABEL] = "label",
    [PV_IND_N] = "n", [PV_IND_VALUE] = "value", [PV_IND_CI_LOW] = "ci_low",
    [PV_IND_CI_HIGH] = "ci_high", [PV_IND_UNIT] = "unit"};

const char *pv_indicator_id(char *buf, size_t n, const char *prefix, const char *a,
                            const char *b)
{
    snprintf(buf, n, "%s%s%s%s%s", prefix, a ? "_" : "", a ? a : "", b ? "_" : "", b ? b : "");
    return buf;
}

int pv_indicators_open(pv_csvw *w, const char *path, pv_err *err)
{
    int st = pv_csvw_open(w, path, err);
    pv_csvw_header(w, pv_indicator_cols, PV_IND_NCOLS);
    return st;
}

void pv_indicator(pv_csvw *w, const char *source, const char *id, const char *label,
                  long n, double value, double lo, double hi, const char *unit)
{
    pv_csvw_str(w, source);
    pv_csvw_str(w, id);
    pv_csvw_str(w, label);
    n >= 0 ? pv_csvw_int(w, n) : pv_csvw_str(w, NULL);
    pv_csvw_num(w, value);
    pv_csvw_num(w, lo);
    pv_csvw_num(w, hi);
    pv_csvw_str(w, unit);
    pv_csvw_end(w);
}
