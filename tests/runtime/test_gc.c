/*
 * test_gc.c - the cycle collector (src/runtime/gc.c): cycles of every
 * small size, finalizers (once, resurrection, self-breaking, nested
 * collect), legacy finalizers, SAVEALL, automatic triggering, deep lists.
 */
#include "testtypes.h"

#include "runtime/internal.h"

static void cycles_of_one_to_six_objects_are_collected(void **state)
{
	for (int n = 1; n <= 6; n++) {
		uint64_t live = pgc__counters()->live_objects;
		pgc_object *r = ring_of(&tnode_type, n, 0);
		assert_int_equal(pgc__counters()->live_objects, live + (uint64_t)n);
		pgc_decref(r);
		/* Reference counting alone cannot free a cycle. */
		assert_int_equal(pgc__counters()->live_objects, live + (uint64_t)n);
		assert_int_equal(pgc_gc_collect(2), n);
		assert_int_equal(pgc__counters()->live_objects, live);
	}
}

static void a_self_cycle_is_collected(void **state)
{
	pgc_object *a = tnew(&tnode_type, 1);
	set_ref(a, 0, a);
	set_ref(a, 1, a);
	assert_int_equal(pgc_getrefcount(a), 4);
	pgc_decref(a);
	assert_int_equal(pgc_gc_collect(0), 1);
}

static void a_collection_that_frees_nothing_returns_zero(void **state)
{
	pgc_object *a = tnew(&tnode_type, 1), *b = tnew(&tnode_type, 2);
	set_ref(a, 0, b);
	set_ref(b, 0, a);
	assert_int_equal(pgc_gc_collect(2), 0); /* a is held from outside */
	assert_int_equal(pgc_getrefcount(a), 3);
	pgc_decref(b);
	pgc_decref(a);
	assert_int_equal(pgc_gc_collect(2), 2);
	assert_int_equal(pgc_gc_collect(2), 0);
}

static void garbage_reachable_only_from_a_cycle_is_collected_with_it(void **state)
{
	pgc_object *r = ring_of(&tnode_type, 3, 0);
	pgc_object *tail = tnew(&tnode_type, 9);
	pgc_object *l = pgc_list_new();
	set_ref(r, 1, tail);
	set_ref(tail, 0, l);
	pgc_decref(tail);
	pgc_decref(l);
	pgc_decref(r);
	/* 3 ring nodes + tail + list; the tail is freed by refcount once the
	 * ring is cleared, so "collected" counts the whole unreachable set. */
	assert_int_equal(pgc_gc_collect(2), 5);
}

static void finalizers_run_exactly_once_and_before_any_clear(void **state)
{
	pgc_object *r = ring_of(&tfin_type, 4, 10);
	pgc_decref(r);
	tnode_clears = 0;
	assert_int_equal(pgc_gc_collect(2), 4);
	assert_int_equal(fin_calls, 4);
	assert_int_equal(fin_clears_seen, 0); /* no finalizer saw a cleared object */
	assert_true(tnode_clears >= 4);
	assert_int_equal(pgc_gc_collect(2), 0);
	assert_int_equal(fin_calls, 4);
}

static void a_finalizer_runs_once_at_refcount_zero(void **state)
{
	pgc_object *a = tnew(&tfin_type, 1);
	assert_false(pgc_gc_is_finalized(a));
	pgc_decref(a);
	assert_int_equal(fin_calls, 1);
}

static void an_object_resurrected_by_its_finalizer_survives_and_is_not_finalized_again(void **state)
{
	pgc_object *r = ring_of(&tres_type, 2, 0);
	pgc_decref(r);
	assert_int_equal(pgc_gc_collect(2), 0); /* nothing freed: all resurrected */
	assert_int_equal(fin_calls, 2);
	assert_non_null(resurrected);
	pgc_object *keep = resurrected;
	assert_true(pgc_gc_is_finalized(keep));
	assert_true(pgc_gc_is_tracked(keep));
	/* Each resurrected itself once: resurrected holds the last one. Drop
	 * the extra references; the cycle is now ordinary garbage. */
	pgc_object *other = TN(keep)->ref[0];
	pgc_decref(keep);
	pgc_decref(other);
	assert_int_equal(pgc_gc_collect(2), 2);
	assert_int_equal(fin_calls, 2);
}

