# participation_mentoring.R — the participation indicators of the second
# model (tests/fixtures/mentoring: sites, youths, mentor matches), by R
# alone from the raw files: counts, shares and Wilson 95 % intervals
# (prop.test without continuity correction); means and their 95 % t
# intervals (t.test(x)$conf.int, mean(x), sd(x)), of the indicators and of
# the breakdowns' categories (participation_mentoring_means.csv).  The
# fixture's threshold is 1, so nothing is suppressed.
#   Rscript tests/expected/participation_mentoring.R   (from the repository root)
d <- "tests/fixtures/mentoring"
rd <- function(f) read.csv(file.path(d, f), colClasses = "character", encoding = "UTF-8")
sites <- rd("sites.csv"); youths <- rd("youths.csv"); matches <- rd("matches.csv")
youths$age <- as.integer(youths$age); matches$hours <- as.integer(matches$hours)
youths$region <- sites$region[match(youths$site_id, sites$site_id)]
matches$region <- youths$region[match(matches$youth_id, youths$youth_id)]
areas <- c("N", "S", "E"); kinds <- c("ONE", "GRP", "PEER")
rows <- list()
cnt <- function(id, k) rows[[length(rows) + 1]] <<- data.frame(indicator = id, n = k, value = k, ci_low = NA, ci_high = NA)
shr <- function(id, x, n) {
  ci <- prop.test(x, n, correct = FALSE)$conf.int
  rows[[length(rows) + 1]] <<- data.frame(indicator = id, n = n, value = x / n, ci_low = ci[1], ci_high = ci[2])
}
cnt("sites", nrow(sites))
for (a in areas) cnt(paste0("sites_area_", a), sum(sites$region == a))
cnt("areas", length(unique(sites$region)))
cnt("months", 6)  # January to June 2024
cnt("youths", nrow(youths))
school <- youths$in_school == "yes"
shr("youths_in_school", sum(school), nrow(youths))
shr("youths_older", sum(youths$age >= 16), nrow(youths))
shr("youths_north_east_school", sum(school & youths$region %in% c("N", "E")), sum(school))
cnt("matches", nrow(matches))
shr("matches_long", sum(matches$hours >= 10 & matches$kind != "PEER"), nrow(matches))
for (a in areas) shr(paste0("youths_in_school_area_", a), sum(school & youths$region == a), sum(youths$region == a))
bands <- list(c(12, 15), c(16, 18), c(19, 21))
inband <- sapply(bands, function(b) sum(youths$age >= b[1] & youths$age <= b[2]))
for (i in seq_along(bands)) shr(sprintf("youths_age_%d-%d", bands[[i]][1], bands[[i]][2]), inband[i], sum(inband))
for (k in kinds) shr(paste0("matches_kind_", k), sum(matches$kind == k), nrow(matches))
for (a in areas) shr(paste0("matches_area_", a), sum(matches$region == a), nrow(matches))
# means: n, mean, t interval; none for n = 0 (NaN) and no interval for
# n = 1 (t.test stops: not enough observations); for constant values
# t.test stops too ("data are essentially constant"): the pipeline's
# interval is then the mean itself, mean +- qt * sd / sqrt(n) with sd = 0
tci <- function(x) {
  n <- length(x)
  if (n == 0) return(c(NaN, NA, NA))
  if (n == 1) { stopifnot(inherits(try(t.test(x), silent = TRUE), "try-error")); return(c(mean(x), NA, NA)) }
  if (sd(x) == 0) {
    stopifnot(inherits(try(t.test(x), silent = TRUE), "try-error"))
    h <- qt(0.975, n - 1) * sd(x) / sqrt(n)
    return(c(mean(x), mean(x) - h, mean(x) + h))
  }
  ci <- t.test(x)$conf.int
  stopifnot(abs(ci[2] - mean(x) - qt(0.975, n - 1) * sd(x) / sqrt(n)) < 1e-12)
  c(mean(x), ci[1], ci[2])
}
mn <- function(id, x) {
  r <- tci(x)
  rows[[length(rows) + 1]] <<- data.frame(indicator = id, n = length(x), value = r[1], ci_low = r[2], ci_high = r[3])
}
matches$youth_age <- youths$age[match(matches$youth_id, youths$youth_id)]
mn("youths_mean_age", youths$age)
mn("youths_mean_age_school", youths$age[school])
mn("youths_mean_age_one", youths$age[youths$site_id == "S1" & youths$age == 18])
mn("youths_mean_age_none", youths$age[youths$age >= 22])
mn("youths_mean_age_same", youths$age[youths$age == 16])
mn("matches_mean_hours", matches$hours)
mn("matches_mean_hours_north", matches$hours[matches$region == "N"])
mn("matches_mean_youth_age", matches$youth_age[matches$kind != "PEER"])
out <- do.call(rbind, rows)
num <- function(v) ifelse(is.na(v), "", sprintf("%.15g", v))
for (c in c("n", "value", "ci_low", "ci_high")) out[[c]] <- num(out[[c]])
write.csv(out, "tests/expected/participation_mentoring.csv", row.names = FALSE, quote = FALSE)

# the breakdowns' means: per category and over every row counted (total)
mrows <- list()
bmean <- function(b, keys, cat, x) {
  for (k in c(keys, "total")) {
    v <- if (k == "total") x[cat %in% keys] else x[cat == k]
    r <- tci(v)
    mrows[[length(mrows) + 1]] <<- data.frame(breakdown = b, key = k, n = length(v), mean = r[1], ci_low = r[2], ci_high = r[3])
  }
}
bmean("monthly", sprintf("2024-%02d", 1:6), substr(youths$enrolled, 1, 7), youths$age)
bmean("area", areas, youths$region, youths$age)
bmean("site", sites$site_id, youths$site_id, youths$age)
band <- rep(NA, nrow(youths))
for (b in bands) band[youths$age >= b[1] & youths$age <= b[2]] <- sprintf("%d-%d", b[1], b[2])
bmean("age", sapply(bands, function(b) sprintf("%d-%d", b[1], b[2])), band, youths$age)
bmean("kind", kinds, matches$kind, matches$hours)
bmean("match_area", areas, matches$region, matches$hours)
mout <- do.call(rbind, mrows)
for (c in c("n", "mean", "ci_low", "ci_high")) mout[[c]] <- num(mout[[c]])
write.csv(mout, "tests/expected/participation_mentoring_means.csv", row.names = FALSE, quote = FALSE)
