/* agree.h — intercoder agreement kernels for coded excerpts (focus groups,
 * interviews): arrays in, numbers out, no I/O.
 *
 * Cohen's kappa with its large-sample standard error and interval,
 * Brennan–Prediger kappa, Fleiss' kappa (with Randolph's free-marginal
 * kappa), Krippendorff's alpha for nominal data, and percent agreement.
 * Conventions follow R's psych 2.2.9 (cohen.kappa), statsmodels 0.13.5
 * (cohens_kappa, fleiss_kappa) and Krippendorff (2011); every deviation is
 * stated at the function.  Expected values in tests/unit/test_agree.c come
 * from `Rscript tests/expected/agree.R` then
 * `/usr/bin/python3 tests/expected/agree.py` (tests/expected/README.md).
 *
 * Common rules (as qstats.h, whose pv_qs_status these functions return):
 * - Inputs are borrowed for the duration of the call and never modified;
 *   result structures are the caller's; nothing is kept after return.
 * - Scratch memory, when a kernel needs it, is allocated and freed inside
 *   the call (stated at the function), with xalloc.h's rule.
 * - The functions never crash on degenerate input: every output they
 *   cannot compute is NAN (counts 0), and the status says why.  Results are
 *   complete and valid only when the status is PV_QS_OK.
 * - GSL's abort-on-error handler must be off (pv_stats_init(), stats.h).
 *
 * Two input shapes:
 * - a confusion table of two coders, k × k counts, row-major:
 *   counts[i*k + j] = excerpts coder 1 put in category i and coder 2 in j;
 * - a units × coders matrix of category indices, row-major:
 *   x[u*coders + c] = the category coder c gave unit u, an integer in
 *   [0, ncat), or missing: NAN or any negative value (−1).  Categories
 *   nobody used do not change the nominal statistics.
 */
#ifndef PV_AGREE_H
#define PV_AGREE_H

#include <stddef.h>

#include "qstats.h"

/* ---------------------------------------------------------------- Cohen's kappa */

/* Results of pv_cohen_kappa.  With p_ij = counts / N, p_i. row and p_.j
 * column proportions. */
typedef struct {
    double n;       /* N, the total count */
    double po;      /* observed agreement Σ_i p_ii */
    double pe;      /* chance agreement Σ_i p_i. · p_.i */
    double kappa;   /* (po − pe) / (1 − pe) */
    double se;      /* large-sample SE, √var of Fleiss, Cohen & Everitt
                       (1969), psych's sqrt(var.kappa) and statsmodels'
                       std_kappa (the same variance, written differently):
                       var = [Σ_i p_ii ((1 − pe) − (p_i. + p_.i)(1 − po))²
                             + (1 − po)² Σ_{i≠j} p_ij (p_.i + p_j.)²
                             − (po·pe − 2pe + po)²] / (N (1 − pe)⁴);
                       computed in statsmodels' equivalent form in kappa,
                       which gives exactly 0 for perfect agreement; a
                       var within 8 ulps of its terms (a rounding residue,
                       negative or not, of a variance that is 0, e.g. κ = 0
                       with a category one coder never used) is taken as 0,
                       as psych does for a negative one */
    double ci_low;  /* kappa − z·se, z = Φ⁻¹(1 − (1 − conf)/2), set to −1
                       when below (psych; statsmodels does not clip) */
    double ci_high; /* kappa + z·se, set to 1 when above (psych) */
    double se0;     /* SE under H0: kappa = 0 (Fleiss, Cohen & Everitt 1969),
                       statsmodels' std_kappa0:
                       √([pe + pe² − Σ_i p_i. p_.i (p_i. + p_.i)] / (N (1 − pe)²)) */
    double z;       /* kappa / se0 (statsmodels' z_value); NAN when
                       se0 = 0 (each coder used one category, not the same
                       one: statsmodels gives NaN too) */
    double p;       /* two-sided P(|Z| ≥ |z|) (statsmodels' pvalue_two_sided);
                       NAN with z */
} pv_kappa;

/* Cohen's (1960) kappa of two coders from their k × k confusion table of
 * counts (non-integer counts accepted), with its standard error and
 * interval at level conf (0.95) exactly as R's psych::cohen.kappa(tab)
 * reports kappa, var.kappa and confid[1, ].
 *
 * PV_QS_UNDEFINED, n, po and pe filled (NAN when N = 0), the rest NAN:
 * k == 0 or N == 0; pe == 1 — both coders used one and the same category
 * only (psych gives kappa NaN, var.kappa 0 in place of NaN, bounds NaN;
 * a 1 × 1 table is this case too, where psych gives NA).
 * PV_QS_INVALID, every output NAN: a negative or non-finite count, conf not
 * in (0, 1).  Allocates nothing.  out must not be NULL. */
