#!/bin/sh
# The prodclass demo: a synthetic catalogue, a model trained on week 0, scored on a later
# week whose products drift, and the drift report.  Runs from the source tree after make
# (or with the programs on PATH); leaves everything in ${1:-demo}/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$top/cmd/pc-synth" ] && PATH="$top/cmd:$PATH"
out=${1:-demo}
mkdir -p "$out"
cd "$out"
say() { printf '\n== %s\n' "$*"; }

say "a catalogue of 3000 products for week 0, and 1500 for week 1 with 40% drift"
pc-synth -n 3000 --seed 1 --image-size 160 -o week0 --force
pc-synth -n 1500 --seed 1 --week 1 --drift 0.4 --image-size 160 -o week1 --force
head -3 week0/X.csv

say "tokens and features (the featurizer is learned on week 0)"
pc-tokenize week0/X.csv -l week0/Y.csv -i week0/images -o week0.tsv
pc-tokenize week1/X.csv -l week1/Y.csv -i week1/images -o week1.tsv
pc-embed --fit featurizer.pcm week0.tsv -o week0.pct --descriptors week0.desc.tsv
pc-embed -m featurizer.pcm week1.tsv -o week1.pct --descriptors week1.desc.tsv
pc-tensor info week0.pct | grep -v '^names'

say "train the fusion model on week 0"
pc-train -f featurizer.pcm week0.pct -o model.pcm --runs runs -v

say "score week 1 (straight from tokens, through the model's own featurizer)"
pc-predict -m model.pcm week1.tsv --monitor week1.monitor.tsv -o week1.predictions.tsv
head -5 week1.predictions.tsv
pc-predict -m model.pcm --eval week1.pct --plot confusion.svg >week1.eval.tsv
head -12 week1.eval.tsv

say "did the data drift between week 0 and week 1? (exit status 1 means yes)"
status=0
pc-drift --ignore id,label week0.desc.tsv week1.desc.tsv --html drift.html || status=$?
echo "pc-drift exit status: $status; report: $out/drift.html, confusion matrix: $out/confusion.svg"
