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

# best wall-clock time of five runs of a shell pipeline, and the CPU time (user + system,
# all processes) of that run: "wall cpu".  The machine may be shared, so both are shown.
best() {
	b=
	for _ in 1 2 3 4 5; do
		/usr/bin/time -f "%e %U %S" -o "$D/time" sh -c "$1" >/dev/null
		b=$(awk -v prev="${b:-}" '{ w = $1; c = $2 + $3
			if (prev != "") { split(prev, p, " "); if (p[1] + 0 <= w) { print prev; exit } }
			printf "%.3f %.3f\n", w, c }' "$D/time")
	done
	echo "$b"
}

cat "$F" >/dev/null   # warm the page cache
floor=$(best "cat '$F' | cat >/dev/null")
copy=$(best "'$PT' cat --format pct '$F' | '$PT' info - >/dev/null")
info=$(best "'$PT' info '$F' >/dev/null")
rows=$("$PT" info "$F" | awk '$1 == "rows" { print $2 }')
[ "$rows" = "$ROWS" ] || { echo "pct-roundtrip: info counted $rows rows, expected $ROWS" >&2; exit 1; }

printf '%-52s %8s %8s %8s\n' "pipeline (best of 5)" "wall s" "MB/s" "cpu s"
row() {
	set -- "$1" ${2}
	printf '%-52s %8s %8s %8s\n' "$1" "$2" "$(echo "$MB $2" | awk '{ printf "%.0f", $1 / $2 }')" "$3"
}
row "cat big.pct | cat >/dev/null" "$floor"
row "pc-tensor cat --format pct big.pct | pc-tensor info -" "$copy"
row "pc-tensor info big.pct" "$info"
echo "$floor $copy" | awk '{ printf "ratio pc-tensor/cat: wall %.2f, cpu %.2f (target: wall <= 2)\n", $3 / $1, $4 / $2 }'
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
