/*
 * test_gc_delete.c - the collector's delete phase (pgc__teardown_garbage in
 * src/runtime/teardown.c): garbage dying in and out of list order, objects
 * that outlive their clear, a collection run from inside a teardown, and
 * the fast free path's books (counters, the free hook) on mixed garbage.
 */
#include "testtypes.h"

#include "runtime/internal.h"

/* A ring whose references run against creation order: the collector's
 * list holds its nodes in creation order, so clearing node 0 frees them
 * from the far end. */
static pgc_object *reverse_ring_of(pgc_type *t, int n, int base)
{
	return ring_linked(t, n, base, 1);
}

static void rings_freed_against_list_order_are_collected(void **state)
{
	uint64_t live = pgc__counters()->live_objects;
	for (int i = 0; i < 50; i++)
		pgc_decref(reverse_ring_of(&tnode_type, 7, 0));
	for (int i = 0; i < 50; i++)
		pgc_decref(ring_of(&tnode_type, 5, 0));
	assert_int_equal(pgc_gc_collect(2), 50 * 7 + 50 * 5);
	assert_int_equal(pgc__counters()->live_objects, live);
	/* Each node is cleared once by the collector or its teardown; ring
	 * heads, held through their clear, get a second (empty) clear. */
	assert_true(tnode_clears >= 600);
}

static void a_long_ring_freed_against_list_order_needs_no_deep_recursion(void **state)
{
	uint64_t live = pgc__counters()->live_objects;
	pgc_decref(reverse_ring_of(&tnode_type, 1000000, 0));
	assert_int_equal(pgc_gc_collect(2), 1000000);
	assert_int_equal(pgc__counters()->live_objects, live);
}

/* A hub referring to three spokes, each referring back to the hub, in
 * rings: clearing a hub frees three objects at once, one of them next in
 * the collector's list and two further on. */
static void garbage_freed_several_at_a_time_is_freed_once(void **state)
{
	uint64_t live = pgc__counters()->live_objects;
	for (int i = 0; i < 40; i++) {
		pgc_object *hub = tnew(&tnode_type, 0);
		for (int k = 1; k <= 3; k++) {
			pgc_object *spoke = tnew(&tnode_type, k);
			set_ref(hub, k, spoke);
			set_ref(spoke, 0, i % 2 ? hub : NULL);
			pgc_decref(spoke);
		}
		set_ref(hub, 0, hub);
		pgc_decref(hub);
	}
	assert_int_equal(pgc_gc_collect(2), 40 * 4);
	assert_int_equal(pgc__counters()->live_objects, live);
	/* The freed blocks are reused cleanly. */
	for (int i = 0; i < 40; i++)
		pgc_decref(ring_of(&tnode_type, 4, 0));
	assert_int_equal(pgc_gc_collect(2), 40 * 4);
	assert_int_equal(pgc__counters()->live_objects, live);
}

/* A list holding 500 nodes that each refer back to it: clearing the list
 * frees 500 objects at once, more than the walk keeps at hand. */
static void a_clear_that_frees_hundreds_of_objects_at_once_frees_each_once(void **state)
{
	uint64_t live = pgc__counters()->live_objects;
	pgc_object *l = pgc_list_new();
	for (int i = 0; i < 500; i++) {
		pgc_object *n = tnew(&tnode_type, i);
		set_ref(n, 0, l);
		assert_int_equal(pgc_list_append(l, n), 0);
		pgc_decref(n);
	}
	pgc_decref(l);
	assert_int_equal(pgc_gc_collect(2), 501);
	assert_int_equal(pgc__counters()->live_objects, live);
	for (int i = 0; i < 100; i++)
		pgc_decref(ring_of(&tnode_type, 5, 0));
	assert_int_equal(pgc_gc_collect(2), 500);
	assert_int_equal(pgc__counters()->live_objects, live);
}

/* A node whose clear keeps what its first slot refers to alive. */
static pgc_object *kept;

static void tkeep_clear(pgc_object *o)
{
	if (!kept && TN(o)->ref[0]) {
		kept = TN(o)->ref[0];
		pgc_incref(kept);
	}
	tnode_clear(o);
}

static pgc_type tkeep_type = {.name = "tkeep",
			      .size = sizeof(struct tnode),
			      .flags = PGC_TF_GC,
			      .traverse = tnode_traverse,
			      .clear = tkeep_clear};

static void garbage_still_referenced_after_its_clear_survives_in_the_oldest_generation(void **state)
{
	uint64_t live = pgc__counters()->live_objects;
	kept = NULL;
	pgc_object *a = tnew(&tkeep_type, 1), *b = tnew(&tnode_type, 2);
	set_ref(a, 0, b);
	set_ref(b, 0, a);
	pgc_decref(a);
	pgc_decref(b);
	/* Both were unreachable when the collection decided, so both count. */
	assert_int_equal(pgc_gc_collect(2), 2);
	assert_ptr_equal(kept, b);
	assert_int_equal(pgc_getrefcount(b), 2); /* only `kept` holds it */
	assert_true(pgc_gc_is_tracked(b));
	assert_null(TN(b)->ref[0]); /* it was cleared */
	pgc_object *g2 = pgc_gc_get_objects(2);
	int found = 0;
	for (size_t i = 0; i < pgc_list_size(g2); i++)
		found |= pgc_list_get(g2, i) == b;
	pgc_decref(g2);
	assert_true(found);
	assert_int_equal(pgc__counters()->live_objects, live + 1);
	pgc_decref(kept);
	kept = NULL;
	assert_int_equal(pgc__counters()->live_objects, live);
}

