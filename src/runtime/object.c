/*
 * object.c - the object model: the type table, creation, identity, equality
 * and hashing. The end of an object's life (teardown, the deferred queue,
 * the collector's delete phase) is teardown.c.
 */
#include <string.h>

#include "runtime/gc_state.h"

/* Fixed indices for the built-in types; user types are appended after them. */
#define NBUILTIN  9u
#define TABLE_MIN 64u

static pgc_type *builtin_table[TABLE_MIN] = {
    NULL,
    &pgc__int_type,
    &pgc__str_type,
    &pgc__tuple_type,
    &pgc__list_type,
    &pgc__dict_type,
    &pgc__weakref_type,
    &pgc__proxy_type,
    &pgc__finalize_type,
};
PGC__HIDDEN pgc_type **pgc__types = builtin_table;
static uint32_t ntypes = NBUILTIN, captypes = TABLE_MIN;

static int last_error;

int pgc__set_error(int err)
{
	last_error = err;
	return -1;
}

int pgc_error(void) { return last_error; }

void pgc_clear_error(void) { last_error = PGC_OK; }

const char *pgc_strerror(int err)
{
	switch (err) {
	case PGC_OK:
		return "no error";
	case PGC_ENOMEM:
		return "out of memory";
	case PGC_ETYPE:
		return "wrong object type";
	case PGC_EREFERENCE:
		return "weakly-referenced object no longer exists";
	case PGC_EUNHASHABLE:
		return "unhashable object";
	case PGC_EINDEX:
		return "index out of range";
	case PGC_EKEY:
		return "key not found";
	case PGC_EINVAL:
		return "invalid argument";
	case PGC_EWEAKREF:
		return "cannot create weak reference to this type";
	}
	return "unknown error";
}

int pgc__type_ready(pgc_type *t)
{
	uint32_t idx = t->pgc_private_index_;
	if (idx && idx < ntypes && pgc__types[idx] == t)
		return 0;
	if (t->size < sizeof(pgc_object) || ((t->flags & PGC_TF_GC) && (!t->traverse || !t->clear)))
		return pgc__set_error(PGC_EINVAL);
	if (ntypes == captypes) {
		if (captypes > PGC__TYPE_MASK / 2)
			return pgc__set_error(PGC_EINVAL);
		pgc_type **nt = PGC__ALLOC(2 * captypes * sizeof(*nt));
		if (!nt)
			return -1;
		memcpy(nt, pgc__types, captypes * sizeof(*nt));
		if (pgc__types != builtin_table)
			pgc__free(pgc__types, captypes * sizeof(*nt));
		pgc__types = nt;
		captypes *= 2;
	}
	t->pgc_private_index_ = ntypes;
	pgc__types[ntypes++] = t;
	return 0;
}

size_t pgc__object_size(const pgc_object *o)
{
	uint32_t tflags = PGC__H(o)->tflags, idx = tflags & PGC__TYPE_MASK;
	if (PGC__UNLIKELY(tflags & PGC__F_VARSIZE))
		return *(const size_t *)((const char *)o - PGC__VAR_PREFIX);
	if (PGC__UNLIKELY(idx == PGC__STR_INDEX))
		return pgc__str_block_size(o);
	if (PGC__UNLIKELY(idx == PGC__TUPLE_INDEX))
		return pgc__tuple_block_size(o);
	return pgc__types[idx]->size;
}

/* Capacity of a block of `size` bytes (<= PGC__MAX_SMALL) from the pools:
 * its size class rounds it up to the grain, and the tail is ours to write. */
#define POOL_CAP(size) (((size) + PGC__GRAIN - 1) & ~(size_t)(PGC__GRAIN - 1))

/*
 * Zeroes bytes [16, cap) of a fresh block (the header's first 16 bytes are
 * written by the caller). With the pools, a small block is zeroed up to its
 * class size with 16-byte stores inline: for the typical 8-72-byte bodies a
 * call to memset costs more than the stores, and its size dispatch
 * mispredicts when sizes vary.
 */
