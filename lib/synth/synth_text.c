/* synth_text: titles and descriptions of synthetic products; see synth_text.h. */
#include "synth/synth_text.h"
#include "synth/synth_class.h"
#include "synth/synth_vocab.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <string.h>

/* How strongly the future replaces the past, and how often sellers slip. */
static const double P_FUTURE_WORD = 0.85, P_FUTURE_BRAND = 0.9, P_FUTURE_STYLE = 0.9,
	P_FGROUP = 0.5;
#define P_BORROW 0.16        /* written with a neighbouring category's words */
#define P_UPPER 0.05
#define P_SENTENCE 0.12
#define P_TYPO 0.12
#define P_TRAILING_REF 0.08
#define P_ENTITIES 0.4
#define MAX_DEPTH 4

void synth_text_free(struct synth_text *t)
{
	sbuf_free(&t->title);
	sbuf_free(&t->desc);
}

static const char *pick(struct rng *r, synth_list l)
{
	size_t n = synth_list_len(l);

	return n ? l[rng_below(r, n)] : "";
}

static int chance(struct rng *r, double p)
{
	return rng_uniform(r) < p;
}

void synth_future_brand(char *buf, size_t size, int cls, int k)
{
	struct rng r;
	size_t nsyl = synth_list_len(synth_syllables), len = 0;
	int parts;

	rng_stream(&r, 0x66757475726bULL, (uint64_t)cls * 64 + (uint64_t)k);
	parts = 2 + (int)rng_below(&r, 2);
	buf[0] = '\0';
	for (int i = 0; i < parts; i++) {
		const char *s = synth_syllables[rng_below(&r, nsyl)];
		size_t n = strlen(s);

		if (len + n + 1 > size)
			break;
		memcpy(buf + len, s, n + 1);
		len += n;
	}
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
}

/* ---- template expansion ---- */

struct ctx {
	struct rng *r;
	int cls;
	int future;
	int lang; /* 0 French, 1 English, 2 German */
};

static void expand(struct ctx *c, struct sbuf *out, const char *tpl, int depth);

static void put_number(struct ctx *c, struct sbuf *out, char kind)
{
	if (kind == '#')
		sbuf_printf(out, "%ld", 1 + (long)rng_below(c->r, 1 + rng_below(c->r, 99)));
	else
		sbuf_printf(out, "%ld", 100 + (long)rng_below(c->r, 900));
}

/* Size patterns: '#' and '@' are numbers, braces are slots. */
static void put_size(struct ctx *c, struct sbuf *out, int depth)
{
	struct sbuf tmp = SBUF_INIT;

	expand(c, &tmp, pick(c->r, synth_vocab[c->cls].sizes), depth + 1);
	for (size_t i = 0; i < tmp.len; i++) {
		if (tmp.s[i] == '#' || tmp.s[i] == '@')
			put_number(c, out, tmp.s[i]);
		else
			sbuf_add(out, tmp.s + i, 1);
	}
	sbuf_free(&tmp);
}

static void put_ref(struct ctx *c, struct sbuf *out)
{
	static const char *const pats[] = { "AA-9999-AA", "Aa9-999", "Aaa99999", "9999-9999",
					     "AA9999", "A9999Aa", NULL };
	const char *p = pick(c->r, pats);

	for (; *p; p++) {
		char ch = *p;

		if (ch == 'A')
			ch = (char)('A' + rng_below(c->r, 26));
		else if (ch == 'a')
			ch = (char)('a' + rng_below(c->r, 26));
		else if (ch == '9')
			ch = (char)('0' + rng_below(c->r, 10));
		sbuf_add(out, &ch, 1);
	}
}

static void put_brand(struct ctx *c, struct sbuf *out)
{
	char buf[64];

	if (c->future && chance(c->r, P_FUTURE_BRAND)) {
		synth_future_brand(buf, sizeof(buf), c->cls, (int)rng_below(c->r, SYNTH_FUTURE_BRANDS));
		sbuf_adds(out, buf);
		return;
	}
	sbuf_adds(out, pick(c->r, synth_vocab[c->cls].brands));
}

