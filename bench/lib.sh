# bench/lib.sh: what the bench scripts share, sourced by them after `set -euo pipefail`:
#   . "$(dirname "$0")/lib.sh"
#
#   bench_init NAME TOOL...  BIN (the build's cmd/, run from a build directory or with
#                            PC_BUILDDIR set) first on PATH, every TOOL there; SRC, the
#                            source tree; W, a work directory (KEEP=DIR keeps it there,
#                            else a temporary one removed on exit); THREADS (default 2)
#   need CMD PACKAGE         exit 2 unless CMD is installed
#   timed CMD...             run CMD, then wall, cpu (user + system) and peak_mb print its
#                            wall seconds, CPU seconds and peak memory in MB
#   best_of N CMD...         timed, N times: then wall, cpu and peak_mb are the fastest
#                            run's (on a shared machine the least disturbed one)
#   acc_of FILE, f1_of FILE  accuracy, weighted F1 from pc-predict --eval's output
#   gt A B                   true when A > B (decimals)
#   text_tokens [DIR]        $W/train.tsv and $W/test.tsv: TRAIN_TSV and TEST_TSV (tokens)
#                            when set, else DIR's train/ and test/ (the challenge layout)
#                            tokenized, else a corpus bench/make-text-set.sh makes from
#                            Debian's package descriptions
#   split_fit_val            $W/fit.tsv and $W/val.tsv: every tenth row of $W/train.tsv to
#                            the validation part, the rest to the fitting part

bench_init() {
	local name=$1 t
	shift
	BIN=${PC_BUILDDIR:-$(pwd)}/cmd
	SRC=$(cd "$(dirname "$0")/.." && pwd)
	THREADS=${THREADS:-2}
	for t in "$@"; do
		[ -x "$BIN/$t" ] || { echo "$name: no $BIN/$t: run from a build directory after make" >&2; exit 2; }
	done
	if [ -n "${KEEP:-}" ]; then
		W=$KEEP
		mkdir -p "$W"
	else
		W=$(mktemp -d "${TMPDIR:-/tmp}/pc-$name-XXXXXX")
		trap 'rm -rf "$W"' EXIT
	fi
	export PATH="$BIN:$PATH" PC_NO_PROGRESS=1
}

need() {
	command -v "$1" >/dev/null || { echo "$1 missing: apt-get install $2" >&2; exit 2; }
}

timed() { /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@"; }
best_of() {
	local n=$1 i best=""
	shift
	for ((i = 0; i < n; i++)); do
		timed "$@"
		if [ -z "$best" ] || gt "$best" "$(wall)"; then
			best=$(wall)
			cp "$W/time" "$W/time.best"
		fi
	done
	mv "$W/time.best" "$W/time"
}
wall() { awk '{print $1}' "$W/time"; }
cpu() { awk '{printf "%.2f", $2 + $3}' "$W/time"; }
peak_mb() { awk '{printf "%.0f", $4 / 1024}' "$W/time"; }
acc_of() { awk -F'\t' '$1 == "accuracy" {print $2}' "$1"; }
f1_of() { awk -F'\t' '$1 == "weighted_f1" {print $2}' "$1"; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a > b)}'; }

text_tokens() {
	local dir=${1:-}

	if [ -n "${TRAIN_TSV:-}" ]; then
		cp "$TRAIN_TSV" "$W/train.tsv"
		cp "$TEST_TSV" "$W/test.tsv"
		return
	fi
	if [ -z "$dir" ]; then
		dir=$W/corpus
		"$SRC/bench/make-text-set.sh" "$dir"
	fi
	pc-tokenize "$dir/train/X.csv" -l "$dir/train/Y.csv" -o "$W/train.tsv"
	pc-tokenize "$dir/test/X.csv" -l "$dir/test/Y.csv" -o "$W/test.tsv"
}

split_fit_val() {
	awk -F'\t' 'NR == 1 || (NR - 2) % 10 != 0' "$W/train.tsv" >"$W/fit.tsv"
	awk -F'\t' 'NR == 1 || (NR - 2) % 10 == 0' "$W/train.tsv" >"$W/val.tsv"
}
