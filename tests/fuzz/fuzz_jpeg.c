/* libFuzzer target: JPEG decoding on arbitrary bytes must decode or report, never crash,
 * and what it decodes must go through resizing and the colour statistics. */
#include "image/colorfeat.h"
#include "image/image.h"
#include "base/msg.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4096];
	struct image img = { 0 }, small = { 0 };
	struct image_info info;
	struct image_desc d;
	float f[COLORFEAT_DIM];

	pc_msg_capture(msg, sizeof(msg));
	if (image_decode_jpeg("fuzz", data, size, 32, &img, &info) == 0) {
		image_resize(&img, 32, 32, &small);
		colorfeat_compute(&img, f);
		image_describe(&img, &d);
	}
	image_free(&img);
	image_free(&small);
	return 0;
}
