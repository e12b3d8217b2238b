/*
 * tokenize: the pc-tokenize pipeline.  Products from a catalog are read in batches,
 * normalised on all threads (normalize.h), and written in input order as TSV with the
 * columns id, label, image, tokens.  The tokens of successive text columns are separated
 * by a lone "|" token (never a token itself, since "|" is no word character), so that
 * pc-embed can weigh or hash the title and the description apart.
 */
#ifndef PC_TOKENIZE_H
#define PC_TOKENIZE_H

#include <stdint.h>
#include <stdio.h>

#include "text/catalog.h"
#include "text/normalize.h"

struct tokenize_stats {
	uint64_t rows;
	struct normalize_stats norm;
};

/* Write the header and every product; 0, or -1 after reporting.  `threads` >= 1. */
int tokenize_catalog(struct catalog *c, const struct normalizer *nz, FILE *out, int threads,
		     struct tokenize_stats *st);

#endif
