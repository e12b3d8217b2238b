#!/bin/bash
# pc-promote compare against the two pc-predict --eval runs it replaces, on 20,000
# labelled pc-synth products with 500x500 photos:
#   - an evaluation catalogue of N products (pc-synth -n N) and a training catalogue of
#     TRAIN other products (another week of the same seed), tokenized
#   - a featurizer fitted on the training products; the evaluation products embedded with
#     it into a labelled tensor stream (eval.pct)
#   - two models on that featurizer: the champion (pc-train's default, which chooses its
#     model on a validation split) and the challenger (--drop-misfits), registered in a
#     fresh registry under those aliases; what each chose is printed
# then timed, one after the other:
#   (a) pc-promote compare eval.pct          (both models score the stream; goal: < 5 s)
#   (b) pc-promote compare eval-tokens.tsv   (each model embeds tokens and photos with its
#                                             own featurizer, then scores)
#   (c) pc-predict -m champion --eval eval-tokens.tsv, then the same for the challenger:
#       the two runs (b) replaces
# REPEAT times in turn (the machine is shared: each line shows the fastest run and the
# slowest), and printed side by side with the ratio (b)/(c) (goal: at most 1).
#
#   bench/promote-bench.sh [PRODUCTS]    (default 20000; run from a build directory)
#   TRAIN=N training products (default 10000), SEED=N (default 13), THREADS=N (default 2),
#   REPEAT=N (default 3)
set -euo pipefail
N=${1:-20000}
TRAIN=${TRAIN:-10000}
SEED=${SEED:-13}
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-3}
BIN=${PC_BUILDDIR:-$(pwd)}/cmd
for t in pc-synth pc-tokenize pc-embed pc-train pc-predict pc-promote; do
	[ -x "$BIN/$t" ] || { echo "no $BIN/$t: run from a build directory after make" >&2; exit 2; }
