#!/bin/bash
# Text classification on a real corpus with default options, against prodclass's own
# candidates tuned by hand and the peers a user would pick instead:
#   - prodclass by default: pc-embed --fit --text-only, then pc-train with no model option
#     (it tries its candidates on a validation split of the training rows and keeps the
#     best); its choice, test accuracy, training time, CPU time and peak memory
#   - the same candidates by hand, as train-bench.sh tunes them: each trained on a fit
#     split of the training rows and scored on the rest (the network, pc-train --optimizer
#     adam, at several epochs; the linear SVM, pc-train --C, at each C with and without
#     --drop-misfits), the best retrained on all the training rows with --valid 0
#   - fastText (Debian's fasttext: epochs, learning rate and word n-grams tuned the same
#     way, then retrained on all the training rows)
#   - TF-IDF + LinearSVC (Debian's python3-sklearn: word 1-2-grams, and character
#     3-5-grams within word boundaries, C tuned the same way)
# all on the same tokens (pc-tokenize's).  Times are wall and CPU (user + system) seconds;
# the ratios are taken on both.
#
#   bench/real-text.sh [DIR]           (run from a build directory)
#     DIR holds train/X.csv, train/Y.csv, test/X.csv, test/Y.csv (the challenge layout);
#     default: bench/make-text-set.sh makes one from Debian's package descriptions
#   TRAIN_TSV=FILE TEST_TSV=FILE       tokens (pc-tokenize output) instead of DIR
#   THREADS=N (default 2), CHAR=0 to leave out the character LinearSVC (slow),
#   KEEP=DIR to keep the work files there
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init real-text pc-tokenize pc-embed pc-train pc-predict
need fasttext fasttext
PY=/usr/bin/python3
CHAR=${CHAR:-1}

text_tokens "${1:-}"
# the fit and validation split of the training rows, for tuning by hand
split_fit_val
ntrain=$(($(wc -l <"$W/train.tsv") - 1)) ntest=$(($(wc -l <"$W/test.tsv") - 1))
nclass=$(awk -F'\t' 'NR > 1 {print $2}' "$W/train.tsv" | sort -u | wc -l)
words=$(awk -F'\t' 'NR > 1 {n += split($4, a, " ")} END {printf "%.0f", n / (NR - 1)}' "$W/train.tsv")
echo "corpus: $ntrain training and $ntest test products, $nclass classes, $words tokens a" \
	"product; $THREADS threads, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- prodclass by default ----
timed pc-embed --fit "$W/text.pcm" --text-only -t "$THREADS" "$W/train.tsv" -o "$W/train.pct"
embed_s=$(wall) embed_cpu=$(cpu)
pc-embed -m "$W/text.pcm" -t "$THREADS" "$W/test.tsv" -o "$W/test.pct"
timed pc-train -t "$THREADS" -f "$W/text.pcm" "$W/train.pct" -o "$W/default.pcm" -v 2>"$W/default.log"
def_s=$(wall) def_cpu=$(cpu) def_peak=$(peak_mb)
def_choice=$(sed -n 's/^pc-train: chose //p' "$W/default.log")
pc-predict -m "$W/default.pcm" --eval "$W/test.pct" >"$W/default.eval"
def_acc=$(acc_of "$W/default.eval") def_f1=$(f1_of "$W/default.eval")

# ---- the candidates by hand ----
pc-embed --fit "$W/fit.pcm" --text-only -t "$THREADS" "$W/fit.tsv" -o "$W/fit.pct"
pc-embed -m "$W/fit.pcm" -t "$THREADS" "$W/val.tsv" -o "$W/val.pct"
printf 'train:\n  drop_misfits: false\n' >"$W/plain.yaml"
best_name="" best_val=0
: >"$W/candidates"
hand() {   # hand NAME pc-train-options...: validation accuracy, then test accuracy
	local name=$1 val acc
	shift
	pc-train -t "$THREADS" -f "$W/fit.pcm" "$W/fit.pct" --valid 0 "$@" -o "$W/c.pcm" 2>/dev/null
	val=$(pc-predict -m "$W/c.pcm" --eval "$W/val.pct" | awk -F'\t' '$1 == "accuracy" {print $2}')
	pc-train -t "$THREADS" -f "$W/text.pcm" "$W/train.pct" --valid 0 "$@" -o "$W/c.pcm" 2>/dev/null
	acc=$(pc-predict -m "$W/c.pcm" --eval "$W/test.pct" | awk -F'\t' '$1 == "accuracy" {print $2}')
	echo "$name $val $acc" >>"$W/candidates"
	if gt "$val" "$best_val"; then best_val=$val best_name=$name best_acc=$acc; fi
}
for e in 4 8 12; do hand "network-e$e" --optimizer adam -e "$e"; done
for c in 0.1 0.3 1; do
	hand "svm_c$c" --C "$c" -c "$W/plain.yaml"
	hand "svm_c${c}_misfits" --C "$c" --drop-misfits
done
oracle=$(sort -k3 -g "$W/candidates" | tail -1)

# ---- fastText ----
to_ft() { awk -F'\t' 'NR > 1 {t = $4; gsub(/ \| /, " ", t); sub(/ ?\|$/, "", t); print "__label__" $2 " " t}' "$1"; }
to_ft "$W/fit.tsv" >"$W/fit.txt"; to_ft "$W/val.tsv" >"$W/val.txt"
to_ft "$W/train.tsv" >"$W/train.txt"; to_ft "$W/test.tsv" >"$W/test.txt"
best_ft="" best_ft_acc=0
for ng in 1 2; do
	for epoch in 10 25; do
		for lr in 0.25 0.5 1.0; do
			fasttext supervised -input "$W/fit.txt" -output "$W/ft" -wordNgrams $ng -epoch $epoch \
				-lr $lr -thread "$THREADS" -verbose 0 >/dev/null
			acc=$(fasttext test "$W/ft.bin" "$W/val.txt" | awk '/^P@1/ {print $2}')
			if gt "$acc" "$best_ft_acc"; then
				best_ft_acc=$acc best_ft="-wordNgrams $ng -epoch $epoch -lr $lr"
			fi
		done
	done
