/* libFuzzer target: the typed-column reader on arbitrary bytes must report or give columns
 * whose numbers are finite and one a row, never crash or read past its input. */
#include "formats/dtable.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4096];
	struct dtable *t;
	double *v;

	pc_msg_capture(msg, sizeof(msg));
	t = dtable_read_mem("fuzz", (const char *)data, size);
	if (!t)
		return 0;
	v = xmalloc((t->nrows + 1) * sizeof(double));
	for (size_t i = 0; i < t->ncols; i++) {
		const struct dtable_col *c = &t->cols[i];

		if (!c->numeric)
			continue;
		if (dtable_values(c, t->nrows, v, 0) != t->nrows)
			abort();
		for (size_t r = 0; r < t->nrows; r++)
			if (isinf(v[r]))
				abort();
	}
	free(v);
	dtable_free(t);
	return 0;
}
