#!/bin/bash
# Text featurization speed: pc-tokenize | pc-embed (text part) on a pc-synth catalogue,
# against scikit-learn's HashingVectorizer + TfidfTransformer (word 1-2 and char_wb 3-5
# n-grams, the same kind of features) transforming the same raw text, in one run.
#   bench/embed-text.sh [PRODUCTS]     (default 50000; run from a build directory)
# With the real sample present (../shared/data/rakuten-sample), it also runs on the real
# titles and descriptions, repeated to the same size, whose texts are longer.
set -euo pipefail
N=${1:-50000}
BIN=${PC_BUILDDIR:-$(pwd)}/cmd
PY=/usr/bin/python3
SRC=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/pc-embed-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
export PATH="$BIN:$PATH" PC_NO_PROGRESS=1

run() { # NAME CSV
	local name=$1 csv=$2 rows mb
	rows=$(($(pc-tokenize -f csv "$csv" | wc -l) - 1))
	mb=$(du -m "$csv" | cut -f1)
	pc-tokenize -f csv "$csv" | pc-embed --fit "$W/t.pcm" --text-only
	/usr/bin/time -f "%e %U %S" -o "$W/time" sh -c \
		"pc-tokenize -f csv '$csv' | pc-embed -m '$W/t.pcm' -o '$W/out.pct'"
	read -r wall user sys <"$W/time"
	printf '%-28s %8d rows %5d MB  prodclass: %6.2f s wall %6.2f s cpu %8.0f rows/s\n' \
		"$name" "$rows" "$mb" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rows / $wall" | bc -l)"
	$PY - "$csv" <<'PYEOF'
import csv, sys, time
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from scipy.sparse import hstack
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))[1:]
text = [r[1] + ' ' + r[2] for r in rows]
words = HashingVectorizer(n_features=2**20, ngram_range=(1, 2), alternate_sign=False, norm=None)
chars = HashingVectorizer(n_features=2**20, analyzer='char_wb', ngram_range=(3, 5), alternate_sign=False, norm=None)
titles = [r[1] for r in rows]
tfidf = TfidfTransformer(sublinear_tf=True).fit(hstack([words.transform(text), chars.transform(titles)]))
t0 = time.time()
tfidf.transform(hstack([words.transform(text), chars.transform(titles)]).tocsr())
dt = time.time() - t0
print('%-28s %8d rows           scikit-learn: %6.2f s wall (1 core) %8.0f rows/s' % ('', len(rows), dt, len(rows) / dt))
PYEOF
}

pc-synth -n "$N" --image-size 16 --seed 3 -o "$W/cat" 2>/dev/null
run "pc-synth catalogue" "$W/cat/X.csv"
S="$SRC/../shared/data/rakuten-sample/X_train_sample.csv"
if [ -r "$S" ]; then
	{ head -1 "$S"; for _ in $(seq $((N / 499 + 1))); do tail -n +2 "$S"; done; } >"$W/real.csv"
	run "real sample, repeated" "$W/real.csv"
fi
