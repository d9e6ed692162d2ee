# qtests.R — expected values of the Mann–Whitney, Spearman and p-value
# adjustment kernels (pipeline/qstats.h; tests/unit/test_qstats.c).
#
# Command, from the repository root (R 4.2.2, stats; psych 2.2.9 for alpha):
#     Rscript tests/expected/qtests.R
# writes tests/expected/mannwhitney_data.csv, mannwhitney.csv,
# spearman_data.csv, spearman.csv, padjust_more.csv, alpha_pairwise_data.csv
# and alpha_pairwise.csv; prints nothing.
# Numbers %.15g; NA for not available.
f <- function(x) ifelse(is.na(x), "NA", sprintf("%.15g", x))

# ---- Mann–Whitney: R's wilcox.test(x0, x1, exact = FALSE, correct = TRUE)
sets <- list(
  # ?wilcox.test, two-sample example: permeability constants of the human
  # chorioamnion (Hollander & Wolfe 1973, p. 69); R prints W = 35 (exact
  # p-value 0.2544, without exact = FALSE)
  hollander = list(c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46),
                   c(1.15, 0.88, 0.90, 0.74, 1.21)),
  # Likert answers, many ties, a NA
  likert = list(c(1, 2, 2, 3, 3, 3, 4, 4, 5, 5, NA, 2), c(3, 4, 4, 5, 5, 5, 2, 4, 3)),
  # W below its mean (continuity correction the other way)
  low = list(c(1, 2, 3, 4, 5, 6), c(4, 7, 8, 9, 10, 11, 12)))
rows <- NULL; data <- NULL
for (k in names(sets)) {
  x0 <- sets[[k]][[1]]; x1 <- sets[[k]][[2]]
  data <- rbind(data, data.frame(set_id = k, group = c(rep(0, length(x0)), rep(1, length(x1))),
                                 value = f(c(x0, x1))))
  t <- suppressWarnings(wilcox.test(x0, x1, exact = FALSE, correct = TRUE))
  a <- x0[!is.na(x0)]; b <- x1[!is.na(x1)]; n0 <- length(a); n1 <- length(b); n <- n0 + n1
  # z by the formula R's wilcox.test uses (it does not return it): checked
  # against its p-value below
  r <- rank(c(a, b)); W <- sum(r[seq_len(n0)]) - n0 * (n0 + 1) / 2
  tt <- table(r); d <- W - n0 * n1 / 2
  sigma <- sqrt((n0 * n1 / 12) * ((n + 1) - sum(tt^3 - tt) / (n * (n - 1))))
  z <- (d - sign(d) * 0.5) / sigma
  stopifnot(abs(W - t$statistic) < 1e-12, abs(2 * min(pnorm(z), pnorm(z, lower.tail = FALSE)) - t$p.value) < 1e-15)
  rows <- rbind(rows, c(k, n0, n1, f(t$statistic), f(z), f(t$p.value), f(z / sqrt(n))))
}
colnames(rows) <- c("set_id", "n0", "n1", "statistic", "z", "p_value", "r")
write.csv(data, "tests/expected/mannwhitney_data.csv", row.names = FALSE, quote = FALSE)
write.csv(rows, "tests/expected/mannwhitney.csv", row.names = FALSE, quote = FALSE)

# ---- Spearman: R's cor.test(x, y, method = "spearman", exact = FALSE)
sp <- list(
  # ?cor.test example (Hollander & Wolfe 1973, p. 187): rho = 0.6
  hollander = list(c(44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1),
                   c(2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8)),
  # construct scores with ties and a NA in each
  scores = list(c(3.5, 4, 4, 2.5, 3, 5, 4.5, 3, NA, 2, 3.5, 4),
                c(3, 4.5, 4, 2, 3.5, 4.5, 5, 2.5, 4, NA, 3, 3)),
  # a negative correlation
  negative = list(c(1, 2, 3, 4, 5, 6, 7, 8), c(8, 6, 7, 5, 3, 4, 2, 1)))
rows <- NULL; data <- NULL
for (k in names(sp)) {
  x <- sp[[k]][[1]]; y <- sp[[k]][[2]]
  data <- rbind(data, data.frame(set_id = k, x = f(x), y = f(y)))
  t <- suppressWarnings(cor.test(x, y, method = "spearman", exact = FALSE))
  ok <- complete.cases(x, y); n <- sum(ok); rho <- unname(t$estimate)
  tstat <- rho * sqrt((n - 2) / (1 - rho^2))
  stopifnot(abs(2 * pt(abs(tstat), n - 2, lower.tail = FALSE) - t$p.value) < 1e-15)
  rows <- rbind(rows, c(k, n, f(rho), f(tstat), f(t$p.value), f(t$statistic)))
}
colnames(rows) <- c("set_id", "n", "rho", "t", "p_value", "r_S")
write.csv(data, "tests/expected/spearman_data.csv", row.names = FALSE, quote = FALSE)
write.csv(rows, "tests/expected/spearman.csv", row.names = FALSE, quote = FALSE)

# ---- p.adjust: Bonferroni and Hochberg on the families of padjust.csv
pa <- read.csv("tests/expected/padjust.csv")
out <- do.call(rbind, lapply(split(pa, factor(pa$family, levels = unique(pa$family))), function(d) {
  data.frame(family = d$family, i = d$i, p = f(d$p),
             bonferroni = f(p.adjust(d$p, "bonferroni")), hochberg = f(p.adjust(d$p, "hochberg")))
}))
write.csv(out, "tests/expected/padjust_more.csv", row.names = FALSE, quote = FALSE)

# ---- Cronbach's alpha, psych's default (use = "pairwise"): the 30 × 4
# matrix of alpha_data_likert.csv (qstats.R) with 6 answers removed, and the
# complete matrix (pairwise = listwise there).
x <- read.csv("tests/expected/alpha_data_likert.csv")
xm <- x; xm[cbind(c(1, 4, 9, 15, 22, 30), c(1, 2, 3, 4, 1, 3))] <- NA
write.csv(xm, "tests/expected/alpha_pairwise_data.csv", row.names = FALSE, quote = FALSE, na = "NA")
al <- do.call(rbind, lapply(list(missing = xm, complete = x), function(m) {
  a <- suppressWarnings(psych::alpha(m))
  c(f(a$total$raw_alpha), f(a$total$std.alpha))
}))
write.csv(data.frame(dataset = c("missing", "complete"), raw_alpha = al[, 1], std_alpha = al[, 2]),
          "tests/expected/alpha_pairwise.csv", row.names = FALSE, quote = FALSE)