static void resurrection_at_refcount_zero_keeps_the_object(void **state)
{
	pgc_object *a = tnew(&tres_type, 1);
	pgc_decref(a);
	assert_ptr_equal(resurrected, a);
	assert_int_equal(pgc_getrefcount(a), 2);
	pgc_decref(a); /* finalized already: freed now */
	assert_int_equal(fin_calls, 1);
}

static void a_finalizer_that_breaks_its_own_cycle_frees_it(void **state)
{
	pgc_object *r = ring_of(&tbreak_type, 3, 0);
	pgc_decref(r);
	uint64_t live = pgc__counters()->live_objects;
	assert_int_equal(pgc_gc_collect(2), 0);
	assert_true(fin_calls >= 1);
	assert_int_equal(pgc__counters()->live_objects, live - 3);
}

static void a_finalizer_may_collect_and_allocate(void **state)
{
	pgc_object *r = ring_of(&tnested_type, 2, 0);
	pgc_decref(r);
	assert_int_equal(pgc_gc_collect(2), 2);
	assert_int_equal(fin_calls, 2);
	assert_int_equal(fin_collect_result, 0); /* nested collect returns 0 */
	assert_int_equal(pgc_gc_collect(2), 0);
}

static void legacy_finalizers_land_in_garbage_with_what_they_reach(void **state)
{
	pgc_object *g = pgc_gc_garbage();
	pgc_object *a = tnew(&tlegacy_type, 1), *b = tnew(&tnode_type, 2);
	set_ref(a, 0, b);
	set_ref(b, 0, a);
	pgc_decref(a);
	pgc_decref(b);
	struct pgc_gc_genstats before[3], after[3];
	pgc_gc_get_stats(before);
	assert_int_equal(pgc_gc_collect(2), 2);
	pgc_gc_get_stats(after);
	assert_int_equal(after[2].uncollectable - before[2].uncollectable, 2);
	assert_int_equal(fin_calls, 0); /* never called on a cycle */
	assert_int_equal(pgc_list_size(g), 1);
	assert_ptr_equal(pgc_list_get(g, 0), a);
	/* Still there next time, and still uncollectable. */
	assert_int_equal(pgc_gc_collect(2), 0);
	pgc_list_clear(g); /* the program breaks the cycle itself */
	set_ref(b, 0, NULL);
	assert_int_equal(fin_calls, 1); /* freed by refcount: finalizer runs */
}

static void saveall_keeps_everything_unreachable_in_garbage(void **state)
{
	pgc_gc_set_debug(PGC_DEBUG_SAVEALL);
	pgc_object *r = ring_of(&tnode_type, 3, 0);
	pgc_decref(r);
	assert_int_equal(pgc_gc_collect(2), 3);
	pgc_object *g = pgc_gc_garbage();
	assert_int_equal(pgc_list_size(g), 3);
	assert_int_equal(tnode_clears, 0);
	pgc_gc_set_debug(0);
	pgc_list_clear(g);
	assert_int_equal(pgc_gc_collect(2), 3);
}

static void allocations_trigger_collections_at_threshold_zero(void **state)
{
	struct pgc_gc_genstats before[3], after[3];
	pgc_gc_set_threshold(50, 10, 10);
	pgc_gc_get_stats(before);
	for (int i = 0; i < 200; i++)
		pgc_decref(ring_of(&tnode_type, 2, i));
	pgc_gc_get_stats(after);
	assert_true(after[0].collections - before[0].collections >= 7);
	assert_true(after[0].collected - before[0].collected >= 300);
	long count[3];
	pgc_gc_get_count(count);
	assert_true(count[0] <= 51);
}

static void disabled_collector_never_collects_automatically(void **state)
{
	struct pgc_gc_genstats before[3], after[3];
	pgc_gc_set_threshold(10, 10, 10);
	pgc_gc_disable();
	assert_false(pgc_gc_isenabled());
	pgc_gc_get_stats(before);
	for (int i = 0; i < 100; i++)
		pgc_decref(ring_of(&tnode_type, 2, i));
	pgc_gc_get_stats(after);
	assert_int_equal(after[0].collections, before[0].collections);
	pgc_gc_enable();
	assert_int_equal(pgc_gc_collect(2), 200);
}

