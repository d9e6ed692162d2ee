#!/bin/sh
# deps.sh — make sure the Debian packages proxeval needs are installed.
#
#   tools/deps.sh build    what building and running the pipeline needs
#   tools/deps.sh test     the above, plus what the tests use: cmocka (unit tests),
#                          gawk and xmllint (libxml2-utils) for tests/run.sh,
#                          pdfinfo and pdftotext (poppler-utils: the reproduction
#                          test reads the figures' PDFs),
#                          PSPP with faketime (tests/gendemo.sh rewrites
#                          data/demo's .sav), Chromium (tests/report.sh loads the
#                          web report in it; with Node.js and npm, below),
#                          LibreOffice Calc without its GUI (tests/report.sh opens
#                          the annex workbooks in it: 52 packages, 80 MB to
#                          download, 247 MiB installed, about a minute; measured
#                          on Debian 12 with --no-install-recommends)
#   tools/deps.sh demo     the above, plus PSPP (regenerating data/demo's .sav)
#   tools/deps.sh fuzz     build, plus clang and libFuzzer (`make fuzz`)
#   tools/deps.sh bench    build, plus R with data.table and psych (`make bench`
#                          sets R beside the first-level stages; its timer is
#                          bench/measure.c, not GNU time)
#
# Installs the missing ones with apt-get when run as root; otherwise prints
# the exact command to run and exits 3.
set -eu

# g++: pipeline/numconv.cc, the C++ shim to double-conversion and fast_float;
# libssl-dev: OpenSSL's libcrypto (SHA-256 of the manifest).
build_pkgs="gcc g++ make pkg-config libcsv-dev libdouble-conversion-dev libfast-float-dev libssl-dev libgsl-dev libglib2.0-dev libcairo2-dev libpng-dev libpango1.0-dev libreadstat-dev libxml2-dev libzip-dev libcmark-dev libxlsxwriter-dev fonts-lato"
test_pkgs="libcmocka-dev gawk libxml2-utils python3 poppler-utils pspp faketime chromium libreoffice-calc-nogui"
demo_pkgs="pspp faketime"
# libclang-rt-14-dev: libFuzzer and clang's ASan/UBSan runtimes.  (gcc's
# ASan/UBSan, for `make check` and SAN=1, come with gcc: libasan8, libubsan1.)
fuzz_pkgs="clang-14 libclang-rt-14-dev"
bench_pkgs="r-base-core r-cran-data.table r-cran-psych"

case "${1:-build}" in
build) want=$build_pkgs ;;
test) want="$build_pkgs $test_pkgs $demo_pkgs" ;;
demo) want="$build_pkgs $demo_pkgs" ;;
fuzz) want="$build_pkgs $fuzz_pkgs" ;;
bench) want="$build_pkgs $bench_pkgs" ;;
*) echo "usage: tools/deps.sh build|test|demo|fuzz|bench" >&2; exit 2 ;;
esac

missing=""
# Node.js and npm run the browser test (playwright-core, axe-core: npm ci in
# tests/browser).  A machine may have them from another source than
# Debian's packages: the commands are what count.
if [ "${1:-build}" = test ]; then
    command -v node >/dev/null 2>&1 || missing="$missing nodejs"
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || { echo "deps: apt-get update failed" >&2; exit 3; }
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >&2 ||
        { echo "deps: apt-get install failed for:$missing" >&2; exit 3; }
    exit 0
fi
echo "deps: missing Debian packages:$missing" >&2
echo "deps: run:  sudo apt-get install -y$missing" >&2
exit 3
