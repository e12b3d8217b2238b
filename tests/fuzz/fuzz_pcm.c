/* libFuzzer target: the model archive reader on arbitrary bytes must refuse cleanly, never
 * crash, and never allocate more than its (here lowered) bounds: plain, and with a check
 * before each entry's data (the featurizer's, which parses .npy headers, skipping the
 * other entries) as pc-embed reads archives. */
#include "base/msg.h"
#include "formats/pcm.h"
#include "model/featurizer.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(void *ctx, const struct pcm *sofar, const char *name, uint64_t size,
		 const unsigned char *head, size_t headlen)
{
	int r = featurizer_check_entry(sofar, name, size, head, headlen, 0);

	(void)ctx;
	if (head[headlen] != '\0')
		__builtin_trap();
	return r < 0 ? -1 : r ? PCM_KEEP : PCM_SKIP;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4096];
	struct pcm_read_opts o = { "MANIFEST.yaml", check, NULL, NULL };
	struct pcm *p;

	pc_msg_capture(msg, sizeof(msg));
	pcm_set_limits(1 << 24, 1 << 26);
	for (int with = 0; with < 2; with++) {
		p = with ? pcm_read_mem_with("fuzz", data, size, &o) : pcm_read_mem("fuzz", data, size);
		if (p) {
			for (size_t i = 0; i < p->n; i++)
				(void)p->entries[i].data[p->entries[i].len];
			pcm_free(p);
		}
	}
	return 0;
}