/* The fast allocation path skips the trigger while the collector is off;
 * turning it back on, or a nonzero threshold again, must bring it back. */
static void the_automatic_trigger_follows_enable_and_the_threshold(void **state)
{
	struct pgc_gc_genstats before[3], after[3];
	pgc_gc_set_threshold(10, 10, 10);
	pgc_gc_disable();
	for (int i = 0; i < 50; i++)
		pgc_decref(ring_of(&tnode_type, 2, i));
	pgc_gc_get_stats(before);
	pgc_gc_enable();
	pgc_decref(ring_of(&tnode_type, 2, 0));
	pgc_gc_get_stats(after);
	assert_true(after[0].collections > before[0].collections);
	/* Threshold 0 turns automatic collection off, as in CPython. */
	pgc_gc_set_threshold(0, 10, 10);
	pgc_gc_get_stats(before);
	for (int i = 0; i < 50; i++)
		pgc_decref(ring_of(&tnode_type, 2, i));
	pgc_gc_get_stats(after);
	assert_int_equal(after[0].collections, before[0].collections);
	pgc_gc_set_threshold(10, 10, 10);
	pgc_decref(ring_of(&tnode_type, 2, 0));
	pgc_gc_get_stats(after);
	assert_true(after[0].collections > before[0].collections);
}

static void older_generations_are_collected_every_tenth_younger_collection(void **state)
{
	struct pgc_gc_genstats before[3], after[3];
	pgc_gc_get_stats(before);
	for (int i = 0; i < 11; i++)
		pgc_gc_collect(0);
	long count[3];
	pgc_gc_get_count(count);
	assert_int_equal(count[1], 11);
	pgc_gc_collect(1);
	pgc_gc_get_count(count);
	assert_int_equal(count[0], 0);
	assert_int_equal(count[1], 0);
	assert_int_equal(count[2], 1);
	pgc_gc_get_stats(after);
	assert_int_equal(after[0].collections - before[0].collections, 11);
	assert_int_equal(after[1].collections - before[1].collections, 1);
}

static void survivors_move_to_the_next_generation(void **state)
{
	pgc_object *a = tnew(&tnode_type, 1);
	pgc_object *g0 = pgc_gc_get_objects(0);
	int found = 0;
	for (size_t i = 0; i < pgc_list_size(g0); i++)
		found |= pgc_list_get(g0, i) == a;
	assert_true(found);
	pgc_decref(g0);
	pgc_gc_collect(0);
	pgc_object *g1 = pgc_gc_get_objects(1);
	found = 0;
	for (size_t i = 0; i < pgc_list_size(g1); i++)
		found |= pgc_list_get(g1, i) == a;
	assert_true(found);
	pgc_decref(g1);
	pgc_decref(a);
}

/* The worked example of docs/gc-design.md: A (gen 1) -> B -> C -> A, with
 * B and C young and a finalizer on C. */
static void a_cycle_spanning_two_generations_is_found_by_the_older_collection(void **state)
{
	pgc_object *a = tnew(&tnode_type, 1);
	pgc_gc_collect(0); /* A survives into generation 1 */
	pgc_object *b = tnew(&tnode_type, 2), *c = tnew(&tfin_type, 3);
	set_ref(a, 0, b);
	set_ref(b, 0, c);
	set_ref(c, 0, a);
	pgc_decref(b);
	pgc_decref(c);
	pgc_decref(a);				/* the program drops A: the cycle is garbage */
	assert_int_equal(pgc_gc_collect(0), 0); /* A's reference to B is a root */
	assert_int_equal(fin_calls, 0);
	assert_int_equal(pgc_gc_collect(1), 3);
	assert_int_equal(fin_calls, 1);
	assert_int_equal(fin_order[0], 3);
}

