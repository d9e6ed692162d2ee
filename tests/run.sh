#!/bin/sh
# run.sh — stage tests: end to end on data/demo, golden files on the small
# fixture, bad-input cases, determinism, and the programs' command lines.
#
#   tests/run.sh            run every test
#   tests/run.sh --update   rewrite the golden files (review the diff!)
#
# Bad-input cases are folders tests/bad/<case>/: the files there replace
# those of tests/fixtures/small; expected.rc is the exit status of ingest,
# expected.stderr its exact messages, expected.ingest.csv the report (counts)
# and expected.rejects.csv all rejects files concatenated; when the case has
# expected.answers.csv, the clean answers must equal it.
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

# ---------------------------------------------------------------- end to end
# The pilot's published figures (DESIGN.md, the evaluation report): they are
# the independent expectation for data/demo.
e2e() {
    out=$tmp/demo
    "$bin/ingest" --out "$out" "$top/data/demo" 2>"$tmp/demo.err" || { fail "ingest data/demo"; cat "$tmp/demo.err"; return; }
    "$bin/participation" --in "$out/clean" --out "$out/level1" || { fail "participation data/demo"; return; }
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
    # The headline intervals against R's prop.test (tests/expected/wilson.csv)
    for row in families_isolated:3236:5305 children_young:5921:10036 referrals_headline:8500:10241; do
        id=${row%%:*} xn=${row#*:}
        want=$(awk -F, -v x="${xn%%:*}" -v n="${xn#*:}" '$1 == x && $2 == n { printf "%.6f %.6f", $4, $5 }' "$top/tests/expected/wilson.csv")
        got=$(awk -F, -v id="$id" '$1 == id { printf "%s %s", $(NF-2), $(NF-1) }' "$h")
        [ -n "$want" ] && [ "$got" = "$want" ] && ok || fail "headline $id interval: got '$got', R gives '$want'"
    done
    # questionnaires against R on the raw demo files (tests/expected/questionnaire_demo.R)
    "$bin/questionnaire" --in "$out/clean" --out "$out/level1" || fail "questionnaire data/demo"
    "$bin/qualitative" --in "$out/clean" --out "$out/level1" || fail "qualitative data/demo"
    "$bin/convergence" --in "$out" --out "$out/level2" 2>"$tmp/cv.err" || fail "convergence data/demo"
    [ ! -s "$tmp/cv.err" ] && ok || { fail "convergence data/demo: messages"; cat "$tmp/cv.err"; }
    # the evaluation's expected dissonance: partners misread the mandate
    grep -q '^MANDATE,.*,dissonance,' "$out/level2/convergence_themes.csv" && ok || fail "MANDATE is not dissonant"
    compare_r "$top/tests/expected/questionnaire_demo_items.csv" "$out/level1/questionnaire_items.csv" \
        "instrument_id item_id" "n_valid mean sd median q1 q3 ?positive_share ?ci_low ?ci_high"
    compare_r "$top/tests/expected/questionnaire_demo_constructs.csv" "$out/level1/questionnaire_constructs.csv" \
        "instrument_id construct" "n_scored mean ci_low ci_high sd median q1 q3 n_complete alpha alpha_std alpha_ci_low alpha_ci_high"
    compare_r "$top/tests/expected/questionnaire_demo_tests.csv" "$out/level1/questionnaire_tests.csv" \
        "family target instrument_id" "statistic df p p_adjusted effect:effect_size"
    # French and English typography of the published numbers in captions
    cats="--catalogue $top/data/figures.csv --catalogue $top/data/demo/figures.csv"
    "$bin/figures" $cats --in "$out" --out "$out/fig" &&
        "$bin/figures" --lang en $cats --in "$out" --out "$out/fig-en" || fail "figures on data/demo"
    nnbsp=$(printf '\342\200\257')
    grep -q "^families_region,.*n = 5${nnbsp}305\." "$out/fig/captions.csv" && ok || fail "French caption: n = 5 305 with U+202F"
    grep -q "^referrals_destination,.*n = 10${nnbsp}241\." "$out/fig/captions.csv" && ok || fail "French caption: n = 10 241"
    grep -q "janv\. 2024 – mars 2025" "$out/fig/captions.csv" && ok || fail "French period"
    nbsp=$(printf '\302\240')
    grep -q "Organisme communautaire${nbsp}: 7${nnbsp}493${nnbsp};" "$out/fig/captions.csv" && ok || fail "French alt text"
    grep -q "^families_region,.*n = 5,305\." "$out/fig-en/captions.csv" && ok || fail "English caption: n = 5,305"
    grep -q "Jan 2024 – Mar 2025" "$out/fig-en/captions.csv" && ok || fail "English period"
    # read = kept + rejected, and nothing rejected on the demo
    awk -F, 'NR > 1 && ($5 != $6 + $7 || $7 != 0) { exit 1 }' "$out/ingest.csv" && ok || fail "demo ingest counts"
}

# compare_r EXPECTED OURS "key columns" "value columns": every row of EXPECTED
# (written by R) has a row of OURS with the same keys, and the values agree
# within 1e-6 (OURS prints 6 decimals).  A value column "a:b" is a in
# EXPECTED and b in OURS.  Empty in EXPECTED (R's NA) must be empty in OURS.
# A column "?a" may be empty in OURS (hidden by a small-cell rule that the R
# script does not model); when it is not empty it must agree.
# Fields are split as CSV (gawk's FPAT: quoted fields may hold commas).
compare_r() {
    if gawk -v FPAT='([^,]*)|("([^"]|"")*")' -v keys="$3" -v vals="$4" '
        function col(hdr, name,   i) { for (i = 1; i <= NF; i++) if ($i == name) return i; return 0 }
        FNR == 1 { nk = split(keys, K, " "); nv = split(vals, V, " ")
            for (i = 1; i <= nk; i++) { c = col($0, K[i]); if (!c) { print "no column " K[i]; bad = 1 } kc[FILENAME, i] = c }
            for (i = 1; i <= nv; i++) { opt[i] = sub(/^\?/, "", V[i]); split(V[i], ab, ":"); name = (FILENAME == ARGV[1]) ? ab[1] : (ab[2] ? ab[2] : ab[1])
                c = col($0, name); if (!c) { print "no column " name; bad = 1 } vc[FILENAME, i] = c }
            next }
        { key = ""; for (i = 1; i <= nk; i++) key = key SUBSEP $(kc[FILENAME, i]) }
        FILENAME == ARGV[1] { want[key] = 1; for (i = 1; i <= nv; i++) W[key, i] = $(vc[FILENAME, i]); next }
        key in want { seen[key] = 1; for (i = 1; i <= nv; i++) { g = $(vc[FILENAME, i]); e = W[key, i]
            tol = 1e-6; if (e + 0 != 0 && (e < 0 ? -e : e) < 1e-3) tol = 1e-5 * (e < 0 ? -e : e)  # p-values: 6 significant digits
            if (opt[i] && g == "") continue  # "?col": hidden by small-cell rules R does not model
            if ((e == "") != (g == "") || (e != "" && (g - e > tol || e - g > tol))) {
                print "row" key ": " V[i] " = " g ", R gives " e; bad = 1 } } }
        END { for (k in want) if (!(k in seen)) { print "no row for" k; bad = 1 } exit bad }
    ' "$1" "$2" >"$tmp/compare.out"; then ok; else fail "$(basename "$1") vs $(basename "$2"):"; head -5 "$tmp/compare.out"; fi
}

# ---------------------------------------------------------------- golden
golden() {
    out=$tmp/small
    "$bin/ingest" --out "$out" "$top/tests/fixtures/small" >/dev/null 2>&1 || { fail "ingest small"; return; }
    "$bin/participation" --in "$out/clean" --out "$out/level1" || { fail "participation small"; return; }
    "$bin/questionnaire" --in "$out/clean" --out "$out/level1" || { fail "questionnaire small"; return; }
    "$bin/qualitative" --in "$out/clean" --out "$out/level1" || { fail "qualitative small"; return; }
    "$bin/convergence" --in "$out" --out "$out/level2" || { fail "convergence small"; return; }
    # convergence categories derived by hand from the fixture's indicators
    # (tests/fixtures/small/triangulation.csv): REACH participation supports
    # (0.833 [0.664, 0.927] > 0.5), qualitative partly (share 1 of 2 parent
    # sessions, [0.342, 1] straddles 0.5) -> partial agreement; TRUST both
    # support -> agreement; MANDATE questionnaire contradicts (2.25 [1.66,
    # 2.84] < 3) and qualitative supports -> dissonance; REFER nothing
    # published (small cells) -> silence.
    cats=$(gawk -v FPAT='([^,]*)|("([^"]|"")*")' 'NR > 1 { printf "%s=%s ", $1, $9 }' "$out/level2/convergence_themes.csv")
    [ "$cats" = "REACH=partial_agreement TRUST=agreement MANDATE=dissonance REFER=silence " ] && ok || fail "convergence categories: $cats"
    cats="--catalogue $top/data/figures.csv --catalogue $top/tests/fixtures/small/figures.csv"
    "$bin/figures" $cats --in "$out" --out "$tmp/smallfig" || { fail "figures small"; return; }
    "$bin/figures" --lang en $cats --in "$out" --out "$tmp/smallfig-en" || { fail "figures small en"; return; }
    cp "$tmp/smallfig/captions.csv" "$out/captions.csv"
    cp "$tmp/smallfig-en/captions.csv" "$out/captions-en.csv"
    for f in "$tmp"/smallfig/*.png; do # every figure in every format
        b=${f%.png}
        [ -s "$b.pdf" ] && [ -s "$b.svg" ] && [ -s "$b.png" ] && [ -s "$tmp/smallfig-en/$(basename "$b").png" ] && ok || fail "figure files of $(basename "$b")"
    done
    # questionnaire statistics against R (tests/expected/questionnaire_small.R)
    compare_r "$top/tests/expected/questionnaire_small_constructs.csv" "$out/level1/questionnaire_constructs.csv" \
        "instrument_id construct" "mean ci_low ci_high sd median q1 q3 alpha alpha_std alpha_ci_low alpha_ci_high"
    compare_r "$top/tests/expected/questionnaire_small_tests.csv" "$out/level1/questionnaire_tests.csv" \
        "family target instrument_id" "statistic df p p_adjusted effect:effect_size"
    # qualitative statistics against R (tests/expected/qualitative_small.R)
    compare_r "$top/tests/expected/qualitative_small_codes.csv" "$out/level1/qualitative_codes.csv" \
        "code" "excerpts excerpts_rolled sessions sessions_total share ci_low ci_high"
    compare_r "$top/tests/expected/qualitative_small_groups.csv" "$out/level1/qualitative_code_groups.csv" \
        "code group" "sessions sessions_total share ci_low ci_high"
    compare_r "$top/tests/expected/qualitative_small_cooc.csv" "$out/level1/qualitative_cooccurrence.csv" \
        "code_a code_b" "n_a n_b n_ab jaccard"
    compare_r "$top/tests/expected/qualitative_small_kappa.csv" "$out/level1/qualitative_agreement.csv" \
        "code measure coders" "units value se ci_low ci_high"
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
            case $(basename "$f") in expected.*) ;; *) cp "$f" "$d/in/" ;; esac
        done
        rc=0
        (cd "$d" && "$bin/ingest" --out out in) >"$d/stdout" 2>"$d/stderr" || rc=$?
        cat "$d"/out/rejects/*.csv 2>/dev/null | grep -v '^file,line,' >"$d/rejects" || true
        if [ $update = 1 ]; then
            echo "$rc" >"$case/expected.rc"
            cp "$d/stderr" "$case/expected.stderr"
            cp "$d/out/ingest.csv" "$case/expected.ingest.csv" 2>/dev/null || rm -f "$case/expected.ingest.csv"
            cp "$d/rejects" "$case/expected.rejects.csv"
            [ -f "$case/expected.answers.csv" ] && cp "$d/out/clean/answers.csv" "$case/expected.answers.csv"
            continue
        fi
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
    done
}

# ---------------------------------------------------------------- determinism
determinism() {
    a=$tmp/det1 b=$tmp/det2
    for o in "$a" "$b"; do
        "$bin/ingest" --out "$o" "$top/data/demo" 2>/dev/null
        "$bin/participation" --in "$o/clean" --out "$o/level1"
        "$bin/questionnaire" --in "$o/clean" --out "$o/level1"
        "$bin/qualitative" --in "$o/clean" --out "$o/level1"
        "$bin/convergence" --in "$o" --out "$o/level2"
        "$bin/figures" --catalogue "$top/data/figures.csv" --catalogue "$top/data/demo/figures.csv" \
            --in "$o" --out "$o/figures"
    done
    diff -r "$a" "$b" >/dev/null && ok || fail "two runs differ"
}

# ---------------------------------------------------------------- reproduction
# The whole pipeline on data/demo, as `make` runs it, gives exactly the
# files recorded in tests/golden/demo-manifest.csv (size and SHA-256 of
# every output): a clean clone reproduces the evaluation byte for byte.
reproduction() {
    r=$tmp/repro
    mkdir -p "$r"
    ln -s "$top/data" "$r/data"
    (
        cd "$r" &&
        "$bin/ingest" --out out data/demo 2>/dev/null &&
        "$bin/participation" --in out/clean --out out/level1 &&
        "$bin/questionnaire" --in out/clean --out out/level1 &&
        "$bin/qualitative" --in out/clean --out out/level1 &&
        "$bin/convergence" --in out --out out/level2 &&
        "$bin/figures" --catalogue data/figures.csv --catalogue data/demo/figures.csv --in out --out figures &&
        "$bin/manifest" --out out/manifest.csv --version-file "$top/VERSION" --input data/demo out figures
    ) || { fail "reproduction: the pipeline failed"; return; }
    g=$top/tests/golden/demo-manifest.csv
    if [ $update = 1 ]; then
        cp "$r/out/manifest.csv" "$g"
        echo "tests/golden/demo-manifest.csv rewritten: review the diff"
        return
    fi
    if diff "$g" "$r/out/manifest.csv" >"$tmp/manifest.diff"; then ok; else
        fail "reproduction: outputs differ from tests/golden/demo-manifest.csv:"; head -20 "$tmp/manifest.diff"
    fi
}

# ---------------------------------------------------------------- REFI-QDA fixtures
# The fixtures must be valid REFI-QDA (the exchange schema in ../shared/ref).
refiqda_schema() {
    xsd=$top/tests/fixtures/refiqda/refi-qda-project-1.0.xsd
    for f in "$top"/tests/fixtures/refiqda/project.qde "$top"/tests/fixtures/refiqda/atlas.qde \
             "$top"/tests/fixtures/refiqda/beyond.qde "$top"/tests/fixtures/refiqda/qdpx/Trial.qde; do
        xmllint --noout --schema "$xsd" "$f" 2>"$tmp/xmllint.err" && ok || { fail "$(basename "$f") is not valid REFI-QDA"; head -3 "$tmp/xmllint.err"; }
    done
}

# ---------------------------------------------------------------- command lines
cli() {
    for p in ingest participation questionnaire qualitative convergence figures manifest gendemo; do
        [ -x "$bin/$p" ] || continue
        "$bin/$p" --help >/dev/null && ok || fail "$p --help"
        rc=0; "$bin/$p" --no-such-option >/dev/null 2>&1 || rc=$?
        [ $rc = 2 ] && ok || fail "$p: bad option gives $rc, want 2"
    done
    rc=0; "$bin/ingest" --out "$tmp/x" "$tmp/no-such-dir" 2>"$tmp/err" || rc=$?
    [ $rc = 3 ] && ok || fail "ingest on a missing folder gives $rc, want 3"
    rc=0; "$bin/ingest" --out /dev/full/x "$top/tests/fixtures/small" 2>/dev/null || rc=$?
    [ $rc = 3 ] && ok || fail "ingest into an unwritable folder gives $rc, want 3"
}

e2e
golden
bad
determinism
reproduction
refiqda_schema
cli
echo "tests/run.sh: $pass passed, $fails failed"
[ $fails = 0 ]
