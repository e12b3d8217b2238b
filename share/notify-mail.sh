#!/bin/sh
# notify-mail.sh: a pc-promote --notify example that mails each decision of the model
# registry (a promotion, a rollback, a refused challenger).
#
#   pc-promote --notify '/usr/local/share/prodclass/notify-mail.sh ops@example.com' \
#       promote --if-better DATA
#
# The recipients are the arguments, else $PC_NOTIFY_MAIL (addresses separated by spaces
# or commas).  The message goes through mail(1) (bsd-mailx, mailutils) when there is one,
# else sendmail(8) (any MTA installs one); without either, or without a recipient, the
# script fails, which pc-promote reports as a warning (the decision stands).
#
# pc-promote sets the variables (see pc-promote(1)): PC_EVENT, PC_REGISTRY, PC_VERSION,
# PC_PREVIOUS, PC_METRIC, PC_CHAMPION_VALUE, PC_CHALLENGER_VALUE, PC_PVALUE, PC_REASON.
set -u
if [ $# -gt 0 ]; then
	to=$*
else
	to=${PC_NOTIFY_MAIL:-}
fi
to=$(printf '%s' "$to" | tr ',' ' ')
if [ -z "$(printf '%s' "$to" | tr -d ' ')" ]; then
	echo "notify-mail.sh: no recipient (arguments or PC_NOTIFY_MAIL)" >&2
	exit 1
fi
host=$(uname -n)
case ${PC_EVENT:-} in
promote) what="${PC_VERSION:-?} is the new champion" ;;
rollback) what="the champion is back to ${PC_VERSION:-?}" ;;
refuse) what="challenger ${PC_VERSION:-?} refused" ;;
*) what="${PC_EVENT:-an event}" ;;
esac
subject="prodclass on $host: $what"
body() {
	printf 'The model registry %s on %s:\n\n' "${PC_REGISTRY:-}" "$host"
	printf '  event       %s\n' "${PC_EVENT:-}"
	printf '  version     %s\n' "${PC_VERSION:-}"
	printf '  previous    %s\n' "${PC_PREVIOUS:-}"
	if [ -n "${PC_METRIC:-}" ]; then
		printf '  metric      %s\n' "$PC_METRIC"
		printf '  champion    %s\n' "${PC_CHAMPION_VALUE:-}"
		printf '  challenger  %s\n' "${PC_CHALLENGER_VALUE:-}"
		printf '  McNemar p   %s\n' "${PC_PVALUE:-}"
	fi
	printf '  reason      %s\n' "${PC_REASON:-}"
	printf '\nThe history: pc-promote -R %s history\n' "${PC_REGISTRY:-DIR}"
}
if [ -n "$(command -v mail)" ]; then
	# shellcheck disable=SC2086 # one word per recipient
	body | mail -s "$subject" $to
else
	sendmail=$(command -v sendmail || true)
	[ -n "$sendmail" ] || [ ! -x /usr/sbin/sendmail ] || sendmail=/usr/sbin/sendmail
	if [ -z "$sendmail" ]; then
		echo "notify-mail.sh: neither mail(1) nor sendmail(8) is installed" >&2
		exit 1
	fi
	{
		printf 'To: %s\n' "$(printf '%s' "$to" | sed 's/  */, /g; s/^, //; s/, $//')"
		printf 'Subject: %s\n' "$subject"
		printf 'Content-Type: text/plain; charset=UTF-8\n\n'
		body
	} | "$sendmail" -oi -t
fi
