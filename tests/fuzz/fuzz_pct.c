/* libFuzzer target: the tensor stream reader on arbitrary bytes must report, never crash,
 * and a stream it accepts must re-encode to one that reads back the same.  Each input is
 * read twice: as it is, and with its checksums recomputed, so that mutations reach the
 * checks behind them. */
#include "base/msg.h"
#include "formats/pct.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void put_hash(uint8_t *p, size_t len)
{
	uint64_t h = XXH3_64bits(p, len);

	memcpy(p + len, &h, 8);
}

/* Recompute every checksum the layout lets us find. */
static void fix_checksums(uint8_t *d, size_t size)
{
	uint64_t off, dense, rec;

	if (size < 32)
		return;
	off = 24 + (uint64_t)get32(d + 20);
	if (off + 8 > size)
		return;
	put_hash(d, (size_t)off);
	off += 8;
	dense = get32(d + 12);
	while (off + 4 <= size) {
		if (get32(d + off) == PCT_TAG_END) {
			if (off + 20 <= size)
				put_hash(d + off, 12);
			return;
		}
		if (off + 16 > size)
			return;
		rec = 16 + (uint64_t)get32(d + off + 4) + get32(d + off + 8) + 4 * dense +
		      8 * (uint64_t)get32(d + off + 12);
		if (off + rec + 8 > size)
			return;
		put_hash(d + off, (size_t)rec);
		off += rec + 8;
	}
}

static void one(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);

	one(data, size);
	memcpy(copy, data, size);
	fix_checksums(copy, size);
	one(copy, size);
	free(copy);
	return 0;
}

static void one(const uint8_t *data, size_t size)
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
		return;
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
}
