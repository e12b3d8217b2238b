/* blas: OpenBLAS on the calling thread only; see blas.h. */
#include "base/blas.h"

#include <cblas.h>

/* OpenBLAS's own shutdown of its thread pool (what it runs before a fork): exported by
 * its threaded builds, absent from others, hence weak. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

void blas_serial(void)
{
	static int done;

	/* once: openblas_set_num_threads starts the pool again when it is down */
	if (done)
		return;
	done = 1;	/* first from the constructor, before any thread of ours */
	openblas_set_num_threads(1);
	if (blas_thread_shutdown_)
		blas_thread_shutdown_();
}

__attribute__((constructor)) static void blas_serial_at_start(void)
{
	blas_serial();
}
