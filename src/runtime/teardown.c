/*
 * teardown.c - the end of an object's life: the teardown sequence
 * (finalize, weakrefs, clear, free) with a deferred-deallocation queue so
 * deep structures never recurse on the C stack, and the collector's delete
 * phase, which tears its garbage down in one walk. Design:
 * docs/gc-design.md ("Teardown without recursion", step 8).
 */
#include "runtime/gc_state.h"

/* Frees the block of a torn-down object (its type said how big it is). */
static inline __attribute__((always_inline)) void free_object(pgc_object *o, const pgc_type *t)
{
	uint32_t tflags = PGC__H(o)->tflags, idx = tflags & PGC__TYPE_MASK;
	size_t size = t->size;
	char *base = (char *)o;
	if (PGC__UNLIKELY((tflags & PGC__F_VARSIZE) || idx == PGC__STR_INDEX ||
			  idx == PGC__TUPLE_INDEX)) {
		size = pgc__object_size(o);
		if (tflags & PGC__F_VARSIZE)
			base -= PGC__VAR_PREFIX;
	}
	/* As CPython's PyObject_GC_Del: never below 0. A negative count would
	 * push the next collection further away after every collection that
	 * frees garbage, and a cyclic-garbage loop's heap would keep growing. */
	if ((t->flags & PGC_TF_GC) && pgc__stats.gen[0].count > 0)
		pgc__stats.gen[0].count--;
	pgc__stats.live_objects--;
	pgc__free_inline(base, size);
}

/*
 * destroy()'s rare part: runs the finalizer (PEP 442) and clears weak
 * references. Returns 0 when the finalizer resurrected the object (it must
 * then not be freed), else 1.
 */
static __attribute__((noinline)) int destroy_prologue(pgc_object *o, pgc_type *t)
{
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
			return 0; /* resurrected: stays tracked, never finalized again */
		if (t->flags & PGC_TF_GC)
			pgc__gc_untrack(o);
	}
	if (h->tflags & PGC__F_WEAKREFS)
		pgc__weakref_clear_all(o);
	return 1;
}

/*
 * Teardown of one object whose count reached 0 (it is already untracked):
 * finalizer, weakrefs, clear, free. Inlined into pgc_dealloc: it is the
 * whole cost of releasing an object, so the common case (no finalizer to
 * run, no weakrefs) is one test before the clear.
 */
static inline __attribute__((always_inline)) void destroy(pgc_object *o)
{
	struct pgc__obj *h = PGC__H(o);
	pgc_type *t = pgc__types[h->tflags & PGC__TYPE_MASK];
	if (PGC__UNLIKELY((t->finalize && !(h->tflags & PGC__F_FINALIZED)) ||
			  (h->tflags & PGC__F_WEAKREFS)) &&
	    !destroy_prologue(o, t))
		return;
	if (t->clear)
		t->clear(o);
	free_object(o, t);
}

/* Objects waiting for teardown, linked through gc_prev (gc_next is 0). */
static struct pgc__obj *dealloc_queue;
static int dealloc_running;

/* Objects of the collector's garbage that died out of its delete walk's
 * order, waiting for the walk (see pgc__teardown_garbage): a stack, in
 * `dead` while it fits (the usual case: a few at a time), the objects
 * still on the list; beyond that off the list, linked through gc_prev
 * from dead_overflow. */
#define DEAD_MAX 64
static struct pgc__obj *dead[DEAD_MAX];
static unsigned ndead;
static struct pgc__obj *dead_overflow;

/* The outermost teardown: o, then everything queued meanwhile. Kept out
 * of pgc_dealloc so that queueing, the path of every object freed by
 * another's teardown, is a leaf function that saves no registers. */
