/*
 * object.c - the object model: the type table, creation, reference counting
 * and the teardown sequence (finalize, weakrefs, clear, free) with a
 * deferred-deallocation queue so deep structures never recurse on the C stack.
 */
#include <string.h>

#include "runtime/gc_state.h"

/* Fixed indices for the built-in types; user types are appended after them. */
#define NBUILTIN  9u
#define TABLE_MIN 64u

static pgc_type *builtin_table[TABLE_MIN] = {
    NULL,           &pgc__int_type,     &pgc__str_type,   &pgc__tuple_type,
    &pgc__list_type, &pgc__dict_type,   &pgc__weakref_type, &pgc__proxy_type,
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

int pgc_error(void)
{
	return last_error;
}

void pgc_clear_error(void)
{
	last_error = PGC_OK;
}

const char *pgc_strerror(int err)
{
	switch (err) {
	case PGC_OK: return "no error";
	case PGC_ENOMEM: return "out of memory";
	case PGC_ETYPE: return "wrong object type";
	case PGC_EREFERENCE: return "weakly-referenced object no longer exists";
	case PGC_EUNHASHABLE: return "unhashable object";
	case PGC_EINDEX: return "index out of range";
	case PGC_EKEY: return "key not found";
	case PGC_EINVAL: return "invalid argument";
	case PGC_EWEAKREF: return "cannot create weak reference to this type";
	}
	return "unknown error";
}

int pgc__type_ready(pgc_type *t)
{
	uint32_t idx = t->pgc_private_index_;
	if (idx && idx < ntypes && pgc__types[idx] == t)
		return 0;
	if (t->size < sizeof(pgc_object) ||
	    ((t->flags & PGC_TF_GC) && (!t->traverse || !t->clear)))
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

/*
 * Variable-size user objects (pgc_new_var) carry their block size in a
 * 16-byte prefix, flagged by PGC__F_VARSIZE; str and tuple know their own.
 */
#define VAR_PREFIX     16u

size_t pgc__object_size(const pgc_object *o)
{
	uint32_t tflags = PGC__H(o)->tflags, idx = tflags & PGC__TYPE_MASK;
	if (PGC__UNLIKELY(tflags & PGC__F_VARSIZE))
		return *(const size_t *)((const char *)o - VAR_PREFIX);
	if (PGC__UNLIKELY(idx == PGC__STR_INDEX))
		return pgc__str_block_size(o);
	if (PGC__UNLIKELY(idx == PGC__TUPLE_INDEX))
		return pgc__tuple_block_size(o);
	return pgc__types[idx]->size;
}

/* Zeroes n <= 13 words with plain stores: GCC turns a loop into `rep stos`,
 * whose start-up cost is larger than a small object's whole zeroing. */
static inline void zero_words(uint64_t *w, size_t n)
{
	switch (n) {
	case 13:
		w[12] = 0;
		__attribute__((fallthrough));
	case 12:
		w[11] = 0;
		__attribute__((fallthrough));
	case 11:
		w[10] = 0;
		__attribute__((fallthrough));
	case 10:
		w[9] = 0;
		__attribute__((fallthrough));
	case 9:
		w[8] = 0;
		__attribute__((fallthrough));
	case 8:
		w[7] = 0;
		__attribute__((fallthrough));
	case 7:
		w[6] = 0;
		__attribute__((fallthrough));
	case 6:
		w[5] = 0;
		__attribute__((fallthrough));
	case 5:
		w[4] = 0;
		__attribute__((fallthrough));
	case 4:
		w[3] = 0;
		__attribute__((fallthrough));
	case 3:
		w[2] = 0;
		__attribute__((fallthrough));
	case 2:
		w[1] = 0;
		__attribute__((fallthrough));
	case 1:
		w[0] = 0;
		__attribute__((fallthrough));
	case 0:
		break;
	}
}

/* Allocates and zeroes `block` bytes and makes them an object of type t
 * (already registered) whose header sits `prefix` bytes in. */
static inline __attribute__((always_inline)) pgc_object *
new_object(pgc_type *t, size_t block, size_t prefix, uint32_t extra_flags, const char *file,
           int line, const char *func)
{
	/* The automatic trigger's first test, inline: one predictable branch. */
	if ((t->flags & PGC_TF_GC) &&
	    PGC__UNLIKELY(pgc__stats.gen[0].count > pgc__gc.threshold[0]))
		pgc__gc_maybe_collect();
	char *p = pgc__alloc_inline(block, file, line, func);
	if (!p)
		return NULL;
	if (PGC__LIKELY(!prefix && block <= 128 && block % 8 == 0)) {
		/* Small objects: inline word stores beat a call to memset, and
		 * the header's words are all written below anyway. */
		zero_words((uint64_t *)(void *)p + sizeof(struct pgc__obj) / 8,
		           block / 8 - sizeof(struct pgc__obj) / 8);
		((struct pgc__obj *)p)->gc_next = 0;
		((struct pgc__obj *)p)->gc_prev = 0;
	} else {
		memset(p, 0, block);
	}
	if (prefix)
		*(size_t *)(void *)p = block;
	struct pgc__obj *h = (struct pgc__obj *)(p + prefix);
	h->refcnt = 1;
	h->tflags = t->pgc_private_index_ | extra_flags | (t->flags & PGC_TF_GC ? 0 : PGC__GEN_NONE);
	pgc__stats.live_objects++;
	if (t->flags & PGC_TF_GC) {
		pgc__stats.gen[0].count++;
		pgc__track_inline((pgc_object *)h);
	}
	return (pgc_object *)h;
}

pgc_object *pgc__new_sized(pgc_type *t, size_t block, const char *file, int line,
                           const char *func)
{
	return new_object(t, block, 0, 0, file, line, func);
}

pgc_object *pgc_new_at(pgc_type *t, size_t extra, const char *file, int line, const char *func)
{
	PGC__ENSURE_INIT();
	if (PGC__UNLIKELY(!t))
		return pgc__set_error(PGC_EINVAL), NULL;
	if (PGC__UNLIKELY(t->pgc_private_index_ == 0) && pgc__type_ready(t) < 0)
		return NULL;
	if (!extra)
		return new_object(t, t->size, 0, 0, file, line, func);
	if (extra > SIZE_MAX - t->size - VAR_PREFIX)
		return pgc__set_error(PGC_ENOMEM), NULL;
	return new_object(t, VAR_PREFIX + t->size + extra, VAR_PREFIX, PGC__F_VARSIZE, file, line,
	                  func);
}

/* Frees the block of a torn-down object (its type said how big it is). */
static void free_object(pgc_object *o, const pgc_type *t)
{
	size_t size = PGC__H(o)->tflags & PGC__F_VARSIZE ? pgc__object_size(o) : t->size;
	uint32_t idx = PGC__H(o)->tflags & PGC__TYPE_MASK;
	if (PGC__UNLIKELY(idx == PGC__STR_INDEX || idx == PGC__TUPLE_INDEX))
		size = pgc__object_size(o);
	char *base = (char *)o;
	if (PGC__H(o)->tflags & PGC__F_VARSIZE)
		base -= VAR_PREFIX;
	/* As CPython's PyObject_GC_Del: never below 0. A negative count would
	 * push the next collection further away after every collection that
	 * frees garbage, and a cyclic-garbage loop's heap would keep growing. */
	if ((t->flags & PGC_TF_GC) && pgc__stats.gen[0].count > 0)
		pgc__stats.gen[0].count--;
	pgc__stats.live_objects--;
	pgc__free_inline(base, size);
}

/*
 * Teardown of one object whose count reached 0 (it is already untracked).
 * Returns without freeing when the finalizer resurrected the object.
 */
static void destroy(pgc_object *o)
{
	pgc_type *t = pgc__type_of(o);
	struct pgc__obj *h = PGC__H(o);
	if (t->finalize && !(h->tflags & PGC__F_FINALIZED)) {
		h->tflags |= PGC__F_FINALIZED;
		h->refcnt = 1;
		/* Tracked while the finalizer runs, as in CPython's subtype_dealloc,
		 * so a collection inside it sees a consistent object. */
		if (t->flags & PGC_TF_GC)
			pgc__gc_track(o);
		t->finalize(o);
		if (--h->refcnt != 0)
			return; /* resurrected: stays tracked, never finalized again */
		if (t->flags & PGC_TF_GC)
			pgc__gc_untrack(o);
	}
	if (h->tflags & PGC__F_WEAKREFS)
		pgc__weakref_clear_all(o);
	if (t->clear)
		t->clear(o);
	free_object(o, t);
}

/* Objects waiting for teardown, linked through gc_prev (gc_next is 0). */
static struct pgc__obj *dealloc_queue;
static int dealloc_running;

void pgc_dealloc(pgc_object *o)
{
	struct pgc__obj *h = PGC__H(o);
	if (h->gc_next)
		pgc__untrack_inline(o);
	if (dealloc_running) {
		/* Inside another teardown: queue it, the outermost one drains the
		 * queue, so the C stack never grows with the structure's depth. */
		h->gc_prev = (uintptr_t)dealloc_queue;
		dealloc_queue = h;
		return;
	}
	dealloc_running = 1;
	destroy(o);
	while (dealloc_queue) {
		struct pgc__obj *q = dealloc_queue;
		dealloc_queue = (struct pgc__obj *)q->gc_prev;
		q->gc_prev = 0;
		destroy((pgc_object *)q);
	}
	dealloc_running = 0;
}

const pgc_type *pgc_type_of(const pgc_object *o)
{
	return pgc__type_of(o);
}

int pgc_is(const pgc_object *a, const pgc_object *b)
{
	return a == b;
}

uintptr_t pgc_id(const pgc_object *o)
{
	return (uintptr_t)o;
}

size_t pgc_getrefcount(const pgc_object *o)
{
	return (size_t)PGC__H(o)->refcnt + 1;
}

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
