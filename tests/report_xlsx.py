#!/usr/bin/env python3
"""report_xlsx.py — read the annex workbook back and compare it to the CSVs.

    python3 tests/report_xlsx.py WORKBOOK ROOT CREATED
    python3 tests/report_xlsx.py --libreoffice CSVDIR WORKBOOK ROOT

Independent of the C code: only Python's zipfile, xml and csv.  ROOT is the
folder the paths of the notes sheet are relative to.

The first form reads the OOXML parts.  It checks first what Excel needs to
open a workbook without offering to repair it (LibreOffice opens far worse
without a word: tests/report.sh, measured):
- every part is well-formed XML, has a content type ([Content_Types].xml,
  by Override or by extension), and every relationship's target exists;
- sheet names: unique (case-insensitively), 1 to 31 characters, none of
  : \ / ? * [ ], not starting or ending with an apostrophe, not "History";
- shared strings: uniqueCount is the number of <si>, count the number of
  cells that use one, every index in range, every string at most 32,767
  characters; every cell style index is a cellXfs entry, every number
  format a built-in one (< 164) or one of numFmts;
- in every sheet rows ascend, each cell's reference is in its row and the
  cells ascend, and the <dimension> covers them.
Then:
- docProps/core.xml: dcterms:created is CREATED (the evaluation's last day,
  not the clock) and every zip member is dated 1980-01-01 (no clock);
- the notes sheet maps every other sheet to its CSV file;
- every sheet: row 1 is the CSV header, frozen (pane ySplit=1 state=frozen);
  every CSV cell is in the sheet: a number as a number (no t attribute)
  with the same value, text as the same string, an empty field either
  absent or, when the row's `suppressed` column names it, the text "x" or
  "< N" (never a number);
- shares (column share, rate, ...) carry a percent format.

The second form compares what LibreOffice read: CSVDIR holds its export of
every sheet (soffice --convert-to csv with text cells quoted, numbers as
stored, sheet -1: WORKBOOK's base name, "-", the sheet name, ".csv").  One
CSV per sheet of the workbook; the notes sheet, as LibreOffice read it,
maps every other sheet to its CSV; every cell of that CSV is in the sheet:
a number unquoted (a number for LibreOffice) with the same value (a
percent-formatted one written "61.0991%"), text quoted and equal, a
hidden cell "x" or "< N"; in a column whose every value is a number
(docs: pipeline/report_table.h) no value may come back as text.
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

CT = "http://schemas.openxmlformats.org/package/2006/content-types"
BAD_NAME = re.compile(r"[:\\/?*\[\]]")


def excel_rules(z):
    """What Excel checks before it offers to repair (see the docstring)."""
    parts = {}
    for name in z.namelist():
        if name.endswith(".xml") or name.endswith(".rels"):
            try:
                parts[name] = ET.fromstring(z.read(name))
            except ET.ParseError as e:
                check(False, f"{name}: not well-formed XML: {e}")
    types = parts.get("[Content_Types].xml")
    check(types is not None, "no [Content_Types].xml")
    if types is None:
        return
    over = {o.get("PartName").lstrip("/") for o in types.iter("{%s}Override" % CT)}
    exts = {d.get("Extension").lower() for d in types.iter("{%s}Default" % CT)}
    untyped = [n for n in z.namelist() if n != "[Content_Types].xml" and n not in over
               and n.rsplit(".", 1)[-1].lower() not in exts]
    check(not untyped, f"parts without a content type: {untyped}")
    missing = [o for o in over if o not in z.namelist()]
    check(not missing, f"content types for absent parts: {missing}")
    for name, root_ in parts.items():
        if not name.endswith(".rels"):
            continue
        base = name.rsplit("/_rels/", 1)[0] if "/_rels/" in name else ""  # xl/_rels/x.rels: xl
        for r in root_:
            if r.get("TargetMode") == "External":
                continue
            t = r.get("Target")
            full = t.lstrip("/") if t.startswith("/") else "/".join(x for x in (base, t) if x)
            check(full in z.namelist(), f"{name}: relationship {r.get('Id')} to absent {full}")
    wb = parts["xl/workbook.xml"]
    names = [s.get("name") for s in wb.find("m:sheets", NS)]
    seen = set()
    for n in names:
        check(1 <= len(n) <= 31, f"sheet name {n!r}: {len(n)} characters (Excel: 1 to 31)")
        check(not BAD_NAME.search(n), f"sheet name {n!r}: a character Excel refuses")
        check(not n.startswith("'") and not n.endswith("'") and n.lower() != "history",
              f"sheet name {n!r}: refused by Excel")
        check(n.lower() not in seen, f"sheet name {n!r} twice (Excel compares without case)")
        seen.add(n.lower())
    sst = parts.get("xl/sharedStrings.xml")
    sis = sst.findall("m:si", NS) if sst is not None else []
    styles = parts["xl/styles.xml"]
    fmts = {int(n.get("numFmtId")) for n in styles.iter("{%s}numFmt" % NS["m"])}
    xfs = styles.find("m:cellXfs", NS).findall("m:xf", NS)
    check(int(styles.find("m:cellXfs", NS).get("count", len(xfs))) == len(xfs), "cellXfs count")
    for x in xfs:
        f = int(x.get("numFmtId", "0"))
        check(f < 164 or f in fmts, f"cell style with undefined number format {f}")
    uses = 0
    for member in sorted(n for n in parts if n.startswith("xl/worksheets/sheet")):
        ws = parts[member]
        bad = []
        last_row = 0
        max_r = max_c = 0
        for row in ws.iter("{%s}row" % NS["m"]):
            r = int(row.get("r"))
            if r <= last_row:
                bad.append(f"row {r} after row {last_row}")
            last_row = r
            last_col = -1
            for c in row.findall("m:c", NS):
                col, rr = col_index(c.get("r"))
                if rr + 1 != r or col <= last_col:
                    bad.append(f"cell {c.get('r')} in row {r} after column {last_col}")
                last_col = col
                max_r, max_c = max(max_r, r), max(max_c, col + 1)
                if int(c.get("s", "0")) >= len(xfs):
                    bad.append(f"cell {c.get('r')}: style {c.get('s')} of {len(xfs)}")
                if c.get("t") == "s":
                    uses += 1
                    v = c.find("m:v", NS)
                    if v is None or not 0 <= int(v.text) < len(sis):
                        bad.append(f"cell {c.get('r')}: shared string out of range")
        dim = ws.find("m:dimension", NS)
        if dim is not None and max_r:
            end = dim.get("ref").split(":")[-1]
            ec, er = col_index(end)
            if er + 1 < max_r or ec + 1 < max_c:
                bad.append(f"dimension {dim.get('ref')} does not cover the cells")
        check(not bad, f"{member}: " + "; ".join(bad[:5]))
    if sst is not None:
        check(int(sst.get("uniqueCount", -1)) == len(sis), "sharedStrings uniqueCount")
        check(int(sst.get("count", -1)) == uses, f"sharedStrings count {sst.get('count')}, {uses} cells use one")
        long_ = [i for i, si in enumerate(sis) if len("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))) > 32767]
        check(not long_, f"shared strings longer than Excel's 32,767 characters: {long_[:5]}")


NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def lo_read(path):
    """A CSV as LibreOffice wrote it: rows of (quoted, value)."""
    text = open(path, encoding="utf-8").read()
    rows, row, i, n = [], [], 0, len(text)
    while i < n:
        if text[i] == '"':
            j, buf = i + 1, []
            while True:
                k = text.index('"', j)
                buf.append(text[j:k])
                if k + 1 < n and text[k + 1] == '"':
                    buf.append('"')
                    j = k + 2
                else:
                    i = k + 1
                    break
            row.append((True, "".join(buf)))
        else:
            j = i
            while j < n and text[j] not in ",\n":
                j += 1
            row.append((False, text[i:j]))
            i = j
        if i < n and text[i] == ",":
            i += 1
            if i == n or text[i] == "\n":
                row.append((False, ""))
        if i < n and text[i] == "\n":
            rows.append(row)
            row = []
            i += 1
    if row:
        rows.append(row)
    return rows


def lo_main(csvdir, path, root):
    import os
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    sheets = [s.get("name") for s in wb.find("m:sheets", NS)]
    stem = os.path.basename(path).rsplit(".", 1)[0]
    want = {f"{stem}-{s}.csv": s for s in sheets}
    got_files = set(os.listdir(csvdir))
    check(set(want) == got_files, f"LibreOffice wrote {sorted(got_files - set(want))[:3]}, "
          f"not {sorted(set(want) - got_files)[:3]}")
    if set(want) != got_files:
        return report()
    notes = lo_read(f"{csvdir}/{stem}-{sheets[0]}.csv")
    files = {r[0][1]: r[1][1] for r in notes if len(r) > 1 and r[0][0] and r[1][0]}
    for name in sheets[1:]:
        check(name in files, f"LibreOffice: sheet {name} not in the notes sheet")
        if name not in files:
            continue
        with open(f"{root}/{files[name]}", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        lo = lo_read(f"{csvdir}/{stem}-{name}.csv")
        header = rows[0]
        sup = header.index("suppressed") if "suppressed" in header else -1
        numeric = [all(NUMBER.fullmatch(r[c]) for r in rows[1:] if r[c] != "") for c in range(len(header))]
        bad = []
        check(len(lo) == len(rows), f"LibreOffice: {name}: {len(lo)} rows, the CSV {len(rows)}")
        for r, row in enumerate(rows[:len(lo)]):
            for c, v in enumerate(row):
                q, cell = lo[r][c] if c < len(lo[r]) else (False, "")
                where = f"row {r + 1} {header[c]}"
                if r == 0 or v == "" or not numeric[c] or header[c] in ("suppressed", "unit"):
                    hidden = r and sup >= 0 and v == "" and re.search(r"(^|;)%s:" % re.escape(header[c]), row[sup])
                    if hidden:
                        ok = q and re.fullmatch(r"x|< \d+", cell)
                    elif v == "":
                        ok = cell == ""
                    else:
                        ok = q and cell == v
                    if not ok:
                        bad.append(f"{where}: {cell!r} (quoted {q}) for {v!r}")
                    continue
                if q:
                    bad.append(f"{where}: {v!r} is text for LibreOffice")
                    continue
                try:
                    x = float(cell[:-1]) / 100 if cell.endswith("%") else float(cell)
                except ValueError:
                    bad.append(f"{where}: {cell!r} for {v!r}")
                    continue
                if abs(x - float(v)) > 1e-9 * max(1, abs(float(v))):
                    bad.append(f"{where}: {cell!r} for {v!r}")
        check(not bad, f"LibreOffice: {name} ({files[name]}): " + "; ".join(bad[:5]))
    return report()


def report():
    print(f"report_xlsx: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main(path, root, created):
    z = zipfile.ZipFile(path)
    excel_rules(z)
    if failed:  # the rest reads the parts as a valid workbook
        return report()
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
    return report()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--libreoffice":
        sys.exit(lo_main(*sys.argv[2:]))
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
