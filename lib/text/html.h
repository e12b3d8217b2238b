/*
 * html: turn the HTML of product descriptions into plain text: tags become spaces (block
 * tags and <br> a newline), comments, <script> and <style> content are dropped, and
 * character references are decoded: the 253 named entities of HTML 4 plus &apos;, and
 * numeric ones (&#233; &#xE9;).  A reference that names nothing is kept as written.
 * Double-encoded text ("&amp;eacute;", common in scraped catalogues) is decoded twice.
 */
#ifndef PC_HTML_H
#define PC_HTML_H

#include <stddef.h>

#include "base/sbuf.h"

/* Append the text of `s[0..n)` to `out`; returns whether any tag or reference was seen. */
int html_to_text(const char *s, size_t n, struct sbuf *out);

/* Decode one character reference at s (pointing at '&'); on success store the code point
 * and return the bytes it spans, else 0. */
size_t html_entity(const char *s, size_t n, unsigned *cp);

#endif
