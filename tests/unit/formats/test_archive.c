/* Unit tests for digest (SHA-256) and pcm (model archives). */
#include "base/digest.h"
#include "base/msg.h"
#include "formats/npy.h"
#include "formats/pcm.h"
#include "base/xalloc.h"

#include "../testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <math.h>
#include <sys/resource.h>

static char lastmsg[4096];

/* ---- digest ---- */

START_TEST(test_digest_fips_vectors)
{
	static const char m448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[DIGEST_HEX_LEN + 1];
	struct digest d;
	char *million;

	digest_buf("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest_buf(m448, strlen(m448), hex);
	ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	digest_buf("", 0, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	million = xmalloc(1000000);
	memset(million, 'a', 1000000);
	digest_buf(million, 1000000, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* the same through the incremental interface, in uneven pieces */
	digest_init(&d);
	for (size_t off = 0, step = 1; off < 1000000; off += step, step = step * 3 % 9973 + 1)
		digest_update(&d, million + off, off + step > 1000000 ? 1000000 - off : step);
	digest_final(&d, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}
END_TEST

START_TEST(test_digest_file)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "abc");
	char hex[DIGEST_HEX_LEN + 1];

	tu_write_file(path, "abc", 3);
	ck_assert_int_eq(digest_file(path, hex), 0);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert(digest_is_hex(hex, strlen(hex)));
	ck_assert(!digest_is_hex("BA7816BF", 8));
	hex[3] = 'G';
	ck_assert(!digest_is_hex(hex, DIGEST_HEX_LEN));

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(digest_file("/nonexistent/file", hex), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "cannot open /nonexistent/file"));
	pc_msg_capture(NULL, 0);
	free(path);
	tu_rmdir(dir);
}
END_TEST

/* ---- pcm: well-formed archives ---- */

static const unsigned char binary[] = { 0x93, 'N', 'U', 'M', 'P', 'Y', 0, 1, 0, 0, 0xff, 0 };

static struct pcm *sample(void)
{
	struct pcm *p = pcm_new();

	ck_assert_int_eq(pcm_add(p, "MANIFEST.yaml", "format: 1\n", 10), 0);
	ck_assert_int_eq(pcm_add(p, "text/idf.npy", binary, sizeof(binary)), 0);
	ck_assert_int_eq(pcm_add(p, "empty", "", 0), 0);
	ck_assert_int_eq(pcm_add_take(p, "net/w1.npy", xstrdup("weights"), 7), 0);
	return p;
}

START_TEST(test_pcm_roundtrip)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "m.pcm");
	struct pcm *p = sample(), *q;
	const struct pcm_entry *e;

	ck_assert_int_eq(pcm_write(p, path), 0);
	q = pcm_read(path);
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q->n, 4);
	for (size_t i = 0; i < p->n; i++) {
		ck_assert_str_eq(q->entries[i].name, p->entries[i].name);
		ck_assert_uint_eq(q->entries[i].len, p->entries[i].len);
		ck_assert_int_eq(memcmp(q->entries[i].data, p->entries[i].data, p->entries[i].len), 0);
		ck_assert_str_eq(q->entries[i].sha256, p->entries[i].sha256);
	}
	e = pcm_get(q, "MANIFEST.yaml");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq((const char *)e->data, "format: 1\n");
	e = pcm_get(q, "text/idf.npy");
	ck_assert_uint_eq(e->len, sizeof(binary));
	ck_assert_int_eq(memcmp(e->data, binary, sizeof(binary)), 0);
	ck_assert_ptr_null(pcm_get(q, "SHA256SUMS"));
	ck_assert_ptr_null(pcm_get(q, "missing"));
	pcm_free(q);

	/* any level reads back */
	p->level = 19;
	ck_assert_int_eq(pcm_write(p, path), 0);
	q = pcm_read(path);
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q->n, 4);
	pcm_free(q);
	pcm_free(p);

	/* an archive with no entries but SHA256SUMS is valid */
	p = pcm_new();
	ck_assert_int_eq(pcm_write(p, path), 0);
	q = pcm_read(path);
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q->n, 0);
	pcm_free(q);
	pcm_free(p);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_pcm_move_first)
{
	struct pcm *p = sample();
	static const char *const order[] = { "net/w1.npy", "MANIFEST.yaml", "text/idf.npy", "empty" };
	void *mem;
	size_t len;
	struct pcm *q;

	ck_assert_int_eq(pcm_move_first(p, "net/w1.npy"), 0);
	ck_assert_int_eq(pcm_move_first(p, "missing"), -1);
	ck_assert_uint_eq(p->n, 4);
	for (size_t i = 0; i < 4; i++)
		ck_assert_str_eq(p->entries[i].name, order[i]);
	/* written, and read back, in that order */
	mem = pcm_write_mem(p, &len);
	ck_assert_ptr_nonnull(mem);
	q = pcm_read_mem("m.pcm", mem, len);
	ck_assert_ptr_nonnull(q);
	for (size_t i = 0; i < 4; i++)
		ck_assert_str_eq(q->entries[i].name, order[i]);
	ck_assert_int_eq(pcm_move_first(q, "net/w1.npy"), 0);
	ck_assert_str_eq(q->entries[1].name, "MANIFEST.yaml");
	pcm_free(q);
	free(mem);
	pcm_free(p);
}
END_TEST

