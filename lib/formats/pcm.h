/*
 * pcm: model archives (.pcm), the container a trained model travels in: named byte
 * entries (MANIFEST.yaml, .npy tensors, featurizer tables) held in memory, written and
 * read with libarchive, never extracted to disk.
 *
 * Format.  A .pcm file is one zstd frame stream (RFC 8878) holding a POSIX ustar archive,
 * so `tar --zstd -xf model.pcm` unpacks it and `zstd -dc model.pcm | tar -t` lists it.
 * Writers make every byte a function of the entries alone:
 *   - entries in insertion order, each a regular file, mode 0644, mtime 0, uid and gid 0,
 *     empty uname and gname, no extended headers;
 *   - a last entry "SHA256SUMS" in sha256sum(1) format: for every other entry, in order,
 *     one line "<64 lowercase hex digits><two spaces><name>\n";
 *   - zstd at PCM_LEVEL_DEFAULT unless told otherwise (levels above 9 gain nothing on
 *     float weights, which barely compress, and cost tens of seconds per 100 MB).
 *
 * Entry names: 1 to PCM_NAME_MAX bytes of printable ASCII except backslash, made of
 * '/'-separated components none of which is empty, "." or "..", with no leading '/';
 * "SHA256SUMS" is reserved.
 *
 * Readers accept any tar dialect libarchive reads (ustar, pax, GNU) inside zstd, with
 * SHA256SUMS anywhere in the archive (so a repacked archive with sorted names still
 * loads), and refuse with one message, "FILE: not a model archive: WHAT" or
 * "FILE: entry NAME: WHAT":
 *   - input that is not zstd-compressed tar, a corrupt or truncated zstd or tar stream;
 *   - an entry that is not a regular file (directory, symlink, hard link, device, fifo);
 *   - a name breaking the rules above, or a name seen twice;
 *   - an entry larger than the entry bound (PCM_ENTRY_MAX), entries adding up to more than
 *     the total bound (PCM_TOTAL_MAX), more than PCM_ENTRIES_MAX entries;
 *   - a missing SHA256SUMS, a malformed line in it (sha256sum's " *name" binary form is
 *     accepted), a name listed twice, an entry not listed, a listed entry missing, and an
 *     entry whose SHA-256 differs from the listed one.
 */
#ifndef PC_PCM_H
#define PC_PCM_H

#include <stddef.h>
#include <stdint.h>

#include "base/digest.h"

#define PCM_SUMS "SHA256SUMS"
#define PCM_NAME_MAX 100
#define PCM_ENTRIES_MAX 65536
#define PCM_ENTRY_MAX ((uint64_t)4 << 30)
#define PCM_TOTAL_MAX ((uint64_t)16 << 30)
#define PCM_LEVEL_DEFAULT 3

struct pcm_entry {
	char *name;
	unsigned char *data;	/* len bytes, followed by a NUL so text entries are strings */
	size_t len;
	char sha256[DIGEST_HEX_LEN + 1];
};

struct pcm {
	struct pcm_entry *entries;	/* in insertion (or archive) order, SHA256SUMS excluded */
	size_t n, cap;
	int level;			/* zstd level for pcm_write, 1..22 */
};

struct pcm *pcm_new(void);
void pcm_free(struct pcm *p);

/* Add a copy of `len` bytes as entry `name`; 0, or -1 after reporting a bad, reserved or
 * duplicate name or an entry over the bound. */
int pcm_add(struct pcm *p, const char *name, const void *data, size_t len);
/* The same, taking ownership of `data` (malloc'd, freed here even on failure): saves a
 * copy of large tensors. */
int pcm_add_take(struct pcm *p, const char *name, void *data, size_t len);
/* The entry called `name`, or NULL. */
const struct pcm_entry *pcm_get(const struct pcm *p, const char *name);
/* Make entry `name` the first one written (a manifest, for readers that stop early);
 * the others keep their order.  0, or -1 when there is no such entry. */
int pcm_move_first(struct pcm *p, const char *name);

/* Write the archive atomically to `path` ("-": standard output); 0 or -1 after reporting. */
int pcm_write(const struct pcm *p, const char *path);
/* The archive bytes in memory (malloc'd, *len set), for tests and for callers that embed
 * archives; NULL after reporting. */
void *pcm_write_mem(const struct pcm *p, size_t *len);

/* Read and verify an archive from `path` ("-": standard input) or from memory (`name` for
 * messages); NULL after reporting why it was refused. */
struct pcm *pcm_read(const char *path);
struct pcm *pcm_read_mem(const char *name, const void *data, size_t len);

/* 1 if `name` is a valid entry name (reserved names included). */
int pcm_name_ok(const char *name, size_t len);

/* Lower the read bounds (tests, fuzzers); 0 restores the default. */
void pcm_set_limits(uint64_t entry_max, uint64_t total_max);

#endif