static void old_objects_keep_young_ones_alive_across_young_collections(void **state)
{
	pgc_object *old = tnew(&tnode_type, 1);
	pgc_gc_collect(2); /* old is in generation 2 */
	for (int i = 0; i < 50; i++) {
		pgc_object *young = tnew(&tnode_type, i);
		set_ref(old, i % NREF, young);
		pgc_decref(young);
		assert_int_equal(pgc_gc_collect(i % 2), 0);
	}
	pgc_gc_freeze();
	pgc_object *fresh = ring_of(&tnode_type, 2, 0);
	set_ref(old, 0, fresh); /* a frozen object refers to a young cycle */
	pgc_decref(fresh);
	assert_int_equal(pgc_gc_collect(2), 0);
	pgc_gc_unfreeze();
	set_ref(old, 0, NULL);
	assert_int_equal(pgc_gc_collect(2), 2);
	pgc_decref(old);
}

/* A million-long chain freed by refcount: iterative teardown, no overflow. */
static void a_million_long_linked_list_is_freed_without_deep_recursion(void **state)
{
	uint64_t live = pgc__counters()->live_objects;
	pgc_object *head = tnew(&tnode_type, 0), *cur = head;
	pgc_incref(cur);
	for (int i = 1; i < 1000000; i++) {
		pgc_object *n = tnew(&tnode_type, i);
		set_ref(cur, 0, n);
		pgc_decref(cur);
		cur = n;
	}
	pgc_decref(cur);
	assert_int_equal(pgc__counters()->live_objects, live + 1000000);
	pgc_decref(head);
	assert_int_equal(pgc__counters()->live_objects, live);
}

static void a_million_long_cyclic_list_is_collected_without_deep_recursion(void **state)
{
	pgc_object *r = ring_of(&tnode_type, 1000000, 0);
	pgc_decref(r);
	assert_int_equal(pgc_gc_collect(2), 1000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(cycles_of_one_to_six_objects_are_collected, reset_runtime),
	    cmocka_unit_test_setup(a_self_cycle_is_collected, reset_runtime),
	    cmocka_unit_test_setup(a_collection_that_frees_nothing_returns_zero, reset_runtime),
	    cmocka_unit_test_setup(garbage_reachable_only_from_a_cycle_is_collected_with_it,
				   reset_runtime),
	    cmocka_unit_test_setup(finalizers_run_exactly_once_and_before_any_clear, reset_runtime),
	    cmocka_unit_test_setup(a_finalizer_runs_once_at_refcount_zero, reset_runtime),
	    cmocka_unit_test_setup(
		an_object_resurrected_by_its_finalizer_survives_and_is_not_finalized_again,
		reset_runtime),
	    cmocka_unit_test_setup(resurrection_at_refcount_zero_keeps_the_object, reset_runtime),
	    cmocka_unit_test_setup(a_finalizer_that_breaks_its_own_cycle_frees_it, reset_runtime),
	    cmocka_unit_test_setup(a_finalizer_may_collect_and_allocate, reset_runtime),
	    cmocka_unit_test_setup(legacy_finalizers_land_in_garbage_with_what_they_reach,
				   reset_runtime),
	    cmocka_unit_test_setup(saveall_keeps_everything_unreachable_in_garbage, reset_runtime),
	    cmocka_unit_test_setup(allocations_trigger_collections_at_threshold_zero,
				   reset_runtime),
	    cmocka_unit_test_setup(disabled_collector_never_collects_automatically, reset_runtime),
	    cmocka_unit_test_setup(the_automatic_trigger_follows_enable_and_the_threshold,
				   reset_runtime),
	    cmocka_unit_test_setup(older_generations_are_collected_every_tenth_younger_collection,
				   reset_runtime),
	    cmocka_unit_test_setup(survivors_move_to_the_next_generation, reset_runtime),
	    cmocka_unit_test_setup(
		a_cycle_spanning_two_generations_is_found_by_the_older_collection, reset_runtime),
	    cmocka_unit_test_setup(old_objects_keep_young_ones_alive_across_young_collections,
				   reset_runtime),
	    cmocka_unit_test_setup(a_million_long_linked_list_is_freed_without_deep_recursion,
				   reset_runtime),
	    cmocka_unit_test_setup(a_million_long_cyclic_list_is_collected_without_deep_recursion,
				   reset_runtime),
	};
	return cmocka_run_group_tests_name("gc", tests, NULL, NULL);
}
