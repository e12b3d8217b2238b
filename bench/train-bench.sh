#!/bin/bash
# Text classification against the peers a user would pick instead, on one pc-synth
# catalogue and one split, in one run:
#   - prodclass text-only (pc-embed --text-only, pc-train --text-only, pc-predict): the
#     network with its loss (softmax or squared hinge) and epochs, and the exact linear SVM
#     (--optimizer dcd) with its C and with or without --drop-misfits, tuned on a validation
#     split of the training data, then retrained on all of it
#   - fastText (Debian's fasttext, -wordNgrams 2, epochs and learning rate tuned on a
#     validation split of the training data, then retrained on all of it)
#   - TF-IDF + LinearSVC (Debian's python3-sklearn, C tuned the same way, on the same grid
#     as pc-train's linear SVM)
#   - prodclass's default (pc-train with no model option, which chooses among its own
#     candidates on a validation split: the training time a new user sees)
# all on the same tokens (pc-tokenize's), then the default fusion model against its two
# branches (each pc-train's default too).
# Prints accuracy, weighted F1, training time, peak memory and prediction throughput.
#
#   bench/train-bench.sh [PRODUCTS]      (default 20000; run from a build directory)
#   SEED=N for another catalogue (default 11), THREADS=N (default 2), KEEP=DIR,
#   REPEAT=N: the text-only trainings that are timed run N times, the fastest kept
#   (default 3)
set -euo pipefail
N=${1:-20000}
. "$(dirname "$0")/lib.sh"
bench_init train-bench pc-synth pc-tokenize pc-embed pc-train pc-predict
need fasttext fasttext
PY=/usr/bin/python3
SEED=${SEED:-11}
REPEAT=${REPEAT:-3}

echo "catalogue: $N products (pc-synth --seed $SEED), 80/20 split by row, $THREADS threads," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
pc-synth -n "$N" --seed "$SEED" -j "$THREADS" -o "$W/cat" 2>/dev/null
pc-tokenize "$W/cat/X.csv" -l "$W/cat/Y.csv" -i "$W/cat/images" -o "$W/all.tsv"
awk -F'\t' 'NR == 1 || (NR - 2) % 5 != 0' "$W/all.tsv" >"$W/train.tsv"
awk -F'\t' 'NR == 1 || (NR - 2) % 5 == 0' "$W/all.tsv" >"$W/test.tsv"
# validation split of the training rows, for the peers' tuning
split_fit_val
ntest=$(($(wc -l <"$W/test.tsv") - 1))

# ---- prodclass, text only ----
# tuned like the peers: the loss and the number of epochs from a grid on the validation
# split (the featurizer fitted on the fit rows only), then the featurizer and the model
# fitted on all the training rows with the best of them
pc-embed --fit "$W/fit_text.pcm" --text-only -t "$THREADS" "$W/fit.tsv" -o "$W/fit_text.pct"
pc-embed -m "$W/fit_text.pcm" -t "$THREADS" "$W/val.tsv" -o "$W/val_text.pct"
SVM_C="0.1 0.2 0.3 0.5 1.0"   # the C grid of both linear SVMs
nfit=$(($(wc -l <"$W/fit.tsv") - 1))
ntrain=$(($(wc -l <"$W/train.tsv") - 1))
# pc-train's L2 weight for a C on n rows: C = 1 / (2 l2 n)
l2_of() { awk -v c="$1" -v n="$2" 'BEGIN {printf "%.6g", 1 / (2 * c * n)}'; }
best_pc="" best_pc_acc=0 best_c=""
try() {   # try NAME pc-train-options...: keep the best validation accuracy
	local name=$1 acc
	shift
	pc-train --text-only -t "$THREADS" -f "$W/fit_text.pcm" "$W/fit_text.pct" --valid 0 \
		"$@" -o "$W/tune.pcm"
	acc=$(pc-predict -m "$W/tune.pcm" --eval "$W/val_text.pct" | awk -F'\t' '$1 == "accuracy" {print $2}')
	if awk -v a="$acc" -v b="$best_pc_acc" 'BEGIN {exit !(a > b)}'; then
		best_pc_acc=$acc best_pc="$*" best_c=$name
	fi
}
for loss in softmax squared-hinge; do
	for epoch in 3 4 6 8 10; do
		try "" --loss $loss -e $epoch
	done
done
SVM="--hidden 0 --optimizer dcd --loss squared-hinge -e 1000"
for drop in "" --drop-misfits; do
	for c in $SVM_C; do
		# shellcheck disable=SC2086
		try "$c $drop" $SVM $drop --l2 "$(l2_of "$c" "$nfit")"
	done
done
# the same C (and filter) on all the training rows
if [ -n "$best_c" ]; then
	read -r c drop <<<"$best_c"
	best_pc="$SVM $drop --l2 $(l2_of "$c" "$ntrain")"
