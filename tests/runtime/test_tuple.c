/*
 * test_tuple.c - the built-in tuple (src/runtime/tuple.c): the empty
 * singleton, items, equality and hashing, cycles through tuples.
 */
#include "testtypes.h"

static void the_empty_tuple_is_a_singleton(void **state)
{
	pgc_object *a = pgc_tuple(0, NULL), *b = pgc_tuple(0, NULL);
	assert_true(pgc_is(a, b));
	assert_int_equal(pgc_tuple_size(a), 0);
	pgc_decref(a);
	pgc_decref(b);
}

static void tuples_hold_references_and_compare_by_value(void **state)
{
	pgc_object *x = pgc_int(1000), *y = pgc_str("y");
	pgc_object *items[] = {x, y};
	pgc_object *t1 = pgc_tuple(2, items), *t2 = pgc_tuple(2, items);
	assert_int_equal(pgc_getrefcount(x), 4);
	assert_ptr_equal(pgc_tuple_get(t1, 1), y);
	assert_null(pgc_tuple_get(t1, 2));
	assert_int_equal(pgc_error(), PGC_EINDEX);
	assert_int_equal(pgc_eq(t1, t2), 1);
	uint64_t h1, h2;
	assert_int_equal(pgc_hash(t1, &h1), 0);
	assert_int_equal(pgc_hash(t2, &h2), 0);
	assert_true(h1 == h2);
	pgc_decref(t1);
	pgc_decref(t2);
	assert_int_equal(pgc_getrefcount(x), 2);
	pgc_decref(x);
	pgc_decref(y);
}

static void a_tuple_holding_a_list_is_unhashable(void **state)
{
	pgc_object *l = pgc_list_new();
	pgc_object *t = pgc_tuple(1, &l);
	uint64_t h;
	assert_int_equal(pgc_hash(t, &h), -1);
	assert_int_equal(pgc_error(), PGC_EUNHASHABLE);
	pgc_decref(t);
	pgc_decref(l);
}

static void a_cycle_through_a_tuple_is_collected(void **state)
{
	pgc_object *n = tnew(&tnode_type, 1);
	pgc_object *t = pgc_tuple(1, &n);
	set_ref(n, 0, t);
	pgc_decref(t);
	pgc_decref(n);
	assert_int_equal(pgc_gc_collect(2), 2);
}

static void null_items_are_rejected(void **state)
{
	pgc_object *items[] = {NULL};
	assert_null(pgc_tuple(1, items));
	assert_int_equal(pgc_error(), PGC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(the_empty_tuple_is_a_singleton, reset_runtime),
	    cmocka_unit_test_setup(tuples_hold_references_and_compare_by_value, reset_runtime),
	    cmocka_unit_test_setup(a_tuple_holding_a_list_is_unhashable, reset_runtime),
	    cmocka_unit_test_setup(a_cycle_through_a_tuple_is_collected, reset_runtime),
	    cmocka_unit_test_setup(null_items_are_rejected, reset_runtime),
	};
	return cmocka_run_group_tests_name("tuple", tests, NULL, NULL);
}
