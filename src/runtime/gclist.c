/*
 * gclist.c - the collector's lists: generation list heads and their
 * operations, tracking, and the assert-only list checker. The algorithm
 * that walks them is gc.c; docs/gc-design.md explains both.
 */
#include "runtime/gc_state.h"

PGC__HIDDEN struct pgc__gc_state pgc__gc = {
    .threshold = {700, 10, 10},
    .trigger0 = 700,
};

void pgc__gc_update_trigger(void)
{
	pgc__gc.trigger0 =
	    pgc__stats.enabled && pgc__gc.threshold[0] ? pgc__gc.threshold[0] : LONG_MAX;
}

typedef struct pgc__obj obj;

#define NEXT(o) ((obj *)(o)->gc_next)
#define PREV(o) ((obj *)(o)->gc_prev)

void pgc__list_init(obj *head) { head->gc_next = head->gc_prev = (uintptr_t)head; }

void pgc__list_merge(obj *from, obj *to)
{
	if (from->gc_next == (uintptr_t)from)
		return;
	obj *tail = PREV(to), *first = NEXT(from), *last = PREV(from);
	tail->gc_next = (uintptr_t)first;
	first->gc_prev = (uintptr_t)tail;
	last->gc_next = (uintptr_t)to;
	to->gc_prev = (uintptr_t)last;
	pgc__list_init(from);
}

size_t pgc__list_size(const obj *head)
{
	size_t n = 0;
	for (const obj *o = NEXT(head); o != head; o = NEXT(o))
		n++;
	return n;
}

void pgc__gc_init(void)
{
	for (int i = 0; i < PGC__NGEN; i++)
		pgc__list_init(&pgc__gc.gen[i]);
	pgc__list_init(&pgc__gc.permanent);
}

void pgc__gc_track(pgc_object *o) { pgc__track_inline(o); }

void pgc__gc_untrack(pgc_object *o) { pgc__untrack_inline(o); }

int pgc__gc_is_collecting(void) { return pgc__gc.collecting; }

#ifdef PGC_GC_CHECKS
int pgc__list_is_consistent(const obj *head, uint32_t want)
{
	const uint32_t mask = PGC__F_COLLECTING | PGC__F_UNREACHABLE;
	for (const obj *o = NEXT(head), *p = head;; p = o, o = NEXT(o)) {
		if (PREV(o) != p)
			return 0;
		if (o == head)
			return 1;
		if (!o->gc_next || (o->tflags & mask) != want)
			return 0;
	}
}
#endif
