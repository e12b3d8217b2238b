/* libFuzzer target: the TSV reader on arbitrary bytes must report, never crash. */
#include "base/msg.h"
#include "formats/tsv.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4096];
	struct tsv *t;

	pc_msg_capture(msg, sizeof(msg));
	t = tsv_open_mem("fuzz", data, size);
	if (!t)
		return 0;
	while (tsv_next(t) > 0)
		(void)tsv_column(t, t->f[0].s);
	tsv_close(t);
	return 0;
}
