#!/bin/sh
# bench/run.sh — the measures of issue 15, printed next to their targets.
#
#   bench/run.sh [SCALE...]        (default: 1 10 100; `make bench` runs it)
#
# For each scale N: a dataset N times the demo (gendemo --scale N, plus the
# demo's files gendemo does not write: themes.csv, triangulation.csv,
# figures.csv, report/ and the partners' .sav, which are the same at every
# scale), run through every stage with the default config, each stage
# BENCH_RUNS times (default 5; BENCH_RUNS_BIG, default 1, at scales of 100
# and more: the bootstrap takes minutes there).  Per stage: the median wall
# time and the largest peak resident memory (bench/measure.c: wait4's
# rusage).  Then, on the same files:
#   - the libcsv-only baseline (bench/csvbase.c: libcsv parsing every CSV
#     file of the dataset, no validation) and ingest's rate as a share of it;
#   - when Rscript with data.table and psych is installed (tools/deps.sh
#     bench), the first-level work in R (bench/level1.R) beside
#     ingest + participation + questionnaire (BENCH_R=0: skipped);
#   - the bootstrap's cost: the three first-level stages once more on a copy
#     of the clean tables whose config says stability_replicates,0; the
#     difference, per replicate, beside the stage without replicates.
# Each target of issue 15 is printed with PASS or MISS.  The bench never
# fails the build and is not part of `make check`.  The stage command lines
# are the Makefile's recipes (keep them in step).
set -eu
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bin=${BIN:-$top/build/bin}
mbin=${BENCH_BIN:-$top/build/bench}
work=$top/build/bench
runs=${BENCH_RUNS:-5}
runs_big=${BENCH_RUNS_BIG:-1}
scales=${*:-1 10 100}
mkdir -p "$work"
results=$work/results.txt
: >"$results"
started=$(date +%s)
load_start=$(cut -d' ' -f1 /proc/loadavg)

# The stages in the Makefile's order: name, then the command ($D dataset,
# $O output, $F figures folder).
stages="ingest qdpx participation questionnaire qualitative convergence figures figures-en
report report-en manifest"
stage_cmd() {
    case $1 in
    ingest) echo "$bin/ingest --out $O $D" ;;
    qdpx) echo "$bin/qdpx --in $O/clean --out $O/project.qdpx" ;;
    participation) echo "$bin/participation --in $O/clean --out $O/level1" ;;
    questionnaire) echo "$bin/questionnaire --in $O/clean --out $O/level1" ;;
    qualitative) echo "$bin/qualitative --in $O/clean --out $O/level1" ;;
    convergence) echo "$bin/convergence --in $O --out $O/level2" ;;
    figures) echo "$bin/figures --defaults $O/level1/figures_participation.csv --defaults $O/level1/figures_questionnaire.csv --defaults data/figures.csv --catalogue $D/figures.csv --colours data/colours.csv --in $O --out $F" ;;
    figures-en) echo "$bin/figures --lang en --defaults $O/level1/figures_participation.csv --defaults $O/level1/figures_questionnaire.csv --defaults data/figures.csv --catalogue $D/figures.csv --colours data/colours.csv --in $O --out $F/en" ;;
    report) echo "$bin/report --in $O --figures $F --text $D/report --out $O/report --other en/index.html" ;;
    report-en) echo "$bin/report --lang en --in $O --figures $F/en --text $D/report --out $O/report/en --other ../index.html" ;;
    manifest) echo "$bin/manifest --out $O/manifest.csv --input $D $O $F" ;;
    esac
}

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure TAG N CMD...: run CMD N times; record "TAG wall_s peak_kb status cpu_s"
# (median wall time, largest peak, worst status, median CPU time)
measure() {
    m_tag=$1 m_n=$2
    shift 2
    : >"$work/m.$m_tag"
    m_i=0
    while [ "$m_i" -lt "$m_n" ]; do
        "$mbin/measure" "$@" >>"$work/log.$m_tag" 2>&1 3>>"$work/m.$m_tag" || true
        m_i=$((m_i + 1))
    done
    m_t=$(cut -d' ' -f1 "$work/m.$m_tag" | median)
    m_m=$(cut -d' ' -f2 "$work/m.$m_tag" | sort -g | tail -n 1)
    m_s=$(cut -d' ' -f3 "$work/m.$m_tag" | sort -g | tail -n 1)
    m_c=$(cut -d' ' -f4 "$work/m.$m_tag" | median)
    echo "$m_tag $m_t $m_m $m_s $m_c" >>"$results"
    if [ "$m_s" -gt 1 ]; then
        echo "bench: $m_tag exited with status $m_s (see $work/log.$m_tag)" >&2
    fi
}

