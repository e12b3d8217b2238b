/*
 * pcm: model archives (.pcm), the container a trained model travels in: named byte
 * entries (MANIFEST.yaml, .npy tensors, featurizer tables) held in memory, written and
 * read with libarchive, never extracted to disk.
 *
 * Format.  A .pcm file is one zstd frame stream (RFC 8878) holding a POSIX ustar archive,
 * so `tar --zstd -xf model.pcm` unpacks it and `zstd -dc model.pcm | tar -t` lists it.
 * Writers make every byte a function of the entries alone:
 *   - a first entry "SHA256SUMS" in sha256sum(1) format: for every other entry, in order,
 *     one line "<64 lowercase hex digits><two spaces><name>\n";
 *   - then the entries in insertion order (a manifest first: pcm_move_first), each a
 *     regular file, mode 0644, mtime 0, uid and gid 0, empty uname and gname, no extended
 *     headers;
 *   - zstd at PCM_LEVEL_DEFAULT unless told otherwise, with literals stored rather than
 *     Huffman-coded.  Float weights barely compress: on a linear SVM's, level 3 and Huffman
 *     literals save 14% of the bytes that level 1 with stored literals takes, and take
 *     three times as long to decompress; a model is loaded far more often than stored.
 *
 * Entry names: 1 to PCM_NAME_MAX bytes of printable ASCII except backslash, made of
 * '/'-separated components none of which is empty, "." or "..", with no leading '/';
 * "SHA256SUMS" is reserved.
 *
 * Readers accept any tar dialect libarchive reads (ustar, pax, GNU) inside zstd.  They read
 * SHA256SUMS (and the entry the caller names first, its manifest) before any other entry,
 * so that every entry is judged from its tar header before its data is decompressed:
 * unlisted, seen twice, over a bound, or refused by the caller's check (which also sees
 * its first bytes: an .npy header) costs no allocation of its size.  Each entry is
 * decompressed once, straight into a buffer of the size its header gives, and hashed as
 * it arrives (from 2 MiB on, by a second thread, a piece behind the decompression and
 * going on while the next entry is decompressed; those digests are compared once the
 * last entry is read, and nothing is returned before, unless the caller reads in two
 * steps: pcm_read_begin, pcm_read_end).  In the writer's order this is
 * one pass; an archive with SHA256SUMS or the named entry elsewhere (an archive from
 * before SHA256SUMS came first, or repacked) is read in two: one that skips through the
 * data to fetch those two, allocating nothing else, then the real one (a pipe is first
 * copied to memory, compressed).  They refuse with one message, "FILE: not a model
 * archive: WHAT" or "FILE: entry NAME: WHAT":
 *   - input that is not zstd-compressed tar, a corrupt or truncated zstd or tar stream;
 *   - an entry that is not a regular file (directory, symlink, hard link, device, fifo);
 *   - a name breaking the rules above, or a name seen twice;
 *   - an entry larger than the entry bound (PCM_ENTRY_MAX), SHA256SUMS or the entry read
 *     first larger than PCM_META_MAX, entries adding up to more than the total bound
 *     (PCM_TOTAL_MAX), more than PCM_ENTRIES_MAX entries, data beyond an entry's size;
 *   - a missing SHA256SUMS, a malformed line in it (sha256sum's " *name" binary form is
 *     accepted), a name listed twice, an entry not listed, a listed entry missing, and an
 *     entry whose SHA-256 differs from the listed one;
 *   - whatever the caller's check refuses.
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
#define PCM_META_MAX ((uint64_t)16 << 20)	/* SHA256SUMS, the entry read first */
#define PCM_HEAD_MAX ((size_t)66 << 10)		/* bytes a check sees: any .npy header */
#define PCM_LEVEL_DEFAULT 1

struct pcm;
typedef int pcm_scan_fn(void *ctx, const struct pcm *sofar, const char *name,
			const unsigned char *data, size_t from, size_t to);

struct pcm_entry {
	char *name;
	unsigned char *data;	/* len bytes, followed by a NUL so text entries are strings */
	size_t len;
	char sha256[DIGEST_HEX_LEN + 1];
	pcm_scan_fn *scanned;	/* read: the reader's scan, when it checked all of the data */
};