START_TEST(test_pcm_byte_identical)
{
	char *dir = tu_tmpdir();
	char *a = tu_path(dir, "a.pcm"), *b = tu_path(dir, "b.pcm");
	struct pcm *p = sample(), *q = sample();
	size_t alen = 0, blen = 0, mlen = 0;
	char *abytes, *bbytes;
	void *mem;

	ck_assert_int_eq(pcm_write(p, a), 0);
	ck_assert_int_eq(pcm_write(q, b), 0);
	abytes = tu_read_file(a, &alen);
	bbytes = tu_read_file(b, &blen);
	ck_assert_uint_eq(alen, blen);
	ck_assert_int_eq(memcmp(abytes, bbytes, alen), 0);
	/* zstd frame magic */
	ck_assert_int_eq(memcmp(abytes, "\x28\xb5\x2f\xfd", 4), 0);
	mem = pcm_write_mem(p, &mlen);
	ck_assert_ptr_nonnull(mem);
	ck_assert_uint_eq(mlen, alen);
	ck_assert_int_eq(memcmp(mem, abytes, alen), 0);
	q = (pcm_free(q), pcm_read_mem("mem", mem, mlen));
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q->n, 4);
	pcm_free(q);
	free(mem);
	free(abytes);
	free(bbytes);
	pcm_free(p);
	free(a);
	free(b);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_pcm_gnu_tar_lists)
{
	char *dir, *path, *out, cmd[8192];
	struct pcm *p;

	if (system("command -v zstd >/dev/null 2>&1 && command -v tar >/dev/null 2>&1") != 0)
		return; /* no zstd(1): nothing to compare with */
	dir = tu_tmpdir();
	path = tu_path(dir, "m.pcm");
	p = sample();
	ck_assert_int_eq(pcm_write(p, path), 0);
	snprintf(cmd, sizeof(cmd), "cd '%s' && tar --zstd -tf m.pcm > list && "
		 "tar --zstd --numeric-owner --full-time -tvf m.pcm > long && "
		 "mkdir x && tar --zstd -xf m.pcm -C x && cd x && sha256sum --quiet -c SHA256SUMS",
		 dir);
	ck_assert_int_eq(system(cmd), 0);
	free(path);
	path = tu_path(dir, "list");
	out = tu_read_file(path, NULL);
	ck_assert_str_eq(out, "SHA256SUMS\nMANIFEST.yaml\ntext/idf.npy\nempty\nnet/w1.npy\n");
	free(out);
	free(path);
	path = tu_path(dir, "long");
	out = tu_read_file(path, NULL);
	ck_assert_ptr_nonnull(strstr(out, "-rw-r--r-- 0/0              10 1970-01-01 00:00:00 "
				     "MANIFEST.yaml\n"));
	free(out);
	free(path);
	pcm_free(p);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_pcm_add_refuses)
{
	struct pcm *p = pcm_new();
	static const char *const bad[] = {
		"", "/abs", "../up", "a/../b", "a/..", "./a", "a/./b", "a//b", "a/", "tab\there",
		"back\\slash", "caf\xc3\xa9",
		"0123456789012345678901234567890123456789012345678901234567890123456789"
		"0123456789012345678901234567890",
	};

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(pcm_add(p, bad[i], "x", 1), -1);
		ck_assert_ptr_nonnull(strstr(lastmsg, "invalid name"));
	}
	ck_assert_int_eq(pcm_add(p, "SHA256SUMS", "x", 1), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "reserved"));
	ck_assert_int_eq(pcm_add(p, "a..b/.c/d..", "x", 1), 0);
	ck_assert_int_eq(pcm_add(p, "a..b/.c/d..", "y", 1), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "added twice"));
	ck_assert_int_eq(pcm_add_take(p, "../x", xstrdup("y"), 1), -1);
	ck_assert_uint_eq(p->n, 1);
	pc_msg_capture(NULL, 0);
	pcm_free(p);
}
END_TEST

/* ---- pcm: hostile archives, crafted with libarchive directly ---- */

enum { REG, SYMLINK, DIR_, HARDLINK, FIFO };

struct raw {
	const char *name;
	const char *data;
	int type;
};

static char craft_buf[1 << 20];

/* A tar (zstd-compressed unless plain) of the given entries, in craft_buf. */
static size_t craft(const struct raw *r, size_t n, int plain)
{
	struct archive *a = archive_write_new();
	size_t used = 0;

	ck_assert_int_eq(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
	if (!plain)
		ck_assert_int_eq(archive_write_add_filter_zstd(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_set_bytes_in_last_block(a, 1), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_memory(a, craft_buf, sizeof(craft_buf), &used),
			 ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t len = r[i].data ? strlen(r[i].data) : 0;

		archive_entry_set_pathname(e, r[i].name);
		archive_entry_set_perm(e, 0644);
		switch (r[i].type) {
		case REG: archive_entry_set_filetype(e, AE_IFREG); break;
		case SYMLINK:
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, "/etc/passwd");
			len = 0;
			break;
		case DIR_: archive_entry_set_filetype(e, AE_IFDIR); len = 0; break;
		case HARDLINK:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, "MANIFEST.yaml");
			len = 0;
			break;
		case FIFO: archive_entry_set_filetype(e, AE_IFIFO); len = 0; break;
		}
		archive_entry_set_size(e, (la_int64_t)len);
		ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
		if (len)
			ck_assert_int_eq(archive_write_data(a, r[i].data, len), (la_ssize_t)len);
		archive_entry_free(e);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return used;
}

/* "HEX  NAME\n" for a file body. */
static char *sums_line(const char *name, const char *data)
{
	char hex[DIGEST_HEX_LEN + 1];

	digest_buf(data, strlen(data), hex);
	return xasprintf("%s  %s\n", hex, name);
}

/* Expect the crafted archive to be refused with a message containing `what`. */
static void refused(const struct raw *r, size_t n, int plain, const char *what)
{
	size_t len = craft(r, n, plain);
	struct pcm *p;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	p = pcm_read_mem("bad.pcm", craft_buf, len);
	pc_msg_capture(NULL, 0);
	ck_assert_msg(p == NULL, "accepted, expected '%s'", what);
	ck_assert_msg(strstr(lastmsg, what) != NULL, "got '%s', expected '%s'", lastmsg, what);
	ck_assert_msg(strstr(lastmsg, ": bad.pcm: ") != NULL, "no file name in '%s'", lastmsg);
}

START_TEST(test_pcm_crafted_valid)
{
	char *s = sums_line("MANIFEST.yaml", "m\n");
	struct raw r[] = { { "SHA256SUMS", s, REG }, { "MANIFEST.yaml", "m\n", REG } };
	size_t len = craft(r, 2, 0);
	struct pcm *p = pcm_read_mem("ok.pcm", craft_buf, len);

	/* the crafting helper itself makes readable archives: pax, SHA256SUMS first */
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->n, 1);
	pcm_free(p);
	free(s);
}
END_TEST

