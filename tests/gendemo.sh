#!/bin/sh
# gendemo.sh — the demo generator (tools/gendemo) rewrites data/demo byte
# for byte, and refuses bad data files with file:line:column messages.
#
#   tests/gendemo.sh        (make check runs it; needs build/bin/gendemo,
#                            pspp and faketime: tools/deps.sh test)
#
# data/demo is committed as generated: gendemo's CSV files, then the
# partners' .sav written by PSPP from its CSV (tools/partners_sav.sps, the
# clock frozen by faketime as `make demo-data` does).  Every file gendemo
# writes must equal the committed one, and every committed file must be
# either written here or one of the hand-made ones listed below.
set -eu
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
gendemo=${BIN:-$top/build/bin}/gendemo # make check SAN=1: build/san/bin
demo=$top/data/demo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0

ok() { pass=$((pass + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# The files of data/demo written by hand, not by gendemo or PSPP.
hand_made="figures.csv themes.csv triangulation.csv report units.csv columns.csv indicators.csv breakdowns.csv tiles.csv"

# ---------------------------------------------------------------- helpers
# same_files DIR REF: every file of DIR equals REF's (the others in $tmp/diffs).
same_files() {
    : >"$tmp/diffs"
    for f in "$1"/*; do
        cmp -s "$f" "$2/${f##*/}" || echo "${f##*/}" >>"$tmp/diffs"
    done
    [ ! -s "$tmp/diffs" ]
}

# The dataset as `make demo-data` makes it, in $1/data/demo.
generate() {
    mkdir -p "$1/data"
    "$gendemo" "$1/data/demo" || return 1
    # partners_sav.sps reads and writes data/demo/ from the current folder
    (cd "$1" && faketime -f '2025-03-31 00:00:00' pspp "$top/tools/partners_sav.sps" >"$1/pspp.log" 2>&1) ||
        { cat "$1/pspp.log"; return 1; }
}

# ---------------------------------------------------------------- reproduction
reproduction() {
    generate "$tmp/gen" || { fail "gendemo or PSPP failed"; return; }
    out=$tmp/gen/data/demo
    if same_files "$out" "$demo"; then ok; else
        fail "data/demo differs from what tools/gendemo writes: $(tr '\n' ' ' <"$tmp/diffs")"
        echo "  (regenerate with make demo-data if the change is meant; else see git diff data/demo)"
    fi
    # nothing in data/demo that is neither generated nor hand-made
    for f in "$demo"/*; do
        name=${f##*/}
        [ -e "$out/$name" ] && continue
        case " $hand_made " in *" $name "*) continue ;; esac
        fail "data/demo/$name is neither written by gendemo nor listed as hand-made"
    done
    n=$(ls "$out" | wc -l)
    [ "$n" = 20 ] && ok || fail "gendemo and PSPP wrote $n files, want 20 (19 CSV and the .sav)"
}

# The comparison sees a single changed byte, in a CSV and in the .sav (of a
# copy of what was generated: this checks same_files, not data/demo).
comparison_sees_one_byte() {
    for flipped in referrals.csv responses_partners.sav; do
        rm -rf "$tmp/flip"
        cp -r "$tmp/gen/data/demo" "$tmp/flip"
        f=$tmp/flip/$flipped
        size=$(wc -c <"$f")
        off=$((size / 2))
        byte=$(od -An -tu1 -j "$off" -N1 "$f" | tr -d ' ')
        printf "$(printf '\\%03o' $(((byte + 1) % 256)))" |
            dd of="$f" bs=1 seek="$off" conv=notrunc 2>/dev/null
        [ "$(wc -c <"$f")" = "$size" ] || { fail "flip: size of $flipped changed"; continue; }
        if same_files "$tmp/flip" "$tmp/gen/data/demo"; then
            fail "one byte changed in $flipped is not seen"
        else
            [ "$(cat "$tmp/diffs")" = "$flipped" ] && ok || fail "flip in $flipped: got $(tr '\n' ' ' <"$tmp/diffs")"
        fi
    done
}

# ---------------------------------------------------------------- bad data files
# bad_data FILE SED-SCRIPT EXPECTED-MESSAGE: that edit of one data file gives
# exit 1, that message, and no output.
bad_data() {
    rm -rf "$tmp/data" "$tmp/out"
    cp -r "$top/tools/gendemo/data" "$tmp/data"
    sed -i "$2" "$tmp/data/$1"
    cmp -s "$tmp/data/$1" "$top/tools/gendemo/data/$1" && { fail "bad_data: '$2' changed nothing"; return; }
    rc=0
    "$gendemo" --data "$tmp/data" "$tmp/out" 2>"$tmp/err" || rc=$?
    [ $rc = 1 ] && ok || fail "bad $1 ('$2'): exit $rc, want 1"
    grep -qxF "gendemo: $tmp/data/$3" "$tmp/err" && ok || {
        fail "bad $1 ('$2'): no message '$3'"; sed 's/^/  /' "$tmp/err"; }
    [ ! -e "$tmp/out" ] && ok || fail "bad $1: something was written"
}

bad_inputs() {
    # a column spec (schema.c): a code not in its list
    bad_data territories.csv 's/^T05,Limoilou,03,/T05,Limoilou,99,/' \
        "territories.csv:6:3: region: not a code of list 'region' in codes.csv ('99')"
    # the published figures: carriers of the territories
    bad_data territories.csv 's/^T05,Limoilou,03,CPSC/T05,Limoilou,03,OCF/' \
        "territories.csv:1:0: carriers 42 OCF, 6 CPSC, 2 both: the pilot had 41, 7, 2 ('')"
    # a code list the generator gives a meaning to
    bad_data codes.csv 's/^destination,CLSC,/destination,CLSCX,/' \
        "codes.csv:25:2: code: list 'destination': code 'CLSC' expected here (the generator gives the codes of this list a meaning, in their order) ('CLSCX')"
    # questionnaires: an export column, a missing-by-design answer off the scale
    bad_data export_columns.csv 's/^Q_PARENTS,REGION,region,/Q_PARENTS,REGION,regio,/' \
        "export_columns.csv:6:3: target: not an item of Q_PARENTS, nor respondent_id, region or - ('regio')"
    bad_data item_uses.csv 's/^Q_PARENTS,P_STRESS,0.03,0$/Q_PARENTS,P_STRESS,0.03,0.1/' \
        "item_uses.csv:9:4: not_applicable: the item's scale has no \"not applicable\" answer ('0.1')"
    # focus groups: a slot nobody defines, a parent after its child
    bad_data templates.csv '3s/{o}c/{oo}c/' \
        "templates.csv:3:5: text: {oo}: no such slot for group PARENT in slots.csv ('{oo}c'est une voisine qui m'a parlé {de_lui}. Au début je ne voulais pas, mais elle disait que ça l'avait aidée.')"
    bad_data codebook.csv 's/^STRAT_GO_WHERE,STRAT,/STRAT_GO_WHERE,TRUST,/' \
        "codebook.csv:3:2: parent: the parent must be a top-level code listed above ('TRUST')"
}

reproduction
comparison_sees_one_byte
bad_inputs
echo "tests/gendemo.sh: $pass passed, $fails failed"
[ $fails = 0 ]