done
# shellcheck disable=SC2086
timed fasttext supervised -input "$W/train.txt" -output "$W/ft" $best_ft -thread "$THREADS" -verbose 0
ft_s=$(wall) ft_cpu=$(cpu) ft_peak=$(peak_mb)
ft_acc=$(fasttext test "$W/ft.bin" "$W/test.txt" | awk '/^P@1/ {print $2}')
fasttext predict "$W/ft.bin" "$W/test.txt" | sed 's/^__label__//' >"$W/ft_pred.txt"
ft_f1=$($PY - "$W/test.txt" "$W/ft_pred.txt" <<'PYEOF'
import sys
from sklearn.metrics import f1_score
truth = [l.split(' ', 1)[0][len('__label__'):] for l in open(sys.argv[1])]
pred = [l.strip() for l in open(sys.argv[2])]
print(f1_score(truth, pred, average='weighted'))
PYEOF
)

# ---- TF-IDF + LinearSVC ----
svc() {   # svc word|char: C acc f1 train_s peak_mb
	$PY - "$W/fit.tsv" "$W/val.tsv" "$W/train.tsv" "$W/test.tsv" "$1" <<'PYEOF'
import csv, sys, time, resource
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC
from sklearn.metrics import accuracy_score, f1_score
def load(p):
    rows = list(csv.reader(open(p, encoding='utf-8'), delimiter='\t', quoting=csv.QUOTE_NONE))[1:]
    return [r[3].replace(' | ', ' ') for r in rows], [r[1] for r in rows]
fx, fy = load(sys.argv[1]); vx, vy = load(sys.argv[2]); tx, ty = load(sys.argv[3]); sx, sy = load(sys.argv[4])
def model(c):
    if sys.argv[5] == 'word':
        v = TfidfVectorizer(token_pattern=r'\S+', ngram_range=(1, 2), sublinear_tf=True)
    else:
        v = TfidfVectorizer(analyzer='char_wb', ngram_range=(3, 5), sublinear_tf=True)
    return v, LinearSVC(C=c)
best = None
for c in [0.1, 0.3, 1.0] if sys.argv[5] == 'word' else [0.3, 1.0]:
    v, m = model(c); m.fit(v.fit_transform(fx), fy)
    a = accuracy_score(vy, m.predict(v.transform(vx)))
    if best is None or a > best[0]: best = (a, c)
v, m = model(best[1])
t0 = time.time(); c0 = time.process_time(); m.fit(v.fit_transform(tx), ty)
tt = time.time() - t0; ct = time.process_time() - c0
p = m.predict(v.transform(sx))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(best[1], round(accuracy_score(sy, p), 4), round(f1_score(sy, p, average='weighted'), 4), round(tt, 2), round(ct, 2), round(peak))
PYEOF
}
read -r svw_c svw_acc svw_f1 svw_s svw_cpu svw_peak <<<"$(svc word)"
if [ "$CHAR" = 1 ]; then read -r svc_c svc_acc svc_f1 svc_s svc_cpu svc_peak <<<"$(svc char)"; fi

# ---- report ----
printf '\n%-52s %9s %9s %9s %9s %8s\n' "text only ($ntest test rows)" accuracy "wtd F1" "train s" "cpu s" "peak MB"
printf '%-52s %9.4f %9.4f %9s %9s %8s\n' "prodclass default (chose $def_choice)" "$def_acc" "$def_f1" "$def_s" "$def_cpu" "$def_peak"
printf '%-52s %9s %9s %9s %9s %8s\n' "  pc-embed --fit --text-only before it" - - "$embed_s" "$embed_cpu" -
printf '%-52s %9.4f %9s\n' "prodclass by hand: $best_name (best on validation)" "$best_acc" -
printf '%-52s %9.4f %9s %9s %9s %8s\n' "fastText $best_ft" "$ft_acc" "$(printf %.4f "$ft_f1")" "$ft_s" "$ft_cpu" "$ft_peak"
printf '%-52s %9.4f %9.4f %9s %9s %8s\n' "TF-IDF words 1-2 + LinearSVC C=$svw_c" "$svw_acc" "$svw_f1" "$svw_s" "$svw_cpu" "$svw_peak"
[ "$CHAR" = 1 ] && printf '%-52s %9.4f %9.4f %9s %9s %8s\n' "TF-IDF chars 3-5 + LinearSVC C=$svc_c" "$svc_acc" "$svc_f1" "$svc_s" "$svc_cpu" "$svc_peak"
echo
echo "candidates by hand (validation accuracy trained on 90%, test accuracy trained on all):"
awk '{printf "  %-22s %.4f %.4f\n", $1, $2, $3}' "$W/candidates"
echo "  (the best on the test rows: $oracle)"
echo "default training time / fastText's: wall $(echo "$def_s / $ft_s" | bc -l | cut -c1-5)," \
	"CPU $(echo "$def_cpu / $ft_cpu" | bc -l | cut -c1-5); peak memory $def_peak MB against $ft_peak MB;" \
	"load average now $(cut -d' ' -f1-3 /proc/loadavg)"
