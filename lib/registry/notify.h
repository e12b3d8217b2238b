/*
 * notify: tell someone what the registry decided, by running a command of the user's
 * (`--notify CMD`, promote.notify) through /bin/sh with the facts in its environment:
 *
 *   PC_EVENT        promote, rollback or refuse
 *   PC_REGISTRY     the registry directory
 *   PC_VERSION      the version concerned (the new champion, or the refused challenger)
 *   PC_PREVIOUS     the champion before, "" when none
 *   PC_METRIC       the metric compared, and its values (empty when nothing was compared)
 *   PC_CHAMPION_VALUE, PC_CHALLENGER_VALUE, PC_PVALUE
 *   PC_REASON       one line saying why
 *
 * so that mail, a webhook through curl or a log line are one-liners (share/ has
 * examples).  The command's failure is a warning: the decision stands.
 */
#ifndef PC_NOTIFY_H
#define PC_NOTIFY_H

struct notify_event {
	const char *event, *registry;
	long version, previous;
	const char *metric;
	double champion, challenger, p;
	const char *reason;
};

/* Run `cmd` (NULL or "": nothing) and wait for it; 0, or -1 after a warning. */
int notify_run(const char *cmd, const struct notify_event *e);

#endif
