#!/bin/sh
# The image half of pc-embed against djpeg, run from a build directory:
#   sh ../bench/image-speed.sh [N] [THREADS]
# writes a pc-synth catalogue of N (default 200) 500x500 photos at JPEG quality 90 (or
# takes the first N photos of PHOTOS=DIR, e.g. to time two builds on the same files), then
#   - image_bench: CPU ms per photo on one thread for each stage (decode scaled to 1/8,
#     resize to 32x32, colour features, descriptors, patch features with k = 256, gradient
#     features at 64x64), and photos per second end to end on THREADS (default 2) threads;
#   - djpeg -scale 1/4 and -scale 1/8 on the same files, CPU ms per file net of process
#     start-up (the same number of decodes of a tiny JPEG is subtracted).
set -eu
n=${1:-200}
threads=${2:-2}
py=${PYTHON3:-/usr/bin/python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/image-speed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

if [ -n "${PHOTOS:-}" ]; then
	find "$PHOTOS" -name '*.jpg' | LC_ALL=C sort | head -n "$n" > "$tmp/files"
else
	./cmd/pc-synth -n "$n" -o "$tmp/cat" --quality 90 -s 5 >/dev/null
	ls "$tmp"/cat/images/*.jpg > "$tmp/files"
fi
# shellcheck disable=SC2046
echo "$(wc -l <"$tmp/files") photos, $(du -ck $(cat "$tmp/files") | tail -n 1 | cut -f1) KiB"
# shellcheck disable=SC2046
./bench/image_bench -r 3 -j "$threads" $(cat "$tmp/files")

first=$(head -n 1 "$tmp/files")
djpeg -scale 1/8 -outfile "$tmp/tiny.ppm" "$first"
cjpeg -quality 90 -outfile "$tmp/tiny.jpg" "$tmp/tiny.ppm"
"$py" - "$tmp/files" "$tmp/tiny.jpg" <<'EOF'
import resource, subprocess, sys
files = open(sys.argv[1]).read().split()
tiny = sys.argv[2]
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
tot = {"1/4": 0.0, "1/8": 0.0, "tiny": 0.0}
for f in files * 3:
    for key, path in (("1/4", f), ("1/8", f), ("tiny", tiny)):
        c = cpu()
        subprocess.run(["djpeg", "-scale", "1/4" if key != "1/8" else "1/8",
                        "-outfile", "/dev/null", path], check=True)
        tot[key] += cpu() - c
n = 3 * len(files)
for key in ("1/4", "1/8"):
    print("djpeg -scale %s: %.3f ms CPU per file (net of %.3f ms start-up)"
          % (key, (tot[key] - tot["tiny"]) * 1e3 / n, tot["tiny"] * 1e3 / n))
EOF
