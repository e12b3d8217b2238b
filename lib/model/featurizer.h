/*
 * featurizer: what pc-embed learns at --fit time and applies afterwards, in one object:
 * the text branch (textfeat.h: hashed n-grams, IDF table) and the image branch (colour
 * statistics, colorfeat.h, and learned patch features, patchfeat.h), with the layout of
 * the feature vector they make together.
 *
 * Layout of a row: the sparse part is the text vector (2^bits buckets); the dense part is
 * COLORFEAT_DIM colour statistics, then the patch features, then the gradient-orientation
 * features (hogfeat.h, "hog_0", ...; featurizers of format 1 have none), then one flag
 * "image_missing" (1 when the photo was missing or unreadable, or the row had none: the
 * rest of the dense part then 0).  A part that is switched off is absent.
 *
 * Storage: the entries "featurizer.yaml" (options and layout), "text/..." and "image/..."
 * of an archive (pcm.h): a featurizer archive holds them next to its MANIFEST.yaml, a
 * model archive next to the network.  The featurizer's digest is the SHA-256 of the lines
 * "<sha256>  <name>\n" of exactly those entries in archive order, so it is the same in
 * both, and it goes into the header of every tensor stream the featurizer makes.
 *
 * Formats: 1, text and colour and patch features; 2, the same with gradient features
 * (featurizer.yaml's parts.hog and its section "hog": size, bins, clip, cells); 3, the
 * text branch's IDF table coded (palette.h): a quarter of the bytes, and several times
 * faster to decompress than the table stored whole.  A featurizer is written
 * in the oldest format that holds it (an image featurizer in 1 without gradient features),
 * so that its bytes and digest are what they were; every format is read.
 */
#ifndef PC_FEATURIZER_H
#define PC_FEATURIZER_H

#include <stdint.h>

#include "base/digest.h"
#include "image/hogfeat.h"
#include "image/patchfeat.h"
#include "formats/pcm.h"
#include "formats/pct.h"
#include "text/textfeat.h"

#define FEATURIZER_FORMAT 3           /* the newest read and written */
#define FEATURIZER_YAML_MAX ((uint64_t)1 << 20)

struct featurizer_opts {
	int text, image;               /* branches on */
	struct textfeat_opts text_o;
	struct patchfeat_opts patch_o; /* patch_o.size is the working resolution */
	int hog;                       /* gradient features with the image branch */
	struct hogfeat_opts hog_o;
	uint64_t fit_images;           /* photos used to learn the patch dictionary */
	uint64_t seed;
	int threads;
};

void featurizer_default_opts(struct featurizer_opts *o);

struct featurizer {
	struct featurizer_opts o;
	struct textfeat *text;         /* NULL when off */
	struct patchfeat *patch;       /* NULL when off */
	int hog;                       /* gradient features on (only with patch) */
	struct hogfeat_opts hog_o;
	uint32_t dense, sparse;        /* widths of a row */
	char digest[DIGEST_HEX_LEN + 1];
};

/* Column names of the dense part (dense of them, static or owned by f). */
const char *featurizer_dense_name(const struct featurizer *f, uint32_t i);
/* A stream header for this featurizer (free it with pct_header_free). */
void featurizer_header(const struct featurizer *f, struct pct_header *h);

/* Add the featurizer's entries to an archive and set f->digest from them. */
int featurizer_save(struct featurizer *f, struct pcm *a);
/* Write a featurizer archive (MANIFEST.yaml + entries) atomically to path. */
int featurizer_write(struct featurizer *f, const char *path);
/* Load from the entries of an archive (featurizer or model); NULL after reporting. */
struct featurizer *featurizer_from_pcm(const struct pcm *a, const char *name);
/* The same, its large tables taken out of `a` (pcm_take) rather than copied: for a
 * caller that is done with the archive. */
struct featurizer *featurizer_take_from_pcm(struct pcm *a, const char *name);
/* Read an archive and load; NULL after reporting.  Only MANIFEST.yaml and the
 * featurizer's entries are kept (a model's network is verified against SHA256SUMS, not
 * kept), each checked by featurizer_check_entry before its data is read. */
struct featurizer *featurizer_read(const char *path);
/*
 * For an archive reader's check (pcm.h, pcm_read_opts): entry `name` of `size` bytes, with
 * its first headlen bytes at head, against what the entries before it (sofar) say.  0 if
 * it is not a featurizer's entry; 1 if it is and agrees: featurizer.yaml at most
 * FEATURIZER_YAML_MAX bytes; text/idf.npy float32 of shape (sparse,) (any up to
 * 2^TEXTFEAT_MAX_BITS when sparse is 0), or its coded form (text/idf.codes.npy uint8 of
 * the same shape, text/idf.common.npy float32 of at most 255 values, text/idf.rare.npy
 * float32 of at most as many as the buckets), text/ndocs.npy int64 (1,); image/patch_opts.npy
 * int64 (8,), image/patch_params.npy float32 (2,), and the mean, whitening and centroids
 * of the shapes patch_opts gives when it comes before them; each exactly its .npy header
 * and items in size.  -1 after reporting.
 */
int featurizer_check_entry(const struct pcm *sofar, const char *name, uint64_t size,
			   const unsigned char *head, size_t headlen, uint32_t sparse);
void featurizer_free(struct featurizer *f);

/*
 * The image part of a row (f->dense values) from a decoded photo (image_load_jpeg at the
 * working resolution, patch_o.size): resized into `sized`, then the colour statistics,
 * the patch features, the gradient features (on `sized` when hog_o.size is the working
 * resolution, else on `decoded`) and the flag image_missing, 0.  The works are the
 * caller's per-thread scratch (hw: hogfeat_work_init; zeroed is fine).  pc-embed and
 * pc-serve both make rows with it, so a product scores the same either way.
 */
void featurizer_image_row(const struct featurizer *f, const struct image *decoded,
			  struct image *sized, struct patchfeat_work *pw,
			  struct hogfeat_work *hw, float *row);

/* Fill the layout fields (dense, sparse) from the parts present. */
void featurizer_layout(struct featurizer *f);

#endif
