# Expected values for the intercoder agreement kernels (pipeline/agree.c,
# tested by tests/unit/test_agree.c), part 2 of 2: Python.  Reads the input
# files written by agree.R (run that first).
#
# Regenerate (from the repository root, in this order):
#   Rscript tests/expected/agree.R
#   /usr/bin/python3 tests/expected/agree.py
# (Debian's /usr/bin/python3, not a pyenv shim: the packages are Debian's.)
# This script writes, in tests/expected/ (it prints nothing on success):
#   agree_cohen_statsmodels.csv  statsmodels cohens_kappa on
#                                agree_cohen_tables.csv
#   agree_fleiss.csv             statsmodels fleiss_kappa and NLTK's multi-pi
#                                on agree_fleiss_tables.csv
#   agree_kripp.csv              NLTK AnnotationTask.alpha() and .avg_Ao() on
#                                agree_kripp_{example,focus,complete}.csv
#   agree_fleiss_many_kappa.csv  statsmodels fleiss_kappa and NLTK's multi-pi
#                                on the units of agree_fleiss_many.csv
#                                answered by the most common number of
#                                coders (70 coders)
#
# Tools: Python 3.11.2 (Debian 12 python3), statsmodels 0.13.5 (Debian 12
#        python3-statsmodels), numpy 1.24.2, NLTK 3.8 (Debian 12 python3-nltk).
#        The PyPI package `krippendorff` is not reachable and has no Debian
#        package (apt-cache search krippendorff: nothing); R's irr is not in
#        Debian 12 either.
#   Cohen     statsmodels.stats.inter_rater.cohens_kappa(table): kappa,
#             std_kappa = sqrt(var_kappa), kappa_low, kappa_upp (kappa -/+
#             norm.isf(0.025) std_kappa, NOT set to -1 / +1 as psych does),
#             std_kappa0 (the standard error under H0: kappa = 0, Fleiss,
#             Cohen & Everitt 1969), z_value = kappa / std_kappa0,
#             pvalue_two_sided.  statsmodels writes var_kappa in terms of
#             kappa (term_a + term_b - term_c) / (1 - pe)^2 / N, which is
#             algebraically psych's var.kappa (same Fleiss, Cohen & Everitt
#             1969 variance; the largest difference on these tables is
#             printed by `--check`, see below).
#   Brennan-Prediger  statsmodels fleiss_kappa(t, method="randolph") on the
#             confusion table turned into an N x k subjects table (each
#             excerpt: its two coders' categories), i.e. (po - 1/k)/(1 - 1/k).
#   Fleiss    statsmodels fleiss_kappa(t, method="fleiss") and
#             method="randolph" (free-marginal, Randolph 2005); cross-check:
#             NLTK AnnotationTask.pi() (multi-pi, Fleiss' kappa for complete
#             data) on the table turned into coder/item/label triples, and
#             avg_Ao() (mean agreement P-bar).
#   Krippendorff  NLTK AnnotationTask(data).alpha() with its default
#             binary_distance (nominal); it leaves out items with fewer than
#             2 labels, as Krippendorff (2011) does.  avg_Ao(): mean over
#             coder pairs of the share of items both agree on; it divides by
#             all items, so it is percent agreement only when nothing is
#             missing (written for "complete" only, NA otherwise).
# Numbers are printed as "%.15g"; NA is "NA", NaN "NaN".  Coders, items and
# labels are given to NLTK as ints: it keeps them in sets, and with strings
# the hash seed would change its summation order and the last digit.
#
# `/usr/bin/python3 tests/expected/agree.py --check` also prints the largest
# |statsmodels - psych| difference of kappa, SE and interval per table.

import csv
import math
import sys
import warnings

import numpy as np
from nltk.metrics.agreement import AnnotationTask
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

DIR = "tests/expected/"


def fmt(v):
    if v is None:
        return "NA"
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    return "%.15g" % v


def read(name):
    with open(DIR + name, newline="") as f:
        return list(csv.DictReader(f))


