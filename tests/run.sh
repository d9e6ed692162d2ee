#!/bin/sh
# run.sh — stage tests: end to end on data/demo (run by make), golden files
# on the small fixture, bad-input cases, determinism, reproduction of the
# demo against tests/golden, the Makefile's prerequisites, the documents'
# paths (tests/docs.sh), and the programs' command lines.
#
#   tests/run.sh            run every test
#   tests/run.sh --update   rewrite the golden files (review the diff!)
#
# Bad-input cases are folders tests/bad/<case>/: the files there replace
# those of tests/fixtures/small; expected.rc is the exit status of ingest,
# expected.stderr its exact messages, expected.ingest.csv the report (counts)
# and expected.rejects.csv all rejects files concatenated; when the case has
# expected.answers.csv, the clean answers must equal it.  Its README says in
# one line what the case checks.
set -eu
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$top/build/bin} # the programs (make check SAN=1 gives build/san/bin)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
update=0
[ "${1:-}" = "--update" ] && update=1
fails=0
pass=0

ok() { pass=$((pass + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# ---------------------------------------------------------------- the pipeline, as make runs it
# make_in DIR [MAKE ARGUMENTS]: `make` in DIR, a folder of links to the
# repository's files (Makefile, data, sources, VERSION...) with its own
# out/ and figures/, so a run there is a run from a clone and its manifest
# has the usual relative paths (data/demo/..., out/..., figures/...).  The
# programs are the ones this script tests ($bin, already built).  MAKEFLAGS
# is cleared so that the script runs the same from `make check` or by hand.
make_in() {
    d=$1; shift
    if [ ! -d "$d" ]; then
        mkdir -p "$d"
        for f in "$top"/*; do
            case ${f##*/} in out|figures) ;; *) ln -s "$f" "$d/" ;; esac
        done
    fi
    pv_make -C "$d" DATA=data/demo OUT=out FIG=figures "$@"
}
pv_make() { MAKEFLAGS= MAKELEVEL= make -s --no-print-directory BIN="$bin" "$@"; }

# The demo run that e2e, determinism and reproduction look at: `make` (the
# pipeline and the manifest), then `make figures-en`.  Both print nothing.
demo=$tmp/demo
demo_run() {
    make_in "$demo" >"$tmp/demo.log" 2>&1 && make_in "$demo" figures-en >>"$tmp/demo.log" 2>&1 ||
        { fail "make on data/demo"; cat "$tmp/demo.log"; return; }
    # nothing but the run's summary (three lines: sources, rows, outputs)
    [ "$(grep -vc '^summary: ' "$tmp/demo.log")" = 0 ] && [ "$(grep -c '^summary: ' "$tmp/demo.log")" = 3 ] &&
        grep -qx 'summary: sources: participation, questionnaire, qualitative' "$tmp/demo.log" && ok ||
        { fail "make on data/demo: messages other than the summary"; head "$tmp/demo.log"; }
}

# ---------------------------------------------------------------- page budget
# Every demo figure, French and English, fits a Letter page inside its
# margins at the report-column width (pipeline/chart.h, "Page budget"): the
# SVG's height in points is at most 620.  A figure that grows past it is
# split with the catalogue's `subset` column (data/README.md).
page_budget() {
    for f in "$demo"/figures/*.svg "$demo"/figures/en/*.svg; do
        [ -f "$f" ] || { fail "page budget: no demo figures"; return; }
        h=$(xmllint --nonet --xpath 'string(/*/@height)' "$f" 2>/dev/null)
        h=${h%pt}
        [ -n "$h" ] && [ "${h%.*}" -le 620 ] || fail "page budget: ${f#$demo/} is ${h:-?} pt tall (at most 620)"
    done
    ok
}

