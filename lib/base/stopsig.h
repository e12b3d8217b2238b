/*
 * stopsig: a long task that builds a directory stops on SIGINT, SIGTERM or SIGHUP at its
 * next check, removes what it built, and then dies of the signal, as if it had not
 * caught it (the shell and cron see the signal, not an exit status).
 *
 *   stopsig_catch();            before the directory exists
 *   ... if (stopsig_caught()) stop, remove the directory ...
 *   stopsig_release();          the handlers back; dies of a signal that came
 *
 * Tasks nest (pc-weeks init builds weeks with pc-synth's catalogue writer): only the
 * outermost catch installs the handlers and the outermost release puts them back and
 * raises the signal; an inner task sees the same signal, stops, and returns its failure.
 * Signals found ignored stay ignored.  outfile's handlers, which remove pending
 * temporary files, are installed first so that they run for the re-raised signal.
 */
#ifndef PC_STOPSIG_H
#define PC_STOPSIG_H

void stopsig_catch(void);
/* The signal caught since the outermost stopsig_catch, or 0. */
int stopsig_caught(void);
void stopsig_release(void);

#endif
