/* qstats.c — see qstats.h.  Formulas and their R counterparts are in
 * qstats.h and docs/METHODS.md. */
#include "qstats.h"
#include "mt.h"

#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

const char *pv_qs_status_str(pv_qs_status s)
{
    switch (s) {
    case PV_QS_OK: return "ok";
    case PV_QS_UNDEFINED: return "undefined for these data";
    case PV_QS_INVALID: return "invalid input";
    case PV_QS_NUMERIC: return "numerical failure";
    case PV_QS_LIMIT: return "beyond the work limit";
    }
    return "unknown status";
}

/* ---------------------------------------------------------------- descriptive */

double pv_mean(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    double s = 0, t = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    s /= (double)n;
    if (!isfinite(s))
        return s;
    for (size_t i = 0; i < n; i++)
        t += x[i] - s;
    return s + t / (double)n;
}

double pv_sd(const double *x, size_t n)
{
    if (n < 2)
        return NAN;
    double m = pv_mean(x, n), ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    return sqrt(ss / (double)(n - 1));
}

/* ---------------------------------------------------------------- Cronbach's alpha */

static void alpha_fill_nan(pv_alpha *out, size_t k)
{
    out->alpha = out->alpha_std = out->ci_low = out->ci_high = NAN;
    for (size_t j = 0; j < k; j++) {
        if (out->alpha_if_deleted)
            out->alpha_if_deleted[j] = NAN;
        if (out->r_drop)
            out->r_drop[j] = NAN;
    }
}

/* Covariance matrix (k × k, denominator n − 1) of x into cov, two-pass;
 * mean is k doubles of scratch.  Returns PV_QS_INVALID on a NAN / inf. */
static pv_qs_status covariance(const double *x, size_t n, size_t k,
                               double *mean, double *cov)
{
    for (size_t j = 0; j < k; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(x[i * k + j]))
                return PV_QS_INVALID;
            s += x[i * k + j];
        }
        mean[j] = s / (double)n;
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = a; b < k; b++) {
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += (x[i * k + a] - mean[a]) * (x[i * k + b] - mean[b]);
            cov[a * k + b] = cov[b * k + a] = s / (double)(n - 1);
        }
    return PV_QS_OK;
}

/* Raw alpha of the items other than skip (skip = k: all items), psych's
 * alpha.1: (1 − tr(C)/sum(C)) · m/(m − 1), m the number of items kept. */
static double alpha_raw(const double *cov, size_t k, size_t skip)
{
    double tr = 0, sum = 0;
    size_t m = 0;
    for (size_t a = 0; a < k; a++) {
        if (a == skip)
            continue;
        m++;
        tr += cov[a * k + a];
        for (size_t b = 0; b < k; b++)
            if (b != skip)
                sum += cov[a * k + b];
    }
    if (m < 2 || !(sum > 0))
        return NAN;
    return (1 - tr / sum) * ((double)m / (double)(m - 1));
}

/* Standardized alpha from the correlations, psych's (1 − k/ΣR) · k/(k − 1),
 * which equals k·r̄/(1 + (k − 1)·r̄). */
static double alpha_standardized(const double *cov, size_t k)
{
    double sum_r = 0;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            sum_r += cov[a * k + b] / sqrt(cov[a * k + a] * cov[b * k + b]);
    double v = (1 - (double)k / sum_r) * ((double)k / (double)(k - 1));
    return isfinite(v) ? v : NAN;
}

/* Corrected item-total correlation of item j, psych's r.drop:
 * (Σ_b C[j,b] − C[j,j]) / √(C[j,j] · Σ_{a,b ≠ j} C[a,b]). */
static double r_drop(const double *cov, size_t k, size_t j)
{
    double c_drop = 0, v_drop = 0;
    for (size_t b = 0; b < k; b++)
        if (b != j)
            c_drop += cov[j * k + b];
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            if (a != j && b != j)
                v_drop += cov[a * k + b];
    if (!(v_drop > 0))
        return NAN;
    return c_drop / sqrt(cov[j * k + j] * v_drop);
}

pv_qs_status pv_cronbach_alpha(const double *x, size_t n, size_t k,
                               double conf, pv_alpha *out)
{
    alpha_fill_nan(out, k);
    if (!(conf > 0 && conf < 1))
        return PV_QS_INVALID;
    if (n < 2 || k < 2)
        return PV_QS_UNDEFINED;
    double *mean = pv_xnmalloc(pv_xmul(k, k) + k, sizeof *mean);
    double *cov = mean + k;
    pv_qs_status st = covariance(x, n, k, mean, cov);
    if (st != PV_QS_OK)
        goto done;
    for (size_t j = 0; j < k; j++)
        if (!(cov[j * k + j] > 0)) {
            st = PV_QS_UNDEFINED;
            goto done;
        }
    out->alpha = alpha_raw(cov, k, k);
    out->alpha_std = alpha_standardized(cov, k);
    for (size_t j = 0; j < k; j++) {
        if (out->alpha_if_deleted)
            out->alpha_if_deleted[j] = alpha_raw(cov, k, j); /* NAN if k == 2 */
        if (out->r_drop)
            out->r_drop[j] = r_drop(cov, k, j);
    }
    /* Feldt (1965): (1 − alpha)/(1 − ALPHA) ~ F(n − 1, (n − 1)(k − 1)). */
    double a = 1 - conf, df1 = (double)(n - 1), df2 = df1 * (double)(k - 1);
    double f_hi = gsl_cdf_fdist_Pinv(1 - a / 2, df1, df2);
    double f_lo = gsl_cdf_fdist_Pinv(a / 2, df1, df2);
    if (isnan(f_hi) || isnan(f_lo) || isnan(out->alpha)) {
        st = isnan(out->alpha) ? PV_QS_UNDEFINED : PV_QS_NUMERIC;
        goto done;
    }
    out->ci_low = 1 - (1 - out->alpha) * f_hi;
    out->ci_high = 1 - (1 - out->alpha) * f_lo;
done:
    free(mean);
    if (st != PV_QS_OK)
        alpha_fill_nan(out, k);
    return st;
}

