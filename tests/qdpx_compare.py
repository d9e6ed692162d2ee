#!/usr/bin/env python3
"""qdpx_compare.py — the clean qualitative tables of two folders hold the
same rows (tests/run.sh, qdpx_export: a project exported by stages/qdpx.c
and read back by ingest against the tables it was made from).

    qdpx_compare.py ORIGINAL REIMPORTED

Rows are compared as multisets (the import writes the codebook depth
first and the excerpts session by session: the order may differ).  The
excerpts' start and end are compared where the original has them; where it
has none (a CSV dataset without positions), the export places the excerpts
in a text it builds and the re-import carries those computed positions
(data/README.md, "Exporting back: out/project.qdpx").
Prints each difference; exit 1 when there is one.
"""
import collections
import csv
import sys

TABLES = ["codebook.csv", "sessions.csv", "excerpts.csv", "codings.csv"]
SPAN = ("start", "end")


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return r.fieldnames, list(r)


def main(a, b):
    bad = 0
    for t in TABLES:
        ca, ra = read(f"{a}/{t}")
        cb, rb = read(f"{b}/{t}")
        cols = [c for c in ca if c not in SPAN]
        missing = [c for c in ca if c not in cb]
        if missing and t != "excerpts.csv" or set(missing) - set(SPAN):
            print(f"{t}: columns {missing} not read back")
            bad = 1
        ka = collections.Counter(tuple(r[c] for c in cols) for r in ra)
        kb = collections.Counter(tuple(r[c] for c in cols) for r in rb)
        for row in sorted((ka - kb).elements()):
            print(f"{t}: lost     {row}")
            bad = 1
        for row in sorted((kb - ka).elements()):
            print(f"{t}: appeared {row}")
            bad = 1
        if t == "excerpts.csv" and all(c in ca for c in SPAN):
            back = {r["excerpt_id"]: r for r in rb}
            for r in ra:
                if r["start"] == "" and r["end"] == "":
                    continue
                got = back.get(r["excerpt_id"], {})
                if (got.get("start"), got.get("end")) != (r["start"], r["end"]):
                    print(f"excerpts.csv: {r['excerpt_id']} at {r['start']}..{r['end']}, "
                          f"read back at {got.get('start')}..{got.get('end')}")
                    bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
