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
# The two tools run in turn, RUNS times each (a slow minute of the host slows both); the
# mean and the spread of the wall times are printed, and the mean CPU time of a run.
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

# pair NAME_A CMD_A NAME_B CMD_B (each command one word of the shell): the two commands
# in turn, two warm-up runs each, then RUNS each, so that a slow minute of the host slows
# both; for each, the mean and standard deviation of the wall times and the mean CPU time
pair() {
	/usr/bin/python3 - "$RUNS" "$@" <<'PY'
import os, resource, shlex, statistics, subprocess, sys, time
runs, cmds = int(sys.argv[1]), [(sys.argv[i], shlex.split(sys.argv[i + 1]))
                                   for i in range(2, len(sys.argv), 2)]
wall = {name: [] for name, _ in cmds}
cpu = {name: 0.0 for name, _ in cmds}
def run(argv):
    t = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t
def children():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime
for r in range(runs + 2):
    for name, argv in cmds:
        c = children()
        t = run(argv)
        if r >= 2:
            wall[name].append(t)
            cpu[name] += children() - c
for name, _ in cmds:
    w = wall[name]
    print('%-48s %8.3f %8.3f %8.3f' % (name, statistics.mean(w),
          statistics.stdev(w) if len(w) > 1 else 0.0, cpu[name] / len(w)))
PY
}
printf '\n%-48s %8s %8s %8s\n' "scoring from text, model load included" "wall s" "+-" "cpu s"
pair "prodclass: 1 product" "pc-predict -t $PREDICT_THREADS -m $W/model.pcm -o $W/p1.tsv $W/one.tsv" \
	"fastText: 1 product" "fasttext predict $W/ft.bin $W/one.txt"
pair "prodclass: 10,000 products" "pc-predict -t $PREDICT_THREADS -m $W/model.pcm -o $W/p.tsv $W/many.tsv" \
	"fastText: 10,000 products" "fasttext predict $W/ft.bin $W/many.txt" \
	"prodclass: 10,000 products, every core" "pc-predict -m $W/model.pcm -o $W/p.tsv $W/many.tsv"
