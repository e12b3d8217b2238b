#!/usr/bin/python3
"""Baselines on pc-synth catalogues with Debian's python3-sklearn.

usage: synth_baselines.py BASE_DIR DRIFT_DIR [--seed S]

BASE_DIR is a catalogue written at --drift 0, DRIFT_DIR one written with drift (another
week).  Prints, one "name value" line each:
  text_acc, text_f1        TF-IDF (words 1-2 + characters 2-5 in words) + LinearSVC, 80/20
  image_acc, image_f1      logistic regression on 32x32 RGB pixels, same split
  fusion_acc, text60_acc   late fusion (text SVM scores plus w times the image model's log
                           probabilities, w chosen on a held-out fifth) vs text alone, both
                           trained on the same 60%
  drift_text_acc_old       the drift-0 text model on half of DRIFT_DIR
  drift_text_acc_new       a text model retrained with the other half, on the same half
  drift_image_acc_old      the drift-0 image model on that half
"""
import argparse
import csv
import os
import subprocess
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_union
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

try:
    from PIL import Image
except ImportError:  # djpeg is the fallback decoder
    Image = None

PX = 32


def read_catalogue(d):
    with open(os.path.join(d, "X.csv"), newline="", encoding="utf-8") as f:
        x = list(csv.reader(f))[1:]
    with open(os.path.join(d, "Y.csv"), newline="", encoding="utf-8") as f:
        y = [int(r[1]) for r in list(csv.reader(f))[1:]]
    text = [r[1] + " " + r[2] for r in x]
    paths = [os.path.join(d, "images", "image_%s_product_%s.jpg" % (r[4], r[3])) for r in x]
    return text, np.array(y), paths


def load_pixels(path):
    if Image is not None:
        im = Image.open(path)
        im.draft("RGB", (PX * 2, PX * 2))  # DCT-domain scaling: decode at 1/8
        im = im.convert("RGB").resize((PX, PX), Image.BILINEAR)
        return np.asarray(im, dtype=np.uint8).reshape(-1)
    ppm = subprocess.run(["djpeg", "-scale", "1/8", "-ppm", path], check=True,
                         stdout=subprocess.PIPE).stdout
    parts = ppm.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    a = np.frombuffer(parts[4][-w * h * 3:], dtype=np.uint8).reshape(h, w, 3)
    ys = (np.arange(PX) * h // PX)
    xs = (np.arange(PX) * w // PX)
    return a[ys][:, xs].reshape(-1)


def pixels(paths):
    return np.stack([load_pixels(p) for p in paths]).astype(np.float32) / 255.0


def text_model():
    vec = make_union(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=200000),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True,
                        max_features=200000))
    return vec, LinearSVC(C=0.5)


def fit_text(texts, y):
    vec, clf = text_model()
    clf.fit(vec.fit_transform(texts), y)
    return vec, clf


def fit_image(x, y):
    sc = StandardScaler().fit(x)
    clf = LogisticRegression(C=0.01, max_iter=500)
    clf.fit(sc.transform(x), y)
    return sc, clf


def report(name, value):
    print("%-22s %.4f" % (name, value))
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("drift")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    t0 = time.time()

    text, y, paths = read_catalogue(a.base)
    idx = np.arange(len(y))
    tr, te = train_test_split(idx, test_size=0.2, random_state=a.seed, stratify=y)
    print("# %d products, %d train, %d test, %d classes" % (len(y), len(tr), len(te),
                                                           len(set(y))))

    vec, tclf = fit_text([text[i] for i in tr], y[tr])
    pred = tclf.predict(vec.transform([text[i] for i in te]))
    report("text_acc", accuracy_score(y[te], pred))
    report("text_f1", f1_score(y[te], pred, average="weighted"))

    xpix = pixels(paths)
    print("# decoded %d photos in %.0f s" % (len(paths), time.time() - t0))
    sc, iclf = fit_image(xpix[tr], y[tr])
    pred = iclf.predict(sc.transform(xpix[te]))
    report("image_acc", accuracy_score(y[te], pred))
    report("image_f1", f1_score(y[te], pred, average="weighted"))

    # late fusion: base models on 3/4 of train, the combiner on the last quarter
    tr60, tr20 = train_test_split(tr, test_size=0.25, random_state=a.seed, stratify=y[tr])
    v60, t60 = fit_text([text[i] for i in tr60], y[tr60])
    s60, i60 = fit_image(xpix[tr60], y[tr60])

    def scores(ix):
        ts = t60.decision_function(v60.transform([text[i] for i in ix]))
        ip = i60.predict_proba(s60.transform(xpix[ix]))
        return ts, np.log(ip + 1e-6)

    # the weight of the photo against the text, chosen on the held-out quarter
    ts, ls = scores(tr20)
    best = max((accuracy_score(y[tr20], t60.classes_[np.argmax(ts + w * ls, 1)]), w)
               for w in (0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2))
    ts, ls = scores(te)
    report("text60_acc", accuracy_score(y[te], t60.classes_[np.argmax(ts, 1)]))
    report("fusion_acc", accuracy_score(y[te], t60.classes_[np.argmax(ts + best[1] * ls, 1)]))

    dtext, dy, dpaths = read_catalogue(a.drift)
    didx = np.arange(len(dy))
    dtr, dte = train_test_split(didx, test_size=0.5, random_state=a.seed, stratify=dy)
    report("base_text_acc", accuracy_score(y[te], pred_text(vec, tclf, text, te)))
    report("drift_text_acc_old", accuracy_score(dy[dte], pred_text(vec, tclf, dtext, dte)))
    nv, nclf = fit_text([text[i] for i in tr] + [dtext[i] for i in dtr],
                        np.concatenate([y[tr], dy[dtr]]))
    report("drift_text_acc_new", accuracy_score(dy[dte], pred_text(nv, nclf, dtext, dte)))
    dpix = pixels([dpaths[i] for i in dte])
    report("drift_image_acc_old", accuracy_score(dy[dte], iclf.predict(sc.transform(dpix))))
    print("# %.0f s" % (time.time() - t0))


def pred_text(vec, clf, texts, ix):
    return clf.predict(vec.transform([texts[i] for i in ix]))


if __name__ == "__main__":
    main()
