/* qstats.h — statistics kernels for questionnaire data: arrays in, numbers
 * out, no I/O.
 *
 * Descriptive statistics, Cronbach's alpha, the chi-square test of
 * independence, the Kruskal–Wallis test and p-value adjustment for a family
 * of tests.  Conventions follow R (R 4.2.2, psych 2.2.9); every deviation is
 * stated at the function.  Expected values in tests/unit/test_qstats.c come
 * from `Rscript tests/expected/qstats.R`, cross-checked with PSPP
 * (tests/expected/README.md).
 *
 * Common rules:
 * - Inputs are borrowed for the duration of the call and never modified
 *   (except where an output array may alias an input, said so below).
 *   Result structures are the caller's; the kernels keep no pointer to
 *   anything after they return.
 * - A kernel that needs scratch memory allocates it and frees it before
 *   returning (O(n) or O(k²) doubles, stated at the function), with
 *   xalloc.h's rule: out of memory ends the program, it is not a status.
 * - The functions returning pv_qs_status never crash on degenerate input:
 *   every numeric output they cannot compute is NAN, and the status says
 *   why.  Results are complete and valid only when the status is PV_QS_OK.
 * - GSL's abort-on-error handler must be off (pv_stats_init(), stats.h);
 *   GSL distribution functions then return NAN on failure, which is checked
 *   (PV_QS_NUMERIC).
 */
#ifndef PV_QSTATS_H
#define PV_QSTATS_H

#include <stddef.h>

typedef enum {
    PV_QS_OK = 0,        /* everything computed */
    PV_QS_UNDEFINED = 1, /* the statistic does not exist for these data (too
                            few cases or groups, zero variance, all ties);
                            not an error of the program */
    PV_QS_INVALID = 2,   /* input outside the domain: NAN in a complete-case
                            matrix, a negative or non-finite count, a group
                            index out of range, a p-value outside [0, 1] */
    PV_QS_NUMERIC = 4,   /* a GSL function returned NAN (should not happen) */
    PV_QS_LIMIT = 8      /* the exact computation would exceed its work
                            limit (pv_fisher_exact); nothing computed */
} pv_qs_status;

/* A short English description of a status ("ok", "undefined", ...);
 * a static string. */
const char *pv_qs_status_str(pv_qs_status s);

/* ---------------------------------------------------------------- descriptive */

/* Arithmetic mean of x[0..n-1], with R's second pass (mean += mean of
 * residuals) for accuracy.  NAN when n == 0; a NAN in x gives NAN (as R's
 * mean(x) without na.rm).  Allocates nothing. */
double pv_mean(const double *x, size_t n);

/* Sample standard deviation (denominator n - 1), two-pass, as R's sd(x).
 * NAN when n < 2 or when x holds a NAN.  Allocates nothing. */
double pv_sd(const double *x, size_t n);

/* ---------------------------------------------------------------- Cronbach's alpha */

/* Results of pv_cronbach_alpha.  The two arrays are the caller's (k doubles
 * each, or NULL to skip them); the kernel only writes into them. */
typedef struct {
    double alpha;     /* raw alpha, from covariances:
                         k/(k-1) · (1 − Σ var(item) / var(total)) */
    double alpha_std; /* standardized alpha, from the mean inter-item
                         correlation r̄: k·r̄ / (1 + (k−1)·r̄) */
    double ci_low;    /* Feldt (1965) interval of the raw alpha at level conf,
                         a = 1 − conf, F the F distribution with n − 1 and
                         (n − 1)(k − 1) df (GSL's gsl_cdf_fdist_Pinv):
                         ci_low  = 1 − (1 − alpha) · F⁻¹(1 − a/2),   */
    double ci_high;   /* ci_high = 1 − (1 − alpha) · F⁻¹(a/2), as
                         psych:::alpha.ci (the "Feldt" line of psych::alpha) */
    double *alpha_if_deleted; /* [k] raw alpha of the other k − 1 items;
                                 NAN for every item when k == 2 (one item has
                                 no alpha; PSPP prints NaN too, psych prints
                                 C12/C22 there) */
    double *r_drop;   /* [k] corrected item-total correlation: item j with the
                         sum of the other items (psych's r.drop) */
} pv_alpha;

