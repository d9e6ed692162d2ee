# Expected values for the agreement kernels on spans of text (pipeline/agree.c:
# pv_segment_match, pv_char_agreement, pv_frequency_agreement, pv_kripp_ualpha;
# tested by tests/unit/test_agree_spans.c).
#
# Regenerate (from the repository root):
#   Rscript tests/expected/agree_spans.R
# Writes, in tests/expected/ (prints nothing on success):
#   inputs   agree_spans_data.csv     set,coder,code,start,end — spans
#                                     [start, end), 0-based, end exclusive
#            agree_spans_sets.csv     set,begin,length,min_overlap — each set's
#                                     continuum [0, length) (or the begin
#                                     below) and overlap threshold
#   expected agree_spans_segment.csv  set,code,n1,n2,matched,only1,only2,
#                                     percent,holsti
#            agree_spans_char.csv     set,code,both,only1,only2,neither,
#                                     percent,kappa,se,ci_low,ci_high
#            agree_spans_ualpha.csv   set,code,d_o,d_e,alpha (code "(all)":
#                                     alpha over the codes)
#            agree_spans_freq.csv     set,units,units_used,agreement (+ the
#                                     counts in agree_spans_freq_data.csv)
#
# Tools: R 4.2.2 (Debian 12 r-base-core), psych 2.2.9 (r-cran-psych).  No R or
# Python package on Debian 12 computes these units, so each is written here
# from its published definition, by a route other than the C code's:
#   characters (NVivo's coding comparison, "How is the Kappa coefficient
#     calculated?" of its help): one 0/1 vector per coder and character of
#     the source; percent = mean(v1 == v2); Cohen's kappa, its SE and 95 %
#     bounds from psych::cohen.kappa on table(v1, v2).
#   segments (MAXQDA's "code overlap at segments"; Holsti 1969 as ATLAS.ti
#     gives it): every pair of segments of the two coders with the same code
#     whose overlap |s1 ∩ s2| / |s1 ∪ s2| reaches the threshold; pairs taken
#     greedily by decreasing overlap, then coder 1's index, then coder 2's,
#     each segment matched once; percent = a / (a + b + c), Holsti
#     = 2a / (n1 + n2).
#   frequency (MAXQDA's "code frequency in the document"): over units where
#     either coder applied the code, the share with equal counts.
#   unitizing alpha: Krippendorff, K. (2004), Content Analysis, 2nd ed.,
#     section 11.6: the per-category ‹c›α_u and α_u over categories, here
#     from run-length encodings of each coder's 0/1 character vector (the C
#     code walks sorted units instead).  Set "k2004" is the book's worked
#     example (p. 254: a continuum from 150 to 450, two observers i and j,
#     categories c and k) as DKPro Statistics' test Krippendorff2004Test
#     transcribes it; the values printed there (and asserted by DKPro):
#     D_o(c) = .0144, D_e(c) = .0532, ‹c›α_u = .7286, D_o(k) = 0,
#     D_e(k) = .0490, ‹k›α_u = 1, α_u = .8591.  This script stops if its
#     values differ from those by more than the printed precision (α_u:
#     .8591 is 1 − .0144/(.0532 + .0490) from the rounded parts; unrounded
#     it is .8587, so the check allows 5e-4).
# Numbers are printed with sprintf("%.15g"); NA for undefined.

suppressPackageStartupMessages(library(psych))
dir <- "tests/expected"
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.15g", v))

sets <- data.frame(
  set = c("own", "greedy", "k2004", "nested"),
  begin = c(0, 0, 150, 0),
  length = c(200, 150, 300, 60),
  min_overlap = c(0.9, 0.5, 0.9, 0.9))