pv_qs_status pv_cohen_kappa(const double *counts, size_t k, double conf,
                            pv_kappa *out);

/* ---------------------------------------------------------------- Brennan–Prediger */

/* Brennan & Prediger (1981) kappa of two coders from their k × k confusion
 * table, with q = k categories equally likely by chance:
 * (po − 1/q) / (1 − 1/q), into *kappa_bp.  It equals statsmodels'
 * fleiss_kappa(method = "randolph") on the same data (Randolph's
 * free-marginal kappa for two coders).  Size the table to the code book: a
 * category neither coder used still counts in q.
 * PV_QS_UNDEFINED (NAN): k < 2 or N == 0.  PV_QS_INVALID (NAN): a negative
 * or non-finite count.  Unlike Cohen's kappa it is defined when both
 * coders used one category only (po = 1 gives 1).  Allocates nothing. */
pv_qs_status pv_brennan_prediger(const double *counts, size_t k,
                                 double *kappa_bp);

/* ---------------------------------------------------------------- Fleiss' kappa */

typedef struct {
    double po;         /* P̄: mean over subjects of
                          (Σ_j n_ij² − m) / (m (m − 1)), the share of
                          agreeing rater pairs */
    double pe;         /* P̄e = Σ_j p_j², p_j the share of all ratings in
                          category j */
    double kappa;      /* Fleiss (1971): (P̄ − P̄e) / (1 − P̄e), statsmodels'
                          fleiss_kappa(method = "fleiss") */
    double kappa_free; /* Randolph (2005) free-marginal kappa:
                          (P̄ − 1/k) / (1 − 1/k), statsmodels'
                          method = "randolph" */
    size_t subjects;   /* N */
    size_t raters;     /* m, raters per subject */
} pv_fleiss;

/* Fleiss' kappa of an N × k table of counts, row-major: counts[i*k + j] =
 * raters who put subject i in category j.  Every subject must have the
 * same number m of raters (who the raters are does not matter).
 *
 * PV_QS_UNDEFINED: N == 0 or k == 0 (all NAN, counts 0); m < 2 (no pair
 * of raters: all NAN, subjects and raters filled); P̄e == 1, every rating
 * in one category (kappa NAN; po, pe filled; kappa_free filled when
 * k >= 2 — statsmodels gives NaN and 1 there).  kappa_free is NAN for
 * k == 1.
 * PV_QS_INVALID (all NAN, counts 0): a negative, non-integer or non-finite
 * count, or subjects with different numbers of raters (statsmodels asserts
 * it).  Allocates k doubles.  out must not be NULL. */
pv_qs_status pv_fleiss_kappa(const double *counts, size_t n, size_t k,
                             pv_fleiss *out);

/* Fleiss' kappa of a units × coders matrix (see the top of this file) on
 * the units answered by one and the same number m of coders: m is the most
 * common number of values per unit among the units with at least
 * min_raters (>= 2) values (ties: the number whose count reached the
 * largest first, in unit order); units with another number of values are
 * left out.  Their counts per category make the table of pv_fleiss_kappa,
 * whose results and statuses this returns (out->subjects: the units kept,
 * out->raters: m).  Any number of coders: nothing is bounded but memory.
 * PV_QS_UNDEFINED (all NAN, counts 0): no unit has min_raters values.
 * PV_QS_INVALID (all NAN, counts 0): min_raters < 2, or a value as
 * pv_kripp_alpha_nominal rejects.  Scratch: coders + 1 counts and a
 * (units kept) × ncat table.  out must not be NULL. */
pv_qs_status pv_fleiss_kappa_units(const double *x, size_t units, size_t coders, size_t ncat,
                                   size_t min_raters, pv_fleiss *out);

/* ---------------------------------------------------------------- Krippendorff's alpha */

typedef struct {
    double alpha;      /* 1 − D_o / D_e */
    double d_o;        /* observed disagreement (1/n) Σ_{c≠k} o_ck */
    double d_e;        /* expected disagreement Σ_{c≠k} n_c n_k / (n (n − 1)) */
    double n;          /* pairable values: values in units with >= 2 values */
    size_t units_used; /* units with >= 2 values */
} pv_kripp;

