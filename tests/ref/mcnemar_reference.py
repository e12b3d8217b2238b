#!/usr/bin/env python3
"""Exact McNemar p-values from scipy, for tests/unit/drift/test_drift.c: the binomial test
of min(b, c) successes in b + c trials at p = 1/2, two-sided (scipy.stats.binomtest).
Writes tests/ref/mcnemar_cases.tsv: b, c, p (17 significant digits)."""
import sys

from scipy.stats import binomtest

CASES = [(0, 0), (0, 1), (1, 0), (1, 1), (3, 7), (7, 3), (10, 10), (0, 25), (5, 20),
         (12, 30), (100, 130), (121, 312), (500, 540), (1000, 1100), (2000, 2150),
         (4000, 4300), (9000, 9100), (12000, 12500), (30000, 30500), (0, 2000), (1, 1074),
         (200, 201), (5000, 5001), (40, 60), (512, 600)]


def main(out):
    with open(out, "w") as f:
        f.write("b\tc\tp\n")
        for b, c in CASES:
            n = b + c
            p = 1.0 if n == 0 else binomtest(min(b, c), n, 0.5).pvalue
            f.write(f"{b}\t{c}\t{p:.17g}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/ref/mcnemar_cases.tsv")
