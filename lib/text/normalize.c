/* normalize: product text to tokens; see normalize.h. */
#include "text/normalize.h"
#include "base/strlist.h"
#include "text/html.h"
#include "text/stopwords.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Code points below FOLD_N are folded and classified through tables made once. */
#define FOLD_N 0x3000

struct normalizer {
	struct normalize_opts o;
	char **stop;          /* normalised stop words, sorted */
	size_t nstop;
	uint32_t *fold_off;   /* fold of cp: fold_pool[fold_off[cp] .. fold_off[cp + 1]) */
	char *fold_pool;
	unsigned char *word;  /* word[cp]: a letter, mark or digit */
};

static const char *const units[] = {
	"ah", "an", "ans", "cl", "cm", "cm2", "cm3", "dl", "g", "gb", "ghz", "go", "h",
	"hz", "kg", "km", "ko", "kw", "l", "m", "m2", "m3", "mah", "mb", "mg", "mhz", "ml",
	"mm", "mo", "mois", "pcs", "tb", "to", "v", "w",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_unit(const char *s, size_t n)
{
	char buf[8];
	const char *key = buf;

	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return bsearch(&key, units, sizeof(units) / sizeof(units[0]), sizeof(units[0]),
		       cmp_str) != NULL;
}

static int is_number(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return 0;
	return n > 0;
}

/* Invalid UTF-8 bytes become U+FFFD. */
static void repair_utf8(const char *s, size_t n, struct sbuf *out, uint64_t *bad)
{
	size_t i = 0;

	sbuf_reserve(out, n);
	while (i < n) {
		size_t run = i;
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;

		while (run < n && (unsigned char)s[run] < 0x80)
			run++;
		sbuf_add(out, s + i, run - i);
		i = run;
		if (i >= n)
			break;
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k < 0) {
			sbuf_add(out, "\xef\xbf\xbd", 3);
			(*bad)++;
			i++;
		} else {
			sbuf_add(out, s + i, (size_t)k);
			i += (size_t)k;
		}
	}
}

static int utf8proc_flags(const struct normalizer *nz)
{
	return UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	       UTF8PROC_IGNORE | (nz->o.fold_accents ? UTF8PROC_STRIPMARK : 0);
}

/* NFKC + case fold (+ strip marks) of valid UTF-8 by utf8proc; a malloc'd string. */
static char *fold_slow(const struct normalizer *nz, const char *s, size_t n, size_t *len)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
					  (utf8proc_option_t)utf8proc_flags(nz));

	if (m < 0) {
		/* cannot happen on repaired input; keep the text as it is */
		*len = n;
		return xstrndup(s, n);
	}
	*len = (size_t)m;
	return (char *)dst;
}