/* ---------------------------------------------------------------- chi-square */

pv_qs_status pv_chisq_indep(const double *counts, size_t r, size_t c,
                            pv_chisq *out)
{
    *out = (pv_chisq){NAN, NAN, NAN, NAN, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < r * c; i++)
        if (!isfinite(counts[i]) || counts[i] < 0) {
            out->n = NAN;
            return PV_QS_INVALID;
        }
    double *rs = pv_xcalloc(r + c + 1, sizeof *rs); /* +1: r + c may be 0 */
    double *cs = rs + r;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            rs[i] += counts[i * c + j];
            cs[j] += counts[i * c + j];
            out->n += counts[i * c + j];
        }
    for (size_t i = 0; i < r; i++)
        out->rows_used += rs[i] > 0;
    for (size_t j = 0; j < c; j++)
        out->cols_used += cs[j] > 0;
    pv_qs_status st = PV_QS_OK;
    if (out->rows_used < 2 || out->cols_used < 2) {
        st = PV_QS_UNDEFINED;
        goto done;
    }
    double x2 = 0;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            if (rs[i] == 0 || cs[j] == 0)
                continue; /* a dropped row or column */
            double e = rs[i] * cs[j] / out->n, d = counts[i * c + j] - e;
            x2 += d * d / e;
            out->n_expected_lt5 += e < 5;
            out->n_expected_lt1 += e < 1;
            out->n_cells++;
        }
    out->statistic = x2;
    out->df = (double)(out->rows_used - 1) * (double)(out->cols_used - 1);
    out->p = gsl_cdf_chisq_Q(x2, out->df);
    size_t m = out->rows_used < out->cols_used ? out->rows_used : out->cols_used;
    out->cramer_v = sqrt(x2 / (out->n * (double)(m - 1)));
    if (isnan(out->p))
        st = PV_QS_NUMERIC;
done:
    free(rs);
    return st;
}

int pv_chisq_small_expected(const pv_chisq *x)
{
    return x->n_expected_lt1 > 0 || 5 * x->n_expected_lt5 > x->n_cells;
}

/* ---------------------------------------------------------------- Fisher's exact test */

/* The table without its all-zero rows and columns, as integer margins and
 * cells, oriented so that rows are the shorter side (k rows, m columns). */
typedef struct {
    size_t k, m;
    long n;
    long *row, *col, *cell; /* k, m, k·m */
    double *lf;             /* ln i!, i = 0..n */
} ftab;

static void ftab_free(ftab *t)
{
    free(t->row);
    free(t->lf);
}

/* Fill t from counts; PV_QS_INVALID / PV_QS_UNDEFINED as pv_fisher_exact. */
static pv_qs_status ftab_make(const double *counts, size_t r, size_t c, ftab *t, pv_fisher *out)
{
    *out = (pv_fisher){NAN, 0, 0, 0, 0};
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < r * c; i++)
        if (!isfinite(counts[i]) || counts[i] < 0 || counts[i] != floor(counts[i]) ||
            counts[i] > 1e7) {
            out->n = NAN;
            return PV_QS_INVALID;
        }
    double *rs = pv_xcalloc(r + c + 1, sizeof *rs), *cs = rs + r;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++)
            rs[i] += counts[i * c + j], cs[j] += counts[i * c + j], out->n += counts[i * c + j];
    for (size_t i = 0; i < r; i++)
        out->rows_used += rs[i] > 0;
    for (size_t j = 0; j < c; j++)
        out->cols_used += cs[j] > 0;
    pv_qs_status st = PV_QS_OK;
    if (out->n > 1e7)
        st = PV_QS_INVALID;
    else if (out->rows_used < 2 || out->cols_used < 2)
        st = PV_QS_UNDEFINED;
    if (st != PV_QS_OK) {
        free(rs);
        return st;
    }
    int flip = out->rows_used > out->cols_used;
    t->k = flip ? out->cols_used : out->rows_used;
    t->m = flip ? out->rows_used : out->cols_used;
    t->n = (long)out->n;
    t->row = pv_xnmalloc(t->k + t->m + t->k * t->m, sizeof *t->row);
    t->col = t->row + t->k;
    t->cell = t->col + t->m;
    size_t a = 0;
    for (size_t i = 0; i < r; i++) {
        if (rs[i] == 0)
            continue;
        size_t b = 0;
        for (size_t j = 0; j < c; j++) {
            if (cs[j] == 0)
                continue;
            long v = (long)counts[i * c + j];
            if (flip)
                t->cell[b * t->m + a] = v;
            else
                t->cell[a * t->m + b] = v;
            b++;
        }
        a++;
    }
    for (size_t i = 0; i < t->k; i++) {
        t->row[i] = 0;
        for (size_t j = 0; j < t->m; j++)
            t->row[i] += t->cell[i * t->m + j];
    }
    for (size_t j = 0; j < t->m; j++) {
        t->col[j] = 0;
        for (size_t i = 0; i < t->k; i++)
            t->col[j] += t->cell[i * t->m + j];
    }
    t->lf = pv_xnmalloc((size_t)t->n + 1, sizeof *t->lf);
    for (long i = 0; i <= t->n; i++)
        t->lf[i] = gsl_sf_lnfact((unsigned)i);
    free(rs);
    return PV_QS_OK;
}

