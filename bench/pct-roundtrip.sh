#!/bin/sh
# pct-roundtrip: throughput of the tensor stream reader and writer on a dense stream of
# about 1 GB (250,000 rows of 1,024 float32 by default), against the physical floor of
# moving the same bytes through a pipe with cat.  The target: the validating copy
# `pc-tensor cat --format pct | pc-tensor info -` within 2x of `cat | cat >/dev/null`.
#
#   bench/pct-roundtrip.sh [ROWS [DENSE]]   run from a build directory (make check
#                                           builds bench/pct_gen)
set -eu
ROWS=${1:-250000}
DENSE=${2:-1024}
B=${PC_BUILDDIR:-.}
PT="$B/cmd/pc-tensor"
GEN="$B/bench/pct_gen"
[ -x "$GEN" ] || { echo "pct-roundtrip: $GEN not built (run make check)" >&2; exit 2; }
D=$(mktemp -d "${TMPDIR:-/tmp}/pc-pct-XXXXXX")
trap 'rm -rf "$D"' EXIT
F="$D/big.pct"

t0=$(date +%s.%N)
"$GEN" "$ROWS" "$DENSE" >"$F"
t1=$(date +%s.%N)
MB=$(wc -c <"$F" | awk '{ printf "%.1f", $1 / 1e6 }')
echo "stream: $ROWS rows x $DENSE dense float32, $MB MB (written in $(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }') s)"

# best of three runs of a shell pipeline, in seconds
best() {
	b=
	for _ in 1 2 3; do
		t0=$(date +%s.%N)
		sh -c "$1" >/dev/null
		t1=$(date +%s.%N)
		b=$(echo "$t0 $t1 ${b:-}" | awk '{ t = $2 - $1; if ($3 != "" && $3 < t) t = $3; printf "%.3f", t }')
	done
	echo "$b"
}

cat "$F" >/dev/null   # warm the page cache
floor=$(best "cat '$F' | cat >/dev/null")
copy=$(best "'$PT' cat --format pct '$F' | '$PT' info - >/dev/null")
info=$(best "'$PT' info '$F' >/dev/null")
rows=$("$PT" info "$F" | awk '$1 == "rows" { print $2 }')
[ "$rows" = "$ROWS" ] || { echo "pct-roundtrip: info counted $rows rows, expected $ROWS" >&2; exit 1; }

printf '%-52s %8s %8s\n' "pipeline" "seconds" "MB/s"
row() { printf '%-52s %8s %8s\n' "$1" "$2" "$(echo "$MB $2" | awk '{ printf "%.0f", $1 / $2 }')"; }
row "cat big.pct | cat >/dev/null" "$floor"
row "pc-tensor cat --format pct big.pct | pc-tensor info -" "$copy"
row "pc-tensor info big.pct" "$info"
echo "ratio copy/cat: $(echo "$copy $floor" | awk '{ printf "%.2f", $1 / $2 }') (target <= 2)"
