# fisher_one.R — Fisher's exact p of tables as probable as any table with
# their margins (every table counts, so the two-sided p is 1 exactly), as
# R's fisher.test gives it (pipeline/qstats.h; tests/unit/test_qstats.c).
#
# Command, from the repository root (R 4.2.2, stats only):
#     Rscript tests/expected/fisher_one.R
# writes tests/expected/fisher_one.csv; prints nothing.
#
# Columns: table_id, rows, cols, counts (row-major, ';'-separated);
# p_value = sprintf("%.17g", fisher.test(x)$p.value), all 17 digits (the
# question is the last bits); r_sum = the sum R computes before its clamp,
# %.17g: for r x c tables the C routine fisher.test calls
# (.Call(stats:::C_Fexact, x, c(-1, 100, 0), 200000L, 30L), which
# fisher.test passes through max(0, min(1, .)), R 4.2.2's source: `RVAL <-
# list(p.value = max(0, min(1, PVAL)))`), for 2 x 2 tables the p.value
# itself (that branch sums dhyper's normalised densities and does not
# clamp); all_count = every table with the margins has P <= P_obs (1 +
# 1e-7), R's relErr, found here by enumerating them all (so p = 1 exactly).
#
# What it shows: R's printed p is 1 only when its sum rounds to 1 or above
# (isol1_region: 1.0000000000000016, clamped); below, R prints the rounded
# sum (under: 0.999999999999999; t3x3: 0.99999999999999878); the 2 x 2
# branch can print above 1 (even2x2: 1.0000000000000002).  The kernel gives
# 1 for all four (the total probability, not a rounded sum): equal to R on
# isol1_region — the fixture's table that printed 0.9999999999999996 — and
# within 1.3e-15 of R on the others.
f <- function(x) sprintf("%.17g", x)

# log P of every table with row margins rs and column margins cs
tables_lp <- function(rs, cs) {
  r <- length(rs); k <- length(cs)
  konst <- sum(lfactorial(rs)) + sum(lfactorial(cs)) - lfactorial(sum(rs))
  out <- numeric(0)
  rec <- function(i, j, rrem, crem, acc) {   # fill cell (i, j), row-major
    if (i > r) { out <<- c(out, konst + acc); return(invisible()) }
    if (j == k) {                            # the row's last cell: what is left
      v <- rrem[i]
      if (v > crem[j]) return(invisible())
      crem[j] <- crem[j] - v
      return(rec(i + 1, 1, rrem, crem, acc - lfactorial(v)))
    }
    if (i == r) {                            # the last row: what the column has left
      v <- crem[j]
      if (v > rrem[i]) return(invisible())
      rrem[i] <- rrem[i] - v; crem[j] <- 0
      return(rec(i, j + 1, rrem, crem, acc - lfactorial(v)))
    }
    for (v in 0:min(rrem[i], crem[j])) {
      rr <- rrem; cc <- crem; rr[i] <- rr[i] - v; cc[j] <- cc[j] - v
      rec(i, j + 1, rr, cc, acc - lfactorial(v))
    }
  }
  rec(1, 1, rs, cs, 0)
  out
}

tabs <- list(
  # the test fixture's QP item ISOL1 by region (tests/fixtures/small:
  # region 06 answers 4, 4, 4, 5, 5; region 16 answers 2, 3, 4, 4, 4, 5):
  # the stage printed p = 0.9999999999999996
  isol1_region = matrix(c(0, 0, 3, 2,
                          1, 1, 3, 1), 2, 4, byrow = TRUE),
  under = matrix(c(1, 2, 1,
                   1, 1, 1), 2, 3, byrow = TRUE),
  t3x3 = matrix(c(1, 0, 1,
                  1, 1, 1,
                  2, 1, 4), 3, 3, byrow = TRUE),
  even2x2 = matrix(c(5, 6,
                     6, 5), 2, 2, byrow = TRUE))

rows <- NULL
for (id in names(tabs)) {
  x <- tabs[[id]]
  p <- fisher.test(x)$p.value
  xi <- x; storage.mode(xi) <- "integer"
  raw <- if (all(dim(x) == 2)) p else .Call(stats:::C_Fexact, xi, c(-1, 100, 0), 200000L, 30L)
  stopifnot(all(dim(x) == 2) || p == max(0, min(1, raw)))
  lp <- tables_lp(rowSums(x), colSums(x))
  obs <- sum(lfactorial(rowSums(x))) + sum(lfactorial(colSums(x))) -
    lfactorial(sum(x)) - sum(lfactorial(x))
  stopifnot(abs(sum(exp(lp)) - 1) < 1e-12)   # the enumeration is complete
  rows <- rbind(rows, data.frame(table_id = id, rows = nrow(x), cols = ncol(x),
                                 counts = paste(t(x), collapse = ";"), p_value = f(p),
                                 r_sum = f(raw),
                                 all_count = all(exp(lp) <= exp(obs) * (1 + 1e-7))))
}
write.csv(rows, "tests/expected/fisher_one.csv", row.names = FALSE, quote = FALSE)
