# distance.R — Levenshtein distances for tests/unit/test_convergence.c
# (pv_cv_distance: the closest indicator ids of an unknown one).
# Tool: R's utils::adist (generalized Levenshtein, costs 1, on bytes).
# Command, from the repository root:
#   Rscript tests/expected/distance.R > tests/expected/distance.csv
a <- c("kitten", "flaw", "", "abc", "q_score_QP_ECOUT", "q_score_QW_ECOUTE1",
       "families_isolated", "referrals_headline", "intention", "x")
b <- c("sitting", "lawn", "abc", "abc", "q_score_QP_ECOUTE", "q_positive_QW_ECOUTE1",
       "families_isolated_region_06", "referals_headline", "execution", "")
d <- diag(adist(a, b, useBytes = TRUE))
write.csv(data.frame(a = a, b = b, distance = d), stdout(), row.names = FALSE, quote = FALSE)
