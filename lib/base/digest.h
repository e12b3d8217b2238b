/*
 * digest: SHA-256 (FIPS 180-2, through OpenSSL's libcrypto, which uses the CPU's SHA
 * extensions where there are some) as 64-character lowercase hex strings, the form every
 * manifest, SHA256SUMS entry and run record uses to name data.
 */
#ifndef PC_DIGEST_H
#define PC_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DIGEST_HEX_LEN 64	/* characters, without the NUL */
#define DIGEST_RAW_LEN 32	/* bytes */

/* An incremental hash for streams: init, update any number of times, final once.  It
 * holds no resource, so one may be dropped without digest_final (on an error path). */
struct digest {
	_Alignas(16) unsigned char state[128];	/* libcrypto's SHA256_CTX */
};

void digest_init(struct digest *d);
void digest_update(struct digest *d, const void *data, size_t len);
/* Write the hex digest and its NUL into hex; the context is spent afterwards. */
void digest_final(struct digest *d, char hex[DIGEST_HEX_LEN + 1]);

/* One shot over a buffer. */
void digest_buf(const void *data, size_t len, char hex[DIGEST_HEX_LEN + 1]);

/* Hash a whole file ("-" for standard input); 0, or -1 after reporting. */
int digest_file(const char *path, char hex[DIGEST_HEX_LEN + 1]);

/* 1 if the len bytes at s are exactly 64 lowercase hex digits. */
int digest_is_hex(const char *s, size_t len);

#endif
