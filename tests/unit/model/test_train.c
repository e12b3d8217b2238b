/* Unit tests for the fusion network (gradients against finite differences, determinism,
 * learning a separable problem) and the model archive round trip. */
#include "model/model.h"
#include "model/net.h"
#include "base/rng.h"
#include "base/xalloc.h"

#include "../testutil.h"

#include <math.h>

#define N 8
#define S 16
#define D 5
#define C 3

/* A small dataset: sparse rows of 3 indices, dense rows, labels from both. */
static struct dataset *make_data(uint64_t seed)
{
	struct dataset *d = xcalloc(1, sizeof(*d));
	struct rng r;

	rng_seed(&r, seed);
	d->n = N;
	d->h.dense = D;
	d->h.sparse = S;
	d->h.featurizer = xstrdup("");
	d->h.spec = xstrdup("");
	d->dense = xcalloc(N * D, sizeof(float));
	d->sp_off = xcalloc(N + 1, sizeof(uint64_t));
	d->sp_idx = xcalloc(N * 3, sizeof(uint32_t));
	d->sp_val = xcalloc(N * 3, sizeof(float));
	d->y = xcalloc(N, sizeof(int));
	d->id = xcalloc(N, sizeof(char *));
	d->label = xcalloc(N, sizeof(char *));
	for (size_t i = 0; i < N; i++) {
		d->y[i] = (int)(i % C);
		for (int k = 0; k < D; k++)
			d->dense[i * D + k] = (float)(rng_normal(&r) + (k == d->y[i] ? 2.0 : 0.0));
		for (int e = 0; e < 3; e++) {
			d->sp_idx[i * 3 + e] = (uint32_t)(e * 5 + (int)((i + (size_t)e) % 5));
			d->sp_val[i * 3 + e] = (float)(0.3 + 0.2 * e);
		}
		d->sp_off[i + 1] = (i + 1) * 3;
		d->id[i] = xasprintf("r%zu", i);
		d->label[i] = xasprintf("%d", d->y[i]);
	}
	return d;
}

/* The softmax loss from the predicted probabilities: net_loss checked against them. */
static double softmax_loss(const struct net *n, const struct dataset *d, const size_t *idx)
{
	float p[N * C];
	double loss = 0;

	net_predict(n, d, idx, N, p, 1);
	for (size_t j = 0; j < N; j++)
		loss -= log((double)p[j * C + d->y[idx[j]]]);
	return loss / N;
}

static const struct net_spec spec = { S, D, 3, 4, 4, C };

/* The gradients of loss `_i` (net_loss enum order) against finite differences. */
START_TEST(test_gradients_match_finite_differences)
{
	struct dataset *d = make_data(3);
	size_t idx[N];
	struct net *n = net_new(&spec, 7), *before = net_new(&spec, 7);
	struct net_train_opts o = { 0 };
	struct net_trainer *t;
	int checked = 0;

	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	/* non-zero text weights, so every path carries gradient */
	for (size_t i = 0; i < S * 3; i++)
		n->t[n->text_w].w[i] = (float)(0.1 * sin((double)i));
	net_fit_scaler(n, d, idx, N);
	net_copy_weights(before, n);
	o.opt = NET_SGD;
	o.lr = 1.0f;
	o.threads = 1;
	o.loss = (enum net_loss)_i;
	if (o.loss == NET_SOFTMAX)
		ck_assert_double_eq_tol(net_loss(n, d, idx, N, &o), softmax_loss(n, d, idx), 1e-5);
	else
		ck_assert_double_gt(net_loss(n, d, idx, N, &o), 0.0);
	t = net_trainer_new(n, &o);
	net_train_batch(t, d, idx, N, 1, 1.0f);
	/* with plain SGD at rate 1 the step is the gradient */
	for (int k = 0; k < n->nt; k++) {
		size_t sz = n->t[k].rows * n->t[k].cols;

		for (size_t i = 0; i < sz; i += (sz > 40 ? 7 : 1)) {
			double g = (double)before->t[k].w[i] - (double)n->t[k].w[i];
			float keep = before->t[k].w[i];
			double lp, lm, fd, h = 1e-3;

			before->t[k].w[i] = keep + (float)h;
			lp = net_loss(before, d, idx, N, &o);
			before->t[k].w[i] = keep - (float)h;
			lm = net_loss(before, d, idx, N, &o);
			before->t[k].w[i] = keep;
			fd = (lp - lm) / (2 * h);
			ck_assert_msg(fabs(fd - g) <= 3e-3 + 2e-2 * fabs(fd),
				      "loss %d: %s[%zu]: analytic %g, numeric %g", _i, n->t[k].name, i,
				      g, fd);
			checked++;
		}
	}
	ck_assert_int_gt(checked, 40);
	net_trainer_free(t);
	net_free(n);
	net_free(before);
	dataset_free(d);
}
END_TEST

