/* Unit tests for textfeat (hashed n-grams, TF-IDF, archive round trip). */
#include "formats/npy.h"
#include "formats/pcm.h"
#include "text/textfeat.h"

#include "../testutil.h"

#include <math.h>

static struct textfeat *fit(const struct textfeat_opts *o, const char *const *docs, int n)
{
	struct textfeat_fit *f = textfeat_fit_new(o);
	struct textfeat_work w = { 0 };
	struct textfeat *t;

	for (int i = 0; i < n; i++)
		textfeat_fit_add(f, &w, docs[i], strlen(docs[i]));
	t = textfeat_fit_finish(f);
	textfeat_fit_free(f);
	textfeat_work_free(&w);
	return t;
}

static const char *const docs[] = {
	"peluche lapin rose | doux",
	"peluche ours brun | doux et grand",
	"piscine tubulaire | filtre",
	"jeu de societe | plateau",
};

START_TEST(test_textfeat_vector)
{
	struct textfeat_opts o;
	struct textfeat *t;
	struct textfeat_work w = { 0 };
	const uint32_t *idx;
	const float *val;
	uint32_t nnz;
	float oov;
	double norm = 0;

	textfeat_default_opts(&o);
	o.bits = 16;
	o.char_max = 0;
	o.char_min = 0;
	o.namespaces = 1;
	o.field_weight[1] = 1.0f;
	t = fit(&o, docs, 4);
	ck_assert_uint_eq(t->ndocs, 4);
	/* smooth idf: a word in 2 of 4 documents has ln(5/3) + 1 */
	textfeat_compute(t, &w, "peluche", 7, &idx, &val, &nnz, &oov);
	ck_assert_uint_eq(nnz, 1);
	ck_assert_float_eq_tol(t->idf[idx[0]], (float)(log(5.0 / 3.0) + 1.0), 1e-6);
	ck_assert_float_eq_tol(val[0], 1.0f, 1e-6);
	ck_assert_float_eq(oov, 0.0f);
	/* sorted unique indices, unit norm, unigrams and bigrams of each field */
	textfeat_compute(t, &w, docs[1], strlen(docs[1]), &idx, &val, &nnz, &oov);
	ck_assert_uint_eq(nnz, 3 + 2 + 3 + 2);
	for (uint32_t i = 0; i < nnz; i++) {
		if (i)
			ck_assert_uint_lt(idx[i - 1], idx[i]);
		norm += (double)val[i] * val[i];
	}
	ck_assert_double_eq_tol(norm, 1.0, 1e-6);
	/* unseen words count as out of vocabulary */
	textfeat_compute(t, &w, "peluche inconnu mystere", 23, &idx, &val, &nnz, &oov);
	ck_assert_float_eq_tol(oov, 2.0f / 3.0f, 1e-6);
	/* namespaces: the same word in another field is another feature */
	{
		uint32_t a, b;

		textfeat_compute(t, &w, "doux", 4, &idx, &val, &nnz, &oov);
		a = idx[0];
		textfeat_compute(t, &w, "| doux", 6, &idx, &val, &nnz, &oov);
		b = idx[0];
		ck_assert_uint_ne(a, b);
	}
	/* an empty document has no features */
	textfeat_compute(t, &w, "", 0, &idx, &val, &nnz, &oov);
	ck_assert_uint_eq(nnz, 0);
	textfeat_work_free(&w);
	textfeat_free(t);
}
END_TEST