static void a_collection_run_from_inside_a_teardown_frees_its_garbage(void **state)
{
	uint64_t live = pgc__counters()->live_objects;
	for (int i = 0; i < 20; i++)
		pgc_decref(ring_of(&tnode_type, 3, 0));
	for (int i = 0; i < 20; i++)
		pgc_decref(reverse_ring_of(&tnode_type, 3, 0));
	/* Its finalizer runs while it is torn down and collects from there. */
	pgc_object *n = tnew(&tnested_type, 99);
	pgc_gc_disable();
	pgc_decref(n);
	pgc_gc_enable();
	assert_int_equal(fin_calls, 1);
	assert_int_equal(fin_collect_result, 120);
	assert_int_equal(pgc__counters()->live_objects, live);
	assert_int_equal(pgc_gc_collect(2), 0);
}

static void objects_outside_the_garbage_freed_by_its_clear_are_finalized(void **state)
{
	pgc_object *f = tnew(&tfin_type, 7);
	pgc_gc_collect(2); /* f is in generation 2 */
	pgc_object *r = ring_of(&tnode_type, 4, 0);
	set_ref(r, 1, f);
	pgc_decref(f); /* only the ring holds f now */
	pgc_decref(r);
	assert_int_equal(pgc_gc_collect(0), 4); /* f is not in the set */
	assert_int_equal(fin_calls, 1);
	assert_int_equal(fin_order[0], 7);
}

static size_t frees_seen;

static void count_free(void *p, size_t size)
{
	(void)p;
	(void)size;
	frees_seen++;
}

static void the_free_hook_sees_every_block_a_collection_frees(void **state)
{
	uint64_t live = pgc__counters()->live_objects;
	for (int i = 0; i < 30; i++)
		pgc_decref(ring_of(&tnode_type, 4, 0));
	frees_seen = 0;
	pgc__hooks.on_free = count_free;
	assert_int_equal(pgc_gc_collect(2), 120);
	pgc__hooks.on_free = NULL;
	assert_int_equal(frees_seen, 120);
	assert_int_equal(pgc__counters()->live_objects, live);
}

static int wr_calls;

static void wr_callback(pgc_object *wr)
{
	(void)wr;
	wr_calls++;
}

/* Eight cycles of five objects of six kinds, each watched by a weakref with
 * a callback; returns after collecting them. */
static void collect_mixed_garbage(void)
{
	pgc_object *watchers[8];
	wr_calls = 0;
	for (int i = 0; i < 8; i++) {
		/* node -> variable-size node -> list -> dict -> tuple -> node */
		pgc_object *a = tnew(&tnode_type, i), *v = pgc_new_var(&tnode_type, 40 + 8 * i);
		assert_non_null(v);
		pgc_object *l = pgc_list_new(), *d = pgc_dict_new(), *s = pgc_str("key");
		pgc_object *t = pgc_tuple(1, &a);
		set_ref(a, 0, v);
		set_ref(v, 0, l);
		assert_int_equal(pgc_list_append(l, d), 0);
		assert_int_equal(pgc_dict_set(d, s, t), 0);
		watchers[i] = pgc_weakref_new(i % 2 ? a : v, wr_callback);
		pgc_decref(a);
		pgc_decref(v);
		pgc_decref(l);
		pgc_decref(d);
		pgc_decref(s);
		pgc_decref(t);
	}
	assert_int_equal(pgc_gc_collect(2), 8 * 5);
	assert_int_equal(wr_calls, 8);
	for (int i = 0; i < 8; i++) {
		assert_null(pgc_weakref_deref(watchers[i]));
		pgc_decref(watchers[i]);
	}
}

static void mixed_garbage_leaves_the_live_counters_where_they_were(void **state)
{
	/* The first round grows the runtime's own tables (weakrefs,
	 * interned strings), which keep their size. */
	collect_mixed_garbage();
	uint64_t live = pgc__counters()->live_objects, bytes = pgc__counters()->live_bytes;
	collect_mixed_garbage();
	assert_int_equal(pgc__counters()->live_objects, live);
	assert_int_equal(pgc__counters()->live_bytes, bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(rings_freed_against_list_order_are_collected, reset_runtime),
	    cmocka_unit_test_setup(a_long_ring_freed_against_list_order_needs_no_deep_recursion,
				   reset_runtime),
	    cmocka_unit_test_setup(garbage_freed_several_at_a_time_is_freed_once, reset_runtime),
	    cmocka_unit_test_setup(a_clear_that_frees_hundreds_of_objects_at_once_frees_each_once,
				   reset_runtime),
	    cmocka_unit_test_setup(
		garbage_still_referenced_after_its_clear_survives_in_the_oldest_generation,
		reset_runtime),
	    cmocka_unit_test_setup(a_collection_run_from_inside_a_teardown_frees_its_garbage,
				   reset_runtime),
	    cmocka_unit_test_setup(objects_outside_the_garbage_freed_by_its_clear_are_finalized,
				   reset_runtime),
	    cmocka_unit_test_setup(the_free_hook_sees_every_block_a_collection_frees,
				   reset_runtime),
	    cmocka_unit_test_setup(mixed_garbage_leaves_the_live_counters_where_they_were,
				   reset_runtime),
	};
	return cmocka_run_group_tests_name("gc_delete", tests, NULL, NULL);
}
