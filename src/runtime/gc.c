/*
 * gc.c - the generational cycle collector: the automatic
 * trigger, and one collection as small phases (update_refs, subtract_refs,
 * move_unreachable, legacy finalizers, weakrefs, finalize, resurrection,
 * delete). CPython's algorithm; walked through in docs/gc-design.md.
 */
#include <stdio.h>
#include <time.h>

#include "runtime/gc_state.h"

typedef struct pgc__obj obj;

#define NEXT(o)	    ((obj *)(o)->gc_next)
#define PREV(o)	    ((obj *)(o)->gc_prev)
#define list_append pgc__list_append
#define list_unlink pgc__list_unlink
#define list_move   pgc__list_move
#define list_empty  pgc__list_empty

#ifdef PGC_GC_CHECKS
#include <assert.h>
#define CHECK_LIST(head, want) assert(pgc__list_is_consistent((head), (want)))
#else
#define CHECK_LIST(head, want) ((void)0)
#endif

/* ------------------------------------------------------------ phases */

static inline int traverse(obj *o, pgc_visitfn visit, void *arg)
{
	return pgc__type_of((pgc_object *)o)->traverse((pgc_object *)o, visit, arg);
}

/* Post: every object in `young` has gc_refs (in gc_prev) == its refcount
 * and COLLECTING set; UNREACHABLE is clear. The list is now singly linked.
 * Returns the number of objects. */
static size_t update_refs(obj *young)
{
	size_t n = 0;
	for (obj *o = NEXT(young); o != young; o = NEXT(o)) {
		o->gc_prev = o->refcnt;
		o->tflags = (o->tflags | PGC__F_COLLECTING) & ~PGC__F_UNREACHABLE;
		n++;
	}
	return n;
}

static int visit_decref(pgc_object *op, void *arg)
{
	obj *o = PGC__H(op);
	if (o->tflags & PGC__F_COLLECTING)
		o->gc_prev--;
	return 0;
}

/* Post: gc_refs counts only references from outside `young`: gc_refs > 0
 * means directly reachable from outside the collected generations. */
static void subtract_refs(obj *young)
{
	for (obj *o = NEXT(young); o != young; o = NEXT(o))
		traverse(o, visit_decref, NULL);
}

/* The set of a collection of generation g is exactly the objects whose GEN
 * bits are <= g, so membership needs no marking pass: an object gets its
 * gc_refs copy the first time it is met, by the scan or by a visit. */
static inline void start_refs(obj *o)
{
	o->gc_prev = o->refcnt;
	o->tflags = (o->tflags | PGC__F_COLLECTING) & ~PGC__F_UNREACHABLE;
}

/* Set when the last update_and_subtract_refs found a reference inside the
 * set (a flag, not a count: a store without a load on the hot path). */
static int internal_refs;

static int visit_decref_gen(pgc_object *op, void *arg)
{
	obj *o = PGC__H(op);
	uint32_t tf = o->tflags;
	if ((tf >> PGC__GEN_SHIFT) <= (uintptr_t)arg) {
		if (!(tf & PGC__F_COLLECTING))
			start_refs(o);
		o->gc_prev--;
		internal_refs = 1;
	}
	return 0;
}

/* update_refs and subtract_refs in one pass over generations 0..g (merged
 * into `young`). Post: as subtract_refs. Returns the number of objects. */
static size_t update_and_subtract_refs(obj *young, int g)
{
	size_t n = 0;
	internal_refs = 0;
	for (obj *o = NEXT(young); o != young; o = NEXT(o)) {
		if (!(o->tflags & PGC__F_COLLECTING))
			start_refs(o);
		traverse(o, visit_decref_gen, (void *)(uintptr_t)g);
		n++;
	}
	return n;
}