/* S = −Σ ln n_ij! of the observed table (the log of its probability up to
 * a constant of the margins). */
static double ftab_stat(const ftab *t)
{
    double s = 0;
    for (size_t i = 0; i < t->k * t->m; i++)
        s -= t->lf[t->cell[i]];
    return s;
}

/* A partial table: its path value so far (−Σ ln n! of the columns filled)
 * and how many partial tables share it. */
typedef struct {
    double v, w;
} fpath;

/* A node: the remaining row margins (sorted, descending) and the paths
 * that reach it. */
typedef struct {
    long *key; /* into its stage's keys, set by stage_seal */
    fpath *p;  /* into its stage's paths, set by stage_seal */
    size_t n, cap;
    size_t npend; /* its paths p[0..npend-1] go on to the next stage */
} fnode;

/* The pending paths p[0..npend-1] of a node of the previous stage, each
 * plus d, reach node `node`: recorded while the stage is built, turned
 * into paths by stage_seal, in the order they were reached. */
typedef struct {
    size_t node;
    const fnode *from;
    double d;
} fseg;

/* The nodes of one column, in the order they were first reached (the
 * order of the sums in pv_fisher_exact, so it must not change), found by
 * key through a hash table: open addressing with linear probing, each
 * slot the node's index + 1 (0 empty), each node's full hash kept to
 * skip most key comparisons. */
typedef struct {
    size_t k;
    fnode *v;     /* nodes */
    size_t n, cap;
    long *keys;   /* per node its full hash and its k margins, in one block
                   * (one cache line for both, no allocation per node) */
    size_t kcap;
    size_t *hash; /* index + 1 into v; 0 empty */
    size_t hcap;
    fseg *seg;    /* the paths that reach the nodes, as segments */
    size_t nseg, segcap;
    fpath *paths; /* every node's paths, node after node (stage_seal) */
    size_t pcap;
} fstage;

/* FNV-1a over the words, then a 64-bit finalizer (MurmurHash3's fmix64)
 * so the low bits, which pick the slot, depend on every bit of the key:
 * the margins are small numbers with a fixed sum, which FNV's low bits
 * alone spread badly. */
static size_t key_hash(const long *key, size_t k)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < k; i++)
        h = (h ^ (uint64_t)key[i]) * 1099511628211u;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return (size_t)h;
}

static void stage_rehash(fstage *s)
{
    free(s->hash);
    s->hcap = s->hcap ? 2 * s->hcap : 64;
    s->hash = pv_xcalloc(s->hcap, sizeof *s->hash);
    for (size_t i = 0; i < s->n; i++) {
        size_t h = (size_t)s->keys[i * (s->k + 1)] & (s->hcap - 1);
        while (s->hash[h])
            h = (h + 1) & (s->hcap - 1);
        s->hash[h] = i + 1;
    }
}

