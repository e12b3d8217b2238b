/*
 * digest: SHA-256 as lowercase hex; see digest.h.
 *
 * libcrypto's SHA256_Init/Update/Final rather than its EVP interface: the context is a
 * plain struct, so a struct digest lives on the caller's stack, costs no allocation, and
 * may be abandoned on an error path without leaking; and an update is a direct call,
 * which matters to callers that hash many small fields (dataset_read: six per row).
 * OpenSSL 3 marks these functions deprecated (not removed); OPENSSL_API_COMPAT below
 * asks for them without the warning.
 */
#define OPENSSL_API_COMPAT 0x10101000L

#include "base/digest.h"
#include "base/msg.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/sha.h>
#include <string.h>
#include <unistd.h>

_Static_assert(sizeof(SHA256_CTX) <= sizeof(((struct digest *)0)->state),
	       "struct digest too small for SHA256_CTX");
_Static_assert(SHA256_DIGEST_LENGTH == DIGEST_RAW_LEN, "SHA-256 is 32 bytes");

static SHA256_CTX *ctx_of(struct digest *d)
{
	return (SHA256_CTX *)(void *)d->state;
}

void digest_init(struct digest *d)
{
	SHA256_Init(ctx_of(d));
}

void digest_update(struct digest *d, const void *data, size_t len)
{
	if (len)
		SHA256_Update(ctx_of(d), data, len);
}

void digest_final(struct digest *d, char hex[DIGEST_HEX_LEN + 1])
{
	static const char xd[] = "0123456789abcdef";
	unsigned char raw[SHA256_DIGEST_LENGTH];

	SHA256_Final(raw, ctx_of(d));
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		hex[2 * i] = xd[raw[i] >> 4];
		hex[2 * i + 1] = xd[raw[i] & 15];
	}
	hex[DIGEST_HEX_LEN] = '\0';
}

void digest_buf(const void *data, size_t len, char hex[DIGEST_HEX_LEN + 1])
{
	struct digest d;

	digest_init(&d);
	digest_update(&d, data, len);
	digest_final(&d, hex);
}

int digest_file(const char *path, char hex[DIGEST_HEX_LEN + 1])
{
	char buf[1 << 16];
	struct digest d;
	int stdin_ = !path || !strcmp(path, "-");
	int fd = stdin_ ? 0 : open(path, O_RDONLY);
	const char *name = stdin_ ? "<stdin>" : path;
	ssize_t got;

	if (fd < 0)
		return pc_error_errno("cannot open %s", name);
	digest_init(&d);
	for (;;) {
		got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		digest_update(&d, buf, (size_t)got);
	}
	if (got < 0) {
		pc_error_errno("cannot read %s", name);
		if (!stdin_)
			close(fd);
		return -1;
	}
	if (!stdin_)
		close(fd);
	digest_final(&d, hex);
	return 0;
}

int digest_is_hex(const char *s, size_t len)
{
	if (len != DIGEST_HEX_LEN)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}