START_TEST(test_pcm_refuses_entry_kinds)
{
	char *s = sums_line("MANIFEST.yaml", "m\n");
	struct raw r[] = { { "MANIFEST.yaml", "m\n", REG }, { "x", NULL, REG },
			   { "SHA256SUMS", s, REG } };

	r[1].name = "link"; r[1].type = SYMLINK;
	refused(r, 3, 0, "bad.pcm: entry link: not a regular file (symbolic link)");
	r[1].name = "dir"; r[1].type = DIR_;
	refused(r, 3, 0, "entry dir/: not a regular file (directory)");
	r[1].name = "hard"; r[1].type = HARDLINK;
	refused(r, 3, 0, "entry hard: not a regular file (hard link)");
	r[1].name = "fifo"; r[1].type = FIFO;
	refused(r, 3, 0, "entry fifo: not a regular file (fifo)");
	free(s);
}
END_TEST

START_TEST(test_pcm_refuses_names)
{
	char *s1 = sums_line("../evil", "x"), *s2 = sums_line("/etc/evil", "x");
	char *s3 = sums_line("MANIFEST.yaml", "m\n");
	char *both = xasprintf("%s%s", s3, s3);
	/* SHA256SUMS is read first: a name it could not list is refused as a malformed line,
	 * and the same name in the archive itself as an invalid name */
	struct raw up[] = { { "SHA256SUMS", s3, REG }, { "../evil", "x", REG } };
	struct raw abs[] = { { "SHA256SUMS", s3, REG }, { "/etc/evil", "x", REG } };
	struct raw uplisted[] = { { "../evil", "x", REG }, { "SHA256SUMS", s1, REG } };
	struct raw abslisted[] = { { "/etc/evil", "x", REG }, { "SHA256SUMS", s2, REG } };
	struct raw dup[] = { { "MANIFEST.yaml", "m\n", REG }, { "MANIFEST.yaml", "m\n", REG },
			     { "SHA256SUMS", s3, REG } };
	struct raw dupsums[] = { { "MANIFEST.yaml", "m\n", REG }, { "SHA256SUMS", s3, REG },
				 { "SHA256SUMS", s3, REG } };
	struct raw listed2[] = { { "MANIFEST.yaml", "m\n", REG }, { "SHA256SUMS", both, REG } };
	struct raw ctrl[] = { { "a\033[2Jb", "x", REG }, { "SHA256SUMS", "", REG } };

	refused(up, 2, 0, "entry ../evil: invalid name");
	refused(abs, 2, 0, "entry /etc/evil: invalid name");
	refused(uplisted, 2, 0, "entry SHA256SUMS: line 1: malformed");
	refused(abslisted, 2, 0, "entry SHA256SUMS: line 1: malformed");
	refused(dup, 3, 0, "entry MANIFEST.yaml: appears twice");
	refused(dupsums, 3, 0, "entry SHA256SUMS: appears twice");
	refused(listed2, 2, 0, "entry MANIFEST.yaml: listed twice in SHA256SUMS");
	refused(ctrl, 2, 0, "entry a?[2Jb: invalid name");
	free(s1);
	free(s2);
	free(s3);
	free(both);
}
END_TEST

