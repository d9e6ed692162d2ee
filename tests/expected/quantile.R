# Expected values: sample quantiles, R type 7 (R's default; linear interpolation
# of the order statistics, h = (n - 1) * p + 1).
#
# Regenerate (from the repository root):
#   Rscript tests/expected/quantile.R > tests/expected/quantile.csv
# This prints quantile.csv (columns vector_id,prob,value) on stdout and also
# writes the input vectors to tests/expected/quantile_vectors.csv
# (columns vector_id,values; values ';'-separated, in the original order,
# unsorted) so that the C test reads exactly the same inputs.
#
# Tool: base R, stats::quantile(v, probs, type = 7, names = FALSE).
# R version used: R version 4.2.2 Patched (2022-11-10 r83330), Debian 12 r-base-core.
# Numbers are printed with sprintf("%.15g") (15 significant digits).
#
# Cross-check: numpy 1.24.2 (Debian python3-numpy, default method 'linear' = type 7),
# command run from the repository root after generating both CSV files:
#   /usr/bin/python3 -c "import csv,numpy as np; V={r['vector_id']:np.array([float(t) for t in r['values'].split(';')]) for r in csv.DictReader(open('tests/expected/quantile_vectors.csv'))}; print(max(abs(np.quantile(V[r['vector_id']],float(r['prob']))-float(r['value'])) for r in csv.DictReader(open('tests/expected/quantile.csv'))))"
# Max absolute difference over all 35 values: 0 (exact agreement).

vectors <- list(
  one        = c(1),
  two        = c(1, 2),
  three      = c(3, 1, 2),
  four       = c(1, 2, 3, 4),
  ties9      = c(0, 0, 1, 5, 5, 5, 17, 2, 3),
  seven      = c(10, 2, 38, 23, 38, 23, 21),
  ages       = rep(0:17, times = c(600, 700, 800, 900, 1000, 1100, 400, 350,
                                   300, 300, 300, 280, 250, 220, 200, 150,
                                   100, 80))
)
probs <- c(0, 0.25, 0.5, 0.75, 1)

fmt <- function(v) sprintf("%.15g", v)

vec_lines <- c("vector_id,values",
               vapply(names(vectors), function(id)
                 paste0(id, ",", paste(fmt(vectors[[id]]), collapse = ";")),
                 character(1)))
writeLines(vec_lines, "tests/expected/quantile_vectors.csv")

cat("vector_id,prob,value\n")
for (id in names(vectors)) {
  q <- quantile(vectors[[id]], probs = probs, type = 7, names = FALSE)
  for (j in seq_along(probs)) {
    cat(sprintf("%s,%s,%s\n", id, fmt(probs[j]), fmt(q[j])))
  }
}
