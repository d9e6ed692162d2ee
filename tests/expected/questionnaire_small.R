# Expected questionnaire statistics of the small fixture (tests/fixtures/small),
# computed from the raw response files by R alone (mapping, "don't know" = 8
# as missing, reverse coding, scores, tests), independently of proxeval.
# Regenerate (from the repository root):
#   Rscript tests/expected/questionnaire_small.R
# Writes tests/expected/questionnaire_small_constructs.csv and
# tests/expected/questionnaire_small_tests.csv.  R 4.2.2, psych 2.2.9.
suppressMessages(library(psych))
dir <- "tests/fixtures/small"
p <- read.csv(file.path(dir, "responses_parents.csv"), check.names = FALSE,
              colClasses = "character")
map <- read.csv(file.path(dir, "mapping_parents.csv"), colClasses = "character")
for (i in seq_len(nrow(map)))
  if (map$target[i] != "-") names(p)[names(p) == map$column[i]] <- map$target[i]
w <- read.csv(file.path(dir, "responses_workers.csv"), colClasses = "character")
num <- function(x) { x <- suppressWarnings(as.numeric(x)); x[x == 8] <- NA; x }
likert <- list(QP = c("ECOUTE1", "ECOUTE2", "ISOL1", "ISOL2"),
               QW = c("MANDAT1", "MANDAT2", "ECOUTE1"))
d <- list(QP = p, QW = w)
for (ins in names(d)) for (it in likert[[ins]]) d[[ins]][[it]] <- num(d[[ins]][[it]])
d$QP$ISOL2 <- 6 - d$QP$ISOL2                       # reverse-coded item
constructs <- list(QP = list(ECOUTE = c("ECOUTE1", "ECOUTE2"), ISOL = c("ISOL1", "ISOL2")),
                   QW = list(ECOUTE = "ECOUTE1", MANDAT = c("MANDAT1", "MANDAT2")))
score <- function(df, items) {                     # mean of answered items,
  m <- as.matrix(df[, items, drop = FALSE])        # at least half answered
  ok <- rowSums(!is.na(m)) >= ceiling(0.5 * length(items))
  s <- rowMeans(m, na.rm = TRUE); s[!ok] <- NA; s
}
f <- function(x) ifelse(is.na(x), "", sprintf("%.15g", x))
out <- NULL
scores <- list()
for (ins in names(constructs)) for (cn in names(constructs[[ins]])) {
  items <- constructs[[ins]][[cn]]
  s <- score(d[[ins]], items); scores[[paste(ins, cn)]] <- s
  s <- s[!is.na(s)]
  ci <- t.test(s)$conf.int
  q <- quantile(s, c(0.5, 0.25, 0.75))
  a <- c(NA, NA, NA, NA)
  if (length(items) >= 2) {
    m <- na.omit(as.matrix(d[[ins]][, items]))
    r <- psych::alpha(m, check.keys = FALSE, warnings = FALSE)
    fe <- psych:::alpha.ci(r$total$raw_alpha, nrow(m), length(items))
    a <- c(r$total$raw_alpha, r$total$std.alpha, unlist(fe$lower.ci), unlist(fe$upper.ci))
  }
  out <- rbind(out, data.frame(instrument_id = ins, construct = cn, mean = f(mean(s)),
    ci_low = f(ci[1]), ci_high = f(ci[2]), sd = f(sd(s)), median = f(q[1]), q1 = f(q[2]),
    q3 = f(q[3]), alpha = f(a[1]), alpha_std = f(a[2]), alpha_ci_low = f(a[3]),
    alpha_ci_high = f(a[4])))
}
write.csv(out, "tests/expected/questionnaire_small_constructs.csv", row.names = FALSE,
          quote = FALSE, na = "")
source("tests/expected/fisher_rule.R")
chi <- function(x, g) {                            # chisq or Fisher on the observed levels
  # at most 19 respondents: the stage enumerates every table, p exact
  t <- indep_test(table(g, x), mc_tol = FALSE); c(t$statistic, t$df, t$p, t$v, t$p_tol)
}
kw <- function(x, g) {
  ok <- !is.na(x) & !is.na(g); r <- kruskal.test(x[ok], factor(g[ok]))
  c(unname(r$statistic), unname(r$parameter), r$p.value, unname(r$statistic) / (sum(ok) - 1), NA)
}
tests <- NULL
add <- function(family, target, ins, v)
  tests <<- rbind(tests, data.frame(family = family, target = target, instrument_id = ins,
                                    statistic = v[1], df = v[2], p = v[3], effect = v[4],
                                    p_tol = v[5]))
add("items_by_group", "ECOUTE1", "",
    chi(c(d$QP$ECOUTE1, d$QW$ECOUTE1), rep(c("QP", "QW"), c(nrow(d$QP), nrow(d$QW)))))
add("constructs_by_group", "ECOUTE", "",
    kw(c(scores[["QP ECOUTE"]], scores[["QW ECOUTE"]]),
       rep(c("QP", "QW"), c(nrow(d$QP), nrow(d$QW)))))
yes <- function(x) as.numeric(x)
for (it in c("ECOUTE1", "ECOUTE2", "ISOL1", "ISOL2"))
  add("items_by_region", it, "QP", chi(d$QP[[it]], d$QP$region))
add("items_by_region", "AIDE", "QP", chi(yes(d$QP$AIDE), d$QP$region))
for (cn in c("ECOUTE", "ISOL")) add("constructs_by_region", cn, "QP", kw(scores[[paste("QP", cn)]], d$QP$region))
for (it in c("MANDAT1", "MANDAT2", "ECOUTE1"))
  add("items_by_region", it, "QW", chi(d$QW[[it]], d$QW$region))
for (cn in c("ECOUTE", "MANDAT")) add("constructs_by_region", cn, "QW", kw(scores[[paste("QW", cn)]], d$QW$region))
tests$p_adjusted <- ave(tests$p, tests$family, FUN = function(p) p.adjust(p, "holm"))
tests$p_adjusted_tol <- ave(tests$p_tol, tests$family, FUN = padj_tol)
for (col in c("statistic", "df", "p", "effect", "p_adjusted", "p_tol", "p_adjusted_tol"))
  tests[[col]] <- f(tests[[col]])
write.csv(tests, "tests/expected/questionnaire_small_tests.csv", row.names = FALSE, quote = FALSE)
