/* dtable: a TSV data set as typed columns; see dtable.h. */
#include "dtable.h"
#include "fnum.h"
#include "msg.h"
#include "tsv.h"
#include "xalloc.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

int dtab_is_missing(const char *s, size_t len)
{
	static const char *const marks[] = { "NA", "N/A", "nan", "NaN", "null", "None" };

	if (len == 0)
		return 1;
	if (len > 4)
		return 0;
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strlen(marks[i]) == len && !memcmp(marks[i], s, len))
			return 1;
	return 0;
}

static size_t slot_of(const struct dtab_col *c, const char *s, size_t len)
{
	size_t mask = c->htcap - 1, i = (size_t)XXH3_64bits(s, len) & mask;

	for (;;) {
		uint32_t k = c->ht[i];

		if (!k)
			return i;
		if (!strncmp(c->cats[k - 1], s, len) && c->cats[k - 1][len] == '\0')
			return i;
		i = (i + 1) & mask;
	}
}

uint32_t dtab_lookup(const struct dtab_col *c, const char *s, size_t len)
{
	uint32_t k;

	if (!c->htcap)
		return DTAB_MISSING;
	k = c->ht[slot_of(c, s, len)];
	return k ? k - 1 : DTAB_MISSING;
}

static uint32_t intern(struct dtab_col *c, const char *s, size_t len)
{
	size_t i;

	if (2 * (c->ncats + 1) > c->htcap) {
		size_t old = c->htcap;
		uint32_t *oht = c->ht;

		c->htcap = old ? old * 2 : 64;
		c->ht = xcalloc(c->htcap, sizeof(*c->ht));
		for (size_t j = 0; j < old; j++)
			if (oht[j])
				c->ht[slot_of(c, c->cats[oht[j] - 1], strlen(c->cats[oht[j] - 1]))] = oht[j];
		free(oht);
	}
	i = slot_of(c, s, len);
	if (!c->ht[i]) {
		if (c->ncats >= DTAB_MISSING - 1)
			pc_fatal("more than %u categories in column %s", DTAB_MISSING - 1, c->name);
		xgrow(&c->cats, &c->catcap, c->ncats + 1, sizeof(*c->cats));
		c->cats[c->ncats++] = xstrndup(s, len);
		c->ht[i] = (uint32_t)c->ncats;
	}
	return c->ht[i] - 1;
}

static void shortest(double v, char *buf, size_t size)
{
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, size, "%.0f", v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

void dtab_to_categorical(struct dtab_col *c, size_t nrows)
{
	char buf[40];

	if (!c->numeric)
		return;
	c->id = xmalloc((c->cap ? c->cap : 1) * sizeof(*c->id));
	for (size_t r = 0; r < nrows; r++) {
		if (isnan(c->v[r])) {
			c->id[r] = DTAB_MISSING;
			continue;
		}
		shortest(c->v[r], buf, sizeof(buf));
		c->id[r] = intern(c, buf, strlen(buf));
	}
	free(c->v);
	c->v = NULL;
	c->numeric = 0;
}

static struct dtab *read_tsv(struct tsv *t)
{
	struct dtab *d;
	size_t cap = 0;
	int m;

	if (!t)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	d->name = xstrdup(tsv_name(t));
	d->ncols = t->ncols;
	d->cols = xcalloc(d->ncols, sizeof(*d->cols));
	for (size_t i = 0; i < d->ncols; i++) {
		d->cols[i].name = xstrdup(t->cols[i]);
		d->cols[i].numeric = 1;
	}
	while ((m = tsv_next(t)) == 1) {
		size_t r = d->nrows;

		if (r == cap) {
			cap = cap ? cap * 2 : 4096;
			for (size_t i = 0; i < d->ncols; i++) {
				struct dtab_col *c = &d->cols[i];

				if (c->numeric)
					c->v = xreallocarray(c->v, cap, sizeof(*c->v));
				else
					c->id = xreallocarray(c->id, cap, sizeof(*c->id));
				c->cap = cap;
			}
		}
		for (size_t i = 0; i < d->ncols; i++) {
			struct dtab_col *c = &d->cols[i];
			const char *s = t->f[i].s;
			size_t len = t->f[i].len;

			if (c->numeric) {
				if (fnum_parse(s, len, &c->v[r]) == 0)
					continue;
				if (dtab_is_missing(s, len)) {
					c->v[r] = NAN;
					continue;
				}
				dtab_to_categorical(c, r);
			}
			c->id[r] = dtab_is_missing(s, len) ? DTAB_MISSING : intern(c, s, len);
		}
		d->nrows++;
	}
	if (m < 0) {
		tsv_close(t);
		dtab_free(d);
		return NULL;
	}
	tsv_close(t);
	return d;
}

struct dtab *dtab_read(const char *path)
{
	return read_tsv(tsv_open(path));
}

struct dtab *dtab_read_mem(const char *name, const char *text, size_t len)
{
	return read_tsv(tsv_open_mem(name, text, len));
}

struct pair_job {
	const char *path;
	struct dtab *t;
};

static void *pair_thread(void *arg)
{
	struct pair_job *j = arg;

	j->t = dtab_read(j->path);
	return NULL;
}

int dtab_read_pair(const char *p1, const char *p2, struct dtab **t1, struct dtab **t2)
{
	struct pair_job j1 = { p1, NULL }, j2 = { p2, NULL };
	pthread_t th;
	int threaded = pthread_create(&th, NULL, pair_thread, &j2) == 0;

	pair_thread(&j1);
	if (threaded)
		pthread_join(th, NULL);
	else
		pair_thread(&j2);
	if (!j1.t || !j2.t) {
		dtab_free(j1.t);
		dtab_free(j2.t);
		return -1;
	}
	*t1 = j1.t;
	*t2 = j2.t;
	return 0;
}

void dtab_free(struct dtab *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		struct dtab_col *c = &t->cols[i];

		free(c->name);
		free(c->v);
		free(c->id);
		for (size_t k = 0; k < c->ncats; k++)
			free(c->cats[k]);
		free(c->cats);
		free(c->ht);
	}
	free(t->cols);
	free(t->name);
	free(t);
}

struct dtab_col *dtab_column(const struct dtab *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}
