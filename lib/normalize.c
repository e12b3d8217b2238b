/* normalize: product text to tokens; see normalize.h. */
#include "normalize.h"
#include "html.h"
#include "stopwords.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct normalizer {
	struct norm_opts o;
	char **stop;        /* normalised stop words, sorted */
	size_t nstop;
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

/* NFKC + case fold (+ strip marks) of valid UTF-8; returns a malloc'd string. */
static char *fold(const struct normalizer *nz, const char *s, size_t n, size_t *len)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t m;
	int ascii = 1;
	char *out;

	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] >= 0x80) {
			ascii = 0;
			break;
		}
	}
	if (ascii) {
		out = xmalloc(n + 1);
		for (size_t i = 0; i < n; i++)
			out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
		out[n] = '\0';
		*len = n;
		return out;
	}
	m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
			 UTF8PROC_IGNORE | (nz->o.fold_accents ? UTF8PROC_STRIPMARK : 0));
	if (m < 0) {
		/* cannot happen on repaired input; keep the text as it is */
		*len = n;
		return xstrndup(s, n);
	}
	*len = (size_t)m;
	return (char *)dst;
}

static int word_char(utf8proc_int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
		       (cp >= 'A' && cp <= 'Z');
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
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t + i,
						      (utf8proc_ssize_t)(n - i), &cp);
		char tok[NORM_MAX_TOKEN + 8];
		size_t tl = 0;

		if (k <= 0) {
			i++;
			continue;
		}
		if (!word_char(cp)) {
			if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r')
				only_space = 0;
			i += (size_t)k;
			continue;
		}
		/* a run of word characters, decimal separators between digits kept as '.' */
		while (i < n) {
			k = utf8proc_iterate((const utf8proc_uint8_t *)t + i,
					     (utf8proc_ssize_t)(n - i), &cp);
			if (k <= 0)
				break;
			if ((cp == '.' || cp == ',') && tl && tok[tl - 1] >= '0' &&
			    tok[tl - 1] <= '9' && is_digit_at(t, n, i + 1)) {
				if (tl < NORM_MAX_TOKEN)
					tok[tl++] = '.';
				i++;
				continue;
			}
			if (!word_char(cp))
				break;
			if (tl + (size_t)k <= NORM_MAX_TOKEN) {
				memcpy(tok + tl, t + i, (size_t)k);
				tl += (size_t)k;
			}
			i += (size_t)k;
		}
		if (nz->o.merge_units && last_number && only_space && is_unit(tok, tl) &&
		    last_len + tl <= NORM_MAX_TOKEN) {
			sbuf_add(out, tok, tl);
			last_len += tl;
			last_number = 0;
			continue;
		}
		if (is_stop(nz, tok, tl)) {
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

struct normalizer *norm_new(const struct norm_opts *o)
{
	struct normalizer *nz = xcalloc(1, sizeof(*nz));
	const char *const *lists[3] = { stopwords_fr, stopwords_en, stopwords_de };
	size_t cap = 0;

	nz->o = *o;
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

void norm_free(struct normalizer *nz)
{
	if (!nz)
		return;
	for (size_t i = 0; i < nz->nstop; i++)
		free(nz->stop[i]);
	free(nz->stop);
	free(nz);
}

void norm_work_free(struct norm_work *w)
{
	sbuf_free(&w->clean);
	sbuf_free(&w->html);
}

size_t norm_tokens(const struct normalizer *nz, struct norm_work *w, const char *s, size_t n,
		   struct sbuf *out, struct norm_stats *st)
{
	uint64_t bad = 0;
	size_t flen, count;
	char *folded;
	int html;

	sbuf_reset(&w->clean);
	sbuf_reset(&w->html);
	repair_utf8(s, n, &w->clean, &bad);
	html = html_to_text(w->clean.s ? w->clean.s : "", w->clean.len, &w->html);
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

int norm_parse_stopwords(const char *list)
{
	int bits = 0;
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == 2 && !strncmp(p, "fr", 2))
			bits |= NORM_STOP_FR;
		else if (n == 2 && !strncmp(p, "en", 2))
			bits |= NORM_STOP_EN;
		else if (n == 2 && !strncmp(p, "de", 2))
			bits |= NORM_STOP_DE;
		else if (!(n == 4 && !strncmp(p, "none", 4)))
			return -1;
		p += n;
		if (*p == ',')
			p++;
	}
	return bits;
}
