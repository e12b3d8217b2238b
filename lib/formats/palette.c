/* palette: a float32 table of few distinct values as codes; see palette.h. */
#include "formats/palette.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct run {
	uint32_t bits;	/* a value's bits */
	size_t n;	/* how many times it occurs */
};

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* The commonest first; among as common, the lower bits. */
static int cmp_runs(const void *x, const void *y)
{
	const struct run *a = x, *b = y;

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return (a->bits > b->bits) - (a->bits < b->bits);
}

/* The code of bits among the k commonest sorted by bits (code in `code`), or PALETTE_RARE. */
static uint8_t code_of(uint32_t bits, const uint32_t *sorted, const uint8_t *code, size_t k)
{
	size_t lo = 0, hi = k;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sorted[mid] < bits)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < k && sorted[lo] == bits ? code[lo] : PALETTE_RARE;
}

static int put(struct pcm *a, const char *name, const char *part, enum npy_dtype t,
	       uint64_t n, const void *data)
{
	char entry[PCM_NAME_MAX + 1];

	snprintf(entry, sizeof(entry), "%s.%s.npy", name, part);
	return npy_put(a, entry, t, 1, &n, data);
}

int palette_put(struct pcm *a, const char *name, const float *v, size_t n)
{
	uint32_t *bits = xmalloc((n ? n : 1) * sizeof(*bits));
	struct run *runs = xmalloc((n ? n : 1) * sizeof(*runs));
	uint32_t sorted[PALETTE_COMMON_MAX];
	uint8_t code[PALETTE_COMMON_MAX], *codes;
	float common[PALETTE_COMMON_MAX], *rare;
	size_t nruns = 0, k, m = 0;
	int r;

	memcpy(bits, v, n * sizeof(*bits));
	qsort(bits, n, sizeof(*bits), cmp_u32);
	for (size_t i = 0; i < n; i++) {
		if (nruns && runs[nruns - 1].bits == bits[i])
			runs[nruns - 1].n++;
		else
			runs[nruns++] = (struct run){ bits[i], 1 };
	}
	qsort(runs, nruns, sizeof(*runs), cmp_runs);
	k = nruns < PALETTE_COMMON_MAX ? nruns : PALETTE_COMMON_MAX;
	for (size_t c = 0; c < k; c++) {
		memcpy(&common[c], &runs[c].bits, sizeof(float));
		sorted[c] = runs[c].bits;
	}
	/* sorted[] by bits, code[] following: insertion sort of at most 255 */
	for (size_t c = 0; c < k; c++) {
		size_t i = c;

		code[c] = (uint8_t)c;
		for (; i > 0 && sorted[i - 1] > runs[c].bits; i--) {
			sorted[i] = sorted[i - 1];
			code[i] = code[i - 1];
		}
		sorted[i] = runs[c].bits;
		code[i] = (uint8_t)c;
	}
	free(runs);
	free(bits);
	codes = xmalloc(n ? n : 1);
	rare = xmalloc((n ? n : 1) * sizeof(*rare));
	for (size_t i = 0; i < n; i++) {
		uint32_t b;

		memcpy(&b, &v[i], sizeof(b));
		codes[i] = code_of(b, sorted, code, k);
		if (codes[i] == PALETTE_RARE)
			rare[m++] = v[i];
	}
	r = put(a, name, "common", NPY_F4, k, common);
	if (r == 0)
		r = put(a, name, "codes", NPY_U1, n, codes);
	if (r == 0)
		r = put(a, name, "rare", NPY_F4, m, rare);
	free(codes);
	free(rare);
	return r;
}

float *palette_get(const struct pcm *a, const char *name, size_t n)
{
	const char *file = pcm_name(a);
	char ce[PCM_NAME_MAX + 1], de[PCM_NAME_MAX + 1], re[PCM_NAME_MAX + 1];
	uint64_t any = NPY_ANY, len = n;
	struct npy_view cv, dv, rv;
	const float *common, *rare;
	const uint8_t *codes;
	size_t k, m, next = 0;
	float *t;

	snprintf(ce, sizeof(ce), "%s.common.npy", name);
	snprintf(de, sizeof(de), "%s.codes.npy", name);
	snprintf(re, sizeof(re), "%s.rare.npy", name);
	if (npy_get(a, ce, NPY_F4, 1, &any, &cv) < 0 || npy_get(a, de, NPY_U1, 1, &len, &dv) < 0 ||
	    npy_get(a, re, NPY_F4, 1, &any, &rv) < 0)
		return NULL;
	k = (size_t)cv.count;
	m = (size_t)rv.count;
	if (k > PALETTE_COMMON_MAX) {
		pc_error("%s: %s: %zu values, more than %d", file, ce, k, PALETTE_COMMON_MAX);
		return NULL;
	}
	common = cv.data;
	codes = dv.data;
	rare = rv.data;
	t = xmalloc_huge(n ? n : 1, sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		unsigned c = codes[i];

		if (c < k) {
			t[i] = common[c];
		} else if (c == PALETTE_RARE && next < m) {
			t[i] = rare[next++];
		} else {
			if (c == PALETTE_RARE)
				pc_error("%s: %s: more values coded %d than the %zu of %s", file, de,
					 PALETTE_RARE, m, re);
			else
				pc_error("%s: %s: code %u at %zu, %s has %zu values", file, de, c, i,
					 ce, k);
			free(t);
			return NULL;
		}
	}
	if (next != m) {
		pc_error("%s: %s: %zu values coded %d, %s has %zu", file, de, next, PALETTE_RARE,
			 re, m);
		free(t);
		return NULL;
	}
	return t;
}

int palette_entry_shape(const char *name, const char *entry, uint64_t n, enum npy_dtype *t,
			uint64_t *shape, uint64_t *max)
{
	size_t len = strlen(name);

	if (strncmp(entry, name, len) || entry[len] != '.')
		return 0;
	entry += len + 1;
	*t = NPY_F4;
	*shape = NPY_ANY;
	if (!strcmp(entry, "common.npy")) {
		*max = PALETTE_COMMON_MAX;
	} else if (!strcmp(entry, "codes.npy")) {
		*t = NPY_U1;
		*shape = n;
		*max = n;
	} else if (!strcmp(entry, "rare.npy")) {
		*max = n;
	} else {
		return 0;
	}
	return 1;
}