static int key_eq(const long *a, const long *b, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* The node of key in s, made if new.  Its key pointer is set by
 * stage_seal, once no node is added (the keys' block may move). */
static fnode *stage_node(fstage *s, const long *key)
{
    if (2 * (s->n + 1) > s->hcap)
        stage_rehash(s);
    size_t k = s->k, hk = key_hash(key, k), h = hk & (s->hcap - 1);
    for (; s->hash[h]; h = (h + 1) & (s->hcap - 1)) {
        size_t i = s->hash[h] - 1;
        const long *rec = s->keys + i * (k + 1);
        if ((size_t)rec[0] == hk && key_eq(rec + 1, key, k))
            return &s->v[i];
    }
    pv_xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
    pv_xgrow((void **)&s->keys, &s->kcap, (s->n + 1) * (k + 1), sizeof *s->keys);
    long *rec = s->keys + s->n * (k + 1);
    rec[0] = (long)hk;
    memcpy(rec + 1, key, k * sizeof *key);
    fnode *nd = &s->v[s->n++];
    s->hash[h] = s->n;
    nd->key = NULL;
    nd->p = NULL, nd->n = nd->cap = 0;
    return nd;
}

/* The paths p[0..npend-1] of from, plus d, reach nd of s. */
static void stage_add(fstage *s, const fnode *nd, const fnode *from, double d)
{
    pv_xgrow((void **)&s->seg, &s->segcap, s->nseg + 1, sizeof *s->seg);
    s->seg[s->nseg++] = (fseg){(size_t)(nd - s->v), from, d};
}

/* Point every node of s at its key and lay out its paths, each node's
 * in the order they reached it (s is complete; the nodes that its
 * segments come from are still there). */
static void stage_seal(fstage *s)
{
    for (size_t g = 0; g < s->nseg; g++)
        s->v[s->seg[g].node].n += s->seg[g].from->npend;
    size_t total = 0;
    for (size_t i = 0; i < s->n; i++)
        total += s->v[i].n;
    pv_xgrow((void **)&s->paths, &s->pcap, total, sizeof *s->paths);
    total = 0;
    for (size_t i = 0; i < s->n; i++) {
        s->v[i].key = s->keys + i * (s->k + 1) + 1;
        s->v[i].p = s->paths + total;
        total += s->v[i].n;
        s->v[i].cap = 0; /* paths laid out so far */
    }
    for (size_t g = 0; g < s->nseg; g++) {
        const fseg *sg = &s->seg[g];
        fnode *nd = &s->v[sg->node];
        for (size_t q = 0; q < sg->from->npend; q++)
            nd->p[nd->cap++] = (fpath){sg->from->p[q].v + sg->d, sg->from->p[q].w};
    }
    s->nseg = 0;
}

/* Empty s, its blocks kept for the next stage (fresh large blocks each
 * stage cost more in page faults than the enumeration). */
static void stage_reset(fstage *s)
{
    s->n = s->nseg = 0;
    if (s->hash)
        memset(s->hash, 0, s->hcap * sizeof *s->hash);
}

static void stage_free(fstage *s)
{
    free(s->paths);
    free(s->seg);
    free(s->v);
    free(s->keys);
    free(s->hash);
    size_t k = s->k;
    memset(s, 0, sizeof *s);
    s->k = k;
}

/* Stable sort of p[0..n-1] by value (tmp: n scratch paths).  Stable as
 * glibc's qsort (a merge sort) was, so equal values keep the order they
 * were reached in and their weights add up in the same order. */
static void fpath_sort(fpath *p, size_t n, fpath *tmp)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            fpath x = p[i];
            size_t j = i;
            for (; j > 0 && x.v < p[j - 1].v; j--)
                p[j] = p[j - 1];
            p[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    fpath_sort(p, h, tmp);
    fpath_sort(p + h, n - h, tmp);
    if (!(p[h].v < p[h - 1].v))
        return; /* already in order */
    memcpy(tmp, p, h * sizeof *p);
    size_t a = 0, b = h, o = 0;
    while (a < h && b < n)
        p[o++] = p[b].v < tmp[a].v ? p[b++] : tmp[a++];
    while (a < h)
        p[o++] = tmp[a++];
}

/* Paths of nd in order of value, those within 1e-9 of each other merged
 * (the same probability reached by different partial tables, up to
 * rounding; far below the 1e-7 of the comparison).  tmp, *tcap: scratch. */
static void node_merge(fnode *nd, fpath **tmp, size_t *tcap)
{
    if (nd->n < 2)
        return;
    pv_xgrow((void **)tmp, tcap, nd->n / 2 + 1, sizeof **tmp);
    fpath_sort(nd->p, nd->n, *tmp);
    size_t o = 0;
    for (size_t i = 1; i < nd->n; i++)
        if (nd->p[i].v - nd->p[o].v <= 1e-9)
            nd->p[o].w += nd->p[i].w;
        else
            nd->p[++o] = nd->p[i];
    nd->n = o + 1;
}

static long lmin(long a, long b)
{
    return a < b ? a : b;
}

/* Bounds of −Σ_i ln n_i! over one line of total c filled within caps
 * key[0..k-1] (descending, Σ key ≥ c), the other margins ignored: the
 * most even fill (water-filling; the fill that every other majorizes)
 * gives the largest value *hi, the greedy fill of the largest caps (which
 * majorizes every other) the smallest *lo; −ln n! is concave, so by
 * Karamata's inequality these are the extremes. */
static void line_bounds(const ftab *t, const long *key, size_t k, long c, double *lo, double *hi)
{
    long left = c;
    *lo = 0;
    for (size_t i = 0; i < k; i++) {
        long v = lmin(key[i], left);
        *lo -= t->lf[v];
        left -= v;
    }
    /* water level: rows with key below it are full; the others share the
     * rest evenly (key descending, so the full ones are the last) */
    left = c;
    size_t i = k;
    while (i > 0) {
        size_t open = i;
        long share = left / (long)open;
        if (key[i - 1] <= share) {
            left -= key[i - 1];
            i--;
            continue;
        }
        long extra = left % (long)open;
        *hi = 0;
        for (size_t j = i; j < k; j++)
            *hi -= t->lf[key[j]];
        *hi -= (double)extra * t->lf[share + 1] + (double)(open - (size_t)extra) * t->lf[share];
        return;
    }
    *hi = 0;
    for (size_t j = 0; j < k; j++)
        *hi -= t->lf[key[j]];
}

typedef struct {
    const ftab *t;
    const fnode *from;   /* its pending paths are p[0..npend-1] */
    size_t npend;
    fstage *next;
    long c;              /* the column's total */
    long *fill, *key2;   /* k each */
    size_t work;
} fexpand;

static size_t sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t sat_mul(size_t a, size_t b)
{
    return b && a > SIZE_MAX / b ? SIZE_MAX : a * b;
}

/* How many fills expand() makes of a column of total c within caps
 * key[0..k-1] (Σ key ≥ c): the vectors 0 ≤ x_i ≤ key_i with Σ x_i = c,
 * or cap if there are cap or more.  Counted row by row: f[s], the fills of
 * the rows so far that place s, each kept as min(f[s], cap); the next
 * row's f[s] is the window sum Σ_{v ≤ key_i} f[s − v], exact on the kept
 * values (at most (c + 1)·cap ≤ 2^64 for cap ≤ 2^40 and c ≤ 10^7), and
 * min(Σ min(f, cap), cap) = min(Σ f, cap).  *buf, *bcap: scratch. */
static size_t fill_count(const long *key, size_t k, long c, size_t cap, size_t **buf, size_t *bcap)
{
    pv_xgrow((void **)buf, bcap, 2 * ((size_t)c + 1), sizeof **buf);
    size_t *f = *buf, *g = f + c + 1;
    f[0] = 1;
    for (long s = 1; s <= c; s++)
        f[s] = 0;
    for (size_t i = 0; i < k; i++) {
        size_t win = 0;
        for (long s = 0; s <= c; s++) {
            win += f[s];
            if (s - key[i] - 1 >= 0)
                win -= f[s - key[i] - 1];
            g[s] = win < cap ? win : cap;
        }
        size_t *x = f;
        f = g, g = x;
    }
    return f[c];
}

static int desc_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x < y) - (x > y);
}