done
W=$(mktemp -d "${TMPDIR:-/tmp}/pc-promote-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM
export PATH="$BIN:$PATH" PC_NO_PROGRESS=1
unset PC_REGISTRY

# timed NAME CMD...: run CMD, append "wall user+sys peak_kb" to $W/NAME.time; a negative
# answer (exit 1, the challenger does not win) is not a failure
timed() {
	local name=$1 rc=0
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@" || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "promote-bench: $* failed (exit $rc)" >&2
		exit "$rc"
	fi
	# the last line: time(1) puts "Command exited with non-zero status 1" before it
	tail -n 1 "$W/time" >>"$W/$name.time"
}
# the fastest run of NAME: wall, CPU, peak MB, and the slowest wall
best() { sort -n -k1,1 "$W/$1.time" | head -n 1 | awk '{printf "%s %.2f %.0f", $1, $2 + $3, $4 / 1024}'; }
slowest() { sort -n -k1,1 "$W/$1.time" | tail -n 1 | cut -d' ' -f1; }
line() {   # line WHAT NAME
	local w c m
	read -r w c m <<<"$(best "$2")"
	printf '%-44s %8s %8s %8s %8s\n' "$1" "$w" "$(slowest "$2")" "$c" "$m"
}

echo "evaluation: $N pc-synth products (--seed $SEED), training: $TRAIN others (--week 1)," \
	"500x500 photos, $THREADS threads, load average $(cut -d' ' -f1-3 /proc/loadavg)"
pc-synth -q -n "$N" --seed "$SEED" -t "$THREADS" -o "$W/eval"
pc-synth -q -n "$TRAIN" --seed "$SEED" --week 1 -t "$THREADS" -o "$W/train"
pc-tokenize "$W/eval/X.csv" -l "$W/eval/Y.csv" -i "$W/eval/images" -o "$W/eval-tokens.tsv"
pc-tokenize "$W/train/X.csv" -l "$W/train/Y.csv" -i "$W/train/images" -o "$W/train-tokens.tsv"
pc-embed --fit "$W/feat.pcm" -t "$THREADS" "$W/train-tokens.tsv" -o "$W/train.pct"
# embedding the evaluation products alone, for reference (this also reads every photo
# once, so that no timed run below pays for a cold page cache)
timed embed pc-embed -m "$W/feat.pcm" -t "$THREADS" "$W/eval-tokens.tsv" -o "$W/eval.pct"
pc-train -q -t "$THREADS" -f "$W/feat.pcm" "$W/train.pct" -o "$W/champion.pcm"
pc-train -q -t "$THREADS" -f "$W/feat.pcm" "$W/train.pct" -o "$W/challenger.pcm" --drop-misfits
chosen() { zstd -dcq "$1" | tar -xOf - MANIFEST.yaml | awk '$1 == "chosen:" {print $2}'; }
echo "models: the champion (default) chose $(chosen "$W/champion.pcm")," \
	"the challenger (--drop-misfits) $(chosen "$W/challenger.pcm")"
R=$W/registry
pc-promote -R "$R" register "$W/champion.pcm" --alias champion >"$W/v1"
pc-promote -R "$R" register "$W/challenger.pcm" --alias challenger >"$W/v2"
rows=$(($(wc -l <"$W/eval-tokens.tsv") - 1))

for _ in $(seq "$REPEAT"); do
	timed stream pc-promote -R "$R" -t "$THREADS" compare "$W/eval.pct" >"$W/stream.tsv"
	timed tokens pc-promote -R "$R" -t "$THREADS" compare "$W/eval-tokens.tsv" >"$W/tokens.tsv"
	timed predict1 pc-predict -m "$(pc-promote -R "$R" path champion)" -t "$THREADS" \
		--eval "$W/eval-tokens.tsv" >"$W/predict1.tsv"
	timed predict2 pc-predict -m "$(pc-promote -R "$R" path challenger)" -t "$THREADS" \
		--eval "$W/eval-tokens.tsv" >"$W/predict2.tsv"
done
# the two pc-predict runs of each round together
paste -d' ' "$W/predict1.time" "$W/predict2.time" |
	awk '{print $1 + $5, $2 + $6, $3 + $7, ($4 > $8 ? $4 : $8)}' >"$W/predict.time"

# the comparisons agree with each other and with pc-predict
if ! cmp -s "$W/stream.tsv" "$W/tokens.tsv"; then
	echo "promote-bench: compare gives other numbers from the stream and from the tokens:" >&2
	diff "$W/stream.tsv" "$W/tokens.tsv" >&2 || true
fi
metric() { awk -F'\t' -v m="$2" '$1 == m {print $3}' "$W/$1"; }  # from compare's table
pmetric() { awk -F'\t' -v m="$2" '$1 == m {print $2}' "$W/$1"; }
for m in accuracy weighted_f1; do
	a=$(awk -F'\t' -v m="$m" '$1 == m {print $2}' "$W/tokens.tsv")
	b=$(metric tokens.tsv "$m")
	if [ "$a" != "$(pmetric predict1.tsv "$m")" ] || [ "$b" != "$(pmetric predict2.tsv "$m")" ]; then
		echo "promote-bench: $m: compare says $a and $b, pc-predict $(pmetric predict1.tsv "$m")" \
			"and $(pmetric predict2.tsv "$m")" >&2
	fi
done

echo
echo "compare on $rows labelled rows:"
sed 's/^/  /' "$W/tokens.tsv"
echo
printf '%-44s %8s %8s %8s %8s\n' "($rows rows, $THREADS threads, best of $REPEAT)" \
	"wall (s)" "slowest" "CPU (s)" "peak MB"
line "pc-embed of the evaluation tokens alone" embed
line "(a) pc-promote compare eval.pct" stream
line "(b) pc-promote compare eval-tokens.tsv" tokens
line "(c) pc-predict --eval, champion" predict1
line "    pc-predict --eval, challenger" predict2
line "    the two one after the other" predict
read -r aw _ _ <<<"$(best stream)"
read -r bw bc _ <<<"$(best tokens)"
read -r cw cc _ <<<"$(best predict)"
awk -v a="$aw" -v b="$bw" -v c="$cw" -v bc="$bc" -v cc="$cc" 'BEGIN {
	printf "(a) from the stream: %s (goal: under 5 s)\n", a < 5 ? "met" : "NOT met"
	printf "(b)/(c): %.3f in wall time, %.3f in CPU time (goal: at most 1: %s)\n", b / c,
		bc / cc, b <= c ? "met" : "NOT met"
}'
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