static void put_noun(struct ctx *c, struct sbuf *out)
{
	const struct synth_vocab *v = &synth_vocab[c->cls];
	enum synth_group g = synth_classes[c->cls].group;
	synth_list shared = synth_group_nouns[g];

	if (c->future && chance(c->r, P_FUTURE_WORD)) {
		/* the future's groups share new words too, if less than the past's do */
		if (synth_future_group_nouns[g] && chance(c->r, v->p_shared * P_FGROUP))
			sbuf_adds(out, pick(c->r, synth_future_group_nouns[g]));
		else
			sbuf_adds(out, pick(c->r, v->future));
	} else if (shared && chance(c->r, v->p_shared))
		sbuf_adds(out, pick(c->r, shared));
	else
		sbuf_adds(out, pick(c->r, v->nouns));
}

/* {G} {M} {t}: the future takes them from the category's future list, or for games
 * from the new releases of category 40. */
static int put_future(struct ctx *c, struct sbuf *out, int games)
{
	if (!c->future || !chance(c->r, P_FUTURE_WORD))
		return 0;
	if (games) {
		sbuf_adds(out, pick(c->r, synth_vocab[synth_class_index(40)].future));
	} else {
		sbuf_adds(out, pick(c->r, synth_vocab[c->cls].future));
	}
	return 1;
}

static void put_person(struct ctx *c, struct sbuf *out)
{
	sbuf_adds(out, pick(c->r, synth_first_names));
	sbuf_adds(out, " ");
	sbuf_adds(out, pick(c->r, synth_last_names));
}

static void put_game(struct ctx *c, struct sbuf *out)
{
	if (put_future(c, out, 1))
		return;
	sbuf_adds(out, pick(c->r, synth_game_words));
	if (chance(c->r, 0.6)) {
		sbuf_adds(out, chance(c->r, 0.5) ? " : " : " ");
		sbuf_adds(out, pick(c->r, synth_game_subtitles));
	}
}

static void put_slot(struct ctx *c, struct sbuf *out, char k, int depth)
{
	struct rng *r = c->r;

	switch (k) {
	case 'N': put_noun(c, out); break;
	case 'B': put_brand(c, out); break;
	case 'A':
		if (c->future && chance(r, P_FUTURE_WORD))
			sbuf_adds(out, pick(r, chance(r, 0.25) ? synth_future_attrs
							       : synth_vocab[c->cls].future_attrs));
		else
			sbuf_adds(out, pick(r, synth_vocab[c->cls].attrs));
		break;
	case 'C': sbuf_adds(out, pick(r, c->lang ? synth_colours_en : synth_colours)); break;
	case 'S': put_size(c, out, depth); break;
	case 'Q': expand(c, out, pick(r, synth_quantities), depth + 1); break;
	case 'K': sbuf_adds(out, pick(r, synth_conditions)); break;
	case 'T': expand(c, out, pick(r, synth_title_patterns), depth + 1); break;
	case 'E': sbuf_adds(out, pick(r, synth_title_en)); break;
	case 'U': sbuf_adds(out, pick(r, synth_title_de)); break;
	case 'P': put_person(c, out); break;
	case 'M':
		if (!put_future(c, out, 0))
			sbuf_adds(out, pick(r, synth_magazines));
		break;
	case 'D':
		sbuf_printf(out, "%02ld/", 1 + (long)rng_below(r, 28));
		sbuf_printf(out, "%02ld/", 1 + (long)rng_below(r, 12));
		sbuf_printf(out, "%ld", 1850 + (long)rng_below(r, 160));
		break;
	case 'Y': sbuf_printf(out, "%ld", 1960 + (long)rng_below(r, 60)); break;
	case '#': put_number(c, out, '#'); break;
	case 'n': sbuf_printf(out, "%ld", 2 + (long)rng_below(r, 11)); break;
	case 'G': put_game(c, out); break;
	case 'L':
		sbuf_adds(out, pick(r, c->future && chance(r, P_FUTURE_WORD) ? synth_future_platforms
									    : synth_platforms));
		break;
	case 'F':
		sbuf_adds(out, pick(r, c->future && chance(r, P_FUTURE_WORD) ? synth_future_licences
									    : synth_licences));
		break;
	case 'R': put_ref(c, out); break;
	case 't':
		if (!put_future(c, out, 0))
			sbuf_adds(out, pick(r, synth_title_nouns));
		break;
	case 'j': sbuf_adds(out, pick(r, synth_title_adjs)); break;
	case 'p': sbuf_adds(out, pick(r, synth_title_places)); break;
	default: sbuf_add(out, &k, 1); break;
	}
}