/* Every fill of the column from row i on, left still to place, capsum the
 * remaining caps of rows i.. ; each complete fill carries the pending paths
 * to the node of the margins left (the caller checked the work first:
 * fill_count). */
static void expand(fexpand *e, size_t i, long left, long capsum)
{
    const long *key = e->from->key;
    size_t k = e->t->k;
    if (i == k - 1) {
        e->fill[i] = left;
        double d = 0;
        for (size_t j = 0; j < k; j++) {
            d -= e->t->lf[e->fill[j]];
            e->key2[j] = key[j] - e->fill[j];
        }
        for (size_t a = 1; a < k; a++) { /* descending; k is small */
            long x = e->key2[a];
            size_t b = a;
            for (; b > 0 && e->key2[b - 1] < x; b--)
                e->key2[b] = e->key2[b - 1];
            e->key2[b] = x;
        }
        stage_add(e->next, stage_node(e->next, e->key2), e->from, d);
        e->work += e->npend;
        return;
    }
    capsum -= key[i];
    long lo = left - capsum > 0 ? left - capsum : 0, hi = lmin(key[i], left);
    for (long v = lo; v <= hi; v++) {
        e->fill[i] = v;
        expand(e, i + 1, left - v, capsum);
    }
}

pv_qs_status pv_fisher_exact(const double *counts, size_t r, size_t c, size_t max_work,
                             pv_fisher *out)
{
    ftab t;
    pv_qs_status st = ftab_make(counts, r, c, &t, out);
    if (st != PV_QS_OK)
        return st;
    size_t k = t.k, m = t.m;
    double obs = ftab_stat(&t), thr = obs + log1p(1e-7), konst = -t.lf[t.n];
    for (size_t i = 0; i < k; i++)
        konst += t.lf[t.row[i]];
    for (size_t j = 0; j < m; j++)
        konst += t.lf[t.col[j]];
    /* columns in descending order of their totals (the enumeration's order;
     * P does not depend on it) */
    qsort(t.col, m, sizeof *t.col, desc_long);
    long *tmp = pv_xnmalloc(3 * k + 1, sizeof *tmp), *fill = tmp + k, *key2 = fill + k;
    for (size_t i = 0; i < k; i++)
        tmp[i] = t.row[i];
    qsort(tmp, k, sizeof *tmp, desc_long);
    fstage cur = {.k = k}, next = {.k = k};
    fpath one = {0, 1};
    fnode start = {.p = &one, .n = 1, .npend = 1}; /* the empty table */
    stage_add(&cur, stage_node(&cur, tmp), &start, 0);
    stage_seal(&cur);
    fpath *scratch = NULL;
    size_t scap = 0, cbcap = 0;
    size_t limit = max_work < PV_FISHER_WORK_MAX ? max_work : PV_FISHER_WORK_MAX;
    size_t *counts_buf = NULL;
    double p = 0;
    size_t work = 0;
    int dropped = 0; /* some table does not count */
    for (size_t j = 0; j < m && st == PV_QS_OK; j++) {
        long nrem = 0;
        for (size_t q = j; q < m; q++)
            nrem += t.col[q];
        /* settle what the bounds settle, node by node (p is summed in the
         * nodes' order) ... */
        size_t stage_work = 0; /* what expanding this stage will add */
        for (size_t a = 0; a < cur.n; a++) {
            fnode *nd = &cur.v[a];
            node_merge(nd, &scratch, &scap);
            /* bounds of the completions and the log of their total weight
             * Σ Π 1/n_ij! = nrem! / (Π key_i! Π c_q!) */
            double lo = 0, hi = 0, lo2 = 0, hi2 = 0, lsum = t.lf[nrem];
            for (size_t q = j; q < m; q++) { /* column by column */
                double l, h;
                line_bounds(&t, nd->key, k, t.col[q], &l, &h);
                lo += l, hi += h;
                lsum -= t.lf[t.col[q]];
            }
            for (size_t i = 0; i < k; i++) { /* row by row: keep the tighter */
                double l, h;
                line_bounds(&t, t.col + j, m - j, nd->key[i], &l, &h);
                lo2 += l, hi2 += h;
                lsum -= t.lf[nd->key[i]];
            }
            lo = fmax(lo, lo2), hi = fmin(hi, hi2);
            size_t npend = 0;
            for (size_t q = 0; q < nd->n; q++) {
                double v = nd->p[q].v;
                if (v + hi <= thr)
                    p += nd->p[q].w * exp(konst + v + lsum);
                else if (v + lo <= thr)
                    nd->p[npend++] = nd->p[q]; /* some completions count */
                else
                    dropped = 1;
            }
            nd->npend = npend;
            if (npend && j + 1 < m) /* (the last column has one fill: lo == hi) */
                stage_work = sat_add(stage_work, sat_mul(npend, fill_count(nd->key, k, t.col[j],
                                                                           limit + 1, &counts_buf,
                                                                           &cbcap)));
        }
        if (j + 1 == m)
            break;
        /* ... then expand them, unless that passes the limit: each fill of
         * a node carries its pending paths (the work), so the stage's work
         * is known before any fill is made, and a table past the limit is
         * known without enumerating the stage that passes it */
        if (stage_work > limit - work) {
            st = PV_QS_LIMIT;
            break;
        }
        for (size_t a = 0; a < cur.n; a++) {
            fnode *nd = &cur.v[a];
            if (nd->npend == 0)
                continue;
            fexpand e = {&t, nd, nd->npend, &next, t.col[j], fill, key2, work};
            long capsum = 0;
            for (size_t i = 0; i < k; i++)
                capsum += nd->key[i];
            expand(&e, 0, t.col[j], capsum);
            work = e.work;
        }
        stage_seal(&next); /* before cur, where its paths come from, goes */
        fstage done = cur;
        cur = next;
        next = done;
        stage_reset(&next);
    }
    stage_free(&cur);
    stage_free(&next);
    free(counts_buf);
    free(scratch);
    free(tmp);
    ftab_free(&t);
    /* Every table with these margins counts: p is their total
     * probability, 1, not the rounded sum of the pieces (which can fall a
     * few ulps short; R's FEXACT can overshoot, and fisher.test clamps
     * with max(0, min(1, p))). */
    if (st == PV_QS_OK)
        out->p = dropped ? fmax(0, fmin(1, p)) : 1;
    return st;
}

