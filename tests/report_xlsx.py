#!/usr/bin/env python3
"""report_xlsx.py — read the annex workbook back and compare it to the CSVs.

    python3 tests/report_xlsx.py WORKBOOK ROOT CREATED

Independent of the C code: only Python's zipfile, xml and csv.  ROOT is the
folder the paths of the notes sheet are relative to.  Checks:
- docProps/core.xml: dcterms:created is CREATED (the evaluation's last day,
  not the clock) and every zip member is dated 1980-01-01 (no clock);
- the notes sheet maps every other sheet to its CSV file;
- every sheet: row 1 is the CSV header, frozen (pane ySplit=1 state=frozen);
  every CSV cell is in the sheet: a number as a number (no t attribute)
  with the same value, text as the same string, an empty field either
  absent or, when the row's `suppressed` column names it, the text "x" or
  "< N" (never a number);
- shares (column share, rate, ...) carry a percent format.
Prints "N passed, M failed" and exits 1 on a failure.
"""
import csv
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1, int(ref[len(letters):]) - 1


def main(path, root, created):
    z = zipfile.ZipFile(path)
    check(all(i.date_time[:3] == (1980, 1, 1) for i in z.infolist()), "zip members dated by the clock")
    core = z.read("docProps/core.xml").decode()
    check(f">{created}<" in core, f"created date is not {created}")
    shared = [("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
              for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
    styles = ET.fromstring(z.read("xl/styles.xml"))
    numfmts = {int(n.get("numFmtId")): n.get("formatCode") for n in styles.iter("{%s}numFmt" % NS["m"])}
    xfs = [int(x.get("numFmtId", "0")) for x in styles.find("m:cellXfs", NS).findall("m:xf", NS)]
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    sheets = [(s.get("name"), "xl/" + rels[s.get("{%s}id" % NS["r"])]) for s in wb.find("m:sheets", NS)]

    def cells(member):
        root_ = ET.fromstring(z.read(member))
        out = {}
        for c in root_.iter("{%s}c" % NS["m"]):
            col, row = col_index(c.get("r"))
            v = c.find("m:v", NS)
            t = c.get("t")
            val = None if v is None else (shared[int(v.text)] if t == "s" else float(v.text))
            out[row, col] = (t, val, int(c.get("s", "0")))
        pane = root_.find(".//m:pane", NS)
        return out, pane

    notes, _ = cells(sheets[0][1])
    files = {notes[r, 0][1]: notes[r, 1][1] for (r, c) in notes if c == 0 and (r, 1) in notes}
    for name, member in sheets[1:]:
        check(name in files, f"sheet {name} not in the notes sheet")
        if name not in files:
            continue
        with open(f"{root}/{files[name]}", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        got, pane = cells(member)
        check(pane is not None and pane.get("ySplit") == "1" and pane.get("state") == "frozen",
              f"{name}: header row not frozen")
        header = rows[0]
        sup = header.index("suppressed") if "suppressed" in header else -1
        bad = []
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                cell = got.get((r, c))
                if r == 0:
                    if not cell or cell[1] != v:
                        bad.append(f"header {c}: {cell}")
                    continue
                hidden = sup >= 0 and re.search(r"(^|;)%s:" % re.escape(header[c]), row[sup])
                if v == "":
                    if hidden:
                        if not cell or cell[0] != "s" or not re.fullmatch(r"x|< \d+", cell[1] or ""):
                            bad.append(f"row {r + 1} {header[c]}: hidden cell not marked: {cell}")
                    elif cell and cell[1] not in (None, ""):
                        bad.append(f"row {r + 1} {header[c]}: empty in the CSV, {cell[1]!r} in the sheet")
                    continue
                if cell is None:
                    bad.append(f"row {r + 1} {header[c]}: missing ({v!r})")
                elif cell[0] is None:  # a number
                    try:
                        ok = abs(float(v) - cell[1]) <= 1e-12 * max(1, abs(float(v)))
                    except ValueError:
                        ok = False
                    if not ok:
                        bad.append(f"row {r + 1} {header[c]}: {cell[1]} for {v!r}")
                    if header[c] in ("share", "rate", "positive_share", "share_isolated") and \
                            "%" not in numfmts.get(xfs[cell[2]], ""):
                        bad.append(f"row {r + 1} {header[c]}: a share without a percent format")
                elif cell[1] != v:
                    bad.append(f"row {r + 1} {header[c]}: {cell[1]!r} for {v!r}")
        check(not bad, f"{name} ({files[name]}): " + "; ".join(bad[:5]))
        # numbers are numbers: a column of numbers in the CSV has no text cell but marks
        check(len(rows) - 1 <= max([k[0] for k in got] + [0]), f"{name}: rows missing")
    print(f"report_xlsx: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
