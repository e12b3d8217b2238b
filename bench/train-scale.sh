#!/bin/bash
# The default pipeline at the reference workload's size: 84,916 products (the challenge's
# training set) with photos, features precomputed, then pc-train with no model option (it
# chooses among its candidates on a validation split), again with --drop-misfits, and
# prediction from the features, each timed.
# Photos are painted at 128x128 to keep the catalogue quick to make; the features have the
# same width whatever the photo size (the gradient features work at 64x64).
#   bench/train-scale.sh [PRODUCTS]     (default 84916; run from a build directory)
#   THREADS=N (default 2), KEEP=DIR
set -euo pipefail
N=${1:-84916}
. "$(dirname "$0")/lib.sh"
bench_init train-scale pc-synth pc-tokenize pc-embed pc-train pc-predict
report() { awk -v what="$1" '{printf "%-34s %8.1f s wall %8.1f s cpu %7.0f MB peak\n", what, $1, $2 + $3, $4 / 1024}' "$W/time"; }
# the candidate pc-train chose, and its validation weighted F1, from its -v messages
chosen() {
	local c
	c=$(sed -n 's/^pc-train: chose //p' "$1")
	printf '  chose %s, validation weighted F1 %s\n' "$c" \
		"$(sed -n "s/^pc-train: candidate $c: .*weighted F1 \([0-9.]*\).*/\1/p" "$1" | tail -1)"
}

echo "catalogue: $N pc-synth products (seed 21, 128x128 photos), $THREADS threads," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
pc-synth -n "$N" --seed 21 --image-size 128 -j "$THREADS" -o "$W/cat" 2>/dev/null
timed pc-tokenize "$W/cat/X.csv" -l "$W/cat/Y.csv" -i "$W/cat/images" -o "$W/tok.tsv"
report "pc-tokenize ($N products)"
timed pc-embed --fit "$W/feat.pcm" -t "$THREADS" "$W/tok.tsv" -o "$W/feat.pct"
report "pc-embed --fit, then embed"
timed pc-train -t "$THREADS" -f "$W/feat.pcm" "$W/feat.pct" -o "$W/model.pcm" -v 2>"$W/log"
report "pc-train (its default choice)"
chosen "$W/log"
timed pc-train -t "$THREADS" -f "$W/feat.pcm" "$W/feat.pct" -o "$W/model2.pcm" --drop-misfits \
	-v 2>"$W/log2"
report "pc-train --drop-misfits"
chosen "$W/log2"
timed pc-predict -m "$W/model.pcm" -t "$THREADS" "$W/feat.pct" -o "$W/pred.tsv"
report "pc-predict (from features)"
awk -v n="$N" '{printf "  prediction throughput: %.0f rows/s (model load included)\n", n / $1}' "$W/time"