have_r=0
if [ "${BENCH_R:-1}" != 0 ] && command -v Rscript >/dev/null 2>&1 &&
    Rscript -e 'suppressMessages({library(data.table); library(psych)})' >/dev/null 2>&1; then
    have_r=1
fi

for s in $scales; do
    D=$work/data-x$s O=$work/out-x$s F=$work/figures-x$s
    # a dataset made before the demo gained a file is made again
    complete=0
    if [ -f "$D/.complete" ]; then
        complete=1
        for f in data/demo/*; do
            [ -e "$D/${f##*/}" ] || complete=0
        done
    fi
    if [ "$complete" = 0 ]; then
        echo "bench: generating the x$s dataset in $D"
        rm -rf "$D"
        "$bin/gendemo" --scale "$s" "$D" >/dev/null
        # what gendemo does not write: the second level, the figure catalogue
        # and its tile map's positions, the author's text, the partners' .sav
        # (PSPP) and the participation model's declarations (hand-made:
        # tools/gendemo/README.md)
        cp -R data/demo/themes.csv data/demo/triangulation.csv data/demo/figures.csv \
            data/demo/tiles.csv data/demo/report data/demo/responses_partners.sav \
            data/demo/units.csv data/demo/columns.csv data/demo/indicators.csv \
            data/demo/breakdowns.csv "$D/"
        for f in data/demo/*; do
            [ -e "$D/${f##*/}" ] || { echo "bench: $D lacks ${f##*/} of data/demo (add it above)" >&2; exit 1; }
        done
        touch "$D/.complete"
    fi
    n=$runs
    [ "$s" -ge 100 ] && n=$runs_big
    rm -rf "$O" "$F"
    mkdir -p "$F"
    echo "bench: x$s: $(du -sk "$D" | cut -f1) KB of input, $n run(s) of each stage"
    # the baseline runs just before ingest, on the same files
    csvs=$(find "$D" -name '*.csv' | sort)
    rm -f "$work"/log.x"$s".*
    # shellcheck disable=SC2086
    measure "x$s.csvbase" "$n" "$mbin/csvbase" $csvs
    for st in $stages; do
        # shellcheck disable=SC2046
        measure "x$s.$st" "$n" $(stage_cmd "$st")
    done
    echo "x$s.csvbytes $(cat $csvs | wc -c) 0 0 0" >>"$results"
    # the pipeline as a user runs it: `make` (its stages side by side, one
    # per core; each run in empty output folders, the programs built)
    M=$work/make-x$s
    measure "x$s.make" "$n" sh -c "rm -rf '$M' && exec make -s -C '$top' BIN='$bin' DATA='$D' OUT='$M/out' FIG='$M/fig' all >/dev/null"
    # the bootstrap's cost: the first-level stages without replicates
    r0=$work/clean-r0-x$s
    rm -rf "$r0" "$work/level1-r0-x$s"
    cp -R "$O/clean" "$r0"
    sed -i 's/^stability_replicates,.*/stability_replicates,0/' "$r0/config.csv"
    reps=$(awk -F, '$1 == "stability_replicates" { print $2 }' "$O/clean/config.csv")
    echo "x$s.replicates ${reps:-0} 0 0 0" >>"$results"
    for st in participation questionnaire qualitative; do
        measure "x$s.$st-r0" "$n" "$bin/$st" --in "$r0" --out "$work/level1-r0-x$s"
    done
    if [ "$have_r" = 1 ]; then
        measure "x$s.R" "$n" Rscript bench/level1.R "$D"
    fi
done

elapsed=$(($(date +%s) - started))
load_end=$(cut -d' ' -f1 /proc/loadavg)
# BENCH_CLOCK: the clock the targets are judged on: wall (the issue's),
# cpu (user + system time of the stage), or auto (default: wall, unless the
# load average passed the number of cores, when wall time measures the
# other programs).
clock=${BENCH_CLOCK:-auto}
if [ "$clock" = auto ]; then
    clock=$(awk -v a="$load_start" -v b="$load_end" -v n="$(nproc)" \
        'BEGIN { print (a > n || b > n) ? "cpu" : "wall" }')
fi
awk -v scales="$scales" -v stages="$stages" -v have_r="$have_r" -v elapsed="$elapsed" \
    -v clock="$clock" -v loads="$load_start at the start, $load_end at the end" \
    -v machine="$(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)" '
function verdict(ok) { return ok ? "PASS" : "MISS" }
{ w[$1] = $2; m[$1] = $3; c[$1] = $5; t[$1] = clock == "cpu" ? $5 : $2 }
END {
    ns = split(scales, S, " "); nst = split(stages, ST, /[ \n]+/)
    printf "\nbench: %s; load average %s\n", machine, loads
    printf "wall: median wall time (s); cpu: median user + system time (s); MB: peak resident memory\n"
    printf "%-15s", "stage"
    for (i = 1; i <= ns; i++) printf "  %8s %8s %6s", "x" S[i] " wall", "cpu", "MB"
    printf "\n"
    for (j = 1; j <= nst; j++) {
        printf "%-15s", ST[j]
        for (i = 1; i <= ns; i++) { k = "x" S[i] "." ST[j]; printf "  %8.3f %8.3f %6.1f", w[k], c[k], m[k] / 1024 }
        printf "\n"
    }
    printf "%-15s", "make (all)"
    for (i = 1; i <= ns; i++) { k = "x" S[i] ".make"; printf "  %8.3f %8.3f %6.1f", w[k], c[k], m[k] / 1024 }
    printf "\n%-15s", "whole pipeline"
    for (i = 1; i <= ns; i++) {
        tw = 0; tc = 0; tot[i] = 0; peak[i] = 0
        for (j = 1; j <= nst; j++) {
            k = "x" S[i] "." ST[j]; tw += w[k]; tc += c[k]; tot[i] += t[k]
            if (m[k] > peak[i]) peak[i] = m[k]
        }
        printf "  %8.3f %8.3f %6.1f", tw, tc, peak[i] / 1024
    }
    printf "\n\ntargets of issue 15, judged on %s time%s:\n", clock,
        clock == "cpu" ? " (the load average passed the number of cores: wall time measured the other programs)" : ""
    for (i = 1; i <= ns; i++) {
        k = "x" S[i]; mb = w[k ".csvbytes"] / 1e6
        raw = mb / t[k ".csvbase"]; ing = mb / t[k ".ingest"]
        printf "  x%-4s libcsv baseline %7.1f MB/s, ingest %6.1f MB/s = %5.1f %% (target >= 50 %%)   %s\n",
            S[i], raw, ing, 100 * ing / raw, verdict(ing >= raw / 2)
    }
    for (i = 1; i <= ns; i++) {
        # judged on `make` (what a user waits for), the sum of the stages beside it
        mk = t["x" S[i] ".make"]
        if (S[i] == 1) printf "  whole demo pipeline (x1), make   %7.3f s (target < 0.5 s; stages one after the other %.3f s)  %s\n", mk, tot[i], verdict(mk < 0.5)
        if (S[i] == 100) {
            printf "  whole pipeline at x100, make     %7.3f s (target < 10 s; stages one after the other %.3f s)   %s\n", mk, tot[i], verdict(mk < 10)
            printf "  peak memory at x100              %7.1f MB (target < 150 MB)             %s\n", peak[i] / 1024, verdict(peak[i] / 1024 < 150)
        }
    }
    # linear: time per unit at a scale within 1.5 times that at the scale before
    for (i = 2; i <= ns; i++) {
        a = "x" S[i - 1] ".participation"; b = "x" S[i] ".participation"
        f = (t[b] / S[i]) / (t[a] / S[i - 1])
        printf "  participation x%s -> x%s: %.3f s -> %.3f s, per unit x%.2f (target linear, <= 1.5)  %s\n",
            S[i - 1], S[i], t[a], t[b], f, verdict(f <= 1.5)
    }
    if (ns >= 2) {
        lo = "x" S[1]; hi = "x" S[ns]
        printf "  streaming stages flat in memory (x%s vs x%s, target <= 1.5 times):\n", S[ns], S[1]
        for (j = 1; j <= nst; j++) {
            if (ST[j] == "ingest" || ST[j] == "participation") continue
            f = m[hi "." ST[j]] / m[lo "." ST[j]]
            printf "    %-15s %6.1f MB -> %6.1f MB  x%5.2f  %s\n", ST[j], m[lo "." ST[j]] / 1024, m[hi "." ST[j]] / 1024, f, verdict(f <= 1.5)
        }
    }
    # the bootstrap: with replicates minus without, per replicate, beside
    # the stage without replicates (reading, point estimates, writing)
    printf "\nbootstrap (stability_replicates %d): the stage with and without replicates (%s time, s), the\n", w["x" S[1] ".replicates"], clock
    printf "difference per replicate (ms) and as a share of the stage without replicates (target <= 3):\n"
    split("participation questionnaire qualitative", B, " ")
    for (j = 1; j <= 3; j++) {
        printf "  %-14s", B[j]
        for (i = 1; i <= ns; i++) {
            k = "x" S[i] "." B[j]; R = w["x" S[i] ".replicates"]
            per = R > 0 ? (t[k] - t[k "-r0"]) / R : 0
            bt[i, j] = t[k] - t[k "-r0"]
            printf "  x%-3s %7.3f %7.3f %7.3f ms x%-6.3f %s", S[i], t[k], t[k "-r0"], 1000 * per,
                per / t[k "-r0"], verdict(per <= 3 * t[k "-r0"])
        }
        printf "\n"
    }
    for (i = 2; i <= ns; i++) {
        f = (bt[i, 1] / S[i]) / (bt[i - 1, 1] / S[i - 1])
        printf "  bootstrap of participation x%s -> x%s: %.3f s -> %.3f s, per unit x%.2f (target linear, <= 1.5)  %s\n",
            S[i - 1], S[i], bt[i - 1, 1], bt[i, 1], f, verdict(f <= 1.5)
    }
    if (have_r) {
        printf "\nR (data.table + psych, bench/level1.R) beside ingest + participation + questionnaire (%s time):\n", clock
        for (i = 1; i <= ns; i++) {
            k = "x" S[i]; p = t[k ".ingest"] + t[k ".participation"] + t[k ".questionnaire"]
            printf "  x%-4s R %8.3f s  proxeval %8.3f s  R / proxeval = %5.2f  (target: proxeval faster, >= 1)  %s\n",
                S[i], t[k ".R"], p, t[k ".R"] / p, verdict(t[k ".R"] >= p)
        }
    } else
        printf "\nR comparison skipped: BENCH_R=0, or Rscript with data.table and psych not found (tools/deps.sh bench)\n"
    printf "\nbench: %d s in all (results in build/bench/results.txt)\n", elapsed
}' "$results"
