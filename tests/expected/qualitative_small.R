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
# Intercoder agreement (docs/METHODS.md), Cohen's kappa of each pair of
# coders with psych::cohen.kappa (its SE and the clipped 95 % bounds), for
# three units:
# - excerpt: a coder answers for an excerpt they coded, and (agreement_scope
#   session, the default) for every excerpt of a session they coded: there
#   an excerpt they left counts as "no code" (0), not as missing; units are
#   the excerpts two coders or more answer for;
# - presence: did the coder apply the code anywhere in the session (NA when
#   they coded nothing in it); units are the sessions two coders or more
#   coded;
# - character: every character of each session both coders coded (the
#   session as long as its last coded character), coded with the code by
#   each coder or not, summed over those sessions (NVivo's coding
#   comparison, pooled over sources).
# "(all)" pools the codes someone applied on the units (a code nobody used
# would agree everywhere); codes nobody applied have no row.
suppressMessages(library(psych))
coders <- unique(co$coder)
co$session_id <- ex$session_id[match(co$excerpt_id, ex$excerpt_id)]
in_session <- function(s, k) any(co$session_id == s & co$coder == k)
answers <- function(e, k) any(co$excerpt_id == e & co$coder == k) ||
  in_session(ex$session_id[ex$excerpt_id == e], k)
applied_e <- function(e, k, code) as.numeric(any(co$excerpt_id == e & co$coder == k & co$code == code))
units_e <- ex$excerpt_id[sapply(ex$excerpt_id, function(e) sum(sapply(coders, answers, e = e)) >= 2)]
val_e <- function(code, k) sapply(units_e, function(e) if (answers(e, k)) applied_e(e, k, code) else NA)
units_p <- se$session_id[sapply(se$session_id, function(s) sum(sapply(coders, in_session, s = s)) >= 2)]
val_p <- function(code, k) sapply(units_p, function(s)
  if (!in_session(s, k)) NA else as.numeric(any(co$session_id == s & co$coder == k & co$code == code)))
kap <- NULL
add <- function(unit, code, pair, a, b) {
  ok <- !is.na(a) & !is.na(b); if (!any(ok)) return()
  tab <- table(factor(a[ok], 1:0), factor(b[ok], 1:0))
  r <- suppressWarnings(psych::cohen.kappa(matrix(tab, 2)))
  if (is.nan(r$kappa) || !is.finite(r$kappa)) return()     # undefined: not compared
  # psych's form of the variance leaves rounding noise (2.6e-17, an SE of
  # 5e-9) where it is 0 (kappa 0, one coder never coded the code, on
  # thousands of characters); the C kernel takes such a residue as 0 (it
  # left 5e-9 too until the tables were written at full precision)
  v <- if (abs(r$var.kappa) < 1e-15) 0 else r$var.kappa
  z <- qnorm(0.975)
  kap <<- rbind(kap, data.frame(unit = unit, code = code, session_id = "", measure = "cohen_kappa",
    coders = pair, units = sum(ok), value = f(r$kappa), se = f(sqrt(v)),
    ci_low = f(if (v == 0) r$kappa else r$confid[1, 1]),
    ci_high = f(if (v == 0) r$kappa else r$confid[1, 3])))
}
for (unit in c("excerpt", "presence")) {
  val <- if (unit == "excerpt") val_e else val_p
  applied <- cb$code[sapply(cb$code, function(c) any(sapply(coders, function(k) any(val(c, k) %in% 1))))]
  for (code in c("(all)", applied)) {
    codes <- if (code == "(all)") applied else code
    for (i in seq_along(coders)) for (j in seq_along(coders)) if (i < j)
      add(unit, code, paste(coders[i], coders[j], sep = "-"),
          unlist(lapply(codes, val, k = coders[i])), unlist(lapply(codes, val, k = coders[j])))
  }
}
ex$start <- as.integer(ex$start); ex$end <- as.integer(ex$end)
chars <- function(s, k, code) {                     # 0/1 per character of session s
  v <- integer(max(ex$end[ex$session_id == s]))
  for (e in unique(co$excerpt_id[co$session_id == s & co$coder == k & co$code == code]))
    v[(ex$start[ex$excerpt_id == e] + 1):ex$end[ex$excerpt_id == e]] <- 1L
  v
}
for (i in seq_along(coders)) for (j in seq_along(coders)) if (i < j) {
  both <- se$session_id[sapply(se$session_id, function(s) in_session(s, coders[i]) && in_session(s, coders[j]))]
  used <- cb$code[sapply(cb$code, function(c) any(co$code == c & co$coder %in% coders[c(i, j)] & co$session_id %in% both))]
  for (code in c("(all)", used)) {
    codes <- if (code == "(all)") used else code
    a <- unlist(lapply(codes, function(c) unlist(lapply(both, chars, k = coders[i], code = c))))
    b <- unlist(lapply(codes, function(c) unlist(lapply(both, chars, k = coders[j], code = c))))
    add("character", code, paste(coders[i], coders[j], sep = "-"), a, b)
  }
}
write.csv(kap, "tests/expected/qualitative_small_kappa.csv", row.names = FALSE, quote = FALSE)
