#!/usr/bin/python3
"""Reference values for lib/evalm.c, computed with scikit-learn and numpy.

Writes tests/ref/evalm_cases.tsv (or the file named as the first argument): random
classification cases and the metrics scikit-learn gives for them, which
tests/unit/test_evalm.c recomputes with evalm and compares.  Run with Debian's python3
(scikit-learn 1.2, numpy):

    /usr/bin/python3 tests/ref/evalm_reference.py tests/ref/evalm_cases.tsv

Format: TSV with the columns case, record, key, values; values is a space-separated list.
  params     key -           values: C n k bins
  row        key row index   values: truth p[0] .. p[C-1]  (float32, '%.9g')
  metric     key name        values: the expected value
  class      key class index values: precision recall f1 support predicted
  confusion  key true class  values: counts predicted as class 0 .. C-1

The probabilities are float32; every metric is computed on exactly those values widened
to float64, as evalm sees them.  Conventions (see lib/evalm.h): labels=range(C),
zero_division=0, log_loss with eps=1e-15, top-k with ties to the lowest class index (so
it is checked against sklearn on the rows without a tie at the true class's score), ECE
with B equal-width bins, bin floor(conf * B), 1.0 in the last bin.
"""
import sys
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, log_loss,
                             precision_recall_fscore_support, precision_score,
                             recall_score, top_k_accuracy_score)
from sklearn.exceptions import UndefinedMetricWarning

SEED = 20240611

# name, C, n, k, bins, classes absent from the truth, classes never predicted, sharpness
CASES = [
    ("c3-small", 3, 50, 2, 10, [], [], 1.0),
    ("c3-k-over-c", 3, 400, 5, 15, [], [2], 1.0),
    ("c5-large", 5, 5000, 2, 15, [4], [], 0.7),
    ("c5-sharp", 5, 200, 3, 5, [1], [3], 25.0),
    ("c27-small", 27, 300, 5, 15, [0, 13, 26], [], 1.0),
    ("c27-gaps", 27, 2500, 5, 15, [3, 7, 8], [7, 11, 20], 1.2),
    ("c27-sharp", 27, 1000, 1, 20, [], [5], 15.0),
]


def make_case(rng, C, n, absent, never, sharp):
    present = np.array([c for c in range(C) if c not in absent])
    weights = rng.uniform(0.2, 1.0, len(present))
    truth = rng.choice(present, size=n, p=weights / weights.sum())
    logits = rng.normal(0.0, 1.0, (n, C))
    skill = rng.uniform(0.0, 3.0, n)
    logits[np.arange(n), truth] += skill
    for j in never:
        logits[:, j] -= 12.0
    logits *= sharp
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    p32 = p.astype(np.float32)
    text = [["%.9g" % float(v) for v in row] for row in p32]
    back = np.array([[np.float32(t) for t in row] for row in text], dtype=np.float32)
    assert np.array_equal(back, p32), "float32 values do not round-trip"
    return truth, p32, text


def topk_lowest_index(truth, p, k):
    pt = p[np.arange(len(truth)), truth][:, None]
    idx = np.arange(p.shape[1])[None, :]
    rank = ((p > pt) | ((p == pt) & (idx < truth[:, None]))).sum(axis=1)
    return float(np.mean(rank < k))


def tie_free(truth, p):
    pt = p[np.arange(len(truth)), truth][:, None]
    ties = (p == pt).sum(axis=1) - 1
    return ties == 0


def ece_numpy(truth, p, bins):
    conf = p.max(axis=1)
    pred = np.argmax(p, axis=1)
    correct = (pred == truth).astype(np.float64)
    b = np.minimum(np.floor(conf * bins).astype(np.int64), bins - 1)
    b = np.maximum(b, 0)
    n = len(truth)
    ece = 0.0
    for i in range(bins):
        m = b == i
        nb = int(m.sum())
        if nb:
            ece += nb / n * abs(correct[m].mean() - conf[m].mean())
    return ece


def main():
    # k >= C is a case on purpose
    warnings.filterwarnings("ignore", category=UndefinedMetricWarning)
    out = open(sys.argv[1], "w") if len(sys.argv) > 1 else sys.stdout
    rng = np.random.default_rng(SEED)
    out.write("case\trecord\tkey\tvalues\n")
    for name, C, n, k, bins, absent, never, sharp in CASES:
        truth, p32, text = make_case(rng, C, n, absent, never, sharp)
        p = p32.astype(np.float64)
        pred = np.argmax(p, axis=1)
        labels = list(range(C))
        for j in never:
            assert not np.any(pred == j), (name, "class predicted", j)
        for j in absent:
            assert not np.any(truth == j), (name, "class present", j)

        prec, rec, f1, support = precision_recall_fscore_support(
            truth, pred, labels=labels, zero_division=0)
        cm = confusion_matrix(truth, pred, labels=labels)
        topk = topk_lowest_index(truth, p, k)
        ok = tie_free(truth, p)
        if ok.any():
            sk = top_k_accuracy_score(truth[ok], p[ok], k=k, labels=labels)
            assert abs(sk - topk_lowest_index(truth[ok], p[ok], k)) < 1e-15, (name, "top-k")
        if ok.all():
            assert topk == top_k_accuracy_score(truth, p, k=k, labels=labels)
        acc = accuracy_score(truth, pred)
        if k == 1:
            assert topk == acc
        metrics = [
            ("accuracy", acc),
            ("weighted_f1", f1_score(truth, pred, labels=labels, average="weighted",
                                     zero_division=0)),
            ("macro_f1", f1_score(truth, pred, labels=labels, average="macro",
                                  zero_division=0)),
            ("weighted_precision", precision_score(truth, pred, labels=labels,
                                                   average="weighted", zero_division=0)),
            ("weighted_recall", recall_score(truth, pred, labels=labels,
                                             average="weighted", zero_division=0)),
            ("macro_precision", precision_score(truth, pred, labels=labels,
                                                average="macro", zero_division=0)),
            ("macro_recall", recall_score(truth, pred, labels=labels, average="macro",
                                          zero_division=0)),
            ("topk_accuracy", topk),
            ("log_loss", log_loss(truth, p, eps=1e-15, labels=labels)),
            ("ece", ece_numpy(truth, p, bins)),
        ]

        out.write("%s\tparams\t-\t%d %d %d %d\n" % (name, C, n, k, bins))
        for i in range(n):
            out.write("%s\trow\t%d\t%d %s\n" % (name, i, truth[i], " ".join(text[i])))
        for key, v in metrics:
            out.write("%s\tmetric\t%s\t%r\n" % (name, key, float(v)))
        for j in range(C):
            out.write("%s\tclass\t%d\t%r %r %r %d %d\n" % (
                name, j, float(prec[j]), float(rec[j]), float(f1[j]), support[j],
                cm[:, j].sum()))
        for t in range(C):
            out.write("%s\tconfusion\t%d\t%s\n" % (name, t, " ".join(str(v) for v in cm[t])))
        sys.stderr.write("%s: C=%d n=%d ties at the truth %d, sklearn %s\n" % (
            name, C, n, int((~ok).sum()), sklearn.__version__))
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