struct pcm {
	struct pcm_entry *entries;	/* in insertion (or archive) order, SHA256SUMS excluded;
					 * read: the entry named first, then the others */
	size_t n, cap;
	int level;			/* zstd level for pcm_write, 1..22 */
	char *name;			/* read: the file's name, for messages; else NULL */
	struct pcm_verify *verify;	/* read: digests pcm_read_end has yet to compare */
};

struct pcm *pcm_new(void);
void pcm_free(struct pcm *p);

/* Add a copy of `len` bytes as entry `name`; 0, or -1 after reporting a bad, reserved or
 * duplicate name or an entry over the bound. */
int pcm_add(struct pcm *p, const char *name, const void *data, size_t len);
/* The same, taking ownership of `data` (malloc'd, freed here even on failure): saves a
 * copy of large tensors. */
int pcm_add_take(struct pcm *p, const char *name, void *data, size_t len);
/* The archive's name for messages: the file it was read from, or "model archive". */
const char *pcm_name(const struct pcm *p);
/* The entry called `name`, or NULL. */
const struct pcm_entry *pcm_get(const struct pcm *p, const char *name);
/* Remove entry `name` and hand over its data (malloc'd: the caller frees it), which stays
 * where pcm_get showed it; NULL when there is no such entry. */
void *pcm_take(struct pcm *p, const char *name);
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

/*
 * What a reader is told: `first`, an entry to read (whole, verified) before every other
 * but SHA256SUMS, and `check`, called for every other entry once its header is read and
 * listed, with `head` its first min(size, PCM_HEAD_MAX) bytes (NUL-terminated) and
 * `sofar` the entries kept so far (`first` among them when the archive has it; sofar->name
 * is the file's name), before any buffer of `size` bytes exists.  It returns PCM_KEEP,
 * PCM_SKIP (hash the entry's data, verify it, keep nothing) or -1 after reporting.
 */
enum { PCM_KEEP = 0, PCM_SKIP = 1 };
typedef int pcm_check_fn(void *ctx, const struct pcm *sofar, const char *name, uint64_t size,
			 const unsigned char *head, size_t headlen);
/*
 * `scan`, when set, sees the data of every entry kept (not `first`) as it comes in,
 * while it is in cache: called with the entry's buffer, once for its first bytes (from 0)
 * and then for each piece [from, to) after them, to check what needs every byte.  It
 * returns 1 (all of data[0..to) is checked and good), 0 (not an entry it checks: no more
 * calls for it) or -1 after reporting.  An entry it checked whole has `scanned` set to
 * it.  What it refuses is reported only once the archive's digests are found to agree:
 * a corrupt archive is refused as corrupt.
 */
struct pcm_read_opts {
	const char *first;
	pcm_check_fn *check;
	void *ctx;
	pcm_scan_fn *scan;
};
struct pcm *pcm_read_with(const char *path, const struct pcm_read_opts *o);
/*
 * The same in two steps, for a caller whose own work on the entries (checking them,
 * indexing them) can overlap the hashing of the last ones on the second thread:
 * pcm_read_begin returns once every entry is read, pcm_read_end (0, or -1 after
 * reporting) once every digest is compared with SHA256SUMS.  In between the entries carry
 * the digests listed, not yet the ones computed: the caller acts on nothing, and after -1
 * discards what it built.  pcm_take in between waits until the entry is hashed; pcm_free
 * without pcm_read_end is allowed.
 */
struct pcm *pcm_read_begin(const char *path, const struct pcm_read_opts *o);
int pcm_read_end(struct pcm *p);
struct pcm *pcm_read_mem_with(const char *name, const void *data, size_t len,
			      const struct pcm_read_opts *o);

/* 1 if `name` is a valid entry name (reserved names included). */
int pcm_name_ok(const char *name, size_t len);

/* Lower the read bounds PCM_ENTRY_MAX and PCM_TOTAL_MAX (tests, fuzzers): the internal
 * knob that shows an entry over the bound refused from its header; 0 restores the
 * default. */
void pcm_set_limits(uint64_t entry_max, uint64_t total_max);

#endif
