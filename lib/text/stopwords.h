/*
 * stopwords: common function words of French, English and German product text, as
 * written (with accents); NULL-terminated lists.  Words that are also product words
 * ("été", summer) are left out.  Normalised by normalize.c with the same
 * options as the text before use.
 */
#ifndef PC_STOPWORDS_H
#define PC_STOPWORDS_H

extern const char *const stopwords_fr[];
extern const char *const stopwords_en[];
extern const char *const stopwords_de[];

#endif
