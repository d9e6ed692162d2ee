/* suppress.c — see suppress.h.  Written by hand: no Debian library does
 * cell suppression (sdcTable, tau-Argus are R and Java programs). */
#include "suppress.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define BIG (LONG_MAX / 8)   /* no upper bound known */

/* pv_xgrow for int capacities (cells are ints): one past INT_MAX is out
 * of memory too. */
static void grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return;
    int c = *cap ? *cap : 16;
    while (c < need) {
        if (c > INT_MAX / 2)
            pv_xalloc_die();
        c *= 2;
    }
    *p = pv_xnrealloc(*p, (size_t)c, size);
    *cap = c;
}

int pv_sdc_cell(pv_sdc *s, long count)
{
    int cap = s->cap;
    grow((void **)&s->count, &cap, s->n + 1, sizeof *s->count);
    cap = s->cap, grow((void **)&s->flag, &cap, s->n + 1, 1);
    cap = s->cap, grow((void **)&s->repeat, &cap, s->n + 1, 1);
    s->cap = cap;
    s->count[s->n] = count;
    s->flag[s->n] = PV_CELL_SHOWN;
    s->repeat[s->n] = 0;
    return s->n++;
}

void pv_sdc_repeat(pv_sdc *s, int i)
{
    if (i >= 0 && i < s->n)
        s->repeat[i] = 1;
}

void pv_sdc_relation(pv_sdc *s, const int *members, int n, int total)
{
    if (total < 0)
        return;
    grow((void **)&s->member, &s->capmem, s->nmem + n + 1, sizeof *s->member);
    grow((void **)&s->start, &s->caprel, s->nrel + 2, sizeof *s->start);
    if (s->nrel == 0)
        s->start[0] = 0;
    for (int k = 0; k < n; k++)
        if (members[k] >= 0)
            s->member[s->nmem++] = members[k];
    s->member[s->nmem++] = total;
    s->start[++s->nrel] = s->nmem;
}

/* Rank of a member as complement: lower is preferred. */
static long cost(const pv_sdc *s, int i, int is_total)
{
    if (s->repeat[i])
        return -1;
    if (is_total)
        return 3L << 40;
    return s->count[i] > 0 ? s->count[i] : 1L << 40;
}

/* Bounds of a hidden member: [1, threshold - 1] when primary, else [0, BIG). */
static void bounds(const pv_sdc *s, int i, int threshold, long *lo, long *hi)
{
    *lo = s->flag[i] == PV_CELL_PRIMARY ? 1 : 0;
    *hi = s->flag[i] == PV_CELL_PRIMARY ? threshold - 1 : BIG;
}

/* Whether relation r (its members sum to its last) lets a reader compute
 * a hidden member from the visible ones and the others' bounds. */
static int exposed(const pv_sdc *s, int r, int threshold)
{
    int a = s->start[r], b = s->start[r + 1];
    long known = 0;   /* sum over hidden j of sign_j x_j */
    for (int k = a; k < b; k++) {
        int i = s->member[k];
        if (!s->flag[i])
            known -= (k == b - 1 ? -1 : 1) * s->count[i];
    }
    for (int k = a; k < b; k++) {
        int i = s->member[k], sign = k == b - 1 ? -1 : 1, open_lo = 0, open_hi = 0;
        long lo, hi, omin = 0, omax = 0;
        if (!s->flag[i])
            continue;
        for (int q = a; q < b; q++) { /* range of the other hidden members' part */
            int j = s->member[q], sj = q == b - 1 ? -1 : 1;
            long l, h;
            if (q == k || !s->flag[j])
                continue;
            bounds(s, j, threshold, &l, &h);
            if (sj > 0) {
                omin += l;
                if (h >= BIG) open_hi = 1; else omax += h;
            } else {
                omax -= l;
                if (h >= BIG) open_lo = 1; else omin -= h;
            }
        }
        /* sign * x_i = known - others, others in [omin, omax] */
        long xlo = known - omax, xhi = known - omin;
        int xlo_open = open_hi, xhi_open = open_lo;
        if (sign < 0) {
            long t = -xhi;
            int u = xhi_open;
            xhi = -xlo, xlo = t;
            xhi_open = xlo_open, xlo_open = u;
        }
        bounds(s, i, threshold, &lo, &hi);
        if (!xlo_open && xlo > lo)
            lo = xlo;
        if (!xhi_open && xhi < hi)
            hi = xhi;
        if (lo == hi)
            return 1;
    }
    return 0;
}

/* Hide one more member of relation r if it exposes one; 1 if it did. */
static int protect(pv_sdc *s, int r, int threshold)
{
    int a = s->start[r], b = s->start[r + 1], best = -1;
    long best_cost = 0;
    if (!exposed(s, r, threshold))
        return 0;
    for (int k = a; k < b; k++) {
        int i = s->member[k];
        if (s->flag[i])
            continue;
        long c = cost(s, i, k == b - 1);
        if (best < 0 || c < best_cost)
            best = i, best_cost = c;
    }
    if (best < 0)
        return 0;
    s->flag[best] = PV_CELL_COMPLEMENTARY;
    return 1;
}


