#!/bin/sh
# make-icons-set: a real text + image data set made outside the project, from Debian's
# oxygen-icon-theme (KDE's Oxygen icons, drawn by people, not by pc-synth): each icon is
# a product, its context folder (actions, apps, devices, mimetypes, places, status, ...)
# its class, its name with '-' and '_' read as spaces its title ("edit copy", "folder
# documents", "application x executable"), and its drawing, composited on white and
# scaled to 80% of a 500x500 JPEG (quality 90), its photo: objects on a plain background,
# as catalogue photos are.
#
#   bench/make-icons-set.sh OUTDIR
#
# writes, in the challenge's layout (pc-tokenize X_train.csv -l Y_train.csv -i images):
#   OUTDIR/X_train.csv, Y_train.csv, X_test.csv, Y_test.csv  (,designation,description,
#       productid,imageid and ,prdtypecode; the index is unique over both files; the
#       descriptions are empty; the labels are the context names)
#   OUTDIR/images/image_IMAGEID_product_PRODUCTID.jpg
#   OUTDIR/CLASSES.tsv   class, train, test: the counts it produced
#
# How products are chosen, deterministically (the same package gives the same files):
#   - contexts with at least 25 distinct drawings (animations and special are left out);
#   - one photo per icon name, its largest size in the theme (sizes below 22x22 are left
#     out), upscaled when small, so blurrier, as low-resolution photos are; SIZES=3 adds
#     its 48x48 and 22x22 versions when they are drawings of their own (not links to the
#     same file), but then rows of one icon sit on both sides of any random validation
#     split that pc-train makes inside the training file, which flatters overfitting;
#   - a drawing found twice (a link or a byte-identical copy under another name) is kept
#     once, and not at all when its copies sit in different contexts (its class would be
#     ambiguous);
#   - at most CAP (500) photos a class, whole names taken in the order of the MD5 of
#     "context/name", so the largest class (actions) does not drown the others;
#   - split by name, never by photo: a name whose MD5's first byte is below 64 (a quarter)
#     goes to the test files (with all its sizes), so no drawing of a test icon is
#     trained on;
#   - rows in MD5 order of "context/name/size" within each file (classes mixed).
# No placement or scale jitter: every drawing is centred at the same scale.
#
# Environment: THEME (/usr/share/icons/oxygen/base), CAP (500), SIZE (500), SIZES (1),
# PYTHON3
# (/usr/bin/python3, with python3-pil).  Needs: apt-get install oxygen-icon-theme
# python3-pil.
set -eu
[ $# -eq 1 ] || { echo "usage: make-icons-set.sh OUTDIR" >&2; exit 2; }
out=$1
theme=${THEME:-/usr/share/icons/oxygen/base}
[ -d "$theme" ] || { echo "make-icons-set: no $theme (apt-get install oxygen-icon-theme)" >&2; exit 2; }
py=${PYTHON3:-/usr/bin/python3}
"$py" -c 'import PIL' 2>/dev/null ||
	{ echo "make-icons-set: $py has no PIL (apt-get install python3-pil)" >&2; exit 2; }
case $(realpath -m "$out")/ in
"$(cd "$(dirname "$0")/.." && pwd -P)"/*)
	echo "make-icons-set: $out is inside the repository: name a directory outside it" >&2
	exit 2 ;;
esac
mkdir -p "$out"
tmp=$(mktemp -d "$out/.make-icons.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

"$py" - "$theme" "$tmp" "${CAP:-500}" "${SIZE:-500}" "${SIZES:-1}" <<'EOF'
import csv, hashlib, os, sys
from collections import defaultdict
from PIL import Image

theme, out, cap, side = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sizes_per_name = int(sys.argv[5])
FILL = 0.8
MIN_CLASS = 25
os.makedirs(os.path.join(out, "images"))

def md5(s):
    return hashlib.md5(s.encode()).hexdigest()

# (context, name) -> {size: path}
icons = defaultdict(dict)
for sdir in os.listdir(theme):
    if "x" not in sdir:
        continue
    size = int(sdir.split("x")[0])
    for ctx in os.listdir(os.path.join(theme, sdir)):
        for f in os.listdir(os.path.join(theme, sdir, ctx)):
            if f.endswith(".png"):
                icons[(ctx, f[:-4])][size] = os.path.join(theme, sdir, ctx, f)

# the photos of each name: the largest size (then 48 and 22 when they are other files)
cand = []
for (ctx, name), by in sorted(icons.items()):
    sizes = sorted(by, reverse=True)
    if sizes[0] < 22:
        continue
    picked, real = [], set()
    more = [s for s in (48, 22) if s in by and s != sizes[0]] if sizes_per_name > 1 else []
    for s in [sizes[0]] + more:
        r = os.path.realpath(by[s])
        if r not in real:
            real.add(r)
            picked.append(s)
    for s in picked:
        with open(by[s], "rb") as fp:
            h = hashlib.md5(fp.read()).hexdigest()
        cand.append((ctx, name, s, by[s], h))

# a drawing seen twice is kept once, and dropped when its copies disagree on the class
ctx_of = defaultdict(set)
for c in cand:
    ctx_of[c[4]].add(c[0])
seen, photos = set(), []
for c in cand:
    if len(ctx_of[c[4]]) > 1 or c[4] in seen:
        continue
    seen.add(c[4])
    photos.append(c)

by_class = defaultdict(lambda: defaultdict(list))
for c in photos:
    by_class[c[0]][c[1]].append(c)
rows = {"train": [], "test": []}
counts = {}
for ctx in sorted(by_class):
    names = by_class[ctx]
    if len(names) < MIN_CLASS:
        continue
    n = 0
    counts[ctx] = {"train": 0, "test": 0}
    for name in sorted(names, key=lambda nm: md5(ctx + "/" + nm)):
        if n + len(names[name]) > cap:
            continue
        n += len(names[name])
        part = "test" if int(md5(name)[:2], 16) < 64 else "train"
        rows[part].extend(names[name])
        counts[ctx][part] += len(names[name])

index = 0
for part in ("train", "test"):
    rs = sorted(rows[part], key=lambda c: md5("%s/%s/%d" % (c[0], c[1], c[2])))
    with open(os.path.join(out, "X_%s.csv" % part), "w", newline="", encoding="utf-8") as xf, \
         open(os.path.join(out, "Y_%s.csv" % part), "w", newline="", encoding="utf-8") as yf:
        xw, yw = csv.writer(xf, lineterminator="\n"), csv.writer(yf, lineterminator="\n")
        xw.writerow(["", "designation", "description", "productid", "imageid"])
        yw.writerow(["", "prdtypecode"])
        for ctx, name, size, path, _ in rs:
            productid, imageid = 100000 + index, 200000 + index
            title = name.replace("-", " ").replace("_", " ")
            xw.writerow([index, title, "", productid, imageid])
            yw.writerow([index, ctx])
            im = Image.open(path).convert("RGBA")
            w, h = im.size
            scale = FILL * side / max(w, h)
            im = im.resize((max(1, round(w * scale)), max(1, round(h * scale))),
                           Image.LANCZOS)
            bg = Image.new("RGBA", (side, side), (255, 255, 255, 255))
            bg.alpha_composite(im, ((side - im.size[0]) // 2, (side - im.size[1]) // 2))
            bg.convert("RGB").save(os.path.join(out, "images", "image_%d_product_%d.jpg"
                                                % (imageid, productid)),
                                   quality=90, subsampling=2)
            index += 1
with open(os.path.join(out, "CLASSES.tsv"), "w") as f:
    f.write("class\ttrain\ttest\n")
    for ctx in sorted(counts):
        f.write("%s\t%d\t%d\n" % (ctx, counts[ctx]["train"], counts[ctx]["test"]))
    f.write("total\t%d\t%d\n" % (sum(c["train"] for c in counts.values()),
                                 sum(c["test"] for c in counts.values())))
EOF

rm -rf "$out/images"
for f in X_train.csv Y_train.csv X_test.csv Y_test.csv CLASSES.tsv images; do
	mv "$tmp/$f" "$out/$f"
done
column -t "$out/CLASSES.tsv"
