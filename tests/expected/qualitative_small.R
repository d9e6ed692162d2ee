# Expected qualitative statistics of the small fixture (tests/fixtures/small),
# from its raw files by R alone: the reference coding (first coder listed
# per excerpt), roll-up along the codebook hierarchy, shares of sessions
# with prop.test(correct = FALSE) intervals, co-occurrence and Jaccard.
# Regenerate (from the repository root):
#   Rscript tests/expected/qualitative_small.R
# Writes tests/expected/qualitative_small_{codes,groups,cooc}.csv.  R 4.2.2.
dir <- "tests/fixtures/small"
rd <- function(f) read.csv(file.path(dir, f), colClasses = "character", na.strings = character(0))
cb <- rd("codebook.csv"); se <- rd("sessions.csv"); ex <- rd("excerpts.csv"); co <- rd("codings.csv")
ref <- tapply(co$coder, factor(co$excerpt_id, levels = unique(co$excerpt_id)), function(x) x[1])
co_ref <- co[co$coder == ref[co$excerpt_id], ]
ancestors <- function(code) { out <- code
  while (cb$parent[cb$code == code] != "") { code <- cb$parent[cb$code == code]; out <- c(out, code) }
  out }
rolled <- do.call(rbind, lapply(seq_len(nrow(co_ref)), function(i)
  data.frame(excerpt_id = co_ref$excerpt_id[i], code = ancestors(co_ref$code[i]))))
rolled <- unique(rolled)
rolled$session_id <- ex$session_id[match(rolled$excerpt_id, ex$excerpt_id)]
f <- function(x) ifelse(is.na(x), "", sprintf("%.15g", x))
ci <- function(x, n) if (n == 0) c(NA, NA) else suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int
codes <- do.call(rbind, lapply(cb$code, function(c) {
  s <- length(unique(rolled$session_id[rolled$code == c])); n <- nrow(se); k <- ci(s, n)
  data.frame(code = c, excerpts = sum(co_ref$code == c), excerpts_rolled = sum(rolled$code == c),
             sessions = s, sessions_total = n, share = f(s / n), ci_low = f(k[1]), ci_high = f(k[2])) }))
write.csv(codes, "tests/expected/qualitative_small_codes.csv", row.names = FALSE, quote = FALSE)
groups <- NULL
for (c in cb$code) for (g in unique(se$group)) {
  ss <- se$session_id[se$group == g]; s <- length(unique(rolled$session_id[rolled$code == c & rolled$session_id %in% ss]))
  k <- ci(s, length(ss))
  groups <- rbind(groups, data.frame(code = c, group = g, sessions = s, sessions_total = length(ss),
                                     share = f(s / length(ss)), ci_low = f(k[1]), ci_high = f(k[2]))) }
write.csv(groups, "tests/expected/qualitative_small_groups.csv", row.names = FALSE, quote = FALSE)
cooc <- NULL
for (i in seq_len(nrow(cb))) for (j in seq_len(nrow(cb))) if (i < j) {
  a <- unique(co_ref$excerpt_id[co_ref$code == cb$code[i]]); b <- unique(co_ref$excerpt_id[co_ref$code == cb$code[j]])
  ab <- length(intersect(a, b)); if (ab == 0) next
  cooc <- rbind(cooc, data.frame(code_a = cb$code[i], code_b = cb$code[j], n_a = length(a), n_b = length(b),
                                 n_ab = ab, jaccard = f(ab / (length(a) + length(b) - ab)))) }
write.csv(cooc, "tests/expected/qualitative_small_cooc.csv", row.names = FALSE, quote = FALSE)
# Intercoder agreement on excerpts coded by two coders or more: did each
# coder apply the code (1/0; NA when the coder did not code the excerpt)?
# Cohen's kappa of each pair with psych::cohen.kappa (its SE and the
# clipped 95 % bounds), pooled over all codes ("(all)") and per code.
suppressMessages(library(psych))
coders <- unique(co$coder)
ncod <- tapply(co$coder, co$excerpt_id, function(x) length(unique(x)))
units <- names(ncod)[ncod >= 2]
units <- ex$excerpt_id[ex$excerpt_id %in% units]        # file order
pres <- function(code, coder) sapply(units, function(u) {
  if (!any(co$excerpt_id == u & co$coder == coder)) NA
  else as.numeric(any(co$excerpt_id == u & co$coder == coder & co$code == code)) })
kap <- NULL
for (code in c("(all)", cb$code)) {
  for (i in seq_along(coders)) for (j in seq_along(coders)) if (i < j) {
    codes <- if (code == "(all)") cb$code else code
    a <- unlist(lapply(codes, pres, coder = coders[i])); b <- unlist(lapply(codes, pres, coder = coders[j]))
    ok <- !is.na(a) & !is.na(b); if (!any(ok)) next
    tab <- table(factor(a[ok], 0:1), factor(b[ok], 0:1))
    r <- suppressWarnings(psych::cohen.kappa(matrix(tab, 2)))
    k <- r$kappa; v <- r$var.kappa
    if (is.nan(k) || !is.finite(k)) next                 # undefined: not compared
    kap <- rbind(kap, data.frame(code = code, measure = "cohen_kappa",
      coders = paste(coders[i], coders[j], sep = "-"), units = sum(ok), value = f(k),
      se = f(sqrt(v)), ci_low = f(r$confid[1, 1]), ci_high = f(r$confid[1, 3])))
  }
}
write.csv(kap, "tests/expected/qualitative_small_kappa.csv", row.names = FALSE, quote = FALSE)
