#!/bin/sh
# report.sh — the web report and its workbook (stage `report`).
#
#   tests/report.sh DEMO      DEMO: a folder where `make` ran on data/demo
#                             (tests/run.sh passes its demo run)
#
# - the workbooks read back and compared to the CSVs (tests/report_xlsx.py:
#   zipfile and xml only), on the demo and on tests/fixtures/small (which
#   has hidden cells), with the rules Excel checks before it offers a repair;
# - the same workbooks opened by LibreOffice headless, every sheet exported
#   as CSV and compared to the CSVs;
# - the author's text: numbers filled in from the indicator tables with
#   French and English typography; bad declarations and placeholders give
#   file:line:column messages and rejects, exit 1, and no report;
# - the report in headless Chromium with axe-core (tests/browser/report.mjs;
#   npm ci installs playwright-core and axe-core from package-lock.json),
#   screenshots in build/report-shots/ to be looked at.
# Prints "report.sh: N passed, M failed"; exit 1 on a failure.
set -eu
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$top/build/bin} # the programs under test (make check SAN=1: build/san/bin)
demo=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fails=0
ok() { pass=$((pass + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
nnbsp=$(printf '\342\200\257')

# ---------------------------------------------------------------- workbooks
xlsx() { # WORKBOOK ROOT CREATED
    python3 "$top/tests/report_xlsx.py" "$@" >"$tmp/xlsx.out" 2>&1 && ok || { fail "workbook $1:"; head "$tmp/xlsx.out"; }
}
xlsx "$demo/out/report/annexes.xlsx" "$demo" 2025-03-31T00:00:00Z
xlsx "$demo/out/report/en/annexes.xlsx" "$demo" 2025-03-31T00:00:00Z
MAKEFLAGS= MAKELEVEL= make -s --no-print-directory -C "$top" BIN="$bin" DATA="$top/tests/fixtures/small" \
    OUT="$tmp/small" FIG="$tmp/smallfig" report >"$tmp/small.log" 2>&1 || { fail "make report on the small fixture"; cat "$tmp/small.log"; }
xlsx "$tmp/small/report/annexes.xlsx" / 2024-04-30T00:00:00Z
grep -q 'class="finding"' "$tmp/small/report/index.html" && ok || fail "small fixture: no finding without author's text"
# privacy: the fixture's privacy.csv names a speaker (Karine) and a place
# (banque alimentaire); neither the page nor the workbook publishes them
# (the privacy flags table names each term beside its excerpt: not in the report)
for f in "$tmp/small/report/index.html" "$tmp/small/report/en/index.html"; do
    grep -q -e Karine -e 'banque alimentaire' "$f" && fail "$f publishes a privacy term" || ok
done
python3 -c 'import sys, zipfile; sys.exit(any(b"Karine" in z.read(n) or b"banque alimentaire" in z.read(n) for z in [zipfile.ZipFile(sys.argv[1])] for n in z.namelist()))' \
    "$tmp/small/report/annexes.xlsx" && ok || fail "the workbook publishes a privacy term"
# The Excel rules can fail: a copy of the workbook with a sheet renamed as
# another (Excel would offer to repair it; LibreOffice opens it silently).
python3 - "$demo/out/report/annexes.xlsx" "$tmp/dup.xlsx" <<'PY'
import copy, sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for i in src.infolist():
        d = src.read(i.filename)
        if i.filename == "xl/workbook.xml":
            d = d.replace(b'name="indicators_qualitative"', b'name="INDICATORS_participation"')
        z.writestr(copy.copy(i), d)
PY
python3 "$top/tests/report_xlsx.py" "$tmp/dup.xlsx" "$demo" 2025-03-31T00:00:00Z >"$tmp/dup.out" 2>&1 &&
    fail "a workbook with two sheets of one name passes the Excel rules" ||
    { grep -q "twice" "$tmp/dup.out" && ok || { fail "duplicate sheet name:"; cat "$tmp/dup.out"; }; }

# LibreOffice (Debian's libreoffice-calc-nogui) opens each workbook headless
# and writes every sheet as CSV: exit 0, nothing on stderr (soffice.bin,
# not the soffice script, whose launcher warns about Java it does not need),
# and every cell as the CSVs have it (tests/report_xlsx.py --libreoffice).
# It opens a workbook Excel would refuse without a word (two sheets of one
# name, a sheet of broken XML: its cells are lost), so the Excel rules above
# stay; "Error: source file could not be loaded" (a broken zip) still exits 0.
lo=$(dirname "$(readlink -f "$(command -v soffice)")")/soffice.bin
lo_env=-env:UserInstallation=file://$tmp/lo-profile
"$lo" "$lo_env" --headless --norestore --terminate_after_init >/dev/null 2>&1 || true # first start: the profile
libreoffice() { # WORKBOOK ROOT
    lo_n=$((${lo_n:-0} + 1)) d=$tmp/lo-$lo_n
    start=$(date +%s)
    rc=0
    "$lo" "$lo_env" --headless --norestore --convert-to \
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1' \
        --outdir "$d" "$1" >"$tmp/lo.out" 2>"$tmp/lo.err" || rc=$?
    if [ $rc != 0 ] || [ -s "$tmp/lo.err" ]; then
        fail "LibreOffice on $1: exit $rc"; cat "$tmp/lo.err"
    else
        python3 "$top/tests/report_xlsx.py" --libreoffice "$d" "$@" >"$tmp/xlsx.out" 2>&1 && ok ||
            { fail "LibreOffice read $1:"; head "$tmp/xlsx.out"; }
    fi
    echo "report.sh: LibreOffice read $1 in $(($(date +%s) - start)) s"
}
libreoffice "$demo/out/report/annexes.xlsx" "$demo"
libreoffice "$tmp/small/report/annexes.xlsx" /

# a label no table gives in English stays French, marked lang="fr"
sed -i 's/,Familles isolées,/,Familles très isolées,/' "$tmp/small/level2/convergence_evidence.csv"
(cd "$top" && "$bin/report" --lang en --in "$tmp/small" --figures "$tmp/smallfig/en" --text "$tmp/none" \
    --out "$tmp/fallback") >"$tmp/fallback.log" 2>&1 &&
    grep -q '<td lang="fr">Familles très isolées</td>' "$tmp/fallback/index.html" && ok ||
    { fail "an untranslated label is not marked lang=fr"; cat "$tmp/fallback.log"; }

# ---------------------------------------------------------------- the author's text
h=$demo/out/report/index.html
grep -q "rejoint 5${nnbsp}305 familles, dont 61${nnbsp}% étaient isolées" "$h" && ok || fail "French numbers in the key messages"
grep -q "reached 5,305 families, 61% of them isolated" "$demo/out/report/en/index.html" && ok || fail "English numbers in the key messages"
[ "$(grep -c 'class="finding"' "$h")" = 9 ] && ok || fail "the demo report has not 9 findings"
# the English page's evidence in English: the indicator tables have only the
# dataset's (French) label; the report finds the English one in the tables
# that have both, part by part for "item (group)"
findings_en=$(sed -n '/<section id="findings"/,/<section id="annexes"/p' "$demo/out/report/en/index.html")
printf '%s\n' "$findings_en" | grep -q '<td>Isolated families</td>' &&
    printf '%s\n' "$findings_en" | grep -q '<td>Going where families are (Outreach workers)</td>' &&
    ! printf '%s\n' "$findings_en" | grep -q -e 'Familles isolées' -e '<td lang="fr">' && ok ||
    fail "the English report's evidence is not in English"
grep -q '<img src="figures/families_monthly.png" alt="Diagramme' "$h" && [ -s "$demo/out/report/figures/families_monthly.png" ] &&
    ok || fail "a finding's figure is not shown or not copied"

# the methods annex: a section per statistic of the tables, in French from
# docs/methods/*.fr.md, in English from METHODS.md's own section; each table
# links to its methods; an index naming a section METHODS.md lacks is an error
grep -q "<h4 id=\"method-shares-h\">Parts et leurs intervalles de confiance à 95${nnbsp}%</h4>" "$h" &&
    grep -q '<h4 id="method-shares-h">Shares and their 95 % intervals</h4>' "$demo/out/report/en/index.html" &&
    grep -q 'is the Wilson score interval' "$demo/out/report/en/index.html" &&
    grep -q "l’intervalle de score de Wilson" "$h" &&
    grep -q '<h4 id="method-agreement-h">Accord entre codeurs</h4>' "$h" &&
    ! grep -q '<section id="method-[^"]*" [^>]*lang="en">' "$h" &&
    [ "$(grep -c '<section id="method-' "$h")" = "$(($(wc -l <"$top/docs/methods/index.csv") - 1))" ] &&
    grep -q '<p class="methods-of">Méthodes' "$h" && grep -q '<a href="#method-shares">' "$h" && ok ||
    fail "the methods annex: a section per statistic, in the page's language"
# a method without French text: its English section, marked lang="en", with a note
sed 's/,agreement\.fr\.md$/,/' "$top/docs/methods/index.csv" >"$tmp/index.csv"
cp "$top"/docs/methods/*.md "$tmp/"
(cd "$top" && "$bin/report" --in "$demo/out" --figures "$demo/figures" --text "$tmp/none" --out "$tmp/eout" \
    --methods-index "$tmp/index.csv") >/dev/null 2>&1 &&
    grep -q '<section id="method-agreement" aria-labelledby="method-agreement-h" lang="en">' "$tmp/eout/index.html" &&
    grep -q "Cette section n.*est décrite qu.*en anglais" "$tmp/eout/index.html" && ok ||
    fail "a method without French text: not its English section marked lang=\"en\""
sed 's/,Counts,/,Countings,/' "$top/docs/methods/index.csv" >"$tmp/index.csv"
rc=0
(cd "$top" && "$bin/report" --in "$demo/out" --figures "$demo/figures" --text "$tmp/none" --out "$tmp/mout" \
    --methods-index "$tmp/index.csv") >/dev/null 2>"$tmp/m.err" || rc=$?
[ $rc = 1 ] && grep -q "index.csv:2: no section 'Countings' under 'Participation reports (stage \`participation\`)' in docs/METHODS.md" "$tmp/m.err" &&
    ok || { fail "an index naming no METHODS section: exit $rc"; cat "$tmp/m.err"; }
# French typography in the whole French page, as in the figures: U+202F
# (or U+00A0, as data/messages.csv writes it before :) before : ; ? ! % and
# inside « », never a plain space, which breaks (code and preformatted
# text, and the English text of a method, aside)
python3 - "$h" >"$tmp/typo.out" <<'PY' && ok || { fail "French typography:"; cat "$tmp/typo.out"; }
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
h = re.sub(r'<pre>.*?</pre>|<code>.*?</code>|<style>.*?</style>|<[^>]* lang="en"[^>]*>.*?</section>', "", h, flags=re.S)
text = re.sub(r"<[^>]+>", "", h)
bad = [text[max(0, m.start() - 30):m.end() + 10] for m in re.finditer(r" [:;?!%]|« | »", text)]
print("\n".join(bad[:10]))
sys.exit(1 if bad else 0)
PY

# bad_text NAME EXPECTED-STDERR: a broken copy of the demo's text (made by the
# caller in $tmp/text) gives exactly these messages, exit 1, no report.
bad_text() {
    rm -rf "$tmp/badout"
    rc=0
    (cd "$top" && "$bin/report" --in "$demo/out" --figures "$demo/figures" --text "$tmp/text" \
        --out "$tmp/badout") >/dev/null 2>"$tmp/bad.err" || rc=$?
    sed "s|$tmp/||g" "$tmp/bad.err" >"$tmp/bad.got"
    printf '%s\n' "$2" >"$tmp/bad.want"
    [ $rc = 1 ] && diff "$tmp/bad.want" "$tmp/bad.got" >/dev/null && [ ! -e "$tmp/badout/index.html" ] &&
        [ ! -e "$tmp/badout/annexes.xlsx" ] && [ -s "$tmp/badout/rejects.csv" ] && ok ||
        { fail "bad text $1: exit $rc"; diff "$tmp/bad.want" "$tmp/bad.got" | head; }
}
fresh() { rm -rf "$tmp/text"; cp -r "$top/data/demo/report" "$tmp/text"; }
fresh
sed -i 's/^finding,reach,M1,REACH,/finding,reach,M9,REACHES,/; s/^finding,match,M4,MATCH,,/finding,match,M4,MATCH,no_such_figure,/' "$tmp/text/report.csv"
sed -i 's/^finding,invest,/finding,reach,/' "$tmp/text/report.csv"
bad_text declaration "report: text/report.csv:2:2: id: a key message with no finding ('M1')
report: text/report.csv:8:3: message: not the id of a key message of this file ('M9')
report: text/report.csv:8:4: theme: not a theme of themes.csv (out/level2/convergence_themes.csv) ('REACHES')
report: text/report.csv:13:5: figures: not a figure of the catalogue (captions.csv) ('no_such_figure')
report: text/report.csv:16:2: id: repeated id ('reach')
report: badout/rejects.csv: 5 problems in the author's text; nothing written"
fresh
printf 'Line one.\nEn {months} mois, {familles} et {families.mean} ; {{ok} {q_score_Q_WORKERS_MANDATE}.\n' >"$tmp/text/match.fr.md"
rm "$tmp/text/invest.en.md"
bad_text placeholders "report: text/match.fr.md:2:19: text: unknown indicator (not in out/level1/indicators_*.csv) ('{familles}')
report: text/match.fr.md:2:33: text: unknown field, expected n, ci_low or ci_high ('{families.mean}')
report: text/match.fr.md:2:57: text: the indicator has no published value (hidden or not computed) ('{q_score_Q_WORKERS_MANDATE}')
report: text/report.csv:16:7: text_en: no such file ('invest.en.md')
report: badout/rejects.csv: 4 problems in the author's text; nothing written"

# ---------------------------------------------------------------- in a browser
shots=$top/build/report-shots
mkdir -p "$shots"
b=$top/tests/browser
if [ ! -d "$b/node_modules" ] || [ "$b/package-lock.json" -nt "$b/node_modules" ]; then
    (cd "$b" && npm ci --no-audit --no-fund >"$tmp/npm.log" 2>&1 && touch node_modules) ||
        { fail "npm ci in tests/browser"; tail "$tmp/npm.log"; }
fi
start=$(date +%s)
node "$b/report.mjs" "$demo/out/report" "$shots" 9 >"$tmp/browser.out" 2>&1 && ok ||
    { fail "the report in Chromium:"; head -20 "$tmp/browser.out"; }
echo "report.sh: browser test $(($(date +%s) - start)) s, screenshots in build/report-shots/"

echo "report.sh: $pass passed, $fails failed"
[ $fails = 0 ]
