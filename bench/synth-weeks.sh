#!/bin/sh
# synth-weeks: how much pc-synth's drift costs a model that never saw the future, and how
# much retraining on labelled drifted weeks gives back, with the real pipeline and its
# defaults (pc-synth, pc-tokenize, pc-embed --fit, pc-train, pc-predict --eval).
#   bench/synth-weeks.sh [BUILDDIR]      (default: the current directory)
#
# Week 0 (N0 products, drift 0) trains the first model; weeks 1 to 4 (NW products each)
# come at drift 0, 0.1, 0.2 and 0.3 (DRIFTS).  Two more weeks of ND products are never
# trained on: week 8 at drift 0 (the past alone) and week 9 at drift 1 (the future alone).
# The retrained model is fitted (featurizer and network) on week 0 plus the labelled weeks
# in RETRAIN (default 1 and 2: the 0% and 10% weeks).
# For each model kind in MODES (fusion: pc-train's default; text: --text-only; image:
# --image-only) prints one line a week: the accuracy and weighted F1 of the week-0 model
# and of the retrained one, then checks the goals of issue 14: the week-0 model at least
# 8 points below its week-1 accuracy on the 30% week; the retrained model, on the weeks
# it was not trained on, within 2 points of the week-0 model's week-1 accuracy and of its
# own accuracy on week 8 (its week 1 is no reference when it was trained on it).
# Environment: N0 (20000), NW (10000), ND (5000), DRIFTS ("0 0.1 0.2 0.3"),
# RETRAIN ("1 2"), MODES ("fusion text"), SIZE (500), SEED (1), THREADS (2), TMPDIR,
# KEEP (a directory: keep the catalogues and models there).
set -eu
builddir=${1:-.}
bin="$builddir/cmd"
for t in pc-synth pc-tokenize pc-embed pc-train pc-predict; do
	[ -x "$bin/$t" ] || { echo "synth-weeks: no $bin/$t (build first)" >&2; exit 2; }
done
N0=${N0:-20000}
NW=${NW:-10000}
ND=${ND:-5000}
DRIFTS=${DRIFTS:-"0 0.1 0.2 0.3"}
RETRAIN=${RETRAIN:-"1 2"}
MODES=${MODES:-"fusion text"}
SIZE=${SIZE:-500}
SEED=${SEED:-1}
THREADS=${THREADS:-2}
if [ -n "${KEEP:-}" ]; then
	work=$KEEP
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/synth-weeks-XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
export PC_NO_PROGRESS=1
start=$(date +%s)

# catalogue NAME N WEEK DRIFT: write and tokenize it once (kept across runs with KEEP)
catalogue() {
	[ -s "$work/$1.tsv" ] && return 0
	"$bin/pc-synth" -q -n "$2" --week "$3" --drift "$4" --seed "$SEED" \
		--image-size "$SIZE" -t "$THREADS" -f -o "$work/$1"
	"$bin/pc-tokenize" -q -t "$THREADS" "$work/$1/X.csv" -l "$work/$1/Y.csv" \
		-i "$work/$1/images" -o "$work/$1.tsv"
}

echo "week 0: $N0 products; weeks 1-4: $NW each at drift $DRIFTS; weeks 8 and 9: $ND at drift 0 and 1;" \
	"photos ${SIZE}x$SIZE, seed $SEED, $THREADS threads, load $(cut -d' ' -f1-3 /proc/loadavg)"
catalogue w0 "$N0" 0 0
w=0
for d in $DRIFTS; do
	w=$((w + 1))
	catalogue "w$w" "$NW" "$w" "$d"
done
nweeks=$w
catalogue w8 "$ND" 8 0
catalogue w9 "$ND" 9 1
# the retraining set: week 0 and the labelled weeks, one header
cp "$work/w0.tsv" "$work/retrain.tsv"
for r in $RETRAIN; do
	tail -n +2 "$work/w$r.tsv" >>"$work/retrain.tsv"
done
echo "catalogues written and tokenized in $(($(date +%s) - start)) s"

# fit NAME MODE TSV: featurizer and model with the defaults of the mode
fit() {
	case $2 in
	fusion) fo= to= ;;
	text) fo=--text-only to=--text-only ;;
	image) fo=--image-only to=--image-only ;;
	esac
	# shellcheck disable=SC2086
	"$bin/pc-embed" -q -t "$THREADS" --fit "$work/$1.feat" $fo "$3" -o "$work/$1.pct"
	# shellcheck disable=SC2086
	"$bin/pc-train" -q -t "$THREADS" $to -f "$work/$1.feat" "$work/$1.pct" -o "$work/$1.pcm"
	rm -f "$work/$1.pct"
}

# metrics MODEL TSV: "accuracy weighted_f1"
metrics() {
	"$bin/pc-predict" -q -t "$THREADS" -m "$1" --eval "$2" |
		awk -F'\t' '$1 == "accuracy" {a = $2} $1 == "weighted_f1" {f = $2} END {print a, f}'
}

bad=0
for mode in $MODES; do
	fit "old_$mode" "$mode" "$work/w0.tsv"
	fit "new_$mode" "$mode" "$work/retrain.tsv"
	printf '\n%s model (pc-train defaults%s)\n' "$mode" \
		"$([ "$mode" = fusion ] || echo ", --$mode-only")"
	printf '%-6s %6s %10s %10s %10s %10s\n' week drift old_acc old_wf1 new_acc new_wf1
	rows=""
	for w in $(seq 1 "$nweeks") 8 9; do
		case $w in
		8) d=0 ;;
		9) d=1 ;;
		*) d=$(echo "$DRIFTS" | cut -d' ' -f"$w") ;;
		esac
		set -- $(metrics "$work/old_$mode.pcm" "$work/w$w.tsv") \
			$(metrics "$work/new_$mode.pcm" "$work/w$w.tsv")
		oa=$1 of=$2 na=$3 nf=$4
		printf '%-6s %6s %10.4f %10.4f %10.4f %10.4f\n' "$w" "$d" "$oa" "$of" "$na" "$nf"
		rows="$rows$w $d $oa $na
"
	done
	printf '%s' "$rows" | awk -v n="$nweeks" -v retrain=" $RETRAIN " -v mode="$mode" '
		{ oa[$1] = $3; na[$1] = $4 }
		function check(what, ok) {
			printf "  %-64s %s\n", what, ok ? "ok" : "NOT met"
			if (!ok) bad = 1
		}
		END {
			loss = 100 * (oa[1] - oa[n])
			check(sprintf("week-0 model: week %d is %.1f points below week 1 (>= 8)", n, loss), loss >= 8)
			printf "  %-64s %s\n", sprintf("week-0 model on drifted products alone: %.1f points below week 1",
				100 * (oa[1] - oa[9])), "(info)"
			printf "  %-64s %s\n", sprintf("retrained model on drifted products alone: %.1f points below week 8",
				100 * (na[8] - na[9])), "(info)"
			for (w = 1; w <= n; w++) {
				if (index(retrain, " " w " ")) continue
				gap = 100 * (oa[1] - na[w])
				check(sprintf("retrained: week %d within 2 points of the week-0 model on week 1 (%.1f)", w, gap),
				      gap <= 2)
				gap = 100 * (na[8] - na[w])
				check(sprintf("retrained: week %d within 2 points of its own on week 8 (%.1f)", w, gap),
				      gap <= 2)
			}
			exit bad
		}' || bad=1
done
echo
echo "total $(($(date +%s) - start)) s"
exit $bad
