/* dataset: a tensor stream in memory; see dataset.h. */
#include "model/dataset.h"
#include "base/opt.h"
#include "base/msg.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct dataset *dataset_read(const char *path)
{
	struct pct_reader *r = pct_open(path);
	struct dataset *d;
	struct pct_row row;
	struct digest dg;
	size_t cap = 0, spcap = 0, nnz = 0;
	int m;

	if (!r)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	pct_header_copy(&d->h, pct_header(r));
	digest_init(&dg);
	while ((m = pct_next(r, &row)) > 0) {
		/* checked here, before training, rather than found as a diverged model */
		if (!pct_row_finite(&row, d->h.dense)) {
			pc_error("%s: row %s: non-finite feature value", pct_name(r), row.id);
			m = -1;
			break;
		}
		if (d->n == cap) {
			size_t c2 = cap;

			xgrow(&d->id, &c2, d->n + 1, sizeof(*d->id));
			d->label = xreallocarray(d->label, c2, sizeof(*d->label));
			d->sp_off = xreallocarray(d->sp_off, c2 + 1, sizeof(*d->sp_off));
			d->dense = xreallocarray(d->dense, c2 * (d->h.dense ? d->h.dense : 1),
						 sizeof(float));
			cap = c2;
		}
		d->id[d->n] = xstrndup(row.id, row.id_len);
		d->label[d->n] = xstrndup(row.label, row.label_len);
		if (d->h.dense)
			memcpy(d->dense + d->n * d->h.dense, row.dense, d->h.dense * sizeof(float));
		d->sp_off[d->n] = nnz;
		if (row.nnz) {
			size_t c2 = spcap;

			xgrow(&d->sp_idx, &c2, nnz + row.nnz, sizeof(*d->sp_idx));
			d->sp_val = xreallocarray(d->sp_val, c2, sizeof(*d->sp_val));
			spcap = c2;
			memcpy(d->sp_idx + nnz, row.idx, row.nnz * sizeof(*row.idx));
			memcpy(d->sp_val + nnz, row.val, row.nnz * sizeof(*row.val));
			nnz += row.nnz;
		}
		digest_update(&dg, row.id, row.id_len + 1);
		digest_update(&dg, row.label, row.label_len + 1);
		digest_update(&dg, row.dense, d->h.dense * sizeof(float));
		digest_update(&dg, &row.nnz, sizeof(row.nnz));
		digest_update(&dg, row.idx, row.nnz * sizeof(*row.idx));
		digest_update(&dg, row.val, row.nnz * sizeof(*row.val));
		d->n++;
	}
	pct_close(r);
	if (m < 0) {
		dataset_free(d);
		return NULL;
	}
	if (!d->sp_off)
		d->sp_off = xcalloc(1, sizeof(*d->sp_off));
	d->sp_off[d->n] = nnz;
	d->y = xcalloc(d->n ? d->n : 1, sizeof(*d->y));
	d->sparse = d->h.sparse;
	digest_final(&dg, d->digest);
	return d;
}

void dataset_free(struct dataset *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->id[i]);
		free(d->label[i]);
	}
	free(d->id);
	free(d->label);
	free(d->dense);
	free(d->sp_off);
	free(d->sp_idx);
	free(d->sp_val);
	free(d->y);
	free(d->orig);
	pct_header_free(&d->h);
	free(d);
}

static int all_integers;

static int cmp_label(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	if (all_integers) {
		long lx, ly;

		parse_long(x, &lx);
		parse_long(y, &ly);
		return (lx > ly) - (lx < ly);
	}
	return strcmp(x, y);
}

void classes_from(struct classes *c, const struct dataset *d)
{
	size_t cap = 0;
	long dummy;

	memset(c, 0, sizeof(*c));
	all_integers = 1;
	for (size_t i = 0; i < d->n; i++) {
		int seen = 0;

		if (!*d->label[i])
			continue;
		for (int k = 0; k < c->n && !seen; k++)
			seen = !strcmp(c->name[k], d->label[i]);
		if (seen)
			continue;
		xgrow(&c->name, &cap, (size_t)c->n + 1, sizeof(*c->name));
		c->name[c->n++] = xstrdup(d->label[i]);
		if (parse_long(d->label[i], &dummy) < 0)
			all_integers = 0;
	}
	if (c->n)
		qsort(c->name, (size_t)c->n, sizeof(*c->name), cmp_label);
}

