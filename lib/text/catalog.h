/*
 * catalog: products as pc-tokenize reads them, from the challenge's layout (X.csv, labels
 * in Y.csv joined on the index column, photos named image_<imageid>_product_<productid>.jpg
 * in a directory) or from any CSV/TSV with named columns.
 *
 * Defaults follow the file: the id is the first column (the challenge's unnamed index);
 * the text columns are "designation,description" when the header has them, else "title"
 * and "description", else "text"; the label is the column "prdtypecode" or "label" of the
 * labels file (or of the products file without one); the image is the column "image" or,
 * with an image directory and the columns "imageid" and "productid", the challenge's name.
 */
#ifndef PC_CATALOG_H
#define PC_CATALOG_H

#include "base/strmap.h"

#include <stddef.h>
#include <stdint.h>

#include "formats/table.h"

#define CATALOG_MAX_TEXT 16

struct catalog_opts {
	const char *path;       /* products: CSV or TSV, "-" for stdin */
	enum table_format format;
	const char *labels;     /* labels file joined on the id, or NULL */
	const char *images;     /* photo directory, or NULL */
	const char *id_col;     /* NULL: the first column */
	const char *text_cols;  /* comma-separated, NULL: by the header */
	const char *label_col;  /* NULL: "prdtypecode" or "label" */
	const char *image_col;  /* NULL: "image" if present */
	int check_images;       /* stat each photo and count the missing */
};

struct catalog_item {
	const char *id;
	size_t id_len;
	const char *label;      /* "" when unlabelled */
	const char *image;      /* path, or "" */
	const char *text[CATALOG_MAX_TEXT];
	size_t text_len[CATALOG_MAX_TEXT];
	size_t ntext;
};

struct catalog_stats {
	uint64_t rows;
	uint64_t labelled;
	uint64_t images_missing;
	char *first_missing;    /* the first missing photo's path */
};

struct catalog;

/* Open the products (and labels) files; NULL after reporting. */
struct catalog *catalog_open(const struct catalog_opts *o);
/* Read a labels file (challenge Y.csv or TSV: the id in `id_col` or the first column, the
 * label in `label_col`, "prdtypecode" or "label", or the second of two columns) into
 * `labels` (initialised here); *name gets the file's name for messages (malloc'd, may be
 * NULL).  0, or -1 after reporting a missing column or a duplicate id. */
int catalog_load_labels(const char *path, const char *id_col, const char *label_col,
			struct strmap *labels, char **name);

/* Next product: 1, 0 at the end, -1 after reporting "file:line: ...".  Pointers in `it`
 * are valid until the next call. */
int catalog_next(struct catalog *c, struct catalog_item *it);
/* Names of the text columns in use. */
size_t catalog_text_names(const struct catalog *c, const char *const **names);
const struct catalog_stats *catalog_stats(const struct catalog *c);
void catalog_close(struct catalog *c);

#endif