static int visit_reachable(pgc_object *op, void *arg)
{
	obj *o = PGC__H(op), *young = arg;
	if (!(o->tflags & PGC__F_COLLECTING))
		return 0; /* other generation, untracked, or already scanned */
	if (o->tflags & PGC__F_UNREACHABLE) {
		/* Tentatively unreachable, but reachable after all: back to the
		 * tail of young, where move_unreachable will scan it again. */
		list_unlink(o);
		o->tflags &= ~PGC__F_UNREACHABLE;
		obj *last = PREV(young);
		last->gc_next = (uintptr_t)o;
		o->gc_next = (uintptr_t)young;
		young->gc_prev = (uintptr_t)o;
		o->gc_prev = 1;
	} else if (o->gc_prev == 0) {
		o->gc_prev = 1; /* not scanned yet: tell move_unreachable */
	}
	return 0;
}

/* What move_unreachable saw among the objects it set apart (a superset:
 * some may be rescued later), so later phases can be skipped. */
#define SEEN_LEGACY    1u
#define SEEN_WEAK      2u
#define SEEN_FINALIZER 4u

static unsigned type_seen_bits(const pgc_type *t)
{
	unsigned bits = 0;
	if (t->finalize)
		bits |= t->flags & PGC_TF_LEGACY_FINALIZER ? SEEN_LEGACY : SEEN_FINALIZER;
	if (t == &pgc__weakref_type || t == &pgc__proxy_type)
		bits |= SEEN_WEAK;
	return bits;
}

/*
 * Post: `young` holds exactly the objects reachable from outside, doubly
 * linked again, COLLECTING clear; `unreachable` holds the rest, each with
 * COLLECTING|UNREACHABLE set and real links. Survivors get GEN bits
 * `newgen` (the generation they move to). Returns the survivors' count;
 * ORs SEEN_* bits of the objects set apart into *seen.
 */
static size_t move_unreachable(obj *young, obj *unreachable, unsigned *seen, uint32_t newgen)
{
	/* prev: the last survivor; utail: the last object set apart. Both
	 * lists' tail links are written only when needed (before a traverse,
	 * which may move objects between them, and at the end), not once per
	 * object: this loop runs over every object of a collection. */
	obj *prev = young, *utail = PREV(unreachable);
	size_t survivors = 0;
	unsigned bits = 0;
	uint32_t orflags = 0, last_type = 0; /* last_type 0: no type seen yet */
	obj *o = NEXT(young);
	while (o != young) {
		if (o->gc_prev) {
			/* visit_reachable may move objects from `unreachable` back to
			 * young's tail: make both lists whole first. */
			prev->gc_next = (uintptr_t)o;
			utail->gc_next = (uintptr_t)unreachable;
			unreachable->gc_prev = (uintptr_t)utail;
			traverse(o, visit_reachable, young);
			utail = PREV(unreachable);
			o->gc_prev = (uintptr_t)prev;
			o->tflags = (o->tflags & ~(PGC__F_COLLECTING | PGC__GEN_MASK)) | newgen;
			prev = o;
			survivors++;
			o = NEXT(o); /* read after the traverse, which may append */
		} else {
			obj *next = NEXT(o);
			utail->gc_next = (uintptr_t)o;
			o->gc_prev = (uintptr_t)utail;
			utail = o;
			uint32_t tf = o->tflags | PGC__F_UNREACHABLE;
			o->tflags = tf;
			orflags |= tf;
			/* Type bits, looked up only when the type changes. */
			if (PGC__UNLIKELY((tf & PGC__TYPE_MASK) != last_type)) {
				last_type = tf & PGC__TYPE_MASK;
				bits |= type_seen_bits(pgc__types[last_type]);
			}
			o = next;
		}
	}
	prev->gc_next = (uintptr_t)young;
	young->gc_prev = (uintptr_t)prev;
	utail->gc_next = (uintptr_t)unreachable;
	unreachable->gc_prev = (uintptr_t)utail;
	if (orflags & PGC__F_WEAKREFS)
		bits |= SEEN_WEAK;
	*seen |= bits;
	return survivors;
}

/*
 * move_unreachable's shortcut when the set holds no reference to itself:
 * every object then has gc_refs == refcnt > 0, so all are reachable and
 * none needs its traverse called again (young collections of acyclic,
 * short-lived objects). Post: as move_unreachable with nothing unreachable.
 */
