# Expected questionnaire statistics of data/demo, computed by R alone from
# the raw files: instruments.csv, items.csv, scales.csv, the parents'
# LimeSurvey-style export through its mapping file, the workers' and
# managers' CSV, and the partners' SPSS file read with foreign::read.spss
# (user-missing values as NA) — independently of proxeval and ReadStat.
# Regenerate (from the repository root):
#   Rscript tests/expected/questionnaire_demo.R
# Writes tests/expected/questionnaire_demo_{items,constructs,tests}.csv.
# R 4.2.2, psych 2.2.9, foreign 0.8-84.
suppressMessages({ library(psych); library(foreign) })
dir <- "data/demo"
rd <- function(f) read.csv(file.path(dir, f), colClasses = "character", check.names = FALSE,
                           na.strings = character(0))  # "NA" is a code here (not applicable)
ins <- rd("instruments.csv"); items <- rd("items.csv"); scales <- rd("scales.csv")
scales$value <- as.numeric(scales$value)
load_responses <- function(i) {
  f <- ins$responses[i]
  if (grepl("\\.sav$", f)) {
    d <- suppressWarnings(read.spss(file.path(dir, f), to.data.frame = TRUE,
                                    use.value.labels = FALSE))
    d[] <- lapply(d, function(x) trimws(as.character(x)))
    d[is.na(d)] <- ""
  } else d <- rd(f)
  if (ins$mapping[i] != "") {
    m <- rd(ins$mapping[i])
    for (k in seq_len(nrow(m))) {
      if (m$target[k] == "-") d[[m$column[k]]] <- NULL
      else names(d)[names(d) == m$column[k]] <- m$target[k]
    }
  }
  d
}
valid <- function(x, scale) {                      # NA unless a non-missing scale value
  v <- suppressWarnings(as.numeric(x))
  ok <- scales$value[scales$scale_id == scale & scales$missing == ""]
  v[!(v %in% ok)] <- NA; v
}
f <- function(x) ifelse(is.na(x), "", sprintf("%.15g", x))
thr <- 5
it_out <- NULL; co_out <- NULL; data <- list(); sc <- list()
for (i in seq_len(nrow(ins))) {
  id <- ins$instrument_id[i]; d <- load_responses(i)
  its <- items[items$instrument_id == id, ]
  data[[id]] <- d
  for (j in seq_len(nrow(its))) {
    it <- its[j, ]; if (it$type %in% c("text")) next
    x <- if (it$type == "number") suppressWarnings(as.numeric(d[[it$item_id]])) else valid(d[[it$item_id]], it$scale)
    x <- x[!is.na(x)]; n <- length(x)
    q <- quantile(x, c(0.5, 0.25, 0.75))
    pos <- NA; lo <- NA; hi <- NA
    if (it$type %in% c("likert4", "likert5", "yesno")) {
      top <- if (it$type == "yesno") 1 else sort(scales$value[scales$scale_id == it$scale & scales$missing == ""], decreasing = TRUE)[1:2]
      k <- sum(x %in% top)
      if (!((k > 0 && k < thr) || (n - k > 0 && n - k < thr))) {
        ci <- prop.test(k, n, correct = FALSE)$conf.int; pos <- k / n; lo <- ci[1]; hi <- ci[2] }
    }
    it_out <- rbind(it_out, data.frame(instrument_id = id, item_id = it$item_id, n_valid = n,
      mean = f(mean(x)), sd = f(sd(x)), median = f(q[1]), q1 = f(q[2]), q3 = f(q[3]),
      positive_share = f(pos), ci_low = f(lo), ci_high = f(hi)))
  }
  lik <- its[its$type %in% c("likert4", "likert5") & its$construct != "", ]
  for (cn in unique(lik$construct)) {
    ci_ <- lik[lik$construct == cn, ]
    m <- sapply(seq_len(nrow(ci_)), function(j) {
      x <- valid(d[[ci_$item_id[j]]], ci_$scale[j])
      if (ci_$reverse[j] %in% c("oui", "yes", "1", "vrai", "true")) {
        r <- range(scales$value[scales$scale_id == ci_$scale[j] & scales$missing == ""]); x <- sum(r) - x }
      x })
    m <- matrix(m, ncol = nrow(ci_))
    ok <- rowSums(!is.na(m)) >= ceiling(0.5 * ncol(m))
    s <- rowMeans(m, na.rm = TRUE); s[!ok] <- NA
    sc[[paste(id, cn)]] <- s; data[[paste(id, "region")]] <- d$region
    s2 <- s[!is.na(s)]; tci <- t.test(s2)$conf.int; q <- quantile(s2, c(0.5, 0.25, 0.75))
    a <- rep(NA, 4)
    cc <- na.omit(m)
    if (ncol(m) >= 2 && nrow(cc) >= thr) {
      r <- psych::alpha(cc, check.keys = FALSE, warnings = FALSE)
      fe <- psych:::alpha.ci(r$total$raw_alpha, nrow(cc), ncol(cc))
      a <- c(r$total$raw_alpha, r$total$std.alpha, unlist(fe$lower.ci), unlist(fe$upper.ci)) }
    co_out <- rbind(co_out, data.frame(instrument_id = id, construct = cn, n_scored = length(s2),
      mean = f(mean(s2)), ci_low = f(tci[1]), ci_high = f(tci[2]), sd = f(sd(s2)), median = f(q[1]),
      q1 = f(q[2]), q3 = f(q[3]), n_complete = nrow(cc), alpha = f(a[1]), alpha_std = f(a[2]),
      alpha_ci_low = f(a[3]), alpha_ci_high = f(a[4])))
  }
}
write.csv(it_out, "tests/expected/questionnaire_demo_items.csv", row.names = FALSE, quote = FALSE)
write.csv(co_out, "tests/expected/questionnaire_demo_constructs.csv", row.names = FALSE, quote = FALSE)
# Between groups: the same item in several instruments; constructs scored in several.
# Chi-square, or Fisher's test when the expected counts are small (fisher_rule.R).
source("tests/expected/fisher_rule.R")
chi <- function(x, g) { ok <- !is.na(x); tab <- table(g[ok], x[ok])
  tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
  t <- indep_test(tab); c(t$statistic, t$df, t$p, t$v, t$p_tol) }