def write(name, header, rows):
    with open(DIR + name, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def counts(s, shape):
    return np.array([float(v) for v in s.split(";")]).reshape(shape)


def subjects_table(tab):
    """k x k confusion table -> N x k table of coders per category."""
    k = tab.shape[0]
    rows = []
    for i in range(k):
        for j in range(k):
            for _ in range(int(tab[i, j])):
                r = [0] * k
                r[i] += 1
                r[j] += 1
                rows.append(r)
    return np.array(rows, float)


# ---------------------------------------------------------------- Cohen

cohen_rows = []
psych = {r["table_id"]: r for r in read("agree_cohen.csv")}
check = []
for t in read("agree_cohen_tables.csv"):
    k = int(t["k"])
    tab = counts(t["counts"], (k, k))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 0/0 on the degenerate table
        r = cohens_kappa(tab)
        bp = fleiss_kappa(subjects_table(tab), method="randolph")
    vals = [r.kappa, r.std_kappa, r.kappa_low, r.kappa_upp, r.std_kappa0,
            r.z_value, r.pvalue_two_sided, bp]
    vals = [float(v) for v in vals]
    cohen_rows.append([t["table_id"]] + [fmt(v) for v in vals])
    p = psych[t["table_id"]]
    d = [abs(vals[0] - float(p["kappa"])), abs(vals[1] - float(p["se"])),
         abs(vals[7] - float(p["bp_kappa"]))]
    check.append((t["table_id"], d, vals[2:4], (p["ci_low"], p["ci_high"])))
write("agree_cohen_statsmodels.csv",
      ["table_id", "kappa", "std_kappa", "kappa_low", "kappa_upp",
       "std_kappa0", "z_value", "pvalue_two_sided", "bp_randolph"], cohen_rows)

# ---------------------------------------------------------------- Fleiss

fleiss_rows = []
for t in read("agree_fleiss_tables.csv"):
    n, k = int(t["subjects"]), int(t["categories"])
    tab = counts(t["counts"], (n, k))
    raters = int(tab[0].sum())
    triples = []
    for i in range(n):
        slot = 0
        for j in range(k):
            for _ in range(int(tab[i, j])):
                triples.append((slot, i, j))
                slot += 1
    task = AnnotationTask(triples)
    fleiss_rows.append([t["table_id"], str(n), str(k), str(raters),
                        fmt(float(fleiss_kappa(tab, method="fleiss"))),
                        fmt(float(fleiss_kappa(tab, method="randolph"))),
                        fmt(float(task.pi())), fmt(float(task.avg_Ao()))])
write("agree_fleiss.csv",
      ["table_id", "subjects", "categories", "raters", "kappa_fleiss",
       "kappa_randolph", "nltk_pi", "nltk_avg_ao"], fleiss_rows)

# ---------------------------------------------------------------- Fleiss, many coders

# Units x coders (70 coders, 0/1, NA missing): the number of values per
# unit, the most common one among units with >= 3 values (this data has no
# tie: asserted), the units with that number turned into a subjects x
# categories table by statsmodels' aggregate_raters.
rows = read("agree_fleiss_many.csv")
coders = [c for c in rows[0].keys() if c != "unit"]
vals = [[None if r[c] == "NA" else int(r[c]) for c in coders] for r in rows]
per_unit = [sum(v is not None for v in u) for u in vals]
tally = {}
for m in per_unit:
    if m >= 3:
        tally[m] = tally.get(m, 0) + 1
top = max(tally.values())
assert list(tally.values()).count(top) == 1, "tie in the most common number"
best = [m for m, n in tally.items() if n == top][0]
kept = [u for u, m in zip(vals, per_unit) if m == best]
tab, cats = aggregate_raters(np.array(kept, int), n_cat=2)
triples = [(k, i, v) for i, u in enumerate(kept) for k, v in enumerate(u)]
write("agree_fleiss_many_kappa.csv",
      ["dataset", "raters", "subjects", "kappa_fleiss", "kappa_randolph",
       "nltk_pi"],
      [["many", str(best), str(len(kept)),
        fmt(float(fleiss_kappa(tab, method="fleiss"))),
        fmt(float(fleiss_kappa(tab, method="randolph"))),
        fmt(float(AnnotationTask(triples).pi()))]])

# ---------------------------------------------------------------- Krippendorff

kripp_rows = []
for ds in ["example", "focus", "complete"]:
    rows = read("agree_kripp_%s.csv" % ds)
    coders = [c for c in rows[0].keys() if c != "unit"]
    triples = [(ci, int(r["unit"]), int(r[c])) for r in rows
               for ci, c in enumerate(coders) if r[c] != "NA"]
    task = AnnotationTask(triples)
    complete = all(r[c] != "NA" for r in rows for c in coders)
    kripp_rows.append([ds, fmt(float(task.alpha())),
                       fmt(float(task.avg_Ao())) if complete else "NA"])
write("agree_kripp.csv", ["dataset", "alpha_nltk", "avg_ao_nltk"], kripp_rows)

if "--check" in sys.argv:
    for tid, d, sm_ci, ps_ci in check:
        print("%-9s |dkappa| %.3g  |dse| %.3g  |dbp| %.3g  statsmodels CI %s  psych CI %s"
              % (tid, d[0], d[1], d[2], [fmt(v) for v in sm_ci], list(ps_ci)))