static __attribute__((noinline)) void dealloc_outermost(pgc_object *o)
{
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

/*
 * pgc_dealloc's part of the collector's delete phase: o, of the garbage,
 * just died. The walk's next object (UNREACHABLE without COLLECTING: see
 * the invariant below) needs nothing more, the walk frees it next. Any
 * other goes on the stack of dead objects.
 */
static inline void hand_to_walk(struct pgc__obj *o)
{
	if (!(o->tflags & PGC__F_COLLECTING))
		return;
	if (PGC__LIKELY(ndead < DEAD_MAX)) {
		dead[ndead++] = o;
		return;
	}
	pgc__list_unlink(o);
	o->gc_prev = (uintptr_t)dead_overflow;
	dead_overflow = o;
}

void pgc_dealloc(pgc_object *o)
{
	struct pgc__obj *h = PGC__H(o);
	if (h->gc_next) {
		/* Garbage dying in the collector's delete phase: the phase's walk
		 * tears it down (pgc__teardown_garbage). */
		if (PGC__UNLIKELY(h->tflags & PGC__F_UNREACHABLE) && pgc__gc.deleting) {
			hand_to_walk(h);
			return;
		}
		pgc__untrack_inline(o);
	}
	if (dealloc_running) {
		/* Inside another teardown: queue it, the outermost one drains the
		 * queue, so the C stack never grows with the structure's depth. */
		h->gc_prev = (uintptr_t)dealloc_queue;
		dealloc_queue = h;
		return;
	}
	dealloc_outermost(o); /* a tail call: this stays a leaf (no saves) */
}

/* ------------------------------------------------------------ collector */

/*
 * The collector's delete phase. CPython holds each garbage object, clears
 * it and lets reference counting free what the clear released, one
 * recursive teardown per object, each freed object unlinking itself from
 * the garbage list. Here the phase is one walk over the garbage list, and
 * an object of the garbage whose count drops to 0 (UNREACHABLE set while
 * `pgc__gc.deleting` is) is not torn down by pgc_dealloc but handed to the
 * walk:
 *
 *   - when it is the walk's next object, the usual case (a cycle's
 *     members follow one another in the list, in the order they were
 *     made), it stays where it is and the walk frees it next: no
 *     unlinking, no queue, no recursion, and the walk keeps its position
 *     in a register across the clear calls;
 *   - otherwise it goes on a stack that the walk empties before it moves
 *     on, so references running against the list's order cost no more
 *     than CPython's cascade.
 *
 * A live object is held while it is cleared, and the hold is dropped once
 * the walk has freed what died meanwhile: in a cycle, the first object
 * cleared dies last, as inside CPython's clear. Objects outside the
 * garbage that die meanwhile go through the deferred queue as usual.
 *
 * Invariants: only the walk moves its next object (the list's first); the
 * only objects with UNREACHABLE but not COLLECTING are that one and the
 * object the walk holds, which cannot die while held.
 */

/* Takes an object of the collector's garbage out of its books, as
 * pgc__untrack_inline does, once the object has left the garbage list. */
static inline void forget_garbage(struct pgc__obj *o)
{
	o->gc_next = 0;
	o->gc_prev = 0;
	o->tflags = (o->tflags & ~(PGC__F_COLLECTING | PGC__F_UNREACHABLE)) | PGC__GEN_NONE;
}

static __attribute__((noinline)) void drain_queue(void)
{
	while (dealloc_queue) {
		struct pgc__obj *q = dealloc_queue;
		dealloc_queue = (struct pgc__obj *)q->gc_prev;
		q->gc_prev = 0;
		destroy((pgc_object *)q);
	}
}

/* An object of the garbage that is still referenced after its clear
 * survives the collection, in `old`. */
static __attribute__((noinline)) void keep_cleared(struct pgc__obj *o, struct pgc__obj *old,
						   uint32_t old_gen_bits)
{
	o->tflags =
	    (o->tflags & ~(PGC__F_UNREACHABLE | PGC__F_COLLECTING | PGC__GEN_MASK)) | old_gen_bits;
	pgc__list_append(o, old);
}

/* destroy() for a dead object of the garbage that needs more than the
 * walk's fast path: a finalizer still to run, weakrefs, a hook, a size
 * that is not its type's, a block that is not from the pools. */
static __attribute__((noinline)) void destroy_garbage(struct pgc__obj *o)
{
	forget_garbage(o);
	destroy((pgc_object *)o);
}

/*
 * Garbage comes in runs of one type, so the walk looks a type up once per
 * run, with the freelist of its size class. Only tracked types of fixed
 * size from the pools are cached (idx 0 otherwise, which no object has, so
 * their objects all take destroy_garbage). A type's size cannot change
 * while it has objects, so caching the freelist is safe; finalize, clear
 * and size are still read for every object, as destroy() does. A GC type
 * has a clear (pgc__type_ready checks).
 */
struct type_run {
	uint32_t idx;
	pgc_type *t;
	struct pgc__sizeclass *cls;
};

static __attribute__((noinline)) struct type_run type_run_start(uint32_t idx)
{
	struct type_run run = {0, pgc__types[idx], NULL};
#if PGC__POOLS
	const pgc_type *t = run.t;
	if (idx != PGC__STR_INDEX && idx != PGC__TUPLE_INDEX && (t->flags & PGC_TF_GC) &&
	    t->size - 1 < PGC__MAX_SMALL) {
		run.idx = idx;
		run.cls = &pgc__classes[(t->size - 1) / PGC__GRAIN];
	}
#endif
	return run;
}

/*
 * destroy() and free_object() for a dead object of the garbage, already
 * off the list, with what cannot change within a type run tested once per
 * run. This is most of the collector's cost per freed object.
 */
static inline __attribute__((always_inline)) void destroy_dead(struct pgc__obj *o,
							       struct type_run *run)
{
	uint32_t tf = o->tflags;
	if (PGC__UNLIKELY(((tf ^ run->idx) & PGC__TYPE_MASK) != 0)) {
		*run = type_run_start(tf & PGC__TYPE_MASK);
		if (!run->idx) {
			destroy_garbage(o);
			return;
		}
	}
	pgc_type *t = run->t;
	if (PGC__UNLIKELY((tf & (PGC__F_WEAKREFS | PGC__F_VARSIZE)) ||
			  (t->finalize && !(tf & PGC__F_FINALIZED)) || pgc__hooks.on_free)) {
		destroy_garbage(o);
		return;
	}
	/* forget_garbage, but for gc_prev, which nothing reads any more. */
	o->gc_next = 0;
	o->tflags = (tf & ~(PGC__F_COLLECTING | PGC__F_UNREACHABLE)) | PGC__GEN_NONE;
	t->clear((pgc_object *)o);
	/* free_object and pgc__free_inline, for a tracked block of the pools. */
	if (pgc__stats.gen[0].count > 0)
		pgc__stats.gen[0].count--;
	pgc__stats.live_objects--;
	struct pgc__sizeclass *c = run->cls;
	struct pgc__freeblock *b = (struct pgc__freeblock *)o;
	b->next = c->free;
	c->free = b;
	pgc__stats.live_bytes -= t->size;
}

/*
 * Inside another teardown (a finalizer or clear started this collection),
 * nothing may be torn down now: as in pgc_dealloc, dying objects are
 * queued for the outer teardown, and each one leaves the list as it dies.
 */
static __attribute__((noinline)) void
teardown_garbage_nested(struct pgc__obj *garbage, struct pgc__obj *old, uint32_t old_gen_bits)
{
	while (!pgc__list_empty(garbage)) {
		struct pgc__obj *o = (struct pgc__obj *)garbage->gc_next;
		o->refcnt++; /* hold it: the clear may drop the last other reference */
		pgc__type_of((pgc_object *)o)->clear((pgc_object *)o);
		pgc_decref((pgc_object *)o);
		if (garbage->gc_next == (uintptr_t)o) {
			o->tflags = (o->tflags &
				     ~(PGC__F_UNREACHABLE | PGC__F_COLLECTING | PGC__GEN_MASK)) |
				    old_gen_bits;
			pgc__list_move(o, old);
		}
	}
}

/* Makes o (an object of the garbage, or its head) the walk's next object:
 * the list's first, COLLECTING clear. */
static inline void walk_to(struct pgc__obj *garbage, struct pgc__obj *o)
{
	garbage->gc_next = (uintptr_t)o;
	o->gc_prev = (uintptr_t)garbage;
	o->tflags &= ~PGC__F_COLLECTING;
}

void pgc__teardown_garbage(struct pgc__obj *garbage, struct pgc__obj *old, uint32_t old_gen_bits)
{
	if (dealloc_running) {
		teardown_garbage_nested(garbage, old, old_gen_bits);
		return;
	}
	dealloc_running = 1;
	pgc__gc.deleting = garbage;
	/* The head reads as a live object, so that reaching it costs the
	 * fast path no test of its own. */
	garbage->refcnt = 1;
	garbage->tflags = 0;
	struct type_run run = {0, NULL, NULL};
	struct pgc__obj *o = (struct pgc__obj *)garbage->gc_next, *held = NULL;
	o->tflags &= ~PGC__F_COLLECTING;
	for (;;) {
		/* The dead objects in `dead` are still on the list: taking them
		 * before the walk moves on keeps any of them from becoming its
		 * next object. */
		if (PGC__UNLIKELY(ndead != 0)) {
			struct pgc__obj *d = dead[--ndead];
			pgc__list_unlink(d);
			destroy_dead(d, &run);
		} else if (PGC__LIKELY(o->refcnt == 0)) {
			/* The walk's next object, dead: free it. */
			struct pgc__obj *next = (struct pgc__obj *)o->gc_next;
			walk_to(garbage, next);
			destroy_dead(o, &run);
			o = next;
		} else if (dead_overflow) {
			struct pgc__obj *d = dead_overflow;
			dead_overflow = (struct pgc__obj *)d->gc_prev;
			destroy_dead(d, &run);
		} else if (held) {
			/* Its cycle is freed. Releasing it may free o, which
			 * then stays first, dead. */
			if (--held->refcnt == 0)
				destroy_dead(held, &run);
			else
				keep_cleared(held, old, old_gen_bits);
			held = NULL;
		} else if (o != garbage) {
			struct pgc__obj *next = (struct pgc__obj *)o->gc_next;
			walk_to(garbage, next);
			o->refcnt++; /* hold it: the clear may drop the last other reference */
			pgc__type_of((pgc_object *)o)->clear((pgc_object *)o);
			held = o;
			o = next;
		} else {
			break;
		}
		/* Objects outside the garbage that died meanwhile. */
		if (PGC__UNLIKELY(dealloc_queue != NULL))
			drain_queue();
	}
	pgc__gc.deleting = NULL;
	dealloc_running = 0;
}