/* Cronbach's alpha of a complete-case matrix x: n respondents × k items,
 * row-major (x[i*k + j] = answer of respondent i to item j); reverse-keyed
 * items must already be recoded.  conf is the interval level (0.95).
 *
 * Missing data: none allowed.  The caller passes complete cases (listwise
 * deletion, as SPSS and PSPP RELIABILITY do); a NAN gives PV_QS_INVALID.
 * (psych uses pairwise covariances; identical when nothing is missing.)
 *
 * PV_QS_UNDEFINED, with every output NAN: n < 2, k < 2, or some item has
 * zero variance (psych would drop the item with a warning and rescale k;
 * SPSS keeps it; the caller decides: drop the item and call again).
 * PV_QS_INVALID, every output NAN: a NAN or infinity in x, conf not in (0, 1).
 * Scratch: k² + k doubles.  out must not be NULL. */
pv_qs_status pv_cronbach_alpha(const double *x, size_t n, size_t k,
                               double conf, pv_alpha *out);

/* Cronbach's alpha as psych::alpha computes it by default (use =
 * "pairwise"): C the covariance matrix of the items from pairwise-complete
 * cases (R's cov(x, use = "pairwise"): each pair's covariance from the
 * respondents who answered both, each variance from those who answered the
 * item), raw alpha = k/(k − 1)·(1 − tr(C)/ΣC); standardised alpha from
 * R = cov2cor(C): k/(k − 1)·(1 − k/ΣR).  x is n × k row-major, NAN for a
 * missing answer (reverse-keyed items already recoded).  Equal to
 * pv_cronbach_alpha when nothing is missing.
 * PV_QS_UNDEFINED (both NAN): k < 2, a pair of items with fewer than 2
 * respondents in common, or an item without variance.
 * PV_QS_INVALID: an infinite value.  Scratch: k² doubles. */
pv_qs_status pv_cronbach_alpha_pairwise(const double *x, size_t n, size_t k, double *alpha,
                                        double *alpha_std);

/* ---------------------------------------------------------------- chi-square */

typedef struct {
    double statistic;      /* Pearson X², no continuity correction */
    double df;             /* (rows_used − 1)(cols_used − 1) */
    double p;              /* P(χ²_df ≥ X²) */
    double cramer_v;       /* √(X² / (N · (min(rows_used, cols_used) − 1))) */
    double n;              /* N, the total count */
    size_t rows_used;      /* rows left after dropping all-zero rows */
    size_t cols_used;      /* columns left after dropping all-zero columns */
    size_t n_expected_lt5; /* kept cells with expected count < 5: when > 0,
                              R warns "Chi-squared approximation may be
                              incorrect"; the caller flags the result */
    size_t n_expected_lt1; /* kept cells with expected count < 1 */
    size_t n_cells;        /* kept cells: rows_used · cols_used */
} pv_chisq;

/* Cochran's (1954) rule: the chi-square approximation is not trusted when
 * some expected count is below 1 or more than 20 % of them are below 5
 * (docs/METHODS.md).  1 when x (a PV_QS_OK result of pv_chisq_indep)
 * breaks the rule. */
int pv_chisq_small_expected(const pv_chisq *x);

/* Chi-square test of independence of an r × c table of counts (row-major,
 * counts[i*c + j]; non-integer counts are accepted, as R does), R's
 * chisq.test(tab, correct = FALSE) — also for 2 × 2 tables, where R's
 * default would apply Yates' correction.
 *
 * All-zero rows and columns are dropped first.  R does not: its expected
 * counts there are 0, so X² = 0/0 = NaN and p = NA, and df still counts the
 * zero lines.  The result here equals chisq.test on the table without them.
 *
 * PV_QS_UNDEFINED (statistic, df, p, cramer_v NAN; n, rows_used, cols_used
 * filled): fewer than 2 rows or 2 columns left.  PV_QS_INVALID: a negative or
 * non-finite count.  Scratch: r + c doubles.  out must not be NULL. */
pv_qs_status pv_chisq_indep(const double *counts, size_t r, size_t c,
                            pv_chisq *out);

/* ---------------------------------------------------------------- Fisher's exact test */

/* Work limit of pv_fisher_test's exact enumeration (partial tables carried
 * from one column to the next; about 16 bytes each at the peak): beyond it
 * the p-value is simulated. */
#define PV_FISHER_WORK 2000000
/* The largest work limit pv_fisher_exact honours (a larger max_work is
 * this one; fill counts stay exact below 2^64). */
#define PV_FISHER_WORK_MAX ((size_t)1 << 40)
/* Tables drawn by pv_fisher_test when it simulates (R's B). */
#define PV_FISHER_REPLICATES 10000

