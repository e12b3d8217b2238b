/* models: the served model and its hot swap; see models.h. */
#include "serve/models.h"
#include "base/msg.h"
#include "base/progress.h"
#include "base/xalloc.h"
#include "registry/registry.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

struct models {
	struct registry *reg;
	char *alias;
	char *aliases_dir;
	double poll;
	pthread_mutex_t lock;
	struct served_model *cur;
	uint64_t reloads, failures;
	long failed_version;          /* the last version that failed to load, not retried
	                               * until the alias moves or a reload is forced */
	char last_error[512];         /* the last alias problem reported */
	int wake_fd;                  /* eventfd: a forced reload or stop */
	int force, stop;              /* under lock */
	pthread_t watcher;
	int watching;
};

static struct served_model *load(struct models *ms, long v)
{
	char *path = registry_model_path(ms->reg, v);
	struct model *m = model_read(path);
	struct served_model *sm;
	struct score1_work *w;

	free(path);
	if (!m)
		return NULL;
	/* a model that cannot score products is refused before it is served */
	w = score1_work_new(m);
	if (!w) {
		model_free(m);
		return NULL;
	}
	sm = xcalloc(1, sizeof(*sm));
	sm->m = m;
	sm->version = v;
	snprintf(sm->label, sizeof(sm->label), "v%ld", v);
	sm->loaded_at = (double)time(NULL);
	sm->cap = 4;
	sm->pool = xcalloc(sm->cap, sizeof(*sm->pool));
	sm->pool[sm->npool++] = w;
	return sm;
}

static void unload(struct served_model *sm)
{
	for (size_t i = 0; i < sm->npool; i++)
		score1_work_free(sm->pool[i]);
	free(sm->pool);
	model_free(sm->m);
	free(sm);
}

/* The alias's version: 0 with *v, -1 with the reason reported (or captured). */
static int resolve(struct models *ms, long *v, char *why, size_t whylen)
{
	int k;

	if (why)
		pc_msg_capture(why, whylen);
	k = registry_resolve(ms->reg, ms->alias, v);
	if (why)
		pc_msg_capture(NULL, 0);
	if (k == 1) {
		if (why)
			snprintf(why, whylen, "%s: alias '%s' is not set", registry_dir(ms->reg),
				 ms->alias);
		else
			pc_error("%s: alias '%s' is not set", registry_dir(ms->reg), ms->alias);
	}
	return k ? -1 : 0;
}

struct models *models_open(const struct models_opts *o)
{
	struct models *ms = xcalloc(1, sizeof(*ms));
	long v;

	ms->reg = registry_open(o->registry, 0);
	if (!ms->reg) {
		free(ms);
		return NULL;
	}
	ms->alias = xstrdup(o->alias ? o->alias : "champion");
	ms->aliases_dir = xasprintf("%s/aliases", registry_dir(ms->reg));
	ms->poll = o->poll > 0 ? o->poll : 2.0;
	ms->wake_fd = -1;
	pthread_mutex_init(&ms->lock, NULL);
	if (resolve(ms, &v, NULL, 0) < 0 || !(ms->cur = load(ms, v))) {
		models_close(ms);
		return NULL;
	}
	ms->cur->current = 1;
	return ms;
}

void models_close(struct models *ms)
{
	if (!ms)
		return;
	if (ms->watching) {
		uint64_t one = 1;

		pthread_mutex_lock(&ms->lock);
		ms->stop = 1;
		pthread_mutex_unlock(&ms->lock);
		if (write(ms->wake_fd, &one, sizeof(one)) < 0)
			pc_error_errno("cannot wake the model watcher");
		pthread_join(ms->watcher, NULL);
	}
	if (ms->wake_fd >= 0)
		close(ms->wake_fd);
	if (ms->cur)
		unload(ms->cur);
	pthread_mutex_destroy(&ms->lock);
	registry_close(ms->reg);
	free(ms->alias);
	free(ms->aliases_dir);
	free(ms);
}

struct served_model *models_acquire(struct models *ms)
{
	struct served_model *sm;

	pthread_mutex_lock(&ms->lock);
	sm = ms->cur;
	sm->refs++;
	pthread_mutex_unlock(&ms->lock);
	return sm;
}

struct served_model *models_acquire_version(struct models *ms, long v)
{
	struct served_model *sm;

	pthread_mutex_lock(&ms->lock);
	sm = ms->cur;
	if (sm->version == v) {
		sm->refs++;
		pthread_mutex_unlock(&ms->lock);
		return sm;
	}
	pthread_mutex_unlock(&ms->lock);
	sm = load(ms, v);
	if (sm)
		sm->refs = 1;
	return sm;
}

void models_release(struct models *ms, struct served_model *sm)
{
	int last;

	pthread_mutex_lock(&ms->lock);
	last = --sm->refs == 0 && !sm->current;
	pthread_mutex_unlock(&ms->lock);
	if (last)
		unload(sm);
}

