# bfi.R — the bfi fixture (tests/fixtures/bfi) and its expected values.
#
# Data: psych's `bfi` (Revelle, W., psych 2.2.9, Debian 12 `r-cran-psych`;
# 2 800 respondents of the SAPA project, 25 six-point personality items,
# gender, education, age).  psych is GPL (>= 2); the data set ships with it
# in Debian.  The fixture is a slice: the first 300 respondents, the
# Agreeableness (A1..A5) and Conscientiousness (C1..C5) items, gender,
# education and age, written unchanged (NA as an empty cell).
#
# Command, from the repository root (R 4.2.2, psych 2.2.9):
#     Rscript tests/expected/bfi.R
# writes tests/fixtures/bfi/responses_bfi.csv and
# tests/expected/bfi_{items,distribution,constructs}.csv; prints nothing.
# Numbers %.15g; NA for not available.
suppressPackageStartupMessages(library(psych))
data(bfi)
items <- c(paste0("A", 1:5), paste0("C", 1:5))
d <- bfi[1:300, c(items, "gender", "education", "age")]
resp <- data.frame(respondent_id = rownames(d), d, check.names = FALSE)
write.csv(resp, "tests/fixtures/bfi/responses_bfi.csv", row.names = FALSE, na = "", quote = FALSE)

f <- function(x) ifelse(is.na(x), "NA", sprintf("%.15g", x))
wilson <- function(x, n) { ci <- prop.test(x, n, correct = FALSE)$conf.int; c(x / n, ci[1], ci[2]) }

# Per item: n valid, mean, SD, type-7 quartiles, top box (5, 6) and bottom
# box (1, 2) as declared in the fixture's scales.csv, Wilson 95 % intervals.
rows <- lapply(items, function(i) {
  x <- d[[i]]; x <- x[!is.na(x)]; n <- length(x)
  q <- quantile(x, c(.5, .25, .75), type = 7)
  top <- wilson(sum(x >= 5), n); bot <- wilson(sum(x <= 2), n)
  c(i, n, f(mean(x)), f(sd(x)), f(q), sum(x >= 5), f(top), sum(x <= 2), f(bot))
})
out <- do.call(rbind, rows)
colnames(out) <- c("item_id", "n_valid", "mean", "sd", "median", "q1", "q3", "positive",
                   "positive_share", "ci_low", "ci_high", "negative", "negative_share",
                   "negative_ci_low", "negative_ci_high")
write.csv(data.frame(instrument_id = "BFI", out), "tests/expected/bfi_items.csv",
          row.names = FALSE, quote = FALSE)

# Distribution: count and share of each value 1..6.
dist <- do.call(rbind, lapply(items, function(i) {
  x <- d[[i]]; x <- x[!is.na(x)]; n <- length(x)
  do.call(rbind, lapply(1:6, function(v) { w <- wilson(sum(x == v), n)
    c(i, v, sum(x == v), f(w)) }))
}))
colnames(dist) <- c("item_id", "value", "count", "share", "ci_low", "ci_high")
write.csv(data.frame(instrument_id = "BFI", dist), "tests/expected/bfi_distribution.csv",
          row.names = FALSE, quote = FALSE)

# Constructs: reverse-keyed items (psych's bfi.keys: -A1, -C4, -C5) mirrored
# x' = 1 + 6 - x; score = mean of the items answered when at least half of
# them are (ceiling(5 * 0.5) = 3); mean with t 95 % interval, SD, quartiles.
# Cronbach's alpha listwise (complete cases) with psych::alpha, and psych's
# own default (pairwise covariances, all respondents) for the record.
keys <- list(AGREE = c("-A1", "A2", "A3", "A4", "A5"), CONSC = c("C1", "C2", "C3", "-C4", "-C5"))
con <- do.call(rbind, lapply(names(keys), function(k) {
  it <- sub("^-", "", keys[[k]]); rev <- grepl("^-", keys[[k]])
  x <- d[, it]; for (j in which(rev)) x[[j]] <- 7 - x[[j]]
  answered <- rowSums(!is.na(x))
  s <- ifelse(answered >= 3, rowMeans(x, na.rm = TRUE), NA); s <- s[!is.na(s)]
  tt <- t.test(s)$conf.int; q <- quantile(s, c(.5, .25, .75), type = 7)
  cc <- x[complete.cases(x), ]
  a <- psych::alpha(cc, check.keys = FALSE)
  fe <- a$feldt
  ap <- psych::alpha(x, check.keys = FALSE)  # pairwise (psych's default use)
  c(k, length(it), length(s), f(mean(s)), f(tt[1]), f(tt[2]), f(sd(s)), f(q), nrow(cc),
    f(a$total$raw_alpha), f(a$total$std.alpha), f(fe$lower.ci$raw_alpha), f(fe$upper.ci$raw_alpha),
    f(ap$total$raw_alpha), f(ap$total$std.alpha))
}))
colnames(con) <- c("construct", "n_items", "n_scored", "mean", "ci_low", "ci_high", "sd", "median",
                   "q1", "q3", "n_complete", "alpha", "alpha_std", "alpha_ci_low",
                   "alpha_ci_high", "alpha_pairwise", "alpha_std_pairwise")
write.csv(data.frame(instrument_id = "BFI", con), "tests/expected/bfi_constructs.csv",
          row.names = FALSE, quote = FALSE)