START_TEST(test_pcm_refuses_sums)
{
	char *s = sums_line("MANIFEST.yaml", "m\n");
	char *other = sums_line("other", "o");
	char *extra = xasprintf("%s%s", s, other);
	char *noeol = xstrndup(s, strlen(s) - 1);
	char *tampered = xstrdup(s);
	struct raw nosums[] = { { "MANIFEST.yaml", "m\n", REG } };
	struct raw unlisted[] = { { "MANIFEST.yaml", "m\n", REG }, { "other", "o", REG },
				  { "SHA256SUMS", s, REG } };
	struct raw missing[] = { { "MANIFEST.yaml", "m\n", REG }, { "SHA256SUMS", extra, REG } };
	struct raw changed[] = { { "MANIFEST.yaml", "M\n", REG }, { "SHA256SUMS", s, REG } };
	struct raw eol[] = { { "MANIFEST.yaml", "m\n", REG }, { "SHA256SUMS", noeol, REG } };
	struct raw junk[] = { { "MANIFEST.yaml", "m\n", REG }, { "SHA256SUMS", "junk\n", REG } };
	struct raw upper[] = { { "MANIFEST.yaml", "m\n", REG }, { "SHA256SUMS", tampered, REG } };

	refused(nosums, 1, 0, "bad.pcm: not a model archive: no SHA256SUMS entry");
	refused(unlisted, 3, 0, "entry other: not listed in SHA256SUMS");
	refused(missing, 2, 0, "entry other: listed in SHA256SUMS but missing");
	refused(changed, 2, 0, "entry MANIFEST.yaml: SHA-256 mismatch");
	refused(eol, 2, 0, "entry SHA256SUMS: line 1: no newline at the end");
	refused(junk, 2, 0, "entry SHA256SUMS: line 1: malformed");
	tampered[0] = (char)(tampered[0] == 'A' ? 'B' : 'A');
	refused(upper, 2, 0, "entry SHA256SUMS: line 1: malformed");
	free(s);
	free(other);
	free(extra);
	free(noeol);
	free(tampered);
}
END_TEST

START_TEST(test_pcm_refuses_streams)
{
	char *s = sums_line("MANIFEST.yaml", "m\n");
	struct raw ok[] = { { "MANIFEST.yaml", "m\n", REG }, { "SHA256SUMS", s, REG } };
	struct pcm *p;

	refused(ok, 2, 1, "bad.pcm: not a model archive: not compressed with zstd");
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_ptr_null(pcm_read_mem("junk.pcm", "hello, world\n", 13));
	ck_assert_ptr_nonnull(strstr(lastmsg, "junk.pcm: not a model archive: "));
	ck_assert_ptr_null(pcm_read_mem("empty.pcm", "", 0));
	ck_assert_ptr_nonnull(strstr(lastmsg, "empty.pcm: not a model archive"));
	ck_assert_ptr_null(pcm_read("/nonexistent/m.pcm"));
	ck_assert_ptr_nonnull(strstr(lastmsg, "cannot open /nonexistent/m.pcm"));
	pc_msg_capture(NULL, 0);

	/* a zstd stream holding something that is not tar */
	{
		struct archive *a = archive_write_new();
		size_t used;

		archive_write_set_format_raw(a);
		archive_write_add_filter_zstd(a);
		archive_write_open_memory(a, craft_buf, sizeof(craft_buf), &used);
		{
			struct archive_entry *e = archive_entry_new();

			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_pathname(e, "x");
			archive_write_header(a, e);
			archive_write_data(a, "just text, not tar\n", 19);
			archive_entry_free(e);
		}
		archive_write_close(a);
		archive_write_free(a);
		pc_msg_capture(lastmsg, sizeof(lastmsg));
		p = pcm_read_mem("raw.pcm", craft_buf, used);
		pc_msg_capture(NULL, 0);
		ck_assert_ptr_null(p);
		ck_assert_ptr_nonnull(strstr(lastmsg, "raw.pcm: not a model archive: "));
	}
	free(s);
}
END_TEST

/* Every truncation and every single-byte change of a real archive is refused. */
START_TEST(test_pcm_truncated_and_tampered)
{
	struct pcm *p = sample(), *q;
	size_t len, refusedn = 0;
	unsigned char *mem;

	/* big enough for several zstd blocks */
	{
		unsigned char *big = xmalloc(300000);

		for (size_t i = 0; i < 300000; i++)
			big[i] = (unsigned char)((i * 2654435761u) >> 13);
		ck_assert_int_eq(pcm_add_take(p, "big.npy", big, 300000), 0);
	}
	mem = pcm_write_mem(p, &len);
	ck_assert_ptr_nonnull(mem);
	q = pcm_read_mem("whole.pcm", mem, len);
	ck_assert_ptr_nonnull(q);
	pcm_free(q);

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	for (size_t cut = 0; cut < len; cut += cut < 64 || len - cut < 64 ? 1 : 997) {
		q = pcm_read_mem("cut.pcm", mem, cut);
		ck_assert_msg(q == NULL, "truncated to %zu of %zu bytes: accepted", cut, len);
		ck_assert_ptr_nonnull(strstr(lastmsg, "cut.pcm: "));
	}
	for (size_t at = 0; at < len; at += at < 64 || len - at < 64 ? 1 : 1009) {
		unsigned char *copy = xmalloc(len);

		memcpy(copy, mem, len);
		copy[at] ^= 0x20;
		q = pcm_read_mem("tampered.pcm", copy, len);
		/* a flip in zstd's padding or in tar's unused header bytes can leave every
		 * entry intact; the bytes that matter must all be caught */
		if (q) {
			for (size_t i = 0; i < p->n; i++) {
				const struct pcm_entry *e = pcm_get(q, p->entries[i].name);

				ck_assert_ptr_nonnull(e);
				ck_assert_uint_eq(e->len, p->entries[i].len);
				ck_assert_int_eq(memcmp(e->data, p->entries[i].data, e->len), 0);
			}
			pcm_free(q);
		} else {
			refusedn++;
		}
		free(copy);
	}
	pc_msg_capture(NULL, 0);
	ck_assert_uint_gt(refusedn, 0);
	free(mem);
	pcm_free(p);
}
END_TEST

