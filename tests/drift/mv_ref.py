#!/usr/bin/python3
"""Reference values for pc-drift's multivariate tests (lib/drift_mv.c), from numpy,
scipy and scikit-learn.  Writes, next to this script:
  mmd-ref.tsv, mmd-cur.tsv  dense streams as TSV (id, d0..d3; float32-exact values), for
                            `pc-tensor from-tsv`
  mmd_ref.tsv               the unbiased MMD^2 with the median-heuristic Gaussian kernel
                            over all rows (at most 1000 per side: no subsampling), every
                            feature standardised with the reference's mean and std
  auc_case.tsv              scores (with ties) and labels
  auc_ref.tsv               sklearn.metrics.roc_auc_score and the one-sided p-value of
                            scipy.stats.mannwhitneyu(pos, neg, alternative='greater',
                            method='asymptotic')
Usage: /usr/bin/python3 tests/drift/mv_ref.py"""
import os
import numpy as np
from scipy import stats
from scipy.spatial.distance import pdist, squareform
from sklearn.metrics import roc_auc_score

here = os.path.dirname(os.path.abspath(__file__))
rs = np.random.RandomState(6)

# ---- MMD ----
x = rs.normal(0, 1, size=(60, 4)).astype(np.float32)
y = (rs.normal(0, 1, size=(50, 4)) + np.array([0.4, 0, 0, 0])).astype(np.float32)
x[:, 3] = 2.5  # a constant reference feature: centred, not scaled
for name, a in (("mmd-ref.tsv", x), ("mmd-cur.tsv", y)):
    with open(os.path.join(here, name), "w") as f:
        f.write("id\td0\td1\td2\td3\n")
        for i, row in enumerate(a):
            f.write("r%d\t%s\n" % (i, "\t".join(repr(float(v)) for v in row)))
X, Y = x.astype(np.float64), y.astype(np.float64)
mu, sd = X.mean(0), X.std(0)
sd[sd == 0] = 1
Z = np.vstack([(X - mu) / sd, (Y - mu) / sd])
m, n = len(X), len(Y)
sigma = np.median(pdist(Z))
K = np.exp(-squareform(pdist(Z, "sqeuclidean")) / (2 * sigma ** 2))
kxx, kyy, kxy = K[:m, :m], K[m:, m:], K[:m, m:]
mmd2 = ((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
        - 2 * kxy.mean())
with open(os.path.join(here, "mmd_ref.tsv"), "w") as f:
    f.write("mmd2\tsigma\n%.17g\t%.17g\n" % (mmd2, sigma))

# ---- AUC ----
lab = rs.randint(0, 2, size=300)
score = np.round(rs.normal(0, 1, size=300) + 0.3 * lab, 1)  # rounded: many ties
with open(os.path.join(here, "auc_case.tsv"), "w") as f:
    f.write("score\tlabel\n")
    for s, l in zip(score, lab):
        f.write("%r\t%d\n" % (float(s), l))
auc = roc_auc_score(lab, score)
p = stats.mannwhitneyu(score[lab == 1], score[lab == 0], alternative="greater",
                       method="asymptotic").pvalue
with open(os.path.join(here, "auc_ref.tsv"), "w") as f:
    f.write("auc\tp\n%.17g\t%.17g\n" % (auc, p))