static size_t keep_all(obj *young, uint32_t newgen)
{
	obj *prev = young;
	size_t n = 0;
	for (obj *o = NEXT(young); o != young; o = NEXT(o)) {
		o->gc_prev = (uintptr_t)prev;
		o->tflags = (o->tflags & ~(PGC__F_COLLECTING | PGC__GEN_MASK)) | newgen;
		prev = o;
		n++;
	}
	young->gc_prev = (uintptr_t)prev;
	return n;
}

static int visit_move_to_finalizers(pgc_object *op, void *arg)
{
	obj *o = PGC__H(op);
	if (o->tflags & PGC__F_UNREACHABLE) {
		o->tflags &= ~(PGC__F_UNREACHABLE | PGC__F_COLLECTING);
		list_move(o, (obj *)arg);
	}
	return 0;
}

/*
 * Post: objects with a legacy finalizer, and everything unreachable they
 * reach, are on `finalizers` with their flags clear; `unreachable` keeps the
 * rest. Returns how many objects moved to `finalizers`.
 */
static size_t move_legacy_finalizers(obj *unreachable, obj *finalizers)
{
	size_t moved = 0;
	for (obj *o = NEXT(unreachable), *next; o != unreachable; o = next) {
		next = NEXT(o);
		pgc_type *t = pgc__type_of((pgc_object *)o);
		if ((t->flags & PGC_TF_LEGACY_FINALIZER) && t->finalize) {
			o->tflags &= ~(PGC__F_UNREACHABLE | PGC__F_COLLECTING);
			list_move(o, finalizers);
		}
	}
	for (obj *o = NEXT(finalizers); o != finalizers; o = NEXT(o)) {
		traverse(o, visit_move_to_finalizers, finalizers);
		moved++;
	}
	return moved;
}

/*
 * Post: no weakref anywhere points into `unreachable`, no weakref inside it
 * can ever run its callback, and the callbacks of live weakrefs to the
 * garbage have run (all clearing happens before the first callback).
 * Returns 1 if any callback ran.
 */
static int handle_weakrefs(obj *unreachable)
{
	struct pgc__wr_chain pending = {NULL, NULL};
	for (obj *o = NEXT(unreachable); o != unreachable; o = NEXT(o)) {
		pgc_type *t = pgc__type_of((pgc_object *)o);
		if (t == &pgc__weakref_type || t == &pgc__proxy_type)
			pgc__weakref_detach_garbage_ref((pgc_object *)o);
		if (o->tflags & PGC__F_WEAKREFS)
			pgc__weakref_clear_for_gc((pgc_object *)o, &pending);
	}
	return pgc__weakref_run_callbacks(&pending) > 0;
}

/*
 * Post: every object of `unreachable` has FINALIZED set and its finalizer
 * (if any) has run exactly once. Objects freed meanwhile left the list.
 */
static void finalize_garbage(obj *unreachable)
{
	obj seen;
	pgc__list_init(&seen);
	while (!list_empty(unreachable)) {
		obj *o = NEXT(unreachable);
		list_move(o, &seen);
		pgc_type *t = pgc__type_of((pgc_object *)o);
		if (t->finalize && !(o->tflags & PGC__F_FINALIZED)) {
			o->tflags |= PGC__F_FINALIZED;
			pgc_incref((pgc_object *)o);
			t->finalize((pgc_object *)o);
			pgc_decref((pgc_object *)o);
		}
	}
	pgc__list_merge(&seen, unreachable);
}

/*
 * Re-runs the reachability test on the finalized garbage. Post: resurrected
 * objects (and what they reach) moved to `old`; `still` holds the rest.
 * Returns the size of `still`.
 */
static size_t handle_resurrected(obj *unreachable, obj *still, obj *old, uint32_t old_gen_bits)
{
	size_t n = update_refs(unreachable);
	subtract_refs(unreachable);
	unsigned seen = 0;
	n -= move_unreachable(unreachable, still, &seen, old_gen_bits);
	pgc__list_merge(unreachable, old);
	return n;
}

