# mentoring_example.R — the headline indicators of the second example dataset
# (data/mentoring), by R alone from its raw files: the participation shares
# declared in data/mentoring/indicators.csv and the share of positive
# answers (5 or 6 on the six-point scale; 9 "don't know" and empty cells are
# not answers) of the four questionnaire items its triangulation map uses.
# Wilson 95 % intervals: prop.test(x, n, correct = FALSE).  The means it
# declares (age of youths, meetings per match and per closed match): mean(x)
# and the t 95 % interval t.test(x)$conf.int, checked against
# mean +- qt(0.975, n - 1) * sd(x) / sqrt(n).
# Run from the repository root:
#   Rscript tests/expected/mentoring_example.R > tests/expected/mentoring_example.csv
y <- read.csv("data/mentoring/youths.csv", colClasses = "character")
m <- read.csv("data/mentoring/matches.csv", colClasses = "character")
s <- read.csv("data/mentoring/sites.csv", colClasses = "character")
row <- function(id, x, n) {
  ci <- prop.test(x, n, correct = FALSE)$conf.int
  sprintf("%s,%d,%.17g,%.17g,%.17g", id, n, x / n, ci[1], ci[2])
}
out <- c("indicator,n,value,ci_low,ci_high",
  sprintf("sites,%d,%d,,", nrow(s), nrow(s)),
  sprintf("regions,%d,%d,,", length(unique(s$region)), length(unique(s$region))),
  sprintf("youths,%d,%d,,", nrow(y), nrow(y)),
  row("youths_early_teens", sum(as.integer(y$age) <= 13), nrow(y)),
  row("youths_school", sum(y$referred_by == "SCHOOL"), nrow(y)),
  sprintf("matches,%d,%d,,", nrow(m), nrow(m)),
  row("matches_adult", sum(m$mentor_type == "ADULT"), nrow(m)),
  row("matches_early_end", sum(m$status == "EARLY"), sum(m$status %in% c("PLANNED", "EARLY"))))
tmean <- function(id, x) {
  ci <- t.test(x)$conf.int
  stopifnot(abs(ci[2] - mean(x) - qt(0.975, length(x) - 1) * sd(x) / sqrt(length(x))) < 1e-12)
  sprintf("%s,%d,%.17g,%.17g,%.17g", id, length(x), mean(x), ci[1], ci[2])
}
meet <- as.integer(m$meetings)
out <- c(out, tmean("youths_mean_age", as.integer(y$age)), tmean("matches_meetings", meet),
         tmean("matches_meetings_closed", meet[m$status %in% c("PLANNED", "EARLY")]))
for (q in list(c("youths", "Q_YOUTHS", "Y_TRUST"), c("youths", "Q_YOUTHS", "Y_SCHOOL"),
               c("mentors", "Q_MENTORS", "M_BOND"), c("mentors", "Q_MENTORS", "M_STAFF"))) {
  r <- read.csv(sprintf("data/mentoring/responses_%s.csv", q[1]), colClasses = "character")
  v <- suppressWarnings(as.integer(r[[q[3]]]))
  v <- v[!is.na(v) & v >= 1 & v <= 6]
  out <- c(out, row(sprintf("q_positive_%s_%s", q[2], q[3]), sum(v >= 5), length(v)))
}
writeLines(out)
