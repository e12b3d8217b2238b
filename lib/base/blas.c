/* blas: OpenBLAS opened at its first use, on the calling thread only; see blas.h. */
#include "base/blas.h"
#include "base/msg.h"

#include <dlfcn.h>
#include <pthread.h>

static __typeof__(&cblas_sgemm) sgemm;
static __typeof__(&cblas_dgemm) dgemm;
static void (*dsyevd)(const char *, const char *, const int *, double *, const int *,
		      double *, double *, const int *, int *, const int *, int *, size_t,
		      size_t);
static pthread_once_t opened = PTHREAD_ONCE_INIT;

static void *need(void *lib, const char *name)
{
	void *f = dlsym(lib, name);

	if (!f)
		pc_fatal("%s: no %s", PC_BLAS_LIB, name);
	return f;
}

static void blas_open(void)
{
	void *lib = dlopen(PC_BLAS_LIB, RTLD_NOW | RTLD_LOCAL);
	void (*set_threads)(int);
	int (*shutdown)(void);

	if (!lib)
		pc_fatal("cannot open OpenBLAS: %s", dlerror());
	sgemm = (__typeof__(sgemm))need(lib, "cblas_sgemm");
	dgemm = (__typeof__(dgemm))need(lib, "cblas_dgemm");
	dsyevd = (__typeof__(dsyevd))need(lib, "dsyevd_");
	set_threads = (void (*)(int))need(lib, "openblas_set_num_threads");
	set_threads(1);
	/* the pool's own shutdown (what it runs before a fork): threaded builds only */
	shutdown = (int (*)(void))dlsym(lib, "blas_thread_shutdown_");
	if (shutdown)
		shutdown();
}

void blas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
		int m, int n, int k, float alpha, const float *a, int lda, const float *b,
		int ldb, float beta, float *c, int ldc)
{
	pthread_once(&opened, blas_open);
	sgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void blas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb,
		int m, int n, int k, double alpha, const double *a, int lda, const double *b,
		int ldb, double beta, double *c, int ldc)
{
	pthread_once(&opened, blas_open);
	dgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void blas_dsyevd(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
		 double *w, double *work, const int *lwork, int *iwork, const int *liwork,
		 int *info)
{
	pthread_once(&opened, blas_open);
	dsyevd(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info, 1, 1);
}
