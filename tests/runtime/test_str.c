/*
 * test_str.c - the built-in str and interning (src/runtime/str.c):
 * identifier-like strings are interned on creation, pgc_intern gives the
 * canonical object, the table does not keep strings alive.
 */
#include <string.h>

#include "testtypes.h"

static void identifier_like_strings_are_interned_on_creation(void **state)
{
	pgc_object *a = pgc_str("hello_world_42"), *b = pgc_str("hello_world_42");
	assert_true(pgc_is(a, b));
	assert_true(pgc_is_interned(a));
	assert_int_equal(pgc_getrefcount(a), 3); /* two owners + the argument */
	pgc_decref(a);
	pgc_decref(b);
}

static void other_strings_are_distinct_until_interned(void **state)
{
	pgc_object *a = pgc_str("hello world"), *b = pgc_str("hello world");
	assert_false(pgc_is(a, b));
	assert_int_equal(pgc_eq(a, b), 1);
	assert_false(pgc_is_interned(a));
	pgc_object *ia = pgc_intern(a);
	pgc_object *ib = pgc_intern(b);
	assert_true(pgc_is(ia, a)); /* a became the canonical one */
	assert_true(pgc_is(ib, a));
	assert_true(pgc_is_interned(a));
	assert_false(pgc_is_interned(b));
	pgc_decref(ia);
	pgc_decref(ib);
	pgc_decref(a);
	pgc_decref(b);
}

static void the_intern_table_does_not_keep_strings_alive(void **state)
{
	pgc_object *a = pgc_str("transient_name");
	uintptr_t id = pgc_id(a);
	assert_int_equal(pgc_getrefcount(a), 2);
	pgc_decref(a);
	/* A new string of the same value is a new canonical object; the old
	 * entry was removed when the first one died. */
	pgc_object *b = pgc_str("transient_name");
	assert_true(pgc_is_interned(b));
	assert_int_equal(pgc_getrefcount(b), 2);
	(void)id;
	pgc_decref(b);
}

static void strings_keep_bytes_length_and_a_stable_hash(void **state)
{
	pgc_object *a = pgc_str_n("a\0b", 3), *b = pgc_str_n("a\0b", 3), *c = pgc_str_n("a\0c", 3);
	assert_int_equal(pgc_str_len(a), 3);
	assert_memory_equal(pgc_str_data(a), "a\0b", 4);
	uint64_t ha, hb;
	pgc_hash(a, &ha);
	pgc_hash(b, &hb);
	assert_true(ha == hb);
	assert_int_equal(pgc_eq(a, b), 1);
	assert_int_equal(pgc_eq(a, c), 0);
	pgc_object *e1 = pgc_str(""), *e2 = pgc_str("");
	assert_int_equal(pgc_str_len(e1), 0);
	assert_int_equal(pgc_eq(e1, e2), 1);
	pgc_decref(e1);
	pgc_decref(e2);
	pgc_decref(a);
	pgc_decref(b);
	pgc_decref(c);
}

static void many_interned_strings_grow_the_table(void **state)
{
	pgc_object *v[2000];
	char buf[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(buf, sizeof(buf), "name_%d", i);
		v[i] = pgc_str(buf);
	}
	for (int i = 0; i < 2000; i += 7) {
		snprintf(buf, sizeof(buf), "name_%d", i);
		pgc_object *again = pgc_str(buf);
		assert_true(pgc_is(again, v[i]));
		pgc_decref(again);
	}
	for (int i = 0; i < 2000; i++)
		pgc_decref(v[i]);
}

static void str_functions_reject_other_types(void **state)
{
	pgc_object *i = pgc_int(1);
	assert_null(pgc_str_data(i));
	assert_int_equal(pgc_error(), PGC_ETYPE);
	assert_null(pgc_intern(i));
	pgc_decref(i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(identifier_like_strings_are_interned_on_creation, reset_runtime),
	    cmocka_unit_test_setup(other_strings_are_distinct_until_interned, reset_runtime),
	    cmocka_unit_test_setup(the_intern_table_does_not_keep_strings_alive, reset_runtime),
	    cmocka_unit_test_setup(strings_keep_bytes_length_and_a_stable_hash, reset_runtime),
	    cmocka_unit_test_setup(many_interned_strings_grow_the_table, reset_runtime),
	    cmocka_unit_test_setup(str_functions_reject_other_types, reset_runtime),
	};
	return cmocka_run_group_tests_name("str", tests, NULL, NULL);
}
