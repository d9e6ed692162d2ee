# Expected values for the questionnaire statistics kernels (pipeline/qstats.c,
# tested by tests/unit/test_qstats.c).
#
# Regenerate (from the repository root):
#   Rscript tests/expected/qstats.R
# The script writes, in tests/expected/ (it prints nothing on success):
#   inputs   alpha_data_likert.csv, alpha_data_ties.csv, alpha_data_min.csv
#              (one row per respondent, one column per item, header i1..ik)
#            chisq_tables.csv   table_id,rows,cols,counts (counts row-major,
#                               ';'-separated, zero rows/columns included)
#            kruskal_data.csv   set_id,group,value (group 0-based; value NA =
#                               missing, left out as kruskal.test does)
#   expected alpha.csv, alpha_items.csv, chisq.csv, kruskal.csv, padjust.csv
#            (padjust.csv holds its input p column too)
#
# Tools: R version 4.2.2 Patched (2022-11-10 r83330) (Debian 12 r-base-core),
#        psych 2.2.9 (Debian 12 r-cran-psych).
#   alpha        psych::alpha(x)$total$raw_alpha, $total$std.alpha,
#                $alpha.drop$raw_alpha, $item.stats$r.drop, and the Feldt
#                interval as psych::alpha computes it (its $feldt element:
#                psych:::alpha.ci(raw_alpha, n.obs = nrow(x), n.var = ncol(x)),
#                i.e. 1 - (1 - alpha) * qf(c(0.975, 0.025), n - 1, (n - 1)(k - 1))).
#   chi-square   stats::chisq.test(tab, correct = FALSE): $statistic,
#                $parameter, $p.value; sum($expected < 5); Cramér's V =
#                sqrt(X2 / (N * (min(r, c) - 1))) computed here from the
#                statistic (base R has no Cramér's V).
#   Kruskal      stats::kruskal.test(value ~ group): $statistic, $parameter,
#                $p.value; epsilon² = H / ((n² - 1) / (n + 1)) as
#                rcompanion::epsilonSquared (Tomczak & Tomczak 2014).
#   p.adjust     stats::p.adjust(p, "holm") and p.adjust(p, "BH").
# Numbers are printed with sprintf("%.15g"); NA is written "NA", NaN "NaN".
#
# Conventions recorded here (see pipeline/qstats.h):
# - Zero rows / columns: chisq.test on a table with an all-zero row or column
#   returns X-squared = NaN, p = NA (0/0 expected cells) and still counts the
#   zero line in df.  The kernel drops them first; the expected values below
#   are chisq.test on the table with them removed (the column `r_full_stat`
#   records what R gives on the full table: NaN).
# - k = 2: psych's alpha.drop for a 2-item scale is C[1,2]/C[2,2] (not an
#   alpha: one item has no alpha).  The kernel gives NAN; alpha_items.csv
#   carries psych's number in `psych_raw_alpha_drop` and NA in
#   `alpha_if_deleted`.
# - p.adjust with NA: R leaves NA in place and, because its default
#   n = length(p) is evaluated after the NAs are removed, the family size is
#   the number of non-NA p-values.  Checked here:
#   p.adjust(c(0.01, NA, 0.04), "holm") equals c(0.02, NA, 0.04).

suppressPackageStartupMessages(library(psych))
stopifnot(isTRUE(all.equal(p.adjust(c(0.01, NA, 0.04), "holm"),
                           c(0.02, NA, 0.04))))

dir <- "tests/expected"
fmt <- function(v) ifelse(is.nan(v), "NaN", ifelse(is.na(v), "NA", sprintf("%.15g", v)))
out <- function(lines, name) writeLines(lines, file.path(dir, name))

# ---------------------------------------------------------------- alpha

# Likert answers 1..levels from a common factor f: item j is
# round(centre + 1.1 * (load[j] * f + noise)), noise sd 0.8, clamped; a
# negative loading makes a reverse-keyed item.
likert <- function(n, k, levels, seed, load = rep(0.7, k)) {
  set.seed(seed)
  f <- rnorm(n)
  centre <- (levels + 1) / 2
  sapply(seq_len(k), function(j)
    as.integer(pmin(levels, pmax(1, round(centre + 1.1 * (load[j] * f + rnorm(n, sd = 0.8)))))))
}

# Item 4 is reverse-keyed (loading -0.7) and recoded 6 - x before analysis,
# as the questionnaire stage will do: the file holds the recoded answers.
x_likert <- likert(30, 4, 5, 20240501, load = c(0.7, 0.7, 0.7, -0.7))
x_likert[, 4] <- 6L - x_likert[, 4]
x_ties <- likert(20, 5, 3, 20240502)   # 3 levels: many ties
x_min  <- likert(12, 2, 5, 20240503)   # the minimal scale
alpha_sets <- list(likert = x_likert, ties = x_ties, min = x_min)