/* SAVEALL: every object goes to gc.garbage (which keeps it) and to `old`. */
static void save_garbage(obj *collectable, obj *old, uint32_t old_gen_bits)
{
	pgc_object *g = pgc__gc_garbage_list();
	for (obj *o = NEXT(collectable); o != collectable; o = NEXT(o))
		if (g)
			pgc_list_append(g, (pgc_object *)o);
	for (obj *o = NEXT(collectable); o != collectable; o = NEXT(o))
		o->tflags =
		    (o->tflags & ~(PGC__F_UNREACHABLE | PGC__F_COLLECTING | PGC__GEN_MASK)) |
		    old_gen_bits;
	pgc__list_merge(collectable, old);
}

/*
 * Post: every object of `collectable` has been cleared (or, with SAVEALL,
 * appended to gc.garbage); those still alive afterwards moved to `old`.
 * Clearing one object usually frees its whole cycle by reference counting,
 * as in CPython; teardown.c's pgc__teardown_garbage does the clearing.
 */
static void delete_garbage(obj *collectable, obj *old, uint32_t old_gen_bits)
{
	if (pgc__gc.debug & PGC_DEBUG_SAVEALL) {
		save_garbage(collectable, old, old_gen_bits);
		return;
	}
	pgc__teardown_garbage(collectable, old, old_gen_bits);
}

/* Post: legacy objects (all, with SAVEALL) are in gc.garbage; the list is
 * merged into `old`. Returns how many objects it held. */
static size_t handle_legacy(obj *finalizers, obj *old, uint32_t old_gen_bits)
{
	size_t n = 0;
	pgc_object *g = NULL;
	for (obj *o = NEXT(finalizers); o != finalizers; o = NEXT(o)) {
		pgc_object *op = (pgc_object *)o;
		pgc_type *t = pgc__type_of(op);
		o->tflags = (o->tflags & ~PGC__GEN_MASK) | old_gen_bits;
		n++;
		if (pgc__gc.debug & PGC_DEBUG_UNCOLLECTABLE)
			pgc__gc_debug_object("uncollectable", op);
		if ((pgc__gc.debug & PGC_DEBUG_SAVEALL) || (t->flags & PGC_TF_LEGACY_FINALIZER)) {
			if (!g)
				g = pgc__gc_garbage_list();
			if (g) {
				/* Appending may allocate; the list stays consistent. */
				pgc_list_append(g, op);
			}
		}
	}
	pgc__list_merge(finalizers, old);
	return n;
}