START_TEST(test_pcm_size_bounds)
{
	struct pcm *p = sample(), *q;
	size_t len;
	void *mem = pcm_write_mem(p, &len);

	/* SHA256SUMS (4 lines, 308 bytes) first, then MANIFEST.yaml (10), text/idf.npy (12) */
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	pcm_set_limits(8, 0);
	q = pcm_read_mem("big.pcm", mem, len);
	ck_assert_ptr_null(q);
	ck_assert_ptr_nonnull(strstr(lastmsg, "big.pcm: entry SHA256SUMS: 308 bytes exceed the "
				     "bound of 8"));
	pcm_set_limits(308, 0);
	ck_assert_ptr_nonnull(q = pcm_read_mem("big.pcm", mem, len));
	pcm_free(q);
	pcm_set_limits(11, 0);
	q = pcm_read_mem("big.pcm", mem, len);
	ck_assert_ptr_null(q);
	ck_assert_ptr_nonnull(strstr(lastmsg, "big.pcm: entry SHA256SUMS: 308 bytes exceed the "
				     "bound of 11"));
	pcm_set_limits(0, 320);
	q = pcm_read_mem("big.pcm", mem, len);
	ck_assert_ptr_null(q);
	ck_assert_ptr_nonnull(strstr(lastmsg, "big.pcm: entry text/idf.npy: entries exceed the total "
				     "bound of 320 bytes"));
	pcm_set_limits(0, 0);
	q = pcm_read_mem("big.pcm", mem, len);
	ck_assert_ptr_nonnull(q);
	pc_msg_capture(NULL, 0);
	pcm_free(q);
	pcm_free(p);
	free(mem);
}
END_TEST

/* ---- pcm: memory bombs: entries refused from their headers, never decompressed into
 * memory ---- */

static const unsigned char zeros64k[1 << 16];

struct bomb_entry {
	const char *name;
	const char *data;
	size_t zeros;
};

/* A zstd tar holding SHA256SUMS (listing MANIFEST.yaml, and `big` too when listed), then
 * MANIFEST.yaml and `big`, an entry of `zeros` zero bytes (streamed: compressed, a few KB);
 * SHA256SUMS last instead when sums_last.  Malloc'd, *len set. */