typedef struct {
    double p;           /* two-sided p-value (see pv_fisher_exact) */
    double n;           /* N, the total count */
    size_t rows_used;   /* rows and columns left after dropping all-zero */
    size_t cols_used;   /* ones (they change no table's probability) */
    size_t replicates;  /* 0: exact p; else B, the simulated tables */
} pv_fisher;

/* Fisher's exact test of independence of an r × c table of counts
 * (row-major, non-negative integers), R's fisher.test(tab)$p.value: given
 * the margins, a table has the multiple hypergeometric probability
 * P = Π R_i! Π C_j! / (N! Π n_ij!); p is the sum of P over every table
 * with the observed margins whose P ≤ P_obs · (1 + 1e-7) (R's relErr, so
 * that tables as probable as the observed one count despite rounding).
 *
 * Exact enumeration column by column with the ideas of the network
 * algorithm (Mehta & Patel 1983): partial tables with the same remaining
 * row margins (in sorted order) and the same probability so far are
 * merged; a partial table all of whose completions count (or none) is
 * settled at once from bounds of the completions' probability (each
 * column filled alone, within the remaining row margins, as evenly or as
 * unevenly as it can) and the closed-form sum of all completions.  Work is
 * bounded by max_work partial tables carried over (PV_FISHER_WORK; at most
 * PV_FISHER_WORK_MAX); more gives PV_QS_LIMIT with p NAN.  Each column's
 * work is counted before it is enumerated (the fills of every node, times
 * the partial tables it carries), so a table past the limit stops without
 * enumerating the column that passes it.
 *
 * All-zero rows and columns are dropped first (they change no table's P;
 * R's p is the same).  PV_QS_UNDEFINED (p NAN; n, rows_used, cols_used
 * filled): fewer than 2 rows or 2 columns left — only one table has such
 * margins (R would return p = 1 for a 2 × 2 table with a zero row, and stop
 * for a table with 1 row).  PV_QS_INVALID: a negative, non-integer or
 * non-finite count, or N > 1e7.  Scratch: O(N) doubles for log-factorials
 * (gsl_sf_lnfact) and the partial tables. */
pv_qs_status pv_fisher_exact(const double *counts, size_t r, size_t c, size_t max_work,
                             pv_fisher *out);

/* The Monte Carlo p-value of the same test, R's fisher.test(tab,
 * simulate.p.value = TRUE, B = replicates): B tables with the observed
 * margins drawn under independence (each column a multivariate
 * hypergeometric draw from what is left of the row margins, by successive
 * gsl_ran_hypergeometric draws from GSL's MT19937 generator seeded with
 * seed, both repeated inline by mt.h for speed, the same stream),
 * statistic S = −Σ ln n_ij!, p = (1 + #{S_b ≤ S_obs / (1 + 64ε)}) / (B + 1)
 * (R's convention; ε the double epsilon).  Same inputs, same seed: same p.
 * Statuses as pv_fisher_exact (never PV_QS_LIMIT); replicates 0 is
 * PV_QS_INVALID.  Scratch: r + c doubles and O(N) log-factorials. */
pv_qs_status pv_fisher_simulate(const double *counts, size_t r, size_t c, size_t replicates,
                                unsigned long seed, pv_fisher *out);

/* pv_fisher_exact within PV_FISHER_WORK, or, on PV_QS_LIMIT,
 * pv_fisher_simulate with PV_FISHER_REPLICATES tables and seed. */
pv_qs_status pv_fisher_test(const double *counts, size_t r, size_t c, unsigned long seed,
                            pv_fisher *out);

/* ---------------------------------------------------------------- Kruskal–Wallis */

typedef struct {
    double statistic;  /* H, corrected for ties (R's kruskal.test) */
    double df;         /* groups − 1 */
    double p;          /* P(χ²_df ≥ H) */
    double epsilon_sq; /* ε² = H / ((n² − 1)/(n + 1)) = H / (n − 1)
                          (Tomczak & Tomczak 2014; the formula of
                          rcompanion::epsilonSquared) */
    size_t n;          /* observations used (NAN values left out) */
    size_t groups;     /* non-empty groups */
} pv_kruskal;

/* Kruskal–Wallis rank-sum test of x[0..n-1] in groups group[0..n-1], each in
 * [0, ngroups), with mid-ranks for ties and the tie correction
 * 1 − Σ(t³ − t)/(n³ − n), as R's kruskal.test(x, g).
 *
 * NAN values of x are left out (R's complete.cases); groups with no value
 * left are not counted (R's factor(g) drops unused levels).
 * PV_QS_UNDEFINED (statistic, df, p, epsilon_sq NAN; n and groups filled):
 * fewer than 2 groups or 2 values, or all values tied (R gives NaN).
 * PV_QS_INVALID: a group index >= ngroups or an infinite value.
 * Scratch: n (value, group) pairs and 2·ngroups doubles.  out must not be NULL. */