static inline __attribute__((always_inline)) void zero_body(char *p, size_t block)
{
#if PGC__POOLS
	if (PGC__LIKELY(block <= PGC__MAX_SMALL)) {
		size_t cap = POOL_CAP(block);
		for (size_t off = 16; off < cap; off += 16) {
			uint64_t *q = (uint64_t *)(void *)(p + off);
			q[0] = 0;
			q[1] = 0;
		}
		return;
	}
#endif
	memset(p + 16, 0, block - 16);
}

/* Makes the fresh block p (`block` bytes, zeroed here unless `zeroed`) an
 * object of type t with extra header flags: count 1, tracked if t is. */
static inline __attribute__((always_inline)) pgc_object *
init_object(pgc_type *t, char *p, size_t block, uint32_t extra_flags, int zeroed)
{
	/* Read the type first: the stores below may alias it for the compiler. */
	const unsigned gc = t->flags & PGC_TF_GC;
	const uint32_t tflags = t->pgc_private_index_ | extra_flags | (gc ? 0 : PGC__GEN_NONE);
	struct pgc__obj *h = (struct pgc__obj *)p;
	if (!zeroed)
		zero_body(p, block); /* the header's other words are all written below */
	h->refcnt = 1;
	h->tflags = tflags;
	pgc__stats.live_objects++;
	if (gc) {
		pgc__stats.gen[0].count++;
		pgc__list_append(h, &pgc__gc.gen[0]); /* GEN 0 is already in tflags */
	} else {
		h->gc_next = 0;
		h->gc_prev = 0;
	}
	return (pgc_object *)h;
}

/*
 * The allocation fast path of pgc_new_at and pgc__new_sized: a freelist pop
 * and the header. It takes only the common case and returns NULL for the
 * rest (a hook set, a collection due, a large block, an empty freelist);
 * the caller then takes new_object's full path. It makes no call, so its
 * callers' common case is a leaf that saves no registers: the slow paths'
 * calls used to cost a dozen pushes and pops on every allocation.
 */
static inline __attribute__((always_inline)) pgc_object *new_pooled(pgc_type *t, size_t block)
{
#if PGC__POOLS
	if (PGC__UNLIKELY(block - 1 >= PGC__MAX_SMALL ||
			  ((t->flags & PGC_TF_GC) && pgc__stats.gen[0].count > pgc__gc.trigger0)))
		return NULL;
	struct pgc__sizeclass *c = &pgc__classes[(block - 1) / PGC__GRAIN];
	struct pgc__freeblock *b = c->free;
	if (PGC__UNLIKELY(!b))
		return NULL;
	c->free = b->next;
	pgc__count_alloc(block);
	return init_object(t, (char *)b, block, 0, 0);
#else
	(void)t;
	(void)block;
	return NULL;
#endif
}

static inline __attribute__((always_inline)) pgc_object *new_fast(pgc_type *t, size_t block)
{
	if (PGC__UNLIKELY(pgc__hooks.on_alloc != NULL))
		return NULL;
	return new_pooled(t, block);
}

/*
 * The same pooled allocation when a hook is set (the tracer, the stats
 * page): the hook sees the block as pgc__alloc would show it, without the
 * general slow path's layers (new_slow, new_object, pgc__alloc, memset),
 * which were about a quarter of a traced allocation's time. NULL when the
 * pooled path declines; the caller then takes the slow path, which calls
 * the hook itself.
 */
static __attribute__((noinline)) pgc_object *new_hooked(pgc_type *t, size_t block, const char *file,
							int line, const char *func)
{
	pgc_object *o = new_pooled(t, block);
	if (o && pgc__hooks.on_alloc)
		pgc__hooks.on_alloc(o, block, file, line, func);
	return o;
}

/* Allocates and zeroes `block` bytes and makes them an object of type t
 * (already registered) whose header sits `prefix` bytes in. */
