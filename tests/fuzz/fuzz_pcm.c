/* libFuzzer target: the model archive reader on arbitrary bytes must refuse cleanly, never
 * crash, and never allocate more than its (here lowered) bounds. */
#include "base/msg.h"
#include "formats/pcm.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4096];
	struct pcm *p;

	pc_msg_capture(msg, sizeof(msg));
	pcm_set_limits(1 << 24, 1 << 26);
	p = pcm_read_mem("fuzz", data, size);
	if (p) {
		for (size_t i = 0; i < p->n; i++)
			(void)p->entries[i].data[p->entries[i].len];
		pcm_free(p);
	}
	return 0;
}
