/* parallel: a range of items over threads; see parallel.h. */
#include "base/parallel.h"
#include "base/msg.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>


struct slice {
	parallel_fn fn;
	void *ctx;
	size_t begin, end;
	int thread;
};

static void *run_slice(void *arg)
{
	struct slice *s = arg;

	s->fn(s->ctx, s->begin, s->end, s->thread);
	return NULL;
}

void parallel_for(size_t n, int threads, parallel_fn fn, void *ctx)
{
	struct slice sl[PARALLEL_MAX_THREADS];
	pthread_t tid[PARALLEL_MAX_THREADS];

	if (threads < 1)
		threads = 1;
	if (threads > PARALLEL_MAX_THREADS)
		threads = PARALLEL_MAX_THREADS;
	if ((size_t)threads > n)
		threads = n ? (int)n : 1;
	for (int t = 0; t < threads; t++) {
		sl[t].fn = fn;
		sl[t].ctx = ctx;
		sl[t].begin = n * (size_t)t / (size_t)threads;
		sl[t].end = n * (size_t)(t + 1) / (size_t)threads;
		sl[t].thread = t;
	}
	for (int t = 1; t < threads; t++)
		if (pthread_create(&tid[t], NULL, run_slice, &sl[t]) != 0)
			pc_fatal("cannot start a thread");
	run_slice(&sl[0]);
	for (int t = 1; t < threads; t++)
		pthread_join(tid[t], NULL);
}

int parallel_default_threads(void)
{
	const char *env = getenv("PC_THREADS");
	long n;

	if (env && *env) {
		char *end;

		n = strtol(env, &end, 10);
		if (!*end && n >= 1 && n <= PARALLEL_MAX_THREADS)
			return (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > PARALLEL_MAX_THREADS ? PARALLEL_MAX_THREADS : (int)n;
}
