/* pct_gen: a synthetic tensor stream for benchmarks: ROWS rows of DENSE random floats and
 * NNZ sparse entries in a space of SPARSE, written to stdout. */
#include "base/msg.h"
#include "formats/pct.h"
#include "base/rng.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	struct pct_header h = { 0 };
	struct pct_writer *w;
	struct rng g;
	unsigned long rows;
	float *dense, *val;
	uint32_t *idx, nnz;
	char id[32];

	pc_set_progname(argv[0]);
	if (argc != 3 && argc != 5)
		pc_die("usage: pct_gen ROWS DENSE [SPARSE NNZ] >OUT.pct");
	rows = strtoul(argv[1], NULL, 10);
	h.dense = (uint32_t)strtoul(argv[2], NULL, 10);
	h.sparse = argc == 5 ? (uint32_t)strtoul(argv[3], NULL, 10) : 0;
	nnz = argc == 5 ? (uint32_t)strtoul(argv[4], NULL, 10) : 0;
	if (nnz > h.sparse)
		pc_die("NNZ above SPARSE");
	h.spec = "bench";
	dense = xcalloc(h.dense ? h.dense : 1, sizeof(*dense));
	idx = xcalloc(nnz ? nnz : 1, sizeof(*idx));
	val = xcalloc(nnz ? nnz : 1, sizeof(*val));
	rng_seed(&g, 42);
	w = pct_create(stdout, "<stdout>", &h);
	if (!w)
		return 2;
	for (unsigned long i = 0; i < rows; i++) {
		struct pct_row row = { 0 };
		uint32_t step = nnz ? h.sparse / nnz : 0;

		for (uint32_t j = 0; j < h.dense; j++)
			dense[j] = (float)rng_uniform(&g);
		for (uint32_t j = 0; j < nnz; j++) {
			idx[j] = j * step + (uint32_t)rng_below(&g, step);
			val[j] = (float)rng_uniform(&g);
		}
		row.id_len = (size_t)snprintf(id, sizeof(id), "%lu", i);
		row.id = id;
		row.label = "10";
		row.label_len = 2;
		row.dense = dense;
		row.nnz = nnz;
		row.idx = idx;
		row.val = val;
		if (pct_write(w, &row) < 0)
			return 3;
	}
	if (pct_finish(w) < 0)
		return 3;
	free(dense);
	free(idx);
	free(val);
	return 0;
}
