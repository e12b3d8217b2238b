/*
 * synth_catalog: a synthetic catalogue in the Rakuten challenge's layout, written as a
 * whole directory: X.csv (",designation,description,productid,imageid"), Y.csv
 * (",prdtypecode") and images/image_<imageid>_product_<productid>.jpg.
 *
 * Every product is planned from its own random stream, numbered by its row within the
 * stream of (seed, week), so the output is the same at any thread count.  Product and
 * image ids are keyed permutations of (week, row): unique within a catalogue and across
 * the weeks of one seed.
 *
 * The directory appears whole or not at all: it is built as a hidden sibling
 * ".DIR.tmpXXXXXX" and renamed into place at the end.  An existing DIR that is not
 * empty is refused unless `force`, which replaces it only once the new one is complete.
 * On an error, SIGINT, SIGTERM or SIGHUP the partial directory is removed.
 */
#ifndef PC_SYNTH_CATALOG_H
#define PC_SYNTH_CATALOG_H

#include <stdint.h>

#define SYNTH_MAX_PRODUCTS (1L << 22)
#define SYNTH_MAX_WEEK 255
#define SYNTH_LABEL_NOISE 0.03

struct synth_opts {
	long n;           /* products, 1..SYNTH_MAX_PRODUCTS */
	uint64_t seed;
	long week;        /* 0..SYNTH_MAX_WEEK */
	double drift;     /* fraction of products drawn from the future, 0..1 */
	int image_size;   /* square photos, pixels */
	int quality;      /* JPEG quality */
	int threads;
	int force;        /* replace an existing non-empty directory */
};

/* One product as planned before any text or pixel is drawn. */
struct synth_product {
	uint64_t productid, imageid;
	int cls;          /* true category, an index into synth_classes */
	int label;        /* the category written to Y.csv: wrong for a few percent */
	int future;       /* drawn from the drifted catalogue */
	uint64_t text_seed[4], image_seed[4]; /* rng states of its text and photo */
};

void synth_opts_default(struct synth_opts *o);

/* Plan product `i` of the catalogue `o` describes. */
void synth_product_plan(struct synth_product *p, const struct synth_opts *o, long i);

/* Paint the photo of `p` into `rgb` (image_size squared, RGB). */
void synth_product_photo(const struct synth_product *p, const struct synth_opts *o, uint8_t *rgb);

/* Write the catalogue into `dir`.  0, or -1 after reporting a failure; -2 after
 * reporting bad usage (an existing directory without force, a parent that does not
 * exist or cannot be written). */
int synth_catalog_write(const char *dir, const struct synth_opts *o);

#endif
