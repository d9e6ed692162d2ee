#!/usr/bin/env python3
"""disclosure_attack.py -- try to recover every hidden cell from what is
published beside it.  Independent of the C code: Python 3 standard library
only, reading nothing but the published CSV files.

    python3 tests/disclosure_attack.py OUT FIGDIR

OUT is a run's output folder (OUT/level1, OUT/level2); FIGDIR the figures
folder (its *.csv).  Public knowledge taken from the run's resolved
configuration OUT/clean/config.csv (the method's parameters: the small-cell
threshold, the age bands, the headline destinations) and from
OUT/clean/territories.csv (the list of sites with their region and carrier,
which a real evaluation publishes).  Nothing else of OUT/clean is read.

A hidden cell is an empty field that a `suppressed` column names (or a
count of questionnaire_distribution.csv, a running total of
participation_cumulative.csv).  Its unknown value is an integer: in
[1, threshold - 1] when the mark says `primary` (the mark itself tells that
much), otherwise in [0, the largest total it belongs to].

Attacks (all at once: every hidden cell is an unknown, every published
number a constraint on the unknowns):
  - additive relations of each table: rows to their totals, columns to the
    total row; per-item distributions to n_valid, the positive answers to
    the positive count;
  - the same quantity in several tables: the total rows of the family
    tables and the headline, referrals by destination and by need, children
    by age band and the headline (bands covering 0 .. max_child_age), young
    children as the sum of the bands up to young_age_max, headline
    referrals as the sum of the headline destinations, territories nested in
    regions and carrier types, running totals as sums of months;
  - printed shares and means, read as intervals of the precision they are
    printed with (full precision since issue 12: the shortest digits that
    read back to the double, so an interval of about 1e-12, float slack
    included; with 6 decimals it was 1e-6): share = count / denominator,
    mean = sum of values / n;
  - statistics that are not sums, checked on every candidate distribution
    by exact enumeration: SD (n - 1), median and quartiles (type 7), the
    Wilson interval of the positive share, the chi-square statistic of an
    item compared between groups (questionnaire_tests.csv); for a construct
    whose score is exactly a function of its items' answers (one item, or
    every scored respondent answered every item), the construct's mean, and
    for one item its SD and quartiles;
  - the indicator tables (level1/indicators_*.csv, level2
    convergence_evidence.csv): value and n of each indicator tied to the cell
    it comes from;
  - every figure CSV: a value a figure shows must be shown by its source
    row (the table captions.csv names); a value its source row hides is
    recovered.
Bounds are tightened by interval propagation; then each connected group of
unknowns is enumerated exactly (depth-first, integer values).  A cell is
recovered when exactly one value remains.  The test fails when one is.

Not attempted: differencing two runs or two versions of the data; external
knowledge of individuals; the bootstrap replicate files (they resample, an
approximate not an exact channel); the region tables behind the
items_by_region and constructs_by_region tests (not published); Cronbach's
alpha, alpha if deleted and item-rest correlations (they combine item
covariances, not published); construct scores with partly answered
constructs (the score is a mean of a varying number of items: no exact
relation with the item statistics); the 2-decimal texts of the joint
display; the algorithm's own choices (e.g. that a complementary cell is
non-zero when it could be).
"""
import csv
import math
import os
import sys
from itertools import product

EPS = 1e-12                # full-precision values: float slack only (5e-7 + 1e-9 at 6 decimals)
REL = 1e-12                # a statistic recomputed here by another algorithm (SD, chi-square)
NODE_BUDGET = 3_000_000    # enumeration nodes per group before giving up


