/*
 * synth_vocab: the word lists from which the synthetic catalogue writes its titles and
 * descriptions: per category, title templates, product nouns, brands, attributes, sizes,
 * description sentences, and the product lines and attributes that only the "future"
 * (drift) knows; and the lists every category shares (colours, platforms, licences,
 * book-title grammar, names, magazines, generic and foreign sentences, and the future's
 * platforms, licences, templates and sentences).  The future's words are new: product
 * lines whose names recur (so that a few labelled examples teach them), few of their
 * words written anywhere in the past.
 *
 * Templates are text with slots in braces, filled by synth_text:
 *   {N} product noun (the category's, or its confusable group's)   {B} brand
 *   {A} attribute   {C} colour   {S} size   {Q} quantity   {K} condition
 *   {T} book title   {P} person   {M} magazine   {D} date   {Y} year
 *   {#} number 1-999   {n} count 2-12   {G} video-game title   {L} platform
 *   {F} licence   {R} maker's reference   {E} English title   {U} German title
 * and, inside book-title patterns, {t} title noun, {j} adjective, {p} place.
 * In size patterns '#' is a number 1-99 and '@' a number 100-999.
 * Lists are NULL-terminated.
 */
#ifndef PC_SYNTH_VOCAB_H
#define PC_SYNTH_VOCAB_H

#include <stddef.h>

#include "synth/synth_class.h"

typedef const char *const *synth_list;

struct synth_vocab {
	synth_list title;    /* French title templates */
	synth_list foreign;  /* English or German title templates */
	synth_list nouns;    /* product nouns of this category only */
	synth_list brands;
	synth_list attrs;
	synth_list sizes;
	synth_list future;   /* words for {N}, {G}, {M} and {T} that the past never had */
	synth_list future_attrs; /* the future's {A} */
	synth_list desc;     /* description sentences */
	double p_shared;     /* chance that {N} takes a noun of the group instead */
	double p_foreign;    /* chance that the product is written in English or German */
	double p_desc;       /* chance that the product has a description */
};

/* Indexed like synth_classes. */
extern const struct synth_vocab synth_vocab[SYNTH_NCLASS];
/* Nouns shared inside each confusable group (NULL for SYNTH_G_NONE), the past's and the
 * future's. */
extern const synth_list synth_group_nouns[SYNTH_G_COUNT];
extern const synth_list synth_future_group_nouns[SYNTH_G_COUNT];

extern const char *const synth_colours[];
extern const char *const synth_colours_en[];
extern const char *const synth_conditions[];
extern const char *const synth_quantities[];
extern const char *const synth_platforms[];
extern const char *const synth_licences[];
extern const char *const synth_first_names[];
extern const char *const synth_last_names[];
extern const char *const synth_magazines[];
extern const char *const synth_title_patterns[];
extern const char *const synth_title_nouns[];
extern const char *const synth_title_adjs[];
extern const char *const synth_title_places[];
extern const char *const synth_title_en[];
extern const char *const synth_title_de[];
extern const char *const synth_game_words[];
extern const char *const synth_game_subtitles[];
extern const char *const synth_desc_generic[];
extern const char *const synth_desc_en[];
extern const char *const synth_desc_de[];
extern const char *const synth_syllables[];
extern const char *const synth_title_extras[];
extern const char *const synth_future_titles[];
extern const char *const synth_future_attrs[];
extern const char *const synth_future_platforms[];
extern const char *const synth_future_licences[];
extern const char *const synth_future_desc[];

size_t synth_list_len(synth_list l);

#endif
