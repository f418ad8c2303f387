/*
 * testtypes.h - object types shared by the runtime unit tests: a node with
 * four references (and variants with a PEP 442 finalizer, a legacy
 * finalizer, and a resurrecting finalizer), plus helpers to build cycles.
 */
#ifndef PGC_TESTTYPES_H
#define PGC_TESTTYPES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pgc.h"

/* Each test file uses a different subset of these helpers. */
#pragma GCC diagnostic ignored "-Wunused-function"

#define NREF 4

struct tnode {
	pgc_object ob;
	pgc_object *ref[NREF];
	int id;
};
#define TN(o) ((struct tnode *)(o))

static int tnode_traverse(pgc_object *o, pgc_visitfn visit, void *arg)
{
	for (int i = 0; i < NREF; i++) {
		if (TN(o)->ref[i]) {
			int r = visit(TN(o)->ref[i], arg);
			if (r)
				return r;
		}
	}
	return 0;
}

static int tnode_clears;

static void tnode_clear(pgc_object *o)
{
	tnode_clears++;
	for (int i = 0; i < NREF; i++) {
		pgc_object *r = TN(o)->ref[i];
		TN(o)->ref[i] = NULL;
		pgc_decref(r);
	}
}

/* Finalizer bookkeeping. */
static int fin_calls;
static int fin_order[64];
static pgc_object *resurrected; /* where tres_finalize stores itself */
static int fin_collect_result = -1;

static int fin_clears_seen; /* the most clears any finalizer observed */

static void tfin_finalize(pgc_object *o)
{
	if (tnode_clears > fin_clears_seen)
		fin_clears_seen = tnode_clears;
	if (fin_calls < 64)
		fin_order[fin_calls] = TN(o)->id;
	fin_calls++;
}

static void tres_finalize(pgc_object *o)
{
	fin_calls++;
	pgc_incref(o);
	resurrected = o;
}

/* Breaks its own cycle: drops every reference it holds. */
static void tbreak_finalize(pgc_object *o)
{
	fin_calls++;
	tnode_clear(o);
}

/* Calls collect from inside a collection and allocates. */
static void tnested_finalize(pgc_object *o)
{
	fin_calls++;
	fin_collect_result = (int)pgc_gc_collect(2);
	pgc_object *l = pgc_list_new();
	pgc_object *i = pgc_int(123456);
	pgc_list_append(l, i);
	pgc_decref(i);
	pgc_decref(l);
}

#define TN_TYPE(var, nm, fl, fin)                                                                  \
	__attribute__((unused)) static pgc_type var = {.name = nm,                                 \
						       .size = sizeof(struct tnode),               \
						       .flags =                                    \
							   PGC_TF_GC | PGC_TF_WEAKREFABLE | (fl),  \
						       .traverse = tnode_traverse,                 \
						       .clear = tnode_clear,                       \
						       .finalize = fin}

TN_TYPE(tnode_type, "tnode", 0, NULL);
TN_TYPE(tfin_type, "tfin", 0, tfin_finalize);
TN_TYPE(tres_type, "tres", 0, tres_finalize);
TN_TYPE(tbreak_type, "tbreak", 0, tbreak_finalize);
TN_TYPE(tnested_type, "tnested", 0, tnested_finalize);
TN_TYPE(tlegacy_type, "tlegacy", PGC_TF_LEGACY_FINALIZER, tfin_finalize);

/* a->ref[i] = b (takes a reference to b, drops the old one). */
static void set_ref(pgc_object *a, int i, pgc_object *b)
{
	pgc_object *old = TN(a)->ref[i];
	pgc_incref(b);
	TN(a)->ref[i] = b;
	pgc_decref(old);
}

static pgc_object *tnew(pgc_type *t, int id)
{
	pgc_object *o = pgc_new(t);
	assert_non_null(o);
	TN(o)->id = id;
	return o;
}

/* A ring of n nodes of type t (n >= 1; n == 1 is a self-cycle). Returns a
 * new reference to node 0; ids are base..base+n-1. Node i refers to node
 * i+1 (the last to node 0); with `backward`, to node i-1 (node 0 to the
 * last), against the order the collector's list holds them in. */
static pgc_object *ring_linked(pgc_type *t, int n, int base, int backward)
{
	pgc_object *first = tnew(t, base), *prev = first;
	pgc_incref(first);
	for (int i = 1; i < n; i++) {
		pgc_object *x = tnew(t, base + i);
		if (backward)
			set_ref(x, 0, prev);
		else
			set_ref(prev, 0, x);
		pgc_decref(prev);
		prev = x;
	}
	if (backward)
		set_ref(first, 0, prev);
	else
		set_ref(prev, 0, first);
	pgc_decref(prev);
	return first;
}

static pgc_object *ring_of(pgc_type *t, int n, int base) { return ring_linked(t, n, base, 0); }

/* Resets the runtime's observable state between tests. */
static int reset_runtime(void **state)
{
	(void)state;
	pgc_gc_set_debug(0);
	pgc_gc_set_debug_stream(NULL);
	pgc_gc_enable();
	pgc_gc_set_threshold(700, 10, 10);
	pgc_gc_collect(2);
	pgc_list_clear(pgc_gc_garbage());
	pgc_gc_collect(2);
	fin_calls = 0;
	tnode_clears = 0;
	fin_clears_seen = 0;
	resurrected = NULL;
	fin_collect_result = -1;
	pgc_clear_error();
	return 0;
}

#endif
