#!/usr/bin/python3
# The temperatures test_calib.c expects, from SciPy: the minimiser of the mean log loss of
# softmax(z / T) for T in [1e-3, 1e3], found as the root of its slope (brentq, to full
# precision: a search on the loss itself stops at about 1e-8 relative, where the loss is
# flat to double precision), or by a bounded search on log T when the slope has no root
# inside (then the minimum is at a bound).  The scores are those of the test, rounded to
# float32 as the C code stores them.
import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import logsumexp

Z = np.array([
    [2.0, 0.5, -1.0], [0.1, 0.3, 0.2], [-0.5, 1.5, 0.0], [1.2, 1.1, -0.3],
    [0.0, -0.2, 2.5], [3.0, -1.0, 0.5], [0.4, 0.6, 0.5], [-1.0, 0.0, 1.0],
    [0.9, 1.4, -0.7], [2.2, 0.1, 0.3], [-0.3, -0.1, 0.8], [1.0, 0.9, 1.1]],
    dtype=np.float32).astype(np.float64)
CASES = {
    'mixed': np.array([0, 1, 1, 1, 2, 0, 2, 2, 0, 0, 2, 1]),   # some rows wrong
    'argmax': Z.argmax(axis=1),                                  # every row right
    'overconfident': np.array([1, 2, 0, 2, 0, 1, 0, 1, 2, 1, 0, 0]),  # mostly wrong
}


def temperature(z, y):
    d = z - z.max(axis=1, keepdims=True)

    def slope(b):   # of the loss in b = 1 / T
        p = np.exp(b * d)
        p /= p.sum(axis=1, keepdims=True)
        return np.mean((p * d).sum(axis=1) - d[np.arange(len(y)), y])
    if slope(1e-3) < 0 < slope(1e3):
        return 1 / brentq(slope, 1e-3, 1e3, xtol=1e-300, rtol=4 * np.finfo(float).eps)

    def nll(log_t):
        s = z / np.exp(log_t)
        return np.mean(logsumexp(s, axis=1) - s[np.arange(len(y)), y])
    r = minimize_scalar(nll, bounds=(np.log(1e-3), np.log(1e3)), method='bounded',
                        options={'xatol': 1e-12})
    return float(np.exp(r.x))


for name, y in CASES.items():
    print(name, repr(temperature(Z, y)))
