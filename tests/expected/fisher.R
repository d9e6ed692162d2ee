# fisher.R — expected values of Fisher's exact test and of the p-value
# adjustments the configuration offers (pipeline/qstats.h;
# tests/unit/test_qstats.c).
#
# Command, from the repository root (R 4.2.2, stats only):
#     Rscript tests/expected/fisher.R
# writes tests/expected/fisher_tables.csv (the input tables),
# tests/expected/fisher.csv and tests/expected/fisher_padjust.csv; prints
# nothing.  Numbers %.15g; NA for not available.
#
# fisher.csv: p_value = fisher.test(x)$p.value (NA where the kernel gives
# "undefined"); n_cells, n_expected_lt5, n_expected_lt1 from
# chisq.test(kept)$expected, kept = x without its all-zero rows and
# columns, and cochran = any expected < 1 or more than 20 % below 5 (the
# rule that selects Fisher's test); p_simulated_1e6 = fisher.test(x,
# simulate.p.value = TRUE, B = 1e6) after set.seed(20250331), for the
# record (and, for sparse, instead of the exact p); r_full_p = fisher.test
# on the full table (sparse: its wrong value).
f <- function(x) ifelse(is.na(x), "NA", sprintf("%.15g", x))

tabs <- list(
  # Fisher's tea tasting (Agresti 2002, p. 91; ?fisher.test "TeaTasting"):
  # R prints p-value = 0.4857 (two-sided)
  tea = matrix(c(3, 1, 1, 3), 2, 2),
  # Agresti (2002, p. 57) job satisfaction by income (?fisher.test "Job"):
  # R prints p-value = 0.7827
  job = matrix(c(1, 2, 1, 0, 3, 3, 6, 1, 10, 10, 14, 9, 6, 7, 12, 11), 4, 4),
  # a 2 x 3 table with small counts
  t2x3 = matrix(c(2, 1, 0, 4, 3, 0), 2, 3),
  # a 2 x 2 table whose margins are symmetric: tables as probable as the
  # observed one (a = 1 and a = 3) count, through the 1 + 1e-7 of R
  ties = matrix(c(1, 3, 3, 1), 2, 2),
  # a 3 x 3 table with an all-zero row (fisher.test on the full table; the
  # kernel drops the row, which changes no probability)
  zero_row = matrix(c(3, 0, 5, 4, 0, 6, 2, 0, 7), 3, 3),
  # a 3 x 5 table (n = 110; the chi-square t3x5 of chisq_tables.csv)
  t3x5 = matrix(c(12, 5, 9, 7, 11, 7, 3, 8, 13, 9, 6, 2, 4, 10, 7), 3, 5),
  # a 5 x 4 table with several small expected counts
  t5x4 = matrix(c(4, 2, 0, 1, 3, 1, 5, 2, 0, 2, 0, 3, 6, 2, 1, 2, 1, 1, 4, 5), 5, 4),
  # Cochran's rule at its border: 2 of 10 expected counts (20 %) below 5,
  # none below 1: the chi-square is kept
  border = matrix(c(5, 3, 15, 15, 14, 16, 8, 8, 8, 8), 2, 5),
  # 3 expected counts below 1 (3 of 18 below 5): Fisher's test
  lt1 = matrix(c(1, 0, 1, 7, 7, 6, 6, 7, 7, 9, 8, 9, 8, 9, 9, 9, 9, 8), 3, 6),
  # the demo's Q_WORKERS x PRESSION_PREPAREES (13 regions x 5 answers,
  # N = 50): R 4.2.2's fisher.test gives 0.3299 (any workspace, transposed
  # too), its Monte Carlo p (B = 1e6) 0.479: the exact value is not taken
  # from R here; the unit test compares the kernel with p_simulated_1e6
  sparse = matrix(c(0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 2, 1,
                    0, 1, 5, 2, 2, 0, 0, 0, 1, 2, 0, 0, 2, 0, 0, 0, 0, 0, 1, 2, 0, 1, 0, 1, 0,
                    0, 0, 1, 1, 0, 0, 0, 1, 2, 1, 0, 3, 1, 4, 1), 13, 5, byrow = TRUE),
  # degenerate: a 2 x 3 table with one row all zero: one table only has
  # these margins; R gives p = 1, the kernel "undefined" (no test)
  one_row = matrix(c(0, 2, 0, 3, 0, 4), 2, 3))
