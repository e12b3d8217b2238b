/* libFuzzer target: the .npy parser on arbitrary bytes must report, never crash, and
 * an array it accepts must hold exactly the bytes its shape needs. */
#include "base/msg.h"
#include "formats/npy.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4096];
	struct npy a;
	uint64_t count = 1;

	pc_msg_capture(msg, sizeof(msg));
	if (npy_parse("fuzz", data, size, &a) < 0)
		return 0;
	for (int i = 0; i < a.ndim; i++)
		count *= a.shape[i];
	if (count != a.count || a.nbytes != count * npy_itemsize(a.dtype) || a.nbytes > size)
		abort();
	if (a.nbytes)
		((volatile char *)a.data)[a.nbytes - 1];
	npy_free(&a);
	return 0;
}
