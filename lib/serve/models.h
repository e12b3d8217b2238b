/*
 * models: the model pc-serve serves, swapped while it serves.
 *
 * The served model is the registry version an alias names (champion by default).  A
 * watcher thread follows the alias (inotify on the registry's aliases/ directory, and a
 * poll every few seconds whatever the file system tells): when it moves, or when asked
 * (SIGHUP), the new version is read and verified beside the old one, then swapped in
 * under a lock.  A request takes a reference to the model current when it starts
 * (models_acquire) and scores on it to the end, so no request sees a half-loaded model or
 * fails during a swap; the old model is freed when the last request holding it lets go.
 * A version that fails to load is reported once, counted, and the old one stays.
 *
 * Each served model keeps a pool of score1 works (one a concurrent request), made on
 * demand and freed with the model.
 */
#ifndef PC_SERVE_MODELS_H
#define PC_SERVE_MODELS_H

#include <stdint.h>

#include "model/model.h"
#include "serve/score1.h"

struct served_model {
	struct model *m;
	long version;
	char label[32];           /* "v3" */
	double loaded_at;         /* Unix time */
	/* private */
	int refs;
	int current;
	struct score1_work **pool;
	size_t npool, cap;
};

struct models_opts {
	const char *registry;     /* the registry directory */
	const char *alias;        /* default "champion" */
	double poll;              /* seconds between looks at the alias besides inotify */
};

struct models_stats {
	long version;             /* of the current model */
	double loaded_at;
	uint64_t reloads;         /* swaps done after the first load */
	uint64_t reload_failures;
};

struct models;

/* Open the registry and load the alias's version; NULL after reporting. */
struct models *models_open(const struct models_opts *o);
/* Stops the watcher; every reference must have been released. */
void models_close(struct models *ms);

/* The current model, held until models_release. */
struct served_model *models_acquire(struct models *ms);
/* Version v: the current model when it is v, else v read from the registry for the
 * caller alone; NULL after reporting (no such version, a bad model). */
struct served_model *models_acquire_version(struct models *ms, long v);
void models_release(struct models *ms, struct served_model *sm);

/* A scratch work for sm, from its pool or new; give it back with models_work_put. */
struct score1_work *models_work_get(struct models *ms, struct served_model *sm);
void models_work_put(struct models *ms, struct served_model *sm, struct score1_work *w);

/* Look at the alias now and swap in its version when it moved (force: read it again even
 * when it did not).  1 swapped, 0 nothing to do, -1 failed (reported). */
int models_reload(struct models *ms, int force);

/* Start the watcher thread; 0 or -1 after reporting. */
int models_watch(struct models *ms);
/* Ask the watcher for a forced reload (SIGHUP); safe from any thread. */
void models_request_reload(struct models *ms);

void models_get_stats(struct models *ms, struct models_stats *st);
const char *models_alias(const struct models *ms);
const char *models_registry_dir(const struct models *ms);

#endif
