/*
 * sha256: SHA-256 (FIPS 180-4), streaming.  Blocks are compressed with the x86 SHA
 * extensions when the processor has them (checked once, at the first use), else in
 * portable C; both give the same digest.  digest.h wraps it as hex strings.
 */
#ifndef PC_SHA256_H
#define PC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BLOCK 64
#define SHA256_BYTES 32

struct sha256 {
	uint32_t h[8];
	uint64_t len;                      /* bytes hashed so far */
	unsigned char buf[SHA256_BLOCK];   /* the partial block: len % 64 bytes */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Write the 32-byte digest; the context is spent afterwards. */
void sha256_final(struct sha256 *s, unsigned char out[SHA256_BYTES]);

/* Whether the SHA extensions are used; sha256_use_accel(0) turns them off (1 turns them
 * back on where the processor has them), so tests can compare both ways. */
int sha256_accel(void);
void sha256_use_accel(int on);

#endif
