# Expected values for the intercoder agreement kernels (pipeline/agree.c,
# tested by tests/unit/test_agree.c), part 1 of 2: R.  Part 2 is agree.py
# (statsmodels, NLTK), which reads the input files this script writes.
#
# Regenerate (from the repository root, in this order):
#   Rscript tests/expected/agree.R
#   /usr/bin/python3 tests/expected/agree.py
# This script writes, in tests/expected/ (it prints nothing on success):
#   inputs   agree_cohen_tables.csv   table_id,k,counts (k x k confusion
#                                     table, row = coder 1's category,
#                                     column = coder 2's, counts row-major,
#                                     ';'-separated)
#            agree_fleiss_tables.csv  table_id,subjects,categories,counts
#                                     (subjects x categories, number of
#                                     raters per category, row-major)
#            agree_kripp_example.csv  unit,A,B,C,D — Krippendorff (2011),
#                                     section C, values 1..5, NA = missing
#            agree_kripp_focus.csv    unit,c1,c2,c3 — focus-group excerpts,
#                                     categories 0..3, NA = not coded
#            agree_kripp_complete.csv unit,c1,c2,c3,c4 — no missing value
#            agree_fleiss_many.csv    unit,c1..c70 — 70 coders, values 0/1,
#                                     NA = does not answer for the unit
#                                     (Fleiss' kappa on the units answered
#                                     by the most common number of coders;
#                                     expected values from agree.py)
#   expected agree_cohen.csv          psych::cohen.kappa
#            agree_units.csv          percent agreement and Krippendorff's
#                                     nominal alpha, computed here in R by
#                                     definition (see below)
#
# Tools: R version 4.2.2 Patched (2022-11-10 r83330) (Debian 12 r-base-core),
#        psych 2.2.9 (Debian 12 r-cran-psych).  R's irr package (kappam.fleiss,
#        kripp.alpha, agree) is not packaged for Debian 12 (apt-cache policy
#        r-cran-irr: nothing) and CRAN is not reachable: Fleiss' kappa and
#        Krippendorff's alpha rest on agree.py (statsmodels 0.13.5, NLTK 3.8)
#        and, for alpha, on the paper's printed value.
#   Cohen's kappa  psych::cohen.kappa(tab) on the k x k table (k = 2 tables
#                  are square, so psych takes them as tables too): $kappa,
#                  $var.kappa, $confid[1, ] (lower, upper at alpha = 0.05).
#                  var.kappa is the large-sample variance of Fleiss, Cohen &
#                  Everitt (1969), in proportions p_ij, p_i. (rows), p_.j
#                  (columns), N the total:
#                    var = [ sum_i p_ii ((1 - pe) - (p_i. + p_.i)(1 - po))^2
#                          + (1 - po)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
#                          - (po pe - 2 pe + po)^2 ] / (N (1 - pe)^4)
#                  and the bounds kappa -/+ qnorm(0.975) sqrt(var), set to
#                  -1 / +1 when they pass them (psych warns "upper or lower
#                  confidence interval exceed abs(1) and set to +/- 1").
#                  po, pe are recomputed here from the table
#                  (sum(diag(p)), sum(rowSums(p) * colSums(p))) and checked
#                  against psych's kappa.
#   Brennan-Prediger  (po - 1/k) / (1 - 1/k), k the table's size, by formula
#                  (no R package here); agree.py checks it against
#                  statsmodels fleiss_kappa(method = "randolph").
#   percent agreement  mean over the units with >= 2 values of
#                  (agreeing pairs of values) / (m_u (m_u - 1) / 2).
#   Krippendorff's alpha (nominal)  Krippendorff (2011), "Computing
#                  Krippendorff's Alpha-Reliability", section C: units with
#                  m_u < 2 values left out; coincidences
#                  o_ck = sum_u n_uc n_uk / (m_u - 1) (n_uc (n_uc - 1) on the
#                  diagonal); n_c = sum_k o_ck; n = sum_c n_c;
#                  alpha = 1 - (n - 1) (n - sum_c o_cc) / (n^2 - sum_c n_c^2).
#                  This is an implementation written here, not a package:
#                  agree.py gives NLTK's AnnotationTask.alpha() on the same
#                  files, and the paper prints 0.743 for the example.
# Numbers are printed with sprintf("%.15g"); NA is written "NA", NaN "NaN".
#
# What psych does on degenerate tables (recorded in agree_cohen.csv):
# - both coders always chose the same category (table "same", 2 x 2 with
#   one non-zero cell): po = pe = 1, kappa = 0/0 = NaN; var.kappa is NaN
#   too, which psych replaces by 0 (and flags $bad); the bounds are NaN.
# - perfect agreement over several categories (table "perfect"): kappa = 1,
#   var.kappa = 0 exactly here, bounds 1 and 1.
# - a 1 x 1 table: kappa NA with the message "Your data seem to have no
#   variance and in complete agreement across raters" (not in the files;
#   tested in C as undefined).

