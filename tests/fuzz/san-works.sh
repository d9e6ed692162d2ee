#!/bin/sh
# san-works.sh CC FLAGS... — exit 0 when CC builds and runs a program with
# these sanitizer flags here (the runtime library is installed and works).
set -u
cc=$1
shift
d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT
printf '#include <stdlib.h>\nint main(void) { free(malloc(1)); return 0; }\n' >"$d/t.c"
"$cc" "$@" -o "$d/t" "$d/t.c" >/dev/null 2>&1 && "$d/t" >/dev/null 2>&1
