/*
 * normalize: French (and German, English) product text to tokens.
 *
 * One call takes the raw bytes of a title or description and appends its tokens, separated
 * by single spaces, to a buffer:
 *  1. invalid UTF-8 is repaired (each bad byte becomes U+FFFD, a separator) and counted;
 *  2. HTML tags are removed and character references decoded (html.h);
 *  3. text is NFKC-normalised and case-folded with utf8proc ("É" -> "é", "ß" -> "ss",
 *     "m²" -> "m2"); with fold_accents, diacritics are stripped too ("é" -> "e");
 *  4. tokens are maximal runs of letters, marks and digits; a comma or point between two
 *     digits is a decimal point ("1,5" -> "1.5"); apostrophes and hyphens separate
 *     ("l'art" -> "l art"); a number followed by a unit becomes one token ("500 ml" ->
 *     "500ml", "3 ans" -> "3ans"); tokens are cut at NORM_MAX_TOKEN bytes;
 *  5. with stop words enabled for a language, its common function words are dropped,
 *     except right after a number ("2 m" keeps its metre).
 * A normalizer is immutable once made, so threads can share it; each thread brings its own
 * struct normalize_work.
 */
#ifndef PC_NORMALIZE_H
#define PC_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"

#define NORM_MAX_TOKEN 64

enum {
	NORM_STOP_FR = 1,
	NORM_STOP_EN = 2,
	NORM_STOP_DE = 4,
};

struct normalize_opts {
	int fold_accents;   /* strip diacritics */
	unsigned stopwords; /* NORM_STOP_* bits */
	int merge_units;    /* "500 ml" -> "500ml" */
};

struct normalize_stats {
	uint64_t invalid_utf8; /* bytes replaced */
	uint64_t html;         /* texts that held markup or references */
	uint64_t tokens;
};

/* The shape of one text before folding (after HTML decoding), for monitoring. */
struct normalize_shape {
	uint64_t chars;    /* code points */
	uint64_t letters;
	uint64_t upper;    /* upper-case letters */
	uint64_t digits;
	int html;          /* held tags or character references */
};

/* Scratch space for one thread; `last` describes the text of the last call. */
struct normalize_work {
	struct sbuf clean, html;
	struct normalize_shape last;
};

struct normalizer;

struct normalizer *normalize_new(const struct normalize_opts *o);
void normalize_free(struct normalizer *nz);
void normalize_work_free(struct normalize_work *w);

/* Append the tokens of s[0..n) to out (a space first when out is not empty); returns the
 * number of tokens appended.  `st` may be NULL. */
size_t normalize_tokens(const struct normalizer *nz, struct normalize_work *w, const char *s, size_t n,
		   struct sbuf *out, struct normalize_stats *st);

/* Parse a stop-word language list such as "fr,en"; returns the bits, or -1 if a name is
 * unknown. */
int normalize_parse_stopwords(const char *list);

#endif