static void expand(struct ctx *c, struct sbuf *out, const char *tpl, int depth)
{
	const char *p = tpl;

	if (depth > MAX_DEPTH)
		return;
	while (*p) {
		const char *open = strchr(p, '{');

		if (!open || !open[1] || open[2] != '}') {
			sbuf_adds(out, p);
			return;
		}
		sbuf_add(out, p, (size_t)(open - p));
		put_slot(c, out, open[1], depth);
		p = open + 3;
	}
}

/* ---- seller habits: case, typos, markup ---- */

/* Latin-1 letters are two UTF-8 bytes, C3 then 0x80-0x9E (upper) or 0xA0-0xBE (lower). */
static void set_case(struct sbuf *b, int upper, size_t from)
{
	unsigned char *s = (unsigned char *)b->s;

	for (size_t i = from; i < b->len; i++) {
		if (upper && s[i] >= 'a' && s[i] <= 'z')
			s[i] = (unsigned char)(s[i] - 32);
		else if (!upper && s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (unsigned char)(s[i] + 32);
		else if (s[i] == 0xC3 && i + 1 < b->len) {
			unsigned char n = s[i + 1];

			if (upper && n >= 0xA0 && n <= 0xBE && n != 0xB7)
				s[i + 1] = (unsigned char)(n - 0x20);
			else if (!upper && n >= 0x80 && n <= 0x9E && n != 0x97)
				s[i + 1] = (unsigned char)(n + 0x20);
			i++;
		}
	}
}

static int is_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* One slip of the keyboard on an ASCII letter: swap, drop or double. */
static void typo(struct sbuf *b, struct rng *r)
{
	size_t i;
	int tries = 8;

	if (b->len < 4)
		return;
	do
		i = (size_t)rng_below(r, b->len - 1);
	while (!(is_alpha(b->s[i]) && is_alpha(b->s[i + 1])) && --tries);
	if (!tries)
		return;
	switch (rng_below(r, 3)) {
	case 0: {
		char t = b->s[i];

		b->s[i] = b->s[i + 1];
		b->s[i + 1] = t;
		break;
	}
	case 1:
		memmove(b->s + i, b->s + i + 1, b->len - i);
		b->len--;
		break;
	default:
		xgrow(&b->s, &b->cap, b->len + 2, 1);
		memmove(b->s + i + 1, b->s + i, b->len - i + 1);
		b->len++;
		break;
	}
}

static const struct {
	const char *utf8, *entity;
} entities[] = {
	{ "é", "&eacute;" }, { "è", "&egrave;" }, { "ê", "&ecirc;" }, { "à", "&agrave;" },
	{ "ç", "&ccedil;" }, { "ô", "&ocirc;" }, { "î", "&icirc;" }, { "û", "&ucirc;" },
	{ "É", "&Eacute;" }, { "'", "&#39;" }, { "&", "&amp;" }, { "°", "&deg;" },
};

/* Append `s`, written with HTML entities when `ent`, else as is. */
static void put_html(struct sbuf *out, const char *s, int ent)
{
	if (!ent) {
		sbuf_adds(out, s);
		return;
	}
	while (*s) {
		size_t i, n = 0;

		for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
			n = strlen(entities[i].utf8);
			if (!strncmp(s, entities[i].utf8, n))
				break;
		}
		if (i < sizeof(entities) / sizeof(entities[0])) {
			sbuf_adds(out, entities[i].entity);
			s += n;
		} else {
			sbuf_add(out, s, 1);
			s++;
		}
	}
}

enum desc_style { D_PLAIN, D_BR, D_P, D_LIST };

