/* libFuzzer target: the tensor stream reader on arbitrary bytes must report, never crash,
 * and a stream it accepts must re-encode to one that reads back the same. */
#include "msg.h"
#include "pct.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4096];
	struct pct_reader *r;
	struct pct_writer *w;
	struct pct_row row;
	char *out = NULL;
	size_t osize = 0;
	FILE *fp;
	int m;

	pc_msg_capture(msg, sizeof(msg));
	r = pct_open_mem("fuzz", data, size);
	if (!r)
		return 0;
	fp = open_memstream(&out, &osize);
	w = pct_create(fp, "copy", pct_header(r));
	if (!w)
		abort();
	while ((m = pct_next(r, &row)) > 0) {
		volatile float sink = 0;

		for (uint32_t i = 0; i < pct_header(r)->dense; i++)
			sink += row.dense[i];
		for (uint32_t i = 0; i < row.nnz; i++)
			sink += row.val[i] + (float)row.idx[i];
		(void)sink;
		if (pct_write(w, &row) < 0)
			abort();
	}
	if (m == 0) {
		if (pct_finish(w) < 0)
			abort();
		fclose(fp);
		/* what we write, we read back whole */
		{
			struct pct_reader *back = pct_open_mem("copy", out, osize);

			if (!back)
				abort();
			while ((m = pct_next(back, &row)) > 0)
				;
			if (m < 0 || pct_rows(back) != pct_rows(r))
				abort();
			pct_close(back);
		}
	} else {
		pct_discard(w);
		fclose(fp);
	}
	free(out);
	pct_close(r);
	return 0;
}
