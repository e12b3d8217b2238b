/*
 * page: the page GET / serves, share/serve/index.html built into the program (the build
 * turns it into page.c), so that pc-serve needs no file besides itself: HTML, CSS and a
 * little JavaScript in one document, nothing loaded from elsewhere.
 */
#ifndef PC_SERVE_PAGE_H
#define PC_SERVE_PAGE_H

#include <stddef.h>

extern const unsigned char serve_page[];
extern const size_t serve_page_len;

#endif