pv_qs_status pv_fisher_simulate(const double *counts, size_t r, size_t c, size_t replicates,
                                unsigned long seed, pv_fisher *out)
{
    ftab t;
    pv_qs_status st = ftab_make(counts, r, c, &t, out);
    if (st != PV_QS_OK)
        return st;
    if (replicates == 0) {
        ftab_free(&t);
        return PV_QS_INVALID;
    }
    pv_mt g; /* GSL's MT19937 and hypergeometric draws, inline (mt.h) */
    pv_mt_seed(&g, seed);
    size_t k = t.k, m = t.m, hits = 0;
    long *rem = pv_xnmalloc(k + 1, sizeof *rem);
    double obs = ftab_stat(&t) / (1 + 64 * DBL_EPSILON);
    for (size_t b = 0; b < replicates; b++) {
        double s = 0;
        long total = t.n;
        memcpy(rem, t.row, k * sizeof *rem);
        for (size_t j = 0; j < m; j++) {
            long left = t.col[j], below = total; /* below: Σ rem of rows i.. */
            for (size_t i = 0; i < k; i++) {
                long v = i + 1 == k ? left
                         : (long)pv_mt_hypergeometric(&g, (unsigned)rem[i],
                                                      (unsigned)(below - rem[i]),
                                                      (unsigned)left);
                below -= rem[i];
                rem[i] -= v, left -= v;
                s -= t.lf[v];
            }
            total -= t.col[j];
        }
        hits += s <= obs;
    }
    out->p = (1 + (double)hits) / ((double)replicates + 1);
    out->replicates = replicates;
    free(rem);
    ftab_free(&t);
    return PV_QS_OK;
}

pv_qs_status pv_fisher_test(const double *counts, size_t r, size_t c, unsigned long seed,
                            pv_fisher *out)
{
    pv_qs_status st = pv_fisher_exact(counts, r, c, PV_FISHER_WORK, out);
    if (st == PV_QS_LIMIT)
        st = pv_fisher_simulate(counts, r, c, PV_FISHER_REPLICATES, seed, out);
    return st;
}

/* ---------------------------------------------------------------- Kruskal–Wallis */

typedef struct {
    double v;
    size_t g;
} obs;

static int obs_cmp(const void *a, const void *b)
{
    double x = ((const obs *)a)->v, y = ((const obs *)b)->v;
    return (x > y) - (x < y);
}