suppressPackageStartupMessages(library(psych))

dir <- "tests/expected"
fmt <- function(v) ifelse(is.nan(v), "NaN", ifelse(is.na(v), "NA", sprintf("%.15g", v)))
out <- function(lines, name) writeLines(lines, file.path(dir, name))

# ---------------------------------------------------------------- Cohen's kappa

tables <- list(
  # two coders assigning 125 focus-group excerpts to three themes
  t3x3 = matrix(c(42,  5,  3,
                   6, 31,  4,
                   2,  7, 25), 3, byrow = TRUE),
  # presence (1st row/column) or absence of one code in 100 excerpts:
  # unequal marginals (coder 1 says present 20 times, coder 2 17 times)
  t2x2 = matrix(c(14,  6,
                   3, 77), 2, byrow = TRUE),
  # small table whose upper bound passes 1 (psych sets it to 1)
  small2x2 = matrix(c(4, 1,
                      0, 5), 2, byrow = TRUE),
  # coder 2 never used the third category
  zero_col = matrix(c(10, 2, 0,
                       1, 8, 0,
                       3, 1, 0), 3, byrow = TRUE),
  # perfect agreement
  perfect = diag(c(12, 7, 5)),
  # both coders always chose the same category: kappa undefined
  same = matrix(c(20, 0,
                   0, 0), 2, byrow = TRUE)
)
t_lines <- "table_id,k,counts"
c_lines <- "table_id,k,n,po,pe,kappa,var_kappa,se,ci_low,ci_high,bp_kappa"
for (id in names(tables)) {
  m <- tables[[id]]
  k <- nrow(m)
  t_lines <- c(t_lines, paste(id, k, paste(fmt(t(m)), collapse = ";"), sep = ","))
  r <- suppressWarnings(suppressMessages(cohen.kappa(m)))
  p <- m / sum(m)
  po <- sum(diag(p))
  pe <- sum(rowSums(p) * colSums(p))
  stopifnot(isTRUE(all.equal(r$kappa, (po - pe) / (1 - pe))) ||
            (is.nan(r$kappa) && pe == 1))
  bp <- (po - 1 / k) / (1 - 1 / k)
  c_lines <- c(c_lines, paste(id, k, fmt(sum(m)), fmt(po), fmt(pe), fmt(r$kappa),
                              fmt(r$var.kappa), fmt(sqrt(r$var.kappa)),
                              fmt(r$confid[1, "lower"]), fmt(r$confid[1, "upper"]),
                              fmt(bp), sep = ","))
}
out(t_lines, "agree_cohen_tables.csv")
out(c_lines, "agree_cohen.csv")

# ---------------------------------------------------------------- Fleiss' kappa (inputs)

fleiss <- list(
  # 10 excerpts, 3 categories, 4 raters each
  f10x3 = matrix(c(4, 0, 0,
                   3, 1, 0,
                   0, 4, 0,
                   2, 2, 0,
                   0, 0, 4,
                   1, 3, 0,
                   0, 1, 3,
                   4, 0, 0,
                   2, 1, 1,
                   0, 0, 4), 10, byrow = TRUE),
  # the worked example of the Wikipedia article "Fleiss' kappa" (10
  # subjects, 5 categories, 14 raters; the article prints kappa = 0.210)
  wiki5 = matrix(c(0, 0, 0, 0, 14,
                   0, 2, 6, 4, 2,
                   0, 0, 3, 5, 6,
                   0, 3, 9, 2, 0,
                   2, 2, 8, 1, 1,
                   7, 7, 0, 0, 0,
                   3, 2, 6, 3, 0,
                   2, 5, 3, 2, 2,
                   6, 5, 2, 1, 0,
                   0, 2, 2, 3, 7), 10, byrow = TRUE)
)
f_lines <- "table_id,subjects,categories,counts"
for (id in names(fleiss)) {
  m <- fleiss[[id]]
  stopifnot(length(unique(rowSums(m))) == 1)
  f_lines <- c(f_lines, paste(id, nrow(m), ncol(m),
                              paste(fmt(t(m)), collapse = ";"), sep = ","))
}
out(f_lines, "agree_fleiss_tables.csv")