static void *craft_bomb(const char *big, size_t zeros, int listed, int sums_last, size_t *len)
{
	struct archive *a = archive_write_new();
	char hex[DIGEST_HEX_LEN + 1], *sums, *m = sums_line("MANIFEST.yaml", "m\n");
	size_t cap = 1 << 20, used = 0;
	void *buf = xmalloc(cap);
	struct digest d;
	struct bomb_entry e[3];
	size_t n = 0;

	digest_init(&d);
	for (size_t z = zeros; z; z -= z < sizeof(zeros64k) ? z : sizeof(zeros64k))
		digest_update(&d, zeros64k, z < sizeof(zeros64k) ? z : sizeof(zeros64k));
	digest_final(&d, hex);
	sums = listed ? xasprintf("%s%s  %s\n", m, hex, big) : xstrdup(m);
	if (!sums_last)
		e[n++] = (struct bomb_entry){ "SHA256SUMS", sums, 0 };
	e[n++] = (struct bomb_entry){ "MANIFEST.yaml", "m\n", 0 };
	e[n++] = (struct bomb_entry){ big, "", zeros };
	if (sums_last)
		e[n++] = (struct bomb_entry){ "SHA256SUMS", sums, 0 };
	ck_assert_int_eq(archive_write_set_format_ustar(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_add_filter_zstd(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		size_t l = strlen(e[i].data);

		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_size(ae, (la_int64_t)(l + e[i].zeros));
		ck_assert_int_eq(archive_write_header(a, ae), ARCHIVE_OK);
		if (l)
			ck_assert_int_eq(archive_write_data(a, e[i].data, l), (la_ssize_t)l);
		for (size_t z = e[i].zeros; z; ) {
			size_t k = z < sizeof(zeros64k) ? z : sizeof(zeros64k);

			ck_assert_int_eq(archive_write_data(a, zeros64k, k), (la_ssize_t)k);
			z -= k;
		}
		archive_entry_free(ae);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	free(sums);
	free(m);
	*len = used;
	return buf;
}

static long maxrss_kb(void)
{
	struct rusage u;

	getrusage(RUSAGE_SELF, &u);
	return u.ru_maxrss;
}

/* Read the bomb; expect `what`, refused in less than 16 MB more peak memory. */
static void bomb_refused(const void *mem, size_t len, const char *what)
{
	long before = maxrss_kb();
	struct pcm *p;

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	p = pcm_read_mem("bomb.pcm", mem, len);
	pc_msg_capture(NULL, 0);
	ck_assert_msg(p == NULL, "accepted, expected '%s'", what);
	ck_assert_msg(strstr(lastmsg, what) != NULL, "got '%s', expected '%s'", lastmsg, what);
	ck_assert_msg(maxrss_kb() - before < (16 << 10), "refusing took %ld KB more peak memory",
		      maxrss_kb() - before);
}

/* 64 MiB of zeros (about 2 KB compressed) in an entry SHA256SUMS does not list: refused
 * from its header when SHA256SUMS comes first, and after a first pass that skips through
 * it, allocating nothing, when SHA256SUMS comes last (as archives were written before). */
START_TEST(test_pcm_unlisted_bomb)
{
	for (int last = 0; last < 2; last++) {
		size_t len;
		void *mem = craft_bomb("junk", (size_t)64 << 20, 0, last, &len);

		ck_assert_uint_lt(len, 64 << 10);
		bomb_refused(mem, len, "bomb.pcm: entry junk: not listed in SHA256SUMS");
		free(mem);
	}
}
END_TEST

/* An entry over the bound (lowered through pcm_set_limits, the documented knob) is refused
 * from its header, listed and with the right digest or not; SHA256SUMS and the entry read
 * first have their own, smaller bound. */
START_TEST(test_pcm_oversize_bomb)
{
	for (int last = 0; last < 2; last++) {
		size_t len;
		void *mem = craft_bomb("big", (size_t)64 << 20, 1, last, &len);
		struct pcm *p;

		pcm_set_limits((uint64_t)1 << 20, 0);
		bomb_refused(mem, len, "bomb.pcm: entry big: 67108864 bytes exceed the bound of 1048576");
		pcm_set_limits(0, (uint64_t)32 << 20);
		bomb_refused(mem, len, "bomb.pcm: entry big: entries exceed the total bound of 33554432 bytes");
		pcm_set_limits(0, 0);
		/* within the bounds it is a valid archive */
		p = pcm_read_mem("bomb.pcm", mem, len);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(pcm_get(p, "big")->len, (size_t)64 << 20);
		pcm_free(p);
		free(mem);
	}
	/* an over-long SHA256SUMS */
	{
		char *line = sums_line("MANIFEST.yaml", "m\n");
		size_t n = (size_t)(PCM_META_MAX / strlen(line)) + 1, l = strlen(line);
		char *sums = xmalloc(n * l + 1);
		struct raw r[] = { { "SHA256SUMS", NULL, REG }, { "MANIFEST.yaml", "m\n", REG } };
		static char big_buf[(16 << 20) + (1 << 20)];
		struct archive *a = archive_write_new();
		size_t used;

		for (size_t i = 0; i < n; i++)
			memcpy(sums + i * l, line, l);
		sums[n * l] = '\0';
		r[0].data = sums;
		archive_write_set_format_pax_restricted(a);
		archive_write_add_filter_zstd(a);
		ck_assert_int_eq(archive_write_open_memory(a, big_buf, sizeof(big_buf), &used),
				 ARCHIVE_OK);
		for (size_t i = 0; i < 2; i++) {
			struct archive_entry *e = archive_entry_new();

			archive_entry_set_pathname(e, r[i].name);
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, (la_int64_t)strlen(r[i].data));
			ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
			archive_write_data(a, r[i].data, strlen(r[i].data));
			archive_entry_free(e);
		}
		ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
		archive_write_free(a);
		pc_msg_capture(lastmsg, sizeof(lastmsg));
		ck_assert_ptr_null(pcm_read_mem("sums.pcm", big_buf, used));
		pc_msg_capture(NULL, 0);
		ck_assert_ptr_nonnull(strstr(lastmsg, "sums.pcm: entry SHA256SUMS: "));
		ck_assert_ptr_nonnull(strstr(lastmsg, " bytes exceed the bound of 16777216"));
		free(sums);
		free(line);
	}
}
END_TEST

/* The reader's check sees each entry's header and first bytes before its data, with the
 * entry named first already read; its PCM_SKIP keeps nothing but still verifies. */
struct seen {
	int calls, had_first;
	uint64_t size;
	size_t headlen;
};

static int check_spy(void *ctx, const struct pcm *sofar, const char *name, uint64_t size,
		     const unsigned char *head, size_t headlen)
{
	struct seen *s = ctx;

	s->calls++;
	s->had_first = pcm_get(sofar, "MANIFEST.yaml") != NULL;
	if (!strcmp(name, "big")) {
		s->size = size;
		s->headlen = headlen;
		ck_assert_uint_eq(head[0], 0);
		return PCM_SKIP;
	}
	if (!strcmp(name, "refuse"))
		return pc_error("%s: entry %s: refused by the check", pcm_name(sofar), name);
	return PCM_KEEP;
}

START_TEST(test_pcm_read_check)
{
	for (int last = 0; last < 2; last++) {
		size_t len;
		void *mem = craft_bomb("big", (size_t)4 << 20, 1, last, &len);
		struct seen s = { 0 };
		struct pcm_read_opts o = { "MANIFEST.yaml", check_spy, &s, NULL };
		struct pcm *p = pcm_read_mem_with("c.pcm", mem, len, &o);

		ck_assert_ptr_nonnull(p);
		ck_assert_int_ge(s.calls, 1);
		ck_assert(s.had_first);
		ck_assert_uint_eq(s.size, (uint64_t)4 << 20);
		ck_assert_uint_eq(s.headlen, PCM_HEAD_MAX);
		ck_assert_uint_eq(p->n, 1);
		ck_assert_str_eq(p->entries[0].name, "MANIFEST.yaml");
		ck_assert_str_eq(pcm_name(p), "c.pcm");
		pcm_free(p);
		free(mem);
		mem = craft_bomb("refuse", 100, 1, last, &len);
		pc_msg_capture(lastmsg, sizeof(lastmsg));
		ck_assert_ptr_null(pcm_read_mem_with("c.pcm", mem, len, &o));
		pc_msg_capture(NULL, 0);
		ck_assert_ptr_nonnull(strstr(lastmsg, "c.pcm: entry refuse: refused by the check"));
		free(mem);
	}
}
END_TEST

/* Entries large enough to be hashed on the second thread: read back whole, and refused
 * when cut or changed anywhere, the thread let go of the buffer each time. */
START_TEST(test_pcm_large_entries)
{
	struct pcm *p = sample(), *q;
	size_t len, n = (size_t)3 << 20;
	unsigned char *big = xmalloc(n), *mem;

	for (size_t i = 0; i < n; i++)
		big[i] = (unsigned char)((i * 2654435761u) >> 13);
	ck_assert_int_eq(pcm_add(p, "big1.npy", big, n), 0);
	ck_assert_int_eq(pcm_add(p, "big2.npy", big, n / 2 + 7), 0);
	mem = pcm_write_mem(p, &len);
	ck_assert_ptr_nonnull(mem);
	q = pcm_read_mem("whole.pcm", mem, len);
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(memcmp(pcm_get(q, "big1.npy")->data, big, n), 0);
	ck_assert_str_eq(pcm_get(q, "big2.npy")->sha256, pcm_get(p, "big2.npy")->sha256);
	pcm_free(q);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	for (size_t k = 1; k < 8; k++) {
		size_t at = len / 8 * k;

		ck_assert_ptr_null(pcm_read_mem("cut.pcm", mem, at));
		mem[at] ^= 0x01;
		q = pcm_read_mem("changed.pcm", mem, len);
		mem[at] ^= 0x01;
		ck_assert_ptr_null(q);
		ck_assert_ptr_nonnull(strstr(lastmsg, "changed.pcm: "));
	}
	pc_msg_capture(NULL, 0);
	free(mem);
	free(big);
	pcm_free(p);
}
END_TEST

/* n bytes of xorshift noise: stored as they are, not compressed. */
static unsigned char *noise(size_t n)
{
	unsigned char *b = xmalloc(n);
	uint64_t x = 88172645463325252u;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		b[i] = (unsigned char)(x >> 56);
	}
	return b;
}

/* Flip the low bit of the byte `back` bytes before the end of file `path`. */
static void flip_byte(const char *path, long back)
{
	FILE *f = fopen(path, "r+b");
	long len;
	int c;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	ck_assert_int_eq(fseek(f, len - back, SEEK_SET), 0);
	c = fgetc(f);
	ck_assert_int_ne(c, EOF);
	ck_assert_int_eq(fseek(f, len - back, SEEK_SET), 0);
	ck_assert_int_ne(fputc(c ^ 0x01, f), EOF);
	ck_assert_int_eq(fclose(f), 0);
}

/* pcm_read_begin, then pcm_read_end: entries there before their digests are compared,
 * with the listed ones; an entry taken in between is whole; a change is refused at the
 * end; freed without pcm_read_end, the hasher lets go first. */
START_TEST(test_pcm_read_in_two_steps)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "m.pcm");
	struct pcm *p = sample(), *q;
	size_t n = (size_t)3 << 20;
	unsigned char *big = noise(n), *taken;

	ck_assert_int_eq(pcm_add(p, "big1.npy", big, n), 0);
	ck_assert_int_eq(pcm_add(p, "big2.npy", big, n / 2 + 7), 0);
	ck_assert_int_eq(pcm_write(p, path), 0);

	q = pcm_read_begin(path, NULL);
	ck_assert_ptr_nonnull(q);
	ck_assert_str_eq(pcm_get(q, "big2.npy")->sha256, pcm_get(p, "big2.npy")->sha256);
	taken = pcm_take(q, "big1.npy");
	ck_assert_ptr_nonnull(taken);
	ck_assert_int_eq(memcmp(taken, big, n), 0);
	ck_assert_int_eq(pcm_read_end(q), 0);
	ck_assert_int_eq(pcm_read_end(q), 0);	/* nothing left to compare */
	free(taken);
	pcm_free(q);

	q = pcm_read_begin(path, NULL);
	ck_assert_ptr_nonnull(q);
	pcm_free(q);	/* without pcm_read_end */

	/* a byte of big1's data changed (big2 is hashed as it is read): read, then refused */
	flip_byte(path, (long)n);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	q = pcm_read_begin(path, NULL);
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(pcm_read_end(q), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "m.pcm: entry big1.npy: SHA-256 mismatch"));
	pcm_free(q);
	ck_assert_ptr_null(pcm_read(path));
	pc_msg_capture(NULL, 0);

	free(big);
	free(path);
	pcm_free(p);
	tu_rmdir(dir);
}
END_TEST