void classes_free(struct classes *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->name[i]);
	free(c->name);
	memset(c, 0, sizeof(*c));
}

int classes_find(const struct classes *c, const char *label)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], label))
			return i;
	return -1;
}

size_t dataset_map(struct dataset *d, const struct classes *c)
{
	size_t unknown = 0;

	for (size_t i = 0; i < d->n; i++) {
		d->y[i] = *d->label[i] ? classes_find(c, d->label[i]) : -1;
		if (*d->label[i] && d->y[i] < 0)
			unknown++;
	}
	return unknown;
}

void dataset_split(const struct dataset *d, double fraction, uint64_t seed, size_t **train,
		   size_t *ntrain, size_t **valid, size_t *nvalid)
{
	*train = xcalloc(d->n ? d->n : 1, sizeof(**train));
	*valid = xcalloc(d->n ? d->n : 1, sizeof(**valid));
	*ntrain = *nvalid = 0;
	for (size_t i = 0; i < d->n; i++) {
		double u = (double)(XXH3_64bits_withSeed(d->id[i], strlen(d->id[i]), seed) >> 11) *
			   0x1.0p-53;

		if (u < fraction)
			(*valid)[(*nvalid)++] = i;
		else
			(*train)[(*ntrain)++] = i;
	}
}

/* How many entries ahead the map is asked for: the features are scattered over it. */
#define MAP_AHEAD 16

struct feat_rank {
	uint32_t f, df;		/* a feature and its count; listed in order of first appearance */
};

/* Map the indices of d's entries through map (UINT32_MAX: dropped), in place. */
static void remap(struct dataset *d, const uint32_t *map, uint32_t width)
{
	uint64_t out = 0, nnz = d->sp_off[d->n];

	for (size_t i = 0; i < d->n; i++) {
		uint64_t a = d->sp_off[i], b = d->sp_off[i + 1];

		d->sp_off[i] = out;
		for (uint64_t e = a; e < b; e++) {
			uint32_t f = d->sp_idx[e] < width ? map[d->sp_idx[e]] : UINT32_MAX;

			if (e + MAP_AHEAD < nnz && d->sp_idx[e + MAP_AHEAD] < width)
				__builtin_prefetch(&map[d->sp_idx[e + MAP_AHEAD]]);
			if (f == UINT32_MAX)
				continue;
			d->sp_idx[out] = f;
			d->sp_val[out] = d->sp_val[e];
			out++;
		}
	}
	d->sp_off[d->n] = out;
}

void dataset_compact(struct dataset *d, struct dataset *other)
{
	uint32_t W = d->sparse, nf = 0, maxdf = 0, *map, *start;
	struct feat_rank *rank;
	uint64_t nnz = d->sp_off[d->n];

	if (d->orig || !W)
		return;
	map = xmalloc((size_t)W * sizeof(*map));
	for (uint32_t f = 0; f < W; f++)
		map[f] = UINT32_MAX;
	rank = xmalloc((nnz < W ? nnz : W) * sizeof(*rank) + sizeof(*rank));
	for (uint64_t e = 0; e < nnz; e++) {
		uint32_t f = d->sp_idx[e];

		if (e + MAP_AHEAD < nnz)
			__builtin_prefetch(&map[d->sp_idx[e + MAP_AHEAD]]);
		if (map[f] == UINT32_MAX) {
			rank[nf] = (struct feat_rank){ f, 0 };
			map[f] = nf++;
		}
		rank[map[f]].df++;
	}
	/* by descending frequency, ties in order of first appearance: a counting sort */
	for (uint32_t r = 0; r < nf; r++)
		maxdf = rank[r].df > maxdf ? rank[r].df : maxdf;
	start = xcalloc((size_t)maxdf + 2, sizeof(*start));
	for (uint32_t r = 0; r < nf; r++)
		start[maxdf - rank[r].df + 1]++;
	for (uint32_t k = 1; k <= maxdf + 1; k++)
		start[k] += start[k - 1];
	d->orig = xmalloc((nf ? nf : 1) * sizeof(*d->orig));
	for (uint32_t r = 0; r < nf; r++) {
		uint32_t at = start[maxdf - rank[r].df]++;

		d->orig[at] = rank[r].f;
		map[rank[r].f] = at;
	}
	free(start);
	free(rank);
	remap(d, map, W);
	if (other && other != d) {
		remap(other, map, W);
		other->sparse = nf;
	}
	d->sparse = nf;
	free(map);
}
