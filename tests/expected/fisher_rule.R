# fisher_rule.R — the test of independence of a table as the questionnaire
# stage chooses it (docs/METHODS.md, "Between groups and regions"), in R
# alone; sourced by bfi.R, questionnaire_small.R and questionnaire_demo.R.
#
# indep_test(tab): tab without its all-zero rows and columns.  Cochran's
# rule on chisq.test's expected counts: when any is below 1 or more than
# 20 % are below 5, Fisher's exact test (fisher.test; statistic and df NA),
# else chisq.test(correct = FALSE).  Cramér's V from the chi-square either
# way.  When fisher.test's network algorithm runs out of its workspace
# (2e6), R's Monte Carlo p (simulate.p.value = TRUE, B = 1e6, seeded).
# p_tol: the tolerance of a comparison of the stage's p with this one when
# the stage may have simulated (it does beyond its work limit, with 10 000
# tables, PV_FISHER_REPLICATES): 4.5 binomial standard errors of 10 000
# draws, plus those of R's 1e6 when R simulated too, plus 1/10 000; NA
# (exact comparison) for the chi-square, and for Fisher's test when mc_tol
# is FALSE (a fixture whose tables are small enough for the stage to
# enumerate: its p must then equal R's).
indep_test <- function(tab, seed = 20250331, mc_tol = TRUE) {
  r <- suppressWarnings(chisq.test(tab, correct = FALSE))
  e <- r$expected
  v <- sqrt(unname(r$statistic) / (sum(tab) * (min(dim(tab)) - 1)))
  if (!(any(e < 1) || mean(e < 5) > 0.2))
    return(list(test = "chisq", statistic = unname(r$statistic), df = unname(r$parameter),
                p = r$p.value, v = v, p_tol = NA))
  p <- tryCatch(fisher.test(tab, workspace = 2e6)$p.value, error = function(err) NA)
  # R 4.2.2's network algorithm (FEXACT) is wrong on some large sparse
  # tables: on the demo's Q_WORKERS x PRESSION_PREPAREES (13 regions x 5
  # answers, N = 50) it gives 0.3299 where its own Monte Carlo p with
  # B = 1e6 gives 0.4792 (and the kernel's exact enumeration 0.479459).
  # So an exact p is checked against a Monte Carlo p of 1e5 tables; beyond
  # 6 standard errors the Monte Carlo p (1e6 tables) is used, and said.
  if (!is.na(p)) {
    set.seed(seed); q <- fisher.test(tab, simulate.p.value = TRUE, B = 1e5)$p.value
    if (abs(p - q) > 6 * sqrt(q * (1 - q) / 1e5) + 1e-4) {
      message("fisher_rule.R: fisher.test gives ", p, ", its Monte Carlo p ", q,
              " (B = 1e5): the Monte Carlo p is used for the table ", paste(t(tab), collapse = ";"))
      p <- NA
    }
  }
  sim <- is.na(p)
  if (sim) { set.seed(seed); p <- fisher.test(tab, simulate.p.value = TRUE, B = 1e6)$p.value }
  se <- function(b) 4.5 * sqrt(p * (1 - p) / b)
  list(test = "fisher", statistic = NA, df = NA, p = p, v = v,
       p_tol = if (mc_tol || sim) se(1e4) + (if (sim) se(1e6) else 0) + 1e-4 else NA)
}
# The tolerance of Holm-adjusted p-values in a family whose p have
# tolerances p_tol: m · max(p_tol) for every row (NA when none has one).
padj_tol <- function(p_tol) {
  t <- p_tol[!is.na(p_tol)]
  rep(if (length(t)) length(p_tol) * max(t) else NA, length(p_tol))
}
