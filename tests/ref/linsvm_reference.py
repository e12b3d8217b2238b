#!/usr/bin/python3
"""Reference weights for lib/linsvm.c, computed with scikit-learn's LinearSVC.

Writes tests/ref/linsvm_case.tsv (or the file named as the first argument): a random
sparse three-class problem and the weights LinearSVC (squared hinge, L2, one class
against the rest, dual coordinate descent, intercept_scaling 1) converges to on it;
tests/unit/test_linsvm.c trains linsvm on the same rows and compares.  The optimum is
unique, so the weights agree to the solvers' tolerance.  Run with Debian's python3
(scikit-learn 1.2, numpy):

    /usr/bin/python3 tests/ref/linsvm_reference.py tests/ref/linsvm_case.tsv

Format: TSV.  A line "params C features classes", then one line a row,
"row label idx:value ...", then one line a class, "weights class intercept w[0] ..
w[features-1]".
"""
import sys

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.svm import LinearSVC

C, N, F, K = 0.5, 300, 40, 3
rng = np.random.default_rng(7)
centres = rng.normal(0, 1, (K, F))
labels = rng.integers(0, K, N)
rows, cols, vals = [], [], []
for i in range(N):
    feats = rng.choice(F, 6, replace=False)
    for f in sorted(feats):
        v = np.float32(max(0.05, 0.6 + 0.4 * centres[labels[i], f] + rng.normal(0, 0.3)))
        rows.append(i)
        cols.append(f)
        vals.append(v)
X = csr_matrix((np.array(vals, dtype=np.float64), (rows, cols)), shape=(N, F))
m = LinearSVC(C=C, loss="squared_hinge", dual=True, tol=1e-10, max_iter=1000000,
              intercept_scaling=1.0).fit(X, labels)
out = open(sys.argv[1] if len(sys.argv) > 1 else "tests/ref/linsvm_case.tsv", "w")
out.write("params\t%g\t%d\t%d\n" % (C, F, K))
for i in range(N):
    a, b = X.indptr[i], X.indptr[i + 1]
    out.write("row\t%d\t%s\n" % (labels[i], " ".join(
        "%d:%.9g" % (X.indices[e], X.data[e]) for e in range(a, b))))
for k in range(K):
    out.write("weights\t%d\t%.12g\t%s\n" % (k, m.intercept_[k],
                                            " ".join("%.12g" % w for w in m.coef_[k])))