a_lines <- "dataset,n,k,raw_alpha,std_alpha,ci_low,ci_high"
i_lines <- "dataset,item,alpha_if_deleted,r_drop,psych_raw_alpha_drop"
for (id in names(alpha_sets)) {
  x <- alpha_sets[[id]]
  colnames(x) <- paste0("i", seq_len(ncol(x)))
  out(c(paste(colnames(x), collapse = ","),
        apply(x, 1, function(r) paste(r, collapse = ","))),
      paste0("alpha_data_", id, ".csv"))
  a <- alpha(as.data.frame(x), warnings = FALSE)
  # a$feldt holds one-cell data frames: unlist them.
  ci <- lapply(a$feldt, function(e) unname(unlist(e)))
  chk <- psych:::alpha.ci(a$total$raw_alpha, nrow(x), ncol(x))
  stopifnot(identical(ci$lower.ci, chk$lower.ci), identical(ci$upper.ci, chk$upper.ci))
  a_lines <- c(a_lines, paste(id, nrow(x), ncol(x), fmt(a$total$raw_alpha),
                              fmt(a$total$std.alpha), fmt(ci$lower.ci),
                              fmt(ci$upper.ci), sep = ","))
  k <- ncol(x)
  for (j in seq_len(k)) {
    drop <- a$alpha.drop$raw_alpha[j]
    i_lines <- c(i_lines, paste(id, j, fmt(if (k > 2) drop else NA),
                                fmt(a$item.stats$r.drop[j]), fmt(drop), sep = ","))
  }
}
out(a_lines, "alpha.csv")
out(i_lines, "alpha_items.csv")

# ---------------------------------------------------------------- chi-square

tables <- list(
  t3x5 = matrix(c(12, 7, 3, 9, 4,
                  5, 11, 8, 6, 10,
                  2, 4, 9, 7, 13), 3, byrow = TRUE),
  t2x2 = matrix(c(21, 9,
                  12, 18), 2, byrow = TRUE),
  small2x2 = matrix(c(3, 1,
                      1, 4), 2, byrow = TRUE),
  zero_row = matrix(c(3, 4, 2,
                      0, 0, 0,
                      5, 6, 7), 3, byrow = TRUE),
  zero_col = matrix(c(8, 0, 2, 5,
                      3, 0, 9, 4,
                      6, 0, 1, 7), 3, byrow = TRUE)
)
t_lines <- "table_id,rows,cols,counts"
c_lines <- "table_id,rows_used,cols_used,n,statistic,df,p_value,cramer_v,n_expected_lt5,r_full_stat"
for (id in names(tables)) {
  m <- tables[[id]]
  t_lines <- c(t_lines, paste(id, nrow(m), ncol(m),
                              paste(fmt(t(m)), collapse = ";"), sep = ","))
  full <- suppressWarnings(chisq.test(m, correct = FALSE))
  kept <- m[rowSums(m) > 0, colSums(m) > 0, drop = FALSE]
  r <- suppressWarnings(chisq.test(kept, correct = FALSE))
  N <- sum(kept)
  v <- sqrt(unname(r$statistic) / (N * (min(dim(kept)) - 1)))
  c_lines <- c(c_lines, paste(id, nrow(kept), ncol(kept), fmt(N),
                              fmt(r$statistic), fmt(r$parameter), fmt(r$p.value),
                              fmt(v), sum(r$expected < 5), fmt(full$statistic),
                              sep = ","))
}
out(t_lines, "chisq_tables.csv")
out(c_lines, "chisq.csv")

# ---------------------------------------------------------------- Kruskal-Wallis

kw <- list(
  # three groups of scores with ties within and across groups
  ties3 = list(c(2.9, 3.0, 2.5, 2.6, 3.2, 3.0),
               c(3.8, 2.7, 4.0, 2.4, 3.0),
               c(2.8, 3.4, 3.7, 2.2, 2.0, 3.4, 3.0)),
  # four groups, no ties
  noties4 = list(c(1.1, 4.7, 3.3, 9.8),
                 c(5.2, 6.6, 2.4, 7.9, 8.1),
                 c(10.5, 12.2, 11.0),
                 c(0.3, 2.0, 6.0, 4.1)),
  # Likert answers (1..5) of three groups: heavy ties; one missing answer
  likert3 = list(c(1, 2, 2, 3, 3, 3, 4, NA, 2, 3),
                 c(3, 4, 4, 5, 3, 4, 5, 4),
                 c(2, 2, 3, 1, 2, 3, 2, 4, 1))
)
d_lines <- "set_id,group,value"
k_lines <- "set_id,n,groups,statistic,df,p_value,epsilon_sq"
for (id in names(kw)) {
  g <- rep(seq_along(kw[[id]]) - 1L, lengths(kw[[id]]))
  v <- unlist(kw[[id]])
  d_lines <- c(d_lines, paste(id, g, fmt(v), sep = ","))
  r <- kruskal.test(v ~ factor(g))
  n <- sum(!is.na(v))
  e2 <- unname(r$statistic) / ((n^2 - 1) / (n + 1))
  k_lines <- c(k_lines, paste(id, n, length(kw[[id]]), fmt(r$statistic),
                              fmt(r$parameter), fmt(r$p.value), fmt(e2), sep = ","))
}
out(d_lines, "kruskal_data.csv")
out(k_lines, "kruskal.csv")

# ---------------------------------------------------------------- p.adjust

families <- list(
  ten_na = c(0.001, 0.012, NA, 0.049, 0.3, 0.02, 0.75, 0.0041, 0.6, 0.035),
  # ties, an exact 1 and values that cap at 1
  ties = c(0.04, 0.01, 0.04, 0.5, 1, 0.01, 0.2)
)
p_lines <- "family,i,p,holm,bh"
for (id in names(families)) {
  p <- families[[id]]
  h <- p.adjust(p, "holm")
  b <- p.adjust(p, "BH")
  p_lines <- c(p_lines, paste(id, seq_along(p), fmt(p), fmt(h), fmt(b), sep = ","))
}
out(p_lines, "padjust.csv")
