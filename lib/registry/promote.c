/* promote: the pc-promote procedures; see promote.h. */
#include "registry/promote.h"
#include "base/msg.h"
#include "base/xalloc.h"
#include "registry/notify.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void promote_default_opts(struct promote_opts *o)
{
	memset(o, 0, sizeof(*o));
	compare_default_opts(&o->cmp);
	o->champion = "champion";
	o->challenger = "challenger";
}

int promote_register(struct registry *r, const char *model, const char *run,
		     char *const *attach, const char *alias, FILE *out)
{
	struct registry_event e = { "register", 0, 0, NULL, NAN, NAN, "done", model };
	long v, prev;
	int status = PC_EXIT_INPUT;

	if (alias && !registry_alias_name_ok(alias)) {
		pc_error("'%s' is not an alias name (a-z, 0-9, _ . -, starting with a letter)",
			 alias);
		return PC_EXIT_INPUT;
	}
	if (registry_lock(r) < 0)
		return PC_EXIT_INTERNAL;
	if (registry_alias_get(r, "champion", &e.previous, &prev) != 0)
		e.previous = 0;
	if (registry_register(r, model, run, attach, &v) < 0)
		goto out;
	status = PC_EXIT_INTERNAL;
	e.version = v;
	if (registry_log(r, &e) < 0)
		goto out;
	if (alias) {
		struct registry_event a = { "alias", v, 0, NULL, NAN, NAN, alias, "register --alias" };

		if (registry_alias_get(r, alias, &a.previous, &prev) != 0)
			a.previous = 0;
		if (registry_alias_set(r, alias, v) < 0 || registry_log(r, &a) < 0)
			goto out;
	}
	fprintf(out, "v%ld\n", v);
	status = PC_EXIT_OK;
out:
	registry_unlock(r);
	return status;
}

/* The model a reference names, or NULL (*version 0) when it is an alias not set. */
static int load(const struct registry *r, const char *ref, long *version, struct model **m)
{
	int k = registry_resolve(r, ref, version);
	char *path;

	*m = NULL;
	if (k < 0)
		return -1;
	if (k == 1) {
		*version = 0;
		return 0;
	}
	path = registry_model_path(r, *version);
	*m = model_read(path);
	free(path);
	return *m ? 0 : -1;
}

/* Compare under the lock the caller holds; the status, and the result in *res. */
static int compare_locked(struct registry *r, const char *data, const struct promote_opts *o,
			  struct compare_result *res, FILE *out)
{
	struct model *champ = NULL, *chal = NULL;
	long cv = 0, hv = 0;
	int status = PC_EXIT_INPUT;

	if (load(r, o->challenger, &hv, &chal) < 0)
		goto out;
	if (!chal) {
		pc_error("%s: no challenger: alias '%s' is not set", registry_dir(r), o->challenger);
		goto out;
	}
	if (load(r, o->champion, &cv, &champ) < 0)
		goto out;
	if (cv && cv == hv) {
		pc_error("%s: v%ld is already the champion", registry_dir(r), hv);
		goto out;
	}
	if (compare_run(champ, cv, chal, hv, data, &o->cmp, res) < 0)
		goto out;
	compare_write(out, &o->cmp, res);
	status = res->win ? PC_EXIT_OK : PC_EXIT_NO;
out:
	model_free(champ);
	model_free(chal);
	return status;
}

static void log_compare(struct registry *r, const char *action, const struct promote_opts *o,
			const struct compare_result *res)
{
	struct registry_event e = { action, res->challenger.version, res->champion.version,
				    compare_metric_names[o->cmp.metric],
				    res->champion.version ? res->champion.value : NAN,
				    res->challenger.value, res->win ? "win" : "lose", res->reason };

	registry_log(r, &e);
}

static void notify(struct registry *r, const struct promote_opts *o, const char *event,
		   long version, long previous, const struct compare_result *res,
		   const char *reason)
{
	struct notify_event n = { event, registry_dir(r), version, previous, NULL, NAN, NAN, NAN,
				  reason };

	if (res) {
		n.metric = compare_metric_names[o->cmp.metric];
		n.champion = res->champion.version ? res->champion.value : NAN;
		n.challenger = res->challenger.value;
		n.p = res->p;
	}
	notify_run(o->notify, &n);
}

