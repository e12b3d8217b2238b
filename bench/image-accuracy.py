#!/usr/bin/python3
"""Learned patch features against raw pixels on a pc-synth catalogue, same linear model.

usage: image-accuracy.py IMAGE_BENCH CATALOGUE_DIR [--k K] [--activation triangle|soft]
                         [--seed S] [--threads T]

Splits the catalogue 80/20 (stratified, seeded), fits the patch dictionary on the
training photos only (image_bench -F), exports features for every photo, and trains the
same classifier (standardised inputs, multinomial logistic regression, C=1) on:
  raw32_hist    32x32 RGB pixels (area-averaged) plus the 78-bin CIELAB colour histogram
  patch         the learned patch features (k x pool x pool)
  patch_color   patch features plus all colour features (histogram and region moments)
Prints one "name accuracy" line each, and the gain of patch over raw32_hist in points.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HIST = 78


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench")
    ap.add_argument("catalogue")
    ap.add_argument("--k", type=int, default=256)
    ap.add_argument("--activation", default="soft", choices=["triangle", "soft"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()

    with open(os.path.join(a.catalogue, "X.csv"), newline="", encoding="utf-8") as f:
        x = list(csv.reader(f))[1:]
    with open(os.path.join(a.catalogue, "Y.csv"), newline="", encoding="utf-8") as f:
        y = np.array([int(r[1]) for r in list(csv.reader(f))[1:]])
    paths = [os.path.join(a.catalogue, "images", "image_%s_product_%s.jpg" % (r[4], r[3]))
             for r in x]
    idx = np.arange(len(paths))
    tr, te = train_test_split(idx, test_size=0.2, random_state=a.seed, stratify=y)
    order = np.concatenate([tr, te])
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([a.bench, "-r", "1", "-j", str(a.threads), "-k", str(a.k),
                        "-a", a.activation, "-F", str(len(tr)), "-o", out]
                       + [paths[i] for i in order],
                       check=True, stdout=sys.stderr)
        patch = np.load(os.path.join(out, "patch.npy"))
        color = np.load(os.path.join(out, "color.npy"))
        raw = np.load(os.path.join(out, "raw32.npy"))
    yo = y[order]
    n = len(tr)
    sets = {
        "raw32_hist": np.hstack([raw, color[:, :HIST]]),
        "patch": patch,
        "patch_color": np.hstack([patch, color]),
    }
    acc = {}
    for name, feats in sets.items():
        clf = make_pipeline(StandardScaler(),
                            LogisticRegression(C=1.0, max_iter=2000))
        clf.fit(feats[:n], yo[:n])
        acc[name] = float((clf.predict(feats[n:]) == yo[n:]).mean())
        print("%s %.4f" % (name, acc[name]))
    print("gain_points %.1f" % (100 * (acc["patch"] - acc["raw32_hist"])))


if __name__ == "__main__":
    main()