pv_qs_status pv_kruskal_wallis(const double *x, const size_t *group, size_t n,
                               size_t ngroups, pv_kruskal *out)
{
    *out = (pv_kruskal){NAN, NAN, NAN, NAN, 0, 0};
    for (size_t i = 0; i < n; i++)
        if (group[i] >= ngroups || isinf(x[i]))
            return PV_QS_INVALID;
    obs *o = pv_xnmalloc(n + 1, sizeof *o);
    double *rank_sum = pv_xcalloc(pv_xmul(2, ngroups) + 1, sizeof *rank_sum);
    pv_qs_status st;
    double *size = rank_sum + ngroups;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            o[m++] = (obs){x[i], group[i]};
    out->n = m;
    qsort(o, m, sizeof *o, obs_cmp);
    double ties = 0; /* Σ (t³ − t) over runs of equal values */
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i + 1; j < m && o[j].v == o[i].v; j++)
            ;
        double t = (double)(j - i), mid = (double)(i + 1 + j) / 2;
        ties += t * t * t - t;
        for (size_t q = i; q < j; q++) {
            rank_sum[o[q].g] += mid;
            size[o[q].g] += 1;
        }
    }
    double h = 0, nn = (double)m;
    for (size_t g = 0; g < ngroups; g++)
        if (size[g] > 0) {
            out->groups++;
            h += rank_sum[g] * rank_sum[g] / size[g];
        }
    double tie_corr = 1 - ties / (nn * nn * nn - nn);
    st = PV_QS_UNDEFINED;
    if (out->groups < 2 || m < 2 || !(tie_corr > 0))
        goto done;
    h = (12 * h / (nn * (nn + 1)) - 3 * (nn + 1)) / tie_corr;
    out->statistic = h;
    out->df = (double)(out->groups - 1);
    out->p = gsl_cdf_chisq_Q(h, out->df);
    out->epsilon_sq = h / ((nn * nn - 1) / (nn + 1));
    st = isnan(out->p) ? PV_QS_NUMERIC : PV_QS_OK;
done:
    free(o);
    free(rank_sum);
    return st;
}

/* ---------------------------------------------------------------- alpha, pairwise */

/* Covariance of items a and b over the respondents who answered both
 * (two-pass, denominator m − 1); *m their number. */
static double pair_cov(const double *x, size_t n, size_t k, size_t a, size_t b, size_t *m)
{
    double sa = 0, sb = 0, c = 0;
    *m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * k + a]) && !isnan(x[i * k + b]))
            sa += x[i * k + a], sb += x[i * k + b], (*m)++;
    if (*m < 2)
        return NAN;
    sa /= (double)*m, sb /= (double)*m;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * k + a]) && !isnan(x[i * k + b]))
            c += (x[i * k + a] - sa) * (x[i * k + b] - sb);
    return c / (double)(*m - 1);
}

pv_qs_status pv_cronbach_alpha_pairwise(const double *x, size_t n, size_t k, double *alpha,
                                        double *alpha_std)
{
    *alpha = *alpha_std = NAN;
    for (size_t i = 0; i < n * k; i++)
        if (isinf(x[i]))
            return PV_QS_INVALID;
    if (k < 2)
        return PV_QS_UNDEFINED;
    double *c = pv_xnmalloc(pv_xmul(k, k) + 1, sizeof *c), trace = 0, sum = 0, sumr = 0;
    pv_qs_status st = PV_QS_OK;
    for (size_t a = 0; a < k && st == PV_QS_OK; a++)
        for (size_t b = a; b < k; b++) {
            size_t m;
            c[a * k + b] = c[b * k + a] = pair_cov(x, n, k, a, b, &m);
            if (m < 2 || (a == b && !(c[a * k + a] > 0))) {
                st = PV_QS_UNDEFINED;
                break;
            }
        }
    if (st == PV_QS_OK) {
        for (size_t a = 0; a < k; a++) {
            trace += c[a * k + a];
            for (size_t b = 0; b < k; b++) {
                sum += c[a * k + b];
                sumr += c[a * k + b] / sqrt(c[a * k + a] * c[b * k + b]);
            }
        }
        double kk = (double)k;
        *alpha = kk / (kk - 1) * (1 - trace / sum);
        *alpha_std = kk / (kk - 1) * (1 - kk / sumr);
    }
    free(c);
    return st;
}

/* ---------------------------------------------------------------- Mann–Whitney */

pv_qs_status pv_mann_whitney(const double *x, const size_t *group, size_t n,
                             pv_mannwhitney *out)
{
    *out = (pv_mannwhitney){NAN, NAN, NAN, NAN, 0, 0};
    for (size_t i = 0; i < n; i++)
        if (group[i] > 1 || isinf(x[i]))
            return PV_QS_INVALID;
    obs *o = pv_xnmalloc(n + 1, sizeof *o);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            o[m++] = (obs){x[i], group[i]};
    qsort(o, m, sizeof *o, obs_cmp);
    double ties = 0, r0 = 0;
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i + 1; j < m && o[j].v == o[i].v; j++)
            ;
        double t = (double)(j - i), mid = (double)(i + 1 + j) / 2;
        ties += t * t * t - t;
        for (size_t q = i; q < j; q++) {
            if (o[q].g == 0)
                r0 += mid, out->n0++;
            else
                out->n1++;
        }
    }
    free(o);
    if (!out->n0 || !out->n1)
        return PV_QS_UNDEFINED;
    double n0 = (double)out->n0, n1 = (double)out->n1, nn = n0 + n1;
    out->statistic = r0 - n0 * (n0 + 1) / 2;
    double d = out->statistic - n0 * n1 / 2;
    double sigma = sqrt(n0 * n1 / 12 * ((nn + 1) - ties / (nn * (nn - 1))));
    if (!(sigma > 0))
        return PV_QS_UNDEFINED;
    out->z = (d - (d > 0 ? 0.5 : d < 0 ? -0.5 : 0)) / sigma;
    out->p = fmin(1, 2 * fmin(gsl_cdf_ugaussian_P(out->z), gsl_cdf_ugaussian_Q(out->z)));
    out->r = out->z / sqrt(nn);
    return isnan(out->p) ? PV_QS_NUMERIC : PV_QS_OK;
}

/* ---------------------------------------------------------------- Spearman */