int promote_compare(struct registry *r, const char *data, const struct promote_opts *o,
		    FILE *out)
{
	struct compare_result res;
	int status;

	memset(&res, 0, sizeof(res));
	if (registry_lock(r) < 0)
		return PC_EXIT_INTERNAL;
	status = compare_locked(r, data, o, &res, out);
	if (status == PC_EXIT_OK || status == PC_EXIT_NO)
		log_compare(r, "compare", o, &res);
	/* the notification runs outside the lock: a slow webhook holds no writer back */
	registry_unlock(r);
	if (status == PC_EXIT_NO)
		notify(r, o, "refuse", res.challenger.version, res.champion.version, &res,
		       res.reason);
	compare_result_free(&res);
	return status;
}

int promote_promote(struct registry *r, const char *data, const struct promote_opts *o,
		    FILE *out)
{
	struct compare_result res;
	struct registry_event e = { "promote", 0, 0, NULL, NAN, NAN, "done", NULL };
	long prev_prev;
	char reason[300] = "";
	const char *event = NULL;
	int status = PC_EXIT_INPUT, k;

	memset(&res, 0, sizeof(res));
	if (registry_lock(r) < 0)
		return PC_EXIT_INTERNAL;
	if (data) {
		status = compare_locked(r, data, o, &res, out);
		if (status == PC_EXIT_NO) {
			log_compare(r, "refuse", o, &res);
			event = "refuse";
		}
		if (status != PC_EXIT_OK)
			goto out;
		e.metric = compare_metric_names[o->cmp.metric];
		e.champion = res.champion.version ? res.champion.value : NAN;
		e.challenger = res.challenger.value;
		e.version = res.challenger.version;
		snprintf(reason, sizeof(reason), "%s", res.reason);
	} else {
		k = registry_resolve(r, o->challenger, &e.version);
		if (k != 0) {
			if (k == 1)
				pc_error("%s: no challenger: alias '%s' is not set", registry_dir(r),
					 o->challenger);
			goto out;
		}
		snprintf(reason, sizeof(reason), "promoted by hand");
	}
	k = registry_alias_get(r, "champion", &e.previous, &prev_prev);
	if (k < 0)
		goto out;
	if (k == 1)
		e.previous = 0;
	if (e.previous == e.version) {
		pc_error("%s: v%ld is already the champion", registry_dir(r), e.version);
		goto out;
	}
	status = PC_EXIT_INTERNAL;
	e.reason = reason;
	if (registry_alias_set(r, "champion", e.version) < 0 || registry_log(r, &e) < 0)
		goto out;
	status = PC_EXIT_OK;
	event = "promote";
	if (!o->quiet && e.previous)
		fprintf(stderr, "%s: champion: v%ld (was v%ld)\n", pc_progname(), e.version,
			e.previous);
	else if (!o->quiet)
		fprintf(stderr, "%s: champion: v%ld\n", pc_progname(), e.version);
out:
	/* the notification runs outside the lock: a slow webhook holds no writer back */
	registry_unlock(r);
	if (event && !strcmp(event, "refuse"))
		notify(r, o, event, res.challenger.version, res.champion.version, &res, res.reason);
	else if (event)
		notify(r, o, event, e.version, e.previous, data ? &res : NULL, reason);
	compare_result_free(&res);
	return status;
}

int promote_rollback(struct registry *r, const struct promote_opts *o)
{
	struct registry_event e = { "rollback", 0, 0, NULL, NAN, NAN, "done", NULL };
	long cur, prev;
	char reason[64];
	int k, status = PC_EXIT_INPUT;

	if (registry_lock(r) < 0)
		return PC_EXIT_INTERNAL;
	k = registry_alias_get(r, "champion", &cur, &prev);
	if (k != 0) {
		if (k == 1)
			pc_error("%s: no champion to roll back", registry_dir(r));
		goto out;
	}
	if (!prev) {
		pc_error("%s: the champion v%ld has no previous version recorded", registry_dir(r),
			 cur);
		goto out;
	}
	status = PC_EXIT_INTERNAL;
	snprintf(reason, sizeof(reason), "v%ld rolled back", cur);
	e.version = prev;
	e.previous = cur;
	e.reason = reason;
	if (registry_alias_set(r, "champion", prev) < 0 || registry_log(r, &e) < 0)
		goto out;
	status = PC_EXIT_OK;
out:
	registry_unlock(r);
	if (status == PC_EXIT_OK)
		notify(r, o, "rollback", prev, cur, NULL, reason);
	return status;
}
