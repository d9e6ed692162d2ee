# participation_mentoring.R — the participation indicators of the second
# model (tests/fixtures/mentoring: sites, youths, mentor matches), by R
# alone from the raw files: counts, shares and Wilson 95 % intervals
# (prop.test without continuity correction).  The fixture's threshold is 1,
# so nothing is suppressed.
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
out <- do.call(rbind, rows)
num <- function(v) ifelse(is.na(v), "", sprintf("%.15g", v))
for (c in c("n", "value", "ci_low", "ci_high")) out[[c]] <- num(out[[c]])
write.csv(out, "tests/expected/participation_mentoring.csv", row.names = FALSE, quote = FALSE)
