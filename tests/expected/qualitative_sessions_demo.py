#!/usr/bin/python3
"""Who spoke, on data/demo, from the raw sessions.csv and codes.csv alone
(Python standard library; independent of pipeline/qualitative.c).

For each group (then each region) of codes.csv, in its order, and a row
"" for the sessions without one when there are any, then "total": the
sessions and the participants of each kind (focus_group, interview, and
"" for a session without a kind when there is one) and of "all".  An
empty participants field of sessions.csv adds a session, no participant.
No small-cell suppression: tests/run.sh allows a hidden participants cell
and checks that every count from 1 to threshold - 1 is hidden.

Command, from the repository root:
    /usr/bin/python3 tests/expected/qualitative_sessions_demo.py
writes tests/expected/qualitative_sessions_demo.csv (by group) and
tests/expected/qualitative_sessions_region_demo.csv (by region).
"""
import csv

DATA = "data/demo"
OUT = "tests/expected/qualitative_sessions{}_demo.csv"

with open(f"{DATA}/sessions.csv", newline="", encoding="utf-8") as f:
    sessions = list(csv.DictReader(f))
with open(f"{DATA}/codes.csv", newline="", encoding="utf-8") as f:
    codes = list(csv.DictReader(f))

kinds = ["focus_group", "interview"]
if any(s["kind"] == "" for s in sessions):
    kinds.append("")

for attr, suffix in (("group", ""), ("region", "_region")):
    keys = [c["code"] for c in codes if c["list"] == attr]
    if any(s[attr] == "" for s in sessions):
        keys.append("")
    rows = []
    for key in keys + ["total"]:
        mine = [s for s in sessions if key == "total" or s[attr] == key]
        for kind in kinds + ["all"]:
            sel = [s for s in mine if kind == "all" or s["kind"] == kind]
            rows.append([key, kind, len(sel),
                         sum(int(s["participants"]) for s in sel if s["participants"])])
    with open(OUT.format(suffix), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([attr, "kind", "sessions", "participants"])
        w.writerows(rows)
