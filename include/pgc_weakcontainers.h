/*
 * pgc_weakcontainers.h - weakref.WeakKeyDictionary, weakref.WeakValueDictionary
 * and weakref.WeakSet for libpgc. Included by pgc.h.
 *
 * Naming rule: a class weakref.C becomes the prefix pgc_<c>_ with
 * "Dictionary" shortened to "dict" as for pgc_dict_: WeakKeyDictionary is
 * pgc_weakkeydict_, WeakValueDictionary pgc_weakvaluedict_, WeakSet
 * pgc_weakset_; its method m becomes pgc_<c>_m (d[k] = v is _set, d[k] is
 * _get, del d[k] is _del, len() is _len, `in` is _contains).
 *
 * Each container is a pgc object (tracked by the collector, weakly
 * referenceable): make it with _new, drop it with pgc_decref. An entry
 * disappears when its weakly held key (or value) dies: at once, or, while
 * an iteration of that container is open, when the iteration ends (CPython's
 * _IterationGuard), so iterating is safe while entries die. A stale removal
 * never removes a newer entry stored under the same key (CPython bpo-28427).
 *
 * Iteration: start with *pos = 0 and call _next until it returns 0, or call
 * _iter_end(c, &pos) to stop early. Each entry comes back as NEW references
 * (so it cannot die under the caller). Keys may be replaced or deleted
 * while iterating; adding new keys is not allowed (as with pgc_dict_next).
 *
 * Errors: -1 or NULL with pgc_error() set: PGC_ETYPE (not this container),
 * PGC_EWEAKREF (the weak side's type lacks PGC_TF_WEAKREFABLE),
 * PGC_EUNHASHABLE, PGC_EKEY (missing key), PGC_ENOMEM.
 */
#ifndef PGC_WEAKCONTAINERS_H
#define PGC_WEAKCONTAINERS_H

#include <stddef.h>

#ifndef PGC_API
#define PGC_API __attribute__((visibility("default")))
#endif

struct pgc_object;

/* --- WeakValueDictionary: strong keys, weakly held values --- */

/* A new, empty WeakValueDictionary; NULL with PGC_ENOMEM. */
PGC_API struct pgc_object *pgc_weakvaluedict_new_at(const char *file, int line, const char *func);
#define pgc_weakvaluedict_new() pgc_weakvaluedict_new_at(__FILE__, __LINE__, __func__)
PGC_API int pgc_weakvaluedict_check(const struct pgc_object *o);
/* d[key] = value: key is held strongly, value weakly. 0 or -1. */
PGC_API int pgc_weakvaluedict_set(struct pgc_object *d, struct pgc_object *key,
				  struct pgc_object *value);
/* d.get(key): a NEW reference to the live value, or NULL: missing or dead
 * (pgc_error() == PGC_OK), or an error. */
PGC_API struct pgc_object *pgc_weakvaluedict_get(struct pgc_object *d, struct pgc_object *key);
/* del d[key]: 0, or -1 with PGC_EKEY when missing or already dead. */
PGC_API int pgc_weakvaluedict_del(struct pgc_object *d, struct pgc_object *key);
/* key in d: 1 (present and alive), 0, or -1. */
PGC_API int pgc_weakvaluedict_contains(struct pgc_object *d, struct pgc_object *key);
/* len(d): entries not yet removed, minus those waiting for the end of an
 * iteration (as CPython). A dead entry may still count until its removal. */
PGC_API size_t pgc_weakvaluedict_len(struct pgc_object *d);
/* d.valuerefs(): a new list of the weak references to the values. */
PGC_API struct pgc_object *pgc_weakvaluedict_valuerefs(struct pgc_object *d);
PGC_API int pgc_weakvaluedict_clear(struct pgc_object *d);
PGC_API int pgc_weakvaluedict_next(struct pgc_object *d, size_t *pos, struct pgc_object **key,
				   struct pgc_object **value);
PGC_API void pgc_weakvaluedict_iter_end(struct pgc_object *d, size_t *pos);

/* --- WeakKeyDictionary: weakly held keys, strong values --- */

PGC_API struct pgc_object *pgc_weakkeydict_new_at(const char *file, int line, const char *func);
#define pgc_weakkeydict_new() pgc_weakkeydict_new_at(__FILE__, __LINE__, __func__)
PGC_API int pgc_weakkeydict_check(const struct pgc_object *o);
/* d[key] = value: key is held weakly (its type must be weak-referenceable
 * and hashable), value strongly. 0 or -1. */
PGC_API int pgc_weakkeydict_set(struct pgc_object *d, struct pgc_object *key,
				struct pgc_object *value);
/* d.get(key): a NEW reference to the value, or NULL: missing (pgc_error()
 * == PGC_OK) or an error. */
PGC_API struct pgc_object *pgc_weakkeydict_get(struct pgc_object *d, struct pgc_object *key);
PGC_API int pgc_weakkeydict_del(struct pgc_object *d, struct pgc_object *key);
PGC_API int pgc_weakkeydict_contains(struct pgc_object *d, struct pgc_object *key);
PGC_API size_t pgc_weakkeydict_len(struct pgc_object *d);
/* d.keyrefs(): a new list of the weak references to the keys. */
PGC_API struct pgc_object *pgc_weakkeydict_keyrefs(struct pgc_object *d);
PGC_API int pgc_weakkeydict_clear(struct pgc_object *d);
PGC_API int pgc_weakkeydict_next(struct pgc_object *d, size_t *pos, struct pgc_object **key,
				 struct pgc_object **value);
PGC_API void pgc_weakkeydict_iter_end(struct pgc_object *d, size_t *pos);

/* --- WeakSet: weakly held members --- */

PGC_API struct pgc_object *pgc_weakset_new_at(const char *file, int line, const char *func);
#define pgc_weakset_new() pgc_weakset_new_at(__FILE__, __LINE__, __func__)
PGC_API int pgc_weakset_check(const struct pgc_object *o);
/* s.add(item): 0 or -1. */
PGC_API int pgc_weakset_add(struct pgc_object *s, struct pgc_object *item);
/* s.discard(item): 1 removed, 0 absent, -1 error. */
PGC_API int pgc_weakset_discard(struct pgc_object *s, struct pgc_object *item);
PGC_API int pgc_weakset_contains(struct pgc_object *s, struct pgc_object *item);
PGC_API size_t pgc_weakset_len(struct pgc_object *s);
PGC_API int pgc_weakset_clear(struct pgc_object *s);
/* Iteration yields NEW references to the live members in *item. */
PGC_API int pgc_weakset_next(struct pgc_object *s, size_t *pos, struct pgc_object **item);
PGC_API void pgc_weakset_iter_end(struct pgc_object *s, size_t *pos);

#endif
