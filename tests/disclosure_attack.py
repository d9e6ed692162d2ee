#!/usr/bin/env python3
"""disclosure_attack.py -- try to recover every hidden cell from what is
published beside it.  Independent of the C code: Python 3 standard library
only, reading nothing but the published CSV files.

    python3 tests/disclosure_attack.py OUT FIGDIR

OUT is a run's output folder (OUT/level1, OUT/level2); FIGDIR the figures
folder (its *.csv).  Public knowledge taken from the run's resolved
configuration OUT/clean/config.csv (the small-cell threshold), the
participation model it declares (OUT/clean/units.csv, columns.csv,
indicators.csv, breakdowns.csv: the method, which a report publishes) and
the files of its `place` units (OUT/clean/<unit>.csv: the list of sites
with their region, which a real evaluation publishes).  Nothing else of
OUT/clean is read, and no name of any dataset is written here: the same
attack runs on any dataset.

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
  - the same quantity in several tables, from the declarations: the total
    rows of every table whose categories hold every row of its unit (a code
    or ref column, months of a date inside the period, bands covering the
    column's min..max) and the headline's count of the unit (or a mean's n
    without condition); the same split's columns in those tables and the
    headline share "split=yes"; a table by a ref column to a place unit
    nested in the tables by a column of that unit (rows of the public list
    of places); running totals as sums of months; a count, a share of the
    whole unit or a mean's n over one clause on the column of a one-column
    table (codes or bands) as the sum of the categories inside it;
  - printed shares and means, read as intervals of the precision they are
    printed with (full precision since issue 12: the shortest digits that
    read back to the double, so an interval of about 1e-12, float slack
    included; with 6 decimals it was 1e-6): share = count / denominator,
    mean = sum of values / n;
  - the participation means (mean indicators, a breakdown's mean column) of
    an int column: the sum of the values behind each is an integer unknown
    in [min * n, max * n] (the column's declared range), equal to n times
    the printed mean when shown; sums add up like counts (categories to
    the total row, nested tables, a mean repeated in the headline and in
    the tables' totals, a mean over one clause on a table's column and the
    categories inside it).
    These are solved by interval propagation over every constraint, after
    the enumeration of the counts (their ranges are too wide to enumerate);
    a hidden mean is recovered when its sum and its n come to one value
    each.  Means of decimal columns are not modelled (their sums are not
    integers);
  - statistics that are not sums, checked on every candidate distribution
    by exact enumeration: SD (n - 1), median and quartiles (type 7), the
    Wilson interval of the positive share, the chi-square statistic of an
    item compared between groups (questionnaire_tests.csv); for a construct
    whose score is exactly a function of its items' answers (one item, or
    every scored respondent answered every item), the construct's mean, and
    for one item its SD and quartiles;
  - the response rates (questionnaire_response_rates.csv): invited =
    respondents + non-respondents (a count the table never shows: in
    [1, threshold - 1] when the rate is hidden while the respondents are
    shown), the respondents those of every row of questionnaire_items.csv,
    rate = respondents / invited, invited the n of the indicator
    q_response_rate_<instrument>;
  - respondent attributes (questionnaire_attributes.csv): the codes'
    respondents and those without the attribute sum to the instrument's;
    the scored respondents of each code (n_a, n_b of the effects by that
    attribute, questionnaire_effects.csv) and those scored without it sum
    to the construct's n_scored, none more than the code's respondents;
    the n of a test by the attribute (questionnaire_tests.csv): for a
    construct the codes' scored respondents, for an item its n valid less
    the answers of those without the attribute (at most them; those of
    them who did not answer at most the item's n missing); between
    groups, n_a and n_b are the groups' n_scored and a construct's test's
    n is their sum;
  - the indicator tables (level1/indicators_*.csv, level2
    convergence_evidence.csv): value and n of each indicator tied to the cell
    it comes from;
  - every figure CSV: a value a figure shows must be shown by its source
    row (the table captions.csv names); a value its source row hides is
    recovered.
Bounds are tightened by interval propagation; then each connected group of
unknowns is enumerated exactly (depth-first, integer values).  A cell is
recovered when exactly one value remains.  The test fails when one is.

Not attempted: a mean whose sum is pinned at its column's min or max
without its n (every value equal: a published mean at a bound tells that
much of its group too); differencing two runs or two versions of the data; external
knowledge of individuals; the bootstrap replicate files (they resample, an
approximate not an exact channel); the region tables behind the
items_by_region and constructs_by_region tests (not published); Cronbach's
alpha, alpha if deleted and item-rest correlations (exact, scale-free
functions of the items' covariances: they give back hidden counts, and the
stage hides them with the items' statistics; not modelled here); construct
scores with partly answered constructs (the score is a mean of a varying number of items: no exact
relation with the item statistics); the 2-decimal texts of the joint
display; a test's n from its statistic and effect size (e.g. H/epsilon² + 1:
the stage withholds every published value of a test whose n it hides);
an n from Hedges' g and its interval (the stage hides g with its n); the algorithm's own choices (e.g. that a complementary cell is
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
        lin = linear(terms)
        if lin is None:
            return  # an unknown that is not a count (not published, not hidden)
        coef, const = lin
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


def linear(terms):
    """(coef, int | var name) terms as ({var: coef}, constant); None when a
    term is None (an unknown that is neither published nor hidden)."""
    coef, const = {}, 0.0
    for a, t in terms:
        if t is None:
            return None
        if isinstance(t, str):
            coef[t] = coef.get(t, 0.0) + a
        else:
            const += a * t
    return {k: v for k, v in coef.items() if v != 0}, const


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
    # Everything below comes from the dataset's declarations (OUT/clean:
    # units.csv, columns.csv, indicators.csv, breakdowns.csv -- the method,
    # public) and the files of its place units (the list of sites): no name
    # of any evaluation is written here.

    def decl(self, name):
        return read(os.path.join(self.out, "clean", name))

    def spec(self, unit, path):
        """the declaration of the column at the end of path from unit"""
        c = None
        for i, part in enumerate(path.split(".")):
            c = self.cols.get((unit, part))
            if c is None:
                return None
            unit = c["of"] if c["type"] == "ref" else unit
        return c

    def covers(self, b):
        """whether a table's categories hold every row of its unit"""
        c = self.spec(b["unit"], b["by"])
        if c is None:
            return False
        if c["type"] in ("code", "ref"):
            return True   # a code or a ref column is never empty
        if c["type"] == "date":
            return b.get("per") == "month" and c.get("in_period") in ("1", "yes")
        if c["type"] == "int" and b.get("bands"):
            bands = [tuple(map(int, x.split("-"))) for x in b["bands"].split(";")]
            return (bands[0][0] == int(c["min"]) and bands[-1][1] == int(c["max"]) and
                    all(bands[i][1] + 1 == bands[i + 1][0] for i in range(len(bands) - 1)))
        return False

    @staticmethod
    def clause(cond):
        """a condition of one clause: (path, op, values), or None"""
        if not cond or " and " in cond:
            return None
        if " in " in cond:
            p, v = cond.split(" in ", 1)
            return p.strip(), "in", v.split(";")
        for op in ("!=", "<=", ">=", "=", "<", ">"):
            if op in cond:
                p, v = cond.split(op, 1)
                return p.strip(), op, [v]
        return None

    @staticmethod
    def meets(b, key, op, vals):
        """whether every row of category key meets the clause (True), none
        does (False), or some may (None)"""
        if b.get("bands"):
            lo, hi = map(int, key.split("-"))
            try:
                v = float(vals[0])
            except ValueError:
                return None
            return {"<=": True if hi <= v else False if lo > v else None,
                    "<": True if hi < v else False if lo >= v else None,
                    ">=": True if lo >= v else False if hi < v else None,
                    ">": True if lo > v else False if hi <= v else None}.get(op)
        if op in ("=", "in"):
            return key in vals
        if op == "!=":
            return key not in vals
        return None

    @staticmethod
    def tcol(counts):
        return "total" if "total" in counts else counts[0]

    def participation(self):
        P, big = self.P, 10 ** 7
        self.units = {r["unit"]: r for r in self.decl("units.csv")}
        self.cols = {(r["unit"], r["column"]): r for r in self.decl("columns.csv")}
        inds = self.decl("indicators.csv")
        bds = self.decl("breakdowns.csv")
        self.means = []    # (sum var, n term, name) of every hidden mean
        self.msum = {}     # (breakdown or "head", key) -> its sum var
        self.mean_links = []  # (table rows, headline mean) whose sums are equal
        self.mlin = []     # linear constraints on the sums of values
        self.mvars = {}    # sum var -> (lo, hi)
        T = {}
        for b in bds:
            if b.get("per") == "cumulative":
                continue
            file = f"participation_{b['breakdown']}.csv"
            rows = self.l1(file)
            if not rows:
                continue
            hdr = list(rows[0].keys())
            keycol = hdr[0]
            counts = hdr[hdr.index("label_en") + 1: hdr.index("share")]
            tab = {}
            for r in rows:
                k = r[keycol]
                for c in counts:
                    tab[k, c] = self.field(file, k, c, r[c], r.get("suppressed", ""), big)
            keys = [r[keycol] for r in rows if r[keycol] != "total"]
            for r in rows:
                if r["share"] == "":
                    continue
                if len(counts) > 1:   # the split's share of the row
                    self.share(tab[r[keycol], counts[0]], tab[r[keycol], "total"], float(r["share"]))
                else:                 # the category's share of the table
                    self.share(tab[r[keycol], counts[0]], tab["total", counts[0]], float(r["share"]))
            T[b["breakdown"]] = (tab, keys, counts, b)
            for k in keys + ["total"]:
                if "total" in counts:
                    P.eq([(1, tab[k, c]) for c in counts if c != "total"], [(1, tab[k, "total"])])
            for c in counts:
                P.eq([(1, tab[k, c]) for k in keys], [(1, tab["total", c])])
            if "mean" in hdr:
                self.table_means(file, b, rows, keycol, tab, keys, counts)
        # the headline
        head = {r["indicator"]: r for r in self.l1("participation_headline.csv")}
        hv = {}
        for k, r in head.items():
            hv[k] = self.field("participation_headline.csv", k, "count", r["count"],
                               r["suppressed"], big)
            if r.get("share"):
                self.share(hv[k], int(r["denominator"]), float(r["share"]))
        self.T, self.hv, self.inds = T, hv, inds
        # tables whose categories hold every row of their unit: the same
        # total, the headline's count of the unit; the same split's columns
        for u in self.units:
            bl = [bid for bid, t in T.items() if t[3]["unit"] == u and self.covers(t[3])]
            whole = [hv[d["indicator"]] for d in inds if d["unit"] == u and d["indicator"] in hv and
                     ((d["kind"] == "count" and not d["numerator"]) or
                      (d["kind"] == "mean" and not d["denominator"]))]
            anchors = whole + [T[bid][0]["total", self.tcol(T[bid][2])] for bid in bl]
            for a in anchors[1:]:
                P.eq([(1, a)], [(1, anchors[0])])
            splits = {}
            for bid in bl:
                if T[bid][3].get("split"):
                    splits.setdefault(T[bid][3]["split"], []).append(bid)
            for sp, l in splits.items():
                for c in (sp, "not_" + sp):
                    for bid in l[1:]:
                        P.eq([(1, T[bid][0]["total", c])], [(1, T[l[0]][0]["total", c])])
                for d in inds:
                    cl = self.clause(d["numerator"])
                    if (d["kind"] == "share" and d["unit"] == u and not d["denominator"] and cl and
                            cl[0] == sp and cl[1] == "=" and cl[2][0] in ("yes", "oui", "1", "true")
                            and d["indicator"] in hv):
                        P.eq([(1, hv[d["indicator"]])], [(1, T[l[0]][0]["total", sp])])
        # a table by a ref column to a place unit nests in the tables by a
        # column of that unit (the list of places is public)
        for sid, (stab, skeys, scounts, sb) in T.items():
            sc = self.spec(sb["unit"], sb["by"])
            if sc is None or sc["type"] != "ref" or \
                    self.units.get(sc["of"], {}).get("role") != "place":
                continue
            place = self.decl(sc["of"] + ".csv")
            idc = [c for (uu, c), d in self.cols.items() if uu == sc["of"] and d["type"] == "id"]
            for uid, (utab, ukeys, ucounts, ub) in T.items():
                rest = ub["by"][len(sb["by"]) + 1:]
                if (ub["unit"] != sb["unit"] or ub.get("split", "") != sb.get("split", "") or
                        not ub["by"].startswith(sb["by"] + ".") or "." in rest or not idc):
                    continue
                for k in ukeys:
                    members = [p[idc[0]] for p in place if p.get(rest) == k]
                    for c in ucounts:
                        if all((m, c) in stab for m in members):
                            P.eq([(1, stab[m, c]) for m in members], [(1, utab[k, c])])
                if ub.get("mean") and ub.get("mean") == sb.get("mean"):
                    for k in ukeys:
                        members = [p[idc[0]] for p in place if p.get(rest) == k]
                        self.mlin_eq([self.msum.get((sid, m)) for m in members],
                                     [self.msum.get((uid, k))])
        # running totals of a monthly table
        for b in bds:
            if b.get("per") != "cumulative":
                continue
            file = f"participation_{b['breakdown']}.csv"
            rows = self.l1(file)
            mon = [bid for bid, t in T.items() if t[3].get("per") == "month" and
                   t[3]["unit"] == b["unit"] and t[3]["by"] == b["by"] and
                   t[3].get("split", "") == b.get("split", "")]
            if not rows or not mon:
                continue
            mt, _, mc, _ = T[mon[0]]
            sp = b.get("split", "")
            run_all, run_sp = [], []
            for r in rows:
                k = r["month"]
                run_all.append((1, mt[k, self.tcol(mc)]))
                a = int(r["cumulative"]) if r["cumulative"] else P.var(
                    f"{file}[{k}].cumulative", 0, big, "complementary")
                P.eq(list(run_all), [(1, a)])
                if sp:
                    run_sp.append((1, mt[k, sp]))
                    v = r[f"cumulative_{sp}"]
                    s = int(v) if v else P.var(f"{file}[{k}].cumulative_{sp}", 0, big,
                                               "complementary")
                    P.eq(list(run_sp), [(1, s)])
                    if r.get(f"share_{sp}"):
                        self.share(s, a, float(r[f"share_{sp}"]))
        # a count, a share or a mean's n over one clause on the column of a
        # one-column table: the categories inside sum to it, the others to
        # the rest
        for d in inds:
            if d["indicator"] not in hv or d["kind"] not in ("count", "share", "mean"):
                continue
            cond = d["denominator"] if d["kind"] == "mean" else d["numerator"]
            if d["kind"] == "share" and d["denominator"]:
                continue
            cl = self.clause(cond)
            if cl is None:
                continue
            for bid, (tab, keys, counts, b) in T.items():
                if b["unit"] != d["unit"] or b["by"] != cl[0] or b.get("split"):
                    continue
                inside = [self.meets(b, k, cl[1], cl[2]) for k in keys]
                if any(m is None for m in inside):
                    continue
                c = counts[0]
                P.eq([(1, tab[k, c]) for k, m in zip(keys, inside) if m], [(1, hv[d["indicator"]])])
                if d["kind"] == "mean" and b.get("mean") == d["column"]:
                    self.mean_links.append(([(bid, k) for k, m in zip(keys, inside) if m],
                                            ("head", d["indicator"])))
        self.headline_means(inds, head, T)
        for rows_in, h in self.mean_links:   # once the headline's sums exist
            self.mlin_eq([self.msum.get(k) for k in rows_in], [self.msum.get(h)])
        # indicator table, and the evidence of level 2 that repeats it
        for r in self.l1("indicators_participation.csv") + self.evidence("participation"):
            self.participation_indicator(r)

    def evidence(self, source):
        rows = read(os.path.join(self.out, "level2", "convergence_evidence.csv"))
        return [r for r in rows if r.get("source") == source]

    def participation_indicator(self, r):
        P, T, hv = self.P, self.T, self.hv
        ind, n, v = r["indicator"], num(r["n"]), num(r["value"])
        if ind in hv:
            if r["unit"] in ("count", "mean"):
                if r["unit"] == "count" and v is not None:
                    P.eq([(1, hv[ind])], [(1, int(v))])
                if n is not None:
                    P.eq([(1, hv[ind])], [(1, int(n))])
                if r["unit"] == "mean" and v is not None and ("head", ind) in self.msum:
                    self.mean_value(self.msum["head", ind], hv[ind] if n is None else int(n), v)
            elif v is not None and n is not None:
                self.share(hv[ind], int(n), v)
            return
        for bid, (tab, keys, counts, b) in T.items():
            prefix = b.get("indicator")
            if not prefix or not ind.startswith(prefix + "_"):
                continue
            k = ind[len(prefix) + 1:]
            col = b["split"] if b.get("split") else counts[0]
            if (k, col) not in tab:
                continue
            den = tab[k, "total"] if "total" in counts else tab["total", col]
            if n is not None:
                P.eq([(1, den)], [(1, int(n))])
            if v is not None:
                self.share(tab[k, col], den if n is None else int(n), v)
            return

    # ---- means: the sum of the values behind a mean is an integer (an int
    # column) that adds up like counts; a printed mean ties it to its n

    def sumvar(self, name, unit, column, n):
        c = self.spec(unit, column)
        if c is None or c["type"] != "int":
            return None   # decimal columns: their sums are not integers (not modelled)
        lo, hi = int(c["min"]), int(c["max"])
        self.mvars[name] = (min(0, lo) * 10 ** 7, max(0, hi) * 10 ** 7)
        # lo * n <= S <= hi * n
        self.mlin.append(([(1, name), (-lo, n)], 0, 1e18))
        self.mlin.append(([(1, name), (-hi, n)], -1e18, 0))
        return name

    def mlin_eq(self, a, b):
        if any(x is None for x in a + b):
            return
        self.mlin.append(([(1, x) for x in a] + [(-1, x) for x in b], 0, 0))

    def mean_value(self, s, n, m):
        """S = n * m, m printed at full precision (to EPS)"""
        if s is None or n is None:
            return
        self.mlin.append(([(1, s), (-(m - EPS), n)], 0, 1e18))
        self.mlin.append(([(1, s), (-(m + EPS), n)], -1e18, 0))

    def table_means(self, file, b, rows, keycol, tab, keys, counts):
        tc = self.tcol(counts)
        for r in rows:
            k = r[keycol]
            n = tab[k, tc]
            if n is None:
                continue
            s = self.sumvar(f"{file}[{k}].mean(sum)", b["unit"], b["mean"], n)
            if s is None:
                return
            self.msum[b["breakdown"], k] = s
            marks = dict(x.split(":", 1) for x in r.get("suppressed", "").split(";") if ":" in x)
            if r["mean"] != "":
                self.mean_value(s, n, float(r["mean"]))
            elif "mean" in marks:
                self.means.append((s, n, f"{file}[{k}].mean"))
        self.mlin_eq([self.msum.get((b["breakdown"], k)) for k in keys],
                     [self.msum.get((b["breakdown"], "total"))])

    def headline_means(self, inds, head, T):
        for d in inds:
            r = head.get(d["indicator"])
            if d["kind"] != "mean" or r is None:
                continue
            n = self.hv[d["indicator"]]
            s = self.sumvar(f"participation_headline.csv[{d['indicator']}].mean(sum)", d["unit"],
                            d["column"], n)
            if s is None:
                continue
            self.msum["head", d["indicator"]] = s
            if r.get("mean"):
                self.mean_value(s, n, float(r["mean"]))
            elif "mean:" in r.get("suppressed", ""):
                self.means.append((s, n, f"participation_headline.csv[{d['indicator']}].mean"))
            if not d["denominator"]:   # the total rows of the tables that hold every row
                for bid, (tab, keys, counts, b) in T.items():
                    if b["unit"] == d["unit"] and b.get("mean") == d["column"] and self.covers(b):
                        self.mlin_eq([self.msum.get((bid, "total"))], [s])

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
        self.dist, self.roles = {}, {}
        for key, rows in D.items():
            it = self.items.get(key)
            nv = int(it["n_valid"]) if it and it["n_valid"] else None
            cells = []
            self.roles[key] = [r.get("role", "") for r in rows]
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
        self.rates()
        self.attributes()

    def positive_cells(self, key):
        it = self.items[key]
        cells = self.dist[key]
        roles = self.roles.get(key, [])
        if "top" in roles:   # the scale's declared top box (the distribution's role)
            return [c for c, r in zip(cells, roles) if r == "top"]
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

    def rates(self):
        """questionnaire_response_rates.csv: invited = respondents + the
        non-respondents, rate = respondents / invited; the respondents are
        the instrument's, which every row of questionnaire_items.csv repeats;
        invited is the n of the indicator q_response_rate_<instrument>."""
        P, big, file = self.P, 10 ** 7, "questionnaire_response_rates.csv"
        resp = {}   # instrument -> its respondents in the items table (int or var)
        for it in self.l1("questionnaire_items.csv"):
            t = self.field("questionnaire_items.csv", f"{it['instrument_id']}/{it['item_id']}",
                           "respondents", it["respondents"], it.get("suppressed", ""), big)
            if t is None:
                continue
            ins = it["instrument_id"]
            if ins in resp:
                P.eq([(1, t)], [(1, resp[ins])])
            else:
                resp[ins] = t
        inds = {r["indicator"]: r for r in
                self.l1("indicators_questionnaire.csv") + self.evidence("questionnaire")
                if r["indicator"].startswith("q_response_rate_")}
        for r in self.l1(file):
            ins, sup = r["instrument_id"], r.get("suppressed", "")
            inv = self.field(file, ins, "invited", r["invited"], sup, big)
            res = self.field(file, ins, "respondents", r["respondents"], sup, big)
            if res is None:
                res = resp.get(ins)
            elif ins in resp:
                P.eq([(1, res)], [(1, resp[ins])])
            ind = inds.get(f"q_response_rate_{ins}", {})
            if inv is None and num(ind.get("n")) is not None:
                inv = int(num(ind["n"]))
            if inv is None or res is None or (isinstance(inv, int) and isinstance(res, int)
                                               and inv < res):
                continue  # no number invited, or not a rate (more respondents than invited)
            if num(ind.get("n")) is not None:
                P.eq([(1, inv)], [(1, int(num(ind["n"])))])
            rate = num(r["rate"])
            if rate is None and ind.get("value"):
                rate = num(ind["value"])
            # The non-respondents are a count of people the table never
            # shows: a rate hidden while the respondents are shown says it
            # is small (the rule's only reason), so [1, threshold - 1].
            if rate is None and isinstance(res, int) and res >= self.thr:
                nr = P.var(f"{file}[{ins}].non_respondents", 1, self.thr - 1, "primary")
            else:
                nr = P.var(f"{file}[{ins}].non_respondents", 0, big, "derived")
            P.eq([(1, res), (1, nr)], [(1, inv)])
            if rate is not None:
                self.share(res, inv, rate)

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

    def attributes(self):
        """Respondents by attribute (questionnaire_attributes.csv), the
        scored respondents of each code in questionnaire_effects.csv, and
        the n of the tests (questionnaire_tests.csv), all tied together:
          - the codes' respondents and those without the attribute (value
            empty) sum to the instrument's respondents (items table);
          - a construct's n scored (constructs table) is the sum over the
            codes of their scored respondents (n_a, n_b of the effects
            rows by that attribute, one unknown per code, none more than
            the code's respondents) and of those scored without the
            attribute (no more than its respondents);
          - a test of a construct by the attribute has n = the codes'
            scored respondents; a test of an item by the attribute has n =
            the item's n valid less the valid answers of the respondents
            without the attribute (no more than them, and those of them
            who did not answer no more than the item's n missing);
          - effects between groups: n_a, n_b are the groups' n scored, and
            a construct's test between groups has n = their sum."""
        P, big = self.P, 10 ** 6
        resp = {}
        for it in self.l1("questionnaire_items.csv"):
            t = self.field("questionnaire_items.csv", f"{it['instrument_id']}/{it['item_id']}",
                           "respondents", it["respondents"], it.get("suppressed", ""), big)
            if t is not None and it["instrument_id"] not in resp:
                resp[it["instrument_id"]] = t
        R = {}   # (instrument, attribute) -> {code ("" without): respondents}
        file = "questionnaire_attributes.csv"
        for r in self.l1(file):
            key = (r["instrument_id"], r["attribute"])
            c = self.field(file, f"{key[0]}/{key[1]}/{r['value']}", "respondents",
                           r["respondents"], r.get("suppressed", ""), big)
            if c is None:
                continue
            R.setdefault(key, {})[r["value"]] = c
            if r.get("share", "") != "" and key[0] in resp:
                self.share(c, resp[key[0]], float(r["share"]))
        for (ins, _), cs in R.items():
            if ins in resp:
                P.eq([(1, c) for c in cs.values()], [(1, resp[ins])])
        cons = {}
        for r in self.l1("questionnaire_constructs.csv"):
            ns = self.field("questionnaire_constructs.csv", f"{r['instrument_id']}/{r['construct']}",
                            "n_scored", r["n_scored"], r.get("suppressed", ""), big)
            if ns is not None:
                cons[(r["instrument_id"], r["construct"])] = (r.get("group", ""), ns)
        S = {}   # (instrument, construct, attribute, code) -> scored respondents
        efile = "questionnaire_effects.csv"
        for r in self.l1(efile):
            sup = r.get("suppressed", "")
            for side in ("a", "b"):
                n = self.field(efile, f"{r['family']}/{r['construct']}/{r['instrument_id']}/"
                               f"{r['group_a']}/{r['group_b']}", f"n_{side}", r[f"n_{side}"], sup, big)
                code = r[f"group_{side}"]
                if n is None:
                    continue
                if r["family"] == "constructs_by_group":
                    for (ins, con), (grp, ns) in cons.items():
                        if con == r["construct"] and grp == code:
                            P.eq([(1, n)], [(1, ns)])
                    continue
                key = (r["instrument_id"], r["construct"], r["list"], code)
                if key in S:
                    P.eq([(1, n)], [(1, S[key])])
                else:
                    S[key] = n
        done = set()
        for (ins, con, attr, _) in list(S):
            if (ins, con, attr) in done or (ins, attr) not in R or (ins, con) not in cons:
                continue
            done.add((ins, con, attr))
            terms = []
            for code, rc in R[(ins, attr)].items():
                s_ = S.get((ins, con, attr, code)) if code else None
                if s_ is None:
                    s_ = P.var(f"{efile}[{ins}/{con}/{attr}/{code or '(without)'}].scored",
                               0, rc if isinstance(rc, int) else big, "derived")
                    S[(ins, con, attr, code)] = s_
                P.add([(1, s_), (-1, rc)], -1e18, 0)   # scored <= respondents
                terms.append((1, s_))
            P.eq(terms, [(1, cons[(ins, con)][1])])
        for t in self.l1("questionnaire_tests.csv"):
            n = num(t["n"])
            if n is None:
                continue
            n = int(n)
            fam, ins, tgt = t["family"], t["instrument_id"], t["target"]
            if fam == "constructs_by_group":
                P.eq([(1, ns) for (i, c), (_, ns) in cons.items() if c == tgt], [(1, n)])
                continue
            for pre in ("constructs_by_attribute_", "items_by_attribute_", "items_ranks_by_attribute_"):
                if not fam.startswith(pre):
                    continue
                attr = fam[len(pre):]
                if pre == "constructs_by_attribute_":
                    codes = [S.get((ins, tgt, attr, c)) for c in R.get((ins, attr), {}) if c]
                    if codes and all(x is not None for x in codes):
                        P.eq([(1, x) for x in codes], [(1, n)])
                    continue
                it = self.items.get((ins, tgt))
                rw = R.get((ins, attr), {}).get("")
                if it is None or rw is None or ins not in resp:
                    continue
                nv = self.field("questionnaire_items.csv", f"{ins}/{tgt}", "n_valid", it["n_valid"],
                                it.get("suppressed", ""), big)
                if nv is None:
                    continue
                vw = P.var(f"questionnaire_tests.csv[{fam}/{tgt}/{ins}].valid_without", 0,
                           rw if isinstance(rw, int) else big, "derived")
                P.eq([(1, vw), (1, n)], [(1, nv)])          # n valid = with + without
                P.add([(1, vw), (-1, rw)], -1e18, 0)         # answered <= respondents
                # those without the attribute who did not answer: no more than n missing
                P.add([(1, rw), (-1, vw), (-1, resp[ins]), (1, nv)], -1e18, 0)

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
        self.solve_means(recovered)
        return hidden + [name for _, _, name in self.means], recovered, unsure

    def solve_means(self, recovered):
        """The sums of values behind the means, with every count constraint
        and what the enumeration of the counts found: interval propagation
        (the sums' ranges are too wide to enumerate).  A hidden mean is
        recovered when its sum and its n come to one value each."""
        if not self.means:
            return
        P = self.P
        lo, hi = dict(P.lo), dict(P.hi)
        for v, x in recovered:
            if v in lo and isinstance(x, int):
                lo[v] = hi[v] = x
        for name, (a, b) in self.mvars.items():
            lo[name], hi[name] = a, b
        cons = list(P.lin)
        for terms, clo, chi in self.mlin:
            coef, const = linear(terms)
            if coef:
                cons.append((coef, clo - const, chi - const))
        if not P.propagate(lo, hi, cons, limit=500):
            print("note: the means' constraints are inconsistent (a bug of the attack or of the tables)")
            return
        for s, n, name in self.means:
            nlo, nhi = (n, n) if isinstance(n, int) else (lo[n], hi[n])
            if lo[s] == hi[s] and nlo == nhi and nlo > 0:
                recovered.append((name, f"{lo[s] / nlo:.6f} (sum {lo[s]}, n {nlo})"))


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
