/*
 * blas: OpenBLAS, opened at its first use and run on the calling thread only.
 *
 * Few runs multiply matrices (a text model scores without), but a program linked against
 * OpenBLAS pays for its 14,000 symbol relocations at every start: about 3 ms of CPU on
 * the development machine, as much as all the other libraries together.  So no program
 * links it; the first call here opens it (dlopen) and the ones after go straight to it.
 *
 * The toolkit threads its own work (parallel.h) and calls BLAS from each of its threads
 * on one thread, so that results do not depend on the thread count.  OpenBLAS's threaded
 * build starts a thread per processor as it loads, and those threads spin in sched_yield
 * before they sleep; opening it sets one thread and stops them.
 *
 * A library that cannot be opened is fatal (pc_fatal): configure checked that it can.
 */
#ifndef PC_BLAS_H
#define PC_BLAS_H

#include <cblas.h>

/* cblas_sgemm and cblas_dgemm, as OpenBLAS's cblas.h declares them. */
void blas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
		int m, int n, int k, float alpha, const float *a, int lda, const float *b,
		int ldb, float beta, float *c, int ldc);
void blas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
		int m, int n, int k, double alpha, const double *a, int lda, const double *b,
		int ldb, double beta, double *c, int ldc);

/* LAPACK's dsyevd (exported by OpenBLAS, called with Fortran's hidden string lengths). */
void blas_dsyevd(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
		 double *w, double *work, const int *lwork, int *iwork, const int *liwork,
		 int *info);

#endif
