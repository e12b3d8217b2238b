#!/bin/sh
# image-icons: the default pipeline on a real text + image set made outside the project
# (bench/make-icons-set.sh: Debian's Oxygen icons, context folders as classes, icon names
# as titles, drawings on white as photos), split by icon name into train and test files:
#   - text only, image only and fusion, as a new user runs them (pc-embed --fit
#     [--text-only|--image-only], pc-train [--text-only|--image-only], pc-predict --eval):
#     accuracy and weighted F1 on the test rows;
#   - bench/image-accuracy.py on the same split: 32x32 pixels + colour histogram (the
#     baseline), image_bench's patch features, and pc-embed's whole image part, each with
#     the same logistic regression.
#   bench/image-icons.sh [BUILDDIR]      (default: the current directory)
# Environment: ICONS (a directory: the set, made there by make-icons-set.sh when it has no
# X_train.csv; default a temporary one), EMBED_ARGS (extra pc-embed --fit options for
# every run, e.g. "--hog 0" for the image features without gradients), BRANCHES ("text
# image fusion"), THREADS (2), NO_SKLEARN=1 to skip image-accuracy.py, TMPDIR.
set -eu
builddir=${1:-.}
here=$(cd "$(dirname "$0")" && pwd)
bin="$builddir/cmd"
for t in pc-tokenize pc-embed pc-train pc-predict pc-tensor; do
	[ -x "$bin/$t" ] || { echo "image-icons: no $bin/$t (build first)" >&2; exit 2; }
done
THREADS=${THREADS:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/image-icons-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
icons=${ICONS:-$work/icons}
[ -s "$icons/X_train.csv" ] || sh "$here/make-icons-set.sh" "$icons" >/dev/null
export PC_NO_PROGRESS=1

echo "set: $icons ($(tail -n 1 "$icons/CLASSES.tsv" | cut -f2) train, $(tail -n 1 "$icons/CLASSES.tsv" |
	cut -f3) test, $(($(wc -l <"$icons/CLASSES.tsv") - 2)) classes), pc-embed options: ${EMBED_ARGS:-(defaults)}," \
	"$THREADS threads, load $(cut -d' ' -f1-3 /proc/loadavg)"
for part in train test; do
	"$bin/pc-tokenize" -q -t "$THREADS" "$icons/X_$part.csv" -l "$icons/Y_$part.csv" \
		-i "$icons/images" -o "$work/$part.tsv"
done
printf '%-12s %9s %9s %9s\n' branch accuracy wtd_f1 embed_s
for mode in ${BRANCHES:-text image fusion}; do
	case $mode in
	fusion) o= ;;
	*) o=--$mode-only ;;
	esac
	t0=$(date +%s.%N)
	# shellcheck disable=SC2086
	"$bin/pc-embed" -q -t "$THREADS" --fit "$work/$mode.feat" $o ${EMBED_ARGS:-} \
		"$work/train.tsv" -o "$work/$mode.pct"
	t1=$(date +%s.%N)
	# shellcheck disable=SC2086
	"$bin/pc-train" -q -t "$THREADS" $o -f "$work/$mode.feat" "$work/$mode.pct" -o "$work/$mode.pcm"
	"$bin/pc-predict" -q -t "$THREADS" -m "$work/$mode.pcm" --eval "$work/test.tsv" >"$work/$mode.eval"
	printf '%-12s %9.4f %9.4f %9.2f\n' "$mode" \
		"$(awk -F'\t' '$1 == "accuracy" {print $2}' "$work/$mode.eval")" \
		"$(awk -F'\t' '$1 == "weighted_f1" {print $2}' "$work/$mode.eval")" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
done

if [ "${NO_SKLEARN:-0}" != 1 ] && [ -x "$builddir/bench/image_bench" ]; then
	echo "image-accuracy.py (the same logistic regression on each feature set, test accuracy):"
	/usr/bin/python3 -W ignore "$here/image-accuracy.py" "$builddir/bench/image_bench" \
		"$icons" --threads "$THREADS" --embed-args "${EMBED_ARGS:-}" 2>/dev/null
fi
