/*
 * test_object.c - the object model (src/runtime/object.c): reference
 * counts, getrefcount's convention, the teardown order, identity, equality,
 * hashing, type validation and variable-size objects.
 */
#include <string.h>

#include "testtypes.h"

#include "runtime/internal.h"

static char order_log[16];

static void log_step(char c)
{
	size_t n = strlen(order_log);
	if (n < sizeof(order_log) - 1)
		order_log[n] = c;
}

static void ord_finalize(pgc_object *o) { log_step('F'); }

static void ord_clear(pgc_object *o)
{
	log_step('C');
	tnode_clear(o);
}

static pgc_type ord_type = {
    .name = "ord",
    .size = sizeof(struct tnode),
    .flags = PGC_TF_GC | PGC_TF_WEAKREFABLE,
    .traverse = tnode_traverse,
    .clear = ord_clear,
    .finalize = ord_finalize,
};

static void ord_wr_callback(pgc_object *wr) { log_step('W'); }

static void teardown_runs_finalizer_then_weakrefs_then_clear_then_free(void **state)
{
	memset(order_log, 0, sizeof(order_log));
	pgc_object *o = pgc_new(&ord_type);
	pgc_object *wr = pgc_weakref_new(o, ord_wr_callback);
	uint64_t live = pgc__counters()->live_objects;
	pgc_decref(o);
	assert_string_equal(order_log, "FWC");
	assert_int_equal(pgc__counters()->live_objects, live - 1);
	pgc_decref(wr);
}

static void getrefcount_counts_one_more_like_python(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1);
	assert_int_equal(pgc_getrefcount(o), 2); /* sys.getrefcount(object()) == 1 + 1 */
	pgc_incref(o);
	assert_int_equal(pgc_getrefcount(o), 3);
	pgc_object *l = pgc_list_new();
	pgc_list_append(l, o);
	assert_int_equal(pgc_getrefcount(o), 4);
	pgc_decref(l);
	assert_int_equal(pgc_getrefcount(o), 3);
	pgc_decref(o);
	pgc_decref(o);
}

static void incref_and_decref_accept_null(void **state)
{
	pgc_incref(NULL);
	pgc_decref(NULL);
}

static void identity_equality_and_id(void **state)
{
	pgc_object *a = tnew(&tnode_type, 1), *b = tnew(&tnode_type, 1);
	assert_true(pgc_is(a, a));
	assert_false(pgc_is(a, b));
	assert_int_equal(pgc_eq(a, a), 1);
	assert_int_equal(pgc_eq(a, b), 0); /* no eq slot: identity */
	assert_true(pgc_id(a) != pgc_id(b));
	assert_int_equal(pgc_id(a), (uintptr_t)a);
	uint64_t h1, h2;
	assert_int_equal(pgc_hash(a, &h1), 0);
	assert_int_equal(pgc_hash(a, &h2), 0);
	assert_true(h1 == h2);
	pgc_object *i = pgc_int(1000), *s = pgc_str("1000");
	assert_int_equal(pgc_eq(i, s), 0); /* different types */
	pgc_decref(i);
	pgc_decref(s);
	pgc_decref(a);
	pgc_decref(b);
}

static int eq_only(pgc_object *a, pgc_object *b) { return 1; }

static pgc_type eqonly_type = {.name = "eqonly", .size = sizeof(pgc_object), .eq = eq_only};

static void a_type_with_eq_but_no_hash_is_unhashable(void **state)
{
	pgc_object *a = pgc_new(&eqonly_type);
	uint64_t h;
	assert_int_equal(pgc_hash(a, &h), -1);
	assert_int_equal(pgc_error(), PGC_EUNHASHABLE);
	pgc_object *d = pgc_dict_new();
	assert_int_equal(pgc_dict_set(d, a, a), -1);
	pgc_decref(d);
	pgc_decref(a);
}

static pgc_type tiny_type = {.name = "tiny", .size = 4};
static pgc_type gc_without_traverse = {
    .name = "bad", .size = sizeof(struct tnode), .flags = PGC_TF_GC};

static void malformed_types_are_rejected(void **state)
{
	assert_null(pgc_new(&tiny_type));
	assert_int_equal(pgc_error(), PGC_EINVAL);
	pgc_clear_error();
	assert_null(pgc_new(&gc_without_traverse));
	assert_int_equal(pgc_error(), PGC_EINVAL);
	assert_null(pgc_new(NULL));
	assert_string_equal(pgc_strerror(PGC_EREFERENCE),
			    "weakly-referenced object no longer exists");
}

static void variable_size_objects_are_zeroed_and_freed(void **state)
{
	uint64_t bytes = pgc__counters()->live_bytes;
	pgc_object *o = pgc_new_var(&tnode_type, 1000);
	assert_non_null(o);
	unsigned char *extra = (unsigned char *)o + sizeof(struct tnode);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(extra[i], 0);
	memset(extra, 0xab, 1000);
	assert_true(pgc__counters()->live_bytes >= bytes + 1000 + sizeof(struct tnode));
	assert_ptr_equal(pgc_type_of(o), &tnode_type);
	pgc_decref(o);
	assert_int_equal(pgc__counters()->live_bytes, bytes);
}

static void new_objects_start_with_one_reference_and_zeroed_fields(void **state)
{
	pgc_object *o = pgc_new(&tnode_type);
	assert_int_equal(pgc_getrefcount(o), 2);
	for (int i = 0; i < NREF; i++)
		assert_null(TN(o)->ref[i]);
	assert_int_equal(TN(o)->id, 0);
	assert_true(sizeof(pgc_object) <= 24);
	pgc_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(teardown_runs_finalizer_then_weakrefs_then_clear_then_free,
				   reset_runtime),
	    cmocka_unit_test_setup(getrefcount_counts_one_more_like_python, reset_runtime),
	    cmocka_unit_test_setup(incref_and_decref_accept_null, reset_runtime),
	    cmocka_unit_test_setup(identity_equality_and_id, reset_runtime),
	    cmocka_unit_test_setup(a_type_with_eq_but_no_hash_is_unhashable, reset_runtime),
	    cmocka_unit_test_setup(malformed_types_are_rejected, reset_runtime),
	    cmocka_unit_test_setup(variable_size_objects_are_zeroed_and_freed, reset_runtime),
	    cmocka_unit_test_setup(new_objects_start_with_one_reference_and_zeroed_fields,
				   reset_runtime),
	};
	return cmocka_run_group_tests_name("object", tests, NULL, NULL);
}
