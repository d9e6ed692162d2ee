#!/bin/sh
# docs.sh — the documents name only files the repository has.
#
#   tests/docs.sh     (tests/run.sh runs it; exit 0 when every path exists)
#
# Reads the documents (README.md, docs/*.md, data/README.md, every README of
# tests/ and figures/) and the sources' comments (Makefile, pipeline/*.[ch],
# stages/*.c, tools/*, bench/*, tests/*.sh, tests/unit/*.[ch], .ci/run) and
# fails, naming file:line, when
# - a repository path (docs/..., pipeline/..., stages/..., tests/...,
#   data/..., tools/..., bench/..., fuzz/..., .ci/...) does not exist; a glob
#   (`tests/unit/test_*.c`, `pipeline/*.[ch]`) must match a file; a
#   placeholder (`tests/bad/<case>/`, `{pdf,svg}`) is checked up to the
#   folder before it.  out/, build/ and figures/ are what a run writes: not
#   checked;
# - a bare `NAME.md` exists neither at the top, nor in docs/, nor beside the
#   document naming it;
# - a path leaves the repository for the team's shared folder (`../shared`,
#   `/work/`): everything a contributor needs is in the repository.
# The kinds data/README.md's figure catalogue documents (its table
# `| kind | data | series |`) are exactly those `figures --list-kinds`
# prints (the program from $BIN, by default build/bin: `make programs`).
# And docs/ARCHITECTURE.md names every file of pipeline/ (`x.c` or `x.h`)
# and every program of stages/ (`stages/x.c`).  And every row of
# docs/methods/index.csv names its French text (`fr`), a file of
# docs/methods/ that starts with "# title" and has a body, and every
# docs/methods/*.fr.md is named by a row: a French report never falls back
# on the English text of a method.
set -eu
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

