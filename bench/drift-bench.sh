#!/bin/sh
# Benchmark pc-drift against scipy/numpy on ROWS x COLS numerical columns, reference vs
# current (defaults: 1,000,000 x 100), and print wall and CPU time of both side by side,
# with the speed-up.
#   bench/drift-bench.sh [ROWS] [COLS]       (run from a build directory, or set PC_DRIFT)
# Set DRIFT_BENCH_DATA to a directory holding ref.tsv and cur.tsv to reuse data made by
# bench/drift-gen.py.  PC_THREADS (default: all processors) sets pc-drift's threads.
# Both sides read the same TSV files and run the same tests (Evidently's default for
# more than 1,000 rows: Wasserstein distance normed by the reference's std); the Python
# side uses numpy.loadtxt and scipy.stats.wasserstein_distance, one column after another
# (one thread).  CPU time is user + system; on a loaded machine compare CPU times, as
# wall times then measure the load as much as the programs.
set -eu
ROWS=${1:-1000000}
COLS=${2:-100}
HERE=$(cd "$(dirname "$0")" && pwd)
PC_DRIFT=${PC_DRIFT:-$(pwd)/cmd/pc-drift}
PY=/usr/bin/python3
D=$(mktemp -d "${TMPDIR:-/tmp}/pc-drift-bench-XXXXXX")
trap 'rm -rf "$D"' EXIT

if [ -n "${DRIFT_BENCH_DATA:-}" ]; then
	REF=$DRIFT_BENCH_DATA/ref.tsv
	CUR=$DRIFT_BENCH_DATA/cur.tsv
else
	REF=$D/ref.tsv
	CUR=$D/cur.tsv
	$PY "$HERE/drift-gen.py" "$ROWS" "$COLS" 0 "$REF" 1
	$PY "$HERE/drift-gen.py" "$ROWS" "$COLS" 0.05 "$CUR" 2
fi
echo "data: $(($(wc -l <"$REF") - 1)) rows x $(head -1 "$REF" | awk -F '\t' '{print NF}') columns per side, $(du -chL "$REF" "$CUR" | tail -1 | cut -f1) in all; $(nproc) processors, load $(cut -d' ' -f1-3 /proc/loadavg)"

# pc-drift: wall, user, system (s) and peak memory (KiB) from GNU time
/usr/bin/time -f '%e %U %S %M' -o "$D/time" "$PC_DRIFT" -o "$D/report.tsv" "$REF" "$CUR" ||
	[ $? = 1 ]

$PY - "$REF" "$CUR" "$D/report.tsv" "$D/time" <<'PYEOF'
import resource, sys, time
import numpy as np
from scipy import stats
ref_p, cur_p, rep_p, time_p = sys.argv[1:5]
c_wall, c_user, c_sys, c_rss = (float(v) for v in open(time_p).read().split()[-4:])
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
w0, c0 = time.time(), cpu()
ref = np.loadtxt(ref_p, delimiter="\t", skiprows=1, ndmin=2)
cur = np.loadtxt(cur_p, delimiter="\t", skiprows=1, ndmin=2)
w1, c1 = time.time(), cpu()
scores = []
for j in range(ref.shape[1]):
    wd = stats.wasserstein_distance(ref[:, j], cur[:, j])
    scores.append(wd / max(np.std(ref[:, j]), 0.001))
w2, c2 = time.time(), cpu()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
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
print("%-32s %12s %12s" % ("", "pc-drift", "scipy+numpy"))
print("%-32s %12s %12.2f" % ("read TSV, wall (s)", "-", w1 - w0))
print("%-32s %12s %12.2f" % ("tests, wall (s)", "-", w2 - w1))
print("%-32s %12.2f %12.2f" % ("total wall (s)", c_wall, w2 - w0))
print("%-32s %12.2f %12.2f" % ("total CPU, user+sys (s)", c_user + c_sys, c2 - c0))
print("%-32s %12.2f %12s" % ("  of which system (s)", c_sys, "-"))
print("%-32s %12.0f %12.0f" % ("peak memory (MiB)", c_rss / 1024, rss / 1024))
print("speed-up: %.1fx in wall time, %.1fx in CPU time" %
      ((w2 - w0) / c_wall, (c2 - c0) / (c_user + c_sys)))
print("largest relative difference of the scores: %.3g" % worst)
PYEOF