/* Krippendorff's alpha for nominal data, any number of coders, missing
 * values allowed, from the coincidence matrix (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability", section C): units with
 * fewer than 2 values are left out; a unit with m_u values adds
 * n_uc n_uk / (m_u − 1) to o_ck (n_uc (n_uc − 1) / (m_u − 1) to o_cc);
 * n_c = Σ_k o_ck, n = Σ_c n_c, and
 *   alpha = 1 − (n − 1) (n − Σ_c o_cc) / (n² − Σ_c n_c²).
 * x is units × coders (see the top of this file), categories in [0, ncat).
 *
 * PV_QS_UNDEFINED: no unit has 2 values (alpha, d_o, d_e NAN, n 0); all
 * pairable values in one category, D_e = 0 (alpha NAN; d_o = d_e = 0, n and
 * units_used filled; NLTK's AnnotationTask.alpha() returns 1 there,
 * Krippendorff calls it undefined).
 * PV_QS_INVALID (all NAN, counts 0): a value that is not missing, not an
 * integer, or >= ncat (infinity included).
 * Scratch: 2·ncat doubles.  out must not be NULL. */
pv_qs_status pv_kripp_alpha_nominal(const double *x, size_t units,
                                    size_t coders, size_t ncat, pv_kripp *out);

/* ---------------------------------------------------------------- percent agreement */

/* Percent agreement of a units × coders matrix (as above): the mean over
 * units of the share of agreeing pairs among the coders who coded the unit,
 * Σ_c n_uc (n_uc − 1) / (m_u (m_u − 1)); units with fewer than 2 values are
 * left out.  *agreement is in [0, 1]; *units_used (may be NULL) counts the
 * units kept.  Equals Cohen's po for two coders without missing values,
 * and Fleiss' P̄ for complete data.
 * PV_QS_UNDEFINED (NAN, 0 units): no unit has 2 values.
 * PV_QS_INVALID (NAN, 0 units): as pv_kripp_alpha_nominal.
 * Allocates nothing. */
pv_qs_status pv_percent_agreement(const double *x, size_t units, size_t coders,
                                  size_t ncat, double *agreement,
                                  size_t *units_used);

/* ---------------------------------------------------------------- spans */

/* Spans of text are half-open character intervals [start, end), 0-based
 * (REFI-QDA's startPosition / endPosition), given as two arrays. */

/* Sort the n spans by start and merge those that overlap (touching spans,
 * end == next start, stay apart), in place; *merged (may be NULL) gets the
 * count kept.  PV_QS_INVALID (nothing changed): a span with start < 0 or
 * end <= start.  Allocates nothing (insertion sort: spans of one coder,
 * code and session are few). */
pv_qs_status pv_spans_union(long *start, long *end, size_t n, size_t *merged);

/* ---------------------------------------------------------------- segment agreement */

/* Results of pv_segment_match: the segments of one code in one document,
 * coder 1's against coder 2's. */
typedef struct {
    size_t n1, n2;     /* segments of each coder */
    size_t matched;    /* a: pairs matched one to one */
    size_t only1;      /* b = n1 − a: coder 1's segments without a match */
    size_t only2;      /* c = n2 − a */
    double percent;    /* a / (a + b + c) (MAXQDA's segment agreement); NAN
                          when no segment */
    double holsti;     /* Holsti (1969): 2a / (n1 + n2) (ATLAS.ti); NAN when
                          no segment */
} pv_segmatch;

/* Segment agreement (MAXQDA's "code overlap at segments"): a segment of
 * coder 1 matches a segment of coder 2 (same code, same document: the
 * caller's grouping) when their overlap, |s1 ∩ s2| / |s1 ∪ s2|, reaches
 * min_overlap (0 < min_overlap <= 1).  Each segment matches at most one
 * other: the pairs that qualify are taken greedily by decreasing overlap
 * (ties: coder 1's index, then coder 2's), so the matching is deterministic.
 * match1[i] (n1 entries) gets the index of coder 2's segment matched to
 * coder 1's segment i, or −1; match2 likewise (either may be NULL).
 * PV_QS_UNDEFINED (counts filled, percent and holsti NAN): no segment.
 * PV_QS_INVALID (all 0 / NAN): a span with start < 0 or end <= start, or
 * min_overlap outside (0, 1].  Scratch: n1·n2 pairs at most. */
pv_qs_status pv_segment_match(const long *s1, const long *e1, size_t n1, const long *s2,
                              const long *e2, size_t n2, double min_overlap, long *match1,
                              long *match2, pv_segmatch *out);