static struct net *train(const struct dataset *d, int threads, int epochs, float dropout)
{
	struct net *n = net_new(&spec, 11);
	struct net_train_opts o = { 0 };
	struct net_trainer *t;
	size_t idx[N];

	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	net_fit_scaler(n, d, idx, N);
	o.opt = NET_ADAM;
	o.lr = 0.01f;
	o.beta1 = 0.9f;
	o.beta2 = 0.999f;
	o.eps = 1e-8f;
	o.dropout = dropout;
	o.seed = 5;
	o.threads = threads;
	t = net_trainer_new(n, &o);
	for (int e = 1; e <= epochs; e++)
		net_train_batch(t, d, idx, N, e, o.lr);
	net_trainer_free(t);
	return n;
}

START_TEST(test_training_learns_and_is_deterministic)
{
	struct dataset *d = make_data(4);
	struct net *a = train(d, 1, 100, 0.2f), *b = train(d, 3, 100, 0.2f);
	struct net *c = train(d, 2, 500, 0.0f);
	size_t idx[N];
	float p[N * C];

	for (int k = 0; k < a->nt; k++)
		ck_assert_int_eq(memcmp(a->t[k].w, b->t[k].w,
					a->t[k].rows * a->t[k].cols * sizeof(float)), 0);
	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	/* every training row ends up predicted right */
	net_predict(c, d, idx, N, p, 2);
	for (size_t j = 0; j < N; j++)
		for (int k = 0; k < C; k++)
			if (k != d->y[j])
				ck_assert_float_gt(p[j * C + d->y[j]], p[j * C + k]);
	net_free(c);
	net_free(a);
	net_free(b);
	dataset_free(d);
}
END_TEST

START_TEST(test_model_roundtrip)
{
	struct dataset *d = make_data(5);
	struct net *n = train(d, 1, 20, 0.0f);
	char *dir = tu_tmpdir(), *path = tu_path(dir, "m.pcm");
	struct classes c = { NULL, 0 };
	struct model *m;
	size_t idx[N];
	float p[N * C], q[N * C];

	classes_from(&c, d);
	ck_assert_int_eq(c.n, C);
	ck_assert_int_eq(model_write(path, n, &c, NULL, "", NULL), 0);
	m = model_read(path);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->classes.n, C);
	ck_assert_str_eq(m->classes.name[2], "2");
	for (size_t i = 0; i < N; i++)
		idx[i] = i;
	net_predict(n, d, idx, N, p, 1);
	net_predict(m->net, d, idx, N, q, 1);
	ck_assert_int_eq(memcmp(p, q, sizeof(p)), 0);
	model_free(m);
	/* a flipped byte anywhere is caught by the archive's digests */
	{
		size_t len;
		char *bytes = tu_read_file(path, &len);

		bytes[len / 2] ^= 0x5a;
		tu_write_file(path, bytes, len);
		free(bytes);
		ck_assert_ptr_null(model_read(path));
	}
	classes_free(&c);
	net_free(n);
	dataset_free(d);
	free(path);
	tu_rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("train");
	TCase *tc = tcase_create("train");

	tcase_add_loop_test(tc, test_gradients_match_finite_differences, NET_SOFTMAX, NET_CS + 1);
	tcase_add_test(tc, test_training_learns_and_is_deterministic);
	tcase_add_test(tc, test_model_roundtrip);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
