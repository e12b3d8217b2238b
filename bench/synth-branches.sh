#!/bin/sh
# synth-branches: what the default pipeline makes of each branch of a pc-synth catalogue:
# text only, image only and the fusion model, weighted F1 on the same held-out rows, with
# the defaults a new user gets (pc-embed --fit [--text-only|--image-only], pc-train
# [--text-only|--image-only], pc-predict --eval), then bench/image-accuracy.py (learned
# patch features and 32x32 pixels, same logistic regression) on the same catalogue.
#   bench/synth-branches.sh [BUILDDIR]      (default: the current directory)
# The catalogue is split 80/20 by row (every fifth row held out, as bench/train-bench.sh).
# The bands of issue 16: image only 0.50 to 0.65, text only 0.75 to 0.85 weighted F1.
# Environment: N (20000), SIZE (500), SEED (1), THREADS (2), TMPDIR, BRANCHES ("text image
# fusion"), NO_SKLEARN=1 to skip image-accuracy.py, KEEP (a directory: keep the catalogue
# there and reuse it).
set -eu
builddir=${1:-.}
here=$(cd "$(dirname "$0")" && pwd)
bin="$builddir/cmd"
for t in pc-synth pc-tokenize pc-embed pc-train pc-predict; do
	[ -x "$bin/$t" ] || { echo "synth-branches: no $bin/$t (build first)" >&2; exit 2; }
done
N=${N:-20000}
SIZE=${SIZE:-500}
SEED=${SEED:-1}
THREADS=${THREADS:-2}
if [ -n "${KEEP:-}" ]; then
	work=$KEEP
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/synth-branches-XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
export PC_NO_PROGRESS=1

echo "catalogue: $N products (seed $SEED, ${SIZE}x$SIZE photos), 80/20 split by row," \
	"$THREADS threads, load $(cut -d' ' -f1-3 /proc/loadavg)"
if ! [ -s "$work/all.tsv" ]; then
	"$bin/pc-synth" -q -n "$N" --seed "$SEED" --image-size "$SIZE" -t "$THREADS" -f -o "$work/cat"
	"$bin/pc-tokenize" -q -t "$THREADS" "$work/cat/X.csv" -l "$work/cat/Y.csv" \
		-i "$work/cat/images" -o "$work/all.tsv"
fi
awk -F'\t' 'NR == 1 || (NR - 2) % 5 != 0' "$work/all.tsv" >"$work/train.tsv"
awk -F'\t' 'NR == 1 || (NR - 2) % 5 == 0' "$work/all.tsv" >"$work/test.tsv"

printf '%-12s %9s %9s\n' branch accuracy wtd_f1
for mode in ${BRANCHES:-text image fusion}; do
	case $mode in
	fusion) o= ;;
	*) o=--$mode-only ;;
	esac
	# shellcheck disable=SC2086
	"$bin/pc-embed" -q -t "$THREADS" --fit "$work/$mode.feat" $o "$work/train.tsv" -o "$work/$mode.pct"
	# shellcheck disable=SC2086
	"$bin/pc-train" -q -t "$THREADS" $o -f "$work/$mode.feat" "$work/$mode.pct" -o "$work/$mode.pcm"
	"$bin/pc-predict" -q -t "$THREADS" -m "$work/$mode.pcm" --eval "$work/test.tsv" >"$work/$mode.eval"
	printf '%-12s %9.4f %9.4f\n' "$mode" \
		"$(awk -F'\t' '$1 == "accuracy" {print $2}' "$work/$mode.eval")" \
		"$(awk -F'\t' '$1 == "weighted_f1" {print $2}' "$work/$mode.eval")"
	rm -f "$work/$mode.pct"
done | tee "$work/branches"
awk '
	$1 == "text" { t = $3 } $1 == "image" { i = $3 }
	function band(name, x, lo, hi) {
		if (x == "") return
		printf "%-28s %.3f in [%.2f, %.2f]: %s\n", name, x, lo, hi,
			(x >= lo && x <= hi) ? "ok" : "OUT"
		if (x < lo || x > hi) bad = 1
	}
	END {
		band("text-only weighted F1", t, 0.75, 0.85)
		band("image-only weighted F1", i, 0.50, 0.65)
		exit bad
	}' "$work/branches" || bad=1

if [ "${NO_SKLEARN:-0}" != 1 ] && [ -x "$builddir/bench/image_bench" ]; then
	echo "image-accuracy.py (learned patch features vs 32x32 pixels, logistic regression):"
	/usr/bin/python3 -W ignore "$here/image-accuracy.py" "$builddir/bench/image_bench" \
		"$work/cat" --threads "$THREADS" 2>/dev/null
fi
exit "${bad:-0}"
