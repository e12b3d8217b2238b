#!/usr/bin/python3
"""Learned image features against raw pixels on one catalogue, same linear model.

usage: image-accuracy.py IMAGE_BENCH CATALOGUE_DIR [--k K] [--activation triangle|soft]
                         [--seed S] [--threads T] [--no-embed] [--embed-args ARGS]

CATALOGUE_DIR is in the challenge layout: X.csv, Y.csv and images/ (pc-synth), split
80/20 here (stratified, seeded); or X_train.csv, Y_train.csv, X_test.csv, Y_test.csv
and images/ (bench/make-icons-set.sh), split as given.  Labels may be any strings.
The same classifier (standardised inputs, multinomial logistic regression, C=1) is
trained on the training photos and scored on the test photos with:
  raw32_hist    32x32 RGB pixels (area-averaged) plus the 78-bin CIELAB colour histogram:
                the baseline
  patch         image_bench's learned patch features alone (k x pool x pool), the
                dictionary fitted on the training photos only (image_bench -F)
  patch_color   patch features plus all colour features (histogram and region moments)
  embed         the whole image part of pc-embed as a user gets it (pc-embed --fit
                --image-only on the training rows, then applied to every row): what
                pc-train's image branch sees; skipped with --no-embed.  pc-embed is
                found next to IMAGE_BENCH (BUILDDIR/bench/image_bench ->
                BUILDDIR/cmd/pc-embed); --embed-args adds fitting options.
Prints one "name accuracy" line each, and the gains over raw32_hist in points.
"""
import argparse
import csv
import os
import shlex
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HIST = 78


def read_part(cat, xname, yname):
    with open(os.path.join(cat, xname), newline="", encoding="utf-8") as f:
        x = list(csv.reader(f))[1:]
    with open(os.path.join(cat, yname), newline="", encoding="utf-8") as f:
        y = [r[1] for r in list(csv.reader(f))[1:]]
    return x, y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench")
    ap.add_argument("catalogue")
    ap.add_argument("--k", type=int, default=256)
    ap.add_argument("--activation", default="soft", choices=["triangle", "soft"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--embed-args", default="")
    a = ap.parse_args()

    cat = a.catalogue
    if os.path.exists(os.path.join(cat, "X_train.csv")):
        xtr, ytr = read_part(cat, "X_train.csv", "Y_train.csv")
        xte, yte = read_part(cat, "X_test.csv", "Y_test.csv")
        x, y = xtr + xte, np.array(ytr + yte)
        tr, te = np.arange(len(xtr)), np.arange(len(xtr), len(x))
    else:
        x, yl = read_part(cat, "X.csv", "Y.csv")
        y = np.array(yl)
        tr, te = train_test_split(np.arange(len(x)), test_size=0.2, random_state=a.seed,
                                  stratify=y)
    paths = [os.path.join(cat, "images", "image_%s_product_%s.jpg" % (r[4], r[3]))
             for r in x]
    order = np.concatenate([tr, te])
    n = len(tr)
    yo = y[order]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([a.bench, "-r", "1", "-j", str(a.threads), "-k", str(a.k),
                        "-a", a.activation, "-F", str(n), "-o", out]
                       + [paths[i] for i in order],
                       check=True, stdout=sys.stderr)
        patch = np.load(os.path.join(out, "patch.npy"))
        color = np.load(os.path.join(out, "color.npy"))
        raw = np.load(os.path.join(out, "raw32.npy"))
        embed = None
        if not a.no_embed:
            cmd = os.path.join(os.path.dirname(os.path.abspath(a.bench)), "..", "cmd")
            for part, rows in (("train", order[:n]), ("test", order[n:])):
                with open(os.path.join(out, part + ".tsv"), "w", encoding="utf-8") as f:
                    f.write("id\tlabel\timage\ttokens\n")
                    for i in rows:
                        f.write("%d\t%s\t%s\t\n" % (i, y[i], os.path.abspath(paths[i])))
            env = dict(os.environ, PC_NO_PROGRESS="1")
            run = lambda *args: subprocess.run(list(args), check=True, env=env,
                                               stdout=sys.stderr)
            run(os.path.join(cmd, "pc-embed"), "-q", "-t", str(a.threads), "--image-only",
                "--fit", os.path.join(out, "feat.pcm"), *shlex.split(a.embed_args),
                os.path.join(out, "train.tsv"))
            parts = []
            for part in ("train", "test"):
                run(os.path.join(cmd, "pc-embed"), "-q", "-t", str(a.threads), "-m",
                    os.path.join(out, "feat.pcm"), os.path.join(out, part + ".tsv"),
                    "-o", os.path.join(out, part + ".pct"))
                run(os.path.join(cmd, "pc-tensor"), "to-npy", os.path.join(out, part + ".pct"),
                    "-o", os.path.join(out, part + ".npy"))
                parts.append(np.load(os.path.join(out, part + ".npy")))
            embed = np.vstack(parts)
    sets = {
        "raw32_hist": np.hstack([raw, color[:, :HIST]]),
        "patch": patch,
        "patch_color": np.hstack([patch, color]),
    }
    if embed is not None:
        sets["embed"] = embed
    acc = {}
    for name, feats in sets.items():
        clf = make_pipeline(StandardScaler(),
                            LogisticRegression(C=1.0, max_iter=2000))
        clf.fit(feats[:n], yo[:n])
        acc[name] = float((clf.predict(feats[n:]) == yo[n:]).mean())
        print("%s %.4f" % (name, acc[name]))
    print("gain_points %.1f" % (100 * (acc["patch"] - acc["raw32_hist"])))
    if "embed" in acc:
        print("embed_gain_points %.1f" % (100 * (acc["embed"] - acc["raw32_hist"])))


if __name__ == "__main__":
    main()