pv_qs_status pv_kruskal_wallis(const double *x, const size_t *group, size_t n,
                               size_t ngroups, pv_kruskal *out);

/* ---------------------------------------------------------------- Mann–Whitney */

typedef struct {
    double statistic;  /* W = R₁ − n₁(n₁ + 1)/2, R₁ the rank sum of group 0
                          (R's wilcox.test(x0, x1)$statistic) */
    double z;          /* (W − n₁n₂/2 − ½·sign(W − n₁n₂/2)) / σ, σ² =
                          n₁n₂/12 · (n + 1 − Σ(t³ − t)/(n(n − 1))): the normal
                          approximation with continuity and tie corrections */
    double p;          /* two-sided, 2·min(Φ(z), 1 − Φ(z)), capped at 1: R's
                          wilcox.test(x0, x1, exact = FALSE, correct = TRUE) */
    double r;          /* effect size r = z/√n (Rosenthal 1991; Tomczak &
                          Tomczak 2014), negative when group 0 ranks lower */
    size_t n0, n1;     /* values used in each group (NAN left out) */
} pv_mannwhitney;

/* Wilcoxon rank-sum (Mann–Whitney) test of x[0..n-1] between group[i] == 0
 * and group[i] == 1, mid-ranks for ties.  NAN values are left out.
 * PV_QS_UNDEFINED (statistic filled when both groups have values; z, p, r
 * NAN): a group without values, or every value tied (σ = 0; R gives NaN).
 * PV_QS_INVALID: a group other than 0 or 1, an infinite value.
 * Scratch: n (value, group) pairs. */
pv_qs_status pv_mann_whitney(const double *x, const size_t *group, size_t n,
                             pv_mannwhitney *out);

/* ---------------------------------------------------------------- Spearman */

typedef struct {
    double rho;        /* Pearson correlation of the mid-ranks */
    double statistic;  /* t = ρ·√((n − 2)/(1 − ρ²)) */
    double p;          /* two-sided, Student t with n − 2 df: R's cor.test(x, y,
                          method = "spearman", exact = FALSE) */
    size_t n;          /* pairs used (a NAN in either left out) */
} pv_spearman;

/* Spearman rank correlation of the pairs (x[i], y[i]).
 * PV_QS_UNDEFINED (rho, statistic, p NAN, n filled): fewer than 3 pairs, or
 * x or y constant (R gives NA with a warning).  |ρ| = 1 gives p = 0
 * (R too).  PV_QS_INVALID: an infinite value.  Scratch: 4n doubles. */
pv_qs_status pv_spearman_test(const double *x, const double *y, size_t n, pv_spearman *out);

/* ---------------------------------------------------------------- p-value adjustment */

typedef enum {
    PV_PADJ_HOLM = 0, /* Holm (1979) step-down, R's p.adjust(p, "holm") */
    PV_PADJ_BH = 1,   /* Benjamini & Hochberg (1995) false discovery rate,
                         R's p.adjust(p, "BH") */
    PV_PADJ_BONFERRONI = 2, /* min(1, m·p), R's p.adjust(p, "bonferroni") */
    PV_PADJ_HOCHBERG = 3    /* Hochberg (1988) step-up, R's p.adjust(p,
                               "hochberg") */
} pv_padjust_method;

/* The method's name as R's p.adjust spells it ("holm", "BH",
 * "bonferroni", "hochberg"); a static string, "" for an unknown method. */
const char *pv_padjust_name(pv_padjust_method method);
/* The method named s (R's spelling, as pv_padjust_name), or -1. */
int pv_padjust_parse(const char *s);

/* Adjusted p-values of the family p[0..n-1] into out[0..n-1] (out may be p).
 * As R: NAN entries are not part of the family and stay NAN, and the family
 * size m is the number of non-NAN entries (R's default n = length(p) is
 * evaluated after it removed the NAs); monotone in the order of p; capped
 * at 1.  A family of m <= 1 is returned unchanged.
 * PV_QS_INVALID (out all NAN): a p outside [0, 1] (R would accept it), or an
 * unknown method.
 * Scratch: m (double, index) pairs. */
pv_qs_status pv_p_adjust(const double *p, size_t n, pv_padjust_method method,
                         double *out);

#endif
