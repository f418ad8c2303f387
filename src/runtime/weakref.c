/*
 * weakref.c - weak references and proxies: the off-header side table
 * (object -> its newest-first list of weakrefs, flagged by PGC__F_WEAKREFS),
 * creation, deref, hash/eq, clearing with callbacks at deallocation and
 * during a collection. Rules: docs/runtime.md, "Weak references".
 */
#include "runtime/internal.h"

struct pgc__weakref {
	pgc_object ob;
	pgc_object *referent; /* borrowed; NULL once the referent died */
	pgc_weakref_callback cb;
	pgc_object *data;		  /* strong, may be NULL */
	struct pgc__weakref *prev, *next; /* the referent's list, newest first */
	pgc_object *cb_next;		  /* pending-callback chain */
	uint64_t hash;
	int hashed;
};
#define W(o) ((struct pgc__weakref *)(o))

/* ------------------------------------------------------------ side table */

/* Open addressing keyed by address, linear probing, backward-shift delete. */
struct slot {
	pgc_object *key;
	struct pgc__weakref *head;
};
static struct slot *tab;
static size_t cap, count; /* cap is 0 or a power of two */

static size_t slot_of(const pgc_object *key)
{
	uint64_t h = (uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ull;
	size_t mask = cap - 1;
	size_t i = (size_t)(h >> 32) & mask;
	while (tab[i].key && tab[i].key != key)
		i = (i + 1) & mask;
	return i;
}

static int reserve_one(void)
{
	if ((count + 1) * 4 <= cap * 3)
		return 0;
	size_t ncap = cap ? 2 * cap : 64;
	struct slot *nt = PGC__CALLOC(ncap * sizeof(*nt));
	if (!nt)
		return -1;
	struct slot *old = tab;
	size_t ocap = cap;
	tab = nt;
	cap = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			tab[slot_of(old[i].key)] = old[i];
	pgc__free(old, ocap * sizeof(*old));
	return 0;
}

static struct pgc__weakref *head_of(const pgc_object *o)
{
	if (!pgc__has_flag(o, PGC__F_WEAKREFS))
		return NULL;
	return tab[slot_of(o)].head;
}

/* Sets o's list head; NULL removes the entry. The entry must exist or a
 * reserve_one() must have succeeded since the last insertion. */
static void set_head(pgc_object *o, struct pgc__weakref *head)
{
	size_t i = slot_of(o);
	if (head) {
		if (!tab[i].key) {
			tab[i].key = o;
			count++;
			pgc__set_flag(o, PGC__F_WEAKREFS);
		}
		tab[i].head = head;
		return;
	}
	if (!tab[i].key)
		return;
	size_t mask = cap - 1;
	tab[i].key = NULL;
	tab[i].head = NULL;
	count--;
	for (size_t j = (i + 1) & mask; tab[j].key; j = (j + 1) & mask) {
		struct slot e = tab[j];
		tab[j].key = NULL;
		tab[j].head = NULL;
		tab[slot_of(e.key)] = e;
	}
	pgc__clear_flag(o, PGC__F_WEAKREFS);
}

/* Unlinks wr from its referent's list; afterwards wr is dead. */
static void unlink_ref(struct pgc__weakref *wr)
{
	pgc_object *o = wr->referent;
	if (!o)
		return;
	if (wr->prev)
		wr->prev->next = wr->next;
	else
		set_head(o, wr->next);
	if (wr->next)
		wr->next->prev = wr->prev;
	wr->prev = wr->next = NULL;
	wr->referent = NULL;
}

/* ------------------------------------------------------------ the types */

static int wr_traverse(pgc_object *o, pgc_visitfn visit, void *arg)
{
	return W(o)->data ? visit(W(o)->data, arg) : 0;
}

/* At deallocation (or to break a cycle): the weakref dies first, so its
 * callback will never run. */
static void wr_clear(pgc_object *o)
{
	unlink_ref(W(o));
	W(o)->cb = NULL;
	pgc_object *d = W(o)->data;
	W(o)->data = NULL;
	pgc_decref(d);
}

/* Follows the referent while alive (and caches it), stable after death. */
static int wr_hash(pgc_object *o, uint64_t *out)
{
	struct pgc__weakref *wr = W(o);
	if (!wr->hashed) {
		if (!wr->referent)
			return pgc__set_error(PGC_ETYPE); /* Python: TypeError */
		if (pgc_hash(wr->referent, &wr->hash) < 0)
			return -1;
		wr->hashed = 1;
	}
	*out = wr->hash;
	return 0;
}

/* Both alive: the referents compare; otherwise identity. */
static int wr_eq(pgc_object *a, pgc_object *b)
{
	pgc_object *ra = W(a)->referent, *rb = W(b)->referent;
	if (!ra || !rb)
		return a == b;
	pgc_incref(ra);
	pgc_incref(rb);
	int r = pgc_eq(ra, rb);
	pgc_decref(ra);
	pgc_decref(rb);
	return r;
}

PGC__HIDDEN pgc_type pgc__weakref_type = {
    .name = "weakref",
    .size = sizeof(struct pgc__weakref),
    .flags = PGC_TF_GC,
    .traverse = wr_traverse,
    .clear = wr_clear,
    .eq = wr_eq,
    .hash = wr_hash,
    .pgc_private_index_ = 6,
};

/* Proxies are unhashable (as in Python); pgc_eq forwards them itself. */
PGC__HIDDEN pgc_type pgc__proxy_type = {
    .name = "weakproxy",
    .size = sizeof(struct pgc__weakref),
    .flags = PGC_TF_GC,
    .traverse = wr_traverse,
    .clear = wr_clear,
    .pgc_private_index_ = 7,
};

int pgc__is_proxy(const pgc_object *o) { return pgc__type_of(o) == &pgc__proxy_type; }

pgc_object *pgc__proxy_target(pgc_object *o)
{
	pgc_object *r = W(o)->referent;
	if (!r)
		return pgc__set_error(PGC_EREFERENCE), NULL;
	pgc_incref(r);
	return r;
}

/* ------------------------------------------------------------ creation */

static pgc_object *make_ref(pgc_type *kind, pgc_object *obj, pgc_weakref_callback cb,
			    pgc_object *data, int share)
{
	PGC__ENSURE_INIT();
	if (!obj)
		return pgc__set_error(PGC_EINVAL), NULL;
	if (!(pgc__type_of(obj)->flags & PGC_TF_WEAKREFABLE))
		return pgc__set_error(PGC_EWEAKREF), NULL;
	if (share) {
		for (struct pgc__weakref *w = head_of(obj); w; w = w->next) {
			if (pgc__type_of(&w->ob) == kind && !w->cb && !w->data &&
			    PGC__H(&w->ob)->refcnt > 0) {
				pgc_incref(&w->ob);
				return &w->ob;
			}
		}
	}
	pgc_object *o = pgc_new(kind);
	if (!o)
		return NULL;
	if (reserve_one() < 0) {
		pgc_decref(o);
		return NULL;
	}
	struct pgc__weakref *wr = W(o);
	wr->referent = obj;
	wr->cb = cb;
	pgc_incref(data);
	wr->data = data;
	wr->next = head_of(obj);
	if (wr->next)
		wr->next->prev = wr;
	set_head(obj, wr);
	return o;
}

pgc_object *pgc_weakref_new(pgc_object *obj, pgc_weakref_callback callback)
{
	return make_ref(&pgc__weakref_type, obj, callback, NULL, callback == NULL);
}

pgc_object *pgc_weakref_new_data(pgc_object *obj, pgc_weakref_callback callback, pgc_object *data)
{
	return make_ref(&pgc__weakref_type, obj, callback, data, 0);
}

pgc_object *pgc_weakref_proxy(pgc_object *obj, pgc_weakref_callback callback)
{
	return make_ref(&pgc__proxy_type, obj, callback, NULL, callback == NULL);
}

int pgc_weakref_check(const pgc_object *o) { return o && pgc__type_of(o) == &pgc__weakref_type; }

int pgc_weakref_proxy_check(const pgc_object *o) { return o && pgc__is_proxy(o); }

static int is_ref_or_proxy(const pgc_object *o)
{
	return o && (pgc_weakref_check(o) || pgc__is_proxy(o));
}

pgc_object *pgc_weakref_data(pgc_object *wr)
{
	if (!is_ref_or_proxy(wr))
		return pgc__set_error(PGC_ETYPE), NULL;
	return W(wr)->data;
}

pgc_object *pgc_weakref_deref(pgc_object *wr)
{
	if (!pgc_weakref_check(wr))
		return pgc__set_error(PGC_ETYPE), NULL;
	pgc_object *r = W(wr)->referent;
	pgc_incref(r);
	return r;
}

pgc_object *pgc_weakref_proxy_target(pgc_object *proxy)
{
	if (!pgc_weakref_proxy_check(proxy))
		return pgc__set_error(PGC_ETYPE), NULL;
	return pgc__proxy_target(proxy);
}

size_t pgc_weakref_getweakrefcount(pgc_object *obj)
{
	size_t n = 0;
	for (struct pgc__weakref *w = obj ? head_of(obj) : NULL; w; w = w->next)
		n += PGC__H(&w->ob)->refcnt > 0;
	return n;
}

pgc_object *pgc_weakref_getweakrefs(pgc_object *obj)
{
	pgc_object *l = pgc_list_new();
	for (struct pgc__weakref *w = obj && l ? head_of(obj) : NULL; w; w = w->next) {
		if (PGC__H(&w->ob)->refcnt == 0)
			continue; /* dying: queued for deallocation */
		if (pgc_list_append(l, &w->ob) < 0) {
			pgc_decref(l);
			return NULL;
		}
	}
	return l;
}

/* ------------------------------------------------------------ clearing */

/* Detaches o's whole list; chains the weakrefs whose callback must run:
 * they have one, are alive (not queued for deallocation) and, during a
 * collection, are not garbage themselves. */
static void detach_all(pgc_object *o, struct pgc__wr_chain *chain)
{
	struct pgc__weakref *w = head_of(o);
	set_head(o, NULL);
	while (w) {
		struct pgc__weakref *next = w->next;
		w->referent = NULL;
		w->prev = w->next = NULL;
		if (w->cb && PGC__H(&w->ob)->refcnt > 0 &&
		    !pgc__has_flag(&w->ob, PGC__F_UNREACHABLE)) {
			pgc_incref(&w->ob);
			W(&w->ob)->cb_next = NULL;
			if (chain->tail)
				W(chain->tail)->cb_next = &w->ob;
			else
				chain->head = &w->ob;
			chain->tail = &w->ob;
		}
		w = next;
	}
}

size_t pgc__weakref_run_callbacks(struct pgc__wr_chain *chain)
{
	size_t n = 0;
	pgc_object *o = chain->head;
	chain->head = chain->tail = NULL;
	while (o) {
		pgc_object *next = W(o)->cb_next;
		W(o)->cb_next = NULL;
		if (W(o)->cb) {
			W(o)->cb(o);
			n++;
		}
		pgc_decref(o);
		o = next;
	}
	return n;
}

void pgc__weakref_clear_all(pgc_object *o)
{
	struct pgc__wr_chain chain = {NULL, NULL};
	detach_all(o, &chain);
	pgc__weakref_run_callbacks(&chain);
}

void pgc__weakref_clear_for_gc(pgc_object *o, struct pgc__wr_chain *chain) { detach_all(o, chain); }

void pgc__weakref_detach_garbage_ref(pgc_object *wr) { unlink_ref(W(wr)); }
