/*
 * htmlout: writing the toolkit's self-contained HTML pages (pc-drift --html, the loop's
 * report): text escaped for element content and attribute values.
 */
#ifndef PC_HTMLOUT_H
#define PC_HTMLOUT_H

#include <stdio.h>

/* `s` with < > & " written as entities. */
void html_put_text(FILE *fp, const char *s);

#endif
