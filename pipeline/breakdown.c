/* breakdown.c — see breakdown.h. */
#include "breakdown.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "stats.h"
#include "suppress.h"
#include "xalloc.h"

void pv_breakdown_init(pv_breakdown *b, int nr, int nc)
{
    size_t cells = (size_t)(nr + 1) * (size_t)(nc + 1);
    b->nr = nr;
    b->nc = nc;
    b->counts = pv_xcalloc(cells, sizeof *b->counts);
    b->flag = pv_xcalloc(cells, 1);
    b->id = NULL;
}

static void margins(pv_breakdown *b)
{
    int w = b->nc + 1;
    for (int r = 0; r < b->nr; r++) {
        long s = 0;
        for (int c = 0; c < b->nc; c++)
            s += b->counts[r * w + c];
        b->counts[r * w + b->nc] = s;
    }
    for (int c = 0; c <= b->nc; c++) {
        long s = 0;
        for (int r = 0; r < b->nr; r++)
            s += b->counts[r * w + c];
        b->counts[b->nr * w + c] = s;
    }
}

void pv_breakdown_finish(pv_breakdown *b)
{
    margins(b);
    /* With one count column the row total repeats the cell: publish (and
     * protect) only the column relation. */
    pv_suppress(b->counts, b->nr, b->nc, b->nc > 1, 1, b->threshold, b->flag);
}

void pv_breakdown_link(pv_breakdown *b, pv_sdc *s, const int *total_row)
{
    int w = b->nc + 1, cols = b->nc > 1 ? w : 1;
    int *m = pv_xnmalloc((size_t)(b->nr > b->nc ? b->nr + 1 : b->nc + 1), sizeof *m);
    margins(b);
    free(b->id);
    b->id = pv_xnmalloc((size_t)((b->nr + 1) * w), sizeof *b->id);
    for (int r = 0; r <= b->nr; r++)
        for (int c = 0; c < w; c++)
            b->id[r * w + c] = c >= cols ? -1
                             : r == b->nr && total_row ? total_row[c]
                             : pv_sdc_cell(s, b->counts[r * w + c]);
    if (b->nc > 1)
        for (int r = 0; r <= b->nr; r++) {
            for (int c = 0; c < b->nc; c++)
                m[c] = b->id[r * w + c];
            pv_sdc_relation(s, m, b->nc, b->id[r * w + b->nc]);
        }
    for (int c = 0; c < cols; c++) {
        for (int r = 0; r < b->nr; r++)
            m[r] = b->id[r * w + c];
        pv_sdc_relation(s, m, b->nr, b->id[b->nr * w + c]);
    }
    free(m);
}

void pv_breakdown_take(pv_breakdown *b, const pv_sdc *s)
{
    for (int i = 0; i < (b->nr + 1) * (b->nc + 1); i++)
        b->flag[i] = pv_sdc_flag(s, b->id[i]);
}

int pv_breakdown_cell_id(const pv_breakdown *b, int r, int c)
{
    if (b->nc == 1 && c == 1)
        c = 0;
    return b->id ? b->id[r * (b->nc + 1) + c] : -1;
}

int pv_breakdown_shown(const pv_breakdown *b, int r, int c)
{
    if (b->nc == 1 && c == 1)
        c = 0;
    return b->flag[r * (b->nc + 1) + c] == 0;
}

double pv_breakdown_share(const pv_breakdown *b, int r, double *lo, double *hi)
{
    int w = b->nc + 1, num_c, den_r, den_c;
    *lo = *hi = NAN;
    if (b->nc == 1) {
        if (r == b->nr)
            return NAN; /* the total is 100 % by construction */
        num_c = 0, den_r = b->nr, den_c = 0;
    } else if (b->share_col >= 0) {
        num_c = b->share_col, den_r = r, den_c = b->nc;
    } else {
        return NAN;
    }
    if (!pv_breakdown_shown(b, r, num_c) || !pv_breakdown_shown(b, den_r, den_c))
        return NAN;
    return pv_wilson(b->counts[r * w + num_c], b->counts[den_r * w + den_c],
                     0.95, lo, hi);
}

static void write_row(pv_csvw *w, const pv_breakdown *b, int r)
{
    char sup[512] = "";
    double lo, hi, share;
    int wd = b->nc + 1, last = b->nc > 1 ? b->nc : b->nc - 1;
    pv_csvw_str(w, r < b->nr ? b->key[r] : "total");
    pv_csvw_str(w, r < b->nr && b->label_fr ? b->label_fr[r] : "");
    pv_csvw_str(w, r < b->nr && b->label_en ? b->label_en[r] : "");
    for (int c = 0; c <= last; c++) {
        unsigned char f = b->flag[r * wd + c];
        if (f) {
            pv_suppress_mark(sup, sizeof sup, c < b->nc ? b->col_name[c] : "total", f);
            pv_csvw_str(w, NULL);
        } else {
            pv_csvw_int(w, b->counts[r * wd + c]);
        }
    }
    share = pv_breakdown_share(b, r, &lo, &hi);
    pv_csvw_num(w, share);
    pv_csvw_num(w, lo);
    pv_csvw_num(w, hi);
    if (b->mean) {
        unsigned char f = b->mean_flag[r];
        pv_suppress_mark(sup, sizeof sup, "mean", f);
        pv_csvw_num(w, f ? NAN : b->mean[r]);
        pv_csvw_num(w, f ? NAN : b->mean_lo[r]);
        pv_csvw_num(w, f ? NAN : b->mean_hi[r]);
    }
    pv_csvw_str(w, sup);
    pv_csvw_end(w);
}

int pv_breakdown_write(const pv_breakdown *b, const char *path, pv_err *err)
{
    pv_csvw w;
    pv_csvw_open(&w, path, err);
    pv_csvw_str(&w, b->key_name);
    pv_csvw_str(&w, "label_fr");
    pv_csvw_str(&w, "label_en");
    for (int c = 0; c < b->nc; c++)
        pv_csvw_str(&w, b->col_name[c]);
    if (b->nc > 1)
        pv_csvw_str(&w, "total");
    pv_csvw_str(&w, "share");
    pv_csvw_str(&w, "ci_low");
    pv_csvw_str(&w, "ci_high");
    if (b->mean) {
        pv_csvw_str(&w, "mean");
        pv_csvw_str(&w, "mean_ci_low");
        pv_csvw_str(&w, "mean_ci_high");
    }
    pv_csvw_str(&w, "suppressed");
    pv_csvw_end(&w);
    for (int r = 0; r <= b->nr; r++)
        write_row(&w, b, r);
    return pv_csvw_close(&w);
}

void pv_breakdown_free(pv_breakdown *b)
{
    if (!b)
        return;
    free(b->counts);
    free(b->flag);
    free(b->id);
    free(b->mean), free(b->mean_lo), free(b->mean_hi), free(b->mean_flag);
    b->mean = b->mean_lo = b->mean_hi = NULL;
    b->mean_flag = NULL;
    b->counts = NULL;
    b->flag = NULL;
    b->id = NULL;
}