/* Decode one code point of valid UTF-8 at s; returns its length. */
static size_t decode(const unsigned char *s, utf8proc_int32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xe0) {
		*cp = ((s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if (s[0] < 0xf0) {
		*cp = ((s[0] & 0x0f) << 12) | ((s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return 3;
	}
	*cp = ((s[0] & 0x07) << 18) | ((s[1] & 0x3f) << 12) | ((s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	return 4;
}

/*
 * The same as fold_slow, a character at a time through the tables.  Folding one character
 * at a time equals folding the text as long as no combining mark has to compose with the
 * character before it; text with marks outside the tables' reach, or with combining
 * marks when accents are kept, goes the slow way.
 */
static char *fold(const struct normalizer *nz, const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	struct sbuf out = SBUF_INIT;

	sbuf_reserve(&out, n + 8);
	while (p < end) {
		utf8proc_int32_t cp;
		size_t k;

		if (*p < 0x80) {
			char c = (char)*p++;

			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			if (out.len + 1 >= out.cap)
				sbuf_reserve(&out, 1);
			out.s[out.len++] = c;
			continue;
		}
		k = decode(p, &cp);
		if (cp >= FOLD_N || (!nz->o.fold_accents && cp >= 0x300 && cp < 0x370)) {
			sbuf_free(&out);
			return fold_slow(nz, s, n, len);
		}
		sbuf_add(&out, nz->fold_pool + nz->fold_off[cp],
			 nz->fold_off[cp + 1] - nz->fold_off[cp]);
		p += k;
	}
	if (!out.s)
		sbuf_reserve(&out, 0);
	out.s[out.len] = '\0';
	*len = out.len;
	return out.s;
}

static void build_tables(struct normalizer *nz)
{
	struct sbuf pool = SBUF_INIT;

	nz->fold_off = xmalloc((FOLD_N + 1) * sizeof(*nz->fold_off));
	nz->word = xmalloc(FOLD_N);
	for (utf8proc_int32_t cp = 0; cp < FOLD_N; cp++) {
		utf8proc_uint8_t enc[8], *dst = NULL;
		utf8proc_ssize_t k = utf8proc_encode_char(cp, enc);
		utf8proc_category_t cat = utf8proc_category(cp);

		nz->word[cp] = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
		nz->fold_off[cp] = (uint32_t)pool.len;
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		if (cp == 0 || k <= 0)
			continue;
		k = utf8proc_map(enc, k, &dst, (utf8proc_option_t)utf8proc_flags(nz));
		if (k > 0)
			sbuf_add(&pool, dst, (size_t)k);
		free(dst);
	}
	nz->fold_off[FOLD_N] = (uint32_t)pool.len;
	nz->fold_pool = pool.s;
}

static int word_char(const struct normalizer *nz, utf8proc_int32_t cp)
{
	utf8proc_category_t c;

	if (cp < FOLD_N)
		return nz->word[cp];
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

static int is_digit_at(const char *t, size_t n, size_t i)
{
	return i < n && t[i] >= '0' && t[i] <= '9';
}

static int is_stop(const struct normalizer *nz, const char *tok, size_t n)
{
	char buf[NORM_MAX_TOKEN + 1];
	const char *key = buf;

	if (!nz->nstop)
		return 0;
	memcpy(buf, tok, n);
	buf[n] = '\0';
	return bsearch(&key, nz->stop, nz->nstop, sizeof(*nz->stop), cmp_str) != NULL;
}

/* Split folded text t[0..n) into tokens appended to out. */
static size_t tokenize(const struct normalizer *nz, const char *t, size_t n, struct sbuf *out)
{
	size_t i = 0, count = 0;
	size_t last_at = 0, last_len = 0; /* the previous emitted token in out */
	int last_number = 0, only_space = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		size_t k = decode((const unsigned char *)t + i, &cp);
		char tok[NORM_MAX_TOKEN + 8];
		size_t tl = 0;

		if (!word_char(nz, cp)) {
			if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r')
				only_space = 0;
			i += k;
			continue;
		}
		/* a run of word characters, decimal separators between digits kept as '.' */
		while (i < n) {
			k = decode((const unsigned char *)t + i, &cp);
			if ((cp == '.' || cp == ',') && tl && tok[tl - 1] >= '0' &&
			    tok[tl - 1] <= '9' && is_digit_at(t, n, i + 1)) {
				if (tl < NORM_MAX_TOKEN)
					tok[tl++] = '.';
				i++;
				continue;
			}
			if (!word_char(nz, cp))
				break;
			if (tl + k <= NORM_MAX_TOKEN) {
				memcpy(tok + tl, t + i, k);
				tl += k;
			}
			i += k;
		}
		if (nz->o.merge_units && last_number && only_space && is_unit(tok, tl) &&
		    last_len + tl <= NORM_MAX_TOKEN) {
			sbuf_add(out, tok, tl);
			last_len += tl;
			last_number = 0;
			continue;
		}
		/* after a number a word is a unit or a count, never a function word */
		if (!(last_number && only_space) && is_stop(nz, tok, tl)) {
			last_number = 0;
			continue;
		}
		if (out->len)
			sbuf_addc(out, ' ');
		last_at = out->len;
		sbuf_add(out, tok, tl);
		last_len = tl;
		last_number = is_number(out->s + last_at, last_len);
		only_space = 1;
		count++;
	}
	return count;
}

struct normalizer *normalize_new(const struct normalize_opts *o)
{
	struct normalizer *nz = xcalloc(1, sizeof(*nz));
	const char *const *lists[3] = { stopwords_fr, stopwords_en, stopwords_de };
	size_t cap = 0;

	nz->o = *o;
	build_tables(nz);
	for (int l = 0; l < 3; l++) {
		if (!(o->stopwords & (1u << l)))
			continue;
		for (const char *const *w = lists[l]; *w; w++) {
			size_t len;
			char *f = fold(nz, *w, strlen(*w), &len);

			xgrow(&nz->stop, &cap, nz->nstop + 1, sizeof(*nz->stop));
			nz->stop[nz->nstop++] = f;
		}
	}
	if (nz->nstop)
		qsort(nz->stop, nz->nstop, sizeof(*nz->stop), cmp_str);
	return nz;
}

void normalize_free(struct normalizer *nz)
{
	if (!nz)
		return;
	for (size_t i = 0; i < nz->nstop; i++)
		free(nz->stop[i]);
	free(nz->stop);
	free(nz->fold_off);
	free(nz->fold_pool);
	free(nz->word);
	free(nz);
}

void normalize_work_free(struct normalize_work *w)
{
	sbuf_free(&w->clean);
	sbuf_free(&w->html);
}

static void measure(const struct normalizer *nz, const char *t, size_t n, struct normalize_shape *sh)
{
	const unsigned char *p = (const unsigned char *)t, *end = p + n;

	while (p < end) {
		utf8proc_int32_t cp;

		p += decode(p, &cp);
		sh->chars++;
		if (cp < 0x80) {
			if (cp >= '0' && cp <= '9')
				sh->digits++;
			else if (cp >= 'a' && cp <= 'z')
				sh->letters++;
			else if (cp >= 'A' && cp <= 'Z')
				sh->letters++, sh->upper++;
			continue;
		}
		if (!word_char(nz, cp))
			continue;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LT:
			sh->upper++;
			/* fall through */
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
			sh->letters++;
			break;
		case UTF8PROC_CATEGORY_ND:
			sh->digits++;
			break;
		default:
			break;
		}
	}
}

size_t normalize_tokens(const struct normalizer *nz, struct normalize_work *w, const char *s, size_t n,
		   struct sbuf *out, struct normalize_stats *st)
{
	uint64_t bad = 0;
	size_t flen, count;
	char *folded;
	int html;

	sbuf_reset(&w->clean);
	sbuf_reset(&w->html);
	repair_utf8(s, n, &w->clean, &bad);
	html = html_to_text(w->clean.s ? w->clean.s : "", w->clean.len, &w->html);
	memset(&w->last, 0, sizeof(w->last));
	w->last.html = html;
	measure(nz, w->html.s ? w->html.s : "", w->html.len, &w->last);
	folded = fold(nz, w->html.s ? w->html.s : "", w->html.len, &flen);
	count = tokenize(nz, folded, flen, out);
	free(folded);
	if (st) {
		st->invalid_utf8 += bad;
		st->html += (uint64_t)html;
		st->tokens += count;
	}
	return count;
}

int normalize_parse_stopwords(const char *list)
{
	char **v = strlist_split(list, NULL);
	int bits = 0;

	for (char **p = v; *p && bits >= 0; p++) {
		if (!strcmp(*p, "fr"))
			bits |= NORM_STOP_FR;
		else if (!strcmp(*p, "en"))
			bits |= NORM_STOP_EN;
		else if (!strcmp(*p, "de"))
			bits |= NORM_STOP_DE;
		else if (strcmp(*p, "none"))
			bits = -1;
	}
	strlist_free(v);
	return bits;
}