kw <- function(x, g) { ok <- !is.na(x) & !is.na(g) & g != ""; r <- kruskal.test(x[ok], factor(g[ok]))
  c(unname(r$statistic), unname(r$parameter), r$p.value, unname(r$statistic) / (sum(ok) - 1), NA) }
tests <- NULL
add <- function(family, target, instr, v) tests <<- rbind(tests, data.frame(family = family,
  target = target, instrument_id = instr, statistic = v[1], df = v[2], p = v[3], effect = v[4],
  p_tol = v[5]))
cat_items <- items[items$type %in% c("likert4", "likert5", "yesno", "choice"), ]
for (iid in unique(cat_items$item_id)) {
  rows <- cat_items[cat_items$item_id == iid, ]
  if (nrow(rows) < 2 || length(unique(rows$scale)) > 1) next
  x <- NULL; g <- NULL
  for (k in seq_len(nrow(rows))) { v <- valid(data[[rows$instrument_id[k]]][[iid]], rows$scale[k])
    x <- c(x, v); g <- c(g, rep(rows$instrument_id[k], length(v))) }
  add("items_by_group", iid, "", chi(x, g))
}
for (cn in unique(items$construct[items$construct != ""])) {
  keys <- grep(paste0(" ", cn, "$"), names(sc), value = TRUE)
  if (length(keys) < 2) next
  x <- unlist(sc[keys]); g <- rep(keys, sapply(sc[keys], length))
  add("constructs_by_group", cn, "", kw(x, g))
}
for (id in ins$instrument_id) {
  reg <- data[[id]]$region; if (is.null(reg)) next
  its <- cat_items[cat_items$instrument_id == id, ]
  for (j in seq_len(nrow(its))) add("items_by_region", its$item_id[j], id,
                                    chi(valid(data[[id]][[its$item_id[j]]], its$scale[j]), reg))
  for (cn in unique(items$construct[items$instrument_id == id & items$construct != ""]))
    if (!is.null(sc[[paste(id, cn)]])) add("constructs_by_region", cn, id, kw(sc[[paste(id, cn)]], reg))
}
tests$p_adjusted <- ave(tests$p, tests$family, FUN = function(p) p.adjust(p, "holm"))
tests$p_adjusted_tol <- ave(tests$p_tol, tests$family, FUN = padj_tol)
for (col in c("statistic", "df", "p", "effect", "p_adjusted", "p_tol", "p_adjusted_tol"))
  tests[[col]] <- f(tests[[col]])
write.csv(tests, "tests/expected/questionnaire_demo_tests.csv", row.names = FALSE, quote = FALSE)
