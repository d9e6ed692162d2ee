# Expected values: mean and its 95 % t interval, R's t.test(x)$conf.int.
# Regenerate (from the repository root):
#   Rscript tests/expected/tmean.R > tests/expected/tmean.csv
# R 4.2.2 (Debian 12).  Inputs are in tests/expected/tmean_vectors.csv.
vectors <- list(
  a = c(4, 5, 3, 4, 4, 5, 2, 4),
  b = c(1, 2),
  c = c(3.5, 4, 4.25, 5, 1.75, 2.5, 4, 4, 3, 5, 4.5, 3.25),
  d = rep(c(1, 2, 3, 4, 5), times = c(10, 25, 40, 80, 60))
)
write.csv(data.frame(vector_id = names(vectors),
                     values = sapply(vectors, paste, collapse = ";")),
          "tests/expected/tmean_vectors.csv", row.names = FALSE, quote = FALSE)
cat("vector_id,n,mean,ci_low,ci_high\n")
for (id in names(vectors)) {
  x <- vectors[[id]]
  ci <- t.test(x)$conf.int
  cat(sprintf("%s,%d,%.15g,%.15g,%.15g\n", id, length(x), mean(x), ci[1], ci[2]))
}
