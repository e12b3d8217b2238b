/* weekops: drift operators for any catalogue; see weekops.h. */
#include "weeks/weekops.h"
#include "base/xalloc.h"

#include <string.h>

/* splitmix64: a stream from a seed, good enough for shuffles and coin flips */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t weekops_stream(uint64_t seed, int week, uint64_t row)
{
	return mix(mix(seed ^ 0x5745454b53ULL) ^ mix((uint64_t)week << 40 ^ row));
}

double weekops_uniform(uint64_t *r)
{
	*r = mix(*r);
	return (double)(*r >> 11) * (1.0 / 9007199254740992.0);
}

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

static uint64_t word_hash(uint64_t seed, const char *w, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	}
	return mix(h ^ mix(seed ^ 0x564f434142ULL));
}

int weekops_renamed(const struct weekops *w, const char *word, size_t len)
{
	int letters = 0;

	if (len < 3 || w->vocab_share <= 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		letters += (word[i] >= 'a' && word[i] <= 'z') || (word[i] >= 'A' && word[i] <= 'Z');
	if (!letters)
		return 0;
	return (double)(word_hash(w->seed, word, len) >> 11) * (1.0 / 9007199254740992.0) <
	       w->vocab_share;
}

/* The made-up word a renamed word becomes: syllables from its hash. */
static void new_word(const struct weekops *w, const char *word, size_t len, struct sbuf *out)
{
	static const char cons[] = "bdfgklmnprstvz", vow[] = "aeiou";
	uint64_t h = mix(word_hash(w->seed, word, len));
	int syllables = 2 + (int)(h % 3);

	h /= 3;
	for (int i = 0; i < syllables; i++) {
		sbuf_addc(out, cons[h % 14]);
		h /= 14;
		sbuf_addc(out, vow[h % 5]);
		h /= 5;
	}
}

void weekops_text(const struct weekops *w, const char *text, size_t len, uint64_t *r,
		  struct sbuf *out)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;

		if (text[i] == '<' || text[i] == '&') {
			/* HTML tags and entities stay as they are */
			const char *end = memchr(text + i, text[i] == '<' ? '>' : ';', len - i);
			size_t k = end && (size_t)(end - (text + i)) <= 64 ? (size_t)(end - (text + i)) + 1 : 1;

			sbuf_add(out, text + i, k);
			i += k;
			continue;
		}
		if (!word_byte((unsigned char)text[i])) {
			sbuf_addc(out, text[i]);
			i++;
			continue;
		}
		while (j < len && word_byte((unsigned char)text[j]))
			j++;
		if (w->dropout > 0 && weekops_uniform(r) < w->dropout) {
			/* drop the word and one space after it */
			if (j < len && text[j] == ' ')
				j++;
		} else if (weekops_renamed(w, text + i, j - i)) {
			new_word(w, text + i, j - i, out);
		} else {
			sbuf_add(out, text + i, j - i);
		}
		i = j;
	}
}

static uint8_t clamp(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

void weekops_photo(const struct weekops *w, struct image *img)
{
	size_t n = (size_t)img->w * (size_t)img->h;
	uint8_t *copy;
	int W = img->w, H = img->h;

	(void)w;
	/* a warm colour cast and lower brightness */
	for (size_t i = 0; i < n; i++) {
		uint8_t *p = img->rgb + 3 * i;

		p[0] = clamp((int)(p[0] * 0.8) + 30);
		p[1] = clamp((int)(p[1] * 0.8) + 5);
		p[2] = clamp((int)(p[2] * 0.8) - 15);
	}
	/* a 3x3 box blur */
	copy = xmalloc(n * 3);
	memcpy(copy, img->rgb, n * 3);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			for (int c = 0; c < 3; c++) {
				int sum = 0, k = 0;

				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int yy = y + dy, xx = x + dx;

						if (yy < 0 || yy >= H || xx < 0 || xx >= W)
							continue;
						sum += copy[3 * ((size_t)yy * (size_t)W + (size_t)xx) + (size_t)c];
						k++;
					}
				img->rgb[3 * ((size_t)y * (size_t)W + (size_t)x) + (size_t)c] =
					(uint8_t)((sum + k / 2) / k);
			}
	free(copy);
}
