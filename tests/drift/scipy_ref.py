#!/usr/bin/python3
"""Reference values for pc-drift's statistics, computed with Debian's scipy and numpy.

Writes tests/drift/cases.tsv (the samples) and tests/drift/scipy_ref.tsv (what scipy
returns on them); tests/unit/test_drift.c recomputes every value and compares.  The
Evidently-specific steps (normed Wasserstein, binning, zero filling, PSI, z-test) follow
Evidently 0.4's stattests on numpy arrays, since pandas is not needed for them.

Usage: /usr/bin/python3 tests/drift/scipy_ref.py OUTDIR
"""
import sys
import numpy as np
import scipy
from scipy import stats, special
from scipy.spatial import distance

out = sys.argv[1] if len(sys.argv) > 1 else "."
rs = np.random.RandomState(20240611)
cases = []   # (name, kind, ref, cur)
refs = []    # (name, quantity, value)


def fmt(a):
    return " ".join("%.6g" % v for v in a)


def load(s):
    return np.array([float(t) for t in s.split()]) if s else np.array([])


def add(name, kind, a, b):
    a, b = load(fmt(a)), load(fmt(b))   # exactly the decimals the C side parses
    cases.append((name, kind, fmt(a), fmt(b)))
    return a, b


def evidently_binned(ref, cur, nbins=None, fill=True):
    if len(np.unique(ref)) > 20:
        allv = np.concatenate([ref, cur])
        bins = np.histogram_bin_edges(allv, bins="sturges" if nbins is None else nbins)
        rp = np.histogram(ref, bins)[0] / len(ref)
        cp = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = sorted(set(ref) | set(cur))
        rp = np.array([np.sum(ref == k) / len(ref) for k in keys])
        cp = np.array([np.sum(cur == k) / len(cur) for k in keys])
    if fill:
        for p in (rp, cp):
            mn = min(p[p != 0])
            np.place(p, p == 0, mn / 10**6 if mn <= 0.0001 else 0.0001)
    return rp, cp


def psi(ref, cur):
    rp, cp = evidently_binned(ref, cur)
    v = 0
    for i in range(len(rp)):
        v += (rp[i] - cp[i]) * np.log(rp[i] / cp[i])
    return v


# ---- numerical two-sample cases ----
sizes = [(20, 25, 0), (60, 60, 0), (100, 150, 0), (400, 300, 0.2), (1000, 1000, 0),
         (800, 1200, 0.05), (3000, 2500, 0.1), (10000, 9000, 0), (12000, 11000, 0.03),
         (15000, 40, 0.4), (50, 20000, 0), (2000, 2000, 1.0)]
for i, (n1, n2, shift) in enumerate(sizes):
    a, b = add("num%d" % i, "num", rs.normal(0, 1, n1), rs.normal(shift, 1 + shift, n2))
for i, (n1, n2) in enumerate([(200, 300), (5000, 5000), (30, 7000)]):
    a, b = add("ties%d" % i, "num", rs.randint(0, 40, n1), rs.randint(2, 45, n2))
add("expo", "num", rs.exponential(1, 4000), rs.exponential(1.3, 3000))

for name, kind, sa, sb in cases:
    a, b = load(sa), load(sb)
    r = stats.ks_2samp(a, b)
    refs.append((name, "ks_d", r.statistic))
    refs.append((name, "ks_p", r.pvalue))
    wd = stats.wasserstein_distance(a, b)
    refs.append((name, "wasserstein", wd))
    refs.append((name, "std_ref", np.std(a)))
    refs.append((name, "wasserstein_norm", wd / max(np.std(a), 0.001)))
    if len(np.unique(a)) > 20:
        refs.append((name, "psi", psi(a, b)))
        rp, cp = evidently_binned(a, b, fill=False)
        refs.append((name, "jensenshannon", distance.jensenshannon(rp, cp)))

