/*
 * test_dict.c - the built-in dict (src/runtime/dict.c): set/get/del by
 * value equality, insertion-ordered iteration, growth with deletions,
 * errors, and a dict in a cycle.
 */
#include "testtypes.h"

static void keys_are_found_by_equality_not_identity(void **state)
{
	pgc_object *d = pgc_dict_new();
	pgc_object *k1 = pgc_str("a key"), *k2 = pgc_str("a key"), *v = pgc_int(5000);
	assert_false(pgc_is(k1, k2));
	assert_int_equal(pgc_dict_set(d, k1, v), 0);
	assert_ptr_equal(pgc_dict_get(d, k2), v);
	assert_int_equal(pgc_dict_size(d), 1);
	assert_int_equal(pgc_dict_set(d, k2, k1), 0); /* replaces the value */
	assert_int_equal(pgc_dict_size(d), 1);
	assert_ptr_equal(pgc_dict_get(d, k1), k1);
	assert_int_equal(pgc_dict_del(d, k2), 0);
	assert_null(pgc_dict_get(d, k1));
	assert_int_equal(pgc_error(), PGC_OK);
	assert_int_equal(pgc_dict_del(d, k1), -1);
	assert_int_equal(pgc_error(), PGC_EKEY);
	pgc_decref(d);
	assert_int_equal(pgc_getrefcount(k1), 2);
	assert_int_equal(pgc_getrefcount(v), 2);
	pgc_decref(k1);
	pgc_decref(k2);
	pgc_decref(v);
}

static void many_keys_with_deletions_iterate_in_insertion_order(void **state)
{
	pgc_object *d = pgc_dict_new();
	for (int i = 0; i < 5000; i++) {
		pgc_object *k = pgc_int(i), *v = pgc_int(i * 2);
		assert_int_equal(pgc_dict_set(d, k, v), 0);
		pgc_decref(k);
		pgc_decref(v);
	}
	for (int i = 0; i < 5000; i += 2) {
		pgc_object *k = pgc_int(i);
		assert_int_equal(pgc_dict_del(d, k), 0);
		pgc_decref(k);
	}
	assert_int_equal(pgc_dict_size(d), 2500);
	size_t pos = 0;
	pgc_object *k, *v;
	long long expect = 1;
	while (pgc_dict_next(d, &pos, &k, &v)) {
		assert_int_equal(pgc_int_value(k), expect);
		assert_int_equal(pgc_int_value(v), expect * 2);
		expect += 2;
	}
	assert_int_equal(expect, 5001);
	pgc_decref(d);
}

static void deleting_the_current_key_while_iterating_is_safe(void **state)
{
	pgc_object *d = pgc_dict_new();
	for (int i = 0; i < 50; i++) {
		pgc_object *k = pgc_int(i + 1000);
		pgc_dict_set(d, k, k);
		pgc_decref(k);
	}
	size_t pos = 0, seen = 0;
	pgc_object *k;
	while (pgc_dict_next(d, &pos, &k, NULL)) {
		pgc_dict_del(d, k);
		seen++;
	}
	assert_int_equal(seen, 50);
	assert_int_equal(pgc_dict_size(d), 0);
	pgc_decref(d);
}

static void unhashable_keys_are_errors(void **state)
{
	pgc_object *d = pgc_dict_new(), *l = pgc_list_new();
	assert_int_equal(pgc_dict_set(d, l, l), -1);
	assert_int_equal(pgc_error(), PGC_EUNHASHABLE);
	assert_null(pgc_dict_get(d, l));
	assert_int_equal(pgc_error(), PGC_EUNHASHABLE);
	assert_int_equal(pgc_dict_set(l, d, d), -1);
	assert_int_equal(pgc_error(), PGC_ETYPE);
	pgc_decref(d);
	pgc_decref(l);
}

static void a_dict_in_a_cycle_is_collected(void **state)
{
	pgc_object *d = pgc_dict_new(), *k = pgc_str("self");
	pgc_dict_set(d, k, d);
	pgc_decref(k);
	pgc_decref(d);
	assert_int_equal(pgc_gc_collect(2), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(keys_are_found_by_equality_not_identity, reset_runtime),
	    cmocka_unit_test_setup(many_keys_with_deletions_iterate_in_insertion_order,
				   reset_runtime),
	    cmocka_unit_test_setup(deleting_the_current_key_while_iterating_is_safe, reset_runtime),
	    cmocka_unit_test_setup(unhashable_keys_are_errors, reset_runtime),
	    cmocka_unit_test_setup(a_dict_in_a_cycle_is_collected, reset_runtime),
	};
	return cmocka_run_group_tests_name("dict", tests, NULL, NULL);
}