/* Means: whether relation r lets a reader work out a hidden mean, or the
 * mean of fewer than threshold people (see suppress.h). */
static int mean_exposed(const pv_sdc *s, int r, int threshold)
{
    int a = s->start[r], b = s->start[r + 1], total = s->member[b - 1], hidden = 0, any = 0;
    long n = 0;
    for (int k = a; k < b - 1; k++) {
        int i = s->member[k];
        any |= s->flag[i] != 0; /* a hidden n of 0 is unknown to the reader */
        if (s->flag[i] && s->count[i] > 0)
            hidden++, n += s->count[i];
    }
    if (s->flag[total]) /* only the total hidden: the members' sums give it */
        return !any && s->count[total] > 0;
    return hidden == 1 || (n > 0 && n < threshold);
}

/* Hide the mean of one more member of relation r (the fewest people, then
 * the first; the total last) if it exposes one; 1 if it did. */
static int mean_protect(pv_sdc *s, int r, int threshold)
{
    int a = s->start[r], b = s->start[r + 1], best = -1;
    if (!mean_exposed(s, r, threshold))
        return 0;
    for (int k = a; k < b - 1; k++) {
        int i = s->member[k];
        if (!s->flag[i] && s->count[i] > 0 && (best < 0 || s->count[i] < s->count[best]))
            best = i;
    }
    if (best < 0 && !s->flag[s->member[b - 1]] && s->count[s->member[b - 1]] > 0)
        best = s->member[b - 1];
    if (best < 0)
        return 0;
    s->flag[best] = PV_CELL_COMPLEMENTARY;
    return 1;
}

/* Primary cells, then `rule` over every relation until nothing changes. */
static void solve(pv_sdc *s, int threshold, int (*rule)(pv_sdc *, int, int))
{
    for (int i = 0; i < s->n; i++)
        if (!s->flag[i] && s->count[i] > 0 && s->count[i] < threshold)
            s->flag[i] = PV_CELL_PRIMARY;
    for (int changed = 1; changed;) {
        changed = 0;
        for (int r = 0; r < s->nrel; r++)
            changed |= rule(s, r, threshold);
    }
}

void pv_sdc_solve(pv_sdc *s, int threshold)
{
    if (threshold > 1)
        solve(s, threshold, protect);
}

void pv_sdc_solve_means(pv_sdc *s, int threshold)
{
    solve(s, threshold, mean_protect);
}

void pv_sdc_free(pv_sdc *s)
{
    free(s->count), free(s->flag), free(s->repeat), free(s->start), free(s->member);
    memset(s, 0, sizeof *s);
}

void pv_suppress(const long *counts, int nr, int nc, int row_totals,
                 int col_totals, int threshold, unsigned char *flag)
{
    int w = nc + 1, rows = nr + (col_totals ? 1 : 0), cols = nc + (row_totals ? 1 : 0);
    int *id = pv_xnmalloc((size_t)((nr + 1) * w), sizeof *id);
    int *m = pv_xnmalloc((size_t)(nr > nc ? nr + 1 : nc + 1), sizeof *m);
    pv_sdc s = {0};
    memset(flag, 0, (size_t)((nr + 1) * w));
    for (int i = 0; i <= nr; i++)
        for (int j = 0; j <= nc; j++)
            id[i * w + j] = i < rows && j < cols ? pv_sdc_cell(&s, counts[i * w + j]) : -1;
    if (row_totals)
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < nc; j++)
                m[j] = id[i * w + j];
            pv_sdc_relation(&s, m, nc, id[i * w + nc]);
        }
    if (col_totals)
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < nr; i++)
                m[i] = id[i * w + j];
            pv_sdc_relation(&s, m, nr, id[nr * w + j]);
        }
    pv_sdc_solve(&s, threshold);
    for (int i = 0; i < (nr + 1) * w; i++)
        flag[i] = pv_sdc_flag(&s, id[i]);
    pv_sdc_free(&s);
    free(id), free(m);
}

unsigned char pv_suppress_derived(const unsigned char *flag, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (flag[i])
            return PV_CELL_COMPLEMENTARY;
    return PV_CELL_SHOWN;
}

const char *pv_suppress_label(unsigned char flag)
{
    return flag == PV_CELL_PRIMARY ? "primary"
         : flag == PV_CELL_COMPLEMENTARY ? "complementary" : "";
}

void pv_suppress_mark(char *buf, size_t size, const char *column, unsigned char flag)
{
    size_t len = strlen(buf);
    if (flag && len < size)
        snprintf(buf + len, size - len, "%s%s:%s", len ? ";" : "", column,
                 pv_suppress_label(flag));
}
