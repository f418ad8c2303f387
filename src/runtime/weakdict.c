/*
 * weakdict.c - the weak containers' common core: the container object, the
 * iteration guard with its pending removals (CPython's _IterationGuard and
 * _pending_removals), and removal rules that never let a stale callback
 * remove a newer entry (bpo-28427). See docs/runtime.md, "Weak containers".
 */
#include <stdint.h>

#include "pgc_weakcontainers.h"
#include "runtime/weakdict.h"

#define ITER_DONE SIZE_MAX

static int wc_traverse(pgc_object *o, pgc_visitfn visit, void *arg)
{
	struct pgc__wc *c = (struct pgc__wc *)o;
	int r = 0;
	if (c->data)
		r = visit(c->data, arg);
	if (!r && c->selfref)
		r = visit(c->selfref, arg);
	if (!r && c->pending)
		r = visit(c->pending, arg);
	return r;
}

static void wc_clear(pgc_object *o)
{
	struct pgc__wc *c = (struct pgc__wc *)o;
	pgc_object *data = c->data, *selfref = c->selfref, *pending = c->pending;
	c->data = c->selfref = c->pending = NULL;
	pgc_decref(pending);
	pgc_decref(data);
	pgc_decref(selfref);
}

#define WC_TYPE(n)                                                                                 \
	{                                                                                          \
		.name = (n), .size = sizeof(struct pgc__wc),                                       \
		.flags = PGC_TF_GC | PGC_TF_WEAKREFABLE, .traverse = wc_traverse,                  \
		.clear = wc_clear,                                                                 \
	}
static pgc_type wc_types[PGC__WC_NKINDS] = {
    [PGC__WC_VALUE] = WC_TYPE("WeakValueDictionary"),
    [PGC__WC_KEY] = WC_TYPE("WeakKeyDictionary"),
    [PGC__WC_SET] = WC_TYPE("WeakSet"),
};

pgc_object *pgc__wc_new(int kind, const char *file, int line, const char *func)
{
	pgc_object *o = pgc_new_at(&wc_types[kind], 0, file, line, func);
	if (!o)
		return NULL;
	struct pgc__wc *c = (struct pgc__wc *)o;
	c->kind = kind;
	c->data = pgc_dict_at(file, line, func);
	c->selfref = c->data ? pgc_weakref_new(o, NULL) : NULL;
	if (!c->selfref) {
		pgc_decref(o);
		return NULL;
	}
	return o;
}

struct pgc__wc *pgc__wc_cast(const pgc_object *o, int kind)
{
	if (!pgc__wc_check(o, kind)) {
		pgc__set_error(PGC_ETYPE);
		return NULL;
	}
	return (struct pgc__wc *)(uintptr_t)o;
}

int pgc__wc_check(const pgc_object *o, int kind) { return o && pgc_type_of(o) == &wc_types[kind]; }

struct pgc__wc *pgc__wc_owner(pgc_object *selfref)
{
	pgc_object *o = selfref ? pgc_weakref_deref(selfref) : NULL;
	return (struct pgc__wc *)o;
}

/* Removes one entry whose referent died, if it is still the entry that
 * died: never a newer one stored under the same key since.
 *   VALUE: item is the key; remove only if its current weakref is dead
 *          (CPython's _remove_dead_weakref).
 *   KEY, SET: item is the dead weakref itself; a dead weakref is equal only
 *          to itself, so a newer (live) key equal to the old one never
 *          matches. */
static void remove_dead(struct pgc__wc *c, pgc_object *item)
{
	if (c->kind == PGC__WC_VALUE) {
		pgc_object *wr = pgc_dict_get(c->data, item);
		pgc_object *alive = wr ? pgc_weakref_deref(wr) : NULL;
		if (wr && !alive)
			pgc_dict_del(c->data, item);
		pgc_decref(alive);
	} else {
		pgc_dict_del(c->data, item); /* already gone (del, clear): fine */
	}
}

void pgc__wc_entry_died(struct pgc__wc *c, pgc_object *item)
{
	int saved = pgc_error();
	if (!c->iterating) {
		remove_dead(c, item);
	} else if ((c->pending || (c->pending = pgc_list_new())) &&
		   pgc_list_append(c->pending, item) == 0) {
		/* queued */
	}
	/* On ENOMEM the dead entry simply stays until it is looked up or the
	 * container is cleared: lookups already treat it as absent. */
	if (saved)
		pgc__set_error(saved);
	else
		pgc_clear_error();
}

void pgc__wc_commit(struct pgc__wc *c)
{
	if (c->iterating || !c->pending)
		return;
	pgc_object *pending = c->pending;
	c->pending = NULL;
	for (size_t i = 0; i < pgc_list_size(pending); i++)
		remove_dead(c, pgc_list_get(pending, i));
	pgc_decref(pending);
}

size_t pgc__wc_len(struct pgc__wc *c)
{
	size_t n = pgc_dict_size(c->data), p = c->pending ? pgc_list_size(c->pending) : 0;
	return n > p ? n - p : 0;
}

pgc_object *pgc__wc_weakrefs(struct pgc__wc *c, int weak_is_key)
{
	pgc_object *l = pgc_list_new(), *k, *v;
	size_t pos = 0;
	while (l && pgc_dict_next(c->data, &pos, &k, &v)) {
		if (pgc_list_append(l, weak_is_key ? k : v) < 0) {
			pgc_decref(l);
			return NULL;
		}
	}
	return l;
}

int pgc__wc_clear(struct pgc__wc *c)
{
	pgc_object *pending = c->pending;
	c->pending = NULL;
	pgc_decref(pending);
	return pgc_dict_clear(c->data);
}

static void iter_leave(struct pgc__wc *c)
{
	if (c->iterating && --c->iterating == 0)
		pgc__wc_commit(c);
}

int pgc__wc_next(struct pgc__wc *c, size_t *pos, pgc_object **weak, pgc_object **strong)
{
	if (*pos == ITER_DONE)
		return 0;
	if (*pos == 0)
		c->iterating++;
	pgc_object *k, *v;
	/* The container is held for the loop: a callback may drop the last
	 * outside reference to it. */
	pgc_incref(&c->ob);
	int found = 0;
	while (!found && pgc_dict_next(c->data, pos, &k, &v)) {
		pgc_object *wr = c->kind == PGC__WC_VALUE ? v : k;
		pgc_object *referent = pgc_weakref_deref(wr);
		if (!referent)
			continue; /* dead, waiting for removal */
		*weak = referent;
		if (strong) {
			*strong = c->kind == PGC__WC_VALUE ? k : v;
			pgc_incref(*strong);
		}
		found = 1;
	}
	if (!found) {
		*pos = ITER_DONE;
		iter_leave(c);
	}
	pgc_decref(&c->ob);
	return found;
}

void pgc__wc_iter_end(struct pgc__wc *c, size_t *pos)
{
	if (*pos != 0 && *pos != ITER_DONE)
		iter_leave(c);
	*pos = ITER_DONE;
}