/* A scan that records what it was shown: pieces in order, from 0 to the end. */
struct tally {
	size_t upto, calls;
	int refuse;
};

static int tally_scan(void *ctx, const struct pcm *sofar, const char *name,
		      const unsigned char *data, size_t from, size_t to)
{
	struct tally *t = ctx;

	(void)data;
	if (strcmp(name, "big1.npy"))
		return 0;
	ck_assert_uint_eq(from, t->upto);
	ck_assert_uint_ge(to, from);
	t->upto = to;
	t->calls++;
	if (t->refuse && to > ((size_t)2 << 20))
		return pc_error("%s: %s: refused by the scan", pcm_name(sofar), name);
	return 1;
}

/* The reader's scan: every byte of the entries it takes on, once, in order; an entry it
 * checked whole is marked; what it refuses is reported if the digests agree, and a
 * changed archive is refused as changed whatever the scan says. */
START_TEST(test_pcm_read_scan)
{
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "m.pcm");
	struct pcm *p = sample(), *q;
	size_t n = (size_t)3 << 20;
	unsigned char *big = noise(n);
	struct tally t = { 0 };
	struct pcm_read_opts o = { NULL, NULL, &t, tally_scan };

	ck_assert_int_eq(pcm_add(p, "big1.npy", big, n), 0);
	ck_assert_int_eq(pcm_write(p, path), 0);
	q = pcm_read_with(path, &o);
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(t.upto, n);
	ck_assert_uint_ge(t.calls, 3);
	ck_assert_ptr_eq(pcm_get(q, "big1.npy")->scanned, tally_scan);
	ck_assert_ptr_null(pcm_get(q, "text/idf.npy")->scanned);	/* returned 0 */
	pcm_free(q);

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	t = (struct tally){ .refuse = 1 };
	ck_assert_ptr_null(pcm_read_with(path, &o));
	ck_assert_ptr_nonnull(strstr(lastmsg, "m.pcm: big1.npy: refused by the scan"));

	flip_byte(path, (long)n / 4);
	t = (struct tally){ .refuse = 1 };
	ck_assert_ptr_null(pcm_read_with(path, &o));
	ck_assert_ptr_nonnull(strstr(lastmsg, "m.pcm: entry big1.npy: SHA-256 mismatch"));
	pc_msg_capture(NULL, 0);

	free(big);
	free(path);
	pcm_free(p);
	tu_rmdir(dir);
}
END_TEST