stopifnot(abs(fisher.test(tabs$tea)$p.value - 0.4857) < 5e-5,
          abs(fisher.test(tabs$job)$p.value - 0.7827) < 5e-5)
rows <- NULL; inp <- NULL
for (k in names(tabs)) {
  x <- tabs[[k]]
  inp <- rbind(inp, data.frame(table_id = k, rows = nrow(x), cols = ncol(x),
                               counts = paste(t(x), collapse = ";")))  # row-major
  p <- fisher.test(x, workspace = 2e8)$p.value  # the default 2e5 is too small for t3x5
  # Cochran's rule on the expected counts of the table without its all-zero
  # rows and columns (chisq.test's $expected)
  kept <- x[rowSums(x) > 0, colSums(x) > 0, drop = FALSE]
  e <- if (min(dim(kept)) >= 2) suppressWarnings(chisq.test(kept))$expected else numeric(0)
  u <- function(v) if (length(e)) v else NA  # no expected counts: one row or column left
  rows <- rbind(rows, data.frame(table_id = k, n = sum(x), p_value = f(p), n_cells = u(length(e)),
                                 n_expected_lt5 = u(sum(e < 5)), n_expected_lt1 = u(sum(e < 1)),
                                 cochran = u(any(e < 1) || mean(e < 5) > 0.2)))
}
# A 1 x 1 table: fisher.test stops ("'x' must have at least 2 rows and
# columns"); the kernel gives "undefined".
stopifnot(inherits(try(fisher.test(matrix(5, 1, 1)), silent = TRUE), "try-error"))
inp <- rbind(inp, data.frame(table_id = "one_cell", rows = 1, cols = 1, counts = "5"))
rows <- rbind(rows, data.frame(table_id = "one_cell", n = 5, p_value = "NA", n_cells = NA,
                               n_expected_lt5 = NA, n_expected_lt1 = NA, cochran = NA))
# The Monte Carlo p of R on the 5 x 4 table, for the record (B = 1e6, R's
# generator; the kernel's draws differ, so the unit test compares its own
# simulated p with the exact p above within the binomial error)
rows$p_simulated_1e6 <- "NA"
for (k in c("t5x4", "sparse")) {
  set.seed(20250331)
  rows$p_simulated_1e6[rows$table_id == k] <-
    f(fisher.test(tabs[[k]], simulate.p.value = TRUE, B = 1e6)$p.value)
}
# sparse: fisher.test's exact p is wrong (above), kept in r_full_p only
rows$r_full_p <- rows$p_value
rows$p_value[rows$table_id == "sparse"] <- "NA"
# one_row: fisher.test gives 1 on the full table (recorded, not expected)
rows$p_value[rows$table_id == "one_row"] <- "NA"
write.csv(inp, "tests/expected/fisher_tables.csv", row.names = FALSE, quote = FALSE)
write.csv(rows, "tests/expected/fisher.csv", row.names = FALSE, quote = FALSE)

# p.adjust with the four methods config.csv offers, on one family with a
# NA and ties (the NA stays NA; m = number of non-NA p)
p <- c(0.01, 0.04, NA, 0.03, 0.005, 0.04, 0.2, 0.9, 0.0001)
adj <- data.frame(i = seq_along(p), p = f(p))
for (m in c("holm", "BH", "bonferroni", "hochberg")) adj[[m]] <- f(p.adjust(p, m))
write.csv(adj, "tests/expected/fisher_padjust.csv", row.names = FALSE, quote = FALSE)
