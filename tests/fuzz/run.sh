#!/bin/sh
# run.sh — run libFuzzer harnesses for a time budget each (`make fuzz`).
#
#   tests/fuzz/run.sh BUILD-DIR SECONDS HARNESS...
#
# Each BUILD-DIR/fuzz_<h> starts from the committed seeds
# (tests/fuzz/corpus/<h>/) and past crashes (tests/fuzz/regress/<h>/); the
# inputs it finds go to BUILD-DIR/corpus/<h>/ (never into the repository)
# and crashes to BUILD-DIR/crashes/<h>/.  A harness may have a dictionary,
# tests/fuzz/<h>.dict.  Exits 1 when any harness crashed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1 secs=$2
shift 2
harnesses=$*
crashed=""
for h in $harnesses; do
    mkdir -p "$dir/corpus/$h" "$dir/crashes/$h"
    set -- -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$dir/crashes/$h/"
    [ -f "$top/tests/fuzz/$h.dict" ] && set -- "$@" -dict="$top/tests/fuzz/$h.dict"
    seeds="$top/tests/fuzz/corpus/$h"
    [ -d "$top/tests/fuzz/regress/$h" ] && seeds="$seeds $top/tests/fuzz/regress/$h"
    echo "== fuzz_$h for ${secs}s"
    # shellcheck disable=SC2086
    "$dir/fuzz_$h" "$@" "$dir/corpus/$h" $seeds >"$dir/fuzz_$h.log" 2>&1 || crashed="$crashed $h"
    grep -E '^(stat::number_of_executed_units|stat::new_units_added|==[0-9]+==ERROR|SUMMARY)' "$dir/fuzz_$h.log"
done
if [ -n "$crashed" ]; then
    echo "fuzz: crashed:$crashed (logs: $dir/fuzz_<h>.log; inputs: $dir/crashes/<h>/)."
    echo "fuzz: keep each crash input in tests/fuzz/regress/<h>/ with one line in"
    echo "      tests/fuzz/regress/README.md, then fix the cause."
    exit 1
fi
echo "fuzz: no crash in $harnesses, ${secs}s each"