static __attribute__((noinline)) pgc_object *new_object(pgc_type *t, size_t block, size_t prefix,
							uint32_t extra_flags, const char *file,
							int line, const char *func)
{
	/* The automatic trigger (its first test is repeated inside). */
	if ((t->flags & PGC_TF_GC) && pgc__stats.gen[0].count > pgc__gc.trigger0)
		pgc__gc_maybe_collect();
	char *p = pgc__alloc(block, file, line, func);
	if (!p)
		return NULL;
	if (PGC__LIKELY(!prefix))
		return init_object(t, p, block, extra_flags, 0);
	memset(p, 0, block);
	*(size_t *)(void *)p = block;
	return init_object(t, p + prefix, block - prefix, extra_flags, 1);
}

pgc_object *pgc__new_sized(pgc_type *t, size_t block, const char *file, int line, const char *func)
{
	pgc_object *o = new_fast(t, block);
	if (PGC__LIKELY(o != NULL))
		return o;
	if (pgc__hooks.on_alloc && (o = new_hooked(t, block, file, line, func)) != NULL)
		return o;
	return new_object(t, block, 0, 0, file, line, func);
}

/* pgc_new_at's exceptional cases: first use, an unregistered type,
 * pgc_new_var, and whatever new_fast declined. */
static __attribute__((noinline)) pgc_object *new_slow(pgc_type *t, size_t extra, const char *file,
						      int line, const char *func)
{
	PGC__ENSURE_INIT();
	if (PGC__UNLIKELY(!t))
		return pgc__set_error(PGC_EINVAL), NULL;
	if (PGC__UNLIKELY(t->pgc_private_index_ == 0) && pgc__type_ready(t) < 0)
		return NULL;
	if (!extra)
		return new_object(t, t->size, 0, 0, file, line, func);
	if (extra > SIZE_MAX - t->size - PGC__VAR_PREFIX)
		return pgc__set_error(PGC_ENOMEM), NULL;
	return new_object(t, PGC__VAR_PREFIX + t->size + extra, PGC__VAR_PREFIX, PGC__F_VARSIZE,
			  file, line, func);
}

pgc_object *pgc_new_at(pgc_type *t, size_t extra, const char *file, int line, const char *func)
{
	if (PGC__LIKELY(pgc__initialized && t && t->pgc_private_index_ && !extra)) {
		pgc_object *o = new_fast(t, t->size);
		if (PGC__LIKELY(o != NULL))
			return o;
		if (pgc__hooks.on_alloc && (o = new_hooked(t, t->size, file, line, func)) != NULL)
			return o;
	}
	return new_slow(t, extra, file, line, func);
}

const pgc_type *pgc_type_of(const pgc_object *o) { return pgc__type_of(o); }

int pgc_is(const pgc_object *a, const pgc_object *b) { return a == b; }

uintptr_t pgc_id(const pgc_object *o) { return (uintptr_t)o; }

size_t pgc_getrefcount(const pgc_object *o) { return (size_t)PGC__H(o)->refcnt + 1; }

int pgc_eq(pgc_object *a, pgc_object *b)
{
	if (a == b)
		return 1;
	if (pgc__is_proxy(a) || pgc__is_proxy(b)) {
		pgc_object *ta = pgc__is_proxy(a) ? pgc__proxy_target(a) : (pgc_incref(a), a);
		if (!ta)
			return -1;
		pgc_object *tb = pgc__is_proxy(b) ? pgc__proxy_target(b) : (pgc_incref(b), b);
		if (!tb) {
			pgc_decref(ta);
			return -1;
		}
		int r = pgc_eq(ta, tb);
		pgc_decref(ta);
		pgc_decref(tb);
		return r;
	}
	pgc_type *t = pgc__type_of(a);
	if (t != pgc__type_of(b) || !t->eq)
		return 0;
	return t->eq(a, b);
}

int pgc_hash(pgc_object *o, uint64_t *out)
{
	pgc_type *t = pgc__type_of(o);
	if (t->hash)
		return t->hash(o, out);
	if (t->eq || pgc__is_proxy(o))
		return pgc__set_error(PGC_EUNHASHABLE);
	/* Identity hash, as object.__hash__: the address without alignment bits. */
	uintptr_t a = (uintptr_t)o;
	*out = (uint64_t)((a >> 4) | (a << (sizeof(a) * 8 - 4)));
	return 0;
}
