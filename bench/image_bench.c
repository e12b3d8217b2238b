/*
 * image_bench: time the image half of pc-embed per photo (decode scaled in the DCT domain,
 * resize, colour features, descriptors, patch features), and export features for the
 * accuracy comparison in bench/image-accuracy.py.
 *
 * usage: image_bench [-a triangle|soft] [-k K] [-s SIZE] [-H CELLS] [-G HOGSIZE] [-b BINS]
 *                    [-r REPEAT] [-j THREADS] [-F FITCOUNT] [-o DIR] FILE...
 *   fits a dictionary on the first FITCOUNT files (default all), then times every stage
 *   on one thread over REPEAT passes, then the whole pipeline on THREADS threads;
 *   with -o, writes DIR/patch.npy, DIR/color.npy, DIR/hog.npy and DIR/raw32.npy (one row
 *   per file).  Gradient features (hogfeat.h): -H the cell sizes ("8,16", the default;
 *   "0" for none), -G their working size (64), -b the orientation bins (9), computed on
 *   the decode (on the resized photo when -G is -s).
 */
#include "image/colorfeat.h"
#include "image/hogfeat.h"
#include "image/image.h"
#include "base/msg.h"
#include "formats/npy.h"
#include "base/parallel.h"
#include "image/patchfeat.h"
#include "base/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Stage timings use this thread's CPU time, so that other processes on a shared machine
 * do not inflate them; the threaded run reports wall time and process CPU time. */