spans <- rbind(
  # two coders marking their own passages: boundaries a few characters
  # apart, a passage only one coder saw, code B at the threshold (18/20 = 0.9)
  data.frame(set = "own", coder = 1, code = "A", start = c(10, 60, 120), end = c(50, 90, 160)),
  data.frame(set = "own", coder = 2, code = "A", start = c(12, 95, 118), end = c(50, 110, 160)),
  data.frame(set = "own", coder = 1, code = "B", start = 0, end = 20),
  data.frame(set = "own", coder = 2, code = "B", start = c(0, 170), end = c(18, 200)),
  # coder 1's first segment overlaps both of coder 2's (0.6 each); its
  # second overlaps coder 2's second better (60/70): that pair is taken
  # first, then the first pair
  data.frame(set = "greedy", coder = 1, code = "A", start = c(0, 40), end = c(100, 110)),
  data.frame(set = "greedy", coder = 2, code = "A", start = c(0, 40), end = c(60, 100)),
  # Krippendorff (2004, p. 254): observer i = 1, j = 2
  data.frame(set = "k2004", coder = 1, code = "c", start = c(225, 370), end = c(295, 400)),
  data.frame(set = "k2004", coder = 2, code = "c", start = c(220, 355, 400), end = c(300, 375, 420)),
  data.frame(set = "k2004", coder = 1, code = "k", start = c(180, 300), end = c(240, 350)),
  data.frame(set = "k2004", coder = 2, code = "k", start = c(180, 300), end = c(240, 350)),
  # one coder's spans of a code overlap (counted once for characters)
  data.frame(set = "nested", coder = 1, code = "A", start = c(5, 10), end = c(30, 20)),
  data.frame(set = "nested", coder = 2, code = "A", start = 10, end = 40))
write.csv(spans, file.path(dir, "agree_spans_data.csv"), row.names = FALSE, quote = FALSE)
write.csv(sets, file.path(dir, "agree_spans_sets.csv"), row.names = FALSE, quote = FALSE)

# characters [begin, begin + length) as 0/1 of one coder and code
chars <- function(sp, begin, length) {
  v <- integer(length)
  for (r in seq_len(nrow(sp))) v[(sp$start[r] - begin + 1):(sp$end[r] - begin)] <- 1L
  v
}

# ---------------------------------------------------------------- segments
seg <- NULL
for (s in c("own", "greedy", "nested")) {
  thr <- sets$min_overlap[sets$set == s]
  for (code in unique(spans$code[spans$set == s])) {
    a <- spans[spans$set == s & spans$coder == 1 & spans$code == code, ]
    b <- spans[spans$set == s & spans$coder == 2 & spans$code == code, ]
    pairs <- NULL
    for (i in seq_len(nrow(a))) for (j in seq_len(nrow(b))) {
      inter <- min(a$end[i], b$end[j]) - max(a$start[i], b$start[j])
      uni <- max(a$end[i], b$end[j]) - min(a$start[i], b$start[j])
      if (inter > 0 && inter / uni >= thr) pairs <- rbind(pairs, data.frame(i = i, j = j, o = inter / uni))
    }
    matched <- 0; ui <- c(); uj <- c()
    if (!is.null(pairs)) {
      pairs <- pairs[order(-pairs$o, pairs$i, pairs$j), ]
      for (r in seq_len(nrow(pairs)))
        if (!(pairs$i[r] %in% ui) && !(pairs$j[r] %in% uj)) {
          ui <- c(ui, pairs$i[r]); uj <- c(uj, pairs$j[r]); matched <- matched + 1 }
    }
    n1 <- nrow(a); n2 <- nrow(b)
    seg <- rbind(seg, data.frame(set = s, code = code, n1 = n1, n2 = n2, matched = matched,
                                 only1 = n1 - matched, only2 = n2 - matched,
                                 percent = fmt(matched / (n1 + n2 - matched)),
                                 holsti = fmt(2 * matched / (n1 + n2))))
  }
}
write.csv(seg, file.path(dir, "agree_spans_segment.csv"), row.names = FALSE, quote = FALSE)

# ---------------------------------------------------------------- characters
chr <- NULL
for (s in c("own", "greedy", "nested", "k2004")) {
  begin <- sets$begin[sets$set == s]; len <- sets$length[sets$set == s]
  for (code in unique(spans$code[spans$set == s])) {
    v1 <- chars(spans[spans$set == s & spans$coder == 1 & spans$code == code, ], begin, len)
    v2 <- chars(spans[spans$set == s & spans$coder == 2 & spans$code == code, ], begin, len)
    tab <- table(factor(v1, 1:0), factor(v2, 1:0))   # row/column 1: coded
    r <- suppressWarnings(suppressMessages(cohen.kappa(matrix(tab, 2))))
    chr <- rbind(chr, data.frame(set = s, code = code, both = tab[1, 1], only1 = tab[1, 2],
                                 only2 = tab[2, 1], neither = tab[2, 2],
                                 percent = fmt(mean(v1 == v2)), kappa = fmt(r$kappa),
                                 se = fmt(sqrt(r$var.kappa)), ci_low = fmt(r$confid[1, 1]),
                                 ci_high = fmt(r$confid[1, 3])))
  }
}
write.csv(chr, file.path(dir, "agree_spans_char.csv"), row.names = FALSE, quote = FALSE)