# ---------------------------------------------------------------- accessibility
# Every demo figure carries its words for readers who do not see it
# (pipeline/chart.h, alt): the SVG has <title> and a non-empty <desc>
# (cairo writes neither), the PDF a Title and a Subject; the alt text in
# captions.csv says what the chart shows in at most 320 characters (it
# listed every value, up to 7 906) and names its data file.
accessibility() {
    for f in "$demo"/figures/*.svg "$demo"/figures/en/*.svg; do
        t=$(xmllint --nonet --xpath 'string(/*[local-name()="svg"]/*[local-name()="title"])' "$f" 2>/dev/null)
        d=$(xmllint --nonet --xpath 'string(/*[local-name()="svg"]/*[local-name()="desc"])' "$f" 2>/dev/null)
        [ -n "$t" ] && [ -n "$d" ] || { fail "accessibility: ${f#$demo/} has no <title> or <desc>"; return; }
        p=${f%.svg}.pdf
        pdfinfo "$p" | grep -q '^Subject: *[^ ]' && pdfinfo "$p" | grep -q '^Title: *[^ ]' ||
            { fail "accessibility: ${p#$demo/} has no Title or Subject"; return; }
    done
    python3 - "$demo/figures/captions.csv" "$demo/figures/en/captions.csv" >"$tmp/alt.out" 2>&1 <<'PY' && ok ||
import csv, sys
bad = 0
for path in sys.argv[1:]:
    for r in csv.DictReader(open(path, encoding="utf-8")):
        a = r["alt_text"]
        if not (40 <= len(a) <= 320) or r["figure"] + ".csv" not in a:
            print(path, r["figure"], len(a), a[:80]); bad = 1
sys.exit(bad)
PY
        { fail "accessibility: alt texts:"; head -5 "$tmp/alt.out"; }
}

# ---------------------------------------------------------------- figure book
# figures/figures.pdf is a print proof (pipeline/chart.h, "The figure
# book"): every page US Letter (its pages were each the size of their
# figure), a contents page that lists every figure with its page, then a
# page per figure, each numbered at its foot.
book() {
    for lang in "" en/; do
        f=$demo/figures/${lang}figures.pdf
        n=$(($(wc -l <"$demo/figures/${lang}captions.csv") - 1))
        pages=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
        other=$(pdfinfo -f 1 -l "$pages" "$f" | grep '^Page .* size:' | grep -vc ' 612 x 792 pts' || :)
        [ "$pages" = $((n + 1)) ] && [ "$other" = 0 ] ||
            { fail "book ${lang}: $pages pages for $n figures, $other not Letter"; continue; }
        pdftotext -layout -f 1 -l 1 "$f" - | grep -qE "^Figure $n\. .* $pages\$" &&
            pdftotext -layout -f 1 -l 1 "$f" - | grep -qE '^(Table des matières|Contents)$' &&
            pdftotext -layout -f "$pages" -l "$pages" "$f" - | grep -qE "^ *$pages *\$" && ok ||
            fail "book ${lang}: no contents entry of figure $n on page $pages, or no page number"
    done
}

# ---------------------------------------------------------------- axes
# A value axis with fixed ends gets nice ticks on both ends (chart.h): the
# kappa axis of -0.5 .. 1 had two ticks (-0,5 and 1,0), the 1 .. 4 score
# axis must not lose its halves.
axes() {
    got=$(pdftotext "$demo/figures/ql_agreement_1.pdf" - | grep -E '^(−|-)?[0-9],[0-9]+$' | tr '\n' ' ')
    [ "$got" = "−0,50 −0,25 0,00 0,25 0,50 0,75 1,00 " ] && ok || fail "kappa axis ticks: '$got'"
    got=$(pdftotext "$demo/figures/q_parents_scores.pdf" - | grep -E '^[0-9],[0-9]+$' | tr '\n' ' ')
    [ "$got" = "1,0 1,5 2,0 2,5 3,0 3,5 4,0 " ] && ok || fail "score axis ticks: '$got'"
}

# ---------------------------------------------------------------- French typography
# Every French string the figures stage writes for readers (captions.csv:
# titles, captions, alt texts; each figure's data CSV: labels and texts
# shown) is in French typography (fmt.h, pv_fmt_typo): no breakable space
# before ; : ! ? or %, none in "n = ...", no straight apostrophe between
# letters, OQLF month abbreviations (juill., not juil.).
french_typo() {
    d=$demo/figures
    [ -f "$d/captions.csv" ] || { fail "French typography: no captions"; return; }
    grep -nP " [;:!?%]|(^|[^[:alnum:]])n = |[[:alpha:]]'[[:alpha:]]|\bjuil\.|^[^,]*,[^,]*[[:alpha:]]'" \
        "$d/captions.csv" "$d"/*.csv >"$tmp/typo.out" 2>&1 || :
    [ ! -s "$tmp/typo.out" ] && ok || { fail "French typography:"; head -5 "$tmp/typo.out"; }
}

# ---------------------------------------------------------------- signs
# What a figure does not show has one sign per meaning, the same in every
# figure (docs/METHODS.md, "What a figure does not show"): x suppressed,
# ... not asked, .. undefined.  Every sign a figure's data file shows
# (shown_as) is defined in that figure's caption, and no other sign
# (the dash once meant both suppressed and undefined) is used.
signs() {
    for lang in "" en/; do
        d=$demo/figures/$lang
        [ -f "$d/captions.csv" ] || { fail "signs: no captions in $d"; continue; }
        gawk -v FPAT='([^,]*)|("([^"]|"")*")' -v dir="$d" '
            FNR == 1 { next }
            { fig = $1; cap = $3; f = dir "/" $6
              while ((getline line < f) > 0) {
                  n = split(line, a, ",")
                  s = a[n]
                  if (s != "x" && s != "..." && s != ".." && s != "\342\200\224") continue
                  used[fig] = used[fig] " " s
                  if (s == "\342\200\224") { print fig ": a dash sign"; bad = 1; continue }
                  if (!index(cap, " " s "\342\200\257:") && !index(cap, " " s ":") && !index(cap, " " s " :") && !index(cap, " " s "\302\240:")) {
                      print fig ": sign " s " not defined in its caption"; bad = 1 }
              }
              close(f) }
            END { exit bad }' "$d/captions.csv" >"$tmp/signs.out" 2>&1 && ok ||
            { fail "signs ($lang):"; head "$tmp/signs.out"; }
    done
}

# ---------------------------------------------------------------- effect sizes
# questionnaire_effects.csv on the demo against R (tests/expected/effects.R:
# effectsize::hedges_g, and by formula with uniroot on pt), the forest
# figure's numbers against that table, and bad forest rows of a catalogue.
effects() {
    out=$demo/out fig=$demo/figures
    e=$out/level1/questionnaire_effects.csv
    [ -f "$e" ] || { fail "effects: no $e"; return; }
    compare_r "$top/tests/expected/effects_demo.csv" "$e" "family construct group_a group_b" \
        "n_a n_b ?value ?ci_low ?ci_high"
    cmp_tol=1e-5 compare_r "$top/tests/expected/effects_demo.csv" "$e" "family construct group_a group_b" \
        "?es_value:value ?es_ci_low:ci_low ?es_ci_high:ci_high"
    # the "?" above lets a hidden row be empty: most rows are shown, and the
    # hidden ones say why
    shown=$(gawk -v FPAT='([^,]*)|("([^"]|"")*")' 'NR > 1 && $10 != "" { n++ } END { print n + 0 }' "$e")
    hidden=$(grep -c ',,,,not shown: a score statistic it is computed from is hidden (small cells),value:complementary$' "$e")
    [ "$shown" = 10 ] && [ "$hidden" = 2 ] && ok || fail "effects: $shown rows shown, $hidden hidden; want 10 and 2"
    # the figure shows the table's rows of its family, in order, hidden ones as x
    want=$(gawk -v FPAT='([^,]*)|("([^"]|"")*")' '$1 == "constructs_by_group" { print ($10 == "" ? "x" : sprintf("%.6f %.6f %.6f", $10, $11, $12)) }' "$e")
    for d in "$fig" "$fig/en"; do
        got=$(gawk -v FPAT='([^,]*)|("([^"]|"")*")' 'NR > 1 { print ($3 == "" ? $6 : sprintf("%.6f %.6f %.6f", $3, $4, $5)) }' "$d/q_effects_by_group.csv")
        [ -n "$want" ] && [ "$got" = "$want" ] && ok || { fail "forest figure data ($d) differs from questionnaire_effects.csv"; echo "want: $want"; echo "got: $got"; }
    done
    grep -q '^q_effects_by_group,.*n = 275\.' "$fig/en/captions.csv" && ok || fail "forest caption: n = 275 (50 + 45 + 180 respondents of the three groups)"
    # a family the table lacks, or two series, reject the row at its series
    # column; the good row beside them is drawn
    row=$(grep '^q_effects_by_group,' "$top/data/demo/figures.csv")
    { head -1 "$top/data/demo/figures.csv"
      echo "$row" | sed 's/^q_effects_by_group,forest,questionnaire_effects.csv,constructs_by_group,/f1,forest,questionnaire_effects.csv,constructs_by_region,/'
      echo "$row" | sed 's/^q_effects_by_group,forest,questionnaire_effects.csv,constructs_by_group,g de Hedges,Hedges. g,/f2,forest,questionnaire_effects.csv,constructs_by_group;constructs_by_group,a;b,a;b,/'
      echo "$row" | sed 's/^q_effects_by_group,/f3,/; s/,,$/,construct=CONCERT,/'; } >"$tmp/badforest.csv"
    rc=0; "$bin/figures" --catalogue "$tmp/badforest.csv" --in "$out" --out "$tmp/badforest" 2>"$tmp/badforest.err" || rc=$?
    [ $rc = 1 ] && [ -s "$tmp/badforest/f3.png" ] && [ ! -e "$tmp/badforest/f1.png" ] && [ ! -e "$tmp/badforest/f2.png" ] &&
        grep -q "^badforest.csv,2,4,series,constructs_by_region,no comparison of family 'constructs_by_region' in questionnaire_effects.csv" "$tmp/badforest/rejects.csv" &&
        grep -q "^badforest.csv,3,4,series,constructs_by_group;constructs_by_group,\"a forest plot draws one family of comparisons: one series, not 2\"" "$tmp/badforest/rejects.csv" &&
        grep -q "badforest.csv:2:4: series: " "$tmp/badforest.err" &&
        [ "$(grep -c . "$tmp/badforest/f3.csv")" = 4 ] && ok ||
        { fail "forest: bad catalogue rows: exit $rc, want 1, f3 drawn (3 rows), f1 and f2 rejected"; cat "$tmp/badforest.err" "$tmp/badforest/rejects.csv"; }
}

# Shares and rates by category (share_ci, response_rates) and categorical
# colours: each figure's data file against the level-1 table it draws, the
# signs of what it cannot show, and bad catalogue rows of these kinds
# rejected at file:line:column.
shares() {
    out=$demo/out fig=$demo/figures
    [ -f "$fig/captions.csv" ] || { fail "shares: no demo figures"; return; }
    # every category's share and interval, as participation_<by>.csv has them
    for by in region carrier; do
        gawk -v FPAT='([^,]*)|("([^"]|"")*")' '
            FNR == 1 { next }
            FILENAME == ARGV[1] && $1 != "total" { want[$2] = $7 + 0 "," $8 + 0 "," $9 + 0; n++; next }
            FILENAME == ARGV[2] { m++; got = $3 + 0 "," $4 + 0 "," $5 + 0
                if (!($1 in want) || want[$1] != got) { print $1 ": " got ", table " want[$1]; bad = 1 } }
            END { if (m != n) { print m " rows, table " n; bad = 1 }; exit bad }' \
            "$out/level1/participation_$by.csv" "$fig/families_isolated_$by.csv" >"$tmp/shares.out" &&
            ok || { fail "families_isolated_$by.csv vs participation_$by.csv:"; head -5 "$tmp/shares.out"; }
    done
    # the reference line is the overall share of the indicator table
    ref=$(awk -F, '$2 == "families_isolated" { printf "%.0f", 100 * $5 }' "$out/level1/indicators_participation.csv")
    nnbsp=$(printf '\342\200\257')
    grep -q "^families_isolated_region,.*Trait vertical${nnbsp}: ensemble des familles, $ref${nnbsp}% " "$fig/captions.csv" &&
        grep -q "^families_isolated_carrier,.*Vertical line: all families, $ref% " "$fig/en/captions.csv" && ok ||
        fail "share_ci: the overall share ($ref %) is not the reference in the captions"
    # response rates: the table's rates; no number invited (and none hidden):
    # undefined (..), never 0
    gawk -v FPAT='([^,]*)|("([^"]|"")*")' '
        FNR == 1 { next }
        FILENAME == ARGV[1] { rate[++n] = $5; lo[n] = $6; hi[n] = $7; inv[n] = $3; sup[n] = $9; next }
        function far(a, b) { return (a - b) ^ 2 > 1e-18 * (b * b + 1e-300) } # the figure file has 10 digits
        { k++; if ($3 != "" ? far($3, rate[k]) || far($4, lo[k]) || far($5, hi[k]) : rate[k] != "") { print "row " k ": " $0; bad = 1 }
          if (inv[k] == "" && sup[k] == "" && ($3 != "" || $6 != "..")) { print "row " k " without invited: " $0; bad = 1 } }
        END { if (k != n) { print k " rows, table " n; bad = 1 }; exit bad }' \
        "$out/level1/questionnaire_response_rates.csv" "$fig/q_response_rates.csv" >"$tmp/rates.out" &&
        grep -q "^q_response_rates,.* \.\.${nnbsp}: non défini" "$fig/captions.csv" && ok ||
        { fail "q_response_rates.csv vs questionnaire_response_rates.csv:"; head -5 "$tmp/rates.out"; }
    # cv_summary: the convergence categories' colours of colours.csv
    # (agreement sky blue #56B4E9, dissonance vermillion #D55E00), as the
    # joint display has them; drawn without colours.csv, the series' blue
    sky='rgb(33.72549%,70.588235%,91.372549%)' verm='rgb(83.529412%,36.862745%,0%)'
    rc=0; "$bin/figures" --catalogue "$top/data/demo/figures.csv" --in "$out" --out "$tmp/nocolours" \
        >/dev/null 2>&1 || rc=$?
    grep -q "$sky" "$fig/cv_summary.svg" && grep -q "$verm" "$fig/cv_summary.svg" &&
        ! grep -q "$verm" "$tmp/nocolours/cv_summary.svg" && ok ||
        fail "cv_summary: not in the convergence categories' colours (exit $rc without colours.csv)"
    # bad rows of these kinds: two series for one overall share, an
    # indicator the table lacks, an instrument without a response rate
    { head -1 "$top/data/demo/figures.csv"
      grep '^families_isolated_region,' "$top/data/demo/figures.csv" | sed 's/,families_isolated,ensemble des familles,/,families_isolated;families,a;b,/'
      grep '^families_isolated_carrier,' "$top/data/demo/figures.csv" | sed 's/,families_isolated,/,no_such_share,/'
      grep '^q_response_rates,' "$top/data/demo/figures.csv" | sed 's/Q_PARENTS;/Q_NOBODY;/'
      grep '^cv_summary,' "$top/data/demo/figures.csv"; } >"$tmp/badshare.csv"
    rc=0; "$bin/figures" --catalogue "$tmp/badshare.csv" --colours "$top/data/colours.csv" --in "$out" \
        --out "$tmp/badshare" 2>"$tmp/badshare.err" || rc=$?
    [ $rc = 1 ] && [ -s "$tmp/badshare/cv_summary.png" ] && [ ! -e "$tmp/badshare/families_isolated_region.png" ] &&
        grep -q '^badshare.csv,2,4,series,families_isolated;families,"share_ci has one series' "$tmp/badshare/rejects.csv" &&
        grep -q "^badshare.csv,3,4,series,no_such_share,no indicator 'no_such_share' in indicators_participation.csv" "$tmp/badshare/rejects.csv" &&
        grep -q "^badshare.csv,4,4,series,Q_NOBODY;.*,no instrument 'Q_NOBODY' in questionnaire_response_rates.csv" "$tmp/badshare/rejects.csv" &&
        grep -q "badshare.csv:3:4: series: " "$tmp/badshare.err" && ok ||
        { fail "bad share_ci / response_rates rows: exit $rc, want 1 with each rejected"; cat "$tmp/badshare.err"; }
}

# ---------------------------------------------------------------- end to end
# The pilot's published figures (README.md, "Your own data"; data/README.md,
# "The demo generator"): they are the independent expectation for data/demo.
e2e() {
    out=$demo/out fig=$demo/figures
    [ -f "$out/manifest.csv" ] || { fail "e2e: no demo run"; return; }
    h=$out/level1/participation_headline.csv
    check_headline() { # indicator count denominator rounded-percent
        line=$(grep "^$1," "$h") || { fail "headline: no $1"; return; }
        got=$(echo "$line" | awk -F, '{ printf "%s %s %s", $(NF-5), $(NF-4), ($(NF-4) == "" ? "" : sprintf("%.0f", 100 * $(NF-3))) }')
        want=$(printf "%s %s %s" "$2" "$3" "$4")
        [ "$got" = "$want" ] && ok || fail "headline $1: got '$got', want '$want'"
    }
    check_headline territories 50 "" ""
    check_headline regions 13 "" ""
    check_headline months 15 "" ""
    check_headline families 5305 "" ""
    check_headline families_isolated 3236 5305 61
    check_headline children 10036 "" ""
    check_headline children_young 5921 10036 59
    check_headline referrals 10241 "" ""
    check_headline referrals_headline 8500 10241 83
    check_headline territories_carrier_OCF 41 "" ""
    check_headline territories_carrier_CPSC 7 "" ""
    check_headline territories_carrier_OCF+CPSC 2 "" ""
    period=$(awk -F, '$1 == "period_start" || $1 == "period_end" { printf "%s ", $2 }' "$out/clean/config.csv")
    [ "$period" = "2024-01-01 2025-03-31 " ] && ok || fail "period: $period"
    # The headline intervals against R's prop.test (tests/expected/wilson.csv,
    # 15 significant digits), to 1e-9 relative
    for row in families_isolated:3236:5305 children_young:5921:10036 referrals_headline:8500:10241; do
        id=${row%%:*} xn=${row#*:}
        want=$(awk -F, -v x="${xn%%:*}" -v n="${xn#*:}" '$1 == x && $2 == n { printf "%s %s", $4, $5 }' "$top/tests/expected/wilson.csv")
        got=$(awk -F, -v id="$id" '$1 == id { printf "%s %s", $(NF-2), $(NF-1) }' "$h")
        [ -n "$want" ] && echo "$got $want" | awk 'NF != 4 { exit 1 } { for (i = 1; i <= 2; i++) { d = $i - $(i + 2); if (d < 0) d = -d
                if ($i == "" || d > 1e-9 * $(i + 2)) exit 1 } }' && ok ||
            fail "headline $id interval: got '$got', R gives '$want'"
    done
    # the evaluation's expected dissonance: partners misread the mandate
    grep -q '^MANDATE,.*,dissonance,' "$out/level2/convergence_themes.csv" && ok || fail "MANDATE is not dissonant"
    # questionnaires against R on the raw demo files (tests/expected/questionnaire_demo.R)
    compare_r "$top/tests/expected/questionnaire_demo_items.csv" "$out/level1/questionnaire_items.csv" \
        "instrument_id item_id" "n_valid ?mean ?sd ?median ?q1 ?q3 ?positive_share ?ci_low ?ci_high"
    compare_r "$top/tests/expected/questionnaire_demo_constructs.csv" "$out/level1/questionnaire_constructs.csv" \
        "instrument_id construct" "n_scored ?mean ?ci_low ?ci_high ?sd ?median ?q1 ?q3 n_complete ?alpha ?alpha_std ?alpha_ci_low ?alpha_ci_high"
    compare_r "$top/tests/expected/questionnaire_demo_tests.csv" "$out/level1/questionnaire_tests.csv" \
        "family target instrument_id" "?statistic ?df ?p ?p_adjusted ?effect:effect_size"
    # who spoke: sessions and participants against Python on the raw sessions.csv
    # (tests/expected/qualitative_sessions_demo.py); a participants count from
    # 1 to threshold - 1 is hidden and marked primary, any hidden one is marked
    for by in "" _region; do
        key=group; [ -n "$by" ] && key=region
        compare_r "$top/tests/expected/qualitative_sessions${by}_demo.csv" \
            "$out/level1/qualitative_sessions$by.csv" "$key kind" "sessions ?participants"
        thr=$(awk -F, '$1 == "small_cell_threshold" { print $2 }' "$out/clean/config.csv")
        if gawk -v FPAT='([^,]*)|("([^"]|"")*")' -v thr="${thr:-5}" '
            FNR == 1 { next }
            FILENAME == ARGV[1] { want[$1 SUBSEP $2] = $4; next }
            { w = want[$1 SUBSEP $2]; n++
              if (w > 0 && w < thr && ($6 != "" || $7 !~ /participants:primary/)) { print "shown or unmarked: " $1 " " $2; bad = 1 }
              if ($6 == "" && $7 !~ /participants:(primary|complementary)/) { print "hidden, unmarked: " $1 " " $2; bad = 1 } }
            END { exit bad || n == 0 }' "$top/tests/expected/qualitative_sessions${by}_demo.csv" \
            "$out/level1/qualitative_sessions$by.csv" >"$tmp/who.out"; then ok; else
            fail "qualitative_sessions$by.csv small cells:"; head -5 "$tmp/who.out"; fi
    done
    # French and English typography of the published numbers in captions
    nnbsp=$(printf '\342\200\257')
    grep -q "^families_region,.*n${nnbsp}=${nnbsp}5${nnbsp}305\." "$fig/captions.csv" && ok || fail "French caption: n = 5 305 with U+202F"
    grep -q "^referrals_destination,.*n${nnbsp}=${nnbsp}10${nnbsp}241\." "$fig/captions.csv" && ok || fail "French caption: n = 10 241"
    grep -q "janv\. 2024 – mars 2025" "$fig/captions.csv" && ok || fail "French period"
    nbsp=$(printf '\302\240')
    grep -q "valeur${nnbsp}: Organisme communautaire (7${nnbsp}493)${nnbsp}; la plus petite${nnbsp}: Autre (154)\." "$fig/captions.csv" && ok || fail "French alt text"
    grep -q "^families_region,.*n = 5,305\." "$fig/en/captions.csv" && ok || fail "English caption: n = 5,305"
    grep -q "Jan 2024 – Mar 2025" "$fig/en/captions.csv" && ok || fail "English period"
    # small cells: no hidden cell comes back from what is published beside it
    attack "$out" "$fig" demo
    hidden_tests "$out/level1/questionnaire_tests.csv" demo
    hidden_alpha "$out" demo
    # read = kept + rejected, and nothing rejected on the demo
    awk -F, 'NR > 1 && ($5 != $6 + $7 || $7 != 0) { exit 1 }' "$out/ingest.csv" && ok || fail "demo ingest counts"
}

# compare_r EXPECTED OURS "key columns" "value columns": every row of EXPECTED
# (written by R) has a row of OURS with the same keys, and the values agree
# to 1e-9 relative (|ours - R| <= 1e-9 |R| + 1e-15: OURS is written at full
# precision, EXPECTED with 15 or 17 significant digits, so the check is on
# the computation, not on the printing; the 1e-15 is for a zero that one side
# computes as a rounding residue), or within EXPECTED's column "a_tol" on
# the rows where it has one (a Monte Carlo p: tests/expected/fisher_rule.R).
# cmp_tol=R in the environment replaces the 1e-9 relative (a reference that
# is itself a root finder's answer to its own tolerance: effectsize).
# A value column "a:b" is a in
# EXPECTED and b in OURS.  Empty in EXPECTED (R's NA) must be empty in OURS.
# A column "?a" may be empty in OURS (hidden by a small-cell rule that the R
# script does not model); when it is not empty it must agree.
# Fields are split as CSV (gawk's FPAT: quoted fields may hold commas).
compare_r() {
    if gawk -v FPAT='([^,]*)|("([^"]|"")*")' -v keys="$3" -v vals="$4" -v rel="${cmp_tol:-1e-9}" '
        function col(hdr, name,   i) { for (i = 1; i <= NF; i++) if ($i == name) return i; return 0 }
        FNR == 1 { nk = split(keys, K, " "); nv = split(vals, V, " ")
            for (i = 1; i <= nk; i++) { c = col($0, K[i]); if (!c) { print "no column " K[i]; bad = 1 } kc[FILENAME, i] = c }
            for (i = 1; i <= nv; i++) { opt[i] = sub(/^\?/, "", V[i]); split(V[i], ab, ":"); name = (FILENAME == ARGV[1]) ? ab[1] : (ab[2] ? ab[2] : ab[1])
                c = col($0, name); if (!c) { print "no column " name; bad = 1 } vc[FILENAME, i] = c
                if (FILENAME == ARGV[1]) tc[i] = col($0, ab[1] "_tol") }
            next }
        { key = ""; for (i = 1; i <= nk; i++) key = key SUBSEP $(kc[FILENAME, i]) }
        FILENAME == ARGV[1] { want[key] = 1; for (i = 1; i <= nv; i++) { W[key, i] = $(vc[FILENAME, i]); T[key, i] = tc[i] ? $(tc[i]) : "" }; next }
        key in want { seen[key] = 1; for (i = 1; i <= nv; i++) { g = $(vc[FILENAME, i]); e = W[key, i]
            tol = rel * (e < 0 ? -e : e) + 1e-15
            if (T[key, i] != "") tol = T[key, i] + 0  # a Monte Carlo p: its own tolerance
            if (opt[i] && g == "") continue  # "?col": hidden by small-cell rules R does not model
            if ((e == "") != (g == "") || (e != "" && (g - e > tol || e - g > tol))) {
                print "row" key ": " V[i] " = " g ", R gives " e; bad = 1 } } }
        END { for (k in want) if (!(k in seen)) { print "no row for" k; bad = 1 } exit bad }
    ' "$1" "$2" >"$tmp/compare.out"; then ok; else fail "$(basename "$1") vs $(basename "$2"):"; head -5 "$tmp/compare.out"; fi
}

# attack OUT FIGDIR NAME: tests/disclosure_attack.py (Python, independent of
# the C code) tries to recover every hidden cell from every published table,
# indicator and figure CSV; it fails when one is uniquely determined.
attack() {
    if python3 "$top/tests/disclosure_attack.py" "$1" "$2" >"$tmp/attack.out" 2>&1; then ok; else
        fail "hidden cells recovered on $3:"; head -10 "$tmp/attack.out"; fi
}

# hidden_tests FILE NAME: a test hidden for small cells (questionnaire_tests.csv,
# note "not shown: a count ...") shows only its family, target, instrument and
# adjustment: which test ran (Fisher's means Cochran's rule fired on the hidden
# table), its n and its effect's name are data too (docs/METHODS.md, "Small
# cells" of the questionnaires).
hidden_tests() {
    if gawk -v FPAT='([^,]*)|("([^"]|"")*")' '
        NR > 1 && $13 ~ /^"?not shown: a count/ { n++
            for (i = 4; i <= 12; i++) if (i != 10 && $i != "") { print "shown: " $1 " " $2 " " $3 " column " i " = " $i; bad = 1 } }
        END { exit bad || n == 0 }' "$1" >"$tmp/hidden_tests.out"; then ok; else
        fail "hidden tests of $2 show more than family, target, instrument, adjustment (or none hidden):"
        head -5 "$tmp/hidden_tests.out"; fi
}

# hidden_alpha OUT NAME: Cronbach's alpha (both conventions, its interval),
# alpha if deleted and r_drop are empty, and alpha marked, for every
# construct one of whose items has hidden statistics (docs/METHODS.md,
# "Small cells" of the questionnaires: they give back the items' hidden
# counts); the shown ones stay shown.
hidden_alpha() {
    if gawk -v FPAT='([^,]*)|("([^"]|"")*")' '
        FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
        FILENAME == ARGV[1] { if ($(col[FILENAME, "suppressed"]) ~ /(^|;)mean:/) hid[$1, $3] = 1; next }
        FILENAME == ARGV[2] { item[$1, $2] = item[$1, $2] " " $3; aid[$1, $2] = aid[$1, $2] $5 $6; next }
        { h = 0; split(item[$1, $3], it, " "); for (i in it) h = h || hid[$1, it[i]]
          if (!h) next; n++
          for (c = col[FILENAME, "alpha"]; c <= col[FILENAME, "alpha_std_pairwise"]; c++)
              if ($c != "") { print "shown: " $1 " " $3 " column " c " = " $c; bad = 1 }
          if ($(col[FILENAME, "n_items"]) >= 2 && $(col[FILENAME, "suppressed"]) !~ /alpha:complementary/) { print "unmarked: " $1 " " $3; bad = 1 }
          if (aid[$1, $3] != "") { print "alpha if deleted or r_drop shown: " $1 " " $3; bad = 1 } }
        END { exit bad || n == 0 }' "$1/level1/questionnaire_items.csv" "$1/level1/questionnaire_alpha_items.csv" \
        "$1/level1/questionnaire_constructs.csv" >"$tmp/hidden_alpha.out"; then ok; else
        fail "alpha shown beside hidden item statistics on $2 (or none hidden):"; head -5 "$tmp/hidden_alpha.out"; fi
}

# ---------------------------------------------------------------- tile map and timeline
# The demo's tile map shows the share of participation_region.csv of each
# region of data/demo/tiles.csv, and its timeline the period of config.csv
# and the dates of sessions.csv (read here with gawk, not by our code).
# On tests/fixtures/small (both regions' shares hidden) with a region 03
# added to the code list: the hidden shares show the suppressed sign, 03
# (no row: no territory) is blank and the note says so; bad rows of the
# positions file and bad catalogue rows are rejected at file:line:column.
map_timeline() {
    d=$demo/figures out=$demo/out
    want=$(gawk -F, 'NR == FNR { if (FNR > 1) s[$1] = $7; next }
                     FNR > 1 { printf "%s=%.0f%% ", $1, 100 * s[$1] }' "$out/level1/participation_region.csv" "$top/data/demo/tiles.csv")
    got=$(gawk -v FPAT='([^,]*)|("([^"]|"")*")' 'NR == FNR { if (FNR > 1) code[$4] = $1; next }
                     FNR > 1 { v = $6; gsub(/[^0-9]/, "", v); printf "%s=%s%% ", code[$1], v }' \
          "$top/data/demo/tiles.csv" "$d/families_region_map.csv")
    [ -n "$want" ] && [ "$got" = "$want" ] && ok || fail "tile map: shown '$got', want '$want'"
    # values as the table has them (10 significant digits), in tiles.csv order
    want=$(gawk -F, 'NR == FNR { if (FNR > 1) s[$1] = $7 + 0; next } FNR > 1 { printf "%.6f ", s[$1] }' \
           "$out/level1/participation_region.csv" "$top/data/demo/tiles.csv")
    got=$(gawk -F, 'FNR > 1 { printf "%.6f ", $3 }' "$d/families_region_map.csv")
    [ "$got" = "$want" ] && ok || fail "tile map values: '$got', want '$want'"
    p0=$(grep '^period_start,' "$out/clean/config.csv" | cut -d, -f2) p1=$(grep '^period_end,' "$out/clean/config.csv" | cut -d, -f2)
    fg=$(gawk -F, '$2 == "focus_group" { print $5 }' "$out/clean/sessions.csv" | paste -sd';' | sed 's/;/; /g')
    iv=$(gawk -F, '$2 == "interview" { print $5 }' "$out/clean/sessions.csv" | paste -sd';' | sed 's/;/; /g')
    nfg=$(gawk -F, '$2 == "focus_group"' "$out/clean/sessions.csv" | wc -l)
    grep -qxF "Période évaluée,,1,,,$p0 – $p1" "$d/project_timeline.csv" &&
        grep -qxF "Groupes de discussion,,$nfg,,,$fg" "$d/project_timeline.csv" &&
        grep -qF ",$iv" "$d/project_timeline.csv" && [ "$nfg" -gt 1 ] &&
        grep -qxF "Evaluation period,,1,,,$p0 – $p1" "$d/en/project_timeline.csv" && ok ||
        { fail "timeline: not the period $p0 – $p1 and the sessions' dates"; cat "$d/project_timeline.csv"; }
    # the month names in the PDF are OQLF's
    pdftotext "$d/project_timeline.pdf" - | grep -qw 'juill\.' && ok || fail "timeline: no 'juill.' on its axis"

    s=$tmp/maps
    rm -rf "$s"; mkdir -p "$s/cat"
    cp -r "$tmp/small" "$s/in"
    echo 'region,03,Capitale-Nationale,Capitale-Nationale' >>"$s/in/clean/codes.csv"
    printf 'region,col,row,label_fr,label_en\n06,0,1,,\n16,1,1,Mtg,Mtg\n03,1,0,Capitale,Capital\n99,2,0,,\n06,3,0,,\n' >"$s/cat/tiles.csv"
    head -1 "$top/data/demo/figures.csv" >"$s/cat/figures.csv"
    grep -e '^families_region_map,' -e '^project_timeline,' "$top/data/demo/figures.csv" >>"$s/cat/figures.csv"
    rc=0; "$bin/figures" --catalogue "$s/cat/figures.csv" --in "$s/in" --out "$s/fig" 2>"$s/err" || rc=$?
    [ $rc = 1 ] && grep -qx 'Montréal,Part des familles isolées,,,,x' "$s/fig/families_region_map.csv" &&
        grep -qx 'Mtg,Part des familles isolées,,,,x' "$s/fig/families_region_map.csv" &&
        grep -qx 'Capitale,Part des familles isolées,,,,Aucun territoire' "$s/fig/families_region_map.csv" &&
        [ "$(wc -l <"$s/fig/families_region_map.csv")" = 4 ] &&
        grep -q '^families_region_map,.*Gris uni.*: région sans territoire' "$s/fig/captions.csv" &&
        grep -q "^tiles.csv,5,1,region,99,not a code of list 'region'" "$s/fig/rejects.csv" &&
        grep -q "^tiles.csv,6,1,region,06,region already placed" "$s/fig/rejects.csv" &&
        grep -q "tiles.csv:5:1: region: " "$s/err" && ok ||
        { fail "tile map on small: exit $rc"; cat "$s/err" "$s/fig/families_region_map.csv"; }
    printf 'region,col,row\n06,0,0\n16,0,0\n' >"$s/cat/tiles.csv"
    rc=0; "$bin/figures" --catalogue "$s/cat/figures.csv" --in "$s/in" --out "$s/fig2" 2>"$s/err" || rc=$?
    [ $rc = 1 ] && grep -q "^tiles.csv,3,2,col,0,\"tile 0,0 already holds region 06\"" "$s/fig2/rejects.csv" &&
        [ "$(wc -l <"$s/fig2/families_region_map.csv")" = 2 ] && ok ||
        { fail "tile map: two regions on one tile: exit $rc"; cat "$s/err"; }
    # a tilemap without positions, a timeline with an unknown source: rejected rows
    sed -i -e 's/,tiles.csv$/,/' -e 's/^project_timeline,timeline,\([^,]*\),period;/project_timeline,timeline,\1,periode;/' "$s/cat/figures.csv"
    rc=0; "$bin/figures" --catalogue "$s/cat/figures.csv" --in "$s/in" --out "$s/fig3" 2>"$s/err" || rc=$?
    [ $rc = 1 ] && [ ! -e "$s/fig3/families_region_map.png" ] && [ ! -e "$s/fig3/project_timeline.png" ] &&
        grep -q '^figures.csv,2,20,positions,,a tilemap needs the file of its tile positions' "$s/fig3/rejects.csv" &&
        grep -q "^figures.csv,3,4,series,periode;.*'periode': expected period" "$s/fig3/rejects.csv" &&
        grep -q 'figures.csv:2:20: positions: ' "$s/err" && ok ||
        { fail "bad tilemap and timeline rows: exit $rc"; cat "$s/err"; }
}

# ---------------------------------------------------------------- golden
golden() {
    out=$tmp/small fig=$tmp/smallfig
    pv_make -C "$top" DATA="$top/tests/fixtures/small" OUT="$out" FIG="$fig" figures figures-en \
        >"$tmp/small.log" 2>&1 || { fail "make on tests/fixtures/small"; cat "$tmp/small.log"; return; }
    # convergence categories derived by hand from the fixture's indicators
    # (tests/fixtures/small/triangulation.csv): REACH participation supports
    # (0.833 [0.664, 0.927] > 0.5), qualitative partly (share 1 of 2 parent
    # sessions, [0.342, 1] straddles 0.5) -> partial agreement; TRUST both
    # support -> agreement; MANDATE questionnaire contradicts (2.25 [1.66,
    # 2.84] < 3) and qualitative supports -> dissonance; REFER nothing
    # published (small cells) -> silence.
    cats=$(gawk -v FPAT='([^,]*)|("([^"]|"")*")' 'NR > 1 { printf "%s=%s ", $1, $9 }' "$out/level2/convergence_themes.csv")
    [ "$cats" = "REACH=partial_agreement TRUST=agreement MANDATE=dissonance REFER=silence " ] && ok || fail "convergence categories: $cats"
    # a malformed catalogue row is rejected; the other rows are still drawn
    { head -2 "$top/tests/fixtures/small/figures.csv"; sed -n 3p "$top/tests/fixtures/small/figures.csv" | sed 's/,,$/,beaucoup,/'; } >"$tmp/badcat.csv"
    rc=0; "$bin/figures" --catalogue "$tmp/badcat.csv" --in "$out" --out "$tmp/badcat" 2>"$tmp/badcat.err" || rc=$?
    [ $rc = 1 ] && [ -s "$tmp/badcat/q_likert.png" ] && [ ! -e "$tmp/badcat/q_agree.png" ] &&
        grep -q "^badcat.csv,3,18,axis_max,beaucoup," "$tmp/badcat/rejects.csv" &&
        grep -q "badcat.csv:3:18: axis_max: " "$tmp/badcat.err" && ok ||
        { fail "a malformed catalogue row: exit $rc, want 1 with the other rows drawn"; cat "$tmp/badcat.err"; }
    # a row that reads but names an unknown kind is rejected too: the rows around it
    # are drawn and captions.csv is written (issue 9: one bad row refused the catalogue)
    { head -2 "$top/tests/fixtures/small/figures.csv"; sed -n 3p "$top/tests/fixtures/small/figures.csv" | sed 's/^q_agree,dot_ci,/q_agree,dot,/'; sed -n 4p "$top/tests/fixtures/small/figures.csv"; } >"$tmp/badkind.csv"
    # and its message lists every kind, as figures --list-kinds prints them
    rc=0; "$bin/figures" --catalogue "$tmp/badkind.csv" --in "$out" --out "$tmp/badkind" 2>"$tmp/badkind.err" || rc=$?
    kinds=$("$bin/figures" --list-kinds | paste -sd, | sed 's/,/, /g')
    [ $rc = 1 ] && [ -s "$tmp/badkind/q_likert.png" ] && [ -s "$tmp/badkind/q_scores.png" ] &&
        [ ! -e "$tmp/badkind/q_agree.png" ] && [ "$(wc -l <"$tmp/badkind/captions.csv")" = 3 ] &&
        case $kinds in "hbar, "*) true ;; *) false ;; esac &&
        grep -q -F "badkind.csv,3,2,kind,dot,\"unknown kind, expected one of $kinds\"" "$tmp/badkind/rejects.csv" &&
        grep -q "badkind.csv:3:2: kind: unknown kind" "$tmp/badkind.err" && ok ||
        { fail "a catalogue row of unknown kind: exit $rc, want 1 with the other rows drawn"; cat "$tmp/badkind.err"; }
    # the flow kind: each step's number is its indicator's count in the headline
    # table (a hidden one "x" or "< 5", never a value), a step whose denominator
    # is the step above shows the table's share of it; a step the table has not,
    # or a single step, rejects its row at file:line:column and the others are drawn
    {   head -1 "$top/data/figures.csv"
        echo 'flow,flow,participation_headline.csv,families;families_isolated;referrals;referrals_headline,A;B;C;D,A;B;C;D,none,none,T,T,S,S,N,N,,,,,,'
        echo 'flow_bad,flow,participation_headline.csv,families;nosuch,A;B,A;B,none,none,T,T,S,S,N,N,,,,,,'
        echo 'flow_one,flow,participation_headline.csv,families,A,A,none,none,T,T,S,S,N,N,,,,,,'
    } >"$tmp/flow.csv"
    rc=0; "$bin/figures" --catalogue "$tmp/flow.csv" --in "$out" --out "$tmp/flow" 2>"$tmp/flow.err" || rc=$?
    if gawk -v FPAT='([^,]*)|("([^"]|"")*")' -v steps="families families_isolated referrals referrals_headline" '
        BEGIN { n = split(steps, S, " "); nn = sprintf("%c%c%c", 226, 128, 175) }
        FILENAME == ARGV[1] { if (FNR > 1) { cnt[$1] = $4; den[$1] = $5; sh[$1] = $6; sup[$1] = $9 } next }
        FNR == 1 { next }
        { i++; id = S[i]; want = cnt[id]; prev = i > 1 ? cnt[S[i - 1]] : ""
          shown = want == "" ? (sup[id] ~ /count:primary/ ? "< 5" : "x") : want
          if (want != "" && den[id] != "" && den[id] == prev && sh[id] != "") shown = shown " (" sprintf("%.0f", 100 * sh[id]) nn "%)"
          gsub(nn, " ", $6); gsub(nn, " ", shown)
          if ($3 != want || $6 != shown) { print "step " id ": " $3 " shown " $6 ", the table gives " want " shown " shown; bad = 1 } }
        END { exit bad || i != n }' "$out/level1/participation_headline.csv" "$tmp/flow/flow.csv" >"$tmp/flow.out" &&
        [ $rc = 1 ] && [ -s "$tmp/flow/flow.png" ] && [ ! -e "$tmp/flow/flow_bad.png" ] && [ ! -e "$tmp/flow/flow_one.png" ] &&
        grep -qF "flow.csv,3,4,series,families;nosuch,step 'nosuch' is not an indicator of participation_headline.csv" "$tmp/flow/rejects.csv" &&
        grep -qF "flow.csv:4:4: series: a flow needs at least two steps" "$tmp/flow.err"; then ok; else
        fail "the flow kind: exit $rc, want 1 with flow drawn from the headline and two rows rejected"
        cat "$tmp/flow.out" "$tmp/flow.err"; fi
    # a subset that is not column=values, or names no column, stops the stage with file:line:column
    for sub in 'construct:CONCERT' 'nosuch=A'; do
        { head -2 "$top/tests/fixtures/small/figures.csv" | sed "2s/,\$/,$sub/"; } >"$tmp/badsub.csv"
        rc=0; "$bin/figures" --catalogue "$tmp/badsub.csv" --in "$out" --out "$tmp/badsub" 2>"$tmp/badsub.err" || rc=$?
        case $sub in *=*) want="badsub.csv:2:19: subset: $out/level1/questionnaire_items.csv has no column 'nosuch'" ;; *) want="badsub.csv:2:19: subset: expected column=value" ;; esac
        [ $rc = 1 ] && grep -qF "$want" "$tmp/badsub.err" && ok ||
            { fail "catalogue subset '$sub': exit $rc, want 1 and \"$want\""; cat "$tmp/badsub.err"; }
    done
    # colours.csv: a group takes its declared slot (QP: 5, Okabe-Ito
    # vermillion #D55E00, in the SVG as cairo writes it); two series of one
    # figure with one slot reject that row; a slot outside the palette is a
    # reject of colours.csv at its line and column
    printf 'key,slot,meaning\nQP,5,parents\nQW,1,workers\n' >"$tmp/colours.csv"
    rc=0; "$bin/figures" --catalogue "$top/tests/fixtures/small/figures.csv" --colours "$tmp/colours.csv" \
        --in "$out" --out "$tmp/colours" 2>"$tmp/colours.err" || rc=$?
    [ $rc = 0 ] && grep -q 'rgb(83.529412%,36.862745%,0%)' "$tmp/colours/q_agree.svg" &&
        ! grep -q 'rgb(83.529412%,36.862745%,0%)' "$fig/q_agree.svg" && ok ||
        { fail "colours.csv: QP not drawn in its slot 5 (exit $rc)"; cat "$tmp/colours.err"; }
    printf 'key,slot,meaning\nQP,1,parents\nQW,1,workers\nQX,8,\n' >"$tmp/colours2.csv"
    rc=0; "$bin/figures" --catalogue "$top/tests/fixtures/small/figures.csv" --colours "$tmp/colours2.csv" \
        --in "$out" --out "$tmp/colours2" 2>"$tmp/colours2.err" || rc=$?
    [ $rc = 1 ] && [ -s "$tmp/colours2/q_likert.png" ] && [ ! -e "$tmp/colours2/q_agree.png" ] &&
        grep -q '^figures.csv,3,4,series,QP;QW,series QP and QW have the same colour (slot 1 of colours.csv)' "$tmp/colours2/rejects.csv" &&
        grep -q '^colours2.csv,4,2,slot,8,' "$tmp/colours2/rejects.csv" && ok ||
        { fail "colours.csv: shared or bad slots: exit $rc, want 1 with both rejected"; cat "$tmp/colours2.err" "$tmp/colours2/rejects.csv"; }
    cp "$fig/captions.csv" "$out/captions.csv"
    cp "$fig/en/captions.csv" "$out/captions-en.csv"
    for f in "$fig"/*.png; do # every figure in every format
        b=${f%.png}
        [ -s "$b.pdf" ] && [ -s "$b.svg" ] && [ -s "$b.png" ] && [ -s "$fig/en/$(basename "$b").png" ] && ok || fail "figure files of $(basename "$b")"
    done
    attack "$out" "$tmp/smallfig" small
    hidden_tests "$out/level1/questionnaire_tests.csv" small
    hidden_alpha "$out" small
    # questionnaire statistics against R (tests/expected/questionnaire_small.R)
    compare_r "$top/tests/expected/questionnaire_small_constructs.csv" "$out/level1/questionnaire_constructs.csv" \
        "instrument_id construct" "?mean ?ci_low ?ci_high ?sd ?median ?q1 ?q3 ?alpha ?alpha_std ?alpha_ci_low ?alpha_ci_high"
    compare_r "$top/tests/expected/questionnaire_small_tests.csv" "$out/level1/questionnaire_tests.csv" \
        "family target instrument_id" "?statistic ?df ?p ?p_adjusted ?effect:effect_size"
    # qualitative statistics against R (tests/expected/qualitative_small.R)
    compare_r "$top/tests/expected/qualitative_small_codes.csv" "$out/level1/qualitative_codes.csv" \
        "code" "excerpts excerpts_rolled sessions sessions_total share ci_low ci_high"
    compare_r "$top/tests/expected/qualitative_small_groups.csv" "$out/level1/qualitative_code_groups.csv" \
        "code group" "sessions sessions_total share ci_low ci_high"
    compare_r "$top/tests/expected/qualitative_small_cooc.csv" "$out/level1/qualitative_cooccurrence.csv" \
        "code_a code_b" "n_a n_b n_ab jaccard"
    compare_r "$top/tests/expected/qualitative_small_kappa.csv" "$out/level1/qualitative_agreement.csv" \
        "unit code session_id measure coders" "units value se ci_low ci_high"
    g=$top/tests/golden/small
    if [ $update = 1 ]; then
        rm -rf "$g"; mkdir -p "$g"
        cp -r "$out/clean" "$out/rejects" "$out/level1" "$out/level2" "$out/ingest.csv" "$out"/captions*.csv "$g/"
        echo "golden files rewritten in tests/golden/small: review the diff"
        return
    fi
    if diff -r "$g" "$out" >"$tmp/golden.diff"; then ok; else fail "golden small:"; head -40 "$tmp/golden.diff"; fi
}

# ---------------------------------------------------------------- bad input
bad() {
    for case in "$top"/tests/bad/*/; do
        name=$(basename "$case")
        d=$tmp/bad/$name
        mkdir -p "$d/in"
        cp "$top"/tests/fixtures/small/*.csv "$d/in/"
        for f in "$case"*; do
            case $(basename "$f") in expected.*|README) ;; *) cp "$f" "$d/in/" ;; esac
        done
        rc=0
        (cd "$d" && "$bin/ingest" --out out in) >"$d/stdout" 2>"$d/stderr" || rc=$?
        cat "$d"/out/rejects/*.csv "$d"/out/rejects/import/*.csv 2>/dev/null | grep -v '^file,line,' >"$d/rejects" || true
        if [ $update = 1 ]; then
            echo "$rc" >"$case/expected.rc"
            cp "$d/stderr" "$case/expected.stderr"
            cp "$d/out/ingest.csv" "$case/expected.ingest.csv" 2>/dev/null || rm -f "$case/expected.ingest.csv"
            cp "$d/rejects" "$case/expected.rejects.csv"
            [ -f "$case/expected.answers.csv" ] && cp "$d/out/clean/answers.csv" "$case/expected.answers.csv"
            continue
        fi
        # every case says in one line what it checks and why; a failure repeats it
        [ -s "$case/README" ] && [ "$(wc -l <"$case/README")" = 1 ] && ok || fail "bad/$name: no one-line README"
        fails_before=$fails
        [ "$rc" = "$(cat "$case/expected.rc")" ] && ok || fail "bad/$name: exit $rc, want $(cat "$case/expected.rc")"
        diff "$case/expected.stderr" "$d/stderr" >/dev/null && ok || { fail "bad/$name: stderr"; diff "$case/expected.stderr" "$d/stderr" | head -10; }
        diff "$case/expected.rejects.csv" "$d/rejects" >/dev/null && ok || { fail "bad/$name: rejects"; diff "$case/expected.rejects.csv" "$d/rejects" | head -10; }
        if [ -f "$case/expected.answers.csv" ]; then # the answers as read (e.g. from a .sav)
            diff "$case/expected.answers.csv" "$d/out/clean/answers.csv" >/dev/null && ok || { fail "bad/$name: answers"; diff "$case/expected.answers.csv" "$d/out/clean/answers.csv" | head; }
        fi
        if [ -f "$case/expected.ingest.csv" ]; then
            diff "$case/expected.ingest.csv" "$d/out/ingest.csv" >/dev/null && ok || { fail "bad/$name: ingest.csv"; diff "$case/expected.ingest.csv" "$d/out/ingest.csv" | head; }
            awk -F, 'NR > 1 && $5 != $6 + $7 { exit 1 }' "$d/out/ingest.csv" && ok || fail "bad/$name: read != kept + rejected"
        fi
        [ $fails = "$fails_before" ] || echo "  bad/$name checks: $(cat "$case/README")"
    done
}

# ---------------------------------------------------------------- line ends
# Old-Mac (bare CR, Excel's "CSV (Macintosh)") and Windows (CRLF) files read
# exactly like LF files: same clean tables, rejects and counts (issue 9: bare
# CR used to overflow the reader's record array).
line_ends() {
    "$bin/ingest" --out "$tmp/eol-lf" "$top/tests/fixtures/small" >/dev/null 2>&1 || { fail "line ends: LF run"; return; }
    for kind in cr crlf; do
        d=$tmp/eol-$kind
        mkdir -p "$d/in"
        for f in "$top"/tests/fixtures/small/*.csv; do
            case $kind in
            cr) tr '\n' '\r' <"$f" >"$d/in/$(basename "$f")" ;;
            crlf) sed 's/$/\r/' "$f" >"$d/in/$(basename "$f")" ;;
            esac
        done
        "$bin/ingest" --out "$d/out" "$d/in" >/dev/null 2>&1 || { fail "line ends: $kind run"; continue; }
        # the byte counts differ by the CRs; everything else must not
        diff -r "$tmp/eol-lf/clean" "$d/out/clean" >/dev/null && diff -r "$tmp/eol-lf/rejects" "$d/out/rejects" >/dev/null &&
            [ "$(cut -d, -f1-3,5- "$tmp/eol-lf/ingest.csv")" = "$(cut -d, -f1-3,5- "$d/out/ingest.csv")" ] &&
            ok || fail "line ends: $kind files do not read like LF files"
    done
}

# ---------------------------------------------------------------- determinism
# A second run in another folder gives the same files, to the byte: tables,
# manifest and every image (PDF, SVG, PNG, French and English).  It runs
# one stage at a time, each in one thread (JOBS=1, PROXEVAL_THREADS=1,
# pipeline/par.h), where the first used the machine's cores: the outputs
# do not depend on either.
determinism() {
    [ -f "$demo/out/manifest.csv" ] || { fail "determinism: no demo run"; return; }
    a=$tmp/det
    ( export PROXEVAL_THREADS=1; make_in "$a" JOBS=1 && make_in "$a" figures-en ) >"$tmp/det.log" 2>&1 ||
        { fail "make on data/demo, second run"; cat "$tmp/det.log"; return; }
    diff -r "$demo/out" "$a/out" >"$tmp/det.diff" && diff -r "$demo/figures" "$a/figures" >>"$tmp/det.diff" &&
        ok || { fail "two runs differ:"; head "$tmp/det.diff"; }
}

# ---------------------------------------------------------------- the report
# The web report and its workbook: tests/report.sh (the workbooks read back,
# the author's text, Chromium and axe-core).
report() {
    [ -f "$demo/out/report/index.html" ] || { fail "report: no demo run"; return; }
    "$top/tests/report.sh" "$demo" >"$tmp/report.out" 2>&1 && ok || fail "tests/report.sh:"
    cat "$tmp/report.out"
}

# ---------------------------------------------------------------- reproduction
# The demo run (`make` from a clone) reproduces the evaluation.
# - Every input, every table, every figure's data CSV and captions.csv, byte
#   for byte: tests/golden/demo-manifest.csv is the run's manifest with the
#   bytes and SHA-256 of the images (.pdf, .svg, .png) left empty.
# - The images by what a reader gets from them, not by their bytes, which
#   any cairo, pango, fontconfig or font-package upgrade changes (glyph
#   outlines, compression, PDF object layout, the "Producer" string).  For
#   each image, tests/golden/demo-images.txt holds: PNG: width and height,
#   bit depth and colour type (the IHDR chunk), after checking the PNG
#   signature and that the file ends with the IEND chunk; SVG: well-formed
#   XML (xmllint) and the root's width, height and viewBox; PDF: readable
#   by pdfinfo (poppler), its title, page count and every page's size.  And
#   tests/golden/demo-text/<figure>.txt holds the words pdftotext reads in
#   each PDF, sorted: a layout engine may move a line break or change the
#   reading order pdftotext finds, not the words (an upgrade of poppler, a
#   test tool, could still split a word differently).  Sizes hold across cairo
#   and pango upgrades: the width is fixed (454 pt, PNG at twice) and the
#   height follows from the number of categories and from how Lato's
#   advance widths wrap long labels (pipeline/chart.h); a Lato release with
#   other metrics could wrap a label differently and change a height: look
#   at the figure, then run --update.
# - The manifest tells the truth: every file it lists has the size and
#   SHA-256 that stat and sha256sum give.
# Two runs are identical to the byte, images included: see determinism.
demo_images() { # describe every image the manifest lists; words into $1/
    mkdir -p "$1"
    awk -F, 'NR > 2 && $1 ~ /\.(pdf|svg|png)$/ { print $1 }' out/manifest.csv | while read -r f; do
        case $f in
        *.png) describe_png "$f" ;;
        *.svg) printf '%s %s\n' "$f" "$(xmllint --nonet --xpath \
                   'concat(local-name(/*), " ", /*/@width, " x ", /*/@height, " viewBox ", /*/@viewBox)' "$f" 2>&1)" ;;
        *.pdf) printf '%s pdf %s\n' "$f" "$(pdfinfo -f 1 -l 100000 "$f" 2>&1 |
                   awk '/^Title:/ { sub(/^Title: */, ""); t = $0 } /^Pages:/ { p = $2 }
                        /^Page +[0-9]+ size:/ { s = s " " $4 "x" $6 } END { printf "title \"%s\", pages %s, sizes%s", t, p, s }')"
            pdftotext -enc UTF-8 "$f" - | tr -s ' \t\r\f\n' '\n' | grep . | LC_ALL=C sort >"$1/$(words_name "$f")" ;;
        esac
    done
}
words_name() { # figures/x.pdf -> x.txt, figures/en/x.pdf -> en_x.txt
    b=${1#*/}; b=${b%.pdf}; echo "$b.txt" | tr / _
}
describe_png() { # signature, IHDR (width, height, depth, colour type), IEND last
    sig=$(od -An -tx1 -N16 "$1" | tr -d ' \n') end=$(tail -c 12 "$1" | od -An -tx1 | tr -d ' \n')
    if [ "$sig" != 89504e470d0a1a0a0000000d49484452 ] || [ "$end" != 0000000049454e44ae426082 ]; then
        echo "$1 not a whole PNG"; return
    fi
    set -- "$1" $(od -An -tu1 -j16 -N10 "$1")
    echo "$1 png $(($2 * 16777216 + $3 * 65536 + $4 * 256 + $5)) x $(($6 * 16777216 + $7 * 65536 + $8 * 256 + $9)) depth ${10} colour ${11}"
}
reproduction() {
    [ -f "$demo/out/manifest.csv" ] || { fail "reproduction: no demo run"; return; }
    g=$top/tests/golden r=$tmp/repro
    mkdir -p "$r"
    awk -F, -v OFS=, '$1 ~ /\.(pdf|svg|png)$/ { $3 = ""; $4 = "" } 1' "$demo/out/manifest.csv" >"$r/demo-manifest.csv"
    (cd "$demo" && demo_images "$r/demo-text") >"$r/demo-images.txt" 2>&1 || :
    if [ $update = 1 ]; then
        cp "$r/demo-manifest.csv" "$r/demo-images.txt" "$g/"
        rm -rf "$g/demo-text" && cp -r "$r/demo-text" "$g/"
        echo "tests/golden/demo-manifest.csv, demo-images.txt and demo-text/ rewritten: review the diff"
        return
    fi
    diff "$g/demo-manifest.csv" "$r/demo-manifest.csv" >"$tmp/manifest.diff" && ok ||
        { fail "reproduction: inputs or tables differ from tests/golden/demo-manifest.csv:"; head -20 "$tmp/manifest.diff"; }
    diff "$g/demo-images.txt" "$r/demo-images.txt" >"$tmp/images.diff" && ok ||
        { fail "reproduction: images differ from tests/golden/demo-images.txt:"; head -20 "$tmp/images.diff"; }
    diff -r "$g/demo-text" "$r/demo-text" >"$tmp/text.diff" && ok ||
        { fail "reproduction: the words of the PDFs differ from tests/golden/demo-text:"; head -20 "$tmp/text.diff"; }
    # the manifest against stat and sha256sum
    (cd "$demo" && awk -F, 'NR > 2 { print $1 "," $3 }' out/manifest.csv >"$r/sizes.want" &&
        awk -F, 'NR > 2 { print $1 }' out/manifest.csv | xargs stat -c '%n,%s' >"$r/sizes.got" &&
        diff "$r/sizes.want" "$r/sizes.got" && awk -F, 'NR > 2 { print $4 "  " $1 }' out/manifest.csv |
        sha256sum -c --quiet) >"$tmp/mcheck.out" 2>&1 && ok || { fail "reproduction: the manifest is wrong:"; head "$tmp/mcheck.out"; }
}

# ---------------------------------------------------------------- make's prerequisites
# Every file a stage reads is a prerequisite of its outputs: after a run,
# `make -q` says the outputs are up to date, and says they are not when any
# file of the dataset is newer (make -W: as if it were modified), whatever
# its kind: CSV, SPSS .sav, REFI-QDA .qdpx, .qde and the texts of Sources/.
# The run is made of empty files with the right dates: this checks the
# Makefile's graph, not the stages.
make_prerequisites() {
    ds=$tmp/mk/data o=$tmp/mk/out f=$tmp/mk/fig
    mkdir -p "$ds/Sources" "$o/clean" "$o/level1" "$o/level2" "$o/report/en" "$f/en"
    for x in config.csv responses.sav qualitative.qdpx qualitative.qde Sources/s1.txt figures.csv; do
        touch -d 2001-01-01 "$ds/$x"
    done
    for x in "$o/ingest.csv" "$o/clean/config.csv" "$o/level1/participation_headline.csv" "$o/level1/questionnaire_items.csv" \
             "$o/level1/qualitative_codes.csv" "$o/level2/convergence_themes.csv" "$f/captions.csv" "$f/en/captions.csv" \
             "$o/report/index.html" "$o/report/en/index.html" "$o/project.qdpx" "$o/manifest.csv"; do
        touch "$x"
    done
    mk() { pv_make -C "$top" -q DATA="$ds" OUT="$o" FIG="$f" "$@"; }
    mk && ok || fail "make -q: a complete run is not up to date (programs older than their sources? make programs)"
    for x in config.csv responses.sav qualitative.qdpx qualitative.qde Sources/s1.txt figures.csv; do
        rc=0; mk -W "$ds/$x" || rc=$?
        [ $rc = 1 ] && ok || fail "make: $x changed, but make -q says $rc (want 1: ingest must run again)"
    done
}

# ---------------------------------------------------------------- documents
# Every path a document or comment names exists (tests/docs.sh).
docs() {
    "$top/tests/docs.sh" >"$tmp/docs.out" 2>&1 && ok || { fail "documents name missing files:"; head -20 "$tmp/docs.out"; }
}

# ---------------------------------------------------------------- REFI-QDA fixtures
# The fixtures must be valid REFI-QDA: the project schema, QDA-XML 1.0, is
# tests/fixtures/refiqda/refi-qda-project-1.0.xsd (see the README there).
refiqda_schema() {
    xsd=$top/tests/fixtures/refiqda/refi-qda-project-1.0.xsd
    for f in "$top"/tests/fixtures/refiqda/project.qde "$top"/tests/fixtures/refiqda/atlas.qde \
             "$top"/tests/fixtures/refiqda/beyond.qde "$top"/tests/fixtures/refiqda/qdpx/Trial.qde \
             "$top"/tests/fixtures/refiqda/nvivo/project.qde "$top"/tests/fixtures/refiqda/media.qde \
             "$top"/tests/fixtures/refiqda/paths/paths.qde; do
        xmllint --noout --schema "$xsd" "$f" 2>"$tmp/xmllint.err" && ok || { fail "$(basename "$f") is not valid REFI-QDA"; head -3 "$tmp/xmllint.err"; }
    done
}

# ---------------------------------------------------------------- REFI-QDA projects end to end
# The vendor quirks through ingest and the qualitative stage (expectations
# worked out by hand from tests/fixtures/refiqda/nvivo/project.qde, see its
# README): NVivo's one selection per (passage, code) is one passage with
# several codings, so Confiance and Régularité co-occur on 2 passages
# (Confiance on 2, Régularité on 3: Jaccard 2/3); a qualitative-only
# dataset (config.csv, codes.csv, a .qdpx and the sessions.csv beside it)
# runs `make` end to end; a project whose every session is rejected stops
# the qualitative stage (exit 1, no tables).
refiqda_runs() {
    q=$tmp/qonly
    mkdir -p "$q/data"
    cp "$top/tests/fixtures/small/config.csv" "$q/data/config.csv"
    grep -E '^(list|group|region),' "$top/tests/fixtures/small/codes.csv" >"$q/data/codes.csv"
    cp "$top/tests/fixtures/refiqda/nvivo.qdpx" "$q/data/qualitative.qdpx"
    head -3 "$top/tests/bad/refiqda_nvivo/sessions.csv" >"$q/data/sessions.csv"
    rc=0; pv_make -C "$top" DATA="$q/data" OUT="$q/out" FIG="$q/fig" >"$q/log" 2>&1 || rc=$?
    [ $rc = 0 ] && [ -s "$q/out/manifest.csv" ] && ok || { fail "make on a qualitative-only dataset: exit $rc"; tail -5 "$q/log"; }
    grep -q "no units.csv (the participation model)" "$q/log" && [ ! -e "$q/out/level1/indicators_participation.csv" ] && ok ||
        fail "qualitative-only: the participation stage must say it has no tables and write no indicators"
    grep -qx 'Confiance,Régularité,2,3,2,0.6666666666666666,0' "$q/out/level1/qualitative_cooccurrence.csv" && ok ||
        { fail "NVivo passages: co-occurrence"; cat "$q/out/level1/qualitative_cooccurrence.csv"; }
    [ "$(awk -F, '$1 == "qualitative.qdpx" { print $5, $6, $7 }' "$q/out/ingest.csv")" = "8 8 0" ] &&
        [ "$(awk -F, '$1 == "import/excerpts.csv" { print $6 }' "$q/out/ingest.csv")" = "5" ] && ok ||
        fail "NVivo project: 8 selections read and kept, 5 passages"
    # every session rejected: tests/bad/refiqda's project (region 13, group
    # WORKER) against code lists without them
    e=$tmp/allrej
    mkdir -p "$e/in"
    cp "$q/data/config.csv" "$e/in/"
    cp "$top/tests/bad/refiqda/qualitative.qdpx" "$e/in/"
    printf 'list,code,label_fr,label_en\ngroup,PARENT,Parents,Parents\nregion,06,Montréal,Montréal\n' >"$e/in/codes.csv"
    rc=0; "$bin/ingest" --out "$e/out" "$e/in" >"$e/ingest.log" 2>&1 || rc=$?
    grep -q "no session kept" "$e/ingest.log" && ok || { fail "ingest: every session rejected is not said"; cat "$e/ingest.log"; }
    rc=0; "$bin/qualitative" --in "$e/out/clean" --out "$e/l1" 2>"$e/qual.log" || rc=$?
    [ $rc = 1 ] && [ ! -e "$e/l1/qualitative_codes.csv" ] && grep -q "no session" "$e/qual.log" && ok ||
        { fail "qualitative stage on no session: exit $rc (want 1, no tables)"; cat "$e/qual.log"; }
    # real exports (third-party files, not in the repository), when
    # PV_REFIQDA_SAMPLES names a folder of them (CI has none: skipped; the
    # fixtures reproduce their quirks): the ATLAS.ti 8.4 standard project
    # (.qde and .qdpx) and an NVivo 15 Mac project, with the counts their
    # XML gives (6 text sources, 15 selections of which 6 of text, 7 of the
    # 16 codings on text; 2 text sources and no selection)
    ref=${PV_REFIQDA_SAMPLES:-}
    if [ -z "$ref" ] || [ ! -d "$ref" ]; then
        echo "run.sh: real REFI-QDA exports not tested (set PV_REFIQDA_SAMPLES to their folder)"
        return
    fi
    for f in atlasti-8.4_Project.qde:6:6:7:15:6:9 atlasti-8.4_TestProject.qdpx:6:6:7:15:6:9 nvivo-mac-15_project.qdpx:2:0:0:0:0:0; do
        IFS=: read -r name ses exc cod rd kept rej <<EOF2
$f
EOF2
        r=$tmp/real-$name
        mkdir -p "$r/in"
        cp "$q/data/config.csv" "$q/data/codes.csv" "$r/in/"
        cp "$ref/$name" "$r/in/qualitative.${name##*.}"
        "$bin/ingest" --out "$r/out" "$r/in" >/dev/null 2>&1 || :
        got=$(awk -F, '$1 ~ /^qualitative\./ { p = $5 ":" $6 ":" $7 } $1 == "import/sessions.csv" { s = $6 }
                       $1 == "import/excerpts.csv" { x = $6 } $1 == "import/codings.csv" { c = $6 }
                       END { print s ":" x ":" c ":" p }' "$r/out/ingest.csv")
        [ "$got" = "$ses:$exc:$cod:$rd:$kept:$rej" ] && ok || fail "real export $name: sessions:excerpts:codings:read:kept:rejected = $got, want $ses:$exc:$cod:$rd:$kept:$rej"
    done
}


# ---------------------------------------------------------------- every source optional
# Three datasets made of the small fixture's files, one source each
# (questionnaires, focus groups, participation), with the fixture's themes
# and triangulation map naming all three sources: `make` runs each end to
# end; every stage says in one line what it skipped; the map's rows of the
# absent sources are silent with the reason; the run ends with its summary.
# Then the messages a new user meets: a missing file, an unknown indicator
# id (closest ids), a failed ingest (where the rejects are, how to go on);
# and datasets in one language (English only, French only).
one_source() { # NAME FILES...: $tmp/src/NAME/data with config, codes, themes, map and FILES
    d=$tmp/src/$1/data; shift
    mkdir -p "$d"
    cp "$top/tests/fixtures/small/config.csv" "$d/config.csv"
    for f in codes.csv themes.csv triangulation.csv "$@"; do cp "$top/tests/fixtures/small/$f" "$d/"; done
}
sources_optional() {
    one_source questionnaire instruments.csv items.csv scales.csv mapping_parents.csv \
        responses_parents.csv responses_workers.csv figures.csv
    one_source qualitative codebook.csv sessions.csv excerpts.csv codings.csv privacy.csv
    one_source participation units.csv columns.csv indicators.csv breakdowns.csv \
        territories.csv families.csv children.csv referrals.csv
    for s in questionnaire qualitative participation; do
        r=$tmp/src/$s
        rc=0; pv_make -C "$top" DATA="$r/data" OUT="$r/out" FIG="$r/fig" >"$r/log" 2>&1 || rc=$?
        [ $rc = 0 ] && [ -s "$r/out/manifest.csv" ] && [ -s "$r/out/report/index.html" ] &&
            [ -s "$r/out/report/en/index.html" ] && [ -s "$r/fig/captions.csv" ] && ok ||
            { fail "make on a $s-only dataset: exit $rc"; tail -5 "$r/log"; continue; }
        others=$(echo participation questionnaire qualitative | tr ' ' '\n' | grep -vx "$s" | paste -sd, - | sed 's/,/, /')
        # one line per stage that skipped something (figures: French and English runs)
        for o in participation questionnaire qualitative; do
            [ $o = $s ] && continue
            [ "$(grep -c "^$o: .*no $o\\|^$o: .*no focus groups\\|^$o: .*no questionnaires" "$r/log")" = 1 ] && ok ||
                { fail "$s-only: the $o stage must say once that it skipped"; cat "$r/log"; }
        done
        [ "$(grep -c '^convergence: no data from' "$r/log")" = 1 ] && ok || { fail "$s-only: convergence's line"; cat "$r/log"; }
        [ "$(grep -c "^report: no data from $others in .*; skipped$" "$r/log")" = 2 ] && ok || { fail "$s-only: the report's line (French, English)"; cat "$r/log"; }
        # the absent sources' rows of the map: silent, with the reason
        want=$(awk -F, -v s="$s" 'NR > 1 && $2 != s { n++ } END { print n + 0 }' "$r/data/triangulation.csv")
        got=$(grep -c ',silent,[^,]*: aucune donnée de cette source dans le jeu de données (silence),[^,]*: no data from this source in the dataset (silent)$' "$r/out/level2/convergence_evidence.csv" || :)
        [ "$got" = "$want" ] && [ "$want" -gt 0 ] && ok || fail "$s-only: $got silent rows with the reason, want $want"
        grep -qx "summary: sources: $s (no data: $others)" "$r/log" && grep -q '^summary: rows: .* 0 rejected, 0 answers' "$r/log" &&
            grep -q '^summary: outputs: .* report written, manifest written$' "$r/log" && ok ||
            { fail "$s-only: the run's summary"; grep summary "$r/log" || :; }
        # no message but the skips and the summary
        [ "$(grep -vc '^\(participation\|questionnaire\|qualitative\|convergence\|figures\|report\|summary\): ' "$r/log")" = 0 ] && ok ||
            { fail "$s-only: other messages"; cat "$r/log"; }
    done
    r=$tmp/src/participation
    # the project's default figures of the absent source: skipped in one line
    # (French and English runs); the defaults made from the participation
    # declarations are drawn
    grep -q '^figures: 4 figures of the catalogue skipped, nothing to draw (.*): ql_theme_frequencies, ql_code_frequencies, ql_cooccurrence, ql_who_spoke$' "$r/log" &&
        [ "$(grep -c '^figures: ' "$r/log")" = 2 ] && [ -s "$r/fig/participation_monthly.png" ] && ok ||
        { fail "participation-only: figures skipped"; grep figures "$r/log" || :; }
    r=$tmp/src/questionnaire
    grep -q '^figures: 4 figures of the catalogue skipped, nothing to draw (.*): ql_theme_frequencies, ql_code_frequencies, ql_cooccurrence, ql_who_spoke$' "$r/log" &&
        [ "$(grep -c '^figures: ' "$r/log")" = 2 ] && [ -s "$r/fig/q_likert.png" ] && ok ||
        { fail "questionnaire-only: figures skipped in one line"; grep figures "$r/log" || :; }
    # an unknown indicator id in the map: an error with file:line:column and the closest ids
    u=$tmp/src/unknown
    cp -r "$tmp/src/questionnaire/data" "$u"
    sed -i 's/^TRUST,questionnaire,q_score_QP_ECOUTE,/TRUST,questionnaire,q_score_QP_ECOUT,/' "$u/triangulation.csv"
    rc=0; pv_make -C "$top" DATA="$u" OUT="$u.out" FIG="$u.fig" >"$u.log" 2>&1 || rc=$?
    [ $rc != 0 ] && [ ! -e "$u.out/level2/convergence_themes.csv" ] &&
        grep -qF "convergence: $u.out/clean/triangulation.csv:4:3: indicator: not an indicator of $u.out/level1/indicators_questionnaire.csv ('q_score_QP_ECOUT'); closest: 'q_score_QP_ECOUTE', 'q_score_QW_ECOUTE' or 'q_score_QP_ISOL'" "$u.log" &&
        grep -qF "convergence: $u.out/clean/triangulation.csv: 1 indicator id above is not in its source's indicator table" "$u.log" && ok ||
        { fail "an unknown indicator id in triangulation.csv: exit $rc"; cat "$u.log"; }
    # the same id under the wrong source: said
    cp "$tmp/src/questionnaire/data/triangulation.csv" "$u/"
    sed -i 's/^TRUST,questionnaire,q_score_QP_ECOUTE,/TRUST,participation,q_score_QP_ECOUTE,/' "$u/triangulation.csv"
    for f in units.csv columns.csv indicators.csv breakdowns.csv territories.csv families.csv \
             children.csv referrals.csv; do cp "$tmp/src/participation/data/$f" "$u/"; done
    rc=0; pv_make -C "$top" DATA="$u" OUT="$u.out" FIG="$u.fig" >"$u.log" 2>&1 || rc=$?
    [ $rc != 0 ] && grep -q "triangulation.csv:4:3: indicator: not an indicator of .*indicators_participation.csv ('q_score_QP_ECOUTE'); closest: .* (it is an indicator of questionnaire: see the source column)$" "$u.log" && ok ||
        { fail "an indicator id under the wrong source: exit $rc"; cat "$u.log"; }
    # a missing file: which source needs it, and why
    m=$tmp/src/missing
    for case in "questionnaire items.csv the questionnaires need it, since instruments.csv is there (or remove instruments.csv)" \
                "qualitative sessions.csv the focus groups and interviews need it, since codebook.csv is there (or remove codebook.csv)" \
                "participation children.csv the participation source needs it: its tables come together, and the dataset has some of them (or remove them all)" \
                "participation codes.csv every dataset needs it (the code lists of its coded columns)" \
                "questionnaire triangulation.csv the convergence needs it, since themes.csv is there (or remove themes.csv)"; do
        set -- $case; src=$1 file=$2; shift 2
        rm -rf "$m"; cp -r "$tmp/src/$src/data" "$m"; rm "$m/$file"
        rc=0; "$bin/ingest" --out "$m.out" "$m" 2>"$m.err" || rc=$?
        [ $rc = 3 ] && [ "$(cat "$m.err")" = "ingest: $m/$file: missing: $*" ] && ok ||
            { fail "missing $file: exit $rc, $(cat "$m.err")"; }
    done
    # a file of a source whose first file is absent is said not read
    rm -rf "$m"; cp -r "$tmp/src/participation/data" "$m"; cp "$top/tests/fixtures/small/items.csv" "$m/"
    rc=0; "$bin/ingest" --out "$m.out" "$m" 2>"$m.err" || rc=$?
    [ $rc = 0 ] && [ "$(cat "$m.err")" = "ingest: $m/items.csv: not read: the questionnaires start with instruments.csv, which the dataset lacks" ] && ok ||
        fail "items.csv without instruments.csv: exit $rc, $(cat "$m.err")"
    # ingest stops the run: the summary says where the rejects are and how to go on
    rm -rf "$m"; cp -r "$tmp/src/participation/data" "$m"
    sed -i '3s/^\([^,]*\),\([^,]*\),[^,]*,/\1,\2,2024-13-01,/' "$m/families.csv"
    rc=0; pv_make -C "$top" DATA="$m" OUT="$m.out" FIG="$m.fig" >"$m.log" 2>&1 || rc=$?
    [ $rc != 0 ] && grep -q '^summary: rows: 12 files, 196 rows read, 190 kept, 6 rejected, 0 answers rejected as values (families.csv 1, children.csv 3, referrals.csv 2; one row per error in .*/rejects/)$' "$m.log" &&
        grep -q "^summary: stopped: ingest rejected rows (exit 1); each error is a row of $m.out/rejects/ .* or run make ACCEPT_REJECTS=1 to go on with the kept rows$" "$m.log" && ok ||
        { fail "a failed ingest: the summary"; cat "$m.log"; }
    rc=0; pv_make -C "$top" DATA="$m" OUT="$m.out" FIG="$m.fig" ACCEPT_REJECTS=1 >"$m.log" 2>&1 || rc=$?
    [ $rc = 0 ] && grep -q '^summary: rows: .* 6 rejected, .*(families.csv 1, children.csv 3, referrals.csv 2; one row per error in ' "$m.log" && ok ||
        { fail "ACCEPT_REJECTS=1: the summary names the rejects"; cat "$m.log"; }
    cp "$top/tests/bad/config/config.csv" "$m/config.csv"
    rc=0; pv_make -C "$top" DATA="$m" OUT="$m.out" FIG="$m.fig" >"$m.log" 2>&1 || rc=$?
    [ $rc != 0 ] && grep -q '^summary: stopped: dataset refused (exit 4): .*ACCEPT_REJECTS=1 does not apply' "$m.log" && ok ||
        { fail "a refused dataset: the summary"; cat "$m.log"; }
    # datasets in one language: the small fixture (all three sources) in
    # English only, then French only (config, codes, themes, instruments,
    # items, scales, codebook: the other language's columns removed)
    for lang in en fr; do
        other=$([ $lang = en ] && echo fr || echo en)
        l=$tmp/src/lang-$lang
        mkdir -p "$l"; cp "$top"/tests/fixtures/small/*.csv "$l/"
        grep -v "^[a-z]*_$other," "$l/config.csv" >"$l/c"; echo "lang,$lang" >>"$l/c"; mv "$l/c" "$l/config.csv"
        for f in codes.csv themes.csv instruments.csv items.csv scales.csv codebook.csv; do # drop the other language's columns
            gawk -v FPAT='([^,]*)|("([^"]|"")*")' -v o="_$other" 'NR == 1 { for (i = 1; i <= NF; i++) keep[i] = $i !~ o "$" }
                { s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print s }' "$l/$f" >"$l/x" && mv "$l/x" "$l/$f"
        done
        rc=0; pv_make -C "$top" DATA="$l" OUT="$l.out" FIG="$l.fig" >"$l.log" 2>&1 || rc=$?
        # both label columns of the outputs carry the one language's words
        if [ $lang = en ]; then
            th='^REACH,The project reaches isolated families,The project reaches isolated families,Whom does the project reach?,Whom does the project reach?,'
            it='^QP,PARENT,ECOUTE1,ECOUTE,likert5,I feel listened to,I feel listened to,'
            sc='^QP,ECOUTE1,1,Strongly disagree,Strongly disagree,'
            cb='^TRUST,,1,Bond of trust,Bond of trust,'
            dest='Community organisation'
        else
            th='^REACH,Le projet rejoint des familles isolées,Le projet rejoint des familles isolées,Qui le projet rejoint-il ?,Qui le projet rejoint-il ?,'
            it='^QP,PARENT,ECOUTE1,ECOUTE,likert5,Je me sens écouté,Je me sens écouté,'
            sc="^QP,ECOUTE1,1,Pas du tout d'accord,Pas du tout d'accord,"
            cb='^TRUST,,1,Lien de confiance,Lien de confiance,'
            dest='Organisme communautaire'
        fi
        [ $rc = 0 ] && grep -q '^06,Montréal,Montréal,' "$l.out/level1/participation_region.csv" &&
            grep -q "$th" "$l.out/level2/convergence_themes.csv" &&
            grep -q "$it" "$l.out/level1/questionnaire_items.csv" &&
            grep -q "$sc" "$l.out/level1/questionnaire_distribution.csv" &&
            grep -q "$cb" "$l.out/level1/qualitative_codes.csv" &&
            grep -q "^destination,ORG,$dest$" "$l.out/clean/codes.csv" && [ -s "$l.out/project.qdpx" ] && ok ||
            { fail "a dataset in one language ($lang): exit $rc"; tail -5 "$l.log"; }
    done
    grep -q '^q_likert,Likert,.*Source: Questionnaires' "$tmp/src/lang-fr.fig/en/captions.csv" &&
        grep -q '^participation_region,Families by region,.*Source: Données d.essai' "$tmp/src/lang-fr.fig/en/captions.csv" && ok ||
        fail "French-only dataset: English figures fall back to the French source"
    # a codebook code without a label in either language is labelled by its code
    l=$tmp/src/lang-code
    cp -r "$tmp/src/lang-en" "$l"; sed -i 's/^TRUST_PACE,TRUST,Respecting the pace,/TRUST_PACE,TRUST,,/' "$l/codebook.csv"
    rc=0; "$bin/ingest" --out "$l.out" "$l" >/dev/null 2>&1 || rc=$?
    rc2=0; "$bin/qualitative" --in "$l.out/clean" --out "$l.out/level1" 2>/dev/null || rc2=$?
    [ $rc = 0 ] && [ $rc2 = 0 ] && grep -q '^TRUST_PACE,TRUST,2,TRUST_PACE,TRUST_PACE,' "$l.out/level1/qualitative_codes.csv" && ok ||
        fail "a code of the codebook without a label: exit $rc, $rc2"
    # no label in either language: the code is rejected
    l=$tmp/src/lang-none
    cp -r "$tmp/src/lang-en" "$l"; sed -i 's/^need,OTHER,Other$/need,OTHER,/' "$l/codes.csv"
    rc=0; "$bin/ingest" --out "$l.out" "$l" 2>"$l.err" || rc=$?
    [ $rc = 4 ] && grep -q "codes.csv:[0-9]*:3: label_en: no label: label_fr or label_en (one language at least)" "$l.err" && ok ||
        { fail "a code without a label: exit $rc"; cat "$l.err"; }
}

# ---------------------------------------------------------------- REFI-QDA export
# The export (stages/qdpx.c, pipeline/qdpx.h) of the small fixture, of
# tests/fixtures/qdpx (two coders' excerpts with the same span, excerpts
# that overlap, a session without positions and one without excerpts, an
# excerpt without coding, empty speakers, a description on two lines, a
# codebook not in depth-first order) and of the demo (made by make): the
# project validates against the REFI-QDA schema, a second export is the
# same bytes, and ingest reads it back (as qualitative.qdpx beside the
# dataset's config.csv and code lists) to the same clean rows, every
# coding included (tests/qdpx_compare.py).
qdpx_roundtrip() { # name dataset clean-folder project
    n=$1 ds=$2 clean=$3 p=$4 r=$tmp/qdpx-$1
    mkdir -p "$r/in"
    [ -s "$p" ] && python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("project.qde"))' \
        "$p" >"$r/project.qde" &&
        xmllint --noout --schema "$top/tests/fixtures/refiqda/refi-qda-project-1.0.xsd" "$r/project.qde" 2>"$r/xmllint.err" &&
        ok || { fail "qdpx $n: not a valid REFI-QDA project"; head -3 "$r/xmllint.err"; }
    "$bin/qdpx" --in "$clean" --out "$r/again.qdpx" && cmp -s "$p" "$r/again.qdpx" && ok ||
        fail "qdpx $n: two exports differ"
    cp "$ds/config.csv" "$r/in/config.csv"
    grep -E '^(list|group|region),' "$ds/codes.csv" >"$r/in/codes.csv"
    cp "$p" "$r/in/qualitative.qdpx"
    rc=0; "$bin/ingest" --out "$r/out" "$r/in" >"$r/ingest.log" 2>&1 || rc=$?
    [ $rc = 0 ] && ok || { fail "qdpx $n: ingest of the export: exit $rc"; head -5 "$r/ingest.log"; }
    python3 "$top/tests/qdpx_compare.py" "$clean" "$r/out/clean" >"$r/cmp.out" 2>&1 && ok ||
        { fail "qdpx $n: the export does not read back to the same tables:"; head -10 "$r/cmp.out"; }
}
qdpx_export() {
    x=$tmp/qdpx-src
    for n in small qdpx; do
        "$bin/ingest" --out "$x/$n" "$top/tests/fixtures/$n" >/dev/null 2>&1 || fail "qdpx: ingest of tests/fixtures/$n"
        "$bin/qdpx" --in "$x/$n/clean" --out "$x/$n.qdpx" 2>"$x/$n.err" || fail "qdpx $n: export failed"
        qdpx_roundtrip "$n" "$top/tests/fixtures/$n" "$x/$n/clean" "$x/$n.qdpx"
    done
    # the same span twice in a session is two excerpts, each with its codings
    grep -qx 'E2,Benoît,A_1' "$tmp/qdpx-qdpx/out/clean/codings.csv" && ok ||
        fail "qdpx: the coding of E2 (same span as E1) is lost in the round trip"
    [ ! -s "$x/qdpx.err" ] && ok || { fail "qdpx: warnings on tests/fixtures/qdpx"; cat "$x/qdpx.err"; }
    qdpx_roundtrip demo "$top/data/demo" "$demo/out/clean" "$demo/out/project.qdpx"
    # no qualitative tables: nothing written, and said
    mkdir -p "$x/none"
    "$bin/qdpx" --in "$x/none" --out "$x/none.qdpx" >"$x/none.out" && [ ! -e "$x/none.qdpx" ] &&
        grep -q "no project written" "$x/none.out" && ok || fail "qdpx without qualitative tables"
}

# ---------------------------------------------------------------- command lines
cli() {
    for p in ingest participation questionnaire qualitative convergence figures report manifest qdpx gendemo; do
        [ -x "$bin/$p" ] || continue
        "$bin/$p" --help >/dev/null && ok || fail "$p --help"
        rc=0; "$bin/$p" --no-such-option >/dev/null 2>&1 || rc=$?
        [ $rc = 2 ] && ok || fail "$p: bad option gives $rc, want 2"
    done
    # ingest --help names every kind of file it reads (data/README.md)
    "$bin/ingest" --help >"$tmp/help"
    for w in config.csv codes.csv participation instruments mapping responses .sav codebook \
             sessions excerpts codings privacy .qdpx .qde themes.csv triangulation.csv; do
        grep -q -F -e "$w" "$tmp/help" && ok || fail "ingest --help does not name $w"
    done
    rc=0; "$bin/ingest" --out "$tmp/x" "$tmp/no-such-dir" 2>"$tmp/err" || rc=$?
    [ $rc = 3 ] && ok || fail "ingest on a missing folder gives $rc, want 3"
    rc=0; "$bin/ingest" --out /dev/full/x "$top/tests/fixtures/small" 2>/dev/null || rc=$?
    [ $rc = 3 ] && ok || fail "ingest into an unwritable folder gives $rc, want 3"
    # the real cause, not "config.csv: No such file" or "read error"
    grep -q "no-such-dir: cannot open the dataset folder: No such file or directory" "$tmp/err" && ok ||
        fail "missing dataset folder: $(cat "$tmp/err")"
    mkdir -p "$tmp/dirfile"; cp "$top"/tests/fixtures/small/*.csv "$tmp/dirfile/"
    rm "$tmp/dirfile/children.csv"; mkdir "$tmp/dirfile/children.csv"
    rc=0; "$bin/ingest" --out "$tmp/dirfile-out" "$tmp/dirfile" 2>"$tmp/err" || rc=$?
    [ $rc = 3 ] && grep -q "children.csv: is a folder, not a file" "$tmp/err" && ok ||
        fail "a folder in place of a file: exit $rc, $(cat "$tmp/err")"
    # a refused dataset leaves no output of an earlier run looking current:
    # a good run, then a bad config.csv into the same folder
    s=$tmp/stale
    "$bin/ingest" --out "$s/out" "$top/tests/fixtures/small" >/dev/null 2>&1
    : >"$s/out/clean/leftover.csv.tmp" # as a SIGKILL mid-write leaves it
    mkdir -p "$s/in"; cp "$top"/tests/fixtures/small/*.csv "$s/in/"; cp "$top/tests/bad/config/config.csv" "$s/in/"
    rc=0; "$bin/ingest" --out "$s/out" "$s/in" >/dev/null 2>&1 || rc=$?
    [ $rc = 4 ] && [ -z "$(ls -A "$s/out/clean")" ] && [ -s "$s/out/ingest.csv" ] && [ -s "$s/out/rejects/config.csv" ] && ok ||
        fail "refused dataset: exit $rc (want 4), clean/ holds '$(ls "$s/out/clean" | tr '\n' ' ')', report and rejects must be written"
    # a stage killed mid-write (SIGKILL) leaves its temporary file; the next
    # run of that stage removes it, and never another stage's
    "$bin/ingest" --out "$s/ok" "$top/tests/fixtures/small" >/dev/null 2>&1
    mkdir -p "$s/ok/level1"
    : >"$s/ok/level1/.participation_headline.csv.participation.tmp"
    : >"$s/ok/level1/.questionnaire_items.csv.questionnaire.tmp"
    "$bin/participation" --in "$s/ok/clean" --out "$s/ok/level1" 2>/dev/null
    [ "$(cd "$s/ok/level1" && ls -A | grep '\.tmp$')" = ".questionnaire_items.csv.questionnaire.tmp" ] && ok ||
        fail "leftover temporary files: $(ls -A "$s/ok/level1" | grep tmp | tr '\n' ' ')"
    # ...and make stops, even with ACCEPT_REJECTS=1, and removes what an
    # earlier run derived from other data (a report left in place would look
    # current)
    mkdir -p "$s/mk/level2" "$s/mk/report" "$s/fig"
    echo old >"$s/mk/level2/convergence_themes.csv"; echo old >"$s/mk/report/index.html"; echo old >"$s/fig/captions.csv"
    rc=0; MAKEFLAGS= make -s -C "$top" BIN="$bin" DATA="$s/in" OUT="$s/mk" FIG="$s/fig" ACCEPT_REJECTS=1 "$s/mk/level1/participation_headline.csv" >/dev/null 2>&1 || rc=$?
    [ $rc != 0 ] && [ ! -e "$s/mk/level1/participation_headline.csv" ] && [ -s "$s/mk/ingest.csv" ] &&
        [ ! -e "$s/mk/level2" ] && [ ! -e "$s/mk/report" ] && [ ! -e "$s/fig/captions.csv" ] && ok ||
        fail "make with ACCEPT_REJECTS=1 went on over a refused dataset, or left an earlier run's outputs (exit $rc)"
}

# ---------------------------------------------------------------- a second participation model
# tests/fixtures/mentoring declares other units (sites, youths, mentor
# matches; English labels only), other breakdowns (through two links, by
# bands, a share with a denominator, a condition with "and"): its
# indicators against R on the raw files (tests/expected/participation_mentoring.R),
# every row and no other.
mentoring() {
    m=$tmp/mentoring
    rc=0; "$bin/ingest" --out "$m" "$top/tests/fixtures/mentoring" >"$m.log" 2>&1 || rc=$?
    [ $rc = 0 ] && "$bin/participation" --in "$m/clean" --out "$m/level1" >>"$m.log" 2>&1 && ok ||
        { fail "mentoring: ingest or participation failed"; head -5 "$m.log"; return; }
    compare_r "$top/tests/expected/participation_mentoring.csv" "$m/level1/indicators_participation.csv" \
        "indicator" "n value ci_low ci_high"
    [ "$(wc -l <"$m/level1/indicators_participation.csv")" = "$(wc -l <"$top/tests/expected/participation_mentoring.csv")" ] &&
        ok || fail "mentoring: indicator rows other than R's"
    for f in area site age kind match_area monthly cumulative; do
        [ -s "$m/level1/participation_$f.csv" ] || fail "mentoring: no participation_$f.csv"
    done
    # the breakdowns' means (n: the row's total count), to the printed digit
    # as the indicators above: |printed - R| <= half the sixth decimal
    python3 - "$m/level1" >"$m/means.csv" <<'PY'
import csv, os, sys
print("breakdown,key,n,mean,ci_low,ci_high")
for b in ("monthly", "area", "site", "age", "kind", "match_area"):
    rows = list(csv.DictReader(open(os.path.join(sys.argv[1], f"participation_{b}.csv"), encoding="utf-8")))
    key = list(rows[0])[0]
    for r in rows:
        n = r["total"] if "total" in r else r[list(r)[3]]
        print(",".join([b, r[key], n, r["mean"], r["mean_ci_low"], r["mean_ci_high"]]))
PY
    compare_r "$top/tests/expected/participation_mentoring_means.csv" "$m/means.csv" "breakdown key" "n mean ci_low ci_high"
    # the headline says why a mean has no value or no interval
    grep -q '^youths_mean_age_none,,Mean age (no youth),0,,,,,,,no rows: no mean$' "$m/level1/participation_headline.csv" &&
        grep -q '^youths_mean_age_one,,Mean age (one youth),1,,,18,,,,one row: no interval' "$m/level1/participation_headline.csv" &&
        ok || fail "mentoring: no reason for a mean of no row or of one row in the headline"
    # every mean in each of the 20 bootstrap replicates
    [ "$(grep -c '^[0-9]*,youths_mean_age_school,' "$m/level1/indicators_participation_replicates.csv")" = 20 ] &&
        [ "$(grep -c '^[0-9]*,matches_mean_youth_age,[0-9]' "$m/level1/indicators_participation_replicates.csv")" = 20 ] &&
        ok || fail "mentoring: the means are not in every bootstrap replicate"
    # the replicates, means included, byte for byte: the demo's have no
    # means, so this pins the engine's weighted mean sums
    # (pv_boot_mean_ci_t) through the drawing thread (replicates.c), and
    # in one thread the file is the same
    g=$top/tests/golden/mentoring/indicators_participation_replicates.csv
    if [ $update = 1 ]; then
        mkdir -p "${g%/*}"
        cp "$m/level1/indicators_participation_replicates.csv" "$g"
        echo "golden replicates rewritten in ${g#"$top"/}: review the diff"
        return
    fi
    cmp -s "$g" "$m/level1/indicators_participation_replicates.csv" && ok ||
        { fail "mentoring: the replicates differ from ${g#"$top"/}"; diff "$g" "$m/level1/indicators_participation_replicates.csv" | head -5; }
    PROXEVAL_THREADS=1 "$bin/participation" --in "$m/clean" --out "$m/level1-t1" >>"$m.log" 2>&1 &&
        cmp -s "$g" "$m/level1-t1/indicators_participation_replicates.csv" && ok ||
        fail "mentoring: the replicates in one thread differ from ${g#"$top"/}"
}

# ---------------------------------------------------------------- the second example dataset
# data/mentoring (tools/mentoring/make_data.py): English only, its own
# participation model (sites, youths, mentor matches), a six-point scale with
# a "don't know" code, an NVivo-style .qdpx coded by two coders: `make` end
# to end, every row read is kept or rejected, the headline indicators as R
# computes them from the raw files (tests/expected/mentoring_example.R), a
# default figure per participation breakdown, worded with the unit's label;
# no hidden cell or mean comes back (tests/disclosure_attack.py, from the
# dataset's declarations).
example_mentoring() {
    e=$tmp/mentoring-example
    rc=0; pv_make -C "$top" DATA="$top/data/mentoring" OUT="$e/out" FIG="$e/fig" all figures-en >"$e.log" 2>&1 || rc=$?
    [ $rc = 0 ] && [ -s "$e/out/manifest.csv" ] && [ -s "$e/out/report/index.html" ] && ok ||
        { fail "make on data/mentoring: exit $rc"; tail -5 "$e.log"; return; }
    gawk -F, 'NR > 1 && $5 != $6 + $7 { print; bad = 1 } END { exit bad }' "$e/out/ingest.csv" && ok ||
        fail "data/mentoring: read != kept + rejected in out/ingest.csv"
    cat "$e/out/level1/indicators_participation.csv" >"$e/ind.csv"
    tail -n +2 "$e/out/level1/indicators_questionnaire.csv" >>"$e/ind.csv"
    compare_r "$top/tests/expected/mentoring_example.csv" "$e/ind.csv" "indicator" "n value ci_low ci_high"
    attack "$e/out" "$e/fig" data/mentoring
    [ "$(tail -n +2 "$e/out/level2/convergence_themes.csv" | wc -l)" = 4 ] && ok ||
        fail "data/mentoring: four themes rated"
    for b in monthly cumulative region site age gender mentor_type status; do
        [ -s "$e/fig/participation_$b.png" ] && [ -s "$e/fig/en/participation_$b.svg" ] || fail "data/mentoring: no default figure participation_$b"
    done
    # the questionnaires' defaults, a six-point scale included
    for g in likert_Q_YOUTHS scores_Q_YOUTHS alpha_Q_YOUTHS likert_Q_MENTORS scores_Q_MENTORS alpha_Q_MENTORS; do
        [ -s "$e/fig/q_$g.png" ] || fail "data/mentoring: no default figure q_$g"
    done
    grep -q '^q_likert_Q_YOUTHS,Youth survey: answers,' "$e/fig/captions.csv" &&
        grep -q '^participation_region,Youths by region,' "$e/fig/captions.csv" &&
        grep -q '^participation_mentor_type,Mentor matches by mentor_type,' "$e/fig/captions.csv" && ok ||
        fail "data/mentoring: the default figures are not worded with the units' labels"
    # a figure name defined twice (here in the defaults and the dataset's
    # catalogue) is rejected at its second row, the other figures drawn
    { head -1 "$top/data/figures.csv"; grep '^ql_cooccurrence,' "$top/data/figures.csv"; } >"$e/dup.csv"
    rc=0; "$bin/figures" --defaults "$top/data/figures.csv" --catalogue "$e/dup.csv" --in "$e/out" \
        --out "$e/dup" >"$e/dup.log" 2>&1 || rc=$?
    [ $rc = 1 ] && grep -qF "dup.csv,2,1,figure,ql_cooccurrence,figure defined twice (first at $top/data/figures.csv:4)" "$e/dup/rejects.csv" &&
        [ -s "$e/dup/cv_joint_display.png" ] && ok ||
        { fail "a figure defined twice: exit $rc"; cat "$e/dup.log"; }
}

# ---------------------------------------------------------------- a new dataset
# make new-dataset DIR=…: a folder with every file of the three sources and
# the convergence, that runs as is; an existing folder is never overwritten.
new_dataset() {
    n=$tmp/new-dataset
    rc=0; pv_make -C "$top" new-dataset DIR="$n" >"$n.log" 2>&1 || rc=$?
    [ $rc = 0 ] && [ -s "$n/units.csv" ] && [ -s "$n/instruments.csv" ] && [ -s "$n/codebook.csv" ] &&
        [ -s "$n/triangulation.csv" ] && ok || { fail "make new-dataset: exit $rc"; cat "$n.log"; return; }
    rc=0; pv_make -C "$top" DATA="$n" OUT="$n.out" FIG="$n.fig" >"$n.log" 2>&1 || rc=$?
    [ $rc = 0 ] && grep -q '^summary: sources: participation, questionnaire, qualitative$' "$n.log" &&
        grep -q '^summary: rows: .* 0 rejected, 0 answers rejected as values$' "$n.log" &&
        [ -s "$n.fig/participation_monthly.png" ] && [ -s "$n.out/report/index.html" ] &&
        [ "$(tail -n +2 "$n.out/level2/convergence_themes.csv" | wc -l)" = 1 ] && ok ||
        { fail "the new dataset does not run as is: exit $rc"; tail -5 "$n.log"; }
    rc=0; pv_make -C "$top" new-dataset DIR="$n" >"$n.log" 2>&1 || rc=$?
    [ $rc != 0 ] && grep -q "new-dataset: $n exists; name a new folder" "$n.log" && ok ||
        fail "make new-dataset over an existing folder: exit $rc"
}

# ---------------------------------------------------------------- a real survey
# psych's bfi (tests/fixtures/bfi: 300 respondents, six-point items, two
# constructs with reverse-keyed items, top and bottom boxes declared in
# scales.csv, gender and education declared as respondent attributes;
# small-cell threshold 1, so that R sees what the stage publishes) against
# R on the same file (tests/expected/bfi.R); a value outside the six points
# is a reject of that answer, the respondent kept.
bfi() {
    b=$tmp/bfi
    "$bin/ingest" --out "$b" "$top/tests/fixtures/bfi" >/dev/null 2>&1 &&
        "$bin/questionnaire" --in "$b/clean" --out "$b/level1" >/dev/null 2>&1 ||
        { fail "bfi: ingest or questionnaire failed"; return; }
    compare_r "$top/tests/expected/bfi_items.csv" "$b/level1/questionnaire_items.csv" "instrument_id item_id" \
        "n_valid ?mean ?sd ?median ?q1 ?q3 positive positive_share ci_low ci_high negative negative_share negative_ci_low negative_ci_high"
    compare_r "$top/tests/expected/bfi_distribution.csv" "$b/level1/questionnaire_distribution.csv" "instrument_id item_id value" \
        "?count ?share ?ci_low ?ci_high"
    compare_r "$top/tests/expected/bfi_constructs.csv" "$b/level1/questionnaire_constructs.csv" "instrument_id construct" \
        "n_items n_scored mean ci_low ci_high sd median q1 q3 n_complete alpha alpha_std alpha_ci_low alpha_ci_high alpha_pairwise alpha_std_pairwise"
    # by respondent attribute (attributes.csv: gender, education); the 45
    # respondents without education are counted in the note, not dropped silently
    compare_r "$top/tests/expected/bfi_tests.csv" "$b/level1/questionnaire_tests.csv" "family target instrument_id test" \
        "n statistic df p p_adjusted effect_size"
    compare_r "$top/tests/expected/bfi_correlations.csv" "$b/level1/questionnaire_correlations.csv" "instrument_id construct_a construct_b" \
        "n rho statistic df p p_adjusted"
    compare_r "$top/tests/expected/bfi_attributes.csv" "$b/level1/questionnaire_attributes.csv" "instrument_id attribute value" \
        "respondents share"
    [ "$(grep -c '_by_attribute_education,.*45 respondents without education left out' "$b/level1/questionnaire_tests.csv")" = 22 ] && ok ||
        fail "bfi: the tests by education do not say that 45 respondents without education were left out"
    # a number of respondents without the attribute that questionnaire_attributes.csv
    # hides (threshold 5, 3 without education) is not given in the tests' notes
    mkdir -p "$b/few"
    cp "$top"/tests/fixtures/bfi/*.csv "$b/few/"
    sed -i 's/^small_cell_threshold,1$/small_cell_threshold,5/' "$b/few/config.csv"
    gawk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "education") e = i }
        NR > 1 && $e == "" { if (++n > 3) $e = 3 } { print }' "$top/tests/fixtures/bfi/responses_bfi.csv" >"$b/few/responses_bfi.csv"
    "$bin/ingest" --out "$b/few-out" "$b/few" >/dev/null 2>&1
    "$bin/questionnaire" --in "$b/few-out/clean" --out "$b/few-out/level1" >/dev/null 2>&1
    grep -q '^BFI,education,,,,,,respondents:primary$' "$b/few-out/level1/questionnaire_attributes.csv" &&
        [ "$(grep -c 'respondents without education left out (their number hidden: small cells)' "$b/few-out/level1/questionnaire_tests.csv")" = 22 ] &&
        ! grep -q '[0-9] respondents without education' "$b/few-out/level1/questionnaire_tests.csv" "$b/few-out/level1/questionnaire_effects.csv" && ok ||
        fail "bfi: a hidden number of respondents without education is given in a note"
    # nor through the tests' n, statistic and effect size, or the codes' n in
    # questionnaire_effects.csv beside n scored (before: the attack gave back
    # the 3, and the 25 of the code hidden beside them, from either table)
    attack "$b/few-out" "$b/few-nofig" "bfi at threshold 5 (3 respondents without education)"
    mkdir -p "$b/seven"
    cp "$top"/tests/fixtures/bfi/*.csv "$b/seven/"
    sed -i '2s/^61617,2,/61617,7,/' "$b/seven/responses_bfi.csv"
    rc=0; "$bin/ingest" --out "$b/seven-out" "$b/seven" >/dev/null 2>&1 || rc=$?
    [ $rc = 1 ] && grep -q '^responses_bfi.csv,2,2,A1,7,not a value of scale ACC6$' "$b/seven-out/rejects/responses_bfi.csv" &&
        grep -q '^responses_bfi.csv,utf-8,comma,[0-9]*,300,300,0,1$' "$b/seven-out/ingest.csv" && ok ||
        fail "bfi: a 7 on a six-point scale is not a reject of that answer (exit $rc)"
}

# ---------------------------------------------------------------- small cells of the questionnaires
# Every hidden count of questionnaire_constructs.csv (n_scored, n_complete:
# empty fields) is named in its row's `suppressed` column (docs/METHODS.md,
# "Small cells"): tests/fixtures/small at threshold 12, where QP's 11
# complete respondents are hidden beside its 12 scored ones.
q_small_cells() {
    s=$tmp/qsmall
    mkdir -p "$s/in"
    cp -r "$top"/tests/fixtures/small/. "$s/in/"
    sed -i 's/^small_cell_threshold,.*/small_cell_threshold,12/' "$s/in/config.csv"
    grep -q '^small_cell_threshold,12$' "$s/in/config.csv" || echo 'small_cell_threshold,12' >>"$s/in/config.csv"
    "$bin/ingest" --out "$s/out" "$s/in" >/dev/null 2>&1
    "$bin/questionnaire" --in "$s/out/clean" --out "$s/out/level1" >/dev/null 2>&1 ||
        { fail "questionnaire on tests/fixtures/small at threshold 12"; return; }
    if gawk -v FPAT='([^,]*)|("([^"]|"")*")' '
        BEGIN { want["n_scored"]; want["n_complete"] }
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { for (c in want) if ($(col[c]) == "") { n[c]++
              if ($(col["suppressed"]) !~ ("(^|;)" c ":primary")) { print $1 " " $3 ": " c " empty, not named"; bad = 1 } } }
        END { exit bad || !n["n_complete"] }' "$s/out/level1/questionnaire_constructs.csv" >"$s/check.out"; then ok; else
        fail "questionnaire_constructs.csv: a hidden count not named in suppressed (or none hidden):"; head -5 "$s/check.out"; fi
    attack "$s/out" "$s/nofig" "tests/fixtures/small at threshold 12"
    # The Kruskal-Wallis of a construct between groups has n = the groups'
    # n scored: hidden when one is.  Threshold 9 (QW's 8 hidden), ECOUTE of
    # QW given a second item that W1 skipped, so that its score statistics
    # are not hidden by the items' (before: the test's n 20 gave back the 8).
    g=$tmp/qgroup
    mkdir -p "$g/in"
    cp -r "$top"/tests/fixtures/small/. "$g/in/"
    sed -i 's/^small_cell_threshold,.*/small_cell_threshold,9/' "$g/in/config.csv"
    echo 'QW,ECOUTE2,ECOUTE,likert5,AGREE5,non,Rythme,Pace' >>"$g/in/items.csv"
    gawk -F, -v OFS=, 'NR == 1 { print $0, "ECOUTE2"; next } { print $0, (NR == 2 ? "" : $5) }' \
        "$top/tests/fixtures/small/responses_workers.csv" >"$g/in/responses_workers.csv"
    "$bin/ingest" --out "$g/out" "$g/in" >/dev/null 2>&1
    "$bin/questionnaire" --in "$g/out/clean" --out "$g/out/level1" >/dev/null 2>&1 ||
        { fail "questionnaire on tests/fixtures/small with ECOUTE2 in QW"; return; }
    grep -q '^QW,WORKER,ECOUTE,.*n_scored:primary' "$g/out/level1/questionnaire_constructs.csv" && ok ||
        fail "tests/fixtures/small at threshold 9: QW's n scored of ECOUTE not hidden (the case tests nothing)"
    attack "$g/out" "$g/nofig" "tests/fixtures/small at threshold 9 with ECOUTE2 in QW"
}

# ---------------------------------------------------------------- response rates
# invited = respondents + non-respondents is one relation of the small-cell
# rule (docs/METHODS.md, "Response rates"); the fixture's QW (8 respondents)
# with invited changed and, for 3 respondents, its first 3 rows only.  Rows
# worked out by hand: 10 invited leave 2 non-respondents (primary), so
# invited is the complement; 8 leave none; 3 respondents of 6 invited
# leave 3 non-respondents, both small but each 2 to 4 for a reader (not
# pinned); 4 of 8 leave 4, and both must be 4 (pinned): invited hidden too.
response_rates() {
    # (columns invited, respondents, rate, note, suppressed: the interval is
    # checked against R elsewhere)
    for c in "10 8 ,,8,,not shown: a count below the small-cell threshold,invited:complementary" \
             "8 8 ,8,8,1,," \
             "6 3 ,6,,,not shown: a count below the small-cell threshold,respondents:primary" \
             "8 4 ,,,,not shown: a count below the small-cell threshold,invited:complementary;respondents:primary"; do
        set -- $c
        d=$tmp/rates-$1-$2
        mkdir -p "$d/in"
        cp "$top"/tests/fixtures/small/*.csv "$d/in/"
        sed -i "s/,10\$/,$1/" "$d/in/instruments.csv"
        head -n $(($2 + 1)) "$top/tests/fixtures/small/responses_workers.csv" >"$d/in/responses_workers.csv"
        "$bin/ingest" --out "$d" "$d/in" >/dev/null 2>&1 &&
            "$bin/questionnaire" --in "$d/clean" --out "$d/level1" >/dev/null 2>&1 ||
            { fail "response rates: ingest or questionnaire failed ($1 invited, $2 respondents)"; continue; }
        want="QW,WORKER${c#* * }"
        row=$(grep '^QW,' "$d/level1/questionnaire_response_rates.csv" | cut -d, -f1-5,8-)
        [ "$row" = "$want" ] && ok || fail "response rates, $1 invited, $2 respondents: $row, want $want"
    done
}

demo_run
page_budget
accessibility
book
axes
french_typo
signs
e2e
effects
shares
golden
response_rates
map_timeline
bad
line_ends
determinism
report
reproduction
make_prerequisites
docs
refiqda_schema
refiqda_runs
sources_optional
mentoring
example_mentoring
new_dataset
qdpx_export
cli
bfi
q_small_cells
echo "tests/run.sh: $pass passed, $fails failed"
[ $fails = 0 ]