# More coders than a fixed array of 64 counts per number of coders could
# hold (qualitative.c had one): 70 coders, values 0/1 by a fixed rule (no
# random numbers).  Units 1-15 answered by all 70 coders, units 16-27 by
# coders 1-3 only, units 28-29 by coders 1-65; so the most common number is
# 70 (15 units), and a count that stops at 63 coders would pick 3 instead.
many <- matrix(NA_real_, 29, 70, dimnames = list(NULL, paste0("c", 1:70)))
for (u in 1:15) for (k in 1:70)
  many[u, k] <- as.numeric((u * 7 + k * 3) %% 11 < u %% 4 + 3)
for (u in 16:27) for (k in 1:3)
  many[u, k] <- as.numeric((u + k) %% 2)
for (u in 28:29) for (k in 1:65)
  many[u, k] <- as.numeric((u + k) %% 3 == 0)
out(c(paste(c("unit", colnames(many)), collapse = ","),
      paste(seq_len(nrow(many)), apply(many, 1, function(r) paste(fmt(r), collapse = ",")),
            sep = ",")),
    "agree_fleiss_many.csv")

# ---------------------------------------------------------------- units x coders

# Krippendorff (2011), section C "Nominal data, any number of observers,
# missing data": observers A..D (columns here) by 12 units (rows here).
# The paper prints alpha = 0.743.  (irr's kripp.alpha help page has the
# same data with unit 12's single value under observer C instead of B;
# that unit has one value and is left out either way.)
kripp_example <- cbind(
  A = c( 1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA),
  B = c( 1, 2, 3, 3, 2, 2, 4, 1, 2,  5, NA,  3),
  C = c(NA, 3, 3, 3, 2, 3, 4, 2, 2,  5,  1, NA),
  D = c( 1, 2, 3, 3, 2, 4, 4, 1, 2,  5,  1, NA))

# Three coders, 14 focus-group excerpts, categories 0..3; coder 3 did not
# code every excerpt; excerpt 9 was coded by coder 1 only (left out).
kripp_focus <- cbind(
  c1 = c(0, 1, 1, 2, 3, 0, 2, 1,  3, 0, 2, 1, 3, 0),
  c2 = c(0, 1, 2, 2, 3, 0, 2, 1, NA, 1, 2, 1, 3, 0),
  c3 = c(0, 1, 1, NA, 3, 1, 2, NA, NA, 1, 3, 1, 2, 0))

# Four coders, 10 excerpts, categories 0..2, nothing missing.
kripp_complete <- cbind(
  c1 = c(0, 0, 1, 2, 1, 0, 2, 2, 1, 0),
  c2 = c(0, 0, 1, 2, 1, 1, 2, 1, 1, 0),
  c3 = c(0, 1, 1, 2, 2, 0, 2, 2, 1, 0),
  c4 = c(0, 0, 1, 2, 1, 0, 1, 2, 0, 0))

units <- list(example = kripp_example, focus = kripp_focus,
              complete = kripp_complete)

percent_agreement <- function(x) {
  s <- apply(x, 1, function(v) {
    v <- v[!is.na(v)]
    m <- length(v)
    if (m < 2) return(NA)
    agree <- sum(outer(v, v, "==")[upper.tri(diag(m))])
    agree / (m * (m - 1) / 2)
  })
  c(mean(s, na.rm = TRUE), sum(!is.na(s)))
}

kripp_nominal <- function(x) {
  cats <- sort(unique(x[!is.na(x)]))
  o <- matrix(0, length(cats), length(cats))
  for (u in seq_len(nrow(x))) {
    v <- x[u, !is.na(x[u, ])]
    m <- length(v)
    if (m < 2) next
    nu <- table(factor(v, levels = cats))
    o <- o + (outer(nu, nu) - diag(as.vector(nu))) / (m - 1)
  }
  nc <- rowSums(o)
  n <- sum(nc)
  c(1 - (n - 1) * (n - sum(diag(o))) / (n^2 - sum(nc^2)), n)
}

u_lines <- "dataset,units,units_used,n_pairable,percent_agreement,alpha"
for (id in names(units)) {
  x <- units[[id]]
  out(c(paste(c("unit", colnames(x)), collapse = ","),
        paste(seq_len(nrow(x)), apply(x, 1, function(r) paste(fmt(r), collapse = ",")),
              sep = ",")),
      paste0("agree_kripp_", id, ".csv"))
  pa <- percent_agreement(x)
  ka <- kripp_nominal(x)
  u_lines <- c(u_lines, paste(id, nrow(x), pa[2], fmt(ka[2]), fmt(pa[1]),
                              fmt(ka[1]), sep = ","))
}
stopifnot(round(kripp_nominal(kripp_example)[1], 3) == 0.743)
out(u_lines, "agree_units.csv")