/* Brennan & Prediger's (1981) chance correction of an observed agreement
 * po with q equally likely categories: (po − 1/q) / (1 − 1/q) — MAXQDA's
 * kappa for segment agreement, q the number of codes compared.
 * PV_QS_UNDEFINED (NAN): q < 2 or po NAN.  PV_QS_INVALID: po outside
 * [0, 1]. */
pv_qs_status pv_kappa_free(double po, double q, double *kappa);

/* ---------------------------------------------------------------- character agreement */

/* NVivo's coding comparison of one code in one source of `length`
 * characters: each character is coded by coder 1 or not, by coder 2 or
 * not (a coder's overlapping spans count once).  table (4 doubles) gets the
 * characters coded by both, by coder 1 only, by coder 2 only, by neither —
 * the 2 × 2 confusion table of pv_cohen_kappa, row = coder 1 (coded, not);
 * *percent = (both + neither) / length; *kappa = Cohen's kappa of that
 * table (pv_cohen_kappa, conf 0.95), may be NULL.  The span arrays are
 * copied, not changed.
 * PV_QS_UNDEFINED: kappa undefined (pe = 1: neither coder or both coded
 * every character; NVivo prints 1 then); table and percent filled.
 * PV_QS_INVALID (table 0, NAN): length < 1, a span with start < 0,
 * end <= start or end > length.  Scratch: n1 + n2 spans. */
pv_qs_status pv_char_agreement(const long *s1, const long *e1, size_t n1, const long *s2,
                               const long *e2, size_t n2, long length, double table[4],
                               double *percent, pv_kappa *kappa);

/* ---------------------------------------------------------------- frequency agreement */

/* MAXQDA's "code frequency in the document": over units (document × code)
 * where either coder applied the code, the share where both applied it
 * equally often.  f1[u], f2[u]: how often each coder applied it.  Units
 * where both are 0 are left out; *units_used (may be NULL) counts the rest.
 * PV_QS_UNDEFINED (NAN, 0): no unit left.  PV_QS_INVALID (NAN, 0): a
 * negative, non-integer or non-finite count. */
pv_qs_status pv_frequency_agreement(const double *f1, const double *f2, size_t units,
                                    double *agreement, size_t *units_used);

/* ---------------------------------------------------------------- unitizing alpha */

/* Krippendorff's alpha for unitizing a continuum, ‹c›α_u per category and
 * α_u over categories, as defined in Krippendorff, K. (2004), Content
 * Analysis, 2nd ed., section 11.6 (from Krippendorff 1995, Sociological
 * Methodology 25, 47–76).  The continuum is [begin, begin + length); m
 * observers; unit u is [start[u], end[u]) given category cat[u] in
 * [0, ncat) by observer obs[u] in [0, m).  Per observer and category, the
 * continuum is cut into that category's units and the gaps between them.
 * With l the length of a section and b its beginning:
 *   D_o(c) = 2 / (m (m − 1) L²) Σ_{observer pairs} Σ_{sections g, h that
 *            intersect} δ²(g, h), where δ² is
 *            (b_g − b_h)² + (e_g − e_h)²  for two units,
 *            l_g²  for a unit g inside a gap h (and l_h² the other way),
 *            0  otherwise;
 *   D_e(c) = (2/L) Σ_{units g of c} [(N_c − 1)(2l_g³ − 3l_g² + l_g)/3
 *            + l_g² Σ_{gaps h of c, l_h ≥ l_g} (l_h − l_g + 1)]
 *            / [mL(mL − 1) − Σ_{units g of c} l_g(l_g − 1)],
 *   N_c the number of units of c (all observers);
 *   ‹c›α_u = 1 − D_o(c)/D_e(c);  α_u = 1 − Σ_c D_o(c) / Σ_c D_e(c).
 * Krippendorff et al. (2016) found this form misbehaves with more than two
 * observers: use m = 2.  d_o, d_e, alpha_cat (ncat each, may be NULL) and
 * *alpha (may be NULL) are filled; a category nobody used has D_o = D_e = 0
 * and alpha_cat NAN, and adds nothing to α_u.
 * PV_QS_UNDEFINED: Σ_c D_e = 0 (*alpha NAN).
 * PV_QS_INVALID (all NAN): m < 2, length < 1, a unit outside the
 * continuum or empty, an observer or category out of range, or two units
 * of one observer and category that overlap (merge them first:
 * pv_spans_union).  Scratch: O(n) longs. */
pv_qs_status pv_kripp_ualpha(const long *start, const long *end, const int *obs, const int *cat,
                             size_t n, size_t m, size_t ncat, long begin, long length,
                             double *d_o, double *d_e, double *alpha_cat, double *alpha);

#endif