static void make_desc(struct ctx *c, struct synth_text *t)
{
	const struct synth_vocab *v = &synth_vocab[c->cls];
	struct sbuf sent = SBUF_INIT;
	int nsent = 1 + (int)rng_below(c->r, 4);
	int ent = chance(c->r, P_ENTITIES);
	double u = rng_uniform(c->r);
	enum desc_style style = u < 0.4 ? D_PLAIN : u < 0.65 ? D_BR : u < 0.85 ? D_P : D_LIST;
	synth_list generic = c->lang == 1 ? synth_desc_en : c->lang == 2 ? synth_desc_de
							     : synth_desc_generic;

	if (chance(c->r, 0.3)) {
		/* many sellers open with the title again */
		put_html(&t->desc, t->title.s, ent);
		sbuf_adds(&t->desc, style == D_PLAIN ? " " : "<br>");
	}
	for (int i = 0; i < nsent; i++) {
		synth_list from = c->lang || chance(c->r, 0.25) ? generic : v->desc;

		if (c->future && chance(c->r, P_FUTURE_STYLE))
			from = synth_future_desc;

		sbuf_reset(&sent);
		expand(c, &sent, pick(c->r, from), 0);
		if (style == D_P)
			sbuf_adds(&t->desc, "<p>");
		put_html(&t->desc, sent.s ? sent.s : "", ent);
		if (style == D_P)
			sbuf_adds(&t->desc, "</p>");
		else if (style == D_BR)
			sbuf_adds(&t->desc, "<br />");
		else
			sbuf_adds(&t->desc, " ");
	}
	if (style == D_LIST) {
		static const char *const keys[] = { "Marque", "Couleur", "Dimensions", "Matière" };
		static const char *const slots[] = { "{B}", "{C}", "{S}", "{A}" };

		sbuf_adds(&t->desc, "<strong>Caractéristiques</strong><ul>");
		for (size_t i = 0; i < 4; i++) {
			if (!chance(c->r, 0.7))
				continue;
			sbuf_reset(&sent);
			expand(c, &sent, slots[i], 0);
			sbuf_adds(&t->desc, "<li>");
			sbuf_adds(&t->desc, keys[i]);
			sbuf_adds(&t->desc, " : ");
			put_html(&t->desc, sent.s ? sent.s : "", ent);
			sbuf_adds(&t->desc, "</li>");
		}
		sbuf_adds(&t->desc, "</ul>");
	}
	while (t->desc.len && t->desc.s[t->desc.len - 1] == ' ')
		t->desc.s[--t->desc.len] = '\0';
	sbuf_free(&sent);
}

/* A category of the same confusable group, by prior: the words a seller of `cls`
 * might have used for a product that belongs to `cls` all the same. */
static int borrow(int cls, struct rng *r)
{
	enum synth_group g = synth_classes[cls].group;
	double w[SYNTH_NCLASS];

	for (int k = 0; k < SYNTH_NCLASS; k++)
		w[k] = k != cls && synth_classes[k].group == g ? synth_classes[k].count : 0;
	return (int)rng_choose(r, w, SYNTH_NCLASS);
}

void synth_text_make(struct synth_text *t, int cls, int future, struct rng *r)
{
	const struct synth_vocab *v;
	struct ctx c = { .r = r, .cls = cls, .future = future, .lang = 0 };
	synth_list tpl;
	double u;

	if (synth_classes[cls].group != SYNTH_G_NONE && chance(r, P_BORROW))
		c.cls = borrow(cls, r);
	v = &synth_vocab[c.cls];

	sbuf_reset(&t->title);
	sbuf_reset(&t->desc);
	sbuf_adds(&t->title, "");
	sbuf_adds(&t->desc, "");
	if (chance(r, v->p_foreign))
		c.lang = chance(r, 0.5) ? 1 : 2;
	tpl = c.lang ? v->foreign : v->title;
	if (future && chance(r, P_FUTURE_STYLE))
		tpl = synth_future_titles;
	expand(&c, &t->title, pick(r, tpl), 0);
	for (int k = (int)rng_below(r, 4); k > 0 && !c.lang; k--) {
		sbuf_adds(&t->title, " ");
		expand(&c, &t->title, pick(r, synth_title_extras), 0);
	}
	if (chance(r, P_TRAILING_REF)) {
		sbuf_adds(&t->title, chance(r, 0.5) ? " " : "_");
		put_ref(&c, &t->title);
	}
	u = rng_uniform(r);
	if (u < P_UPPER) {
		set_case(&t->title, 1, 0);
	} else if (u < P_UPPER + P_SENTENCE) {
		/* the first letter stays as written */
		size_t first = (unsigned char)t->title.s[0] >= 0xC0 ? 2 : 1;

		set_case(&t->title, 0, first);
	}
	if (chance(r, P_TYPO)) {
		typo(&t->title, r);
		if (chance(r, 0.3))
			typo(&t->title, r);
	}
	if (chance(r, v->p_desc))
		make_desc(&c, t);
}