START_TEST(test_textfeat_char_ngrams_and_tf)
{
	struct textfeat_opts o;
	struct textfeat *t;
	struct textfeat_work w = { 0 };
	const uint32_t *idx;
	const float *val;
	uint32_t nnz;
	float oov;

	textfeat_default_opts(&o);
	o.bits = 20;
	o.word_max = 1;
	o.char_min = 3;
	o.char_max = 3;
	t = fit(&o, docs, 4);
	/* "<ab>": 1 word + the trigrams "<ab" and "ab>" */
	textfeat_compute(t, &w, "ab", 2, &idx, &val, &nnz, &oov);
	ck_assert_uint_eq(nnz, 3);
	/* characters, not bytes: "<été>" has trigrams <ét, été, té> */
	textfeat_compute(t, &w, "\xc3\xa9t\xc3\xa9", 5, &idx, &val, &nnz, &oov);
	ck_assert_uint_eq(nnz, 4);
	/* sublinear tf: a word twice weighs 1 + ln 2 against once */
	o.char_max = o.char_min = 0;
	textfeat_free(t);
	t = fit(&o, docs, 4);
	textfeat_compute(t, &w, "lapin lapin ours", 16, &idx, &val, &nnz, &oov);
	ck_assert_uint_eq(nnz, 2);
	{
		float lap = 0, ours = 0;
		uint32_t hl, ho;
		const uint32_t *i2;
		const float *v2;
		uint32_t n2;

		textfeat_compute(t, &w, "lapin", 5, &i2, &v2, &n2, &oov);
		hl = i2[0];
		textfeat_compute(t, &w, "ours", 4, &i2, &v2, &n2, &oov);
		ho = i2[0];
		textfeat_compute(t, &w, "lapin lapin ours", 16, &idx, &val, &nnz, &oov);
		for (uint32_t i = 0; i < nnz; i++) {
			if (idx[i] == hl)
				lap = val[i];
			if (idx[i] == ho)
				ours = val[i];
		}
		/* both words are in one document of four: equal idf */
		ck_assert_float_eq_tol(lap / ours, 1.0f + logf(2.0f), 1e-5);
	}
	textfeat_work_free(&w);
	textfeat_free(t);
}
END_TEST

START_TEST(test_textfeat_archive_roundtrip)
{
	struct textfeat_opts o;
	struct textfeat *t, *u;
	struct pcm *a = pcm_new();
	void *bytes;
	size_t len;
	struct pcm *b;

	textfeat_default_opts(&o);
	o.bits = 12;
	t = fit(&o, docs, 4);
	ck_assert_int_eq(textfeat_save(t, a, "text/"), 0);
	ck_assert_ptr_nonnull(pcm_get(a, "text/idf.codes.npy"));
	ck_assert_ptr_null(pcm_get(a, "text/idf.npy"));
	bytes = pcm_write_mem(a, &len);
	ck_assert_ptr_nonnull(bytes);
	b = pcm_read_mem("mem", bytes, len);
	ck_assert_ptr_nonnull(b);
	u = textfeat_load(&o, b, "text/");
	ck_assert_ptr_nonnull(u);
	ck_assert_uint_eq(u->ndocs, 4);
	ck_assert_int_eq(memcmp(u->idf, t->idf, sizeof(float) << 12), 0);
	textfeat_free(u);
	/* the options say 2^13 buckets, the table has 2^12: refused */
	o.bits = 13;
	ck_assert_ptr_null(textfeat_load(&o, b, "text/"));
	ck_assert_ptr_null(textfeat_load(&o, b, "other/"));
	pcm_free(a);
	pcm_free(b);
	free(bytes);
	textfeat_free(t);
}
END_TEST

/* Featurizers of format 2 and before stored the idf table whole (text/idf.npy): loaded
 * and taken, it is the table the coded entries give. */
START_TEST(test_textfeat_whole_idf_loads)
{
	struct textfeat_opts o;
	struct textfeat *t, *u, *v;
	struct pcm *a = pcm_new();
	uint64_t dim, one = 1;
	int64_t n;

	textfeat_default_opts(&o);
	o.bits = 12;
	t = fit(&o, docs, 4);
	dim = textfeat_dim(t);
	n = (int64_t)t->ndocs;
	ck_assert_int_eq(npy_put(a, "text/idf.npy", NPY_F4, 1, &dim, t->idf), 0);
	ck_assert_int_eq(npy_put(a, "text/ndocs.npy", NPY_I8, 1, &one, &n), 0);
	ck_assert_ptr_null(pcm_get(a, "text/idf.codes.npy"));
	u = textfeat_load(&o, a, "text/");
	ck_assert_ptr_nonnull(u);
	ck_assert_int_eq(memcmp(u->idf, t->idf, sizeof(float) << 12), 0);
	v = textfeat_take(&o, a, "text/");
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(memcmp(v->idf, t->idf, sizeof(float) << 12), 0);
	ck_assert_ptr_null(pcm_get(a, "text/idf.npy"));	/* taken */
	ck_assert_float_eq(v->idf_unseen, t->idf_unseen);
	textfeat_free(u);
	textfeat_free(v);
	textfeat_free(t);
	pcm_free(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("embed");
	TCase *tc = tcase_create("textfeat");

	tcase_add_test(tc, test_textfeat_vector);
	tcase_add_test(tc, test_textfeat_char_ngrams_and_tf);
	tcase_add_test(tc, test_textfeat_archive_roundtrip);
	tcase_add_test(tc, test_textfeat_whole_idf_loads);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
