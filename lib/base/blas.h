/*
 * blas: OpenBLAS on the calling thread only.
 *
 * The toolkit threads its own work (parallel.h) and calls BLAS from each of its threads
 * on one thread, so that results do not depend on the thread count.  OpenBLAS's threaded
 * build starts a thread per processor as it loads, and those threads spin in sched_yield
 * before they sleep: in a profile of one model load, over a third of the samples, a core
 * lost on 2.  Every object that calls BLAS calls blas_serial first, which brings this module
 * in; its constructor then stops those threads at startup, before main.
 */
#ifndef PC_BLAS_H
#define PC_BLAS_H

/* Make BLAS run on the calling thread and stop its idle threads (once; cheap after). */
void blas_serial(void);

#endif
