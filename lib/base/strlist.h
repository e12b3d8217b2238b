/*
 * strlist: comma-separated lists ("fr,en", "designation,description"), the form every
 * option and configuration key that takes several names uses.
 */
#ifndef PC_STRLIST_H
#define PC_STRLIST_H

#include <stddef.h>

/* Split `s` into a NULL-terminated vector of fresh strings, empty items dropped; *n (if
 * not NULL) gets the count.  Free with strlist_free. */
char **strlist_split(const char *s, size_t *n);
void strlist_free(char **v);
/* 1 if `name` is one of the items of the comma-separated `list`. */
int strlist_has(const char *list, const char *name);

#endif
