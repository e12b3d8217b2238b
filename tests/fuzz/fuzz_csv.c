/* libFuzzer target: the CSV reader on arbitrary bytes must report, never crash. */
#include "formats/csv.h"
#include "base/msg.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4096];
	struct csv *c;

	pc_msg_capture(msg, sizeof(msg));
	c = csv_open_mem("fuzz", data, size);
	if (!c)
		return 0;
	c->check_width = 0;
	while (csv_next(c) > 0)
		for (size_t i = 0; i < csv_nfields(c); i++)
			(void)csv_field(c, i)[csv_len(c, i)];
	csv_close(c);
	return 0;
}
