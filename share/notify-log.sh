#!/bin/sh
# notify-log.sh: a pc-promote --notify example that records each decision of the model
# registry (a promotion, a rollback, a refused challenger) as one line.
#
#   pc-promote --notify /usr/local/share/prodclass/notify-log.sh promote --if-better DATA
#   pc-promote --notify '/usr/local/share/prodclass/notify-log.sh /var/log/prodclass.log' ...
#
# The line goes to the file named by the first argument, else by $PC_NOTIFY_LOG, appended
# (one write, so lines of concurrent runs do not mix); with neither, to syslog through
# logger(1) with the tag "prodclass" (then syslog adds the time):
#
#   2026-12-02T10:00:00Z promote v3 previous=v2 metric=weighted_f1 champion=0.91
#   challenger=0.92 p=0.0012 registry=/srv/registry reason=weighted_f1 +0.0100, McNemar ...
#
# (one line in the file; after a rollback nothing was compared, and the metric and its
# values are empty).  Fields are separated by spaces; the reason, last, may hold spaces.  pc-promote sets the variables (see pc-promote(1)):
# PC_EVENT, PC_REGISTRY, PC_VERSION, PC_PREVIOUS, PC_METRIC, PC_CHAMPION_VALUE,
# PC_CHALLENGER_VALUE, PC_PVALUE, PC_REASON.  A failure here is a warning for pc-promote,
# never a change of its decision.
set -u
log=${1:-${PC_NOTIFY_LOG:-}}
line="${PC_EVENT:-unknown} ${PC_VERSION:-} previous=${PC_PREVIOUS:-} metric=${PC_METRIC:-}"
line="$line champion=${PC_CHAMPION_VALUE:-} challenger=${PC_CHALLENGER_VALUE:-}"
line="$line p=${PC_PVALUE:-} registry=${PC_REGISTRY:-} reason=${PC_REASON:-}"
# one line whatever the reason holds
line=$(printf '%s' "$line" | tr '\n\r\t' '   ')
if [ -n "$log" ]; then
	printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$line" >>"$log"
elif [ -n "$(command -v logger)" ]; then
	logger -t prodclass -- "$line"
else
	echo "notify-log.sh: no log file (argument or PC_NOTIFY_LOG) and no logger(1)" >&2
	exit 1
fi
