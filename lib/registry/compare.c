/* compare: a challenger against the champion on the same data; see compare.h. */
#include "registry/compare.h"
#include "base/msg.h"
#include "base/xalloc.h"
#include "drift/stats.h"
#include "formats/tsv.h"
#include "model/embed.h"
#include "model/predict.h"
#include "base/outfile.h"
#include "drift/drift_mv.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const compare_metric_names[] = { "weighted_f1", "accuracy", "macro_f1", NULL };

void compare_default_opts(struct compare_opts *o)
{
	o->metric = 0;
	o->min_gain = 0.0;
	o->alpha = 0.05;
	o->floor = 0.0;
	o->threads = 1;
}

static double metric_of(const struct evalm_result *r, int metric)
{
	return metric == 1 ? r->accuracy : metric == 2 ? r->macro_f1 : r->weighted_f1;
}

/* One model's pass over the data: per row, -1 unlabelled, 0 wrong, 1 right; and a hash
 * of the ids in order, so that the two passes can be checked to be over the same rows. */
struct pass {
	const struct model *m;
	signed char *right;
	size_t n, cap;
	uint64_t ids;
	size_t unknown;
	char first_unknown[64];
};

static void each_row(void *ctx, const char *id, const char *label, int pred)
{
	struct pass *p = ctx;

	for (const unsigned char *s = (const unsigned char *)id; *s; s++)
		p->ids = (p->ids ^ *s) * 1099511628211ULL;
	p->ids = (p->ids ^ 0xff) * 1099511628211ULL;
	xgrow(&p->right, &p->cap, p->n + 1, 1);
	if (!*label) {
		p->right[p->n++] = -1;
		return;
	}
	if (classes_find(&p->m->classes, label) < 0) {
		/* a class the model cannot predict: wrong (both models have the same classes) */
		if (!p->unknown++)
			snprintf(p->first_unknown, sizeof(p->first_unknown), "%s", label);
		p->right[p->n++] = 0;
		return;
	}
	p->right[p->n++] = !strcmp(label, p->m->classes.name[pred]);
}

static int score(const struct model *m, long version, const char *role, const char *data,
		 const struct compare_opts *o, struct pass *p, struct compare_side *side)
{
	struct predict_opts po = { .topk = 1, .threads = o->threads, .each = each_row, .each_ctx = p };
	struct predict_stats st = { 0 };

	memset(p, 0, sizeof(*p));
	p->m = m;
	p->ids = 14695981039346656037ULL;
	po.eval = evalm_new(m->classes.n, (const char *const *)m->classes.name, 5, 15);
	if (!po.eval)
		return -1;
	if (predict_run(m, data, &po, &st) < 0) {
		evalm_free(po.eval);
		return pc_error("%s v%ld cannot score %s", role, version, data);
	}
	if (p->unknown && p->unknown * 10 > st.labelled) {
		evalm_free(po.eval);
		return pc_error("%s: the %s v%ld does not fit the data: %zu of %llu labelled rows "
				"have classes it does not know (first: '%s')", data, role, version,
				p->unknown, (unsigned long long)st.labelled, p->first_unknown);
	}
	if (p->unknown)
		pc_warn("%s: %zu of %llu labelled rows have classes the %s v%ld does not know "
			"(first: '%s'): counted wrong", data, p->unknown,
			(unsigned long long)st.labelled, role, version, p->first_unknown);
	if (!evalm_count(po.eval)) {
		evalm_free(po.eval);
		return pc_error("%s: no labelled rows to compare on", data);
	}
	evalm_compute(po.eval, &side->r);
	evalm_free(po.eval);
	side->version = version;
	side->value = metric_of(&side->r, o->metric);
	for (size_t i = 0; i < p->n; i++)
		side->correct += p->right[i] == 1;
	return 0;
}

static int same_classes(const struct model *a, const struct model *b)
{
	if (a->classes.n != b->classes.n)
		return 0;
	for (int i = 0; i < a->classes.n; i++)
		if (strcmp(a->classes.name[i], b->classes.name[i]))
			return 0;
	return 1;
}

static void decide(const struct compare_opts *o, struct compare_result *res)
{
	const char *name = compare_metric_names[o->metric];
	double gain = res->challenger.value - res->champion.value;

	res->win = 0;
	if (!(res->challenger.value >= o->floor)) {
		snprintf(res->reason, sizeof(res->reason), "%s %.4f is below the floor %g", name,
			 res->challenger.value, o->floor);
		return;
	}
	if (!res->champion.version) {
		res->win = 1;
		snprintf(res->reason, sizeof(res->reason), "no champion yet; %s %.4f", name,
			 res->challenger.value);
		return;
	}
	if (!(gain >= o->min_gain)) {
		snprintf(res->reason, sizeof(res->reason), "%s gain %+.4f is below %g", name, gain,
			 o->min_gain);
		return;
	}
	if (!(res->only_challenger > res->only_champion && res->p < o->alpha)) {
		snprintf(res->reason, sizeof(res->reason), "not significant: McNemar p = %.3g, "
			 "%zu rows only the challenger gets right against %zu (alpha %g)", res->p,
			 res->only_challenger, res->only_champion, o->alpha);
		return;
	}
	res->win = 1;
	snprintf(res->reason, sizeof(res->reason), "%s %+.4f, McNemar p = %.3g (%zu against %zu "
		 "rows)", name, gain, res->p, res->only_challenger, res->only_champion);
}

