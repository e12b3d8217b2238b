#!/bin/bash
# Loading a model costs more than scoring with it: pc-predict against fastText's predict
# on models of the same size, scoring one product and 10,000 products from text, model
# load included, as a script or a cron job calls them.
#
#   - prodclass: the default pipeline's model (pc-embed --fit --text-only, pc-train with
#     no model option) on the training rows; pc-predict -m MODEL reads tokens (pc-tokenize
#     output) and featurizes them with the bundled featurizer
#   - fastText: trained on the same rows (-wordNgrams 2), with -bucket chosen so that its
#     .bin is the size of the .pcm; fasttext predict reads the same tokens as text lines
# Each command runs RUNS times (hyperfine when installed, else a loop); the mean and the
# spread of the wall times are printed, and the CPU time of a run.
#
#   bench/fasttext-load.sh [DIR]       (run from a build directory)
#     DIR: a corpus in the challenge layout (train/ and test/, as bench/make-text-set.sh
#     makes); default: bench/make-text-set.sh makes one from Debian's package descriptions
#   TRAIN_TSV=FILE TEST_TSV=FILE       tokens instead of DIR
#   RUNS=N (default 10), THREADS=N for pc-predict (default 1: fastText predicts on one);
#   a last line scores the 10,000 products again with pc-predict's default, every core
set -euo pipefail
PREDICT_THREADS=${THREADS:-1}
. "$(dirname "$0")/lib.sh"
bench_init ft-load pc-tokenize pc-embed pc-train pc-predict
need fasttext fasttext
RUNS=${RUNS:-10}

text_tokens "${1:-}"
to_ft() { awk -F'\t' 'NR > 1 {t = $4; gsub(/ \| /, " ", t); sub(/ ?\|$/, "", t); print "__label__" $2 " " t}'; }
to_ft <"$W/train.tsv" >"$W/train.txt"
# 10,000 test products (the test rows again from the start when there are fewer), and one
awk -F'\t' 'NR == 1 {print; next} {row[n++] = $0} END {for (i = 0; i < 10000; i++) {
	split(row[i % n], f, "\t"); f[1] = i; s = f[1]; for (k = 2; k in f; k++) s = s "\t" f[k]; print s}}' \
	"$W/test.tsv" >"$W/many.tsv"
head -2 "$W/many.tsv" >"$W/one.tsv"
to_ft <"$W/many.tsv" >"$W/many.txt"
to_ft <"$W/one.tsv" >"$W/one.txt"

pc-embed --fit "$W/text.pcm" --text-only "$W/train.tsv" -o "$W/train.pct"
pc-train -f "$W/text.pcm" "$W/train.pct" -o "$W/model.pcm"
pcm_bytes=$(stat -c %s "$W/model.pcm")
# fastText's .bin holds (words + buckets) x dim floats: buckets for the .pcm's size
fasttext supervised -input "$W/train.txt" -output "$W/ft0" -wordNgrams 2 -bucket 1 -epoch 5 \
	-thread 2 -verbose 0
ft0_bytes=$(stat -c %s "$W/ft0.bin")
bucket=$(( (pcm_bytes - ft0_bytes) / 400 ))
[ "$bucket" -ge 1000 ] || bucket=1000
fasttext supervised -input "$W/train.txt" -output "$W/ft" -wordNgrams 2 -bucket "$bucket" \
	-epoch 10 -thread 2 -verbose 0
ft_bytes=$(stat -c %s "$W/ft.bin")
echo "models: prodclass $W/model.pcm $(echo "$pcm_bytes / 1048576" | bc -l | cut -c1-5) MiB" \
	"($(zstd -dc "$W/model.pcm" 2>/dev/null | wc -c | awk '{printf "%.1f", $1 / 1048576}') MiB unpacked)," \
	"fastText -bucket $bucket $(echo "$ft_bytes / 1048576" | bc -l | cut -c1-5) MiB;" \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"

# bench NAME CMD: mean and standard deviation of the wall time over RUNS runs, CPU of one
bench() {
	local name=$1 mean sd cpu
	shift
	if command -v hyperfine >/dev/null; then
		hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$W/h.json" "$*" >/dev/null 2>&1
		read -r mean sd <<<"$(/usr/bin/python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["mean"], r["stddev"] or 0)' "$W/h.json")"
	else
		for _ in $(seq "$RUNS"); do /usr/bin/time -f "%e" -a -o "$W/walls" "$@" >/dev/null; done
		read -r mean sd <<<"$(awk '{s += $1; q += $1 * $1} END {m = s / NR; v = q / NR - m * m;
			print m, (v > 0 ? sqrt(v) : 0)}' "$W/walls")"
		rm -f "$W/walls"
	fi
	/usr/bin/time -f "%U %S" -o "$W/cpu" "$@" >/dev/null
	cpu=$(awk '{printf "%.3f", $1 + $2}' "$W/cpu")
	printf '%-48s %8.3f %8.3f %8s\n' "$name" "$mean" "$sd" "$cpu"
}
printf '\n%-48s %8s %8s %8s\n' "scoring from text, model load included" "wall s" "+-" "cpu s"
bench "prodclass: 1 product" pc-predict -t "$PREDICT_THREADS" -m "$W/model.pcm" -o "$W/p1.tsv" "$W/one.tsv"
bench "fastText: 1 product" fasttext predict "$W/ft.bin" "$W/one.txt"
bench "prodclass: 10,000 products" pc-predict -t "$PREDICT_THREADS" -m "$W/model.pcm" -o "$W/p.tsv" "$W/many.tsv"
bench "fastText: 10,000 products" fasttext predict "$W/ft.bin" "$W/many.txt"
bench "prodclass: 10,000 products, every core" pc-predict -m "$W/model.pcm" -o "$W/p.tsv" "$W/many.tsv"

