#!/bin/sh
# parse-speed: CSV and TSV parse speed of the toolkit's readers on one core, in MB/s,
# next to `cat` and `wc -l` on the same file (the physical floor) and Python's csv
# module (the peer).  The input is a synthetic catalogue shaped like the challenge's
# X_train.csv (quoted multi-line HTML descriptions, doubled quotes, commas, accents),
# and the same records as TSV.
#
#   bench/parse-speed.sh [MB]       run from a build directory (make check builds
#                                   bench/parse_speed); MB defaults to 200
set -eu
MB=${1:-200}
B=${PC_BUILDDIR:-.}
PY=/usr/bin/python3
PS="$B/bench/parse_speed"
[ -x "$PS" ] || { echo "parse-speed: $PS not built (run make check)" >&2; exit 2; }
D=$(mktemp -d "${TMPDIR:-/tmp}/pc-parse-XXXXXX")
trap 'rm -rf "$D"' EXIT

"$PY" - "$D/x.csv" "$D/x.tsv" "$MB" <<'EOF'
import csv, random, sys
random.seed(1)
words = ("le la les de des du un une pour avec sans et en sur noir blanc rouge bleu "
         "vert jouet enfant piscine robot filtre livre édition poche revue journal "
         "console jeu vidéo manette câble chargeur housse coque étui taille cm mm kg "
         "lot de 2 3 4 pièces décoration maison jardin cuisine outil électrique "
         "pompe lampe led coussin bébé poupée figurine collection neuf occasion "
         "français qualité été hiver père noël très élégant à é è ê ç ô").split()
html = ["<p>", "</p>", "<br />", "<br>", "<ul><li>", "</li></ul>", "<b>", "</b>",
        "&eacute;", "&amp;", "&#39;", "<span class=\"x\">", "</span>", "\n", "\r\n"]
def text(n, tags):
    out = []
    for _ in range(n):
        r = random.random()
        if tags and r < 0.12:
            out.append(random.choice(html))
        elif r < 0.16:
            out.append(random.choice(words) + ",")
        elif r < 0.17:
            out.append('"' + random.choice(words) + '"')
        else:
            out.append(random.choice(words))
    return " ".join(out)
target = int(sys.argv[3]) * 1000 * 1000
with open(sys.argv[1], "w", newline="") as fc, open(sys.argv[2], "w") as ft:
    w = csv.writer(fc, lineterminator="\n")
    w.writerow(["", "designation", "description", "productid", "imageid"])
    ft.write("id\tdesignation\tdescription\tproductid\timageid\n")
    esc = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
    i = 0
    while fc.tell() < target:
        title = text(random.randint(4, 20), False)
        desc = text(random.randint(20, 300), True) if random.random() < 0.65 else ""
        pid, img = str(random.randint(10**7, 4 * 10**9)), str(random.randint(10**8, 1.3 * 10**9))
        w.writerow([i, title, desc, pid, img])
        ft.write("\t".join(s.translate(esc) for s in (str(i), title, desc, pid, img)) + "\n")
        i += 1
EOF

# best of three runs, in seconds
best() {
	b=
	for _ in 1 2 3; do
		t0=$(date +%s.%N)
		"$@" >/dev/null
		t1=$(date +%s.%N)
		b=$(echo "$t0 $t1 ${b:-}" | awk '{ t = $2 - $1; if ($3 != "" && $3 < t) t = $3; printf "%.3f", t }')
	done
	echo "$b"
}
pycsv() {
	"$PY" -c 'import csv, sys
n = 0
for row in csv.reader(open(sys.argv[1], newline="", encoding="utf-8")):
    n += 1
print(n)' "$1"
}
pytsv() {
	"$PY" -c 'import sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    n += len(line.rstrip("\n").split("\t"))
print(n)' "$1"
}

cat "$D/x.csv" "$D/x.tsv" >/dev/null   # warm the page cache
printf '%-46s %8s %8s %8s\n' "reader" "MB" "seconds" "MB/s"
for fmt in csv tsv; do
	f="$D/x.$fmt"
	mb=$(wc -c <"$f" | awk '{ printf "%.1f", $1 / 1e6 }')
	recs=$("$PS" "$fmt" "$f" | cut -d' ' -f1)
	for what in "cat" "wc -l" "prodclass $fmt reader" "python3 $fmt"; do
		case $what in
		cat) s=$(best cat "$f") ;;
		"wc -l") s=$(best wc -l "$f") ;;
		prodclass*) s=$(best "$PS" "$fmt" "$f") ;;
		"python3 csv") s=$(best pycsv "$f") ;;
		"python3 tsv") s=$(best pytsv "$f") ;;
		esac
		printf '%-46s %8s %8s %8s\n' "$what ($fmt, $recs records)" "$mb" "$s" \
			"$(echo "$mb $s" | awk '{ printf "%.0f", $1 / $2 }')"
	done
done