/* Tokens, when both models embed them alike (the same featurizer): embedded once into a
 * temporary tensor stream that both then score, which halves the work of the slowest
 * part.  The stream's path (malloc'd) or NULL to score the tokens directly. */
static char *embed_once(const struct model *a, const struct model *b, const char *data,
			int threads)
{
	const char *dir = getenv("TMPDIR");
	struct embed_stats st = { 0 };
	char *tmp;
	FILE *fp;
	int fd;

	if (!a || !b->feat || !a->feat || strcmp(a->featurizer_digest, b->featurizer_digest) ||
	    !strcmp(data, "-") || drift_mv_is_stream(data))
		return NULL;
	tmp = xasprintf("%s/pc-compare-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return NULL;   /* no room for it: score the tokens twice */
	}
	outfile_pending_add(tmp);
	fp = fdopen(fd, "w");
	if (!fp || embed_apply(b->feat, data, fp, tmp, NULL, threads, &st) < 0 ||
	    fflush(fp) != 0) {
		if (fp)
			fclose(fp);
		else
			close(fd);
		unlink(tmp);
		outfile_pending_remove(tmp);
		free(tmp);
		return (char *)-1;
	}
	fclose(fp);
	return tmp;
}

int compare_run(const struct model *champion, long champion_version,
		const struct model *challenger, long challenger_version, const char *data,
		const struct compare_opts *o, struct compare_result *res)
{
	struct pass a, b;
	char *shared = NULL;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (champion && !same_classes(champion, challenger))
		return pc_error("champion v%ld and challenger v%ld have different classes",
				champion_version, challenger_version);
	shared = embed_once(champion, challenger, data, o->threads);
	if (shared == (char *)-1) {
		shared = NULL;
		goto out;
	}
	if (score(challenger, challenger_version, "challenger", shared ? shared : data, o, &b,
		  &res->challenger) < 0)
		goto out;
	if (champion) {
		if (score(champion, champion_version, "champion", shared ? shared : data, o, &a,
			  &res->champion) < 0)
			goto out;
		if (a.n != b.n || a.ids != b.ids) {
			pc_error("%s: the two models did not score the same rows", data);
			goto out;
		}
		for (size_t i = 0; i < a.n; i++) {
			if (a.right[i] < 0)
				continue;
			res->rows++;
			res->only_champion += a.right[i] == 1 && b.right[i] == 0;
			res->only_challenger += a.right[i] == 0 && b.right[i] == 1;
		}
		res->p = stats_mcnemar_exact(res->only_champion, res->only_challenger);
	} else {
		for (size_t i = 0; i < b.n; i++)
			res->rows += b.right[i] >= 0;
		res->p = NAN;
	}
	decide(o, res);
	ret = 0;
out:
	if (shared) {
		unlink(shared);
		outfile_pending_remove(shared);
		free(shared);
	}
	free(a.right);
	free(b.right);
	if (ret < 0)
		compare_result_free(res);
	return ret;
}

void compare_result_free(struct compare_result *res)
{
	evalm_result_free(&res->champion.r);
	evalm_result_free(&res->challenger.r);
}

static void row(FILE *out, const char *name, const struct compare_result *res, double a,
		double b, int have_champion)
{
	fprintf(out, "%s\t", name);
	if (have_champion)
		tsv_put_double(out, a);
	fputc('\t', out);
	tsv_put_double(out, b);
	fputc('\t', out);
	if (have_champion)
		tsv_put_double(out, b - a);
	fputc('\n', out);
	(void)res;
}

void compare_write(FILE *out, const struct compare_opts *o, const struct compare_result *res)
{
	const struct evalm_result *a = &res->champion.r, *b = &res->challenger.r;
	int c = res->champion.version != 0;

	fputs("metric\tchampion\tchallenger\tdifference\n", out);
	fprintf(out, "version\t");
	if (c)
		fprintf(out, "v%ld", res->champion.version);
	fprintf(out, "\tv%ld\t\n", res->challenger.version);
	row(out, "rows", res, (double)res->rows, (double)res->rows, c);
	row(out, "accuracy", res, a->accuracy, b->accuracy, c);
	row(out, "weighted_f1", res, a->weighted_f1, b->weighted_f1, c);
	row(out, "macro_f1", res, a->macro_f1, b->macro_f1, c);
	row(out, "log_loss", res, a->log_loss, b->log_loss, c);
	row(out, "correct", res, (double)res->champion.correct, (double)res->challenger.correct, c);
	if (c) {
		fprintf(out, "only_right\t%zu\t%zu\t\n", res->only_champion, res->only_challenger);
		fputs("mcnemar_p\t\t\t", out);
		tsv_put_double(out, res->p);
		fputc('\n', out);
	}
	fprintf(out, "# %s: the challenger %s: %s\n", compare_metric_names[o->metric],
		res->win ? "wins" : "does not win", res->reason);
}
