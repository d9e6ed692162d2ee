# Expected values: the mean and 95 % t interval of a bootstrap resample
# given as values and how often each was drawn (pv_boot_mean_ci_t,
# pipeline/replicates.h): R's t.test on the resample itself, rep(x, w),
# the values that are NA left out.
# Regenerate (from the repository root):
#   Rscript tests/expected/boot_mean.R > tests/expected/boot_mean.csv
# R 4.2.2 (Debian 12).  Inputs are written to tests/expected/boot_mean_vectors.csv.
cases <- list(
  # Likert-like scores, some drawn several times, some not at all
  a = list(x = c(4, 5, 3, 4.5, 2, 3.75), w = c(2, 0, 3, 1, 1, 3)),
  # a missing score (left out), whatever its draws
  b = list(x = c(1, NA, 2.5, 3), w = c(1, 4, 2, 1)),
  # one value drawn twice: no spread (t.test refuses constant data; the
  # interval is the mean ± t · 0, by definition)
  c = list(x = c(3.25, 4), w = c(2, 0)),
  # one draw: a mean, no interval
  d = list(x = c(2, 5), w = c(0, 1)),
  # many draws of few values (a large instrument's five answers)
  e = list(x = c(1, 2, 3, 4, 5), w = c(13, 41, 77, 160, 109)),
  # non-terminating binary fractions
  f = list(x = c(1 / 3, 2 / 3, 0.1, 0.7, 11 / 6), w = c(3, 1, 2, 5, 4))
)
write.csv(data.frame(case_id = names(cases),
                     values = sapply(cases, function(k) paste(sprintf("%.17g", k$x), collapse = ";")),
                     weights = sapply(cases, function(k) paste(k$w, collapse = ";"))),
          "tests/expected/boot_mean_vectors.csv", row.names = FALSE, quote = FALSE)
cat("case_id,n,mean,ci_low,ci_high\n")
for (id in names(cases)) {
  k <- cases[[id]]
  r <- rep(k$x, k$w)
  r <- r[!is.na(r)]
  ci <- if (length(r) >= 2 && sd(r) > 0) t.test(r)$conf.int else
    if (length(r) >= 2) c(mean(r), mean(r)) else c(NA, NA)
  cat(sprintf("%s,%d,%.15g,%.15g,%.15g\n", id, length(r), mean(r), ci[1], ci[2]))
}
