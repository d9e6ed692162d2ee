#!/bin/sh
# bench/run.sh — throughput and peak memory of ingest + participation on a
# dataset SCALE times the demo (default 100: ~80 MB of CSV).
#
#   bench/run.sh [SCALE]
#
# Prints MB/s of input (input bytes / wall time of both stages) and the peak
# resident memory of each stage (GNU time).  Target: at least 100 MB/s.
set -eu
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/build/bin
scale=${1:-100}
work=$top/build/bench
data=$work/data-x$scale
mkdir -p "$work"
if [ ! -f "$data/units.csv" ]; then
    echo "bench: generating a x$scale dataset in $data"
    "$bin/gendemo" --scale "$scale" "$data"
    # the convergence stability bootstrap (participation resamples its
    # families 1000 times) is not what this benchmark measures: off
    echo "stability_replicates,0" >>"$data/config.csv"
    # the partners' SPSS file is written by PSPP, not by gendemo; the
    # participation model's declarations are hand-made (tools/gendemo/README.md)
    for f in responses_partners.sav units.csv columns.csv indicators.csv breakdowns.csv; do
        cp "$top/data/demo/$f" "$data/"
    done
fi
bytes=$(cat "$data"/*.csv | wc -c)
rm -rf "$work/out"
/usr/bin/time -f "%e %M" -o "$work/ingest.time" \
    "$bin/ingest" --out "$work/out" "$data"
/usr/bin/time -f "%e %M" -o "$work/participation.time" \
    "$bin/participation" --in "$work/out/clean" --out "$work/out/level1"
read -r t1 m1 <"$work/ingest.time"
read -r t2 m2 <"$work/participation.time"
awk -v b="$bytes" -v t1="$t1" -v t2="$t2" -v m1="$m1" -v m2="$m2" -v s="$scale" 'BEGIN {
    mb = b / 1e6; t = t1 + t2
    printf "bench: x%d dataset, %.1f MB of CSV input\n", s, mb
    printf "bench: ingest        %6.2f s  peak %6.0f MB\n", t1, m1 / 1024
    printf "bench: participation %6.2f s  peak %6.0f MB\n", t2, m2 / 1024
    printf "bench: throughput    %6.1f MB/s (input MB / wall time of both stages; target >= 100)\n", (t > 0 ? mb / t : 0)
}'