# ---- categorical counts: chi-square, z-test, Jensen-Shannon, PSI by category ----
cats = [([30, 50, 20], [35, 40, 25]), ([500, 300, 150, 50], [400, 350, 200, 50]),
        ([10, 0, 5], [3, 4, 8]), ([700, 300], [650, 350]), ([90, 10], [50, 50]),
        ([1000, 2000, 3000, 4000, 5000], [1100, 1900, 3000, 4200, 4800]),
        ([5, 7, 9, 11, 13, 15, 17, 19, 21], [6, 6, 10, 10, 14, 14, 18, 18, 22])]
for i, (rc, cc) in enumerate(cats):
    rc, cc = np.array(rc, float), np.array(cc, float)
    name = "cat%d" % i
    cases.append((name, "counts", fmt(rc), fmt(cc)))
    nr, nc = rc.sum(), cc.sum()
    k = nc / nr
    refs.append((name, "chisquare_p", stats.chisquare(cc, rc * k)[1]))
    refs.append((name, "chisquare_stat", stats.chisquare(cc, rc * k)[0]))
    rp, cp = rc / nr, cc / nc
    refs.append((name, "jensenshannon", distance.jensenshannon(rp, cp)))
    rpf, cpf = rp.copy(), cp.copy()
    for p in (rpf, cpf):
        mn = min(p[p != 0])
        np.place(p, p == 0, mn / 10**6 if mn <= 0.0001 else 0.0001)
    v = 0
    for j in range(len(rpf)):
        v += (rpf[j] - cpf[j]) * np.log(rpf[j] / cpf[j])
    refs.append((name, "psi", v))
    if len(rc) == 2:
        p1, p2 = rc[1] / nr, cc[1] / nc
        P = (p1 * nr + p2 * nc) / (nr + nc)
        z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / nr + 1.0 / nc))
        refs.append((name, "z_p", 2 * (1 - stats.norm.cdf(np.abs(z)))))

# ---- distributions on a grid that reaches every method ----
for n in [5, 30, 100, 140, 141, 500, 3000, 20000, 100000, 100001, 500000]:
    for z in [0.3, 0.6, 0.9, 1.1, 1.3, 1.6, 2.0, 2.5, 3.5, 5.0]:
        x = z / np.sqrt(n)
        if x < 1:
            refs.append(("kolmogn_%d_%g" % (n, z), "kstwo_sf", stats.kstwo.sf(x, n)))
    for x in [0.55, 0.8, 1.0 / n + 1e-9]:
        if x < 1:
            refs.append(("kolmogn_%d_x%.12g" % (n, x), "kstwo_sf", stats.kstwo.sf(x, n)))
for n in [2, 10, 50, 200, 1000, 10000, 200000]:
    for x in [0.001, 0.02, 0.05, 0.1, 0.3, 0.6, 0.95]:
        refs.append(("smirnov_%d_%g" % (n, x), "smirnov", special.smirnov(n, x)))
for df in [1, 2, 3, 7, 26, 60, 150]:
    for x in [0.01, 0.5, 1.0, 3.0, 10.0, 40.0, 90.0, 200.0]:
        refs.append(("chi2_%d_%g" % (df, x), "chi2_sf", stats.chi2.sf(x, df)))
for x in [-5.0, -1.5, -0.2, 0.0, 0.3, 0.8, 2.0, 4.0, 7.5]:
    refs.append(("ndtr_%g" % x, "ndtr", special.ndtr(x)))

with open(out + "/cases.tsv", "w") as f:
    f.write("case\tkind\tref\tcur\n")
    for c in cases:
        f.write("\t".join(c) + "\n")
with open(out + "/scipy_ref.tsv", "w") as f:
    f.write("case\tquantity\tvalue\n")
    f.write("#versions\tscipy %s\tnumpy %s\n" % (scipy.__version__, np.__version__))
    for name, q, v in refs:
        f.write("%s\t%s\t%r\n" % (name, q, float(v)))
