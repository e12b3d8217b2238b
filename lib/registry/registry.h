/*
 * registry: a directory of model versions, in git's discipline: immutable objects, refs
 * as small files, a log of every move (pc-formats(5), REGISTRY).
 *
 *   REG/lock                   flock(2)ed by every writer, so writers serialise
 *   REG/versions/vN/           version N, never changed once renamed into place:
 *       model.pcm              the model archive, byte for byte as registered
 *       card.yaml              the facts: version, sha256, size, created, source, run,
 *                              parent, featurizer, data_sha256, classes, metrics
 *       FILE...                files attached at registration (a reference data set)
 *   REG/aliases/NAME           "N\n", then "previous M\n" when the alias moved from M
 *   REG/history.tsv            one line per decision: time, action, version, previous,
 *                              metric, champion, challenger, decision, reason
 *
 * Every change is a temporary file or directory and a rename, under the lock: a version
 * is built in versions/.tmp-* and renamed to vN whole, so a reader never sees half of
 * one; a crash at any instant leaves a registry that registry_fsck finds consistent
 * (leftover .tmp-* entries are ignored by readers and removed by registry_gc).  Readers
 * take no lock.
 *
 * References to versions: "N" or "vN", or an alias name.  Alias names: 1 to 64 of
 * [a-z0-9_.-], starting with a letter, not "v" followed by digits only.
 */
#ifndef PC_REGISTRY_H
#define PC_REGISTRY_H

#include <stdio.h>

#include "base/config.h"

#define REGISTRY_ALIAS_MAX 64

struct registry;

/* Open `dir`, creating an empty registry there when `create` and it does not exist;
 * NULL after reporting. */
struct registry *registry_open(const char *dir, int create);
void registry_close(struct registry *r);
const char *registry_dir(const struct registry *r);

/* The exclusive writer's lock (blocks until free); 0, or -1 after reporting.  Every
 * function that changes the registry takes it itself unless the caller holds it. */
int registry_lock(struct registry *r);
void registry_unlock(struct registry *r);

/* 1 if `name` may be an alias. */
int registry_alias_name_ok(const char *name);

/* The version `ref` names: 0 with *version set, 1 when it names an alias that is not set,
 * -1 after reporting a malformed reference or a version that does not exist. */
int registry_resolve(const struct registry *r, const char *ref, long *version);
/* An alias: 0 with *version (and *previous, 0 when none) set, 1 when not set, -1 after
 * reporting a damaged alias file. */
int registry_alias_get(const struct registry *r, const char *name, long *version,
		       long *previous);
/* Point `name` at `version`, remembering where it pointed; 0 or -1 after reporting. */
int registry_alias_set(struct registry *r, const char *name, long version);
int registry_alias_rm(struct registry *r, const char *name);

/* Paths inside a version (malloc'd): its model, or one of its attached files. */
char *registry_model_path(const struct registry *r, long version);
char *registry_file_path(const struct registry *r, long version, const char *name);
/* The version's card, parsed; NULL after reporting. */
struct config *registry_card(const struct registry *r, long version);

/* Versions in increasing order (malloc'd), *n set. */
long *registry_versions(const struct registry *r, size_t *n);

/* Store `model` as the next version: verified as a model archive, copied with its card
 * (`run`: the run record that made it, or NULL; `attach`: NULL-terminated files to keep
 * beside it).  *version gets the number.  0, or -1 after reporting. */
int registry_register(struct registry *r, const char *model, const char *run,
		      char *const *attach, long *version);

/* One line of history: fields that do not apply are NULL or NAN / 0. */
struct registry_event {
	const char *action;         /* register, alias, unalias, compare, promote, refuse,
	                             * rollback, gc */
	long version, previous;     /* 0: none */
	const char *metric;
	double champion, challenger;
	const char *decision;       /* e.g. win, lose, done */
	const char *reason;
};
int registry_log(struct registry *r, const struct registry_event *e);

/* Print the history (the TSV as it is), the versions as a TSV table, a version's card. */
int registry_print_history(const struct registry *r, FILE *out);
int registry_print_list(const struct registry *r, FILE *out);

/* Remove versions beyond the `keep` newest that no alias (nor an alias's previous)
 * names, and leftover temporary entries; *removed gets the count.  0 or -1. */
int registry_gc(struct registry *r, long keep, long *removed);

/* Check every version's files, card and digest, every alias and the history; print a
 * line per problem on `out`; the number of problems, or -1 when the registry cannot be
 * read at all. */
long registry_fsck(const struct registry *r, FILE *out);

#endif