static double clock_of(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double now(void)
{
	return clock_of(CLOCK_THREAD_CPUTIME_ID);
}

struct job {
	char **files;
	const struct patchfeat *p;
	struct patchfeat_fit *fit;
	int size, dim, hdim;
	const struct hogfeat_opts *hog;
	float *patch, *color, *raw, *hogf;
	int failed;
};

static void fit_range(void *ctx, size_t begin, size_t end, int thread)
{
	struct job *j = ctx;
	struct image img = { 0 };

	(void)thread;
	for (size_t i = begin; i < end; i++)
		if (image_load_jpeg(j->files[i], j->size, &img, NULL) == 0)
			patchfeat_fit_add(j->fit, i, &img);
	image_free(&img);
}

static void all_range(void *ctx, size_t begin, size_t end, int thread)
{
	struct job *j = ctx;
	struct image img = { 0 }, small = { 0 };
	struct patchfeat_work w;
	struct image_desc d;
	struct hogfeat_work hw;
	float col[COLORFEAT_DIM];
	float *f = xmalloc(sizeof(float) * j->dim);
	float *hf = xmalloc(sizeof(float) * (j->hdim + 1));

	(void)thread;
	patchfeat_work_init(&w, j->p);
	hogfeat_work_init(&hw);
	for (size_t i = begin; i < end; i++) {
		if (image_load_jpeg(j->files[i], j->size, &img, NULL) < 0) {
			j->failed = 1;
			continue;
		}
		image_resize(&img, j->size, j->size, &small);
		colorfeat_compute(&img, col);
		image_describe(&img, &d);
		patchfeat_compute(j->p, &small, &w, f);
		if (j->hdim)
			hogfeat_compute(j->hog, j->hog->size == j->size ? &small : &img, &hw, hf);
		if (j->patch) {
			memcpy(j->patch + i * j->dim, f, sizeof(float) * j->dim);
			memcpy(j->hogf + i * j->hdim, hf, sizeof(float) * j->hdim);
			memcpy(j->color + i * COLORFEAT_DIM, col, sizeof(col));
			image_resize(&img, 32, 32, &small);
			for (int e = 0; e < 32 * 32 * 3; e++)
				j->raw[i * 3072 + e] = small.rgb[e] / 255.0f;
		}
	}
	patchfeat_work_free(&w);
	hogfeat_work_free(&hw);
	image_free(&img);
	image_free(&small);
	free(f);
	free(hf);
}

static void save(const char *dir, const char *name, const float *data, size_t rows, size_t cols)
{
	char *path = xasprintf("%s/%s", dir, name);
	uint64_t shape[2] = { rows, cols };

	if (npy_save(path, NPY_F4, 2, shape, data) < 0)
		exit(3);
	free(path);
}

int main(int argc, char **argv)
{
	struct patchfeat_opts o;
	struct hogfeat_opts ho;
	struct hogfeat_work hw;
	struct job j;
	const char *out = NULL;
	int repeat = 3, threads = 2, fitcount = 0, c;
	size_t n, fitted;
	double t[7] = { 0 }, t0, wall, cpu;
	struct image img = { 0 }, small = { 0 };
	struct patchfeat_work w;
	struct image_desc d;
	float col[COLORFEAT_DIM], *f, *hf;

	pc_set_progname(argv[0]);
	patchfeat_opts_default(&o);
	hogfeat_opts_default(&ho);
	while ((c = getopt(argc, argv, "a:k:s:H:G:b:r:j:F:o:")) != -1) {
		switch (c) {
		case 'a':
			o.activation = strcmp(optarg, "soft") == 0 ? PATCHFEAT_SOFT : PATCHFEAT_TRIANGLE;
			break;
		case 'k': o.k = atoi(optarg); break;
		case 's': o.size = atoi(optarg); break;
		case 'H': {
			char *e = optarg;

			ho.levels = 0;
			while (*e && ho.levels < HOGFEAT_MAX_LEVELS) {
				ho.cell[ho.levels] = (int)strtol(e, &e, 10);
				if (ho.cell[ho.levels])
					ho.levels++;
				if (*e == ',')
					e++;
			}
			break;
		}
		case 'G': ho.size = atoi(optarg); break;
		case 'b': ho.bins = atoi(optarg); break;
		case 'r': repeat = atoi(optarg); break;
		case 'j': threads = atoi(optarg); break;
		case 'F': fitcount = atoi(optarg); break;
		case 'o': out = optarg; break;
		default: return 2;
		}
	}
	if (optind >= argc)
		pc_die("usage: image_bench [-a triangle|soft] [-k K] [-s SIZE] [-H CELLS] [-G HOGSIZE] "
		       "[-b BINS] [-r REPEAT] [-j THREADS] [-F FITCOUNT] [-o DIR] FILE...");
	if (ho.levels && hogfeat_check_opts(&ho) < 0)
		return 2;
	n = (size_t)(argc - optind);
	memset(&j, 0, sizeof(j));
	j.files = argv + optind;
	j.size = o.size;
	j.hog = &ho;
	j.hdim = ho.levels ? hogfeat_dim(&ho) : 0;
	o.threads = threads;
	j.fit = patchfeat_fit_new(&o);
	if (!j.fit)
		return 2;
	t0 = now();
	parallel_for(fitcount > 0 && (size_t)fitcount < n ? (size_t)fitcount : n, threads,
		     fit_range, &j);
	fitted = patchfeat_fit_count(j.fit);
	j.p = patchfeat_fit_finish(j.fit);
	if (!j.p)
		return 2;
	j.dim = patchfeat_dim(j.p);
	printf("fit: %zu patches, k %d, %.2f s on %d threads\n",
	       fitted, o.k, now() - t0, threads);

	f = xmalloc(sizeof(float) * j.dim);
	hf = xmalloc(sizeof(float) * (j.hdim + 1));
	patchfeat_work_init(&w, j.p);
	hogfeat_work_init(&hw);
	for (int r = 0; r < repeat; r++)
		for (size_t i = 0; i < n; i++) {
			t0 = now();
			if (image_load_jpeg(j.files[i], o.size, &img, NULL) < 0)
				return 2;
			t[0] += now() - t0;
			t0 = now();
			image_resize(&img, o.size, o.size, &small);
			t[1] += now() - t0;
			t0 = now();
			colorfeat_compute(&img, col);
			t[2] += now() - t0;
			t0 = now();
			image_describe(&img, &d);
			t[3] += now() - t0;
			t0 = now();
			patchfeat_compute(j.p, &small, &w, f);
			t[4] += now() - t0;
			t0 = now();
			if (j.hdim)
				hogfeat_compute(&ho, ho.size == o.size ? &small : &img, &hw, hf);
			t[5] += now() - t0;
		}
	patchfeat_work_free(&w);
	hogfeat_work_free(&hw);
	n *= (size_t)repeat;
	printf("one thread, ms per photo (%zu photos):\n", n);
	printf("  decode %.3f  resize %.3f  colour %.3f  describe %.3f  patches %.3f  "
	       "gradients %.3f  total %.3f\n",
	       t[0] * 1e3 / n, t[1] * 1e3 / n, t[2] * 1e3 / n, t[3] * 1e3 / n, t[4] * 1e3 / n,
	       t[5] * 1e3 / n, (t[0] + t[1] + t[2] + t[3] + t[4] + t[5]) * 1e3 / n);
	n /= (size_t)repeat;
	if (out) {
		j.patch = xmalloc(sizeof(float) * n * j.dim);
		j.color = xmalloc(sizeof(float) * n * COLORFEAT_DIM);
		j.raw = xmalloc(sizeof(float) * n * 3072);
		j.hogf = xmalloc(sizeof(float) * n * (j.hdim + 1));
	}
	t0 = clock_of(CLOCK_MONOTONIC);
	cpu = clock_of(CLOCK_PROCESS_CPUTIME_ID);
	parallel_for(n, threads, all_range, &j);
	wall = clock_of(CLOCK_MONOTONIC) - t0;
	cpu = clock_of(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	printf("%d threads: %.1f photos/s end to end (wall), %.3f ms CPU per photo\n", threads,
	       n / wall, cpu * 1e3 / n);
	if (out) {
		save(out, "patch.npy", j.patch, n, j.dim);
		save(out, "color.npy", j.color, n, COLORFEAT_DIM);
		save(out, "raw32.npy", j.raw, n, 3072);
		save(out, "hog.npy", j.hogf, n, j.hdim);
	}
	image_free(&img);
	image_free(&small);
	free(f);
	free(hf);
	return j.failed ? 2 : 0;
}
