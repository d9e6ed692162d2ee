/* suppress.c — see suppress.h. */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

/* One additive relation: `n` members at positions idx[] of the table. */
typedef struct {
    int *idx;
    int n;
} relation;

/* Rank of a member as complement: lower is preferred. */
static long cost(const long *counts, int i, int is_margin)
{
    if (is_margin)
        return 3L << 40;
    return counts[i] > 0 ? counts[i] : 1L << 40;
}

/* Hide one more member of r if exactly one is hidden; returns 1 if it did. */
static int protect(const relation *r, int margin_pos, const long *counts,
                   unsigned char *flag)
{
    int hidden = 0, best = -1;
    long best_cost = 0;
    for (int k = 0; k < r->n; k++)
        hidden += flag[r->idx[k]] != 0;
    if (hidden != 1)
        return 0;
    for (int k = 0; k < r->n; k++) {
        int i = r->idx[k];
        if (flag[i])
            continue;
        long c = cost(counts, i, i == margin_pos);
        if (best < 0 || c < best_cost)
            best = i, best_cost = c;
    }
    if (best < 0)
        return 0;
    flag[best] = PV_CELL_COMPLEMENTARY;
    return 1;
}

void pv_suppress(const long *counts, int nr, int nc, int row_totals,
                 int col_totals, int threshold, unsigned char *flag)
{
    int w = nc + 1, rows = nr + (col_totals ? 1 : 0), cols = nc + (row_totals ? 1 : 0);
    memset(flag, 0, (size_t)((nr + 1) * w));
    if (threshold <= 1)
        return;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            long c = counts[i * w + j];
            if (c > 0 && c < threshold)
                flag[i * w + j] = PV_CELL_PRIMARY;
        }
    relation r;
    r.idx = malloc((size_t)(nr > nc ? nr + 1 : nc + 1) * sizeof *r.idx);
    if (!r.idx) { /* cannot protect: hide everything rather than leak */
        memset(flag, PV_CELL_COMPLEMENTARY, (size_t)((nr + 1) * w));
        return;
    }
    for (int changed = 1; changed;) {
        changed = 0;
        if (row_totals)
            for (int i = 0; i < rows; i++) {
                r.n = 0;
                for (int j = 0; j <= nc; j++)
                    r.idx[r.n++] = i * w + j;
                changed |= protect(&r, i * w + nc, counts, flag);
            }
        if (col_totals)
            for (int j = 0; j < cols; j++) {
                r.n = 0;
                for (int i = 0; i <= nr; i++)
                    r.idx[r.n++] = i * w + j;
                changed |= protect(&r, nr * w + j, counts, flag);
            }
    }
    free(r.idx);
}

const char *pv_suppress_label(unsigned char flag)
{
    return flag == PV_CELL_PRIMARY ? "primary"
         : flag == PV_CELL_COMPLEMENTARY ? "complementary" : "";
}
