/*
 * test_list.c - the built-in list (src/runtime/list.c): append, get, set,
 * pop, clear, growth, errors, and a list that contains itself.
 */
#include "testtypes.h"

static void append_get_set_pop_and_clear(void **state)
{
	pgc_object *l = pgc_list_new();
	for (int i = 0; i < 100; i++) {
		pgc_object *v = pgc_int(i * 1000);
		assert_int_equal(pgc_list_append(l, v), 0);
		pgc_decref(v);
	}
	assert_int_equal(pgc_list_size(l), 100);
	assert_int_equal(pgc_int_value(pgc_list_get(l, 42)), 42000);
	pgc_object *s = pgc_str("s");
	assert_int_equal(pgc_list_set(l, 0, s), 0);
	assert_ptr_equal(pgc_list_get(l, 0), s);
	pgc_object *p = pgc_list_pop(l, 0);
	assert_ptr_equal(p, s);
	pgc_decref(p);
	assert_int_equal(pgc_list_size(l), 99);
	assert_int_equal(pgc_int_value(pgc_list_get(l, 0)), 1000);
	assert_int_equal(pgc_list_clear(l), 0);
	assert_int_equal(pgc_list_size(l), 0);
	assert_int_equal(pgc_getrefcount(s), 2);
	pgc_decref(s);
	pgc_decref(l);
}

static void out_of_range_and_wrong_types_are_errors(void **state)
{
	pgc_object *l = pgc_list_new(), *i = pgc_int(3);
	assert_null(pgc_list_get(l, 0));
	assert_int_equal(pgc_error(), PGC_EINDEX);
	assert_int_equal(pgc_list_set(l, 5, i), -1);
	assert_null(pgc_list_pop(l, 0));
	assert_int_equal(pgc_list_append(i, l), -1);
	assert_int_equal(pgc_error(), PGC_ETYPE);
	assert_int_equal(pgc_list_append(l, NULL), -1);
	assert_int_equal(pgc_error(), PGC_EINVAL);
	pgc_decref(i);
	pgc_decref(l);
}

static void a_list_containing_itself_is_collected(void **state)
{
	pgc_object *l = pgc_list_new();
	pgc_list_append(l, l);
	pgc_list_append(l, l);
	pgc_decref(l);
	assert_int_equal(pgc_gc_collect(2), 1);
}

static void lists_compare_by_value_and_are_unhashable(void **state)
{
	pgc_object *a = pgc_list_new(), *b = pgc_list_new(), *v = pgc_str("v");
	pgc_list_append(a, v);
	pgc_list_append(b, v);
	assert_int_equal(pgc_eq(a, b), 1);
	uint64_t h;
	assert_int_equal(pgc_hash(a, &h), -1);
	assert_int_equal(pgc_error(), PGC_EUNHASHABLE);
	pgc_decref(a);
	pgc_decref(b);
	pgc_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(append_get_set_pop_and_clear, reset_runtime),
	    cmocka_unit_test_setup(out_of_range_and_wrong_types_are_errors, reset_runtime),
	    cmocka_unit_test_setup(a_list_containing_itself_is_collected, reset_runtime),
	    cmocka_unit_test_setup(lists_compare_by_value_and_are_unhashable, reset_runtime),
	};
	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
