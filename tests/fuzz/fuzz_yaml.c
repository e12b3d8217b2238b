/* libFuzzer target: the YAML configuration parser on arbitrary bytes must report, never
 * crash; whatever it accepts must emit and parse back to the same text. */
#include "base/config.h"
#include "base/msg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4096];
	struct config *c, *again;
	char *text, *text2;
	size_t len, len2;
	const char *s;
	long l;
	double d;
	int b;

	pc_msg_capture(msg, sizeof(msg));
	c = config_parse("fuzz", (const char *)data, size);
	if (!c)
		return 0;
	(void)config_str(c, "a", NULL, &s);
	(void)config_long(c, "a.b", 0, &l);
	(void)config_double(c, "b", 0, &d);
	(void)config_bool(c, "c", 0, &b);
	text = ynode_emit(c->root, &len);
	if (!text)
		abort();
	again = config_parse("emitted", text, len);
	if (!again)
		abort();
	text2 = ynode_emit(again->root, &len2);
	if (!text2 || len2 != len || memcmp(text, text2, len))
		abort();
	free(text);
	free(text2);
	config_free(again);
	config_free(c);
	return 0;
}