/* Mid-ranks of v[0..n-1] into rank (scratch: n obs). */
static void mid_ranks(const double *v, size_t n, double *rank)
{
    obs *o = pv_xnmalloc(n + 1, sizeof *o);
    for (size_t i = 0; i < n; i++)
        o[i] = (obs){v[i], i};
    qsort(o, n, sizeof *o, obs_cmp);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && o[j].v == o[i].v; j++)
            ;
        for (size_t q = i; q < j; q++)
            rank[o[q].g] = (double)(i + 1 + j) / 2;
    }
    free(o);
}

pv_qs_status pv_spearman_test(const double *x, const double *y, size_t n, pv_spearman *out)
{
    *out = (pv_spearman){NAN, NAN, NAN, 0};
    for (size_t i = 0; i < n; i++)
        if (isinf(x[i]) || isinf(y[i]))
            return PV_QS_INVALID;
    double *a = pv_xnmalloc(pv_xmul(n, 4) + 1, sizeof *a), *b = a + n, *ra = b + n, *rb = ra + n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i]))
            a[m] = x[i], b[m++] = y[i];
    out->n = m;
    pv_qs_status st = PV_QS_UNDEFINED;
    if (m >= 3) {
        mid_ranks(a, m, ra);
        mid_ranks(b, m, rb);
        double ma = pv_mean(ra, m), mb = pv_mean(rb, m), sab = 0, saa = 0, sbb = 0;
        for (size_t i = 0; i < m; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        if (saa > 0 && sbb > 0) {
            double rho = fmax(-1, fmin(1, sab / sqrt(saa * sbb))), df = (double)m - 2;
            out->rho = rho;
            if (fabs(rho) == 1) {
                out->statistic = rho > 0 ? INFINITY : -INFINITY;
                out->p = 0;
            } else {
                out->statistic = rho * sqrt(df / (1 - rho * rho));
                out->p = 2 * gsl_cdf_tdist_Q(fabs(out->statistic), df);
            }
            st = isnan(out->p) ? PV_QS_NUMERIC : PV_QS_OK;
        }
    }
    free(a);
    return st;
}

/* ---------------------------------------------------------------- p-value adjustment */

typedef struct {
    double p;
    size_t i;
} pval;

/* Ascending p, ties in input order (R's order() is stable). */
static int pval_cmp(const void *a, const void *b)
{
    const pval *x = a, *y = b;
    if (x->p != y->p)
        return (x->p > y->p) - (x->p < y->p);
    return (x->i > y->i) - (x->i < y->i);
}

static const char *const padjust_names[] = {
    [PV_PADJ_HOLM] = "holm", [PV_PADJ_BH] = "BH", [PV_PADJ_BONFERRONI] = "bonferroni",
    [PV_PADJ_HOCHBERG] = "hochberg"};
enum { NPADJ = sizeof padjust_names / sizeof *padjust_names };

const char *pv_padjust_name(pv_padjust_method method)
{
    return (unsigned)method < NPADJ ? padjust_names[method] : "";
}

int pv_padjust_parse(const char *s)
{
    for (int i = 0; i < NPADJ; i++)
        if (strcmp(s, padjust_names[i]) == 0)
            return i;
    return -1;
}

pv_qs_status pv_p_adjust(const double *p, size_t n, pv_padjust_method method,
                         double *out)
{
    size_t m = 0;
    int bad = method != PV_PADJ_HOLM && method != PV_PADJ_BH &&
              method != PV_PADJ_BONFERRONI && method != PV_PADJ_HOCHBERG;
    for (size_t i = 0; i < n; i++) {
        bad |= p[i] < 0 || p[i] > 1; /* false for NAN */
        m += !isnan(p[i]);
    }
    if (bad) {
        for (size_t i = 0; i < n; i++)
            out[i] = NAN;
        return PV_QS_INVALID;
    }
    pval *s = pv_xnmalloc(m + 1, sizeof *s);
    m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i]))
            s[m++] = (pval){p[i], i};
    qsort(s, m, sizeof *s, pval_cmp);
    for (size_t i = 0; i < n; i++)
        out[i] = p[i]; /* NAN stay NAN; m <= 1: unchanged, as R */
    if (m > 1 && method == PV_PADJ_HOLM) {
        /* pmin(1, cummax((m + 1 − i) · p_(i))), ascending. */
        double run = 0;
        for (size_t r = 0; r < m; r++) {
            run = fmax(run, (double)(m - r) * s[r].p);
            out[s[r].i] = fmin(1, run);
        }
    } else if (m > 1 && method == PV_PADJ_BONFERRONI) {
        for (size_t r = 0; r < m; r++)
            out[s[r].i] = fmin(1, (double)m * s[r].p);
    } else if (m > 1 && method == PV_PADJ_HOCHBERG) {
        /* pmin(1, cummin((m + 1 − i) · p_(i))), descending i = m..1. */
        double run = INFINITY;
        for (size_t r = m; r-- > 0;) {
            run = fmin(run, (double)(m - r) * s[r].p);
            out[s[r].i] = fmin(1, run);
        }
    } else if (m > 1) {
        /* pmin(1, cummin(m/i · p_(i))), descending i = m..1. */
        double run = INFINITY;
        for (size_t r = m; r-- > 0;) {
            run = fmin(run, (double)m / (double)(r + 1) * s[r].p);
            out[s[r].i] = fmin(1, run);
        }
    }
    free(s);
    return PV_QS_OK;
}