/* ------------------------------------------------------------ one collection */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Collects `gen` and all younger generations; the caller set `collecting`. */
static void collect_main(int gen, size_t *collected_out, size_t *uncollectable_out)
{
	obj unreachable, finalizers, still;
	struct pgc__gen_counters *c = pgc__stats.gen;

	if (pgc__gc.debug & PGC_DEBUG_STATS)
		pgc__gc_debug_start(gen);
	if (gen + 1 < PGC__NGEN)
		c[gen + 1].count++;
	for (int i = 0; i <= gen; i++)
		c[i].count = 0;
	for (int i = 0; i < gen; i++)
		pgc__list_merge(&pgc__gc.gen[i], &pgc__gc.gen[gen]);
	obj *young = &pgc__gc.gen[gen];
	obj *old = gen + 1 < PGC__NGEN ? &pgc__gc.gen[gen + 1] : young;

	int oldgen = gen + 1 < PGC__NGEN ? gen + 1 : gen;
	uint32_t old_gen_bits = (uint32_t)oldgen << PGC__GEN_SHIFT;
	size_t total = update_and_subtract_refs(young, gen);
	pgc__list_init(&unreachable);
	unsigned seen = 0;
	size_t survivors = internal_refs
			       ? move_unreachable(young, &unreachable, &seen, old_gen_bits)
			       : keep_all(young, old_gen_bits);
	CHECK_LIST(young, 0);
	CHECK_LIST(&unreachable, PGC__F_COLLECTING | PGC__F_UNREACHABLE);

	if (young != old) {
		if (gen == PGC__NGEN - 2)
			pgc__gc.long_lived_pending += survivors;
		pgc__list_merge(young, old);
	} else {
		pgc__gc.long_lived_pending = 0;
		pgc__gc.long_lived_total = survivors;
	}

	pgc__list_init(&finalizers);
	size_t nlegacy = 0;
	if (seen & SEEN_LEGACY)
		nlegacy = move_legacy_finalizers(&unreachable, &finalizers);
	CHECK_LIST(&finalizers, 0);
	if (pgc__gc.debug & PGC_DEBUG_COLLECTABLE) {
		for (obj *o = NEXT(&unreachable); o != &unreachable; o = NEXT(o))
			pgc__gc_debug_object("collectable", (pgc_object *)o);
	}

	int user_code_ran = 0;
	if (seen & SEEN_WEAK)
		user_code_ran |= handle_weakrefs(&unreachable);
	if (seen & SEEN_FINALIZER) {
		finalize_garbage(&unreachable);
		user_code_ran = 1;
	}
	/* Everything on `still` is freed (or saved): count it before. */
	size_t m;
	pgc__list_init(&still);
	if (user_code_ran) {
		m = handle_resurrected(&unreachable, &still, old, old_gen_bits);
	} else {
		pgc__list_merge(&unreachable, &still);
		m = total - survivors - nlegacy;
	}
	CHECK_LIST(&still, PGC__F_COLLECTING | PGC__F_UNREACHABLE);
	delete_garbage(&still, old, old_gen_bits);
	CHECK_LIST(old, 0);
	size_t n = handle_legacy(&finalizers, old, old_gen_bits);

	c[gen].collections++;
	c[gen].collected += m;
	c[gen].uncollectable += n;
	if (pgc__gc.debug & PGC_DEBUG_STATS)
		pgc__gc_debug_done(m, n);
	*collected_out = m;
	*uncollectable_out = n;
}

/* A full collection with callbacks, timing and hooks. Returns m + n. */
static size_t collect_with_callbacks(int gen)
{
	struct pgc_gc_info info = {.generation = gen};
	uint64_t t0 = now_ns();
	pgc__gc.collecting = 1;
	pgc__gc_invoke_callbacks("start", &info);
	collect_main(gen, &info.collected, &info.uncollectable);
	pgc__gc_invoke_callbacks("stop", &info);
	pgc__gc.collecting = 0;
	uint64_t dt = now_ns() - t0;
	pgc__stats.pause_total_ns += dt;
	if (dt > pgc__stats.pause_max_ns)
		pgc__stats.pause_max_ns = dt;
	if (pgc__hooks.on_collect_end)
		pgc__hooks.on_collect_end();
	return info.collected + info.uncollectable;
}

/* The oldest generation over its threshold, with the 25% long-lived rule. */
static void collect_generations(void)
{
	for (int i = PGC__NGEN - 1; i >= 0; i--) {
		if (pgc__stats.gen[i].count > pgc__gc.threshold[i]) {
			if (i == PGC__NGEN - 1 &&
			    pgc__gc.long_lived_pending < pgc__gc.long_lived_total / 4)
				continue;
			collect_with_callbacks(i);
			break;
		}
	}
}

void pgc__gc_maybe_collect(void)
{
	if (PGC__UNLIKELY(pgc__stats.gen[0].count > pgc__gc.threshold[0]) && pgc__gc.threshold[0] &&
	    pgc__stats.enabled && !pgc__gc.collecting)
		collect_generations();
}

ssize_t pgc_gc_collect(int generation)
{
	PGC__ENSURE_INIT();
	if (generation == -1)
		generation = PGC__NGEN - 1;
	if (generation < 0 || generation >= PGC__NGEN)
		return pgc__set_error(PGC_EINVAL);
	if (pgc__gc.collecting)
		return 0;
	return (ssize_t)collect_with_callbacks(generation);
}