# ---------------------------------------------------------------- unitizing alpha
# sections of one observer's 0/1 vector: begin, length, unit (1) or gap (0)
sections <- function(v, begin) {
  r <- rle(v); e <- cumsum(r$lengths); b <- e - r$lengths
  data.frame(b = b + begin, l = r$lengths, unit = r$values)
}
ualpha_cat <- function(vs, begin, L) {
  m <- length(vs); secs <- lapply(vs, sections, begin = begin)
  sum_d <- 0
  for (i in 1:(m - 1)) for (j in (i + 1):m) {
    g <- secs[[i]]; h <- secs[[j]]
    for (x in seq_len(nrow(g))) for (y in seq_len(nrow(h))) {
      bg <- g$b[x]; eg <- bg + g$l[x]; bh <- h$b[y]; eh <- bh + h$l[y]
      if (!(bg < eh && bh < eg)) next
      d <- 0
      if (g$unit[x] == 1 && h$unit[y] == 1) d <- (bg - bh)^2 + (eg - eh)^2
      else if (g$unit[x] == 1 && bh <= bg && eg <= eh) d <- g$l[x]^2
      else if (h$unit[y] == 1 && bg <= bh && eh <= eg) d <- h$l[y]^2
      sum_d <- sum_d + d
    }
  }
  d_o <- 2 * sum_d / (m * (m - 1) * L^2)
  all <- do.call(rbind, secs); units <- all$l[all$unit == 1]; gaps <- all$l[all$unit == 0]
  N <- length(units)
  if (N == 0) return(c(d_o, 0))
  num <- sum(sapply(units, function(l) (N - 1) * (2 * l^3 - 3 * l^2 + l) / 3 +
                                       l^2 * sum((gaps - l + 1)[gaps >= l])))
  d_e <- (2 / L) * num / (m * L * (m * L - 1) - sum(units * (units - 1)))
  c(d_o, d_e)
}
ua <- NULL
for (s in c("k2004", "own")) {
  begin <- sets$begin[sets$set == s]; L <- sets$length[sets$set == s]
  so <- 0; se <- 0
  for (code in sort(unique(spans$code[spans$set == s]))) {
    vs <- lapply(1:2, function(k) chars(spans[spans$set == s & spans$coder == k & spans$code == code, ], begin, L))
    de <- ualpha_cat(vs, begin, L)
    so <- so + de[1]; se <- se + de[2]
    ua <- rbind(ua, data.frame(set = s, code = code, d_o = fmt(de[1]), d_e = fmt(de[2]),
                               alpha = fmt(1 - de[1] / de[2])))
  }
  ua <- rbind(ua, data.frame(set = s, code = "(all)", d_o = fmt(so), d_e = fmt(se),
                             alpha = fmt(1 - so / se)))
}
k <- ua[ua$set == "k2004", ]; v <- function(code, col) as.numeric(k[[col]][k$code == code])
stopifnot(abs(v("c", "d_o") - .0144) < 5e-5, abs(v("c", "d_e") - .0532) < 5e-5,
          abs(v("c", "alpha") - .7286) < 5e-5, v("k", "d_o") == 0,
          abs(v("k", "d_e") - .0490) < 5e-5, v("k", "alpha") == 1,
          abs(v("(all)", "alpha") - .8591) < 5e-4)
write.csv(ua, file.path(dir, "agree_spans_ualpha.csv"), row.names = FALSE, quote = FALSE)

# ---------------------------------------------------------------- frequency
fq <- data.frame(set = "docs", unit = 1:8,
                 f1 = c(2, 0, 1, 3, 0, 1, 0, 4),
                 f2 = c(2, 1, 1, 2, 0, 1, 0, 4))
write.csv(fq, file.path(dir, "agree_spans_freq_data.csv"), row.names = FALSE, quote = FALSE)
used <- fq$f1 > 0 | fq$f2 > 0
write.csv(data.frame(set = "docs", units = nrow(fq), units_used = sum(used),
                     agreement = fmt(mean(fq$f1[used] == fq$f2[used]))),
          file.path(dir, "agree_spans_freq.csv"), row.names = FALSE, quote = FALSE)
