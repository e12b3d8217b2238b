/* Unit tests for html (tags, entities) and normalize (folding, tokens, stop words). */
#include "formats/csv.h"
#include "text/html.h"
#include "text/normalize.h"
#include "base/sbuf.h"

#include "../testutil.h"

static char *html(const char *in)
{
	struct sbuf b = SBUF_INIT;

	html_to_text(in, strlen(in), &b);
	return b.s ? b.s : strdup("");
}

START_TEST(test_html_tags_and_entities)
{
	char *t;

	t = html("Mod&egrave;le: <b>Speedlink</b><br>Couleur&nbsp;: Bleu &amp; blanc");
	ck_assert_str_eq(t, "Modèle:  Speedlink \nCouleur\xc2\xa0: Bleu & blanc");
	free(t);
	t = html("id&eacute;es &#233;t&#xE9; &#146;x&#39; &amp;eacute; &unknown; a<b 3 < 4");
	ck_assert_str_eq(t, "idées été \xe2\x80\x99x' é &unknown; a<b 3 < 4");
	free(t);
	t = html("x<!-- hidden -->y<script>var a='<b>';</script>z<style>p{}</style>w");
	ck_assert_str_eq(t, "x y z w");
	free(t);
	t = html("<span class=\"vga_style2\"><b></b><br>");
	ck_assert_str_eq(t, "   \n");
	free(t);
	/* bad numeric references become U+FFFD, never a NUL or a surrogate */
	t = html("&#0;&#xD800;&#99999999;");
	ck_assert_str_eq(t, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(t);
}
END_TEST

static char *tokens(const struct normalize_opts *o, const char *in)
{
	struct normalizer *nz = normalize_new(o);
	struct normalize_work w = { 0 };
	struct sbuf out = SBUF_INIT;

	normalize_tokens(nz, &w, in, strlen(in), &out, NULL);
	normalize_work_free(&w);
	normalize_free(nz);
	return out.s ? out.s : strdup("");
}

START_TEST(test_tokens_basic)
{
	struct normalize_opts keep = { 0, 0, 1 }, fold = { 1, 0, 1 };
	char *t;

	t = tokens(&keep, "Journal Des Arts (Le) N° 133 - L'ÉTÉ À Paris");
	ck_assert_str_eq(t, "journal des arts le n 133 l été à paris");
	free(t);
	t = tokens(&fold, "Journal Des Arts (Le) N° 133 - L'ÉTÉ À Paris");
	ck_assert_str_eq(t, "journal des arts le n 133 l ete a paris");
	free(t);
	t = tokens(&keep, "Gel douche 500 ml, lot de 2 x 1,5 L - PS4 taille XL - 3 ans+ 10cm²");
	ck_assert_str_eq(t, "gel douche 500ml lot de 2 x 1.5l ps4 taille xl 3ans 10cm2");
	free(t);
	t = tokens(&keep, "STRAßE Größe &eacute;t&eacute; ﬁn");
	ck_assert_str_eq(t, "strasse grösse été fin");
	free(t);
	/* decomposed input composes when accents are kept, and folds when they are not */
	t = tokens(&keep, "Cafe\xcc\x81 CAFE\xcc\x81");
	ck_assert_str_eq(t, "café café");
	free(t);
	t = tokens(&fold, "Cafe\xcc\x81 \xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91 \xe4\xb8\xad\xe6\x96\x87");
	ck_assert_str_eq(t, "cafe αθηνα 中文");
	free(t);
	t = tokens(&keep, "");
	ck_assert_str_eq(t, "");
	free(t);
}
END_TEST

START_TEST(test_tokens_stopwords)
{
	struct normalize_opts o = { 1, 0, 1 };
	char *t;

	o.stopwords = (unsigned)normalize_parse_stopwords("fr,en,de");
	ck_assert_int_eq((int)o.stopwords, NORM_STOP_FR | NORM_STOP_EN | NORM_STOP_DE);
	ck_assert_int_eq(normalize_parse_stopwords("fr,xx"), -1);
	t = tokens(&o, "La guerre des tuques et l'été à Paris, the game of the year und mit");
	ck_assert_str_eq(t, "guerre tuques ete paris game year");
	free(t);
}
END_TEST

START_TEST(test_tokens_invalid_utf8)
{
	struct normalize_opts o = { 0, 0, 1 };
	struct normalizer *nz = normalize_new(&o);
	struct normalize_work w = { 0 };
	struct sbuf out = SBUF_INIT;
	struct normalize_stats st = { 0, 0, 0 };
	const char in[] = "caf\xe9 cr\xc3\xa8me \xff\xfe ok \xed\xa0\x80x";

	normalize_tokens(nz, &w, in, sizeof(in) - 1, &out, &st);
	ck_assert_str_eq(out.s, "caf crème ok x");
	ck_assert_uint_eq(st.invalid_utf8, 6);
	ck_assert_uint_eq(st.tokens, 4);
	sbuf_free(&out);
	normalize_work_free(&w);
	normalize_free(nz);
}
END_TEST

START_TEST(test_tokens_long_token_cut)
{
	struct normalize_opts o = { 0, 0, 1 };
	char in[300];
	char *t;

	memset(in, 'a', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	t = tokens(&o, in);
	ck_assert_uint_eq(strlen(t), NORM_MAX_TOKEN);
	free(t);
}
END_TEST

/* The real sample: no tag or entity survives normalisation. */
START_TEST(test_sample_has_no_markup_left)
{
	char *path = tu_sample_path("X_train_sample.csv");
	struct normalize_opts o = { 0, 0, 1 };
	struct normalizer *nz;
	struct normalize_work w = { 0 };
	struct sbuf out = SBUF_INIT;
	struct normalize_stats st = { 0, 0, 0 };
	struct csv *c;
	int rows = 0;

	if (!path)
		return;
	nz = normalize_new(&o);
	c = csv_open(path);
	ck_assert_ptr_nonnull(c);
	while (csv_next(c) > 0) {
		for (int f = 1; f <= 2; f++) {
			sbuf_reset(&out);
			normalize_tokens(nz, &w, csv_field(c, (size_t)f), csv_len(c, (size_t)f), &out, &st);
			if (out.s) {
				ck_assert_msg(!strpbrk(out.s, "<>&;"), "markup left in row %d: %s", rows, out.s);
			}
		}
		rows++;
	}
	ck_assert_int_eq(rows, 499);
	ck_assert_uint_gt(st.html, 50);
	ck_assert_uint_eq(st.invalid_utf8, 0);
	csv_close(c);
	sbuf_free(&out);
	normalize_work_free(&w);
	normalize_free(nz);
	free(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_html_tags_and_entities);
	tcase_add_test(tc, test_tokens_basic);
	tcase_add_test(tc, test_tokens_stopwords);
	tcase_add_test(tc, test_tokens_invalid_utf8);
	tcase_add_test(tc, test_tokens_long_token_cut);
	tcase_add_test(tc, test_sample_has_no_markup_left);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
