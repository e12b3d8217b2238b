#!/bin/bash
# svm-passes: how many passes of the linear SVM's solver the choice of a model needs.
# pc-train without model options chooses among SVMs (a grid of C, with and without the
# misfits) on a validation split, each solution stopped after TRAIN_SVM_SELECT_PASSES
# passes (train.h) rather than at LIBLINEAR's tolerance.  This prints, on the training
# rows split 90/10 by row, the validation accuracy of pc-train --C C --epochs P for each C
# of the grid and pass limits P, and the passes each C takes to the tolerance: where the
# accuracies stop moving, more passes only cost time.
#
#   bench/svm-passes.sh [DIR]          (run from a build directory)
#     DIR: a corpus in the challenge layout (train/, test/); default: bench/make-text-set.sh
#     makes one from Debian's package descriptions
#   TRAIN_TSV=FILE TEST_TSV=FILE       tokens instead of DIR (the test rows are not used)
#   SYNTH=N                            instead, an N-product pc-synth catalogue (seed 11)
#   PASSES="1 2 3 ...", C="0.1 0.3 1" (the default grid), THREADS=N (default 2), KEEP=DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init svm-passes pc-synth pc-tokenize pc-embed pc-train pc-predict
PASSES=${PASSES:-1 2 3 4 5 6 7 8 10 12 16}
C=${C:-0.1 0.3 1}

if [ -n "${SYNTH:-}" ]; then
	pc-synth -n "$SYNTH" --seed 11 -j "$THREADS" -o "$W/cat" 2>/dev/null
	pc-tokenize "$W/cat/X.csv" -l "$W/cat/Y.csv" -o "$W/all.tsv"
	awk -F'\t' 'NR == 1 || (NR - 2) % 5 != 0' "$W/all.tsv" >"$W/train.tsv"
	corpus="pc-synth, $SYNTH products, seed 11 (its training 80%)"
else
	text_tokens "${1:-}"
	corpus="${TRAIN_TSV:-${1:-Debian package descriptions}}"
fi
split_fit_val
pc-embed --fit "$W/fit.pcm" --text-only -t "$THREADS" "$W/fit.tsv" -o "$W/fit.pct"
pc-embed -m "$W/fit.pcm" -t "$THREADS" "$W/val.tsv" -o "$W/val.pct"
echo "corpus: $corpus; $(($(wc -l <"$W/fit.tsv") - 1)) fitting and" \
	"$(($(wc -l <"$W/val.tsv") - 1)) validation rows; load average $(cut -d' ' -f1-3 /proc/loadavg)"

val_acc() {   # val_acc C PASSES: validation accuracy, and the training's wall seconds
	timed pc-train -t "$THREADS" -f "$W/fit.pcm" "$W/fit.pct" --valid 0 --C "$1" \
		--epochs "$2" -o "$W/m.pcm" -v 2>"$W/log"
	local s
	s=$(wall)
	pc-predict -m "$W/m.pcm" --eval "$W/val.pct" >"$W/eval"
	printf '%s %s' "$(acc_of "$W/eval")" "$s"
}

printf '\nvalidation accuracy (training seconds) by pass limit\n%-8s' "passes"
for c in $C; do printf '  %-18s' "C $c"; done
echo
for p in $PASSES; do
	printf '%-8s' "$p"
	for c in $C; do
		read -r acc s <<<"$(val_acc "$c" "$p")"
		printf '  %-8.4f (%5.2f s)  ' "$acc" "$s"
	done
	echo
done
printf '%-8s' "to tol."
for c in $C; do
	read -r acc s <<<"$(val_acc "$c" 1000)"
	n=$(sed -n 's/^pc-train: linear SVM, C [^:]*: \([0-9]*\) passes.*/\1/p' "$W/log" | tail -1)
	printf '  %-8.4f (%s passes) ' "$acc" "${n:-?}"
done
echo