/* npy_scan_finite: the value cut by a piece is checked with the next; a float array
 * scanned whole is not checked again by npy_get; a NaN is found by the scan. */
START_TEST(test_npy_scan_finite)
{
	uint64_t shape = 600000;	/* 2.4 MB: hashed on the second thread */
	float *v = xmalloc(shape * sizeof(*v));
	struct pcm *p = pcm_new(), *q;
	struct pcm_read_opts o = { NULL, NULL, NULL, npy_scan_finite };
	const struct pcm_entry *e;
	struct npy_view view;
	unsigned char *mem;
	size_t len, off;

	for (uint64_t i = 0; i < shape; i++)
		v[i] = (float)i * 0.5f;
	ck_assert_int_eq(npy_put(p, "w.npy", NPY_F4, 1, &shape, v), 0);
	mem = pcm_write_mem(p, &len);
	q = pcm_read_mem_with("m.pcm", mem, len, &o);
	ck_assert_ptr_nonnull(q);
	e = pcm_get(q, "w.npy");
	ck_assert_ptr_eq(e->scanned, npy_scan_finite);
	ck_assert_int_eq(npy_get(q, "w.npy", NPY_F4, 1, &shape, &view), 0);
	off = e->len - shape * sizeof(float);

	/* pieces cutting value 1 in two */
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	memcpy(e->data + off + 4, &(float){ NAN }, 4);
	ck_assert_int_eq(npy_scan_finite(NULL, q, "w.npy", e->data, 0, off + 6), 1);
	ck_assert_int_eq(npy_scan_finite(NULL, q, "w.npy", e->data, off + 6, e->len), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "m.pcm: w.npy: value 1 is not finite"));
	pcm_free(q);
	free(mem);

	/* found as the archive is read */
	v[300001] = INFINITY;
	pcm_free(p);
	p = pcm_new();
	ck_assert_int_eq(npy_put(p, "w.npy", NPY_F4, 1, &shape, v), 0);
	mem = pcm_write_mem(p, &len);
	ck_assert_ptr_null(pcm_read_mem_with("m.pcm", mem, len, &o));
	ck_assert_ptr_nonnull(strstr(lastmsg, "m.pcm: w.npy: value 300001 is not finite"));
	pc_msg_capture(NULL, 0);
	free(mem);
	pcm_free(p);
	free(v);
}
END_TEST

START_TEST(test_pcm_write_fails_cleanly)
{
	struct pcm *p = sample();

	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(pcm_write(p, "/nonexistent-dir/m.pcm"), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "cannot create /nonexistent-dir/m.pcm"));
	pc_msg_capture(NULL, 0);
	pcm_free(p);
}
END_TEST

static Suite *archive_suite(void)
{
	Suite *s = suite_create("archive");
	TCase *tc = tcase_create("archive");

	tcase_add_test(tc, test_digest_fips_vectors);
	tcase_add_test(tc, test_digest_file);
	tcase_add_test(tc, test_pcm_roundtrip);
	tcase_add_test(tc, test_pcm_move_first);
	tcase_add_test(tc, test_pcm_byte_identical);
	tcase_add_test(tc, test_pcm_gnu_tar_lists);
	tcase_add_test(tc, test_pcm_add_refuses);
	tcase_add_test(tc, test_pcm_crafted_valid);
	tcase_add_test(tc, test_pcm_refuses_entry_kinds);
	tcase_add_test(tc, test_pcm_refuses_names);
	tcase_add_test(tc, test_pcm_refuses_sums);
	tcase_add_test(tc, test_pcm_refuses_streams);
	tcase_add_test(tc, test_pcm_truncated_and_tampered);
	tcase_add_test(tc, test_pcm_size_bounds);
	tcase_add_test(tc, test_pcm_unlisted_bomb);
	tcase_add_test(tc, test_pcm_oversize_bomb);
	tcase_add_test(tc, test_pcm_read_check);
	tcase_add_test(tc, test_pcm_large_entries);
	tcase_add_test(tc, test_pcm_read_in_two_steps);
	tcase_add_test(tc, test_pcm_read_scan);
	tcase_add_test(tc, test_npy_scan_finite);
	tcase_add_test(tc, test_pcm_write_fails_cleanly);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(archive_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
