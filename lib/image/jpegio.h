/*
 * jpegio: JPEG files through libjpeg-turbo.  Encoding turns an interleaved 8-bit RGB
 * buffer into a baseline JPEG in memory (4:2:0 chroma subsampling, as product photos
 * are stored), optionally written to a file.  Decoding belongs here too.  libjpeg's
 * errors never exit the process: they come back as -1 after one reported message.
 * The functions keep no global state and may run on many threads at once.
 */
#ifndef PC_JPEGIO_H
#define PC_JPEGIO_H

#include <stddef.h>
#include <stdint.h>

/* A growable memory buffer holding one encoded image; reuse it across calls to save
 * allocations, free it with jpegio_buf_free(). */
struct jpegio_buf {
	unsigned char *data;
	size_t len;
	size_t cap;
};

void jpegio_buf_free(struct jpegio_buf *b);

/* Encode `rgb` (w*h pixels, 3 bytes each, rows top to bottom, no padding) at `quality`
 * (1-100) into `out`, replacing its contents.  0, or -1 after reporting the error with
 * `name` (used for messages only). */
int jpegio_encode_rgb(struct jpegio_buf *out, const uint8_t *rgb, int w, int h, int quality,
		      const char *name);

/* Encode and write to `path` with plain writes: callers that need the file whole or
 * absent write into a temporary directory renamed into place, or pass the buffer of
 * jpegio_encode_rgb() to outfile_write_all().  `scratch` is an optional reusable
 * buffer (NULL allocates one for this call).  0, or -1 after reporting. */
int jpegio_write_rgb(const char *path, const uint8_t *rgb, int w, int h, int quality,
		     struct jpegio_buf *scratch);

#endif
