# pc-loop.sh: what the continuous-training scripts (pc-weekly, pc-retrain, pc-simulate)
# share, sourced by each: settings from the configuration file, a lock, steps with their
# resources and retries, one log per run, Prometheus metrics, notifications.  POSIX sh.
#
# Callers set CONFIG (may be empty) before sourcing, and use:
#   setting KEY DEFAULT          a value of the configuration file, else DEFAULT
#   loop_setup NAME              paths, log file, lock (WORK/lock, or fail at once)
#   step DIR NAME CMD...         run CMD, record it in DIR/steps.tsv, retry on exit >= 3
#   loop_metric NAME VALUE HELP [LABELS]   a gauge for this run's metrics file
#   loop_fail MESSAGE [STATUS]   notify, write the metrics, exit STATUS (default 3)

: "${CONFIG:=}"

# In a build tree the programs are in ../cmd beside scripts/: use them before any installed
case $0 in
*/*) _here=$(cd "$(dirname "$0")" && pwd)
	[ -x "$_here/../cmd/pc-weeks" ] && PATH="$(cd "$_here/../cmd" && pwd):$PATH" && export PATH
	[ -x "$_here/pc-weekly" ] && PATH="$_here:$PATH" && export PATH ;;
esac

setting() { # KEY DEFAULT
	if [ -n "$CONFIG" ]; then
		pc-config -c "$CONFIG" "$1" "$2"
	else
		printf '%s\n' "$2"
	fi
}

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }

now_s() { date +%s.%N 2>/dev/null | sed 's/N$/0/'; }

loop_setup() { # NAME: settings, directories, the log, the lock
	PROG=$1
	WORK=${WORK:-$(setting paths.work work)}
	REGISTRY=${REGISTRY:-$(setting paths.registry registry)}
	RUNS=${RUNS:-$(setting paths.runs "$WORK/runs")}
	METRICS_DIR=${METRICS_DIR:-$(setting paths.metrics "")}
	RETRIES=$(setting loop.retries 2)
	BACKOFF=$(setting loop.backoff 5)
	NOTIFY=${NOTIFY:-$(setting loop.notify "")}
	export PC_REGISTRY="$REGISTRY"
	mkdir -p "$WORK/log" || exit 3
	LOG="$WORK/log/$PROG-$(date -u +%Y%m%dT%H%M%SZ)-$$.log"
	: >"$LOG" || exit 3
	METRICS_TMP=$(mktemp "$WORK/log/.metrics.XXXXXX") || exit 3
	RUN_START=$(now_s)
	# one run at a time: a second waits for the first (cron may overlap); the scripts a
	# run starts (pc-weekly's pc-retrain) work under its lock
	if [ "${PC_LOOP_LOCKED:-}" != "$WORK" ]; then
		exec 9>"$WORK/lock" || exit 3
		if command -v flock >/dev/null 2>&1; then
			flock 9 || exit 3
		fi
		PC_LOOP_LOCKED=$WORK
		export PC_LOOP_LOCKED
	fi
	trap 'rm -f "$METRICS_TMP"' EXIT
	say "log: $LOG"
}

# step DIR NAME CMD...: run CMD with stdout and stderr into the log, timed; exit 0 and 1
# are answers (1: "no", as pc-drift's drift or pc-promote's refusal), 2 is bad input (no
# retry), 3 and above (internal failures, signals) are retried with a growing pause, but
# 126 and 127 (a command that cannot run).  DIR/steps.tsv gets a line:
# step, status, attempts, wall seconds, CPU seconds, peak memory in KiB.
step() {
	_dir=$1 _name=$2
	shift 2
	[ -f "$_dir/steps.tsv" ] ||
		printf 'step\tstatus\tattempts\twall_s\tcpu_s\tpeak_kib\n' >"$_dir/steps.tsv"
	_try=1 _pause=$BACKOFF
	while :; do
		printf '## %s (attempt %s): %s\n' "$_name" "$_try" "$*" >>"$LOG"
		_t0=$(now_s)
		_status=0
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f '%U %S %M' -o "$_dir/.time" "$@" >>"$LOG" 2>&1 || _status=$?
		else
			"$@" >>"$LOG" 2>&1 || _status=$?
			echo "0 0 0" >"$_dir/.time"
		fi
		_t1=$(now_s)
		# GNU time reports a command killed by a signal on its first line
		_res=$(tail -1 "$_dir/.time")
		# 126 and 127: the command cannot run at all, retrying will not help
		if [ "$_status" -ge 3 ] && [ "$_status" != 126 ] && [ "$_status" != 127 ] &&
			[ "$_try" -le "$RETRIES" ]; then
			say "$_name failed (exit $_status), retrying in ${_pause}s"
			sleep "$_pause"
			_try=$((_try + 1)) _pause=$((_pause * 2))
			continue
		fi
		break
	done
	echo "$_res" | awk -v n="$_name" -v s="$_status" -v a="$_try" -v t0="$_t0" -v t1="$_t1" \
		'{ printf "%s\t%d\t%d\t%.3f\t%.3f\t%d\n", n, s, a, t1 - t0, $1 + $2, $3 }' \
		>>"$_dir/steps.tsv"
	rm -f "$_dir/.time"
	return "$_status"
}

# step_ok DIR NAME CMD...: a step that must succeed (exit 0); otherwise the run fails.
step_ok() {
	_d=$1 _n=$2 _st=0
	shift 2
	step "$_d" "$_n" "$@" || _st=$?
	# bad input stays bad input (exit 2: nobody retries it); anything else is internal
	[ "$_st" = 0 ] || loop_fail "$_n failed (exit $_st): see $LOG" "$([ "$_st" = 2 ] && echo 2 || echo 3)"
}

loop_metric() { # NAME VALUE HELP [LABELS]
	printf '# HELP prodclass_loop_%s %s\n# TYPE prodclass_loop_%s gauge\nprodclass_loop_%s{program="%s"%s} %s\n' \
		"$1" "$3" "$1" "$1" "$PROG" "${4:+,$4}" "$2" >>"$METRICS_TMP"
}

loop_metrics_write() { # STATUS: the run's metrics into the textfile directory
	[ -n "$METRICS_DIR" ] || return 0
	loop_metric run_success "$([ "$1" = 0 ] && echo 1 || echo 0)" "1 when the run succeeded"
	loop_metric run_duration_seconds "$(awk -v a="$RUN_START" -v b="$(now_s)" 'BEGIN { printf "%.3f", b - a }')" \
		"wall time of the run"
	if [ "$1" = 0 ]; then
		loop_metric last_success_timestamp_seconds "$(date +%s)" \
			"time of the last successful run"
	elif [ -f "$METRICS_DIR/$PROG.prom" ]; then
		# a failed run keeps the last success, so that an alert on its age keeps counting
		_last=$(sed -n 's/^prodclass_loop_last_success_timestamp_seconds{[^}]*} //p' \
			"$METRICS_DIR/$PROG.prom")
		[ -n "$_last" ] && loop_metric last_success_timestamp_seconds "$_last" \
			"time of the last successful run"
	fi
	mkdir -p "$METRICS_DIR" &&
		cp "$METRICS_TMP" "$METRICS_DIR/.$PROG.prom.tmp" &&
		mv "$METRICS_DIR/.$PROG.prom.tmp" "$METRICS_DIR/$PROG.prom"
}

loop_notify() { # EVENT REASON
	[ -n "$NOTIFY" ] || return 0
	PC_EVENT=$1 PC_REASON=$2 PC_REGISTRY=$REGISTRY sh -c "$NOTIFY" >>"$LOG" 2>&1 ||
		say "notify failed: $NOTIFY"
}

loop_fail() { # MESSAGE [STATUS]: 3 unless told (2: bad input, not worth a retry)
	say "$1"
	loop_notify failure "$PROG: $1"
	loop_metrics_write "${2:-3}"
	exit "${2:-3}"
}

# join_columns MONITOR DESCRIPTORS OUT: the monitoring columns, then the descriptors but
# their id and label (the rows are in the same order).
join_columns() {
	cut -f3- "$2" | paste "$1" - >"$3"
}

# hash_split IN TRAIN HOLDOUT SHARE: rows whose id hashes below SHARE go to HOLDOUT (the
# header to both): the same rows at every run.
hash_split() {
	awk -F'\t' -v share="$4" -v train="$2" -v hold="$3" '
		BEGIN { for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i }
		NR == 1 { print > train; print > hold; next }
		{ h = 5381
		  for (i = 1; i <= length($1); i++) h = (h * 33 + ord[substr($1, i, 1)]) % 2147483647
		  # Park and Miller steps mix the low digits of short ids
		  for (i = 0; i < 3; i++) h = (h * 48271 + 1) % 2147483647
		  if (h % 1000 < share * 1000) print > hold; else print > train }' "$1"
}
