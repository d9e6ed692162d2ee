# Expected Hedges' g and its 95 % interval (pipeline/effects.c), by R alone.
# Regenerate (from the repository root):
#   Rscript tests/expected/effects.R
# R 4.2.2, effectsize 0.8.3 (Debian r-cran-effectsize), stats.  Writes
#   effects_nct.csv      pt(t, df, ncp): the noncentral t distribution function
#   effects_data.csv     the samples (set, group, value)
#   effects.csv          per set: effectsize::hedges_g() (its defaults: pooled
#                        SD, ci = 0.95, noncentral t interval) and, computed
#                        independently by formula, Cohen's d, J, g and the
#                        interval whose noncentral parameters uniroot() finds
#                        on stats::pt to 1e-12 (effectsize finds them with
#                        optim(), to about 1e-6: the C code is compared with the
#                        uniroot interval to 1e-9 and with effectsize's to 1e-5)
#   effects_demo.csv     the same on data/demo: every construct between every
#                        two groups, the scores by tests/expected/questionnaire_demo.R
#                        (evaluated here with its write.csv turned off)
# The published example is effectsize's own (its documentation of
# hedges_g, and Ben-Shachar, Lüdecke & Makowski 2020): mtcars, mpg by am.
suppressMessages(library(effectsize))
f <- function(x) ifelse(is.na(x), "NA", sprintf("%.15g", x))

# the noncentral t distribution function on a grid
grid <- expand.grid(t = c(-4, -1.3, -0.2, 0.7, 2.1, 5.5), df = c(2, 5, 17.5, 93, 448),
                    ncp = c(-3.2, -0.6, 0.4, 1.9, 7.5, 30))
grid$p <- pt(grid$t, grid$df, grid$ncp)
write.csv(data.frame(t = f(grid$t), df = f(grid$df), ncp = f(grid$ncp), p = f(grid$p)),
          "tests/expected/effects_nct.csv", row.names = FALSE, quote = FALSE)

by_formula <- function(x, y, level = 0.95) {
  n1 <- length(x); n2 <- length(y); df <- n1 + n2 - 2
  sp <- sqrt(((n1 - 1) * var(x) + (n2 - 1) * var(y)) / df)
  d <- (mean(x) - mean(y)) / sp
  hn <- 1 / (1 / n1 + 1 / n2); t <- d * sqrt(hn); a <- 1 - level
  root <- function(p) uniroot(function(ncp) pt(t, df, ncp) - p, c(t - 50, t + 50),
                              tol = 1e-12)$root
  J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
  c(d = d, J = J, g = d * J, lo = root(1 - a / 2) / sqrt(hn) * J,
    hi = root(a / 2) / sqrt(hn) * J)
}
row <- function(set, x, y) {
  e <- hedges_g(x, y)
  b <- by_formula(x, y)
  data.frame(set = set, n1 = length(x), n2 = length(y), d = f(b["d"]), J = f(b["J"]),
             g = f(b["g"]), ci_low = f(b["lo"]), ci_high = f(b["hi"]),
             es_g = f(e$Hedges_g), es_ci_low = f(e$CI_low), es_ci_high = f(e$CI_high))
}
sets <- list(
  mtcars = list(mtcars$mpg[mtcars$am == 0], mtcars$mpg[mtcars$am == 1]),
  small = list(c(3, 4, 4.5, 2), c(1, 2.5, 2, 1.5, 3)),
  reversed = list(c(1, 2.5, 2, 1.5, 3), c(3, 4, 4.5, 2)),
  equal = list(c(2, 3, 4), c(4, 2, 3)),
  far = list(c(10, 11, 10.5, 10.2), c(1, 1.1, 0.9))
)
out <- NULL; data <- NULL
for (s in names(sets)) {
  out <- rbind(out, row(s, sets[[s]][[1]], sets[[s]][[2]]))
  for (k in 1:2) data <- rbind(data, data.frame(set = s, group = k - 1, value = f(sets[[s]][[k]])))
}
write.csv(out, "tests/expected/effects.csv", row.names = FALSE, quote = FALSE)
write.csv(data, "tests/expected/effects_data.csv", row.names = FALSE, quote = FALSE)

# the demo: scores of tests/expected/questionnaire_demo.R, groups of instruments.csv
env <- new.env()
env$write.csv <- function(...) invisible(NULL)
sys.source("tests/expected/questionnaire_demo.R", envir = env)
ins <- env$ins; sc <- env$sc
demo <- NULL
for (cn in unique(env$items$construct[env$items$construct != ""])) {
  ids <- ins$instrument_id[paste(ins$instrument_id, cn) %in% names(sc)]
  if (length(ids) < 2) next
  for (i in seq_along(ids)) for (j in seq_along(ids)) {
    if (j <= i) next
    x <- na.omit(sc[[paste(ids[i], cn)]]); y <- na.omit(sc[[paste(ids[j], cn)]])
    e <- hedges_g(as.numeric(x), as.numeric(y)); b <- by_formula(x, y)
    demo <- rbind(demo, data.frame(family = "constructs_by_group", construct = cn,
      instrument_id = "", group_a = ins$group[ins$instrument_id == ids[i]],
      group_b = ins$group[ins$instrument_id == ids[j]], n_a = length(x), n_b = length(y),
      value = f(b["g"]), ci_low = f(b["lo"]), ci_high = f(b["hi"]), es_value = f(e$Hedges_g),
      es_ci_low = f(e$CI_low), es_ci_high = f(e$CI_high)))
  }
}
write.csv(demo, "tests/expected/effects_demo.csv", row.names = FALSE, quote = FALSE)
