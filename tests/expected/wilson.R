# Expected values: Wilson score 95% interval WITHOUT continuity correction.
#
# Regenerate (from the repository root):
#   Rscript tests/expected/wilson.R > tests/expected/wilson.csv
#
# Tool: base R, stats::prop.test(x, n, correct = FALSE)$conf.int
#       (default conf.level = 0.95, z = qnorm(0.975)).
# R version used: R version 4.2.2 Patched (2022-11-10 r83330), Debian 12 r-base-core.
# Output: CSV with columns x,n,p,ci_low,ci_high; p = x/n; numbers printed with
#         sprintf("%.15g") (15 significant digits).
# Note: for x = 0 (resp. x = n) prop.test sets ci_low to exactly 0 (resp. ci_high
#       to exactly 1).
#
# Cross-check: statsmodels 0.13.5 (Debian python3-statsmodels), command run from
# the repository root after generating wilson.csv:
#   /usr/bin/python3 -c "import csv; from statsmodels.stats.proportion import proportion_confint as pc; r=list(csv.DictReader(open('tests/expected/wilson.csv'))); print(max(max(abs(a-float(x['ci_low'])),abs(b-float(x['ci_high']))) for x in r for a,b in [pc(int(x['x']),int(x['n']),alpha=0.05,method='wilson')]))"
# Max absolute difference over all 14 cases (ci_low and ci_high): 6.1e-16 (6.106226635438361e-16), i.e. agreement well within 1e-12.

cases <- data.frame(
  x = c(0, 1, 5, 10, 3236, 5921, 8500, 1, 0,   7, 299,  50,    1, 17),
  n = c(10, 10, 10, 10, 5305, 10036, 10241, 1, 1, 300, 300, 100, 5305, 23)
)

fmt <- function(v) sprintf("%.15g", v)

cat("x,n,p,ci_low,ci_high\n")
for (i in seq_len(nrow(cases))) {
  x <- cases$x[i]
  n <- cases$n[i]
  # suppressWarnings: prop.test warns "Chi-squared approximation may be
  # incorrect" for small counts; the interval itself is unaffected.
  ci <- suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int
  cat(sprintf("%d,%d,%s,%s,%s\n", as.integer(x), as.integer(n),
              fmt(x / n), fmt(ci[1]), fmt(ci[2])))
}
