#!/usr/bin/python3
"""Write ROWS x COLS numerical columns as TSV: column j ~ Normal(j/10 + SHIFT, 1 + j/100),
values with 6 to 9 significant digits.  Usage: drift-gen.py ROWS COLS SHIFT OUT SEED"""
import sys
import numpy as np

rows, cols, shift, out, seed = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
rs = np.random.RandomState(seed)
with open(out, "w") as f:
    f.write("\t".join("c%d" % j for j in range(cols)) + "\n")
    block = 100000
    for start in range(0, rows, block):
        n = min(block, rows - start)
        x = rs.normal(np.arange(cols) / 10 + shift, 1 + np.arange(cols) / 100, size=(n, cols))
        np.savetxt(f, x, fmt="%.7g", delimiter="\t")