struct score1_work *models_work_get(struct models *ms, struct served_model *sm)
{
	struct score1_work *w = NULL;

	pthread_mutex_lock(&ms->lock);
	if (sm->npool)
		w = sm->pool[--sm->npool];
	pthread_mutex_unlock(&ms->lock);
	/* the model was checked when it was loaded: this cannot fail */
	return w ? w : score1_work_new(sm->m);
}

void models_work_put(struct models *ms, struct served_model *sm, struct score1_work *w)
{
	pthread_mutex_lock(&ms->lock);
	xgrow(&sm->pool, &sm->cap, sm->npool + 1, sizeof(*sm->pool));
	sm->pool[sm->npool++] = w;
	pthread_mutex_unlock(&ms->lock);
}

int models_reload(struct models *ms, int force)
{
	struct served_model *sm, *old;
	char why[512];
	long v, cur;
	int last;

	if (resolve(ms, &v, why, sizeof(why)) < 0) {
		/* the alias went missing or points nowhere: keep serving, say so once */
		if (strcmp(why, ms->last_error)) {
			pc_warn("%s; still serving v%ld", why, ms->cur->version);
			snprintf(ms->last_error, sizeof(ms->last_error), "%s", why);
		}
		return -1;
	}
	ms->last_error[0] = '\0';
	pthread_mutex_lock(&ms->lock);
	cur = ms->cur->version;
	pthread_mutex_unlock(&ms->lock);
	if (!force && (v == cur || v == ms->failed_version))
		return 0;
	sm = load(ms, v);
	if (!sm) {
		pc_warn("%s: v%ld could not be loaded; still serving v%ld", registry_dir(ms->reg), v,
			cur);
		pthread_mutex_lock(&ms->lock);
		ms->failures++;
		pthread_mutex_unlock(&ms->lock);
		ms->failed_version = v;
		return -1;
	}
	ms->failed_version = 0;
	pthread_mutex_lock(&ms->lock);
	old = ms->cur;
	old->current = 0;
	last = old->refs == 0;
	sm->current = 1;
	ms->cur = sm;
	ms->reloads++;
	pthread_mutex_unlock(&ms->lock);
	if (last)
		unload(old);
	if (!pc_quiet())
		fprintf(stderr, "%s: serving %s v%ld (was v%ld)\n", pc_progname(), ms->alias, v, cur);
	return 1;
}

static void *watch(void *arg)
{
	struct models *ms = arg;
	int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));

	/* the alias file is replaced by a rename; a registry on a file system without
	 * inotify is still polled */
	if (in >= 0 && inotify_add_watch(in, ms->aliases_dir, IN_MOVED_TO | IN_CLOSE_WRITE |
					 IN_CREATE | IN_DELETE | IN_MOVED_FROM) < 0) {
		close(in);
		in = -1;
	}
	for (;;) {
		struct pollfd pf[2] = { { ms->wake_fd, POLLIN, 0 }, { in, POLLIN, 0 } };
		int force, stop;
		uint64_t n;

		if (poll(pf, in >= 0 ? 2 : 1, (int)(ms->poll * 1000)) < 0 && errno != EINTR)
			break;
		if (pf[0].revents & POLLIN && read(ms->wake_fd, &n, sizeof(n)) < 0)
			n = 0;
		if (in >= 0 && pf[1].revents & POLLIN)
			while (read(in, buf, sizeof(buf)) > 0)
				;
		pthread_mutex_lock(&ms->lock);
		force = ms->force;
		stop = ms->stop;
		ms->force = 0;
		pthread_mutex_unlock(&ms->lock);
		if (stop)
			break;
		models_reload(ms, force);
	}
	if (in >= 0)
		close(in);
	return NULL;
}

int models_watch(struct models *ms)
{
	int e;

	ms->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ms->wake_fd < 0)
		return pc_error_errno("cannot make an eventfd");
	e = pthread_create(&ms->watcher, NULL, watch, ms);
	if (e) {
		errno = e;
		return pc_error_errno("cannot start the model watcher");
	}
	ms->watching = 1;
	return 0;
}

void models_request_reload(struct models *ms)
{
	uint64_t one = 1;

	pthread_mutex_lock(&ms->lock);
	ms->force = 1;
	pthread_mutex_unlock(&ms->lock);
	if (ms->wake_fd >= 0 && write(ms->wake_fd, &one, sizeof(one)) < 0)
		pc_error_errno("cannot wake the model watcher");
}

void models_get_stats(struct models *ms, struct models_stats *st)
{
	pthread_mutex_lock(&ms->lock);
	st->version = ms->cur->version;
	st->loaded_at = ms->cur->loaded_at;
	st->reloads = ms->reloads;
	st->reload_failures = ms->failures;
	pthread_mutex_unlock(&ms->lock);
}

const char *models_alias(const struct models *ms)
{
	return ms->alias;
}

const char *models_registry_dir(const struct models *ms)
{
	return registry_dir(ms->reg);
}
