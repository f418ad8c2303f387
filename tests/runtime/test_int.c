/*
 * test_int.c - the built-in int (src/runtime/int.c): the small-int cache
 * (-5..256 are singletons), values, equality and hashing, type errors.
 */
#include "testtypes.h"

static void small_ints_are_the_same_object(void **state)
{
	for (long long v = -5; v <= 256; v++) {
		pgc_object *a = pgc_int(v), *b = pgc_int(v);
		assert_true(pgc_is(a, b));
		assert_int_equal(pgc_int_value(a), v);
		pgc_decref(a);
		pgc_decref(b);
	}
}

static void ints_outside_the_cache_are_distinct_but_equal(void **state)
{
	long long vals[] = {-6, 257, 1LL << 40, -(1LL << 62)};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		pgc_object *a = pgc_int(vals[i]), *b = pgc_int(vals[i]);
		assert_false(pgc_is(a, b));
		assert_int_equal(pgc_eq(a, b), 1);
		uint64_t ha, hb;
		assert_int_equal(pgc_hash(a, &ha), 0);
		assert_int_equal(pgc_hash(b, &hb), 0);
		assert_true(ha == hb);
		assert_int_equal(pgc_int_value(b), vals[i]);
		pgc_decref(a);
		pgc_decref(b);
	}
}

static void the_cache_holds_a_reference_to_each_small_int(void **state)
{
	pgc_object *a = pgc_int(7);
	size_t before = pgc_getrefcount(a);
	pgc_object *b = pgc_int(7);
	assert_int_equal(pgc_getrefcount(a), before + 1);
	pgc_decref(b);
	assert_int_equal(pgc_getrefcount(a), before);
	assert_true(before >= 3); /* cache + ours + Python's argument convention */
	pgc_decref(a);
}

static void int_value_of_a_non_int_is_a_type_error(void **state)
{
	pgc_object *s = pgc_str("x");
	assert_int_equal(pgc_int_value(s), 0);
	assert_int_equal(pgc_error(), PGC_ETYPE);
	assert_false(pgc_int_check(s));
	pgc_decref(s);
}

static void ints_do_not_allow_weak_references(void **state)
{
	pgc_object *i = pgc_int(5000);
	assert_null(pgc_weakref_new(i, NULL));
	assert_int_equal(pgc_error(), PGC_EWEAKREF);
	pgc_decref(i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(small_ints_are_the_same_object, reset_runtime),
	    cmocka_unit_test_setup(ints_outside_the_cache_are_distinct_but_equal, reset_runtime),
	    cmocka_unit_test_setup(the_cache_holds_a_reference_to_each_small_int, reset_runtime),
	    cmocka_unit_test_setup(int_value_of_a_non_int_is_a_type_error, reset_runtime),
	    cmocka_unit_test_setup(ints_do_not_allow_weak_references, reset_runtime),
	};
	return cmocka_run_group_tests_name("int", tests, NULL, NULL);
}
