#!/bin/bash
# A real labelled text corpus from Debian's package descriptions, in the challenge layout:
# the label (prdtypecode) is the package's Section, the title (designation) its short
# description, the description its long one (Debian's paragraphs and lists as lines).
# Only sections with at least MIN packages are kept, each cut to at most CAP packages
# (the ones whose names hash lowest), and the rows are split into train and test by a
# hash of the source package, so that the binary packages of one source (which share
# words, often whole sentences) never straddle the split.  Everything is deterministic:
# the same apt lists give the same files.
#
#   bench/make-text-set.sh OUTDIR
#     OUTDIR/train/X.csv, OUTDIR/train/Y.csv, OUTDIR/test/X.csv, OUTDIR/test/Y.csv,
#     OUTDIR/sections.tsv (section, train rows, test rows)
#   MIN=300 CAP=3000 TEST=20 (percent of the sources in test)
#   PACKAGES=FILE TRANSLATIONS=FILE instead of the apt lists (apt-cache dumpavail's format,
#   and Translation-en's)
#
# Debian's Packages files carry only the short description; the long ones are in the
# Translation-en index, which apt downloads only when asked to:
#   apt-get update -o Acquire::Languages=en
set -euo pipefail
OUT=${1:?usage: bench/make-text-set.sh OUTDIR}
MIN=${MIN:-300} CAP=${CAP:-3000} TEST=${TEST:-20}
PY=/usr/bin/python3
W=$(mktemp -d "${TMPDIR:-/tmp}/pc-text-set-XXXXXX")
trap 'rm -rf "$W"' EXIT

if [ -n "${PACKAGES:-}" ]; then cp "$PACKAGES" "$W/packages"; else apt-cache dumpavail >"$W/packages"; fi
if [ -n "${TRANSLATIONS:-}" ]; then
	cp "$TRANSLATIONS" "$W/translations"
else
	: >"$W/translations"
	for f in /var/lib/apt/lists/*_i18n_Translation-en*; do
		[ -e "$f" ] || continue
		/usr/lib/apt/apt-helper cat-file "$f" >>"$W/translations"
	done
fi
if [ ! -s "$W/translations" ]; then
	echo "make-text-set: no Translation-en index (the long descriptions): run" \
		"'apt-get update -o Acquire::Languages=en' or give TRANSLATIONS=FILE" >&2
	exit 2
fi
mkdir -p "$OUT/train" "$OUT/test"
$PY - "$W/packages" "$W/translations" "$OUT" "$MIN" "$CAP" "$TEST" <<'PYEOF'
import csv, hashlib, sys
from collections import defaultdict

packages, translations, out, lo, cap, test = sys.argv[1:7]
lo, cap, test = int(lo), int(cap), int(test)

def stanzas(path):
    """Debian control stanzas as dicts (continuation lines kept, joined with \\n)."""
    cur, key = {}, None
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line:
                if cur:
                    yield cur
                cur, key = {}, None
            elif line[0] in ' \t' and key:
                cur[key] += '\n' + line
            elif ':' in line:
                key, _, v = line.partition(':')
                cur[key] = v.strip()
        if cur:
            yield cur

def long_text(body):
    """Debian's long description: ' .' separates paragraphs, lines starting with two
    spaces are verbatim (lists); the rest is filled text."""
    paras, cur = [], []
    for raw in body.split('\n'):
        if raw.strip() == '.':
            paras.append(cur); cur = []
        elif raw.startswith('  '):
            cur.append('\n' + raw.strip())
        else:
            cur.append(raw.strip())
    paras.append(cur)
    text = []
    for p in paras:
        s = ' '.join(p).replace(' \n', '\n').strip()
        if s:
            text.append(s)
    return '\n'.join(text)

desc = {}
for s in stanzas(translations):
    d = s.get('Description-en')
    if d is not None and 'Description-md5' in s:
        desc[s['Description-md5']] = d

def h(s):
    return hashlib.sha256(s.encode()).hexdigest()

rows = {}
for s in stanzas(packages):
    name, sec = s.get('Package'), s.get('Section', '')
    if not name or name in rows or '/' in sec or not sec:
        continue
    d = desc.get(s.get('Description-md5', ''))
    if d is None:
        d = s.get('Description', '')
    short, _, body = d.partition('\n')
    source = s.get('Source', name).split(' ')[0]
    rows[name] = (sec, short.strip(), long_text(body), source)

by_sec = defaultdict(list)
for name in rows:
    by_sec[rows[name][0]].append(name)
keep = {sec: sorted(names, key=h)[:cap] for sec, names in by_sec.items() if len(names) >= lo}
chosen = sorted((n for names in keep.values() for n in names), key=h)
split = {'train': [], 'test': []}
for n in chosen:
    part = 'test' if int(h('source:' + rows[n][3])[:8], 16) % 100 < test else 'train'
    split[part].append(n)
count = defaultdict(lambda: [0, 0])
for part, names in split.items():
    with open(f'{out}/{part}/X.csv', 'w', newline='', encoding='utf-8') as fx, \
         open(f'{out}/{part}/Y.csv', 'w', newline='', encoding='utf-8') as fy:
        wx, wy = csv.writer(fx, lineterminator='\n'), csv.writer(fy, lineterminator='\n')
        wx.writerow(['', 'designation', 'description', 'productid', 'imageid'])
        wy.writerow(['', 'prdtypecode'])
        for i, n in enumerate(names):
            sec, short, body, _ = rows[n]
            pid = int(h('package:' + n)[:8], 16)
            wx.writerow([i, short, body, pid, pid])
            wy.writerow([i, sec])
            count[sec][part == 'test'] += 1
with open(f'{out}/sections.tsv', 'w') as f:
    f.write('section\ttrain\ttest\n')
    for sec in sorted(count):
        f.write(f'{sec}\t{count[sec][0]}\t{count[sec][1]}\n')
print(f'{len(split["train"])} training and {len(split["test"])} test products, '
      f'{len(keep)} sections of at least {lo} packages (at most {cap} each)', file=sys.stderr)
PYEOF
