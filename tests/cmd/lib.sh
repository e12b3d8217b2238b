# Shared helpers for the command tests (sourced by tests/cmd/*.test).
#
# Programs run from the build tree; under PC_VALGRIND=1 each run goes through valgrind
# and any leak or error fails the test.  Every check prints what it expected on failure.
set -u
: "${PC_BUILDDIR:=$(pwd)}"
: "${PC_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
PATH="$PC_BUILDDIR/cmd:$PATH"
export PATH LC_ALL=C PC_NO_PROGRESS=1
T=$(mktemp -d "${TMPDIR:-/tmp}/pc-cmd-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
checks=0

# run PROG ARGS...: run a program, capturing stdout in $T/out, stderr in $T/err, the exit
# status in $rc.
run() {
	if [ "${PC_VALGRIND:-0}" = 1 ]; then
		valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
			"$@" >"$T/out" 2>"$T/err"
	else
		"$@" >"$T/out" 2>"$T/err"
	fi
	rc=$?
	if [ "$rc" = 99 ]; then
		echo "FAIL: valgrind found errors in: $*" >&2
		head -40 "$T/err" >&2
		fails=$((fails + 1))
	fi
}

# run_script SCRIPT ARGS...: like run, for the shell scripts, never under valgrind (it
# would check the shell, not ours; the programs a script runs are ours and checked by
# their own tests)
run_script() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

ok() { checks=$((checks + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); checks=$((checks + 1)); }

# expect_rc N DESCRIPTION: the last run exited with N.
expect_rc() {
	if [ "$rc" = "$1" ]; then ok; else
		fail "$2: exit $rc, expected $1"; head -20 "$T/err" | sed 's/^/  stderr: /' >&2; fi
}

# expect_err REGEX DESCRIPTION: stderr of the last run matches, and is one line.
expect_err() {
	if grep -Eq -- "$1" "$T/err" && [ "$(wc -l <"$T/err")" -le 1 ]; then ok; else
		fail "$2: stderr does not match /$1/ in one line"; head -20 "$T/err" | sed 's/^/  stderr: /' >&2; fi
}

# expect_out_file FILE DESCRIPTION: stdout of the last run equals FILE.
expect_out_file() {
	if cmp -s "$T/out" "$1"; then ok; else
		fail "$2: output differs from $1"; diff "$1" "$T/out" | head -20 >&2; fi
}

# expect_same A B DESCRIPTION: two files are byte-identical.
expect_same() {
	if cmp -s "$1" "$2"; then ok; else fail "$3: $1 and $2 differ"; fi
}

# expect_absent FILE DESCRIPTION: nothing was written.
expect_absent() {
	if [ ! -e "$1" ]; then ok; else fail "$2: $1 exists"; fi
}

finish() {
	echo "$checks checks, $fails failed"
	[ "$fails" = 0 ]
}