def read(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(s):
    return float(s) if s not in ("", None) else None


class Problem:
    """Integer unknowns with bounds, linear constraints lo <= sum a*x + c <= hi,
    and non-linear checks on groups of unknowns."""

    def __init__(self):
        self.lo, self.hi, self.why = {}, {}, {}
        self.lin = []      # (dict var -> coef, lo, hi)  constants folded in
        self.checks = []   # (vars tuple, fn(values dict) -> bool, label)

    def var(self, name, lo, hi, why):
        if name not in self.lo:
            self.lo[name], self.hi[name], self.why[name] = lo, hi, why
        else:
            self.lo[name] = max(self.lo[name], lo)
            self.hi[name] = min(self.hi[name], hi)
        return name

    def add(self, terms, lo, hi):
        """terms: list of (coef, int | var name).  lo <= sum <= hi."""
        coef, const = {}, 0.0
        for a, t in terms:
            if t is None:
                return  # an unknown that is not a count (not published, not hidden)
            if isinstance(t, str):
                coef[t] = coef.get(t, 0.0) + a
            else:
                const += a * t
        coef = {k: v for k, v in coef.items() if v != 0}
        if coef:
            self.lin.append((coef, lo - const, hi - const))

    def eq(self, terms_a, terms_b):
        """sum(terms_a) == sum(terms_b)"""
        self.add(list(terms_a) + [(-a, t) for a, t in terms_b], 0, 0)

    def check(self, vars_, fn, label):
        vs = tuple(v for v in vars_ if isinstance(v, str))
        if vs:
            self.checks.append((vs, fn, label))

    # --- interval propagation -----------------------------------------
    def propagate(self, lo, hi, cons, limit=200):
        for _ in range(limit):
            changed = False
            for coef, clo, chi in cons:
                mins = sum(a * (lo[v] if a > 0 else hi[v]) for v, a in coef.items())
                maxs = sum(a * (hi[v] if a > 0 else lo[v]) for v, a in coef.items())
                if mins > chi + 1e-7 or maxs < clo - 1e-7:
                    return False
                for v, a in coef.items():
                    rmin = mins - a * (lo[v] if a > 0 else hi[v])
                    rmax = maxs - a * (hi[v] if a > 0 else lo[v])
                    # clo - rmax <= a*x <= chi - rmin
                    if a > 0:
                        nl = math.ceil((clo - rmax) / a - 1e-7)
                        nh = math.floor((chi - rmin) / a + 1e-7)
                    else:
                        nl = math.ceil((chi - rmin) / a - 1e-7)
                        nh = math.floor((clo - rmax) / a + 1e-7)
                    if nl > lo[v]:
                        lo[v], changed = nl, True
                    if nh < hi[v]:
                        hi[v], changed = nh, True
                    if lo[v] > hi[v]:
                        return False
            if not changed:
                return True
        return True

    # --- groups and enumeration ---------------------------------------
    def groups(self):
        parent = {v: v for v in self.lo}

        def find(v):
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        for coef, _, _ in self.lin:
            vs = list(coef)
            for v in vs[1:]:
                parent[find(v)] = find(vs[0])
        for vs, _, _ in self.checks:
            for v in vs[1:]:
                parent[find(v)] = find(vs[0])
        g = {}
        for v in self.lo:
            g.setdefault(find(v), []).append(v)
        return list(g.values())

    def solve_group(self, vs):
        """Feasible values of each var of the group (None: not enumerated)."""
        vset = set(vs)
        cons = [c for c in self.lin if set(c[0]) & vset]
        checks = [c for c in self.checks if set(c[0]) & vset]
        lo = {v: self.lo[v] for v in vs}
        hi = {v: self.hi[v] for v in vs}
        if not self.propagate(lo, hi, cons):
            return {v: set() for v in vs}, lo, hi
        order = sorted(vs, key=lambda v: hi[v] - lo[v])
        seen = {v: set() for v in vs}
        budget = [NODE_BUDGET]
        # constraints and checks become decidable when their last var is set
        pos = {v: i for i, v in enumerate(order)}
        cons_at = [[] for _ in order]
        for c in cons:
            cons_at[max(pos[v] for v in c[0])].append(c)
        chk_at = [[] for _ in order]
        for c in checks:
            chk_at[max(pos[v] for v in c[0])].append(c)
        val = {}

        def partial_ok(upto):
            # every constraint with vars up to `upto` assigned: check with bounds
            for coef, clo, chi in cons:
                mn = mx = 0.0
                for v, a in coef.items():
                    if v in val:
                        mn += a * val[v]
                        mx += a * val[v]
                    else:
                        mn += a * (lo[v] if a > 0 else hi[v])
                        mx += a * (hi[v] if a > 0 else lo[v])
                if mn > chi + 1e-7 or mx < clo - 1e-7:
                    return False
            return True

        done = [False]

        def dfs(i):
            if done[0]:
                return
            budget[0] -= 1
            if budget[0] < 0:
                raise OverflowError
            if i == len(order):
                for v in vs:
                    seen[v].add(val[v])
                if all(len(s) > 1 for s in seen.values()):
                    done[0] = True  # nothing can be recovered in this group
                return
            v = order[i]
            for x in range(lo[v], hi[v] + 1):
                val[v] = x
                if partial_ok(i) and all(fn(val) for _, fn, _ in chk_at[i]):
                    dfs(i + 1)
                if done[0]:
                    break
            del val[v]

        try:
            dfs(0)
        except OverflowError:
            return None, lo, hi
        return seen, lo, hi


# ---------------------------------------------------------------------------
# Statistics (as METHODS.md defines them)

def expand(counts):
    """counts: list of (value, count) ascending -> cumulative helper"""
    return counts


def q7(counts, n, p):
    """type-7 quantile of the data given by (value, count) ascending"""
    h = (n - 1) * p
    j = math.floor(h)

    def at(k):  # k-th order statistic, 0-based
        c = 0
        for v, m in counts:
            c += m
            if k < c:
                return v
        return counts[-1][0]

    a = at(j)
    b = at(min(j + 1, n - 1))
    return a + (h - j) * (b - a)


def wilson(x, n, z=1.959963984540054):
    if n == 0:
        return None
    p = x / n
    centre = (x + z * z / 2) / (n + z * z)
    half = z * math.sqrt(x * (n - x) / n + z * z / 4) / (n + z * z)
    lo, hi = max(0.0, centre - half), min(1.0, centre + half)
    if x == 0:
        lo = 0.0
    if x == n:
        hi = 1.0
    return p, lo, hi


def close(a, b):
    return abs(a - b) <= EPS + REL * abs(b)


def chisq(tab):
    rows = [r for r in tab if sum(r) > 0]
    if not rows:
        return None
    cols = [j for j in range(len(rows[0])) if sum(r[j] for r in rows) > 0]
    rows = [[r[j] for j in cols] for r in rows]
    n = sum(map(sum, rows))
    if len(rows) < 2 or len(cols) < 2:
        return None
    rs = [sum(r) for r in rows]
    cs = [sum(r[j] for r in rows) for j in range(len(cols))]
    x = 0.0
    for i, r in enumerate(rows):
        for j, o in enumerate(r):
            e = rs[i] * cs[j] / n
            x += (o - e) ** 2 / e
    return x


# ---------------------------------------------------------------------------
# Reading the published tables

class Attack:
    def __init__(self, out, figdir):
        self.out, self.figdir = out, figdir
        self.P = Problem()
        cfg = {r["key"]: r["value"] for r in read(os.path.join(out, "clean", "config.csv"))}
        self.cfg = cfg
        self.thr = int(cfg.get("small_cell_threshold", "5") or 5)
        self.cells = {}      # (file, key, column) -> int | var | None
        self.direct = []     # recovered without solving: (var, how)

    def l1(self, name):
        return read(os.path.join(self.out, "level1", name))

    # a published count field: int, or a var when hidden, None when absent
    def field(self, file, key, col, value, sup, big):
        if value not in ("", None):
            return int(float(value))
        marks = dict(m.split(":", 1) for m in sup.split(";") if ":" in m) if sup else {}
        if col not in marks:
            return None
        lo, hi = (1, self.thr - 1) if marks[col] == "primary" else (0, big)
        return self.P.var(f"{file}[{key}].{col}", lo, hi, marks[col])

    # ------------------------------------------------------------ participation
    BREAKDOWNS = ["monthly", "region", "carrier", "territory", "age", "reach",
                  "destination", "need"]

    def participation(self):
        P, big = self.P, 10 ** 7
        T = {}
        for name in self.BREAKDOWNS:
            file = f"participation_{name}.csv"
            rows = self.l1(file)
            if not rows:
                continue
            cols = list(rows[0].keys())
            keycol = cols[0]
            counts = cols[cols.index("label_en") + 1: cols.index("share")]
            tab = {}
            for r in rows:
                k = r[keycol]
                for c in counts:
                    tab[k, c] = self.field(file, k, c, r[c], r.get("suppressed", ""), big)
                if r["share"] != "" and len(counts) > 1:   # isolated / total
                    self.share(tab[k, counts[0]], tab[k, "total"], float(r["share"]))
                elif r["share"] != "":
                    T.setdefault(name + "_shares", []).append((k, float(r["share"])))
            keys = [r[keycol] for r in rows if r[keycol] != "total"]
            T[name] = (tab, keys, counts)
            for k in keys + ["total"]:
                if "total" in counts:
                    P.eq([(1, tab[k, c]) for c in counts if c != "total"], [(1, tab[k, "total"])])
            for c in counts:
                P.eq([(1, tab[k, c]) for k in keys], [(1, tab["total", c])])
            for k, s in T.get(name + "_shares", []):
                self.share(tab[k, counts[0]], tab["total", counts[0]], s)
        fam = [n for n in ("monthly", "region", "carrier", "territory") if n in T]
        for a, b in zip(fam, fam[1:]):
            for c in ("isolated", "not_isolated", "total"):
                P.eq([(1, T[a][0]["total", c])], [(1, T[b][0]["total", c])])
        # territories nested in regions and carrier types (public list of sites)
        ter = read(os.path.join(self.out, "clean", "territories.csv"))
        if ter and "territory" in T:
            tt = T["territory"][0]
            for attr in ("region", "carrier"):
                if attr not in T:
                    continue
                for k in T[attr][1]:
                    members = [t["territory_id"] for t in ter if t[attr] == k]
                    for c in ("isolated", "not_isolated", "total"):
                        P.eq([(1, tt[m, c]) for m in members], [(1, T[attr][0][k, c])])
        # running totals
        cum = self.l1("participation_cumulative.csv")
        if cum and "monthly" in T:
            mt = T["monthly"][0]
            run_all, run_iso = [], []
            for r in cum:
                k = r["month"]
                run_all.append((1, mt[k, "total"]))
                run_iso.append((1, mt[k, "isolated"]))
                a = int(r["cumulative"]) if r["cumulative"] else P.var(
                    f"participation_cumulative.csv[{k}].cumulative", 0, big, "complementary")
                b = int(r["cumulative_isolated"]) if r["cumulative_isolated"] else P.var(
                    f"participation_cumulative.csv[{k}].cumulative_isolated", 0, big, "complementary")
                P.eq(list(run_all), [(1, a)])
                P.eq(list(run_iso), [(1, b)])
                if r["share_isolated"]:
                    self.share(b, a, float(r["share_isolated"]))
        # headline
        head = {r["indicator"]: r for r in self.l1("participation_headline.csv")}
        hv = {}
        for k, r in head.items():
            hv[k] = self.field("participation_headline.csv", k, "count", r["count"],
                               r["suppressed"], big)
            if r["share"]:
                self.share(hv[k], int(r["denominator"]), float(r["share"]), r)
        if "monthly" in T:
            mt = T["monthly"][0]
            P.eq([(1, hv.get("families"))], [(1, mt["total", "total"])])
            P.eq([(1, hv.get("families_isolated"))], [(1, mt["total", "isolated"])])
            if "reach" in T:
                P.eq([(1, T["reach"][0]["total", "families"])], [(1, mt["total", "total"])])
        for name in ("destination", "need"):
            if name in T:
                P.eq([(1, hv.get("referrals"))], [(1, T[name][0]["total", "referrals"])])
        if "destination" in T:
            heads = [d for d in self.cfg.get("headline_destinations", "").split(";") if d]
            dt = T["destination"][0]
            if heads and all((d, "referrals") in dt for d in heads):
                P.eq([(1, dt[d, "referrals"]) for d in heads], [(1, hv.get("referrals_headline"))])
        if "age" in T:
            at, keys, _ = T["age"]
            bands = [tuple(map(int, k.split("-"))) for k in keys]
            contiguous = bands and bands[0][0] == 0 and all(
                bands[i][1] + 1 == bands[i + 1][0] for i in range(len(bands) - 1))
            ymax = int(self.cfg.get("young_age_max", "-1") or -1)
            if contiguous and str(bands[-1][1]) == self.cfg.get("max_child_age"):
                P.eq([(1, hv.get("children"))], [(1, at["total", "children"])])
            if contiguous and any(b[1] == ymax for b in bands):
                P.eq([(1, at[k, "children"]) for k, b in zip(keys, bands) if b[1] <= ymax],
                     [(1, hv.get("children_young"))])
        self.T, self.hv = T, hv
        # indicator table
        for r in self.l1("indicators_participation.csv") + self.evidence("participation"):
            self.participation_indicator(r)

    def evidence(self, source):
        rows = read(os.path.join(self.out, "level2", "convergence_evidence.csv"))
        return [r for r in rows if r.get("source") == source]

    def participation_indicator(self, r):
        P, T, hv = self.P, self.T, self.hv
        ind, n, v = r["indicator"], num(r["n"]), num(r["value"])
        if ind in hv:
            h = self.l1_headline_row(ind)
            if h is None:
                return
            if r["unit"] == "count":
                if v is not None:
                    P.eq([(1, hv[ind])], [(1, int(v))])
                if n is not None:
                    P.eq([(1, hv[ind])], [(1, int(n))])
            elif v is not None and n is not None:
                self.share(hv[ind], int(n), v)
            return
        for prefix, name, col in (("families_isolated_region_", "region", "isolated"),
                                  ("families_isolated_carrier_", "carrier", "isolated"),
                                  ("children_age_", "age", "children"),
                                  ("families_reach_", "reach", "families"),
                                  ("referrals_destination_", "destination", "referrals"),
                                  ("referrals_need_", "need", "referrals")):
            if ind.startswith(prefix) and name in T:
                tab, keys, counts = T[name]
                k = ind[len(prefix):]
                if (k, col) not in tab:
                    return
                den = tab[k, "total"] if "total" in counts else tab["total", col]
                if n is not None:
                    P.eq([(1, den)], [(1, int(n))])
                if v is not None:
                    self.share(tab[k, col], den if n is None else int(n), v)
                return

    def l1_headline_row(self, ind):
        for r in self.l1("participation_headline.csv"):
            if r["indicator"] == ind:
                return r
        return None

    def share(self, x, n, s, row=None):
        """x / n printed as s (to EPS): linear when n is known"""
        if x is None or n is None:
            return
        if isinstance(n, int):
            if n > 0:
                self.P.add([(1, x)], (s - EPS) * n, (s + EPS) * n)
        else:  # x - (s +- eps) n within 0
            self.P.add([(1, x), (-(s + EPS), n)], -1e18, 0)
            self.P.add([(1, x), (-(s - EPS), n)], 0, 1e18)

    # ------------------------------------------------------------ questionnaires
    def questionnaire(self):
        P = self.P
        items = self.l1("questionnaire_items.csv")
        dist = self.l1("questionnaire_distribution.csv")
        self.items = {(r["instrument_id"], r["item_id"]): r for r in items}
        D = {}
        for r in dist:
            D.setdefault((r["instrument_id"], r["item_id"]), []).append(r)
        self.dist = {}
        for key, rows in D.items():
            it = self.items.get(key)
            nv = int(it["n_valid"]) if it and it["n_valid"] else None
            cells = []
            for r in rows:
                if r["count"] != "":
                    c = int(r["count"])
                else:
                    mark = r["suppressed"].split(":")[-1]
                    lo, hi = (1, self.thr - 1) if mark == "primary" else (0, nv if nv is not None else 10 ** 6)
                    c = P.var(f"questionnaire_distribution.csv[{key[0]}/{key[1]}/{r['value']}].count",
                              lo, hi, mark)
                cells.append((float(r["value"]), c))
                if r["share"] != "" and nv:
                    self.share(c, nv, float(r["share"]))
            self.dist[key] = cells
            if it is None:
                continue
            if nv is not None:
                P.eq([(1, c) for _, c in cells], [(1, nv)])
            self.item_stats(key, it, cells, nv)
        for r in self.l1("indicators_questionnaire.csv") + self.evidence("questionnaire"):
            if r["indicator"].startswith("q_positive_"):
                for key, it in self.items.items():
                    if r["indicator"] == f"q_positive_{key[0]}_{key[1]}" and key in self.dist:
                        n, v = num(r["n"]), num(r["value"])
                        if n is not None and v is not None:
                            self.share(self.positive_term(key), int(n), v)
        self.constructs()
        self.tests()

    def positive_cells(self, key):
        it = self.items[key]
        cells = self.dist[key]
        if it["type"] in ("likert4", "likert5"):
            return cells[-2:]
        if it["type"] == "yesno":
            return [c for c in cells if c[0] == 1]
        return []

    def positive_term(self, key):
        pc = self.positive_cells(key)
        if len(pc) == 1:
            return pc[0][1]
        name = self.P.var(f"questionnaire_items.csv[{key[0]}/{key[1]}].positive(sum)", 0, 10 ** 6,
                          "derived")
        self.P.eq([(1, c) for _, c in pc], [(1, name)])
        return name

    def item_stats(self, key, it, cells, nv, row_label="questionnaire_items.csv"):
        P = self.P
        if nv is None or nv == 0:
            return
        vs = [c for _, c in cells]
        mean = num(it.get("mean"))
        if mean is not None:
            P.add([(v, c) for v, c in cells], (mean - EPS) * nv, (mean + EPS) * nv)
        sd, med, q1, q3 = (num(it.get(k)) for k in ("sd", "median", "q1", "q3"))
        values = [v for v, _ in cells]

        def counts_of(val):
            return [(v, val[c] if isinstance(c, str) else c) for v, c in cells]

        if sd is not None and nv > 1:
            def f_sd(val, sd=sd):
                cs = counts_of(val)
                m = sum(v * c for v, c in cs) / nv
                ss = sum(c * (v - m) ** 2 for v, c in cs)
                return close(math.sqrt(max(ss, 0) / (nv - 1)), sd)
            P.check(vs, f_sd, f"{key} sd")
        for q, p in ((med, 0.5), (q1, 0.25), (q3, 0.75)):
            if q is not None:
                P.check(vs, lambda val, q=q, p=p: close(q7(counts_of(val), nv, p), q), f"{key} q{p}")
        if it.get("positive", "") != "" and self.positive_cells(key):
            pc = self.positive_cells(key)
            P.eq([(1, c) for _, c in pc], [(1, int(it["positive"]))])
        if it.get("positive_share", "") != "" and self.positive_cells(key):
            self.share(self.positive_term(key), nv, float(it["positive_share"]))
            lo_, hi_ = num(it.get("ci_low")), num(it.get("ci_high"))
            pt = [c for _, c in self.positive_cells(key)]
            if lo_ is not None:
                def f_ci(val, lo_=lo_, hi_=hi_, pt=pt):
                    x = sum(val[c] if isinstance(c, str) else c for c in pt)
                    w = wilson(x, nv)
                    return close(w[1], lo_) and close(w[2], hi_)
                P.check(pt, f_ci, f"{key} wilson")

    def constructs(self):
        P = self.P
        alpha = self.l1("questionnaire_alpha_items.csv")
        for r in self.l1("questionnaire_constructs.csv") + self.score_indicators():
            ins, con = r["instrument_id"], r["construct"]
            members = [(a["item_id"], a["reverse"] == "1") for a in alpha
                       if a["instrument_id"] == ins and a["construct"] == con]
            keys = [(ins, i) for i, _ in members]
            if not members or any(k not in self.dist or k not in self.items for k in keys):
                continue
            ns = num(r.get("n_scored"))
            nvs = [num(self.items[k]["n_valid"]) for k in keys]
            ncomp = num(r.get("n_complete"))
            # exact only when every scored respondent answered every item
            exact = ns is not None and all(n == ns for n in nvs) and (
                len(keys) == 1 or ncomp == ns)
            if not exact or num(r.get("mean")) is None:
                continue
            ns = int(ns)
            m = float(r["mean"])
            k = len(keys)
            terms, const = [], 0.0
            for (ins_, item), (_, rev) in zip(keys, members):
                cells = self.dist[(ins_, item)]
                lo_v, hi_v = cells[0][0], cells[-1][0]
                for v, c in cells:  # reversed: lo + hi - v
                    terms.append(((lo_v + hi_v - v) if rev else v, c))
            # sum over items of item sums = k * n * mean
            P.add(terms, (m - EPS) * k * ns, (m + EPS) * k * ns)
            if k == 1 and "sd" in r:
                it = dict(r)
                key = keys[0]
                if members[0][1]:
                    continue  # reversed single item: quartiles mirror; mean suffices
                self.item_stats(key, {"sd": it.get("sd"), "median": it.get("median"),
                                      "q1": it.get("q1"), "q3": it.get("q3")},
                                self.dist[key], ns)

    def score_indicators(self):
        cons = {(r["instrument_id"], r["construct"]): r for r in self.l1("questionnaire_constructs.csv")}
        out = []
        for r in self.l1("indicators_questionnaire.csv") + self.evidence("questionnaire"):
            if not r["indicator"].startswith("q_score_") or r["value"] == "":
                continue
            for (ins, con), c in cons.items():
                if r["indicator"] == f"q_score_{ins}_{con}":
                    out.append({"instrument_id": ins, "construct": con, "n_scored": r["n"],
                                "n_complete": c["n_complete"], "mean": r["value"]})
        return out

    def tests(self):
        P = self.P
        for t in self.l1("questionnaire_tests.csv"):
            if t["family"] != "items_by_group" or t["statistic"] == "":
                continue
            keys = [k for k in self.dist if k[1] == t["target"]]
            if len(keys) < 2:
                continue
            x2 = float(t["statistic"])
            cells = [self.dist[k] for k in keys]
            vs = [c for cl in cells for _, c in cl]

            def f(val, cells=cells, x2=x2):
                tab = [[val[c] if isinstance(c, str) else c for _, c in cl] for cl in cells]
                x = chisq(tab)
                return x is not None and close(x, x2)
            P.check(vs, f, f"chisq {t['target']}")

    # ------------------------------------------------------------ figures
    def figures(self):
        caps = read(os.path.join(self.figdir, "captions.csv"))
        items = {(r["instrument_id"], r["item_id"]): r for r in self.l1("questionnaire_items.csv")}
        for cap in caps:
            src = os.path.normpath(os.path.join(self.out, "level1", cap["data"])) \
                if not cap["data"].startswith("level") else os.path.join(self.out, cap["data"])
            rows = read(src)
            if not rows:
                continue
            fig = read(os.path.join(self.figdir, cap["figure_data"]))
            if os.path.basename(src) == "questionnaire_distribution.csv":
                for r in rows:  # the item's label, for matching
                    it = items.get((r["instrument_id"], r["item_id"]), {})
                    r["item_fr"], r["item_en"] = it.get("label_fr", ""), it.get("label_en", "")
            for f in fig:
                if f["value"] == "":
                    continue
                v = float(f["value"])
                cand = [r for r in rows if f["category"] in r.values()]
                both = [r for r in cand if f["series"] in r.values()]
                cand = both or cand
                if not cand:
                    continue
                ok = any(x not in ("", None) and _isnum(x) and abs(float(x) - v) <= 1e-9 * max(1.0, abs(v))
                         for r in cand for x in r.values())
                hidden = any(r.get("suppressed") or any(x == "" for x in r.values()) for r in cand)
                if not ok and hidden and any(r.get("suppressed") for r in cand):
                    self.direct.append((f"{cap['figure_data']}[{f['category']}/{f['series']}]",
                                        f"figure shows {f['value']}, its source row "
                                        f"({os.path.basename(src)}) does not"))

    def run(self):
        self.participation()
        self.questionnaire()
        self.figures()
        P = self.P
        recovered, unsure = [], []
        hidden = [v for v in P.lo if P.why[v] != "derived"]
        for g in P.groups():
            seen, lo, hi = P.solve_group(g)
            for v in g:
                if P.why[v] == "derived":
                    continue
                if seen is None:
                    if lo[v] == hi[v]:
                        recovered.append((v, lo[v]))
                    else:
                        unsure.append((v, lo[v], hi[v]))
                elif len(seen[v]) == 1:
                    recovered.append((v, next(iter(seen[v]))))
                elif len(seen[v]) == 0:
                    unsure.append((v, "inconsistent", ""))
        return hidden, recovered, unsure


def _isnum(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def main():
    if len(sys.argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    a = Attack(sys.argv[1], sys.argv[2])
    hidden, recovered, unsure = a.run()
    for v, x in sorted(recovered):
        print(f"recovered: {v} = {x}")
    for v, how in a.direct:
        print(f"recovered: {v}: {how}")
    for v, lo, hi in unsure:
        print(f"note: {v}: not enumerated, in [{lo}, {hi}]")
    n = len(recovered) + len(a.direct)
    print(f"disclosure_attack: {len(hidden)} hidden cells, {n} recovered")
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main())