fi
pc-embed --fit "$W/text.pcm" --text-only -t "$THREADS" "$W/train.tsv" -o "$W/train_text.pct"
pc-embed -m "$W/text.pcm" -t "$THREADS" "$W/test.tsv" -o "$W/test_text.pct"
# shellcheck disable=SC2086
best_of "$REPEAT" pc-train --text-only -t "$THREADS" -f "$W/text.pcm" "$W/train_text.pct" \
	-o "$W/text_model.pcm" --valid 0 $best_pc
pc_train_s=$(wall); pc_train_cpu=$(cpu); pc_peak=$(peak_mb)
pc-predict -m "$W/text_model.pcm" --eval "$W/test_text.pct" >"$W/pc_eval.tsv"
timed pc-predict -m "$W/text_model.pcm" -t "$THREADS" "$W/test_text.pct" -o "$W/pred.tsv"
pc_pred_s=$(wall)
pc_acc=$(awk -F'\t' '$1 == "accuracy" {print $2}' "$W/pc_eval.tsv")
pc_f1=$(awk -F'\t' '$1 == "weighted_f1" {print $2}' "$W/pc_eval.tsv")
# the default a new user gets: pc-train with no model option chooses among its own
# candidates on a validation split of the training rows
# (its choice as each run recorded it: one line, the runs being identical)
chosen() { sort -u "$1"/0/*/params/model; }
rm -rf "$W/drun"
best_of "$REPEAT" pc-train -t "$THREADS" -f "$W/text.pcm" "$W/train_text.pct" \
	-o "$W/default_model.pcm" --runs "$W/drun"
def_train_s=$(wall); def_train_cpu=$(cpu); def_peak=$(peak_mb); def_model=$(chosen "$W/drun")
pc-predict -m "$W/default_model.pcm" --eval "$W/test_text.pct" >"$W/def_eval.tsv"
timed pc-predict -m "$W/default_model.pcm" -t "$THREADS" "$W/test_text.pct" -o "$W/pred.tsv"
def_pred_s=$(wall)
def_acc=$(awk -F'\t' '$1 == "accuracy" {print $2}' "$W/def_eval.tsv")
def_f1=$(awk -F'\t' '$1 == "weighted_f1" {print $2}' "$W/def_eval.tsv")

# ---- fastText ----
to_ft() { awk -F'\t' 'NR > 1 {t = $4; gsub(/ \| /, " ", t); sub(/ ?\|$/, "", t); print "__label__" $2 " " t}' "$1"; }
to_ft "$W/fit.tsv" >"$W/fit.txt"; to_ft "$W/val.tsv" >"$W/val.txt"
to_ft "$W/train.tsv" >"$W/train.txt"; to_ft "$W/test.tsv" >"$W/test.txt"
best_ft="" best_ft_acc=0
for epoch in 10 25 50; do
	for lr in 0.1 0.5 1.0; do
		fasttext supervised -input "$W/fit.txt" -output "$W/ft" -wordNgrams 2 -epoch $epoch \
			-lr $lr -thread "$THREADS" -verbose 0 >/dev/null
		acc=$(fasttext test "$W/ft.bin" "$W/val.txt" | awk '/^P@1/ {print $2}')
		if awk -v a="$acc" -v b="$best_ft_acc" 'BEGIN {exit !(a > b)}'; then
			best_ft_acc=$acc best_ft="-epoch $epoch -lr $lr"
		fi
	done
done
# shellcheck disable=SC2086
best_of "$REPEAT" fasttext supervised -input "$W/train.txt" -output "$W/ft" -wordNgrams 2 \
	$best_ft -thread "$THREADS" -verbose 0
ft_train_s=$(wall); ft_train_cpu=$(cpu); ft_peak=$(peak_mb)
ft_acc=$(fasttext test "$W/ft.bin" "$W/test.txt" | awk '/^P@1/ {print $2}')
fasttext predict "$W/ft.bin" "$W/test.txt" | sed 's/^__label__//' >"$W/ft_pred.txt"
timed fasttext predict "$W/ft.bin" "$W/test.txt" >/dev/null
ft_pred_s=$(wall)
ft_f1=$($PY - "$W/test.txt" "$W/ft_pred.txt" <<'PYEOF'
import sys
from sklearn.metrics import f1_score
truth = [l.split(' ', 1)[0][len('__label__'):] for l in open(sys.argv[1])]
pred = [l.strip() for l in open(sys.argv[2])]
print(f1_score(truth, pred, average='weighted'))
PYEOF
)

# ---- TF-IDF + LinearSVC ----
svm=$($PY - "$W/fit.tsv" "$W/val.tsv" "$W/train.tsv" "$W/test.tsv" "$SVM_C" <<'PYEOF'
import csv, sys, time, resource
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC
from sklearn.metrics import accuracy_score, f1_score
def load(p):
    rows = list(csv.reader(open(p, encoding='utf-8'), delimiter='\t', quoting=csv.QUOTE_NONE))[1:]
    return [r[3].replace(' | ', ' ') for r in rows], [r[1] for r in rows]
fx, fy = load(sys.argv[1]); vx, vy = load(sys.argv[2]); tx, ty = load(sys.argv[3]); sx, sy = load(sys.argv[4])
def model(c):
    return TfidfVectorizer(token_pattern=r'\S+', ngram_range=(1, 2), sublinear_tf=True, min_df=1), LinearSVC(C=c)
best = None
for c in [float(x) for x in sys.argv[5].split()]:
    v, m = model(c); m.fit(v.fit_transform(fx), fy)
    a = accuracy_score(vy, m.predict(v.transform(vx)))
    if best is None or a > best[0]: best = (a, c)
v, m = model(best[1])
t0 = time.time(); m.fit(v.fit_transform(tx), ty); tt = time.time() - t0
t0 = time.time(); p = m.predict(v.transform(sx)); pt = time.time() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(best[1], accuracy_score(sy, p), f1_score(sy, p, average='weighted'), round(tt, 2), round(pt, 3), round(peak))
PYEOF
)
read -r svm_c svm_acc svm_f1 svm_train_s svm_pred_s svm_peak <<<"$svm"

printf '\n%-44s %9s %9s %10s %9s %10s\n' "text only ($ntest test rows)" accuracy "wtd F1" "train (s)" "peak MB" "predict/s"
pc_name="prodclass ${best_pc#--loss }"
[ -n "$best_c" ] && pc_name="prodclass linear SVM C=$best_c"
printf '%-44s %9.4f %9.4f %10s %9s %10.0f\n' "$pc_name (cpu ${pc_train_cpu} s)" "$pc_acc" "$pc_f1" "$pc_train_s" "$pc_peak" \
	"$(echo "$ntest / $pc_pred_s" | bc -l)"
printf '%-44s %9.4f %9.4f %10s %9s %10.0f\n' "prodclass default: $def_model (cpu ${def_train_cpu} s)" "$def_acc" "$def_f1" \
	"$def_train_s" "$def_peak" "$(echo "$ntest / $def_pred_s" | bc -l)"
printf '%-44s %9.4f %9.4f %10s %9s %10.0f\n' "fastText $best_ft (cpu ${ft_train_cpu} s)" "$ft_acc" "$ft_f1" "$ft_train_s" "$ft_peak" \
	"$(echo "$ntest / $ft_pred_s" | bc -l)"
printf '%-44s %9.4f %9.4f %10s %9s %10.0f\n' "TF-IDF + LinearSVC C=$svm_c" "$svm_acc" "$svm_f1" "$svm_train_s" "$svm_peak" \
	"$(echo "$ntest / $svm_pred_s" | bc -l)"
echo "training time ratio prodclass/fastText: tuned $(echo "$pc_train_s / $ft_train_s" | bc -l | cut -c1-5)," \
	"default $(echo "$def_train_s / $ft_train_s" | bc -l | cut -c1-5)" \
	"(peak memory $pc_peak vs $ft_peak MB; load average now $(cut -d' ' -f1-3 /proc/loadavg))"

# ---- fusion against its branches ----
pc-embed --fit "$W/feat.pcm" -t "$THREADS" "$W/train.tsv" -o "$W/train.pct"
pc-embed -m "$W/feat.pcm" -t "$THREADS" "$W/test.tsv" -o "$W/test.pct"
printf '\n%-44s %9s %9s %10s  %s\n' "fusion ($ntest test rows)" accuracy "wtd F1" "train (s)" "model"
# each branch and the fusion as a new user trains them: pc-train's default, which chooses
# its model on a validation split (the chosen candidate in the last column)
for mode in "--text-only" "--image-only" ""; do
	rm -rf "$W/run"
	# shellcheck disable=SC2086
	timed pc-train $mode -t "$THREADS" -f "$W/feat.pcm" "$W/train.pct" -o "$W/m.pcm" --runs "$W/run"
	s=$(wall)
	pc-predict -m "$W/m.pcm" --eval "$W/test.pct" >"$W/e.tsv"
	printf '%-44s %9.4f %9.4f %10s  %s\n' "prodclass ${mode:---fusion}" \
		"$(awk -F'\t' '$1 == "accuracy" {print $2}' "$W/e.tsv")" \
		"$(awk -F'\t' '$1 == "weighted_f1" {print $2}' "$W/e.tsv")" "$s" "$(chosen "$W/run")"
done
