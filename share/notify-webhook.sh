#!/bin/sh
# notify-webhook.sh: a pc-promote --notify example that POSTs each decision of the model
# registry (a promotion, a rollback, a refused challenger) to a webhook as a small JSON
# object, with curl(1).
#
#   PC_WEBHOOK_URL=https://hooks.example.com/T000/B000/XXXX \
#       pc-promote --notify /usr/local/share/prodclass/notify-webhook.sh promote --if-better DATA
#
# The URL is the first argument, else $PC_WEBHOOK_URL.  The body:
#
#   {"text": "prodclass: v3 is the new champion (weighted_f1 0.91 -> 0.92, ...)",
#    "event": "promote", "registry": "/srv/registry", "version": "v3", "previous": "v2",
#    "metric": "weighted_f1", "champion_value": 0.91, "challenger_value": 0.92,
#    "pvalue": 0.0012, "reason": "..."}
#
# "text" is what Slack's and Mattermost's incoming webhooks show; the other fields are for
# anything else.  Values that are not numbers are null.  curl fails on an HTTP error (and
# retries twice, within 10 s each), which pc-promote reports as a warning: the decision
# stands.  pc-promote sets the variables (see pc-promote(1)): PC_EVENT, PC_REGISTRY,
# PC_VERSION, PC_PREVIOUS, PC_METRIC, PC_CHAMPION_VALUE, PC_CHALLENGER_VALUE, PC_PVALUE,
# PC_REASON.
set -u
url=${1:-${PC_WEBHOOK_URL:-}}
if [ -z "$url" ]; then
	echo "notify-webhook.sh: no URL (argument or PC_WEBHOOK_URL)" >&2
	exit 1
fi
[ -n "$(command -v curl)" ] || { echo "notify-webhook.sh: curl is not installed" >&2; exit 1; }

# str VALUE: a JSON string (backslashes, quotes and tabs escaped, line breaks as spaces)
str() {
	printf '"%s"' "$(printf '%s' "$1" | tr '\n\r' '  ' |
		sed 's/\\/\\\\/g; s/"/\\"/g; s/	/\\t/g')"
}
# num VALUE: a JSON number, or null
num() {
	case $1 in
	'' | *[!0-9eE.+-]* | *[!0-9]) echo null ;;
	*) echo "$1" ;;
	esac
}
case ${PC_EVENT:-} in
promote) what="${PC_VERSION:-?} is the new champion" ;;
rollback) what="the champion is back to ${PC_VERSION:-?}" ;;
refuse) what="challenger ${PC_VERSION:-?} refused" ;;
*) what="${PC_EVENT:-an event}" ;;
esac
text="prodclass: $what"
[ -z "${PC_METRIC:-}" ] ||
	text="$text (${PC_METRIC} ${PC_CHAMPION_VALUE:-none} -> ${PC_CHALLENGER_VALUE:-}, p = ${PC_PVALUE:-})"
[ -z "${PC_REASON:-}" ] || text="$text: $PC_REASON"

json=$(printf '{"text": %s, "event": %s, "registry": %s, "version": %s, "previous": %s, "metric": %s, "champion_value": %s, "challenger_value": %s, "pvalue": %s, "reason": %s}' \
	"$(str "$text")" "$(str "${PC_EVENT:-}")" "$(str "${PC_REGISTRY:-}")" \
	"$(str "${PC_VERSION:-}")" "$(str "${PC_PREVIOUS:-}")" "$(str "${PC_METRIC:-}")" \
	"$(num "${PC_CHAMPION_VALUE:-}")" "$(num "${PC_CHALLENGER_VALUE:-}")" \
	"$(num "${PC_PVALUE:-}")" "$(str "${PC_REASON:-}")")
# the response body is dropped (pc-promote would show it on its standard error); curl's
# exit status is the script's
response=$(printf '%s\n' "$json" | curl -fsS --max-time 10 --retry 2 \
	-H 'Content-Type: application/json' --data-binary @- -- "$url") || exit 1
: "$response"
