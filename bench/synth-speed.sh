#!/bin/sh
# synth-speed: time pc-synth writing 20,000 products with 500x500 photos on 2 threads
# (the goal is under 60 s on 2 cores), and report the catalogue's size.
#   bench/synth-speed.sh [BUILDDIR]      (default: the current directory)
# Environment: N (20000), SIZE (500), THREADS (2), TMPDIR.
set -eu
builddir=${1:-.}
synth="$builddir/cmd/pc-synth"
[ -x "$synth" ] || { echo "synth-speed: no $synth (build first)" >&2; exit 2; }
N=${N:-20000}
SIZE=${SIZE:-500}
THREADS=${THREADS:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/synth-speed-XXXXXX")
trap 'rm -rf "$work"' EXIT

start=$(date +%s.%N)
/usr/bin/time -f '%U %S %M' -o "$work/usage" \
	"$synth" -n "$N" --image-size "$SIZE" --threads "$THREADS" --seed 1 -o "$work/cat"
end=$(date +%s.%N)
read -r user sys rss <"$work/usage"
photos=$(find "$work/cat/images" -name '*.jpg' | wc -l)
bytes=$(du -sk "$work/cat" | cut -f1)
awk -v s="$start" -v e="$end" -v u="$user" -v y="$sys" -v n="$N" -v p="$photos" \
	-v kb="$bytes" -v rss="$rss" -v t="$THREADS" -v px="$SIZE" 'BEGIN {
	w = e - s
	printf "products            %d (%d photos %dx%d, %d threads)\n", n, p, px, px, t
	printf "wall_s              %.1f\n", w
	printf "cpu_s               %.1f (user %.1f, sys %.1f)\n", u + y, u, y
	printf "cpu_ms_per_product  %.2f\n", 1000 * (u + y) / n
	printf "products_per_s      %.0f\n", n / w
	printf "catalogue_mb        %.0f (%.1f kB a photo)\n", kb / 1024, kb / p
	printf "peak_rss_mb         %.1f\n", rss / 1024
	printf "goal                %s (under 60 s)\n", w < 60 ? "met" : "NOT met"
}'