docs=$( { ls README.md docs/*.md data/README.md; find tests figures -name 'README*'; } 2>/dev/null)
# Left out: this file (it names bad paths as examples).
code=$(find Makefile pipeline stages tools bench tests/*.sh tests/unit .ci/run -type f \
            \( -name '*.[ch]' -o -name '*.sh' -o -name '*.sps' -o -name Makefile -o -name run \) \
            2>/dev/null | sort | grep -v -e '^tests/docs.sh$')
bad=0
say() { echo "$*"; bad=1; }

# What the repository has: its files and folders (folders with a final /),
# without what a build or a run writes.
find . \( -path ./.git -o -path ./build -o -path ./out -o -path ./figures \) -prune -o \
     \( -type d -printf '%P/\n' -o -printf '%P\n' \) >"${TMPDIR:-/tmp}/docs.$$"
echo figures/README.md >>"${TMPDIR:-/tmp}/docs.$$"

# Every path-like token of the documents, checked where it is named.  A
# token starts after a character that cannot be part of a path, so
# $(BUILD)/tests/% and ../stages are not read as tests/ and stages/.
# shellcheck disable=SC2086  # word splitting of the file lists wanted
gawk -v have="${TMPDIR:-/tmp}/docs.$$" '
BEGIN { while ((getline f < have) > 0) is[f] = 1 }
function glob2re(g,   r, i, c) {
    r = ""
    for (i = 1; i <= length(g); i++) {
        c = substr(g, i, 1)
        if (c == "*" || c == "%") r = r "[^/]*"
        else if (c == "?") r = r "[^/]"
        else if (c == "[" || c == "]") r = r c
        else if (index(".+()^$|\\{}", c)) r = r "\\" c
        else r = r c
    }
    return "^" r "$"
}
function found(p, doc,   re, f, dir) {
    if (p ~ /[<{]|\.\.\./) {  # a placeholder: the folder before it
        sub(/(<|\{|\.\.\.).*/, "", p); sub(/[^\/]*$/, "", p)
    }
    sub(/[.,:;]+$/, "", p)                   # sentence punctuation
    if (p !~ /\//) {                         # a bare NAME.md
        dir = doc; sub(/[^\/]*$/, "", dir)
        return (p in is) || (("docs/" p) in is) || ((dir p) in is)
    }
    if (p ~ /[*?%[]/) {
        re = glob2re(p)
        for (f in is) if (f ~ re) return 1
        return 0
    }
    return (p in is) || ((p "/") in is)
}
{
    s = $0
    while (match(s, /(^|[^A-Za-z0-9_.\/$%-])((docs|pipeline|stages|tests|data|tools|bench|fuzz|\.ci)\/[A-Za-z0-9_.*?%\/+\[\]<>{}-]*|[A-Za-z0-9_-]+\.md)/, m)) {
        if (!found(m[2], FILENAME)) { print FILENAME ":" FNR ": no such file in the repository: " m[2]; bad = 1 }
        s = substr(s, RSTART + RLENGTH)
    }
    if ($0 ~ /\.\.\/shared|\/work\//) { print FILENAME ":" FNR ": points outside the repository"; bad = 1 }
}
END { exit bad }' $docs $code || bad=1
rm -f "${TMPDIR:-/tmp}/docs.$$"

# data/README.md documents every figure kind and no other: the first cells of
# its table of kinds, each `name` in them, against figures --list-kinds.
figures=${BIN:-$top/build/bin}/figures
if [ ! -x "$figures" ]; then
    say "tests/docs.sh: no $figures to list the figure kinds (make programs)"
else
    documented=$(gawk '/^\| kind \| data \| series \|/ { on = 1; next }
        on && !/^\|/ { exit }
        on && !/^\|---/ { split($0, cell, "|"); s = cell[2]
                          while (match(s, /`[a-z_0-9]+`/)) {
                              print substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) } }' \
                 data/README.md | sort)
    listed=$("$figures" --list-kinds | sort)
    if [ -z "$documented" ]; then
        say "data/README.md: no table of figure kinds (| kind | data | series |)"
    elif [ "$documented" != "$listed" ]; then
        say "data/README.md: the figure kinds documented differ from figures --list-kinds:"
        printf '%s\n' "$documented" >"${TMPDIR:-/tmp}/docs.kinds.$$"
        printf '%s\n' "$listed" | diff "${TMPDIR:-/tmp}/docs.kinds.$$" - | sed -n 's/^</  only documented:/p; s/^>/  only in --list-kinds:/p'
        rm -f "${TMPDIR:-/tmp}/docs.kinds.$$"
    fi
fi

# docs/ARCHITECTURE.md names every source file.
for f in pipeline/*.c pipeline/*.h; do
    b=${f##*/} s=${b%.?}
    grep -q -e "\`$s\.c\`" -e "\`$s\.h\`" docs/ARCHITECTURE.md ||
        say "docs/ARCHITECTURE.md: $f is not in the file table"
done
for f in stages/*.c; do
    grep -q "\`$f\`" docs/ARCHITECTURE.md || say "docs/ARCHITECTURE.md: $f is not in the file table"
done

# docs/methods/index.csv: a French text for every method, and no orphan.
# FPAT reads the quoted sections ("Per item (`...`, `...`)").
gawk -v FPAT='([^,]*)|("[^"]*")' -v dir=docs/methods '
function say(m) { print "docs/methods/index.csv:" FNR ": " m; bad = 1 }
FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
    id = $col["id"]; fr = $col["fr"]
    if (fr == "") { say("no French text (fr) for " id); next }
    f = dir "/" fr; named[fr] = 1
    if ((getline l < f) <= 0) { say(id ": no such file " f); next }
    if (l !~ /^# [^ ]/) say(f ": the first line must be \"# title\"")
    body = 0
    while ((getline l < f) > 0) if (l ~ /[^ \t]/) body = 1
    close(f)
    if (!body) say(f ": no text under its title")
}
END {
    while (("ls " dir) | getline f) if (f ~ /\.fr\.md$/ && !(f in named)) {
        print dir "/" f ": not named by docs/methods/index.csv"; bad = 1
    }
    exit bad
}' docs/methods/index.csv || bad=1
exit $bad
