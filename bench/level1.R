# bench/level1.R — the first-level work of proxeval in R, for `make bench`.
#
#   Rscript bench/level1.R DATASET
#
# A yardstick, not an expectation: what an analyst would write with
# data.table and psych to do what ingest + participation + questionnaire do
# on the parts that grow with the data.  Reads the participation tables and
# the CSV questionnaires from the raw files; checks the ids (unique), the
# references (children and referrals of kept families), the codes (lists of
# codes.csv) and the dates (inside the period); counts the breakdowns with
# Wilson intervals (prop.test's formula, as docs/METHODS.md says); draws the
# cluster bootstrap of families (config.csv's stability_replicates, default
# 1000, each family with its children and referrals) recomputing the shares;
# and Cronbach's alpha per construct with psych::alpha.  Prints a summary
# line; writes nothing.  Not done here (so R's side is lighter than
# proxeval's): small-cell suppression, the SPSS file, the focus groups,
# writing the clean copy and the tables.
suppressMessages({ library(data.table); library(psych) })
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[1] else "data/demo"
rd <- function(f) fread(file.path(dir, f), colClasses = "character", encoding = "UTF-8",
                        na.strings = NULL)
cfg <- rd("config.csv"); setkey(cfg, key)
getc <- function(k, d) if (k %in% cfg$key) cfg[k]$value else d
p0 <- as.IDate(getc("period_start", "")); p1 <- as.IDate(getc("period_end", ""))
young <- as.integer(getc("young_age_max", "5"))
B <- as.integer(getc("stability_replicates", "1000"))
headline <- strsplit(getc("headline_destinations", ""), ";")[[1]]
codes <- rd("codes.csv")
inlist <- function(x, l) x %chin% codes[list == l]$code

ter <- rd("territories.csv")
ter <- ter[inlist(region, "region") & inlist(carrier, "carrier") & !duplicated(territory_id)]
fam <- rd("families.csv")
fam[, d := as.IDate(first_contact)]
fam <- fam[!duplicated(family_id) & territory_id %chin% ter$territory_id & !is.na(d) &
           d >= p0 & d <= p1 & isolated %chin% c("oui", "non", "yes", "no", "1", "0") &
           inlist(reached_by, "reach")]
fam[, iso := isolated %chin% c("oui", "yes", "1")]
chi <- rd("children.csv")
chi[, age := as.integer(age)]
chi <- chi[!duplicated(child_id) & family_id %chin% fam$family_id & !is.na(age) & age >= 0 &
           age <= 17]
ref <- rd("referrals.csv")
ref[, d := as.IDate(date)]
ref <- ref[!duplicated(referral_id) & family_id %chin% fam$family_id & !is.na(d) & d >= p0 &
           d <= p1 & inlist(destination, "destination") & inlist(need, "need")]

wilson <- function(x, n, z = qnorm(0.975)) {
  x <- as.numeric(x); n <- as.numeric(n)
  c <- (x + z^2 / 2) / (n + z^2)
  h <- z * sqrt(x * (n - x) / n + z^2 / 4) / (n + z^2)
  list(p = x / n, lo = pmax(0, c - h), hi = pmin(1, c + h))
}
fam <- merge(fam, ter[, .(territory_id, region, carrier)], by = "territory_id")
fam[, month := format(d, "%Y-%m")]
chi <- merge(chi, fam[, .(family_id)], by = "family_id")
chi[, band := cut(age, c(-1, 2, 5, 11, 17), labels = c("0-2", "3-5", "6-11", "12-17"))]
tabs <- list(
  monthly = fam[, .(x = sum(iso), n = .N), by = month],
  region = fam[, .(x = sum(iso), n = .N), by = region],
  carrier = fam[, .(x = sum(iso), n = .N), by = carrier],
  territory = fam[, .(x = sum(iso), n = .N), by = territory_id],
  age = chi[, .(x = .N), by = band][, n := sum(x)],
  reach = fam[, .(x = .N), by = reached_by][, n := sum(x)],
  destination = ref[, .(x = .N), by = destination][, n := sum(x)],
  need = ref[, .(x = .N), by = need][, n := sum(x)])
for (t in tabs) t[, c("p", "lo", "hi") := wilson(x, n)]

# Cluster bootstrap: resample families; children and referrals follow.
fam[, fi := .I]
nch <- chi[, .N, by = family_id][fam, on = "family_id"][, fifelse(is.na(N), 0L, N)]
nyo <- chi[age <= young, .N, by = family_id][fam, on = "family_id"][, fifelse(is.na(N), 0L, N)]
nre <- ref[, .N, by = family_id][fam, on = "family_id"][, fifelse(is.na(N), 0L, N)]
nhe <- ref[destination %chin% headline, .N, by = family_id][fam, on = "family_id"][
  , fifelse(is.na(N), 0L, N)]
reg <- as.integer(factor(fam$region)); car <- as.integer(factor(fam$carrier))
rea <- as.integer(factor(fam$reached_by))
share_by <- function(g, iso, k) tabulate(g[iso], k) / tabulate(g, k)
set.seed(20250331)
rep <- vector("list", B)
for (b in seq_len(B)) {
  s <- sample.int(nrow(fam), replace = TRUE)
  iso <- fam$iso[s]
  rep[[b]] <- c(children = sum(nch[s]), young = sum(nyo[s]), referrals = sum(nre[s]),
                headline = sum(nhe[s]) / sum(nre[s]),
                share_by(reg[s], iso, max(reg)), share_by(car[s], iso, max(car)),
                tabulate(rea[s], max(rea)) / length(s))
}
rep <- do.call(rbind, rep)

# Questionnaires: alpha per construct of each CSV response file without a
# mapping (the parents' export and the SPSS file need their own readers).
ins <- rd("instruments.csv"); items <- rd("items.csv")
alphas <- c()
for (i in seq_len(nrow(ins))) {
  if (!grepl("\\.csv$", ins$responses[i]) || ins$mapping[i] != "") next
  r <- rd(ins$responses[i])
  it <- items[instrument_id == ins$instrument_id[i] & construct != ""]
  for (k in unique(it$construct)) {
    cols <- intersect(it[construct == k]$item_id, names(r))
    if (length(cols) < 2) next
    m <- r[, lapply(.SD, function(v) suppressWarnings(as.numeric(v))), .SDcols = cols]
    a <- suppressWarnings(suppressMessages(
      psych::alpha(as.data.frame(m), check.keys = FALSE, warnings = FALSE)))
    alphas[k] <- a$total$raw_alpha
  }
}
cat(sprintf("level1.R: %d families, %d children, %d referrals, %d replicates, %d alphas\n",
            nrow(fam), nrow(chi), nrow(ref), nrow(rep), length(alphas)))
