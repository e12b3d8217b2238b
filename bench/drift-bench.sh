#!/bin/sh
# Benchmark pc-drift against scipy/numpy on ROWS x COLS numerical columns, reference vs
# current (defaults: 1,000,000 x 100), and print the two side by side.
#   bench/drift-bench.sh [ROWS] [COLS]       (run from a build directory, or set PC_DRIFT)
# Both sides read the same TSV files and run the same tests (Evidently's default for
# more than 1,000 rows: Wasserstein distance normed by the reference's std); the Python
# side uses numpy.loadtxt and scipy.stats.wasserstein_distance, one column after another.
set -eu
ROWS=${1:-1000000}
COLS=${2:-100}
HERE=$(cd "$(dirname "$0")" && pwd)
PC_DRIFT=${PC_DRIFT:-$(pwd)/cmd/pc-drift}
PY=/usr/bin/python3
D=$(mktemp -d "${TMPDIR:-/tmp}/pc-drift-bench-XXXXXX")
trap 'rm -rf "$D"' EXIT

$PY "$HERE/drift-gen.py" "$ROWS" "$COLS" 0 "$D/ref.tsv" 1
$PY "$HERE/drift-gen.py" "$ROWS" "$COLS" 0.05 "$D/cur.tsv" 2
echo "data: $ROWS rows x $COLS columns per side, $(du -sh "$D" | cut -f1) in all"

t0=$($PY -c 'import time; print(time.time())')
"$PC_DRIFT" -o "$D/report.tsv" "$D/ref.tsv" "$D/cur.tsv" || [ $? = 1 ]
t1=$($PY -c 'import time; print(time.time())')
c_s=$($PY -c "print('%.2f' % ($t1 - $t0))")

$PY - "$D/ref.tsv" "$D/cur.tsv" "$D/report.tsv" "$c_s" <<'PYEOF'
import sys, time
import numpy as np
from scipy import stats
ref_p, cur_p, rep_p, c_s = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
t0 = time.time()
ref = np.loadtxt(ref_p, delimiter="\t", skiprows=1, ndmin=2)
cur = np.loadtxt(cur_p, delimiter="\t", skiprows=1, ndmin=2)
t1 = time.time()
scores = []
for j in range(ref.shape[1]):
    wd = stats.wasserstein_distance(ref[:, j], cur[:, j])
    scores.append(wd / max(np.std(ref[:, j]), 0.001))
t2 = time.time()
ours = {}
with open(rep_p) as f:
    next(f)
    for line in f:
        if line.startswith("#"):
            continue
        p = line.rstrip("\n").split("\t")
        ours[p[0]] = float(p[6])
with open(ref_p) as f:
    names = f.readline().rstrip("\n").split("\t")
worst = max(abs(ours[n] - s) / abs(s) for n, s in zip(names, scores))
py_s = t2 - t0
print("%-28s %10s %10s" % ("", "pc-drift", "scipy"))
print("%-28s %10.2f %10.2f" % ("read TSV (s)", float("nan"), t1 - t0))
print("%-28s %10.2f %10.2f" % ("tests (s)", float("nan"), t2 - t1))
print("%-28s %10.2f %10.2f" % ("total (s)", c_s, py_s))
print("speed-up: %.1fx   largest relative difference of the scores: %.3g" % (py_s / c_s, worst))
PYEOF
