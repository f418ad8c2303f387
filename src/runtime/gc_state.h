/*
 * gc_state.h - the collector's state shared by gc.c (the algorithm) and
 * gcapi.c (the pgc_gc_* functions): generation lists, thresholds, the
 * re-entrancy guard and the long-lived counters of the 25% rule.
 */
#ifndef PGC_GC_STATE_H
#define PGC_GC_STATE_H

#include <limits.h>

#include "runtime/internal.h"

struct pgc__gc_state {
	struct pgc__obj gen[PGC__NGEN]; /* list heads; counts live in pgc__stats */
	struct pgc__obj permanent;	/* frozen objects (never scanned) */
	long threshold[PGC__NGEN];
	/* The generation-0 count above which an allocation leaves the fast
	 * path for the automatic trigger: threshold[0] while automatic
	 * collection is on, else LONG_MAX, so that a program with the
	 * collector off (pgc_gc_disable, PGC_GC=0) keeps the fast path.
	 * Kept by pgc__gc_update_trigger(). */
	long trigger0;
	int collecting;		   /* re-entrancy guard: 1 inside a collection */
	struct pgc__obj *deleting; /* the garbage pgc__teardown_garbage walks, or NULL */
	int debug;		   /* PGC_DEBUG_* */
	size_t long_lived_total;   /* survivors of the last full collection */
	size_t long_lived_pending; /* survivors of gen-1 collections since */
};
extern PGC__HIDDEN struct pgc__gc_state pgc__gc;

/* Recomputes pgc__gc.trigger0 after the thresholds or enabled changed. */
PGC__HIDDEN void pgc__gc_update_trigger(void);

/* Appends o to the circular list `head` (o's links are overwritten). */
static inline void pgc__list_append(struct pgc__obj *o, struct pgc__obj *head)
{
	struct pgc__obj *last = (struct pgc__obj *)head->gc_prev;
	last->gc_next = (uintptr_t)o;
	o->gc_prev = (uintptr_t)last;
	o->gc_next = (uintptr_t)head;
	head->gc_prev = (uintptr_t)o;
}

/* Unlinks o from its list (both links must be real pointers). */
static inline void pgc__list_unlink(struct pgc__obj *o)
{
	struct pgc__obj *prev = (struct pgc__obj *)o->gc_prev,
			*next = (struct pgc__obj *)o->gc_next;
	prev->gc_next = (uintptr_t)next;
	next->gc_prev = (uintptr_t)prev;
}

/* Tracking: a new or resurrected object joins generation 0. */
static inline void pgc__track_inline(pgc_object *o)
{
	pgc__list_append(PGC__H(o), &pgc__gc.gen[0]);
	PGC__H(o)->tflags &= ~PGC__GEN_MASK;
}

/* Untracking: gc_next 0 means untracked; collector flags are dropped. */
static inline void pgc__untrack_inline(pgc_object *o)
{
	struct pgc__obj *h = PGC__H(o);
	pgc__list_unlink(h);
	h->gc_next = 0;
	h->gc_prev = 0;
	h->tflags = (h->tflags & ~(PGC__F_COLLECTING | PGC__F_UNREACHABLE)) | PGC__GEN_NONE;
}

static inline void pgc__list_move(struct pgc__obj *o, struct pgc__obj *head)
{
	pgc__list_unlink(o);
	pgc__list_append(o, head);
}

static inline int pgc__list_empty(const struct pgc__obj *head)
{
	return head->gc_next == (uintptr_t)head;
}

#ifdef PGC_GC_CHECKS
/*
 * Debug checker (sqlite style): used only inside assert() and compiled only
 * with -DPGC_GC_CHECKS (the sanitizer build of `make check` sets it), so
 * release builds carry no checking cost. 1 if `head` is a circular, doubly
 * linked list whose members all have exactly `want` of the collector's
 * COLLECTING and UNREACHABLE flags.
 */
PGC__HIDDEN int pgc__list_is_consistent(const struct pgc__obj *head, uint32_t want);
#endif

PGC__HIDDEN void pgc__list_init(struct pgc__obj *head);
PGC__HIDDEN void pgc__list_merge(struct pgc__obj *from, struct pgc__obj *to);
PGC__HIDDEN size_t pgc__list_size(const struct pgc__obj *head);

/*
 * The collector's delete phase (teardown.c, called by gc.c's delete_garbage):
 * clears every object of `garbage` (each COLLECTING|UNREACHABLE, with a
 * count above 0) and frees those whose count drops to 0; objects still
 * alive after their clear move to `old` with GEN bits `old_gen_bits`.
 * Leaves `garbage` empty. Cannot fail.
 */
PGC__HIDDEN void pgc__teardown_garbage(struct pgc__obj *garbage, struct pgc__obj *old,
				       uint32_t old_gen_bits);

/* gcapi.c */
PGC__HIDDEN pgc_object *pgc__gc_garbage_list(void); /* borrowed; NULL on ENOMEM */
PGC__HIDDEN void pgc__gc_invoke_callbacks(const char *phase, const struct pgc_gc_info *info);
PGC__HIDDEN void pgc__gc_debug_start(int gen);
PGC__HIDDEN void pgc__gc_debug_done(size_t collected, size_t uncollectable);
PGC__HIDDEN void pgc__gc_debug_object(const char *what, pgc_object *o);

#endif
