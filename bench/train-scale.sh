#!/bin/bash
# The fusion model at the reference workload's size: 84,916 products (the challenge's
# training set), features precomputed, then training (also with --drop-misfits) and
# prediction timed.
# Photos are painted at 128x128 to keep the catalogue quick to make; the features have the
# same width whatever the photo size (the image branch works at 32x32).
#   bench/train-scale.sh [PRODUCTS]     (default 84916; run from a build directory)
set -euo pipefail
N=${1:-84916}
BIN=${PC_BUILDDIR:-$(pwd)}/cmd
THREADS=${THREADS:-2}
W=$(mktemp -d "${TMPDIR:-/tmp}/pc-scale-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
export PATH="$BIN:$PATH" PC_NO_PROGRESS=1
timed() { /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@"; }
report() { awk -v what="$1" '{printf "%-34s %8.1f s wall %8.1f s cpu %7.0f MB peak\n", what, $1, $2 + $3, $4 / 1024}' "$W/time"; }

pc-synth -n "$N" --seed 21 --image-size 128 -j "$THREADS" -o "$W/cat" 2>/dev/null
timed pc-tokenize "$W/cat/X.csv" -l "$W/cat/Y.csv" -i "$W/cat/images" -o "$W/tok.tsv"
report "pc-tokenize ($N products)"
timed pc-embed --fit "$W/feat.pcm" -t "$THREADS" "$W/tok.tsv" -o "$W/feat.pct"
report "pc-embed --fit, then embed"
timed pc-train -t "$THREADS" -f "$W/feat.pcm" "$W/feat.pct" -o "$W/model.pcm" --runs "$W/run"
report "pc-train (fusion, early stopping)"
run=$(echo "$W"/run/0/*/)
echo "  epochs run: $(wc -l <"$run/metrics/train_loss"), best validation weighted F1:" \
	"$(cut -d' ' -f2 "$run/metrics/best_valid_weighted_f1")"
timed pc-train -t "$THREADS" -f "$W/feat.pcm" "$W/feat.pct" -o "$W/model2.pcm" --drop-misfits \
	--runs "$W/run2"
report "pc-train --drop-misfits"
run=$(echo "$W"/run2/0/*/)
echo "  rows dropped: $(cut -d' ' -f2 "$run/metrics/misfits_dropped"), best validation" \
	"weighted F1: $(cut -d' ' -f2 "$run/metrics/best_valid_weighted_f1")"
timed pc-predict -m "$W/model.pcm" -t "$THREADS" "$W/feat.pct" -o "$W/pred.tsv"
report "pc-predict (from features)"
awk -v n="$N" '{printf "  prediction throughput: %.0f rows/s (model load included)\n", n / $1}' "$W/time"