source("tests/expected/fisher_rule.R")
# Tests by respondent attribute (attributes.csv: gender, education), within
# the instrument; respondents without the attribute left out (education:
# 45 NA in this slice).  Items: chisq.test(correct = FALSE) of attribute x
# answer (all-zero rows and columns dropped), Cramér's V by formula.
# Constructs: wilcox.test(exact = FALSE, correct = TRUE) for two codes
# (gender; W of the first code, r = z/√n, z by the formula of qtests.R),
# kruskal.test for more (education), ε² = H/(n − 1).  p.adjust "holm"
# within each family.
scores <- lapply(names(keys), function(k) {
  it <- sub("^-", "", keys[[k]]); rev <- grepl("^-", keys[[k]])
  x <- d[, it]; for (j in which(rev)) x[[j]] <- 7 - x[[j]]
  ifelse(rowSums(!is.na(x)) >= 3, rowMeans(x, na.rm = TRUE), NA)
})
names(scores) <- names(keys)
# Mann–Whitney for two codes, Kruskal–Wallis for more, of s by g (NA left out).
rank_test <- function(s, g, family, target) {
  ok <- !is.na(s) & !is.na(g); lv <- sort(unique(g[ok]))
  if (length(lv) == 2) {
    a0 <- s[ok & g == lv[1]]; a1 <- s[ok & g == lv[2]]
    t <- wilcox.test(a0, a1, exact = FALSE, correct = TRUE)
    n0 <- length(a0); n1 <- length(a1); n <- n0 + n1
    rk <- rank(c(a0, a1)); tt <- table(rk); dd <- t$statistic - n0 * n1 / 2
    z <- (dd - sign(dd) * 0.5) / sqrt((n0 * n1 / 12) * ((n + 1) - sum(tt^3 - tt) / (n * (n - 1))))
    stopifnot(abs(2 * min(pnorm(z), pnorm(z, lower.tail = FALSE)) - t$p.value) < 1e-15)
    data.frame(family = family, target = target, test = "mannwhitney", n = n,
               statistic = t$statistic, df = NA, p = t$p.value, effect_size = z / sqrt(n),
               missing = sum(is.na(g)), p_tol = NA)
  } else {
    t <- kruskal.test(s[ok], factor(g[ok])); n <- sum(ok)
    data.frame(family = family, target = target, test = "kruskal", n = n,
               statistic = t$statistic, df = t$parameter, p = t$p.value,
               effect_size = t$statistic / (n - 1), missing = sum(is.na(g)), p_tol = NA)
  }
}
tests <- NULL
for (a in c("gender", "education")) {
  g <- d[[a]]
  fam <- NULL
  for (i in items) {
    tab <- table(factor(g), factor(d[[i]], levels = 1:6))
    tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
    t <- indep_test(tab)  # chi-square, or Fisher's test (fisher_rule.R)
    fam <- rbind(fam, data.frame(family = paste0("items_by_attribute_", a), target = i, test = t$test,
                                 n = sum(tab), statistic = t$statistic, df = t$df,
                                 p = t$p, effect_size = t$v,
                                 missing = sum(is.na(g)), p_tol = t$p_tol))
  }
  tests <- rbind(tests, transform(fam, p_adjusted = p.adjust(p, "holm"), p_adjusted_tol = padj_tol(p_tol)))
  # the same items, ordinal: rank tests (family items_ranks_by_attribute_*)
  fam <- NULL
  for (i in items) fam <- rbind(fam, rank_test(d[[i]], g, paste0("items_ranks_by_attribute_", a), i))
  tests <- rbind(tests, transform(fam, p_adjusted = p.adjust(p, "holm"), p_adjusted_tol = NA))
  fam <- NULL
  for (k in names(keys)) fam <- rbind(fam, rank_test(scores[[k]], g, paste0("constructs_by_attribute_", a), k))
  tests <- rbind(tests, transform(fam, p_adjusted = p.adjust(p, "holm"), p_adjusted_tol = NA))
}
tests$instrument_id <- "BFI"
for (c in c("statistic", "df", "p", "effect_size", "p_adjusted", "p_tol", "p_adjusted_tol"))
  tests[[c]] <- f(tests[[c]])
for (c in c("statistic", "df", "p_tol", "p_adjusted_tol"))  # Mann–Whitney has no df, Fisher
  tests[[c]][tests[[c]] == "NA"] <- ""                       # no statistic: empty, as the stage
write.csv(tests[, c("family", "target", "instrument_id", "test", "n", "statistic", "df", "p",
                    "p_adjusted", "effect_size", "missing", "p_tol", "p_adjusted_tol")],
          "tests/expected/bfi_tests.csv", row.names = FALSE, quote = FALSE)

# Respondents by attribute code, and without it (value NA -> empty).
att <- do.call(rbind, lapply(c("gender", "education"), function(a) {
  tb <- table(factor(d[[a]], levels = sort(unique(na.omit(d[[a]])))), useNA = "always")
  data.frame(instrument_id = "BFI", attribute = a,
             value = ifelse(is.na(names(tb)), "", names(tb)), respondents = as.vector(tb),
             share = f(as.vector(tb) / nrow(d)))
}))
write.csv(att, "tests/expected/bfi_attributes.csv", row.names = FALSE, quote = FALSE)

# Spearman correlation of the construct scores (respondents scored on both):
# cor.test(method = "spearman", exact = FALSE); one pair, so Holm leaves p.
t <- suppressWarnings(cor.test(scores$AGREE, scores$CONSC, method = "spearman", exact = FALSE))
n <- sum(complete.cases(scores$AGREE, scores$CONSC)); rho <- unname(t$estimate)
write.csv(data.frame(instrument_id = "BFI", construct_a = "AGREE", construct_b = "CONSC", n = n,
                     rho = f(rho), statistic = f(rho * sqrt((n - 2) / (1 - rho^2))), df = n - 2,
                     p = f(t$p.value), p_adjusted = f(p.adjust(t$p.value, "holm"))),
          "tests/expected/bfi_correlations.csv", row.names = FALSE, quote = FALSE)
