#!/bin/sh
# Make the fuzz targets' seed corpora (tests/fuzz/corpus/TARGET/): small valid inputs
# covering each format's variants, plus a few near misses, so that fuzzing starts past
# the first checks.  The seeds are committed; run this only to remake them:
#   cd BUILDDIR && make && sh SRCDIR/tests/fuzz/make-corpus.sh
# Needs the built programs (pc-synth, pc-tokenize, pc-embed, pc-train, pc-tensor),
# cjpeg, jpegtran and wrjpgcom (libjpeg-turbo-progs), python3 with numpy, zstd, and cc
# with libjpeg's headers (for the CMYK, YCCK and two-component JPEGs cjpeg cannot make).
# The older seeds (seed1, seed2) were written by hand, and pcm/model-linear-format1.pcm by
# the model writer of format 1 (before format 2): they are kept.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(pwd)
C=$src/tests/fuzz/corpus
PATH=$build/cmd:$PATH
PY=${PYTHON3:-python3}
export PATH LC_ALL=C PC_NO_PROGRESS=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pc-corpus-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

# ---- jpeg: every colour space, sampling, coding and scan layout the decoder meets ----
J=$C/jpeg
mkdir -p "$J"
# a 48x40 picture with edges, gradients and noise, so that every DCT band has something
"$PY" - <<'EOF'
import random
random.seed(7)
def ppm(name, w, h, grey=False):
    px = bytearray()
    for y in range(h):
        for x in range(w):
            r = (x * 255 // max(w - 1, 1)) ^ (16 if (x // 6 + y // 6) % 2 else 0)
            g = (y * 255 // max(h - 1, 1))
            b = 200 if (x - w / 2) ** 2 + (y - h / 2) ** 2 < (min(w, h) / 3) ** 2 else 30
            n = random.randint(-12, 12)
            px += bytes(max(0, min(255, v + n)) for v in (r, g, b))
    if grey:
        px = bytes((px[i] * 3 + px[i + 1] * 6 + px[i + 2]) // 10 for i in range(0, len(px), 3))
        open(name, 'wb').write(b'P5\n%d %d\n255\n' % (w, h) + px)
    else:
        open(name, 'wb').write(b'P6\n%d %d\n255\n' % (w, h) + bytes(px))
ppm('a.ppm', 48, 40)
ppm('odd.ppm', 37, 29)
ppm('tiny.ppm', 1, 1)
ppm('wide.ppm', 300, 9)
ppm('g.pgm', 40, 40, grey=True)
EOF
cjpeg -quality 80 a.ppm >"$J/ycc420.jpg"
cjpeg -quality 80 -sample 1x1 a.ppm >"$J/ycc444.jpg"
cjpeg -quality 80 -sample 2x1 odd.ppm >"$J/ycc422-odd.jpg"
cjpeg -quality 80 -sample 1x2 a.ppm >"$J/ycc440.jpg"
cjpeg -quality 80 -sample 4x1 a.ppm >"$J/ycc411.jpg"
cjpeg -quality 80 -grayscale a.ppm >"$J/gray.jpg"
cjpeg -quality 80 g.pgm >"$J/gray-pgm.jpg"
cjpeg -quality 80 -progressive g.pgm >"$J/gray-progressive.jpg"
cjpeg -quality 80 -rgb a.ppm >"$J/rgb.jpg"
cjpeg -quality 80 -progressive a.ppm >"$J/progressive.jpg"
cjpeg -quality 80 -arithmetic a.ppm >"$J/arithmetic.jpg"
cjpeg -quality 80 -arithmetic -progressive a.ppm >"$J/arithmetic-progressive.jpg"
cjpeg -quality 80 -restart 1 a.ppm >"$J/restart.jpg"
cjpeg -quality 80 -optimize -dct float a.ppm >"$J/optimized.jpg"
cjpeg -quality 5 a.ppm >"$J/q5-16bit-tables.jpg"
cjpeg -quality 100 odd.ppm >"$J/q100-odd.jpg"
cjpeg tiny.ppm >"$J/1x1.jpg"
cjpeg -quality 50 wide.ppm >"$J/300x9.jpg"
jpegtran -rotate 90 -copy all "$J/ycc420.jpg" >"$J/rotated.jpg"
wrjpgcom -comment "a comment marker" "$J/ycc444.jpg" >"$J/comment.jpg"
# CMYK with and without Adobe's marker (inverted or not), YCCK, and two components
cat >mk.c <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
/* mk KIND W H PROGRESSIVE: KIND cmyk, cmyk-noadobe, ycck or two; JPEG on stdout */
int main(int argc, char **argv)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	int w = atoi(argv[2]), h = atoi(argv[3]), n = strcmp(argv[1], "two") ? 4 : 2;
	unsigned char *row = malloc((size_t)w * n);

	(void)argc;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, stdout);
	c.image_width = w;
	c.image_height = h;
	c.input_components = n;
	c.in_color_space = n == 4 ? JCS_CMYK : JCS_UNKNOWN;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 80, TRUE);
	if (!strcmp(argv[1], "ycck"))
		jpeg_set_colorspace(&c, JCS_YCCK);
	if (!strcmp(argv[1], "cmyk-noadobe"))
		c.write_Adobe_marker = FALSE;
	if (atoi(argv[4]))
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++)
			for (int k = 0; k < n; k++)
				row[x * n + k] = (unsigned char)((x * 5 + y * 3 + k * 60 + (x ^ y) * 2) & 255);
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	return 0;
}
EOF
cc -O1 -o mk mk.c -ljpeg
./mk cmyk 40 32 0 >"$J/cmyk-adobe.jpg"
./mk cmyk-noadobe 40 32 0 >"$J/cmyk-no-adobe.jpg"
./mk ycck 40 32 0 >"$J/ycck.jpg"
./mk ycck 24 24 1 >"$J/ycck-progressive.jpg"
./mk two 16 16 0 >"$J/two-components.jpg"
# near misses: a frame larger than the decoder allows, a truncated scan, trailing junk
"$PY" - "$J" <<'EOF'
import sys
d = sys.argv[1]
b = bytearray(open(d + '/ycc420.jpg', 'rb').read())
i = b.index(b'\xff\xc0')
huge = bytearray(b)
huge[i + 5:i + 9] = (60000).to_bytes(2, 'big') + (60000).to_bytes(2, 'big')
open(d + '/huge-frame.jpg', 'wb').write(huge)
open(d + '/truncated.jpg', 'wb').write(b[:len(b) * 2 // 3])
open(d + '/trailing-junk.jpg', 'wb').write(b + b'\x00junk\xff\xd9')
EOF

# ---- csv: the challenge's X.csv and Y.csv, RFC 4180 quoting, line ends, BOM ----
X=$C/csv
mkdir -p "$X"
pc-synth -n 6 --image-size 16 --seed 3 -o cat -q
head -c 2500 cat/X.csv >"$X/challenge-x.csv"
cp cat/Y.csv "$X/challenge-y.csv"
printf '\357\273\277id,title,price\r\n1,"Lampe ""LED"", 5 W",12.5\r\n2,,\r\n3,"deux\r\nlignes",0\r\n' >"$X/bom-crlf.csv"
printf 'a,b,c\n1,2\n3,4,5,6\n"unterminated,7,8\n' >"$X/ragged.csv"
printf 'id;label\n1;x\n' >"$X/semicolons.csv"
printf ',\n"",""\n"a""b",c' >"$X/empty-fields-no-newline.csv"

# ---- tsv: escapes, empty fields, CRLF, a long field ----
T=$C/tsv
mkdir -p "$T"
pc-tokenize cat/X.csv -l cat/Y.csv -i cat/images -o tok.tsv -q
head -c 3000 tok.tsv >"$T/tokens.tsv"
printf 'id\tlabel\ttext\n1\ta\tx\\ty\\nz\\\\w\\r\n2\t\t\n3\tb\tbad \\q escape\n' >"$T/escapes.tsv"
printf 'id\tv\r\n1\t2\r\n2\t3' >"$T/crlf-no-newline.tsv"
printf 'id\tv\n1\n2\t3\t4\n' >"$T/ragged.tsv"
{ printf 'id\tlong\n1\t'; head -c 2000 /dev/zero | tr '\0' 'x'; printf '\n'; } >"$T/long-field.tsv"

# ---- dtable: numbers of every spelling, missing markers, categorical columns ----
D=$C/dtable
mkdir -p "$D"
printf 'id\tnum\tcat\tmixed\tsparse\n1\t0.5\tred\t1\t\n2\t-1e-3\tblue\t2\tNA\n3\t12345678901234567890\tred\tx\tnan\n4\t+3\tgreen\t4.25\tinf\n5\t.5\t\t-0\t1e999\n6\t1E5\tN/A\t0x10\tnull\n' >"$D/types.tsv"
printf 'a\tb\n1\t2\n3\n4\t5\t6\n' >"$D/ragged.tsv"
printf 'a\ta\n1\t2\n' >"$D/duplicate-column.tsv"
printf 'x\ty\n' >"$D/header-only.tsv"
printf 'p\tq\r\n-Infinity\tNone\r\n0.1234567\tNaN\r\n99999999\t-nan\r\n' >"$D/crlf-nonfinite.tsv"
pc-embed --fit f.pcm --dict 4 --fit-images 6 --bits 8 --char-ngrams 0 -q tok.tsv -o f.pct \
	--descriptors desc.tsv
head -c 3000 desc.tsv >"$D/descriptors.tsv"

# ---- npy: every dtype the reader takes, ranks 0 to 3, versions 1 to 3, near misses ----
N=$C/npy
mkdir -p "$N"
"$PY" - "$N" <<'EOF'
import sys, io, numpy as np
from numpy.lib import format as fmt
d = sys.argv[1]
def save(name, a, version=None):
    b = io.BytesIO()
    if version:
        fmt.write_array(b, a, version=version)
    else:
        np.save(b, a)
    open(d + '/' + name, 'wb').write(b.getvalue())
save('f4-2d.npy', np.arange(12, dtype='<f4').reshape(3, 4) / 7)
save('i4-1d.npy', np.array([1, -2, 3], dtype='<i4'))
save('i8-3d.npy', np.arange(8, dtype='<i8').reshape(2, 2, 2))
save('f4-scalar.npy', np.array(1.5, dtype='<f4'))
save('f4-empty.npy', np.zeros((0, 3), dtype='<f4'))
save('f4-v2.npy', np.ones((2, 2), dtype='<f4'), (2, 0))
save('f4-v3.npy', np.ones((2,), dtype='<f4'), (3, 0))
save('f8-refused.npy', np.ones(3, dtype='<f8'))
save('big-endian-refused.npy', np.ones(3, dtype='>f4'))
save('fortran-refused.npy', np.asfortranarray(np.ones((2, 3), dtype='<f4')))
save('u1-refused.npy', np.ones(4, dtype='u1'))
b = open(d + '/f4-2d.npy', 'rb').read()
open(d + '/short-data.npy', 'wb').write(b[:-5])
EOF

# ---- pct: dense, sparse, both, labels or none, no rows; a real pc-embed stream ----
P=$C/pct
mkdir -p "$P"
printf 'id\tlabel\ta\tb\tc\n1\tx\t0.5\t-1\t2e3\n2\t\t0\t0\t0\n3\ty\tnan\t1\t-0\n' >dense.tsv
pc-tensor from-tsv dense.tsv -o "$P/dense.pct"
printf 'id\tlabel\tsp\n1\tx\t0:1 5:0.5\n2\ty\t\n3\t\t7:2\n' >sparse.tsv
pc-tensor from-tsv sparse.tsv --sparse-col sp --sparse-width 8 -o "$P/sparse.pct"
printf 'id\tlabel\tv\tsp\n10\tc0\t1.5\t1:1 2:-1\n11\tc1\t2.5\t\n' >both.tsv
pc-tensor from-tsv both.tsv --sparse-col sp --sparse-width 4 --spec 'words 0-3' \
	--featurizer 0123456789abcdef -o "$P/dense-sparse.pct"
printf 'id\tlabel\tv\n' >none.tsv
pc-tensor from-tsv none.tsv -o "$P/no-rows.pct"
pc-tensor head -n 3 f.pct --format pct -o "$P/embed-3rows.pct"

# ---- pcm: real archives, tar dialects, member order, and what the reader refuses ----
M=$C/pcm
mkdir -p "$M"
pc-embed --fit "$M/featurizer-text.pcm" --text-only --bits 8 --char-ngrams 0 -q tok.tsv
pc-embed --fit ft.pcm --text-only --bits 8 --char-ngrams 0 -q tok.tsv -o ft.pct
pc-train --text-only --hidden 0 --optimizer dcd --loss squared-hinge --l2 0.01 -e 5 \
	--valid 0 -f ft.pcm ft.pct -o "$M/model-linear.pcm" -q
"$PY" - "$M" <<'EOF'
import sys, io, tarfile, hashlib, subprocess
d = sys.argv[1]
def tar(entries, fmt=tarfile.USTAR_FORMAT, extra=()):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode='w', format=fmt) as t:
        for name, data in entries:
            i = tarfile.TarInfo(name); i.size = len(data); i.mtime = 0; i.mode = 0o644
            t.addfile(i, io.BytesIO(data))
        for i in extra:
            t.addfile(i)
    return b.getvalue()
def zst(data, *opts):
    return subprocess.run(['zstd', '-q', '-c', *opts], input=data, capture_output=True,
                          check=True).stdout
def sums(entries, star=False):
    return ''.join('%s %s%s\n' % (hashlib.sha256(v).hexdigest(), '*' if star else ' ', n)
                   for n, v in entries).encode()
man = b'format: 1\nkind: test\n'
arr = b"\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }" + \
      b' ' * 52 + b'\n' + b'\x00\x00\x80?\x00\x00\x00@'
ents = [('MANIFEST.yaml', man), ('w/a.npy', arr)]
good = [('SHA256SUMS', sums(ents))] + ents
def put(name, data):
    open(d + '/' + name, 'wb').write(data)
put('pax.pcm', zst(tar(good, tarfile.PAX_FORMAT)))
put('gnu.pcm', zst(tar(good, tarfile.GNU_FORMAT)))
put('sums-last.pcm', zst(tar(ents + good[:1])))
put('sums-binary-form.pcm', zst(tar([('SHA256SUMS', sums(ents, True))] + ents)))
put('checksum-frame.pcm', zst(tar(good), '--check'))
put('two-frames.pcm', zst(tar(good)[:1024]) + zst(tar(good)[1024:]))
put('no-sums.pcm', zst(tar(ents)))
put('unlisted.pcm', zst(tar(good + [('extra.txt', b'x')])))
put('bad-digest.pcm', zst(tar([good[0], ents[0], ('w/a.npy', arr[:-1] + b'A')])))
d1 = tarfile.TarInfo('dir/'); d1.type = tarfile.DIRTYPE; d1.mtime = 0
l1 = tarfile.TarInfo('link'); l1.type = tarfile.SYMTYPE; l1.linkname = 'MANIFEST.yaml'
put('directory-and-link.pcm', zst(tar(good, extra=(d1, l1))))
put('plain-tar.pcm', tar(good)[:2048])
EOF

# ---- yaml: block and flow styles, scalars of every kind, and what the parser refuses ----
Y=$C/yaml
mkdir -p "$Y"
cp "$src/share/drift-example.yaml" "$Y/drift-example.yaml"
cat >"$Y/scalars.yaml" <<'EOF'
train:
  lr: 1.5e-3
  epochs: 0x1f
  l2: .inf
  dropout: -.INF
  momentum: .NaN
  seed: 0o17
  verbose: true
  quiet: off
  name: ~
  tag: "tab\there \u00e9 \x41"
  single: 'it''s'
  folded: >
    two
    lines
  literal: |-
    keep
      indent
  empty: ""
EOF
cat >"$Y/flow.yaml" <<'EOF'
{drift: {columns: [price, "weight", 'len'], per_column: {price: {test: ks, threshold: 0.05}}},
 paths: {registry: /tmp/r, runs: "./runs"}}
EOF
cat >"$Y/refused.yaml" <<'EOF'
base: &b {a: 1}
copy: *b
tagged: !!str 5
? [complex, key]
: value
dup: 1
dup: 2
---
second: document
EOF
printf 'embed:\r\n  bits: 18\r\n  word_ngrams: "1-2"\r\n# comment\r\n' >"$Y/crlf.yaml"
printf 'a:\n - b:\n   - c:\n      - d:\n         - [e, [f, [g, {h: i}]]]\n' >"$Y/nested.yaml"
printf 'caf\303\251: "\342\202\254 5"\nbad: "\377"\n' >"$Y/unicode.yaml"
echo "corpora written to $C"
