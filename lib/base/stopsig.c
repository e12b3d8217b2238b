/* stopsig: stopping a long task on a signal; see stopsig.h. */
#include "base/stopsig.h"
#include "base/outfile.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t caught;
static const int stop_sigs[] = { SIGINT, SIGTERM, SIGHUP };
#define NSTOP (sizeof(stop_sigs) / sizeof(stop_sigs[0]))
static struct sigaction saved[NSTOP];
static int depth;

static void on_stop(int sig)
{
	caught = sig;
}

void stopsig_catch(void)
{
	struct sigaction sa;

	if (depth++)
		return;
	outfile_catch_signals();
	caught = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NSTOP; i++) {
		sigaction(stop_sigs[i], NULL, &saved[i]);
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(stop_sigs[i], &sa, NULL);
	}
}

int stopsig_caught(void)
{
	return caught;
}

void stopsig_release(void)
{
	if (--depth)
		return;
	for (size_t i = 0; i < NSTOP; i++)
		sigaction(stop_sigs[i], &saved[i], NULL);
	if (caught)
		raise(caught);
}
